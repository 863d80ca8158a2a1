/* acc-class-list-print.h: printing the class lists from the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "acc-store.h"

G_BEGIN_DECLS

void acc_class_list_print (GtkWindow          *parent,
                           AccStore           *store,
                           const char * const *group_ids);

G_END_DECLS
