/* acc-tally-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-store-page.h"

G_BEGIN_DECLS

#define ACC_TYPE_TALLY_PAGE (acc_tally_page_get_type ())
G_DECLARE_FINAL_TYPE (AccTallyPage, acc_tally_page, ACC, TALLY_PAGE, AccStorePage)

GtkWidget *acc_tally_page_new      (AccStore     *store);
GPtrArray *acc_tally_page_get_rows (AccTallyPage *self);

G_END_DECLS
