/* acc-sync-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * One run is a chain of asynchronous HTTP exchanges on the thread that owns the engine (the
 * GTK main thread in the app); nothing on that thread waits on the network or on a bulk
 * write.
 *
 * Pull: GET /db (document count, for progress), then GET /db/_changes?style=all_docs&
 * include_docs=true from the checkpoint, one page at a time, read by AccChangesPage without
 * building its documents. A change whose only leaf is a live first revision comes whole with
 * the page, and goes to the worker as text, parsed as it is stored; the other revisions this
 * replica lacks (later generations, conflicts) are fetched with their history with POST
 * _bulk_get?revs=true, or, when the server does not have it, one GET ?open_revs=… per
 * document. Pages are written on a worker thread with its own connection, in one transaction
 * together with the checkpoint that covers them; the pages that arrive while it writes wait
 * for it together, so a killed process resumes after the last stored transaction and
 * receives at most two transactions again. The checkpoint is also written to
 * _local/<replication id> on the server, as the protocol asks; this replica trusts its own
 * copy, which is committed with the documents.
 *
 * Push: the outbox is the set of documents written here that the cloud has not confirmed.
 * POST _revs_diff says which of them the server lacks; POST _bulk_docs with new_edits=false
 * sends those, keeping their content-derived revisions, so sending twice is harmless. A
 * document the server refuses (forbidden, unauthorized, invalid) stays in the outbox, marked,
 * and is listed for review; it is never dropped. Publish sends every document held instead of
 * the outbox, after creating the database when it does not exist.
 *
 * Failures: transport errors, time-outs, 5xx and malformed answers end the run with a message
 * in words; a continuous engine tries again after an exponential back-off with jitter.
 *
 * Bounds: nothing a server answers keeps a run going or takes the desk down. Every answer is
 * read whole up to max_response, by acc_json_parse() (nesting bounded), and its members
 * through acc-sync-answers.c, which keeps only the documents asked for. Each request has a
 * deadline (three read time-outs, plus the longpoll's wait), so a slow endless answer ends
 * too. A pull ends after MAX_STALLED_PAGES pages in a row bring no change it has not read
 * (a server that ignores `since`), or after twice as many changes as the database holds
 * plus ten pages; a page whose documents the server does not all send is not stored, and its
 * checkpoint is not moved. Documents the store refuses (acc_document_check_received()) are
 * left out and said at the end of the run, which then fails with that message. A continuous
 * engine whose server answers a longpoll at once with nothing new waits longer each time.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "acc-json-text.h"
#include "acc-credentials.h"
#include "acc-document.h"
#include "acc-error.h"
#include "acc-sync-answers.h"
#include "acc-sync-engine.h"

#define PUSH_BATCH 500
#define DEFAULT_TIMEOUT_S 40
#define DEFAULT_MAX_RESPONSE (64 * 1024 * 1024)
#define LONGPOLL_MS 25000
#define MAX_BACKOFF_S 300
/* A request may take this many times the time-out for one read, in all: a server that sends
 * an endless answer slowly ends the run too. */
#define DEADLINE_FACTOR 3
/* Pages of changes in a row that bring nothing new before a pull gives up on the server. */
#define MAX_STALLED_PAGES 3
/* A checkpoint is opaque to a desk, but it is kept and sent back: a few hundred bytes on a
 * CouchDB cluster. */
#define MAX_SEQ_LENGTH 4096
/* A continuous engine whose server answers a longpoll at once waits this long, doubling up to
 * the last, rather than ask again at once. */
#define QUICK_RUN_PAUSE_MS 250
#define MAX_QUICK_RUN_PAUSE_MS 60000

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
  char          *replication_id;
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

G_DEFINE_FINAL_TYPE (AccSyncEngine, acc_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_LAST_SUCCESS,
  PROP_RECEIVED,
  PROP_SENT,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One run: what it does and where it is. */
typedef struct
{
  AccSyncEngine *self;
  AccSyncMode    mode;
  gboolean       longpoll;     /* Wait for changes once the pull is complete. */
  char          *since;        /* The pull checkpoint, as JSON. */
  char          *last_seq;     /* Of the batch being fetched. */
  char          *after_id;     /* Publish: where the next page starts. */
  GPtrArray     *docs;         /* Documents of the batch being fetched or sent. */
  GPtrArray     *texts;        /* More of the batch being fetched, as JSON text. */
  GPtrArray     *wanted;       /* Publish/fallback: what is still to fetch, as "id\nrev". */
  guint          wanted_next;
  char          *wanted_id;    /* Fallback: the document being fetched. */
  guint          batch_sent;
  guint          unconfirmed;  /* Push: batches the server neither took nor refused. */

  /* The pull fetches the next batch while the worker stores the last one. */
  char          *fetch_since;  /* Where the next _changes page starts. */
  gboolean       storing;      /* A batch is being written. */
  gpointer       queued;       /* A fetched batch waiting for the worker (StoreBatch). */
  GTask         *paused;       /* The fetching side, waiting for the worker. */
  gboolean       paused_at_end;
  gboolean       page_full;     /* The last page of changes had as many as were asked for. */
  gboolean       terms_waiting; /* The last batch left search terms for a later one. */
  gboolean       ended;        /* The run has failed or finished. */
  GTask         *final_task;   /* It failed while the worker wrote: the answer waits for it. */
  GError        *final_error;

  /* What keeps a run from going on for ever, whatever the server answers. */
  GHashTable    *asked;        /* The ids of the batch being fetched (a set). */
  GHashTable    *seen;         /* Hashes of the changes this run has read (a set). */
  guint          stalled;      /* Pages in a row that brought nothing new. */
  guint64        n_changes;    /* Changes read by this run. */
  gint64         n_server_docs;/* Documents and deletions the database holds, or -1. */

  /* What the server sent that was left out: said at the end of the run. */
  guint          n_refused;
  char          *refusal;
  guint          n_unasked;
  char          *server_reason; /* The reason of the last answer that was an error. */
} Run;

static void store_batch_free (gpointer batch);

static void
run_free (Run *run)
{
  g_assert (run->paused == NULL && run->final_task == NULL);
  g_clear_error (&run->final_error);
  g_clear_pointer (&run->queued, store_batch_free);
  g_free (run->fetch_since);
  g_clear_object (&run->self);
  g_free (run->since);
  g_free (run->last_seq);
  g_free (run->after_id);
  g_clear_pointer (&run->docs, g_ptr_array_unref);
  g_clear_pointer (&run->texts, g_ptr_array_unref);
  g_clear_pointer (&run->wanted, g_ptr_array_unref);
  g_free (run->wanted_id);
  g_clear_pointer (&run->asked, g_hash_table_unref);
  g_clear_pointer (&run->seen, g_hash_table_unref);
  g_free (run->refusal);
  g_free (run->server_reason);
  g_free (run);
}

/* State */

static void
set_state (AccSyncEngine *self,
           AccSyncState   state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (AccSyncEngine *self,
                const char    *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  acc_store_set_meta (self->store, "sync-last-error", message ? message : "", NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_counter (AccSyncEngine *self,
             guint         *field,
             guint          value,
             int            prop)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* GObject */

static void
acc_sync_engine_dispose (GObject *object)
{
  AccSyncEngine *self = (AccSyncEngine *)object;

  acc_sync_engine_stop (self);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->worker_store);

  G_OBJECT_CLASS (acc_sync_engine_parent_class)->dispose (object);
}

static void
acc_sync_engine_finalize (GObject *object)
{
  AccSyncEngine *self = (AccSyncEngine *)object;

  g_clear_pointer (&self->uri, g_uri_unref);
  g_free (self->url);
  g_free (self->authorization);
  g_free (self->session_login);
  g_free (self->replication_id);
  g_free (self->last_error);

  G_OBJECT_CLASS (acc_sync_engine_parent_class)->finalize (object);
}

static void
acc_sync_engine_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AccSyncEngine *self = ACC_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_LAST_SUCCESS:
      g_value_set_int64 (value, self->last_success);
      break;
    case PROP_RECEIVED:
      g_value_set_uint (value, self->received);
      break;
    case PROP_SENT:
      g_value_set_uint (value, self->sent);
      break;
    case PROP_TOTAL:
      g_value_set_uint (value, self->total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_sync_engine_class_init (AccSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = acc_sync_engine_dispose;
  object_class->finalize = acc_sync_engine_finalize;
  object_class->get_property = acc_sync_engine_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, ACC_SYNC_OFFLINE, ACC_SYNC_ONLINE, ACC_SYNC_OFFLINE,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAST_SUCCESS] =
    g_param_spec_int64 ("last-success", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RECEIVED] =
    g_param_spec_uint ("received", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SENT] =
    g_param_spec_uint ("sent", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TOTAL] =
    g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
acc_sync_engine_init (AccSyncEngine *self)
{
  self->max_response = DEFAULT_MAX_RESPONSE;
  self->timeout_s = DEFAULT_TIMEOUT_S;
  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT_S,
                                                 "idle-timeout", 60,
                                                 "user-agent", "Accueil/" PACKAGE_VERSION " ",
                                                 NULL);
  soup_session_add_feature_by_type (self->session, SOUP_TYPE_COOKIE_JAR);
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static char *
basic_authorization (const char *user,
                     const char *password)
{
  g_autofree char *pair = g_strdup_printf ("%s:%s", user, password ? password : "");
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

  return g_strconcat ("Basic ", encoded, NULL);
}

/* Basic authentication sends the credentials with every request; cookie authentication
 * sends them once per run to /_session, and the session cookie afterwards. */
static void
set_credentials (AccSyncEngine *self,
                 AccSyncFlags   flags,
                 const char    *user,
                 const char    *password)
{
  if (flags & ACC_SYNC_FLAGS_COOKIE_AUTH)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, user);
      json_builder_set_member_name (builder, "password");
      json_builder_add_string_value (builder, password ? password : "");
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      self->session_login = json_to_string (root, FALSE);
    }
  else
    self->authorization = basic_authorization (user, password);
}

/**
 * server_of:
 *
 * Returns: (transfer full): "scheme://host:port" of a database URL: what credentials are
 *   kept for.
 */
static char *
server_of (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), g_uri_get_host (uri), port);

  return g_strdup_printf ("%s://%s", g_uri_get_scheme (uri), g_uri_get_host (uri));
}

/**
 * acc_sync_engine_new:
 * @store: the day's replica
 * @url: the cloud database, "https://host/school-2026-12-26"; user and password may be given
 *   in it
 * @flags: %ACC_SYNC_FLAGS_ALLOW_INSECURE to allow plain http to another host
 * @error: where to say why the URL cannot be used
 *
 * Returns: (transfer full) (nullable): the engine, idle until run or started.
 */
AccSyncEngine *
acc_sync_engine_new (AccStore      *store,
                     const char    *url,
                     AccSyncFlags   flags,
                     GError       **error)
{
  g_autoptr(AccSyncEngine) self = NULL;
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *stored_success = NULL;
  g_autofree char *key = NULL;
  const char *scheme, *user, *password;

  g_return_val_if_fail (ACC_IS_STORE (store), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  parsed = g_uri_parse (url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, &local_error);
  scheme = parsed ? g_uri_get_scheme (parsed) : NULL;
  if (parsed == NULL || g_uri_get_host (parsed) == NULL ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("“%s” is not the address of a cloud database (http:// or https://)"), url);
      return NULL;
    }

  if (g_str_equal (scheme, "http") && !is_loopback (g_uri_get_host (parsed)) &&
      !(flags & ACC_SYNC_FLAGS_ALLOW_INSECURE))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("Plain http:// to %s would send the school’s data unencrypted: use "
                     "https://, or allow http explicitly"), g_uri_get_host (parsed));
      return NULL;
    }

  path = g_strdup (g_uri_get_path (parsed));
  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';
  if (*path == '\0')
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("“%s” names a server but no database: add /<school>-<YYYY-MM-DD>"), url);
      return NULL;
    }

  self = g_object_new (ACC_TYPE_SYNC_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->uri = g_uri_build (G_URI_FLAGS_ENCODED, scheme, NULL, g_uri_get_host (parsed),
                           g_uri_get_port (parsed), path, NULL, NULL);
  self->url = g_uri_to_string (self->uri);

  /* Compressed answers spare a slow network; from a server on this machine they only cost
   * both sides time. */
  if (is_loopback (g_uri_get_host (parsed)))
    soup_session_remove_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);

  /* Credentials in the URL win; else those kept for this server, if any. */
  user = g_uri_get_user (parsed);
  password = g_uri_get_password (parsed);
  if (user != NULL)
    {
      g_autofree char *plain_user = g_uri_unescape_string (user, NULL);
      g_autofree char *plain_password = password ? g_uri_unescape_string (password, NULL) : NULL;

      set_credentials (self, flags, plain_user, plain_password);
    }
  else
    {
      g_autofree char *server = server_of (self->uri);
      g_autofree char *kept_user = NULL, *kept_password = NULL;

      if (acc_credentials_lookup (server, &kept_user, &kept_password, &local_error))
        set_credentials (self, flags, kept_user, kept_password);
      else if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  /* Stable for this replica and this database, whatever the credentials. */
  key = g_strconcat ("accueil-pull\n", acc_store_get_device_id (store), "\n", self->url, NULL);
  self->replication_id = g_compute_checksum_for_string (G_CHECKSUM_MD5, key, -1);

  stored_success = acc_store_dup_meta (store, "sync-last-success");
  if (stored_success != NULL)
    self->last_success = g_ascii_strtoll (stored_success, NULL, 10);

  return g_steal_pointer (&self);
}

/* HTTP */

typedef void (*ResponseFunc) (Run *run, guint status, JsonNode *body, GTask *task);
/* For an answer read by its own reader: @data is the body as received. */
typedef void (*RawResponseFunc) (Run *run, guint status, GByteArray *data, GTask *task);

typedef struct
{
  GTask           *task;     /* The run's task. */
  ResponseFunc     func;
  RawResponseFunc  raw_func;
  SoupMessage     *message;
  GInputStream    *stream;
  GByteArray      *data;
  GCancellable    *cancellable; /* Cancelled with the run, or at the deadline. */
  GCancellable    *run_cancellable;
  gulong           cancelled_id;
  guint            deadline_source;
  guint            deadline_s;
  gboolean         timed_out;
} Request;

static void
request_free (Request *request)
{
  if (request->cancelled_id != 0)
    g_cancellable_disconnect (request->run_cancellable, request->cancelled_id);
  g_clear_object (&request->run_cancellable);
  g_clear_handle_id (&request->deadline_source, g_source_remove);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->task);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->data, g_byte_array_unref);
  g_free (request);
}

static Run *
task_run (GTask *task)
{
  return g_task_get_task_data (task);
}

/* Returns the run's task once, whichever side of the pull gets there first. */
static gboolean
end_run (GTask *task)
{
  Run *run = task_run (task);

  if (run->ended)
    {
      g_object_unref (task);
      return FALSE;
    }

  run->ended = TRUE;
  if (run->paused != NULL)
    g_clear_object (&run->paused);
  return TRUE;
}

/* Returns @error from the run, now or, while the worker still writes a batch, once it has
 * written it: a run is over when nothing it started still runs. */
static void
return_error (GTask  *task,
              GError *error)
{
  Run *run = task_run (task);

  if (run->storing)
    {
      run->final_task = task;
      run->final_error = error;
      return;
    }

  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
fail (GTask      *task,
      int         code,
      const char *message)
{
  if (!end_run (task))
    return;

  return_error (task, g_error_new_literal (ACC_ERROR, code, message));
}

static void
fail_transport (GTask        *task,
                const GError *error)
{
  AccSyncEngine *self = task_run (task)->self;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (end_run (task))
        return_error (task, g_error_copy (error));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    message = g_strdup_printf (_("The server at %s did not answer in time. Working offline; "
                                 "trying again later."), g_uri_get_host (self->uri));
  else
    message = g_strdup_printf (_("Cannot reach the server at %s (%s). Working offline; "
                                 "trying again later."), g_uri_get_host (self->uri),
                               error->message);

  fail (task, ACC_ERROR_FAILED, message);
}

static void
fail_status (GTask      *task,
             guint       status,
             const char *what)
{
  Run *run = task_run (task);
  AccSyncEngine *self = run->self;
  g_autofree char *message = NULL;

  if (status == 401 || status == 403)
    message = g_strdup_printf (_("The server refused this desk’s credentials (HTTP %u) while "
                                 "%s. Check the user and password in the preferences."),
                               status, what);
  else if (status == 404)
    message = g_strdup_printf (_("The database %s does not exist on the server."), self->url);
  else if (status >= 500)
    message = g_strdup_printf (_("The server failed (HTTP %u) while %s. Trying again later."),
                               status, what);
  else
    message = g_strdup_printf (_("The server answered HTTP %u while %s."), status, what);

  /* What the server said of it, in its own words. */
  if (run->server_reason != NULL)
    {
      g_autofree char *said = message;

      message = g_strdup_printf (_("%s The server says: “%s”"), said, run->server_reason);
    }

  fail (task, ACC_ERROR_FAILED, message);
}

/* @reason completes "The server's answer …" (acc_json_parse()). */
static void
fail_unreadable (GTask        *task,
                 guint         status,
                 const GError *reason)
{
  g_autofree char *message = NULL;

  /* An error page from a proxy is not JSON either: say what the status said. */
  if (status >= 400)
    {
      fail_status (task, status, _("talking to it"));
      return;
    }

  message = g_strdup_printf (_("The server sent an answer this desk does not read: %s. Nothing "
                               "was lost; trying again later."), reason->message);
  fail (task, ACC_ERROR_FAILED, message);
}

static void
fail_deadline (GTask *task,
               guint  deadline_s)
{
  AccSyncEngine *self = task_run (task)->self;
  g_autofree char *message = NULL;

  message = g_strdup_printf (_("The server at %s took more than %u seconds to send one answer. "
                               "Nothing was lost; trying again later."),
                             g_uri_get_host (self->uri), deadline_s);
  fail (task, ACC_ERROR_FAILED, message);
}

static void
finish_request (Request *request)
{
  Run *run = task_run (request->task);
  guint status = soup_message_get_status (request->message);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;

  /* The other side of the pull failed meanwhile. */
  if (run->ended)
    {
      request_free (request);
      return;
    }

  if (request->data->len > 0 && (request->raw_func == NULL || status >= 400))
    {
      /* Bounded: no answer makes the reader recurse or allocate without end. */
      body = acc_json_parse ((const char *) request->data->data, request->data->len, &error);
      if (body == NULL && request->raw_func == NULL)
        {
          fail_unreadable (g_object_ref (request->task), status, error);
          request_free (request);
          return;
        }
    }

  g_clear_pointer (&run->server_reason, g_free);
  if (status >= 400)
    run->server_reason = acc_answer_read_reason (body);

  if (request->raw_func != NULL)
    {
      request->raw_func (run, status, request->data, g_steal_pointer (&request->task));
      request_free (request);
      return;
    }

  request->func (run, status, body, g_steal_pointer (&request->task));
  request_free (request);
}

static void on_read (GObject *source, GAsyncResult *result, gpointer user_data);

static void
read_more (Request *request)
{
  g_input_stream_read_bytes_async (request->stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   request->cancellable, on_read, request);
}

/* The request failed to send or to read: the server was too slow, or the network failed. */
static void
fail_request (Request      *request,
              const GError *error)
{
  if (request->timed_out)
    fail_deadline (g_steal_pointer (&request->task), request->deadline_s);
  else
    fail_transport (g_steal_pointer (&request->task), error);
  request_free (request);
}

static gboolean
on_deadline (gpointer user_data)
{
  Request *request = user_data;

  request->deadline_source = 0;
  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_run_cancelled (GCancellable *run_cancellable,
                  GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              &error);

  if (bytes == NULL)
    {
      fail_request (request, error);
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      finish_request (request);
      return;
    }

  if (request->data->len + g_bytes_get_size (bytes) > task_run (request->task)->self->max_response)
    {
      fail (g_steal_pointer (&request->task), ACC_ERROR_FAILED,
            _("The server sent a far larger answer than expected; it was not read. Nothing "
              "was lost; trying again later."));
      request_free (request);
      return;
    }

  g_byte_array_append (request->data, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  read_more (request);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GError) error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL)
    {
      fail_request (request, error);
      return;
    }

  read_more (request);
}

/* Sends @method @path (relative to the database; "" is the database itself) with a JSON
 * @body, and calls @func with the parsed answer, or @raw_func with the answer as received.
 * @task passes to the function. */
static void
send_request (GTask           *task,
              const char      *method,
              const char      *path,
              const char      *query,
              JsonNode        *body,
              ResponseFunc     func,
              RawResponseFunc  raw_func)
{
  AccSyncEngine *self = task_run (task)->self;
  /* A path that starts with "//" is the server's, not the database's. */
  g_autofree char *full_path = g_str_has_prefix (path, "//")
                               ? g_strdup (path + 1)
                               : g_strconcat (g_uri_get_path (self->uri), path, NULL);
  g_autoptr(GUri) uri = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (self->uri), NULL,
                                     g_uri_get_host (self->uri), g_uri_get_port (self->uri),
                                     full_path, query, NULL);
  Request *req = g_new0 (Request, 1);
  SoupMessageHeaders *headers;

  req->task = task;
  req->func = func;
  req->raw_func = raw_func;
  req->data = g_byte_array_new ();
  req->cancellable = g_cancellable_new ();
  if (g_task_get_cancellable (task) != NULL)
    {
      req->run_cancellable = g_object_ref (g_task_get_cancellable (task));
      req->cancelled_id = g_cancellable_connect (req->run_cancellable,
                                                 G_CALLBACK (on_run_cancelled),
                                                 g_object_ref (req->cancellable),
                                                 g_object_unref);
    }
  /* A longpoll waits on the server before it answers. */
  req->deadline_s = self->timeout_s * DEADLINE_FACTOR +
                    (self->longpolling ? LONGPOLL_MS / 1000 : 0);
  req->deadline_source = g_timeout_add_seconds (req->deadline_s, on_deadline, req);
  req->message = soup_message_new_from_uri (method, uri);
  headers = soup_message_get_request_headers (req->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", self->authorization);

  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

      soup_message_set_request_body_from_bytes (req->message, "application/json", bytes);
    }

  soup_session_send_async (self->session, req->message, G_PRIORITY_DEFAULT,
                           req->cancellable, on_sent, req);
}

static void
request (GTask        *task,
         const char   *method,
         const char   *path,
         const char   *query,
         JsonNode     *body,
         ResponseFunc  func)
{
  send_request (task, method, path, query, body, func, NULL);
}

/* @reason completes "The server's answer …" (acc-sync-answers.c). */
static void
fail_malformed (GTask        *task,
                const GError *reason)
{
  g_autofree char *message = NULL;

  message = g_strdup_printf (_("The server’s answer %s: this desk does not understand it. "
                               "Nothing was lost; trying again later."), reason->message);
  fail (task, ACC_ERROR_FAILED, message);
}

/* The run's end */

static void
append_unasked (GString *message,
                guint    n_unasked)
{
  g_string_append_printf (message,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "The server sent %u document that was not asked for.",
                                       "The server sent %u documents that were not asked for.",
                                       n_unasked),
                          n_unasked);
}

/* What the server sent that this run left out, in words; NULL when it sent nothing amiss. */
static char *
describe_left_out (Run *run)
{
  g_autoptr(GString) message = NULL;

  if (run->n_refused == 0 && run->n_unasked == 0)
    return NULL;

  message = g_string_new (NULL);
  if (run->n_refused > 0)
    g_string_append_printf (message,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "The server sent %u document this desk refuses (%s).",
                                         "The server sent %u documents this desk refuses (the "
                                         "first: %s).", run->n_refused),
                            run->n_refused, run->refusal);
  if (run->n_unasked > 0)
    {
      if (message->len > 0)
        g_string_append_c (message, ' ');
      append_unasked (message, run->n_unasked);
    }
  g_string_append_c (message, ' ');
  g_string_append (message, _("They were left out; everything else was exchanged."));
  return g_string_free (g_steal_pointer (&message), FALSE);
}

static void
finish_run (GTask *task)
{
  Run *run = task_run (task);
  AccSyncEngine *self = run->self;
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *left_out = describe_left_out (run);

  if (!end_run (task))
    return;

  self->last_success = g_get_real_time () / G_USEC_PER_SEC;
  acc_store_set_meta (self->store, "sync-last-success", now, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUCCESS]);

  /* The exchange is complete, but a person should know what the server sent amiss. */
  if (left_out != NULL)
    {
      g_task_return_new_error (task, ACC_ERROR, ACC_ERROR_INVALID, "%s", left_out);
      g_object_unref (task);
      return;
    }

  set_last_error (self, NULL);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Push */

static void push_next (GTask *task);

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

  if (!acc_store_mark_sent (run->self->store, (const char * const *) ids->pdata,
                            (const char * const *) revs->pdata, ids->len, &error))
    g_warning ("Cannot mark documents as sent: %s", error->message);

  set_counter (run->self, &run->self->sent, run->self->sent + ids->len, PROP_SENT);
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
      fail_status (task, status, _("sending documents"));
      return;
    }

  /* Only an answer that lists what failed confirms the rest. */
  errors = acc_answer_read_bulk_docs (body, &error);
  if (errors == NULL)
    {
      fail_malformed (task, error);
      return;
    }

  for (guint i = 0; i < errors->len; i++)
    {
      AccDocError *doc_error = g_ptr_array_index (errors, i);
      const char *code = doc_error->error;

      g_hash_table_add (failed, doc_error->id);
      if (g_str_equal (code, "forbidden") || g_str_equal (code, "unauthorized") ||
          g_str_equal (code, "bad_request") || g_str_equal (code, "invalid"))
        {
          for (guint j = 0; j < run->docs->len; j++)
            {
              JsonObject *doc = g_ptr_array_index (run->docs, j);

              if (g_strcmp0 (acc_document_get_string (doc, "_id"), doc_error->id) == 0)
                acc_store_mark_refused (run->self->store, doc_error->id,
                                        acc_document_get_string (doc, "_rev"),
                                        doc_error->reason ? doc_error->reason : code, NULL);
            }
        }
    }

  mark_sent (run, run->docs, failed);
  push_next (task);
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
      fail_status (task, status, _("comparing documents"));
      return;
    }
  missing = acc_answer_read_revs_diff (body, &error);
  if (missing == NULL)
    {
      fail_malformed (task, error);
      return;
    }

  for (guint i = 0; i < run->docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (run->docs, i);
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
      push_next (task);
      return;
    }

  docs = json_array_new ();
  for (guint i = 0; i < send->len; i++)
    json_array_add_object_element (docs, json_object_ref (g_ptr_array_index (send, i)));
  request_body = json_object_new ();
  json_object_set_array_member (request_body, "docs", docs);
  json_object_set_boolean_member (request_body, "new_edits", FALSE);
  node = json_node_init_object (json_node_alloc (), request_body);

  g_ptr_array_unref (run->docs);
  run->docs = g_steal_pointer (&send);
  request (task, "POST", "/_bulk_docs", NULL, node, on_bulk_docs);
}

static void
push_next (GTask *task)
{
  Run *run = task_run (task);
  AccSyncEngine *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) diff = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  GPtrArray *docs;

  if (run->mode == ACC_SYNC_PUBLISH)
    {
      docs = acc_store_list_documents (self->store, run->after_id, PUSH_BATCH, &error);
      if (docs != NULL && docs->len > 0)
        {
          g_free (run->after_id);
          run->after_id = g_strdup (acc_document_get_string (g_ptr_array_index (docs, docs->len - 1), "_id"));
        }
    }
  else
    {
      docs = acc_store_list_outbox (self->store, PUSH_BATCH, &error);
      /* A batch the server neither took nor refused would come back forever. */
      if (docs != NULL && run->docs != NULL && docs->len > 0 && run->docs->len > 0 &&
          run->batch_sent == self->sent && run->unconfirmed++ > 2)
        {
          g_ptr_array_unref (docs);
          fail (task, ACC_ERROR_FAILED,
                _("The server keeps neither accepting nor refusing some documents. They stay "
                  "on this desk; trying again later."));
          return;
        }
      run->batch_sent = self->sent;
    }

  if (docs == NULL)
    {
      fail (task, ACC_ERROR_IO, error->message);
      return;
    }

  if (docs->len == 0)
    {
      g_ptr_array_unref (docs);
      finish_run (task);
      return;
    }

  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      JsonArray *revs = json_array_new ();

      json_array_add_string_element (revs, acc_document_get_string (doc, "_rev"));
      json_object_set_array_member (diff, acc_document_get_string (doc, "_id"), revs);
    }

  g_clear_pointer (&run->docs, g_ptr_array_unref);
  run->docs = docs;
  node = json_node_init_object (json_node_alloc (), diff);
  request (task, "POST", "/_revs_diff", NULL, node, on_revs_diff);
}

/* Pull */

static void pull_next (GTask *task);

typedef struct
{
  AccStore   *store;
  GPtrArray  *docs;
  GPtrArray  *texts; /* More documents, as JSON text. */
  char       *key;
  char       *seq;
  gboolean    more;  /* The server has more changes at once. */
  gboolean    back_to_back; /* It waited for the worker: the next page is likely here. */
  AccPutOutcome outcome;
} StoreBatch;

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

  if (!acc_store_put_batch (batch->store, (JsonObject **) batch->docs->pdata, batch->docs->len,
                            (const char * const *) batch->texts->pdata, batch->texts->len,
                            (batch->more ? ACC_PUT_MORE_COMING : 0) |
                              (batch->back_to_back ? ACC_PUT_BACK_TO_BACK : 0),
                            batch->key, batch->seq, &batch->outcome, &error))
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

  run->storing = FALSE;

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
      fail (task, ACC_ERROR_IO, error->message);
      return;
    }

  /* Facts from other desks move this desk's clock forward. */
  for (guint i = 0; i < batch->docs->len; i++)
    {
      const char *hlc = acc_document_get_string (g_ptr_array_index (batch->docs, i), "hlc");
      if (hlc != NULL)
        acc_clock_observe (acc_store_get_clock (self->store), hlc);
    }

  set_counter (self, &self->received, self->received + batch->outcome.n_new, PROP_RECEIVED);
  if (batch->outcome.n_refused > 0 && run->n_refused == 0)
    run->refusal = g_steal_pointer (&batch->outcome.refusal);
  run->n_refused += batch->outcome.n_refused;
  /* The last batch of a pull also wrote the search terms the others left. */
  if (batch->outcome.n_new > 0 || !batch->more)
    acc_store_emit_changed (self->store);

  g_free (run->since);
  run->since = g_strdup (batch->seq);

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

  paused = g_steal_pointer (&run->paused);
  if (run->queued != NULL)
    {
      launch_store (task, g_steal_pointer (&run->queued));
      if (paused != NULL)
        pull_next (paused);
      return;
    }

  g_object_unref (task);
  if (paused != NULL)
    {
      if (run->paused_at_end)
        write_remote_checkpoint (paused);
      else
        pull_next (paused);
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

  run->storing = TRUE;
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
          fail (task, ACC_ERROR_IO, error->message);
          return;
        }
    }

  batch = g_new0 (StoreBatch, 1);
  batch->store = self->worker_store;
  batch->docs = run->docs ? g_steal_pointer (&run->docs)
                          : g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  batch->texts = run->texts ? g_steal_pointer (&run->texts)
                            : g_ptr_array_new_with_free_func (g_free);
  batch->key = checkpoint_key (self);
  batch->seq = g_strdup (run->last_seq);
  batch->more = run->page_full;
  batch->back_to_back = run->page_full && run->storing;
  run->terms_waiting = batch->more;

  if (!run->storing)
    {
      launch_store (g_object_ref (task), batch);
      pull_next (task);
      return;
    }

  /* The worker is busy: the pages fetched meanwhile wait for it together, and it stores them
   * in one transaction, which costs less than one per page. */
  g_assert (run->paused == NULL);
  if (run->queued == NULL)
    run->queued = batch;
  else
    {
      StoreBatch *queued = run->queued;

      g_ptr_array_extend_and_steal (queued->docs, g_steal_pointer (&batch->docs));
      g_ptr_array_extend_and_steal (queued->texts, g_steal_pointer (&batch->texts));
      g_free (queued->seq);
      queued->seq = g_steal_pointer (&batch->seq);
      queued->more = batch->more;
      queued->back_to_back = batch->back_to_back;
      store_batch_free (batch);
    }

  if (((StoreBatch *) run->queued)->docs->len + ((StoreBatch *) run->queued)->texts->len +
      ACC_SYNC_PULL_BATCH > ACC_SYNC_STORE_MAX)
    run->paused = task;
  else
    pull_next (task);
}

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
          append_unasked (message, received->n_unasked);
        }
      g_string_append_c (message, ' ');
      g_string_append (message, _("What came before is stored; trying again later."));
      fail (task, ACC_ERROR_FAILED, message->str);
      return FALSE;
    }

  g_ptr_array_extend_and_steal (run->docs, g_steal_pointer (&received->docs));
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
      fail_status (task, status, _("receiving documents"));
      return;
    }

  received = acc_answer_read_open_revs (body, run->wanted_id, &error);
  if (received == NULL)
    {
      fail_malformed (task, error);
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

  if (run->wanted_next >= run->wanted->len)
    {
      store_batch (task);
      return;
    }

  parts = g_strsplit (g_ptr_array_index (run->wanted, run->wanted_next++), "\n", 2);
  g_free (run->wanted_id);
  run->wanted_id = g_strdup (parts[0]);
  escaped_id = g_uri_escape_string (parts[0], NULL, FALSE);
  revs = g_strdup_printf ("[\"%s\"]", parts[1]);
  escaped_revs = g_uri_escape_string (revs, NULL, FALSE);
  path = g_strconcat ("/", escaped_id, NULL);
  query = g_strconcat ("revs=true&latest=true&open_revs=", escaped_revs, NULL);
  request (task, "GET", path, query, NULL, on_open_revs);
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
      run->wanted_next = 0;
      fetch_one_by_one (task);
      return;
    }
  if (status != 200)
    {
      fail_status (task, status, _("receiving documents"));
      return;
    }

  received = acc_answer_read_bulk_get (body, run->asked, &error);
  if (received == NULL)
    {
      fail_malformed (task, error);
      return;
    }
  if (take_received (task, received))
    store_batch (task);
}


/* The protocol keeps the pull's checkpoint in _local/<replication id> on the server as well;
 * this replica trusts its own copy, committed with the documents, so a failure here is only
 * logged. */
static void
on_remote_checkpoint_put (Run      *run,
                          guint     status,
                          JsonNode *body,
                          GTask    *task)
{
  if (status != 201 && status != 200)
    g_debug ("The server did not keep the checkpoint (HTTP %u)", status);

  push_next (task);
}

static void
on_remote_checkpoint_get (Run      *run,
                          guint     status,
                          JsonNode *body,
                          GTask    *task)
{
  g_autofree char *rev = status == 200 ? acc_answer_read_rev (body) : NULL;
  g_autoptr(JsonObject) checkpoint = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) seq = run->since ? json_from_string (run->since, NULL) : NULL;
  g_autofree char *path = g_strconcat ("/_local/", run->self->replication_id, NULL);

  json_object_set_string_member (checkpoint, "_id", path + 1);
  if (rev != NULL)
    json_object_set_string_member (checkpoint, "_rev", rev);
  json_object_set_member (checkpoint, "last_seq",
                          seq ? g_steal_pointer (&seq) : json_node_init_int (json_node_alloc (), 0));
  json_object_set_string_member (checkpoint, "replicator", "Accueil " PACKAGE_VERSION);
  node = json_node_init_object (json_node_alloc (), checkpoint);

  request (task, "PUT", path, NULL, node, on_remote_checkpoint_put);
}

static void
write_remote_checkpoint (GTask *task)
{
  Run *run = task_run (task);
  g_autofree char *path = g_strconcat ("/_local/", run->self->replication_id, NULL);

  request (task, "GET", path, NULL, NULL, on_remote_checkpoint_get);
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
    if (g_hash_table_add (run->seen, change_key (g_ptr_array_index (page->changes, i))))
      news = TRUE;

  run->stalled = page->changes->len > 0 && !news ? run->stalled + 1 : 0;
  if (run->stalled >= MAX_STALLED_PAGES)
    {
      message = g_strdup_printf (_("The server keeps sending changes this desk has already "
                                   "received (%u pages in a row): it does not move past them. "
                                   "What was received is stored; trying again later."),
                                 run->stalled);
      fail (task, ACC_ERROR_FAILED, message);
      return FALSE;
    }

  run->n_changes += page->changes->len;
  bound = run->n_server_docs >= 0 ? 2 * (guint64) run->n_server_docs + 10 * ACC_SYNC_PULL_BATCH
                                  : G_MAXUINT64;
  if (run->n_changes > bound)
    {
      message = g_strdup_printf (_("The server sent %u changes for a database of %u documents: "
                                   "it does not stop. What was received is stored; trying "
                                   "again later."),
                                 (guint) MIN (run->n_changes, G_MAXUINT),
                                 (guint) MIN (run->n_server_docs, G_MAXUINT));
      fail (task, ACC_ERROR_FAILED, message);
      return FALSE;
    }

  return TRUE;
}

/* A page of the feed is read by its own reader (acc_changes_page_read()): the documents it
 * carries go to the worker as text. */
static void
on_changes (Run        *run,
            guint       status,
            GByteArray *data,
            GTask      *task)
{
  g_autoptr(AccChangesPage) page = NULL;
  g_autoptr(AccPagePlan) plan = NULL;
  g_autoptr(JsonArray) wanted = NULL;
  g_autoptr(JsonObject) request_body = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  run->self->longpolling = FALSE;
  if (status != 200)
    {
      fail_status (task, status, _("asking for changes"));
      return;
    }

  page = acc_changes_page_read ((const char *) data->data, data->len, &error);
  if (page == NULL)
    {
      fail_unreadable (task, status, error);
      return;
    }
  if (page->changes == NULL || page->last_seq == NULL || strlen (page->last_seq) > MAX_SEQ_LENGTH)
    {
      g_autoptr(GError) reason = NULL;

      g_set_error_literal (&reason, ACC_ERROR, ACC_ERROR_INVALID,
                           _("to a request for changes has no list of changes, or no usable "
                             "“last_seq”"));
      fail_malformed (task, reason);
      return;
    }

  if (!check_progress (task, page))
    return;

  g_free (run->last_seq);
  run->last_seq = g_steal_pointer (&page->last_seq);
  g_free (run->fetch_since);
  run->fetch_since = g_strdup (run->last_seq);

  run->page_full = page->changes->len >= ACC_SYNC_PULL_BATCH;

  /* A full page was the last: an empty batch writes the search terms left waiting. */
  if (page->changes->len == 0 && run->terms_waiting)
    {
      g_clear_pointer (&run->docs, g_ptr_array_unref);
      g_clear_pointer (&run->texts, g_ptr_array_unref);
      store_batch (task);
      return;
    }

  if (page->changes->len == 0)
    {
      /* Up to date (a longpoll answer without results timed out): once the worker has
       * stored everything, record the checkpoint on the server too, then send. */
      if (run->storing)
        {
          run->paused = task;
          run->paused_at_end = TRUE;
          return;
        }
      write_remote_checkpoint (task);
      return;
    }

  set_state (run->self, ACC_SYNC_SYNCING);
  plan = acc_page_plan_new (page, run->self->store);
  if (plan->n_refused > 0)
    {
      if (run->n_refused == 0)
        run->refusal = g_strdup (plan->refusal);
      run->n_refused += plan->n_refused;
    }

  g_clear_pointer (&run->docs, g_ptr_array_unref);
  run->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_clear_pointer (&run->texts, g_ptr_array_unref);
  run->texts = g_steal_pointer (&plan->texts);
  plan->texts = g_ptr_array_new ();
  g_clear_pointer (&run->wanted, g_ptr_array_unref);
  run->wanted = g_ptr_array_ref (plan->wanted);
  g_clear_pointer (&run->asked, g_hash_table_unref);
  run->asked = g_hash_table_ref (plan->asked);

  wanted = json_array_new ();
  for (guint i = 0; i < run->wanted->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (run->wanted, i), "\n", 2);
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
  request (task, "POST", "/_bulk_get", "revs=true&latest=true", node, on_bulk_get);
}

static void
pull_next (GTask *task)
{
  Run *run = task_run (task);
  gboolean longpoll = run->longpoll;
  g_autofree char *since = NULL, *escaped = NULL, *query = NULL;

  if (run->fetch_since == NULL && run->since != NULL)
    run->fetch_since = g_strdup (run->since);

  /* A string checkpoint goes into the query without its quotes. */
  if (run->fetch_since == NULL)
    since = g_strdup ("0");
  else if (run->fetch_since[0] == '"')
    {
      g_autoptr(JsonNode) node = json_from_string (run->fetch_since, NULL);
      since = g_strdup (node ? json_node_get_string (node) : "0");
    }
  else
    since = g_strdup (run->fetch_since);

  escaped = g_uri_escape_string (since, NULL, FALSE);

  /* A continuous engine waits on the server for the next change, once per run; it is up to
   * date meanwhile. */
  run->longpoll = FALSE;
  run->self->longpolling = longpoll;
  if (longpoll)
    set_state (run->self, ACC_SYNC_ONLINE);
  if (longpoll)
    query = g_strdup_printf ("style=all_docs&include_docs=true&feed=longpoll&timeout=%d"
                             "&since=%s&limit=%d", LONGPOLL_MS, escaped, ACC_SYNC_PULL_BATCH);
  else
    query = g_strdup_printf ("style=all_docs&include_docs=true&since=%s&limit=%d", escaped,
                             ACC_SYNC_PULL_BATCH);
  send_request (task, "GET", "/_changes", query, NULL, NULL, on_changes);
}

/* Start */

static void
on_database_created (Run      *run,
                     guint     status,
                     JsonNode *body,
                     GTask    *task)
{
  /* 412: someone created it in the meantime. */
  if (status != 201 && status != 202 && status != 412)
    {
      fail_status (task, status, _("creating the database"));
      return;
    }

  push_next (task);
}

static void
on_database_info (Run      *run,
                  guint     status,
                  JsonNode *body,
                  GTask    *task)
{
  g_autoptr(GError) error = NULL;
  gint64 doc_count, del_count;

  if (status == 404 && run->mode == ACC_SYNC_PUBLISH)
    {
      request (task, "PUT", "", NULL, NULL, on_database_created);
      return;
    }
  if (status != 200)
    {
      fail_status (task, status, _("opening the database"));
      return;
    }
  if (!acc_answer_read_database (body, &doc_count, &del_count, &error))
    {
      fail_malformed (task, error);
      return;
    }

  if (doc_count >= 0)
    {
      run->n_server_docs = doc_count + MIN (del_count, G_MAXINT64 - doc_count);
      set_counter (run->self, &run->self->total, (guint) MIN (doc_count, G_MAXUINT), PROP_TOTAL);
    }

  if (run->mode == ACC_SYNC_PUBLISH)
    push_next (task);
  else
    pull_next (task);
}

static void
on_session (Run      *run,
            guint     status,
            JsonNode *body,
            GTask    *task)
{
  if (status == 401 || status == 403)
    {
      fail (task, ACC_ERROR_FAILED,
            _("The server refused this desk’s user and password. Check them in the "
              "preferences."));
      return;
    }
  if (status != 200)
    {
      fail_status (task, status, _("signing in"));
      return;
    }

  request (task, "GET", "", NULL, NULL, on_database_info);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *outer = user_data;
  AccSyncEngine *self = ACC_SYNC_ENGINE (source);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Cancelled is not offline: a local change interrupted a wait, or the desk closed. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_last_error (self, error->message);
          set_state (self, ACC_SYNC_OFFLINE);
        }
      g_task_return_error (outer, error);
    }
  else
    {
      set_state (self, ACC_SYNC_ONLINE);
      g_task_return_boolean (outer, TRUE);
    }
  g_object_unref (outer);
}

static void
start_run (AccSyncEngine       *self,
           AccSyncMode          mode,
           gboolean             longpoll,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *outer, *inner;
  Run *run;
  g_autofree char *key = NULL;

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, acc_sync_engine_run_async);

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->mode = mode;
  run->longpoll = longpoll;
  run->seen = g_hash_table_new (NULL, NULL);
  run->n_server_docs = -1;
  key = checkpoint_key (self);
  run->since = acc_store_dup_meta (self->store, key);

  if (!longpoll)
    set_state (self, ACC_SYNC_SYNCING);
  inner = g_task_new (self, cancellable, on_run_done, outer);
  g_task_set_task_data (inner, run, (GDestroyNotify) run_free);
  if (self->session_login != NULL)
    {
      g_autoptr(JsonNode) login = json_from_string (self->session_login, NULL);
      request (inner, "POST", "//_session", NULL, login, on_session);
    }
  else
    request (inner, "GET", "", NULL, NULL, on_database_info);
}

/**
 * acc_sync_engine_run_async:
 * @mode: pull and push, or publish
 *
 * Exchanges documents once, until both sides are up to date.
 */
void
acc_sync_engine_run_async (AccSyncEngine       *self,
                           AccSyncMode          mode,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (ACC_IS_SYNC_ENGINE (self));

  start_run (self, mode, FALSE, cancellable, callback, user_data);
}

gboolean
acc_sync_engine_run_finish (AccSyncEngine  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (ACC_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Continuous */

static void schedule (AccSyncEngine *self, guint delay_ms);

static void
on_continuous_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AccSyncEngine *self = ACC_SYNC_ENGINE (source);
  g_autoptr(GError) error = NULL;

  self->longpolling = FALSE;
  g_clear_object (&self->run_cancellable);

  if (!acc_sync_engine_run_finish (self, result, &error))
    {
      guint backoff_s;

      self->up_to_date = FALSE;
      if (!self->running)
        return;

      /* A local change interrupted the wait for the server's: send it now. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          schedule (self, 0);
          return;
        }

      /* 1, 2, 4 … 300 s, each between half and one and a half times that. */
      backoff_s = MIN (MAX_BACKOFF_S, 1u << MIN (self->failures, 9u));
      self->failures++;
      schedule (self, (guint) (backoff_s * 1000 * g_random_double_range (0.5, 1.5)));
      return;
    }

  self->failures = 0;
  self->up_to_date = TRUE;
  if (!self->running)
    return;

  /* The next run waits on the server. One that answers a longpoll at once with nothing new
   * (a broken server, or a proxy that does not hold connections) would have the desk ask
   * again and again: it waits a little longer each time instead. */
  if (self->run_waits && self->received == self->run_received &&
      g_get_monotonic_time () - self->run_started < G_USEC_PER_SEC)
    self->quick_runs = MIN (self->quick_runs + 1, 16u);
  else
    self->quick_runs = 0;

  if (self->local_changes)
    schedule (self, 0);
  else if (self->quick_runs == 0)
    schedule (self, QUICK_RUN_PAUSE_MS);
  else
    schedule (self, MIN (MAX_QUICK_RUN_PAUSE_MS, QUICK_RUN_PAUSE_MS << self->quick_runs));
}

static gboolean
run_now (gpointer user_data)
{
  AccSyncEngine *self = user_data;

  self->retry_source = 0;
  /* Once up to date, each run starts by waiting on the server for its next change, unless
   * this desk has changes of its own to send. */
  self->run_cancellable = g_cancellable_new ();
  self->run_waits = self->up_to_date && !self->local_changes;
  self->run_started = g_get_monotonic_time ();
  self->run_received = self->received;
  start_run (self, ACC_SYNC_PULL_PUSH, self->run_waits, self->run_cancellable,
             on_continuous_done, NULL);
  self->local_changes = FALSE;
  return G_SOURCE_REMOVE;
}

static void
schedule (AccSyncEngine *self,
          guint          delay_ms)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add (delay_ms, run_now, self);
}

static void
on_store_changed (AccSyncEngine *self)
{
  /* Local writes go out at once: a run waiting for the server's changes is interrupted, a
   * run in progress picks them up in its push, a desk backing off keeps its pace. */
  self->local_changes = TRUE;
  if (self->longpolling && self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  else if (self->retry_source != 0 && self->failures == 0)
    schedule (self, 0);
}

/**
 * acc_sync_engine_start:
 *
 * Keeps exchanging documents until acc_sync_engine_stop(): every few seconds and soon after
 * each local change, backing off while the cloud cannot be reached.
 */
void
acc_sync_engine_start (AccSyncEngine *self)
{
  g_return_if_fail (ACC_IS_SYNC_ENGINE (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->changed_id = g_signal_connect_swapped (self->store, "changed",
                                               G_CALLBACK (on_store_changed), self);
  schedule (self, 0);
}

void
acc_sync_engine_stop (AccSyncEngine *self)
{
  g_return_if_fail (ACC_IS_SYNC_ENGINE (self));

  if (!self->running)
    return;

  self->running = FALSE;
  self->up_to_date = FALSE;
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->store);
}

/**
 * acc_sync_engine_set_limits:
 * @timeout_s: how long to wait for the server before giving up on a request; a whole answer
 *   may take three times as long
 * @max_response: the largest answer read, in bytes; a larger one is an error
 */
void
acc_sync_engine_set_limits (AccSyncEngine *self,
                            guint          timeout_s,
                            gsize          max_response)
{
  g_return_if_fail (ACC_IS_SYNC_ENGINE (self));
  g_return_if_fail (timeout_s > 0 && max_response > 0);

  g_object_set (self->session, "timeout", timeout_s, NULL);
  self->timeout_s = timeout_s;
  self->max_response = max_response;
}

AccSyncState
acc_sync_engine_get_state (AccSyncEngine *self)
{
  g_return_val_if_fail (ACC_IS_SYNC_ENGINE (self), ACC_SYNC_OFFLINE);
  return self->state;
}

const char *
acc_sync_engine_get_last_error (AccSyncEngine *self)
{
  g_return_val_if_fail (ACC_IS_SYNC_ENGINE (self), NULL);
  return self->last_error;
}

gint64
acc_sync_engine_get_last_success (AccSyncEngine *self)
{
  g_return_val_if_fail (ACC_IS_SYNC_ENGINE (self), 0);
  return self->last_success;
}

guint
acc_sync_engine_get_received (AccSyncEngine *self)
{
  g_return_val_if_fail (ACC_IS_SYNC_ENGINE (self), 0);
  return self->received;
}

guint
acc_sync_engine_get_sent (AccSyncEngine *self)
{
  g_return_val_if_fail (ACC_IS_SYNC_ENGINE (self), 0);
  return self->sent;
}

guint
acc_sync_engine_get_total (AccSyncEngine *self)
{
  g_return_val_if_fail (ACC_IS_SYNC_ENGINE (self), 0);
  return self->total;
}

/**
 * acc_sync_engine_is_receiving_day:
 *
 * Returns: whether a pull is under way that has received fewer documents than the cloud's
 *   database holds: the day is still arriving (a first pull).
 */
gboolean
acc_sync_engine_is_receiving_day (AccSyncEngine *self)
{
  g_return_val_if_fail (ACC_IS_SYNC_ENGINE (self), FALSE);
  return self->state == ACC_SYNC_SYNCING && self->total > 0 && self->received < self->total;
}

const char *
acc_sync_engine_get_url (AccSyncEngine *self)
{
  g_return_val_if_fail (ACC_IS_SYNC_ENGINE (self), NULL);
  return self->url;
}
