/* test-ui-board.c: the meeting-area board, its questions, the close-out and the tally
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "acc-board-page.h"
#include "acc-board-private.h"
#include "acc-extra-group-dialog.h"
#include "acc-group-card.h"
#include "acc-group-dialog.h"
#include "acc-tally-page.h"
#include "acc-test-util.h"
#include "acc-test-window.h"

typedef struct
{
  AccTestDay  day;
  GtkWindow  *window;
  guint       pending; /* What waited to be sent when the board was shown. */
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  acc_test_day_set_up (&fx->day, data);
  fx->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx->window, 1024, 768);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  gtk_window_destroy (fx->window);
  acc_test_spin_a_little ();
  acc_test_day_tear_down (&fx->day, data);
}

static AccBoardPage *
show_board (Fixture *fx)
{
  GtkWidget *page = acc_board_page_new (fx->day.store);

  /* Nothing is read before the page is first shown: a large day's board would delay the
   * window that holds it. */
  g_assert_null (acc_board_page_get_session (ACC_BOARD_PAGE (page)));
  g_assert_cmpuint (acc_board_page_get_n_cards (ACC_BOARD_PAGE (page)), ==, 0);

  gtk_window_set_child (fx->window, page);
  gtk_window_present (fx->window);
  SPIN_UNTIL (gtk_widget_get_mapped (page));
  fx->pending = acc_test_get_status (fx->day.store).pending;

  return ACC_BOARD_PAGE (page);
}

/* How many documents this desk wrote since the board was shown. */
static guint
n_written (Fixture *fx)
{
  return acc_test_get_status (fx->day.store).pending - fx->pending;
}

/* The reason of the newest assign_group fact this desk wrote for @enrollment_id. */
static char *
dup_outbox_reason (AccStore   *store,
                   const char *enrollment_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = acc_store_list_outbox (store, 100, &error);
  const char *reason = NULL;
  const char *newest = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (docs);

  /* The outbox is not in writing order: the newest fact has the greatest hlc. */
  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (doc, "type", ""), "fact") == 0
          && g_strcmp0 (json_object_get_string_member_with_default (doc, "kind", ""),
                        "assign_group") == 0
          && g_strcmp0 (json_object_get_string_member_with_default (doc, "enrollment_id", ""),
                        enrollment_id) == 0
          && g_strcmp0 (json_object_get_string_member_with_default (doc, "hlc", ""), newest) > 0)
        {
          newest = json_object_get_string_member_with_default (doc, "hlc", "");
          reason = json_object_get_string_member_with_default (doc, "reason", NULL);
        }
    }

  return g_strdup (reason);
}

/* Answers the question the board shows, and waits until it is gone. */
static void
answer (AccBoardPage *page,
        const char   *response)
{
  AdwMessageDialog *question = acc_board_page_get_question (page);

  g_assert_nonnull (question);
  g_object_add_weak_pointer (G_OBJECT (question), (gpointer *) &question);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (question)));
  g_assert_true (adw_message_dialog_has_response (question, response));

  adw_message_dialog_response (question, response);
  SPIN_UNTIL (question == NULL);
}

/* Moves a pupil as the card's menu does, saying why. */
static void
move (AccBoardPage *page,
      const char   *enrollment_id,
      const char   *group_id,
      const char   *reason)
{
  gtk_widget_activate_action (GTK_WIDGET (page), "board.move", "(sss)", enrollment_id, group_id,
                              reason);
}


/* Asserts that @enrollment_id is in @group_id (%NULL: in no group) and, unless @reason is
 * %NULL, that the newest move this desk wrote for it gives @reason. */
static void
assert_placed (AccStore   *store,
               const char *enrollment_id,
               const char *group_id,
               const char *reason)
{
  g_autofree char *placed = acc_test_dup_group_id (store, enrollment_id);
  g_autofree char *written = reason ? dup_outbox_reason (store, enrollment_id) : NULL;

  g_assert_cmpstr (placed, ==, group_id);
  g_assert_cmpstr (written, ==, reason);
}

/* The board shows the afternoon session: its one group. */
static void
assert_shows_afternoon (AccBoardPage *page)
{
  g_assert_cmpstr (acc_board_page_get_session (page), ==, FX_SESSION_PM);
  g_assert_cmpuint (acc_board_page_get_n_cards (page), ==, 1);
  g_assert_nonnull (acc_board_page_get_card (page, FX_GROUP_PM));
}

/* The window's "Print Class Lists" prints the board's session: a board never shown reads it
 * when asked, the day's first. */
static void
test_board_session_before_shown (Fixture       *fx,
                                 gconstpointer  data)
{
  GtkWidget *page = g_object_ref_sink (acc_board_page_new (fx->day.store));

  g_assert_null (acc_board_page_get_session (ACC_BOARD_PAGE (page)));
  acc_store_page_reload (ACC_STORE_PAGE (page));
  g_assert_cmpstr (acc_board_page_get_session (ACC_BOARD_PAGE (page)), ==, FX_SESSION_AM);
  g_assert_cmpuint (acc_board_page_get_n_cards (ACC_BOARD_PAGE (page)), ==, 2);
  acc_test_spin_a_little ();
  g_object_unref (page);
}

static void
test_board_cards (Fixture       *fx,
                  gconstpointer  data)
{
  AccBoardPage *page = show_board (fx);
  AccGroupCard *card_a, *card_b;

  g_assert_cmpstr (acc_board_page_get_session (page), ==, FX_SESSION_AM);
  g_assert_cmpuint (acc_board_page_get_n_cards (page), ==, 2);

  card_a = acc_board_page_get_card (page, FX_GROUP_A);
  card_b = acc_board_page_get_card (page, FX_GROUP_B);
  g_assert_nonnull (card_a);
  g_assert_nonnull (card_b);
  g_assert_null (acc_board_page_get_card (page, FX_GROUP_PM));

  /* Ourson 1: Zoé and Noé for two places. Ourson 2: only Léa, whose enrollment is cancelled. */
  g_assert_cmpuint (acc_group_card_get_n_pupils (card_a), ==, 2);
  g_assert_nonnull (strstr (acc_group_card_get_capacity_text (card_a), "Full"));
  g_assert_cmpuint (acc_group_card_get_n_pupils (card_b), ==, 0);
  g_assert_null (strstr (acc_group_card_get_capacity_text (card_b), "Full"));
  g_assert_null (acc_group_card_get_freed_text (card_a));

  /* The afternoon has its own board. */
  gtk_widget_activate_action (GTK_WIDGET (page), "board.session", "s", FX_SESSION_PM);
  assert_shows_afternoon (page);
}

static gboolean
is_list_row (GtkWidget     *widget,
             gconstpointer  data)
{
  return g_str_equal (gtk_widget_get_css_name (widget), "row") &&
         GTK_IS_LIST_VIEW (gtk_widget_get_parent (widget)) && gtk_widget_get_mapped (widget);
}

/* The chooser lists the sessions that have groups, by time; picking one shows its groups.
 * Its choices are as tall as a gloved finger needs. */
static void
test_board_session_chooser (Fixture       *fx,
                            gconstpointer  data)
{
  AccBoardPage *page = show_board (fx);
  GtkDropDown *chooser = GTK_DROP_DOWN (acc_test_find_widget (GTK_WIDGET (page),
                                                              GTK_TYPE_DROP_DOWN));
  GListModel *names = gtk_drop_down_get_model (chooser);
  GtkWidget *row;

  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);
  g_assert_nonnull (strstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), "matin"));
  g_assert_nonnull (strstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1),
                            "après-midi"));
  g_assert_cmpuint (gtk_drop_down_get_selected (chooser), ==, 0);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (chooser)));

  g_signal_emit_by_name (chooser, "activate");
  SPIN_UNTIL ((row = acc_test_find (GTK_WIDGET (chooser), is_list_row, NULL)) != NULL &&
              gtk_widget_get_height (row) > 0);
  g_assert_cmpint (gtk_widget_get_height (row), >=, 48);

  gtk_drop_down_set_selected (chooser, 1);
  assert_shows_afternoon (page);
}

static void
test_board_move_full (Fixture       *fx,
                      gconstpointer  data)
{
  AccBoardPage *page = show_board (fx);
  AdwMessageDialog *question;
  AccGroupCard *card;

  g_assert_null (acc_board_page_get_question (page));
  move (page, FX_E_PLACE, FX_GROUP_A, "Niveau vérifié");

  question = acc_board_page_get_question (page);
  g_assert_nonnull (question);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "Ourson 1"));
  g_assert_true (adw_message_dialog_has_response (question, "cancel"));

  /* Nothing is written while the question is open. */
  g_assert_cmpuint (n_written (fx), ==, 0);
  assert_placed (fx->day.store, FX_E_PLACE, NULL, NULL);

  answer (page, "move");

  g_assert_null (acc_board_page_get_question (page));
  g_assert_cmpuint (n_written (fx), ==, 1);
  assert_placed (fx->day.store, FX_E_PLACE, FX_GROUP_A, "Niveau vérifié");

  /* The board followed the store: three pupils for two places. */
  card = acc_board_page_get_card (page, FX_GROUP_A);
  g_assert_cmpuint (acc_group_card_get_n_pupils (card), ==, 3);
  g_assert_nonnull (strstr (acc_group_card_get_capacity_text (card), "1 over"));
}

static void
test_board_move_full_cancelled (Fixture       *fx,
                                gconstpointer  data)
{
  AccBoardPage *page = show_board (fx);

  move (page, FX_E_PLACE, FX_GROUP_A, "Niveau vérifié");
  answer (page, "cancel");

  g_assert_cmpuint (n_written (fx), ==, 0);
  assert_placed (fx->day.store, FX_E_PLACE, NULL, NULL);
}

static void
test_board_move_not_full (Fixture       *fx,
                          gconstpointer  data)
{
  AccBoardPage *page = show_board (fx);
  AccGroupCard *card;

  move (page, FX_E_ZOE, FX_GROUP_B, "Demande de la famille");

  /* Ourson 2 has places: no question, the move is written at once. */
  g_assert_null (acc_board_page_get_question (page));
  g_assert_cmpuint (n_written (fx), ==, 1);
  assert_placed (fx->day.store, FX_E_ZOE, FX_GROUP_B, "Demande de la famille");
  g_assert_cmpuint (acc_group_card_get_n_pupils (acc_board_page_get_card (page, FX_GROUP_B)),
                    ==, 1);
  card = acc_board_page_get_card (page, FX_GROUP_A);
  g_assert_null (strstr (acc_group_card_get_capacity_text (card), "Full"));
}

static void
test_board_drop (Fixture       *fx,
                 gconstpointer  data)
{
  AccBoardPage *page = show_board (fx);

  /* A drop asks why first, even into a group with places. */
  gtk_widget_activate_action (GTK_WIDGET (page), "board.drop", "(ss)", FX_E_PLACE, FX_GROUP_B);
  g_assert_nonnull (acc_board_page_get_question (page));
  g_assert_cmpuint (n_written (fx), ==, 0);

  answer (page, "level");

  g_assert_null (acc_board_page_get_question (page));
  assert_placed (fx->day.store, FX_E_PLACE, FX_GROUP_B, "Level checked");

  /* A drop into the full group asks why, then about the capacity. */
  gtk_widget_activate_action (GTK_WIDGET (page), "board.drop", "(ss)", FX_E_PLACE, FX_GROUP_A);
  answer (page, "family");
  g_assert_nonnull (acc_board_page_get_question (page));
  assert_placed (fx->day.store, FX_E_PLACE, FX_GROUP_B, NULL);

  answer (page, "move");
  assert_placed (fx->day.store, FX_E_PLACE, FX_GROUP_A, "Family request");
}

static gboolean
is_move_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "card.move-pupil") == 0;
}

/* A card rebuilds its pupils' rows only when what they say changed: the board follows every
 * check-in of the morning. A pupil's move is one tap away. */
static void
test_board_rows_follow (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AccBoardPage *page = show_board (fx);
  AccGroupCard *card = acc_board_page_get_card (page, FX_GROUP_A);
  g_autoptr(GtkWidget) row = NULL;
  const char *ids[] = { FX_E_NOE, NULL };
  GtkWidget *button;

  g_assert_nonnull (card);
  row = g_object_ref (acc_test_find_widget (GTK_WIDGET (card), GTK_TYPE_LIST_BOX_ROW));
  g_assert_null (acc_test_find_label (GTK_WIDGET (card), "Present"));

  /* A check-in changes the group's counts, not what its rows say. */
  g_assert_true (acc_store_check_in (fx->day.store, ids, TRUE, &error));
  g_assert_no_error (error);
  acc_test_spin_a_little ();
  g_assert_true (acc_board_page_get_card (page, FX_GROUP_A) == card);
  g_assert_true (gtk_widget_get_parent (row) != NULL);
  g_assert_cmpint (acc_group_card_get_group (card)->checked_in, ==, 1);

  /* An attendance does. */
  g_assert_true (acc_store_set_attendance (fx->day.store, FX_E_ZOE, ACC_ATTENDANCE_PRESENT,
                                           &error));
  g_assert_no_error (error);
  acc_test_spin_a_little ();
  g_assert_nonnull (acc_test_find_label (GTK_WIDGET (card), "Present"));
  g_assert_null (gtk_widget_get_parent (row));
  g_assert_cmpuint (acc_group_card_get_n_pupils (card), ==, 2);

  /* One move button per pupil, with the pupil in its words. */
  g_assert_cmpuint (acc_test_count (GTK_WIDGET (card), is_move_button, NULL), ==, 2);
  button = acc_test_find (GTK_WIDGET (card), is_move_button, NULL);
  g_assert_true (gtk_widget_get_has_tooltip (button));
  g_signal_emit_by_name (button, "clicked");
  acc_test_spin_a_little ();
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    GtkWindow *dialog = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

        if (ACC_IS_GROUP_DIALOG (window))
          dialog = window;
      }
    g_assert_nonnull (dialog);
    gtk_window_destroy (dialog);
  }
}

/* What the board has read so far: its session whole, and each card's pupils. */
typedef struct
{
  guint board;
  guint card_a;
  guint card_b;
} Reads;

static Reads
count_reads (AccBoardPage *page)
{
  return (Reads) {
    .board = acc_board_page_get_n_reads (page),
    .card_a = acc_group_card_get_n_reads (acc_board_page_get_card (page, FX_GROUP_A)),
    .card_b = acc_group_card_get_n_reads (acc_board_page_get_card (page, FX_GROUP_B)),
  };
}

/* Since @before, the board has not read its session whole, and each card read its pupils
 * @card_a and @card_b more times. */
static void
assert_reads (AccBoardPage *page,
              Reads         before,
              guint         card_a,
              guint         card_b)
{
  Reads now = count_reads (page);

  g_assert_cmpuint (now.board, ==, before.board);
  g_assert_cmpuint (now.card_a, ==, before.card_a + card_a);
  g_assert_cmpuint (now.card_b, ==, before.card_b + card_b);
}

static void
assert_summary (AccBoardPage *page,
                const char   *text)
{
  g_assert_nonnull (acc_test_find_label (GTK_WIDGET (page), text));
}

/* A check-in or a move made anywhere, while the board is shown, updates the cards of the
 * groups it names and the summary, without the board reading its session again. */
static void
test_board_follows_changes (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AccBoardPage *page = show_board (fx);
  AccGroupCard *card_a = acc_board_page_get_card (page, FX_GROUP_A);
  AccGroupCard *card_b = acc_board_page_get_card (page, FX_GROUP_B);
  const char *noe[] = { FX_E_NOE, NULL };
  Reads reads;

  g_assert_nonnull (card_a);
  g_assert_nonnull (card_b);
  assert_summary (page, "2 groups · 2 pupils");
  g_assert_cmpint (acc_group_card_get_group (card_a)->checked_in, ==, 0);

  /* Noé checked in: Ourson 1 alone is read again. */
  reads = count_reads (page);
  g_assert_true (acc_store_check_in (fx->day.store, noe, TRUE, &error));
  g_assert_no_error (error);
  assert_reads (page, reads, 1, 0);
  g_assert_true (acc_board_page_get_card (page, FX_GROUP_A) == card_a);
  g_assert_cmpint (acc_group_card_get_group (card_a)->checked_in, ==, 1);

  /* The placeholder, in no group yet, joins Ourson 2: one more pupil on the board. */
  reads = count_reads (page);
  g_assert_true (acc_store_assign_group (fx->day.store, FX_E_PLACE, FX_GROUP_B, "Niveau",
                                         &error));
  g_assert_no_error (error);
  assert_reads (page, reads, 0, 1);
  g_assert_cmpuint (acc_group_card_get_n_pupils (card_b), ==, 1);
  g_assert_cmpstr (acc_group_card_get_capacity_text (card_b), ==, "1 of 10 · 9 places left");
  g_assert_cmpstr (acc_group_card_get_capacity_text (card_a), ==, "2 of 2 · Full");
  assert_summary (page, "2 groups · 3 pupils");

  /* Zoé moves from Ourson 1 to Ourson 2: both cards change, the number of pupils does not. */
  reads = count_reads (page);
  g_assert_true (acc_store_assign_group (fx->day.store, FX_E_ZOE, FX_GROUP_B, "Famille",
                                         &error));
  g_assert_no_error (error);
  assert_reads (page, reads, 1, 1);
  g_assert_true (acc_board_page_get_card (page, FX_GROUP_A) == card_a);
  g_assert_true (acc_board_page_get_card (page, FX_GROUP_B) == card_b);
  g_assert_cmpuint (acc_group_card_get_n_pupils (card_a), ==, 1);
  g_assert_cmpuint (acc_group_card_get_n_pupils (card_b), ==, 2);
  g_assert_cmpstr (acc_group_card_get_capacity_text (card_a), ==, "1 of 2 · 1 place left");
  g_assert_cmpstr (acc_group_card_get_capacity_text (card_b), ==, "2 of 10 · 8 places left");
  g_assert_nonnull (acc_test_find_label (GTK_WIDGET (card_b), "Zoé Lefèvre"));
  g_assert_null (acc_test_find_label (GTK_WIDGET (card_a), "Zoé Lefèvre"));
  assert_summary (page, "2 groups · 3 pupils");

  /* A pupil's attendance is on their card only. */
  reads = count_reads (page);
  g_assert_true (acc_store_set_attendance (fx->day.store, FX_E_NOE, ACC_ATTENDANCE_LATE,
                                           &error));
  g_assert_no_error (error);
  assert_reads (page, reads, 1, 0);
  g_assert_nonnull (acc_test_find_label (GTK_WIDGET (card_a), "Late"));

  /* What the board shows is what it would read whole. */
  acc_store_page_reload (ACC_STORE_PAGE (page));
  g_assert_cmpuint (acc_group_card_get_n_pupils (card_a), ==, 1);
  g_assert_cmpuint (acc_group_card_get_n_pupils (card_b), ==, 2);
  assert_summary (page, "2 groups · 3 pupils");
}

/* An instructor marked or replaced, or a pupil's name changed, refreshes the cards that show
 * them, and no other. */
static void
test_board_follows_people (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) name = json_object_new ();
  AccBoardPage *page = show_board (fx);
  AccGroupCard *card_a = acc_board_page_get_card (page, FX_GROUP_A);
  AccGroupCard *card_b = acc_board_page_get_card (page, FX_GROUP_B);
  Reads reads;

  /* Anne leads Ourson 1 (and the afternoon's group). */
  reads = count_reads (page);
  g_assert_true (acc_store_set_instructor_attendance (fx->day.store, FX_INSTRUCTOR,
                                                      ACC_INSTRUCTOR_ATTENDANCE_PRESENT, &error));
  g_assert_no_error (error);
  assert_reads (page, reads, 1, 0);
  g_assert_cmpint (acc_group_card_get_group (card_a)->instructor_attendance, ==,
                   ACC_INSTRUCTOR_ATTENDANCE_PRESENT);

  /* Paul takes Ourson 2. */
  reads = count_reads (page);
  g_assert_true (acc_store_assign_instructor (fx->day.store, FX_GROUP_B, FX_INSTRUCTOR2,
                                              &error));
  g_assert_no_error (error);
  assert_reads (page, reads, 0, 1);
  g_assert_cmpstr (acc_group_card_get_group (card_b)->instructor_id, ==, FX_INSTRUCTOR2);
  g_assert_null (acc_test_find_label (GTK_WIDGET (card_b), "No instructor"));

  /* Zoé's name is on Ourson 1. */
  reads = count_reads (page);
  json_object_set_string_member (name, "first_name", "Zoë");
  g_assert_true (acc_store_update_participant (fx->day.store, FX_ZOE, name, &error));
  g_assert_no_error (error);
  assert_reads (page, reads, 1, 0);
  g_assert_nonnull (acc_test_find_label (GTK_WIDGET (card_a), "Zoë Lefèvre"));

  /* Léa's enrollment in Ourson 2 is cancelled, the placeholder is in no group: no card shows
   * them. */
  reads = count_reads (page);
  g_assert_true (acc_store_update_participant (fx->day.store, FX_MARTIN, name, &error));
  g_assert_no_error (error);
  g_assert_true (acc_store_update_participant (fx->day.store, FX_PLACEHOLDER, name, &error));
  g_assert_no_error (error);
  assert_reads (page, reads, 0, 0);
}

/* A change of another session only leaves the board as it is. */
static void
test_board_other_session (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AccBoardPage *page = show_board (fx);
  AccGroupCard *card_a = acc_board_page_get_card (page, FX_GROUP_A);
  g_autoptr(GtkWidget) row = g_object_ref (acc_test_find_widget (GTK_WIDGET (card_a),
                                                                 GTK_TYPE_LIST_BOX_ROW));
  const char *zoe_pm[] = { FX_E_ZOE_PM, NULL };
  Reads reads = count_reads (page);

  g_assert_true (acc_store_check_in (fx->day.store, zoe_pm, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (acc_store_set_attendance (fx->day.store, FX_E_ZOE_PM, ACC_ATTENDANCE_PRESENT,
                                           &error));
  g_assert_no_error (error);
  g_assert_true (acc_store_assign_instructor (fx->day.store, FX_GROUP_PM, FX_INSTRUCTOR2,
                                              &error));
  g_assert_no_error (error);
  acc_test_spin_a_little ();

  assert_reads (page, reads, 0, 0);
  g_assert_true (acc_board_page_get_card (page, FX_GROUP_A) == card_a);
  g_assert_true (gtk_widget_get_parent (row) != NULL);
  assert_summary (page, "2 groups · 2 pupils");

  /* The afternoon's board shows what happened there. */
  gtk_widget_activate_action (GTK_WIDGET (page), "board.session", "s", FX_SESSION_PM);
  g_assert_cmpint (acc_group_card_get_group (acc_board_page_get_card (page, FX_GROUP_PM))->checked_in,
                   ==, 1);
}

/* Writes to the store what @write does without the board hearing of it, then tells it of a
 * change that names only the group @write returns.
 *
 * Returns: the group's id */
static char *
change_behind_board (Fixture      *fx,
                     AccBoardPage *page,
                     char       *(*write) (Fixture *fx))
{
  g_autoptr(AccStoreChange) change = acc_store_change_new ();
  char *group_id;

  g_signal_handlers_block_matched (fx->day.store, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, page);
  group_id = write (fx);
  g_signal_handlers_unblock_matched (fx->day.store, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     page);

  acc_store_change_add (change, ACC_CHANGE_GROUP, group_id);
  g_signal_emit_by_name (fx->day.store, "changed", change);
  return group_id;
}

static char *
create_group (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  char *id = acc_store_create_group (fx->day.store, FX_SESSION_AM, FX_LEVEL, 8, NULL,
                                     "Ourson 3", &error);

  g_assert_no_error (error);
  return id;
}

static char *
move_group_b (Fixture *fx)
{
  acc_test_put_json (fx->day.store, "[{\"_id\":\"" FX_GROUP_B "\",\"_rev\":\"2-bbbb\","
                                    "\"type\":\"group\",\"schema\":1,"
                                    "\"session_id\":\"" FX_SESSION_PM "\","
                                    "\"level_id\":\"" FX_LEVEL "\",\"instructor_id\":null,"
                                    "\"capacity\":10,\"label\":\"Ourson 2\","
                                    "\"meeting_point_id\":null}]");
  return g_strdup (FX_GROUP_B);
}

/* A group that joins the session shown, or leaves it, makes the board read it again. */
static void
test_board_groups_come_and_go (Fixture       *fx,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *new_group_id = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *moved_id = NULL;
  AccBoardPage *page = show_board (fx);
  guint reads = acc_board_page_get_n_reads (page);

  /* A change that names a group new to the session. */
  new_group_id = change_behind_board (fx, page, create_group);
  g_assert_cmpuint (acc_board_page_get_n_reads (page), ==, reads + 1);
  g_assert_cmpuint (acc_board_page_get_n_cards (page), ==, 3);
  SPIN_UNTIL (acc_board_page_get_card (page, new_group_id) != NULL);
  assert_summary (page, "3 groups · 2 pupils");

  /* One created at this desk. */
  other_id = acc_store_create_group (fx->day.store, FX_SESSION_AM, FX_LEVEL, 8, NULL,
                                     "Ourson 4", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (acc_board_page_get_n_cards (page), ==, 4);
  SPIN_UNTIL (acc_board_page_get_card (page, other_id) != NULL);

  /* One that left for the afternoon. */
  reads = acc_board_page_get_n_reads (page);
  moved_id = change_behind_board (fx, page, move_group_b);
  g_assert_cmpuint (acc_board_page_get_n_reads (page), ==, reads + 1);
  g_assert_cmpuint (acc_board_page_get_n_cards (page), ==, 3);
  SPIN_UNTIL (acc_board_page_get_card (page, moved_id) == NULL);
}

static void
test_board_close_out (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AccBoardPage *page = show_board (fx);
  AccAttendance afternoon = acc_test_get_attendance (fx->day.store, FX_E_ZOE_PM);
  AdwMessageDialog *question;
  AccGroupCard *card;

  g_assert_true (acc_store_set_attendance (fx->day.store, FX_E_ZOE, ACC_ATTENDANCE_PRESENT,
                                           &error));
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (page), "board.close-out", NULL);
  question = acc_board_page_get_question (page);
  g_assert_nonnull (question);
  /* Noé and the placeholder are not marked yet. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "2 pupils"));
  g_assert_cmpint (acc_test_get_attendance (fx->day.store, FX_E_NOE), ==,
                   ACC_ATTENDANCE_UNDETERMINED);

  answer (page, "close-out");

  g_assert_cmpint (acc_test_get_attendance (fx->day.store, FX_E_ZOE), ==, ACC_ATTENDANCE_PRESENT);
  g_assert_cmpint (acc_test_get_attendance (fx->day.store, FX_E_NOE), ==, ACC_ATTENDANCE_NO_SHOW);
  g_assert_cmpint (acc_test_get_attendance (fx->day.store, FX_E_PLACE), ==, ACC_ATTENDANCE_NO_SHOW);
  g_assert_cmpint (acc_test_get_attendance (fx->day.store, FX_E_ZOE_PM), ==, afternoon);
  g_assert_cmpint (afternoon, !=, ACC_ATTENDANCE_NO_SHOW);

  card = acc_board_page_get_card (page, FX_GROUP_A);
  g_assert_nonnull (card);
  g_assert_cmpstr (acc_group_card_get_freed_text (card), ==, "1 place freed");
  g_assert_null (acc_group_card_get_freed_text (acc_board_page_get_card (page, FX_GROUP_B)));
}

static void
test_board_close_out_cancelled (Fixture       *fx,
                                gconstpointer  data)
{
  AccBoardPage *page = show_board (fx);

  gtk_widget_activate_action (GTK_WIDGET (page), "board.close-out", NULL);
  answer (page, "cancel");

  g_assert_cmpuint (n_written (fx), ==, 0);
  g_assert_cmpint (acc_test_get_attendance (fx->day.store, FX_E_NOE), ==,
                   ACC_ATTENDANCE_UNDETERMINED);
}

static void
assert_rows_match (GPtrArray *shown,
                   GPtrArray *expected)
{
  g_assert_cmpuint (shown->len, ==, expected->len);

  for (guint i = 0; i < shown->len; i++)
    {
      const AccTallyRow *a = g_ptr_array_index (shown, i);
      const AccTallyRow *b = g_ptr_array_index (expected, i);

      g_assert_cmpstr (a->session_id, ==, b->session_id);
      g_assert_cmpstr (a->level_id, ==, b->level_id);
      g_assert_cmpuint (a->expected, ==, b->expected);
      g_assert_cmpuint (a->checked_in, ==, b->checked_in);
      g_assert_cmpuint (a->groups, ==, b->groups);
      g_assert_cmpuint (a->instructors_present, ==, b->instructors_present);
    }
}

static const AccTallyRow *
find_tally_row (GPtrArray  *rows,
                const char *session_id)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const AccTallyRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->session_id, session_id) == 0)
        return row;
    }

  return NULL;
}

static void
test_tally (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *page = acc_tally_page_new (fx->day.store);
  g_autoptr(GPtrArray) expected = NULL;
  AccStoreStatus status;
  GPtrArray *shown;
  const char *zoe[] = { FX_E_ZOE, NULL };
  const char *noe[] = { FX_E_NOE, NULL };
  guint sum_expected = 0, sum_checked_in = 0;

  gtk_window_set_child (fx->window, page);
  gtk_window_present (fx->window);
  SPIN_UNTIL (gtk_widget_get_mapped (page));

  expected = acc_store_tally (fx->day.store, &error);
  g_assert_no_error (error);
  shown = acc_tally_page_get_rows (ACC_TALLY_PAGE (page));
  assert_rows_match (shown, expected);

  status = acc_test_get_status (fx->day.store);
  for (guint i = 0; i < shown->len; i++)
    {
      const AccTallyRow *row = g_ptr_array_index (shown, i);

      sum_expected += row->expected;
      sum_checked_in += row->checked_in;
    }
  g_assert_cmpuint (sum_expected, ==, status.enrollments);
  g_assert_cmpuint (sum_checked_in, ==, status.checked_in);

  /* Léa's enrollment is cancelled: Zoé, Noé and the placeholder remain. */
  g_assert_nonnull (find_tally_row (shown, FX_SESSION_AM));
  g_assert_cmpuint (find_tally_row (shown, FX_SESSION_AM)->expected, ==, 3);
  g_assert_cmpuint (find_tally_row (shown, FX_SESSION_AM)->checked_in, ==, 0);
  g_assert_cmpuint (find_tally_row (shown, FX_SESSION_AM)->groups, ==, 2);

  /* The page follows the store. */
  g_assert_true (acc_store_check_in (fx->day.store, zoe, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&expected, g_ptr_array_unref);
  expected = acc_store_tally (fx->day.store, &error);
  g_assert_no_error (error);
  shown = acc_tally_page_get_rows (ACC_TALLY_PAGE (page));
  assert_rows_match (shown, expected);
  g_assert_cmpuint (find_tally_row (shown, FX_SESSION_AM)->checked_in, ==, 1);

  /* Out of sight it waits (a pull stores batch after batch), and catches up when shown. */
  gtk_widget_set_visible (page, FALSE);
  SPIN_UNTIL (!gtk_widget_get_mapped (page));
  g_assert_true (acc_store_check_in (fx->day.store, noe, TRUE, &error));
  g_assert_no_error (error);
  shown = acc_tally_page_get_rows (ACC_TALLY_PAGE (page));
  g_assert_cmpuint (find_tally_row (shown, FX_SESSION_AM)->checked_in, ==, 1);
  gtk_widget_set_visible (page, TRUE);
  SPIN_UNTIL (gtk_widget_get_mapped (page));
  g_clear_pointer (&expected, g_ptr_array_unref);
  expected = acc_store_tally (fx->day.store, &error);
  shown = acc_tally_page_get_rows (ACC_TALLY_PAGE (page));
  assert_rows_match (shown, expected);
  g_assert_cmpuint (find_tally_row (shown, FX_SESSION_AM)->checked_in, ==, 2);
}

static void
test_extra_group (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AccBoardPage *page = show_board (fx);
  AccExtraGroupDialog *dialog = acc_test_open_edit_dialog (ACC_TYPE_EXTRA_GROUP_DIALOG,
                                                           fx->day.store, FX_SESSION_AM);
  g_autoptr(GPtrArray) groups = NULL;
  gboolean found = FALSE;

  gtk_widget_activate_action (GTK_WIDGET (dialog), "extra.create", NULL);

  groups = acc_store_list_groups (fx->day.store, FX_SESSION_AM, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 3);
  for (guint i = 0; i < groups->len; i++)
    {
      const AccGroupRow *group = g_ptr_array_index (groups, i);

      if (g_strcmp0 (group->id, FX_GROUP_A) != 0 && g_strcmp0 (group->id, FX_GROUP_B) != 0)
        {
          g_assert_cmpint (group->capacity, ==, 10);
          g_assert_cmpstr (group->level_id, ==, FX_LEVEL);
          g_assert_true (g_str_has_suffix (group->label, " 3"));
          found = TRUE;
        }
    }
  g_assert_true (found);
  g_assert_cmpuint (acc_board_page_get_n_cards (page), ==, 3);

  SPIN_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_object_unref (dialog);
}

int
main (int   argc,
      char *argv[])
{
  acc_test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)

  ADD ("/ui/board/cards", test_board_cards);
  ADD ("/ui/board/session-before-shown", test_board_session_before_shown);
  ADD ("/ui/board/session-chooser", test_board_session_chooser);
  ADD ("/ui/board/move-full", test_board_move_full);
  ADD ("/ui/board/move-full-cancelled", test_board_move_full_cancelled);
  ADD ("/ui/board/move-not-full", test_board_move_not_full);
  ADD ("/ui/board/drop", test_board_drop);
  ADD ("/ui/board/rows-follow", test_board_rows_follow);
  ADD ("/ui/board/follows-changes", test_board_follows_changes);
  ADD ("/ui/board/follows-people", test_board_follows_people);
  ADD ("/ui/board/other-session", test_board_other_session);
  ADD ("/ui/board/groups-come-and-go", test_board_groups_come_and_go);
  ADD ("/ui/board/close-out", test_board_close_out);
  ADD ("/ui/board/close-out-cancelled", test_board_close_out_cancelled);
  ADD ("/ui/board/extra-group", test_extra_group);
  ADD ("/ui/tally", test_tally);

  return g_test_run ();
}
