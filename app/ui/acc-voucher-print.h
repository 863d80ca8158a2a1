/* acc-voucher-print.h: printing a booking's voucher from the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "acc-store.h"

G_BEGIN_DECLS

void acc_voucher_print (GtkWindow  *parent,
                        AccStore   *store,
                        const char *booking_id);

G_END_DECLS
