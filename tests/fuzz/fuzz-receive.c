/* fuzz-receive.c: receiving a page of changes and its documents into a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole of what a pull does with what a server sends, without the network: a page of
 * _changes read (acc_changes_page_read()) and sorted against the store (acc_page_plan_new()),
 * the answer to the _bulk_get it asks for read (acc_answer_read_bulk_get()), and the batch
 * stored with its checkpoint (acc_store_put_batch()). The input is the page, a NUL byte, then
 * the answer. Beyond not crashing or warning: only documents asked for reach the store, and
 * a batch either is stored with its checkpoint or leaves it where it was.
 */
#define G_LOG_DOMAIN "accueil-fuzz"

#include <string.h>

#include "acc-json-text.h"
#include "acc-store.h"
#include "acc-sync-answers.h"
#include "fuzz-util.h"

/* The store is reused as a desk's is, and opened again now and then (see fuzz-batch.c). */
#define INPUTS_PER_STORE 4000

static AccStore *store;
static guint n_inputs;
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
  const char *text = (const char *) data;
  const char *nul = memchr (text, '\0', size);
  gsize page_length = nul != NULL ? (gsize) (nul - text) : size;
  g_autoptr(GError) error = NULL;
  g_autoptr(AccChangesPage) page = NULL;
  g_autoptr(AccPagePlan) plan = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(AccReceived) received = NULL;
  g_autofree char *held = NULL;
  AccPutOutcome outcome = { 0 };
  char next[sizeof checkpoint];
  GPtrArray *docs;
  gboolean stored;

  if (n_inputs++ % INPUTS_PER_STORE == 0)
    open_store ();

  page = acc_changes_page_read (text, page_length, &error);
  if (page == NULL || page->changes == NULL)
    return 0;
  plan = acc_page_plan_new (page, store);
  FUZZ_CHECK (plan->wanted->len >= g_hash_table_size (plan->asked));
  FUZZ_CHECK ((plan->n_refused > 0) == (plan->refusal != NULL));

  if (nul != NULL)
    {
      body = acc_json_parse (nul + 1, size - page_length - 1, &error);
      if (body != NULL)
        received = acc_answer_read_bulk_get (body, plan->asked, NULL);
    }
  docs = received != NULL ? received->docs : NULL;
  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      JsonNode *id = json_object_get_member (g_ptr_array_index (docs, i), "_id");

      FUZZ_CHECK (id != NULL && JSON_NODE_HOLDS_VALUE (id) &&
                  g_hash_table_contains (plan->asked, json_node_get_string (id)));
    }

  g_snprintf (next, sizeof next, "%u", n_inputs);
  g_clear_error (&error);
  stored = acc_store_put_batch (store,
                                docs != NULL ? (JsonObject **) docs->pdata : NULL,
                                docs != NULL ? docs->len : 0,
                                (const char * const *) plan->texts->pdata, plan->texts->len,
                                ACC_PUT_DEFAULT, "fuzz-checkpoint", next, &outcome, &error);
  FUZZ_CHECK (stored != (error != NULL));
  FUZZ_CHECK (!stored || outcome.n_new + outcome.n_refused <=
                         plan->texts->len + (docs != NULL ? docs->len : 0));
  acc_put_outcome_clear (&outcome);
  if (stored)
    memcpy (checkpoint, next, sizeof checkpoint);
  held = acc_store_dup_meta (store, "fuzz-checkpoint");
  FUZZ_CHECK (g_strcmp0 (held, checkpoint) == 0);
  return 0;
}
