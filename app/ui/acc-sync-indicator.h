/* acc-sync-indicator.h: how far the desk is from the cloud, at a glance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-peers.h"
#include "acc-store.h"
#include "acc-sync-engine.h"

G_BEGIN_DECLS

#define ACC_TYPE_SYNC_INDICATOR (acc_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (AccSyncIndicator, acc_sync_indicator, ACC, SYNC_INDICATOR, AdwBin)

GtkWidget  *acc_sync_indicator_new       (AccStore         *store);
AccStore   *acc_sync_indicator_get_store (AccSyncIndicator *self);
void        acc_sync_indicator_set_store (AccSyncIndicator *self,
                                          AccStore         *store);
const char *acc_sync_indicator_get_text  (AccSyncIndicator *self);

void              acc_sync_indicator_set_engine (AccSyncIndicator *self,
                                                 AccSyncEngine    *engine);
void              acc_sync_indicator_set_peers  (AccSyncIndicator *self,
                                                 AccPeers         *peers);

G_END_DECLS
