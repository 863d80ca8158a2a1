/* acc-sync-answers.c: what a CouchDB server answers, read without trusting it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A server, a proxy before it or, soon, another desk may answer anything: members of another
 * kind than the protocol says, documents nobody asked for, lists where objects belong. Each
 * reader here takes an answer already parsed by acc_json_parse() (so bounded in size and
 * depth), looks only at what it needs with checks of kind, and keeps nothing it did not ask
 * for. None of them logs or warns: what is wrong goes back as an error or a count, for the
 * sync engine to say in words. Errors complete the sentence "The server's answer …".
 */
#define G_LOG_DOMAIN "accueil-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "acc-sync-answers.h"
#include "acc-document.h"
#include "acc-error.h"

/* The server's own words are shown to a person: a line, not a page. */
#define MAX_REASON_CHARS 200

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  return acc_json_as_string (member (object, name));
}

/* A member that is a whole number of at least 0, in *value (left as it is when there is no
 * such member); FALSE if it is of another kind. */
static gboolean
count_member (JsonObject *object,
              const char *name,
              gint64     *value)
{
  JsonNode *node = member (object, name);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static void
set_malformed (GError     **error,
               const char  *what)
{
  g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID, what);
}

/**
 * acc_answer_read_database:
 * @body: the answer to GET /db
 * @doc_count: (out): the documents the database holds, or -1 when it does not say
 * @del_count: (out): its deleted documents, or 0 when it does not say
 *
 * Returns: whether @body describes a database
 */
gboolean
acc_answer_read_database (JsonNode  *body,
                          gint64    *doc_count,
                          gint64    *del_count,
                          GError   **error)
{
  JsonObject *info = acc_json_as_object (body);

  g_return_val_if_fail (doc_count != NULL && del_count != NULL, FALSE);

  *doc_count = -1;
  *del_count = 0;
  if (info == NULL)
    {
      set_malformed (error, _("is not a description of a database"));
      return FALSE;
    }
  if (!count_member (info, "doc_count", doc_count) ||
      !count_member (info, "doc_del_count", del_count))
    {
      set_malformed (error, _("gives counts of documents that are not numbers"));
      return FALSE;
    }
  return TRUE;
}

static AccReceived *
received_new (void)
{
  AccReceived *received = g_new0 (AccReceived, 1);

  received->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  return received;
}

void
acc_received_free (AccReceived *received)
{
  if (received == NULL)
    return;

  g_ptr_array_unref (received->docs);
  g_free (received);
}

/* Reads the entries of one document's revisions, [{"ok": {…}} | {"missing": rev} |
 * {"error": {…}}], keeping the revisions of @id; returns whether any entry spoke of @id. */
static gboolean
read_revisions (JsonArray   *entries,
                const char  *id,
                AccReceived *received)
{
  gboolean answered = FALSE;
  guint n = entries != NULL ? json_array_get_length (entries) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = acc_json_as_object (json_array_get_element (entries, i));
      JsonObject *doc = acc_json_as_object (member (entry, "ok"));
      JsonObject *problem = acc_json_as_object (member (entry, "error"));

      if (doc != NULL)
        {
          if (g_strcmp0 (string_member (doc, "_id"), id) != 0)
            {
              received->n_unasked++;
              continue;
            }
          /* Taken out of the answer: the document goes to the worker thread that stores
           * it, and json-glib counts references without atomics, so nothing on this thread
           * (the answer, freed whenever its request is) may hold it too. */
          g_ptr_array_add (received->docs, json_object_ref (doc));
          json_object_remove_member (entry, "ok");
          answered = TRUE;
        }
      else if (problem != NULL && g_strcmp0 (string_member (problem, "id"), id) == 0)
        {
          received->n_missing++;
          answered = TRUE;
        }
      else if (acc_json_as_string (member (entry, "missing")) != NULL)
        {
          received->n_missing++;
          answered = TRUE;
        }
    }

  return answered;
}

/**
 * acc_answer_read_bulk_get:
 * @body: the answer to POST _bulk_get
 * @asked: the ids asked for (a set of strings)
 *
 * Keeps the revisions of documents in @asked whose `_id` is the one asked for; entries about
 * other documents are counted in n_unasked and left out, documents of @asked the answer does
 * not mention are counted in n_unanswered. The revisions kept are not checked further: the
 * store checks every document it receives.
 *
 * Returns: (transfer full) (nullable): what was received, or %NULL if @body is not an
 *   answer to _bulk_get
 */
AccReceived *
acc_answer_read_bulk_get (JsonNode    *body,
                          GHashTable  *asked,
                          GError     **error)
{
  g_autoptr(AccReceived) received = NULL;
  g_autoptr(GHashTable) answered = NULL;
  JsonArray *results = acc_json_as_array (member (acc_json_as_object (body), "results"));
  guint n;

  g_return_val_if_fail (asked != NULL, NULL);

  if (results == NULL)
    {
      set_malformed (error, _("to a request for documents has no list of results"));
      return NULL;
    }

  received = received_new ();
  answered = g_hash_table_new (g_str_hash, g_str_equal);
  n = json_array_get_length (results);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *result = acc_json_as_object (json_array_get_element (results, i));
      const char *id = string_member (result, "id");
      JsonArray *entries = acc_json_as_array (member (result, "docs"));
      const char *asked_id = NULL;

      if (id == NULL || !g_hash_table_lookup_extended (asked, id, (gpointer *) &asked_id, NULL))
        {
          received->n_unasked++;
          continue;
        }
      if (read_revisions (entries, asked_id, received))
        g_hash_table_add (answered, (gpointer) asked_id);
    }

  received->n_unanswered = g_hash_table_size (asked) - g_hash_table_size (answered);
  return g_steal_pointer (&received);
}

/**
 * acc_answer_read_open_revs:
 * @body: the answer to GET /db/@id?revs=true&open_revs=[…]
 * @id: the document asked for
 *
 * As acc_answer_read_bulk_get(), for the one document of the fallback for servers without
 * _bulk_get.
 *
 * Returns: (transfer full) (nullable): what was received, or %NULL if @body is not a list
 */
AccReceived *
acc_answer_read_open_revs (JsonNode    *body,
                           const char  *id,
                           GError     **error)
{
  g_autoptr(AccReceived) received = NULL;
  JsonArray *entries = acc_json_as_array (body);

  g_return_val_if_fail (id != NULL, NULL);

  if (entries == NULL)
    {
      set_malformed (error, _("to a request for a document is not a list of revisions"));
      return NULL;
    }

  received = received_new ();
  if (!read_revisions (entries, id, received))
    received->n_unanswered = 1;
  return g_steal_pointer (&received);
}

/**
 * acc_answer_read_revs_diff:
 * @body: the answer to POST _revs_diff
 *
 * Returns: (transfer full) (nullable): the ids of the documents the server lacks (a set of
 *   strings, owned by the table), or %NULL if @body is not an answer to _revs_diff
 */
GHashTable *
acc_answer_read_revs_diff (JsonNode  *body,
                           GError   **error)
{
  JsonObject *missing = acc_json_as_object (body);
  g_autoptr(GHashTable) ids = NULL;
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  if (missing == NULL)
    {
      set_malformed (error, _("to a comparison of documents is not an object"));
      return NULL;
    }

  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  json_object_iter_init (&iter, missing);
  while (json_object_iter_next (&iter, &id, &node))
    g_hash_table_add (ids, g_strdup (id));
  return g_steal_pointer (&ids);
}

void
acc_doc_error_free (AccDocError *doc_error)
{
  if (doc_error == NULL)
    return;

  g_free (doc_error->id);
  g_free (doc_error->error);
  g_free (doc_error->reason);
  g_free (doc_error);
}

/* @text (UTF-8) as one line of MAX_REASON_CHARS at most, its control characters made spaces:
 * it may be printed on a terminal. */
static char *
shorten (const char *text)
{
  GString *line;
  guint n = 0;

  if (text == NULL)
    return NULL;

  line = g_string_new (NULL);
  for (const char *p = text; *p != '\0' && n < MAX_REASON_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (line, ' ');
      else
        g_string_append_unichar (line, c);
    }
  if (g_utf8_strlen (text, MAX_REASON_CHARS + 1) > MAX_REASON_CHARS)
    g_string_append (line, "…");
  return g_string_free (line, FALSE);
}

/**
 * acc_answer_read_bulk_docs:
 * @body: the answer to POST _bulk_docs with new_edits=false
 *
 * Such an answer lists the documents the server did not take (and may list the others with
 * their new revision); a document it does not list was taken.
 *
 * Returns: (transfer full) (element-type AccDocError) (nullable): the documents not taken, or
 *   %NULL if @body is not a list
 */
GPtrArray *
acc_answer_read_bulk_docs (JsonNode  *body,
                           GError   **error)
{
  JsonArray *results = acc_json_as_array (body);
  g_autoptr(GPtrArray) errors = NULL;
  guint n;

  if (results == NULL)
    {
      set_malformed (error, _("to documents sent is not a list of results"));
      return NULL;
    }

  errors = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_doc_error_free);
  n = json_array_get_length (results);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *result = acc_json_as_object (json_array_get_element (results, i));
      const char *id = string_member (result, "id");
      const char *code = string_member (result, "error");
      AccDocError *doc_error;

      if (id == NULL || code == NULL)
        continue;

      doc_error = g_new0 (AccDocError, 1);
      doc_error->id = g_strdup (id);
      doc_error->error = shorten (code);
      doc_error->reason = shorten (string_member (result, "reason"));
      g_ptr_array_add (errors, doc_error);
    }

  return g_steal_pointer (&errors);
}

/**
 * acc_answer_read_rev:
 * @body: a document, such as the answer to GET /db/_local/<id>
 *
 * Returns: (transfer full) (nullable): its `_rev`, when it has one that is a string
 */
char *
acc_answer_read_rev (JsonNode *body)
{
  return g_strdup (string_member (acc_json_as_object (body), "_rev"));
}

/**
 * acc_answer_read_saved_rev:
 * @body: the answer to a PUT of a document, {"ok": true, "id": "…", "rev": "…"}
 *
 * Returns: (transfer full) (nullable): the revision written, when it is a string
 */
char *
acc_answer_read_saved_rev (JsonNode *body)
{
  return g_strdup (string_member (acc_json_as_object (body), "rev"));
}

/**
 * acc_answer_read_reason:
 * @body: an error answer, {"error": "…", "reason": "…"}
 *
 * Returns: (transfer full) (nullable): the server's reason, or else its error, cut to a line
 */
char *
acc_answer_read_reason (JsonNode *body)
{
  JsonObject *object = acc_json_as_object (body);
  const char *reason = string_member (object, "reason");

  if (reason == NULL || *reason == '\0')
    reason = string_member (object, "error");
  if (reason == NULL || *reason == '\0')
    return NULL;
  return shorten (reason);
}

/* Whether @change of a _changes?include_docs=true answer carries the whole of its only leaf:
 * a live first revision, which no ancestor can contradict. */
static gboolean
is_whole_first_revision (const AccChange *change)
{
  const char *rev;
  guint64 generation = 0;

  if (change->revs == NULL || change->revs->len != 1 || change->deleted || change->doc == NULL)
    return FALSE;

  rev = g_ptr_array_index (change->revs, 0);
  return acc_rev_parse (rev, &generation, NULL) && generation == 1 &&
         g_strcmp0 (change->doc_rev, rev) == 0 && g_strcmp0 (change->doc_id, change->id) == 0;
}

static void
refuse (AccPagePlan *plan,
        const char  *reason)
{
  if (plan->n_refused++ == 0)
    plan->refusal = reason;
}

/**
 * acc_page_plan_new:
 * @page: a page of _changes read by acc_changes_page_read(), with its changes
 * @store: the replica
 *
 * Sorts what @page lists: a whole first revision that came with the page is kept as text (the
 * worker skips it if @store holds it already; a fact's clock moves @store's clock forward),
 * other revisions @store lacks are to be fetched, and changes that name an id or a revision
 * that is not one are counted. Design and local documents are not the day's: left out. The
 * texts are taken from @page.
 *
 * Returns: (transfer full): the plan
 */
AccPagePlan *
acc_page_plan_new (AccChangesPage *page,
                   AccStore       *store)
{
  AccPagePlan *plan;

  g_return_val_if_fail (page != NULL && page->changes != NULL, NULL);
  g_return_val_if_fail (ACC_IS_STORE (store), NULL);

  plan = g_new0 (AccPagePlan, 1);
  plan->texts = g_ptr_array_new_with_free_func (g_free);
  plan->wanted = g_ptr_array_new_with_free_func (g_free);
  plan->asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < page->changes->len; i++)
    {
      AccChange *change = g_ptr_array_index (page->changes, i);

      if (change->id == NULL || change->id[0] == '_' || change->revs == NULL)
        continue;
      if (!acc_document_id_is_valid (change->id))
        {
          refuse (plan, _("a change names a document id that is not one"));
          continue;
        }

      if (is_whole_first_revision (change))
        {
          if (change->doc_hlc != NULL)
            acc_clock_observe (acc_store_get_clock (store), change->doc_hlc);
          g_ptr_array_add (plan->texts, g_steal_pointer (&change->doc));
          continue;
        }

      for (guint j = 0; j < change->revs->len; j++)
        {
          const char *rev = g_ptr_array_index (change->revs, j);

          if (!acc_rev_parse (rev, NULL, NULL))
            refuse (plan, _("a change names a revision that is not one"));
          else if (!acc_store_has_revision (store, change->id, rev))
            {
              g_ptr_array_add (plan->wanted, g_strconcat (change->id, "\n", rev, NULL));
              g_hash_table_add (plan->asked, g_strdup (change->id));
            }
        }
    }

  return plan;
}

void
acc_page_plan_free (AccPagePlan *plan)
{
  if (plan == NULL)
    return;

  g_ptr_array_unref (plan->texts);
  g_ptr_array_unref (plan->wanted);
  g_hash_table_unref (plan->asked);
  g_free (plan);
}
