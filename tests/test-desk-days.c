/* test-desk-days.c: the days a desk holds in its folder, and the school's day change coming
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "acc-days.h"
#include "acc-desk-days.h"
#include "acc-error.h"
#include "acc-peer-server.h"
#include "acc-test-util.h"

/* The process starts three seconds before the school's day change, in Paris: the clock then
 * runs on, so the test of the change comes first. */
#define NOW    "2026-12-31T03:59:57+01:00"
#define SCHOOL "esf-test"

static char *dir;

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
count_signal (gpointer  instance,
              guint    *count)
{
  (*count)++;
}

static void
test_parse_change (void)
{
  static const struct {
    const char *text;
    guint       minutes;
  } valid[] = {
    { "04:00", 240 }, { "4:00", 240 }, { "0:00", 0 }, { "00:00", 0 }, { "23:59", 1439 },
    { "12:30", 750 },
  };
  static const char * const invalid[] = {
    "", "4", "04", "04:", "04:0", "4:5", "24:00", "04:60", "004:00", "04:000", " 04:00",
    "04:00 ", "4h00", "-1:00", "+4:00", "04-00", "０4:00", "04:0x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      guint minutes = G_MAXUINT;

      g_assert_true (acc_desk_days_parse_change (valid[i].text, &minutes));
      g_assert_cmpuint (minutes, ==, valid[i].minutes);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      guint minutes = 7;

      g_assert_false (acc_desk_days_parse_change (invalid[i], &minutes));
      g_assert_cmpuint (minutes, ==, 7);
    }
  g_assert_false (acc_desk_days_parse_change (NULL, &(guint) { 0 }));
}

/* A day change the preferences spell wrong changes the day at 04:00, and says so. */
static void
test_read_change (void)
{
  g_assert_cmpuint (acc_desk_days_read_change ("05:30"), ==, 330);

  g_test_expect_message ("accueil-core", G_LOG_LEVEL_WARNING, "*“25:00” is not a time*04:00*");
  g_assert_cmpuint (acc_desk_days_read_change ("25:00"), ==, ACC_DAYS_CHANGE_DEFAULT);
  g_test_assert_expected_messages ();
}

/* At 03:59:57 the school is still on the 30th; three seconds later, by itself, on the 31st,
 * and it says so once. */
static void
test_day_change (void)
{
  g_autoptr(AccDeskDays) days = acc_desk_days_new (dir, SCHOOL, ACC_DAYS_CHANGE_DEFAULT);
  guint notified = 0;

  g_signal_connect (days, "notify::today", G_CALLBACK (count_notify), &notified);
  g_assert_cmpstr (acc_desk_days_get_today (days), ==, "2026-12-30");
  g_assert_cmpstr (acc_desk_days_mark (days, "2026-12-30"), ==, "Today");
  g_assert_cmpstr (acc_desk_days_mark (days, "2026-12-31"), ==, "Tomorrow");

  SPIN_UNTIL (notified > 0);
  g_assert_cmpstr (acc_desk_days_get_today (days), ==, "2026-12-31");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (acc_desk_days_mark (days, "2026-12-30"), ==, "Yesterday");
  g_assert_cmpstr (acc_desk_days_mark (days, "2026-12-31"), ==, "Today");
  g_assert_cmpstr (acc_desk_days_mark (days, "2027-01-01"), ==, "Tomorrow");
  g_assert_null (acc_desk_days_mark (days, "2027-01-02"));
  g_assert_null (acc_desk_days_mark (days, "2026-12-29"));
}

/* A later day change puts the school back on the day before at once, and an earlier one on
 * the new day again. */
static void
test_move_change (void)
{
  g_autoptr(AccDeskDays) days = acc_desk_days_new (dir, SCHOOL, ACC_DAYS_CHANGE_DEFAULT);
  guint notified = 0;

  g_assert_cmpstr (acc_desk_days_get_today (days), ==, "2026-12-31");
  g_signal_connect (days, "notify::today", G_CALLBACK (count_notify), &notified);

  acc_desk_days_set_change (days, 23 * 60 + 59);
  g_assert_cmpstr (acc_desk_days_get_today (days), ==, "2026-12-30");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (acc_desk_days_get_change (days), ==, 23 * 60 + 59);

  acc_desk_days_set_change (days, 0);
  g_assert_cmpstr (acc_desk_days_get_today (days), ==, "2026-12-31");
  g_assert_cmpuint (notified, ==, 2);
}

/* A day the desk does not hold is made only when asked, named as the cloud's database, and
 * the folder with it; a held day opens as it is. */
static void
test_open (void)
{
  g_autofree char *folder = g_build_filename (dir, "days", NULL);
  g_autofree char *path = acc_days_path (folder, SCHOOL, "2027-01-02");
  g_autoptr(AccDeskDays) days = acc_desk_days_new (folder, SCHOOL, ACC_DAYS_CHANGE_DEFAULT);
  g_autoptr(AccStore) store = NULL;
  g_autoptr(AccStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) held = NULL;
  g_autofree char *day = NULL;
  g_autofree char *name = NULL;
  guint changed = 0;

  g_signal_connect (days, "files-changed", G_CALLBACK (count_signal), &changed);

  g_assert_null (acc_desk_days_open (days, "2027-01-02", FALSE, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (changed, ==, 0);
  g_clear_error (&error);

  store = acc_desk_days_open (days, "2027-01-02", TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (changed, ==, 1);
  day = acc_store_dup_day (store);
  g_assert_cmpstr (day, ==, "2027-01-02");
  name = acc_peer_server_dup_day_name (store);
  g_assert_cmpstr (name, ==, SCHOOL "-2027-01-02");
  acc_test_put_fixture (store);
  g_clear_object (&store);

  again = acc_desk_days_open (days, "2027-01-02", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (acc_test_count_docs (again), >, 0);
  g_assert_cmpuint (changed, ==, 1);

  held = acc_desk_days_list (days, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (held), ==, 1);
  g_assert_cmpstr (held[0], ==, "2027-01-02");
}

/* A day the cloud never planned is opened from a held one into its own file, named as the
 * cloud's database; a day held already, or from a day not held, is refused with no file. */
static void
test_open_from (void)
{
  g_autofree char *folder = g_build_filename (dir, "opened", NULL);
  g_autofree char *missing = acc_days_path (folder, SCHOOL, "2027-01-05");
  g_autoptr(AccDeskDays) days = acc_desk_days_new (folder, SCHOOL, ACC_DAYS_CHANGE_DEFAULT);
  g_autoptr(AccStore) held = acc_desk_days_open (days, "2027-01-02", TRUE, NULL);
  g_autoptr(AccStore) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;
  g_autofree char *name = NULL;
  guint changed = 0;

  acc_test_put_fixture (held);
  g_signal_connect (days, "files-changed", G_CALLBACK (count_signal), &changed);

  opened = acc_desk_days_open_from (days, "2027-01-02", "2027-01-03", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  day = acc_store_dup_day (opened);
  g_assert_cmpstr (day, ==, "2027-01-03");
  name = acc_peer_server_dup_day_name (opened);
  g_assert_cmpstr (name, ==, SCHOOL "-2027-01-03");
  g_assert_cmpint (acc_test_count_docs (opened), >, 0);
  g_assert_cmpuint (acc_test_get_status (opened).pending, >, 0);

  g_assert_null (acc_desk_days_open_from (days, "2027-01-02", "2027-01-03", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (acc_desk_days_open_from (days, "2027-01-04", "2027-01-05", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (changed, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("ACCUEIL_NOW", NOW, TRUE);
  g_setenv ("TZ", "Europe/Paris", TRUE);
  g_test_init (&argc, &argv, NULL);
  dir = acc_test_make_dir ();

  /* The day change first: the clock runs on from NOW. */
  g_test_add_func ("/desk-days/day-change", test_day_change);
  g_test_add_func ("/desk-days/move-change", test_move_change);
  g_test_add_func ("/desk-days/parse-change", test_parse_change);
  g_test_add_func ("/desk-days/read-change", test_read_change);
  g_test_add_func ("/desk-days/open", test_open);
  g_test_add_func ("/desk-days/open-from", test_open_from);

  return acc_test_run_in_dir (dir);
}
