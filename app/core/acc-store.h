/* acc-store.h: the day's local replica
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "acc-clock.h"
#include "acc-states.h"
#include "acc-store-change.h"

G_BEGIN_DECLS

#define ACC_TYPE_STORE (acc_store_get_type ())
G_DECLARE_FINAL_TYPE (AccStore, acc_store, ACC, STORE, GObject)

#define ACC_STORE_SCHEMA_VERSION 9

typedef enum
{
  ACC_STORE_OPEN_DEFAULT = 0,
  ACC_STORE_OPEN_CREATE  = 1 << 0, /* Create the file when it does not exist. */
  /* The connection only stores what the cloud holds, with the checkpoint that covers it: its
   * commits stay atomic and ordered but need not reach the disk before they return. A power
   * cut may undo the last batches and their checkpoint together; they are received again. */
  ACC_STORE_OPEN_RECEIVER = 1 << 1,
} AccStoreOpenFlags;

typedef enum
{
  ACC_PUT_DEFAULT = 0,
  ACC_PUT_PENDING = 1 << 0, /* Written on this desk: waits in the outbox until sent. */
  /* acc_store_put_batch(): more batches of the same pull follow. The search terms of a
   * participant wait until its booking and its customer are here too, or the last batch. */
  ACC_PUT_MORE_COMING = 1 << 1,
  /* acc_store_put_batch(): the next batch is already waiting for this one: checkpointing
   * the WAL between them would only copy pages that the next one writes again. */
  ACC_PUT_BACK_TO_BACK = 1 << 2,
  /* Received from another desk of the school, not from the cloud: it confirms nothing this
   * desk sent, and a document a desk wrote (acc_document_is_desk_written()) waits here for
   * the cloud too, so that what reached this desk by a peer reaches the cloud when it
   * returns, whichever desk sends it first. */
  ACC_PUT_FROM_PEER = 1 << 3,
} AccPutFlags;

/* What acc_store_list_documents() lists. */
typedef enum
{
  ACC_DOCUMENTS_ALL,
  ACC_DOCUMENTS_WAITING,
} AccDocuments;

/* Documents received from the cloud for acc_store_put_batch(), stored in one transaction with
 * the checkpoint that covers them. */
typedef struct
{
  JsonObject        **docs;
  guint               n_docs;
  const char * const *texts;      /* More documents, as JSON text; nullable when n_texts is 0. */
  guint               n_texts;
  AccPutFlags         flags;      /* ACC_PUT_MORE_COMING, ACC_PUT_BACK_TO_BACK, ACC_PUT_FROM_PEER. */
  const char         *meta_key;   /* Nullable: a checkpoint to move in the same transaction, */
  const char         *meta_value; /* and its new value. */
} AccPutBatch;

/* What acc_store_put_batch() did with the documents it was given. */
typedef struct
{
  guint  n_new;     /* Documents this replica did not hold yet, now stored. */
  guint  n_refused; /* Documents that are no documents of the day, kept nowhere. */
  char  *refusal;   /* Why the first of them was refused, in words. */
} AccPutOutcome;

/* One enrollment as the desk shows it: the planning joined with the derived state. Strings
 * are NULL when the document they come from has not arrived. */
typedef struct
{
  char         *enrollment_id;
  char         *booking_id;
  char         *booking_reference;
  char         *participant_id;
  char         *first_name;
  char         *last_name;
  char         *payer_name;
  char         *session_id;
  char         *session_title;
  char         *starts_at;        /* RFC 3339 with offset. */
  char         *ends_at;
  char         *meeting_point;    /* The group's meeting point, else the session's. */
  char         *group_id;         /* Nullable: not placed yet. */
  char         *group_label;
  char         *instructor_id;    /* The group's current instructor. */
  char         *instructor_name;
  char         *level_code;       /* The group's level, else the declared level. */
  char         *declared_level_id;
  char         *declared_level_label;
  int           birth_year;       /* 0 when unknown. */
  char         *allergies;
  char         *medical_notes;
  char         *emergency_phone;
  char        **pickup_adults;    /* Never NULL. */
  AccEnrollmentStatus status;
  gboolean      checked_in;
  gboolean      placeholder;
  AccAttendance attendance;
  guint         n_conflicts;
} AccEnrollmentRow;

void acc_enrollment_row_free (AccEnrollmentRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccEnrollmentRow, acc_enrollment_row_free)

typedef struct
{
  char   *id;
  char   *reference;
  char   *customer_id;
  char   *payer_first_name;
  char   *payer_last_name;
  char   *payer_phone;
  char   *payer_language;
  gint64  balance_due_cents;
  char   *currency;
  char   *notes;
} AccBookingInfo;

void acc_booking_info_free (AccBookingInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccBookingInfo, acc_booking_info_free)

/* A group of a session with what the desk needs to choose it. */
typedef struct
{
  char *id;
  char *session_id;
  char *label;
  char *level_id;
  char *level_code;
  char *level_label;
  int   level_order;
  char *instructor_id;      /* Nullable. */
  char *instructor_name;
  char *meeting_point;
  int   capacity;
  int   count;              /* Enrollments placed in it, cancelled ones aside. */
  char *session_title;
  char *starts_at;
  char *discipline;
  AccInstructorAttendance instructor_attendance;
  int   checked_in;
  int   no_shows;           /* Places a close-out freed. */
} AccGroupRow;

/* An instructor of the day, for the roll-call. */
typedef struct
{
  char                    *id;
  char                    *first_name;
  char                    *last_name;
  gboolean                 on_call;
  char                   **disciplines;    /* Never NULL. */
  int                      max_level_order;
  AccInstructorAttendance  attendance;
  guint                    n_groups;       /* Groups they lead today. */
} AccInstructorRow;

void acc_instructor_row_free (AccInstructorRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccInstructorRow, acc_instructor_row_free)

/* Pupils and instructors of one level of one session, for the supervisor. */
typedef struct
{
  char   *session_id;
  char   *session_title;
  char   *starts_at;
  char   *level_id;        /* Nullable: pupils whose level is unknown. */
  char   *level_label;
  int     level_order;
  guint   expected;        /* Enrollments not cancelled. */
  guint   checked_in;
  guint   groups;
  guint   instructors_present; /* Groups whose instructor is marked present or late. */
} AccTallyRow;

void acc_tally_row_free (AccTallyRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccTallyRow, acc_tally_row_free)

void acc_group_row_free (AccGroupRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccGroupRow, acc_group_row_free)

/* A session of the day that has groups. */
typedef struct
{
  char *id;
  char *title;              /* Nullable: the session's document has not arrived. */
  char *starts_at;          /* Likewise. */
} AccSessionRow;

void acc_session_row_free (AccSessionRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccSessionRow, acc_session_row_free)

/* A level of the school's scale. */
typedef struct
{
  char *id;
  char *code;
  char *label;
  int   order;
  char *discipline;
  int   min_age;            /* -1: no lower bound. */
  int   max_age;            /* -1: no upper bound. */
} AccLevelRow;

void acc_level_row_free (AccLevelRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccLevelRow, acc_level_row_free)

/* One of the facts that disagree about a subject. */
typedef struct
{
  char *fact_id;
  char *value;              /* Canonical JSON. */
  char *value_label;        /* The value in words, for a person. */
  char *hlc;
  char *device_id;
  char *staff;              /* Nullable. */
  char *at;                 /* The desk's wall clock, RFC 3339. */
} AccConflictFact;

/* A subject whose current facts disagree, for the review list. */
typedef struct
{
  char      *kind;          /* An ACC_SUBJECT_ name. */
  char      *subject_id;
  char      *field;         /* A participant's field, else "". */
  char      *label;         /* What the subject is, in words: "Zoé Lefèvre – group". */
  char      *shown;         /* The value shown now (canonical JSON). */
  GPtrArray *facts;         /* AccConflictFact, greatest hlc first. */
} AccConflict;

void acc_conflict_free (AccConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccConflict, acc_conflict_free)

typedef struct
{
  guint  enrollments;     /* Not cancelled. */
  guint  checked_in;
  guint  conflicts;       /* Subjects waiting for a person to resolve them. */
  guint  pending;         /* Documents waiting to be sent. */
  gint64 oldest_pending;  /* Unix seconds of the oldest pending document, 0 when none. */
  guint  attendance[ACC_N_ATTENDANCE];
  guint  unusable;        /* Documents received that this desk cannot use. */
  guint  refused;         /* Documents of this desk that the server refused. */
} AccStoreStatus;

/* A document that needs a person: received but unusable, or refused by the server. */
typedef struct
{
  char     *id;
  char     *type;
  char     *reason;   /* In words. */
  gboolean  refused;  /* Written here and refused by the server; else received unusable. */
} AccProblem;

void acc_problem_free (AccProblem *problem);

/* AccStore::changed (no arguments) is emitted on the thread that owns the store after every
 * committed change, whoever made it. */
AccStore   *acc_store_open               (const char          *path,
                                          AccStoreOpenFlags    flags,
                                          GError             **error);
const char *acc_store_get_path           (AccStore            *self);
const char *acc_store_get_device_id      (AccStore            *self);
const char *acc_store_get_staff          (AccStore            *self);
void        acc_store_set_staff          (AccStore            *self,
                                          const char          *staff);
AccClock   *acc_store_get_clock          (AccStore            *self);
char       *acc_store_dup_school_name    (AccStore            *self);
char       *acc_store_dup_day            (AccStore            *self);
gboolean    acc_store_set_day            (AccStore            *self,
                                          const char          *day,
                                          GError             **error);

/* Documents from the cloud (or the demo generator): each has _id and type, and _rev unless
 * ACC_PUT_PENDING, which gives it a content-derived first revision. All of them, and the derived
 * state they change, commit in one transaction. */
gboolean    acc_store_put_documents      (AccStore            *self,
                                          JsonObject         **docs,
                                          guint                n_docs,
                                          AccPutFlags          flags,
                                          GError             **error);
JsonObject *acc_store_dup_document       (AccStore            *self,
                                          const char          *id,
                                          GError             **error);

/* Facts written at this desk: each call is one durable transaction that stores the fact
 * documents and updates the derived state. Each fact supersedes the facts that currently
 * decide its subject, so only concurrent writes on two desks make conflicts. */
gboolean    acc_store_check_in           (AccStore            *self,
                                          const char * const  *enrollment_ids,
                                          gboolean             present,
                                          GError             **error);
gboolean    acc_store_assign_group       (AccStore            *self,
                                          const char          *enrollment_id,
                                          const char          *group_id,
                                          const char          *reason,
                                          GError             **error);
gboolean    acc_store_set_attendance     (AccStore            *self,
                                          const char          *enrollment_id,
                                          AccAttendance        state,
                                          GError             **error);
gboolean    acc_store_set_instructor_attendance
                                         (AccStore            *self,
                                          const char          *instructor_id,
                                          AccInstructorAttendance state,
                                          GError             **error);
gboolean    acc_store_assign_instructor  (AccStore            *self,
                                          const char          *group_id,
                                          const char          *instructor_id,
                                          GError             **error);
gboolean    acc_store_update_participant (AccStore            *self,
                                          const char          *participant_id,
                                          JsonObject          *changes,
                                          GError             **error);
gboolean    acc_store_close_out          (AccStore            *self,
                                          const char          *session_id,
                                          GError             **error);
gboolean    acc_store_set_enrollment_status
                                         (AccStore            *self,
                                          const char          *enrollment_id,
                                          AccEnrollmentStatus  status,
                                          GError             **error);

/* Checks in, and places each enrollment that has no group in the group
 * acc_store_suggest_group() gives: one transaction. */
gboolean    acc_store_check_in_and_place (AccStore            *self,
                                          const char * const  *enrollment_ids,
                                          GError             **error);
/* Writes a fact that keeps @keep_fact_id's value and supersedes every current fact of the
 * subject, so the conflict leaves the review list on every desk. */
gboolean    acc_store_resolve_conflict   (AccStore            *self,
                                          const char          *kind,
                                          const char          *subject_id,
                                          const char          *field,
                                          const char          *keep_fact_id,
                                          GError             **error);

/* Resolve a booking reference (any case, spaces and dashes ignored) to its id. */
char       *acc_store_lookup_booking     (AccStore            *self,
                                          const char          *reference,
                                          GError             **error);
GPtrArray  *acc_store_search             (AccStore            *self,
                                          const char          *text,
                                          guint                limit,
                                          GError             **error);
AccEnrollmentRow *acc_store_get_enrollment
                                         (AccStore            *self,
                                          const char          *enrollment_id,
                                          GError             **error);
GPtrArray  *acc_store_list_enrollments_of_session
                                         (AccStore            *self,
                                          const char          *session_id,
                                          GError             **error);
GPtrArray  *acc_store_list_enrollments_of_group
                                         (AccStore            *self,
                                          const char          *group_id,
                                          GError             **error);
GPtrArray  *acc_store_list_enrollments_of_booking
                                         (AccStore            *self,
                                          const char          *booking_id,
                                          GError             **error);
AccBookingInfo *acc_store_get_booking    (AccStore            *self,
                                          const char          *booking_id,
                                          GError             **error);
GPtrArray  *acc_store_list_groups        (AccStore            *self,
                                          const char          *session_id,
                                          GError             **error);
AccGroupRow *acc_store_get_group         (AccStore            *self,
                                          const char          *group_id,
                                          GError             **error);
GPtrArray  *acc_store_list_sessions      (AccStore            *self,
                                          GError             **error);
AccSessionRow *acc_store_get_session     (AccStore            *self,
                                          const char          *session_id,
                                          GError             **error);
GPtrArray  *acc_store_list_levels        (AccStore            *self,
                                          GError             **error);
GPtrArray  *acc_store_list_groups_of_instructor
                                         (AccStore            *self,
                                          const char          *instructor_id,
                                          GError             **error);
GPtrArray  *acc_store_list_instructors   (AccStore            *self,
                                          GError             **error);
AccInstructorRow *acc_store_get_instructor
                                         (AccStore            *self,
                                          const char          *instructor_id,
                                          GError             **error);
GPtrArray  *acc_store_tally              (AccStore            *self,
                                          GError             **error);
char       *acc_store_create_group       (AccStore            *self,
                                          const char          *session_id,
                                          const char          *level_id,
                                          int                  capacity,
                                          const char          *instructor_id,
                                          const char          *label,
                                          GError             **error);
char       *acc_store_suggest_group      (AccStore            *self,
                                          const char          *enrollment_id,
                                          GError             **error);
char       *acc_store_suggest_group_for_level
                                         (AccStore            *self,
                                          const char          *session_id,
                                          const char          *level_id,
                                          GHashTable          *taken,
                                          GError             **error);
GPtrArray  *acc_store_list_conflicts     (AccStore            *self,
                                          GError             **error);
gboolean    acc_store_get_status         (AccStore            *self,
                                          AccStoreStatus      *status,
                                          GError             **error);
JsonNode   *acc_store_export_json        (AccStore            *self,
                                          GError             **error);
char       *acc_store_export_csv         (AccStore            *self,
                                          GError             **error);

/* Replication (AccSyncEngine) */
char       *acc_store_dup_meta           (AccStore            *self,
                                          const char          *key);
gboolean    acc_store_set_meta           (AccStore            *self,
                                          const char          *key,
                                          const char          *value,
                                          GError             **error);
GStrv       acc_store_list_meta_keys     (AccStore            *self,
                                          const char          *prefix,
                                          GError             **error);
gboolean    acc_store_put_batch          (AccStore            *self,
                                          const AccPutBatch   *batch,
                                          AccPutOutcome       *outcome,
                                          GError             **error);
void        acc_put_outcome_clear        (AccPutOutcome       *outcome);
gboolean    acc_store_has_revision       (AccStore            *self,
                                          const char          *id,
                                          const char          *rev);
GPtrArray  *acc_store_list_outbox        (AccStore            *self,
                                          guint                limit,
                                          GError             **error);
GPtrArray  *acc_store_list_documents     (AccStore            *self,
                                          AccDocuments         which,
                                          const char          *after_id,
                                          guint                limit,
                                          GError             **error);
gboolean    acc_store_mark_sent          (AccStore            *self,
                                          const char * const  *ids,
                                          const char * const  *revs,
                                          guint                n,
                                          GError             **error);
gboolean    acc_store_mark_refused       (AccStore            *self,
                                          const char          *id,
                                          const char          *rev,
                                          const char          *reason,
                                          GError             **error);
void        acc_store_emit_changed       (AccStore            *self);
GPtrArray  *acc_store_list_problems      (AccStore            *self,
                                          GError             **error);

/* Serving the day to peer desks (AccPeerServer), on connections of the server's own. */

/* One leaf revision of a document. */
typedef struct
{
  char     *rev;
  gboolean  deleted;
  char     *body;     /* Nullable: its JSON as stored, with or without `_rev`. */
  char     *ancestors; /* Nullable: acc_revisions_dup_ancestors() of it as received. */
} AccLeaf;

/* A document with its leaves, the winner first. */
typedef struct
{
  gint64     seq;     /* Its update sequence (acc_store_list_changes()), else 0. */
  char      *id;
  GPtrArray *leaves;  /* AccLeaf */
} AccDocLeaves;

void        acc_doc_leaves_free          (AccDocLeaves        *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccDocLeaves, acc_doc_leaves_free)

gboolean    acc_store_get_update_seq     (AccStore            *self,
                                          gint64              *update_seq,
                                          gint64              *doc_count,
                                          gint64              *del_count,
                                          GError             **error);
GPtrArray  *acc_store_list_changes       (AccStore            *self,
                                          gint64               since,
                                          guint                limit,
                                          gboolean             with_body,
                                          GError             **error);
AccDocLeaves *acc_store_get_leaves       (AccStore            *self,
                                          const char          *id,
                                          GError             **error);
GPtrArray  *acc_store_list_winners       (AccStore            *self,
                                          const char          *from_id,
                                          gboolean             inclusive,
                                          const char          *to_id,
                                          guint                limit,
                                          gboolean             with_body,
                                          GError             **error);

/* Throw the derived state away and derive it again from the stored documents. */
gboolean    acc_store_rederive           (AccStore            *self,
                                          GError             **error);

G_END_DECLS
