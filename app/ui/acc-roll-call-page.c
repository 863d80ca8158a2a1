/* acc-roll-call-page.c: the instructors' morning roll-call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "acc-list-lines.h"
#include "acc-replacement.h"
#include "acc-roll-call-page.h"
#include "acc-ui-util.h"

struct _AccRollCallPage
{
  AccStorePage       parent_instance;


  GPtrArray     *instructors;    /* AccInstructorRow, as the store lists them. */
  GPtrArray     *groups;         /* AccGroupRow: every group of the day. */
  GPtrArray     *uncovered;      /* AccGroupRow borrowed from groups. */
  /* Group id (borrowed) → GPtrArray of rows of instructors, made when a line shows them:
   * a mark can change the offers of every uncovered group, and few are in sight. */
  GHashTable    *offers;
  GHashTable    *group_index;       /* Group id → its row in groups, borrowed. */
  AccReplacements *replacements;    /* The rule's view of the rows, made with the offers. */
  GHashTable    *instructor_index;  /* Instructor id → its row in instructors, borrowed. */
  GHashTable    *by_id;          /* Instructor or uncovered group id → its row, borrowed. */
  GHashTable    *by_instructor;  /* Instructor id → GPtrArray of the AccGroupRow they lead. */
  GHashTable    *all_offers;     /* Ids of the groups whose every offer is shown, owned. */

  /* One key per line of the page ("instructor:<id>", "title:on-call"…): a day has hundreds
   * of instructors, and the list builds the lines in sight only. */
  AccListLines  *lines;

  /* Template widgets */
  GtkListView   *list_view;
};

G_DEFINE_FINAL_TYPE (AccRollCallPage, acc_roll_call_page, ACC_TYPE_STORE_PAGE)

/* The instructors offered at first for a group without one, the best placed first: a large
 * school has hundreds on call. */
#define OFFERS_SHOWN 6

/* The three marks of the roll-call, in the order of the buttons. */
static const struct {
  AccInstructorAttendance state;
  const char *icon_name;
  const char *style_class;
} marks[] = {
  { ACC_INSTRUCTOR_ATTENDANCE_PRESENT, "object-select-symbolic", "acc-roll-present" },
  { ACC_INSTRUCTOR_ATTENDANCE_LATE, "alarm-symbolic", "acc-roll-late" },
  { ACC_INSTRUCTOR_ATTENDANCE_ABSENT, "action-unavailable-symbolic", "acc-roll-absent" },
};

static const char *
mark_style_class (AccInstructorAttendance state)
{
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (state == marks[i].state)
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
create_state_pill (AccInstructorAttendance state)
{
  GtkWidget *pill = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *image;
  const char *icon_name = "radio-symbolic";

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (state == marks[i].state)
      icon_name = marks[i].icon_name;

  image = gtk_image_new_from_icon_name (icon_name);
  gtk_box_append (GTK_BOX (pill), image);
  gtk_box_append (GTK_BOX (pill), gtk_label_new (acc_instructor_attendance_get_label (state)));
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
  gboolean current = row->attendance == marks[i].state;
  GtkWidget *button, *content;
  g_autofree char *accessible = NULL;

  content = adw_button_content_new ();
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), marks[i].icon_name);
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content),
                                acc_instructor_attendance_get_label (marks[i].state));

  button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "acc-roll-button");
  if (current)
    {
      gtk_widget_add_css_class (button, "acc-roll-current");
      gtk_widget_add_css_class (button, marks[i].style_class);
    }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "roll-call.mark");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", row->id,
                                    acc_instructor_attendance_to_string (marks[i].state));

  if (marks[i].state == ACC_INSTRUCTOR_ATTENDANCE_PRESENT)
    /* Translators: what a screen reader says for a roll-call button: “Mark Anne Moniteur
     * present”. */
    accessible = g_strdup_printf (_("Mark %s present"), name);
  else if (marks[i].state == ACC_INSTRUCTOR_ATTENDANCE_LATE)
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
  GtkWidget *card, *box, *head, *texts, *buttons;

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

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (card, "card");
  gtk_box_append (GTK_BOX (card), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (card),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);

  return card;
}

/* Who can take @group, an uncovered group (acc_instructor_rows_replacing()). */
static GPtrArray *
offers_of (AccRollCallPage   *self,
           const AccGroupRow *group)
{
  GPtrArray *offers = g_hash_table_lookup (self->offers, group->id);

  if (offers == NULL)
    {
      if (self->replacements == NULL)
        self->replacements = acc_replacements_new (self->instructors, self->groups);
      offers = acc_replacements_for_group (self->replacements, group);
      g_hash_table_insert (self->offers, group->id, offers);
    }

  return offers;
}

static guint
n_offers_shown (AccRollCallPage *self,
                const char      *group_id)
{
  const AccGroupRow *group = g_hash_table_lookup (self->group_index, group_id);
  guint n = group != NULL ? offers_of (self, group)->len : 0;

  return g_hash_table_contains (self->all_offers, group_id) ? n : MIN (n, OFFERS_SHOWN);
}

static GtkWidget *
create_uncovered_card (AccRollCallPage   *self,
                       const AccGroupRow *group)
{
  g_autofree char *title = describe_group (group);
  g_autofree char *reason = NULL;
  gboolean absent = group->instructor_id != NULL;
  GPtrArray *offers = offers_of (self, group);
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
    gtk_box_append (GTK_BOX (texts),
                    acc_label_new_wrapped (group->meeting_point, "acc-roll-detail"));
  gtk_box_append (GTK_BOX (head), texts);
  gtk_box_append (GTK_BOX (card), head);

  if (offers == NULL || offers->len == 0)
    {
      gtk_box_append (GTK_BOX (card),
                      acc_label_new_wrapped (_("No qualified instructor is on call. Ask the "
                                               "office for someone."), "acc-roll-detail"));
      return card;
    }

  buttons = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (buttons), GTK_SELECTION_NONE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (buttons), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (buttons), 12);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (buttons), 3);
  for (guint i = 0; i < n_offers_shown (self, group->id); i++)
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

  if (n_offers_shown (self, group->id) < offers->len)
    {
      g_autofree char *more = NULL;
      GtkWidget *button;

      /* Translators: under the first instructors offered for a group: “Show All 25
       * Instructors”. */
      more = g_strdup_printf (ngettext ("Show All %u Instructor", "Show All %u Instructors",
                                        offers->len), offers->len);
      button = gtk_button_new_with_label (more);
      gtk_widget_add_css_class (button, "acc-roll-button");
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "roll-call.all-offers");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", group->id);
      gtk_box_append (GTK_BOX (card), button);
    }

  return card;
}

static GtkWidget *
create_title (const char *text)
{
  GtkWidget *label = acc_label_new_wrapped (text, "title-1");

  gtk_widget_add_css_class (label, "acc-roll-title");
  return label;
}

static GtkWidget *
create_all_covered (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

  gtk_image_set_pixel_size (GTK_IMAGE (image), 24);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_widget_add_css_class (image, "acc-state-done");
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box),
                  acc_label_new_wrapped (_("Every group has an instructor."), "title-4"));
  return box;
}

/* The widget of one line of the page, from its key. */
static GtkWidget *
create_line (const char *key,
             gpointer    user_data)
{
  AccRollCallPage *self = user_data;
  const char *id = strchr (key, ':') + 1;

  if (g_str_has_prefix (key, "title:"))
    {
      if (g_str_equal (id, "uncovered"))
        return create_title (_("Groups Without an Instructor"));
      if (g_str_equal (id, "instructors"))
        return create_title (_("Instructors"));
      return create_title (_("On Call"));
    }
  if (g_str_equal (key, "covered:"))
    return create_all_covered ();
  if (g_str_has_prefix (key, "empty:"))
    return acc_label_new_wrapped (g_str_equal (id, "on-call") ? _("Nobody is on call today.")
                                                              : _("No instructor today."),
                                  "acc-roll-empty");
  /* A line the list has not let go of yet, whose group or instructor is gone. */
  if (!g_hash_table_contains (self->by_id, id))
    return NULL;
  if (g_str_has_prefix (key, "group:"))
    return create_uncovered_card (self, g_hash_table_lookup (self->by_id, id));

  return create_instructor_row (self, g_hash_table_lookup (self->by_id, id),
                                g_hash_table_lookup (self->by_instructor, id));
}

static void
append_instructor (GString                *text,
                   const AccInstructorRow *row)
{
  g_string_append_printf (text, "%s\x1f%s\x1f%s\x1f%d\n", row->id,
                          row->first_name ? row->first_name : "",
                          row->last_name ? row->last_name : "",
                          (int) row->attendance);
}

/* Everything a line shows, as text: a line is built again only when this changed. */
static char *
describe_line (const char *key,
               gpointer    user_data)
{
  AccRollCallPage *self = user_data;
  const char *id = strchr (key, ':') + 1;
  gpointer row = g_hash_table_lookup (self->by_id, id);
  GString *text = g_string_new (key);

  g_string_append_c (text, '\n');
  if (row != NULL && g_str_has_prefix (key, "group:"))
    {
      const AccGroupRow *group = row;
      g_autofree char *title = describe_group (group);
      GPtrArray *offers = offers_of (self, group);

      g_string_append_printf (text, "%s\x1f%s\x1f%s\x1f%s\n", title,
                              group->instructor_id ? group->instructor_id : "",
                              group->instructor_name ? group->instructor_name : "",
                              group->meeting_point ? group->meeting_point : "");
      g_string_append_printf (text, "%u of %u\n", n_offers_shown (self, group->id),
                              offers != NULL ? offers->len : 0);
      for (guint i = 0; i < n_offers_shown (self, group->id); i++)
        append_instructor (text, g_ptr_array_index (offers, i));
    }
  else if (row != NULL)
    {
      GPtrArray *groups = g_hash_table_lookup (self->by_instructor, id);

      append_instructor (text, row);
      for (guint i = 0; groups != NULL && i < groups->len; i++)
        {
          g_autofree char *title = describe_group (g_ptr_array_index (groups, i));

          g_string_append_printf (text, "%s\n", title);
        }
    }

  return g_string_free (text, FALSE);
}

static void
add_key (GPtrArray  *keys,
         const char *kind,
         const char *id)
{
  g_ptr_array_add (keys, g_strconcat (kind, ":", id, NULL));
}

/* Indexes the rows the lines show: the uncovered groups and the instructors by id, the
 * groups by their instructor. */
static void
index_rows (AccRollCallPage *self)
{
  g_hash_table_remove_all (self->by_id);
  g_hash_table_remove_all (self->by_instructor);

  for (guint i = 0; i < self->uncovered->len; i++)
    {
      AccGroupRow *group = g_ptr_array_index (self->uncovered, i);

      g_hash_table_insert (self->by_id, group->id, group);
    }

  /* One pass over the day's groups rather than one query per instructor. */
  for (guint i = 0; i < self->groups->len; i++)
    {
      AccGroupRow *group = g_ptr_array_index (self->groups, i);
      GPtrArray *list;

      if (group->instructor_id == NULL)
        continue;
      list = g_hash_table_lookup (self->by_instructor, group->instructor_id);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->by_instructor, group->instructor_id, list);
        }
      g_ptr_array_add (list, group);
    }

  for (guint i = 0; i < self->instructors->len; i++)
    {
      AccInstructorRow *row = g_ptr_array_index (self->instructors, i);

      g_hash_table_insert (self->by_id, row->id, row);
    }
}

/* Lists the page's lines from the rows reload() read and update() followed (both index
 * them), and shows them. */
static void
rebuild (AccRollCallPage *self)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) on_call = g_ptr_array_new_with_free_func (g_free);

  add_key (keys, "title", "uncovered");
  if (self->uncovered->len == 0)
    add_key (keys, "covered", "");
  for (guint i = 0; i < self->uncovered->len; i++)
    {
      AccGroupRow *group = g_ptr_array_index (self->uncovered, i);

      add_key (keys, "group", group->id);
    }

  /* Those on call come last, under their own title. */
  for (guint i = 0; i < self->instructors->len; i++)
    {
      AccInstructorRow *row = g_ptr_array_index (self->instructors, i);

      add_key (row->on_call ? on_call : others, row->on_call ? "on-call" : "instructor", row->id);
    }

  add_key (keys, "title", "instructors");
  if (others->len == 0)
    add_key (keys, "empty", "instructors");
  g_ptr_array_extend_and_steal (keys, g_steal_pointer (&others));
  add_key (keys, "title", "on-call");
  if (on_call->len == 0)
    add_key (keys, "empty", "on-call");
  g_ptr_array_extend_and_steal (keys, g_steal_pointer (&on_call));

  acc_list_lines_show (self->lines, keys);
}

static gboolean
is_uncovered (const AccGroupRow *group)
{
  return group->instructor_id == NULL
         || group->instructor_attendance == ACC_INSTRUCTOR_ATTENDANCE_ABSENT;
}

/* Finds the groups without an instructor among the rows read. */
static void
find_uncovered (AccRollCallPage *self)
{
  g_ptr_array_set_size (self->uncovered, 0);
  for (guint i = 0; i < self->groups->len; i++)
    {
      AccGroupRow *group = g_ptr_array_index (self->groups, i);

      if (is_uncovered (group))
        g_ptr_array_add (self->uncovered, group);
    }
}

/* Reads the day now; the rows follow in an idle, since the button that caused the change
 * may be one of them and must outlive its own signal. */
static void
reload (AccRollCallPage *self)
{
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  g_autoptr(GError) error = NULL;

  g_hash_table_remove_all (self->offers);
  g_clear_pointer (&self->replacements, acc_replacements_free);
  g_hash_table_remove_all (self->group_index);
  g_hash_table_remove_all (self->instructor_index);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->instructors, g_ptr_array_unref);

  if (store != NULL)
    {
      self->instructors = acc_store_list_instructors (store, &error);
      if (self->instructors != NULL)
        self->groups = acc_store_list_groups (store, NULL, &error);
    }

  if (error != NULL)
    acc_widget_show_message (GTK_WIDGET (self), error->message);

  if (self->instructors == NULL)
    self->instructors = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_instructor_row_free);
  if (self->groups == NULL)
    self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_group_row_free);

  for (guint i = 0; i < self->groups->len; i++)
    {
      AccGroupRow *group = g_ptr_array_index (self->groups, i);

      g_hash_table_insert (self->group_index, group->id, group);
    }
  for (guint i = 0; i < self->instructors->len; i++)
    {
      AccInstructorRow *row = g_ptr_array_index (self->instructors, i);

      g_hash_table_insert (self->instructor_index, row->id, row);
    }
  find_uncovered (self);
  index_rows (self);
}

/* The order of acc_store_list_instructors(): those who lead a group first, then by name. */
static int
compare_instructors (gconstpointer a,
                     gconstpointer b)
{
  const AccInstructorRow *ra = *(const AccInstructorRow * const *) a;
  const AccInstructorRow *rb = *(const AccInstructorRow * const *) b;
  int cmp = (ra->n_groups == 0) - (rb->n_groups == 0);

  if (cmp == 0)
    cmp = g_strcmp0 (ra->last_name, rb->last_name);
  if (cmp == 0)
    cmp = g_strcmp0 (ra->first_name, rb->first_name);
  return cmp != 0 ? cmp : g_strcmp0 (ra->id, rb->id);
}

/* Puts the content of @fresh, a row read again, into @row, which the page's tables point
 * to, and frees what @row held. Both begin with their id, the same text: @row keeps its own,
 * which the tables use as their key. */
static void
take_row (gpointer       row,
          gpointer       fresh,
          gsize          size,
          GDestroyNotify free_row)
{
  gpointer old = g_alloca (size);
  char **row_id = row, **fresh_id = fresh;
  char *id = *row_id;

  g_assert (g_str_equal (*row_id, *fresh_id));
  memcpy (old, row, size);
  memcpy (row, fresh, size);
  memcpy (fresh, old, size);
  *fresh_id = *row_id;
  *row_id = id;
  free_row (fresh);
}

/* Follows a change of a few instructors and groups from their rows alone: a mark re-reads one
 * instructor and the groups they lead, not the whole day. */
static gboolean
update (AccRollCallPage *self,
        AccStoreChange  *change)
{
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  g_autoptr(GPtrArray) instructor_ids = NULL;
  g_autoptr(GPtrArray) group_ids = NULL;
  gboolean resort = FALSE;
  gboolean offers_changed = FALSE;

  if (store == NULL || self->groups == NULL || self->instructors == NULL)
    return FALSE;

  instructor_ids = acc_store_change_dup_ids (change, ACC_CHANGE_INSTRUCTOR);
  group_ids = acc_store_change_dup_ids (change, ACC_CHANGE_GROUP);
  if (instructor_ids->len == 0 && group_ids->len == 0)
    return TRUE;

  for (guint i = 0; i < instructor_ids->len; i++)
    {
      AccInstructorRow *row = g_hash_table_lookup (self->instructor_index,
                                                   g_ptr_array_index (instructor_ids, i));
      AccInstructorRow *fresh;

      /* An instructor the page has not read: read the day again. */
      if (row == NULL ||
          (fresh = acc_store_get_instructor (store, row->id, NULL)) == NULL)
        return FALSE;
      resort = resort || (row->n_groups == 0) != (fresh->n_groups == 0);
      /* Only those on call are offered. */
      offers_changed = offers_changed || row->on_call || fresh->on_call;
      take_row (row, fresh, sizeof *row, (GDestroyNotify) acc_instructor_row_free);
    }

  for (guint i = 0; i < group_ids->len; i++)
    {
      AccGroupRow *row = g_hash_table_lookup (self->group_index,
                                              g_ptr_array_index (group_ids, i));
      AccGroupRow *fresh;

      if (row == NULL || (fresh = acc_store_get_group (store, row->id, NULL)) == NULL)
        return FALSE;
      /* Who leads what decides who is free. */
      offers_changed = offers_changed || g_strcmp0 (row->instructor_id, fresh->instructor_id) != 0;
      take_row (row, fresh, sizeof *row, (GDestroyNotify) acc_group_row_free);
    }

  if (resort)
    g_ptr_array_sort (self->instructors, compare_instructors);
  /* The offers made are kept unless the change can alter them: a school has a hundred groups
   * without an instructor, and GTK 4.8's list view describes every line it holds. */
  if (offers_changed)
    g_hash_table_remove_all (self->offers);
  /* It holds the texts of rows read again. */
  g_clear_pointer (&self->replacements, acc_replacements_free);
  find_uncovered (self);
  /* The lines are built again in an idle; until then they find the rows as they are now. */
  index_rows (self);
  acc_store_page_rebuild (ACC_STORE_PAGE (self));

  return TRUE;
}

static void
mark_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AccRollCallPage *self = ACC_ROLL_CALL_PAGE (widget);
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  g_autoptr(GError) error = NULL;
  const char *instructor_id, *name;
  AccInstructorAttendance state;

  g_variant_get (parameter, "(&s&s)", &instructor_id, &name);

  if (store == NULL)
    return;

  if (!acc_instructor_attendance_from_string (name, &state))
    {
      g_warning ("No roll-call mark is named “%s”", name);
      return;
    }
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
all_offers_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AccRollCallPage *self = ACC_ROLL_CALL_PAGE (widget);

  g_hash_table_add (self->all_offers, g_variant_dup_string (parameter, NULL));
  /* From the rows read already, in an idle: the button is in the line it replaces. */
  acc_store_page_rebuild (ACC_STORE_PAGE (self));
}

static void
acc_roll_call_page_finalize (GObject *object)
{
  AccRollCallPage *self = ACC_ROLL_CALL_PAGE (object);

  g_clear_pointer (&self->uncovered, g_ptr_array_unref);
  g_clear_pointer (&self->offers, g_hash_table_unref);
  g_clear_pointer (&self->replacements, acc_replacements_free);
  g_clear_pointer (&self->group_index, g_hash_table_unref);
  g_clear_pointer (&self->instructor_index, g_hash_table_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->instructors, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->by_instructor, g_hash_table_unref);
  g_clear_pointer (&self->all_offers, g_hash_table_unref);
  g_clear_object (&self->lines);

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
  ACC_STORE_PAGE_CLASS (klass)->update =
    (gboolean (*) (AccStorePage *, AccStoreChange *)) update;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-roll-call-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AccRollCallPage, list_view);

  /**
   * AccRollCallPage|roll-call.mark:
   *
   * Marks an instructor: (instructor id, the mark's name on the wire: "present", "late" or
   * "absent", as acc_instructor_attendance_to_string() gives it).
   */
  gtk_widget_class_install_action (widget_class, "roll-call.mark", "(ss)", mark_action);

  /**
   * AccRollCallPage|roll-call.replace:
   *
   * Gives a group to another instructor: (group id, instructor id).
   */
  gtk_widget_class_install_action (widget_class, "roll-call.replace", "(ss)", replace_action);

  /**
   * AccRollCallPage|roll-call.all-offers:
   *
   * Shows every instructor who could take a group, not only the first ones: (group id).
   */
  gtk_widget_class_install_action (widget_class, "roll-call.all-offers", "s",
                                   all_offers_action);
}

static void
acc_roll_call_page_init (AccRollCallPage *self)
{
  self->offers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) g_ptr_array_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->group_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->instructor_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->uncovered = g_ptr_array_new ();
  self->by_instructor = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                               (GDestroyNotify) g_ptr_array_unref);
  self->all_offers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->lines = acc_list_lines_new (self->list_view, create_line, describe_line, self);
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
  const AccGroupRow *group;

  g_return_val_if_fail (ACC_IS_ROLL_CALL_PAGE (self), NULL);
  g_return_val_if_fail (group_id != NULL, NULL);

  ids = g_ptr_array_new ();
  group = g_hash_table_lookup (self->group_index, group_id);
  if (group == NULL || self->uncovered == NULL ||
      !g_ptr_array_find (self->uncovered, group, NULL))
    return ids;
  offers = offers_of (self, group);
  for (guint i = 0; offers != NULL && i < offers->len; i++)
    g_ptr_array_add (ids, ((AccInstructorRow *) g_ptr_array_index (offers, i))->id);

  return ids;
}
