/* acc-day-opening.h: a new day made at the desk from a held one, when the cloud is gone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "acc-store.h"

G_BEGIN_DECLS

/* The store's meta key naming the day a day opened here was made from. */
#define ACC_DAY_OPENED_FROM_KEY "opened-from"

/* The `origin` of what a day opening writes: every desk writes the same documents. */
#define ACC_DAY_OPENING_ORIGIN "day-opening"

gboolean acc_day_open_from (AccStore     *target,
                            AccStore     *source,
                            const char   *date,
                            guint        *n_written,
                            GError      **error);

G_END_DECLS
