/* acc-demo-emit.c: the demo day's documents, built and handed over one at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-demo"

#include "acc-demo-private.h"

#include <string.h>

#include "acc-document.h"
#include "acc-error.h"
#include "acc-states.h"

static const char *allergies[] = {
  "Arachides", "Gluten", "Pollen", "Lactose", "Fruits à coque", "Œufs", "Piqûres d'abeille",
};

static const char *medical_notes[] = {
  "Asthme : inhalateur dans la poche de la veste",
  "Diabète de type 1 : collation autorisée pendant le cours",
  "Porte des lunettes de vue sous le masque",
  "Opéré du genou l'an dernier, éviter les bosses",
  "Épilepsie : traitement pris le matin",
};

static const char *booking_notes[] = {
  "Arrivée prévue vers 9 h 10",
  "Solde à régler sur place",
  "Demande le même moniteur que l'an dernier",
  "Premier cours pour les enfants, un peu timides",
  "Chèques-vacances à présenter à l'accueil",
  "Famille fidèle depuis 2019",
};

static const char *staff_languages[] = { "de", "it", "es", "nl" };

static gboolean
emit (Generation  *gen,
      JsonObject  *doc,
      GError     **error)
{
  g_autoptr(JsonObject) owned = doc;
  GError *local_error = NULL;

  if (gen->func (owned, gen->user_data, &local_error))
    {
      g_clear_error (&local_error);
      return TRUE;
    }

  if (local_error == NULL)
    local_error = g_error_new_literal (ACC_ERROR, ACC_ERROR_FAILED,
                                       "The demo day was stopped before its end");
  g_propagate_error (error, local_error);

  return FALSE;
}

static JsonObject *
doc_new (Generation *gen,
         const char *type,
         char       *id)
{
  make_uuid (gen->id_rng, id);
  return acc_document_new (type, id);
}

/* A document made anew on each day of a week (a session, a group, a course's enrollment):
 * its id is derived for the day from one the school's stream draws the same every day. On a
 * lone day, an id drawn as any other.
 */
static JsonObject *
day_doc_new (Generation *gen,
             const char *type,
             char       *id)
{
  Uuid week_id;
  g_autofree char *derived = NULL;

  if (gen->course_days == 0)
    return doc_new (gen, type, id);

  make_uuid (gen->id_rng, week_id);
  derived = acc_uuid_derive (week_id, gen->date);
  g_strlcpy (id, derived, sizeof (Uuid));
  return acc_document_new (type, id);
}

static gboolean
emit_reference_data (Generation  *gen,
                     GError     **error)
{
  JsonObject *doc;
  Uuid id;

  doc = doc_new (gen, "school", id);
  json_object_set_string_member (doc, "name", "École de ski Démo");
  json_object_set_string_member (doc, "timezone", "Europe/Paris");
  json_object_set_string_member (doc, "locale", "fr_FR");
  json_object_set_string_member (doc, "level_scale", "esf");
  if (!emit (gen, doc, error))
    return FALSE;

  for (guint l = 0; l < gen->n_levels; l++)
    {
      Level *level = &gen->levels[l];

      doc = doc_new (gen, "level", level->id);
      json_object_set_string_member (doc, "code", level->code);
      json_object_set_string_member (doc, "label", level->label);
      json_object_set_int_member (doc, "order", level->order);
      json_object_set_string_member (doc, "discipline", courses[level->course].discipline);
      json_object_set_int_member (doc, "min_age", courses[level->course].doc_min_age);
      if (courses[level->course].doc_max_age >= 0)
        json_object_set_int_member (doc, "max_age", courses[level->course].doc_max_age);
      else
        json_object_set_null_member (doc, "max_age");
      if (!emit (gen, doc, error))
        return FALSE;
    }

  for (guint m = 0; m < gen->n_meeting_points; m++)
    {
      doc = doc_new (gen, "meeting_point", gen->meeting_point_ids[m]);
      json_object_set_string_member (doc, "name", meeting_points[m].name);
      json_object_set_string_member (doc, "description", meeting_points[m].description);
      if (!emit (gen, doc, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
emit_instructors (Generation  *gen,
                  GError     **error)
{
  GRand *rng = gen->people_rng;

  for (guint i = 0; i < gen->instructors->len; i++)
    {
      PlanInstructor *instructor = &g_array_index (gen->instructors, PlanInstructor, i);
      gboolean foreign = !chance (rng, SHARE_FRENCH_STAFF);
      const Nationality *nationality = pick_nationality (gen, foreign);
      const char *first_name = pick_weighted (rng, nationality->first_names);
      const char *last_name = pick_weighted (rng, nationality->surnames);
      g_autofree char *phone = make_phone (rng, PHONE_FR);
      JsonArray *languages = json_array_new ();
      JsonArray *disciplines = json_array_new ();
      JsonObject *doc;

      /* Every instructor here speaks French; a visitor also speaks their own language. */
      json_array_add_string_element (languages, "fr");
      if (foreign)
        {
          const char *own = pick_weighted (rng, nationality->languages);

          if (!g_str_equal (own, "fr"))
            json_array_add_string_element (languages, own);
        }
      if (chance (rng, foreign ? 0.9 : 0.7))
        {
          gboolean present = FALSE;

          for (guint j = 0; j < json_array_get_length (languages); j++)
            present |= g_str_equal (json_array_get_string_element (languages, j), "en");
          if (!present)
            json_array_add_string_element (languages, "en");
        }
      if (chance (rng, 0.15))
        {
          const char *extra = pick_text (rng, staff_languages, G_N_ELEMENTS (staff_languages));
          gboolean present = FALSE;

          for (guint j = 0; j < json_array_get_length (languages); j++)
            present |= g_str_equal (json_array_get_string_element (languages, j), extra);
          if (!present)
            json_array_add_string_element (languages, extra);
        }

      if ((instructor->boards & BOARD_SKI) != 0)
        json_array_add_string_element (disciplines, "ski");
      if ((instructor->boards & BOARD_SNOWBOARD) != 0)
        json_array_add_string_element (disciplines, "snowboard");

      doc = doc_new (gen, "instructor", instructor->id);
      json_object_set_string_member (doc, "first_name", first_name);
      json_object_set_string_member (doc, "last_name", last_name);
      json_object_set_string_member (doc, "phone", phone);
      json_object_set_array_member (doc, "languages", languages);
      json_object_set_array_member (doc, "disciplines", disciplines);
      json_object_set_int_member (doc, "max_level_order", instructor->max_level_order);
      json_object_set_boolean_member (doc, "on_call", instructor->on_call);
      if (!emit (gen, doc, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
emit_sessions_and_groups (Generation  *gen,
                          GError     **error)
{
  for (guint s = 0; s < N_SESSIONS; s++)
    {
      Course course = SESSION_COURSE (s);
      guint slot = SESSION_SLOT (s);
      g_autofree char *title = g_strdup_printf ("%s – %s", courses[course].title,
                                                slots[slot].title);
      JsonObject *doc = day_doc_new (gen, "session", gen->session_ids[s]);

      json_object_set_string_member (doc, "title", title);
      json_object_set_string_member (doc, "discipline", courses[course].discipline);
      json_object_set_string_member (doc, "kind", "group");
      json_object_set_string_member (doc, "starts_at", gen->starts_at[slot]);
      json_object_set_string_member (doc, "ends_at", gen->ends_at[slot]);
      json_object_set_string_member (doc, "meeting_point_id",
                                     gen->meeting_point_ids[courses[course].meeting_point]);
      if (!emit (gen, doc, error))
        return FALSE;
    }

  for (guint g = 0; g < gen->groups->len; g++)
    {
      PlanGroup *group = &g_array_index (gen->groups, PlanGroup, g);
      const Level *level = &gen->levels[group->level];
      const char *instructor_id = NULL;
      g_autofree char *label = NULL;
      JsonObject *doc;

      /* "Ourson 2", but "Classe 2 – 1" where the level's name ends with a number. */
      if (g_ascii_isdigit (level->label[strlen (level->label) - 1]))
        label = g_strdup_printf ("%s – %u", level->label, group->number);
      else
        label = g_strdup_printf ("%s %u", level->label, group->number);

      if (group->instructor >= 0)
        instructor_id = g_array_index (gen->instructors, PlanInstructor, group->instructor).id;

      doc = day_doc_new (gen, "group", group->id);
      json_object_set_string_member (doc, "session_id", gen->session_ids[group->session]);
      json_object_set_string_member (doc, "level_id", level->id);
      acc_document_set_string_or_null (doc, "instructor_id", instructor_id);
      json_object_set_int_member (doc, "capacity", group->capacity);
      json_object_set_string_member (doc, "label", label);
      json_object_set_string_member (doc, "meeting_point_id",
                                     gen->meeting_point_ids[group->meeting_point]);
      if (!emit (gen, doc, error))
        return FALSE;
    }

  return TRUE;
}

/* The enrollments of a family's participants, ids given, from @enrollment_cursor on. */
static gboolean
emit_enrollments (Generation      *gen,
                  const Families  *families,
                  guint            first_participant,
                  guint            n_participants,
                  Uuid            *participant_ids,
                  const char      *booking_id,
                  guint           *enrollment_cursor,
                  GError         **error)
{
  for (guint i = 0; i < n_participants; i++)
    {
      const PlanParticipant *participant = &g_array_index (families->participants,
                                                           PlanParticipant,
                                                           first_participant + i);

      for (guint k = 0; k < participant->n_enrollments; k++)
        {
          const PlanEnrollment *enrollment = &g_array_index (families->enrollments,
                                                             PlanEnrollment,
                                                             (*enrollment_cursor)++);
          AccEnrollmentStatus status = enrollment->cancelled ? ACC_ENROLLMENT_STATUS_CANCELLED
                                                             : ACC_ENROLLMENT_STATUS_BOOKED;
          const char *group_id = NULL;
          JsonObject *doc;
          Uuid id;

          if (enrollment->group >= 0)
            group_id = g_array_index (gen->groups, PlanGroup, enrollment->group).id;

          doc = families->course ? day_doc_new (gen, "enrollment", id)
                                 : doc_new (gen, "enrollment", id);
          json_object_set_string_member (doc, "participant_id", participant_ids[i]);
          json_object_set_string_member (doc, "session_id", gen->session_ids[enrollment->session]);
          json_object_set_string_member (doc, "booking_id", booking_id);
          acc_document_set_string_or_null (doc, "planned_group_id", group_id);
          json_object_set_string_member (doc, "status", acc_enrollment_status_to_string (status));
          if (families->course)
            {
              json_object_set_string_member (doc, "course_first_day", gen->course_first_day);
              json_object_set_string_member (doc, "course_last_day", gen->course_last_day);
            }
          if (!emit (gen, doc, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
emit_family (Generation      *gen,
             const Families  *families,
             guint            n_participants,
             guint           *participant_cursor,
             guint           *enrollment_cursor,
             GError         **error)
{
  GRand *rng = gen->people_rng;
  gboolean foreign = chance (rng, (double) gen->foreign_total / gen->nationality_total);
  const Nationality *nationality = pick_nationality (gen, foreign);
  const char *surname = pick_weighted (rng, nationality->surnames);
  const char *payer_first = pick_weighted (rng, nationality->first_names);
  const char *language = pick_weighted (rng, nationality->languages);
  g_autofree char *phone = make_phone (rng, nationality->phone);
  g_autofree char *email = make_email (gen, payer_first, surname);
  g_autofree char *payer_name = g_strdup_printf ("%s %s", payer_first, surname);
  const char *first_names[MAX_FAMILY + 2] = { payer_first };
  g_autofree char *family_phone = NULL;
  g_autofree char *second_adult = NULL;
  Uuid participant_ids[MAX_FAMILY];
  char reference[REFERENCE_LENGTH + 1];
  gboolean payer_taken = FALSE;
  Uuid customer_id, booking_id;
  gint64 balance = 0;
  const char *notes = "";
  JsonObject *doc;

  g_assert (n_participants >= 1 && n_participants <= MAX_FAMILY);

  doc = doc_new (gen, "customer", customer_id);
  json_object_set_string_member (doc, "first_name", payer_first);
  json_object_set_string_member (doc, "last_name", surname);
  json_object_set_string_member (doc, "phone", phone);
  json_object_set_string_member (doc, "email", email);
  json_object_set_string_member (doc, "language", language);
  if (!emit (gen, doc, error))
    return FALSE;

  make_reference (gen, reference);
  if (chance (rng, SHARE_BALANCE_DUE))
    {
      balance = 100 * (gint64) rand_between (rng, 20, 450);
      if (chance (rng, 0.3))
        balance += 50;
    }
  if (chance (rng, SHARE_BOOKING_NOTES))
    notes = pick_text (rng, booking_notes, G_N_ELEMENTS (booking_notes));

  doc = doc_new (gen, "booking", booking_id);
  json_object_set_string_member (doc, "reference", reference);
  json_object_set_string_member (doc, "customer_id", customer_id);
  json_object_set_int_member (doc, "balance_due_cents", balance);
  json_object_set_string_member (doc, "currency", "EUR");
  json_object_set_string_member (doc, "notes", notes);
  if (!emit (gen, doc, error))
    return FALSE;

  /* What the family tells the desk once: who else may fetch the children, and the number
   * to call.
   */
  if (chance (rng, SHARE_SECOND_PICKUP))
    {
      first_names[1] = pick_first_name (gen, nationality, first_names, 1);
      second_adult = g_strdup_printf ("%s %s", first_names[1], surname);
    }
  if (chance (rng, SHARE_OTHER_PHONE))
    family_phone = make_phone (rng, nationality->phone);
  else
    family_phone = g_strdup (phone);

  for (guint i = 0; i < n_participants; i++)
    {
      const PlanParticipant *participant = &g_array_index (families->participants,
                                                           PlanParticipant,
                                                           *participant_cursor + i);
      gboolean child = participant->age <= 12;
      const char *first_name;
      const char *last_name = surname;
      g_autofree char *placeholder_name = NULL;
      g_autofree char *emergency_phone = NULL;
      JsonArray *pickup = json_array_new ();

      if (participant->age >= 18 && !payer_taken && chance (rng, SHARE_PAYER_TAKES))
        {
          first_name = payer_first;
          payer_taken = TRUE;
        }
      else
        {
          first_name = pick_first_name (gen, nationality, first_names, i + 2);
          if (chance (rng, SHARE_OTHER_SURNAME))
            last_name = pick_weighted (rng, nationality->surnames);
        }
      first_names[i + 2] = first_name;

      /* Booked without a name yet: the desk asks for it at check-in. */
      if (chance (rng, SHARE_PLACEHOLDER))
        {
          placeholder_name = g_strdup_printf ("[%s – %u]", surname, i + 1);
          first_name = placeholder_name;
          last_name = surname;
        }

      /* A friend who comes along gives their own number. */
      if (!child && last_name != surname)
        emergency_phone = make_phone (rng, nationality->phone);
      else
        emergency_phone = g_strdup (family_phone);

      if (child)
        {
          json_array_add_string_element (pickup, payer_name);
          if (second_adult != NULL)
            json_array_add_string_element (pickup, second_adult);
        }

      doc = doc_new (gen, "participant", participant_ids[i]);
      json_object_set_string_member (doc, "booking_id", booking_id);
      json_object_set_string_member (doc, "first_name", first_name);
      json_object_set_string_member (doc, "last_name", last_name);
      json_object_set_int_member (doc, "birth_year",
                                  (families->course ? gen->course_year : gen->year) -
                                  participant->age);
      json_object_set_string_member (doc, "level_id", gen->levels[participant->level].id);
      json_object_set_string_member (doc, "allergies",
                                     chance (rng, SHARE_ALLERGY)
                                       ? pick_text (rng, allergies, G_N_ELEMENTS (allergies))
                                       : "");
      json_object_set_string_member (doc, "medical_notes",
                                     chance (rng, SHARE_MEDICAL)
                                       ? pick_text (rng, medical_notes,
                                                    G_N_ELEMENTS (medical_notes))
                                       : "");
      json_object_set_string_member (doc, "emergency_phone", emergency_phone);
      json_object_set_array_member (doc, "pickup_adults", pickup);
      json_object_set_boolean_member (doc, "placeholder", placeholder_name != NULL);
      if (!emit (gen, doc, error))
        return FALSE;
    }

  if (!emit_enrollments (gen, families, *participant_cursor, n_participants, participant_ids,
                         booking_id, enrollment_cursor, error))
    return FALSE;

  *participant_cursor += n_participants;

  return TRUE;
}

static gboolean
emit_families (Generation      *gen,
               const Families  *families,
               guint           *n_enrollments,
               GError         **error)
{
  guint participant_cursor = 0;
  guint enrollment_cursor = 0;

  for (guint f = 0; f < families->families->len; f++)
    if (!emit_family (gen, families, g_array_index (families->families, guint8, f),
                      &participant_cursor, &enrollment_cursor, error))
      return FALSE;

  g_assert (enrollment_cursor == families->enrollments->len);
  *n_enrollments += enrollment_cursor;

  return TRUE;
}

gboolean
generation_emit (Generation  *gen,
                 GError     **error)
{
  guint n_enrollments = 0;

  /* The school and its courses, the same on every day of a week, then the day's lessons. */
  generation_use_streams (gen, &gen->school_streams);
  if (!emit_reference_data (gen, error) ||
      !emit_instructors (gen, error) ||
      !emit_sessions_and_groups (gen, error) ||
      !emit_families (gen, &gen->courses, &n_enrollments, error))
    return FALSE;

  if (gen->course_days > 0)
    generation_use_streams (gen, &gen->day_streams);
  if (!emit_families (gen, &gen->lessons, &n_enrollments, error))
    return FALSE;

  g_assert (n_enrollments == gen->n_enrollments);

  return TRUE;
}
