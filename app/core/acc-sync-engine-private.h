/* acc-sync-engine-private.h: what the files of the sync engine share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "acc-changes-feed.h"
#include "acc-sync-engine.h"

G_BEGIN_DECLS

/* How long a longpoll waits on the server for a change. */
#define LONGPOLL_MS 25000

struct _AccSyncEngine
{
  GObject        parent_instance;

  AccStore      *store;
  AccStore      *worker_store;  /* Used only on the worker thread, one task at a time. */
  SoupSession   *session;
  GUri          *uri;           /* The database, without user info. */
  char          *url;           /* The same, as text, for messages. */
  char          *authorization; /* "Basic …", or NULL. */
  char          *session_login; /* Cookie authentication: the JSON to POST to /_session. */
  char          *peer_authorization; /* "Basic …" with the school's pairing secret, sent to a
                                      * peer desk when no other credentials are set. */
  gboolean       peer;          /* The other side is a desk of the school: said by
                                 * ACC_SYNC_FLAGS_PEER, or proved by its pinned certificate. */
  char          *peer_name;     /* That desk's name, as pinned. */
  GError        *peer_refusal;  /* Why its certificate was refused, for the run's message. */
  char          *replication_id;
  char          *checkpoint_rev; /* Of _local/<replication_id>, as this engine last wrote it. */
  gsize          max_response;
  guint          timeout_s;

  AccSyncState   state;
  char          *last_error;
  gint64         last_success;
  guint          received;
  guint          sent;
  guint          total;

  /* Continuous mode */
  gboolean       running;
  guint          retry_source;
  guint          failures;
  gulong         changed_id;
  gboolean       local_changes;
  GCancellable  *run_cancellable; /* Of the current continuous run. */
  gboolean       longpolling;     /* It waits on the server for a change. */
  gboolean       up_to_date;      /* The last run succeeded. */
  guint          quick_runs;      /* Runs in a row whose longpoll the server answered at once. */
  gboolean       run_waits;       /* The current run starts by waiting on the server. */
  gint64         run_started;     /* Its monotonic time at start. */
  guint          run_received;    /* self->received at its start. */
};

/* A fetched batch on its way to the worker (acc-sync-pull.c). */
typedef struct _StoreBatch StoreBatch;
/* A request in flight (acc-sync-http.c). */
typedef struct _Request Request;

/* The pull of a run: where it is, and what keeps it from going on for ever. */
typedef struct
{
  gboolean        longpoll;     /* Wait for changes once the pull is complete. */
  char           *since;        /* The checkpoint stored, as JSON. */
  char           *last_seq;     /* Of the batch being fetched. */
  GPtrArray      *docs;         /* Documents of the batch being fetched. */
  GPtrArray      *texts;        /* More of the batch being fetched, as JSON text. */
  GPtrArray      *wanted;       /* Fallback: what is still to fetch, as "id\nrev". */
  guint           wanted_next;
  char           *wanted_id;    /* Fallback: the document being fetched. */

  /* The answer of _changes being read, cut into pages as it arrives. */
  Request        *answer;       /* While it arrives. */
  gboolean        answer_held;  /* Nothing more of it is read for now. */
  AccChangesFeed *feed;         /* Its pages not taken yet. */
  guint           answer_changes; /* Changes of its pages taken so far. */
  guint           answer_limit; /* The changes it was asked for. */
  gboolean        cutting;      /* Its pages are being handed on, one after another. */
  gboolean        went_on;      /* The page handed on did not wait for anything. */
  gboolean        waiting;      /* A page of it waits (for documents, or for the worker). */
  Request        *ahead;        /* The next answer, asked for once this one ended; held. */
  guint           ahead_limit;  /* The changes it was asked for. */
  gboolean        at_end;       /* Nothing more to ask for: the pull ends with the worker. */

  /* The pull fetches the next batch while the worker stores the last one. */
  char           *fetch_since;  /* Where the next answer of _changes starts. */
  gboolean        storing;      /* A batch is being written. */
  StoreBatch     *queued;       /* A fetched batch waiting for the worker. */
  GTask          *paused;       /* The fetching side, waiting for the worker. */
  gboolean        paused_at_end;
  gboolean        page_full;    /* More changes follow the last page at once. */
  gboolean        terms_waiting; /* The last batch left search terms for a later one. */

  /* What keeps a pull from going on for ever, whatever the server answers. */
  GHashTable     *asked;        /* The ids of the batch being fetched (a set). */
  GHashTable     *seen;         /* Hashes of the changes this run has read (a set). */
  guint           stalled;      /* Pages in a row that brought nothing new. */
  guint64         n_changes;    /* Changes read by this run. */
  gint64          n_server_docs; /* Documents and deletions the database holds, or -1. */

  /* The checkpoint on the server. */
  gboolean        first;        /* This replica had no checkpoint: the server has none. */
  gboolean        checkpoint_read; /* It was read again, after a PUT in conflict. */
} Pull;

/* The push of a run. */
typedef struct
{
  GPtrArray     *docs;         /* The batch being sent. */
  char          *after_id;     /* Publish: where the next page starts. */
  guint          batch_sent;   /* The engine's count of sent documents when it was listed. */
  guint          unconfirmed;  /* Batches the server neither took nor refused. */
} Push;

/* One run: what it does and where it is. */
typedef struct
{
  AccSyncEngine *self;
  AccSyncMode    mode;
  Pull           pull;
  Push           push;
  gboolean       ended;        /* The run has failed or finished. */
  GTask         *final_task;   /* It failed while the worker wrote: the answer waits for it. */
  GError        *final_error;

  /* What the server sent that was left out: said at the end of the run. */
  guint          n_refused;
  char          *refusal;
  guint          n_unasked;
  char          *server_reason; /* The reason of the last answer that was an error. */
} Run;

static inline Run *
task_run (GTask *task)
{
  return g_task_get_task_data (task);
}

/* acc-sync-engine.c: the engine's state, and a run's start and end */
void     _acc_sync_engine_set_state     (AccSyncEngine *self,
                                         AccSyncState   state);
void     _acc_sync_engine_add_received  (AccSyncEngine *self,
                                         guint          n);
void     _acc_sync_engine_add_sent      (AccSyncEngine *self,
                                         guint          n);
gboolean _acc_sync_run_end              (GTask         *task);
void     _acc_sync_run_return_error     (GTask         *task,
                                         GError        *error);
void     _acc_sync_run_finish           (GTask         *task);
void     _acc_sync_append_unasked       (GString       *message,
                                         guint          n_unasked);

/* acc-sync-http.c: requests and failures */
typedef void (*ResponseFunc) (Run *run, guint status, JsonNode *body, GTask *task);
/* For the end of a streamed answer: @data is the body of an answer other than 200, as
 * received; a 200 answer went to the ChunkFunc. */
typedef void (*RawResponseFunc) (Run *run, guint status, GByteArray *data, GTask *task);
/* For a part of an answer read as it arrives: returns whether to read on at once. */
typedef gboolean (*ChunkFunc) (Run *run, const guint8 *data, gsize length, GTask *task);

void     _acc_sync_request              (GTask           *task,
                                         const char      *method,
                                         const char      *path,
                                         const char      *query,
                                         JsonNode        *body,
                                         ResponseFunc     func);
void     _acc_sync_stream_request       (GTask           *task,
                                         const char      *path,
                                         const char      *query,
                                         ChunkFunc        chunk_func,
                                         RawResponseFunc  end_func,
                                         gboolean         held,
                                         Request        **slot);
void     _acc_sync_request_resume       (Request         *request);
void     _acc_sync_request_set_slot     (Request         *request,
                                         Request        **slot);
void     _acc_sync_request_restart_deadline (Request     *request);
void     _acc_sync_request_drop         (Request         *request);
void     _acc_sync_fail                 (GTask           *task,
                                         int              code,
                                         const char      *message);
void     _acc_sync_fail_status          (GTask           *task,
                                         guint            status,
                                         const char      *what);
void     _acc_sync_fail_unreadable      (GTask           *task,
                                         guint            status,
                                         const GError    *reason);
void     _acc_sync_fail_malformed       (GTask           *task,
                                         const GError    *reason);
void     _acc_sync_fail_too_large       (GTask           *task);

/* acc-sync-pull.c */
void     _acc_sync_pull_init            (Pull            *pull,
                                         AccSyncEngine   *self,
                                         gboolean         longpoll);
void     _acc_sync_pull_clear           (Pull            *pull);
void     _acc_sync_pull_stop            (Pull            *pull);
void     _acc_sync_pull_next            (GTask           *task);
void     _acc_sync_pull_start           (GTask           *task);

/* acc-sync-push.c */
void     _acc_sync_push_clear           (Push            *push);
void     _acc_sync_push_next            (GTask           *task);

G_END_DECLS
