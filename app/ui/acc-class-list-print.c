/* acc-class-list-print.c: printing the class lists from the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "acc-class-list.h"
#include "acc-class-list-print.h"
#include "acc-ui-util.h"

/* What a print operation needs between its signals. The pages are counted in begin-print,
 * once the page size is known: one per group unless a group's pupils do not fit. */
typedef struct
{
  AccStore  *store;
  GStrv      group_ids;
  GArray    *page_group;   /* guint: the index in group_ids of each page. */
  GArray    *page_part;    /* guint: the page of that group's list. */
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->store);
  g_strfreev (job->group_ids);
  g_clear_pointer (&job->page_group, g_array_unref);
  g_clear_pointer (&job->page_part, g_array_unref);
  g_free (job);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);

  g_array_set_size (job->page_group, 0);
  g_array_set_size (job->page_part, 0);

  for (guint i = 0; job->group_ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      guint n_parts = acc_class_list_count_pages (job->store, job->group_ids[i], width, height,
                                                  &error);

      /* A group removed since the print dialog opened still gets its page, which says so. */
      n_parts = MAX (n_parts, 1);
      for (guint part = 0; part < n_parts; part++)
        {
          g_array_append_val (job->page_group, i);
          g_array_append_val (job->page_part, part);
        }
    }

  gtk_print_operation_set_n_pages (operation, MAX (job->page_group->len, 1));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  guint group, part;

  if (page_nr < 0 || (guint) page_nr >= job->page_group->len)
    return;

  group = g_array_index (job->page_group, guint, page_nr);
  part = g_array_index (job->page_part, guint, page_nr);
  acc_class_list_render_part (job->store, job->group_ids[group], part,
                              gtk_print_context_get_cairo_context (context),
                              gtk_print_context_get_width (context),
                              gtk_print_context_get_height (context));
}

/**
 * acc_class_list_print:
 * @parent: (nullable): the window the print dialog belongs to
 * @group_ids: the groups whose class lists to print, in order
 *
 * Opens the print dialog for the class lists of @group_ids: one page per group, as
 * `accueil-cli export --format pdf` writes them. Errors are shown in a dialog.
 */
void
acc_class_list_print (GtkWindow          *parent,
                      AccStore           *store,
                      const char * const *group_ids)
{
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GError) error = NULL;
  GtkPrintOperation *operation;
  PrintJob *job;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (ACC_IS_STORE (store));
  g_return_if_fail (group_ids != NULL);

  if (group_ids[0] == NULL)
    return;

  /* A wrong group is said before the print dialog opens, not on paper. */
  for (guint i = 0; group_ids[i] != NULL; i++)
    if (acc_class_list_count_pages (store, group_ids[i], ACC_CLASS_LIST_PAGE_WIDTH,
                                    ACC_CLASS_LIST_PAGE_HEIGHT, &error) == 0)
      {
        acc_show_error_dialog (parent, _("The Class Lists Could Not Be Printed"), error);
        return;
      }

  job = g_new0 (PrintJob, 1);
  job->store = g_object_ref (store);
  job->group_ids = g_strdupv ((char **) group_ids);
  job->page_group = g_array_new (FALSE, FALSE, sizeof (guint));
  job->page_part = g_array_new (FALSE, FALSE, sizeof (guint));

  operation = gtk_print_operation_new ();
  gtk_page_setup_set_paper_size_and_default_margins (page_setup, a4);
  gtk_print_operation_set_default_page_setup (operation, page_setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (operation, g_strv_length ((char **) group_ids));
  /* Translators: the name of the print job. */
  gtk_print_operation_set_job_name (operation, _("Class lists"));
  g_object_set_data_full (G_OBJECT (operation), "acc-print-job", job,
                          (GDestroyNotify) print_job_free);

  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);

  acc_print_operation_run (operation, parent, _("The Class Lists Could Not Be Printed"));
}
