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

  /* Rebuilds the page from the store. Called after the store changed, while the page is
   * shown, or when it is shown again; the page calls it itself when it is built. */
  void (*reload) (AccStorePage *self);
};

AccStore *acc_store_page_get_store (AccStorePage *self);

G_END_DECLS
