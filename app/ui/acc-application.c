/* acc-application.c: the Accueil application object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "acc-application-private.h"
#include "acc-context.h"
#include "acc-error.h"
#include "acc-now.h"
#include "acc-peer-discovery.h"
#include "acc-peer-server.h"
#include "acc-preferences-window.h"
#include "acc-store.h"
#include "acc-window.h"

/* The resources keep one base path whatever the profile's application id. It is the folder
 * of the templates, so that GtkApplication finds gtk/help-overlay.ui and AdwApplication
 * style.css there by themselves. */
#define ACC_RESOURCE_BASE_PATH "/io/github/accueil/Accueil/ui"

/* The schema is the same for every profile, so it is not derived from APPLICATION_ID. */
#define ACC_SETTINGS_SCHEMA_ID "io.github.accueil.Accueil"

G_DEFINE_FINAL_TYPE (AccApplication, acc_application, ADW_TYPE_APPLICATION)

/* Uninstalled runs without GSETTINGS_SCHEMA_DIR have no schema: the desk then works without
 * settings rather than abort, as GSettings would. */
static GSettings *
acc_application_create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, ACC_SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("No settings schema %s: the desk keeps no settings", ACC_SETTINGS_SCHEMA_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

/* How to reach the server, as the preferences say. */
AccSyncFlags
_acc_application_sync_flags (GSettings *settings)
{
  AccSyncFlags flags = ACC_SYNC_FLAGS_NONE;

  if (settings != NULL && g_settings_get_boolean (settings, "allow-insecure-http"))
    flags |= ACC_SYNC_FLAGS_ALLOW_INSECURE;
  if (settings != NULL && g_settings_get_boolean (settings, "cookie-auth"))
    flags |= ACC_SYNC_FLAGS_COOKIE_AUTH;
  return flags;
}

/* The cloud database of the day: given on the command line, or the server and school of the
 * preferences and the day of the replica. NULL without an error when the desk works alone. */
static AccSyncEngine *
acc_application_create_engine (AccStore    *store,
                               GSettings   *settings,
                               const char  *url,
                               GError     **error)
{
  g_autofree char *built = NULL;

  if (url == NULL && settings != NULL)
    {
      g_autofree char *server = g_settings_get_string (settings, "server-url");
      g_autofree char *school = g_settings_get_string (settings, "school");
      g_autofree char *day = acc_store_dup_day (store);

      while (g_str_has_suffix (server, "/"))
        server[strlen (server) - 1] = '\0';
      if (server[0] != '\0' && school[0] != '\0' && day != NULL)
        url = built = g_strdup_printf ("%s/%s-%s", server, school, day);
    }

  if (url == NULL)
    return NULL;

  return acc_sync_engine_new (store, url, _acc_application_sync_flags (settings), error);
}

/* The other desks of the preferences and of the command line (@addresses), and those found on
 * the network, replicated with continuously. NULL when the day has no name to replicate it
 * under; what cannot be used is said in @error. */
static AccPeers *
acc_application_create_peers (AccStore           *store,
                              GSettings          *settings,
                              const char * const *addresses,
                              GError            **error)
{
  g_auto(GStrv) kept = settings ? g_settings_get_strv (settings, "peers") : NULL;
  g_autofree char *db_name = NULL;
  g_autoptr(AccPeers) peers = NULL;

  db_name = acc_peer_server_dup_day_name (store);
  if (db_name == NULL)
    {
      if ((kept != NULL && kept[0] != NULL) || (addresses != NULL && addresses[0] != NULL))
        g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID,
                             _("Other desks are given, but this day has no school or date "
                               "yet: it cannot be replicated with them."));
      return NULL;
    }

  peers = acc_peers_new (store, db_name);
  for (guint i = 0; kept != NULL && kept[i] != NULL; i++)
    if (!acc_peers_add (peers, kept[i], error))
      return NULL;
  for (guint i = 0; addresses != NULL && addresses[i] != NULL; i++)
    if (!acc_peers_add (peers, addresses[i], error))
      return NULL;
  return g_steal_pointer (&peers);
}

/* Looks for the desks of the day's school on the network, for @peers, and announces this
 * desk's day when it is served. Where Avahi does not run the desk works as before: the
 * discovery says so in the details of its state. */
static AccPeerDiscovery *
acc_application_discover (AccStore      *store,
                          AccPeers      *peers,
                          AccPeerServer *server)
{
  g_autofree char *db_name = acc_peer_server_dup_day_name (store);
  g_autofree char *school_id = db_name ? acc_peer_discovery_dup_school_id (db_name) : NULL;
  g_autoptr(AccPeerDiscovery) discovery = NULL;

  if (school_id == NULL)
    return NULL;

  discovery = acc_peer_discovery_new (school_id);
  if (peers != NULL)
    {
      acc_peers_follow_discovery (peers, discovery);
      acc_peer_discovery_start (discovery);
    }
  if (server != NULL && acc_peer_server_get_port (server) > 0)
    acc_peer_discovery_announce (discovery, g_get_host_name (),
                                 acc_peer_server_get_port (server));
  return g_steal_pointer (&discovery);
}

/* The day served to the school's other desks once the desk is paired, unless the preferences
 * turn it off. NULL when it is not served; what went wrong, if anything, is in @error. */
static AccPeerServer *
acc_application_serve (AccStore   *store,
                       GSettings  *settings,
                       GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  AccPeerServer *server;

  if (settings == NULL || !g_settings_get_boolean (settings, "serve-day"))
    return NULL;

  server = acc_peer_server_serve_day (store, NULL, g_settings_get_uint (settings, "serve-port"),
                                      &local_error);
  /* Not paired: a desk alone, as it was. */
  if (server == NULL && !g_error_matches (local_error, ACC_ERROR, ACC_ERROR_NOT_FOUND))
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s ",
                                _("The day is not served to the other desks:"));
  return server;
}

/* A window for @store, with its own context: the day's sync engine (@url, or the server of
 * the preferences), its peers, its peer server. @days, when the desk holds its days in a
 * folder, lets the window switch to another. */
AccWindow *
_acc_application_new_window (AccApplication     *self,
                             AccStore           *store,
                             AccDeskDays        *days,
                             const char         *url,
                             const char * const *peer_addresses,
                             const GError       *error)
{
  GSettings *settings = self->settings;
  g_autoptr(AccContext) context = acc_context_new (store, settings);
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(AccPeers) peers = NULL;
  g_autoptr(AccPeerServer) server = NULL;
  g_autoptr(AccPeerDiscovery) discovery = NULL;
  g_autoptr(GError) server_error = NULL;
  g_autoptr(GError) sync_error = NULL;
  g_autoptr(GError) peers_error = NULL;
  AccWindow *window;

  if (store != NULL)
    {
      engine = acc_application_create_engine (store, settings, url, &sync_error);
      peers = acc_application_create_peers (store, settings, peer_addresses, &peers_error);
      server = acc_application_serve (store, settings, &server_error);
      discovery = acc_application_discover (store, peers, server);
    }
  if (engine != NULL)
    {
      acc_context_set_engine (context, engine);
      acc_sync_engine_start (engine);
    }
  acc_context_set_peers (context, peers);
  acc_context_set_server (context, server);
  acc_context_set_discovery (context, discovery);
  acc_context_set_days (context, days);

  window = acc_window_new (GTK_APPLICATION (self), context, error);
  if (sync_error != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.toast", "s", sync_error->message);
  if (peers_error != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.toast", "s", peers_error->message);
  if (server_error != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.toast", "s", server_error->message);

  return window;
}

static void
acc_application_activate (GApplication *application)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    window = GTK_WINDOW (_acc_application_open_days (ACC_APPLICATION (application)));

  gtk_window_present (window);
}

static int
acc_application_command_line (GApplication            *application,
                              GApplicationCommandLine *command_line)
{
  GVariantDict *options;
  const char *db = NULL;
  const char *url = NULL;
  g_autofree const char **peers = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(AccStore) store = NULL;
  g_autoptr(GError) error = NULL;
  AccWindow *window;

  options = g_application_command_line_get_options_dict (command_line);
  g_variant_dict_lookup (options, "url", "&s", &url);
  g_variant_dict_lookup (options, "peer", "^a&s", &peers);

  if (!g_variant_dict_lookup (options, "db", "^&ay", &db))
    {
      g_application_activate (application);
      return EXIT_SUCCESS;
    }

  /* The file name is relative to the folder of the command line that gave it, which is not
   * ours when another instance forwarded it. */
  file = g_application_command_line_create_file_for_arg (command_line, db);
  path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autofree char *name = g_filename_display_name (db);

      g_set_error (&error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                   _("“%s” is not a file on this computer."), name);
    }
  else
    {
      /* With a cloud to pull the day from, a desk may start from an empty replica. */
      store = acc_store_open (path, url ? ACC_STORE_OPEN_CREATE : ACC_STORE_OPEN_DEFAULT,
                              &error);
    }

  if (error != NULL)
    g_application_command_line_printerr (command_line, "%s\n", error->message);

  /* The window explains the error: a desk never just fails to start. It shows the one file
   * it was given: no other day, and no day change. */
  window = _acc_application_new_window (ACC_APPLICATION (application), store, NULL, url, peers,
                                        error);
  gtk_window_present (GTK_WINDOW (window));

  return EXIT_SUCCESS;
}

static int
acc_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("accueil %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (!acc_now_check (&error))
    {
      g_printerr ("accueil: %s\n", error->message);
      return EXIT_FAILURE;
    }

  return G_APPLICATION_CLASS (acc_application_parent_class)->handle_local_options (application,
                                                                                 options);
}

static void
acc_application_startup (GApplication *application)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } shortcuts[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.focus-search", { "<Control>f", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  /* AdwApplication loads style.css from the resource base path. */
  G_APPLICATION_CLASS (acc_application_parent_class)->startup (application);

  ACC_APPLICATION (application)->settings = acc_application_create_settings ();

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application),
                                           shortcuts[i].action, shortcuts[i].accels);
}

static void
acc_application_window_added (GtkApplication *application,
                              GtkWindow      *window)
{
  GTK_APPLICATION_CLASS (acc_application_parent_class)->window_added (application, window);

  /* Development builds stripe their header bars so nobody mistakes them for the real desk. */
  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (window), "devel");
}

static void
acc_application_quit (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  /* Closing the windows, rather than quitting at once, lets each save its size. The
   * application quits when the last one is gone. Closing one window may destroy others
   * (its dialogs), so hold them all first. */
  for (const GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    g_ptr_array_add (windows, g_object_ref (l->data));
  for (guint i = 0; i < windows->len; i++)
    gtk_window_close (g_ptr_array_index (windows, i));
}

static void
acc_application_about (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  static const char * const developers[] = { "The Accueil developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (application),
                         "application-name", _("Accueil"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Accueil developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("The front desk of a ski school, online or offline"),
                         "website", "https://github.com/accueil/accueil",
                         "issue-url", "https://github.com/accueil/accueil/issues",
                         "copyright", _("© 2026 The Accueil developers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         /* Translators: Your names, one per line, to be credited in the
                          * About window. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
acc_application_preferences (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  AccApplication *self = ACC_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GSettings *settings = self->settings;
  AccPreferencesWindow *preferences;

  if (settings == NULL)
    {
      if (ACC_IS_WINDOW (parent))
        acc_window_add_toast (ACC_WINDOW (parent),
                              _("The preferences cannot be shown: the settings of Accueil "
                                "are not installed on this computer."));
      return;
    }

  preferences = acc_preferences_window_new (parent, settings);
  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = acc_application_quit },
  { .name = "about", .activate = acc_application_about },
  { .name = "preferences", .activate = acc_application_preferences },
};

static void
acc_application_dispose (GObject *object)
{
  AccApplication *self = ACC_APPLICATION (object);

  _acc_application_clear_days (self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (acc_application_parent_class)->dispose (object);
}

static void
acc_application_class_init (AccApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = acc_application_dispose;

  app_class->activate = acc_application_activate;
  app_class->command_line = acc_application_command_line;
  app_class->handle_local_options = acc_application_handle_local_options;
  app_class->startup = acc_application_startup;

  gtk_app_class->window_added = acc_application_window_added;
}

static void
acc_application_init (AccApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  _acc_application_add_day_actions (self);

  g_application_add_main_option (G_APPLICATION (self),
                                 "db", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME,
                                 _("Open the day’s database FILE"), _("FILE"));
  g_application_add_main_option (G_APPLICATION (self),
                                 "url", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING,
                                 _("Replicate with the cloud database at URL"), _("URL"));
  g_application_add_main_option (G_APPLICATION (self),
                                 "peer", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY,
                                 _("Replicate the day with the desk at ADDRESS too (repeatable)"),
                                 _("ADDRESS"));
  g_application_add_main_option (G_APPLICATION (self),
                                 "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Show the version of Accueil and quit"), NULL);
}

/**
 * acc_application_new:
 *
 * Returns: (transfer full): the application
 */
AccApplication *
acc_application_new (void)
{
  return g_object_new (ACC_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", ACC_RESOURCE_BASE_PATH,
                       NULL);
}
