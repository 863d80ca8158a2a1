/* acc-private-file.h: files only this user can read, written whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean acc_private_file_replace (const char  *path,
                                   const char  *data,
                                   gsize        length,
                                   GError     **error);
gboolean acc_private_file_create  (const char  *path,
                                   const char  *data,
                                   gsize        length,
                                   int          mode,
                                   GError     **error);

G_END_DECLS
