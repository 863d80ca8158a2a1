/* acc-cli.c: accueil-cli, the headless tool for the school's IT and for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acc-class-list.h"
#include "acc-cli.h"
#include "acc-credentials.h"
#include "acc-demo.h"
#include "acc-document.h"
#include "acc-error.h"
#include "acc-store.h"
#include "acc-sync-engine.h"

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char  *name;
  const char  *args;
  const char  *summary;
  CommandFunc  func;
} Command;

static char *opt_db;

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_printerr ("accueil-cli: %s\n", message);
  if (context != NULL)
    g_printerr (_("Try “%s --help”.\n"), g_get_prgname ());
  return ACC_CLI_USAGE_ERROR;
}

static int
user_error (const GError *error)
{
  g_printerr ("accueil-cli: %s\n", error->message);
  return ACC_CLI_USER_ERROR;
}

static const GOptionEntry db_entry[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The day’s database file"), N_("FILE") },
  { NULL }
};

/* Describes a command that works on a day's database (@summary, and its own @entries besides
 * --db) and parses its options and its @min_args to @max_args arguments (-1: any number);
 * returns -1 to go on, or the exit code. */
static int
parse (GOptionContext      *context,
       const char          *summary,
       const GOptionEntry  *entries,
       int                 *argc,
       char              ***argv,
       int                  min_args,
       int                  max_args)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, db_entry, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    return usage_error (context, error->message);

  if (opt_db == NULL)
    return usage_error (context, _("--db FILE is required"));

  /* argv[0] is the command name. */
  if (*argc - 1 < min_args)
    return usage_error (context, _("Missing argument"));
  if (max_args >= 0 && *argc - 1 > max_args)
    return usage_error (context, _("Too many arguments"));

  return -1;
}

static AccStore *
open_store (GError **error)
{
  return acc_store_open (opt_db, ACC_STORE_OPEN_DEFAULT, error);
}

/* demo */

static void
remove_database (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

static gboolean
parse_date (const char *text)
{
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  return g_date_valid_dmy (atoi (text + 8), atoi (text + 5), atoi (text));
}

static int
cmd_demo (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) store = NULL;
  g_autoptr(AccDemo) demo = NULL;
  g_autofree char *date = NULL;
  int enrollments = 1500, seed = 1, rc;
  GOptionEntry entries[] = {
    { "enrollments", 'n', 0, G_OPTION_ARG_INT, &enrollments,
      N_("How many enrollments (default 1500)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, N_("The seed: the same seed gives the same day"),
      N_("S") },
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date, N_("The day (default today)"),
      N_("YYYY-MM-DD") },
    { NULL }
  };

  if ((rc = parse (context, _("Generate a demo school day into a new database."),
                   entries, &argc, &argv, 0, 0)) >= 0)
    return rc;

  if (enrollments < 1 || enrollments > 1000000)
    return usage_error (context, _("--enrollments must be between 1 and 1000000"));
  if (seed < 0)
    return usage_error (context, _("--seed must not be negative"));
  if (date == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      date = g_date_time_format (now, "%Y-%m-%d");
    }
  else if (!parse_date (date))
    return usage_error (context, _("--date must be a day written YYYY-MM-DD"));

  if (g_file_test (opt_db, G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("%s already exists: choose another file or remove it first"), opt_db);
      return user_error (error);
    }

  store = acc_store_open (opt_db, ACC_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    return user_error (error);

  demo = acc_demo_new ((guint32) seed, (guint) enrollments, date);
  if (!acc_demo_fill_store (demo, store, &error))
    {
      /* The file is new: a half-written demo day is of no use to anyone. */
      g_clear_object (&store);
      remove_database (opt_db);
      return user_error (error);
    }

  g_print (ngettext ("Created %s: a demo day of %d enrollment on %s.\n",
                     "Created %s: a demo day of %d enrollments on %s.\n", enrollments),
           opt_db, enrollments, date);
  return ACC_CLI_OK;
}

/* find */

static void
print_row (const AccEnrollmentRow *row)
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

static JsonNode *
rows_to_json (GPtrArray *rows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (rows, i);

#define STRING(name, value) \
  json_builder_set_member_name (builder, name); \
  if (value) json_builder_add_string_value (builder, value); \
  else json_builder_add_null_value (builder);

      json_builder_begin_object (builder);
      STRING ("id", row->enrollment_id);
      STRING ("booking_id", row->booking_id);
      STRING ("booking_reference", row->booking_reference);
      STRING ("participant_id", row->participant_id);
      STRING ("first_name", row->first_name);
      STRING ("last_name", row->last_name);
      STRING ("payer", row->payer_name);
      STRING ("session_id", row->session_id);
      STRING ("session_title", row->session_title);
      STRING ("starts_at", row->starts_at);
      STRING ("group_id", row->group_id);
      STRING ("group_label", row->group_label);
      STRING ("level_code", row->level_code);
      STRING ("status", acc_enrollment_status_to_string (row->status));
      json_builder_set_member_name (builder, "checked_in");
      json_builder_add_boolean_value (builder, row->checked_in);
      json_builder_set_member_name (builder, "placeholder");
      json_builder_add_boolean_value (builder, row->placeholder);
      STRING ("attendance", acc_attendance_to_string (row->attendance));
      json_builder_set_member_name (builder, "conflicts");
      json_builder_add_int_value (builder, row->n_conflicts);
      json_builder_end_object (builder);

#undef STRING
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static int
cmd_find (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("TEXT…"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;
  gboolean json = FALSE;
  int limit = 200, rc;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N results (default 200)"),
      N_("N") },
    { NULL }
  };

  if ((rc = parse (context,
                   _("Find enrollments by participant or payer name, booking "
                     "reference, or the last digits of a phone number, as the "
                     "desk’s search does."),
                   entries, &argc, &argv, 1, -1)) >= 0)
    return rc;
  if (limit < 1)
    return usage_error (context, _("--limit must be at least 1"));

  store = open_store (&error);
  if (store == NULL)
    return user_error (error);

  text = g_strjoinv (" ", argv + 1);
  rows = acc_store_search (store, text, (guint) limit, &error);
  if (rows == NULL)
    return user_error (error);

  if (json)
    {
      g_autoptr(JsonNode) node = rows_to_json (rows);
      print_json (node);
    }
  else
    for (guint i = 0; i < rows->len; i++)
      print_row (g_ptr_array_index (rows, i));

  return ACC_CLI_OK;
}

/* checkin */

static int
cmd_checkin (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ENROLLMENT_ID|BOOKING_REFERENCE…"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) store = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_enrollment_row_free);
  gboolean undo = FALSE;
  int rc;
  GOptionEntry entries[] = {
    { "undo", 0, 0, G_OPTION_ARG_NONE, &undo, N_("Undo the check-in"), NULL },
    { NULL }
  };

  if ((rc = parse (context, _("Check in enrollments, or every enrollment of a booking."),
                   entries, &argc, &argv, 1, -1)) >= 0)
    return rc;

  store = open_store (&error);
  if (store == NULL)
    return user_error (error);

  /* Resolve everything first: an unknown argument changes nothing. */
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(AccEnrollmentRow) enrollment = NULL;
      g_autofree char *booking_id = NULL;
      guint n_live = 0;

      enrollment = acc_store_get_enrollment (store, argv[i], &error);
      if (enrollment != NULL)
        {
          found = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_enrollment_row_free);
          g_ptr_array_add (found, g_steal_pointer (&enrollment));
        }
      else if (g_error_matches (error, ACC_ERROR, ACC_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          booking_id = acc_store_lookup_booking (store, argv[i], &error);
          if (booking_id == NULL)
            {
              g_clear_error (&error);
              g_set_error (&error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                           _("“%s” is neither an enrollment nor a booking reference of this "
                             "day"), argv[i]);
              return user_error (error);
            }
          found = acc_store_list_enrollments_of_booking (store, booking_id, &error);
        }
      if (found == NULL)
        return user_error (error);

      for (guint j = 0; j < found->len; j++)
        {
          AccEnrollmentRow *row = g_ptr_array_index (found, j);

          if (row->status == ACC_ENROLLMENT_STATUS_CANCELLED)
            continue;
          n_live++;
          if (!g_ptr_array_find_with_equal_func (ids, row->enrollment_id, g_str_equal, NULL))
            {
              g_ptr_array_add (ids, g_strdup (row->enrollment_id));
              g_ptr_array_add (rows, g_ptr_array_steal_index (found, j--));
            }
        }
      if (n_live == 0)
        {
          g_set_error (&error, ACC_ERROR, ACC_ERROR_INVALID, _("“%s” is cancelled"), argv[i]);
          return user_error (error);
        }
    }

  g_ptr_array_add (ids, NULL);
  if (!acc_store_check_in (store, (const char * const *) ids->pdata, !undo, &error))
    return user_error (error);

  for (guint i = 0; i < rows->len; i++)
    {
      AccEnrollmentRow *row = g_ptr_array_index (rows, i);

      g_print (undo ? _("Check-in undone: %s %s, %s\n") : _("Checked in: %s %s, %s\n"),
               row->first_name, row->last_name, row->session_title);
    }

  return ACC_CLI_OK;
}

/* assign */

static int
cmd_assign (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ENROLLMENT_ID GROUP_ID"));
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) store = NULL;
  g_autofree char *reason = NULL;
  int rc;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the participant is moved"),
      N_("TEXT") },
    { NULL }
  };

  if ((rc = parse (context, _("Place an enrollment in a group of its session."),
                   entries, &argc, &argv, 2, 2)) >= 0)
    return rc;

  store = open_store (&error);
  if (store == NULL)
    return user_error (error);

  if (!acc_store_assign_group (store, argv[1], argv[2], reason, &error))
    return user_error (error);

  g_print (_("Enrollment %s placed in group %s.\n"), argv[1], argv[2]);
  return ACC_CLI_OK;
}

/* status */

static int
cmd_status (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) store = NULL;
  g_autofree char *school = NULL, *day = NULL, *last_sync = NULL, *last_error = NULL;
  AccStoreStatus status;
  gboolean json = FALSE;
  int rc;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  if ((rc = parse (context, _("Show the day’s counts and what waits to be sent."),
                   entries, &argc, &argv, 0, 0)) >= 0)
    return rc;

  store = open_store (&error);
  if (store == NULL || !acc_store_get_status (store, &status, &error))
    return user_error (error);

  school = acc_store_dup_school_name (store);
  day = acc_store_dup_day (store);
  last_sync = acc_store_dup_meta (store, "sync-last-success");
  last_error = acc_store_dup_meta (store, "sync-last-error");

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "school");
      json_builder_add_string_value (builder, school);
      json_builder_set_member_name (builder, "day");
      json_builder_add_string_value (builder, day);
      json_builder_set_member_name (builder, "enrollments");
      json_builder_add_int_value (builder, status.enrollments);
      json_builder_set_member_name (builder, "checked_in");
      json_builder_add_int_value (builder, status.checked_in);
      json_builder_set_member_name (builder, "conflicts");
      json_builder_add_int_value (builder, status.conflicts);
      json_builder_set_member_name (builder, "pending");
      json_builder_add_int_value (builder, status.pending);
      json_builder_set_member_name (builder, "refused");
      json_builder_add_int_value (builder, status.refused);
      json_builder_set_member_name (builder, "unusable");
      json_builder_add_int_value (builder, status.unusable);
      json_builder_set_member_name (builder, "oldest_pending");
      if (status.oldest_pending)
        json_builder_add_int_value (builder, status.oldest_pending);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "last_sync");
      if (last_sync != NULL && *last_sync)
        json_builder_add_int_value (builder, g_ascii_strtoll (last_sync, NULL, 10));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "last_error");
      if (last_error != NULL && *last_error)
        json_builder_add_string_value (builder, last_error);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "attendance");
      json_builder_begin_object (builder);
      for (guint i = 0; i < ACC_N_ATTENDANCE; i++)
        {
          json_builder_set_member_name (builder, acc_attendance_to_string (i));
          json_builder_add_int_value (builder, status.attendance[i]);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
      return ACC_CLI_OK;
    }

  g_print (_("School: %s\n"), school ? school : _("unknown"));
  g_print (_("Day: %s\n"), day ? day : _("unknown"));
  g_print (_("Enrollments: %u\n"), status.enrollments);
  g_print (_("Checked in: %u\n"), status.checked_in);
  g_print (_("Conflicts to review: %u\n"), status.conflicts);
  if (status.pending > 0)
    {
      gint64 age = g_get_real_time () / G_USEC_PER_SEC - status.oldest_pending;
      g_print (_("Waiting to be sent: %u (the oldest for %u min)\n"),
               status.pending, (guint) (MAX (age, 0) / 60));
    }
  else
    g_print (_("Waiting to be sent: 0\n"));
  if (last_sync != NULL && *last_sync)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (g_ascii_strtoll (last_sync, NULL, 10));
      g_autofree char *text = g_date_time_format (when, "%Y-%m-%d %H:%M:%S");
      g_print (_("Last exchange with the cloud: %s\n"), text);
    }
  else
    g_print (_("Last exchange with the cloud: never\n"));
  if (last_error != NULL && *last_error)
    g_print (_("Last problem: %s\n"), last_error);
  if (status.refused > 0)
    g_print (_("Refused by the server, kept here for review: %u\n"), status.refused);
  if (status.unusable > 0)
    g_print (_("Received but unusable, kept here for review: %u\n"), status.unusable);
  g_print (_("Attendance:"));
  for (guint i = 0; i < ACC_N_ATTENDANCE; i++)
    g_print (" %s %u%s", acc_attendance_get_inline_label (i), status.attendance[i],
             i + 1 < ACC_N_ATTENDANCE ? "," : "\n");

  return ACC_CLI_OK;
}

/* export */

static int
cmd_export (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) store = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) group_ids = NULL;
  int rc;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("json, csv or pdf"), N_("FORMAT") },
    { "group", 'g', 0, G_OPTION_ARG_STRING_ARRAY, &group_ids,
      N_("A group whose class list to print (repeatable; pdf only; default: every group of "
         "the day)"), N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The PDF file to write (pdf only)"), N_("FILE") },
    { NULL }
  };

  if ((rc = parse (context,
                   _("Print the day’s derived state, sorted by id: two replicas "
                     "that hold the same documents print the same bytes.\n"
                     "With --format pdf, write the printed class lists instead: "
                     "one page per group, names and levels only."),
                   entries, &argc, &argv, 0, 0)) >= 0)
    return rc;
  if (g_strcmp0 (format, "json") != 0 && g_strcmp0 (format, "csv") != 0 &&
      g_strcmp0 (format, "pdf") != 0)
    return usage_error (context, _("--format must be json, csv or pdf"));
  if (g_str_equal (format, "pdf") && output == NULL)
    return usage_error (context, _("--format pdf needs --output FILE"));
  if (!g_str_equal (format, "pdf") && (output != NULL || group_ids != NULL))
    return usage_error (context, _("--group and --output go with --format pdf only"));

  store = open_store (&error);
  if (store == NULL)
    return user_error (error);

  if (g_str_equal (format, "json"))
    {
      g_autoptr(JsonNode) root = acc_store_export_json (store, &error);

      if (root == NULL)
        return user_error (error);
      print_json (root);
    }
  else if (g_str_equal (format, "csv"))
    {
      g_autofree char *csv = acc_store_export_csv (store, &error);

      if (csv == NULL)
        return user_error (error);
      fputs (csv, stdout);
    }
  else
    {
      if (group_ids == NULL)
        {
          g_autoptr(GPtrArray) groups = acc_store_list_groups (store, NULL, &error);
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          if (groups == NULL)
            return user_error (error);
          for (guint i = 0; i < groups->len; i++)
            g_strv_builder_add (builder, ((AccGroupRow *) g_ptr_array_index (groups, i))->id);
          group_ids = g_strv_builder_end (builder);
        }

      if (!acc_class_list_write_pdf (store, (const char * const *) group_ids, output, &error))
        return user_error (error);
    }

  return ACC_CLI_OK;
}

/* sync and publish */

typedef struct
{
  GMainLoop *loop;
  GError    *error;
} Waiter;

static void
on_run_finished (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Waiter *waiter = user_data;

  acc_sync_engine_run_finish (ACC_SYNC_ENGINE (source), result, &waiter->error);
  g_main_loop_quit (waiter->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_last_error (AccSyncEngine *engine)
{
  const char *message = acc_sync_engine_get_last_error (engine);

  if (message != NULL)
    g_printerr ("accueil-cli: %s\n", message);
}

static void
on_progress (AccSyncEngine *engine)
{
  if (acc_sync_engine_get_state (engine) == ACC_SYNC_ONLINE)
    g_print (_("Up to date with %s: %u received, %u sent.\n"), acc_sync_engine_get_url (engine),
             acc_sync_engine_get_received (engine), acc_sync_engine_get_sent (engine));
}

/* The day of a database named <school>-<YYYY-MM-DD>, for a replica created empty. */
static void
set_day_from_url (AccStore   *store,
                  const char *url)
{
  g_autofree char *day = acc_store_dup_day (store);
  gsize len = strlen (url);

  while (len > 0 && url[len - 1] == '/')
    len--;
  if (day == NULL && len >= 10)
    {
      g_autofree char *tail = g_strndup (url + len - 10, 10);

      if (parse_date (tail))
        acc_store_set_day (store, tail, NULL);
    }
}

static int
run_engine (int          argc,
            char       **argv,
            AccSyncMode  mode)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) store = NULL;
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = NULL;
  gboolean once = FALSE, continuous = FALSE, allow_http = FALSE, cookie = FALSE;
  Waiter waiter = { 0 };
  const char *summary;
  int rc;
  GOptionEntry sync_entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The cloud database, http(s)://host/school-day"),
      N_("URL") },
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, N_("Exchange once, then stop (the default)"), NULL },
    { "continuous", 0, 0, G_OPTION_ARG_NONE, &continuous,
      N_("Keep exchanging until interrupted"), NULL },
    { "allow-http", 0, 0, G_OPTION_ARG_NONE, &allow_http,
      N_("Allow unencrypted http:// to another computer"), NULL },
    { "cookie-auth", 0, 0, G_OPTION_ARG_NONE, &cookie,
      N_("Sign in once with a session cookie instead of basic authentication"), NULL },
    { NULL }
  };

  if (mode == ACC_SYNC_PUBLISH)
    {
      /* publish has neither --once nor --continuous. */
      sync_entries[1] = sync_entries[3];
      sync_entries[2] = sync_entries[4];
      sync_entries[3] = sync_entries[5];
      summary = _("Send every document of a day to a cloud database, creating it when "
                  "missing: how a desk re-seeds a destroyed cloud.");
    }
  else
    summary = _("Receive the day from the cloud and send this desk’s changes; creates the "
                "database file when it does not exist.");

  if ((rc = parse (context, summary, sync_entries, &argc, &argv, 0, 0)) >= 0)
    return rc;
  if (url == NULL)
    return usage_error (context, _("--url URL is required"));
  if (once && continuous)
    return usage_error (context, _("--once and --continuous exclude each other"));

  store = acc_store_open (opt_db, mode == ACC_SYNC_PUBLISH ? ACC_STORE_OPEN_DEFAULT
                                                          : ACC_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    return user_error (error);

  engine = acc_sync_engine_new (store, url,
                                (allow_http ? ACC_SYNC_FLAGS_ALLOW_INSECURE : 0) |
                                (cookie ? ACC_SYNC_FLAGS_COOKIE_AUTH : 0),
                                &error);
  if (engine == NULL)
    return user_error (error);
  set_day_from_url (store, url);

  loop = g_main_loop_new (NULL, FALSE);
  if (continuous)
    {
      g_signal_connect (engine, "notify::last-error", G_CALLBACK (on_last_error), NULL);
      g_signal_connect (engine, "notify::state", G_CALLBACK (on_progress), NULL);
      g_unix_signal_add (SIGINT, on_signal, loop);
      g_unix_signal_add (SIGTERM, on_signal, loop);
      acc_sync_engine_start (engine);
      g_main_loop_run (loop);
      acc_sync_engine_stop (engine);
      return ACC_CLI_OK;
    }

  waiter.loop = loop;
  acc_sync_engine_run_async (engine, mode, NULL, on_run_finished, &waiter);
  g_main_loop_run (loop);
  if (waiter.error != NULL)
    {
      rc = user_error (waiter.error);
      g_clear_error (&waiter.error);
      return rc;
    }

  on_progress (engine);
  return ACC_CLI_OK;
}

static int
cmd_sync (int    argc,
          char **argv)
{
  return run_engine (argc, argv, ACC_SYNC_PULL_PUSH);
}

static int
cmd_publish (int    argc,
             char **argv)
{
  return run_engine (argc, argv, ACC_SYNC_PUBLISH);
}

/* login */

static int
cmd_login (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL, *user = NULL, *server = NULL;
  char password[1024];
  gsize length;
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The cloud server or database"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("The desk’s user on the server"),
      N_("NAME") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Keep the desk’s password for a cloud server, read from "
                                  "standard input: in the secret service, or else in a file "
                                  "only this user can read. Never in the settings."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (url == NULL || user == NULL)
    return usage_error (context, _("--url URL and --user NAME are required"));
  if (argc > 1)
    return usage_error (context, _("Too many arguments"));

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_set_error (&error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("“%s” is not the address of a cloud server"), url);
      return user_error (error);
    }
  server = g_uri_get_port (uri) > 0
           ? g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), g_uri_get_host (uri),
                              g_uri_get_port (uri))
           : g_strdup_printf ("%s://%s", g_uri_get_scheme (uri), g_uri_get_host (uri));

  if (fgets (password, sizeof password, stdin) == NULL)
    {
      g_set_error (&error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("No password on standard input"));
      return user_error (error);
    }
  length = strcspn (password, "\r\n");
  password[length] = '\0';

  if (!acc_credentials_store (server, user, password, &error))
    {
      memset (password, 0, sizeof password);
      return user_error (error);
    }
  memset (password, 0, sizeof password);

  g_print (_("The password of %s on %s is kept.\n"), user, server);
  return ACC_CLI_OK;
}

static const Command commands[] = {
  { "demo", "--db FILE [--enrollments N] [--seed S] [--date YYYY-MM-DD]",
    N_("Generate a demo school day"), cmd_demo },
  { "find", "--db FILE TEXT", N_("Search as the desk does"), cmd_find },
  { "checkin", "--db FILE [--undo] ENROLLMENT_ID|BOOKING_REFERENCE…",
    N_("Check in enrollments or bookings"), cmd_checkin },
  { "assign", "--db FILE ENROLLMENT_ID GROUP_ID [--reason TEXT]",
    N_("Place an enrollment in a group"), cmd_assign },
  { "status", "--db FILE [--json]", N_("Show the day’s counts"), cmd_status },
  { "export", "--db FILE --format json|csv|pdf [--group ID…] [--output FILE]",
    N_("Print the derived state, or the class lists as a PDF"), cmd_export },
  { "sync", "--db FILE --url URL [--once|--continuous]",
    N_("Exchange documents with the cloud"), cmd_sync },
  { "publish", "--db FILE --url URL", N_("Send the whole day to a cloud database"),
    cmd_publish },
  { "login", "--url URL --user NAME  (password on standard input)",
    N_("Keep the password for a cloud server"), cmd_login },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n  accueil-cli %s\n\n%s\n", _("Usage:"), _("COMMAND [OPTION…]"),
           _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-8s %s\n           %s\n", commands[i].name, _(commands[i].summary),
             commands[i].args);
  fprintf (out, "\n%s\n", _("“accueil-cli COMMAND --help” describes a command."));
}

/**
 * acc_cli_run:
 *
 * Returns: 0 on success, 1 on a user error (with a one-line message on standard error), 2 on
 *   a usage error.
 */
int
acc_cli_run (int    argc,
             char **argv)
{
  if (argc < 2)
    {
      print_usage (stderr);
      return ACC_CLI_USAGE_ERROR;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return ACC_CLI_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("accueil-cli %s\n", PACKAGE_VERSION);
      return ACC_CLI_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("accueil-cli %s", commands[i].name);
        int rc;

        g_set_prgname (prgname);
        rc = commands[i].func (argc - 1, argv + 1);
        g_clear_pointer (&opt_db, g_free);
        return rc;
      }

  g_printerr (_("accueil-cli: unknown command “%s”\n"), argv[1]);
  print_usage (stderr);
  return ACC_CLI_USAGE_ERROR;
}
