/* acc-days.h: the days a desk holds, one file each, and how long it keeps them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ACC_DAYS_WINDOW_DEFAULT    7   /* Days held ahead of today. */
#define ACC_DAYS_RETENTION_DEFAULT 14  /* Days a past day is kept once it has nothing to send. */
#define ACC_DAYS_CHANGE_DEFAULT    240 /* The school's day change, minutes after midnight. */

gboolean   acc_days_date_is_valid  (const char   *date);
char      *acc_days_add            (const char   *date,
                                    int           n);
char      *acc_days_today          (guint         change_minutes);
gint64     acc_days_until_change   (guint         change_minutes);
char      *acc_days_name           (const char   *school,
                                    const char   *date);
char      *acc_days_path           (const char   *folder,
                                    const char   *school,
                                    const char   *date);
GStrv      acc_days_list           (const char   *folder,
                                    const char   *school,
                                    GError      **error);
void       acc_days_remove_file    (const char   *path);
GStrv      acc_days_remove_expired (const char   *folder,
                                    const char   *school,
                                    const char   *today,
                                    guint         retention,
                                    const char   *keep,
                                    GError      **error);

G_END_DECLS
