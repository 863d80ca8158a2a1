/* acc-search-model.h: the desk's search results, a list of bookings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "acc-store.h"

G_BEGIN_DECLS

/* The most enrollments the desk's list shows: beyond that the desk types more. */
#define ACC_SEARCH_MODEL_LIMIT 60

#define ACC_TYPE_SEARCH_MODEL (acc_search_model_get_type ())
G_DECLARE_FINAL_TYPE (AccSearchModel, acc_search_model, ACC, SEARCH_MODEL, GObject)

/* A GListModel of AccBookingResult: the bookings whose enrollments match the text, refreshed
 * whenever the store changes. */
AccSearchModel *acc_search_model_new       (AccStore       *store);
AccStore       *acc_search_model_get_store (AccSearchModel *self);
const char     *acc_search_model_get_text  (AccSearchModel *self);
void            acc_search_model_set_text  (AccSearchModel *self,
                                            const char     *text);

G_END_DECLS
