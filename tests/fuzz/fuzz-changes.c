/* fuzz-changes.c: the reader of a page of the _changes feed, and the feed that cuts an answer
 * into pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pull reads every answer the server sends through AccChangesFeed, which cuts it into pages
 * as it arrives, and every page with acc_changes_page_read() before anything of it is stored,
 * so both see raw network bytes, in pieces of any size.
 */
#define G_LOG_DOMAIN "accueil-fuzz"

#include "acc-changes-feed.h"
#include "acc-json-text.h"
#include "fuzz-util.h"

/* Small pages, so that short inputs are cut too. */
#define PAGE_SIZE 3

/* Takes every page the feed has whole; says whether each was read. */
static void
take_pages (AccChangesFeed *feed,
            gboolean        whole_is_page,
            gboolean       *last_taken)
{
  char *text;
  gsize length;
  gboolean last;

  while ((text = acc_changes_feed_take_page (feed, &length, &last)) != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AccChangesPage) page = acc_changes_page_read (text, length, &error);

      FUZZ_CHECK ((page != NULL) != (error != NULL));
      /* The pages of an answer that is a page are pages. */
      FUZZ_CHECK (page != NULL || !whole_is_page);
      FUZZ_CHECK (!*last_taken);
      *last_taken = last;
      for (guint i = 0; page != NULL && page->changes != NULL && i < page->changes->len; i++)
        g_free (acc_change_dup_seq (g_ptr_array_index (page->changes, i)));
      g_free (text);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccChangesPage) page = NULL;
  g_autoptr(AccChangesFeed) feed = acc_changes_feed_new (PAGE_SIZE);
  gsize piece = size > 0 ? 1 + data[0] % 64 : 1;
  gboolean last_taken = FALSE;

  page = acc_changes_page_read ((const char *) data, size, &error);

  /* A page, or an error that says why not. */
  FUZZ_CHECK ((page != NULL) != (error != NULL));

  /* The same bytes as an answer arriving in pieces. */
  for (gsize at = 0; at < size; at += piece)
    {
      acc_changes_feed_push (feed, (const char *) data + at, MIN (piece, size - at));
      take_pages (feed, page != NULL, &last_taken);
      FUZZ_CHECK (!last_taken);
    }
  acc_changes_feed_end (feed);
  take_pages (feed, page != NULL, &last_taken);
  FUZZ_CHECK (last_taken && acc_changes_feed_is_done (feed));
  FUZZ_CHECK (acc_changes_feed_get_held (feed) == 0);
  return 0;
}
