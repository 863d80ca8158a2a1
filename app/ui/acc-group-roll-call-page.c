/* acc-group-roll-call-page.c: an instructor's roll-call of their pupils
 *
 * The instructor taps their name, then each pupil: one tap moves the pupil's mark one step
 * along undetermined → present → late → absent → excused → undetermined. Nobody is absent
 * by default. The page shows an allergy flag but never the medical text nor a phone number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "acc-group-roll-call-page.h"
#include "acc-list-lines.h"
#include "acc-ui-util.h"

struct _AccGroupRollCallPage
{
  AccStorePage       parent_instance;


  char        *instructor_id;  /* The instructor picked, or NULL. */
  GPtrArray   *instructors;    /* AccInstructorRow with groups today. */
  GHashTable  *instructors_by_id; /* The same rows, by id: the list asks for each line. */
  GPtrArray   *groups;         /* AccGroupRow of the picked instructor. */
  GPtrArray   *pupils;         /* One GPtrArray of AccEnrollmentRow per group, cancelled aside. */
  AccListLines *pick_lines;    /* "title:", "hint:", "instructor:<id>" or "empty:". */

  /* Template widgets */
  GtkStack    *stack;
  GtkListView *pick_view;
  GtkLabel    *name_label;
  GtkBox      *groups_box;
};

G_DEFINE_FINAL_TYPE (AccGroupRollCallPage, acc_group_roll_call_page, ACC_TYPE_STORE_PAGE)

enum {
  PROP_0,
  PROP_INSTRUCTOR_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static AccAttendance
next_attendance (AccAttendance state)
{
  switch (state)
    {
    case ACC_ATTENDANCE_UNDETERMINED:
      return ACC_ATTENDANCE_PRESENT;
    case ACC_ATTENDANCE_PRESENT:
      return ACC_ATTENDANCE_LATE;
    case ACC_ATTENDANCE_LATE:
      return ACC_ATTENDANCE_ABSENT;
    /* A no-show the desk recorded is an absence the instructor may excuse. */
    case ACC_ATTENDANCE_ABSENT:
    case ACC_ATTENDANCE_NO_SHOW:
      return ACC_ATTENDANCE_EXCUSED;
    case ACC_ATTENDANCE_EXCUSED:
    case ACC_N_ATTENDANCE:
    default:
      return ACC_ATTENDANCE_UNDETERMINED;
    }
}

static const char *
attendance_icon_name (AccAttendance state)
{
  switch (state)
    {
    case ACC_ATTENDANCE_PRESENT:
      return "object-select-symbolic";
    case ACC_ATTENDANCE_LATE:
      return "alarm-symbolic";
    case ACC_ATTENDANCE_ABSENT:
    case ACC_ATTENDANCE_NO_SHOW:
      return "action-unavailable-symbolic";
    case ACC_ATTENDANCE_EXCUSED:
      return "mail-unread-symbolic";
    case ACC_ATTENDANCE_UNDETERMINED:
    case ACC_N_ATTENDANCE:
    default:
      return "radio-symbolic";
    }
}

static const char *
attendance_style_class (AccAttendance state)
{
  switch (state)
    {
    case ACC_ATTENDANCE_PRESENT:
      return "acc-roll-present";
    case ACC_ATTENDANCE_LATE:
      return "acc-roll-late";
    case ACC_ATTENDANCE_ABSENT:
    case ACC_ATTENDANCE_NO_SHOW:
      return "acc-roll-absent";
    case ACC_ATTENDANCE_EXCUSED:
      return "acc-roll-excused";
    case ACC_ATTENDANCE_UNDETERMINED:
    case ACC_N_ATTENDANCE:
    default:
      return "acc-roll-unmarked";
    }
}

static GtkWidget *
create_flag (const char *icon_name,
             const char *text,
             const char *style_class)
{
  GtkWidget *flag = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (flag), gtk_image_new_from_icon_name (icon_name));
  gtk_box_append (GTK_BOX (flag), gtk_label_new (text));
  gtk_widget_set_valign (flag, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (flag, style_class);

  return flag;
}

/* The pupil's age in the year of the lesson, which is what a level is chosen by. */
static int
pupil_age (const AccEnrollmentRow *row)
{
  g_autoptr(GDateTime) day = NULL;

  if (row->birth_year <= 0 || row->starts_at == NULL)
    return -1;

  day = g_date_time_new_from_iso8601 (row->starts_at, NULL);
  if (day == NULL)
    return -1;

  return g_date_time_get_year (day) - row->birth_year;
}

static GtkWidget *
create_pupil_row (AccGroupRollCallPage   *self,
                  const AccEnrollmentRow *row)
{
  g_autofree char *name = acc_format_full_name (row);
  g_autofree char *accessible = NULL;
  GString *details = g_string_new (NULL);
  const char *level = !acc_is_empty (row->declared_level_label) ? row->declared_level_label
                                                                : row->level_code;
  int age = pupil_age (row);
  GtkWidget *button, *box, *texts, *flags;
  g_autofree char *details_text = NULL;

  if (age >= 0)
    /* Translators: a pupil's age in the year of the lesson. */
    g_string_append_printf (details, ngettext ("%d year old", "%d years old", age), age);
  if (!acc_is_empty (level))
    g_string_append_printf (details, "%s%s", details->len > 0 ? " · " : "", level);
  details_text = g_string_free (details, FALSE);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (texts), acc_label_new_wrapped (name, "acc-roll-name"));
  if (details_text[0] != '\0')
    gtk_box_append (GTK_BOX (texts), acc_label_new_wrapped (details_text, "acc-roll-detail"));
  gtk_box_append (GTK_BOX (box), texts);

  flags = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_valign (flags, GTK_ALIGN_CENTER);
  /* Only a flag: the medical text stays at the desk. */
  if (!acc_is_empty (row->allergies))
    /* Translators: the flag beside a pupil who has an allergy. */
    gtk_box_append (GTK_BOX (flags), create_flag ("dialog-warning-symbolic", _("Allergy"),
                                                  "acc-alert"));
  gtk_box_append (GTK_BOX (flags),
                  create_flag (attendance_icon_name (row->attendance),
                               acc_attendance_get_label (row->attendance),
                               "acc-roll-pill"));
  gtk_widget_add_css_class (gtk_widget_get_last_child (flags),
                            attendance_style_class (row->attendance));
  gtk_box_append (GTK_BOX (box), flags);

  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "acc-roll-pupil");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "group-roll-call.cycle");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", row->enrollment_id);

  if (!acc_is_empty (row->allergies))
    /* Translators: what a screen reader says for a pupil: “Zoé Lefèvre, allergy: Present.
     * Tap to change.” */
    accessible = g_strdup_printf (_("%s, allergy: %s. Tap to change."),
                                  name, acc_attendance_get_label (row->attendance));
  else
    /* Translators: what a screen reader says for a pupil: “Zoé Lefèvre: Present. Tap to
     * change.” */
    accessible = g_strdup_printf (_("%s: %s. Tap to change."),
                                  name, acc_attendance_get_label (row->attendance));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return button;
}

static GtkWidget *
create_group_section (AccGroupRollCallPage *self,
                      const AccGroupRow    *group,
                      GPtrArray            *pupils)
{
  g_autofree char *time = acc_format_time (group->starts_at);
  GString *title = g_string_new (NULL);
  g_autofree char *title_text = NULL;
  GtkWidget *section, *list;

  if (time != NULL)
    g_string_append (title, time);
  if (!acc_is_empty (group->session_title))
    g_string_append_printf (title, "%s%s", title->len > 0 ? " · " : "", group->session_title);
  if (!acc_is_empty (group->level_label))
    g_string_append_printf (title, "%s%s", title->len > 0 ? " · " : "", group->level_label);
  if (!acc_is_empty (group->label))
    g_string_append_printf (title, "%s%s", title->len > 0 ? " · " : "", group->label);
  title_text = g_string_free (title, FALSE);

  section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_append (GTK_BOX (section), acc_label_new_wrapped (title_text, "title-2"));
  if (!acc_is_empty (group->meeting_point))
    {
      /* Translators: where a group meets: “Meeting point: Chalet des Moniteurs”. */
      g_autofree char *meeting = g_strdup_printf (_("Meeting point: %s"), group->meeting_point);

      gtk_box_append (GTK_BOX (section), acc_label_new_wrapped (meeting, "acc-roll-detail"));
    }

  list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title_text,
                                  -1);
  if (pupils->len == 0)
    gtk_box_append (GTK_BOX (list),
                    acc_label_new_wrapped (_("No pupil in this group."), "dim-label"));
  for (guint i = 0; i < pupils->len; i++)
    gtk_box_append (GTK_BOX (list), create_pupil_row (self, g_ptr_array_index (pupils, i)));
  gtk_box_append (GTK_BOX (section), list);

  return section;
}

static GtkWidget *
create_instructor_row (const AccInstructorRow *row)
{
  g_autofree char *name = acc_format_instructor_name (row);
  g_autofree char *count = NULL;
  GtkWidget *button, *box, *texts, *image;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), acc_label_new_wrapped (name, "acc-roll-name"));
  count = g_strdup_printf (ngettext ("%u group today", "%u groups today", row->n_groups),
                           row->n_groups);
  gtk_box_append (GTK_BOX (texts), acc_label_new_wrapped (count, "dim-label"));
  gtk_box_append (GTK_BOX (box), texts);

  image = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_box_append (GTK_BOX (box), image);

  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "acc-roll-pick");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "group-roll-call.pick");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", row->id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);

  return button;
}

static const AccInstructorRow *
find_instructor (AccGroupRollCallPage *self,
                 const char           *instructor_id)
{
  return instructor_id != NULL ? g_hash_table_lookup (self->instructors_by_id, instructor_id)
                               : NULL;
}

static GtkWidget *
create_pick_line (const char *key,
                  gpointer    user_data)
{
  AccGroupRollCallPage *self = user_data;
  const AccInstructorRow *row;

  if (g_str_equal (key, "title:"))
    return acc_label_new_wrapped (_("Who Are You?"), "title-1");
  if (g_str_equal (key, "hint:"))
    {
      GtkWidget *label = acc_label_new_wrapped (_("Tap your name to see your groups and call "
                                                  "your pupils."), "title-4");

      gtk_widget_add_css_class (label, "dim-label");
      return label;
    }
  if (g_str_equal (key, "empty:"))
    return acc_label_new_wrapped (_("No instructor has a group today."), "acc-roll-empty");

  row = find_instructor (self, key + strlen ("instructor:"));
  return row != NULL ? create_instructor_row (row) : NULL;
}

/* What a line of the list of names says: a pupil's mark does not change it. */
static char *
describe_pick_line (const char *key,
                    gpointer    user_data)
{
  AccGroupRollCallPage *self = user_data;
  const AccInstructorRow *row = NULL;

  if (g_str_has_prefix (key, "instructor:"))
    row = find_instructor (self, key + strlen ("instructor:"));
  if (row == NULL)
    return g_strdup (key);

  return g_strdup_printf ("%s\x1f%s\x1f%s\x1f%u", key, row->first_name ? row->first_name : "",
                          row->last_name ? row->last_name : "", row->n_groups);
}

static void
rebuild_instructors (AccGroupRollCallPage *self)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (keys, g_strdup ("title:"));
  g_ptr_array_add (keys, g_strdup ("hint:"));
  for (guint i = 0; i < self->instructors->len; i++)
    {
      const AccInstructorRow *row = g_ptr_array_index (self->instructors, i);

      g_ptr_array_add (keys, g_strconcat ("instructor:", row->id, NULL));
    }
  if (self->instructors->len == 0)
    g_ptr_array_add (keys, g_strdup ("empty:"));

  acc_list_lines_show (self->pick_lines, keys);
}

static void
rebuild (AccGroupRollCallPage *self)
{
  const AccInstructorRow *picked;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
  rebuild_instructors (self);

  if (self->instructor_id == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "pick");
      return;
    }

  picked = find_instructor (self, self->instructor_id);
  if (picked != NULL)
    {
      g_autofree char *name = acc_format_instructor_name (picked);

      gtk_label_set_text (self->name_label, name);
    }
  else
    {
      gtk_label_set_text (self->name_label, "");
    }

  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_append (self->groups_box,
                    create_group_section (self,
                                          g_ptr_array_index (self->groups, i),
                                          g_ptr_array_index (self->pupils, i)));
  if (self->groups->len == 0)
    gtk_box_append (self->groups_box, acc_label_new_wrapped (_("No group today."), "title-4"));

  gtk_stack_set_visible_child_name (self->stack, "pupils");
}

/* Reads the instructors and the picked instructor's pupils now; the rows follow in an idle,
 * since the row that caused the change must outlive its own signal. */
static void
reload (AccGroupRollCallPage *self)
{
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) instructors = NULL;

  g_hash_table_remove_all (self->instructors_by_id);
  g_clear_pointer (&self->instructors, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->pupils, g_ptr_array_unref);

  self->instructors = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_instructor_row_free);
  self->pupils = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  if (store != NULL)
    instructors = acc_store_list_instructors (store, &error);
  for (guint i = 0; instructors != NULL && i < instructors->len; i++)
    {
      AccInstructorRow *row = g_ptr_array_index (instructors, i);

      if (row->n_groups > 0)
        {
          g_hash_table_insert (self->instructors_by_id, row->id, row);
          g_ptr_array_add (self->instructors, g_ptr_array_steal_index (instructors, i--));
        }
    }

  if (error == NULL && store != NULL && self->instructor_id != NULL)
    self->groups = acc_store_list_groups_of_instructor (store, self->instructor_id, &error);

  for (guint i = 0; self->groups != NULL && i < self->groups->len; i++)
    {
      const AccGroupRow *group = g_ptr_array_index (self->groups, i);
      g_autoptr(GPtrArray) rows = acc_store_list_enrollments_of_group (store, group->id, &error);
      GPtrArray *shown;

      if (rows == NULL)
        {
          g_ptr_array_set_size (self->groups, i);
          break;
        }

      shown = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_enrollment_row_free);
      for (guint j = 0; j < rows->len; j++)
        {
          AccEnrollmentRow *row = g_ptr_array_index (rows, j);

          if (row->status != ACC_ENROLLMENT_STATUS_CANCELLED)
            g_ptr_array_add (shown, g_ptr_array_steal_index (rows, j--));
        }
      g_ptr_array_add (self->pupils, shown);
    }

  if (self->groups == NULL)
    self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_group_row_free);

  if (error != NULL)
    acc_widget_show_message (GTK_WIDGET (self), error->message);
}

static const AccEnrollmentRow *
find_pupil (AccGroupRollCallPage *self,
            const char           *enrollment_id)
{
  for (guint i = 0; i < self->pupils->len; i++)
    {
      GPtrArray *rows = g_ptr_array_index (self->pupils, i);

      for (guint j = 0; j < rows->len; j++)
        {
          const AccEnrollmentRow *row = g_ptr_array_index (rows, j);

          if (g_strcmp0 (row->enrollment_id, enrollment_id) == 0)
            return row;
        }
    }

  return NULL;
}

static void
pick_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  acc_group_roll_call_page_pick (ACC_GROUP_ROLL_CALL_PAGE (widget),
                                 g_variant_get_string (parameter, NULL));
}

static void
cycle_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  AccGroupRollCallPage *self = ACC_GROUP_ROLL_CALL_PAGE (widget);
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  const AccEnrollmentRow *row = find_pupil (self, g_variant_get_string (parameter, NULL));
  g_autoptr(GError) error = NULL;

  /* Only a pupil the page shows can be marked from it. */
  if (row == NULL || store == NULL)
    return;

  if (!acc_store_set_attendance (store, row->enrollment_id,
                                 next_attendance (row->attendance), &error))
    acc_widget_show_message (GTK_WIDGET (self), error->message);
}

static void
acc_group_roll_call_page_finalize (GObject *object)
{
  AccGroupRollCallPage *self = ACC_GROUP_ROLL_CALL_PAGE (object);

  g_clear_pointer (&self->instructor_id, g_free);
  g_clear_pointer (&self->instructors, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->pupils, g_ptr_array_unref);
  g_clear_object (&self->pick_lines);
  g_clear_pointer (&self->instructors_by_id, g_hash_table_unref);

  G_OBJECT_CLASS (acc_group_roll_call_page_parent_class)->finalize (object);
}

static void
acc_group_roll_call_page_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  AccGroupRollCallPage *self = ACC_GROUP_ROLL_CALL_PAGE (object);

  switch (prop_id)
    {
    case PROP_INSTRUCTOR_ID:
      g_value_set_string (value, self->instructor_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_group_roll_call_page_class_init (AccGroupRollCallPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = acc_group_roll_call_page_finalize;
  object_class->get_property = acc_group_roll_call_page_get_property;
  ACC_STORE_PAGE_CLASS (klass)->reload = (void (*) (AccStorePage *)) reload;
  ACC_STORE_PAGE_CLASS (klass)->rebuild = (void (*) (AccStorePage *)) rebuild;

  /**
   * AccGroupRollCallPage:instructor-id:
   *
   * The instructor whose pupils the page shows, or %NULL while it asks for a name.
   */
  properties[PROP_INSTRUCTOR_ID] =
    g_param_spec_string ("instructor-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-group-roll-call-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AccGroupRollCallPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AccGroupRollCallPage, pick_view);
  gtk_widget_class_bind_template_child (widget_class, AccGroupRollCallPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, AccGroupRollCallPage, groups_box);

  /**
   * AccGroupRollCallPage|group-roll-call.pick:
   *
   * Shows an instructor's groups and pupils; the empty string goes back to the names.
   */
  gtk_widget_class_install_action (widget_class, "group-roll-call.pick", "s", pick_action);

  /**
   * AccGroupRollCallPage|group-roll-call.cycle:
   *
   * Moves a pupil's mark (by enrollment id) one step along the roll-call's states.
   */
  gtk_widget_class_install_action (widget_class, "group-roll-call.cycle", "s", cycle_action);
}

static void
acc_group_roll_call_page_init (AccGroupRollCallPage *self)
{
  self->instructors_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->pick_lines = acc_list_lines_new (self->pick_view, create_pick_line, describe_pick_line,
                                         self);
}

/**
 * acc_group_roll_call_page_new:
 * @store: (nullable): the day's store
 */
GtkWidget *
acc_group_roll_call_page_new (AccStore *store)
{
  g_return_val_if_fail (store == NULL || ACC_IS_STORE (store), NULL);

  return g_object_new (ACC_TYPE_GROUP_ROLL_CALL_PAGE,
                       "store", store,
                       NULL);
}

/**
 * acc_group_roll_call_page_pick:
 * @instructor_id: (nullable): the instructor, or %NULL or "" for the list of names
 *
 * Shows @instructor_id's groups and pupils.
 */
void
acc_group_roll_call_page_pick (AccGroupRollCallPage *self,
                               const char           *instructor_id)
{
  g_return_if_fail (ACC_IS_GROUP_ROLL_CALL_PAGE (self));

  if (instructor_id != NULL && instructor_id[0] == '\0')
    instructor_id = NULL;

  if (g_strcmp0 (self->instructor_id, instructor_id) == 0)
    return;

  g_free (self->instructor_id);
  self->instructor_id = g_strdup (instructor_id);
  acc_store_page_reload (ACC_STORE_PAGE (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSTRUCTOR_ID]);
}

/**
 * acc_group_roll_call_page_get_instructor_id:
 *
 * Returns: (nullable): the instructor whose pupils the page shows
 */
const char *
acc_group_roll_call_page_get_instructor_id (AccGroupRollCallPage *self)
{
  g_return_val_if_fail (ACC_IS_GROUP_ROLL_CALL_PAGE (self), NULL);

  return self->instructor_id;
}

/**
 * acc_group_roll_call_page_get_n_pupils:
 *
 * Returns: how many pupils the page shows for the picked instructor, cancelled ones aside.
 */
guint
acc_group_roll_call_page_get_n_pupils (AccGroupRollCallPage *self)
{
  guint n = 0;

  g_return_val_if_fail (ACC_IS_GROUP_ROLL_CALL_PAGE (self), 0);

  for (guint i = 0; self->pupils != NULL && i < self->pupils->len; i++)
    n += ((GPtrArray *) g_ptr_array_index (self->pupils, i))->len;

  return n;
}
