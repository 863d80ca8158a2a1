/* acc-application.h: the Accueil application object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ACC_TYPE_APPLICATION (acc_application_get_type ())
G_DECLARE_FINAL_TYPE (AccApplication, acc_application, ACC, APPLICATION, AdwApplication)

AccApplication *acc_application_new (void);

G_END_DECLS
