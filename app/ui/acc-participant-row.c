/* acc-participant-row.c: one enrollment on a booking's card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "acc-participant-row.h"
#include "acc-store-watch.h"
#include "acc-ui-util.h"

struct _AccParticipantRow
{
  AdwBin            parent_instance;

  AccStore         *store;
  char             *enrollment_id;

  /* Template widgets */
  GtkImage         *state_icon;
  GtkLabel         *name_label;
  GtkLabel         *state_label;
  GtkWidget        *placeholder_box;
  GtkLabel         *details_label;
  GtkLabel         *session_label;
  GtkLabel         *group_label;
  GtkWidget        *alert_box;
  GtkLabel         *alert_label;
  GtkLabel         *contact_label;
  GtkWidget        *conflict_label;
  GtkButton        *check_button;
  AdwButtonContent *check_content;
  GtkButton        *group_button;
  GtkButton        *edit_button;
  AdwButtonContent *edit_content;
};

G_DEFINE_FINAL_TYPE (AccParticipantRow, acc_participant_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ENROLLMENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_label_or_hide (GtkLabel   *label,
                   const char *text)
{
  gtk_label_set_label (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), !acc_is_empty (text));
}

/* Says which group the participant is in, or which one the desk will place them in. */
static char *
describe_group (AccParticipantRow      *self,
                const AccEnrollmentRow *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *suggested = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  if (row->group_id != NULL)
    {
      if (!acc_is_empty (row->instructor_name))
        /* Translators: on a participant's card: the group and its instructor. */
        return g_strdup_printf (_("Group %1$s · instructor %2$s"),
                                row->group_label ? row->group_label : "", row->instructor_name);

      /* Translators: on a participant's card: the group, which has no instructor yet. */
      return g_strdup_printf (_("Group %s · no instructor yet"),
                              row->group_label ? row->group_label : "");
    }

  if (row->status == ACC_ENROLLMENT_STATUS_CANCELLED || self->store == NULL)
    return NULL;

  suggested = acc_store_suggest_group (self->store, row->enrollment_id, &error);
  if (suggested == NULL)
    {
      if (error != NULL)
        g_debug ("No group suggestion for %s: %s", row->enrollment_id, error->message);

      /* Translators: on a participant's card: no group of the session has room. */
      return g_strdup (_("No group with room: choose one"));
    }

  groups = acc_store_list_groups (self->store, row->session_id, &error);
  for (guint i = 0; groups != NULL && i < groups->len; i++)
    {
      const AccGroupRow *group = g_ptr_array_index (groups, i);

      if (g_strcmp0 (group->id, suggested) != 0)
        continue;

      if (!acc_is_empty (group->instructor_name))
        /* Translators: on a participant's card: the group the desk will place them in at
         * check-in, and its instructor. */
        return g_strdup_printf (_("Suggested group %1$s · instructor %2$s"),
                                group->label ? group->label : "", group->instructor_name);

      /* Translators: on a participant's card: the group the desk will place them in at
       * check-in, which has no instructor yet. */
      return g_strdup_printf (_("Suggested group %s · no instructor yet"),
                              group->label ? group->label : "");
    }

  /* Translators: on a participant's card: the desk will place them in a group at check-in. */
  return g_strdup (_("Suggested group: placed at check-in"));
}

static void
acc_participant_row_update (AccParticipantRow      *self,
                            const AccEnrollmentRow *row,
                            int                     day_year)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autoptr(GString) session = g_string_new (NULL);
  g_autoptr(GString) alert = g_string_new (NULL);
  g_autoptr(GString) contact = g_string_new (NULL);
  g_autofree char *name = acc_format_full_name (row);
  g_autofree char *start = acc_format_time (row->starts_at);
  g_autofree char *end = acc_format_time (row->ends_at);
  g_autofree char *group = NULL;
  g_autofree char *check_label = NULL;
  g_autofree char *group_label = NULL;
  g_autofree char *edit_label = NULL;
  gboolean cancelled = row->status == ACC_ENROLLMENT_STATUS_CANCELLED;
  const char *state;

  gtk_label_set_label (self->name_label, name);

  if (cancelled)
    {
      state = acc_enrollment_status_get_label (row->status);
      gtk_image_set_from_icon_name (self->state_icon, "action-unavailable-symbolic");
      acc_widget_set_state_class (GTK_WIDGET (self->state_label), "acc-state-cancelled");
    }
  else if (row->checked_in)
    {
      /* Translators: the state of a participant's lesson on the booking card. */
      state = C_("enrollment", "Checked in");
      gtk_image_set_from_icon_name (self->state_icon, "object-select-symbolic");
      acc_widget_set_state_class (GTK_WIDGET (self->state_label), "acc-state-done");
    }
  else
    {
      /* Translators: the state of a participant's lesson on the booking card. */
      state = C_("enrollment", "Not checked in");
      gtk_image_set_from_icon_name (self->state_icon, "checkbox-symbolic");
      acc_widget_set_state_class (GTK_WIDGET (self->state_label), "acc-state-todo");
    }
  gtk_label_set_label (self->state_label, state);
  acc_widget_set_state_class (GTK_WIDGET (self->state_icon),
                   cancelled ? "acc-state-cancelled"
                             : row->checked_in ? "acc-state-done" : "acc-state-todo");

  gtk_widget_set_visible (self->placeholder_box, row->placeholder);

  /* "7 years · declared level Ourson" */
  if (row->birth_year > 0 && day_year >= row->birth_year)
    {
      int age = day_year - row->birth_year;

      /* Translators: a participant's age in years, in the year of the day. */
      g_string_append_printf (details, ngettext ("%d year old", "%d years old", age), age);
    }
  if (!acc_is_empty (row->declared_level_label))
    {
      if (details->len > 0)
        g_string_append (details, " · ");
      /* Translators: the level the family gave when booking, which the desk checks. */
      g_string_append_printf (details, _("declared level %s"), row->declared_level_label);
    }
  set_label_or_hide (self->details_label, details->str);

  /* "Ski enfants – matin · 09:00–11:30 · meeting point Front de neige" */
  if (!acc_is_empty (row->session_title))
    g_string_append (session, row->session_title);
  if (start != NULL)
    {
      if (session->len > 0)
        g_string_append (session, " · ");
      if (end != NULL)
        /* Translators: a session's start and end, “09:00–11:30”. */
        g_string_append_printf (session, C_("time range", "%1$s–%2$s"), start, end);
      else
        g_string_append (session, start);
    }
  if (!acc_is_empty (row->meeting_point))
    {
      if (session->len > 0)
        g_string_append (session, " · ");
      /* Translators: where the group meets its instructor. */
      g_string_append_printf (session, _("meeting point %s"), row->meeting_point);
    }
  set_label_or_hide (self->session_label, session->str);

  group = describe_group (self, row);
  set_label_or_hide (self->group_label, group);
  if (row->group_id == NULL && group != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->group_label), "acc-suggested");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->group_label), "acc-suggested");

  if (!acc_is_empty (row->allergies))
    /* Translators: a participant's allergies, marked in warning colour on the card. */
    g_string_append_printf (alert, _("Allergy: %s"), row->allergies);
  if (!acc_is_empty (row->medical_notes))
    {
      if (alert->len > 0)
        g_string_append_c (alert, '\n');
      /* Translators: a participant's medical notes, marked in warning colour on the card. */
      g_string_append_printf (alert, _("Medical: %s"), row->medical_notes);
    }
  gtk_label_set_label (self->alert_label, alert->str);
  gtk_widget_set_visible (self->alert_box, alert->len > 0);

  if (!acc_is_empty (row->emergency_phone))
    /* Translators: the phone number to call if something happens to the participant. */
    g_string_append_printf (contact, _("Emergency phone %s"), row->emergency_phone);
  if (row->pickup_adults != NULL && row->pickup_adults[0] != NULL)
    {
      g_autofree char *adults = g_strjoinv (", ", row->pickup_adults);

      if (contact->len > 0)
        g_string_append (contact, " · ");
      /* Translators: the adults who may take the child at the end of the lesson. */
      g_string_append_printf (contact, _("Pick-up by %s"), adults);
    }
  set_label_or_hide (self->contact_label, contact->str);

  gtk_widget_set_visible (self->conflict_label, row->n_conflicts > 0);

  /* One button checks in and undoes, so focus stays on it when the state changes. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->check_button), "s", row->enrollment_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->check_button),
                                  row->checked_in ? "card.undo" : "card.check-in");
  gtk_widget_set_visible (GTK_WIDGET (self->check_button), !cancelled);
  if (row->checked_in)
    {
      /* Translators: button that undoes a participant's check-in. */
      adw_button_content_set_label (self->check_content, _("Undo Check-In"));
      adw_button_content_set_icon_name (self->check_content, "edit-undo-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->check_button), "suggested-action");
      /* Translators: tooltip and accessible name of the button that undoes a check-in. */
      check_label = g_strdup_printf (_("Undo the check-in of %s"), name);
    }
  else
    {
      /* Translators: button that checks one participant in. */
      adw_button_content_set_label (self->check_content, _("Check In"));
      adw_button_content_set_icon_name (self->check_content, "object-select-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->check_button), "suggested-action");
      /* Translators: tooltip and accessible name of the button that checks one participant
       * in. */
      check_label = g_strdup_printf (_("Check in %s"), name);
    }
  acc_widget_set_tooltip_and_label (GTK_WIDGET (self->check_button), check_label);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->group_button), "s", row->enrollment_id);
  gtk_widget_set_visible (GTK_WIDGET (self->group_button), !cancelled);
  /* Translators: tooltip and accessible name of the button that moves a participant to
   * another group. */
  group_label = g_strdup_printf (_("Choose another group for %s"), name);
  acc_widget_set_tooltip_and_label (GTK_WIDGET (self->group_button), group_label);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s",
                                    row->participant_id ? row->participant_id : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->edit_button), row->participant_id != NULL);
  if (row->placeholder)
    {
      /* Translators: button on a participant whose name is missing. */
      adw_button_content_set_label (self->edit_content, _("Add Name"));
      gtk_widget_add_css_class (GTK_WIDGET (self->edit_button), "acc-attention-button");
      /* Translators: tooltip and accessible name of the button that gives a name to a
       * participant booked without one. */
      edit_label = g_strdup_printf (_("Give a name to %s"), name);
    }
  else
    {
      /* Translators: button that edits a participant's name, level, allergies, emergency
       * phone and pick-up adults. */
      adw_button_content_set_label (self->edit_content, _("Edit Details"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->edit_button), "acc-attention-button");
      /* Translators: tooltip and accessible name of the button that edits a participant's
       * details. */
      edit_label = g_strdup_printf (_("Edit the level, allergies and contacts of %s"), name);
    }
  acc_widget_set_tooltip_and_label (GTK_WIDGET (self->edit_button), edit_label);
}

static void
acc_participant_row_dispose (GObject *object)
{
  AccParticipantRow *self = ACC_PARTICIPANT_ROW (object);

  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), ACC_TYPE_PARTICIPANT_ROW);

  G_OBJECT_CLASS (acc_participant_row_parent_class)->dispose (object);
}

static void
acc_participant_row_finalize (GObject *object)
{
  AccParticipantRow *self = ACC_PARTICIPANT_ROW (object);

  g_free (self->enrollment_id);

  G_OBJECT_CLASS (acc_participant_row_parent_class)->finalize (object);
}

static void
acc_participant_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AccParticipantRow *self = ACC_PARTICIPANT_ROW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ENROLLMENT_ID:
      g_value_set_string (value, self->enrollment_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_participant_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AccParticipantRow *self = ACC_PARTICIPANT_ROW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_assert (self->store == NULL);
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_participant_row_class_init (AccParticipantRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = acc_participant_row_dispose;
  object_class->finalize = acc_participant_row_finalize;
  object_class->get_property = acc_participant_row_get_property;
  object_class->set_property = acc_participant_row_set_property;

  /**
   * AccParticipantRow:store:
   *
   * The day's replica, asked for the group the participant would be placed in.
   */
  properties[PROP_STORE] = acc_store_watch_param_spec (G_PARAM_CONSTRUCT_ONLY);

  /**
   * AccParticipantRow:enrollment-id:
   *
   * The enrollment the row shows.
   */
  properties[PROP_ENROLLMENT_ID] =
    g_param_spec_string ("enrollment-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-participant-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, placeholder_box);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, session_label);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, group_label);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, alert_box);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, alert_label);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, contact_label);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, conflict_label);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, check_button);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, check_content);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, group_button);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantRow, edit_content);
}

static void
acc_participant_row_init (AccParticipantRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * acc_participant_row_new:
 * @store: the day's replica
 *
 * Returns: (transfer floating): a new #AccParticipantRow, to be given an enrollment with
 *   acc_participant_row_set_enrollment()
 */
GtkWidget *
acc_participant_row_new (AccStore *store)
{
  g_return_val_if_fail (ACC_IS_STORE (store), NULL);

  return g_object_new (ACC_TYPE_PARTICIPANT_ROW, "store", store, NULL);
}

/**
 * acc_participant_row_get_store:
 * @self: a #AccParticipantRow
 *
 * Returns: (transfer none): the day's replica
 */
AccStore *
acc_participant_row_get_store (AccParticipantRow *self)
{
  g_return_val_if_fail (ACC_IS_PARTICIPANT_ROW (self), NULL);

  return self->store;
}

/**
 * acc_participant_row_set_enrollment:
 * @self: a #AccParticipantRow
 * @row: the enrollment, as the store derives it now
 * @day_year: the year of the day, to tell the participant's age from the birth year
 *
 * Shows @row. The row keeps nothing of @row but its id, so it may be freed afterwards.
 */
void
acc_participant_row_set_enrollment (AccParticipantRow      *self,
                                    const AccEnrollmentRow *row,
                                    int                     day_year)
{
  g_return_if_fail (ACC_IS_PARTICIPANT_ROW (self));
  g_return_if_fail (row != NULL);
  g_return_if_fail (row->enrollment_id != NULL);

  acc_participant_row_update (self, row, day_year);

  if (g_strcmp0 (self->enrollment_id, row->enrollment_id) != 0)
    {
      g_free (self->enrollment_id);
      self->enrollment_id = g_strdup (row->enrollment_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENROLLMENT_ID]);
    }
}

/**
 * acc_participant_row_get_enrollment_id:
 * @self: a #AccParticipantRow
 *
 * Returns: (transfer none) (nullable): the enrollment the row shows
 */
const char *
acc_participant_row_get_enrollment_id (AccParticipantRow *self)
{
  g_return_val_if_fail (ACC_IS_PARTICIPANT_ROW (self), NULL);

  return self->enrollment_id;
}

/**
 * acc_participant_row_get_check_button:
 * @self: a #AccParticipantRow
 *
 * Returns: (transfer none): the button that checks the participant in, or undoes it
 */
GtkWidget *
acc_participant_row_get_check_button (AccParticipantRow *self)
{
  g_return_val_if_fail (ACC_IS_PARTICIPANT_ROW (self), NULL);

  return GTK_WIDGET (self->check_button);
}
