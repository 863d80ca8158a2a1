/* acc-window.c: the desk's main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "acc-error.h"
#include "acc-window.h"

/* The schema is the same for every profile, so it is not derived from APPLICATION_ID. */
#define ACC_SETTINGS_SCHEMA_ID "io.github.accueil.Accueil"

struct _AccWindow
{
  AdwApplicationWindow parent_instance;

  AccStore  *store;
  GError    *error;
  GSettings *settings;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkStack       *stack;
  AdwStatusPage  *replica_page;
  AdwStatusPage  *error_page;
};

G_DEFINE_FINAL_TYPE (AccWindow, acc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Formats a "YYYY-MM-DD" day in the user's language, or returns it unchanged when it is not
 * such a day. */
static char *
format_day (const char *day)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, mday;
  int end = 0;

  if (day == NULL)
    return NULL;

  if (sscanf (day, "%4d-%2d-%2d%n", &year, &month, &mday, &end) != 3
      || end != 10 || day[end] != '\0')
    return g_strdup (day);

  /* Noon in UTC: no time zone can move a civil day that is given without a time. */
  date = g_date_time_new_utc (year, month, mday, 12, 0, 0);
  if (date == NULL)
    return g_strdup (day);

  /* Translators: the day under the school's name in the header bar, for example
   * “Saturday 26 December 2026”. The codes are those of g_date_time_format(): %A is the
   * day of the week, %-d the day of the month, %B the month, %Y the year. */
  return g_date_time_format (date, _("%A %-d %B %Y"));
}

/* What the person at the desk can do about an error, by its code. */
static const char *
error_advice (const GError *error)
{
  if (error->domain == ACC_ERROR)
    {
      switch ((AccErrorCode) error->code)
        {
        case ACC_ERROR_NOT_FOUND:
          return _("Check the name of the file, or download the day again.");
        case ACC_ERROR_INVALID:
        case ACC_ERROR_CORRUPT:
          return _("The file is not an Accueil day database, or it is damaged. "
                   "Restore it from a backup, or download the day again.");
        case ACC_ERROR_NEWER_SCHEMA:
          return _("The file was written by a newer version of Accueil. "
                   "Update Accueil on this desk.");
        case ACC_ERROR_IO:
          return _("Check that the disk has free space and that the file may be written, "
                   "then start Accueil again.");
        case ACC_ERROR_BUSY:
          return _("Another program is using the file. Close it, then start Accueil again.");
        case ACC_ERROR_FAILED:
        default:
          break;
        }
    }

  return _("Start Accueil again. If the problem remains, report it with the message above.");
}

static void
acc_window_show_error (AccWindow    *self,
                       const GError *error)
{
  g_autofree char *message = NULL;
  g_autofree char *description = NULL;

  g_assert (ACC_IS_WINDOW (self));
  g_assert (error != NULL);

  /* The status page description is markup; the message may hold a file name. */
  message = g_markup_escape_text (error->message, -1);
  description = g_strdup_printf ("%s\n\n%s", message, error_advice (error));

  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
acc_window_show_store (AccWindow *self)
{
  AccStoreStatus status = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *school = NULL;
  g_autofree char *day = NULL;
  g_autofree char *formatted_day = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  g_assert (ACC_IS_WINDOW (self));
  g_assert (ACC_IS_STORE (self->store));

  school = acc_store_dup_school_name (self->store);
  day = acc_store_dup_day (self->store);
  formatted_day = format_day (day);

  if (school != NULL && school[0] != '\0')
    {
      adw_window_title_set_title (self->window_title, school);
      gtk_window_set_title (GTK_WINDOW (self), school);
    }
  adw_window_title_set_subtitle (self->window_title, formatted_day);

  if (!acc_store_get_status (self->store, &status, &error))
    {
      acc_window_show_error (self, error);
      return;
    }

  title = g_strdup_printf (ngettext ("%u Enrollment", "%u Enrollments", status.enrollments),
                           status.enrollments);
  description = g_strdup_printf (ngettext ("%u checked in at the desk",
                                           "%u checked in at the desk",
                                           status.checked_in),
                                 status.checked_in);

  adw_status_page_set_title (self->replica_page, title);
  adw_status_page_set_description (self->replica_page, description);
  gtk_stack_set_visible_child_name (self->stack, "replica");
}

static void
acc_window_load_size (AccWindow *self)
{
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  g_assert (ACC_IS_WINDOW (self));

  /* Uninstalled runs without GSETTINGS_SCHEMA_DIR have no schema: keep the default size
   * rather than abort, as GSettings would. */
  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, ACC_SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL)
    return;

  self->settings = g_settings_new_full (schema, NULL, NULL);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
acc_window_save_size (AccWindow *self)
{
  gboolean maximized;
  int width, height;

  g_assert (ACC_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  /* The default size is the size of the window when it is neither maximized nor full
   * screen, which is the one worth restoring. */
  maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  g_settings_set_boolean (self->settings, "window-maximized", maximized);

  if (!maximized && !gtk_window_is_fullscreen (GTK_WINDOW (self)))
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
}

static gboolean
acc_window_close_request (GtkWindow *window)
{
  AccWindow *self = ACC_WINDOW (window);

  acc_window_save_size (self);

  return GTK_WINDOW_CLASS (acc_window_parent_class)->close_request (window);
}

static void
acc_window_constructed (GObject *object)
{
  AccWindow *self = ACC_WINDOW (object);

  G_OBJECT_CLASS (acc_window_parent_class)->constructed (object);

  acc_window_load_size (self);

  if (self->store != NULL)
    acc_window_show_store (self);
  else if (self->error != NULL)
    acc_window_show_error (self, self->error);
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
acc_window_dispose (GObject *object)
{
  AccWindow *self = ACC_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ACC_TYPE_WINDOW);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (acc_window_parent_class)->dispose (object);
}

static void
acc_window_finalize (GObject *object)
{
  AccWindow *self = ACC_WINDOW (object);

  g_clear_error (&self->error);

  G_OBJECT_CLASS (acc_window_parent_class)->finalize (object);
}

static void
acc_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  AccWindow *self = ACC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  AccWindow *self = ACC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_assert (self->store == NULL);
      self->store = g_value_dup_object (value);
      break;

    case PROP_ERROR:
      g_assert (self->error == NULL);
      self->error = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_window_class_init (AccWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = acc_window_constructed;
  object_class->dispose = acc_window_dispose;
  object_class->finalize = acc_window_finalize;
  object_class->get_property = acc_window_get_property;
  object_class->set_property = acc_window_set_property;

  window_class->close_request = acc_window_close_request;

  /**
   * AccWindow:store:
   *
   * The day's replica the window shows, or %NULL when none could be opened.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         ACC_TYPE_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * AccWindow:error:
   *
   * Why the day's replica could not be opened, when #AccWindow:store is %NULL.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AccWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AccWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AccWindow, replica_page);
  gtk_widget_class_bind_template_child (widget_class, AccWindow, error_page);
}

static void
acc_window_init (AccWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * acc_window_new:
 * @application: the application
 * @store: (nullable): the day's replica
 * @error: (nullable): why @store is %NULL
 *
 * Creates the main window. Without a store it explains, with @error if given, why no day
 * is shown.
 *
 * Returns: (transfer full): a new #AccWindow
 */
AccWindow *
acc_window_new (GtkApplication *application,
                AccStore       *store,
                const GError   *error)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (store == NULL || ACC_IS_STORE (store), NULL);

  return g_object_new (ACC_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       "error", error,
                       NULL);
}

/**
 * acc_window_get_store:
 * @self: a #AccWindow
 *
 * Returns: (transfer none) (nullable): the day's replica, or %NULL when none is open
 */
AccStore *
acc_window_get_store (AccWindow *self)
{
  g_return_val_if_fail (ACC_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * acc_window_get_error:
 * @self: a #AccWindow
 *
 * Returns: (transfer none) (nullable): why the day's replica could not be opened
 */
const GError *
acc_window_get_error (AccWindow *self)
{
  g_return_val_if_fail (ACC_IS_WINDOW (self), NULL);

  return self->error;
}
