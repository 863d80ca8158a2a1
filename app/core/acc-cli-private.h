/* acc-cli-private.h: what the files of accueil-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "acc-store.h"

G_BEGIN_DECLS

void      acc_cli_print_row         (const AccEnrollmentRow *row);
JsonNode *acc_cli_rows_to_json      (GPtrArray              *rows);
void      acc_cli_print_json        (JsonNode               *node);
void      acc_cli_print_status_json (const AccStoreStatus   *status,
                                     const char             *school,
                                     const char             *school_id,
                                     const char             *day,
                                     const char             *last_sync,
                                     const char             *last_error,
                                     GPtrArray              *peers);
char     *acc_cli_format_time       (gint64                  seconds);

G_END_DECLS
