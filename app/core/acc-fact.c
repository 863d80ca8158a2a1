/* acc-fact.c: what a fact says about which subject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "acc-document.h"
#include "acc-error.h"
#include "acc-now.h"
#include "acc-fact.h"
#include "acc-states.h"

/* Participant fields a participant_update may change, and what they hold. */
static const struct
{
  const char *name;
  gboolean    is_string;
} participant_fields[] = {
  { "first_name", TRUE }, { "last_name", TRUE }, { "allergies", TRUE },
  { "medical_notes", TRUE }, { "emergency_phone", TRUE }, { "level_id", TRUE },
  { "birth_year", FALSE }, { "pickup_adults", FALSE }, { "placeholder", FALSE },
};

static void
subject_clear (gpointer data)
{
  AccSubject *subject = data;

  g_free (subject->subject_id);
  g_free (subject->field);
  g_free (subject->value);
}

static void
add_subject (GArray     *subjects,
             const char *kind,
             const char *subject_id,
             const char *field,
             JsonNode   *value)
{
  AccSubject subject = {
    .kind = kind,
    .subject_id = g_strdup (subject_id),
    .field = g_strdup (field ? field : ""),
    .value = acc_json_to_canonical (value),
  };

  g_array_append_val (subjects, subject);
}

/* What a fact's state names. */
typedef enum
{
  STATE_ATTENDANCE,          /* A pupil's attendance, in "state". */
  STATE_INSTRUCTOR,          /* An instructor's mark, in "state". */
  STATE_ENROLLMENT_STATUS,   /* An enrollment's status, in "status". */
} StateKind;

/* Whether the fact's state is one its kind names. */
static gboolean
check_state (JsonObject  *fact,
             StateKind    kind,
             GError     **error)
{
  const char *member = kind == STATE_ENROLLMENT_STATUS ? "status" : "state";
  const char *state = acc_document_get_string (fact, member);
  AccInstructorAttendance mark;
  AccAttendance attendance;
  AccEnrollmentStatus status;
  gboolean known;

  switch (kind)
    {
    case STATE_INSTRUCTOR:
      known = acc_instructor_attendance_from_string (state, &mark);
      break;
    case STATE_ENROLLMENT_STATUS:
      known = acc_enrollment_status_from_string (state, &status);
      break;
    case STATE_ATTENDANCE:
    default:
      known = acc_attendance_from_string (state, &attendance);
      break;
    }

  if (!known)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("Fact %s has an unknown state “%s”"),
                   acc_document_get_string (fact, "_id"), state ? state : "");
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_participant_field (const char  *name,
                         JsonNode    *value)
{
  for (guint i = 0; i < G_N_ELEMENTS (participant_fields); i++)
    if (g_str_equal (participant_fields[i].name, name))
      {
        if (!participant_fields[i].is_string)
          return TRUE;
        return JSON_NODE_HOLDS_NULL (value) ||
               (JSON_NODE_HOLDS_VALUE (value) &&
                json_node_get_value_type (value) == G_TYPE_STRING);
      }

  return FALSE;
}

/**
 * acc_fact_subjects:
 * @fact: a fact document that passed acc_document_validate()
 * @error: where to say why the fact cannot be used
 *
 * Lists the subjects @fact gives a value to: one for most kinds, one per changed field for a
 * participant update.
 *
 * Returns: (transfer full) (element-type AccSubject) (nullable): the subjects, or %NULL when a
 *   value is not one this kind of fact can give.
 */
GArray *
acc_fact_subjects (JsonObject  *fact,
                   GError     **error)
{
  g_autoptr(GArray) subjects = g_array_new (FALSE, TRUE, sizeof (AccSubject));
  const char *kind;

  g_return_val_if_fail (fact != NULL, NULL);

  g_array_set_clear_func (subjects, subject_clear);
  kind = acc_document_get_string (fact, "kind");

#define STR(name) acc_document_get_string (fact, name)
#define MEMBER(name) json_object_get_member (fact, name)

  if (g_strcmp0 (kind, "checkin") == 0)
    add_subject (subjects, ACC_SUBJECT_CHECKIN, STR ("enrollment_id"), NULL, MEMBER ("present"));
  else if (g_strcmp0 (kind, "assign_group") == 0)
    add_subject (subjects, ACC_SUBJECT_GROUP, STR ("enrollment_id"), NULL, MEMBER ("group_id"));
  else if (g_strcmp0 (kind, "attendance") == 0)
    {
      if (!check_state (fact, STATE_ATTENDANCE, error))
        return NULL;
      add_subject (subjects, ACC_SUBJECT_ATTENDANCE, STR ("enrollment_id"), NULL,
                   MEMBER ("state"));
    }
  else if (g_strcmp0 (kind, "instructor_attendance") == 0)
    {
      if (!check_state (fact, STATE_INSTRUCTOR, error))
        return NULL;
      add_subject (subjects, ACC_SUBJECT_INSTRUCTOR_ATTENDANCE, STR ("instructor_id"), NULL,
                   MEMBER ("state"));
    }
  else if (g_strcmp0 (kind, "assign_instructor") == 0)
    add_subject (subjects, ACC_SUBJECT_GROUP_INSTRUCTOR, STR ("group_id"), NULL,
                 MEMBER ("instructor_id"));
  else if (g_strcmp0 (kind, "close_out") == 0)
    add_subject (subjects, ACC_SUBJECT_CLOSE_OUT, STR ("session_id"), NULL, MEMBER ("cutoff"));
  else if (g_strcmp0 (kind, "enrollment_status") == 0)
    {
      if (!check_state (fact, STATE_ENROLLMENT_STATUS, error))
        return NULL;
      add_subject (subjects, ACC_SUBJECT_ENROLLMENT_STATUS, STR ("enrollment_id"), NULL,
                   MEMBER ("status"));
    }
  else if (g_strcmp0 (kind, "participant_update") == 0)
    {
      JsonObject *changes = json_object_get_object_member (fact, "changes");
      g_autoptr(GList) names = json_object_get_members (changes);

      if (names == NULL)
        {
          g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                       _("Fact %s changes nothing"), STR ("_id"));
          return NULL;
        }

      for (GList *l = names; l; l = l->next)
        {
          JsonNode *value = json_object_get_member (changes, l->data);

          if (!check_participant_field (l->data, value))
            {
              g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                           _("Fact %s changes an unknown or malformed participant field “%s”"),
                           STR ("_id"), (const char *) l->data);
              return NULL;
            }
          add_subject (subjects, ACC_SUBJECT_PARTICIPANT, STR ("participant_id"), l->data,
                       value);
        }
    }
  else
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("Fact %s has an unknown kind “%s”"), STR ("_id"), kind ? kind : "");
      return NULL;
    }

#undef STR
#undef MEMBER

  return g_steal_pointer (&subjects);
}

/**
 * acc_fact_new:
 * @kind: the kind of fact
 * @device_id: the replica that writes it
 * @staff: (nullable): who is at the desk
 * @hlc: its hybrid logical clock timestamp
 * @supersedes: (nullable) (array zero-terminated=1): ids of the facts it replaces
 *
 * Returns: (transfer full): a fact document with its common fields; the caller adds the
 *   fields of its kind.
 */
JsonObject *
acc_fact_new (const char         *kind,
              const char         *device_id,
              const char         *staff,
              const char         *hlc,
              const char * const *supersedes)
{
  g_autoptr(GDateTime) now = acc_now_local ();
  g_autoptr(JsonArray) list = json_array_new ();
  g_autofree char *id = acc_uuid_new ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  JsonObject *fact;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (device_id != NULL, NULL);
  g_return_val_if_fail (hlc != NULL, NULL);

  for (guint i = 0; supersedes && supersedes[i]; i++)
    json_array_add_string_element (list, supersedes[i]);

  fact = acc_document_new ("fact", id);
  json_object_set_string_member (fact, "kind", kind);
  json_object_set_string_member (fact, "device_id", device_id);
  if (staff && *staff)
    json_object_set_string_member (fact, "staff", staff);
  json_object_set_string_member (fact, "at", at);
  json_object_set_string_member (fact, "hlc", hlc);
  json_object_set_array_member (fact, "supersedes", g_steal_pointer (&list));

  return fact;
}
