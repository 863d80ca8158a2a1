/* acc-edit-dialog.c: a modal window that changes one item of the day's store
 *
 * The group, participant and extra-group dialogs each open on one item (an enrollment, a
 * participant, a session) of the store they write to, close on Escape and run their one
 * main action on Ctrl+Return. AccEditDialog holds the store and the item's id for them and
 * gives them those keys, so a dialog class says only what it shows and does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include "acc-edit-dialog.h"
#include "acc-store-watch.h"
#include "acc-ui-util.h"

typedef struct
{
  AccStoreWatch  watch;
  char          *item_id;
} AccEditDialogPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (AccEditDialog, acc_edit_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ITEM_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
store_changed_cb (AccEditDialog  *self,
                  AccStoreChange *change)
{
  AccEditDialogClass *klass = ACC_EDIT_DIALOG_GET_CLASS (self);

  if (klass->store_changed != NULL)
    klass->store_changed (self, change);
}

static void
acc_edit_dialog_constructed (GObject *object)
{
  AccEditDialog *self = ACC_EDIT_DIALOG (object);
  AccEditDialogPrivate *priv = acc_edit_dialog_get_instance_private (self);

  G_OBJECT_CLASS (acc_edit_dialog_parent_class)->constructed (object);

  g_assert (ACC_IS_STORE (priv->watch.store));
  g_assert (priv->item_id != NULL);
}

static void
acc_edit_dialog_dispose (GObject *object)
{
  AccEditDialog *self = ACC_EDIT_DIALOG (object);
  AccEditDialogPrivate *priv = acc_edit_dialog_get_instance_private (self);

  acc_store_watch_clear (&priv->watch);

  G_OBJECT_CLASS (acc_edit_dialog_parent_class)->dispose (object);
}

static void
acc_edit_dialog_finalize (GObject *object)
{
  AccEditDialog *self = ACC_EDIT_DIALOG (object);
  AccEditDialogPrivate *priv = acc_edit_dialog_get_instance_private (self);

  g_free (priv->item_id);

  G_OBJECT_CLASS (acc_edit_dialog_parent_class)->finalize (object);
}

static void
acc_edit_dialog_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AccEditDialog *self = ACC_EDIT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, acc_edit_dialog_get_store (self));
      break;

    case PROP_ITEM_ID:
      g_value_set_string (value, acc_edit_dialog_get_item_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_edit_dialog_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AccEditDialog *self = ACC_EDIT_DIALOG (object);
  AccEditDialogPrivate *priv = acc_edit_dialog_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      /* Construct-only: set once. */
      acc_store_watch_set (&priv->watch, g_value_get_object (value),
                           (AccStoreWatchFunc) store_changed_cb, self);
      break;

    case PROP_ITEM_ID:
      priv->item_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_edit_dialog_class_init (AccEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = acc_edit_dialog_constructed;
  object_class->dispose = acc_edit_dialog_dispose;
  object_class->finalize = acc_edit_dialog_finalize;
  object_class->get_property = acc_edit_dialog_get_property;
  object_class->set_property = acc_edit_dialog_set_property;

  properties[PROP_STORE] = acc_store_watch_param_spec (G_PARAM_CONSTRUCT_ONLY);

  /**
   * AccEditDialog:item-id:
   *
   * The id of what the dialog changes: an enrollment, a participant or a session.
   */
  properties[PROP_ITEM_ID] =
    g_param_spec_string ("item-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Every subclass inherits the binding. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
acc_edit_dialog_init (AccEditDialog *self)
{
}

/**
 * acc_edit_dialog_class_set_main_action:
 * @action_name: the action that does what the dialog is for, installed by the subclass
 *
 * Makes Ctrl+Return activate @action_name, as a desk types it without reaching for the
 * pointer.
 */
void
acc_edit_dialog_class_set_main_action (AccEditDialogClass *klass,
                                       const char         *action_name)
{
  g_return_if_fail (ACC_IS_EDIT_DIALOG_CLASS (klass));
  g_return_if_fail (action_name != NULL);

  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Return,
                                       GDK_CONTROL_MASK, action_name, NULL);
}

/**
 * acc_edit_dialog_new:
 * @dialog_type: a subclass of #AccEditDialog
 * @store: the day's store
 * @item_id: what the dialog changes
 *
 * Returns: (transfer full): a dialog of @dialog_type showing @item_id
 */
AccEditDialog *
acc_edit_dialog_new (GType       dialog_type,
                     AccStore   *store,
                     const char *item_id)
{
  g_return_val_if_fail (g_type_is_a (dialog_type, ACC_TYPE_EDIT_DIALOG), NULL);
  g_return_val_if_fail (ACC_IS_STORE (store), NULL);
  g_return_val_if_fail (item_id != NULL, NULL);

  return g_object_new (dialog_type,
                       "store", store,
                       "item-id", item_id,
                       NULL);
}

/**
 * acc_edit_dialog_present:
 * @parent: any widget of the window the dialog belongs to
 *
 * Shows a dialog of @dialog_type for @item_id, modal over the window of @parent.
 */
void
acc_edit_dialog_present (GtkWidget  *parent,
                         GType       dialog_type,
                         AccStore   *store,
                         const char *item_id)
{
  g_return_if_fail (GTK_IS_WIDGET (parent));

  acc_window_present_modal (GTK_WINDOW (acc_edit_dialog_new (dialog_type, store, item_id)),
                            parent);
}

/**
 * acc_edit_dialog_get_store:
 *
 * Returns: (transfer none): the store the dialog writes to
 */
AccStore *
acc_edit_dialog_get_store (AccEditDialog *self)
{
  AccEditDialogPrivate *priv;

  g_return_val_if_fail (ACC_IS_EDIT_DIALOG (self), NULL);

  priv = acc_edit_dialog_get_instance_private (self);
  return priv->watch.store;
}

/**
 * acc_edit_dialog_get_item_id:
 *
 * Returns: the id of what the dialog changes
 */
const char *
acc_edit_dialog_get_item_id (AccEditDialog *self)
{
  AccEditDialogPrivate *priv;

  g_return_val_if_fail (ACC_IS_EDIT_DIALOG (self), NULL);

  priv = acc_edit_dialog_get_instance_private (self);
  return priv->item_id;
}
