/* acc-clock.h: the hybrid logical clock that orders facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ACC_TYPE_CLOCK (acc_clock_get_type ())
G_DECLARE_FINAL_TYPE (AccClock, acc_clock, ACC, CLOCK, GObject)

/* Milliseconds since the Unix epoch. */
typedef gint64 (*AccClockNowFunc) (gpointer user_data);

AccClock   *acc_clock_new          (const char      *node);
void        acc_clock_set_now_func (AccClock        *self,
                                    AccClockNowFunc  func,
                                    gpointer         user_data);
char       *acc_clock_tick         (AccClock        *self);
gboolean    acc_clock_observe      (AccClock        *self,
                                    const char      *hlc);
const char *acc_clock_get_node     (AccClock        *self);

gboolean    acc_hlc_parse          (const char      *hlc,
                                    gint64          *millis,
                                    guint           *counter,
                                    const char     **node);

G_END_DECLS
