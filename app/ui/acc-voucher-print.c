/* acc-voucher-print.c: printing a booking's voucher from the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "acc-ui-util.h"
#include "acc-voucher.h"
#include "acc-voucher-print.h"

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              AccVoucher        *voucher)
{
  acc_voucher_draw (voucher, gtk_print_context_get_cairo_context (context),
                    gtk_print_context_get_width (context),
                    gtk_print_context_get_height (context));
}

/**
 * acc_voucher_print:
 * @parent: (nullable): the window the print dialog belongs to
 * @booking_id: the booking whose voucher to print
 *
 * Opens the print dialog for the voucher of @booking_id, the page `accueil-cli voucher`
 * writes, on A5 by default. Errors are shown in a dialog.
 */
void
acc_voucher_print (GtkWindow  *parent,
                   AccStore   *store,
                   const char *booking_id)
{
  g_autoptr(GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a5 = gtk_paper_size_new (GTK_PAPER_NAME_A5);
  g_autoptr(GError) error = NULL;
  g_autofree char *job_name = NULL;
  GtkPrintOperation *operation;
  AccVoucher *voucher;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (ACC_IS_STORE (store));
  g_return_if_fail (booking_id != NULL);

  /* A booking that cannot be read is said before the print dialog opens, not on paper. */
  voucher = acc_voucher_load (store, booking_id, &error);
  if (voucher == NULL)
    {
      acc_show_error_dialog (parent, _("The Voucher Could Not Be Printed"), error);
      return;
    }

  operation = gtk_print_operation_new ();
  gtk_page_setup_set_paper_size_and_default_margins (page_setup, a5);
  gtk_print_operation_set_default_page_setup (operation, page_setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (operation, 1);
  /* Translators: the name of the print job: %s is the booking's code. */
  job_name = g_strdup_printf (_("Voucher %s"), acc_voucher_get_reference (voucher));
  gtk_print_operation_set_job_name (operation, job_name);
  g_object_set_data_full (G_OBJECT (operation), "acc-voucher", voucher,
                          (GDestroyNotify) acc_voucher_free);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), voucher);

  acc_print_operation_run (operation, parent, _("The Voucher Could Not Be Printed"));
}
