/* acc-extra-group-dialog.c: opening one more group in a session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "acc-edit-dialog.h"
#include "acc-extra-group-dialog.h"
#include "acc-ui-util.h"

typedef struct
{
  char *id;
  char *label;
  guint n_groups;    /* Groups of this level in the session already. */
} Level;

struct _AccExtraGroupDialog
{
  AccEditDialog  parent_instance;

  GPtrArray     *levels;          /* Level, by level order. */
  GPtrArray     *instructor_ids;  /* char *, parallel to the instructor row; NULL for none. */
  char          *default_label;   /* The name given for the level, until the person types one. */

  /* Template widgets */
  GtkLabel      *error_label;
  AdwComboRow   *level_row;
  GtkSpinButton *capacity_spin;
  AdwComboRow   *instructor_row;
  AdwEntryRow   *label_row;
  GtkButton     *create_button;
};

G_DEFINE_FINAL_TYPE (AccExtraGroupDialog, acc_extra_group_dialog, ACC_TYPE_EDIT_DIALOG)

static void
level_free (Level *level)
{
  g_free (level->id);
  g_free (level->label);
  g_free (level);
}

static void
show_error (AccExtraGroupDialog *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static const Level *
selected_level (AccExtraGroupDialog *self)
{
  guint position = adw_combo_row_get_selected (self->level_row);

  if (self->levels == NULL || position >= self->levels->len)
    return NULL;

  return g_ptr_array_index (self->levels, position);
}

static void
update_create (AccExtraGroupDialog *self)
{
  const char *label = gtk_editable_get_text (GTK_EDITABLE (self->label_row));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "extra.create",
                                 selected_level (self) != NULL && !acc_is_empty (label));
}

static void
level_selected_cb (AccExtraGroupDialog *self)
{
  const Level *level = selected_level (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->label_row));
  gboolean untouched = text[0] == '\0' || g_strcmp0 (text, self->default_label) == 0;

  if (level == NULL)
    return;

  g_free (self->default_label);
  /* Translators: the name of an extra group: the level, then its number in the session:
   * “Ourson 3”. */
  self->default_label = g_strdup_printf (C_("group name", "%1$s %2$u"),
                                         level->label ? level->label : "", level->n_groups + 1);
  if (untouched)
    gtk_editable_set_text (GTK_EDITABLE (self->label_row), self->default_label);

  update_create (self);
}

static void
label_changed_cb (AccExtraGroupDialog *self)
{
  update_create (self);
}

static int
compare_instructors (gconstpointer a,
                     gconstpointer b)
{
  const AccInstructorRow *ia = *(const AccInstructorRow * const *) a;
  const AccInstructorRow *ib = *(const AccInstructorRow * const *) b;
  int cmp;

  /* On-call instructors first: they are the ones free to take a group. */
  if (ia->on_call != ib->on_call)
    return ia->on_call ? -1 : 1;

  cmp = g_utf8_collate (ia->last_name ? ia->last_name : "", ib->last_name ? ib->last_name : "");
  if (cmp != 0)
    return cmp;
  return g_utf8_collate (ia->first_name ? ia->first_name : "",
                         ib->first_name ? ib->first_name : "");
}

static void
load (AccExtraGroupDialog *self)
{
  AccStore *store = acc_edit_dialog_get_store (ACC_EDIT_DIALOG (self));
  const char *session_id = acc_edit_dialog_get_item_id (ACC_EDIT_DIALOG (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = acc_store_list_groups (store, session_id, &error);
  g_autoptr(GPtrArray) instructors = NULL;
  g_autoptr(GHashTable) busy = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) orders = g_array_new (FALSE, FALSE, sizeof (int));
  GtkStringList *level_names = gtk_string_list_new (NULL);
  GtkStringList *instructor_names = gtk_string_list_new (NULL);

  self->levels = g_ptr_array_new_with_free_func ((GDestroyNotify) level_free);
  self->instructor_ids = g_ptr_array_new_with_free_func (g_free);

  if (groups == NULL)
    {
      show_error (self, error->message);
      g_clear_error (&error);
    }

  for (guint i = 0; groups != NULL && i < groups->len; i++)
    {
      const AccGroupRow *group = g_ptr_array_index (groups, i);
      Level *level = NULL;
      guint position = 0;

      if (group->instructor_id != NULL)
        g_hash_table_add (busy, group->instructor_id);

      if (group->level_id == NULL)
        continue;

      for (guint j = 0; j < self->levels->len && level == NULL; j++)
        if (g_strcmp0 (((Level *) g_ptr_array_index (self->levels, j))->id, group->level_id) == 0)
          level = g_ptr_array_index (self->levels, j);

      if (level != NULL)
        {
          level->n_groups++;
          continue;
        }

      level = g_new0 (Level, 1);
      level->id = g_strdup (group->level_id);
      level->label = g_strdup (group->level_label ? group->level_label : group->level_code);
      level->n_groups = 1;

      /* Keep the levels in their order on the school's scale. */
      while (position < orders->len && g_array_index (orders, int, position) <= group->level_order)
        position++;
      g_ptr_array_insert (self->levels, position, level);
      g_array_insert_val (orders, position, group->level_order);
    }

  for (guint i = 0; i < self->levels->len; i++)
    gtk_string_list_append (level_names, ((Level *) g_ptr_array_index (self->levels, i))->label);

  /* Translators: the instructor of an extra group: none chosen yet. */
  gtk_string_list_append (instructor_names, C_("instructor", "None"));
  g_ptr_array_add (self->instructor_ids, NULL);

  instructors = acc_store_list_instructors (store, &error);
  if (instructors == NULL)
    show_error (self, error->message);

  if (instructors != NULL)
    {
      g_ptr_array_sort (instructors, compare_instructors);

      for (guint i = 0; i < instructors->len; i++)
        {
          const AccInstructorRow *instructor = g_ptr_array_index (instructors, i);
          g_autofree char *name = NULL;

          /* An instructor who leads a group of this session, or is absent, cannot take it. */
          if (g_hash_table_contains (busy, instructor->id)
              || instructor->attendance == ACC_INSTRUCTOR_ATTENDANCE_ABSENT)
            continue;

          if (instructor->on_call)
            /* Translators: an instructor of the on-call pool in the list: “Marc Dupont (on
             * call)”. */
            name = g_strdup_printf (_("%1$s %2$s (on call)"),
                                    instructor->first_name ? instructor->first_name : "",
                                    instructor->last_name ? instructor->last_name : "");
          else
            name = g_strdup_printf (C_("full name", "%1$s %2$s"),
                                    instructor->first_name ? instructor->first_name : "",
                                    instructor->last_name ? instructor->last_name : "");

          gtk_string_list_append (instructor_names, name);
          g_ptr_array_add (self->instructor_ids, g_strdup (instructor->id));
        }
    }

  adw_combo_row_set_model (self->level_row, G_LIST_MODEL (level_names));
  adw_combo_row_set_model (self->instructor_row, G_LIST_MODEL (instructor_names));
  g_object_unref (level_names);
  g_object_unref (instructor_names);

  if (self->levels->len == 0)
    show_error (self, _("This session has no level yet: open its first group in the planning."));

  level_selected_cb (self);
  update_create (self);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AccExtraGroupDialog *self = ACC_EXTRA_GROUP_DIALOG (widget);
  const Level *level = selected_level (self);
  guint instructor = adw_combo_row_get_selected (self->instructor_row);
  const char *instructor_id = NULL;
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->label_row))));
  g_autoptr(GError) error = NULL;
  g_autofree char *group_id = NULL;

  if (level == NULL || label[0] == '\0')
    return;

  if (instructor < self->instructor_ids->len)
    instructor_id = g_ptr_array_index (self->instructor_ids, instructor);

  group_id = acc_store_create_group (acc_edit_dialog_get_store (ACC_EDIT_DIALOG (self)),
                                     acc_edit_dialog_get_item_id (ACC_EDIT_DIALOG (self)),
                                     level->id,
                                     gtk_spin_button_get_value_as_int (self->capacity_spin),
                                     instructor_id, label, &error);
  if (group_id == NULL)
    {
      show_error (self, error->message);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
acc_extra_group_dialog_constructed (GObject *object)
{
  AccExtraGroupDialog *self = ACC_EXTRA_GROUP_DIALOG (object);

  G_OBJECT_CLASS (acc_extra_group_dialog_parent_class)->constructed (object);

  load (self);
}

static void
acc_extra_group_dialog_finalize (GObject *object)
{
  AccExtraGroupDialog *self = ACC_EXTRA_GROUP_DIALOG (object);

  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_pointer (&self->instructor_ids, g_ptr_array_unref);
  g_free (self->default_label);

  G_OBJECT_CLASS (acc_extra_group_dialog_parent_class)->finalize (object);
}

static void
acc_extra_group_dialog_class_init (AccExtraGroupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = acc_extra_group_dialog_constructed;
  object_class->finalize = acc_extra_group_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-extra-group-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AccExtraGroupDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, AccExtraGroupDialog, level_row);
  gtk_widget_class_bind_template_child (widget_class, AccExtraGroupDialog, capacity_spin);
  gtk_widget_class_bind_template_child (widget_class, AccExtraGroupDialog, instructor_row);
  gtk_widget_class_bind_template_child (widget_class, AccExtraGroupDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, AccExtraGroupDialog, create_button);
  gtk_widget_class_bind_template_callback (widget_class, level_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, label_changed_cb);

  gtk_widget_class_install_action (widget_class, "extra.create", NULL, create_action);

  acc_edit_dialog_class_set_main_action (ACC_EDIT_DIALOG_CLASS (klass), "extra.create");
}

static void
acc_extra_group_dialog_init (AccExtraGroupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
