/* bench-store.c: how fast the desk answers on a large day
 *
 * Prints figures; never asserts a time (ARCHITECTURE.md, "Speed", has the targets).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <sys/resource.h>

#include "acc-demo.h"
#include "acc-search-model.h"
#include "acc-test-util.h"

static void
report (const char *what,
        GArray     *samples)
{
  acc_test_report_samples (what, 44, samples);
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
bench_day (const char *dir,
           guint       n_enrollments)
{
  static const char *words[] = { "martin", "lefevre", "dubois", "muller", "smith", "jansen",
                                 "bernard", "zoe", "chloe", "thomas", "peeters", "rossi",
                                 "durand", "petit", "moreau", "lucas", "ines", "o brien" };
  g_autofree char *name = g_strdup_printf ("bench-%u.db", n_enrollments);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AccDemo) demo = acc_demo_new (42, n_enrollments, "2026-12-26");
  g_autoptr(AccStore) store = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  AccStoreStatus status;
  gint64 start;

  printf ("Day of %u enrollments\n", n_enrollments);

  store = acc_store_open (path, ACC_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  if (!acc_demo_fill_store (demo, store, &error))
    g_error ("%s", error->message);
  printf ("  %-44s %8.0f ms\n", "generate and store the demo day", elapsed_ms (start));
  g_clear_object (&store);

  start = g_get_monotonic_time ();
  store = acc_store_open (path, ACC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (acc_store_get_status (store, &status, &error));
  printf ("  %-44s %8.1f ms\n", "open the replica and read its counts", elapsed_ms (start));

  start = g_get_monotonic_time ();
  g_assert_true (acc_store_rederive (store, &error));
  printf ("  %-44s %8.0f ms\n", "derive the whole state again from documents",
          elapsed_ms (start));

  for (guint len = 1; len <= 6; len++)
    {
      g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *label = g_strdup_printf ("search, %u typed character%s (%u rows)", len,
                                                len > 1 ? "s" : "", ACC_SEARCH_MODEL_LIMIT);

      for (guint round = 0; round < 20; round++)
        for (guint i = 0; i < G_N_ELEMENTS (words); i++)
          {
            g_autofree char *prefix = g_strndup (words[i], len);
            g_autoptr(GPtrArray) rows = NULL;
            double ms;

            start = g_get_monotonic_time ();
            rows = acc_store_search (store, prefix, ACC_SEARCH_MODEL_LIMIT, &error);
            ms = elapsed_ms (start);
            g_assert_nonnull (rows);
            g_array_append_val (samples, ms);
          }
      report (label, samples);
    }

  {
    g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < 200; i++)
      {
        g_autofree char *digits = g_strdup_printf ("%04u", g_rand_int_range (rand, 0, 10000));
        g_autoptr(GPtrArray) rows = NULL;
        double ms;

        start = g_get_monotonic_time ();
        rows = acc_store_search (store, digits, ACC_SEARCH_MODEL_LIMIT, &error);
        ms = elapsed_ms (start);
        g_array_append_val (samples, ms);
      }
    report ("search, last 4 digits of a phone", samples);
  }

  /* Durable check-ins of random enrollments, one transaction each. */
  all = acc_store_search (store, "a", 100000, &error);
  {
    g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < 500 && all->len > 0; i++)
      {
        AccEnrollmentRow *row = g_ptr_array_index (all, g_rand_int_range (rand, 0, all->len));
        const char *ids[] = { row->enrollment_id, NULL };
        double ms;

        if (row->status == ACC_ENROLLMENT_STATUS_CANCELLED || row->checked_in)
          continue;
        start = g_get_monotonic_time ();
        if (!acc_store_check_in (store, ids, TRUE, &error))
          g_error ("%s", error->message);
        ms = elapsed_ms (start);
        row->checked_in = TRUE;
        g_array_append_val (samples, ms);
      }
    report ("durable check-in (fact, derivation, commit)", samples);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = acc_test_make_dir ();
  struct rusage usage;

  bench_day (dir, 5000);
  bench_day (dir, 50000);

  getrusage (RUSAGE_SELF, &usage);
  printf ("Peak resident memory: %.1f MB\n", usage.ru_maxrss / 1024.0);

  acc_test_remove_dir (dir);
  return 0;
}
