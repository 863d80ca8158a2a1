/* acc-booking-card.h: a booking as the desk checks it in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-store.h"

G_BEGIN_DECLS

#define ACC_TYPE_BOOKING_CARD (acc_booking_card_get_type ())
G_DECLARE_FINAL_TYPE (AccBookingCard, acc_booking_card, ACC, BOOKING_CARD, AdwBin)

GtkWidget  *acc_booking_card_new               (AccStore       *store);
AccStore   *acc_booking_card_get_store         (AccBookingCard *self);
void        acc_booking_card_set_store         (AccBookingCard *self,
                                                AccStore       *store);
const char *acc_booking_card_get_booking_id    (AccBookingCard *self);
void        acc_booking_card_set_booking_id    (AccBookingCard *self,
                                                const char     *booking_id);
const char *acc_booking_card_get_banner_state  (AccBookingCard *self);
GtkWidget  *acc_booking_card_get_banner        (AccBookingCard *self);
gboolean    acc_booking_card_focus_primary     (AccBookingCard *self);

G_END_DECLS
