/* acc-walkin-member.h: one participant of a walk-in family, as the desk fills it in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "acc-walkin.h"

G_BEGIN_DECLS

#define ACC_TYPE_WALKIN_MEMBER (acc_walkin_member_get_type ())
G_DECLARE_FINAL_TYPE (AccWalkinMember, acc_walkin_member, ACC, WALKIN_MEMBER, AdwPreferencesGroup)

GtkWidget            *acc_walkin_member_new             (AccStore        *store);
void                  acc_walkin_member_set_number      (AccWalkinMember *self,
                                                         guint            number,
                                                         gboolean         removable);
void                  acc_walkin_member_set_family_name (AccWalkinMember *self,
                                                         const char      *last_name);
gboolean              acc_walkin_member_is_blank        (AccWalkinMember *self);
AccWalkinParticipant *acc_walkin_member_dup_participant (AccWalkinMember *self);
GtkWidget            *acc_walkin_member_get_field       (AccWalkinMember *self,
                                                         const char      *field);
void                  acc_walkin_member_refresh         (AccWalkinMember *self);
gboolean              acc_walkin_member_has_lesson      (AccWalkinMember *self);
void                  acc_walkin_member_select_session  (AccWalkinMember *self,
                                                         const char      *session_id);
void                  acc_walkin_member_select_group    (AccWalkinMember *self,
                                                         const char      *group_id);
const char           *acc_walkin_member_get_group_id    (AccWalkinMember *self);

G_END_DECLS
