/* acc-booking-result.h: one booking among the search results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "acc-store.h"

G_BEGIN_DECLS

#define ACC_TYPE_BOOKING_RESULT (acc_booking_result_get_type ())
G_DECLARE_FINAL_TYPE (AccBookingResult, acc_booking_result, ACC, BOOKING_RESULT, GObject)

AccBookingResult *acc_booking_result_new           (GPtrArray        *rows);
const char       *acc_booking_result_get_booking_id (AccBookingResult *self);
const char       *acc_booking_result_get_reference  (AccBookingResult *self);
const char       *acc_booking_result_get_payer_name (AccBookingResult *self);
GPtrArray        *acc_booking_result_get_rows       (AccBookingResult *self);
guint             acc_booking_result_get_n_checked_in
                                                    (AccBookingResult *self);
gboolean          acc_booking_result_equal          (AccBookingResult *self,
                                                     AccBookingResult *other);

G_END_DECLS
