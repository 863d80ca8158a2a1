/* acc-text.c: folding text for search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-core"

#include "acc-text.h"

#include <string.h>

/* Letters that lose no mark under canonical decomposition but that a desk types as plain
 * Latin letters. */
static const char *
fold_ligature (gunichar c)
{
  switch (c)
    {
    case 0x00E6: return "ae"; /* æ */
    case 0x0153: return "oe"; /* œ */
    case 0x00F8: return "o";  /* ø */
    case 0x0142: return "l";  /* ł */
    case 0x0111: return "d";  /* đ */
    case 0x00DF: return "ss"; /* ß */
    case 0x0131: return "i";  /* dotless i */
    default: return NULL;
    }
}

/**
 * acc_text_fold:
 * @text: UTF-8 text
 *
 * Folds @text for comparison the way a desk types it: case folded, accents removed, every run
 * of characters that are not letters or digits turned into one space, trimmed. "Lefèvre"
 * and "LEFEVRE" both become "lefevre", "O'Brien" becomes "o brien".
 *
 * Returns: (transfer full): the folded text, possibly empty.
 */
char *
acc_text_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  const char *p;
  GString *out;
  gboolean space = TRUE;

  g_return_val_if_fail (text != NULL, NULL);

  for (p = text; *p != '\0' && (guchar) *p < 0x80; p++)
    ;
  out = g_string_sized_new (p - text);

  /* Most names and references are ASCII, which decomposes to itself and has no marks: the
   * same folding without the Unicode tables, which cost a first pull more than storing the
   * search terms they give. */
  if (*p == '\0')
    {
      for (p = text; *p != '\0'; p++)
        if (g_ascii_isalnum (*p))
          {
            g_string_append_c (out, g_ascii_tolower (*p));
            space = FALSE;
          }
        else if (!space)
          {
            g_string_append_c (out, ' ');
            space = TRUE;
          }
    }
  else if (!g_utf8_validate (text, -1, NULL))
    return g_string_free (out, FALSE);
  else
    decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);

  for (p = decomposed; p != NULL && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType t = g_unichar_type (c);
      const char *lig;

      if (t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK ||
          t == G_UNICODE_ENCLOSING_MARK)
        continue;

      c = g_unichar_tolower (c);
      lig = fold_ligature (c);
      if (lig != NULL)
        {
          g_string_append (out, lig);
          space = FALSE;
        }
      else if (g_unichar_isalnum (c))
        {
          g_string_append_unichar (out, c);
          space = FALSE;
        }
      else if (!space)
        {
          g_string_append_c (out, ' ');
          space = TRUE;
        }
    }

  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

/**
 * acc_text_tokens:
 * @text: UTF-8 text
 *
 * Returns: (transfer full) (element-type utf8): the folded words of @text, in order.
 */
GPtrArray *
acc_text_tokens (const char *text)
{
  g_autofree char *folded = acc_text_fold (text);
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (tokens, g_strdup (words[i]));

  return tokens;
}

/**
 * acc_text_digits:
 * @text: a phone number as written
 *
 * Returns: (transfer full): the ASCII digits of @text, in order.
 */
char *
acc_text_digits (const char *text)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

/**
 * acc_text_prefix_end:
 * @prefix: a non-empty UTF-8 prefix
 *
 * Every string that starts with @prefix sorts at or after @prefix and before the returned
 * string (in SQLite's default binary collation), so that a prefix search is one index range.
 *
 * Returns: (transfer full): the smallest string greater than every string with @prefix.
 */
char *
acc_text_prefix_end (const char *prefix)
{
  gsize len;
  char *end;

  g_return_val_if_fail (prefix != NULL && *prefix != '\0', NULL);

  /* Appending U+10FFFF's encoding would also work, but bumping the last byte is exact. */
  len = strlen (prefix);
  end = g_strndup (prefix, len);
  while (len > 0 && (guchar) end[len - 1] == 0xFF)
    end[--len] = '\0';
  g_assert (len > 0);
  end[len - 1]++;

  return end;
}

/**
 * acc_text_reference_key:
 * @reference: a booking reference as typed or scanned
 *
 * Returns: (transfer full): the reference in upper case with everything that is not a letter
 *   or a digit removed, so that "k7m-px3" and "K7M PX3" give the same key.
 */
char *
acc_text_reference_key (const char *reference)
{
  g_autofree char *folded = acc_text_fold (reference);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p; p++)
    if (*p != ' ')
      g_string_append_c (out, g_ascii_toupper (*p));

  return g_string_free (out, FALSE);
}
