/* test-ui-dialogs.c: the group and participant dialogs, the review page, the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "acc-extra-group-dialog.h"
#include "acc-group-dialog.h"
#include "acc-participant-dialog.h"
#include "acc-preferences-window.h"
#include "acc-review-page.h"
#include "acc-test-window.h"

typedef AccTestDay Fixture;

static gboolean
is_toplevel (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (item == (GObject *) window)
        return TRUE;
    }

  return FALSE;
}

/* The reason recorded by this desk's current group fact for @enrollment_id. The store shows
 * facts by id only in the review list, so a concurrent remote fact makes one. */
static char *
dup_local_reason (AccStore   *store,
                  const char *enrollment_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *fields = g_strdup_printf ("\"enrollment_id\":\"%s\",\"group_id\":\"%s\","
                                             "\"reason\":\"\"", enrollment_id, FX_GROUP_PM);

  acc_test_put_remote_fact (store, "remote-reason-probe", "assign_group",
                   "000001798000000001-000000-z", "desk-z", "", fields);
  conflicts = acc_store_list_conflicts (store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < conflicts->len; i++)
    {
      AccConflict *conflict = g_ptr_array_index (conflicts, i);

      if (g_strcmp0 (conflict->subject_id, enrollment_id) != 0)
        continue;

      for (guint j = 0; j < conflict->facts->len; j++)
        {
          AccConflictFact *fact = g_ptr_array_index (conflict->facts, j);
          g_autoptr(JsonObject) doc = NULL;

          if (g_strcmp0 (fact->device_id, acc_store_get_device_id (store)) != 0)
            continue;

          doc = acc_store_dup_document (store, fact->fact_id, &error);
          g_assert_no_error (error);
          return g_strdup (json_object_get_string_member (doc, "reason"));
        }
    }

  return NULL;
}

static void
close_window (GtkWindow *window)
{
  if (is_toplevel (window))
    gtk_window_destroy (window);
  g_object_unref (window);
  acc_test_spin_a_little ();
}

/* Chooses @group_id and @reason in @dialog, and asks for the move. */
static void
move_to (AccGroupDialog *dialog,
         const char     *group_id,
         const char     *reason)
{
  gtk_widget_activate_action (GTK_WIDGET (dialog), "group.select", "s", group_id);
  acc_group_dialog_set_reason (dialog, reason);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "group.move", NULL);
}

/* Asserts that @store holds @pending changes to send and puts @enrollment_id in @group_id. */
static void
assert_placed (AccStore   *store,
               const char *enrollment_id,
               guint       pending,
               const char *group_id)
{
  g_autofree char *current = acc_test_dup_group_id (store, enrollment_id);

  g_assert_cmpuint (acc_test_get_status (store).pending, ==, pending);
  g_assert_cmpstr (current, ==, group_id);
}

/* Asserts that @dialog moved the placeholder's enrollment to @group_id for @reason, which
 * left @pending changes to send, and closed. */
static void
assert_moved (AccGroupDialog *dialog,
              AccStore       *store,
              guint           pending,
              const char     *group_id,
              const char     *reason)
{
  g_autofree char *recorded = NULL;

  g_assert_null (acc_group_dialog_get_confirmation (dialog));
  assert_placed (store, FX_E_PLACE, pending, group_id);
  SPIN_UNTIL (!is_toplevel (GTK_WINDOW (dialog)));

  recorded = dup_local_reason (store, FX_E_PLACE);
  g_assert_cmpstr (recorded, ==, reason);
}

/* Asserts that @dialog is still open and asks nothing, with @enrollment_id still in
 * @group_id and still @pending changes to send. */
static void
assert_not_moved (AccGroupDialog *dialog,
                  AccStore       *store,
                  const char     *enrollment_id,
                  guint           pending,
                  const char     *group_id)
{
  g_assert_null (acc_group_dialog_get_confirmation (dialog));
  assert_placed (store, enrollment_id, pending, group_id);
  g_assert_true (is_toplevel (GTK_WINDOW (dialog)));
}

/* Moves the pupil of @dialog to the full group @group_id, which asks first: sets
 * @confirmation to the question, which sets it back to NULL when it goes away. */
static void
move_to_full (AccGroupDialog    *dialog,
              const char        *group_id,
              const char        *reason,
              AdwMessageDialog **confirmation)
{
  move_to (dialog, group_id, reason);
  *confirmation = acc_group_dialog_get_confirmation (dialog);
  g_assert_nonnull (*confirmation);
  g_object_add_weak_pointer (G_OBJECT (*confirmation), (gpointer *) confirmation);
}

/* Which edit dialog a test opens, on which item of the fixture day. */
typedef struct
{
  GType       (*get_type) (void);
  const char   *item_id;
} DialogCase;

/* An edit dialog open over a fixture day that had @pending changes to send when the dialog
 * opened. */
typedef struct
{
  AccTestDay  day;
  gpointer    dialog;
  guint       pending;
} DialogFixture;

static void
dialog_fixture_set_up (DialogFixture *fx,
                       gconstpointer  data)
{
  const DialogCase *test_case = data;

  acc_test_day_set_up (&fx->day, NULL);
  fx->dialog = acc_test_open_edit_dialog (test_case->get_type (), fx->day.store,
                                          test_case->item_id);
  fx->pending = acc_test_get_status (fx->day.store).pending;
}

static void
dialog_fixture_tear_down (DialogFixture *fx,
                          gconstpointer  data)
{
  close_window (GTK_WINDOW (fx->dialog));
  acc_test_day_tear_down (&fx->day, NULL);
}

static void
test_group_full_confirmed (DialogFixture *fx,
                           gconstpointer  data)
{
  AdwMessageDialog *confirmation;

  /* Ourson 1 holds Zoé and Noé for two places: full. */
  g_assert_null (acc_group_dialog_get_confirmation (fx->dialog));
  move_to_full (fx->dialog, FX_GROUP_A, "Level checked at the desk", &confirmation);
  g_assert_true (adw_message_dialog_has_response (confirmation, "move"));
  g_assert_true (adw_message_dialog_has_response (confirmation, "cancel"));
  g_assert_true (strstr (adw_message_dialog_get_body (confirmation), "Ourson 1") != NULL);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (confirmation)));

  /* Nothing is written while the question is open. */
  assert_placed (fx->day.store, FX_E_PLACE, fx->pending, NULL);

  adw_message_dialog_response (confirmation, "move");

  assert_moved (fx->dialog, fx->day.store, fx->pending + 1, FX_GROUP_A,
                "Level checked at the desk");
  SPIN_UNTIL (confirmation == NULL);

}

static void
test_group_full_cancelled (DialogFixture *fx,
                           gconstpointer  data)
{
  AdwMessageDialog *confirmation;

  move_to_full (fx->dialog, FX_GROUP_A, "Family request", &confirmation);

  adw_message_dialog_response (confirmation, "cancel");

  g_assert_null (acc_group_dialog_get_confirmation (fx->dialog));
  SPIN_UNTIL (confirmation == NULL);

  /* The dialog stays open for another choice. */
  acc_test_spin_a_little ();
  assert_not_moved (fx->dialog, fx->day.store, FX_E_PLACE, fx->pending, NULL);

}

static void
test_group_not_full (DialogFixture *fx,
                     gconstpointer  data)
{

  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "group.select", "s", FX_GROUP_B);

  /* No reason, no move. */
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "group.move", NULL);
  g_assert_cmpuint (acc_test_get_status (fx->day.store).pending, ==, fx->pending);
  acc_group_dialog_set_reason (fx->dialog, "   ");
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "group.move", NULL);
  g_assert_cmpuint (acc_test_get_status (fx->day.store).pending, ==, fx->pending);

  /* A quick reason fills the entry. */
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "group.quick-reason", "s", "family");
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "group.move", NULL);

  /* Ourson 2 has places left: no question. */
  assert_moved (fx->dialog, fx->day.store, fx->pending + 1, FX_GROUP_B, "Family request");

}

static void
test_group_current (DialogFixture *fx,
                    gconstpointer  data)
{

  /* Moving Zoé to the group she is in does nothing. */
  move_to (fx->dialog, FX_GROUP_A, "Level checked");
  assert_not_moved (fx->dialog, fx->day.store, FX_E_ZOE, fx->pending, FX_GROUP_A);

}

static void
changed_cb (AccStore       *store,
            AccStoreChange *change,
            guint          *count)
{
  (*count)++;
}

static void
test_participant_rename (DialogFixture *fx,
                         gconstpointer  data)
{
  GtkEditable *first_name = acc_participant_dialog_get_first_name_row (fx->dialog);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(AccEnrollmentRow) row = NULL;
  guint changes = 0;
  GtkWidget *focus;
  gulong handler;

  /* The stand-in name is not offered for editing, and the desk types the name first. */
  g_assert_cmpstr (gtk_editable_get_text (first_name), ==, "");
  focus = gtk_window_get_focus (GTK_WINDOW (fx->dialog));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (first_name)
                 || gtk_widget_is_ancestor (focus, GTK_WIDGET (first_name)));

  /* Nothing changed: Save writes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "participant.save", NULL);
  g_assert_cmpuint (acc_test_get_status (fx->day.store).pending, ==, fx->pending);
  g_assert_true (is_toplevel (GTK_WINDOW (fx->dialog)));

  handler = g_signal_connect (fx->day.store, "changed", G_CALLBACK (changed_cb), &changes);
  gtk_editable_set_text (first_name, "Anaïs");
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "participant.save", NULL);
  g_signal_handler_disconnect (fx->day.store, handler);

  /* One write: the store records the two changed fields (the name, and that it is no longer
   * a placeholder) and nothing that stayed the same. */
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (acc_test_get_status (fx->day.store).pending, ==, fx->pending + 2);
  SPIN_UNTIL (!is_toplevel (GTK_WINDOW (fx->dialog)));

  row = acc_test_get_row (fx->day.store, FX_E_PLACE);
  g_assert_cmpstr (row->first_name, ==, "Anaïs");
  g_assert_cmpstr (row->last_name, ==, "Lefèvre");
  g_assert_false (row->placeholder);

  found = acc_store_search (fx->day.store, "anaïs", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((AccEnrollmentRow *) g_ptr_array_index (found, 0))->participant_id, ==,
                   FX_PLACEHOLDER);

}

static void
test_participant_empty_name (DialogFixture *fx,
                             gconstpointer  data)
{
  GtkEditable *first_name = acc_participant_dialog_get_first_name_row (fx->dialog);
  g_autoptr(AccEnrollmentRow) row = NULL;

  g_assert_cmpstr (gtk_editable_get_text (first_name), ==, "Zoé");

  /* A named participant's name cannot be erased. */
  gtk_editable_set_text (first_name, "  ");
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "participant.save", NULL);
  g_assert_cmpuint (acc_test_get_status (fx->day.store).pending, ==, fx->pending);
  acc_test_spin_a_little ();
  g_assert_true (is_toplevel (GTK_WINDOW (fx->dialog)));

  row = acc_test_get_row (fx->day.store, FX_E_ZOE);
  g_assert_cmpstr (row->first_name, ==, "Zoé");

}

static gboolean
is_shown_keep_button (GtkWidget     *widget,
                      gconstpointer  data)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)),
                    "review.keep") == 0 &&
         gtk_widget_is_drawable (widget);
}

static guint
n_keep_buttons (GtkWidget *widget)
{
  return acc_test_count (widget, is_shown_keep_button, NULL);
}

static void
test_review_keep (Fixture       *fx,
                  gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = acc_review_page_new (fx->store);
  AccReviewPage *review = ACC_REVIEW_PAGE (page);
  g_autofree char *group_id = NULL;

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  SPIN_UNTIL (gtk_widget_get_mapped (page));

  g_assert_cmpuint (acc_review_page_get_n_conflicts (review), ==, 0);
  g_assert_cmpuint (n_keep_buttons (page), ==, 0);

  /* Two desks offline each move Zoé, to different groups. */
  acc_test_put_remote_fact (fx->store, "f1", "assign_group", "000001798000010000-000000-a",
                            "desk-a", "", "\"enrollment_id\":\"" FX_E_ZOE "\","
                            "\"group_id\":\"" FX_GROUP_B "\",\"reason\":\"\"");
  acc_test_put_remote_fact (fx->store, "f2", "assign_group", "000001798000020000-000000-b",
                            "desk-b", "", "\"enrollment_id\":\"" FX_E_ZOE "\","
                            "\"group_id\":\"" FX_GROUP_A "\",\"reason\":\"\"");

  g_assert_cmpuint (acc_review_page_get_n_conflicts (review), ==, 1);
  SPIN_UNTIL (n_keep_buttons (page) == 2);

  /* The older value wins because a person chose it. */
  g_assert_true (gtk_widget_activate_action (page, "review.keep", "s", "f1"));

  g_assert_cmpuint (acc_review_page_get_n_conflicts (review), ==, 0);
  group_id = acc_test_dup_group_id (fx->store, FX_E_ZOE);
  g_assert_cmpstr (group_id, ==, FX_GROUP_B);
  SPIN_UNTIL (n_keep_buttons (page) == 0);

  gtk_window_destroy (GTK_WINDOW (window));
  acc_test_spin_a_little ();
}

static gboolean
is_editable_with_text (GtkWidget     *widget,
                       gconstpointer  text)
{
  return GTK_IS_EDITABLE (widget) &&
         g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (widget)), text) == 0;
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.accueil.Accueil");
  AccPreferencesWindow *window;
  GtkEditable *row;
  g_autofree char *staff = NULL;

  g_settings_set_string (settings, "staff-name", "Camille at the desk");

  window = acc_preferences_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_true (acc_preferences_window_get_settings (window) == settings);

  /* The row shows the setting, and what is typed is the setting. */
  row = GTK_EDITABLE (acc_test_find (GTK_WIDGET (window), is_editable_with_text,
                                     "Camille at the desk"));
  g_assert_nonnull (row);
  gtk_editable_set_text (row, "Camille");
  staff = g_settings_get_string (settings, "staff-name");
  g_assert_cmpstr (staff, ==, "Camille");

  /* The other desks are one line of addresses, kept as a list. */
  {
    const char *kept[] = { "desk-2.local", "192.168.1.12:7000", NULL };
    g_auto(GStrv) peers = NULL;

    g_settings_set_strv (settings, "peers", kept);
    row = GTK_EDITABLE (acc_test_find (GTK_WIDGET (window), is_editable_with_text,
                                       "desk-2.local, 192.168.1.12:7000"));
    g_assert_nonnull (row);
    gtk_editable_set_text (row, " desk-3 ,desk-4:6985  ");
    peers = g_settings_get_strv (settings, "peers");
    g_assert_cmpuint (g_strv_length (peers), ==, 2);
    g_assert_cmpstr (peers[0], ==, "desk-3");
    g_assert_cmpstr (peers[1], ==, "desk-4:6985");
    g_settings_reset (settings, "peers");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  acc_test_spin_a_little ();

  /* Without the schema the window explains itself and shows no rows. */
  window = acc_preferences_window_new (NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_null (acc_preferences_window_get_settings (window));
  g_assert_null (acc_test_find (GTK_WIDGET (window), is_editable_with_text, "Camille"));
  gtk_window_destroy (GTK_WINDOW (window));
  acc_test_spin_a_little ();
}

static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/accueil/Accueil/ui/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* Every edit dialog closes on Escape and does what it is for on Ctrl+Return. */
static void
test_edit_dialog_keys (Fixture       *fx,
                       gconstpointer  data)
{
  const struct {
    GType       type;
    const char *item_id;
    const char *main_action;
  } dialogs[] = {
    { ACC_TYPE_GROUP_DIALOG, FX_E_PLACE, "group.move" },
    { ACC_TYPE_PARTICIPANT_DIALOG, FX_ZOE, "participant.save" },
    { ACC_TYPE_EXTRA_GROUP_DIALOG, FX_SESSION_AM, "extra.create" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
    {
      GtkWidget *dialog = acc_test_open_edit_dialog (dialogs[i].type, fx->store,
                                                     dialogs[i].item_id);

      g_assert_true (acc_test_has_shortcut (dialog, "Escape", "window.close"));
      g_assert_true (acc_test_has_shortcut (dialog, "<Control>Return", dialogs[i].main_action));
      g_assert_false (acc_test_has_shortcut (dialog, "<Control>Return", "window.close"));
      close_window (GTK_WINDOW (dialog));
    }
}

int
main (int   argc,
      char *argv[])
{
  static const DialogCase group_of_placeholder = { acc_group_dialog_get_type, FX_E_PLACE };
  static const DialogCase group_of_zoe = { acc_group_dialog_get_type, FX_E_ZOE };
  static const DialogCase placeholder = { acc_participant_dialog_get_type, FX_PLACEHOLDER };
  static const DialogCase zoe = { acc_participant_dialog_get_type, FX_ZOE };

  acc_test_ui_init (&argc, &argv);

#define ADD_DIALOG(path, test_case, func) \
  g_test_add (path, DialogFixture, test_case, dialog_fixture_set_up, func, \
              dialog_fixture_tear_down)

  ADD_DIALOG ("/ui/group-dialog/full-confirmed", &group_of_placeholder,
              test_group_full_confirmed);
  ADD_DIALOG ("/ui/group-dialog/full-cancelled", &group_of_placeholder,
              test_group_full_cancelled);
  ADD_DIALOG ("/ui/group-dialog/not-full", &group_of_placeholder, test_group_not_full);
  ADD_DIALOG ("/ui/group-dialog/current", &group_of_zoe, test_group_current);
  ADD_DIALOG ("/ui/participant-dialog/rename-placeholder", &placeholder,
              test_participant_rename);
  ADD_DIALOG ("/ui/participant-dialog/empty-name", &zoe, test_participant_empty_name);
  acc_test_add_day ("/ui/edit-dialog/keys", test_edit_dialog_keys);
  acc_test_add_day ("/ui/review-page/keep", test_review_keep);
  g_test_add_func ("/ui/preferences", test_preferences);
  g_test_add_func ("/ui/help-overlay", test_help_overlay);

  return g_test_run ();
}
