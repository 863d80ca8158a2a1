/* test-replacement.c: who can take a group, on rows built by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "acc-replacement.h"

typedef struct
{
  GPtrArray   *instructors; /* AccInstructorRow */
  GPtrArray   *groups;      /* AccGroupRow */
  AccGroupRow *uncovered;   /* In groups: a morning ski group of level 5, without instructor. */
} Fixture;

static AccGroupRow *
add_group (Fixture    *fx,
           const char *id,
           const char *session_id,
           const char *instructor_id)
{
  AccGroupRow *group = g_new0 (AccGroupRow, 1);

  group->id = g_strdup (id);
  group->session_id = g_strdup (session_id);
  group->instructor_id = g_strdup (instructor_id);
  group->discipline = g_strdup ("ski");
  group->level_order = 5;
  g_ptr_array_add (fx->groups, group);

  return group;
}

/* An on-call ski instructor up to level 12, not marked, who leads nothing. */
static AccInstructorRow *
add_instructor (Fixture    *fx,
                const char *id,
                const char *first_name,
                const char *last_name)
{
  AccInstructorRow *row = g_new0 (AccInstructorRow, 1);
  const char *disciplines[] = { "snowboard", "ski", NULL };

  row->id = g_strdup (id);
  row->first_name = g_strdup (first_name);
  row->last_name = g_strdup (last_name);
  row->on_call = TRUE;
  row->disciplines = g_strdupv ((char **) disciplines);
  row->max_level_order = 12;
  g_ptr_array_add (fx->instructors, row);

  return row;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  fx->instructors = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_instructor_row_free);
  fx->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_group_row_free);
  fx->uncovered = add_group (fx, "uncovered", "morning", NULL);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_ptr_array_unref (fx->instructors);
  g_ptr_array_unref (fx->groups);
}

/* The ids offered for the uncovered group, in order, joined by spaces. */
static char *
offered (Fixture *fx)
{
  g_autoptr(GPtrArray) offers = acc_instructor_rows_replacing (fx->instructors, fx->groups,
                                                               fx->uncovered);
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < offers->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "",
                            ((AccInstructorRow *) g_ptr_array_index (offers, i))->id);

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

#define assert_offered(fx, expected)                 \
  G_STMT_START {                                     \
    g_autofree char *offered_ = offered (fx);        \
    g_assert_cmpstr (offered_, ==, (expected));      \
  } G_STMT_END

/* Each condition, alone, keeps an instructor out of the offers. */
static void
test_each_condition (Fixture       *fx,
                     gconstpointer  data)
{
  AccInstructorRow *row = add_instructor (fx, "i1", "Anne", "Moniteur");

  assert_offered (fx, "i1");

  row->on_call = FALSE;
  assert_offered (fx, "");
  row->on_call = TRUE;

  row->attendance = ACC_INSTRUCTOR_ATTENDANCE_ABSENT;
  assert_offered (fx, "");
  row->attendance = ACC_INSTRUCTOR_ATTENDANCE_LATE;
  assert_offered (fx, "i1");
  row->attendance = ACC_INSTRUCTOR_ATTENDANCE_UNMARKED;

  /* The group's level is the most an instructor may teach: equal is enough. */
  row->max_level_order = 4;
  assert_offered (fx, "");
  row->max_level_order = 5;
  assert_offered (fx, "i1");

  g_free (fx->uncovered->discipline);
  fx->uncovered->discipline = g_strdup ("telemark");
  assert_offered (fx, "");

  /* A group whose discipline is unknown gets no offer. */
  g_clear_pointer (&fx->uncovered->discipline, g_free);
  assert_offered (fx, "");
}

/* An instructor who leads a group of the same session is busy; one who leads a group of
 * another session is not. */
static void
test_busy (Fixture       *fx,
           gconstpointer  data)
{
  add_instructor (fx, "i1", "Anne", "Moniteur");
  add_instructor (fx, "i2", "Paul", "Renfort");

  add_group (fx, "afternoon", "afternoon", "i1");
  assert_offered (fx, "i1 i2");

  add_group (fx, "other-morning", "morning", "i2");
  assert_offered (fx, "i1");
}

/* Those marked present first, then by last name, first name and id; late counts as not yet
 * present. */
static void
test_order (Fixture       *fx,
            gconstpointer  data)
{
  add_instructor (fx, "i4", "Zoe", "Zulu")->attendance = ACC_INSTRUCTOR_ATTENDANCE_PRESENT;
  add_instructor (fx, "i3", "Yann", "Able")->attendance = ACC_INSTRUCTOR_ATTENDANCE_LATE;
  add_instructor (fx, "i2", "Bob", "Able");
  add_instructor (fx, "i1", "Bob", "Able");

  assert_offered (fx, "i4 i1 i2 i3");
}

/* The ids in @offers, joined by spaces. */
static char *
join_ids (GPtrArray *offers)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < offers->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "",
                            ((AccInstructorRow *) g_ptr_array_index (offers, i))->id);

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* One reading of the rows serves every group, each by its own session; groups whose session
 * is not known yet are busy with each other. */
static void
test_many_groups (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(AccReplacements) replacements = NULL;
  AccGroupRow *afternoon, *unknown, *unknown_led;
  GPtrArray *offers;
  char *ids;

  add_instructor (fx, "i1", "Anne", "Moniteur");
  add_instructor (fx, "i2", "Paul", "Renfort");
  add_instructor (fx, "i3", "Zoé", "Suppléante");
  add_group (fx, "morning-led", "morning", "i1");
  afternoon = add_group (fx, "afternoon", "afternoon", NULL);
  add_group (fx, "afternoon-led", "afternoon", "i2");
  unknown = add_group (fx, "unknown", NULL, NULL);
  unknown_led = add_group (fx, "unknown-led", NULL, "i3");

  replacements = acc_replacements_new (fx->instructors, fx->groups);

  offers = acc_replacements_for_group (replacements, fx->uncovered);
  ids = join_ids (offers);
  g_assert_cmpstr (ids, ==, "i2 i3");
  g_free (ids);
  g_ptr_array_unref (offers);

  offers = acc_replacements_for_group (replacements, afternoon);
  ids = join_ids (offers);
  g_assert_cmpstr (ids, ==, "i1 i3");
  g_free (ids);
  g_ptr_array_unref (offers);

  offers = acc_replacements_for_group (replacements, unknown);
  ids = join_ids (offers);
  g_assert_cmpstr (ids, ==, "i1 i2");
  g_free (ids);
  g_ptr_array_unref (offers);

  /* The same as the rule asked for one group at a time. */
  for (guint i = 0; i < fx->groups->len; i++)
    {
      const AccGroupRow *group = g_ptr_array_index (fx->groups, i);
      g_autoptr(GPtrArray) one = acc_instructor_rows_replacing (fx->instructors, fx->groups,
                                                                group);
      g_autoptr(GPtrArray) many = acc_replacements_for_group (replacements, group);
      g_autofree char *one_ids = join_ids (one);
      g_autofree char *many_ids = join_ids (many);

      g_assert_cmpstr (one_ids, ==, many_ids);
    }
  g_assert_nonnull (unknown_led);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/replacement/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("each-condition", test_each_condition);
  ADD ("busy", test_busy);
  ADD ("order", test_order);
  ADD ("many-groups", test_many_groups);

  return g_test_run ();
}
