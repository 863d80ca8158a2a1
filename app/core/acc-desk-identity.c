/* acc-desk-identity.c: the desk's TLS key and self-signed certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * A desk proves who it is to its peers with one key and one self-signed certificate, made
 * with GnuTLS the first time they are needed and kept for good in the desk's configuration
 * folder as PEM: the key (PKCS #8, ECDSA P-256) in desk-key.pem, mode 0600, the
 * certificate (CN the desk's name, valid 20 years) in desk-certificate.pem. Peers pin the
 * SHA-256 of the certificate, so the two files must never change behind their back:
 *
 * - Each file is written whole with its final mode (the key is never readable by others, not
 *   even for an instant), and only if no file of that name exists
 *   (acc_private_file_create()): two processes starting at once keep the identity the first
 *   made, and a power cut leaves no file or the whole file, never half of one.
 * - The key is written before the certificate. A key without its certificate (a cut between
 *   the two) gets a certificate made from it; a certificate without its key, a damaged key
 *   or a certificate that does not belong to the key is an error that says so: regenerating
 *   them silently would make every peer refuse this desk.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "acc-desk-identity.h"
#include "acc-error.h"
#include "acc-private-file.h"

/* Peers pin the certificate for its whole life: make it last longer than the desk. */
#define VALIDITY_DAYS (20 * 365 + 5)
/* Desks whose clocks differ by less than this accept a certificate made at once. */
#define BACKDATE_S (24 * 3600)
/* X.520's bound on a common name. */
#define MAX_NAME_CHARS 64

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)

static void
datum_clear (gnutls_datum_t *datum)
{
  if (datum->data != NULL)
    {
      gnutls_memset (datum->data, 0, datum->size);
      gnutls_free (datum->data);
    }
  datum->data = NULL;
  datum->size = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (gnutls_datum_t, datum_clear)

static gboolean
gnutls_failed (int          rc,
               const char  *what,
               GError     **error)
{
  if (rc >= 0)
    return FALSE;

  g_set_error (error, ACC_ERROR, ACC_ERROR_FAILED, _("Cannot make the desk’s identity: %s (%s)"),
               what, gnutls_strerror (rc));
  return TRUE;
}

/**
 * acc_desk_identity_folder:
 *
 * Returns: (transfer full): the folder of this desk's identity, pins and other settings kept
 *   apart from GSettings: `$XDG_CONFIG_HOME/accueil`.
 */
char *
acc_desk_identity_folder (void)
{
  return g_build_filename (g_get_user_config_dir (), "accueil", NULL);
}

/* Files */

/* Reads @path: %NULL with @error unset when it does not exist. */
static char *
read_file (const char  *path,
           gsize       *length,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;

  if (g_file_get_contents (path, &contents, length, &local_error))
    return contents;

  if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_set_error (error, ACC_ERROR, ACC_ERROR_IO, _("Cannot read the desk’s identity in %s: %s"),
                 path, local_error->message);
  return NULL;
}

/* Writes @pem to @path, unless another process made that file meanwhile: then returns
 * %FALSE with @error unset, and the caller reads the other's. */
static gboolean
write_new (const char  *path,
           const char  *pem,
           int          mode,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (acc_private_file_create (path, pem, strlen (pem), mode, &local_error))
    return TRUE;

  if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_EXIST))
    g_set_error_literal (error, ACC_ERROR, ACC_ERROR_IO, local_error->message);
  return FALSE;
}

/* The key */

static char *
make_key (GError **error)
{
  g_auto(gnutls_x509_privkey_t) key = NULL;
  g_auto(gnutls_datum_t) pem = { NULL, 0 };
  int rc;

  rc = gnutls_x509_privkey_init (&key);
  if (gnutls_failed (rc, "privkey_init", error))
    return NULL;
  rc = gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                     GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0);
  if (gnutls_failed (rc, "privkey_generate", error))
    return NULL;
  rc = gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN,
                                          &pem);
  if (gnutls_failed (rc, "privkey_export", error))
    return NULL;

  return g_strndup ((const char *) pem.data, pem.size);
}

/* Reads the key, making it first when neither it nor a certificate exist. */
static char *
load_key (const char  *key_path,
          const char  *certificate_path,
          GError     **error)
{
  GError *local_error = NULL;
  GStatBuf st;

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *pem = read_file (key_path, NULL, &local_error);

      if (pem != NULL)
        {
          /* A key restored from a backup may have come back readable by others. */
          if (g_stat (key_path, &st) == 0 && (st.st_mode & 077) != 0)
            g_chmod (key_path, 0600);
          return g_steal_pointer (&pem);
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }

      if (g_file_test (certificate_path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, ACC_ERROR, ACC_ERROR_CORRUPT,
                       _("The desk’s key %s is missing, but its certificate %s is there. "
                         "Restore the key from a backup; or, to give this desk a new identity "
                         "that its peers must accept again, delete the certificate."),
                       key_path, certificate_path);
          return NULL;
        }

      pem = make_key (error);
      if (pem == NULL)
        return NULL;
      if (write_new (key_path, pem, 0600, &local_error))
        return g_steal_pointer (&pem);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }

  g_set_error (error, ACC_ERROR, ACC_ERROR_IO, _("Cannot read the desk’s identity in %s"),
               key_path);
  return NULL;
}

/* The certificate */

static char *
make_certificate (gnutls_x509_privkey_t   key,
                  const char             *desk_name,
                  GError                **error)
{
  g_auto(gnutls_x509_crt_t) crt = NULL;
  g_auto(gnutls_datum_t) pem = { NULL, 0 };
  g_autofree char *name = g_utf8_substring (desk_name, 0,
                                            MIN (g_utf8_strlen (desk_name, -1), MAX_NAME_CHARS));
  guint8 serial[16];
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  time_t now = time (NULL);
  int rc;

  rc = gnutls_x509_crt_init (&crt);
  if (gnutls_failed (rc, "crt_init", error))
    return NULL;

  /* A positive 127-bit serial number, as RFC 5280 asks. */
  rc = gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial);
  if (gnutls_failed (rc, "rnd", error))
    return NULL;
  serial[0] = (serial[0] & 0x7f) | 0x40;

  if (gnutls_failed (gnutls_x509_crt_set_version (crt, 3), "set_version", error) ||
      gnutls_failed (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), "set_serial",
                     error) ||
      gnutls_failed (gnutls_x509_crt_set_activation_time (crt, now - BACKDATE_S),
                     "set_activation_time", error) ||
      gnutls_failed (gnutls_x509_crt_set_expiration_time (crt, now + (time_t) VALIDITY_DAYS *
                                                          24 * 3600),
                     "set_expiration_time", error) ||
      gnutls_failed (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, name,
                                                    strlen (name)), "set_dn", error) ||
      gnutls_failed (gnutls_x509_crt_set_key (crt, key), "set_key", error) ||
      gnutls_failed (gnutls_x509_crt_set_basic_constraints (crt, 0, -1), "set_basic_constraints",
                     error) ||
      gnutls_failed (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE),
                     "set_key_usage", error) ||
      gnutls_failed (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0),
                     "set_key_purpose", error) ||
      gnutls_failed (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_CLIENT, 0),
                     "set_key_purpose", error) ||
      gnutls_failed (gnutls_x509_crt_get_key_id (crt, 0, key_id, &key_id_size), "get_key_id",
                     error) ||
      gnutls_failed (gnutls_x509_crt_set_subject_key_id (crt, key_id, key_id_size),
                     "set_subject_key_id", error) ||
      gnutls_failed (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), "sign",
                     error) ||
      gnutls_failed (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &pem), "export", error))
    return NULL;

  return g_strndup ((const char *) pem.data, pem.size);
}

static gboolean
belongs_to_key (gnutls_x509_crt_t      crt,
                gnutls_x509_privkey_t  key)
{
  guint8 crt_id[64], key_id[64];
  size_t crt_size = sizeof crt_id, key_size = sizeof key_id;

  return gnutls_x509_crt_get_key_id (crt, 0, crt_id, &crt_size) >= 0 &&
         gnutls_x509_privkey_get_key_id (key, 0, key_id, &key_size) >= 0 &&
         crt_size == key_size && memcmp (crt_id, key_id, crt_size) == 0;
}

/* Reads the certificate, making it from @key when it does not exist; checks it is @key's. */
static char *
load_certificate (const char             *path,
                  const char             *key_path,
                  gnutls_x509_privkey_t   key,
                  const char             *desk_name,
                  GError                **error)
{
  GError *local_error = NULL;

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *pem = NULL;
      gsize length;
      g_auto(gnutls_x509_crt_t) crt = NULL;
      gnutls_datum_t datum;

      pem = read_file (path, &length, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }

      if (pem == NULL)
        {
          pem = make_certificate (key, desk_name, error);
          if (pem == NULL)
            return NULL;
          if (write_new (path, pem, 0644, &local_error))
            return g_steal_pointer (&pem);
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return NULL;
            }
          continue;
        }

      datum = (gnutls_datum_t) { (unsigned char *) pem, length };
      if (gnutls_x509_crt_init (&crt) < 0 ||
          gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_PEM) < 0)
        {
          g_set_error (error, ACC_ERROR, ACC_ERROR_CORRUPT,
                       _("The desk’s certificate %s is damaged. Restore it from a backup; or, "
                         "to give this desk a new identity that its peers must accept again, "
                         "delete it and its key %s."), path, key_path);
          return NULL;
        }
      if (!belongs_to_key (crt, key))
        {
          g_set_error (error, ACC_ERROR, ACC_ERROR_CORRUPT,
                       _("The desk’s certificate %s does not belong to its key %s. Restore "
                         "the pair from a backup; or, to give this desk a new identity that "
                         "its peers must accept again, delete both."), path, key_path);
          return NULL;
        }
      return g_steal_pointer (&pem);
    }

  g_set_error (error, ACC_ERROR, ACC_ERROR_IO, _("Cannot read the desk’s identity in %s"), path);
  return NULL;
}

/**
 * acc_desk_identity_load_from:
 * @folder: where the identity is kept
 * @desk_name: (nullable): the certificate's CN if it is made now; %NULL for the host name
 *
 * Reads the desk's key and certificate from @folder, making them first if there are none.
 *
 * Returns: (transfer full) (nullable): the certificate with its private key, as a server
 *   (soup_server_set_tls_certificate()) or a client presents it.
 */
GTlsCertificate *
acc_desk_identity_load_from (const char  *folder,
                             const char  *desk_name,
                             GError     **error)
{
  g_autofree char *key_path = g_build_filename (folder, ACC_DESK_IDENTITY_KEY_FILE, NULL);
  g_autofree char *certificate_path = g_build_filename (folder,
                                                        ACC_DESK_IDENTITY_CERTIFICATE_FILE,
                                                        NULL);
  g_autofree char *key_pem = NULL;
  g_autofree char *certificate_pem = NULL;
  g_autofree char *both = NULL;
  g_auto(gnutls_x509_privkey_t) key = NULL;
  g_autoptr(GError) local_error = NULL;
  GTlsCertificate *certificate;
  gnutls_datum_t datum;

  g_return_val_if_fail (folder != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  key_pem = load_key (key_path, certificate_path, error);
  if (key_pem == NULL)
    return NULL;

  datum = (gnutls_datum_t) { (unsigned char *) key_pem, strlen (key_pem) };
  if (gnutls_x509_privkey_init (&key) < 0 ||
      gnutls_x509_privkey_import2 (key, &datum, GNUTLS_X509_FMT_PEM, NULL,
                                   GNUTLS_PKCS_PLAIN) < 0)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_CORRUPT,
                   _("The desk’s key %s is damaged. Restore it from a backup; or, to give this "
                     "desk a new identity that its peers must accept again, delete it and its "
                     "certificate %s."), key_path, certificate_path);
      return NULL;
    }

  certificate_pem = load_certificate (certificate_path, key_path, key,
                                      desk_name != NULL && *desk_name != '\0'
                                      ? desk_name : g_get_host_name (), error);
  if (certificate_pem == NULL)
    return NULL;

  both = g_strconcat (certificate_pem, "\n", key_pem, NULL);
  certificate = g_tls_certificate_new_from_pem (both, -1, &local_error);
  memset (key_pem, 0, strlen (key_pem));
  memset (both, 0, strlen (both));
  if (certificate == NULL)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_CORRUPT,
                   _("The desk’s identity in %s cannot be used: %s"), folder,
                   local_error->message);
      return NULL;
    }

  return certificate;
}

/**
 * acc_desk_identity_load:
 *
 * acc_desk_identity_load_from() on this user's folder (acc_desk_identity_folder()), with the
 * host name as the desk's name.
 *
 * Returns: (transfer full) (nullable): the desk's certificate with its private key.
 */
GTlsCertificate *
acc_desk_identity_load (GError **error)
{
  g_autofree char *folder = acc_desk_identity_folder ();

  return acc_desk_identity_load_from (folder, NULL, error);
}

/**
 * acc_desk_identity_dup_fingerprint:
 *
 * Returns: (transfer full): the SHA-256 of @certificate's DER, in lowercase hexadecimal pairs
 *   joined by colons ("3f:a0:…"): the one form pins, messages and the command line use.
 */
char *
acc_desk_identity_dup_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *hex = NULL;
  GString *out;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  out = g_string_sized_new (3 * strlen (hex) / 2);
  for (gsize i = 0; hex[i] != '\0'; i += 2)
    {
      if (i > 0)
        g_string_append_c (out, ':');
      g_string_append_len (out, hex + i, 2);
    }

  return g_string_free (out, FALSE);
}

/**
 * acc_desk_identity_dup_name:
 *
 * Returns: (transfer full) (nullable): the common name (CN) of @certificate's subject: a
 *   desk's name, or %NULL when it has none.
 */
char *
acc_desk_identity_dup_name (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_auto(gnutls_x509_crt_t) crt = NULL;
  gnutls_datum_t datum;
  size_t size = 0;
  char *name;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  datum = (gnutls_datum_t) { der->data, der->len };
  if (gnutls_x509_crt_init (&crt) < 0 ||
      gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) < 0 ||
      gnutls_x509_crt_get_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, NULL, &size) !=
      GNUTLS_E_SHORT_MEMORY_BUFFER)
    return NULL;

  name = g_malloc0 (size + 1);
  if (gnutls_x509_crt_get_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, name, &size) < 0 ||
      !g_utf8_validate (name, -1, NULL))
    g_clear_pointer (&name, g_free);

  return name;
}
