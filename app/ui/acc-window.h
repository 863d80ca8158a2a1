/* acc-window.h: the desk's main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-sync-indicator.h"

#include "acc-arrivals-page.h"
#include "acc-context.h"

G_BEGIN_DECLS

#define ACC_TYPE_WINDOW (acc_window_get_type ())
G_DECLARE_FINAL_TYPE (AccWindow, acc_window, ACC, WINDOW, AdwApplicationWindow)

AccWindow       *acc_window_new               (GtkApplication *application,
                                               AccContext     *context,
                                               const GError   *error);
AccContext      *acc_window_get_context       (AccWindow      *self);
AccStore        *acc_window_get_store         (AccWindow      *self);
const GError    *acc_window_get_error         (AccWindow      *self);
AccArrivalsPage *acc_window_get_arrivals_page (AccWindow      *self);
void             acc_window_add_toast         (AccWindow      *self,
                                               const char     *message);

AccSyncIndicator *acc_window_get_sync_indicator (AccWindow *self);

G_END_DECLS
