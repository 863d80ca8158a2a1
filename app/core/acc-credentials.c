/* acc-credentials.c: the desk's passwords (the cloud's, the school's pairing secret), kept
 * out of settings and logs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * The password goes to the session's secret service (GNOME Keyring, KWallet) through
 * libsecret when one runs. A kiosk often has none: then it goes to a key file in the user's
 * configuration folder that only the user can read (mode 0600), one group per server. It is
 * never written to GSettings, and no message of this file prints it. ACCUEIL_CREDENTIALS_FILE
 * may name another file (tests use it so as not to touch the user's). The school's pairing
 * secret (acc-pairing.c) is kept the same way, under a name that no server's URL can have.
 */
#define G_LOG_DOMAIN "accueil-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <libsecret/secret.h>

#include "acc-credentials.h"
#include "acc-error.h"
#include "acc-private-file.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.accueil.Accueil.Cloud", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/**
 * acc_credentials_file:
 *
 * Returns: (transfer full): the file that keeps passwords where no secret service runs.
 */
char *
acc_credentials_file (void)
{
  const char *path = g_getenv ("ACCUEIL_CREDENTIALS_FILE");

  if (path != NULL && *path != '\0')
    return g_strdup (path);

  return g_build_filename (g_get_user_config_dir (), "accueil", "credentials.ini", NULL);
}

/* Whether libsecret could not reach a secret service (as opposed to a real failure). */
static gboolean
no_service (const GError *error)
{
  return error != NULL && (error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR ||
                           error->domain == SECRET_ERROR);
}

static gboolean
store_in_file (const char  *server,
               const char  *user,
               const char  *password,
               GError     **error)
{
  g_autofree char *path = acc_credentials_file ();
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize length;
  gboolean stored;

  /* Keep the other servers' entries; a missing file is a new one. */
  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL);
  g_key_file_set_string (file, server, "user", user);
  g_key_file_set_string (file, server, "password", password);
  data = g_key_file_to_data (file, &length, NULL);
  stored = acc_private_file_replace (path, data, length, error);
  memset (data, 0, length);

  return stored;
}

/**
 * acc_credentials_store_labelled:
 * @server: what the password is for: a server, "https://cloud.example.org:6984", or another
 *   name no URL has (acc-pairing.c keeps the school's pairing secret so)
 * @user: the desk's user on it
 * @password: its password
 * @label: how the secret service's tools list it
 *
 * Keeps the password in the secret service, or else in a file only this user can read.
 */
gboolean
acc_credentials_store_labelled (const char  *server,
                                const char  *user,
                                const char  *password,
                                const char  *label,
                                GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (server != NULL && user != NULL && password != NULL, FALSE);
  g_return_val_if_fail (label != NULL, FALSE);

  if (g_getenv ("ACCUEIL_CREDENTIALS_FILE") == NULL)
    {
      if (secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                                      NULL, &local_error, "server", server, "user", user,
                                      NULL))
        return TRUE;
      if (!no_service (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_info ("No secret service (%s): the password goes to a private file",
              local_error->message);
    }

  return store_in_file (server, user, password, error);
}

/**
 * acc_credentials_store:
 * @server: the server, "https://cloud.example.org:6984"
 * @user: the desk's user on it
 * @password: its password
 *
 * Keeps the password in the secret service, or else in a file only this user can read.
 */
gboolean
acc_credentials_store (const char  *server,
                       const char  *user,
                       const char  *password,
                       GError     **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (server != NULL && user != NULL && password != NULL, FALSE);

  label = g_strdup_printf (_("Accueil: %s on %s"), user, server);
  return acc_credentials_store_labelled (server, user, password, label, error);
}

/**
 * acc_credentials_lookup:
 * @user: (out) (transfer full): the desk's user
 * @password: (out) (transfer full): its password
 *
 * Returns: %TRUE when a password is kept for @server; %FALSE with @error unset when none is.
 */
gboolean
acc_credentials_lookup (const char  *server,
                        char       **user,
                        char       **password,
                        GError     **error)
{
  g_autofree char *path = acc_credentials_file ();
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (server != NULL && user != NULL && password != NULL, FALSE);

  *user = NULL;
  *password = NULL;

  if (g_getenv ("ACCUEIL_CREDENTIALS_FILE") == NULL)
    {
      g_autoptr(GList) items = secret_password_search_sync (get_schema (), SECRET_SEARCH_UNLOCK |
                                                            SECRET_SEARCH_LOAD_SECRETS, NULL,
                                                            &local_error, "server", server, NULL);

      if (items != NULL)
        {
          SecretRetrievable *item = items->data;
          g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (item);
          g_autoptr(SecretValue) value = secret_retrievable_retrieve_secret_sync (item, NULL,
                                                                                   &local_error);

          g_list_free_full (g_steal_pointer (&items), g_object_unref);
          if (value != NULL)
            {
              *user = g_strdup (g_hash_table_lookup (attributes, "user"));
              *password = g_strdup (secret_value_get_text (value));
              return *password != NULL;
            }
        }
      if (local_error != NULL && !no_service (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);
    }

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return FALSE;
      g_set_error (error, ACC_ERROR, ACC_ERROR_IO, _("Cannot read the passwords in %s: %s"),
                   path, local_error->message);
      return FALSE;
    }

  if (!g_key_file_has_group (file, server))
    return FALSE;

  *user = g_key_file_get_string (file, server, "user", NULL);
  *password = g_key_file_get_string (file, server, "password", NULL);
  if (*user == NULL || *password == NULL)
    {
      g_clear_pointer (user, g_free);
      g_clear_pointer (password, g_free);
      return FALSE;
    }

  return TRUE;
}
