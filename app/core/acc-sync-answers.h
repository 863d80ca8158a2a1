/* acc-sync-answers.h: what a CouchDB server answers, read without trusting it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "acc-json-text.h"
#include "acc-store.h"

G_BEGIN_DECLS

/* The revisions of one answer to _bulk_get or to GET ?open_revs=…, and what else it held. */
typedef struct
{
  GPtrArray *docs;         /* JsonObject: revisions of documents that were asked for. */
  guint      n_unasked;    /* Entries about documents that were not asked for, left out. */
  guint      n_unanswered; /* Documents asked for that the answer does not mention. */
  guint      n_missing;    /* Revisions the server says it does not have (deleted since). */
} AccReceived;

/* A document that _bulk_docs did not take. */
typedef struct
{
  char *id;
  char *error;  /* "forbidden", "conflict"… */
  char *reason; /* The server's words, or NULL. */
} AccDocError;

gboolean     acc_answer_read_database   (JsonNode    *body,
                                         gint64      *doc_count,
                                         gint64      *del_count,
                                         GError     **error);
AccReceived *acc_answer_read_bulk_get   (JsonNode    *body,
                                         GHashTable  *asked,
                                         GError     **error);
AccReceived *acc_answer_read_open_revs  (JsonNode    *body,
                                         const char  *id,
                                         GError     **error);
GHashTable  *acc_answer_read_revs_diff  (JsonNode    *body,
                                         GError     **error);
GPtrArray   *acc_answer_read_bulk_docs  (JsonNode    *body,
                                         GError     **error);
char        *acc_answer_read_rev        (JsonNode    *body);
char        *acc_answer_read_saved_rev  (JsonNode    *body);
char        *acc_answer_read_reason     (JsonNode    *body);

/* What a page of _changes asks of this replica. */
typedef struct
{
  GPtrArray  *texts;     /* char *: whole first revisions, as the JSON text received. */
  GPtrArray  *wanted;    /* char *: the revisions to fetch, "<id>\n<rev>". */
  GHashTable *asked;     /* Their ids (a set of strings). */
  guint       n_refused; /* Changes that name an id or a revision that is not one. */
  const char *refusal;   /* Why the first was refused. */
} AccPagePlan;

AccPagePlan *acc_page_plan_new          (AccChangesPage *page,
                                         AccStore       *store);
void         acc_page_plan_free         (AccPagePlan    *plan);

void         acc_received_free          (AccReceived *received);
void         acc_doc_error_free         (AccDocError *doc_error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccReceived, acc_received_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccDocError, acc_doc_error_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccPagePlan, acc_page_plan_free)

G_END_DECLS
