/* acc-edit-dialog.h: a modal window that changes one item of the day's store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-store.h"

G_BEGIN_DECLS

#define ACC_TYPE_EDIT_DIALOG (acc_edit_dialog_get_type ())
G_DECLARE_DERIVABLE_TYPE (AccEditDialog, acc_edit_dialog, ACC, EDIT_DIALOG, AdwWindow)

struct _AccEditDialogClass
{
  AdwWindowClass parent_class;

  /* Optional: follows a change of the store while the dialog is open. */
  void (*store_changed) (AccEditDialog  *self,
                         AccStoreChange *change);
};

AccEditDialog *acc_edit_dialog_new                   (GType               dialog_type,
                                                      AccStore           *store,
                                                      const char         *item_id);
void           acc_edit_dialog_present               (GtkWidget          *parent,
                                                      GType               dialog_type,
                                                      AccStore           *store,
                                                      const char         *item_id);
AccStore      *acc_edit_dialog_get_store             (AccEditDialog      *self);
const char    *acc_edit_dialog_get_item_id           (AccEditDialog      *self);
void           acc_edit_dialog_class_set_main_action (AccEditDialogClass *klass,
                                                      const char         *action_name);

G_END_DECLS
