/* acc-walkin.h: a booking made at the desk for people the cloud never booked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "acc-store.h"

G_BEGIN_DECLS

/* One lesson a walk-in participant takes: a session of the day, and a group of it (NULL:
 * the group acc_walkin_suggest_group() suggests, or none when none has room). */
typedef struct
{
  char *session_id;
  char *group_id;
} AccWalkinLesson;

typedef struct
{
  char       *id;               /* NULL until acc_walkin_register() gives it one. */
  char       *first_name;
  char       *last_name;
  int         birth_year;       /* 0: not given. */
  char       *level_id;         /* Nullable: the declared level, from the school's scale. */
  char       *allergies;        /* Nullable. */
  char       *emergency_phone;  /* Nullable. */
  GStrv       pickup_adults;    /* Nullable. */
  GPtrArray  *lessons;          /* AccWalkinLesson */
} AccWalkinParticipant;

/* A family at the desk: the payer, what is due, and who takes which lessons. */
typedef struct
{
  /* NULL until the first acc_walkin_register() gives them: registered again into another
   * held day (for the lessons of that day), the walk-in keeps the same customer, booking,
   * participants and reference there. */
  char       *customer_id;
  char       *booking_id;
  char       *reference;
  char       *first_name;
  char       *last_name;
  char       *phone;            /* Nullable. */
  char       *email;            /* Nullable. */
  char       *language;         /* Nullable: ISO 639-1. */
  gint64      balance_due_cents;
  char       *currency;         /* ISO 4217; NULL: the school's, else EUR. */
  GPtrArray  *participants;     /* AccWalkinParticipant */
} AccWalkin;

/* Something a person must confirm before the walk-in is written: never a refusal. */
typedef enum
{
  ACC_WALKIN_LEVEL_AGE,      /* The declared level is outside the participant's age bounds. */
  ACC_WALKIN_GROUP_FULL,     /* The group has no place left. */
} AccWalkinQuestionKind;

typedef struct
{
  AccWalkinQuestionKind  kind;
  guint                  participant; /* Index in AccWalkin.participants. */
  guint                  lesson;      /* Index in its lessons, for ACC_WALKIN_GROUP_FULL. */
  char                  *text;        /* The question, in the user's language. */
} AccWalkinQuestion;

void        acc_walkin_free              (AccWalkin             *walkin);
void        acc_walkin_participant_free  (AccWalkinParticipant  *participant);
void        acc_walkin_lesson_free       (AccWalkinLesson       *lesson);
void        acc_walkin_question_free     (AccWalkinQuestion     *question);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccWalkin, acc_walkin_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccWalkinQuestion, acc_walkin_question_free)

AccWalkin  *acc_walkin_new               (void);
AccWalkinParticipant *acc_walkin_participant_new (void);
AccWalkinLesson *acc_walkin_lesson_new   (const char            *session_id,
                                          const char            *group_id);

/* The JSON description of accueil-cli walkin (README): levels by code. Errors name the bad
 * field (ACC_ERROR_INVALID), for example “participants[1].birth_year: …”. */
AccWalkin  *acc_walkin_new_from_json     (AccStore              *store,
                                          JsonNode              *node,
                                          GError               **error);

/* Checks @walkin against the day: a refusal (missing name, birth year out of range, unknown
 * session, level or group, a group of another session, a session already started) is
 * returned as an error naming the field; what a person must confirm is added to @questions
 * (element-type AccWalkinQuestion), which may be NULL. */
gboolean    acc_walkin_check             (AccStore              *store,
                                          AccWalkin             *walkin,
                                          GPtrArray             *questions,
                                          GError               **error);

/* Writes the customer, booking, participants and enrollments of @walkin whose sessions are
 * of @store's day, with this desk's `origin`, in one transaction, after acc_walkin_check()
 * (a walk-in it refuses is refused here too, nothing written; its questions are taken as
 * confirmed). The first call gives the walk-in its ids and its reference, unique across the
 * school's desks (a prefix of this desk's own, from its device id, and a random part no booking
 * of the day has); a later call with another day's store writes the same documents
 * there, with that day's enrollments. @enrollment_ids (nullable) gets the new enrollments'
 * ids, to check them in. */
gboolean    acc_walkin_register          (AccStore              *store,
                                          AccWalkin             *walkin,
                                          GPtrArray            **enrollment_ids,
                                          GError               **error);

/* The group suggested for a participant of @level_id (nullable) in @session_id: by level,
 * then places left; NULL when none has room. */
char       *acc_walkin_suggest_group     (AccStore              *store,
                                          const char            *session_id,
                                          const char            *level_id,
                                          GError               **error);

/* Cancels an enrollment: a fact, which frees its place. */
gboolean    acc_walkin_cancel_enrollment (AccStore              *store,
                                          const char            *enrollment_id,
                                          GError               **error);

G_END_DECLS
