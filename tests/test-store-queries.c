/* test-store-queries.c: what the screens ask the store, and what it tells them changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "acc-booking-result.h"
#include "acc-error.h"
#include "acc-replacement.h"
#include "acc-search-model.h"
#include "acc-store-watch.h"
#include "acc-test-util.h"

typedef AccTestDay Fixture;

static void
test_booking (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccBookingInfo) info = acc_store_get_booking (fx->store, FX_BOOKING, &error);
  g_autoptr(AccEnrollmentRow) zoe = acc_test_get_row (fx->store, FX_E_ZOE);

  g_assert_no_error (error);
  g_assert_cmpstr (info->reference, ==, FX_REFERENCE);
  g_assert_cmpstr (info->payer_last_name, ==, "Lefèvre");
  g_assert_cmpint (info->balance_due_cents, ==, 4500);
  g_assert_cmpstr (info->currency, ==, "EUR");

  g_assert_null (acc_store_get_booking (fx->store, "nope", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);

  g_assert_cmpstr (zoe->group_label, ==, "Ourson 1");
  g_assert_cmpstr (zoe->instructor_name, ==, "Anne Moniteur");
  g_assert_cmpstr (zoe->declared_level_label, ==, "Ourson");
  g_assert_cmpstr (zoe->allergies, ==, "Arachides");
  g_assert_cmpint (zoe->birth_year, ==, 2019);
  g_assert_cmpstr (zoe->ends_at, ==, "2026-12-26T11:30:00+01:00");
  g_assert_nonnull (zoe->pickup_adults);
  g_assert_cmpuint (g_strv_length (zoe->pickup_adults), ==, 0);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* That @rows, which it takes, are the enrollments @expected lists, sorted, in any order. */
static void
assert_ids (GPtrArray  *rows,
            const char *expected)
{
  g_autoptr(GPtrArray) taken = rows;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  g_assert_nonnull (taken);
  for (guint i = 0; i < taken->len; i++)
    g_ptr_array_add (ids, ((AccEnrollmentRow *) g_ptr_array_index (taken, i))->enrollment_id);
  g_ptr_array_sort (ids, compare_ids);
  g_ptr_array_add (ids, NULL);
  joined = g_strjoinv (" ", (char **) ids->pdata);
  g_assert_cmpstr (joined, ==, expected);
}

/* Each typed read gives the enrollments of what it names, cancelled ones included. */
static void
test_enrollment_reads (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccEnrollmentRow) zoe_pm = NULL;
  g_autoptr(AccEnrollmentRow) nobody = NULL;

  assert_ids (acc_store_list_enrollments_of_session (fx->store, FX_SESSION_AM, NULL),
              FX_E_ZOE " " FX_E_NOE " " FX_E_PLACE " " FX_E_MARTIN);
  assert_ids (acc_store_list_enrollments_of_group (fx->store, FX_GROUP_A, NULL),
              FX_E_ZOE " " FX_E_NOE);
  assert_ids (acc_store_list_enrollments_of_group (fx->store, FX_GROUP_B, NULL), FX_E_MARTIN);
  assert_ids (acc_store_list_enrollments_of_booking (fx->store, FX_BOOKING, NULL),
              FX_E_ZOE " " FX_E_NOE " " FX_E_PLACE " " FX_E_ZOE_PM);
  assert_ids (acc_store_list_enrollments_of_session (fx->store, "nope", NULL), "");

  zoe_pm = acc_store_get_enrollment (fx->store, FX_E_ZOE_PM, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (zoe_pm->enrollment_id, ==, FX_E_ZOE_PM);
  g_assert_cmpstr (zoe_pm->session_id, ==, FX_SESSION_PM);

  nobody = acc_store_get_enrollment (fx->store, "nope", &error);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_assert_null (nobody);
}

static void
test_groups_and_suggestion (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = acc_store_list_groups (fx->store, FX_SESSION_AM, &error);
  g_autofree char *suggested = NULL;
  AccGroupRow *a, *b;

  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 2);
  a = g_ptr_array_index (groups, 0);
  b = g_ptr_array_index (groups, 1);
  g_assert_cmpstr (a->id, ==, FX_GROUP_A);
  g_assert_cmpint (a->count, ==, 2);
  g_assert_cmpint (a->capacity, ==, 2);
  g_assert_cmpstr (a->instructor_name, ==, "Anne Moniteur");
  /* Léa's enrollment in Ourson 2 is cancelled: it takes no place. */
  g_assert_cmpint (b->count, ==, 0);
  g_assert_null (b->instructor_id);

  /* One group, read alone, as the list gives it. */
  {
    g_autoptr(AccGroupRow) one = acc_store_get_group (fx->store, FX_GROUP_A, &error);
    g_autoptr(AccInstructorRow) anne = acc_store_get_instructor (fx->store, FX_INSTRUCTOR,
                                                                 &error);

    g_assert_no_error (error);
    g_assert_cmpstr (one->id, ==, FX_GROUP_A);
    g_assert_cmpint (one->count, ==, a->count);
    g_assert_cmpstr (one->instructor_name, ==, a->instructor_name);
    g_assert_cmpstr (one->session_id, ==, a->session_id);
    g_assert_cmpstr (anne->id, ==, FX_INSTRUCTOR);
    g_assert_cmpstr (anne->id, ==, a->instructor_id);
    g_assert_null (acc_store_get_group (fx->store, "nope", &error));
    g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_null (acc_store_get_instructor (fx->store, "nope", &error));
    g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Ourson 1 is full: the placeholder goes to Ourson 2. */
  suggested = acc_store_suggest_group (fx->store, FX_E_PLACE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (suggested, ==, FX_GROUP_B);
  g_clear_pointer (&suggested, g_free);

  g_assert_null (acc_store_suggest_group (fx->store, "nope", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* No group of that id: nothing is moved. */
  g_assert_false (acc_store_assign_group (fx->store, FX_E_NOE, "nope", "test", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* With a place free in Ourson 1 and one pupil put in Ourson 2, Ourson 1 has fewer. */
  g_assert_true (acc_store_assign_group (fx->store, FX_E_NOE, FX_GROUP_B, "test", &error));
  suggested = acc_store_suggest_group (fx->store, FX_E_PLACE, &error);
  g_assert_cmpstr (suggested, ==, FX_GROUP_A);
}

/* The sessions that have groups, by start time, with a group whose session has not arrived
 * yet listed under its id alone. */
static void
test_sessions (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sessions = acc_store_list_sessions (fx->store, &error);
  const AccSessionRow *row;

  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 2);
  row = g_ptr_array_index (sessions, 0);
  g_assert_cmpstr (row->id, ==, FX_SESSION_AM);
  g_assert_cmpstr (row->title, ==, "Ski enfants – matin");
  g_assert_cmpstr (row->starts_at, ==, "2026-12-26T09:00:00+01:00");
  row = g_ptr_array_index (sessions, 1);
  g_assert_cmpstr (row->id, ==, FX_SESSION_PM);
  g_clear_pointer (&sessions, g_ptr_array_unref);

  acc_test_put_json (fx->store,
                     "[{\"_id\":\"00000000-0000-4000-8000-0000000000f1\",\"_rev\":\"1-a\","
                     "\"type\":\"group\",\"schema\":1,"
                     "\"session_id\":\"00000000-0000-4000-8000-0000000000f2\","
                     "\"level_id\":null,\"instructor_id\":null,\"capacity\":8,"
                     "\"label\":\"Later\",\"meeting_point_id\":null}]");
  sessions = acc_store_list_sessions (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 3);
  row = g_ptr_array_index (sessions, 0);
  g_assert_cmpstr (row->id, ==, "00000000-0000-4000-8000-0000000000f2");
  g_assert_null (row->title);
  g_assert_null (row->starts_at);
}

static void
test_check_in_and_place (Fixture       *fx,
                         gconstpointer  data)
{
  const char *ids[] = { FX_E_ZOE, FX_E_NOE, FX_E_PLACE, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AccEnrollmentRow) place = NULL, zoe = NULL;
  AccStoreStatus status;

  g_assert_true (acc_store_check_in_and_place (fx->store, ids, &error));
  g_assert_no_error (error);
  place = acc_test_get_row (fx->store, FX_E_PLACE);
  zoe = acc_test_get_row (fx->store, FX_E_ZOE);
  g_assert_true (place->checked_in);
  g_assert_cmpstr (place->group_id, ==, FX_GROUP_B);
  g_assert_cmpstr (zoe->group_id, ==, FX_GROUP_A);
  status = acc_test_get_status (fx->store);
  /* Three check-ins and one placement. */
  g_assert_cmpuint (status.pending, ==, 4);
  g_assert_cmpuint (status.checked_in, ==, 3);
}

static void
test_resolve_conflict (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(AccEnrollmentRow) zoe = NULL;
  AccConflict *conflict;
  AccConflictFact *older;

  acc_test_put_json (fx->store, "["
    "{\"_id\":\"f1\",\"_rev\":\"1-a\",\"type\":\"fact\",\"schema\":1,\"kind\":\"assign_group\","
    "\"device_id\":\"desk-a\",\"staff\":\"Marie\",\"at\":\"2026-12-26T08:01:00+01:00\","
    "\"hlc\":\"000001798000010000-000000-a\",\"supersedes\":[],"
    "\"enrollment_id\":\"" FX_E_ZOE "\",\"group_id\":\"" FX_GROUP_B "\",\"reason\":\"Niveau\"},"
    "{\"_id\":\"f2\",\"_rev\":\"1-a\",\"type\":\"fact\",\"schema\":1,\"kind\":\"assign_group\","
    "\"device_id\":\"desk-b\",\"at\":\"2026-12-26T08:02:00+01:00\","
    "\"hlc\":\"000001798000020000-000000-b\",\"supersedes\":[],"
    "\"enrollment_id\":\"" FX_E_ZOE "\",\"group_id\":\"" FX_GROUP_A "\",\"reason\":\"\"}]");

  conflicts = acc_store_list_conflicts (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->kind, ==, "group");
  g_assert_nonnull (strstr (conflict->label, "Zoé Lefèvre"));
  g_assert_cmpuint (conflict->facts->len, ==, 2);
  older = g_ptr_array_index (conflict->facts, 1);
  g_assert_cmpstr (older->fact_id, ==, "f1");
  g_assert_cmpstr (older->value_label, ==, "Ourson 2");
  g_assert_cmpstr (older->staff, ==, "Marie");

  /* A fact that is not current cannot be kept. */
  g_assert_false (acc_store_resolve_conflict (fx->store, "group", FX_E_ZOE, "", "nope", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (acc_store_resolve_conflict (fx->store, "group", FX_E_ZOE, "", "f1", &error));
  g_assert_no_error (error);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = acc_store_list_conflicts (fx->store, &error);
  g_assert_cmpuint (conflicts->len, ==, 0);
  zoe = acc_test_get_row (fx->store, FX_E_ZOE);
  g_assert_cmpstr (zoe->group_id, ==, FX_GROUP_B);
}

static void
test_resolve_participant_field (Fixture       *fx,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(AccEnrollmentRow) place = NULL;

  acc_test_put_json (fx->store, "["
    "{\"_id\":\"p1\",\"_rev\":\"1-a\",\"type\":\"fact\",\"schema\":1,\"kind\":\"participant_update\","
    "\"device_id\":\"desk-a\",\"at\":\"t\",\"hlc\":\"000001798000010000-000000-a\",\"supersedes\":[],"
    "\"participant_id\":\"" FX_PLACEHOLDER "\",\"changes\":{\"first_name\":\"Inès\",\"allergies\":\"Lait\"}},"
    "{\"_id\":\"p2\",\"_rev\":\"1-a\",\"type\":\"fact\",\"schema\":1,\"kind\":\"participant_update\","
    "\"device_id\":\"desk-b\",\"at\":\"t\",\"hlc\":\"000001798000020000-000000-b\",\"supersedes\":[],"
    "\"participant_id\":\"" FX_PLACEHOLDER "\",\"changes\":{\"first_name\":\"Agnès\"}}]");

  conflicts = acc_store_list_conflicts (fx->store, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((AccConflict *) g_ptr_array_index (conflicts, 0))->field, ==, "first_name");

  g_assert_true (acc_store_resolve_conflict (fx->store, "participant", FX_PLACEHOLDER,
                                             "first_name", "p1", &error));
  g_assert_no_error (error);
  place = acc_test_get_row (fx->store, FX_E_PLACE);
  g_assert_cmpstr (place->first_name, ==, "Inès");
  g_assert_cmpstr (place->allergies, ==, "Lait");
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = acc_store_list_conflicts (fx->store, &error);
  g_assert_cmpuint (conflicts->len, ==, 0);
}

typedef struct
{
  guint position, removed, added, calls;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
  changes->calls++;
}

static void
test_search_model (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(AccSearchModel) model = acc_search_model_new (fx->store);
  g_autoptr(AccBookingResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { FX_E_NOE, NULL };
  Changes changes = { 0 };

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changes);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  acc_search_model_set_text (model, "le");
  /* Léa Martin's booking and the Lefèvre booking. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.added, ==, 2);

  /* The Lefèvre booking stays: its row is kept, only Léa's goes. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(AccBookingResult) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (g_strcmp0 (acc_booking_result_get_reference (item), FX_REFERENCE) == 0)
        result = g_steal_pointer (&item);
    }
  g_assert_nonnull (result);
  changes.calls = 0;
  acc_search_model_set_text (model, "lefev");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 0);
  {
    g_autoptr(AccBookingResult) kept = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_true (kept == result);
  }
  g_clear_object (&result);
  result = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (acc_booking_result_get_reference (result), ==, FX_REFERENCE);
  g_assert_cmpstr (acc_booking_result_get_payer_name (result), ==, "Hélène Lefèvre");
  g_assert_cmpuint (acc_booking_result_get_rows (result)->len, ==, 4);
  g_assert_cmpuint (acc_booking_result_get_n_checked_in (result), ==, 0);
  g_clear_object (&result);

  /* A check-in changes exactly that row. */
  changes.calls = 0;
  g_assert_true (acc_store_check_in (fx->store, ids, TRUE, &error));
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 1);
  result = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpuint (acc_booking_result_get_n_checked_in (result), ==, 1);

  /* Nothing else changed: no signal. */
  changes.calls = 0;
  g_assert_true (acc_store_check_in (fx->store, ids, TRUE, &error));
  g_assert_cmpuint (changes.calls, ==, 0);

  acc_search_model_set_text (model, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

/* The ids of those the roll-call offers for @group_id, worked out from the day's rows. */
static GPtrArray *
replacement_ids (AccStore   *store,
                 const char *group_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) instructors = acc_store_list_instructors (store, &error);
  g_autoptr(GPtrArray) groups = acc_store_list_groups (store, NULL, &error);
  g_autoptr(GPtrArray) offers = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  const AccGroupRow *group = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < groups->len; i++)
    if (g_str_equal (((AccGroupRow *) g_ptr_array_index (groups, i))->id, group_id))
      group = g_ptr_array_index (groups, i);
  g_assert_nonnull (group);

  offers = acc_instructor_rows_replacing (instructors, groups, group);
  for (guint i = 0; i < offers->len; i++)
    g_ptr_array_add (ids, g_strdup (((AccInstructorRow *) g_ptr_array_index (offers, i))->id));
  return ids;
}

static void
test_roll_call (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) instructors = acc_store_list_instructors (fx->store, &error);
  g_autoptr(GPtrArray) replacements = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  AccInstructorRow *anne, *paul;

  g_assert_no_error (error);
  g_assert_cmpuint (instructors->len, ==, 2);
  anne = g_ptr_array_index (instructors, 0);
  paul = g_ptr_array_index (instructors, 1);
  g_assert_cmpstr (anne->id, ==, FX_INSTRUCTOR);
  g_assert_cmpuint (anne->n_groups, ==, 2);
  g_assert_cmpint (anne->attendance, ==, ACC_INSTRUCTOR_ATTENDANCE_UNMARKED);
  g_assert_true (paul->on_call);
  g_assert_cmpstr (paul->disciplines[0], ==, "ski");

  groups = acc_store_list_groups_of_instructor (fx->store, FX_INSTRUCTOR, &error);
  g_assert_cmpuint (groups->len, ==, 2);
  g_assert_cmpstr (((AccGroupRow *) g_ptr_array_index (groups, 0))->id, ==, FX_GROUP_A);

  /* Anne is absent: Paul, on call and free in the morning, can take her group. */
  g_assert_true (acc_store_set_instructor_attendance (fx->store, FX_INSTRUCTOR,
                                                      ACC_INSTRUCTOR_ATTENDANCE_ABSENT, &error));
  replacements = replacement_ids (fx->store, FX_GROUP_A);
  g_assert_cmpuint (replacements->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (replacements, 0), ==, FX_INSTRUCTOR2);
  g_clear_pointer (&groups, g_ptr_array_unref);
  groups = acc_store_list_groups (fx->store, FX_SESSION_AM, &error);
  g_assert_cmpint (((AccGroupRow *) g_ptr_array_index (groups, 0))->instructor_attendance, ==,
                   ACC_INSTRUCTOR_ATTENDANCE_ABSENT);

  /* Once Paul leads a morning group, or is absent himself, he is not offered. */
  g_assert_true (acc_store_assign_instructor (fx->store, FX_GROUP_A, FX_INSTRUCTOR2, &error));
  g_clear_pointer (&replacements, g_ptr_array_unref);
  replacements = replacement_ids (fx->store, FX_GROUP_B);
  g_assert_cmpuint (replacements->len, ==, 0);
  g_clear_pointer (&replacements, g_ptr_array_unref);
  replacements = replacement_ids (fx->store, FX_GROUP_PM);
  g_assert_cmpuint (replacements->len, ==, 1);
  g_assert_true (acc_store_set_instructor_attendance (fx->store, FX_INSTRUCTOR2,
                                                      ACC_INSTRUCTOR_ATTENDANCE_ABSENT, &error));
  g_clear_pointer (&replacements, g_ptr_array_unref);
  replacements = replacement_ids (fx->store, FX_GROUP_PM);
  g_assert_cmpuint (replacements->len, ==, 0);

  /* Of four more on call: one teaches below the group's level, one another discipline; of the
   * two left, the one marked present comes first, before the name order. */
  acc_test_put_json (fx->store, "["
    "{\"_id\":\"00000000-0000-4000-8000-0000000000e1\",\"_rev\":\"1-a\",\"type\":\"instructor\","
    "\"schema\":1,\"first_name\":\"Yann\",\"last_name\":\"Able\",\"phone\":\"\","
    "\"languages\":[\"fr\"],\"disciplines\":[\"ski\"],\"max_level_order\":12,\"on_call\":true},"
    "{\"_id\":\"00000000-0000-4000-8000-0000000000e2\",\"_rev\":\"1-a\",\"type\":\"instructor\","
    "\"schema\":1,\"first_name\":\"Zoe\",\"last_name\":\"Zulu\",\"phone\":\"\","
    "\"languages\":[\"fr\"],\"disciplines\":[\"snowboard\",\"ski\"],\"max_level_order\":5,"
    "\"on_call\":true},"
    "{\"_id\":\"00000000-0000-4000-8000-0000000000e3\",\"_rev\":\"1-a\",\"type\":\"instructor\","
    "\"schema\":1,\"first_name\":\"Bob\",\"last_name\":\"Low\",\"phone\":\"\","
    "\"languages\":[\"fr\"],\"disciplines\":[\"ski\"],\"max_level_order\":4,\"on_call\":true},"
    "{\"_id\":\"00000000-0000-4000-8000-0000000000e4\",\"_rev\":\"1-a\",\"type\":\"instructor\","
    "\"schema\":1,\"first_name\":\"Sam\",\"last_name\":\"Board\",\"phone\":\"\","
    "\"languages\":[\"fr\"],\"disciplines\":[\"snowboard\"],\"max_level_order\":12,"
    "\"on_call\":true}]");
  g_assert_true (acc_store_set_instructor_attendance (fx->store,
                                                      "00000000-0000-4000-8000-0000000000e2",
                                                      ACC_INSTRUCTOR_ATTENDANCE_PRESENT, &error));
  g_assert_no_error (error);
  g_clear_pointer (&replacements, g_ptr_array_unref);
  replacements = replacement_ids (fx->store, FX_GROUP_PM);
  g_assert_cmpuint (replacements->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (replacements, 0), ==, "00000000-0000-4000-8000-0000000000e2");
  g_assert_cmpstr (g_ptr_array_index (replacements, 1), ==, "00000000-0000-4000-8000-0000000000e1");
}

static AccTallyRow *
tally_of (GPtrArray  *tally,
          const char *session_id)
{
  for (guint i = 0; i < tally->len; i++)
    if (g_str_equal (((AccTallyRow *) g_ptr_array_index (tally, i))->session_id, session_id))
      return g_ptr_array_index (tally, i);

  g_assert_not_reached ();
}

static void
test_tally (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tally = acc_store_tally (fx->store, &error);
  const char *ids[] = { FX_E_ZOE, NULL };
  AccTallyRow *am;

  g_assert_no_error (error);
  g_assert_cmpuint (tally->len, ==, 2);
  am = tally_of (tally, FX_SESSION_AM);
  g_assert_cmpuint (am->expected, ==, 3);
  g_assert_cmpuint (am->checked_in, ==, 0);
  g_assert_cmpuint (am->groups, ==, 2);
  g_assert_cmpuint (am->instructors_present, ==, 0);
  g_assert_cmpstr (am->level_label, ==, "Ourson");

  g_assert_true (acc_store_check_in (fx->store, ids, TRUE, &error));
  g_assert_true (acc_store_set_instructor_attendance (fx->store, FX_INSTRUCTOR,
                                                      ACC_INSTRUCTOR_ATTENDANCE_LATE, &error));
  g_clear_pointer (&tally, g_ptr_array_unref);
  tally = acc_store_tally (fx->store, &error);
  am = tally_of (tally, FX_SESSION_AM);
  g_assert_cmpuint (am->checked_in, ==, 1);
  g_assert_cmpuint (am->instructors_present, ==, 1);
  g_assert_cmpuint (tally_of (tally, FX_SESSION_PM)->instructors_present, ==, 1);
}

static void
test_extra_group_and_close_out (Fixture       *fx,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *id = NULL;
  AccGroupRow *a;

  g_assert_null (acc_store_create_group (fx->store, FX_SESSION_AM, FX_LEVEL, 0, NULL, "X", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (acc_store_create_group (fx->store, "nope", FX_LEVEL, 8, NULL, "X", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  id = acc_store_create_group (fx->store, FX_SESSION_AM, FX_LEVEL, 8, FX_INSTRUCTOR2,
                               "Ourson 3", &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  groups = acc_store_list_groups (fx->store, FX_SESSION_AM, &error);
  g_assert_cmpuint (groups->len, ==, 3);
  /* The new group waits to be sent, like a fact. */
  g_assert_cmpuint (acc_test_get_status (fx->store).pending, ==, 1);
  g_assert_true (acc_store_assign_group (fx->store, FX_E_PLACE, id, "Groupe ouvert", &error));
  g_assert_no_error (error);

  /* Close-out: Zoé and Noé, undetermined in Ourson 1, become no-shows and free its places. */
  g_assert_true (acc_store_close_out (fx->store, FX_SESSION_AM, &error));
  g_clear_pointer (&groups, g_ptr_array_unref);
  groups = acc_store_list_groups (fx->store, FX_SESSION_AM, &error);
  a = g_ptr_array_index (groups, 0);
  g_assert_cmpstr (a->id, ==, FX_GROUP_A);
  g_assert_cmpint (a->no_shows, ==, 2);
}

static void
keep_change (AccStore        *store,
             AccStoreChange  *change,
             AccStoreChange **last)
{
  g_clear_pointer (last, acc_store_change_unref);
  *last = acc_store_change_ref (change);
}

/* Each write tells the screens which rows it changed, and what they show elsewhere. */
static void
test_change (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(AccStoreChange) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(JsonObject) doc = NULL;
  const char *ids[] = { FX_E_NOE, NULL };
  gulong handler;

  handler = g_signal_connect (fx->store, "changed", G_CALLBACK (keep_change), &last);

  /* A check-in: the enrollment and its group, and the outbox. */
  g_assert_true (acc_store_check_in (fx->store, ids, TRUE, &error));
  g_assert_no_error (error);
  g_assert_nonnull (last);
  g_assert_false (acc_store_change_is_everything (last));
  g_assert_true (acc_store_change_has_outbox (last));
  g_assert_cmpuint (acc_store_change_count (last, ACC_CHANGE_ENROLLMENT), ==, 1);
  g_assert_true (acc_store_change_contains (last, ACC_CHANGE_ENROLLMENT, FX_E_NOE));
  g_assert_false (acc_store_change_contains (last, ACC_CHANGE_ENROLLMENT, FX_E_ZOE));
  g_assert_cmpuint (acc_store_change_count (last, ACC_CHANGE_GROUP), ==, 1);
  g_assert_true (acc_store_change_contains (last, ACC_CHANGE_GROUP, FX_GROUP_A));
  g_assert_cmpuint (acc_store_change_count (last, ACC_CHANGE_INSTRUCTOR), ==, 0);

  /* A move: the group left and the group joined. */
  g_assert_true (acc_store_assign_group (fx->store, FX_E_NOE, FX_GROUP_B, "test", &error));
  g_assert_true (acc_store_change_contains (last, ACC_CHANGE_GROUP, FX_GROUP_A));
  g_assert_true (acc_store_change_contains (last, ACC_CHANGE_GROUP, FX_GROUP_B));
  g_assert_cmpuint (acc_store_change_count (last, ACC_CHANGE_GROUP), ==, 2);

  /* An instructor's mark: the instructor and the groups they lead. */
  g_assert_true (acc_store_set_instructor_attendance (fx->store, FX_INSTRUCTOR,
                                                      ACC_INSTRUCTOR_ATTENDANCE_ABSENT,
                                                      &error));
  g_assert_true (acc_store_change_contains (last, ACC_CHANGE_INSTRUCTOR, FX_INSTRUCTOR));
  g_assert_cmpuint (acc_store_change_count (last, ACC_CHANGE_INSTRUCTOR), ==, 1);
  g_assert_true (acc_store_change_contains (last, ACC_CHANGE_GROUP, FX_GROUP_A));
  g_assert_cmpuint (acc_store_change_count (last, ACC_CHANGE_ENROLLMENT), ==, 0);

  /* A replacement: the group, and the instructors it had and has. */
  g_assert_true (acc_store_assign_instructor (fx->store, FX_GROUP_A, FX_INSTRUCTOR2, &error));
  g_assert_no_error (error);
  g_assert_true (acc_store_change_contains (last, ACC_CHANGE_GROUP, FX_GROUP_A));
  g_assert_true (acc_store_change_contains (last, ACC_CHANGE_INSTRUCTOR, FX_INSTRUCTOR));
  g_assert_true (acc_store_change_contains (last, ACC_CHANGE_INSTRUCTOR, FX_INSTRUCTOR2));

  /* What the cloud confirmed: the outbox alone. */
  outbox = acc_store_list_outbox (fx->store, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, >, 0);
  doc = json_object_ref (g_ptr_array_index (outbox, 0));
  {
    const char *sent_ids[] = { json_object_get_string_member (doc, "_id"), NULL };
    const char *sent_revs[] = { json_object_get_string_member (doc, "_rev"), NULL };

    g_assert_true (acc_store_mark_sent (fx->store, sent_ids, sent_revs, 1, &error));
    g_assert_no_error (error);
  }
  g_assert_true (acc_store_change_is_empty (last));
  g_assert_true (acc_store_change_has_outbox (last));

  /* Documents put whole, or a batch stored elsewhere: everything. */
  acc_store_emit_changed (fx->store);
  g_assert_true (acc_store_change_is_everything (last));
  g_assert_true (acc_store_change_contains (last, ACC_CHANGE_ENROLLMENT, FX_E_ZOE));

  g_signal_handler_disconnect (fx->store, handler);
}

static void
count_change (GObject        *owner,
              AccStoreChange *change)
{
  guint *count = g_object_get_data (owner, "count");

  g_assert_nonnull (change);
  (*count)++;
}

/* A watch holds the store and follows it until cleared or until its owner goes. */
static void
test_watch (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) gone = g_object_new (G_TYPE_OBJECT, NULL);
  AccStoreWatch watch = { 0 }, other = { 0 };
  guint count = 0, gone_count = 0;

  g_object_set_data (owner, "count", &count);
  g_object_set_data (gone, "count", &gone_count);

  g_assert_true (acc_store_watch_set (&watch, fx->store, (AccStoreWatchFunc) count_change,
                                      owner));
  g_assert_true (watch.store == fx->store);
  g_assert_false (acc_store_watch_set (&watch, fx->store, (AccStoreWatchFunc) count_change,
                                       owner));
  g_assert_true (acc_store_watch_set (&other, fx->store, (AccStoreWatchFunc) count_change,
                                      gone));

  acc_store_emit_changed (fx->store);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpuint (gone_count, ==, 1);

  /* The owner is gone: its handler with it. */
  g_clear_object (&gone);
  acc_store_emit_changed (fx->store);
  g_assert_cmpuint (count, ==, 2);
  g_assert_cmpuint (gone_count, ==, 1);
  g_clear_object (&other.store);

  acc_store_watch_clear (&watch);
  g_assert_null (watch.store);
  acc_store_emit_changed (fx->store);
  g_assert_cmpuint (count, ==, 2);

  g_assert_true (acc_store_watch_set (&watch, NULL, (AccStoreWatchFunc) count_change, owner)
                 == FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  acc_test_add_day ("/store-queries/booking", test_booking);
  acc_test_add_day ("/store-queries/enrollment-reads", test_enrollment_reads);
  acc_test_add_day ("/store-queries/groups-and-suggestion", test_groups_and_suggestion);
  acc_test_add_day ("/store-queries/sessions", test_sessions);
  acc_test_add_day ("/store-queries/check-in-and-place", test_check_in_and_place);
  acc_test_add_day ("/store-queries/resolve-conflict", test_resolve_conflict);
  acc_test_add_day ("/store-queries/resolve-participant-field", test_resolve_participant_field);
  acc_test_add_day ("/store-queries/search-model", test_search_model);
  acc_test_add_day ("/store-queries/roll-call", test_roll_call);
  acc_test_add_day ("/store-queries/tally", test_tally);
  acc_test_add_day ("/store-queries/extra-group-and-close-out", test_extra_group_and_close_out);
  acc_test_add_day ("/store-queries/change", test_change);
  acc_test_add_day ("/store-queries/watch", test_watch);

  return g_test_run ();
}
