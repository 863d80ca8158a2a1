/* acc-sync-http.c: the engine's requests, their deadlines, and how a run fails
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * A request is one asynchronous exchange on the thread that owns the engine. Nothing a server
 * answers keeps a run going or takes the desk down: every answer is read whole up to
 * max_response, then parsed by acc_json_parse() (nesting bounded), or handed as received to
 * its own reader; its members are read through acc-sync-answers.c, which keeps only the
 * documents asked for. Each request has a deadline (three read time-outs, plus the longpoll's
 * wait), so a slow endless answer ends too.
 *
 * An answer of _changes is streamed instead (_acc_sync_stream_request()): its reader gets it
 * as it arrives, and holds the request (nothing more is read) while the desk cannot take
 * more; it bounds what it holds by max_response. There the deadline bounds the time the
 * server takes to send what the desk waits for: it starts again with each page the reader
 * cuts off, and stops while the request is held.
 *
 * Failures: transport errors, time-outs, 5xx and malformed answers end the run with a message
 * in words, with the server's own reason when it gave one. A run's task is returned once,
 * whichever of its sides fails first; while the worker still writes a batch, the answer waits
 * for it (acc-sync-engine.c).
 */
#define G_LOG_DOMAIN "accueil-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "acc-error.h"
#include "acc-json-text.h"
#include "acc-peer-pins.h"
#include "acc-sync-answers.h"
#include "acc-sync-engine-private.h"

/* A request may take this many times the time-out for one read, in all: a server that sends
 * an endless answer slowly ends the run too. */
#define DEADLINE_FACTOR 3

/* Failures: each ends the run, once, with a message in words. */

void
_acc_sync_fail (GTask      *task,
                int         code,
                const char *message)
{
  if (!_acc_sync_run_end (task))
    return;

  _acc_sync_run_return_error (task, g_error_new_literal (ACC_ERROR, code, message));
}

static void
fail_transport (GTask        *task,
                const GError *error)
{
  AccSyncEngine *self = task_run (task)->self;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (_acc_sync_run_end (task))
        _acc_sync_run_return_error (task, g_error_copy (error));
      return;
    }

  /* A peer desk's certificate that its pin refused: say so, naming the desk. */
  if (error->domain == G_TLS_ERROR && self->peer_refusal != NULL)
    {
      g_autoptr(GError) refusal = g_steal_pointer (&self->peer_refusal);

      _acc_sync_fail (task, ACC_ERROR_FAILED, refusal->message);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    message = g_strdup_printf (_("The server at %s did not answer in time. Working offline; "
                                 "trying again later."), g_uri_get_host (self->uri));
  else
    message = g_strdup_printf (_("Cannot reach the server at %s (%s). Working offline; "
                                 "trying again later."), g_uri_get_host (self->uri),
                               error->message);

  _acc_sync_fail (task, ACC_ERROR_FAILED, message);
}

void
_acc_sync_fail_status (GTask      *task,
                       guint       status,
                       const char *what)
{
  Run *run = task_run (task);
  AccSyncEngine *self = run->self;
  g_autofree char *message = NULL;

  if ((status == 401 || status == 403) && self->peer && self->authorization == NULL &&
      self->peer_authorization == NULL)
    message = g_strdup_printf (_("The desk “%s” asks for the school’s pairing secret (HTTP %u) "
                                 "while %s, and this desk has none. Give it the school’s "
                                 "pairing secret (accueil-cli pair)."), self->peer_name, status,
                               what);
  else if ((status == 401 || status == 403) && self->peer && self->authorization == NULL)
    message = g_strdup_printf (_("The desk “%s” refused this desk’s pairing secret (HTTP %u) "
                                 "while %s. Give this desk the school’s pairing secret again "
                                 "(accueil-cli pair)."), self->peer_name, status, what);
  else if (status == 401 || status == 403)
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

  /* A missing database is said apart: a day the cloud has not made yet is no failure. */
  _acc_sync_fail (task, status == 404 ? ACC_ERROR_NOT_FOUND : ACC_ERROR_FAILED, message);
}

/* @reason completes "The server's answer …" (acc_json_parse()). */
void
_acc_sync_fail_unreadable (GTask        *task,
                           guint         status,
                           const GError *reason)
{
  g_autofree char *message = NULL;

  /* An error page from a proxy is not JSON either: say what the status said. */
  if (status >= 400)
    {
      _acc_sync_fail_status (task, status, _("talking to it"));
      return;
    }

  message = g_strdup_printf (_("The server sent an answer this desk does not read: %s. Nothing "
                               "was lost; trying again later."), reason->message);
  _acc_sync_fail (task, ACC_ERROR_FAILED, message);
}

/* @reason completes "The server's answer …" (acc-sync-answers.c). */
void
_acc_sync_fail_malformed (GTask        *task,
                          const GError *reason)
{
  g_autofree char *message = NULL;

  message = g_strdup_printf (_("The server’s answer %s: this desk does not understand it. "
                               "Nothing was lost; trying again later."), reason->message);
  _acc_sync_fail (task, ACC_ERROR_FAILED, message);
}

void
_acc_sync_fail_too_large (GTask *task)
{
  _acc_sync_fail (task, ACC_ERROR_FAILED,
                  _("The server sent a far larger answer than expected; it was not read. "
                    "Nothing was lost; trying again later."));
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
  _acc_sync_fail (task, ACC_ERROR_FAILED, message);
}

/* Requests */

struct _Request
{
  GTask           *task;     /* The run's task. */
  ResponseFunc     func;
  RawResponseFunc  raw_func;
  ChunkFunc        chunk_func;
  Request        **slot;     /* Where the caller keeps the request, cleared when it ends. */
  gboolean         streaming; /* A 200 answer goes to chunk_func as it arrives. */
  gboolean         held;     /* It waits for _acc_sync_request_resume(). */
  SoupMessage     *message;
  GInputStream    *stream;
  GByteArray      *data;
  GCancellable    *cancellable; /* Cancelled with the run, or at the deadline. */
  GCancellable    *run_cancellable;
  gulong           cancelled_id;
  guint            deadline_source;
  guint            deadline_s;
  gboolean         timed_out;
};

/* The caller no longer hears of the request. */
static void
request_detach (Request *request)
{
  if (request->slot != NULL)
    *request->slot = NULL;
  request->slot = NULL;
}

static void
request_free (Request *request)
{
  request_detach (request);
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

static void
finish_request (Request *request)
{
  Run *run = task_run (request->task);
  guint status = soup_message_get_status (request->message);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;

  request_detach (request);

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
          _acc_sync_fail_unreadable (g_object_ref (request->task), status, error);
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
  request_detach (request);
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
restart_deadline (Request *request)
{
  g_clear_handle_id (&request->deadline_source, g_source_remove);
  request->deadline_source = g_timeout_add_seconds (request->deadline_s, on_deadline, request);
}

/* A part of an answer read as it arrives: its reader says whether to read on at once. */
static void
read_streamed (Request *request,
               GBytes  *bytes)
{
  Run *run = task_run (request->task);
  gboolean more;

  if (!run->ended)
    {
      more = request->chunk_func (run, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  request->task);
      if (!run->ended)
        {
          if (more)
            read_more (request);
          else
            {
              /* Waiting on the desk is no time the server takes. */
              request->held = TRUE;
              g_clear_handle_id (&request->deadline_source, g_source_remove);
            }
          return;
        }
    }

  /* The run failed, here or on its other side. */
  request_free (request);
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

  if (request->streaming)
    {
      read_streamed (request, bytes);
      return;
    }

  if (request->data->len + g_bytes_get_size (bytes) > task_run (request->task)->self->max_response)
    {
      request_detach (request);
      _acc_sync_fail_too_large (g_steal_pointer (&request->task));
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

  /* Any other answer is read whole, for what it says. */
  request->streaming = request->chunk_func != NULL &&
                       soup_message_get_status (request->message) == 200;
  if (request->held)
    {
      g_clear_handle_id (&request->deadline_source, g_source_remove);
      return;
    }
  read_more (request);
}

/* A certificate the usual validation refused: a peer desk's, accepted through its pin. The
 * first request on a new connection learns only now that it goes to a peer: it gets the
 * pairing secret here, before its headers are sent (they follow the handshake). */
static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       AccSyncEngine        *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  int port = g_uri_get_port (self->uri);

  if (!acc_peer_pins_accept (g_uri_get_host (self->uri), port > 0 ? port : 443, certificate,
                             errors, &name, &error))
    {
      g_clear_error (&self->peer_refusal);
      self->peer_refusal = g_steal_pointer (&error);
      return FALSE;
    }

  self->peer = TRUE;
  g_free (self->peer_name);
  self->peer_name = g_steal_pointer (&name);
  if (self->authorization == NULL && self->peer_authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                  self->peer_authorization);
  return TRUE;
}

static Request *
start_request (GTask           *task,
               const char      *method,
               const char      *path,
               const char      *query,
               JsonNode        *body,
               ResponseFunc     func,
               RawResponseFunc  raw_func,
               ChunkFunc        chunk_func)
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
  req->chunk_func = chunk_func;
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
  else if (self->peer && self->peer_authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", self->peer_authorization);
  g_signal_connect_object (req->message, "accept-certificate",
                           G_CALLBACK (on_accept_certificate), self, G_CONNECT_DEFAULT);

  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

      soup_message_set_request_body_from_bytes (req->message, "application/json", bytes);
    }

  soup_session_send_async (self->session, req->message, G_PRIORITY_DEFAULT,
                           req->cancellable, on_sent, req);
  return req;
}

/**
 * _acc_sync_stream_request:
 * @held: read nothing of the answer but its headers before _acc_sync_request_resume()
 * @slot: where the caller keeps the request: set, and cleared when the request ends
 *
 * Sends GET @path and hands a 200 answer to @chunk_func as it arrives, then calls @end_func
 * with an empty body; any other answer goes whole to @end_func. The request keeps @task until
 * it ends, and passes it to @end_func; @chunk_func borrows it. The deadline bounds the time
 * the server takes to send what the desk waits for: it starts again with
 * _acc_sync_request_restart_deadline(), and does not run while the request is held.
 */
void
_acc_sync_stream_request (GTask            *task,
                          const char       *path,
                          const char       *query,
                          ChunkFunc         chunk_func,
                          RawResponseFunc   end_func,
                          gboolean          held,
                          Request         **slot)
{
  Request *request = start_request (task, "GET", path, query, NULL, NULL, end_func, chunk_func);

  request->held = held;
  request->slot = slot;
  *slot = request;
}

/* Reads on after @chunk_func returned FALSE, or the request was sent held. */
void
_acc_sync_request_resume (Request *request)
{
  g_assert (request->held);

  request->held = FALSE;
  /* Before its headers: on_sent() reads. */
  if (request->stream == NULL)
    return;
  restart_deadline (request);
  read_more (request);
}

/* The caller keeps the request in @slot from now on. */
void
_acc_sync_request_set_slot (Request  *request,
                            Request **slot)
{
  request->slot = slot;
}

/* The server sent what the desk waited for: the deadline starts again. */
void
_acc_sync_request_restart_deadline (Request *request)
{
  if (!request->held)
    restart_deadline (request);
}

/* The run ended: a held request ends now, another once what it waits for returns. */
void
_acc_sync_request_drop (Request *request)
{
  if (request->held && request->stream != NULL)
    {
      request_free (request);
      return;
    }

  request_detach (request);
  g_cancellable_cancel (request->cancellable);
}

/* Sends @method @path (relative to the database; "" is the database itself) with a JSON
 * @body, and calls @func with the parsed answer. @task passes to the function. */
void
_acc_sync_request (GTask        *task,
                   const char   *method,
                   const char   *path,
                   const char   *query,
                   JsonNode     *body,
                   ResponseFunc  func)
{
  start_request (task, method, path, query, body, func, NULL, NULL);
}
