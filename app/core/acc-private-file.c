/* acc-private-file.c: files only this user can read, written whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * The passwords, the desk's key and the pinned certificates of its peers are files in the
 * user's configuration folder. Each is written to a temporary file beside it, created with
 * its final mode (never readable by others, not even for an instant), synced, then moved into
 * place: a power cut leaves the old file or the whole new one.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "acc-error.h"
#include "acc-private-file.h"

static gboolean
make_folder (const char  *path,
             GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, ACC_ERROR, ACC_ERROR_IO, _("Cannot create the folder %s: %s"), folder,
                   g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

/**
 * acc_private_file_replace:
 *
 * Writes @path with mode 0600, in place of what it held, creating its folder (mode 0700)
 * when needed.
 */
gboolean
acc_private_file_replace (const char  *path,
                          const char  *data,
                          gsize        length,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL && data != NULL, FALSE);

  if (!make_folder (path, error))
    return FALSE;

  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_IO, _("Cannot write %s: %s"), path,
                   local_error->message);
      return FALSE;
    }

  /* An existing file keeps its mode through the rename: make sure of it. */
  if (g_chmod (path, 0600) != 0)
    {
      int saved = errno;

      g_set_error (error, ACC_ERROR, ACC_ERROR_IO,
                   _("Cannot make %s private to this user: %s"), path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
    }

  return fsync (fd) == 0;
}

/**
 * acc_private_file_create:
 * @mode: the file's mode, 0600 for a secret
 *
 * Writes @path unless it exists, creating its folder (mode 0700) when needed. Unlike a
 * rename, the link that puts the file in place never replaces one that another process made
 * meanwhile: then this fails with %G_FILE_ERROR_EXIST and leaves that file as it is.
 */
gboolean
acc_private_file_create (const char  *path,
                         const char  *data,
                         gsize        length,
                         int          mode,
                         GError     **error)
{
  g_autofree char *temp = g_strconcat (path, ".XXXXXX", NULL);
  int fd, saved = 0;

  g_return_val_if_fail (path != NULL && data != NULL, FALSE);

  if (!make_folder (path, error))
    return FALSE;

  fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, mode);
  if (fd < 0)
    saved = errno;
  else
    {
      if (!write_all (fd, data, length))
        saved = errno != 0 ? errno : EIO;
      close (fd);
      if (saved == 0 && link (temp, path) != 0)
        saved = errno;
      g_unlink (temp);
    }

  if (saved != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Cannot write %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}
