/* acc-store-documents.c: documents stored with their revision trees, and read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "acc-document.h"
#include "acc-error.h"
#include "acc-fact.h"
#include "acc-json-text.h"

#include "acc-store-private.h"

/* Writes the document's row with @stmt: STMT_DOC_UPSERT, or STMT_DOC_INSERT_NEW. */
static gboolean
write_doc_row (AccStore    *self,
               StmtId       stmt,
               const char  *id,
               const char  *rev,
               const char  *type,
               gboolean     deleted,
               gboolean     pending,
               const char  *problem,
               GError     **error)
{
  sqlite3_stmt *s = acc_store_stmt (self, stmt);

  acc_store_bind_text (s, 1, id);
  acc_store_bind_text (s, 2, rev);
  acc_store_bind_text (s, 3, type ? type : "");
  sqlite3_bind_int (s, 4, deleted);
  sqlite3_bind_int (s, 5, pending);
  sqlite3_bind_int (s, 6, pending);
  sqlite3_bind_int64 (s, 7, g_get_real_time () / G_USEC_PER_SEC);
  acc_store_bind_text (s, 8, problem);
  return acc_store_step_done (self, s, error);
}

/* Removes the leaves that @doc's revision history names as its ancestors. A document without
 * a history replaces the leaves of earlier generations. */
static gboolean
drop_ancestors (AccStore    *self,
                const char  *id,
                JsonObject  *doc,
                guint64      generation,
                GError     **error)
{
  JsonObject *revisions = NULL;
  sqlite3_stmt *s;

  if (json_object_has_member (doc, "_revisions"))
    revisions = json_object_get_object_member (doc, "_revisions");

  if (revisions == NULL)
    {
      s = acc_store_stmt (self, STMT_LEAF_DELETE_OLDER);
      acc_store_bind_text (s, 1, id);
      sqlite3_bind_int64 (s, 2, generation);
      return acc_store_step_done (self, s, error);
    }

  {
    JsonArray *ids = json_object_get_array_member (revisions, "ids");
    gint64 start = json_object_get_int_member (revisions, "start");

    for (guint i = 1; ids && i < json_array_get_length (ids); i++)
      {
        g_autofree char *rev = g_strdup_printf ("%" G_GINT64_FORMAT "-%s", start - i,
                                                json_array_get_string_element (ids, i));
        s = acc_store_stmt (self, STMT_LEAF_DELETE);
        acc_store_bind_text (s, 1, id);
        acc_store_bind_text (s, 2, rev);
        if (!acc_store_step_done (self, s, error))
          return FALSE;
      }
  }

  return TRUE;
}

/* Stores a leaf's body: @text, the JSON the revision was received as, when there is one;
 * otherwise @doc's canonical form; and the ancestors its _revisions names. */
static gboolean
insert_leaf (AccStore    *self,
             const char  *id,
             const char  *rev,
             gboolean     deleted,
             JsonObject  *doc,
             const char  *text,
             GError     **error)
{
  g_autofree char *canonical = text ? NULL : acc_document_to_canonical (doc);
  g_autofree char *ancestors = acc_revisions_dup_ancestors (doc);
  sqlite3_stmt *s = acc_store_stmt (self, STMT_LEAF_INSERT);

  acc_store_bind_text (s, 1, id);
  acc_store_bind_text (s, 2, rev);
  sqlite3_bind_int (s, 3, deleted);
  acc_store_bind_text (s, 4, text ? text : canonical);
  acc_store_bind_text (s, 5, ancestors);
  return acc_store_step_done (self, s, error);
}

typedef enum
{
  PUT_UNCHANGED,
  PUT_WINNER_CHANGED,
  PUT_FAILED,
} PutResult;

/* Stores one valid revision and elects the winner among the leaves. @pending: it waits for
 * the cloud; @confirms: it comes from the cloud, which has it. */
static PutResult
put_revision (AccStore    *self,
              const char  *id,
              const char  *rev,
              const char  *type,
              gboolean     deleted,
              gboolean     pending,
              gboolean     confirms,
              JsonObject  *doc,
              const char  *text,
              char       **old_winner,
              GError     **error)
{
  g_autofree char *winner = NULL;
  gboolean winner_deleted = FALSE;
  guint64 generation = 0;
  sqlite3_stmt *s;
  int rc;

  acc_rev_parse (rev, &generation, NULL);

  /* Every document with a leaf has its row: a new one (most of a first pull) is simply
   * written, without reading first whether it is held. */
  if (!write_doc_row (self, STMT_DOC_INSERT_NEW, id, rev, type, deleted, pending, NULL, error))
    return PUT_FAILED;
  if (sqlite3_changes (self->db) > 0)
    return insert_leaf (self, id, rev, deleted, doc, text, error) ? PUT_WINNER_CHANGED
                                                                    : PUT_FAILED;

  s = acc_store_stmt (self, STMT_DOC_GET);
  acc_store_bind_text (s, 1, id);
  rc = acc_store_step_row (self, s, error);
  if (rc == SQLITE_ROW)
    *old_winner = acc_store_column_dup (s, 0);
  sqlite3_reset (s);
  if (STEP_FAILED (rc))
    return PUT_FAILED;
  g_assert (*old_winner != NULL);

  s = acc_store_stmt (self, STMT_LEAF_EXISTS);
  acc_store_bind_text (s, 1, id);
  acc_store_bind_text (s, 2, rev);
  rc = acc_store_step_row (self, s, error);
  sqlite3_reset (s);
  if (STEP_FAILED (rc))
    return PUT_FAILED;
  if (rc == SQLITE_ROW)
    {
      self->n_known++;
      /* The cloud sending back what this desk wrote confirms it. */
      if (confirms)
        {
          s = acc_store_stmt (self, STMT_DOC_CONFIRM);
          acc_store_bind_text (s, 1, id);
          acc_store_bind_text (s, 2, rev);
          if (!acc_store_step_done (self, s, error))
            return PUT_FAILED;
        }
      return PUT_UNCHANGED;
    }

  if (!drop_ancestors (self, id, doc, generation, error) ||
      !insert_leaf (self, id, rev, deleted, doc, text, error))
    return PUT_FAILED;

  s = acc_store_stmt (self, STMT_LEAF_LIST);
  acc_store_bind_text (s, 1, id);
  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    {
      const char *leaf = (const char *) sqlite3_column_text (s, 0);
      gboolean leaf_deleted = sqlite3_column_int (s, 1);

      if (winner == NULL || acc_rev_compare (leaf, leaf_deleted, winner, winner_deleted) > 0)
        {
          g_free (winner);
          winner = g_strdup (leaf);
          winner_deleted = leaf_deleted;
        }
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return PUT_FAILED;

  /* A leaf that does not win changes the document all the same (its conflicts): it takes
   * the next update sequence, as writing the row below gives it. */
  if (*old_winner != NULL && g_str_equal (*old_winner, winner))
    {
      s = acc_store_stmt (self, STMT_DOC_NEXT_SEQ);
      acc_store_bind_text (s, 1, id);
      return acc_store_step_done (self, s, error) ? PUT_UNCHANGED : PUT_FAILED;
    }

  if (!write_doc_row (self, STMT_DOC_UPSERT, id, winner, type, winner_deleted, pending, NULL,
                      error))
    return PUT_FAILED;

  return PUT_WINNER_CHANGED;
}

/* Keeps a document this desk cannot use, so that nothing from the server is lost and a person
 * can see it in the review list. */
static gboolean
keep_unusable (AccStore    *self,
               const char  *id,
               JsonObject  *doc,
               const char  *text,
               const char  *problem,
               GError     **error)
{
  const char *rev = acc_document_get_string (doc, "_rev");
  sqlite3_stmt *s;

  s = acc_store_stmt (self, STMT_LEAF_DELETE);
  acc_store_bind_text (s, 1, id);
  acc_store_bind_text (s, 2, rev);
  if (!acc_store_step_done (self, s, error))
    return FALSE;

  return insert_leaf (self, id, rev, FALSE, doc, text, error) &&
         write_doc_row (self, STMT_DOC_UPSERT, id, rev, acc_document_get_string (doc, "type"),
                        FALSE, FALSE, problem, error);
}

/* Stores @doc, read from the JSON @text if not %NULL. A received document that is no document
 * of the day (acc_document_check_received()) is not stored: with @refused, it is counted
 * there and the rest goes on; without, it is an error. */
gboolean
acc_store_put_one (AccStore       *self,
                   JsonObject     *doc,
                   const char     *text,
                   AccPutFlags     flags,
                   AccPutOutcome  *refused,
                   GError        **error)
{
  g_autoptr(GError) invalid = NULL;
  g_autoptr(GArray) subjects = NULL;
  g_autofree char *content_rev = NULL, *old_winner = NULL;
  const char *id, *rev, *type;
  gboolean deleted;
  gboolean pending = (flags & ACC_PUT_PENDING) != 0;
  gboolean from_peer = (flags & ACC_PUT_FROM_PEER) != 0;
  PutResult result;

  if (pending)
    {
      if (!acc_document_id_is_valid (acc_document_get_string (doc, "_id")))
        {
          g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID, _("A document has no valid “_id”"));
          return FALSE;
        }
    }
  else if (!acc_document_check_received (doc, text ? strlen (text) : 0, &invalid))
    {
      if (refused == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&invalid));
          return FALSE;
        }
      if (refused->n_refused++ == 0)
        refused->refusal = g_steal_pointer (&invalid->message);
      return TRUE;
    }

  id = acc_document_get_string (doc, "_id");

  deleted = json_object_has_member (doc, "_deleted") &&
            json_object_get_boolean_member_with_default (doc, "_deleted", FALSE);
  type = acc_document_get_string (doc, "type");

  if (pending)
    rev = content_rev = acc_document_content_rev (doc);
  else
    rev = acc_document_get_string (doc, "_rev");

  if (!deleted && acc_document_validate (doc, &invalid) && g_str_equal (type, "fact"))
    subjects = acc_fact_subjects (doc, &invalid);

  if (invalid != NULL)
    {
      if (pending)
        {
          g_propagate_error (error, g_steal_pointer (&invalid));
          return FALSE;
        }
      return keep_unusable (self, id, doc, text, invalid->message, error);
    }

  if (deleted)
    {
      g_autoptr(JsonObject) old = acc_store_load_body (self, id, NULL, NULL);
      const char *old_type = old ? acc_document_get_string (old, "type") : NULL;

      result = put_revision (self, id, rev, old_type ? old_type : "", TRUE, FALSE, !from_peer,
                             doc, text, &old_winner, error);
      if (result == PUT_WINNER_CHANGED && old_type != NULL)
        {
          g_autoptr(JsonObject) now = acc_store_load_body (self, id, NULL, NULL);

          if (now == NULL)
            return acc_store_unproject (self, id, old_type, error);
          return acc_store_project (self, id, old_type, now, NULL, error);
        }
      return result != PUT_FAILED;
    }

  result = put_revision (self, id, rev, type, FALSE,
                         pending || (from_peer && acc_document_is_desk_written (doc)),
                         !pending && !from_peer, doc, text, &old_winner, error);
  if (result != PUT_WINNER_CHANGED)
    return result != PUT_FAILED;

  if (g_str_equal (type, "fact") && old_winner != NULL && !acc_store_unapply_fact (self, id, error))
    return FALSE;

  return acc_store_project (self, id, type, doc, subjects, error);
}

gboolean
acc_store_put_documents (AccStore     *self,
                         JsonObject  **docs,
                         guint         n_docs,
                         AccPutFlags   flags,
                         GError      **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (docs != NULL || n_docs == 0, FALSE);

  if (!acc_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < n_docs; i++)
    if (!acc_store_put_one (self, docs[i], NULL, flags, NULL, error))
      {
        acc_store_rollback (self);
        return FALSE;
      }

  return acc_store_commit (self, error);
}

/**
 * acc_store_dup_document:
 *
 * Returns: (transfer full) (nullable): the winning revision of document @id with its `_rev`,
 *   or %NULL with %ACC_ERROR_NOT_FOUND.
 */
JsonObject *
acc_store_dup_document (AccStore    *self,
                        const char  *id,
                        GError     **error)
{
  sqlite3_stmt *s;
  JsonObject *doc = NULL;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  s = acc_store_stmt (self, STMT_DOC_ANY);
  acc_store_bind_text (s, 1, id);
  rc = acc_store_step_row (self, s, error);
  if (rc == SQLITE_ROW)
    {
      doc = acc_json_parse_object ((const char *) sqlite3_column_text (s, 0), error);
      if (doc != NULL)
        json_object_set_string_member (doc, "_rev", (const char *) sqlite3_column_text (s, 1));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND, _("There is no document %s"), id);
  sqlite3_reset (s);

  return doc;
}
