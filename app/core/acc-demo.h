/* acc-demo.h: a reproducible demonstration day, or week of days
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "acc-store.h"

G_BEGIN_DECLS

#define ACC_TYPE_DEMO (acc_demo_get_type ())
G_DECLARE_FINAL_TYPE (AccDemo, acc_demo, ACC, DEMO, GObject)

/* Called once per document, in an order where referenced documents come first. The doc is
 * borrowed: take a reference to keep it. Returning FALSE (with error set) stops generation
 * and acc_demo_generate() returns FALSE with that error.
 */
typedef gboolean (*AccDemoFunc) (JsonObject *doc,
                                 gpointer    user_data,
                                 GError    **error);

AccDemo  *acc_demo_new      (guint32      seed,
                             guint        n_enrollments,
                             const char  *date);
AccDemo  *acc_demo_new_week_day (guint32     seed,
                                 guint       n_enrollments,
                                 const char *first_day,
                                 guint       n_days,
                                 guint       day);
gboolean  acc_demo_generate (AccDemo     *self,
                             AccDemoFunc  func,
                             gpointer     user_data,
                             GError     **error);
gboolean  acc_demo_fill_store (AccDemo   *self,
                               AccStore  *store,
                               GError   **error);

G_END_DECLS
