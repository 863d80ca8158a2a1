/* cli-main.c: the entry point of accueil-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "acc-cli.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  /* An uninstalled build (run-demo.sh, the tests) names its translations' folder. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("ACCUEIL_LOCALEDIR") ? g_getenv ("ACCUEIL_LOCALEDIR")
                                                                  : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return acc_cli_run (argc, argv);
}
