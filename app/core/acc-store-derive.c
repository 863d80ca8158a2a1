/* acc-store-derive.c: facts derived into subject_state, the rows they decide, and rederivation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-store"

#include "config.h"

#include <sqlite3.h>

#include "acc-document.h"
#include "acc-fact.h"
#include "acc-json-text.h"

#include "acc-store-private.h"

/* Derived rows */

gboolean
acc_store_refresh_by_id (AccStore    *self,
                         StmtId       id,
                         const char  *subject_id,
                         GError     **error)
{
  sqlite3_stmt *s = acc_store_stmt (self, id);

  acc_store_bind_text (s, 1, subject_id);
  return acc_store_step_done (self, s, error);
}

/* Whether any fact decided anything: without one, every projected row holds its plan. */
gboolean
acc_store_has_any_state (AccStore  *self,
                         gboolean  *any,
                         GError   **error)
{
  if (self->any_state < 0)
    {
      sqlite3_stmt *s = acc_store_stmt (self, STMT_SUBJECT_STATE_ANY);
      int rc = acc_store_step_row (self, s, error);

      sqlite3_reset (s);
      if (STEP_FAILED (rc))
        return FALSE;
      self->any_state = rc == SQLITE_ROW;
    }

  *any = self->any_state;
  return TRUE;
}

/* Derives the rows of @subject_id again with statement @id, unless no fact decided anything. */
gboolean
acc_store_refresh_planned (AccStore    *self,
                           StmtId       id,
                           const char  *subject_id,
                           GError     **error)
{
  gboolean any;

  if (!acc_store_has_any_state (self, &any, error))
    return FALSE;
  return !any || acc_store_refresh_by_id (self, id, subject_id, error);
}

JsonObject *
acc_store_load_body (AccStore    *self,
                     const char  *id,
                     const char  *type,
                     GError     **error)
{
  sqlite3_stmt *s = acc_store_stmt (self, STMT_DOC_BODY);
  JsonObject *body = NULL;
  int rc;

  acc_store_bind_text (s, 1, id);
  rc = acc_store_step_row (self, s, error);
  if (rc == SQLITE_ROW && !sqlite3_column_int (s, 3) &&
      (type == NULL || g_strcmp0 ((const char *) sqlite3_column_text (s, 2), type) == 0))
    body = acc_json_parse_object ((const char *) sqlite3_column_text (s, 0), error);
  sqlite3_reset (s);

  return body;
}

static JsonObject *
copy_members (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (copy, name, json_node_copy (member));

  return copy;
}

/* The participant table holds the document's fields with the participant_update facts
 * applied; @winner is the document's winning revision when the caller holds it. */
gboolean
acc_store_refresh_participant (AccStore    *self,
                               const char  *participant_id,
                               JsonObject  *winner,
                               GError     **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *s;
  int rc;

  doc = winner ? json_object_ref (winner)
               : acc_store_load_body (self, participant_id, "participant", &local_error);
  if (doc == NULL)
    {
      /* Not here yet: its facts wait in fact_subject and apply when it arrives. */
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  s = acc_store_stmt (self, STMT_PARTICIPANT_STATE);
  acc_store_bind_text (s, 1, participant_id);
  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    {
      JsonNode *value = json_from_string ((const char *) sqlite3_column_text (s, 1), NULL);

      if (value == NULL)
        continue;
      /* The caller's document stays as it was received. */
      if (doc == winner)
        {
          JsonObject *copy = copy_members (winner);

          json_object_unref (doc);
          doc = copy;
        }
      json_object_set_member (doc, (const char *) sqlite3_column_text (s, 0), value);
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return FALSE;

  s = acc_store_stmt (self, STMT_PARTICIPANT_PUT);
  acc_store_bind_text (s, 1, participant_id);
  acc_store_bind_member (s, 2, doc, "booking_id");
  acc_store_bind_member (s, 3, doc, "first_name");
  acc_store_bind_member (s, 4, doc, "last_name");
  acc_store_bind_member (s, 5, doc, "birth_year");
  acc_store_bind_member (s, 6, doc, "level_id");
  acc_store_bind_member (s, 7, doc, "allergies");
  acc_store_bind_member (s, 8, doc, "medical_notes");
  acc_store_bind_member (s, 9, doc, "emergency_phone");
  acc_store_bind_member (s, 10, doc, "pickup_adults");
  acc_store_bind_member (s, 11, doc, "placeholder");
  if (!acc_store_step_done (self, s, error))
    return FALSE;

  acc_store_mark_terms_stale (self, participant_id);
  return TRUE;
}

/* Names in the change, as rows of @kind, what statement @id gives for @key. */
static gboolean
note_related (AccStore       *self,
              StmtId          id,
              const char     *key,
              AccChangeKind   kind,
              GError        **error)
{
  sqlite3_stmt *s = acc_store_stmt (self, id);
  int rc;

  acc_store_bind_text (s, 1, key);
  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    acc_store_change_add (self->change, kind, (const char *) sqlite3_column_text (s, 0));
  sqlite3_reset (s);

  return rc == SQLITE_DONE;
}

/* Derives the rows of a subject again, and names them in the transaction's change, with
 * what they show elsewhere: an enrollment's groups before and after, a group's instructors
 * before and after, the groups an instructor leads. */
static gboolean
refresh_target (AccStore    *self,
                const char  *kind,
                const char  *subject_id,
                GError     **error)
{
  AccStoreChange *change = acc_store_pending_change (self);
  gboolean note = !acc_store_change_is_everything (change);

  /* An enrollment's status changes its group's count: the group is named too. */
  if (g_str_equal (kind, ACC_SUBJECT_CHECKIN) || g_str_equal (kind, ACC_SUBJECT_GROUP) ||
      g_str_equal (kind, ACC_SUBJECT_ATTENDANCE) ||
      g_str_equal (kind, ACC_SUBJECT_ENROLLMENT_STATUS))
    {
      acc_store_change_add (change, ACC_CHANGE_ENROLLMENT, subject_id);
      return (!note ||
              note_related (self, STMT_CHANGE_ENROLLMENT_GROUP, subject_id, ACC_CHANGE_GROUP,
                            error)) &&
             acc_store_refresh_by_id (self, STMT_REFRESH_ENROLLMENT, subject_id, error) &&
             (!note ||
              note_related (self, STMT_CHANGE_ENROLLMENT_GROUP, subject_id, ACC_CHANGE_GROUP,
                            error));
    }
  if (g_str_equal (kind, ACC_SUBJECT_GROUP_INSTRUCTOR))
    {
      acc_store_change_add (change, ACC_CHANGE_GROUP, subject_id);
      return (!note ||
              note_related (self, STMT_CHANGE_GROUP_INSTRUCTOR, subject_id,
                            ACC_CHANGE_INSTRUCTOR, error)) &&
             acc_store_refresh_by_id (self, STMT_REFRESH_GROUP, subject_id, error) &&
             (!note ||
              note_related (self, STMT_CHANGE_GROUP_INSTRUCTOR, subject_id,
                            ACC_CHANGE_INSTRUCTOR, error));
    }
  if (g_str_equal (kind, ACC_SUBJECT_CLOSE_OUT))
    {
      /* A whole session's enrollments. */
      acc_store_change_add_everything (change);
      return acc_store_refresh_by_id (self, STMT_REFRESH_SESSION_ENROLLMENTS, subject_id,
                                      error);
    }
  if (g_str_equal (kind, ACC_SUBJECT_PARTICIPANT))
    {
      acc_store_change_add (change, ACC_CHANGE_PARTICIPANT, subject_id);
      return acc_store_refresh_participant (self, subject_id, NULL, error);
    }
  if (g_str_equal (kind, ACC_SUBJECT_INSTRUCTOR_ATTENDANCE))
    {
      /* Read from subject_state directly: nothing to derive. */
      acc_store_change_add (change, ACC_CHANGE_INSTRUCTOR, subject_id);
      return !note ||
             note_related (self, STMT_CHANGE_GROUPS_LED, subject_id, ACC_CHANGE_GROUP, error);
    }

  return TRUE;
}

/* Derivation */

typedef struct
{
  char *kind;
  char *subject_id;
  char *field;
} SubjectKey;

static void
subject_key_free (gpointer data)
{
  SubjectKey *key = data;

  g_free (key->kind);
  g_free (key->subject_id);
  g_free (key->field);
  g_free (key);
}

static void
touch (GPtrArray  *touched,
       const char *kind,
       const char *subject_id,
       const char *field)
{
  SubjectKey *key;

  for (guint i = 0; i < touched->len; i++)
    {
      key = g_ptr_array_index (touched, i);
      if (g_str_equal (key->kind, kind) && g_str_equal (key->subject_id, subject_id) &&
          g_str_equal (key->field, field))
        return;
    }

  key = g_new0 (SubjectKey, 1);
  key->kind = g_strdup (kind);
  key->subject_id = g_strdup (subject_id);
  key->field = g_strdup (field);
  g_ptr_array_add (touched, key);
}

static gboolean
touch_subjects_of (AccStore    *self,
                   const char  *fact_id,
                   GPtrArray   *touched,
                   GError     **error)
{
  sqlite3_stmt *s = acc_store_stmt (self, STMT_FACT_SUBJECTS_OF);
  int rc;

  acc_store_bind_text (s, 1, fact_id);
  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    touch (touched, (const char *) sqlite3_column_text (s, 0),
           (const char *) sqlite3_column_text (s, 1), (const char *) sqlite3_column_text (s, 2));
  sqlite3_reset (s);

  return rc == SQLITE_DONE;
}

/* Reads into @superseded whether a fact of the day supersedes @fact_id. */
static gboolean
get_superseded (AccStore    *self,
                const char  *fact_id,
                gboolean    *superseded,
                GError     **error)
{
  sqlite3_stmt *s = acc_store_stmt (self, STMT_FACT_SUPERSEDED);
  int rc;

  acc_store_bind_text (s, 1, fact_id);
  rc = acc_store_step_row (self, s, error);
  sqlite3_reset (s);
  *superseded = (rc == SQLITE_ROW);

  return !STEP_FAILED (rc);
}

static gboolean
set_superseded (AccStore    *self,
                const char  *fact_id,
                gboolean     superseded,
                GError     **error)
{
  sqlite3_stmt *s = acc_store_stmt (self, STMT_FACT_SUBJECTS_SET_SUPERSEDED);

  acc_store_bind_text (s, 1, fact_id);
  sqlite3_bind_int (s, 2, superseded);
  return acc_store_step_done (self, s, error);
}

/* Derives one subject's current value from the facts about it that nobody superseded. */
static gboolean
recompute_subject (AccStore    *self,
                   SubjectKey  *key,
                   GError     **error)
{
  g_autofree char *fact_id = NULL, *value = NULL, *hlc = NULL;
  sqlite3_stmt *s = acc_store_stmt (self, STMT_SUBJECT_CURRENT);
  gboolean conflict = FALSE;
  guint n_current = 0;
  int rc;

  acc_store_bind_text (s, 1, key->kind);
  acc_store_bind_text (s, 2, key->subject_id);
  acc_store_bind_text (s, 3, key->field);
  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    {
      const char *row_value = (const char *) sqlite3_column_text (s, 1);

      if (n_current++ == 0)
        {
          fact_id = acc_store_column_dup (s, 0);
          value = g_strdup (row_value);
          hlc = acc_store_column_dup (s, 2);
        }
      else if (!g_str_equal (row_value, value))
        conflict = TRUE;
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return FALSE;

  if (n_current == 0)
    {
      s = acc_store_stmt (self, STMT_SUBJECT_STATE_DELETE);
      acc_store_bind_text (s, 1, key->kind);
      acc_store_bind_text (s, 2, key->subject_id);
      acc_store_bind_text (s, 3, key->field);
    }
  else
    {
      s = acc_store_stmt (self, STMT_SUBJECT_STATE_PUT);
      self->any_state = TRUE;
      acc_store_bind_text (s, 1, key->kind);
      acc_store_bind_text (s, 2, key->subject_id);
      acc_store_bind_text (s, 3, key->field);
      acc_store_bind_text (s, 4, value);
      acc_store_bind_text (s, 5, fact_id);
      acc_store_bind_text (s, 6, hlc);
      sqlite3_bind_int (s, 7, n_current);
      sqlite3_bind_int (s, 8, conflict);
    }
  if (!acc_store_step_done (self, s, error))
    return FALSE;

  return refresh_target (self, key->kind, key->subject_id, error);
}

static gboolean
recompute_touched (AccStore   *self,
                   GPtrArray  *touched,
                   GError    **error)
{
  for (guint i = 0; i < touched->len; i++)
    if (!recompute_subject (self, g_ptr_array_index (touched, i), error))
      return FALSE;

  return TRUE;
}

gboolean
acc_store_apply_fact (AccStore    *self,
                      const char  *fact_id,
                      JsonObject  *fact,
                      GArray      *subjects,
                      GError     **error)
{
  g_autoptr(GPtrArray) touched = g_ptr_array_new_with_free_func (subject_key_free);
  JsonArray *supersedes = json_object_get_array_member (fact, "supersedes");
  const char *hlc = acc_document_get_string (fact, "hlc");
  gboolean superseded;
  sqlite3_stmt *s;

  if (!get_superseded (self, fact_id, &superseded, error))
    return FALSE;

  for (guint i = 0; i < subjects->len; i++)
    {
      AccSubject *subject = &g_array_index (subjects, AccSubject, i);

      s = acc_store_stmt (self, STMT_FACT_SUBJECT_PUT);
      acc_store_bind_text (s, 1, subject->kind);
      acc_store_bind_text (s, 2, subject->subject_id);
      acc_store_bind_text (s, 3, subject->field);
      acc_store_bind_text (s, 4, fact_id);
      acc_store_bind_text (s, 5, subject->value);
      acc_store_bind_text (s, 6, hlc);
      sqlite3_bind_int (s, 7, superseded);
      acc_store_bind_text (s, 8, acc_document_get_string (fact, "device_id"));
      acc_store_bind_text (s, 9, acc_document_get_string (fact, "staff"));
      acc_store_bind_text (s, 10, acc_document_get_string (fact, "at"));
      if (!acc_store_step_done (self, s, error))
        return FALSE;
      touch (touched, subject->kind, subject->subject_id, subject->field);
    }

  for (guint i = 0; i < json_array_get_length (supersedes); i++)
    {
      const char *old_id = json_array_get_string_element (supersedes, i);

      s = acc_store_stmt (self, STMT_SUPERSESSION_PUT);
      acc_store_bind_text (s, 1, old_id);
      acc_store_bind_text (s, 2, fact_id);
      if (!acc_store_step_done (self, s, error) ||
          !touch_subjects_of (self, old_id, touched, error) ||
          !set_superseded (self, old_id, TRUE, error))
        return FALSE;
    }

  /* A remote fact moves the clock forward, so this desk's next fact sorts after it. */
  acc_clock_observe (self->clock, hlc);

  return recompute_touched (self, touched, error);
}

/* Undoes acc_store_apply_fact(), for a fact whose document was deleted. */
gboolean
acc_store_unapply_fact (AccStore    *self,
                        const char  *fact_id,
                        GError     **error)
{
  g_autoptr(GPtrArray) touched = g_ptr_array_new_with_free_func (subject_key_free);
  g_autoptr(GPtrArray) replaced = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *s;
  int rc;

  if (!touch_subjects_of (self, fact_id, touched, error))
    return FALSE;

  s = acc_store_stmt (self, STMT_FACT_SUBJECTS_DELETE);
  acc_store_bind_text (s, 1, fact_id);
  if (!acc_store_step_done (self, s, error))
    return FALSE;

  s = acc_store_stmt (self, STMT_SUPERSESSION_OF_FACT);
  acc_store_bind_text (s, 1, fact_id);
  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    g_ptr_array_add (replaced, acc_store_column_dup (s, 0));
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return FALSE;

  s = acc_store_stmt (self, STMT_SUPERSESSION_DELETE);
  acc_store_bind_text (s, 1, fact_id);
  if (!acc_store_step_done (self, s, error))
    return FALSE;

  for (guint i = 0; i < replaced->len; i++)
    {
      const char *old_id = g_ptr_array_index (replaced, i);
      gboolean still_superseded;

      if (!get_superseded (self, old_id, &still_superseded, error))
        return FALSE;
      if (!still_superseded &&
          (!set_superseded (self, old_id, FALSE, error) ||
           !touch_subjects_of (self, old_id, touched, error)))
        return FALSE;
    }

  return recompute_touched (self, touched, error);
}

/* Rederivation */

gboolean
acc_store_rederive (AccStore  *self,
                    GError   **error)
{
  static const char *clear =
    "DELETE FROM school; DELETE FROM level; DELETE FROM meeting_point;"
    "DELETE FROM instructor; DELETE FROM session; DELETE FROM grp; DELETE FROM customer;"
    "DELETE FROM booking; DELETE FROM participant; DELETE FROM enrollment;"
    "DELETE FROM search_term; DELETE FROM fact_subject; DELETE FROM supersession;"
    "DELETE FROM subject_state;";
  sqlite3_stmt *s;
  gboolean ok;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);

  if (!acc_store_begin (self, error))
    return FALSE;

  ok = acc_store_exec (self, clear, error);

  /* The statement stays open while the projections are written: SQLite reads a consistent
   * snapshot of the doc tables, which this loop does not change. */
  s = NULL;
  if (ok)
    {
      rc = sqlite3_prepare_v2 (self->db, acc_store_statements[STMT_ALL_DOCS], -1, &s, NULL);
      ok = rc == SQLITE_OK || acc_store_set_sqlite_error (self, rc, error);
    }

  while (ok && (rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (s, 0);
      g_autoptr(JsonObject) doc = NULL;
      g_autoptr(GArray) subjects = NULL;
      const char *type;

      if (sqlite3_column_int (s, 2))
        continue;

      doc = acc_json_parse_object ((const char *) sqlite3_column_text (s, 1), error);
      ok = doc != NULL;
      if (!ok)
        break;

      type = acc_document_get_string (doc, "type");
      if (g_strcmp0 (type, "fact") == 0)
        {
          subjects = acc_fact_subjects (doc, error);
          ok = subjects != NULL;
        }
      if (ok)
        ok = acc_store_project (self, id, type, doc, subjects, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = FALSE;
  sqlite3_finalize (s);

  return acc_store_finish_write (self, ok, error);
}
