/* acc-store-page.h: a page that shows the day's store and follows its changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-store.h"

G_BEGIN_DECLS

#define ACC_TYPE_STORE_PAGE (acc_store_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (AccStorePage, acc_store_page, ACC, STORE_PAGE, AdwBin)

struct _AccStorePageClass
{
  AdwBinClass parent_class;

  /* Reads what the page shows from the store: when the page is first shown, after the store
   * changed while the page is shown, or when it is shown again after a change. */
  void (*reload) (AccStorePage *self);
  /* Optional: builds the page's widgets from what reload() read. After a change it runs in
   * an idle, since the widget that caused the change may be one it replaces and must outlive
   * its own signal; when the page is first shown, at once. */
  void (*rebuild) (AccStorePage *self);
  /* Optional: follows, while the page is shown, a change that names its rows; returns FALSE
   * when the page must read the store again instead. A change of everything always reloads. */
  gboolean (*update) (AccStorePage   *self,
                      AccStoreChange *change);
  /* Whether the page shows what waits to be sent: it follows changes that name no row. */
  gboolean follows_outbox;
};

AccStore *acc_store_page_get_store (AccStorePage *self);
void      acc_store_page_reload    (AccStorePage *self);
void      acc_store_page_rebuild   (AccStorePage *self);

G_END_DECLS
