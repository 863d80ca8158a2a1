/* acc-now.c: the time the desk lives at, which tests and drills may set (ACCUEIL_NOW)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * What day it is (the day a desk opens, a demo's default date) and when a fact was made
 * follow the computer's clock, unless ACCUEIL_NOW gives another instant (RFC 3339, with its
 * offset: 2026-12-31T08:00:00+01:00). The process then starts at that instant and its clock
 * runs on from there, at the computer's pace, so that a drill can watch a day change come.
 * The shift is read once, at the first question; a value that is not such a time is refused
 * by acc_now_check(), which the command line and the app call before anything else, and
 * otherwise ignored, never half-read.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "acc-error.h"
#include "acc-now.h"

/* Microseconds between the computer's clock and ACCUEIL_NOW's; 0 when it is not set. */
static gint64
shift (void)
{
  static gsize once = 0;
  static gint64 value = 0;

  if (g_once_init_enter (&once))
    {
      const char *text = g_getenv (ACC_NOW_VARIABLE);
      g_autoptr(GDateTime) then = NULL;

      if (text != NULL && text[0] != '\0' &&
          (then = g_date_time_new_from_iso8601 (text, NULL)) != NULL)
        value = g_date_time_to_unix (then) * G_USEC_PER_SEC +
                g_date_time_get_microsecond (then) - g_get_real_time ();
      g_once_init_leave (&once, 1);
    }
  return value;
}

/**
 * acc_now_check:
 *
 * Returns: whether ACCUEIL_NOW is unset, or set to a time in RFC 3339 with its offset; when
 *   not, @error says so in the user's language.
 */
gboolean
acc_now_check (GError **error)
{
  const char *text = g_getenv (ACC_NOW_VARIABLE);
  g_autoptr(GDateTime) then = NULL;

  if (text == NULL || text[0] == '\0')
    return TRUE;

  /* A time without its offset would be read in whatever zone the computer is in. */
  then = g_date_time_new_from_iso8601 (text, NULL);
  if (then == NULL)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   /* Translators: the first %s is an environment variable's name. */
                   _("%s=“%s” is not a time with its offset, such as 2026-12-31T08:00:00+01:00"),
                   ACC_NOW_VARIABLE, text);
      return FALSE;
    }
  return TRUE;
}

/**
 * acc_now_real_time:
 *
 * Returns: microseconds since 1970 as g_get_real_time() gives them, at ACCUEIL_NOW's pace
 *   when it is set.
 */
gint64
acc_now_real_time (void)
{
  return g_get_real_time () + shift ();
}

/**
 * acc_now_local:
 *
 * Returns: (transfer full): the time now in the computer's time zone, as
 *   g_date_time_new_now_local() gives it, at ACCUEIL_NOW's pace when it is set.
 */
GDateTime *
acc_now_local (void)
{
  gint64 now = acc_now_real_time ();
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_local (now / G_USEC_PER_SEC);

  return g_date_time_add (seconds, now % G_USEC_PER_SEC);
}
