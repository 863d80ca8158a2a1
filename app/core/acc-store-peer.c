/* acc-store-peer.c: what a desk serving its day to other desks reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AccPeerServer answers the replication protocol from connections of its own, on worker
 * threads: these reads never write, and each is one statement, so a long answer is read a
 * page at a time without holding a transaction open between pages. Every document has an
 * update sequence (doc.seq, migration 7) that moves each time its leaves change, whoever
 * stored them.
 */
#define G_LOG_DOMAIN "accueil-store"

#include "config.h"

#include <sqlite3.h>

#include "acc-store-private.h"

static void
leaf_free (AccLeaf *leaf)
{
  g_free (leaf->rev);
  g_free (leaf->body);
  g_free (leaf->ancestors);
  g_free (leaf);
}

void
acc_doc_leaves_free (AccDocLeaves *doc)
{
  if (doc == NULL)
    return;

  g_free (doc->id);
  g_ptr_array_unref (doc->leaves);
  g_free (doc);
}

/* Reads rows of (seq, id, rev, deleted, body, ancestors), those of one document next to each other,
 * into AccDocLeaves. */
static GPtrArray *
collect_leaves (AccStore      *self,
                sqlite3_stmt  *s,
                GError       **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_doc_leaves_free);
  AccDocLeaves *doc = NULL;
  int rc;

  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (s, 1);
      AccLeaf *leaf;

      if (doc == NULL || g_strcmp0 (doc->id, id) != 0)
        {
          doc = g_new0 (AccDocLeaves, 1);
          doc->seq = sqlite3_column_int64 (s, 0);
          doc->id = g_strdup (id);
          doc->leaves = g_ptr_array_new_with_free_func ((GDestroyNotify) leaf_free);
          g_ptr_array_add (docs, doc);
        }
      leaf = g_new0 (AccLeaf, 1);
      leaf->rev = acc_store_column_dup (s, 2);
      leaf->deleted = sqlite3_column_int (s, 3);
      leaf->body = acc_store_column_dup (s, 4);
      leaf->ancestors = acc_store_column_dup (s, 5);
      g_ptr_array_add (doc->leaves, leaf);
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&docs);
}

/**
 * acc_store_get_update_seq:
 * @update_seq: (out): the sequence of the last change
 * @doc_count: (out): documents whose winner is live
 * @del_count: (out): documents whose winner is deleted
 */
gboolean
acc_store_get_update_seq (AccStore  *self,
                          gint64    *update_seq,
                          gint64    *doc_count,
                          gint64    *del_count,
                          GError   **error)
{
  sqlite3_stmt *s;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);

  s = acc_store_stmt (self, STMT_PEER_UPDATE_SEQ);
  rc = acc_store_step_row (self, s, error);
  if (rc == SQLITE_ROW)
    {
      *update_seq = sqlite3_column_int64 (s, 0);
      *doc_count = sqlite3_column_int64 (s, 1);
      *del_count = sqlite3_column_int64 (s, 2);
    }
  sqlite3_reset (s);

  return rc == SQLITE_ROW;
}

/**
 * acc_store_list_changes:
 * @since: list the documents changed after this sequence
 * @limit: at most this many
 * @with_body: read the winner's body too
 *
 * Returns: (transfer full) (element-type AccDocLeaves) (nullable): the documents changed after
 *   @since, in the order of their sequences, each with its leaves, the winner first
 */
GPtrArray *
acc_store_list_changes (AccStore  *self,
                        gint64     since,
                        guint      limit,
                        gboolean   with_body,
                        GError   **error)
{
  sqlite3_stmt *s;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  s = acc_store_stmt (self, STMT_PEER_CHANGES);
  sqlite3_bind_int64 (s, 1, since);
  sqlite3_bind_int (s, 2, limit);
  sqlite3_bind_int (s, 3, with_body);
  return collect_leaves (self, s, error);
}

/**
 * acc_store_get_leaves:
 *
 * Returns: (transfer full) (nullable): document @id with every leaf and its body, the winner
 *   first, or %NULL (without @error) when this replica does not hold it
 */
AccDocLeaves *
acc_store_get_leaves (AccStore    *self,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(GPtrArray) docs = NULL;
  sqlite3_stmt *s;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  s = acc_store_stmt (self, STMT_PEER_LEAVES);
  acc_store_bind_text (s, 1, id);
  docs = collect_leaves (self, s, error);
  if (docs == NULL || docs->len == 0)
    return NULL;

  return g_ptr_array_steal_index (docs, 0);
}

/**
 * acc_store_list_winners:
 * @from_id: list documents whose id sorts after this one
 * @inclusive: and @from_id itself
 * @to_id: (nullable): and up to this one, included
 * @with_body: read their bodies too
 *
 * Returns: (transfer full) (element-type AccDocLeaves) (nullable): the live documents by id,
 *   @limit at most, each with its winner alone
 */
GPtrArray *
acc_store_list_winners (AccStore    *self,
                        const char  *from_id,
                        gboolean     inclusive,
                        const char  *to_id,
                        guint        limit,
                        gboolean     with_body,
                        GError     **error)
{
  sqlite3_stmt *s;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (from_id != NULL, NULL);

  s = acc_store_stmt (self, STMT_PEER_WINNERS);
  acc_store_bind_text (s, 1, from_id);
  sqlite3_bind_int (s, 2, inclusive);
  acc_store_bind_text (s, 3, to_id);
  sqlite3_bind_int (s, 4, limit);
  sqlite3_bind_int (s, 5, with_body);
  return collect_leaves (self, s, error);
}
