/* acc-tally-page.c: pupils and instructors per session and level, for the supervisor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "acc-tally-page.h"
#include "acc-ui-util.h"

struct _AccTallyPage
{
  AccStorePage     parent_instance;


  GPtrArray *rows;         /* AccTallyRow, as the store gives them. */

  /* Template widgets */
  GtkStack  *stack;
  GtkLabel  *error_label;
  GtkBox    *sessions_box;
};

G_DEFINE_FINAL_TYPE (AccTallyPage, acc_tally_page, ACC_TYPE_STORE_PAGE)

enum {
  COLUMN_LEVEL,
  COLUMN_EXPECTED,
  COLUMN_CHECKED_IN,
  COLUMN_GROUPS,
  COLUMN_INSTRUCTORS,
  COLUMN_RATIO,
  COLUMN_STATE,
  N_COLUMNS
};

static void
show_error (AccTallyPage *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static GtkWidget *
add_cell (GtkGrid    *grid,
          int         column,
          int         row,
          const char *text,
          gboolean    numeric)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), !numeric);
  gtk_widget_set_size_request (label, -1, 48);
  gtk_widget_add_css_class (label, "acc-tally-cell");
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_hexpand (label, column == COLUMN_LEVEL || column == COLUMN_STATE);
  gtk_grid_attach (grid, label, column, row, 1, 1);

  return label;
}

static GtkGrid *
create_grid (void)
{
  static const char *headings[N_COLUMNS] = {
    N_("Level"),
    N_("Expected"),
    N_("Checked In"),
    N_("Groups"),
    N_("Instructors Present"),
    N_("Pupils per Instructor"),
    N_("Instructors"),
  };
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());

  gtk_grid_set_column_spacing (grid, 18);
  gtk_widget_add_css_class (GTK_WIDGET (grid), "acc-tally");
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pupils and instructors per level"),
                                  -1);

  for (int i = 0; i < N_COLUMNS; i++)
    {
      GtkWidget *label = add_cell (grid, i, 0, _(headings[i]),
                                   i != COLUMN_LEVEL && i != COLUMN_STATE);

      gtk_widget_add_css_class (label, "heading");
    }

  return grid;
}

static void
add_session_heading (AccTallyPage      *self,
                     const AccTallyRow *row)
{
  g_autofree char *time = acc_format_time (row->starts_at);
  g_autofree char *text = NULL;
  GtkWidget *label;

  if (time != NULL)
    /* Translators: a session in the tally: its start time, then its title: “09:00 – Piou-Piou”. */
    text = g_strdup_printf (C_("session", "%1$s – %2$s"), time,
                            row->session_title ? row->session_title : "");
  else
    text = g_strdup (row->session_title ? row->session_title : "");

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-2");
  gtk_box_append (self->sessions_box, label);
}

static void
add_row (GtkGrid           *grid,
         int                line,
         const AccTallyRow *row)
{
  char number[32];
  g_autofree char *ratio = NULL;
  g_autofree char *state = NULL;
  const char *state_class;
  guint missing = row->groups > row->instructors_present
                  ? row->groups - row->instructors_present : 0;
  GtkWidget *cells[N_COLUMNS];

  cells[COLUMN_LEVEL] = add_cell (grid, COLUMN_LEVEL, line,
                                  row->level_label ? row->level_label : _("Level unknown"), FALSE);
  g_snprintf (number, sizeof number, "%u", row->expected);
  cells[COLUMN_EXPECTED] = add_cell (grid, COLUMN_EXPECTED, line, number, TRUE);
  g_snprintf (number, sizeof number, "%u", row->checked_in);
  cells[COLUMN_CHECKED_IN] = add_cell (grid, COLUMN_CHECKED_IN, line, number, TRUE);
  g_snprintf (number, sizeof number, "%u", row->groups);
  cells[COLUMN_GROUPS] = add_cell (grid, COLUMN_GROUPS, line, number, TRUE);
  g_snprintf (number, sizeof number, "%u", row->instructors_present);
  cells[COLUMN_INSTRUCTORS] = add_cell (grid, COLUMN_INSTRUCTORS, line, number, TRUE);

  if (row->instructors_present > 0)
    ratio = g_strdup_printf ("%.1f", (double) row->checked_in / row->instructors_present);
  else
    /* Translators: pupils per instructor when no instructor is present. */
    ratio = g_strdup (C_("ratio", "—"));
  cells[COLUMN_RATIO] = add_cell (grid, COLUMN_RATIO, line, ratio, TRUE);

  if (missing == 0)
    {
      state = g_strdup (row->groups > 0 ? _("Complete") : _("No group"));
      state_class = row->groups > 0 ? "acc-tally-ok" : "acc-tally-short";
    }
  else
    {
      /* Translators: groups of a level without an instructor present: “1 instructor missing”. */
      state = g_strdup_printf (ngettext ("%u instructor missing", "%u instructors missing",
                                         missing),
                               missing);
      /* Red when no group of the level has its instructor, amber when some do. */
      state_class = row->instructors_present == 0 ? "acc-tally-none" : "acc-tally-short";
    }
  cells[COLUMN_STATE] = add_cell (grid, COLUMN_STATE, line, state, FALSE);
  gtk_widget_add_css_class (cells[COLUMN_STATE], "acc-tally-state");

  for (int i = 0; i < N_COLUMNS; i++)
    gtk_widget_add_css_class (cells[i], state_class);
}

static void
reload (AccTallyPage *self)
{
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = acc_store_tally (store, &error);
  const char *session_id = NULL;
  GtkGrid *grid = NULL;
  GtkWidget *child;
  int line = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sessions_box))) != NULL)
    gtk_box_remove (self->sessions_box, child);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  if (rows == NULL)
    {
      self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_tally_row_free);
      show_error (self, error->message);
      gtk_stack_set_visible_child_name (self->stack, "tally");
      return;
    }

  self->rows = rows;
  show_error (self, NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      const AccTallyRow *row = g_ptr_array_index (rows, i);

      if (grid == NULL || g_strcmp0 (row->session_id, session_id) != 0)
        {
          add_session_heading (self, row);
          grid = create_grid ();
          gtk_box_append (self->sessions_box, GTK_WIDGET (grid));
          session_id = row->session_id;
          line = 1;
        }

      add_row (grid, line++, row);
    }

  gtk_stack_set_visible_child_name (self->stack, rows->len > 0 ? "tally" : "empty");
}

static void
acc_tally_page_finalize (GObject *object)
{
  AccTallyPage *self = ACC_TALLY_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (acc_tally_page_parent_class)->finalize (object);
}

static void
acc_tally_page_class_init (AccTallyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = acc_tally_page_finalize;
  ACC_STORE_PAGE_CLASS (klass)->reload = (void (*) (AccStorePage *)) reload;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-tally-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AccTallyPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AccTallyPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, AccTallyPage, sessions_box);
}

static void
acc_tally_page_init (AccTallyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * acc_tally_page_new:
 * @store: the day's store
 *
 * Returns: (transfer floating): the supervisor's tally of the day
 */
GtkWidget *
acc_tally_page_new (AccStore *store)
{
  g_return_val_if_fail (ACC_IS_STORE (store), NULL);

  return g_object_new (ACC_TYPE_TALLY_PAGE, "store", store, NULL);
}

/**
 * acc_tally_page_get_rows:
 *
 * Returns: (transfer none) (element-type AccTallyRow): the rows the page shows
 */
GPtrArray *
acc_tally_page_get_rows (AccTallyPage *self)
{
  g_return_val_if_fail (ACC_IS_TALLY_PAGE (self), NULL);

  return self->rows;
}
