/* acc-peer-pins.c: the certificates of peer desks, pinned at first contact
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * A peer desk presents a self-signed certificate (acc-desk-identity.c) that no authority
 * vouches for. The first time this desk reaches an address ("host:port", as the sync URL
 * gives it), it trusts the certificate it is shown and pins its SHA-256 fingerprint with the
 * desk's name (the certificate's CN); from then on, that address must show the same
 * certificate, or nothing is sent to it. The pins are a key file in the desk's configuration
 * folder, mode 0600, one group per address:
 *
 *   [192.168.1.12:6984]
 *   name=desk-2
 *   fingerprint=3f:a0:…
 *   pinned=2026-12-26T08:00:00Z
 *
 * A damaged pins file refuses every peer rather than trust them all again.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "acc-desk-identity.h"
#include "acc-error.h"
#include "acc-peer-pins.h"
#include "acc-private-file.h"

/**
 * acc_peer_pins_file:
 *
 * Returns: (transfer full): the file of the pinned certificates of peer desks.
 */
char *
acc_peer_pins_file (void)
{
  g_autofree char *folder = acc_desk_identity_folder ();

  return g_build_filename (folder, "peers.ini", NULL);
}

/* How messages write an address; IPv6 in brackets, as in a URL. */
static char *
format_address (const char *host,
                int         port)
{
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%d", host, port);

  return g_strdup_printf ("%s:%d", host, port);
}

static gboolean
pin (GKeyFile    *file,
     const char  *path,
     const char  *group,
     const char  *name,
     const char  *fingerprint,
     GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *data = NULL;
  gsize length;

  g_key_file_set_string (file, group, "name", name);
  g_key_file_set_string (file, group, "fingerprint", fingerprint);
  g_key_file_set_string (file, group, "pinned", when);
  data = g_key_file_to_data (file, &length, NULL);

  return acc_private_file_replace (path, data, length, error);
}

/**
 * acc_peer_pins_check:
 * @host: the peer's host, as the URL gives it (IPv6 without brackets)
 * @port: its port
 * @certificate: the certificate it presented
 * @desk_name: (out) (optional) (transfer full): the desk's name, as pinned
 *
 * Accepts @certificate for @host:@port when it is the one pinned for that address, or when
 * none is pinned yet: then pins it.
 *
 * Returns: whether the peer may be trusted; when not, @error names the desk and the address.
 */
gboolean
acc_peer_pins_check (const char       *host,
                     int               port,
                     GTlsCertificate  *certificate,
                     char            **desk_name,
                     GError          **error)
{
  g_autofree char *path = acc_peer_pins_file ();
  g_autofree char *group = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *name = NULL;
  g_autofree char *pinned = NULL;
  g_autofree char *pinned_name = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (host != NULL && port > 0, FALSE);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), FALSE);

  if (desk_name != NULL)
    *desk_name = NULL;

  group = g_strdup_printf ("%s:%d", host, port);
  fingerprint = acc_desk_identity_dup_fingerprint (certificate);
  name = acc_desk_identity_dup_name (certificate);
  if (name == NULL)
    name = g_strdup (group);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_CORRUPT,
                   _("The pinned certificates of peer desks in %s cannot be read (%s): no "
                     "peer is trusted until it is repaired or deleted."), path,
                   local_error->message);
      return FALSE;
    }

  pinned = g_key_file_get_string (file, group, "fingerprint", NULL);
  if (pinned == NULL)
    {
      if (!pin (file, path, group, name, fingerprint, error))
        return FALSE;
      g_info ("Pinned the certificate of the desk “%s” at %s: %s", name, group, fingerprint);
      if (desk_name != NULL)
        *desk_name = g_steal_pointer (&name);
      return TRUE;
    }

  /* The name it had when it was paired: a stranger's certificate may claim any. */
  pinned_name = g_key_file_get_string (file, group, "name", NULL);
  if (pinned_name == NULL)
    pinned_name = g_strdup (name);

  if (g_ascii_strcasecmp (pinned, fingerprint) != 0)
    {
      g_autofree char *address = format_address (host, port);

      g_set_error (error, ACC_ERROR, ACC_ERROR_FAILED,
                   _("The desk “%s” at %s presented a different certificate than when it was "
                     "paired; its key changed or another machine is answering in its place. "
                     "Nothing was sent to it. If that desk was reinstalled, remove its entry "
                     "[%s] from %s to pair it again."), pinned_name, address, group, path);
      return FALSE;
    }

  if (desk_name != NULL)
    *desk_name = g_steal_pointer (&pinned_name);
  return TRUE;
}

/**
 * acc_peer_pins_accept:
 * @errors: what @certificate failed by in the usual validation
 *
 * Decides on a certificate the usual validation refused: a peer desk's is accepted through
 * its pin (acc_peer_pins_check()) when it fails by nothing but being self-signed and not
 * naming the address (%ACC_PEER_CERTIFICATE_ERRORS); any other is refused.
 *
 * Returns: whether the server may be trusted as a peer desk.
 */
gboolean
acc_peer_pins_accept (const char            *host,
                      int                    port,
                      GTlsCertificate       *certificate,
                      GTlsCertificateFlags   errors,
                      char                 **desk_name,
                      GError               **error)
{
  g_autofree char *address = NULL;

  g_return_val_if_fail (host != NULL && port > 0, FALSE);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), FALSE);

  if ((errors & ~ACC_PEER_CERTIFICATE_ERRORS) == 0)
    return acc_peer_pins_check (host, port, certificate, desk_name, error);

  if (desk_name != NULL)
    *desk_name = NULL;
  address = format_address (host, port);
  if (errors & (G_TLS_CERTIFICATE_EXPIRED | G_TLS_CERTIFICATE_NOT_ACTIVATED))
    g_set_error (error, ACC_ERROR, ACC_ERROR_FAILED,
                 _("The server at %s presented a certificate that is expired or not valid "
                   "yet. Check the date and time of both machines."), address);
  else
    g_set_error (error, ACC_ERROR, ACC_ERROR_FAILED,
                 _("The server at %s presented a certificate that cannot be trusted (revoked, "
                   "insecure or malformed). Nothing was sent to it."), address);
  return FALSE;
}
