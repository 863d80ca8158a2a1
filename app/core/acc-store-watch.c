/* acc-store-watch.c: an object's link to the day's store and to its changes
 *
 * Every view of the store (the search results, the booking card, the sync status, the pages)
 * holds the store and follows its changes; AccStoreWatch does both in one place, so none of
 * them can keep a handler on a store it let go of.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-store"

#include "config.h"

#include "acc-store-watch.h"

/**
 * acc_store_watch_set:
 * @watch: the watch, inside @owner
 * @store: (nullable): the store to hold and follow, or %NULL for none
 * @changed: called with @owner first on every change of @store
 * @owner: the object that watches: the handler goes with it
 *
 * Holds @store and follows its changes, instead of the store held before.
 *
 * Returns: whether the store held changed
 */
gboolean
acc_store_watch_set (AccStoreWatch     *watch,
                     AccStore          *store,
                     AccStoreWatchFunc  changed,
                     gpointer           owner)
{
  g_return_val_if_fail (watch != NULL, FALSE);
  g_return_val_if_fail (store == NULL || ACC_IS_STORE (store), FALSE);
  g_return_val_if_fail (changed != NULL, FALSE);
  g_return_val_if_fail (G_IS_OBJECT (owner), FALSE);

  if (watch->store == store)
    return FALSE;

  acc_store_watch_clear (watch);
  if (store == NULL)
    return TRUE;

  watch->store = g_object_ref (store);
  watch->changed_id = g_signal_connect_object (store, "changed", G_CALLBACK (changed), owner,
                                               G_CONNECT_SWAPPED);
  return TRUE;
}

/**
 * acc_store_watch_clear:
 *
 * Stops following the store and lets it go.
 */
void
acc_store_watch_clear (AccStoreWatch *watch)
{
  g_return_if_fail (watch != NULL);

  if (watch->store != NULL)
    g_clear_signal_handler (&watch->changed_id, watch->store);
  g_clear_object (&watch->store);
}

/**
 * acc_store_watch_param_spec:
 * @flags: %G_PARAM_EXPLICIT_NOTIFY for a store the object may change over its life,
 *   %G_PARAM_CONSTRUCT_ONLY for one it keeps from its construction
 *
 * Makes the `store` property that every view of the day's store has: readable and
 * writable, holding an #AccStore.
 *
 * Returns: (transfer floating): the property's specification
 */
GParamSpec *
acc_store_watch_param_spec (GParamFlags flags)
{
  g_return_val_if_fail ((flags & ~(G_PARAM_EXPLICIT_NOTIFY | G_PARAM_CONSTRUCT_ONLY)) == 0, NULL);

  return g_param_spec_object ("store", NULL, NULL,
                              ACC_TYPE_STORE,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | flags);
}
