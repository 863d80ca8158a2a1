/* acc-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "acc-pairing.h"
#include "acc-test-util.h"

char *
acc_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("accueil-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Points XDG_CONFIG_HOME (this process's and its children's) at a new temporary folder,
 * before anything reads it: the desk's identity, pins and passwords go there, never to the
 * user's. Not G_TEST_OPTION_ISOLATE_DIRS, which GLib 2.74 leaks and which hides the system's
 * GSettings schemas (GIO's proxy resolver needs them). Returns the folder. */
char *
acc_test_use_config_dir (void)
{
  char *config = acc_test_make_dir ();

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_assert_cmpstr (g_get_user_config_dir (), ==, config);
  return config;
}

/* Makes this process, and the processes it starts, a desk of a school as accueil-cli pair
 * does: its passwords kept in @dir/credentials.ini (ACCUEIL_CREDENTIALS_FILE), never in the
 * user's secret service, and there the school's pairing @secret, unless it is NULL (a desk
 * not paired yet). */
void
acc_test_pair_desk (const char *dir,
                    const char *secret)
{
  g_autofree char *credentials = g_build_filename (dir, "credentials.ini", NULL);
  g_autoptr(GError) error = NULL;

  g_setenv ("ACCUEIL_CREDENTIALS_FILE", credentials, TRUE);
  if (secret == NULL)
    return;

  g_assert_true (acc_pairing_store_secret (secret, &error));
  g_assert_no_error (error);
}

void
acc_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        acc_test_remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

AccStore *
acc_test_open_new (const char *dir,
                   const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  AccStore *store = acc_store_open (path, ACC_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

JsonObject *
acc_test_parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static GPtrArray *
parse_array (const char *json_array)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json_array, &error);
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *array;

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (docs, json_object_ref (json_array_get_object_element (array, i)));

  return docs;
}

void
acc_test_put_json (AccStore   *store,
                   const char *json_array)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = parse_array (json_array);

  acc_store_put_documents (store, (JsonObject **) docs->pdata, docs->len, ACC_PUT_DEFAULT,
                           &error);
  g_assert_no_error (error);
}

/* A fact as another desk would have written it: @supersedes is the JSON of its supersedes
 * array's members, @fields the members of its kind. */
char *
acc_test_remote_fact (const char *id,
                      const char *kind,
                      const char *hlc,
                      const char *device,
                      const char *supersedes,
                      const char *fields)
{
  return g_strdup_printf ("{\"_id\":\"%s\",\"_rev\":\"1-%s\",\"type\":\"fact\",\"schema\":1,"
                          "\"kind\":\"%s\",\"device_id\":\"%s\",\"staff\":\"Test\","
                          "\"at\":\"2026-12-26T08:00:00+01:00\",\"hlc\":\"%s\","
                          "\"supersedes\":[%s],%s}",
                          id, id, kind, device, hlc, supersedes, fields);
}

/* A check-in of @enrollment_id written at another desk, @device. */
JsonObject *
acc_test_remote_checkin (const char *id,
                         const char *device,
                         const char *enrollment_id)
{
  g_autofree char *hlc = g_strconcat ("0001767000000000-0000-", device, NULL);
  g_autofree char *fields = g_strdup_printf ("\"enrollment_id\":\"%s\",\"present\":true",
                                             enrollment_id);
  g_autofree char *fact = acc_test_remote_fact (id, "checkin", hlc, device, "", fields);

  return acc_test_parse (fact);
}

void
acc_test_put_remote_fact (AccStore   *store,
                          const char *id,
                          const char *kind,
                          const char *hlc,
                          const char *device,
                          const char *supersedes,
                          const char *fields)
{
  g_autofree char *fact = acc_test_remote_fact (id, kind, hlc, device, supersedes, fields);
  g_autofree char *array = g_strdup_printf ("[%s]", fact);

  acc_test_put_json (store, array);
}

#define DOC(type, id) "{\"_id\":\"" id "\",\"_rev\":\"1-aaaa\",\"type\":\"" type "\",\"schema\":1,"
#define QUOTED(text) "\"" text "\""

/* @instructor is JSON: QUOTED (an id), or "null"; likewise @group below. */
#define GROUP(id, session, instructor, capacity, label) \
  DOC ("group", id) "\"session_id\":\"" session "\",\"level_id\":\"" FX_LEVEL "\"," \
    "\"instructor_id\":" instructor ",\"capacity\":" capacity ",\"label\":\"" label "\"," \
    "\"meeting_point_id\":null}"
#define PARTICIPANT(id, booking, first, last, year, allergies, phone, placeholder) \
  DOC ("participant", id) "\"booking_id\":\"" booking "\",\"first_name\":\"" first "\"," \
    "\"last_name\":\"" last "\",\"birth_year\":" year ",\"level_id\":\"" FX_LEVEL "\"," \
    "\"allergies\":\"" allergies "\",\"medical_notes\":\"\",\"emergency_phone\":\"" phone "\"," \
    "\"pickup_adults\":[],\"placeholder\":" placeholder "}"
#define ENROLLMENT(id, participant, session, booking, group, status) \
  DOC ("enrollment", id) "\"participant_id\":\"" participant "\",\"session_id\":\"" session "\"," \
    "\"booking_id\":\"" booking "\",\"planned_group_id\":" group ",\"status\":\"" status "\"}"

/* A small day: one booking of three children (one a placeholder) with a balance due, one
 * other booking, two morning groups and one afternoon group. */
static const char fixture[] = "["
  DOC ("school", FX_SCHOOL) "\"name\":\"École de test\",\"timezone\":\"Europe/Paris\","
    "\"locale\":\"fr_FR\",\"level_scale\":\"esf\"},"
  DOC ("level", FX_LEVEL) "\"code\":\"OURSON\",\"label\":\"Ourson\",\"order\":5,"
    "\"discipline\":\"ski\",\"min_age\":3,\"max_age\":12},"
  DOC ("session", FX_SESSION_AM) "\"title\":\"Ski enfants – matin\",\"discipline\":\"ski\","
    "\"kind\":\"group\",\"starts_at\":\"2026-12-26T09:00:00+01:00\","
    "\"ends_at\":\"2026-12-26T11:30:00+01:00\",\"meeting_point_id\":null},"
  DOC ("session", FX_SESSION_PM) "\"title\":\"Ski enfants – après-midi\",\"discipline\":\"ski\","
    "\"kind\":\"group\",\"starts_at\":\"2026-12-26T14:00:00+01:00\","
    "\"ends_at\":\"2026-12-26T16:30:00+01:00\",\"meeting_point_id\":null},"
  DOC ("instructor", FX_INSTRUCTOR) "\"first_name\":\"Anne\",\"last_name\":\"Moniteur\","
    "\"phone\":\"+33 6 00 00 00 01\",\"languages\":[\"fr\",\"en\"],\"disciplines\":[\"ski\"],"
    "\"max_level_order\":12,\"on_call\":false},"
  DOC ("instructor", FX_INSTRUCTOR2) "\"first_name\":\"Paul\",\"last_name\":\"Renfort\","
    "\"phone\":\"+33 6 00 00 00 02\",\"languages\":[\"fr\"],\"disciplines\":[\"ski\"],"
    "\"max_level_order\":12,\"on_call\":true},"
  GROUP (FX_GROUP_A, FX_SESSION_AM, QUOTED (FX_INSTRUCTOR), "2", "Ourson 1") ","
  GROUP (FX_GROUP_B, FX_SESSION_AM, "null", "10", "Ourson 2") ","
  GROUP (FX_GROUP_PM, FX_SESSION_PM, QUOTED (FX_INSTRUCTOR), "10", "Ourson PM") ","
  DOC ("customer", FX_CUSTOMER) "\"first_name\":\"Hélène\",\"last_name\":\"Lefèvre\","
    "\"phone\":\"+33 6 12 34 56 78\",\"email\":\"h@example.org\",\"language\":\"fr\"},"
  DOC ("booking", FX_BOOKING) "\"reference\":\"" FX_REFERENCE "\",\"customer_id\":\"" FX_CUSTOMER "\","
    "\"balance_due_cents\":4500,\"currency\":\"EUR\",\"notes\":\"\"},"
  PARTICIPANT (FX_ZOE, FX_BOOKING, "Zoé", "Lefèvre", "2019", "Arachides", "", "false") ","
  PARTICIPANT (FX_NOE, FX_BOOKING, "Noé", "Lefèvre", "2017", "", "", "false") ","
  PARTICIPANT (FX_PLACEHOLDER, FX_BOOKING, "[Lefèvre – 3]", "Lefèvre", "2018", "", "", "true") ","
  ENROLLMENT (FX_E_ZOE, FX_ZOE, FX_SESSION_AM, FX_BOOKING, QUOTED (FX_GROUP_A), "booked") ","
  ENROLLMENT (FX_E_NOE, FX_NOE, FX_SESSION_AM, FX_BOOKING, QUOTED (FX_GROUP_A), "booked") ","
  ENROLLMENT (FX_E_PLACE, FX_PLACEHOLDER, FX_SESSION_AM, FX_BOOKING, "null", "booked") ","
  ENROLLMENT (FX_E_ZOE_PM, FX_ZOE, FX_SESSION_PM, FX_BOOKING, QUOTED (FX_GROUP_PM), "booked") ","
  DOC ("customer", FX_CUSTOMER2) "\"first_name\":\"Luc\",\"last_name\":\"Martin\","
    "\"phone\":\"+44 7700 900123\",\"email\":\"\",\"language\":\"en\"},"
  DOC ("booking", FX_BOOKING2) "\"reference\":\"" FX_REFERENCE2 "\",\"customer_id\":\"" FX_CUSTOMER2 "\","
    "\"balance_due_cents\":0,\"currency\":\"EUR\",\"notes\":\"\"},"
  PARTICIPANT (FX_MARTIN, FX_BOOKING2, "Léa", "Martin", "2016", "", "06 99 88 77 66", "false") ","
  ENROLLMENT (FX_E_MARTIN, FX_MARTIN, FX_SESSION_AM, FX_BOOKING2, QUOTED (FX_GROUP_B), "cancelled")
  "]";

GPtrArray *
acc_test_fixture_docs (void)
{
  return parse_array (fixture);
}

void
acc_test_put_fixture (AccStore *store)
{
  acc_test_put_json (store, fixture);
}

char *
acc_test_export (AccStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = acc_store_export_json (store, &error);

  g_assert_no_error (error);
  return json_to_string (node, TRUE);
}

char *
acc_test_read_file (const char *path,
                    gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

/* Runs a program of the system found in PATH, such as pdftotext, and returns what it printed
 * on standard output; NULL with the test failed when it is missing or fails. */
char *
acc_test_run_tool (const char * const *argv)
{
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  if (program == NULL)
    {
      g_test_message ("%s is missing: run build-aux/install-deps.sh", argv[0]);
      g_test_fail ();
      return NULL;
    }

  g_ptr_array_add (args, program);
  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    {
      g_test_message ("%s failed: %s", argv[0], error->message);
      g_test_fail ();
      return NULL;
    }

  return g_steal_pointer (&out);
}

/* Asserts that @text, a printed page's, holds each of @expected (NULL-terminated). */
void
acc_test_assert_shown (const char         *text,
                       const char * const *expected)
{
  for (guint i = 0; expected[i] != NULL; i++)
    {
      if (strstr (text, expected[i]) == NULL)
        g_test_message ("The page does not show “%s”", expected[i]);
      g_assert_nonnull (strstr (text, expected[i]));
    }
}

/* Lets pending idles and redraws run, so that what follows sees a settled UI. */
void
acc_test_spin_a_little (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 10;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

void
acc_test_day_set_up (AccTestDay    *fx,
                     gconstpointer  data)
{
  fx->dir = acc_test_make_dir ();
  fx->store = acc_test_open_new (fx->dir, "day.db");
  acc_test_put_fixture (fx->store);
}

void
acc_test_day_tear_down (AccTestDay    *fx,
                        gconstpointer  data)
{
  g_clear_object (&fx->store);
  acc_test_remove_dir (fx->dir);
  g_free (fx->dir);
}

/* Adds a test that runs @func on a fresh fixture day of its own. */
void
acc_test_add_day (const char     *path,
                  AccTestDayFunc  func)
{
  g_test_add (path, AccTestDay, NULL, acc_test_day_set_up, func, acc_test_day_tear_down);
}

/* The one enrollment @enrollment_id, which must exist. */
AccEnrollmentRow *
acc_test_get_row (AccStore   *store,
                  const char *enrollment_id)
{
  g_autoptr(GError) error = NULL;
  AccEnrollmentRow *row = acc_store_get_enrollment (store, enrollment_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (row);
  return row;
}

/* How many documents the store's day holds, which must be readable. */
gint64
acc_test_count_docs (AccStore *store)
{
  gint64 seq = 0, n_docs = 0, n_deleted = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (acc_store_get_update_seq (store, &seq, &n_docs, &n_deleted, &error));
  g_assert_no_error (error);
  return n_docs;
}

/* Whether @enrollment_id is in @store, checked in. */
gboolean
acc_test_is_checked_in (AccStore   *store,
                        const char *enrollment_id)
{
  g_autoptr(AccEnrollmentRow) row = acc_store_get_enrollment (store, enrollment_id, NULL);

  return row != NULL && row->checked_in;
}

/* Every enrollment of @store's day that is booked and not checked in, session by session. */
GPtrArray *
acc_test_list_to_check_in (AccStore *store)
{
  g_autoptr(GPtrArray) sessions = acc_store_list_sessions (store, NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (sessions);
  for (guint i = 0; i < sessions->len; i++)
    {
      AccSessionRow *session = g_ptr_array_index (sessions, i);
      g_autoptr(GPtrArray) rows = acc_store_list_enrollments_of_session (store, session->id,
                                                                         NULL);

      g_assert_nonnull (rows);
      for (guint j = 0; j < rows->len; j++)
        {
          AccEnrollmentRow *row = g_ptr_array_index (rows, j);

          if (row->status == ACC_ENROLLMENT_STATUS_BOOKED && !row->checked_in)
            g_ptr_array_add (ids, g_strdup (row->enrollment_id));
        }
    }
  return ids;
}

/* How many of the desks @peers replicates with have had a complete exchange. */
guint
acc_test_count_exchanged (AccPeers *peers)
{
  g_autoptr(GPtrArray) exchanges = acc_peers_list (peers);
  guint n = 0;

  for (guint i = 0; i < exchanges->len; i++)
    n += ((AccPeerExchange *) g_ptr_array_index (exchanges, i))->last_exchange > 0;
  return n;
}

/* The store's counts, which must be readable. */
AccStoreStatus
acc_test_get_status (AccStore *store)
{
  g_autoptr(GError) error = NULL;
  AccStoreStatus status;

  g_assert_true (acc_store_get_status (store, &status, &error));
  g_assert_no_error (error);
  return status;
}

/* The group @enrollment_id is in now, or NULL. */
char *
acc_test_dup_group_id (AccStore   *store,
                       const char *enrollment_id)
{
  g_autoptr(AccEnrollmentRow) row = acc_test_get_row (store, enrollment_id);

  return g_strdup (row->group_id);
}

/* How many places of group @group_id, which must exist, are taken: its enrollments not
 * cancelled. */
int
acc_test_count_in_group (AccStore   *store,
                         const char *group_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccGroupRow) group = acc_store_get_group (store, group_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (group);
  return group->count;
}

AccAttendance
acc_test_get_attendance (AccStore   *store,
                         const char *enrollment_id)
{
  g_autoptr(AccEnrollmentRow) row = acc_test_get_row (store, enrollment_id);

  return row->attendance;
}

/* @depth opening brackets then as many closing ones, between @prefix and @suffix: JSON nested
 * deeper than any reader should follow. */
char *
acc_test_nested (const char *prefix,
                 guint       depth,
                 const char *suffix)
{
  GString *text = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append (text, suffix);
  return g_string_free (text, FALSE);
}

/* Runs the tests, then removes @dir (from acc_test_make_dir ()) and frees it; for main (). */
int
acc_test_run_in_dir (char *dir)
{
  int rc = g_test_run ();

  acc_test_remove_dir (dir);
  g_free (dir);
  return rc;
}

void
acc_test_cli_clear (AccTestCli *cli)
{
  g_clear_pointer (&cli->out, g_free);
  g_clear_pointer (&cli->err, g_free);
}

static void
on_cli_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AccTestCli *cli = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &cli->out, &cli->err,
                                        &error);
  g_assert_no_error (error);
  cli->status = g_subprocess_get_status (G_SUBPROCESS (source));
}

/* Runs accueil-cli ($ACCUEIL_CLI) with @args (NULL-terminated, the program left out), serving
 * the main context meanwhile, so that a loopback server of this process can answer it. It
 * must exit, within @deadline_s seconds unless that is 0; *cli has its exit code and what it
 * wrote. */
void
acc_test_run_cli_argv (AccTestCli         *cli,
                       guint               deadline_s,
                       const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli_path = g_getenv ("ACCUEIL_CLI");
  gint64 started = g_get_monotonic_time ();

  g_assert_nonnull (cli_path);
  g_ptr_array_add (argv, (char *) cli_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  *cli = (AccTestCli) { .status = -1 };
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_cli_done, cli);
  while (cli->status == -1)
    {
      g_main_context_iteration (NULL, TRUE);
      if (deadline_s > 0 && g_get_monotonic_time () - started > deadline_s * G_USEC_PER_SEC)
        {
          g_subprocess_force_exit (process);
          g_error ("accueil-cli %s still runs after %u s", args[0], deadline_s);
        }
    }

  g_assert_true (WIFEXITED (cli->status));
  cli->status = WEXITSTATUS (cli->status);
}

/* acc_test_run_cli_argv () with the arguments from @first to NULL, and no deadline. */
void
acc_test_run_cli (AccTestCli *cli,
                  const char *first,
                  ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  acc_test_run_cli_argv (cli, 0, (const char * const *) args->pdata);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Prints the median and the 99th percentile of a benchmark's @samples, in milliseconds, after
 * @what in a column @width wide. Sorts @samples. */
void
acc_test_report_samples (const char *what,
                         int         width,
                         GArray     *samples)
{
  double *v = (double *) samples->data;

  g_assert (samples->len > 0);

  qsort (v, samples->len, sizeof (double), compare_doubles);
  printf ("  %-*s p50 %8.3f ms   p99 %8.3f ms   (n=%u)\n", width, what, v[samples->len / 2],
          v[MIN (samples->len - 1, samples->len * 99 / 100)], samples->len);
}
