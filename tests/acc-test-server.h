/* acc-test-server.h: a loopback CouchDB scripted to misbehave, and the engine run against it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "acc-store.h"
#include "acc-sync-engine.h"

G_BEGIN_DECLS

typedef enum
{
  MODE_OK,
  MODE_STATUS,          /* Every request answers mock->status. */
  MODE_MALFORMED,       /* _changes answers JSON cut in the middle. */
  MODE_BAD_DOCUMENT,    /* _changes carries a document that is not UTF-8. */
  MODE_RESET,           /* _changes: headers, half a body, then the connection closes. */
  MODE_SLOW,            /* _changes never answers. */
  MODE_HUGE,            /* _changes answers far more than the engine accepts. */
  MODE_REFUSE_FACTS,    /* _bulk_docs refuses facts as forbidden. */
  MODE_NO_BULK_GET,     /* _bulk_get does not exist (404). */
  MODE_FAIL_BULK_GET_2, /* The second _bulk_get fails with 500. */
  MODE_DRIP,            /* _changes sends a chunked body a few bytes at a time, for ever. */
  MODE_UNASKED,         /* _bulk_get answers with documents nobody asked for. */
  MODE_JUNK,            /* _bulk_get answers what was asked with documents no desk can take. */
} MockMode;

/* A tiny CouchDB: one database "/db", documents by id, a sequence of changes. */
typedef struct
{
  SoupServer *server;
  char       *url;
  gboolean    exists;
  GHashTable *docs;       /* id → JsonObject with _rev */
  GPtrArray  *seq;        /* change n (from 1) → id, or NULL when superseded */
  MockMode    mode;
  guint       status;
  guint       n_bulk_get;
  GHashTable *fetched;    /* ids that _bulk_get returned */
  GPtrArray  *paused;
  char       *authorization;  /* Of the last request. */
  gboolean    compression;    /* A request asked for a compressed answer. */
  gboolean    require_cookie; /* Answer 401 without the session cookie. */
  char       *require_password; /* Answer 401 without HTTP Basic with this password. */
  guint       n_logins;
  GPid        kill_pid;       /* Killed with SIGKILL at the kill_at-th _bulk_get. */
  guint       kill_at;
  gboolean    with_docs;      /* _changes honours include_docs=true, as CouchDB does. */
  gboolean    ignore_since;   /* _changes answers from the first change, whatever `since` says. */
  guint       n_changes_requests;
  gboolean    conflict_docs;  /* _bulk_docs answers "conflict" for every document. */
  guint       n_bulk_docs;
  gsize       junk_size;      /* MODE_UNASKED, MODE_JUNK: the length of a long string sent. */
  char       *answer_path;    /* A request for this path (or under it, when it ends with "/")
                               * is answered with answer_body. */
  char       *answer_body;
  GPtrArray  *drips;          /* MODE_DRIP: the answers being sent, one source each. */
  char       *hold_path;      /* The hold_nth request (from 1) for this path is answered */
  guint       hold_nth;       /* once _changes was asked for hold_until times, not before. */
  guint       hold_until;
  guint       n_hold_seen;
  SoupServerMessage *held;
  char       *held_path;
  GHashTable *held_query;
  GHashTable *local_revs;     /* _local document's path → its revision's number (0-N). */
  guint       n_local_gets;
  guint       n_local_puts;
  char       *db_name;        /* Nullable: the one database's name, when not "db"; every
                               * other database does not exist. */
} Mock;

Mock          *mock_new             (void);
Mock          *mock_new_tls         (GTlsCertificate *certificate,
                                     guint           port);
void           mock_free            (Mock           *m);
void           mock_store           (Mock           *m,
                                     JsonObject     *doc);
void           mock_put_fixture     (Mock           *m);
void           mock_hold            (Mock           *m,
                                     const char     *path,
                                     guint           nth,
                                     guint           until);
void           mock_put_enrollments (Mock           *m,
                                     char            digit,
                                     guint           n);

/* A run of the engine under way (run_engine_start()): done once it ended, and how. */
typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} EngineRun;

void           run_engine_start     (AccSyncEngine  *engine,
                                     AccSyncMode     mode,
                                     EngineRun      *run);
gboolean       run_engine           (AccSyncEngine  *engine,
                                     AccSyncMode     mode,
                                     GError        **error);
AccSyncEngine *new_engine           (AccStore       *store,
                                     const char     *url);
AccStore      *desk_with_pending    (const char     *dir,
                                     const char     *name);
void           assert_fails_keeping (AccSyncEngine  *engine,
                                     AccStore       *store,
                                     const char     *needle);
void           on_child_exit        (GPid            pid,
                                     int             status,
                                     gpointer        user_data);
void           assert_runs          (AccSyncEngine  *engine,
                                     AccSyncMode     mode);
void           stop_engine          (AccSyncEngine  *engine);

/* What sync_fixture_set_up () prepares, given as the data of g_test_add (). */
typedef enum
{
  SYNC_FX_DEFAULT      = 0,      /* An empty desk; a server holding the fixture day. */
  SYNC_FX_PENDING      = 1 << 0, /* The desk holds the fixture and one check-in to send. */
  SYNC_FX_EMPTY_SERVER = 1 << 1, /* The server holds nothing. */
} SyncFixtureFlags;

/* A temporary folder with a desk in it, a loopback server, and an engine between them. */
typedef struct
{
  char          *dir;
  Mock          *mock;
  AccStore      *desk;
  AccSyncEngine *engine;
} SyncFixture;

void           sync_fixture_set_up    (SyncFixture   *fx,
                                       gconstpointer  data);
void           sync_fixture_tear_down (SyncFixture   *fx,
                                       gconstpointer  data);

/* Adds the test @func (SyncFixture *, gconstpointer) at @path, with a SyncFixture made as
 * @flags say. */
#define sync_test_add(path, flags, func)                                                   \
  g_test_add ((path), SyncFixture, GUINT_TO_POINTER (flags), sync_fixture_set_up, (func), \
              sync_fixture_tear_down)

G_END_DECLS
