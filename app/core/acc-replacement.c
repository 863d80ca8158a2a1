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

/* A group's session, as a key: the groups whose session is not known yet share one. */
static const char *
session_key (const AccGroupRow *group)
{
  return group->session_id != NULL ? group->session_id : "";
}

struct _AccReplacements
{
  GPtrArray  *candidates;  /* Rows of instructors on call and not absent, borrowed. */
  GHashTable *busy;        /* Session id → set of the ids of those who lead a group in it. */
};

/**
 * acc_replacements_new:
 * @instructors: (element-type AccInstructorRow): the day's instructors
 * @groups: (element-type AccGroupRow): the day's groups
 *
 * Reads once what the rule needs of the day's rows: who is on call, and who is busy in each
 * session. The rows must outlive the result and stay as they are.
 *
 * Returns: (transfer full): the rule's view of the rows
 */
AccReplacements *
acc_replacements_new (GPtrArray *instructors,
                      GPtrArray *groups)
{
  AccReplacements *self = g_new0 (AccReplacements, 1);

  g_return_val_if_fail (instructors != NULL && groups != NULL, self);

  self->candidates = g_ptr_array_new ();
  self->busy = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) g_hash_table_unref);

  for (guint i = 0; i < instructors->len; i++)
    {
      AccInstructorRow *row = g_ptr_array_index (instructors, i);

      if (row->on_call && row->attendance != ACC_INSTRUCTOR_ATTENDANCE_ABSENT)
        g_ptr_array_add (self->candidates, row);
    }

  for (guint i = 0; i < groups->len; i++)
    {
      const AccGroupRow *group = g_ptr_array_index (groups, i);
      GHashTable *busy;

      if (group->instructor_id == NULL)
        continue;
      busy = g_hash_table_lookup (self->busy, session_key (group));
      if (busy == NULL)
        {
          busy = g_hash_table_new (g_str_hash, g_str_equal);
          g_hash_table_insert (self->busy, (gpointer) session_key (group), busy);
        }
      g_hash_table_add (busy, group->instructor_id);
    }

  return self;
}

void
acc_replacements_free (AccReplacements *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->busy, g_hash_table_unref);
  g_free (self);
}

/**
 * acc_replacements_for_group:
 * @group: a group whose instructor is absent or missing
 *
 * Who can take @group: on-call instructors not marked absent, teaching its discipline up to
 * its level, and leading no group in its session. Those marked present come first, then by
 * name.
 *
 * Returns: (transfer container) (element-type AccInstructorRow): rows of the instructors
 */
GPtrArray *
acc_replacements_for_group (AccReplacements   *self,
                            const AccGroupRow *group)
{
  GPtrArray *offers = g_ptr_array_new ();
  GHashTable *busy;

  g_return_val_if_fail (self != NULL && group != NULL, offers);

  if (group->discipline == NULL)
    return offers;

  busy = g_hash_table_lookup (self->busy, session_key (group));
  for (guint i = 0; i < self->candidates->len; i++)
    {
      AccInstructorRow *row = g_ptr_array_index (self->candidates, i);

      if (g_strv_contains ((const char * const *) row->disciplines, group->discipline) &&
          row->max_level_order >= group->level_order &&
          (busy == NULL || !g_hash_table_contains (busy, row->id)))
        g_ptr_array_add (offers, row);
    }

  g_ptr_array_sort (offers, compare_replacements);
  return offers;
}

/**
 * acc_instructor_rows_replacing:
 * @instructors: (element-type AccInstructorRow): the day's instructors
 * @groups: (element-type AccGroupRow): the day's groups
 * @group: a group whose instructor is absent or missing
 *
 * The rule of acc_replacements_for_group() for one group. It works on rows already read,
 * with no query.
 *
 * Returns: (transfer container) (element-type AccInstructorRow): rows of @instructors.
 */
GPtrArray *
acc_instructor_rows_replacing (GPtrArray         *instructors,
                               GPtrArray         *groups,
                               const AccGroupRow *group)
{
  g_autoptr(AccReplacements) replacements = NULL;

  g_return_val_if_fail (instructors != NULL && groups != NULL && group != NULL,
                        g_ptr_array_new ());

  replacements = acc_replacements_new (instructors, groups);
  return acc_replacements_for_group (replacements, group);
}
