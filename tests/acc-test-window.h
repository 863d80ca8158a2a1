/* acc-test-window.h: the desk's window over the fixture day, for widget tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "acc-arrivals-page.h"
#include "acc-booking-card.h"
#include "acc-context.h"
#include "acc-test-util.h"
#include "acc-window.h"

G_BEGIN_DECLS

typedef struct
{
  char            *dir;
  AccStore        *store;
  AccContext      *context;
  AccWindow       *window;
  AccArrivalsPage *page;
  AccBookingCard  *card;
} AccTestWindow;

/* @data: (nullable): a JSON array of documents to add to the fixture day */
void acc_test_window_set_up    (AccTestWindow *fx,
                                gconstpointer  data);
void acc_test_window_tear_down (AccTestWindow *fx,
                                gconstpointer  data);

G_END_DECLS
