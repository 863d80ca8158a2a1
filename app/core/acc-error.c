/* acc-error.c: the one error domain of Accueil
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-core"

#include "acc-error.h"

G_DEFINE_QUARK (acc-error-quark, acc_error)
