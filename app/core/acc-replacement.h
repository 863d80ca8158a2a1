/* acc-replacement.h: who can take a group whose instructor is absent or missing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "acc-store.h"

G_BEGIN_DECLS

/* The rule's view of the day's rows, read once for many groups. */
typedef struct _AccReplacements AccReplacements;

AccReplacements *acc_replacements_new          (GPtrArray         *instructors,
                                                GPtrArray         *groups);
void             acc_replacements_free         (AccReplacements   *self);
GPtrArray       *acc_replacements_for_group    (AccReplacements   *self,
                                                const AccGroupRow *group);

GPtrArray *acc_instructor_rows_replacing (GPtrArray         *instructors,
                                          GPtrArray         *groups,
                                          const AccGroupRow *group);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccReplacements, acc_replacements_free)

G_END_DECLS
