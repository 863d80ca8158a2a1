/* test-sync.c: replication against a loopback server scripted to misbehave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/wait.h>

#include "acc-credentials.h"
#include "acc-day-opening.h"
#include "acc-document.h"
#include "acc-error.h"
#include "acc-sync-engine.h"
#include "acc-test-server.h"
#include "acc-test-util.h"

static char *dir;

/* Tests */

static void
test_pull_and_push (SyncFixture   *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *ids[] = { FX_E_NOE, NULL };
  AccStoreStatus status;

  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  status = acc_test_get_status (fx->desk);
  g_assert_cmpuint (status.enrollments, ==, 4);
  g_assert_cmpuint (acc_sync_engine_get_received (fx->engine), ==, 22);
  g_assert_cmpint (acc_sync_engine_get_state (fx->engine), ==, ACC_SYNC_ONLINE);
  g_assert_cmpint (acc_sync_engine_get_last_success (fx->engine), >, 0);
  /* A server on this machine answers uncompressed: there is no network to spare. */
  g_assert_false (fx->mock->compression);

  g_assert_true (acc_store_check_in (fx->desk, ids, TRUE, &error));
  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (acc_test_get_status (fx->desk).pending, ==, 0);
  g_assert_cmpuint (g_hash_table_size (fx->mock->docs), ==, 23);
  g_assert_cmpuint (acc_sync_engine_get_sent (fx->engine), ==, 1);

  /* Nothing new (its own check-in does not come back): nothing received, nothing sent. */
  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (acc_sync_engine_get_received (fx->engine), ==, 22);
  g_assert_cmpuint (acc_sync_engine_get_sent (fx->engine), ==, 1);
}

/* With another desk, an engine pulls what it has (its facts then wait here for the cloud too)
 * and sends it what it lacks of what waits for the cloud, which stays waiting. */
static void
test_peer (SyncFixture   *fx,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(JsonObject) doc = acc_test_remote_checkin ("00000000-0000-4000-8000-0000000000f1",
                                                       "peer", FX_E_ZOE);
  const char *ids[] = { FX_E_NOE, NULL };
  AccStoreStatus status;

  mock_store (fx->mock, doc);
  engine = acc_sync_engine_new (fx->desk, fx->mock->url, ACC_SYNC_FLAGS_PEER, &error);
  g_assert_no_error (error);
  assert_runs (engine, ACC_SYNC_PULL_PUSH);
  g_assert_true (acc_store_check_in (fx->desk, ids, TRUE, &error));
  assert_runs (engine, ACC_SYNC_PULL_PUSH);

  status = acc_test_get_status (fx->desk);
  g_assert_cmpuint (status.checked_in, ==, 2);
  g_assert_cmpuint (status.pending, ==, 2);
  g_assert_cmpuint (fx->mock->n_bulk_docs, ==, 1);
  g_assert_cmpuint (acc_sync_engine_get_sent (engine), ==, 1);
  g_assert_cmpuint (g_hash_table_size (fx->mock->docs), ==, 24);

  /* Sent again, nothing: the other desk has it all. */
  assert_runs (engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (fx->mock->n_bulk_docs, ==, 1);
  g_assert_cmpuint (acc_test_get_status (fx->desk).pending, ==, 2);
}

static void
test_server_down (SyncFixture   *fx,
                  gconstpointer  data)
{
  /* A port nobody listens on: the mock's, after it stopped. */
  g_clear_pointer (&fx->mock, mock_free);
  assert_fails_keeping (fx->engine, fx->desk, "Cannot reach the server at 127.0.0.1");
}

static void
test_dns_failure (void)
{
  g_autoptr(AccStore) desk = desk_with_pending (dir, "dns.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(AccSyncEngine) engine =
    acc_sync_engine_new (desk, "http://no-such-host.invalid/db", ACC_SYNC_FLAGS_ALLOW_INSECURE,
                         &error);

  g_assert_no_error (error);
  acc_sync_engine_set_limits (engine, 2, 1024 * 1024);
  assert_fails_keeping (engine, desk, "no-such-host.invalid");
}

static void
test_refuse_insecure (void)
{
  g_autoptr(AccStore) desk = acc_test_open_new (dir, "insecure.db");
  g_autoptr(GError) error = NULL;

  g_assert_null (acc_sync_engine_new (desk, "http://cloud.example.org/db", 0, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (acc_sync_engine_new (desk, "ftp://127.0.0.1/db", 0, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (acc_sync_engine_new (desk, "https://cloud.example.org/", 0, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
}

static void
test_status_codes (SyncFixture   *fx,
                   gconstpointer  data)
{
  static const struct { guint status; const char *needle; } cases[] = {
    { 401, "HTTP 401" }, { 403, "HTTP 403" }, { 404, "does not exist" },
    { 409, "HTTP 409 while opening the database. The server says: “409”" }, { 500, "HTTP 500" },
    { 503, "HTTP 503" },
  };
  fx->mock->mode = MODE_STATUS;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      fx->mock->status = cases[i].status;
      assert_fails_keeping (fx->engine, fx->desk, cases[i].needle);
    }
}

static void
test_bad_answers (SyncFixture   *fx,
                  gconstpointer  data)
{
  static const struct { MockMode mode; const char *needle; } cases[] = {
    { MODE_MALFORMED, "does not read: it is cut short" },
    { MODE_BAD_DOCUMENT, "does not read: it is not UTF-8 text" },
    { MODE_RESET, "Cannot reach the server" },
    { MODE_SLOW, "did not answer in time" },
    { MODE_HUGE, "far larger answer" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      fx->mock->mode = cases[i].mode;
      assert_fails_keeping (fx->engine, fx->desk, cases[i].needle);
    }

  /* Once the server behaves, everything goes through. */
  fx->mock->mode = MODE_OK;
  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (acc_test_get_status (fx->desk).pending, ==, 0);
}

/* The problems kept on @desk, which must be @n_problems of them. */
static GPtrArray *
list_problems (AccStore *desk,
               guint     n_problems)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *problems = acc_store_list_problems (desk, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, n_problems);
  return problems;
}

static void
test_invalid_documents_kept (SyncFixture   *fx,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  AccStoreStatus status;

  mock_store (fx->mock, acc_test_parse ("{\"_id\":\"odd\",\"_rev\":\"1-b\",\"type\":\"spaceship\","
                                        "\"schema\":1}"));
  mock_store (fx->mock, acc_test_parse ("{\"_id\":\"g9\",\"_rev\":\"1-b\",\"type\":\"group\","
                                        "\"schema\":1,\"session_id\":\"" FX_SESSION_AM "\","
                                        "\"level_id\":null,\"instructor_id\":null,"
                                        "\"capacity\":\"ten\"}"));

  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  status = acc_test_get_status (fx->desk);
  g_assert_cmpuint (status.unusable, ==, 2);
  g_assert_cmpuint (status.enrollments, ==, 4);
  problems = list_problems (fx->desk, 2);
  g_assert_nonnull (strstr (((AccProblem *) g_ptr_array_index (problems, 0))->reason, "capacity"));
  g_assert_nonnull (strstr (((AccProblem *) g_ptr_array_index (problems, 1))->reason, "spaceship"));
}

static void
test_refused_kept (SyncFixture   *fx,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  AccStoreStatus status;

  fx->mock->mode = MODE_REFUSE_FACTS;
  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  status = acc_test_get_status (fx->desk);
  g_assert_cmpuint (status.pending, ==, 1);
  g_assert_cmpuint (status.refused, ==, 1);
  g_assert_cmpuint (status.checked_in, ==, 1);
  problems = list_problems (fx->desk, 1);
  g_assert_true (((AccProblem *) g_ptr_array_index (problems, 0))->refused);
  g_assert_cmpstr (((AccProblem *) g_ptr_array_index (problems, 0))->reason, ==,
                   "Desks may not write here");
}

/* A server that neither takes nor refuses what is sent (a conflict, each time) ends the run
 * after four tries, whether the pull fetched documents in bulk or one by one, and the
 * check-in stays on the desk. */
static void
test_push_without_answer (void)
{
  for (guint fallback = 0; fallback <= 1; fallback++)
    {
      g_autofree char *name = g_strdup_printf ("conflict-%u.db", fallback);
      g_autoptr(AccStore) desk = desk_with_pending (dir, name);
      g_autoptr(AccSyncEngine) engine = NULL;
      g_autoptr(GError) error = NULL;
      Mock *mock = mock_new ();

      mock_put_fixture (mock);
      /* Documents the desk lacks, fetched before the push. */
      mock_put_enrollments (mock, '9', 3);
      mock->mode = fallback ? MODE_NO_BULK_GET : MODE_OK;
      mock->conflict_docs = TRUE;
      engine = new_engine (desk, mock->url);
      g_assert_false (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
      g_assert_nonnull (strstr (error->message, "neither accepting nor refusing"));
      g_assert_cmpuint (mock->n_bulk_docs, ==, 4);
      g_assert_cmpuint (acc_test_get_status (desk).pending, ==, 1);
      g_clear_pointer (&mock, mock_free);
    }
}

/* A failure in the middle of a pull keeps what was stored; the next run starts after it and
 * does not receive a stored batch again. */
static void
test_resume_after_failure (SyncFixture   *fx,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) first = NULL;
  /* Two pages of changes. */
  guint n_docs = ACC_SYNC_PULL_BATCH + 200;
  Mock *m = fx->mock;

  mock_put_enrollments (m, '8', n_docs);
  m->mode = MODE_FAIL_BULK_GET_2;

  g_assert_false (run_engine (fx->engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
  g_clear_error (&error);
  /* The first batch, and only it, is stored. */
  g_assert_cmpuint (acc_sync_engine_get_received (fx->engine), ==, ACC_SYNC_PULL_BATCH);
  first = g_steal_pointer (&m->fetched);
  g_assert_cmpuint (g_hash_table_size (first), ==, ACC_SYNC_PULL_BATCH);
  m->fetched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* A new engine, as after a restart. */
  g_clear_object (&fx->engine);
  fx->engine = new_engine (fx->desk, m->url);
  m->mode = MODE_OK;
  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (acc_sync_engine_get_received (fx->engine), ==,
                    22 + n_docs - ACC_SYNC_PULL_BATCH);
  {
    GHashTableIter iter;
    gpointer id;

    g_hash_table_iter_init (&iter, m->fetched);
    while (g_hash_table_iter_next (&iter, &id, NULL))
      g_assert_false (g_hash_table_contains (first, id));
  }
  g_assert_cmpuint (acc_test_get_status (fx->desk).enrollments, ==, 4 + n_docs);
}

/* The next answer of _changes is asked for as soon as the last one has arrived, while its
 * pages still wait: here the first page of the second answer waits for a _bulk_get that the
 * server answers only once it is asked for the third answer. */
static void
test_next_answer_ahead (SyncFixture   *fx,
                        gconstpointer  data)
{
  /* Answers of one page, two pages, and the rest. */
  guint n_docs = 3 * ACC_SYNC_PULL_BATCH + 100;
  Mock *m = fx->mock;

  mock_put_enrollments (m, '8', n_docs);
  mock_hold (m, "/db/_bulk_get", 2, 3);

  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (acc_sync_engine_get_received (fx->engine), ==, 22 + n_docs);
  g_assert_cmpuint (acc_test_get_status (fx->desk).enrollments, ==, 4 + n_docs);
  /* The third answer is not full: the fourth, empty, ends the pull. */
  g_assert_cmpuint (m->n_changes_requests, ==, 4);
}

/* A pull whose last answer is full asks once more, and the empty answer ends it: the search
 * terms its batches left waiting are written, and nothing more is asked for. */
static void
test_full_last_answer (SyncFixture   *fx,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  Mock *m = fx->mock;

  /* With the fixture's 22, one full answer. */
  mock_put_enrollments (m, '8', ACC_SYNC_PULL_BATCH - 22);

  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (acc_sync_engine_get_received (fx->engine), ==, ACC_SYNC_PULL_BATCH);
  g_assert_cmpuint (m->n_changes_requests, ==, 2);
  found = acc_store_search (fx->desk, "helene km7", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >=, 1);
}

/* The first request for changes goes with GET /db: here the server answers GET /db only
 * once it is asked for changes. */
static void
test_changes_with_database (SyncFixture   *fx,
                            gconstpointer  data)
{
  Mock *m = fx->mock;

  mock_hold (m, "/db", 1, 1);

  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (m->n_hold_seen, >=, 1);
  g_assert_cmpuint (acc_test_get_status (fx->desk).enrollments, ==, 4);
  g_assert_cmpuint (m->n_changes_requests, ==, 2);
}

/* The checkpoint on the server is written without reading it first when the engine knows its
 * revision: after a first pull (the server has none for this replica), and the revision it
 * wrote last. A new engine reads it first; so does a PUT in conflict. */
static void
test_remote_checkpoint (SyncFixture   *fx,
                        gconstpointer  data)
{
  g_autoptr(AccSyncEngine) again = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { FX_E_ZOE, NULL };
  Mock *m = fx->mock;
  g_autofree char *path = NULL;
  GHashTableIter iter;
  gpointer key;

  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (m->n_local_gets, ==, 0);
  g_assert_cmpuint (m->n_local_puts, ==, 1);

  g_assert_true (acc_store_check_in (fx->desk, ids, TRUE, &error));
  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (m->n_local_gets, ==, 0);
  g_assert_cmpuint (m->n_local_puts, ==, 3);

  /* As after a restart. */
  again = new_engine (fx->desk, m->url);
  assert_runs (again, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (m->n_local_gets, ==, 1);
  g_assert_cmpuint (m->n_local_puts, ==, 4);

  /* Someone else wrote it meanwhile. */
  g_hash_table_iter_init (&iter, m->local_revs);
  g_assert_true (g_hash_table_iter_next (&iter, &key, NULL));
  path = g_strdup (key);
  g_hash_table_insert (m->local_revs, g_strdup (path), GUINT_TO_POINTER (9));
  assert_runs (again, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (m->n_local_gets, ==, 2);
  g_assert_cmpuint (m->n_local_puts, ==, 6);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (m->local_revs, path)), ==, 10);
}

static void
test_without_bulk_get (SyncFixture   *fx,
                       gconstpointer  data)
{
  fx->mock->mode = MODE_NO_BULK_GET;
  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (acc_test_get_status (fx->desk).enrollments, ==, 4);
  g_assert_cmpuint (g_hash_table_size (fx->mock->fetched), ==, 22);
}

/* First revisions come with _changes; a later revision is fetched with its history, which
 * says which leaf it replaces. */
static void
test_changes_with_documents (SyncFixture   *fx,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) moved = NULL;
  g_autoptr(AccEnrollmentRow) row = NULL;
  const char *ids[] = { FX_E_ZOE, NULL };
  AccStore *desk = fx->desk;
  AccSyncEngine *engine = fx->engine;
  Mock *m = fx->mock;

  g_autofree char *ahead = NULL;
  g_autofree char *fact = NULL;
  g_autofree char *tick = NULL;
  g_autoptr(JsonObject) fact_doc = NULL;

  m->with_docs = TRUE;
  /* A fact from a desk whose clock runs an hour ahead of this one. */
  ahead = g_strdup_printf ("%018" G_GINT64_FORMAT "-000007-desk-ahead",
                           g_get_real_time () / 1000 + 3600 * 1000);
  fact = acc_test_remote_fact ("fact-ahead", "checkin", ahead, "desk-ahead", "",
                               "\"enrollment_id\":\"" FX_E_MARTIN "\",\"present\":true");
  fact_doc = acc_test_parse (fact);
  mock_store (m, fact_doc);

  assert_runs (engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (acc_test_get_status (desk).enrollments, ==, 4);
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, 23);
  g_assert_cmpuint (m->n_bulk_get, ==, 0);
  /* Received with the changes, its clock moved this desk's: what it writes sorts after. */
  tick = acc_clock_tick (acc_store_get_clock (desk));
  g_assert_cmpstr (tick, >, ahead);

  /* The desk's own check-in comes back with the next changes: it is not received again. */
  g_assert_true (acc_store_check_in (desk, ids, TRUE, &error));
  assert_runs (engine, ACC_SYNC_PULL_PUSH);
  assert_runs (engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (acc_sync_engine_get_sent (engine), ==, 1);
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, 23);
  g_assert_cmpuint (acc_test_get_status (desk).pending, ==, 0);

  /* The planning moves Noé to the other group: revision 2 of his enrollment. */
  moved = acc_store_dup_document (desk, FX_E_NOE, &error);
  g_assert_no_error (error);
  json_object_set_string_member (moved, "_rev", "2-bbbb");
  json_object_set_object_member (moved, "_revisions",
                                 acc_test_parse ("{\"start\":2,\"ids\":[\"bbbb\",\"aaaa\"]}"));
  json_object_set_string_member (moved, "planned_group_id", FX_GROUP_B);
  mock_store (m, moved);

  assert_runs (engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (m->n_bulk_get, ==, 1);
  g_assert_true (g_hash_table_contains (m->fetched, FX_E_NOE));
  g_assert_cmpuint (g_hash_table_size (m->fetched), ==, 1);
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, 24);
  g_assert_false (acc_store_has_revision (desk, FX_E_NOE, "1-aaaa"));
  row = acc_test_get_row (desk, FX_E_NOE);
  g_assert_cmpstr (row->group_id, ==, FX_GROUP_B);
}

static void
test_publish_creates (SyncFixture   *fx,
                      gconstpointer  data)
{
  fx->mock->exists = FALSE;
  assert_runs (fx->engine, ACC_SYNC_PUBLISH);
  g_assert_true (fx->mock->exists);
  /* The fixture and the check-in; the check-in is confirmed. */
  g_assert_cmpuint (g_hash_table_size (fx->mock->docs), ==, 23);
  g_assert_cmpuint (acc_test_get_status (fx->desk).pending, ==, 0);
}

/* A day the cloud does not have: an error a caller can tell apart (the cloud has not made
 * it yet) for a day of the cloud's; for a day opened at the desk, a plain sync makes its
 * database and sends it, as publish would. */
static void
test_opened_day_creates (SyncFixture   *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->mock->exists = FALSE;
  g_assert_false (run_engine (fx->engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_assert_false (fx->mock->exists);
  g_assert_cmpuint (acc_test_get_status (fx->desk).pending, ==, 1);

  g_assert_true (acc_store_set_meta (fx->desk, ACC_DAY_OPENED_FROM_KEY, "esf-2026-12-25",
                                     NULL));
  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  g_assert_true (fx->mock->exists);
  g_assert_cmpuint (acc_test_get_status (fx->desk).pending, ==, 0);
  g_assert_cmpuint (g_hash_table_size (fx->mock->docs), ==, 1);
  /* Now that it is there, the day is pulled as any other. */
  assert_runs (fx->engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (fx->mock->n_changes_requests, >=, 1);
}

/* accueil-cli killed with SIGKILL in the middle of a pull: the next pull starts from the
 * checkpoint, receives again at most the two batches that were in flight, and ends
 * complete. */
static void
test_killed_mid_pull (SyncFixture   *fx,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "killed.db", NULL);
  g_autoptr(AccStore) desk = NULL;
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) first = NULL;
  const char *argv[] = { g_getenv ("ACCUEIL_CLI"), "sync", "--db", path, "--url", NULL, NULL };
  /* Enough for several transactions of the worker before the kill, and after it. */
  guint n_docs = 3 * ACC_SYNC_STORE_MAX, again = 0;
  g_autoptr(GPtrArray) found = NULL;
  int status = -1;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer id;
  GPid pid;
  Mock *mock = fx->mock;

  g_assert_nonnull (argv[0]);
  mock_put_enrollments (mock, '9', n_docs);
  argv[5] = mock->url;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  mock->kill_pid = pid;
  mock->kill_at = n_docs / ACC_SYNC_PULL_BATCH / 2;
  g_child_watch_add (pid, on_child_exit, &status);
  while (status == -1)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  mock->kill_pid = 0;

  first = g_steal_pointer (&mock->fetched);
  mock->fetched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_assert_cmpuint (g_hash_table_size (first), >=, (mock->kill_at - 1) * ACC_SYNC_PULL_BATCH);

  desk = acc_store_open (path, ACC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  engine = new_engine (desk, mock->url);
  assert_runs (engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (acc_test_get_status (desk).enrollments, ==, 4 + n_docs);

  g_hash_table_iter_init (&iter, mock->fetched);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (g_hash_table_contains (first, id))
      again++;
  g_assert_cmpuint (again, <=, 2 * ACC_SYNC_STORE_MAX);
  g_assert_cmpuint (g_hash_table_size (mock->fetched), <, 22 + n_docs);

  /* The family of the first page, whose search terms waited for the end of the pull. */
  found = acc_store_search (desk, "helene km7", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >=, 4);
}

/* Two desks running continuously: a check-in on one reaches the other. */
static void
test_continuous (SyncFixture   *fx,
                 gconstpointer  data)
{
  AccStore *a = fx->desk;
  g_autoptr(AccStore) b = acc_test_open_new (fx->dir, "desk-b.db");
  AccSyncEngine *engine_a = fx->engine;
  g_autoptr(AccSyncEngine) engine_b = new_engine (b, fx->mock->url);
  g_autoptr(GError) error = NULL;
  const char *ids[] = { FX_E_NOE, NULL };
  gint64 deadline;

  acc_sync_engine_start (engine_a);
  acc_sync_engine_start (engine_b);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (acc_test_get_status (a).enrollments < 4 || acc_test_get_status (b).enrollments < 4)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }

  g_assert_true (acc_store_check_in (a, ids, TRUE, &error));
  while (acc_test_get_status (b).checked_in < 1)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_assert_cmpint (acc_sync_engine_get_state (engine_b), !=, ACC_SYNC_OFFLINE);

  stop_engine (engine_a);
  stop_engine (engine_b);
}

/* Credentials come from the URL, or else from those kept for the server; never printed. */
static void
test_credentials (SyncFixture   *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *server = NULL, *with_user = NULL;
  g_autofree char *file = g_build_filename (fx->dir, "cred.ini", NULL);
  g_autofree char *previous = g_strdup (g_getenv ("ACCUEIL_CREDENTIALS_FILE"));
  AccStore *desk = fx->desk;
  Mock *m = fx->mock;
  AccSyncEngine **engine = &fx->engine;

  /* The engines here are made once the credentials are kept. */
  g_clear_object (engine);
  uri = g_uri_parse (m->url, G_URI_FLAGS_NONE, NULL);
  server = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));

  g_setenv ("ACCUEIL_CREDENTIALS_FILE", file, TRUE);
  g_assert_true (acc_credentials_store (server, "desk1", "s3cret", &error));
  *engine = new_engine (desk, m->url);
  g_assert_true (run_engine (*engine, ACC_SYNC_PULL_PUSH, &error));
  /* "desk1:s3cret" */
  g_assert_cmpstr (m->authorization, ==, "Basic ZGVzazE6czNjcmV0");
  g_assert_null (strstr (acc_sync_engine_get_url (*engine), "s3cret"));
  g_clear_object (engine);

  with_user = g_strdup_printf ("http://alice:pa%%40ss@127.0.0.1:%d/db", g_uri_get_port (uri));
  *engine = new_engine (desk, with_user);
  g_assert_true (run_engine (*engine, ACC_SYNC_PULL_PUSH, &error));
  /* "alice:pa@ss" */
  g_assert_cmpstr (m->authorization, ==, "Basic YWxpY2U6cGFAc3M=");
  g_assert_null (strstr (acc_sync_engine_get_url (*engine), "alice"));

  /* Cookie authentication: one sign-in per run, then the cookie; a wrong password is said. */
  g_clear_object (engine);
  m->require_cookie = TRUE;
  *engine = acc_sync_engine_new (desk, m->url, ACC_SYNC_FLAGS_COOKIE_AUTH, &error);
  g_assert_no_error (error);
  assert_runs (*engine, ACC_SYNC_PULL_PUSH);
  g_assert_cmpuint (m->n_logins, ==, 1);
  g_assert_null (m->authorization);
  g_clear_object (engine);
  g_assert_true (acc_credentials_store (server, "desk1", "wrong", &error));
  *engine = acc_sync_engine_new (desk, m->url, ACC_SYNC_FLAGS_COOKIE_AUTH, &error);
  g_assert_false (run_engine (*engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_nonnull (strstr (error->message, "user and password"));
  g_clear_error (&error);

  if (previous != NULL)
    g_setenv ("ACCUEIL_CREDENTIALS_FILE", previous, TRUE);
  else
    g_unsetenv ("ACCUEIL_CREDENTIALS_FILE");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  dir = acc_test_make_dir ();

  sync_test_add ("/sync/pull-and-push", SYNC_FX_DEFAULT, test_pull_and_push);
  sync_test_add ("/sync/peer", SYNC_FX_DEFAULT, test_peer);
  sync_test_add ("/sync/server-down", SYNC_FX_PENDING | SYNC_FX_EMPTY_SERVER, test_server_down);
  g_test_add_func ("/sync/dns-failure", test_dns_failure);
  g_test_add_func ("/sync/refuse-insecure", test_refuse_insecure);
  sync_test_add ("/sync/status-codes", SYNC_FX_PENDING | SYNC_FX_EMPTY_SERVER, test_status_codes);
  sync_test_add ("/sync/bad-answers", SYNC_FX_PENDING, test_bad_answers);
  sync_test_add ("/sync/invalid-documents-kept", SYNC_FX_DEFAULT, test_invalid_documents_kept);
  sync_test_add ("/sync/refused-kept", SYNC_FX_PENDING, test_refused_kept);
  g_test_add_func ("/sync/push-without-answer", test_push_without_answer);
  sync_test_add ("/sync/resume-after-failure", SYNC_FX_DEFAULT, test_resume_after_failure);
  sync_test_add ("/sync/without-bulk-get", SYNC_FX_DEFAULT, test_without_bulk_get);
  sync_test_add ("/sync/next-answer-ahead", SYNC_FX_DEFAULT, test_next_answer_ahead);
  sync_test_add ("/sync/full-last-answer", SYNC_FX_DEFAULT, test_full_last_answer);
  sync_test_add ("/sync/remote-checkpoint", SYNC_FX_DEFAULT, test_remote_checkpoint);
  sync_test_add ("/sync/changes-with-database", SYNC_FX_DEFAULT, test_changes_with_database);
  sync_test_add ("/sync/changes-with-documents", SYNC_FX_DEFAULT, test_changes_with_documents);
  sync_test_add ("/sync/publish-creates", SYNC_FX_PENDING | SYNC_FX_EMPTY_SERVER,
                 test_publish_creates);
  sync_test_add ("/sync/opened-day-creates", SYNC_FX_PENDING | SYNC_FX_EMPTY_SERVER,
                 test_opened_day_creates);
  sync_test_add ("/sync/credentials", SYNC_FX_DEFAULT, test_credentials);
  sync_test_add ("/sync/continuous", SYNC_FX_DEFAULT, test_continuous);
  sync_test_add ("/sync/killed-mid-pull", SYNC_FX_DEFAULT, test_killed_mid_pull);

  return acc_test_run_in_dir (dir);
}
