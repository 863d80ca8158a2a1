/* acc-cli.c: accueil-cli, the headless tool for the school's IT and for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Why one file of this size: every command reads its options from the one static `opt`
 * struct that GOption fills, and run_command() parses, checks and opens the store the same way
 * for all of them. The printing is already apart (acc-cli-output.c). The next cut is known:
 * move `opt` and run_command() into acc-cli-private.h, then give each group of commands (the
 * day, the cloud, the days held, walk-ins and vouchers, the peers) a file of its own. */
#define G_LOG_DOMAIN "accueil-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acc-class-list.h"
#include "acc-cli.h"
#include "acc-cli-private.h"
#include "acc-credentials.h"
#include "acc-day-opening.h"
#include "acc-days.h"
#include "acc-demo.h"
#include "acc-desk-identity.h"
#include "acc-document.h"
#include "acc-error.h"
#include "acc-held-days.h"
#include "acc-json-text.h"
#include "acc-now.h"
#include "acc-pairing.h"
#include "acc-peer-server.h"
#include "acc-peers.h"
#include "acc-store.h"
#include "acc-sync-engine.h"
#include "acc-voucher.h"
#include "acc-walkin.h"

/* What a command runs with: its parsed options are in opt. */
typedef struct
{
  GOptionContext  *context;
  AccStore        *store;   /* The day's store, for a command that opens it. */
  int              argc;    /* argv[0] is the command name. */
  char           **argv;
} Call;

typedef enum
{
  DB_NONE,          /* No --db. */
  DB_FILE,          /* --db FILE, which the command opens itself. */
  DB_STORE,         /* --db FILE, opened before the command runs. */
  DB_STORE_CREATE,  /* Likewise, created when it does not exist. */
  DB_STORE_OR_DIR,  /* --db FILE as DB_STORE_CREATE, or --dir DIR, a folder of days. */
  DB_FILE_OR_DIR,   /* --db FILE as DB_FILE, or --dir DIR, a folder of days. */
} DbUse;

typedef struct
{
  const char          *name;
  const char          *args;        /* For the list of commands. */
  const char          *summary;     /* Likewise. */
  const char          *parameters;  /* For the command's --help, after its options. */
  const char          *description; /* Likewise, above them. */
  const GOptionEntry  *entries;
  const GOptionEntry  *more_entries; /* Nullable: entries shared with other commands. */
  int                  min_args;
  int                  max_args;    /* -1: any number. */
  DbUse                db;
  /* Checks the options that parsing cannot, and gives those that need it their default:
   * returns a usage error, or NULL. */
  const char        *(*check)       (void);
  int                (*func)        (Call *call);
} Command;

/* The options of every command: a command reads those its entries name. */
static struct
{
  char      *db;
  gboolean   json;
  int        limit;
  gboolean   undo;
  char      *reason;
  int        enrollments;
  int        seed;
  char      *date;
  char      *school;
  char      *format;
  char     **group_ids;
  char      *output;
  char      *url;
  gboolean   once;
  gboolean   continuous;
  gboolean   allow_http;
  gboolean   cookie;
  char      *user;
  int        port;
  char      *bind;
  char      *name;
  char      *certificate;
  char      *key;
  char      *dir;
  int        days;
  char      *from;
  char      *booking;
  char      *walkin;
} opt;

static void
reset_options (void)
{
  g_free (opt.db);
  g_free (opt.reason);
  g_free (opt.date);
  g_free (opt.school);
  g_free (opt.format);
  g_strfreev (opt.group_ids);
  g_free (opt.output);
  g_free (opt.url);
  g_free (opt.user);
  g_free (opt.bind);
  g_free (opt.name);
  g_free (opt.certificate);
  g_free (opt.key);
  g_free (opt.dir);
  g_free (opt.from);
  g_free (opt.booking);
  g_free (opt.walkin);
  memset (&opt, 0, sizeof opt);
  opt.days = -1;
  opt.port = -1;
  opt.limit = 200;
  opt.enrollments = 1500;
  opt.seed = 1;
}

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
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt.db, N_("The day’s database file"), N_("FILE") },
  { NULL }
};

/* Whether --dir DIR may stand for --db FILE. */
static gboolean
takes_dir (DbUse db)
{
  return db == DB_STORE_OR_DIR || db == DB_FILE_OR_DIR;
}

/* Parses the options and arguments of @command, checks them and opens its store, then runs
 * it: what every command does first, in the same order, with the same exit codes. */
static int
run_command (const Command  *command,
             int             argc,
             char          **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) store = NULL;
  const char *problem;
  Call call;

  context = g_option_context_new (command->parameters ? _(command->parameters) : NULL);
  g_option_context_set_summary (context, _(command->description));
  g_option_context_add_main_entries (context, command->entries, GETTEXT_PACKAGE);
  if (command->more_entries != NULL)
    g_option_context_add_main_entries (context, command->more_entries, GETTEXT_PACKAGE);
  if (command->db != DB_NONE)
    g_option_context_add_main_entries (context, db_entry, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);

  if (takes_dir (command->db) && (opt.db == NULL) == (opt.dir == NULL))
    return usage_error (context, _("Give one of --db FILE and --dir DIR"));
  if (command->db != DB_NONE && !takes_dir (command->db) && opt.db == NULL)
    return usage_error (context, _("--db FILE is required"));
  if (argc - 1 < command->min_args)
    return usage_error (context, _("Missing argument"));
  if (command->max_args >= 0 && argc - 1 > command->max_args)
    return usage_error (context, _("Too many arguments"));
  if (command->check != NULL && (problem = command->check ()) != NULL)
    return usage_error (context, problem);

  if (command->db == DB_STORE || command->db == DB_STORE_CREATE ||
      (command->db == DB_STORE_OR_DIR && opt.db != NULL))
    {
      store = acc_store_open (opt.db, command->db == DB_STORE ? ACC_STORE_OPEN_DEFAULT
                                                             : ACC_STORE_OPEN_CREATE,
                              &error);
      if (store == NULL)
        return user_error (error);
    }

  call = (Call) { context, store, argc, argv };
  return command->func (&call);
}

/* demo */

#define DEMO_DAYS_DEFAULT 7 /* A week. */

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

static const GOptionEntry demo_entries[] = {
  { "enrollments", 'n', 0, G_OPTION_ARG_INT, &opt.enrollments,
    N_("How many enrollments (default 1500)"), N_("N") },
  { "seed", 's', 0, G_OPTION_ARG_INT, &opt.seed, N_("The seed: the same seed gives the same day"),
    N_("S") },
  { "date", 'd', 0, G_OPTION_ARG_STRING, &opt.date, N_("The day (default today)"),
    N_("YYYY-MM-DD") },
  { "school", 0, 0, G_OPTION_ARG_STRING, &opt.school,
    N_("The school’s id, which names its days (default demo)"), N_("ID") },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt.dir,
    N_("Instead of --db, write days from --date into this folder, a new file "
       "SCHOOL-YYYY-MM-DD.db each: the same families of the week’s courses every day, in the "
       "same groups, and others for one day"), N_("DIR") },
  { "days", 0, 0, G_OPTION_ARG_INT, &opt.days,
    N_("With --dir: how many days, 1 to 31 (default 7), of --enrollments each; a course "
       "lasts six at least"), N_("N") },
  { NULL }
};

/* --days, which goes with --dir and has a default there. */
static const char *
check_demo_days (void)
{
  if (opt.dir == NULL)
    return opt.days >= 0 ? _("--days goes with --dir") : NULL;
  if (opt.days < 0)
    opt.days = DEMO_DAYS_DEFAULT;
  if (opt.days < 1 || opt.days > 31)
    return _("--days must be between 1 and 31");
  return NULL;
}

static const char *
check_demo (void)
{
  g_autofree char *name = NULL;
  const char *problem;

  if (opt.enrollments < 1 || opt.enrollments > 1000000)
    return _("--enrollments must be between 1 and 1000000");
  if (opt.seed < 0)
    return _("--seed must not be negative");
  if (opt.date != NULL && !parse_date (opt.date))
    return _("--date must be a day written YYYY-MM-DD");
  if ((problem = check_demo_days ()) != NULL)
    return problem;

  if (opt.date == NULL)
    {
      g_autoptr(GDateTime) now = acc_now_local ();
      opt.date = g_date_time_format (now, "%Y-%m-%d");
    }
  if (opt.school == NULL)
    opt.school = g_strdup ("demo");
  name = acc_days_name (opt.school, opt.date);
  if (!acc_peer_server_name_is_valid (name) ||
      strspn (opt.school, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen (opt.school))
    return _("--school must be lowercase letters, digits and dashes, starting with a letter");
  return NULL;
}

/* Writes @demo's day into the new file @path, under the name the cloud gives its database. A
 * file left half-written is removed: a half-written demo day is of no use to anyone. */
static gboolean
write_demo_day (AccDemo     *demo,
                const char  *path,
                const char  *date,
                GError     **error)
{
  g_autoptr(AccStore) store = acc_store_open (path, ACC_STORE_OPEN_CREATE, error);
  g_autofree char *name = acc_days_name (opt.school, date);

  if (store != NULL && acc_demo_fill_store (demo, store, error) &&
      acc_peer_server_keep_day_name (store, name, error))
    return TRUE;

  g_clear_object (&store);
  acc_days_remove_file (path);
  return FALSE;
}

static void
print_demo_day (const char *path,
                const char *date)
{
  g_print (ngettext ("Created %s: a demo day of %d enrollment on %s.\n",
                     "Created %s: a demo day of %d enrollments on %s.\n", opt.enrollments),
           path, opt.enrollments, date);
}

/* demo --db: one day. */
static int
cmd_demo_day (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccDemo) demo = acc_demo_new ((guint32) opt.seed, (guint) opt.enrollments,
                                          opt.date);

  if (g_file_test (opt.db, G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("%s already exists: choose another file or remove it first"), opt.db);
      return user_error (error);
    }

  if (!write_demo_day (demo, opt.db, opt.date, &error))
    return user_error (error);

  print_demo_day (opt.db, opt.date);
  return ACC_CLI_OK;
}

/* The files of the week's days in opt.dir, into @paths, and their dates into @dates; FALSE
 * with @error set when one already exists. */
static gboolean
list_demo_week (GPtrArray  *dates,
                GPtrArray  *paths,
                GError    **error)
{
  for (int i = 0; i < opt.days; i++)
    {
      char *date = acc_days_add (opt.date, i);
      char *path;

      if (date == NULL)
        {
          g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                       _("The days from %s would end after the year 9999"), opt.date);
          return FALSE;
        }
      path = acc_days_path (opt.dir, opt.school, date);
      g_ptr_array_add (dates, date);
      g_ptr_array_add (paths, path);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                       _("%s already exists: choose another folder or remove it first"), path);
          return FALSE;
        }
    }

  return TRUE;
}

/* demo --dir: the days of a week, one file each; all of them or none, since a week with a day
 * missing would pass for a week. */
static int
cmd_demo_week (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  gboolean made_dir = !g_file_test (opt.dir, G_FILE_TEST_EXISTS);
  guint written;

  if (!list_demo_week (dates, paths, &error))
    return user_error (error);

  if (g_mkdir_with_parents (opt.dir, 0700) != 0)
    {
      g_set_error (&error, ACC_ERROR, ACC_ERROR_IO, _("Cannot create the folder %s: %s"),
                   opt.dir, g_strerror (errno));
      return user_error (error);
    }

  for (written = 0; written < dates->len; written++)
    {
      g_autoptr(AccDemo) demo = acc_demo_new_week_day ((guint32) opt.seed,
                                                       (guint) opt.enrollments, opt.date,
                                                       (guint) opt.days, written);

      if (!write_demo_day (demo, g_ptr_array_index (paths, written),
                           g_ptr_array_index (dates, written), &error))
        break;
    }

  if (written < dates->len)
    {
      for (guint i = 0; i < written; i++)
        acc_days_remove_file (g_ptr_array_index (paths, i));
      if (made_dir)
        g_rmdir (opt.dir);
      return user_error (error);
    }

  for (guint i = 0; i < dates->len; i++)
    print_demo_day (g_ptr_array_index (paths, i), g_ptr_array_index (dates, i));
  return ACC_CLI_OK;
}

static int
cmd_demo (Call *call)
{
  return opt.dir != NULL ? cmd_demo_week () : cmd_demo_day ();
}

/* find */

static const GOptionEntry find_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt.json, N_("Print JSON"), NULL },
  { "limit", 0, 0, G_OPTION_ARG_INT, &opt.limit, N_("At most N results (default 200)"),
    N_("N") },
  { NULL }
};

static const char *
check_find (void)
{
  return opt.limit < 1 ? _("--limit must be at least 1") : NULL;
}

static int
cmd_find (Call *call)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = g_strjoinv (" ", call->argv + 1);

  rows = acc_store_search (call->store, text, (guint) opt.limit, &error);
  if (rows == NULL)
    return user_error (error);

  if (opt.json)
    {
      g_autoptr(JsonNode) node = acc_cli_rows_to_json (rows);
      acc_cli_print_json (node);
    }
  else
    for (guint i = 0; i < rows->len; i++)
      acc_cli_print_row (g_ptr_array_index (rows, i));

  return ACC_CLI_OK;
}

/* checkin */

static const GOptionEntry checkin_entries[] = {
  { "undo", 0, 0, G_OPTION_ARG_NONE, &opt.undo, N_("Undo the check-in"), NULL },
  { NULL }
};

static int
cmd_checkin (Call *call)
{
  AccStore *store = call->store;
  char **argv = call->argv;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_enrollment_row_free);

  /* Resolve everything first: an unknown argument changes nothing. */
  for (int i = 1; i < call->argc; i++)
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
  if (!acc_store_check_in (store, (const char * const *) ids->pdata, !opt.undo, &error))
    return user_error (error);

  for (guint i = 0; i < rows->len; i++)
    {
      AccEnrollmentRow *row = g_ptr_array_index (rows, i);

      g_print (opt.undo ? _("Check-in undone: %s %s, %s\n") : _("Checked in: %s %s, %s\n"),
               row->first_name, row->last_name, row->session_title);
    }

  return ACC_CLI_OK;
}

/* assign */

static const GOptionEntry assign_entries[] = {
  { "reason", 0, 0, G_OPTION_ARG_STRING, &opt.reason, N_("Why the participant is moved"),
    N_("TEXT") },
  { NULL }
};

static int
cmd_assign (Call *call)
{
  g_autoptr(GError) error = NULL;

  if (!acc_store_assign_group (call->store, call->argv[1], call->argv[2], opt.reason, &error))
    return user_error (error);

  g_print (_("Enrollment %s placed in group %s.\n"), call->argv[1], call->argv[2]);
  return ACC_CLI_OK;
}

/* status */

static const GOptionEntry status_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt.json, N_("Print JSON"), NULL },
  { NULL }
};

static int
cmd_status (Call *call)
{
  AccStore *store = call->store;
  g_autoptr(GError) error = NULL;
  g_autofree char *school = NULL, *school_id = NULL, *day = NULL;
  g_autofree char *last_sync = NULL, *last_error = NULL;
  g_autoptr(GPtrArray) peers = NULL;
  AccStoreStatus status;

  if (!acc_store_get_status (store, &status, &error))
    return user_error (error);
  peers = acc_peers_list_recorded (store, &error);
  if (peers == NULL)
    return user_error (error);

  school = acc_store_dup_school_name (store);
  school_id = acc_peer_server_dup_school_id (store);
  day = acc_store_dup_day (store);
  last_sync = acc_store_dup_meta (store, "sync-last-success");
  last_error = acc_store_dup_meta (store, "sync-last-error");

  if (opt.json)
    {
      acc_cli_print_status_json (&status, school, school_id, day, last_sync, last_error,
                                 peers);
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
      g_autofree char *text = acc_cli_format_time (g_ascii_strtoll (last_sync, NULL, 10));
      g_print (_("Last exchange with the cloud: %s\n"), text);
    }
  else
    g_print (_("Last exchange with the cloud: never\n"));
  if (last_error != NULL && *last_error)
    g_print (_("Last problem: %s\n"), last_error);
  for (guint i = 0; i < peers->len; i++)
    {
      AccPeerExchange *peer = g_ptr_array_index (peers, i);
      g_autofree char *when = acc_cli_format_time (peer->last_exchange);

      /* Translators: the address of another desk, and when this desk last exchanged with it. */
      g_print (_("Other desk %s: last exchange %s\n"), peer->url, when ? when : _("never"));
      if (peer->last_error != NULL)
        g_print (_("  Last problem: %s\n"), peer->last_error);
    }
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

static const GOptionEntry export_entries[] = {
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opt.format, N_("json, csv or pdf"), N_("FORMAT") },
  { "group", 'g', 0, G_OPTION_ARG_STRING_ARRAY, &opt.group_ids,
    N_("A group whose class list to print (repeatable; pdf only; default: every group of "
       "the day)"), N_("ID") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt.output,
    N_("The PDF file to write (pdf only)"), N_("FILE") },
  { NULL }
};

static const char *
check_export (void)
{
  if (g_strcmp0 (opt.format, "json") != 0 && g_strcmp0 (opt.format, "csv") != 0 &&
      g_strcmp0 (opt.format, "pdf") != 0)
    return _("--format must be json, csv or pdf");
  if (g_str_equal (opt.format, "pdf") && opt.output == NULL)
    return _("--format pdf needs --output FILE");
  if (!g_str_equal (opt.format, "pdf") && (opt.output != NULL || opt.group_ids != NULL))
    return _("--group and --output go with --format pdf only");
  return NULL;
}

static int
cmd_export (Call *call)
{
  AccStore *store = call->store;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (opt.format, "json"))
    {
      g_autoptr(JsonNode) root = acc_store_export_json (store, &error);

      if (root == NULL)
        return user_error (error);
      acc_cli_print_json (root);
    }
  else if (g_str_equal (opt.format, "csv"))
    {
      g_autofree char *csv = acc_store_export_csv (store, &error);

      if (csv == NULL)
        return user_error (error);
      fputs (csv, stdout);
    }
  else
    {
      if (opt.group_ids == NULL)
        {
          g_autoptr(GPtrArray) groups = acc_store_list_groups (store, NULL, &error);
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          if (groups == NULL)
            return user_error (error);
          for (guint i = 0; i < groups->len; i++)
            g_strv_builder_add (builder, ((AccGroupRow *) g_ptr_array_index (groups, i))->id);
          opt.group_ids = g_strv_builder_end (builder);
        }

      if (!acc_class_list_write_pdf (store, (const char * const *) opt.group_ids, opt.output,
                                     &error))
        return user_error (error);
    }

  return ACC_CLI_OK;
}

/* voucher */

static const GOptionEntry voucher_entries[] = {
  { "booking", 'b', 0, G_OPTION_ARG_STRING, &opt.booking,
    N_("The booking’s reference"), N_("REF") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt.output, N_("The PDF file to write"),
    N_("FILE") },
  { NULL }
};

static const char *
check_voucher (void)
{
  if (opt.booking == NULL)
    return _("--booking REF is required");
  if (opt.output == NULL)
    return _("--output FILE is required");
  return NULL;
}

static int
cmd_voucher (Call *call)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *booking_id = NULL;

  booking_id = acc_store_lookup_booking (call->store, opt.booking, &error);
  if (booking_id == NULL)
    return user_error (error);

  if (!acc_voucher_write_pdf (call->store, booking_id, opt.output, &error))
    return user_error (error);

  return ACC_CLI_OK;
}

/* walkin */

/* A walk-in's description is a few kilobytes; anything beyond this is no description. */
#define WALKIN_MAX_BYTES (1024 * 1024)

static const GOptionEntry walkin_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_FILENAME, &opt.walkin,
    N_("The walk-in’s description (README.md), or - for standard input"), N_("FILE") },
  { NULL }
};

static const char *
check_walkin (void)
{
  return opt.walkin == NULL ? _("--json FILE is required") : NULL;
}

/* Reads the description from opt.walkin, or standard input for "-", up to WALKIN_MAX_BYTES. */
static char *
read_walkin (gsize   *length,
             GError **error)
{
  gboolean from_stdin = g_str_equal (opt.walkin, "-");
  const char *name = from_stdin ? _("standard input") : opt.walkin;
  FILE *in = from_stdin ? stdin : fopen (opt.walkin, "rb");
  g_autofree char *text = NULL;
  gboolean failed;

  if (in == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND, _("Cannot read %s: %s"), name,
                   g_strerror (saved_errno));
      return NULL;
    }

  text = g_malloc (WALKIN_MAX_BYTES + 2);
  *length = fread (text, 1, WALKIN_MAX_BYTES + 1, in);
  failed = ferror (in);
  if (!from_stdin)
    fclose (in);

  if (failed)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_IO, _("Cannot read %s"), name);
      return NULL;
    }
  if (*length > WALKIN_MAX_BYTES)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("%s is longer than a walk-in’s description can be (1 MiB)"), name);
      return NULL;
    }

  text[*length] = '\0';
  return g_steal_pointer (&text);
}

static int
cmd_walkin (Call *call)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) questions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) acc_walkin_question_free);
  g_autoptr(AccWalkin) walkin = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  text = read_walkin (&length, &error);
  if (text == NULL)
    return user_error (error);

  node = acc_json_parse (text, length, &error);
  if (node == NULL)
    {
      g_autoptr(GError) not_json = NULL;

      g_set_error (&not_json, ACC_ERROR, ACC_ERROR_INVALID,
                   _("The walk-in’s description is not JSON: %s"), error->message);
      return user_error (not_json);
    }

  walkin = acc_walkin_new_from_json (call->store, node, &error);
  if (walkin == NULL || !acc_walkin_check (call->store, walkin, questions, &error))
    return user_error (error);

  /* A script confirms what the desk would ask a person; it is told all the same. */
  for (guint i = 0; i < questions->len; i++)
    g_printerr (_("accueil-cli: warning: %s\n"),
                ((AccWalkinQuestion *) g_ptr_array_index (questions, i))->text);

  if (!acc_walkin_register (call->store, walkin, NULL, &error))
    return user_error (error);

  g_print ("%s\n", walkin->reference);
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

  /* The database's name names the day, and its school, as the other desks will know it. */
  {
    const char *slash = g_strrstr_len (url, len, "/");
    g_autofree char *segment = slash ? g_strndup (slash + 1, url + len - slash - 1) : NULL;
    g_autofree char *kept = acc_peer_server_dup_day_name (store);
    g_autoptr(GError) error = NULL;

    if (segment != NULL && acc_peer_server_name_is_valid (segment) &&
        g_strcmp0 (segment, kept) != 0 &&
        !acc_peer_server_keep_day_name (store, segment, &error))
      g_printerr ("accueil-cli: %s\n", error->message);
  }
}

static const GOptionEntry sync_entries[] = {
  { "url", 0, 0, G_OPTION_ARG_STRING, &opt.url,
    N_("The cloud database, http(s)://host/school-day; with --dir, the server, "
       "http(s)://host:port"), N_("URL") },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt.dir,
    N_("Keep the window of days in this folder, one file SCHOOL-YYYY-MM-DD.db each"),
    N_("DIR") },
  { "school", 0, 0, G_OPTION_ARG_STRING, &opt.school, N_("With --dir: the school’s id"),
    N_("ID") },
  { "days", 0, 0, G_OPTION_ARG_INT, &opt.days,
    N_("With --dir: how many days after today to hold (default 7)"), N_("N") },
  { "once", 0, 0, G_OPTION_ARG_NONE, &opt.once, N_("Exchange once, then stop (the default)"),
    NULL },
  { "continuous", 0, 0, G_OPTION_ARG_NONE, &opt.continuous,
    N_("Keep exchanging until interrupted"), NULL },
  { NULL }
};

/* publish has neither --once nor --continuous. */
static const GOptionEntry publish_entries[] = {
  { "url", 0, 0, G_OPTION_ARG_STRING, &opt.url,
    N_("The cloud database, http(s)://host/school-day"), N_("URL") },
  { NULL }
};

/* How sync and publish reach the cloud. */
static const GOptionEntry connection_entries[] = {
  { "allow-http", 0, 0, G_OPTION_ARG_NONE, &opt.allow_http,
    N_("Allow unencrypted http:// to another computer"), NULL },
  { "cookie-auth", 0, 0, G_OPTION_ARG_NONE, &opt.cookie,
    N_("Sign in once with a session cookie instead of basic authentication"), NULL },
  { NULL }
};

static const char *
check_sync (void)
{
  if (opt.url == NULL)
    return _("--url URL is required");
  if (opt.once && opt.continuous)
    return _("--once and --continuous exclude each other");
  if (opt.dir == NULL && (opt.school != NULL || opt.days >= 0))
    return _("--school and --days go with --dir");
  if (opt.dir != NULL && opt.school == NULL)
    return _("--dir DIR needs --school ID");
  if (opt.days > 31)
    return _("--days must be between 0 and 31");
  return NULL;
}

static int
run_engine (Call        *call,
            AccSyncMode  mode)
{
  AccStore *store = call->store;
  const char *url = opt.url;
  g_autoptr(GError) error = NULL;
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Waiter waiter = { 0 };
  int rc;

  engine = acc_sync_engine_new (store, url,
                                (opt.allow_http ? ACC_SYNC_FLAGS_ALLOW_INSECURE : 0) |
                                (opt.cookie ? ACC_SYNC_FLAGS_COOKIE_AUTH : 0),
                                &error);
  if (engine == NULL)
    return user_error (error);
  set_day_from_url (store, url);

  loop = g_main_loop_new (NULL, FALSE);
  if (opt.continuous)
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

static void
on_day_done (AccHeldDays      *days,
             AccHeldDayReport *report)
{
  switch (report->outcome)
    {
    case ACC_HELD_DAY_SYNCED:
      g_print (_("%s: up to date, %u received, %u sent, %u waiting.\n"), report->date,
               report->received, report->sent, report->pending);
      break;
    case ACC_HELD_DAY_NOT_YET:
      g_print (_("%s: not on the server yet; asked again next time.\n"), report->date);
      break;
    case ACC_HELD_DAY_REMOVED:
      g_print (_("%s: deleted, past the retention period with nothing waiting.\n"),
               report->date);
      break;
    case ACC_HELD_DAY_FAILED:
    default:
      g_printerr (_("accueil-cli: %s: %s\n"), report->date, report->message);
      break;
    }
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *reports;
  GError    *error;
} PassWaiter;

static void
on_pass_finished (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PassWaiter *waiter = user_data;

  waiter->reports = acc_held_days_run_finish (ACC_HELD_DAYS (source), result, &waiter->error);
  g_main_loop_quit (waiter->loop);
}

/* sync --dir: the window of days, once or until interrupted. */
static int
run_held_days (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccHeldDays) days = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  PassWaiter waiter = { loop, NULL, NULL };
  int rc = ACC_CLI_OK;

  days = acc_held_days_new (opt.dir, opt.school, opt.url,
                            (opt.allow_http ? ACC_SYNC_FLAGS_ALLOW_INSECURE : 0) |
                            (opt.cookie ? ACC_SYNC_FLAGS_COOKIE_AUTH : 0), &error);
  if (days == NULL)
    return user_error (error);
  if (opt.days >= 0)
    acc_held_days_set_window (days, (guint) opt.days);
  g_signal_connect (days, "day-done", G_CALLBACK (on_day_done), NULL);

  if (opt.continuous)
    {
      guint sigint = g_unix_signal_add (SIGINT, on_signal, loop);
      guint sigterm = g_unix_signal_add (SIGTERM, on_signal, loop);

      acc_held_days_start (days);
      g_main_loop_run (loop);
      acc_held_days_stop (days);
      g_source_remove (sigint);
      g_source_remove (sigterm);
      return ACC_CLI_OK;
    }

  acc_held_days_run_async (days, NULL, on_pass_finished, &waiter);
  g_main_loop_run (loop);
  if (waiter.error != NULL)
    {
      rc = user_error (waiter.error);
      g_clear_error (&waiter.error);
      return rc;
    }
  /* Every day was tried; one that failed fails the command. */
  for (guint i = 0; i < waiter.reports->len; i++)
    if (((AccHeldDayReport *) g_ptr_array_index (waiter.reports, i))->outcome ==
        ACC_HELD_DAY_FAILED)
      rc = ACC_CLI_USER_ERROR;
  g_ptr_array_unref (waiter.reports);
  return rc;
}

static int
cmd_sync (Call *call)
{
  if (opt.dir != NULL)
    return run_held_days ();
  return run_engine (call, ACC_SYNC_PULL_PUSH);
}

/* open-day */

static const GOptionEntry open_day_entries[] = {
  { "from", 0, 0, G_OPTION_ARG_FILENAME, &opt.from, N_("A held day of the school"),
    N_("FILE") },
  { "date", 0, 0, G_OPTION_ARG_STRING, &opt.date, N_("The day to open"), N_("YYYY-MM-DD") },
  { NULL }
};

static const char *
check_open_day (void)
{
  if (opt.from == NULL || opt.date == NULL)
    return _("--from FILE and --date YYYY-MM-DD are required");
  if (!acc_days_date_is_valid (opt.date))
    return _("--date must be a day written YYYY-MM-DD");
  return NULL;
}

static int
cmd_open_day (Call *call)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccStore) source = NULL;
  g_autoptr(AccStore) target = NULL;
  guint n = 0;

  if (g_file_test (opt.db, G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("%s already exists: a day is opened into a new file"), opt.db);
      return user_error (error);
    }

  source = acc_store_open (opt.from, ACC_STORE_OPEN_DEFAULT, &error);
  if (source == NULL)
    return user_error (error);
  target = acc_store_open (opt.db, ACC_STORE_OPEN_CREATE, &error);
  if (target == NULL || !acc_day_open_from (target, source, opt.date, &n, &error))
    {
      /* Half a day would be taken for a day. */
      g_clear_object (&target);
      acc_days_remove_file (opt.db);
      return user_error (error);
    }

  g_print (ngettext ("Opened %s in %s from %s: %u document waits for the cloud.\n",
                     "Opened %s in %s from %s: %u documents wait for the cloud.\n", n),
           opt.date, opt.db, opt.from, n);
  return ACC_CLI_OK;
}

static int
cmd_publish (Call *call)
{
  return run_engine (call, ACC_SYNC_PUBLISH);
}

/* Reads one line of standard input into @buffer, without its line end. */
static gboolean
read_secret (char  *buffer,
             gsize  size)
{
  if (fgets (buffer, size, stdin) == NULL)
    return FALSE;

  buffer[strcspn (buffer, "\r\n")] = '\0';
  return TRUE;
}

/* login */

static const GOptionEntry login_entries[] = {
  { "url", 0, 0, G_OPTION_ARG_STRING, &opt.url, N_("The cloud server or database"), N_("URL") },
  { "user", 0, 0, G_OPTION_ARG_STRING, &opt.user, N_("The desk’s user on the server"),
    N_("NAME") },
  { NULL }
};

static const char *
check_login (void)
{
  if (opt.url == NULL || opt.user == NULL)
    return _("--url URL and --user NAME are required");
  return NULL;
}

static int
cmd_login (Call *call)
{
  const char *url = opt.url, *user = opt.user;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *server = NULL;
  char password[1024];

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

  if (!read_secret (password, sizeof password))
    {
      g_set_error (&error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("No password on standard input"));
      return user_error (error);
    }

  if (!acc_credentials_store (server, user, password, &error))
    {
      memset (password, 0, sizeof password);
      return user_error (error);
    }
  memset (password, 0, sizeof password);

  g_print (_("The password of %s on %s is kept.\n"), user, server);
  return ACC_CLI_OK;
}

/* pair */

static const GOptionEntry no_entries[] = {
  { NULL }
};

static int
cmd_pair (Call *call)
{
  g_autoptr(GError) error = NULL;
  char secret[1024];
  gboolean kept;

  if (!read_secret (secret, sizeof secret))
    {
      g_set_error (&error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("No pairing secret on standard input"));
      return user_error (error);
    }

  kept = acc_pairing_store_secret (secret, &error);
  memset (secret, 0, sizeof secret);
  if (!kept)
    return user_error (error);

  g_print ("%s\n", _("The school’s pairing secret is kept."));
  return ACC_CLI_OK;
}

/* identity */

static int
cmd_identity (Call *call)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = acc_desk_identity_load (&error);
  g_autofree char *name = NULL;
  g_autofree char *fingerprint = NULL;

  if (certificate == NULL)
    return user_error (error);

  name = acc_desk_identity_dup_name (certificate);
  fingerprint = acc_desk_identity_dup_fingerprint (certificate);
  g_print ("%s\n%s\n", name != NULL ? name : "", fingerprint);
  return ACC_CLI_OK;
}

/* serve */

static const GOptionEntry serve_entries[] = {
  { "port", 0, 0, G_OPTION_ARG_INT, &opt.port,
    N_("The port (default 6984; 0: any free port)"), N_("N") },
  { "bind", 0, 0, G_OPTION_ARG_STRING, &opt.bind,
    N_("The address to listen on (default every address)"), N_("ADDR") },
  { "name", 0, 0, G_OPTION_ARG_STRING, &opt.name,
    N_("The day’s database name (default <school>-<YYYY-MM-DD>)"), N_("NAME") },
  { "certificate", 0, 0, G_OPTION_ARG_FILENAME, &opt.certificate,
    N_("Another certificate than the desk’s own (PEM)"), N_("FILE") },
  { "key", 0, 0, G_OPTION_ARG_FILENAME, &opt.key, N_("Its private key (PEM)"), N_("FILE") },
  { NULL }
};

static const char *
check_serve (void)
{
  if (opt.port < -1 || opt.port > 65535)
    return _("--port must be a port number");
  if ((opt.certificate == NULL) != (opt.key == NULL))
    return _("--certificate FILE and --key FILE go together");
  if (opt.port == -1)
    opt.port = ACC_PEER_SERVER_DEFAULT_PORT;
  return NULL;
}

/* The desk's TLS identity (acc-desk-identity.c, made at first use), or the certificate and
 * key given, and the school's pairing secret kept by `accueil-cli pair`. */
static gboolean
load_serving_identity (GTlsCertificate **certificate,
                       char            **secret,
                       GError          **error)
{
  if (opt.certificate != NULL)
    *certificate = g_tls_certificate_new_from_files (opt.certificate, opt.key, error);
  else
    *certificate = acc_desk_identity_load (error);
  if (*certificate == NULL)
    return FALSE;

  if (!acc_pairing_lookup_secret (secret, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID,
                             _("This desk has no pairing secret yet: give it the school’s "
                               "with accueil-cli pair"));
      g_clear_object (certificate);
      return FALSE;
    }
  return TRUE;
}

static int
cmd_serve (Call *call)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(AccPeerServer) server = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *secret = NULL, *name = NULL, *host = NULL;
  guint sigint, sigterm;

  if (opt.bind != NULL && (address = g_inet_address_new_from_string (opt.bind)) == NULL)
    {
      g_set_error (&error, ACC_ERROR, ACC_ERROR_INVALID, _("“%s” is not an IP address"),
                   opt.bind);
      return user_error (error);
    }
  name = opt.name ? g_strdup (opt.name) : acc_peer_server_dup_day_name (call->store);
  if (name == NULL)
    {
      g_set_error_literal (&error, ACC_ERROR, ACC_ERROR_INVALID,
                           _("The day has no name yet (its school or date is missing): "
                             "give one with --name"));
      return user_error (error);
    }

  if (!load_serving_identity (&certificate, &secret, &error) ||
      (server = acc_peer_server_new (certificate, secret, &error)) == NULL ||
      !acc_peer_server_add_day (server, name, call->store, &error) ||
      !acc_peer_server_listen (server, address, opt.port, &error))
    {
      if (secret != NULL)
        memset (secret, 0, strlen (secret));
      return user_error (error);
    }
  memset (secret, 0, strlen (secret));

  if (address == NULL || g_inet_address_get_is_any (address))
    host = g_strdup (g_get_host_name ());
  else if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    host = g_strdup_printf ("[%s]", opt.bind);
  else
    host = g_strdup (opt.bind);
  g_print ("https://%s:%u/%s\n", host, acc_peer_server_get_port (server), name);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, on_signal, loop);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  acc_peer_server_stop (server);
  return ACC_CLI_OK;
}

static const Command commands[] = {
  { "demo", "--db FILE | --dir DIR [--days N] [--enrollments N] [--seed S] "
    "[--date YYYY-MM-DD] [--school ID]",
    N_("Generate a demo school day"), NULL,
    N_("Generate a demo school day into a new database."),
    demo_entries, NULL, 0, 0, DB_FILE_OR_DIR, check_demo, cmd_demo },
  { "find", "--db FILE TEXT", N_("Search as the desk does"), N_("TEXT…"),
    N_("Find enrollments by participant or payer name, booking reference, or the last digits "
       "of a phone number, as the desk’s search does."),
    find_entries, NULL, 1, -1, DB_STORE, check_find, cmd_find },
  { "checkin", "--db FILE [--undo] ENROLLMENT_ID|BOOKING_REFERENCE…",
    N_("Check in enrollments or bookings"), N_("ENROLLMENT_ID|BOOKING_REFERENCE…"),
    N_("Check in enrollments, or every enrollment of a booking."),
    checkin_entries, NULL, 1, -1, DB_STORE, NULL, cmd_checkin },
  { "assign", "--db FILE ENROLLMENT_ID GROUP_ID [--reason TEXT]",
    N_("Place an enrollment in a group"), N_("ENROLLMENT_ID GROUP_ID"),
    N_("Place an enrollment in a group of its session."),
    assign_entries, NULL, 2, 2, DB_STORE, NULL, cmd_assign },
  { "status", "--db FILE [--json]", N_("Show the day’s counts"), NULL,
    N_("Show the day’s counts and what waits to be sent."),
    status_entries, NULL, 0, 0, DB_STORE, NULL, cmd_status },
  { "export", "--db FILE --format json|csv|pdf [--group ID…] [--output FILE]",
    N_("Print the derived state, or the class lists as a PDF"), NULL,
    N_("Print the day’s derived state, sorted by id: two replicas that hold the same "
       "documents print the same bytes.\n"
       "With --format pdf, write the printed class lists instead: one page per group, names "
       "and levels only."),
    export_entries, NULL, 0, 0, DB_STORE, check_export, cmd_export },
  { "voucher", "--db FILE --booking REF --output FILE", N_("Print a booking’s voucher as a PDF"),
    NULL,
    N_("Write the voucher a family keeps: the booking’s reference, large and as a QR code "
       "that the desk’s scanner reads, who takes which lesson of the day, and what is left "
       "to pay."),
    voucher_entries, NULL, 0, 0, DB_STORE, check_voucher, cmd_voucher },
  { "walkin", "--db FILE --json FILE|-", N_("Register a walk-in"), NULL,
    N_("Register a family that comes to the desk without a booking, from a JSON description "
       "(README.md): the payer, the balance due, and each participant’s lessons of the day, "
       "in the group the desk suggests unless one is given. Prints the new booking’s "
       "reference alone. What the desk would only ask a person (a level outside a child’s "
       "age, a full group) is printed as a warning, and registered."),
    walkin_entries, NULL, 0, 0, DB_STORE, check_walkin, cmd_walkin },
  { "sync", "--db FILE --url DB_URL | --dir DIR --url SERVER_URL --school ID [--days N] "
    "[--once|--continuous]",
    N_("Exchange documents with the cloud"), NULL,
    N_("Receive the day from the cloud and send this desk’s changes; creates the database "
       "file when it does not exist.\n"
       "With --dir, keep the window of days in DIR: today, then the next N days, then every "
       "held day with something waiting; past days with nothing waiting are deleted after "
       "14 days."),
    sync_entries, connection_entries, 0, 0, DB_STORE_OR_DIR, check_sync, cmd_sync },
  { "open-day", "--from FILE --date YYYY-MM-DD --db NEWFILE",
    N_("Open a new day from a held one"), NULL,
    N_("Open a day the cloud never planned, from a held day of the school: the same sessions "
       "and groups, and the children of courses that go on that day. Two desks that open the "
       "same day write the same documents."),
    open_day_entries, NULL, 0, 0, DB_FILE, check_open_day, cmd_open_day },
  { "publish", "--db FILE --url URL", N_("Send the whole day to a cloud database"), NULL,
    N_("Send every document of a day to a cloud database, creating it when missing: how a "
       "desk re-seeds a destroyed cloud."),
    publish_entries, connection_entries, 0, 0, DB_STORE, check_sync, cmd_publish },
  { "serve", "--db FILE [--port N] [--bind ADDR]",
    N_("Serve the day to other desks"), NULL,
    N_("Serve the day to the school’s other desks over HTTPS, with the desk’s own certificate, "
       "as the cloud would, until interrupted; prints the day’s URL on the first line. Peers "
       "give the school’s pairing secret, kept on this desk by accueil-cli pair."),
    serve_entries, NULL, 0, 0, DB_STORE, check_serve, cmd_serve },
  { "login", "--url URL --user NAME  (password on standard input)",
    N_("Keep the password for a cloud server"), NULL,
    N_("Keep the desk’s password for a cloud server, read from standard input: "
       "in the secret service, or else in a file only this user can read. "
       "Never in the settings."),
    login_entries, NULL, 0, 0, DB_NONE, check_login, cmd_login },
  { "pair", "(the pairing secret on standard input)",
    N_("Keep the school’s pairing secret"), NULL,
    N_("Keep the school’s pairing secret, read from standard input (one line, at least 8 "
       "characters, the same on every desk): peer desks prove with it that they belong to "
       "the school. Kept as the cloud’s password is, never in the settings."),
    no_entries, NULL, 0, 0, DB_NONE, NULL, cmd_pair },
  { "identity", "", N_("Show this desk’s name and certificate fingerprint"), NULL,
    N_("Print this desk’s name, then the SHA-256 fingerprint of its certificate, which its "
       "peers pin when they first reach it: compare them on both desks. The key and the "
       "certificate are made if this desk has none yet."),
    no_entries, NULL, 0, 0, DB_NONE, NULL, cmd_identity },
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

  {
    g_autoptr(GError) error = NULL;

    if (!acc_now_check (&error))
      return usage_error (NULL, error->message);
  }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("accueil-cli %s", commands[i].name);
        int rc;

        g_set_prgname (prgname);
        reset_options ();
        rc = run_command (&commands[i], argc - 1, argv + 1);
        reset_options ();
        return rc;
      }

  g_printerr (_("accueil-cli: unknown command “%s”\n"), argv[1]);
  print_usage (stderr);
  return ACC_CLI_USAGE_ERROR;
}
