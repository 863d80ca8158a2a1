/* acc-walkin.c: a booking made at the desk for people the cloud never booked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * A walk-in is checked against the day (acc_walkin_check()), then written as planning
 * documents of this desk, with its `origin`: a customer, a booking, the participants and their
 * enrollments, in one transaction (acc_store_put_documents() with ACC_PUT_PENDING). Each gets
 * its first revision from its content, so the customer, booking and participants written
 * into a second day are the same revisions there, and the outbox sends them like facts. A
 * group chosen at the desk is the enrollment's `planned_group_id`: no fact is needed.
 *
 * A refusal names the field as the structures do ("participants[1].birth_year: …"), before
 * the message, so that a form can point at it; the JSON description names the payer's fields
 * "payer.first_name" as it nests them.
 *
 * The booking reference must be unique across the school's desks without asking any of them:
 * three characters from a hash of this replica's device id, then four drawn at random that no
 * booking of the day has. The cloud's references have six characters, so none of them is ever
 * one of these; two desks share a prefix once in 13,824 pairs, and then a reference once in
 * 331,776 draws. The reference is looked up before the transaction that writes it: only a
 * desk of the same prefix could write the same one meanwhile.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "acc-document.h"
#include "acc-error.h"
#include "acc-now.h"
#include "acc-walkin.h"

/* The cloud's alphabet (acc-demo-people.c): no 0/O, 1/I/L, 5/S, 2/Z, 8/B. */
static const char reference_alphabet[] = "ACDEFGHJKMNPQRTUVWXY3479";
#define REFERENCE_PREFIX 3
#define REFERENCE_RANDOM 4
#define REFERENCE_TRIES  100

#define BIRTH_YEAR_MIN   1900
/* A name, a phone, allergies: a document stays far below what a peer accepts (256 KiB). */
#define TEXT_MAX         500

void
acc_walkin_lesson_free (AccWalkinLesson *lesson)
{
  if (lesson == NULL)
    return;

  g_free (lesson->session_id);
  g_free (lesson->group_id);
  g_free (lesson);
}

void
acc_walkin_participant_free (AccWalkinParticipant *participant)
{
  if (participant == NULL)
    return;

  g_free (participant->id);
  g_free (participant->first_name);
  g_free (participant->last_name);
  g_free (participant->level_id);
  g_free (participant->allergies);
  g_free (participant->emergency_phone);
  g_strfreev (participant->pickup_adults);
  g_clear_pointer (&participant->lessons, g_ptr_array_unref);
  g_free (participant);
}

void
acc_walkin_free (AccWalkin *walkin)
{
  if (walkin == NULL)
    return;

  g_free (walkin->customer_id);
  g_free (walkin->booking_id);
  g_free (walkin->reference);
  g_free (walkin->first_name);
  g_free (walkin->last_name);
  g_free (walkin->phone);
  g_free (walkin->email);
  g_free (walkin->language);
  g_free (walkin->currency);
  g_clear_pointer (&walkin->participants, g_ptr_array_unref);
  g_free (walkin);
}

void
acc_walkin_question_free (AccWalkinQuestion *question)
{
  if (question == NULL)
    return;

  g_free (question->text);
  g_free (question);
}

AccWalkin *
acc_walkin_new (void)
{
  AccWalkin *walkin = g_new0 (AccWalkin, 1);

  walkin->participants =
    g_ptr_array_new_with_free_func ((GDestroyNotify) acc_walkin_participant_free);
  return walkin;
}

AccWalkinParticipant *
acc_walkin_participant_new (void)
{
  AccWalkinParticipant *participant = g_new0 (AccWalkinParticipant, 1);

  participant->lessons = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_walkin_lesson_free);
  return participant;
}

/**
 * acc_walkin_lesson_new:
 * @session_id: (nullable): the session
 * @group_id: (nullable): its group, or %NULL for the one the desk suggests
 */
AccWalkinLesson *
acc_walkin_lesson_new (const char *session_id,
                       const char *group_id)
{
  AccWalkinLesson *lesson = g_new0 (AccWalkinLesson, 1);

  lesson->session_id = g_strdup (session_id);
  lesson->group_id = g_strdup (group_id);
  return lesson;
}

/* Refusals */

static void G_GNUC_PRINTF (3, 4)
set_field_error (GError     **error,
                 const char  *field,
                 const char  *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);

  /* Not translated: a form finds the field before ": ". */
  g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID, "%s: %s", field, message);
}

/* A field of participant @i, or of its lesson @j when @j is not -1. */
static char *
participant_field (guint       i,
                   int         j,
                   const char *name)
{
  if (j < 0)
    return g_strdup_printf ("participants[%u].%s", i, name);
  return g_strdup_printf ("participants[%u].lessons[%d].%s", i, j, name);
}

/* @text without the spaces around it, or %NULL when nothing is left. */
static char *
dup_stripped (const char *text)
{
  char *copy = g_strstrip (g_strdup (text ? text : ""));

  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

static gboolean
has_words (const char *text)
{
  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

/* Checks a text field: when @missing is not %NULL it is required, and @missing says so. */
static gboolean
check_text (const char  *field,
            const char  *text,
            const char  *missing,
            GError     **error)
{
  if (missing != NULL && !has_words (text))
    {
      set_field_error (error, field, "%s", missing);
      return FALSE;
    }
  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    {
      set_field_error (error, field, _("This is not text."));
      return FALSE;
    }
  if (g_utf8_strlen (text, -1) > TEXT_MAX)
    {
      set_field_error (error, field, _("This is longer than %d characters."), TEXT_MAX);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_ascii_code (const char *text,
               gsize       length,
               gboolean    upper)
{
  if (strlen (text) != length)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!(upper ? g_ascii_isupper (text[i]) : g_ascii_islower (text[i])))
      return FALSE;

  return TRUE;
}

/* The payer's fields, named after @prefix ("" in the structure, "payer." in JSON). */
static gboolean
check_payer (AccWalkin   *walkin,
             const char  *prefix,
             GError     **error)
{
  g_autofree char *first = g_strconcat (prefix, "first_name", NULL);
  g_autofree char *last = g_strconcat (prefix, "last_name", NULL);
  g_autofree char *phone = g_strconcat (prefix, "phone", NULL);
  g_autofree char *email = g_strconcat (prefix, "email", NULL);
  g_autofree char *language = g_strconcat (prefix, "language", NULL);
  g_autofree char *address = dup_stripped (walkin->email);
  const char *at;

  if (!check_text (first, walkin->first_name, _("The payer’s first name is missing."), error) ||
      !check_text (last, walkin->last_name, _("The payer’s last name is missing."), error) ||
      !check_text (phone, walkin->phone, NULL, error) ||
      !check_text (email, walkin->email, NULL, error))
    return FALSE;

  at = address ? strchr (address, '@') : NULL;
  if (address != NULL && (at == NULL || at == address || at[1] == '\0' || strchr (address, ' ')))
    {
      set_field_error (error, email, _("“%s” is not an e-mail address."), walkin->email);
      return FALSE;
    }

  if (walkin->language != NULL && !is_ascii_code (walkin->language, 2, FALSE))
    {
      set_field_error (error, language,
                       _("“%s” is not a language code of two letters, such as fr or en."),
                       walkin->language);
      return FALSE;
    }

  return TRUE;
}

static int
current_year (void)
{
  g_autoptr(GDateTime) now = acc_now_local ();

  return g_date_time_get_year (now);
}

static gboolean
check_birth_year (const char  *field,
                  gint64       year,
                  GError     **error)
{
  int this_year = current_year ();

  if (year < BIRTH_YEAR_MIN || year > this_year)
    {
      set_field_error (error, field,
                       _("%" G_GINT64_FORMAT " is not a birth year between %d and %d."),
                       year, BIRTH_YEAR_MIN, this_year);
      return FALSE;
    }

  return TRUE;
}

static const AccLevelRow *
find_level (GPtrArray  *levels,
            const char *id,
            const char *code)
{
  for (guint i = 0; i < levels->len; i++)
    {
      const AccLevelRow *level = g_ptr_array_index (levels, i);

      if ((id != NULL && g_strcmp0 (level->id, id) == 0) ||
          (code != NULL && level->code != NULL && g_ascii_strcasecmp (level->code, code) == 0))
        return level;
    }

  return NULL;
}

/* The year of the store's day, when its sessions or its name say it. */
static int
day_year (AccStore *store)
{
  g_autofree char *day = acc_store_dup_day (store);

  return day != NULL && strlen (day) >= 4 ? atoi (day) : current_year ();
}

static void
add_question (GPtrArray             *questions,
              AccWalkinQuestionKind  kind,
              guint                  participant,
              guint                  lesson,
              char                  *text)
{
  AccWalkinQuestion *question = g_new0 (AccWalkinQuestion, 1);

  question->kind = kind;
  question->participant = participant;
  question->lesson = lesson;
  question->text = text;
  g_ptr_array_add (questions, question);
}

/* Asks when @participant's declared level is outside its age bounds. */
static void
ask_level_age (AccWalkinParticipant  *participant,
               guint                  index,
               const AccLevelRow     *level,
               int                    year,
               GPtrArray             *questions)
{
  int age = year - participant->birth_year;
  int min_age = MAX (level->min_age, 0);
  char *text;

  if (age >= min_age && (level->max_age < 0 || age <= level->max_age))
    return;

  if (level->max_age < 0)
    /* Translators: a question before a walk-in is registered: a first name, a last name,
     * their age this year, a level's name and its lowest age. */
    text = g_strdup_printf (_("%s %s is %d this year, and the level “%s” is for %d years and "
                              "over. Keep this level?"),
                            participant->first_name, participant->last_name, age,
                            level->label ? level->label : level->code, min_age);
  else
    /* Translators: a question before a walk-in is registered: a first name, a last name,
     * their age this year, a level's name, its lowest and highest ages. */
    text = g_strdup_printf (_("%s %s is %d this year, and the level “%s” is for ages %d to %d. "
                              "Keep this level?"),
                            participant->first_name, participant->last_name, age,
                            level->label ? level->label : level->code, min_age,
                            level->max_age);
  add_question (questions, ACC_WALKIN_LEVEL_AGE, index, 0, text);
}

/* Checks lesson @j of participant @i, and gives its group (the one chosen, or the suggested
 * one, or NULL) into @group_id. @taken counts the places the walk-in's earlier lessons take. */
static gboolean
check_lesson (AccStore              *store,
              AccWalkinParticipant  *participant,
              guint                  i,
              guint                  j,
              GDateTime             *now,
              GHashTable            *taken,
              GPtrArray             *questions,
              char                 **group_id,
              GError               **error)
{
  AccWalkinLesson *lesson = g_ptr_array_index (participant->lessons, j);
  g_autofree char *session_field = participant_field (i, j, "session_id");
  g_autofree char *group_field = participant_field (i, j, "group_id");
  g_autoptr(AccSessionRow) session = NULL;
  g_autoptr(AccGroupRow) group = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *chosen = NULL;
  guint places;

  if (!has_words (lesson->session_id))
    {
      set_field_error (error, session_field, _("The lesson’s session is missing."));
      return FALSE;
    }
  for (guint k = 0; k < j; k++)
    if (g_strcmp0 (((AccWalkinLesson *) g_ptr_array_index (participant->lessons, k))->session_id,
                   lesson->session_id) == 0)
      {
        set_field_error (error, session_field,
                         _("This participant takes this session already."));
        return FALSE;
      }

  session = acc_store_get_session (store, lesson->session_id, &local_error);
  if (session == NULL)
    {
      if (!g_error_matches (local_error, ACC_ERROR, ACC_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_field_error (error, session_field, "%s", local_error->message);
      return FALSE;
    }

  starts = session->starts_at ? g_date_time_new_from_iso8601 (session->starts_at, NULL) : NULL;
  if (starts != NULL && g_date_time_compare (starts, now) <= 0)
    {
      set_field_error (error, session_field,
                       _("The session “%s” has started already: choose a later one."),
                       session->title ? session->title : session->id);
      return FALSE;
    }

  if (lesson->group_id != NULL)
    chosen = g_strdup (lesson->group_id);
  else
    {
      chosen = acc_store_suggest_group_for_level (store, lesson->session_id,
                                                  participant->level_id, taken, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (chosen != NULL)
    {
      group = acc_store_get_group (store, chosen, &local_error);
      if (group == NULL)
        {
          if (!g_error_matches (local_error, ACC_ERROR, ACC_ERROR_NOT_FOUND))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            set_field_error (error, group_field, "%s", local_error->message);
          return FALSE;
        }
      if (g_strcmp0 (group->session_id, lesson->session_id) != 0)
        {
          set_field_error (error, group_field,
                           _("The group “%s” is of another session than “%s”."),
                           group->label, session->title ? session->title : session->id);
          return FALSE;
        }

      places = GPOINTER_TO_UINT (g_hash_table_lookup (taken, group->id));
      if (questions != NULL && group->count + (int) places >= group->capacity)
        add_question (questions, ACC_WALKIN_GROUP_FULL, i, j,
                      /* Translators: a question before a walk-in is registered: a first
                       * name, a last name, a group's label, the places taken and its
                       * capacity. */
                      g_strdup_printf (_("%s %s: the group “%s” is full (%d of %d places "
                                         "taken). Place them in it all the same?"),
                                       participant->first_name, participant->last_name,
                                       group->label, group->count + (int) places,
                                       group->capacity));
      g_hash_table_insert (taken, g_strdup (group->id), GUINT_TO_POINTER (places + 1));
    }

  *group_id = g_steal_pointer (&chosen);
  return TRUE;
}

static gboolean
check_participant (AccStore    *store,
                   AccWalkin   *walkin,
                   guint        i,
                   GPtrArray   *levels,
                   GDateTime   *now,
                   GHashTable  *taken,
                   GPtrArray   *questions,
                   GPtrArray   *groups,
                   GError     **error)
{
  AccWalkinParticipant *participant = g_ptr_array_index (walkin->participants, i);
  g_autofree char *first = participant_field (i, -1, "first_name");
  g_autofree char *last = participant_field (i, -1, "last_name");
  g_autofree char *allergies = participant_field (i, -1, "allergies");
  g_autofree char *phone = participant_field (i, -1, "emergency_phone");
  g_autofree char *pickup = participant_field (i, -1, "pickup_adults");
  g_autofree char *birth_year = participant_field (i, -1, "birth_year");
  g_autofree char *level_field = participant_field (i, -1, "level_id");
  g_autofree char *lessons = participant_field (i, -1, "lessons");
  const AccLevelRow *level = NULL;

  if (!check_text (first, participant->first_name, _("The first name is missing."), error) ||
      !check_text (last, participant->last_name, _("The last name is missing."), error) ||
      !check_text (allergies, participant->allergies, NULL, error) ||
      !check_text (phone, participant->emergency_phone, NULL, error))
    return FALSE;
  for (guint k = 0; participant->pickup_adults && participant->pickup_adults[k]; k++)
    if (!check_text (pickup, participant->pickup_adults[k], NULL, error))
      return FALSE;

  if (participant->birth_year != 0 &&
      !check_birth_year (birth_year, participant->birth_year, error))
    return FALSE;

  if (participant->level_id != NULL &&
      (level = find_level (levels, participant->level_id, NULL)) == NULL)
    {
      set_field_error (error, level_field, _("There is no level %s on this day."),
                       participant->level_id);
      return FALSE;
    }

  /* A first registration books something for everyone; in another day, the walk-in's
   * participants are all written, with the lessons they take there. */
  if (participant->lessons->len == 0 && walkin->booking_id == NULL)
    {
      set_field_error (error, lessons, _("Choose at least one lesson."));
      return FALSE;
    }

  if (questions != NULL && level != NULL && participant->birth_year != 0)
    ask_level_age (participant, i, level, day_year (store), questions);

  for (guint j = 0; j < participant->lessons->len; j++)
    {
      char *group_id = NULL;

      if (!check_lesson (store, participant, i, j, now, taken, questions, &group_id, error))
        return FALSE;
      if (groups != NULL)
        g_ptr_array_add (groups, group_id);
      else
        g_free (group_id);
    }

  return TRUE;
}

/* acc_walkin_check(), which also gives the group of each lesson, in order, into @groups. */
static gboolean
check_walkin (AccStore   *store,
              AccWalkin  *walkin,
              GPtrArray  *questions,
              GPtrArray  *groups,
              GError    **error)
{
  g_autoptr(GDateTime) now = acc_now_local ();
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) levels = NULL;

  if (!check_payer (walkin, "", error))
    return FALSE;

  if (walkin->balance_due_cents < 0)
    {
      set_field_error (error, "balance_due_cents", _("The balance due cannot be negative."));
      return FALSE;
    }
  if (walkin->currency != NULL && !is_ascii_code (walkin->currency, 3, TRUE))
    {
      set_field_error (error, "currency",
                       _("“%s” is not a currency code of three letters, such as EUR."),
                       walkin->currency);
      return FALSE;
    }

  if (walkin->booking_id != NULL)
    {
      g_autoptr(AccBookingInfo) held = acc_store_get_booking (store, walkin->booking_id, NULL);

      if (held != NULL)
        {
          g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                       _("This walk-in is registered on this day already, as %s."),
                       held->reference);
          return FALSE;
        }
    }

  if (walkin->participants->len == 0)
    {
      set_field_error (error, "participants", _("A booking needs at least one participant."));
      return FALSE;
    }

  levels = acc_store_list_levels (store, error);
  if (levels == NULL)
    return FALSE;

  for (guint i = 0; i < walkin->participants->len; i++)
    if (!check_participant (store, walkin, i, levels, now, taken, questions, groups, error))
      return FALSE;

  return TRUE;
}

/**
 * acc_walkin_check:
 * @questions: (nullable) (element-type AccWalkinQuestion): where to add what a person must
 *   confirm
 */
gboolean
acc_walkin_check (AccStore   *store,
                  AccWalkin  *walkin,
                  GPtrArray  *questions,
                  GError    **error)
{
  g_return_val_if_fail (ACC_IS_STORE (store), FALSE);
  g_return_val_if_fail (walkin != NULL, FALSE);

  return check_walkin (store, walkin, questions, NULL, error);
}

/* The JSON description */

/* Reads member @name of @object, as text, into @out; absent or null leaves it NULL. */
static gboolean
read_text (JsonObject  *object,
           const char  *prefix,
           const char  *name,
           char       **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *field = g_strconcat (prefix, name, NULL);

      set_field_error (error, field, _("This must be text, in quotes."));
      return FALSE;
    }

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* Reads member @name of @object, a whole number, into @out; absent or null leaves it alone
 * and @given FALSE. */
static gboolean
read_integer (JsonObject  *object,
              const char  *prefix,
              const char  *name,
              gint64      *out,
              gboolean    *given,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *given = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_autofree char *field = g_strconcat (prefix, name, NULL);

      set_field_error (error, field, _("This must be a whole number."));
      return FALSE;
    }

  *out = json_node_get_int (node);
  *given = TRUE;
  return TRUE;
}

/* Reads member @name of @object into @out, which must be of @type when it is there
 * (@required: it must be); absent or null, @out is NULL. */
static gboolean
read_member (JsonObject    *object,
             const char    *prefix,
             const char    *name,
             JsonNodeType   type,
             gboolean       required,
             const char    *wrong,
             JsonNode     **out,
             GError       **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && !required)
    return TRUE;

  if (node == NULL || JSON_NODE_TYPE (node) != type)
    {
      g_autofree char *field = g_strconcat (prefix, name, NULL);

      set_field_error (error, field, "%s", wrong);
      return FALSE;
    }

  *out = node;
  return TRUE;
}

static gboolean
read_lessons (JsonArray             *array,
              guint                  i,
              AccWalkinParticipant  *participant,
              GError               **error)
{
  for (guint j = 0; j < json_array_get_length (array); j++)
    {
      JsonNode *node = json_array_get_element (array, j);
      g_autofree char *prefix = g_strdup_printf ("participants[%u].lessons[%u].", i, j);
      AccWalkinLesson *lesson;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *field = g_strdup_printf ("participants[%u].lessons[%u]", i, j);

          set_field_error (error, field, _("A lesson is an object with a session_id."));
          return FALSE;
        }

      lesson = acc_walkin_lesson_new (NULL, NULL);
      g_ptr_array_add (participant->lessons, lesson);
      if (!read_text (json_node_get_object (node), prefix, "session_id", &lesson->session_id,
                      error) ||
          !read_text (json_node_get_object (node), prefix, "group_id", &lesson->group_id, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_pickup_adults (JsonArray             *array,
                    const char            *prefix,
                    AccWalkinParticipant  *participant,
                    GError               **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  for (guint k = 0; k < json_array_get_length (array); k++)
    {
      JsonNode *node = json_array_get_element (array, k);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_autofree char *field = g_strconcat (prefix, "pickup_adults", NULL);

          set_field_error (error, field, _("This must be a list of names, in quotes."));
          return FALSE;
        }
      g_strv_builder_add (names, json_node_get_string (node));
    }

  participant->pickup_adults = g_strv_builder_end (names);
  return TRUE;
}

static gboolean
read_participant (JsonNode              *node,
                  guint                  i,
                  GPtrArray             *levels,
                  AccWalkinParticipant  *participant,
                  GError               **error)
{
  g_autofree char *prefix = g_strdup_printf ("participants[%u].", i);
  g_autofree char *level_code = NULL;
  JsonNode *pickup, *lessons;
  JsonObject *object;
  gint64 year = 0;
  gboolean given;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *field = g_strdup_printf ("participants[%u]", i);

      set_field_error (error, field, _("A participant is an object with their names."));
      return FALSE;
    }
  object = json_node_get_object (node);

  if (!read_text (object, prefix, "first_name", &participant->first_name, error) ||
      !read_text (object, prefix, "last_name", &participant->last_name, error) ||
      !read_text (object, prefix, "allergies", &participant->allergies, error) ||
      !read_text (object, prefix, "emergency_phone", &participant->emergency_phone, error) ||
      !read_text (object, prefix, "level_code", &level_code, error) ||
      !read_integer (object, prefix, "birth_year", &year, &given, error) ||
      !read_member (object, prefix, "pickup_adults", JSON_NODE_ARRAY, FALSE,
                    _("This must be a list of names, in quotes."), &pickup, error) ||
      !read_member (object, prefix, "lessons", JSON_NODE_ARRAY, FALSE,
                    _("This must be a list of lessons."), &lessons, error))
    return FALSE;

  /* Checked here: a number beyond an int's range must not wrap into one. */
  if (given)
    {
      g_autofree char *field = g_strconcat (prefix, "birth_year", NULL);

      if (!check_birth_year (field, year, error))
        return FALSE;
      participant->birth_year = (int) year;
    }

  if (level_code != NULL)
    {
      const AccLevelRow *level = find_level (levels, NULL, level_code);

      if (level == NULL)
        {
          g_autofree char *field = g_strconcat (prefix, "level_code", NULL);

          set_field_error (error, field, _("There is no level “%s” in the school’s scale."),
                           level_code);
          return FALSE;
        }
      participant->level_id = g_strdup (level->id);
    }

  return (pickup == NULL ||
          read_pickup_adults (json_node_get_array (pickup), prefix, participant, error)) &&
         (lessons == NULL ||
          read_lessons (json_node_get_array (lessons), i, participant, error));
}

/**
 * acc_walkin_new_from_json:
 * @node: the description (README.md, accueil-cli walkin)
 *
 * Reads a walk-in: the members it names must have their types, and the payer their names;
 * others are ignored. Levels are named by their code, which @store's levels give an id.
 *
 * Returns: (transfer full) (nullable): the walk-in, which acc_walkin_check() checks further
 */
AccWalkin *
acc_walkin_new_from_json (AccStore  *store,
                          JsonNode  *node,
                          GError   **error)
{
  g_autoptr(AccWalkin) walkin = acc_walkin_new ();
  g_autoptr(GPtrArray) levels = NULL;
  JsonObject *root, *payer;
  JsonNode *member;
  JsonArray *participants;
  gboolean given;

  g_return_val_if_fail (ACC_IS_STORE (store), NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("A walk-in is described by a JSON object."));
      return NULL;
    }
  root = json_node_get_object (node);

  if (!read_member (root, "", "payer", JSON_NODE_OBJECT, TRUE,
                    _("The payer is missing: an object with their names."), &member, error))
    return NULL;
  payer = json_node_get_object (member);
  if (!read_text (payer, "payer.", "first_name", &walkin->first_name, error) ||
      !read_text (payer, "payer.", "last_name", &walkin->last_name, error) ||
      !read_text (payer, "payer.", "phone", &walkin->phone, error) ||
      !read_text (payer, "payer.", "email", &walkin->email, error) ||
      !read_text (payer, "payer.", "language", &walkin->language, error))
    return NULL;
  if (walkin->language != NULL)
    {
      char *lower = g_ascii_strdown (walkin->language, -1);

      g_free (walkin->language);
      walkin->language = lower;
    }
  if (!check_payer (walkin, "payer.", error))
    return NULL;

  if (!read_integer (root, "", "balance_due_cents", &walkin->balance_due_cents, &given, error) ||
      !read_text (root, "", "currency", &walkin->currency, error))
    return NULL;

  if (!read_member (root, "", "participants", JSON_NODE_ARRAY, TRUE,
                    _("The participants are missing: a list of them."), &member, error))
    return NULL;
  participants = json_node_get_array (member);

  levels = acc_store_list_levels (store, error);
  if (levels == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (participants); i++)
    {
      AccWalkinParticipant *participant = acc_walkin_participant_new ();

      g_ptr_array_add (walkin->participants, participant);
      if (!read_participant (json_array_get_element (participants, i), i, levels, participant,
                             error))
        return NULL;
    }

  return g_steal_pointer (&walkin);
}

/* Registration */

/* A reference no booking of the day has: this desk's prefix, then random characters. */
static char *
make_reference (AccStore  *store,
                GError   **error)
{
  const guint base = sizeof reference_alphabet - 1;
  const char *device_id = acc_store_get_device_id (store);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  char reference[REFERENCE_PREFIX + REFERENCE_RANDOM + 1] = { 0 };
  guint8 digest[32];
  gsize length = sizeof digest;
  guint32 prefix;

  g_checksum_update (checksum, (const guchar *) device_id, -1);
  g_checksum_get_digest (checksum, digest, &length);
  prefix = (guint32) digest[0] << 16 | (guint32) digest[1] << 8 | digest[2];
  for (guint i = 0; i < REFERENCE_PREFIX; i++, prefix /= base)
    reference[i] = reference_alphabet[prefix % base];

  for (guint attempt = 0; attempt < REFERENCE_TRIES; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *held = NULL;

      for (guint i = REFERENCE_PREFIX; i < REFERENCE_PREFIX + REFERENCE_RANDOM; i++)
        reference[i] = reference_alphabet[g_random_int_range (0, base)];

      held = acc_store_lookup_booking (store, reference, &local_error);
      if (held == NULL && g_error_matches (local_error, ACC_ERROR, ACC_ERROR_NOT_FOUND))
        return g_strdup (reference);
      if (held == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error (error, ACC_ERROR, ACC_ERROR_FAILED,
               _("This desk finds no booking reference left for the day."));
  return NULL;
}

static void
set_text (JsonObject *doc,
          const char *member,
          const char *text)
{
  g_autofree char *stripped = dup_stripped (text);

  acc_document_set_string_or_null (doc, member, stripped);
}

static JsonObject *
new_document (const char *type,
              const char *id,
              const char *origin)
{
  JsonObject *doc = acc_document_new (type, id);

  json_object_set_string_member (doc, "origin", origin);
  return doc;
}

static JsonObject *
participant_document (AccWalkinParticipant *participant,
                      const char           *id,
                      const char           *booking_id,
                      const char           *origin)
{
  JsonObject *doc = new_document ("participant", id, origin);
  g_autoptr(JsonArray) pickup = json_array_new ();

  json_object_set_string_member (doc, "booking_id", booking_id);
  set_text (doc, "first_name", participant->first_name);
  set_text (doc, "last_name", participant->last_name);
  if (participant->birth_year != 0)
    json_object_set_int_member (doc, "birth_year", participant->birth_year);
  else
    json_object_set_null_member (doc, "birth_year");
  acc_document_set_string_or_null (doc, "level_id", participant->level_id);
  set_text (doc, "allergies", participant->allergies);
  json_object_set_null_member (doc, "medical_notes");
  set_text (doc, "emergency_phone", participant->emergency_phone);
  for (guint k = 0; participant->pickup_adults && participant->pickup_adults[k]; k++)
    {
      g_autofree char *name = dup_stripped (participant->pickup_adults[k]);

      if (name != NULL)
        json_array_add_string_element (pickup, name);
    }
  json_object_set_array_member (doc, "pickup_adults", g_steal_pointer (&pickup));
  json_object_set_boolean_member (doc, "placeholder", FALSE);

  return doc;
}

/**
 * acc_walkin_register:
 * @enrollment_ids: (out) (optional) (transfer full) (element-type utf8): the new enrollments
 */
gboolean
acc_walkin_register (AccStore    *store,
                     AccWalkin   *walkin,
                     GPtrArray  **enrollment_ids,
                     GError     **error)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) participant_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) enrollments = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *customer_id = NULL, *booking_id = NULL, *reference = NULL;
  JsonObject *doc;
  const char *origin;
  guint n_lessons = 0;

  g_return_val_if_fail (ACC_IS_STORE (store), FALSE);
  g_return_val_if_fail (walkin != NULL, FALSE);

  if (enrollment_ids != NULL)
    *enrollment_ids = NULL;

  if (!check_walkin (store, walkin, NULL, groups, error))
    return FALSE;

  /* The ids become the walk-in's once written: a failed write leaves it as it was. */
  customer_id = walkin->customer_id ? g_strdup (walkin->customer_id) : acc_uuid_new ();
  booking_id = walkin->booking_id ? g_strdup (walkin->booking_id) : acc_uuid_new ();
  reference = walkin->reference ? g_strdup (walkin->reference) : make_reference (store, error);
  if (reference == NULL)
    return FALSE;
  origin = acc_store_get_device_id (store);

  doc = new_document ("customer", customer_id, origin);
  set_text (doc, "first_name", walkin->first_name);
  set_text (doc, "last_name", walkin->last_name);
  set_text (doc, "phone", walkin->phone);
  set_text (doc, "email", walkin->email);
  acc_document_set_string_or_null (doc, "language", walkin->language);
  g_ptr_array_add (docs, doc);

  doc = new_document ("booking", booking_id, origin);
  json_object_set_string_member (doc, "reference", reference);
  json_object_set_string_member (doc, "customer_id", customer_id);
  json_object_set_int_member (doc, "balance_due_cents", walkin->balance_due_cents);
  json_object_set_string_member (doc, "currency", walkin->currency ? walkin->currency : "EUR");
  json_object_set_null_member (doc, "notes");
  g_ptr_array_add (docs, doc);

  for (guint i = 0; i < walkin->participants->len; i++)
    {
      AccWalkinParticipant *participant = g_ptr_array_index (walkin->participants, i);
      char *participant_id = participant->id ? g_strdup (participant->id) : acc_uuid_new ();

      g_ptr_array_add (participant_ids, participant_id);
      g_ptr_array_add (docs, participant_document (participant, participant_id, booking_id,
                                                   origin));

      for (guint j = 0; j < participant->lessons->len; j++)
        {
          AccWalkinLesson *lesson = g_ptr_array_index (participant->lessons, j);
          char *enrollment_id = acc_uuid_new ();

          g_ptr_array_add (enrollments, enrollment_id);
          doc = new_document ("enrollment", enrollment_id, origin);
          json_object_set_string_member (doc, "participant_id", participant_id);
          json_object_set_string_member (doc, "session_id", lesson->session_id);
          json_object_set_string_member (doc, "booking_id", booking_id);
          acc_document_set_string_or_null (doc, "planned_group_id",
                                           g_ptr_array_index (groups, n_lessons++));
          json_object_set_string_member (
            doc, "status", acc_enrollment_status_to_string (ACC_ENROLLMENT_STATUS_BOOKED));
          g_ptr_array_add (docs, doc);
        }
    }

  if (!acc_store_put_documents (store, (JsonObject **) docs->pdata, docs->len, ACC_PUT_PENDING,
                                error))
    return FALSE;

  if (walkin->customer_id == NULL)
    walkin->customer_id = g_steal_pointer (&customer_id);
  if (walkin->booking_id == NULL)
    walkin->booking_id = g_steal_pointer (&booking_id);
  if (walkin->reference == NULL)
    walkin->reference = g_steal_pointer (&reference);
  for (guint i = 0; i < walkin->participants->len; i++)
    {
      AccWalkinParticipant *participant = g_ptr_array_index (walkin->participants, i);

      if (participant->id == NULL)
        participant->id = g_strdup (g_ptr_array_index (participant_ids, i));
    }

  if (enrollment_ids != NULL)
    *enrollment_ids = g_steal_pointer (&enrollments);
  return TRUE;
}

/**
 * acc_walkin_suggest_group:
 * @level_id: (nullable): the participant's declared level
 *
 * Returns: (transfer full) (nullable): the group's id
 */
char *
acc_walkin_suggest_group (AccStore    *store,
                          const char  *session_id,
                          const char  *level_id,
                          GError     **error)
{
  g_return_val_if_fail (ACC_IS_STORE (store), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);

  return acc_store_suggest_group_for_level (store, session_id, level_id, NULL, error);
}

gboolean
acc_walkin_cancel_enrollment (AccStore    *store,
                              const char  *enrollment_id,
                              GError     **error)
{
  g_return_val_if_fail (ACC_IS_STORE (store), FALSE);
  g_return_val_if_fail (enrollment_id != NULL, FALSE);

  return acc_store_set_enrollment_status (store, enrollment_id, ACC_ENROLLMENT_STATUS_CANCELLED,
                                          error);
}
