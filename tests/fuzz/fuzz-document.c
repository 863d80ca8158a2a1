/* fuzz-document.c: parsing, validating and writing a document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every document a desk receives goes through acc_json_parse_object(), and the canonical text
 * of what it parsed decides revision ids and what two replicas compare. Beyond not crashing,
 * the canonical text must be a fixed point: parsing it again gives the same text, or two
 * desks holding the same document could disagree on its content. And the parser promises
 * JSON-GLib's tree, whichever of its two paths a text takes: where JSON-GLib reads the text as
 * an object too, both must have the same canonical text.
 */
#define G_LOG_DOMAIN "accueil-fuzz"

#include <string.h>

#include "acc-document.h"
#include "acc-json-text.h"
#include "fuzz-util.h"

/* Parses @canonical, written by @write, and checks that @write gives it back unchanged. */
static void
check_fixed_point (const char *canonical,
                   char       *(*write) (JsonObject *object))
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) again = acc_json_parse_object (canonical, &error);
  g_autofree char *rewritten = NULL;

  FUZZ_CHECK (again != NULL);
  rewritten = write (again);
  FUZZ_CHECK (strcmp (rewritten, canonical) == 0);
}

static char *
write_document (JsonObject *object)
{
  return acc_document_to_canonical (object);
}

static char *
write_json (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return acc_json_to_canonical (node);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* Documents reach the parser as NUL-terminated text: a NUL in the input ends it. */
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *document_canonical = NULL;
  g_autofree char *json_canonical = NULL;
  g_autoptr(JsonNode) reference = NULL;

  doc = acc_json_parse_object (text, &error);
  if (doc == NULL)
    {
      FUZZ_CHECK (error != NULL);
      return 0;
    }
  FUZZ_CHECK (error == NULL);

  if (!acc_document_validate (doc, &error))
    FUZZ_CHECK (error != NULL);
  g_clear_error (&error);

  document_canonical = acc_document_to_canonical (doc);
  json_canonical = write_json (doc);

  check_fixed_point (document_canonical, write_document);
  check_fixed_point (json_canonical, write_json);

  reference = json_from_string (text, NULL);
  if (reference != NULL && JSON_NODE_HOLDS_OBJECT (reference))
    {
      g_autofree char *reference_canonical = acc_json_to_canonical (reference);

      FUZZ_CHECK (strcmp (reference_canonical, json_canonical) == 0);
    }
  return 0;
}
