/* acc-replacement.c: who can take a group whose instructor is absent or missing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rule works on rows the store has already read, with no store of its own: the roll-call
 * applies it to every uncovered group after every change, and the tests to rows built by hand.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include "acc-replacement.h"

static int
compare_replacements (gconstpointer a,
                      gconstpointer b)
{
  const AccInstructorRow *ra = *(const AccInstructorRow * const *) a;
  const AccInstructorRow *rb = *(const AccInstructorRow * const *) b;
  gboolean a_present = ra->attendance == ACC_INSTRUCTOR_ATTENDANCE_PRESENT;
  gboolean b_present = rb->attendance == ACC_INSTRUCTOR_ATTENDANCE_PRESENT;
  int cmp = b_present - a_present;

  if (cmp == 0)
    cmp = g_strcmp0 (ra->last_name, rb->last_name);
  if (cmp == 0)
    cmp = g_strcmp0 (ra->first_name, rb->first_name);
  return cmp != 0 ? cmp : g_strcmp0 (ra->id, rb->id);
}

/**
 * acc_instructor_rows_replacing:
 * @instructors: (element-type AccInstructorRow): the day's instructors
 * @groups: (element-type AccGroupRow): the day's groups
 * @group: a group whose instructor is absent or missing
 *
 * Who can take @group: on-call instructors not marked absent, teaching its discipline up to
 * its level, and leading none of @groups in its session. Those marked present come first,
 * then by name. It works on rows already read: the roll-call asks it for every group without
 * an instructor after every change, with no query each.
 *
 * Returns: (transfer container) (element-type AccInstructorRow): rows of @instructors.
 */
GPtrArray *
acc_instructor_rows_replacing (GPtrArray         *instructors,
                               GPtrArray         *groups,
                               const AccGroupRow *group)
{
  g_autoptr(GHashTable) busy = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *offers = g_ptr_array_new ();

  g_return_val_if_fail (instructors != NULL && groups != NULL && group != NULL, offers);

  if (group->discipline == NULL)
    return offers;

  for (guint i = 0; i < groups->len; i++)
    {
      const AccGroupRow *other = g_ptr_array_index (groups, i);

      if (other->instructor_id != NULL && g_strcmp0 (other->session_id, group->session_id) == 0)
        g_hash_table_add (busy, other->instructor_id);
    }

  for (guint i = 0; i < instructors->len; i++)
    {
      AccInstructorRow *row = g_ptr_array_index (instructors, i);

      if (row->on_call && row->attendance != ACC_INSTRUCTOR_ATTENDANCE_ABSENT &&
          g_strv_contains ((const char * const *) row->disciplines, group->discipline) &&
          row->max_level_order >= group->level_order &&
          !g_hash_table_contains (busy, row->id))
        g_ptr_array_add (offers, row);
    }

  g_ptr_array_sort (offers, compare_replacements);
  return offers;
}
