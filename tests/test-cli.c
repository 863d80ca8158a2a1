/* test-cli.c: accueil-cli as staff IT and scripts use it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "acc-test-util.h"

static char *dir;

/* A user error: exit 1 and one line that names the problem. */
static void
assert_user_error (AccTestCli *result,
                   const char *needle)
{
  g_assert_cmpint (result->status, ==, 1);
  g_assert_true (g_str_has_prefix (result->err, "accueil-cli: "));
  g_assert_true (g_str_has_suffix (result->err, "\n"));
  g_assert_true (strchr (result->err, '\n') == result->err + strlen (result->err) - 1);
  g_assert_nonnull (strstr (result->err, needle));
}

static char *
demo_path (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
test_help (void)
{
  static const char *commands[] = { "demo", "find", "checkin", "assign", "status", "export" };
  g_auto(AccTestCli) top = { 0 };
  g_auto(AccTestCli) none = { 0 };

  acc_test_run_cli (&top, "--help", NULL);
  g_assert_cmpint (top.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(AccTestCli) help = { 0 };

      g_assert_nonnull (strstr (top.out, commands[i]));
      acc_test_run_cli (&help, commands[i], "--help", NULL);
      g_assert_cmpint (help.status, ==, 0);
      g_assert_nonnull (strstr (help.out, "--db"));
    }

  acc_test_run_cli_argv (&none, 0, (const char * const[]) { NULL });
  g_assert_cmpint (none.status, ==, 2);
}

static void
test_usage_errors (void)
{
  g_autofree char *db = demo_path ("usage.db");
  const char *cases[][6] = {
    { "frobnicate", NULL },
    { "status", NULL },
    { "status", "--db", db, "--bogus", NULL },
    { "export", "--db", db, NULL },
    { "export", "--db", db, "--format", "xml", NULL },
    { "assign", "--db", db, "only-one", NULL },
    { "find", "--db", db, NULL },
    { "demo", "--db", db, "--date", "26/12/2026", NULL },
    { "demo", "--db", db, "--date", "2026-02-30", NULL },
    { "demo", "--db", db, "--date", "2026- 1-05", NULL },
    { "demo", "--db", db, "--enrollments", "0", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(AccTestCli) result = { 0 };

      acc_test_run_cli (&result, cases[i][0], cases[i][1], cases[i][2], cases[i][3], cases[i][4],
                        NULL);
      g_assert_cmpint (result.status, ==, 2);
      g_assert_cmpstr (result.err, !=, "");
    }
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

/* Runs `accueil-cli @command --db @db --json [@arg]`, which must succeed, and reads the JSON it
 * prints. */
static JsonNode *
run_json (const char *command,
          const char *db,
          const char *arg)
{
  g_auto(AccTestCli) result = { 0 };
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  acc_test_run_cli (&result, command, "--db", db, "--json", arg, NULL);
  g_assert_cmpint (result.status, ==, 0);
  node = json_from_string (result.out, &error);
  g_assert_no_error (error);
  return node;
}

/* Generates a demo day of @enrollments enrollments into @db, which must succeed. @seed and
 * @date are both given, or both NULL for the defaults. */
static void
make_demo (const char *db,
           const char *enrollments,
           const char *seed,
           const char *date)
{
  g_auto(AccTestCli) demo = { 0 };
  const char *args[] = { "demo", "--db", db, "--enrollments", enrollments,
                         seed != NULL ? "--seed" : NULL, seed, "--date", date, NULL };

  acc_test_run_cli_argv (&demo, 0, args);
  g_assert_cmpint (demo.status, ==, 0);
}

static void
test_demo_find_checkin (void)
{
  g_autofree char *db = demo_path ("demo.db");
  g_auto(AccTestCli) again = { 0 };
  g_auto(AccTestCli) checkin = { 0 };
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(JsonNode) counts = NULL;
  JsonObject *first, *object;
  const char *reference;
  guint n_booking = 0;
  JsonArray *rows;

  make_demo (db, "300", "4", "2026-12-26");

  /* It never overwrites a day. */
  acc_test_run_cli (&again, "demo", "--db", db, NULL);
  assert_user_error (&again, "already exists");

  counts = run_json ("status", db, NULL);
  object = json_node_get_object (counts);
  g_assert_cmpint (json_object_get_int_member (object, "checked_in"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "pending"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "conflicts"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "enrollments"), <=, 300);
  g_assert_cmpint (json_object_get_int_member (object, "enrollments"), >, 250);
  g_assert_true (json_object_has_member (json_object_get_object_member (object, "attendance"),
                                         "undetermined"));

  found = run_json ("find", db, "martin");
  rows = json_node_get_array (found);
  g_assert_cmpuint (json_array_get_length (rows), >, 0);
  first = json_array_get_object_element (rows, 0);
  reference = json_object_get_string_member (first, "booking_reference");

  /* Checking in by reference checks in every live enrollment of the booking. */
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      if (g_str_equal (json_object_get_string_member (row, "booking_reference"), reference) &&
          g_str_equal (json_object_get_string_member (row, "status"), "booked"))
        n_booking++;
    }
  {
    g_autofree char *lower = g_ascii_strdown (reference, -1);
    acc_test_run_cli (&checkin, "checkin", "--db", db, lower, NULL);
  }
  g_assert_cmpint (checkin.status, ==, 0);

  g_clear_pointer (&counts, json_node_unref);
  counts = run_json ("status", db, NULL);
  object = json_node_get_object (counts);
  g_assert_cmpint (json_object_get_int_member (object, "checked_in"), >=, n_booking);
  g_assert_cmpint (json_object_get_int_member (object, "pending"), ==,
                   json_object_get_int_member (object, "checked_in"));
}

static void
test_unknown_changes_nothing (void)
{
  g_autofree char *db = demo_path ("unknown.db");
  g_auto(AccTestCli) before = { 0 };
  g_auto(AccTestCli) checkin = { 0 };
  g_auto(AccTestCli) assign = { 0 };
  g_auto(AccTestCli) after = { 0 };
  g_auto(AccTestCli) find = { 0 };
  g_autoptr(JsonNode) export = NULL;
  JsonObject *enrollment;
  const char *group_id = NULL;

  make_demo (db, "50", NULL, NULL);
  acc_test_run_cli (&before, "export", "--db", db, "--format", "json", NULL);
  g_assert_cmpint (before.status, ==, 0);

  export = json_from_string (before.out, NULL);
  enrollment = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (export), "enrollments"), 0);

  /* One good id and one unknown reference: nothing is checked in. */
  acc_test_run_cli (&checkin, "checkin", "--db", db,
                    json_object_get_string_member (enrollment, "id"), "NOPE99", NULL);
  assert_user_error (&checkin, "NOPE99");

  {
    JsonArray *groups = json_object_get_array_member (json_node_get_object (export), "groups");
    group_id = json_object_get_string_member (json_array_get_object_element (groups, 0), "id");
  }
  acc_test_run_cli (&assign, "assign", "--db", db, "00000000-dead-4000-8000-000000000000",
                    group_id, NULL);
  assert_user_error (&assign, "00000000-dead-4000-8000-000000000000");

  acc_test_run_cli (&after, "export", "--db", db, "--format", "json", NULL);
  g_assert_cmpstr (before.out, ==, after.out);

  acc_test_run_cli (&find, "find", "--db", db, "zzzzzzzz", NULL);
  g_assert_cmpint (find.status, ==, 0);
  g_assert_cmpstr (find.out, ==, "");
}

static void
test_bad_files (void)
{
  g_autofree char *missing = demo_path ("missing.db");
  g_autofree char *garbage = demo_path ("garbage.db");
  g_autofree char *contents = NULL;
  g_auto(AccTestCli) r1 = { 0 };
  g_auto(AccTestCli) r2 = { 0 };
  gsize length;

  acc_test_run_cli (&r1, "status", "--db", missing, NULL);
  assert_user_error (&r1, "missing.db");
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_set_contents (garbage, "not a database at all, sorry", -1, NULL));
  acc_test_run_cli (&r2, "export", "--db", garbage, "--format", "csv", NULL);
  assert_user_error (&r2, "not an Accueil database");
  contents = acc_test_read_file (garbage, &length);
  g_assert_cmpstr (contents, ==, "not a database at all, sorry");
}

static void
test_export_identical (void)
{
  g_autofree char *a = demo_path ("same-a.db");
  g_autofree char *b = demo_path ("same-b.db");
  g_auto(AccTestCli) ea = { 0 };
  g_auto(AccTestCli) eb = { 0 };
  g_auto(AccTestCli) ca = { 0 };
  g_auto(AccTestCli) cb = { 0 };

  make_demo (a, "120", "9", "2027-01-02");
  make_demo (b, "120", "9", "2027-01-02");

  acc_test_run_cli (&ea, "export", "--db", a, "--format", "json", NULL);
  acc_test_run_cli (&eb, "export", "--db", b, "--format", "json", NULL);
  g_assert_cmpint (ea.status, ==, 0);
  g_assert_cmpstr (ea.out, ==, eb.out);
  g_assert_nonnull (strstr (ea.out, "\"enrollments\""));
  g_assert_nonnull (strstr (ea.out, "\"booking_reference\""));
  g_assert_null (strstr (ea.out, "pending"));

  acc_test_run_cli (&ca, "export", "--db", a, "--format", "csv", NULL);
  acc_test_run_cli (&cb, "export", "--db", b, "--format", "csv", NULL);
  g_assert_cmpstr (ca.out, ==, cb.out);
  g_assert_true (g_str_has_prefix (ca.out, "id,booking_reference,"));
}

/* ACCUEIL_NOW sets the time the desk lives at: a demo's default day, and the time of a fact
 * made at the desk, which then runs on from there; a value that is not a time with its
 * offset is refused before anything is done. */
static void
test_now (void)
{
  g_autofree char *db = g_build_filename (dir, "now.db", NULL);
  g_autofree char *other = g_build_filename (dir, "not-now.db", NULL);
  g_auto(AccTestCli) demo = { 0 };
  g_auto(AccTestCli) bad = { 0 };
  g_auto(AccTestCli) checkin = { 0 };
  g_autoptr(JsonNode) counts = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(AccStore) store = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;
  const char *at;

  g_setenv ("ACCUEIL_NOW", "2027-01-02T08:30:00+01:00", TRUE);
  acc_test_run_cli (&demo, "demo", "--db", db, "--enrollments", "20", NULL);
  g_assert_cmpint (demo.status, ==, 0);
  counts = run_json ("status", db, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (counts), "day"), ==,
                   "2027-01-02");

  found = run_json ("find", db, "a");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), >, 0);
  acc_test_run_cli (&checkin, "checkin", "--db", db,
                    json_object_get_string_member (json_array_get_object_element (
                      json_node_get_array (found), 0), "id"), NULL);
  g_assert_cmpint (checkin.status, ==, 0);

  /* A time without its offset, or no time at all, is refused, and nothing is made. */
  g_setenv ("ACCUEIL_NOW", "2027-01-02T08:30:00", TRUE);
  acc_test_run_cli (&bad, "demo", "--db", other, NULL);
  g_unsetenv ("ACCUEIL_NOW");
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "ACCUEIL_NOW"));
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));

  store = acc_store_open (db, ACC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  outbox = acc_store_list_outbox (store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  at = json_object_get_string_member (g_ptr_array_index (outbox, 0), "at");
  g_assert_true (g_str_has_prefix (at, "2027-01-02T08:3"));
}

/* A demo day knows its school's id, "demo" unless given, and status says it; an id that
 * cannot name a day is refused before anything is made. */
static void
test_school_id (void)
{
  g_autofree char *plain = g_build_filename (dir, "plain.db", NULL);
  g_autofree char *named = g_build_filename (dir, "named.db", NULL);
  g_autofree char *refused = g_build_filename (dir, "refused.db", NULL);
  g_auto(AccTestCli) bad = { 0 };
  g_autoptr(JsonNode) plain_status = NULL;
  g_autoptr(JsonNode) named_status = NULL;
  const char *args[] = { "demo", "--db", named, "--enrollments", "10", "--seed", "1",
                         "--date", "2026-12-26", "--school", "esf-les-arcs", NULL };

  make_demo (plain, "10", NULL, NULL);
  plain_status = run_json ("status", plain, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (plain_status),
                                                  "school_id"), ==, "demo");

  {
    g_auto(AccTestCli) demo = { 0 };

    acc_test_run_cli_argv (&demo, 0, args);
    g_assert_cmpint (demo.status, ==, 0);
  }
  named_status = run_json ("status", named, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (named_status),
                                                  "school_id"), ==, "esf-les-arcs");

  acc_test_run_cli (&bad, "demo", "--db", refused, "--school", "Les Arcs", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--school"));
  g_assert_false (g_file_test (refused, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  dir = acc_test_make_dir ();

  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/demo-find-checkin", test_demo_find_checkin);
  g_test_add_func ("/cli/unknown-changes-nothing", test_unknown_changes_nothing);
  g_test_add_func ("/cli/bad-files", test_bad_files);
  g_test_add_func ("/cli/export-identical", test_export_identical);
  g_test_add_func ("/cli/now", test_now);
  g_test_add_func ("/cli/school-id", test_school_id);

  return acc_test_run_in_dir (dir);
}
