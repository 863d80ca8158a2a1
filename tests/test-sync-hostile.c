/* test-sync-hostile.c: a server that answers anything ends a sync in bounded time, in words,
 * and takes nothing local with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <sys/wait.h>

#include "acc-document.h"
#include "acc-error.h"
#include "acc-json-text.h"
#include "acc-sync-engine.h"
#include "acc-test-server.h"
#include "acc-test-util.h"

/* What the issue asks of `sync --once` against such a server. */
#define CLI_DEADLINE_S 30

static Mock *mock;
static char *dir;

typedef struct
{
  gboolean  done;
  char     *err;
  int       status;
} Cli;

static void
on_cli_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL, &cli->err, &error);
  g_assert_no_error (error);
  cli->status = g_subprocess_get_status (G_SUBPROCESS (source));
  cli->done = TRUE;
}

/* Runs `accueil-cli sync --once` on @path against the mock, serving it meanwhile; returns the
 * exit code, and what it said in *err. The run must end within CLI_DEADLINE_S. */
static int
run_cli_sync (const char  *path,
              char       **err)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli_path = g_getenv ("ACCUEIL_CLI");
  gint64 started = g_get_monotonic_time ();
  Cli cli = { 0 };

  g_assert_nonnull (cli_path);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, cli_path, "sync", "--db", path, "--url", mock->url,
                              "--once", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_cli_done, &cli);
  while (!cli.done)
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () - started > CLI_DEADLINE_S * G_USEC_PER_SEC)
        {
          g_subprocess_force_exit (process);
          g_error ("accueil-cli sync --once still runs after %d s", CLI_DEADLINE_S);
        }
    }

  g_test_message ("accueil-cli ended in %.1f s: %s",
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC, cli.err);
  g_assert_true (WIFEXITED (cli.status));
  *err = cli.err;
  return WEXITSTATUS (cli.status);
}

/* A desk file with the fixture and a check-in waiting to be sent, closed. */
static char *
make_desk_file (const char *name)
{
  g_autoptr(AccStore) desk = desk_with_pending (dir, name);

  return g_strdup (acc_store_get_path (desk));
}

/* The check-in made offline is still there, still waiting, and the file opens. */
static void
assert_nothing_lost (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) desk = acc_store_open (path, ACC_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (acc_test_get_status (desk).pending, ==, 1);
  g_assert_cmpuint (acc_test_get_status (desk).checked_in, ==, 1);
}

static void
assert_says (const char *message,
             const char *needle)
{
  if (message == NULL || strstr (message, needle) == NULL)
    g_error ("“%s” does not say “%s”", message, needle);
}

/* Any answer nested 200,000 levels deep (400 KB) is refused before it is followed, wherever
 * it comes from; `sync --once` ends with a message and exit code 1. */
static void
test_deep_answers (void)
{
  static const char * const paths[] = {
    "/db", "/db/_changes", "/db/_bulk_get", "/db/_local/", "/db/_revs_diff", "/db/_bulk_docs",
  };
  g_autoptr(AccStore) desk = desk_with_pending (dir, "deep.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autofree char *path = make_desk_file ("deep-cli.db");
  g_autofree char *err = NULL;

  mock = mock_new ();
  mock_put_fixture (mock);
  /* Documents the desk lacks, for _bulk_get. */
  mock_put_enrollments (mock, '9', 3);
  mock->answer_body = acc_test_nested ("", 200000, "");
  engine = new_engine (desk, mock->url);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_test_message ("%s", paths[i]);
      g_free (mock->answer_path);
      mock->answer_path = g_strdup (paths[i]);
      assert_fails_keeping (engine, desk, "nested deeper than 64 levels");
    }

  g_free (mock->answer_path);
  mock->answer_path = g_strdup ("/db/_changes");
  g_assert_cmpint (run_cli_sync (path, &err), ==, 1);
  assert_says (err, "nested deeper than 64 levels");
  assert_nothing_lost (path);
  g_clear_pointer (&mock, mock_free);
}

/* A server whose _changes ignores `since` and whose _bulk_get answers with other documents
 * than those asked for (ids nobody asked for, a path for an id, a revision that is not one,
 * fields of the wrong kind, a 1 MB string): the run ends at once, keeping nothing of it. */
static void
test_documents_not_asked_for (void)
{
  g_autofree char *path = make_desk_file ("unasked.db");
  g_autofree char *err = NULL;
  g_autoptr(AccStore) desk = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;

  mock = mock_new ();
  mock_put_fixture (mock);
  mock_put_enrollments (mock, '9', ACC_SYNC_PULL_BATCH + 100);
  mock->ignore_since = TRUE;
  mock->mode = MODE_UNASKED;
  mock->junk_size = 1024 * 1024;

  g_assert_cmpint (run_cli_sync (path, &err), ==, 1);
  assert_says (err, "The server did not send 1978 documents it listed as changed. The server "
                    "sent 1978 documents that were not asked for. What came before is stored");
  assert_nothing_lost (path);

  desk = acc_store_open (path, ACC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (acc_test_get_status (desk).unusable, ==, 0);
  doc = acc_store_dup_document (desk, "e0000000-0000-4000-8000-000000000001", &error);
  g_assert_null (doc);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_clear_pointer (&mock, mock_free);
}

/* A server whose _changes ignores `since` sends the same page again and again: the pull ends
 * after three pages that bring nothing new, keeping what the first brought. */
static void
test_same_changes_again (void)
{
  g_autofree char *path = make_desk_file ("again.db");
  g_autofree char *err = NULL;
  g_autoptr(AccStore) desk = NULL;
  g_autoptr(GError) error = NULL;

  mock = mock_new ();
  mock_put_fixture (mock);
  mock_put_enrollments (mock, '9', ACC_SYNC_PULL_BATCH + 100);
  mock->ignore_since = TRUE;

  g_assert_cmpint (run_cli_sync (path, &err), ==, 1);
  assert_says (err, "keeps sending changes this desk has already received");
  g_assert_cmpuint (mock->n_changes_requests, ==, 4);
  assert_nothing_lost (path);

  /* The first page is stored: the fixture (22 documents) and enrollments up to 2,000. */
  desk = acc_store_open (path, ACC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (acc_test_get_status (desk).enrollments, ==, 4 + ACC_SYNC_PULL_BATCH - 22);
  g_clear_pointer (&mock, mock_free);
}

/* Documents that are no documents of the day (a revision that is not one, a malformed
 * history, a string of 300 KB) are kept nowhere and said at the end of the run; the rest is
 * stored, and the next run does not say it again. */
static void
test_refused_documents (void)
{
  g_autoptr(AccStore) desk = desk_with_pending (dir, "junk.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  AccStoreStatus status;

  mock = mock_new ();
  mock_put_fixture (mock);
  mock_put_enrollments (mock, '9', 8);
  mock->mode = MODE_JUNK;
  engine = new_engine (desk, mock->url);
  acc_sync_engine_set_limits (engine, 2, 16 * 1024 * 1024);

  g_assert_false (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  assert_says (error->message, "documents this desk refuses");
  assert_says (error->message, "They were left out; everything else was exchanged.");
  g_assert_cmpstr (acc_sync_engine_get_last_error (engine), ==, error->message);
  g_clear_error (&error);

  /* One in four has fields of the wrong kind: well formed, kept for review. */
  status = acc_test_get_status (desk);
  g_assert_cmpuint (status.unusable, >, 0);
  problems = acc_store_list_problems (desk, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    assert_says (((AccProblem *) g_ptr_array_index (problems, i))->reason, "schema");
  /* The check-in went out all the same. */
  g_assert_cmpuint (status.pending, ==, 0);

  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_null (acc_sync_engine_get_last_error (engine));
  g_clear_pointer (&mock, mock_free);
}

/* An answer that never ends, sent a few bytes at a time (never idle long enough for the read
 * time-out), ends the run at its deadline. */
static void
test_endless_answer (void)
{
  g_autoptr(AccStore) desk = desk_with_pending (dir, "drip.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  gint64 started = g_get_monotonic_time ();

  mock = mock_new ();
  mock_put_fixture (mock);
  mock->mode = MODE_DRIP;
  engine = new_engine (desk, mock->url);
  acc_sync_engine_set_limits (engine, 1, 1024 * 1024);
  assert_fails_keeping (engine, desk, "took more than 3 seconds to send one answer");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
  g_clear_pointer (&mock, mock_free);
}

/* A database that says it holds one document, and sends changes without end. */
static void
test_changes_without_end (void)
{
  g_autoptr(AccStore) desk = desk_with_pending (dir, "endless.db");
  g_autoptr(AccSyncEngine) engine = NULL;

  mock = mock_new ();
  mock_put_fixture (mock);
  mock_put_enrollments (mock, '9', 12 * ACC_SYNC_PULL_BATCH);
  mock->answer_path = g_strdup ("/db");
  mock->answer_body = g_strdup ("{\"db_name\":\"db\",\"doc_count\":1,\"doc_del_count\":0}");
  engine = new_engine (desk, mock->url);
  acc_sync_engine_set_limits (engine, 10, 64 * 1024 * 1024);
  assert_fails_keeping (engine, desk, "changes for a database of 1 documents");
  g_clear_pointer (&mock, mock_free);
}

/* Answers whose members are of another kind than the protocol says are refused in words. */
static void
test_answers_of_another_kind (void)
{
  static const struct { const char *path; const char *body; const char *needle; } cases[] = {
    { "/db", "[1]", "is not a description of a database" },
    { "/db", "{\"doc_count\":\"many\"}", "counts of documents that are not numbers" },
    { "/db/_changes", "{\"results\":{},\"last_seq\":1}", "no list of changes" },
    { "/db/_bulk_get", "{\"results\":\"none\"}", "has no list of results" },
    { "/db/_revs_diff", "[\"x\"]", "comparison of documents is not an object" },
    { "/db/_bulk_docs", "{\"ok\":true}", "documents sent is not a list" },
  };
  g_autoptr(AccStore) desk = desk_with_pending (dir, "kinds.db");
  g_autoptr(AccSyncEngine) engine = NULL;

  mock = mock_new ();
  mock_put_fixture (mock);
  mock_put_enrollments (mock, '9', 3);
  engine = new_engine (desk, mock->url);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s: %s", cases[i].path, cases[i].body);
      g_free (mock->answer_path);
      g_free (mock->answer_body);
      mock->answer_path = g_strdup (cases[i].path);
      mock->answer_body = g_strdup (cases[i].body);
      assert_fails_keeping (engine, desk, cases[i].needle);
    }
  g_clear_pointer (&mock, mock_free);
}

static void
wake_up (gpointer user_data)
{
  g_main_context_wakeup (NULL);
}

/* A server that answers a longpoll at once with nothing new: a continuous engine asks less
 * and less often instead of asking four times a second. */
static void
test_continuous_backs_off (void)
{
  g_autoptr(AccStore) desk = acc_test_open_new (dir, "backoff.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  gint64 deadline;
  guint after_pull;

  mock = mock_new ();
  mock_put_fixture (mock);
  engine = new_engine (desk, mock->url);
  acc_sync_engine_start (engine);
  SPIN_UNTIL (acc_sync_engine_get_state (engine) == ACC_SYNC_ONLINE);

  /* Without the pauses: a run every 250 ms, about 16 in 4 s. With them: 0.5, 1 and 2 s. */
  after_pull = mock->n_changes_requests;
  deadline = g_get_monotonic_time () + 4 * G_USEC_PER_SEC;
  g_timeout_add_once (4000, wake_up, NULL);
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("%u requests for changes in 4 s", mock->n_changes_requests - after_pull);
  g_assert_cmpuint (mock->n_changes_requests - after_pull, >=, 2);
  g_assert_cmpuint (mock->n_changes_requests - after_pull, <=, 6);

  acc_sync_engine_stop (engine);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_clear_pointer (&mock, mock_free);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  dir = acc_test_make_dir ();

  g_test_add_func ("/sync-hostile/deep-answers", test_deep_answers);
  g_test_add_func ("/sync-hostile/documents-not-asked-for", test_documents_not_asked_for);
  g_test_add_func ("/sync-hostile/same-changes-again", test_same_changes_again);
  g_test_add_func ("/sync-hostile/refused-documents", test_refused_documents);
  g_test_add_func ("/sync-hostile/endless-answer", test_endless_answer);
  g_test_add_func ("/sync-hostile/changes-without-end", test_changes_without_end);
  g_test_add_func ("/sync-hostile/answers-of-another-kind", test_answers_of_another_kind);
  g_test_add_func ("/sync-hostile/continuous-backs-off", test_continuous_backs_off);

  rc = g_test_run ();
  acc_test_remove_dir (dir);
  g_free (dir);
  return rc;
}
