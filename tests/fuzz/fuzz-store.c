/* fuzz-store.c: the store that the targets storing batches write to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-fuzz"

#include <string.h>

#include "fuzz-store.h"
#include "fuzz-util.h"

#define INPUTS_PER_STORE 4000

static AccStore *store;
static guint n_inputs;
/* The checkpoint the store holds, and the one the input's batch would move it to. */
static char checkpoint[16];
static char next[sizeof checkpoint];

static void
open_store (void)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&store);
  store = acc_store_open (":memory:", ACC_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    g_error ("Cannot open a store in memory: %s", error->message);

  g_strlcpy (checkpoint, "none", sizeof checkpoint);
  if (!acc_store_set_meta (store, FUZZ_CHECKPOINT_KEY, checkpoint, &error))
    g_error ("Cannot write to a store in memory: %s", error->message);
}

/**
 * fuzz_store_next_input:
 * @next_checkpoint: (out): the checkpoint for the input's batch to store under FUZZ_CHECKPOINT_KEY
 *
 * Returns: (transfer none): the store the input writes to
 */
AccStore *
fuzz_store_next_input (const char **next_checkpoint)
{
  if (n_inputs++ % INPUTS_PER_STORE == 0)
    open_store ();

  g_snprintf (next, sizeof next, "%u", n_inputs);
  *next_checkpoint = next;
  return store;
}

/**
 * fuzz_store_check_checkpoint:
 * @stored: whether the input's batch was stored
 *
 * Checks that the store holds the input's checkpoint if its batch was stored, the one before
 * if not.
 */
void
fuzz_store_check_checkpoint (gboolean stored)
{
  g_autofree char *held = NULL;

  if (stored)
    memcpy (checkpoint, next, sizeof checkpoint);
  held = acc_store_dup_meta (store, FUZZ_CHECKPOINT_KEY);
  FUZZ_CHECK (g_strcmp0 (held, checkpoint) == 0);
}
