/* acc-store-search.c: the search terms of participants, and the search that reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-store"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "acc-text.h"

#include "acc-store-private.h"

#define SEARCH_MAX_TOKENS 4

/* Search terms */

static void
add_terms (GPtrArray  *terms,
           const char *text,
           gboolean    compact)
{
  g_autoptr(GPtrArray) tokens = NULL;

  if (text == NULL || *text == '\0')
    return;

  tokens = acc_text_tokens (text);
  for (guint i = 0; i < tokens->len; i++)
    g_ptr_array_add (terms, g_strdup (g_ptr_array_index (tokens, i)));

  /* "Saint-Martin", "D'Angelo" and "van den Berg" are also typed as one word. */
  if (compact && tokens->len > 1)
    {
      GString *joined = g_string_new (NULL);

      for (guint i = 0; i < tokens->len; i++)
        g_string_append (joined, g_ptr_array_index (tokens, i));
      g_ptr_array_add (terms, g_string_free (joined, FALSE));
    }
}

static void
add_phone_term (GPtrArray  *terms,
                const char *phone)
{
  g_autofree char *digits = NULL;

  if (phone == NULL)
    return;

  digits = acc_text_digits (phone);
  if (strlen (digits) >= 4)
    {
      g_autofree char *reversed = g_strreverse (g_steal_pointer (&digits));
      g_ptr_array_add (terms, g_strconcat ("#", reversed, NULL));
    }
}

/* Writes the search terms of a participant, or with @only_complete, leaves them as they are
 * and returns %FALSE in @written while its booking or its customer has not arrived. */
static gboolean
write_terms (AccStore    *self,
             const char  *participant_id,
             gboolean     only_complete,
             gboolean    *written,
             GError     **error)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  sqlite3_int64 n = 0;
  sqlite3_stmt *s;
  int rc;

  s = acc_store_stmt (self, STMT_TERMS_SOURCE);
  acc_store_bind_text (s, 1, participant_id);
  rc = acc_store_step_row (self, s, error);
  if (STEP_FAILED (rc))
    return FALSE;
  *written = !only_complete || rc != SQLITE_ROW || sqlite3_column_int (s, 7);
  if (!*written)
    {
      sqlite3_reset (s);
      return TRUE;
    }
  if (rc == SQLITE_ROW)
    {
      const char *reference = (const char *) sqlite3_column_text (s, 2);

      n = sqlite3_column_int64 (s, 8);
      add_terms (terms, (const char *) sqlite3_column_text (s, 0), TRUE);
      add_terms (terms, (const char *) sqlite3_column_text (s, 1), TRUE);
      add_terms (terms, (const char *) sqlite3_column_text (s, 3), TRUE);
      add_terms (terms, (const char *) sqlite3_column_text (s, 4), TRUE);
      add_phone_term (terms, (const char *) sqlite3_column_text (s, 5));
      add_phone_term (terms, (const char *) sqlite3_column_text (s, 6));
      if (reference != NULL)
        {
          g_autofree char *key = acc_text_reference_key (reference);
          g_ptr_array_add (terms, g_ascii_strdown (key, -1));
        }
    }
  sqlite3_reset (s);

  s = acc_store_stmt (self, STMT_TERMS_DELETE);
  acc_store_bind_text (s, 1, participant_id);
  if (!acc_store_step_done (self, s, error))
    return FALSE;

  /* A child's family name is often its parent's: each term once. */
  g_ptr_array_sort (terms, acc_store_compare_strings_ptr);
  s = acc_store_stmt (self, STMT_TERM_INSERT);
  for (guint i = 0; i < terms->len; i++)
    {
      if (i > 0 && strcmp (g_ptr_array_index (terms, i), g_ptr_array_index (terms, i - 1)) == 0)
        continue;
      sqlite3_reset (s);
      acc_store_bind_text (s, 1, g_ptr_array_index (terms, i));
      sqlite3_bind_int64 (s, 2, n);
      if (!acc_store_step_done (self, s, error))
        return FALSE;
    }

  return TRUE;
}

/* The participant's terms are written once, when the transaction commits (see
 * acc_store_write_stale_terms()). */
void
acc_store_mark_terms_stale (AccStore   *self,
                            const char *participant_id)
{
  if (!g_hash_table_contains (self->stale_terms, participant_id))
    g_hash_table_add (self->stale_terms, g_strdup (participant_id));
}

gboolean
acc_store_write_stale_terms (AccStore  *self,
                             GError   **error)
{
  g_autofree gpointer *ids = NULL;
  guint n_ids = 0;
  sqlite3_stmt *s;
  int rc;

  if (self->terms_mode == TERMS_WAITING)
    {
      s = acc_store_stmt (self, STMT_STALE_TERMS_LIST);
      while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
        acc_store_mark_terms_stale (self, (const char *) sqlite3_column_text (s, 0));
      sqlite3_reset (s);
      if (rc != SQLITE_DONE ||
          !acc_store_step_done (self, acc_store_stmt (self, STMT_STALE_TERMS_CLEAR), error))
        return FALSE;
    }

  if (g_hash_table_size (self->stale_terms) == 0)
    return TRUE;

  /* In order, the index pages are visited once each. */
  ids = g_hash_table_get_keys_as_array (self->stale_terms, &n_ids);
  qsort (ids, n_ids, sizeof (gpointer), acc_store_compare_strings_ptr);
  for (guint i = 0; i < n_ids; i++)
    {
      gboolean complete = self->terms_mode == TERMS_COMPLETE;
      gboolean written;

      if (!write_terms (self, ids[i], complete, &written, error))
        return FALSE;
      if (!complete)
        continue;

      /* A family completed by this batch may have been recorded by an earlier one. */
      s = acc_store_stmt (self, written ? STMT_STALE_TERMS_FORGET : STMT_STALE_TERMS_ADD);
      acc_store_bind_text (s, 1, ids[i]);
      if (!acc_store_step_done (self, s, error))
        return FALSE;
    }

  g_hash_table_remove_all (self->stale_terms);
  return TRUE;
}

gboolean
acc_store_mark_terms_stale_of (AccStore    *self,
                               StmtId       query,
                               const char  *id,
                               GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *s = acc_store_stmt (self, query);
  int rc;

  acc_store_bind_text (s, 1, id);
  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    g_ptr_array_add (ids, acc_store_column_dup (s, 0));
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    acc_store_mark_terms_stale (self, g_ptr_array_index (ids, i));

  return TRUE;
}

/* The search */

static gboolean
search_participants (AccStore    *self,
                     GPtrArray   *tokens,
                     guint        limit,
                     GHashTable  *found,
                     GError     **error)
{
  static const StmtId by_count[] = { STMT_SEARCH_1, STMT_SEARCH_2, STMT_SEARCH_3, STMT_SEARCH_4 };
  g_autoptr(GPtrArray) ends = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *s;
  guint n = MIN (tokens->len, SEARCH_MAX_TOKENS);
  int rc;

  s = acc_store_stmt (self, by_count[n - 1]);
  for (guint i = 0; i < n; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);
      char *end = acc_text_prefix_end (token);

      g_ptr_array_add (ends, end);
      acc_store_bind_text (s, 2 * i + 1, token);
      acc_store_bind_text (s, 2 * i + 2, end);
    }
  sqlite3_bind_int (s, 9, limit);

  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    g_hash_table_add (found, acc_store_column_dup (s, 0));
  sqlite3_reset (s);

  return rc == SQLITE_DONE;
}

static int
compare_length_desc (gconstpointer a,
                     gconstpointer b)
{
  return (int) strlen (*(const char * const *) b) - (int) strlen (*(const char * const *) a);
}

/**
 * acc_store_search:
 * @self: a #AccStore
 * @text: what the desk typed: names (any case, with or without accents, any prefix), a
 *   booking reference, or the last four or more digits of a phone number
 * @limit: the most enrollments to return
 *
 * Every word of @text must start a word of the participant's or the payer's name, or the
 * booking reference. Each word is one range of an index: no scan, whatever the day's size.
 *
 * Returns: (transfer full) (element-type AccEnrollmentRow): the matching enrollments, grouped
 *   by booking.
 */
GPtrArray *
acc_store_search (AccStore    *self,
                  const char  *text,
                  guint        limit,
                  GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_enrollment_row_free);
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *digits = NULL;
  g_autofree GStrv ids = NULL;
  gboolean all_digits = TRUE;
  guint n_ids;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (limit == 0)
    limit = 200;

  tokens = acc_text_tokens (text);
  if (tokens->len == 0)
    return g_steal_pointer (&rows);

  for (guint i = 0; i < tokens->len && all_digits; i++)
    for (const char *p = g_ptr_array_index (tokens, i); *p && all_digits; p++)
      all_digits = g_ascii_isdigit (*p);

  /* The last digits of a phone number, however they are grouped. */
  digits = acc_text_digits (text);
  if (all_digits && strlen (digits) >= 4)
    {
      g_autoptr(GPtrArray) phone = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (phone, g_strconcat ("#", g_strreverse (digits), NULL));
      if (!search_participants (self, phone, limit, found, error))
        return NULL;
    }

  /* A reference typed with a dash or a space ("KM7-PX3"), or a compound name typed in
   * parts, is also looked up as one word. */
  if (tokens->len > 1)
    {
      g_autoptr(GPtrArray) joined = g_ptr_array_new_with_free_func (g_free);
      GString *word = g_string_new (NULL);

      for (guint i = 0; i < tokens->len; i++)
        g_string_append (word, g_ptr_array_index (tokens, i));
      g_ptr_array_add (joined, g_string_free (word, FALSE));
      if (!search_participants (self, joined, limit, found, error))
        return NULL;
    }

  /* The longest word is usually the most selective: let it drive the index range. */
  g_ptr_array_sort (tokens, compare_length_desc);
  if (!search_participants (self, tokens, limit, found, error))
    return NULL;

  ids = (GStrv) g_hash_table_get_keys_as_array (found, &n_ids);
  qsort (ids, n_ids, sizeof (char *), acc_store_compare_strings_ptr);
  for (guint i = 0; i < n_ids; i++)
    if (!acc_store_collect_rows (self, STMT_ROWS_OF_PARTICIPANT, ids[i], rows, error))
      return NULL;

  g_ptr_array_sort (rows, acc_store_compare_rows);
  if (rows->len > limit)
    g_ptr_array_set_size (rows, limit);

  return g_steal_pointer (&rows);
}
