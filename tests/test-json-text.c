/* test-json-text.c: reading a page of the _changes feed, and documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "acc-json-text.h"
#include "acc-document.h"
#include "acc-error.h"
#include "acc-test-util.h"

static AccChangesPage *
read_page (const char *text)
{
  g_autoptr(GError) error = NULL;
  AccChangesPage *page = acc_changes_page_read (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (page);
  return page;
}

static AccChange *
change_at (AccChangesPage *page,
           guint           i)
{
  g_assert_cmpuint (i, <, page->changes->len);
  return g_ptr_array_index (page->changes, i);
}

/* Each change's envelope, and its document's text exactly as sent. */
static void
test_read (void)
{
  static const char doc[] =
    "{\"_id\":\"p1\",\"_rev\":\"1-abc\",\"type\":\"participant\",\"hlc\":\"0001-a\","
    "\"pickup_adults\":[\"A\",{\"x\":[1,2.5e-3,-0]}],\"note\":\"l\\u00e9a \\\"x\\\"\"}";
  g_autofree char *text = g_strdup_printf (
    " {\"results\":[\n"
    "  {\"seq\":1,\"id\":\"p1\",\"changes\":[{\"rev\":\"1-abc\"}],\"doc\":%s},\n"
    "  {\"seq\":\"2-opaque\",\"id\":\"b\\u00e9\",\"changes\":[{\"rev\":\"2-x\"},{\"rev\":\"2-y\"}],"
    "\"deleted\":true},\n"
    "  {\"id\":7,\"changes\":\"none\",\"deleted\":false,\"doc\":null},\n"
    "  [\"not a change\"]\n"
    " ],\"last_seq\":\"3-g1AAAA\",\"pending\":0}\n", doc);
  g_autoptr(AccChangesPage) page = read_page (text);
  AccChange *change;

  g_assert_cmpstr (page->last_seq, ==, "\"3-g1AAAA\"");
  g_assert_cmpuint (page->changes->len, ==, 3);

  change = change_at (page, 0);
  g_assert_cmpstr (change->id, ==, "p1");
  g_assert_cmpuint (change->revs->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (change->revs, 0), ==, "1-abc");
  g_assert_false (change->deleted);
  g_assert_cmpstr (change->doc, ==, doc);
  g_assert_cmpstr (change->doc_id, ==, "p1");
  g_assert_cmpstr (change->doc_rev, ==, "1-abc");
  g_assert_cmpstr (change->doc_hlc, ==, "0001-a");

  change = change_at (page, 1);
  g_assert_cmpstr (change->id, ==, "bé");
  g_assert_cmpuint (change->revs->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (change->revs, 1), ==, "2-y");
  g_assert_true (change->deleted);
  g_assert_null (change->doc);

  /* Members of the wrong kind are as good as absent. */
  change = change_at (page, 2);
  g_assert_null (change->id);
  g_assert_null (change->revs);
  g_assert_false (change->deleted);
  g_assert_null (change->doc);
  g_assert_null (change->doc_id);
}

static void
test_last_seq_number (void)
{
  g_autoptr(AccChangesPage) page = read_page ("{\"last_seq\":50193,\"results\":[]}");

  g_assert_cmpstr (page->last_seq, ==, "50193");
  g_assert_cmpuint (page->changes->len, ==, 0);
}

/* Escapes in member names and a character beyond the first plane, in two halves. */
static void
test_escapes (void)
{
  g_autoptr(AccChangesPage) page =
    read_page ("{\"res\\u0075lts\":[{\"\\u0069d\":\"\\ud83c\\udfbf\\/\\n\"}],\"last_seq\":0}");

  g_assert_cmpstr (change_at (page, 0)->id, ==, "\xf0\x9f\x8e\xbf/\n");
}

/* Truncated anywhere, or broken, the page is refused whole. */
static void
test_malformed (void)
{
  static const char whole[] =
    "{\"results\":[{\"seq\":1,\"id\":\"p1\",\"changes\":[{\"rev\":\"1-abc\"}],"
    "\"doc\":{\"_id\":\"p1\",\"_rev\":\"1-abc\",\"n\":-1.5e+3,\"o\":0,\"h\":0.25,"
    "\"t\":true,\"z\":null}}],"
    "\"last_seq\":1}";
  static const char * const broken[] = {
    "",
    "[]",
    "{\"results\":[],\"last_seq\":1} x",
    "{\"results\":[],\"last_seq\":1,}",
    "{\"results\":[,],\"last_seq\":1}",
    "{\"results\":[{\"id\":\"a\" \"b\"}],\"last_seq\":1}",
    "{\"results\":[{\"id\":\"a\\x\"}],\"last_seq\":1}",
    "{\"results\":[{\"id\":\"a\\ud83c\"}],\"last_seq\":1}",
    "{\"results\":[{\"id\":\"tab\there\"}],\"last_seq\":1}",
    "{\"results\":[{\"doc\":{\"n\":01x}}],\"last_seq\":1}",
    "{\"results\":[{\"doc\":{\"n\":1.}}],\"last_seq\":1}",
    "{\"results\":[{\"doc\":{\"n\":007}}],\"last_seq\":1}",
    "{\"results\":[{\"doc\":{\"name\":\"caf\xe9\"}}],\"last_seq\":1}",
    "{\"results\":[{\"doc\":{\"t\":tru}}],\"last_seq\":1}",
    "{\"results\":[{\"id\":\"\xff\"}],\"last_seq\":1}",
  };
  g_autoptr(GString) deep = g_string_new ("{\"results\":[{\"doc\":");
  g_autoptr(AccChangesPage) page = NULL;

  for (gsize cut = 0; cut < strlen (whole); cut++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (acc_changes_page_read (whole, cut, &error));
      g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
    }
  acc_changes_page_free (read_page (whole));

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *shown = g_strescape (broken[i], NULL);

      g_test_message ("%s", shown);
      g_assert_null (acc_changes_page_read (broken[i], strlen (broken[i]), &error));
      g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
    }

  /* Grammatical, but not a page: the caller sees what is missing. */
  page = read_page ("{\"results\":{},\"other\":[1]}");
  g_assert_null (page->changes);
  g_assert_null (page->last_seq);

  /* Nesting without end is refused, not followed down the stack. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_null (acc_changes_page_read (deep->str, deep->len, NULL));
}

static char *
canonical_by_json_glib (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return acc_json_to_canonical (node);
}

static void
assert_parses_as_json_glib (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = acc_json_parse_object (text, &error);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *got = NULL;
  g_autofree char *expected = canonical_by_json_glib (text);

  g_test_message ("%s", text);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  node = json_node_init_object (json_node_alloc (), object);
  got = acc_json_to_canonical (node);
  g_assert_cmpstr (got, ==, expected);
}

/* A document is the same tree whichever parser built it. */
static void
test_parse_object (void)
{
  static const char * const texts[] = {
    "{}",
    " {\"a\" : [ ] , \"b\":{ } }\n",
    "{\"n\":0,\"m\":-0,\"big\":123456789012345678,\"neg\":-12345678901234567}",
    "{\"huge\":12345678901234567890123.0,\"f\":0.1,\"e\":1e20,\"E\":-2.5E-3,\"i\":1.0}",
    "{\"max\":9223372036854775807,\"min\":-9223372036854775808,\"f\":0.5}",
    ("{\"s\":\"caf\u00e9 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\ud83c\\udfbf\",\"t\":true,\"f\":false,"
     "\"z\":null}"),
    "{\"dup\":1,\"other\":2,\"dup\":3}",
    "{\"n\\u0061me\":\"escaped member name\",\"nul\":\"a\\u0000b\"}",
    "{\"deep\":[[1,[2,{\"x\":[3]}]],{\"y\":{\"z\":[true,null,\"w\"]}}]}",
  };
  g_autoptr(GPtrArray) docs = acc_test_fixture_docs ();

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_parses_as_json_glib (texts[i]);

  for (guint i = 0; i < docs->len; i++)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (),
                                                        g_ptr_array_index (docs, i));
      g_autofree char *compact = json_to_string (node, FALSE);
      g_autofree char *pretty = json_to_string (node, TRUE);

      assert_parses_as_json_glib (compact);
      assert_parses_as_json_glib (pretty);
    }
}

static void
test_parse_object_refused (void)
{
  /* What JSON-GLib would read, leniently, on the path it takes after the fast one. */
  static const char * const texts[] = {
    "", "[1]", "\"text\"", "{\"a\":1", "{\"a\":1} x", "{}{}", "{\"a\":1e400}",
    "{\"a\":\"\\625\"}", "{\"a\":\"\\ude\\f\"}", "{\"n\":123456789012345678901234567890}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", texts[i]);
      g_assert_null (acc_json_parse_object (texts[i], &error));
      g_assert_nonnull (error);
    }
}

/* Any answer from the network: the same tree as JSON-GLib builds, or a reason in words. */
static void
test_parse (void)
{
  static const char * const texts[] = {
    "[]", " 0 ", "\"x\"", "null", "{\"a\":[1,2.5,-3e2,{\"b\":\"\\u00e9\"}],\"c\":true}",
    "{\"max\":9223372036854775807,\"min\":-9223372036854775808}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = acc_json_parse (texts[i], strlen (texts[i]), &error);
      g_autoptr(JsonNode) expected = json_from_string (texts[i], NULL);
      g_autofree char *got_text = NULL, *expected_text = NULL;

      g_test_message ("%s", texts[i]);
      g_assert_no_error (error);
      got_text = acc_json_to_canonical (node);
      expected_text = acc_json_to_canonical (expected);
      g_assert_cmpstr (got_text, ==, expected_text);
    }

  /* Not NUL-terminated: only @length bytes are read. */
  {
    g_autoptr(JsonNode) node = acc_json_parse ("[1]]]]", 3, NULL);

    g_assert_nonnull (node);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  }
}

static void
assert_refused (const char *text,
                gsize       length,
                const char *reason)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (acc_json_parse (text, length, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  if (strstr (error->message, reason) == NULL)
    g_error ("“%s” does not say “%s”", error->message, reason);
}

static void
test_parse_refused (void)
{
  g_autofree char *deepest = acc_test_nested ("", ACC_JSON_MAX_DEPTH, "");
  g_autofree char *too_deep = acc_test_nested ("", ACC_JSON_MAX_DEPTH + 1, "");
  g_autofree char *bomb = acc_test_nested ("{\"a\":", 200000, "}");
  g_autoptr(JsonNode) node = acc_json_parse (deepest, strlen (deepest), NULL);

  g_assert_nonnull (node);
  assert_refused (too_deep, strlen (too_deep), "nested deeper than 64 levels");
  assert_refused (bomb, strlen (bomb), "nested deeper than 64 levels");
  assert_refused ("{\"a\":[1,2", 9, "cut short");
  assert_refused ("", 0, "cut short");
  assert_refused ("{\"a\":1} x", 9, "at byte 8 of 9");
  assert_refused ("{\"a\":\"\xc9\"}", 8, "not UTF-8");
  assert_refused ("[\"a\"x]", 6, "at byte 4 of 6");
  assert_refused ("[1e400]", 7, "number too large");
  assert_refused ("[9223372036854775808]", 21, "number too large");
  assert_refused ("{\"huge\":12345678901234567890123}", 32, "number too large");
  assert_refused ("{\"a\":-1E+999}", 13, "number too large");
}

/* A document that leaves the fast path (a fraction) is still refused, not followed, when it
 * is nested without end: JSON-GLib's parser recurses once per level. */
static void
test_parse_object_deep (void)
{
  g_autofree char *text = acc_test_nested ("{\"f\":1.5,\"d\":", 200000, "}");
  g_autofree char *fine = acc_test_nested ("{\"f\":1.5,\"d\":", ACC_JSON_MAX_DEPTH - 1, "}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = acc_json_parse_object (text, &error);

  g_assert_null (object);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "nested deeper"));
  assert_parses_as_json_glib (fine);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/changes-page/read", test_read);
  g_test_add_func ("/changes-page/last-seq-number", test_last_seq_number);
  g_test_add_func ("/changes-page/escapes", test_escapes);
  g_test_add_func ("/changes-page/malformed", test_malformed);
  g_test_add_func ("/json-text/parse-object", test_parse_object);
  g_test_add_func ("/json-text/parse-object-refused", test_parse_object_refused);
  g_test_add_func ("/json-text/parse-object-deep", test_parse_object_deep);
  g_test_add_func ("/json-text/parse", test_parse);
  g_test_add_func ("/json-text/parse-refused", test_parse_refused);

  return g_test_run ();
}
