/* acc-desk-days.h: the days of a school a desk holds in its folder, and which one is today
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "acc-store.h"

G_BEGIN_DECLS

#define ACC_TYPE_DESK_DAYS (acc_desk_days_get_type ())
G_DECLARE_FINAL_TYPE (AccDeskDays, acc_desk_days, ACC, DESK_DAYS, GObject)

gboolean     acc_desk_days_parse_change   (const char   *text,
                                           guint        *minutes);
guint        acc_desk_days_read_change    (const char   *text);

/* AccDeskDays:today is notified when the school's day changes; AccDeskDays::files-changed
 * (no arguments) is emitted when a day's file was made or deleted. */
AccDeskDays *acc_desk_days_new            (const char   *folder,
                                           const char   *school,
                                           guint         change_minutes);
const char  *acc_desk_days_get_folder     (AccDeskDays  *self);
const char  *acc_desk_days_get_school     (AccDeskDays  *self);
const char  *acc_desk_days_get_today      (AccDeskDays  *self);
guint        acc_desk_days_get_change     (AccDeskDays  *self);
void         acc_desk_days_set_change     (AccDeskDays  *self,
                                           guint         minutes);
const char  *acc_desk_days_mark           (AccDeskDays  *self,
                                           const char   *date);
GStrv        acc_desk_days_list           (AccDeskDays  *self,
                                           GError      **error);
AccStore    *acc_desk_days_open           (AccDeskDays  *self,
                                           const char   *date,
                                           gboolean      create,
                                           GError      **error);
AccStore    *acc_desk_days_open_from      (AccDeskDays  *self,
                                           const char   *source,
                                           const char   *date,
                                           GError      **error);
void         acc_desk_days_files_changed  (AccDeskDays  *self);

G_END_DECLS
