/* acc-review-page.h: the facts on which desks disagree, for a person to settle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-store-page.h"

G_BEGIN_DECLS

#define ACC_TYPE_REVIEW_PAGE (acc_review_page_get_type ())
G_DECLARE_FINAL_TYPE (AccReviewPage, acc_review_page, ACC, REVIEW_PAGE, AccStorePage)

GtkWidget *acc_review_page_new             (AccStore      *store);
guint      acc_review_page_get_n_conflicts (AccReviewPage *self);

G_END_DECLS
