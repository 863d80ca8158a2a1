/* acc-store-watch.h: an object's link to the day's store and to its changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "acc-store.h"

G_BEGIN_DECLS

/* Called as AccStore::changed is, with the watching object first. */
typedef void (*AccStoreWatchFunc) (gpointer        owner,
                                   AccStoreChange *change);

/* Embedded in the object that watches; zero-filled by GObject. */
typedef struct
{
  AccStore *store;
  gulong    changed_id;
} AccStoreWatch;

gboolean  acc_store_watch_set   (AccStoreWatch     *watch,
                                 AccStore          *store,
                                 AccStoreWatchFunc  changed,
                                 gpointer           owner);
void      acc_store_watch_clear (AccStoreWatch     *watch);

GParamSpec *acc_store_watch_param_spec (GParamFlags flags);

G_END_DECLS
