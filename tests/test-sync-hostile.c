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

static char *dir;

/* Runs `accueil-cli sync --once` on @path against @url, serving the loopback server meanwhile;
 * returns the exit code, and what it said in *err. The run must end within CLI_DEADLINE_S. */
static int
run_cli_sync (const char  *path,
              const char  *url,
              char       **err)
{
  const char *args[] = { "sync", "--db", path, "--url", url, "--once", NULL };
  g_auto(AccTestCli) cli = { 0 };
  gint64 started = g_get_monotonic_time ();

  acc_test_run_cli_argv (&cli, CLI_DEADLINE_S, args);
  g_test_message ("accueil-cli ended in %.1f s: %s",
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC, cli.err);
  *err = g_steal_pointer (&cli.err);
  return cli.status;
}

/* A desk file with the fixture and a check-in waiting to be sent, closed. */
static char *
make_desk_file (const char *folder,
                const char *name)
{
  g_autoptr(AccStore) desk = desk_with_pending (folder, name);

  return g_strdup (acc_store_get_path (desk));
}

/* The desk file at @path, which must open. */
static AccStore *
open_desk (const char *path)
{
  g_autoptr(GError) error = NULL;
  AccStore *desk = acc_store_open (path, ACC_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return desk;
}

/* The check-in made offline is still there, still waiting, and the file opens. */
static void
assert_nothing_lost (const char *path)
{
  g_autoptr(AccStore) desk = open_desk (path);

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

/* `sync --once` on the desk file at @path against @url ends with exit code 1, saying
 * @needle, and the desk lost nothing. */
static void
assert_cli_fails_keeping (const char *path,
                          const char *url,
                          const char *needle)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli_sync (path, url, &err), ==, 1);
  assert_says (err, needle);
  assert_nothing_lost (path);
}

/* Any answer nested 200,000 levels deep (400 KB) is refused before it is followed, wherever
 * it comes from; `sync --once` ends with a message and exit code 1. */
static void
test_deep_answers (SyncFixture   *fx,
                   gconstpointer  data)
{
  static const char * const paths[] = {
    "/db", "/db/_changes", "/db/_bulk_get", "/db/_local/", "/db/_revs_diff", "/db/_bulk_docs",
  };
  g_autofree char *path = make_desk_file (fx->dir, "deep-cli.db");
  Mock *mock = fx->mock;

  /* Documents the desk lacks, for _bulk_get. */
  mock_put_enrollments (mock, '9', 3);
  mock->answer_body = acc_test_nested ("", 200000, "");
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_test_message ("%s", paths[i]);
      g_free (mock->answer_path);
      mock->answer_path = g_strdup (paths[i]);
      assert_fails_keeping (fx->engine, fx->desk, "nested deeper than 64 levels");
    }

  g_free (mock->answer_path);
  mock->answer_path = g_strdup ("/db/_changes");
  assert_cli_fails_keeping (path, mock->url, "nested deeper than 64 levels");
}

/* A server whose _changes ignores `since` and whose _bulk_get answers with other documents
 * than those asked for (ids nobody asked for, a path for an id, a revision that is not one,
 * fields of the wrong kind, a 1 MB string): the run ends at once, keeping nothing of it. */
static void
test_documents_not_asked_for (void)
{
  g_autofree char *path = make_desk_file (dir, "unasked.db");
  g_autoptr(AccStore) desk = NULL;
  g_autoptr(GError) error = NULL;
  Mock *mock = mock_new ();
  g_autoptr(JsonObject) doc = NULL;

  mock_put_fixture (mock);
  mock_put_enrollments (mock, '9', ACC_SYNC_PULL_BATCH + 100);
  mock->ignore_since = TRUE;
  mock->mode = MODE_UNASKED;
  mock->junk_size = 1024 * 1024;

  assert_cli_fails_keeping (path, mock->url,
                            "The server did not send 1978 documents it listed as changed. The "
                            "server sent 1978 documents that were not asked for. What came "
                            "before is stored");

  desk = open_desk (path);
  g_assert_cmpuint (acc_test_get_status (desk).unusable, ==, 0);
  doc = acc_store_dup_document (desk, "e0000000-0000-4000-8000-000000000001", &error);
  g_assert_null (doc);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_clear_pointer (&mock, mock_free);
}

/* A server whose _changes ignores `since` sends the same answer again and again: the pull
 * ends after three pages that bring nothing new, keeping what was new. */
static void
test_same_changes_again (void)
{
  g_autofree char *path = make_desk_file (dir, "again.db");
  g_autoptr(AccStore) desk = NULL;
  Mock *mock = mock_new ();

  mock_put_fixture (mock);
  mock_put_enrollments (mock, '9', ACC_SYNC_PULL_BATCH + 100);
  mock->ignore_since = TRUE;

  assert_cli_fails_keeping (path, mock->url,
                            "keeps sending changes this desk has already received (3 pages in "
                            "a row)");
  /* The first answer is one page (2,000 changes), the next ones are larger and hold all
   * 2,122: the second brings 122 new after a page without, the third two pages without, the
   * fourth the third in a row. */
  g_assert_cmpuint (mock->n_changes_requests, ==, 4);

  /* What was new is stored: the fixture (22 documents) and the 2,100 enrollments. */
  desk = open_desk (path);
  g_assert_cmpuint (acc_test_get_status (desk).enrollments, ==, 4 + ACC_SYNC_PULL_BATCH + 100);
  g_clear_pointer (&mock, mock_free);
}

/* Documents that are no documents of the day (a revision that is not one, a malformed
 * history, a string of 300 KB) are kept nowhere and said at the end of the run; the rest is
 * stored, and the next run does not say it again. */
static void
test_refused_documents (SyncFixture   *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  AccStoreStatus status;
  AccSyncEngine *engine = fx->engine;

  mock_put_enrollments (fx->mock, '9', 8);
  fx->mock->mode = MODE_JUNK;
  acc_sync_engine_set_limits (engine, 2, 16 * 1024 * 1024);

  g_assert_false (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  assert_says (error->message, "documents this desk refuses");
  assert_says (error->message, "They were left out; everything else was exchanged.");
  g_assert_cmpstr (acc_sync_engine_get_last_error (engine), ==, error->message);
  g_clear_error (&error);

  /* One in four has fields of the wrong kind: well formed, kept for review. */
  status = acc_test_get_status (fx->desk);
  g_assert_cmpuint (status.unusable, >, 0);
  problems = acc_store_list_problems (fx->desk, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    assert_says (((AccProblem *) g_ptr_array_index (problems, i))->reason, "schema");
  /* The check-in went out all the same. */
  g_assert_cmpuint (status.pending, ==, 0);

  assert_runs (engine, ACC_SYNC_PULL_PUSH);
  g_assert_null (acc_sync_engine_get_last_error (engine));
}

/* An answer that never ends, sent a few bytes at a time (never idle long enough for the read
 * time-out), ends the run at its deadline. */
static void
test_endless_answer (SyncFixture   *fx,
                     gconstpointer  data)
{
  gint64 started = g_get_monotonic_time ();

  fx->mock->mode = MODE_DRIP;
  acc_sync_engine_set_limits (fx->engine, 1, 1024 * 1024);
  assert_fails_keeping (fx->engine, fx->desk, "took more than 3 seconds to send one answer");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
}

/* A database that says it holds one document, and sends changes without end. */
static void
test_changes_without_end (SyncFixture   *fx,
                          gconstpointer  data)
{
  mock_put_enrollments (fx->mock, '9', 12 * ACC_SYNC_PULL_BATCH);
  fx->mock->answer_path = g_strdup ("/db");
  fx->mock->answer_body = g_strdup ("{\"db_name\":\"db\",\"doc_count\":1,\"doc_del_count\":0}");
  acc_sync_engine_set_limits (fx->engine, 10, 64 * 1024 * 1024);
  assert_fails_keeping (fx->engine, fx->desk, "changes for a database of 1 documents");
}

/* Answers whose members are of another kind than the protocol says are refused in words. */
static void
test_answers_of_another_kind (SyncFixture   *fx,
                              gconstpointer  data)
{
  static const struct { const char *path; const char *body; const char *needle; } cases[] = {
    { "/db", "[1]", "is not a description of a database" },
    { "/db", "{\"doc_count\":\"many\"}", "counts of documents that are not numbers" },
    { "/db/_changes", "{\"results\":{},\"last_seq\":1}", "no list of changes" },
    { "/db/_bulk_get", "{\"results\":\"none\"}", "has no list of results" },
    { "/db/_revs_diff", "[\"x\"]", "comparison of documents is not an object" },
    { "/db/_bulk_docs", "{\"ok\":true}", "documents sent is not a list" },
  };
  Mock *mock = fx->mock;

  mock_put_enrollments (mock, '9', 3);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s: %s", cases[i].path, cases[i].body);
      g_free (mock->answer_path);
      g_free (mock->answer_body);
      mock->answer_path = g_strdup (cases[i].path);
      mock->answer_body = g_strdup (cases[i].body);
      assert_fails_keeping (fx->engine, fx->desk, cases[i].needle);
    }
}

/* An answer of more changes than a page whose changes have no seq: a page cut from it would
 * have no checkpoint, and is refused before anything of it is kept. */
static void
test_changes_without_seq (SyncFixture   *fx,
                          gconstpointer  data)
{
  GString *body = g_string_new ("{\"results\":[");

  for (guint i = 0; i <= ACC_SYNC_PULL_BATCH; i++)
    g_string_append_printf (body, "%s{\"id\":\"e%u\",\"changes\":[{\"rev\":\"1-a\"}]}",
                            i > 0 ? "," : "", i);
  g_string_append_printf (body, "],\"last_seq\":%u}", ACC_SYNC_PULL_BATCH + 1);

  fx->mock->answer_path = g_strdup ("/db/_changes");
  fx->mock->answer_body = g_string_free (body, FALSE);
  assert_fails_keeping (fx->engine, fx->desk, "no usable “last_seq”");
  g_assert_cmpuint (fx->mock->n_bulk_get, ==, 0);
}

static void
wake_up (gpointer user_data)
{
  g_main_context_wakeup (NULL);
}

/* A server that answers a longpoll at once with nothing new: a continuous engine asks less
 * and less often instead of asking four times a second. */
static void
test_continuous_backs_off (SyncFixture   *fx,
                           gconstpointer  data)
{
  AccSyncEngine *engine = fx->engine;
  Mock *mock = fx->mock;
  gint64 deadline;
  guint after_pull;

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

  stop_engine (engine);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  dir = acc_test_make_dir ();

  sync_test_add ("/sync-hostile/deep-answers", SYNC_FX_PENDING, test_deep_answers);
  g_test_add_func ("/sync-hostile/documents-not-asked-for", test_documents_not_asked_for);
  g_test_add_func ("/sync-hostile/same-changes-again", test_same_changes_again);
  sync_test_add ("/sync-hostile/refused-documents", SYNC_FX_PENDING, test_refused_documents);
  sync_test_add ("/sync-hostile/endless-answer", SYNC_FX_PENDING, test_endless_answer);
  sync_test_add ("/sync-hostile/changes-without-end", SYNC_FX_PENDING, test_changes_without_end);
  sync_test_add ("/sync-hostile/answers-of-another-kind", SYNC_FX_PENDING,
                 test_answers_of_another_kind);
  sync_test_add ("/sync-hostile/changes-without-seq", SYNC_FX_PENDING, test_changes_without_seq);
  sync_test_add ("/sync-hostile/continuous-backs-off", SYNC_FX_DEFAULT, test_continuous_backs_off);

  return acc_test_run_in_dir (dir);
}
