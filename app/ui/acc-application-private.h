/* acc-application-private.h: what the application's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "acc-application.h"
#include "acc-desk-days.h"
#include "acc-held-days.h"
#include "acc-window.h"

G_BEGIN_DECLS

struct _AccApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;    /* NULL when the schema is not installed. */

  /* The days of the data folder (acc-application-days.c); NULL for a desk without a school,
   * which shows only files it is given. */
  AccDeskDays    *days;
  AccHeldDays    *held;        /* NULL without a server. */
  AccWindow      *day_window;  /* Weak: the window that follows the school's day. */
  char           *open_date;   /* The day it shows, or tried to. */
  char           *asked_date;  /* The day asked for by app.open-day, until switch_id runs; */
  char           *asked_source; /* and the held day it is to be opened from (app.open-new-day). */
  guint           switch_id;
};

AccSyncFlags _acc_application_sync_flags    (GSettings          *settings);
AccWindow   *_acc_application_new_window    (AccApplication     *self,
                                             AccStore           *store,
                                             AccDeskDays        *days,
                                             const char         *url,
                                             const char * const *peer_addresses,
                                             const GError       *error);
AccWindow   *_acc_application_open_days     (AccApplication     *self);
void         _acc_application_clear_days    (AccApplication     *self);
void         _acc_application_add_day_actions (AccApplication   *self);

G_END_DECLS
