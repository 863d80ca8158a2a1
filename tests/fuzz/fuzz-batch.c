/* fuzz-batch.c: storing a batch of received documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * acc_store_put_batch() parses the documents a pull receives as text and projects them into
 * the store's tables in one transaction. The input is cut at its newlines into the texts of
 * one batch. A batch may be refused with an error; it must never crash, warn or leave the
 * store unusable.
 */
#define G_LOG_DOMAIN "accueil-fuzz"

#include <string.h>

#include "acc-store.h"
#include "fuzz-store.h"
#include "fuzz-util.h"

/* A pull's batch holds a few hundred documents; a few dozen reach the same code. */
#define MAX_TEXTS 48

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *p = (const char *) data;
  const char *end = p + size;
  const char *next;
  AccStore *store = fuzz_store_next_input (&next);
  AccPutOutcome outcome = { 0 };
  gboolean stored;

  /* Each line is one document's text; the last one takes the rest of the input. */
  while (p < end && texts->len < MAX_TEXTS)
    {
      const char *newline = texts->len + 1 < MAX_TEXTS ? memchr (p, '\n', end - p) : NULL;
      const char *stop = newline != NULL ? newline : end;

      g_ptr_array_add (texts, g_strndup (p, stop - p));
      p = newline != NULL ? newline + 1 : end;
    }

  stored = acc_store_put_batch (store,
                                &(AccPutBatch) {
                                  .texts = (const char * const *) texts->pdata,
                                  .n_texts = texts->len,
                                  .meta_key = FUZZ_CHECKPOINT_KEY,
                                  .meta_value = next,
                                },
                                &outcome, &error);

  /* Stored with its checkpoint, or failed with an error and nothing moved. Each document is
   * new, already held or refused (with a reason). */
  FUZZ_CHECK (stored != (error != NULL));
  FUZZ_CHECK (!stored || outcome.n_new + outcome.n_refused <= texts->len);
  FUZZ_CHECK ((outcome.n_refused > 0) == (outcome.refusal != NULL));
  acc_put_outcome_clear (&outcome);
  fuzz_store_check_checkpoint (stored);
  return 0;
}
