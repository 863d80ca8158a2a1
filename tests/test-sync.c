/* test-sync.c: replication against a loopback server scripted to misbehave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/wait.h>

#include "acc-credentials.h"
#include "acc-document.h"
#include "acc-error.h"
#include "acc-sync-engine.h"
#include "acc-test-server.h"
#include "acc-test-util.h"

static Mock *mock;
static char *dir;

static AccStore *
new_desk (const char *name)
{
  return acc_test_open_new (dir, name);
}

/* Tests */

static void
test_pull_and_push (void)
{
  g_autoptr(AccStore) desk = new_desk ("pull.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { FX_E_NOE, NULL };
  AccStoreStatus status;

  mock = mock_new ();
  mock_put_fixture (mock);
  engine = new_engine (desk, mock->url);

  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  status = acc_test_get_status (desk);
  g_assert_cmpuint (status.enrollments, ==, 4);
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, 22);
  g_assert_cmpint (acc_sync_engine_get_state (engine), ==, ACC_SYNC_ONLINE);
  g_assert_cmpint (acc_sync_engine_get_last_success (engine), >, 0);
  /* A server on this machine answers uncompressed: there is no network to spare. */
  g_assert_false (mock->compression);

  g_assert_true (acc_store_check_in (desk, ids, TRUE, &error));
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_cmpuint (acc_test_get_status (desk).pending, ==, 0);
  g_assert_cmpuint (g_hash_table_size (mock->docs), ==, 23);
  g_assert_cmpuint (acc_sync_engine_get_sent (engine), ==, 1);

  /* Nothing new (its own check-in does not come back): nothing received, nothing sent. */
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, 22);
  g_assert_cmpuint (acc_sync_engine_get_sent (engine), ==, 1);

  g_clear_pointer (&mock, mock_free);
}

static void
test_server_down (void)
{
  g_autoptr(AccStore) desk = desk_with_pending (dir, "down.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autofree char *url = NULL;

  /* A port nobody listens on: the mock's, after it stopped. */
  mock = mock_new ();
  url = g_strdup (mock->url);
  g_clear_pointer (&mock, mock_free);
  engine = new_engine (desk, url);
  assert_fails_keeping (engine, desk, "Cannot reach the server at 127.0.0.1");
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
  g_autoptr(AccStore) desk = new_desk ("insecure.db");
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
test_status_codes (void)
{
  static const struct { guint status; const char *needle; } cases[] = {
    { 401, "HTTP 401" }, { 403, "HTTP 403" }, { 404, "does not exist" },
    { 409, "HTTP 409 while opening the database. The server says: “409”" }, { 500, "HTTP 500" },
    { 503, "HTTP 503" },
  };
  g_autoptr(AccStore) desk = desk_with_pending (dir, "status.db");
  g_autoptr(AccSyncEngine) engine = NULL;

  mock = mock_new ();
  engine = new_engine (desk, mock->url);
  mock->mode = MODE_STATUS;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      mock->status = cases[i].status;
      assert_fails_keeping (engine, desk, cases[i].needle);
    }
  g_clear_pointer (&mock, mock_free);
}

static void
test_bad_answers (void)
{
  static const struct { MockMode mode; const char *needle; } cases[] = {
    { MODE_MALFORMED, "does not read: it is cut short" },
    { MODE_BAD_DOCUMENT, "does not read: it is not UTF-8 text" },
    { MODE_RESET, "Cannot reach the server" },
    { MODE_SLOW, "did not answer in time" },
    { MODE_HUGE, "far larger answer" },
  };
  g_autoptr(AccStore) desk = desk_with_pending (dir, "bad.db");
  g_autoptr(AccSyncEngine) engine = NULL;

  mock = mock_new ();
  mock_put_fixture (mock);
  engine = new_engine (desk, mock->url);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      mock->mode = cases[i].mode;
      assert_fails_keeping (engine, desk, cases[i].needle);
    }

  /* Once the server behaves, everything goes through. */
  mock->mode = MODE_OK;
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, NULL));
  g_assert_cmpuint (acc_test_get_status (desk).pending, ==, 0);
  g_clear_pointer (&mock, mock_free);
}

static void
test_invalid_documents_kept (void)
{
  g_autoptr(AccStore) desk = new_desk ("invalid.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  AccStoreStatus status;

  mock = mock_new ();
  mock_put_fixture (mock);
  mock_store (mock, acc_test_parse ("{\"_id\":\"odd\",\"_rev\":\"1-b\",\"type\":\"spaceship\",\"schema\":1}"));
  mock_store (mock, acc_test_parse ("{\"_id\":\"g9\",\"_rev\":\"1-b\",\"type\":\"group\",\"schema\":1,"
                                    "\"session_id\":\"" FX_SESSION_AM "\",\"level_id\":null,"
                                    "\"instructor_id\":null,\"capacity\":\"ten\"}"));
  engine = new_engine (desk, mock->url);

  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  status = acc_test_get_status (desk);
  g_assert_cmpuint (status.unusable, ==, 2);
  g_assert_cmpuint (status.enrollments, ==, 4);
  problems = acc_store_list_problems (desk, &error);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_nonnull (strstr (((AccProblem *) g_ptr_array_index (problems, 0))->reason, "capacity"));
  g_assert_nonnull (strstr (((AccProblem *) g_ptr_array_index (problems, 1))->reason, "spaceship"));
  g_clear_pointer (&mock, mock_free);
}

static void
test_refused_kept (void)
{
  g_autoptr(AccStore) desk = desk_with_pending (dir, "refused.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  AccStoreStatus status;

  mock = mock_new ();
  mock_put_fixture (mock);
  mock->mode = MODE_REFUSE_FACTS;
  engine = new_engine (desk, mock->url);

  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  status = acc_test_get_status (desk);
  g_assert_cmpuint (status.pending, ==, 1);
  g_assert_cmpuint (status.refused, ==, 1);
  g_assert_cmpuint (status.checked_in, ==, 1);
  problems = acc_store_list_problems (desk, &error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (((AccProblem *) g_ptr_array_index (problems, 0))->refused);
  g_assert_cmpstr (((AccProblem *) g_ptr_array_index (problems, 0))->reason, ==,
                   "Desks may not write here");
  g_clear_pointer (&mock, mock_free);
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

      mock = mock_new ();
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
test_resume_after_failure (void)
{
  g_autoptr(AccStore) desk = new_desk ("resume.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) first = NULL;
  /* Two pages of changes. */
  guint n_docs = ACC_SYNC_PULL_BATCH + 200;

  mock = mock_new ();
  mock_put_fixture (mock);
  mock_put_enrollments (mock, '8', n_docs);
  mock->mode = MODE_FAIL_BULK_GET_2;
  engine = new_engine (desk, mock->url);

  g_assert_false (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
  g_clear_error (&error);
  /* The first batch, and only it, is stored. */
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, ACC_SYNC_PULL_BATCH);
  first = g_steal_pointer (&mock->fetched);
  g_assert_cmpuint (g_hash_table_size (first), ==, ACC_SYNC_PULL_BATCH);
  mock->fetched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* A new engine, as after a restart. */
  g_clear_object (&engine);
  engine = new_engine (desk, mock->url);
  mock->mode = MODE_OK;
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, 22 + n_docs - ACC_SYNC_PULL_BATCH);
  {
    GHashTableIter iter;
    gpointer id;

    g_hash_table_iter_init (&iter, mock->fetched);
    while (g_hash_table_iter_next (&iter, &id, NULL))
      g_assert_false (g_hash_table_contains (first, id));
  }
  g_assert_cmpuint (acc_test_get_status (desk).enrollments, ==, 4 + n_docs);
  g_clear_pointer (&mock, mock_free);
}

static void
test_without_bulk_get (void)
{
  g_autoptr(AccStore) desk = new_desk ("nobulk.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;

  mock = mock_new ();
  mock_put_fixture (mock);
  mock->mode = MODE_NO_BULK_GET;
  engine = new_engine (desk, mock->url);
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (acc_test_get_status (desk).enrollments, ==, 4);
  g_assert_cmpuint (g_hash_table_size (mock->fetched), ==, 22);
  g_clear_pointer (&mock, mock_free);
}

/* First revisions come with _changes; a later revision is fetched with its history, which
 * says which leaf it replaces. */
static void
test_changes_with_documents (void)
{
  g_autoptr(AccStore) desk = new_desk ("with-docs.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) moved = NULL;
  g_autoptr(AccEnrollmentRow) row = NULL;
  const char *ids[] = { FX_E_ZOE, NULL };

  g_autofree char *ahead = NULL;
  g_autofree char *fact = NULL;
  g_autofree char *tick = NULL;
  g_autoptr(JsonObject) fact_doc = NULL;

  mock = mock_new ();
  mock->with_docs = TRUE;
  mock_put_fixture (mock);
  /* A fact from a desk whose clock runs an hour ahead of this one. */
  ahead = g_strdup_printf ("%018" G_GINT64_FORMAT "-000007-desk-ahead",
                           g_get_real_time () / 1000 + 3600 * 1000);
  fact = acc_test_remote_fact ("fact-ahead", "checkin", ahead, "desk-ahead", "",
                               "\"enrollment_id\":\"" FX_E_MARTIN "\",\"present\":true");
  fact_doc = acc_test_parse (fact);
  mock_store (mock, fact_doc);
  engine = new_engine (desk, mock->url);

  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (acc_test_get_status (desk).enrollments, ==, 4);
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, 23);
  g_assert_cmpuint (mock->n_bulk_get, ==, 0);
  /* Received with the changes, its clock moved this desk's: what it writes sorts after. */
  tick = acc_clock_tick (acc_store_get_clock (desk));
  g_assert_cmpstr (tick, >, ahead);

  /* The desk's own check-in comes back with the next changes: it is not received again. */
  g_assert_true (acc_store_check_in (desk, ids, TRUE, &error));
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
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
  mock_store (mock, moved);

  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mock->n_bulk_get, ==, 1);
  g_assert_true (g_hash_table_contains (mock->fetched, FX_E_NOE));
  g_assert_cmpuint (g_hash_table_size (mock->fetched), ==, 1);
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, 24);
  g_assert_false (acc_store_has_revision (desk, FX_E_NOE, "1-aaaa"));
  row = acc_test_get_row (desk, FX_E_NOE);
  g_assert_cmpstr (row->group_id, ==, FX_GROUP_B);

  g_clear_pointer (&mock, mock_free);
}

static void
test_publish_creates (void)
{
  g_autoptr(AccStore) desk = desk_with_pending (dir, "publish.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;

  mock = mock_new ();
  mock->exists = FALSE;
  engine = new_engine (desk, mock->url);
  g_assert_true (run_engine (engine, ACC_SYNC_PUBLISH, &error));
  g_assert_no_error (error);
  g_assert_true (mock->exists);
  /* The fixture and the check-in; the check-in is confirmed. */
  g_assert_cmpuint (g_hash_table_size (mock->docs), ==, 23);
  g_assert_cmpuint (acc_test_get_status (desk).pending, ==, 0);
  g_clear_pointer (&mock, mock_free);
}

/* accueil-cli killed with SIGKILL in the middle of a pull: the next pull starts from the
 * checkpoint, receives again at most the two batches that were in flight, and ends
 * complete. */
static void
test_killed_mid_pull (void)
{
  g_autofree char *path = g_build_filename (dir, "killed.db", NULL);
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

  g_assert_nonnull (argv[0]);
  mock = mock_new ();
  mock_put_fixture (mock);
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
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
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

  g_clear_pointer (&mock, mock_free);
}

/* Two desks running continuously: a check-in on one reaches the other. */
static void
test_continuous (void)
{
  g_autoptr(AccStore) a = new_desk ("cont-a.db");
  g_autoptr(AccStore) b = new_desk ("cont-b.db");
  g_autoptr(AccSyncEngine) engine_a = NULL, engine_b = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { FX_E_NOE, NULL };
  gint64 deadline;

  mock = mock_new ();
  mock_put_fixture (mock);
  engine_a = new_engine (a, mock->url);
  engine_b = new_engine (b, mock->url);
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

  acc_sync_engine_stop (engine_a);
  acc_sync_engine_stop (engine_b);
  /* Let the cancelled requests finish. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_clear_pointer (&mock, mock_free);
}

/* Credentials come from the URL, or else from those kept for the server; never printed. */
static void
test_credentials (void)
{
  g_autoptr(AccStore) desk = new_desk ("credentials.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *server = NULL, *with_user = NULL, *file = g_build_filename (dir, "cred.ini", NULL);
  g_autofree char *previous = g_strdup (g_getenv ("ACCUEIL_CREDENTIALS_FILE"));

  mock = mock_new ();
  mock_put_fixture (mock);
  uri = g_uri_parse (mock->url, G_URI_FLAGS_NONE, NULL);
  server = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));

  g_setenv ("ACCUEIL_CREDENTIALS_FILE", file, TRUE);
  g_assert_true (acc_credentials_store (server, "desk1", "s3cret", &error));
  engine = new_engine (desk, mock->url);
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  /* "desk1:s3cret" */
  g_assert_cmpstr (mock->authorization, ==, "Basic ZGVzazE6czNjcmV0");
  g_assert_null (strstr (acc_sync_engine_get_url (engine), "s3cret"));
  g_clear_object (&engine);

  with_user = g_strdup_printf ("http://alice:pa%%40ss@127.0.0.1:%d/db", g_uri_get_port (uri));
  engine = new_engine (desk, with_user);
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  /* "alice:pa@ss" */
  g_assert_cmpstr (mock->authorization, ==, "Basic YWxpY2U6cGFAc3M=");
  g_assert_null (strstr (acc_sync_engine_get_url (engine), "alice"));

  /* Cookie authentication: one sign-in per run, then the cookie; a wrong password is said. */
  g_clear_object (&engine);
  mock->require_cookie = TRUE;
  engine = acc_sync_engine_new (desk, mock->url, ACC_SYNC_FLAGS_COOKIE_AUTH, &error);
  g_assert_no_error (error);
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mock->n_logins, ==, 1);
  g_assert_null (mock->authorization);
  g_clear_object (&engine);
  g_assert_true (acc_credentials_store (server, "desk1", "wrong", &error));
  engine = acc_sync_engine_new (desk, mock->url, ACC_SYNC_FLAGS_COOKIE_AUTH, &error);
  g_assert_false (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_nonnull (strstr (error->message, "user and password"));
  g_clear_error (&error);

  if (previous != NULL)
    g_setenv ("ACCUEIL_CREDENTIALS_FILE", previous, TRUE);
  else
    g_unsetenv ("ACCUEIL_CREDENTIALS_FILE");
  g_clear_pointer (&mock, mock_free);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  dir = acc_test_make_dir ();

  g_test_add_func ("/sync/pull-and-push", test_pull_and_push);
  g_test_add_func ("/sync/server-down", test_server_down);
  g_test_add_func ("/sync/dns-failure", test_dns_failure);
  g_test_add_func ("/sync/refuse-insecure", test_refuse_insecure);
  g_test_add_func ("/sync/status-codes", test_status_codes);
  g_test_add_func ("/sync/bad-answers", test_bad_answers);
  g_test_add_func ("/sync/invalid-documents-kept", test_invalid_documents_kept);
  g_test_add_func ("/sync/refused-kept", test_refused_kept);
  g_test_add_func ("/sync/push-without-answer", test_push_without_answer);
  g_test_add_func ("/sync/resume-after-failure", test_resume_after_failure);
  g_test_add_func ("/sync/without-bulk-get", test_without_bulk_get);
  g_test_add_func ("/sync/changes-with-documents", test_changes_with_documents);
  g_test_add_func ("/sync/publish-creates", test_publish_creates);
  g_test_add_func ("/sync/credentials", test_credentials);
  g_test_add_func ("/sync/continuous", test_continuous);
  g_test_add_func ("/sync/killed-mid-pull", test_killed_mid_pull);

  rc = g_test_run ();
  acc_test_remove_dir (dir);
  g_free (dir);
  return rc;
}
