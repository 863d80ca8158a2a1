/* acc-peer-listener.c: the TLS connections other desks open to a serving desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * AccPeerListener accepts the TCP connections of the school's network and runs their TLS
 * handshakes itself, then hands each established connection to the HTTP server
 * (AccPeerListener::connected). It does so, rather than let SoupServer listen, for three
 * reasons a desk on a shared network needs:
 *
 * - a handshake is bounded in time: a client that connects and says nothing is dropped after
 *   a few seconds instead of holding a connection for good;
 * - connections are bounded in number, handshakes in progress more tightly still: past the
 *   bound a connection is closed at once, so a broken or hostile client cannot exhaust the
 *   desk's file descriptors or threads (each handshake runs in a thread of GIO's pool);
 * - stopping never waits for a peer: a handshake under way is cancelled, whereas closing its
 *   connection synchronously would wait for the handshake to finish, which a client that
 *   stopped talking, or one served by this very thread, never lets happen.
 *
 * Connections are counted from their acceptance to the moment their socket is freed, by
 * whichever thread drops it last: the count is shared with them and changed atomically.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include "acc-peer-listener.h"

/* Handshakes under way at once: each holds a thread of GIO's pool while it lasts. */
#define MAX_HANDSHAKES 16

typedef struct
{
  int live;
} Count;

typedef struct
{
  AccPeerListener   *listener;  /* NULL once the listener stopped. */
  GSocketConnection *base;
  GTlsConnection    *tls;
  GCancellable      *cancellable;
  guint              timeout_id;
} Handshake;

struct _AccPeerListener
{
  GObject          parent_instance;

  GTlsCertificate *certificate;
  GSocketService  *service;
  guint            port;
  GPtrArray       *handshakes;   /* Handshake, not owned: each frees itself when it ends. */
  Count           *count;        /* Shared with the connections. */
  guint            max_connections;
  guint            handshake_timeout_ms;
};

G_DEFINE_FINAL_TYPE (AccPeerListener, acc_peer_listener, G_TYPE_OBJECT)

enum {
  CONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
forget_connection (gpointer data)
{
  Count *count = data;

  g_atomic_int_add (&count->live, -1);
  g_atomic_rc_box_release (count);
}

static void
handshake_free (Handshake *hs)
{
  g_clear_handle_id (&hs->timeout_id, g_source_remove);
  g_clear_object (&hs->tls);
  g_clear_object (&hs->base);
  g_clear_object (&hs->cancellable);
  g_free (hs);
}

static gboolean
on_handshake_timeout (gpointer data)
{
  Handshake *hs = data;

  hs->timeout_id = 0;
  g_debug ("A desk's TLS handshake took too long: dropping its connection");
  g_cancellable_cancel (hs->cancellable);

  return G_SOURCE_REMOVE;
}

static void
on_handshake_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  Handshake *hs = data;
  AccPeerListener *self = hs->listener;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;

  if (!g_tls_connection_handshake_finish (hs->tls, result, &error))
    g_debug ("A desk's TLS handshake failed: %s", error->message);
  else if (self != NULL &&
           (local = g_socket_connection_get_local_address (hs->base, &error)) != NULL &&
           (remote = g_socket_connection_get_remote_address (hs->base, &error)) != NULL)
    g_signal_emit (self, signals[CONNECTED], 0, hs->tls, local, remote);
  else if (error != NULL)
    g_debug ("A desk's connection has no address: %s", error->message);

  if (self != NULL)
    g_ptr_array_remove_fast (self->handshakes, hs);
  handshake_free (hs);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  AccPeerListener *self = user_data;
  static const char * const protocols[] = { "http/1.1", "http/1.0", NULL };
  g_autoptr(GError) error = NULL;
  GIOStream *tls;
  Handshake *hs;

  if (self->handshakes->len >= MAX_HANDSHAKES ||
      (guint) g_atomic_int_get (&self->count->live) >= self->max_connections)
    {
      g_debug ("Refusing a connection: %u open, %u in their handshake",
               (guint) g_atomic_int_get (&self->count->live), self->handshakes->len);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }

  g_atomic_int_inc (&self->count->live);
  g_object_set_data_full (G_OBJECT (connection), "acc-peer-listener-count",
                          g_atomic_rc_box_acquire (self->count), forget_connection);

  tls = g_tls_server_connection_new (G_IO_STREAM (connection), self->certificate, &error);
  if (tls == NULL)
    {
      g_warning ("Cannot serve a desk over TLS: %s", error->message);
      return TRUE;
    }
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);
  g_tls_connection_set_advertised_protocols (G_TLS_CONNECTION (tls), protocols);
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY,
                       TRUE, NULL);

  hs = g_new0 (Handshake, 1);
  hs->listener = self;
  hs->base = g_object_ref (connection);
  hs->tls = G_TLS_CONNECTION (tls);
  hs->cancellable = g_cancellable_new ();
  hs->timeout_id = g_timeout_add (self->handshake_timeout_ms, on_handshake_timeout, hs);
  g_ptr_array_add (self->handshakes, hs);
  g_tls_connection_handshake_async (hs->tls, G_PRIORITY_DEFAULT, hs->cancellable,
                                    on_handshake_done, hs);

  return TRUE;
}

static void
acc_peer_listener_dispose (GObject *object)
{
  AccPeerListener *self = ACC_PEER_LISTENER (object);

  acc_peer_listener_stop (self);

  G_OBJECT_CLASS (acc_peer_listener_parent_class)->dispose (object);
}

static void
acc_peer_listener_finalize (GObject *object)
{
  AccPeerListener *self = ACC_PEER_LISTENER (object);

  g_clear_object (&self->certificate);
  g_clear_pointer (&self->handshakes, g_ptr_array_unref);
  g_atomic_rc_box_release (self->count);

  G_OBJECT_CLASS (acc_peer_listener_parent_class)->finalize (object);
}

static void
acc_peer_listener_class_init (AccPeerListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = acc_peer_listener_dispose;
  object_class->finalize = acc_peer_listener_finalize;

  /**
   * AccPeerListener::connected:
   * @connection: a #GTlsConnection whose handshake succeeded
   * @local: the desk's address of the connection
   * @remote: the client's
   */
  signals[CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_IO_STREAM,
                                     G_TYPE_SOCKET_ADDRESS, G_TYPE_SOCKET_ADDRESS);
}

static void
acc_peer_listener_init (AccPeerListener *self)
{
  self->handshakes = g_ptr_array_new ();
  self->count = g_atomic_rc_box_new0 (Count);
}

/**
 * acc_peer_listener_new:
 * @certificate: the desk's certificate, with its private key
 * @max_connections: connections open at once, in their handshake or not
 * @handshake_timeout_ms: how long a client has to finish its TLS handshake
 */
AccPeerListener *
acc_peer_listener_new (GTlsCertificate *certificate,
                       guint            max_connections,
                       guint            handshake_timeout_ms)
{
  AccPeerListener *self;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (max_connections > 0 && handshake_timeout_ms > 0, NULL);

  self = g_object_new (ACC_TYPE_PEER_LISTENER, NULL);
  self->certificate = g_object_ref (certificate);
  self->max_connections = max_connections;
  self->handshake_timeout_ms = handshake_timeout_ms;

  return self;
}

/**
 * acc_peer_listener_set_limits:
 * @max_connections: connections open at once, in their handshake or not; 0 keeps the bound
 * @handshake_timeout_ms: how long a client has to finish its TLS handshake; 0 keeps it
 */
void
acc_peer_listener_set_limits (AccPeerListener *self,
                              guint            max_connections,
                              guint            handshake_timeout_ms)
{
  g_return_if_fail (ACC_IS_PEER_LISTENER (self));

  if (max_connections > 0)
    self->max_connections = max_connections;
  if (handshake_timeout_ms > 0)
    self->handshake_timeout_ms = handshake_timeout_ms;
}

/**
 * acc_peer_listener_listen:
 * @address: (nullable): where to listen; %NULL: every address
 * @port: the port; 0 for any free one (acc_peer_listener_get_port() says which)
 */
gboolean
acc_peer_listener_listen (AccPeerListener  *self,
                          GInetAddress     *address,
                          guint             port,
                          GError          **error)
{
  g_autoptr(GInetAddress) any = NULL;
  g_autoptr(GSocketAddress) where = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (ACC_IS_PEER_LISTENER (self), FALSE);

  if (address == NULL)
    address = any = g_inet_address_new_any (G_SOCKET_FAMILY_IPV6);
  where = g_inet_socket_address_new (address, port);

  /* Bound with SO_REUSEADDR: a desk started again at once takes its port back, which the
   * connections of its last run would otherwise hold for a minute. */
  socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL || !g_socket_bind (socket, where, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      (bound = g_socket_get_local_address (socket, error)) == NULL)
    return FALSE;

  if (self->service == NULL)
    {
      self->service = g_socket_service_new ();
      g_signal_connect (self->service, "incoming", G_CALLBACK (on_incoming), self);
    }
  if (!g_socket_listener_add_socket (G_SOCKET_LISTENER (self->service), socket, NULL, error))
    return FALSE;
  if (self->port == 0)
    self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_service_start (self->service);

  return TRUE;
}

guint
acc_peer_listener_get_port (AccPeerListener *self)
{
  g_return_val_if_fail (ACC_IS_PEER_LISTENER (self), 0);

  return self->port;
}

/**
 * acc_peer_listener_stop:
 *
 * Stops listening and cancels the handshakes under way, without waiting for any client.
 * Connections already handed on are the server's to close.
 */
void
acc_peer_listener_stop (AccPeerListener *self)
{
  g_return_if_fail (ACC_IS_PEER_LISTENER (self));

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_signal_handlers_disconnect_by_data (self->service, self);
      g_clear_object (&self->service);
    }
  self->port = 0;

  for (guint i = 0; i < self->handshakes->len; i++)
    {
      Handshake *hs = g_ptr_array_index (self->handshakes, i);

      hs->listener = NULL;
      g_clear_handle_id (&hs->timeout_id, g_source_remove);
      g_cancellable_cancel (hs->cancellable);
    }
  g_ptr_array_set_size (self->handshakes, 0);
}
