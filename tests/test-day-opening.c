/* test-day-opening.c: a new day opened at the desk from a held one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "acc-day-opening.h"
#include "acc-document.h"
#include "acc-error.h"
#include "acc-peer-server.h"
#include "acc-store.h"
#include "acc-test-util.h"

#define NEW_DAY "2026-12-27"

/* The fixture day of 2026-12-26 as the school's, where Zoé's morning enrollment belongs to a
 * week course (Monday to Saturday) and every other enrollment is a one-day lesson. Zoé was
 * then moved to group B, given a medical note, and checked in; group B got an instructor. */
static AccStore *
open_held_day (const char *dir,
               const char *name)
{
  g_autoptr(AccStore) store = acc_test_open_new (dir, name);
  g_autoptr(GPtrArray) docs = acc_test_fixture_docs ();
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(GError) error = NULL;
  const char *zoe[] = { FX_E_ZOE, NULL };

  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);

      if (g_strcmp0 (acc_document_get_string (doc, "_id"), FX_E_ZOE) == 0)
        {
          json_object_set_string_member (doc, "course_first_day", "2026-12-22");
          json_object_set_string_member (doc, "course_last_day", "2026-12-27");
        }
    }
  acc_store_put_documents (store, (JsonObject **) docs->pdata, docs->len, ACC_PUT_DEFAULT,
                           &error);
  g_assert_no_error (error);
  g_assert_true (acc_store_set_day (store, "2026-12-26", &error));
  g_assert_true (acc_peer_server_keep_day_name (store, "esf-test-2026-12-26", &error));

  json_object_set_string_member (changes, "medical_notes", "Asthme");
  g_assert_true (acc_store_assign_group (store, FX_E_ZOE, FX_GROUP_B, NULL, &error));
  g_assert_true (acc_store_update_participant (store, FX_ZOE, changes, &error));
  g_assert_true (acc_store_assign_instructor (store, FX_GROUP_B, FX_INSTRUCTOR2, &error));
  g_assert_true (acc_store_check_in (store, zoe, TRUE, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

static char *
derived (const char *id)
{
  return acc_uuid_derive (id, NEW_DAY);
}

static AccStore *
open_new_day (const char *dir,
              const char *name,
              AccStore   *held)
{
  g_autoptr(AccStore) store = acc_test_open_new (dir, name);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (acc_day_open_from (store, held, NEW_DAY, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (acc_test_get_status (store).pending, ==, n);
  return g_steal_pointer (&store);
}

/* The new day has the sessions at the same time on its date, the groups with their
 * instructors now, and Zoé in the group she was moved to, with her note; nobody is
 * checked in, and the one-day lessons stayed behind. */
static void
test_open_day (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  g_autoptr(AccStore) held = open_held_day (dir, "held.db");
  g_autoptr(AccStore) day = open_new_day (dir, "new.db", held);
  g_autofree char *e_zoe = derived (FX_E_ZOE);
  g_autofree char *e_noe = derived (FX_E_NOE);
  g_autofree char *group_b = derived (FX_GROUP_B);
  g_autofree char *session = derived (FX_SESSION_AM);
  g_autofree char *instructor2 = derived (FX_INSTRUCTOR2);
  g_autofree char *name = acc_peer_server_dup_day_name (day);
  g_autofree char *date = acc_store_dup_day (day);
  g_autofree char *source = acc_store_dup_meta (day, ACC_DAY_OPENED_FROM_KEY);
  g_autoptr(AccEnrollmentRow) row = acc_test_get_row (day, e_zoe);
  g_autoptr(AccGroupRow) group = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (name, ==, "esf-test-" NEW_DAY);
  g_assert_cmpstr (date, ==, NEW_DAY);
  g_assert_cmpstr (source, ==, "esf-test-2026-12-26");

  g_assert_cmpstr (row->group_id, ==, group_b);
  g_assert_cmpstr (row->session_id, ==, session);
  g_assert_cmpstr (row->starts_at, ==, NEW_DAY "T09:00:00+01:00");
  g_assert_cmpstr (row->first_name, ==, "Zoé");
  g_assert_cmpstr (row->medical_notes, ==, "Asthme");
  g_assert_cmpstr (row->booking_reference, ==, FX_REFERENCE);
  g_assert_cmpstr (row->payer_name, !=, NULL);
  g_assert_false (row->checked_in);

  group = acc_store_get_group (day, group_b, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (group->instructor_id, ==, instructor2);
  g_assert_cmpint (group->count, ==, 1);

  doc = acc_store_dup_document (day, e_noe, NULL);
  g_assert_null (doc);
  doc = acc_store_dup_document (day, e_zoe, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (acc_document_get_string (doc, "origin"), ==, ACC_DAY_OPENING_ORIGIN);
  g_assert_true (g_str_has_prefix (acc_document_get_string (doc, "_rev"), "1-"));

  acc_test_remove_dir (dir);
}

/* Two desks that open the day apart, each from its own copy of the held day, write the
 * same documents: the same ids and the same revisions. */
static void
test_two_desks (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  g_autoptr(AccStore) held_a = open_held_day (dir, "held-a.db");
  g_autoptr(AccStore) held_b = open_held_day (dir, "held-b.db");
  g_autoptr(AccStore) day_a = open_new_day (dir, "new-a.db", held_a);
  g_autoptr(AccStore) day_b = open_new_day (dir, "new-b.db", held_b);
  g_autoptr(GPtrArray) docs_a = acc_store_list_documents (day_a, ACC_DOCUMENTS_ALL, NULL, 1000,
                                                          NULL);
  g_autoptr(GPtrArray) docs_b = acc_store_list_documents (day_b, ACC_DOCUMENTS_ALL, NULL, 1000,
                                                          NULL);

  g_assert_cmpstr (acc_store_get_device_id (held_a), !=, acc_store_get_device_id (held_b));
  g_assert_cmpuint (docs_a->len, ==, docs_b->len);
  for (guint i = 0; i < docs_a->len; i++)
    {
      g_autofree char *a = acc_document_to_canonical (g_ptr_array_index (docs_a, i));
      g_autofree char *b = acc_document_to_canonical (g_ptr_array_index (docs_b, i));

      g_assert_cmpstr (a, ==, b);
      g_assert_cmpstr (acc_document_get_string (g_ptr_array_index (docs_a, i), "_rev"), ==,
                       acc_document_get_string (g_ptr_array_index (docs_b, i), "_rev"));
    }

  acc_test_remove_dir (dir);
}

static void
test_refused (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  g_autoptr(AccStore) held = open_held_day (dir, "held.db");
  g_autoptr(AccStore) day = open_new_day (dir, "new.db", held);
  g_autoptr(AccStore) fresh = acc_test_open_new (dir, "fresh.db");
  g_autoptr(AccStore) nameless = acc_test_open_new (dir, "nameless.db");
  g_autoptr(GError) error = NULL;

  /* Into a day that holds documents already. */
  g_assert_false (acc_day_open_from (day, held, "2026-12-28", NULL, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_clear_error (&error);
  /* The held day itself, or no day at all. */
  g_assert_false (acc_day_open_from (fresh, held, "2026-12-26", NULL, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (acc_day_open_from (fresh, held, "2026-12-32", NULL, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_clear_error (&error);
  /* From a file that holds no day, and so no school. */
  g_assert_false (acc_day_open_from (fresh, nameless, NEW_DAY, NULL, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_assert_cmpint (acc_test_count_docs (fresh), ==, 0);

  acc_test_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/day-opening/open", test_open_day);
  g_test_add_func ("/day-opening/two-desks", test_two_desks);
  g_test_add_func ("/day-opening/refused", test_refused);

  return g_test_run ();
}
