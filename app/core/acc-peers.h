/* acc-peers.h: the other desks of the school this desk replicates with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "acc-peer-discovery.h"
#include "acc-store.h"
#include "acc-sync-engine.h"

G_BEGIN_DECLS

/* What a desk knows of another desk it replicates a day with. */
typedef struct
{
  char     *url;           /* The other desk's database of the day. */
  char     *name;          /* Its name, as pinned at the first contact; NULL before it. */
  gboolean  reachable;     /* Its last exchange succeeded (AccPeers only). */
  gint64    last_exchange; /* Seconds since 1970 of the last complete exchange; 0: never. */
  char     *last_error;    /* The last problem with it, or NULL. */
} AccPeerExchange;

void       acc_peer_exchange_free     (AccPeerExchange *exchange);
char      *acc_peer_exchange_describe (const AccPeerExchange *exchange);
GPtrArray *acc_peers_list_recorded    (AccStore        *store,
                                       GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccPeerExchange, acc_peer_exchange_free)

#define ACC_TYPE_PEERS (acc_peers_get_type ())
G_DECLARE_FINAL_TYPE (AccPeers, acc_peers, ACC, PEERS, GObject)

AccPeers  *acc_peers_new              (AccStore        *store,
                                       const char      *db_name);
gboolean   acc_peers_add              (AccPeers        *self,
                                       const char      *address,
                                       GError         **error);
void       acc_peers_remove           (AccPeers        *self,
                                       const char      *address);
GPtrArray *acc_peers_list             (AccPeers        *self);
guint      acc_peers_get_n_reachable  (AccPeers        *self);
char      *acc_peers_dup_summary      (AccPeers        *self);
void       acc_peers_follow_discovery (AccPeers        *self,
                                       AccPeerDiscovery *discovery);
const char *acc_peers_get_discovery_problem (AccPeers   *self);
char      *acc_peers_dup_url          (const char      *address,
                                       const char      *db_name,
                                       GError         **error);

G_END_DECLS
