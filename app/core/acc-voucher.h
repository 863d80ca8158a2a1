/* acc-voucher.h: the printed voucher of a booking, with its reference as a QR code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "acc-store.h"

G_BEGIN_DECLS

/* The page the voucher is laid out for: A5 portrait, in points. Other sizes are scaled to
 * fit it whole. */
#define ACC_VOUCHER_PAGE_WIDTH  419.53
#define ACC_VOUCHER_PAGE_HEIGHT 595.28

/* A booking's voucher, read from the store once: what a print operation loads when it
 * begins, then draws on each page it is asked for. */
typedef struct _AccVoucher AccVoucher;

AccVoucher *acc_voucher_load          (AccStore    *store,
                                       const char  *booking_id,
                                       GError     **error);
void        acc_voucher_free          (AccVoucher  *voucher);
const char *acc_voucher_get_reference (AccVoucher  *voucher);
void        acc_voucher_draw          (AccVoucher  *voucher,
                                       cairo_t     *cr,
                                       double       width,
                                       double       height);
gboolean    acc_voucher_write_pdf     (AccStore    *store,
                                       const char  *booking_id,
                                       const char  *path,
                                       GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccVoucher, acc_voucher_free)

G_END_DECLS
