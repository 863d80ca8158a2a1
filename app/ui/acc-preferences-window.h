/* acc-preferences-window.h: the desk's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ACC_TYPE_PREFERENCES_WINDOW (acc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (AccPreferencesWindow, acc_preferences_window, ACC, PREFERENCES_WINDOW, AdwPreferencesWindow)

AccPreferencesWindow *acc_preferences_window_new          (GtkWindow            *parent,
                                                           GSettings            *settings);
GSettings            *acc_preferences_window_get_settings (AccPreferencesWindow *self);

G_END_DECLS
