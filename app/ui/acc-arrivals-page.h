/* acc-arrivals-page.h: the desk's search and the booking card, where families check in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-booking-card.h"
#include "acc-store.h"
#include "acc-sync-engine.h"

G_BEGIN_DECLS

#define ACC_TYPE_ARRIVALS_PAGE (acc_arrivals_page_get_type ())
G_DECLARE_FINAL_TYPE (AccArrivalsPage, acc_arrivals_page, ACC, ARRIVALS_PAGE, AdwBin)

/* A voucher scanner types like a keyboard, only faster: at most this many milliseconds
 * between two characters, and at least this many characters before its Enter. */
#define ACC_SCANNER_MAX_INTERVAL_MS 60
#define ACC_SCANNER_MIN_LENGTH      5

GtkWidget      *acc_arrivals_page_new               (AccStore        *store);
AccStore       *acc_arrivals_page_get_store         (AccArrivalsPage *self);
void            acc_arrivals_page_set_store         (AccArrivalsPage *self,
                                                     AccStore        *store);
void            acc_arrivals_page_set_engine        (AccArrivalsPage *self,
                                                     AccSyncEngine   *engine);
GtkEditable    *acc_arrivals_page_get_search_entry  (AccArrivalsPage *self);
GListModel     *acc_arrivals_page_get_results       (AccArrivalsPage *self);
AccBookingCard *acc_arrivals_page_get_card          (AccArrivalsPage *self);
gboolean        acc_arrivals_page_is_showing_card   (AccArrivalsPage *self);
const char     *acc_arrivals_page_get_message       (AccArrivalsPage *self);
void            acc_arrivals_page_focus_search      (AccArrivalsPage *self);
gboolean        acc_arrivals_page_feed_key          (AccArrivalsPage *self,
                                                     guint            keyval,
                                                     guint32          time_ms);

G_END_DECLS
