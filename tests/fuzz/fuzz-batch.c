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
#include "fuzz-util.h"

/* A pull's batch holds a few hundred documents; a few dozen reach the same code. */
#define MAX_TEXTS 48
/* The store is reused, as a desk's is, but opened again now and then so that it does not grow
 * for the whole run. An input that crashes only after others went in may then need them to
 * be replayed before it (a libFuzzer crash file is replayed on a fresh store). */
#define INPUTS_PER_STORE 4000

static AccStore *store;
static guint n_inputs;
/* The checkpoint the store holds: a batch moves it in its transaction, a refused one not. */
static char checkpoint[16];

static void
open_store (void)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&store);
  store = acc_store_open (":memory:", ACC_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    g_error ("Cannot open a store in memory: %s", error->message);

  g_strlcpy (checkpoint, "none", sizeof checkpoint);
  if (!acc_store_set_meta (store, "fuzz-checkpoint", checkpoint, &error))
    g_error ("Cannot write to a store in memory: %s", error->message);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *held = NULL;
  const char *p = (const char *) data;
  const char *end = p + size;
  char next[sizeof checkpoint];
  AccPutOutcome outcome = { 0 };
  gboolean stored;

  if (n_inputs++ % INPUTS_PER_STORE == 0)
    open_store ();

  /* Each line is one document's text; the last one takes the rest of the input. */
  while (p < end && texts->len < MAX_TEXTS)
    {
      const char *newline = texts->len + 1 < MAX_TEXTS ? memchr (p, '\n', end - p) : NULL;
      const char *stop = newline != NULL ? newline : end;

      g_ptr_array_add (texts, g_strndup (p, stop - p));
      p = newline != NULL ? newline + 1 : end;
    }

  g_snprintf (next, sizeof next, "%u", n_inputs);
  stored = acc_store_put_batch (store, NULL, 0,
                                (const char * const *) texts->pdata, texts->len,
                                ACC_PUT_DEFAULT, "fuzz-checkpoint", next, &outcome, &error);

  /* Stored with its checkpoint, or failed with an error and nothing moved. Each document is
   * new, already held or refused (with a reason). */
  FUZZ_CHECK (stored != (error != NULL));
  FUZZ_CHECK (!stored || outcome.n_new + outcome.n_refused <= texts->len);
  FUZZ_CHECK ((outcome.n_refused > 0) == (outcome.refusal != NULL));
  acc_put_outcome_clear (&outcome);
  if (stored)
    memcpy (checkpoint, next, sizeof checkpoint);
  held = acc_store_dup_meta (store, "fuzz-checkpoint");
  FUZZ_CHECK (g_strcmp0 (held, checkpoint) == 0);
  return 0;
}
