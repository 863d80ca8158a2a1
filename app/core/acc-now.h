/* acc-now.h: the time the desk lives at, which tests and drills may set (ACCUEIL_NOW)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ACC_NOW_VARIABLE "ACCUEIL_NOW"

gboolean   acc_now_check      (GError **error);
gint64     acc_now_real_time  (void);
GDateTime *acc_now_local      (void);

G_END_DECLS
