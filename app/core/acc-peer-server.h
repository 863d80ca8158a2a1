/* acc-peer-server.h: a desk serving its days to the other desks of its school
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "acc-store.h"

G_BEGIN_DECLS

#define ACC_TYPE_PEER_SERVER (acc_peer_server_get_type ())
G_DECLARE_FINAL_TYPE (AccPeerServer, acc_peer_server, ACC, PEER_SERVER, GObject)

/* CouchDB's port for HTTPS. */
#define ACC_PEER_SERVER_DEFAULT_PORT 6984

/* What one request may cost: a client on the school's network may be broken or hostile. */
typedef struct
{
  gsize  max_body;          /* Bytes of a request's body; 413 past it. */
  guint  max_requests;      /* Requests served at once; 503 past it. */
  guint  max_longpolls;     /* Of them, _changes?feed=longpoll waiting at once; 503 past it. */
  guint  max_limit;         /* The largest `limit` of _changes and _all_docs. */
  guint  max_timeout_ms;    /* The longest a longpoll waits, whatever it asks. */
  guint  max_connections;   /* Connections open at once; closed at once past it. */
  guint  handshake_timeout_ms; /* How long a client has to finish its TLS handshake. */
} AccPeerServerLimits;

#define ACC_PEER_SERVER_MAX_BODY       (16 * 1024 * 1024)
#define ACC_PEER_SERVER_MAX_REQUESTS   64
#define ACC_PEER_SERVER_MAX_LONGPOLLS  16
#define ACC_PEER_SERVER_MAX_LIMIT      100000
#define ACC_PEER_SERVER_MAX_TIMEOUT_MS 60000
#define ACC_PEER_SERVER_MAX_CONNECTIONS 128
#define ACC_PEER_SERVER_HANDSHAKE_TIMEOUT_MS 10000

AccPeerServer *acc_peer_server_new        (GTlsCertificate            *certificate,
                                           const char                 *pairing_secret,
                                           GError                    **error);
void           acc_peer_server_set_limits (AccPeerServer              *self,
                                           const AccPeerServerLimits  *limits);
gboolean       acc_peer_server_add_day    (AccPeerServer              *self,
                                           const char                 *db_name,
                                           AccStore                   *store,
                                           GError                    **error);
gboolean       acc_peer_server_listen     (AccPeerServer              *self,
                                           GInetAddress               *address,
                                           guint                       port,
                                           GError                    **error);
guint          acc_peer_server_get_port   (AccPeerServer              *self);
void           acc_peer_server_stop       (AccPeerServer              *self);

AccPeerServer *acc_peer_server_serve_day  (AccStore                   *store,
                                           GInetAddress               *address,
                                           guint                       port,
                                           GError                    **error);
char          *acc_peer_server_dup_day_name (AccStore                 *store);
gboolean       acc_peer_server_keep_day_name (AccStore                *store,
                                              const char              *db_name,
                                              GError                 **error);
char          *acc_peer_server_dup_school_id (AccStore                *store);
gboolean       acc_peer_server_name_is_valid (const char              *db_name);

G_END_DECLS
