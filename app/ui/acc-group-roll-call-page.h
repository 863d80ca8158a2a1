/* acc-group-roll-call-page.h: an instructor's roll-call of their pupils
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-store-page.h"

G_BEGIN_DECLS

#define ACC_TYPE_GROUP_ROLL_CALL_PAGE (acc_group_roll_call_page_get_type ())
G_DECLARE_FINAL_TYPE (AccGroupRollCallPage, acc_group_roll_call_page, ACC, GROUP_ROLL_CALL_PAGE, AccStorePage)

GtkWidget  *acc_group_roll_call_page_new               (AccStore             *store);
void        acc_group_roll_call_page_pick              (AccGroupRollCallPage *self,
                                                        const char           *instructor_id);
const char *acc_group_roll_call_page_get_instructor_id (AccGroupRollCallPage *self);
guint       acc_group_roll_call_page_get_n_pupils      (AccGroupRollCallPage *self);

G_END_DECLS
