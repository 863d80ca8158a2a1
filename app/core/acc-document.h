/* acc-document.h: the documents of a school day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ACC_DOCUMENT_SCHEMA 1

/* Limits on what a desk receives. A planning document is a few hundred bytes, a booking with
 * notes a few kilobytes; CouchDB keeps 1,000 revisions of a history by default. */
#define ACC_DOCUMENT_MAX_SIZE (256 * 1024)
#define ACC_DOCUMENT_ID_MAX 128
#define ACC_REV_HASH_MAX 64
#define ACC_REVS_MAX 1000

char       *acc_uuid_new                 (void);
char       *acc_uuid_derive              (const char  *source_id,
                                          const char  *date);
gboolean    acc_uuid_is_valid            (const char  *text);

const char *acc_document_get_string      (JsonObject  *doc,
                                          const char  *member);
gboolean    acc_document_is_desk_written (JsonObject  *doc);
void        acc_document_set_string_or_null (JsonObject *doc,
                                             const char *member,
                                             const char *value);
JsonObject *acc_document_new             (const char  *type,
                                          const char  *id);
char       *acc_document_to_canonical    (JsonObject  *doc);
char       *acc_json_to_canonical        (JsonNode    *node);
char       *acc_document_content_rev     (JsonObject  *doc);
gboolean    acc_document_validate        (JsonObject  *doc,
                                          GError     **error);
gboolean    acc_document_id_is_valid     (const char  *id);
gboolean    acc_document_check_received  (JsonObject  *doc,
                                          gsize        size,
                                          GError     **error);

gboolean    acc_rev_parse                (const char  *rev,
                                          guint64     *generation,
                                          const char **hash);
char       *acc_revisions_dup_ancestors  (JsonObject  *doc);
JsonObject *acc_revisions_new            (const char  *rev,
                                          const char  *ancestors);
int         acc_rev_compare              (const char  *a,
                                          gboolean     a_deleted,
                                          const char  *b,
                                          gboolean     b_deleted);

G_END_DECLS
