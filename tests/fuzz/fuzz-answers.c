/* fuzz-answers.c: reading any answer of a server but a page of changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every answer goes through acc_json_parse(), bounded in depth, then through the reader of its
 * request (acc-sync-answers.c), which must look at members only after checking their kind.
 * The input is given to every reader, as if each request had received it. Beyond not crashing
 * or warning: a reader keeps only documents that were asked for, and what it passes on to a
 * message is one line of bounded length.
 */
#define G_LOG_DOMAIN "accueil-fuzz"

#include <string.h>

#include "acc-json-text.h"
#include "acc-sync-answers.h"
#include "fuzz-util.h"

/* What a server's words may become in a message: 200 characters and an ellipsis. */
#define MAX_REASON_CHARS 201

static GHashTable *asked;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char * const ids[] = {
    "a", "b", "00000000-0000-4000-8000-00000000000b", "e0000000-0000-4000-8000-000000000001",
  };

  fuzz_make_logs_fatal ();
  asked = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_hash_table_add (asked, (gpointer) ids[i]);
  return 0;
}

/* A line a person may read: short, without control characters. */
static void
check_line (const char *text)
{
  if (text == NULL)
    return;
  FUZZ_CHECK (g_utf8_validate (text, -1, NULL));
  FUZZ_CHECK (g_utf8_strlen (text, -1) <= MAX_REASON_CHARS);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    FUZZ_CHECK (!g_unichar_iscntrl (g_utf8_get_char (p)));
}

static void
check_received (AccReceived  *received,
                GError       *error,
                GHashTable   *ids,
                const char   *id)
{
  FUZZ_CHECK ((received == NULL) == (error != NULL));
  if (received == NULL)
    return;

  for (guint i = 0; i < received->docs->len; i++)
    {
      JsonNode *node = json_object_get_member (g_ptr_array_index (received->docs, i), "_id");
      const char *doc_id;

      FUZZ_CHECK (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                  json_node_get_value_type (node) == G_TYPE_STRING);
      doc_id = json_node_get_string (node);
      FUZZ_CHECK (ids != NULL ? g_hash_table_contains (ids, doc_id) : strcmp (doc_id, id) == 0);
    }
  FUZZ_CHECK (received->n_unanswered <= (ids != NULL ? g_hash_table_size (ids) : 1));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = acc_json_parse ((const char *) data, size, &error);
  g_autoptr(AccReceived) bulk = NULL, open = NULL;
  g_autoptr(GHashTable) missing = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *rev = NULL, *reason = NULL;
  gint64 doc_count, del_count;

  FUZZ_CHECK ((body == NULL) == (error != NULL));
  if (body == NULL)
    return 0;

  if (acc_answer_read_database (body, &doc_count, &del_count, &error))
    FUZZ_CHECK (doc_count >= -1 && del_count >= 0);
  g_clear_error (&error);

  bulk = acc_answer_read_bulk_get (body, asked, &error);
  check_received (bulk, error, asked, NULL);
  g_clear_error (&error);

  open = acc_answer_read_open_revs (body, "a", &error);
  check_received (open, error, NULL, "a");
  g_clear_error (&error);

  missing = acc_answer_read_revs_diff (body, &error);
  FUZZ_CHECK ((missing == NULL) == (error != NULL));
  g_clear_error (&error);

  errors = acc_answer_read_bulk_docs (body, &error);
  FUZZ_CHECK ((errors == NULL) == (error != NULL));
  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      AccDocError *doc_error = g_ptr_array_index (errors, i);

      FUZZ_CHECK (doc_error->id != NULL && doc_error->error != NULL);
      check_line (doc_error->error);
      check_line (doc_error->reason);
    }
  g_clear_error (&error);

  rev = acc_answer_read_rev (body);
  reason = acc_answer_read_reason (body);
  check_line (reason);
  return 0;
}
