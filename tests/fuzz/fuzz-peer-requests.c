/* fuzz-peer-requests.c: what another desk may ask of a desk serving its day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The peer server reads request bodies (_revs_diff, _bulk_get, _bulk_docs, _all_docs with
 * keys, _local) and query parameters (since, limit, keys, startkey, open_revs) from anyone who
 * knows the school's secret. The input's first byte picks the endpoint, its first line is the
 * query string and the rest the body. Each answer, whole or streamed in steps, must be JSON;
 * nothing may crash, warn, or run without end.
 */
#define G_LOG_DOMAIN "accueil-fuzz"

#include <libsoup/soup.h>
#include <string.h>

#include "acc-peer-server-private.h"
#include "fuzz-store.h"
#include "fuzz-util.h"

/* A stream of the fuzzing store's size ends within a few steps. */
#define MAX_STEPS 64

static const Endpoint endpoints[] = {
  ENDPOINT_DATABASE, ENDPOINT_CHANGES, ENDPOINT_REVS_DIFF, ENDPOINT_BULK_GET,
  ENDPOINT_BULK_DOCS, ENDPOINT_ALL_DOCS, ENDPOINT_LOCAL_GET, ENDPOINT_LOCAL_PUT,
  ENDPOINT_DOCUMENT,
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *p = (const char *) data, *end = p + size, *newline;
  g_autofree char *query_text = NULL;
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *next = NULL;
  AccStore *store = fuzz_store_next_input (&next);
  PeerDay day = { 0 };
  PeerJob job = { 0 };

  if (size == 0)
    return 0;

  day.name = (char *) "fuzz-2026-12-26";
  day.path = (char *) ":memory:";
  day.readers = g_ptr_array_new ();
  g_ptr_array_add (day.readers, store);
  day.writer = store;
  g_mutex_init (&day.lock);
  g_mutex_init (&day.write_lock);

  job.day = &day;
  job.endpoint = endpoints[(guchar) *p++ % G_N_ELEMENTS (endpoints)];
  job.doc_id = g_strdup ("00000000-0000-4000-8000-000000000001");
  job.limits = (AccPeerServerLimits) { .max_limit = 1000 };
  newline = memchr (p, '\n', end - p);
  query_text = g_strndup (p, (newline ? newline : end) - p);
  job.query = soup_form_decode (query_text);
  if (newline != NULL && newline + 1 < end)
    job.body = g_bytes_new (newline + 1, end - newline - 1);

  for (guint step = 0; step < MAX_STEPS; step++)
    {
      _acc_peer_server_run_step (&job);
      if (job.kind == STEP_WAIT)
        break;
      FUZZ_CHECK (job.out != NULL);
      g_string_append_len (answer, g_bytes_get_data (job.out, NULL), g_bytes_get_size (job.out));
      g_clear_pointer (&job.out, g_bytes_unref);
      if (job.kind == STEP_ANSWER || job.kind == STEP_LAST)
        break;
      FUZZ_CHECK (step + 1 < MAX_STEPS);
    }

  /* The store gave its connection back. */
  FUZZ_CHECK (day.readers->len == 1);
  if (job.kind != STEP_WAIT)
    FUZZ_CHECK (json_parser_load_from_data (parser, answer->str, answer->len, NULL));

  g_clear_pointer (&job.out, g_bytes_unref);
  g_clear_pointer (&job.hlcs, g_ptr_array_unref);
  g_clear_pointer (&job.body, g_bytes_unref);
  g_hash_table_unref (job.query);
  g_free (job.doc_id);
  g_free (job.after_id);
  g_ptr_array_unref (day.readers);
  g_mutex_clear (&day.lock);
  g_mutex_clear (&day.write_lock);
  return 0;
}
