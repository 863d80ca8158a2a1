/* acc-desk-identity.h: the desk's TLS key and self-signed certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The files of a desk's identity, in its folder. */
#define ACC_DESK_IDENTITY_KEY_FILE         "desk-key.pem"
#define ACC_DESK_IDENTITY_CERTIFICATE_FILE "desk-certificate.pem"

char            *acc_desk_identity_folder          (void);
GTlsCertificate *acc_desk_identity_load            (GError          **error);
GTlsCertificate *acc_desk_identity_load_from       (const char       *folder,
                                                    const char       *desk_name,
                                                    GError          **error);
char            *acc_desk_identity_dup_fingerprint (GTlsCertificate  *certificate);
char            *acc_desk_identity_dup_name        (GTlsCertificate  *certificate);

G_END_DECLS
