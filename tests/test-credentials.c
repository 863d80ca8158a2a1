/* test-credentials.c: the password stays private
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "acc-credentials.h"
#include "acc-test-util.h"

static void
test_file_store (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "config", "accueil", "credentials.ini", NULL);
  g_autofree char *user = NULL, *password = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_setenv ("ACCUEIL_CREDENTIALS_FILE", path, TRUE);

  g_assert_false (acc_credentials_lookup ("https://cloud.example.org", &user, &password, &error));
  g_assert_no_error (error);
  g_assert_null (user);

  g_assert_true (acc_credentials_store ("https://cloud.example.org", "desk1", "s3cret", &error));
  g_assert_no_error (error);
  g_assert_true (acc_credentials_store ("http://127.0.0.1:5984", "desk2", "other", &error));

  /* Readable by this user only. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (acc_credentials_lookup ("https://cloud.example.org", &user, &password, &error));
  g_assert_cmpstr (user, ==, "desk1");
  g_assert_cmpstr (password, ==, "s3cret");
  g_clear_pointer (&user, g_free);
  g_clear_pointer (&password, g_free);

  /* A new password replaces the old one and keeps the other server's. */
  g_assert_true (acc_credentials_store ("https://cloud.example.org", "desk1", "n3w", &error));
  g_assert_true (acc_credentials_lookup ("https://cloud.example.org", &user, &password, &error));
  g_assert_cmpstr (password, ==, "n3w");
  g_clear_pointer (&user, g_free);
  g_clear_pointer (&password, g_free);
  g_assert_true (acc_credentials_lookup ("http://127.0.0.1:5984", &user, &password, &error));
  g_assert_cmpstr (user, ==, "desk2");

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A damaged file says so. */
  g_assert_true (g_file_set_contents (path, "[broken\n", -1, NULL));
  g_clear_pointer (&user, g_free);
  g_clear_pointer (&password, g_free);
  g_assert_false (acc_credentials_lookup ("https://cloud.example.org", &user, &password, &error));
  g_assert_nonnull (error);

  acc_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credentials/file-store", test_file_store);

  return g_test_run ();
}
