/* acc-group-card.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-store.h"

G_BEGIN_DECLS

#define ACC_TYPE_GROUP_CARD (acc_group_card_get_type ())
G_DECLARE_FINAL_TYPE (AccGroupCard, acc_group_card, ACC, GROUP_CARD, AdwBin)

GtkWidget  *acc_group_card_new             (AccStore          *store);
void        acc_group_card_set_group       (AccGroupCard      *self,
                                            const AccGroupRow *group);
gboolean    acc_group_card_set_group_id    (AccGroupCard      *self,
                                            const char        *group_id,
                                            GError           **error);
const char *acc_group_card_get_group_id    (AccGroupCard      *self);
const AccGroupRow *acc_group_card_get_group (AccGroupCard     *self);
const char *acc_group_card_get_capacity_text (AccGroupCard    *self);
const char *acc_group_card_get_freed_text  (AccGroupCard      *self);
guint       acc_group_card_get_n_pupils    (AccGroupCard      *self);
gboolean    acc_group_card_shows_participant (AccGroupCard    *self,
                                              const char      *participant_id);

AccGroupRow *acc_group_row_copy            (const AccGroupRow *row);

G_END_DECLS
