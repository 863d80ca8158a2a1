/* acc-booking-result.c: one booking among the search results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-core"

#include "acc-booking-result.h"

struct _AccBookingResult
{
  GObject    parent_instance;

  GPtrArray *rows;  /* AccEnrollmentRow, all of one booking, at least one. */
};

G_DEFINE_FINAL_TYPE (AccBookingResult, acc_booking_result, G_TYPE_OBJECT)

static void
acc_booking_result_finalize (GObject *object)
{
  AccBookingResult *self = (AccBookingResult *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (acc_booking_result_parent_class)->finalize (object);
}

static void
acc_booking_result_class_init (AccBookingResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = acc_booking_result_finalize;
}

static void
acc_booking_result_init (AccBookingResult *self)
{
}

/**
 * acc_booking_result_new:
 * @rows: (transfer full) (element-type AccEnrollmentRow): the enrollments of one booking
 */
AccBookingResult *
acc_booking_result_new (GPtrArray *rows)
{
  AccBookingResult *self;

  g_return_val_if_fail (rows != NULL && rows->len > 0, NULL);

  self = g_object_new (ACC_TYPE_BOOKING_RESULT, NULL);
  self->rows = rows;
  return self;
}

static AccEnrollmentRow *
first_row (AccBookingResult *self)
{
  return g_ptr_array_index (self->rows, 0);
}

const char *
acc_booking_result_get_booking_id (AccBookingResult *self)
{
  g_return_val_if_fail (ACC_IS_BOOKING_RESULT (self), NULL);

  return first_row (self)->booking_id;
}

const char *
acc_booking_result_get_reference (AccBookingResult *self)
{
  g_return_val_if_fail (ACC_IS_BOOKING_RESULT (self), NULL);

  return first_row (self)->booking_reference;
}

const char *
acc_booking_result_get_payer_name (AccBookingResult *self)
{
  g_return_val_if_fail (ACC_IS_BOOKING_RESULT (self), NULL);

  return first_row (self)->payer_name;
}

/**
 * acc_booking_result_get_rows:
 *
 * Returns: (transfer none) (element-type AccEnrollmentRow): the booking's matching enrollments.
 */
GPtrArray *
acc_booking_result_get_rows (AccBookingResult *self)
{
  g_return_val_if_fail (ACC_IS_BOOKING_RESULT (self), NULL);

  return self->rows;
}

guint
acc_booking_result_get_n_checked_in (AccBookingResult *self)
{
  guint n = 0;

  g_return_val_if_fail (ACC_IS_BOOKING_RESULT (self), 0);

  for (guint i = 0; i < self->rows->len; i++)
    n += ((AccEnrollmentRow *) g_ptr_array_index (self->rows, i))->checked_in ? 1 : 0;

  return n;
}

static gboolean
rows_equal (const AccEnrollmentRow *a,
            const AccEnrollmentRow *b)
{
  return g_strcmp0 (a->enrollment_id, b->enrollment_id) == 0 &&
         g_strcmp0 (a->first_name, b->first_name) == 0 &&
         g_strcmp0 (a->last_name, b->last_name) == 0 &&
         g_strcmp0 (a->group_id, b->group_id) == 0 &&
         g_strcmp0 (a->level_code, b->level_code) == 0 &&
         a->status == b->status &&
         a->checked_in == b->checked_in &&
         a->placeholder == b->placeholder &&
         a->attendance == b->attendance &&
         a->n_conflicts == b->n_conflicts;
}

/**
 * acc_booking_result_equal:
 *
 * Returns: whether both show the same thing, so a list need not redraw the row.
 */
gboolean
acc_booking_result_equal (AccBookingResult *self,
                          AccBookingResult *other)
{
  g_return_val_if_fail (ACC_IS_BOOKING_RESULT (self), FALSE);
  g_return_val_if_fail (ACC_IS_BOOKING_RESULT (other), FALSE);

  if (self->rows->len != other->rows->len)
    return FALSE;

  for (guint i = 0; i < self->rows->len; i++)
    if (!rows_equal (g_ptr_array_index (self->rows, i), g_ptr_array_index (other->rows, i)))
      return FALSE;

  return TRUE;
}
