/* acc-roll-call-page.c: the instructors' morning roll-call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "acc-roll-call-page.h"
#include "acc-ui-util.h"

struct _AccRollCallPage
{
  AccStorePage       parent_instance;


  GPtrArray   *instructors;  /* AccInstructorRow, as the store lists them. */
  GPtrArray   *groups;       /* AccGroupRow: every group of the day. */
  GPtrArray   *uncovered;    /* AccGroupRow borrowed from groups. */
  GHashTable  *offers;       /* Group id (borrowed) → GPtrArray of AccInstructorRow. */

  /* Template widgets */
  GtkWidget   *all_covered_box;
  GtkBox      *uncovered_box;
  GtkListBox  *instructors_list;
  GtkListBox  *on_call_list;
};

G_DEFINE_FINAL_TYPE (AccRollCallPage, acc_roll_call_page, ACC_TYPE_STORE_PAGE)

/* The three marks of the roll-call, in the order of the buttons. */
static const struct {
  const char *state;
  const char *icon_name;
  const char *style_class;
} marks[] = {
  { "present", "object-select-symbolic", "acc-roll-present" },
  { "late", "alarm-symbolic", "acc-roll-late" },
  { "absent", "action-unavailable-symbolic", "acc-roll-absent" },
};

static const char *
mark_label (const char *state)
{
  if (g_strcmp0 (state, "present") == 0)
    /* Translators: an instructor's mark at the morning roll-call. */
    return C_("instructor", "Present");
  if (g_strcmp0 (state, "late") == 0)
    return C_("instructor", "Late");
  if (g_strcmp0 (state, "absent") == 0)
    return C_("instructor", "Absent");

  /* Translators: an instructor nobody has marked yet at the morning roll-call. */
  return C_("instructor", "Not Marked");
}

static const char *
mark_style_class (const char *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (g_strcmp0 (state, marks[i].state) == 0)
      return marks[i].style_class;

  return "acc-roll-unmarked";
}

/* One group in words: “09:00 · Ski Lessons · Ourson · Group A”. */
static char *
describe_group (const AccGroupRow *group)
{
  g_autofree char *time = acc_format_time (group->starts_at);
  GString *text = g_string_new (NULL);

  if (time != NULL)
    g_string_append (text, time);
  if (!acc_is_empty (group->session_title))
    g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", group->session_title);
  if (!acc_is_empty (group->level_label))
    g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", group->level_label);
  if (!acc_is_empty (group->label))
    g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", group->label);

  return g_string_free (text, FALSE);
}

/* The instructor's state as a pill: an icon and a word, coloured. */
static GtkWidget *
create_state_pill (const char *state)
{
  GtkWidget *pill = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *image;
  const char *icon_name = "dialog-question-symbolic";

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (g_strcmp0 (state, marks[i].state) == 0)
      icon_name = marks[i].icon_name;

  image = gtk_image_new_from_icon_name (icon_name);
  gtk_box_append (GTK_BOX (pill), image);
  gtk_box_append (GTK_BOX (pill), gtk_label_new (mark_label (state)));
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (pill, "acc-roll-pill");
  gtk_widget_add_css_class (pill, mark_style_class (state));

  return pill;
}

static GtkWidget *
create_mark_button (const AccInstructorRow *row,
                    const char             *name,
                    guint                   i)
{
  gboolean current = g_strcmp0 (row->attendance, marks[i].state) == 0;
  GtkWidget *button, *content;
  g_autofree char *accessible = NULL;

  content = adw_button_content_new ();
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), marks[i].icon_name);
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), mark_label (marks[i].state));

  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "acc-roll-button");
  if (current)
    {
      gtk_widget_add_css_class (button, "acc-roll-current");
      gtk_widget_add_css_class (button, marks[i].style_class);
    }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "roll-call.mark");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", row->id, marks[i].state);

  if (g_strcmp0 (marks[i].state, "present") == 0)
    /* Translators: what a screen reader says for a roll-call button: “Mark Anne Moniteur
     * present”. */
    accessible = g_strdup_printf (_("Mark %s present"), name);
  else if (g_strcmp0 (marks[i].state, "late") == 0)
    accessible = g_strdup_printf (_("Mark %s late"), name);
  else
    accessible = g_strdup_printf (_("Mark %s absent"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (button),
                               GTK_ACCESSIBLE_STATE_PRESSED, current,
                               -1);

  return button;
}

static GtkWidget *
create_instructor_row (AccRollCallPage        *self,
                       const AccInstructorRow *row,
                       GPtrArray              *groups)
{
  g_autofree char *name = acc_format_instructor_name (row);
  GtkWidget *list_row, *box, *head, *texts, *buttons;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 14);
  gtk_widget_set_margin_bottom (box, 14);

  head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), acc_label_new_wrapped (name, "acc-roll-name"));

  if (groups == NULL || groups->len == 0)
    {
      /* Translators: under an instructor's name at the roll-call. */
      gtk_box_append (GTK_BOX (texts), acc_label_new_wrapped (_("No group today"), "dim-label"));
    }
  else
    {
      for (guint i = 0; i < groups->len; i++)
        {
          g_autofree char *text = describe_group (g_ptr_array_index (groups, i));

          gtk_box_append (GTK_BOX (texts), acc_label_new_wrapped (text, "acc-roll-detail"));
        }
    }
  gtk_box_append (GTK_BOX (head), texts);
  gtk_box_append (GTK_BOX (head), create_state_pill (row->attendance));
  gtk_box_append (GTK_BOX (box), head);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    gtk_box_append (GTK_BOX (buttons), create_mark_button (row, name, i));
  gtk_box_append (GTK_BOX (box), buttons);

  list_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (list_row), FALSE);
  gtk_widget_set_focusable (list_row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (list_row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);

  return list_row;
}

static GtkWidget *
create_uncovered_card (AccRollCallPage   *self,
                       const AccGroupRow *group)
{
  g_autofree char *title = describe_group (group);
  g_autofree char *reason = NULL;
  gboolean absent = group->instructor_id != NULL;
  GPtrArray *offers = g_hash_table_lookup (self->offers, group->id);
  GtkWidget *card, *head, *image, *texts, *buttons;

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_add_css_class (card, "acc-roll-uncovered");
  gtk_widget_add_css_class (card, absent ? "acc-roll-absent" : "acc-roll-late");

  head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  image = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (image), 32);
  gtk_widget_set_valign (image, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (head), image);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), acc_label_new_wrapped (title, "acc-roll-name"));
  if (absent)
    /* Translators: why a group appears among the groups without an instructor. */
    reason = g_strdup_printf (_("%s is absent"),
                              acc_is_empty (group->instructor_name) ? _("The instructor")
                                                                    : group->instructor_name);
  else
    reason = g_strdup (_("No instructor"));
  gtk_box_append (GTK_BOX (texts), acc_label_new_wrapped (reason, "acc-roll-detail"));
  if (!acc_is_empty (group->meeting_point))
    gtk_box_append (GTK_BOX (texts), acc_label_new_wrapped (group->meeting_point, "acc-roll-detail"));
  gtk_box_append (GTK_BOX (head), texts);
  gtk_box_append (GTK_BOX (card), head);

  if (offers == NULL || offers->len == 0)
    {
      gtk_box_append (GTK_BOX (card),
                      acc_label_new_wrapped (_("No qualified instructor is on call. Ask the office for someone."),
                                    "acc-roll-detail"));
      return card;
    }

  buttons = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (buttons), GTK_SELECTION_NONE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (buttons), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (buttons), 12);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (buttons), 3);
  for (guint i = 0; i < offers->len; i++)
    {
      const AccInstructorRow *offer = g_ptr_array_index (offers, i);
      g_autofree char *name = acc_format_instructor_name (offer);
      g_autofree char *label = NULL;
      g_autofree char *accessible = NULL;
      GtkWidget *button;

      /* Translators: the button that gives a group without an instructor to an on-call
       * instructor: “Give to Paul Renfort”. */
      label = g_strdup_printf (_("Give to %s"), name);
      button = gtk_button_new_with_label (label);
      gtk_widget_add_css_class (button, "acc-roll-button");
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "roll-call.replace");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", group->id, offer->id);
      /* Translators: what a screen reader says for the Give button: “Give 09:00 · Ourson ·
       * Group A to Paul Renfort”. */
      accessible = g_strdup_printf (_("Give %s to %s"), title, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                      -1);
      gtk_flow_box_append (GTK_FLOW_BOX (buttons), button);
    }
  gtk_box_append (GTK_BOX (card), buttons);

  return card;
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
rebuild (AccRollCallPage *self)
{
  g_autoptr(GHashTable) by_instructor = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->uncovered_box))) != NULL)
    gtk_box_remove (self->uncovered_box, child);
  clear_list_box (self->instructors_list);
  clear_list_box (self->on_call_list);

  for (guint i = 0; i < self->uncovered->len; i++)
    gtk_box_append (self->uncovered_box,
                    create_uncovered_card (self, g_ptr_array_index (self->uncovered, i)));
  gtk_widget_set_visible (self->all_covered_box, self->uncovered->len == 0);

  /* One pass over the day's groups rather than one query per instructor. */
  by_instructor = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < self->groups->len; i++)
    {
      AccGroupRow *group = g_ptr_array_index (self->groups, i);
      GPtrArray *list;

      if (group->instructor_id == NULL)
        continue;
      list = g_hash_table_lookup (by_instructor, group->instructor_id);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (by_instructor, group->instructor_id, list);
        }
      g_ptr_array_add (list, group);
    }

  for (guint i = 0; i < self->instructors->len; i++)
    {
      AccInstructorRow *row = g_ptr_array_index (self->instructors, i);
      GtkWidget *list_row = create_instructor_row (self, row,
                                                   g_hash_table_lookup (by_instructor, row->id));

      gtk_list_box_append (row->on_call ? self->on_call_list : self->instructors_list, list_row);
    }
}

static gboolean
is_uncovered (const AccGroupRow *group)
{
  return group->instructor_id == NULL
         || g_strcmp0 (group->instructor_attendance, "absent") == 0;
}

/* Reads the day now; the rows follow in an idle, since the button that caused the change
 * may be one of them and must outlive its own signal. */
static void
reload (AccRollCallPage *self)
{
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->uncovered, g_ptr_array_unref);
  g_hash_table_remove_all (self->offers);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->instructors, g_ptr_array_unref);

  self->uncovered = g_ptr_array_new ();

  if (store != NULL)
    {
      self->instructors = acc_store_list_instructors (store, &error);
      if (self->instructors != NULL)
        self->groups = acc_store_list_groups (store, NULL, &error);
    }

  if (self->groups != NULL)
    {
      for (guint i = 0; i < self->groups->len; i++)
        {
          AccGroupRow *group = g_ptr_array_index (self->groups, i);
          GPtrArray *offers;

          if (!is_uncovered (group))
            continue;

          g_ptr_array_add (self->uncovered, group);
          offers = acc_store_list_replacements (store, group->id, &error);
          if (offers == NULL)
            break;
          g_hash_table_insert (self->offers, group->id, offers);
        }
    }

  if (error != NULL)
    acc_widget_show_message (GTK_WIDGET (self), error->message);

  if (self->instructors == NULL)
    self->instructors = g_ptr_array_new ();
  if (self->groups == NULL)
    self->groups = g_ptr_array_new ();
}

static void
mark_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AccRollCallPage *self = ACC_ROLL_CALL_PAGE (widget);
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  g_autoptr(GError) error = NULL;
  const char *instructor_id, *state;

  g_variant_get (parameter, "(&s&s)", &instructor_id, &state);

  if (store == NULL)
    return;

  if (!acc_store_set_instructor_attendance (store, instructor_id, state, &error))
    acc_widget_show_message (GTK_WIDGET (self), error->message);
}

static void
replace_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AccRollCallPage *self = ACC_ROLL_CALL_PAGE (widget);
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  g_autoptr(GError) error = NULL;
  const char *group_id, *instructor_id;

  g_variant_get (parameter, "(&s&s)", &group_id, &instructor_id);

  if (store == NULL)
    return;

  if (!acc_store_assign_instructor (store, group_id, instructor_id, &error))
    acc_widget_show_message (GTK_WIDGET (self), error->message);
}

static void
acc_roll_call_page_finalize (GObject *object)
{
  AccRollCallPage *self = ACC_ROLL_CALL_PAGE (object);

  g_clear_pointer (&self->uncovered, g_ptr_array_unref);
  g_clear_pointer (&self->offers, g_hash_table_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->instructors, g_ptr_array_unref);

  G_OBJECT_CLASS (acc_roll_call_page_parent_class)->finalize (object);
}

static void
acc_roll_call_page_class_init (AccRollCallPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = acc_roll_call_page_finalize;
  ACC_STORE_PAGE_CLASS (klass)->reload = (void (*) (AccStorePage *)) reload;
  ACC_STORE_PAGE_CLASS (klass)->rebuild = (void (*) (AccStorePage *)) rebuild;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-roll-call-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AccRollCallPage, all_covered_box);
  gtk_widget_class_bind_template_child (widget_class, AccRollCallPage, uncovered_box);
  gtk_widget_class_bind_template_child (widget_class, AccRollCallPage, instructors_list);
  gtk_widget_class_bind_template_child (widget_class, AccRollCallPage, on_call_list);

  /**
   * AccRollCallPage|roll-call.mark:
   *
   * Marks an instructor: (instructor id, "present" | "late" | "absent").
   */
  gtk_widget_class_install_action (widget_class, "roll-call.mark", "(ss)", mark_action);

  /**
   * AccRollCallPage|roll-call.replace:
   *
   * Gives a group to another instructor: (group id, instructor id).
   */
  gtk_widget_class_install_action (widget_class, "roll-call.replace", "(ss)", replace_action);
}

static void
acc_roll_call_page_init (AccRollCallPage *self)
{
  self->offers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) g_ptr_array_unref);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_placeholder (self->instructors_list,
                                acc_label_new_wrapped (_("No instructor today."), "acc-roll-empty"));
  gtk_list_box_set_placeholder (self->on_call_list,
                                acc_label_new_wrapped (_("Nobody is on call today."), "acc-roll-empty"));
}

/**
 * acc_roll_call_page_new:
 * @store: (nullable): the day's store
 */
GtkWidget *
acc_roll_call_page_new (AccStore *store)
{
  g_return_val_if_fail (store == NULL || ACC_IS_STORE (store), NULL);

  return g_object_new (ACC_TYPE_ROLL_CALL_PAGE,
                       "store", store,
                       NULL);
}

/**
 * acc_roll_call_page_get_n_uncovered:
 *
 * Returns: how many groups the "without an instructor" section shows.
 */
guint
acc_roll_call_page_get_n_uncovered (AccRollCallPage *self)
{
  g_return_val_if_fail (ACC_IS_ROLL_CALL_PAGE (self), 0);

  return self->uncovered != NULL ? self->uncovered->len : 0;
}

/**
 * acc_roll_call_page_get_offers:
 * @group_id: a group shown without an instructor
 *
 * Returns: (transfer container) (element-type utf8): the ids of the instructors offered to
 *   replace the group's, empty when the group is not shown among the uncovered ones.
 */
GPtrArray *
acc_roll_call_page_get_offers (AccRollCallPage *self,
                               const char      *group_id)
{
  GPtrArray *ids;
  GPtrArray *offers;

  g_return_val_if_fail (ACC_IS_ROLL_CALL_PAGE (self), NULL);
  g_return_val_if_fail (group_id != NULL, NULL);

  ids = g_ptr_array_new ();
  offers = g_hash_table_lookup (self->offers, group_id);
  for (guint i = 0; offers != NULL && i < offers->len; i++)
    g_ptr_array_add (ids, ((AccInstructorRow *) g_ptr_array_index (offers, i))->id);

  return ids;
}
