/* test-peer-server.c: a desk serving its day to peers, over loopback TLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "acc-demo.h"
#include "acc-error.h"
#include "acc-peer-server.h"
#include "acc-sync-engine.h"
#include "acc-test-server.h"
#include "acc-test-util.h"

#define SECRET "correct horse battery staple"
#define DB "esf-demo-2026-12-26"

typedef struct
{
  char          *dir;
  AccStore      *store;        /* The serving desk's. */
  AccPeerServer *server;
  SoupSession   *client;
  GTlsDatabase  *trust;        /* The fixture's certificate. */
  char          *base;         /* https://127.0.0.1:PORT */
  guint          n_changed;    /* AccStore::changed of the serving desk. */
} Fixture;

static char *
fixture_path (const char *name)
{
  return g_build_filename (g_getenv ("ACCUEIL_TEST_FIXTURES"), name, NULL);
}

static void
on_changed (AccStore       *store,
            AccStoreChange *change,
            Fixture        *fx)
{
  fx->n_changed++;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert_path = fixture_path ("test-desk-cert.pem");
  g_autofree char *key_path = fixture_path ("test-desk-key.pem");
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(AccDemo) demo = acc_demo_new (7, GPOINTER_TO_UINT (data) ? GPOINTER_TO_UINT (data) : 40,
                                          "2026-12-26");
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  fx->dir = acc_test_make_dir ();
  fx->store = acc_test_open_new (fx->dir, "serving.db");
  g_assert_true (acc_demo_fill_store (demo, fx->store, &error));
  g_assert_no_error (error);
  g_signal_connect (fx->store, "changed", G_CALLBACK (on_changed), fx);

  cert = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  fx->server = acc_peer_server_new (cert, SECRET, &error);
  g_assert_no_error (error);
  g_assert_true (acc_peer_server_add_day (fx->server, DB, fx->store, &error));
  g_assert_true (acc_peer_server_listen (fx->server, loopback, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (acc_peer_server_get_port (fx->server), >, 0);
  fx->base = g_strdup_printf ("https://127.0.0.1:%u", acc_peer_server_get_port (fx->server));

  fx->trust = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  fx->client = soup_session_new_with_options ("tls-database", fx->trust, "timeout", 30,
                                              "max-conns-per-host", 32, NULL);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->client);
  if (fx->server != NULL)
    acc_peer_server_stop (fx->server);
  g_clear_object (&fx->server);
  acc_test_spin_a_little ();
  g_clear_object (&fx->trust);
  g_clear_object (&fx->store);
  acc_test_remove_dir (fx->dir);
  g_free (fx->dir);
  g_free (fx->base);
}

/* Requests */

typedef struct
{
  gboolean  done;
  GBytes   *body;
  GError   *error;
} Answer;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Answer *answer = user_data;

  answer->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                    &answer->error);
  answer->done = TRUE;
}

static SoupMessage *
new_message (Fixture    *fx,
             const char *method,
             const char *path,
             const char *password,
             const char *body)
{
  g_autofree char *url = g_strconcat (fx->base, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  if (password != NULL)
    {
      g_autofree char *pair = g_strconcat ("desk:", password, NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *header = g_strconcat ("Basic ", encoded, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    header);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

static void
send_async (Fixture     *fx,
            SoupMessage *msg,
            Answer      *answer)
{
  soup_session_send_and_read_async (fx->client, msg, G_PRIORITY_DEFAULT, NULL, on_sent, answer);
}

static void
wait_for (Answer *answer)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!answer->done)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_assert_no_error (answer->error);
}

/* Sends a request and returns its answer's text; @status gets its status. */
static char *
request_text (Fixture    *fx,
              const char *method,
              const char *path,
              const char *password,
              const char *body,
              guint      *status)
{
  g_autoptr(SoupMessage) msg = new_message (fx, method, path, password, body);
  Answer answer = { 0 };
  gsize length = 0;
  const char *data;
  char *text;

  send_async (fx, msg, &answer);
  wait_for (&answer);
  *status = soup_message_get_status (msg);
  data = g_bytes_get_data (answer.body, &length);
  text = g_strndup (data, length);
  g_bytes_unref (answer.body);
  return text;
}

static JsonNode *
request (Fixture    *fx,
         const char *method,
         const char *path,
         const char *body,
         guint       expected)
{
  guint status = 0;
  g_autofree char *text = request_text (fx, method, path, SECRET, body, &status);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (status != expected)
    g_error ("%s %s: HTTP %u, not %u: %s", method, path, status, expected, text);
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  return node;
}

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static gint64
doc_count (Fixture *fx)
{
  gint64 seq = 0, n_docs = 0, n_deleted = 0;

  g_assert_true (acc_store_get_update_seq (fx->store, &seq, &n_docs, &n_deleted, NULL));
  return n_docs;
}

static gint64
update_seq (Fixture *fx)
{
  gint64 seq = 0, n_docs = 0, n_deleted = 0;

  g_assert_true (acc_store_get_update_seq (fx->store, &seq, &n_docs, &n_deleted, NULL));
  return seq;
}

static char *
first_enrollment (Fixture *fx)
{
  g_autoptr(GPtrArray) sessions = acc_store_list_sessions (fx->store, NULL);
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_cmpuint (sessions->len, >, 0);
  rows = acc_store_list_enrollments_of_session (fx->store,
                                                ((AccSessionRow *) g_ptr_array_index (sessions, 0))->id,
                                                NULL);
  g_assert_cmpuint (rows->len, >, 0);
  return g_strdup (((AccEnrollmentRow *) g_ptr_array_index (rows, 0))->enrollment_id);
}

static void
check_in_one (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = first_enrollment (fx);
  const char *ids[] = { id, NULL };

  g_assert_true (acc_store_check_in (fx->store, ids, TRUE, &error));
  g_assert_no_error (error);
}

/* Tests */

static void
test_welcome_and_database (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) welcome = request (fx, "GET", "/", NULL, 200);
  g_autoptr(JsonNode) db = request (fx, "GET", "/" DB, NULL, 200);
  JsonObject *info = object_of (db);

  g_assert_cmpstr (json_object_get_string_member (object_of (welcome), "couchdb"), ==, "Welcome");
  g_assert_cmpstr (json_object_get_string_member (info, "db_name"), ==, DB);
  g_assert_cmpint (json_object_get_int_member (info, "doc_count"), ==, doc_count (fx));
  g_assert_cmpint (json_object_get_int_member (info, "doc_count"), >, 40);
  g_assert_cmpint (json_object_get_int_member (info, "update_seq"), ==, update_seq (fx));
  g_assert_true (json_object_has_member (info, "instance_start_time"));
}

/* No credentials, a wrong secret: 401 and nothing of the day; a day not held: 404. */
static void
test_credentials (Fixture       *fx,
                  gconstpointer  data)
{
  const char *paths[] = { "/", "/" DB, "/" DB "/_changes?include_docs=true", "/" DB "/_all_docs" };
  g_autoptr(JsonNode) missing = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    for (guint j = 0; j < 2; j++)
      {
        g_autoptr(SoupMessage) msg = new_message (fx, "GET", paths[i], j ? "wrong secret" : NULL,
                                                  NULL);
        Answer answer = { 0 };
        g_autofree char *text = NULL;

        send_async (fx, msg, &answer);
        wait_for (&answer);
        g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
        g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                       "WWW-Authenticate"),
                         ==, "Basic realm=\"accueil\"");
        text = g_strndup (g_bytes_get_data (answer.body, NULL), g_bytes_get_size (answer.body));
        g_assert_null (strstr (text, "results"));
        g_assert_null (strstr (text, "_rev"));
        g_assert_null (strstr (text, "doc_count"));
        g_bytes_unref (answer.body);
      }

  missing = request (fx, "GET", "/other-school-2026-12-26/_changes", NULL, 404);
  g_assert_cmpstr (json_object_get_string_member (object_of (missing), "error"), ==, "not_found");
  g_clear_pointer (&missing, json_node_unref);
  missing = request (fx, "GET", "/other-school-2026-12-26", NULL, 404);
  g_assert_cmpstr (json_object_get_string_member (object_of (missing), "error"), ==, "not_found");
}

static void
test_changes (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(JsonNode) page = request (fx, "GET", "/" DB "/_changes?limit=5", NULL, 200);
  g_autoptr(JsonNode) next = NULL, whole = NULL;
  g_autofree char *path = NULL;
  JsonArray *results = json_object_get_array_member (object_of (page), "results");
  gint64 last_seq = json_object_get_int_member (object_of (page), "last_seq");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (json_array_get_length (results), ==, 5);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 4), "seq"),
                   ==, last_seq);

  path = g_strdup_printf ("/" DB "/_changes?since=%" G_GINT64_FORMAT "&limit=5", last_seq);
  next = request (fx, "GET", path, NULL, 200);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (object_of (next), "results"), 0), "seq"),
                   >, last_seq);

  /* The whole day, in several pages of the server's, with the documents. */
  whole = request (fx, "GET", "/" DB "/_changes?style=all_docs&include_docs=true", NULL, 200);
  results = json_object_get_array_member (object_of (whole), "results");
  g_assert_cmpint (json_array_get_length (results), ==, doc_count (fx));
  g_assert_cmpint (json_object_get_int_member (object_of (whole), "last_seq"), ==, update_seq (fx));
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *change = json_array_get_object_element (results, i);
      JsonObject *doc = json_object_get_object_member (change, "doc");
      JsonObject *rev = json_array_get_object_element (json_object_get_array_member (change, "changes"), 0);

      g_assert_cmpstr (json_object_get_string_member (doc, "_id"), ==,
                       json_object_get_string_member (change, "id"));
      g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==,
                       json_object_get_string_member (rev, "rev"));
      g_assert_false (g_hash_table_contains (seen, json_object_get_string_member (change, "id")));
      g_hash_table_add (seen, (gpointer) json_object_get_string_member (change, "id"));
    }

  /* Bad parameters are refused, not guessed. */
  g_clear_pointer (&page, json_node_unref);
  page = request (fx, "GET", "/" DB "/_changes?since=yesterday", NULL, 400);
  g_clear_pointer (&page, json_node_unref);
  page = request (fx, "GET", "/" DB "/_changes?limit=-3", NULL, 400);
}

static void
on_longpoll_sent (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  on_sent (source, result, user_data);
}

/* A longpoll answers when the day changes, or empty when its time runs out. */
static void
test_longpoll (Fixture       *fx,
               gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/" DB "/_changes?feed=longpoll&since=%" G_GINT64_FORMAT
                                           "&timeout=20000&heartbeat=1000", update_seq (fx));
  g_autofree char *quick = g_strdup_printf ("/" DB "/_changes?feed=longpoll&since=%" G_GINT64_FORMAT
                                            "&timeout=200", update_seq (fx));
  g_autoptr(SoupMessage) msg = new_message (fx, "GET", path, SECRET, NULL);
  g_autoptr(JsonNode) empty = request (fx, "GET", quick, NULL, 200);
  g_autoptr(JsonNode) node = NULL;
  Answer answer = { 0 };
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  JsonArray *results;

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (empty), "results")),
                    ==, 0);
  g_assert_cmpint (json_object_get_int_member (object_of (empty), "last_seq"), ==, update_seq (fx));

  soup_session_send_and_read_async (fx->client, msg, G_PRIORITY_DEFAULT, NULL, on_longpoll_sent,
                                    &answer);
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (answer.done);

  check_in_one (fx);
  wait_for (&answer);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (answer.body, NULL),
                                       g_bytes_get_size (answer.body));
    node = json_from_string (text, NULL);
  }
  g_bytes_unref (answer.body);
  results = json_object_get_array_member (object_of (node), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object_of (node), "last_seq"), ==, update_seq (fx));
}

/* A change written to the day's file by another process (here another connection the
 * server is not told of) wakes a waiting longpoll too, long before its timeout. */
static void
test_longpoll_other_writer (Fixture       *fx,
                            gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/" DB "/_changes?feed=longpoll&since=%" G_GINT64_FORMAT
                                           "&timeout=20000", update_seq (fx));
  g_autoptr(SoupMessage) msg = new_message (fx, "GET", path, SECRET, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) other = acc_store_open (acc_store_get_path (fx->store),
                                              ACC_STORE_OPEN_DEFAULT, &error);
  g_autofree char *id = first_enrollment (fx);
  const char *ids[] = { id, NULL };
  g_autoptr(JsonNode) node = NULL;
  Answer answer = { 0 };
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  guint n_changed = fx->n_changed;

  g_assert_no_error (error);
  soup_session_send_and_read_async (fx->client, msg, G_PRIORITY_DEFAULT, NULL, on_longpoll_sent,
                                    &answer);
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (answer.done);

  g_assert_true (acc_store_check_in (other, ids, TRUE, &error));
  g_assert_no_error (error);
  wait_for (&answer);
  g_assert_cmpuint (fx->n_changed, ==, n_changed);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (answer.body, NULL),
                                       g_bytes_get_size (answer.body));
    node = json_from_string (text, NULL);
  }
  g_bytes_unref (answer.body);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (node),
                                                                         "results")), ==, 1);
}

/* Longpolls past the cap are turned away; the others wait, and the desk answers everyone
 * else meanwhile. */
static void
test_longpoll_flood (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/" DB "/_changes?feed=longpoll&since=%" G_GINT64_FORMAT
                                           "&timeout=20000", update_seq (fx));
  SoupMessage *msgs[3];
  Answer answers[3] = { { 0 } };
  guint status = 0;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) db = NULL;

  acc_peer_server_set_limits (fx->server, &(AccPeerServerLimits) { .max_longpolls = 2 });
  for (guint i = 0; i < 3; i++)
    {
      msgs[i] = new_message (fx, "GET", path, SECRET, NULL);
      send_async (fx, msgs[i], &answers[i]);
    }
  /* The third is turned away at once. */
  while (!answers[0].done && !answers[1].done && !answers[2].done)
    g_main_context_iteration (NULL, TRUE);
  acc_test_spin_a_little ();
  g_assert_false (answers[0].done && answers[1].done);
  for (guint i = 0; i < 3; i++)
    if (answers[i].done)
      {
        g_assert_cmpuint (soup_message_get_status (msgs[i]), ==, 503);
        text = g_strndup (g_bytes_get_data (answers[i].body, NULL), g_bytes_get_size (answers[i].body));
        g_assert_nonnull (strstr (text, "busy"));
      }

  db = request (fx, "GET", "/" DB, NULL, 200);
  g_free (request_text (fx, "GET", "/" DB "/_all_docs?limit=2", SECRET, NULL, &status));
  g_assert_cmpuint (status, ==, 200);

  check_in_one (fx);
  for (guint i = 0; i < 3; i++)
    {
      wait_for (&answers[i]);
      g_bytes_unref (answers[i].body);
      g_object_unref (msgs[i]);
    }
}

static void
test_documents (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(JsonNode) all = request (fx, "GET", "/" DB "/_all_docs?limit=1", NULL, 200);
  JsonObject *row = json_array_get_object_element (json_object_get_array_member (object_of (all), "rows"), 0);
  const char *id = json_object_get_string_member (row, "id");
  const char *rev = json_object_get_string_member (json_object_get_object_member (row, "value"), "rev");
  g_autofree char *diff_body = g_strdup_printf ("{\"%s\":[\"%s\",\"1-ffff\"],"
                                                "\"aaaaaaaa-0000-4000-8000-000000000000\":[\"1-aa\"]}",
                                                id, rev);
  g_autofree char *get_body = g_strdup_printf ("{\"docs\":[{\"id\":\"%s\",\"rev\":\"%s\"},"
                                               "{\"id\":\"%s\",\"rev\":\"1-ffff\"},"
                                               "{\"id\":\"%s\"}]}", id, rev, id, id);
  g_autofree char *open_path = g_strdup_printf ("/" DB "/%s?revs=true&open_revs=%%5B%%22%s%%22,"
                                                "%%221-ffff%%22%%5D", id, rev);
  g_autofree char *all_path = g_strdup_printf ("/" DB "/%s?revs=true&open_revs=all", id);
  g_autofree char *doc_path = g_strdup_printf ("/" DB "/%s?revs=true", id);
  g_autoptr(JsonNode) diff = request (fx, "POST", "/" DB "/_revs_diff", diff_body, 200);
  g_autoptr(JsonNode) got = request (fx, "POST", "/" DB "/_bulk_get?revs=true", get_body, 200);
  g_autoptr(JsonNode) open = request (fx, "GET", open_path, NULL, 200);
  g_autoptr(JsonNode) open_all = request (fx, "GET", all_path, NULL, 200);
  g_autoptr(JsonNode) doc = request (fx, "GET", doc_path, NULL, 200);
  g_autoptr(JsonNode) missing = request (fx, "GET", "/" DB "/aaaaaaaa-0000-4000-8000-000000000000",
                                         NULL, 404);
  JsonArray *missing_revs, *results, *entries;
  JsonObject *ok;

  /* _revs_diff: only what this desk lacks. */
  missing_revs = json_object_get_array_member (json_object_get_object_member (object_of (diff), id),
                                               "missing");
  g_assert_cmpuint (json_array_get_length (missing_revs), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (missing_revs, 0), ==, "1-ffff");
  g_assert_true (json_object_has_member (object_of (diff), "aaaaaaaa-0000-4000-8000-000000000000"));

  /* _bulk_get?revs=true: the revision with its history, an error for one not held, and the
   * winner when no revision is named. */
  results = json_object_get_array_member (object_of (got), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 3);
  entries = json_object_get_array_member (json_array_get_object_element (results, 0), "docs");
  ok = json_object_get_object_member (json_array_get_object_element (entries, 0), "ok");
  g_assert_cmpstr (json_object_get_string_member (ok, "_rev"), ==, rev);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (ok, "_revisions"), "start"),
                   ==, 1);
  entries = json_object_get_array_member (json_array_get_object_element (results, 1), "docs");
  g_assert_true (json_object_has_member (json_array_get_object_element (entries, 0), "error"));
  entries = json_object_get_array_member (json_array_get_object_element (results, 2), "docs");
  g_assert_true (json_object_has_member (json_array_get_object_element (entries, 0), "ok"));

  /* GET ?open_revs: each asked for, found or missing; all the leaves. */
  g_assert_true (JSON_NODE_HOLDS_ARRAY (open));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (open)), ==, 2);
  g_assert_true (json_object_has_member (json_array_get_object_element (json_node_get_array (open), 0), "ok"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (open), 1),
                                                  "missing"), ==, "1-ffff");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (open_all)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object_of (doc), "_id"), ==, id);
  g_assert_true (json_object_has_member (object_of (doc), "_revisions"));
  g_assert_cmpstr (json_object_get_string_member (object_of (missing), "error"), ==, "not_found");
}

static void
test_all_docs (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(JsonNode) all = request (fx, "GET", "/" DB "/_all_docs?include_docs=true", NULL, 200);
  JsonArray *rows = json_object_get_array_member (object_of (all), "rows");
  const char *first = json_object_get_string_member (json_array_get_object_element (rows, 0), "id");
  const char *second = json_object_get_string_member (json_array_get_object_element (rows, 1), "id");
  g_autofree char *keys = g_strdup_printf ("{\"keys\":[\"%s\",\"bbbbbbbb-0000-4000-8000-000000000000\"]}",
                                           second);
  g_autofree char *from = g_strdup_printf ("/" DB "/_all_docs?startkey=%%22%s%%22&limit=1", second);
  g_autoptr(JsonNode) by_key = request (fx, "POST", "/" DB "/_all_docs?include_docs=true", keys, 200);
  g_autoptr(JsonNode) page = request (fx, "GET", from, NULL, 200);
  JsonArray *key_rows = json_object_get_array_member (object_of (by_key), "rows");

  g_assert_cmpint (json_array_get_length (rows), ==, doc_count (fx));
  g_assert_cmpint (json_object_get_int_member (object_of (all), "total_rows"), ==, doc_count (fx));
  g_assert_cmpstr (first, <, second);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_array_get_object_element (rows, 0), "doc"), "_id"), ==, first);
  g_assert_cmpuint (json_array_get_length (key_rows), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (key_rows, 1), "error"),
                   ==, "not_found");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (object_of (page), "rows"), 0), "id"), ==, second);
}

/* Documents a peer sends are checked as the cloud's are: the refused one is answered with an
 * error and kept nowhere, the others are stored and the desk is told. */
static void
test_bulk_docs (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *enrollment = first_enrollment (fx);
  g_autofree char *fields = g_strdup_printf ("\"enrollment_id\":\"%s\",\"present\":true", enrollment);
  g_autofree char *good1 = acc_test_remote_fact ("cccccccc-0000-4000-8000-000000000001", "checkin",
                                                 "0001798000000000-0000-other", "other", "", fields);
  g_autofree char *good2 = acc_test_remote_fact ("cccccccc-0000-4000-8000-000000000002", "checkin",
                                                 "0001798000000001-0000-other", "other",
                                                 "\"cccccccc-0000-4000-8000-000000000001\"", fields);
  g_autofree char *body = g_strdup_printf ("{\"new_edits\":false,\"docs\":[%s,"
                                           "{\"_id\":\"_bad\",\"_rev\":\"1-a\",\"type\":\"fact\"},"
                                           "{\"_id\":\"dddddddd-0000-4000-8000-000000000001\","
                                           "\"_rev\":\"no revision\",\"type\":\"fact\"},"
                                           "[1,2],%s]}", good1, good2);
  g_autoptr(JsonNode) answer = NULL, refused = NULL;
  guint n_changed = fx->n_changed;
  JsonArray *errors;
  g_autoptr(AccEnrollmentRow) row = NULL;

  answer = request (fx, "POST", "/" DB "/_bulk_docs", body, 201);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (answer));
  errors = json_node_get_array (answer);
  g_assert_cmpuint (json_array_get_length (errors), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0), "id"),
                   ==, "_bad");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0), "error"),
                   ==, "forbidden");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 1), "id"),
                   ==, "dddddddd-0000-4000-8000-000000000001");
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (errors, 1), "reason"));

  g_assert_true (acc_store_has_revision (fx->store, "cccccccc-0000-4000-8000-000000000001",
                                         "1-cccccccc-0000-4000-8000-000000000001"));
  g_assert_true (acc_store_has_revision (fx->store, "cccccccc-0000-4000-8000-000000000002",
                                         "1-cccccccc-0000-4000-8000-000000000002"));
  g_assert_false (acc_store_has_revision (fx->store, "dddddddd-0000-4000-8000-000000000001",
                                          "no revision"));
  g_assert_cmpuint (fx->n_changed, >, n_changed);
  row = acc_test_get_row (fx->store, enrollment);
  g_assert_true (row->checked_in);
  /* The other desk's facts wait here for the cloud too. */
  g_assert_cmpuint (acc_test_get_status (fx->store).pending, ==, 2);

  /* Edits are not taken: a peer copies revisions made elsewhere. */
  refused = request (fx, "POST", "/" DB "/_bulk_docs", "{\"docs\":[]}", 400);
}

static void
test_local (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(JsonNode) missing = request (fx, "GET", "/" DB "/_local/abc", NULL, 404);
  g_autoptr(JsonNode) put = request (fx, "PUT", "/" DB "/_local/abc", "{\"last_seq\":12}", 201);
  g_autoptr(JsonNode) conflict = request (fx, "PUT", "/" DB "/_local/abc", "{\"last_seq\":13}", 409);
  g_autoptr(JsonNode) again = request (fx, "PUT", "/" DB "/_local/abc",
                                       "{\"_rev\":\"0-1\",\"last_seq\":14}", 201);
  g_autoptr(JsonNode) got = request (fx, "GET", "/" DB "/_local/abc", NULL, 200);

  g_assert_cmpstr (json_object_get_string_member (object_of (put), "rev"), ==, "0-1");
  g_assert_cmpstr (json_object_get_string_member (object_of (again), "rev"), ==, "0-2");
  g_assert_cmpstr (json_object_get_string_member (object_of (got), "_id"), ==, "_local/abc");
  g_assert_cmpstr (json_object_get_string_member (object_of (got), "_rev"), ==, "0-2");
  g_assert_cmpint (json_object_get_int_member (object_of (got), "last_seq"), ==, 14);
}

/* A body over the limit is refused from its length, before it is read. */
static void
test_body_limit (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\"docs\":[");
  g_autoptr(JsonNode) refused = NULL, after = NULL;

  acc_peer_server_set_limits (fx->server, &(AccPeerServerLimits) { .max_body = 4096 });
  for (guint i = 0; i < 300; i++)
    g_string_append_printf (body, "%s{\"id\":\"x%08u\"}", i ? "," : "", i);
  g_string_append (body, "]}");
  g_assert_cmpuint (body->len, >, 4096);

  refused = request (fx, "POST", "/" DB "/_bulk_get", body->str, 413);
  g_assert_cmpstr (json_object_get_string_member (object_of (refused), "error"), ==, "too_large");
  after = request (fx, "POST", "/" DB "/_bulk_get", "{\"docs\":[]}", 200);
}

/* Our own engine, replicating @peer with the serving desk over TLS, with the secret. */
static AccSyncEngine *
new_peer_engine (Fixture  *fx,
                 AccStore *peer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("https://desk:%s@127.0.0.1:%u/" DB,
                                          "correct%20horse%20battery%20staple",
                                          acc_peer_server_get_port (fx->server));
  AccSyncEngine *engine = acc_sync_engine_new (peer, url, ACC_SYNC_FLAGS_NONE, &error);

  g_assert_no_error (error);
  acc_sync_engine_set_tls_database (engine, fx->trust);
  return engine;
}

/* Our own engine pulls the day from a serving desk over TLS, and sends back what it writes. */
static void
test_engine (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) peer = acc_test_open_new (fx->dir, "peer.db");
  g_autoptr(AccSyncEngine) engine = new_peer_engine (fx, peer);
  g_autofree char *served = NULL, *pulled = NULL, *enrollment = NULL;
  const char *ids[1 + 1] = { NULL, NULL };

  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  served = acc_test_export (fx->store);
  pulled = acc_test_export (peer);
  g_assert_cmpstr (served, ==, pulled);

  /* A check-in on the peer reaches the serving desk. */
  enrollment = first_enrollment (fx);
  ids[0] = enrollment;
  g_assert_true (acc_store_check_in (peer, ids, TRUE, &error));
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (acc_test_get_status (peer).pending, ==, 0);
  g_clear_pointer (&served, g_free);
  g_clear_pointer (&pulled, g_free);
  served = acc_test_export (fx->store);
  pulled = acc_test_export (peer);
  g_assert_cmpstr (served, ==, pulled);
  g_assert_cmpuint (acc_test_get_status (fx->store).checked_in, ==, 1);

  /* Without the school's secret, nothing is exchanged. */
  {
    g_autofree char *wrong = g_strdup_printf ("https://desk:wrong@127.0.0.1:%u/" DB,
                                              acc_peer_server_get_port (fx->server));
    g_autoptr(AccSyncEngine) stranger = acc_sync_engine_new (peer, wrong, ACC_SYNC_FLAGS_NONE,
                                                             &error);

    acc_sync_engine_set_tls_database (stranger, fx->trust);
    g_assert_false (run_engine (stranger, ACC_SYNC_PULL_PUSH, &error));
    g_assert_nonnull (error);
  }
}

/* Opens a plain TCP connection to the serving desk that says nothing. */
static GSocketConnection *
connect_silent (Fixture *fx)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                acc_peer_server_get_port (fx->server), NULL,
                                                &error);
  g_assert_no_error (error);
  return connection;
}

/* Whether the desk closed @connection within @timeout_ms, its main loop running meanwhile. */
static gboolean
closed_within (GSocketConnection *connection,
               guint              timeout_ms)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR) != 0)
        {
          char byte;

          return g_socket_receive (socket, &byte, 1, NULL, NULL) <= 0;
        }
      g_usleep (2000);
    }
  return FALSE;
}

/* A client that connects and never starts its TLS handshake is dropped after a while, and
 * past the bound on open connections a new one is closed at once; the desk goes on serving. */
static void
test_connection_bounds (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GSocketConnection) first = NULL;
  g_autoptr(GSocketConnection) second = NULL;
  g_autoptr(GSocketConnection) third = NULL;
  g_autoptr(JsonNode) welcome = NULL;

  acc_peer_server_set_limits (fx->server, &(AccPeerServerLimits) {
    .max_connections = 2, .handshake_timeout_ms = 400 });

  first = connect_silent (fx);
  second = connect_silent (fx);
  g_assert_false (closed_within (first, 100));
  third = connect_silent (fx);
  g_assert_true (closed_within (third, 2000));
  g_assert_false (closed_within (second, 50));

  /* Their handshakes time out; then the desk serves again (with time for a handshake on a
   * loaded machine under the sanitizers). */
  g_assert_true (closed_within (first, 5000));
  g_assert_true (closed_within (second, 5000));
  acc_peer_server_set_limits (fx->server, &(AccPeerServerLimits) {
    .handshake_timeout_ms = ACC_PEER_SERVER_HANDSHAKE_TIMEOUT_MS });
  welcome = request (fx, "GET", "/", NULL, 200);
  g_assert_nonnull (welcome);
}

/* A planning document the cloud edited reaches another desk with its history: a desk that
 * held the older revision replaces it, as it would from the cloud, and no conflict appears
 * between revisions that follow each other. */
static void
test_history (Fixture       *fx,
              gconstpointer  data)
{
#define MEETING_POINT(rev, name, revisions) \
  "[{\"_id\":\"mp-1\",\"_rev\":\"" rev "\",\"type\":\"meeting_point\",\"schema\":1," \
  "\"name\":\"" name "\",\"description\":\"\"" revisions "}]"
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) peer = acc_test_open_new (fx->dir, "peer.db");
  g_autoptr(AccSyncEngine) engine = new_peer_engine (fx, peer);
  g_autoptr(AccDocLeaves) leaves = NULL;
  g_autoptr(JsonNode) doc = NULL;
  JsonObject *revisions;

  /* Both desks pulled the first revision from the cloud; the serving desk, the next two. */
  acc_test_put_json (peer, MEETING_POINT ("1-aaaa", "Front de neige", ""));
  acc_test_put_json (fx->store, MEETING_POINT ("1-aaaa", "Front de neige", ""));
  acc_test_put_json (fx->store, MEETING_POINT ("3-cccc", "Télécabine",
                                               ",\"_revisions\":{\"start\":3,"
                                               "\"ids\":[\"cccc\",\"bbbb\",\"aaaa\"]}"));

  /* The served revision names its ancestors. */
  doc = request (fx, "GET", "/" DB "/mp-1?revs=true", NULL, 200);
  revisions = json_object_get_object_member (object_of (doc), "_revisions");
  g_assert_cmpint (json_object_get_int_member (revisions, "start"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (revisions, "ids")),
                    ==, 3);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (revisions,
                                                                                 "ids"), 2),
                   ==, "aaaa");

  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);

  leaves = acc_store_get_leaves (peer, "mp-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leaves->leaves->len, ==, 1);
  g_assert_cmpstr (((AccLeaf *) g_ptr_array_index (leaves->leaves, 0))->rev, ==, "3-cccc");
#undef MEETING_POINT
}

/* A serving desk that vanishes in the middle of a pull costs what was under way: the pages
 * stored stay, with the checkpoint that covers them, and when it comes back (at the same
 * address), the pull goes on and ends with the same day, each document stored once. */
static void
test_vanish (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) peer = acc_test_open_new (fx->dir, "peer.db");
  g_autoptr(AccSyncEngine) engine = new_peer_engine (fx, peer);
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autofree char *cert_path = fixture_path ("test-desk-cert.pem");
  g_autofree char *key_path = fixture_path ("test-desk-key.pem");
  g_autofree char *served = NULL, *pulled = NULL;
  g_auto(GStrv) checkpoints = NULL;
  EngineRun outcome;
  guint port = acc_peer_server_get_port (fx->server);
  gint64 total = acc_test_count_docs (fx->store), stored;
  guint received;

  /* Pages of 20 changes, so that the pull takes many. */
  acc_peer_server_set_limits (fx->server, &(AccPeerServerLimits) { .max_limit = 20 });
  run_engine_start (engine, ACC_SYNC_PULL_PUSH, &outcome);
  SPIN_UNTIL (outcome.done || acc_test_count_docs (peer) >= 100);
  g_assert_false (outcome.done);
  acc_peer_server_stop (fx->server);
  g_clear_object (&fx->server);
  SPIN_UNTIL (outcome.done);
  g_assert_false (outcome.ok);
  g_assert_nonnull (outcome.error);
  g_clear_error (&outcome.error);

  stored = acc_test_count_docs (peer);
  g_assert_cmpint (stored, >=, 100);
  g_assert_cmpint (stored, <, total);
  checkpoints = acc_store_list_meta_keys (peer, "pull-checkpoint:", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (checkpoints), ==, 1);
  received = acc_sync_engine_get_received (engine);

  /* The desk comes back at its address. */
  cert = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  fx->server = acc_peer_server_new (cert, SECRET, &error);
  g_assert_no_error (error);
  g_assert_true (acc_peer_server_add_day (fx->server, DB, fx->store, &error));
  g_assert_true (acc_peer_server_listen (fx->server, loopback, port, &error));
  g_assert_no_error (error);

  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  g_assert_cmpint (acc_test_count_docs (peer), ==, total);
  g_assert_cmpuint (acc_sync_engine_get_received (engine) - received, ==, total - stored);
  served = acc_test_export (fx->store);
  pulled = acc_test_export (peer);
  g_assert_cmpstr (served, ==, pulled);
}

/* Clients that come and go, each closing its connection, never use up the open connections
 * a desk allows: a connection's place is freed with it. */
static void
test_connections_freed (Fixture       *fx,
                        gconstpointer  data)
{
  SoupSession *own = fx->client;

  acc_peer_server_set_limits (fx->server, &(AccPeerServerLimits) { .max_connections = 2 });

  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(JsonNode) welcome = NULL;

      fx->client = soup_session_new_with_options ("tls-database", fx->trust, "timeout", 30, NULL);
      welcome = request (fx, "GET", "/", NULL, 200);
      g_assert_nonnull (welcome);
      g_clear_object (&fx->client);
      acc_test_spin_a_little ();
    }
  fx->client = own;
}

/* Stopping never waits for a client in the middle of its handshake. */
static void
test_stop_during_handshake (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GSocketConnection) silent = connect_silent (fx);
  g_autoptr(GSocketConnection) talking = connect_silent (fx);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (talking));
  /* The start of a TLS record, then nothing: the desk's handshake waits in a read. */
  static const guint8 partial[] = { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01 };

  g_assert_true (g_output_stream_write_all (out, partial, sizeof partial, NULL, NULL, NULL));
  g_assert_false (closed_within (silent, 200));

  acc_peer_server_stop (fx->server);
  g_assert_cmpuint (acc_peer_server_get_port (fx->server), ==, 0);
  g_assert_true (closed_within (silent, 5000));
  g_assert_true (closed_within (talking, 5000));
}

static void
on_serve_exit (GPid     pid,
               int      status,
               gpointer user_data)
{
  *(int *) user_data = status;
  g_spawn_close_pid (pid);
}

/* accueil-cli serve prints the day's URL alone on its first line, serves it with the
 * secret the desk keeps, and stops cleanly on SIGTERM. */
static void
test_cli_serve (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = fixture_path ("test-desk-cert.pem");
  g_autofree char *key = fixture_path ("test-desk-key.pem");
  const char *argv[] = { g_getenv ("ACCUEIL_CLI"), "serve", "--db", acc_store_get_path (fx->store),
                         "--port", "0", "--bind", "127.0.0.1", "--name", DB,
                         "--certificate", cert, "--key", key, NULL };
  g_auto(GStrv) env = NULL;
  g_autoptr(GInputStream) out = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *url = NULL, *prefix = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GUri) uri = NULL;
  int out_fd = -1, status = -1;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GPid pid;

  /* The desk serves with the secret accueil-cli pair keeps (and here the fixture's
   * certificate, which this test's client trusts, instead of the desk's own). */
  acc_test_pair_desk (fx->dir, SECRET);
  /* Under AddressSanitizer, LeakSanitizer crashes ("Tracer caught signal 11") walking the
   * threads TLS leaves behind at the child's exit; the server's own leaks are checked in
   * this process by the other tests. */
  env = g_environ_setenv (g_get_environ (), "LSAN_OPTIONS", "detect_leaks=0", TRUE);

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  g_child_watch_add (pid, on_serve_exit, &status);

  out = g_unix_input_stream_new (out_fd, TRUE);
  lines = g_data_input_stream_new (out);
  url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);
  prefix = g_strdup ("https://127.0.0.1:");
  g_assert_true (g_str_has_prefix (url, prefix));
  g_assert_true (g_str_has_suffix (url, "/" DB));
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_uri_get_port (uri), >, 0);

  /* The fixture's client talks to the CLI's server instead of its own. */
  g_free (fx->base);
  fx->base = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uri));
  info = request (fx, "GET", "/" DB, NULL, 200);
  g_assert_cmpint (json_object_get_int_member (object_of (info), "doc_count"), ==, doc_count (fx));

  kill (pid, SIGTERM);
  while (status == -1)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* A paired desk serves its day with its own certificate and kept secret; another desk pulls
 * it through the pin of first contact. An unpaired desk serves nothing, and says why. */
static void
test_serve_day (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autofree char *name = acc_peer_server_dup_day_name (fx->store);
  g_autofree char *url = NULL, *served = NULL, *pulled = NULL;
  g_autoptr(AccPeerServer) server = NULL;
  g_autoptr(AccStore) other = acc_test_open_new (fx->dir, "other.db");
  g_autoptr(AccSyncEngine) engine = NULL;

  acc_test_pair_desk (fx->dir, NULL);
  server = acc_peer_server_serve_day (fx->store, loopback, 0, &error);
  g_assert_null (server);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "accueil-cli pair"));
  g_clear_error (&error);

  acc_test_pair_desk (fx->dir, SECRET);
  server = acc_peer_server_serve_day (fx->store, loopback, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (name);

  url = g_strdup_printf ("https://127.0.0.1:%u/%s", acc_peer_server_get_port (server), name);
  engine = acc_sync_engine_new (other, url, ACC_SYNC_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (run_engine (engine, ACC_SYNC_PULL_PUSH, &error));
  g_assert_no_error (error);
  served = acc_test_export (fx->store);
  pulled = acc_test_export (other);
  g_assert_cmpstr (served, ==, pulled);

  acc_peer_server_stop (server);
  acc_test_spin_a_little ();
}

static void
test_refuse_plain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccPeerServer) server = acc_peer_server_new (NULL, SECRET, &error);

  g_assert_null (server);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
}

#define add_test(path, func, n) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;

  g_test_init (&argc, &argv, NULL);
  config = acc_test_use_config_dir ();

  add_test ("/peer-server/welcome-and-database", test_welcome_and_database, 0);
  add_test ("/peer-server/credentials", test_credentials, 0);
  add_test ("/peer-server/changes", test_changes, 300);
  add_test ("/peer-server/longpoll", test_longpoll, 0);
  add_test ("/peer-server/longpoll-other-writer", test_longpoll_other_writer, 0);
  add_test ("/peer-server/longpoll-flood", test_longpoll_flood, 0);
  add_test ("/peer-server/documents", test_documents, 0);
  add_test ("/peer-server/all-docs", test_all_docs, 300);
  add_test ("/peer-server/bulk-docs", test_bulk_docs, 0);
  add_test ("/peer-server/local", test_local, 0);
  add_test ("/peer-server/body-limit", test_body_limit, 0);
  add_test ("/peer-server/engine", test_engine, 300);
  add_test ("/peer-server/history", test_history, 0);
  add_test ("/peer-server/vanish", test_vanish, 300);
  add_test ("/peer-server/connection-bounds", test_connection_bounds, 0);
  add_test ("/peer-server/connections-freed", test_connections_freed, 0);
  add_test ("/peer-server/stop-during-handshake", test_stop_during_handshake, 0);
  add_test ("/peer-server/cli-serve", test_cli_serve, 0);
  add_test ("/peer-server/serve-day", test_serve_day, 0);
  g_test_add_func ("/peer-server/refuse-plain", test_refuse_plain);

  {
    int status = g_test_run ();

    acc_test_remove_dir (config);
    return status;
  }
}
