/* acc-board-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-group-card.h"
#include "acc-store-page.h"

G_BEGIN_DECLS

#define ACC_TYPE_BOARD_PAGE (acc_board_page_get_type ())
G_DECLARE_FINAL_TYPE (AccBoardPage, acc_board_page, ACC, BOARD_PAGE, AccStorePage)

GtkWidget        *acc_board_page_new          (AccStore     *store);
const char       *acc_board_page_get_session  (AccBoardPage *self);
AdwMessageDialog *acc_board_page_get_question (AccBoardPage *self);
guint             acc_board_page_get_n_cards  (AccBoardPage *self);
AccGroupCard     *acc_board_page_get_card     (AccBoardPage *self,
                                               const char   *group_id);

G_END_DECLS
