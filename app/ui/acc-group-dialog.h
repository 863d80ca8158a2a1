/* acc-group-dialog.h: moving a participant to another group of the session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-edit-dialog.h"

G_BEGIN_DECLS

/* An AccEditDialog whose item is the enrollment to move. */
#define ACC_TYPE_GROUP_DIALOG (acc_group_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AccGroupDialog, acc_group_dialog, ACC, GROUP_DIALOG, AccEditDialog)

void              acc_group_dialog_set_reason       (AccGroupDialog *self,
                                                     const char     *reason);
AdwMessageDialog *acc_group_dialog_get_confirmation (AccGroupDialog *self);

G_END_DECLS
