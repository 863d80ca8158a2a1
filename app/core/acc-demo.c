/* acc-demo.c: a reproducible demonstration day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * A demo day is the same on every machine for a given seed, size and date, so that a
 * benchmark or a bug report can name it with three values. Everything random comes from
 * GRand streams seeded from the seed; nothing reads the clock, the global random source or
 * the iteration order of a hash table, and libuuid is not used for the ids.
 *
 * Generation has two steps. The plan step draws the shape of the day from the plan
 * stream: each family's size, each participant's course, level and age, each enrollment's
 * half-day and status. It then opens enough groups for the demand, places about 80 % of
 * the enrollments in a group of their level, and gives the groups instructors. The plan
 * holds a few bytes per enrollment and no documents.
 *
 * The emit step walks the plan in order and builds one document at a time: names and
 * contact details come from the people stream, ids from the id stream. Each document is
 * handed to the caller and released before the next is built, so memory stays flat however
 * large the day. Only the ids that later documents refer to are kept.
 *
 * The three streams are independent, so a change in how names are drawn does not move the
 * shape of the day, and the reverse.
 *
 * The generator is split by what each part does:
 * - acc-demo.c: the AccDemo object; the school's courses, half-days and meeting points;
 *   the day's date and clock; one generation from start to end, and the filling of a store
 *   in batches;
 * - acc-demo-random.c: the three streams, the draws made from them, and the ids;
 * - acc-demo-data.c: the bundled names and level scales (names.json, levels.json), with how
 *   often each level is booked and the ages of the children who hold it;
 * - acc-demo-plan.c: the plan step: levels offered, families, groups, placements and
 *   instructors;
 * - acc-demo-people.c: what a person is drawn with: nationality, first name, phone,
 *   e-mail, booking reference;
 * - acc-demo-emit.c: the emit step: each document, in the order the caller receives them;
 * - acc-demo-private.h: the Generation, and the types, shares and functions the files share.
 */
#define G_LOG_DOMAIN "accueil-demo"

#include "acc-demo.h"

#include <string.h>

#include "acc-demo-private.h"
#include "acc-document.h"
#include "acc-error.h"

const CourseInfo courses[N_COURSES] = {
  { "Cours enfants ski", "ski", BOARD_SKI, 66, 0, 3, 12 },
  { "Cours adultes ski", "ski", BOARD_SKI, 26, 1, 13, -1 },
  { "Cours snowboard", "snowboard", BOARD_SNOWBOARD, 8, 2, 8, -1 }, /* From 8 years old. */
};

const SlotInfo slots[N_SLOTS] = {
  { "matin", 9, 0, 11, 30 },
  { "après-midi", 14, 0, 16, 30 },
};

const MeetingPoint meeting_points[N_MEETING_POINTS] = {
  { "Jardin des neiges",
    "Espace des tout-petits au pied des pistes, à droite de l'école ; suivez les drapeaux "
    "jaunes." },
  { "Front de neige – Grand Panneau",
    "Devant le grand panneau des pistes, en face des caisses des remontées mécaniques." },
  { "Sommet télésiège des Marmottes",
    "À l'arrivée du télésiège des Marmottes, près du drapeau rouge de l'école." },
  { "Bas du téléski des Chamois",
    "Au départ du téléski des Chamois, le long de la barrière orange." },
  { "Terrasse du chalet des Pistes",
    "Sous la terrasse du chalet des Pistes, côté piste bleue." },
  { "Départ télécabine du Lac",
    "Devant les portillons de la télécabine du Lac, au niveau de la rue." },
};

struct _AccDemo
{
  GObject  parent_instance;

  guint32  seed;
  guint    n_enrollments;
  char    *date;
};

G_DEFINE_FINAL_TYPE (AccDemo, acc_demo, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SEED,
  PROP_ENROLLMENTS,
  PROP_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Dates and times */

static gboolean
parse_date (const char *text,
            int        *year,
            int        *month,
            int        *day)
{
  int y, m, d;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  y = (int) g_ascii_strtoull (text, NULL, 10);
  m = (int) g_ascii_strtoull (text + 5, NULL, 10);
  d = (int) g_ascii_strtoull (text + 8, NULL, 10);
  if (y < 1 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;

  if (year != NULL)
    *year = y;
  if (month != NULL)
    *month = m;
  if (day != NULL)
    *day = d;

  return TRUE;
}

static guint
last_sunday (int        year,
             GDateMonth month)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_get_days_in_month (month, (GDateYear) year), month,
                  (GDateYear) year);

  return g_date_get_day (&date) - (g_date_get_weekday (&date) % G_DATE_SUNDAY);
}

/* Without tzdata (a bare container), the European rule that Paris has followed since 1996:
 * summer time from the last Sunday of March to the last Sunday of October. Lessons start
 * after the 01:00 UTC switch, so the whole day has one offset.
 */
static GTimeZone *
paris_fallback (int year,
                int month,
                int day)
{
  gboolean summer;

  if (month != G_DATE_MARCH && month != G_DATE_OCTOBER)
    summer = month > G_DATE_MARCH && month < G_DATE_OCTOBER;
  else if (month == G_DATE_MARCH)
    summer = (guint) day >= last_sunday (year, G_DATE_MARCH);
  else
    summer = (guint) day < last_sunday (year, G_DATE_OCTOBER);

  return g_time_zone_new_offset (summer ? 2 * 3600 : 3600);
}

static char *
format_time (GTimeZone *tz,
             int        year,
             int        month,
             int        day,
             guint      hour,
             guint      minute)
{
  g_autoptr(GDateTime) time = g_date_time_new (tz, year, month, day, (int) hour, (int) minute, 0);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

/* Generation */

static void
generation_clear (Generation *gen)
{
  g_clear_pointer (&gen->plan_rng, g_rand_free);
  g_clear_pointer (&gen->people_rng, g_rand_free);
  g_clear_pointer (&gen->id_rng, g_rand_free);
  for (guint slot = 0; slot < N_SLOTS; slot++)
    {
      g_clear_pointer (&gen->starts_at[slot], g_free);
      g_clear_pointer (&gen->ends_at[slot], g_free);
    }
  for (guint l = 0; l < gen->n_levels; l++)
    {
      g_clear_pointer (&gen->levels[l].code, g_free);
      g_clear_pointer (&gen->levels[l].label, g_free);
    }
  g_clear_pointer (&gen->nationalities, g_array_unref);
  g_clear_object (&gen->names_parser);
  g_clear_pointer (&gen->families, g_array_unref);
  g_clear_pointer (&gen->participants, g_array_unref);
  g_clear_pointer (&gen->enrollments, g_array_unref);
  g_clear_pointer (&gen->groups, g_array_unref);
  g_clear_pointer (&gen->instructors, g_array_unref);
  g_clear_pointer (&gen->references, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Generation, generation_clear)

static gboolean
generation_init (Generation  *gen,
                 AccDemo     *self,
                 GError     **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  int month, day;

  if (!parse_date (self->date, &gen->year, &month, &day))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   "“%s” is not a date: write it as YYYY-MM-DD",
                   self->date ? self->date : "");
      return FALSE;
    }

  gen->n_enrollments = self->n_enrollments;
  gen->plan_rng = stream_new (self->seed, 1);
  gen->people_rng = stream_new (self->seed, 2);
  gen->id_rng = stream_new (self->seed, 3);

  gen->nationalities = g_array_new (FALSE, TRUE, sizeof (Nationality));
  g_array_set_clear_func (gen->nationalities, nationality_clear);
  gen->families = g_array_new (FALSE, FALSE, sizeof (guint8));
  gen->participants = g_array_new (FALSE, FALSE, sizeof (PlanParticipant));
  gen->enrollments = g_array_sized_new (FALSE, FALSE, sizeof (PlanEnrollment),
                                        self->n_enrollments);
  gen->groups = g_array_new (FALSE, FALSE, sizeof (PlanGroup));
  gen->instructors = g_array_new (FALSE, FALSE, sizeof (PlanInstructor));
  gen->references = g_hash_table_new (NULL, NULL);

  /* The school's clock, whatever the machine's: a summer date gets +02:00. */
  tz = g_time_zone_new_identifier ("Europe/Paris");
  if (tz == NULL)
    tz = paris_fallback (gen->year, month, day);
  for (guint slot = 0; slot < N_SLOTS; slot++)
    {
      gen->starts_at[slot] = format_time (tz, gen->year, month, day, slots[slot].start_hour,
                                          slots[slot].start_minute);
      gen->ends_at[slot] = format_time (tz, gen->year, month, day, slots[slot].end_hour,
                                        slots[slot].end_minute);
    }

  /* Three to six meeting points, more for a larger school. */
  gen->n_meeting_points = CLAMP (3 + self->n_enrollments / 2000, 3,
                                 G_N_ELEMENTS (meeting_points));

  return load_levels (gen, error) && load_names (gen, error);
}

/* AccDemo */

static void
acc_demo_finalize (GObject *object)
{
  AccDemo *self = ACC_DEMO (object);

  g_clear_pointer (&self->date, g_free);

  G_OBJECT_CLASS (acc_demo_parent_class)->finalize (object);
}

static void
acc_demo_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  AccDemo *self = ACC_DEMO (object);

  switch (prop_id)
    {
    case PROP_SEED:
      g_value_set_uint (value, self->seed);
      break;

    case PROP_ENROLLMENTS:
      g_value_set_uint (value, self->n_enrollments);
      break;

    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_demo_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  AccDemo *self = ACC_DEMO (object);

  switch (prop_id)
    {
    case PROP_SEED:
      self->seed = g_value_get_uint (value);
      break;

    case PROP_ENROLLMENTS:
      self->n_enrollments = g_value_get_uint (value);
      break;

    case PROP_DATE:
      g_free (self->date);
      self->date = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_demo_class_init (AccDemoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = acc_demo_finalize;
  object_class->get_property = acc_demo_get_property;
  object_class->set_property = acc_demo_set_property;

  /**
   * AccDemo:seed:
   *
   * The seed of every random choice: the same seed, size and date give the same day.
   */
  properties[PROP_SEED] =
    g_param_spec_uint ("seed", NULL, NULL,
                       0, G_MAXUINT32, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * AccDemo:enrollments:
   *
   * The exact number of enrollment documents of the day, cancelled ones included.
   */
  properties[PROP_ENROLLMENTS] =
    g_param_spec_uint ("enrollments", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * AccDemo:date:
   *
   * The day, as "YYYY-MM-DD"; the sessions' times are on that day in the school's timezone.
   */
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
acc_demo_init (AccDemo *self)
{
}

/**
 * acc_demo_new:
 * @seed: the seed of every random choice
 * @n_enrollments: the exact number of enrollments of the day
 * @date: the day, as "YYYY-MM-DD"
 *
 * Returns: (transfer full): a generator of the demonstration day
 */
AccDemo *
acc_demo_new (guint32     seed,
              guint       n_enrollments,
              const char *date)
{
  g_return_val_if_fail (parse_date (date, NULL, NULL, NULL), NULL);

  return g_object_new (ACC_TYPE_DEMO,
                       "seed", seed,
                       "enrollments", n_enrollments,
                       "date", date,
                       NULL);
}

/**
 * acc_demo_generate:
 * @self: an #AccDemo
 * @func: (scope call): called with each document, referenced documents first
 * @user_data: data for @func
 * @error: return location for an error
 *
 * Builds the day one document at a time and hands each to @func. Calling it again gives
 * the same documents.
 *
 * Returns: %TRUE when every document was handed over; %FALSE with @error set when the date
 *   is not valid, the demo data cannot be read, or @func stopped the generation.
 */
gboolean
acc_demo_generate (AccDemo      *self,
                   AccDemoFunc   func,
                   gpointer      user_data,
                   GError      **error)
{
  g_auto(Generation) gen = { 0 };

  g_return_val_if_fail (ACC_IS_DEMO (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  gen.func = func;
  gen.user_data = user_data;

  if (!generation_init (&gen, self, error))
    return FALSE;

  generation_plan (&gen);

  return generation_emit (&gen, error);
}

/* Documents are stored in batches: one transaction each, so a 50,000-enrollment day does not
 * pay a durable commit per document. */
#define FILL_BATCH 2000

typedef struct
{
  AccStore  *store;
  GPtrArray *batch;
} Filler;

static gboolean
fill_flush (Filler  *filler,
            GError **error)
{
  gboolean ok = acc_store_put_documents (filler->store, (JsonObject **) filler->batch->pdata,
                                         filler->batch->len, ACC_PUT_DEFAULT, error);

  g_ptr_array_set_size (filler->batch, 0);
  return ok;
}

static gboolean
fill_document (JsonObject  *doc,
               gpointer     user_data,
               GError     **error)
{
  Filler *filler = user_data;
  g_autofree char *rev = acc_document_content_rev (doc);

  /* The demo stands for the cloud's planning: documents at their first revision. */
  json_object_set_string_member (doc, "_rev", rev);
  g_ptr_array_add (filler->batch, json_object_ref (doc));

  return filler->batch->len < FILL_BATCH || fill_flush (filler, error);
}

/**
 * acc_demo_fill_store:
 * @self: a #AccDemo
 * @store: the replica to fill
 * @error: where to say why it stopped
 *
 * Generates the day into @store, as if the cloud had sent it, and records its date.
 *
 * Returns: whether every document was stored.
 */
gboolean
acc_demo_fill_store (AccDemo   *self,
                     AccStore  *store,
                     GError   **error)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  Filler filler = { store, batch };

  g_return_val_if_fail (ACC_IS_DEMO (self), FALSE);
  g_return_val_if_fail (ACC_IS_STORE (store), FALSE);

  return acc_store_set_day (store, self->date, error) &&
         acc_demo_generate (self, fill_document, &filler, error) &&
         fill_flush (&filler, error);
}
