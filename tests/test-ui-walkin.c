/* test-ui-walkin.c: booking a family that came to the desk without a booking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "acc-arrivals-page.h"
#include "acc-booking-result.h"
#include "acc-test-window.h"
#include "acc-ui-util.h"
#include "acc-walkin-dialog.h"
#include "acc-window.h"

typedef AccTestWindow Fixture;

static AccWalkinDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ACC_IS_WALKIN_DIALOG (item))
        return ACC_WALKIN_DIALOG (item);
    }

  return NULL;
}

static GtkWidget *
page_child (Fixture    *fx,
            const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fx->page), ACC_TYPE_ARRIVALS_PAGE,
                                                  name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static GObject *
dialog_child (AccWalkinDialog *dialog,
              const char      *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), ACC_TYPE_WALKIN_DIALOG,
                                                  name);

  g_assert_nonnull (child);
  return child;
}

static GObject *
member_child (AccWalkinDialog *dialog,
              guint            index,
              const char      *name)
{
  AccWalkinMember *member = acc_walkin_dialog_get_member (dialog, index);
  GObject *child;

  g_assert_nonnull (member);
  child = gtk_widget_get_template_child (GTK_WIDGET (member), ACC_TYPE_WALKIN_MEMBER, name);
  g_assert_nonnull (child);
  return child;
}

static void
type_in (GObject    *row,
         const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Taps the big button beside the search field, as the desk does, and waits for the form. */
static AccWalkinDialog *
open_from_button (Fixture    *fx,
                  const char *button)
{
  AccWalkinDialog *dialog;

  g_assert_null (find_dialog ());
  g_assert_true (gtk_widget_get_visible (page_child (fx, button)));
  /* A button activated shows itself pressed a moment, then acts. */
  gtk_widget_activate (page_child (fx, button));
  SPIN_UNTIL ((dialog = find_dialog ()) != NULL);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fx->window));

  return dialog;
}

static void
fill_participant (AccWalkinDialog *dialog,
                  guint            index,
                  const char      *first_name,
                  const char      *birth_year)
{
  type_in (member_child (dialog, index, "first_name_row"), first_name);
  type_in (member_child (dialog, index, "birth_year_row"), birth_year);
  /* The day's one level, after “Not given”, and the morning's lesson. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (member_child (dialog, index, "level_row")), 1);
  acc_walkin_member_select_session (acc_walkin_dialog_get_member (dialog, index), FX_SESSION_AM);
}

static gboolean
has_focus_within (GtkWindow *window,
                  GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
results_have (Fixture    *fx,
              const char *text,
              const char *booking_id)
{
  GListModel *results = acc_arrivals_page_get_results (fx->page);

  gtk_editable_set_text (acc_arrivals_page_get_search_entry (fx->page), text);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(AccBookingResult) result = g_list_model_get_item (results, i);

      if (g_strcmp0 (acc_booking_result_get_booking_id (result), booking_id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The desk registers a family of three walk-ins without the cloud, places them in the
 * groups suggested, checks them in with one tap, and finds them again at the desk. */
static void
test_family (Fixture       *fx,
             gconstpointer  data)
{
  AccStoreStatus before = acc_test_get_status (fx->day.store);
  AccStoreStatus after;
  AccWalkinDialog *dialog = open_from_button (fx, "new_booking_button");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(AccBookingInfo) info = NULL;
  g_autofree char *booking_id = NULL;
  g_autofree char *reference = NULL;
  const char *names[] = { "Lou", "Tom", "Inès" };
  const char *years[] = { "2018", "2017", "2019" };

  /* Ctrl+N opens it from the arrivals; Escape closes it, Ctrl+Return registers. */
  g_assert_true (acc_test_has_shortcut (GTK_WIDGET (fx->page), "<Control>n", "arrivals.new-booking"));
  g_assert_true (acc_test_has_shortcut (GTK_WIDGET (dialog), "Escape", "window.close"));
  g_assert_true (acc_test_has_shortcut (GTK_WIDGET (dialog), "<Control>Return", "walkin.register"));

  /* The payer's first name is typed first. */
  g_assert_true (has_focus_within (GTK_WINDOW (dialog), GTK_WIDGET (dialog_child (dialog, "first_name_row"))));
  g_assert_cmpuint (acc_walkin_dialog_get_n_members (dialog), ==, 1);

  type_in (dialog_child (dialog, "first_name_row"), "Marc");
  type_in (dialog_child (dialog, "last_name_row"), "Durand");
  type_in (dialog_child (dialog, "phone_row"), "+33 6 11 22 33 44");
  type_in (dialog_child (dialog, "email_row"), "marc.durand@example.org");
  type_in (dialog_child (dialog, "balance_row"), "45,50");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "balance_label"))),
                   ==, "€45.50 to settle");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "walkin.add-participant", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "walkin.add-participant", NULL));
  g_assert_cmpuint (acc_walkin_dialog_get_n_members (dialog), ==, 3);
  /* The new participant's first name has the focus. */
  g_assert_true (has_focus_within (GTK_WINDOW (dialog),
                                   GTK_WIDGET (member_child (dialog, 2, "first_name_row"))));

  for (guint i = 0; i < 3; i++)
    {
      AccWalkinMember *member = acc_walkin_dialog_get_member (dialog, i);

      fill_participant (dialog, i, names[i], years[i]);
      /* The family's name, and the group the desk suggests: Ourson 1 is full. */
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (member_child (dialog, i, "last_name_row"))),
                       ==, "Durand");
      g_assert_cmpstr (acc_walkin_member_get_group_id (member), ==, FX_GROUP_B);
    }
  type_in (member_child (dialog, 1, "allergies_row"), "Pollen");
  type_in (member_child (dialog, 2, "pickup_adults_row"), "Marc Durand, Julie Durand");

  /* A screen reader tells the participants' fields apart. */
  gtk_test_accessible_assert_property (gtk_editable_get_delegate (GTK_EDITABLE (member_child (dialog, 1, "first_name_row"))),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "First name, participant 2");

  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (dialog_child (dialog, "print_button"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "walkin.register", NULL));
  g_assert_null (acc_walkin_dialog_get_question (dialog));
  g_assert_null (acc_walkin_dialog_get_error (dialog));
  g_assert_nonnull (acc_walkin_dialog_get_booking_id (dialog));
  booking_id = g_strdup (acc_walkin_dialog_get_booking_id (dialog));
  reference = g_strdup (acc_walkin_dialog_get_reference (dialog));
  g_assert_nonnull (reference);

  /* The last page shows the code large, and what is left to settle. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (dialog_child (dialog, "stack"))),
                   ==, "done");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "reference_label"))),
                   ==, reference);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "settle_label"))),
                   ==, "€45.50 to settle");

  /* Written at this desk, offline: waiting to be sent. */
  after = acc_test_get_status (fx->day.store);
  g_assert_cmpuint (after.enrollments, ==, before.enrollments + 3);
  g_assert_cmpuint (after.pending, >, before.pending);
  info = acc_store_get_booking (fx->day.store, booking_id, NULL);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->reference, ==, reference);
  g_assert_cmpint (info->balance_due_cents, ==, 4550);
  g_assert_cmpstr (info->payer_last_name, ==, "Durand");
  g_assert_cmpstr (info->payer_phone, ==, "+33 6 11 22 33 44");

  rows = acc_store_list_enrollments_of_booking (fx->day.store, booking_id, NULL);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (row->group_id, ==, FX_GROUP_B);
      g_assert_cmpstr (row->session_id, ==, FX_SESSION_AM);
      g_assert_cmpstr (row->last_name, ==, "Durand");
      g_assert_cmpstr (row->declared_level_id, ==, FX_LEVEL);
      g_assert_false (row->checked_in);
      if (g_strcmp0 (row->first_name, "Tom") == 0)
        g_assert_cmpstr (row->allergies, ==, "Pollen");
      if (g_strcmp0 (row->first_name, "Inès") == 0)
        {
          g_assert_cmpuint (g_strv_length (row->pickup_adults), ==, 2);
          g_assert_cmpstr (row->pickup_adults[1], ==, "Julie Durand");
        }
    }

  /* Under the dialog, the new booking's card is open. */
  g_assert_true (acc_arrivals_page_is_showing_card (fx->page));
  g_assert_cmpstr (acc_booking_card_get_booking_id (fx->card), ==, booking_id);

  /* The voucher can be printed once the booking is written, never before. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog_child (dialog, "print_button"))));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (dialog_child (dialog, "print_button"))));

  /* One tap checks the family in. */
  g_assert_true (has_focus_within (GTK_WINDOW (dialog), GTK_WIDGET (dialog_child (dialog, "check_in_button"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "walkin.check-in-all", NULL));
  g_assert_true (acc_walkin_dialog_is_checked_in (dialog));
  for (guint i = 0; i < rows->len; i++)
    g_assert_true (acc_test_is_checked_in (fx->day.store,
                                           ((AccEnrollmentRow *) g_ptr_array_index (rows, i))->enrollment_id));
  g_assert_cmpuint (acc_test_get_status (fx->day.store).checked_in, ==, before.checked_in + 3);
  /* Checked in by the card under the dialog, which says so as for any family: a fresh
   * check-in with its balance to settle, not a family that came twice. */
  g_assert_nonnull (acc_test_find_label (acc_booking_card_get_banner (fx->card),
                                         "Check: allergy · balance due"));
  g_assert_null (acc_test_find_label (acc_booking_card_get_banner (fx->card),
                                      "Already checked in"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (dialog_child (dialog, "check_in_button"))));

  /* Done closes without a question: everything is written. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  SPIN_UNTIL (dialog == NULL);
  g_assert_null (find_dialog ());

  /* The desk finds them by a participant's name, the code and the phone's last digits. */
  g_assert_true (results_have (fx, "ines", booking_id));
  g_assert_true (results_have (fx, "durand", booking_id));
  g_assert_true (results_have (fx, reference, booking_id));
  g_assert_true (results_have (fx, "3344", booking_id));
  g_assert_false (results_have (fx, "5678", booking_id));
}

/* A name missing is said in words beside its field, which takes the focus; nothing is
 * written. */
static void
test_refusal (Fixture       *fx,
              gconstpointer  data)
{
  AccStoreStatus before = acc_test_get_status (fx->day.store);
  gint64 n_docs = acc_test_count_docs (fx->day.store);
  AccWalkinDialog *dialog = open_from_button (fx, "new_booking_button");
  GtkWidget *first_name = GTK_WIDGET (member_child (dialog, 0, "first_name_row"));
  const char *error;

  type_in (dialog_child (dialog, "first_name_row"), "Marc");
  type_in (dialog_child (dialog, "last_name_row"), "Durand");
  type_in (member_child (dialog, 0, "birth_year_row"), "2018");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "walkin.register", NULL));
  error = acc_walkin_dialog_get_error (dialog);
  g_assert_nonnull (error);
  g_assert_null (strstr (error, "participants["));
  g_assert_cmpstr (error, ==, "Participant 1: The first name is missing.");
  g_assert_null (acc_walkin_dialog_get_booking_id (dialog));
  g_assert_true (gtk_widget_has_css_class (first_name, "error"));
  g_assert_true (has_focus_within (GTK_WINDOW (dialog), first_name));

  /* No lesson is chosen for the desk: once the names are there, it asks for one. */
  type_in (member_child (dialog, 0, "first_name_row"), "Lou");
  g_assert_false (acc_walkin_member_has_lesson (acc_walkin_dialog_get_member (dialog, 0)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "walkin.register", NULL));
  g_assert_true (g_str_has_prefix (acc_walkin_dialog_get_error (dialog), "Participant 1: "));
  g_assert_true (has_focus_within (GTK_WINDOW (dialog), GTK_WIDGET (member_child (dialog, 0, "session_row"))));

  /* A balance that is no amount is refused before anything else. */
  type_in (dialog_child (dialog, "balance_row"), "45,5,0");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "walkin.register", NULL));
  g_assert_nonnull (strstr (acc_walkin_dialog_get_error (dialog), "not an amount"));
  g_assert_true (has_focus_within (GTK_WINDOW (dialog), GTK_WIDGET (dialog_child (dialog, "balance_row"))));

  g_assert_cmpint (acc_test_count_docs (fx->day.store), ==, n_docs);
  g_assert_cmpuint (acc_test_get_status (fx->day.store).pending, ==, before.pending);
  g_assert_cmpuint (acc_test_get_status (fx->day.store).enrollments, ==, before.enrollments);

  /* Closing a filled form asks first; keeping it keeps everything typed. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_nonnull (acc_walkin_dialog_get_question (dialog));
  g_assert_true (adw_message_dialog_has_response (acc_walkin_dialog_get_question (dialog), "discard"));
  adw_message_dialog_response (acc_walkin_dialog_get_question (dialog), "keep");
  g_assert_null (acc_walkin_dialog_get_question (dialog));
  acc_test_spin_a_little ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, "last_name_row"))),
                   ==, "Durand");

  /* Escape asks too; discarding closes. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  g_assert_nonnull (acc_walkin_dialog_get_question (dialog));
  adw_message_dialog_response (acc_walkin_dialog_get_question (dialog), "discard");
  SPIN_UNTIL (dialog == NULL);
  g_assert_cmpint (acc_test_count_docs (fx->day.store), ==, n_docs);
}

/* A full group is asked about, never refused: “Register Anyway” writes the family there. */
static void
test_full_group (Fixture       *fx,
                 gconstpointer  data)
{
  AccWalkinDialog *dialog = open_from_button (fx, "new_booking_button");
  AccWalkinMember *member = acc_walkin_dialog_get_member (dialog, 0);
  AdwMessageDialog *question;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 n_docs = acc_test_count_docs (fx->day.store);

  type_in (dialog_child (dialog, "first_name_row"), "Marc");
  type_in (dialog_child (dialog, "last_name_row"), "Perrin");
  fill_participant (dialog, 0, "Jade", "2018");
  acc_walkin_member_select_group (member, FX_GROUP_A);
  g_assert_cmpstr (acc_walkin_member_get_group_id (member), ==, FX_GROUP_A);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "walkin.register", NULL));
  question = acc_walkin_dialog_get_question (dialog);
  g_assert_nonnull (question);
  g_object_add_weak_pointer (G_OBJECT (question), (gpointer *) &question);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "Ourson 1"));
  g_assert_true (adw_message_dialog_has_response (question, "register"));
  g_assert_true (adw_message_dialog_has_response (question, "change"));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (question)));
  /* Nothing is written while the desk has not answered. */
  g_assert_cmpint (acc_test_count_docs (fx->day.store), ==, n_docs);

  adw_message_dialog_response (question, "register");
  SPIN_UNTIL (question == NULL);
  g_assert_nonnull (acc_walkin_dialog_get_booking_id (dialog));

  rows = acc_store_list_enrollments_of_booking (fx->day.store,
                                                acc_walkin_dialog_get_booking_id (dialog), NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((AccEnrollmentRow *) g_ptr_array_index (rows, 0))->group_id, ==, FX_GROUP_A);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A name searched in vain becomes the payer's, from the button under “No Booking Found”. */
static void
test_from_search (Fixture       *fx,
                  gconstpointer  data)
{
  AccWalkinDialog *dialog;
  GtkWidget *content = page_child (fx, "no_results_button_content");

  gtk_editable_set_text (acc_arrivals_page_get_search_entry (fx->page), "le goff");
  g_assert_cmpstr (adw_button_content_get_label (ADW_BUTTON_CONTENT (content)), ==,
                   "New Booking for “Le Goff”");
  dialog = open_from_button (fx, "no_results_button");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, "last_name_row"))),
                   ==, "Le Goff");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (member_child (dialog, 0, "last_name_row"))),
                   ==, "Le Goff");
  gtk_window_destroy (GTK_WINDOW (dialog));
  acc_test_spin_a_little ();

  /* A code or digits are no name: the form starts empty. */
  gtk_editable_set_text (acc_arrivals_page_get_search_entry (fx->page), "ZZ9999");
  g_assert_cmpstr (adw_button_content_get_label (ADW_BUTTON_CONTENT (content)), ==,
                   "New Booking");
  dialog = open_from_button (fx, "no_results_button");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, "last_name_row"))),
                   ==, "");

  /* An empty form closes at once. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  SPIN_UNTIL (dialog == NULL);
}

static void
test_parse_money (void)
{
  const struct {
    const char *text;
    gboolean    ok;
    gint64      cents;
  } cases[] = {
    { "", TRUE, 0 },
    { "45", TRUE, 4500 },
    { "45,50", TRUE, 4550 },
    { "45.50", TRUE, 4550 },
    { "45,5", TRUE, 4550 },
    { " 45 € ", TRUE, 4500 },
    { "€45.05", TRUE, 4505 },
    { "1 200,00", TRUE, 120000 },
    { "1\u202f200", TRUE, 120000 },
    { "1.200", FALSE, 0 },
    { "45,", FALSE, 0 },
    { ",50", FALSE, 0 },
    { "45,5,0", FALSE, 0 },
    { "-45", FALSE, 0 },
    { "quarante", FALSE, 0 },
    { "99999999", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 cents = -1;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (acc_parse_money (cases[i].text, &cents), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (cents, ==, cases[i].cents);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* The morning of the fixture day: its lessons are still to start. */
  g_setenv ("ACCUEIL_NOW", "2026-12-26T08:15:00+01:00", TRUE);

  acc_test_ui_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/ui/walkin/" name, Fixture, NULL, acc_test_window_set_up, func, \
              acc_test_window_tear_down)

  g_test_add_func ("/ui/walkin/parse-money", test_parse_money);
  ADD ("family", test_family);
  ADD ("refusal", test_refusal);
  ADD ("full-group", test_full_group);
  ADD ("from-search", test_from_search);

  return g_test_run ();
}
