/* test-states.c: the states' names on the wire and their words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "acc-states.h"

/* Every state's name reads back as that state, and the wire keeps its words. */
static void
test_names (void)
{
  static const char * const attendance[] = {
    "undetermined", "present", "late", "absent", "no_show", "excused",
  };
  static const char * const marks[] = { NULL, "present", "late", "absent" };
  static const char * const statuses[] = { "booked", "cancelled" };

  G_STATIC_ASSERT (G_N_ELEMENTS (attendance) == ACC_N_ATTENDANCE);
  G_STATIC_ASSERT (G_N_ELEMENTS (marks) == ACC_N_INSTRUCTOR_ATTENDANCE);
  G_STATIC_ASSERT (G_N_ELEMENTS (statuses) == ACC_N_ENROLLMENT_STATUS);

  for (guint i = 0; i < ACC_N_ATTENDANCE; i++)
    {
      AccAttendance state = ACC_N_ATTENDANCE;

      g_assert_cmpstr (acc_attendance_to_string (i), ==, attendance[i]);
      g_assert_true (acc_attendance_from_string (attendance[i], &state));
      g_assert_cmpint (state, ==, i);
    }

  for (guint i = 0; i < ACC_N_INSTRUCTOR_ATTENDANCE; i++)
    {
      AccInstructorAttendance state = ACC_N_INSTRUCTOR_ATTENDANCE;

      g_assert_cmpstr (acc_instructor_attendance_to_string (i), ==, marks[i]);
      /* No fact says "unmarked": nothing names it. */
      g_assert_cmpint (acc_instructor_attendance_from_string (marks[i], &state), ==, i > 0);
      g_assert_cmpint (state, ==, i > 0 ? i : ACC_N_INSTRUCTOR_ATTENDANCE);
    }

  for (guint i = 0; i < ACC_N_ENROLLMENT_STATUS; i++)
    {
      AccEnrollmentStatus status = ACC_N_ENROLLMENT_STATUS;

      g_assert_cmpstr (acc_enrollment_status_to_string (i), ==, statuses[i]);
      g_assert_true (acc_enrollment_status_from_string (statuses[i], &status));
      g_assert_cmpint (status, ==, i);
    }
}

/* What names no state is refused, and leaves the state alone. */
static void
test_unknown_names (void)
{
  static const char * const unknown[] = { NULL, "", "Present", "no-show", "unmarked", "booked " };
  AccAttendance attendance = ACC_ATTENDANCE_LATE;
  AccInstructorAttendance mark = ACC_INSTRUCTOR_ATTENDANCE_LATE;
  AccEnrollmentStatus status = ACC_ENROLLMENT_STATUS_CANCELLED;

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_assert_false (acc_attendance_from_string (unknown[i], &attendance));
      g_assert_false (acc_instructor_attendance_from_string (unknown[i], &mark));
      g_assert_false (acc_enrollment_status_from_string (unknown[i], &status));
    }
  g_assert_false (acc_instructor_attendance_from_string ("no_show", &mark));
  g_assert_false (acc_instructor_attendance_from_string ("undetermined", &mark));

  g_assert_cmpint (attendance, ==, ACC_ATTENDANCE_LATE);
  g_assert_cmpint (mark, ==, ACC_INSTRUCTOR_ATTENDANCE_LATE);
  g_assert_cmpint (status, ==, ACC_ENROLLMENT_STATUS_CANCELLED);
}

/* One word for each state, in header capitals on its own and in lower case inside a line;
 * an instructor's mark reads as the pupil's state it matches. */
static void
test_labels (void)
{
  static const char * const labels[] = {
    "Not Marked", "Present", "Late", "Absent", "No-Show", "Excused",
  };
  static const char * const inline_labels[] = {
    "not marked", "present", "late", "absent", "no-show", "excused",
  };
  static const AccAttendance as_pupil[] = {
    ACC_ATTENDANCE_UNDETERMINED, ACC_ATTENDANCE_PRESENT, ACC_ATTENDANCE_LATE,
    ACC_ATTENDANCE_ABSENT,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == ACC_N_ATTENDANCE);
  G_STATIC_ASSERT (G_N_ELEMENTS (as_pupil) == ACC_N_INSTRUCTOR_ATTENDANCE);

  for (guint i = 0; i < ACC_N_ATTENDANCE; i++)
    {
      g_assert_cmpstr (acc_attendance_get_label (i), ==, labels[i]);
      g_assert_cmpstr (acc_attendance_get_inline_label (i), ==, inline_labels[i]);
    }
  for (guint i = 0; i < ACC_N_INSTRUCTOR_ATTENDANCE; i++)
    g_assert_true (acc_instructor_attendance_get_label (i) ==
                   acc_attendance_get_label (as_pupil[i]));

  g_assert_cmpstr (acc_enrollment_status_get_label (ACC_ENROLLMENT_STATUS_BOOKED), ==, "Booked");
  g_assert_cmpstr (acc_enrollment_status_get_label (ACC_ENROLLMENT_STATUS_CANCELLED), ==,
                   "Cancelled");
  g_assert_cmpstr (acc_enrollment_status_get_inline_label (ACC_ENROLLMENT_STATUS_BOOKED), ==,
                   "booked");
  g_assert_cmpstr (acc_enrollment_status_get_inline_label (ACC_ENROLLMENT_STATUS_CANCELLED), ==,
                   "cancelled");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/states/names", test_names);
  g_test_add_func ("/states/unknown-names", test_unknown_names);
  g_test_add_func ("/states/labels", test_labels);

  return g_test_run ();
}
