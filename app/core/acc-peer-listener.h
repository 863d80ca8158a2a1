/* acc-peer-listener.h: the TLS connections other desks open to a serving desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ACC_TYPE_PEER_LISTENER (acc_peer_listener_get_type ())
G_DECLARE_FINAL_TYPE (AccPeerListener, acc_peer_listener, ACC, PEER_LISTENER, GObject)

AccPeerListener *acc_peer_listener_new             (GTlsCertificate  *certificate,
                                                    guint             max_connections,
                                                    guint             handshake_timeout_ms);
void             acc_peer_listener_set_limits      (AccPeerListener  *self,
                                                    guint             max_connections,
                                                    guint             handshake_timeout_ms);
gboolean         acc_peer_listener_listen          (AccPeerListener  *self,
                                                    GInetAddress     *address,
                                                    guint             port,
                                                    GError          **error);
guint            acc_peer_listener_get_port        (AccPeerListener  *self);
void             acc_peer_listener_stop            (AccPeerListener  *self);

G_END_DECLS
