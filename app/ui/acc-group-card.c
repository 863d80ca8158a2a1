/* acc-group-card.c: one group on the meeting-area board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "acc-board-private.h"
#include "acc-group-card.h"
#include "acc-store-watch.h"
#include "acc-group-dialog.h"
#include "acc-ui-util.h"

struct _AccGroupCard
{
  AdwBin       parent_instance;

  AccStore    *store;
  AccGroupRow *group;          /* A copy: the card outlives the store's arrays. */
  guint        n_pupils;
  char        *pupils_shown;   /* What the pupils' rows say, to rebuild them only if it changed. */
  GPtrArray   *participants;   /* The participant ids of the pupils' rows. */
  guint        n_reads;        /* Times the pupils were read, for the tests. */
  char        *capacity_text;
  char        *freed_text;

  /* Template widgets */
  GtkLabel    *title_label;
  GtkLabel    *level_label;
  GtkLabel    *instructor_label;
  GtkLabel    *meeting_label;
  GtkLevelBar *capacity_bar;
  GtkLabel    *capacity_label;
  GtkLabel    *freed_label;
  GtkListBox  *pupil_list;
  GtkLabel    *empty_label;
};

G_DEFINE_FINAL_TYPE (AccGroupCard, acc_group_card, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const capacity_classes[] = { "acc-capacity-ok", "acc-capacity-full",
                                                 "acc-capacity-over" };

/**
 * acc_group_row_copy:
 *
 * Returns: (transfer full): a deep copy of @row
 */
AccGroupRow *
acc_group_row_copy (const AccGroupRow *row)
{
  AccGroupRow *copy;

  g_return_val_if_fail (row != NULL, NULL);

  copy = g_new0 (AccGroupRow, 1);
  *copy = *row;
  copy->id = g_strdup (row->id);
  copy->session_id = g_strdup (row->session_id);
  copy->label = g_strdup (row->label);
  copy->level_id = g_strdup (row->level_id);
  copy->level_code = g_strdup (row->level_code);
  copy->level_label = g_strdup (row->level_label);
  copy->instructor_id = g_strdup (row->instructor_id);
  copy->instructor_name = g_strdup (row->instructor_name);
  copy->meeting_point = g_strdup (row->meeting_point);
  copy->session_title = g_strdup (row->session_title);
  copy->starts_at = g_strdup (row->starts_at);
  copy->discipline = g_strdup (row->discipline);
  copy->instructor_attendance = row->instructor_attendance;

  return copy;
}

/* A pupil nobody has marked yet shows no word on the board. */
static const char *
attendance_words (AccAttendance attendance)
{
  if (attendance == ACC_ATTENDANCE_UNDETERMINED)
    return NULL;

  return acc_attendance_get_label (attendance);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "acc-enrollment-id");

  if (id == NULL)
    return NULL;

  return gdk_content_provider_new_typed (G_TYPE_STRING, id);
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *row)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

static GtkWidget *
create_pupil_row (AccGroupCard           *self,
                  const AccEnrollmentRow *pupil)
{
  g_autofree char *name = acc_format_full_name (pupil);
  g_autofree char *move_label = NULL;
  const char *state = attendance_words (pupil->attendance);
  GtkWidget *row, *box, *label, *button;
  GtkDragSource *source;

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "acc-enrollment-id",
                          g_strdup (pupil->enrollment_id), g_free);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_size_request (box, -1, 48);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);

  label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  if (state != NULL)
    {
      label = gtk_label_new (state);
      gtk_widget_add_css_class (label, "acc-line-state");
      if (pupil->attendance == ACC_ATTENDANCE_PRESENT || pupil->attendance == ACC_ATTENDANCE_LATE)
        acc_widget_set_state_class (label, "acc-state-done");
      else
        acc_widget_set_state_class (label, "acc-state-cancelled");
      gtk_box_append (GTK_BOX (box), label);
    }

  /* One tap opens the move dialog: a menu of one item would ask for two, and cost a popover
   * per pupil of the board. */
  button = gtk_button_new_from_icon_name ("go-jump-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "card.move-pupil");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", pupil->enrollment_id);
  gtk_widget_set_size_request (button, 48, 48);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: the accessible name of a pupil's menu on the board: “Move Zoé Lefèvre…”. */
  move_label = g_strdup_printf (_("Move %s…"), name);
  acc_widget_set_tooltip_and_label (button, move_label);
  gtk_box_append (GTK_BOX (box), button);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), row);
  g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));

  return row;
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         AccGroupCard  *self)
{
  const char *enrollment_id;

  if (!G_VALUE_HOLDS_STRING (value) || self->group == NULL)
    return FALSE;

  enrollment_id = g_value_get_string (value);
  if (enrollment_id == NULL)
    return FALSE;

  /* The board asks for the reason, and about a full group; the card only says where. */
  return gtk_widget_activate_action (GTK_WIDGET (self), "board.drop", "(ss)",
                                     enrollment_id, self->group->id);
}

static void
clear_pupils (AccGroupCard *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pupil_list))) != NULL)
    gtk_list_box_remove (self->pupil_list, child);
  self->n_pupils = 0;
}

static void
update_capacity (AccGroupCard *self)
{
  const AccGroupRow *group = self->group;
  g_autofree char *counted = NULL;
  g_autofree char *state = NULL;
  const char *state_class;
  int capacity = MAX (group->capacity, 0);

  gtk_level_bar_set_max_value (self->capacity_bar, MAX (capacity, 1));
  gtk_level_bar_set_value (self->capacity_bar, MIN (group->count, MAX (capacity, 1)));

  /* Translators: the pupils in a group and its places: “8 of 10”. */
  counted = g_strdup_printf (_("%d of %d"), group->count, capacity);

  if (group->count > capacity)
    {
      int over = group->count - capacity;

      /* Translators: pupils beyond a group's places: “2 over”. */
      state = g_strdup_printf (ngettext ("%d over", "%d over", over), over);
      state_class = "acc-capacity-over";
    }
  else if (group->count == capacity)
    {
      state = g_strdup (_("Full"));
      state_class = "acc-capacity-full";
    }
  else
    {
      int left = capacity - group->count;

      state = g_strdup_printf (ngettext ("%d place left", "%d places left", left), left);
      state_class = "acc-capacity-ok";
    }

  g_free (self->capacity_text);
  /* Translators: a group's capacity in words: “8 of 10 · 2 places left”, “10 of 10 · Full”. */
  self->capacity_text = g_strdup_printf (C_("capacity", "%1$s · %2$s"), counted, state);
  gtk_label_set_text (self->capacity_label, self->capacity_text);

  for (guint i = 0; i < G_N_ELEMENTS (capacity_classes); i++)
    {
      if (g_strcmp0 (capacity_classes[i], state_class) == 0)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self), capacity_classes[i]);
          gtk_widget_add_css_class (GTK_WIDGET (self->capacity_bar), capacity_classes[i]);
        }
      else
        {
          gtk_widget_remove_css_class (GTK_WIDGET (self), capacity_classes[i]);
          gtk_widget_remove_css_class (GTK_WIDGET (self->capacity_bar), capacity_classes[i]);
        }
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->capacity_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, self->capacity_text,
                                  -1);

  g_clear_pointer (&self->freed_text, g_free);
  if (group->no_shows > 0)
    /* Translators: places a group got back when the desk closed check-in. */
    self->freed_text = g_strdup_printf (ngettext ("%d place freed", "%d places freed",
                                                  group->no_shows),
                                        group->no_shows);
  gtk_label_set_text (self->freed_label, self->freed_text ? self->freed_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->freed_label), self->freed_text != NULL);
}

static void
reload_pupils (AccGroupCard *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pupils = NULL;
  g_autoptr(GString) shown = g_string_new (NULL);

  self->n_reads++;
  pupils = acc_store_list_enrollments_of_group (self->store, self->group->id, &error);
  if (pupils == NULL)
    {
      g_warning ("Could not list the pupils of group %s: %s", self->group->id, error->message);
      clear_pupils (self);
      g_clear_pointer (&self->pupils_shown, g_free);
      g_ptr_array_set_size (self->participants, 0);
      return;
    }

  for (guint i = 0; i < pupils->len; i++)
    {
      const AccEnrollmentRow *pupil = g_ptr_array_index (pupils, i);

      if (pupil->status != ACC_ENROLLMENT_STATUS_CANCELLED)
        g_string_append_printf (shown, "%s\x1f%s\x1f%s\x1f%s\x1f%d\x1f%d\n",
                                pupil->enrollment_id,
                                pupil->participant_id ? pupil->participant_id : "",
                                pupil->first_name ? pupil->first_name : "",
                                pupil->last_name ? pupil->last_name : "",
                                pupil->placeholder, (int) pupil->attendance);
    }

  /* A board follows every check-in of the day: most of its cards have not changed. */
  if (g_strcmp0 (shown->str, self->pupils_shown) == 0)
    return;
  g_free (self->pupils_shown);
  self->pupils_shown = g_string_free (g_steal_pointer (&shown), FALSE);

  clear_pupils (self);
  g_ptr_array_set_size (self->participants, 0);
  for (guint i = 0; i < pupils->len; i++)
    {
      const AccEnrollmentRow *pupil = g_ptr_array_index (pupils, i);

      if (pupil->status == ACC_ENROLLMENT_STATUS_CANCELLED)
        continue;
      gtk_list_box_append (self->pupil_list, create_pupil_row (self, pupil));
      if (pupil->participant_id != NULL)
        g_ptr_array_add (self->participants, g_strdup (pupil->participant_id));
      self->n_pupils++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->pupil_list), self->n_pupils > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), self->n_pupils == 0);
}

/**
 * acc_group_card_set_group:
 * @group: the group to show; the card keeps a copy
 *
 * Shows @group and reads its pupils from the store.
 */
void
acc_group_card_set_group (AccGroupCard      *self,
                          const AccGroupRow *group)
{
  g_autofree char *accessible = NULL;
  const char *level;

  g_return_if_fail (ACC_IS_GROUP_CARD (self));
  g_return_if_fail (group != NULL);
  g_return_if_fail (self->store != NULL);

  g_clear_pointer (&self->group, acc_group_row_free);
  self->group = acc_group_row_copy (group);

  level = group->level_label ? group->level_label : group->level_code;
  gtk_label_set_text (self->title_label, group->label ? group->label : "");
  gtk_label_set_text (self->level_label, level ? level : _("Level unknown"));
  gtk_label_set_text (self->instructor_label,
                      acc_is_empty (group->instructor_name) ? _("No instructor")
                                                            : group->instructor_name);
  acc_widget_set_state_class (GTK_WIDGET (self->instructor_label),
                              acc_is_empty (group->instructor_name) ? "acc-state-cancelled"
                                                                    : NULL);
  if (acc_is_empty (group->meeting_point))
    gtk_label_set_text (self->meeting_label, _("No meeting point"));
  else
    {
      /* Translators: where a group meets: “Meets at: Ourson sign”. */
      g_autofree char *text = g_strdup_printf (_("Meets at: %s"), group->meeting_point);

      gtk_label_set_text (self->meeting_label, text);
    }

  update_capacity (self);
  reload_pupils (self);

  /* Translators: the accessible name of a group's card: “Ourson 1, Full”. */
  accessible = g_strdup_printf (_("Group %s, %s"), group->label ? group->label : "",
                                self->capacity_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

/**
 * acc_group_card_set_group_id:
 *
 * Reads the group @group_id from the store and shows it.
 */
gboolean
acc_group_card_set_group_id (AccGroupCard  *self,
                             const char    *group_id,
                             GError       **error)
{
  g_autoptr(AccGroupRow) group = NULL;

  g_return_val_if_fail (ACC_IS_GROUP_CARD (self), FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);

  group = acc_store_get_group (self->store, group_id, error);
  if (group == NULL)
    return FALSE;

  acc_group_card_set_group (self, group);
  return TRUE;
}

const char *
acc_group_card_get_group_id (AccGroupCard *self)
{
  g_return_val_if_fail (ACC_IS_GROUP_CARD (self), NULL);

  return self->group ? self->group->id : NULL;
}

/**
 * acc_group_card_get_group:
 *
 * Returns: (transfer none) (nullable): the group the card shows
 */
const AccGroupRow *
acc_group_card_get_group (AccGroupCard *self)
{
  g_return_val_if_fail (ACC_IS_GROUP_CARD (self), NULL);

  return self->group;
}

const char *
acc_group_card_get_capacity_text (AccGroupCard *self)
{
  g_return_val_if_fail (ACC_IS_GROUP_CARD (self), NULL);

  return self->capacity_text;
}

/**
 * acc_group_card_get_freed_text:
 *
 * Returns: (nullable): “1 place freed” while a close-out freed places, else %NULL
 */
const char *
acc_group_card_get_freed_text (AccGroupCard *self)
{
  g_return_val_if_fail (ACC_IS_GROUP_CARD (self), NULL);

  return self->freed_text;
}

guint
acc_group_card_get_n_pupils (AccGroupCard *self)
{
  g_return_val_if_fail (ACC_IS_GROUP_CARD (self), 0);

  return self->n_pupils;
}

/**
 * acc_group_card_shows_participant:
 *
 * Returns: whether one of the card's pupils is @participant_id: a change of their name is a
 *   change of the card
 */
gboolean
acc_group_card_shows_participant (AccGroupCard *self,
                                  const char   *participant_id)
{
  g_return_val_if_fail (ACC_IS_GROUP_CARD (self), FALSE);

  for (guint i = 0; participant_id != NULL && i < self->participants->len; i++)
    if (g_str_equal (g_ptr_array_index (self->participants, i), participant_id))
      return TRUE;

  return FALSE;
}

guint
acc_group_card_get_n_reads (AccGroupCard *self)
{
  g_return_val_if_fail (ACC_IS_GROUP_CARD (self), 0);

  return self->n_reads;
}

static void
move_pupil_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AccGroupCard *self = ACC_GROUP_CARD (widget);

  acc_edit_dialog_present (widget, ACC_TYPE_GROUP_DIALOG, self->store,
                           g_variant_get_string (parameter, NULL));
}

static void
acc_group_card_dispose (GObject *object)
{
  AccGroupCard *self = ACC_GROUP_CARD (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (acc_group_card_parent_class)->dispose (object);
}

static void
acc_group_card_finalize (GObject *object)
{
  AccGroupCard *self = ACC_GROUP_CARD (object);

  g_clear_pointer (&self->group, acc_group_row_free);
  g_free (self->pupils_shown);
  g_clear_pointer (&self->participants, g_ptr_array_unref);
  g_free (self->capacity_text);
  g_free (self->freed_text);

  G_OBJECT_CLASS (acc_group_card_parent_class)->finalize (object);
}

static void
acc_group_card_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AccGroupCard *self = ACC_GROUP_CARD (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_group_card_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AccGroupCard *self = ACC_GROUP_CARD (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_group_card_class_init (AccGroupCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = acc_group_card_dispose;
  object_class->finalize = acc_group_card_finalize;
  object_class->get_property = acc_group_card_get_property;
  object_class->set_property = acc_group_card_set_property;

  properties[PROP_STORE] = acc_store_watch_param_spec (G_PARAM_CONSTRUCT_ONLY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-group-card.ui");
  gtk_widget_class_bind_template_child (widget_class, AccGroupCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, AccGroupCard, level_label);
  gtk_widget_class_bind_template_child (widget_class, AccGroupCard, instructor_label);
  gtk_widget_class_bind_template_child (widget_class, AccGroupCard, meeting_label);
  gtk_widget_class_bind_template_child (widget_class, AccGroupCard, capacity_bar);
  gtk_widget_class_bind_template_child (widget_class, AccGroupCard, capacity_label);
  gtk_widget_class_bind_template_child (widget_class, AccGroupCard, freed_label);
  gtk_widget_class_bind_template_child (widget_class, AccGroupCard, pupil_list);
  gtk_widget_class_bind_template_child (widget_class, AccGroupCard, empty_label);

  gtk_widget_class_install_action (widget_class, "card.move-pupil", "s", move_pupil_action);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
acc_group_card_init (AccGroupCard *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->participants = g_ptr_array_new_with_free_func (g_free);

  /* The bar keeps its own colours off: the card's capacity class gives it one. */
  gtk_level_bar_remove_offset_value (self->capacity_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->capacity_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->capacity_bar, GTK_LEVEL_BAR_OFFSET_FULL);

  target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

GtkWidget *
acc_group_card_new (AccStore *store)
{
  g_return_val_if_fail (ACC_IS_STORE (store), NULL);

  return g_object_new (ACC_TYPE_GROUP_CARD, "store", store, NULL);
}
