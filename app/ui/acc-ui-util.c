/* acc-ui-util.c: how the desk writes times, names and states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <stdio.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "acc-ui-util.h"

/* The style classes of a check-in state (ui/style.css). */
static const char * const state_classes[] = {
  "acc-state-done", "acc-state-todo", "acc-state-cancelled", "acc-state-conflict"
};

gboolean
acc_is_empty (const char *text)
{
  return text == NULL || text[0] == '\0';
}

/**
 * acc_format_time:
 * @rfc3339: (nullable): a time with the school's offset, as the planning gives it
 *
 * Returns: (transfer full) (nullable): "09:00" as the school's clock shows it: the text
 *   carries the school's offset.
 */
char *
acc_format_time (const char *rfc3339)
{
  g_autoptr(GDateTime) time = NULL;

  if (rfc3339 == NULL)
    return NULL;

  time = g_date_time_new_from_iso8601 (rfc3339, NULL);
  if (time == NULL)
    return NULL;

  return g_date_time_format (time, "%H:%M");
}

/* Noon in UTC of @day, "YYYY-MM-DD": no time zone can move a civil day given without a
 * time. NULL when it is not such a day. */
static GDateTime *
civil_day_new (const char *day)
{
  int year, month, mday;
  int end = 0;

  if (sscanf (day, "%4d-%2d-%2d%n", &year, &month, &mday, &end) != 3
      || end != 10 || day[end] != '\0')
    return NULL;

  return g_date_time_new_utc (year, month, mday, 12, 0, 0);
}

/**
 * acc_format_day:
 * @day: (nullable): a civil day, "YYYY-MM-DD"
 * @with_year: whether to say the year
 *
 * Returns: (transfer full) (nullable): the day in the user's language, “Thursday 31 December
 *   2026”, or @day unchanged when it is not such a day
 */
char *
acc_format_day (const char *day,
                gboolean    with_year)
{
  g_autoptr(GDateTime) date = day ? civil_day_new (day) : NULL;

  if (date == NULL)
    return g_strdup (day);

  if (with_year)
    /* Translators: a day, for example “Saturday 26 December 2026”. The codes are those of
     * g_date_time_format(): %A is the day of the week, %-d the day of the month, %B the
     * month, %Y the year. */
    return g_date_time_format (date, _("%A %-d %B %Y"));

  /* Translators: a day of this season, for example “Saturday 26 December”. The codes are
   * those of g_date_time_format(): %A is the day of the week, %-d the day of the month, %B
   * the month. */
  return g_date_time_format (date, _("%A %-d %B"));
}

/**
 * acc_format_day_short:
 * @day: (nullable): a civil day, "YYYY-MM-DD"
 *
 * Returns: (transfer full) (nullable): the day in the user's language, in the fewest letters
 *   that still say it, “Thu 31 Dec”, for a narrow header; or @day unchanged when it is not
 *   such a day
 */
char *
acc_format_day_short (const char *day)
{
  g_autoptr(GDateTime) date = day ? civil_day_new (day) : NULL;

  if (date == NULL)
    return g_strdup (day);

  /* Translators: a day in short, for example “Sat 26 Dec”. The codes are those of
   * g_date_time_format(): %a is the day of the week abbreviated, %-d the day of the month,
   * %b the month abbreviated. */
  return g_date_time_format (date, _("%a %-d %b"));
}

/**
 * acc_format_full_name:
 *
 * Returns: (transfer full): the participant's name as the desk shows it.
 */
char *
acc_format_full_name (const AccEnrollmentRow *row)
{
  g_return_val_if_fail (row != NULL, NULL);

  /* A placeholder's first name already says whose it is: "[Lefèvre – 3]". */
  if (row->placeholder || acc_is_empty (row->last_name))
    return g_strdup (row->first_name ? row->first_name : "");

  /* Translators: a participant's full name: %1$s is the first name, %2$s the last name. */
  return g_strdup_printf (C_("full name", "%1$s %2$s"), row->first_name ? row->first_name : "",
                          row->last_name);
}

static gboolean
is_money_space (gunichar c)
{
  /* Grouping as French (narrow no-break space), German and Swiss (apostrophe) write it. */
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F || c == '\'' || c == 0x2019;
}

/**
 * acc_parse_money:
 * @text: an amount as a person types it: “45”, “45,50”, “45.50”, “1 200”, “€45”
 * @cents: (out): the amount in hundredths
 *
 * Either a comma or a point separates the cents, as the desk's staff write in any of the
 * school's languages; it must then be followed by one or two digits, so that “1.200”, which
 * means 1200 to some and 1.2 to others, is refused rather than guessed. An empty text is 0.
 *
 * Returns: whether @text is an amount, not negative and below ten million
 */
gboolean
acc_parse_money (const char *text,
                 gint64     *cents)
{
  gint64 units = 0;
  gint64 hundredths = 0;
  guint n_digits = 0;
  int decimals = -1;     /* Digits after the separator, -1 before it. */

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (cents != NULL, FALSE);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_money_space (c) || c == 0x20AC || c == 0x00A3 || c == '$')
        {
          /* Spaces and a currency symbol around the number or between its thousands. */
          if (decimals > 0)
            return FALSE;
          continue;
        }

      if (c == ',' || c == '.')
        {
          if (decimals >= 0 || n_digits == 0)
            return FALSE;
          decimals = 0;
          continue;
        }

      if (c < '0' || c > '9')
        return FALSE;

      if (decimals >= 0)
        {
          if (++decimals > 2)
            return FALSE;
          hundredths = hundredths * 10 + (c - '0');
        }
      else
        {
          units = units * 10 + (c - '0');
          if (units >= 10000000)
            return FALSE;
        }
      n_digits++;
    }

  if (decimals == 0)
    return FALSE;
  if (decimals == 1)
    hundredths *= 10;

  *cents = units * 100 + hundredths;
  return TRUE;
}

/**
 * acc_format_places_left:
 *
 * Returns: (transfer full): how many more pupils @group takes, or that it is full or over
 *   its capacity, in words
 */
char *
acc_format_places_left (const AccGroupRow *group)
{
  int left;

  g_return_val_if_fail (group != NULL, NULL);

  left = group->capacity - group->count;
  if (left > 0)
    /* Translators: how many more pupils a group can take. */
    return g_strdup_printf (ngettext ("%d place left", "%d places left", left), left);
  if (left == 0)
    /* Translators: a group that has no place left. */
    return g_strdup (C_("group", "Full"));

  /* Translators: a group that holds more pupils than its capacity. */
  return g_strdup_printf (ngettext ("%d over capacity", "%d over capacity", -left), -left);
}

/**
 * acc_split_names:
 * @text: names as the desk typed them
 *
 * Returns: (transfer full): the names: commas, semicolons and new lines separate them
 */
GStrv
acc_split_names (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit_set (text, ",;\n", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);

      if (name[0] != '\0')
        g_strv_builder_add (builder, name);
    }

  return g_strv_builder_end (builder);
}

/**
 * acc_editable_dup_text:
 *
 * Returns: (transfer full): what @editable holds, without the spaces around it
 */
char *
acc_editable_dup_text (GtkEditable *editable)
{
  g_return_val_if_fail (GTK_IS_EDITABLE (editable), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

/**
 * acc_editable_dup_text_or_null:
 *
 * Returns: (transfer full) (nullable): what @editable holds, without the spaces around it,
 *   or %NULL when that is nothing
 */
char *
acc_editable_dup_text_or_null (GtkEditable *editable)
{
  char *text = acc_editable_dup_text (editable);

  if (text != NULL && text[0] == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

void
acc_level_choice_free (AccLevelChoice *level)
{
  g_free (level->id);
  g_free (level->label);
  g_free (level->discipline);
  g_free (level);
}

/**
 * acc_level_choices_add:
 * @levels: (element-type AccLevelChoice): the levels to choose from
 * @discipline: (nullable): the discipline of its lessons
 *
 * Adds the level @id to @levels, unless it is there already.
 */
void
acc_level_choices_add (GPtrArray  *levels,
                       const char *id,
                       const char *label,
                       const char *discipline,
                       int         order)
{
  AccLevelChoice *level;

  g_return_if_fail (levels != NULL);
  g_return_if_fail (id != NULL);

  for (guint i = 0; i < levels->len; i++)
    if (g_str_equal (((AccLevelChoice *) g_ptr_array_index (levels, i))->id, id))
      return;

  level = g_new0 (AccLevelChoice, 1);
  level->id = g_strdup (id);
  level->label = g_strdup (label != NULL ? label : _("Unnamed level"));
  level->discipline = g_strdup (discipline);
  level->order = order;
  g_ptr_array_add (levels, level);
}

static int
compare_level_choices (gconstpointer a,
                       gconstpointer b)
{
  const AccLevelChoice *la = *(const AccLevelChoice * const *) a;
  const AccLevelChoice *lb = *(const AccLevelChoice * const *) b;

  if (la->order != lb->order)
    return la->order < lb->order ? -1 : 1;
  return g_utf8_collate (la->label, lb->label);
}

/**
 * acc_level_choices_add_groups:
 * @levels: (element-type AccLevelChoice): the levels to choose from
 * @groups: (element-type AccGroupRow) (nullable): groups of the day
 *
 * Adds the levels of @groups to @levels, and keeps them in the school's order.
 */
void
acc_level_choices_add_groups (GPtrArray *levels,
                              GPtrArray *groups)
{
  g_return_if_fail (levels != NULL);

  for (guint i = 0; groups != NULL && i < groups->len; i++)
    {
      const AccGroupRow *group = g_ptr_array_index (groups, i);

      if (group->level_id != NULL)
        acc_level_choices_add (levels, group->level_id,
                               group->level_label ? group->level_label : group->level_code,
                               group->discipline, group->level_order);
    }

  g_ptr_array_sort (levels, compare_level_choices);
}

/* An instructor's name, first name then last name. */
char *
acc_format_instructor_name (const AccInstructorRow *row)
{
  g_return_val_if_fail (row != NULL, NULL);

  /* Translators: an instructor's name: first name, then last name. */
  return g_strdup_printf (C_("instructor name", "%s %s"),
                          row->first_name ? row->first_name : "",
                          row->last_name ? row->last_name : "");
}

/**
 * acc_label_new_wrapped:
 * @text: (nullable): the label's text
 * @style_class: (nullable): a style class to give it
 *
 * Returns: (transfer floating): a label aligned to the start that wraps, even inside a word,
 *   rather than widening the page
 */
GtkWidget *
acc_label_new_wrapped (const char *text,
                       const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);

  return label;
}

/**
 * acc_mark_label_new:
 * @text: what the mark says: “Current group”, “Shown now”
 * @xalign: where it stands in its row's texts
 *
 * Returns: (transfer floating): the small accent heading that tells one row of a list from
 *   the others it is to be compared with
 */
GtkWidget *
acc_mark_label_new (const char *text,
                    float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "accent");

  return label;
}

/**
 * acc_widget_set_state_class:
 * @state_class: (nullable): "acc-state-done", "acc-state-todo", "acc-state-cancelled",
 *   "acc-state-conflict" or %NULL
 *
 * Gives @widget the style of one check-in state and takes the others away.
 */
void
acc_widget_set_state_class (GtkWidget  *widget,
                            const char *state_class)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    if (g_strcmp0 (state_classes[i], state_class) == 0)
      gtk_widget_add_css_class (widget, state_classes[i]);
    else
      gtk_widget_remove_css_class (widget, state_classes[i]);
}

/**
 * acc_widget_show_message:
 * @widget: a widget inside the desk's window
 * @message: what to tell the person at the desk, in words
 *
 * Shows @message in the window's toasts ("win.toast"); outside a window, logs it.
 */
void
acc_widget_show_message (GtkWidget  *widget,
                         const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (!gtk_widget_activate_action (widget, "win.toast", "s", message))
    g_message ("%s", message);
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  gtk_tooltip_set_text (tooltip, g_object_get_data (G_OBJECT (widget), "acc-tooltip"));
  return TRUE;
}

/**
 * acc_widget_set_tooltip_and_label:
 * @text: what the tooltip says, and a screen reader
 *
 * Gives @widget (a button that names a person: “Check in Zoé Lefèvre”) @text as its tooltip
 * and as its accessible name. The tooltip is only made when the pointer rests on it: setting
 * #GtkWidget:tooltip-text asks the display where the pointer is, a round trip to the X server
 * for each widget, and the board would ask it once for every pupil row it builds.
 */
void
acc_widget_set_tooltip_and_label (GtkWidget  *widget,
                                  const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_object_get_data (G_OBJECT (widget), "acc-tooltip") == NULL)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  g_object_set_data_full (G_OBJECT (widget), "acc-tooltip", g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

/**
 * acc_widget_is_in_sight:
 * @widget: a line of @view, or a widget in one
 * @view: a list view, shown
 *
 * A list view of GTK 4.8 keeps lines built out of sight but gives a place (a size) only to
 * those in sight.
 *
 * Returns: whether @view shows @widget now, in part or whole
 */
gboolean
acc_widget_is_in_sight (GtkWidget *widget,
                        GtkWidget *view)
{
  graphene_rect_t bounds;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (GTK_IS_WIDGET (view), FALSE);

  return gtk_widget_get_mapped (view) &&
         gtk_widget_compute_bounds (widget, view, &bounds) &&
         bounds.size.height > 0 &&
         bounds.origin.y + bounds.size.height > 0 &&
         bounds.origin.y < gtk_widget_get_height (view);
}

/**
 * acc_window_present_modal:
 * @window: (transfer full): a dialog, which then lives until it is closed
 * @parent: any widget of the window @window belongs over
 *
 * Shows @window modal over the window of @parent.
 */
void
acc_window_present_modal (GtkWindow *window,
                          GtkWidget *parent)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (GTK_IS_WIDGET (parent));

  root = gtk_widget_get_root (parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (window, GTK_WINDOW (root));
  gtk_window_set_modal (window, TRUE);
  gtk_window_present (window);
}

/**
 * acc_show_error_dialog:
 * @parent: (nullable): the window the dialog belongs to
 * @heading: what could not be done, as a title
 * @error: why
 *
 * Says in a dialog, with one button to close it, why something the desk asked for failed.
 */
void
acc_show_error_dialog (GtkWindow    *parent,
                       const char   *heading,
                       const GError *error)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (error != NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A print operation's run, between its start and its "done". */
typedef struct
{
  GtkWindow *parent;       /* Weak: the print dialog may outlive it. */
  char      *heading;
  gboolean   in_progress;  /* Run returned while the dialog or the printing goes on. */
} PrintRun;

static void
print_run_free (PrintRun *run)
{
  g_clear_weak_pointer (&run->parent);
  g_free (run->heading);
  g_free (run);
}

/* GTK also emits "done" from inside gtk_print_operation_run() in some cases: then the run's
 * result is handled where it returns, and the operation is not ours to drop here. */
static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               PrintRun                *run)
{
  if (!run->in_progress)
    return;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        acc_show_error_dialog (run->parent, run->heading, error);
    }

  g_object_unref (operation);
}

/**
 * acc_print_operation_run:
 * @operation: (transfer full): a print operation ready to draw its pages
 * @parent: (nullable): the window the print dialog belongs to
 * @error_heading: the title of the dialog that says why printing failed
 *
 * Opens the print dialog of @operation, asynchronously where the platform can; an error,
 * when the run returns or when the printing ends, is shown in a dialog. The operation is
 * dropped once it is over.
 */
void
acc_print_operation_run (GtkPrintOperation *operation,
                         GtkWindow         *parent,
                         const char        *error_heading)
{
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;
  PrintRun *run;

  g_return_if_fail (GTK_IS_PRINT_OPERATION (operation));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (error_heading != NULL);

  run = g_new0 (PrintRun, 1);
  g_set_weak_pointer (&run->parent, parent);
  run->heading = g_strdup (error_heading);
  g_object_set_data_full (G_OBJECT (operation), "acc-print-run", run,
                          (GDestroyNotify) print_run_free);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), run);

  gtk_print_operation_set_allow_async (operation, TRUE);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent,
                                    &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    acc_show_error_dialog (parent, error_heading, error);

  /* When the run goes on, "done" drops the operation; otherwise it is over now. */
  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    run->in_progress = TRUE;
  else
    g_object_unref (operation);
}
