/* acc-text.h: folding text for search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *acc_text_fold           (const char *text);
GPtrArray  *acc_text_tokens         (const char *text);
char       *acc_text_digits         (const char *text);
char       *acc_text_prefix_end     (const char *prefix);
char       *acc_text_reference_key  (const char *reference);

G_END_DECLS
