/* acc-sync-pull.c: receiving the cloud's changes, stored on a worker thread with their
 * checkpoints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * GET /db (document count, for progress and the pull's bounds; acc-sync-engine.c) and GET
 * /db/_changes?style=all_docs&include_docs=true from the checkpoint are sent together; the
 * answer of changes is read once that of GET /db is. A change whose only leaf
 * is a live first revision comes whole with it, and goes to the worker as text, parsed as it
 * is stored; the other revisions this replica lacks (later generations, conflicts) are
 * fetched with their history with POST _bulk_get?revs=true, or, when the server does not
 * have it, one GET ?open_revs=… per document.
 *
 * A link to the cloud is 20 to 100 ms long, and each answer of _changes must wait for the
 * last, whose last_seq it starts from: asked one page at a time, a day of 25 pages paid the
 * link's round trip 25 times, with the worker waiting each time. So one answer holds several
 * pages: the first one page, each next twice as many as the last, up to MAX_ANSWER changes,
 * what the desk may hold unstored. It is read as it arrives: AccChangesFeed cuts off each
 * ACC_SYNC_PULL_BATCH whole changes as a page of their own, read by AccChangesPage without
 * building its documents, checkpointed at the seq of its last change; the last page of an
 * answer ends at its last_seq. As soon as the answer has arrived whole, the next is asked
 * for, from the last_seq of its end (acc_changes_feed_dup_end()), for the server to prepare
 * and the link to carry while the desk reads and stores the pages it holds; it is read once
 * the last page is handed to the worker. A server that prepares a whole answer before it
 * sends it (pouchdb-server, ~50 µs a change) would otherwise wait for the desk, and the
 * desk for it: asked once its last page was read, behind pages that waited for the worker,
 * a pull of 50,000 documents through a link of 100 ms left the worker idle a third of the
 * time. Pages are handed on one at a time, in order, and stored in that order with their
 * checkpoints. An answer without changes ends the pull, once the worker has stored what it
 * holds (and the search terms left waiting, in an empty batch).
 *
 * Pages are written on a worker thread with its own connection, in one transaction together
 * with the checkpoint that covers them; the pages that arrive while it writes wait for it
 * together. Once ACC_SYNC_STORE_MAX documents wait, no more pages are handed on until the
 * worker has taken them, and the rest of the answer is read on as text, without being read
 * as pages: a killed process resumes after the last stored transaction and receives at most
 * two transactions again, with the rest of the answer it was reading (which a server that
 * prepares whole answers has sent to the link anyway). The checkpoint is
 * also written to _local/<replication id> on the server, as the protocol asks, without
 * reading it first when the engine knows its revision; this replica trusts its own copy,
 * which is committed with the documents.
 *
 * Bounds: a pull ends after MAX_STALLED_PAGES pages in a row bring no change it has not read
 * (a server that ignores `since`), or after twice as many changes as the database holds plus
 * ten pages; a page whose documents the server does not all send is not stored, and its
 * checkpoint is not moved. What is held of an answer may not exceed the largest answer
 * (max_response): past it, nothing more is read while a page waits, and the run fails when
 * none does; one answer at most is asked for ahead, and it is not read before the last is
 * handed on. The deadline of a request starts again with each page (acc-sync-http.c). Documents the store refuses (acc_document_check_received())
 * are left out and said at the end of the run.
 */
#define G_LOG_DOMAIN "accueil-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "acc-document.h"
#include "acc-error.h"
#include "acc-json-text.h"
#include "acc-sync-answers.h"
#include "acc-sync-engine-private.h"

/* Pages of changes in a row that bring nothing new before a pull gives up on the server. */
#define MAX_STALLED_PAGES 3
/* A checkpoint is opaque to a desk, but it is kept and sent back: a few hundred bytes on a
 * CouchDB cluster. */
#define MAX_SEQ_LENGTH 4096
/* Changes asked for at most in one answer: what the desk may hold unstored. The next answer
 * is asked for while the worker still has about that much to store, so that a server that
 * prepares a whole answer before it sends it (pouchdb-server) has it ready before the worker
 * runs out; a larger answer would keep the worker waiting longer for each. The first answer
 * is one page, so that the worker soon has one to store, each next twice as large as the
 * last. The server's time per change falls with larger answers too (pouchdb-server: 22 µs
 * at 1,000, 15 µs at 5,000). */
#define MAX_ANSWER (2 * ACC_SYNC_STORE_MAX)

/* The worker */

struct _StoreBatch
{
  AccStore   *store;
  GPtrArray  *docs;
  GPtrArray  *texts; /* More documents, as JSON text. */
  char       *key;
  char       *seq;
  gboolean    more;  /* The server has more changes at once. */
  gboolean    back_to_back; /* It waited for the worker: the next page is likely here. */
  gboolean    from_peer;
  AccPutOutcome outcome;
};

static void
store_batch_free (gpointer data)
{
  StoreBatch *batch = data;

  g_clear_pointer (&batch->docs, g_ptr_array_unref);
  g_clear_pointer (&batch->texts, g_ptr_array_unref);
  g_free (batch->key);
  g_free (batch->seq);
  acc_put_outcome_clear (&batch->outcome);
  g_free (batch);
}

static void
store_batch_in_thread (GTask        *task,
                       gpointer      source,
                       gpointer      data,
                       GCancellable *cancellable)
{
  StoreBatch *batch = data;
  GError *error = NULL;

  if (!acc_store_put_batch (batch->store,
                            &(AccPutBatch) {
                              .docs = (JsonObject **) batch->docs->pdata,
                              .n_docs = batch->docs->len,
                              .texts = (const char * const *) batch->texts->pdata,
                              .n_texts = batch->texts->len,
                              .flags = (batch->more ? ACC_PUT_MORE_COMING : 0) |
                                       (batch->back_to_back ? ACC_PUT_BACK_TO_BACK : 0) |
                                       (batch->from_peer ? ACC_PUT_FROM_PEER : 0),
                              .meta_key = batch->key,
                              .meta_value = batch->seq,
                            },
                            &batch->outcome, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void launch_store (GTask *task, StoreBatch *batch);
static void write_remote_checkpoint (GTask *task);

/* @user_data is the storing side's reference to the run's task. */
static void
on_batch_stored (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = task_run (task);
  AccSyncEngine *self = run->self;
  StoreBatch *batch = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GTask *paused;

  run->pull.storing = FALSE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (run->final_task != NULL)
        {
          /* The run already failed; this is the error it answers with, and the last. */
          GTask *final = g_steal_pointer (&run->final_task);

          g_clear_error (&run->final_error);
          g_task_return_new_error (final, ACC_ERROR, ACC_ERROR_IO, "%s", error->message);
          g_object_unref (final);
          g_object_unref (task);
          return;
        }
      _acc_sync_fail (task, ACC_ERROR_IO, error->message);
      return;
    }

  /* Facts from other desks move this desk's clock forward. */
  for (guint i = 0; i < batch->docs->len; i++)
    {
      const char *hlc = acc_document_get_string (g_ptr_array_index (batch->docs, i), "hlc");
      if (hlc != NULL)
        acc_clock_observe (acc_store_get_clock (self->store), hlc);
    }

  _acc_sync_engine_add_received (self, batch->outcome.n_new);
  if (batch->outcome.n_refused > 0 && run->n_refused == 0)
    run->refusal = g_steal_pointer (&batch->outcome.refusal);
  run->n_refused += batch->outcome.n_refused;
  /* The last batch of a pull also wrote the search terms the others left. */
  if (batch->outcome.n_new > 0 || !batch->more)
    acc_store_emit_changed (self->store);

  g_free (run->pull.since);
  run->pull.since = g_strdup (batch->seq);

  if (run->ended)
    {
      /* The fetching side failed while this batch was written: the run answers now. */
      if (run->final_task != NULL)
        {
          GTask *final = g_steal_pointer (&run->final_task);

          g_task_return_error (final, g_steal_pointer (&run->final_error));
          g_object_unref (final);
        }
      g_object_unref (task);
      return;
    }

  paused = g_steal_pointer (&run->pull.paused);
  if (run->pull.queued != NULL)
    {
      launch_store (task, g_steal_pointer (&run->pull.queued));
      if (paused != NULL)
        _acc_sync_pull_next (paused);
      return;
    }

  g_object_unref (task);
  if (paused != NULL)
    {
      if (run->pull.paused_at_end)
        write_remote_checkpoint (paused);
      else
        _acc_sync_pull_next (paused);
    }
}

static char *
checkpoint_key (AccSyncEngine *self)
{
  return g_strconcat ("pull-checkpoint:", self->replication_id, NULL);
}

/* @task is the storing side's reference. */
static void
launch_store (GTask      *task,
              StoreBatch *batch)
{
  Run *run = task_run (task);
  g_autoptr(GTask) worker = g_task_new (run->self, NULL, on_batch_stored, task);

  run->pull.storing = TRUE;
  g_task_set_task_data (worker, batch, store_batch_free);
  g_task_run_in_thread (worker, store_batch_in_thread);
}

/* Hands the fetched batch, with the checkpoint that covers it, to the worker thread, and goes
 * on fetching meanwhile; at most ACC_SYNC_STORE_MAX documents wait. */
static void
store_batch (GTask *task)
{
  Run *run = task_run (task);
  AccSyncEngine *self = run->self;
  StoreBatch *batch;

  if (self->worker_store == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->worker_store = acc_store_open (acc_store_get_path (self->store),
                                           ACC_STORE_OPEN_RECEIVER, &error);
      if (self->worker_store == NULL)
        {
          _acc_sync_fail (task, ACC_ERROR_IO, error->message);
          return;
        }
    }

  batch = g_new0 (StoreBatch, 1);
  batch->store = self->worker_store;
  batch->docs = run->pull.docs
                ? g_steal_pointer (&run->pull.docs)
                : g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  batch->texts = run->pull.texts
                 ? g_steal_pointer (&run->pull.texts)
                 : g_ptr_array_new_with_free_func (g_free);
  batch->key = checkpoint_key (self);
  batch->seq = g_strdup (run->pull.last_seq);
  batch->more = run->pull.page_full;
  batch->back_to_back = run->pull.page_full && run->pull.storing;
  batch->from_peer = self->peer;
  run->pull.terms_waiting = batch->more;

  if (!run->pull.storing)
    {
      launch_store (g_object_ref (task), batch);
      _acc_sync_pull_next (task);
      return;
    }

  /* The worker is busy: the pages fetched meanwhile wait for it together, and it stores them
   * in one transaction, which costs less than one per page. */
  g_assert (run->pull.paused == NULL);
  if (run->pull.queued == NULL)
    run->pull.queued = batch;
  else
    {
      StoreBatch *queued = run->pull.queued;

      g_ptr_array_extend_and_steal (queued->docs, g_steal_pointer (&batch->docs));
      g_ptr_array_extend_and_steal (queued->texts, g_steal_pointer (&batch->texts));
      g_free (queued->seq);
      queued->seq = g_steal_pointer (&batch->seq);
      queued->more = batch->more;
      queued->back_to_back = batch->back_to_back;
      store_batch_free (batch);
    }

  if (run->pull.queued->docs->len + run->pull.queued->texts->len + ACC_SYNC_PULL_BATCH >
      ACC_SYNC_STORE_MAX)
    run->pull.paused = task;
  else
    _acc_sync_pull_next (task);
}

/* Fetching what a page lacks */

static void fetch_one_by_one (GTask *task);

/* Keeps the revisions @received holds for the batch; FALSE when the run failed because the
 * server did not send some of what it listed as changed. */
static gboolean
take_received (GTask       *task,
               AccReceived *received)
{
  Run *run = task_run (task);

  run->n_unasked += received->n_unasked;
  if (received->n_unanswered > 0)
    {
      g_autoptr(GString) message = g_string_new (NULL);

      /* Not stored: the checkpoint stays before this page, and the next run asks again. */
      g_string_append_printf (message,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "The server did not send %u document it listed as "
                                           "changed.",
                                           "The server did not send %u documents it listed as "
                                           "changed.", received->n_unanswered),
                              received->n_unanswered);
      if (received->n_unasked > 0)
        {
          g_string_append_c (message, ' ');
          _acc_sync_append_unasked (message, received->n_unasked);
        }
      g_string_append_c (message, ' ');
      g_string_append (message, _("What came before is stored; trying again later."));
      _acc_sync_fail (task, ACC_ERROR_FAILED, message->str);
      return FALSE;
    }

  g_ptr_array_extend_and_steal (run->pull.docs, g_steal_pointer (&received->docs));
  received->docs = g_ptr_array_new ();
  return TRUE;
}

static void
on_open_revs (Run      *run,
              guint     status,
              JsonNode *body,
              GTask    *task)
{
  g_autoptr(AccReceived) received = NULL;
  g_autoptr(GError) error = NULL;

  if (status != 200)
    {
      _acc_sync_fail_status (task, status, _("receiving documents"));
      return;
    }

  received = acc_answer_read_open_revs (body, run->pull.wanted_id, &error);
  if (received == NULL)
    {
      _acc_sync_fail_malformed (task, error);
      return;
    }
  if (take_received (task, received))
    fetch_one_by_one (task);
}

/* The fallback for servers without _bulk_get: GET ?revs=true&open_revs=[…] per document. */
static void
fetch_one_by_one (GTask *task)
{
  Run *run = task_run (task);
  g_auto(GStrv) parts = NULL;
  g_autofree char *path = NULL, *query = NULL, *escaped_id = NULL, *revs = NULL;
  g_autofree char *escaped_revs = NULL;

  if (run->pull.wanted_next >= run->pull.wanted->len)
    {
      store_batch (task);
      return;
    }

  parts = g_strsplit (g_ptr_array_index (run->pull.wanted, run->pull.wanted_next++), "\n", 2);
  g_free (run->pull.wanted_id);
  run->pull.wanted_id = g_strdup (parts[0]);
  escaped_id = g_uri_escape_string (parts[0], NULL, FALSE);
  revs = g_strdup_printf ("[\"%s\"]", parts[1]);
  escaped_revs = g_uri_escape_string (revs, NULL, FALSE);
  path = g_strconcat ("/", escaped_id, NULL);
  query = g_strconcat ("revs=true&latest=true&open_revs=", escaped_revs, NULL);
  _acc_sync_request (task, "GET", path, query, NULL, on_open_revs);
}

static void
on_bulk_get (Run      *run,
             guint     status,
             JsonNode *body,
             GTask    *task)
{
  g_autoptr(AccReceived) received = NULL;
  g_autoptr(GError) error = NULL;

  if (status == 400 || status == 404 || status == 405 || status == 501)
    {
      run->pull.wanted_next = 0;
      fetch_one_by_one (task);
      return;
    }
  if (status != 200)
    {
      _acc_sync_fail_status (task, status, _("receiving documents"));
      return;
    }

  received = acc_answer_read_bulk_get (body, run->pull.asked, &error);
  if (received == NULL)
    {
      _acc_sync_fail_malformed (task, error);
      return;
    }
  if (take_received (task, received))
    store_batch (task);
}

/* The checkpoint on the server */

/* The protocol keeps the pull's checkpoint in _local/<replication id> on the server as well;
 * this replica trusts its own copy, committed with the documents, so a failure here is only
 * logged. Writing it needs its revision on the server: the one this engine wrote last, or
 * none after a first pull (the id names this replica, which had no checkpoint), read with a
 * GET otherwise, or when the PUT is in conflict. A link's round trip less at the end of a
 * first pull, and of each run of a continuous engine. */
static void read_remote_checkpoint (GTask *task);

static void
on_remote_checkpoint_put (Run      *run,
                          guint     status,
                          JsonNode *body,
                          GTask    *task)
{
  AccSyncEngine *self = run->self;

  g_clear_pointer (&self->checkpoint_rev, g_free);
  if (status == 409 && !run->pull.checkpoint_read)
    {
      read_remote_checkpoint (task);
      return;
    }
  if (status == 201 || status == 200)
    self->checkpoint_rev = acc_answer_read_saved_rev (body);
  else
    g_debug ("The server did not keep the checkpoint (HTTP %u)", status);

  _acc_sync_push_next (task);
}

static void
put_remote_checkpoint (GTask      *task,
                       const char *rev)
{
  Run *run = task_run (task);
  g_autoptr(JsonObject) checkpoint = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) seq = run->pull.since ? json_from_string (run->pull.since, NULL) : NULL;
  g_autofree char *path = g_strconcat ("/_local/", run->self->replication_id, NULL);

  json_object_set_string_member (checkpoint, "_id", path + 1);
  if (rev != NULL)
    json_object_set_string_member (checkpoint, "_rev", rev);
  json_object_set_member (checkpoint, "last_seq",
                          seq ? g_steal_pointer (&seq) : json_node_init_int (json_node_alloc (), 0));
  json_object_set_string_member (checkpoint, "replicator", "Accueil " PACKAGE_VERSION);
  node = json_node_init_object (json_node_alloc (), checkpoint);

  _acc_sync_request (task, "PUT", path, NULL, node, on_remote_checkpoint_put);
}

static void
on_remote_checkpoint_get (Run      *run,
                          guint     status,
                          JsonNode *body,
                          GTask    *task)
{
  g_autofree char *rev = status == 200 ? acc_answer_read_rev (body) : NULL;

  put_remote_checkpoint (task, rev);
}

static void
read_remote_checkpoint (GTask *task)
{
  Run *run = task_run (task);
  g_autofree char *path = g_strconcat ("/_local/", run->self->replication_id, NULL);

  run->pull.checkpoint_read = TRUE;
  _acc_sync_request (task, "GET", path, NULL, NULL, on_remote_checkpoint_get);
}

static void
write_remote_checkpoint (GTask *task)
{
  Run *run = task_run (task);

  if (run->self->checkpoint_rev != NULL || run->pull.first)
    put_remote_checkpoint (task, run->self->checkpoint_rev);
  else
    read_remote_checkpoint (task);
}

/* Pages of changes */

/* How an answer of _changes asked for is read. */
typedef enum
{
  ASK_READ,  /* At once. */
  ASK_HELD,  /* Once _acc_sync_pull_next() is called: the run reads GET /db meanwhile. */
  ASK_AHEAD, /* Once the pages of the answer being read are all handed on. */
} Ask;

static void ask_for_changes (GTask *task, const char *since, Ask ask);

/* Up to date: once the worker has stored everything, the checkpoint is recorded on the
 * server too, then the run sends. */
static void
end_pull (GTask *task)
{
  Run *run = task_run (task);

  if (run->pull.storing)
    {
      run->pull.paused = task;
      run->pull.paused_at_end = TRUE;
      return;
    }
  write_remote_checkpoint (task);
}

/* A change as a number: its id and leaf revisions. Two different changes that give the same
 * number only make a page look new that is not, which costs one more page. */
static gpointer
change_key (const AccChange *change)
{
  guint hash = g_str_hash (change->id ? change->id : "");

  for (guint i = 0; change->revs != NULL && i < change->revs->len; i++)
    hash = hash * 31 + g_str_hash (g_ptr_array_index (change->revs, i));
  return GUINT_TO_POINTER (hash);
}

/* Whether the pull still moves forward. A server that ignores `since`, sends the same changes
 * again and again or never stops sending would keep a run going for ever: the run ends after
 * MAX_STALLED_PAGES pages in a row without a change it has not read yet, or once it has read
 * more changes than twice the database holds (a database written to during the pull sends
 * some twice). What was stored stays, with the checkpoint of the last page stored. */
static gboolean
check_progress (GTask          *task,
                AccChangesPage *page)
{
  Run *run = task_run (task);
  gboolean news = FALSE;
  guint64 bound;
  g_autofree char *message = NULL;

  for (guint i = 0; i < page->changes->len; i++)
    if (g_hash_table_add (run->pull.seen, change_key (g_ptr_array_index (page->changes, i))))
      news = TRUE;

  run->pull.stalled = page->changes->len > 0 && !news ? run->pull.stalled + 1 : 0;
  if (run->pull.stalled >= MAX_STALLED_PAGES)
    {
      message = g_strdup_printf (_("The server keeps sending changes this desk has already "
                                   "received (%u pages in a row): it does not move past them. "
                                   "What was received is stored; trying again later."),
                                 run->pull.stalled);
      _acc_sync_fail (task, ACC_ERROR_FAILED, message);
      return FALSE;
    }

  run->pull.n_changes += page->changes->len;
  bound = run->pull.n_server_docs >= 0
          ? 2 * (guint64) run->pull.n_server_docs + 10 * ACC_SYNC_PULL_BATCH
          : G_MAXUINT64;
  if (run->pull.n_changes > bound)
    {
      message = g_strdup_printf (_("The server sent %u changes for a database of %u documents: "
                                   "it does not stop. What was received is stored; trying "
                                   "again later."),
                                 (guint) MIN (run->pull.n_changes, G_MAXUINT),
                                 (guint) MIN (run->pull.n_server_docs, G_MAXUINT));
      _acc_sync_fail (task, ACC_ERROR_FAILED, message);
      return FALSE;
    }

  return TRUE;
}

/* A page of an answer is read by its own reader (acc_changes_page_read()): the documents it
 * carries go to the worker as text. @last: it ends the answer. */
static void
read_page (GTask      *task,
           const char *text,
           gsize       length,
           gboolean    last)
{
  Run *run = task_run (task);
  g_autoptr(AccChangesPage) page = NULL;
  g_autoptr(AccPagePlan) plan = NULL;
  g_autoptr(JsonArray) wanted = NULL;
  g_autoptr(JsonObject) request_body = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  run->self->longpolling = FALSE;
  page = acc_changes_page_read (text, length, &error);
  if (page == NULL)
    {
      _acc_sync_fail_unreadable (task, 200, error);
      return;
    }
  /* A page cut from the answer ends where its last change does. */
  if (!last && page->changes != NULL && page->changes->len > 0 && page->last_seq == NULL)
    page->last_seq = acc_change_dup_seq (g_ptr_array_index (page->changes,
                                                            page->changes->len - 1));
  if (page->changes == NULL || page->last_seq == NULL || strlen (page->last_seq) > MAX_SEQ_LENGTH)
    {
      g_autoptr(GError) reason = NULL;

      g_set_error_literal (&reason, ACC_ERROR, ACC_ERROR_INVALID,
                           _("to a request for changes has no list of changes, or no usable "
                             "“last_seq”"));
      _acc_sync_fail_malformed (task, reason);
      return;
    }

  if (!check_progress (task, page))
    return;

  g_free (run->pull.last_seq);
  run->pull.last_seq = g_steal_pointer (&page->last_seq);
  g_free (run->pull.fetch_since);
  run->pull.fetch_since = g_strdup (run->pull.last_seq);

  /* More changes follow at once: in this answer, or in the next when it was full. */
  run->pull.answer_changes += page->changes->len;
  run->pull.page_full = !last || run->pull.answer_changes >= run->pull.answer_limit;

  /* The answer is read, and its end did not say where the next starts (on_changes_end()):
   * the server prepares the next while this page is fetched for and stored. */
  if (last && page->changes->len > 0 && run->pull.ahead == NULL)
    ask_for_changes (g_object_ref (task), run->pull.fetch_since, ASK_AHEAD);

  if (page->changes->len == 0)
    {
      /* Up to date (a longpoll answer without results timed out): once the worker has
       * stored everything, and the search terms a full page left waiting (in an empty
       * batch), record the checkpoint on the server too, then send. */
      run->pull.at_end = TRUE;
      if (run->pull.terms_waiting)
        {
          g_clear_pointer (&run->pull.docs, g_ptr_array_unref);
          g_clear_pointer (&run->pull.texts, g_ptr_array_unref);
          store_batch (task);
          return;
        }
      end_pull (task);
      return;
    }

  _acc_sync_engine_set_state (run->self, ACC_SYNC_SYNCING);
  plan = acc_page_plan_new (page, run->self->store);
  if (plan->n_refused > 0)
    {
      if (run->n_refused == 0)
        run->refusal = g_strdup (plan->refusal);
      run->n_refused += plan->n_refused;
    }

  g_clear_pointer (&run->pull.docs, g_ptr_array_unref);
  run->pull.docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_clear_pointer (&run->pull.texts, g_ptr_array_unref);
  run->pull.texts = g_steal_pointer (&plan->texts);
  plan->texts = g_ptr_array_new ();
  g_clear_pointer (&run->pull.wanted, g_ptr_array_unref);
  run->pull.wanted = g_ptr_array_ref (plan->wanted);
  g_clear_pointer (&run->pull.asked, g_hash_table_unref);
  run->pull.asked = g_hash_table_ref (plan->asked);

  wanted = json_array_new ();
  for (guint i = 0; i < run->pull.wanted->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (run->pull.wanted, i), "\n", 2);
      JsonObject *one = json_object_new ();

      json_object_set_string_member (one, "id", parts[0]);
      json_object_set_string_member (one, "rev", parts[1]);
      json_array_add_object_element (wanted, one);
    }

  if (json_array_get_length (wanted) == 0)
    {
      store_batch (task);
      return;
    }

  request_body = json_object_new ();
  json_object_set_array_member (request_body, "docs", g_steal_pointer (&wanted));
  node = json_node_init_object (json_node_alloc (), request_body);
  _acc_sync_request (task, "POST", "/_bulk_get", "revs=true&latest=true", node, on_bulk_get);
}

/* Hands on the pages of the answer received whole, one after another, until one waits (for
 * documents to fetch, or for the worker) or the run ends: FALSE then. @task is borrowed. */
static gboolean
take_pages (GTask *task)
{
  Run *run = task_run (task);
  Pull *pull = &run->pull;

  while (!run->ended)
    {
      g_autofree char *text = NULL;
      gsize length;
      gboolean last;

      text = acc_changes_feed_take_page (pull->feed, &length, &last);
      if (text == NULL)
        return TRUE;

      if (pull->answer != NULL)
        _acc_sync_request_restart_deadline (pull->answer);
      pull->cutting = TRUE;
      pull->went_on = FALSE;
      read_page (g_object_ref (task), text, length, last);
      pull->cutting = FALSE;
      if (!pull->went_on)
        {
          pull->waiting = !run->ended;
          return FALSE;
        }
    }

  return FALSE;
}

/* More of the answer: its pages are handed on as soon as they are whole, as long as none
 * waits; while one waits, the answer is read on to its end (up to max_response held), for
 * the next to be asked for as soon as it ends. */
static gboolean
on_changes_received (Run          *run,
                     const guint8 *data,
                     gsize         length,
                     GTask        *task)
{
  Pull *pull = &run->pull;

  acc_changes_feed_push (pull->feed, (const char *) data, length);
  if (!pull->waiting && !take_pages (task) && run->ended)
    return FALSE;

  if (pull->waiting)
    {
      pull->answer_held = acc_changes_feed_get_held (pull->feed) >= run->self->max_response;
      return !pull->answer_held;
    }

  /* What is held is less than a page: a page may not be larger than an answer. */
  if (acc_changes_feed_get_held (pull->feed) > run->self->max_response)
    {
      _acc_sync_fail_too_large (g_object_ref (task));
      return FALSE;
    }
  return TRUE;
}

/* The answer ended: the next is asked for at once, from the last_seq of its end, and held
 * until this one's pages are all handed on. So the server prepares it while the desk reads
 * and stores those, whether or not one of them waits. An end without a usable last_seq fails
 * the run when its page is read (read_page()). */
static void
ask_ahead (GTask *task)
{
  Run *run = task_run (task);
  g_autoptr(AccChangesPage) end = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (acc_changes_feed_get_n_changes (run->pull.feed) == 0)
    return;
  text = acc_changes_feed_dup_end (run->pull.feed, &length);
  if (text != NULL)
    end = acc_changes_page_read (text, length, NULL);
  if (end == NULL || end->last_seq == NULL || strlen (end->last_seq) > MAX_SEQ_LENGTH)
    return;

  ask_for_changes (g_object_ref (task), end->last_seq, ASK_AHEAD);
}

static void
on_changes_end (Run        *run,
                guint       status,
                GByteArray *data,
                GTask      *task)
{
  run->self->longpolling = FALSE;
  if (status != 200)
    {
      _acc_sync_fail_status (task, status, _("asking for changes"));
      return;
    }

  acc_changes_feed_end (run->pull.feed);
  ask_ahead (task);
  /* The page that waits goes on with its own reference. */
  if (run->pull.waiting)
    {
      g_object_unref (task);
      return;
    }
  _acc_sync_pull_next (task);
}

/* Asks for the changes after @since_json (a checkpoint, as JSON; NULL: from the start): an
 * answer twice as large as the last, up to MAX_ANSWER changes. */
static void
ask_for_changes (GTask      *task,
                 const char *since_json,
                 Ask         ask)
{
  Run *run = task_run (task);
  gboolean longpoll = run->pull.longpoll;
  g_autofree char *since = NULL, *escaped = NULL, *query = NULL;
  guint limit;

  limit = run->pull.answer_limit == 0 ? ACC_SYNC_PULL_BATCH
                                      : MIN (2 * run->pull.answer_limit, MAX_ANSWER);

  /* A string checkpoint goes into the query without its quotes. */
  if (since_json == NULL)
    since = g_strdup ("0");
  else if (since_json[0] == '"')
    {
      g_autoptr(JsonNode) node = json_from_string (since_json, NULL);
      since = g_strdup (node ? json_node_get_string (node) : "0");
    }
  else
    since = g_strdup (since_json);

  escaped = g_uri_escape_string (since, NULL, FALSE);

  /* A continuous engine waits on the server for the next change, once per run; it is up to
   * date meanwhile. */
  run->pull.longpoll = FALSE;
  run->self->longpolling = longpoll;
  if (longpoll)
    _acc_sync_engine_set_state (run->self, ACC_SYNC_ONLINE);
  if (longpoll)
    query = g_strdup_printf ("style=all_docs&include_docs=true&feed=longpoll&timeout=%d"
                             "&since=%s&limit=%u", LONGPOLL_MS, escaped, limit);
  else
    query = g_strdup_printf ("style=all_docs&include_docs=true&since=%s&limit=%u", escaped,
                             limit);

  if (ask == ASK_AHEAD)
    {
      run->pull.ahead_limit = limit;
      _acc_sync_stream_request (task, "/_changes", query, on_changes_received, on_changes_end,
                                TRUE, &run->pull.ahead);
      return;
    }

  g_clear_pointer (&run->pull.feed, acc_changes_feed_free);
  run->pull.feed = acc_changes_feed_new (ACC_SYNC_PULL_BATCH);
  run->pull.answer_changes = 0;
  run->pull.answer_limit = limit;
  run->pull.answer_held = ask == ASK_HELD;
  _acc_sync_stream_request (task, "/_changes", query, on_changes_received, on_changes_end,
                            ask == ASK_HELD, &run->pull.answer);
}

/* The answer asked for ahead is read, now that the last one's pages are all handed on. */
static void
read_ahead (Pull *pull)
{
  g_clear_pointer (&pull->feed, acc_changes_feed_free);
  pull->feed = acc_changes_feed_new (ACC_SYNC_PULL_BATCH);
  pull->answer_changes = 0;
  pull->answer_limit = pull->ahead_limit;
  pull->answer = g_steal_pointer (&pull->ahead);
  _acc_sync_request_set_slot (pull->answer, &pull->answer);
  pull->answer_held = FALSE;
  _acc_sync_request_resume (pull->answer);
}

/* The fetching side goes on: with the next page of the answer, or by reading more of it, or
 * by asking for the next answer. Takes the fetching side's reference to @task. */
void
_acc_sync_pull_next (GTask *task)
{
  Run *run = task_run (task);
  Pull *pull = &run->pull;

  /* take_pages() hands on the next page itself. */
  if (pull->cutting)
    {
      pull->went_on = TRUE;
      g_object_unref (task);
      return;
    }

  if (pull->feed != NULL)
    {
      gboolean all_taken;

      /* A page that waits keeps its own reference; so do the answers. */
      pull->waiting = FALSE;
      all_taken = take_pages (task);
      if (run->ended)
        {
          g_object_unref (task);
          return;
        }
      if (pull->answer != NULL)
        {
          /* It is read on, as far as a page that waits lets it. */
          if (pull->answer_held &&
              acc_changes_feed_get_held (pull->feed) < run->self->max_response)
            {
              pull->answer_held = FALSE;
              _acc_sync_request_resume (pull->answer);
            }
          g_object_unref (task);
          return;
        }
      if (!all_taken)
        {
          g_object_unref (task);
          return;
        }
      g_assert (acc_changes_feed_is_done (pull->feed));
      if (pull->ahead != NULL)
        {
          read_ahead (pull);
          g_object_unref (task);
          return;
        }
      if (pull->at_end)
        {
          end_pull (task);
          return;
        }
    }

  if (pull->fetch_since == NULL && pull->since != NULL)
    pull->fetch_since = g_strdup (pull->since);
  ask_for_changes (task, pull->fetch_since, ASK_READ);
}

/* Asks for the first answer of the pull while the run reads GET /db (acc-sync-engine.c),
 * which bounds the pull: it is held until _acc_sync_pull_next(). A link's round trip less at
 * the start of every run. Takes a reference to @task for the request. */
void
_acc_sync_pull_start (GTask *task)
{
  Pull *pull = &task_run (task)->pull;

  g_assert (pull->feed == NULL);
  if (pull->fetch_since == NULL && pull->since != NULL)
    pull->fetch_since = g_strdup (pull->since);
  ask_for_changes (task, pull->fetch_since, ASK_HELD);
}

void
_acc_sync_pull_init (Pull          *pull,
                     AccSyncEngine *self,
                     gboolean       longpoll)
{
  g_autofree char *key = checkpoint_key (self);

  pull->longpoll = longpoll;
  pull->seen = g_hash_table_new (NULL, NULL);
  pull->n_server_docs = -1;
  pull->since = acc_store_dup_meta (self->store, key);
  pull->first = pull->since == NULL;
}

/* The run ended: what waits on the fetching side is let go. */
void
_acc_sync_pull_stop (Pull *pull)
{
  g_clear_object (&pull->paused);
  if (pull->answer != NULL)
    _acc_sync_request_drop (pull->answer);
  if (pull->ahead != NULL)
    _acc_sync_request_drop (pull->ahead);
}

void
_acc_sync_pull_clear (Pull *pull)
{
  g_clear_pointer (&pull->feed, acc_changes_feed_free);
  g_clear_pointer (&pull->queued, store_batch_free);
  g_clear_pointer (&pull->fetch_since, g_free);
  g_clear_pointer (&pull->since, g_free);
  g_clear_pointer (&pull->last_seq, g_free);
  g_clear_pointer (&pull->docs, g_ptr_array_unref);
  g_clear_pointer (&pull->texts, g_ptr_array_unref);
  g_clear_pointer (&pull->wanted, g_ptr_array_unref);
  g_clear_pointer (&pull->wanted_id, g_free);
  g_clear_pointer (&pull->asked, g_hash_table_unref);
  g_clear_pointer (&pull->seen, g_hash_table_unref);
}
