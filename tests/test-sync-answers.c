/* test-sync-answers.c: reading what a server answers, without trusting it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "acc-document.h"
#include "acc-error.h"
#include "acc-json-text.h"
#include "acc-sync-answers.h"
#include "acc-test-util.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = acc_json_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  return node;
}

static GHashTable *
asked (const char *first,
       ...)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  va_list args;

  va_start (args, first);
  for (const char *id = first; id != NULL; id = va_arg (args, const char *))
    g_hash_table_add (set, g_strdup (id));
  va_end (args);
  return set;
}

static const char *
doc_id (AccReceived *received,
        guint        i)
{
  g_assert_cmpuint (i, <, received->docs->len);
  return acc_document_get_string (g_ptr_array_index (received->docs, i), "_id");
}

/* Only the revisions of documents asked for are kept; the rest is counted. */
static void
test_bulk_get (void)
{
  g_autoptr(JsonNode) body = parse (
    "{\"results\":["
    " {\"id\":\"a\",\"docs\":[{\"ok\":{\"_id\":\"a\",\"_rev\":\"2-x\"}},"
    "                       {\"ok\":{\"_id\":\"a\",\"_rev\":\"2-y\"}}]},"
    " {\"id\":\"b\",\"docs\":[{\"error\":{\"id\":\"b\",\"rev\":\"1-z\",\"error\":\"not_found\"}}]},"
    " {\"id\":\"c\",\"docs\":[{\"ok\":{\"_id\":\"../../etc/passwd\",\"_rev\":\"1-q\"}}]},"
    " {\"id\":\"../x\",\"docs\":[{\"ok\":{\"_id\":\"../x\"}}]},"
    " {\"id\":7,\"docs\":{}}, \"text\", null, [], {\"id\":\"a\",\"docs\":\"none\"}"
    "]}");
  g_autoptr(GHashTable) ids = asked ("a", "b", "c", "d", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AccReceived) received = acc_answer_read_bulk_get (body, ids, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (received->docs->len, ==, 2);
  g_assert_cmpstr (doc_id (received, 0), ==, "a");
  g_assert_cmpstr (doc_id (received, 1), ==, "a");
  g_assert_cmpuint (received->n_missing, ==, 1);
  /* c's entry carries another document; "../x", 7, "text", null and [] were not asked for. */
  g_assert_cmpuint (received->n_unasked, ==, 6);
  /* c (its only entry was another document's) and d. */
  g_assert_cmpuint (received->n_unanswered, ==, 2);
}

static void
test_bulk_get_refused (void)
{
  static const char * const bodies[] = { "[]", "{}", "{\"results\":{}}", "null", "\"x\"" };
  g_autoptr(GHashTable) ids = asked ("a", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) body = parse (bodies[i]);
      g_autoptr(GError) error = NULL;

      g_assert_null (acc_answer_read_bulk_get (body, ids, &error));
      g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
    }
}

static void
test_open_revs (void)
{
  g_autoptr(JsonNode) body = parse ("[{\"ok\":{\"_id\":\"a\",\"_rev\":\"3-x\"}},"
                                    "{\"ok\":{\"_id\":\"b\",\"_rev\":\"3-x\"}},"
                                    "{\"missing\":\"2-y\"},{\"ok\":[]},7]");
  g_autoptr(JsonNode) other = parse ("[{\"ok\":{\"_id\":\"b\",\"_rev\":\"1-x\"}}]");
  g_autoptr(JsonNode) object = parse ("{\"ok\":{\"_id\":\"a\"}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(AccReceived) received = acc_answer_read_open_revs (body, "a", &error);
  g_autoptr(AccReceived) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (received->docs->len, ==, 1);
  g_assert_cmpstr (doc_id (received, 0), ==, "a");
  g_assert_cmpuint (received->n_unasked, ==, 1);
  g_assert_cmpuint (received->n_missing, ==, 1);
  g_assert_cmpuint (received->n_unanswered, ==, 0);

  none = acc_answer_read_open_revs (other, "a", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->docs->len, ==, 0);
  g_assert_cmpuint (none->n_unanswered, ==, 1);

  g_assert_null (acc_answer_read_open_revs (object, "a", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
}

static void
test_database (void)
{
  g_autoptr(JsonNode) info = parse ("{\"db_name\":\"d\",\"doc_count\":12,\"doc_del_count\":3}");
  g_autoptr(JsonNode) bare = parse ("{\"db_name\":\"d\"}");
  g_autoptr(JsonNode) negative = parse ("{\"doc_count\":-1}");
  g_autoptr(JsonNode) text = parse ("{\"doc_count\":\"12\"}");
  g_autoptr(JsonNode) fraction = parse ("{\"doc_count\":1.5}");
  g_autoptr(JsonNode) list = parse ("[{\"doc_count\":1}]");
  JsonNode *refused[] = { negative, text, fraction, list };
  gint64 docs, deleted;

  g_assert_true (acc_answer_read_database (info, &docs, &deleted, NULL));
  g_assert_cmpint (docs, ==, 12);
  g_assert_cmpint (deleted, ==, 3);
  g_assert_true (acc_answer_read_database (bare, &docs, &deleted, NULL));
  g_assert_cmpint (docs, ==, -1);
  g_assert_cmpint (deleted, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (acc_answer_read_database (refused[i], &docs, &deleted, &error));
      g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
    }
}

static void
test_revs_diff (void)
{
  g_autoptr(JsonNode) body = parse ("{\"a\":{\"missing\":[\"1-x\"]},\"b\":7}");
  g_autoptr(JsonNode) list = parse ("[\"a\"]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) missing = acc_answer_read_revs_diff (body, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (missing), ==, 2);
  g_assert_true (g_hash_table_contains (missing, "a"));
  g_assert_null (acc_answer_read_revs_diff (list, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
}

/* What _bulk_docs did not take, with the server's reason on one line. */
static void
test_bulk_docs (void)
{
  g_autofree char *long_reason = g_strnfill (1000, 'r');
  g_autofree char *text = g_strdup_printf (
    "[{\"id\":\"a\",\"rev\":\"1-x\"},"
    " {\"id\":\"b\",\"error\":\"forbidden\",\"reason\":\"Desks may not\\nwrite \\u001b[31mhere\"},"
    " {\"id\":\"c\",\"error\":\"conflict\",\"reason\":\"%s\"},"
    " {\"id\":5,\"error\":\"x\"}, {\"error\":\"x\"}, \"junk\"]", long_reason);
  g_autoptr(JsonNode) body = parse (text);
  g_autoptr(JsonNode) object = parse ("{\"ok\":true}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) errors = acc_answer_read_bulk_docs (body, &error);
  AccDocError *b, *c;

  g_assert_no_error (error);
  g_assert_cmpuint (errors->len, ==, 2);
  b = g_ptr_array_index (errors, 0);
  c = g_ptr_array_index (errors, 1);
  g_assert_cmpstr (b->id, ==, "b");
  g_assert_cmpstr (b->error, ==, "forbidden");
  g_assert_cmpstr (b->reason, ==, "Desks may not write  [31mhere");
  g_assert_cmpstr (c->error, ==, "conflict");
  g_assert_cmpuint (g_utf8_strlen (c->reason, -1), ==, 201);
  g_assert_true (g_str_has_suffix (c->reason, "r…"));

  g_assert_null (acc_answer_read_bulk_docs (object, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
}

/* Asserts that @read finds @expected (NULL: nothing) in the answer @text. */
static void
assert_reads (char       *(*read) (JsonNode *answer),
              const char   *text,
              const char   *expected)
{
  g_autoptr(JsonNode) answer = parse (text);
  g_autofree char *found = read (answer);

  g_assert_cmpstr (found, ==, expected);
}

static void
test_rev_and_reason (void)
{
  assert_reads (acc_answer_read_rev, "{\"_id\":\"_local/x\",\"_rev\":\"0-3\",\"last_seq\":5}",
                "0-3");
  assert_reads (acc_answer_read_rev, "{\"_rev\":[\"0-3\"]}", NULL);
  assert_reads (acc_answer_read_reason,
                "{\"error\":\"unauthorized\",\"reason\":\"Name or password is incorrect.\"}",
                "Name or password is incorrect.");
  assert_reads (acc_answer_read_reason, "{\"error\":\"not_found\",\"reason\":\"\"}", "not_found");
  assert_reads (acc_answer_read_reason, "[\"error\"]", NULL);
  assert_reads (acc_answer_read_saved_rev, "{\"ok\":true,\"id\":\"_local/x\",\"rev\":\"0-4\"}",
                "0-4");
  assert_reads (acc_answer_read_saved_rev, "{\"_rev\":[\"0-3\"]}", NULL);
}

/* A page of changes sorted: whole first revisions as text, revisions to fetch, the rest left. */
static void
test_page_plan (void)
{
  /* A clock a second ahead of this one's. */
  g_autofree char *ahead = g_strdup_printf ("%018" G_GINT64_FORMAT "-000007-zz",
                                            g_get_real_time () / 1000 + 1000);
  g_autofree char *text = g_strdup_printf (
    "{\"results\":["
    " {\"id\":\"n1\",\"changes\":[{\"rev\":\"1-a\"}],"
    "  \"doc\":{\"_id\":\"n1\",\"_rev\":\"1-a\",\"hlc\":\"%s\"}},"
    " {\"id\":\"n2\",\"changes\":[{\"rev\":\"1-a\"}],\"doc\":{\"_id\":\"other\",\"_rev\":\"1-a\"}},"
    " {\"id\":\"" FX_ZOE "\",\"changes\":[{\"rev\":\"1-aaaa\"},{\"rev\":\"2-b\"}]},"
    " {\"id\":\"_design/x\",\"changes\":[{\"rev\":\"1-a\"}]},"
    " {\"id\":\"../etc\",\"changes\":[{\"rev\":\"1-a\"}]},"
    " {\"id\":\"n3\",\"changes\":[{\"rev\":\"../1\"},{\"rev\":\"3-c\"}],\"deleted\":true},"
    " {\"id\":\"n4\"}"
    "],\"last_seq\":7}", ahead);
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) store = acc_store_open (":memory:", ACC_STORE_OPEN_CREATE, &error);
  g_autoptr(AccChangesPage) page = NULL;
  g_autoptr(AccPagePlan) plan = NULL;
  g_autofree char *clock = NULL;

  g_assert_no_error (error);
  acc_test_put_fixture (store);
  page = acc_changes_page_read (text, strlen (text), &error);
  g_assert_no_error (error);
  plan = acc_page_plan_new (page, store);

  g_assert_cmpuint (plan->texts->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (plan->texts, 0), "{\"_id\":\"n1\""));
  g_assert_cmpuint (plan->wanted->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (plan->wanted, 0), ==, "n2\n1-a");
  g_assert_cmpstr (g_ptr_array_index (plan->wanted, 1), ==, FX_ZOE "\n2-b");
  g_assert_cmpstr (g_ptr_array_index (plan->wanted, 2), ==, "n3\n3-c");
  g_assert_cmpuint (g_hash_table_size (plan->asked), ==, 3);
  g_assert_cmpuint (plan->n_refused, ==, 2);
  g_assert_nonnull (strstr (plan->refusal, "document id"));
  /* The fact's clock moved this desk's. */
  clock = acc_clock_tick (acc_store_get_clock (store));
  g_assert_cmpstr (clock, >, ahead);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-answers/bulk-get", test_bulk_get);
  g_test_add_func ("/sync-answers/bulk-get-refused", test_bulk_get_refused);
  g_test_add_func ("/sync-answers/open-revs", test_open_revs);
  g_test_add_func ("/sync-answers/database", test_database);
  g_test_add_func ("/sync-answers/revs-diff", test_revs_diff);
  g_test_add_func ("/sync-answers/bulk-docs", test_bulk_docs);
  g_test_add_func ("/sync-answers/rev-and-reason", test_rev_and_reason);
  g_test_add_func ("/sync-answers/page-plan", test_page_plan);

  return g_test_run ();
}
