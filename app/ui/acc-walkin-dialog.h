/* acc-walkin-dialog.h: booking a family that came to the desk without a booking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-store.h"
#include "acc-walkin-member.h"

G_BEGIN_DECLS

#define ACC_TYPE_WALKIN_DIALOG (acc_walkin_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AccWalkinDialog, acc_walkin_dialog, ACC, WALKIN_DIALOG, AdwWindow)

AccWalkinDialog  *acc_walkin_dialog_new            (AccStore        *store,
                                                    const char      *last_name);
AccStore         *acc_walkin_dialog_get_store      (AccWalkinDialog *self);
guint             acc_walkin_dialog_get_n_members  (AccWalkinDialog *self);
AccWalkinMember  *acc_walkin_dialog_get_member     (AccWalkinDialog *self,
                                                    guint            index);
const char       *acc_walkin_dialog_get_error      (AccWalkinDialog *self);
AdwMessageDialog *acc_walkin_dialog_get_question   (AccWalkinDialog *self);
const char       *acc_walkin_dialog_get_booking_id (AccWalkinDialog *self);
const char       *acc_walkin_dialog_get_reference  (AccWalkinDialog *self);
gboolean          acc_walkin_dialog_is_checked_in  (AccWalkinDialog *self);

G_END_DECLS
