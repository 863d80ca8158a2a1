/* acc-days.c: the days a desk holds, one file each, and how long it keeps them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * A desk holds each day of its school in its own file, <school>-<YYYY-MM-DD>.db, named like
 * the cloud's database of that day, all in one folder. What day it is for the school is not
 * midnight's business: a day lasts from one day change (04:00 unless the preferences say
 * otherwise) to the next, so that a desk still open at 1 a.m. is still on the evening's day.
 *
 * Past days are deleted once they are older than the retention period and have nothing
 * waiting to be sent: a desk must not keep children's medical notes for ever, and must never
 * lose a check-in the cloud has not had. A day whose file cannot be opened, or whose count
 * of waiting documents cannot be read, is kept: doubt keeps.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "acc-days.h"
#include "acc-error.h"
#include "acc-now.h"
#include "acc-store.h"

#define DATE_LENGTH 10 /* YYYY-MM-DD */

/* Reads @date, YYYY-MM-DD with a day that exists, into @out. */
static gboolean
read_date (const char *date,
           GDate      *out)
{
  guint64 y, m, d;

  if (date == NULL || strlen (date) != DATE_LENGTH || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (guint i = 0; i < DATE_LENGTH; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;

  y = g_ascii_strtoull (date, NULL, 10);
  m = g_ascii_strtoull (date + 5, NULL, 10);
  d = g_ascii_strtoull (date + 8, NULL, 10);
  if (y < 1 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/**
 * acc_days_date_is_valid:
 *
 * Returns: whether @date is a day written YYYY-MM-DD
 */
gboolean
acc_days_date_is_valid (const char *date)
{
  GDate parsed;

  return read_date (date, &parsed);
}

/**
 * acc_days_add:
 * @date: a day, YYYY-MM-DD
 * @n: days to add, or to take away when negative
 *
 * Returns: (transfer full) (nullable): the day @n days after @date; %NULL when @date is not
 *   a day, @n is beyond 100,000 days, or the result falls outside years 1 to 9999
 */
char *
acc_days_add (const char *date,
              int         n)
{
  GDate day;

  if (!read_date (date, &day) || n > 100000 || n < -100000)
    return NULL;

  if (n >= 0)
    g_date_add_days (&day, (guint) n);
  else if (g_date_get_julian (&day) > (guint) -n)
    g_date_subtract_days (&day, (guint) -n);
  else
    return NULL;
  if (g_date_get_year (&day) > 9999)
    return NULL;

  return format_date (&day);
}

/**
 * acc_days_today:
 * @change_minutes: the school's day change, in minutes after midnight (0 to 1439)
 *
 * Returns: (transfer full): the school's day now (acc_now_local()): before the day change,
 *   still the day before
 */
char *
acc_days_today (guint change_minutes)
{
  g_autoptr(GDateTime) now = acc_now_local ();
  g_autoptr(GDateTime) shifted = NULL;

  g_return_val_if_fail (change_minutes < 24 * 60, NULL);

  shifted = g_date_time_add_minutes (now, -(int) change_minutes);
  return g_date_time_format (shifted, "%Y-%m-%d");
}

/**
 * acc_days_until_change:
 * @change_minutes: the school's day change, in minutes after midnight (0 to 1439)
 *
 * Returns: microseconds from now (acc_now_local()) to the next day change, at least one
 *   second: a caller that waits that long and asks acc_days_today() again finds a new day
 */
gint64
acc_days_until_change (guint change_minutes)
{
  g_autoptr(GDateTime) now = acc_now_local ();
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) change = NULL;
  GTimeSpan wait;

  g_return_val_if_fail (change_minutes < 24 * 60, G_USEC_PER_SEC);

  midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  change = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                  g_date_time_get_day_of_month (now), change_minutes / 60,
                                  change_minutes % 60, 0);
  if (change == NULL || midnight == NULL)
    return G_USEC_PER_SEC;

  /* Today's change is past: tomorrow's, taken from the calendar so a change of summer time
   * in between counts its hour. */
  if (g_date_time_compare (change, now) <= 0)
    {
      g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);

      g_clear_pointer (&change, g_date_time_unref);
      change = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                      g_date_time_get_month (tomorrow),
                                      g_date_time_get_day_of_month (tomorrow),
                                      change_minutes / 60, change_minutes % 60, 0);
      if (change == NULL)
        return G_USEC_PER_SEC;
    }

  wait = g_date_time_difference (change, now);
  return MAX (wait, G_USEC_PER_SEC);
}

/**
 * acc_days_name:
 *
 * Returns: (transfer full): the name of @school's day @date, as the cloud names its database:
 *   `<school>-<YYYY-MM-DD>`
 */
char *
acc_days_name (const char *school,
               const char *date)
{
  g_return_val_if_fail (school != NULL && date != NULL, NULL);

  return g_strdup_printf ("%s-%s", school, date);
}

/**
 * acc_days_path:
 *
 * Returns: (transfer full): the file of @school's day @date in @folder:
 *   `<folder>/<school>-<YYYY-MM-DD>.db`
 */
char *
acc_days_path (const char *folder,
               const char *school,
               const char *date)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (folder != NULL && school != NULL && date != NULL, NULL);

  name = g_strdup_printf ("%s-%s.db", school, date);
  return g_build_filename (folder, name, NULL);
}

static int
compare_text (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * acc_days_list:
 * @folder: the desk's folder of days
 * @school: the school's id
 *
 * The days of @school held in @folder: its files named `<school>-<YYYY-MM-DD>.db`. A folder
 * that does not exist holds none.
 *
 * Returns: (transfer full): the dates, in order
 */
GStrv
acc_days_list (const char  *folder,
               const char  *school,
               GError     **error)
{
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize prefix = strlen (school);
  const char *entry;

  g_return_val_if_fail (folder != NULL && school != NULL, NULL);

  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_new0 (char *, 1);
      g_set_error (error, ACC_ERROR, ACC_ERROR_IO, _("Cannot read the folder of days %s: %s"),
                   folder, local_error->message);
      return NULL;
    }

  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *date = NULL;

      if (strlen (entry) != prefix + 1 + DATE_LENGTH + 3 ||
          strncmp (entry, school, prefix) != 0 || entry[prefix] != '-' ||
          !g_str_has_suffix (entry, ".db"))
        continue;
      date = g_strndup (entry + prefix + 1, DATE_LENGTH);
      if (acc_days_date_is_valid (date))
        g_ptr_array_add (dates, g_steal_pointer (&date));
    }

  g_ptr_array_sort (dates, compare_text);
  g_ptr_array_add (dates, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&dates), FALSE);
}

/**
 * acc_days_remove_file:
 *
 * Deletes a day's database file with its write-ahead log and shared memory files.
 */
void
acc_days_remove_file (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* Whether the day in @path has nothing waiting to be sent: FALSE when it cannot be told. */
static gboolean
day_is_settled (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) store = acc_store_open (path, ACC_STORE_OPEN_DEFAULT, &error);
  AccStoreStatus status;

  if (store == NULL || !acc_store_get_status (store, &status, &error))
    {
      g_warning ("Keeping %s: %s", path, error->message);
      return FALSE;
    }

  return status.pending == 0;
}

/**
 * acc_days_remove_expired:
 * @folder: the desk's folder of days
 * @school: the school's id
 * @today: the school's day, YYYY-MM-DD
 * @retention: how many days a past day is kept
 * @keep: (nullable): a day kept whatever its age: the one open on the desk
 *
 * Deletes the days of @school in @folder that are more than @retention days before @today
 * and have nothing waiting to be sent. A day with something waiting is kept, however old.
 *
 * Returns: (transfer full) (nullable): the dates deleted, in order; %NULL with @error set
 *   when the folder cannot be read
 */
GStrv
acc_days_remove_expired (const char  *folder,
                         const char  *school,
                         const char  *today,
                         guint        retention,
                         const char  *keep,
                         GError     **error)
{
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) dates = NULL;
  g_autofree char *oldest_kept = NULL;

  g_return_val_if_fail (folder != NULL && school != NULL, NULL);
  g_return_val_if_fail (acc_days_date_is_valid (today), NULL);

  oldest_kept = acc_days_add (today, -(int) MIN (retention, 100000));
  dates = acc_days_list (folder, school, error);
  if (dates == NULL)
    return NULL;

  for (guint i = 0; dates[i] != NULL && oldest_kept != NULL; i++)
    {
      g_autofree char *path = NULL;

      if (strcmp (dates[i], oldest_kept) >= 0)
        break;
      path = acc_days_path (folder, school, dates[i]);
      if (g_strcmp0 (dates[i], keep) == 0 || !day_is_settled (path))
        continue;
      acc_days_remove_file (path);
      g_ptr_array_add (removed, g_strdup (dates[i]));
    }

  g_ptr_array_add (removed, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&removed), FALSE);
}
