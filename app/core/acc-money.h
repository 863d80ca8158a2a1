/* acc-money.h: amounts of money as the desk writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *acc_money_format (gint64      cents,
                        const char *currency);

G_END_DECLS
