/* acc-held-days.h: the window of days a desk keeps in step with the cloud
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "acc-sync-engine.h"

G_BEGIN_DECLS

#define ACC_TYPE_HELD_DAYS (acc_held_days_get_type ())
G_DECLARE_FINAL_TYPE (AccHeldDays, acc_held_days, ACC, HELD_DAYS, GObject)

/* What became of one day in a pass over the window. */
typedef enum
{
  ACC_HELD_DAY_SYNCED,     /* Up to date both ways. */
  ACC_HELD_DAY_NOT_YET,    /* The cloud has no such day yet: asked again next time. */
  ACC_HELD_DAY_FAILED,     /* The exchange failed: `message` says why; retried next time. */
  ACC_HELD_DAY_REMOVED,    /* Past the retention period with nothing waiting: deleted. */
} AccHeldDayOutcome;

typedef struct
{
  char              *date;
  AccHeldDayOutcome  outcome;
  guint              received;
  guint              sent;
  guint              pending;  /* Still waiting to be sent afterwards. */
  char              *message;  /* Nullable. */
} AccHeldDayReport;

void acc_held_day_report_free (AccHeldDayReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccHeldDayReport, acc_held_day_report_free)

/* AccHeldDays::day-done (AccHeldDayReport *report) is emitted after each day of a pass, and
 * AccHeldDays::days-changed (no arguments) when a day file was created or deleted. */
AccHeldDays *acc_held_days_new            (const char           *folder,
                                           const char           *school,
                                           const char           *server_url,
                                           AccSyncFlags          flags,
                                           GError              **error);
void         acc_held_days_set_window     (AccHeldDays          *self,
                                           guint                 days_ahead);
void         acc_held_days_set_retention  (AccHeldDays          *self,
                                           guint                 days);
void         acc_held_days_set_day_change (AccHeldDays          *self,
                                           guint                 minutes);
void         acc_held_days_set_open_day   (AccHeldDays          *self,
                                           const char           *date);
void         acc_held_days_set_interval   (AccHeldDays          *self,
                                           guint                 seconds);
const char  *acc_held_days_get_folder     (AccHeldDays          *self);
const char  *acc_held_days_get_school     (AccHeldDays          *self);
void         acc_held_days_run_async      (AccHeldDays          *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GPtrArray   *acc_held_days_run_finish     (AccHeldDays          *self,
                                           GAsyncResult         *result,
                                           GError              **error);
void         acc_held_days_start          (AccHeldDays          *self);
void         acc_held_days_stop           (AccHeldDays          *self);

G_END_DECLS
