/* test-ui-day-change.c: the desk moving to the next day by itself, and to a held day from its
 * header, in the real application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "acc-application.h"
#include "acc-day-switcher.h"
#include "acc-days.h"
#include "acc-peer-server.h"
#include "acc-preferences-window.h"
#include "acc-test-server.h"
#include "acc-test-window.h"
#include "acc-ui-util.h"

/* The process starts three seconds before the school's day change (04:00), in Paris: the
 * desk opens on the 30th, and moves to the 31st by itself. The clock runs on, so the tests
 * run in order. */
#define NOW    "2026-12-31T03:59:57+01:00"
#define SCHOOL "esf-test"
#define DAY1   "2026-12-30"
#define DAY2   "2026-12-31"

#define SCHEMA_ID "io.github.accueil.Accueil"

static char            *folder;
static GSettingsSchema *schema;
static GSettings       *settings;
static AccApplication  *app;
static guint            day1_pending;
static AccWindow       *first_window; /* Weak. */
/* The cloud: it has the 30th only, and holds back the first documents sent to it, so that
 * the 30th's check-in is still unsent when the day changes. */
static Mock            *cloud;

/* Makes the day @date of the school in the data folder, from the fixture; with Zoé checked
 * in at this desk and not yet sent when @checked_in. */
static void
make_day (const char *date,
          gboolean    checked_in)
{
  g_autofree char *name = g_strdup_printf ("%s-%s.db", SCHOOL, date);
  g_autoptr(AccStore) store = acc_test_open_new (folder, name);
  g_autoptr(GError) error = NULL;
  const char *ids[] = { FX_E_ZOE, NULL };

  g_autofree char *day_name = acc_days_name (SCHOOL, date);

  acc_test_put_fixture (store);
  g_assert_true (acc_store_set_day (store, date, &error));
  g_assert_true (acc_peer_server_keep_day_name (store, day_name, &error));
  g_assert_no_error (error);
  if (!checked_in)
    return;

  g_assert_true (acc_store_check_in (store, ids, TRUE, &error));
  g_assert_no_error (error);
  day1_pending = acc_test_get_status (store).pending;
  g_assert_cmpuint (day1_pending, >, 0);
}

static guint
count_windows (void)
{
  guint n = 0;

  for (const GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    n += ACC_IS_WINDOW (l->data) ? 1 : 0;
  return n;
}

/* The desk's window: there is one. */
static AccWindow *
day_window (void)
{
  for (const GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (ACC_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* Whether the desk's window is on screen with the day @date. */
static gboolean
window_shows (const char *date)
{
  AccWindow *window = day_window ();
  g_autofree char *day = NULL;

  if (window == NULL || acc_window_get_store (window) == NULL ||
      !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return FALSE;
  day = acc_store_dup_day (acc_window_get_store (window));
  return g_strcmp0 (day, date) == 0;
}

/* The toplevel of @type on screen, if any; GTK's list of toplevels holds it. */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *found = NULL;

  for (guint i = 0; found == NULL && i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        found = window;
    }
  return found;
}

static AccDaySwitcher *
get_switcher (void)
{
  AccDaySwitcher *switcher = ACC_DAY_SWITCHER (acc_test_find_widget (GTK_WIDGET (day_window ()),
                                                                     ACC_TYPE_DAY_SWITCHER));

  g_assert_nonnull (switcher);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (switcher)));
  return switcher;
}

/* The header says @text of the day, and a screen reader “Day shown: ” and @spoken. */
static void
assert_header (const char *text,
               const char *spoken)
{
  AccDaySwitcher *switcher = get_switcher ();
  GtkWidget *button = acc_test_find_widget (GTK_WIDGET (switcher), GTK_TYPE_MENU_BUTTON);
  g_autofree char *reader_label = g_strdup_printf ("Day shown: %s", spoken);
  g_autofree char *shown = acc_format_day_short (acc_day_switcher_get_date (switcher));

  g_assert_cmpstr (acc_day_switcher_get_text (switcher), ==, text);
  /* The day in short on screen, whole; in words for a screen reader. */
  g_assert_nonnull (acc_test_find_label (GTK_WIDGET (switcher), shown));
  g_assert_nonnull (button);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       reader_label);
}

static gboolean
is_label_saying (GtkWidget     *widget,
                 gconstpointer  part)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), part) != NULL;
}

/* At 03:59:57 the school is still on the 30th: the desk opens it, and says it is today. */
static void
test_first_day (void)
{
  g_application_activate (G_APPLICATION (app));
  SPIN_UNTIL (window_shows (DAY1));

  g_assert_cmpuint (count_windows (), ==, 1);
  assert_header ("Wednesday 30 December · Today", "Wednesday 30 December, Today");

  /* A size of the staff's own, which the next day's window keeps; and its preferences left
   * open over it. */
  first_window = day_window ();
  g_object_add_weak_pointer (G_OBJECT (first_window), (gpointer *) &first_window);
  gtk_window_set_default_size (GTK_WINDOW (first_window), 1100, 700);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_nonnull (find_toplevel (ACC_TYPE_PREFERENCES_WINDOW));
  g_assert_true (gtk_window_get_transient_for (find_toplevel (ACC_TYPE_PREFERENCES_WINDOW)) ==
                 GTK_WINDOW (first_window));

  /* The 30th's engine sends the check-in, and the cloud holds it back: it is still waiting
   * when the day changes, two or three seconds from now. */
  SPIN_UNTIL (cloud->held != NULL);
  g_assert_cmpuint (acc_test_get_status (acc_window_get_store (first_window)).pending, ==,
                    day1_pending);
}

/* At 04:00 the desk is on the 31st by itself, in a window of the same size, without the
 * dialogs of the 30th's; the 30th keeps in its file the check-in it had not sent. */
static void
test_day_change (void)
{
  g_autofree char *path = acc_days_path (folder, SCHOOL, DAY1);
  g_autoptr(AccStore) day1 = NULL;
  g_autoptr(GError) error = NULL;
  int width = 0, height = 0;

  SPIN_UNTIL (window_shows (DAY2));

  g_assert_null (first_window);
  g_assert_null (find_toplevel (ACC_TYPE_PREFERENCES_WINDOW));
  g_assert_cmpuint (count_windows (), ==, 1);
  assert_header ("Thursday 31 December · Today", "Thursday 31 December, Today");
  gtk_window_get_default_size (GTK_WINDOW (day_window ()), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 700);

  day1 = acc_store_open (path, ACC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (acc_test_is_checked_in (day1, FX_E_ZOE));

  /* The 30th's check-in, kept, is sent by the desk that has moved on. */
  SPIN_UNTIL (acc_test_get_status (day1).pending == 0);
  g_assert_cmpuint (cloud->n_bulk_docs, >=, 1);
  g_assert_cmpuint (g_hash_table_size (cloud->docs), ==, acc_test_count_docs (day1));
}

/* Opens the header's list of days, and returns it. */
static GtkListBox *
popup_days (void)
{
  AccDaySwitcher *switcher = get_switcher ();
  GtkMenuButton *button = GTK_MENU_BUTTON (acc_test_find_widget (GTK_WIDGET (switcher),
                                                                 GTK_TYPE_MENU_BUTTON));
  GtkPopover *popover = gtk_menu_button_get_popover (button);

  gtk_menu_button_popup (button);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  return GTK_LIST_BOX (acc_test_find_widget (GTK_WIDGET (popover), GTK_TYPE_LIST_BOX));
}

/* The header's list holds the two days; its row of the 30th opens the 30th, now yesterday,
 * and the switcher's action the 31st again. */
static void
test_switch (void)
{
  GtkListBox *list = popup_days ();
  GtkListBoxRow *row;

  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 1));
  /* After the days, the one that opens the next. */
  row = gtk_list_box_get_row_at_index (list, 2);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "days.open-new");
  g_assert_null (gtk_list_box_get_row_at_index (list, 3));

  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "days.open");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Wednesday 30 December, Yesterday");
  gtk_widget_activate (GTK_WIDGET (row));
  SPIN_UNTIL (window_shows (DAY1));
  g_assert_cmpuint (count_windows (), ==, 1);
  assert_header ("Wednesday 30 December · Yesterday", "Wednesday 30 December, Yesterday");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_switcher ()), "days.open", "s",
                                             DAY2));
  SPIN_UNTIL (window_shows (DAY2));
  g_assert_cmpuint (count_windows (), ==, 1);
  assert_header ("Thursday 31 December · Today", "Thursday 31 December, Today");
}

/* The last day held, the 31st, opens the 1st from its row, once the supervisor says yes: a
 * new file, its documents waiting for the cloud, in the window. Back to the 31st after. */
static void
test_open_new_day (void)
{
  GtkListBox *list = popup_days ();
  g_autofree char *path = acc_days_path (folder, SCHOOL, "2027-01-01");
  GtkListBoxRow *row;
  GtkWindow *dialog;
  g_autoptr(AccStore) opened = NULL;

  row = gtk_list_box_get_row_at_index (list, 2);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Open Friday 1 January… From Thursday 31 December, "
                                       "when the cloud has not sent it");
  gtk_widget_activate (GTK_WIDGET (row));
  SPIN_UNTIL ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "open");
  SPIN_UNTIL (window_shows ("2027-01-01"));
  g_assert_cmpuint (count_windows (), ==, 1);
  assert_header ("Friday 1 January · Tomorrow", "Friday 1 January, Tomorrow");
  g_assert_cmpuint (acc_test_get_status (acc_window_get_store (day_window ())).pending, >, 0);
  opened = acc_store_open (path, ACC_STORE_OPEN_DEFAULT, NULL);
  g_assert_nonnull (opened);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_switcher ()), "days.open", "s",
                                             DAY2));
  SPIN_UNTIL (window_shows (DAY2));
}

/* A day change to a day the desk does not hold, and no server to receive it from: the desk
 * stays where it is and says why. A later day change in the preferences puts the school
 * back on the 30th, whose file is away. */
static void
test_day_not_held (void)
{
  g_autofree char *path = acc_days_path (folder, SCHOOL, DAY1);
  g_autofree char *away = g_strconcat (path, ".away", NULL);
  AccWindow *window = day_window ();

  /* No cloud either. */
  g_settings_set_string (settings, "server-url", "");
  g_assert_cmpint (g_rename (path, away), ==, 0);
  g_settings_set_string (settings, "day-change", "23:59");

  SPIN_UNTIL (acc_test_find (GTK_WIDGET (window), is_label_saying, "is not on this desk"));
  g_assert_true (day_window () == window);
  g_assert_true (window_shows (DAY2));
  assert_header ("Thursday 31 December · Tomorrow", "Thursday 31 December, Tomorrow");

  g_settings_set_string (settings, "day-change", "04:00");
  acc_test_spin_a_little ();
  g_assert_true (day_window () == window);
  assert_header ("Thursday 31 December · Today", "Thursday 31 December, Today");
  g_assert_cmpint (g_rename (away, path), ==, 0);
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* The preferences write the day change when it is applied, and only as a time: “4:30” as
 * 04:30; “25:00” not at all, and the row says so. Settings of their own, so that the desk
 * does not change day. */
static void
test_preferences (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) own = g_settings_new_full (schema, backend, NULL);
  AccPreferencesWindow *window = acc_preferences_window_new (NULL, own);
  GtkWidget *row = acc_test_find (GTK_WIDGET (window), is_row_titled, "Day change (HH:MM)");
  GtkWidget *spin;
  g_autofree char *applied = NULL;
  g_autofree char *kept = NULL;

  gtk_window_present (GTK_WINDOW (window));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "04:00");

  gtk_editable_set_text (GTK_EDITABLE (row), "4:30");
  g_signal_emit_by_name (row, "apply");
  applied = g_settings_get_string (own, "day-change");
  g_assert_cmpstr (applied, ==, "04:30");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "04:30");

  gtk_editable_set_text (GTK_EDITABLE (row), "25:00");
  g_signal_emit_by_name (row, "apply");
  kept = g_settings_get_string (own, "day-change");
  g_assert_cmpstr (kept, ==, "04:30");
  g_assert_true (gtk_widget_has_css_class (row, "error"));

  spin = acc_test_find (GTK_WIDGET (window), is_row_titled, "Days held ahead");
  g_assert_nonnull (spin);
  spin = acc_test_find_widget (spin, GTK_TYPE_SPIN_BUTTON);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 7);
  g_settings_set_uint (own, "days-ahead", 10);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 10);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
quit_app (void)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  acc_test_spin_a_little ();
  g_clear_object (&app);
}

int
main (int   argc,
      char *argv[])
{
  GTestDBus *bus;
  g_autofree char *config = NULL;
  g_autofree char *display = NULL;
  int rc;

  /* Before anything reads them; never the user's settings, session bus or folders. */
  g_setenv ("ACCUEIL_NOW", NOW, TRUE);
  g_setenv ("TZ", "Europe/Paris", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* The accessible properties, without an accessibility bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  config = acc_test_use_config_dir ();
  /* GtkApplication wants a session bus: a private one. Starting it forgets the display. */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  gtk_test_init (&argc, &argv, NULL);

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), SCHEMA_ID,
                                            TRUE);
  if (schema == NULL)
    {
      g_print ("Bail out! No settings schema %s: set GSETTINGS_SCHEMA_DIR to the build "
               "tree's data folder, as meson test does\n", SCHEMA_ID);
      return 1;
    }

  folder = acc_test_make_dir ();
  make_day (DAY1, TRUE);
  make_day (DAY2, FALSE);

  settings = g_settings_new_full (schema, NULL, NULL);
  g_settings_set_string (settings, "school", SCHOOL);
  g_settings_set_string (settings, "data-folder", folder);
  g_settings_set_boolean (settings, "serve-day", FALSE);
  g_settings_set_uint (settings, "days-ahead", 0);

  cloud = mock_new ();
  cloud->db_name = acc_days_name (SCHOOL, DAY1);
  mock_put_fixture (cloud);
  cloud->hold_path = g_strdup ("/db/_bulk_docs");
  cloud->hold_nth = 1;
  cloud->hold_until = G_MAXUINT;
  {
    g_autofree char *server = g_strndup (cloud->url, strlen (cloud->url) - strlen ("/db"));

    g_settings_set_string (settings, "server-url", server);
  }

  app = acc_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) |
                           G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/ui/day-change/first-day", test_first_day);
  g_test_add_func ("/ui/day-change/day-change", test_day_change);
  g_test_add_func ("/ui/day-change/switch", test_switch);
  g_test_add_func ("/ui/day-change/open-new-day", test_open_new_day);
  g_test_add_func ("/ui/day-change/day-not-held", test_day_not_held);
  g_test_add_func ("/ui/day-change/preferences", test_preferences);

  rc = g_test_run ();

  quit_app ();
  mock_free (cloud);
  g_clear_object (&settings);
  g_clear_pointer (&schema, g_settings_schema_unref);
  acc_test_remove_dir (folder);
  g_free (folder);
  acc_test_remove_dir (config);
  /* Libadwaita keeps its connection to the bus for the life of the process: the bus is
   * stopped, not taken down (g_test_dbus_down(), also run by its dispose, waits for the
   * connection to go). */
  g_test_dbus_stop (bus);
  return rc;
}
