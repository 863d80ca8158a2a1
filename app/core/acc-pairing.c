/* acc-pairing.c: the school's pairing secret, which peer desks prove they know
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * Every desk of a school is given the same secret once (accueil-cli pair). A desk serving
 * its days asks its peers for it as the password of HTTP Basic inside TLS, and a desk
 * replicating with a peer sends it so. It is kept as the cloud's password is
 * (acc-credentials.c: the secret service, or else a file only this user can read), never in
 * GSettings, never in a message.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "acc-credentials.h"
#include "acc-error.h"
#include "acc-pairing.h"

/* Where acc-credentials.c keeps it: no server's URL looks like this. */
#define PAIRING_ENTRY "accueil:pairing"
#define PAIRING_USER "school"

/**
 * acc_pairing_store_secret:
 * @secret: the school's pairing secret, at least %ACC_PAIRING_MIN_CHARS characters of UTF-8
 *
 * Keeps @secret in place of any earlier one.
 */
gboolean
acc_pairing_store_secret (const char  *secret,
                          GError     **error)
{
  g_return_val_if_fail (secret != NULL, FALSE);

  if (*secret == '\0')
    {
      g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID,
                           _("The pairing secret is empty: give the school’s secret, the same "
                             "on every desk"));
      return FALSE;
    }
  if (!g_utf8_validate (secret, -1, NULL))
    {
      g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID,
                           _("The pairing secret is not valid UTF-8 text"));
      return FALSE;
    }
  if (g_utf8_strlen (secret, -1) < ACC_PAIRING_MIN_CHARS)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("The pairing secret is too short: it needs at least %d characters, the "
                     "same on every desk"), ACC_PAIRING_MIN_CHARS);
      return FALSE;
    }

  return acc_credentials_store_labelled (PAIRING_ENTRY, PAIRING_USER, secret,
                                         _("Accueil: the school’s pairing secret"), error);
}

/**
 * acc_pairing_lookup_secret:
 * @secret: (out) (transfer full): the school's pairing secret, or %NULL
 *
 * Returns: %TRUE when a secret is kept; %FALSE with @error unset when none is.
 */
gboolean
acc_pairing_lookup_secret (char   **secret,
                           GError **error)
{
  g_autofree char *user = NULL;

  g_return_val_if_fail (secret != NULL, FALSE);

  return acc_credentials_lookup (PAIRING_ENTRY, &user, secret, error);
}

/**
 * acc_pairing_secret_equal:
 * @secret: (nullable): the secret kept; %NULL matches nothing
 * @given: (nullable): what a peer gave
 *
 * Compares in a time that does not depend on where the two differ, nor on the kept secret's
 * length, so that a peer cannot find the secret by timing its answers.
 *
 * Returns: whether @given is @secret.
 */
gboolean
acc_pairing_secret_equal (const char *secret,
                          const char *given)
{
  g_autoptr(GChecksum) a = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GChecksum) b = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest_a[32], digest_b[32];
  gsize length_a = sizeof digest_a, length_b = sizeof digest_b;
  guint8 difference = 0;

  if (secret == NULL || given == NULL)
    return FALSE;

  /* Digests of equal length, compared whole. */
  g_checksum_update (a, (const guchar *) secret, strlen (secret));
  g_checksum_update (b, (const guchar *) given, strlen (given));
  g_checksum_get_digest (a, digest_a, &length_a);
  g_checksum_get_digest (b, digest_b, &length_b);
  for (gsize i = 0; i < sizeof digest_a; i++)
    difference |= digest_a[i] ^ digest_b[i];

  return difference == 0;
}
