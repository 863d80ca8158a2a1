/* acc-day-opening.c: a new day made at the desk from a held one, when the cloud is gone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * When the cloud has been gone longer than the days a desk holds, a supervisor opens the
 * next day from a held one. The new day gets the held day's school, levels, meeting points
 * and instructors, its sessions at the same times of day, its groups with their instructors
 * as they stand now, and, for the courses that run over several days (an enrollment with
 * `course_first_day` and `course_last_day` around the new date), the same participants in
 * the groups they are in now, with their bookings and payers. One-day lessons, cancelled
 * enrollments and the facts of the held day (who came, who was absent) stay behind.
 *
 * Everything written is a new document of the desk, revision 1, waiting for the cloud like a
 * fact. Two desks that open the same day apart must not make two plannings of it, so
 * nothing in a document depends on the desk that wrote it: each id is derived from the held
 * document's id and the new date (acc_uuid_derive()), every reference is derived the same
 * way, the `origin` is the same on every desk, and the revision comes from the content. Two
 * desks with the same held day write the same documents; desks whose held days differed
 * (one of them had moved a child) write two revisions of that one document, which the
 * store's winner rule settles as it settles any conflict of the cloud's.
 *
 * Values shown now, not as planned, are carried: the group a child was moved to, the
 * instructor given to a group, a placeholder's name given at the desk.
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "acc-day-opening.h"
#include "acc-days.h"
#include "acc-document.h"
#include "acc-error.h"
#include "acc-peer-server.h"

#define PAGE 1000

typedef struct
{
  const char *date;
  GTimeZone  *zone;          /* The school's, when it names one. */
  GHashTable *docs;          /* id → JsonObject, every planning document of the held day */
  GHashTable *rows;          /* participant id → AccEnrollmentRow of one of its enrollments */
  GHashTable *wanted;        /* ids of participants, bookings and customers to carry */
  GPtrArray  *written;       /* JsonObject */
} Opening;

static void
opening_clear (Opening *op)
{
  g_clear_pointer (&op->zone, g_time_zone_unref);
  g_clear_pointer (&op->docs, g_hash_table_unref);
  g_clear_pointer (&op->rows, g_hash_table_unref);
  g_clear_pointer (&op->wanted, g_hash_table_unref);
  g_clear_pointer (&op->written, g_ptr_array_unref);
}

/* Reads every document of @source but its facts. */
static gboolean
read_documents (Opening   *op,
                AccStore  *source,
                GError   **error)
{
  g_autofree char *after = NULL;

  for (;;)
    {
      g_autoptr(GPtrArray) page = acc_store_list_documents (source, ACC_DOCUMENTS_ALL, after,
                                                            PAGE, error);

      if (page == NULL)
        return FALSE;
      for (guint i = 0; i < page->len; i++)
        {
          JsonObject *doc = g_ptr_array_index (page, i);
          const char *id = acc_document_get_string (doc, "_id");

          if (id != NULL && g_strcmp0 (acc_document_get_string (doc, "type"), "fact") != 0 &&
              !json_object_get_boolean_member_with_default (doc, "_deleted", FALSE))
            g_hash_table_insert (op->docs, g_strdup (id), json_object_ref (doc));
        }
      if (page->len < PAGE)
        return TRUE;
      g_free (after);
      after = g_strdup (acc_document_get_string (g_ptr_array_index (page, page->len - 1),
                                                 "_id"));
    }
}

/* A member that holds the id of another document of the day. */
static gboolean
is_reference (const char *member)
{
  return g_str_has_suffix (member, "_id");
}

/* The held document @doc made anew for the new day: derived id and references, no
 * revision, the origin every desk gives it. */
static JsonObject *
derive_document (Opening    *op,
                 JsonObject *doc)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init (&iter, doc);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (member[0] == '_' || g_str_equal (member, "origin"))
        continue;
      if (is_reference (member) && JSON_NODE_HOLDS_VALUE (value) &&
          json_node_get_value_type (value) == G_TYPE_STRING)
        {
          g_autofree char *derived = acc_uuid_derive (json_node_get_string (value), op->date);

          json_object_set_string_member (copy, member, derived);
        }
      else
        json_object_set_member (copy, member, json_node_copy (value));
    }

  {
    g_autofree char *id = acc_uuid_derive (acc_document_get_string (doc, "_id"), op->date);

    json_object_set_string_member (copy, "_id", id);
  }
  json_object_set_string_member (copy, "origin", ACC_DAY_OPENING_ORIGIN);
  g_ptr_array_add (op->written, copy);
  return copy;
}

/* @when, a time of the held day, at the same time of day on the new date: in the school's
 * time zone, so that a change of summer time in between keeps lessons at 9:00. */
static char *
move_time (Opening    *op,
           const char *when)
{
  g_autoptr(GDateTime) held = when ? g_date_time_new_from_iso8601 (when, NULL) : NULL;
  g_autoptr(GDateTime) moved = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  int year, month, day;

  if (held == NULL)
    return NULL;

  zone = op->zone ? g_time_zone_ref (op->zone) : g_time_zone_ref (g_date_time_get_timezone (held));
  year = (int) g_ascii_strtoll (op->date, NULL, 10);
  month = (int) g_ascii_strtoll (op->date + 5, NULL, 10);
  day = (int) g_ascii_strtoll (op->date + 8, NULL, 10);
  moved = g_date_time_new (zone, year, month, day, g_date_time_get_hour (held),
                           g_date_time_get_minute (held), g_date_time_get_seconds (held));

  return moved ? g_date_time_format (moved, "%Y-%m-%dT%H:%M:%S%:z") : NULL;
}

static void
carry_session (Opening    *op,
               JsonObject *doc)
{
  JsonObject *copy = derive_document (op, doc);
  const char *times[] = { "starts_at", "ends_at" };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *moved = move_time (op, acc_document_get_string (doc, times[i]));

      if (moved != NULL)
        json_object_set_string_member (copy, times[i], moved);
    }
}

/* A group with the instructor it has now. */
static gboolean
carry_group (Opening     *op,
             AccStore    *source,
             JsonObject  *doc,
             GError     **error)
{
  g_autoptr(AccGroupRow) row = acc_store_get_group (source, acc_document_get_string (doc, "_id"),
                                                    error);
  JsonObject *copy;
  g_autofree char *instructor = NULL;

  if (row == NULL)
    return FALSE;

  copy = derive_document (op, doc);
  if (row->instructor_id != NULL)
    instructor = acc_uuid_derive (row->instructor_id, op->date);
  acc_document_set_string_or_null (copy, "instructor_id", instructor);
  return TRUE;
}

/* Whether @doc is an enrollment of a course that still runs on the new date. */
static gboolean
runs_on (Opening    *op,
         JsonObject *doc)
{
  const char *first = acc_document_get_string (doc, "course_first_day");
  const char *last = acc_document_get_string (doc, "course_last_day");

  return acc_days_date_is_valid (first) && acc_days_date_is_valid (last) &&
         g_strcmp0 (acc_document_get_string (doc, "status"), "cancelled") != 0 &&
         strcmp (first, op->date) <= 0 && strcmp (op->date, last) <= 0;
}

static void
want (Opening    *op,
      JsonObject *doc,
      const char *member)
{
  const char *id = acc_document_get_string (doc, member);

  if (id != NULL)
    g_hash_table_add (op->wanted, g_strdup (id));
}

/* An enrollment of a course that goes on, in the group it is in now. */
static gboolean
carry_enrollment (Opening     *op,
                  AccStore    *source,
                  JsonObject  *doc,
                  GError     **error)
{
  const char *id = acc_document_get_string (doc, "_id");
  g_autoptr(AccEnrollmentRow) row = acc_store_get_enrollment (source, id, error);
  g_autofree char *group = NULL;
  JsonObject *copy;

  if (row == NULL)
    return FALSE;

  copy = derive_document (op, doc);
  if (row->group_id != NULL)
    group = acc_uuid_derive (row->group_id, op->date);
  acc_document_set_string_or_null (copy, "planned_group_id", group);
  json_object_set_string_member (copy, "status", "booked");

  want (op, doc, "participant_id");
  want (op, doc, "booking_id");
  if (row->participant_id != NULL && !g_hash_table_contains (op->rows, row->participant_id))
    {
      char *participant = g_strdup (row->participant_id);

      g_hash_table_insert (op->rows, participant, g_steal_pointer (&row));
    }
  return TRUE;
}

static void
set_text (JsonObject *doc,
          const char *member,
          const char *value)
{
  if (value != NULL)
    json_object_set_string_member (doc, member, value);
}

/* A participant as the desk knows them now: a placeholder's name given, a level corrected,
 * allergies added at the desk. */
static void
carry_participant (Opening    *op,
                   JsonObject *doc)
{
  JsonObject *copy = derive_document (op, doc);
  AccEnrollmentRow *row = g_hash_table_lookup (op->rows, acc_document_get_string (doc, "_id"));
  g_autofree char *level = NULL;

  if (row == NULL)
    return;

  set_text (copy, "first_name", row->first_name);
  set_text (copy, "last_name", row->last_name);
  set_text (copy, "allergies", row->allergies);
  set_text (copy, "medical_notes", row->medical_notes);
  set_text (copy, "emergency_phone", row->emergency_phone);
  if (row->birth_year > 0)
    json_object_set_int_member (copy, "birth_year", row->birth_year);
  if (row->declared_level_id != NULL)
    {
      level = acc_uuid_derive (row->declared_level_id, op->date);
      json_object_set_string_member (copy, "level_id", level);
    }
  json_object_set_boolean_member (copy, "placeholder", row->placeholder);
  {
    JsonArray *pickup = json_array_new ();

    for (guint i = 0; row->pickup_adults[i] != NULL; i++)
      json_array_add_string_element (pickup, row->pickup_adults[i]);
    json_object_set_array_member (copy, "pickup_adults", pickup);
  }
}

static gboolean
carry_planning (Opening   *op,
                AccStore  *source,
                GError   **error)
{
  GHashTableIter iter;
  gpointer value;

  /* What every lesson needs, then the enrollments, which say which people come along. */
  g_hash_table_iter_init (&iter, op->docs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      JsonObject *doc = value;
      const char *type = acc_document_get_string (doc, "type");

      if (g_strcmp0 (type, "school") == 0 || g_strcmp0 (type, "level") == 0 ||
          g_strcmp0 (type, "meeting_point") == 0 || g_strcmp0 (type, "instructor") == 0)
        derive_document (op, doc);
      else if (g_strcmp0 (type, "session") == 0)
        carry_session (op, doc);
      else if (g_strcmp0 (type, "group") == 0 && !carry_group (op, source, doc, error))
        return FALSE;
      else if (g_strcmp0 (type, "enrollment") == 0 && runs_on (op, doc) &&
               !carry_enrollment (op, source, doc, error))
        return FALSE;
    }

  /* The bookings' payers come with the bookings. */
  g_hash_table_iter_init (&iter, op->docs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (acc_document_get_string (value, "type"), "booking") == 0 &&
        g_hash_table_contains (op->wanted, acc_document_get_string (value, "_id")))
      want (op, value, "customer_id");

  g_hash_table_iter_init (&iter, op->docs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      JsonObject *doc = value;
      const char *type = acc_document_get_string (doc, "type");

      if (!g_hash_table_contains (op->wanted, acc_document_get_string (doc, "_id")))
        continue;
      if (g_strcmp0 (type, "participant") == 0)
        carry_participant (op, doc);
      else if (g_strcmp0 (type, "booking") == 0 || g_strcmp0 (type, "customer") == 0)
        derive_document (op, doc);
    }
  return TRUE;
}

/* The time zone the school's document names, if any. */
static GTimeZone *
school_zone (Opening *op)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, op->docs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (acc_document_get_string (value, "type"), "school") == 0)
      {
        const char *name = acc_document_get_string (value, "timezone");
        GTimeZone *zone = name ? g_time_zone_new_identifier (name) : NULL;

        if (zone != NULL)
          return zone;
      }
  return NULL;
}

static gboolean
check_opening (AccStore    *target,
               AccStore    *source,
               const char  *date,
               char       **school,
               GError     **error)
{
  g_autofree char *held_day = acc_store_dup_day (source);
  gint64 update_seq, doc_count, del_count;

  if (!acc_days_date_is_valid (date))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("“%s” is not a day written YYYY-MM-DD"), date);
      return FALSE;
    }
  if (g_strcmp0 (held_day, date) == 0)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("The held day is already %s: open another day from it"), date);
      return FALSE;
    }
  *school = acc_peer_server_dup_school_id (source);
  if (*school == NULL)
    {
      g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID,
                           _("The held day does not say which school it belongs to, so the "
                             "new day could not be named: sync it once with the cloud, or "
                             "make it with accueil-cli demo --school"));
      return FALSE;
    }
  if (!acc_store_get_update_seq (target, &update_seq, &doc_count, &del_count, error))
    return FALSE;
  if (doc_count + del_count > 0)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("The new day’s file already holds documents: a day is opened into an "
                     "empty file"));
      return FALSE;
    }
  return TRUE;
}

/**
 * acc_day_open_from:
 * @target: the new day's store, empty
 * @source: a held day of the school
 * @date: the new day, YYYY-MM-DD
 * @n_written: (out) (optional): how many documents the new day received
 *
 * Opens the day @date in @target from the held day @source: its school's reference data,
 * sessions, groups and the enrollments of courses that go on that day (see the notes
 * above). The documents wait in @target's outbox for the cloud, whose database of the day
 * is made when it is missing.
 *
 * Returns: whether the day is open; if not, @target may hold part of it, and is to be
 *   deleted
 */
gboolean
acc_day_open_from (AccStore    *target,
                   AccStore    *source,
                   const char  *date,
                   guint       *n_written,
                   GError     **error)
{
  Opening op = { 0 };
  gboolean ok;
  g_autofree char *school = NULL;
  g_autofree char *name = NULL;
  g_autofree char *held_name = NULL;

  g_return_val_if_fail (ACC_IS_STORE (target) && ACC_IS_STORE (source), FALSE);

  if (!check_opening (target, source, date, &school, error))
    return FALSE;

  op.date = date;
  op.docs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) json_object_unref);
  op.rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) acc_enrollment_row_free);
  op.wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  op.written = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  name = acc_days_name (school, date);
  held_name = acc_peer_server_dup_day_name (source);
  ok = read_documents (&op, source, error);
  if (ok)
    {
      op.zone = school_zone (&op);
      ok = carry_planning (&op, source, error) &&
           acc_store_put_documents (target, (JsonObject **) op.written->pdata,
                                    op.written->len, ACC_PUT_PENDING, error) &&
           acc_store_set_day (target, date, error) &&
           acc_peer_server_keep_day_name (target, name, error) &&
           acc_store_set_meta (target, ACC_DAY_OPENED_FROM_KEY, held_name, error);
    }
  if (ok && n_written != NULL)
    *n_written = op.written->len;
  opening_clear (&op);
  return ok;
}
