/* test-class-list.c: the printed class lists carry names and levels, never phone numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "acc-class-list.h"
#include "acc-error.h"
#include "acc-test-util.h"

/* Runs a poppler tool on @pdf and returns what it printed; fails when the tool is missing. */
static char *
run_poppler (const char *tool,
             const char *pdf,
             gboolean    to_stdout)
{
  const char *argv[] = { tool, pdf, to_stdout ? "-" : NULL, NULL };

  return acc_test_run_tool (argv);
}

/* The page count pdfinfo reports, or -1 when it cannot run. */
static int
count_pages (const char *pdf)
{
  g_autofree char *info = run_poppler ("pdfinfo", pdf, FALSE);
  const char *line;

  if (info == NULL)
    return -1;
  line = strstr (info, "Pages:");
  g_assert_nonnull (line);
  return atoi (line + strlen ("Pages:"));
}

static void
assert_private_data_absent (const char *text)
{
  static const char *forbidden[] = {
    "12 34 56 78", "0612345678", "99 88 77 66", "+33", "Arachides",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    if (strstr (text, forbidden[i]) != NULL)
      {
        g_test_message ("The class list shows “%s”", forbidden[i]);
        g_test_fail ();
      }
}

/* Writes the class lists of @groups to @name in the day's folder, checks that they take
 * @n_pages pages, and returns their text (NULL when poppler is missing). */
static char *
write_and_read (AccTestDay         *fx,
                const char * const *groups,
                const char         *name,
                int                 n_pages)
{
  g_autofree char *pdf = g_build_filename (fx->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (acc_class_list_write_pdf (fx->store, groups, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_pages (pdf), ==, n_pages);

  return run_poppler ("pdftotext", pdf, TRUE);
}

static void
test_pdf (AccTestDay    *fx,
          gconstpointer  data)
{
  const char *groups[] = { FX_GROUP_A, FX_GROUP_B, NULL };
  /* Zoé, born 2019, is 7 on the day (2026-12-26). */
  const char *shown[] = { "École de test", "Zoé", "Noé", "Lefèvre", "Ourson 1", "Ourson 2",
                          "Anne Moniteur", "No instructor", "09:00", "⚠", "7", NULL };
  g_autofree char *text = write_and_read (fx, groups, "lists.pdf", 2);

  if (text == NULL)
    return;

  acc_test_assert_shown (text, shown);
  /* Léa Martin's enrollment in Ourson 2 is cancelled. */
  g_assert_null (strstr (text, "Martin"));
  assert_private_data_absent (text);
}

/* A group of more pupils than fit on a page goes on with its header repeated. */
static void
test_long_group (AccTestDay    *fx,
                 gconstpointer  data)
{
  g_autoptr(GString) json = g_string_new ("[");
  const char *groups[] = { FX_GROUP_B, NULL };
  const char *shown[] = { "Pupil00", "Pupil29", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 30; i++)
    {
      g_string_append_printf (json,
        "%s{\"_id\":\"00000000-0000-4000-8000-0000000001%02u\",\"_rev\":\"1-aaaa\","
        "\"type\":\"participant\",\"schema\":1,"
        "\"booking_id\":\"" FX_BOOKING "\",\"first_name\":\"Pupil%02u\","
        "\"last_name\":\"Long\",\"birth_year\":2018,\"level_id\":\"" FX_LEVEL "\","
        "\"allergies\":\"\",\"medical_notes\":\"Asthma\",\"emergency_phone\":\"06 11 11 11 11\","
        "\"pickup_adults\":[],\"placeholder\":false},"
        "{\"_id\":\"00000000-0000-4000-8000-0000000002%02u\",\"_rev\":\"1-aaaa\","
        "\"type\":\"enrollment\",\"schema\":1,"
        "\"participant_id\":\"00000000-0000-4000-8000-0000000001%02u\",\"session_id\":\"" FX_SESSION_AM "\","
        "\"booking_id\":\"" FX_BOOKING "\",\"planned_group_id\":\"" FX_GROUP_B "\","
        "\"status\":\"booked\"}",
        i == 0 ? "" : ",", i, i, i, i);
    }
  g_string_append (json, "]");
  acc_test_put_json (fx->store, json->str);

  g_assert_cmpuint (acc_class_list_count_pages (fx->store, FX_GROUP_B, 595, 842, &error), ==, 2);
  g_assert_no_error (error);

  text = write_and_read (fx, groups, "long.pdf", 2);
  if (text == NULL)
    return;
  acc_test_assert_shown (text, shown);
  /* The header on both pages. */
  g_assert_nonnull (strstr (strstr (text, "Ourson 2") + 1, "Ourson 2"));
  g_assert_null (strstr (text, "Asthma"));
  g_assert_null (strstr (text, "06 11"));
}

static void
test_unknown_group (AccTestDay    *fx,
                    gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (fx->dir, "unknown.pdf", NULL);
  const char *groups[] = { FX_GROUP_A, "no-such-group", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_false (acc_class_list_write_pdf (fx->store, groups, pdf, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-group"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

static void
test_unwritable (AccTestDay    *fx,
                 gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (fx->dir, "no-folder", "lists.pdf", NULL);
  const char *groups[] = { FX_GROUP_A, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_false (acc_class_list_write_pdf (fx->store, groups, pdf, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_IO);
}

/* Runs accueil-cli; returns its exit status. */
static int
run_cli (const char * const *args,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("ACCUEIL_CLI");
  int status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (AccTestDay    *fx,
          gconstpointer  data)
{
  g_autofree char *db = g_strdup (acc_store_get_path (fx->store));
  g_autofree char *pdf = g_build_filename (fx->dir, "cli.pdf", NULL);
  g_autofree char *all = g_build_filename (fx->dir, "all.pdf", NULL);
  g_autofree char *unknown = g_build_filename (fx->dir, "cli-unknown.pdf", NULL);
  g_autofree char *err1 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *err4 = NULL;
  const char *one[] = { "export", "--db", db, "--format", "pdf", "--group", FX_GROUP_A,
                        "--output", pdf, NULL };
  const char *every[] = { "export", "--db", db, "--format", "pdf", "--output", all, NULL };
  const char *no_output[] = { "export", "--db", db, "--format", "pdf", "--group", FX_GROUP_A,
                              NULL };
  const char *bad_group[] = { "export", "--db", db, "--format", "pdf", "--group", "nope-42",
                              "--output", unknown, NULL };

  /* The CLI opens the database itself. */
  g_clear_object (&fx->store);

  g_assert_cmpint (run_cli (one, &err1), ==, 0);
  g_assert_cmpint (count_pages (pdf), ==, 1);

  /* Without --group: the day's three groups. */
  g_assert_cmpint (run_cli (every, &err2), ==, 0);
  g_assert_cmpint (count_pages (all), ==, 3);

  g_assert_cmpint (run_cli (no_output, &err3), ==, 2);
  g_assert_cmpstr (err3, !=, "");

  g_assert_cmpint (run_cli (bad_group, &err4), ==, 1);
  g_assert_nonnull (strstr (err4, "nope-42"));
  g_assert_true (strchr (err4, '\n') == err4 + strlen (err4) - 1);
  g_assert_false (g_file_test (unknown, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  acc_test_add_day ("/class-list/pdf", test_pdf);
  acc_test_add_day ("/class-list/long-group", test_long_group);
  acc_test_add_day ("/class-list/unknown-group", test_unknown_group);
  acc_test_add_day ("/class-list/unwritable", test_unwritable);
  acc_test_add_day ("/class-list/cli", test_cli);

  return g_test_run ();
}
