/* acc-clock.c: the hybrid logical clock that orders facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * A hybrid logical clock timestamp is the wall clock in milliseconds, a counter for events
 * within the same millisecond (or while the wall clock lags behind a timestamp already seen),
 * and the node that made it. It is written as fixed-width decimal text,
 * "000001798000000000-000003-<node>", so that comparing two timestamps as strings compares
 * them in time, and two nodes never make the same one. A clock that observes a timestamp from
 * another node never issues one smaller, so a fact written after another was seen always
 * sorts after it, whatever the desks' wall clocks say.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "acc-clock.h"
#include "acc-now.h"

#include <stdlib.h>
#include <string.h>

#define MAX_COUNTER 999999
/* Timestamps further than this ahead of the wall clock are refused rather than followed, so
 * one desk with a wrong clock cannot drag every other desk's clock into the future. */
#define MAX_DRIFT_MS (24 * 60 * 60 * 1000LL)

struct _AccClock
{
  GObject          parent_instance;

  char            *node;
  gint64           millis;
  guint            counter;
  AccClockNowFunc  now_func;
  gpointer         now_data;
};

G_DEFINE_FINAL_TYPE (AccClock, acc_clock, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
real_now (gpointer user_data)
{
  return acc_now_real_time () / 1000;
}

static void
acc_clock_finalize (GObject *object)
{
  AccClock *self = (AccClock *)object;

  g_free (self->node);

  G_OBJECT_CLASS (acc_clock_parent_class)->finalize (object);
}

static void
acc_clock_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  AccClock *self = ACC_CLOCK (object);

  switch (prop_id)
    {
    case PROP_NODE:
      g_value_set_string (value, self->node);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_clock_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  AccClock *self = ACC_CLOCK (object);

  switch (prop_id)
    {
    case PROP_NODE:
      self->node = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_clock_class_init (AccClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = acc_clock_finalize;
  object_class->get_property = acc_clock_get_property;
  object_class->set_property = acc_clock_set_property;

  properties[PROP_NODE] =
    g_param_spec_string ("node", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
acc_clock_init (AccClock *self)
{
  self->now_func = real_now;
}

/**
 * acc_clock_new:
 * @node: the id of the replica that issues the timestamps (no '-' needed at its end)
 *
 * Returns: (transfer full): a clock that has seen nothing yet.
 */
AccClock *
acc_clock_new (const char *node)
{
  g_return_val_if_fail (node != NULL && *node != '\0', NULL);

  return g_object_new (ACC_TYPE_CLOCK, "node", node, NULL);
}

/**
 * acc_clock_set_now_func:
 * @self: a #AccClock
 * @func: (nullable): where the wall clock is read, %NULL for the real one
 * @user_data: data for @func
 *
 * Tests use this to drive the clock with a wall clock that jumps back or stands still.
 */
void
acc_clock_set_now_func (AccClock        *self,
                        AccClockNowFunc  func,
                        gpointer         user_data)
{
  g_return_if_fail (ACC_IS_CLOCK (self));

  self->now_func = func ? func : real_now;
  self->now_data = user_data;
}

const char *
acc_clock_get_node (AccClock *self)
{
  g_return_val_if_fail (ACC_IS_CLOCK (self), NULL);

  return self->node;
}

static void
advance (AccClock *self,
         gint64    millis,
         guint     counter)
{
  if (counter > MAX_COUNTER)
    {
      millis++;
      counter = 0;
    }
  self->millis = millis;
  self->counter = counter;
}

/**
 * acc_clock_tick:
 * @self: a #AccClock
 *
 * Returns: (transfer full): a timestamp greater than every one this clock issued or observed.
 */
char *
acc_clock_tick (AccClock *self)
{
  gint64 now;

  g_return_val_if_fail (ACC_IS_CLOCK (self), NULL);

  now = self->now_func (self->now_data);
  if (now > self->millis)
    advance (self, now, 0);
  else
    advance (self, self->millis, self->counter + 1);

  return g_strdup_printf ("%018" G_GINT64_FORMAT "-%06u-%s", self->millis, self->counter,
                          self->node);
}

/**
 * acc_clock_observe:
 * @self: a #AccClock
 * @hlc: a timestamp issued by this or another clock
 *
 * Moves the clock past @hlc so that later ticks sort after it.
 *
 * Returns: %FALSE when @hlc is malformed or too far ahead of the wall clock to be trusted; the
 *   clock is then unchanged.
 */
gboolean
acc_clock_observe (AccClock   *self,
                   const char *hlc)
{
  gint64 millis;
  guint counter;

  g_return_val_if_fail (ACC_IS_CLOCK (self), FALSE);

  if (!acc_hlc_parse (hlc, &millis, &counter, NULL))
    return FALSE;

  if (millis > self->now_func (self->now_data) + MAX_DRIFT_MS)
    return FALSE;

  if (millis > self->millis || (millis == self->millis && counter > self->counter))
    {
      self->millis = millis;
      self->counter = counter;
    }

  return TRUE;
}

/**
 * acc_hlc_parse:
 * @hlc: a timestamp
 * @millis: (out) (optional): its wall-clock part
 * @counter: (out) (optional): its counter
 * @node: (out) (optional) (transfer none): its node, pointing into @hlc
 *
 * Returns: whether @hlc has the form this clock writes.
 */
gboolean
acc_hlc_parse (const char  *hlc,
               gint64      *millis,
               guint       *counter,
               const char **node)
{
  if (hlc == NULL || strlen (hlc) < 18 + 1 + 6 + 2)
    return FALSE;

  for (guint i = 0; i < 18 + 1 + 6 + 1; i++)
    {
      gboolean dash = (i == 18 || i == 25);
      if (dash ? hlc[i] != '-' : !g_ascii_isdigit (hlc[i]))
        return FALSE;
    }

  if (millis)
    *millis = g_ascii_strtoll (hlc, NULL, 10);
  if (counter)
    *counter = (guint) g_ascii_strtoull (hlc + 19, NULL, 10);
  if (node)
    *node = hlc + 26;

  return TRUE;
}
