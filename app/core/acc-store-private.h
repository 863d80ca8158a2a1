/* acc-store-private.h: what the source files of the store share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AccStore's structure, its statements and the functions that more than one of the store's
 * files use, named acc_store_*() like its API; a helper that one file uses stays static there.
 * Only the store's files (app/core/acc-store*.c) include this header.
 */
#pragma once

#include <sqlite3.h>

#include "acc-store.h"

G_BEGIN_DECLS

typedef enum
{
  STMT_BEGIN,
  STMT_CHANGE_ENROLLMENT_GROUP,
  STMT_CHANGE_GROUP_INSTRUCTOR,
  STMT_CHANGE_GROUPS_LED,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_META_GET,
  STMT_META_SET,
  STMT_META_KEYS,
  STMT_DOC_GET,
  STMT_DOC_BODY,
  STMT_DOC_ANY,
  STMT_DOC_UPSERT,
  STMT_DOC_INSERT_NEW,
  STMT_LEAF_EXISTS,
  STMT_LEAF_INSERT,
  STMT_LEAF_DELETE,
  STMT_LEAF_DELETE_OLDER,
  STMT_LEAF_LIST,
  STMT_DOC_NEXT_SEQ,
  STMT_SCHOOL_PUT,
  STMT_LEVEL_PUT,
  STMT_MEETING_POINT_PUT,
  STMT_INSTRUCTOR_PUT,
  STMT_SESSION_PUT,
  STMT_GROUP_PUT,
  STMT_CUSTOMER_PUT,
  STMT_BOOKING_PUT,
  STMT_PARTICIPANT_PUT,
  STMT_ENROLLMENT_PUT,
  STMT_REFRESH_ENROLLMENT,
  STMT_ENROLLMENT_HAS_STATE,
  STMT_REFRESH_SESSION_ENROLLMENTS,
  STMT_REFRESH_GROUP,
  STMT_PARTICIPANT_STATE,
  STMT_PARTICIPANTS_OF_BOOKING,
  STMT_PARTICIPANTS_OF_CUSTOMER,
  STMT_TERMS_DELETE,
  STMT_TERMS_SOURCE,
  STMT_TERM_INSERT,
  STMT_FACT_SUBJECT_PUT,
  STMT_FACT_SUPERSEDED,
  STMT_SUPERSESSION_PUT,
  STMT_SUPERSESSION_OF_FACT,
  STMT_SUPERSESSION_DELETE,
  STMT_FACT_SUBJECTS_OF,
  STMT_FACT_SUBJECTS_SET_SUPERSEDED,
  STMT_FACT_SUBJECTS_DELETE,
  STMT_SUBJECT_CURRENT,
  STMT_SUBJECT_STATE_PUT,
  STMT_SUBJECT_STATE_DELETE,
  STMT_SUBJECT_STATE_GET,
  STMT_MAX_HLC,
  STMT_SUBJECT_STATE_ANY,
  STMT_STALE_TERMS_ADD,
  STMT_STALE_TERMS_FORGET,
  STMT_STALE_TERMS_ANY,
  STMT_STALE_TERMS_LIST,
  STMT_STALE_TERMS_CLEAR,
  STMT_ENROLLMENT_GET,
  STMT_GROUP_GET,
  STMT_EXISTS_INSTRUCTOR,
  STMT_EXISTS_PARTICIPANT,
  STMT_EXISTS_SESSION,
  STMT_BOOKING_BY_KEY,
  STMT_SEARCH_1,
  STMT_SEARCH_2,
  STMT_SEARCH_3,
  STMT_SEARCH_4,
  STMT_ROWS_OF_ENROLLMENT,
  STMT_ROWS_OF_PARTICIPANT,
  STMT_ROWS_OF_SESSION,
  STMT_ROWS_OF_GROUP,
  STMT_ROWS_OF_BOOKING,
  STMT_STATUS_COUNTS,
  STMT_STATUS_ATTENDANCE,
  STMT_STATUS_CONFLICTS,
  STMT_STATUS_PENDING,
  STMT_SCHOOL_NAME,
  STMT_FIRST_SESSION_DAY,
  STMT_EXPORT_ENROLLMENTS,
  STMT_EXPORT_GROUPS,
  STMT_EXPORT_SESSIONS,
  STMT_EXPORT_INSTRUCTORS,
  STMT_EXPORT_PARTICIPANTS,
  STMT_EXPORT_CONFLICTS,
  STMT_ALL_DOCS,
  STMT_BOOKING_GET,
  STMT_GROUPS_OF_SESSION,
  STMT_SUGGEST_GROUP,
  STMT_SUGGEST_GROUP_FOR_LEVEL,
  STMT_LEVELS,
  STMT_SESSION_BY_ID,
  STMT_PARTICIPANT_NAME,
  STMT_GROUP_LABEL,
  STMT_INSTRUCTOR_NAME,
  STMT_SESSION_TITLE,
  STMT_LEVEL_LABEL,
  STMT_FACT_IS_CURRENT,
  STMT_FACT_SUBJECTS_CURRENT_FIELDS,
  STMT_GROUPS_ALL,
  STMT_SESSIONS_WITH_GROUPS,
  STMT_GROUPS_OF_INSTRUCTOR,
  STMT_GROUP_BY_ID,
  STMT_INSTRUCTOR_BY_ID,
  STMT_INSTRUCTORS,
  STMT_TALLY,
  STMT_SESSION_MEETING_POINT,
  STMT_EXISTS_LEVEL,
  STMT_DOC_CONFIRM,
  STMT_DOC_REFUSE,
  STMT_OUTBOX,
  STMT_DOCS_AFTER,
  STMT_WAITING_AFTER,
  STMT_PROBLEMS,
  STMT_STATUS_PROBLEMS,
  STMT_PEER_UPDATE_SEQ,
  STMT_PEER_CHANGES,
  STMT_PEER_LEAVES,
  STMT_PEER_WINNERS,
  N_STMTS
} StmtId;

/* acc-store-sql.c: the migrations, acc_store_n_migrations of them, and the statements. */
extern const char * const acc_store_migrations[];
extern const guint        acc_store_n_migrations;
extern const char * const acc_store_statements[N_STMTS];

/* When a transaction writes the search terms it made stale. */
typedef enum
{
  TERMS_NOW,      /* Its own, as it commits. */
  /* Those of the participants whose booking and customer are here; it records the others
   * for a later transaction (ACC_PUT_MORE_COMING). */
  TERMS_COMPLETE,
  TERMS_WAITING,  /* Its own and those recorded by earlier transactions. */
} TermsMode;

struct _AccStore
{
  GObject        parent_instance;

  char          *path;
  sqlite3       *db;
  sqlite3_stmt  *stmts[N_STMTS];
  /* Participants whose search terms the transaction must rewrite before it commits: a
   * participant, its booking and its customer often arrive in one batch. */
  GHashTable    *stale_terms;
  TermsMode      terms_mode;
  gboolean       back_to_back; /* Another batch follows at once (ACC_PUT_BACK_TO_BACK). */
  /* Whether subject_state has a row, as far as this transaction knows: -1 not looked yet. A
   * day without facts (a first pull before the desks open) holds the plan as written. */
  int            any_state;
  guint          n_known;      /* Revisions put in this transaction that were held already. */
  /* What this transaction changed, for AccStore::changed; NULL before its first change. */
  AccStoreChange *change;
  char          *device_id;
  char          *staff;
  AccClock      *clock;

  /* Background checkpoints: the pool runs one at a time on its own connection. */
  GThreadPool   *checkpointer;
  sqlite3       *checkpoint_db;
  /* Held by whoever copies the WAL back, so the writer's own checkpoint waits for one that
   * runs instead of failing beside it. */
  GMutex         checkpoint_lock;
  gint           checkpoint_queued;
  int            checkpoint_pages;      /* CHECKPOINT_BYTES in pages of this database. */
  int            checkpoint_pages_max;  /* CHECKPOINT_BYTES_MAX likewise. */
};

#define STEP_FAILED(rc) ((rc) != SQLITE_ROW && (rc) != SQLITE_DONE)

/* Reads one row of a statement into a new object, or sets @error and returns %NULL: see
 * acc_store_collect_stmt(). */
typedef gpointer (*ReadRow) (sqlite3_stmt  *s,
                             GError       **error);

/* acc-store.c: errors, statements, transactions, meta */
int           acc_store_compare_strings_ptr     (const void      *a,
                                                 const void      *b);
gboolean      acc_store_set_sqlite_error        (AccStore        *self,
                                                 int              rc,
                                                 GError         **error);
sqlite3_stmt *acc_store_stmt                    (AccStore        *self,
                                                 StmtId           id);
void          acc_store_bind_text               (sqlite3_stmt    *s,
                                                 int              index,
                                                 const char      *text);
void          acc_store_bind_member             (sqlite3_stmt    *s,
                                                 int              index,
                                                 JsonObject      *doc,
                                                 const char      *member);
gboolean      acc_store_step_done               (AccStore        *self,
                                                 sqlite3_stmt    *s,
                                                 GError         **error);
int           acc_store_step_row                (AccStore        *self,
                                                 sqlite3_stmt    *s,
                                                 GError         **error);
char         *acc_store_column_dup              (sqlite3_stmt    *s,
                                                 int              column);
gboolean      acc_store_exec                    (AccStore        *self,
                                                 const char      *sql,
                                                 GError         **error);
gboolean      acc_store_begin                   (AccStore        *self,
                                                 GError         **error);
void          acc_store_rollback                (AccStore        *self);
gboolean      acc_store_commit_quietly          (AccStore        *self,
                                                 GError         **error);
gboolean      acc_store_commit                  (AccStore        *self,
                                                 GError         **error);
gboolean      acc_store_finish_write            (AccStore        *self,
                                                 gboolean         ok,
                                                 GError         **error);
AccStoreChange *acc_store_pending_change        (AccStore        *self);
char         *acc_store_meta_get                (AccStore        *self,
                                                 const char      *key);
gboolean      acc_store_meta_set                (AccStore        *self,
                                                 const char      *key,
                                                 const char      *value,
                                                 GError         **error);

/* acc-store-documents.c: storing one document */
gboolean      acc_store_put_one                 (AccStore        *self,
                                                 JsonObject      *doc,
                                                 const char      *text,
                                                 AccPutFlags      flags,
                                                 AccPutOutcome   *refused,
                                                 GError         **error);

/* acc-store-projection.c: the rows of a document */
gboolean      acc_store_project                 (AccStore        *self,
                                                 const char      *id,
                                                 const char      *type,
                                                 JsonObject      *doc,
                                                 GArray          *subjects,
                                                 GError         **error);
gboolean      acc_store_unproject               (AccStore        *self,
                                                 const char      *id,
                                                 const char      *type,
                                                 GError         **error);

/* acc-store-derive.c: derived rows, and the facts derived into them */
gboolean      acc_store_refresh_by_id           (AccStore        *self,
                                                 StmtId           id,
                                                 const char      *subject_id,
                                                 GError         **error);
gboolean      acc_store_has_any_state           (AccStore        *self,
                                                 gboolean        *any,
                                                 GError         **error);
gboolean      acc_store_refresh_planned         (AccStore        *self,
                                                 StmtId           id,
                                                 const char      *subject_id,
                                                 GError         **error);
JsonObject   *acc_store_load_body               (AccStore        *self,
                                                 const char      *id,
                                                 const char      *type,
                                                 GError         **error);
gboolean      acc_store_refresh_participant     (AccStore        *self,
                                                 const char      *participant_id,
                                                 JsonObject      *winner,
                                                 GError         **error);
gboolean      acc_store_apply_fact              (AccStore        *self,
                                                 const char      *fact_id,
                                                 JsonObject      *fact,
                                                 GArray          *subjects,
                                                 GError         **error);
gboolean      acc_store_unapply_fact            (AccStore        *self,
                                                 const char      *fact_id,
                                                 GError         **error);

/* acc-store-search.c: search terms, written as the transaction commits */
void          acc_store_mark_terms_stale        (AccStore        *self,
                                                 const char      *participant_id);
gboolean      acc_store_write_stale_terms       (AccStore        *self,
                                                 GError         **error);
gboolean      acc_store_mark_terms_stale_of     (AccStore        *self,
                                                 StmtId           query,
                                                 const char      *id,
                                                 GError         **error);

/* acc-store-facts.c: facts written at this desk */
JsonObject   *acc_store_participant_change      (const char      *participant_id,
                                                 const char      *field,
                                                 JsonNode        *value);
gboolean      acc_store_record_fact             (AccStore        *self,
                                                 const char      *kind,
                                                 const char      *subject_kind,
                                                 const char      *subject_id,
                                                 const char      *field,
                                                 JsonObject      *fields,
                                                 GError         **error);
/* What a write needs of an enrollment; %ACC_ERROR_NOT_FOUND when the day has none. */
gboolean      acc_store_read_enrollment         (AccStore        *self,
                                                 const char      *enrollment_id,
                                                 char           **session_id,
                                                 gboolean        *cancelled,
                                                 char           **group_id,
                                                 GError         **error);

/* acc-store-queries.c: rows read for the screens */
gboolean      acc_store_collect_rows            (AccStore        *self,
                                                 StmtId           query,
                                                 const char      *id,
                                                 GPtrArray       *rows,
                                                 GError         **error);
int           acc_store_compare_rows            (gconstpointer    a,
                                                 gconstpointer    b);
GPtrArray    *acc_store_collect_stmt            (AccStore        *self,
                                                 sqlite3_stmt    *s,
                                                 ReadRow          read,
                                                 GDestroyNotify   free_func,
                                                 GError         **error);
GPtrArray    *acc_store_collect                 (AccStore        *self,
                                                 StmtId           query,
                                                 const char      *id,
                                                 ReadRow          read,
                                                 GDestroyNotify   free_func,
                                                 GError         **error);
char         *acc_store_lookup_text             (AccStore        *self,
                                                 StmtId           query,
                                                 const char      *id);
char         *acc_store_suggest_group_unchecked (AccStore        *self,
                                                 const char      *enrollment_id);

G_END_DECLS
