/* test-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "acc-document.h"
#include "acc-error.h"
#include "acc-test-util.h"

/* A directory of its own for each test, and the path of the day's database in it. */
typedef struct
{
  char     *dir;
  char     *path;
  AccStore *store; /* With fixture_set_up_store(): a new day at path, holding the fixture. */
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  fx->dir = acc_test_make_dir ();
  fx->path = g_build_filename (fx->dir, "day.db", NULL);
}

static void
fixture_set_up_store (Fixture       *fx,
                      gconstpointer  data)
{
  fixture_set_up (fx, data);
  fx->store = acc_test_open_new (fx->dir, "day.db");
  acc_test_put_fixture (fx->store);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->store);
  acc_test_remove_dir (fx->dir);
  g_free (fx->dir);
  g_free (fx->path);
}

#define add_test(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define add_test_with_store(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up_store, func, fixture_tear_down)

/* Opens the day's database again, as a restarted desk does. */
static AccStore *
reopen (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  AccStore *store = acc_store_open (fx->path, ACC_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return store;
}

static void
test_open_create_reopen (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *device = NULL;
  g_autoptr(GError) error = NULL;
  AccStore *store;
  AccStoreStatus status;

  store = acc_test_open_new (fx->dir, "day.db");
  device = g_strdup (acc_store_get_device_id (store));
  acc_test_put_fixture (store);
  g_object_unref (store);

  store = reopen (fx);
  g_assert_cmpstr (acc_store_get_device_id (store), ==, device);
  g_assert_true (acc_store_get_status (store, &status, &error));
  g_assert_cmpuint (status.enrollments, ==, 4);
  g_assert_cmpuint (status.pending, ==, 0);
  {
    g_autofree char *school = acc_store_dup_school_name (store);
    g_autofree char *day = acc_store_dup_day (store);
    g_assert_cmpstr (school, ==, "École de test");
    g_assert_cmpstr (day, ==, "2026-12-26");
  }
  g_object_unref (store);
}

/* The text that @sql reads from the database at @path, on a connection of its own. */
static char *
read_text (const char *path,
           const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *s;
  char *value;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &s, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
  sqlite3_close (db);

  return value;
}

static int
read_int (const char *path,
          const char *sql)
{
  g_autofree char *text = read_text (path, sql);

  g_assert_nonnull (text);
  return atoi (text);
}

static void
assert_schema_version (const char *path,
                       int         expected)
{
  g_assert_cmpint (read_int (path, "PRAGMA user_version"), ==, expected);
}

/* The store's CHECKPOINT_BYTES and CHECKPOINT_BYTES_MAX. */
#define WAL_CHECKPOINT (4 * 1024 * 1024)
#define WAL_MAX (40 * 1024 * 1024)

/* Stores enrollments @first to @first + @n - 1 of the fixture's Zoé, in one transaction. */
static void
put_enrollments (AccStore *store,
                 guint     first,
                 guint     n)
{
  g_autoptr(GString) docs = g_string_new ("[");

  for (guint i = first; i < first + n; i++)
    g_string_append_printf (docs, "%s{\"_id\":\"70000000-0000-4000-8000-%012u\",\"_rev\":\"1-a\","
                            "\"type\":\"enrollment\",\"schema\":1,\"participant_id\":\"" FX_ZOE "\","
                            "\"session_id\":\"" FX_SESSION_AM "\",\"booking_id\":\"" FX_BOOKING "\","
                            "\"planned_group_id\":null,\"status\":\"booked\"}",
                            i > first ? "," : "", i);
  g_string_append (docs, "]");
  acc_test_put_json (store, docs->str);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

/* A new day has pages of 16 KiB; a day created with smaller ones keeps them and works. */
static void
test_page_size (Fixture       *fx,
                gconstpointer  data)
{
  AccStore *store = acc_test_open_new (fx->dir, "day.db");
  sqlite3 *db;

  acc_test_put_fixture (store);
  g_object_unref (store);
  g_assert_cmpint (read_int (fx->path, "PRAGMA page_size"), ==, 16384);

  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096;"
                                 "VACUUM", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (read_int (fx->path, "PRAGMA page_size"), ==, 4096);

  store = reopen (fx);
  g_assert_cmpuint (acc_test_get_status (store).enrollments, ==, 4);
  put_enrollments (store, 0, 10);
  g_assert_cmpuint (acc_test_get_status (store).enrollments, ==, 14);
  g_object_unref (store);
  g_assert_cmpint (read_int (fx->path, "PRAGMA page_size"), ==, 4096);
}

static void
test_migrate (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(AccStore) store = acc_test_open_new (fx->dir, "day.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  AccStoreStatus status;
  int n_terms;
  sqlite3 *db;

  assert_schema_version (fx->path, ACC_STORE_SCHEMA_VERSION);

  /* A day written at version 1 (before the table of waiting search terms, the index of
   * instructors' groups, the tables kept by rowid and the participants' numbers, by arrival
   * then from their ids) keeps its
   * documents and its search terms, and reaches the current version. */
  acc_test_put_fixture (store);
  g_clear_object (&store);
  n_terms = read_int (fx->path, "SELECT count(*) FROM search_term");
  g_assert_cmpint (n_terms, >, 0);
  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE stale_terms; DROP INDEX grp_instructor;"
                                 "ALTER TABLE doc_leaf DROP COLUMN ancestors;"
                                 "DROP TRIGGER doc_leaf_deleted;"
                                 "DROP INDEX doc_seq; ALTER TABLE doc DROP COLUMN seq;"
                                 "CREATE TABLE e1 (id TEXT PRIMARY KEY, participant_id TEXT,"
                                 " session_id TEXT, booking_id TEXT, planned_group_id TEXT,"
                                 " status TEXT, group_id TEXT, checked_in INTEGER NOT NULL,"
                                 " attendance TEXT NOT NULL, n_conflicts INTEGER NOT NULL)"
                                 " WITHOUT ROWID;"
                                 "INSERT INTO e1 SELECT id, participant_id, session_id, booking_id,"
                                 " planned_group_id, status, group_id, checked_in, attendance,"
                                 " n_conflicts FROM enrollment;"
                                 "DROP TABLE enrollment; ALTER TABLE e1 RENAME TO enrollment;"
                                 "CREATE TABLE t1 (term TEXT NOT NULL, participant_id TEXT NOT NULL,"
                                 " PRIMARY KEY (term, participant_id)) WITHOUT ROWID;"
                                 "INSERT INTO t1 SELECT t.term, p.id FROM search_term t"
                                 " JOIN participant p ON p.n = t.participant;"
                                 "DROP TABLE search_term; ALTER TABLE t1 RENAME TO search_term;"
                                 "CREATE INDEX search_term_participant"
                                 " ON search_term (participant_id, term);"
                                 "CREATE TABLE p1 (id TEXT PRIMARY KEY, booking_id TEXT,"
                                 " first_name TEXT, last_name TEXT, birth_year INTEGER,"
                                 " level_id TEXT, allergies TEXT, medical_notes TEXT,"
                                 " emergency_phone TEXT, pickup_adults TEXT, placeholder INTEGER)"
                                 " WITHOUT ROWID;"
                                 "INSERT INTO p1 SELECT id, booking_id, first_name, last_name,"
                                 " birth_year, level_id, allergies, medical_notes, emergency_phone,"
                                 " pickup_adults, placeholder FROM participant;"
                                 "DROP TABLE participant; ALTER TABLE p1 RENAME TO participant;"
                                 "PRAGMA user_version = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_schema_version (fx->path, 1);

  store = reopen (fx);
  assert_schema_version (fx->path, ACC_STORE_SCHEMA_VERSION);
  g_assert_true (acc_store_get_status (store, &status, &error));
  g_assert_cmpuint (status.enrollments, ==, 4);
  /* Migration 3's index, and migration 4's tables with their indexes. */
  g_assert_cmpint (read_int (fx->path, "SELECT count(*) FROM sqlite_master"
                               " WHERE type = 'index' AND name = 'grp_instructor'"), ==, 1);
  g_assert_cmpint (read_int (fx->path, "SELECT count(*) FROM sqlite_master"
                               " WHERE name IN ('booking', 'participant', 'enrollment')"
                               " AND sql NOT LIKE '%WITHOUT ROWID%'"), ==, 3);
  g_assert_cmpint (read_int (fx->path, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                               " AND tbl_name = 'enrollment' AND sql IS NOT NULL"), ==, 4);
  g_assert_cmpint (read_int (fx->path, "SELECT count(*) FROM enrollment"), ==,
                   read_int (fx->path, "SELECT count(*) FROM doc WHERE type = 'enrollment'"));
  /* Migration 5: every term kept, under its participant's number. */
  g_assert_cmpint (read_int (fx->path, "SELECT count(*) FROM search_term t"
                               " JOIN participant p ON p.n = t.participant"), ==, n_terms);
  rows = acc_store_search (store, "zoé lefèvre", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpstr (((AccEnrollmentRow *) g_ptr_array_index (rows, 0))->participant_id, ==,
                   FX_ZOE);
  g_clear_object (&store);

  /* Migration 6: each participant has the number a replica written now gives it. */
  {
    g_autoptr(AccStore) fresh = acc_test_open_new (fx->dir, "fresh.db");
    g_autofree char *fresh_path = g_build_filename (fx->dir, "fresh.db", NULL);
    g_autofree char *attach = g_strdup_printf ("ATTACH '%s' AS fresh", fresh_path);
    sqlite3_stmt *s = NULL;

    acc_test_put_fixture (fresh);
    g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, attach, NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM participant),"
                                         " (SELECT count(*) FROM participant p JOIN"
                                         " fresh.participant q ON q.id = p.id AND q.n = p.n)",
                                         -1, &s, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (s, 0), >, 0);
    g_assert_cmpint (sqlite3_column_int (s, 1), ==, sqlite3_column_int (s, 0));
    sqlite3_finalize (s);
    sqlite3_close (db);
  }
}

static gint64
update_seq (AccStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 seq = -1, n_docs = -1, n_deleted = -1;

  g_assert_true (acc_store_get_update_seq (store, &seq, &n_docs, &n_deleted, &error));
  g_assert_no_error (error);
  return seq;
}

static gint64
seq_of (AccStore   *store,
        const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = acc_store_list_changes (store, 0, 1000, FALSE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < changes->len; i++)
    {
      AccDocLeaves *doc = g_ptr_array_index (changes, i);
      if (g_str_equal (doc->id, id))
        return doc->seq;
    }
  return -1;
}

/* Migration 7: every document has an update sequence, which moves when its leaves change,
 * whoever stores them, and not when a revision held already comes again. */
static void
test_update_seq (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(AccStore) store = acc_test_open_new (fx->dir, "day.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  const char *ids[] = { FX_E_ZOE, NULL };
  gint64 seq, seq_after, n_docs = 0, n_deleted = 0;
  int n_held;
  sqlite3 *db;

  g_assert_cmpint (update_seq (store), ==, 0);
  acc_test_put_fixture (store);
  seq = update_seq (store);
  n_held = read_int (fx->path, "SELECT count(*) FROM doc");
  g_assert_cmpint (read_int (fx->path, "SELECT count(DISTINCT seq) FROM doc"), ==, n_held);
  g_assert_true (acc_store_get_update_seq (store, &seq, &n_docs, &n_deleted, &error));
  g_assert_cmpint (n_docs + n_deleted, ==, n_held);

  /* A desk write is one change more; the same revisions received again are none. */
  g_assert_true (acc_store_check_in (store, ids, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (update_seq (store), ==, seq + 1);
  acc_test_put_fixture (store);
  g_assert_cmpint (update_seq (store), ==, seq + 1);

  /* A new revision of a document moves it after every other. */
  acc_test_put_json (store, "[{\"_id\":\"" FX_LEVEL "\",\"_rev\":\"2-b\",\"type\":\"level\","
                     "\"schema\":1,\"code\":\"L2\",\"label\":\"Two\",\"order\":2,"
                     "\"discipline\":\"ski\",\"min_age\":4,\"max_age\":null}]");
  seq_after = update_seq (store);
  g_assert_cmpint (seq_after, >, seq + 1);
  g_assert_cmpint (seq_of (store, FX_LEVEL), ==, seq_after);
  changes = acc_store_list_changes (store, seq_after - 1, 10, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpstr (((AccDocLeaves *) g_ptr_array_index (changes, 0))->id, ==, FX_LEVEL);
  g_clear_pointer (&changes, g_ptr_array_unref);

  /* So does a leaf that does not win: the document has a conflict now, winner first. */
  acc_test_put_json (store, "[{\"_id\":\"" FX_LEVEL "\",\"_rev\":\"2-a\",\"type\":\"level\","
                     "\"schema\":1,\"code\":\"L3\",\"label\":\"Three\",\"order\":3,"
                     "\"discipline\":\"ski\",\"min_age\":4,\"max_age\":null}]");
  g_assert_cmpint (update_seq (store), >, seq_after);
  changes = acc_store_list_changes (store, seq_after, 10, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 1);
  {
    AccDocLeaves *doc = g_ptr_array_index (changes, 0);

    g_assert_cmpstr (doc->id, ==, FX_LEVEL);
    g_assert_cmpuint (doc->leaves->len, ==, 2);
    g_assert_cmpstr (((AccLeaf *) g_ptr_array_index (doc->leaves, 0))->rev, ==, "2-b");
  }
  g_clear_object (&store);

  /* A replica of version 6 numbers its documents as it reaches version 7. */
  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "ALTER TABLE doc_leaf DROP COLUMN ancestors;"
                                 "DROP TRIGGER doc_leaf_deleted;"
                                 "DROP INDEX doc_seq; ALTER TABLE doc DROP COLUMN seq;"
                                 "ALTER TABLE enrollment DROP COLUMN planned_status;"
                                 "PRAGMA user_version = 6",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = reopen (fx);
  assert_schema_version (fx->path, ACC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (update_seq (store), ==, read_int (fx->path, "SELECT count(*) FROM doc"));
  g_assert_cmpint (seq_of (store, FX_LEVEL), >, 0);

  /* A replica of version 7 keeps its leaves, with no ancestors known, as it reaches
   * version 8; those that arrive next keep theirs. */
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "ALTER TABLE doc_leaf DROP COLUMN ancestors;"
                                 "ALTER TABLE enrollment DROP COLUMN planned_status;"
                                 "PRAGMA user_version = 7",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = reopen (fx);
  assert_schema_version (fx->path, ACC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (read_int (fx->path, "SELECT count(*) FROM doc_leaf WHERE ancestors IS NULL"),
                   ==, read_int (fx->path, "SELECT count(*) FROM doc_leaf"));
  acc_test_put_json (store, "[{\"_id\":\"" FX_LEVEL "\",\"_rev\":\"3-c\",\"type\":\"level\","
                     "\"_revisions\":{\"start\":3,\"ids\":[\"c\",\"b\",\"aaaa\"]},"
                     "\"schema\":1,\"code\":\"L3\",\"label\":\"Three\",\"order\":3,"
                     "\"discipline\":\"ski\",\"min_age\":4,\"max_age\":null}]");
  {
    g_autoptr(AccDocLeaves) doc = acc_store_get_leaves (store, FX_LEVEL, &error);

    /* 2-b, its ancestor, goes; 2-a, in conflict with it, stays. */
    g_assert_no_error (error);
    g_assert_cmpuint (doc->leaves->len, ==, 2);
    g_assert_cmpstr (((AccLeaf *) g_ptr_array_index (doc->leaves, 0))->rev, ==, "3-c");
    g_assert_cmpstr (((AccLeaf *) g_ptr_array_index (doc->leaves, 0))->ancestors, ==,
                     "[\"b\",\"aaaa\"]");
  }

  /* A replica of version 8 keeps each enrollment's status as its plan as it reaches version
   * 9, where facts may change it: the cancelled enrollment stays cancelled. */
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "ALTER TABLE enrollment DROP COLUMN planned_status;"
                                 "PRAGMA user_version = 8",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = reopen (fx);
  assert_schema_version (fx->path, ACC_STORE_SCHEMA_VERSION);
  g_assert_cmpint (read_int (fx->path, "SELECT count(*) FROM enrollment"
                               " WHERE planned_status IS status AND status IS NOT NULL"), ==,
                   read_int (fx->path, "SELECT count(*) FROM enrollment"));
  g_assert_true (acc_store_rederive (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (read_int (fx->path, "SELECT count(*) FROM enrollment"
                               " WHERE status = 'cancelled'"), ==, 1);
}

static void
test_missing (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AccStore *store = acc_store_open (fx->path, ACC_STORE_OPEN_DEFAULT, &error);

  g_assert_null (store);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (fx->path, G_FILE_TEST_EXISTS));
}

static void
assert_refused_unchanged (const char *path,
                          int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  gsize len_before, len_after;
  AccStore *store;

  before = acc_test_read_file (path, &len_before);
  store = acc_store_open (path, ACC_STORE_OPEN_CREATE, &error);
  g_assert_null (store);
  g_assert_error (error, ACC_ERROR, code);
  g_assert_null (strchr (error->message, '\n'));
  after = acc_test_read_file (path, &len_after);
  g_assert_cmpmem (before, len_before, after, len_after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refuse_newer (Fixture       *fx,
                   gconstpointer  data)
{
  AccStore *store;
  sqlite3 *db;

  store = acc_test_open_new (fx->dir, "day.db");
  acc_test_put_fixture (store);
  g_object_unref (store);

  g_assert_cmpint (sqlite3_open (fx->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_refused_unchanged (fx->path, ACC_ERROR_NEWER_SCHEMA);
}

static void
test_refuse_garbage (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *text = g_build_filename (fx->dir, "notes.txt", NULL);
  g_autofree char *foreign = g_build_filename (fx->dir, "foreign.db", NULL);
  g_autofree char *truncated = g_build_filename (fx->dir, "truncated.db", NULL);
  g_autofree char *empty = g_build_filename (fx->dir, "empty.db", NULL);
  g_autofree char *good = g_build_filename (fx->dir, "good.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  AccStore *store;
  gsize length;
  sqlite3 *db;

  g_assert_true (g_file_set_contents (text, "Liste des moniteurs\nAnne\n", -1, NULL));
  assert_refused_unchanged (text, ACC_ERROR_CORRUPT);

  g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused_unchanged (foreign, ACC_ERROR_CORRUPT);

  /* A database cut in the middle, as after a bad copy. */
  store = acc_test_open_new (fx->dir, "good.db");
  acc_test_put_fixture (store);
  g_object_unref (store);
  g_assert_cmpint (sqlite3_open (good, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);
  contents = acc_test_read_file (good, &length);
  memset (contents, 0x5a, 100);
  g_assert_true (g_file_set_contents (truncated, contents, length / 2, NULL));
  assert_refused_unchanged (truncated, ACC_ERROR_CORRUPT);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  store = acc_store_open (empty, ACC_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_CORRUPT);
}

/* Documents received as JSON text are stored as the same documents received as objects, and
 * each text is kept as it came. */
static void
test_put_texts (Fixture       *fx,
                gconstpointer  data)
{
  /* Members out of order, spaces, a number written as the cloud writes it. */
  static const char customer[] =
    "{ \"type\": \"customer\", \"_rev\": \"1-b\", \"_id\": \"cust-as-sent\", \"schema\": 1,"
    " \"last_name\": \"Dupont\", \"loyalty\": {\"z\": 1.50, \"a\": []} }";
  g_autofree char *path = g_build_filename (fx->dir, "texts.db", NULL);
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) kept = NULL;
  g_autoptr(AccStore) as_objects = acc_test_open_new (fx->dir, "objects.db");
  g_autoptr(AccStore) as_texts = acc_test_open_new (fx->dir, "texts.db");
  g_autoptr(GPtrArray) docs = acc_test_fixture_docs ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  const char *bad[] = { "{\"_id\":\"x\"", "[1]", "{\"_id\":\"x\",\"_rev\":\"1-a\",\"n\":1e400}" };
  AccPutOutcome outcome = { 0 };

  for (guint i = 0; i < docs->len; i++)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (),
                                                        g_ptr_array_index (docs, i));

      g_ptr_array_add (texts, json_to_string (node, FALSE));
    }

  g_assert_true (acc_store_put_batch (as_objects,
                                      &(AccPutBatch) {
                                        .docs = (JsonObject **) docs->pdata,
                                        .n_docs = docs->len,
                                      },
                                      NULL, &error));
  g_assert_no_error (error);
  /* Half as objects, half as text, as a page of the feed mixes them. */
  g_assert_true (acc_store_put_batch (as_texts,
                                      &(AccPutBatch) {
                                        .docs = (JsonObject **) docs->pdata,
                                        .n_docs = 2,
                                        .texts = (const char * const *) texts->pdata + 2,
                                        .n_texts = texts->len - 2,
                                        .meta_key = "checkpoint",
                                        .meta_value = "7",
                                      },
                                      &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (outcome.n_new, ==, docs->len);
  g_assert_cmpuint (outcome.n_refused, ==, 0);

  expected = acc_test_export (as_objects);
  got = acc_test_export (as_texts);
  g_assert_cmpstr (got, ==, expected);

  g_assert_true (acc_store_put_batch (as_texts,
                                      &(AccPutBatch) {
                                        .texts = (const char *[]) { customer },
                                        .n_texts = 1,
                                      },
                                      NULL, &error));
  g_assert_no_error (error);
  body = read_text (path, "SELECT body FROM doc_leaf WHERE id = 'cust-as-sent'");
  g_assert_cmpstr (body, ==, customer);
  kept = acc_store_dup_document (as_texts, "cust-as-sent", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (acc_document_get_string (kept, "_rev"), ==, "1-b");
  g_assert_cmpstr (acc_document_get_string (kept, "last_name"), ==, "Dupont");

  /* A text that is not a JSON object is refused, the rest of its batch stored. */
  before = acc_test_export (as_texts);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *texts_bad[] = { g_ptr_array_index (texts, 0), bad[i] };
      g_autofree char *after = NULL;
      g_autofree char *checkpoint = NULL;
      g_autofree char *seq = g_strdup_printf ("%u", 8 + i);

      g_assert_true (acc_store_put_batch (as_texts,
                                          &(AccPutBatch) {
                                            .texts = texts_bad,
                                            .n_texts = 2,
                                            .meta_key = "checkpoint",
                                            .meta_value = seq,
                                          },
                                          &outcome, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (outcome.n_refused, ==, 1);
      g_assert_nonnull (outcome.refusal);
      acc_put_outcome_clear (&outcome);
      after = acc_test_export (as_texts);
      g_assert_cmpstr (after, ==, before);
      checkpoint = acc_store_dup_meta (as_texts, "checkpoint");
      g_assert_cmpstr (checkpoint, ==, seq);
    }
}

static void
test_revisions (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* A second revision with its history replaces the first. */
  acc_test_put_json (fx->store, "[{\"_id\":\"" FX_SCHOOL "\",\"_rev\":\"2-bbbb\",\"type\":\"school\","
                     "\"schema\":1,\"name\":\"École renommée\",\"timezone\":\"Europe/Paris\","
                     "\"_revisions\":{\"start\":2,\"ids\":[\"bbbb\",\"aaaa\"]}}]");
  {
    g_autoptr(JsonObject) doc = acc_store_dup_document (fx->store, FX_SCHOOL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (acc_document_get_string (doc, "_rev"), ==, "2-bbbb");
  }

  /* Two conflicting third revisions: the greater hash wins, in whatever order they come. */
  acc_test_put_json (fx->store, "[{\"_id\":\"" FX_SCHOOL "\",\"_rev\":\"3-ffff\",\"type\":\"school\","
                     "\"schema\":1,\"name\":\"Branche F\",\"timezone\":\"Europe/Paris\","
                     "\"_revisions\":{\"start\":3,\"ids\":[\"ffff\",\"bbbb\"]}}]");
  acc_test_put_json (fx->store, "[{\"_id\":\"" FX_SCHOOL "\",\"_rev\":\"3-cccc\",\"type\":\"school\","
                     "\"schema\":1,\"name\":\"Branche C\",\"timezone\":\"Europe/Paris\","
                     "\"_revisions\":{\"start\":3,\"ids\":[\"cccc\",\"bbbb\"]}}]");
  {
    g_autofree char *name = acc_store_dup_school_name (fx->store);
    g_assert_cmpstr (name, ==, "Branche F");
  }

  /* The winner deleted: the other branch shows. */
  acc_test_put_json (fx->store, "[{\"_id\":\"" FX_SCHOOL "\",\"_rev\":\"4-dddd\",\"_deleted\":true,"
                     "\"_revisions\":{\"start\":4,\"ids\":[\"dddd\",\"ffff\"]}}]");
  {
    g_autofree char *name = acc_store_dup_school_name (fx->store);
    g_assert_cmpstr (name, ==, "Branche C");
  }

  /* The same revision again changes nothing. */
  acc_test_put_json (fx->store, "[{\"_id\":\"" FX_SCHOOL "\",\"_rev\":\"3-cccc\",\"type\":\"school\","
                     "\"schema\":1,\"name\":\"Branche C\",\"timezone\":\"Europe/Paris\"}]");
  {
    g_autofree char *name = acc_store_dup_school_name (fx->store);
    g_assert_cmpstr (name, ==, "Branche C");
  }
}

static void
test_unusable_kept (Fixture       *fx,
                    gconstpointer  data)
{
  AccStore *store = fx->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) kept = NULL;
  g_autoptr(AccEnrollmentRow) row = NULL;

  acc_test_put_json (store, "[{\"_id\":\"odd\",\"_rev\":\"1-x\",\"type\":\"spaceship\",\"schema\":1},"
                     "{\"_id\":\"bad-enrollment\",\"_rev\":\"1-x\",\"type\":\"enrollment\","
                     "\"schema\":1,\"participant_id\":7}]");

  kept = acc_store_dup_document (store, "odd", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (acc_document_get_string (kept, "type"), ==, "spaceship");

  row = acc_store_get_enrollment (store, "bad-enrollment", &error);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_assert_null (row);
}

/* A received document that is no document of the day is kept nowhere, the others of its
 * batch are stored with their checkpoint, and the batch says what it refused; a desk's own
 * write with such an id is an error. */
static void
test_refused_kept_nowhere (Fixture       *fx,
                           gconstpointer  data)
{
  static const char * const texts[] = {
    "{\"_id\":\"../../etc/passwd\",\"_rev\":\"1-x\",\"type\":\"customer\",\"schema\":1,"
    "\"first_name\":\"A\",\"last_name\":\"B\"}",
    "{\"_id\":\"c1\",\"_rev\":\"1-x\",\"type\":\"customer\",\"schema\":1,"
    "\"first_name\":\"A\",\"last_name\":\"B\"}",
    "{\"_id\":\"c2\",\"_rev\":\"x\",\"type\":\"customer\",\"schema\":1}",
  };
  g_autoptr(AccStore) store = acc_test_open_new (fx->dir, "day.db");
  g_autoptr(JsonObject) bad_revisions = acc_test_parse (
    "{\"_id\":\"c3\",\"_rev\":\"2-y\",\"_revisions\":{\"start\":2,\"ids\":7},"
    "\"type\":\"customer\",\"schema\":1,\"first_name\":\"A\",\"last_name\":\"B\"}");
  g_autoptr(JsonObject) path_id = acc_test_parse ("{\"_id\":\"a/b\",\"type\":\"fact\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) kept = NULL;
  g_autofree char *checkpoint = NULL;
  AccPutOutcome outcome = { 0 };
  const char *ids[] = { "../../etc/passwd", "c2", "c3" };

  g_assert_true (acc_store_put_batch (store,
                                      &(AccPutBatch) {
                                        .docs = &bad_revisions,
                                        .n_docs = 1,
                                        .texts = texts,
                                        .n_texts = G_N_ELEMENTS (texts),
                                        .meta_key = "checkpoint",
                                        .meta_value = "9",
                                      },
                                      &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (outcome.n_new, ==, 1);
  g_assert_cmpuint (outcome.n_refused, ==, 3);
  g_assert_nonnull (strstr (outcome.refusal, "revision history"));
  acc_put_outcome_clear (&outcome);
  g_assert_null (outcome.refusal);

  kept = acc_store_dup_document (store, "c1", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(JsonObject) none = acc_store_dup_document (store, ids[i], &error);

      g_assert_null (none);
      g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
      g_clear_error (&error);
    }
  g_assert_cmpuint (acc_test_get_status (store).unusable, ==, 0);
  checkpoint = acc_store_dup_meta (store, "checkpoint");
  g_assert_cmpstr (checkpoint, ==, "9");

  g_assert_false (acc_store_put_documents (store, &path_id, 1, ACC_PUT_PENDING, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
}

static void
test_pending (Fixture       *fx,
              gconstpointer  data)
{
  AccStore *store = fx->store;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { FX_E_ZOE, FX_E_NOE, NULL };
  const char *unknown[] = { FX_E_ZOE, "no-such-enrollment", NULL };
  g_autofree char *before = NULL, *after = NULL;
  AccStoreStatus status;

  g_assert_true (acc_store_check_in (store, ids, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (acc_store_get_status (store, &status, &error));
  g_assert_cmpuint (status.pending, ==, 2);
  g_assert_cmpuint (status.checked_in, ==, 2);
  g_assert_cmpint (status.oldest_pending, >, 0);

  /* Checking in again writes nothing new. */
  g_assert_true (acc_store_check_in (store, ids, TRUE, &error));
  g_assert_true (acc_store_get_status (store, &status, &error));
  g_assert_cmpuint (status.pending, ==, 2);

  /* One unknown id: nothing at all is written. */
  before = acc_test_export (store);
  ids[0] = FX_E_ZOE;
  g_assert_true (acc_store_check_in (store, ids, FALSE, &error));
  g_assert_false (acc_store_check_in (store, unknown, TRUE, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = acc_test_export (store);
  g_assert_cmpstr (before, !=, after);
  g_assert_true (acc_store_get_status (store, &status, &error));
  g_assert_cmpuint (status.checked_in, ==, 0);
  g_assert_cmpuint (status.pending, ==, 4);

  /* A cancelled enrollment is refused. */
  {
    const char *cancelled[] = { FX_E_MARTIN, NULL };
    g_assert_false (acc_store_check_in (store, cancelled, TRUE, &error));
    g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  }
}

/* Puts @docs into @store as a pull from another desk (@flags ACC_PUT_FROM_PEER) or from the
 * cloud (0) does. */
static void
put_received (AccStore    *store,
              GPtrArray   *docs,
              AccPutFlags  flags)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (acc_store_put_batch (store,
                                      &(AccPutBatch) {
                                        .docs = (JsonObject **) docs->pdata,
                                        .n_docs = docs->len,
                                        .flags = flags,
                                      },
                                      NULL, &error));
  g_assert_no_error (error);
}

static guint
count_pending (AccStore *store)
{
  g_autoptr(GError) error = NULL;
  AccStoreStatus status;

  g_assert_true (acc_store_get_status (store, &status, &error));
  g_assert_no_error (error);
  return status.pending;
}

/* A fact that came from another desk waits for the cloud on this one too; a planning
 * document does not; and another desk sending back what this desk wrote confirms nothing,
 * while the cloud doing so does. */
static void
test_from_peer (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(AccStore) other = acc_test_open_new (fx->dir, "other.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) theirs = NULL, ours = NULL;
  g_autoptr(GPtrArray) planning = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const char *zoe[] = { FX_E_ZOE, NULL }, *noe[] = { FX_E_NOE, NULL };
  AccStoreStatus status;

  acc_test_put_fixture (other);
  g_assert_true (acc_store_check_in (other, zoe, TRUE, &error));
  theirs = acc_store_list_outbox (other, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (theirs->len, ==, 1);

  put_received (fx->store, theirs, ACC_PUT_FROM_PEER);
  g_assert_true (acc_store_get_status (fx->store, &status, &error));
  g_assert_cmpuint (status.checked_in, ==, 1);
  g_assert_cmpuint (status.pending, ==, 1);

  g_ptr_array_add (planning, acc_test_parse (
    "{\"_id\":\"00000000-0000-4000-8000-0000000000ff\",\"_rev\":\"1-bbbb\","
    "\"type\":\"customer\",\"schema\":1,\"first_name\":\"Ana\",\"last_name\":\"Lopez\","
    "\"phone\":\"\",\"email\":\"\",\"language\":\"es\"}"));
  put_received (fx->store, planning, ACC_PUT_FROM_PEER);
  g_assert_cmpuint (count_pending (fx->store), ==, 1);

  g_assert_true (acc_store_check_in (fx->store, noe, TRUE, &error));
  g_assert_cmpuint (count_pending (fx->store), ==, 2);
  ours = acc_store_list_outbox (fx->store, 10, &error);
  g_assert_cmpuint (ours->len, ==, 2);
  put_received (fx->store, ours, ACC_PUT_FROM_PEER);
  g_assert_cmpuint (count_pending (fx->store), ==, 2);

  put_received (fx->store, ours, 0);
  g_assert_cmpuint (count_pending (fx->store), ==, 0);
}

/* The child checks in one enrollment after another and reports each one the store says is
 * committed; the parent kills it with SIGKILL mid-stream and checks that every reported
 * check-in is in the database. */
static void
test_crash_loses_nothing (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) enrollment_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) reported = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) docs = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  AccStore *store;
  int fds[2];
  pid_t pid;
  FILE *in;
  char line[128];
  int status;

  store = acc_test_open_new (fx->dir, "day.db");
  acc_test_put_fixture (store);
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *id = g_strdup_printf ("10000000-0000-4000-8000-%012u", i);

      g_string_append_printf (docs, "%s{\"_id\":\"%s\",\"_rev\":\"1-a\",\"type\":\"enrollment\","
                              "\"schema\":1,\"participant_id\":\"" FX_ZOE "\","
                              "\"session_id\":\"" FX_SESSION_AM "\",\"booking_id\":\"" FX_BOOKING "\","
                              "\"planned_group_id\":null,\"status\":\"booked\"}",
                              i ? "," : "", id);
      g_ptr_array_add (enrollment_ids, g_steal_pointer (&id));
    }
  g_string_append (docs, "]");
  acc_test_put_json (store, docs->str);
  g_object_unref (store);

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      AccStore *child;

      close (fds[0]);
      child = acc_store_open (fx->path, ACC_STORE_OPEN_DEFAULT, NULL);
      for (guint i = 0; child != NULL && i < enrollment_ids->len; i++)
        {
          const char *one[] = { g_ptr_array_index (enrollment_ids, i), NULL };

          if (!acc_store_check_in (child, one, TRUE, NULL))
            _exit (3);
          dprintf (fds[1], "%s\n", one[0]);
        }
      _exit (2);
    }

  close (fds[1]);
  in = fdopen (fds[0], "r");
  while (reported->len < 60 && fgets (line, sizeof line, in) != NULL)
    g_ptr_array_add (reported, g_strstrip (g_strdup (line)));
  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  g_assert_true (WIFSIGNALED (status));
  /* Lines written before the kill may still be in the pipe. */
  while (fgets (line, sizeof line, in) != NULL)
    g_ptr_array_add (reported, g_strstrip (g_strdup (line)));
  fclose (in);
  g_assert_cmpuint (reported->len, >=, 60);
  g_assert_cmpuint (reported->len, <, enrollment_ids->len);

  store = reopen (fx);
  for (guint i = 0; i < reported->len; i++)
    {
      g_autoptr(AccEnrollmentRow) row = acc_store_get_enrollment (store,
                                                                  g_ptr_array_index (reported, i),
                                                                  &error);
      g_assert_no_error (error);
      g_assert_nonnull (row);
      g_assert_true (row->checked_in);
    }
  g_object_unref (store);
}

/* With the file size limited, as on a full disk, a check-in fails with an error that says
 * so, and every check-in that succeeded before is still there. */
static void
test_disk_full (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) docs = g_string_new ("[");
  AccStore *store;
  pid_t pid;
  int status, n_committed;

  store = acc_test_open_new (fx->dir, "day.db");
  acc_test_put_fixture (store);
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (docs, "%s{\"_id\":\"20000000-0000-4000-8000-%012u\",\"_rev\":\"1-a\","
                            "\"type\":\"enrollment\",\"schema\":1,\"participant_id\":\"" FX_ZOE "\","
                            "\"session_id\":\"" FX_SESSION_AM "\",\"booking_id\":\"" FX_BOOKING "\","
                            "\"planned_group_id\":null,\"status\":\"booked\"}", i ? "," : "", i);
  g_string_append (docs, "]");
  acc_test_put_json (store, docs->str);
  g_object_unref (store);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct rlimit limit = { 64 * 1024, 64 * 1024 };
      AccStore *child = acc_store_open (fx->path, ACC_STORE_OPEN_DEFAULT, NULL);
      guint ok = 0;

      if (child == NULL)
        _exit (250);
      signal (SIGXFSZ, SIG_IGN);
      /* Writes beyond 64 KiB now fail, as on a full disk. */
      setrlimit (RLIMIT_FSIZE, &limit);
      for (guint i = 0; i < 2000; i++)
        {
          g_autofree char *id = g_strdup_printf ("20000000-0000-4000-8000-%012u", i);
          const char *one[] = { id, NULL };
          GError *child_error = NULL;

          if (!acc_store_check_in (child, one, TRUE, &child_error))
            {
              gboolean expected = g_error_matches (child_error, ACC_ERROR, ACC_ERROR_IO);
              g_object_unref (child);
              /* Tell the parent how many check-ins were committed. */
              _exit (expected && ok < 200 ? (int) ok : 251);
            }
          ok++;
        }
      _exit (252);
    }
  waitpid (pid, &status, 0);
  g_assert_true (WIFEXITED (status));
  n_committed = WEXITSTATUS (status);
  g_assert_cmpint (n_committed, <, 200);

  /* The database opens and works: nothing was damaged. */
  store = reopen (fx);
  {
    const char *one[] = { "20000000-0000-4000-8000-000000001999", NULL };
    AccStoreStatus counts;

    g_assert_true (acc_store_get_status (store, &counts, &error));
    g_assert_cmpuint (counts.checked_in, ==, n_committed);
    g_assert_true (acc_store_check_in (store, one, TRUE, &error));
    g_assert_no_error (error);
    g_assert_true (acc_store_get_status (store, &counts, &error));
    g_assert_cmpuint (counts.checked_in, ==, n_committed + 1);
    g_assert_cmpuint (counts.pending, ==, n_committed + 1);
  }
  g_object_unref (store);
}

/* Checkpoints run in the background; even a continuous stream of check-ins keeps the WAL
 * bounded, and every check-in is in the database after reopening. */
static void
test_wal_bounded (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  AccStore *store;
  AccStoreStatus status;
  guint n = 3000;

  store = acc_test_open_new (fx->dir, "day.db");
  acc_test_put_fixture (store);
  put_enrollments (store, 0, n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("70000000-0000-4000-8000-%012u", i);
      const char *one[] = { id, NULL };

      g_assert_true (acc_store_check_in (store, one, TRUE, &error));
      g_assert_no_error (error);
      /* CHECKPOINT_BYTES_MAX, and one transaction more. */
      g_assert_cmpint (file_size (wal), <, WAL_MAX + 100 * (16384 + 24));
    }
  g_object_unref (store);

  store = reopen (fx);
  g_assert_true (acc_store_get_status (store, &status, &error));
  g_assert_cmpuint (status.checked_in, ==, n);
  g_object_unref (store);
}

/* Once the WAL passes CHECKPOINT_BYTES, its pages reach the database file without the writer
 * doing it (it would do so itself only past CHECKPOINT_BYTES_MAX). */
static void
test_checkpoint_in_background (Fixture       *fx,
                               gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  AccStore *store = acc_test_open_new (fx->dir, "day.db");
  goffset created = file_size (fx->path);
  gint64 deadline;

  acc_test_put_fixture (store);
  for (guint i = 0; i < 4; i++)
    put_enrollments (store, i * 1500, 1500);
  g_assert_cmpint (file_size (wal), >, WAL_CHECKPOINT);
  g_assert_cmpint (file_size (wal), <, WAL_MAX);

  /* The WAL holds several versions of some pages: the database grows by less. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (file_size (fx->path) < created + WAL_CHECKPOINT / 2 && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  g_assert_cmpint (file_size (fx->path), >=, created + WAL_CHECKPOINT / 2);

  g_object_unref (store);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_test ("/store/open-create-reopen", test_open_create_reopen);
  add_test ("/store/migrate", test_migrate);
  add_test ("/store/page-size", test_page_size);
  add_test ("/store/update-seq", test_update_seq);
  add_test ("/store/missing", test_missing);
  add_test ("/store/refuse-newer", test_refuse_newer);
  add_test ("/store/refuse-garbage", test_refuse_garbage);
  add_test_with_store ("/store/revisions", test_revisions);
  add_test ("/store/put-texts", test_put_texts);
  add_test_with_store ("/store/unusable-kept", test_unusable_kept);
  add_test ("/store/refused-kept-nowhere", test_refused_kept_nowhere);
  add_test_with_store ("/store/pending", test_pending);
  add_test_with_store ("/store/from-peer", test_from_peer);
  add_test ("/store/crash-loses-nothing", test_crash_loses_nothing);
  add_test ("/store/disk-full", test_disk_full);
  add_test ("/store/wal-bounded", test_wal_bounded);
  add_test ("/store/checkpoint-in-background", test_checkpoint_in_background);

  return g_test_run ();
}
