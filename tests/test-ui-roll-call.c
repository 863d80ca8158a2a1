/* test-ui-roll-call.c: the instructors' roll-call and the group roll-call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "acc-demo.h"
#include "acc-group-roll-call-page.h"
#include "acc-roll-call-page.h"
#include "acc-test-window.h"

typedef AccTestDay Fixture;

static GtkWidget *
show_in_window (GtkWidget *page)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_present (GTK_WINDOW (window));
  SPIN_UNTIL (gtk_widget_get_mapped (page));

  return window;
}

static void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  acc_test_spin_a_little ();
}

static gboolean
is_label_reading (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* How many labels under @widget read exactly @text. */
static guint
count_labels (GtkWidget  *widget,
              const char *text)
{
  return acc_test_count (widget, is_label_reading, text);
}

/* An actionable's action and target: (ss) or s; NULL matches any. With @drawn, only one that
 * is drawn matches. */
typedef struct
{
  const char *action;
  const char *first;
  const char *second;
  gboolean    drawn;
} ActionTarget;

static gboolean
is_actionable_for (GtkWidget     *widget,
                   gconstpointer  data)
{
  const ActionTarget *want = data;
  GVariant *target;
  const char *a = NULL, *b = NULL;

  if (!GTK_IS_ACTIONABLE (widget) ||
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), want->action) != 0 ||
      (want->drawn && !gtk_widget_is_drawable (widget)))
    return FALSE;

  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  if (target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE ("(ss)")))
    g_variant_get (target, "(&s&s)", &a, &b);
  else if (target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING))
    a = g_variant_get_string (target, NULL);

  return (want->first == NULL || g_strcmp0 (a, want->first) == 0) &&
         (want->second == NULL || g_strcmp0 (b, want->second) == 0);
}

/* How many actionables under @widget activate @action with @first (and @second) as target. */
static guint
count_actionables (GtkWidget  *widget,
                   const char *action,
                   const char *first,
                   const char *second)
{
  ActionTarget want = { action, first, second };

  return acc_test_count (widget, is_actionable_for, &want);
}

/* The roll-call button that marks @instructor_id @state, if it is there. */
static GtkWidget *
find_mark_button (GtkWidget  *widget,
                  const char *instructor_id,
                  const char *state)
{
  ActionTarget want = { "roll-call.mark", instructor_id, state };

  return acc_test_find (widget, is_actionable_for, &want);
}

static gboolean
mark_is_current (GtkWidget  *page,
                 const char *instructor_id,
                 const char *state)
{
  GtkWidget *button = find_mark_button (page, instructor_id, state);

  return button != NULL && gtk_widget_has_css_class (button, "acc-roll-current");
}

static char *
dup_instructor_attendance (AccStore   *store,
                           const char *instructor_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = acc_store_list_instructors (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      AccInstructorRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->id, instructor_id) == 0)
        return g_strdup (acc_instructor_attendance_to_string (row->attendance));
    }

  g_assert_not_reached ();
  return NULL;
}

static char *
dup_group_instructor (AccStore   *store,
                      const char *group_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = acc_store_list_groups (store, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      AccGroupRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->id, group_id) == 0)
        return g_strdup (row->instructor_id);
    }

  g_assert_not_reached ();
  return NULL;
}

static gboolean
offers_contain (AccRollCallPage *page,
                const char      *group_id,
                const char      *instructor_id)
{
  g_autoptr(GPtrArray) offers = acc_roll_call_page_get_offers (page, group_id);

  for (guint i = 0; i < offers->len; i++)
    if (g_strcmp0 (g_ptr_array_index (offers, i), instructor_id) == 0)
      return TRUE;

  return FALSE;
}

static void
test_roll_call_absent_and_replace (Fixture       *fx,
                                   gconstpointer  data)
{
  GtkWidget *page = acc_roll_call_page_new (fx->store);
  AccRollCallPage *roll_call = ACC_ROLL_CALL_PAGE (page);
  GtkWidget *window = show_in_window (page);
  g_autofree char *attendance = NULL;
  g_autofree char *instructor = NULL;
  g_autoptr(GPtrArray) offers = NULL;

  g_assert_true (acc_store_page_get_store (ACC_STORE_PAGE (roll_call)) == fx->store);

  /* Group B never had an instructor: it is uncovered from the start, and alone. */
  g_assert_cmpuint (acc_roll_call_page_get_n_uncovered (roll_call), ==, 1);
  g_assert_true (offers_contain (roll_call, FX_GROUP_B, FX_INSTRUCTOR2));
  g_assert_cmpuint (count_actionables (page, "roll-call.replace", FX_GROUP_B, FX_INSTRUCTOR2),
                    ==, 1);
  offers = acc_roll_call_page_get_offers (roll_call, FX_GROUP_A);
  g_assert_cmpuint (offers->len, ==, 0);
  g_assert_cmpuint (count_actionables (page, "roll-call.replace", FX_GROUP_A, NULL), ==, 0);

  /* Both instructors are listed, nobody marked: every state in words. */
  g_assert_cmpuint (count_labels (page, "Anne Moniteur"), ==, 1);
  g_assert_cmpuint (count_labels (page, "Paul Renfort"), ==, 1);
  g_assert_cmpuint (count_labels (page, "Not Marked"), ==, 2);
  g_assert_false (mark_is_current (page, FX_INSTRUCTOR, "absent"));

  /* Anne is absent: the fact is written and her morning group needs someone. */
  g_assert_true (gtk_widget_activate_action (page, "roll-call.mark", "(ss)",
                                             FX_INSTRUCTOR, "absent"));
  attendance = dup_instructor_attendance (fx->store, FX_INSTRUCTOR);
  g_assert_cmpstr (attendance, ==, "absent");
  /* Anne leads the morning group A and the afternoon group: both need someone. */
  g_assert_cmpuint (acc_roll_call_page_get_n_uncovered (roll_call), ==, 3);
  g_assert_true (offers_contain (roll_call, FX_GROUP_A, FX_INSTRUCTOR2));
  g_assert_true (offers_contain (roll_call, FX_GROUP_B, FX_INSTRUCTOR2));
  SPIN_UNTIL (count_actionables (page, "roll-call.replace", FX_GROUP_A, FX_INSTRUCTOR2) == 1);
  g_assert_true (mark_is_current (page, FX_INSTRUCTOR, "absent"));
  g_assert_false (mark_is_current (page, FX_INSTRUCTOR, "present"));
  g_assert_cmpuint (count_labels (page, "Anne Moniteur is absent"), ==, 2);

  /* Paul takes group A: the fact is written and the group leaves the list. */
  g_assert_true (gtk_widget_activate_action (page, "roll-call.replace", "(ss)",
                                             FX_GROUP_A, FX_INSTRUCTOR2));
  instructor = dup_group_instructor (fx->store, FX_GROUP_A);
  g_assert_cmpstr (instructor, ==, FX_INSTRUCTOR2);
  g_assert_false (offers_contain (roll_call, FX_GROUP_A, FX_INSTRUCTOR2));
  g_assert_cmpuint (acc_roll_call_page_get_n_uncovered (roll_call), ==, 2);
  SPIN_UNTIL (count_actionables (page, "roll-call.replace", FX_GROUP_A, NULL) == 0);
  g_assert_cmpuint (count_labels (page, "Anne Moniteur is absent"), ==, 1);
  /* Paul now teaches that morning, so group B waits for someone else. */
  g_assert_false (offers_contain (roll_call, FX_GROUP_B, FX_INSTRUCTOR2));
  g_assert_cmpuint (count_labels (page, "No qualified instructor is on call. Ask the office for someone."),
                    ==, 1);

  close_window (window);
}

/* A large school has hundreds on call: a group without an instructor offers the first six, and
 * the others on request. */
static void
test_roll_call_many_offers (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GString) docs = g_string_new ("[");
  g_autoptr(GPtrArray) offers = NULL;
  GtkWidget *page;
  GtkWidget *window;

  for (guint i = 0; i < 8; i++)
    g_string_append_printf (docs, "%s{\"_id\":\"50000000-0000-4000-8000-%012u\",\"_rev\":\"1-a\","
                            "\"type\":\"instructor\",\"schema\":1,\"first_name\":\"Remplaçant\","
                            "\"last_name\":\"N%u\",\"phone\":null,\"languages\":[\"fr\"],"
                            "\"disciplines\":[\"ski\"],\"max_level_order\":12,\"on_call\":true}",
                            i ? "," : "", i, i);
  g_string_append (docs, "]");
  acc_test_put_json (fx->store, docs->str);

  page = acc_roll_call_page_new (fx->store);
  window = show_in_window (page);
  offers = acc_roll_call_page_get_offers (ACC_ROLL_CALL_PAGE (page), FX_GROUP_B);
  g_assert_cmpuint (offers->len, ==, 9);
  g_assert_cmpuint (count_actionables (page, "roll-call.replace", FX_GROUP_B, NULL), ==, 6);
  g_assert_cmpuint (count_labels (page, "Show All 9 Instructors"), ==, 1);

  g_assert_true (gtk_widget_activate_action (page, "roll-call.all-offers", "s", FX_GROUP_B));
  SPIN_UNTIL (count_actionables (page, "roll-call.replace", FX_GROUP_B, NULL) == 9);
  g_assert_cmpuint (count_labels (page, "Show All 9 Instructors"), ==, 0);

  close_window (window);
}

/* Notes the group of each offer drawn under a widget in @data, a set of group ids. */
static gboolean
note_drawn_offer (GtkWidget     *widget,
                  gconstpointer  data)
{
  ActionTarget any = { "roll-call.replace", NULL, NULL, TRUE };
  const char *group_id;

  if (is_actionable_for (widget, &any))
    {
      g_variant_get (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget)), "(&ss)",
                     &group_id, NULL);
      g_hash_table_add ((GHashTable *) data, g_strdup (group_id));
    }

  return FALSE;
}

/* A large day has more groups without an instructor than a screen shows: after a mark, the
 * cards out of sight are not built again at once, but none shows what is no longer true, and
 * each is right when it comes in sight. */
static void
test_roll_call_out_of_sight (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  g_autoptr(AccStore) store = acc_test_open_new (dir, "day.db");
  g_autoptr(AccDemo) demo = acc_demo_new (42, 4000, "2026-12-26");
  g_autoptr(GError) error = NULL;
  g_autofree char *instructor_id = NULL;
  ActionTarget offered = { "roll-call.replace", NULL, NULL, FALSE };
  ActionTarget drawn = { "roll-call.replace", NULL, NULL, TRUE };
  ActionTarget any_drawn = { "roll-call.replace", NULL, NULL, TRUE };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) groups = NULL;
  GtkWidget *page, *window;
  GtkAdjustment *adjustment;
  guint n_offering = 0;

  g_assert_true (acc_demo_fill_store (demo, store, &error));
  g_assert_no_error (error);
  page = acc_roll_call_page_new (store);
  window = show_in_window (page);
  g_assert_cmpuint (acc_roll_call_page_get_n_uncovered (ACC_ROLL_CALL_PAGE (page)), >, 6);

  /* An instructor offered on a card in sight. */
  SPIN_UNTIL (acc_test_count (page, is_actionable_for, &any_drawn) > 0);
  g_variant_get (gtk_actionable_get_action_target_value (
                   GTK_ACTIONABLE (acc_test_find (page, is_actionable_for, &any_drawn))),
                 "(ss)", NULL, &instructor_id);
  offered.second = drawn.second = instructor_id;

  /* Absent, they are offered nowhere: the cards in sight are built again without them, those
   * out of sight are put aside, their buttons still there but not drawn. */
  g_assert_true (gtk_widget_activate_action (page, "roll-call.mark", "(ss)",
                                             instructor_id, "absent"));
  SPIN_UNTIL (acc_test_count (page, is_actionable_for, &drawn) == 0);
  g_assert_cmpuint (acc_test_count (page, is_actionable_for, &offered), >, 0);

  /* Screen by screen to the end: every card that comes in sight is drawn, and right. */
  acc_test_count (page, note_drawn_offer, seen);
  adjustment = gtk_scrollable_get_vadjustment (
    GTK_SCROLLABLE (acc_test_find_widget (page, GTK_TYPE_LIST_VIEW)));
  while (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) <
         gtk_adjustment_get_upper (adjustment))
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                              gtk_adjustment_get_page_size (adjustment));
      acc_test_spin_a_little ();
      g_assert_cmpuint (acc_test_count (page, is_actionable_for, &drawn), ==, 0);
      acc_test_count (page, note_drawn_offer, seen);
    }
  groups = acc_store_list_groups (store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < groups->len; i++)
    {
      AccGroupRow *group = g_ptr_array_index (groups, i);
      g_autoptr(GPtrArray) offers = acc_roll_call_page_get_offers (ACC_ROLL_CALL_PAGE (page),
                                                                  group->id);

      if (offers->len == 0)
        continue;
      n_offering++;
      g_assert_true (g_hash_table_contains (seen, group->id));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, n_offering);

  close_window (window);
  g_clear_object (&store);
  acc_test_remove_dir (dir);
}

static void
test_group_roll_call (Fixture       *fx,
                      gconstpointer  data)
{
  static const AccAttendance cycle[] = {
    ACC_ATTENDANCE_PRESENT,
    ACC_ATTENDANCE_LATE,
    ACC_ATTENDANCE_ABSENT,
    ACC_ATTENDANCE_EXCUSED,
    ACC_ATTENDANCE_UNDETERMINED,
  };
  GtkWidget *page = acc_group_roll_call_page_new (fx->store);
  AccGroupRollCallPage *group_page = ACC_GROUP_ROLL_CALL_PAGE (page);
  GtkWidget *window = show_in_window (page);

  /* Only instructors who lead a group today are offered; nobody is picked yet. */
  g_assert_cmpuint (count_actionables (page, "group-roll-call.pick", FX_INSTRUCTOR, NULL), ==, 1);
  g_assert_cmpuint (count_actionables (page, "group-roll-call.pick", FX_INSTRUCTOR2, NULL), ==, 0);
  g_assert_cmpuint (acc_group_roll_call_page_get_n_pupils (group_page), ==, 0);

  g_assert_true (gtk_widget_activate_action (page, "group-roll-call.pick", "s", FX_INSTRUCTOR));
  g_assert_cmpstr (acc_group_roll_call_page_get_instructor_id (group_page), ==, FX_INSTRUCTOR);
  /* Zoé and Noé in group A, Zoé again in the afternoon group. */
  g_assert_cmpuint (acc_group_roll_call_page_get_n_pupils (group_page), ==, 3);
  SPIN_UNTIL (count_actionables (page, "group-roll-call.cycle", FX_E_ZOE, NULL) == 1);
  g_assert_cmpuint (count_actionables (page, "group-roll-call.cycle", FX_E_NOE, NULL), ==, 1);
  /* Group B's pupil is not Anne's. */
  g_assert_cmpuint (count_actionables (page, "group-roll-call.cycle", FX_E_MARTIN, NULL), ==, 0);

  /* Zoé's allergy is a flag in words; the medical text and the phones stay at the desk. */
  g_assert_cmpuint (count_labels (page, "Allergy"), >=, 1);
  g_assert_cmpuint (count_labels (page, "Arachides"), ==, 0);
  g_assert_cmpuint (count_labels (page, "+33 6 00 00 00 01"), ==, 0);

  /* Nobody is absent by default. */
  g_assert_cmpint (acc_test_get_attendance (fx->store, FX_E_ZOE), ==, ACC_ATTENDANCE_UNDETERMINED);
  g_assert_cmpuint (count_labels (page, "Absent"), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cycle); i++)
    {
      g_assert_true (gtk_widget_activate_action (page, "group-roll-call.cycle", "s", FX_E_ZOE));
      g_assert_cmpint (acc_test_get_attendance (fx->store, FX_E_ZOE), ==, cycle[i]);
      if (i == 0)
        SPIN_UNTIL (count_labels (page, "Present") == 1);
    }
  /* A pupil's mark leaves the list of names as it was, not built again. */
  {
    ActionTarget want = { "group-roll-call.pick", FX_INSTRUCTOR, NULL };
    g_autoptr(GtkWidget) name_row = g_object_ref (acc_test_find (page, is_actionable_for, &want));

    g_assert_true (gtk_widget_activate_action (page, "group-roll-call.cycle", "s", FX_E_NOE));
    SPIN_UNTIL (count_labels (page, "Present") == 1);
    acc_test_spin_a_little ();
    g_assert_true (acc_test_find (page, is_actionable_for, &want) == name_row);
    g_assert_true (gtk_widget_activate_action (page, "group-roll-call.cycle", "s", FX_E_NOE));
  }
  g_assert_cmpint (acc_test_get_attendance (fx->store, FX_E_NOE), ==, ACC_ATTENDANCE_LATE);
  /* Noé back to undetermined for what follows. */
  for (guint i = 0; i < 3; i++)
    g_assert_true (gtk_widget_activate_action (page, "group-roll-call.cycle", "s", FX_E_NOE));
  g_assert_cmpint (acc_test_get_attendance (fx->store, FX_E_NOE), ==, ACC_ATTENDANCE_UNDETERMINED);

  /* Back to the names. */
  acc_group_roll_call_page_pick (group_page, NULL);
  g_assert_null (acc_group_roll_call_page_get_instructor_id (group_page));
  g_assert_cmpuint (acc_group_roll_call_page_get_n_pupils (group_page), ==, 0);

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  acc_test_ui_init (&argc, &argv);

  acc_test_add_day ("/ui/roll-call/absent-and-replace", test_roll_call_absent_and_replace);
  acc_test_add_day ("/ui/roll-call/many-offers", test_roll_call_many_offers);
  g_test_add_func ("/ui/roll-call/out-of-sight", test_roll_call_out_of_sight);
  acc_test_add_day ("/ui/group-roll-call/cycle", test_group_roll_call);

  return g_test_run ();
}
