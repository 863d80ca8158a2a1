/* acc-result-places.h: the places of the arrivals' search results in their list view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _AccResultPlaces AccResultPlaces;

AccResultPlaces *acc_result_places_new        (GListModel      *results,
                                               GtkListView     *view);
void             acc_result_places_free       (AccResultPlaces *self);
GListModel      *acc_result_places_get_model  (AccResultPlaces *self);
void             acc_result_places_bind       (AccResultPlaces *self,
                                               GtkListItem     *item);
void             acc_result_places_unbind     (AccResultPlaces *self,
                                               GtkListItem     *item);
void             acc_result_places_follow_all (AccResultPlaces *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccResultPlaces, acc_result_places_free)

G_END_DECLS
