/* fuzz-store.h: the store that the targets storing batches write to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A store in memory, reused from input to input as a desk's is, but opened again now and then
 * so that it does not grow for the whole run. An input that crashes only after others went in
 * may then need them to be replayed before it (a libFuzzer crash file is replayed on a fresh
 * store). Each batch carries a checkpoint, which it must move in its own transaction: stored
 * with the batch, or left where it was when the batch is refused.
 */
#pragma once

#include "acc-store.h"

G_BEGIN_DECLS

/* The meta key of the checkpoint each batch moves. */
#define FUZZ_CHECKPOINT_KEY "fuzz-checkpoint"

AccStore *fuzz_store_next_input       (const char **next_checkpoint);
void      fuzz_store_check_checkpoint (gboolean     stored);

G_END_DECLS
