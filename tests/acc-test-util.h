/* acc-test-util.h: fixtures shared by the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "acc-peers.h"
#include "acc-store.h"

G_BEGIN_DECLS

/* Ids of the fixture day (acc_test_put_fixture). */
#define FX_SCHOOL      "00000000-0000-4000-8000-000000000001"
#define FX_LEVEL       "00000000-0000-4000-8000-000000000002"
#define FX_SESSION_AM  "00000000-0000-4000-8000-000000000003"
#define FX_SESSION_PM  "00000000-0000-4000-8000-000000000004"
#define FX_GROUP_A     "00000000-0000-4000-8000-000000000005"
#define FX_GROUP_B     "00000000-0000-4000-8000-000000000006"
#define FX_GROUP_PM    "00000000-0000-4000-8000-000000000007"
#define FX_INSTRUCTOR  "00000000-0000-4000-8000-000000000008"
#define FX_CUSTOMER    "00000000-0000-4000-8000-000000000009"
#define FX_BOOKING     "00000000-0000-4000-8000-00000000000a"
#define FX_ZOE         "00000000-0000-4000-8000-00000000000b"
#define FX_NOE         "00000000-0000-4000-8000-00000000000c"
#define FX_PLACEHOLDER "00000000-0000-4000-8000-00000000000d"
#define FX_E_ZOE       "00000000-0000-4000-8000-00000000000e"
#define FX_E_NOE       "00000000-0000-4000-8000-00000000000f"
#define FX_E_PLACE     "00000000-0000-4000-8000-000000000010"
#define FX_E_ZOE_PM    "00000000-0000-4000-8000-000000000011"
#define FX_CUSTOMER2   "00000000-0000-4000-8000-000000000012"
#define FX_BOOKING2    "00000000-0000-4000-8000-000000000013"
#define FX_MARTIN      "00000000-0000-4000-8000-000000000014"
#define FX_E_MARTIN    "00000000-0000-4000-8000-000000000015"
#define FX_INSTRUCTOR2 "00000000-0000-4000-8000-000000000016"

#define FX_REFERENCE   "KM7PX3"
#define FX_REFERENCE2  "QW4RTA"

/* Runs the main context until @condition holds; fails the test after ten seconds. */
#define SPIN_UNTIL(condition)                                                   \
  G_STMT_START {                                                                \
    gint64 deadline_ = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;           \
    while (!(condition) && g_get_monotonic_time () < deadline_)                 \
      {                                                                         \
        if (!g_main_context_iteration (NULL, FALSE))                            \
          g_usleep (1000);                                                      \
      }                                                                         \
    g_assert_true (condition);                                                  \
  } G_STMT_END

/* A temporary folder with a store holding the fixture day, for g_test_add (). */
typedef struct
{
  char     *dir;
  AccStore *store;
} AccTestDay;

void        acc_test_day_set_up    (AccTestDay    *fx,
                                    gconstpointer  data);
void        acc_test_day_tear_down (AccTestDay    *fx,
                                    gconstpointer  data);

typedef void (*AccTestDayFunc) (AccTestDay    *fx,
                                gconstpointer  data);

void        acc_test_add_day       (const char     *path,
                                    AccTestDayFunc  func);

char       *acc_test_make_dir      (void);
char       *acc_test_use_config_dir (void);
void        acc_test_pair_desk     (const char  *dir,
                                    const char  *secret);
void        acc_test_spin_a_little (void);
void        acc_test_remove_dir    (const char  *dir);
AccStore   *acc_test_open_new      (const char  *dir,
                                    const char  *name);
JsonObject *acc_test_parse         (const char  *json);
GPtrArray  *acc_test_fixture_docs  (void);
void        acc_test_put_json      (AccStore    *store,
                                    const char  *json_array);
char       *acc_test_remote_fact   (const char  *id,
                                    const char  *kind,
                                    const char  *hlc,
                                    const char  *device,
                                    const char  *supersedes,
                                    const char  *fields);
JsonObject *acc_test_remote_checkin (const char *id,
                                     const char *device,
                                     const char *enrollment_id);
void        acc_test_put_remote_fact (AccStore  *store,
                                      const char *id,
                                      const char *kind,
                                      const char *hlc,
                                      const char *device,
                                      const char *supersedes,
                                      const char *fields);
void        acc_test_put_fixture   (AccStore    *store);
char       *acc_test_export        (AccStore    *store);
AccEnrollmentRow *acc_test_get_row (AccStore    *store,
                                    const char  *enrollment_id);
AccStoreStatus acc_test_get_status (AccStore *store);
gint64      acc_test_count_docs    (AccStore    *store);
gboolean    acc_test_is_checked_in (AccStore    *store,
                                    const char  *enrollment_id);
GPtrArray  *acc_test_list_to_check_in (AccStore *store);
guint       acc_test_count_exchanged (AccPeers  *peers);
char       *acc_test_dup_group_id  (AccStore    *store,
                                    const char  *enrollment_id);
int         acc_test_count_in_group (AccStore   *store,
                                     const char *group_id);
AccAttendance acc_test_get_attendance (AccStore  *store,
                                       const char *enrollment_id);
char       *acc_test_read_file     (const char  *path,
                                    gsize       *length);
char       *acc_test_run_tool      (const char * const *argv);
void        acc_test_assert_shown  (const char  *text,
                                    const char * const *expected);
char       *acc_test_nested        (const char  *prefix,
                                    guint        depth,
                                    const char  *suffix);
int         acc_test_run_in_dir    (char        *dir);
void        acc_test_report_samples (const char *what,
                                     int         width,
                                     GArray     *samples);

/* What a run of accueil-cli did: its exit code, and what it wrote. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} AccTestCli;

void        acc_test_cli_clear     (AccTestCli  *cli);
void        acc_test_run_cli_argv  (AccTestCli  *cli,
                                    guint        deadline_s,
                                    const char * const *args);
void        acc_test_run_cli       (AccTestCli  *cli,
                                    const char  *first,
                                    ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AccTestCli, acc_test_cli_clear)

G_END_DECLS
