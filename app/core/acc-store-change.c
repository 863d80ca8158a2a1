/* acc-store-change.c: what one committed transaction changed, as the screens need to know it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * The store fills one change while a transaction runs, from the rows it derives again (an
 * enrollment checked in, the groups it left and joined, an instructor and the groups they
 * lead), and hands it to AccStore::changed when the transaction commits. A screen updates the
 * rows the change names and leaves the others alone; "everything" (a batch of a pull, a
 * rederivation, documents put whole) asks it to read the day again. Once a change is
 * everything, ids are no longer kept: a pull of fifty thousand documents does not collect
 * them. The outbox mark says that what waits to be sent changed (a push, a refusal), which
 * only the sync status shows.
 */
#define G_LOG_DOMAIN "accueil-store"

#include "config.h"

#include "acc-store-change.h"

struct _AccStoreChange
{
  gatomicrefcount  ref_count;
  gboolean         everything;
  gboolean         outbox;
  GHashTable      *ids[ACC_N_CHANGE_KINDS];  /* Owned ids, created on first use. */
};

G_DEFINE_BOXED_TYPE (AccStoreChange, acc_store_change,
                     acc_store_change_ref, acc_store_change_unref)

/**
 * acc_store_change_new:
 *
 * Returns: (transfer full): a change that names nothing yet
 */
AccStoreChange *
acc_store_change_new (void)
{
  AccStoreChange *self = g_new0 (AccStoreChange, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

/**
 * acc_store_change_new_everything:
 *
 * Returns: (transfer full): a change after which a screen reads the day again
 */
AccStoreChange *
acc_store_change_new_everything (void)
{
  AccStoreChange *self = acc_store_change_new ();

  acc_store_change_add_everything (self);
  return self;
}

AccStoreChange *
acc_store_change_ref (AccStoreChange *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
clear_ids (AccStoreChange *self)
{
  for (guint i = 0; i < ACC_N_CHANGE_KINDS; i++)
    g_clear_pointer (&self->ids[i], g_hash_table_unref);
}

void
acc_store_change_unref (AccStoreChange *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      clear_ids (self);
      g_free (self);
    }
}

/**
 * acc_store_change_add:
 * @id: (nullable): the row's id; %NULL adds nothing
 *
 * Names one row of @kind as changed.
 */
void
acc_store_change_add (AccStoreChange *self,
                      AccChangeKind   kind,
                      const char     *id)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (kind < ACC_N_CHANGE_KINDS);

  if (self->everything || id == NULL)
    return;

  if (self->ids[kind] == NULL)
    self->ids[kind] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_hash_table_contains (self->ids[kind], id))
    g_hash_table_add (self->ids[kind], g_strdup (id));
}

void
acc_store_change_add_everything (AccStoreChange *self)
{
  g_return_if_fail (self != NULL);

  self->everything = TRUE;
  self->outbox = TRUE;
  clear_ids (self);
}

void
acc_store_change_add_outbox (AccStoreChange *self)
{
  g_return_if_fail (self != NULL);

  self->outbox = TRUE;
}

gboolean
acc_store_change_is_everything (const AccStoreChange *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->everything;
}

/**
 * acc_store_change_is_empty:
 *
 * Returns: whether the change names no row and is not everything (it may still mark the
 *   outbox)
 */
gboolean
acc_store_change_is_empty (const AccStoreChange *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->everything)
    return FALSE;
  for (guint i = 0; i < ACC_N_CHANGE_KINDS; i++)
    if (self->ids[i] != NULL && g_hash_table_size (self->ids[i]) > 0)
      return FALSE;

  return TRUE;
}

gboolean
acc_store_change_has_outbox (const AccStoreChange *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->outbox;
}

/**
 * acc_store_change_contains:
 *
 * Returns: whether the row @id of @kind may have changed: %TRUE for everything
 */
gboolean
acc_store_change_contains (const AccStoreChange *self,
                           AccChangeKind         kind,
                           const char           *id)
{
  g_return_val_if_fail (self != NULL, TRUE);
  g_return_val_if_fail (kind < ACC_N_CHANGE_KINDS, TRUE);

  if (self->everything)
    return TRUE;

  return id != NULL && self->ids[kind] != NULL && g_hash_table_contains (self->ids[kind], id);
}

/**
 * acc_store_change_count:
 *
 * Returns: how many rows of @kind the change names (none for everything)
 */
guint
acc_store_change_count (const AccStoreChange *self,
                        AccChangeKind         kind)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (kind < ACC_N_CHANGE_KINDS, 0);

  return self->ids[kind] != NULL ? g_hash_table_size (self->ids[kind]) : 0;
}

/**
 * acc_store_change_dup_ids:
 *
 * Returns: (transfer container) (element-type utf8): the ids of @kind the change names, in
 *   no particular order, owned by @self; empty for everything
 */
GPtrArray *
acc_store_change_dup_ids (const AccStoreChange *self,
                          AccChangeKind         kind)
{
  GPtrArray *ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer id;

  g_return_val_if_fail (self != NULL, ids);
  g_return_val_if_fail (kind < ACC_N_CHANGE_KINDS, ids);

  if (self->ids[kind] == NULL)
    return ids;

  g_hash_table_iter_init (&iter, self->ids[kind]);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_ptr_array_add (ids, id);

  return ids;
}
