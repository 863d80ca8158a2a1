/* acc-application-days.c: the days of the data folder, and the window that follows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * A desk with a school holds its days in the data folder, <school>-<YYYY-MM-DD>.db each
 * (AccDeskDays); with a server, AccHeldDays keeps the days ahead and the past days with
 * something unsent in step with it, in the background, while the window's own engine syncs
 * the day it shows.
 *
 * A window shows one day from its creation to its end: its context (store, sync engine,
 * peers, peer server) is construct-only, and every page is built for one store. Moving the
 * desk to another day, at the school's day change or when staff pick a day in the header,
 * replaces the window with a new one for the new day, rather than rebinding each page to a
 * new context (acc_window_set_context()): nothing can keep a reference to the previous day's
 * store, no page has to learn to change days, and the code that opens a day is the one that
 * opens the first. The old window closes as staff would close it, saving its size, which
 * the new one reads; full screen is carried over. GTK 4 cannot place a window, so its
 * position is the window manager's (a desk runs maximized or full screen).
 *
 * The old context is disposed at once, before the new one is made: its engine stops, and its
 * peer server frees the port the new day's serves on. What it had not sent stays in its
 * file; AccHeldDays, told which day is open now, sends it from then on.
 *
 * The first day is the school's day (acc_days_today()), not the calendar's: a desk opened at
 * 2 a.m. opens the day before. A day's file is made empty only when a server can fill it;
 * without one, a day change to a day the desk does not hold leaves the desk where it is, and
 * says so. A desk started with --db FILE shows that file only (acc-application.c): no days,
 * no day change.
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "acc-application-private.h"
#include "acc-days.h"
#include "acc-error.h"
#include "acc-ui-util.h"

/* The data folder of the preferences; empty means the user's data folder. */
static char *
dup_folder (GSettings *settings)
{
  g_autofree char *folder = g_settings_get_string (settings, "data-folder");

  if (folder[0] != '\0')
    return g_steal_pointer (&folder);
  return g_build_filename (g_get_user_data_dir (), "accueil", NULL);
}

static gboolean
has_server (AccApplication *self)
{
  g_autofree char *server = g_settings_get_string (self->settings, "server-url");

  return server[0] != '\0';
}

static guint
read_day_change (GSettings *settings)
{
  g_autofree char *text = g_settings_get_string (settings, "day-change");

  return acc_desk_days_read_change (text);
}

static void
on_day_settings_changed (AccApplication *self,
                         const char     *key)
{
  guint change;

  if (self->days == NULL)
    return;

  change = read_day_change (self->settings);
  acc_desk_days_set_change (self->days, change);
  if (self->held == NULL)
    return;
  acc_held_days_set_day_change (self->held, change);
  acc_held_days_set_window (self->held, g_settings_get_uint (self->settings, "days-ahead"));
  acc_held_days_set_retention (self->held, g_settings_get_uint (self->settings,
                                                                "retention-days"));
}

/* Closes the windows over @parent, theirs first: GTK 4.8 trips over a transient window that
 * outlives its parent. */
static void
destroy_transients (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) transients = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (window) == parent)
        g_ptr_array_add (transients, g_steal_pointer (&window));
    }

  for (guint i = 0; i < transients->len; i++)
    {
      destroy_transients (g_ptr_array_index (transients, i));
      gtk_window_destroy (g_ptr_array_index (transients, i));
    }
}

/* Closes the window of the day shown as staff would, so that it saves its size, and ends its
 * context now rather than with its last reference (see the notes above). */
static void
close_day_window (AccApplication *self)
{
  AccContext *context;
  g_autoptr(AccContext) held_context = NULL;

  if (self->day_window == NULL)
    return;

  context = acc_window_get_context (self->day_window);
  if (context != NULL)
    held_context = g_object_ref (context);
  destroy_transients (GTK_WINDOW (self->day_window));
  gtk_window_close (GTK_WINDOW (self->day_window));
  if (held_context != NULL)
    g_object_run_dispose (G_OBJECT (held_context));
}

/* Puts the day @date (@store, or @error) in a new window, in place of the day shown. */
static AccWindow *
show_day (AccApplication *self,
          AccStore       *store,
          const char     *date,
          const GError   *error)
{
  gboolean fullscreen = self->day_window != NULL &&
                        gtk_window_is_fullscreen (GTK_WINDOW (self->day_window));
  AccWindow *window;

  /* The application would quit between the two windows. */
  g_application_hold (G_APPLICATION (self));
  close_day_window (self);
  window = _acc_application_new_window (self, store, self->days, NULL, NULL, error);
  g_set_weak_pointer (&self->day_window, window);
  g_free (self->open_date);
  self->open_date = g_strdup (date);

  if (self->held != NULL)
    {
      acc_held_days_set_open_day (self->held, date);
      acc_held_days_start (self->held);
    }
  if (fullscreen)
    gtk_window_fullscreen (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (self));

  return window;
}

/* Tells the day shown why the desk did not move to @date. */
static void
say_not_moved (AccApplication *self,
               const char     *date,
               gboolean        at_day_change,
               const GError   *error)
{
  g_autofree char *day = NULL;
  g_autofree char *message = NULL;

  if (!at_day_change || !g_error_matches (error, ACC_ERROR, ACC_ERROR_NOT_FOUND))
    {
      acc_window_add_toast (self->day_window, error->message);
      return;
    }

  day = acc_format_day (date, FALSE);
  /* Translators: a toast at the school's day change, when this desk does not hold the new
   * day (%s, “Thursday 31 December”) and has no server to receive it from. One line: the
   * header says “Yesterday” of the day shown from then on. */
  message = g_strdup_printf (_("The planning of %s is not on this desk: it stays on the day "
                               "before."), day);
  acc_window_add_toast (self->day_window, message);
}

/* Moves the desk to the day @date: made empty when a server can fill it. */
static void
move_to_day (AccApplication *self,
             const char     *date,
             gboolean        at_day_change)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) store = acc_desk_days_open (self->days, date, has_server (self), &error);

  if (store == NULL)
    say_not_moved (self, date, at_day_change, error);
  else
    show_day (self, store, date, NULL);
}

/* The day change: the window moves to the new day, unless staff opened it already. */
static void
on_today_changed (AccApplication *self)
{
  g_autofree char *today = g_strdup (acc_desk_days_get_today (self->days));

  if (self->day_window == NULL || g_strcmp0 (today, self->open_date) == 0)
    return;

  move_to_day (self, today, TRUE);
}

/* The days of the data folder, and the days ahead kept in step with the server when there is
 * one; @error says why they cannot be. */
static void
setup_days (AccApplication  *self,
            GError         **error)
{
  static const char * const keys[] = { "day-change", "days-ahead", "retention-days" };
  g_autofree char *school = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *server = NULL;

  if (self->days != NULL || self->settings == NULL)
    return;
  school = g_settings_get_string (self->settings, "school");
  if (school[0] == '\0')
    return;

  folder = dup_folder (self->settings);
  self->days = acc_desk_days_new (folder, school, read_day_change (self->settings));
  g_signal_connect_object (self->days, "notify::today", G_CALLBACK (on_today_changed),
                           self, G_CONNECT_SWAPPED);

  server = g_settings_get_string (self->settings, "server-url");
  if (server[0] != '\0')
    self->held = acc_held_days_new (folder, school, server,
                                    _acc_application_sync_flags (self->settings), error);
  if (self->held != NULL)
    g_signal_connect_object (self->held, "days-changed",
                             G_CALLBACK (acc_desk_days_files_changed), self->days,
                             G_CONNECT_SWAPPED);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", keys[i], NULL);

      g_signal_connect_object (self->settings, signal, G_CALLBACK (on_day_settings_changed),
                               self, G_CONNECT_SWAPPED);
    }
  on_day_settings_changed (self, NULL);
}

/**
 * _acc_application_open_days:
 *
 * Opens the window of the school's day, as the desk starts: its file is made empty when a
 * server can fill it. Without a school, or without the day and a server, the window says how
 * to get one.
 *
 * Returns: (transfer none): the window
 */
AccWindow *
_acc_application_open_days (AccApplication *self)
{
  g_autoptr(GError) held_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) store = NULL;
  g_autofree char *today = NULL;
  AccWindow *window;

  setup_days (self, &held_error);
  if (self->days == NULL)
    return _acc_application_new_window (self, NULL, NULL, NULL, NULL, NULL);

  today = g_strdup (acc_desk_days_get_today (self->days));
  store = acc_desk_days_open (self->days, today, has_server (self), &error);
  /* Neither held nor to be received: the window says how to get a day. */
  if (g_error_matches (error, ACC_ERROR, ACC_ERROR_NOT_FOUND))
    g_clear_error (&error);

  window = show_day (self, store, today, error);
  if (held_error != NULL)
    acc_window_add_toast (window, held_error->message);
  return window;
}

/* Opens the day @date, which the desk does not hold, from the held day @source. */
static void
open_new_day (AccApplication *self,
              const char     *source,
              const char     *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) store = acc_desk_days_open_from (self->days, source, date, &error);

  if (store == NULL)
    acc_window_add_toast (self->day_window, error->message);
  else
    show_day (self, store, date, NULL);
}

static gboolean
switch_idle (gpointer user_data)
{
  AccApplication *self = user_data;
  g_autofree char *date = g_steal_pointer (&self->asked_date);
  g_autofree char *source = g_steal_pointer (&self->asked_source);

  self->switch_id = 0;
  if (self->day_window == NULL || g_strcmp0 (date, self->open_date) == 0)
    return G_SOURCE_REMOVE;
  if (source != NULL)
    open_new_day (self, source, date);
  else
    move_to_day (self, date, FALSE);
  return G_SOURCE_REMOVE;
}

/* Shows @date in a moment, opened from @source when not %NULL: the widget or dialog that
 * asks goes with its window. */
static void
ask_for_day (AccApplication *self,
             const char     *source,
             const char     *date)
{
  g_free (self->asked_date);
  self->asked_date = g_strdup (date);
  g_free (self->asked_source);
  self->asked_source = g_strdup (source);
  if (self->switch_id == 0)
    self->switch_id = g_idle_add (switch_idle, self);
}

/* app.open-day (a date, YYYY-MM-DD): shows another day held in the data folder. */
static void
open_day_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  AccApplication *self = ACC_APPLICATION (user_data);
  const char *date = g_variant_get_string (parameter, NULL);

  if (self->days == NULL || !acc_days_date_is_valid (date))
    return;

  ask_for_day (self, NULL, date);
}

static void
on_open_new_response (AdwMessageDialog *dialog,
                      const char       *response,
                      AccApplication   *self)
{
  if (g_str_equal (response, "open"))
    ask_for_day (self, g_object_get_data (G_OBJECT (dialog), "source"),
                 g_object_get_data (G_OBJECT (dialog), "date"));
}

/* Whether the cloud answers the day shown now: it then sends the days it planned, and a day
 * opened at the desk would be a second planning of one it has. */
static gboolean
cloud_answers (AccApplication *self)
{
  AccContext *context = acc_window_get_context (self->day_window);
  AccSyncEngine *engine = context ? acc_context_get_engine (context) : NULL;

  return engine != NULL && acc_sync_engine_get_state (engine) == ACC_SYNC_ONLINE;
}

/* app.open-new-day (a held day, the day to open, YYYY-MM-DD each): once a person has said
 * yes, opens a day the cloud never planned from the held day. */
static void
open_new_day_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  AccApplication *self = ACC_APPLICATION (user_data);
  const char *source, *date;
  g_autofree char *source_day = NULL, *day = NULL, *heading = NULL, *body = NULL;
  AdwMessageDialog *dialog;

  g_variant_get (parameter, "(&s&s)", &source, &date);
  if (self->days == NULL || self->day_window == NULL || !acc_days_date_is_valid (source) ||
      !acc_days_date_is_valid (date))
    return;
  if (cloud_answers (self))
    {
      acc_window_add_toast (self->day_window,
                            _("The cloud answers: it sends the days it planned. Open a day "
                              "at the desk only while the cloud is gone."));
      return;
    }

  source_day = acc_format_day (source, FALSE);
  day = acc_format_day (date, FALSE);
  /* Translators: the question before a day the cloud never sent is opened at the desk;
   * %s is the day (“Saturday 2 January”). */
  heading = g_strdup_printf (_("Open %s at the Desk?"), day);
  /* Translators: %1$s is the new day, %2$s the held day it is made from. */
  body = g_strdup_printf (_("The cloud has not sent %1$s. The desk makes it from %2$s: the same "
                            "sessions at the same times, the same groups with their "
                            "instructors, and the children of courses that go on, in their "
                            "groups. Other desks that open it from the same day make the same "
                            "planning, and it reaches the cloud when the cloud returns."),
                          day, source_day);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self->day_window), heading,
                                                       body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "open", _("_Open Day"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "source", g_strdup (source), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "date", g_strdup (date), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_open_new_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_acc_application_add_day_actions (AccApplication *self)
{
  static const GActionEntry actions[] = {
    { .name = "open-day", .activate = open_day_action, .parameter_type = "s" },
    { .name = "open-new-day", .activate = open_new_day_action, .parameter_type = "(ss)" },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
}

void
_acc_application_clear_days (AccApplication *self)
{
  g_clear_handle_id (&self->switch_id, g_source_remove);
  if (self->held != NULL)
    acc_held_days_stop (self->held);
  g_clear_object (&self->held);
  g_clear_object (&self->days);
  g_clear_weak_pointer (&self->day_window);
  g_clear_pointer (&self->open_date, g_free);
  g_clear_pointer (&self->asked_date, g_free);
  g_clear_pointer (&self->asked_source, g_free);
}
