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
 */
#include "acc-demo.h"

#include <string.h>

#include "acc-document.h"
#include "acc-error.h"

#define RESOURCE_PREFIX "/io/github/accueil/Accueil/demo/"

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

/* A school opens one level per this many expected enrollments of a course, so that a small
 * school runs a few well-filled groups instead of one half-empty group per level.
 */
#define ENROLLMENTS_PER_LEVEL 16

#define MIN_CAPACITY 8
#define MAX_CAPACITY 12
#define REFERENCE_LENGTH 6
#define MAX_FAMILY 5 /* The largest family that family_sizes can draw. */
#define UUID_LENGTH 36
#define MAX_LEVELS 32 /* Room for the levels of every course. */

/* No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read aloud or typed from a voucher stays itself. */
static const char reference_alphabet[] = "ACDEFGHJKMNPQRTUVWXY3479";

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

static const struct
{
  const char *title;
  const char *discipline;
  guint       board;
  guint       participants; /* Share of the participants, in percent. */
  guint       meeting_point;
  guint       doc_min_age;
  int         doc_max_age; /* -1: no limit. */
} courses[N_COURSES] = {
  { "Cours enfants ski", "ski", BOARD_SKI, 66, 0, 3, 12 },
  { "Cours adultes ski", "ski", BOARD_SKI, 26, 1, 13, -1 },
  { "Cours snowboard", "snowboard", BOARD_SNOWBOARD, 8, 2, 8, -1 }, /* From 8 years old. */
};

static const struct
{
  const char *title;
  guint       start_hour;
  guint       start_minute;
  guint       end_hour;
  guint       end_minute;
} slots[N_SLOTS] = {
  { "matin", 9, 0, 11, 30 },
  { "après-midi", 14, 0, 16, 30 },
};

/* How often each level is booked, and the ages of the children who usually hold it; both
 * by the level's order on its scale.
 */
static const guint child_weights[] = { 8, 7, 6, 6, 10, 10, 11, 10, 9, 8, 6, 4 };
static const guint8 child_ages[][2] = {
  { 3, 5 }, { 4, 6 }, { 4, 6 }, { 5, 7 }, { 5, 8 }, { 6, 9 },
  { 6, 10 }, { 7, 11 }, { 7, 12 }, { 8, 12 }, { 9, 12 }, { 10, 12 },
};
static const guint adult_weights[] = { 25, 25, 22, 18, 10 };
static const guint board_weights[] = { 35, 25, 20, 12, 8 };
G_STATIC_ASSERT (G_N_ELEMENTS (child_weights) == G_N_ELEMENTS (child_ages));
G_STATIC_ASSERT (G_N_ELEMENTS (child_weights) + G_N_ELEMENTS (adult_weights) +
                 G_N_ELEMENTS (board_weights) <= MAX_LEVELS);

static const guint family_sizes[] = { 0, 15, 30, 30, 18, 7 }; /* Weight of 0 to 5. */
G_STATIC_ASSERT (G_N_ELEMENTS (family_sizes) == MAX_FAMILY + 1);

static const struct
{
  const char *name;
  const char *description;
} meeting_points[] = {
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

static const char *allergies[] = {
  "Arachides", "Gluten", "Pollen", "Lactose", "Fruits à coque", "Œufs", "Piqûres d'abeille",
};

static const char *medical_notes[] = {
  "Asthme : inhalateur dans la poche de la veste",
  "Diabète de type 1 : collation autorisée pendant le cours",
  "Porte des lunettes de vue sous le masque",
  "Opéré du genou l'an dernier, éviter les bosses",
  "Épilepsie : traitement pris le matin",
};

static const char *booking_notes[] = {
  "Arrivée prévue vers 9 h 10",
  "Solde à régler sur place",
  "Demande le même moniteur que l'an dernier",
  "Premier cours pour les enfants, un peu timides",
  "Chèques-vacances à présenter à l'accueil",
  "Famille fidèle depuis 2019",
};

static const char *email_domains[] = { "example.com", "example.net", "example.org" };

static const char *staff_languages[] = { "de", "it", "es", "nl" };

typedef enum
{
  PHONE_FR,
  PHONE_GB,
  PHONE_NL,
  PHONE_BE,
  PHONE_DE,
  PHONE_IT,
} PhoneStyle;

static const char *phone_styles[] = { "fr", "gb", "nl", "be", "de", "it" };

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

typedef struct
{
  AccDemoFunc  func;
  gpointer     user_data;
  guint        n_enrollments;
  int          year;

  GRand       *plan_rng;
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

  GArray      *families;     /* guint8: participants in each family */
  GArray      *participants; /* PlanParticipant */
  GArray      *enrollments;  /* PlanEnrollment */
  GArray      *groups;       /* PlanGroup */
  GArray      *instructors;  /* PlanInstructor */
  GroupRange   ranges[N_SESSIONS][MAX_LEVELS];

  GHashTable  *references; /* Booking codes used today, as numbers plus one. */
} Generation;

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

/* Random helpers */

static guint
rand_below (GRand *rng,
            guint  n)
{
  g_assert (n > 0 && n <= G_MAXINT32);

  return (guint) g_rand_int_range (rng, 0, (gint32) n);
}

static guint
rand_between (GRand *rng,
              guint  low,
              guint  high)
{
  g_assert (low <= high);

  return low + rand_below (rng, high - low + 1);
}

static gboolean
chance (GRand  *rng,
        double  share)
{
  return g_rand_double (rng) < share;
}

static guint
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

static const char *
pick_text (GRand       *rng,
           const char **texts,
           guint        n)
{
  return texts[rand_below (rng, n)];
}

static const char *
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

static void
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

/* Resources */

/* Generated by glib-compile-resources from data/demo/demo.gresource.xml. */
GResource *acc_demo_get_resource (void);

static GBytes *
lookup_resource (const char  *name,
                 GError     **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);

  /* Asking our own resource, rather than the global ones, also makes the linker keep the
   * generated object when the core is a static library that nothing else in it refers to.
   */
  return g_resource_lookup_data (acc_demo_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                 error);
}

static JsonParser *
parse_resource (const char  *name,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data;

  if (!(bytes = lookup_resource (name, error)))
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_FAILED, "The demo data %s is damaged: %s", name,
                   local_error ? local_error->message : "not an object");
      return NULL;
    }

  return g_steal_pointer (&parser);
}

static gboolean
bad_data (GError     **error,
          const char  *what)
{
  g_set_error (error, ACC_ERROR, ACC_ERROR_FAILED, "The demo data is damaged: %s", what);

  return FALSE;
}

/* Reads a list whose entries are a text (weight 1) or a [text, weight] pair. */
static GArray *
read_weighted (JsonObject  *object,
               const char  *member,
               GError     **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (Weighted));
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;
  guint total = 0;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      bad_data (error, member);
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *entry = json_array_get_element (array, i);
      Weighted item = { NULL, 0 };
      gint64 weight = 1;

      if (JSON_NODE_HOLDS_VALUE (entry) && json_node_get_value_type (entry) == G_TYPE_STRING)
        {
          item.text = json_node_get_string (entry);
        }
      else if (JSON_NODE_HOLDS_ARRAY (entry) &&
               json_array_get_length (json_node_get_array (entry)) == 2)
        {
          JsonArray *pair = json_node_get_array (entry);
          JsonNode *text = json_array_get_element (pair, 0);
          JsonNode *count = json_array_get_element (pair, 1);

          if (JSON_NODE_HOLDS_VALUE (text) && json_node_get_value_type (text) == G_TYPE_STRING &&
              JSON_NODE_HOLDS_VALUE (count) && json_node_get_value_type (count) == G_TYPE_INT64)
            {
              item.text = json_node_get_string (text);
              weight = json_node_get_int (count);
            }
        }

      if (item.text == NULL || item.text[0] == '\0' || weight < 1 || weight > 1000000)
        {
          bad_data (error, member);
          return NULL;
        }

      total += (guint) weight;
      item.cumulative = total;
      g_array_append_val (list, item);
    }

  if (list->len == 0)
    {
      bad_data (error, member);
      return NULL;
    }

  return g_steal_pointer (&list);
}

static void
nationality_clear (gpointer data)
{
  Nationality *nationality = data;

  g_clear_pointer (&nationality->languages, g_array_unref);
  g_clear_pointer (&nationality->first_names, g_array_unref);
  g_clear_pointer (&nationality->surnames, g_array_unref);
}

static gboolean
load_names (Generation  *gen,
            GError     **error)
{
  JsonObject *root;
  JsonArray *list;

  if (!(gen->names_parser = parse_resource ("names.json", error)))
    return FALSE;

  root = json_node_get_object (json_parser_get_root (gen->names_parser));
  if (!json_object_has_member (root, "nationalities") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "nationalities")))
    return bad_data (error, "nationalities");

  list = json_object_get_array_member (root, "nationalities");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      Nationality nationality = { 0 };
      Nationality *added;
      JsonObject *object;
      const char *phone;
      gint64 weight;
      guint style;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bad_data (error, "nationality");
      object = json_node_get_object (node);

      nationality.code = json_object_get_string_member_with_default (object, "code", NULL);
      phone = json_object_get_string_member_with_default (object, "phone", "");
      weight = json_object_get_int_member_with_default (object, "weight", 0);
      if (nationality.code == NULL || weight < 1 || weight > 1000)
        return bad_data (error, "nationality code or weight");
      nationality.weight = (guint) weight;

      style = G_N_ELEMENTS (phone_styles);
      for (guint j = 0; j < G_N_ELEMENTS (phone_styles); j++)
        if (g_str_equal (phone, phone_styles[j]))
          style = j;
      if (style == G_N_ELEMENTS (phone_styles))
        return bad_data (error, "phone style");
      nationality.phone = (PhoneStyle) style;

      /* Appended first, so that the array frees the lists even when a later one fails. */
      g_array_append_val (gen->nationalities, nationality);
      added = &g_array_index (gen->nationalities, Nationality, gen->nationalities->len - 1);
      if (!(added->languages = read_weighted (object, "languages", error)) ||
          !(added->first_names = read_weighted (object, "first_names", error)) ||
          !(added->surnames = read_weighted (object, "surnames", error)))
        return FALSE;

      gen->nationality_total += nationality.weight;
      if (i > 0)
        gen->foreign_total += nationality.weight;
    }

  /* The first nationality is the school's own; the others are visitors. */
  if (gen->nationalities->len < 2)
    return bad_data (error, "nationalities");

  return TRUE;
}

static gboolean
read_scale (Generation  *gen,
            JsonObject  *root,
            const char  *scale,
            Course       course,
            guint        expected,
            const char  *prefix,
            GError     **error)
{
  JsonObject *object;
  JsonArray *list;

  if (!json_object_has_member (root, scale) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, scale)))
    return bad_data (error, scale);
  object = json_object_get_object_member (root, scale);
  if (!json_object_has_member (object, "levels") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "levels")))
    return bad_data (error, scale);
  list = json_object_get_array_member (object, "levels");
  if (json_array_get_length (list) != expected)
    return bad_data (error, scale);

  gen->course_first_level[course] = gen->n_levels;
  gen->course_n_levels[course] = expected;

  for (guint i = 0; i < expected; i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      Level *level = &gen->levels[gen->n_levels];
      JsonObject *entry;
      const char *code, *label;
      gint64 order;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bad_data (error, scale);
      entry = json_node_get_object (node);
      code = json_object_get_string_member_with_default (entry, "code", NULL);
      label = json_object_get_string_member_with_default (entry, "label", NULL);
      order = json_object_get_int_member_with_default (entry, "order", 0);

      /* The weight and age tables are by order, so the scale must be 1, 2, 3… */
      if (code == NULL || label == NULL || order != (gint64) i + 1)
        return bad_data (error, scale);

      level->code = g_strconcat (prefix, code, NULL);
      level->label = g_strdup (label);
      level->order = (guint) order;
      level->course = course;
      if (course == COURSE_CHILD_SKI)
        level->weight = child_weights[i];
      else if (course == COURSE_ADULT_SKI)
        level->weight = adult_weights[i];
      else
        level->weight = board_weights[i];
      gen->n_levels++;
    }

  return TRUE;
}

static gboolean
load_levels (Generation  *gen,
             GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root;

  if (!(parser = parse_resource ("levels.json", error)))
    return FALSE;
  root = json_node_get_object (json_parser_get_root (parser));

  /* Snowboard classes carry the adult ski class names under their own codes. */
  return read_scale (gen, root, "esf_ski_children", COURSE_CHILD_SKI,
                     G_N_ELEMENTS (child_weights), "", error) &&
         read_scale (gen, root, "esf_ski_adults", COURSE_ADULT_SKI,
                     G_N_ELEMENTS (adult_weights), "", error) &&
         read_scale (gen, root, "esf_ski_adults", COURSE_SNOWBOARD,
                     G_N_ELEMENTS (board_weights), "SNOW_", error);
}

/* Plan */

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

static void
plan_families (Generation *gen,
               guint       demand[N_SESSIONS][MAX_LEVELS])
{
  guint remaining = gen->n_enrollments;

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
              g_array_append_val (gen->enrollments, enrollment);

              if (!enrollment.cancelled)
                demand[enrollment.session][participant.level]++;
            }

          g_array_append_val (gen->participants, participant);
          remaining -= participant.n_enrollments;
          planned++;
        }

      g_array_append_val (gen->families, planned);
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

/* Places about 80 % of the enrollments in a group of their session and declared level. The
 * groups' seats cover the demand, so a group with room always exists; the search starts at
 * a random group so that the groups fill evenly.
 */
static void
plan_placements (Generation *gen)
{
  guint e = 0;

  for (guint p = 0; p < gen->participants->len; p++)
    {
      const PlanParticipant *participant = &g_array_index (gen->participants, PlanParticipant, p);

      for (guint k = 0; k < participant->n_enrollments; k++, e++)
        {
          PlanEnrollment *enrollment = &g_array_index (gen->enrollments, PlanEnrollment, e);
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

/* People */

static const Nationality *
nationality_at (Generation *gen,
                guint       index)
{
  return &g_array_index (gen->nationalities, Nationality, index);
}

/* The school's own country is the first of names.json; a visitor comes from one of the
 * others, in proportion to their weights.
 */
static const Nationality *
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
static char *
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

static char *
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

static void
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
static const char *
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

/* Emit */

static gboolean
emit (Generation  *gen,
      JsonObject  *doc,
      GError     **error)
{
  g_autoptr(JsonObject) owned = doc;
  GError *local_error = NULL;

  if (gen->func (owned, gen->user_data, &local_error))
    {
      g_clear_error (&local_error);
      return TRUE;
    }

  if (local_error == NULL)
    local_error = g_error_new_literal (ACC_ERROR, ACC_ERROR_FAILED,
                                       "The demo day was stopped before its end");
  g_propagate_error (error, local_error);

  return FALSE;
}

static JsonObject *
doc_new (Generation *gen,
         const char *type,
         char       *id)
{
  JsonObject *doc = json_object_new ();

  make_uuid (gen->id_rng, id);
  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", type);
  json_object_set_int_member (doc, "schema", 1);

  return doc;
}

static void
set_nullable_id (JsonObject *doc,
                 const char *member,
                 const char *id)
{
  if (id != NULL)
    json_object_set_string_member (doc, member, id);
  else
    json_object_set_null_member (doc, member);
}

static gboolean
emit_reference_data (Generation  *gen,
                     GError     **error)
{
  JsonObject *doc;
  Uuid id;

  doc = doc_new (gen, "school", id);
  json_object_set_string_member (doc, "name", "École de ski Démo");
  json_object_set_string_member (doc, "timezone", "Europe/Paris");
  json_object_set_string_member (doc, "locale", "fr_FR");
  json_object_set_string_member (doc, "level_scale", "esf");
  if (!emit (gen, doc, error))
    return FALSE;

  for (guint l = 0; l < gen->n_levels; l++)
    {
      Level *level = &gen->levels[l];

      doc = doc_new (gen, "level", level->id);
      json_object_set_string_member (doc, "code", level->code);
      json_object_set_string_member (doc, "label", level->label);
      json_object_set_int_member (doc, "order", level->order);
      json_object_set_string_member (doc, "discipline", courses[level->course].discipline);
      json_object_set_int_member (doc, "min_age", courses[level->course].doc_min_age);
      if (courses[level->course].doc_max_age >= 0)
        json_object_set_int_member (doc, "max_age", courses[level->course].doc_max_age);
      else
        json_object_set_null_member (doc, "max_age");
      if (!emit (gen, doc, error))
        return FALSE;
    }

  for (guint m = 0; m < gen->n_meeting_points; m++)
    {
      doc = doc_new (gen, "meeting_point", gen->meeting_point_ids[m]);
      json_object_set_string_member (doc, "name", meeting_points[m].name);
      json_object_set_string_member (doc, "description", meeting_points[m].description);
      if (!emit (gen, doc, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
emit_instructors (Generation  *gen,
                  GError     **error)
{
  GRand *rng = gen->people_rng;

  for (guint i = 0; i < gen->instructors->len; i++)
    {
      PlanInstructor *instructor = &g_array_index (gen->instructors, PlanInstructor, i);
      gboolean foreign = !chance (rng, SHARE_FRENCH_STAFF);
      const Nationality *nationality = pick_nationality (gen, foreign);
      const char *first_name = pick_weighted (rng, nationality->first_names);
      const char *last_name = pick_weighted (rng, nationality->surnames);
      g_autofree char *phone = make_phone (rng, PHONE_FR);
      JsonArray *languages = json_array_new ();
      JsonArray *disciplines = json_array_new ();
      JsonObject *doc;

      /* Every instructor here speaks French; a visitor also speaks their own language. */
      json_array_add_string_element (languages, "fr");
      if (foreign)
        {
          const char *own = pick_weighted (rng, nationality->languages);

          if (!g_str_equal (own, "fr"))
            json_array_add_string_element (languages, own);
        }
      if (chance (rng, foreign ? 0.9 : 0.7))
        {
          gboolean present = FALSE;

          for (guint j = 0; j < json_array_get_length (languages); j++)
            present |= g_str_equal (json_array_get_string_element (languages, j), "en");
          if (!present)
            json_array_add_string_element (languages, "en");
        }
      if (chance (rng, 0.15))
        {
          const char *extra = pick_text (rng, staff_languages, G_N_ELEMENTS (staff_languages));
          gboolean present = FALSE;

          for (guint j = 0; j < json_array_get_length (languages); j++)
            present |= g_str_equal (json_array_get_string_element (languages, j), extra);
          if (!present)
            json_array_add_string_element (languages, extra);
        }

      if ((instructor->boards & BOARD_SKI) != 0)
        json_array_add_string_element (disciplines, "ski");
      if ((instructor->boards & BOARD_SNOWBOARD) != 0)
        json_array_add_string_element (disciplines, "snowboard");

      doc = doc_new (gen, "instructor", instructor->id);
      json_object_set_string_member (doc, "first_name", first_name);
      json_object_set_string_member (doc, "last_name", last_name);
      json_object_set_string_member (doc, "phone", phone);
      json_object_set_array_member (doc, "languages", languages);
      json_object_set_array_member (doc, "disciplines", disciplines);
      json_object_set_int_member (doc, "max_level_order", instructor->max_level_order);
      json_object_set_boolean_member (doc, "on_call", instructor->on_call);
      if (!emit (gen, doc, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
emit_sessions_and_groups (Generation  *gen,
                          GError     **error)
{
  for (guint s = 0; s < N_SESSIONS; s++)
    {
      Course course = SESSION_COURSE (s);
      guint slot = SESSION_SLOT (s);
      g_autofree char *title = g_strdup_printf ("%s – %s", courses[course].title,
                                                slots[slot].title);
      JsonObject *doc = doc_new (gen, "session", gen->session_ids[s]);

      json_object_set_string_member (doc, "title", title);
      json_object_set_string_member (doc, "discipline", courses[course].discipline);
      json_object_set_string_member (doc, "kind", "group");
      json_object_set_string_member (doc, "starts_at", gen->starts_at[slot]);
      json_object_set_string_member (doc, "ends_at", gen->ends_at[slot]);
      json_object_set_string_member (doc, "meeting_point_id",
                                     gen->meeting_point_ids[courses[course].meeting_point]);
      if (!emit (gen, doc, error))
        return FALSE;
    }

  for (guint g = 0; g < gen->groups->len; g++)
    {
      PlanGroup *group = &g_array_index (gen->groups, PlanGroup, g);
      const Level *level = &gen->levels[group->level];
      const char *instructor_id = NULL;
      g_autofree char *label = NULL;
      JsonObject *doc;

      /* "Ourson 2", but "Classe 2 – 1" where the level's name ends with a number. */
      if (g_ascii_isdigit (level->label[strlen (level->label) - 1]))
        label = g_strdup_printf ("%s – %u", level->label, group->number);
      else
        label = g_strdup_printf ("%s %u", level->label, group->number);

      if (group->instructor >= 0)
        instructor_id = g_array_index (gen->instructors, PlanInstructor, group->instructor).id;

      doc = doc_new (gen, "group", group->id);
      json_object_set_string_member (doc, "session_id", gen->session_ids[group->session]);
      json_object_set_string_member (doc, "level_id", level->id);
      set_nullable_id (doc, "instructor_id", instructor_id);
      json_object_set_int_member (doc, "capacity", group->capacity);
      json_object_set_string_member (doc, "label", label);
      json_object_set_string_member (doc, "meeting_point_id",
                                     gen->meeting_point_ids[group->meeting_point]);
      if (!emit (gen, doc, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
emit_family (Generation  *gen,
             guint        n_participants,
             guint       *participant_cursor,
             guint       *enrollment_cursor,
             GError     **error)
{
  GRand *rng = gen->people_rng;
  gboolean foreign = chance (rng, (double) gen->foreign_total / gen->nationality_total);
  const Nationality *nationality = pick_nationality (gen, foreign);
  const char *surname = pick_weighted (rng, nationality->surnames);
  const char *payer_first = pick_weighted (rng, nationality->first_names);
  const char *language = pick_weighted (rng, nationality->languages);
  g_autofree char *phone = make_phone (rng, nationality->phone);
  g_autofree char *email = make_email (gen, payer_first, surname);
  g_autofree char *payer_name = g_strdup_printf ("%s %s", payer_first, surname);
  const char *first_names[MAX_FAMILY + 2] = { payer_first };
  g_autofree char *family_phone = NULL;
  g_autofree char *second_adult = NULL;
  Uuid participant_ids[MAX_FAMILY];
  char reference[REFERENCE_LENGTH + 1];
  gboolean payer_taken = FALSE;
  Uuid customer_id, booking_id;
  gint64 balance = 0;
  const char *notes = "";
  JsonObject *doc;

  g_assert (n_participants >= 1 && n_participants <= MAX_FAMILY);

  doc = doc_new (gen, "customer", customer_id);
  json_object_set_string_member (doc, "first_name", payer_first);
  json_object_set_string_member (doc, "last_name", surname);
  json_object_set_string_member (doc, "phone", phone);
  json_object_set_string_member (doc, "email", email);
  json_object_set_string_member (doc, "language", language);
  if (!emit (gen, doc, error))
    return FALSE;

  make_reference (gen, reference);
  if (chance (rng, SHARE_BALANCE_DUE))
    {
      balance = 100 * (gint64) rand_between (rng, 20, 450);
      if (chance (rng, 0.3))
        balance += 50;
    }
  if (chance (rng, SHARE_BOOKING_NOTES))
    notes = pick_text (rng, booking_notes, G_N_ELEMENTS (booking_notes));

  doc = doc_new (gen, "booking", booking_id);
  json_object_set_string_member (doc, "reference", reference);
  json_object_set_string_member (doc, "customer_id", customer_id);
  json_object_set_int_member (doc, "balance_due_cents", balance);
  json_object_set_string_member (doc, "currency", "EUR");
  json_object_set_string_member (doc, "notes", notes);
  if (!emit (gen, doc, error))
    return FALSE;

  /* What the family tells the desk once: who else may fetch the children, and the number
   * to call.
   */
  if (chance (rng, SHARE_SECOND_PICKUP))
    {
      first_names[1] = pick_first_name (gen, nationality, first_names, 1);
      second_adult = g_strdup_printf ("%s %s", first_names[1], surname);
    }
  if (chance (rng, SHARE_OTHER_PHONE))
    family_phone = make_phone (rng, nationality->phone);
  else
    family_phone = g_strdup (phone);

  for (guint i = 0; i < n_participants; i++)
    {
      const PlanParticipant *participant = &g_array_index (gen->participants, PlanParticipant,
                                                           *participant_cursor + i);
      gboolean child = participant->age <= 12;
      const char *first_name;
      const char *last_name = surname;
      g_autofree char *placeholder_name = NULL;
      g_autofree char *emergency_phone = NULL;
      JsonArray *pickup = json_array_new ();

      if (participant->age >= 18 && !payer_taken && chance (rng, SHARE_PAYER_TAKES))
        {
          first_name = payer_first;
          payer_taken = TRUE;
        }
      else
        {
          first_name = pick_first_name (gen, nationality, first_names, i + 2);
          if (chance (rng, SHARE_OTHER_SURNAME))
            last_name = pick_weighted (rng, nationality->surnames);
        }
      first_names[i + 2] = first_name;

      /* Booked without a name yet: the desk asks for it at check-in. */
      if (chance (rng, SHARE_PLACEHOLDER))
        {
          placeholder_name = g_strdup_printf ("[%s – %u]", surname, i + 1);
          first_name = placeholder_name;
          last_name = surname;
        }

      /* A friend who comes along gives their own number. */
      if (!child && last_name != surname)
        emergency_phone = make_phone (rng, nationality->phone);
      else
        emergency_phone = g_strdup (family_phone);

      if (child)
        {
          json_array_add_string_element (pickup, payer_name);
          if (second_adult != NULL)
            json_array_add_string_element (pickup, second_adult);
        }

      doc = doc_new (gen, "participant", participant_ids[i]);
      json_object_set_string_member (doc, "booking_id", booking_id);
      json_object_set_string_member (doc, "first_name", first_name);
      json_object_set_string_member (doc, "last_name", last_name);
      json_object_set_int_member (doc, "birth_year", gen->year - participant->age);
      json_object_set_string_member (doc, "level_id", gen->levels[participant->level].id);
      json_object_set_string_member (doc, "allergies",
                                     chance (rng, SHARE_ALLERGY)
                                       ? pick_text (rng, allergies, G_N_ELEMENTS (allergies))
                                       : "");
      json_object_set_string_member (doc, "medical_notes",
                                     chance (rng, SHARE_MEDICAL)
                                       ? pick_text (rng, medical_notes,
                                                    G_N_ELEMENTS (medical_notes))
                                       : "");
      json_object_set_string_member (doc, "emergency_phone", emergency_phone);
      json_object_set_array_member (doc, "pickup_adults", pickup);
      json_object_set_boolean_member (doc, "placeholder", placeholder_name != NULL);
      if (!emit (gen, doc, error))
        return FALSE;
    }

  for (guint i = 0; i < n_participants; i++)
    {
      const PlanParticipant *participant = &g_array_index (gen->participants, PlanParticipant,
                                                           *participant_cursor + i);

      for (guint k = 0; k < participant->n_enrollments; k++)
        {
          const PlanEnrollment *enrollment = &g_array_index (gen->enrollments, PlanEnrollment,
                                                             (*enrollment_cursor)++);
          const char *group_id = NULL;
          Uuid id;

          if (enrollment->group >= 0)
            group_id = g_array_index (gen->groups, PlanGroup, enrollment->group).id;

          doc = doc_new (gen, "enrollment", id);
          json_object_set_string_member (doc, "participant_id", participant_ids[i]);
          json_object_set_string_member (doc, "session_id", gen->session_ids[enrollment->session]);
          json_object_set_string_member (doc, "booking_id", booking_id);
          set_nullable_id (doc, "planned_group_id", group_id);
          json_object_set_string_member (doc, "status",
                                         enrollment->cancelled ? "cancelled" : "booked");
          if (!emit (gen, doc, error))
            return FALSE;
        }
    }

  *participant_cursor += n_participants;

  return TRUE;
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

static GRand *
stream_new (guint32 seed,
            guint32 stream)
{
  guint32 key[2] = { seed, stream };

  return g_rand_new_with_seed_array (key, G_N_ELEMENTS (key));
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

static void
generation_plan (Generation *gen)
{
  guint demand[N_SESSIONS][MAX_LEVELS] = { { 0 } };

  plan_offered_levels (gen);
  plan_families (gen, demand);
  plan_groups (gen, demand);
  plan_placements (gen);
  plan_instructors (gen);
}

static gboolean
generation_emit (Generation  *gen,
                 GError     **error)
{
  guint participant_cursor = 0;
  guint enrollment_cursor = 0;

  if (!emit_reference_data (gen, error) ||
      !emit_instructors (gen, error) ||
      !emit_sessions_and_groups (gen, error))
    return FALSE;

  for (guint f = 0; f < gen->families->len; f++)
    if (!emit_family (gen, g_array_index (gen->families, guint8, f), &participant_cursor,
                      &enrollment_cursor, error))
      return FALSE;

  g_assert (enrollment_cursor == gen->n_enrollments);

  return TRUE;
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
