/* test-days.c: the days a desk holds, the school's day change, retention
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "acc-days.h"
#include "acc-store.h"
#include "acc-test-util.h"

/* The process lives at this instant (ACCUEIL_NOW, set in main before anything reads it). */
#define NOW "2026-12-31T03:59:50+00:00"

static void
test_dates (void)
{
  g_autofree char *next = acc_days_add ("2026-12-31", 1);
  g_autofree char *back = acc_days_add ("2027-03-01", -1);
  g_autofree char *leap = acc_days_add ("2028-02-28", 1);

  g_assert_cmpstr (next, ==, "2027-01-01");
  g_assert_cmpstr (back, ==, "2027-02-28");
  g_assert_cmpstr (leap, ==, "2028-02-29");
  g_assert_null (acc_days_add ("2026-02-30", 1));
  g_assert_null (acc_days_add ("0001-01-01", -1));
  g_assert_null (acc_days_add ("2026-12-31", 200000));
  g_assert_true (acc_days_date_is_valid ("2026-12-31"));
  g_assert_false (acc_days_date_is_valid ("2026-12-31x"));
  g_assert_false (acc_days_date_is_valid ("2026/12/31"));
  g_assert_false (acc_days_date_is_valid ("2026-13-01"));
  g_assert_false (acc_days_date_is_valid (NULL));
}

/* Ten seconds before 04:00, the school is still on the day before; a school whose day
 * changes at midnight or at 03:00 is on the new one. */
static void
test_day_change (void)
{
  g_autofree char *at_four = acc_days_today (4 * 60);
  g_autofree char *at_three = acc_days_today (3 * 60);
  g_autofree char *at_midnight = acc_days_today (0);
  gint64 until = acc_days_until_change (4 * 60);

  g_assert_cmpstr (at_four, ==, "2026-12-30");
  g_assert_cmpstr (at_three, ==, "2026-12-31");
  g_assert_cmpstr (at_midnight, ==, "2026-12-31");
  g_assert_cmpint (until, >=, G_USEC_PER_SEC);
  g_assert_cmpint (until, <=, 10 * G_USEC_PER_SEC);
  /* 03:00 is past: the next change is tomorrow's, 23 hours away. */
  g_assert_cmpint (acc_days_until_change (3 * 60), >, 22 * G_TIME_SPAN_HOUR);
}

static void
test_names (void)
{
  g_autofree char *name = acc_days_name ("esf-demo", "2026-12-26");
  g_autofree char *path = acc_days_path ("/var/days", "esf-demo", "2026-12-26");

  g_assert_cmpstr (name, ==, "esf-demo-2026-12-26");
  g_assert_cmpstr (path, ==, "/var/days/esf-demo-2026-12-26.db");
}

static void
make_day (const char *dir,
          const char *school,
          const char *date,
          gboolean    pending)
{
  g_autofree char *name = g_strdup_printf ("%s-%s.db", school, date);
  g_autoptr(AccStore) store = acc_test_open_new (dir, name);
  g_autoptr(GError) error = NULL;

  acc_test_put_fixture (store);
  if (pending)
    {
      const char *ids[] = { FX_E_ZOE, NULL };

      acc_store_check_in (store, ids, TRUE, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (acc_test_get_status (store).pending, ==, pending ? 1 : 0);
}

static gboolean
held (const char *dir,
      const char *school,
      const char *date)
{
  g_autofree char *path = acc_days_path (dir, school, date);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* A past day older than the retention is deleted once it has nothing to send; one with a
 * check-in waiting is kept however old, as are recent days, the open day and another
 * school's. */
static void
test_retention (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) removed = NULL;
  g_auto(GStrv) listed = NULL;
  g_autofree char *junk = g_build_filename (dir, "esf-2026-99-01.db", NULL);

  make_day (dir, "esf", "2026-12-01", FALSE);  /* Synced, 30 days old: deleted. */
  make_day (dir, "esf", "2026-12-02", TRUE);   /* A check-in waits: kept. */
  make_day (dir, "esf", "2026-12-03", FALSE);  /* Open on the desk: kept. */
  make_day (dir, "esf", "2026-12-17", FALSE);  /* 14 days old: kept. */
  make_day (dir, "esf", "2026-12-31", FALSE);
  make_day (dir, "esf-x", "2026-12-01", FALSE); /* Another school's. */
  g_assert_true (g_file_set_contents (junk, "", 0, NULL));

  listed = acc_days_list (dir, "esf", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (listed), ==, 5);
  g_assert_cmpstr (listed[0], ==, "2026-12-01");
  g_assert_cmpstr (listed[4], ==, "2026-12-31");

  removed = acc_days_remove_expired (dir, "esf", "2026-12-31", 14, "2026-12-03", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (removed), ==, 1);
  g_assert_cmpstr (removed[0], ==, "2026-12-01");
  g_assert_false (held (dir, "esf", "2026-12-01"));
  g_assert_true (held (dir, "esf", "2026-12-02"));
  g_assert_true (held (dir, "esf", "2026-12-03"));
  g_assert_true (held (dir, "esf", "2026-12-17"));
  g_assert_true (held (dir, "esf", "2026-12-31"));
  g_assert_true (held (dir, "esf-x", "2026-12-01"));

  acc_test_remove_dir (dir);
}

static void
test_list_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) listed = acc_days_list ("/nonexistent/accueil-days", "esf", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (listed), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("ACCUEIL_NOW", NOW, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/days/dates", test_dates);
  g_test_add_func ("/days/day-change", test_day_change);
  g_test_add_func ("/days/names", test_names);
  g_test_add_func ("/days/retention", test_retention);
  g_test_add_func ("/days/list-missing", test_list_missing);

  return g_test_run ();
}
