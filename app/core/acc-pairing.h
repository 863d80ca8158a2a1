/* acc-pairing.h: the school's pairing secret, which peer desks prove they know
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A shorter secret is refused: it would be guessed from the school's network. */
#define ACC_PAIRING_MIN_CHARS 8

gboolean acc_pairing_store_secret  (const char  *secret,
                                    GError     **error);
gboolean acc_pairing_lookup_secret (char       **secret,
                                    GError     **error);
gboolean acc_pairing_secret_equal  (const char  *secret,
                                    const char  *given);

G_END_DECLS
