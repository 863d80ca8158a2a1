/* test-sync.c: replication against a loopback server scripted to misbehave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/wait.h>

#include "acc-credentials.h"
#include "acc-document.h"
#include "acc-error.h"
#include "acc-sync-engine.h"
#include "acc-test-util.h"

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
} Mode;

/* A tiny CouchDB: one database "/db", documents by id, a sequence of changes. */
typedef struct
{
  SoupServer *server;
  char       *url;
  gboolean    exists;
  GHashTable *docs;       /* id → JsonObject with _rev */
  GPtrArray  *seq;        /* change n (from 1) → id, or NULL when superseded */
  Mode        mode;
  guint       status;
  guint       n_bulk_get;
  GHashTable *fetched;    /* ids that _bulk_get returned */
  GPtrArray  *paused;
  char       *authorization;  /* Of the last request. */
  gboolean    compression;    /* A request asked for a compressed answer. */
  gboolean    require_cookie; /* Answer 401 without the session cookie. */
  guint       n_logins;
  GPid        kill_pid;       /* Killed with SIGKILL at the kill_at-th _bulk_get. */
  guint       kill_at;
  gboolean    with_docs;      /* _changes honours include_docs=true, as CouchDB does. */
} Mock;

static Mock *mock;
static char *dir;

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text,
                                    strlen (text));
}

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text,
                                    strlen (text));
}

static JsonNode *
request_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

  return json_from_string (g_bytes_get_data (bytes, NULL), NULL);
}

static void
mock_store (Mock       *m,
            JsonObject *doc)
{
  const char *id = acc_document_get_string (doc, "_id");

  for (guint i = 0; i < m->seq->len; i++)
    if (g_strcmp0 (g_ptr_array_index (m->seq, i), id) == 0)
      {
        g_free (m->seq->pdata[i]);
        m->seq->pdata[i] = NULL;
      }
  g_hash_table_replace (m->docs, g_strdup (id), json_object_ref (doc));
  g_ptr_array_add (m->seq, g_strdup (id));
}

static void
respond_object (SoupServerMessage *msg,
                JsonObject        *answer)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), answer);

  respond_json (msg, 200, node);
}

static void
handle_changes (Mock              *m,
                SoupServerMessage *msg,
                GHashTable        *query)
{
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *results = json_array_new ();
  const char *since_text = query ? g_hash_table_lookup (query, "since") : NULL;
  const char *limit_text = query ? g_hash_table_lookup (query, "limit") : NULL;
  guint since = since_text ? (guint) g_ascii_strtoull (since_text, NULL, 10) : 0;
  guint limit = limit_text ? (guint) g_ascii_strtoull (limit_text, NULL, 10) : G_MAXUINT;
  gboolean with_docs = m->with_docs && query != NULL &&
                       g_strcmp0 (g_hash_table_lookup (query, "include_docs"), "true") == 0;
  guint last = since, n = 0;

  for (guint i = since; i < m->seq->len && n < limit; i++)
    {
      const char *id = g_ptr_array_index (m->seq, i);
      JsonObject *change, *rev;
      JsonArray *changes;

      last = i + 1;
      if (id == NULL)
        continue;
      change = json_object_new ();
      changes = json_array_new ();
      rev = json_object_new ();
      json_object_set_string_member (rev, "rev",
                                     acc_document_get_string (g_hash_table_lookup (m->docs, id), "_rev"));
      json_array_add_object_element (changes, rev);
      json_object_set_int_member (change, "seq", i + 1);
      json_object_set_string_member (change, "id", id);
      json_object_set_array_member (change, "changes", changes);
      if (with_docs)
        json_object_set_object_member (change, "doc",
                                       json_object_ref (g_hash_table_lookup (m->docs, id)));
      json_array_add_object_element (results, change);
      n++;
    }

  json_object_set_array_member (answer, "results", results);
  json_object_set_int_member (answer, "last_seq", last);
  respond_object (msg, answer);
}

static void
handle_bulk_get (Mock              *m,
                 SoupServerMessage *msg)
{
  g_autoptr(JsonNode) body = request_body (msg);
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonArray *wanted = json_object_get_array_member (json_node_get_object (body), "docs");
  JsonArray *results = json_array_new ();

  for (guint i = 0; i < json_array_get_length (wanted); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (wanted, i), "id");
      JsonObject *doc = g_hash_table_lookup (m->docs, id);
      JsonObject *result = json_object_new ();
      JsonArray *docs = json_array_new ();
      JsonObject *ok = json_object_new ();

      json_object_set_object_member (ok, "ok", json_object_ref (doc));
      json_array_add_object_element (docs, ok);
      json_object_set_string_member (result, "id", id);
      json_object_set_array_member (result, "docs", docs);
      json_array_add_object_element (results, result);
      g_hash_table_add (m->fetched, g_strdup (id));
    }

  json_object_set_array_member (answer, "results", results);
  respond_object (msg, answer);
}

static void
handle_revs_diff (Mock              *m,
                  SoupServerMessage *msg)
{
  g_autoptr(JsonNode) body = request_body (msg);
  g_autoptr(JsonObject) answer = json_object_new ();
  JsonObject *asked = json_node_get_object (body);
  g_autoptr(GList) ids = json_object_get_members (asked);

  for (GList *l = ids; l; l = l->next)
    {
      JsonArray *revs = json_object_get_array_member (asked, l->data);
      JsonObject *doc = g_hash_table_lookup (m->docs, l->data);
      JsonArray *missing = json_array_new ();
      JsonObject *entry = json_object_new ();

      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          const char *rev = json_array_get_string_element (revs, i);
          if (doc == NULL || g_strcmp0 (acc_document_get_string (doc, "_rev"), rev) != 0)
            json_array_add_string_element (missing, rev);
        }
      if (json_array_get_length (missing) > 0)
        {
          json_object_set_array_member (entry, "missing", missing);
          json_object_set_object_member (answer, l->data, entry);
        }
      else
        {
          json_array_unref (missing);
          json_object_unref (entry);
        }
    }

  respond_object (msg, answer);
}

static void
handle_bulk_docs (Mock              *m,
                  SoupServerMessage *msg)
{
  g_autoptr(JsonNode) body = request_body (msg);
  g_autoptr(JsonArray) answer = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonArray *docs = json_object_get_array_member (json_node_get_object (body), "docs");

  g_assert_false (json_object_get_boolean_member (json_node_get_object (body), "new_edits"));
  for (guint i = 0; i < json_array_get_length (docs); i++)
    {
      JsonObject *doc = json_array_get_object_element (docs, i);

      if (m->mode == MODE_REFUSE_FACTS &&
          g_strcmp0 (acc_document_get_string (doc, "type"), "fact") == 0)
        {
          JsonObject *error = json_object_new ();

          json_object_set_string_member (error, "id", acc_document_get_string (doc, "_id"));
          json_object_set_string_member (error, "error", "forbidden");
          json_object_set_string_member (error, "reason", "Desks may not write here");
          json_array_add_object_element (answer, error);
          continue;
        }
      mock_store (m, doc);
    }

  node = json_node_init_array (json_node_alloc (), g_steal_pointer (&answer));
  respond_json (msg, 201, node);
}

static void
handle_open_revs (Mock              *m,
                  SoupServerMessage *msg,
                  const char        *id)
{
  JsonObject *doc = g_hash_table_lookup (m->docs, id);
  g_autoptr(JsonArray) answer = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *ok = json_object_new ();

  if (doc == NULL)
    {
      json_object_unref (ok);
      respond_text (msg, 404, "{\"error\":\"not_found\"}");
      return;
    }
  json_object_set_object_member (ok, "ok", json_object_ref (doc));
  json_array_add_object_element (answer, ok);
  g_hash_table_add (m->fetched, g_strdup (id));
  node = json_node_init_array (json_node_alloc (), g_steal_pointer (&answer));
  respond_json (msg, 200, node);
}

static void
reset_connection (SoupServerMessage *msg)
{
  static const char partial[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                "Content-Length: 5000\r\n\r\n{\"results\":[{\"seq\":1,";
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial,
                             sizeof partial - 1, NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Mock *m = user_data;
  const char *method = soup_server_message_get_method (msg);

  g_free (m->authorization);
  m->authorization = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                             "Authorization"));
  if (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                    "Accept-Encoding") != NULL)
    m->compression = TRUE;

  if (g_str_equal (path, "/_session") && g_str_equal (method, "POST"))
    {
      g_autoptr(JsonNode) login = request_body (msg);
      JsonObject *object = login ? json_node_get_object (login) : NULL;

      if (object != NULL &&
          g_strcmp0 (json_object_get_string_member (object, "name"), "desk1") == 0 &&
          g_strcmp0 (json_object_get_string_member (object, "password"), "s3cret") == 0)
        {
          m->n_logins++;
          soup_message_headers_append (soup_server_message_get_response_headers (msg),
                                       "Set-Cookie", "AuthSession=c00kie; Path=/; HttpOnly");
          respond_text (msg, 200, "{\"ok\":true,\"name\":\"desk1\",\"roles\":[]}");
        }
      else
        respond_text (msg, 401, "{\"error\":\"unauthorized\"}");
      return;
    }

  if (m->require_cookie)
    {
      const char *cookie = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                         "Cookie");
      if (cookie == NULL || strstr (cookie, "AuthSession=c00kie") == NULL)
        {
          respond_text (msg, 401, "{\"error\":\"unauthorized\"}");
          return;
        }
    }

  if (m->mode == MODE_STATUS)
    {
      g_autofree char *body = g_strdup_printf ("{\"error\":\"scripted\",\"reason\":\"%u\"}", m->status);
      respond_text (msg, m->status, body);
      return;
    }

  if (g_str_equal (path, "/db"))
    {
      if (g_str_equal (method, "PUT"))
        {
          m->exists = TRUE;
          respond_text (msg, 201, "{\"ok\":true}");
        }
      else if (!m->exists)
        respond_text (msg, 404, "{\"error\":\"not_found\",\"reason\":\"Database does not exist.\"}");
      else
        {
          g_autofree char *info = g_strdup_printf ("{\"db_name\":\"db\",\"doc_count\":%u,"
                                                   "\"update_seq\":%u}",
                                                   g_hash_table_size (m->docs), m->seq->len);
          respond_text (msg, 200, info);
        }
      return;
    }

  if (!m->exists)
    {
      respond_text (msg, 404, "{\"error\":\"not_found\"}");
      return;
    }

  if (g_str_equal (path, "/db/_changes"))
    {
      switch (m->mode)
        {
        case MODE_MALFORMED:
          respond_text (msg, 200, "{\"results\":[{\"seq\":1,\"id\":");
          return;
        case MODE_BAD_DOCUMENT:
          respond_text (msg, 200, "{\"results\":[{\"seq\":1,\"id\":\"s2\","
                        "\"changes\":[{\"rev\":\"1-a\"}],\"doc\":{\"_id\":\"s2\","
                        "\"_rev\":\"1-a\",\"type\":\"school\",\"schema\":1,"
                        "\"name\":\"\xc9" "cole\"}}],\"last_seq\":1}");
          return;
        case MODE_RESET:
          reset_connection (msg);
          return;
        case MODE_SLOW:
          soup_server_message_pause (msg);
          g_ptr_array_add (m->paused, g_object_ref (msg));
          return;
        case MODE_HUGE:
          {
            GString *big = g_string_new ("{\"results\":[],\"last_seq\":0,\"padding\":\"");

            while (big->len < 2 * 1024 * 1024)
              g_string_append (big, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
            g_string_append (big, "\"}");
            soup_server_message_set_status (msg, 200, NULL);
            soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                              big->str, big->len);
            g_string_free (big, FALSE);
            return;
          }
        case MODE_OK:
        case MODE_STATUS:
        case MODE_REFUSE_FACTS:
        case MODE_NO_BULK_GET:
        case MODE_FAIL_BULK_GET_2:
        default:
          handle_changes (m, msg, query);
          return;
        }
    }

  if (g_str_equal (path, "/db/_bulk_get"))
    {
      m->n_bulk_get++;
      if (m->kill_pid != 0 && m->n_bulk_get == m->kill_at)
        kill (m->kill_pid, SIGKILL);
      if (m->mode == MODE_NO_BULK_GET)
        respond_text (msg, 404, "{\"error\":\"not_found\"}");
      else if (m->mode == MODE_FAIL_BULK_GET_2 && m->n_bulk_get == 2)
        respond_text (msg, 500, "{\"error\":\"internal\"}");
      else
        handle_bulk_get (m, msg);
      return;
    }

  if (g_str_equal (path, "/db/_revs_diff"))
    {
      handle_revs_diff (m, msg);
      return;
    }

  if (g_str_equal (path, "/db/_bulk_docs"))
    {
      handle_bulk_docs (m, msg);
      return;
    }

  if (g_str_has_prefix (path, "/db/_local/"))
    {
      respond_text (msg, g_str_equal (method, "GET") ? 404 : 201, "{}");
      return;
    }

  if (g_str_has_prefix (path, "/db/") && g_str_equal (method, "GET"))
    {
      handle_open_revs (m, msg, path + 4);
      return;
    }

  respond_text (msg, 400, "{\"error\":\"bad_request\"}");
}

static void
mock_free (Mock *m)
{
  for (guint i = 0; i < m->paused->len; i++)
    soup_server_message_unpause (g_ptr_array_index (m->paused, i));
  g_ptr_array_unref (m->paused);
  soup_server_disconnect (m->server);
  g_object_unref (m->server);
  g_hash_table_unref (m->docs);
  g_hash_table_unref (m->fetched);
  g_ptr_array_unref (m->seq);
  g_free (m->url);
  g_free (m->authorization);
  g_free (m);
}

static Mock *
mock_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  Mock *m = g_new0 (Mock, 1);

  m->server = soup_server_new (NULL, NULL);
  m->docs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  m->fetched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m->seq = g_ptr_array_new_with_free_func (g_free);
  m->paused = g_ptr_array_new_with_free_func (g_object_unref);
  m->exists = TRUE;
  soup_server_add_handler (m->server, NULL, handle, m, NULL);
  soup_server_listen_local (m->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (m->server);
  m->url = g_strdup_printf ("http://127.0.0.1:%d/db", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  return m;
}

static void
mock_put_fixture (Mock *m)
{
  g_autoptr(GPtrArray) docs = acc_test_fixture_docs ();

  for (guint i = 0; i < docs->len; i++)
    mock_store (m, g_ptr_array_index (docs, i));
}

/* Stores @n more enrollments of Noé, with ids starting with @digit. */
static void
mock_put_enrollments (Mock  *m,
                      char   digit,
                      guint  n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"_id\":\"%c0000000-0000-4000-8000-%012u\","
                                               "\"_rev\":\"1-c\",\"type\":\"enrollment\","
                                               "\"schema\":1,\"participant_id\":\"" FX_NOE "\","
                                               "\"session_id\":\"" FX_SESSION_PM "\","
                                               "\"booking_id\":\"" FX_BOOKING "\","
                                               "\"planned_group_id\":null,\"status\":\"booked\"}",
                                               digit, i);
      g_autoptr(JsonObject) doc = acc_test_parse (json);

      mock_store (m, doc);
    }
}

/* Running the engine */

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} Outcome;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = acc_sync_engine_run_finish (ACC_SYNC_ENGINE (source), result, &outcome->error);
  outcome->done = TRUE;
}

static gboolean
run_engine (AccSyncEngine  *engine,
            AccSyncMode     mode,
            GError        **error)
{
  Outcome outcome = { 0 };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  acc_sync_engine_run_async (engine, mode, NULL, on_done, &outcome);
  while (!outcome.done)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }

  if (outcome.error)
    g_propagate_error (error, outcome.error);
  return outcome.ok;
}

static AccStore *
new_desk (const char *name)
{
  return acc_test_open_new (dir, name);
}

static AccSyncEngine *
new_engine (AccStore   *store,
            const char *url)
{
  g_autoptr(GError) error = NULL;
  AccSyncEngine *engine = acc_sync_engine_new (store, url, ACC_SYNC_FLAGS_NONE, &error);

  g_assert_no_error (error);
  acc_sync_engine_set_limits (engine, 2, 1024 * 1024);
  return engine;
}

/* A desk that holds the fixture and one check-in waiting to be sent. */
static AccStore *
desk_with_pending (const char *name)
{
  const char *ids[] = { FX_E_ZOE, NULL };
  g_autoptr(GError) error = NULL;
  AccStore *store = new_desk (name);

  acc_test_put_fixture (store);
  g_assert_true (acc_store_check_in (store, ids, TRUE, &error));
  g_assert_cmpuint (acc_test_get_status (store).pending, ==, 1);
  return store;
}

/* The run fails, says @needle in its message, and the desk keeps its outbox. */
static void
assert_fails_keeping (AccSyncEngine *engine,
                      AccStore      *store,
                      const char    *needle)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_nonnull (error);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not say “%s”", error->message, needle);
  g_assert_cmpstr (acc_sync_engine_get_last_error (engine), ==, error->message);
  g_assert_cmpint (acc_sync_engine_get_state (engine), ==, ACC_SYNC_OFFLINE);
  g_assert_cmpuint (acc_test_get_status (store).pending, ==, 1);
  g_assert_cmpuint (acc_test_get_status (store).checked_in, ==, 1);
}

/* Tests */

static void
test_pull_and_push (void)
{
  g_autoptr(AccStore) desk = new_desk ("pull.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { FX_E_NOE, NULL };
  AccStoreStatus status;

  mock = mock_new ();
  mock_put_fixture (mock);
  engine = new_engine (desk, mock->url);

  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  status = acc_test_get_status (desk);
  g_assert_cmpuint (status.enrollments, ==, 4);
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, 22);
  g_assert_cmpint (acc_sync_engine_get_state (engine), ==, ACC_SYNC_ONLINE);
  g_assert_cmpint (acc_sync_engine_get_last_success (engine), >, 0);
  /* A server on this machine answers uncompressed: there is no network to spare. */
  g_assert_false (mock->compression);

  g_assert_true (acc_store_check_in (desk, ids, TRUE, &error));
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_cmpuint (acc_test_get_status (desk).pending, ==, 0);
  g_assert_cmpuint (g_hash_table_size (mock->docs), ==, 23);
  g_assert_cmpuint (acc_sync_engine_get_sent (engine), ==, 1);

  /* Nothing new (its own check-in does not come back): nothing received, nothing sent. */
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, 22);
  g_assert_cmpuint (acc_sync_engine_get_sent (engine), ==, 1);

  g_clear_pointer (&mock, mock_free);
}

static void
test_server_down (void)
{
  g_autoptr(AccStore) desk = desk_with_pending ("down.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autofree char *url = NULL;

  /* A port nobody listens on: the mock's, after it stopped. */
  mock = mock_new ();
  url = g_strdup (mock->url);
  g_clear_pointer (&mock, mock_free);
  engine = new_engine (desk, url);
  assert_fails_keeping (engine, desk, "Cannot reach the server at 127.0.0.1");
}

static void
test_dns_failure (void)
{
  g_autoptr(AccStore) desk = desk_with_pending ("dns.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(AccSyncEngine) engine =
    acc_sync_engine_new (desk, "http://no-such-host.invalid/db", ACC_SYNC_FLAGS_ALLOW_INSECURE,
                         &error);

  g_assert_no_error (error);
  acc_sync_engine_set_limits (engine, 2, 1024 * 1024);
  assert_fails_keeping (engine, desk, "no-such-host.invalid");
}

static void
test_refuse_insecure (void)
{
  g_autoptr(AccStore) desk = new_desk ("insecure.db");
  g_autoptr(GError) error = NULL;

  g_assert_null (acc_sync_engine_new (desk, "http://cloud.example.org/db", 0, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (acc_sync_engine_new (desk, "ftp://127.0.0.1/db", 0, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (acc_sync_engine_new (desk, "https://cloud.example.org/", 0, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
}

static void
test_status_codes (void)
{
  static const struct { guint status; const char *needle; } cases[] = {
    { 401, "HTTP 401" }, { 403, "HTTP 403" }, { 404, "does not exist" },
    { 409, "HTTP 409" }, { 500, "HTTP 500" }, { 503, "HTTP 503" },
  };
  g_autoptr(AccStore) desk = desk_with_pending ("status.db");
  g_autoptr(AccSyncEngine) engine = NULL;

  mock = mock_new ();
  engine = new_engine (desk, mock->url);
  mock->mode = MODE_STATUS;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      mock->status = cases[i].status;
      assert_fails_keeping (engine, desk, cases[i].needle);
    }
  g_clear_pointer (&mock, mock_free);
}

static void
test_bad_answers (void)
{
  static const struct { Mode mode; const char *needle; } cases[] = {
    { MODE_MALFORMED, "malformed or truncated" },
    { MODE_BAD_DOCUMENT, "malformed or truncated" },
    { MODE_RESET, "Cannot reach the server" },
    { MODE_SLOW, "did not answer in time" },
    { MODE_HUGE, "far larger answer" },
  };
  g_autoptr(AccStore) desk = desk_with_pending ("bad.db");
  g_autoptr(AccSyncEngine) engine = NULL;

  mock = mock_new ();
  mock_put_fixture (mock);
  engine = new_engine (desk, mock->url);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      mock->mode = cases[i].mode;
      assert_fails_keeping (engine, desk, cases[i].needle);
    }

  /* Once the server behaves, everything goes through. */
  mock->mode = MODE_OK;
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, NULL));
  g_assert_cmpuint (acc_test_get_status (desk).pending, ==, 0);
  g_clear_pointer (&mock, mock_free);
}

static void
test_invalid_documents_kept (void)
{
  g_autoptr(AccStore) desk = new_desk ("invalid.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  AccStoreStatus status;

  mock = mock_new ();
  mock_put_fixture (mock);
  mock_store (mock, acc_test_parse ("{\"_id\":\"odd\",\"_rev\":\"1-b\",\"type\":\"spaceship\",\"schema\":1}"));
  mock_store (mock, acc_test_parse ("{\"_id\":\"g9\",\"_rev\":\"1-b\",\"type\":\"group\",\"schema\":1,"
                                    "\"session_id\":\"" FX_SESSION_AM "\",\"level_id\":null,"
                                    "\"instructor_id\":null,\"capacity\":\"ten\"}"));
  engine = new_engine (desk, mock->url);

  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  status = acc_test_get_status (desk);
  g_assert_cmpuint (status.unusable, ==, 2);
  g_assert_cmpuint (status.enrollments, ==, 4);
  problems = acc_store_list_problems (desk, &error);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_nonnull (strstr (((AccProblem *) g_ptr_array_index (problems, 0))->reason, "capacity"));
  g_assert_nonnull (strstr (((AccProblem *) g_ptr_array_index (problems, 1))->reason, "spaceship"));
  g_clear_pointer (&mock, mock_free);
}

static void
test_refused_kept (void)
{
  g_autoptr(AccStore) desk = desk_with_pending ("refused.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  AccStoreStatus status;

  mock = mock_new ();
  mock_put_fixture (mock);
  mock->mode = MODE_REFUSE_FACTS;
  engine = new_engine (desk, mock->url);

  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  status = acc_test_get_status (desk);
  g_assert_cmpuint (status.pending, ==, 1);
  g_assert_cmpuint (status.refused, ==, 1);
  g_assert_cmpuint (status.checked_in, ==, 1);
  problems = acc_store_list_problems (desk, &error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (((AccProblem *) g_ptr_array_index (problems, 0))->refused);
  g_assert_cmpstr (((AccProblem *) g_ptr_array_index (problems, 0))->reason, ==,
                   "Desks may not write here");
  g_clear_pointer (&mock, mock_free);
}

/* A failure in the middle of a pull keeps what was stored; the next run starts after it and
 * does not receive a stored batch again. */
static void
test_resume_after_failure (void)
{
  g_autoptr(AccStore) desk = new_desk ("resume.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) first = NULL;
  /* Two pages of changes. */
  guint n_docs = ACC_SYNC_PULL_BATCH + 200;

  mock = mock_new ();
  mock_put_fixture (mock);
  mock_put_enrollments (mock, '8', n_docs);
  mock->mode = MODE_FAIL_BULK_GET_2;
  engine = new_engine (desk, mock->url);

  g_assert_false (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
  g_clear_error (&error);
  /* The first batch, and only it, is stored. */
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, ACC_SYNC_PULL_BATCH);
  first = g_steal_pointer (&mock->fetched);
  g_assert_cmpuint (g_hash_table_size (first), ==, ACC_SYNC_PULL_BATCH);
  mock->fetched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* A new engine, as after a restart. */
  g_clear_object (&engine);
  engine = new_engine (desk, mock->url);
  mock->mode = MODE_OK;
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, 22 + n_docs - ACC_SYNC_PULL_BATCH);
  {
    GHashTableIter iter;
    gpointer id;

    g_hash_table_iter_init (&iter, mock->fetched);
    while (g_hash_table_iter_next (&iter, &id, NULL))
      g_assert_false (g_hash_table_contains (first, id));
  }
  g_assert_cmpuint (acc_test_get_status (desk).enrollments, ==, 4 + n_docs);
  g_clear_pointer (&mock, mock_free);
}

static void
test_without_bulk_get (void)
{
  g_autoptr(AccStore) desk = new_desk ("nobulk.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;

  mock = mock_new ();
  mock_put_fixture (mock);
  mock->mode = MODE_NO_BULK_GET;
  engine = new_engine (desk, mock->url);
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (acc_test_get_status (desk).enrollments, ==, 4);
  g_assert_cmpuint (g_hash_table_size (mock->fetched), ==, 22);
  g_clear_pointer (&mock, mock_free);
}

/* First revisions come with _changes; a later revision is fetched with its history, which
 * says which leaf it replaces. */
static void
test_changes_with_documents (void)
{
  g_autoptr(AccStore) desk = new_desk ("with-docs.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) moved = NULL;
  g_autoptr(AccEnrollmentRow) row = NULL;
  const char *ids[] = { FX_E_ZOE, NULL };

  g_autofree char *ahead = NULL;
  g_autofree char *fact = NULL;
  g_autofree char *tick = NULL;
  g_autoptr(JsonObject) fact_doc = NULL;

  mock = mock_new ();
  mock->with_docs = TRUE;
  mock_put_fixture (mock);
  /* A fact from a desk whose clock runs an hour ahead of this one. */
  ahead = g_strdup_printf ("%018" G_GINT64_FORMAT "-000007-desk-ahead",
                           g_get_real_time () / 1000 + 3600 * 1000);
  fact = acc_test_remote_fact ("fact-ahead", "checkin", ahead, "desk-ahead", "",
                               "\"enrollment_id\":\"" FX_E_MARTIN "\",\"present\":true");
  fact_doc = acc_test_parse (fact);
  mock_store (mock, fact_doc);
  engine = new_engine (desk, mock->url);

  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (acc_test_get_status (desk).enrollments, ==, 4);
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, 23);
  g_assert_cmpuint (mock->n_bulk_get, ==, 0);
  /* Received with the changes, its clock moved this desk's: what it writes sorts after. */
  tick = acc_clock_tick (acc_store_get_clock (desk));
  g_assert_cmpstr (tick, >, ahead);

  /* The desk's own check-in comes back with the next changes: it is not received again. */
  g_assert_true (acc_store_check_in (desk, ids, TRUE, &error));
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (acc_sync_engine_get_sent (engine), ==, 1);
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, 23);
  g_assert_cmpuint (acc_test_get_status (desk).pending, ==, 0);

  /* The planning moves Noé to the other group: revision 2 of his enrollment. */
  moved = acc_store_dup_document (desk, FX_E_NOE, &error);
  g_assert_no_error (error);
  json_object_set_string_member (moved, "_rev", "2-bbbb");
  json_object_set_object_member (moved, "_revisions",
                                 acc_test_parse ("{\"start\":2,\"ids\":[\"bbbb\",\"aaaa\"]}"));
  json_object_set_string_member (moved, "planned_group_id", FX_GROUP_B);
  mock_store (mock, moved);

  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mock->n_bulk_get, ==, 1);
  g_assert_true (g_hash_table_contains (mock->fetched, FX_E_NOE));
  g_assert_cmpuint (g_hash_table_size (mock->fetched), ==, 1);
  g_assert_cmpuint (acc_sync_engine_get_received (engine), ==, 24);
  g_assert_false (acc_store_has_revision (desk, FX_E_NOE, "1-aaaa"));
  row = acc_test_get_row (desk, FX_E_NOE);
  g_assert_cmpstr (row->group_id, ==, FX_GROUP_B);

  g_clear_pointer (&mock, mock_free);
}

static void
test_publish_creates (void)
{
  g_autoptr(AccStore) desk = desk_with_pending ("publish.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;

  mock = mock_new ();
  mock->exists = FALSE;
  engine = new_engine (desk, mock->url);
  g_assert_true (run_engine (engine, ACC_SYNC_PUBLISH, &error));
  g_assert_no_error (error);
  g_assert_true (mock->exists);
  /* The fixture and the check-in; the check-in is confirmed. */
  g_assert_cmpuint (g_hash_table_size (mock->docs), ==, 23);
  g_assert_cmpuint (acc_test_get_status (desk).pending, ==, 0);
  g_clear_pointer (&mock, mock_free);
}

static void
on_child_exit (GPid     pid,
               int      status,
               gpointer user_data)
{
  *(int *) user_data = status;
  g_spawn_close_pid (pid);
}

/* accueil-cli killed with SIGKILL in the middle of a pull: the next pull starts from the
 * checkpoint, receives again at most the two batches that were in flight, and ends
 * complete. */
static void
test_killed_mid_pull (void)
{
  g_autofree char *path = g_build_filename (dir, "killed.db", NULL);
  g_autoptr(AccStore) desk = NULL;
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) first = NULL;
  const char *argv[] = { g_getenv ("ACCUEIL_CLI"), "sync", "--db", path, "--url", NULL, NULL };
  /* Enough for several transactions of the worker before the kill, and after it. */
  guint n_docs = 3 * ACC_SYNC_STORE_MAX, again = 0;
  g_autoptr(GPtrArray) found = NULL;
  int status = -1;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer id;
  GPid pid;

  g_assert_nonnull (argv[0]);
  mock = mock_new ();
  mock_put_fixture (mock);
  mock_put_enrollments (mock, '9', n_docs);
  argv[5] = mock->url;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  mock->kill_pid = pid;
  mock->kill_at = n_docs / ACC_SYNC_PULL_BATCH / 2;
  g_child_watch_add (pid, on_child_exit, &status);
  while (status == -1)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  mock->kill_pid = 0;

  first = g_steal_pointer (&mock->fetched);
  mock->fetched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_assert_cmpuint (g_hash_table_size (first), >=, (mock->kill_at - 1) * ACC_SYNC_PULL_BATCH);

  desk = acc_store_open (path, ACC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  engine = new_engine (desk, mock->url);
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (acc_test_get_status (desk).enrollments, ==, 4 + n_docs);

  g_hash_table_iter_init (&iter, mock->fetched);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (g_hash_table_contains (first, id))
      again++;
  g_assert_cmpuint (again, <=, 2 * ACC_SYNC_STORE_MAX);
  g_assert_cmpuint (g_hash_table_size (mock->fetched), <, 22 + n_docs);

  /* The family of the first page, whose search terms waited for the end of the pull. */
  found = acc_store_search (desk, "helene km7", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >=, 4);

  g_clear_pointer (&mock, mock_free);
}

/* Two desks running continuously: a check-in on one reaches the other. */
static void
test_continuous (void)
{
  g_autoptr(AccStore) a = new_desk ("cont-a.db");
  g_autoptr(AccStore) b = new_desk ("cont-b.db");
  g_autoptr(AccSyncEngine) engine_a = NULL, engine_b = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { FX_E_NOE, NULL };
  gint64 deadline;

  mock = mock_new ();
  mock_put_fixture (mock);
  engine_a = new_engine (a, mock->url);
  engine_b = new_engine (b, mock->url);
  acc_sync_engine_start (engine_a);
  acc_sync_engine_start (engine_b);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (acc_test_get_status (a).enrollments < 4 || acc_test_get_status (b).enrollments < 4)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }

  g_assert_true (acc_store_check_in (a, ids, TRUE, &error));
  while (acc_test_get_status (b).checked_in < 1)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_assert_cmpint (acc_sync_engine_get_state (engine_b), !=, ACC_SYNC_OFFLINE);

  acc_sync_engine_stop (engine_a);
  acc_sync_engine_stop (engine_b);
  /* Let the cancelled requests finish. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_clear_pointer (&mock, mock_free);
}

/* Credentials come from the URL, or else from those kept for the server; never printed. */
static void
test_credentials (void)
{
  g_autoptr(AccStore) desk = new_desk ("credentials.db");
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *server = NULL, *with_user = NULL, *file = g_build_filename (dir, "cred.ini", NULL);
  g_autofree char *previous = g_strdup (g_getenv ("ACCUEIL_CREDENTIALS_FILE"));

  mock = mock_new ();
  mock_put_fixture (mock);
  uri = g_uri_parse (mock->url, G_URI_FLAGS_NONE, NULL);
  server = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));

  g_setenv ("ACCUEIL_CREDENTIALS_FILE", file, TRUE);
  g_assert_true (acc_credentials_store (server, "desk1", "s3cret", &error));
  engine = new_engine (desk, mock->url);
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  /* "desk1:s3cret" */
  g_assert_cmpstr (mock->authorization, ==, "Basic ZGVzazE6czNjcmV0");
  g_assert_null (strstr (acc_sync_engine_get_url (engine), "s3cret"));
  g_clear_object (&engine);

  with_user = g_strdup_printf ("http://alice:pa%%40ss@127.0.0.1:%d/db", g_uri_get_port (uri));
  engine = new_engine (desk, with_user);
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  /* "alice:pa@ss" */
  g_assert_cmpstr (mock->authorization, ==, "Basic YWxpY2U6cGFAc3M=");
  g_assert_null (strstr (acc_sync_engine_get_url (engine), "alice"));

  /* Cookie authentication: one sign-in per run, then the cookie; a wrong password is said. */
  g_clear_object (&engine);
  mock->require_cookie = TRUE;
  engine = acc_sync_engine_new (desk, mock->url, ACC_SYNC_FLAGS_COOKIE_AUTH, &error);
  g_assert_no_error (error);
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mock->n_logins, ==, 1);
  g_assert_null (mock->authorization);
  g_clear_object (&engine);
  g_assert_true (acc_credentials_store (server, "desk1", "wrong", &error));
  engine = acc_sync_engine_new (desk, mock->url, ACC_SYNC_FLAGS_COOKIE_AUTH, &error);
  g_assert_false (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_nonnull (strstr (error->message, "user and password"));
  g_clear_error (&error);

  if (previous != NULL)
    g_setenv ("ACCUEIL_CREDENTIALS_FILE", previous, TRUE);
  else
    g_unsetenv ("ACCUEIL_CREDENTIALS_FILE");
  g_clear_pointer (&mock, mock_free);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  dir = acc_test_make_dir ();

  g_test_add_func ("/sync/pull-and-push", test_pull_and_push);
  g_test_add_func ("/sync/server-down", test_server_down);
  g_test_add_func ("/sync/dns-failure", test_dns_failure);
  g_test_add_func ("/sync/refuse-insecure", test_refuse_insecure);
  g_test_add_func ("/sync/status-codes", test_status_codes);
  g_test_add_func ("/sync/bad-answers", test_bad_answers);
  g_test_add_func ("/sync/invalid-documents-kept", test_invalid_documents_kept);
  g_test_add_func ("/sync/refused-kept", test_refused_kept);
  g_test_add_func ("/sync/resume-after-failure", test_resume_after_failure);
  g_test_add_func ("/sync/without-bulk-get", test_without_bulk_get);
  g_test_add_func ("/sync/changes-with-documents", test_changes_with_documents);
  g_test_add_func ("/sync/publish-creates", test_publish_creates);
  g_test_add_func ("/sync/credentials", test_credentials);
  g_test_add_func ("/sync/continuous", test_continuous);
  g_test_add_func ("/sync/killed-mid-pull", test_killed_mid_pull);

  rc = g_test_run ();
  acc_test_remove_dir (dir);
  g_free (dir);
  return rc;
}
