/* test-clock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "acc-clock.h"

static gint64 fake_now;

static gint64
get_fake_now (gpointer user_data)
{
  return fake_now;
}

static AccClock *
fake_clock (const char *node)
{
  AccClock *clock = acc_clock_new (node);

  acc_clock_set_now_func (clock, get_fake_now, NULL);
  return clock;
}

static void
test_monotonic (void)
{
  g_autoptr(AccClock) clock = fake_clock ("desk-a");
  g_autofree char *previous = NULL;

  fake_now = 1798000000000;
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *now = NULL;

      /* The wall clock stands still, jumps back an hour, then forward again. */
      if (i == 300)
        fake_now -= 3600 * 1000;
      if (i == 600)
        fake_now += 7200 * 1000;

      now = acc_clock_tick (clock);
      if (previous != NULL)
        g_assert_cmpstr (previous, <, now);
      g_free (previous);
      previous = g_steal_pointer (&now);
    }
}

static void
test_format (void)
{
  g_autoptr(AccClock) clock = fake_clock ("node");
  g_autofree char *hlc = NULL;
  gint64 millis;
  guint counter;
  const char *node;

  fake_now = 1798000000123;
  hlc = acc_clock_tick (clock);
  g_assert_cmpstr (hlc, ==, "000001798000000123-000000-node");
  g_assert_true (acc_hlc_parse (hlc, &millis, &counter, &node));
  g_assert_cmpint (millis, ==, 1798000000123);
  g_assert_cmpuint (counter, ==, 0);
  g_assert_cmpstr (node, ==, "node");

  g_assert_false (acc_hlc_parse ("", NULL, NULL, NULL));
  g_assert_false (acc_hlc_parse ("2026-12-26T09:00:00Z", NULL, NULL, NULL));
  g_assert_false (acc_hlc_parse ("000001798000000123-000000-", NULL, NULL, NULL));
  g_assert_false (acc_hlc_parse (NULL, NULL, NULL, NULL));
}

static void
test_observe (void)
{
  g_autoptr(AccClock) a = fake_clock ("a");
  g_autoptr(AccClock) b = fake_clock ("b");
  g_autofree char *from_a = NULL, *from_b = NULL, *far = NULL;

  /* Desk a's clock runs ten minutes ahead of desk b's. */
  fake_now = 1798000600000;
  from_a = acc_clock_tick (a);
  fake_now = 1798000000000;
  g_assert_true (acc_clock_observe (b, from_a));
  from_b = acc_clock_tick (b);
  g_assert_cmpstr (from_b, >, from_a);

  /* A timestamp two days ahead is not followed. */
  far = g_strdup_printf ("%018" G_GINT64_FORMAT "-000000-x", (gint64) (fake_now + 2 * 86400 * 1000LL));
  g_assert_false (acc_clock_observe (b, far));
  g_free (from_a);
  from_a = acc_clock_tick (b);
  g_assert_cmpstr (from_a, <, far);
  g_assert_false (acc_clock_observe (b, "garbage"));
}

static void
test_counter_overflow (void)
{
  g_autoptr(AccClock) clock = fake_clock ("n");
  g_autofree char *hlc = NULL;
  g_autofree char *next = NULL;
  gint64 millis;
  guint counter;

  fake_now = 1798000000000;
  g_assert_true (acc_clock_observe (clock, "000001798000000000-999999-m"));
  hlc = acc_clock_tick (clock);
  g_assert_true (acc_hlc_parse (hlc, &millis, &counter, NULL));
  g_assert_cmpint (millis, ==, 1798000000001);
  g_assert_cmpuint (counter, ==, 0);
  next = acc_clock_tick (clock);
  g_assert_cmpstr (next, >, hlc);
}

static void
test_distinct_nodes (void)
{
  g_autoptr(AccClock) a = fake_clock ("a");
  g_autoptr(AccClock) b = fake_clock ("b");
  g_autofree char *ha = NULL, *hb = NULL;

  fake_now = 1798000000000;
  ha = acc_clock_tick (a);
  hb = acc_clock_tick (b);
  g_assert_cmpstr (ha, !=, hb);
  g_assert_cmpint (strncmp (ha, hb, 25), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/monotonic", test_monotonic);
  g_test_add_func ("/clock/format", test_format);
  g_test_add_func ("/clock/observe", test_observe);
  g_test_add_func ("/clock/counter-overflow", test_counter_overflow);
  g_test_add_func ("/clock/distinct-nodes", test_distinct_nodes);

  return g_test_run ();
}
