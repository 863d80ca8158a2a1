/* acc-changes-feed.c: an answer of _changes cut into pages as it arrives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pull asks for many changes at once, so that a link's latency is paid once for them, not
 * once for every page, and reads the answer as it arrives: every page_size whole entries of
 * its "results" are cut off as the text of a page of their own, {"results":[…]}, which the
 * pull reads with acc_changes_page_read() like any answer and stores with the checkpoint of
 * its last change. The rest of the answer (the entries after the last cut, and what follows
 * the array, with its last_seq) is the last page, with what preceded the array.
 *
 * Nothing here trusts the text: it only looks for the commas between the entries of the
 * array, outside strings, and hands on what it cuts for the page reader to check. An answer
 * that is not an object with an array of "results", or that breaks before one is found, is
 * not cut at all: it is read whole, as one last page, and refused there if it is not a page.
 *
 * What arrives is looked at once, as it arrives, however many pages it holds: the pull reads
 * an answer to its end while its pages wait for the worker, and asks for the next answer as
 * soon as this one ends, with the last_seq of its end (acc_changes_feed_dup_end()), before
 * its pages are all taken.
 */
#define G_LOG_DOMAIN "accueil-sync"

#include "config.h"

#include <string.h>

#include "acc-changes-feed.h"

typedef enum
{
  BEFORE_RESULTS, /* In the answer's object, before its array of "results". */
  IN_RESULTS,     /* In that array: whole entries are cut off as pages. */
  AFTER_RESULTS,  /* After it: the rest goes with the last page. */
  UNCUT,          /* It is not cut: the whole answer is the last page. */
} Phase;

/* Where the scan is among the members of the answer's object (at depth 1). */
typedef enum
{
  WANT_NAME,
  IN_NAME,
  WANT_COLON,
  WANT_VALUE,
  IN_VALUE,
} Member;

struct _AccChangesFeed
{
  guint     page_size;
  GString  *head;         /* The answer up to the "[" of its "results", once found. */
  GString  *text;         /* What was received after it and not taken yet. */
  gsize     scanned;      /* The bytes of text already looked at. */
  Phase     phase;
  guint     depth;        /* Of the objects and arrays open at text[scanned]. */
  gboolean  in_string;
  gboolean  escaped;

  /* BEFORE_RESULTS */
  Member    member;
  gsize     name_start;   /* Where the member's name starts (its quote). */
  gboolean  results_name; /* The member is "results". */

  /* IN_RESULTS */
  gboolean  in_entry;     /* An entry began after the last comma. */
  guint     n_entries;    /* Whole entries after the last cut, in text[0, scanned). */
  GArray   *cuts;         /* Where pages end in text: the comma after their last entry. */
  guint64   n_changes;    /* Entries of the array found so far, taken or not. */

  /* AFTER_RESULTS */
  gsize     results_end;  /* Where the array ends in text: its "]". */

  gboolean  ended;        /* The whole answer was pushed. */
  gboolean  done;         /* Its last page was taken. */
};

/**
 * acc_changes_feed_new:
 * @page_size: the entries of a page
 *
 * Returns: (transfer full): a feed for one answer of _changes
 */
AccChangesFeed *
acc_changes_feed_new (guint page_size)
{
  AccChangesFeed *feed = g_new0 (AccChangesFeed, 1);

  g_return_val_if_fail (page_size > 0, NULL);

  feed->page_size = page_size;
  feed->head = g_string_new (NULL);
  feed->text = g_string_new (NULL);
  feed->cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  return feed;
}

void
acc_changes_feed_free (AccChangesFeed *feed)
{
  if (feed == NULL)
    return;

  g_string_free (feed->head, TRUE);
  g_string_free (feed->text, TRUE);
  g_array_unref (feed->cuts);
  g_free (feed);
}

/* Adds what was received of the answer. */
void
acc_changes_feed_push (AccChangesFeed *feed,
                       const char     *data,
                       gsize           length)
{
  g_return_if_fail (!feed->ended);

  g_string_append_len (feed->text, data, length);
}

/* Says that the whole answer was pushed: what is left is its last page. */
void
acc_changes_feed_end (AccChangesFeed *feed)
{
  feed->ended = TRUE;
}

/* The bytes received and not taken yet: a page is cut off at most this long. */
gsize
acc_changes_feed_get_held (AccChangesFeed *feed)
{
  return feed->head->len + feed->text->len;
}

/* Whether the last page was taken. */
gboolean
acc_changes_feed_is_done (AccChangesFeed *feed)
{
  return feed->done;
}

/* A byte of a value, outside strings: a string begins, an object or array opens or closes. */
static void
step_in_value (AccChangesFeed *feed,
               char            c)
{
  if (c == '"')
    feed->in_string = TRUE;
  else if (c == '{' || c == '[')
    feed->depth++;
  else if (c == '}' || c == ']')
    feed->depth--;
}

/* The next byte @c, at text[@i], of the answer's object before its "results"; FALSE when
 * the answer is not to be cut. */
static gboolean
scan_members (AccChangesFeed *feed,
              gsize           i,
              char            c)
{
  if (feed->depth == 0)
    {
      if (c != '{')
        return FALSE;
      feed->depth = 1;
      feed->member = WANT_NAME;
      return TRUE;
    }

  if (feed->depth == 1)
    switch (feed->member)
      {
      case WANT_NAME:
        if (c != '"')
          return FALSE;
        feed->in_string = TRUE;
        feed->member = IN_NAME;
        feed->name_start = i;
        return TRUE;
      case IN_NAME:
        g_assert_not_reached ();
      case WANT_COLON:
        if (c != ':')
          return FALSE;
        feed->member = WANT_VALUE;
        return TRUE;
      case WANT_VALUE:
        feed->member = IN_VALUE;
        if (c == '[' && feed->results_name)
          {
            /* The entries begin: what came before goes with the last page. */
            g_string_append_len (feed->head, feed->text->str, i + 1);
            g_string_erase (feed->text, 0, i + 1);
            feed->scanned = 0;
            feed->phase = IN_RESULTS;
            feed->depth = 2;
            return TRUE;
          }
        break;
      case IN_VALUE:
        if (c == ',')
          {
            feed->member = WANT_NAME;
            return TRUE;
          }
        /* The object ends without "results", or breaks. */
        if (c == '}' || c == ']')
          return FALSE;
        break;
      default:
        g_assert_not_reached ();
      }

  step_in_value (feed, c);
  return TRUE;
}

/* The next byte @c of the array of "results"; FALSE when the answer breaks. */
static gboolean
scan_entries (AccChangesFeed *feed,
              gsize           i,
              char            c)
{
  if (feed->depth == 2)
    {
      if (c == ',')
        {
          /* An empty entry is no JSON: nothing more is cut. */
          if (!feed->in_entry)
            return FALSE;
          feed->in_entry = FALSE;
          feed->n_changes++;
          if (++feed->n_entries == feed->page_size)
            {
              g_array_append_val (feed->cuts, i);
              feed->n_entries = 0;
            }
          return TRUE;
        }
      if (c == ']')
        {
          feed->n_changes += feed->in_entry;
          feed->phase = AFTER_RESULTS;
          feed->results_end = i;
          return TRUE;
        }
      if (c == '}')
        return FALSE;
      feed->in_entry = TRUE;
    }

  step_in_value (feed, c);
  return TRUE;
}

/* Looks at what was received and not looked at yet, up to the end of the array. */
static void
scan (AccChangesFeed *feed)
{
  while (feed->scanned < feed->text->len &&
         (feed->phase == BEFORE_RESULTS || feed->phase == IN_RESULTS))
    {
      gsize i;
      char c;

      /* Most of an answer is the text of its documents' strings: on at once to the next
       * quote or backslash (or a NUL, looked at below like any byte of a string). The text
       * ends with a NUL. */
      if (feed->in_string && !feed->escaped)
        {
          feed->scanned += strcspn (feed->text->str + feed->scanned, "\"\\");
          if (feed->scanned >= feed->text->len)
            break;
        }

      i = feed->scanned++;
      c = feed->text->str[i];

      if (feed->in_string)
        {
          if (feed->escaped)
            feed->escaped = FALSE;
          else if (c == '\\')
            feed->escaped = TRUE;
          else if (c == '"')
            {
              feed->in_string = FALSE;
              if (feed->phase == BEFORE_RESULTS && feed->member == IN_NAME)
                {
                  feed->results_name = i - feed->name_start == strlen ("\"results") &&
                                       memcmp (feed->text->str + feed->name_start,
                                               "\"results", strlen ("\"results")) == 0;
                  feed->member = WANT_COLON;
                }
            }
          continue;
        }

      if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
        continue;

      if (!(feed->phase == BEFORE_RESULTS ? scan_members (feed, i, c)
                                          : scan_entries (feed, i, c)))
        feed->phase = UNCUT;
    }
}

/**
 * acc_changes_feed_take_page:
 * @length: (out): the length of the page's text
 * @last: (out): whether it is the last page of the answer
 *
 * Returns: (transfer full) (nullable): the text of the next page, or %NULL when the next one
 *   has not been received whole yet, or after the last
 */
char *
acc_changes_feed_take_page (AccChangesFeed *feed,
                            gsize          *length,
                            gboolean       *last)
{
  GString *page;

  *last = FALSE;
  *length = 0;
  if (feed->done)
    return NULL;

  scan (feed);
  if (feed->cuts->len > 0)
    {
      gsize cut = g_array_index (feed->cuts, gsize, 0);

      page = g_string_sized_new (cut + 16);
      g_string_append (page, "{\"results\":[");
      g_string_append_len (page, feed->text->str, cut);
      g_string_append (page, "]}");
      g_string_erase (feed->text, 0, cut + 1);
      g_array_remove_index (feed->cuts, 0);
      for (guint i = 0; i < feed->cuts->len; i++)
        g_array_index (feed->cuts, gsize, i) -= cut + 1;
      feed->scanned -= cut + 1;
      if (feed->phase == AFTER_RESULTS)
        feed->results_end -= cut + 1;
      *length = page->len;
      return g_string_free (page, FALSE);
    }

  if (!feed->ended)
    return NULL;

  /* The rest of the answer, with its last_seq. */
  page = g_string_sized_new (feed->head->len + feed->text->len);
  g_string_append_len (page, feed->head->str, feed->head->len);
  g_string_append_len (page, feed->text->str, feed->text->len);
  g_string_truncate (feed->head, 0);
  g_string_truncate (feed->text, 0);
  feed->done = TRUE;
  *last = TRUE;
  *length = page->len;
  return g_string_free (page, FALSE);
}

/**
 * acc_changes_feed_dup_end:
 * @length: (out): the length of the text
 *
 * Once the whole answer was pushed, and cut: what it says besides its changes, as the text of
 * a page without any (with its last_seq), to learn where the next answer starts before the
 * pages are all taken. The pages are taken and read as before: this text only repeats a part.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when the answer has not ended, was
 *   not cut, or its pages were all taken
 */
char *
acc_changes_feed_dup_end (AccChangesFeed *feed,
                          gsize          *length)
{
  GString *page;

  *length = 0;
  if (!feed->ended || feed->done)
    return NULL;

  scan (feed);
  if (feed->phase != AFTER_RESULTS)
    return NULL;

  page = g_string_sized_new (feed->head->len + feed->text->len - feed->results_end);
  g_string_append_len (page, feed->head->str, feed->head->len);
  g_string_append_len (page, feed->text->str + feed->results_end,
                       feed->text->len - feed->results_end);
  *length = page->len;
  return g_string_free (page, FALSE);
}

/* The entries of the answer's array found so far, taken or not. */
guint64
acc_changes_feed_get_n_changes (AccChangesFeed *feed)
{
  return feed->n_changes;
}
