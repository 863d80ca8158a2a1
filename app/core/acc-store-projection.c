/* acc-store-projection.c: documents projected into the table of their type, and taken out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-store"

#include "config.h"

#include <sqlite3.h>

#include "acc-document.h"
#include "acc-text.h"

#include "acc-store-private.h"

/* The enrollment row just written holds the plan: it is derived again only when facts decided
 * about the enrollment or its session. */
static gboolean
refresh_enrollment (AccStore    *self,
                    const char  *id,
                    const char  *session_id,
                    GError     **error)
{
  sqlite3_stmt *s = acc_store_stmt (self, STMT_ENROLLMENT_HAS_STATE);
  gboolean any;
  int rc;

  if (!acc_store_has_any_state (self, &any, error))
    return FALSE;
  if (!any)
    return TRUE;

  acc_store_bind_text (s, 1, id);
  acc_store_bind_text (s, 2, session_id);
  rc = acc_store_step_row (self, s, error);
  sqlite3_reset (s);
  if (STEP_FAILED (rc))
    return FALSE;

  return rc == SQLITE_DONE || acc_store_refresh_by_id (self, STMT_REFRESH_ENROLLMENT, id, error);
}

static gboolean
put_row (AccStore     *self,
         StmtId        id,
         const char   *doc_id,
         JsonObject   *doc,
         const char  **members)
{
  sqlite3_stmt *s = acc_store_stmt (self, id);

  acc_store_bind_text (s, 1, doc_id);
  for (guint i = 0; members[i] != NULL; i++)
    acc_store_bind_member (s, i + 2, doc, members[i]);

  return sqlite3_step (s) == SQLITE_DONE;
}

gboolean
acc_store_project (AccStore    *self,
                   const char  *id,
                   const char  *type,
                   JsonObject  *doc,
                   GArray      *subjects,
                   GError     **error)
{
  static const char *school[] = { "name", "timezone", "locale", "level_scale", NULL };
  static const char *level[] = { "code", "label", "order", "discipline", "min_age", "max_age",
                                 NULL };
  static const char *meeting_point[] = { "name", "description", NULL };
  static const char *instructor[] = { "first_name", "last_name", "phone", "languages",
                                      "disciplines", "max_level_order", "on_call", NULL };
  static const char *session[] = { "title", "discipline", "kind", "starts_at", "ends_at",
                                   "meeting_point_id", NULL };
  static const char *group[] = { "session_id", "level_id", "instructor_id", "capacity",
                                 "label", "meeting_point_id", NULL };
  static const char *customer[] = { "first_name", "last_name", "phone", "email", "language",
                                    NULL };
  static const char *enrollment[] = { "participant_id", "session_id", "booking_id",
                                      "planned_group_id", "status", NULL };
  StmtId put;
  const char **members;
  gboolean ok;

  if (g_str_equal (type, "fact"))
    return acc_store_apply_fact (self, id, doc, subjects, error);

  if (g_str_equal (type, "participant"))
    return acc_store_refresh_participant (self, id, doc, error);

  if (g_str_equal (type, "booking"))
    {
      g_autofree char *key = acc_text_reference_key (acc_document_get_string (doc, "reference"));
      sqlite3_stmt *s = acc_store_stmt (self, STMT_BOOKING_PUT);

      acc_store_bind_text (s, 1, id);
      acc_store_bind_member (s, 2, doc, "reference");
      acc_store_bind_text (s, 3, key);
      acc_store_bind_member (s, 4, doc, "customer_id");
      acc_store_bind_member (s, 5, doc, "balance_due_cents");
      acc_store_bind_member (s, 6, doc, "currency");
      acc_store_bind_member (s, 7, doc, "notes");
      return acc_store_step_done (self, s, error) &&
             acc_store_mark_terms_stale_of (self, STMT_PARTICIPANTS_OF_BOOKING, id, error);
    }

#define CASE(name, stmt_id) \
  else if (g_str_equal (type, #name)) { put = stmt_id; members = name; }

  if (FALSE) {}
  CASE (school, STMT_SCHOOL_PUT)
  CASE (level, STMT_LEVEL_PUT)
  CASE (meeting_point, STMT_MEETING_POINT_PUT)
  CASE (instructor, STMT_INSTRUCTOR_PUT)
  CASE (session, STMT_SESSION_PUT)
  CASE (group, STMT_GROUP_PUT)
  CASE (customer, STMT_CUSTOMER_PUT)
  CASE (enrollment, STMT_ENROLLMENT_PUT)
  else
    g_assert_not_reached ();

#undef CASE

  ok = put_row (self, put, id, doc, members);
  sqlite3_reset (self->stmts[put]);
  if (!ok)
    return acc_store_set_sqlite_error (self, sqlite3_errcode (self->db), error);

  if (put == STMT_ENROLLMENT_PUT)
    return refresh_enrollment (self, id, acc_document_get_string (doc, "session_id"), error);
  if (put == STMT_GROUP_PUT)
    return acc_store_refresh_planned (self, STMT_REFRESH_GROUP, id, error);
  if (put == STMT_CUSTOMER_PUT)
    return acc_store_mark_terms_stale_of (self, STMT_PARTICIPANTS_OF_CUSTOMER, id, error);
  if (put == STMT_SESSION_PUT)
    return acc_store_refresh_planned (self, STMT_REFRESH_SESSION_ENROLLMENTS, id, error);

  return TRUE;
}

gboolean
acc_store_unproject (AccStore    *self,
                     const char  *id,
                     const char  *type,
                     GError     **error)
{
  static const struct { const char *type; const char *table; } tables[] = {
    { "school", "school" }, { "level", "level" }, { "meeting_point", "meeting_point" },
    { "instructor", "instructor" }, { "session", "session" }, { "group", "grp" },
    { "customer", "customer" }, { "booking", "booking" }, { "participant", "participant" },
    { "enrollment", "enrollment" },
  };

  if (g_str_equal (type, "fact"))
    return acc_store_unapply_fact (self, id, error);

  /* The terms name the participant's row, which goes next. */
  if (g_str_equal (type, "participant") &&
      !acc_store_refresh_by_id (self, STMT_TERMS_DELETE, id, error))
    return FALSE;

  /* Deletions are rare (a cancelled planning object is usually a new revision with a status):
   * these statements are not worth keeping prepared. */
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tables[i].type, type))
      {
        g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", tables[i].table);
        sqlite3_stmt *s = NULL;
        int rc = sqlite3_prepare_v2 (self->db, sql, -1, &s, NULL);

        if (rc == SQLITE_OK)
          {
            acc_store_bind_text (s, 1, id);
            rc = sqlite3_step (s);
          }
        sqlite3_finalize (s);
        if (rc != SQLITE_DONE)
          return acc_store_set_sqlite_error (self, rc, error);
      }

  if (g_str_equal (type, "booking"))
    return acc_store_mark_terms_stale_of (self, STMT_PARTICIPANTS_OF_BOOKING, id, error);
  if (g_str_equal (type, "customer"))
    return acc_store_mark_terms_stale_of (self, STMT_PARTICIPANTS_OF_CUSTOMER, id, error);

  return TRUE;
}
