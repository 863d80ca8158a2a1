/* test-derive.c: facts and the state derived from them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "acc-error.h"
#include "acc-test-util.h"

typedef AccTestDay Fixture;

/* The desk that wrote a fact: named after the last character of its @hlc. */
static char *
desk_of (const char *hlc)
{
  return g_strdup_printf ("desk-%c", hlc[strlen (hlc) - 1]);
}

/* Another desk's fact. */
static char *
remote_fact (const char *id,
             const char *kind,
             const char *hlc,
             const char *supersedes,
             const char *fields)
{
  g_autofree char *device = desk_of (hlc);

  return acc_test_remote_fact (id, kind, hlc, device, supersedes, fields);
}

static void
put_remote (AccStore   *store,
            const char *id,
            const char *kind,
            const char *hlc,
            const char *supersedes,
            const char *fields)
{
  g_autofree char *device = desk_of (hlc);

  acc_test_put_remote_fact (store, id, kind, hlc, device, supersedes, fields);
}

/* Another desk's check-in of @enrollment_id, or its undo when not @present, as fact @id. */
static void
put_checkin (AccStore   *store,
             const char *enrollment_id,
             gboolean    present,
             const char *id,
             const char *hlc,
             const char *supersedes)
{
  g_autofree char *fields = g_strdup_printf ("\"enrollment_id\":\"%s\",\"present\":%s",
                                             enrollment_id, present ? "true" : "false");

  put_remote (store, id, "checkin", hlc, supersedes, fields);
}

static AccEnrollmentRow *
get_row (AccStore   *store,
         const char *enrollment_id)
{
  g_autoptr(GError) error = NULL;
  AccEnrollmentRow *row = acc_store_get_enrollment (store, enrollment_id, &error);

  /* Not there is no failure. */
  if (g_error_matches (error, ACC_ERROR, ACC_ERROR_NOT_FOUND))
    g_clear_error (&error);
  g_assert_no_error (error);
  return row;
}

#define HLC(ms, node) "0000017980000" ms "-000000-" node

static void
test_supersession (Fixture       *fx,
                   gconstpointer  data)
{
  const char *ids[] = { FX_E_ZOE, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AccEnrollmentRow) row = NULL;

  g_assert_true (acc_store_check_in (fx->store, ids, TRUE, &error));
  row = get_row (fx->store, FX_E_ZOE);
  g_assert_true (row->checked_in);
  g_clear_pointer (&row, acc_enrollment_row_free);

  /* The undo is a new fact that supersedes the check-in, never a deletion. */
  g_assert_true (acc_store_check_in (fx->store, ids, FALSE, &error));
  row = get_row (fx->store, FX_E_ZOE);
  g_assert_false (row->checked_in);
  g_assert_cmpuint (row->n_conflicts, ==, 0);
  g_clear_pointer (&row, acc_enrollment_row_free);

  g_assert_true (acc_store_check_in (fx->store, ids, TRUE, &error));
  row = get_row (fx->store, FX_E_ZOE);
  g_assert_true (row->checked_in);
  g_assert_cmpuint (acc_test_get_status (fx->store).conflicts, ==, 0);
  g_assert_cmpuint (acc_test_get_status (fx->store).pending, ==, 3);
}

static void
test_conflict (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccEnrollmentRow) row = NULL;
  g_autoptr(JsonNode) export = NULL;
  JsonArray *conflicts;
  JsonObject *conflict;

  /* Two desks offline each move Zoé, to different groups. */
  put_remote (fx->store, "f1", "assign_group", HLC ("10000", "a"), "",
              "\"enrollment_id\":\"" FX_E_ZOE "\",\"group_id\":\"" FX_GROUP_B "\",\"reason\":\"\"");
  put_remote (fx->store, "f2", "assign_group", HLC ("20000", "b"), "",
              "\"enrollment_id\":\"" FX_E_ZOE "\",\"group_id\":\"" FX_GROUP_A "\",\"reason\":\"\"");
  row = get_row (fx->store, FX_E_ZOE);
  g_assert_cmpstr (row->group_id, ==, FX_GROUP_A);  /* the greatest hlc is shown */
  g_assert_cmpuint (row->n_conflicts, ==, 1);
  g_assert_cmpuint (acc_test_get_status (fx->store).conflicts, ==, 1);
  g_clear_pointer (&row, acc_enrollment_row_free);

  export = acc_store_export_json (fx->store, &error);
  g_assert_no_error (error);
  conflicts = json_object_get_array_member (json_node_get_object (export), "conflicts");
  g_assert_cmpuint (json_array_get_length (conflicts), ==, 1);
  conflict = json_array_get_object_element (conflicts, 0);
  g_assert_cmpstr (json_object_get_string_member (conflict, "subject"), ==, "group");
  g_assert_cmpstr (json_object_get_string_member (conflict, "shown"), ==, FX_GROUP_A);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (conflict, "facts")), ==, 2);
  {
    JsonObject *first = json_array_get_object_element (json_object_get_array_member (conflict, "facts"), 0);
    g_assert_cmpstr (json_object_get_string_member (first, "device_id"), ==, "desk-b");
  }

  /* Two desks agreeing is no conflict. */
  put_checkin (fx->store, FX_E_NOE, TRUE, "f3", HLC ("10000", "a"), "");
  put_checkin (fx->store, FX_E_NOE, TRUE, "f4", HLC ("10001", "b"), "");
  g_assert_cmpuint (acc_test_get_status (fx->store).conflicts, ==, 1);

  /* A person resolves it: the new fact supersedes both. */
  g_assert_true (acc_store_assign_group (fx->store, FX_E_ZOE, FX_GROUP_B, "Revu", &error));
  g_assert_no_error (error);
  row = get_row (fx->store, FX_E_ZOE);
  g_assert_cmpstr (row->group_id, ==, FX_GROUP_B);
  g_assert_cmpuint (row->n_conflicts, ==, 0);
  g_assert_cmpuint (acc_test_get_status (fx->store).conflicts, ==, 0);
}

static void
test_early_facts (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(AccEnrollmentRow) row = NULL;

  /* A check-in for an enrollment this desk does not hold yet. */
  put_checkin (fx->store, "30000000-0000-4000-8000-000000000001", TRUE, "f1", HLC ("10000", "a"),
               "");
  g_assert_null (get_row (fx->store, "30000000-0000-4000-8000-000000000001"));

  acc_test_put_json (fx->store, "[{\"_id\":\"30000000-0000-4000-8000-000000000001\","
                     "\"_rev\":\"1-a\",\"type\":\"enrollment\",\"schema\":1,"
                     "\"participant_id\":\"" FX_NOE "\",\"session_id\":\"" FX_SESSION_PM "\","
                     "\"booking_id\":\"" FX_BOOKING "\",\"planned_group_id\":null,"
                     "\"status\":\"booked\"}]");
  row = get_row (fx->store, "30000000-0000-4000-8000-000000000001");
  g_assert_nonnull (row);
  g_assert_true (row->checked_in);
  g_clear_pointer (&row, acc_enrollment_row_free);

  /* The undo arrives before the check-in it undoes. */
  put_checkin (fx->store, FX_E_ZOE, FALSE, "f3", HLC ("30000", "b"), "\"f2\"");
  put_checkin (fx->store, FX_E_ZOE, TRUE, "f2", HLC ("20000", "a"), "");
  row = get_row (fx->store, FX_E_ZOE);
  g_assert_false (row->checked_in);
  g_assert_cmpuint (row->n_conflicts, ==, 0);
  g_clear_pointer (&row, acc_enrollment_row_free);

  /* Even when the superseded fact has the greater hlc (a desk with a fast clock). */
  put_checkin (fx->store, FX_E_NOE, FALSE, "f5", HLC ("40000", "b"), "\"f4\"");
  put_checkin (fx->store, FX_E_NOE, TRUE, "f4", HLC ("90000", "a"), "");
  row = get_row (fx->store, FX_E_NOE);
  g_assert_false (row->checked_in);
}

static void
test_close_out (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccEnrollmentRow) zoe = NULL, noe = NULL, place = NULL, pm = NULL;
  AccStoreStatus status;

  g_assert_true (acc_store_set_attendance (fx->store, FX_E_ZOE, ACC_ATTENDANCE_PRESENT, &error));
  g_assert_true (acc_store_set_attendance (fx->store, FX_E_NOE, ACC_ATTENDANCE_ABSENT, &error));
  g_assert_true (acc_store_close_out (fx->store, FX_SESSION_AM, &error));
  g_assert_no_error (error);

  zoe = get_row (fx->store, FX_E_ZOE);
  noe = get_row (fx->store, FX_E_NOE);
  place = get_row (fx->store, FX_E_PLACE);
  pm = get_row (fx->store, FX_E_ZOE_PM);
  g_assert_cmpint (zoe->attendance, ==, ACC_ATTENDANCE_PRESENT);
  g_assert_cmpint (noe->attendance, ==, ACC_ATTENDANCE_ABSENT);
  g_assert_cmpint (place->attendance, ==, ACC_ATTENDANCE_NO_SHOW);
  g_assert_cmpint (pm->attendance, ==, ACC_ATTENDANCE_UNDETERMINED);

  status = acc_test_get_status (fx->store);
  g_assert_cmpuint (status.attendance[ACC_ATTENDANCE_NO_SHOW], ==, 1);
  g_assert_cmpuint (status.attendance[ACC_ATTENDANCE_UNDETERMINED], ==, 1);

  /* The late family arrives after all: a new fact wins over the close-out. */
  g_assert_true (acc_store_set_attendance (fx->store, FX_E_PLACE, ACC_ATTENDANCE_LATE, &error));
  g_clear_pointer (&place, acc_enrollment_row_free);
  place = get_row (fx->store, FX_E_PLACE);
  g_assert_cmpint (place->attendance, ==, ACC_ATTENDANCE_LATE);

  g_assert_false (acc_store_close_out (fx->store, "no-such-session", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
}

static void
test_participant_update (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) changes = acc_test_parse ("{\"first_name\":\"Inès\",\"placeholder\":false,"
                                                  "\"allergies\":\"Gluten\"}");
  g_autoptr(AccEnrollmentRow) row = NULL;
  g_autoptr(JsonObject) bad = acc_test_parse ("{\"first_name\":12}");

  g_assert_true (acc_store_update_participant (fx->store, FX_PLACEHOLDER, changes, &error));
  g_assert_no_error (error);
  row = get_row (fx->store, FX_E_PLACE);
  g_assert_cmpstr (row->first_name, ==, "Inès");
  g_assert_false (row->placeholder);

  g_assert_false (acc_store_update_participant (fx->store, FX_PLACEHOLDER, bad, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
}

#define STATUS_FIELDS(enrollment, status) \
  "\"enrollment_id\":\"" enrollment "\",\"status\":\"" status "\""

static void
test_enrollment_status (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccEnrollmentRow) row = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  AccStoreStatus before = acc_test_get_status (fx->store);

  /* Cancelling frees the place in the group, and the day counts one enrollment less. */
  g_assert_cmpint (acc_test_count_in_group (fx->store, FX_GROUP_A), ==, 2);
  g_assert_true (acc_store_set_enrollment_status (fx->store, FX_E_NOE,
                                                  ACC_ENROLLMENT_STATUS_CANCELLED, &error));
  g_assert_no_error (error);
  row = get_row (fx->store, FX_E_NOE);
  g_assert_cmpint (row->status, ==, ACC_ENROLLMENT_STATUS_CANCELLED);
  g_assert_cmpint (acc_test_count_in_group (fx->store, FX_GROUP_A), ==, 1);
  g_assert_cmpuint (acc_test_get_status (fx->store).enrollments, ==, before.enrollments - 1);
  g_assert_cmpuint (acc_test_get_status (fx->store).pending, ==, 1);
  g_clear_pointer (&row, acc_enrollment_row_free);

  /* Cancelling again says nothing new; a cancelled enrollment is not checked in. */
  g_assert_true (acc_store_set_enrollment_status (fx->store, FX_E_NOE,
                                                  ACC_ENROLLMENT_STATUS_CANCELLED, &error));
  g_assert_cmpuint (acc_test_get_status (fx->store).pending, ==, 1);
  g_assert_false (acc_store_check_in (fx->store, (const char *[]) { FX_E_NOE, NULL }, TRUE,
                                      &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_clear_error (&error);

  /* Booked again, it holds its place again. */
  g_assert_true (acc_store_set_enrollment_status (fx->store, FX_E_NOE,
                                                  ACC_ENROLLMENT_STATUS_BOOKED, &error));
  row = get_row (fx->store, FX_E_NOE);
  g_assert_cmpint (row->status, ==, ACC_ENROLLMENT_STATUS_BOOKED);
  g_assert_cmpint (acc_test_count_in_group (fx->store, FX_GROUP_A), ==, 2);
  g_clear_pointer (&row, acc_enrollment_row_free);

  /* A fact overrides the plan's status, as an assignment overrides its group. */
  g_assert_true (acc_store_set_enrollment_status (fx->store, FX_E_MARTIN,
                                                  ACC_ENROLLMENT_STATUS_BOOKED, &error));
  g_assert_cmpint (acc_test_count_in_group (fx->store, FX_GROUP_B), ==, 1);

  /* Two desks that disagree make a conflict, shown in words and resolved like the others. */
  put_remote (fx->store, "s1", "enrollment_status", HLC ("10000", "a"), "",
              STATUS_FIELDS (FX_E_ZOE, "cancelled"));
  put_remote (fx->store, "s2", "enrollment_status", HLC ("20000", "b"), "",
              STATUS_FIELDS (FX_E_ZOE, "booked"));
  row = get_row (fx->store, FX_E_ZOE);
  g_assert_cmpint (row->status, ==, ACC_ENROLLMENT_STATUS_BOOKED);
  g_assert_cmpuint (row->n_conflicts, ==, 1);
  g_clear_pointer (&row, acc_enrollment_row_free);
  conflicts = acc_store_list_conflicts (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  {
    AccConflict *conflict = g_ptr_array_index (conflicts, 0);
    AccConflictFact *first = g_ptr_array_index (conflict->facts, 0);

    g_assert_cmpstr (conflict->kind, ==, "enrollment_status");
    g_assert_cmpstr (first->value_label, ==, "Booked");
  }
  g_assert_true (acc_store_resolve_conflict (fx->store, "enrollment_status", FX_E_ZOE, NULL, "s1",
                                             &error));
  g_assert_no_error (error);
  row = get_row (fx->store, FX_E_ZOE);
  g_assert_cmpint (row->status, ==, ACC_ENROLLMENT_STATUS_CANCELLED);
  g_assert_cmpuint (row->n_conflicts, ==, 0);
  g_clear_pointer (&row, acc_enrollment_row_free);

  /* An unknown status is no fact this desk can use; an unknown enrollment is refused. */
  put_remote (fx->store, "s3", "enrollment_status", HLC ("30000", "a"), "\"s1\"",
              STATUS_FIELDS (FX_E_ZOE, "waitlisted"));
  row = get_row (fx->store, FX_E_ZOE);
  g_assert_cmpint (row->status, ==, ACC_ENROLLMENT_STATUS_CANCELLED);
  g_assert_cmpuint (acc_test_get_status (fx->store).unusable, ==, 1);
  g_assert_false (acc_store_set_enrollment_status (fx->store, "no-such-enrollment",
                                                   ACC_ENROLLMENT_STATUS_CANCELLED, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
}

static void
test_instructors (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) export = NULL;
  JsonArray *groups, *instructors;

  g_assert_true (acc_store_set_instructor_attendance (fx->store, FX_INSTRUCTOR,
                                                      ACC_INSTRUCTOR_ATTENDANCE_ABSENT, &error));
  g_assert_true (acc_store_assign_instructor (fx->store, FX_GROUP_A, FX_INSTRUCTOR2, &error));
  g_assert_true (acc_store_assign_instructor (fx->store, FX_GROUP_PM, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (acc_store_assign_instructor (fx->store, FX_GROUP_A, "nobody", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);

  export = acc_store_export_json (fx->store, NULL);
  groups = json_object_get_array_member (json_node_get_object (export), "groups");
  instructors = json_object_get_array_member (json_node_get_object (export), "instructors");
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *group = json_array_get_object_element (groups, i);
      const char *id = json_object_get_string_member (group, "id");

      if (g_str_equal (id, FX_GROUP_A))
        g_assert_cmpstr (json_object_get_string_member (group, "instructor_id"), ==, FX_INSTRUCTOR2);
      else if (g_str_equal (id, FX_GROUP_PM))
        g_assert_true (json_object_get_null_member (group, "instructor_id"));
      if (g_str_equal (id, FX_GROUP_A))
        g_assert_cmpint (json_object_get_int_member (group, "count"), ==, 2);
    }
  for (guint i = 0; i < json_array_get_length (instructors); i++)
    {
      JsonObject *instructor = json_array_get_object_element (instructors, i);

      if (g_str_equal (json_object_get_string_member (instructor, "id"), FX_INSTRUCTOR))
        g_assert_cmpstr (json_object_get_string_member (instructor, "attendance"), ==, "absent");
    }
}

/* Random facts, as several desks would write them while seeing only some of each other's:
 * every order of arrival, and deriving from scratch, must give the same state. */
static GPtrArray *
random_facts (GRand *rand,
              guint  n)
{
  static const char *enrollments[] = { FX_E_ZOE, FX_E_NOE, FX_E_PLACE, FX_E_ZOE_PM,
                                       "40000000-0000-4000-8000-000000000001" };
  static const char *groups[] = { FX_GROUP_A, FX_GROUP_B, FX_GROUP_PM };
  static const char *states[] = { "undetermined", "present", "late", "absent", "excused" };
  static const char *participants[] = { FX_ZOE, FX_NOE, FX_PLACEHOLDER };
  static const char *names[] = { "Zoé", "Inès", "Léo" };
  GPtrArray *facts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) supersedes = g_string_new (NULL);
      g_autofree char *id = g_strdup_printf ("50000000-0000-4000-8000-%012u", i);
      g_autofree char *hlc = g_strdup_printf ("%018u-%06u-%c",
                                              1798000000 + g_rand_int_range (rand, 0, 50),
                                              g_rand_int_range (rand, 0, 3),
                                              'a' + g_rand_int_range (rand, 0, 3));
      g_autofree char *fields = NULL;
      const char *enrollment = enrollments[g_rand_int_range (rand, 0, G_N_ELEMENTS (enrollments))];
      const char *kind;

      for (guint k = 0; i > 0 && k < 2; k++)
        if (g_rand_boolean (rand))
          g_string_append_printf (supersedes, "%s\"50000000-0000-4000-8000-%012u\"",
                                  supersedes->len ? "," : "", g_rand_int_range (rand, 0, i));

      switch (g_rand_int_range (rand, 0, 8))
        {
        case 0:
          kind = "checkin";
          fields = g_strdup_printf ("\"enrollment_id\":\"%s\",\"present\":%s", enrollment,
                                    g_rand_boolean (rand) ? "true" : "false");
          break;
        case 1:
          kind = "assign_group";
          fields = g_strdup_printf ("\"enrollment_id\":\"%s\",\"group_id\":\"%s\",\"reason\":\"\"",
                                    enrollment, groups[g_rand_int_range (rand, 0, 3)]);
          break;
        case 2:
          kind = "attendance";
          fields = g_strdup_printf ("\"enrollment_id\":\"%s\",\"state\":\"%s\"", enrollment,
                                    states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))]);
          break;
        case 3:
          kind = "instructor_attendance";
          fields = g_strdup_printf ("\"instructor_id\":\"%s\",\"state\":\"%s\"",
                                    g_rand_boolean (rand) ? FX_INSTRUCTOR : FX_INSTRUCTOR2,
                                    g_rand_boolean (rand) ? "present" : "absent");
          break;
        case 4:
          kind = "assign_instructor";
          fields = g_strdup_printf ("\"group_id\":\"%s\",\"instructor_id\":%s",
                                    groups[g_rand_int_range (rand, 0, 3)],
                                    g_rand_boolean (rand) ? "null" : "\"" FX_INSTRUCTOR2 "\"");
          break;
        case 5:
          kind = "participant_update";
          fields = g_strdup_printf ("\"participant_id\":\"%s\",\"changes\":{\"first_name\":\"%s\"%s}",
                                    participants[g_rand_int_range (rand, 0, 3)],
                                    names[g_rand_int_range (rand, 0, 3)],
                                    g_rand_boolean (rand) ? ",\"placeholder\":false" : "");
          break;
        case 6:
          kind = "enrollment_status";
          fields = g_strdup_printf ("\"enrollment_id\":\"%s\",\"status\":\"%s\"", enrollment,
                                    g_rand_boolean (rand) ? "booked" : "cancelled");
          break;
        default:
          kind = "close_out";
          fields = g_strdup_printf ("\"session_id\":\"%s\",\"cutoff\":\"%s\"",
                                    g_rand_boolean (rand) ? FX_SESSION_AM : FX_SESSION_PM,
                                    g_rand_boolean (rand) ? "09:15" : "09:20");
          break;
        }

      g_ptr_array_add (facts, remote_fact (id, kind, hlc, supersedes->str, fields));
    }

  return facts;
}

static void
put_each (AccStore  *store,
          GPtrArray *docs,
          GRand     *rand)
{
  guint i = 0;

  while (i < docs->len)
    {
      guint batch = rand ? g_rand_int_range (rand, 1, 8) : 1;
      g_autoptr(GString) array = g_string_new ("[");

      for (guint j = 0; j < batch && i < docs->len; j++, i++)
        g_string_append_printf (array, "%s%s", j ? "," : "", (char *) g_ptr_array_index (docs, i));
      g_string_append (array, "]");
      acc_test_put_json (store, array->str);
    }
}

static void
test_random_equivalence (void)
{
  g_autofree char *dir = acc_test_make_dir ();

  for (guint round = 0; round < 25; round++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (round + 1);
      g_autoptr(GPtrArray) facts = random_facts (rand, 40 + round * 4);
      g_autoptr(GPtrArray) everything = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) fixture = acc_test_fixture_docs ();
      g_autofree char *name_a = g_strdup_printf ("a%u.db", round);
      g_autofree char *name_b = g_strdup_printf ("b%u.db", round);
      g_autoptr(AccStore) a = acc_test_open_new (dir, name_a);
      g_autoptr(AccStore) b = acc_test_open_new (dir, name_b);
      g_autofree char *export_a = NULL, *export_b = NULL, *export_again = NULL;
      g_autoptr(GError) error = NULL;

      /* Desk a: the planning first, then the facts one by one as they were written. */
      acc_test_put_fixture (a);
      put_each (a, facts, NULL);
      export_a = acc_test_export (a);

      /* Desk b: planning and facts mixed, in random order and random batches. */
      for (guint i = 0; i < fixture->len; i++)
        {
          JsonNode *node = json_node_init_object (json_node_alloc (), g_ptr_array_index (fixture, i));
          g_ptr_array_add (everything, json_to_string (node, FALSE));
          json_node_unref (node);
        }
      for (guint i = 0; i < facts->len; i++)
        g_ptr_array_add (everything, g_strdup (g_ptr_array_index (facts, i)));
      for (guint i = everything->len - 1; i > 0; i--)
        {
          guint j = g_rand_int_range (rand, 0, i + 1);
          gpointer tmp = everything->pdata[i];
          everything->pdata[i] = everything->pdata[j];
          everything->pdata[j] = tmp;
        }
      put_each (b, everything, rand);
      export_b = acc_test_export (b);
      g_assert_cmpstr (export_a, ==, export_b);

      /* From scratch. */
      g_assert_true (acc_store_rederive (a, &error));
      g_assert_no_error (error);
      export_again = acc_test_export (a);
      g_assert_cmpstr (export_a, ==, export_again);
    }

  acc_test_remove_dir (dir);
}

/* The random sets above must exercise what they claim to: some conflicts, some
 * supersessions, some early facts. */
static void
test_random_coverage (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GPtrArray) facts = random_facts (rand, 120);
  g_autoptr(AccStore) store = acc_test_open_new (dir, "day.db");
  g_autofree char *export = NULL;

  acc_test_put_fixture (store);
  put_each (store, facts, NULL);
  g_assert_cmpuint (acc_test_get_status (store).conflicts, >, 0);
  export = acc_test_export (store);
  g_assert_nonnull (strstr (export, "\"checked_in\" : true"));
  g_assert_nonnull (strstr (export, "no_show"));
  acc_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  acc_test_add_day ("/derive/supersession", test_supersession);
  acc_test_add_day ("/derive/conflict", test_conflict);
  acc_test_add_day ("/derive/early-facts", test_early_facts);
  acc_test_add_day ("/derive/close-out", test_close_out);
  acc_test_add_day ("/derive/participant-update", test_participant_update);
  acc_test_add_day ("/derive/enrollment-status", test_enrollment_status);
  acc_test_add_day ("/derive/instructors", test_instructors);
  g_test_add_func ("/derive/random-equivalence", test_random_equivalence);
  g_test_add_func ("/derive/random-coverage", test_random_coverage);

  return g_test_run ();
}
