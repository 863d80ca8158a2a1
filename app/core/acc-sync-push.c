/* acc-sync-push.c: sending the outbox, or every document held, to the cloud
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * The outbox is the set of documents written here that the cloud has not confirmed. POST
 * _revs_diff says which of them the server lacks; POST _bulk_docs with new_edits=false sends
 * those, keeping their content-derived revisions, so sending twice is harmless. A document
 * the server refuses (forbidden, unauthorized, invalid) stays in the outbox, marked, and is
 * listed for review; it is never dropped. A batch the server neither takes nor refuses would
 * come back for ever: the run ends after the fourth. Publish sends every document held
 * instead of the outbox, after creating the database when it does not exist.
 *
 * Another desk (ACC_SYNC_FLAGS_PEER) is sent what waits for the cloud, refused or not, and
 * confirms nothing: its answers leave the outbox as it is, for the cloud.
 */
#define G_LOG_DOMAIN "accueil-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "acc-document.h"
#include "acc-error.h"
#include "acc-sync-answers.h"
#include "acc-sync-engine-private.h"

#define PUSH_BATCH 500

static void
mark_sent (Run      *run,
           GPtrArray *docs,
           GHashTable *skip)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) revs = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      const char *id = acc_document_get_string (doc, "_id");

      if (skip != NULL && g_hash_table_contains (skip, id))
        continue;
      g_ptr_array_add (ids, (gpointer) id);
      g_ptr_array_add (revs, (gpointer) acc_document_get_string (doc, "_rev"));
    }

  /* Another desk confirms nothing: what it holds already was not sent, the rest was. */
  if (run->self->peer)
    {
      if (skip != NULL)
        _acc_sync_engine_add_sent (run->self, ids->len);
      return;
    }

  if (!acc_store_mark_sent (run->self->store, (const char * const *) ids->pdata,
                            (const char * const *) revs->pdata, ids->len, &error))
    g_warning ("Cannot mark documents as sent: %s", error->message);

  _acc_sync_engine_add_sent (run->self, ids->len);
}

static void
on_bulk_docs (Run      *run,
              guint     status,
              JsonNode *body,
              GTask    *task)
{
  g_autoptr(GHashTable) failed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;

  if (status != 201 && status != 200)
    {
      _acc_sync_fail_status (task, status, _("sending documents"));
      return;
    }

  /* Only an answer that lists what failed confirms the rest. */
  errors = acc_answer_read_bulk_docs (body, &error);
  if (errors == NULL)
    {
      _acc_sync_fail_malformed (task, error);
      return;
    }

  for (guint i = 0; i < errors->len; i++)
    {
      AccDocError *doc_error = g_ptr_array_index (errors, i);
      const char *code = doc_error->error;

      g_hash_table_add (failed, doc_error->id);
      /* Another desk refusing a document says nothing of what the cloud will do. */
      if (run->self->peer)
        continue;
      if (g_str_equal (code, "forbidden") || g_str_equal (code, "unauthorized") ||
          g_str_equal (code, "bad_request") || g_str_equal (code, "invalid"))
        {
          for (guint j = 0; j < run->push.docs->len; j++)
            {
              JsonObject *doc = g_ptr_array_index (run->push.docs, j);

              if (g_strcmp0 (acc_document_get_string (doc, "_id"), doc_error->id) == 0)
                acc_store_mark_refused (run->self->store, doc_error->id,
                                        acc_document_get_string (doc, "_rev"),
                                        doc_error->reason ? doc_error->reason : code, NULL);
            }
        }
    }

  mark_sent (run, run->push.docs, failed);
  _acc_sync_push_next (task);
}

static void
on_revs_diff (Run      *run,
              guint     status,
              JsonNode *body,
              GTask    *task)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) missing = NULL;
  g_autoptr(GPtrArray) send = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) present = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) request_body = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *docs;

  if (status != 200)
    {
      _acc_sync_fail_status (task, status, _("comparing documents"));
      return;
    }
  missing = acc_answer_read_revs_diff (body, &error);
  if (missing == NULL)
    {
      _acc_sync_fail_malformed (task, error);
      return;
    }

  for (guint i = 0; i < run->push.docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (run->push.docs, i);
      const char *id = acc_document_get_string (doc, "_id");

      if (g_hash_table_contains (missing, id))
        g_ptr_array_add (send, json_object_ref (doc));
      else
        g_ptr_array_add (present, json_object_ref (doc));
    }

  /* What the server already holds is confirmed. */
  mark_sent (run, present, NULL);

  if (send->len == 0)
    {
      _acc_sync_push_next (task);
      return;
    }

  docs = json_array_new ();
  for (guint i = 0; i < send->len; i++)
    json_array_add_object_element (docs, json_object_ref (g_ptr_array_index (send, i)));
  request_body = json_object_new ();
  json_object_set_array_member (request_body, "docs", docs);
  json_object_set_boolean_member (request_body, "new_edits", FALSE);
  node = json_node_init_object (json_node_alloc (), request_body);

  g_ptr_array_unref (run->push.docs);
  run->push.docs = g_steal_pointer (&send);
  _acc_sync_request (task, "POST", "/_bulk_docs", NULL, node, on_bulk_docs);
}

/* Lists the next batch of the outbox (publishing: of every document held) and asks the server
 * which of it it lacks; finishes the run when nothing is left to send. */
void
_acc_sync_push_next (GTask *task)
{
  Run *run = task_run (task);
  AccSyncEngine *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) diff = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  GPtrArray *docs;

  /* Publishing sends every document; another desk gets what waits for the cloud, which
   * confirms nothing, so the run goes through it once, by id. */
  if (run->mode == ACC_SYNC_PUBLISH || self->peer)
    {
      docs = acc_store_list_documents (self->store,
                                       run->mode == ACC_SYNC_PUBLISH ? ACC_DOCUMENTS_ALL
                                                                     : ACC_DOCUMENTS_WAITING,
                                       run->push.after_id, PUSH_BATCH, &error);
      if (docs != NULL && docs->len > 0)
        {
          g_free (run->push.after_id);
          run->push.after_id = g_strdup (acc_document_get_string (g_ptr_array_index (docs, docs->len - 1), "_id"));
        }
    }
  else
    {
      docs = acc_store_list_outbox (self->store, PUSH_BATCH, &error);
      /* A batch the server neither took nor refused would come back forever. */
      if (docs != NULL && run->push.docs != NULL && docs->len > 0 && run->push.docs->len > 0 &&
          run->push.batch_sent == self->sent && run->push.unconfirmed++ > 2)
        {
          g_ptr_array_unref (docs);
          _acc_sync_fail (task, ACC_ERROR_FAILED,
                          _("The server keeps neither accepting nor refusing some "
                            "documents. They stay on this desk; trying again later."));
          return;
        }
      run->push.batch_sent = self->sent;
    }

  if (docs == NULL)
    {
      _acc_sync_fail (task, ACC_ERROR_IO, error->message);
      return;
    }

  if (docs->len == 0)
    {
      g_ptr_array_unref (docs);
      _acc_sync_run_finish (task);
      return;
    }

  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      JsonArray *revs = json_array_new ();

      json_array_add_string_element (revs, acc_document_get_string (doc, "_rev"));
      json_object_set_array_member (diff, acc_document_get_string (doc, "_id"), revs);
    }

  g_clear_pointer (&run->push.docs, g_ptr_array_unref);
  run->push.docs = docs;
  node = json_node_init_object (json_node_alloc (), diff);
  _acc_sync_request (task, "POST", "/_revs_diff", NULL, node, on_revs_diff);
}

void
_acc_sync_push_clear (Push *push)
{
  g_clear_pointer (&push->docs, g_ptr_array_unref);
  g_clear_pointer (&push->after_id, g_free);
}
