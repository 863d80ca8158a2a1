/* acc-participant-row.h: one enrollment on a booking's card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-store.h"

G_BEGIN_DECLS

#define ACC_TYPE_PARTICIPANT_ROW (acc_participant_row_get_type ())
G_DECLARE_FINAL_TYPE (AccParticipantRow, acc_participant_row, ACC, PARTICIPANT_ROW, AdwBin)

GtkWidget  *acc_participant_row_new               (AccStore               *store);
AccStore   *acc_participant_row_get_store         (AccParticipantRow      *self);
void        acc_participant_row_set_enrollment    (AccParticipantRow      *self,
                                                   const AccEnrollmentRow *row,
                                                   int                     day_year);
const char *acc_participant_row_get_enrollment_id (AccParticipantRow      *self);
GtkWidget  *acc_participant_row_get_check_button  (AccParticipantRow      *self);

G_END_DECLS
