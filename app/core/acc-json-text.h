/* acc-json-text.h: JSON text read without JSON-GLib's parser where it costs most
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The deepest nesting read from the network. A school's documents are three levels deep, a
 * server's answers three more; deeper text is refused before it is followed. */
#define ACC_JSON_MAX_DEPTH 64

/* One entry of "results". Members the feed did not send, or sent with another type, are
 * NULL or FALSE. */
typedef struct
{
  char      *id;
  char      *seq;      /* Its "seq", as the JSON text received. */
  GPtrArray *revs;     /* The leaf revisions listed under "changes". */
  gboolean   deleted;
  char      *doc;      /* The "doc" object's JSON text, as received, when it is an object. */
  char      *doc_id;   /* Its "_id", "_rev" and "hlc" (a fact's clock). */
  char      *doc_rev;
  char      *doc_hlc;
} AccChange;

typedef struct
{
  GPtrArray *changes;  /* AccChange; NULL when "results" is missing or not an array. */
  char      *last_seq; /* Canonical JSON; NULL when missing. */
} AccChangesPage;

AccChangesPage *acc_changes_page_read (const char      *text,
                                       gsize            length,
                                       GError         **error);
void            acc_changes_page_free (AccChangesPage  *page);
char           *acc_change_dup_seq    (const AccChange *change);

JsonNode       *acc_json_parse        (const char      *text,
                                       gsize            length,
                                       GError         **error);
JsonObject     *acc_json_parse_object (const char      *text,
                                       GError         **error);

JsonObject     *acc_json_as_object    (JsonNode        *node);
JsonArray      *acc_json_as_array     (JsonNode        *node);
const char     *acc_json_as_string    (JsonNode        *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccChangesPage, acc_changes_page_free)

G_END_DECLS
