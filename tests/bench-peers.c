/* bench-peers.c: how soon a check-in reaches another desk, and how a desk serving its day
 * to another keeps its window responsive
 *
 * Two benchmarks, named by the first argument:
 *  - latency: desk A serves its day (AccPeerServer, TLS, the pairing secret); desk B
 *    replicates with it as the app does (AccPeers, one continuous engine). Check-ins are made
 *    on A, then on B, through the store's desk write, and each is timed until the other desk's
 *    store shows it; then check-ins written to A's file by another process (accueil-cli).
 *  - serving: desk A serves a day of about 50,000 documents to another process pulling it
 *    into an empty file (accueil-cli sync), while timers on A's main loop record how late
 *    they run.
 *
 * Both desks of a run live in this process and share its identity and pairing secret: B only
 * pulls and pushes, and what it proves to A is the secret, which is the school's. Prints
 * figures; never asserts a time (ARCHITECTURE.md, "Speed", has the targets). Fails only when
 * a check-in never arrives or a pull fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "acc-demo.h"
#include "acc-peer-server.h"
#include "acc-peers.h"
#include "acc-test-util.h"

#define SECRET "piste-verte-2026"

/* A check-in not seen on the other desk after this long is an error, not a figure. */
#define DEADLINE_S 30

#define LATENCY_ENROLLMENTS 5000
#define N_CHECKINS 30
#define N_OTHER_PROCESS 10
/* Check-ins come this far apart (ms, drawn between the two): a desk's staff checks in a
 * family every few seconds at most, and the engine pauses between exchanges (250 ms), so
 * some check-ins land in a pause and some on a waiting longpoll, as in the morning. */
#define GAP_MIN_MS 100
#define GAP_MAX_MS 600

/* 22,000 enrollments make a day of about 50,000 documents (bench-sync.sh: 21,000, ~48,000). */
#define SERVING_ENROLLMENTS 22000
#define TICK_MS 5
/* The priority GTK paints a frame at (GDK_PRIORITY_REDRAW, G_PRIORITY_HIGH_IDLE + 20): below
 * the network's and the input's (G_PRIORITY_DEFAULT), so a main loop always busy with one
 * never paints. */
#define FRAME_PRIORITY (G_PRIORITY_HIGH_IDLE + 20)

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static gboolean
on_wake (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main context for @ms milliseconds. */
static void
spin_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * (G_USEC_PER_SEC / 1000);
  guint wake = g_timeout_add (MAX (1u, ms / 10), on_wake, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

static AccStore *
open_demo_day (const char *dir,
               const char *name,
               guint       n_enrollments)
{
  g_autoptr(AccDemo) demo = acc_demo_new (5, n_enrollments, "2026-12-26");
  g_autoptr(GError) error = NULL;
  AccStore *store = acc_test_open_new (dir, name);

  if (!acc_demo_fill_store (demo, store, &error))
    g_error ("%s", error->message);
  return store;
}

static AccPeerServer *
serve (AccStore *store)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  AccPeerServer *server = acc_peer_server_serve_day (store, loopback, 0, &error);

  if (server == NULL)
    g_error ("%s", error->message);
  return server;
}

/* Every enrollment of @store's day that is booked and not checked in, in a shuffled order. */
static GPtrArray *
list_to_check_in (AccStore *store,
                  GRand    *rand)
{
  GPtrArray *ids = acc_test_list_to_check_in (store);

  for (guint i = ids->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      gpointer swap = ids->pdata[i - 1];

      ids->pdata[i - 1] = ids->pdata[j];
      ids->pdata[j] = swap;
    }
  return ids;
}

/* Runs the main context until @store shows @enrollment_id checked in; returns the time since
 * @since, in milliseconds. */
static double
wait_checked_in (AccStore   *store,
                 const char *enrollment_id,
                 gint64      since)
{
  gint64 deadline = since + DEADLINE_S * G_USEC_PER_SEC;
  guint wake = g_timeout_add (50, on_wake, NULL);

  while (!acc_test_is_checked_in (store, enrollment_id))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("The check-in of %s did not reach the other desk within %d s", enrollment_id,
                 DEADLINE_S);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
  return elapsed_ms (since);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Prints the median, the 90th percentile and the largest of @samples (ms); sorts them. */
static void
report_latency (const char *what,
                GArray     *samples)
{
  double *v = (double *) samples->data;

  g_assert (samples->len > 0);
  qsort (v, samples->len, sizeof (double), compare_doubles);
  printf ("  %-44s p50 %7.1f ms   p90 %7.1f ms   max %7.1f ms   (n=%u)\n", what,
          v[samples->len / 2], v[MIN (samples->len - 1, samples->len * 9 / 10)],
          v[samples->len - 1], samples->len);
}

/* Checks in N_CHECKINS enrollments on @from, as the desk's button does, each timed until
 * @to shows it. */
static void
time_desk_check_ins (const char *what,
                     AccStore   *from,
                     AccStore   *to,
                     GPtrArray  *ids,
                     guint      *next,
                     GRand      *rand)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < N_CHECKINS; i++)
    {
      const char *id = g_ptr_array_index (ids, (*next)++);
      const char *one[] = { id, NULL };
      g_autoptr(GError) error = NULL;
      gint64 start;
      double ms;

      spin_ms (g_rand_int_range (rand, GAP_MIN_MS, GAP_MAX_MS + 1));
      start = g_get_monotonic_time ();
      if (!acc_store_check_in_and_place (from, one, &error))
        g_error ("%s", error->message);
      ms = wait_checked_in (to, id, start);
      g_array_append_val (samples, ms);
    }
  report_latency (what, samples);
}

typedef struct
{
  gint64 exited;  /* Monotonic time of its exit; 0 while it runs. */
  int    status;
} Child;

static void
on_cli_exit (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Child *child = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error))
    g_error ("%s", error->message);
  child->status = g_subprocess_get_status (G_SUBPROCESS (source));
  child->exited = g_get_monotonic_time ();
}

/* Checks in N_OTHER_PROCESS enrollments by writing @from's file from another process
 * (accueil-cli checkin), each timed from the start of that process until @to shows it. */
static void
time_other_process_check_ins (AccStore  *from,
                              AccStore  *to,
                              GPtrArray *ids,
                              guint     *next,
                              GRand     *rand)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (double));
  const char *cli = g_getenv ("ACCUEIL_CLI");

  g_assert_nonnull (cli);
  for (guint i = 0; i < N_OTHER_PROCESS; i++)
    {
      const char *id = g_ptr_array_index (ids, (*next)++);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      Child child = { 0 };
      gint64 start;
      double ms, run_ms;

      spin_ms (g_rand_int_range (rand, GAP_MIN_MS, GAP_MAX_MS + 1));
      start = g_get_monotonic_time ();
      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, cli, "checkin",
                                  "--db", acc_store_get_path (from), id, NULL);
      if (process == NULL)
        g_error ("%s", error->message);
      g_subprocess_wait_async (process, NULL, on_cli_exit, &child);
      ms = wait_checked_in (to, id, start);
      while (child.exited == 0)
        g_main_context_iteration (NULL, TRUE);
      if (!WIFEXITED (child.status) || WEXITSTATUS (child.status) != 0)
        g_error ("accueil-cli checkin %s failed", id);
      run_ms = (child.exited - start) / 1000.0;
      g_array_append_val (samples, ms);
      g_array_append_val (runs, run_ms);
    }
  report_latency ("A to B, written by another process", samples);
  report_latency ("  of which accueil-cli ran (start to exit)", runs);
}

static void
bench_latency (const char *dir)
{
  g_autoptr(AccStore) a = open_demo_day (dir, "desk-a.db", LATENCY_ENROLLMENTS);
  g_autoptr(AccStore) b = acc_test_open_new (dir, "desk-b.db");
  g_autoptr(AccPeerServer) server = serve (a);
  g_autofree char *name = acc_peer_server_dup_day_name (a);
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", acc_peer_server_get_port (server));
  g_autoptr(AccPeers) peers = acc_peers_new (b, name);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GPtrArray) ids = list_to_check_in (a, rand);
  g_autoptr(GError) error = NULL;
  gint64 start, deadline;
  guint next = 0;

  g_assert_cmpuint (ids->len, >=, 2 * N_CHECKINS + N_OTHER_PROCESS);
  printf ("A check-in's way to another desk, over loopback TLS (day of %u enrollments, "
          "%" G_GINT64_FORMAT " documents)\n", LATENCY_ENROLLMENTS, acc_test_count_docs (a));

  /* B replicates with A as the app does, and first receives the whole day. */
  start = g_get_monotonic_time ();
  deadline = start + 10 * DEADLINE_S * G_USEC_PER_SEC;
  if (!acc_peers_add (peers, address, &error))
    g_error ("%s", error->message);
  while (acc_test_count_exchanged (peers) == 0 || acc_test_count_docs (b) < acc_test_count_docs (a))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Desk B did not receive the day");
      spin_ms (10);
    }
  printf ("  %-44s %7.0f ms\n", "desk B receives the day first", elapsed_ms (start));
  spin_ms (1000);

  time_desk_check_ins ("A to B, checked in at desk A", a, b, ids, &next, rand);
  time_desk_check_ins ("B to A, checked in at desk B", b, a, ids, &next, rand);
  time_other_process_check_ins (a, b, ids, &next, rand);
  printf ("  Check-ins %d to %d ms apart, timed from the write until the other desk's store\n"
          "  shows it. A desk's write answers desk B's waiting request at once, or, when it\n"
          "  lands in the pause of 250 ms B's engine makes after an exchange, after it; B's\n"
          "  own write ends its wait and is sent at once. A write by another process is seen\n"
          "  by the serving desk's check of its file, four times a second while a desk waits.\n",
          GAP_MIN_MS, GAP_MAX_MS);

  /* B's side of a connection must close before A's server closes it (test-sync-peer.c). */
  acc_peers_remove (peers, address);
  acc_test_spin_a_little ();
  acc_peer_server_stop (server);
  acc_test_spin_a_little ();
}

/* How late a periodic timer of the serving desk's main loop runs. */
typedef struct
{
  gint64  last;
  GArray *late;  /* ms, one a tick */
} Ticks;

static gboolean
on_tick (gpointer user_data)
{
  Ticks *ticks = user_data;
  gint64 now = g_get_monotonic_time ();

  if (ticks->last != 0)
    {
      double late = MAX (0.0, (now - ticks->last) / 1000.0 - TICK_MS);

      g_array_append_val (ticks->late, late);
    }
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

static void
report_ticks (const char *what,
              Ticks      *ticks)
{
  double *v = (double *) ticks->late->data;
  guint n = ticks->late->len, over_frame = 0, over_100 = 0;

  g_assert (n > 0);
  qsort (v, n, sizeof (double), compare_doubles);
  for (guint i = 0; i < n; i++)
    {
      over_frame += v[i] > 1000.0 / 60;
      over_100 += v[i] > 100;
    }
  printf ("    %s\n", what);
  printf ("      %-40s %7.1f ms\n", "longest stall", v[n - 1]);
  printf ("      %-40s %7.1f ms\n", "p99 lateness", v[MIN (n - 1, n * 99 / 100)]);
  printf ("      %-40s %7u of %u ticks\n", "stalls over 16.7 ms (a frame at 60 Hz)", over_frame,
          n);
  printf ("      %-40s %7u of %u ticks\n", "stalls over 100 ms", over_100, n);
}

static void
measure_ticks (Ticks *input,
               Ticks *frames,
               guint *ids)
{
  *input = (Ticks) { .late = g_array_new (FALSE, FALSE, sizeof (double)) };
  *frames = (Ticks) { .late = g_array_new (FALSE, FALSE, sizeof (double)) };
  ids[0] = g_timeout_add_full (G_PRIORITY_DEFAULT, TICK_MS, on_tick, input, NULL);
  ids[1] = g_timeout_add_full (FRAME_PRIORITY, TICK_MS, on_tick, frames, NULL);
}

static void
stop_ticks (Ticks *input,
            Ticks *frames,
            guint *ids)
{
  g_source_remove (ids[0]);
  g_source_remove (ids[1]);
  g_array_unref (input->late);
  g_array_unref (frames->late);
}

static void
bench_serving (const char *dir)
{
  g_autoptr(AccStore) a = NULL;
  g_autoptr(AccStore) pulled = NULL;
  g_autoptr(AccPeerServer) server = NULL;
  g_autofree char *name = NULL, *url = NULL;
  g_autofree char *path = g_build_filename (dir, "pulling.db", NULL);
  g_auto(AccTestCli) cli = { 0 };
  g_autoptr(GError) error = NULL;
  Ticks input, frames;
  guint ids[2];
  gint64 start, n_docs;
  double pull_ms;

  start = g_get_monotonic_time ();
  a = open_demo_day (dir, "serving.db", SERVING_ENROLLMENTS);
  n_docs = acc_test_count_docs (a);
  printf ("A desk serving its day to another (%u enrollments, %" G_GINT64_FORMAT
          " documents), loopback TLS\n", SERVING_ENROLLMENTS, n_docs);
  printf ("  %-44s %7.0f ms\n", "generate and store the demo day", elapsed_ms (start));

  server = serve (a);
  name = acc_peer_server_dup_day_name (a);
  url = g_strdup_printf ("https://127.0.0.1:%u/%s", acc_peer_server_get_port (server), name);

  /* The timers alone first: how late they run on an idle main loop. */
  measure_ticks (&input, &frames, ids);
  spin_ms (1000);
  printf ("  Serving desk's main loop, idle for 1 s (timers every %d ms)\n", TICK_MS);
  report_ticks ("at input priority (G_PRIORITY_DEFAULT)", &input);
  report_ticks ("at frame priority (GDK_PRIORITY_REDRAW)", &frames);
  stop_ticks (&input, &frames, ids);

  /* Another process pulls the whole day into an empty file, with the engine a desk uses. */
  measure_ticks (&input, &frames, ids);
  start = g_get_monotonic_time ();
  acc_test_run_cli (&cli, "sync", "--db", path, "--url", url, "--once", NULL);
  pull_ms = elapsed_ms (start);
  if (cli.status != 0)
    g_error ("accueil-cli sync failed: %s", cli.err);

  pulled = acc_store_open (path, ACC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  printf ("  %-44s %7" G_GINT64_FORMAT " of %" G_GINT64_FORMAT "\n", "documents pulled",
          acc_test_count_docs (pulled), n_docs);
  printf ("  %-44s %7.0f ms   (%.0f documents/s)\n", "pull, accueil-cli sync --once start to exit",
          pull_ms, acc_test_count_docs (pulled) / (pull_ms / 1000.0));
  printf ("  Serving desk's main loop during the pull (timers every %d ms)\n", TICK_MS);
  report_ticks ("at input priority (G_PRIORITY_DEFAULT)", &input);
  report_ticks ("at frame priority (GDK_PRIORITY_REDRAW)", &frames);
  stop_ticks (&input, &frames, ids);

  acc_peer_server_stop (server);
  acc_test_spin_a_little ();
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *config = acc_test_use_config_dir ();
  g_autofree char *dir = acc_test_make_dir ();

  if (argc != 2 || (!g_str_equal (argv[1], "latency") && !g_str_equal (argv[1], "serving")))
    {
      fprintf (stderr, "Usage: %s latency|serving\n", argv[0]);
      return 2;
    }

  acc_test_pair_desk (config, SECRET);
  if (g_str_equal (argv[1], "latency"))
    bench_latency (dir);
  else
    bench_serving (dir);

  acc_test_remove_dir (dir);
  acc_test_remove_dir (config);
  return 0;
}
