/* test-changes-feed.c: an answer of _changes cut into pages as it arrives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "acc-changes-feed.h"
#include "acc-error.h"
#include "acc-json-text.h"
#include "acc-test-util.h"

/* An answer of @n changes, seq i + 1 each, whose documents hold what a feed must not cut
 * at: commas, brackets, quotes and backslashes in strings, nested arrays. */
static char *
make_answer (guint       n,
             const char *before,
             const char *after)
{
  GString *text = g_string_new ("{");

  g_string_append (text, before);
  g_string_append (text, "\"results\" : [\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text,
                            "%s{\"seq\":%u,\"id\":\"d%u\",\"changes\":[{\"rev\":\"1-a\"}],"
                            "\"doc\":{\"_id\":\"d%u\",\"_rev\":\"1-a\",\"note\":\"a, b], "
                            "\\\"c\\\\\",\"n\":[[1,2],{\"x\":\"]}\"}]}}",
                            i > 0 ? " ,\n" : "", i + 1, i, i);
  g_string_append_printf (text, "\n]%s}", after);
  return g_string_free (text, FALSE);
}

typedef struct
{
  GPtrArray *pages;   /* AccChangesPage, as read */
  guint      n_last;  /* Pages taken as the last. */
} Taken;

static void
take_all (AccChangesFeed *feed,
          Taken          *taken)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gsize length;
      gboolean last;
      g_autofree char *text = acc_changes_feed_take_page (feed, &length, &last);
      AccChangesPage *page;

      if (text == NULL)
        break;

      page = acc_changes_page_read (text, length, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (taken->n_last, ==, 0);
      g_ptr_array_add (taken->pages, page);
      taken->n_last += last;
    }
}

/* Pushes @text in pieces of @piece bytes, taking the pages as they come. */
static Taken
cut (const char *text,
     guint       page_size,
     gsize       piece)
{
  g_autoptr(AccChangesFeed) feed = acc_changes_feed_new (page_size);
  gsize length = strlen (text);
  Taken taken = { g_ptr_array_new_with_free_func ((GDestroyNotify) acc_changes_page_free), 0 };

  for (gsize at = 0; at < length; at += piece)
    {
      acc_changes_feed_push (feed, text + at, MIN (piece, length - at));
      take_all (feed, &taken);
      /* Less than a page waits: what was cut off is not held any longer. */
      g_assert_cmpuint (acc_changes_feed_get_held (feed), <=, length);
    }
  g_assert_cmpuint (taken.n_last, ==, 0);
  acc_changes_feed_end (feed);
  take_all (feed, &taken);
  g_assert_cmpuint (taken.n_last, ==, 1);
  g_assert_true (acc_changes_feed_is_done (feed));
  g_assert_cmpuint (acc_changes_feed_get_held (feed), ==, 0);
  return taken;
}

/* Every change once, in order; each page but the last ends at the seq of its last change. */
static void
assert_pages (Taken       *taken,
              guint        n,
              guint        page_size,
              const char  *last_seq)
{
  guint next = 0;

  g_assert_cmpuint (taken->pages->len, ==, MAX (1, (n + page_size - 1) / page_size));
  for (guint p = 0; p < taken->pages->len; p++)
    {
      AccChangesPage *page = g_ptr_array_index (taken->pages, p);
      gboolean is_last = p + 1 == taken->pages->len;

      g_assert_nonnull (page->changes);
      g_assert_cmpuint (page->changes->len, ==, is_last ? n - next : page_size);
      for (guint i = 0; i < page->changes->len; i++)
        {
          AccChange *change = g_ptr_array_index (page->changes, i);
          g_autofree char *id = g_strdup_printf ("d%u", next);
          g_autofree char *seq = g_strdup_printf ("%u", next + 1);
          g_autofree char *dup_seq = acc_change_dup_seq (change);

          g_assert_cmpstr (change->id, ==, id);
          g_assert_cmpstr (dup_seq, ==, seq);
          g_assert_nonnull (strstr (change->doc, "\"note\":\"a, b], \\\"c\\\\\""));
          next++;
        }
      if (is_last)
        g_assert_cmpstr (page->last_seq, ==, last_seq);
      else
        g_assert_null (page->last_seq);
    }
  g_assert_cmpuint (next, ==, n);
}

static void
test_cut (void)
{
  static const gsize pieces[] = { 1, 7, 64, 1000, 1 << 20 };
  static const guint counts[] = { 0, 1, 4, 5, 12, 13 };

  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    for (guint p = 0; p < G_N_ELEMENTS (pieces); p++)
      {
        g_autofree char *text = make_answer (counts[c], "", ",\"last_seq\":\"77-x\"");
        Taken taken = cut (text, 4, pieces[p]);

        assert_pages (&taken, counts[c], 4, "\"77-x\"");
        g_ptr_array_unref (taken.pages);
      }
}

/* Members before "results" (last_seq among them) go with the last page only. */
static void
test_members_before (void)
{
  g_autofree char *text = make_answer (9, "\"last_seq\":42, \"a\":{\"results\":[1,2]}, "
                                       "\"b\":\"\\\"results\\\": [\", ", "");
  Taken taken = cut (text, 4, 5);

  assert_pages (&taken, 9, 4, "42");
  g_ptr_array_unref (taken.pages);
}

/* What is not an answer with a list of changes is not cut: it is the last page, whole, for
 * the page reader to say what it is. */
static void
test_not_cut (void)
{
  static const char * const texts[] = {
    "[{\"results\":[{\"seq\":1},{\"seq\":2},{\"seq\":3}]}]",
    "{\"results\":{\"a\":[{\"seq\":1},{\"seq\":2},{\"seq\":3}]},\"last_seq\":3}",
    "{\"a\":1,\"b\":[{\"seq\":1},{\"seq\":2},{\"seq\":3}]}",
    "{\"res\\u0075lts\":[{\"seq\":1},{\"seq\":2},{\"seq\":3}],\"last_seq\":3}",
    "{\"a\":1 \"results\":[{\"seq\":1},{\"seq\":2},{\"seq\":3}],\"last_seq\":3}",
    "{\"a\":1]\"results\":[{\"seq\":1},{\"seq\":2},{\"seq\":3}],\"last_seq\":3}",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(AccChangesFeed) feed = acc_changes_feed_new (1);
      g_autofree char *page = NULL;
      gsize length;
      gboolean last;

      acc_changes_feed_push (feed, texts[i], strlen (texts[i]));
      g_assert_null (acc_changes_feed_take_page (feed, &length, &last));
      acc_changes_feed_end (feed);
      page = acc_changes_feed_take_page (feed, &length, &last);
      g_assert_true (last);
      g_assert_cmpstr (page, ==, texts[i]);
      g_assert_cmpuint (length, ==, strlen (texts[i]));
      g_assert_null (acc_changes_feed_take_page (feed, &length, &last));
    }
}

/* An answer that breaks in its list: what was whole before is cut, the rest is read whole
 * with the start of the answer, and refused there. */
static void
test_broken (void)
{
  static const char text[] = "{\"results\":[{\"seq\":1},{\"seq\":2},,{\"seq\":3},{\"seq\":4}],"
                             "\"last_seq\":4}";
  g_autoptr(AccChangesFeed) feed = acc_changes_feed_new (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(AccChangesPage) page = NULL;
  g_autofree char *first = NULL, *second = NULL, *rest = NULL;
  gsize length;
  gboolean last;

  acc_changes_feed_push (feed, text, strlen (text));
  first = acc_changes_feed_take_page (feed, &length, &last);
  g_assert_cmpstr (first, ==, "{\"results\":[{\"seq\":1}]}");
  g_assert_false (last);
  second = acc_changes_feed_take_page (feed, &length, &last);
  g_assert_cmpstr (second, ==, "{\"results\":[{\"seq\":2}]}");
  g_assert_null (acc_changes_feed_take_page (feed, &length, &last));
  acc_changes_feed_end (feed);
  rest = acc_changes_feed_take_page (feed, &length, &last);
  g_assert_true (last);
  g_assert_cmpstr (rest, ==, "{\"results\":[,{\"seq\":3},{\"seq\":4}],\"last_seq\":4}");
  page = acc_changes_page_read (rest, length, &error);
  g_assert_null (page);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
}

/* Once an answer has arrived whole, its end says where the next starts, before its pages are
 * taken; the pages are taken as before, all of them. */
static void
test_end_before_pages (void)
{
  static const char * const members[][2] = {
    { "", ",\"last_seq\":\"77-x\", \"pending\": 0" },
    { "\"last_seq\":42, ", "" },
  };
  static const char * const expected[] = { "\"77-x\"", "42" };

  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      g_autofree char *text = make_answer (9, members[m][0], members[m][1]);
      g_autoptr(AccChangesFeed) feed = acc_changes_feed_new (4);
      g_autoptr(AccChangesPage) end = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *first = NULL, *end_text = NULL;
      Taken taken = { g_ptr_array_new_with_free_func ((GDestroyNotify) acc_changes_page_free), 0 };
      gsize length;
      gboolean last;

      acc_changes_feed_push (feed, text, strlen (text));
      g_assert_null (acc_changes_feed_dup_end (feed, &length));
      first = acc_changes_feed_take_page (feed, &length, &last);
      g_assert_nonnull (first);
      acc_changes_feed_end (feed);
      g_assert_cmpuint (acc_changes_feed_get_n_changes (feed), ==, 9);

      end_text = acc_changes_feed_dup_end (feed, &length);
      g_assert_nonnull (end_text);
      g_assert_cmpuint (length, ==, strlen (end_text));
      end = acc_changes_page_read (end_text, length, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (end->changes->len, ==, 0);
      g_assert_cmpstr (end->last_seq, ==, expected[m]);

      g_ptr_array_add (taken.pages, acc_changes_page_read (first, strlen (first), &error));
      g_assert_no_error (error);
      take_all (feed, &taken);
      assert_pages (&taken, 9, 4, expected[m]);
      g_assert_null (acc_changes_feed_dup_end (feed, &length));
      g_ptr_array_unref (taken.pages);
    }
}

/* A byte NUL in a string does not end the string for the feed: the text is cut where its
 * entries end, for the page reader to refuse what is not JSON. */
static void
test_nul_in_string (void)
{
  static const char text[] = "{\"results\":[{\"id\":\"a\0\\\",]\"},{\"id\":\"b\"}],"
                             "\"last_seq\":2}";
  static const char page[] = "{\"results\":[{\"id\":\"a\0\\\",]\"}]}";
  g_autoptr(AccChangesFeed) feed = acc_changes_feed_new (1);
  g_autofree char *first = NULL, *rest = NULL;
  gsize length;
  gboolean last;

  acc_changes_feed_push (feed, text, sizeof text - 1);
  first = acc_changes_feed_take_page (feed, &length, &last);
  g_assert_false (last);
  g_assert_cmpmem (first, length, page, sizeof page - 1);
  acc_changes_feed_end (feed);
  rest = acc_changes_feed_take_page (feed, &length, &last);
  g_assert_true (last);
  g_assert_cmpstr (rest, ==, "{\"results\":[{\"id\":\"b\"}],\"last_seq\":2}");
}

/* A change's seq, the checkpoint after it, in the form every checkpoint is kept in. */
static void
test_change_seq (void)
{
  static const char text[] =
    "{\"results\":[{\"seq\":12},{\"seq\":\"3-g1AA\\u0041\"},{\"seq\":[3, \"x\"]},{\"seq\":null},"
    "{\"id\":\"a\"}],\"last_seq\":0}";
  g_autoptr(GError) error = NULL;
  g_autoptr(AccChangesPage) page = acc_changes_page_read (text, strlen (text), &error);
  static const char * const expected[] = { "12", "\"3-g1AAA\"", "[3,\"x\"]", NULL, NULL };

  g_assert_no_error (error);
  g_assert_cmpuint (page->changes->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < page->changes->len; i++)
    {
      g_autofree char *seq = acc_change_dup_seq (g_ptr_array_index (page->changes, i));

      g_assert_cmpstr (seq, ==, expected[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/changes-feed/cut", test_cut);
  g_test_add_func ("/changes-feed/members-before", test_members_before);
  g_test_add_func ("/changes-feed/not-cut", test_not_cut);
  g_test_add_func ("/changes-feed/broken", test_broken);
  g_test_add_func ("/changes-feed/end-before-pages", test_end_before_pages);
  g_test_add_func ("/changes-feed/nul-in-string", test_nul_in_string);
  g_test_add_func ("/changes-feed/change-seq", test_change_seq);

  return g_test_run ();
}
