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
  static const char *commands[] = { "demo", "find", "checkin", "assign", "status", "export",
                                    "walkin" };
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
  g_autofree char *days_dir = demo_path ("usage-days");
  const char *cases[][8] = {
    { "frobnicate", NULL },
    { "sync", "--url", "http://127.0.0.1:1", NULL },
    { "sync", "--db", db, "--dir", days_dir, "--url", "http://127.0.0.1:1", NULL },
    { "sync", "--dir", days_dir, "--url", "http://127.0.0.1:1", NULL },
    { "sync", "--db", db, "--url", "http://127.0.0.1:1/db", "--school", "esf", NULL },
    { "sync", "--dir", days_dir, "--url", "http://127.0.0.1:1", "--school", "esf", "--days" },
    { "open-day", "--db", db, "--date", "2026-12-27", NULL },
    { "open-day", "--db", db, "--from", db, NULL },
    { "open-day", "--db", db, "--from", db, "--date", "2026-12-32" },
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
                        cases[i][5], cases[i][6], cases[i][7], NULL);
      g_assert_cmpint (result.status, ==, 2);
      g_assert_cmpstr (result.err, !=, "");
    }
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (days_dir, G_FILE_TEST_EXISTS));
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

#define WEEK_DAYS 3

static const char *week_dates[WEEK_DAYS] = { "2026-12-21", "2026-12-22", "2026-12-23" };

/* `accueil-cli export --db @db --format json`, which must succeed, as JSON. */
static JsonObject *
export_json (const char *db)
{
  g_auto(AccTestCli) result = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  acc_test_run_cli (&result, "export", "--db", db, "--format", "json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  node = json_from_string (result.out, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

/* The member @member of the element of @list whose "id" is @id, or "-" when it is null. */
static const char *
lookup_member (JsonArray  *list,
               const char *id,
               const char *member)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *item = json_array_get_object_element (list, i);
      const char *value;

      if (!g_str_equal (json_object_get_string_member (item, "id"), id))
        continue;
      value = json_object_get_string_member (item, member);
      return value != NULL ? value : "-";
    }
  g_error ("%s is not listed", id);
}

/* Where a day's export places each participant in each session: "participant id, session
 * title" → "group label, level, instructor". */
static GHashTable *
week_placements (JsonObject *export)
{
  JsonArray *enrollments = json_object_get_array_member (export, "enrollments");
  JsonArray *groups = json_object_get_array_member (export, "groups");
  JsonArray *sessions = json_object_get_array_member (export, "sessions");
  GHashTable *placed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < json_array_get_length (enrollments); i++)
    {
      JsonObject *enrollment = json_array_get_object_element (enrollments, i);
      const char *group = json_object_get_string_member (enrollment, "group_id");
      const char *session = json_object_get_string_member (enrollment, "session_id");

      g_hash_table_insert (placed,
                           g_strdup_printf ("%s, %s",
                                            json_object_get_string_member (enrollment,
                                                                           "participant_id"),
                                            lookup_member (sessions, session, "title")),
                           g_strdup_printf ("%s, %s, %s",
                                            group ? lookup_member (groups, group, "label") : "-",
                                            group ? lookup_member (groups, group, "level_code")
                                                  : "-",
                                            group ? lookup_member (groups, group,
                                                                   "instructor_id") : "-"));
    }

  return placed;
}

/* Counts in @n_days the participants of @export. */
static void
count_participants (JsonObject *export,
                    GHashTable *n_days)
{
  JsonArray *participants = json_object_get_array_member (export, "participants");

  for (guint i = 0; i < json_array_get_length (participants); i++)
    {
      const char *id = json_object_get_string_member (
        json_array_get_object_element (participants, i), "id");

      g_hash_table_insert (n_days, g_strdup (id),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (n_days, id)) +
                                             1));
    }
}

/* Whether no "id" of @list in @export is in @other's list of the same name. */
static gboolean
ids_differ (JsonObject *export,
            JsonObject *other,
            const char *list)
{
  JsonArray *mine = json_object_get_array_member (export, list);
  JsonArray *theirs = json_object_get_array_member (other, list);

  for (guint i = 0; i < json_array_get_length (mine); i++)
    for (guint j = 0; j < json_array_get_length (theirs); j++)
      if (g_str_equal (json_object_get_string_member (json_array_get_object_element (mine, i),
                                                      "id"),
                       json_object_get_string_member (json_array_get_object_element (theirs, j),
                                                      "id")))
        return FALSE;

  return TRUE;
}

/* The course dates of every enrollment in @db: a course's run from the first day for six
 * days; a one-day lesson's have none. Returns how many of the courses' are not cancelled. */
static guint
check_course_days (const char *db,
                   GHashTable *week_participants)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) store = acc_store_open (db, ACC_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GPtrArray) docs = NULL;
  guint n_courses = 0;

  g_assert_no_error (error);
  docs = acc_store_list_documents (store, ACC_DOCUMENTS_ALL, NULL, 100000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);

      if (!g_str_equal (json_object_get_string_member (doc, "type"), "enrollment"))
        continue;
      if (g_hash_table_contains (week_participants,
                                 json_object_get_string_member (doc, "participant_id")))
        {
          g_assert_cmpstr (json_object_get_string_member (doc, "course_first_day"), ==,
                           week_dates[0]);
          g_assert_cmpstr (json_object_get_string_member (doc, "course_last_day"), ==,
                           "2026-12-26");
          n_courses += !g_str_equal (json_object_get_string_member (doc, "status"),
                                     "cancelled");
        }
      else
        {
          g_assert_false (json_object_has_member (doc, "course_first_day"));
          g_assert_false (json_object_has_member (doc, "course_last_day"));
        }
    }
  g_assert_cmpuint (n_courses, >, 0);
  return n_courses;
}

/* demo --dir: three days, one file each named as the cloud names its databases; the families
 * of the week's courses every day in the same groups, the others on one day. */
static void
test_demo_week (void)
{
  g_autofree char *week = demo_path ("week");
  g_autofree char *after = g_build_filename (week, "esf-2026-12-24.db", NULL);
  const char *args[] = { "demo", "--dir", week, "--days", "3", "--school", "esf", "--date",
                         week_dates[0], "--enrollments", "60", "--seed", "3", NULL };
  g_auto(AccTestCli) demo = { 0 };
  g_autoptr(GHashTable) first_placements = NULL;
  g_autoptr(GHashTable) n_days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) every_day = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *exports[WEEK_DAYS];
  GHashTableIter iter;
  gpointer id, count;
  guint n_one_day = 0, n_same = 0, n_courses = 0;

  acc_test_run_cli_argv (&demo, 0, args);
  g_assert_cmpint (demo.status, ==, 0);
  g_assert_false (g_file_test (after, G_FILE_TEST_EXISTS));

  for (guint d = 0; d < WEEK_DAYS; d++)
    {
      g_autofree char *name = g_strdup_printf ("esf-%s.db", week_dates[d]);
      g_autofree char *db = g_build_filename (week, name, NULL);
      g_autoptr(JsonNode) status = run_json ("status", db, NULL);
      g_autoptr(GHashTable) placements = NULL;

      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (status),
                                                      "school_id"), ==, "esf");
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (status), "day"),
                       ==, week_dates[d]);

      exports[d] = export_json (db);
      count_participants (exports[d], n_days);
      placements = week_placements (exports[d]);
      if (d == 0)
        first_placements = g_steal_pointer (&placements);
      else
        {
          g_assert_true (ids_differ (exports[d], exports[0], "groups"));
          g_assert_true (ids_differ (exports[d], exports[0], "sessions"));
          g_assert_true (ids_differ (exports[d], exports[0], "enrollments"));
          /* A week participant is in the same group, with the same instructor, as on the
           * first day: the same participant in the same session is. */
          g_hash_table_iter_init (&iter, placements);
          while (g_hash_table_iter_next (&iter, &id, &count))
            if (g_hash_table_contains (first_placements, id))
              {
                g_assert_cmpstr (count, ==, g_hash_table_lookup (first_placements, id));
                n_same++;
              }
        }
    }
  g_assert_cmpuint (n_same, >, 0);

  /* A participant comes on every day of the week, or on one. */
  g_hash_table_iter_init (&iter, n_days);
  while (g_hash_table_iter_next (&iter, &id, &count))
    {
      g_assert_true (GPOINTER_TO_UINT (count) == 1 || GPOINTER_TO_UINT (count) == WEEK_DAYS);
      if (GPOINTER_TO_UINT (count) == WEEK_DAYS)
        g_hash_table_add (every_day, id);
      else
        n_one_day++;
    }
  g_assert_cmpuint (g_hash_table_size (every_day), >, 0);
  g_assert_cmpuint (n_one_day, >, 0);

  for (guint d = 0; d < WEEK_DAYS; d++)
    {
      g_autofree char *name = g_strdup_printf ("esf-%s.db", week_dates[d]);
      g_autofree char *db = g_build_filename (week, name, NULL);

      n_courses = check_course_days (db, every_day);
      json_object_unref (exports[d]);
    }

  /* The day after the last one, opened at a desk from it, has the courses that go on. */
  {
    g_autofree char *last = g_build_filename (week, "esf-2026-12-23.db", NULL);
    g_auto(AccTestCli) open = { 0 };
    g_autoptr(JsonNode) status = NULL;

    acc_test_run_cli (&open, "open-day", "--from", last, "--date", "2026-12-24", "--db", after,
                      NULL);
    g_assert_cmpint (open.status, ==, 0);
    status = run_json ("status", after, NULL);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (status), "enrollments"),
                     ==, n_courses);
  }
}

/* Misused, demo --dir writes nothing; a day already there stops it before it writes any. */
static void
test_demo_week_refused (void)
{
  g_autofree char *db = demo_path ("not-a-week.db");
  g_autofree char *week = demo_path ("refused-week");
  g_autofree char *held = demo_path ("held-week");
  g_autofree char *present = g_build_filename (held, "esf-2026-12-22.db", NULL);
  g_autofree char *first = g_build_filename (held, "esf-2026-12-21.db", NULL);
  g_autofree char *third = g_build_filename (held, "esf-2026-12-23.db", NULL);
  g_autofree char *contents = NULL;
  const char *usage[][7] = {
    { "demo", "--db", db, "--dir", week, NULL },
    { "demo", "--db", db, "--days", "3", NULL },
    { "demo", "--dir", week, "--days", "0", NULL },
    { "demo", "--dir", week, "--days", "32", NULL },
    { "demo", "--days", "3", NULL },
  };
  const char *again[] = { "demo", "--dir", held, "--days", "3", "--school", "esf", "--date",
                          week_dates[0], "--enrollments", "20", NULL };
  g_auto(AccTestCli) refused = { 0 };
  gsize length;

  for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
    {
      g_auto(AccTestCli) result = { 0 };

      acc_test_run_cli_argv (&result, 0, usage[i]);
      g_assert_cmpint (result.status, ==, 2);
      g_assert_nonnull (strstr (result.err, "--d"));
    }
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (week, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_mkdir_with_parents (held, 0700), ==, 0);
  g_assert_true (g_file_set_contents (present, "a day held already", -1, NULL));
  acc_test_run_cli_argv (&refused, 0, again);
  assert_user_error (&refused, "already exists");
  g_assert_nonnull (strstr (refused.err, "esf-2026-12-22.db"));
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (third, G_FILE_TEST_EXISTS));
  contents = acc_test_read_file (present, &length);
  g_assert_cmpstr (contents, ==, "a day held already");
}

/* A day is opened only into a new file, from a held day that exists; a refusal leaves no
 * file behind and touches none. */
static void
test_open_day_refused (void)
{
  g_autofree char *held = demo_path ("open-held.db");
  g_autofree char *missing = demo_path ("open-missing.db");
  g_autofree char *target = demo_path ("open-target.db");
  g_auto(AccTestCli) from_missing = { 0 };
  g_auto(AccTestCli) into_held = { 0 };
  g_autofree char *before = NULL, *after = NULL;
  gsize before_length, after_length;

  make_demo (held, "20", "1", "2026-12-26");
  g_assert_true (g_file_get_contents (held, &before, &before_length, NULL));

  acc_test_run_cli (&from_missing, "open-day", "--from", missing, "--date", "2026-12-27",
                    "--db", target, NULL);
  g_assert_cmpint (from_missing.status, ==, 1);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));

  acc_test_run_cli (&into_held, "open-day", "--from", held, "--date", "2026-12-27", "--db", held,
                    NULL);
  g_assert_cmpint (into_held.status, ==, 1);
  g_assert_nonnull (strstr (into_held.err, "already exists"));
  g_assert_true (g_file_get_contents (held, &after, &after_length, NULL));
  g_assert_cmpmem (before, before_length, after, after_length);
}

/* accueil-cli walkin with the description @json on standard input. */
static void
run_walkin_stdin (AccTestCli *cli,
                  const char *db,
                  const char *json)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              g_getenv ("ACCUEIL_CLI"), "walkin", "--db", db, "--json", "-",
                              NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, json, NULL, &cli->out, &cli->err,
                                                &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  cli->status = g_subprocess_get_exit_status (process);
}

/* A walk-in's description, @json, into a file of its own. */
static char *
write_walkin (const char *name,
              const char *json)
{
  char *path = demo_path (name);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return path;
}

/* Likewise, as the text it prints. */
static char *
export_text (const char *db)
{
  g_auto(AccTestCli) result = { 0 };

  acc_test_run_cli (&result, "export", "--db", db, "--format", "json", NULL);
  g_assert_cmpint (result.status, ==, 0);
  return g_steal_pointer (&result.out);
}

#define WALKIN_MORNING "2026-12-26T07:00:00+01:00"

/* A demo day for walk-ins in @db, and the time its morning before the lessons: returns its
 * first group, and the day's export in @export. */
static JsonObject *
make_walkin_day (const char  *db,
                 char       **export)
{
  g_autoptr(JsonNode) node = NULL;

  g_setenv ("ACCUEIL_NOW", WALKIN_MORNING, TRUE);
  make_demo (db, "60", "3", "2026-12-26");
  *export = export_text (db);
  node = json_from_string (*export, NULL);
  g_assert_nonnull (node);
  return json_object_ref (json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (node), "groups"), 0));
}

#define WALKIN_PAYER \
  "\"payer\":{\"first_name\":\"Marie\",\"last_name\":\"Durand\"," \
  "\"phone\":\"+33 6 11 22 33 44\",\"email\":\"marie@example.org\",\"language\":\"fr\"}"

/* accueil-cli walkin registers a family from its description and prints the reference alone;
 * a bad description is refused with one line that names the field, and nothing is written. */
static void
test_walkin (void)
{
  g_autofree char *db = demo_path ("walkin.db");
  g_autofree char *before = NULL, *after = NULL, *good = NULL, *good_path = NULL;
  g_autofree char *big = NULL, *big_path = NULL;
  g_autoptr(JsonObject) group = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_auto(AccTestCli) registered = { 0 };
  g_auto(AccTestCli) from_stdin = { 0 };
  g_auto(AccTestCli) too_big = { 0 };
  g_auto(AccTestCli) missing = { 0 };
  const char *session_id, *level_code;
  struct {
    const char *json;
    const char *field;
  } bad[] = {
    { "{\"payer\":{\"first_name\":\"Marie\"},\"participants\":[]}", "payer.last_name: " },
    { "{" WALKIN_PAYER ",\"participants\":[]}", "participants: " },
    { "{" WALKIN_PAYER ",\"balance_due_cents\":45.5,\"participants\":[]}",
      "balance_due_cents: " },
    { NULL, "participants[0].birth_year: " },
    { NULL, "participants[0].level_code: " },
    { NULL, "participants[0].lessons[0].session_id: " },
    { "{\"payer\":", "not JSON" },
  };
  g_autofree char *old = NULL, *unknown_level = NULL, *unknown_session = NULL;

  group = make_walkin_day (db, &before);
  session_id = json_object_get_string_member (group, "session_id");
  level_code = json_object_get_string_member (group, "level_code");

  good = g_strdup_printf ("{" WALKIN_PAYER ",\"balance_due_cents\":12000,"
                          "\"participants\":[{\"first_name\":\"Léo\",\"last_name\":\"Durand\","
                          "\"level_code\":\"%s\",\"emergency_phone\":\"06 98 76 54 32\","
                          "\"lessons\":[{\"session_id\":\"%s\"}]}]}", level_code, session_id);
  old = g_strdup_printf ("{" WALKIN_PAYER ",\"participants\":[{\"first_name\":\"L\","
                         "\"last_name\":\"D\",\"birth_year\":1850,"
                         "\"lessons\":[{\"session_id\":\"%s\"}]}]}", session_id);
  unknown_level = g_strdup_printf ("{" WALKIN_PAYER ",\"participants\":[{\"first_name\":\"L\","
                                   "\"last_name\":\"D\",\"level_code\":\"NO-SUCH-LEVEL\","
                                   "\"lessons\":[{\"session_id\":\"%s\"}]}]}", session_id);
  unknown_session = g_strdup ("{" WALKIN_PAYER ",\"participants\":[{\"first_name\":\"L\","
                              "\"last_name\":\"D\",\"lessons\":[{\"session_id\":\"nope\"}]}]}");
  bad[3].json = old;
  bad[4].json = unknown_level;
  bad[5].json = unknown_session;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *name = g_strdup_printf ("walkin-bad-%u.json", i);
      g_autofree char *path = write_walkin (name, bad[i].json);
      g_auto(AccTestCli) refused = { 0 };

      acc_test_run_cli (&refused, "walkin", "--db", db, "--json", path, NULL);
      assert_user_error (&refused, bad[i].field);
      g_assert_cmpstr (refused.out, ==, "");
    }

  /* Too long a description, and none at all, are refused too. */
  big = g_strnfill (1024 * 1024 + 1, ' ');
  big_path = write_walkin ("walkin-big.json", big);
  acc_test_run_cli (&too_big, "walkin", "--db", db, "--json", big_path, NULL);
  assert_user_error (&too_big, "1 MiB");
  acc_test_run_cli (&missing, "walkin", "--db", db, "--json", "no-such-file.json", NULL);
  assert_user_error (&missing, "no-such-file.json");

  after = export_text (db);
  g_assert_cmpstr (before, ==, after);

  /* A good one, from a file and from standard input: two bookings, two references. */
  good_path = write_walkin ("walkin-good.json", good);
  acc_test_run_cli (&registered, "walkin", "--db", db, "--json", good_path, NULL);
  g_assert_cmpint (registered.status, ==, 0);
  g_assert_cmpuint (strlen (registered.out), ==, 8);
  g_assert_true (g_str_has_suffix (registered.out, "\n"));
  run_walkin_stdin (&from_stdin, db, good);
  g_assert_cmpint (from_stdin.status, ==, 0);
  g_assert_cmpuint (strlen (from_stdin.out), ==, 8);
  g_assert_cmpstr (from_stdin.out, !=, registered.out);

  /* The desk finds the booking by its reference. */
  g_strchomp (registered.out);
  found = run_json ("find", db, registered.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_node_get_array (found), 0),
                     "first_name"), ==, "Léo");

  g_unsetenv ("ACCUEIL_NOW");
}

/* What a person at the desk would be asked, a script is told on standard error, and the
 * walk-in is registered; a session that has started is refused. */
static void
test_walkin_warnings (void)
{
  g_autofree char *db = demo_path ("walkin-warnings.db");
  g_autofree char *json = NULL, *path = NULL, *before = NULL, *after = NULL;
  g_autoptr(JsonObject) group = NULL;
  g_auto(AccTestCli) asked = { 0 };
  g_auto(AccTestCli) late = { 0 };

  group = make_walkin_day (db, &before);

  /* A one-year-old: younger than any level of the school is for. */
  json = g_strdup_printf ("{" WALKIN_PAYER ",\"participants\":[{\"first_name\":\"Luc\","
                          "\"last_name\":\"Durand\",\"birth_year\":2025,"
                          "\"level_code\":\"%s\",\"lessons\":[{\"session_id\":\"%s\","
                          "\"group_id\":\"%s\"}]}]}",
                          json_object_get_string_member (group, "level_code"),
                          json_object_get_string_member (group, "session_id"),
                          json_object_get_string_member (group, "id"));
  path = write_walkin ("walkin-asked.json", json);

  /* Later in the day, the session has started: refused, nothing written. */
  g_setenv ("ACCUEIL_NOW", "2026-12-26T16:00:00+01:00", TRUE);
  acc_test_run_cli (&late, "walkin", "--db", db, "--json", path, NULL);
  assert_user_error (&late, "participants[0].lessons[0].session_id: ");
  after = export_text (db);
  g_assert_cmpstr (before, ==, after);

  g_setenv ("ACCUEIL_NOW", WALKIN_MORNING, TRUE);
  acc_test_run_cli (&asked, "walkin", "--db", db, "--json", path, NULL);
  g_assert_cmpint (asked.status, ==, 0);
  g_assert_cmpuint (strlen (asked.out), ==, 8);
  g_assert_true (g_str_has_prefix (asked.err, "accueil-cli: warning: "));
  g_assert_nonnull (strstr (asked.err, "Luc Durand"));

  g_unsetenv ("ACCUEIL_NOW");
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
  g_test_add_func ("/cli/demo-week", test_demo_week);
  g_test_add_func ("/cli/demo-week-refused", test_demo_week_refused);
  g_test_add_func ("/cli/open-day-refused", test_open_day_refused);
  g_test_add_func ("/cli/walkin", test_walkin);
  g_test_add_func ("/cli/walkin-warnings", test_walkin_warnings);

  return acc_test_run_in_dir (dir);
}
