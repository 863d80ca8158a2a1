/* acc-store-replication.c: what replication asks of the store: batches, the outbox, problems
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-store"

#include "config.h"

#include <sqlite3.h>

#include "acc-document.h"
#include "acc-json-text.h"

#include "acc-store-private.h"

/**
 * acc_store_dup_meta:
 *
 * Returns: (transfer full) (nullable): a value the store keeps for this replica (checkpoints,
 *   the last exchange with the cloud), or %NULL.
 */
char *
acc_store_dup_meta (AccStore   *self,
                    const char *key)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return acc_store_meta_get (self, key);
}

gboolean
acc_store_set_meta (AccStore    *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  return acc_store_meta_set (self, key, value, error);
}

/**
 * acc_store_list_meta_keys:
 * @prefix: what the keys start with
 *
 * Returns: (transfer full) (nullable): the keys of the replication's values that start with
 *   @prefix, in order; %NULL with @error set when they cannot be read.
 */
GStrv
acc_store_list_meta_keys (AccStore    *self,
                          const char  *prefix,
                          GError     **error)
{
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  sqlite3_stmt *s;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  s = acc_store_stmt (self, STMT_META_KEYS);
  acc_store_bind_text (s, 1, prefix);
  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    g_strv_builder_add (keys, (const char *) sqlite3_column_text (s, 0));
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return NULL;

  return g_strv_builder_end (keys);
}

/**
 * acc_store_put_batch:
 * @batch: the documents, with their flags: %ACC_PUT_MORE_COMING while a pull has more to
 *   receive at once, %ACC_PUT_BACK_TO_BACK when the next batch is already waiting, and
 *   %ACC_PUT_FROM_PEER when they come from another desk; and the checkpoint to move with
 *   them, if any
 * @outcome: (out caller-allocates) (optional): how many of the documents this replica did not
 *   hold yet, and which were refused; clear it with acc_put_outcome_clear()
 *
 * Stores documents received from the cloud (or a peer desk) and the replication checkpoint
 * that covers them in one transaction: after a crash, the next pull starts exactly after what
 * was stored.
 *
 * A document that is no document of the day (acc_document_check_received(): too large, an id
 * or a revision that is not one) is kept nowhere; it is counted in @outcome and the others are
 * stored. One that is well formed but that this desk cannot use is kept for review.
 *
 * A document given as text is parsed (acc_json_parse_object()) as it is stored and freed at
 * once, while its memory is still in the processor's cache: for the thousands of a first
 * pull, much cheaper than a tree built for the whole page on the network's thread and freed
 * after the transaction. A text that is not a JSON object is refused, as below.
 * Its text is kept as the revision's body, byte for byte as the cloud sent it.
 *
 * A participant's search terms depend on its booking and customer, which often arrive in
 * other batches of a first pull: with %ACC_PUT_MORE_COMING, the terms of a participant whose
 * family is not all here are not written but recorded, and written once, by the batch that
 * brings the rest of the family or by the next batch without the flag. Terms still recorded
 * when a desk opens the day (a pull was killed) are written then.
 * Unlike acc_store_put_documents(), it does not emit "changed": it runs on the replication's
 * worker connection, and the engine tells the desk's store afterwards.
 */
gboolean
acc_store_put_batch (AccStore          *self,
                     const AccPutBatch *batch,
                     AccPutOutcome     *outcome,
                     GError           **error)
{
  AccPutOutcome refused = { 0 };

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (batch->docs != NULL || batch->n_docs == 0, FALSE);
  g_return_val_if_fail (batch->texts != NULL || batch->n_texts == 0, FALSE);

  if (outcome != NULL)
    *outcome = (AccPutOutcome) { 0 };

  if (!acc_store_begin (self, error))
    return FALSE;

  /* The desk is told everything changed once the batch is stored (acc_store_emit_changed()):
   * naming thousands of rows would only cost time. */
  acc_store_change_add_everything (acc_store_pending_change (self));
  self->terms_mode = (batch->flags & ACC_PUT_MORE_COMING) ? TERMS_COMPLETE : TERMS_WAITING;
  self->back_to_back = (batch->flags & ACC_PUT_BACK_TO_BACK) != 0;
  self->n_known = 0;
  for (guint i = 0; i < batch->n_docs; i++)
    if (!acc_store_put_one (self, batch->docs[i], NULL, batch->flags & ACC_PUT_FROM_PEER,
                            &refused, error))
      {
        acc_store_rollback (self);
        g_free (refused.refusal);
        return FALSE;
      }

  for (guint i = 0; i < batch->n_texts; i++)
    {
      g_autoptr(GError) unreadable = NULL;
      g_autoptr(JsonObject) doc = acc_json_parse_object (batch->texts[i], &unreadable);

      /* Not a document: kept nowhere, like one whose id is not one. */
      if (doc == NULL)
        {
          if (refused.n_refused++ == 0)
            refused.refusal = g_steal_pointer (&unreadable->message);
          continue;
        }
      if (!acc_store_put_one (self, doc, batch->texts[i], batch->flags & ACC_PUT_FROM_PEER,
                              &refused, error))
        {
          acc_store_rollback (self);
          g_free (refused.refusal);
          return FALSE;
        }
    }

  if (batch->meta_key != NULL &&
      !acc_store_meta_set (self, batch->meta_key, batch->meta_value, error))
    {
      acc_store_rollback (self);
      g_free (refused.refusal);
      return FALSE;
    }

  if (!acc_store_commit_quietly (self, error))
    {
      g_free (refused.refusal);
      return FALSE;
    }

  refused.n_new = batch->n_docs + batch->n_texts - self->n_known - refused.n_refused;
  if (outcome != NULL)
    *outcome = refused;
  else
    g_free (refused.refusal);
  return TRUE;
}

/**
 * acc_put_outcome_clear:
 *
 * Frees what acc_store_put_batch() put in @outcome.
 */
void
acc_put_outcome_clear (AccPutOutcome *outcome)
{
  g_clear_pointer (&outcome->refusal, g_free);
}

/**
 * acc_store_has_revision:
 *
 * Returns: whether this replica holds revision @rev of document @id.
 */
gboolean
acc_store_has_revision (AccStore   *self,
                        const char *id,
                        const char *rev)
{
  sqlite3_stmt *s;
  gboolean found;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);

  s = acc_store_stmt (self, STMT_LEAF_EXISTS);
  acc_store_bind_text (s, 1, id);
  acc_store_bind_text (s, 2, rev);
  found = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_reset (s);

  return found;
}

/* A stored revision as the replication protocol sends it: with _rev, and _revisions naming
 * the revision and the ancestors it came with. */
static JsonObject *
wire_document (sqlite3_stmt  *s,
               GError       **error)
{
  const char *rev = (const char *) sqlite3_column_text (s, 1);
  g_autoptr(JsonObject) doc = acc_json_parse_object ((const char *) sqlite3_column_text (s, 2), error);
  JsonObject *revisions;

  if (doc == NULL)
    return NULL;

  json_object_set_string_member (doc, "_rev", rev);
  if (sqlite3_column_int (s, 3))
    json_object_set_boolean_member (doc, "_deleted", TRUE);

  revisions = acc_revisions_new (rev, (const char *) sqlite3_column_text (s, 4));
  if (revisions != NULL)
    json_object_set_object_member (doc, "_revisions", revisions);

  return g_steal_pointer (&doc);
}

static GPtrArray *
collect_wire (AccStore      *self,
              sqlite3_stmt  *s,
              GError       **error)
{
  return acc_store_collect_stmt (self, s, (ReadRow) wire_document,
                                 (GDestroyNotify) json_object_unref, error);
}

/**
 * acc_store_list_outbox:
 * @limit: the most documents to return
 *
 * Returns: (transfer full) (element-type JsonObject) (nullable): the oldest documents written
 *   here that the cloud has not confirmed, leaving out those it refused.
 */
GPtrArray *
acc_store_list_outbox (AccStore  *self,
                       guint      limit,
                       GError   **error)
{
  sqlite3_stmt *s;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  s = acc_store_stmt (self, STMT_OUTBOX);
  sqlite3_bind_int (s, 1, limit);
  return collect_wire (self, s, error);
}

/**
 * acc_store_list_documents:
 * @which: every document this replica holds (what a desk sends to re-seed a cloud), or those
 *   that wait for the cloud, refused ones included (what another desk of the school is sent)
 * @after_id: (nullable): list documents whose id sorts after this one
 * @limit: the most documents to return
 *
 * Returns: (transfer full) (element-type JsonObject) (nullable): the documents, by id, @limit
 *   at a time.
 */
GPtrArray *
acc_store_list_documents (AccStore     *self,
                          AccDocuments  which,
                          const char   *after_id,
                          guint         limit,
                          GError      **error)
{
  sqlite3_stmt *s;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  s = acc_store_stmt (self,
                      which == ACC_DOCUMENTS_WAITING ? STMT_WAITING_AFTER : STMT_DOCS_AFTER);
  acc_store_bind_text (s, 1, after_id ? after_id : "");
  sqlite3_bind_int (s, 2, limit);
  return collect_wire (self, s, error);
}

static gboolean
update_outbox (AccStore    *self,
               StmtId       id,
               const char  *doc_id,
               const char  *rev,
               const char  *reason,
               GError     **error)
{
  sqlite3_stmt *s = acc_store_stmt (self, id);

  acc_store_bind_text (s, 1, doc_id);
  acc_store_bind_text (s, 2, rev);
  if (reason != NULL)
    acc_store_bind_text (s, 3, reason);
  return acc_store_step_done (self, s, error);
}

/**
 * acc_store_mark_sent:
 * @ids: (array length=n): documents the cloud now holds
 * @revs: (array length=n): their revisions
 *
 * Takes the documents out of the outbox, in one transaction.
 */
gboolean
acc_store_mark_sent (AccStore            *self,
                     const char * const  *ids,
                     const char * const  *revs,
                     guint                n,
                     GError             **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);

  if (n == 0)
    return TRUE;

  if (!acc_store_begin (self, error))
    return FALSE;

  for (guint i = 0; ok && i < n; i++)
    ok = update_outbox (self, STMT_DOC_CONFIRM, ids[i], revs[i], NULL, error);

  acc_store_change_add_outbox (acc_store_pending_change (self));
  return acc_store_finish_write (self, ok, error);
}

/**
 * acc_store_mark_refused:
 * @reason: what the server said, in words
 *
 * Keeps a document the server refused in the outbox but stops sending it: a person sees it in
 * the review list. Nothing is dropped.
 */
gboolean
acc_store_mark_refused (AccStore    *self,
                        const char  *id,
                        const char  *rev,
                        const char  *reason,
                        GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && rev != NULL && reason != NULL, FALSE);

  if (!acc_store_begin (self, error))
    return FALSE;

  ok = update_outbox (self, STMT_DOC_REFUSE, id, rev, reason, error);
  acc_store_change_add_outbox (acc_store_pending_change (self));
  return acc_store_finish_write (self, ok, error);
}
