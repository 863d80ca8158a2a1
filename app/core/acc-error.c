/* acc-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "acc-error.h"

G_DEFINE_QUARK (acc-error-quark, acc_error)
