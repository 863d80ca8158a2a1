/* acc-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * One AccStore owns one SQLite connection to one school day. The file is in WAL mode with
 * synchronous=FULL: when a write function returns TRUE its transaction is on disk and survives
 * a power cut or a killed process.
 *
 * Documents are kept as they came, by _id, with every leaf revision in doc_leaf and the
 * winning one (CouchDB's rule, acc_rev_compare()) named in doc. Nothing the desk shows is read
 * from the JSON: every document is projected into indexed tables when it is stored, in the
 * same transaction, and facts are derived into subject_state:
 *
 *  - fact_subject holds what each fact says about each subject, and whether a fact we hold
 *    supersedes it; supersession remembers who superseded whom, so that a superseding fact
 *    that arrives before the fact it replaces still wins.
 *  - subject_state holds, for each subject, the value of the current fact with the greatest
 *    hlc, and whether the current facts disagree (a conflict).
 *  - the derived columns of enrollment, grp and participant are refreshed from subject_state
 *    whenever a subject of theirs changes, and when their own document arrives, so a fact that
 *    arrives before its document applies as soon as the document does.
 *
 * Every step only depends on the set of documents held, never on the order they came in, so
 * acc_store_rederive() (start from nothing, apply every document again) gives the same state
 * as applying them one by one; the unit tests check this on random fact sets.
 *
 * Copying the WAL back into the database (a checkpoint) costs several milliseconds: SQLite's
 * automatic checkpoint would make one check-in in fifty wait for it. Instead, when a commit
 * leaves more than CHECKPOINT_BYTES in the WAL, a worker thread with its own connection runs a
 * passive checkpoint, which never blocks the writer; the next commit after it restarts the
 * WAL from its beginning.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "acc-document.h"
#include "acc-error.h"
#include "acc-fact.h"
#include "acc-json-text.h"
#include "acc-store.h"
#include "acc-text.h"

#include "acc-store-private.h"

/* "Acc1" */
#define STORE_APPLICATION_ID 0x41636331
#define SEARCH_MAX_TOKENS 4
/* Pages of 16 KiB: a batch of a first pull inserts into B-trees at random places, and fewer,
 * larger pages make fewer of them to write and to copy back; searches read fewer pages too. A
 * database created with another size keeps it. */
#define PAGE_SIZE 16384
#define CHECKPOINT_BYTES (4 * 1024 * 1024)
/* Under a continuous stream of writes a passive checkpoint never catches up with the writer;
 * past this size the writer checkpoints itself, once, so the WAL stays bounded. */
#define CHECKPOINT_BYTES_MAX (40 * 1024 * 1024)

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
  char          *device_id;
  char          *staff;
  AccClock      *clock;

  /* Background checkpoints: the pool runs one at a time on its own connection. */
  GThreadPool   *checkpointer;
  sqlite3       *checkpoint_db;
  gint           checkpoint_queued;
  int            checkpoint_pages;      /* CHECKPOINT_BYTES in pages of this database. */
  int            checkpoint_pages_max;  /* CHECKPOINT_BYTES_MAX likewise. */
};

G_DEFINE_FINAL_TYPE (AccStore, acc_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_STAFF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const attendance_names[ACC_N_ATTENDANCE] = {
  "undetermined", "present", "late", "absent", "no_show", "excused",
};

const char *
acc_attendance_to_string (AccAttendance state)
{
  g_return_val_if_fail (state < ACC_N_ATTENDANCE, NULL);

  return attendance_names[state];
}

gboolean
acc_attendance_from_string (const char    *text,
                            AccAttendance *state)
{
  for (guint i = 0; i < ACC_N_ATTENDANCE; i++)
    if (g_strcmp0 (text, attendance_names[i]) == 0)
      {
        *state = i;
        return TRUE;
      }

  return FALSE;
}

void
acc_enrollment_row_free (AccEnrollmentRow *row)
{
  if (row == NULL)
    return;

  g_free (row->enrollment_id);
  g_free (row->booking_id);
  g_free (row->booking_reference);
  g_free (row->participant_id);
  g_free (row->first_name);
  g_free (row->last_name);
  g_free (row->payer_name);
  g_free (row->session_id);
  g_free (row->session_title);
  g_free (row->starts_at);
  g_free (row->ends_at);
  g_free (row->meeting_point);
  g_free (row->group_id);
  g_free (row->group_label);
  g_free (row->instructor_id);
  g_free (row->instructor_name);
  g_free (row->level_code);
  g_free (row->declared_level_id);
  g_free (row->declared_level_label);
  g_free (row->allergies);
  g_free (row->medical_notes);
  g_free (row->emergency_phone);
  g_strfreev (row->pickup_adults);
  g_free (row->status);
  g_free (row);
}

void
acc_booking_info_free (AccBookingInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->id);
  g_free (info->reference);
  g_free (info->customer_id);
  g_free (info->payer_first_name);
  g_free (info->payer_last_name);
  g_free (info->payer_phone);
  g_free (info->payer_language);
  g_free (info->currency);
  g_free (info->notes);
  g_free (info);
}

void
acc_group_row_free (AccGroupRow *row)
{
  if (row == NULL)
    return;

  g_free (row->id);
  g_free (row->session_id);
  g_free (row->label);
  g_free (row->level_id);
  g_free (row->level_code);
  g_free (row->level_label);
  g_free (row->instructor_id);
  g_free (row->instructor_name);
  g_free (row->meeting_point);
  g_free (row->session_title);
  g_free (row->starts_at);
  g_free (row->discipline);
  g_free (row->instructor_attendance);
  g_free (row);
}

void
acc_session_row_free (AccSessionRow *row)
{
  if (row == NULL)
    return;

  g_free (row->id);
  g_free (row->title);
  g_free (row->starts_at);
  g_free (row);
}

void
acc_instructor_row_free (AccInstructorRow *row)
{
  if (row == NULL)
    return;

  g_free (row->id);
  g_free (row->first_name);
  g_free (row->last_name);
  g_strfreev (row->disciplines);
  g_free (row->attendance);
  g_free (row);
}

void
acc_tally_row_free (AccTallyRow *row)
{
  if (row == NULL)
    return;

  g_free (row->session_id);
  g_free (row->session_title);
  g_free (row->starts_at);
  g_free (row->level_id);
  g_free (row->level_label);
  g_free (row);
}

static void
conflict_fact_free (AccConflictFact *fact)
{
  g_free (fact->fact_id);
  g_free (fact->value);
  g_free (fact->value_label);
  g_free (fact->hlc);
  g_free (fact->device_id);
  g_free (fact->staff);
  g_free (fact->at);
  g_free (fact);
}

void
acc_conflict_free (AccConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->kind);
  g_free (conflict->subject_id);
  g_free (conflict->field);
  g_free (conflict->label);
  g_free (conflict->shown);
  g_clear_pointer (&conflict->facts, g_ptr_array_unref);
  g_free (conflict);
}

static int
compare_strings_ptr (const void *a,
                     const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Errors */

static gboolean
set_sqlite_error (AccStore  *self,
                  int        rc,
                  GError   **error)
{
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, ACC_ERROR, ACC_ERROR_IO,
                   _("The disk is full: the change was not saved. Free some space and try "
                     "again."));
      break;
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      g_set_error (error, ACC_ERROR, ACC_ERROR_IO,
                   _("The database %s could not be written (%s): the change was not saved."),
                   self->path, detail);
      break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, ACC_ERROR, ACC_ERROR_CORRUPT,
                   _("%s is not an Accueil database, or it is damaged."), self->path);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, ACC_ERROR, ACC_ERROR_BUSY,
                   _("The database %s is in use by another program: try again."), self->path);
      break;
    default:
      g_set_error (error, ACC_ERROR, ACC_ERROR_FAILED,
                   _("The database %s failed: %s"), self->path, detail);
      break;
    }

  return FALSE;
}

/* Statements */

static sqlite3_stmt *
stmt (AccStore *self,
      StmtId    id)
{
  if G_UNLIKELY (self->stmts[id] == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, acc_store_statements[id], -1,
                                   SQLITE_PREPARE_PERSISTENT, &self->stmts[id], NULL);
      if (rc != SQLITE_OK)
        g_error ("Cannot prepare statement %d: %s", id, sqlite3_errmsg (self->db));
    }

  sqlite3_reset (self->stmts[id]);
  sqlite3_clear_bindings (self->stmts[id]);

  return self->stmts[id];
}

static void
bind_text (sqlite3_stmt *s,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (s, index);
  else
    sqlite3_bind_text (s, index, text, -1, SQLITE_TRANSIENT);
}

/* Binds a member of a document: strings and numbers as they are, booleans as 0/1, lists and
 * objects as JSON text, absent or null as NULL. */
static void
bind_member (sqlite3_stmt *s,
             int           index,
             JsonObject   *doc,
             const char   *member)
{
  JsonNode *node = json_object_get_member (doc, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    sqlite3_bind_null (s, index);
  else if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        sqlite3_bind_text (s, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      else if (type == G_TYPE_BOOLEAN)
        sqlite3_bind_int (s, index, json_node_get_boolean (node));
      else if (type == G_TYPE_DOUBLE)
        sqlite3_bind_double (s, index, json_node_get_double (node));
      else
        sqlite3_bind_int64 (s, index, json_node_get_int (node));
    }
  else
    {
      g_autofree char *text = acc_json_to_canonical (node);
      sqlite3_bind_text (s, index, text, -1, SQLITE_TRANSIENT);
    }
}

static gboolean
step_done (AccStore      *self,
           sqlite3_stmt  *s,
           GError       **error)
{
  int rc = sqlite3_step (s);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      sqlite3_reset (s);
      return set_sqlite_error (self, rc, error);
    }

  sqlite3_reset (s);
  return TRUE;
}

/* Steps @s once. Returns SQLITE_ROW or SQLITE_DONE, or sets @error and returns the code. */
static int
step_row (AccStore      *self,
          sqlite3_stmt  *s,
          GError       **error)
{
  int rc = sqlite3_step (s);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_sqlite_error (self, rc, error);

  return rc;
}

#define STEP_FAILED(rc) ((rc) != SQLITE_ROW && (rc) != SQLITE_DONE)

static char *
column_dup (sqlite3_stmt *s,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (s, column));
}

static gboolean
exec (AccStore    *self,
      const char  *sql,
      GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, error);

  return TRUE;
}

static gboolean
begin (AccStore  *self,
       GError   **error)
{
  g_hash_table_remove_all (self->stale_terms);
  self->terms_mode = TERMS_NOW;
  self->back_to_back = FALSE;
  self->any_state = -1;
  return step_done (self, stmt (self, STMT_BEGIN), error);
}

static void
rollback (AccStore *self)
{
  g_hash_table_remove_all (self->stale_terms);
  if (!sqlite3_get_autocommit (self->db))
    step_done (self, stmt (self, STMT_ROLLBACK), NULL);
}

static gboolean write_stale_terms (AccStore *self, GError **error);

/* Commits without telling the desk: see commit(). */
static gboolean
commit_quietly (AccStore  *self,
                GError   **error)
{
  if (!write_stale_terms (self, error) || !step_done (self, stmt (self, STMT_COMMIT), error))
    {
      rollback (self);
      return FALSE;
    }

  return TRUE;
}

static gboolean
commit (AccStore  *self,
        GError   **error)
{
  if (!commit_quietly (self, error))
    return FALSE;

  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* Meta */

static char *
meta_get (AccStore   *self,
          const char *key)
{
  sqlite3_stmt *s = stmt (self, STMT_META_GET);
  char *value = NULL;

  bind_text (s, 1, key);
  if (sqlite3_step (s) == SQLITE_ROW)
    value = column_dup (s, 0);
  sqlite3_reset (s);

  return value;
}

static gboolean
meta_set (AccStore    *self,
          const char  *key,
          const char  *value,
          GError     **error)
{
  sqlite3_stmt *s = stmt (self, STMT_META_SET);

  bind_text (s, 1, key);
  bind_text (s, 2, value);
  return step_done (self, s, error);
}

/* GObject */

static void
acc_store_finalize (GObject *object)
{
  AccStore *self = (AccStore *)object;

  /* Waits for a checkpoint that is running. */
  if (self->checkpointer != NULL)
    g_thread_pool_free (self->checkpointer, TRUE, TRUE);
  g_clear_pointer (&self->checkpoint_db, sqlite3_close);

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->stale_terms, g_hash_table_unref);
  g_clear_object (&self->clock);
  g_free (self->path);
  g_free (self->device_id);
  g_free (self->staff);

  G_OBJECT_CLASS (acc_store_parent_class)->finalize (object);
}

static void
acc_store_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  AccStore *self = ACC_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_STAFF:
      g_value_set_string (value, self->staff);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_store_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  AccStore *self = ACC_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_STAFF:
      acc_store_set_staff (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_store_class_init (AccStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  /* Before SQLite's first use in the process: counting every allocation takes a global lock,
   * thousands of times per batch of documents, for figures nothing reads. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

  object_class->finalize = acc_store_finalize;
  object_class->get_property = acc_store_get_property;
  object_class->set_property = acc_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STAFF] =
    g_param_spec_string ("staff", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AccStore::changed:
   *
   * Emitted after every committed change, whoever made it.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
acc_store_init (AccStore *self)
{
  self->stale_terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Opening */

/* A participant's number (its rowid, by which the search terms name it), made from its id so
 * that every replica gives it the same: a search with more matches than it returns keeps the
 * first in the order of (term, number), and two replicas keep the same. It is a 62-bit hash
 * (FNV-1a) of the id: two ids of one day giving the same number, one chance in 10^10 for
 * 15,000 participants, would fail the write. */
static gint64
participant_key (const char *id)
{
  guint64 value = G_GUINT64_CONSTANT (14695981039346656037);

  for (const char *p = id; *p != '\0'; p++)
    value = (value ^ (guchar) *p) * G_GUINT64_CONSTANT (1099511628211);
  return (gint64) (value >> 2) + 1;
}

static void
sql_participant_key (sqlite3_context  *context,
                     int               argc,
                     sqlite3_value   **argv)
{
  const char *id = (const char *) sqlite3_value_text (argv[0]);

  if (id == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_int64 (context, participant_key (id));
}

static gboolean
read_pragma_int (AccStore    *self,
                 const char  *sql,
                 int         *value,
                 GError     **error)
{
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &s, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (s);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int (s, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (s);

  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, error);

  return TRUE;
}

static gboolean
migrate (AccStore  *self,
         int        from,
         GError   **error)
{
  for (int version = from + 1; version <= (int) acc_store_n_migrations; version++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version);
      g_autofree char *set_app_id = g_strdup_printf ("PRAGMA application_id = %d",
                                                     STORE_APPLICATION_ID);

      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!exec (self, acc_store_migrations[version - 1], error) ||
          !exec (self, set_app_id, error) ||
          !exec (self, set_version, error) ||
          !exec (self, "COMMIT", error))
        {
          exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
load_identity (AccStore  *self,
               GError   **error)
{
  sqlite3_stmt *s;
  int rc;

  self->device_id = meta_get (self, "device_id");
  if (self->device_id == NULL)
    {
      /* The device id names this replica in the facts it writes. */
      self->device_id = acc_uuid_new ();
      if (!meta_set (self, "device_id", self->device_id, error))
        return FALSE;
    }

  self->clock = acc_clock_new (self->device_id);

  s = stmt (self, STMT_MAX_HLC);
  rc = step_row (self, s, error);
  if (STEP_FAILED (rc))
    return FALSE;
  if (rc == SQLITE_ROW && sqlite3_column_type (s, 0) != SQLITE_NULL)
    acc_clock_observe (self->clock, (const char *) sqlite3_column_text (s, 0));
  sqlite3_reset (s);

  return TRUE;
}

static void
run_checkpoint (gpointer data,
                gpointer user_data)
{
  AccStore *self = user_data;

  /* A connection learns that the database is in WAL mode when it first reads it; until then
   * its checkpoints do nothing. */
  if (self->checkpoint_db == NULL &&
      (sqlite3_open_v2 (self->path, &self->checkpoint_db, SQLITE_OPEN_READWRITE,
                        NULL) != SQLITE_OK ||
       sqlite3_exec (self->checkpoint_db, "SELECT count(*) FROM sqlite_master", NULL, NULL,
                     NULL) != SQLITE_OK))
    g_clear_pointer (&self->checkpoint_db, sqlite3_close);

  /* A failure (a full disk) leaves the WAL as it is: nothing is lost, the next commit tries
   * again. */
  if (self->checkpoint_db != NULL)
    {
      sqlite3_busy_timeout (self->checkpoint_db, 1000);
      sqlite3_wal_checkpoint_v2 (self->checkpoint_db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    }

  g_atomic_int_set (&self->checkpoint_queued, FALSE);
}

static int
wal_hook (void       *user_data,
          sqlite3    *db,
          const char *name,
          int         n_pages)
{
  AccStore *self = user_data;

  if (n_pages >= self->checkpoint_pages_max)
    {
      sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      return SQLITE_OK;
    }

  /* While a pull's batches follow each other, each transaction starts before the checkpoint
   * of the last one ends, so the WAL never restarts: a checkpoint then would only copy pages
   * that the next batches write again. */
  if (self->back_to_back)
    return SQLITE_OK;

  if (n_pages >= self->checkpoint_pages &&
      g_atomic_int_compare_and_exchange (&self->checkpoint_queued, FALSE, TRUE))
    g_thread_pool_push (self->checkpointer, GINT_TO_POINTER (1), NULL);

  return SQLITE_OK;
}

static gboolean
write_waiting_terms (AccStore  *self,
                     GError   **error)
{
  sqlite3_stmt *s = stmt (self, STMT_STALE_TERMS_ANY);
  int rc = step_row (self, s, error);

  sqlite3_reset (s);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE;

  if (!begin (self, error))
    return FALSE;
  self->terms_mode = TERMS_WAITING;
  return commit_quietly (self, error);
}

/**
 * acc_store_open:
 * @path: the day's database file
 * @flags: whether to create it
 * @error: where to say why it cannot be opened
 *
 * Opens the replica of one school day, migrating it to the current schema. A missing file
 * (without %ACC_STORE_OPEN_CREATE), a file that is not an Accueil database and a database of a
 * newer schema are refused and left unchanged.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL.
 */
AccStore *
acc_store_open (const char         *path,
                AccStoreOpenFlags   flags,
                GError            **error)
{
  g_autoptr(AccStore) self = NULL;
  /* One thread at a time uses a connection (the replication's worker has its own). */
  int open_flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  int app_id = 0, version = 0, n_tables = 0, page_size = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (ACC_TYPE_STORE, "path", path, NULL);

  if (flags & ACC_STORE_OPEN_CREATE)
    open_flags |= SQLITE_OPEN_CREATE;
  else if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                   _("There is no database at %s."), path);
      return NULL;
    }
  else if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_CORRUPT,
                   _("%s is a folder, not an Accueil database."), path);
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &self->db, open_flags, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);
  rc = sqlite3_create_function_v2 (self->db, "acc_participant_key", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                                   NULL, sql_participant_key, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  /* Read before writing anything: a file that is not ours must be left as it was. */
  if (!read_pragma_int (self, "PRAGMA application_id", &app_id, error) ||
      !read_pragma_int (self, "PRAGMA user_version", &version, error) ||
      !read_pragma_int (self, "SELECT count(*) FROM sqlite_master", &n_tables, error))
    return NULL;

  if (app_id != STORE_APPLICATION_ID && (version != 0 || n_tables != 0))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_CORRUPT,
                   _("%s is not an Accueil database, or it is damaged."), path);
      return NULL;
    }

  if (n_tables == 0 && !(flags & ACC_STORE_OPEN_CREATE))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_CORRUPT,
                   _("%s is empty: it is not an Accueil database."), path);
      return NULL;
    }

  if (version > (int) acc_store_n_migrations)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_NEWER_SCHEMA,
                   _("%s was written by a newer version of Accueil (database version %d; this "
                     "version reads up to %d). Update Accueil to open it."),
                   path, version, (int) acc_store_n_migrations);
      return NULL;
    }

  /* Only a database without its first page yet takes the size. */
  if (n_tables == 0 && !exec (self, "PRAGMA page_size = " G_STRINGIFY (PAGE_SIZE), error))
    return NULL;

  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, (flags & ACC_STORE_OPEN_RECEIVER) ? "PRAGMA synchronous = NORMAL"
                                                     : "PRAGMA synchronous = FULL", error) ||
      !exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !exec (self, "PRAGMA cache_size = -32000", error) ||
      !exec (self, "PRAGMA wal_autocheckpoint = 0", error) ||
      !migrate (self, version, error) ||
      !load_identity (self, error) ||
      !read_pragma_int (self, "PRAGMA page_size", &page_size, error))
    return NULL;
  self->checkpoint_pages = CHECKPOINT_BYTES / page_size;
  self->checkpoint_pages_max = CHECKPOINT_BYTES_MAX / page_size;

  /* A pull killed before its last batch left search terms to write. */
  if (!write_waiting_terms (self, error))
    return NULL;

  self->checkpointer = g_thread_pool_new (run_checkpoint, self, 1, FALSE, NULL);
  sqlite3_wal_hook (self->db, wal_hook, self);

  return g_steal_pointer (&self);
}

const char *
acc_store_get_path (AccStore *self)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  return self->path;
}

const char *
acc_store_get_device_id (AccStore *self)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  return self->device_id;
}

const char *
acc_store_get_staff (AccStore *self)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  return self->staff;
}

/**
 * acc_store_set_staff:
 * @self: a #AccStore
 * @staff: (nullable): the display name of who is at the desk, written in facts
 */
void
acc_store_set_staff (AccStore   *self,
                     const char *staff)
{
  g_return_if_fail (ACC_IS_STORE (self));

  if (g_strcmp0 (staff, self->staff) == 0)
    return;

  g_free (self->staff);
  self->staff = g_strdup (staff);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAFF]);
}

AccClock *
acc_store_get_clock (AccStore *self)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  return self->clock;
}

static char *
query_text (AccStore *self,
            StmtId    id)
{
  sqlite3_stmt *s = stmt (self, id);
  char *value = NULL;

  if (sqlite3_step (s) == SQLITE_ROW)
    value = column_dup (s, 0);
  sqlite3_reset (s);

  return value;
}

/**
 * acc_store_dup_school_name:
 *
 * Returns: (transfer full) (nullable): the school's name, %NULL before its document arrived.
 */
char *
acc_store_dup_school_name (AccStore *self)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  return query_text (self, STMT_SCHOOL_NAME);
}

/**
 * acc_store_dup_day:
 *
 * Returns: (transfer full) (nullable): the day, "YYYY-MM-DD", as set with acc_store_set_day()
 *   or else as the sessions say; %NULL when neither is known.
 */
char *
acc_store_dup_day (AccStore *self)
{
  char *day;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  day = meta_get (self, "day");
  if (day == NULL)
    day = query_text (self, STMT_FIRST_SESSION_DAY);

  return day;
}

gboolean
acc_store_set_day (AccStore    *self,
                   const char  *day,
                   GError     **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  return meta_set (self, "day", day, error);
}

/* Search terms */

static void
add_terms (GPtrArray  *terms,
           const char *text,
           gboolean    compact)
{
  g_autoptr(GPtrArray) tokens = NULL;

  if (text == NULL || *text == '\0')
    return;

  tokens = acc_text_tokens (text);
  for (guint i = 0; i < tokens->len; i++)
    g_ptr_array_add (terms, g_strdup (g_ptr_array_index (tokens, i)));

  /* "Saint-Martin", "D'Angelo" and "van den Berg" are also typed as one word. */
  if (compact && tokens->len > 1)
    {
      GString *joined = g_string_new (NULL);

      for (guint i = 0; i < tokens->len; i++)
        g_string_append (joined, g_ptr_array_index (tokens, i));
      g_ptr_array_add (terms, g_string_free (joined, FALSE));
    }
}

static void
add_phone_term (GPtrArray  *terms,
                const char *phone)
{
  g_autofree char *digits = NULL;

  if (phone == NULL)
    return;

  digits = acc_text_digits (phone);
  if (strlen (digits) >= 4)
    {
      g_autofree char *reversed = g_strreverse (g_steal_pointer (&digits));
      g_ptr_array_add (terms, g_strconcat ("#", reversed, NULL));
    }
}

/* Writes the search terms of a participant, or with @only_complete, leaves them as they are
 * and returns %FALSE in @written while its booking or its customer has not arrived. */
static gboolean
write_terms (AccStore    *self,
             const char  *participant_id,
             gboolean     only_complete,
             gboolean    *written,
             GError     **error)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  sqlite3_int64 n = 0;
  sqlite3_stmt *s;
  int rc;

  s = stmt (self, STMT_TERMS_SOURCE);
  bind_text (s, 1, participant_id);
  rc = step_row (self, s, error);
  if (STEP_FAILED (rc))
    return FALSE;
  *written = !only_complete || rc != SQLITE_ROW || sqlite3_column_int (s, 7);
  if (!*written)
    {
      sqlite3_reset (s);
      return TRUE;
    }
  if (rc == SQLITE_ROW)
    {
      const char *reference = (const char *) sqlite3_column_text (s, 2);

      n = sqlite3_column_int64 (s, 8);
      add_terms (terms, (const char *) sqlite3_column_text (s, 0), TRUE);
      add_terms (terms, (const char *) sqlite3_column_text (s, 1), TRUE);
      add_terms (terms, (const char *) sqlite3_column_text (s, 3), TRUE);
      add_terms (terms, (const char *) sqlite3_column_text (s, 4), TRUE);
      add_phone_term (terms, (const char *) sqlite3_column_text (s, 5));
      add_phone_term (terms, (const char *) sqlite3_column_text (s, 6));
      if (reference != NULL)
        {
          g_autofree char *key = acc_text_reference_key (reference);
          g_ptr_array_add (terms, g_ascii_strdown (key, -1));
        }
    }
  sqlite3_reset (s);

  s = stmt (self, STMT_TERMS_DELETE);
  bind_text (s, 1, participant_id);
  if (!step_done (self, s, error))
    return FALSE;

  /* A child's family name is often its parent's: each term once. */
  g_ptr_array_sort (terms, compare_strings_ptr);
  s = stmt (self, STMT_TERM_INSERT);
  for (guint i = 0; i < terms->len; i++)
    {
      if (i > 0 && strcmp (g_ptr_array_index (terms, i), g_ptr_array_index (terms, i - 1)) == 0)
        continue;
      sqlite3_reset (s);
      bind_text (s, 1, g_ptr_array_index (terms, i));
      sqlite3_bind_int64 (s, 2, n);
      if (!step_done (self, s, error))
        return FALSE;
    }

  return TRUE;
}

/* The participant's terms are written once, when the transaction commits (see
 * write_stale_terms()). */
static void
mark_terms_stale (AccStore   *self,
                  const char *participant_id)
{
  if (!g_hash_table_contains (self->stale_terms, participant_id))
    g_hash_table_add (self->stale_terms, g_strdup (participant_id));
}

static gboolean
write_stale_terms (AccStore  *self,
                   GError   **error)
{
  g_autofree gpointer *ids = NULL;
  guint n_ids = 0;
  sqlite3_stmt *s;
  int rc;

  if (self->terms_mode == TERMS_WAITING)
    {
      s = stmt (self, STMT_STALE_TERMS_LIST);
      while ((rc = step_row (self, s, error)) == SQLITE_ROW)
        mark_terms_stale (self, (const char *) sqlite3_column_text (s, 0));
      sqlite3_reset (s);
      if (rc != SQLITE_DONE || !step_done (self, stmt (self, STMT_STALE_TERMS_CLEAR), error))
        return FALSE;
    }

  if (g_hash_table_size (self->stale_terms) == 0)
    return TRUE;

  /* In order, the index pages are visited once each. */
  ids = g_hash_table_get_keys_as_array (self->stale_terms, &n_ids);
  qsort (ids, n_ids, sizeof (gpointer), compare_strings_ptr);
  for (guint i = 0; i < n_ids; i++)
    {
      gboolean complete = self->terms_mode == TERMS_COMPLETE;
      gboolean written;

      if (!write_terms (self, ids[i], complete, &written, error))
        return FALSE;
      if (!complete)
        continue;

      /* A family completed by this batch may have been recorded by an earlier one. */
      s = stmt (self, written ? STMT_STALE_TERMS_FORGET : STMT_STALE_TERMS_ADD);
      bind_text (s, 1, ids[i]);
      if (!step_done (self, s, error))
        return FALSE;
    }

  g_hash_table_remove_all (self->stale_terms);
  return TRUE;
}

static gboolean
mark_terms_stale_of (AccStore    *self,
                     StmtId       query,
                     const char  *id,
                     GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *s = stmt (self, query);
  int rc;

  bind_text (s, 1, id);
  while ((rc = step_row (self, s, error)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_dup (s, 0));
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    mark_terms_stale (self, g_ptr_array_index (ids, i));

  return TRUE;
}

/* Derived rows */

static gboolean
refresh_by_id (AccStore    *self,
               StmtId       id,
               const char  *subject_id,
               GError     **error)
{
  sqlite3_stmt *s = stmt (self, id);

  bind_text (s, 1, subject_id);
  return step_done (self, s, error);
}

/* Whether any fact decided anything: without one, every projected row holds its plan. */
static gboolean
has_any_state (AccStore  *self,
               gboolean  *any,
               GError   **error)
{
  if (self->any_state < 0)
    {
      sqlite3_stmt *s = stmt (self, STMT_SUBJECT_STATE_ANY);
      int rc = step_row (self, s, error);

      sqlite3_reset (s);
      if (STEP_FAILED (rc))
        return FALSE;
      self->any_state = rc == SQLITE_ROW;
    }

  *any = self->any_state;
  return TRUE;
}

/* Derives the rows of @subject_id again with statement @id, unless no fact decided anything. */
static gboolean
refresh_planned (AccStore    *self,
                 StmtId       id,
                 const char  *subject_id,
                 GError     **error)
{
  gboolean any;

  if (!has_any_state (self, &any, error))
    return FALSE;
  return !any || refresh_by_id (self, id, subject_id, error);
}

static JsonObject *
load_body (AccStore    *self,
           const char  *id,
           const char  *type,
           GError     **error)
{
  sqlite3_stmt *s = stmt (self, STMT_DOC_BODY);
  JsonObject *body = NULL;
  int rc;

  bind_text (s, 1, id);
  rc = step_row (self, s, error);
  if (rc == SQLITE_ROW && !sqlite3_column_int (s, 3) &&
      (type == NULL || g_strcmp0 ((const char *) sqlite3_column_text (s, 2), type) == 0))
    body = acc_json_parse_object ((const char *) sqlite3_column_text (s, 0), error);
  sqlite3_reset (s);

  return body;
}

static JsonObject *
copy_members (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (copy, name, json_node_copy (member));

  return copy;
}

/* The participant table holds the document's fields with the participant_update facts
 * applied; @winner is the document's winning revision when the caller holds it. */
static gboolean
refresh_participant (AccStore    *self,
                     const char  *participant_id,
                     JsonObject  *winner,
                     GError     **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *s;
  int rc;

  doc = winner ? json_object_ref (winner)
               : load_body (self, participant_id, "participant", &local_error);
  if (doc == NULL)
    {
      /* Not here yet: its facts wait in fact_subject and apply when it arrives. */
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  s = stmt (self, STMT_PARTICIPANT_STATE);
  bind_text (s, 1, participant_id);
  while ((rc = step_row (self, s, error)) == SQLITE_ROW)
    {
      JsonNode *value = json_from_string ((const char *) sqlite3_column_text (s, 1), NULL);

      if (value == NULL)
        continue;
      /* The caller's document stays as it was received. */
      if (doc == winner)
        {
          JsonObject *copy = copy_members (winner);

          json_object_unref (doc);
          doc = copy;
        }
      json_object_set_member (doc, (const char *) sqlite3_column_text (s, 0), value);
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return FALSE;

  s = stmt (self, STMT_PARTICIPANT_PUT);
  bind_text (s, 1, participant_id);
  bind_member (s, 2, doc, "booking_id");
  bind_member (s, 3, doc, "first_name");
  bind_member (s, 4, doc, "last_name");
  bind_member (s, 5, doc, "birth_year");
  bind_member (s, 6, doc, "level_id");
  bind_member (s, 7, doc, "allergies");
  bind_member (s, 8, doc, "medical_notes");
  bind_member (s, 9, doc, "emergency_phone");
  bind_member (s, 10, doc, "pickup_adults");
  bind_member (s, 11, doc, "placeholder");
  if (!step_done (self, s, error))
    return FALSE;

  mark_terms_stale (self, participant_id);
  return TRUE;
}

static gboolean
refresh_target (AccStore    *self,
                const char  *kind,
                const char  *subject_id,
                GError     **error)
{
  if (g_str_equal (kind, ACC_SUBJECT_CHECKIN) || g_str_equal (kind, ACC_SUBJECT_GROUP) ||
      g_str_equal (kind, ACC_SUBJECT_ATTENDANCE))
    return refresh_by_id (self, STMT_REFRESH_ENROLLMENT, subject_id, error);
  if (g_str_equal (kind, ACC_SUBJECT_GROUP_INSTRUCTOR))
    return refresh_by_id (self, STMT_REFRESH_GROUP, subject_id, error);
  if (g_str_equal (kind, ACC_SUBJECT_CLOSE_OUT))
    return refresh_by_id (self, STMT_REFRESH_SESSION_ENROLLMENTS, subject_id, error);
  if (g_str_equal (kind, ACC_SUBJECT_PARTICIPANT))
    return refresh_participant (self, subject_id, NULL, error);

  /* Instructor attendance is read from subject_state directly. */
  return TRUE;
}

/* Derivation */

typedef struct
{
  char *kind;
  char *subject_id;
  char *field;
} SubjectKey;

static void
subject_key_free (gpointer data)
{
  SubjectKey *key = data;

  g_free (key->kind);
  g_free (key->subject_id);
  g_free (key->field);
  g_free (key);
}

static void
touch (GPtrArray  *touched,
       const char *kind,
       const char *subject_id,
       const char *field)
{
  SubjectKey *key;

  for (guint i = 0; i < touched->len; i++)
    {
      key = g_ptr_array_index (touched, i);
      if (g_str_equal (key->kind, kind) && g_str_equal (key->subject_id, subject_id) &&
          g_str_equal (key->field, field))
        return;
    }

  key = g_new0 (SubjectKey, 1);
  key->kind = g_strdup (kind);
  key->subject_id = g_strdup (subject_id);
  key->field = g_strdup (field);
  g_ptr_array_add (touched, key);
}

static gboolean
touch_subjects_of (AccStore    *self,
                   const char  *fact_id,
                   GPtrArray   *touched,
                   GError     **error)
{
  sqlite3_stmt *s = stmt (self, STMT_FACT_SUBJECTS_OF);
  int rc;

  bind_text (s, 1, fact_id);
  while ((rc = step_row (self, s, error)) == SQLITE_ROW)
    touch (touched, (const char *) sqlite3_column_text (s, 0),
           (const char *) sqlite3_column_text (s, 1), (const char *) sqlite3_column_text (s, 2));
  sqlite3_reset (s);

  return rc == SQLITE_DONE;
}

static gboolean
set_superseded (AccStore    *self,
                const char  *fact_id,
                gboolean     superseded,
                GError     **error)
{
  sqlite3_stmt *s = stmt (self, STMT_FACT_SUBJECTS_SET_SUPERSEDED);

  bind_text (s, 1, fact_id);
  sqlite3_bind_int (s, 2, superseded);
  return step_done (self, s, error);
}

/* Derives one subject's current value from the facts about it that nobody superseded. */
static gboolean
recompute_subject (AccStore    *self,
                   SubjectKey  *key,
                   GError     **error)
{
  g_autofree char *fact_id = NULL, *value = NULL, *hlc = NULL;
  sqlite3_stmt *s = stmt (self, STMT_SUBJECT_CURRENT);
  gboolean conflict = FALSE;
  guint n_current = 0;
  int rc;

  bind_text (s, 1, key->kind);
  bind_text (s, 2, key->subject_id);
  bind_text (s, 3, key->field);
  while ((rc = step_row (self, s, error)) == SQLITE_ROW)
    {
      const char *row_value = (const char *) sqlite3_column_text (s, 1);

      if (n_current++ == 0)
        {
          fact_id = column_dup (s, 0);
          value = g_strdup (row_value);
          hlc = column_dup (s, 2);
        }
      else if (!g_str_equal (row_value, value))
        conflict = TRUE;
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return FALSE;

  if (n_current == 0)
    {
      s = stmt (self, STMT_SUBJECT_STATE_DELETE);
      bind_text (s, 1, key->kind);
      bind_text (s, 2, key->subject_id);
      bind_text (s, 3, key->field);
    }
  else
    {
      s = stmt (self, STMT_SUBJECT_STATE_PUT);
      self->any_state = TRUE;
      bind_text (s, 1, key->kind);
      bind_text (s, 2, key->subject_id);
      bind_text (s, 3, key->field);
      bind_text (s, 4, value);
      bind_text (s, 5, fact_id);
      bind_text (s, 6, hlc);
      sqlite3_bind_int (s, 7, n_current);
      sqlite3_bind_int (s, 8, conflict);
    }
  if (!step_done (self, s, error))
    return FALSE;

  return refresh_target (self, key->kind, key->subject_id, error);
}

static gboolean
recompute_touched (AccStore   *self,
                   GPtrArray  *touched,
                   GError    **error)
{
  for (guint i = 0; i < touched->len; i++)
    if (!recompute_subject (self, g_ptr_array_index (touched, i), error))
      return FALSE;

  return TRUE;
}

static gboolean
apply_fact (AccStore    *self,
            const char  *fact_id,
            JsonObject  *fact,
            GArray      *subjects,
            GError     **error)
{
  g_autoptr(GPtrArray) touched = g_ptr_array_new_with_free_func (subject_key_free);
  JsonArray *supersedes = json_object_get_array_member (fact, "supersedes");
  const char *hlc = acc_document_get_string (fact, "hlc");
  gboolean superseded;
  sqlite3_stmt *s;
  int rc;

  s = stmt (self, STMT_FACT_SUPERSEDED);
  bind_text (s, 1, fact_id);
  rc = step_row (self, s, error);
  sqlite3_reset (s);
  if (STEP_FAILED (rc))
    return FALSE;
  superseded = (rc == SQLITE_ROW);

  for (guint i = 0; i < subjects->len; i++)
    {
      AccSubject *subject = &g_array_index (subjects, AccSubject, i);

      s = stmt (self, STMT_FACT_SUBJECT_PUT);
      bind_text (s, 1, subject->kind);
      bind_text (s, 2, subject->subject_id);
      bind_text (s, 3, subject->field);
      bind_text (s, 4, fact_id);
      bind_text (s, 5, subject->value);
      bind_text (s, 6, hlc);
      sqlite3_bind_int (s, 7, superseded);
      bind_text (s, 8, acc_document_get_string (fact, "device_id"));
      bind_text (s, 9, acc_document_get_string (fact, "staff"));
      bind_text (s, 10, acc_document_get_string (fact, "at"));
      if (!step_done (self, s, error))
        return FALSE;
      touch (touched, subject->kind, subject->subject_id, subject->field);
    }

  for (guint i = 0; i < json_array_get_length (supersedes); i++)
    {
      const char *old_id = json_array_get_string_element (supersedes, i);

      s = stmt (self, STMT_SUPERSESSION_PUT);
      bind_text (s, 1, old_id);
      bind_text (s, 2, fact_id);
      if (!step_done (self, s, error) ||
          !touch_subjects_of (self, old_id, touched, error) ||
          !set_superseded (self, old_id, TRUE, error))
        return FALSE;
    }

  /* A remote fact moves the clock forward, so this desk's next fact sorts after it. */
  acc_clock_observe (self->clock, hlc);

  return recompute_touched (self, touched, error);
}

/* Undoes apply_fact(), for a fact whose document was deleted. */
static gboolean
unapply_fact (AccStore    *self,
              const char  *fact_id,
              GError     **error)
{
  g_autoptr(GPtrArray) touched = g_ptr_array_new_with_free_func (subject_key_free);
  g_autoptr(GPtrArray) replaced = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *s;
  int rc;

  if (!touch_subjects_of (self, fact_id, touched, error))
    return FALSE;

  s = stmt (self, STMT_FACT_SUBJECTS_DELETE);
  bind_text (s, 1, fact_id);
  if (!step_done (self, s, error))
    return FALSE;

  s = stmt (self, STMT_SUPERSESSION_OF_FACT);
  bind_text (s, 1, fact_id);
  while ((rc = step_row (self, s, error)) == SQLITE_ROW)
    g_ptr_array_add (replaced, column_dup (s, 0));
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return FALSE;

  s = stmt (self, STMT_SUPERSESSION_DELETE);
  bind_text (s, 1, fact_id);
  if (!step_done (self, s, error))
    return FALSE;

  for (guint i = 0; i < replaced->len; i++)
    {
      const char *old_id = g_ptr_array_index (replaced, i);

      s = stmt (self, STMT_FACT_SUPERSEDED);
      bind_text (s, 1, old_id);
      rc = step_row (self, s, error);
      sqlite3_reset (s);
      if (STEP_FAILED (rc))
        return FALSE;
      if (rc == SQLITE_DONE &&
          (!set_superseded (self, old_id, FALSE, error) ||
           !touch_subjects_of (self, old_id, touched, error)))
        return FALSE;
    }

  return recompute_touched (self, touched, error);
}

/* Projections */

/* The enrollment row just written holds the plan: it is derived again only when facts decided
 * about the enrollment or its session. */
static gboolean
refresh_enrollment (AccStore    *self,
                    const char  *id,
                    const char  *session_id,
                    GError     **error)
{
  sqlite3_stmt *s = stmt (self, STMT_ENROLLMENT_HAS_STATE);
  gboolean any;
  int rc;

  if (!has_any_state (self, &any, error))
    return FALSE;
  if (!any)
    return TRUE;

  bind_text (s, 1, id);
  bind_text (s, 2, session_id);
  rc = step_row (self, s, error);
  sqlite3_reset (s);
  if (STEP_FAILED (rc))
    return FALSE;

  return rc == SQLITE_DONE || refresh_by_id (self, STMT_REFRESH_ENROLLMENT, id, error);
}

static gboolean
put_row (AccStore     *self,
         StmtId        id,
         const char   *doc_id,
         JsonObject   *doc,
         const char  **members)
{
  sqlite3_stmt *s = stmt (self, id);

  bind_text (s, 1, doc_id);
  for (guint i = 0; members[i] != NULL; i++)
    bind_member (s, i + 2, doc, members[i]);

  return sqlite3_step (s) == SQLITE_DONE;
}

static gboolean
project (AccStore    *self,
         const char  *id,
         const char  *type,
         JsonObject  *doc,
         GArray      *subjects,
         GError     **error)
{
  static const char *school[] = { "name", "timezone", "locale", "level_scale", NULL };
  static const char *level[] = { "code", "label", "order", "discipline", "min_age", "max_age",
                                 NULL };
  static const char *meeting_point[] = { "name", "description", NULL };
  static const char *instructor[] = { "first_name", "last_name", "phone", "languages",
                                      "disciplines", "max_level_order", "on_call", NULL };
  static const char *session[] = { "title", "discipline", "kind", "starts_at", "ends_at",
                                   "meeting_point_id", NULL };
  static const char *group[] = { "session_id", "level_id", "instructor_id", "capacity",
                                 "label", "meeting_point_id", NULL };
  static const char *customer[] = { "first_name", "last_name", "phone", "email", "language",
                                    NULL };
  static const char *enrollment[] = { "participant_id", "session_id", "booking_id",
                                      "planned_group_id", "status", NULL };
  StmtId put;
  const char **members;
  gboolean ok;

  if (g_str_equal (type, "fact"))
    return apply_fact (self, id, doc, subjects, error);

  if (g_str_equal (type, "participant"))
    return refresh_participant (self, id, doc, error);

  if (g_str_equal (type, "booking"))
    {
      g_autofree char *key = acc_text_reference_key (acc_document_get_string (doc, "reference"));
      sqlite3_stmt *s = stmt (self, STMT_BOOKING_PUT);

      bind_text (s, 1, id);
      bind_member (s, 2, doc, "reference");
      bind_text (s, 3, key);
      bind_member (s, 4, doc, "customer_id");
      bind_member (s, 5, doc, "balance_due_cents");
      bind_member (s, 6, doc, "currency");
      bind_member (s, 7, doc, "notes");
      return step_done (self, s, error) &&
             mark_terms_stale_of (self, STMT_PARTICIPANTS_OF_BOOKING, id, error);
    }

#define CASE(name, stmt_id) \
  else if (g_str_equal (type, #name)) { put = stmt_id; members = name; }

  if (FALSE) {}
  CASE (school, STMT_SCHOOL_PUT)
  CASE (level, STMT_LEVEL_PUT)
  CASE (meeting_point, STMT_MEETING_POINT_PUT)
  CASE (instructor, STMT_INSTRUCTOR_PUT)
  CASE (session, STMT_SESSION_PUT)
  CASE (group, STMT_GROUP_PUT)
  CASE (customer, STMT_CUSTOMER_PUT)
  CASE (enrollment, STMT_ENROLLMENT_PUT)
  else
    g_assert_not_reached ();

#undef CASE

  ok = put_row (self, put, id, doc, members);
  sqlite3_reset (self->stmts[put]);
  if (!ok)
    return set_sqlite_error (self, sqlite3_errcode (self->db), error);

  if (put == STMT_ENROLLMENT_PUT)
    return refresh_enrollment (self, id, acc_document_get_string (doc, "session_id"), error);
  if (put == STMT_GROUP_PUT)
    return refresh_planned (self, STMT_REFRESH_GROUP, id, error);
  if (put == STMT_CUSTOMER_PUT)
    return mark_terms_stale_of (self, STMT_PARTICIPANTS_OF_CUSTOMER, id, error);
  if (put == STMT_SESSION_PUT)
    return refresh_planned (self, STMT_REFRESH_SESSION_ENROLLMENTS, id, error);

  return TRUE;
}

static gboolean
unproject (AccStore    *self,
           const char  *id,
           const char  *type,
           GError     **error)
{
  static const struct { const char *type; const char *table; } tables[] = {
    { "school", "school" }, { "level", "level" }, { "meeting_point", "meeting_point" },
    { "instructor", "instructor" }, { "session", "session" }, { "group", "grp" },
    { "customer", "customer" }, { "booking", "booking" }, { "participant", "participant" },
    { "enrollment", "enrollment" },
  };

  if (g_str_equal (type, "fact"))
    return unapply_fact (self, id, error);

  /* The terms name the participant's row, which goes next. */
  if (g_str_equal (type, "participant") && !refresh_by_id (self, STMT_TERMS_DELETE, id, error))
    return FALSE;

  /* Deletions are rare (a cancelled planning object is usually a new revision with a status):
   * these statements are not worth keeping prepared. */
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tables[i].type, type))
      {
        g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", tables[i].table);
        sqlite3_stmt *s = NULL;
        int rc = sqlite3_prepare_v2 (self->db, sql, -1, &s, NULL);

        if (rc == SQLITE_OK)
          {
            bind_text (s, 1, id);
            rc = sqlite3_step (s);
          }
        sqlite3_finalize (s);
        if (rc != SQLITE_DONE)
          return set_sqlite_error (self, rc, error);
      }

  if (g_str_equal (type, "booking"))
    return mark_terms_stale_of (self, STMT_PARTICIPANTS_OF_BOOKING, id, error);
  if (g_str_equal (type, "customer"))
    return mark_terms_stale_of (self, STMT_PARTICIPANTS_OF_CUSTOMER, id, error);

  return TRUE;
}

/* Documents */

static gboolean
write_doc_row (AccStore    *self,
               const char  *id,
               const char  *rev,
               const char  *type,
               gboolean     deleted,
               gboolean     pending,
               const char  *problem,
               GError     **error)
{
  sqlite3_stmt *s = stmt (self, STMT_DOC_UPSERT);

  bind_text (s, 1, id);
  bind_text (s, 2, rev);
  bind_text (s, 3, type ? type : "");
  sqlite3_bind_int (s, 4, deleted);
  sqlite3_bind_int (s, 5, pending);
  sqlite3_bind_int (s, 6, pending);
  sqlite3_bind_int64 (s, 7, g_get_real_time () / G_USEC_PER_SEC);
  bind_text (s, 8, problem);
  return step_done (self, s, error);
}

/* Removes the leaves that @doc's revision history names as its ancestors. A document without
 * a history replaces the leaves of earlier generations. */
static gboolean
drop_ancestors (AccStore    *self,
                const char  *id,
                JsonObject  *doc,
                guint64      generation,
                GError     **error)
{
  JsonObject *revisions = NULL;
  sqlite3_stmt *s;

  if (json_object_has_member (doc, "_revisions"))
    revisions = json_object_get_object_member (doc, "_revisions");

  if (revisions == NULL)
    {
      s = stmt (self, STMT_LEAF_DELETE_OLDER);
      bind_text (s, 1, id);
      sqlite3_bind_int64 (s, 2, generation);
      return step_done (self, s, error);
    }

  {
    JsonArray *ids = json_object_get_array_member (revisions, "ids");
    gint64 start = json_object_get_int_member (revisions, "start");

    for (guint i = 1; ids && i < json_array_get_length (ids); i++)
      {
        g_autofree char *rev = g_strdup_printf ("%" G_GINT64_FORMAT "-%s", start - i,
                                                json_array_get_string_element (ids, i));
        s = stmt (self, STMT_LEAF_DELETE);
        bind_text (s, 1, id);
        bind_text (s, 2, rev);
        if (!step_done (self, s, error))
          return FALSE;
      }
  }

  return TRUE;
}

/* Stores a leaf's body: @text, the JSON the revision was received as, when there is one;
 * otherwise @doc's canonical form. */
static gboolean
insert_leaf (AccStore    *self,
             const char  *id,
             const char  *rev,
             gboolean     deleted,
             JsonObject  *doc,
             const char  *text,
             GError     **error)
{
  g_autofree char *canonical = text ? NULL : acc_document_to_canonical (doc);
  sqlite3_stmt *s = stmt (self, STMT_LEAF_INSERT);

  bind_text (s, 1, id);
  bind_text (s, 2, rev);
  sqlite3_bind_int (s, 3, deleted);
  bind_text (s, 4, text ? text : canonical);
  return step_done (self, s, error);
}

typedef enum
{
  PUT_UNCHANGED,
  PUT_WINNER_CHANGED,
  PUT_FAILED,
} PutResult;

/* Stores one valid revision and elects the winner among the leaves. */
static PutResult
put_revision (AccStore    *self,
              const char  *id,
              const char  *rev,
              const char  *type,
              gboolean     deleted,
              gboolean     pending,
              JsonObject  *doc,
              const char  *text,
              char       **old_winner,
              GError     **error)
{
  g_autofree char *winner = NULL;
  gboolean winner_deleted = FALSE;
  guint64 generation = 0;
  sqlite3_stmt *s;
  int rc;

  acc_rev_parse (rev, &generation, NULL);

  s = stmt (self, STMT_DOC_GET);
  bind_text (s, 1, id);
  rc = step_row (self, s, error);
  if (rc == SQLITE_ROW)
    *old_winner = column_dup (s, 0);
  sqlite3_reset (s);
  if (STEP_FAILED (rc))
    return PUT_FAILED;

  /* Every document with a leaf has its row: a new one is simply written. */
  if (*old_winner == NULL)
    {
      if (!insert_leaf (self, id, rev, deleted, doc, text, error) ||
          !write_doc_row (self, id, rev, type, deleted, pending, NULL, error))
        return PUT_FAILED;
      return PUT_WINNER_CHANGED;
    }

  s = stmt (self, STMT_LEAF_EXISTS);
  bind_text (s, 1, id);
  bind_text (s, 2, rev);
  rc = step_row (self, s, error);
  sqlite3_reset (s);
  if (STEP_FAILED (rc))
    return PUT_FAILED;
  if (rc == SQLITE_ROW)
    {
      self->n_known++;
      /* The cloud sending back what this desk wrote confirms it. */
      if (!pending)
        {
          s = stmt (self, STMT_DOC_CONFIRM);
          bind_text (s, 1, id);
          bind_text (s, 2, rev);
          if (!step_done (self, s, error))
            return PUT_FAILED;
        }
      return PUT_UNCHANGED;
    }

  if (!drop_ancestors (self, id, doc, generation, error) ||
      !insert_leaf (self, id, rev, deleted, doc, text, error))
    return PUT_FAILED;

  s = stmt (self, STMT_LEAF_LIST);
  bind_text (s, 1, id);
  while ((rc = step_row (self, s, error)) == SQLITE_ROW)
    {
      const char *leaf = (const char *) sqlite3_column_text (s, 0);
      gboolean leaf_deleted = sqlite3_column_int (s, 1);

      if (winner == NULL || acc_rev_compare (leaf, leaf_deleted, winner, winner_deleted) > 0)
        {
          g_free (winner);
          winner = g_strdup (leaf);
          winner_deleted = leaf_deleted;
        }
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return PUT_FAILED;

  if (*old_winner != NULL && g_str_equal (*old_winner, winner))
    return PUT_UNCHANGED;

  if (!write_doc_row (self, id, winner, type, winner_deleted, pending, NULL, error))
    return PUT_FAILED;

  return PUT_WINNER_CHANGED;
}

/* Keeps a document this desk cannot use, so that nothing from the server is lost and a person
 * can see it in the review list. */
static gboolean
keep_unusable (AccStore    *self,
               const char  *id,
               JsonObject  *doc,
               const char  *text,
               const char  *problem,
               GError     **error)
{
  const char *rev = acc_document_get_string (doc, "_rev");
  sqlite3_stmt *s;

  s = stmt (self, STMT_LEAF_DELETE);
  bind_text (s, 1, id);
  bind_text (s, 2, rev);
  if (!step_done (self, s, error))
    return FALSE;

  return insert_leaf (self, id, rev, FALSE, doc, text, error) &&
         write_doc_row (self, id, rev, acc_document_get_string (doc, "type"), FALSE, FALSE,
                        problem, error);
}

/* Stores @doc, read from the JSON @text if not %NULL. A received document that is no document
 * of the day (acc_document_check_received()) is not stored: with @refused, it is counted
 * there and the rest goes on; without, it is an error. */
static gboolean
put_one (AccStore       *self,
         JsonObject     *doc,
         const char     *text,
         AccPutFlags     flags,
         AccPutOutcome  *refused,
         GError        **error)
{
  g_autoptr(GError) invalid = NULL;
  g_autoptr(GArray) subjects = NULL;
  g_autofree char *content_rev = NULL, *old_winner = NULL;
  const char *id, *rev, *type;
  gboolean deleted;
  gboolean pending = (flags & ACC_PUT_PENDING) != 0;
  PutResult result;

  if (pending)
    {
      if (!acc_document_id_is_valid (acc_document_get_string (doc, "_id")))
        {
          g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID, _("A document has no valid “_id”"));
          return FALSE;
        }
    }
  else if (!acc_document_check_received (doc, text ? strlen (text) : 0, &invalid))
    {
      if (refused == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&invalid));
          return FALSE;
        }
      if (refused->n_refused++ == 0)
        refused->refusal = g_steal_pointer (&invalid->message);
      return TRUE;
    }

  id = acc_document_get_string (doc, "_id");

  deleted = json_object_has_member (doc, "_deleted") &&
            json_object_get_boolean_member_with_default (doc, "_deleted", FALSE);
  type = acc_document_get_string (doc, "type");

  if (pending)
    rev = content_rev = acc_document_content_rev (doc);
  else
    rev = acc_document_get_string (doc, "_rev");

  if (!deleted && acc_document_validate (doc, &invalid) && g_str_equal (type, "fact"))
    subjects = acc_fact_subjects (doc, &invalid);

  if (invalid != NULL)
    {
      if (pending)
        {
          g_propagate_error (error, g_steal_pointer (&invalid));
          return FALSE;
        }
      return keep_unusable (self, id, doc, text, invalid->message, error);
    }

  if (deleted)
    {
      g_autoptr(JsonObject) old = load_body (self, id, NULL, NULL);
      const char *old_type = old ? acc_document_get_string (old, "type") : NULL;

      result = put_revision (self, id, rev, old_type ? old_type : "", TRUE, FALSE, doc, text,
                             &old_winner, error);
      if (result == PUT_WINNER_CHANGED && old_type != NULL)
        {
          g_autoptr(JsonObject) now = load_body (self, id, NULL, NULL);

          if (now == NULL)
            return unproject (self, id, old_type, error);
          return project (self, id, old_type, now, NULL, error);
        }
      return result != PUT_FAILED;
    }

  result = put_revision (self, id, rev, type, FALSE, pending, doc, text, &old_winner, error);
  if (result != PUT_WINNER_CHANGED)
    return result != PUT_FAILED;

  if (g_str_equal (type, "fact") && old_winner != NULL && !unapply_fact (self, id, error))
    return FALSE;

  return project (self, id, type, doc, subjects, error);
}

gboolean
acc_store_put_documents (AccStore     *self,
                         JsonObject  **docs,
                         guint         n_docs,
                         AccPutFlags   flags,
                         GError      **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (docs != NULL || n_docs == 0, FALSE);

  if (!begin (self, error))
    return FALSE;

  for (guint i = 0; i < n_docs; i++)
    if (!put_one (self, docs[i], NULL, flags, NULL, error))
      {
        rollback (self);
        return FALSE;
      }

  return commit (self, error);
}

/**
 * acc_store_dup_document:
 *
 * Returns: (transfer full) (nullable): the winning revision of document @id with its `_rev`,
 *   or %NULL with %ACC_ERROR_NOT_FOUND.
 */
JsonObject *
acc_store_dup_document (AccStore    *self,
                        const char  *id,
                        GError     **error)
{
  sqlite3_stmt *s;
  JsonObject *doc = NULL;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  s = stmt (self, STMT_DOC_ANY);
  bind_text (s, 1, id);
  rc = step_row (self, s, error);
  if (rc == SQLITE_ROW)
    {
      doc = acc_json_parse_object ((const char *) sqlite3_column_text (s, 0), error);
      if (doc != NULL)
        json_object_set_string_member (doc, "_rev", (const char *) sqlite3_column_text (s, 1));
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND, _("There is no document %s"), id);
  sqlite3_reset (s);

  return doc;
}

/* Facts written at this desk */

static GPtrArray *
current_facts (AccStore    *self,
               const char  *kind,
               const char  *subject_id,
               const char  *field,
               GPtrArray   *into)
{
  sqlite3_stmt *s = stmt (self, STMT_SUBJECT_CURRENT);

  bind_text (s, 1, kind);
  bind_text (s, 2, subject_id);
  bind_text (s, 3, field);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      const char *fact_id = (const char *) sqlite3_column_text (s, 0);

      if (!g_ptr_array_find_with_equal_func (into, fact_id, g_str_equal, NULL))
        g_ptr_array_add (into, g_strdup (fact_id));
    }
  sqlite3_reset (s);

  return into;
}

static gboolean
write_fact (AccStore           *self,
            const char         *kind,
            GPtrArray          *supersedes,
            JsonObject         *fields,
            GError            **error)
{
  g_autoptr(JsonObject) fact = NULL;
  g_autofree char *hlc = acc_clock_tick (self->clock);
  g_autoptr(GList) members = json_object_get_members (fields);

  g_ptr_array_sort (supersedes, compare_strings_ptr);
  g_ptr_array_add (supersedes, NULL);
  fact = acc_fact_new (kind, self->device_id, self->staff, hlc,
                       (const char * const *) supersedes->pdata);
  g_ptr_array_remove_index (supersedes, supersedes->len - 1);

  for (GList *l = members; l; l = l->next)
    json_object_set_member (fact, l->data,
                            json_node_copy (json_object_get_member (fields, l->data)));

  return put_one (self, fact, NULL, ACC_PUT_PENDING, NULL, error);
}

static JsonObject *
participant_change (const char *participant_id,
                    const char *field,
                    JsonNode   *value)
{
  JsonObject *fields = json_object_new ();
  JsonObject *changes = json_object_new ();

  json_object_set_member (changes, field, value);
  json_object_set_string_member (fields, "participant_id", participant_id);
  json_object_set_object_member (fields, "changes", changes);

  return fields;
}

/* Writes one fact about one subject that supersedes the facts currently deciding it. The
 * caller holds the transaction.
 *
 * Supersession replaces a whole fact. A participant update written elsewhere may decide
 * several fields; replacing it for one field must not take its other fields away, so their
 * values are written again in facts that supersede nothing: each such field keeps exactly
 * the values (and conflicts) it had. This desk writes one field per fact for that reason. */
static gboolean
record_fact (AccStore     *self,
             const char   *kind,
             const char   *subject_kind,
             const char   *subject_id,
             const char   *field,
             JsonObject   *fields,
             GError      **error)
{
  g_autoptr(GPtrArray) supersedes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) carried = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gboolean is_participant = g_str_equal (subject_kind, ACC_SUBJECT_PARTICIPANT);

  current_facts (self, subject_kind, subject_id, field, supersedes);

  for (guint i = 0; is_participant && i < supersedes->len; i++)
    {
      sqlite3_stmt *s = stmt (self, STMT_FACT_SUBJECTS_CURRENT_FIELDS);

      bind_text (s, 1, g_ptr_array_index (supersedes, i));
      while (sqlite3_step (s) == SQLITE_ROW)
        {
          const char *other = (const char *) sqlite3_column_text (s, 0);
          JsonNode *value = json_from_string ((const char *) sqlite3_column_text (s, 1), NULL);

          if (value != NULL && !g_str_equal (other, field))
            g_ptr_array_add (carried, participant_change (subject_id, other, value));
          else if (value != NULL)
            json_node_unref (value);
        }
      sqlite3_reset (s);
    }

  if (!write_fact (self, kind, supersedes, fields, error))
    return FALSE;

  g_ptr_array_set_size (supersedes, 0);
  for (guint i = 0; i < carried->len; i++)
    if (!write_fact (self, kind, supersedes, g_ptr_array_index (carried, i), error))
      return FALSE;

  return TRUE;
}

/* Returns the current value of a subject as canonical JSON, or NULL. */
static char *
subject_value (AccStore   *self,
               const char *kind,
               const char *subject_id,
               gboolean   *conflict)
{
  sqlite3_stmt *s = stmt (self, STMT_SUBJECT_STATE_GET);
  char *value = NULL;

  bind_text (s, 1, kind);
  bind_text (s, 2, subject_id);
  bind_text (s, 3, "");
  *conflict = FALSE;
  if (sqlite3_step (s) == SQLITE_ROW)
    {
      value = column_dup (s, 0);
      *conflict = sqlite3_column_int (s, 1);
    }
  sqlite3_reset (s);

  return value;
}

static gboolean
get_enrollment (AccStore     *self,
                const char   *enrollment_id,
                char        **session_id,
                gboolean     *cancelled,
                char        **group_id,
                GError      **error)
{
  sqlite3_stmt *s = stmt (self, STMT_ENROLLMENT_GET);
  int rc;

  bind_text (s, 1, enrollment_id);
  rc = step_row (self, s, error);
  if (rc == SQLITE_ROW)
    {
      if (session_id)
        *session_id = column_dup (s, 0);
      if (cancelled)
        *cancelled = g_strcmp0 ((const char *) sqlite3_column_text (s, 1), "cancelled") == 0;
      if (group_id)
        *group_id = column_dup (s, 2);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                 _("There is no enrollment %s on this day"), enrollment_id);
  sqlite3_reset (s);

  return rc == SQLITE_ROW;
}

static gboolean
exists (AccStore    *self,
        StmtId       query,
        const char  *id)
{
  sqlite3_stmt *s = stmt (self, query);
  gboolean found;

  bind_text (s, 1, id);
  found = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_reset (s);

  return found;
}

static gboolean
finish_write (AccStore  *self,
              gboolean   ok,
              GError   **error)
{
  if (!ok)
    {
      rollback (self);
      return FALSE;
    }

  return commit (self, error);
}

/* Checks one enrollment in or out; the caller holds the transaction. An enrollment already in
 * the requested state, with no conflict, gets no new fact. */
static gboolean
check_in_one (AccStore    *self,
              const char  *enrollment_id,
              gboolean     present,
              char       **group_id,
              GError     **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *value = NULL;
  gboolean cancelled = FALSE, conflict;

  if (!get_enrollment (self, enrollment_id, NULL, &cancelled, group_id, error))
    return FALSE;

  if (cancelled && present)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("Enrollment %s is cancelled"), enrollment_id);
      return FALSE;
    }

  value = subject_value (self, ACC_SUBJECT_CHECKIN, enrollment_id, &conflict);
  if (!conflict && g_strcmp0 (value, present ? "true" : "false") == 0)
    return TRUE;
  if (value == NULL && !present)
    return TRUE;

  json_object_set_string_member (fields, "enrollment_id", enrollment_id);
  json_object_set_boolean_member (fields, "present", present);
  return record_fact (self, "checkin", ACC_SUBJECT_CHECKIN, enrollment_id, "", fields, error);
}

/**
 * acc_store_check_in:
 * @self: a #AccStore
 * @enrollment_ids: (array zero-terminated=1): the enrollments
 * @present: %TRUE to check in, %FALSE to undo a check-in
 * @error: where to say why nothing was written
 *
 * Checks in (or out) every enrollment in one durable transaction: all or none. An enrollment
 * already in the requested state gets no new fact.
 */
gboolean
acc_store_check_in (AccStore           *self,
                    const char * const *enrollment_ids,
                    gboolean            present,
                    GError            **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (enrollment_ids != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  for (guint i = 0; ok && enrollment_ids[i] != NULL; i++)
    ok = check_in_one (self, enrollment_ids[i], present, NULL, error);

  return finish_write (self, ok, error);
}

static char *suggest_group (AccStore *self, const char *enrollment_id);

/**
 * acc_store_check_in_and_place:
 * @self: a #AccStore
 * @enrollment_ids: (array zero-terminated=1): the enrollments
 * @error: where to say why nothing was written
 *
 * What the desk's "Check in" does: checks every enrollment in and places each one that has no
 * group in the group acc_store_suggest_group() gives, all in one durable transaction.
 */
gboolean
acc_store_check_in_and_place (AccStore           *self,
                              const char * const *enrollment_ids,
                              GError            **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (enrollment_ids != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  for (guint i = 0; ok && enrollment_ids[i] != NULL; i++)
    {
      g_autofree char *group_id = NULL, *suggested = NULL;

      ok = check_in_one (self, enrollment_ids[i], TRUE, &group_id, error);
      if (ok && group_id == NULL && (suggested = suggest_group (self, enrollment_ids[i])))
        {
          g_autoptr(JsonObject) fields = json_object_new ();

          json_object_set_string_member (fields, "enrollment_id", enrollment_ids[i]);
          json_object_set_string_member (fields, "group_id", suggested);
          json_object_set_string_member (fields, "reason", _("Placed at check-in"));
          ok = record_fact (self, "assign_group", ACC_SUBJECT_GROUP, enrollment_ids[i], "",
                            fields, error);
        }
    }

  return finish_write (self, ok, error);
}

/**
 * acc_store_assign_group:
 * @reason: (nullable): why the participant is moved
 *
 * Places an enrollment in a group of its own session.
 */
gboolean
acc_store_assign_group (AccStore    *self,
                        const char  *enrollment_id,
                        const char  *group_id,
                        const char  *reason,
                        GError     **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *session_id = NULL, *group_session = NULL;
  sqlite3_stmt *s;
  gboolean ok;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (enrollment_id != NULL && group_id != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  ok = get_enrollment (self, enrollment_id, &session_id, NULL, NULL, error);
  if (ok)
    {
      s = stmt (self, STMT_GROUP_GET);
      bind_text (s, 1, group_id);
      rc = step_row (self, s, error);
      if (rc == SQLITE_ROW)
        group_session = column_dup (s, 0);
      else if (rc == SQLITE_DONE)
        g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                     _("There is no group %s on this day"), group_id);
      sqlite3_reset (s);
      ok = (rc == SQLITE_ROW);
    }
  if (ok && g_strcmp0 (session_id, group_session) != 0)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("Group %s belongs to another session than enrollment %s"),
                   group_id, enrollment_id);
      ok = FALSE;
    }
  if (ok)
    {
      json_object_set_string_member (fields, "enrollment_id", enrollment_id);
      json_object_set_string_member (fields, "group_id", group_id);
      json_object_set_string_member (fields, "reason", reason ? reason : "");
      ok = record_fact (self, "assign_group", ACC_SUBJECT_GROUP, enrollment_id, "", fields,
                        error);
    }

  return finish_write (self, ok, error);
}

gboolean
acc_store_set_attendance (AccStore       *self,
                          const char     *enrollment_id,
                          AccAttendance   state,
                          GError        **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  gboolean ok;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (enrollment_id != NULL, FALSE);
  g_return_val_if_fail (state < ACC_N_ATTENDANCE, FALSE);

  if (!begin (self, error))
    return FALSE;

  ok = get_enrollment (self, enrollment_id, NULL, NULL, NULL, error);
  if (ok)
    {
      json_object_set_string_member (fields, "enrollment_id", enrollment_id);
      json_object_set_string_member (fields, "state", attendance_names[state]);
      ok = record_fact (self, "attendance", ACC_SUBJECT_ATTENDANCE, enrollment_id, "", fields,
                        error);
    }

  return finish_write (self, ok, error);
}

typedef enum
{
  KIND_GROUP,
  KIND_INSTRUCTOR,
  KIND_PARTICIPANT,
  KIND_SESSION,
} ObjectKind;

static gboolean
require (AccStore    *self,
         ObjectKind   kind,
         const char  *id,
         GError     **error)
{
  static const StmtId queries[] = {
    [KIND_GROUP] = STMT_GROUP_GET,
    [KIND_INSTRUCTOR] = STMT_EXISTS_INSTRUCTOR,
    [KIND_PARTICIPANT] = STMT_EXISTS_PARTICIPANT,
    [KIND_SESSION] = STMT_EXISTS_SESSION,
  };

  if (exists (self, queries[kind], id))
    return TRUE;

  switch (kind)
    {
    case KIND_GROUP:
      g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND, _("There is no group %s on this day"),
                   id);
      break;
    case KIND_INSTRUCTOR:
      g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                   _("There is no instructor %s on this day"), id);
      break;
    case KIND_PARTICIPANT:
      g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                   _("There is no participant %s on this day"), id);
      break;
    case KIND_SESSION:
    default:
      g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                   _("There is no session %s on this day"), id);
      break;
    }

  return FALSE;
}

gboolean
acc_store_set_instructor_attendance (AccStore    *self,
                                     const char  *instructor_id,
                                     const char  *state,
                                     GError     **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  gboolean ok;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (instructor_id != NULL && state != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  ok = require (self, KIND_INSTRUCTOR, instructor_id, error);
  if (ok)
    {
      json_object_set_string_member (fields, "instructor_id", instructor_id);
      json_object_set_string_member (fields, "state", state);
      ok = record_fact (self, "instructor_attendance", ACC_SUBJECT_INSTRUCTOR_ATTENDANCE,
                        instructor_id, "", fields, error);
    }

  return finish_write (self, ok, error);
}

/**
 * acc_store_assign_instructor:
 * @instructor_id: (nullable): the instructor, or %NULL to take the group's away
 */
gboolean
acc_store_assign_instructor (AccStore    *self,
                             const char  *group_id,
                             const char  *instructor_id,
                             GError     **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  gboolean ok;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (group_id != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  ok = require (self, KIND_GROUP, group_id, error) &&
       (instructor_id == NULL || require (self, KIND_INSTRUCTOR, instructor_id, error));
  if (ok)
    {
      json_object_set_string_member (fields, "group_id", group_id);
      if (instructor_id)
        json_object_set_string_member (fields, "instructor_id", instructor_id);
      else
        json_object_set_null_member (fields, "instructor_id");
      ok = record_fact (self, "assign_instructor", ACC_SUBJECT_GROUP_INSTRUCTOR, group_id, "",
                        fields, error);
    }

  return finish_write (self, ok, error);
}

/**
 * acc_store_update_participant:
 * @changes: field → new value (first_name, last_name, level_id, allergies…)
 */
gboolean
acc_store_update_participant (AccStore    *self,
                              const char  *participant_id,
                              JsonObject  *changes,
                              GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (participant_id != NULL && changes != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  ok = require (self, KIND_PARTICIPANT, participant_id, error);
  if (ok)
    {
      g_autoptr(GList) names = json_object_get_members (changes);

      /* One fact per field: see record_fact(). */
      for (GList *l = names; ok && l; l = l->next)
        {
          g_autoptr(JsonObject) fields =
            participant_change (participant_id, l->data,
                                json_node_copy (json_object_get_member (changes, l->data)));

          ok = record_fact (self, "participant_update", ACC_SUBJECT_PARTICIPANT, participant_id,
                            l->data, fields, error);
        }
    }

  return finish_write (self, ok, error);
}

/**
 * acc_store_close_out:
 *
 * Closes a session's check-in now: every enrollment of the session still undetermined becomes
 * a no-show.
 */
gboolean
acc_store_close_out (AccStore    *self,
                     const char  *session_id,
                     GError     **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *cutoff = g_date_time_format_iso8601 (now);
  gboolean ok;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  ok = require (self, KIND_SESSION, session_id, error);
  if (ok)
    {
      json_object_set_string_member (fields, "session_id", session_id);
      json_object_set_string_member (fields, "cutoff", cutoff);
      ok = record_fact (self, "close_out", ACC_SUBJECT_CLOSE_OUT, session_id, "", fields, error);
    }

  return finish_write (self, ok, error);
}

/* Queries */

/**
 * acc_store_lookup_booking:
 *
 * Returns: (transfer full) (nullable): the booking's id, or %NULL with %ACC_ERROR_NOT_FOUND.
 */
char *
acc_store_lookup_booking (AccStore    *self,
                          const char  *reference,
                          GError     **error)
{
  g_autofree char *key = NULL;
  sqlite3_stmt *s;
  char *id = NULL;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (reference != NULL, NULL);

  key = acc_text_reference_key (reference);
  s = stmt (self, STMT_BOOKING_BY_KEY);
  bind_text (s, 1, key);
  rc = step_row (self, s, error);
  if (rc == SQLITE_ROW)
    id = column_dup (s, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                 _("There is no booking “%s” on this day"), reference);
  sqlite3_reset (s);

  return id;
}

/* A list that the statement gives as lines (json_each and group_concat). */
static char **
column_lines (sqlite3_stmt *s,
              int           column)
{
  const char *text = (const char *) sqlite3_column_text (s, column);

  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);

  return g_strsplit (text, "\n", -1);
}

static AccEnrollmentRow *
read_row (sqlite3_stmt *s)
{
  AccEnrollmentRow *row = g_new0 (AccEnrollmentRow, 1);

  row->enrollment_id = column_dup (s, 0);
  row->booking_id = column_dup (s, 1);
  row->booking_reference = column_dup (s, 2);
  row->participant_id = column_dup (s, 3);
  row->first_name = column_dup (s, 4);
  row->last_name = column_dup (s, 5);
  row->payer_name = column_dup (s, 6);
  row->session_id = column_dup (s, 7);
  row->session_title = column_dup (s, 8);
  row->starts_at = column_dup (s, 9);
  row->ends_at = column_dup (s, 10);
  row->meeting_point = column_dup (s, 11);
  row->group_id = column_dup (s, 12);
  row->group_label = column_dup (s, 13);
  row->instructor_id = column_dup (s, 14);
  row->instructor_name = column_dup (s, 15);
  row->level_code = column_dup (s, 16);
  row->declared_level_id = column_dup (s, 17);
  row->declared_level_label = column_dup (s, 18);
  row->birth_year = sqlite3_column_int (s, 19);
  row->allergies = column_dup (s, 20);
  row->medical_notes = column_dup (s, 21);
  row->emergency_phone = column_dup (s, 22);
  row->pickup_adults = column_lines (s, 23);
  row->status = column_dup (s, 24);
  row->checked_in = sqlite3_column_int (s, 25);
  row->placeholder = sqlite3_column_int (s, 26);
  if (!acc_attendance_from_string ((const char *) sqlite3_column_text (s, 27), &row->attendance))
    row->attendance = ACC_ATTENDANCE_UNDETERMINED;
  row->n_conflicts = sqlite3_column_int (s, 28);

  return row;
}

static gboolean
collect_rows (AccStore    *self,
              StmtId       query,
              const char  *id,
              GPtrArray   *rows,
              GError     **error)
{
  sqlite3_stmt *s = stmt (self, query);
  int rc;

  bind_text (s, 1, id);
  while ((rc = step_row (self, s, error)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (s));
  sqlite3_reset (s);

  return rc == SQLITE_DONE;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const AccEnrollmentRow *ra = *(AccEnrollmentRow * const *) a;
  const AccEnrollmentRow *rb = *(AccEnrollmentRow * const *) b;
  int cmp;

  /* Bookings together, then people by name, then their sessions in time. */
  if ((cmp = g_strcmp0 (ra->payer_name, rb->payer_name)) != 0 ||
      (cmp = g_strcmp0 (ra->booking_reference, rb->booking_reference)) != 0 ||
      (cmp = g_strcmp0 (ra->booking_id, rb->booking_id)) != 0 ||
      (cmp = g_strcmp0 (ra->first_name, rb->first_name)) != 0 ||
      (cmp = g_strcmp0 (ra->participant_id, rb->participant_id)) != 0 ||
      (cmp = g_strcmp0 (ra->starts_at, rb->starts_at)) != 0)
    return cmp;

  return g_strcmp0 (ra->enrollment_id, rb->enrollment_id);
}

static gboolean
search_participants (AccStore    *self,
                     GPtrArray   *tokens,
                     guint        limit,
                     GHashTable  *found,
                     GError     **error)
{
  static const StmtId by_count[] = { STMT_SEARCH_1, STMT_SEARCH_2, STMT_SEARCH_3, STMT_SEARCH_4 };
  g_autoptr(GPtrArray) ends = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *s;
  guint n = MIN (tokens->len, SEARCH_MAX_TOKENS);
  int rc;

  s = stmt (self, by_count[n - 1]);
  for (guint i = 0; i < n; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);
      char *end = acc_text_prefix_end (token);

      g_ptr_array_add (ends, end);
      bind_text (s, 2 * i + 1, token);
      bind_text (s, 2 * i + 2, end);
    }
  sqlite3_bind_int (s, 9, limit);

  while ((rc = step_row (self, s, error)) == SQLITE_ROW)
    g_hash_table_add (found, column_dup (s, 0));
  sqlite3_reset (s);

  return rc == SQLITE_DONE;
}

static int
compare_length_desc (gconstpointer a,
                     gconstpointer b)
{
  return (int) strlen (*(const char * const *) b) - (int) strlen (*(const char * const *) a);
}

/**
 * acc_store_search:
 * @self: a #AccStore
 * @text: what the desk typed: names (any case, with or without accents, any prefix), a
 *   booking reference, or the last four or more digits of a phone number
 * @limit: the most enrollments to return
 *
 * Every word of @text must start a word of the participant's or the payer's name, or the
 * booking reference. Each word is one range of an index: no scan, whatever the day's size.
 *
 * Returns: (transfer full) (element-type AccEnrollmentRow): the matching enrollments, grouped
 *   by booking.
 */
GPtrArray *
acc_store_search (AccStore    *self,
                  const char  *text,
                  guint        limit,
                  GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_enrollment_row_free);
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *digits = NULL;
  g_autofree GStrv ids = NULL;
  gboolean all_digits = TRUE;
  guint n_ids;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (limit == 0)
    limit = 200;

  tokens = acc_text_tokens (text);
  if (tokens->len == 0)
    return g_steal_pointer (&rows);

  for (guint i = 0; i < tokens->len && all_digits; i++)
    for (const char *p = g_ptr_array_index (tokens, i); *p && all_digits; p++)
      all_digits = g_ascii_isdigit (*p);

  /* The last digits of a phone number, however they are grouped. */
  digits = acc_text_digits (text);
  if (all_digits && strlen (digits) >= 4)
    {
      g_autoptr(GPtrArray) phone = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (phone, g_strconcat ("#", g_strreverse (digits), NULL));
      if (!search_participants (self, phone, limit, found, error))
        return NULL;
    }

  /* A reference typed with a dash or a space ("KM7-PX3"), or a compound name typed in
   * parts, is also looked up as one word. */
  if (tokens->len > 1)
    {
      g_autoptr(GPtrArray) joined = g_ptr_array_new_with_free_func (g_free);
      GString *word = g_string_new (NULL);

      for (guint i = 0; i < tokens->len; i++)
        g_string_append (word, g_ptr_array_index (tokens, i));
      g_ptr_array_add (joined, g_string_free (word, FALSE));
      if (!search_participants (self, joined, limit, found, error))
        return NULL;
    }

  /* The longest word is usually the most selective: let it drive the index range. */
  g_ptr_array_sort (tokens, compare_length_desc);
  if (!search_participants (self, tokens, limit, found, error))
    return NULL;

  ids = (GStrv) g_hash_table_get_keys_as_array (found, &n_ids);
  qsort (ids, n_ids, sizeof (char *), compare_strings_ptr);
  for (guint i = 0; i < n_ids; i++)
    if (!collect_rows (self, STMT_ROWS_OF_PARTICIPANT, ids[i], rows, error))
      return NULL;

  g_ptr_array_sort (rows, compare_rows);
  if (rows->len > limit)
    g_ptr_array_set_size (rows, limit);

  return g_steal_pointer (&rows);
}

/**
 * acc_store_list_enrollments:
 * @column: "id", "session_id", "group_id" or "booking_id"
 * @id: the enrollment, session, group or booking
 *
 * Returns: (transfer full) (element-type AccEnrollmentRow): its enrollments, by booking.
 */
GPtrArray *
acc_store_list_enrollments (AccStore    *self,
                            const char  *column,
                            const char  *id,
                            GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_enrollment_row_free);
  StmtId query;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (g_strcmp0 (column, "id") == 0)
    query = STMT_ROWS_OF_ENROLLMENT;
  else if (g_strcmp0 (column, "session_id") == 0)
    query = STMT_ROWS_OF_SESSION;
  else if (g_strcmp0 (column, "group_id") == 0)
    query = STMT_ROWS_OF_GROUP;
  else if (g_strcmp0 (column, "booking_id") == 0)
    query = STMT_ROWS_OF_BOOKING;
  else
    g_return_val_if_reached (NULL);

  if (!collect_rows (self, query, id, rows, error))
    return NULL;

  g_ptr_array_sort (rows, compare_rows);
  return g_steal_pointer (&rows);
}

gboolean
acc_store_get_status (AccStore        *self,
                      AccStoreStatus  *status,
                      GError         **error)
{
  sqlite3_stmt *s;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  memset (status, 0, sizeof *status);

  s = stmt (self, STMT_STATUS_COUNTS);
  if ((rc = step_row (self, s, error)) == SQLITE_ROW)
    {
      status->enrollments = sqlite3_column_int (s, 0);
      status->checked_in = sqlite3_column_int (s, 1);
    }
  sqlite3_reset (s);
  if (STEP_FAILED (rc))
    return FALSE;

  s = stmt (self, STMT_STATUS_ATTENDANCE);
  while ((rc = step_row (self, s, error)) == SQLITE_ROW)
    {
      AccAttendance state;

      if (acc_attendance_from_string ((const char *) sqlite3_column_text (s, 0), &state))
        status->attendance[state] = sqlite3_column_int (s, 1);
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return FALSE;

  s = stmt (self, STMT_STATUS_CONFLICTS);
  if ((rc = step_row (self, s, error)) == SQLITE_ROW)
    status->conflicts = sqlite3_column_int (s, 0);
  sqlite3_reset (s);
  if (STEP_FAILED (rc))
    return FALSE;

  s = stmt (self, STMT_STATUS_PENDING);
  if ((rc = step_row (self, s, error)) == SQLITE_ROW)
    {
      status->pending = sqlite3_column_int (s, 0);
      status->oldest_pending = sqlite3_column_int64 (s, 1);
    }
  sqlite3_reset (s);
  if (STEP_FAILED (rc))
    return FALSE;

  s = stmt (self, STMT_STATUS_PROBLEMS);
  if ((rc = step_row (self, s, error)) == SQLITE_ROW)
    {
      status->unusable = sqlite3_column_int (s, 0);
      status->refused = sqlite3_column_int (s, 1);
    }
  sqlite3_reset (s);

  return !STEP_FAILED (rc);
}

/* Rederivation */

gboolean
acc_store_rederive (AccStore  *self,
                    GError   **error)
{
  static const char *clear =
    "DELETE FROM school; DELETE FROM level; DELETE FROM meeting_point;"
    "DELETE FROM instructor; DELETE FROM session; DELETE FROM grp; DELETE FROM customer;"
    "DELETE FROM booking; DELETE FROM participant; DELETE FROM enrollment;"
    "DELETE FROM search_term; DELETE FROM fact_subject; DELETE FROM supersession;"
    "DELETE FROM subject_state;";
  sqlite3_stmt *s;
  gboolean ok;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);

  if (!begin (self, error))
    return FALSE;

  ok = exec (self, clear, error);

  /* The statement stays open while the projections are written: SQLite reads a consistent
   * snapshot of the doc tables, which this loop does not change. */
  s = NULL;
  if (ok)
    {
      rc = sqlite3_prepare_v2 (self->db, acc_store_statements[STMT_ALL_DOCS], -1, &s, NULL);
      ok = rc == SQLITE_OK || set_sqlite_error (self, rc, error);
    }

  while (ok && (rc = step_row (self, s, error)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (s, 0);
      g_autoptr(JsonObject) doc = NULL;
      g_autoptr(GArray) subjects = NULL;
      const char *type;

      if (sqlite3_column_int (s, 2))
        continue;

      doc = acc_json_parse_object ((const char *) sqlite3_column_text (s, 1), error);
      ok = doc != NULL;
      if (!ok)
        break;

      type = acc_document_get_string (doc, "type");
      if (g_strcmp0 (type, "fact") == 0)
        {
          subjects = acc_fact_subjects (doc, error);
          ok = subjects != NULL;
        }
      if (ok)
        ok = project (self, id, type, doc, subjects, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = FALSE;
  sqlite3_finalize (s);

  return finish_write (self, ok, error);
}

/* Export */

static void
add_column (JsonBuilder  *builder,
            const char   *name,
            sqlite3_stmt *s,
            int           column)
{
  json_builder_set_member_name (builder, name);
  switch (sqlite3_column_type (s, column))
    {
    case SQLITE_NULL:
      json_builder_add_null_value (builder);
      break;
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (s, column));
      break;
    case SQLITE_FLOAT:
      json_builder_add_double_value (builder, sqlite3_column_double (s, column));
      break;
    default:
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (s, column));
      break;
    }
}

static void
add_bool_column (JsonBuilder  *builder,
                 const char   *name,
                 sqlite3_stmt *s,
                 int           column)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, sqlite3_column_int (s, column) != 0);
}

static void
add_json_column (JsonBuilder  *builder,
                 const char   *name,
                 sqlite3_stmt *s,
                 int           column)
{
  const char *text = (const char *) sqlite3_column_text (s, column);
  JsonNode *node = text ? json_from_string (text, NULL) : NULL;

  json_builder_set_member_name (builder, name);
  if (node != NULL)
    json_builder_add_value (builder, node);
  else
    json_builder_add_null_value (builder);
}

static JsonNode *
json_or_string (const char *text)
{
  JsonNode *node = text ? json_from_string (text, NULL) : NULL;

  return node ? node : json_node_init_string (json_node_alloc (), text ? text : "");
}

static void
set_nullable_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

/* Builds, for every subject in conflict, the facts that disagree, keyed by subject id. */
static GHashTable *
collect_conflicts (AccStore  *self,
                   GError   **error)
{
  g_autoptr(GHashTable) by_subject =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) conflicts = acc_store_list_conflicts (self, error);

  if (conflicts == NULL)
    return NULL;

  for (guint i = 0; i < conflicts->len; i++)
    {
      AccConflict *conflict = g_ptr_array_index (conflicts, i);
      JsonNode *list = g_hash_table_lookup (by_subject, conflict->subject_id);
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonArray) facts = json_array_new ();

      if (list == NULL)
        {
          list = json_node_init_array (json_node_alloc (), json_array_new ());
          g_hash_table_insert (by_subject, g_strdup (conflict->subject_id), list);
        }

      /* Values only, never labels: labels are in the desk's language, the export is not. */
      json_object_set_string_member (object, "subject", conflict->kind);
      json_object_set_string_member (object, "subject_id", conflict->subject_id);
      json_object_set_string_member (object, "field", conflict->field);
      json_object_set_member (object, "shown", json_or_string (conflict->shown));
      for (guint j = 0; j < conflict->facts->len; j++)
        {
          AccConflictFact *fact = g_ptr_array_index (conflict->facts, j);
          JsonObject *f = json_object_new ();

          json_object_set_string_member (f, "id", fact->fact_id);
          json_object_set_member (f, "value", json_or_string (fact->value));
          json_object_set_string_member (f, "hlc", fact->hlc);
          set_nullable_string (f, "device_id", fact->device_id);
          set_nullable_string (f, "staff", fact->staff);
          set_nullable_string (f, "at", fact->at);
          json_array_add_object_element (facts, f);
        }
      json_object_set_array_member (object, "facts", g_steal_pointer (&facts));
      json_array_add_object_element (json_node_get_array (list), g_steal_pointer (&object));
    }

  return g_steal_pointer (&by_subject);
}

static void
add_conflicts (JsonBuilder *builder,
               GHashTable  *conflicts,
               const char  *subject_id)
{
  JsonNode *list = g_hash_table_lookup (conflicts, subject_id);

  json_builder_set_member_name (builder, "conflicts");
  if (list != NULL)
    json_builder_add_value (builder, json_node_copy (list));
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
}

static gboolean
export_table (AccStore     *self,
              JsonBuilder  *builder,
              StmtId        query,
              const char   *name,
              const char  **columns,
              GHashTable   *conflicts,
              GError      **error)
{
  sqlite3_stmt *s = stmt (self, query);
  int rc;

  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  while ((rc = step_row (self, s, error)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      for (int i = 0; columns[i] != NULL; i++)
        {
          /* A leading '?' marks a boolean, a leading '{' a JSON value. */
          if (columns[i][0] == '?')
            add_bool_column (builder, columns[i] + 1, s, i);
          else if (columns[i][0] == '{')
            add_json_column (builder, columns[i] + 1, s, i);
          else if (columns[i][0] != '-')
            add_column (builder, columns[i], s, i);
        }
      if (conflicts != NULL)
        add_conflicts (builder, conflicts, (const char *) sqlite3_column_text (s, 0));
      json_builder_end_object (builder);
    }
  sqlite3_reset (s);
  json_builder_end_array (builder);

  return rc == SQLITE_DONE;
}

/**
 * acc_store_export_json:
 *
 * Describes the day as every replica holding the same documents derives it, sorted by id:
 * nothing in it depends on this desk (such as what is still waiting to be sent).
 *
 * Returns: (transfer full) (nullable): an object with enrollments, groups, sessions,
 *   instructors, participants and conflicts.
 */
JsonNode *
acc_store_export_json (AccStore  *self,
                       GError   **error)
{
  static const char *enrollments[] = { "id", "booking_reference", "booking_id",
                                       "participant_id", "first_name", "last_name",
                                       "session_id", "group_id", "?checked_in", "attendance",
                                       "status", "-n_conflicts", NULL };
  static const char *groups[] = { "id", "session_id", "level_code", "instructor_id",
                                  "capacity", "label", "count", NULL };
  static const char *sessions[] = { "id", "title", "discipline", "kind", "starts_at",
                                    "ends_at", "meeting_point_id", "closed_at", NULL };
  static const char *instructors[] = { "id", "first_name", "last_name", "?on_call",
                                       "attendance", NULL };
  static const char *participants[] = { "id", "booking_id", "first_name", "last_name",
                                        "birth_year", "level_id", "allergies",
                                        "medical_notes", "emergency_phone", "{pickup_adults",
                                        "?placeholder", NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) conflicts = NULL;
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GPtrArray) subject_ids = g_ptr_array_new ();

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  conflicts = collect_conflicts (self, error);
  if (conflicts == NULL)
    return NULL;

  json_builder_begin_object (builder);
  if (!export_table (self, builder, STMT_EXPORT_ENROLLMENTS, "enrollments", enrollments,
                     conflicts, error) ||
      !export_table (self, builder, STMT_EXPORT_GROUPS, "groups", groups, conflicts, error) ||
      !export_table (self, builder, STMT_EXPORT_SESSIONS, "sessions", sessions, none, error) ||
      !export_table (self, builder, STMT_EXPORT_INSTRUCTORS, "instructors", instructors,
                     conflicts, error) ||
      !export_table (self, builder, STMT_EXPORT_PARTICIPANTS, "participants", participants,
                     conflicts, error))
    return NULL;

  /* Every conflict once, whatever it is about, in subject order. */
  json_builder_set_member_name (builder, "conflicts");
  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, conflicts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_ptr_array_add (subject_ids, key);
  g_ptr_array_sort (subject_ids, compare_strings_ptr);
  for (guint i = 0; i < subject_ids->len; i++)
    {
      JsonArray *list = json_node_get_array (g_hash_table_lookup (conflicts,
                                                                  g_ptr_array_index (subject_ids, i)));

      for (guint j = 0; j < json_array_get_length (list); j++)
        json_builder_add_value (builder, json_node_copy (json_array_get_element (list, j)));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
csv_field (GString    *out,
           const char *text)
{
  if (text == NULL)
    text = "";

  if (strpbrk (text, ",\"\r\n") == NULL)
    g_string_append (out, text);
  else
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
}

/**
 * acc_store_export_csv:
 *
 * Returns: (transfer full) (nullable): the day's enrollments as CSV, one line each, by id.
 */
char *
acc_store_export_csv (AccStore  *self,
                      GError   **error)
{
  static const char *header[] = { "id", "booking_reference", "booking_id", "participant_id",
                                  "first_name", "last_name", "session_id", "group_id",
                                  "checked_in", "attendance", "status", "conflicts" };
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *s;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, header[i]);
    }
  g_string_append (out, "\r\n");

  s = stmt (self, STMT_EXPORT_ENROLLMENTS);
  while ((rc = step_row (self, s, error)) == SQLITE_ROW)
    {
      for (int i = 0; i < (int) G_N_ELEMENTS (header); i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          if (i == 8)
            g_string_append (out, sqlite3_column_int (s, i) ? "true" : "false");
          else
            csv_field (out, (const char *) sqlite3_column_text (s, i));
        }
      g_string_append (out, "\r\n");
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The booking card */

/**
 * acc_store_get_booking:
 *
 * Returns: (transfer full) (nullable): the booking and its payer, or %NULL with
 *   %ACC_ERROR_NOT_FOUND.
 */
AccBookingInfo *
acc_store_get_booking (AccStore    *self,
                       const char  *booking_id,
                       GError     **error)
{
  sqlite3_stmt *s;
  AccBookingInfo *info = NULL;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (booking_id != NULL, NULL);

  s = stmt (self, STMT_BOOKING_GET);
  bind_text (s, 1, booking_id);
  rc = step_row (self, s, error);
  if (rc == SQLITE_ROW)
    {
      info = g_new0 (AccBookingInfo, 1);
      info->id = column_dup (s, 0);
      info->reference = column_dup (s, 1);
      info->customer_id = column_dup (s, 2);
      info->payer_first_name = column_dup (s, 3);
      info->payer_last_name = column_dup (s, 4);
      info->payer_phone = column_dup (s, 5);
      info->payer_language = column_dup (s, 6);
      info->balance_due_cents = sqlite3_column_int64 (s, 7);
      info->currency = column_dup (s, 8);
      info->notes = column_dup (s, 9);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                 _("There is no booking %s on this day"), booking_id);
  sqlite3_reset (s);

  return info;
}

/* Runs @query (bound to @id when given) and reads each row with @read. */
typedef gpointer (*ReadRow) (sqlite3_stmt *s);

static GPtrArray *
collect (AccStore        *self,
         StmtId           query,
         const char      *id,
         ReadRow          read,
         GDestroyNotify   free_func,
         GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  sqlite3_stmt *s = stmt (self, query);
  int rc;

  if (id != NULL)
    bind_text (s, 1, id);
  while ((rc = step_row (self, s, error)) == SQLITE_ROW)
    g_ptr_array_add (rows, read (s));
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&rows);
}

static char *
lookup_text (AccStore   *self,
             StmtId      query,
             const char *id)
{
  sqlite3_stmt *s = stmt (self, query);
  char *text = NULL;

  bind_text (s, 1, id);
  if (sqlite3_step (s) == SQLITE_ROW)
    text = column_dup (s, 0);
  sqlite3_reset (s);

  return text;
}

static AccGroupRow *
read_group (sqlite3_stmt *s)
{
  AccGroupRow *row = g_new0 (AccGroupRow, 1);

  row->id = column_dup (s, 0);
  row->session_id = column_dup (s, 1);
  row->label = column_dup (s, 2);
  row->level_id = column_dup (s, 3);
  row->level_code = column_dup (s, 4);
  row->level_label = column_dup (s, 5);
  row->level_order = sqlite3_column_int (s, 6);
  row->instructor_id = column_dup (s, 7);
  row->instructor_name = column_dup (s, 8);
  row->meeting_point = column_dup (s, 9);
  row->capacity = sqlite3_column_int (s, 10);
  row->count = sqlite3_column_int (s, 11);
  row->session_title = column_dup (s, 12);
  row->starts_at = column_dup (s, 13);
  row->discipline = column_dup (s, 14);
  row->instructor_attendance = column_dup (s, 15);
  row->checked_in = sqlite3_column_int (s, 16);
  row->no_shows = sqlite3_column_int (s, 17);

  return row;
}

static GPtrArray *
collect_groups (AccStore    *self,
                StmtId       query,
                const char  *id,
                GError     **error)
{
  return collect (self, query, id, (ReadRow) read_group,
                  (GDestroyNotify) acc_group_row_free, error);
}

/**
 * acc_store_list_groups:
 * @session_id: (nullable): the session, or %NULL for every group of the day
 *
 * Returns: (transfer full) (element-type AccGroupRow) (nullable): the groups by session and
 *   level, with their instructor and how many pupils they hold.
 */
GPtrArray *
acc_store_list_groups (AccStore    *self,
                       const char  *session_id,
                       GError     **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  if (session_id == NULL)
    return collect_groups (self, STMT_GROUPS_ALL, NULL, error);

  return collect_groups (self, STMT_GROUPS_OF_SESSION, session_id, error);
}

static AccSessionRow *
read_session (sqlite3_stmt *s)
{
  AccSessionRow *row = g_new0 (AccSessionRow, 1);

  row->id = column_dup (s, 0);
  row->title = column_dup (s, 1);
  row->starts_at = column_dup (s, 2);
  return row;
}

/**
 * acc_store_list_sessions:
 *
 * Lists the sessions that have groups, without the groups: what a chooser of sessions shows,
 * read from the index of groups by session.
 *
 * Returns: (transfer full) (element-type AccSessionRow) (nullable): the sessions, by start
 *   time then title.
 */
GPtrArray *
acc_store_list_sessions (AccStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  return collect (self, STMT_SESSIONS_WITH_GROUPS, NULL, (ReadRow) read_session,
                  (GDestroyNotify) acc_session_row_free, error);
}

/**
 * acc_store_list_groups_of_instructor:
 *
 * Returns: (transfer full) (element-type AccGroupRow) (nullable): the groups an instructor
 *   leads today, by time.
 */
GPtrArray *
acc_store_list_groups_of_instructor (AccStore    *self,
                                     const char  *instructor_id,
                                     GError     **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (instructor_id != NULL, NULL);

  return collect_groups (self, STMT_GROUPS_OF_INSTRUCTOR, instructor_id, error);
}

static AccInstructorRow *
read_instructor (sqlite3_stmt *s)
{
  AccInstructorRow *row = g_new0 (AccInstructorRow, 1);

  row->id = column_dup (s, 0);
  row->first_name = column_dup (s, 1);
  row->last_name = column_dup (s, 2);
  row->on_call = sqlite3_column_int (s, 3);
  row->disciplines = column_lines (s, 4);
  row->max_level_order = sqlite3_column_int (s, 5);
  row->attendance = column_dup (s, 6);
  row->n_groups = sqlite3_column_int (s, 7);

  return row;
}

static GPtrArray *
collect_instructors (AccStore    *self,
                     StmtId       query,
                     const char  *id,
                     GError     **error)
{
  return collect (self, query, id, (ReadRow) read_instructor,
                  (GDestroyNotify) acc_instructor_row_free, error);
}

/**
 * acc_store_list_instructors:
 *
 * Returns: (transfer full) (element-type AccInstructorRow) (nullable): the day's instructors,
 *   those who lead groups first, then the on-call pool, by name.
 */
GPtrArray *
acc_store_list_instructors (AccStore  *self,
                            GError   **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  return collect_instructors (self, STMT_INSTRUCTORS, NULL, error);
}

static int
compare_replacements (gconstpointer a,
                      gconstpointer b)
{
  const AccInstructorRow *ra = *(const AccInstructorRow * const *) a;
  const AccInstructorRow *rb = *(const AccInstructorRow * const *) b;
  gboolean a_present = g_strcmp0 (ra->attendance, "present") == 0;
  gboolean b_present = g_strcmp0 (rb->attendance, "present") == 0;
  int cmp = b_present - a_present;

  if (cmp == 0)
    cmp = g_strcmp0 (ra->last_name, rb->last_name);
  if (cmp == 0)
    cmp = g_strcmp0 (ra->first_name, rb->first_name);
  return cmp != 0 ? cmp : g_strcmp0 (ra->id, rb->id);
}

/**
 * acc_instructor_rows_replacing:
 * @instructors: (element-type AccInstructorRow): the day's instructors
 * @groups: (element-type AccGroupRow): the day's groups
 * @group: a group whose instructor is absent or missing
 *
 * Who can take @group: on-call instructors not marked absent, teaching its discipline up to
 * its level, and leading none of @groups in its session. Those marked present come first,
 * then by name. It works on rows already read: the roll-call asks it for every group without
 * an instructor after every change, with no query each.
 *
 * Returns: (transfer container) (element-type AccInstructorRow): rows of @instructors.
 */
GPtrArray *
acc_instructor_rows_replacing (GPtrArray         *instructors,
                               GPtrArray         *groups,
                               const AccGroupRow *group)
{
  g_autoptr(GHashTable) busy = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *offers = g_ptr_array_new ();

  g_return_val_if_fail (instructors != NULL && groups != NULL && group != NULL, offers);

  if (group->discipline == NULL)
    return offers;

  for (guint i = 0; i < groups->len; i++)
    {
      const AccGroupRow *other = g_ptr_array_index (groups, i);

      if (other->instructor_id != NULL && g_strcmp0 (other->session_id, group->session_id) == 0)
        g_hash_table_add (busy, other->instructor_id);
    }

  for (guint i = 0; i < instructors->len; i++)
    {
      AccInstructorRow *row = g_ptr_array_index (instructors, i);

      if (row->on_call && g_strcmp0 (row->attendance, "absent") != 0 &&
          g_strv_contains ((const char * const *) row->disciplines, group->discipline) &&
          row->max_level_order >= group->level_order &&
          !g_hash_table_contains (busy, row->id))
        g_ptr_array_add (offers, row);
    }

  g_ptr_array_sort (offers, compare_replacements);
  return offers;
}

static AccTallyRow *
read_tally (sqlite3_stmt *s)
{
  AccTallyRow *row = g_new0 (AccTallyRow, 1);

  row->session_id = column_dup (s, 0);
  row->session_title = column_dup (s, 1);
  row->starts_at = column_dup (s, 2);
  row->level_id = column_dup (s, 3);
  row->level_label = column_dup (s, 4);
  row->level_order = sqlite3_column_int (s, 5);
  row->expected = sqlite3_column_int (s, 6);
  row->checked_in = sqlite3_column_int (s, 7);
  row->groups = sqlite3_column_int (s, 8);
  row->instructors_present = sqlite3_column_int (s, 9);

  return row;
}

/**
 * acc_store_tally:
 *
 * Returns: (transfer full) (element-type AccTallyRow) (nullable): per session and level, the
 *   pupils expected and checked in, the groups and the instructors present.
 */
GPtrArray *
acc_store_tally (AccStore  *self,
                 GError   **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  return collect (self, STMT_TALLY, NULL, (ReadRow) read_tally,
                  (GDestroyNotify) acc_tally_row_free, error);
}

/**
 * acc_store_create_group:
 * @level_id: (nullable): the group's level
 * @instructor_id: (nullable): its instructor
 *
 * Opens an extra group at the desk, when more pupils came than planned: a new group document
 * of this desk, sent to the cloud like its facts.
 *
 * Returns: (transfer full) (nullable): the new group's id
 */
char *
acc_store_create_group (AccStore    *self,
                        const char  *session_id,
                        const char  *level_id,
                        int          capacity,
                        const char  *instructor_id,
                        const char  *label,
                        GError     **error)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *id = acc_uuid_new ();
  g_autofree char *meeting_point = NULL;
  gboolean ok;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (session_id != NULL && label != NULL, NULL);

  if (capacity < 1)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("A group needs room for at least one pupil"));
      return NULL;
    }

  if (!begin (self, error))
    return NULL;

  ok = require (self, KIND_SESSION, session_id, error) &&
       (level_id == NULL || exists (self, STMT_EXISTS_LEVEL, level_id) ||
        (g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                      _("There is no level %s on this day"), level_id), FALSE)) &&
       (instructor_id == NULL || require (self, KIND_INSTRUCTOR, instructor_id, error));
  if (ok)
    {
      meeting_point = lookup_text (self, STMT_SESSION_MEETING_POINT, session_id);

      json_object_set_string_member (doc, "_id", id);
      json_object_set_string_member (doc, "type", "group");
      json_object_set_int_member (doc, "schema", ACC_DOCUMENT_SCHEMA);
      json_object_set_string_member (doc, "session_id", session_id);
      if (level_id)
        json_object_set_string_member (doc, "level_id", level_id);
      else
        json_object_set_null_member (doc, "level_id");
      if (instructor_id)
        json_object_set_string_member (doc, "instructor_id", instructor_id);
      else
        json_object_set_null_member (doc, "instructor_id");
      json_object_set_int_member (doc, "capacity", capacity);
      json_object_set_string_member (doc, "label", label);
      if (meeting_point)
        json_object_set_string_member (doc, "meeting_point_id", meeting_point);
      else
        json_object_set_null_member (doc, "meeting_point_id");
      json_object_set_string_member (doc, "origin", self->device_id);
      ok = put_one (self, doc, NULL, ACC_PUT_PENDING, NULL, error);
    }

  if (!finish_write (self, ok, error))
    return NULL;

  return g_steal_pointer (&id);
}

static char *
suggest_group (AccStore   *self,
               const char *enrollment_id)
{
  sqlite3_stmt *s = stmt (self, STMT_SUGGEST_GROUP);
  char *group_id = NULL;

  bind_text (s, 1, enrollment_id);
  if (sqlite3_step (s) == SQLITE_ROW)
    group_id = column_dup (s, 0);
  sqlite3_reset (s);

  return group_id;
}

/**
 * acc_store_suggest_group:
 *
 * The group the desk proposes for an enrollment: of its session, at the participant's
 * declared level, with a place left, and of those the one with the fewest pupils.
 *
 * Returns: (transfer full) (nullable): the group's id, or %NULL when no group fits (and then
 *   @error is set only if the enrollment does not exist).
 */
char *
acc_store_suggest_group (AccStore    *self,
                         const char  *enrollment_id,
                         GError     **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (enrollment_id != NULL, NULL);

  if (!get_enrollment (self, enrollment_id, NULL, NULL, NULL, error))
    return NULL;

  return suggest_group (self, enrollment_id);
}

/* Conflicts */


/* What a subject is, in words, for the review list. */
static char *
describe_subject (AccStore   *self,
                  const char *kind,
                  const char *subject_id,
                  const char *field)
{
  g_autofree char *name = NULL;
  const char *what;

  if (g_str_equal (kind, ACC_SUBJECT_CHECKIN) || g_str_equal (kind, ACC_SUBJECT_GROUP) ||
      g_str_equal (kind, ACC_SUBJECT_ATTENDANCE))
    {
      g_autoptr(GPtrArray) rows = acc_store_list_enrollments (self, "id", subject_id, NULL);

      if (rows != NULL && rows->len > 0)
        {
          AccEnrollmentRow *row = g_ptr_array_index (rows, 0);
          name = g_strdup_printf ("%s %s, %s", row->first_name ? row->first_name : "",
                                  row->last_name ? row->last_name : "",
                                  row->session_title ? row->session_title : "");
        }
      if (g_str_equal (kind, ACC_SUBJECT_CHECKIN))
        what = _("check-in");
      else if (g_str_equal (kind, ACC_SUBJECT_GROUP))
        what = _("group");
      else
        what = _("attendance");
    }
  else if (g_str_equal (kind, ACC_SUBJECT_PARTICIPANT))
    {
      name = lookup_text (self, STMT_PARTICIPANT_NAME, subject_id);
      what = field;
    }
  else if (g_str_equal (kind, ACC_SUBJECT_GROUP_INSTRUCTOR))
    {
      name = lookup_text (self, STMT_GROUP_LABEL, subject_id);
      what = _("instructor");
    }
  else if (g_str_equal (kind, ACC_SUBJECT_INSTRUCTOR_ATTENDANCE))
    {
      name = lookup_text (self, STMT_INSTRUCTOR_NAME, subject_id);
      what = _("roll-call");
    }
  else
    {
      name = lookup_text (self, STMT_SESSION_TITLE, subject_id);
      what = _("close-out");
    }

  /* Translators: a subject in the review list, "Zoé Lefèvre, Ski – morning – group". */
  return g_strdup_printf (_("%s – %s"), name ? name : subject_id, what);
}

static const char *
describe_state (const char *state)
{
  AccAttendance attendance;

  if (!acc_attendance_from_string (state, &attendance))
    return state;

  switch (attendance)
    {
    case ACC_ATTENDANCE_UNDETERMINED: return _("Not marked yet");
    case ACC_ATTENDANCE_PRESENT: return _("Present");
    case ACC_ATTENDANCE_LATE: return _("Late");
    case ACC_ATTENDANCE_ABSENT: return _("Absent");
    case ACC_ATTENDANCE_NO_SHOW: return _("No-show");
    case ACC_ATTENDANCE_EXCUSED: return _("Excused");
    case ACC_N_ATTENDANCE:
    default: g_assert_not_reached ();
    }
}

/* A fact's value in words, for a person choosing between two of them. */
static char *
describe_value (AccStore   *self,
                const char *kind,
                const char *field,
                const char *value_json)
{
  g_autoptr(JsonNode) node = json_from_string (value_json, NULL);
  const char *text = NULL;
  char *found = NULL;

  if (node == NULL)
    return g_strdup (value_json);

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    text = json_node_get_string (node);

  if (g_str_equal (kind, ACC_SUBJECT_CHECKIN))
    return g_strdup (json_node_get_boolean (node) ? _("Checked in") : _("Not checked in"));
  if (g_str_equal (kind, ACC_SUBJECT_ATTENDANCE) ||
      g_str_equal (kind, ACC_SUBJECT_INSTRUCTOR_ATTENDANCE))
    return g_strdup (describe_state (text));
  if (g_str_equal (kind, ACC_SUBJECT_GROUP) && text)
    found = lookup_text (self, STMT_GROUP_LABEL, text);
  else if (g_str_equal (kind, ACC_SUBJECT_GROUP_INSTRUCTOR))
    {
      if (text == NULL)
        return g_strdup (_("No instructor"));
      found = lookup_text (self, STMT_INSTRUCTOR_NAME, text);
    }
  else if (g_str_equal (kind, ACC_SUBJECT_PARTICIPANT) && g_strcmp0 (field, "level_id") == 0 &&
           text)
    found = lookup_text (self, STMT_LEVEL_LABEL, text);

  if (found != NULL)
    return found;
  if (text != NULL)
    return g_strdup (text);
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GString) joined = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *element = json_array_get_string_element (array, i);
          g_string_append_printf (joined, "%s%s", i ? ", " : "", element ? element : "");
        }
      return g_string_free (g_steal_pointer (&joined), FALSE);
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));

  return g_strdup (value_json);
}

/**
 * acc_store_list_conflicts:
 *
 * Returns: (transfer full) (element-type AccConflict) (nullable): every subject whose
 *   current facts disagree, with those facts, greatest hlc first.
 */
GPtrArray *
acc_store_list_conflicts (AccStore  *self,
                          GError   **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_conflict_free);
  AccConflict *current = NULL;
  sqlite3_stmt *s;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  /* Collect first: describing values runs other statements. */
  s = stmt (self, STMT_EXPORT_CONFLICTS);
  while ((rc = step_row (self, s, error)) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (s, 0);
      const char *subject_id = (const char *) sqlite3_column_text (s, 1);
      const char *field = (const char *) sqlite3_column_text (s, 2);
      AccConflictFact *fact;

      if (current == NULL || g_strcmp0 (current->kind, kind) != 0 ||
          g_strcmp0 (current->subject_id, subject_id) != 0 ||
          g_strcmp0 (current->field, field) != 0)
        {
          current = g_new0 (AccConflict, 1);
          current->kind = g_strdup (kind);
          current->subject_id = g_strdup (subject_id);
          current->field = g_strdup (field);
          current->shown = column_dup (s, 3);
          current->facts = g_ptr_array_new_with_free_func ((GDestroyNotify) conflict_fact_free);
          g_ptr_array_add (conflicts, current);
        }

      fact = g_new0 (AccConflictFact, 1);
      fact->fact_id = column_dup (s, 4);
      fact->value = column_dup (s, 5);
      fact->hlc = column_dup (s, 6);
      fact->device_id = column_dup (s, 7);
      fact->staff = column_dup (s, 8);
      fact->at = column_dup (s, 9);
      g_ptr_array_add (current->facts, fact);
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return NULL;

  for (guint i = 0; i < conflicts->len; i++)
    {
      AccConflict *conflict = g_ptr_array_index (conflicts, i);

      conflict->label = describe_subject (self, conflict->kind, conflict->subject_id,
                                          conflict->field);
      for (guint j = 0; j < conflict->facts->len; j++)
        {
          AccConflictFact *fact = g_ptr_array_index (conflict->facts, j);
          fact->value_label = describe_value (self, conflict->kind, conflict->field, fact->value);
        }
    }

  return g_steal_pointer (&conflicts);
}

/* The members of a fact that are not its kind's fields. */
static const char * const fact_common_members[] = {
  "_id", "_rev", "_revisions", "type", "schema", "kind", "device_id", "staff", "at", "hlc",
  "supersedes", NULL
};

gboolean
acc_store_resolve_conflict (AccStore    *self,
                            const char  *kind,
                            const char  *subject_id,
                            const char  *field,
                            const char  *keep_fact_id,
                            GError     **error)
{
  g_autoptr(JsonObject) kept = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GList) members = NULL;
  const char *fact_kind;
  sqlite3_stmt *s;
  gboolean current, ok;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL && subject_id != NULL && keep_fact_id != NULL, FALSE);

  if (field == NULL)
    field = "";

  if (!begin (self, error))
    return FALSE;

  s = stmt (self, STMT_FACT_IS_CURRENT);
  bind_text (s, 1, kind);
  bind_text (s, 2, subject_id);
  bind_text (s, 3, field);
  bind_text (s, 4, keep_fact_id);
  current = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_reset (s);

  kept = current ? acc_store_dup_document (self, keep_fact_id, error) : NULL;
  if (kept == NULL)
    {
      if (!current)
        g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                     _("Fact %s no longer decides this; the list has changed, look again"),
                     keep_fact_id);
      rollback (self);
      return FALSE;
    }

  fact_kind = acc_document_get_string (kept, "kind");
  members = json_object_get_members (kept);
  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (fact_common_members, l->data))
      json_object_set_member (fields, l->data,
                              json_node_copy (json_object_get_member (kept, l->data)));

  /* A participant update decides several fields; only the one in conflict is kept. */
  if (g_str_equal (kind, ACC_SUBJECT_PARTICIPANT))
    {
      JsonObject *changes = json_object_get_object_member (fields, "changes");
      JsonNode *value = json_node_copy (json_object_get_member (changes, field));

      g_clear_pointer (&fields, json_object_unref);
      fields = participant_change (subject_id, field, value);
    }

  ok = record_fact (self, fact_kind, kind, subject_id, field, fields, error);
  return finish_write (self, ok, error);
}

/* Replication */

/**
 * acc_store_dup_meta:
 *
 * Returns: (transfer full) (nullable): a value the store keeps for this replica (checkpoints,
 *   the last exchange with the cloud), or %NULL.
 */
char *
acc_store_dup_meta (AccStore   *self,
                    const char *key)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return meta_get (self, key);
}

gboolean
acc_store_set_meta (AccStore    *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  return meta_set (self, key, value, error);
}

/**
 * acc_store_put_batch:
 * @docs: (array length=n_docs): documents
 * @texts: (array length=n_texts) (nullable): more documents, as JSON text
 * @flags: %ACC_PUT_MORE_COMING while a pull has more to receive at once, and
 *   %ACC_PUT_BACK_TO_BACK when the next batch is already waiting
 * @meta_key: (nullable): a checkpoint to move in the same transaction
 * @meta_value: (nullable): its new value
 * @outcome: (out caller-allocates) (optional): how many of the documents this replica did not
 *   hold yet, and which were refused; clear it with acc_put_outcome_clear()
 *
 * Stores documents received from the cloud and the replication checkpoint that covers them
 * in one transaction: after a crash, the next pull starts exactly after what was stored.
 *
 * A document that is no document of the day (acc_document_check_received(): too large, an id
 * or a revision that is not one) is kept nowhere; it is counted in @outcome and the others are
 * stored. One that is well formed but that this desk cannot use is kept for review.
 *
 * A document given as text is parsed (acc_json_parse_object()) as it is stored and freed at
 * once, while its memory is still in the processor's cache: for the thousands of a first
 * pull, much cheaper than a tree built for the whole page on the network's thread and freed
 * after the transaction. A text that is not a JSON object is refused, as below.
 * Its text is kept as the revision's body, byte for byte as the cloud sent it.
 *
 * A participant's search terms depend on its booking and customer, which often arrive in
 * other batches of a first pull: with %ACC_PUT_MORE_COMING, the terms of a participant whose
 * family is not all here are not written but recorded, and written once, by the batch that
 * brings the rest of the family or by the next batch without the flag. Terms still recorded
 * when a desk opens the day (a pull was killed) are written then.
 * Unlike acc_store_put_documents(), it does not emit "changed": it runs on the replication's
 * worker connection, and the engine tells the desk's store afterwards.
 */
gboolean
acc_store_put_batch (AccStore           *self,
                     JsonObject        **docs,
                     guint               n_docs,
                     const char * const *texts,
                     guint               n_texts,
                     AccPutFlags         flags,
                     const char         *meta_key,
                     const char         *meta_value,
                     AccPutOutcome      *outcome,
                     GError            **error)
{
  AccPutOutcome refused = { 0 };

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (texts != NULL || n_texts == 0, FALSE);

  if (outcome != NULL)
    *outcome = (AccPutOutcome) { 0 };

  if (!begin (self, error))
    return FALSE;

  self->terms_mode = (flags & ACC_PUT_MORE_COMING) ? TERMS_COMPLETE : TERMS_WAITING;
  self->back_to_back = (flags & ACC_PUT_BACK_TO_BACK) != 0;
  self->n_known = 0;
  for (guint i = 0; i < n_docs; i++)
    if (!put_one (self, docs[i], NULL, ACC_PUT_DEFAULT, &refused, error))
      {
        rollback (self);
        g_free (refused.refusal);
        return FALSE;
      }

  for (guint i = 0; i < n_texts; i++)
    {
      g_autoptr(GError) unreadable = NULL;
      g_autoptr(JsonObject) doc = acc_json_parse_object (texts[i], &unreadable);

      /* Not a document: kept nowhere, like one whose id is not one. */
      if (doc == NULL)
        {
          if (refused.n_refused++ == 0)
            refused.refusal = g_steal_pointer (&unreadable->message);
          continue;
        }
      if (!put_one (self, doc, texts[i], ACC_PUT_DEFAULT, &refused, error))
        {
          rollback (self);
          g_free (refused.refusal);
          return FALSE;
        }
    }

  if (meta_key != NULL && !meta_set (self, meta_key, meta_value, error))
    {
      rollback (self);
      g_free (refused.refusal);
      return FALSE;
    }

  if (!commit_quietly (self, error))
    {
      g_free (refused.refusal);
      return FALSE;
    }

  refused.n_new = n_docs + n_texts - self->n_known - refused.n_refused;
  if (outcome != NULL)
    *outcome = refused;
  else
    g_free (refused.refusal);
  return TRUE;
}

/**
 * acc_put_outcome_clear:
 *
 * Frees what acc_store_put_batch() put in @outcome.
 */
void
acc_put_outcome_clear (AccPutOutcome *outcome)
{
  g_clear_pointer (&outcome->refusal, g_free);
}

/**
 * acc_store_has_revision:
 *
 * Returns: whether this replica holds revision @rev of document @id.
 */
gboolean
acc_store_has_revision (AccStore   *self,
                        const char *id,
                        const char *rev)
{
  sqlite3_stmt *s;
  gboolean found;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);

  s = stmt (self, STMT_LEAF_EXISTS);
  bind_text (s, 1, id);
  bind_text (s, 2, rev);
  found = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_reset (s);

  return found;
}

/* A stored revision as the replication protocol sends it: with _rev, and _revisions naming
 * the revision itself (this replica does not keep the ancestors' ids). */
static JsonObject *
wire_document (sqlite3_stmt  *s,
               GError       **error)
{
  const char *rev = (const char *) sqlite3_column_text (s, 1);
  g_autoptr(JsonObject) doc = acc_json_parse_object ((const char *) sqlite3_column_text (s, 2), error);
  JsonObject *revisions;
  JsonArray *ids;
  guint64 generation = 0;
  const char *hash = NULL;

  if (doc == NULL)
    return NULL;

  json_object_set_string_member (doc, "_rev", rev);
  if (sqlite3_column_int (s, 3))
    json_object_set_boolean_member (doc, "_deleted", TRUE);

  if (acc_rev_parse (rev, &generation, &hash))
    {
      revisions = json_object_new ();
      ids = json_array_new ();
      json_array_add_string_element (ids, hash);
      json_object_set_int_member (revisions, "start", (gint64) generation);
      json_object_set_array_member (revisions, "ids", ids);
      json_object_set_object_member (doc, "_revisions", revisions);
    }

  return g_steal_pointer (&doc);
}

static GPtrArray *
collect_wire (AccStore      *self,
              sqlite3_stmt  *s,
              GError       **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  int rc;

  while ((rc = step_row (self, s, error)) == SQLITE_ROW)
    {
      JsonObject *doc = wire_document (s, error);

      if (doc == NULL)
        {
          sqlite3_reset (s);
          return NULL;
        }
      g_ptr_array_add (docs, doc);
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&docs);
}

/**
 * acc_store_list_outbox:
 * @limit: the most documents to return
 *
 * Returns: (transfer full) (element-type JsonObject) (nullable): the oldest documents written
 *   here that the cloud has not confirmed, leaving out those it refused.
 */
GPtrArray *
acc_store_list_outbox (AccStore  *self,
                       guint      limit,
                       GError   **error)
{
  sqlite3_stmt *s;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  s = stmt (self, STMT_OUTBOX);
  sqlite3_bind_int (s, 1, limit);
  return collect_wire (self, s, error);
}

/**
 * acc_store_list_documents:
 * @after_id: (nullable): list documents whose id sorts after this one
 *
 * Returns: (transfer full) (element-type JsonObject) (nullable): every document this replica
 *   holds, by id, @limit at a time: what a desk sends to re-seed a cloud.
 */
GPtrArray *
acc_store_list_documents (AccStore    *self,
                          const char  *after_id,
                          guint        limit,
                          GError     **error)
{
  sqlite3_stmt *s;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  s = stmt (self, STMT_DOCS_AFTER);
  bind_text (s, 1, after_id ? after_id : "");
  sqlite3_bind_int (s, 2, limit);
  return collect_wire (self, s, error);
}

static gboolean
update_outbox (AccStore    *self,
               StmtId       id,
               const char  *doc_id,
               const char  *rev,
               const char  *reason,
               GError     **error)
{
  sqlite3_stmt *s = stmt (self, id);

  bind_text (s, 1, doc_id);
  bind_text (s, 2, rev);
  if (reason != NULL)
    bind_text (s, 3, reason);
  return step_done (self, s, error);
}

/**
 * acc_store_mark_sent:
 * @ids: (array length=n): documents the cloud now holds
 * @revs: (array length=n): their revisions
 *
 * Takes the documents out of the outbox, in one transaction.
 */
gboolean
acc_store_mark_sent (AccStore            *self,
                     const char * const  *ids,
                     const char * const  *revs,
                     guint                n,
                     GError             **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);

  if (n == 0)
    return TRUE;

  if (!begin (self, error))
    return FALSE;

  for (guint i = 0; ok && i < n; i++)
    ok = update_outbox (self, STMT_DOC_CONFIRM, ids[i], revs[i], NULL, error);

  return finish_write (self, ok, error);
}

/**
 * acc_store_mark_refused:
 * @reason: what the server said, in words
 *
 * Keeps a document the server refused in the outbox but stops sending it: a person sees it in
 * the review list. Nothing is dropped.
 */
gboolean
acc_store_mark_refused (AccStore    *self,
                        const char  *id,
                        const char  *rev,
                        const char  *reason,
                        GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (ACC_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && rev != NULL && reason != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  ok = update_outbox (self, STMT_DOC_REFUSE, id, rev, reason, error);
  return finish_write (self, ok, error);
}

/**
 * acc_store_emit_changed:
 *
 * Tells the desk that documents arrived through another connection to the same file (the
 * replication's worker).
 */
void
acc_store_emit_changed (AccStore *self)
{
  g_return_if_fail (ACC_IS_STORE (self));

  g_signal_emit (self, signals[CHANGED], 0);
}

void
acc_problem_free (AccProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->id);
  g_free (problem->type);
  g_free (problem->reason);
  g_free (problem);
}

static AccProblem *
read_problem (sqlite3_stmt *s)
{
  AccProblem *problem = g_new0 (AccProblem, 1);

  problem->id = column_dup (s, 0);
  problem->type = column_dup (s, 1);
  problem->reason = column_dup (s, 2);
  problem->refused = sqlite3_column_int (s, 3);

  return problem;
}

/**
 * acc_store_list_problems:
 *
 * Returns: (transfer full) (element-type AccProblem) (nullable): the documents a person must
 *   look at: received but unusable, or refused by the server. None of them is lost.
 */
GPtrArray *
acc_store_list_problems (AccStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  return collect (self, STMT_PROBLEMS, NULL, (ReadRow) read_problem,
                  (GDestroyNotify) acc_problem_free, error);
}
