/* acc-store-queries.c: what the screens read: enrollments, bookings, groups, instructors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "acc-error.h"
#include "acc-text.h"

#include "acc-store-private.h"

void
acc_enrollment_row_free (AccEnrollmentRow *row)
{
  if (row == NULL)
    return;

  g_free (row->enrollment_id);
  g_free (row->booking_id);
  g_free (row->booking_reference);
  g_free (row->participant_id);
  g_free (row->first_name);
  g_free (row->last_name);
  g_free (row->payer_name);
  g_free (row->session_id);
  g_free (row->session_title);
  g_free (row->starts_at);
  g_free (row->ends_at);
  g_free (row->meeting_point);
  g_free (row->group_id);
  g_free (row->group_label);
  g_free (row->instructor_id);
  g_free (row->instructor_name);
  g_free (row->level_code);
  g_free (row->declared_level_id);
  g_free (row->declared_level_label);
  g_free (row->allergies);
  g_free (row->medical_notes);
  g_free (row->emergency_phone);
  g_strfreev (row->pickup_adults);
  g_free (row);
}

void
acc_booking_info_free (AccBookingInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->id);
  g_free (info->reference);
  g_free (info->customer_id);
  g_free (info->payer_first_name);
  g_free (info->payer_last_name);
  g_free (info->payer_phone);
  g_free (info->payer_language);
  g_free (info->currency);
  g_free (info->notes);
  g_free (info);
}

void
acc_group_row_free (AccGroupRow *row)
{
  if (row == NULL)
    return;

  g_free (row->id);
  g_free (row->session_id);
  g_free (row->label);
  g_free (row->level_id);
  g_free (row->level_code);
  g_free (row->level_label);
  g_free (row->instructor_id);
  g_free (row->instructor_name);
  g_free (row->meeting_point);
  g_free (row->session_title);
  g_free (row->starts_at);
  g_free (row->discipline);
  g_free (row);
}

void
acc_session_row_free (AccSessionRow *row)
{
  if (row == NULL)
    return;

  g_free (row->id);
  g_free (row->title);
  g_free (row->starts_at);
  g_free (row);
}

void
acc_instructor_row_free (AccInstructorRow *row)
{
  if (row == NULL)
    return;

  g_free (row->id);
  g_free (row->first_name);
  g_free (row->last_name);
  g_strfreev (row->disciplines);
  g_free (row);
}

void
acc_tally_row_free (AccTallyRow *row)
{
  if (row == NULL)
    return;

  g_free (row->session_id);
  g_free (row->session_title);
  g_free (row->starts_at);
  g_free (row->level_id);
  g_free (row->level_label);
  g_free (row);
}

/* Queries */

/**
 * acc_store_lookup_booking:
 *
 * Returns: (transfer full) (nullable): the booking's id, or %NULL with %ACC_ERROR_NOT_FOUND.
 */
char *
acc_store_lookup_booking (AccStore    *self,
                          const char  *reference,
                          GError     **error)
{
  g_autofree char *key = NULL;
  sqlite3_stmt *s;
  char *id = NULL;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (reference != NULL, NULL);

  key = acc_text_reference_key (reference);
  s = acc_store_stmt (self, STMT_BOOKING_BY_KEY);
  acc_store_bind_text (s, 1, key);
  rc = acc_store_step_row (self, s, error);
  if (rc == SQLITE_ROW)
    id = acc_store_column_dup (s, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                 _("There is no booking “%s” on this day"), reference);
  sqlite3_reset (s);

  return id;
}

/* A list that the statement gives as lines (json_each and group_concat). */
static char **
column_lines (sqlite3_stmt *s,
              int           column)
{
  const char *text = (const char *) sqlite3_column_text (s, column);

  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);

  return g_strsplit (text, "\n", -1);
}

static AccEnrollmentRow *
read_row (sqlite3_stmt *s)
{
  AccEnrollmentRow *row = g_new0 (AccEnrollmentRow, 1);

  row->enrollment_id = acc_store_column_dup (s, 0);
  row->booking_id = acc_store_column_dup (s, 1);
  row->booking_reference = acc_store_column_dup (s, 2);
  row->participant_id = acc_store_column_dup (s, 3);
  row->first_name = acc_store_column_dup (s, 4);
  row->last_name = acc_store_column_dup (s, 5);
  row->payer_name = acc_store_column_dup (s, 6);
  row->session_id = acc_store_column_dup (s, 7);
  row->session_title = acc_store_column_dup (s, 8);
  row->starts_at = acc_store_column_dup (s, 9);
  row->ends_at = acc_store_column_dup (s, 10);
  row->meeting_point = acc_store_column_dup (s, 11);
  row->group_id = acc_store_column_dup (s, 12);
  row->group_label = acc_store_column_dup (s, 13);
  row->instructor_id = acc_store_column_dup (s, 14);
  row->instructor_name = acc_store_column_dup (s, 15);
  row->level_code = acc_store_column_dup (s, 16);
  row->declared_level_id = acc_store_column_dup (s, 17);
  row->declared_level_label = acc_store_column_dup (s, 18);
  row->birth_year = sqlite3_column_int (s, 19);
  row->allergies = acc_store_column_dup (s, 20);
  row->medical_notes = acc_store_column_dup (s, 21);
  row->emergency_phone = acc_store_column_dup (s, 22);
  row->pickup_adults = column_lines (s, 23);
  /* Anything but a cancellation holds its place, as the statements count it. */
  if (!acc_enrollment_status_from_string ((const char *) sqlite3_column_text (s, 24),
                                          &row->status))
    row->status = ACC_ENROLLMENT_STATUS_BOOKED;
  row->checked_in = sqlite3_column_int (s, 25);
  row->placeholder = sqlite3_column_int (s, 26);
  if (!acc_attendance_from_string ((const char *) sqlite3_column_text (s, 27), &row->attendance))
    row->attendance = ACC_ATTENDANCE_UNDETERMINED;
  row->n_conflicts = sqlite3_column_int (s, 28);

  return row;
}

gboolean
acc_store_collect_rows (AccStore    *self,
                        StmtId       query,
                        const char  *id,
                        GPtrArray   *rows,
                        GError     **error)
{
  sqlite3_stmt *s = acc_store_stmt (self, query);
  int rc;

  acc_store_bind_text (s, 1, id);
  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (s));
  sqlite3_reset (s);

  return rc == SQLITE_DONE;
}

int
acc_store_compare_rows (gconstpointer a,
                        gconstpointer b)
{
  const AccEnrollmentRow *ra = *(AccEnrollmentRow * const *) a;
  const AccEnrollmentRow *rb = *(AccEnrollmentRow * const *) b;
  int cmp;

  /* Bookings together, then people by name, then their sessions in time. */
  if ((cmp = g_strcmp0 (ra->payer_name, rb->payer_name)) != 0 ||
      (cmp = g_strcmp0 (ra->booking_reference, rb->booking_reference)) != 0 ||
      (cmp = g_strcmp0 (ra->booking_id, rb->booking_id)) != 0 ||
      (cmp = g_strcmp0 (ra->first_name, rb->first_name)) != 0 ||
      (cmp = g_strcmp0 (ra->participant_id, rb->participant_id)) != 0 ||
      (cmp = g_strcmp0 (ra->starts_at, rb->starts_at)) != 0)
    return cmp;

  return g_strcmp0 (ra->enrollment_id, rb->enrollment_id);
}

/* The enrollments @query gives for @id, by booking: what the typed reads below share. */
static GPtrArray *
list_enrollments (AccStore    *self,
                  StmtId       query,
                  const char  *id,
                  GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_enrollment_row_free);
  if (!acc_store_collect_rows (self, query, id, rows, error))
    return NULL;

  g_ptr_array_sort (rows, acc_store_compare_rows);
  return g_steal_pointer (&rows);
}

/**
 * acc_store_get_enrollment:
 *
 * Returns: (transfer full) (nullable): the enrollment as the desk shows it, or %NULL with
 *   %ACC_ERROR_NOT_FOUND
 */
AccEnrollmentRow *
acc_store_get_enrollment (AccStore    *self,
                          const char  *enrollment_id,
                          GError     **error)
{
  g_autoptr(GPtrArray) rows = list_enrollments (self, STMT_ROWS_OF_ENROLLMENT, enrollment_id,
                                                error);

  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                   _("There is no enrollment %s on this day"), enrollment_id);
      return NULL;
    }

  return g_ptr_array_steal_index (rows, 0);
}

/**
 * acc_store_list_enrollments_of_session:
 *
 * Returns: (transfer full) (element-type AccEnrollmentRow) (nullable): the session's
 *   enrollments, cancelled ones included, by booking
 */
GPtrArray *
acc_store_list_enrollments_of_session (AccStore    *self,
                                       const char  *session_id,
                                       GError     **error)
{
  return list_enrollments (self, STMT_ROWS_OF_SESSION, session_id, error);
}

/**
 * acc_store_list_enrollments_of_group:
 *
 * Returns: (transfer full) (element-type AccEnrollmentRow) (nullable): the enrollments
 *   placed in the group, cancelled ones included, by booking
 */
GPtrArray *
acc_store_list_enrollments_of_group (AccStore    *self,
                                     const char  *group_id,
                                     GError     **error)
{
  return list_enrollments (self, STMT_ROWS_OF_GROUP, group_id, error);
}

/**
 * acc_store_list_enrollments_of_booking:
 *
 * Returns: (transfer full) (element-type AccEnrollmentRow) (nullable): the booking's
 *   enrollments of the day, cancelled ones included, by participant, then by time
 */
GPtrArray *
acc_store_list_enrollments_of_booking (AccStore    *self,
                                       const char  *booking_id,
                                       GError     **error)
{
  return list_enrollments (self, STMT_ROWS_OF_BOOKING, booking_id, error);
}

gboolean
acc_store_get_status (AccStore        *self,
                      AccStoreStatus  *status,
                      GError         **error)
{
  sqlite3_stmt *s;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  memset (status, 0, sizeof *status);

  s = acc_store_stmt (self, STMT_STATUS_COUNTS);
  if ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    {
      status->enrollments = sqlite3_column_int (s, 0);
      status->checked_in = sqlite3_column_int (s, 1);
    }
  sqlite3_reset (s);
  if (STEP_FAILED (rc))
    return FALSE;

  s = acc_store_stmt (self, STMT_STATUS_ATTENDANCE);
  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    {
      AccAttendance state;

      if (acc_attendance_from_string ((const char *) sqlite3_column_text (s, 0), &state))
        status->attendance[state] = sqlite3_column_int (s, 1);
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return FALSE;

  s = acc_store_stmt (self, STMT_STATUS_CONFLICTS);
  if ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    status->conflicts = sqlite3_column_int (s, 0);
  sqlite3_reset (s);
  if (STEP_FAILED (rc))
    return FALSE;

  s = acc_store_stmt (self, STMT_STATUS_PENDING);
  if ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    {
      status->pending = sqlite3_column_int (s, 0);
      status->oldest_pending = sqlite3_column_int64 (s, 1);
    }
  sqlite3_reset (s);
  if (STEP_FAILED (rc))
    return FALSE;

  s = acc_store_stmt (self, STMT_STATUS_PROBLEMS);
  if ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    {
      status->unusable = sqlite3_column_int (s, 0);
      status->refused = sqlite3_column_int (s, 1);
    }
  sqlite3_reset (s);

  return !STEP_FAILED (rc);
}

/* The booking card */

/**
 * acc_store_get_booking:
 *
 * Returns: (transfer full) (nullable): the booking and its payer, or %NULL with
 *   %ACC_ERROR_NOT_FOUND.
 */
AccBookingInfo *
acc_store_get_booking (AccStore    *self,
                       const char  *booking_id,
                       GError     **error)
{
  sqlite3_stmt *s;
  AccBookingInfo *info = NULL;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (booking_id != NULL, NULL);

  s = acc_store_stmt (self, STMT_BOOKING_GET);
  acc_store_bind_text (s, 1, booking_id);
  rc = acc_store_step_row (self, s, error);
  if (rc == SQLITE_ROW)
    {
      info = g_new0 (AccBookingInfo, 1);
      info->id = acc_store_column_dup (s, 0);
      info->reference = acc_store_column_dup (s, 1);
      info->customer_id = acc_store_column_dup (s, 2);
      info->payer_first_name = acc_store_column_dup (s, 3);
      info->payer_last_name = acc_store_column_dup (s, 4);
      info->payer_phone = acc_store_column_dup (s, 5);
      info->payer_language = acc_store_column_dup (s, 6);
      info->balance_due_cents = sqlite3_column_int64 (s, 7);
      info->currency = acc_store_column_dup (s, 8);
      info->notes = acc_store_column_dup (s, 9);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                 _("There is no booking %s on this day"), booking_id);
  sqlite3_reset (s);

  return info;
}

/* Runs @s, already bound, and reads each row with @read; %NULL as soon as a step or a row
 * fails. */
GPtrArray *
acc_store_collect_stmt (AccStore        *self,
                        sqlite3_stmt    *s,
                        ReadRow          read,
                        GDestroyNotify   free_func,
                        GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  gpointer row = NULL;
  int rc;

  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW && (row = read (s, error)))
    g_ptr_array_add (rows, row);
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&rows);
}

/* Runs @query (bound to @id when given) and reads each row with @read. */
GPtrArray *
acc_store_collect (AccStore        *self,
                   StmtId           query,
                   const char      *id,
                   ReadRow          read,
                   GDestroyNotify   free_func,
                   GError         **error)
{
  sqlite3_stmt *s = acc_store_stmt (self, query);

  if (id != NULL)
    acc_store_bind_text (s, 1, id);
  return acc_store_collect_stmt (self, s, read, free_func, error);
}

char *
acc_store_lookup_text (AccStore   *self,
                       StmtId      query,
                       const char *id)
{
  sqlite3_stmt *s = acc_store_stmt (self, query);
  char *text = NULL;

  acc_store_bind_text (s, 1, id);
  if (sqlite3_step (s) == SQLITE_ROW)
    text = acc_store_column_dup (s, 0);
  sqlite3_reset (s);

  return text;
}

static AccGroupRow *
read_group (sqlite3_stmt  *s,
            GError       **error)
{
  AccGroupRow *row = g_new0 (AccGroupRow, 1);

  row->id = acc_store_column_dup (s, 0);
  row->session_id = acc_store_column_dup (s, 1);
  row->label = acc_store_column_dup (s, 2);
  row->level_id = acc_store_column_dup (s, 3);
  row->level_code = acc_store_column_dup (s, 4);
  row->level_label = acc_store_column_dup (s, 5);
  row->level_order = sqlite3_column_int (s, 6);
  row->instructor_id = acc_store_column_dup (s, 7);
  row->instructor_name = acc_store_column_dup (s, 8);
  row->meeting_point = acc_store_column_dup (s, 9);
  row->capacity = sqlite3_column_int (s, 10);
  row->count = sqlite3_column_int (s, 11);
  row->session_title = acc_store_column_dup (s, 12);
  row->starts_at = acc_store_column_dup (s, 13);
  row->discipline = acc_store_column_dup (s, 14);
  if (!acc_instructor_attendance_from_string ((const char *) sqlite3_column_text (s, 15),
                                              &row->instructor_attendance))
    row->instructor_attendance = ACC_INSTRUCTOR_ATTENDANCE_UNMARKED;
  row->checked_in = sqlite3_column_int (s, 16);
  row->no_shows = sqlite3_column_int (s, 17);

  return row;
}

static GPtrArray *
collect_groups (AccStore    *self,
                StmtId       query,
                const char  *id,
                GError     **error)
{
  return acc_store_collect (self, query, id, (ReadRow) read_group,
                            (GDestroyNotify) acc_group_row_free, error);
}

/**
 * acc_store_list_groups:
 * @session_id: (nullable): the session, or %NULL for every group of the day
 *
 * Returns: (transfer full) (element-type AccGroupRow) (nullable): the groups by session and
 *   level, with their instructor and how many pupils they hold.
 */
GPtrArray *
acc_store_list_groups (AccStore    *self,
                       const char  *session_id,
                       GError     **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  if (session_id == NULL)
    return collect_groups (self, STMT_GROUPS_ALL, NULL, error);

  return collect_groups (self, STMT_GROUPS_OF_SESSION, session_id, error);
}

/* The one row @query gives for @id; NULL with @error unset when there is none. */
static gpointer
collect_one (AccStore        *self,
             StmtId           query,
             const char      *id,
             ReadRow          read,
             GDestroyNotify   free_row,
             GError         **error)
{
  g_autoptr(GPtrArray) rows = acc_store_collect (self, query, id, read, free_row, error);

  return rows != NULL && rows->len > 0 ? g_ptr_array_steal_index (rows, 0) : NULL;
}

/**
 * acc_store_get_group:
 *
 * Returns: (transfer full) (nullable): the group as acc_store_list_groups() lists it, or
 *   %NULL with %ACC_ERROR_NOT_FOUND
 */
AccGroupRow *
acc_store_get_group (AccStore    *self,
                     const char  *group_id,
                     GError     **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (group_id != NULL, NULL);

  GError *local_error = NULL;
  AccGroupRow *row = collect_one (self, STMT_GROUP_BY_ID, group_id, (ReadRow) read_group,
                                  (GDestroyNotify) acc_group_row_free, &local_error);

  if (row == NULL && local_error == NULL)
    /* Translators: %s is the id of a group the day does not hold. */
    g_set_error (&local_error, ACC_ERROR, ACC_ERROR_NOT_FOUND, _("No group %s in this day"),
                 group_id);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return row;
}

static AccSessionRow *
read_session (sqlite3_stmt  *s,
              GError       **error)
{
  AccSessionRow *row = g_new0 (AccSessionRow, 1);

  row->id = acc_store_column_dup (s, 0);
  row->title = acc_store_column_dup (s, 1);
  row->starts_at = acc_store_column_dup (s, 2);
  return row;
}

/**
 * acc_store_list_sessions:
 *
 * Lists the sessions that have groups, without the groups: what a chooser of sessions shows,
 * read from the index of groups by session.
 *
 * Returns: (transfer full) (element-type AccSessionRow) (nullable): the sessions, by start
 *   time then title.
 */
GPtrArray *
acc_store_list_sessions (AccStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  return acc_store_collect (self, STMT_SESSIONS_WITH_GROUPS, NULL, (ReadRow) read_session,
                            (GDestroyNotify) acc_session_row_free, error);
}

/**
 * acc_store_get_session:
 *
 * Returns: (transfer full) (nullable): the session, with or without groups, or %NULL with
 *   %ACC_ERROR_NOT_FOUND
 */
AccSessionRow *
acc_store_get_session (AccStore    *self,
                       const char  *session_id,
                       GError     **error)
{
  GError *local_error = NULL;
  AccSessionRow *row;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);

  row = collect_one (self, STMT_SESSION_BY_ID, session_id, (ReadRow) read_session,
                     (GDestroyNotify) acc_session_row_free, &local_error);
  if (row == NULL && local_error == NULL)
    g_set_error (&local_error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                 _("There is no session %s on this day"), session_id);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return row;
}

void
acc_level_row_free (AccLevelRow *row)
{
  if (row == NULL)
    return;

  g_free (row->id);
  g_free (row->code);
  g_free (row->label);
  g_free (row->discipline);
  g_free (row);
}

/* An age bound, or -1 when the level has none. */
static int
column_age (sqlite3_stmt *s,
            int           column)
{
  return sqlite3_column_type (s, column) == SQLITE_NULL ? -1 : sqlite3_column_int (s, column);
}

static AccLevelRow *
read_level (sqlite3_stmt  *s,
            GError       **error)
{
  AccLevelRow *row = g_new0 (AccLevelRow, 1);

  row->id = acc_store_column_dup (s, 0);
  row->code = acc_store_column_dup (s, 1);
  row->label = acc_store_column_dup (s, 2);
  row->order = sqlite3_column_int (s, 3);
  row->discipline = acc_store_column_dup (s, 4);
  row->min_age = column_age (s, 5);
  row->max_age = column_age (s, 6);

  return row;
}

/**
 * acc_store_list_levels:
 *
 * Returns: (transfer full) (element-type AccLevelRow) (nullable): the levels of the school's
 *   scale that the day holds, in the scale's order.
 */
GPtrArray *
acc_store_list_levels (AccStore  *self,
                       GError   **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  return acc_store_collect (self, STMT_LEVELS, NULL, (ReadRow) read_level,
                            (GDestroyNotify) acc_level_row_free, error);
}

/**
 * acc_store_list_groups_of_instructor:
 *
 * Returns: (transfer full) (element-type AccGroupRow) (nullable): the groups an instructor
 *   leads today, by time.
 */
GPtrArray *
acc_store_list_groups_of_instructor (AccStore    *self,
                                     const char  *instructor_id,
                                     GError     **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (instructor_id != NULL, NULL);

  return collect_groups (self, STMT_GROUPS_OF_INSTRUCTOR, instructor_id, error);
}

static AccInstructorRow *
read_instructor (sqlite3_stmt  *s,
                 GError       **error)
{
  AccInstructorRow *row = g_new0 (AccInstructorRow, 1);

  row->id = acc_store_column_dup (s, 0);
  row->first_name = acc_store_column_dup (s, 1);
  row->last_name = acc_store_column_dup (s, 2);
  row->on_call = sqlite3_column_int (s, 3);
  row->disciplines = column_lines (s, 4);
  row->max_level_order = sqlite3_column_int (s, 5);
  if (!acc_instructor_attendance_from_string ((const char *) sqlite3_column_text (s, 6),
                                              &row->attendance))
    row->attendance = ACC_INSTRUCTOR_ATTENDANCE_UNMARKED;
  row->n_groups = sqlite3_column_int (s, 7);

  return row;
}

static GPtrArray *
collect_instructors (AccStore    *self,
                     StmtId       query,
                     const char  *id,
                     GError     **error)
{
  return acc_store_collect (self, query, id, (ReadRow) read_instructor,
                            (GDestroyNotify) acc_instructor_row_free, error);
}

/**
 * acc_store_list_instructors:
 *
 * Returns: (transfer full) (element-type AccInstructorRow) (nullable): the day's instructors,
 *   those who lead groups first, then the on-call pool, by name.
 */
GPtrArray *
acc_store_list_instructors (AccStore  *self,
                            GError   **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  return collect_instructors (self, STMT_INSTRUCTORS, NULL, error);
}

/**
 * acc_store_get_instructor:
 *
 * Returns: (transfer full) (nullable): the instructor as acc_store_list_instructors() lists
 *   them, or %NULL with %ACC_ERROR_NOT_FOUND
 */
AccInstructorRow *
acc_store_get_instructor (AccStore    *self,
                          const char  *instructor_id,
                          GError     **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (instructor_id != NULL, NULL);

  GError *local_error = NULL;
  AccInstructorRow *row = collect_one (self, STMT_INSTRUCTOR_BY_ID, instructor_id,
                                       (ReadRow) read_instructor,
                                       (GDestroyNotify) acc_instructor_row_free, &local_error);

  if (row == NULL && local_error == NULL)
    /* Translators: %s is the id of an instructor the day does not hold. */
    g_set_error (&local_error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                 _("No instructor %s in this day"), instructor_id);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return row;
}

static AccTallyRow *
read_tally (sqlite3_stmt  *s,
            GError       **error)
{
  AccTallyRow *row = g_new0 (AccTallyRow, 1);

  row->session_id = acc_store_column_dup (s, 0);
  row->session_title = acc_store_column_dup (s, 1);
  row->starts_at = acc_store_column_dup (s, 2);
  row->level_id = acc_store_column_dup (s, 3);
  row->level_label = acc_store_column_dup (s, 4);
  row->level_order = sqlite3_column_int (s, 5);
  row->expected = sqlite3_column_int (s, 6);
  row->checked_in = sqlite3_column_int (s, 7);
  row->groups = sqlite3_column_int (s, 8);
  row->instructors_present = sqlite3_column_int (s, 9);

  return row;
}

/**
 * acc_store_tally:
 *
 * Returns: (transfer full) (element-type AccTallyRow) (nullable): per session and level, the
 *   pupils expected and checked in, the groups and the instructors present.
 */
GPtrArray *
acc_store_tally (AccStore  *self,
                 GError   **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  return acc_store_collect (self, STMT_TALLY, NULL, (ReadRow) read_tally,
                            (GDestroyNotify) acc_tally_row_free, error);
}

char *
acc_store_suggest_group_unchecked (AccStore   *self,
                                   const char *enrollment_id)
{
  return acc_store_lookup_text (self, STMT_SUGGEST_GROUP, enrollment_id);
}

/**
 * acc_store_suggest_group:
 *
 * The group the desk proposes for an enrollment: of its session, at the participant's
 * declared level, with a place left, and of those the one with the fewest pupils.
 *
 * Returns: (transfer full) (nullable): the group's id, or %NULL when no group fits (and then
 *   @error is set only if the enrollment does not exist).
 */
char *
acc_store_suggest_group (AccStore    *self,
                         const char  *enrollment_id,
                         GError     **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (enrollment_id != NULL, NULL);

  if (!acc_store_read_enrollment (self, enrollment_id, NULL, NULL, NULL, error))
    return NULL;

  return acc_store_suggest_group_unchecked (self, enrollment_id);
}

/**
 * acc_store_suggest_group_for_level:
 * @level_id: (nullable): the participant's declared level
 * @taken: (nullable) (element-type utf8 guint): places promised besides those the day holds,
 *   by group id (GUINT_TO_POINTER()): those a walk-in's earlier participants would take
 *
 * The group acc_store_suggest_group() would give a participant of @level_id in @session_id,
 * before there is an enrollment: of the session, at the level, with a place left, and of
 * those the one with the fewest pupils.
 *
 * Returns: (transfer full) (nullable): the group's id, or %NULL when no group fits (and then
 *   @error is set only if the session does not exist).
 */
char *
acc_store_suggest_group_for_level (AccStore    *self,
                                   const char  *session_id,
                                   const char  *level_id,
                                   GHashTable  *taken,
                                   GError     **error)
{
  g_autoptr(AccSessionRow) session = NULL;
  g_autofree char *taken_json = NULL;
  sqlite3_stmt *s;
  char *group_id = NULL;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);

  session = acc_store_get_session (self, session_id, error);
  if (session == NULL || level_id == NULL)
    return NULL;

  if (taken != NULL && g_hash_table_size (taken) > 0)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) node = json_node_alloc ();
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, taken);
      while (g_hash_table_iter_next (&iter, &key, &value))
        json_object_set_int_member (object, key, GPOINTER_TO_UINT (value));
      json_node_init_object (node, object);
      taken_json = json_to_string (node, FALSE);
    }

  s = acc_store_stmt (self, STMT_SUGGEST_GROUP_FOR_LEVEL);
  acc_store_bind_text (s, 1, session_id);
  acc_store_bind_text (s, 2, level_id);
  acc_store_bind_text (s, 3, taken_json);
  rc = acc_store_step_row (self, s, error);
  if (rc == SQLITE_ROW)
    group_id = acc_store_column_dup (s, 0);
  sqlite3_reset (s);

  return group_id;
}

void
acc_problem_free (AccProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->id);
  g_free (problem->type);
  g_free (problem->reason);
  g_free (problem);
}

static AccProblem *
read_problem (sqlite3_stmt  *s,
              GError       **error)
{
  AccProblem *problem = g_new0 (AccProblem, 1);

  problem->id = acc_store_column_dup (s, 0);
  problem->type = acc_store_column_dup (s, 1);
  problem->reason = acc_store_column_dup (s, 2);
  problem->refused = sqlite3_column_int (s, 3);

  return problem;
}

/**
 * acc_store_list_problems:
 *
 * Returns: (transfer full) (element-type AccProblem) (nullable): the documents a person must
 *   look at: received but unusable, or refused by the server. None of them is lost.
 */
GPtrArray *
acc_store_list_problems (AccStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  return acc_store_collect (self, STMT_PROBLEMS, NULL, (ReadRow) read_problem,
                            (GDestroyNotify) acc_problem_free, error);
}
