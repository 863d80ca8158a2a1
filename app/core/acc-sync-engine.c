/* acc-sync-engine.c: the replication engine, its state, the start of a run and continuous
 * scheduling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * One run is a chain of asynchronous HTTP exchanges on the thread that owns the engine (the
 * GTK main thread in the app); nothing on that thread waits on the network or on a bulk
 * write. It signs in (cookie authentication), reads the database's description (its
 * document count, for progress and for the pull's bounds; the pull's first request goes with
 * it, and is read after it), then pulls (acc-sync-pull.c) and
 * pushes (acc-sync-push.c); a publish creates the database when it does not exist and
 * pushes every document held. Its requests and failures are in acc-sync-http.c.
 *
 * A run's task is returned once, whichever of its sides ends it first; a run that fails while
 * the worker writes a batch answers once the batch is written, so that nothing it started
 * still runs. Documents the store refused and documents nobody asked for are left out and
 * said at the end of a run that otherwise succeeded, which then fails with that message.
 *
 * Continuous: a run after each local change, and once up to date each run starts by waiting
 * on the server (a longpoll), interrupted by a local change. A failed run is tried again
 * after an exponential back-off with jitter; a server that answers a longpoll at once with
 * nothing new is asked less and less often.
 */
#define G_LOG_DOMAIN "accueil-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "acc-credentials.h"
#include "acc-day-opening.h"
#include "acc-error.h"
#include "acc-pairing.h"
#include "acc-sync-answers.h"
#include "acc-sync-engine-private.h"

#define DEFAULT_TIMEOUT_S 40
#define DEFAULT_MAX_RESPONSE (64 * 1024 * 1024)
#define MAX_BACKOFF_S 300
/* A continuous engine whose server answers a longpoll at once waits this long, doubling up to
 * the last, rather than ask again at once. */
#define QUICK_RUN_PAUSE_MS 250
#define MAX_QUICK_RUN_PAUSE_MS 60000

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

/* State */

void
_acc_sync_engine_set_state (AccSyncEngine *self,
                            AccSyncState   state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* The store's meta key of what the engine records: @cloud_key for the cloud, whose last
 * exchange is the desk's; @peer_prefix and the URL for another desk, each its own. */
static char *
meta_key (AccSyncEngine *self,
          const char    *cloud_key,
          const char    *peer_prefix)
{
  return self->peer ? g_strconcat (peer_prefix, self->url, NULL) : g_strdup (cloud_key);
}

static void
set_last_error (AccSyncEngine *self,
                const char    *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_autofree char *key = meta_key (self, "sync-last-error", ACC_SYNC_PEER_ERROR_KEY);

  acc_store_set_meta (self->store, key, message ? message : "", NULL);
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

void
_acc_sync_engine_add_received (AccSyncEngine *self,
                               guint          n)
{
  set_counter (self, &self->received, self->received + n, PROP_RECEIVED);
}

void
_acc_sync_engine_add_sent (AccSyncEngine *self,
                           guint          n)
{
  set_counter (self, &self->sent, self->sent + n, PROP_SENT);
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
  g_free (self->peer_authorization);
  g_free (self->peer_name);
  g_clear_error (&self->peer_refusal);
  g_free (self->replication_id);
  g_free (self->checkpoint_rev);
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
 * @flags: %ACC_SYNC_FLAGS_ALLOW_INSECURE to allow plain http to another host,
 *   %ACC_SYNC_FLAGS_PEER when @url is another desk
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
  g_autofree char *success_key = NULL;
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
  self->peer = (flags & ACC_SYNC_FLAGS_PEER) != 0;
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

  /* A peer desk (https with a pinned certificate: acc-sync-http.c) is sent the school's
   * pairing secret when nothing else is set; a server with a certificate that validates
   * never sees it. */
  if (self->authorization == NULL && self->session_login == NULL && g_str_equal (scheme, "https"))
    {
      g_autofree char *secret = NULL;

      if (acc_pairing_lookup_secret (&secret, &local_error))
        self->peer_authorization = basic_authorization (g_get_host_name (), secret);
      else if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  /* Stable for this replica and this database, whatever the credentials. */
  key = g_strconcat ("accueil-pull\n", acc_store_get_device_id (store), "\n", self->url, NULL);
  self->replication_id = g_compute_checksum_for_string (G_CHECKSUM_MD5, key, -1);

  success_key = meta_key (self, "sync-last-success", ACC_SYNC_PEER_EXCHANGE_KEY);
  stored_success = acc_store_dup_meta (store, success_key);
  if (stored_success != NULL)
    self->last_success = g_ascii_strtoll (stored_success, NULL, 10);

  return g_steal_pointer (&self);
}

/* The run's end */

static void
run_free (Run *run)
{
  g_assert (run->pull.paused == NULL && run->pull.answer == NULL && run->final_task == NULL);
  g_clear_error (&run->final_error);
  _acc_sync_pull_clear (&run->pull);
  _acc_sync_push_clear (&run->push);
  g_clear_object (&run->self);
  g_free (run->refusal);
  g_free (run->server_reason);
  g_free (run);
}

/* Returns the run's task once, whichever side of the pull gets there first. */
gboolean
_acc_sync_run_end (GTask *task)
{
  Run *run = task_run (task);

  if (run->ended)
    {
      g_object_unref (task);
      return FALSE;
    }

  run->ended = TRUE;
  _acc_sync_pull_stop (&run->pull);
  return TRUE;
}

/* Returns @error from the run, now or, while the worker still writes a batch, once it has
 * written it: a run is over when nothing it started still runs. */
void
_acc_sync_run_return_error (GTask  *task,
                            GError *error)
{
  Run *run = task_run (task);

  if (run->pull.storing)
    {
      run->final_task = task;
      run->final_error = error;
      return;
    }

  g_task_return_error (task, error);
  g_object_unref (task);
}

void
_acc_sync_append_unasked (GString *message,
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
      _acc_sync_append_unasked (message, run->n_unasked);
    }
  g_string_append_c (message, ' ');
  g_string_append (message, _("They were left out; everything else was exchanged."));
  return g_string_free (g_steal_pointer (&message), FALSE);
}

void
_acc_sync_run_finish (GTask *task)
{
  Run *run = task_run (task);
  AccSyncEngine *self = run->self;
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *left_out = describe_left_out (run);
  g_autofree char *success_key = NULL;

  if (!_acc_sync_run_end (task))
    return;

  self->last_success = g_get_real_time () / G_USEC_PER_SEC;
  success_key = meta_key (self, "sync-last-success", ACC_SYNC_PEER_EXCHANGE_KEY);
  acc_store_set_meta (self->store, success_key, now, NULL);
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

/* The run's start */

static void
on_database_created (Run      *run,
                     guint     status,
                     JsonNode *body,
                     GTask    *task)
{
  /* 412: someone created it in the meantime. */
  if (status != 201 && status != 202 && status != 412)
    {
      _acc_sync_fail_status (task, status, _("creating the database"));
      return;
    }

  _acc_sync_push_next (task);
}

/* Whether the store's day was opened at a desk (AccDayOpening), which the cloud never had:
 * its database is made on the cloud, as publish would, when it is missing. */
static gboolean
day_opened_here (AccSyncEngine *self)
{
  g_autofree char *source = acc_store_dup_meta (self->store, ACC_DAY_OPENED_FROM_KEY);

  return !self->peer && source != NULL;
}

static void
on_database_info (Run      *run,
                  guint     status,
                  JsonNode *body,
                  GTask    *task)
{
  g_autoptr(GError) error = NULL;
  gint64 doc_count, del_count;

  if (status == 404 && (run->mode == ACC_SYNC_PUBLISH || day_opened_here (run->self)))
    {
      _acc_sync_request (task, "PUT", "", NULL, NULL, on_database_created);
      return;
    }
  if (status != 200)
    {
      _acc_sync_fail_status (task, status, _("opening the database"));
      return;
    }
  if (!acc_answer_read_database (body, &doc_count, &del_count, &error))
    {
      _acc_sync_fail_malformed (task, error);
      return;
    }

  if (doc_count >= 0)
    {
      run->pull.n_server_docs = doc_count + MIN (del_count, G_MAXINT64 - doc_count);
      set_counter (run->self, &run->self->total, (guint) MIN (doc_count, G_MAXUINT), PROP_TOTAL);
    }

  if (run->mode == ACC_SYNC_PUBLISH)
    _acc_sync_push_next (task);
  else
    _acc_sync_pull_next (task);
}

/* GET /db, and for a pull its first answer of changes at the same time, read after it. */
static void
open_database (GTask *task)
{
  Run *run = task_run (task);

  _acc_sync_request (task, "GET", "", NULL, NULL, on_database_info);
  /* A day opened here may be missing on the cloud: its changes are asked for once the
   * database is known to be there. */
  if (run->mode != ACC_SYNC_PUBLISH && !day_opened_here (run->self))
    _acc_sync_pull_start (g_object_ref (task));
}

static void
on_session (Run      *run,
            guint     status,
            JsonNode *body,
            GTask    *task)
{
  if (status == 401 || status == 403)
    {
      _acc_sync_fail (task, ACC_ERROR_FAILED,
                      _("The server refused this desk’s user and password. Check them in the "
                        "preferences."));
      return;
    }
  if (status != 200)
    {
      _acc_sync_fail_status (task, status, _("signing in"));
      return;
    }

  open_database (task);
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
          _acc_sync_engine_set_state (self, ACC_SYNC_OFFLINE);
        }
      g_task_return_error (outer, error);
    }
  else
    {
      _acc_sync_engine_set_state (self, ACC_SYNC_ONLINE);
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

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, acc_sync_engine_run_async);

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->mode = mode;
  _acc_sync_pull_init (&run->pull, self, longpoll);

  if (!longpoll)
    _acc_sync_engine_set_state (self, ACC_SYNC_SYNCING);
  inner = g_task_new (self, cancellable, on_run_done, outer);
  g_task_set_task_data (inner, run, (GDestroyNotify) run_free);
  if (self->session_login != NULL)
    {
      g_autoptr(JsonNode) login = json_from_string (self->session_login, NULL);
      _acc_sync_request (inner, "POST", "//_session", NULL, login, on_session);
    }
  else
    open_database (inner);
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

/**
 * acc_sync_engine_set_tls_database:
 * @database: (nullable): the certificates to trust; %NULL: the system's
 *
 * Trusts the certificates of @database instead of the system's, as a desk does with the
 * certificate of a peer desk it has paired with (tests use a fixture's).
 */
void
acc_sync_engine_set_tls_database (AccSyncEngine *self,
                                  GTlsDatabase  *database)
{
  g_return_if_fail (ACC_IS_SYNC_ENGINE (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  soup_session_set_tls_database (self->session, database);
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

/**
 * acc_sync_engine_get_peer_name:
 *
 * Returns: (nullable): the name of the desk at the engine's URL, as pinned, once its
 *   certificate was accepted; %NULL for the cloud, or before the first contact.
 */
const char *
acc_sync_engine_get_peer_name (AccSyncEngine *self)
{
  g_return_val_if_fail (ACC_IS_SYNC_ENGINE (self), NULL);
  return self->peer_name;
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
