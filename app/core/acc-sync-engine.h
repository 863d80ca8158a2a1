/* acc-sync-engine.h: replication with the cloud (the CouchDB replication protocol)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "acc-store.h"

G_BEGIN_DECLS

/* Changes per page received: a page is checked, fetched for and handed to the worker at once.
 * The server is asked for answers of several pages (acc-sync-pull.c), and a page must be
 * small enough for the worker to store one while the next arrives. */
#define ACC_SYNC_PULL_BATCH 2000

/* Documents the worker stores in one transaction at most, with the checkpoint that covers
 * them: the pages that arrived while it wrote the last ones. It stores one transaction while
 * the next fills, so a killed desk receives at most twice this number again. */
#define ACC_SYNC_STORE_MAX 4000

/* The store's meta keys of the time (seconds since 1970) of the last complete exchange with
 * another desk, and of the last problem with it, are these prefixes followed by its
 * database's URL. */
#define ACC_SYNC_PEER_EXCHANGE_KEY "peer-last-success:"
#define ACC_SYNC_PEER_ERROR_KEY    "peer-last-error:"

#define ACC_TYPE_SYNC_ENGINE (acc_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (AccSyncEngine, acc_sync_engine, ACC, SYNC_ENGINE, GObject)

typedef enum
{
  ACC_SYNC_OFFLINE,   /* Not connected, or the last exchange failed. */
  ACC_SYNC_SYNCING,   /* Exchanging documents. */
  ACC_SYNC_ONLINE,    /* Up to date with the cloud. */
} AccSyncState;

typedef enum
{
  ACC_SYNC_FLAGS_NONE           = 0,
  ACC_SYNC_FLAGS_ALLOW_INSECURE = 1 << 0, /* Allow http:// to a host that is not this one. */
  ACC_SYNC_FLAGS_COOKIE_AUTH    = 1 << 1, /* Sign in at /_session instead of basic auth. */
  /* The other side is a desk of the school, not the cloud: what it sends confirms nothing
   * this desk sent, and a fact it sends waits here for the cloud too (ACC_PUT_FROM_PEER);
   * it is sent what waits for the cloud, and its answers leave that as it is. */
  ACC_SYNC_FLAGS_PEER           = 1 << 2,
} AccSyncFlags;

typedef enum
{
  ACC_SYNC_PULL_PUSH, /* Receive what the cloud has, then send the outbox. */
  ACC_SYNC_PUBLISH,   /* Create the database if needed and send every document held. */
} AccSyncMode;

AccSyncEngine *acc_sync_engine_new             (AccStore             *store,
                                                const char           *url,
                                                AccSyncFlags          flags,
                                                GError              **error);
void           acc_sync_engine_run_async       (AccSyncEngine        *self,
                                                AccSyncMode           mode,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       acc_sync_engine_run_finish      (AccSyncEngine        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void           acc_sync_engine_set_limits      (AccSyncEngine        *self,
                                                guint                 timeout_s,
                                                gsize                 max_response);
void           acc_sync_engine_start           (AccSyncEngine        *self);
void           acc_sync_engine_stop            (AccSyncEngine        *self);

void           acc_sync_engine_set_tls_database (AccSyncEngine      *self,
                                                 GTlsDatabase       *database);
AccSyncState   acc_sync_engine_get_state       (AccSyncEngine        *self);
const char    *acc_sync_engine_get_last_error  (AccSyncEngine        *self);
gint64         acc_sync_engine_get_last_success (AccSyncEngine       *self);
guint          acc_sync_engine_get_received    (AccSyncEngine        *self);
guint          acc_sync_engine_get_sent        (AccSyncEngine        *self);
guint          acc_sync_engine_get_total       (AccSyncEngine        *self);
gboolean       acc_sync_engine_is_receiving_day (AccSyncEngine       *self);
const char    *acc_sync_engine_get_url         (AccSyncEngine        *self);
const char    *acc_sync_engine_get_peer_name   (AccSyncEngine        *self);

G_END_DECLS
