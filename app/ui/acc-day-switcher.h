/* acc-day-switcher.h: the header's title: the school, the day a window shows, and the other
 * days held
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-desk-days.h"

G_BEGIN_DECLS

#define ACC_TYPE_DAY_SWITCHER (acc_day_switcher_get_type ())
G_DECLARE_FINAL_TYPE (AccDaySwitcher, acc_day_switcher, ACC, DAY_SWITCHER, GtkWidget)

/* The “days.open” action (a date, YYYY-MM-DD) asks the application for another day
 * (“app.open-day”). */
AccDeskDays *acc_day_switcher_get_days  (AccDaySwitcher *self);
void         acc_day_switcher_set_days  (AccDaySwitcher *self,
                                         AccDeskDays    *days);
const char  *acc_day_switcher_get_date  (AccDaySwitcher *self);
void         acc_day_switcher_set_date  (AccDaySwitcher *self,
                                         const char     *date);
const char  *acc_day_switcher_get_text  (AccDaySwitcher *self);
void         acc_day_switcher_set_title (AccDaySwitcher *self,
                                         const char     *title);

G_END_DECLS
