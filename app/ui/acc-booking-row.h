/* acc-booking-row.h: one booking among the arrivals' search results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-booking-result.h"

G_BEGIN_DECLS

#define ACC_TYPE_BOOKING_ROW (acc_booking_row_get_type ())
G_DECLARE_FINAL_TYPE (AccBookingRow, acc_booking_row, ACC, BOOKING_ROW, AdwBin)

GtkWidget        *acc_booking_row_new        (void);
AccBookingResult *acc_booking_row_get_result (AccBookingRow    *self);
void              acc_booking_row_set_result (AccBookingRow    *self,
                                              AccBookingResult *result);

G_END_DECLS
