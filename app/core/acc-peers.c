/* acc-peers.c: the other desks of the school this desk replicates with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * Each other desk gets an AccSyncEngine of its own (ACC_SYNC_FLAGS_PEER), run continuously:
 * it pulls what that desk holds, waiting on it for the next change, sends it what waits here
 * for the cloud, and retries with backoff while it cannot be reached. Its checkpoint and the
 * time of its last exchange are kept in the day's store under its URL, so a desk that comes
 * back resumes where it stopped, and `accueil-cli status` can tell who was last heard of.
 *
 * The desks come from the preferences, the command line and, when followed, the network
 * (AccPeerDiscovery): all go through acc_peers_add(), keyed by URL, so a desk given twice,
 * by hand and by the network, is replicated with once.
 */
#define G_LOG_DOMAIN "accueil-peers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "acc-error.h"
#include "acc-peers.h"

/* The port a desk serves its days on unless told otherwise: CouchDB's port over TLS. */
#define DEFAULT_PORT 6984

struct _AccPeers
{
  GObject     parent_instance;

  AccStore   *store;
  char       *db_name;
  GHashTable *engines; /* URL → AccSyncEngine */
  AccPeerDiscovery *discovery;
};

G_DEFINE_FINAL_TYPE (AccPeers, acc_peers, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
acc_peer_exchange_free (AccPeerExchange *exchange)
{
  if (exchange == NULL)
    return;
  g_free (exchange->url);
  g_free (exchange->name);
  g_free (exchange->last_error);
  g_free (exchange);
}

/**
 * acc_peer_exchange_describe:
 *
 * Returns: (transfer full): one line on the exchange with another desk, for the desk's
 *   staff: “desk-2 (192.168.1.12:6984): last exchange 10:42”, or its problem when it does not
 *   answer; the desk by its address alone until its name is known.
 */
char *
acc_peer_exchange_describe (const AccPeerExchange *exchange)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *desk = NULL;

  g_return_val_if_fail (exchange != NULL, NULL);

  /* The desk as given: its host, and its port, which tells two desks of one host apart. */
  uri = g_uri_parse (exchange->url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    desk = g_strdup (exchange->url);
  else if (g_uri_get_port (uri) > 0)
    desk = g_strdup_printf (strchr (g_uri_get_host (uri), ':') ? "[%s]:%d" : "%s:%d",
                            g_uri_get_host (uri), g_uri_get_port (uri));
  else
    desk = g_strdup (g_uri_get_host (uri));
  if (exchange->name != NULL)
    {
      g_autofree char *address = g_steal_pointer (&desk);

      desk = g_strdup_printf ("%s (%s)", exchange->name, address);
    }

  if (!exchange->reachable && exchange->last_error != NULL)
    /* Translators: another desk that does not answer: its name or address, then why. */
    return g_strdup_printf (_("%1$s: not reachable. %2$s"), desk, exchange->last_error);

  if (exchange->last_exchange > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (exchange->last_exchange);
      g_autofree char *time = g_date_time_format (when, "%H:%M");

      /* Translators: another desk: its name or address, then the time of the last
       * exchange with it. */
      return g_strdup_printf (_("%1$s: last exchange %2$s"), desk, time);
    }

  /* Translators: another desk this desk has not exchanged with yet. */
  return g_strdup_printf (_("%s: no exchange yet"), desk);
}

static int
compare_exchanges (gconstpointer a,
                   gconstpointer b)
{
  const AccPeerExchange *x = *(AccPeerExchange * const *) a;
  const AccPeerExchange *y = *(AccPeerExchange * const *) b;

  return strcmp (x->url, y->url);
}

/* The exchange with @url in @exchanges, added when there is none. */
static AccPeerExchange *
exchange_for (GPtrArray  *exchanges,
              const char *url)
{
  AccPeerExchange *exchange;

  for (guint i = 0; i < exchanges->len; i++)
    {
      exchange = g_ptr_array_index (exchanges, i);
      if (g_str_equal (exchange->url, url))
        return exchange;
    }

  exchange = g_new0 (AccPeerExchange, 1);
  exchange->url = g_strdup (url);
  g_ptr_array_add (exchanges, exchange);
  return exchange;
}

/* Adds to @exchanges what the store recorded under the keys of @prefix. */
static gboolean
read_recorded (AccStore    *store,
               const char  *prefix,
               GPtrArray   *exchanges,
               GError     **error)
{
  g_auto(GStrv) keys = acc_store_list_meta_keys (store, prefix, error);

  if (keys == NULL)
    return FALSE;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *value = acc_store_dup_meta (store, keys[i]);
      AccPeerExchange *exchange = exchange_for (exchanges, keys[i] + strlen (prefix));

      if (value == NULL || *value == '\0')
        continue;
      if (g_str_equal (prefix, ACC_SYNC_PEER_EXCHANGE_KEY))
        exchange->last_exchange = g_ascii_strtoll (value, NULL, 10);
      else
        exchange->last_error = g_steal_pointer (&value);
    }
  return TRUE;
}

/**
 * acc_peers_list_recorded:
 * @store: a day's replica
 *
 * Returns: (transfer full) (element-type AccPeerExchange) (nullable): the other desks this
 *   replica exchanged with, or tried to, by URL, with the time of the last complete exchange
 *   and the last problem; %NULL with @error set when the store cannot be read.
 */
GPtrArray *
acc_peers_list_recorded (AccStore  *store,
                         GError   **error)
{
  g_autoptr(GPtrArray) exchanges = NULL;

  g_return_val_if_fail (ACC_IS_STORE (store), NULL);

  exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_peer_exchange_free);
  if (!read_recorded (store, ACC_SYNC_PEER_EXCHANGE_KEY, exchanges, error) ||
      !read_recorded (store, ACC_SYNC_PEER_ERROR_KEY, exchanges, error))
    return NULL;

  g_ptr_array_sort (exchanges, compare_exchanges);
  return g_steal_pointer (&exchanges);
}

/**
 * acc_peers_dup_url:
 * @address: another desk: "host", "host:port", "[IPv6]:port", or "https://host:port"
 *   ("http://" too, which the engine refuses but to this computer)
 * @db_name: the day's database, "<school>-<YYYY-MM-DD>"
 *
 * Returns: (transfer full) (nullable): the URL of the day's database on that desk,
 *   "https://host:port/<db_name>" (port 6984 when none is given); %NULL with @error set when
 *   @address names no desk.
 */
char *
acc_peers_dup_url (const char  *address,
                   const char  *db_name,
                   GError     **error)
{
  g_autofree char *with_scheme = NULL, *escaped = NULL, *path_of_day = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) day = NULL;
  const char *path;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (db_name != NULL, NULL);

  with_scheme = strstr (address, "://") ? g_strdup (address)
                                        : g_strconcat ("https://", address, NULL);
  uri = g_uri_parse (with_scheme, G_URI_FLAGS_ENCODED, NULL);
  path = uri ? g_uri_get_path (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "http") != 0) ||
      g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      (path != NULL && *path != '\0' && !g_str_equal (path, "/")))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("“%s” is not the address of a desk: give its name or IP address, and its "
                     "port if it is not %d (desk-2.local, 192.168.1.12:%d)"),
                   address, DEFAULT_PORT, DEFAULT_PORT);
      return NULL;
    }

  escaped = g_uri_escape_string (db_name, NULL, FALSE);
  path_of_day = g_strconcat ("/", escaped, NULL);
  day = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : DEFAULT_PORT,
                     path_of_day, NULL, NULL);
  return g_uri_to_string (day);
}

/* The object */

static void
on_engine_notify (AccSyncEngine *engine,
                  GParamSpec    *pspec,
                  AccPeers      *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
stop_engine (gpointer data)
{
  AccSyncEngine *engine = data;

  g_signal_handlers_disconnect_matched (engine, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                        on_engine_notify, NULL);
  acc_sync_engine_stop (engine);
  g_object_unref (engine);
}

/**
 * acc_peers_new:
 * @store: the day's replica
 * @db_name: the day's database, "<school>-<YYYY-MM-DD>", as every desk and the cloud call it
 *
 * Returns: (transfer full): the other desks of the school, none yet.
 */
AccPeers *
acc_peers_new (AccStore   *store,
               const char *db_name)
{
  AccPeers *self;

  g_return_val_if_fail (ACC_IS_STORE (store), NULL);
  g_return_val_if_fail (db_name != NULL, NULL);

  self = g_object_new (ACC_TYPE_PEERS, NULL);
  self->store = g_object_ref (store);
  self->db_name = g_strdup (db_name);
  return self;
}

/**
 * acc_peers_add:
 * @address: the other desk (acc_peers_dup_url())
 *
 * Starts replicating the day with another desk, continuously, until it is removed. A desk
 * given twice is replicated with once.
 *
 * Returns: %FALSE with @error set when @address names no desk.
 */
gboolean
acc_peers_add (AccPeers    *self,
               const char  *address,
               GError     **error)
{
  g_autofree char *url = NULL;
  AccSyncEngine *engine;

  g_return_val_if_fail (ACC_IS_PEERS (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  url = acc_peers_dup_url (address, self->db_name, error);
  if (url == NULL)
    return FALSE;
  if (g_hash_table_contains (self->engines, url))
    return TRUE;

  engine = acc_sync_engine_new (self->store, url, ACC_SYNC_FLAGS_PEER, error);
  if (engine == NULL)
    return FALSE;

  g_signal_connect (engine, "notify::state", G_CALLBACK (on_engine_notify), self);
  g_signal_connect (engine, "notify::last-success", G_CALLBACK (on_engine_notify), self);
  g_signal_connect (engine, "notify::last-error", G_CALLBACK (on_engine_notify), self);
  g_hash_table_insert (self->engines, g_steal_pointer (&url), engine);
  acc_sync_engine_start (engine);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * acc_peers_remove:
 * @address: a desk given to acc_peers_add()
 *
 * Stops replicating with it; what was received stays.
 */
void
acc_peers_remove (AccPeers   *self,
                  const char *address)
{
  g_autofree char *url = NULL;

  g_return_if_fail (ACC_IS_PEERS (self));
  g_return_if_fail (address != NULL);

  url = acc_peers_dup_url (address, self->db_name, NULL);
  if (url != NULL && g_hash_table_remove (self->engines, url))
    g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
engine_is_reachable (AccSyncEngine *engine)
{
  return acc_sync_engine_get_state (engine) != ACC_SYNC_OFFLINE;
}

/**
 * acc_peers_list:
 *
 * Returns: (transfer full) (element-type AccPeerExchange): the desks replicated with, by
 *   URL, and how the exchange with each goes.
 */
GPtrArray *
acc_peers_list (AccPeers *self)
{
  GPtrArray *exchanges;
  GHashTableIter iter;
  gpointer url, engine;

  g_return_val_if_fail (ACC_IS_PEERS (self), NULL);

  exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_peer_exchange_free);
  g_hash_table_iter_init (&iter, self->engines);
  while (g_hash_table_iter_next (&iter, &url, &engine))
    {
      AccPeerExchange *exchange = exchange_for (exchanges, url);

      exchange->reachable = engine_is_reachable (engine);
      exchange->last_exchange = acc_sync_engine_get_last_success (engine);
      exchange->last_error = g_strdup (acc_sync_engine_get_last_error (engine));
      exchange->name = g_strdup (acc_sync_engine_get_peer_name (engine));
    }
  g_ptr_array_sort (exchanges, compare_exchanges);
  return exchanges;
}

/**
 * acc_peers_get_n_reachable:
 *
 * Returns: how many of the desks replicated with answered the last exchange.
 */
guint
acc_peers_get_n_reachable (AccPeers *self)
{
  GHashTableIter iter;
  gpointer engine;
  guint n = 0;

  g_return_val_if_fail (ACC_IS_PEERS (self), 0);

  g_hash_table_iter_init (&iter, self->engines);
  while (g_hash_table_iter_next (&iter, NULL, &engine))
    n += engine_is_reachable (engine);
  return n;
}

/**
 * acc_peers_dup_summary:
 *
 * Returns: (transfer full) (nullable): how many of the other desks answer, in a few words
 *   for the header bar (“2 desks nearby”), or %NULL when no other desk is given.
 */
char *
acc_peers_dup_summary (AccPeers *self)
{
  guint n;

  g_return_val_if_fail (ACC_IS_PEERS (self), NULL);

  if (g_hash_table_size (self->engines) == 0)
    return NULL;

  n = acc_peers_get_n_reachable (self);
  if (n == 0)
    /* Translators: in the header bar: no other desk of the school answers. */
    return g_strdup (_("no desk nearby"));
  /* Translators: in the header bar: how many other desks of the school answer. */
  return g_strdup_printf (ngettext ("%u desk nearby", "%u desks nearby", n), n);
}

static void
on_peer_found (AccPeerDiscovery *discovery,
               const char       *address,
               AccPeers         *self)
{
  g_autoptr(GError) error = NULL;

  /* A desk already given by hand has the same URL, and acc_peers_add() keeps one. */
  if (!acc_peers_add (self, address, &error))
    g_debug ("Desk %s found on the network is not replicated with: %s",
             address, error->message);
}

static void
on_discovery_problem (AccPeers *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * acc_peers_follow_discovery:
 * @discovery: the discovery of the school's desks on the network
 *
 * Replicates the day with every desk @discovery finds, too. A desk lost stays: it may come
 * back, and its engine waits for it as for a desk given by hand.
 */
void
acc_peers_follow_discovery (AccPeers         *self,
                            AccPeerDiscovery *discovery)
{
  g_return_if_fail (ACC_IS_PEERS (self));
  g_return_if_fail (ACC_IS_PEER_DISCOVERY (discovery));

  if (self->discovery == discovery)
    return;

  if (self->discovery != NULL)
    g_signal_handlers_disconnect_by_data (self->discovery, self);
  g_set_object (&self->discovery, discovery);
  g_signal_connect_object (discovery, "peer-found", G_CALLBACK (on_peer_found), self, 0);
  g_signal_connect_object (discovery, "notify::problem", G_CALLBACK (on_discovery_problem),
                           self, G_CONNECT_SWAPPED);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * acc_peers_get_discovery_problem:
 *
 * Returns: (nullable): why the desks of the network are not found, for the details of the
 *   desk's state; %NULL when nothing prevents it or no discovery is followed.
 */
const char *
acc_peers_get_discovery_problem (AccPeers *self)
{
  g_return_val_if_fail (ACC_IS_PEERS (self), NULL);

  return self->discovery ? acc_peer_discovery_get_problem (self->discovery) : NULL;
}

static void
acc_peers_dispose (GObject *object)
{
  AccPeers *self = (AccPeers *)object;

  if (self->discovery != NULL)
    g_signal_handlers_disconnect_by_data (self->discovery, self);
  g_clear_object (&self->discovery);
  g_hash_table_remove_all (self->engines);

  G_OBJECT_CLASS (acc_peers_parent_class)->dispose (object);
}

static void
acc_peers_finalize (GObject *object)
{
  AccPeers *self = (AccPeers *)object;

  g_hash_table_unref (self->engines);
  g_clear_object (&self->store);
  g_free (self->db_name);

  G_OBJECT_CLASS (acc_peers_parent_class)->finalize (object);
}

static void
acc_peers_class_init (AccPeersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = acc_peers_dispose;
  object_class->finalize = acc_peers_finalize;

  /**
   * AccPeers::changed:
   *
   * A desk was added or removed, or the exchange with one moved on.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
acc_peers_init (AccPeers *self)
{
  self->engines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stop_engine);
}
