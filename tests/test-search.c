/* test-search.c: what the desk's search finds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>

#include "acc-test-util.h"

static char *dir;
static AccStore *store;

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Returns the participants' first names found for @text, sorted, comma-separated, each once. */
static char *
find (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = acc_store_search (store, text, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      AccEnrollmentRow *row = g_ptr_array_index (rows, i);

      if (!g_ptr_array_find_with_equal_func (names, row->first_name, g_str_equal, NULL))
        g_ptr_array_add (names, row->first_name);
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", (char *) g_ptr_array_index (names, i));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_finds(text, expected) \
  G_STMT_START { \
    g_autofree char *found_ = find (text); \
    g_assert_cmpstr (found_, ==, expected); \
  } G_STMT_END

/* Stores @n_docs documents as a batch received from the cloud. */
static void
put_received (AccStore     *replica,
              JsonObject  **docs,
              guint         n_docs,
              AccPutFlags   flags)
{
  g_autoptr(GError) error = NULL;
  AccPutBatch batch = { .docs = docs, .n_docs = n_docs, .flags = flags };

  g_assert_true (acc_store_put_batch (replica, &batch, NULL, &error));
  g_assert_no_error (error);
}

static void
test_accents_and_case (void)
{
  assert_finds ("lefevre", "Noé,Zoé,[Lefèvre – 3]");
  assert_finds ("LEFÈVRE", "Noé,Zoé,[Lefèvre – 3]");
  assert_finds ("zoe", "Zoé");
  assert_finds ("ZOÉ", "Zoé");
  assert_finds ("lefev", "Noé,Zoé,[Lefèvre – 3]");
}

static void
test_prefixes (void)
{
  assert_finds ("l", "Léa,Noé,Zoé,[Lefèvre – 3]");
  assert_finds ("le", "Léa,Noé,Zoé,[Lefèvre – 3]");
  assert_finds ("lea", "Léa");
  assert_finds ("lefevrex", "");
  assert_finds ("zoe lef", "Zoé");
  assert_finds ("lef zo", "Zoé");
  assert_finds ("zoe martin", "");
  assert_finds ("", "");
  assert_finds ("  ' - ", "");
}

static void
test_payer_and_reference (void)
{
  /* The payer's name finds every child of the booking. */
  assert_finds ("helene", "Noé,Zoé,[Lefèvre – 3]");
  assert_finds ("luc", "Léa");
  assert_finds ("km7px3", "Noé,Zoé,[Lefèvre – 3]");
  assert_finds ("KM7", "Noé,Zoé,[Lefèvre – 3]");
  assert_finds ("km7-px3", "Noé,Zoé,[Lefèvre – 3]");

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *id = acc_store_lookup_booking (store, "km7 px3", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (id, ==, FX_BOOKING);
    g_assert_null (acc_store_lookup_booking (store, "ZZZZZZ", &error));
    g_assert_nonnull (error);
  }
}

static void
test_phone (void)
{
  /* The payer's phone +33 6 12 34 56 78, and Léa's emergency phone 06 99 88 77 66. */
  assert_finds ("5678", "Noé,Zoé,[Lefèvre – 3]");
  assert_finds ("56 78", "Noé,Zoé,[Lefèvre – 3]");
  assert_finds ("345678", "Noé,Zoé,[Lefèvre – 3]");
  assert_finds ("7766", "Léa");
  assert_finds ("900123", "Léa");
  assert_finds ("9999", "");
}

static void
test_duplicates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  /* A second Zoé Lefèvre in another booking: both are listed, each with her booking. */
  acc_test_put_json (store, "[{\"_id\":\"60000000-0000-4000-8000-000000000001\",\"_rev\":\"1-a\","
                     "\"type\":\"booking\",\"schema\":1,\"reference\":\"TTT444\","
                     "\"customer_id\":null},"
                     "{\"_id\":\"60000000-0000-4000-8000-000000000002\",\"_rev\":\"1-a\","
                     "\"type\":\"participant\",\"schema\":1,"
                     "\"booking_id\":\"60000000-0000-4000-8000-000000000001\","
                     "\"first_name\":\"Zoe\",\"last_name\":\"LEFEVRE\",\"placeholder\":false},"
                     "{\"_id\":\"60000000-0000-4000-8000-000000000003\",\"_rev\":\"1-a\","
                     "\"type\":\"enrollment\",\"schema\":1,"
                     "\"participant_id\":\"60000000-0000-4000-8000-000000000002\","
                     "\"session_id\":\"" FX_SESSION_AM "\","
                     "\"booking_id\":\"60000000-0000-4000-8000-000000000001\","
                     "\"planned_group_id\":null,\"status\":\"booked\"}]");
  rows = acc_store_search (store, "zoé lefèvre", 0, &error);
  g_assert_no_error (error);
  /* Zoé morning and afternoon, and the other Zoe. */
  g_assert_cmpuint (rows->len, ==, 3);
  {
    AccEnrollmentRow *first = g_ptr_array_index (rows, 0);
    AccEnrollmentRow *second = g_ptr_array_index (rows, 1);
    AccEnrollmentRow *third = g_ptr_array_index (rows, 2);

    /* Grouped by booking: Zoé's two sessions are next to each other. */
    g_assert_true (g_strcmp0 (first->booking_id, second->booking_id) == 0 ||
                   g_strcmp0 (second->booking_id, third->booking_id) == 0);
    g_assert_cmpstr (first->booking_id, !=, third->booking_id);
  }
}

static void
test_renamed_placeholder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) changes = acc_test_parse ("{\"first_name\":\"Anaïs\",\"placeholder\":false}");

  assert_finds ("anais", "");
  g_assert_true (acc_store_update_participant (store, FX_PLACEHOLDER, changes, &error));
  g_assert_no_error (error);
  assert_finds ("anais", "Anaïs");
  assert_finds ("anaïs lef", "Anaïs");
}

/* Whatever order a family's documents arrive in, within a batch or across batches, the child
 * is found by the payer's name and the booking reference, and a renamed payer by the new name
 * only. */
static void
test_arrival_order (void)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) renamed = NULL;

  g_ptr_array_add (docs, acc_test_parse ("{\"_id\":\"70000000-0000-4000-8000-000000000003\","
                                         "\"_rev\":\"1-a\",\"type\":\"participant\",\"schema\":1,"
                                         "\"booking_id\":\"70000000-0000-4000-8000-000000000002\","
                                         "\"first_name\":\"Inès\",\"last_name\":\"Oudin\","
                                         "\"placeholder\":false}"));
  g_ptr_array_add (docs, acc_test_parse ("{\"_id\":\"70000000-0000-4000-8000-000000000004\","
                                         "\"_rev\":\"1-a\",\"type\":\"enrollment\",\"schema\":1,"
                                         "\"participant_id\":\"70000000-0000-4000-8000-000000000003\","
                                         "\"session_id\":\"" FX_SESSION_AM "\","
                                         "\"booking_id\":\"70000000-0000-4000-8000-000000000002\","
                                         "\"planned_group_id\":null,\"status\":\"booked\"}"));
  g_ptr_array_add (docs, acc_test_parse ("{\"_id\":\"70000000-0000-4000-8000-000000000002\","
                                         "\"_rev\":\"1-a\",\"type\":\"booking\",\"schema\":1,"
                                         "\"reference\":\"XJ8YV2\","
                                         "\"customer_id\":\"70000000-0000-4000-8000-000000000001\"}"));
  put_received (store, (JsonObject **) docs->pdata, docs->len, ACC_PUT_DEFAULT);
  assert_finds ("xj8yv2", "Inès");
  assert_finds ("perrin", "");

  /* The payer arrives last, in a batch of its own. */
  g_ptr_array_set_size (docs, 0);
  g_ptr_array_add (docs, acc_test_parse ("{\"_id\":\"70000000-0000-4000-8000-000000000001\","
                                         "\"_rev\":\"1-a\",\"type\":\"customer\",\"schema\":1,"
                                         "\"first_name\":\"Sylvie\",\"last_name\":\"Perrin\"}"));
  put_received (store, (JsonObject **) docs->pdata, docs->len, ACC_PUT_DEFAULT);
  assert_finds ("perrin", "Inès");
  assert_finds ("sylvie oud", "Inès");

  renamed = acc_test_parse ("{\"_id\":\"70000000-0000-4000-8000-000000000001\","
                            "\"_rev\":\"2-b\",\"type\":\"customer\",\"schema\":1,"
                            "\"first_name\":\"Sylvie\",\"last_name\":\"Marchand\"}");
  put_received (store, &renamed, 1, ACC_PUT_DEFAULT);
  assert_finds ("perrin", "");
  assert_finds ("marchand", "Inès");
  assert_finds ("xj8yv2", "Inès");
}

/* Rows of search_term whose participant is not in the participant table. */
static int
count_orphan_terms (AccStore *replica)
{
  sqlite3 *db;
  sqlite3_stmt *s;
  int n;

  g_assert_cmpint (sqlite3_open (acc_store_get_path (replica), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM search_term t WHERE NOT EXISTS"
                                       " (SELECT 1 FROM participant p WHERE p.n = t.participant)",
                                       -1, &s, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
  n = sqlite3_column_int (s, 0);
  sqlite3_finalize (s);
  sqlite3_close (db);

  return n;
}

/* A participant's new revision, a change made at the desk and its deletion replace or remove
 * its terms, and leave none behind. */
static void
test_participant_changes (void)
{
  g_autoptr(AccStore) replica = acc_test_open_new (dir, "changes.db");
  g_autoptr(JsonObject) changes = acc_test_parse ("{\"first_name\":\"Zia\"}");
  g_autoptr(JsonObject) zoe = NULL;
  g_autoptr(JsonObject) gone = NULL;
  g_autoptr(GError) error = NULL;
  AccStore *shared = store;

  acc_test_put_fixture (replica);
  store = replica;
  zoe = acc_store_dup_document (replica, FX_ZOE, &error);
  g_assert_no_error (error);
  json_object_set_string_member (zoe, "_rev", "5-e");
  json_object_set_string_member (zoe, "first_name", "Zélie");
  put_received (replica, &zoe, 1, ACC_PUT_DEFAULT);
  assert_finds ("zoe", "");
  assert_finds ("zelie lef", "Zélie");
  g_assert_cmpint (count_orphan_terms (replica), ==, 0);

  g_assert_true (acc_store_update_participant (replica, FX_ZOE, changes, &error));
  g_assert_no_error (error);
  assert_finds ("zelie", "");
  assert_finds ("zia lef", "Zia");
  g_assert_cmpint (count_orphan_terms (replica), ==, 0);

  gone = acc_test_parse ("{\"_id\":\"" FX_ZOE "\",\"_rev\":\"6-f\",\"_deleted\":true}");
  put_received (replica, &gone, 1, ACC_PUT_DEFAULT);
  assert_finds ("zia", "");
  assert_finds ("lefevre", "Noé,[Lefèvre – 3]");
  g_assert_cmpint (count_orphan_terms (replica), ==, 0);

  store = shared;
}

static guint
count_found (AccStore   *replica,
             const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = acc_store_search (replica, text, 0, &error);

  g_assert_no_error (error);
  return rows->len;
}

/* Splits the fixture into its families (bookings and customers) and the rest. */
static void
split_families (GPtrArray *docs,
                GPtrArray *families,
                GPtrArray *rest)
{
  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      const char *type = json_object_get_string_member (doc, "type");

      if (g_str_equal (type, "booking") || g_str_equal (type, "customer"))
        g_ptr_array_add (families, doc);
      else
        g_ptr_array_add (rest, doc);
    }
}

/* During a pull, a participant's search terms are written once, when its booking and its
 * customer are here too; a participant whose family is not all here waits for the last batch,
 * or, when the pull was killed, for the next opening of the day. */
static void
test_terms_after_pull (void)
{
  g_autofree char *path = g_build_filename (dir, "pulled.db", NULL);
  g_autoptr(AccStore) pulled = acc_test_open_new (dir, "pulled.db");
  g_autoptr(AccStore) ended = NULL;
  g_autoptr(GPtrArray) docs = acc_test_fixture_docs ();
  g_autoptr(GPtrArray) families = g_ptr_array_new ();
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  split_families (docs, families, rest);

  /* The children arrive before their families: found by nothing yet, not even their names. */
  put_received (pulled, (JsonObject **) rest->pdata, rest->len, ACC_PUT_MORE_COMING);
  g_assert_cmpuint (count_found (pulled, "zoe"), ==, 0);
  g_assert_cmpuint (count_found (pulled, "lea"), ==, 0);

  /* The Lefèvre family is complete with its customer and booking; the Martins still lack
   * theirs. */
  put_received (pulled, (JsonObject **) families->pdata, 2, ACC_PUT_MORE_COMING);
  g_assert_cmpuint (count_found (pulled, "helene"), ==, 4);
  g_assert_cmpuint (count_found (pulled, "zoe"), ==, 2);
  g_assert_cmpuint (count_found (pulled, "lea"), ==, 0);

  /* Killed here: the next opening writes the terms left waiting. */
  g_clear_object (&pulled);
  pulled = acc_store_open (path, ACC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_found (pulled, "lea"), ==, 1);
  g_assert_cmpuint (count_found (pulled, "helene"), ==, 4);

  /* A batch that ends a pull, even an empty one, writes what the ones before it left. */
  ended = acc_test_open_new (dir, "ended.db");
  put_received (ended, (JsonObject **) rest->pdata, rest->len, ACC_PUT_MORE_COMING);
  put_received (ended, NULL, 0, ACC_PUT_DEFAULT);
  g_assert_cmpuint (count_found (ended, "zoe"), ==, 2);

  /* Its family arriving in a later pull makes the family findable. */
  put_received (ended, (JsonObject **) families->pdata, families->len, ACC_PUT_DEFAULT);
  g_assert_cmpuint (count_found (ended, "km7px3"), ==, 4);
}

/* Two replicas that hold the same documents, received in other orders, find the same
 * enrollments in the same order, also when there are more matches than the limit. */
static void
test_same_on_replicas (void)
{
  g_autoptr(AccStore) a = acc_test_open_new (dir, "replica-a.db");
  g_autoptr(AccStore) b = acc_test_open_new (dir, "replica-b.db");
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) reversed = g_ptr_array_new ();
  g_autoptr(GPtrArray) found_a = NULL, found_b = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 60;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *participant = g_strdup_printf (
        "{\"_id\":\"20000000-0000-4000-8000-%012u\",\"_rev\":\"1-a\",\"type\":\"participant\","
        "\"schema\":1,\"booking_id\":\"" FX_BOOKING "\",\"first_name\":\"Jean%02u\","
        "\"last_name\":\"Martin\"}", i, i);
      g_autofree char *enrollment = g_strdup_printf (
        "{\"_id\":\"21000000-0000-4000-8000-%012u\",\"_rev\":\"1-a\",\"type\":\"enrollment\","
        "\"schema\":1,\"participant_id\":\"20000000-0000-4000-8000-%012u\","
        "\"session_id\":\"" FX_SESSION_AM "\",\"booking_id\":\"" FX_BOOKING "\","
        "\"planned_group_id\":null,\"status\":\"booked\"}", i, i);

      g_ptr_array_add (docs, acc_test_parse (participant));
      g_ptr_array_add (docs, acc_test_parse (enrollment));
    }
  for (guint i = docs->len; i > 0; i--)
    g_ptr_array_add (reversed, g_ptr_array_index (docs, i - 1));

  acc_test_put_fixture (a);
  acc_test_put_fixture (b);
  g_assert_true (acc_store_put_documents (a, (JsonObject **) docs->pdata, docs->len,
                                          ACC_PUT_DEFAULT, &error));
  g_assert_true (acc_store_put_documents (b, (JsonObject **) reversed->pdata, reversed->len,
                                          ACC_PUT_DEFAULT, &error));
  g_assert_no_error (error);

  found_a = acc_store_search (a, "martin", 10, &error);
  found_b = acc_store_search (b, "martin", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found_a->len, ==, 10);
  g_assert_cmpuint (found_b->len, ==, 10);
  for (guint i = 0; i < found_a->len; i++)
    g_assert_cmpstr (((AccEnrollmentRow *) g_ptr_array_index (found_a, i))->enrollment_id, ==,
                     ((AccEnrollmentRow *) g_ptr_array_index (found_b, i))->enrollment_id);
}

static void
test_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = acc_store_search (store, "lefevre", 2, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);

  dir = acc_test_make_dir ();
  store = acc_test_open_new (dir, "day.db");
  acc_test_put_fixture (store);

  g_test_add_func ("/search/accents-and-case", test_accents_and_case);
  g_test_add_func ("/search/prefixes", test_prefixes);
  g_test_add_func ("/search/payer-and-reference", test_payer_and_reference);
  g_test_add_func ("/search/phone", test_phone);
  g_test_add_func ("/search/duplicates", test_duplicates);
  g_test_add_func ("/search/renamed-placeholder", test_renamed_placeholder);
  g_test_add_func ("/search/arrival-order", test_arrival_order);
  g_test_add_func ("/search/participant-changes", test_participant_changes);
  g_test_add_func ("/search/terms-after-pull", test_terms_after_pull);
  g_test_add_func ("/search/limit", test_limit);
  g_test_add_func ("/search/same-on-replicas", test_same_on_replicas);

  rc = g_test_run ();

  g_clear_object (&store);
  acc_test_remove_dir (dir);
  g_free (dir);
  return rc;
}
