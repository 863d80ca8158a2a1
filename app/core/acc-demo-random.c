/* acc-demo-random.c: the demo day's random streams, the draws made from them, and ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-demo"

#include "acc-demo-private.h"

guint
rand_below (GRand *rng,
            guint  n)
{
  g_assert (n > 0 && n <= G_MAXINT32);

  return (guint) g_rand_int_range (rng, 0, (gint32) n);
}

guint
rand_between (GRand *rng,
              guint  low,
              guint  high)
{
  g_assert (low <= high);

  return low + rand_below (rng, high - low + 1);
}

gboolean
chance (GRand  *rng,
        double  share)
{
  return g_rand_double (rng) < share;
}

guint
pick_weight (GRand       *rng,
             const guint *weights,
             guint        n)
{
  guint total = 0;
  guint r;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  r = rand_below (rng, total);
  for (guint i = 0; i < n; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }
  g_assert_not_reached ();
}

const char *
pick_text (GRand       *rng,
           const char **texts,
           guint        n)
{
  return texts[rand_below (rng, n)];
}

const char *
pick_weighted (GRand  *rng,
               GArray *list)
{
  const Weighted *items = (const Weighted *) list->data;
  guint r = rand_below (rng, items[list->len - 1].cumulative);
  guint low = 0;
  guint high = list->len - 1;

  /* The first entry whose cumulative weight exceeds r. */
  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (items[mid].cumulative > r)
        high = mid;
      else
        low = mid + 1;
    }

  return items[low].text;
}

void
make_uuid (GRand *rng,
           Uuid   out)
{
  static const char hex[] = "0123456789abcdef";
  guint8 bytes[16];
  guint pos = 0;

  for (guint i = 0; i < 4; i++)
    {
      guint32 value = g_rand_int (rng);

      bytes[4 * i] = value >> 24;
      bytes[4 * i + 1] = value >> 16;
      bytes[4 * i + 2] = value >> 8;
      bytes[4 * i + 3] = value;
    }
  bytes[6] = (bytes[6] & 0x0f) | 0x40; /* Version 4: random. */
  bytes[8] = (bytes[8] & 0x3f) | 0x80; /* Variant 1 (RFC 4122). */

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        out[pos++] = '-';
      out[pos++] = hex[bytes[i] >> 4];
      out[pos++] = hex[bytes[i] & 0x0f];
    }
  out[pos] = '\0';
}

GRand *
stream_new (guint32 seed,
            guint32 stream)
{
  guint32 key[2] = { seed, stream };

  return g_rand_new_with_seed_array (key, G_N_ELEMENTS (key));
}

/* The plan, people and id streams numbered from @first. */
void
streams_init (Streams *streams,
              guint32  seed,
              guint32  first)
{
  streams->plan = stream_new (seed, first);
  streams->people = stream_new (seed, first + 1);
  streams->ids = stream_new (seed, first + 2);
}

void
streams_clear (Streams *streams)
{
  g_clear_pointer (&streams->plan, g_rand_free);
  g_clear_pointer (&streams->people, g_rand_free);
  g_clear_pointer (&streams->ids, g_rand_free);
}

/* Draws from @streams until told otherwise. */
void
generation_use_streams (Generation    *gen,
                        const Streams *streams)
{
  g_assert (streams->plan != NULL);

  gen->plan_rng = streams->plan;
  gen->people_rng = streams->people;
  gen->id_rng = streams->ids;
}
