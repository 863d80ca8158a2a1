/* acc-peer-discovery.h: finding the school's other desks on the network with DNS-SD
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The DNS-SD service type desks announce and browse for. */
#define ACC_PEER_DISCOVERY_SERVICE_TYPE "_accueil._tcp"

/* The most desks one desk keeps track of: what the network says beyond is ignored. */
#define ACC_PEER_DISCOVERY_MAX_PEERS 64

#define ACC_TYPE_PEER_DISCOVERY (acc_peer_discovery_get_type ())
G_DECLARE_FINAL_TYPE (AccPeerDiscovery, acc_peer_discovery, ACC, PEER_DISCOVERY, GObject)

AccPeerDiscovery *acc_peer_discovery_new           (const char        *school_id);
AccPeerDiscovery *acc_peer_discovery_new_for_bus   (GDBusConnection   *bus,
                                                    const char        *school_id);
void              acc_peer_discovery_start         (AccPeerDiscovery  *self);
void              acc_peer_discovery_announce      (AccPeerDiscovery  *self,
                                                    const char        *instance_name,
                                                    guint              port);
gboolean          acc_peer_discovery_get_available (AccPeerDiscovery  *self);
const char       *acc_peer_discovery_get_problem   (AccPeerDiscovery  *self);

char             *acc_peer_discovery_dup_school_id (const char        *db_name);

G_END_DECLS
