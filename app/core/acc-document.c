/* acc-document.c: the documents of a school day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "acc-document.h"
#include "acc-error.h"

/**
 * acc_uuid_new:
 *
 * Returns: (transfer full): a random UUID, lowercase, 36 characters.
 */
char *
acc_uuid_new (void)
{
  uuid_t uuid;
  char text[37];

  uuid_generate_random (uuid);
  uuid_unparse_lower (uuid, text);

  return g_strdup (text);
}

/* The namespace of the ids a desk derives: a fixed random UUID, so that no other name-based
 * UUID can fall on them. */
static const uuid_t derived_namespace = {
  0x5d, 0x1c, 0x8e, 0x2a, 0x47, 0x0b, 0x4f, 0x3e, 0x9a, 0x61, 0xc2, 0x7d, 0x13, 0xe8, 0x55, 0xb0
};

/**
 * acc_uuid_derive:
 * @source_id: the id of the document the new one is made from
 * @date: the day it is made for, YYYY-MM-DD
 *
 * The id of the document made from @source_id for @date when a day is opened at a desk: a
 * name-based UUID (version 5), so that two desks that open the same day from the same
 * documents give them the same ids, and a day opened twice is not two plannings.
 *
 * Returns: (transfer full): a UUID, lowercase, 36 characters
 */
char *
acc_uuid_derive (const char *source_id,
                 const char *date)
{
  g_autofree char *name = NULL;
  uuid_t uuid;
  char text[37];

  g_return_val_if_fail (source_id != NULL && date != NULL, NULL);

  name = g_strconcat (source_id, "/", date, NULL);
  uuid_generate_sha1 (uuid, derived_namespace, name, strlen (name));
  uuid_unparse_lower (uuid, text);

  return g_strdup (text);
}

gboolean
acc_uuid_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      gboolean dash = (i == 8 || i == 13 || i == 18 || i == 23);
      char c = text[i];

      if (dash ? c != '-' : !(g_ascii_isdigit (c) || (c >= 'a' && c <= 'f')))
        return FALSE;
    }

  return TRUE;
}

/**
 * acc_document_new:
 * @type: what the document is: "fact", "group"…
 * @id: its _id
 *
 * Returns: (transfer full): a document of this desk's schema with only its _id and type
 */
JsonObject *
acc_document_new (const char *type,
                  const char *id)
{
  JsonObject *doc;

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  doc = json_object_new ();
  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", type);
  json_object_set_int_member (doc, "schema", ACC_DOCUMENT_SCHEMA);

  return doc;
}

/**
 * acc_document_get_string:
 * @doc: a document
 * @member: a member name
 *
 * Returns: (nullable) (transfer none): the member's value when it is a string, else %NULL.
 */
const char *
acc_document_get_string (JsonObject *doc,
                         const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (doc != NULL, NULL);

  node = json_object_get_member (doc, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/**
 * acc_document_is_desk_written:
 * @doc: a document
 *
 * Whether a desk wrote @doc: a fact, or a planning document with the `origin` of the desk
 * that made it. The cloud writes the others.
 *
 * Returns: %TRUE for a document a desk wrote
 */
gboolean
acc_document_is_desk_written (JsonObject *doc)
{
  g_return_val_if_fail (doc != NULL, FALSE);

  return g_strcmp0 (acc_document_get_string (doc, "type"), "fact") == 0 ||
         acc_document_get_string (doc, "origin") != NULL;
}

/**
 * acc_document_set_string_or_null:
 * @doc: a document
 * @member: a member name
 * @value: (nullable): the member's value
 *
 * Sets @member to @value, or to null when @value is %NULL: a reference that may be unset
 * (a group's instructor, a fact's staff) is written as null, never left out.
 */
void
acc_document_set_string_or_null (JsonObject *doc,
                                 const char *member,
                                 const char *value)
{
  g_return_if_fail (doc != NULL);
  g_return_if_fail (member != NULL);

  if (value != NULL)
    json_object_set_string_member (doc, member, value);
  else
    json_object_set_null_member (doc, member);
}

static void write_canonical (GString *out, JsonNode *node);

/* Quotes @text as JSON does: the two characters that must be escaped, the usual short escapes,
 * and a six-character escape for the other control characters; everything else as it is
 * (UTF-8). Runs of plain characters are copied at once. */
static void
write_string (GString    *out,
              const char *text)
{
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      const char *escape;

      if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          escape = "\\\"";
          break;
        case '\\':
          escape = "\\\\";
          break;
        case '\b':
          escape = "\\b";
          break;
        case '\f':
          escape = "\\f";
          break;
        case '\n':
          escape = "\\n";
          break;
        case '\r':
          escape = "\\r";
          break;
        case '\t':
          escape = "\\t";
          break;
        default:
          g_string_append_printf (out, "\\u%04x", c);
          continue;
        }
      g_string_append (out, escape);
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
write_value (GString  *out,
             JsonNode *node)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      /* The shortest text that reads back the same, and never an integer. */
      g_ascii_dtostr (number, sizeof number, json_node_get_double (node));
      g_string_append (out, number);
      if (strpbrk (number, ".eE") == NULL)
        g_string_append (out, ".0");
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_STRING:
      write_string (out, json_node_get_string (node));
      break;
    default:
      g_string_append (out, "null");
    }
}

typedef struct
{
  const char *name;
  JsonNode   *node;
} Member;

typedef struct
{
  Member *members;
  guint   n;
} Members;

static void
add_member (JsonObject  *object,
            const char  *name,
            JsonNode    *node,
            gpointer     user_data)
{
  Members *members = user_data;

  members->members[members->n++] = (Member) { name, node };
}

static int
compare_members (const void *a,
                 const void *b)
{
  return strcmp (((const Member *) a)->name, ((const Member *) b)->name);
}

/* Writes @object with its members sorted by name; @top leaves out the revision fields, which
 * describe a revision rather than its content. */
static void
write_object (GString    *out,
              JsonObject *object,
              gboolean    top)
{
  guint n = json_object_get_size (object);
  g_autofree Member *members = g_new (Member, n);
  Members collected = { members, 0 };
  gboolean first = TRUE;
  guint i;

  json_object_foreach_member (object, add_member, &collected);
  if (n > 1)
    qsort (members, n, sizeof (Member), compare_members);

  g_string_append_c (out, '{');
  for (i = 0; i < n; i++)
    {
      const char *name = members[i].name;

      if (top && name[0] == '_' && (strcmp (name, "_rev") == 0 || strcmp (name, "_revisions") == 0))
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      write_string (out, name);
      g_string_append_c (out, ':');
      write_canonical (out, members[i].node);
    }
  g_string_append_c (out, '}');
}

static void
write_canonical (GString  *out,
                 JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      write_object (out, json_node_get_object (node), FALSE);
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_canonical (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      write_value (out, node);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
    }
}

/**
 * acc_document_to_canonical:
 * @doc: a document
 *
 * Serialises @doc with its members sorted and without `_rev` and `_revisions`, so that two
 * documents with the same content give the same bytes.
 *
 * Returns: (transfer full): compact JSON text.
 */
char *
acc_document_to_canonical (JsonObject *doc)
{
  GString *out = g_string_sized_new (512);

  g_return_val_if_fail (doc != NULL, NULL);

  write_object (out, doc, TRUE);
  return g_string_free (out, FALSE);
}

/**
 * acc_json_to_canonical:
 * @node: any JSON value
 *
 * Returns: (transfer full): compact JSON text with object members sorted.
 */
char *
acc_json_to_canonical (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);

  write_canonical (out, node);
  return g_string_free (out, FALSE);
}

/**
 * acc_document_content_rev:
 * @doc: a document written at this desk
 *
 * A desk-written document is revision 1 and its revision id is derived from its content, so
 * that uploading it twice uploads the same revision.
 *
 * Returns: (transfer full): "1-" followed by 32 hexadecimal digits.
 */
char *
acc_document_content_rev (JsonObject *doc)
{
  g_autofree char *canonical = acc_document_to_canonical (doc);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_MD5, canonical, -1);

  return g_strconcat ("1-", digest, NULL);
}

/* A revision's hash: ASCII letters, digits and dashes (CouchDB writes 32 hexadecimal digits,
 * and keeps what a replicator sends). */
static gboolean
hash_is_valid (const char *hash)
{
  gsize n = 0;

  for (; hash[n] != '\0'; n++)
    if (!(g_ascii_isalnum (hash[n]) || hash[n] == '-') || n >= ACC_REV_HASH_MAX)
      return FALSE;
  return n > 0;
}

/**
 * acc_revisions_dup_ancestors:
 * @doc: a valid document (acc_document_check_received() or acc_document_validate())
 *
 * Returns: (transfer full) (nullable): the hashes of @doc's ancestors, newest first, as its
 *   `_revisions` names them, as a JSON array; %NULL when it names none.
 */
char *
acc_revisions_dup_ancestors (JsonObject *doc)
{
  g_autoptr(JsonArray) ancestors = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *revisions;
  JsonArray *ids;

  g_return_val_if_fail (doc != NULL, NULL);

  if (!json_object_has_member (doc, "_revisions") ||
      (revisions = json_object_get_object_member (doc, "_revisions")) == NULL ||
      !json_object_has_member (revisions, "ids") ||
      (ids = json_object_get_array_member (revisions, "ids")) == NULL ||
      json_array_get_length (ids) < 2)
    return NULL;

  ancestors = json_array_sized_new (json_array_get_length (ids) - 1);
  for (guint i = 1; i < json_array_get_length (ids); i++)
    json_array_add_string_element (ancestors, json_array_get_string_element (ids, i));
  node = json_node_init_array (json_node_alloc (), ancestors);
  return json_to_string (node, FALSE);
}

/**
 * acc_revisions_new:
 * @rev: a well-formed revision id
 * @ancestors: (nullable): the hashes of its ancestors, newest first, as
 *   acc_revisions_dup_ancestors() gives them
 *
 * Returns: (transfer full) (nullable): @rev's `_revisions` as the replication protocol sends
 *   it: the revision, then the ancestors this replica knows (none when @ancestors is %NULL or
 *   unreadable, or does not fit @rev's generation); %NULL when @rev is malformed.
 */
JsonObject *
acc_revisions_new (const char *rev,
                   const char *ancestors)
{
  g_autoptr(JsonNode) known = NULL;
  JsonObject *revisions;
  JsonArray *ids;
  guint64 generation = 0;
  const char *hash = NULL;

  if (!acc_rev_parse (rev, &generation, &hash))
    return NULL;

  ids = json_array_new ();
  json_array_add_string_element (ids, hash);
  if (ancestors != NULL && (known = json_from_string (ancestors, NULL)) != NULL &&
      JSON_NODE_HOLDS_ARRAY (known) &&
      json_array_get_length (json_node_get_array (known)) < generation)
    {
      JsonArray *array = json_node_get_array (known);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *ancestor = json_node_get_string (json_array_get_element (array, i));

          if (ancestor == NULL || !hash_is_valid (ancestor))
            break;
          json_array_add_string_element (ids, ancestor);
        }
    }

  revisions = json_object_new ();
  json_object_set_int_member (revisions, "start", (gint64) generation);
  json_object_set_array_member (revisions, "ids", ids);
  return revisions;
}

/**
 * acc_rev_parse:
 * @rev: a revision id, "<generation>-<hash>", the hash of letters, digits and dashes
 * @generation: (out) (optional): its generation
 * @hash: (out) (optional) (transfer none): its hash, pointing into @rev
 *
 * Returns: whether @rev is well formed.
 */
gboolean
acc_rev_parse (const char  *rev,
               guint64     *generation,
               const char **hash)
{
  const char *dash;
  guint64 value;

  if (rev == NULL || !g_ascii_isdigit (rev[0]))
    return FALSE;

  dash = strchr (rev, '-');
  if (dash == NULL || !hash_is_valid (dash + 1) || dash - rev > 19)
    return FALSE;

  for (const char *p = rev; p < dash; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  value = g_ascii_strtoull (rev, NULL, 10);
  if (value == 0)
    return FALSE;

  if (generation)
    *generation = value;
  if (hash)
    *hash = dash + 1;

  return TRUE;
}

/**
 * acc_rev_compare:
 *
 * Orders two leaf revisions of one document the way every CouchDB picks the winner: a live
 * revision beats a deleted one, then the longer revision history wins, then the greater hash
 * in byte order.
 *
 * Returns: a positive number when a wins, negative when b wins, 0 when they are the same.
 */
int
acc_rev_compare (const char *a,
                 gboolean    a_deleted,
                 const char *b,
                 gboolean    b_deleted)
{
  guint64 ga = 0, gb = 0;
  const char *ha = "", *hb = "";

  if (a_deleted != b_deleted)
    return a_deleted ? -1 : 1;

  acc_rev_parse (a, &ga, &ha);
  acc_rev_parse (b, &gb, &hb);
  if (ga != gb)
    return ga > gb ? 1 : -1;

  return strcmp (ha, hb);
}

typedef enum
{
  F_STRING,
  F_STRING_OR_NULL,
  F_INT,
  F_INT_OR_NULL,
  F_BOOL,
  F_STRING_LIST,
  F_OBJECT,
  F_ANY,
} FieldKind;

typedef struct
{
  const char *name;
  FieldKind   kind;
} Field;

typedef struct
{
  const char  *type;
  const Field *fields;
} Shape;

/* Required fields of each type (ARCHITECTURE.md, "Documents and facts"). Extra members are
 * allowed: a newer cloud may add some, and this desk must keep them unchanged. */
static const Field school_fields[] = {
  { "name", F_STRING }, { "timezone", F_STRING }, { NULL } };
static const Field level_fields[] = {
  { "code", F_STRING }, { "label", F_STRING }, { "order", F_INT }, { "discipline", F_STRING },
  { NULL } };
static const Field meeting_point_fields[] = { { "name", F_STRING }, { NULL } };
static const Field instructor_fields[] = {
  { "first_name", F_STRING }, { "last_name", F_STRING }, { NULL } };
static const Field session_fields[] = {
  { "title", F_STRING }, { "starts_at", F_STRING }, { "ends_at", F_STRING }, { NULL } };
static const Field group_fields[] = {
  { "session_id", F_STRING }, { "level_id", F_STRING_OR_NULL },
  { "instructor_id", F_STRING_OR_NULL }, { "capacity", F_INT }, { NULL } };
static const Field customer_fields[] = {
  { "first_name", F_STRING }, { "last_name", F_STRING }, { NULL } };
static const Field booking_fields[] = {
  { "reference", F_STRING }, { "customer_id", F_STRING_OR_NULL }, { NULL } };
static const Field participant_fields[] = {
  { "booking_id", F_STRING }, { "first_name", F_STRING }, { "last_name", F_STRING }, { NULL } };
static const Field enrollment_fields[] = {
  { "participant_id", F_STRING }, { "session_id", F_STRING }, { "booking_id", F_STRING },
  { "planned_group_id", F_STRING_OR_NULL }, { "status", F_STRING }, { NULL } };
static const Field fact_fields[] = {
  { "kind", F_STRING }, { "device_id", F_STRING }, { "at", F_STRING }, { "hlc", F_STRING },
  { "supersedes", F_STRING_LIST }, { NULL } };

static const Shape shapes[] = {
  { "school", school_fields },
  { "level", level_fields },
  { "meeting_point", meeting_point_fields },
  { "instructor", instructor_fields },
  { "session", session_fields },
  { "group", group_fields },
  { "customer", customer_fields },
  { "booking", booking_fields },
  { "participant", participant_fields },
  { "enrollment", enrollment_fields },
  { "fact", fact_fields },
};

static const Field checkin_fields[] = {
  { "enrollment_id", F_STRING }, { "present", F_BOOL }, { NULL } };
static const Field assign_group_fields[] = {
  { "enrollment_id", F_STRING }, { "group_id", F_STRING }, { NULL } };
static const Field attendance_fields[] = {
  { "enrollment_id", F_STRING }, { "state", F_STRING }, { NULL } };
static const Field instructor_attendance_fields[] = {
  { "instructor_id", F_STRING }, { "state", F_STRING }, { NULL } };
static const Field assign_instructor_fields[] = {
  { "group_id", F_STRING }, { "instructor_id", F_STRING_OR_NULL }, { NULL } };
static const Field participant_update_fields[] = {
  { "participant_id", F_STRING }, { "changes", F_OBJECT }, { NULL } };
static const Field close_out_fields[] = {
  { "session_id", F_STRING }, { "cutoff", F_STRING }, { NULL } };
static const Field enrollment_status_fields[] = {
  { "enrollment_id", F_STRING }, { "status", F_STRING }, { NULL } };

static const Shape fact_shapes[] = {
  { "checkin", checkin_fields },
  { "assign_group", assign_group_fields },
  { "attendance", attendance_fields },
  { "instructor_attendance", instructor_attendance_fields },
  { "assign_instructor", assign_instructor_fields },
  { "participant_update", participant_update_fields },
  { "close_out", close_out_fields },
  { "enrollment_status", enrollment_status_fields },
};

static gboolean
field_matches (JsonNode  *node,
               FieldKind  kind)
{
  GType vtype;

  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_NULL (node))
    return kind == F_STRING_OR_NULL || kind == F_INT_OR_NULL || kind == F_ANY;

  if (kind == F_ANY)
    return TRUE;

  if (kind == F_OBJECT)
    return JSON_NODE_HOLDS_OBJECT (node);

  if (kind == F_STRING_LIST)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return FALSE;
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!field_matches (json_array_get_element (array, i), F_STRING))
          return FALSE;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  vtype = json_node_get_value_type (node);
  switch (kind)
    {
    case F_STRING:
    case F_STRING_OR_NULL:
      return vtype == G_TYPE_STRING;
    case F_INT:
    case F_INT_OR_NULL:
      return vtype == G_TYPE_INT64;
    case F_BOOL:
      return vtype == G_TYPE_BOOLEAN;
    case F_STRING_LIST:
    case F_OBJECT:
    case F_ANY:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_fields (JsonObject   *doc,
              const char   *id,
              const char   *what,
              const Field  *fields,
              GError      **error)
{
  for (const Field *f = fields; f->name != NULL; f++)
    if (!field_matches (json_object_get_member (doc, f->name), f->kind))
      {
        g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                     /* Translators: the document id, its type, the field name. */
                     _("Document %s (%s) has a missing or wrong “%s” field"),
                     id, what, f->name);
        return FALSE;
      }

  return TRUE;
}

static const Shape *
find_shape (const Shape *table,
            gsize        n,
            const char  *name)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (table[i].type, name) == 0)
      return &table[i];

  return NULL;
}

/**
 * acc_document_validate:
 * @doc: a document
 * @error: where to say what is wrong
 *
 * Checks that @doc has an id, a known type, a schema this desk reads, and the fields its type
 * needs, of the right kind.
 *
 * Returns: whether this desk can use @doc.
 */
gboolean
acc_document_validate (JsonObject  *doc,
                       GError     **error)
{
  const char *id, *type;
  const Shape *shape;
  JsonNode *schema;

  g_return_val_if_fail (doc != NULL, FALSE);

  id = acc_document_get_string (doc, "_id");
  if (id == NULL || *id == '\0')
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID, _("A document has no “_id”"));
      return FALSE;
    }

  type = acc_document_get_string (doc, "type");
  shape = find_shape (shapes, G_N_ELEMENTS (shapes), type);
  if (shape == NULL)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("Document %s has an unknown type “%s”"), id, type ? type : "");
      return FALSE;
    }

  schema = json_object_get_member (doc, "schema");
  if (!field_matches (schema, F_INT) || json_node_get_int (schema) != ACC_DOCUMENT_SCHEMA)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("Document %s has a schema version this desk cannot read"), id);
      return FALSE;
    }

  if (!check_fields (doc, id, type, shape->fields, error))
    return FALSE;

  if (g_str_equal (type, "fact"))
    {
      const char *kind = acc_document_get_string (doc, "kind");
      const Shape *fact_shape = find_shape (fact_shapes, G_N_ELEMENTS (fact_shapes), kind);

      if (fact_shape == NULL)
        {
          g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                       _("Fact %s has an unknown kind “%s”"), id, kind);
          return FALSE;
        }
      if (!check_fields (doc, id, kind, fact_shape->fields, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * acc_document_id_is_valid:
 * @id: a document id
 *
 * The ids of a day are UUIDs; any id of ASCII letters, digits and "-._:@+" is accepted, up to
 * %ACC_DOCUMENT_ID_MAX bytes, that does not start with "_" (the server's own documents).
 *
 * Returns: whether @id can name a document of the day
 */
gboolean
acc_document_id_is_valid (const char *id)
{
  gsize n = 0;

  if (id == NULL || id[0] == '\0' || id[0] == '_')
    return FALSE;

  for (; id[n] != '\0'; n++)
    if (n >= ACC_DOCUMENT_ID_MAX || !(g_ascii_isalnum (id[n]) || strchr ("-._:@+", id[n]) != NULL))
      return FALSE;
  return TRUE;
}

/* Adds the size @node takes as JSON text to *size, roughly (a few bytes per value), and stops
 * once it is over @limit. */
static void
add_json_size (JsonNode *node,
               gsize     limit,
               gsize    *size)
{
  *size += 8;
  if (*size > limit)
    return;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *value;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (*size <= limit && json_object_iter_next (&iter, &name, &value))
          {
            *size += strlen (name);
            add_json_size (value, limit, size);
          }
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        for (guint i = 0; i < n && *size <= limit; i++)
          add_json_size (json_array_get_element (array, i), limit, size);
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        *size += strlen (json_node_get_string (node));
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

/* A revision history: {"start": generation, "ids": [hash, parent's hash, …]}, newest first,
 * starting with @rev's own hash. */
static gboolean
revisions_are_valid (JsonNode    *node,
                     guint64      generation,
                     const char  *hash)
{
  JsonObject *revisions;
  JsonNode *start, *ids_node;
  JsonArray *ids;
  guint n;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  revisions = json_node_get_object (node);
  start = json_object_get_member (revisions, "start");
  ids_node = json_object_get_member (revisions, "ids");
  if (start == NULL || !JSON_NODE_HOLDS_VALUE (start) ||
      json_node_get_value_type (start) != G_TYPE_INT64 ||
      (guint64) json_node_get_int (start) != generation ||
      ids_node == NULL || !JSON_NODE_HOLDS_ARRAY (ids_node))
    return FALSE;

  ids = json_node_get_array (ids_node);
  n = json_array_get_length (ids);
  if (n == 0 || n > ACC_REVS_MAX || n > generation)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *id = json_array_get_element (ids, i);

      if (!JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_STRING ||
          !hash_is_valid (json_node_get_string (id)))
        return FALSE;
    }
  return g_str_equal (json_array_get_string_element (ids, 0), hash);
}

/**
 * acc_document_check_received:
 * @doc: a document received from a server or another desk
 * @size: the length of its JSON text, or 0 when it came as a tree
 * @error: where to say what is wrong
 *
 * Checks what the replication relies on before anything of @doc is stored: its size (at most
 * %ACC_DOCUMENT_MAX_SIZE bytes), its `_id` (acc_document_id_is_valid()), its `_rev`, and
 * `_deleted` and `_revisions` when it has them. A document that fails is no document of the
 * day: it is kept nowhere. (One that passes but that this desk cannot use, of an unknown type
 * for example, is acc_document_validate()'s business.)
 *
 * Returns: whether @doc can be stored
 */
gboolean
acc_document_check_received (JsonObject  *doc,
                             gsize        size,
                             GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  JsonNode *deleted, *revisions;
  const char *id, *rev, *hash = NULL;
  guint64 generation = 0;

  g_return_val_if_fail (doc != NULL, FALSE);

  if (size == 0)
    {
      node = json_node_init_object (json_node_alloc (), doc);
      add_json_size (node, ACC_DOCUMENT_MAX_SIZE, &size);
    }
  if (size > ACC_DOCUMENT_MAX_SIZE)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("a document is larger than %d KiB"), ACC_DOCUMENT_MAX_SIZE / 1024);
      return FALSE;
    }

  id = acc_document_get_string (doc, "_id");
  if (!acc_document_id_is_valid (id))
    {
      g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID,
                           _("a document’s “_id” is not a document id"));
      return FALSE;
    }

  rev = acc_document_get_string (doc, "_rev");
  if (!acc_rev_parse (rev, &generation, &hash))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("document %s has a “_rev” that is not a revision"), id);
      return FALSE;
    }

  deleted = json_object_get_member (doc, "_deleted");
  revisions = json_object_get_member (doc, "_revisions");
  if ((deleted != NULL && !(JSON_NODE_HOLDS_VALUE (deleted) &&
                            json_node_get_value_type (deleted) == G_TYPE_BOOLEAN)) ||
      (revisions != NULL && !revisions_are_valid (revisions, generation, hash)))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("document %s has a malformed revision history"), id);
      return FALSE;
    }

  return TRUE;
}
