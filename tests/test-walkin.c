/* test-walkin.c: walk-ins registered at the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "acc-document.h"
#include "acc-error.h"
#include "acc-test-util.h"
#include "acc-walkin.h"

typedef AccTestDay Fixture;

/* The morning of the fixture day, before its sessions (09:00 and 14:00) start. */
#define NOW "2026-12-26T08:30:00+01:00"
#define ALPHABET "ACDEFGHJKMNPQRTUVWXY3479"

/* A session that started at 08:00, with a group of the fixture's level. */
#define EARLY_SESSION "20000000-0000-4000-8000-000000000001"
#define EARLY_GROUP   "20000000-0000-4000-8000-000000000002"

static AccWalkinParticipant *
new_participant (const char *first_name,
                 const char *last_name,
                 int         birth_year,
                 const char *level_id)
{
  AccWalkinParticipant *participant = acc_walkin_participant_new ();

  participant->first_name = g_strdup (first_name);
  participant->last_name = g_strdup (last_name);
  participant->birth_year = birth_year;
  participant->level_id = g_strdup (level_id);
  return participant;
}

static void
add_lesson (AccWalkinParticipant *participant,
            const char           *session_id,
            const char           *group_id)
{
  g_ptr_array_add (participant->lessons, acc_walkin_lesson_new (session_id, group_id));
}

/* The Durands: Léo takes the morning in Ourson 2 and the afternoon, Jade the morning in the
 * group the desk suggests, Hugo (no level declared) the afternoon. */
static AccWalkin *
new_family (void)
{
  AccWalkin *walkin = acc_walkin_new ();
  AccWalkinParticipant *leo, *jade, *hugo;

  walkin->first_name = g_strdup ("Marie");
  walkin->last_name = g_strdup ("Durand");
  walkin->phone = g_strdup ("+33 6 11 22 33 44");
  walkin->email = g_strdup ("marie@example.org");
  walkin->language = g_strdup ("fr");
  walkin->balance_due_cents = 12000;

  leo = new_participant ("Léo", "Durand", 2018, FX_LEVEL);
  leo->allergies = g_strdup ("Pollen");
  leo->emergency_phone = g_strdup ("06 98 76 54 32");
  leo->pickup_adults = g_strdupv ((char *[]) { "Marie Durand", "Paul Durand", NULL });
  add_lesson (leo, FX_SESSION_AM, FX_GROUP_B);
  add_lesson (leo, FX_SESSION_PM, NULL);
  jade = new_participant ("Jade", "Durand", 2020, FX_LEVEL);
  add_lesson (jade, FX_SESSION_AM, NULL);
  hugo = new_participant ("Hugo", "Durand", 2015, NULL);
  add_lesson (hugo, FX_SESSION_PM, NULL);

  g_ptr_array_add (walkin->participants, leo);
  g_ptr_array_add (walkin->participants, jade);
  g_ptr_array_add (walkin->participants, hugo);
  return walkin;
}

/* One walker-in, Zoé Petit, in @session_id and @group_id. */
static AccWalkin *
new_single (const char *session_id,
            const char *group_id)
{
  AccWalkin *walkin = acc_walkin_new ();
  AccWalkinParticipant *zoe = new_participant ("Zoé", "Petit", 2019, FX_LEVEL);

  walkin->first_name = g_strdup ("Anne");
  walkin->last_name = g_strdup ("Petit");
  add_lesson (zoe, session_id, group_id);
  g_ptr_array_add (walkin->participants, zoe);
  return walkin;
}

static GPtrArray *
register_ok (AccStore  *store,
             AccWalkin *walkin)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *enrollment_ids = NULL;

  g_assert_true (acc_walkin_register (store, walkin, &enrollment_ids, &error));
  g_assert_no_error (error);
  g_assert_nonnull (enrollment_ids);
  return enrollment_ids;
}

static JsonObject *
get_document (AccStore   *store,
              const char *id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *doc = acc_store_dup_document (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

/* A document this desk wrote for the walk-in: its type, its origin, a first revision. */
static JsonObject *
assert_desk_document (AccStore   *store,
                      const char *id,
                      const char *type)
{
  JsonObject *doc = get_document (store, id);

  g_assert_cmpstr (json_object_get_string_member (doc, "type"), ==, type);
  g_assert_cmpstr (json_object_get_string_member (doc, "origin"), ==,
                   acc_store_get_device_id (store));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (doc, "_rev"), "1-"));
  return doc;
}

static void
test_register_family (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(AccWalkin) walkin = new_family ();
  g_autoptr(GPtrArray) enrollment_ids = NULL;
  g_autoptr(JsonObject) customer = NULL, booking = NULL, leo = NULL, enrollment = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *leo_am = NULL, *leo_pm = NULL, *jade_am = NULL, *hugo_pm = NULL;
  AccStoreStatus before = acc_test_get_status (fx->store);
  JsonArray *pickup;

  enrollment_ids = register_ok (fx->store, walkin);

  /* The walk-in has its ids, for another day, and its reference. */
  g_assert_nonnull (walkin->customer_id);
  g_assert_nonnull (walkin->booking_id);
  g_assert_nonnull (walkin->reference);
  for (guint i = 0; i < walkin->participants->len; i++)
    g_assert_nonnull (((AccWalkinParticipant *) g_ptr_array_index (walkin->participants, i))->id);
  g_assert_cmpuint (enrollment_ids->len, ==, 4);

  customer = assert_desk_document (fx->store, walkin->customer_id, "customer");
  g_assert_cmpstr (json_object_get_string_member (customer, "last_name"), ==, "Durand");
  g_assert_cmpstr (json_object_get_string_member (customer, "language"), ==, "fr");
  g_assert_cmpstr (json_object_get_string_member (customer, "phone"), ==, "+33 6 11 22 33 44");

  booking = assert_desk_document (fx->store, walkin->booking_id, "booking");
  g_assert_cmpstr (json_object_get_string_member (booking, "reference"), ==, walkin->reference);
  g_assert_cmpstr (json_object_get_string_member (booking, "customer_id"), ==,
                   walkin->customer_id);
  g_assert_cmpint (json_object_get_int_member (booking, "balance_due_cents"), ==, 12000);
  g_assert_cmpstr (json_object_get_string_member (booking, "currency"), ==, "EUR");

  leo = assert_desk_document (fx->store,
                              ((AccWalkinParticipant *) walkin->participants->pdata[0])->id,
                              "participant");
  g_assert_cmpstr (json_object_get_string_member (leo, "booking_id"), ==, walkin->booking_id);
  g_assert_cmpint (json_object_get_int_member (leo, "birth_year"), ==, 2018);
  g_assert_cmpstr (json_object_get_string_member (leo, "level_id"), ==, FX_LEVEL);
  g_assert_cmpstr (json_object_get_string_member (leo, "allergies"), ==, "Pollen");
  pickup = json_object_get_array_member (leo, "pickup_adults");
  g_assert_cmpuint (json_array_get_length (pickup), ==, 2);
  g_assert_false (json_object_get_boolean_member (leo, "placeholder"));

  enrollment = assert_desk_document (fx->store, g_ptr_array_index (enrollment_ids, 0),
                                     "enrollment");
  g_assert_cmpstr (json_object_get_string_member (enrollment, "status"), ==, "booked");
  g_assert_cmpstr (json_object_get_string_member (enrollment, "session_id"), ==, FX_SESSION_AM);

  /* Léo's chosen group; the suggested ones by level and places: Ourson 1 is full; none for
   * Hugo, whose level nobody knows. */
  leo_am = acc_test_dup_group_id (fx->store, g_ptr_array_index (enrollment_ids, 0));
  leo_pm = acc_test_dup_group_id (fx->store, g_ptr_array_index (enrollment_ids, 1));
  jade_am = acc_test_dup_group_id (fx->store, g_ptr_array_index (enrollment_ids, 2));
  hugo_pm = acc_test_dup_group_id (fx->store, g_ptr_array_index (enrollment_ids, 3));
  g_assert_cmpstr (leo_am, ==, FX_GROUP_B);
  g_assert_cmpstr (leo_pm, ==, FX_GROUP_PM);
  g_assert_cmpstr (jade_am, ==, FX_GROUP_B);
  g_assert_null (hugo_pm);
  g_assert_cmpint (acc_test_count_in_group (fx->store, FX_GROUP_B), ==, 2);

  /* Nine documents wait to be sent, like facts; the desk shows the booking. */
  g_assert_cmpuint (acc_test_get_status (fx->store).pending, ==, before.pending + 9);
  g_assert_cmpuint (acc_test_get_status (fx->store).enrollments, ==, before.enrollments + 4);
  outbox = acc_store_list_outbox (fx->store, 100, NULL);
  g_assert_cmpuint (outbox->len, ==, 9);
  rows = acc_store_list_enrollments_of_booking (fx->store, walkin->booking_id, NULL);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (((AccEnrollmentRow *) g_ptr_array_index (rows, 0))->payer_name, ==,
                   "Marie Durand");
}

/* Two transactions never: a refused walk-in writes nothing, and keeps no ids. */
static void
test_nothing_written_when_refused (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autoptr(AccWalkin) walkin = new_family ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) enrollment_ids = NULL;
  gint64 n_docs = acc_test_count_docs (fx->store);
  AccWalkinParticipant *hugo = g_ptr_array_index (walkin->participants, 2);

  hugo->birth_year = 1850;
  g_assert_false (acc_walkin_register (fx->store, walkin, &enrollment_ids, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "participants[2].birth_year: "));
  g_assert_null (enrollment_ids);
  g_assert_cmpint (acc_test_count_docs (fx->store), ==, n_docs);
  g_assert_cmpuint (acc_test_get_status (fx->store).pending, ==, 0);
  g_assert_null (walkin->booking_id);
  g_assert_null (walkin->reference);
  g_assert_null (hugo->id);
}

/* The prefix of a desk's references: three characters from a hash of its device id. */
static char *
expected_prefix (AccStore *store)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  guint32 value;
  char *prefix = g_malloc0 (4);

  g_checksum_update (checksum, (const guchar *) acc_store_get_device_id (store), -1);
  g_checksum_get_digest (checksum, digest, &length);
  value = (guint32) digest[0] << 16 | (guint32) digest[1] << 8 | digest[2];
  for (guint i = 0; i < 3; i++, value /= 24)
    prefix[i] = ALPHABET[value % 24];
  return prefix;
}

static void
test_reference (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *prefix = expected_prefix (fx->store);
  g_autoptr(AccStore) other = acc_test_open_new (fx->dir, "other.db");
  g_autofree char *other_prefix = expected_prefix (other);

  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(AccWalkin) walkin = new_single (FX_SESSION_PM, NULL);
      g_autoptr(GPtrArray) ids = register_ok (fx->store, walkin);
      g_autoptr(GError) error = NULL;
      g_autofree char *lower = g_ascii_strdown (walkin->reference, -1);
      g_autofree char *dashed = g_strdup_printf ("%.3s-%s", lower, lower + 3);
      g_autofree char *found = NULL;

      /* Seven characters of the cloud's alphabet, never six like the cloud's own. */
      g_assert_cmpuint (strlen (walkin->reference), ==, 7);
      g_assert_cmpuint (strspn (walkin->reference, ALPHABET), ==, 7);
      g_assert_true (g_str_has_prefix (walkin->reference, prefix));
      g_assert_true (g_hash_table_add (seen, g_strdup (walkin->reference)));

      /* Found as typed or scanned: any case, with a dash. */
      found = acc_store_lookup_booking (fx->store, dashed, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (found, ==, walkin->booking_id);
    }

  /* Another replica has another device id, and its own prefix. */
  g_assert_cmpstr (acc_store_get_device_id (other), !=, acc_store_get_device_id (fx->store));
  acc_test_put_fixture (other);
  {
    g_autoptr(AccWalkin) walkin = new_single (FX_SESSION_PM, NULL);
    g_autoptr(GPtrArray) ids = register_ok (other, walkin);

    g_assert_true (g_str_has_prefix (walkin->reference, other_prefix));
  }
}

static void
test_suggestion (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *am = NULL, *pm = NULL, *no_level = NULL, *none = NULL, *third = NULL;
  g_autoptr(AccWalkin) siblings = acc_walkin_new ();
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) questions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) acc_walkin_question_free);
  char *groups[3] = { NULL };

  /* As the desk suggests for an enrollment: the level, a place left, the fewest pupils. */
  am = acc_walkin_suggest_group (fx->store, FX_SESSION_AM, FX_LEVEL, &error);
  pm = acc_walkin_suggest_group (fx->store, FX_SESSION_PM, FX_LEVEL, &error);
  no_level = acc_walkin_suggest_group (fx->store, FX_SESSION_PM, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (am, ==, FX_GROUP_B);
  g_assert_cmpstr (pm, ==, FX_GROUP_PM);
  g_assert_null (no_level);
  none = acc_walkin_suggest_group (fx->store, "no-such-session", FX_LEVEL, &error);
  g_assert_null (none);
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Three siblings: the places the first ones take count for the next. A third group of one
   * place ties with Ourson 2 and comes after it by label. */
  third = acc_store_create_group (fx->store, FX_SESSION_AM, FX_LEVEL, 1, NULL, "Ourson 3",
                                  &error);
  g_assert_no_error (error);
  siblings->first_name = g_strdup ("Luc");
  siblings->last_name = g_strdup ("Bernard");
  for (guint i = 0; i < 3; i++)
    {
      AccWalkinParticipant *child = new_participant ((const char *[]) { "Ana", "Bo", "Cy" }[i],
                                                     "Bernard", 2019, FX_LEVEL);

      add_lesson (child, FX_SESSION_AM, NULL);
      g_ptr_array_add (siblings->participants, child);
    }
  g_assert_true (acc_walkin_check (fx->store, siblings, questions, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (questions->len, ==, 0);
  ids = register_ok (fx->store, siblings);
  for (guint i = 0; i < 3; i++)
    groups[i] = acc_test_dup_group_id (fx->store, g_ptr_array_index (ids, i));
  g_assert_cmpstr (groups[0], ==, FX_GROUP_B);
  g_assert_cmpstr (groups[1], ==, third);
  g_assert_cmpstr (groups[2], ==, FX_GROUP_B);
  for (guint i = 0; i < 3; i++)
    g_free (groups[i]);
}

static void
test_questions (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(AccWalkin) walkin = acc_walkin_new ();
  g_autoptr(GPtrArray) questions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) acc_walkin_question_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *small = NULL;
  AccWalkinParticipant *teen, *baby, *twin1, *twin2;
  AccWalkinQuestion *question;

  small = acc_store_create_group (fx->store, FX_SESSION_PM, FX_LEVEL, 1, NULL, "Ourson PM 2",
                                  &error);
  g_assert_no_error (error);

  walkin->first_name = g_strdup ("Éric");
  walkin->last_name = g_strdup ("Moreau");
  /* Ourson is for ages 3 to 12: 16 and 2 are outside. */
  teen = new_participant ("Tom", "Moreau", 2010, FX_LEVEL);
  add_lesson (teen, FX_SESSION_AM, NULL);        /* Ourson 2, which has room. */
  baby = new_participant ("Lou", "Moreau", 2024, FX_LEVEL);
  add_lesson (baby, FX_SESSION_AM, FX_GROUP_A);   /* Full: Zoé and Noé. */
  twin1 = new_participant ("Max", "Moreau", 2019, FX_LEVEL);
  add_lesson (twin1, FX_SESSION_PM, small);       /* The last place… */
  twin2 = new_participant ("Mia", "Moreau", 2019, FX_LEVEL);
  add_lesson (twin2, FX_SESSION_PM, small);       /* …which Max takes. */
  g_ptr_array_add (walkin->participants, teen);
  g_ptr_array_add (walkin->participants, baby);
  g_ptr_array_add (walkin->participants, twin1);
  g_ptr_array_add (walkin->participants, twin2);

  g_assert_true (acc_walkin_check (fx->store, walkin, questions, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (questions->len, ==, 4);
  question = g_ptr_array_index (questions, 0);
  g_assert_cmpint (question->kind, ==, ACC_WALKIN_LEVEL_AGE);
  g_assert_cmpuint (question->participant, ==, 0);
  g_assert_nonnull (strstr (question->text, "Tom Moreau is 16"));
  question = g_ptr_array_index (questions, 1);
  g_assert_cmpint (question->kind, ==, ACC_WALKIN_LEVEL_AGE);
  g_assert_cmpuint (question->participant, ==, 1);
  question = g_ptr_array_index (questions, 2);
  g_assert_cmpint (question->kind, ==, ACC_WALKIN_GROUP_FULL);
  g_assert_cmpuint (question->participant, ==, 1);
  g_assert_cmpuint (question->lesson, ==, 0);
  g_assert_nonnull (strstr (question->text, "Ourson 1"));
  question = g_ptr_array_index (questions, 3);
  g_assert_cmpint (question->kind, ==, ACC_WALKIN_GROUP_FULL);
  g_assert_cmpuint (question->participant, ==, 3);
  g_assert_nonnull (strstr (question->text, "Ourson PM 2"));

  /* Asked, not refused: registering takes them as confirmed. */
  ids = register_ok (fx->store, walkin);
  g_assert_cmpint (acc_test_count_in_group (fx->store, FX_GROUP_A), ==, 3);
  g_assert_cmpint (acc_test_count_in_group (fx->store, small), ==, 2);
}

typedef void (*Spoil) (AccWalkin *walkin);

#define SPOIL(name, body) \
  static void spoil_##name (AccWalkin *w) \
  { \
    AccWalkinParticipant *p0 = g_ptr_array_index (w->participants, 0); \
    AccWalkinLesson *l0 = g_ptr_array_index (p0->lessons, 0); \
    (void) l0; \
    body; \
  }

SPOIL (payer_first, g_clear_pointer (&w->first_name, g_free))
SPOIL (payer_last, g_free (w->last_name); w->last_name = g_strdup ("   "))
SPOIL (email, g_free (w->email); w->email = g_strdup ("marie.example.org"))
SPOIL (language, g_free (w->language); w->language = g_strdup ("fra"))
SPOIL (currency, w->currency = g_strdup ("eur"))
SPOIL (balance, w->balance_due_cents = -1)
SPOIL (no_participant, g_ptr_array_set_size (w->participants, 0))
SPOIL (first_name,
       g_clear_pointer (&((AccWalkinParticipant *) w->participants->pdata[1])->first_name,
                        g_free))
SPOIL (long_name, g_free (p0->last_name); p0->last_name = g_strnfill (501, 'a'))
SPOIL (old, p0->birth_year = 1899)
SPOIL (unborn, p0->birth_year = 2027)
SPOIL (level, g_free (p0->level_id); p0->level_id = g_strdup ("no-such-level"))
SPOIL (no_lesson, g_ptr_array_set_size (p0->lessons, 0))
SPOIL (session, g_free (l0->session_id); l0->session_id = g_strdup ("no-such-session"))
SPOIL (started, g_free (l0->session_id); l0->session_id = g_strdup (EARLY_SESSION);
       g_clear_pointer (&l0->group_id, g_free))
SPOIL (group, g_free (l0->group_id); l0->group_id = g_strdup ("no-such-group"))
SPOIL (other_session, g_free (l0->group_id); l0->group_id = g_strdup (FX_GROUP_PM))
SPOIL (twice, add_lesson (p0, FX_SESSION_AM, NULL))

static void
test_refusals (Fixture       *fx,
               gconstpointer  data)
{
  const struct {
    Spoil       spoil;
    const char *field;
  } cases[] = {
    { spoil_payer_first, "first_name: " },
    { spoil_payer_last, "last_name: " },
    { spoil_email, "email: " },
    { spoil_language, "language: " },
    { spoil_currency, "currency: " },
    { spoil_balance, "balance_due_cents: " },
    { spoil_no_participant, "participants: " },
    { spoil_first_name, "participants[1].first_name: " },
    { spoil_long_name, "participants[0].last_name: " },
    { spoil_old, "participants[0].birth_year: " },
    { spoil_unborn, "participants[0].birth_year: " },
    { spoil_level, "participants[0].level_id: " },
    { spoil_no_lesson, "participants[0].lessons: " },
    { spoil_session, "participants[0].lessons[0].session_id: " },
    { spoil_started, "participants[0].lessons[0].session_id: " },
    { spoil_group, "participants[0].lessons[0].group_id: " },
    { spoil_other_session, "participants[0].lessons[0].group_id: " },
    { spoil_twice, "participants[0].lessons[2].session_id: " },
  };
  gint64 n_docs;

  acc_test_put_json (fx->store, "[{\"_id\":\"" EARLY_SESSION "\",\"_rev\":\"1-a\","
                     "\"type\":\"session\",\"schema\":1,\"title\":\"Ski enfants – tôt\","
                     "\"discipline\":\"ski\",\"kind\":\"group\","
                     "\"starts_at\":\"2026-12-26T08:00:00+01:00\","
                     "\"ends_at\":\"2026-12-26T10:00:00+01:00\",\"meeting_point_id\":null},"
                     "{\"_id\":\"" EARLY_GROUP "\",\"_rev\":\"1-a\",\"type\":\"group\","
                     "\"schema\":1,\"session_id\":\"" EARLY_SESSION "\",\"level_id\":\""
                     FX_LEVEL "\",\"instructor_id\":null,\"capacity\":8,\"label\":\"Tôt\","
                     "\"meeting_point_id\":null}]");
  n_docs = acc_test_count_docs (fx->store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AccWalkin) walkin = new_family ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) questions =
        g_ptr_array_new_with_free_func ((GDestroyNotify) acc_walkin_question_free);

      cases[i].spoil (walkin);
      g_assert_false (acc_walkin_check (fx->store, walkin, questions, &error));
      g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
      if (!g_str_has_prefix (error->message, cases[i].field))
        g_error ("case %u: “%s” does not name %s", i, error->message, cases[i].field);
      /* Words follow the field. */
      g_assert_cmpuint (strlen (error->message), >, strlen (cases[i].field) + 5);
      g_clear_error (&error);

      g_assert_false (acc_walkin_register (fx->store, walkin, NULL, &error));
      g_assert_true (g_str_has_prefix (error->message, cases[i].field));
      g_assert_cmpint (acc_test_count_docs (fx->store), ==, n_docs);
    }
}

static AccWalkin *
walkin_from_json (AccStore    *store,
                  const char  *json,
                  GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return acc_walkin_new_from_json (store, node, error);
}

#define PAYER "\"payer\":{\"first_name\":\"Marie\",\"last_name\":\"Durand\"}"
#define ONE(member) \
  "{" PAYER ",\"participants\":[{\"first_name\":\"Léo\",\"last_name\":\"Durand\"," member "}]}"

static void
test_json (Fixture       *fx,
           gconstpointer  data)
{
  static const char good[] =
    "{\"payer\":{\"first_name\":\"Marie\",\"last_name\":\"Durand\",\"phone\":\"+33 6 11 22 33 44\","
    "\"email\":\" marie@example.org \",\"language\":\"FR\",\"vip\":true},"
    "\"balance_due_cents\":4550,\"currency\":\"CHF\",\"notes\":\"ignored\","
    "\"participants\":[{\"first_name\":\"Léo\",\"last_name\":\"Durand\",\"birth_year\":2018,"
    "\"level_code\":\"ourson\",\"allergies\":null,\"emergency_phone\":\"06 98 76 54 32\","
    "\"pickup_adults\":[\"Paul Durand\"],"
    "\"lessons\":[{\"session_id\":\"" FX_SESSION_AM "\",\"group_id\":\"" FX_GROUP_B "\"},"
    "{\"session_id\":\"" FX_SESSION_PM "\"}]}]}";
  const struct {
    const char *json;
    const char *field;
  } bad[] = {
    { "[]", "A walk-in" },
    { "{\"participants\":[]}", "payer: " },
    { "{\"payer\":[],\"participants\":[]}", "payer: " },
    { "{\"payer\":{\"first_name\":12,\"last_name\":\"D\"},\"participants\":[]}",
      "payer.first_name: " },
    { "{\"payer\":{\"first_name\":\"M\"},\"participants\":[]}", "payer.last_name: " },
    { "{\"payer\":{\"first_name\":\"M\",\"last_name\":\"D\",\"language\":\"french\"}}",
      "payer.language: " },
    { "{" PAYER ",\"balance_due_cents\":\"12\",\"participants\":[]}", "balance_due_cents: " },
    { "{" PAYER ",\"balance_due_cents\":12.5,\"participants\":[]}", "balance_due_cents: " },
    { "{" PAYER "}", "participants: " },
    { "{" PAYER ",\"participants\":{}}", "participants: " },
    { "{" PAYER ",\"participants\":[\"Léo\"]}", "participants[0]: " },
    { ONE ("\"birth_year\":\"2018\""), "participants[0].birth_year: " },
    { ONE ("\"birth_year\":99999999999"), "participants[0].birth_year: " },
    { ONE ("\"birth_year\":1850"), "participants[0].birth_year: " },
    { ONE ("\"level_code\":\"NOPE\""), "participants[0].level_code: " },
    { ONE ("\"level_code\":5"), "participants[0].level_code: " },
    { ONE ("\"allergies\":[]"), "participants[0].allergies: " },
    { ONE ("\"pickup_adults\":[1]"), "participants[0].pickup_adults: " },
    { ONE ("\"lessons\":{}"), "participants[0].lessons: " },
    { ONE ("\"lessons\":[1]"), "participants[0].lessons[0]: " },
    { ONE ("\"lessons\":[{\"session_id\":1}]"), "participants[0].lessons[0].session_id: " },
    { ONE ("\"lessons\":[{\"session_id\":\"s\",\"group_id\":2}]"),
      "participants[0].lessons[0].group_id: " },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AccWalkin) walkin = walkin_from_json (fx->store, good, &error);
  AccWalkinParticipant *leo;
  AccWalkinLesson *lesson;

  g_assert_no_error (error);
  g_assert_cmpstr (walkin->first_name, ==, "Marie");
  g_assert_cmpstr (walkin->phone, ==, "+33 6 11 22 33 44");
  g_assert_cmpstr (walkin->language, ==, "fr");
  g_assert_cmpint (walkin->balance_due_cents, ==, 4550);
  g_assert_cmpstr (walkin->currency, ==, "CHF");
  g_assert_cmpuint (walkin->participants->len, ==, 1);
  leo = g_ptr_array_index (walkin->participants, 0);
  g_assert_cmpint (leo->birth_year, ==, 2018);
  g_assert_cmpstr (leo->level_id, ==, FX_LEVEL);   /* By its code, in any case. */
  g_assert_null (leo->allergies);
  g_assert_cmpstr (leo->pickup_adults[0], ==, "Paul Durand");
  g_assert_cmpuint (leo->lessons->len, ==, 2);
  lesson = g_ptr_array_index (leo->lessons, 1);
  g_assert_cmpstr (lesson->session_id, ==, FX_SESSION_PM);
  g_assert_null (lesson->group_id);
  g_assert_true (acc_walkin_check (fx->store, walkin, NULL, &error));
  g_assert_no_error (error);

  /* The address pasted with spaces around it is written without them. */
  {
    g_autoptr(GPtrArray) ids = register_ok (fx->store, walkin);
    g_autoptr(JsonObject) customer = get_document (fx->store, walkin->customer_id);

    g_assert_cmpstr (json_object_get_string_member (customer, "email"), ==, "marie@example.org");
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(AccWalkin) refused = walkin_from_json (fx->store, bad[i].json, &error);

      g_assert_null (refused);
      g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
      if (!g_str_has_prefix (error->message, bad[i].field))
        g_error ("case %u: “%s” does not name %s", i, error->message, bad[i].field);
      g_clear_error (&error);
    }
}

static void
assert_found (AccStore   *store,
              const char *text,
              const char *booking_id,
              guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = acc_store_search (store, text, 0, &error);
  guint found = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (((AccEnrollmentRow *) g_ptr_array_index (rows, i))->booking_id, booking_id) == 0)
      found++;
  if (found != n)
    g_error ("“%s” finds %u enrollments of the walk-in, not %u", text, found, n);
}

static void
test_search (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(AccWalkin) walkin = new_family ();
  g_autoptr(GPtrArray) ids = register_ok (fx->store, walkin);
  g_autofree char *lower = g_ascii_strdown (walkin->reference, -1);

  assert_found (fx->store, "durand", walkin->booking_id, 4);        /* The family's name. */
  assert_found (fx->store, "jade", walkin->booking_id, 1);          /* A child's. */
  assert_found (fx->store, "marie dur", walkin->booking_id, 4);     /* The payer's. */
  assert_found (fx->store, "leo", walkin->booking_id, 2);           /* Without its accent. */
  assert_found (fx->store, walkin->reference, walkin->booking_id, 4);
  assert_found (fx->store, lower, walkin->booking_id, 4);
  assert_found (fx->store, "33 44", walkin->booking_id, 4);         /* The payer's phone. */
  assert_found (fx->store, "5432", walkin->booking_id, 2);          /* Léo's emergency phone. */
}

/* Registered again into another held day, the walk-in writes the same customer, booking and
 * participants there, with that day's enrollments. The origin is the replica that writes
 * them (each day's file has its device id), so their revisions differ. */
static void
test_second_day (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(AccWalkin) walkin = new_family ();
  g_autoptr(GPtrArray) first_ids = register_ok (fx->store, walkin);
  g_autoptr(AccStore) next = acc_test_open_new (fx->dir, "next.db");
  g_autoptr(GPtrArray) next_ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *customer_id = g_strdup (walkin->customer_id);
  g_autofree char *booking_id = g_strdup (walkin->booking_id);
  g_autofree char *reference = g_strdup (walkin->reference);
  g_autofree char *participant_id =
    g_strdup (((AccWalkinParticipant *) walkin->participants->pdata[0])->id);
  const char *same[] = { customer_id, booking_id, participant_id };

  acc_test_put_fixture (next);
  next_ids = register_ok (next, walkin);

  g_assert_cmpstr (walkin->customer_id, ==, customer_id);
  g_assert_cmpstr (walkin->booking_id, ==, booking_id);
  g_assert_cmpstr (walkin->reference, ==, reference);
  g_assert_cmpstr (((AccWalkinParticipant *) walkin->participants->pdata[0])->id, ==,
                   participant_id);
  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autoptr(JsonObject) here = get_document (fx->store, same[i]);
      g_autoptr(JsonObject) there = get_document (next, same[i]);

      g_autofree char *text_here = NULL, *text_there = NULL;

      /* Each replica names itself as the origin; the rest is the same. */
      g_assert_cmpstr (json_object_get_string_member (there, "origin"), ==,
                       acc_store_get_device_id (next));
      for (guint k = 0; k < 2; k++)
        {
          json_object_remove_member (k ? here : there, "_rev");
          json_object_remove_member (k ? here : there, "origin");
        }
      text_here = acc_document_to_canonical (here);
      text_there = acc_document_to_canonical (there);
      g_assert_cmpstr (text_here, ==, text_there);
    }
  g_assert_cmpuint (next_ids->len, ==, first_ids->len);
  g_assert_cmpstr (g_ptr_array_index (next_ids, 0), !=, g_ptr_array_index (first_ids, 0));

  /* Twice into one day is a mistake: it would book everyone twice. */
  g_assert_false (acc_walkin_register (fx->store, walkin, NULL, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, reference));
}

static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *small = acc_store_create_group (fx->store, FX_SESSION_PM, FX_LEVEL, 1, NULL,
                                                   "Ourson PM 2", &error);
  g_autoptr(AccWalkin) walkin = new_single (FX_SESSION_PM, small);
  g_autoptr(GPtrArray) ids = register_ok (fx->store, walkin);
  g_autoptr(AccEnrollmentRow) row = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GPtrArray) questions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) acc_walkin_question_free);
  g_autoptr(AccWalkin) next = new_single (FX_SESSION_PM, small);
  guint pending = acc_test_get_status (fx->store).pending;
  JsonObject *fact;

  g_assert_cmpint (acc_test_count_in_group (fx->store, small), ==, 1);

  g_assert_true (acc_walkin_cancel_enrollment (fx->store, g_ptr_array_index (ids, 0), &error));
  g_assert_no_error (error);
  row = acc_test_get_row (fx->store, g_ptr_array_index (ids, 0));
  g_assert_cmpint (row->status, ==, ACC_ENROLLMENT_STATUS_CANCELLED);
  g_assert_cmpint (acc_test_count_in_group (fx->store, small), ==, 0);

  /* A fact, sent like the others; the enrollment's document stays as it was written. */
  g_assert_cmpuint (acc_test_get_status (fx->store).pending, ==, pending + 1);
  outbox = acc_store_list_outbox (fx->store, 100, NULL);
  fact = NULL;
  for (guint i = 0; i < outbox->len; i++)
    if (g_strcmp0 (acc_document_get_string (g_ptr_array_index (outbox, i), "kind"),
                   "enrollment_status") == 0)
      fact = g_ptr_array_index (outbox, i);
  g_assert_nonnull (fact);
  g_assert_cmpstr (json_object_get_string_member (fact, "enrollment_id"), ==,
                   g_ptr_array_index (ids, 0));
  g_assert_cmpstr (json_object_get_string_member (fact, "status"), ==, "cancelled");
  {
    g_autoptr(JsonObject) enrollment = get_document (fx->store, g_ptr_array_index (ids, 0));

    g_assert_cmpstr (json_object_get_string_member (enrollment, "status"), ==, "booked");
  }

  /* The place is free again: the next family is asked nothing. */
  g_assert_true (acc_walkin_check (fx->store, next, questions, &error));
  g_assert_cmpuint (questions->len, ==, 0);

  g_assert_false (acc_walkin_cancel_enrollment (fx->store, "no-such-enrollment", &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
}

/* A walk-in's participant is edited like any other: a fact, its document left as written. */
static void
test_edit (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(AccWalkin) walkin = new_family ();
  g_autoptr(GPtrArray) ids = register_ok (fx->store, walkin);
  g_autoptr(JsonObject) changes = acc_test_parse ("{\"first_name\":\"Léon\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(AccEnrollmentRow) row = NULL;
  g_autoptr(JsonObject) doc = NULL;
  const char *leo = ((AccWalkinParticipant *) walkin->participants->pdata[0])->id;
  guint pending = acc_test_get_status (fx->store).pending;

  g_assert_true (acc_store_update_participant (fx->store, leo, changes, &error));
  g_assert_no_error (error);
  row = acc_test_get_row (fx->store, g_ptr_array_index (ids, 0));
  g_assert_cmpstr (row->first_name, ==, "Léon");
  g_assert_cmpuint (acc_test_get_status (fx->store).pending, ==, pending + 1);
  doc = get_document (fx->store, leo);
  g_assert_cmpstr (json_object_get_string_member (doc, "first_name"), ==, "Léo");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (doc, "_rev"), "1-"));
}

int
main (int    argc,
      char **argv)
{
  /* Before anything reads the time: the desk lives on the fixture day's morning. */
  g_setenv ("ACCUEIL_NOW", NOW, TRUE);
  g_test_init (&argc, &argv, NULL);

  acc_test_add_day ("/walkin/register-family", test_register_family);
  acc_test_add_day ("/walkin/nothing-written-when-refused", test_nothing_written_when_refused);
  acc_test_add_day ("/walkin/reference", test_reference);
  acc_test_add_day ("/walkin/suggestion", test_suggestion);
  acc_test_add_day ("/walkin/questions", test_questions);
  acc_test_add_day ("/walkin/refusals", test_refusals);
  acc_test_add_day ("/walkin/json", test_json);
  acc_test_add_day ("/walkin/search", test_search);
  acc_test_add_day ("/walkin/second-day", test_second_day);
  acc_test_add_day ("/walkin/cancel", test_cancel);
  acc_test_add_day ("/walkin/edit", test_edit);

  return g_test_run ();
}
