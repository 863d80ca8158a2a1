/* acc-participant-dialog.h: editing what the desk knows about a participant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-edit-dialog.h"

G_BEGIN_DECLS

/* An AccEditDialog whose item is the participant to edit. */
#define ACC_TYPE_PARTICIPANT_DIALOG (acc_participant_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AccParticipantDialog, acc_participant_dialog, ACC, PARTICIPANT_DIALOG, AccEditDialog)

GtkEditable *acc_participant_dialog_get_first_name_row (AccParticipantDialog *self);

G_END_DECLS
