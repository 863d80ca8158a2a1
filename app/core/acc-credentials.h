/* acc-credentials.h: the desk's passwords (the cloud's, the school's pairing secret), kept
 * out of settings and logs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean acc_credentials_store          (const char  *server,
                                         const char  *user,
                                         const char  *password,
                                         GError     **error);
gboolean acc_credentials_store_labelled (const char  *server,
                                         const char  *user,
                                         const char  *password,
                                         const char  *label,
                                         GError     **error);
gboolean acc_credentials_lookup         (const char  *server,
                                         char       **user,
                                         char       **password,
                                         GError     **error);
char    *acc_credentials_file           (void);

G_END_DECLS
