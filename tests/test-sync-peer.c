/* test-sync-peer.c: replicating with a peer desk over TLS, its certificate pinned
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "acc-desk-identity.h"
#include "acc-peer-pins.h"
#include "acc-test-server.h"
#include "acc-test-util.h"

#define SECRET "piste-noire-2026"

typedef struct
{
  char            *dir;
  GTlsCertificate *peer;  /* The identity of "desk-2", made in its own folder. */
  AccStore        *desk;
} PeerFixture;

static void
peer_set_up (PeerFixture   *fx,
             gconstpointer  data)
{
  g_autofree char *peer_folder = NULL;
  g_autoptr(GError) error = NULL;

  /* This desk's passwords are the test's own, with the pairing secret @data, if any; its
   * pins are in the folder main() gave. */
  fx->dir = acc_test_make_dir ();
  acc_test_pair_desk (fx->dir, data);
  peer_folder = g_build_filename (fx->dir, "desk-2", NULL);
  fx->peer = acc_desk_identity_load_from (peer_folder, "desk-2", &error);
  g_assert_no_error (error);
  fx->desk = desk_with_pending (fx->dir, "desk-1.db");
}

static void
peer_tear_down (PeerFixture   *fx,
                gconstpointer  data)
{
  g_clear_object (&fx->desk);
  g_clear_object (&fx->peer);
  acc_test_remove_dir (fx->dir);
  g_free (fx->dir);
}

static int
port_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return g_uri_get_port (uri);
}

/* The password of the Basic @authorization, or NULL. */
static char *
basic_password (const char *authorization)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (authorization == NULL || !g_str_has_prefix (authorization, "Basic "))
    return NULL;
  decoded = g_base64_decode (authorization + strlen ("Basic "), &length);
  text = g_strndup ((const char *) decoded, length);

  return strchr (text, ':') != NULL ? g_strdup (strchr (text, ':') + 1) : NULL;
}

/* Stops the engine and the server. The server closes its connections synchronously, and
 * the engine's side of a TLS handshake still under way needs the main context to end: both
 * are in this process, so the engine goes first and the main context runs meanwhile. */
static void
stop_both (AccSyncEngine **engine,
           Mock           *m)
{
  g_clear_object (engine);
  acc_test_spin_a_little ();
  mock_free (m);
}

static Mock *
serve_as_peer (GTlsCertificate *certificate,
               guint            port,
               const char      *secret)
{
  Mock *m = mock_new_tls (certificate, port);

  mock_put_fixture (m);
  m->require_password = g_strdup (secret);
  return m;
}

/* The first contact pins the peer's certificate and sends the pairing secret; a peer that
 * later shows another certificate at that address gets nothing, and the run says which desk
 * it was. */
static void
test_pinned (PeerFixture   *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GKeyFile) pins = g_key_file_new ();
  g_autoptr(GTlsCertificate) reinstalled = NULL;
  g_autofree char *pins_path = acc_peer_pins_file ();
  g_autofree char *group = NULL;
  g_autofree char *pinned = NULL;
  g_autofree char *fingerprint = acc_desk_identity_dup_fingerprint (fx->peer);
  g_autofree char *password = NULL;
  g_autofree char *other_folder = NULL;
  g_autofree char *expected = NULL;
  Mock *m;
  int port;

  m = serve_as_peer (fx->peer, 0, SECRET);
  port = port_of (m->url);
  g_assert_true (g_str_has_prefix (m->url, "https://"));

  engine = new_engine (fx->desk, m->url);
  assert_runs (engine, ACC_SYNC_PULL_PUSH);
  /* The desk's check-in reached the other desk, and still waits for the cloud: another desk
   * confirms nothing. */
  g_assert_cmpuint (m->n_bulk_docs, ==, 1);
  g_assert_cmpuint (acc_test_get_status (fx->desk).pending, ==, 1);
  password = basic_password (m->authorization);
  g_assert_cmpstr (password, ==, SECRET);

  /* Pinned, under the address and with the desk's name. */
  g_assert_true (g_key_file_load_from_file (pins, pins_path, G_KEY_FILE_NONE, &error));
  group = g_strdup_printf ("127.0.0.1:%d", port);
  pinned = g_key_file_get_string (pins, group, "fingerprint", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pinned, ==, fingerprint);
  g_clear_pointer (&pinned, g_free);
  pinned = g_key_file_get_string (pins, group, "name", &error);
  g_assert_cmpstr (pinned, ==, "desk-2");
  g_assert_cmpstr (acc_sync_engine_get_peer_name (engine), ==, "desk-2");

  /* A second run of the same engine, and a new engine, are accepted by the pin. */
  assert_runs (engine, ACC_SYNC_PULL_PUSH);
  g_clear_object (&engine);
  engine = new_engine (fx->desk, m->url);
  assert_runs (engine, ACC_SYNC_PULL_PUSH);
  stop_both (&engine, m);

  /* The same address answers with another key: refused before anything is sent. */
  other_folder = g_build_filename (fx->dir, "desk-2-reinstalled", NULL);
  reinstalled = acc_desk_identity_load_from (other_folder, "desk-2", &error);
  g_assert_no_error (error);
  m = serve_as_peer (reinstalled, port, SECRET);
  engine = new_engine (fx->desk, m->url);
  g_assert_false (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  expected = g_strdup_printf ("The desk “desk-2” at 127.0.0.1:%d presented a different "
                              "certificate than when it was paired", port);
  g_assert_nonnull (error);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
  g_assert_cmpstr (acc_sync_engine_get_last_error (engine), ==, error->message);
  g_assert_null (m->authorization);
  g_clear_error (&error);

  /* And again: the pin was not replaced. */
  g_assert_false (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_nonnull (strstr (error->message, "desk-2"));
  stop_both (&engine, m);
}

/* A peer of another school (another secret) refuses this desk, and the run says what to do. */
static void
test_wrong_secret (PeerFixture   *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccSyncEngine) engine = NULL;
  Mock *m;

  m = serve_as_peer (fx->peer, 0, "another-school-secret");
  engine = new_engine (fx->desk, m->url);
  g_assert_false (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_nonnull (strstr (error->message, "The desk “desk-2” refused this desk’s pairing "
                                            "secret (HTTP 401)"));
  g_assert_cmpuint (acc_test_get_status (fx->desk).pending, ==, 1);
  stop_both (&engine, m);
}

/* Without a pairing secret nothing is sent, and the peer refuses. */
static void
test_no_secret (PeerFixture   *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccSyncEngine) engine = NULL;
  Mock *m = serve_as_peer (fx->peer, 0, SECRET);

  engine = new_engine (fx->desk, m->url);
  g_assert_false (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_null (m->authorization);
  g_assert_nonnull (strstr (error->message, "pairing secret"));
  stop_both (&engine, m);
}

int
main (int    argc,
      char **argv)
{
  char *config;

  g_test_init (&argc, &argv, NULL);
  config = acc_test_use_config_dir ();

  g_test_add ("/sync-peer/pinned", PeerFixture, SECRET, peer_set_up, test_pinned,
              peer_tear_down);
  g_test_add ("/sync-peer/wrong-secret", PeerFixture, SECRET, peer_set_up, test_wrong_secret,
              peer_tear_down);
  g_test_add ("/sync-peer/no-secret", PeerFixture, NULL, peer_set_up, test_no_secret,
              peer_tear_down);

  return acc_test_run_in_dir (config);
}
