/* acc-booking-card.c: a booking as the desk checks it in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "acc-booking-banner.h"
#include "acc-booking-card.h"
#include "acc-money.h"
#include "acc-now.h"
#include "acc-store-watch.h"
#include "acc-ui-util.h"
#include "acc-group-dialog.h"
#include "acc-participant-dialog.h"
#include "acc-participant-row.h"

struct _AccBookingCard
{
  AdwBin            parent_instance;

  AccStoreWatch     watch;
  char             *booking_id;
  GPtrArray        *rows;               /* AccEnrollmentRow, the booking's enrollments. */
  GPtrArray        *participant_rows;   /* AccParticipantRow, one per row, in order. */
  const char       *banner_state;       /* Interned: "done", "attention", "blocked" or NULL. */

  /* Whether a check-in was made on this card since the booking was opened: a booking that
   * was complete before is "already checked in", which the desk must notice. */
  gboolean          checked_in_here;

  /* Template widgets */
  GtkWidget        *banner;
  GtkImage         *banner_icon;
  GtkLabel         *banner_title;
  GtkLabel         *banner_detail;
  GtkLabel         *reference_label;
  GtkLabel         *payer_label;
  GtkLabel         *phone_label;
  GtkLabel         *notes_label;
  GtkWidget        *balance_box;
  GtkImage         *balance_icon;
  GtkLabel         *balance_label;
  GtkButton        *check_all_button;
  AdwButtonContent *check_all_content;
  GtkBox           *participants_box;
};

G_DEFINE_FINAL_TYPE (AccBookingCard, acc_booking_card, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BOOKING_ID,
  PROP_BANNER_STATE,
  N_PROPS
};

enum {
  CHECKED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const banner_classes[] = { "done", "attention", "blocked", "neutral" };

static gboolean
is_cancelled (const AccEnrollmentRow *row)
{
  return row->status == ACC_ENROLLMENT_STATUS_CANCELLED;
}

static int
day_year (AccBookingCard *self)
{
  g_autofree char *day = NULL;
  int year = 0;

  if (self->watch.store != NULL)
    day = acc_store_dup_day (self->watch.store);
  if (day != NULL && sscanf (day, "%4d", &year) == 1 && year > 0)
    return year;

  /* No day recorded: the sessions' own year. */
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (self->rows, i);

      if (row->starts_at != NULL && sscanf (row->starts_at, "%4d", &year) == 1 && year > 0)
        return year;
    }

  {
    g_autoptr(GDateTime) now = acc_now_local ();

    return g_date_time_get_year (now);
  }
}

static void
set_banner (AccBookingCard *self,
            const char     *state,
            const char     *title,
            const char     *detail)
{
  const char *css_class = state ? state : "neutral";
  const char *icon;
  g_autofree char *accessible = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (banner_classes); i++)
    if (g_strcmp0 (banner_classes[i], css_class) == 0)
      gtk_widget_add_css_class (self->banner, banner_classes[i]);
    else
      gtk_widget_remove_css_class (self->banner, banner_classes[i]);

  if (g_strcmp0 (state, "done") == 0)
    icon = "emblem-ok-symbolic";
  else if (g_strcmp0 (state, "attention") == 0)
    icon = "dialog-warning-symbolic";
  else if (g_strcmp0 (state, "blocked") == 0)
    icon = "dialog-error-symbolic";
  else
    icon = "system-users-symbolic";

  gtk_image_set_from_icon_name (self->banner_icon, icon);
  gtk_label_set_label (self->banner_title, title);
  gtk_label_set_label (self->banner_detail, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->banner_detail), !acc_is_empty (detail));

  accessible = acc_is_empty (detail) ? g_strdup (title) : g_strdup_printf ("%s. %s", title, detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->banner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  state = state ? g_intern_string (state) : NULL;
  if (self->banner_state != state)
    {
      self->banner_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BANNER_STATE]);
    }
}

/* "Zoé: 09:00 Ourson 1, 14:00 Ourson PM", one line per participant: what the desk tells the
 * family after the check-in. The rows come by participant, then by time. */
static char *
describe_groups (AccBookingCard *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *participant_id = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (self->rows, i);
      g_autofree char *time = NULL;
      g_autofree char *lesson = NULL;
      const char *group;

      if (is_cancelled (row) || !row->checked_in)
        continue;

      /* Translators: after a check-in, for a participant no group could take. */
      group = row->group_label ? row->group_label : _("no group");
      time = acc_format_time (row->starts_at);
      /* Translators: after a check-in, a lesson's start and group: “09:00 Ourson 1”. */
      lesson = time ? g_strdup_printf (C_("lesson", "%1$s %2$s"), time, group) : g_strdup (group);

      if (participant_id != NULL && g_strcmp0 (participant_id, row->participant_id) == 0)
        {
          /* Another lesson of the same participant. */
          g_string_append_printf (text, ", %s", lesson);
          continue;
        }

      /* One line per participant, read out to the family. */
      participant_id = row->participant_id;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: after a check-in, a participant and their lessons' groups:
       * “Zoé: 09:00 Ourson 1”. */
      g_string_append_printf (text, _("%1$s: %2$s"), row->first_name ? row->first_name : "",
                              lesson);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "Adam · Bérénice · Cédric": the people of the booking not cancelled, each once. */
static char *
list_names (AccBookingCard *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *participant_id = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (self->rows, i);

      if (is_cancelled (row) || g_strcmp0 (participant_id, row->participant_id) == 0)
        continue;

      participant_id = row->participant_id;
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, row->first_name ? row->first_name : "");
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The colour of a banner, as the banner-state property and the style class name it. */
static const char *
banner_state (AccBookingBannerTone tone)
{
  switch (tone)
    {
    case ACC_BOOKING_BANNER_DONE:
      return "done";
    case ACC_BOOKING_BANNER_ATTENTION:
      return "attention";
    case ACC_BOOKING_BANNER_BLOCKED:
      return "blocked";
    case ACC_BOOKING_BANNER_NEUTRAL:
    default:
      return NULL;
    }
}

/* What the desk must look at before the family leaves, in words: “allergy · balance due”. */
static char *
describe_issues (AccBookingIssues issues)
{
  const char *words[6];
  guint n = 0;

  if (issues & ACC_BOOKING_ISSUE_ALLERGY)
    /* Translators: one of the things to check on a booking (“Check: allergy · balance
     * due”). */
    words[n++] = _("allergy");
  if (issues & ACC_BOOKING_ISSUE_BALANCE_DUE)
    /* Translators: one of the things to check on a booking: money is still owed. */
    words[n++] = _("balance due");
  if (issues & ACC_BOOKING_ISSUE_NAME_MISSING)
    /* Translators: one of the things to check on a booking: a participant has no name. */
    words[n++] = _("name missing");
  if (issues & ACC_BOOKING_ISSUE_NO_GROUP)
    /* Translators: one of the things to check on a booking: a checked-in participant is in
     * no group. */
    words[n++] = _("no group");
  if (issues & ACC_BOOKING_ISSUE_CONFLICT)
    /* Translators: one of the things to check on a booking: two desks disagree. */
    words[n++] = _("conflict");
  words[n] = NULL;

  return g_strjoinv (" · ", (char **) words);
}

/* Puts acc_booking_banner_decide()'s decision in words. */
static void
acc_booking_card_update_banner (AccBookingCard       *self,
                                const AccBookingInfo *info)
{
  AccBookingBanner banner = acc_booking_banner_decide (self->rows, info, self->checked_in_here);
  const char *state = banner_state (banner.tone);
  g_autofree char *issue_text = describe_issues (banner.issues);
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *groups = NULL;

  switch (banner.kind)
    {
    case ACC_BOOKING_BANNER_NOT_TODAY:
      /* Translators: the banner of a booking that has no lesson on the day the desk holds. */
      set_banner (self, state, _("Not for today"),
                  _("This booking has no lesson on this day. Check the date on the voucher."));
      break;

    case ACC_BOOKING_BANNER_CANCELLED:
      /* Translators: the banner of a booking whose lessons are all cancelled. */
      set_banner (self, state, _("Cancelled"),
                  _("Every lesson of this booking today is cancelled. Do not check it in."));
      break;

    case ACC_BOOKING_BANNER_ALREADY_CHECKED_IN:
      groups = describe_groups (self);
      if (banner.issues)
        /* Translators: below “Already checked in”: %1$s lists what to check, %2$s the
         * participants' groups. */
        detail = g_strdup_printf (_("Check: %1$s\n%2$s"), issue_text, groups);
      else
        detail = g_steal_pointer (&groups);

      /* Translators: the banner of a booking that was complete before it was opened. */
      set_banner (self, state, _("Already checked in"), detail);
      break;

    case ACC_BOOKING_BANNER_CHECKED_IN:
      groups = describe_groups (self);
      if (banner.issues)
        {
          /* Translators: the banner after a check-in that needs a look: %s lists what to
           * check, for example “allergy · balance due”. */
          title = g_strdup_printf (_("Check: %s"), issue_text);
          /* Translators: below the banner's “Check: …” after a check-in: %s lists the
           * participants' groups, one per line. */
          detail = g_strdup_printf (_("All checked in\n%s"), groups);
          set_banner (self, state, title, detail);
        }
      else
        {
          /* Translators: the banner after a successful check-in. */
          set_banner (self, state, _("All checked in"), groups);
        }
      break;

    case ACC_BOOKING_BANNER_TO_CHECK_IN:
    default:
      if (banner.n_checked_in > 0)
        /* Translators: below the banner of a booking partly checked in: “1 of 3 lessons
         * checked in”. */
        detail = g_strdup_printf (ngettext ("%1$u of %2$u lesson checked in",
                                            "%1$u of %2$u lessons checked in", banner.n_active),
                                  banner.n_checked_in, banner.n_active);
      else
        detail = list_names (self);

      if (banner.issues)
        /* Translators: the banner of a booking to check in that needs a look: %s lists what
         * to check. */
        title = g_strdup_printf (_("Check: %s"), issue_text);
      else
        /* Translators: the banner of a booking not checked in yet: how many lessons to check
         * in. */
        title = g_strdup_printf (ngettext ("%u lesson to check in", "%u lessons to check in",
                                           banner.n_active - banner.n_checked_in),
                                 banner.n_active - banner.n_checked_in);
      set_banner (self, state, title, detail);
      break;
    }
}

static void
acc_booking_card_update_header (AccBookingCard       *self,
                                const AccBookingInfo *info)
{
  const AccEnrollmentRow *first = self->rows->len > 0 ? g_ptr_array_index (self->rows, 0) : NULL;
  g_autofree char *payer = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *balance = NULL;
  const char *reference = NULL;

  if (info != NULL)
    {
      reference = info->reference;
      payer = g_strjoin (" ", info->payer_first_name ? info->payer_first_name : "",
                         info->payer_last_name ? info->payer_last_name : "", NULL);
      g_strstrip (payer);
    }
  else if (first != NULL)
    {
      reference = first->booking_reference;
      payer = g_strdup (first->payer_name);
    }

  gtk_label_set_label (self->reference_label, reference ? reference : "");
  gtk_label_set_label (self->payer_label, payer ? payer : "");

  if (info != NULL && !acc_is_empty (info->payer_phone))
    /* Translators: the payer's phone number on the booking card. */
    phone = g_strdup_printf (_("Phone %s"), info->payer_phone);
  gtk_label_set_label (self->phone_label, phone ? phone : "");
  gtk_widget_set_visible (GTK_WIDGET (self->phone_label), phone != NULL);

  gtk_label_set_label (self->notes_label, info && info->notes ? info->notes : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), info != NULL && !acc_is_empty (info->notes));

  gtk_widget_set_visible (self->balance_box, info != NULL);
  if (info == NULL)
    return;

  if (info->balance_due_cents > 0)
    {
      g_autofree char *amount = acc_money_format (info->balance_due_cents, info->currency);

      /* Translators: money the family still owes, on the booking card. */
      balance = g_strdup_printf (_("Balance due %s"), amount);
      gtk_image_set_from_icon_name (self->balance_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (self->balance_box, "due");
    }
  else
    {
      /* Translators: on the booking card, when the family owes nothing. */
      balance = g_strdup (_("Paid"));
      gtk_image_set_from_icon_name (self->balance_icon, "object-select-symbolic");
      gtk_widget_remove_css_class (self->balance_box, "due");
    }
  gtk_label_set_label (self->balance_label, balance);
}

static gboolean
same_enrollments (AccBookingCard *self)
{
  if (self->participant_rows->len != self->rows->len)
    return FALSE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (self->rows, i);
      AccParticipantRow *widget = g_ptr_array_index (self->participant_rows, i);

      if (g_strcmp0 (row->enrollment_id, acc_participant_row_get_enrollment_id (widget)) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
acc_booking_card_update_participants (AccBookingCard *self)
{
  int year = day_year (self);

  /* The same people as before keep their widgets, and the focus on their buttons. */
  if (!same_enrollments (self))
    {
      for (guint i = 0; i < self->participant_rows->len; i++)
        gtk_box_remove (self->participants_box, g_ptr_array_index (self->participant_rows, i));
      g_ptr_array_set_size (self->participant_rows, 0);

      /* Each row gets its enrollment, and so its buttons' targets, before it joins the
       * card where its buttons find their actions. */
      for (guint i = 0; i < self->rows->len; i++)
        {
          GtkWidget *widget = acc_participant_row_new (self->watch.store);

          acc_participant_row_set_enrollment (ACC_PARTICIPANT_ROW (widget),
                                              g_ptr_array_index (self->rows, i),
                                              year);
          gtk_box_append (self->participants_box, widget);
          g_ptr_array_add (self->participant_rows, widget);
        }
      return;
    }

  for (guint i = 0; i < self->rows->len; i++)
    acc_participant_row_set_enrollment (g_ptr_array_index (self->participant_rows, i),
                                        g_ptr_array_index (self->rows, i),
                                        year);
}

/* How many lessons, and how many people, are still to check in. */
static guint
count_to_check_in (AccBookingCard *self,
                   guint          *n_people)
{
  const char *participant_id = NULL;
  guint n = 0;

  *n_people = 0;
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (self->rows, i);

      if (is_cancelled (row) || row->checked_in)
        continue;

      n++;
      if (g_strcmp0 (participant_id, row->participant_id) != 0)
        (*n_people)++;
      participant_id = row->participant_id;
    }

  return n;
}

static void
acc_booking_card_update_actions (AccBookingCard *self)
{
  guint n_people;
  guint n = count_to_check_in (self, &n_people);
  gboolean some_done = FALSE;
  g_autofree char *label = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.check-in-all", n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->check_all_button), n > 0);

  if (n == 0)
    return;

  for (guint i = 0; i < self->rows->len; i++)
    some_done |= ((AccEnrollmentRow *) g_ptr_array_index (self->rows, i))->checked_in;

  if (!some_done && n_people > 1)
    /* Translators: the big button that checks in every participant of a booking, and
     * places those who have no group yet. */
    label = g_strdup_printf (ngettext ("Check In All %u Participant",
                                       "Check In All %u Participants", n_people),
                             n_people);
  else if (!some_done)
    /* Translators: the big button that checks in the one participant of a booking, and
     * places them if they have no group yet. */
    label = g_strdup (_("Check In"));
  else
    /* Translators: the big button that checks in the participants of a booking not checked
     * in yet (some already are), and places those who have no group yet. */
    label = g_strdup_printf (ngettext ("Check In the Other %u Participant",
                                       "Check In the Other %u Participants", n_people),
                             n_people);

  adw_button_content_set_label (self->check_all_content, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->check_all_button),
                               _("Check in everyone not checked in yet, and place them in "
                                 "a group"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check_all_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
acc_booking_card_reload (AccBookingCard *self)
{
  g_autoptr(AccBookingInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (ACC_IS_BOOKING_CARD (self));

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  if (self->watch.store == NULL || self->booking_id == NULL)
    {
      self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_enrollment_row_free);
      acc_booking_card_update_participants (self);
      acc_booking_card_update_actions (self);
      gtk_label_set_label (self->reference_label, "");
      gtk_label_set_label (self->payer_label, "");
      set_banner (self, NULL, "", NULL);
      return;
    }

  self->rows = acc_store_list_enrollments_of_booking (self->watch.store, self->booking_id,
                                                      &error);
  if (self->rows == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason, from the database. */
      message = g_strdup_printf (_("The booking cannot be read: %s"), error->message);
      acc_widget_show_message (GTK_WIDGET (self), message);
      self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_enrollment_row_free);
      g_clear_error (&error);
    }

  info = acc_store_get_booking (self->watch.store, self->booking_id, &error);
  if (info == NULL && error != NULL)
    g_debug ("No booking document for %s: %s", self->booking_id, error->message);

  acc_booking_card_update_header (self, info);
  acc_booking_card_update_participants (self);
  acc_booking_card_update_actions (self);
  acc_booking_card_update_banner (self, info);
}

static gboolean
acc_booking_card_check_in_ids (AccBookingCard     *self,
                               const char * const *ids)
{
  g_autoptr(GError) error = NULL;
  gboolean was_checked_in_here = self->checked_in_here;

  /* Set before the write: the store tells the card to reload while it commits. */
  self->checked_in_here = TRUE;
  if (!acc_store_check_in_and_place (self->watch.store, ids, &error))
    {
      g_autofree char *message = NULL;

      self->checked_in_here = was_checked_in_here;
      /* Translators: %s is the reason. */
      message = g_strdup_printf (_("Nothing was checked in: %s"), error->message);
      acc_widget_show_message (GTK_WIDGET (self), message);
      acc_booking_card_reload (self);
      return FALSE;
    }

  /* The store's "changed" signal has reloaded the card already. */
  g_signal_emit (self, signals[CHECKED_IN], 0);
  return TRUE;
}

static const AccEnrollmentRow *
find_row (AccBookingCard *self,
          const char     *enrollment_id)
{
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (row->enrollment_id, enrollment_id) == 0)
        return row;
    }

  return NULL;
}

static void
card_check_in_all (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AccBookingCard *self = ACC_BOOKING_CARD (widget);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  if (self->watch.store == NULL || self->rows == NULL)
    return;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (self->rows, i);

      if (!is_cancelled (row) && !row->checked_in)
        g_ptr_array_add (ids, row->enrollment_id);
    }
  if (ids->len == 0)
    return;
  g_ptr_array_add (ids, NULL);

  /* The rows are freed by the reload the write causes: keep the ids. */
  {
    g_auto(GStrv) copy = g_strdupv ((char **) ids->pdata);

    acc_booking_card_check_in_ids (self, (const char * const *) copy);
  }
}

static void
card_check_in (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AccBookingCard *self = ACC_BOOKING_CARD (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const char *ids[] = { id, NULL };
  const AccEnrollmentRow *row = find_row (self, id);

  if (self->watch.store == NULL || row == NULL)
    return;

  if (is_cancelled (row))
    {
      acc_widget_show_message (GTK_WIDGET (self),
                               _("This lesson is cancelled: it cannot be checked in."));
      return;
    }

  acc_booking_card_check_in_ids (self, ids);
}

static void
card_undo (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  AccBookingCard *self = ACC_BOOKING_CARD (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const char *ids[] = { id, NULL };
  g_autoptr(GError) error = NULL;

  if (self->watch.store == NULL || find_row (self, id) == NULL)
    return;

  /* An undo is a new fact that says "not present", never the removal of the first one. */
  if (!acc_store_check_in (self->watch.store, ids, FALSE, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the reason. */
      message = g_strdup_printf (_("The check-in was not undone: %s"), error->message);
      acc_widget_show_message (GTK_WIDGET (self), message);
      acc_booking_card_reload (self);
    }
}

static void
card_choose_group (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AccBookingCard *self = ACC_BOOKING_CARD (widget);

  if (self->watch.store == NULL)
    return;

  acc_edit_dialog_present (widget, ACC_TYPE_GROUP_DIALOG, self->watch.store,
                           g_variant_get_string (parameter, NULL));
}

static void
card_edit_participant (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AccBookingCard *self = ACC_BOOKING_CARD (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  if (self->watch.store == NULL || id[0] == '\0')
    return;

  acc_edit_dialog_present (widget, ACC_TYPE_PARTICIPANT_DIALOG, self->watch.store, id);
}

static void
acc_booking_card_dispose (GObject *object)
{
  AccBookingCard *self = ACC_BOOKING_CARD (object);

  acc_store_watch_clear (&self->watch);

  gtk_widget_dispose_template (GTK_WIDGET (self), ACC_TYPE_BOOKING_CARD);

  G_OBJECT_CLASS (acc_booking_card_parent_class)->dispose (object);
}

static void
acc_booking_card_finalize (GObject *object)
{
  AccBookingCard *self = ACC_BOOKING_CARD (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->participant_rows, g_ptr_array_unref);
  g_free (self->booking_id);

  G_OBJECT_CLASS (acc_booking_card_parent_class)->finalize (object);
}

static void
acc_booking_card_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AccBookingCard *self = ACC_BOOKING_CARD (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->watch.store);
      break;

    case PROP_BOOKING_ID:
      g_value_set_string (value, self->booking_id);
      break;

    case PROP_BANNER_STATE:
      g_value_set_string (value, self->banner_state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_booking_card_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  AccBookingCard *self = ACC_BOOKING_CARD (object);

  switch (prop_id)
    {
    case PROP_STORE:
      acc_booking_card_set_store (self, g_value_get_object (value));
      break;

    case PROP_BOOKING_ID:
      acc_booking_card_set_booking_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_booking_card_class_init (AccBookingCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = acc_booking_card_dispose;
  object_class->finalize = acc_booking_card_finalize;
  object_class->get_property = acc_booking_card_get_property;
  object_class->set_property = acc_booking_card_set_property;

  /**
   * AccBookingCard:store:
   *
   * The day's replica.
   */
  properties[PROP_STORE] = acc_store_watch_param_spec (G_PARAM_EXPLICIT_NOTIFY);

  /**
   * AccBookingCard:booking-id:
   *
   * The booking the card shows.
   */
  properties[PROP_BOOKING_ID] =
    g_param_spec_string ("booking-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * AccBookingCard:banner-state:
   *
   * What the banner says from two metres: "done" (green), "attention" (amber), "blocked"
   * (red), or %NULL while there is something to check in and nothing to look at.
   */
  properties[PROP_BANNER_STATE] =
    g_param_spec_string ("banner-state", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AccBookingCard::checked-in:
   *
   * Emitted after the card checked participants in, so the desk can turn to the next family.
   */
  signals[CHECKED_IN] =
    g_signal_new ("checked-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-booking-card.ui");
  gtk_widget_class_bind_template_child (widget_class, AccBookingCard, banner);
  gtk_widget_class_bind_template_child (widget_class, AccBookingCard, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, AccBookingCard, banner_title);
  gtk_widget_class_bind_template_child (widget_class, AccBookingCard, banner_detail);
  gtk_widget_class_bind_template_child (widget_class, AccBookingCard, reference_label);
  gtk_widget_class_bind_template_child (widget_class, AccBookingCard, payer_label);
  gtk_widget_class_bind_template_child (widget_class, AccBookingCard, phone_label);
  gtk_widget_class_bind_template_child (widget_class, AccBookingCard, notes_label);
  gtk_widget_class_bind_template_child (widget_class, AccBookingCard, balance_box);
  gtk_widget_class_bind_template_child (widget_class, AccBookingCard, balance_icon);
  gtk_widget_class_bind_template_child (widget_class, AccBookingCard, balance_label);
  gtk_widget_class_bind_template_child (widget_class, AccBookingCard, check_all_button);
  gtk_widget_class_bind_template_child (widget_class, AccBookingCard, check_all_content);
  gtk_widget_class_bind_template_child (widget_class, AccBookingCard, participants_box);

  gtk_widget_class_install_action (widget_class, "card.check-in-all", NULL, card_check_in_all);
  gtk_widget_class_install_action (widget_class, "card.check-in", "s", card_check_in);
  gtk_widget_class_install_action (widget_class, "card.undo", "s", card_undo);
  gtk_widget_class_install_action (widget_class, "card.choose-group", "s", card_choose_group);
  gtk_widget_class_install_action (widget_class, "card.edit-participant", "s",
                                   card_edit_participant);
}

static void
acc_booking_card_init (AccBookingCard *self)
{
  self->participant_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  acc_booking_card_reload (self);
}

/**
 * acc_booking_card_new:
 * @store: (nullable): the day's replica
 *
 * Returns: (transfer floating): a new #AccBookingCard
 */
GtkWidget *
acc_booking_card_new (AccStore *store)
{
  g_return_val_if_fail (store == NULL || ACC_IS_STORE (store), NULL);

  return g_object_new (ACC_TYPE_BOOKING_CARD, "store", store, NULL);
}

/**
 * acc_booking_card_get_store:
 * @self: a #AccBookingCard
 *
 * Returns: (transfer none) (nullable): the day's replica
 */
AccStore *
acc_booking_card_get_store (AccBookingCard *self)
{
  g_return_val_if_fail (ACC_IS_BOOKING_CARD (self), NULL);

  return self->watch.store;
}

/* The card shows one booking: it reads it again unless the change only confirmed what was
 * sent. */
static void
store_changed_cb (AccBookingCard *self,
                  AccStoreChange *change)
{
  if (!acc_store_change_is_empty (change))
    acc_booking_card_reload (self);
}

/**
 * acc_booking_card_set_store:
 * @self: a #AccBookingCard
 * @store: (nullable): the day's replica
 */
void
acc_booking_card_set_store (AccBookingCard *self,
                            AccStore       *store)
{
  g_return_if_fail (ACC_IS_BOOKING_CARD (self));
  g_return_if_fail (store == NULL || ACC_IS_STORE (store));

  if (!acc_store_watch_set (&self->watch, store, (AccStoreWatchFunc) store_changed_cb, self))
    return;

  /* The participant rows hold the old store. */
  for (guint i = 0; i < self->participant_rows->len; i++)
    gtk_box_remove (self->participants_box, g_ptr_array_index (self->participant_rows, i));
  g_ptr_array_set_size (self->participant_rows, 0);

  acc_booking_card_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * acc_booking_card_get_booking_id:
 * @self: a #AccBookingCard
 *
 * Returns: (transfer none) (nullable): the booking the card shows
 */
const char *
acc_booking_card_get_booking_id (AccBookingCard *self)
{
  g_return_val_if_fail (ACC_IS_BOOKING_CARD (self), NULL);

  return self->booking_id;
}

/**
 * acc_booking_card_set_booking_id:
 * @self: a #AccBookingCard
 * @booking_id: (nullable): the booking to show
 *
 * Shows the booking as it is now. Giving the same booking again opens it afresh: a booking
 * that is complete is then "already checked in".
 */
void
acc_booking_card_set_booking_id (AccBookingCard *self,
                                 const char     *booking_id)
{
  GtkScrolledWindow *scroller;
  gboolean changed;

  g_return_if_fail (ACC_IS_BOOKING_CARD (self));

  changed = g_strcmp0 (self->booking_id, booking_id) != 0;
  if (changed)
    {
      g_free (self->booking_id);
      self->booking_id = g_strdup (booking_id);
    }

  self->checked_in_here = FALSE;
  acc_booking_card_reload (self);

  /* A new booking starts at its banner. The scrolled window is the bin's child, which is not
   * bound: gtk_widget_dispose_template() would unparent it behind the bin's back. */
  scroller = GTK_SCROLLED_WINDOW (adw_bin_get_child (ADW_BIN (self)));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), 0);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOOKING_ID]);
}

/**
 * acc_booking_card_get_banner_state:
 * @self: a #AccBookingCard
 *
 * Returns: (nullable): "done", "attention", "blocked", or %NULL when there is something to
 *   check in and nothing to look at
 */
const char *
acc_booking_card_get_banner_state (AccBookingCard *self)
{
  g_return_val_if_fail (ACC_IS_BOOKING_CARD (self), NULL);

  return self->banner_state;
}

/**
 * acc_booking_card_get_banner:
 * @self: a #AccBookingCard
 *
 * Returns: (transfer none): the result banner at the top of the card
 */
GtkWidget *
acc_booking_card_get_banner (AccBookingCard *self)
{
  g_return_val_if_fail (ACC_IS_BOOKING_CARD (self), NULL);

  return self->banner;
}

/**
 * acc_booking_card_focus_primary:
 * @self: a #AccBookingCard
 *
 * Gives the keyboard focus to the card's main button, so that Enter checks the family in.
 *
 * Returns: whether there was such a button to focus
 */
gboolean
acc_booking_card_focus_primary (AccBookingCard *self)
{
  g_return_val_if_fail (ACC_IS_BOOKING_CARD (self), FALSE);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->check_all_button)))
    return FALSE;

  return gtk_widget_grab_focus (GTK_WIDGET (self->check_all_button));
}
