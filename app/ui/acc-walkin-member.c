/* acc-walkin-member.c: one participant of a walk-in family, as the desk fills it in
 *
 * The participant's names, birth year, declared level, health and contacts, and the lesson
 * they take today: a session that has not started, and a group of it. The group follows the
 * suggestion (by level, then places left) until a person picks one; then it stays theirs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "acc-now.h"
#include "acc-ui-util.h"
#include "acc-walkin-member.h"

struct _AccWalkinMember
{
  AdwPreferencesGroup  parent_instance;

  AccStore            *store;
  int                  day_year;
  GPtrArray           *levels;            /* AccLevelChoice, in the school's order. */
  GPtrArray           *sessions;          /* AccSessionRow that had not started. */
  GPtrArray           *groups;            /* AccGroupRow of the selected session. */
  char                *suggested_group_id;

  /* A group picked by a person stays; the suggestion only fills the row until then. */
  gboolean             group_chosen;
  /* The last name follows the payer's until a person types another. */
  gboolean             last_name_typed;
  /* Set while the widget changes its rows itself, which is no choice of a person. */
  gboolean             updating;

  /* Template widgets */
  GtkWidget           *remove_button;
  AdwEntryRow         *first_name_row;
  AdwEntryRow         *last_name_row;
  AdwEntryRow         *birth_year_row;
  GtkLabel            *age_label;
  AdwComboRow         *level_row;
  AdwComboRow         *session_row;
  AdwComboRow         *group_row;
  AdwEntryRow         *allergies_row;
  AdwEntryRow         *emergency_phone_row;
  AdwEntryRow         *pickup_adults_row;
};

G_DEFINE_FINAL_TYPE (AccWalkinMember, acc_walkin_member, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (AccWalkinMember *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0);
}

static const char *
selected_level_id (AccWalkinMember *self)
{
  guint position = adw_combo_row_get_selected (self->level_row);

  /* The first choice is “Not given”. */
  if (position == 0 || position == GTK_INVALID_LIST_POSITION || position > self->levels->len)
    return NULL;

  return ((const AccLevelChoice *) g_ptr_array_index (self->levels, position - 1))->id;
}

static const AccLevelChoice *
selected_level (AccWalkinMember *self)
{
  const char *id = selected_level_id (self);

  for (guint i = 0; id != NULL && i < self->levels->len; i++)
    if (g_strcmp0 (((const AccLevelChoice *) g_ptr_array_index (self->levels, i))->id, id) == 0)
      return g_ptr_array_index (self->levels, i);

  return NULL;
}

static const AccSessionRow *
selected_session (AccWalkinMember *self)
{
  guint position = adw_combo_row_get_selected (self->session_row);

  if (position >= self->sessions->len)
    return NULL;

  return g_ptr_array_index (self->sessions, position);
}

static const AccGroupRow *
selected_group (AccWalkinMember *self)
{
  guint position = adw_combo_row_get_selected (self->group_row);

  if (self->groups == NULL || position >= self->groups->len)
    return NULL;

  return g_ptr_array_index (self->groups, position);
}

/* The year of birth typed: 0 when none, -1 when what is typed is no number. */
static int
parse_birth_year (AccWalkinMember *self)
{
  g_autofree char *text = acc_editable_dup_text ((GtkEditable *) self->birth_year_row);

  if (text[0] == '\0')
    return 0;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return -1;

  if (strlen (text) > 4)
    return -1;

  return atoi (text);
}

/* The levels of the day: those of the groups of its sessions, in the school's order. */
static void
load_levels (AccWalkinMember *self,
             GPtrArray       *all_sessions)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; all_sessions != NULL && i < all_sessions->len; i++)
    {
      const AccSessionRow *session = g_ptr_array_index (all_sessions, i);
      g_autoptr(GPtrArray) groups = acc_store_list_groups (self->store, session->id, NULL);

      acc_level_choices_add_groups (self->levels, groups);
    }

  /* Translators: the first choice of a walk-in participant's level: the family does not
   * know it. */
  gtk_string_list_append (model, C_("level", "Not given"));
  for (guint i = 0; i < self->levels->len; i++)
    {
      const AccLevelChoice *level = g_ptr_array_index (self->levels, i);
      gboolean shared = FALSE;

      /* Two disciplines may both have a “Débutant”: the discipline tells them apart. */
      for (guint j = 0; j < self->levels->len && !shared; j++)
        shared = j != i && g_strcmp0 (((const AccLevelChoice *) g_ptr_array_index (self->levels, j))->label,
                                      level->label) == 0;

      if (shared && level->discipline != NULL)
        {
          /* Translators: a level in the walk-in's level choice, when two disciplines have
           * one of the same name: %1$s is the level, %2$s the discipline (“ski”). */
          g_autofree char *label = g_strdup_printf (C_("level choice", "%1$s (%2$s)"),
                                                    level->label, level->discipline);

          gtk_string_list_append (model, label);
        }
      else
        gtk_string_list_append (model, level->label);
    }

  adw_combo_row_set_model (self->level_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->level_row, 0);
}

/* The sessions a walk-in can still join: those that have not started. */
static void
load_sessions (AccWalkinMember *self,
               GPtrArray       *all_sessions)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (acc_now_real_time () / G_USEC_PER_SEC);

  for (guint i = 0; all_sessions != NULL && i < all_sessions->len; i++)
    {
      AccSessionRow *session = g_ptr_array_index (all_sessions, i);
      g_autoptr(GDateTime) starts = NULL;
      g_autofree char *time = NULL;
      g_autofree char *label = NULL;

      if (session->starts_at != NULL)
        starts = g_date_time_new_from_iso8601 (session->starts_at, NULL);
      if (starts != NULL && g_date_time_compare (starts, now) <= 0)
        continue;

      time = acc_format_time (session->starts_at);
      if (time != NULL)
        /* Translators: a lesson to choose for a walk-in: its start time, then its title,
         * for example “09:00 · Ski enfants – matin”. */
        label = g_strdup_printf (C_("lesson", "%s · %s"), time,
                                 session->title ? session->title : _("Untitled lesson"));
      else
        label = g_strdup (session->title ? session->title : _("Untitled lesson"));

      gtk_string_list_append (model, label);
      g_ptr_array_add (self->sessions, g_ptr_array_steal_index (all_sessions, i));
      i--;
    }

  /* None is chosen for the desk: a lesson is the family's choice, never the first one
   * of the list by default. */
  adw_combo_row_set_model (self->session_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->session_row, GTK_INVALID_LIST_POSITION);
  gtk_widget_set_sensitive (GTK_WIDGET (self->session_row), self->sessions->len > 0);
}

/* The places left in the selected lesson at the declared level, under the lesson. */
static void
update_session_subtitle (AccWalkinMember *self)
{
  const AccLevelChoice *level = selected_level (self);
  g_autofree char *subtitle = NULL;
  int left = 0;
  guint n_groups = 0;

  if (self->sessions->len == 0)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->session_row),
                                   _("No lesson of the day is still to start."));
      return;
    }

  if (selected_session (self) == NULL)
    {
      /* Translators: under the lesson of a walk-in participant, before one is chosen. */
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->session_row),
                                   _("Choose the lesson they take"));
      return;
    }

  for (guint i = 0; self->groups != NULL && i < self->groups->len; i++)
    {
      const AccGroupRow *group = g_ptr_array_index (self->groups, i);

      if (level != NULL && g_strcmp0 (group->level_id, level->id) != 0)
        continue;
      n_groups++;
      left += MAX (0, group->capacity - group->count);
    }

  if (level != NULL && n_groups == 0)
    /* Translators: under a walk-in's lesson: %s is the declared level. */
    subtitle = g_strdup_printf (_("No %s group in this lesson"), level->label);
  else if (level != NULL)
    /* Translators: under a walk-in's lesson: %1$s is the declared level, %2$d the places left
     * in its groups, for example “Ourson: 8 places left”. */
    subtitle = g_strdup_printf (ngettext ("%1$s: %2$d place left", "%1$s: %2$d places left", left),
                                level->label, left);
  else
    /* Translators: under a walk-in's lesson, when the level is not given: the places left
     * in all its groups. */
    subtitle = g_strdup_printf (ngettext ("%d place left", "%d places left", left), left);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->session_row), subtitle);
}

static void
update_group_subtitle (AccWalkinMember *self)
{
  const AccGroupRow *group = selected_group (self);
  const char *subtitle = "";

  const char *level_id = selected_level_id (self);
  gboolean room = FALSE;
  gboolean of_level = FALSE;

  for (guint i = 0; self->groups != NULL && i < self->groups->len; i++)
    {
      const AccGroupRow *row = g_ptr_array_index (self->groups, i);

      room |= row->count < row->capacity;
      of_level |= g_strcmp0 (row->level_id, level_id) == 0;
    }

  if (selected_session (self) == NULL)
    subtitle = _("The lesson’s groups show once it is chosen.");
  else if (self->groups == NULL || self->groups->len == 0)
    subtitle = _("This lesson has no group yet: the participant is placed later.");
  else if (group == NULL && room && level_id != NULL && !of_level)
    subtitle = _("No group of this lesson is of the declared level: choose one.");
  else if (group == NULL && room)
    subtitle = _("No group of the declared level has a place left: choose one.");
  else if (group == NULL)
    subtitle = _("No group has a place left: choose one, the desk will be asked to confirm.");
  else if (g_strcmp0 (group->id, self->suggested_group_id) == 0)
    /* Translators: under the group of a walk-in participant, when the desk did not choose
     * another. */
    subtitle = _("Suggested by level and places left");

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->group_row), subtitle);
}

/* Selects @group_id in the group row, or nothing when it is not a group of the lesson. */
static void
set_group_selection (AccWalkinMember *self,
                     const char      *group_id)
{
  gboolean was_updating = self->updating;
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; group_id != NULL && self->groups != NULL && i < self->groups->len; i++)
    if (g_strcmp0 (((const AccGroupRow *) g_ptr_array_index (self->groups, i))->id, group_id) == 0)
      position = i;

  self->updating = TRUE;
  adw_combo_row_set_selected (self->group_row, position);
  self->updating = was_updating;
}

static void
suggest_group (AccWalkinMember *self)
{
  const AccSessionRow *session = selected_session (self);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->suggested_group_id, g_free);
  if (session != NULL)
    self->suggested_group_id = acc_walkin_suggest_group (self->store, session->id,
                                                         selected_level_id (self), &error);
  if (error != NULL)
    g_warning ("Cannot suggest a group: %s", error->message);

  if (!self->group_chosen)
    set_group_selection (self, self->suggested_group_id);
  update_group_subtitle (self);
}

/* Reads the groups of the selected lesson again, keeping the one selected. */
static void
load_groups (AccWalkinMember *self)
{
  const AccSessionRow *session = selected_session (self);
  const AccGroupRow *selected = selected_group (self);
  g_autofree char *selected_id = selected ? g_strdup (selected->id) : NULL;
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  if (session != NULL)
    self->groups = acc_store_list_groups (self->store, session->id, &error);
  if (error != NULL)
    g_warning ("Cannot list the groups of %s: %s", session->id, error->message);

  for (guint i = 0; self->groups != NULL && i < self->groups->len; i++)
    {
      const AccGroupRow *group = g_ptr_array_index (self->groups, i);
      g_autofree char *places = acc_format_places_left (group);
      /* Translators: a group to choose for a walk-in: its name, then its places left, for
       * example “Ourson 2 · 8 places left”. */
      g_autofree char *label = g_strdup_printf (C_("group choice", "%s · %s"),
                                                group->label ? group->label : "", places);

      gtk_string_list_append (model, label);
    }

  {
    gboolean was_updating = self->updating;

    self->updating = TRUE;
    adw_combo_row_set_model (self->group_row, G_LIST_MODEL (model));
    self->updating = was_updating;
  }
  gtk_widget_set_sensitive (GTK_WIDGET (self->group_row),
                            self->groups != NULL && self->groups->len > 0);

  set_group_selection (self, selected_id);
  update_session_subtitle (self);
  suggest_group (self);
}

static void
field_changed_cb (AccWalkinMember *self,
                  GtkWidget       *row)
{
  gtk_widget_remove_css_class (row, "error");
  emit_changed (self);
}

static void
last_name_changed_cb (AccWalkinMember *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->last_name_row), "error");
  if (!self->updating)
    self->last_name_typed = TRUE;
  emit_changed (self);
}

static void
birth_year_changed_cb (AccWalkinMember *self)
{
  int year = parse_birth_year (self);
  g_autofree char *age = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->birth_year_row), "error");

  /* The age beside the year, once it is a year: what the family says, to check it. */
  if (year >= self->day_year - 120 && year <= self->day_year)
    {
      int years = self->day_year - year;

      /* Translators: beside a walk-in's birth year: the age they reach this year. */
      age = g_strdup_printf (ngettext ("%d year old this year", "%d years old this year", years),
                             years);
    }
  gtk_label_set_label (self->age_label, age ? age : "");

  emit_changed (self);
}

static void
level_changed_cb (AccWalkinMember *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->level_row), "error");
  update_session_subtitle (self);
  suggest_group (self);
  emit_changed (self);
}

static void
session_changed_cb (AccWalkinMember *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->session_row), "error");
  /* Another lesson has other groups: the suggestion fills the row again. */
  self->group_chosen = FALSE;
  load_groups (self);
  emit_changed (self);
}

static void
group_changed_cb (AccWalkinMember *self)
{
  if (self->updating)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (self->group_row), "error");
  self->group_chosen = TRUE;
  update_group_subtitle (self);
  emit_changed (self);
}

static void
choice_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_list_item_set_child (item, label);
}

static void
choice_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkStringObject *choice = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (choice));
}

/* The choices of @row whole, in its list and once chosen, wrapped rather than cut: a
 * lesson's title and a group's places left are what the desk chooses by. */
static void
show_choices_whole (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (choice_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (choice_bind_cb), NULL);
  adw_combo_row_set_factory (row, factory);
  adw_combo_row_set_list_factory (row, factory);
}

/* A screen reader says which participant a field is of: the rows' titles repeat. */
static void
label_for_screen_reader (GtkWidget  *row,
                         const char *title,
                         guint       number)
{
  /* Translators: what a screen reader says for a field of a walk-in participant: %1$s is
   * the field (“First name”), %2$u the participant's number on the form. */
  g_autofree char *label = g_strdup_printf (_("%1$s, participant %2$u"), title, number);
  GtkWidget *target = row;

  if (GTK_IS_EDITABLE (row) && gtk_editable_get_delegate (GTK_EDITABLE (row)) != NULL)
    target = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (row)));

  gtk_accessible_update_property (GTK_ACCESSIBLE (target),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
acc_walkin_member_dispose (GObject *object)
{
  AccWalkinMember *self = ACC_WALKIN_MEMBER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ACC_TYPE_WALKIN_MEMBER);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (acc_walkin_member_parent_class)->dispose (object);
}

static void
acc_walkin_member_finalize (GObject *object)
{
  AccWalkinMember *self = ACC_WALKIN_MEMBER (object);

  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_free (self->suggested_group_id);

  G_OBJECT_CLASS (acc_walkin_member_parent_class)->finalize (object);
}

static void
acc_walkin_member_class_init (AccWalkinMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = acc_walkin_member_dispose;
  object_class->finalize = acc_walkin_member_finalize;

  /**
   * AccWalkinMember::changed:
   *
   * Emitted when a person changes a field.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-walkin-member.ui");
  gtk_widget_class_bind_template_child (widget_class, AccWalkinMember, remove_button);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinMember, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinMember, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinMember, birth_year_row);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinMember, age_label);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinMember, level_row);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinMember, session_row);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinMember, group_row);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinMember, allergies_row);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinMember, emergency_phone_row);
  gtk_widget_class_bind_template_child (widget_class, AccWalkinMember, pickup_adults_row);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, last_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, birth_year_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, level_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, session_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, group_changed_cb);
}

static void
acc_walkin_member_init (AccWalkinMember *self)
{
  self->levels = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_level_choice_free);
  self->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_session_row_free);

  /* The rows fill in as the store gives them; none of it is a person's change. */
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = FALSE;

  show_choices_whole (self->level_row);
  show_choices_whole (self->session_row);
  show_choices_whole (self->group_row);
}

/**
 * acc_walkin_member_new:
 * @store: the day's store, whose lessons, groups and levels the participant chooses from
 *
 * Returns: (transfer floating): a participant to fill in
 */
GtkWidget *
acc_walkin_member_new (AccStore *store)
{
  AccWalkinMember *self;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (ACC_IS_STORE (store), NULL);

  self = g_object_new (ACC_TYPE_WALKIN_MEMBER, NULL);
  self->store = g_object_ref (store);

  day = acc_store_dup_day (store);
  if (day == NULL || sscanf (day, "%4d", &self->day_year) != 1)
    {
      g_autoptr(GDateTime) now = acc_now_local ();

      self->day_year = g_date_time_get_year (now);
    }

  sessions = acc_store_list_sessions (store, &error);
  if (sessions == NULL)
    g_warning ("Cannot list the day's sessions: %s", error->message);

  self->updating = TRUE;
  load_levels (self, sessions);
  load_sessions (self, sessions);
  self->updating = FALSE;
  load_groups (self);

  return GTK_WIDGET (self);
}

/**
 * acc_walkin_member_set_number:
 * @number: the participant's place on the form, from 1
 * @removable: whether the form has others, so that this one can go
 */
void
acc_walkin_member_set_number (AccWalkinMember *self,
                              guint            number,
                              gboolean         removable)
{
  g_autofree char *title = NULL;
  g_autofree char *remove_label = NULL;

  g_return_if_fail (ACC_IS_WALKIN_MEMBER (self));
  g_return_if_fail (number > 0);

  /* Translators: the heading of a participant on the new-booking form. */
  title = g_strdup_printf (_("Participant %u"), number);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), title);

  /* Translators: what a screen reader says for the button that takes a participant off the
   * new-booking form. */
  remove_label = g_strdup_printf (_("Remove participant %u"), number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  /* The action has its target before its name: never a moment without it. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "u", number - 1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->remove_button),
                                  "walkin.remove-participant");
  gtk_widget_set_visible (self->remove_button, removable);

  label_for_screen_reader (GTK_WIDGET (self->first_name_row), _("First name"), number);
  label_for_screen_reader (GTK_WIDGET (self->last_name_row), _("Last name"), number);
  label_for_screen_reader (GTK_WIDGET (self->birth_year_row), _("Birth year"), number);
  label_for_screen_reader (GTK_WIDGET (self->level_row), _("Declared level"), number);
  label_for_screen_reader (GTK_WIDGET (self->session_row), C_("walk-in", "Lesson"), number);
  label_for_screen_reader (GTK_WIDGET (self->group_row), _("Group"), number);
  label_for_screen_reader (GTK_WIDGET (self->allergies_row), _("Allergies"), number);
  label_for_screen_reader (GTK_WIDGET (self->emergency_phone_row), _("Emergency phone"), number);
  label_for_screen_reader (GTK_WIDGET (self->pickup_adults_row),
                           _("Adults allowed to pick up"), number);
}

/**
 * acc_walkin_member_set_family_name:
 * @last_name: the payer's last name
 *
 * Gives the participant the payer's last name, unless a person typed another.
 */
void
acc_walkin_member_set_family_name (AccWalkinMember *self,
                                   const char      *last_name)
{
  g_return_if_fail (ACC_IS_WALKIN_MEMBER (self));

  if (self->last_name_typed)
    return;

  {
    gboolean was_updating = self->updating;

    self->updating = TRUE;
    gtk_editable_set_text (GTK_EDITABLE (self->last_name_row), last_name ? last_name : "");
    self->updating = was_updating;
  }
}

/**
 * acc_walkin_member_is_blank:
 *
 * Returns: whether a person typed or chose nothing for this participant, so that closing
 *   the form loses nothing of theirs
 */
gboolean
acc_walkin_member_is_blank (AccWalkinMember *self)
{
  AdwEntryRow *rows[] = {
    self->first_name_row, self->birth_year_row, self->allergies_row,
    self->emergency_phone_row, self->pickup_adults_row,
  };

  g_return_val_if_fail (ACC_IS_WALKIN_MEMBER (self), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (gtk_editable_get_text (GTK_EDITABLE (rows[i]))[0] != '\0')
      return FALSE;

  return !self->last_name_typed && selected_level_id (self) == NULL && !self->group_chosen;
}

/**
 * acc_walkin_member_dup_participant:
 *
 * Returns: (transfer full): the participant as filled in, with their one lesson of the day
 */
AccWalkinParticipant *
acc_walkin_member_dup_participant (AccWalkinMember *self)
{
  AccWalkinParticipant *participant;
  const AccSessionRow *session;
  const AccGroupRow *group;
  g_autofree char *pickup = NULL;

  g_return_val_if_fail (ACC_IS_WALKIN_MEMBER (self), NULL);

  participant = acc_walkin_participant_new ();
  participant->first_name = acc_editable_dup_text ((GtkEditable *) self->first_name_row);
  participant->last_name = acc_editable_dup_text ((GtkEditable *) self->last_name_row);
  participant->birth_year = parse_birth_year (self);
  participant->level_id = g_strdup (selected_level_id (self));
  participant->allergies = acc_editable_dup_text_or_null ((GtkEditable *) self->allergies_row);
  participant->emergency_phone = acc_editable_dup_text_or_null ((GtkEditable *) self->emergency_phone_row);
  pickup = acc_editable_dup_text ((GtkEditable *) self->pickup_adults_row);
  if (pickup[0] != '\0')
    participant->pickup_adults = acc_split_names (pickup);

  /* A group the desk only suggested is left to the core, which suggests it again counting
   * the places the family's others take; a group a person chose is theirs. */
  session = selected_session (self);
  group = self->group_chosen ? selected_group (self) : NULL;
  if (session != NULL)
    g_ptr_array_add (participant->lessons,
                     acc_walkin_lesson_new (session->id, group ? group->id : NULL));

  return participant;
}

/**
 * acc_walkin_member_get_field:
 * @field: a member of #AccWalkinParticipant or #AccWalkinLesson, as the core names it in
 *   its refusals (“birth_year”, “group_id”)
 *
 * Returns: (transfer none) (nullable): the row that shows @field
 */
GtkWidget *
acc_walkin_member_get_field (AccWalkinMember *self,
                             const char      *field)
{
  const struct {
    const char *name;
    gsize       offset;
  } fields[] = {
    { "first_name", G_STRUCT_OFFSET (AccWalkinMember, first_name_row) },
    { "last_name", G_STRUCT_OFFSET (AccWalkinMember, last_name_row) },
    { "birth_year", G_STRUCT_OFFSET (AccWalkinMember, birth_year_row) },
    { "level_id", G_STRUCT_OFFSET (AccWalkinMember, level_row) },
    { "level", G_STRUCT_OFFSET (AccWalkinMember, level_row) },
    { "allergies", G_STRUCT_OFFSET (AccWalkinMember, allergies_row) },
    { "emergency_phone", G_STRUCT_OFFSET (AccWalkinMember, emergency_phone_row) },
    { "pickup_adults", G_STRUCT_OFFSET (AccWalkinMember, pickup_adults_row) },
    { "lessons", G_STRUCT_OFFSET (AccWalkinMember, session_row) },
    { "session_id", G_STRUCT_OFFSET (AccWalkinMember, session_row) },
    { "session", G_STRUCT_OFFSET (AccWalkinMember, session_row) },
    { "group_id", G_STRUCT_OFFSET (AccWalkinMember, group_row) },
    { "group", G_STRUCT_OFFSET (AccWalkinMember, group_row) },
  };

  g_return_val_if_fail (ACC_IS_WALKIN_MEMBER (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (field, fields[i].name))
      return G_STRUCT_MEMBER (GtkWidget *, self, fields[i].offset);

  return NULL;
}

/**
 * acc_walkin_member_refresh:
 *
 * Reads the places left of the lesson's groups again, after a change of the store.
 */
void
acc_walkin_member_refresh (AccWalkinMember *self)
{
  g_return_if_fail (ACC_IS_WALKIN_MEMBER (self));

  load_groups (self);
}

/**
 * acc_walkin_member_select_group:
 * @group_id: a group of the selected lesson
 *
 * Chooses @group_id as a person does.
 */
void
acc_walkin_member_select_group (AccWalkinMember *self,
                                const char      *group_id)
{
  g_return_if_fail (ACC_IS_WALKIN_MEMBER (self));

  set_group_selection (self, group_id);
  self->group_chosen = TRUE;
  update_group_subtitle (self);
  emit_changed (self);
}

/**
 * acc_walkin_member_has_lesson:
 *
 * Returns: whether a lesson is chosen for the participant
 */
gboolean
acc_walkin_member_has_lesson (AccWalkinMember *self)
{
  g_return_val_if_fail (ACC_IS_WALKIN_MEMBER (self), FALSE);

  return selected_session (self) != NULL;
}

/**
 * acc_walkin_member_select_session:
 * @session_id: a session of the day that has not started
 *
 * Chooses @session_id as a person does.
 */
void
acc_walkin_member_select_session (AccWalkinMember *self,
                                  const char      *session_id)
{
  g_return_if_fail (ACC_IS_WALKIN_MEMBER (self));

  for (guint i = 0; i < self->sessions->len; i++)
    if (g_strcmp0 (((const AccSessionRow *) g_ptr_array_index (self->sessions, i))->id,
                   session_id) == 0)
      adw_combo_row_set_selected (self->session_row, i);
}

/**
 * acc_walkin_member_get_group_id:
 *
 * Returns: (nullable): the group selected, suggested or chosen
 */
const char *
acc_walkin_member_get_group_id (AccWalkinMember *self)
{
  const AccGroupRow *group;

  g_return_val_if_fail (ACC_IS_WALKIN_MEMBER (self), NULL);

  group = selected_group (self);
  return group ? group->id : NULL;
}
