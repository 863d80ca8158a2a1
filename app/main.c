/* main.c: the entry point of the Accueil desk application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "acc-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AccApplication) application = NULL;

  setlocale (LC_ALL, "");
  /* An uninstalled build (run-demo.sh, the tests) names its translations' folder. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("ACCUEIL_LOCALEDIR") ? g_getenv ("ACCUEIL_LOCALEDIR")
                                                                  : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = acc_application_new ();

  return g_application_run (G_APPLICATION (application), argc, argv);
}
