/* acc-peer-pins.h: the certificates of peer desks, pinned at first contact
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a desk's self-signed certificate fails by, and nothing else: it is signed by no
 * authority, and names the desk rather than the address it is reached at. */
#define ACC_PEER_CERTIFICATE_ERRORS (G_TLS_CERTIFICATE_UNKNOWN_CA | G_TLS_CERTIFICATE_BAD_IDENTITY)

char     *acc_peer_pins_file   (void);
gboolean  acc_peer_pins_check  (const char            *host,
                                int                    port,
                                GTlsCertificate       *certificate,
                                char                 **desk_name,
                                GError               **error);
gboolean  acc_peer_pins_accept (const char            *host,
                                int                    port,
                                GTlsCertificate       *certificate,
                                GTlsCertificateFlags   errors,
                                char                 **desk_name,
                                GError               **error);

G_END_DECLS
