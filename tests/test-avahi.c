/* test-avahi.c: two desks of one computer find each other through the real Avahi daemon, and
 * replicate their day
 *
 * Run by interop/test-avahi.sh, which starts a D-Bus system bus and an Avahi daemon of its own
 * and points DBUS_SYSTEM_BUS_ADDRESS at them: the desks reach Avahi as the app does, on the
 * system bus, with nothing given by address. Each desk serves its day on a port of its own and
 * announces it; a desk of another school announces too, and must not be followed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "acc-demo.h"
#include "acc-peer-discovery.h"
#include "acc-peer-server.h"
#include "acc-peers.h"
#include "acc-test-util.h"

#define SECRET "piste-verte-2026"
#define DEADLINE_S 60

typedef struct
{
  AccStore         *store;
  AccPeerServer    *server;
  AccPeerDiscovery *discovery;
  AccPeers         *peers;
  GPtrArray        *found;  /* "address:port" */
  GPtrArray        *lost;
} Desk;

/* AccPeerDiscovery::peer-found and ::peer-lost: @addresses records the address. */
static void
on_peer (AccPeerDiscovery *discovery,
         const char       *address,
         GPtrArray        *addresses)
{
  g_ptr_array_add (addresses, g_strdup (address));
}

/* Whether one of @addresses is on @port. */
static gboolean
has_port (GPtrArray *addresses,
          guint      port)
{
  g_autofree char *suffix = g_strdup_printf (":%u", port);

  for (guint i = 0; i < addresses->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (addresses, i), suffix))
      return TRUE;
  return FALSE;
}

static gboolean
on_wake (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

#define WAIT_UNTIL(condition, what) G_STMT_START { \
    gint64 deadline_ = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC; \
    guint wake_ = g_timeout_add (50, on_wake, NULL); \
    while (!(condition)) \
      { \
        if (g_get_monotonic_time () > deadline_) \
          g_error ("Not within %d s: %s", DEADLINE_S, what); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (wake_); \
  } G_STMT_END

/* A desk with a demo day of its own (@seed), serving it on every address and announcing it. */
static void
desk_open (Desk       *desk,
           const char *name,
           const char *dir,
           guint       seed)
{
  g_autoptr(AccDemo) demo = acc_demo_new (seed, 60, "2026-12-26");
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  g_autofree char *day = NULL;
  g_autofree char *school = NULL;

  desk->found = g_ptr_array_new_with_free_func (g_free);
  desk->lost = g_ptr_array_new_with_free_func (g_free);
  desk->store = acc_test_open_new (dir, file);
  g_assert_true (acc_demo_fill_store (demo, desk->store, &error));
  g_assert_no_error (error);

  desk->server = acc_peer_server_serve_day (desk->store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (desk->server);

  day = acc_peer_server_dup_day_name (desk->store);
  school = acc_peer_discovery_dup_school_id (day);
  g_assert_nonnull (school);
  desk->discovery = acc_peer_discovery_new (school);
  g_signal_connect (desk->discovery, "peer-found", G_CALLBACK (on_peer), desk->found);
  g_signal_connect (desk->discovery, "peer-lost", G_CALLBACK (on_peer), desk->lost);
  desk->peers = acc_peers_new (desk->store, day);
  acc_peers_follow_discovery (desk->peers, desk->discovery);
  acc_peer_discovery_announce (desk->discovery, name,
                               acc_peer_server_get_port (desk->server));
  acc_peer_discovery_start (desk->discovery);
}

static void
desk_close (Desk *desk)
{
  g_clear_object (&desk->peers);
  g_clear_object (&desk->discovery);
  acc_test_spin_a_little ();
  if (desk->server != NULL)
    acc_peer_server_stop (desk->server);
  g_clear_object (&desk->server);
  acc_test_spin_a_little ();
  g_clear_object (&desk->store);
  g_clear_pointer (&desk->found, g_ptr_array_unref);
  g_clear_pointer (&desk->lost, g_ptr_array_unref);
}

static void
test_find_and_replicate (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  g_autoptr(AccPeerDiscovery) other_school = NULL;
  g_autofree char *id = NULL;
  Desk a = { 0 }, b = { 0 };
  guint port_a, port_b;
  gint64 n_a, n_b;
  g_autoptr(GError) error = NULL;

  acc_test_pair_desk (dir, SECRET);
  desk_open (&a, "Desk A", dir, 5);
  desk_open (&b, "Desk B", dir, 6);
  port_a = acc_peer_server_get_port (a.server);
  port_b = acc_peer_server_get_port (b.server);
  n_a = acc_test_count_docs (a.store);
  n_b = acc_test_count_docs (b.store);

  /* A desk of another school, on the network too, with a port nobody serves. */
  other_school = acc_peer_discovery_new ("val-thorens");
  acc_peer_discovery_announce (other_school, "Other school", 9);

  WAIT_UNTIL (has_port (a.found, port_b) && has_port (b.found, port_a),
              "the desks find each other through Avahi");
  g_assert_true (acc_peer_discovery_get_available (a.discovery));
  g_assert_null (acc_peers_get_discovery_problem (a.peers));

  /* Both desks' days, different, become one on both. */
  WAIT_UNTIL (acc_test_count_docs (a.store) > n_a && acc_test_count_docs (a.store) == acc_test_count_docs (b.store),
              "the desks replicate their days");
  g_assert_cmpint (acc_test_count_docs (a.store), >, n_b);

  /* A check-in at one desk reaches the other. */
  {
    g_autoptr(GPtrArray) ids = acc_test_list_to_check_in (a.store);

    g_assert_cmpuint (ids->len, >, 0);
    id = g_strdup (g_ptr_array_index (ids, 0));
  }
  {
    const char *one[] = { id, NULL };

    g_assert_true (acc_store_check_in_and_place (a.store, one, &error));
    g_assert_no_error (error);
  }
  WAIT_UNTIL (acc_test_is_checked_in (b.store, id), "a check-in at desk A reaches desk B");

  /* Neither followed itself nor the other school. */
  g_assert_false (has_port (a.found, port_a));
  g_assert_false (has_port (b.found, port_b));
  g_assert_false (has_port (a.found, 9));
  g_assert_false (has_port (b.found, 9));

  /* A desk that closes withdraws its announcement: the other loses it. */
  g_clear_object (&a.peers);
  g_clear_object (&a.discovery);
  WAIT_UNTIL (has_port (b.lost, port_a), "desk B sees desk A go");

  desk_close (&a);
  desk_close (&b);
  g_clear_object (&other_school);
  acc_test_spin_a_little ();
  acc_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("DBUS_SYSTEM_BUS_ADDRESS") == NULL)
    {
      g_printerr ("Run by interop/test-avahi.sh, which starts Avahi on a bus of its own\n");
      return 1;
    }
  config = acc_test_use_config_dir ();

  g_test_add_func ("/avahi/find-and-replicate", test_find_and_replicate);

  {
    int status = g_test_run ();

    acc_test_remove_dir (config);
    return status;
  }
}
