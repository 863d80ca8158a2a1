/* test-peers.c: replicating a day with the other desks of the school
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "acc-error.h"
#include "acc-peers.h"
#include "acc-test-server.h"
#include "acc-test-util.h"

static char *dir;

static void
test_url (void)
{
  static const struct
  {
    const char *address;
    const char *url;
  } cases[] = {
    { "desk-2.local", "https://desk-2.local:6984/esf-2026-12-26" },
    { "192.168.1.12:7000", "https://192.168.1.12:7000/esf-2026-12-26" },
    { "[fe80::1]:6985", "https://[fe80::1]:6985/esf-2026-12-26" },
    { "https://desk-3:6984/", "https://desk-3:6984/esf-2026-12-26" },
    { "http://127.0.0.1:5984", "http://127.0.0.1:5984/esf-2026-12-26" },
    { "", NULL },
    { "ftp://desk-2", NULL },
    { "https://desk-2/other-db", NULL },
    { "https://user:secret@desk-2", NULL },
    { "desk-2?x=1", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = acc_peers_dup_url (cases[i].address, "esf-2026-12-26", &error);

      g_assert_cmpstr (url, ==, cases[i].url);
      if (cases[i].url == NULL)
        {
          g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
          /* The message names what was given and how a desk is given. */
          g_assert_nonnull (strstr (error->message, "6984"));
        }
      else
        g_assert_no_error (error);
    }
}

/* A desk is named by its pinned name and its address once its name is known, by its address
 * alone before; what it last did or why it does not answer follows. */
static void
test_describe (void)
{
  AccPeerExchange exchange = {
    .url = (char *) "https://192.168.1.12:6984/esf-2026-12-26",
    .reachable = TRUE,
  };
  g_autofree char *unknown = NULL, *named = NULL, *failing = NULL;

  unknown = acc_peer_exchange_describe (&exchange);
  g_assert_cmpstr (unknown, ==, "192.168.1.12:6984: no exchange yet");

  exchange.name = (char *) "desk-2";
  exchange.last_exchange = g_get_real_time () / G_USEC_PER_SEC;
  named = acc_peer_exchange_describe (&exchange);
  g_assert_true (g_str_has_prefix (named, "desk-2 (192.168.1.12:6984): last exchange "));

  exchange.reachable = FALSE;
  exchange.last_error = (char *) "Connection refused";
  failing = acc_peer_exchange_describe (&exchange);
  g_assert_cmpstr (failing, ==, "desk-2 (192.168.1.12:6984): not reachable. Connection refused");
}

/* The mock's URL without its database: the address of a desk. */
static char *
address_of (Mock *mock)
{
  g_assert_true (g_str_has_suffix (mock->url, "/db"));
  return g_strndup (mock->url, strlen (mock->url) - strlen ("/db"));
}

static guint n_changed;

static void
on_changed (AccPeers *peers)
{
  n_changed++;
}

/* A desk replicates with two others at once, continuously; one goes away, and what is
 * recorded of each says so. */
static void
test_two_desks (SyncFixture   *fx,
                gconstpointer  data)
{
  Mock *other = mock_new ();
  g_autofree char *address_a = address_of (fx->mock), *address_b = address_of (other);
  g_autoptr(AccPeers) peers = acc_peers_new (fx->desk, "db");
  g_autoptr(GPtrArray) exchanges = NULL, recorded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = acc_test_remote_checkin ("00000000-0000-4000-8000-0000000000f2",
                                                       "desk-b", FX_E_NOE);
  AccPeerExchange *exchange;

  mock_store (other, doc);
  g_signal_connect (peers, "changed", G_CALLBACK (on_changed), NULL);
  g_assert_true (acc_peers_add (peers, address_a, &error));
  g_assert_true (acc_peers_add (peers, address_b, &error));
  /* The same desk twice is one. */
  g_assert_true (acc_peers_add (peers, address_a, &error));
  g_assert_no_error (error);
  g_assert_false (acc_peers_add (peers, "ftp://nowhere", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_clear_error (&error);

  SPIN_UNTIL (acc_test_count_exchanged (peers) == 2);
  g_assert_cmpuint (acc_test_get_status (fx->desk).checked_in, ==, 1);
  g_assert_cmpuint (acc_peers_get_n_reachable (peers), ==, 2);
  {
    g_autofree char *summary = acc_peers_dup_summary (peers);
    g_assert_cmpstr (summary, ==, "2 desks nearby");
  }
  g_assert_cmpuint (n_changed, >, 2);
  /* The fact of desk B waits here for the cloud too. */
  g_assert_cmpuint (acc_test_get_status (fx->desk).pending, ==, 1);

  exchanges = acc_peers_list (peers);
  g_assert_cmpuint (exchanges->len, ==, 2);
  for (guint i = 0; i < exchanges->len; i++)
    {
      exchange = g_ptr_array_index (exchanges, i);
      g_assert_true (exchange->reachable);
      g_assert_null (exchange->last_error);
    }

  /* Desk B goes away: the next exchange with it fails, and that is kept. */
  mock_free (other);
  SPIN_UNTIL (acc_peers_get_n_reachable (peers) == 1);
  g_clear_pointer (&exchanges, g_ptr_array_unref);
  exchanges = acc_peers_list (peers);
  for (guint i = 0; i < exchanges->len; i++)
    {
      g_autofree char *line = NULL, *desk = NULL;

      exchange = g_ptr_array_index (exchanges, i);
      line = acc_peer_exchange_describe (exchange);
      /* The desk by its host and port, which tell two desks of one computer apart. */
      desk = g_strndup (exchange->url + strlen ("http://"),
                        strlen (exchange->url) - strlen ("http://") - strlen ("/db"));
      g_assert_true (g_str_has_prefix (line, desk));
      g_assert_true (g_str_has_prefix (line + strlen (desk), ": "));
      if (g_str_has_prefix (exchange->url, address_b))
        g_assert_nonnull (strstr (line, "not reachable"));
      else
        g_assert_nonnull (strstr (line, "last exchange"));
    }

  recorded = acc_peers_list_recorded (fx->desk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recorded->len, ==, 2);
  for (guint i = 0; i < recorded->len; i++)
    {
      exchange = g_ptr_array_index (recorded, i);
      g_assert_cmpint (exchange->last_exchange, >, 0);
      if (g_str_has_prefix (exchange->url, address_b))
        g_assert_nonnull (exchange->last_error);
      else
        g_assert_null (exchange->last_error);
    }

  /* accueil-cli status tells the school's IT person the same. */
  {
    g_auto(AccTestCli) cli = { 0 };
    g_autofree char *path = g_build_filename (fx->dir, "desk.db", NULL);
    g_autoptr(JsonObject) status = NULL;
    JsonArray *listed;

    acc_test_run_cli (&cli, "status", "--db", path, "--json", NULL);
    g_assert_cmpint (cli.status, ==, 0);
    status = acc_test_parse (cli.out);
    listed = json_object_get_array_member (status, "peers");
    g_assert_cmpuint (json_array_get_length (listed), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *peer = json_array_get_object_element (listed, i);
        const char *url = json_object_get_string_member (peer, "url");

        g_assert_true (g_str_has_suffix (url, "/db"));
        g_assert_cmpint (json_object_get_int_member (peer, "last_exchange"), >, 0);
        g_assert_true (json_object_get_null_member (peer, "last_error") ==
                       !g_str_has_prefix (url, address_b));
      }
  }

  acc_peers_remove (peers, address_a);
  g_clear_pointer (&exchanges, g_ptr_array_unref);
  exchanges = acc_peers_list (peers);
  g_assert_cmpuint (exchanges->len, ==, 1);
  acc_peers_remove (peers, address_b);
  {
    g_autofree char *summary = acc_peers_dup_summary (peers);
    g_assert_null (summary);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  dir = acc_test_make_dir ();

  g_test_add_func ("/peers/url", test_url);
  g_test_add_func ("/peers/describe", test_describe);
  sync_test_add ("/peers/two-desks", SYNC_FX_DEFAULT, test_two_desks);

  return acc_test_run_in_dir (dir);
}
