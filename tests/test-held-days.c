/* test-held-days.c: the window of days kept in step with a loopback cloud
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "acc-days.h"
#include "acc-held-days.h"
#include "acc-peer-server.h"
#include "acc-test-server.h"
#include "acc-test-util.h"

/* The process lives at this instant (ACCUEIL_NOW, set in main before anything reads it). */
#define NOW "2026-12-26T08:00:00+00:00"

typedef struct
{
  gboolean   done;
  GPtrArray *reports;
  GError    *error;
} Pass;

static void
on_pass (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pass *pass = user_data;

  pass->reports = acc_held_days_run_finish (ACC_HELD_DAYS (source), result, &pass->error);
  pass->done = TRUE;
}

static GPtrArray *
run_pass (AccHeldDays *days)
{
  Pass pass = { 0 };

  acc_held_days_run_async (days, NULL, on_pass, &pass);
  SPIN_UNTIL (pass.done);
  g_assert_no_error (pass.error);
  return pass.reports;
}

static const AccHeldDayReport *
report (GPtrArray *reports,
        guint      i)
{
  g_assert_cmpuint (i, <, reports->len);
  return g_ptr_array_index (reports, i);
}

/* A held day of the school, with the fixture, and a check-in waiting when @pending. */
static void
make_day (const char *dir,
          const char *date,
          gboolean    pending)
{
  g_autofree char *name = g_strdup_printf ("esf-%s.db", date);
  g_autoptr(AccStore) store = acc_test_open_new (dir, name);
  g_autoptr(GError) error = NULL;
  const char *ids[] = { FX_E_ZOE, NULL };

  acc_test_put_fixture (store);
  if (pending)
    g_assert_true (acc_store_check_in (store, ids, TRUE, &error));
  g_assert_no_error (error);
}

static gboolean
held (const char *dir,
      const char *date)
{
  g_autofree char *path = acc_days_path (dir, "esf", date);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static AccHeldDays *
held_days_new (const char *dir,
               Mock       *mock)
{
  g_autofree char *server = g_strndup (mock->url, strlen (mock->url) - strlen ("/db"));
  g_autoptr(GError) error = NULL;
  AccHeldDays *days = acc_held_days_new (dir, "esf", server, ACC_SYNC_FLAGS_NONE, &error);

  g_assert_no_error (error);
  return days;
}

static void
count_changes (guint *n)
{
  (*n)++;
}

/* One pass: the old synced day goes, today is pulled, the next days the cloud has not made
 * leave no file, a past day with a check-in waiting is tried and kept, and the open day is
 * left alone. Once the cloud has that past day, its check-in is sent. */
static void
test_pass (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  Mock *mock = mock_new ();
  g_autoptr(AccHeldDays) days = held_days_new (dir, mock);
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(AccStore) today = NULL;
  g_autofree char *name = NULL;
  guint changes = 0;

  mock->db_name = g_strdup ("esf-2026-12-26");
  mock_put_fixture (mock);
  make_day (dir, "2026-12-01", FALSE);
  make_day (dir, "2026-12-20", TRUE);
  make_day (dir, "2026-12-25", TRUE);
  acc_held_days_set_window (days, 2);
  acc_held_days_set_open_day (days, "2026-12-25");
  g_signal_connect_swapped (days, "days-changed", G_CALLBACK (count_changes), &changes);

  reports = run_pass (days);
  g_assert_cmpuint (reports->len, ==, 5);
  g_assert_cmpstr (report (reports, 0)->date, ==, "2026-12-01");
  g_assert_cmpint (report (reports, 0)->outcome, ==, ACC_HELD_DAY_REMOVED);
  g_assert_cmpstr (report (reports, 1)->date, ==, "2026-12-26");
  g_assert_cmpint (report (reports, 1)->outcome, ==, ACC_HELD_DAY_SYNCED);
  g_assert_cmpuint (report (reports, 1)->received, ==, 22);
  g_assert_cmpstr (report (reports, 2)->date, ==, "2026-12-27");
  g_assert_cmpint (report (reports, 2)->outcome, ==, ACC_HELD_DAY_NOT_YET);
  g_assert_cmpstr (report (reports, 3)->date, ==, "2026-12-28");
  g_assert_cmpint (report (reports, 3)->outcome, ==, ACC_HELD_DAY_NOT_YET);
  g_assert_cmpstr (report (reports, 4)->date, ==, "2026-12-20");
  g_assert_cmpint (report (reports, 4)->outcome, ==, ACC_HELD_DAY_FAILED);
  g_assert_nonnull (report (reports, 4)->message);
  g_assert_cmpuint (report (reports, 4)->pending, ==, 1);
  g_assert_cmpuint (changes, ==, 2); /* 12-01 went, 12-26 came. */

  g_assert_false (held (dir, "2026-12-01"));
  g_assert_true (held (dir, "2026-12-20"));
  g_assert_true (held (dir, "2026-12-25"));
  g_assert_true (held (dir, "2026-12-26"));
  g_assert_false (held (dir, "2026-12-27"));
  g_assert_false (held (dir, "2026-12-28"));
  g_assert_cmpuint (g_hash_table_size (mock->docs), ==, 22);

  {
    g_autofree char *path = acc_days_path (dir, "esf", "2026-12-26");

    today = acc_store_open (path, ACC_STORE_OPEN_DEFAULT, NULL);
    name = acc_peer_server_dup_day_name (today);
    g_assert_cmpstr (name, ==, "esf-2026-12-26");
    g_assert_cmpint (acc_test_count_docs (today), ==, 22);
  }

  /* The cloud has the past day now: its check-in goes, and only that day's. */
  g_clear_pointer (&mock->db_name, g_free);
  mock->db_name = g_strdup ("esf-2026-12-20");
  g_clear_pointer (&reports, g_ptr_array_unref);
  reports = run_pass (days);
  g_assert_cmpstr (report (reports, 3)->date, ==, "2026-12-20");
  g_assert_cmpint (report (reports, 3)->outcome, ==, ACC_HELD_DAY_SYNCED);
  g_assert_cmpuint (report (reports, 3)->sent, ==, 1);
  g_assert_cmpuint (report (reports, 3)->pending, ==, 0);
  g_assert_cmpuint (g_hash_table_size (mock->docs), ==, 23);

  g_clear_object (&today);
  g_clear_object (&days);
  mock_free (mock);
  acc_test_remove_dir (dir);
}

/* Offline, the days ahead are not had yet: a pass that cannot fill them leaves no file. */
static void
test_offline (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  Mock *mock = mock_new ();
  g_autoptr(AccHeldDays) days = held_days_new (dir, mock);
  g_autoptr(GPtrArray) reports = NULL;
  g_auto(GStrv) listed = NULL;

  mock->mode = MODE_STATUS;
  mock->status = 503;
  acc_held_days_set_window (days, 1);
  reports = run_pass (days);
  g_assert_cmpuint (reports->len, ==, 2);
  g_assert_cmpint (report (reports, 0)->outcome, ==, ACC_HELD_DAY_FAILED);
  g_assert_cmpint (report (reports, 1)->outcome, ==, ACC_HELD_DAY_FAILED);
  listed = acc_days_list (dir, "esf", NULL);
  g_assert_cmpuint (g_strv_length (listed), ==, 0);

  g_clear_object (&days);
  mock_free (mock);
  acc_test_remove_dir (dir);
}

/* The desk moves on from the 25th, where a check-in waits: a pass runs at once and sends it,
 * without waiting for the interval. */
static void
test_open_day_left (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  Mock *mock = mock_new ();
  g_autoptr(AccHeldDays) days = held_days_new (dir, mock);
  guint done = 0;

  mock->db_name = g_strdup ("esf-2026-12-25");
  mock_put_fixture (mock);
  make_day (dir, "2026-12-25", TRUE);
  acc_held_days_set_window (days, 0);
  acc_held_days_set_interval (days, 600);
  acc_held_days_set_open_day (days, "2026-12-25");
  g_signal_connect_swapped (days, "day-done", G_CALLBACK (count_changes), &done);

  acc_held_days_start (days);
  SPIN_UNTIL (done == 1); /* Today, the 26th, not on the cloud. */
  g_assert_cmpuint (g_hash_table_size (mock->docs), ==, 22);

  acc_held_days_set_open_day (days, "2026-12-26");
  SPIN_UNTIL (g_hash_table_size (mock->docs) == 23);
  acc_held_days_stop (days);

  g_clear_object (&days);
  acc_test_spin_a_little ();
  mock_free (mock);
  acc_test_remove_dir (dir);
}

static void
open_tomorrow (AccHeldDays      *days,
               AccHeldDayReport *report)
{
  if (g_str_equal (report->date, "2026-12-26"))
    acc_held_days_set_open_day (days, "2026-12-27");
}

/* A day opened on the desk while a pass goes is left to its window by that pass too. */
static void
test_opened_mid_pass (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  Mock *mock = mock_new ();
  g_autoptr(AccHeldDays) days = held_days_new (dir, mock);
  g_autoptr(GPtrArray) reports = NULL;

  mock->db_name = g_strdup ("esf-2026-12-26");
  mock_put_fixture (mock);
  acc_held_days_set_window (days, 2);
  g_signal_connect (days, "day-done", G_CALLBACK (open_tomorrow), NULL);

  reports = run_pass (days);
  g_assert_cmpuint (reports->len, ==, 2);
  g_assert_cmpstr (report (reports, 0)->date, ==, "2026-12-26");
  g_assert_cmpstr (report (reports, 1)->date, ==, "2026-12-28");

  g_clear_object (&days);
  mock_free (mock);
  acc_test_remove_dir (dir);
}

/* Started, the window runs passes until stopped, even in the middle of one whose cloud never
 * answers. */
static void
test_start_stop (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  Mock *mock = mock_new ();
  g_autoptr(AccHeldDays) days = held_days_new (dir, mock);
  guint changes = 0;

  mock->db_name = g_strdup ("esf-2026-12-26");
  mock_put_fixture (mock);
  acc_held_days_set_window (days, 0);
  acc_held_days_set_interval (days, 1);
  g_signal_connect_swapped (days, "days-changed", G_CALLBACK (count_changes), &changes);

  acc_held_days_start (days);
  SPIN_UNTIL (changes == 1);
  g_assert_true (held (dir, "2026-12-26"));

  mock->mode = MODE_SLOW;
  SPIN_UNTIL (mock->n_changes_requests >= 2);
  acc_held_days_stop (days);
  g_clear_object (&days);
  acc_test_spin_a_little ();

  mock_free (mock);
  acc_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("ACCUEIL_NOW", NOW, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/held-days/pass", test_pass);
  g_test_add_func ("/held-days/offline", test_offline);
  g_test_add_func ("/held-days/open-day-left", test_open_day_left);
  g_test_add_func ("/held-days/opened-mid-pass", test_opened_mid_pass);
  g_test_add_func ("/held-days/start-stop", test_start_stop);

  return g_test_run ();
}
