/* acc-test-server.c: a loopback CouchDB scripted to misbehave, and the engine run against it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <signal.h>

#include "acc-document.h"
#include "acc-pairing.h"
#include "acc-test-server.h"
#include "acc-test-util.h"



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

void
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
  guint since = since_text && !m->ignore_since ? (guint) g_ascii_strtoull (since_text, NULL, 10) : 0;
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

static void handle (SoupServer *server, SoupServerMessage *msg, const char *path,
                    GHashTable *query, gpointer user_data);

/* The request held back (hold_path) is answered now. */
static void
release_held (Mock *m)
{
  g_autoptr(SoupServerMessage) held = g_steal_pointer (&m->held);
  g_autofree char *path = g_steal_pointer (&m->held_path);
  g_autoptr(GHashTable) query = g_steal_pointer (&m->held_query);

  handle (m->server, held, path, query, m);
  soup_server_message_unpause (held);
}

/* A _local document: its revision must be named to replace it, as CouchDB wants. */
static void
handle_local (Mock              *m,
              SoupServerMessage *msg,
              const char        *method,
              const char        *path)
{
  guint rev = GPOINTER_TO_UINT (g_hash_table_lookup (m->local_revs, path));
  g_autofree char *current = rev > 0 ? g_strdup_printf ("0-%u", rev) : NULL;
  g_autofree char *answer = NULL;

  if (g_str_equal (method, "GET"))
    {
      m->n_local_gets++;
      if (current == NULL)
        respond_text (msg, 404, "{\"error\":\"not_found\"}");
      else
        {
          answer = g_strdup_printf ("{\"_id\":\"%s\",\"_rev\":\"%s\"}", path + 4, current);
          respond_text (msg, 200, answer);
        }
      return;
    }

  m->n_local_puts++;
  {
    g_autoptr(JsonNode) body = request_body (msg);
    const char *given = acc_document_get_string (json_node_get_object (body), "_rev");

    if (g_strcmp0 (given, current) != 0)
      {
        respond_text (msg, 409, "{\"error\":\"conflict\"}");
        return;
      }
  }
  g_hash_table_replace (m->local_revs, g_strdup (path), GUINT_TO_POINTER (rev + 1));
  answer = g_strdup_printf ("{\"ok\":true,\"id\":\"%s\",\"rev\":\"0-%u\"}", path + 4,
                            rev + 1);
  respond_text (msg, 201, answer);
}

/* A document for @id that no desk can take: @what says which way (the third has a string of
 * m->junk_size bytes, the others a bad revision, fields of the wrong kind, a bad history). */
static JsonObject *
junk_document (Mock       *m,
               const char *id,
               guint       what)
{
  g_autofree char *text = NULL;
  g_autofree char *long_string = g_strnfill (what == 2 ? m->junk_size : 1, 'x');

  switch (what % 4)
    {
    case 0:
      text = g_strdup_printf ("{\"_id\":\"%s\",\"_rev\":\"../2\",\"type\":\"customer\","
                              "\"schema\":1,\"first_name\":\"A\",\"last_name\":\"B\"}", id);
      break;
    case 1:
      text = g_strdup_printf ("{\"_id\":\"%s\",\"_rev\":\"2-bbbb\",\"type\":\"customer\","
                              "\"schema\":\"1\",\"first_name\":5,\"last_name\":{}}", id);
      break;
    case 2:
      text = g_strdup_printf ("{\"_id\":\"%s\",\"_rev\":\"2-bbbb\",\"type\":\"customer\","
                              "\"schema\":1,\"first_name\":\"%s\",\"last_name\":\"B\"}",
                              id, long_string);
      break;
    default:
      text = g_strdup_printf ("{\"_id\":\"%s\",\"_rev\":\"2-bbbb\",\"type\":\"customer\","
                              "\"schema\":1,\"_revisions\":{\"start\":\"2\",\"ids\":7},"
                              "\"first_name\":\"A\",\"last_name\":\"B\"}", id);
      break;
    }
  return acc_test_parse (text);
}

/* Adds to the _bulk_get @results the result for @id: the one revision @doc, taken. */
static void
add_bulk_get_result (JsonArray  *results,
                     const char *id,
                     JsonObject *doc)
{
  JsonObject *result = json_object_new ();
  JsonArray *docs = json_array_new ();
  JsonObject *ok = json_object_new ();

  json_object_set_object_member (ok, "ok", doc);
  json_array_add_object_element (docs, ok);
  json_object_set_string_member (result, "id", id);
  json_object_set_array_member (result, "docs", docs);
  json_array_add_object_element (results, result);
}

/* Answers a _bulk_get with @results, taken. */
static void
respond_results (SoupServerMessage *msg,
                 JsonArray         *results)
{
  g_autoptr(JsonObject) answer = json_object_new ();

  json_object_set_array_member (answer, "results", results);
  respond_object (msg, answer);
}

/* An answer to _bulk_get about other documents than those asked for: ids nobody asked for, a
 * path for an id, a result for an asked id that carries another document. */
static void
respond_unasked (Mock              *m,
                 SoupServerMessage *msg,
                 JsonArray         *wanted)
{
  static const char * const others[] = {
    "../../etc/passwd", "e0000000-0000-4000-8000-000000000001", "/db/_design/x", "",
  };
  JsonArray *results = json_array_new ();

  for (guint i = 0; i < json_array_get_length (wanted); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (wanted, i), "id");
      const char *other = others[i % G_N_ELEMENTS (others)];

      /* Every other result claims the asked id, for another document. */
      add_bulk_get_result (results, i % 2 ? id : other, junk_document (m, other, i));
    }

  respond_results (msg, results);
}

static void
handle_bulk_get (Mock              *m,
                 SoupServerMessage *msg)
{
  g_autoptr(JsonNode) body = request_body (msg);
  JsonArray *wanted = json_object_get_array_member (json_node_get_object (body), "docs");
  JsonArray *results = json_array_new ();

  for (guint i = 0; i < json_array_get_length (wanted); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (wanted, i), "id");
      JsonObject *doc = g_hash_table_lookup (m->docs, id);

      if (m->mode == MODE_UNASKED)
        {
          json_array_unref (results);
          respond_unasked (m, msg, wanted);
          return;
        }

      add_bulk_get_result (results, id, m->mode == MODE_JUNK ? junk_document (m, id, i)
                                                             : json_object_ref (doc));
      g_hash_table_add (m->fetched, g_strdup (id));
    }

  respond_results (msg, results);
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

      if (m->conflict_docs ||
          (m->mode == MODE_REFUSE_FACTS &&
           g_strcmp0 (acc_document_get_string (doc, "type"), "fact") == 0))
        {
          JsonObject *error = json_object_new ();

          json_object_set_string_member (error, "id", acc_document_get_string (doc, "_id"));
          json_object_set_string_member (error, "error", m->conflict_docs ? "conflict" : "forbidden");
          json_object_set_string_member (error, "reason", m->conflict_docs
                                         ? "Document update conflict."
                                         : "Desks may not write here");
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

typedef struct
{
  Mock              *mock;
  SoupServerMessage *msg;
  guint              source;
} Drip;

static void
drip_free (Drip *drip)
{
  g_signal_handlers_disconnect_by_data (drip->msg, drip);
  g_clear_handle_id (&drip->source, g_source_remove);
  g_object_unref (drip->msg);
  g_free (drip);
}

static gboolean
drip_more (gpointer user_data)
{
  Drip *drip = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (drip->msg);

  /* Spaces between tokens are JSON: the answer never ends and never breaks. */
  soup_message_body_append (body, SOUP_MEMORY_STATIC, "   ", 3);
  soup_server_message_unpause (drip->msg);
  return G_SOURCE_CONTINUE;
}

static void
on_drip_finished (SoupServerMessage *msg,
                  Drip              *drip)
{
  g_clear_handle_id (&drip->source, g_source_remove);
}

/* An answer sent a few bytes every 100 ms in a chunked body, until the client goes. */
static void
start_drip (Mock              *m,
            SoupServerMessage *msg)
{
  Drip *drip = g_new0 (Drip, 1);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  drip->mock = m;
  drip->msg = g_object_ref (msg);
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/json", NULL);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, "{\"results\":[", 12);
  g_signal_connect (msg, "finished", G_CALLBACK (on_drip_finished), drip);
  drip->source = g_timeout_add (100, drip_more, drip);
  g_ptr_array_add (m->drips, drip);
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

/* Whether @authorization is HTTP Basic with @password, whatever the user, as a desk checks
 * its peers. */
static gboolean
basic_password_is (const char *authorization,
                   const char *password)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  gsize length;
  const char *colon;

  if (authorization == NULL || !g_str_has_prefix (authorization, "Basic "))
    return FALSE;
  decoded = g_base64_decode (authorization + strlen ("Basic "), &length);
  text = g_strndup ((const char *) decoded, length);
  colon = strchr (text, ':');

  return colon != NULL && acc_pairing_secret_equal (password, colon + 1);
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
  g_autofree char *renamed = NULL;

  /* The database by its name is the one at /db; any other is missing. */
  if (m->db_name != NULL && path[0] == '/' && path[1] != '_')
    {
      gsize len = strlen (m->db_name);

      if (strncmp (path + 1, m->db_name, len) == 0 && (path[len + 1] == '\0' || path[len + 1] == '/'))
        path = renamed = g_strconcat ("/db", path + len + 1, NULL);
      else
        {
          respond_text (msg, 404, "{\"error\":\"not_found\",\"reason\":\"Database does not exist.\"}");
          return;
        }
    }

  if (m->hold_path != NULL && g_str_equal (path, m->hold_path) &&
      ++m->n_hold_seen == m->hold_nth && m->n_changes_requests < m->hold_until)
    {
      soup_server_message_pause (msg);
      m->held = g_object_ref (msg);
      m->held_path = g_strdup (path);
      m->held_query = query ? g_hash_table_ref (query) : NULL;
      return;
    }

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

  if (m->require_password != NULL && !basic_password_is (m->authorization, m->require_password))
    {
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

  if (m->answer_path != NULL &&
      (g_str_equal (path, m->answer_path) ||
       (g_str_has_suffix (m->answer_path, "/") && g_str_has_prefix (path, m->answer_path))))
    {
      respond_text (msg, 200, m->answer_body);
      return;
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
      m->n_changes_requests++;
      if (m->held != NULL && m->n_changes_requests >= m->hold_until)
        release_held (m);
      switch (m->mode)
        {
        case MODE_DRIP:
          start_drip (m, msg);
          return;
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
        case MODE_UNASKED:
        case MODE_JUNK:
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
      m->n_bulk_docs++;
      handle_bulk_docs (m, msg);
      return;
    }

  if (g_str_has_prefix (path, "/db/_local/"))
    {
      handle_local (m, msg, method, path);
      return;
    }

  if (g_str_has_prefix (path, "/db/") && g_str_equal (method, "GET"))
    {
      handle_open_revs (m, msg, path + 4);
      return;
    }

  respond_text (msg, 400, "{\"error\":\"bad_request\"}");
}

void
mock_free (Mock *m)
{
  for (guint i = 0; i < m->paused->len; i++)
    soup_server_message_unpause (g_ptr_array_index (m->paused, i));
  g_ptr_array_unref (m->paused);
  g_ptr_array_unref (m->drips);
  if (m->held != NULL)
    {
      soup_server_message_unpause (m->held);
      g_object_unref (m->held);
    }
  g_free (m->held_path);
  g_clear_pointer (&m->held_query, g_hash_table_unref);
  g_free (m->hold_path);
  soup_server_disconnect (m->server);
  g_object_unref (m->server);
  g_hash_table_unref (m->docs);
  g_hash_table_unref (m->fetched);
  g_hash_table_unref (m->local_revs);
  g_ptr_array_unref (m->seq);
  g_free (m->url);
  g_free (m->authorization);
  g_free (m->require_password);
  g_free (m->answer_path);
  g_free (m->answer_body);
  g_free (m->db_name);
  g_free (m);
}

/* A mock served over TLS with @certificate on @port (0: any free one), as a peer desk
 * serves its days. */
Mock *
mock_new_tls (GTlsCertificate *certificate,
              guint            port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  Mock *m = g_new0 (Mock, 1);

  m->server = soup_server_new ("tls-certificate", certificate, NULL);
  m->docs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  m->fetched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m->local_revs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m->seq = g_ptr_array_new_with_free_func (g_free);
  m->paused = g_ptr_array_new_with_free_func (g_object_unref);
  m->drips = g_ptr_array_new_with_free_func ((GDestroyNotify) drip_free);
  m->junk_size = 300 * 1024;
  m->exists = TRUE;
  soup_server_add_handler (m->server, NULL, handle, m, NULL);
  soup_server_listen_local (m->server, port, SOUP_SERVER_LISTEN_IPV4_ONLY |
                            (certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0), &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (m->server);
  m->url = g_strdup_printf ("%s://127.0.0.1:%d/db", certificate != NULL ? "https" : "http",
                            g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  return m;
}

Mock *
mock_new (void)
{
  return mock_new_tls (NULL, 0);
}

void
mock_put_fixture (Mock *m)
{
  g_autoptr(GPtrArray) docs = acc_test_fixture_docs ();

  for (guint i = 0; i < docs->len; i++)
    mock_store (m, g_ptr_array_index (docs, i));
}

/* Stores @n more enrollments of Noé, with ids starting with @digit. */
void
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

/* Answers the @nth request (from 1) for @path only once _changes was asked for @until times. */
void
mock_hold (Mock       *m,
           const char *path,
           guint       nth,
           guint       until)
{
  g_free (m->hold_path);
  m->hold_path = g_strdup (path);
  m->hold_nth = nth;
  m->hold_until = until;
}

/* Running the engine */

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  EngineRun *run = user_data;

  run->ok = acc_sync_engine_run_finish (ACC_SYNC_ENGINE (source), result, &run->error);
  run->done = TRUE;
}

/* Starts a run of @engine; @run says when it ended, and how. */
void
run_engine_start (AccSyncEngine *engine,
                  AccSyncMode    mode,
                  EngineRun     *run)
{
  *run = (EngineRun) { 0 };
  acc_sync_engine_run_async (engine, mode, NULL, on_done, run);
}

gboolean
run_engine (AccSyncEngine  *engine,
            AccSyncMode     mode,
            GError        **error)
{
  EngineRun outcome;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  run_engine_start (engine, mode, &outcome);
  while (!outcome.done)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }

  if (outcome.error)
    g_propagate_error (error, outcome.error);
  return outcome.ok;
}

AccSyncEngine *
new_engine (AccStore   *store,
            const char *url)
{
  g_autoptr(GError) error = NULL;
  AccSyncEngine *engine = acc_sync_engine_new (store, url, ACC_SYNC_FLAGS_NONE, &error);

  g_assert_no_error (error);
  acc_sync_engine_set_limits (engine, 2, 1024 * 1024);
  return engine;
}

/* A desk in @dir that holds the fixture and one check-in waiting to be sent. */
AccStore *
desk_with_pending (const char *dir,
                   const char *name)
{
  const char *ids[] = { FX_E_ZOE, NULL };
  g_autoptr(GError) error = NULL;
  AccStore *store = acc_test_open_new (dir, name);

  acc_test_put_fixture (store);
  g_assert_true (acc_store_check_in (store, ids, TRUE, &error));
  g_assert_cmpuint (acc_test_get_status (store).pending, ==, 1);
  return store;
}

/* The run fails, says @needle in its message, and the desk keeps its outbox. */
void
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

/* A child watch that keeps the child's wait status in the int at @user_data. */
void
on_child_exit (GPid     pid,
               int      status,
               gpointer user_data)
{
  *(int *) user_data = status;
  g_spawn_close_pid (pid);
}

/* The run succeeds, without an error. */
void
assert_runs (AccSyncEngine *engine,
             AccSyncMode    mode)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (run_engine (engine, mode, &error));
  g_assert_no_error (error);
}

/* Stops a continuous engine and lets its cancelled requests finish. */
void
stop_engine (AccSyncEngine *engine)
{
  acc_sync_engine_stop (engine);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

void
sync_fixture_set_up (SyncFixture   *fx,
                     gconstpointer  data)
{
  SyncFixtureFlags flags = GPOINTER_TO_UINT (data);

  fx->dir = acc_test_make_dir ();
  if (flags & SYNC_FX_PENDING)
    fx->desk = desk_with_pending (fx->dir, "desk.db");
  else
    fx->desk = acc_test_open_new (fx->dir, "desk.db");
  fx->mock = mock_new ();
  if (!(flags & SYNC_FX_EMPTY_SERVER))
    mock_put_fixture (fx->mock);
  fx->engine = new_engine (fx->desk, fx->mock->url);
}

void
sync_fixture_tear_down (SyncFixture   *fx,
                        gconstpointer  data)
{
  g_clear_pointer (&fx->mock, mock_free);
  g_clear_object (&fx->engine);
  g_clear_object (&fx->desk);
  acc_test_remove_dir (fx->dir);
  g_free (fx->dir);
}
