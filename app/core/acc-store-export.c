/* acc-store-export.c: the day exported as JSON and as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-store"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "acc-document.h"
#include "acc-store-private.h"

static void
add_column (JsonBuilder  *builder,
            const char   *name,
            sqlite3_stmt *s,
            int           column)
{
  json_builder_set_member_name (builder, name);
  switch (sqlite3_column_type (s, column))
    {
    case SQLITE_NULL:
      json_builder_add_null_value (builder);
      break;
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (s, column));
      break;
    case SQLITE_FLOAT:
      json_builder_add_double_value (builder, sqlite3_column_double (s, column));
      break;
    default:
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (s, column));
      break;
    }
}

static void
add_bool_column (JsonBuilder  *builder,
                 const char   *name,
                 sqlite3_stmt *s,
                 int           column)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, sqlite3_column_int (s, column) != 0);
}

static void
add_json_column (JsonBuilder  *builder,
                 const char   *name,
                 sqlite3_stmt *s,
                 int           column)
{
  const char *text = (const char *) sqlite3_column_text (s, column);
  JsonNode *node = text ? json_from_string (text, NULL) : NULL;

  json_builder_set_member_name (builder, name);
  if (node != NULL)
    json_builder_add_value (builder, node);
  else
    json_builder_add_null_value (builder);
}

static JsonNode *
json_or_string (const char *text)
{
  JsonNode *node = text ? json_from_string (text, NULL) : NULL;

  return node ? node : json_node_init_string (json_node_alloc (), text ? text : "");
}

/* Builds, for every subject in conflict, the facts that disagree, keyed by subject id. */
static GHashTable *
collect_conflicts (AccStore  *self,
                   GError   **error)
{
  g_autoptr(GHashTable) by_subject =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) conflicts = acc_store_list_conflicts (self, error);

  if (conflicts == NULL)
    return NULL;

  for (guint i = 0; i < conflicts->len; i++)
    {
      AccConflict *conflict = g_ptr_array_index (conflicts, i);
      JsonNode *list = g_hash_table_lookup (by_subject, conflict->subject_id);
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonArray) facts = json_array_new ();

      if (list == NULL)
        {
          list = json_node_init_array (json_node_alloc (), json_array_new ());
          g_hash_table_insert (by_subject, g_strdup (conflict->subject_id), list);
        }

      /* Values only, never labels: labels are in the desk's language, the export is not. */
      json_object_set_string_member (object, "subject", conflict->kind);
      json_object_set_string_member (object, "subject_id", conflict->subject_id);
      json_object_set_string_member (object, "field", conflict->field);
      json_object_set_member (object, "shown", json_or_string (conflict->shown));
      for (guint j = 0; j < conflict->facts->len; j++)
        {
          AccConflictFact *fact = g_ptr_array_index (conflict->facts, j);
          JsonObject *f = json_object_new ();

          json_object_set_string_member (f, "id", fact->fact_id);
          json_object_set_member (f, "value", json_or_string (fact->value));
          json_object_set_string_member (f, "hlc", fact->hlc);
          acc_document_set_string_or_null (f, "device_id", fact->device_id);
          acc_document_set_string_or_null (f, "staff", fact->staff);
          acc_document_set_string_or_null (f, "at", fact->at);
          json_array_add_object_element (facts, f);
        }
      json_object_set_array_member (object, "facts", g_steal_pointer (&facts));
      json_array_add_object_element (json_node_get_array (list), g_steal_pointer (&object));
    }

  return g_steal_pointer (&by_subject);
}

static void
add_conflicts (JsonBuilder *builder,
               GHashTable  *conflicts,
               const char  *subject_id)
{
  JsonNode *list = g_hash_table_lookup (conflicts, subject_id);

  json_builder_set_member_name (builder, "conflicts");
  if (list != NULL)
    json_builder_add_value (builder, json_node_copy (list));
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
}

static gboolean
export_table (AccStore     *self,
              JsonBuilder  *builder,
              StmtId        query,
              const char   *name,
              const char  **columns,
              GHashTable   *conflicts,
              GError      **error)
{
  sqlite3_stmt *s = acc_store_stmt (self, query);
  int rc;

  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      for (int i = 0; columns[i] != NULL; i++)
        {
          /* A leading '?' marks a boolean, a leading '{' a JSON value. */
          if (columns[i][0] == '?')
            add_bool_column (builder, columns[i] + 1, s, i);
          else if (columns[i][0] == '{')
            add_json_column (builder, columns[i] + 1, s, i);
          else if (columns[i][0] != '-')
            add_column (builder, columns[i], s, i);
        }
      if (conflicts != NULL)
        add_conflicts (builder, conflicts, (const char *) sqlite3_column_text (s, 0));
      json_builder_end_object (builder);
    }
  sqlite3_reset (s);
  json_builder_end_array (builder);

  return rc == SQLITE_DONE;
}

/**
 * acc_store_export_json:
 *
 * Describes the day as every replica holding the same documents derives it, sorted by id:
 * nothing in it depends on this desk (such as what is still waiting to be sent).
 *
 * Returns: (transfer full) (nullable): an object with enrollments, groups, sessions,
 *   instructors, participants and conflicts.
 */
JsonNode *
acc_store_export_json (AccStore  *self,
                       GError   **error)
{
  static const char *enrollments[] = { "id", "booking_reference", "booking_id",
                                       "participant_id", "first_name", "last_name",
                                       "session_id", "group_id", "?checked_in", "attendance",
                                       "status", "-n_conflicts", NULL };
  static const char *groups[] = { "id", "session_id", "level_code", "instructor_id",
                                  "capacity", "label", "count", NULL };
  static const char *sessions[] = { "id", "title", "discipline", "kind", "starts_at",
                                    "ends_at", "meeting_point_id", "closed_at", NULL };
  static const char *instructors[] = { "id", "first_name", "last_name", "?on_call",
                                       "attendance", NULL };
  static const char *participants[] = { "id", "booking_id", "first_name", "last_name",
                                        "birth_year", "level_id", "allergies",
                                        "medical_notes", "emergency_phone", "{pickup_adults",
                                        "?placeholder", NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) conflicts = NULL;
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GPtrArray) subject_ids = g_ptr_array_new ();

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  conflicts = collect_conflicts (self, error);
  if (conflicts == NULL)
    return NULL;

  json_builder_begin_object (builder);
  if (!export_table (self, builder, STMT_EXPORT_ENROLLMENTS, "enrollments", enrollments,
                     conflicts, error) ||
      !export_table (self, builder, STMT_EXPORT_GROUPS, "groups", groups, conflicts, error) ||
      !export_table (self, builder, STMT_EXPORT_SESSIONS, "sessions", sessions, none, error) ||
      !export_table (self, builder, STMT_EXPORT_INSTRUCTORS, "instructors", instructors,
                     conflicts, error) ||
      !export_table (self, builder, STMT_EXPORT_PARTICIPANTS, "participants", participants,
                     conflicts, error))
    return NULL;

  /* Every conflict once, whatever it is about, in subject order. */
  json_builder_set_member_name (builder, "conflicts");
  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, conflicts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_ptr_array_add (subject_ids, key);
  g_ptr_array_sort (subject_ids, acc_store_compare_strings_ptr);
  for (guint i = 0; i < subject_ids->len; i++)
    {
      JsonArray *list = json_node_get_array (g_hash_table_lookup (conflicts,
                                                                  g_ptr_array_index (subject_ids, i)));

      for (guint j = 0; j < json_array_get_length (list); j++)
        json_builder_add_value (builder, json_node_copy (json_array_get_element (list, j)));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
csv_field (GString    *out,
           const char *text)
{
  if (text == NULL)
    text = "";

  if (strpbrk (text, ",\"\r\n") == NULL)
    g_string_append (out, text);
  else
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
}

/**
 * acc_store_export_csv:
 *
 * Returns: (transfer full) (nullable): the day's enrollments as CSV, one line each, by id.
 */
char *
acc_store_export_csv (AccStore  *self,
                      GError   **error)
{
  static const char *header[] = { "id", "booking_reference", "booking_id", "participant_id",
                                  "first_name", "last_name", "session_id", "group_id",
                                  "checked_in", "attendance", "status", "conflicts" };
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *s;
  int rc;

  g_return_val_if_fail (ACC_IS_STORE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, header[i]);
    }
  g_string_append (out, "\r\n");

  s = acc_store_stmt (self, STMT_EXPORT_ENROLLMENTS);
  while ((rc = acc_store_step_row (self, s, error)) == SQLITE_ROW)
    {
      for (int i = 0; i < (int) G_N_ELEMENTS (header); i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          if (i == 8)
            g_string_append (out, sqlite3_column_int (s, i) ? "true" : "false");
          else
            csv_field (out, (const char *) sqlite3_column_text (s, i));
        }
      g_string_append (out, "\r\n");
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}
