/* acc-states.c: the states of a pupil's attendance, an instructor's and an enrollment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each state is named here once on the wire and once in words: every screen, the class list,
 * the review list and the command line take their words from these functions, so that a
 * state reads the same wherever the desk shows it.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "acc-states.h"

/* A state's name on the wire, and its words with their context (msgctxt). */
typedef struct
{
  const char *name;
  const char *label;         /* On its own, in header capitals. */
  const char *inline_label;  /* Inside a line of text. */
} StateWords;

static const StateWords attendance_words[ACC_N_ATTENDANCE] = {
  [ACC_ATTENDANCE_UNDETERMINED] = {
    "undetermined",
    /* Translators: a pupil's or an instructor's attendance, shown on its own (a pill, a
     * button, a list) in header capitals: nobody has marked them yet. */
    NC_("attendance", "Not Marked"),
    /* Translators: a pupil's attendance inside a line of text, in lower case where your
     * language allows it: “Attendance: not marked 3, present 5”. */
    NC_("attendance", "not marked"),
  },
  [ACC_ATTENDANCE_PRESENT] = {
    "present", NC_("attendance", "Present"), NC_("attendance", "present"),
  },
  [ACC_ATTENDANCE_LATE] = {
    "late", NC_("attendance", "Late"), NC_("attendance", "late"),
  },
  [ACC_ATTENDANCE_ABSENT] = {
    "absent", NC_("attendance", "Absent"), NC_("attendance", "absent"),
  },
  [ACC_ATTENDANCE_NO_SHOW] = {
    "no_show",
    /* Translators: a pupil who never came, recorded when the desk closes a session. */
    NC_("attendance", "No-Show"),
    NC_("attendance", "no-show"),
  },
  [ACC_ATTENDANCE_EXCUSED] = {
    "excused", NC_("attendance", "Excused"), NC_("attendance", "excused"),
  },
};

static const StateWords enrollment_status_words[ACC_N_ENROLLMENT_STATUS] = {
  [ACC_ENROLLMENT_STATUS_BOOKED] = {
    "booked",
    /* Translators: the state of a participant's lesson, shown on its own. */
    NC_("enrollment", "Booked"),
    /* Translators: the state of a participant's lesson inside a line of text, in lower
     * case where your language allows it. */
    NC_("enrollment", "booked"),
  },
  [ACC_ENROLLMENT_STATUS_CANCELLED] = {
    "cancelled",
    /* Translators: the state of a participant's lesson, shown on its own. */
    NC_("enrollment", "Cancelled"),
    /* Translators: the state of a participant's lesson inside a line of text, in lower
     * case where your language allows it. */
    NC_("enrollment", "cancelled"),
  },
};

/* An instructor's mark is one of a pupil's, with the same name and the same words. */
static const AccAttendance instructor_attendances[ACC_N_INSTRUCTOR_ATTENDANCE] = {
  [ACC_INSTRUCTOR_ATTENDANCE_UNMARKED] = ACC_ATTENDANCE_UNDETERMINED,
  [ACC_INSTRUCTOR_ATTENDANCE_PRESENT] = ACC_ATTENDANCE_PRESENT,
  [ACC_INSTRUCTOR_ATTENDANCE_LATE] = ACC_ATTENDANCE_LATE,
  [ACC_INSTRUCTOR_ATTENDANCE_ABSENT] = ACC_ATTENDANCE_ABSENT,
};

/* The state of @words that @text names, or -1. */
static int
find_name (const StateWords *words,
           guint             n_words,
           const char       *text)
{
  for (guint i = 0; text != NULL && i < n_words; i++)
    if (g_str_equal (text, words[i].name))
      return i;

  return -1;
}

/**
 * acc_attendance_to_string:
 *
 * Returns: the state's name in facts and exports, “no_show” for instance
 */
const char *
acc_attendance_to_string (AccAttendance state)
{
  g_return_val_if_fail (state < ACC_N_ATTENDANCE, NULL);

  return attendance_words[state].name;
}

/**
 * acc_attendance_from_string:
 * @text: (nullable): a name acc_attendance_to_string() gives
 * @state: (out): where to put the state named
 *
 * Returns: whether @text names a state; @state is left alone otherwise
 */
gboolean
acc_attendance_from_string (const char    *text,
                            AccAttendance *state)
{
  int found = find_name (attendance_words, ACC_N_ATTENDANCE, text);

  g_return_val_if_fail (state != NULL, FALSE);

  if (found >= 0)
    *state = found;
  return found >= 0;
}

/**
 * acc_attendance_get_label:
 *
 * Returns: the state in words, on its own (a pill, a button, a value in the review list)
 */
const char *
acc_attendance_get_label (AccAttendance state)
{
  g_return_val_if_fail (state < ACC_N_ATTENDANCE, NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "attendance", attendance_words[state].label);
}

/**
 * acc_attendance_get_inline_label:
 *
 * Returns: the state in words, inside a line of text: “Attendance: present 3, no-show 1”
 */
const char *
acc_attendance_get_inline_label (AccAttendance state)
{
  g_return_val_if_fail (state < ACC_N_ATTENDANCE, NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "attendance", attendance_words[state].inline_label);
}

/**
 * acc_instructor_attendance_to_string:
 *
 * Returns: (nullable): the mark's name in facts, or %NULL for
 *   %ACC_INSTRUCTOR_ATTENDANCE_UNMARKED, which no fact writes
 */
const char *
acc_instructor_attendance_to_string (AccInstructorAttendance state)
{
  g_return_val_if_fail (state < ACC_N_INSTRUCTOR_ATTENDANCE, NULL);

  if (state == ACC_INSTRUCTOR_ATTENDANCE_UNMARKED)
    return NULL;

  return acc_attendance_to_string (instructor_attendances[state]);
}

/**
 * acc_instructor_attendance_from_string:
 * @text: (nullable): a name acc_instructor_attendance_to_string() gives
 * @state: (out): where to put the mark named
 *
 * Returns: whether @text names a mark (%NULL names none); @state is left alone otherwise
 */
gboolean
acc_instructor_attendance_from_string (const char              *text,
                                       AccInstructorAttendance *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  for (guint i = ACC_INSTRUCTOR_ATTENDANCE_UNMARKED + 1; i < ACC_N_INSTRUCTOR_ATTENDANCE; i++)
    if (g_strcmp0 (text, acc_instructor_attendance_to_string (i)) == 0)
      {
        *state = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * acc_instructor_attendance_get_label:
 *
 * Returns: the mark in words, on its own: the words of the pupil's attendance it matches
 */
const char *
acc_instructor_attendance_get_label (AccInstructorAttendance state)
{
  g_return_val_if_fail (state < ACC_N_INSTRUCTOR_ATTENDANCE, NULL);

  return acc_attendance_get_label (instructor_attendances[state]);
}

/**
 * acc_enrollment_status_to_string:
 *
 * Returns: the status's name in enrollment documents and exports
 */
const char *
acc_enrollment_status_to_string (AccEnrollmentStatus status)
{
  g_return_val_if_fail (status < ACC_N_ENROLLMENT_STATUS, NULL);

  return enrollment_status_words[status].name;
}

/**
 * acc_enrollment_status_from_string:
 * @text: (nullable): a name acc_enrollment_status_to_string() gives
 * @status: (out): where to put the status named
 *
 * Returns: whether @text names a status; @status is left alone otherwise
 */
gboolean
acc_enrollment_status_from_string (const char          *text,
                                   AccEnrollmentStatus *status)
{
  int found = find_name (enrollment_status_words, ACC_N_ENROLLMENT_STATUS, text);

  g_return_val_if_fail (status != NULL, FALSE);

  if (found >= 0)
    *status = found;
  return found >= 0;
}

/**
 * acc_enrollment_status_get_label:
 *
 * Returns: the status in words, on its own (the state of a participant's lesson)
 */
const char *
acc_enrollment_status_get_label (AccEnrollmentStatus status)
{
  g_return_val_if_fail (status < ACC_N_ENROLLMENT_STATUS, NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "enrollment", enrollment_status_words[status].label);
}

/**
 * acc_enrollment_status_get_inline_label:
 *
 * Returns: the status in words, inside a line of text: “Zoé · Ourson · cancelled”
 */
const char *
acc_enrollment_status_get_inline_label (AccEnrollmentStatus status)
{
  g_return_val_if_fail (status < ACC_N_ENROLLMENT_STATUS, NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "enrollment",
                       enrollment_status_words[status].inline_label);
}
