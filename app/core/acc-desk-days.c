/* acc-desk-days.c: the days of a school a desk holds in its folder, and which one is today
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * The school's day changes at the day change of the preferences (04:00 unless they say
 * otherwise), not at midnight: see acc-days.c. One timer waits for the next change, from
 * acc_days_until_change(); a second looks again every minute, because the first counts
 * monotonic time: a computer that slept through the change, or whose clock was set, would
 * otherwise change day hours late. Each look arms the first timer again from the clock.
 *
 * A day's file is made here only when the caller says the desk can fill it (a server to pull
 * it from): an empty day with no way to fill it would hide the day the desk still holds.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "acc-day-opening.h"
#include "acc-days.h"
#include "acc-desk-days.h"
#include "acc-error.h"
#include "acc-peer-server.h"

#define MINUTES_PER_DAY (24 * 60)
#define LOOK_AGAIN_SECONDS 60

struct _AccDeskDays
{
  GObject  parent_instance;

  char    *folder;
  char    *school;
  guint    change;     /* Minutes after midnight. */
  char    *today;      /* YYYY-MM-DD */

  guint    change_id;  /* The timer of the next day change. */
  guint    look_id;    /* The timer that looks again every minute. */
};

G_DEFINE_FINAL_TYPE (AccDeskDays, acc_desk_days, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TODAY,
  PROP_CHANGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_FILES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * acc_desk_days_parse_change:
 * @text: a time of day, `HH:MM` or `H:MM`, from 0:00 to 23:59
 * @minutes: (out): the time in minutes after midnight
 *
 * Returns: whether @text is such a time; @minutes is set only then
 */
gboolean
acc_desk_days_parse_change (const char *text,
                            guint      *minutes)
{
  const char *p = text;
  guint hours = 0, digits = 0, mins;

  g_return_val_if_fail (minutes != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (; g_ascii_isdigit (*p) && digits < 2; p++, digits++)
    hours = hours * 10 + (guint) (*p - '0');
  if (digits == 0 || p[0] != ':' || !g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]) ||
      p[3] != '\0')
    return FALSE;

  mins = (guint) (p[1] - '0') * 10 + (guint) (p[2] - '0');
  if (hours > 23 || mins > 59)
    return FALSE;

  *minutes = hours * 60 + mins;
  return TRUE;
}

/**
 * acc_desk_days_read_change:
 * @text: the day change of the preferences, `HH:MM`
 *
 * Returns: the day change in minutes after midnight; the default (04:00), with a warning,
 *   when @text is not a time
 */
guint
acc_desk_days_read_change (const char *text)
{
  guint minutes;

  if (acc_desk_days_parse_change (text, &minutes))
    return minutes;

  g_warning ("The day change “%s” is not a time written HH:MM: the day changes at %02d:%02d",
             text ? text : "", ACC_DAYS_CHANGE_DEFAULT / 60, ACC_DAYS_CHANGE_DEFAULT % 60);
  return ACC_DAYS_CHANGE_DEFAULT;
}

static void acc_desk_days_look (AccDeskDays *self);

static gboolean
on_change_time (gpointer user_data)
{
  AccDeskDays *self = user_data;

  self->change_id = 0;
  acc_desk_days_look (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_look_again (gpointer user_data)
{
  acc_desk_days_look (user_data);
  return G_SOURCE_CONTINUE;
}

/* Sees what day it is, says so when it changed, and arms the timer of the next change. */
static void
acc_desk_days_look (AccDeskDays *self)
{
  g_autofree char *today = acc_days_today (self->change);
  gint64 until;

  if (g_strcmp0 (today, self->today) != 0)
    {
      g_free (self->today);
      self->today = g_steal_pointer (&today);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TODAY]);
    }

  /* A millisecond late rather than early: at the change itself, the day is the new one. */
  until = acc_days_until_change (self->change);
  g_clear_handle_id (&self->change_id, g_source_remove);
  self->change_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (until / 1000 + 1),
                                        on_change_time, self, NULL);
}

static void
acc_desk_days_dispose (GObject *object)
{
  AccDeskDays *self = ACC_DESK_DAYS (object);

  g_clear_handle_id (&self->change_id, g_source_remove);
  g_clear_handle_id (&self->look_id, g_source_remove);

  G_OBJECT_CLASS (acc_desk_days_parent_class)->dispose (object);
}

static void
acc_desk_days_finalize (GObject *object)
{
  AccDeskDays *self = ACC_DESK_DAYS (object);

  g_free (self->folder);
  g_free (self->school);
  g_free (self->today);

  G_OBJECT_CLASS (acc_desk_days_parent_class)->finalize (object);
}

static void
acc_desk_days_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  AccDeskDays *self = ACC_DESK_DAYS (object);

  switch (prop_id)
    {
    case PROP_TODAY:
      g_value_set_string (value, self->today);
      break;

    case PROP_CHANGE:
      g_value_set_uint (value, self->change);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_desk_days_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  AccDeskDays *self = ACC_DESK_DAYS (object);

  switch (prop_id)
    {
    case PROP_CHANGE:
      acc_desk_days_set_change (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_desk_days_class_init (AccDeskDaysClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = acc_desk_days_dispose;
  object_class->finalize = acc_desk_days_finalize;
  object_class->get_property = acc_desk_days_get_property;
  object_class->set_property = acc_desk_days_set_property;

  /**
   * AccDeskDays:today:
   *
   * The school's day now, YYYY-MM-DD: before the day change, still the day before.
   */
  properties[PROP_TODAY] =
    g_param_spec_string ("today", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * AccDeskDays:change:
   *
   * The school's day change, in minutes after midnight.
   */
  properties[PROP_CHANGE] =
    g_param_spec_uint ("change", NULL, NULL, 0, MINUTES_PER_DAY - 1, ACC_DAYS_CHANGE_DEFAULT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AccDeskDays::files-changed:
   *
   * A day's file was made or deleted.
   */
  signals[SIGNAL_FILES_CHANGED] = g_signal_new ("files-changed", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 0);
}

static void
acc_desk_days_init (AccDeskDays *self)
{
  self->change = ACC_DAYS_CHANGE_DEFAULT;
}

/**
 * acc_desk_days_new:
 * @folder: where the desk keeps its days, one file each
 * @school: the school's id, which names its days
 * @change_minutes: the school's day change, in minutes after midnight (0 to 1439)
 *
 * Returns: (transfer full): the days, watching the clock for the day change until disposed
 */
AccDeskDays *
acc_desk_days_new (const char *folder,
                   const char *school,
                   guint       change_minutes)
{
  AccDeskDays *self;

  g_return_val_if_fail (folder != NULL && school != NULL, NULL);
  g_return_val_if_fail (change_minutes < MINUTES_PER_DAY, NULL);

  self = g_object_new (ACC_TYPE_DESK_DAYS, NULL);
  self->folder = g_strdup (folder);
  self->school = g_strdup (school);
  self->change = change_minutes;
  acc_desk_days_look (self);
  self->look_id = g_timeout_add_seconds (LOOK_AGAIN_SECONDS, on_look_again, self);
  return self;
}

const char *
acc_desk_days_get_folder (AccDeskDays *self)
{
  g_return_val_if_fail (ACC_IS_DESK_DAYS (self), NULL);

  return self->folder;
}

const char *
acc_desk_days_get_school (AccDeskDays *self)
{
  g_return_val_if_fail (ACC_IS_DESK_DAYS (self), NULL);

  return self->school;
}

const char *
acc_desk_days_get_today (AccDeskDays *self)
{
  g_return_val_if_fail (ACC_IS_DESK_DAYS (self), NULL);

  return self->today;
}

guint
acc_desk_days_get_change (AccDeskDays *self)
{
  g_return_val_if_fail (ACC_IS_DESK_DAYS (self), 0);

  return self->change;
}

/**
 * acc_desk_days_set_change:
 * @minutes: the school's day change, in minutes after midnight (0 to 1439)
 *
 * Moves the day change; the day may change at once.
 */
void
acc_desk_days_set_change (AccDeskDays *self,
                          guint        minutes)
{
  g_return_if_fail (ACC_IS_DESK_DAYS (self));
  g_return_if_fail (minutes < MINUTES_PER_DAY);

  if (self->change == minutes)
    return;

  self->change = minutes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGE]);
  acc_desk_days_look (self);
}

/**
 * acc_desk_days_mark:
 * @date: a day, YYYY-MM-DD
 *
 * Returns: (nullable): “Today”, “Tomorrow” or “Yesterday” in the user's language when @date
 *   is that school day, else %NULL
 */
const char *
acc_desk_days_mark (AccDeskDays *self,
                    const char  *date)
{
  g_autofree char *tomorrow = NULL;
  g_autofree char *yesterday = NULL;

  g_return_val_if_fail (ACC_IS_DESK_DAYS (self), NULL);

  tomorrow = acc_days_add (self->today, 1);
  yesterday = acc_days_add (self->today, -1);

  if (g_strcmp0 (date, self->today) == 0)
    /* Translators: said of the day shown, or of a day in the list of days held. */
    return _("Today");
  if (g_strcmp0 (date, tomorrow) == 0)
    /* Translators: said of the day shown, or of a day in the list of days held. */
    return _("Tomorrow");
  if (g_strcmp0 (date, yesterday) == 0)
    /* Translators: said of the day shown, or of a day in the list of days held. */
    return _("Yesterday");
  return NULL;
}

/**
 * acc_desk_days_list:
 *
 * Returns: (transfer full) (nullable): the days held, in order; %NULL with @error when the
 *   folder cannot be read
 */
GStrv
acc_desk_days_list (AccDeskDays  *self,
                    GError      **error)
{
  g_return_val_if_fail (ACC_IS_DESK_DAYS (self), NULL);

  return acc_days_list (self->folder, self->school, error);
}

/* Makes the empty file of the day @date at @path, named as the cloud's database of the day:
 * the day names the database it pulls, and with the school's id names the day to the other
 * desks (when the id can). Nothing is left behind when it fails. */
static AccStore *
acc_desk_days_make (AccDeskDays  *self,
                    const char   *date,
                    const char   *path,
                    GError      **error)
{
  g_autofree char *name = acc_days_name (self->school, date);
  g_autoptr(AccStore) store = NULL;

  if (g_mkdir_with_parents (self->folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, ACC_ERROR, ACC_ERROR_IO, _("Cannot create the data folder %s: %s"),
                   self->folder, g_strerror (saved));
      return NULL;
    }

  store = acc_store_open (path, ACC_STORE_OPEN_CREATE, error);
  if (store == NULL)
    return NULL;
  if (!acc_store_set_day (store, date, error) ||
      (acc_peer_server_name_is_valid (name) &&
       !acc_peer_server_keep_day_name (store, name, error)))
    {
      g_clear_object (&store);
      acc_days_remove_file (path);
      return NULL;
    }

  return g_steal_pointer (&store);
}

/**
 * acc_desk_days_open:
 * @date: the day, YYYY-MM-DD
 * @create: whether to make the day's file, empty, when the desk does not hold it
 *
 * Returns: (transfer full) (nullable): the day's store; %NULL with @error when it cannot be
 *   opened, %ACC_ERROR_NOT_FOUND when the desk does not hold the day and @create is %FALSE
 */
AccStore *
acc_desk_days_open (AccDeskDays  *self,
                    const char   *date,
                    gboolean      create,
                    GError      **error)
{
  g_autofree char *path = NULL;
  AccStore *store;

  g_return_val_if_fail (ACC_IS_DESK_DAYS (self), NULL);
  g_return_val_if_fail (acc_days_date_is_valid (date), NULL);

  path = acc_days_path (self->folder, self->school, date);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return acc_store_open (path, ACC_STORE_OPEN_DEFAULT, error);

  if (!create)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND, _("The day %s is not on this desk."),
                   date);
      return NULL;
    }

  store = acc_desk_days_make (self, date, path, error);
  if (store != NULL)
    acc_desk_days_files_changed (self);
  return store;
}

/**
 * acc_desk_days_open_from:
 * @source: a day the desk holds, YYYY-MM-DD
 * @date: a day it does not hold, to open from @source
 *
 * Opens the day @date, which the cloud never planned, from the held day @source
 * (acc_day_open_from()), in its own file.
 *
 * Returns: (transfer full) (nullable): the new day's store; %NULL with @error when it could
 *   not be made whole, and then no file is left
 */
AccStore *
acc_desk_days_open_from (AccDeskDays  *self,
                         const char   *source,
                         const char   *date,
                         GError      **error)
{
  g_autofree char *path = NULL;
  g_autoptr(AccStore) held = NULL;
  g_autoptr(AccStore) store = NULL;

  g_return_val_if_fail (ACC_IS_DESK_DAYS (self), NULL);
  g_return_val_if_fail (acc_days_date_is_valid (source) && acc_days_date_is_valid (date), NULL);

  path = acc_days_path (self->folder, self->school, date);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID, _("The day %s is on this desk already."),
                   date);
      return NULL;
    }

  held = acc_desk_days_open (self, source, FALSE, error);
  if (held == NULL)
    return NULL;
  store = acc_store_open (path, ACC_STORE_OPEN_CREATE, error);
  if (store == NULL || !acc_day_open_from (store, held, date, NULL, error))
    {
      g_clear_object (&store);
      acc_days_remove_file (path);
      return NULL;
    }

  acc_desk_days_files_changed (self);
  return g_steal_pointer (&store);
}

/**
 * acc_desk_days_files_changed:
 *
 * Says that a day's file was made or deleted, by whoever did it.
 */
void
acc_desk_days_files_changed (AccDeskDays *self)
{
  g_return_if_fail (ACC_IS_DESK_DAYS (self));

  g_signal_emit (self, signals[SIGNAL_FILES_CHANGED], 0);
}
