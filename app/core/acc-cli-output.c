/* acc-cli-output.c: what accueil-cli prints: enrollments, the day's counts, JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "acc-cli-private.h"
#include "acc-peers.h"

/* One enrollment as find prints it: a line of tab-separated text. */
void
acc_cli_print_row (const AccEnrollmentRow *row)
{
  const char *state;

  if (row->status == ACC_ENROLLMENT_STATUS_CANCELLED)
    state = acc_enrollment_status_get_inline_label (row->status);
  else if (row->checked_in)
    state = _("checked in");
  else
    state = _("not checked in");

  g_print ("%s\t%s %s\t%s\t%s\t%s\t%s\t%s\n",
           row->booking_reference ? row->booking_reference : "?",
           row->first_name ? row->first_name : "", row->last_name ? row->last_name : "",
           row->session_title ? row->session_title : "",
           row->level_code ? row->level_code : "",
           row->group_label ? row->group_label : _("no group"),
           state, row->enrollment_id);
}

/* Adds the member @name: @value, or null when @value is %NULL. */
static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Adds the member @name: @value, or null when the value is not @known. */
static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                gint64       value,
                gboolean     known)
{
  json_builder_set_member_name (builder, name);
  if (known)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* The text members of an enrollment in JSON, in the order of texts[] in acc_cli_rows_to_json(). */
static const char * const row_text_members[] = {
  "id", "booking_id", "booking_reference", "participant_id", "first_name", "last_name",
  "payer", "session_id", "session_title", "starts_at", "group_id", "group_label",
  "level_code", "status",
};

/* Enrollments as find --json prints them: an array of objects. */
JsonNode *
acc_cli_rows_to_json (GPtrArray *rows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (rows, i);
      const char *texts[] = {
        row->enrollment_id, row->booking_id, row->booking_reference, row->participant_id,
        row->first_name, row->last_name, row->payer_name, row->session_id,
        row->session_title, row->starts_at, row->group_id, row->group_label, row->level_code,
        acc_enrollment_status_to_string (row->status),
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (texts) == G_N_ELEMENTS (row_text_members));

      json_builder_begin_object (builder);
      for (guint j = 0; j < G_N_ELEMENTS (texts); j++)
        add_string_member (builder, row_text_members[j], texts[j]);
      json_builder_set_member_name (builder, "checked_in");
      json_builder_add_boolean_value (builder, row->checked_in);
      json_builder_set_member_name (builder, "placeholder");
      json_builder_add_boolean_value (builder, row->placeholder);
      add_string_member (builder, "attendance", acc_attendance_to_string (row->attendance));
      add_int_member (builder, "conflicts", row->n_conflicts, TRUE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

/* Prints @node indented, on standard output. */
void
acc_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* The day's counts, last exchange and other desks as status --json prints them. */
void
acc_cli_print_status_json (const AccStoreStatus *status,
                           const char           *school,
                           const char           *school_id,
                           const char           *day,
                           const char           *last_sync,
                           const char           *last_error,
                           GPtrArray            *peers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_string_member (builder, "school", school);
  add_string_member (builder, "school_id", school_id);
  add_string_member (builder, "day", day);
  add_int_member (builder, "enrollments", status->enrollments, TRUE);
  add_int_member (builder, "checked_in", status->checked_in, TRUE);
  add_int_member (builder, "conflicts", status->conflicts, TRUE);
  add_int_member (builder, "pending", status->pending, TRUE);
  add_int_member (builder, "refused", status->refused, TRUE);
  add_int_member (builder, "unusable", status->unusable, TRUE);
  add_int_member (builder, "oldest_pending", status->oldest_pending,
                  status->oldest_pending != 0);
  add_int_member (builder, "last_sync", last_sync ? g_ascii_strtoll (last_sync, NULL, 10) : 0,
                  last_sync != NULL && *last_sync);
  add_string_member (builder, "last_error", last_error && *last_error ? last_error : NULL);
  json_builder_set_member_name (builder, "attendance");
  json_builder_begin_object (builder);
  for (guint i = 0; i < ACC_N_ATTENDANCE; i++)
    add_int_member (builder, acc_attendance_to_string (i), status->attendance[i], TRUE);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "peers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < peers->len; i++)
    {
      AccPeerExchange *peer = g_ptr_array_index (peers, i);

      json_builder_begin_object (builder);
      add_string_member (builder, "url", peer->url);
      add_int_member (builder, "last_exchange", peer->last_exchange, peer->last_exchange > 0);
      add_string_member (builder, "last_error", peer->last_error);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  acc_cli_print_json (root);
}

/* @seconds since 1970 as local time, or NULL for 0. */
char *
acc_cli_format_time (gint64 seconds)
{
  g_autoptr(GDateTime) when = seconds > 0 ? g_date_time_new_from_unix_local (seconds) : NULL;

  return when ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S") : NULL;
}
