/* test-demo.c: the demonstration day generator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "acc-demo.h"
#include "acc-error.h"

#define WINTER_DATE "2026-12-26"
#define SUMMER_DATE "2026-07-10"
#define REFERENCE_ALPHABET "ACDEFGHJKMNPQRTUVWXY3479"

/* Every document of a day, in the order the generator gave them, and by id. */
typedef struct
{
  GPtrArray  *docs;
  GHashTable *by_id;
  int         year;
} Day;

static gboolean
collect_cb (JsonObject  *doc,
            gpointer     user_data,
            GError     **error)
{
  Day *day = user_data;

  g_ptr_array_add (day->docs, json_object_ref (doc));

  return TRUE;
}

static void
day_free (Day *day)
{
  g_ptr_array_unref (day->docs);
  g_hash_table_unref (day->by_id);
  g_free (day);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Day, day_free)

static Day *
day_generate (AccDemo *demo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  Day *day = g_new0 (Day, 1);

  g_object_get (demo, "date", &date, NULL);
  day->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  day->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  day->year = (int) g_ascii_strtoll (date, NULL, 10);

  g_assert_true (acc_demo_generate (demo, collect_cb, day, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < day->docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (day->docs, i);

      g_hash_table_insert (day->by_id, (gpointer) json_object_get_string_member (doc, "_id"), doc);
    }

  return day;
}

static Day *
day_new (guint32     seed,
         guint       n_enrollments,
         const char *date)
{
  g_autoptr(AccDemo) demo = acc_demo_new (seed, n_enrollments, date);

  return day_generate (demo);
}

static guint
count_type (Day        *day,
            const char *type)
{
  guint count = 0;

  for (guint i = 0; i < day->docs->len; i++)
    count += g_str_equal (json_object_get_string_member (g_ptr_array_index (day->docs, i),
                                                         "type"),
                          type);

  return count;
}

/* The document an id member points at, which must exist and have the given type. */
static JsonObject *
deref (Day        *day,
       JsonObject *doc,
       const char *member,
       const char *type)
{
  const char *id = json_object_get_string_member (doc, member);
  JsonObject *target;

  g_assert_nonnull (id);
  target = g_hash_table_lookup (day->by_id, id);
  if (target == NULL)
    g_error ("%s %s refers to a missing %s", member, id, type);
  g_assert_cmpstr (json_object_get_string_member (target, "type"), ==, type);

  return target;
}

static gboolean
is_uuid_v4 (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (text[i]) && !(text[i] >= 'a' && text[i] <= 'f'))
        return FALSE;
    }

  return text[14] == '4' && strchr ("89ab", text[19]) != NULL;
}

static gboolean
is_null_member (JsonObject *doc,
                const char *member)
{
  JsonNode *node = json_object_get_member (doc, member);

  g_assert_nonnull (node);

  return JSON_NODE_HOLDS_NULL (node);
}

static gboolean
string_list_contains (JsonArray  *list,
                      const char *text)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    if (g_str_equal (json_array_get_string_element (list, i), text))
      return TRUE;

  return FALSE;
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;

  return TRUE;
}

static char *
doc_text (JsonObject *doc)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), doc);

  return json_to_string (node, FALSE);
}

static char *
serialize_day (AccDemo *demo)
{
  g_autoptr(Day) day = day_generate (demo);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < day->docs->len; i++)
    {
      g_autofree char *text = doc_text (g_ptr_array_index (day->docs, i));

      g_string_append (out, text);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static char *
serialize (guint32     seed,
           guint       n_enrollments,
           const char *date)
{
  g_autoptr(AccDemo) demo = acc_demo_new (seed, n_enrollments, date);

  return serialize_day (demo);
}

/* The 5,000-enrollment day is shared by the tests that only read it. */
static Day *large_day;

static Day *
get_large_day (void)
{
  if (large_day == NULL)
    large_day = day_new (20261226, 5000, WINTER_DATE);

  return large_day;
}

static void
test_properties (void)
{
  g_autoptr(AccDemo) demo = acc_demo_new (G_MAXUINT32, 123, WINTER_DATE);
  g_autofree char *date = NULL;
  guint seed, enrollments;

  g_object_get (demo, "seed", &seed, "enrollments", &enrollments, "date", &date, NULL);
  g_assert_cmpuint (seed, ==, G_MAXUINT32);
  g_assert_cmpuint (enrollments, ==, 123);
  g_assert_cmpstr (date, ==, WINTER_DATE);
}

static void
test_reproducible (void)
{
  g_autofree char *first = serialize (42, 700, WINTER_DATE);
  g_autofree char *again = serialize (42, 700, WINTER_DATE);
  g_autofree char *other_seed = serialize (43, 700, WINTER_DATE);
  g_autofree char *other_date = serialize (42, 700, "2026-12-27");
  g_autoptr(AccDemo) demo = acc_demo_new (42, 700, WINTER_DATE);
  g_autofree char *twice_a = serialize_day (demo);
  g_autofree char *twice_b = serialize_day (demo);

  g_assert_cmpuint (strlen (first), >, 100000);
  g_assert_cmpstr (first, ==, again);
  g_assert_cmpstr (first, ==, twice_a);
  g_assert_cmpstr (twice_a, ==, twice_b);
  g_assert_cmpstr (first, !=, other_seed);
  g_assert_cmpstr (first, !=, other_date);
}

static void
test_enrollment_count (void)
{
  const guint sizes[] = { 1, 2, 3, 40, 41, 5000 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(Day) small = sizes[i] == 5000 ? NULL : day_new (i + 1, sizes[i], WINTER_DATE);
      Day *day = small != NULL ? small : get_large_day ();

      g_assert_cmpuint (count_type (day, "enrollment"), ==, sizes[i]);
      g_assert_cmpuint (count_type (day, "school"), ==, 1);
      g_assert_cmpuint (count_type (day, "level"), ==, 12 + 5 + 5);
      g_assert_cmpuint (count_type (day, "session"), ==, 6);
      g_assert_cmpuint (count_type (day, "meeting_point"), >=, 3);
      g_assert_cmpuint (count_type (day, "meeting_point"), <=, 6);
      g_assert_cmpuint (count_type (day, "customer"), ==, count_type (day, "booking"));
      g_assert_cmpuint (count_type (day, "group"), >=, 1);
    }

  {
    g_autoptr(Day) one = day_new (99, 1, WINTER_DATE);

    g_assert_cmpuint (count_type (one, "participant"), ==, 1);
    g_assert_cmpuint (count_type (one, "booking"), ==, 1);
  }
}

static void
test_empty_day (void)
{
  g_autoptr(Day) day = day_new (5, 0, WINTER_DATE);

  g_assert_cmpuint (count_type (day, "enrollment"), ==, 0);
  g_assert_cmpuint (count_type (day, "customer"), ==, 0);
  g_assert_cmpuint (count_type (day, "group"), ==, 0);
  g_assert_cmpuint (count_type (day, "level"), ==, 22);
}

static void
test_document_shape (void)
{
  static const struct
  {
    const char *type;
    const char *fields;
  } shapes[] = {
    { "school", "name timezone locale level_scale" },
    { "level", "code label order discipline min_age max_age" },
    { "meeting_point", "name description" },
    { "instructor", "first_name last_name phone languages disciplines max_level_order on_call" },
    { "session", "title discipline kind starts_at ends_at meeting_point_id" },
    { "group", "session_id level_id instructor_id capacity label meeting_point_id" },
    { "customer", "first_name last_name phone email language" },
    { "booking", "reference customer_id balance_due_cents currency notes" },
    { "participant", "booking_id first_name last_name birth_year level_id allergies "
                     "medical_notes emergency_phone pickup_adults placeholder" },
    { "enrollment", "participant_id session_id booking_id planned_group_id status" },
  };
  Day *day = get_large_day ();
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < day->docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (day->docs, i);
      const char *id = json_object_get_string_member (doc, "_id");
      const char *type = json_object_get_string_member (doc, "type");
      g_auto(GStrv) fields = NULL;
      guint s;

      if (!is_uuid_v4 (id))
        g_error ("“%s” is not a lowercase UUID v4", id);
      g_assert_true (g_hash_table_add (ids, (gpointer) id));
      g_assert_nonnull (type);
      g_assert_cmpint (json_object_get_int_member (doc, "schema"), ==, 1);
      g_assert_false (json_object_has_member (doc, "_rev"));

      for (s = 0; s < G_N_ELEMENTS (shapes); s++)
        if (g_str_equal (shapes[s].type, type))
          break;
      if (s == G_N_ELEMENTS (shapes))
        g_error ("Unexpected document type %s", type);

      fields = g_strsplit (shapes[s].fields, " ", -1);
      g_assert_cmpuint (json_object_get_size (doc), ==, g_strv_length (fields) + 3);
      for (guint f = 0; fields[f] != NULL; f++)
        if (!json_object_has_member (doc, fields[f]))
          g_error ("%s has no %s", type, fields[f]);
    }
}

/* Each document only refers to documents given before it, and every reference holds. */
static void
check_references (Day *day)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) planned = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) leads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) participant_sessions = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                      g_free, NULL);
  g_autoptr(GHashTable) enrollments_of = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer n_lessons;
  static const char *id_members[] = {
    "customer_id", "booking_id", "participant_id", "session_id", "level_id", "instructor_id",
    "meeting_point_id", "planned_group_id",
  };

  for (guint i = 0; i < day->docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (day->docs, i);
      const char *type = json_object_get_string_member (doc, "type");

      for (guint m = 0; m < G_N_ELEMENTS (id_members); m++)
        {
          JsonNode *node = json_object_get_member (doc, id_members[m]);

          if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
            g_assert_true (g_hash_table_contains (seen, json_node_get_string (node)));
        }
      g_hash_table_add (seen, (gpointer) json_object_get_string_member (doc, "_id"));

      if (g_str_equal (type, "session"))
        {
          deref (day, doc, "meeting_point_id", "meeting_point");
        }
      else if (g_str_equal (type, "group"))
        {
          JsonObject *session = deref (day, doc, "session_id", "session");
          JsonObject *level = deref (day, doc, "level_id", "level");
          gint64 capacity = json_object_get_int_member (doc, "capacity");

          deref (day, doc, "meeting_point_id", "meeting_point");
          g_assert_cmpint (capacity, >=, 8);
          g_assert_cmpint (capacity, <=, 12);
          g_assert_cmpstr (json_object_get_string_member (session, "discipline"), ==,
                           json_object_get_string_member (level, "discipline"));

          if (!is_null_member (doc, "instructor_id"))
            {
              JsonObject *instructor = deref (day, doc, "instructor_id", "instructor");
              char *by_session = g_strconcat (json_object_get_string_member (instructor, "_id"),
                                              json_object_get_string_member (session, "_id"),
                                              NULL);
              char *by_time = g_strconcat (json_object_get_string_member (instructor, "_id"),
                                           json_object_get_string_member (session, "starts_at"),
                                           NULL);

              /* One group per session, and indeed per half-day: nobody is in two places. */
              g_assert_true (g_hash_table_add (leads, by_session));
              g_assert_true (g_hash_table_add (leads, by_time));
              g_assert_false (json_object_get_boolean_member (instructor, "on_call"));
              g_assert_true (string_list_contains (
                json_object_get_array_member (instructor, "disciplines"),
                json_object_get_string_member (session, "discipline")));
              g_assert_cmpint (json_object_get_int_member (instructor, "max_level_order"), >=,
                               json_object_get_int_member (level, "order"));
            }
        }
      else if (g_str_equal (type, "booking"))
        {
          deref (day, doc, "customer_id", "customer");
        }
      else if (g_str_equal (type, "participant"))
        {
          JsonObject *level = deref (day, doc, "level_id", "level");
          gint64 age = day->year - json_object_get_int_member (doc, "birth_year");

          deref (day, doc, "booking_id", "booking");
          g_hash_table_insert (enrollments_of,
                               (gpointer) json_object_get_string_member (doc, "_id"), NULL);
          g_assert_cmpint (age, >=, json_object_get_int_member (level, "min_age"));
          if (!is_null_member (level, "max_age"))
            g_assert_cmpint (age, <=, json_object_get_int_member (level, "max_age"));
          g_assert_cmpint (age, <=, 80);
        }
      else if (g_str_equal (type, "enrollment"))
        {
          JsonObject *participant = deref (day, doc, "participant_id", "participant");
          JsonObject *session = deref (day, doc, "session_id", "session");
          JsonObject *level = deref (day, participant, "level_id", "level");
          const char *status = json_object_get_string_member (doc, "status");
          char *key = g_strconcat (json_object_get_string_member (participant, "_id"),
                                   json_object_get_string_member (session, "_id"), NULL);

          deref (day, doc, "booking_id", "booking");
          g_assert_cmpstr (json_object_get_string_member (doc, "booking_id"), ==,
                           json_object_get_string_member (participant, "booking_id"));
          g_assert_cmpstr (json_object_get_string_member (session, "discipline"), ==,
                           json_object_get_string_member (level, "discipline"));
          g_assert_true (g_str_equal (status, "booked") || g_str_equal (status, "cancelled"));
          /* A participant has at most one enrollment per session. */
          g_assert_true (g_hash_table_add (participant_sessions, key));
          g_hash_table_insert (enrollments_of,
                               (gpointer) json_object_get_string_member (participant, "_id"),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (
                                 enrollments_of,
                                 json_object_get_string_member (participant, "_id"))) + 1));

          /* Children are in the children's course, adults in the adults' or snowboard. */
          if (g_str_equal (json_object_get_string_member (level, "discipline"), "ski"))
            g_assert_true ((json_object_get_int_member (level, "min_age") >= 13) ==
                           (strstr (json_object_get_string_member (session, "title"),
                                    "adultes") != NULL));

          if (!is_null_member (doc, "planned_group_id"))
            {
              JsonObject *group = deref (day, doc, "planned_group_id", "group");
              const char *group_id = json_object_get_string_member (group, "_id");
              guint count = GPOINTER_TO_UINT (g_hash_table_lookup (planned, group_id)) + 1;

              g_assert_cmpstr (status, ==, "booked");
              g_assert_cmpstr (json_object_get_string_member (group, "session_id"), ==,
                               json_object_get_string_member (session, "_id"));
              g_assert_cmpstr (json_object_get_string_member (group, "level_id"), ==,
                               json_object_get_string_member (level, "_id"));
              g_assert_cmpint (count, <=, json_object_get_int_member (group, "capacity"));
              g_hash_table_insert (planned, (gpointer) group_id, GUINT_TO_POINTER (count));
            }
        }
    }

  /* Every participant comes to one lesson or two: morning, afternoon or both. */
  g_hash_table_iter_init (&iter, enrollments_of);
  while (g_hash_table_iter_next (&iter, NULL, &n_lessons))
    {
      g_assert_cmpuint (GPOINTER_TO_UINT (n_lessons), >=, 1);
      g_assert_cmpuint (GPOINTER_TO_UINT (n_lessons), <=, 2);
    }
}

static void
test_references (void)
{
  check_references (get_large_day ());

  for (guint32 seed = 1; seed <= 5; seed++)
    {
      g_autoptr(Day) day = day_new (seed, 40 * seed, WINTER_DATE);

      check_references (day);
    }
}

static void
test_booking_references (void)
{
  Day *day = get_large_day ();
  g_autoptr(GHashTable) references = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_bookings = 0;

  for (guint i = 0; i < day->docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (day->docs, i);
      const char *reference;

      if (!g_str_equal (json_object_get_string_member (doc, "type"), "booking"))
        continue;

      reference = json_object_get_string_member (doc, "reference");
      g_assert_cmpuint (strlen (reference), ==, 6);
      g_assert_cmpuint (strspn (reference, REFERENCE_ALPHABET), ==, 6);
      g_assert_true (g_hash_table_add (references, (gpointer) reference));
      g_assert_cmpstr (json_object_get_string_member (doc, "currency"), ==, "EUR");
      g_assert_cmpint (json_object_get_int_member (doc, "balance_due_cents"), >=, 0);
      n_bookings++;
    }

  g_assert_cmpuint (n_bookings, >, 1000);
}

static void
test_variety (void)
{
  Day *day = get_large_day ();
  guint n_customers = 0, n_foreign = 0, n_martin = 0;
  guint n_participants = 0, n_placeholders = 0, n_allergies = 0, n_children = 0;
  guint n_booked = 0, n_planned = 0, n_cancelled = 0;
  guint n_bookings = 0, n_balance_due = 0;
  gboolean accented = FALSE, apostrophe = FALSE, hyphen = FALSE, several_words = FALSE;
  gboolean on_call = FALSE;

  for (guint i = 0; i < day->docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (day->docs, i);
      const char *type = json_object_get_string_member (doc, "type");

      if (g_str_equal (type, "customer") || g_str_equal (type, "participant"))
        {
          const char *first = json_object_get_string_member (doc, "first_name");
          const char *last = json_object_get_string_member (doc, "last_name");
          g_autofree char *both = g_strconcat (first, " ", last, NULL);

          accented |= !is_ascii (both);
          apostrophe |= strchr (last, '\'') != NULL;
          hyphen |= strchr (both, '-') != NULL;
          several_words |= strchr (last, ' ') != NULL;
        }

      if (g_str_equal (type, "customer"))
        {
          const char *phone = json_object_get_string_member (doc, "phone");

          n_customers++;
          n_foreign += !g_str_has_prefix (phone, "+33 ");
          n_martin += g_str_equal (json_object_get_string_member (doc, "last_name"), "Martin");
          g_assert_true (g_str_has_prefix (phone, "+"));
          g_assert_nonnull (strchr (json_object_get_string_member (doc, "email"), '@'));
        }
      else if (g_str_equal (type, "booking"))
        {
          n_bookings++;
          n_balance_due += json_object_get_int_member (doc, "balance_due_cents") > 0;
        }
      else if (g_str_equal (type, "participant"))
        {
          JsonObject *booking = deref (day, doc, "booking_id", "booking");
          JsonObject *customer = deref (day, booking, "customer_id", "customer");
          const char *first = json_object_get_string_member (doc, "first_name");

          n_participants++;
          n_allergies += json_object_get_string_member (doc, "allergies")[0] != '\0';
          if (day->year - json_object_get_int_member (doc, "birth_year") <= 12)
            {
              n_children++;
              /* A child leaves only with an adult the family named. */
              g_assert_cmpuint (json_array_get_length (
                json_object_get_array_member (doc, "pickup_adults")), >=, 1);
            }

          if (json_object_get_boolean_member (doc, "placeholder"))
            {
              g_autofree char *prefix = g_strdup_printf (
                "[%s – ", json_object_get_string_member (customer, "last_name"));

              n_placeholders++;
              g_assert_true (g_str_has_prefix (first, prefix));
              g_assert_true (g_str_has_suffix (first, "]"));
              g_assert_cmpstr (json_object_get_string_member (doc, "last_name"), ==,
                               json_object_get_string_member (customer, "last_name"));
            }
          else
            {
              g_assert_false (g_str_has_prefix (first, "["));
            }
        }
      else if (g_str_equal (type, "enrollment"))
        {
          if (g_str_equal (json_object_get_string_member (doc, "status"), "cancelled"))
            n_cancelled++;
          else
            {
              n_booked++;
              n_planned += !is_null_member (doc, "planned_group_id");
            }
        }
      else if (g_str_equal (type, "instructor"))
        {
          on_call |= json_object_get_boolean_member (doc, "on_call");
        }
    }

  g_test_message ("%u customers, %u foreign, %u Martin; %u participants, %u placeholders",
                  n_customers, n_foreign, n_martin, n_participants, n_placeholders);

  /* About 30 % of the families come from abroad. */
  g_assert_cmpfloat ((double) n_foreign / n_customers, >, 0.24);
  g_assert_cmpfloat ((double) n_foreign / n_customers, <, 0.36);
  /* The commonest surnames come back often: the desk must tell the Martins apart. */
  g_assert_cmpuint (n_martin, >=, 10);
  /* About 70 % of the pupils are children. */
  g_assert_cmpfloat ((double) n_children / n_participants, >, 0.55);
  g_assert_cmpfloat ((double) n_children / n_participants, <, 0.80);
  /* Families of 1 to 5, mostly 2 or 3. */
  g_assert_cmpfloat ((double) n_participants / n_bookings, >, 2.0);
  g_assert_cmpfloat ((double) n_participants / n_bookings, <, 3.5);
  /* About 80 % planned in a group, the rest placed at the desk. */
  g_assert_cmpfloat ((double) n_planned / n_booked, >, 0.70);
  g_assert_cmpfloat ((double) n_planned / n_booked, <, 0.90);

  g_assert_true (accented);
  g_assert_true (apostrophe);
  g_assert_true (hyphen);
  g_assert_true (several_words);
  g_assert_true (on_call);
  g_assert_cmpuint (n_placeholders, >, 0);
  g_assert_cmpuint (n_cancelled, >, 0);
  g_assert_cmpuint (n_balance_due, >, 0);
  g_assert_cmpuint (n_balance_due, <, n_bookings / 3);
  g_assert_cmpuint (n_allergies, >, 0);
  g_assert_cmpuint (n_allergies, <, n_participants / 5);
}

static void
test_small_school (void)
{
  for (guint32 seed = 1; seed <= 30; seed++)
    {
      g_autoptr(Day) day = day_new (seed, 40, WINTER_DATE);
      guint n_instructors = count_type (day, "instructor");

      g_test_message ("seed %u: %u instructors, %u groups", seed, n_instructors,
                      count_type (day, "group"));
      g_assert_cmpuint (n_instructors, >=, 4);
      g_assert_cmpuint (n_instructors, <=, 8);
    }
}

static void
check_times (const char *date,
             const char *offset)
{
  g_autoptr(Day) day = day_new (3, 30, date);
  guint n_sessions = 0;

  for (guint i = 0; i < day->docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (day->docs, i);
      const char *members[] = { "starts_at", "ends_at" };

      if (!g_str_equal (json_object_get_string_member (doc, "type"), "session"))
        continue;

      n_sessions++;
      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        {
          const char *time = json_object_get_string_member (doc, members[m]);
          g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (time, NULL);

          g_assert_nonnull (parsed);
          g_assert_true (g_str_has_prefix (time, date));
          g_assert_true (g_str_has_suffix (time, offset));
          g_assert_cmpuint (strlen (time), ==, strlen ("2026-12-26T09:00:00+01:00"));
        }

      if (strstr (json_object_get_string_member (doc, "title"), "matin") != NULL)
        {
          g_autofree char *expected = g_strdup_printf ("%sT09:00:00%s", date, offset);

          g_assert_cmpstr (json_object_get_string_member (doc, "starts_at"), ==, expected);
        }
    }

  g_assert_cmpuint (n_sessions, ==, 6);
}

static void
check_all_times (void)
{
  static const struct
  {
    const char *date;
    const char *offset;
  } days[] = {
    { WINTER_DATE, "+01:00" },
    { SUMMER_DATE, "+02:00" },
    /* Summer time starts on the last Sunday of March and ends on the last of October. */
    { "2027-03-27", "+01:00" },
    { "2027-03-28", "+02:00" },
    { "2026-10-24", "+02:00" },
    { "2026-10-25", "+01:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    check_times (days[i].date, days[i].offset);
}

static void
test_times (void)
{
  check_all_times ();
}

/* A machine without tzdata still gets the school's offsets. */
static void
test_times_without_tzdata (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("TZDIR", "/nonexistent", TRUE);
      check_all_times ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

typedef struct
{
  guint calls;
  guint fail_at;
  char *failed_type;
} Stopper;

static gboolean
stop_cb (JsonObject  *doc,
         gpointer     user_data,
         GError     **error)
{
  Stopper *stopper = user_data;

  if (++stopper->calls < stopper->fail_at)
    return TRUE;

  stopper->failed_type = g_strdup (json_object_get_string_member (doc, "type"));
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "Disk full at document %u",
               stopper->calls);

  return FALSE;
}

static void
test_callback_error (void)
{
  const guint fail_at[] = { 1, 30, 200 };

  for (guint i = 0; i < G_N_ELEMENTS (fail_at); i++)
    {
      g_autoptr(AccDemo) demo = acc_demo_new (11, 100, WINTER_DATE);
      g_autoptr(GError) error = NULL;
      Stopper stopper = { 0, fail_at[i], NULL };

      g_assert_false (acc_demo_generate (demo, stop_cb, &stopper, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
      /* Nothing more is generated once the callback said stop. */
      g_assert_cmpuint (stopper.calls, ==, fail_at[i]);
      g_test_message ("stopped at a %s", stopper.failed_type);
      g_free (stopper.failed_type);
    }
}

static void
test_invalid_date (void)
{
  g_autoptr(AccDemo) demo = g_object_new (ACC_TYPE_DEMO, "seed", 1, "enrollments", 10,
                                          "date", "2026-02-30", NULL);
  g_autoptr(GError) error = NULL;
  Stopper stopper = { 0, G_MAXUINT, NULL };

  g_assert_false (acc_demo_generate (demo, stop_cb, &stopper, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_assert_cmpuint (stopper.calls, ==, 0);

  if (g_test_subprocess ())
    {
      acc_demo_new (1, 10, "26-12-2026");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*");
}

/* The single day's documents are frozen: benchmarks and other tests name a day by its seed,
 * size and date. A change that means to move them changes these digests. */
static void
test_lone_day_unchanged (void)
{
  static const struct
  {
    guint32     seed;
    guint       n_enrollments;
    const char *date;
    const char *sha256;
  } days[] = {
    { 42, 700, WINTER_DATE, "c96984b975b7cc171ad9eebf7ac9b18ddd8b284f992050d02115249096e2eff1" },
    { 7, 50, "2027-01-02", "19ec8095feac86cfa6bbf219e32a45842087924bdb955cdb4c298cfaa485c0dd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autofree char *text = serialize (days[i].seed, days[i].n_enrollments, days[i].date);
      g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

      g_assert_cmpstr (sha256, ==, days[i].sha256);
    }
}

#define WEEK_FIRST "2026-12-21"
#define WEEK_COURSE_END "2026-12-26" /* Six days: a course lasts six days at least. */
#define WEEK_DAYS 3
#define WEEK_ENROLLMENTS 150

static Day *
week_day_new (guint32 seed,
              guint   n_days,
              guint   day)
{
  g_autoptr(AccDemo) demo = acc_demo_new_week_day (seed, WEEK_ENROLLMENTS, WEEK_FIRST, n_days,
                                                   day);

  return day_generate (demo);
}

/* What a course's enrollment is the same on every day: its session's title, and the group
 * it is placed in by everything but the group's id. */
static char *
describe_placement (Day        *day,
                    JsonObject *enrollment)
{
  JsonObject *session = deref (day, enrollment, "session_id", "session");
  JsonObject *group;

  if (is_null_member (enrollment, "planned_group_id"))
    return g_strdup_printf ("%s, %s, unplaced", json_object_get_string_member (session, "title"),
                            json_object_get_string_member (enrollment, "status"));

  group = deref (day, enrollment, "planned_group_id", "group");
  return g_strdup_printf ("%s, %s, %s %s %s %s %" G_GINT64_FORMAT,
                          json_object_get_string_member (session, "title"),
                          json_object_get_string_member (enrollment, "status"),
                          json_object_get_string_member (group, "label"),
                          json_object_get_string_member (group, "level_id"),
                          json_object_get_string_member (group, "meeting_point_id"),
                          is_null_member (group, "instructor_id")
                            ? "-" : json_object_get_string_member (group, "instructor_id"),
                          json_object_get_int_member (group, "capacity"));
}

/* Which of the days each participant comes on, one bit a day. */
static GHashTable *
participant_days (Day   **days,
                  guint   n_days)
{
  GHashTable *on = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint d = 0; d < n_days; d++)
    for (guint i = 0; i < days[d]->docs->len; i++)
      {
        JsonObject *doc = g_ptr_array_index (days[d]->docs, i);
        const char *id = json_object_get_string_member (doc, "_id");

        if (g_str_equal (json_object_get_string_member (doc, "type"), "participant"))
          g_hash_table_insert (on, (gpointer) id,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (on, id)) |
                                                 1u << d));
      }

  return on;
}

/* The document @id of the first day, word for word on every other day. */
static void
assert_same_every_day (Day        **days,
                       guint        n_days,
                       const char  *id)
{
  g_autofree char *first = doc_text (g_hash_table_lookup (days[0]->by_id, id));

  for (guint d = 1; d < n_days; d++)
    {
      JsonObject *doc = g_hash_table_lookup (days[d]->by_id, id);
      g_autofree char *text = NULL;

      if (doc == NULL)
        g_error ("%s is missing on day %u", id, d);
      text = doc_text (doc);
      g_assert_cmpstr (text, ==, first);
    }
}

/* A participant of the week's courses comes every day, the same person in the same group; a
 * one-day participant comes on one day. */
static void
check_week_families (Day        **days,
                     GHashTable  *on)
{
  const guint every_day = (1u << WEEK_DAYS) - 1;
  g_autoptr(GHashTable) placements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            NULL);
  guint n_week = 0, n_one_day = 0;

  for (guint d = 0; d < WEEK_DAYS; d++)
    {
      guint n_course_enrollments = 0;

      for (guint i = 0; i < days[d]->docs->len; i++)
        {
          JsonObject *doc = g_ptr_array_index (days[d]->docs, i);
          const char *type = json_object_get_string_member (doc, "type");
          const char *participant_id;
          g_autofree char *placement = NULL;
          guint mask;
          char *key;

          if (g_str_equal (type, "participant"))
            {
              mask = GPOINTER_TO_UINT (g_hash_table_lookup (on, json_object_get_string_member (
                                                                  doc, "_id")));
              g_assert_true (mask == every_day || (mask & (mask - 1)) == 0);
              n_week += mask == every_day && d == 0;
              n_one_day += mask != every_day;
              continue;
            }
          if (!g_str_equal (type, "enrollment"))
            continue;

          participant_id = json_object_get_string_member (doc, "participant_id");
          mask = GPOINTER_TO_UINT (g_hash_table_lookup (on, participant_id));
          if (mask != every_day)
            {
              g_assert_false (json_object_has_member (doc, "course_first_day"));
              g_assert_false (json_object_has_member (doc, "course_last_day"));
              continue;
            }

          n_course_enrollments++;
          g_assert_cmpstr (json_object_get_string_member (doc, "course_first_day"), ==,
                           WEEK_FIRST);
          g_assert_cmpstr (json_object_get_string_member (doc, "course_last_day"), ==,
                           WEEK_COURSE_END);
          assert_same_every_day (days, WEEK_DAYS, participant_id);
          assert_same_every_day (days, WEEK_DAYS, json_object_get_string_member (doc,
                                                                                 "booking_id"));
          assert_same_every_day (days, WEEK_DAYS,
                                 json_object_get_string_member (
                                   deref (days[d], doc, "booking_id", "booking"), "customer_id"));

          placement = describe_placement (days[d], doc);
          key = g_strconcat (participant_id, " ", placement, NULL);
          if (d == 0)
            g_hash_table_add (placements, key);
          else
            {
              if (!g_hash_table_contains (placements, key))
                g_error ("Not as on the first day: %s", key);
              g_free (key);
            }
        }

      /* About 60 % of each day's enrollments are the courses'. */
      g_assert_cmpuint (n_course_enrollments, ==, g_hash_table_size (placements));
      g_assert_cmpuint (n_course_enrollments, >=, WEEK_ENROLLMENTS / 2);
      g_assert_cmpuint (n_course_enrollments, <=, WEEK_ENROLLMENTS * 7 / 10);
    }

  g_test_message ("%u participants of the courses, %u of one day", n_week, n_one_day);
  g_assert_cmpuint (n_week, >, 10);
  g_assert_cmpuint (n_one_day, >, 2 * WEEK_DAYS);
}

/* The school's documents are the same every day; a day's sessions, groups and enrollments
 * are its own, their sessions on that day. */
static void
check_week_documents (Day **days)
{
  for (guint d = 0; d < WEEK_DAYS; d++)
    {
      g_autofree char *date = g_strdup_printf ("2026-12-%u", 21 + d);

      for (guint i = 0; i < days[d]->docs->len; i++)
        {
          JsonObject *doc = g_ptr_array_index (days[d]->docs, i);
          const char *type = json_object_get_string_member (doc, "type");
          const char *id = json_object_get_string_member (doc, "_id");

          if (g_str_equal (type, "school") || g_str_equal (type, "level") ||
              g_str_equal (type, "meeting_point") || g_str_equal (type, "instructor"))
            assert_same_every_day (days, WEEK_DAYS, id);
          else if (g_str_equal (type, "session") || g_str_equal (type, "group") ||
                   g_str_equal (type, "enrollment"))
            for (guint other = 0; other < WEEK_DAYS; other++)
              g_assert_true (other == d || !g_hash_table_contains (days[other]->by_id, id));

          if (g_str_equal (type, "session"))
            g_assert_true (g_str_has_prefix (json_object_get_string_member (doc, "starts_at"),
                                             date));
        }
    }
}

static void
test_week (void)
{
  Day *days[WEEK_DAYS];
  g_autoptr(GHashTable) on = NULL;

  for (guint d = 0; d < WEEK_DAYS; d++)
    {
      days[d] = week_day_new (17, WEEK_DAYS, d);
      g_assert_cmpuint (count_type (days[d], "enrollment"), ==, WEEK_ENROLLMENTS);
      /* References hold, and no group is over its capacity, on each day. */
      check_references (days[d]);
    }

  on = participant_days (days, WEEK_DAYS);
  check_week_families (days, on);
  check_week_documents (days);

  for (guint d = 0; d < WEEK_DAYS; d++)
    day_free (days[d]);
}

/* A day is the same for the same seed, size and first day, however many days are written
 * while the courses last six days. */
static void
test_week_reproducible (void)
{
  g_autoptr(AccDemo) three = acc_demo_new_week_day (23, 80, WEEK_FIRST, 3, 1);
  g_autoptr(AccDemo) five = acc_demo_new_week_day (23, 80, WEEK_FIRST, 5, 1);
  g_autoptr(AccDemo) other = acc_demo_new_week_day (24, 80, WEEK_FIRST, 5, 1);
  g_autoptr(AccDemo) lone = acc_demo_new (23, 80, "2026-12-22");
  g_autofree char *a = serialize_day (three);
  g_autofree char *b = serialize_day (five);
  g_autofree char *again = serialize_day (five);
  g_autofree char *c = serialize_day (other);
  g_autofree char *d = serialize_day (lone);

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (b, ==, again);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpstr (a, !=, d);
  g_assert_null (strstr (d, "course_first_day"));
}

static void
test_week_invalid (void)
{
  static const char *dates[] = { "2026-12-20", "2026-12-24" };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(AccDemo) demo = g_object_new (ACC_TYPE_DEMO, "seed", 1, "enrollments", 10,
                                              "date", dates[i], "first-day", WEEK_FIRST,
                                              "days", 3, NULL);
      g_autoptr(GError) error = NULL;
      Stopper stopper = { 0, G_MAXUINT, NULL };

      g_assert_false (acc_demo_generate (demo, stop_cb, &stopper, &error));
      g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
      g_assert_cmpuint (stopper.calls, ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/properties", test_properties);
  g_test_add_func ("/demo/reproducible", test_reproducible);
  g_test_add_func ("/demo/enrollment-count", test_enrollment_count);
  g_test_add_func ("/demo/empty-day", test_empty_day);
  g_test_add_func ("/demo/document-shape", test_document_shape);
  g_test_add_func ("/demo/references", test_references);
  g_test_add_func ("/demo/booking-references", test_booking_references);
  g_test_add_func ("/demo/variety", test_variety);
  g_test_add_func ("/demo/small-school", test_small_school);
  g_test_add_func ("/demo/times", test_times);
  g_test_add_func ("/demo/times-without-tzdata", test_times_without_tzdata);
  g_test_add_func ("/demo/callback-error", test_callback_error);
  g_test_add_func ("/demo/invalid-date", test_invalid_date);
  g_test_add_func ("/demo/lone-day-unchanged", test_lone_day_unchanged);
  g_test_add_func ("/demo/week", test_week);
  g_test_add_func ("/demo/week-reproducible", test_week_reproducible);
  g_test_add_func ("/demo/week-invalid", test_week_invalid);

  status = g_test_run ();
  g_clear_pointer (&large_day, day_free);

  return status;
}
