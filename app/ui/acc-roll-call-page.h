/* acc-roll-call-page.h: the instructors' morning roll-call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-store-page.h"

G_BEGIN_DECLS

#define ACC_TYPE_ROLL_CALL_PAGE (acc_roll_call_page_get_type ())
G_DECLARE_FINAL_TYPE (AccRollCallPage, acc_roll_call_page, ACC, ROLL_CALL_PAGE, AccStorePage)

GtkWidget *acc_roll_call_page_new             (AccStore        *store);
guint      acc_roll_call_page_get_n_uncovered (AccRollCallPage *self);
GPtrArray *acc_roll_call_page_get_offers      (AccRollCallPage *self,
                                               const char      *group_id);

G_END_DECLS
