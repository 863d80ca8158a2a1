/* acc-extra-group-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-edit-dialog.h"

G_BEGIN_DECLS

/* An AccEditDialog whose item is the session that gets the group. */
#define ACC_TYPE_EXTRA_GROUP_DIALOG (acc_extra_group_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AccExtraGroupDialog, acc_extra_group_dialog, ACC, EXTRA_GROUP_DIALOG, AccEditDialog)

G_END_DECLS
