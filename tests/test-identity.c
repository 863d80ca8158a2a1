/* test-identity.c: the desk's key and certificate, the pairing secret, the peers' pins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "acc-desk-identity.h"
#include "acc-error.h"
#include "acc-pairing.h"
#include "acc-peer-pins.h"
#include "acc-test-util.h"

/* The tests run with XDG_CONFIG_HOME in a temporary folder (main()), which the command line
 * inherits: nothing touches the user's. Each test that keeps a secret has its own passwords
 * file there. */
static void
use_private_credentials (const char *name)
{
  g_autofree char *file = g_strconcat (name, "-credentials.ini", NULL);
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), file, NULL);

  g_setenv ("ACCUEIL_CREDENTIALS_FILE", path, TRUE);
}

static char *
folder_of (const char *name)
{
  return g_build_filename (g_get_user_config_dir (), name, NULL);
}

static char *
file_in (const char *folder,
         const char *name)
{
  return g_build_filename (folder, name, NULL);
}

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static GTlsCertificate *
load_desk (const char *folder,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = acc_desk_identity_load_from (folder, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (certificate);
  return certificate;
}

static void
test_made_once (void)
{
  g_autofree char *folder = acc_desk_identity_folder ();
  g_autofree char *key = file_in (folder, ACC_DESK_IDENTITY_KEY_FILE);
  g_autofree char *cert = file_in (folder, ACC_DESK_IDENTITY_CERTIFICATE_FILE);
  g_autoptr(GTlsCertificate) first = NULL;
  g_autoptr(GTlsCertificate) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *fingerprint_again = NULL;
  g_autofree char *name = NULL;
  g_autofree char *private_key = NULL;

  g_assert_true (g_str_has_prefix (folder, g_get_user_config_dir ()));
  g_assert_false (g_file_test (key, G_FILE_TEST_EXISTS));

  first = acc_desk_identity_load (&error);
  g_assert_no_error (error);
  g_assert_nonnull (first);

  /* It carries its private key, as a server needs. */
  g_object_get (first, "private-key-pem", &private_key, NULL);
  g_assert_nonnull (private_key);
  g_assert_nonnull (strstr (private_key, "PRIVATE KEY"));

  /* Named after the host by default; the fingerprint in its one form. */
  name = acc_desk_identity_dup_name (first);
  g_assert_cmpstr (name, ==, g_get_host_name ());
  fingerprint = acc_desk_identity_dup_fingerprint (first);
  g_assert_cmpuint (strlen (fingerprint), ==, 32 * 3 - 1);
  for (guint i = 0; fingerprint[i] != '\0'; i++)
    {
      if (i % 3 == 2)
        g_assert_cmpint (fingerprint[i], ==, ':');
      else
        g_assert_true (g_ascii_isxdigit (fingerprint[i]) && !g_ascii_isupper (fingerprint[i]));
    }

  /* The key is the user's alone; the folder too. */
  g_assert_cmpuint (mode_of (key), ==, 0600);
  g_assert_cmpuint (mode_of (folder), ==, 0700);
  g_assert_true (g_file_test (cert, G_FILE_TEST_EXISTS));

  /* Loaded again, it is the same certificate, whatever the name asked for. */
  again = acc_desk_identity_load_from (folder, "another-name", &error);
  g_assert_no_error (error);
  fingerprint_again = acc_desk_identity_dup_fingerprint (again);
  g_assert_cmpstr (fingerprint_again, ==, fingerprint);
  g_assert_true (g_tls_certificate_is_same (first, again));
}

static void
test_named (void)
{
  g_autofree char *folder = folder_of ("desk-2");
  g_autoptr(GTlsCertificate) certificate = load_desk (folder, "desk-2");
  g_autofree char *name = acc_desk_identity_dup_name (certificate);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expiry = g_tls_certificate_get_not_valid_after (certificate);
  g_autoptr(GDateTime) start = g_tls_certificate_get_not_valid_before (certificate);

  g_assert_cmpstr (name, ==, "desk-2");

  /* Valid for about twenty years, from a little before now. */
  g_assert_cmpint (g_date_time_difference (expiry, now) / G_TIME_SPAN_DAY, >=, 20 * 365);
  g_assert_cmpint (g_date_time_compare (start, now), <, 0);
}

/* A damaged key is an error, never a new identity: peers pinned the old one. */
static void
test_corrupt_key (void)
{
  g_autofree char *folder = folder_of ("desk-corrupt");
  g_autofree char *key = file_in (folder, ACC_DESK_IDENTITY_KEY_FILE);
  g_autofree char *cert = file_in (folder, ACC_DESK_IDENTITY_CERTIFICATE_FILE);
  g_autoptr(GTlsCertificate) first = load_desk (folder, "desk");
  g_autoptr(GTlsCertificate) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cert_before = acc_test_read_file (cert, NULL);
  g_autofree char *key_after = NULL;
  g_autofree char *cert_after = NULL;
  static const char damaged[] = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n"
                                "-----END PRIVATE KEY-----\n";

  g_assert_true (g_file_set_contents (key, damaged, -1, NULL));

  none = acc_desk_identity_load_from (folder, "desk", &error);
  g_assert_null (none);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, key));

  /* Both files are left as they were. */
  key_after = acc_test_read_file (key, NULL);
  cert_after = acc_test_read_file (cert, NULL);
  g_assert_cmpstr (key_after, ==, damaged);
  g_assert_cmpstr (cert_after, ==, cert_before);

  /* An empty key is damaged too. */
  g_assert_true (g_file_set_contents (key, "", 0, NULL));
  g_clear_error (&error);
  none = acc_desk_identity_load_from (folder, "desk", &error);
  g_assert_null (none);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_CORRUPT);
}

static void
test_missing_files (void)
{
  g_autofree char *folder = folder_of ("desk");
  g_autofree char *other = folder_of ("other");
  g_autofree char *key = file_in (folder, ACC_DESK_IDENTITY_KEY_FILE);
  g_autofree char *cert = file_in (folder, ACC_DESK_IDENTITY_CERTIFICATE_FILE);
  g_autofree char *other_cert = file_in (other, ACC_DESK_IDENTITY_CERTIFICATE_FILE);
  g_autoptr(GTlsCertificate) first = load_desk (folder, "desk");
  g_autoptr(GTlsCertificate) stranger = load_desk (other, "other");
  g_autoptr(GTlsCertificate) remade = NULL;
  g_autoptr(GTlsCertificate) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key_before = acc_test_read_file (key, NULL);
  g_autofree char *key_after = NULL;
  g_autofree char *name = NULL;
  g_autofree char *stranger_pem = acc_test_read_file (other_cert, NULL);

  /* A key whose certificate was lost (a cut between the two writes) gets one made from it. */
  g_assert_cmpint (g_unlink (cert), ==, 0);
  remade = load_desk (folder, "desk");
  name = acc_desk_identity_dup_name (remade);
  g_assert_cmpstr (name, ==, "desk");
  key_after = acc_test_read_file (key, NULL);
  g_assert_cmpstr (key_after, ==, key_before);

  /* Another desk's certificate does not belong to this key. */
  g_assert_true (g_file_set_contents (cert, stranger_pem, -1, NULL));
  none = acc_desk_identity_load_from (folder, "desk", &error);
  g_assert_null (none);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_CORRUPT);
  g_clear_error (&error);

  /* A certificate whose key was lost is an error, not a new key. */
  g_assert_cmpint (g_unlink (key), ==, 0);
  none = acc_desk_identity_load_from (folder, "desk", &error);
  g_assert_null (none);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_CORRUPT);
  g_assert_false (g_file_test (key, G_FILE_TEST_EXISTS));
}

/* The pairing secret */

static void
test_pairing_secret (void)
{
  g_autofree char *secret = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;

  use_private_credentials ("secret");
  path = g_getenv ("ACCUEIL_CREDENTIALS_FILE");

  g_assert_false (acc_pairing_lookup_secret (&secret, &error));
  g_assert_no_error (error);
  g_assert_null (secret);

  g_assert_false (acc_pairing_store_secret ("", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (acc_pairing_store_secret ("1234567", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "8"));
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Eight characters, not bytes. */
  g_assert_true (acc_pairing_store_secret ("Échéance", &error));
  g_assert_no_error (error);
  g_assert_true (acc_pairing_store_secret ("piste-noire-2026", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (path), ==, 0600);

  g_assert_true (acc_pairing_lookup_secret (&secret, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "piste-noire-2026");

  g_assert_true (acc_pairing_secret_equal (secret, "piste-noire-2026"));
  g_assert_false (acc_pairing_secret_equal (secret, "piste-noire-2027"));
  g_assert_false (acc_pairing_secret_equal (secret, "piste-noire-202"));
  g_assert_false (acc_pairing_secret_equal (secret, ""));
  g_assert_false (acc_pairing_secret_equal (secret, NULL));
  g_assert_false (acc_pairing_secret_equal (NULL, NULL));
}

/* Runs accueil-cli @command with @input on its standard input. */
static void
run_cli_with_input (AccTestCli *cli,
                    const char *input,
                    const char *command)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              g_getenv ("ACCUEIL_CLI"), command, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &cli->out, &cli->err, &error);
  g_assert_no_error (error);
  cli->status = g_subprocess_get_exit_status (process);
}

static void
test_pair_cli (void)
{
  g_autofree char *secret = NULL;
  g_autoptr(GError) error = NULL;

  use_private_credentials ("cli");

  {
    g_auto(AccTestCli) cli = { 0 };

    run_cli_with_input (&cli, "short\n", "pair");
    g_assert_cmpint (cli.status, ==, 1);
    g_assert_nonnull (strstr (cli.err, "too short"));
    g_assert_cmpstr (cli.out, ==, "");
  }
  {
    g_auto(AccTestCli) cli = { 0 };

    run_cli_with_input (&cli, "\n", "pair");
    g_assert_cmpint (cli.status, ==, 1);
    g_assert_nonnull (strstr (cli.err, "empty"));
  }
  {
    g_auto(AccTestCli) cli = { 0 };

    run_cli_with_input (&cli, "", "pair");
    g_assert_cmpint (cli.status, ==, 1);
  }
  g_assert_false (acc_pairing_lookup_secret (&secret, &error));
  g_assert_no_error (error);

  {
    g_auto(AccTestCli) cli = { 0 };

    run_cli_with_input (&cli, "neige fraiche du matin\r\n", "pair");
    g_assert_cmpint (cli.status, ==, 0);
    g_assert_cmpstr (cli.err, ==, "");
    /* One line, without the secret. */
    g_assert_nonnull (strstr (cli.out, "pairing secret is kept"));
    g_assert_null (strstr (cli.out, "fraiche"));
    g_assert_cmpuint (strlen (cli.out), ==, strchr (cli.out, '\n') - cli.out + 1);
  }
  g_assert_true (acc_pairing_lookup_secret (&secret, &error));
  g_assert_cmpstr (secret, ==, "neige fraiche du matin");
}

static void
test_identity_cli (void)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *expected = NULL;
  g_auto(AccTestCli) cli = { 0 };

  /* The command reads (or makes) the identity; the library then reads the same one. */
  acc_test_run_cli (&cli, "identity", NULL);
  g_assert_cmpstr (cli.err, ==, "");
  g_assert_cmpint (cli.status, ==, 0);
  certificate = acc_desk_identity_load (&error);
  g_assert_no_error (error);
  fingerprint = acc_desk_identity_dup_fingerprint (certificate);
  expected = g_strdup_printf ("%s\n%s\n", g_get_host_name (), fingerprint);
  g_assert_cmpstr (cli.out, ==, expected);
}

/* Pins */

static void
test_pins (void)
{
  g_autofree char *folder_a = folder_of ("peer-a");
  g_autofree char *folder_b = folder_of ("peer-b");
  g_autoptr(GTlsCertificate) desk = load_desk (folder_a, "desk-2");
  g_autoptr(GTlsCertificate) impostor = load_desk (folder_b, "desk-9");
  g_autofree char *pins = acc_peer_pins_file ();
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (pins, g_get_user_config_dir ()));

  /* First contact: pinned and accepted. */
  g_assert_true (acc_peer_pins_check ("192.168.1.12", 6984, desk, &name, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "desk-2");
  g_clear_pointer (&name, g_free);
  g_assert_cmpuint (mode_of (pins), ==, 0600);

  /* The same certificate again: accepted. */
  g_assert_true (acc_peer_pins_check ("192.168.1.12", 6984, desk, &name, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "desk-2");
  g_clear_pointer (&name, g_free);

  /* Another at that address: refused, naming the desk as it was paired. */
  g_assert_false (acc_peer_pins_check ("192.168.1.12", 6984, impostor, &name, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_FAILED);
  g_assert_null (name);
  g_assert_nonnull (strstr (error->message, "“desk-2” at 192.168.1.12:6984"));
  g_assert_nonnull (strstr (error->message, "different certificate"));
  g_clear_error (&error);

  /* And again, the first pin holds. */
  g_assert_false (acc_peer_pins_check ("192.168.1.12", 6984, impostor, NULL, &error));
  g_clear_error (&error);

  /* Each address has its own pin; IPv6 is written as in a URL. */
  g_assert_true (acc_peer_pins_check ("192.168.1.12", 6985, impostor, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (acc_peer_pins_check ("fe80::1", 6984, desk, NULL, &error));
  g_assert_false (acc_peer_pins_check ("fe80::1", 6984, impostor, NULL, &error));
  g_assert_nonnull (strstr (error->message, "[fe80::1]:6984"));
  g_clear_error (&error);

  /* Through the validation's verdict: self-signed and misnamed goes to the pin; anything
   * else is refused before it. */
  g_assert_true (acc_peer_pins_accept ("192.168.1.12", 6984, desk, ACC_PEER_CERTIFICATE_ERRORS,
                                       NULL, &error));
  g_assert_no_error (error);
  g_assert_false (acc_peer_pins_accept ("192.168.1.12", 6984, impostor,
                                        G_TLS_CERTIFICATE_UNKNOWN_CA, NULL, &error));
  g_assert_nonnull (strstr (error->message, "desk-2"));
  g_clear_error (&error);
  g_assert_false (acc_peer_pins_accept ("192.168.1.30", 6984, desk,
                                        G_TLS_CERTIFICATE_UNKNOWN_CA | G_TLS_CERTIFICATE_EXPIRED,
                                        NULL, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (acc_peer_pins_accept ("192.168.1.31", 6984, desk,
                                        G_TLS_CERTIFICATE_REVOKED, NULL, &error));
  g_clear_error (&error);
  /* Neither was pinned. */
  g_assert_true (acc_peer_pins_check ("192.168.1.30", 6984, impostor, NULL, &error));
  g_assert_true (acc_peer_pins_check ("192.168.1.31", 6984, impostor, NULL, &error));

  /* A damaged pins file trusts nobody. */
  g_assert_true (g_file_set_contents (pins, "[broken\n", -1, NULL));
  g_assert_false (acc_peer_pins_check ("192.168.1.12", 6984, desk, NULL, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_CORRUPT);
}

int
main (int    argc,
      char **argv)
{
  char *config;

  g_test_init (&argc, &argv, NULL);
  config = acc_test_use_config_dir ();

  g_test_add_func ("/identity/made-once", test_made_once);
  g_test_add_func ("/identity/named", test_named);
  g_test_add_func ("/identity/corrupt-key", test_corrupt_key);
  g_test_add_func ("/identity/missing-files", test_missing_files);
  g_test_add_func ("/identity/cli", test_identity_cli);
  g_test_add_func ("/pairing/secret", test_pairing_secret);
  g_test_add_func ("/pairing/cli", test_pair_cli);
  g_test_add_func ("/pins/check", test_pins);

  return acc_test_run_in_dir (config);
}
