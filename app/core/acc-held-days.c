/* acc-held-days.c: the window of days a desk keeps in step with the cloud
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * A pass goes over the days of the window one after the other, today first: so that an
 * outage that starts tonight finds today complete before anything of next week is asked for.
 * Each day is one AccSyncEngine run (pull, then push) on its own file, made for the pass and
 * let go after it: the days ahead change little, and a desk holds a handful of them.
 *
 * A pass, in order:
 * 1. deletes the past days past the retention period that have nothing waiting
 *    (acc_days_remove_expired());
 * 2. syncs today and each of the next days of the window, making their files when missing;
 *    a day the cloud has not made yet (404) is no failure: its empty file is removed and the
 *    day asked for again at the next pass;
 * 3. syncs every other held day with something still waiting: a past day whose check-ins
 *    were never sent, a day opened at the desk.
 *
 * The open day (set by the app) is left out: its window syncs it continuously, and it is
 * never deleted. Started, the object runs a pass, waits the interval, and runs another.
 */
#define G_LOG_DOMAIN "accueil-sync"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "acc-days.h"
#include "acc-error.h"
#include "acc-held-days.h"
#include "acc-peer-server.h"
#include "acc-store.h"

#define INTERVAL_DEFAULT 60 /* Seconds between two passes. */

struct _AccHeldDays
{
  GObject       parent_instance;

  char         *folder;
  char         *school;
  char         *server;
  AccSyncFlags  flags;
  guint         window;
  guint         retention;
  guint         change;
  char         *open_day;
  guint         interval;

  GCancellable *cancellable; /* Of the passes of start(). */
  guint         timeout_id;
  gboolean      running;
  gboolean      in_pass;    /* A pass of start() is under way, */
  gboolean      again;      /* and another is to follow it at once. */
};

G_DEFINE_FINAL_TYPE (AccHeldDays, acc_held_days, G_TYPE_OBJECT)

enum
{
  SIGNAL_DAY_DONE,
  SIGNAL_DAYS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One pass over the window. */
typedef struct
{
  GPtrArray     *dates;   /* To sync, in order. */
  guint          next;
  GPtrArray     *reports; /* AccHeldDayReport */
  AccStore      *store;   /* Of the day being synced. */
  AccSyncEngine *engine;
  gboolean       created; /* Its file was made by this pass. */
} Pass;

static void
pass_free (Pass *pass)
{
  g_clear_pointer (&pass->dates, g_ptr_array_unref);
  g_clear_pointer (&pass->reports, g_ptr_array_unref);
  g_clear_object (&pass->engine);
  g_clear_object (&pass->store);
  g_free (pass);
}

void
acc_held_day_report_free (AccHeldDayReport *report)
{
  if (report == NULL)
    return;
  g_free (report->date);
  g_free (report->message);
  g_free (report);
}

static AccHeldDayReport *
report_new (const char        *date,
            AccHeldDayOutcome  outcome)
{
  AccHeldDayReport *report = g_new0 (AccHeldDayReport, 1);

  report->date = g_strdup (date);
  report->outcome = outcome;
  return report;
}

static void
acc_held_days_finalize (GObject *object)
{
  AccHeldDays *self = ACC_HELD_DAYS (object);

  acc_held_days_stop (self);
  g_free (self->folder);
  g_free (self->school);
  g_free (self->server);
  g_free (self->open_day);

  G_OBJECT_CLASS (acc_held_days_parent_class)->finalize (object);
}

static void
acc_held_days_class_init (AccHeldDaysClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = acc_held_days_finalize;

  /**
   * AccHeldDays::day-done:
   * @report: (type AccHeldDayReport): what became of the day
   */
  signals[SIGNAL_DAY_DONE] = g_signal_new ("day-done", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_POINTER);
  /**
   * AccHeldDays::days-changed:
   *
   * A day's file was made or deleted.
   */
  signals[SIGNAL_DAYS_CHANGED] = g_signal_new ("days-changed", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 0);
}

static void
acc_held_days_init (AccHeldDays *self)
{
  self->window = ACC_DAYS_WINDOW_DEFAULT;
  self->retention = ACC_DAYS_RETENTION_DEFAULT;
  self->change = ACC_DAYS_CHANGE_DEFAULT;
  self->interval = INTERVAL_DEFAULT;
}

/**
 * acc_held_days_new:
 * @folder: where the days are kept, one file each
 * @school: the school's id, which names its days
 * @server_url: the cloud server (`https://host:port`), not a database
 * @flags: how to reach it
 *
 * Returns: (transfer full) (nullable): the window of days, or %NULL when @school cannot
 *   name a day or @server_url is no URL
 */
AccHeldDays *
acc_held_days_new (const char    *folder,
                   const char    *school,
                   const char    *server_url,
                   AccSyncFlags   flags,
                   GError       **error)
{
  g_autofree char *name = NULL;
  AccHeldDays *self;
  gsize len;

  g_return_val_if_fail (folder != NULL && school != NULL && server_url != NULL, NULL);

  name = acc_days_name (school, "2000-01-01");
  if (!acc_peer_server_name_is_valid (name) ||
      strspn (school, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen (school))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("“%s” is not a school id: lowercase letters, digits and dashes, starting "
                     "with a letter"), school);
      return NULL;
    }
  if (!g_uri_is_valid (server_url, G_URI_FLAGS_NONE, NULL))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID, _("“%s” is not a server’s address"),
                   server_url);
      return NULL;
    }

  self = g_object_new (ACC_TYPE_HELD_DAYS, NULL);
  self->folder = g_strdup (folder);
  self->school = g_strdup (school);
  self->server = g_strdup (server_url);
  for (len = strlen (self->server); len > 0 && self->server[len - 1] == '/'; len--)
    self->server[len - 1] = '\0';
  self->flags = flags;
  return self;
}

void
acc_held_days_set_window (AccHeldDays *self,
                          guint        days_ahead)
{
  g_return_if_fail (ACC_IS_HELD_DAYS (self));
  self->window = MIN (days_ahead, 366);
}

void
acc_held_days_set_retention (AccHeldDays *self,
                             guint        days)
{
  g_return_if_fail (ACC_IS_HELD_DAYS (self));
  self->retention = days;
}

void
acc_held_days_set_day_change (AccHeldDays *self,
                              guint        minutes)
{
  g_return_if_fail (ACC_IS_HELD_DAYS (self));
  g_return_if_fail (minutes < 24 * 60);
  self->change = minutes;
}

static void acc_held_days_run_soon (AccHeldDays *self);

/**
 * acc_held_days_set_open_day:
 * @date: (nullable): the day open on the desk, which its window syncs itself
 *
 * When it changes while started, a pass runs at once: the day left is synced from then on.
 */
void
acc_held_days_set_open_day (AccHeldDays *self,
                            const char  *date)
{
  g_return_if_fail (ACC_IS_HELD_DAYS (self));

  if (g_strcmp0 (date, self->open_day) == 0)
    return;
  g_free (self->open_day);
  self->open_day = g_strdup (date);

  /* The day left has nobody syncing it from now on, and may hold what was not sent: a pass
   * now, not at the end of the interval. */
  if (self->running)
    acc_held_days_run_soon (self);
}

void
acc_held_days_set_interval (AccHeldDays *self,
                            guint        seconds)
{
  g_return_if_fail (ACC_IS_HELD_DAYS (self));
  self->interval = MAX (seconds, 1);
}

const char *
acc_held_days_get_folder (AccHeldDays *self)
{
  g_return_val_if_fail (ACC_IS_HELD_DAYS (self), NULL);
  return self->folder;
}

const char *
acc_held_days_get_school (AccHeldDays *self)
{
  g_return_val_if_fail (ACC_IS_HELD_DAYS (self), NULL);
  return self->school;
}

/* A pass */

static void
add_date (AccHeldDays *self,
          GPtrArray   *dates,
          const char  *date)
{
  if (date == NULL || g_strcmp0 (date, self->open_day) == 0)
    return;
  for (guint i = 0; i < dates->len; i++)
    if (g_str_equal (g_ptr_array_index (dates, i), date))
      return;
  g_ptr_array_add (dates, g_strdup (date));
}

/* Whether the held day @date has something waiting to be sent; TRUE when it cannot be told,
 * so that it is tried. */
static gboolean
day_has_waiting (AccHeldDays *self,
                 const char  *date)
{
  g_autofree char *path = acc_days_path (self->folder, self->school, date);
  g_autoptr(AccStore) store = acc_store_open (path, ACC_STORE_OPEN_DEFAULT, NULL);
  AccStoreStatus status;

  return store == NULL || !acc_store_get_status (store, &status, NULL) || status.pending > 0;
}

/* Deletes what the retention lets go, then lists the days to sync, in order. */
static gboolean
plan_pass (AccHeldDays  *self,
           Pass         *pass,
           GError      **error)
{
  g_autofree char *today = acc_days_today (self->change);
  g_auto(GStrv) removed = NULL;
  g_auto(GStrv) held = NULL;

  if (g_mkdir_with_parents (self->folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, ACC_ERROR, ACC_ERROR_IO, _("Cannot create the folder of days %s: %s"),
                   self->folder, g_strerror (saved));
      return FALSE;
    }

  removed = acc_days_remove_expired (self->folder, self->school, today, self->retention,
                                     self->open_day, error);
  if (removed == NULL)
    return FALSE;
  for (guint i = 0; removed[i] != NULL; i++)
    {
      AccHeldDayReport *report = report_new (removed[i], ACC_HELD_DAY_REMOVED);

      g_ptr_array_add (pass->reports, report);
      g_signal_emit (self, signals[SIGNAL_DAY_DONE], 0, report);
    }
  if (removed[0] != NULL)
    g_signal_emit (self, signals[SIGNAL_DAYS_CHANGED], 0);

  for (guint i = 0; i <= self->window; i++)
    {
      g_autofree char *date = acc_days_add (today, (int) i);

      add_date (self, pass->dates, date);
    }

  held = acc_days_list (self->folder, self->school, error);
  if (held == NULL)
    return FALSE;
  for (guint i = 0; held[i] != NULL; i++)
    if (day_has_waiting (self, held[i]))
      add_date (self, pass->dates, held[i]);
  return TRUE;
}

static void sync_next_day (GTask *task);

/* Opens the day's file, made when missing and named as the cloud's database. */
static AccStore *
open_day (AccHeldDays  *self,
          const char   *date,
          gboolean     *created,
          GError      **error)
{
  g_autofree char *path = acc_days_path (self->folder, self->school, date);
  g_autofree char *name = acc_days_name (self->school, date);
  g_autoptr(AccStore) store = NULL;

  *created = !g_file_test (path, G_FILE_TEST_EXISTS);
  store = acc_store_open (path, ACC_STORE_OPEN_CREATE, error);
  if (store == NULL)
    return NULL;
  if (*created &&
      (!acc_store_set_day (store, date, error) ||
       !acc_peer_server_keep_day_name (store, name, error)))
    {
      g_clear_object (&store);
      acc_days_remove_file (path);
      return NULL;
    }
  return g_steal_pointer (&store);
}

static gboolean
store_is_empty (AccStore *store)
{
  gint64 seq = 0, docs = 0, deleted = 0;

  return acc_store_get_update_seq (store, &seq, &docs, &deleted, NULL) && docs + deleted == 0;
}

static void
finish_day (GTask            *task,
            AccHeldDayReport *report)
{
  AccHeldDays *self = g_task_get_source_object (task);
  Pass *pass = g_task_get_task_data (task);
  AccStoreStatus status;

  if (pass->engine != NULL)
    {
      report->received = acc_sync_engine_get_received (pass->engine);
      report->sent = acc_sync_engine_get_sent (pass->engine);
    }
  if (pass->store != NULL && acc_store_get_status (pass->store, &status, NULL))
    report->pending = status.pending;

  g_clear_object (&pass->engine);
  /* A day this pass made and could not fill leaves no file: offline, the days ahead are not
   * empty days, they are days not had yet. */
  if (pass->created && pass->store != NULL && store_is_empty (pass->store))
    {
      g_autofree char *path = g_strdup (acc_store_get_path (pass->store));

      g_clear_object (&pass->store);
      acc_days_remove_file (path);
    }
  else if (pass->created && pass->store != NULL)
    g_signal_emit (self, signals[SIGNAL_DAYS_CHANGED], 0);
  g_clear_object (&pass->store);

  g_ptr_array_add (pass->reports, report);
  g_signal_emit (self, signals[SIGNAL_DAY_DONE], 0, report);
  sync_next_day (task);
}

static void
on_day_synced (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pass *pass = g_task_get_task_data (task);
  const char *date = g_ptr_array_index (pass->dates, pass->next - 1);
  g_autoptr(GError) error = NULL;
  AccHeldDayReport *report;

  if (acc_sync_engine_run_finish (ACC_SYNC_ENGINE (source), result, &error))
    report = report_new (date, ACC_HELD_DAY_SYNCED);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  else if (g_error_matches (error, ACC_ERROR, ACC_ERROR_NOT_FOUND) &&
           store_is_empty (pass->store))
    report = report_new (date, ACC_HELD_DAY_NOT_YET);
  else
    {
      report = report_new (date, ACC_HELD_DAY_FAILED);
      report->message = g_strdup (error->message);
    }

  finish_day (g_steal_pointer (&task), report);
}

static void
sync_next_day (GTask *task)
{
  AccHeldDays *self = g_task_get_source_object (task);
  Pass *pass = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;
  const char *date;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (pass->next >= pass->dates->len)
    {
      g_task_return_pointer (task, g_steal_pointer (&pass->reports),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  date = g_ptr_array_index (pass->dates, pass->next++);
  /* Opened on the desk since the pass was planned: its window syncs it now. */
  if (g_strcmp0 (date, self->open_day) == 0)
    {
      sync_next_day (task);
      return;
    }
  pass->store = open_day (self, date, &pass->created, &error);
  if (pass->store != NULL)
    {
      name = acc_days_name (self->school, date);
      url = g_strdup_printf ("%s/%s", self->server, name);
      pass->engine = acc_sync_engine_new (pass->store, url, self->flags, &error);
    }
  if (pass->engine == NULL)
    {
      AccHeldDayReport *report = report_new (date, ACC_HELD_DAY_FAILED);

      report->message = g_strdup (error->message);
      finish_day (task, report);
      return;
    }

  acc_sync_engine_run_async (pass->engine, ACC_SYNC_PULL_PUSH, g_task_get_cancellable (task),
                             on_day_synced, task);
}

/**
 * acc_held_days_run_async:
 *
 * Runs one pass over the window of days (see the notes above).
 */
void
acc_held_days_run_async (AccHeldDays         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Pass *pass;

  g_return_if_fail (ACC_IS_HELD_DAYS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, acc_held_days_run_async);
  pass = g_new0 (Pass, 1);
  pass->dates = g_ptr_array_new_with_free_func (g_free);
  pass->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_held_day_report_free);
  g_task_set_task_data (task, pass, (GDestroyNotify) pass_free);

  if (!plan_pass (self, pass, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sync_next_day (g_steal_pointer (&task));
}

/**
 * acc_held_days_run_finish:
 *
 * Returns: (transfer full) (element-type AccHeldDayReport) (nullable): what became of each
 *   day, in the order of the pass; %NULL with @error when the folder cannot be used or the
 *   pass was cancelled
 */
GPtrArray *
acc_held_days_run_finish (AccHeldDays   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Continuously */

static void run_pass (AccHeldDays *self);

static gboolean
on_interval (gpointer user_data)
{
  AccHeldDays *self = user_data;

  self->timeout_id = 0;
  run_pass (self);
  return G_SOURCE_REMOVE;
}

static void
on_pass_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AccHeldDays *self = ACC_HELD_DAYS (source);
  g_autoptr(GCancellable) cancellable = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *reports = acc_held_days_run_finish (self, result, &error);

  /* What each day became was said as it went (AccHeldDays::day-done). */
  g_clear_pointer (&reports, g_ptr_array_unref);

  /* A pass of an earlier start(), stopped since, says nothing of this one. */
  if (cancellable != self->cancellable)
    return;
  self->in_pass = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->running)
    return;
  if (error != NULL)
    g_warning ("The days ahead were not synced: %s", error->message);
  if (self->again)
    {
      self->again = FALSE;
      run_pass (self);
      return;
    }
  self->timeout_id = g_timeout_add_seconds (self->interval, on_interval, self);
}

static void
run_pass (AccHeldDays *self)
{
  self->in_pass = TRUE;
  acc_held_days_run_async (self, self->cancellable, on_pass_done,
                           g_object_ref (self->cancellable));
}

/* A pass now, or right after the one under way. */
static void
acc_held_days_run_soon (AccHeldDays *self)
{
  if (self->in_pass)
    {
      self->again = TRUE;
      return;
    }
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  run_pass (self);
}

/**
 * acc_held_days_start:
 *
 * Runs a pass now, and another each interval after the last one ended, until
 * acc_held_days_stop().
 */
void
acc_held_days_start (AccHeldDays *self)
{
  g_return_if_fail (ACC_IS_HELD_DAYS (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->cancellable = g_cancellable_new ();
  run_pass (self);
}

void
acc_held_days_stop (AccHeldDays *self)
{
  g_return_if_fail (ACC_IS_HELD_DAYS (self));

  self->running = FALSE;
  self->in_pass = FALSE;
  self->again = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}
