/* acc-store-conflicts.c: subjects whose facts disagree: listed, described in words, resolved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "acc-document.h"
#include "acc-error.h"
#include "acc-fact.h"

#include "acc-store-private.h"

static void
conflict_fact_free (AccConflictFact *fact)
{
  g_free (fact->fact_id);
  g_free (fact->value);
  g_free (fact->value_label);
  g_free (fact->hlc);
  g_free (fact->device_id);
  g_free (fact->staff);
  g_free (fact->at);
  g_free (fact);
}

void
acc_conflict_free (AccConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->kind);
  g_free (conflict->subject_id);
  g_free (conflict->field);
  g_free (conflict->label);
  g_free (conflict->shown);
  g_clear_pointer (&conflict->facts, g_ptr_array_unref);
  g_free (conflict);
}

/* What a subject is, in words, for the review list. */
static char *
describe_subject (AccStore   *self,
                  const char *kind,
                  const char *subject_id,
                  const char *field)
{
  g_autofree char *name = NULL;
  const char *what;

  if (g_str_equal (kind, ACC_SUBJECT_CHECKIN) || g_str_equal (kind, ACC_SUBJECT_GROUP) ||
      g_str_equal (kind, ACC_SUBJECT_ATTENDANCE) ||
      g_str_equal (kind, ACC_SUBJECT_ENROLLMENT_STATUS))
    {
      g_autoptr(AccEnrollmentRow) row = acc_store_get_enrollment (self, subject_id, NULL);

      if (row != NULL)
        name = g_strdup_printf ("%s %s, %s", row->first_name ? row->first_name : "",
                                row->last_name ? row->last_name : "",
                                row->session_title ? row->session_title : "");
      if (g_str_equal (kind, ACC_SUBJECT_CHECKIN))
        what = _("check-in");
      else if (g_str_equal (kind, ACC_SUBJECT_GROUP))
        what = _("group");
      else if (g_str_equal (kind, ACC_SUBJECT_ENROLLMENT_STATUS))
        what = _("cancellation");
      else
        what = _("attendance");
    }
  else if (g_str_equal (kind, ACC_SUBJECT_PARTICIPANT))
    {
      name = acc_store_lookup_text (self, STMT_PARTICIPANT_NAME, subject_id);
      what = field;
    }
  else if (g_str_equal (kind, ACC_SUBJECT_GROUP_INSTRUCTOR))
    {
      name = acc_store_lookup_text (self, STMT_GROUP_LABEL, subject_id);
      what = _("instructor");
    }
  else if (g_str_equal (kind, ACC_SUBJECT_INSTRUCTOR_ATTENDANCE))
    {
      name = acc_store_lookup_text (self, STMT_INSTRUCTOR_NAME, subject_id);
      what = _("roll-call");
    }
  else
    {
      name = acc_store_lookup_text (self, STMT_SESSION_TITLE, subject_id);
      what = _("close-out");
    }

  /* Translators: a subject in the review list, "Zoé Lefèvre, Ski – morning – group". */
  return g_strdup_printf (_("%s – %s"), name ? name : subject_id, what);
}

/* A state a pupil's attendance fact, an instructor's or an enrollment's status gives, in
 * words. */
static const char *
describe_state (const char *kind,
                const char *state)
{
  AccInstructorAttendance mark;
  AccAttendance attendance;
  AccEnrollmentStatus status;

  if (g_str_equal (kind, ACC_SUBJECT_INSTRUCTOR_ATTENDANCE) &&
      acc_instructor_attendance_from_string (state, &mark))
    return acc_instructor_attendance_get_label (mark);
  if (g_str_equal (kind, ACC_SUBJECT_ATTENDANCE) && acc_attendance_from_string (state, &attendance))
    return acc_attendance_get_label (attendance);
  if (g_str_equal (kind, ACC_SUBJECT_ENROLLMENT_STATUS) &&
      acc_enrollment_status_from_string (state, &status))
    return acc_enrollment_status_get_label (status);

  return state;
}

/* A fact's value in words, for a person choosing between two of them. */
static char *
describe_value (AccStore   *self,
                const char *kind,
                const char *field,
                const char *value_json)
{
  g_autoptr(JsonNode) node = json_from_string (value_json, NULL);
  const char *text = NULL;
  char *found = NULL;

  if (node == NULL)
    return g_strdup (value_json);

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    text = json_node_get_string (node);

  if (g_str_equal (kind, ACC_SUBJECT_CHECKIN))
    return g_strdup (json_node_get_boolean (node) ? _("Checked in") : _("Not checked in"));
  if (g_str_equal (kind, ACC_SUBJECT_ATTENDANCE) ||
      g_str_equal (kind, ACC_SUBJECT_INSTRUCTOR_ATTENDANCE) ||
      g_str_equal (kind, ACC_SUBJECT_ENROLLMENT_STATUS))
    return g_strdup (describe_state (kind, text));
  if (g_str_equal (kind, ACC_SUBJECT_GROUP) && text)
    found = acc_store_lookup_text (self, STMT_GROUP_LABEL, text);
  else if (g_str_equal (kind, ACC_SUBJECT_GROUP_INSTRUCTOR))
    {
      if (text == NULL)
        return g_strdup (_("No instructor"));
      found = acc_store_lookup_text (self, STMT_INSTRUCTOR_NAME, text);
    }
  else if (g_str_equal (kind, ACC_SUBJECT_PARTICIPANT) && g_strcmp0 (field, "level_id") == 0 &&
           text)
    found = acc_store_lookup_text (self, STMT_LEVEL_LABEL, text);

  if (found != NULL)
    return found;
  if (text != NULL)
    return g_strdup (text);
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GString) joined = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *element = json_array_get_string_element (array, i);
          g_string_append_printf (joined, "%s%s", i ? ", " : "", element ? element : "");
        }
      return g_string_free (g_steal_pointer (&joined), FALSE);
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));

  return g_strdup (value_json);
}

/**
 * acc_store_list_conflicts:
 *
 * Returns: (transfer full) (element-type AccConflict) (nullable): every subject whose
 *   current facts disagree, with those facts, greatest hlc first.
 */
GPtrArray *
acc_store_list_conflicts (AccStore  *self,
                          GError   **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_conflict_free);
  AccConflict *current = NULL;
  sqlite3_stmt *s;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  /* Collect first: describing values runs other statements. */
  s = acc_store_stmt (self, STMT_EXPORT_CONFLICTS);
  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (s, 0);
      const char *subject_id = (const char *) sqlite3_column_text (s, 1);
      const char *field = (const char *) sqlite3_column_text (s, 2);
      AccConflictFact *fact;

      if (current == NULL || g_strcmp0 (current->kind, kind) != 0 ||
          g_strcmp0 (current->subject_id, subject_id) != 0 ||
          g_strcmp0 (current->field, field) != 0)
        {
          current = g_new0 (AccConflict, 1);
          current->kind = g_strdup (kind);
          current->subject_id = g_strdup (subject_id);
          current->field = g_strdup (field);
          current->shown = acc_store_column_dup (s, 3);
          current->facts = g_ptr_array_new_with_free_func ((GDestroyNotify) conflict_fact_free);
          g_ptr_array_add (conflicts, current);
        }

      fact = g_new0 (AccConflictFact, 1);
      fact->fact_id = acc_store_column_dup (s, 4);
      fact->value = acc_store_column_dup (s, 5);
      fact->hlc = acc_store_column_dup (s, 6);
      fact->device_id = acc_store_column_dup (s, 7);
      fact->staff = acc_store_column_dup (s, 8);
      fact->at = acc_store_column_dup (s, 9);
      g_ptr_array_add (current->facts, fact);
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return NULL;

  for (guint i = 0; i < conflicts->len; i++)
    {
      AccConflict *conflict = g_ptr_array_index (conflicts, i);

      conflict->label = describe_subject (self, conflict->kind, conflict->subject_id,
                                          conflict->field);
      for (guint j = 0; j < conflict->facts->len; j++)
        {
          AccConflictFact *fact = g_ptr_array_index (conflict->facts, j);
          fact->value_label = describe_value (self, conflict->kind, conflict->field, fact->value);
        }
    }

  return g_steal_pointer (&conflicts);
}

/* The members of a fact that are not its kind's fields. */
static const char * const fact_common_members[] = {
  "_id", "_rev", "_revisions", "type", "schema", "kind", "device_id", "staff", "at", "hlc",
  "supersedes", NULL
};

gboolean
acc_store_resolve_conflict (AccStore    *self,
                            const char  *kind,
                            const char  *subject_id,
                            const char  *field,
                            const char  *keep_fact_id,
                            GError     **error)
{
  g_autoptr(JsonObject) kept = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GList) members = NULL;
  const char *fact_kind;
  sqlite3_stmt *s;
  gboolean current, ok;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL && subject_id != NULL && keep_fact_id != NULL, FALSE);

  if (field == NULL)
    field = "";

  if (!acc_store_begin (self, error))
    return FALSE;

  s = acc_store_stmt (self, STMT_FACT_IS_CURRENT);
  acc_store_bind_text (s, 1, kind);
  acc_store_bind_text (s, 2, subject_id);
  acc_store_bind_text (s, 3, field);
  acc_store_bind_text (s, 4, keep_fact_id);
  current = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_reset (s);

  kept = current ? acc_store_dup_document (self, keep_fact_id, error) : NULL;
  if (kept == NULL)
    {
      if (!current)
        g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                     _("Fact %s no longer decides this; the list has changed, look again"),
                     keep_fact_id);
      acc_store_rollback (self);
      return FALSE;
    }

  fact_kind = acc_document_get_string (kept, "kind");
  members = json_object_get_members (kept);
  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (fact_common_members, l->data))
      json_object_set_member (fields, l->data,
                              json_node_copy (json_object_get_member (kept, l->data)));

  /* A participant update decides several fields; only the one in conflict is kept. */
  if (g_str_equal (kind, ACC_SUBJECT_PARTICIPANT))
    {
      JsonObject *changes = json_object_get_object_member (fields, "changes");
      JsonNode *value = json_node_copy (json_object_get_member (changes, field));

      g_clear_pointer (&fields, json_object_unref);
      fields = acc_store_participant_change (subject_id, field, value);
    }

  ok = acc_store_record_fact (self, fact_kind, kind, subject_id, field, fields, error);
  return acc_store_finish_write (self, ok, error);
}
