/* test-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "acc-document.h"
#include "acc-error.h"
#include "acc-fact.h"
#include "acc-json-text.h"
#include "acc-test-util.h"

static void
test_uuid (void)
{
  g_autofree char *a = acc_uuid_new ();
  g_autofree char *b = acc_uuid_new ();

  g_assert_true (acc_uuid_is_valid (a));
  g_assert_cmpstr (a, !=, b);
  g_assert_false (acc_uuid_is_valid ("00000000-0000-4000-8000-00000000000"));
  g_assert_false (acc_uuid_is_valid ("00000000-0000-4000-8000-00000000000A"));
  g_assert_false (acc_uuid_is_valid (NULL));
}

/* Two desks that derive an id from the same document and day get the same one; another day
 * or another document gives another. */
static void
test_uuid_derive (void)
{
  const char *source = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f";
  g_autofree char *a = acc_uuid_derive (source, "2026-12-26");
  g_autofree char *b = acc_uuid_derive (source, "2026-12-26");
  g_autofree char *day = acc_uuid_derive (source, "2026-12-27");
  g_autofree char *other = acc_uuid_derive ("6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e50",
                                            "2026-12-26");

  g_assert_true (acc_uuid_is_valid (a));
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, day);
  g_assert_cmpstr (a, !=, other);
  g_assert_cmpstr (a, !=, source);
  g_assert_cmpint (a[14], ==, '5'); /* A name-based UUID. */
}

static void
test_canonical (void)
{
  g_autoptr(JsonObject) a = acc_test_parse ("{\"b\":1,\"a\":{\"y\":[1,{\"d\":2,\"c\":3}],\"x\":null},\"_rev\":\"1-x\"}");
  g_autoptr(JsonObject) b = acc_test_parse ("{\"a\":{\"x\":null,\"y\":[1,{\"c\":3,\"d\":2}]},\"b\":1}");
  g_autoptr(JsonObject) c = acc_test_parse ("{\"a\":{\"x\":null,\"y\":[{\"c\":3,\"d\":2},1]},\"b\":1}");
  g_autofree char *ca = acc_document_to_canonical (a);
  g_autofree char *cb = acc_document_to_canonical (b);
  g_autofree char *cc = acc_document_to_canonical (c);
  g_autofree char *ra = acc_document_content_rev (a);
  g_autofree char *rb = acc_document_content_rev (b);
  g_autofree char *rc = acc_document_content_rev (c);

  g_assert_cmpstr (ca, ==, "{\"a\":{\"x\":null,\"y\":[1,{\"c\":3,\"d\":2}]},\"b\":1}");
  g_assert_cmpstr (ca, ==, cb);
  g_assert_cmpstr (ca, !=, cc);
  g_assert_cmpstr (ra, ==, rb);
  g_assert_cmpstr (ra, !=, rc);
  g_assert_true (g_str_has_prefix (ra, "1-"));
  g_assert_cmpuint (strlen (ra), ==, 34);
}

/* Every kind of value keeps its exact text: a revision id must not change between versions. */
static void
test_canonical_values (void)
{
  const char *sorted = "{\"a\":\"quote \\\" backslash \\\\ slash / tab \\t line \\n cr \\r"
                       " bell \\u0007 del \\u007f é 雪\",\"b\":[],\"c\":{},\"d\":1.5,"
                       "\"e\":2.0,\"f\":-7,\"g\":true,\"h\":false,\"i\":null,"
                       "\"j\":[[\"x\"],{\"k\":0.25}]}";
  g_autoptr(JsonObject) doc = acc_test_parse (sorted);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), doc);
  g_autofree char *canonical = acc_document_to_canonical (doc);
  g_autofree char *generated = json_to_string (node, FALSE);
  g_autoptr(JsonNode) big = json_from_string ("[1e20,-0.125]", NULL);
  g_autofree char *big_text = acc_json_to_canonical (big);
  g_autoptr(JsonNode) again = json_from_string (big_text, NULL);

  g_assert_cmpstr (canonical, ==, sorted);
  /* The same text JSON-GLib's generator writes for a document already in order. */
  g_assert_cmpstr (canonical, ==, generated);

  /* Integers, the extremes included. */
  {
    const char *integers = "[0,7,-7,9223372036854775807,-9223372036854775808]";
    g_autoptr(JsonNode) array = json_from_string (integers, NULL);
    g_autofree char *text = acc_json_to_canonical (array);

    g_assert_cmpstr (text, ==, integers);
  }

  /* Exponents stay valid JSON (no ".0" after them) and read back the same. */
  g_assert_cmpstr (big_text, ==, "[1e+20,-0.125]");
  g_assert_nonnull (again);
  g_assert_cmpfloat (json_array_get_double_element (json_node_get_array (again), 0), ==, 1e20);
}

/* Members come out sorted whatever their number and order, nested objects too, and without the
 * top level's revision fields. */
static void
test_canonical_order (void)
{
  for (guint n = 1; n <= 70; n++)
    {
      g_autoptr(JsonObject) doc = json_object_new ();
      g_autoptr(JsonObject) inner = json_object_new ();
      g_autoptr(GString) expected = g_string_new ("{");
      g_autofree char *canonical = NULL;

      /* Added in descending order, with the revision fields among them. */
      json_object_set_string_member (doc, "_rev", "1-abc");
      for (guint i = n; i > 0; i--)
        {
          g_autofree char *name = g_strdup_printf ("m%03u", i);

          json_object_set_int_member (doc, name, i);
          json_object_set_int_member (inner, name, i);
        }
      json_object_set_string_member (doc, "_revisions", "x");
      json_object_set_string_member (doc, "_id", "d");
      json_object_set_object_member (doc, "z", json_object_ref (inner));

      g_string_append (expected, "\"_id\":\"d\"");
      for (guint i = 1; i <= n; i++)
        g_string_append_printf (expected, ",\"m%03u\":%u", i, i);
      g_string_append (expected, ",\"z\":{");
      for (guint i = 1; i <= n; i++)
        g_string_append_printf (expected, "%s\"m%03u\":%u", i > 1 ? "," : "", i, i);
      g_string_append (expected, "}}");

      canonical = acc_document_to_canonical (doc);
      g_assert_cmpstr (canonical, ==, expected->str);
    }
}

static void
test_rev_compare (void)
{
  guint64 generation;
  const char *hash;

  g_assert_true (acc_rev_parse ("12-abc", &generation, &hash));
  g_assert_cmpuint (generation, ==, 12);
  g_assert_cmpstr (hash, ==, "abc");
  g_assert_false (acc_rev_parse ("abc", NULL, NULL));
  g_assert_false (acc_rev_parse ("0-abc", NULL, NULL));
  g_assert_false (acc_rev_parse ("3-", NULL, NULL));
  g_assert_false (acc_rev_parse ("1x-a", NULL, NULL));

  g_assert_cmpint (acc_rev_compare ("2-a", FALSE, "1-z", FALSE), >, 0);
  g_assert_cmpint (acc_rev_compare ("10-a", FALSE, "9-z", FALSE), >, 0);
  g_assert_cmpint (acc_rev_compare ("2-b", FALSE, "2-a", FALSE), >, 0);
  /* A live revision beats a deleted one, whatever its history. */
  g_assert_cmpint (acc_rev_compare ("1-a", FALSE, "5-z", TRUE), >, 0);
  g_assert_cmpint (acc_rev_compare ("2-a", FALSE, "2-a", FALSE), ==, 0);
}

static void
check_invalid (const char *json,
               const char *needle)
{
  g_autoptr(JsonObject) doc = acc_test_parse (json);
  g_autoptr(GError) error = NULL;

  g_assert_false (acc_document_validate (doc, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, needle));
}

static void
test_validate (void)
{
  g_autoptr(GPtrArray) fixture = acc_test_fixture_docs ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < fixture->len; i++)
    {
      g_assert_true (acc_document_validate (g_ptr_array_index (fixture, i), &error));
      g_assert_no_error (error);
    }

  check_invalid ("{\"type\":\"school\"}", "_id");
  check_invalid ("{\"_id\":\"x\",\"type\":\"spaceship\",\"schema\":1}", "spaceship");
  check_invalid ("{\"_id\":\"x\",\"type\":\"level\",\"schema\":2,\"code\":\"A\"}", "schema");
  check_invalid ("{\"_id\":\"x\",\"type\":\"group\",\"schema\":1,\"session_id\":\"s\","
                 "\"level_id\":null,\"instructor_id\":null,\"capacity\":\"ten\"}", "capacity");
  check_invalid ("{\"_id\":\"x\",\"type\":\"fact\",\"schema\":1,\"kind\":\"teleport\","
                 "\"device_id\":\"d\",\"at\":\"t\",\"hlc\":\"h\",\"supersedes\":[]}", "teleport");
  check_invalid ("{\"_id\":\"x\",\"type\":\"fact\",\"schema\":1,\"kind\":\"checkin\","
                 "\"device_id\":\"d\",\"at\":\"t\",\"hlc\":\"h\",\"supersedes\":[1],"
                 "\"enrollment_id\":\"e\",\"present\":true}", "supersedes");
  check_invalid ("{\"_id\":\"x\",\"type\":\"fact\",\"schema\":1,\"kind\":\"checkin\","
                 "\"device_id\":\"d\",\"at\":\"t\",\"hlc\":\"h\",\"supersedes\":[],"
                 "\"enrollment_id\":\"e\",\"present\":\"yes\"}", "present");
}

static void
test_fact_subjects (void)
{
  g_autoptr(JsonObject) update = acc_test_parse (
    "{\"_id\":\"f\",\"type\":\"fact\",\"schema\":1,\"kind\":\"participant_update\","
    "\"device_id\":\"d\",\"at\":\"t\",\"hlc\":\"h\",\"supersedes\":[],\"participant_id\":\"p\","
    "\"changes\":{\"first_name\":\"Zoé\",\"pickup_adults\":[\"Marc\"]}}");
  g_autoptr(JsonObject) bad_state = acc_test_parse (
    "{\"_id\":\"f\",\"type\":\"fact\",\"schema\":1,\"kind\":\"attendance\","
    "\"device_id\":\"d\",\"at\":\"t\",\"hlc\":\"h\",\"supersedes\":[],\"enrollment_id\":\"e\","
    "\"state\":\"asleep\"}");
  g_autoptr(JsonObject) bad_field = acc_test_parse (
    "{\"_id\":\"f\",\"type\":\"fact\",\"schema\":1,\"kind\":\"participant_update\","
    "\"device_id\":\"d\",\"at\":\"t\",\"hlc\":\"h\",\"supersedes\":[],\"participant_id\":\"p\","
    "\"changes\":{\"first_name\":42}}");
  g_autoptr(GArray) subjects = NULL;
  g_autoptr(GError) error = NULL;
  AccSubject *subject;

  subjects = acc_fact_subjects (update, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (subjects->len, ==, 2);
  subject = &g_array_index (subjects, AccSubject, 0);
  g_assert_cmpstr (subject->kind, ==, ACC_SUBJECT_PARTICIPANT);
  g_assert_cmpstr (subject->subject_id, ==, "p");

  g_assert_null (acc_fact_subjects (bad_state, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (acc_fact_subjects (bad_field, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
}

/* What the replication relies on is checked before a received document is stored. */
static void
test_check_received (void)
{
  static const char * const accepted[] = {
    "{\"_id\":\"" FX_ZOE "\",\"_rev\":\"1-0123456789abcdef0123456789abcdef\"}",
    "{\"_id\":\"school:esf.demo@2026+1\",\"_rev\":\"12-a-b\",\"_deleted\":true}",
    "{\"_id\":\"p\",\"_rev\":\"3-c\",\"_revisions\":{\"start\":3,\"ids\":[\"c\",\"b\",\"a\"]}}",
    "{\"_id\":\"p\",\"_rev\":\"3-c\",\"_revisions\":{\"start\":3,\"ids\":[\"c\"]}}",
  };
  static const struct { const char *text; const char *needle; } refused[] = {
    { "{\"_rev\":\"1-a\"}", "not a document id" },
    { "{\"_id\":\"\",\"_rev\":\"1-a\"}", "not a document id" },
    { "{\"_id\":\"../../etc/passwd\",\"_rev\":\"1-a\"}", "not a document id" },
    { "{\"_id\":\"_design/x\",\"_rev\":\"1-a\"}", "not a document id" },
    { "{\"_id\":\"a b\",\"_rev\":\"1-a\"}", "not a document id" },
    { "{\"_id\":7,\"_rev\":\"1-a\"}", "not a document id" },
    { "{\"_id\":\"p\"}", "not a revision" },
    { "{\"_id\":\"p\",\"_rev\":\"notarev\"}", "not a revision" },
    { "{\"_id\":\"p\",\"_rev\":\"0-a\"}", "not a revision" },
    { "{\"_id\":\"p\",\"_rev\":\"1-\"}", "not a revision" },
    { "{\"_id\":\"p\",\"_rev\":\"1-../x\"}", "not a revision" },
    { "{\"_id\":\"p\",\"_rev\":[\"1-a\"]}", "not a revision" },
    { "{\"_id\":\"p\",\"_rev\":\"1-a\",\"_deleted\":\"yes\"}", "revision history" },
    { "{\"_id\":\"p\",\"_rev\":\"2-b\",\"_revisions\":7}", "revision history" },
    { "{\"_id\":\"p\",\"_rev\":\"2-b\",\"_revisions\":{\"start\":\"2\",\"ids\":[\"b\"]}}",
      "revision history" },
    { "{\"_id\":\"p\",\"_rev\":\"2-b\",\"_revisions\":{\"start\":3,\"ids\":[\"b\"]}}",
      "revision history" },
    { "{\"_id\":\"p\",\"_rev\":\"2-b\",\"_revisions\":{\"start\":2,\"ids\":[\"c\",\"a\"]}}",
      "revision history" },
    { "{\"_id\":\"p\",\"_rev\":\"1-b\",\"_revisions\":{\"start\":1,\"ids\":[\"b\",\"a\"]}}",
      "revision history" },
    { "{\"_id\":\"p\",\"_rev\":\"2-b\",\"_revisions\":{\"start\":2,\"ids\":[\"b\",7]}}",
      "revision history" },
    { "{\"_id\":\"p\",\"_rev\":\"2-b\",\"_revisions\":{\"start\":2,\"ids\":[]}}",
      "revision history" },
  };
  g_autofree char *long_id = g_strnfill (ACC_DOCUMENT_ID_MAX + 1, 'a');
  g_autofree char *long_id_doc = g_strdup_printf ("{\"_id\":\"%s\",\"_rev\":\"1-a\"}", long_id);
  g_autofree char *big = g_strnfill (ACC_DOCUMENT_MAX_SIZE, 'x');
  g_autofree char *big_doc = g_strdup_printf ("{\"_id\":\"p\",\"_rev\":\"1-a\",\"n\":[\"%s\"]}", big);
  g_autoptr(JsonObject) too_long = acc_test_parse (long_id_doc);
  g_autoptr(JsonObject) too_big = acc_test_parse (big_doc);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(JsonObject) doc = acc_test_parse (accepted[i]);

      g_test_message ("%s", accepted[i]);
      g_assert_true (acc_document_check_received (doc, strlen (accepted[i]), &error));
      g_assert_no_error (error);
      g_assert_true (acc_document_check_received (doc, 0, &error));
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonObject) doc = acc_test_parse (refused[i].text);

      g_test_message ("%s", refused[i].text);
      g_assert_false (acc_document_check_received (doc, 0, &error));
      g_assert_error (error, ACC_ERROR, ACC_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, refused[i].needle));
      g_clear_error (&error);
    }

  g_assert_false (acc_document_check_received (too_long, 0, &error));
  g_assert_nonnull (strstr (error->message, "not a document id"));
  g_clear_error (&error);
  /* Measured as a tree, and by the length of its text. */
  g_assert_false (acc_document_check_received (too_big, 0, &error));
  g_assert_nonnull (strstr (error->message, "larger than 256 KiB"));
  g_clear_error (&error);
  g_assert_false (acc_document_check_received (too_long, ACC_DOCUMENT_MAX_SIZE + 1, &error));
  g_assert_nonnull (strstr (error->message, "larger than 256 KiB"));
}

/* A revision's history as received is kept as its ancestors, and given back as its
 * _revisions; what does not fit the revision is not given. */
static void
test_revisions (void)
{
  static const struct
  {
    const char *rev;
    const char *ancestors;
    const char *revisions;
  } cases[] = {
    { "3-c", "[\"b\",\"a\"]", "{\"start\":3,\"ids\":[\"c\",\"b\",\"a\"]}" },
    { "3-c", NULL, "{\"start\":3,\"ids\":[\"c\"]}" },
    { "1-a", NULL, "{\"start\":1,\"ids\":[\"a\"]}" },
    /* More ancestors than generations before it, or not a list: none. */
    { "2-c", "[\"b\",\"a\"]", "{\"start\":2,\"ids\":[\"c\"]}" },
    { "3-c", "{\"b\":1}", "{\"start\":3,\"ids\":[\"c\"]}" },
    { "3-c", "[\"b\"", "{\"start\":3,\"ids\":[\"c\"]}" },
    /* Up to the first that is not a revision's hash. */
    { "4-d", "[\"c\",7,\"a\"]", "{\"start\":4,\"ids\":[\"d\",\"c\"]}" },
  };
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *ancestors = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) revisions = acc_revisions_new (cases[i].rev, cases[i].ancestors);
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), revisions);
      g_autofree char *text = json_to_string (node, FALSE);

      g_assert_cmpstr (text, ==, cases[i].revisions);
    }
  g_assert_null (acc_revisions_new ("c", NULL));

  doc = acc_json_parse_object ("{\"_id\":\"p\",\"_rev\":\"3-c\","
                               "\"_revisions\":{\"start\":3,\"ids\":[\"c\",\"b\",\"a\"]}}",
                               NULL);
  ancestors = acc_revisions_dup_ancestors (doc);
  g_assert_cmpstr (ancestors, ==, "[\"b\",\"a\"]");
  json_object_remove_member (doc, "_revisions");
  g_clear_pointer (&ancestors, g_free);
  ancestors = acc_revisions_dup_ancestors (doc);
  g_assert_null (ancestors);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document/uuid", test_uuid);
  g_test_add_func ("/document/uuid-derive", test_uuid_derive);
  g_test_add_func ("/document/canonical", test_canonical);
  g_test_add_func ("/document/canonical-values", test_canonical_values);
  g_test_add_func ("/document/canonical-order", test_canonical_order);
  g_test_add_func ("/document/rev-compare", test_rev_compare);
  g_test_add_func ("/document/revisions", test_revisions);
  g_test_add_func ("/document/validate", test_validate);
  g_test_add_func ("/document/check-received", test_check_received);
  g_test_add_func ("/document/fact-subjects", test_fact_subjects);

  return g_test_run ();
}
