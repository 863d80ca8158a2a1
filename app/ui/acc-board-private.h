/* acc-board-private.h: what the tests count of the board's work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "acc-board-page.h"
#include "acc-group-card.h"

G_BEGIN_DECLS

/* How many times the board read its session whole (sessions and groups). */
guint acc_board_page_get_n_reads (AccBoardPage *self);
/* How many times the card read its pupils. */
guint acc_group_card_get_n_reads (AccGroupCard *self);

G_END_DECLS
