/* acc-booking-banner.c: what the booking card's banner says about a booking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rule is decided here, on the rows the store gives, and the card only puts it in words
 * and colours: the tests check each case without a display.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include "acc-booking-banner.h"

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

/**
 * acc_booking_banner_decide:
 * @rows: (element-type AccEnrollmentRow): the booking's enrollments of the day
 * @info: (nullable): the booking, %NULL when its document has not arrived
 * @checked_in_here: whether a check-in was made on the card since the booking was opened: a
 *   booking complete before is "already checked in", which the desk must notice
 *
 * Returns: what the banner says: where the booking stands, its colour and what to check
 */
AccBookingBanner
acc_booking_banner_decide (GPtrArray            *rows,
                           const AccBookingInfo *info,
                           gboolean              checked_in_here)
{
  AccBookingBanner banner = { 0 };
  AccBookingIssues issues = ACC_BOOKING_ISSUE_NONE;

  g_return_val_if_fail (rows != NULL, banner);

  for (guint i = 0; i < rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (rows, i);

      if (row->status == ACC_ENROLLMENT_STATUS_CANCELLED)
        continue;

      banner.n_active++;
      banner.n_checked_in += row->checked_in ? 1 : 0;
      if (has_text (row->allergies) || has_text (row->medical_notes))
        issues |= ACC_BOOKING_ISSUE_ALLERGY;
      if (row->placeholder)
        issues |= ACC_BOOKING_ISSUE_NAME_MISSING;
      if (row->checked_in && row->group_id == NULL)
        issues |= ACC_BOOKING_ISSUE_NO_GROUP;
      if (row->n_conflicts > 0)
        issues |= ACC_BOOKING_ISSUE_CONFLICT;
    }
  if (info != NULL && info->balance_due_cents > 0)
    issues |= ACC_BOOKING_ISSUE_BALANCE_DUE;

  if (rows->len == 0)
    {
      banner.kind = ACC_BOOKING_BANNER_NOT_TODAY;
      banner.tone = ACC_BOOKING_BANNER_BLOCKED;
      return banner;
    }

  if (banner.n_active == 0)
    {
      banner.kind = ACC_BOOKING_BANNER_CANCELLED;
      banner.tone = ACC_BOOKING_BANNER_BLOCKED;
      return banner;
    }

  banner.issues = issues;
  if (banner.n_checked_in < banner.n_active)
    {
      banner.kind = ACC_BOOKING_BANNER_TO_CHECK_IN;
      banner.tone = issues ? ACC_BOOKING_BANNER_ATTENTION : ACC_BOOKING_BANNER_NEUTRAL;
    }
  else if (checked_in_here)
    {
      banner.kind = ACC_BOOKING_BANNER_CHECKED_IN;
      banner.tone = issues ? ACC_BOOKING_BANNER_ATTENTION : ACC_BOOKING_BANNER_DONE;
    }
  else
    {
      /* Whatever it holds: a family checked in twice is what the desk must see. */
      banner.kind = ACC_BOOKING_BANNER_ALREADY_CHECKED_IN;
      banner.tone = ACC_BOOKING_BANNER_ATTENTION;
    }

  return banner;
}
