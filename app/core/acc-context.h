/* acc-context.h: what a desk window works with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "acc-desk-days.h"
#include "acc-peer-discovery.h"
#include "acc-peer-server.h"
#include "acc-peers.h"
#include "acc-store.h"
#include "acc-sync-engine.h"

G_BEGIN_DECLS

#define ACC_TYPE_CONTEXT (acc_context_get_type ())
G_DECLARE_FINAL_TYPE (AccContext, acc_context, ACC, CONTEXT, GObject)

/* Owns the day's store and the settings; the staff name of the settings is written in the
 * facts the store records. */
AccContext *acc_context_new          (AccStore   *store,
                                      GSettings  *settings);
AccStore   *acc_context_get_store    (AccContext *self);
GSettings  *acc_context_get_settings (AccContext *self);
AccSyncEngine *acc_context_get_engine (AccContext    *self);
void        acc_context_set_engine   (AccContext    *self,
                                      AccSyncEngine *engine);
void        acc_context_set_server   (AccContext    *self,
                                      AccPeerServer *server);
AccPeers   *acc_context_get_peers    (AccContext    *self);
void        acc_context_set_peers    (AccContext    *self,
                                      AccPeers      *peers);
void        acc_context_set_discovery (AccContext       *self,
                                       AccPeerDiscovery *discovery);
AccDeskDays *acc_context_get_days    (AccContext    *self);
void        acc_context_set_days     (AccContext    *self,
                                      AccDeskDays   *days);

G_END_DECLS
