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
#include "fuzz-store.h"
#include "fuzz-util.h"

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
  AccPutOutcome outcome = { 0 };
  const char *next;
  AccStore *store = fuzz_store_next_input (&next);
  GPtrArray *docs;
  gboolean stored;

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

  g_clear_error (&error);
  stored = acc_store_put_batch (store,
                                &(AccPutBatch) {
                                  .docs = docs != NULL ? (JsonObject **) docs->pdata : NULL,
                                  .n_docs = docs != NULL ? docs->len : 0,
                                  .texts = (const char * const *) plan->texts->pdata,
                                  .n_texts = plan->texts->len,
                                  .meta_key = FUZZ_CHECKPOINT_KEY,
                                  .meta_value = next,
                                },
                                &outcome, &error);
  FUZZ_CHECK (stored != (error != NULL));
  FUZZ_CHECK (!stored || outcome.n_new + outcome.n_refused <=
                         plan->texts->len + (docs != NULL ? docs->len : 0));
  acc_put_outcome_clear (&outcome);
  fuzz_store_check_checkpoint (stored);
  return 0;
}
