/* acc-cli.h: accueil-cli, the headless tool for the school's IT and for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes */
#define ACC_CLI_OK          0
#define ACC_CLI_USER_ERROR  1
#define ACC_CLI_USAGE_ERROR 2

int acc_cli_run (int    argc,
                 char **argv);

G_END_DECLS
