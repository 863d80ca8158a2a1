/* acc-participant-dialog.c: editing what the desk knows about a participant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "acc-error.h"
#include "acc-edit-dialog.h"
#include "acc-participant-dialog.h"
#include "acc-ui-util.h"

struct _AccParticipantDialog
{
  AccEditDialog parent_instance;

  /* The values when the dialog opened: Save writes only what differs from them. */
  gboolean     loaded;
  gboolean     placeholder;
  char        *first_name;
  char        *last_name;
  char        *level_id;
  char        *allergies;
  char        *medical_notes;
  char        *emergency_phone;
  char       **pickup_adults;

  /* The level ids in the order of the level row's model. */
  GPtrArray   *level_ids;

  /* Template widgets */
  GtkLabel    *name_label;
  GtkLabel    *details_label;
  GtkLabel    *error_label;
  AdwEntryRow *first_name_row;
  AdwEntryRow *last_name_row;
  AdwComboRow *level_row;
  AdwEntryRow *allergies_row;
  AdwEntryRow *medical_notes_row;
  AdwEntryRow *emergency_phone_row;
  AdwEntryRow *pickup_adults_row;
};

G_DEFINE_FINAL_TYPE (AccParticipantDialog, acc_participant_dialog, ACC_TYPE_EDIT_DIALOG)

static void
show_error (AccParticipantDialog *self,
            const char           *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
strv_equal (const char * const *a,
            const char * const *b)
{
  guint i;

  for (i = 0; a[i] != NULL && b[i] != NULL; i++)
    if (g_strcmp0 (a[i], b[i]) != 0)
      return FALSE;

  return a[i] == NULL && b[i] == NULL;
}

static const char *
selected_level_id (AccParticipantDialog *self)
{
  guint position = adw_combo_row_get_selected (self->level_row);

  if (self->level_ids == NULL || position >= self->level_ids->len)
    return NULL;

  return g_ptr_array_index (self->level_ids, position);
}

static void
set_text_change (JsonObject  *changes,
                 const char  *field,
                 const char  *old_value,
                 AdwEntryRow *row)
{
  g_autofree char *text = acc_editable_dup_text (GTK_EDITABLE (row));

  if (g_strcmp0 (text, old_value ? old_value : "") != 0)
    json_object_set_string_member (changes, field, text);
}

/* The fields that differ from the values the dialog opened with. */
static JsonObject *
collect_changes (AccParticipantDialog *self)
{
  JsonObject *changes = json_object_new ();
  g_autofree char *first_name = acc_editable_dup_text (GTK_EDITABLE (self->first_name_row));
  g_autofree char *pickup_text = NULL;
  g_auto(GStrv) pickup = NULL;
  const char *level_id;

  if (!self->loaded)
    return changes;

  /* A placeholder's first name is a stand-in (“[Lefèvre – 2]”), never shown for editing: a
   * name typed in its place names the participant. */
  if (self->placeholder)
    {
      if (first_name[0] != '\0')
        {
          json_object_set_string_member (changes, "first_name", first_name);
          json_object_set_boolean_member (changes, "placeholder", FALSE);
        }
    }
  else
    {
      set_text_change (changes, "first_name", self->first_name, self->first_name_row);
    }

  set_text_change (changes, "last_name", self->last_name, self->last_name_row);

  level_id = selected_level_id (self);
  if (level_id != NULL && g_strcmp0 (level_id, self->level_id) != 0)
    json_object_set_string_member (changes, "level_id", level_id);

  set_text_change (changes, "allergies", self->allergies, self->allergies_row);
  set_text_change (changes, "medical_notes", self->medical_notes, self->medical_notes_row);
  set_text_change (changes, "emergency_phone", self->emergency_phone, self->emergency_phone_row);

  pickup_text = acc_editable_dup_text (GTK_EDITABLE (self->pickup_adults_row));
  pickup = acc_split_names (pickup_text);
  if (!strv_equal ((const char * const *) pickup, (const char * const *) self->pickup_adults))
    {
      JsonArray *array = json_array_sized_new (g_strv_length (pickup));

      for (guint i = 0; pickup[i] != NULL; i++)
        json_array_add_string_element (array, pickup[i]);
      json_object_set_array_member (changes, "pickup_adults", array);
    }

  return changes;
}

static void
update_save (AccParticipantDialog *self)
{
  g_autoptr(JsonObject) changes = collect_changes (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "participant.save",
                                 json_object_get_size (changes) > 0);
}

static void
field_changed_cb (AccParticipantDialog *self)
{
  update_save (self);
}

/* The levels the participant can be placed at: those of the groups of the participant's
 * sessions, in the school's order, and the declared one. */
static void
load_levels (AccParticipantDialog *self,
             GPtrArray            *rows)
{
  AccStore *store = acc_edit_dialog_get_store (ACC_EDIT_DIALOG (self));
  g_autoptr(GPtrArray) levels =
    g_ptr_array_new_with_free_func ((GDestroyNotify) acc_level_choice_free);
  g_autoptr(GHashTable) sessions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  const char *declared_label = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GPtrArray) groups = NULL;

      if (row->declared_level_label != NULL)
        declared_label = row->declared_level_label;

      if (row->session_id == NULL || !g_hash_table_add (sessions, row->session_id))
        continue;

      /* A session whose groups cannot be read offers no levels; the others still do. */
      groups = acc_store_list_groups (store, row->session_id, NULL);
      acc_level_choices_add_groups (levels, groups);
    }

  /* The declared level, when no group of the sessions has it: last. */
  if (self->level_id != NULL)
    acc_level_choices_add (levels, self->level_id,
                           declared_label ? declared_label : _("Level not loaded yet"),
                           NULL, G_MAXINT);

  g_clear_pointer (&self->level_ids, g_ptr_array_unref);
  self->level_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < levels->len; i++)
    {
      const AccLevelChoice *level = g_ptr_array_index (levels, i);

      gtk_string_list_append (model, level->label);
      g_ptr_array_add (self->level_ids, g_strdup (level->id));
      if (g_strcmp0 (level->id, self->level_id) == 0)
        selected = i;
    }

  adw_combo_row_set_model (self->level_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->level_row, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->level_row), levels->len > 0);
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

static void
load (AccParticipantDialog *self)
{
  AccStore *store = acc_edit_dialog_get_store (ACC_EDIT_DIALOG (self));
  const char *participant_id = acc_edit_dialog_get_item_id (ACC_EDIT_DIALOG (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) own_rows = g_ptr_array_new ();
  g_autofree char *booking_id = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *pickup = NULL;
  int birth_year = 0;

  /* The participant's enrollments carry its fields with every update applied; the document
   * only says which booking to list them from. */
  doc = acc_store_dup_document (store, participant_id, &error);
  if (doc != NULL)
    booking_id = dup_member (doc, "booking_id");
  if (booking_id != NULL)
    rows = acc_store_list_enrollments_of_booking (store, booking_id, &error);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      AccEnrollmentRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->participant_id, participant_id) == 0)
        g_ptr_array_add (own_rows, row);
    }

  if (own_rows->len > 0)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (own_rows, 0);

      self->placeholder = row->placeholder;
      self->first_name = g_strdup (row->first_name);
      self->last_name = g_strdup (row->last_name);
      self->level_id = g_strdup (row->declared_level_id);
      self->allergies = g_strdup (row->allergies);
      self->medical_notes = g_strdup (row->medical_notes);
      self->emergency_phone = g_strdup (row->emergency_phone);
      self->pickup_adults = g_strdupv (row->pickup_adults);
      reference = g_strdup (row->booking_reference);
      birth_year = row->birth_year;
    }
  else if (doc != NULL)
    {
      /* Not enrolled in anything today: the document's own values. */
      JsonNode *adults = json_object_get_member (doc, "pickup_adults");
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      self->placeholder = json_object_get_boolean_member_with_default (doc, "placeholder", FALSE);
      self->first_name = dup_member (doc, "first_name");
      self->last_name = dup_member (doc, "last_name");
      self->level_id = dup_member (doc, "level_id");
      self->allergies = dup_member (doc, "allergies");
      self->medical_notes = dup_member (doc, "medical_notes");
      self->emergency_phone = dup_member (doc, "emergency_phone");
      birth_year = json_object_get_int_member_with_default (doc, "birth_year", 0);
      if (adults != NULL && JSON_NODE_HOLDS_ARRAY (adults))
        {
          JsonArray *array = json_node_get_array (adults);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (json_node_get_value_type (element) == G_TYPE_STRING)
                g_strv_builder_add (builder, json_node_get_string (element));
            }
        }
      self->pickup_adults = g_strv_builder_end (builder);
    }
  else
    {
      show_error (self, error ? error->message : _("This participant is not in today’s planning."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->first_name_row), FALSE);
      self->pickup_adults = g_new0 (char *, 1);
      return;
    }

  if (self->pickup_adults == NULL)
    self->pickup_adults = g_new0 (char *, 1);

  if (self->placeholder)
    {
      /* Translators: in large letters where the participant's name goes, until the family
       * gives it. */
      gtk_label_set_text (self->name_label, _("Name missing"));
      gtk_widget_add_css_class (GTK_WIDGET (self->name_label), "warning");
    }
  else
    {
      /* Translators: a person's full name: first name, then last name. */
      g_autofree char *name = g_strdup_printf (C_("person", "%s %s"),
                                               self->first_name ? self->first_name : "",
                                               self->last_name ? self->last_name : "");

      gtk_label_set_text (self->name_label, g_strstrip (name));
      gtk_window_set_title (GTK_WINDOW (self), name);
    }

  if (birth_year > 0 && reference != NULL)
    {
      /* Translators: under the participant's name: the year of birth and the booking code. */
      g_autofree char *details = g_strdup_printf (_("Born in %d · Booking %s"), birth_year, reference);

      gtk_label_set_text (self->details_label, details);
    }
  else if (reference != NULL)
    {
      /* Translators: under the participant's name: the booking code. */
      g_autofree char *details = g_strdup_printf (_("Booking %s"), reference);

      gtk_label_set_text (self->details_label, details);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->details_label),
                          gtk_label_get_text (self->details_label)[0] != '\0');

  gtk_editable_set_text (GTK_EDITABLE (self->first_name_row),
                         self->placeholder || self->first_name == NULL ? "" : self->first_name);
  gtk_editable_set_text (GTK_EDITABLE (self->last_name_row), self->last_name ? self->last_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->allergies_row), self->allergies ? self->allergies : "");
  gtk_editable_set_text (GTK_EDITABLE (self->medical_notes_row),
                         self->medical_notes ? self->medical_notes : "");
  gtk_editable_set_text (GTK_EDITABLE (self->emergency_phone_row),
                         self->emergency_phone ? self->emergency_phone : "");
  /* Translators: the separator between the names of the adults allowed to pick a child up. */
  pickup = g_strjoinv (_(", "), self->pickup_adults);
  gtk_editable_set_text (GTK_EDITABLE (self->pickup_adults_row), pickup);

  load_levels (self, own_rows);

  self->loaded = TRUE;
}

/* Whether @changes empties the name @member: then it says why in @message, takes the person
 * back to @row and nothing is saved. */
static gboolean
refuse_empty_name (AccParticipantDialog *self,
                   JsonObject           *changes,
                   const char           *member,
                   GtkWidget            *row,
                   const char           *message)
{
  if (!json_object_has_member (changes, member) ||
      json_object_get_string_member (changes, member)[0] != '\0')
    return FALSE;

  show_error (self, message);
  gtk_widget_grab_focus (row);
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AccParticipantDialog *self = ACC_PARTICIPANT_DIALOG (widget);
  g_autoptr(JsonObject) changes = collect_changes (self);
  g_autoptr(GError) error = NULL;

  if (json_object_get_size (changes) == 0)
    return;

  if (refuse_empty_name (self, changes, "first_name", GTK_WIDGET (self->first_name_row),
                         _("The first name cannot be empty. Type it, or cancel to keep the "
                           "one the booking has.")) ||
      refuse_empty_name (self, changes, "last_name", GTK_WIDGET (self->last_name_row),
                         _("The last name cannot be empty. Type it, or cancel to keep the "
                           "one the booking has.")))
    return;

  if (!acc_store_update_participant (acc_edit_dialog_get_store (ACC_EDIT_DIALOG (self)),
                                     acc_edit_dialog_get_item_id (ACC_EDIT_DIALOG (self)),
                                     changes, &error))
    {
      show_error (self, error->message);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
acc_participant_dialog_constructed (GObject *object)
{
  AccParticipantDialog *self = ACC_PARTICIPANT_DIALOG (object);

  G_OBJECT_CLASS (acc_participant_dialog_parent_class)->constructed (object);

  load (self);
  update_save (self);

  /* A name missing is what the desk asks first. */
  if (self->placeholder)
    gtk_widget_grab_focus (GTK_WIDGET (self->first_name_row));
}

static void
acc_participant_dialog_finalize (GObject *object)
{
  AccParticipantDialog *self = ACC_PARTICIPANT_DIALOG (object);

  g_free (self->first_name);
  g_free (self->last_name);
  g_free (self->level_id);
  g_free (self->allergies);
  g_free (self->medical_notes);
  g_free (self->emergency_phone);
  g_strfreev (self->pickup_adults);
  g_clear_pointer (&self->level_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (acc_participant_dialog_parent_class)->finalize (object);
}

static void
acc_participant_dialog_class_init (AccParticipantDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = acc_participant_dialog_constructed;
  object_class->finalize = acc_participant_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-participant-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AccParticipantDialog, name_label);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantDialog, details_label);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantDialog, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantDialog, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantDialog, level_row);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantDialog, allergies_row);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantDialog, medical_notes_row);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantDialog, emergency_phone_row);
  gtk_widget_class_bind_template_child (widget_class, AccParticipantDialog, pickup_adults_row);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_install_action (widget_class, "participant.save", NULL, save_action);

  acc_edit_dialog_class_set_main_action (ACC_EDIT_DIALOG_CLASS (klass), "participant.save");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "participant.save", NULL);
}

static void
acc_participant_dialog_init (AccParticipantDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * acc_participant_dialog_get_first_name_row:
 *
 * Returns: (transfer none): the first-name row, for tests
 */
GtkEditable *
acc_participant_dialog_get_first_name_row (AccParticipantDialog *self)
{
  g_return_val_if_fail (ACC_IS_PARTICIPANT_DIALOG (self), NULL);

  return GTK_EDITABLE (self->first_name_row);
}
