/* acc-json-text.c: JSON text read without JSON-GLib's parser where it costs most
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page of a first pull holds a thousand documents. Building the tree of the whole page
 * (a node, a hash table and a list cell per member) and freeing it once the worker has
 * stored it costs the desk more than parsing each document on its own as it is stored, when
 * its few kilobytes are still in the processor's cache. So the page is only checked and read
 * here: the envelope of each change (its id, leaf revisions, deletion) and the text of its
 * document, with the document's _id, _rev and hlc; the worker parses the text.
 *
 * The whole page is checked against the JSON grammar and for UTF-8: a truncated or
 * malformed answer fails here, before anything of it is used.
 *
 * The worker then builds each document with acc_json_parse_object(): the same tree as
 * JSON-GLib's parser builds, without its scanner, signals and per-parse set-up, which cost
 * more than the tree itself for a document of a few hundred bytes.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "acc-json-text.h"
#include "acc-document.h"
#include "acc-error.h"

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  guint       depth;
  gboolean    too_deep; /* It stopped at ACC_JSON_MAX_DEPTH. */
  GString    *buffer;   /* For the strings of a document being built. */
  gboolean    integers; /* Check that every integer fits in 64 bits. */
  gboolean    too_large; /* It stopped at an integer that does not. */
} Reader;

/* Reads the value at r->p of member @key (@key_length bytes, unescaped, not NUL-terminated). */
typedef gboolean (*MemberFunc) (Reader     *r,
                                const char *key,
                                gsize       key_length,
                                gpointer    data);
/* Reads one element of an array at r->p. */
typedef gboolean (*ElementFunc) (Reader   *r,
                                 gpointer  data);

static gboolean skip_value (Reader *r);

/* A reader of the @length bytes at @text; @buffer is for the strings of a document built. */
static Reader
reader_at (const char *text,
           gsize       length,
           GString    *buffer)
{
  return (Reader) { .start = text, .p = text, .end = text + length, .buffer = buffer };
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

/* Whether nothing but white space is left after what was read. */
static gboolean
at_end (Reader *r)
{
  skip_space (r);
  return r->p == r->end;
}

static gboolean
at (Reader *r,
    char    c)
{
  skip_space (r);
  return r->p < r->end && *r->p == c;
}

static gboolean
eat (Reader *r,
     char    c)
{
  if (!at (r, c))
    return FALSE;
  r->p++;
  return TRUE;
}

/* Four hexadecimal digits at r->p, after "\u". */
static gboolean
read_hex4 (Reader   *r,
           gunichar *out)
{
  gunichar value = 0;

  if (r->end - r->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (r->p[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }
  r->p += 4;
  *out = value;
  return TRUE;
}

/* The escape after a backslash at r->p; appended to @out when it is not NULL. */
static gboolean
read_escape (Reader  *r,
             GString *out)
{
  static const char plain[] = "\"\\/bfnrt";
  static const char meant[] = "\"\\/\b\f\n\r\t";
  const char *which;
  gunichar c;

  if (r->p >= r->end)
    return FALSE;

  if (*r->p != 'u')
    {
      which = *r->p != '\0' ? strchr (plain, *r->p) : NULL;
      if (which == NULL)
        return FALSE;
      if (out != NULL)
        g_string_append_c (out, meant[which - plain]);
      r->p++;
      return TRUE;
    }

  r->p++;
  if (!read_hex4 (r, &c))
    return FALSE;
  /* A character beyond the first plane comes as two halves. */
  if (c >= 0xd800 && c <= 0xdbff)
    {
      gunichar low;

      if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
        return FALSE;
      r->p += 2;
      if (!read_hex4 (r, &low) || low < 0xdc00 || low > 0xdfff)
        return FALSE;
      c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
    }
  else if (c >= 0xdc00 && c <= 0xdfff)
    return FALSE;

  if (out != NULL)
    g_string_append_unichar (out, c);
  return TRUE;
}

/* The string at r->p; its unescaped text goes to @out when it is not NULL. */
static gboolean
read_string (Reader  *r,
             GString *out)
{
  if (!eat (r, '"'))
    return FALSE;

  while (r->p < r->end)
    {
      const char *run = r->p;

      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      if (out != NULL)
        g_string_append_len (out, run, r->p - run);
      if (r->p >= r->end || (guchar) *r->p < 0x20)
        return FALSE;
      if (*r->p == '"')
        {
          r->p++;
          return TRUE;
        }
      r->p++;
      if (!read_escape (r, out))
        return FALSE;
    }

  return FALSE;
}

/* The string at r->p, unescaped, when it is one: NULL and nothing read otherwise. Sets
 * *failed on a malformed string. */
static char *
dup_string (Reader   *r,
            gboolean *failed)
{
  g_autoptr(GString) text = NULL;

  if (!at (r, '"'))
    return NULL;

  text = g_string_new (NULL);
  if (!read_string (r, text) || !g_utf8_validate_len (text->str, text->len, NULL))
    {
      *failed = TRUE;
      return NULL;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
skip_digits (Reader *r)
{
  const char *first = r->p;

  while (r->p < r->end && g_ascii_isdigit (*r->p))
    r->p++;
  return r->p > first;
}

/* Whether the integer of @length bytes at @start fits in 64 bits. */
static gboolean
integer_fits (const char *start,
              gsize       length)
{
  char text[24];
  gint64 value;

  /* Nineteen digits and a sign at most; fewer always fit. */
  if (length < 19)
    return TRUE;
  if (length >= sizeof text)
    return FALSE;
  memcpy (text, start, length);
  text[length] = '\0';
  return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL);
}

static gboolean
skip_number (Reader *r)
{
  const char *start = r->p;
  gboolean integer = TRUE;

  if (r->p < r->end && *r->p == '-')
    r->p++;
  /* No leading zeros: "0", "0.5", never "01". */
  if (r->p < r->end && *r->p == '0')
    r->p++;
  else if (!skip_digits (r))
    return FALSE;
  if (r->p < r->end && *r->p == '.')
    {
      integer = FALSE;
      r->p++;
      if (!skip_digits (r))
        return FALSE;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      integer = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (!skip_digits (r))
        return FALSE;
    }
  /* JSON-GLib would wrap a larger one round without a word. */
  if (r->integers && integer && !integer_fits (start, r->p - start))
    {
      r->too_large = TRUE;
      return FALSE;
    }
  return TRUE;
}

static gboolean
skip_word (Reader     *r,
           const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (r->end - r->p) < length || memcmp (r->p, word, length) != 0)
    return FALSE;
  r->p += length;
  return TRUE;
}

/* Reads the array or object at r->p, from @open to @close, calling @func on each item. */
static gboolean
read_items (Reader      *r,
            char         open,
            char         close,
            ElementFunc  func,
            gpointer     data)
{
  if (!eat (r, open))
    return FALSE;
  /* Checked before going one level down: the readers recurse once per level. */
  if (++r->depth > ACC_JSON_MAX_DEPTH)
    {
      r->too_deep = TRUE;
      return FALSE;
    }

  if (!eat (r, close))
    for (;;)
      {
        skip_space (r);
        if (!func (r, data))
          return FALSE;
        if (eat (r, close))
          break;
        if (!eat (r, ','))
          return FALSE;
      }

  r->depth--;
  return TRUE;
}

static gboolean
read_array (Reader      *r,
            ElementFunc  func,
            gpointer     data)
{
  return read_items (r, '[', ']', func, data);
}

typedef struct
{
  MemberFunc func;
  gpointer   data;
} Members;

/* One member: its name, then its value, read by the object's MemberFunc. */
static gboolean
read_member (Reader   *r,
             gpointer  data)
{
  Members *members = data;
  g_autoptr(GString) unescaped = NULL;
  const char *key = r->p + 1;
  gsize key_length;

  if (!read_string (r, NULL))
    return FALSE;
  key_length = (gsize) (r->p - 1 - key);
  if (!eat (r, ':'))
    return FALSE;

  /* Member names are plain words; one with escapes is read again, unescaped. */
  if (memchr (key, '\\', key_length) != NULL)
    {
      Reader again = reader_at (key - 1, key_length + 2, NULL);

      unescaped = g_string_new (NULL);
      read_string (&again, unescaped);
      key = unescaped->str;
      key_length = unescaped->len;
    }

  skip_space (r);
  return members->func (r, key, key_length, members->data);
}

/* Reads the object at r->p, calling @func on each member's value. */
static gboolean
read_object (Reader     *r,
             MemberFunc  func,
             gpointer    data)
{
  Members members = { func, data };

  return read_items (r, '{', '}', read_member, &members);
}

static gboolean
key_is (const char *key,
        gsize       key_length,
        const char *name)
{
  return key_length == strlen (name) && memcmp (key, name, key_length) == 0;
}

static gboolean
skip_member (Reader     *r,
             const char *key,
             gsize       key_length,
             gpointer    data)
{
  return skip_value (r);
}

static gboolean
skip_element (Reader   *r,
              gpointer  data)
{
  return skip_value (r);
}

static gboolean
skip_value (Reader *r)
{
  skip_space (r);
  if (r->p >= r->end)
    return FALSE;

  switch (*r->p)
    {
    case '{':
      return read_object (r, skip_member, NULL);
    case '[':
      return read_array (r, skip_element, NULL);
    case '"':
      return read_string (r, NULL);
    case 't':
      return skip_word (r, "true");
    case 'f':
      return skip_word (r, "false");
    case 'n':
      return skip_word (r, "null");
    default:
      return skip_number (r);
    }
}

/* The value at r->p is a string: its text, or NULL with the value skipped. */
static gboolean
read_string_member (Reader  *r,
                    char   **out)
{
  gboolean failed = FALSE;

  g_free (*out);
  *out = dup_string (r, &failed);
  if (failed)
    return FALSE;
  return *out != NULL || skip_value (r);
}

static gboolean
read_doc_member (Reader     *r,
                 const char *key,
                 gsize       key_length,
                 gpointer    data)
{
  AccChange *change = data;

  if (key_is (key, key_length, "_id"))
    return read_string_member (r, &change->doc_id);
  if (key_is (key, key_length, "_rev"))
    return read_string_member (r, &change->doc_rev);
  if (key_is (key, key_length, "hlc"))
    return read_string_member (r, &change->doc_hlc);
  return skip_value (r);
}

static gboolean
read_leaf_member (Reader     *r,
                  const char *key,
                  gsize       key_length,
                  gpointer    data)
{
  GPtrArray *revs = data;
  char *rev = NULL;

  if (!key_is (key, key_length, "rev"))
    return skip_value (r);
  if (!read_string_member (r, &rev))
    return FALSE;
  if (rev != NULL)
    g_ptr_array_add (revs, rev);
  return TRUE;
}

static gboolean
read_leaf (Reader   *r,
           gpointer  data)
{
  return at (r, '{') ? read_object (r, read_leaf_member, data) : skip_value (r);
}

static gboolean
read_change_member (Reader     *r,
                    const char *key,
                    gsize       key_length,
                    gpointer    data)
{
  AccChange *change = data;

  if (key_is (key, key_length, "id"))
    return read_string_member (r, &change->id);

  if (key_is (key, key_length, "seq"))
    {
      const char *start = r->p;

      if (!skip_value (r))
        return FALSE;
      g_free (change->seq);
      change->seq = g_strndup (start, r->p - start);
      return TRUE;
    }

  if (key_is (key, key_length, "changes") && at (r, '['))
    {
      if (change->revs == NULL)
        change->revs = g_ptr_array_new_with_free_func (g_free);
      return read_array (r, read_leaf, change->revs);
    }

  if (key_is (key, key_length, "deleted") && at (r, 't'))
    {
      change->deleted = TRUE;
      return skip_word (r, "true");
    }

  if (key_is (key, key_length, "doc") && at (r, '{'))
    {
      const char *start = r->p;

      if (!read_object (r, read_doc_member, change))
        return FALSE;
      g_free (change->doc);
      change->doc = g_strndup (start, r->p - start);
      return TRUE;
    }

  return skip_value (r);
}

static void
change_free (AccChange *change)
{
  g_free (change->id);
  g_free (change->seq);
  g_clear_pointer (&change->revs, g_ptr_array_unref);
  g_free (change->doc);
  g_free (change->doc_id);
  g_free (change->doc_rev);
  g_free (change->doc_hlc);
  g_free (change);
}

static gboolean
read_change (Reader   *r,
             gpointer  data)
{
  AccChangesPage *page = data;
  AccChange *change;

  /* Not a change: nothing to receive from it. */
  if (!at (r, '{'))
    return skip_value (r);

  change = g_new0 (AccChange, 1);
  g_ptr_array_add (page->changes, change);
  return read_object (r, read_change_member, change);
}

static gboolean
read_page_member (Reader     *r,
                  const char *key,
                  gsize       key_length,
                  gpointer    data)
{
  AccChangesPage *page = data;

  if (key_is (key, key_length, "results"))
    {
      if (!at (r, '['))
        return skip_value (r);
      g_clear_pointer (&page->changes, g_ptr_array_unref);
      page->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
      return read_array (r, read_change, page);
    }

  if (key_is (key, key_length, "last_seq"))
    {
      const char *start = r->p;
      g_autoptr(JsonParser) parser = json_parser_new ();

      /* Opaque to the desk: kept in the same canonical form as every JSON it stores. */
      if (!skip_value (r) ||
          !json_parser_load_from_data (parser, start, r->p - start, NULL))
        return FALSE;
      g_free (page->last_seq);
      page->last_seq = acc_json_to_canonical (json_parser_get_root (parser));
      return TRUE;
    }

  return skip_value (r);
}

/* Building a document */

static JsonNode *build_value (Reader *r);

static gboolean
build_member (Reader     *r,
              const char *key,
              gsize       key_length,
              gpointer    data)
{
  char small[64];
  g_autofree char *large = NULL;
  const char *name = small;
  JsonNode *node = build_value (r);

  if (node == NULL)
    return FALSE;

  if (key_length < sizeof small)
    {
      memcpy (small, key, key_length);
      small[key_length] = '\0';
    }
  else
    name = large = g_strndup (key, key_length);

  /* A name with an escaped NUL would be cut short. */
  if (strlen (name) != key_length)
    {
      json_node_unref (node);
      return FALSE;
    }

  json_object_set_member (data, name, node);
  return TRUE;
}

static gboolean
build_element (Reader   *r,
               gpointer  data)
{
  JsonNode *node = build_value (r);

  if (node == NULL)
    return FALSE;
  json_array_add_element (data, node);
  return TRUE;
}

/* The value at r->p as a node; NULL for what the fast path leaves to JSON-GLib. */
static JsonNode *
build_value (Reader *r)
{
  const char *start;
  JsonNode *node;

  skip_space (r);
  if (r->p >= r->end)
    return NULL;

  start = r->p;
  switch (*r->p)
    {
    case '{':
      {
        g_autoptr(JsonObject) object = json_object_new ();

        if (!read_object (r, build_member, object))
          return NULL;
        return json_node_init_object (json_node_alloc (), object);
      }

    case '[':
      {
        g_autoptr(JsonArray) array = json_array_new ();

        if (!read_array (r, build_element, array))
          return NULL;
        return json_node_init_array (json_node_alloc (), array);
      }

    case '"':
      g_string_truncate (r->buffer, 0);
      /* A string with an escaped NUL would be cut short. */
      if (!read_string (r, r->buffer) || strlen (r->buffer->str) != r->buffer->len)
        return NULL;
      return json_node_init_string (json_node_alloc (), r->buffer->str);

    case 't':
      return skip_word (r, "true") ? json_node_init_boolean (json_node_alloc (), TRUE) : NULL;

    case 'f':
      return skip_word (r, "false") ? json_node_init_boolean (json_node_alloc (), FALSE) : NULL;

    case 'n':
      return skip_word (r, "null") ? json_node_init_null (json_node_alloc ()) : NULL;

    default:
      if (!skip_number (r))
        return NULL;
      /* Integers that fit in 64 bits only: how a fraction or an exponent rounds is left to
       * JSON-GLib, so that the canonical text of a document never depends on the path it
       * took. */
      if (r->p - start > 18 || memchr (start, '.', r->p - start) != NULL ||
          memchr (start, 'e', r->p - start) != NULL || memchr (start, 'E', r->p - start) != NULL)
        return NULL;
      g_string_truncate (r->buffer, 0);
      g_string_append_len (r->buffer, start, r->p - start);
      node = json_node_init_int (json_node_alloc (),
                                 g_ascii_strtoll (r->buffer->str, NULL, 10));
      return node;
    }
}

/* The value at r->p as a node when it is the whole text; NULL otherwise, or for what the
 * fast path leaves to JSON-GLib. */
static JsonNode *
build_whole (Reader *r)
{
  JsonNode *node = build_value (r);

  if (node != NULL && !at_end (r))
    g_clear_pointer (&node, json_node_unref);
  return node;
}

static gboolean
check_utf8 (const char  *text,
            gsize        length,
            GError     **error)
{
  if (g_utf8_validate_len (text, length, NULL))
    return TRUE;

  g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID, _("it is not UTF-8 text"));
  return FALSE;
}

/* Says why the text @r read is refused: too deep, cut short, or where it breaks the grammar. */
static void
set_read_error (const Reader  *r,
                GError       **error)
{
  if (r->too_deep)
    g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                 _("it is nested deeper than %d levels"), ACC_JSON_MAX_DEPTH);
  else if (r->too_large)
    g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID,
                         _("it holds a number too large for this desk"));
  else if (r->p >= r->end)
    g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID, _("it is cut short"));
  else
    g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID, _("it is not JSON (at byte %u of %u)"),
                 (guint) MIN (r->p - r->start, G_MAXUINT), (guint) MIN (r->end - r->start, G_MAXUINT));
}

/* Checks that @text is one JSON value, UTF-8, nested ACC_JSON_MAX_DEPTH levels at most, its
 * integers of 64 bits at most, without building anything: what passes can be given to
 * JSON-GLib's parser, which recurses once per level and has no bound of its own. */
static gboolean
check_text (const char  *text,
            gsize        length,
            GError     **error)
{
  Reader r = reader_at (text, length, NULL);

  if (!check_utf8 (text, length, error))
    return FALSE;

  r.integers = TRUE;
  if (!skip_value (&r) || !at_end (&r))
    {
      set_read_error (&r, error);
      return FALSE;
    }

  return TRUE;
}

/* Whether @node holds a number JSON-GLib read as an infinity ("1e400"): its canonical text
 * would not be JSON. @node is nested ACC_JSON_MAX_DEPTH levels at most. */
static gboolean
has_infinity (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          if (has_infinity (member))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (has_infinity (json_array_get_element (array, i)))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) == G_TYPE_DOUBLE &&
             !isfinite (json_node_get_double (node));
    case JSON_NODE_NULL:
    default:
      return FALSE;
    }
}

/* Builds the value of @text, checked by check_text(): on the fast path, or by JSON-GLib for
 * what the fast path leaves to it. */
static JsonNode *
build_checked (const char  *text,
               gsize        length,
               GError     **error)
{
  g_autoptr(GString) buffer = g_string_new (NULL);
  g_autoptr(JsonParser) parser = NULL;
  Reader r = reader_at (text, length, buffer);
  JsonNode *node = build_whole (&r);

  if (node != NULL)
    return node;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, (gssize) length, error))
    return NULL;
  if (has_infinity (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID,
                           _("it holds a number too large for this desk"));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

/**
 * acc_json_parse:
 * @text: JSON text, not necessarily NUL-terminated
 * @length: its length in bytes
 * @error: where to say why it is refused, in words that complete "The answer …": “it is
 *   nested deeper than 64 levels”
 *
 * Reads JSON that came from the network: @text is checked whole against the grammar, for
 * UTF-8 and for nesting deeper than %ACC_JSON_MAX_DEPTH before anything is built, so no input
 * makes the reader recurse without bound. The caller bounds @length.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL if @text is refused
 */
JsonNode *
acc_json_parse (const char  *text,
                gsize        length,
                GError     **error)
{
  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (!check_text (text, length, error))
    return NULL;

  return build_checked (text, length, error);
}

/**
 * acc_json_parse_object:
 * @text: a JSON object, NUL-terminated
 * @error: where to say why it is not one
 *
 * Parses @text as JSON-GLib does, with the same tree as a result. The documents of a day
 * (flat objects of strings, integers and small arrays) take a path several times cheaper than
 * JSON-GLib's parser; anything else (a fraction, an exponent, an integer of more than 18
 * characters, an escaped NUL) is parsed by JSON-GLib, once the text is known to be well formed
 * and nested %ACC_JSON_MAX_DEPTH levels at most.
 *
 * Returns: (transfer full) (nullable): the object, or %NULL if @text is not a JSON object
 */
JsonObject *
acc_json_parse_object (const char  *text,
                       GError     **error)
{
  g_autoptr(GString) buffer = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize length;
  Reader r;

  g_return_val_if_fail (text != NULL, NULL);

  length = strlen (text);
  r = reader_at (text, length, buffer);
  if (g_utf8_validate_len (text, length, NULL) && at (&r, '{'))
    {
      node = build_whole (&r);
      if (node != NULL)
        return json_object_ref (json_node_get_object (node));
    }

  if (check_text (text, length, &local_error))
    node = build_checked (text, length, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   /* Translators: the reason is “it is cut short”, “it is not UTF-8 text”… */
                   _("A document is refused: %s"), local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID, _("A document is not a JSON object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

/**
 * acc_changes_page_read:
 * @text: the body of a _changes answer (not NUL-terminated)
 * @length: its length in bytes
 * @error: where to say why it is not a page of changes
 *
 * Checks @text against the JSON grammar and reads its "results" and "last_seq". A page
 * without them, or with "results" that is not an array, is read with them %NULL.
 *
 * Returns: (transfer full) (nullable): the page, or %NULL if @text is malformed or truncated
 */
AccChangesPage *
acc_changes_page_read (const char  *text,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(AccChangesPage) page = g_new0 (AccChangesPage, 1);
  Reader r = reader_at (text, length, NULL);

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  /* The documents' texts are parsed again by the worker: what it would refuse is refused
   * here, with the page, before anything of it is stored. */
  if (!check_utf8 (text, length, error))
    return NULL;

  if (!at (&r, '{'))
    {
      /* Another value, or none: say which. */
      if (check_text (text, length, error))
        g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID, _("it is not a page of changes"));
      return NULL;
    }

  if (!read_object (&r, read_page_member, page) || !at_end (&r))
    {
      set_read_error (&r, error);
      return NULL;
    }

  return g_steal_pointer (&page);
}

/**
 * acc_change_dup_seq:
 *
 * Returns: (transfer full) (nullable): the change's "seq", the checkpoint just after it, as
 *   canonical JSON; %NULL when it has none, or null
 */
char *
acc_change_dup_seq (const AccChange *change)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  /* The text was read with its page: it is JSON, bounded in depth. */
  if (change->seq == NULL || !json_parser_load_from_data (parser, change->seq, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || JSON_NODE_HOLDS_NULL (root))
    return NULL;
  return acc_json_to_canonical (root);
}

void
acc_changes_page_free (AccChangesPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->changes, g_ptr_array_unref);
  g_free (page->last_seq);
  g_free (page);
}

/* Looking into a tree read from the network, whose members may be of any kind. */

/**
 * acc_json_as_object:
 *
 * Returns: (transfer none) (nullable): @node's object, or %NULL when it is none
 */
JsonObject *
acc_json_as_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * acc_json_as_array:
 *
 * Returns: (transfer none) (nullable): @node's array, or %NULL when it is none
 */
JsonArray *
acc_json_as_array (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * acc_json_as_string:
 *
 * Returns: (transfer none) (nullable): @node's string, or %NULL when it is no string
 */
const char *
acc_json_as_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}
