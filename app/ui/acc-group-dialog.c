/* acc-group-dialog.c: moving a participant to another group of the session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "acc-error.h"
#include "acc-edit-dialog.h"
#include "acc-group-dialog.h"
#include "acc-ui-util.h"

struct _AccGroupDialog
{
  AccEditDialog      parent_instance;

  AccEnrollmentRow  *enrollment;     /* NULL when it could not be read. */
  GPtrArray         *groups;         /* AccGroupRow, in the store's order. */
  char              *selected_id;    /* The group chosen in the list, or NULL. */

  /* The move waiting for the person's answer about a full group. */
  AdwMessageDialog  *confirmation;
  char              *confirm_group_id;
  char              *confirm_reason;

  /* Template widgets */
  GtkLabel          *name_label;
  GtkLabel          *current_label;
  GtkLabel          *error_label;
  GtkScrolledWindow *scroller;
  GtkListBox        *group_list;
  GtkLabel          *no_groups_label;
  AdwEntryRow       *reason_row;
  GtkBox            *quick_box;
  GtkButton         *move_button;
};

G_DEFINE_FINAL_TYPE (AccGroupDialog, acc_group_dialog, ACC_TYPE_EDIT_DIALOG)

/* The reasons a desk gives most often, one tap each. The key is the action's target; the text
 * is what the fact records. */
static const struct {
  const char *key;
  const char *text;
} quick_reasons[] = {
  /* Translators: a reason for moving a pupil to another group, recorded with the move. */
  { "level", N_("Level checked") },
  /* Translators: a reason for moving a pupil to another group, recorded with the move. */
  { "family", N_("Family request") },
  /* Translators: a reason for moving a pupil to another group, recorded with the move:
   * the pupil's group had no place left. */
  { "full", N_("Group full") },
};

static const AccGroupRow *
find_group (AccGroupDialog *self,
            const char     *group_id)
{
  if (self->groups == NULL || group_id == NULL)
    return NULL;

  for (guint i = 0; i < self->groups->len; i++)
    {
      const AccGroupRow *group = g_ptr_array_index (self->groups, i);

      if (g_strcmp0 (group->id, group_id) == 0)
        return group;
    }

  return NULL;
}

static const char *
current_group_id (AccGroupDialog *self)
{
  return self->enrollment != NULL ? self->enrollment->group_id : NULL;
}

static gboolean
is_full (const AccGroupRow *group)
{
  return group->count >= group->capacity;
}

static char *
dup_reason (AccGroupDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
}

static char *
format_details (const AccGroupRow *group)
{
  const char *instructor = group->instructor_name;

  if (instructor == NULL || instructor[0] == '\0')
    instructor = _("No instructor");

  if (group->level_label == NULL || group->level_label[0] == '\0')
    return g_strdup (instructor);

  /* Translators: under a group's name: its level, then its instructor, for example
   * “Ourson · Anne Moniteur”. */
  return g_strdup_printf (C_("group details", "%s · %s"), group->level_label, instructor);
}

static void
show_error (AccGroupDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_move (AccGroupDialog *self)
{
  const AccGroupRow *target = find_group (self, self->selected_id);
  g_autofree char *reason = dup_reason (self);
  g_autofree char *label = NULL;
  gboolean other = target != NULL && g_strcmp0 (target->id, current_group_id (self)) != 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "group.move",
                                 self->enrollment != NULL && other && reason[0] != '\0');

  if (other)
    /* Translators: the button that moves the pupil; %s is the group's name. */
    label = g_strdup_printf (_("Move to %s"), target->label);
  else
    label = g_strdup (_("Move"));

  gtk_button_set_label (self->move_button, label);
}

static void
update_checks (AccGroupDialog *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->group_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "acc-check");
      const char *id = g_object_get_data (G_OBJECT (row), "acc-group-id");

      if (check != NULL)
        gtk_check_button_set_active (check, g_strcmp0 (id, self->selected_id) == 0);
    }
}

static void
check_toggled_cb (GtkCheckButton *check,
                  AccGroupDialog *self)
{
  const char *id = g_object_get_data (G_OBJECT (check), "acc-group-id");

  if (gtk_check_button_get_active (check) && g_strcmp0 (id, self->selected_id) != 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "group.select", "s", id);
}

static GtkWidget *
create_group_row (AccGroupDialog    *self,
                  const AccGroupRow *group,
                  GtkCheckButton    *radio_group)
{
  gboolean current = g_strcmp0 (group->id, current_group_id (self)) == 0;
  g_autofree char *places = acc_format_places_left (group);
  g_autofree char *details = format_details (group);
  g_autofree char *accessible = NULL;
  GtkWidget *row, *box, *check, *texts, *title, *subtitle, *status, *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  /* The whole row is the target; the radio only shows which group is chosen. */
  check = gtk_check_button_new ();
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_focusable (check, FALSE);
  if (radio_group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), radio_group);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               g_strcmp0 (group->id, self->selected_id) == 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, group->label,
                                  -1);
  g_object_set_data_full (G_OBJECT (check), "acc-group-id", g_strdup (group->id), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  gtk_box_append (GTK_BOX (box), check);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  title = gtk_label_new (group->label);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "title-3");
  gtk_box_append (GTK_BOX (texts), title);
  subtitle = gtk_label_new (details);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (box), texts);

  status = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  label = gtk_label_new (places);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "title-4");
  gtk_widget_add_css_class (label, group->count < group->capacity ? "success"
                                   : group->count == group->capacity ? "warning" : "error");
  gtk_box_append (GTK_BOX (status), label);
  if (current)
    /* Translators: marks the group the pupil is in now. */
    gtk_box_append (GTK_BOX (status), acc_mark_label_new (_("Current group"), 1));
  gtk_box_append (GTK_BOX (box), status);

  row = gtk_list_box_row_new ();
  gtk_widget_set_size_request (row, -1, 64);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "acc-group-id", g_strdup (group->id), g_free);
  g_object_set_data (G_OBJECT (row), "acc-check", check);

  if (current)
    /* Translators: what a screen reader says for a group in the list: its name, level and
     * instructor, places, and that the pupil is in it now. */
    accessible = g_strdup_printf (_("%s, %s, %s, current group"), group->label, details, places);
  else
    /* Translators: what a screen reader says for a group in the list: its name, level and
     * instructor, and places. */
    accessible = g_strdup_printf (_("%s, %s, %s"), group->label, details, places);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return row;
}

static void
reload (AccGroupDialog *self)
{
  AccStore *store = acc_edit_dialog_get_store (ACC_EDIT_DIALOG (self));
  const char *enrollment_id = acc_edit_dialog_get_item_id (ACC_EDIT_DIALOG (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *name = NULL;
  g_autofree char *current = NULL;
  GtkCheckButton *radio_group = NULL;
  GtkWidget *child;

  g_assert (ACC_IS_GROUP_DIALOG (self));

  g_clear_pointer (&self->enrollment, acc_enrollment_row_free);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->group_list))) != NULL)
    gtk_list_box_remove (self->group_list, child);

  self->enrollment = acc_store_get_enrollment (store, enrollment_id, &error);
  if (g_error_matches (error, ACC_ERROR, ACC_ERROR_NOT_FOUND))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                           _("This enrollment is not in today’s planning any more."));
    }

  if (self->enrollment != NULL)
    groups = acc_store_list_groups (store, self->enrollment->session_id, &error);

  if (self->enrollment != NULL && groups != NULL)
    self->groups = g_steal_pointer (&groups);
  else
    self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_group_row_free);

  if (self->enrollment != NULL)
    {
      const AccEnrollmentRow *e = self->enrollment;

      /* Translators: a person's full name: first name, then last name. */
      name = g_strdup_printf (C_("person", "%s %s"),
                              e->first_name ? e->first_name : "",
                              e->last_name ? e->last_name : "");
      if (e->group_id != NULL)
        /* Translators: under the pupil's name: the group, then the session. */
        current = g_strdup_printf (_("Now in %s · %s"),
                                   e->group_label ? e->group_label : _("a group not loaded yet"),
                                   e->session_title ? e->session_title : "");
      else
        /* Translators: under the pupil's name: the pupil has no group yet; %s is the
         * session. */
        current = g_strdup_printf (_("Not in a group yet · %s"),
                                   e->session_title ? e->session_title : "");
    }

  gtk_label_set_text (self->name_label, name ? g_strstrip (name) : "");
  gtk_label_set_text (self->current_label, current ? current : "");
  gtk_widget_set_visible (GTK_WIDGET (self->current_label), current != NULL);

  /* A group that is gone (or was never chosen) is no longer chosen. */
  if (self->selected_id == NULL || find_group (self, self->selected_id) == NULL)
    {
      g_free (self->selected_id);
      self->selected_id = g_strdup (find_group (self, current_group_id (self)) != NULL
                                    ? current_group_id (self) : NULL);
    }

  for (guint i = 0; i < self->groups->len; i++)
    {
      GtkWidget *row = create_group_row (self, g_ptr_array_index (self->groups, i), radio_group);

      if (radio_group == NULL)
        radio_group = g_object_get_data (G_OBJECT (row), "acc-check");
      gtk_list_box_append (self->group_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->group_list), self->groups->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_groups_label),
                          self->enrollment != NULL && self->groups->len == 0);

  show_error (self, error != NULL ? error->message : NULL);
  update_move (self);
}

static GtkWidget *
find_selected_row (AccGroupDialog *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->group_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "acc-group-id"), self->selected_id) == 0)
      return row;

  return NULL;
}

/* The chosen group (the current one at first) has the focus. */
static void
focus_selected_row (AccGroupDialog *self)
{
  GtkWidget *row = find_selected_row (self);

  if (row == NULL)
    row = gtk_widget_get_first_child (GTK_WIDGET (self->group_list));
  if (row != NULL)
    gtk_widget_grab_focus (row);
}

/* Once the list has its size, the chosen group is scrolled to the middle: a pupil is usually
 * moved to a neighbouring level, and a session may have dozens of groups. */
static gboolean
scroll_to_selected_tick (GtkWidget     *widget,
                         GdkFrameClock *frame_clock,
                         gpointer       user_data)
{
  AccGroupDialog *self = ACC_GROUP_DIALOG (widget);
  GtkWidget *row = find_selected_row (self);
  GtkWidget *content = gtk_scrolled_window_get_child (self->scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_rect_t bounds;
  double page;

  if (row == NULL || content == NULL)
    return G_SOURCE_REMOVE;

  if (gtk_widget_get_height (row) == 0
      || !gtk_widget_compute_bounds (row, content, &bounds))
    return G_SOURCE_CONTINUE;

  page = gtk_adjustment_get_page_size (adjustment);
  gtk_adjustment_set_value (adjustment,
                            bounds.origin.y - (page - bounds.size.height) / 2);

  return G_SOURCE_REMOVE;
}

static void
acc_group_dialog_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (acc_group_dialog_parent_class)->map (widget);

  gtk_widget_add_tick_callback (widget, scroll_to_selected_tick, NULL, NULL);
}

/* The dialog shows one pupil and the groups of their session. */
static void
acc_group_dialog_store_changed (AccEditDialog  *dialog,
                                AccStoreChange *change)
{
  if (!acc_store_change_is_empty (change))
    reload (ACC_GROUP_DIALOG (dialog));
}

static void
do_move (AccGroupDialog *self,
         const char     *group_id,
         const char     *reason)
{
  g_autoptr(GError) error = NULL;

  g_assert (ACC_IS_GROUP_DIALOG (self));

  if (!acc_store_assign_group (acc_edit_dialog_get_store (ACC_EDIT_DIALOG (self)),
                               acc_edit_dialog_get_item_id (ACC_EDIT_DIALOG (self)),
                               group_id, reason, &error))
    {
      show_error (self, error->message);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
release_idle (gpointer data)
{
  return G_SOURCE_REMOVE;
}

static void
confirmation_response_cb (AccGroupDialog   *self,
                          const char       *response,
                          AdwMessageDialog *dialog)
{
  g_autofree char *group_id = g_steal_pointer (&self->confirm_group_id);
  g_autofree char *reason = g_steal_pointer (&self->confirm_reason);

  g_signal_handlers_disconnect_by_data (dialog, self);
  self->confirmation = NULL;

  /* A response given by a button has closed the question already; one given by
   * adw_message_dialog_response() has not. It must go before this dialog does: GTK 4.8
   * trips over a transient window that outlives its parent. Its memory stays until its
   * signal is over. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, release_idle, g_object_ref (dialog), g_object_unref);
  gtk_window_destroy (GTK_WINDOW (dialog));

  if (g_strcmp0 (response, "move") == 0)
    do_move (self, group_id, reason);
}

static void
present_confirmation (AccGroupDialog    *self,
                      const AccGroupRow *target,
                      const char        *reason)
{
  const char *first_name = self->enrollment->first_name;
  AdwMessageDialog *dialog;

  if (self->confirmation != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->confirmation));
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Move to a Full Group?"),
                                                       NULL));
  /* Translators: %1$s is the group, %2$d the pupils in it, %3$d its places, %4$s the pupil's
   * first name: “Ourson 2 is full (10 of 10). Move Zoé there anyway?” */
  adw_message_dialog_format_body (dialog, _("%1$s is full (%2$d of %3$d). Move %4$s there anyway?"),
                                  target->label, target->count, target->capacity,
                                  first_name ? first_name : "");
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "move", _("_Move Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "move", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_free (self->confirm_group_id);
  self->confirm_group_id = g_strdup (target->id);
  g_free (self->confirm_reason);
  self->confirm_reason = g_strdup (reason);
  self->confirmation = dialog;
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (confirmation_response_cb), self);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
group_row_activated_cb (AccGroupDialog *self,
                        GtkListBoxRow  *row,
                        GtkListBox     *list)
{
  const char *id = g_object_get_data (G_OBJECT (row), "acc-group-id");

  if (id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "group.select", "s", id);
}

static void
reason_changed_cb (AccGroupDialog *self,
                   GtkEditable    *editable)
{
  update_move (self);
}

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AccGroupDialog *self = ACC_GROUP_DIALOG (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  if (find_group (self, id) == NULL)
    return;

  if (g_strcmp0 (id, self->selected_id) != 0)
    {
      g_free (self->selected_id);
      self->selected_id = g_strdup (id);
    }

  show_error (self, NULL);
  update_checks (self);
  update_move (self);
}

static void
quick_reason_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  AccGroupDialog *self = ACC_GROUP_DIALOG (widget);
  const char *key = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (quick_reasons); i++)
    if (g_strcmp0 (key, quick_reasons[i].key) == 0)
      acc_group_dialog_set_reason (self, _(quick_reasons[i].text));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AccGroupDialog *self = ACC_GROUP_DIALOG (widget);
  const AccGroupRow *target = find_group (self, self->selected_id);
  g_autofree char *reason = dup_reason (self);

  if (target == NULL || self->enrollment == NULL || reason[0] == '\0'
      || g_strcmp0 (target->id, current_group_id (self)) == 0)
    return;

  show_error (self, NULL);

  if (is_full (target))
    present_confirmation (self, target, reason);
  else
    do_move (self, target->id, reason);
}

static void
acc_group_dialog_constructed (GObject *object)
{
  AccGroupDialog *self = ACC_GROUP_DIALOG (object);

  G_OBJECT_CLASS (acc_group_dialog_parent_class)->constructed (object);

  reload (self);
  focus_selected_row (self);
}

static void
acc_group_dialog_dispose (GObject *object)
{
  AccGroupDialog *self = ACC_GROUP_DIALOG (object);

  if (self->confirmation != NULL)
    {
      AdwMessageDialog *dialog = g_steal_pointer (&self->confirmation);

      g_signal_handlers_disconnect_by_data (dialog, self);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  G_OBJECT_CLASS (acc_group_dialog_parent_class)->dispose (object);
}

static void
acc_group_dialog_finalize (GObject *object)
{
  AccGroupDialog *self = ACC_GROUP_DIALOG (object);

  g_clear_pointer (&self->enrollment, acc_enrollment_row_free);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_free (self->selected_id);
  g_free (self->confirm_group_id);
  g_free (self->confirm_reason);

  G_OBJECT_CLASS (acc_group_dialog_parent_class)->finalize (object);
}

static void
acc_group_dialog_class_init (AccGroupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AccEditDialogClass *dialog_class = ACC_EDIT_DIALOG_CLASS (klass);

  object_class->constructed = acc_group_dialog_constructed;
  object_class->dispose = acc_group_dialog_dispose;
  object_class->finalize = acc_group_dialog_finalize;

  widget_class->map = acc_group_dialog_map;

  dialog_class->store_changed = acc_group_dialog_store_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-group-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AccGroupDialog, name_label);
  gtk_widget_class_bind_template_child (widget_class, AccGroupDialog, current_label);
  gtk_widget_class_bind_template_child (widget_class, AccGroupDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, AccGroupDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, AccGroupDialog, group_list);
  gtk_widget_class_bind_template_child (widget_class, AccGroupDialog, no_groups_label);
  gtk_widget_class_bind_template_child (widget_class, AccGroupDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, AccGroupDialog, quick_box);
  gtk_widget_class_bind_template_child (widget_class, AccGroupDialog, move_button);
  gtk_widget_class_bind_template_callback (widget_class, group_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, reason_changed_cb);

  gtk_widget_class_install_action (widget_class, "group.select", "s", select_action);
  gtk_widget_class_install_action (widget_class, "group.quick-reason", "s", quick_reason_action);
  gtk_widget_class_install_action (widget_class, "group.move", NULL, move_action);

  acc_edit_dialog_class_set_main_action (dialog_class, "group.move");
}

static void
acc_group_dialog_init (AccGroupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (quick_reasons); i++)
    {
      GtkWidget *button = gtk_button_new_with_label (_(quick_reasons[i].text));

      gtk_widget_set_size_request (button, -1, 56);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "group.quick-reason");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", quick_reasons[i].key);
      gtk_box_append (self->quick_box, button);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "group.move", FALSE);
}

void
acc_group_dialog_set_reason (AccGroupDialog *self,
                             const char     *reason)
{
  g_return_if_fail (ACC_IS_GROUP_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), reason ? reason : "");
}

/**
 * acc_group_dialog_get_confirmation:
 *
 * Returns: (transfer none) (nullable): the question about a full group while it is shown
 */
AdwMessageDialog *
acc_group_dialog_get_confirmation (AccGroupDialog *self)
{
  g_return_val_if_fail (ACC_IS_GROUP_DIALOG (self), NULL);

  return self->confirmation;
}
