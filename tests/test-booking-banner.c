/* test-booking-banner.c: the booking card's banner, decided without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "acc-booking-banner.h"

typedef struct
{
  GPtrArray      *rows;  /* AccEnrollmentRow */
  AccBookingInfo  info;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  fx->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_enrollment_row_free);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_ptr_array_unref (fx->rows);
}

/* A lesson of the booking, booked, placed in a group, not checked in, nothing to check. */
static AccEnrollmentRow *
add_lesson (Fixture *fx)
{
  AccEnrollmentRow *row = g_new0 (AccEnrollmentRow, 1);

  row->enrollment_id = g_strdup_printf ("e%u", fx->rows->len);
  row->participant_id = g_strdup_printf ("p%u", fx->rows->len);
  row->group_id = g_strdup ("g");
  row->pickup_adults = g_new0 (char *, 1);
  g_ptr_array_add (fx->rows, row);

  return row;
}

static void
cancel (AccEnrollmentRow *row)
{
  row->status = ACC_ENROLLMENT_STATUS_CANCELLED;
}

static AccBookingBanner
decide (Fixture  *fx,
        gboolean  checked_in_here)
{
  return acc_booking_banner_decide (fx->rows, &fx->info, checked_in_here);
}

/* The banner's kind, its tone and what there is to check. */
static void
assert_banner (AccBookingBanner     banner,
               AccBookingBannerKind kind,
               AccBookingBannerTone tone,
               AccBookingIssues     issues)
{
  g_assert_cmpint (banner.kind, ==, kind);
  g_assert_cmpint (banner.tone, ==, tone);
  g_assert_cmpint (banner.issues, ==, issues);
}

/* A booking with no lesson on the day: the desk must not check it in. */
static void
test_not_today (Fixture       *fx,
                gconstpointer  data)
{
  AccBookingBanner banner;

  fx->info.balance_due_cents = 4500;
  banner = decide (fx, FALSE);
  assert_banner (banner, ACC_BOOKING_BANNER_NOT_TODAY,
                 ACC_BOOKING_BANNER_BLOCKED, ACC_BOOKING_ISSUE_NONE);
  g_assert_cmpuint (banner.n_active, ==, 0);
}

/* Every lesson cancelled: blocked, whatever the cancelled lessons hold. */
static void
test_cancelled (Fixture       *fx,
                gconstpointer  data)
{
  AccEnrollmentRow *row = add_lesson (fx);
  AccBookingBanner banner;

  row->allergies = g_strdup ("Arachides");
  row->checked_in = TRUE;
  row->n_conflicts = 1;
  cancel (row);
  cancel (add_lesson (fx));
  fx->info.balance_due_cents = 4500;

  banner = decide (fx, TRUE);
  assert_banner (banner, ACC_BOOKING_BANNER_CANCELLED,
                 ACC_BOOKING_BANNER_BLOCKED, ACC_BOOKING_ISSUE_NONE);
  g_assert_cmpuint (banner.n_active, ==, 0);
  g_assert_cmpuint (banner.n_checked_in, ==, 0);
}

/* Lessons to check in, nothing to look at: the neutral banner counts them. A cancelled lesson
 * counts for nothing, and what it holds is not to check. */
static void
test_to_check_in (Fixture       *fx,
                  gconstpointer  data)
{
  AccEnrollmentRow *cancelled;
  AccBookingBanner banner;

  add_lesson (fx);
  add_lesson (fx);
  cancelled = add_lesson (fx);
  cancelled->allergies = g_strdup ("Gluten");
  cancelled->placeholder = TRUE;
  cancel (cancelled);

  banner = decide (fx, FALSE);
  assert_banner (banner, ACC_BOOKING_BANNER_TO_CHECK_IN,
                 ACC_BOOKING_BANNER_NEUTRAL, ACC_BOOKING_ISSUE_NONE);
  g_assert_cmpuint (banner.n_active, ==, 2);
  g_assert_cmpuint (banner.n_checked_in, ==, 0);

  /* A check-in made here does not finish a booking that has lessons left. */
  ((AccEnrollmentRow *) g_ptr_array_index (fx->rows, 0))->checked_in = TRUE;
  banner = decide (fx, TRUE);
  g_assert_cmpint (banner.kind, ==, ACC_BOOKING_BANNER_TO_CHECK_IN);
  g_assert_cmpint (banner.tone, ==, ACC_BOOKING_BANNER_NEUTRAL);
  g_assert_cmpuint (banner.n_active, ==, 2);
  g_assert_cmpuint (banner.n_checked_in, ==, 1);
}

/* Each thing to check, alone, turns the banner amber. */
static void
test_each_issue (Fixture       *fx,
                 gconstpointer  data)
{
  AccEnrollmentRow *row = add_lesson (fx);
  AccBookingBanner banner;

  /* Empty texts, money paid, a group: nothing. */
  row->allergies = g_strdup ("");
  row->medical_notes = g_strdup ("");
  g_assert_cmpint (decide (fx, FALSE).issues, ==, ACC_BOOKING_ISSUE_NONE);

  g_free (row->allergies);
  row->allergies = g_strdup ("Arachides");
  banner = decide (fx, FALSE);
  g_assert_cmpint (banner.issues, ==, ACC_BOOKING_ISSUE_ALLERGY);
  g_assert_cmpint (banner.tone, ==, ACC_BOOKING_BANNER_ATTENTION);
  g_clear_pointer (&row->allergies, g_free);

  /* A medical note is checked as an allergy is. */
  g_free (row->medical_notes);
  row->medical_notes = g_strdup ("Asthme");
  g_assert_cmpint (decide (fx, FALSE).issues, ==, ACC_BOOKING_ISSUE_ALLERGY);
  g_clear_pointer (&row->medical_notes, g_free);

  fx->info.balance_due_cents = 1;
  banner = decide (fx, FALSE);
  g_assert_cmpint (banner.issues, ==, ACC_BOOKING_ISSUE_BALANCE_DUE);
  g_assert_cmpint (banner.tone, ==, ACC_BOOKING_BANNER_ATTENTION);
  /* Without the booking's document, nothing is known to be owed. */
  banner = acc_booking_banner_decide (fx->rows, NULL, FALSE);
  g_assert_cmpint (banner.issues, ==, ACC_BOOKING_ISSUE_NONE);
  fx->info.balance_due_cents = 0;

  row->placeholder = TRUE;
  g_assert_cmpint (decide (fx, FALSE).issues, ==, ACC_BOOKING_ISSUE_NAME_MISSING);
  row->placeholder = FALSE;

  row->n_conflicts = 2;
  g_assert_cmpint (decide (fx, FALSE).issues, ==, ACC_BOOKING_ISSUE_CONFLICT);
  row->n_conflicts = 0;

  /* No group is to check only once the participant is checked in. */
  g_clear_pointer (&row->group_id, g_free);
  g_assert_cmpint (decide (fx, FALSE).issues, ==, ACC_BOOKING_ISSUE_NONE);
  add_lesson (fx);
  row->checked_in = TRUE;
  banner = decide (fx, FALSE);
  g_assert_cmpint (banner.issues, ==, ACC_BOOKING_ISSUE_NO_GROUP);
  g_assert_cmpint (banner.kind, ==, ACC_BOOKING_BANNER_TO_CHECK_IN);
  g_assert_cmpint (banner.tone, ==, ACC_BOOKING_BANNER_ATTENTION);
}

/* Every issue at once, from different lessons. */
static void
test_issues_together (Fixture       *fx,
                      gconstpointer  data)
{
  AccEnrollmentRow *first = add_lesson (fx);
  AccEnrollmentRow *second = add_lesson (fx);

  first->allergies = g_strdup ("Pollen");
  first->n_conflicts = 1;
  second->placeholder = TRUE;
  second->checked_in = TRUE;
  g_clear_pointer (&second->group_id, g_free);
  fx->info.balance_due_cents = 4500;

  g_assert_cmpint (decide (fx, FALSE).issues, ==,
                   ACC_BOOKING_ISSUE_ALLERGY | ACC_BOOKING_ISSUE_BALANCE_DUE |
                   ACC_BOOKING_ISSUE_NAME_MISSING | ACC_BOOKING_ISSUE_NO_GROUP |
                   ACC_BOOKING_ISSUE_CONFLICT);
}

/* The check-in made here completes the booking: green, or amber with what to check. */
static void
test_checked_in_here (Fixture       *fx,
                      gconstpointer  data)
{
  AccBookingBanner banner;

  add_lesson (fx)->checked_in = TRUE;
  add_lesson (fx)->checked_in = TRUE;
  cancel (add_lesson (fx));

  banner = decide (fx, TRUE);
  assert_banner (banner, ACC_BOOKING_BANNER_CHECKED_IN,
                 ACC_BOOKING_BANNER_DONE, ACC_BOOKING_ISSUE_NONE);
  g_assert_cmpuint (banner.n_active, ==, 2);
  g_assert_cmpuint (banner.n_checked_in, ==, 2);

  fx->info.balance_due_cents = 4500;
  banner = decide (fx, TRUE);
  assert_banner (banner, ACC_BOOKING_BANNER_CHECKED_IN,
                 ACC_BOOKING_BANNER_ATTENTION, ACC_BOOKING_ISSUE_BALANCE_DUE);
}

/* A booking complete before the card opened is a family checked in twice: amber, with or
 * without anything else to check. */
static void
test_already_checked_in (Fixture       *fx,
                         gconstpointer  data)
{
  AccEnrollmentRow *row = add_lesson (fx);
  AccBookingBanner banner;

  row->checked_in = TRUE;
  banner = decide (fx, FALSE);
  assert_banner (banner, ACC_BOOKING_BANNER_ALREADY_CHECKED_IN,
                 ACC_BOOKING_BANNER_ATTENTION, ACC_BOOKING_ISSUE_NONE);
  g_assert_cmpuint (banner.n_checked_in, ==, 1);

  row->allergies = g_strdup ("Lactose");
  banner = decide (fx, FALSE);
  assert_banner (banner, ACC_BOOKING_BANNER_ALREADY_CHECKED_IN,
                 ACC_BOOKING_BANNER_ATTENTION, ACC_BOOKING_ISSUE_ALLERGY);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/booking-banner/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("not-today", test_not_today);
  ADD ("cancelled", test_cancelled);
  ADD ("to-check-in", test_to_check_in);
  ADD ("each-issue", test_each_issue);
  ADD ("issues-together", test_issues_together);
  ADD ("checked-in-here", test_checked_in_here);
  ADD ("already-checked-in", test_already_checked_in);

  return g_test_run ();
}
