/* acc-store.c: the store object, opening and migrating a day, meta and transactions
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
 *
 * The store's source is cut by concern, each file named for what it holds. They share
 * acc-store-private.h: the structure, the statement ids, and the functions that more than one
 * file uses, named acc_store_*() (a helper of one file stays static in it).
 *
 *  - acc-store.c: the object, opening and migrating a day, checkpoints, meta, and the helpers
 *    of statements and transactions (errors, stmt, bind, step, begin, commit, rollback).
 *  - acc-store-sql.c: the schema, as its migrations, and every statement.
 *  - acc-store-documents.c: documents with their leaf revisions, and the election of the winner.
 *  - acc-store-projection.c: a document's row in the table of its type.
 *  - acc-store-derive.c: facts derived into subject_state, the derived columns they decide,
 *    and rederivation.
 *  - acc-store-search.c: the search terms of participants, and the search that reads them.
 *  - acc-store-facts.c: every write made at the desk (its facts, and the groups it opens).
 *  - acc-store-queries.c: what the screens read.
 *  - acc-store-conflicts.c: conflicts listed, described in words, and resolved.
 *  - acc-store-export.c: the day as JSON and as CSV.
 *  - acc-store-replication.c: what replication asks: batches with their checkpoint, meta, the
 *    outbox, every document by id, and the documents a person must review.
 */
#define G_LOG_DOMAIN "accueil-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "acc-document.h"
#include "acc-error.h"
#include "acc-store.h"

#include "acc-store-private.h"

/* "Acc1" */
#define STORE_APPLICATION_ID 0x41636331
/* Pages of 16 KiB: a batch of a first pull inserts into B-trees at random places, and fewer,
 * larger pages make fewer of them to write and to copy back; searches read fewer pages too. A
 * database created with another size keeps it. */
#define PAGE_SIZE 16384
#define CHECKPOINT_BYTES (4 * 1024 * 1024)
/* Under a continuous stream of writes a passive checkpoint never catches up with the writer;
 * past this size the writer checkpoints itself, once, so the WAL stays bounded. */
#define CHECKPOINT_BYTES_MAX (40 * 1024 * 1024)

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

int
acc_store_compare_strings_ptr (const void *a,
                               const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Errors */

gboolean
acc_store_set_sqlite_error (AccStore  *self,
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

sqlite3_stmt *
acc_store_stmt (AccStore *self,
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

void
acc_store_bind_text (sqlite3_stmt *s,
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
void
acc_store_bind_member (sqlite3_stmt *s,
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

gboolean
acc_store_step_done (AccStore      *self,
                     sqlite3_stmt  *s,
                     GError       **error)
{
  int rc = sqlite3_step (s);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      sqlite3_reset (s);
      return acc_store_set_sqlite_error (self, rc, error);
    }

  sqlite3_reset (s);
  return TRUE;
}

/* Steps @s once. Returns SQLITE_ROW or SQLITE_DONE, or sets @error and returns the code. */
int
acc_store_step_row (AccStore      *self,
                    sqlite3_stmt  *s,
                    GError       **error)
{
  int rc = sqlite3_step (s);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    acc_store_set_sqlite_error (self, rc, error);

  return rc;
}

char *
acc_store_column_dup (sqlite3_stmt *s,
                      int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (s, column));
}

gboolean
acc_store_exec (AccStore    *self,
                const char  *sql,
                GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return acc_store_set_sqlite_error (self, rc, error);

  return TRUE;
}

gboolean
acc_store_begin (AccStore  *self,
                 GError   **error)
{
  g_hash_table_remove_all (self->stale_terms);
  self->terms_mode = TERMS_NOW;
  self->back_to_back = FALSE;
  self->any_state = -1;
  return acc_store_step_done (self, acc_store_stmt (self, STMT_BEGIN), error);
}

void
acc_store_rollback (AccStore *self)
{
  g_hash_table_remove_all (self->stale_terms);
  g_clear_pointer (&self->change, acc_store_change_unref);
  if (!sqlite3_get_autocommit (self->db))
    acc_store_step_done (self, acc_store_stmt (self, STMT_ROLLBACK), NULL);
}

/* Commits without telling the desk: see acc_store_commit(). */
gboolean
acc_store_commit_quietly (AccStore  *self,
                          GError   **error)
{
  g_clear_pointer (&self->change, acc_store_change_unref);
  if (!acc_store_write_stale_terms (self, error) ||
      !acc_store_step_done (self, acc_store_stmt (self, STMT_COMMIT), error))
    {
      acc_store_rollback (self);
      return FALSE;
    }

  return TRUE;
}

gboolean
acc_store_commit (AccStore  *self,
                  GError   **error)
{
  g_autoptr(AccStoreChange) change = g_steal_pointer (&self->change);

  if (!acc_store_commit_quietly (self, error))
    return FALSE;

  /* A transaction that named nothing (documents put whole, a rederivation) may have changed
   * anything. */
  if (change == NULL)
    change = acc_store_change_new_everything ();
  else if (acc_store_change_is_empty (change) && !acc_store_change_has_outbox (change))
    acc_store_change_add_everything (change);
  g_signal_emit (self, signals[CHANGED], 0, change);
  return TRUE;
}

gboolean
acc_store_finish_write (AccStore  *self,
                        gboolean   ok,
                        GError   **error)
{
  if (!ok)
    {
      acc_store_rollback (self);
      return FALSE;
    }

  /* Every desk write changes what waits to be sent; one that named no row (a document
   * written whole) is everything. */
  if (self->change != NULL)
    acc_store_change_add_outbox (self->change);
  return acc_store_commit (self, error);
}

/* The change the transaction fills. */
AccStoreChange *
acc_store_pending_change (AccStore *self)
{
  if (self->change == NULL)
    self->change = acc_store_change_new ();

  return self->change;
}

/* Meta */

char *
acc_store_meta_get (AccStore   *self,
                    const char *key)
{
  return acc_store_lookup_text (self, STMT_META_GET, key);
}

gboolean
acc_store_meta_set (AccStore    *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  sqlite3_stmt *s = acc_store_stmt (self, STMT_META_SET);

  acc_store_bind_text (s, 1, key);
  acc_store_bind_text (s, 2, value);
  return acc_store_step_done (self, s, error);
}

/* GObject */

static void
acc_store_finalize (GObject *object)
{
  AccStore *self = (AccStore *)object;

  g_clear_pointer (&self->change, acc_store_change_unref);

  /* Waits for a checkpoint that is running. */
  if (self->checkpointer != NULL)
    g_thread_pool_free (self->checkpointer, TRUE, TRUE);
  g_clear_pointer (&self->checkpoint_db, sqlite3_close);
  g_mutex_clear (&self->checkpoint_lock);

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
   * @change: what changed: the rows to update, or everything
   *
   * Emitted after every committed change, whoever made it.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ACC_TYPE_STORE_CHANGE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
acc_store_init (AccStore *self)
{
  self->stale_terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&self->checkpoint_lock);
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

  g_autoptr(AccStoreChange) change = acc_store_change_new_everything ();

  g_signal_emit (self, signals[CHANGED], 0, change);
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
    return acc_store_set_sqlite_error (self, rc, error);

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

      if (!acc_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!acc_store_exec (self, acc_store_migrations[version - 1], error) ||
          !acc_store_exec (self, set_app_id, error) ||
          !acc_store_exec (self, set_version, error) ||
          !acc_store_exec (self, "COMMIT", error))
        {
          acc_store_exec (self, "ROLLBACK", NULL);
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

  self->device_id = acc_store_meta_get (self, "device_id");
  if (self->device_id == NULL)
    {
      /* The device id names this replica in the facts it writes. */
      self->device_id = acc_uuid_new ();
      if (!acc_store_meta_set (self, "device_id", self->device_id, error))
        return FALSE;
    }

  self->clock = acc_clock_new (self->device_id);

  s = acc_store_stmt (self, STMT_MAX_HLC);
  rc = acc_store_step_row (self, s, error);
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
      g_mutex_lock (&self->checkpoint_lock);
      sqlite3_wal_checkpoint_v2 (self->checkpoint_db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      g_mutex_unlock (&self->checkpoint_lock);
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

  /* A checkpoint running in the background would make this one fail at once (SQLite lets one
   * run at a time) and the WAL would grow for as long as that one runs: wait for it instead,
   * then copy what it left. */
  if (n_pages >= self->checkpoint_pages_max)
    {
      g_mutex_lock (&self->checkpoint_lock);
      sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      g_mutex_unlock (&self->checkpoint_lock);
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
  sqlite3_stmt *s = acc_store_stmt (self, STMT_STALE_TERMS_ANY);
  int rc = acc_store_step_row (self, s, error);

  sqlite3_reset (s);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE;

  if (!acc_store_begin (self, error))
    return FALSE;
  self->terms_mode = TERMS_WAITING;
  return acc_store_commit_quietly (self, error);
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
      acc_store_set_sqlite_error (self, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);
  rc = sqlite3_create_function_v2 (self->db, "acc_participant_key", 1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                                   NULL, sql_participant_key, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      acc_store_set_sqlite_error (self, rc, error);
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
  if (n_tables == 0 && !acc_store_exec (self, "PRAGMA page_size = " G_STRINGIFY (PAGE_SIZE), error))
    return NULL;

  if (!acc_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !acc_store_exec (self, (flags & ACC_STORE_OPEN_RECEIVER) ? "PRAGMA synchronous = NORMAL"
                                                     : "PRAGMA synchronous = FULL", error) ||
      !acc_store_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !acc_store_exec (self, "PRAGMA cache_size = -32000", error) ||
      !acc_store_exec (self, "PRAGMA wal_autocheckpoint = 0", error) ||
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
  sqlite3_stmt *s = acc_store_stmt (self, id);
  char *value = NULL;

  if (sqlite3_step (s) == SQLITE_ROW)
    value = acc_store_column_dup (s, 0);
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

  day = acc_store_meta_get (self, "day");
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

  return acc_store_meta_set (self, "day", day, error);
}
