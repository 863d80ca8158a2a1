/* acc-demo-plan.c: the shape of the demo day: levels, families, groups, instructors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-demo"

#include "acc-demo-private.h"

/* A school opens one level per this many expected enrollments of a course, so that a small
 * school runs a few well-filled groups instead of one half-empty group per level.
 */
#define ENROLLMENTS_PER_LEVEL 16

#define MIN_CAPACITY 8
#define MAX_CAPACITY 12

static const guint family_sizes[] = { 0, 15, 30, 30, 18, 7 }; /* Weight of 0 to 5. */
G_STATIC_ASSERT (G_N_ELEMENTS (family_sizes) == MAX_FAMILY + 1);

void
families_init (Families *families,
               guint     n_enrollments,
               gboolean  course)
{
  families->families = g_array_new (FALSE, FALSE, sizeof (guint8));
  families->participants = g_array_new (FALSE, FALSE, sizeof (PlanParticipant));
  families->enrollments = g_array_sized_new (FALSE, FALSE, sizeof (PlanEnrollment),
                                             n_enrollments);
  families->course = course;
}

void
families_clear (Families *families)
{
  g_clear_pointer (&families->families, g_array_unref);
  g_clear_pointer (&families->participants, g_array_unref);
  g_clear_pointer (&families->enrollments, g_array_unref);
}

/* Chooses the levels the school runs today: all of them on a busy day, the most booked
 * ones on a quiet day.
 */
static void
plan_offered_levels (Generation *gen)
{
  for (guint c = 0; c < N_COURSES; c++)
    {
      guint n_levels = gen->course_n_levels[c];
      guint first = gen->course_first_level[c];
      guint64 expected = (guint64) gen->n_enrollments * courses[c].participants / 100;
      guint64 wanted = (expected + ENROLLMENTS_PER_LEVEL - 1) / ENROLLMENTS_PER_LEVEL;
      guint weights[MAX_LEVELS];
      gboolean taken[MAX_LEVELS] = { FALSE };

      wanted = CLAMP (wanted, 1, n_levels);
      for (guint i = 0; i < n_levels; i++)
        weights[i] = gen->levels[first + i].weight;

      /* Drawn by popularity, without replacement. */
      for (guint k = 0; k < wanted; k++)
        {
          guint pick = pick_weight (gen->plan_rng, weights, n_levels);

          weights[pick] = 0;
          taken[pick] = TRUE;
        }

      /* Kept in scale order, whatever order they were drawn in. */
      gen->n_offered[c] = 0;
      for (guint i = 0; i < n_levels; i++)
        if (taken[i])
          gen->offered[c][gen->n_offered[c]++] = first + i;
    }
}

static guint
plan_age (Generation *gen,
          Course      course,
          guint       order)
{
  static const guint adult_bands[] = { 15, 35, 40, 10 };
  static const guint8 adult_ages[][2] = { { 13, 17 }, { 18, 35 }, { 36, 55 }, { 56, 72 } };
  static const guint board_bands[] = { 20, 30, 40, 10 };
  static const guint8 board_ages[][2] = { { 8, 12 }, { 13, 17 }, { 18, 35 }, { 36, 52 } };
  guint band;

  switch (course)
    {
    case COURSE_CHILD_SKI:
      return rand_between (gen->plan_rng, child_ages[order - 1][0], child_ages[order - 1][1]);

    case COURSE_ADULT_SKI:
      band = pick_weight (gen->plan_rng, adult_bands, G_N_ELEMENTS (adult_bands));
      return rand_between (gen->plan_rng, adult_ages[band][0], adult_ages[band][1]);

    case COURSE_SNOWBOARD:
      band = pick_weight (gen->plan_rng, board_bands, G_N_ELEMENTS (board_bands));
      return rand_between (gen->plan_rng, board_ages[band][0], board_ages[band][1]);

    case N_COURSES:
    default:
      g_assert_not_reached ();
    }
}

static void
plan_participant (Generation      *gen,
                  PlanParticipant *participant)
{
  guint course_weights[N_COURSES];
  guint level_weights[MAX_LEVELS];
  Course course;
  const Level *level;
  guint pick;

  for (guint c = 0; c < N_COURSES; c++)
    course_weights[c] = courses[c].participants;
  course = (Course) pick_weight (gen->plan_rng, course_weights, N_COURSES);

  for (guint i = 0; i < gen->n_offered[course]; i++)
    level_weights[i] = gen->levels[gen->offered[course][i]].weight;
  pick = gen->offered[course][pick_weight (gen->plan_rng, level_weights, gen->n_offered[course])];
  level = &gen->levels[pick];

  participant->level = (guint8) pick;
  participant->age = (guint8) plan_age (gen, course, level->order);
}

/* Draws families until they hold @n_enrollments enrollments, into @into, and counts the
 * enrollments that are not cancelled in @demand, if given.
 */
static void
plan_families (Generation *gen,
               Families   *into,
               guint       n_enrollments,
               guint       demand[N_SESSIONS][MAX_LEVELS])
{
  guint remaining = n_enrollments;

  while (remaining > 0)
    {
      guint size = pick_weight (gen->plan_rng, family_sizes, G_N_ELEMENTS (family_sizes));
      guint8 planned = 0;

      /* The last family is cut short so that the day has exactly the enrollments asked. */
      for (guint i = 0; i < size && remaining > 0; i++)
        {
          PlanParticipant participant;
          Course course;
          guint first_slot;

          plan_participant (gen, &participant);
          course = gen->levels[participant.level].course;

          if (remaining >= 2 && chance (gen->plan_rng, SHARE_TWO_SESSIONS))
            {
              participant.n_enrollments = 2;
              first_slot = SLOT_MORNING;
            }
          else
            {
              participant.n_enrollments = 1;
              first_slot = rand_below (gen->plan_rng, N_SLOTS);
            }

          for (guint e = 0; e < participant.n_enrollments; e++)
            {
              PlanEnrollment enrollment;

              enrollment.session = (guint8) SESSION_INDEX (course, first_slot + e);
              enrollment.cancelled = chance (gen->plan_rng, SHARE_CANCELLED);
              enrollment.group = -1;
              g_array_append_val (into->enrollments, enrollment);

              if (!enrollment.cancelled && demand != NULL)
                demand[enrollment.session][participant.level]++;
            }

          g_array_append_val (into->participants, participant);
          remaining -= participant.n_enrollments;
          planned++;
        }

      g_array_append_val (into->families, planned);
    }
}

static guint
group_meeting_point (Generation  *gen,
                     const Level *level)
{
  switch (level->course)
    {
    case COURSE_CHILD_SKI:
      /* The Club Piou-Piou levels stay in the children's area. */
      if (level->order <= 4)
        return 0;
      return gen->n_meeting_points > 3 && level->order <= 8 ? 3 : 1;

    case COURSE_ADULT_SKI:
      return gen->n_meeting_points > 4 && level->order >= 4 ? 4 : 1;

    case COURSE_SNOWBOARD:
      return gen->n_meeting_points > 5 && level->order >= 3 ? 5 : 2;

    case N_COURSES:
    default:
      g_assert_not_reached ();
    }
}

/* Opens groups until their seats cover every enrollment that is not cancelled, so that the
 * ones not placed beforehand still find a seat on the day.
 */
static void
plan_groups (Generation *gen,
             guint       demand[N_SESSIONS][MAX_LEVELS])
{
  for (guint s = 0; s < N_SESSIONS; s++)
    for (guint l = 0; l < gen->n_levels; l++)
      {
        guint seats = 0;

        gen->ranges[s][l].first = gen->groups->len;
        gen->ranges[s][l].count = 0;

        while (seats < demand[s][l])
          {
            PlanGroup group = { 0 };

            group.session = (guint8) s;
            group.level = (guint8) l;
            group.capacity = (guint8) rand_between (gen->plan_rng, MIN_CAPACITY, MAX_CAPACITY);
            group.meeting_point = (guint8) group_meeting_point (gen, &gen->levels[l]);
            group.number = ++gen->ranges[s][l].count;
            group.instructor = -1;
            g_array_append_val (gen->groups, group);
            seats += group.capacity;
          }
      }
}

/* Places about 80 % of the enrollments of @families in a group of their session and declared
 * level. The groups' seats cover the demand, so a group with room always exists; the search
 * starts at a random group so that the groups fill evenly.
 */
static void
plan_placements (Generation *gen,
                 Families   *families)
{
  guint e = 0;

  for (guint p = 0; p < families->participants->len; p++)
    {
      const PlanParticipant *participant = &g_array_index (families->participants,
                                                           PlanParticipant, p);

      for (guint k = 0; k < participant->n_enrollments; k++, e++)
        {
          PlanEnrollment *enrollment = &g_array_index (families->enrollments, PlanEnrollment, e);
          const GroupRange *range = &gen->ranges[enrollment->session][participant->level];
          guint start;

          if (enrollment->cancelled || !chance (gen->plan_rng, SHARE_PLANNED))
            continue;

          g_assert (range->count > 0);
          start = rand_below (gen->plan_rng, range->count);
          for (guint j = 0; j < range->count; j++)
            {
              guint index = range->first + (start + j) % range->count;
              PlanGroup *group = &g_array_index (gen->groups, PlanGroup, index);

              if (group->planned < group->capacity)
                {
                  group->planned++;
                  enrollment->group = (gint32) index;
                  break;
                }
            }
        }
    }
}

static gint32
add_instructor (Generation *gen,
                guint       boards)
{
  PlanInstructor instructor = { 0 };

  instructor.boards = (guint8) boards;
  instructor.group[SLOT_MORNING] = -1;
  instructor.group[SLOT_AFTERNOON] = -1;
  g_array_append_val (gen->instructors, instructor);

  return (gint32) gen->instructors->len - 1;
}

static gint32
find_instructor (Generation      *gen,
                 const PlanGroup *group,
                 guint            slot,
                 guint           *cursor)
{
  Course course = SESSION_COURSE (group->session);
  guint board = courses[course].board;
  const GroupRange *morning = &gen->ranges[SESSION_INDEX (course, SLOT_MORNING)][group->level];

  /* Whoever had the same group in the morning keeps it: the pupils see the same face. */
  if (group->number <= morning->count)
    {
      const PlanGroup *earlier = &g_array_index (gen->groups, PlanGroup,
                                                 morning->first + group->number - 1);

      if (earlier->instructor >= 0 &&
          g_array_index (gen->instructors, PlanInstructor, earlier->instructor).group[slot] < 0)
        return earlier->instructor;
    }

  /* Otherwise the first one free who teaches the discipline. Instructors before the cursor
   * are busy or teach something else, and stay so for this half-day.
   */
  for (; *cursor < gen->instructors->len; (*cursor)++)
    {
      const PlanInstructor *candidate = &g_array_index (gen->instructors, PlanInstructor,
                                                        *cursor);

      if (candidate->group[slot] < 0 && (candidate->boards & board) != 0)
        return (gint32) *cursor;
    }

  return -1;
}

/* Gives each group an instructor who leads nothing else in the same half-day, hiring only
 * when nobody free teaches the discipline; then adds the on-call pool.
 */
static void
plan_instructors (Generation *gen)
{
  static const guint pool_boards[] = { BOARD_SKI, BOARD_SNOWBOARD, BOARD_SKI | BOARD_SNOWBOARD };
  static const guint pool_weights[] = { 70, 15, 15 };
  guint n_leading;
  guint n_on_call;

  for (guint slot = 0; slot < N_SLOTS; slot++)
    {
      guint cursor[BOARD_SKI | BOARD_SNOWBOARD] = { 0 };

      for (guint g = 0; g < gen->groups->len; g++)
        {
          PlanGroup *group = &g_array_index (gen->groups, PlanGroup, g);
          guint board = courses[SESSION_COURSE (group->session)].board;
          PlanInstructor *instructor;
          gint32 chosen = -1;

          if (SESSION_SLOT (group->session) != slot ||
              chance (gen->plan_rng, SHARE_NO_INSTRUCTOR))
            continue;

          if (slot != SLOT_MORNING)
            chosen = find_instructor (gen, group, slot, &cursor[board]);
          if (chosen < 0)
            {
              guint boards = board;

              if (chance (gen->plan_rng, SHARE_TWO_BOARDS))
                boards = BOARD_SKI | BOARD_SNOWBOARD;
              chosen = add_instructor (gen, boards);
            }

          instructor = &g_array_index (gen->instructors, PlanInstructor, chosen);
          instructor->group[slot] = (gint32) g;
          instructor->max_level_order = MAX (instructor->max_level_order,
                                             gen->levels[group->level].order);
          group->instructor = chosen;
        }
    }

  /* Most instructors can teach a little above what they lead today. */
  n_leading = gen->instructors->len;
  for (guint i = 0; i < n_leading; i++)
    {
      PlanInstructor *instructor = &g_array_index (gen->instructors, PlanInstructor, i);
      guint top = (instructor->boards & BOARD_SKI) != 0 ? gen->course_n_levels[COURSE_CHILD_SKI]
                                                        : gen->course_n_levels[COURSE_SNOWBOARD];
      guint order = instructor->max_level_order + rand_below (gen->plan_rng, 3);

      instructor->max_level_order = (guint8) MAX (instructor->max_level_order, MIN (order, top));
    }

  n_on_call = MAX (1, (guint) (n_leading * SHARE_ON_CALL + 0.5));
  for (guint i = 0; i < n_on_call; i++)
    {
      guint boards = pool_boards[pick_weight (gen->plan_rng, pool_weights,
                                              G_N_ELEMENTS (pool_weights))];
      gint32 added = add_instructor (gen, boards);
      PlanInstructor *instructor = &g_array_index (gen->instructors, PlanInstructor, added);

      instructor->on_call = TRUE;
      if ((boards & BOARD_SKI) != 0)
        instructor->max_level_order = (guint8) rand_between (gen->plan_rng, 6,
                                                             gen->course_n_levels[COURSE_CHILD_SKI]);
      else
        instructor->max_level_order = (guint8) rand_between (gen->plan_rng, 3,
                                                             gen->course_n_levels[COURSE_SNOWBOARD]);
    }
}

/* The most one-day lessons that any day of the week's courses has in each session and
 * level, drawn as each day draws them, from its own stream: the week's groups make room for
 * them on every day.
 */
static void
plan_lessons_peak (Generation *gen,
                   guint       n_lessons,
                   guint       peak[N_SESSIONS][MAX_LEVELS])
{
  GRand *school_plan = gen->plan_rng;

  for (guint day = 0; day < gen->course_days; day++)
    {
      /* The day's plan stream: the first of its three. */
      g_autoptr(GRand) rng = stream_new (gen->seed, WEEK_DAY_STREAMS (day));
      guint demand[N_SESSIONS][MAX_LEVELS] = { { 0 } };
      g_auto(Families) lessons = { 0 };

      families_init (&lessons, n_lessons, FALSE);
      gen->plan_rng = rng;
      plan_families (gen, &lessons, n_lessons, demand);
      for (guint s = 0; s < N_SESSIONS; s++)
        for (guint l = 0; l < gen->n_levels; l++)
          peak[s][l] = MAX (peak[s][l], demand[s][l]);
    }

  gen->plan_rng = school_plan;
}

/* A lone day: every family comes for the day. */
static void
plan_lone_day (Generation *gen)
{
  guint demand[N_SESSIONS][MAX_LEVELS] = { { 0 } };

  plan_offered_levels (gen);
  plan_families (gen, &gen->lessons, gen->n_enrollments, demand);
  plan_groups (gen, demand);
  plan_placements (gen, &gen->lessons);
  plan_instructors (gen);
}

/* A day of a week. The school's plan is the same on every day of it: its levels, the
 * families of its courses, placed once, and groups and instructors for the courses and for
 * the busiest day of one-day lessons. The day's lessons, from the day's own streams, then
 * take the room the courses leave.
 */
static void
plan_week_day (Generation *gen)
{
  guint demand[N_SESSIONS][MAX_LEVELS] = { { 0 } };
  guint n_courses = (guint) (gen->n_enrollments * SHARE_COURSES + 0.5);
  guint n_lessons = gen->n_enrollments - n_courses;

  generation_use_streams (gen, &gen->school_streams);
  plan_offered_levels (gen);
  plan_lessons_peak (gen, n_lessons, demand);
  plan_families (gen, &gen->courses, n_courses, demand);
  plan_groups (gen, demand);
  plan_placements (gen, &gen->courses);
  plan_instructors (gen);

  generation_use_streams (gen, &gen->day_streams);
  plan_families (gen, &gen->lessons, n_lessons, NULL);
  plan_placements (gen, &gen->lessons);
}

void
generation_plan (Generation *gen)
{
  if (gen->course_days > 0)
    plan_week_day (gen);
  else
    plan_lone_day (gen);
}
