/* acc-demo-private.h: what the parts of the demo day generator share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "acc-demo.h"

G_BEGIN_DECLS

/* Shares, per participant unless said otherwise. */
#define SHARE_TWO_SESSIONS   0.40 /* Morning and afternoon. */
#define SHARE_CANCELLED      0.02 /* Per enrollment. */
#define SHARE_PLANNED        0.80 /* Per enrollment that is not cancelled. */
#define SHARE_NO_INSTRUCTOR  0.03 /* Per group. */
#define SHARE_ON_CALL        0.10 /* Of the instructors who lead a group. */
#define SHARE_TWO_BOARDS     0.25 /* Instructors who teach both ski and snowboard. */
#define SHARE_PLACEHOLDER    0.03
#define SHARE_ALLERGY        0.05
#define SHARE_MEDICAL        0.03
#define SHARE_OTHER_SURNAME  0.08 /* A participant not named like the payer. */
#define SHARE_PAYER_TAKES    0.70 /* The payer is the family's first adult participant. */
#define SHARE_SECOND_PICKUP  0.35
#define SHARE_OTHER_PHONE    0.20 /* Emergency phone other than the payer's. */
#define SHARE_BALANCE_DUE    0.15 /* Per booking. */
#define SHARE_BOOKING_NOTES  0.06 /* Per booking. */
#define SHARE_EMAIL_NUMBER   0.40 /* Per customer. */
#define SHARE_FRENCH_STAFF   0.85 /* Per instructor. */
#define SHARE_COURSES        0.60 /* Per enrollment of a day of a week: the week's courses. */

#define COURSE_DAYS 6 /* A week's course: ski schools sell six mornings. */

#define REFERENCE_LENGTH 6
#define MAX_FAMILY 5 /* The largest family that family_sizes can draw. */
#define UUID_LENGTH 36
#define MAX_LEVELS 32 /* Room for the levels of every course. */
#define N_MEETING_POINTS 6

typedef char Uuid[UUID_LENGTH + 1];

typedef enum
{
  COURSE_CHILD_SKI,
  COURSE_ADULT_SKI,
  COURSE_SNOWBOARD,
  N_COURSES
} Course;

enum
{
  SLOT_MORNING,
  SLOT_AFTERNOON,
  N_SLOTS
};

#define N_SESSIONS (N_COURSES * N_SLOTS)
#define SESSION_INDEX(course, slot) ((course) * N_SLOTS + (slot))
#define SESSION_COURSE(session) ((Course) ((session) / N_SLOTS))
#define SESSION_SLOT(session) ((session) % N_SLOTS)

enum
{
  BOARD_SKI = 1 << 0,
  BOARD_SNOWBOARD = 1 << 1,
};

typedef struct
{
  const char *title;
  const char *discipline;
  guint       board;
  guint       participants; /* Share of the participants, in percent. */
  guint       meeting_point;
  guint       doc_min_age;
  int         doc_max_age; /* -1: no limit. */
} CourseInfo;

typedef struct
{
  const char *title;
  guint       start_hour;
  guint       start_minute;
  guint       end_hour;
  guint       end_minute;
} SlotInfo;

typedef struct
{
  const char *name;
  const char *description;
} MeetingPoint;

/* acc-demo.c */
G_GNUC_INTERNAL extern const CourseInfo   courses[N_COURSES];
G_GNUC_INTERNAL extern const SlotInfo     slots[N_SLOTS];
G_GNUC_INTERNAL extern const MeetingPoint meeting_points[N_MEETING_POINTS];

typedef enum
{
  PHONE_FR,
  PHONE_GB,
  PHONE_NL,
  PHONE_BE,
  PHONE_DE,
  PHONE_IT,
} PhoneStyle;

/* An entry of a weighted list; its weight is cumulative minus the previous entry's. */
typedef struct
{
  const char *text; /* Owned by the parser of names.json. */
  guint       cumulative;
} Weighted;

typedef struct
{
  const char *code;
  PhoneStyle  phone;
  guint       weight;
  GArray     *languages;   /* Weighted */
  GArray     *first_names; /* Weighted */
  GArray     *surnames;    /* Weighted */
} Nationality;

typedef struct
{
  char   *code;
  char   *label;
  guint   order;
  Course  course;
  guint   weight;
  Uuid    id;
} Level;

typedef struct
{
  guint8 level;
  guint8 age;
  guint8 n_enrollments;
} PlanParticipant;

typedef struct
{
  guint8 session;
  guint8 cancelled;
  gint32 group; /* -1: not placed before the day. */
} PlanEnrollment;

typedef struct
{
  guint8  session;
  guint8  level;
  guint8  capacity;
  guint8  meeting_point;
  guint   number; /* From 1, among the groups of its session and level. */
  gint32  instructor;
  guint   planned;
  Uuid    id;
} PlanGroup;

typedef struct
{
  guint8   boards;
  guint8   max_level_order;
  gboolean on_call;
  gint32   group[N_SLOTS]; /* The group led in each half-day, or -1. */
  Uuid     id;
} PlanInstructor;

typedef struct
{
  guint first;
  guint count;
} GroupRange;

/* The random streams of a generation (stream_new()), by number: a lone day draws everything
 * from 1 to 3. A day of a week draws the school and its courses from 4 to 6, the same for
 * every day, and the one-day lessons of its day D (from 0) from the three from 7 + 3 * D.
 */
enum
{
  STREAM_PLAN = 1,
  STREAM_PEOPLE,
  STREAM_IDS,
  N_STREAMS = STREAM_IDS,
  STREAM_WEEK = 1 + N_STREAMS,
  STREAM_WEEK_DAY = STREAM_WEEK + N_STREAMS,
};

#define WEEK_DAY_STREAMS(day) (STREAM_WEEK_DAY + N_STREAMS * (day))

typedef struct
{
  GRand *plan;
  GRand *people;
  GRand *ids;
} Streams;

/* Families, with their participants and enrollments in order. */
typedef struct
{
  GArray   *families;     /* guint8: participants in each family */
  GArray   *participants; /* PlanParticipant */
  GArray   *enrollments;  /* PlanEnrollment */
  gboolean  course;       /* A week's course: the same families every day of it. */
} Families;

typedef struct
{
  AccDemoFunc  func;
  gpointer     user_data;
  guint32      seed;
  guint        n_enrollments;
  const char  *date;
  int          year;

  /* Of a day of a week; 0 and NULL on a lone day. */
  guint        course_days;      /* How long the courses run, from the week's first day. */
  guint        day;              /* The day's number in the week, from 0. */
  char        *course_first_day;
  char        *course_last_day;
  int          course_year;      /* The first day's: a course's pupils age on no day of it. */

  Streams      school_streams;   /* The school's plan, and the families of the week's courses. */
  Streams      day_streams;      /* The day's one-day lessons, in a week. */
  GRand       *plan_rng;         /* The streams drawn from now: those of one of the above. */
  GRand       *people_rng;
  GRand       *id_rng;

  char        *starts_at[N_SLOTS];
  char        *ends_at[N_SLOTS];

  JsonParser  *names_parser;
  GArray      *nationalities; /* Nationality */
  guint        nationality_total;
  guint        foreign_total;

  Level        levels[MAX_LEVELS];
  guint        n_levels;
  guint        course_first_level[N_COURSES];
  guint        course_n_levels[N_COURSES];
  guint        offered[N_COURSES][MAX_LEVELS];
  guint        n_offered[N_COURSES];

  guint        n_meeting_points;
  Uuid         meeting_point_ids[G_N_ELEMENTS (meeting_points)];
  Uuid         session_ids[N_SESSIONS];

  Families     courses;      /* The week's courses; none on a lone day. */
  Families     lessons;      /* The day's one-day lessons: every family of a lone day. */
  GArray      *groups;       /* PlanGroup */
  GArray      *instructors;  /* PlanInstructor */
  GroupRange   ranges[N_SESSIONS][MAX_LEVELS];

  GHashTable  *references; /* Booking codes used today, as numbers plus one. */
} Generation;

/* acc-demo-random.c */
G_GNUC_INTERNAL
guint        rand_below        (GRand        *rng,
                                guint         n);
G_GNUC_INTERNAL
guint        rand_between      (GRand        *rng,
                                guint         low,
                                guint         high);
G_GNUC_INTERNAL
gboolean     chance            (GRand        *rng,
                                double        share);
G_GNUC_INTERNAL
guint        pick_weight       (GRand        *rng,
                                const guint  *weights,
                                guint         n);
G_GNUC_INTERNAL
const char  *pick_text         (GRand        *rng,
                                const char  **texts,
                                guint         n);
G_GNUC_INTERNAL
const char  *pick_weighted     (GRand        *rng,
                                GArray       *list);
G_GNUC_INTERNAL
void         make_uuid         (GRand        *rng,
                                Uuid          out);
G_GNUC_INTERNAL
GRand       *stream_new        (guint32       seed,
                                guint32       stream);
G_GNUC_INTERNAL
void         streams_init      (Streams      *streams,
                                guint32       seed,
                                guint32       first);
G_GNUC_INTERNAL
void         streams_clear     (Streams      *streams);
G_GNUC_INTERNAL
void         generation_use_streams (Generation    *gen,
                                     const Streams *streams);

/* acc-demo-data.c */
G_GNUC_INTERNAL extern const guint8 child_ages[][2];

G_GNUC_INTERNAL
void         nationality_clear (gpointer      data);
G_GNUC_INTERNAL
gboolean     load_names        (Generation   *gen,
                                GError      **error);
G_GNUC_INTERNAL
gboolean     load_levels       (Generation   *gen,
                                GError      **error);

/* acc-demo-plan.c */
G_GNUC_INTERNAL
void         families_init     (Families     *families,
                                guint         n_enrollments,
                                gboolean      course);
G_GNUC_INTERNAL
void         families_clear    (Families     *families);
G_GNUC_INTERNAL
void         generation_plan   (Generation   *gen);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Families, families_clear)

/* acc-demo-people.c */
G_GNUC_INTERNAL
const Nationality *pick_nationality (Generation        *gen,
                                     gboolean           foreign);
G_GNUC_INTERNAL
char              *make_phone       (GRand             *rng,
                                     PhoneStyle         style);
G_GNUC_INTERNAL
char              *make_email       (Generation        *gen,
                                     const char        *first_name,
                                     const char        *last_name);
G_GNUC_INTERNAL
void               make_reference   (Generation        *gen,
                                     char               reference[REFERENCE_LENGTH + 1]);
G_GNUC_INTERNAL
const char        *pick_first_name  (Generation        *gen,
                                     const Nationality *nationality,
                                     const char       **taken,
                                     guint              n_taken);

/* acc-demo-emit.c */
G_GNUC_INTERNAL
gboolean     generation_emit   (Generation   *gen,
                                GError      **error);

G_END_DECLS
