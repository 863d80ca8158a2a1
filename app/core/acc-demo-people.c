/* acc-demo-people.c: the demo day's people: nationality, names, phones, e-mails, references
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-demo"

#include "acc-demo-private.h"

/* No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read aloud or typed from a voucher stays itself. */
static const char reference_alphabet[] = "ACDEFGHJKMNPQRTUVWXY3479";

static const char *email_domains[] = { "example.com", "example.net", "example.org" };

static const Nationality *
nationality_at (Generation *gen,
                guint       index)
{
  return &g_array_index (gen->nationalities, Nationality, index);
}

/* The school's own country is the first of names.json; a visitor comes from one of the
 * others, in proportion to their weights.
 */
const Nationality *
pick_nationality (Generation *gen,
                  gboolean    foreign)
{
  guint r;

  if (!foreign)
    return nationality_at (gen, 0);

  r = rand_below (gen->people_rng, gen->foreign_total);
  for (guint i = 1; i < gen->nationalities->len; i++)
    {
      const Nationality *nationality = nationality_at (gen, i);

      if (r < nationality->weight)
        return nationality;
      r -= nationality->weight;
    }
  g_assert_not_reached ();
}

/* Arguments are drawn one statement at a time: C leaves the order in which a call's
 * arguments are evaluated to the compiler, and the output must not depend on it.
 */
char *
make_phone (GRand      *rng,
            PhoneStyle  style)
{
  static const guint german_prefixes[] = { 151, 152, 157, 160, 170, 171, 172, 175, 176, 178 };
  guint lead, a, b, c, d;

  switch (style)
    {
    case PHONE_FR:
      lead = rand_between (rng, 6, 7);
      a = rand_below (rng, 100);
      b = rand_below (rng, 100);
      c = rand_below (rng, 100);
      d = rand_below (rng, 100);
      return g_strdup_printf ("+33 %u %02u %02u %02u %02u", lead, a, b, c, d);

    case PHONE_GB:
      /* 07700 900000 to 900999: the range the UK keeps for fiction. */
      a = rand_below (rng, 1000);
      return g_strdup_printf ("+44 7700 900%03u", a);

    case PHONE_NL:
      a = rand_between (rng, 10000000, 99999999);
      return g_strdup_printf ("+31 6 %08u", a);

    case PHONE_BE:
      lead = rand_between (rng, 470, 499);
      a = rand_below (rng, 100);
      b = rand_below (rng, 100);
      c = rand_below (rng, 100);
      return g_strdup_printf ("+32 %u %02u %02u %02u", lead, a, b, c);

    case PHONE_DE:
      lead = german_prefixes[rand_below (rng, G_N_ELEMENTS (german_prefixes))];
      if (lead < 160)
        {
          a = rand_between (rng, 10000000, 99999999);
          return g_strdup_printf ("+49 %u %08u", lead, a);
        }
      a = rand_between (rng, 1000000, 9999999);
      return g_strdup_printf ("+49 %u %07u", lead, a);

    case PHONE_IT:
      lead = rand_between (rng, 320, 393);
      a = rand_below (rng, 1000);
      b = rand_below (rng, 10000);
      return g_strdup_printf ("+39 %u %03u %04u", lead, a, b);

    default:
      g_assert_not_reached ();
    }
}

static void
append_email_part (GString    *email,
                   const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (email, g_ascii_tolower (*p));
      else if (*p == '-')
        g_string_append_c (email, '-');
    }
}

char *
make_email (Generation *gen,
            const char *first_name,
            const char *last_name)
{
  GString *email = g_string_new (NULL);

  append_email_part (email, first_name);
  g_string_append_c (email, '.');
  append_email_part (email, last_name);
  if (chance (gen->people_rng, SHARE_EMAIL_NUMBER))
    g_string_append_printf (email, "%u", rand_between (gen->people_rng, 1, 99));
  g_string_append_c (email, '@');
  g_string_append (email, pick_text (gen->people_rng, email_domains,
                                     G_N_ELEMENTS (email_domains)));

  return g_string_free (email, FALSE);
}

void
make_reference (Generation *gen,
                char        reference[REFERENCE_LENGTH + 1])
{
  const guint base = sizeof reference_alphabet - 1;

  /* 24^6 codes: a collision is rare, and simply draws again. */
  for (;;)
    {
      guint code = 0;

      for (guint i = 0; i < REFERENCE_LENGTH; i++)
        {
          guint digit = rand_below (gen->people_rng, base);

          reference[i] = reference_alphabet[digit];
          code = code * base + digit;
        }
      reference[REFERENCE_LENGTH] = '\0';

      if (g_hash_table_add (gen->references, GUINT_TO_POINTER (code + 1)))
        return;
    }
}

/* A first name not yet used in the family, when a few draws find one. */
const char *
pick_first_name (Generation        *gen,
                 const Nationality *nationality,
                 const char       **taken,
                 guint              n_taken)
{
  const char *name = NULL;

  for (guint attempt = 0; attempt < 4; attempt++)
    {
      gboolean used = FALSE;

      name = pick_weighted (gen->people_rng, nationality->first_names);
      for (guint i = 0; i < n_taken; i++)
        used |= taken[i] != NULL && g_str_equal (taken[i], name);
      if (!used)
        break;
    }

  return name;
}
