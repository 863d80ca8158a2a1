/* acc-walkin-dialog.c: booking a family that came to the desk without a booking
 *
 * The form takes the payer, what they still owe and the participants with their lesson of
 * the day; Register has the core check it (acc_walkin_check()): a refusal is said in words
 * beside its field, which takes the focus; what a person must confirm (a level outside the
 * participant's age, a full group) is asked, never refused. Once written, the dialog shows
 * the booking's code large, what is left to settle, and checks everyone in with one tap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "acc-error.h"
#include "acc-money.h"
#include "acc-store-watch.h"
#include "acc-ui-util.h"
#include "acc-voucher-print.h"
#include "acc-walkin-dialog.h"

struct _AccWalkinDialog
{
  AdwWindow          parent_instance;

  AccStoreWatch      watch;

  /* Once registered: the walk-in with its ids, and its enrollments to check in. */
  AccWalkin         *walkin;
  GPtrArray         *enrollment_ids;
  gboolean           checked_in;

  /* The walk-in waiting for the person's answer to its questions. */
  AccWalkin         *pending;
  GPtrArray         *pending_questions;  /* AccWalkinQuestion */
  AdwMessageDialog  *question;           /* The question shown: confirm, or discard. */

  /* Template widgets */
  GtkWidget         *cancel_button;
  GtkStack          *stack;
  GtkWidget         *error_box;
  GtkLabel          *error_label;
  AdwEntryRow       *first_name_row;
  AdwEntryRow       *last_name_row;
  AdwEntryRow       *phone_row;
  AdwEntryRow       *email_row;
  AdwComboRow       *language_row;
  AdwEntryRow       *balance_row;
  GtkLabel          *balance_label;
  GtkBox            *members_box;
  GtkWidget         *add_button;
  GtkLabel          *reference_label;
  GtkWidget         *balance_box;
  GtkImage          *balance_icon;
  GtkLabel          *settle_label;
  GtkListBox        *registered_list;
  GtkWidget         *check_in_button;
  AdwButtonContent  *check_in_content;
  GtkLabel          *done_error_label;
  GtkWidget         *print_button;
  GtkWidget         *done_button;
};

G_DEFINE_FINAL_TYPE (AccWalkinDialog, acc_walkin_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  REGISTERED,
  CHECK_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The languages the school writes to families in, each in its own words. */
static const struct {
  const char *code;
  const char *name;
} languages[] = {
  { "fr", "Français" },
  { "en", "English" },
  { "de", "Deutsch" },
  { "it", "Italiano" },
};

static void store_changed_cb (AccWalkinDialog *self,
                              AccStoreChange  *change);

/* The currency the form shows amounts in: the one of the booking once written, else the
 * euro, which the core writes for a walk-in that names none. */
static const char *
form_currency (AccWalkinDialog *self)
{
  if (self->walkin != NULL && self->walkin->currency != NULL)
    return self->walkin->currency;

  return "EUR";
}

static guint
n_members (AccWalkinDialog *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->members_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

static AccWalkinMember *
nth_member (AccWalkinDialog *self,
            guint            index)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->members_box));

  for (guint i = 0; child != NULL && i < index; i++)
    child = gtk_widget_get_next_sibling (child);

  return child ? ACC_WALKIN_MEMBER (child) : NULL;
}

static void
renumber_members (AccWalkinDialog *self)
{
  guint n = n_members (self);

  for (guint i = 0; i < n; i++)
    acc_walkin_member_set_number (nth_member (self, i), i + 1, n > 1);
}

static void
show_error (AccWalkinDialog *self,
            const char      *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (self->error_box, message != NULL);
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_box),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, message,
                                    -1);
}

/* Takes the person to @field, marked, with the message that says what is wrong with it. */
static void
show_field_error (AccWalkinDialog *self,
                  GtkWidget       *field,
                  const char      *message)
{
  show_error (self, message);

  if (field == NULL)
    return;

  gtk_widget_add_css_class (field, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  gtk_widget_grab_focus (field);
}

static void
clear_error (AccWalkinDialog *self)
{
  show_error (self, NULL);
}

static void
update_balance (AccWalkinDialog *self)
{
  g_autofree char *text = acc_editable_dup_text ((GtkEditable *) self->balance_row);
  g_autofree char *shown = NULL;
  gint64 cents = 0;

  gtk_widget_remove_css_class (GTK_WIDGET (self->balance_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->balance_label), "error");

  if (!acc_parse_money (text, &cents))
    {
      /* Translators: beside the balance of a new booking, when what is typed is no amount. */
      shown = g_strdup (_("Not an amount"));
      gtk_widget_add_css_class (GTK_WIDGET (self->balance_label), "error");
    }
  else if (cents == 0)
    shown = g_strdup (_("Nothing to settle"));
  else
    {
      g_autofree char *amount = acc_money_format (cents, form_currency (self));

      /* Translators: beside the balance of a new booking: %s is the amount the family still
       * owes, for example “€45.50 to settle”. */
      shown = g_strdup_printf (_("%s to settle"), amount);
    }

  gtk_label_set_label (self->balance_label, shown);
}

static gboolean
is_dirty (AccWalkinDialog *self)
{
  AdwEntryRow *rows[] = {
    self->first_name_row, self->last_name_row, self->phone_row, self->email_row,
    self->balance_row,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (gtk_editable_get_text (GTK_EDITABLE (rows[i]))[0] != '\0')
      return TRUE;

  for (guint i = 0; i < n_members (self); i++)
    if (!acc_walkin_member_is_blank (nth_member (self, i)))
      return TRUE;

  return FALSE;
}

static void
field_changed_cb (AccWalkinDialog *self,
                  GtkWidget       *row)
{
  /* What the desk types next answers what the form said. */
  gtk_widget_remove_css_class (row, "error");
  clear_error (self);
}

static void
last_name_changed_cb (AccWalkinDialog *self,
                      GtkEditable     *row)
{
  g_autofree char *last_name = acc_editable_dup_text ((GtkEditable *) self->last_name_row);

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  clear_error (self);

  /* A family shares a name more often than not: the participants take it until a person
   * types theirs. */
  for (guint i = 0; i < n_members (self); i++)
    acc_walkin_member_set_family_name (nth_member (self, i), last_name);
}

static void
balance_changed_cb (AccWalkinDialog *self)
{
  update_balance (self);
  clear_error (self);
}

/* The form as a walk-in for the core, or NULL when the balance is no amount (the core only
 * ever sees cents): the form then says so. */
static AccWalkin *
collect_walkin (AccWalkinDialog *self)
{
  g_autoptr(AccWalkin) walkin = acc_walkin_new ();
  g_autofree char *balance = acc_editable_dup_text ((GtkEditable *) self->balance_row);
  guint language = adw_combo_row_get_selected (self->language_row);

  if (!acc_parse_money (balance, &walkin->balance_due_cents))
    {
      show_field_error (self, GTK_WIDGET (self->balance_row),
                        _("The balance due is not an amount: write it as 45, 45,50 or 45.50, "
                          "or leave it empty when the family has paid."));
      return NULL;
    }

  walkin->first_name = acc_editable_dup_text ((GtkEditable *) self->first_name_row);
  walkin->last_name = acc_editable_dup_text ((GtkEditable *) self->last_name_row);
  walkin->phone = acc_editable_dup_text_or_null ((GtkEditable *) self->phone_row);
  walkin->email = acc_editable_dup_text_or_null ((GtkEditable *) self->email_row);
  if (language < G_N_ELEMENTS (languages))
    walkin->language = g_strdup (languages[language].code);

  for (guint i = 0; i < n_members (self); i++)
    g_ptr_array_add (walkin->participants,
                     acc_walkin_member_dup_participant (nth_member (self, i)));

  return g_steal_pointer (&walkin);
}

/* The row a refusal or a question names: the core names fields as its structures do,
 * “last_name”, “participants[1].birth_year”, “participants[0].lessons[0].group_id”. */
static GtkWidget *
find_field (AccWalkinDialog *self,
            const char      *path,
            guint           *participant)
{
  const struct {
    const char *name;
    gsize       offset;
  } payer_fields[] = {
    { "first_name", G_STRUCT_OFFSET (AccWalkinDialog, first_name_row) },
    { "last_name", G_STRUCT_OFFSET (AccWalkinDialog, last_name_row) },
    { "phone", G_STRUCT_OFFSET (AccWalkinDialog, phone_row) },
    { "email", G_STRUCT_OFFSET (AccWalkinDialog, email_row) },
    { "language", G_STRUCT_OFFSET (AccWalkinDialog, language_row) },
    { "balance_due_cents", G_STRUCT_OFFSET (AccWalkinDialog, balance_row) },
    { "currency", G_STRUCT_OFFSET (AccWalkinDialog, balance_row) },
  };
  guint64 index;
  char *end;
  AccWalkinMember *member;
  const char *field;

  for (guint i = 0; i < G_N_ELEMENTS (payer_fields); i++)
    if (g_str_equal (path, payer_fields[i].name))
      return G_STRUCT_MEMBER (GtkWidget *, self, payer_fields[i].offset);

  if (!g_str_has_prefix (path, "participants"))
    return NULL;
  if (path[strlen ("participants")] != '[')
    return self->add_button;

  index = g_ascii_strtoull (path + strlen ("participants["), &end, 10);
  member = end[0] == ']' ? nth_member (self, index) : NULL;
  if (member == NULL)
    return self->add_button;
  *participant = index + 1;

  /* The last part of the path names the field: “lessons[0].group_id” is the group row. */
  field = strrchr (end, '.');
  if (field == NULL)
    return acc_walkin_member_get_field (member, "first_name");
  field++;
  if (g_str_has_prefix (field, "lessons"))
    field = "lessons";

  return acc_walkin_member_get_field (member, field);
}

/* Shows a refusal of the core beside the field it names, in the words it gives. */
static void
show_refusal (AccWalkinDialog *self,
              const GError    *error)
{
  const char *message = error->message;
  const char *colon = strstr (message, ": ");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  GtkWidget *field = NULL;
  guint participant = 0;

  if (colon != NULL)
    {
      path = g_strndup (message, colon - message);
      if (strchr (path, ' ') == NULL)
        {
          field = find_field (self, path, &participant);
          message = colon + 2;
        }
    }

  /* The rows of the participants have the same titles: the words say whose it is. */
  if (participant > 0)
    /* Translators: a refusal about a participant of a new booking: %1$u is their number on
     * the form, %2$s what is wrong (“The first name is missing.”). */
    message = text = g_strdup_printf (_("Participant %1$u: %2$s"), participant, message);

  if (!g_error_matches (error, ACC_ERROR, ACC_ERROR_INVALID) &&
      !g_error_matches (error, ACC_ERROR, ACC_ERROR_NOT_FOUND))
    {
      g_free (text);
      /* Translators: when a new booking cannot be written: %s says why. */
      text = g_strdup_printf (_("The booking could not be written: %s"), error->message);
      show_error (self, text);
      return;
    }

  show_field_error (self, field, message);
}

static void
add_registered_row (AccWalkinDialog        *self,
                    const AccEnrollmentRow *row)
{
  GtkWidget *action_row = adw_action_row_new ();
  g_autofree char *name = acc_format_full_name (row);
  g_autofree char *time = acc_format_time (row->starts_at);
  g_autoptr(GString) subtitle = g_string_new (NULL);

  if (time != NULL)
    g_string_append (subtitle, time);
  if (row->session_title != NULL)
    {
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      g_string_append (subtitle, row->session_title);
    }
  if (subtitle->len > 0)
    g_string_append (subtitle, " · ");
  g_string_append (subtitle, row->group_label ? row->group_label : _("No group yet"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle->str);
  gtk_widget_add_css_class (action_row, "acc-walkin-registered");

  if (row->checked_in)
    {
      GtkWidget *state = gtk_label_new (_("Checked in"));

      gtk_widget_add_css_class (state, "acc-state-pill");
      gtk_widget_add_css_class (state, "acc-state-done");
      gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), state);
    }

  gtk_list_box_append (self->registered_list, action_row);
}

/* The last page: the booking's code, what is left to settle, and who is in which group. */
static void
update_done_page (AccWalkinDialog *self)
{
  AccStore *store = self->watch.store;
  g_autoptr(AccBookingInfo) info = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference_label = NULL;
  gboolean all_in = TRUE;
  GtkWidget *child;

  if (self->walkin == NULL)
    return;

  gtk_label_set_label (self->reference_label, self->walkin->reference);
  /* Translators: what a screen reader says for the code of a booking just made. */
  reference_label = g_strdup_printf (_("Booking code %s"), self->walkin->reference);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reference_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, reference_label,
                                  -1);

  info = acc_store_get_booking (store, self->walkin->booking_id, NULL);
  if (info != NULL && info->balance_due_cents > 0)
    {
      g_autofree char *amount = acc_money_format (info->balance_due_cents, info->currency);
      /* Translators: on a booking just made: %s is what the family still owes. */
      g_autofree char *text = g_strdup_printf (_("%s to settle"), amount);

      gtk_label_set_label (self->settle_label, text);
      gtk_image_set_from_icon_name (self->balance_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (self->balance_box, "due");
    }
  else
    {
      gtk_label_set_label (self->settle_label, _("Nothing to settle"));
      gtk_image_set_from_icon_name (self->balance_icon, "object-select-symbolic");
      gtk_widget_remove_css_class (self->balance_box, "due");
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->registered_list))) != NULL)
    gtk_list_box_remove (self->registered_list, child);

  rows = acc_store_list_enrollments_of_booking (store, self->walkin->booking_id, &error);
  if (rows == NULL)
    g_warning ("Cannot list the new booking: %s", error->message);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (rows, i);

      add_registered_row (self, row);
      all_in &= row->checked_in || row->status == ACC_ENROLLMENT_STATUS_CANCELLED;
    }

  /* Checked in here, by the card, or by another desk: the store says. */
  if (rows != NULL && rows->len > 0 && all_in)
    self->checked_in = TRUE;

  if (self->checked_in)
    {
      adw_button_content_set_label (self->check_in_content, _("All Checked In"));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "walkin.check-in-all", FALSE);
    }
}

static void
do_register (AccWalkinDialog *self,
             AccWalkin       *walkin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) enrollment_ids = NULL;

  g_assert (ACC_IS_WALKIN_DIALOG (self));

  if (!acc_walkin_register (self->watch.store, walkin, &enrollment_ids, &error))
    {
      show_refusal (self, error);
      acc_walkin_free (walkin);
      return;
    }

  self->walkin = walkin;
  self->enrollment_ids = g_steal_pointer (&enrollment_ids);

  update_done_page (self);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "done");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "walkin.register", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "walkin.add-participant", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "walkin.check-in-all",
                                 self->enrollment_ids->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "walkin.print-voucher", TRUE);

  /* Enter then checks the family in, the next thing the desk does. */
  gtk_widget_grab_focus (self->check_in_button);

  g_signal_emit (self, signals[REGISTERED], 0, self->walkin->booking_id);
}

static gboolean
release_idle (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* Closes the question shown, whose response is being handled. */
static void
close_question (AccWalkinDialog *self)
{
  AdwMessageDialog *dialog = g_steal_pointer (&self->question);

  g_signal_handlers_disconnect_by_data (dialog, self);
  /* A response given by a button has closed the question already; one given by
   * adw_message_dialog_response() has not. Its memory stays until its signal is over, which
   * may be after this window is gone (Discard): GTK 4.8 trips over a transient window that
   * outlives its parent, so it is no longer this one's. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, release_idle, g_object_ref (dialog), g_object_unref);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
confirm_response_cb (AccWalkinDialog  *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  g_autoptr(GPtrArray) questions = g_steal_pointer (&self->pending_questions);
  AccWalkin *walkin = g_steal_pointer (&self->pending);

  close_question (self);

  if (g_strcmp0 (response, "register") == 0)
    {
      do_register (self, walkin);
      return;
    }

  /* “Change”: to the field of the first question, to change it. */
  if (questions->len > 0)
    {
      const AccWalkinQuestion *question = g_ptr_array_index (questions, 0);
      AccWalkinMember *member = nth_member (self, question->participant);

      if (member != NULL)
        gtk_widget_grab_focus (acc_walkin_member_get_field (member,
                                                            question->kind == ACC_WALKIN_GROUP_FULL
                                                            ? "group_id" : "level_id"));
    }
  acc_walkin_free (walkin);
}

static AdwMessageDialog *
new_question (AccWalkinDialog *self,
              const char      *heading,
              const char      *body)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                         heading, body));

  self->question = dialog;
  return dialog;
}

/* Asks what the core wants a person to confirm: all of it at once, one tap to go on. */
static void
ask (AccWalkinDialog *self,
     AccWalkin       *walkin,
     GPtrArray       *questions)
{
  g_autoptr(GString) body = g_string_new (NULL);
  AdwMessageDialog *dialog;

  g_assert (self->question == NULL);

  for (guint i = 0; i < questions->len; i++)
    {
      const AccWalkinQuestion *question = g_ptr_array_index (questions, i);

      if (body->len > 0)
        g_string_append (body, "\n\n");
      g_string_append (body, question->text);
    }

  dialog = new_question (self, _("Register Anyway?"), body->str);
  adw_message_dialog_add_responses (dialog,
                                    /* Translators: goes back to the new-booking form to
                                     * change what the desk is asked about. */
                                    "change", _("_Change"),
                                    "register", _("_Register Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "register", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "change");
  adw_message_dialog_set_close_response (dialog, "change");

  self->pending = walkin;
  self->pending_questions = g_ptr_array_ref (questions);
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (confirm_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
discard_response_cb (AccWalkinDialog  *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  close_question (self);

  if (g_strcmp0 (response, "discard") == 0)
    gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
acc_walkin_dialog_close_request (GtkWindow *window)
{
  AccWalkinDialog *self = ACC_WALKIN_DIALOG (window);
  AdwMessageDialog *dialog;

  /* Written, or nothing typed: nothing is lost. */
  if (self->walkin != NULL || !is_dirty (self))
    return GDK_EVENT_PROPAGATE;

  if (self->question != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->question));
      return GDK_EVENT_STOP;
    }

  dialog = new_question (self, _("Discard This Booking?"),
                         _("What you typed for this family is not written anywhere yet."));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (discard_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));

  return GDK_EVENT_STOP;
}

static void
add_member (AccWalkinDialog *self)
{
  GtkWidget *member = acc_walkin_member_new (self->watch.store);
  g_autofree char *last_name = acc_editable_dup_text ((GtkEditable *) self->last_name_row);

  gtk_box_append (self->members_box, member);
  g_signal_connect_object (member, "changed", G_CALLBACK (clear_error), self, G_CONNECT_SWAPPED);
  acc_walkin_member_set_family_name (ACC_WALKIN_MEMBER (member), last_name);
  renumber_members (self);
}

static void
add_participant_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  AccWalkinDialog *self = ACC_WALKIN_DIALOG (widget);
  AccWalkinMember *member;

  add_member (self);
  clear_error (self);

  /* The new participant's first name is what the desk types next. */
  member = nth_member (self, n_members (self) - 1);
  gtk_widget_grab_focus (acc_walkin_member_get_field (member, "first_name"));
}

static void
remove_participant_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  AccWalkinDialog *self = ACC_WALKIN_DIALOG (widget);
  guint index = g_variant_get_uint32 (parameter);
  AccWalkinMember *member = nth_member (self, index);

  /* A booking has someone to book. */
  if (member == NULL || n_members (self) <= 1)
    return;

  gtk_box_remove (self->members_box, GTK_WIDGET (member));
  renumber_members (self);
  clear_error (self);
  gtk_widget_grab_focus (self->add_button);
}

static void
register_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AccWalkinDialog *self = ACC_WALKIN_DIALOG (widget);
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GError) error = NULL;
  AccWalkin *walkin;

  if (self->walkin != NULL || self->question != NULL)
    return;

  clear_error (self);
  walkin = collect_walkin (self);
  if (walkin == NULL)
    return;

  questions = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_walkin_question_free);
  if (!acc_walkin_check (self->watch.store, walkin, questions, &error))
    {
      show_refusal (self, error);
      acc_walkin_free (walkin);
      return;
    }

  if (questions->len > 0)
    ask (self, walkin, questions);
  else
    do_register (self, walkin);
}

static void
check_in_all_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  AccWalkinDialog *self = ACC_WALKIN_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  gboolean handled = FALSE;

  if (self->enrollment_ids == NULL || self->checked_in)
    return;

  /* The window's booking card, showing this booking, checks it in as its own tap would. */
  g_signal_emit (self, signals[CHECK_IN], 0, self->walkin->booking_id, &handled);
  if (handled)
    {
      update_done_page (self);
      if (self->checked_in)
        gtk_widget_grab_focus (self->done_button);
      return;
    }

  ids = g_ptr_array_new ();
  for (guint i = 0; i < self->enrollment_ids->len; i++)
    g_ptr_array_add (ids, g_ptr_array_index (self->enrollment_ids, i));
  g_ptr_array_add (ids, NULL);

  /* The ones the form left without a group go to the group the desk suggests. */
  if (!acc_store_check_in_and_place (self->watch.store, (const char * const *) ids->pdata,
                                     &error))
    {
      /* Translators: on a booking just made, when checking its participants in failed: %s
       * says why. */
      g_autofree char *text = g_strdup_printf (_("Could not check them in: %s"), error->message);

      gtk_label_set_label (self->done_error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->done_error_label), TRUE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->done_error_label), FALSE);
  update_done_page (self);
  gtk_widget_grab_focus (self->done_button);
}

static void
print_voucher_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AccWalkinDialog *self = ACC_WALKIN_DIALOG (widget);

  if (self->walkin != NULL)
    acc_voucher_print (GTK_WINDOW (self), self->watch.store, self->walkin->booking_id);
}

static void
store_changed_cb (AccWalkinDialog *self,
                  AccStoreChange  *change)
{
  if (acc_store_change_is_empty (change))
    return;

  if (self->walkin != NULL)
    {
      update_done_page (self);
      return;
    }

  /* Another desk fills the groups too: the places left follow. */
  if (acc_store_change_is_everything (change) ||
      acc_store_change_count (change, ACC_CHANGE_GROUP) > 0 ||
      acc_store_change_count (change, ACC_CHANGE_ENROLLMENT) > 0)
    for (guint i = 0; i < n_members (self); i++)
      acc_walkin_member_refresh (nth_member (self, i));
}

/* The desk's own language, for a family the desk speaks to in it. */
static guint
default_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (languages); j++)
      if (g_str_has_prefix (names[i], languages[j].code))
        return j;

  return 0;
}

static void
label_for_screen_reader (AdwEntryRow *row,
                         const char  *label)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

  gtk_accessible_update_property (GTK_ACCESSIBLE (delegate ? GTK_WIDGET (delegate) : GTK_WIDGET (row)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
acc_walkin_dialog_constructed (GObject *object)
{
  AccWalkinDialog *self = ACC_WALKIN_DIALOG (object);

  G_OBJECT_CLASS (acc_walkin_dialog_parent_class)->constructed (object);

  g_assert (ACC_IS_STORE (self->watch.store));

  add_member (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->first_name_row));
}

static void
acc_walkin_dialog_dispose (GObject *object)
{
  AccWalkinDialog *self = ACC_WALKIN_DIALOG (object);

  if (self->question != NULL)
    {
      AdwMessageDialog *dialog = g_steal_pointer (&self->question);

      g_signal_handlers_disconnect_by_data (dialog, self);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  acc_store_watch_clear (&self->watch);
  gtk_widget_dispose_template (GTK_WIDGET (self), ACC_TYPE_WALKIN_DIALOG);

  G_OBJECT_CLASS (acc_walkin_dialog_parent_class)->dispose (object);
}

static void
acc_walkin_dialog_finalize (GObject *object)
{
  AccWalkinDialog *self = ACC_WALKIN_DIALOG (object);

  g_clear_pointer (&self->walkin, acc_walkin_free);
  g_clear_pointer (&self->pending, acc_walkin_free);
  g_clear_pointer (&self->pending_questions, g_ptr_array_unref);
  g_clear_pointer (&self->enrollment_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (acc_walkin_dialog_parent_class)->finalize (object);
}

static void
acc_walkin_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AccWalkinDialog *self = ACC_WALKIN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->watch.store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_walkin_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AccWalkinDialog *self = ACC_WALKIN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      /* Construct-only: set once. */
      acc_store_watch_set (&self->watch, g_value_get_object (value),
                           (AccStoreWatchFunc) store_changed_cb, self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_walkin_dialog_class_init (AccWalkinDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = acc_walkin_dialog_constructed;
  object_class->dispose = acc_walkin_dialog_dispose;
  object_class->finalize = acc_walkin_dialog_finalize;
  object_class->get_property = acc_walkin_dialog_get_property;
  object_class->set_property = acc_walkin_dialog_set_property;

  window_class->close_request = acc_walkin_dialog_close_request;

  properties[PROP_STORE] = acc_store_watch_param_spec (G_PARAM_CONSTRUCT_ONLY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AccWalkinDialog::registered:
   * @booking_id: the new booking
   *
   * Emitted when the walk-in is written to the store.
   */
  signals[REGISTERED] =
    g_signal_new ("registered",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * AccWalkinDialog::check-in:
   * @booking_id: the new booking
   *
   * Emitted by “Check In All”: a handler that checks the booking in returns %TRUE, as the
   * window's booking card does, so that it says it checked them in; otherwise the dialog
   * writes the check-in itself.
   *
   * Returns: whether a handler checked the booking in
   */
  signals[CHECK_IN] =
    g_signal_new ("check-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  g_type_ensure (ACC_TYPE_WALKIN_MEMBER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-walkin-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, balance_row);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, balance_label);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, members_box);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, reference_label);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, balance_box);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, balance_icon);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, settle_label);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, registered_list);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, check_in_button);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, check_in_content);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, done_error_label);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, print_button);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinDialog, done_button);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, last_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, balance_changed_cb);

  gtk_widget_class_install_action (widget_class, "walkin.add-participant", NULL,
                                   add_participant_action);
  gtk_widget_class_install_action (widget_class, "walkin.remove-participant", "u",
                                   remove_participant_action);
  gtk_widget_class_install_action (widget_class, "walkin.register", NULL, register_action);
  gtk_widget_class_install_action (widget_class, "walkin.check-in-all", NULL,
                                   check_in_all_action);
  gtk_widget_class_install_action (widget_class, "walkin.print-voucher", NULL,
                                   print_voucher_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "walkin.register", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "walkin.register", NULL);
}

static void
acc_walkin_dialog_init (AccWalkinDialog *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    gtk_string_list_append (model, languages[i].name);
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->language_row, default_language ());

  label_for_screen_reader (self->first_name_row, _("Payer’s first name"));
  label_for_screen_reader (self->last_name_row, _("Payer’s last name"));
  label_for_screen_reader (self->phone_row, _("Payer’s phone"));
  label_for_screen_reader (self->email_row, _("Payer’s e-mail"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->language_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Payer’s language"),
                                  -1);
  label_for_screen_reader (self->balance_row, _("Balance due, in the school’s currency"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "walkin.check-in-all", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "walkin.print-voucher", FALSE);
  update_balance (self);
}

/**
 * acc_walkin_dialog_new:
 * @store: the day's store, which the booking is written to
 * @last_name: (nullable): the payer's last name, as a search that found nothing typed it
 *
 * Returns: (transfer full): a new-booking dialog
 */
AccWalkinDialog *
acc_walkin_dialog_new (AccStore   *store,
                       const char *last_name)
{
  AccWalkinDialog *self;

  g_return_val_if_fail (ACC_IS_STORE (store), NULL);

  self = g_object_new (ACC_TYPE_WALKIN_DIALOG, "store", store, NULL);
  if (last_name != NULL && last_name[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->last_name_row), last_name);

  return self;
}

AccStore *
acc_walkin_dialog_get_store (AccWalkinDialog *self)
{
  g_return_val_if_fail (ACC_IS_WALKIN_DIALOG (self), NULL);

  return self->watch.store;
}

guint
acc_walkin_dialog_get_n_members (AccWalkinDialog *self)
{
  g_return_val_if_fail (ACC_IS_WALKIN_DIALOG (self), 0);

  return n_members (self);
}

/**
 * acc_walkin_dialog_get_member:
 * @index: from 0
 *
 * Returns: (transfer none) (nullable): the participant at @index on the form
 */
AccWalkinMember *
acc_walkin_dialog_get_member (AccWalkinDialog *self,
                              guint            index)
{
  g_return_val_if_fail (ACC_IS_WALKIN_DIALOG (self), NULL);

  return nth_member (self, index);
}

/**
 * acc_walkin_dialog_get_error:
 *
 * Returns: (nullable): what the form says is wrong, or %NULL
 */
const char *
acc_walkin_dialog_get_error (AccWalkinDialog *self)
{
  g_return_val_if_fail (ACC_IS_WALKIN_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (self->error_box))
    return NULL;

  return gtk_label_get_label (self->error_label);
}

/**
 * acc_walkin_dialog_get_question:
 *
 * Returns: (transfer none) (nullable): the question shown: a confirmation before
 *   registering, or whether to discard the form
 */
AdwMessageDialog *
acc_walkin_dialog_get_question (AccWalkinDialog *self)
{
  g_return_val_if_fail (ACC_IS_WALKIN_DIALOG (self), NULL);

  return self->question;
}

/**
 * acc_walkin_dialog_get_booking_id:
 *
 * Returns: (nullable): the booking once registered
 */
const char *
acc_walkin_dialog_get_booking_id (AccWalkinDialog *self)
{
  g_return_val_if_fail (ACC_IS_WALKIN_DIALOG (self), NULL);

  return self->walkin ? self->walkin->booking_id : NULL;
}

/**
 * acc_walkin_dialog_get_reference:
 *
 * Returns: (nullable): the booking's code once registered
 */
const char *
acc_walkin_dialog_get_reference (AccWalkinDialog *self)
{
  g_return_val_if_fail (ACC_IS_WALKIN_DIALOG (self), NULL);

  return self->walkin ? self->walkin->reference : NULL;
}

gboolean
acc_walkin_dialog_is_checked_in (AccWalkinDialog *self)
{
  g_return_val_if_fail (ACC_IS_WALKIN_DIALOG (self), FALSE);

  return self->checked_in;
}
