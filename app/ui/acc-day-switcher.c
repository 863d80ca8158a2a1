/* acc-day-switcher.c: the header's title: the school, the day a window shows, and the other
 * days held
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "acc-day-switcher.h"
#include "acc-days.h"
#include "acc-ui-util.h"

struct _AccDaySwitcher
{
  GtkWidget      parent_instance;

  AccDeskDays   *days;
  char          *date;
  char          *text;
  char          *school;

  /* Template widgets */
  GtkMenuButton  *button;
  AdwWindowTitle *title;
  GtkPopover    *popover;
  GtkListBox    *list;
};

G_DEFINE_FINAL_TYPE (AccDaySwitcher, acc_day_switcher, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DAYS,
  PROP_DATE,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* @date in words, with whether it is today, tomorrow or yesterday: as the header shows it,
 * or, @spoken, as a screen reader says it. */
static char *
describe_day (AccDaySwitcher *self,
              const char     *date,
              gboolean        spoken)
{
  g_autofree char *day = acc_format_day (date, FALSE);
  const char *mark = self->days ? acc_desk_days_mark (self->days, date) : NULL;

  if (mark == NULL)
    return g_steal_pointer (&day);
  if (spoken)
    /* Translators: a day, then whether it is today, tomorrow or yesterday, as a screen
     * reader says it: “Thursday 31 December, Today”. */
    return g_strdup_printf (C_("day and mark, spoken", "%s, %s"), day, mark);
  /* Translators: a day, then whether it is today, tomorrow or yesterday, as the header
   * shows it: “Thursday 31 December · Today”. */
  return g_strdup_printf (C_("day and mark", "%s · %s"), day, mark);
}

static GtkWidget *
day_row_new (AccDaySwitcher *self,
             const char     *date)
{
  gboolean shown = g_strcmp0 (date, self->date) == 0;
  g_autofree char *day = acc_format_day (date, FALSE);
  g_autofree char *spoken = describe_day (self, date, TRUE);
  const char *mark = acc_desk_days_mark (self->days, date);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");
  GtkWidget *label = gtk_label_new (day);

  /* The check keeps its place on every row, so that the days line up. */
  gtk_widget_set_opacity (check, shown ? 1 : 0);
  gtk_box_append (GTK_BOX (box), check);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  if (mark != NULL)
    gtk_box_append (GTK_BOX (box), acc_mark_label_new (mark, 1));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "days.open");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", date);
  if (shown)
    {
      /* Translators: the day in the list of days held that the window shows, as a screen
       * reader says it. */
      g_autofree char *label_text = g_strdup_printf (_("%s, shown"), spoken);

      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label_text, -1);
    }
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    spoken, -1);
  return row;
}

/* The row that opens the day after the last one held, from it: for when the cloud has been
 * gone longer than the days the desk holds. */
static GtkWidget *
open_row_new (const char *last)
{
  g_autofree char *next = acc_days_add (last, 1);
  g_autofree char *next_day = acc_format_day (next, FALSE);
  g_autofree char *last_day = acc_format_day (last, FALSE);
  /* Translators: a row at the end of the list of days held: opens the next day, which the
   * desk does not hold, from the last one (“Open Saturday 2 January…”). */
  g_autofree char *title = g_strdup_printf (_("Open %s…"), next_day);
  /* Translators: under “Open Saturday 2 January…”: the day it is made from. */
  g_autofree char *subtitle = g_strdup_printf (_("From %s, when the cloud has not sent it"),
                                               last_day);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("list-add-symbolic");
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *subtitle_label = acc_label_new_wrapped (subtitle, "dim-label");
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *spoken = g_strdup_printf ("%s %s", title, subtitle);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle_label), 0);
  gtk_widget_add_css_class (subtitle_label, "caption");
  gtk_box_append (GTK_BOX (texts), title_label);
  gtk_box_append (GTK_BOX (texts), subtitle_label);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_add_css_class (row, "acc-open-day-row");

  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "days.open-new");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(ss)", last, next);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken,
                                  -1);
  return row;
}

/* The list of the days held, read anew from the folder: it changes behind the window's
 * back as the days ahead come and the old ones go. */
static void
acc_day_switcher_fill (AccDaySwitcher *self)
{
  g_auto(GStrv) dates = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  if (self->days == NULL)
    return;

  dates = acc_desk_days_list (self->days, &error);
  if (dates == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }

  for (guint i = 0; dates[i] != NULL; i++)
    {
      GtkWidget *row = day_row_new (self, dates[i]);

      gtk_list_box_append (self->list, row);
      /* In sight when the list is longer than the popover. */
      if (g_strcmp0 (dates[i], self->date) == 0)
        gtk_widget_grab_focus (row);
    }
  if (dates[0] != NULL)
    gtk_list_box_append (self->list, open_row_new (dates[g_strv_length (dates) - 1]));
}

/* The list again when it is on screen; else when it next shows. */
static void
acc_day_switcher_refill_shown (AccDaySwitcher *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    acc_day_switcher_fill (self);
}

/* The day on the first line, alone: in a narrow header, it is what stays whole. Under it,
 * whether it is today, and the school. */
static void
acc_day_switcher_show_title (AccDaySwitcher *self)
{
  g_autofree char *day = self->date ? acc_format_day_short (self->date) : NULL;
  const char *mark = self->date && self->days ? acc_desk_days_mark (self->days, self->date)
                                             : NULL;
  g_autofree char *under = NULL;

  if (mark != NULL && self->school != NULL)
    /* Translators: under the day in the header: whether it is today, then the school
     * (“Today · École de ski”). */
    under = g_strdup_printf (C_("mark and school", "%s · %s"), mark, self->school);
  else
    under = g_strdup (mark ? mark : self->school ? self->school : _("Accueil"));

  adw_window_title_set_title (self->title, day ? day : self->text);
  adw_window_title_set_subtitle (self->title, under);
}

static void
acc_day_switcher_update (AccDaySwitcher *self)
{
  g_autofree char *spoken = NULL;
  g_autofree char *reader_label = NULL;

  g_free (self->text);
  if (self->date != NULL)
    {
      self->text = describe_day (self, self->date, FALSE);
      spoken = describe_day (self, self->date, TRUE);
      /* Translators: how a screen reader names the header's button of days: the day the
       * window shows, in words. */
      reader_label = g_strdup_printf (_("Day shown: %s"), spoken);
    }
  else
    {
      /* Translators: the header's button of days, when no day is open. */
      self->text = g_strdup (_("Choose a Day"));
      reader_label = g_strdup (self->text);
    }

  acc_day_switcher_show_title (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  reader_label, -1);
  acc_day_switcher_refill_shown (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static void
popover_show_cb (AccDaySwitcher *self)
{
  acc_day_switcher_fill (self);
}

/* Asks for the day @parameter; the window goes with its day, so after its popover. */
static void
days_open (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  AccDaySwitcher *self = ACC_DAY_SWITCHER (widget);
  const char *date = g_variant_get_string (parameter, NULL);

  gtk_menu_button_popdown (self->button);
  if (g_strcmp0 (date, self->date) == 0)
    return;

  gtk_widget_activate_action (widget, "app.open-day", "s", date);
}

/* Asks to open a day the desk does not hold, (source, date), from the held day source. */
static void
days_open_new (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AccDaySwitcher *self = ACC_DAY_SWITCHER (widget);

  gtk_menu_button_popdown (self->button);
  gtk_widget_activate_action_variant (widget, "app.open-new-day", parameter);
}

static void
acc_day_switcher_dispose (GObject *object)
{
  AccDaySwitcher *self = ACC_DAY_SWITCHER (object);

  g_clear_object (&self->days);
  gtk_widget_dispose_template (GTK_WIDGET (self), ACC_TYPE_DAY_SWITCHER);

  G_OBJECT_CLASS (acc_day_switcher_parent_class)->dispose (object);
}

static void
acc_day_switcher_finalize (GObject *object)
{
  AccDaySwitcher *self = ACC_DAY_SWITCHER (object);

  g_free (self->date);
  g_free (self->text);
  g_free (self->school);

  G_OBJECT_CLASS (acc_day_switcher_parent_class)->finalize (object);
}

static void
acc_day_switcher_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AccDaySwitcher *self = ACC_DAY_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_DAYS:
      g_value_set_object (value, self->days);
      break;

    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_day_switcher_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  AccDaySwitcher *self = ACC_DAY_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_DAYS:
      acc_day_switcher_set_days (self, g_value_get_object (value));
      break;

    case PROP_DATE:
      acc_day_switcher_set_date (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_day_switcher_class_init (AccDaySwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = acc_day_switcher_dispose;
  object_class->finalize = acc_day_switcher_finalize;
  object_class->get_property = acc_day_switcher_get_property;
  object_class->set_property = acc_day_switcher_set_property;

  /**
   * AccDaySwitcher:days:
   *
   * The days held in the desk's folder, and which one is today.
   */
  properties[PROP_DAYS] =
    g_param_spec_object ("days", NULL, NULL,
                         ACC_TYPE_DESK_DAYS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * AccDaySwitcher:date:
   *
   * The day the window shows, YYYY-MM-DD; %NULL when none.
   */
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * AccDaySwitcher:text:
   *
   * What the header says of the day: “Thursday 31 December · Today”.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-day-switcher.ui");
  gtk_widget_class_bind_template_child (widget_class, AccDaySwitcher, button);
  gtk_widget_class_bind_template_child (widget_class, AccDaySwitcher, title);
  gtk_widget_class_bind_template_child (widget_class, AccDaySwitcher, popover);
  gtk_widget_class_bind_template_child (widget_class, AccDaySwitcher, list);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);

  gtk_widget_class_install_action (widget_class, "days.open", "s", days_open);
  gtk_widget_class_install_action (widget_class, "days.open-new", "(ss)", days_open_new);
}

static void
acc_day_switcher_init (AccDaySwitcher *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: the list of the days held, when the folder holds none. */
  placeholder = acc_label_new_wrapped (_("No day is held on this desk."), "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->list, placeholder);

  acc_day_switcher_update (self);
}

AccDeskDays *
acc_day_switcher_get_days (AccDaySwitcher *self)
{
  g_return_val_if_fail (ACC_IS_DAY_SWITCHER (self), NULL);

  return self->days;
}

/**
 * acc_day_switcher_set_days:
 * @days: (nullable): the days held in the desk's folder
 */
void
acc_day_switcher_set_days (AccDaySwitcher *self,
                           AccDeskDays    *days)
{
  g_return_if_fail (ACC_IS_DAY_SWITCHER (self));
  g_return_if_fail (days == NULL || ACC_IS_DESK_DAYS (days));

  if (self->days == days)
    return;

  if (self->days != NULL)
    g_signal_handlers_disconnect_by_data (self->days, self);
  g_set_object (&self->days, days);
  if (days != NULL)
    {
      /* The marks move at the day change. */
      g_signal_connect_object (days, "notify::today", G_CALLBACK (acc_day_switcher_update),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (days, "files-changed",
                               G_CALLBACK (acc_day_switcher_refill_shown), self,
                               G_CONNECT_SWAPPED);
    }

  acc_day_switcher_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAYS]);
}

const char *
acc_day_switcher_get_date (AccDaySwitcher *self)
{
  g_return_val_if_fail (ACC_IS_DAY_SWITCHER (self), NULL);

  return self->date;
}

/**
 * acc_day_switcher_set_date:
 * @date: (nullable): the day the window shows, YYYY-MM-DD
 */
void
acc_day_switcher_set_date (AccDaySwitcher *self,
                           const char     *date)
{
  g_return_if_fail (ACC_IS_DAY_SWITCHER (self));

  if (g_strcmp0 (self->date, date) == 0)
    return;

  g_free (self->date);
  self->date = g_strdup (date);
  acc_day_switcher_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

/**
 * acc_day_switcher_get_text:
 *
 * Returns: (transfer none): what the header says of the day
 */
const char *
acc_day_switcher_get_text (AccDaySwitcher *self)
{
  g_return_val_if_fail (ACC_IS_DAY_SWITCHER (self), NULL);

  return self->text;
}

/**
 * acc_day_switcher_set_title:
 * @title: (nullable): the school's name, under the day
 */
void
acc_day_switcher_set_title (AccDaySwitcher *self,
                            const char     *title)
{
  g_return_if_fail (ACC_IS_DAY_SWITCHER (self));

  g_free (self->school);
  self->school = g_strdup (title);
  acc_day_switcher_show_title (self);
}
