/* acc-store-facts.c: every write made at the desk, from a check-in to an extra group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "acc-document.h"
#include "acc-error.h"
#include "acc-now.h"
#include "acc-fact.h"

#include "acc-store-private.h"

/* Facts written at this desk */

static GPtrArray *
current_facts (AccStore    *self,
               const char  *kind,
               const char  *subject_id,
               const char  *field,
               GPtrArray   *into)
{
  sqlite3_stmt *s = acc_store_stmt (self, STMT_SUBJECT_CURRENT);

  acc_store_bind_text (s, 1, kind);
  acc_store_bind_text (s, 2, subject_id);
  acc_store_bind_text (s, 3, field);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      const char *fact_id = (const char *) sqlite3_column_text (s, 0);

      if (!g_ptr_array_find_with_equal_func (into, fact_id, g_str_equal, NULL))
        g_ptr_array_add (into, g_strdup (fact_id));
    }
  sqlite3_reset (s);

  return into;
}

static gboolean
write_fact (AccStore           *self,
            const char         *kind,
            GPtrArray          *supersedes,
            JsonObject         *fields,
            GError            **error)
{
  g_autoptr(JsonObject) fact = NULL;
  g_autofree char *hlc = acc_clock_tick (self->clock);
  g_autoptr(GList) members = json_object_get_members (fields);

  g_ptr_array_sort (supersedes, acc_store_compare_strings_ptr);
  g_ptr_array_add (supersedes, NULL);
  fact = acc_fact_new (kind, self->device_id, self->staff, hlc,
                       (const char * const *) supersedes->pdata);
  g_ptr_array_remove_index (supersedes, supersedes->len - 1);

  for (GList *l = members; l; l = l->next)
    json_object_set_member (fact, l->data,
                            json_node_copy (json_object_get_member (fields, l->data)));

  return acc_store_put_one (self, fact, NULL, ACC_PUT_PENDING, NULL, error);
}

JsonObject *
acc_store_participant_change (const char *participant_id,
                              const char *field,
                              JsonNode   *value)
{
  JsonObject *fields = json_object_new ();
  JsonObject *changes = json_object_new ();

  json_object_set_member (changes, field, value);
  json_object_set_string_member (fields, "participant_id", participant_id);
  json_object_set_object_member (fields, "changes", changes);

  return fields;
}

/* Writes one fact about one subject that supersedes the facts currently deciding it. The
 * caller holds the transaction.
 *
 * Supersession replaces a whole fact. A participant update written elsewhere may decide
 * several fields; replacing it for one field must not take its other fields away, so their
 * values are written again in facts that supersede nothing: each such field keeps exactly
 * the values (and conflicts) it had. This desk writes one field per fact for that reason. */
gboolean
acc_store_record_fact (AccStore     *self,
                       const char   *kind,
                       const char   *subject_kind,
                       const char   *subject_id,
                       const char   *field,
                       JsonObject   *fields,
                       GError      **error)
{
  g_autoptr(GPtrArray) supersedes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) carried = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gboolean is_participant = g_str_equal (subject_kind, ACC_SUBJECT_PARTICIPANT);

  current_facts (self, subject_kind, subject_id, field, supersedes);

  for (guint i = 0; is_participant && i < supersedes->len; i++)
    {
      sqlite3_stmt *s = acc_store_stmt (self, STMT_FACT_SUBJECTS_CURRENT_FIELDS);

      acc_store_bind_text (s, 1, g_ptr_array_index (supersedes, i));
      while (sqlite3_step (s) == SQLITE_ROW)
        {
          const char *other = (const char *) sqlite3_column_text (s, 0);
          JsonNode *value = json_from_string ((const char *) sqlite3_column_text (s, 1), NULL);

          if (value != NULL && !g_str_equal (other, field))
            g_ptr_array_add (carried, acc_store_participant_change (subject_id, other, value));
          else if (value != NULL)
            json_node_unref (value);
        }
      sqlite3_reset (s);
    }

  if (!write_fact (self, kind, supersedes, fields, error))
    return FALSE;

  g_ptr_array_set_size (supersedes, 0);
  for (guint i = 0; i < carried->len; i++)
    if (!write_fact (self, kind, supersedes, g_ptr_array_index (carried, i), error))
      return FALSE;

  return TRUE;
}

/* Returns the current value of a subject as canonical JSON, or NULL. */
static char *
subject_value (AccStore   *self,
               const char *kind,
               const char *subject_id,
               gboolean   *conflict)
{
  sqlite3_stmt *s = acc_store_stmt (self, STMT_SUBJECT_STATE_GET);
  char *value = NULL;

  acc_store_bind_text (s, 1, kind);
  acc_store_bind_text (s, 2, subject_id);
  acc_store_bind_text (s, 3, "");
  *conflict = FALSE;
  if (sqlite3_step (s) == SQLITE_ROW)
    {
      value = acc_store_column_dup (s, 0);
      *conflict = sqlite3_column_int (s, 1);
    }
  sqlite3_reset (s);

  return value;
}

gboolean
acc_store_read_enrollment (AccStore     *self,
                           const char   *enrollment_id,
                           char        **session_id,
                           gboolean     *cancelled,
                           char        **group_id,
                           GError      **error)
{
  sqlite3_stmt *s = acc_store_stmt (self, STMT_ENROLLMENT_GET);
  AccEnrollmentStatus status;
  int rc;

  acc_store_bind_text (s, 1, enrollment_id);
  rc = acc_store_step_row (self, s, error);
  if (rc == SQLITE_ROW)
    {
      if (session_id)
        *session_id = acc_store_column_dup (s, 0);
      if (cancelled)
        *cancelled = acc_enrollment_status_from_string ((const char *) sqlite3_column_text (s, 1),
                                                        &status) &&
                     status == ACC_ENROLLMENT_STATUS_CANCELLED;
      if (group_id)
        *group_id = acc_store_column_dup (s, 2);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                 _("There is no enrollment %s on this day"), enrollment_id);
  sqlite3_reset (s);

  return rc == SQLITE_ROW;
}

static gboolean
exists (AccStore    *self,
        StmtId       query,
        const char  *id)
{
  sqlite3_stmt *s = acc_store_stmt (self, query);
  gboolean found;

  acc_store_bind_text (s, 1, id);
  found = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_reset (s);

  return found;
}

typedef enum
{
  KIND_GROUP,
  KIND_INSTRUCTOR,
  KIND_PARTICIPANT,
  KIND_SESSION,
} ObjectKind;

static gboolean
require (AccStore    *self,
         ObjectKind   kind,
         const char  *id,
         GError     **error)
{
  static const StmtId queries[] = {
    [KIND_GROUP] = STMT_GROUP_GET,
    [KIND_INSTRUCTOR] = STMT_EXISTS_INSTRUCTOR,
    [KIND_PARTICIPANT] = STMT_EXISTS_PARTICIPANT,
    [KIND_SESSION] = STMT_EXISTS_SESSION,
  };

  if (exists (self, queries[kind], id))
    return TRUE;

  switch (kind)
    {
    case KIND_GROUP:
      g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND, _("There is no group %s on this day"),
                   id);
      break;
    case KIND_INSTRUCTOR:
      g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                   _("There is no instructor %s on this day"), id);
      break;
    case KIND_PARTICIPANT:
      g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                   _("There is no participant %s on this day"), id);
      break;
    case KIND_SESSION:
    default:
      g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                   _("There is no session %s on this day"), id);
      break;
    }

  return FALSE;
}

/* Checks one enrollment in or out; the caller holds the transaction. An enrollment already in
 * the requested state, with no conflict, gets no new fact. */
static gboolean
check_in_one (AccStore    *self,
              const char  *enrollment_id,
              gboolean     present,
              char       **group_id,
              GError     **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *value = NULL;
  gboolean cancelled = FALSE, conflict;

  if (!acc_store_read_enrollment (self, enrollment_id, NULL, &cancelled, group_id, error))
    return FALSE;

  if (cancelled && present)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("Enrollment %s is cancelled"), enrollment_id);
      return FALSE;
    }

  value = subject_value (self, ACC_SUBJECT_CHECKIN, enrollment_id, &conflict);
  if (!conflict && g_strcmp0 (value, present ? "true" : "false") == 0)
    return TRUE;
  if (value == NULL && !present)
    return TRUE;

  json_object_set_string_member (fields, "enrollment_id", enrollment_id);
  json_object_set_boolean_member (fields, "present", present);
  return acc_store_record_fact (self, "checkin", ACC_SUBJECT_CHECKIN, enrollment_id, "", fields,
                                error);
}

static gboolean check_in_all (AccStore           *self,
                              const char * const *enrollment_ids,
                              gboolean            present,
                              gboolean            place,
                              GError            **error);

/**
 * acc_store_check_in:
 * @self: a #AccStore
 * @enrollment_ids: (array zero-terminated=1): the enrollments
 * @present: %TRUE to check in, %FALSE to undo a check-in
 * @error: where to say why nothing was written
 *
 * Checks in (or out) every enrollment in one durable transaction: all or none. An enrollment
 * already in the requested state gets no new fact.
 */
gboolean
acc_store_check_in (AccStore           *self,
                    const char * const *enrollment_ids,
                    gboolean            present,
                    GError            **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (enrollment_ids != NULL, FALSE);

  return check_in_all (self, enrollment_ids, present, FALSE, error);
}

/* Checks in (or out) every enrollment of @enrollment_ids in one durable transaction, all or
 * none; with @place, also places each one that has no group in the group
 * acc_store_suggest_group() gives. */
static gboolean
check_in_all (AccStore           *self,
              const char * const *enrollment_ids,
              gboolean            present,
              gboolean            place,
              GError            **error)
{
  gboolean ok = TRUE;

  if (!acc_store_begin (self, error))
    return FALSE;

  for (guint i = 0; ok && enrollment_ids[i] != NULL; i++)
    {
      g_autofree char *group_id = NULL, *suggested = NULL;

      ok = check_in_one (self, enrollment_ids[i], present, place ? &group_id : NULL, error);
      if (ok && place && group_id == NULL &&
          (suggested = acc_store_suggest_group_unchecked (self, enrollment_ids[i])))
        {
          g_autoptr(JsonObject) fields = json_object_new ();

          json_object_set_string_member (fields, "enrollment_id", enrollment_ids[i]);
          json_object_set_string_member (fields, "group_id", suggested);
          json_object_set_string_member (fields, "reason", _("Placed at check-in"));
          ok = acc_store_record_fact (self, "assign_group", ACC_SUBJECT_GROUP, enrollment_ids[i],
                                      "", fields, error);
        }
    }

  return acc_store_finish_write (self, ok, error);
}

/**
 * acc_store_check_in_and_place:
 * @self: a #AccStore
 * @enrollment_ids: (array zero-terminated=1): the enrollments
 * @error: where to say why nothing was written
 *
 * What the desk's "Check in" does: checks every enrollment in and places each one that has no
 * group in the group acc_store_suggest_group() gives, all in one durable transaction.
 */
gboolean
acc_store_check_in_and_place (AccStore           *self,
                              const char * const *enrollment_ids,
                              GError            **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (enrollment_ids != NULL, FALSE);

  return check_in_all (self, enrollment_ids, TRUE, TRUE, error);
}

/**
 * acc_store_assign_group:
 * @reason: (nullable): why the participant is moved
 *
 * Places an enrollment in a group of its own session.
 */
gboolean
acc_store_assign_group (AccStore    *self,
                        const char  *enrollment_id,
                        const char  *group_id,
                        const char  *reason,
                        GError     **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *session_id = NULL, *group_session = NULL;
  gboolean ok;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (enrollment_id != NULL && group_id != NULL, FALSE);

  if (!acc_store_begin (self, error))
    return FALSE;

  ok = acc_store_read_enrollment (self, enrollment_id, &session_id, NULL, NULL, error) &&
       require (self, KIND_GROUP, group_id, error);
  if (ok)
    group_session = acc_store_lookup_text (self, STMT_GROUP_GET, group_id);
  if (ok && g_strcmp0 (session_id, group_session) != 0)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("Group %s belongs to another session than enrollment %s"),
                   group_id, enrollment_id);
      ok = FALSE;
    }
  if (ok)
    {
      json_object_set_string_member (fields, "enrollment_id", enrollment_id);
      json_object_set_string_member (fields, "group_id", group_id);
      json_object_set_string_member (fields, "reason", reason ? reason : "");
      ok = acc_store_record_fact (self, "assign_group", ACC_SUBJECT_GROUP, enrollment_id, "",
                                  fields, error);
    }

  return acc_store_finish_write (self, ok, error);
}

gboolean
acc_store_set_attendance (AccStore       *self,
                          const char     *enrollment_id,
                          AccAttendance   state,
                          GError        **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  gboolean ok;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (enrollment_id != NULL, FALSE);
  g_return_val_if_fail (state < ACC_N_ATTENDANCE, FALSE);

  if (!acc_store_begin (self, error))
    return FALSE;

  ok = acc_store_read_enrollment (self, enrollment_id, NULL, NULL, NULL, error);
  if (ok)
    {
      json_object_set_string_member (fields, "enrollment_id", enrollment_id);
      json_object_set_string_member (fields, "state", acc_attendance_to_string (state));
      ok = acc_store_record_fact (self, "attendance", ACC_SUBJECT_ATTENDANCE, enrollment_id, "",
                                  fields, error);
    }

  return acc_store_finish_write (self, ok, error);
}

/**
 * acc_store_set_enrollment_status:
 *
 * Cancels an enrollment, or books it again: a fact about its status. A cancelled enrollment
 * holds no place in its group. An enrollment already in @status, with no conflict, gets no
 * new fact.
 */
gboolean
acc_store_set_enrollment_status (AccStore             *self,
                                 const char           *enrollment_id,
                                 AccEnrollmentStatus   status,
                                 GError              **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *value = NULL;
  gboolean cancelled = FALSE, conflict, ok;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (enrollment_id != NULL, FALSE);
  g_return_val_if_fail (status < ACC_N_ENROLLMENT_STATUS, FALSE);

  if (!acc_store_begin (self, error))
    return FALSE;

  ok = acc_store_read_enrollment (self, enrollment_id, NULL, &cancelled, NULL, error);
  if (ok)
    {
      /* The plan, or the facts, say it already. */
      value = subject_value (self, ACC_SUBJECT_ENROLLMENT_STATUS, enrollment_id, &conflict);
      if (!conflict && cancelled == (status == ACC_ENROLLMENT_STATUS_CANCELLED))
        {
          acc_store_rollback (self);
          return TRUE;
        }

      json_object_set_string_member (fields, "enrollment_id", enrollment_id);
      json_object_set_string_member (fields, "status", acc_enrollment_status_to_string (status));
      ok = acc_store_record_fact (self, "enrollment_status", ACC_SUBJECT_ENROLLMENT_STATUS,
                                  enrollment_id, "", fields, error);
    }

  return acc_store_finish_write (self, ok, error);
}

/* Records, in a transaction of its own, the fact @fact_kind with @fields about @subject_id,
 * which must be a @kind of the day: a fact that needs nothing else checked first. */
static gboolean
record_fact_about (AccStore    *self,
                   ObjectKind   kind,
                   const char  *subject_id,
                   JsonObject  *fields,
                   const char  *fact_kind,
                   const char  *subject_kind,
                   GError     **error)
{
  gboolean ok;

  if (!acc_store_begin (self, error))
    return FALSE;

  ok = require (self, kind, subject_id, error) &&
       acc_store_record_fact (self, fact_kind, subject_kind, subject_id, "", fields, error);

  return acc_store_finish_write (self, ok, error);
}

gboolean
acc_store_set_instructor_attendance (AccStore                 *self,
                                     const char               *instructor_id,
                                     AccInstructorAttendance   state,
                                     GError                  **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (instructor_id != NULL, FALSE);
  /* A mark is never taken back: no fact says "unmarked". */
  g_return_val_if_fail (state > ACC_INSTRUCTOR_ATTENDANCE_UNMARKED &&
                        state < ACC_N_INSTRUCTOR_ATTENDANCE, FALSE);

  json_object_set_string_member (fields, "instructor_id", instructor_id);
  json_object_set_string_member (fields, "state", acc_instructor_attendance_to_string (state));
  return record_fact_about (self, KIND_INSTRUCTOR, instructor_id, fields,
                            "instructor_attendance", ACC_SUBJECT_INSTRUCTOR_ATTENDANCE, error);
}

/**
 * acc_store_assign_instructor:
 * @instructor_id: (nullable): the instructor, or %NULL to take the group's away
 */
gboolean
acc_store_assign_instructor (AccStore    *self,
                             const char  *group_id,
                             const char  *instructor_id,
                             GError     **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  gboolean ok;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);

  if (!acc_store_begin (self, error))
    return FALSE;

  ok = require (self, KIND_GROUP, group_id, error) &&
       (instructor_id == NULL || require (self, KIND_INSTRUCTOR, instructor_id, error));
  if (ok)
    {
      json_object_set_string_member (fields, "group_id", group_id);
      acc_document_set_string_or_null (fields, "instructor_id", instructor_id);
      ok = acc_store_record_fact (self, "assign_instructor", ACC_SUBJECT_GROUP_INSTRUCTOR,
                                  group_id, "", fields, error);
    }

  return acc_store_finish_write (self, ok, error);
}

/**
 * acc_store_update_participant:
 * @changes: field → new value (first_name, last_name, level_id, allergies…)
 */
gboolean
acc_store_update_participant (AccStore    *self,
                              const char  *participant_id,
                              JsonObject  *changes,
                              GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (participant_id != NULL && changes != NULL, FALSE);

  if (!acc_store_begin (self, error))
    return FALSE;

  ok = require (self, KIND_PARTICIPANT, participant_id, error);
  if (ok)
    {
      g_autoptr(GList) names = json_object_get_members (changes);

      /* One fact per field: see acc_store_record_fact(). */
      for (GList *l = names; ok && l; l = l->next)
        {
          g_autoptr(JsonObject) fields =
            acc_store_participant_change (participant_id, l->data,
                                          json_node_copy (json_object_get_member (changes,
                                                                                  l->data)));

          ok = acc_store_record_fact (self, "participant_update", ACC_SUBJECT_PARTICIPANT,
                                      participant_id, l->data, fields, error);
        }
    }

  return acc_store_finish_write (self, ok, error);
}

/**
 * acc_store_close_out:
 *
 * Closes a session's check-in now: every enrollment of the session still undetermined becomes
 * a no-show.
 */
gboolean
acc_store_close_out (AccStore    *self,
                     const char  *session_id,
                     GError     **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GDateTime) now = acc_now_local ();
  g_autofree char *cutoff = g_date_time_format_iso8601 (now);

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);

  json_object_set_string_member (fields, "session_id", session_id);
  json_object_set_string_member (fields, "cutoff", cutoff);
  return record_fact_about (self, KIND_SESSION, session_id, fields, "close_out",
                            ACC_SUBJECT_CLOSE_OUT, error);
}

/**
 * acc_store_create_group:
 * @level_id: (nullable): the group's level
 * @instructor_id: (nullable): its instructor
 *
 * Opens an extra group at the desk, when more pupils came than planned: a new group document
 * of this desk, sent to the cloud like its facts.
 *
 * Returns: (transfer full) (nullable): the new group's id
 */
char *
acc_store_create_group (AccStore    *self,
                        const char  *session_id,
                        const char  *level_id,
                        int          capacity,
                        const char  *instructor_id,
                        const char  *label,
                        GError     **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *id = acc_uuid_new ();
  g_autofree char *meeting_point = NULL;
  gboolean ok;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (session_id != NULL && label != NULL, NULL);

  if (capacity < 1)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("A group needs room for at least one pupil"));
      return NULL;
    }

  if (!acc_store_begin (self, error))
    return NULL;

  ok = require (self, KIND_SESSION, session_id, error) &&
       (level_id == NULL || exists (self, STMT_EXISTS_LEVEL, level_id) ||
        (g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                      _("There is no level %s on this day"), level_id), FALSE)) &&
       (instructor_id == NULL || require (self, KIND_INSTRUCTOR, instructor_id, error));
  if (ok)
    {
      meeting_point = acc_store_lookup_text (self, STMT_SESSION_MEETING_POINT, session_id);

      doc = acc_document_new ("group", id);
      json_object_set_string_member (doc, "session_id", session_id);
      acc_document_set_string_or_null (doc, "level_id", level_id);
      acc_document_set_string_or_null (doc, "instructor_id", instructor_id);
      json_object_set_int_member (doc, "capacity", capacity);
      json_object_set_string_member (doc, "label", label);
      acc_document_set_string_or_null (doc, "meeting_point_id", meeting_point);
      json_object_set_string_member (doc, "origin", self->device_id);
      ok = acc_store_put_one (self, doc, NULL, ACC_PUT_PENDING, NULL, error);
    }

  if (!acc_store_finish_write (self, ok, error))
    return NULL;

  return g_steal_pointer (&id);
}
