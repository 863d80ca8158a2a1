/* acc-peer-server.c: a desk serving its days to the other desks of its school
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * AccPeerServer is a SoupServer that speaks the part of the CouchDB replication protocol a
 * replicator needs (ours, PouchDB's), for each day database it is given. It serves HTTPS
 * only, and every request must carry the school's pairing secret as the password of HTTP
 * Basic (any user name); the secret is compared in constant time and never logged. The
 * SoupServer does not listen itself: AccPeerListener accepts connections and runs their TLS
 * handshakes, bounded, and hands it those that succeed. Having no listener of its own, the
 * SoupServer closes each connection after its answer: that costs a replicator a new TLS
 * handshake per request, but libsoup 3.2 (Debian 12's) never notices that a client closed a
 * connection kept open between requests, so keeping them would hold a socket, and one of the
 * connections a desk allows, for every client that came and went.
 *
 * The thread that owns the server (the GTK main thread in the app) never reads the day: it
 * checks credentials and bounds as soon as a request's headers arrive (early handler: an
 * unauthenticated request, a body over the limit or a request past the caps is answered
 * before its body is read), then pauses the message and hands a PeerJob to a pool of worker
 * threads (acc-peer-server-answers.c), which read on connections of their own and hand back
 * a whole answer, or a part of a streamed one. A streamed answer (_changes, _all_docs) is
 * written a page at a time: the next page is asked of a worker once what was sent has left
 * (SoupServerMessage::wrote-body-data) below a low-water mark, so a client that does not
 * read holds neither memory nor a worker.
 *
 * A longpoll that finds no change waits on this thread, without a worker: it is run again
 * when the day changes (AccStore::changed of the desk's store, a peer's write here, or a
 * change made by another process, seen by polling four times a second while someone waits),
 * and answers an empty list when its time runs out. Writes (_bulk_docs, _local) go through the
 * store's batch path on a connection of the server's; the desk's store is then told, as
 * after a pull.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "acc-desk-identity.h"
#include "acc-error.h"
#include "acc-pairing.h"
#include "acc-peer-discovery.h"
#include "acc-peer-listener.h"
#include "acc-text.h"

#include "acc-peer-server-private.h"

#define N_WORKERS 4
/* A streamed answer asks for its next page once less than this waits to be written. */
#define LOW_WATER (256 * 1024)
/* How often waiting longpolls look for changes made by another process (accueil-cli, a
 * second desk on the same file): a query from an index per waiting longpoll, and a bound on
 * how late such a change reaches the peers. */
#define POLL_INTERVAL_MS 250
#define MIN_HEARTBEAT_MS 1000
#define DEFAULT_TIMEOUT_MS 60000
/* The day's meta that keeps its database name, when it was given one. */
#define DAY_NAME_KEY "db-name"

struct _AccPeerServer
{
  GObject              parent_instance;

  SoupServer          *soup;
  AccPeerListener     *listener;
  char                *secret_digest;  /* SHA-256 of the pairing secret, never the secret. */
  GHashTable          *days;           /* name → PeerDay */
  GThreadPool         *workers;
  GMainContext        *context;
  AccPeerServerLimits  limits;
  guint                n_requests;
  guint                n_longpolls;
  GPtrArray           *waiting;        /* PeerJob: longpolls waiting for a change. */
  guint                poll_id;
};

G_DEFINE_FINAL_TYPE (AccPeerServer, acc_peer_server, G_TYPE_OBJECT)

static void run_job (gpointer data, gpointer user_data);

/* Days */

static PeerDay *
peer_day_ref (PeerDay *day)
{
  g_atomic_ref_count_inc (&day->ref);
  return day;
}

static void
peer_day_unref (PeerDay *day)
{
  if (!g_atomic_ref_count_dec (&day->ref))
    return;

  g_free (day->name);
  g_free (day->path);
  g_clear_object (&day->store);
  g_ptr_array_unref (day->readers);
  g_clear_object (&day->writer);
  g_mutex_clear (&day->lock);
  g_mutex_clear (&day->write_lock);
  g_free (day);
}

/* Jobs */

PeerJob *
_acc_peer_job_ref (PeerJob *job)
{
  g_atomic_ref_count_inc (&job->ref);
  return job;
}

void
_acc_peer_job_unref (PeerJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref))
    return;

  g_assert (job->timeout_id == 0 && job->heartbeat_id == 0);
  g_clear_object (&job->server);
  g_clear_pointer (&job->day, peer_day_unref);
  g_free (job->doc_id);
  g_clear_pointer (&job->query, g_hash_table_unref);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job->after_id);
  g_clear_pointer (&job->out, g_bytes_unref);
  g_clear_pointer (&job->hlcs, g_ptr_array_unref);
  g_clear_object (&job->msg);
  g_free (job);
}

static void
queue_step (PeerJob *job)
{
  g_assert (!job->queued);
  job->queued = TRUE;
  job->more = FALSE;
  g_thread_pool_push (job->server->workers, _acc_peer_job_ref (job), NULL);
}

/* Answers written on this thread */

static void
set_json (SoupServerMessage *msg,
          guint              status,
          GBytes            *body)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, length);
}

static void
set_error (SoupServerMessage *msg,
           guint              status,
           const char        *error,
           const char        *reason)
{
  g_autoptr(GBytes) body = _acc_peer_error_body (error, reason);

  set_json (msg, status, body);
}

/* Ends a longpoll's wait: it is no longer woken nor timed. */
static void
stop_waiting (PeerJob *job)
{
  AccPeerServer *self = job->server;

  g_clear_handle_id (&job->timeout_id, g_source_remove);
  g_clear_handle_id (&job->heartbeat_id, g_source_remove);
  if (g_ptr_array_remove (self->waiting, job) && self->waiting->len == 0)
    g_clear_handle_id (&self->poll_id, g_source_remove);
}

static void
start_stream (PeerJob *job)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (job->msg);

  if (job->answering)
    return;
  job->answering = TRUE;
  soup_server_message_set_status (job->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  /* HTTP/1.0 has no chunks: the answer ends with the connection. */
  soup_message_headers_set_encoding (headers,
                                     soup_server_message_get_http_version (job->msg) == SOUP_HTTP_1_0
                                     ? SOUP_ENCODING_EOF : SOUP_ENCODING_CHUNKED);
}

static void
append (PeerJob *job,
        GBytes  *bytes)
{
  job->unsent += g_bytes_get_size (bytes);
  soup_message_body_append_bytes (soup_server_message_get_response_body (job->msg), bytes);
}

/* Answers @job at once with @body: as a whole, or as the end of the stream it began. */
static void
finish (PeerJob *job,
        guint    status,
        GBytes  *body)
{
  stop_waiting (job);
  if (job->answering)
    {
      append (job, body);
      soup_message_body_complete (soup_server_message_get_response_body (job->msg));
    }
  else
    set_json (job->msg, status, body);
  soup_server_message_unpause (job->msg);
}

static gboolean
on_timeout (gpointer data)
{
  PeerJob *job = data;
  g_autoptr(GBytes) body = _acc_peer_empty_changes (job->since);

  job->timeout_id = 0;
  if (job->queued)
    {
      /* A step runs: it answers when it comes back with nothing. */
      g_atomic_int_set (&job->timed_out, TRUE);
      return G_SOURCE_REMOVE;
    }
  finish (job, SOUP_STATUS_OK, body);
  return G_SOURCE_REMOVE;
}

static gboolean
on_heartbeat (gpointer data)
{
  PeerJob *job = data;
  g_autoptr(GBytes) newline = g_bytes_new_static ("\n", 1);

  start_stream (job);
  append (job, newline);
  soup_server_message_unpause (job->msg);
  return G_SOURCE_CONTINUE;
}

/* Runs the longpolls waiting on @day (every day when %NULL) again. */
static void
wake (AccPeerServer *self,
      PeerDay       *day)
{
  for (guint i = self->waiting->len; i > 0; i--)
    {
      PeerJob *job = g_ptr_array_index (self->waiting, i - 1);

      if ((day == NULL || job->day == day) && !job->queued)
        {
          g_ptr_array_remove_index (self->waiting, i - 1);
          queue_step (job);
        }
    }
  if (self->waiting->len == 0)
    g_clear_handle_id (&self->poll_id, g_source_remove);
}

static gboolean
on_poll (gpointer data)
{
  AccPeerServer *self = data;

  self->poll_id = 0;
  wake (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
wait_for_change (PeerJob *job)
{
  AccPeerServer *self = job->server;
  const char *heartbeat = g_hash_table_lookup (job->query, "heartbeat");
  const char *timeout = g_hash_table_lookup (job->query, "timeout");
  guint64 ms = DEFAULT_TIMEOUT_MS;

  if (job->timeout_id == 0)
    {
      if (timeout != NULL)
        g_ascii_string_to_unsigned (timeout, 10, 0, G_MAXUINT, &ms, NULL);
      ms = MIN (ms, self->limits.max_timeout_ms);
      job->timeout_id = g_timeout_add (ms, on_timeout, job);
      if (heartbeat != NULL)
        {
          ms = self->limits.max_timeout_ms;
          if (!g_str_equal (heartbeat, "true"))
            g_ascii_string_to_unsigned (heartbeat, 10, 0, G_MAXUINT, &ms, NULL);
          job->heartbeat_id = g_timeout_add (MAX (ms, MIN_HEARTBEAT_MS), on_heartbeat, job);
        }
    }

  g_ptr_array_add (self->waiting, job);
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add (POLL_INTERVAL_MS, on_poll, self);
}

/* Peers wrote to @day: the desk is told, as after a pull, and longpolls answer. */
static void
day_written (PeerJob *job)
{
  AccStore *store = job->day->store;

  for (guint i = 0; job->hlcs != NULL && i < job->hlcs->len; i++)
    acc_clock_observe (acc_store_get_clock (store), g_ptr_array_index (job->hlcs, i));
  if (job->stored)
    acc_store_emit_changed (store);
  wake (job->server, job->day);
}

/* Takes a step's result on the owner thread. */
static gboolean
deliver (gpointer data)
{
  PeerJob *job = data;
  g_autoptr(GBytes) out = g_steal_pointer (&job->out);

  job->queued = FALSE;
  if (job->endpoint == ENDPOINT_BULK_DOCS && (job->stored || job->hlcs != NULL))
    day_written (job);
  if (job->finished)
    return G_SOURCE_REMOVE;

  switch (job->kind)
    {
    case STEP_ANSWER:
      finish (job, job->status, out);
      break;

    case STEP_WAIT:
      if (g_atomic_int_get (&job->timed_out))
        {
          g_autoptr(GBytes) empty = _acc_peer_empty_changes (job->since);
          finish (job, SOUP_STATUS_OK, empty);
        }
      else
        wait_for_change (job);
      break;

    case STEP_CHUNK:
    case STEP_LAST:
      stop_waiting (job);
      start_stream (job);
      append (job, out);
      if (job->kind == STEP_LAST)
        soup_message_body_complete (soup_server_message_get_response_body (job->msg));
      else if (job->unsent < LOW_WATER)
        queue_step (job);
      else
        job->more = TRUE;
      soup_server_message_unpause (job->msg);
      break;
    }

  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  PeerJob *job = data;

  _acc_peer_server_run_step (job);
  g_main_context_invoke_full (job->server->context, G_PRIORITY_DEFAULT, deliver, job,
                              (GDestroyNotify) _acc_peer_job_unref);
}

static void
on_wrote_body_data (SoupServerMessage *msg,
                    gsize              size,
                    PeerJob           *job)
{
  job->unsent -= MIN (size, job->unsent);
  if (job->more && !job->queued && job->unsent < LOW_WATER)
    queue_step (job);
}

static void
on_finished (SoupServerMessage *msg,
             PeerJob           *job)
{
  AccPeerServer *self = job->server;

  job->finished = TRUE;
  job->more = FALSE;
  stop_waiting (job);
  self->n_requests--;
  if (job->endpoint == ENDPOINT_CHANGES &&
      g_strcmp0 (g_hash_table_lookup (job->query, "feed"), "longpoll") == 0)
    self->n_longpolls--;
  g_signal_handlers_disconnect_by_data (msg, job);
  _acc_peer_job_unref (job);
}

/* Credentials and bounds, as soon as the headers are read */

static char *
digest (const char *text,
        gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, length);
}

/* Whether the request carries the pairing secret as its Basic password. Digests of equal
 * length are compared in full, whatever differs, so the time says nothing of the secret. */
static gboolean
is_authorized (AccPeerServer     *self,
               SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *given = NULL;
  gsize length = 0;
  const char *colon;
  guchar diff = 0;

  if (header == NULL || g_ascii_strncasecmp (header, "Basic ", 6) != 0)
    return FALSE;
  decoded = g_base64_decode (header + 6, &length);
  colon = decoded ? memchr (decoded, ':', length) : NULL;
  if (colon == NULL)
    {
      if (decoded != NULL)
        memset (decoded, 0, length);
      return FALSE;
    }
  given = digest (colon + 1, length - (colon + 1 - (const char *) decoded));
  memset (decoded, 0, length);

  for (gsize i = 0; i < 64; i++)
    diff |= given[i] ^ self->secret_digest[i];
  return diff == 0;
}

static void
refuse_early (SoupServerMessage *msg,
              guint              status,
              const char        *error,
              const char        *reason)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  /* The body was not read: the connection cannot carry another request. */
  if (soup_message_headers_get_content_length (request) > 0 ||
      soup_message_headers_get_encoding (request) == SOUP_ENCODING_CHUNKED)
    soup_message_headers_replace (response, "Connection", "close");
  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (response, "WWW-Authenticate", "Basic realm=\"accueil\"");
  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    soup_message_headers_replace (response, "Retry-After", "1");
  set_error (msg, status, error, reason);
}

static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  AccPeerServer *self = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (request);

  if (!is_authorized (self, msg))
    refuse_early (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                  "Name or password is incorrect.");
  else if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    refuse_early (msg, SOUP_STATUS_LENGTH_REQUIRED, "bad_request",
                  "A request's body must say its length.");
  else if ((guint64) soup_message_headers_get_content_length (request) > self->limits.max_body)
    refuse_early (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                  "The request's body is too large.");
  else if (self->n_requests >= self->limits.max_requests)
    refuse_early (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "busy",
                  "Too many requests at once: try again.");
}

/* Routing */

static gboolean
route (PeerJob     *job,
       const char  *method,
       char       **parts,
       guint        n,
       guint       *status,
       const char **reason)
{
  gboolean get = g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
  gboolean post = g_str_equal (method, "POST");
  gboolean put = g_str_equal (method, "PUT");
  const char *what = n > 1 ? parts[1] : NULL;

  *status = SOUP_STATUS_METHOD_NOT_ALLOWED;
  *reason = "Only the replication protocol is served here.";

  if (n == 0)
    {
      job->endpoint = ENDPOINT_WELCOME;
      return get;
    }
  if (n == 1)
    {
      job->endpoint = ENDPOINT_DATABASE;
      if (put)
        {
          *status = SOUP_STATUS_PRECONDITION_FAILED;
          *reason = "The database already exists.";
        }
      return get;
    }
  if (n == 2 && g_str_equal (what, "_changes"))
    job->endpoint = ENDPOINT_CHANGES;
  else if (n == 2 && g_str_equal (what, "_revs_diff"))
    return (job->endpoint = ENDPOINT_REVS_DIFF, post);
  else if (n == 2 && g_str_equal (what, "_bulk_get"))
    return (job->endpoint = ENDPOINT_BULK_GET, post);
  else if (n == 2 && g_str_equal (what, "_bulk_docs"))
    return (job->endpoint = ENDPOINT_BULK_DOCS, post);
  else if (n == 2 && g_str_equal (what, "_all_docs"))
    return (job->endpoint = ENDPOINT_ALL_DOCS, get || post);
  else if (n == 3 && g_str_equal (what, "_local"))
    {
      job->endpoint = put ? ENDPOINT_LOCAL_PUT : ENDPOINT_LOCAL_GET;
      job->doc_id = g_strdup (parts[2]);
      return get || put;
    }
  else if (n == 2 && what[0] != '_')
    {
      job->endpoint = ENDPOINT_DOCUMENT;
      job->doc_id = g_strdup (what);
    }
  else
    {
      *status = SOUP_STATUS_NOT_FOUND;
      *reason = "missing";
      return FALSE;
    }

  return get;
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  AccPeerServer *self = user_data;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_free);
  PeerJob *job;
  guint status;
  const char *reason;

  parts = g_strsplit (path, "/", 0);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      {
        char *segment = g_uri_unescape_string (parts[i], NULL);
        if (segment == NULL)
          {
            set_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "The path is not one.");
            return;
          }
        g_ptr_array_add (segments, segment);
      }
  g_ptr_array_add (segments, NULL);

  job = g_new0 (PeerJob, 1);
  g_atomic_ref_count_init (&job->ref);
  job->server = g_object_ref (self);
  job->limits = self->limits;
  job->query = query ? g_hash_table_ref (query)
                     : g_hash_table_new (g_str_hash, g_str_equal);

  if (segments->len > 1)
    {
      PeerDay *day = g_hash_table_lookup (self->days, g_ptr_array_index (segments, 0));
      if (day == NULL)
        {
          set_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Database does not exist.");
          _acc_peer_job_unref (job);
          return;
        }
      job->day = peer_day_ref (day);
    }

  if (!route (job, soup_server_message_get_method (msg), (char **) segments->pdata,
              segments->len - 1, &status, &reason))
    {
      set_error (msg, status, status == SOUP_STATUS_NOT_FOUND ? "not_found" : "method_not_allowed",
                 reason);
      _acc_peer_job_unref (job);
      return;
    }

  if (job->endpoint == ENDPOINT_CHANGES &&
      g_strcmp0 (g_hash_table_lookup (job->query, "feed"), "longpoll") == 0)
    {
      if (self->n_longpolls >= self->limits.max_longpolls)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Retry-After", "1");
          set_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "busy",
                     "Too many clients wait for changes: try again.");
          _acc_peer_job_unref (job);
          return;
        }
      self->n_longpolls++;
    }

  job->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (g_bytes_get_size (job->body) == 0)
    g_clear_pointer (&job->body, g_bytes_unref);
  job->msg = g_object_ref (msg);
  self->n_requests++;
  /* The message's reference, dropped once it is finished. */
  _acc_peer_job_ref (job);
  g_signal_connect (msg, "finished", G_CALLBACK (on_finished), job);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (on_wrote_body_data), job);

  soup_server_message_pause (msg);
  queue_step (job);
  _acc_peer_job_unref (job);
}

/* The object */

static void
on_store_changed (AccStore       *store,
                  AccStoreChange *change,
                  PeerDay        *day)
{
  AccPeerServer *self = g_object_get_data (G_OBJECT (store), "acc-peer-server");

  if (self != NULL)
    wake (self, day);
}

static void
forget_day (gpointer data)
{
  PeerDay *day = data;

  g_signal_handlers_disconnect_by_func (day->store, on_store_changed, day);
  g_object_set_data (G_OBJECT (day->store), "acc-peer-server", NULL);
  peer_day_unref (day);
}

static void
acc_peer_server_dispose (GObject *object)
{
  AccPeerServer *self = ACC_PEER_SERVER (object);

  acc_peer_server_stop (self);
  g_clear_pointer (&self->days, g_hash_table_unref);

  G_OBJECT_CLASS (acc_peer_server_parent_class)->dispose (object);
}

static void
acc_peer_server_finalize (GObject *object)
{
  AccPeerServer *self = ACC_PEER_SERVER (object);

  if (self->workers != NULL)
    g_thread_pool_free (g_steal_pointer (&self->workers), FALSE, TRUE);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  if (self->secret_digest != NULL)
    memset (self->secret_digest, 0, strlen (self->secret_digest));
  g_free (self->secret_digest);

  G_OBJECT_CLASS (acc_peer_server_parent_class)->finalize (object);
}

/* A desk's connection, its TLS handshake done (AccPeerListener::connected). */
static void
on_connected (AccPeerListener *listener,
              GIOStream       *connection,
              GSocketAddress  *local,
              GSocketAddress  *remote,
              gpointer         user_data)
{
  AccPeerServer *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->soup != NULL &&
      !soup_server_accept_iostream (self->soup, connection, local, remote, &error))
    g_debug ("Cannot serve a desk's connection: %s", error->message);
}

static void
acc_peer_server_class_init (AccPeerServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = acc_peer_server_dispose;
  object_class->finalize = acc_peer_server_finalize;
}

static void
acc_peer_server_init (AccPeerServer *self)
{
  self->days = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, forget_day);
  self->waiting = g_ptr_array_new ();
  self->context = g_main_context_ref_thread_default ();
  self->limits = (AccPeerServerLimits) {
    .max_body = ACC_PEER_SERVER_MAX_BODY,
    .max_requests = ACC_PEER_SERVER_MAX_REQUESTS,
    .max_longpolls = ACC_PEER_SERVER_MAX_LONGPOLLS,
    .max_limit = ACC_PEER_SERVER_MAX_LIMIT,
    .max_timeout_ms = ACC_PEER_SERVER_MAX_TIMEOUT_MS,
    .max_connections = ACC_PEER_SERVER_MAX_CONNECTIONS,
    .handshake_timeout_ms = ACC_PEER_SERVER_HANDSHAKE_TIMEOUT_MS,
  };
}

/**
 * acc_peer_server_new:
 * @certificate: the desk's certificate, with its private key
 * @pairing_secret: the school's pairing secret, which every request must carry
 *
 * Makes a server for the thread-default main context of the caller, which owns it. It serves
 * HTTPS only: without a certificate, it is not made.
 *
 * Returns: (transfer full) (nullable): the server, or %NULL with @error
 */
AccPeerServer *
acc_peer_server_new (GTlsCertificate  *certificate,
                     const char       *pairing_secret,
                     GError          **error)
{
  g_autoptr(AccPeerServer) self = NULL;

  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), NULL);

  if (certificate == NULL)
    {
      g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID,
                           _("The desk has no certificate: it serves other desks over TLS only."));
      return NULL;
    }
  if (pairing_secret == NULL || pairing_secret[0] == '\0')
    {
      g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID,
                           _("The school’s pairing secret is not set: the desk serves only "
                             "desks that know it."));
      return NULL;
    }

  self = g_object_new (ACC_TYPE_PEER_SERVER, NULL);
  self->secret_digest = digest (pairing_secret, strlen (pairing_secret));
  self->soup = soup_server_new ("tls-certificate", certificate,
                                "server-header", "Accueil/" PACKAGE_VERSION " ", NULL);
  if (!soup_server_is_https (self->soup))
    {
      g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID,
                           _("The desk’s certificate cannot serve TLS."));
      return NULL;
    }
  self->workers = g_thread_pool_new (run_job, self, N_WORKERS, FALSE, NULL);
  self->listener = acc_peer_listener_new (certificate, self->limits.max_connections,
                                          self->limits.handshake_timeout_ms);
  g_signal_connect (self->listener, "connected", G_CALLBACK (on_connected), self);
  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler, self, NULL);

  return g_steal_pointer (&self);
}

/**
 * acc_peer_server_set_limits:
 *
 * Changes what one request may cost (tests make them small); a limit of 0 keeps its default.
 */
void
acc_peer_server_set_limits (AccPeerServer             *self,
                            const AccPeerServerLimits *limits)
{
  g_return_if_fail (ACC_IS_PEER_SERVER (self));
  g_return_if_fail (limits != NULL);

  if (limits->max_body > 0)
    self->limits.max_body = limits->max_body;
  if (limits->max_requests > 0)
    self->limits.max_requests = limits->max_requests;
  if (limits->max_longpolls > 0)
    self->limits.max_longpolls = limits->max_longpolls;
  if (limits->max_limit > 0)
    self->limits.max_limit = limits->max_limit;
  if (limits->max_timeout_ms > 0)
    self->limits.max_timeout_ms = limits->max_timeout_ms;
  if (limits->max_connections > 0)
    self->limits.max_connections = limits->max_connections;
  if (limits->handshake_timeout_ms > 0)
    self->limits.handshake_timeout_ms = limits->handshake_timeout_ms;
  if (self->listener != NULL)
    acc_peer_listener_set_limits (self->listener, self->limits.max_connections,
                                  self->limits.handshake_timeout_ms);
}

/**
 * acc_peer_server_name_is_valid:
 *
 * Returns: whether @db_name is a database name CouchDB would take: a lowercase letter, then
 *   lowercase letters, digits and _$()+-
 */
gboolean
acc_peer_server_name_is_valid (const char *db_name)
{
  if (db_name == NULL || !g_ascii_islower (db_name[0]) || strlen (db_name) > 238)
    return FALSE;
  for (const char *p = db_name; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && strchr ("_$()+-", *p) == NULL)
      return FALSE;
  return TRUE;
}

/**
 * acc_peer_server_add_day:
 * @db_name: the day's database name, as the cloud names it (`<school>-<YYYY-MM-DD>`)
 * @store: the desk's replica of the day: the server reads its file on connections of its
 *   own, and tells it what peers write
 */
gboolean
acc_peer_server_add_day (AccPeerServer  *self,
                         const char     *db_name,
                         AccStore       *store,
                         GError        **error)
{
  PeerDay *day;

  g_return_val_if_fail (ACC_IS_PEER_SERVER (self), FALSE);
  g_return_val_if_fail (ACC_IS_STORE (store), FALSE);

  if (!acc_peer_server_name_is_valid (db_name))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("“%s” is not a database name: use lowercase letters, digits and dashes."),
                   db_name ? db_name : "");
      return FALSE;
    }

  day = g_new0 (PeerDay, 1);
  g_atomic_ref_count_init (&day->ref);
  day->name = g_strdup (db_name);
  day->path = g_strdup (acc_store_get_path (store));
  day->store = g_object_ref (store);
  day->readers = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&day->lock);
  g_mutex_init (&day->write_lock);
  g_object_set_data (G_OBJECT (store), "acc-peer-server", self);
  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed), day);
  g_hash_table_replace (self->days, day->name, day);

  return TRUE;
}

/**
 * acc_peer_server_listen:
 * @address: (nullable): where to listen; %NULL: every address
 * @port: the port; 0 for any free one (acc_peer_server_get_port() says which)
 */
gboolean
acc_peer_server_listen (AccPeerServer  *self,
                        GInetAddress   *address,
                        guint           port,
                        GError        **error)
{
  g_return_val_if_fail (ACC_IS_PEER_SERVER (self), FALSE);
  g_return_val_if_fail (self->listener != NULL, FALSE);

  return acc_peer_listener_listen (self->listener, address, port, error);
}

guint
acc_peer_server_get_port (AccPeerServer *self)
{
  g_return_val_if_fail (ACC_IS_PEER_SERVER (self), 0);

  return self->listener ? acc_peer_listener_get_port (self->listener) : 0;
}

/**
 * acc_peer_server_stop:
 *
 * Closes the server's connections and stops listening; requests under way are dropped.
 */
void
acc_peer_server_stop (AccPeerServer *self)
{
  g_return_if_fail (ACC_IS_PEER_SERVER (self));

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->listener != NULL)
    {
      acc_peer_listener_stop (self->listener);
      g_signal_handlers_disconnect_by_data (self->listener, self);
      g_clear_object (&self->listener);
    }
  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
}

/**
 * acc_peer_server_serve_day:
 * @store: the desk's day
 * @address: (nullable): where to listen; %NULL: every address
 * @port: the port; 0 for any free one
 *
 * Serves @store's day to the school's other desks as a paired desk does: with the desk's own
 * certificate (acc_desk_identity_load()), the pairing secret it keeps (accueil-cli pair) and
 * the day's name (acc_peer_server_dup_day_name()).
 *
 * Returns: (transfer full) (nullable): the listening server; %NULL with @error set, in the
 *   domain %ACC_ERROR with %ACC_ERROR_NOT_FOUND when the desk is not paired.
 */
AccPeerServer *
acc_peer_server_serve_day (AccStore      *store,
                           GInetAddress  *address,
                           guint          port,
                           GError       **error)
{
  g_autofree char *secret = NULL, *db_name = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(AccPeerServer) server = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean served;

  g_return_val_if_fail (ACC_IS_STORE (store), NULL);

  if (!acc_pairing_lookup_secret (&secret, &local_error))
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                             _("This desk has no pairing secret yet: give it the school’s "
                               "with accueil-cli pair"));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  db_name = acc_peer_server_dup_day_name (store);
  if (db_name == NULL)
    g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID,
                         _("The day has no name yet (its school or date is missing)"));
  served = db_name != NULL &&
           (certificate = acc_desk_identity_load (error)) != NULL &&
           (server = acc_peer_server_new (certificate, secret, error)) != NULL &&
           acc_peer_server_add_day (server, db_name, store, error) &&
           acc_peer_server_listen (server, address, port, error);
  memset (secret, 0, strlen (secret));

  return served ? g_steal_pointer (&server) : NULL;
}

/**
 * acc_peer_server_dup_day_name:
 *
 * Returns: (transfer full) (nullable): the name of @store's day database when the store does
 *   not say it: `<school>-<YYYY-MM-DD>`, the school's name made a database name; %NULL when
 *   the school or the day is not known
 */
char *
acc_peer_server_dup_day_name (AccStore *store)
{
  g_autofree char *school = NULL, *day = NULL, *name = NULL;
  g_autoptr(GString) slug = g_string_new (NULL);

  g_return_val_if_fail (ACC_IS_STORE (store), NULL);

  name = acc_store_dup_meta (store, DAY_NAME_KEY);
  if (name != NULL && acc_peer_server_name_is_valid (name))
    return g_steal_pointer (&name);

  school = acc_store_dup_school_name (store);
  day = acc_store_dup_day (store);
  if (school == NULL || day == NULL)
    return NULL;

  {
    g_autofree char *folded = acc_text_fold (school);

    for (const char *p = folded; *p != '\0'; p++)
      {
        if (g_ascii_isalnum (*p))
          g_string_append_c (slug, g_ascii_tolower (*p));
        else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
          g_string_append_c (slug, '-');
      }
  }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0 || !g_ascii_isalpha (slug->str[0]))
    g_string_prepend (slug, "school-");
  g_string_append_printf (slug, "-%s", day);

  return acc_peer_server_name_is_valid (slug->str) ? g_string_free (g_steal_pointer (&slug), FALSE)
                                                   : NULL;
}

/**
 * acc_peer_server_keep_day_name:
 * @store: a day's replica
 * @db_name: the day's database name, `<school>-<YYYY-MM-DD>`
 *
 * Keeps @db_name as the day's name, which acc_peer_server_dup_day_name() gives from then on
 * (a demo's, or the cloud's database).
 */
gboolean
acc_peer_server_keep_day_name (AccStore    *store,
                               const char  *db_name,
                               GError     **error)
{
  g_autofree char *school = NULL;

  g_return_val_if_fail (ACC_IS_STORE (store), FALSE);
  g_return_val_if_fail (db_name != NULL, FALSE);

  school = acc_peer_discovery_dup_school_id (db_name);
  if (!acc_peer_server_name_is_valid (db_name) || school == NULL)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("“%s” is not a day’s name: use the school’s id, in lowercase letters, "
                     "digits and dashes, then the date (les-arcs-2026-12-26)."), db_name);
      return FALSE;
    }
  return acc_store_set_meta (store, DAY_NAME_KEY, db_name, error);
}

/**
 * acc_peer_server_dup_school_id:
 * @store: a day's replica
 *
 * Returns: (transfer full) (nullable): the school part of the day's name
 *   (acc_peer_server_dup_day_name()), which names the school to the other desks and in the
 *   day files' names; %NULL while the day has no name.
 */
char *
acc_peer_server_dup_school_id (AccStore *store)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (ACC_IS_STORE (store), NULL);

  name = acc_peer_server_dup_day_name (store);
  return name != NULL ? acc_peer_discovery_dup_school_id (name) : NULL;
}
