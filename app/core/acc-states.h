/* acc-states.h: the states of a pupil's attendance, an instructor's and an enrollment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A pupil's attendance at a lesson. */
typedef enum
{
  ACC_ATTENDANCE_UNDETERMINED,
  ACC_ATTENDANCE_PRESENT,
  ACC_ATTENDANCE_LATE,
  ACC_ATTENDANCE_ABSENT,
  ACC_ATTENDANCE_NO_SHOW,
  ACC_ATTENDANCE_EXCUSED,
  ACC_N_ATTENDANCE
} AccAttendance;

/* An instructor's mark at the morning roll-call. */
typedef enum
{
  ACC_INSTRUCTOR_ATTENDANCE_UNMARKED, /* No fact marks them: nothing on the wire. */
  ACC_INSTRUCTOR_ATTENDANCE_PRESENT,
  ACC_INSTRUCTOR_ATTENDANCE_LATE,
  ACC_INSTRUCTOR_ATTENDANCE_ABSENT,
  ACC_N_INSTRUCTOR_ATTENDANCE
} AccInstructorAttendance;

/* Whether an enrollment still holds its place. */
typedef enum
{
  ACC_ENROLLMENT_STATUS_BOOKED,
  ACC_ENROLLMENT_STATUS_CANCELLED,
  ACC_N_ENROLLMENT_STATUS
} AccEnrollmentStatus;

/* Each state has a name on the wire (documents, facts, exports) and a translated label: the
 * label stands on its own (a pill, a button, a list), in header capitals; the inline label
 * stands inside a line of text (“Attendance: present 3, no-show 1”). */

const char *acc_attendance_to_string                (AccAttendance            state);
gboolean    acc_attendance_from_string              (const char              *text,
                                                     AccAttendance           *state);
const char *acc_attendance_get_label                (AccAttendance            state);
const char *acc_attendance_get_inline_label         (AccAttendance            state);

const char *acc_instructor_attendance_to_string     (AccInstructorAttendance  state);
gboolean    acc_instructor_attendance_from_string   (const char              *text,
                                                     AccInstructorAttendance *state);
const char *acc_instructor_attendance_get_label     (AccInstructorAttendance  state);

const char *acc_enrollment_status_to_string         (AccEnrollmentStatus      status);
gboolean    acc_enrollment_status_from_string       (const char              *text,
                                                     AccEnrollmentStatus     *status);
const char *acc_enrollment_status_get_label         (AccEnrollmentStatus      status);
const char *acc_enrollment_status_get_inline_label  (AccEnrollmentStatus      status);

G_END_DECLS
