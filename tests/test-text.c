/* test-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "acc-text.h"

static void
test_fold (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Lefèvre", "lefevre" },
    { "LEFÈVRE", "lefevre" },
    { "Zoé", "zoe" },
    { "Noël  Müller", "noel muller" },
    { "O'Brien", "o brien" },
    { "Jean-Baptiste", "jean baptiste" },
    { "  Œuvre Æsir Søren Straße ", "oeuvre aesir soren strasse" },
    { "[Martin – 2]", "martin 2" },
    { "", "" },
    { "!!!", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = acc_text_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }

  /* Invalid UTF-8 from a scanner folds to nothing rather than to garbage. */
  {
    g_autofree char *folded = acc_text_fold ("ab\xff\xfe");
    g_assert_cmpstr (folded, ==, "");
  }
}

/* ASCII is folded without the Unicode tables: every character as it would be with them (a
 * text with a letter that is not ASCII takes the other way). */
static void
test_fold_ascii (void)
{
  for (int c = 1; c < 0x80; c++)
    {
      char text[] = { (char) c, 'A', ' ', (char) c, '\0' };
      g_autofree char *with_accent = g_strconcat (text, " \xc3\xa9", NULL);
      g_autofree char *folded = acc_text_fold (text);
      g_autofree char *folded_slowly = acc_text_fold (with_accent);
      g_autofree char *expected = g_strconcat (folded, *folded ? " e" : "e", NULL);

      g_assert_cmpstr (folded_slowly, ==, expected);
    }
}

static void
test_tokens (void)
{
  g_autoptr(GPtrArray) tokens = acc_text_tokens ("  D'Angelo van den  Berg ");

  g_assert_cmpuint (tokens->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (tokens, 0), ==, "d");
  g_assert_cmpstr (g_ptr_array_index (tokens, 1), ==, "angelo");
  g_assert_cmpstr (g_ptr_array_index (tokens, 4), ==, "berg");
}

static void
test_digits (void)
{
  g_autofree char *digits = acc_text_digits ("+33 (0)6 12-34.56 78");

  g_assert_cmpstr (digits, ==, "330612345678");
}

static void
test_prefix_end (void)
{
  g_autofree char *end = acc_text_prefix_end ("lef");
  g_autofree char *end_ff = acc_text_prefix_end ("a\xff");

  g_assert_cmpstr (end, ==, "leg");
  g_assert_cmpint (g_strcmp0 ("lefevre", end), <, 0);
  g_assert_cmpint (g_strcmp0 ("lef", end), <, 0);
  g_assert_cmpint (g_strcmp0 ("leg", end), >=, 0);
  g_assert_cmpstr (end_ff, ==, "b");
}

static void
test_reference_key (void)
{
  g_autofree char *a = acc_text_reference_key ("km7-px3");
  g_autofree char *b = acc_text_reference_key (" KM7 PX3\n");

  g_assert_cmpstr (a, ==, "KM7PX3");
  g_assert_cmpstr (b, ==, "KM7PX3");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/fold", test_fold);
  g_test_add_func ("/text/fold-ascii", test_fold_ascii);
  g_test_add_func ("/text/tokens", test_tokens);
  g_test_add_func ("/text/digits", test_digits);
  g_test_add_func ("/text/prefix-end", test_prefix_end);
  g_test_add_func ("/text/reference-key", test_reference_key);

  return g_test_run ();
}
