/* acc-peer-server-private.h: what the source files of the peer server share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * acc-peer-server.c runs on the thread that owns the server: HTTP, credentials, bounds,
 * streaming and longpolls. acc-peer-server-answers.c runs on its worker threads: it reads
 * and writes the day on connections of the server's own and writes each answer's JSON.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "acc-peer-server.h"

G_BEGIN_DECLS

/* A day served: its file, and the connections the workers use. */
typedef struct
{
  gatomicrefcount  ref;
  char            *name;
  char            *path;
  AccStore        *store;     /* The desk's own, told of what peers write; owner thread only. */
  GMutex           lock;      /* Guards readers. */
  GPtrArray       *readers;   /* Idle reading connections (AccStore). */
  GMutex           write_lock;
  AccStore        *writer;    /* Opened on first write; used under write_lock. */
} PeerDay;

typedef enum
{
  ENDPOINT_WELCOME,
  ENDPOINT_DATABASE,
  ENDPOINT_CHANGES,
  ENDPOINT_REVS_DIFF,
  ENDPOINT_BULK_GET,
  ENDPOINT_BULK_DOCS,
  ENDPOINT_ALL_DOCS,
  ENDPOINT_LOCAL_GET,
  ENDPOINT_LOCAL_PUT,
  ENDPOINT_DOCUMENT,
} Endpoint;

/* What a worker's step hands back to the owner thread. */
typedef enum
{
  STEP_ANSWER,   /* A whole answer: status and body. */
  STEP_CHUNK,    /* A part of a streamed answer; another step follows. */
  STEP_LAST,     /* Its last part. */
  STEP_WAIT,     /* A longpoll found nothing: wait for a change. */
} StepKind;

/* One request, from its arrival to its answer. The worker's fields are used by one step at a
 * time; the owner thread's only on that thread. */
typedef struct
{
  gatomicrefcount    ref;
  AccPeerServer     *server;
  PeerDay           *day;       /* NULL for the welcome. */
  Endpoint           endpoint;
  char              *doc_id;    /* ENDPOINT_DOCUMENT, ENDPOINT_LOCAL_*. */
  GHashTable        *query;     /* char * → char *, decoded. */
  GBytes            *body;      /* The request's, or NULL. */
  AccPeerServerLimits limits;

  /* Worker: where a streamed answer is. */
  gboolean           started;
  gint64             since;     /* _changes: the last sequence sent. */
  char              *after_id;  /* _all_docs: the last id sent. */
  guint              n_sent;
  guint              limit;     /* What the client asked for, bounded. */
  gboolean           longpoll;
  gint               timed_out; /* Atomic: the longpoll's time ran out while a step ran. */

  /* Worker → owner: the step's result. */
  StepKind           kind;
  guint              status;
  GBytes            *out;
  GPtrArray         *hlcs;      /* Clocks of the facts a write stored. */
  gboolean           stored;    /* A write stored something new. */

  /* Owner thread. */
  SoupServerMessage *msg;
  gboolean           finished;  /* The message is gone: drop what comes. */
  gboolean           answering; /* Headers of a streamed answer set. */
  gboolean           queued;    /* A step is in the pool or on its way back. */
  gsize              unsent;    /* Bytes appended not yet written. */
  gboolean           more;      /* The worker has more to stream once unsent is low. */
  guint              timeout_id;
  guint              heartbeat_id;
} PeerJob;

PeerJob  *_acc_peer_job_ref         (PeerJob   *job);
void      _acc_peer_job_unref       (PeerJob   *job);

/* acc-peer-server-answers.c, on a worker thread: runs one step of @job, setting its kind,
 * status and out. */
void      _acc_peer_server_run_step (PeerJob   *job);
GBytes   *_acc_peer_error_body      (const char *error,
                                     const char *reason);
GBytes   *_acc_peer_empty_changes   (gint64     last_seq);

G_END_DECLS
