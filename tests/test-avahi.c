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
  const char       *name;
  AccStore         *store;
  AccPeerServer    *server;
  AccPeerDiscovery *discovery;
  AccPeers         *peers;
  GPtrArray        *found;  /* "address:port" */
  GPtrArray        *lost;
} Desk;

static void
on_found (AccPeerDiscovery *discovery,
          const char       *address,
          Desk             *desk)
{
  g_test_message ("%s found %s", desk->name, address);
  g_ptr_array_add (desk->found, g_strdup (address));
}

static void
on_lost (AccPeerDiscovery *discovery,
         const char       *address,
         Desk             *desk)
{
  g_test_message ("%s lost %s", desk->name, address);
  g_ptr_array_add (desk->lost, g_strdup (address));
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

static gint64
count_docs (AccStore *store)
{
  gint64 seq = 0, n_docs = 0, n_deleted = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (acc_store_get_update_seq (store, &seq, &n_docs, &n_deleted, &error));
  g_assert_no_error (error);
  return n_docs;
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

  desk->name = name;
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
  g_signal_connect (desk->discovery, "peer-found", G_CALLBACK (on_found), desk);
  g_signal_connect (desk->discovery, "peer-lost", G_CALLBACK (on_lost), desk);
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

/* A booked enrollment of @store not checked in yet. */
static char *
first_to_check_in (AccStore *store)
{
  g_autoptr(GPtrArray) sessions = acc_store_list_sessions (store, NULL);

  g_assert_nonnull (sessions);
  for (guint i = 0; i < sessions->len; i++)
    {
      AccSessionRow *session = g_ptr_array_index (sessions, i);
      g_autoptr(GPtrArray) rows = acc_store_list_enrollments_of_session (store, session->id,
                                                                         NULL);

      for (guint j = 0; rows != NULL && j < rows->len; j++)
        {
          AccEnrollmentRow *row = g_ptr_array_index (rows, j);

          if (row->status == ACC_ENROLLMENT_STATUS_BOOKED && !row->checked_in)
            return g_strdup (row->enrollment_id);
        }
    }
  g_assert_not_reached ();
}

static gboolean
is_checked_in (AccStore   *store,
               const char *enrollment_id)
{
  g_autoptr(AccEnrollmentRow) row = acc_store_get_enrollment (store, enrollment_id, NULL);

  return row != NULL && row->checked_in;
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
  n_a = count_docs (a.store);
  n_b = count_docs (b.store);

  /* A desk of another school, on the network too, with a port nobody serves. */
  other_school = acc_peer_discovery_new ("val-thorens");
  acc_peer_discovery_announce (other_school, "Other school", 9);

  WAIT_UNTIL (has_port (a.found, port_b) && has_port (b.found, port_a),
              "the desks find each other through Avahi");
  g_assert_true (acc_peer_discovery_get_available (a.discovery));
  g_assert_null (acc_peers_get_discovery_problem (a.peers));

  /* Both desks' days, different, become one on both. */
  WAIT_UNTIL (count_docs (a.store) > n_a && count_docs (a.store) == count_docs (b.store),
              "the desks replicate their days");
  g_assert_cmpint (count_docs (a.store), >, n_b);

  /* A check-in at one desk reaches the other. */
  id = first_to_check_in (a.store);
  {
    const char *one[] = { id, NULL };

    g_assert_true (acc_store_check_in_and_place (a.store, one, &error));
    g_assert_no_error (error);
  }
  WAIT_UNTIL (is_checked_in (b.store, id), "a check-in at desk A reaches desk B");

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
