/* bench-ui.c: typing in the desk's search field on a 50,000-enrollment day, and the group
 * board of its largest session
 *
 * Prints key-to-list-updated and key-to-list-redrawn times, and how long the board takes to
 * show and to follow one check-in; never asserts a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>

#include "acc-arrivals-page.h"
#include "acc-board-page.h"
#include "acc-group-roll-call-page.h"
#include "acc-review-page.h"
#include "acc-roll-call-page.h"
#include "acc-tally-page.h"
#include "acc-context.h"
#include "acc-demo.h"
#include "acc-search-model.h"
#include "acc-test-util.h"
#include "acc-window.h"

/* Set once a frame has been drawn: at the end of the frame clock's paint phase, before what
 * the window does after it (the arrivals page lets its other results follow then). */
static gboolean painted;

static void
on_painted (GdkFrameClock *clock,
            gpointer       user_data)
{
  painted = TRUE;
}

/* The session with the most pupils, and their number. */
static char *
dup_largest_session (AccStore *store,
                     guint    *n_groups,
                     int      *n_pupils)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = acc_store_list_groups (store, NULL, &error);
  g_autoptr(GHashTable) pupils = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) cards = g_hash_table_new (g_str_hash, g_str_equal);
  const char *largest = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < groups->len; i++)
    {
      const AccGroupRow *group = g_ptr_array_index (groups, i);
      int count = GPOINTER_TO_INT (g_hash_table_lookup (pupils, group->session_id));
      guint n_cards = GPOINTER_TO_UINT (g_hash_table_lookup (cards, group->session_id));

      g_hash_table_insert (pupils, group->session_id, GINT_TO_POINTER (count + group->count));
      g_hash_table_insert (cards, group->session_id, GUINT_TO_POINTER (n_cards + 1));
      if (largest == NULL ||
          count + group->count > GPOINTER_TO_INT (g_hash_table_lookup (pupils, largest)))
        largest = group->session_id;
    }
  g_assert_nonnull (largest);
  *n_groups = GPOINTER_TO_UINT (g_hash_table_lookup (cards, largest));
  *n_pupils = GPOINTER_TO_INT (g_hash_table_lookup (pupils, largest));

  return g_strdup (largest);
}

/* Milliseconds from now until the next frame has been painted. */
static double
wait_painted (gint64 start)
{
  painted = FALSE;
  SPIN_UNTIL (painted);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Lets the windows finish what they were drawing (a scrollbar fading, say): a change is
 * timed from a window at rest. */
static void
settle (void)
{
  for (guint i = 0; i < 5; i++)
    acc_test_spin_a_little ();
}

/* Milliseconds from @start, just before a write, until the frame that follows it has been
 * painted. A frame is asked for after the write, so that one comes even when the change draws
 * nothing new; the page has followed the change by then, or in that frame's idle. */
static double
wait_change_painted (GtkWindow *window,
                     gint64     start)
{
  painted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (window));
  SPIN_UNTIL (painted);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Shows @page on a window of its own; returns the milliseconds until it is first drawn. */
static double
present_page (GtkWidget  *page,
              GtkWindow **window_out)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  gint64 start;

  gtk_window_set_default_size (window, 1280, 800);
  gtk_window_set_child (window, page);
  start = g_get_monotonic_time ();
  gtk_window_present (window);
  SPIN_UNTIL (gtk_widget_get_mapped (page));
  g_signal_connect_after (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "paint",
                          G_CALLBACK (on_painted), NULL);
  *window_out = window;

  return wait_painted (start);
}

/* Each of the morning's other pages on its own window: how long until it is first drawn. */
static void
bench_pages (AccStore *store)
{
  static const struct {
    const char *name;
    GtkWidget *(*create) (AccStore *store);
  } pages[] = {
    { "instructors' roll-call", acc_roll_call_page_new },
    { "groups' roll-call", acc_group_roll_call_page_new },
    { "tally", acc_tally_page_new },
    { "review", acc_review_page_new },
  };

  printf ("Other pages, first shown\n");
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWindow *window;
      gint64 start;

      printf ("  %-40s %8.1f ms\n", pages[i].name, present_page (pages[i].create (store), &window));

      /* The instructors' roll-call follows each mark made at the desk. */
      if (i == 0)
        {
          g_autoptr(GPtrArray) instructors = acc_store_list_instructors (store, NULL);
          const AccInstructorRow *first = g_ptr_array_index (instructors, 0);

          settle ();
          start = g_get_monotonic_time ();
          g_assert_true (acc_store_set_instructor_attendance (store, first->id,
                                                              ACC_INSTRUCTOR_ATTENDANCE_PRESENT,
                                                              NULL));
          printf ("  %-40s %8.1f ms\n", "  one instructor marked, redrawn",
                  wait_change_painted (window, start));

          /* One on call: the offers of every group without an instructor may change. */
          for (guint j = 0; j < instructors->len; j++)
            {
              const AccInstructorRow *row = g_ptr_array_index (instructors, j);

              if (!row->on_call)
                continue;
              settle ();
              start = g_get_monotonic_time ();
              g_assert_true (acc_store_set_instructor_attendance (
                               store, row->id, ACC_INSTRUCTOR_ATTENDANCE_PRESENT, NULL));
              printf ("  %-40s %8.1f ms\n", "  one on call marked, redrawn",
                      wait_change_painted (window, start));
              break;
            }
        }
      gtk_window_destroy (window);
      acc_test_spin_a_little ();
    }
}

/* The board on its own window: shown on the largest session, then following a check-in. */
static void
bench_board (AccStore *store)
{
  g_autofree char *session_id = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GtkWidget *page;
  guint n_groups;
  int n_pupils;
  gint64 start;
  double shown, session, followed;

  session_id = dup_largest_session (store, &n_groups, &n_pupils);
  page = acc_board_page_new (store);
  shown = present_page (page, &window);

  start = g_get_monotonic_time ();
  gtk_widget_activate_action (page, "board.session", "s", session_id);
  session = wait_painted (start);

  /* A pupil of the session checked in, at this desk or another. */
  rows = acc_store_list_enrollments_of_session (store, session_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (rows, i);

      if (row->group_id != NULL && !row->checked_in)
        {
          const char *ids[] = { row->enrollment_id, NULL };

          settle ();
          start = g_get_monotonic_time ();
          g_assert_true (acc_store_check_in (store, ids, TRUE, &error));
          g_assert_no_error (error);
          break;
        }
    }
  followed = wait_change_painted (window, start);

  printf ("Group board, largest session: %u groups, %d pupils\n", n_groups, n_pupils);
  printf ("  %-40s %8.1f ms\n", "board shown (first session)", shown);
  printf ("  %-40s %8.1f ms\n", "largest session chosen, redrawn", session);
  printf ("  %-40s %8.1f ms\n", "one check-in, board redrawn", followed);

  gtk_window_destroy (window);
  acc_test_spin_a_little ();
}

static void
report (const char *what,
        GArray     *samples)
{
  acc_test_report_samples (what, 40, samples);
}

/* Typing names into the arrivals page's search field, letter by letter. */
static void
bench_search (AccStore   *store,
              AccContext *context,
              guint       n_enrollments)
{
  static const char *words[] = { "martin", "lefevre", "dubois", "muller", "smith", "jansen",
                                 "bernard", "zoe", "chloe", "thomas", "peeters", "rossi" };
  g_autoptr(GArray) updated = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) redrawn = g_array_new (FALSE, FALSE, sizeof (double));
  AccWindow *window;
  AccArrivalsPage *page;
  GtkEditable *entry;
  GListModel *results;
  GdkFrameClock *clock;
  gint64 start;

  start = g_get_monotonic_time ();
  window = acc_window_new (NULL, context, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  printf ("Typing in the search field, %u enrollments\n", n_enrollments);
  printf ("  %-40s %8.1f ms\n", "window shown", (g_get_monotonic_time () - start) / 1000.0);
  acc_test_spin_a_little ();

  page = acc_window_get_arrivals_page (window);
  entry = acc_arrivals_page_get_search_entry (page);
  results = acc_arrivals_page_get_results (page);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect_after (clock, "paint", G_CALLBACK (on_painted), NULL);

  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < G_N_ELEMENTS (words); i++)
      {
        for (guint len = 1; len <= 6 && len <= strlen (words[i]); len++)
          {
            int position = len - 1;
            double ms;

            /* A key adds its letter at the end, as typing does: setting the whole text
             * would first empty the field, a search of its own. */
            painted = FALSE;
            start = g_get_monotonic_time ();
            gtk_editable_insert_text (entry, words[i] + len - 1, 1, &position);
            ms = (g_get_monotonic_time () - start) / 1000.0;
            g_array_append_val (updated, ms);
            g_assert_nonnull (results);

            SPIN_UNTIL (painted);
            ms = (g_get_monotonic_time () - start) / 1000.0;
            g_array_append_val (redrawn, ms);

            /* The next key a tenth of a second later, as a fast typist's: each is timed from
             * a window at rest, not from the frame clock's wait for its next frame. */
            acc_test_spin_a_little ();
          }
        gtk_editable_set_text (entry, "");
        acc_test_spin_a_little ();
      }

  /* The same typing into a model that no widget shows: what the store and the model cost. */
  {
    g_autoptr(AccSearchModel) model = acc_search_model_new (store);
    g_autoptr(GArray) alone = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint round = 0; round < 3; round++)
      for (guint i = 0; i < G_N_ELEMENTS (words); i++)
        {
          for (guint len = 1; len <= 6 && len <= strlen (words[i]); len++)
            {
              g_autofree char *prefix = g_strndup (words[i], len);
              double ms;

              start = g_get_monotonic_time ();
              acc_search_model_set_text (model, prefix);
              ms = (g_get_monotonic_time () - start) / 1000.0;
              g_array_append_val (alone, ms);
            }
          acc_search_model_set_text (model, "");
        }
    report ("search and model, no widgets", alone);
  }

  report ("key to result list updated", updated);
  report ("key to list redrawn (next frame)", redrawn);

  gtk_window_destroy (GTK_WINDOW (window));
  acc_test_spin_a_little ();
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(AccStore) store = NULL;
  g_autoptr(AccContext) context = NULL;
  g_autoptr(AccDemo) demo = NULL;
  g_autoptr(GError) error = NULL;
  guint n_enrollments = argc > 1 ? (guint) atoi (argv[1]) : 50000;
  /* A second argument times one part alone ("search", "board" or "pages"), to profile it. */
  const char *only = argc > 2 ? argv[2] : NULL;

  /* Each figure shows as soon as it is measured. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  gtk_init ();
  adw_init ();

  dir = acc_test_make_dir ();
  store = acc_test_open_new (dir, "day.db");
  demo = acc_demo_new (42, n_enrollments, "2026-12-26");
  if (!acc_demo_fill_store (demo, store, &error))
    g_error ("%s", error->message);
  context = acc_context_new (store, NULL);

  if (only == NULL || g_str_equal (only, "search"))
    bench_search (store, context, n_enrollments);
  if (only == NULL || g_str_equal (only, "board"))
    bench_board (store);
  if (only == NULL || g_str_equal (only, "pages"))
    bench_pages (store);
  g_clear_object (&context);
  g_clear_object (&store);
  acc_test_remove_dir (dir);
  return 0;
}
