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
  AccTestDay       day;
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

/* Whether @widget is the one a test looks for; @data is the test's. */
typedef gboolean (*AccTestMatch) (GtkWidget     *widget,
                                  gconstpointer  data);

GtkWidget *acc_test_find        (GtkWidget     *widget,
                                 AccTestMatch   match,
                                 gconstpointer  data);
guint      acc_test_count       (GtkWidget     *widget,
                                 AccTestMatch   match,
                                 gconstpointer  data);
GtkWidget *acc_test_find_widget (GtkWidget     *widget,
                                 GType          type);
GtkLabel  *acc_test_find_label  (GtkWidget     *widget,
                                 const char    *text);

gboolean   acc_test_has_shortcut (GtkWidget     *widget,
                                  const char    *trigger,
                                  const char    *action_name);

gpointer   acc_test_open_edit_dialog (GType       dialog_type,
                                      AccStore   *store,
                                      const char *item_id);

void       acc_test_load_style  (void);
void       acc_test_ui_init     (int           *argc,
                                 char        ***argv);

G_END_DECLS
