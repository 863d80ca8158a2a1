/* acc-preferences-window.c: the desk's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "acc-desk-days.h"
#include "acc-preferences-window.h"

struct _AccPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;       /* NULL when the schema is not installed. */
  GtkFileChooserNative *chooser;

  /* Template widgets */
  AdwPreferencesGroup  *unavailable_group;
  AdwPreferencesGroup  *desk_group;
  AdwPreferencesGroup  *data_group;
  AdwPreferencesGroup  *days_group;
  AdwPreferencesGroup  *server_group;
  AdwPreferencesGroup  *peers_group;
  AdwEntryRow          *desk_name_row;
  AdwEntryRow          *staff_name_row;
  AdwEntryRow          *school_row;
  AdwEntryRow          *data_folder_row;
  AdwEntryRow          *server_url_row;
  GtkSwitch            *insecure_switch;
  GtkSwitch            *serve_switch;
  AdwEntryRow          *peers_row;
  GtkSpinButton        *days_ahead_spin;
  GtkSpinButton        *retention_spin;
  AdwEntryRow          *day_change_row;
};

G_DEFINE_FINAL_TYPE (AccPreferencesWindow, acc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
chooser_response_cb (AccPreferencesWindow *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT && self->settings != NULL)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "data-folder", path);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AccPreferencesWindow *self = ACC_PREFERENCES_WINDOW (widget);
  g_autofree char *current = NULL;

  if (self->settings == NULL)
    return;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Choose the Data Folder"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Choose"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  current = g_settings_get_string (self->settings, "data-folder");
  if (current[0] != '\0' && g_file_test (current, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (current);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }

  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The desks of the preferences, a list, are typed as one line: "desk-2.local, 192.168.1.12". */
static gboolean
peers_to_text (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  g_autofree const char **addresses = g_variant_get_strv (variant, NULL);

  g_value_take_string (value, g_strjoinv (", ", (char **) addresses));
  return TRUE;
}

static GVariant *
text_to_peers (const GValue       *value,
               const GVariantType *expected_type,
               gpointer            user_data)
{
  g_auto(GStrv) parts = g_regex_split_simple ("[,\\s]+", g_value_get_string (value), 0, 0);
  g_autoptr(GStrvBuilder) addresses = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_strv_builder_add (addresses, parts[i]);
  list = g_strv_builder_end (addresses);
  return g_variant_new_strv ((const char * const *) list, -1);
}

static void
load_day_change (AccPreferencesWindow *self)
{
  g_autofree char *text = g_settings_get_string (self->settings, "day-change");

  gtk_editable_set_text (GTK_EDITABLE (self->day_change_row), text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->day_change_row), "error");
}

/* The day change is written when applied, never as it is typed: “0:00”, on the way from
 * “04:00” to “05:00”, would move the desk to another day. */
static void
day_change_apply_cb (AccPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->day_change_row));
  g_autofree char *message = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *normalized = NULL;
  guint minutes;

  if (self->settings == NULL)
    return;

  if (acc_desk_days_parse_change (text, &minutes))
    {
      normalized = g_strdup_printf ("%02u:%02u", minutes / 60, minutes % 60);
      g_settings_set_string (self->settings, "day-change", normalized);
      load_day_change (self);
      return;
    }

  gtk_widget_add_css_class (GTK_WIDGET (self->day_change_row), "error");
  /* Translators: %s is what was typed as the time of the day change. */
  message = g_strdup_printf (_("“%s” is not a time: write it as hours and minutes, for "
                               "example 04:00."), text);
  /* A toast's title is markup. */
  escaped = g_markup_escape_text (message, -1);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

static void
day_change_changed_cb (AccPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->day_change_row), "error");
}

static void
acc_preferences_window_constructed (GObject *object)
{
  AccPreferencesWindow *self = ACC_PREFERENCES_WINDOW (object);
  gboolean available = self->settings != NULL;

  G_OBJECT_CLASS (acc_preferences_window_parent_class)->constructed (object);

  gtk_widget_set_visible (GTK_WIDGET (self->unavailable_group), !available);
  gtk_widget_set_visible (GTK_WIDGET (self->desk_group), available);
  gtk_widget_set_visible (GTK_WIDGET (self->data_group), available);
  gtk_widget_set_visible (GTK_WIDGET (self->days_group), available);
  gtk_widget_set_visible (GTK_WIDGET (self->server_group), available);
  gtk_widget_set_visible (GTK_WIDGET (self->peers_group), available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.choose-folder", available);

  if (!available)
    return;

  /* Every key is written as it is typed: nothing is lost when the window closes. */
  g_settings_bind (self->settings, "desk-name", self->desk_name_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "staff-name", self->staff_name_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "school", self->school_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "data-folder", self->data_folder_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "server-url", self->server_url_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "allow-insecure-http", self->insecure_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "serve-day", self->serve_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "peers", self->peers_row, "text",
                                G_SETTINGS_BIND_DEFAULT, peers_to_text, text_to_peers,
                                NULL, NULL);
  g_settings_bind (self->settings, "days-ahead", self->days_ahead_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "retention-days", self->retention_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  load_day_change (self);
  g_signal_connect_object (self->settings, "changed::day-change", G_CALLBACK (load_day_change),
                           self, G_CONNECT_SWAPPED);
}

static void
acc_preferences_window_dispose (GObject *object)
{
  AccPreferencesWindow *self = ACC_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (acc_preferences_window_parent_class)->dispose (object);
}

static void
acc_preferences_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  AccPreferencesWindow *self = ACC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  AccPreferencesWindow *self = ACC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_preferences_window_class_init (AccPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = acc_preferences_window_constructed;
  object_class->dispose = acc_preferences_window_dispose;
  object_class->get_property = acc_preferences_window_get_property;
  object_class->set_property = acc_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, unavailable_group);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, desk_group);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, data_group);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, server_group);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, desk_name_row);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, staff_name_row);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, school_row);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, data_folder_row);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, server_url_row);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, insecure_switch);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, serve_switch);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, peers_row);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, peers_group);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, days_group);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, days_ahead_spin);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, AccPreferencesWindow, day_change_row);
  gtk_widget_class_bind_template_callback (widget_class, day_change_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_change_changed_cb);

  gtk_widget_class_install_action (widget_class, "preferences.choose-folder", NULL,
                                   choose_folder_action);
}

static void
acc_preferences_window_init (AccPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * acc_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @settings: (nullable): the application's settings, or %NULL when the schema is not installed
 *
 * Returns: (transfer full): a modal preferences window
 */
AccPreferencesWindow *
acc_preferences_window_new (GtkWindow *parent,
                            GSettings *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (ACC_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       "settings", settings,
                       NULL);
}

/**
 * acc_preferences_window_get_settings:
 *
 * Returns: (transfer none) (nullable): the settings the rows are bound to
 */
GSettings *
acc_preferences_window_get_settings (AccPreferencesWindow *self)
{
  g_return_val_if_fail (ACC_IS_PREFERENCES_WINDOW (self), NULL);

  return self->settings;
}
