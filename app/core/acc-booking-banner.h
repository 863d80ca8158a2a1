/* acc-booking-banner.h: what the booking card's banner says about a booking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "acc-store.h"

G_BEGIN_DECLS

/* Where the booking stands, in the order the desk must know it. */
typedef enum
{
  ACC_BOOKING_BANNER_NOT_TODAY,          /* No lesson on the day the desk holds. */
  ACC_BOOKING_BANNER_CANCELLED,          /* Every lesson of the day is cancelled. */
  ACC_BOOKING_BANNER_TO_CHECK_IN,        /* Lessons left to check in, maybe none yet done. */
  ACC_BOOKING_BANNER_CHECKED_IN,         /* Every lesson checked in, the last here. */
  ACC_BOOKING_BANNER_ALREADY_CHECKED_IN, /* Every lesson checked in before the card opened. */
} AccBookingBannerKind;

/* How the banner reads from two metres: its colour. */
typedef enum
{
  ACC_BOOKING_BANNER_NEUTRAL,
  ACC_BOOKING_BANNER_DONE,      /* Green: nothing left to do. */
  ACC_BOOKING_BANNER_ATTENTION, /* Amber: look before the family leaves. */
  ACC_BOOKING_BANNER_BLOCKED,   /* Red: do not check in. */
} AccBookingBannerTone;

/* What the desk must look at, among the lessons not cancelled. */
typedef enum
{
  ACC_BOOKING_ISSUE_NONE         = 0,
  ACC_BOOKING_ISSUE_ALLERGY      = 1 << 0, /* An allergy or a medical note. */
  ACC_BOOKING_ISSUE_BALANCE_DUE  = 1 << 1, /* The family still owes money. */
  ACC_BOOKING_ISSUE_NAME_MISSING = 1 << 2, /* A participant booked without a name. */
  ACC_BOOKING_ISSUE_NO_GROUP     = 1 << 3, /* Checked in, and in no group. */
  ACC_BOOKING_ISSUE_CONFLICT     = 1 << 4, /* Two desks disagree about a lesson. */
} AccBookingIssues;

typedef struct
{
  AccBookingBannerKind kind;
  AccBookingBannerTone tone;
  AccBookingIssues     issues;       /* NONE for NOT_TODAY and CANCELLED. */
  guint                n_active;     /* Lessons not cancelled. */
  guint                n_checked_in; /* Of those, the lessons checked in. */
} AccBookingBanner;

AccBookingBanner acc_booking_banner_decide (GPtrArray            *rows,
                                            const AccBookingInfo *info,
                                            gboolean              checked_in_here);

G_END_DECLS
