/* acc-peer-server-answers.c: the answers of a desk serving its day, made on worker threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each step of a request runs on one of the server's worker threads, with a connection of the
 * server's own to the day's file: reading connections are kept per day, one per worker at
 * most, and writes go through one writing connection at a time. A step reads one statement's
 * worth (a page of changes or of documents), so no transaction stays open while a slow client
 * reads; a streamed answer goes on with the next step once what was sent has been written.
 *
 * What a peer sends is read by acc_json_parse() (bounded in depth) and its documents go
 * through acc_document_check_received() and acc_store_put_batch(), as documents from the
 * cloud do: a refused document is answered with an error of its own and kept nowhere.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <string.h>

#include "acc-document.h"
#include "acc-json-text.h"

#include "acc-peer-server-private.h"

/* Changes or documents read by one statement, and so sent in one chunk at most. */
#define PAGE_SIZE 500
/* A local document (a replication checkpoint) is a few hundred bytes. */
#define MAX_LOCAL_SIZE (64 * 1024)
#define LOCAL_PREFIX "peer-local:"

/* Connections */

static AccStore *
take_reader (PeerDay  *day,
             GError  **error)
{
  AccStore *store = NULL;

  g_mutex_lock (&day->lock);
  if (day->readers->len > 0)
    store = g_ptr_array_steal_index_fast (day->readers, day->readers->len - 1);
  g_mutex_unlock (&day->lock);

  if (store == NULL)
    store = acc_store_open (day->path, ACC_STORE_OPEN_DEFAULT, error);
  return store;
}

static void
give_reader (PeerDay  *day,
             AccStore *store)
{
  g_mutex_lock (&day->lock);
  g_ptr_array_add (day->readers, store);
  g_mutex_unlock (&day->lock);
}

/* JSON */

static GBytes *
node_bytes (JsonNode *node)
{
  gsize length = 0;
  char *text = json_to_string (node, FALSE);

  length = strlen (text);
  return g_bytes_new_take (text, length);
}

static GBytes *
object_bytes (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return node_bytes (node);
}

GBytes *
_acc_peer_error_body (const char *error,
                      const char *reason)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "error", error);
  json_object_set_string_member (object, "reason", reason);
  return object_bytes (object);
}

/* The answer of a longpoll that saw no change before its time ran out. */
GBytes *
_acc_peer_empty_changes (gint64 last_seq)
{
  char *text = g_strdup_printf ("{\"results\":[],\n\"last_seq\":%" G_GINT64_FORMAT "}\n", last_seq);

  return g_bytes_new_take (text, strlen (text));
}

static void
answer (PeerJob    *job,
        guint       status,
        GBytes     *body)
{
  job->kind = STEP_ANSWER;
  job->status = status;
  g_clear_pointer (&job->out, g_bytes_unref);
  job->out = body;
}

static void
answer_object (PeerJob    *job,
               guint       status,
               JsonObject *object)
{
  answer (job, status, object_bytes (object));
  json_object_unref (object);
}

static void
answer_error (PeerJob    *job,
              guint       status,
              const char *error,
              const char *reason)
{
  answer (job, status, _acc_peer_error_body (error, reason));
}

static const char *
query_get (PeerJob    *job,
           const char *name)
{
  return job->query ? g_hash_table_lookup (job->query, name) : NULL;
}

static gboolean
query_true (PeerJob    *job,
            const char *name)
{
  return g_strcmp0 (query_get (job, name), "true") == 0;
}

/* A parameter given as JSON (startkey, open_revs, keys), read with the network's bounds. */
static JsonNode *
query_json (PeerJob    *job,
            const char *name)
{
  const char *text = query_get (job, name);

  return text ? acc_json_parse (text, strlen (text), NULL) : NULL;
}

static JsonNode *
body_json (PeerJob *job)
{
  gsize length = 0;
  const char *text;

  if (job->body == NULL)
    return NULL;
  text = g_bytes_get_data (job->body, &length);
  return length > 0 ? acc_json_parse (text, length, NULL) : NULL;
}

/* A stored revision as the protocol sends it: with its _id, _rev and _deleted, and its
 * _revisions when @revs: the revision and the ancestors it came with. */
static JsonObject *
wire_doc (const char *id,
          AccLeaf    *leaf,
          gboolean    revs)
{
  JsonObject *doc = leaf->body ? acc_json_parse_object (leaf->body, NULL) : NULL;
  JsonObject *revisions;

  if (doc == NULL)
    doc = json_object_new ();
  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "_rev", leaf->rev);
  if (leaf->deleted)
    json_object_set_boolean_member (doc, "_deleted", TRUE);
  else if (json_object_has_member (doc, "_deleted"))
    json_object_remove_member (doc, "_deleted");
  if (json_object_has_member (doc, "_revisions"))
    json_object_remove_member (doc, "_revisions");

  if (revs && (revisions = acc_revisions_new (leaf->rev, leaf->ancestors)) != NULL)
    json_object_set_object_member (doc, "_revisions", revisions);

  return doc;
}

static AccLeaf *
find_leaf (AccDocLeaves *doc,
           const char   *rev)
{
  for (guint i = 0; doc != NULL && i < doc->leaves->len; i++)
    {
      AccLeaf *leaf = g_ptr_array_index (doc->leaves, i);
      if (g_strcmp0 (leaf->rev, rev) == 0)
        return leaf;
    }
  return NULL;
}

/* GET / and GET /db */

static void
welcome (PeerJob *job)
{
  JsonObject *object = json_object_new ();
  JsonObject *vendor = json_object_new ();

  json_object_set_string_member (object, "couchdb", "Welcome");
  json_object_set_string_member (object, "version", "3.3.0");
  json_object_set_string_member (vendor, "name", "Accueil");
  json_object_set_string_member (vendor, "version", PACKAGE_VERSION);
  json_object_set_object_member (object, "vendor", vendor);
  answer_object (job, SOUP_STATUS_OK, object);
}

static void
database (PeerJob  *job,
          AccStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 seq = 0, n_docs = 0, n_deleted = 0;
  JsonObject *object;

  if (!acc_store_get_update_seq (store, &seq, &n_docs, &n_deleted, &error))
    {
      answer_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", error->message);
      return;
    }

  object = json_object_new ();
  json_object_set_string_member (object, "db_name", job->day->name);
  json_object_set_int_member (object, "doc_count", n_docs);
  json_object_set_int_member (object, "doc_del_count", n_deleted);
  json_object_set_int_member (object, "update_seq", seq);
  json_object_set_int_member (object, "purge_seq", 0);
  json_object_set_boolean_member (object, "compact_running", FALSE);
  json_object_set_string_member (object, "instance_start_time", "0");
  answer_object (job, SOUP_STATUS_OK, object);
}

/* Streamed answers */

static void
stream (PeerJob *job,
        GString *text,
        gboolean last)
{
  job->kind = last ? STEP_LAST : STEP_CHUNK;
  job->status = SOUP_STATUS_OK;
  g_clear_pointer (&job->out, g_bytes_unref);
  job->out = g_string_free_to_bytes (text);
}

static void
append_node (GString  *text,
             JsonNode *node)
{
  g_autofree char *json = json_to_string (node, FALSE);

  g_string_append (text, json);
}

static void
append_object (GString    *text,
               JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  append_node (text, node);
  json_object_unref (object);
}

static gboolean
parse_since (const char *text,
             gint64     *since)
{
  guint64 value = 0;

  if (text == NULL || *text == '\0')
    {
      *since = 0;
      return TRUE;
    }
  /* A sequence from another server (CouchDB's "12-g1AAAA…") starts again from the start. */
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    {
      const char *dash = strchr (text, '-');
      g_autofree char *head = dash ? g_strndup (text, dash - text) : NULL;

      if (head == NULL || !g_ascii_string_to_unsigned (head, 10, 0, G_MAXINT64, &value, NULL))
        return FALSE;
      value = 0;
    }
  *since = (gint64) value;
  return TRUE;
}

static gboolean
parse_limit (PeerJob    *job,
             const char *text)
{
  guint64 value = job->limits.max_limit;

  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return FALSE;
  job->limit = MIN (value, job->limits.max_limit);
  return TRUE;
}

/* GET /db/_changes: a page of changes a step, after the head; a longpoll that finds none
 * waits (STEP_WAIT) and runs this step again when the day changes. */
static void
changes (PeerJob  *job,
         AccStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  GString *text;
  gboolean all_docs = g_strcmp0 (query_get (job, "style"), "all_docs") == 0;
  gboolean include_docs = query_true (job, "include_docs");
  guint want;

  if (!job->started)
    {
      const char *since = query_get (job, "since");

      if (g_strcmp0 (since, "now") == 0)
        {
          gint64 n_docs, n_deleted;
          if (!acc_store_get_update_seq (store, &job->since, &n_docs, &n_deleted, &error))
            {
              answer_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                            error->message);
              return;
            }
        }
      else if (!parse_since (since, &job->since))
        {
          answer_error (job, SOUP_STATUS_BAD_REQUEST, "bad_request", "since is not a sequence");
          return;
        }
      if (!parse_limit (job, query_get (job, "limit")))
        {
          answer_error (job, SOUP_STATUS_BAD_REQUEST, "bad_request", "limit is not a number");
          return;
        }
      job->longpoll = g_strcmp0 (query_get (job, "feed"), "longpoll") == 0;
    }

  want = MIN (PAGE_SIZE, job->limit - job->n_sent);
  docs = want > 0 ? acc_store_list_changes (store, job->since, want, include_docs, &error)
                  : g_ptr_array_new ();
  if (docs == NULL)
    {
      /* Once the answer has begun, it can only stop short: the client sees broken JSON. */
      answer_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", error->message);
      return;
    }

  if (docs->len == 0 && job->longpoll && job->n_sent == 0 && want > 0 &&
      !g_atomic_int_get (&job->timed_out))
    {
      job->kind = STEP_WAIT;
      return;
    }

  text = g_string_new (job->started ? "" : "{\"results\":[\n");
  job->started = TRUE;
  for (guint i = 0; i < docs->len; i++)
    {
      AccDocLeaves *doc = g_ptr_array_index (docs, i);
      AccLeaf *winner = g_ptr_array_index (doc->leaves, 0);
      JsonObject *entry = json_object_new ();
      JsonArray *revs = json_array_new ();

      for (guint j = 0; j < (all_docs ? doc->leaves->len : 1); j++)
        {
          JsonObject *rev = json_object_new ();
          json_object_set_string_member (rev, "rev", ((AccLeaf *) g_ptr_array_index (doc->leaves, j))->rev);
          json_array_add_object_element (revs, rev);
        }
      json_object_set_int_member (entry, "seq", doc->seq);
      json_object_set_string_member (entry, "id", doc->id);
      json_object_set_array_member (entry, "changes", revs);
      if (winner->deleted)
        json_object_set_boolean_member (entry, "deleted", TRUE);
      if (include_docs)
        json_object_set_object_member (entry, "doc", wire_doc (doc->id, winner, FALSE));

      if (job->n_sent++ > 0)
        g_string_append (text, ",\n");
      append_object (text, entry);
      job->since = doc->seq;
    }

  /* A page shorter than asked is the end of the day's changes. */
  if (docs->len < want || job->n_sent >= job->limit || job->longpoll)
    {
      g_string_append_printf (text, "\n],\n\"last_seq\":%" G_GINT64_FORMAT "}\n", job->since);
      stream (job, text, TRUE);
      return;
    }
  stream (job, text, FALSE);
}

/* GET or POST /db/_all_docs */

static void
all_docs_row (GString      *text,
              AccDocLeaves *doc,
              const char   *key,
              gboolean      include_docs)
{
  JsonObject *row = json_object_new ();
  JsonObject *value = json_object_new ();
  AccLeaf *winner;

  if (doc == NULL)
    {
      json_object_unref (value);
      json_object_set_string_member (row, "key", key);
      json_object_set_string_member (row, "error", "not_found");
      append_object (text, row);
      return;
    }

  winner = g_ptr_array_index (doc->leaves, 0);
  json_object_set_string_member (row, "id", doc->id);
  json_object_set_string_member (row, "key", doc->id);
  json_object_set_string_member (value, "rev", winner->rev);
  if (winner->deleted)
    json_object_set_boolean_member (value, "deleted", TRUE);
  json_object_set_object_member (row, "value", value);
  if (include_docs)
    {
      if (winner->deleted)
        json_object_set_null_member (row, "doc");
      else
        {
          JsonObject *body = wire_doc (doc->id, winner, FALSE);
          JsonArray *conflicts = json_array_new ();

          for (guint i = 1; i < doc->leaves->len; i++)
            {
              AccLeaf *leaf = g_ptr_array_index (doc->leaves, i);
              if (!leaf->deleted)
                json_array_add_string_element (conflicts, leaf->rev);
            }
          if (json_array_get_length (conflicts) > 0)
            json_object_set_array_member (body, "_conflicts", conflicts);
          else
            json_array_unref (conflicts);
          json_object_set_object_member (row, "doc", body);
        }
    }
  append_object (text, row);
}

static const char *
key_param (PeerJob    *job,
           JsonNode  **holder,
           const char *name,
           const char *other)
{
  *holder = query_json (job, name);
  if (*holder == NULL)
    *holder = query_json (job, other);
  return acc_json_as_string (*holder);
}

static void
all_docs (PeerJob  *job,
          AccStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(JsonNode) start_node = NULL, end_node = NULL, keys_node = NULL, body = NULL;
  gboolean include_docs = query_true (job, "include_docs");
  const char *start = key_param (job, &start_node, "startkey", "start_key");
  const char *end = key_param (job, &end_node, "endkey", "end_key");
  JsonArray *keys;
  GString *text;
  gint64 seq = 0, n_docs = 0, n_deleted = 0;
  guint want;

  if (!job->started)
    {
      if (!parse_limit (job, query_get (job, "limit")) ||
          !acc_store_get_update_seq (store, &seq, &n_docs, &n_deleted, &error))
        {
          answer_error (job, SOUP_STATUS_BAD_REQUEST, "bad_request",
                        error ? error->message : "limit is not a number");
          return;
        }
      job->started = TRUE;
      text = g_string_new (NULL);
      g_string_append_printf (text, "{\"total_rows\":%" G_GINT64_FORMAT ",\"offset\":0,"
                              "\"rows\":[\n", n_docs);

      /* Documents asked for by id: as many as the request, which is bounded, holds. */
      keys_node = query_json (job, "keys");
      if (keys_node == NULL && job->body != NULL)
        {
          body = body_json (job);
          keys = acc_json_as_array (acc_json_as_object (body) ? json_object_get_member (acc_json_as_object (body), "keys") : NULL);
        }
      else
        keys = acc_json_as_array (keys_node);
      if (keys != NULL)
        {
          guint n = MIN (json_array_get_length (keys), job->limit);

          for (guint i = 0; i < n; i++)
            {
              const char *key = acc_json_as_string (json_array_get_element (keys, i));
              g_autoptr(AccDocLeaves) doc = NULL;

              if (key == NULL)
                continue;
              doc = acc_store_get_leaves (store, key, NULL);
              if (job->n_sent++ > 0)
                g_string_append (text, ",\n");
              all_docs_row (text, doc, key, include_docs);
            }
          g_string_append (text, "\n]}\n");
          stream (job, text, TRUE);
          return;
        }
    }
  else
    text = g_string_new (NULL);

  want = MIN (PAGE_SIZE, job->limit - job->n_sent);
  docs = want > 0 ? acc_store_list_winners (store, job->after_id ? job->after_id : (start ? start : ""),
                                            job->after_id == NULL, end, want, include_docs,
                                            &error)
                  : g_ptr_array_new ();
  if (docs == NULL)
    {
      g_string_free (text, TRUE);
      answer_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", error->message);
      return;
    }

  for (guint i = 0; i < docs->len; i++)
    {
      AccDocLeaves *doc = g_ptr_array_index (docs, i);

      if (job->n_sent++ > 0)
        g_string_append (text, ",\n");
      all_docs_row (text, doc, doc->id, include_docs);
      g_free (job->after_id);
      job->after_id = g_strdup (doc->id);
    }

  if (docs->len < want || job->n_sent >= job->limit)
    {
      g_string_append (text, "\n]}\n");
      stream (job, text, TRUE);
      return;
    }
  stream (job, text, FALSE);
}

/* POST /db/_revs_diff */

static void
revs_diff (PeerJob  *job,
           AccStore *store)
{
  g_autoptr(JsonNode) body = body_json (job);
  JsonObject *asked = acc_json_as_object (body);
  JsonObject *result;
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  if (asked == NULL)
    {
      answer_error (job, SOUP_STATUS_BAD_REQUEST, "bad_request", "the body is not an object");
      return;
    }

  result = json_object_new ();
  json_object_iter_init (&iter, asked);
  while (json_object_iter_next (&iter, &id, &node))
    {
      JsonArray *revs = acc_json_as_array (node);
      g_autoptr(AccDocLeaves) doc = NULL;
      JsonArray *missing;

      if (revs == NULL || !acc_document_id_is_valid (id))
        continue;
      doc = acc_store_get_leaves (store, id, NULL);
      missing = json_array_new ();
      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          const char *rev = acc_json_as_string (json_array_get_element (revs, i));
          if (rev != NULL && acc_rev_parse (rev, NULL, NULL) && find_leaf (doc, rev) == NULL)
            json_array_add_string_element (missing, rev);
        }
      if (json_array_get_length (missing) > 0)
        {
          JsonObject *entry = json_object_new ();
          json_object_set_array_member (entry, "missing", missing);
          json_object_set_object_member (result, id, entry);
        }
      else
        json_array_unref (missing);
    }

  answer_object (job, SOUP_STATUS_OK, result);
}

/* The revisions of one document asked for: each as {"ok": doc}, or {"missing": rev} (open
 * revisions), or {"error": …} (_bulk_get); all the leaves for "all", the winner for none. */
static JsonArray *
revisions_of (AccStore   *store,
              const char *id,
              JsonArray  *revs,
              gboolean    all,
              gboolean    with_history,
              gboolean    bulk_get)
{
  g_autoptr(AccDocLeaves) doc = acc_document_id_is_valid (id) ? acc_store_get_leaves (store, id, NULL)
                                                                : NULL;
  JsonArray *entries = json_array_new ();
  guint n = all ? (doc ? doc->leaves->len : 0) : (revs ? json_array_get_length (revs) : 1);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = json_object_new ();
      const char *rev = NULL;
      AccLeaf *leaf;

      if (all)
        leaf = g_ptr_array_index (doc->leaves, i);
      else if (revs != NULL)
        leaf = find_leaf (doc, rev = acc_json_as_string (json_array_get_element (revs, i)));
      else
        leaf = doc ? g_ptr_array_index (doc->leaves, 0) : NULL;

      if (leaf != NULL)
        json_object_set_object_member (entry, "ok", wire_doc (id, leaf, with_history));
      else if (bulk_get)
        {
          JsonObject *problem = json_object_new ();

          json_object_set_string_member (problem, "id", id);
          json_object_set_string_member (problem, "rev", rev ? rev : "undefined");
          json_object_set_string_member (problem, "error", "not_found");
          json_object_set_string_member (problem, "reason", "missing");
          json_object_set_object_member (entry, "error", problem);
        }
      else
        json_object_set_string_member (entry, "missing", rev ? rev : "");
      json_array_add_object_element (entries, entry);
    }

  return entries;
}

/* POST /db/_bulk_get */

static void
bulk_get (PeerJob  *job,
          AccStore *store)
{
  g_autoptr(JsonNode) body = body_json (job);
  JsonArray *asked = acc_json_as_array (acc_json_as_object (body) ? json_object_get_member (acc_json_as_object (body), "docs")
                                                : NULL);
  gboolean revs = query_true (job, "revs");
  JsonArray *results;
  JsonObject *result;

  if (asked == NULL)
    {
      answer_error (job, SOUP_STATUS_BAD_REQUEST, "bad_request", "the body has no list of docs");
      return;
    }

  results = json_array_new ();
  for (guint i = 0; i < json_array_get_length (asked); i++)
    {
      JsonObject *one = acc_json_as_object (json_array_get_element (asked, i));
      const char *id = one ? acc_json_as_string (json_object_get_member (one, "id")) : NULL;
      const char *rev = one ? acc_json_as_string (json_object_get_member (one, "rev")) : NULL;
      g_autoptr(JsonArray) wanted = NULL;
      JsonObject *entry;

      if (id == NULL)
        continue;
      if (rev != NULL)
        {
          wanted = json_array_new ();
          json_array_add_string_element (wanted, rev);
        }
      entry = json_object_new ();
      json_object_set_string_member (entry, "id", id);
      json_object_set_array_member (entry, "docs",
                                    revisions_of (store, id, wanted, FALSE, revs, TRUE));
      json_array_add_object_element (results, entry);
    }

  result = json_object_new ();
  json_object_set_array_member (result, "results", results);
  answer_object (job, SOUP_STATUS_OK, result);
}

/* GET /db/{docid}, with ?rev, ?revs and ?open_revs */

static void
document (PeerJob  *job,
          AccStore *store)
{
  const char *open_revs = query_get (job, "open_revs");
  gboolean revs = query_true (job, "revs");
  const char *rev = query_get (job, "rev");
  g_autoptr(AccDocLeaves) doc = NULL;
  AccLeaf *leaf;

  if (open_revs != NULL)
    {
      g_autoptr(JsonNode) wanted = g_str_equal (open_revs, "all") ? NULL : query_json (job, "open_revs");
      g_autoptr(JsonNode) node = NULL;

      if (!g_str_equal (open_revs, "all") && acc_json_as_array (wanted) == NULL)
        {
          answer_error (job, SOUP_STATUS_BAD_REQUEST, "bad_request", "open_revs is not a list");
          return;
        }
      node = json_node_init_array (json_node_alloc (),
                                   revisions_of (store, job->doc_id, acc_json_as_array (wanted),
                                                 wanted == NULL, revs, FALSE));
      json_array_unref (json_node_get_array (node));
      answer (job, SOUP_STATUS_OK, node_bytes (node));
      return;
    }

  doc = acc_document_id_is_valid (job->doc_id) ? acc_store_get_leaves (store, job->doc_id, NULL)
                                               : NULL;
  leaf = rev ? find_leaf (doc, rev) : (doc ? g_ptr_array_index (doc->leaves, 0) : NULL);
  if (leaf == NULL || (rev == NULL && leaf->deleted))
    {
      answer_error (job, SOUP_STATUS_NOT_FOUND, "not_found", leaf ? "deleted" : "missing");
      return;
    }
  answer_object (job, SOUP_STATUS_OK, wire_doc (job->doc_id, leaf, revs));
}

/* _local documents: checkpoints, kept in the day's meta, each with a revision "0-N". */

static void
local_get (PeerJob  *job,
           AccStore *store)
{
  g_autofree char *key = g_strconcat (LOCAL_PREFIX, job->doc_id, NULL);
  g_autofree char *text = acc_store_dup_meta (store, key);
  gsize length;

  if (text == NULL)
    {
      answer_error (job, SOUP_STATUS_NOT_FOUND, "not_found", "missing");
      return;
    }
  length = strlen (text);
  answer (job, SOUP_STATUS_OK, g_bytes_new_take (g_steal_pointer (&text), length));
}

static AccStore *
take_writer (PeerDay  *day,
             GError  **error)
{
  g_mutex_lock (&day->write_lock);
  if (day->writer == NULL)
    day->writer = acc_store_open (day->path, ACC_STORE_OPEN_DEFAULT, error);
  if (day->writer == NULL)
    g_mutex_unlock (&day->write_lock);
  return day->writer;
}

static void
give_writer (PeerDay *day)
{
  g_mutex_unlock (&day->write_lock);
}

static void
local_put (PeerJob *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = body_json (job);
  g_autoptr(JsonObject) held = NULL;
  g_autofree char *key = g_strconcat (LOCAL_PREFIX, job->doc_id, NULL);
  g_autofree char *held_text = NULL, *rev = NULL, *text = NULL;
  JsonObject *doc = acc_json_as_object (body);
  JsonObject *result;
  const char *held_rev = NULL;
  guint64 n = 0;
  AccStore *writer;

  if (doc == NULL || g_bytes_get_size (job->body) > MAX_LOCAL_SIZE)
    {
      answer_error (job, SOUP_STATUS_BAD_REQUEST, "bad_request",
                    "a local document is an object of at most 64 KiB");
      return;
    }

  writer = take_writer (job->day, &error);
  if (writer == NULL)
    {
      answer_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", error->message);
      return;
    }

  /* The writing connection is taken: nobody else moves the revision meanwhile. */
  held_text = acc_store_dup_meta (writer, key);
  held = held_text ? acc_json_parse_object (held_text, NULL) : NULL;
  if (held != NULL)
    held_rev = acc_json_as_string (json_object_get_member (held, "_rev"));
  if (g_strcmp0 (held_rev, acc_json_as_string (json_object_get_member (doc, "_rev"))) != 0)
    {
      give_writer (job->day);
      answer_error (job, SOUP_STATUS_CONFLICT, "conflict", "Document update conflict.");
      return;
    }
  if (held_rev != NULL && g_str_has_prefix (held_rev, "0-"))
    g_ascii_string_to_unsigned (held_rev + 2, 10, 0, G_MAXUINT32, &n, NULL);
  rev = g_strdup_printf ("0-%" G_GUINT64_FORMAT, n + 1);

  {
    g_autofree char *id = g_strconcat ("_local/", job->doc_id, NULL);
    json_object_set_string_member (doc, "_id", id);
  }
  json_object_set_string_member (doc, "_rev", rev);
  text = json_to_string (body, FALSE);
  if (!acc_store_set_meta (writer, key, text, &error))
    {
      give_writer (job->day);
      answer_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", error->message);
      return;
    }
  give_writer (job->day);

  result = json_object_new ();
  json_object_set_boolean_member (result, "ok", TRUE);
  json_object_set_string_member (result, "id", acc_json_as_string (json_object_get_member (doc, "_id")));
  json_object_set_string_member (result, "rev", rev);
  answer_object (job, SOUP_STATUS_CREATED, result);
}

/* POST /db/_bulk_docs with new_edits: false */

static void
refuse_doc (JsonArray  *errors,
            JsonObject *doc,
            const char *reason)
{
  JsonObject *entry = json_object_new ();
  const char *id = doc ? acc_json_as_string (json_object_get_member (doc, "_id")) : NULL;
  const char *rev = doc ? acc_json_as_string (json_object_get_member (doc, "_rev")) : NULL;

  if (id != NULL)
    json_object_set_string_member (entry, "id", id);
  else
    json_object_set_null_member (entry, "id");
  if (rev != NULL)
    json_object_set_string_member (entry, "rev", rev);
  json_object_set_string_member (entry, "error", "forbidden");
  json_object_set_string_member (entry, "reason", reason);
  json_array_add_object_element (errors, entry);
}

static void
bulk_docs (PeerJob *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = body_json (job);
  g_autoptr(GPtrArray) docs = g_ptr_array_new ();
  JsonObject *request = acc_json_as_object (body);
  JsonArray *sent = request ? acc_json_as_array (json_object_get_member (request, "docs")) : NULL;
  JsonNode *new_edits = request ? json_object_get_member (request, "new_edits") : NULL;
  AccPutOutcome outcome = { 0 };
  JsonArray *errors;
  JsonNode *node;
  AccStore *writer;

  if (sent == NULL)
    {
      answer_error (job, SOUP_STATUS_BAD_REQUEST, "bad_request", "the body has no list of docs");
      return;
    }
  /* A peer copies revisions made elsewhere; it never edits documents here. */
  if (new_edits == NULL || !JSON_NODE_HOLDS_VALUE (new_edits) ||
      json_node_get_value_type (new_edits) != G_TYPE_BOOLEAN || json_node_get_boolean (new_edits))
    {
      answer_error (job, SOUP_STATUS_BAD_REQUEST, "bad_request",
                    "this desk only takes revisions made elsewhere (new_edits: false)");
      return;
    }

  errors = json_array_new ();
  for (guint i = 0; i < json_array_get_length (sent); i++)
    {
      JsonObject *doc = acc_json_as_object (json_array_get_element (sent, i));
      g_autoptr(GError) invalid = NULL;

      if (doc == NULL)
        refuse_doc (errors, NULL, "a document is not an object");
      else if (!acc_document_check_received (doc, 0, &invalid))
        refuse_doc (errors, doc, invalid->message);
      else
        g_ptr_array_add (docs, doc);
    }

  if (docs->len > 0)
    {
      writer = take_writer (job->day, &error);
      if (writer != NULL)
        {
          gboolean ok = acc_store_put_batch (writer,
                                             &(AccPutBatch) {
                                               .docs = (JsonObject **) docs->pdata,
                                               .n_docs = docs->len,
                                               /* Another desk confirms nothing; what
                                                * a desk wrote waits for the cloud here
                                                * too. */
                                               .flags = ACC_PUT_FROM_PEER,
                                             },
                                             &outcome, &error);
          give_writer (job->day);
          if (!ok)
            writer = NULL;
        }
      if (writer == NULL)
        {
          json_array_unref (errors);
          answer_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", error->message);
          return;
        }
      acc_put_outcome_clear (&outcome);
      job->stored = outcome.n_new > 0;
      job->hlcs = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < docs->len; i++)
        {
          const char *hlc = acc_document_get_string (g_ptr_array_index (docs, i), "hlc");
          if (hlc != NULL)
            g_ptr_array_add (job->hlcs, g_strdup (hlc));
        }
    }

  node = json_node_init_array (json_node_alloc (), errors);
  json_array_unref (errors);
  answer (job, SOUP_STATUS_CREATED, node_bytes (node));
  json_node_unref (node);
}

/* A step */

void
_acc_peer_server_run_step (PeerJob *job)
{
  g_autoptr(GError) error = NULL;
  AccStore *store;

  switch (job->endpoint)
    {
    case ENDPOINT_WELCOME:
      welcome (job);
      return;
    case ENDPOINT_BULK_DOCS:
      bulk_docs (job);
      return;
    case ENDPOINT_LOCAL_PUT:
      local_put (job);
      return;
    default:
      break;
    }

  store = take_reader (job->day, &error);
  if (store == NULL)
    {
      answer_error (job, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", error->message);
      return;
    }

  switch (job->endpoint)
    {
    case ENDPOINT_DATABASE:
      database (job, store);
      break;
    case ENDPOINT_CHANGES:
      changes (job, store);
      break;
    case ENDPOINT_ALL_DOCS:
      all_docs (job, store);
      break;
    case ENDPOINT_REVS_DIFF:
      revs_diff (job, store);
      break;
    case ENDPOINT_BULK_GET:
      bulk_get (job, store);
      break;
    case ENDPOINT_DOCUMENT:
      document (job, store);
      break;
    case ENDPOINT_LOCAL_GET:
      local_get (job, store);
      break;
    default:
      g_assert_not_reached ();
    }

  give_reader (job->day, store);
}
