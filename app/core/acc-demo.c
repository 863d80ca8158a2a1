/* acc-demo.c: a reproducible demonstration day, alone or in a week
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
 * A day can also be one of a week of days (acc_demo_new_week_day()), the same for a given
 * seed, size, first day and day of the week. About 60 % of its enrollments are the week's
 * courses, which run from the first day for the week's days, six at least; the rest are
 * one-day lessons. The school's plan (levels, the courses' families and their placements,
 * groups, instructors) comes from three streams of the week, drawn again in the same order
 * for each day, so that every day has the same school and the same course families, in the
 * same groups, with the same ids. The groups also make room for the busiest day of one-day
 * lessons, whose demand is drawn first from each day's own plan stream. A day's lessons come
 * from three streams of that day. Sessions, groups and the courses' enrollments are made
 * anew each day: their ids are derived for the date from the week's (acc_uuid_derive()).
 * Each day is planned on its own, so a week takes no more memory than its largest day.
 *
 * The generator is split by what each part does:
 * - acc-demo.c: the AccDemo object; the school's courses, half-days and meeting points;
 *   the day's date and clock, and its place in a week; one generation from start to end,
 *   and the filling of a store in batches;
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

#include "config.h"

#include "acc-demo.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "acc-days.h"
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

#define MAX_WEEK_DAYS 366 /* A season at the very most: each day plans the lessons of all. */

struct _AccDemo
{
  GObject  parent_instance;

  guint32  seed;
  guint    n_enrollments;
  char    *date;
  char    *first_day;
  guint    days;
};

G_DEFINE_FINAL_TYPE (AccDemo, acc_demo, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SEED,
  PROP_ENROLLMENTS,
  PROP_DATE,
  PROP_FIRST_DAY,
  PROP_DAYS,
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
  streams_clear (&gen->school_streams);
  streams_clear (&gen->day_streams);
  g_clear_pointer (&gen->course_first_day, g_free);
  g_clear_pointer (&gen->course_last_day, g_free);
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
  families_clear (&gen->courses);
  families_clear (&gen->lessons);
  g_clear_pointer (&gen->groups, g_array_unref);
  g_clear_pointer (&gen->instructors, g_array_unref);
  g_clear_pointer (&gen->references, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Generation, generation_clear)

static guint32
julian_day (const char *text)
{
  GDate date;
  int year, month, day;

  if (!parse_date (text, &year, &month, &day))
    return 0;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return g_date_get_julian (&date);
}

/* A day of a week: its number in the week, the week's courses and their streams. The courses
 * run for the days of the week, six at least, as a ski school sells its mornings. */
static gboolean
week_init (Generation  *gen,
           AccDemo     *self,
           GError     **error)
{
  guint32 first = julian_day (self->first_day);
  guint32 day = julian_day (self->date);

  if (first == 0 || day < first || day - first >= self->days)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("%s is not one of the %u days from %s"), self->date, self->days,
                   self->first_day ? self->first_day : "");
      return FALSE;
    }

  gen->day = day - first;
  gen->course_days = MAX (self->days, COURSE_DAYS);
  gen->course_first_day = g_strdup (self->first_day);
  gen->course_last_day = acc_days_add (self->first_day, (int) gen->course_days - 1);
  parse_date (self->first_day, &gen->course_year, NULL, NULL);
  if (gen->course_last_day == NULL)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("A course from %s would end after the year 9999"), self->first_day);
      return FALSE;
    }

  streams_init (&gen->school_streams, self->seed, STREAM_WEEK);
  streams_init (&gen->day_streams, self->seed, WEEK_DAY_STREAMS (gen->day));
  return TRUE;
}

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

  gen->seed = self->seed;
  gen->n_enrollments = self->n_enrollments;
  gen->date = self->date;
  if (self->first_day != NULL || self->days > 0)
    {
      if (!week_init (gen, self, error))
        return FALSE;
    }
  else
    {
      streams_init (&gen->school_streams, self->seed, STREAM_PLAN);
    }
  generation_use_streams (gen, &gen->school_streams);

  gen->nationalities = g_array_new (FALSE, TRUE, sizeof (Nationality));
  g_array_set_clear_func (gen->nationalities, nationality_clear);
  families_init (&gen->courses, 0, TRUE);
  families_init (&gen->lessons, self->n_enrollments, FALSE);
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
  g_clear_pointer (&self->first_day, g_free);

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

    case PROP_FIRST_DAY:
      g_value_set_string (value, self->first_day);
      break;

    case PROP_DAYS:
      g_value_set_uint (value, self->days);
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

    case PROP_FIRST_DAY:
      g_free (self->first_day);
      self->first_day = g_value_dup_string (value);
      break;

    case PROP_DAYS:
      self->days = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_demo_class_init (AccDemoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

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
                       0, G_MAXUINT32, 0, flags);

  /**
   * AccDemo:enrollments:
   *
   * The exact number of enrollment documents of the day, cancelled ones included.
   */
  properties[PROP_ENROLLMENTS] =
    g_param_spec_uint ("enrollments", NULL, NULL,
                       0, G_MAXUINT, 0, flags);

  /**
   * AccDemo:date:
   *
   * The day, as "YYYY-MM-DD"; the sessions' times are on that day in the school's timezone.
   */
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL,
                         NULL, flags);

  /**
   * AccDemo:first-day:
   *
   * The first day of the week the day belongs to, as "YYYY-MM-DD"; %NULL for a lone day. The
   * families of the week's courses come on every day of it, the same documents every day.
   */
  properties[PROP_FIRST_DAY] =
    g_param_spec_string ("first-day", NULL, NULL,
                         NULL, flags);

  /**
   * AccDemo:days:
   *
   * How many days the week has from AccDemo:first-day, the day among them; 0 for a lone day.
   * Its courses run for these days, and six at least.
   */
  properties[PROP_DAYS] =
    g_param_spec_uint ("days", NULL, NULL,
                       0, MAX_WEEK_DAYS, 0, flags);

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
 * acc_demo_new_week_day:
 * @seed: the seed of every random choice
 * @n_enrollments: the exact number of enrollments of each day
 * @first_day: the week's first day, as "YYYY-MM-DD"
 * @n_days: how many days the week has
 * @day: the day to generate, from 0 for @first_day
 *
 * A day of a week of demo days. About 60 % of each day's enrollments are the week's courses:
 * the same families, participants and bookings every day, in the same groups with the same
 * instructors. Courses run from @first_day for @n_days days, six at least (ski schools sell
 * six mornings), and their enrollments say so in `course_first_day` and `course_last_day`,
 * from which a day opened at a desk after the last one carries them on. The rest are
 * one-day lessons, other families on each day. The school's reference documents are the same every day; a session, group or
 * course enrollment gets, each day, an id derived from the week's (acc_uuid_derive()).
 *
 * Returns: (transfer full): a generator of the day @day of the week
 */
AccDemo *
acc_demo_new_week_day (guint32     seed,
                       guint       n_enrollments,
                       const char *first_day,
                       guint       n_days,
                       guint       day)
{
  g_autofree char *date = NULL;

  g_return_val_if_fail (parse_date (first_day, NULL, NULL, NULL), NULL);
  g_return_val_if_fail (day < n_days && n_days <= MAX_WEEK_DAYS, NULL);

  date = acc_days_add (first_day, (int) day);
  g_return_val_if_fail (date != NULL, NULL);

  return g_object_new (ACC_TYPE_DEMO,
                       "seed", seed,
                       "enrollments", n_enrollments,
                       "date", date,
                       "first-day", first_day,
                       "days", n_days,
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
