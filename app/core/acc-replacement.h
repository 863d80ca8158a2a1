/* acc-replacement.h: who can take a group whose instructor is absent or missing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "acc-store.h"

G_BEGIN_DECLS

GPtrArray *acc_instructor_rows_replacing (GPtrArray         *instructors,
                                          GPtrArray         *groups,
                                          const AccGroupRow *group);

G_END_DECLS
