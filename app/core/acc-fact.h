/* acc-fact.h: what a fact says about which subject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The subjects whose current value the facts decide. */
#define ACC_SUBJECT_CHECKIN               "checkin"
#define ACC_SUBJECT_GROUP                 "group"
#define ACC_SUBJECT_ATTENDANCE            "attendance"
#define ACC_SUBJECT_INSTRUCTOR_ATTENDANCE "instructor_attendance"
#define ACC_SUBJECT_GROUP_INSTRUCTOR      "group_instructor"
#define ACC_SUBJECT_PARTICIPANT           "participant"
#define ACC_SUBJECT_CLOSE_OUT             "close_out"
#define ACC_SUBJECT_ENROLLMENT_STATUS     "enrollment_status"

typedef struct
{
  const char *kind;        /* One of the ACC_SUBJECT_ names. */
  char       *subject_id;  /* The enrollment, instructor, group, participant or session. */
  char       *field;       /* A participant's field; "" for the other kinds. */
  char       *value;       /* The value the fact gives, as canonical JSON. */
} AccSubject;

GArray     *acc_fact_subjects (JsonObject          *fact,
                               GError             **error);
JsonObject *acc_fact_new      (const char          *kind,
                               const char          *device_id,
                               const char          *staff,
                               const char          *hlc,
                               const char * const  *supersedes);

G_END_DECLS
