/* test-ui-arrivals.c: the window, the search, the scanner and the booking card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>

#include "acc-arrivals-page.h"
#include "acc-booking-card.h"
#include "acc-booking-result.h"
#include "acc-booking-row.h"
#include "acc-demo.h"
#include "acc-participant-row.h"
#include "acc-test-window.h"
#include "acc-window.h"

/* A family of three that has paid, with no allergy and no missing name, not yet placed. */
#define PP_CUSTOMER "00000000-0000-4000-8000-000000000100"
#define PP_BOOKING  "00000000-0000-4000-8000-000000000101"
#define PP_REFERENCE "PP4AID"

#define PP_DOC(type, id) \
  "{\"_id\":\"" id "\",\"_rev\":\"1-bbbb\",\"type\":\"" type "\",\"schema\":1,"
#define PP_CHILD(p, e, first, year) \
  PP_DOC ("participant", p) "\"booking_id\":\"" PP_BOOKING "\",\"first_name\":\"" first "\"," \
    "\"last_name\":\"Durand\",\"birth_year\":" year ",\"level_id\":\"" FX_LEVEL "\"," \
    "\"allergies\":\"\",\"medical_notes\":\"\",\"emergency_phone\":\"\"," \
    "\"pickup_adults\":[],\"placeholder\":false}," \
  PP_DOC ("enrollment", e) "\"participant_id\":\"" p "\",\"session_id\":\"" FX_SESSION_AM "\"," \
    "\"booking_id\":\"" PP_BOOKING "\",\"planned_group_id\":null,\"status\":\"booked\"}"

static const char prepaid_family[] = "["
  PP_DOC ("customer", PP_CUSTOMER) "\"first_name\":\"Marc\",\"last_name\":\"Durand\","
    "\"phone\":\"+33 6 11 22 33 44\",\"email\":\"\",\"language\":\"fr\"},"
  PP_DOC ("booking", PP_BOOKING) "\"reference\":\"" PP_REFERENCE "\","
    "\"customer_id\":\"" PP_CUSTOMER "\",\"balance_due_cents\":0,\"currency\":\"EUR\","
    "\"notes\":\"\"},"
  PP_CHILD ("00000000-0000-4000-8000-000000000102", "00000000-0000-4000-8000-000000000103",
            "Lou", "2018") ","
  PP_CHILD ("00000000-0000-4000-8000-000000000104", "00000000-0000-4000-8000-000000000105",
            "Tom", "2017") ","
  PP_CHILD ("00000000-0000-4000-8000-000000000106", "00000000-0000-4000-8000-000000000107",
            "Inès", "2019")
  "]";

typedef AccTestWindow Fixture;

static GPtrArray *
list_booking (AccStore   *store,
              const char *booking_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = acc_store_list_enrollments_of_booking (store, booking_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static AccEnrollmentRow *
find_row (GPtrArray  *rows,
          const char *enrollment_id)
{
  for (guint i = 0; i < rows->len; i++)
    {
      AccEnrollmentRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->enrollment_id, enrollment_id) == 0)
        return row;
    }

  g_assert_not_reached ();
}

static AccBookingResult *
find_result (GListModel *results,
             const char *booking_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(AccBookingResult) result = g_list_model_get_item (results, i);

      if (g_strcmp0 (acc_booking_result_get_booking_id (result), booking_id) == 0)
        return g_steal_pointer (&result);
    }

  return NULL;
}

/* Whether the keyboard focus is in @widget or one of its children. */
static gboolean
has_focus_within (AccWindow *window,
                  GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
feed_text (AccArrivalsPage *page,
           const char      *text,
           guint32         *time_ms,
           guint            interval_ms)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      g_assert_false (acc_arrivals_page_feed_key (page, gdk_unicode_to_keyval (*p), *time_ms));
      *time_ms += interval_ms;
    }
}

static gboolean
is_participant_row (GtkWidget     *widget,
                    gconstpointer  enrollment_id)
{
  return ACC_IS_PARTICIPANT_ROW (widget) &&
         g_strcmp0 (acc_participant_row_get_enrollment_id (ACC_PARTICIPANT_ROW (widget)),
                    enrollment_id) == 0;
}

static AccParticipantRow *
find_participant_row (GtkWidget  *widget,
                      const char *enrollment_id)
{
  return (AccParticipantRow *) acc_test_find (widget, is_participant_row, enrollment_id);
}

static void
test_window_header (Fixture       *fx,
                    gconstpointer  data)
{
  g_assert_true (acc_window_get_store (fx->window) == fx->day.store);
  g_assert_null (acc_window_get_error (fx->window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fx->window)), ==, "École de test");

  /* The search field has the focus from the start. */
  g_assert_true (has_focus_within (fx->window,
                                   GTK_WIDGET (acc_arrivals_page_get_search_entry (fx->page))));
  g_assert_false (acc_arrivals_page_is_showing_card (fx->page));
}

static gboolean
first_peer_failed (AccPeers *peers)
{
  g_autoptr(GPtrArray) exchanges = acc_peers_list (peers);

  return ((AccPeerExchange *) g_ptr_array_index (exchanges, 0))->last_error != NULL;
}

/* Beside the cloud's state, the header says how many other desks answer, and the details
 * each one; a screen reader hears the count too. */
static void
test_peers_indicator (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  g_autoptr(AccStore) store = acc_test_open_new (dir, "day.db");
  g_autoptr(AccContext) context = acc_context_new (store, NULL);
  g_autoptr(AccPeers) peers = acc_peers_new (store, "esf-2026-12-26");
  g_autoptr(GError) error = NULL;
  AccSyncIndicator *indicator;
  AccWindow *window;
  GtkMenuButton *button;
  GtkWidget *popover;

  acc_test_put_fixture (store);
  /* Nothing listens on the discard port. */
  g_assert_true (acc_peers_add (peers, "http://127.0.0.1:9", &error));
  g_assert_no_error (error);
  acc_context_set_peers (context, peers);

  window = acc_window_new (NULL, context, NULL);
  indicator = acc_window_get_sync_indicator (window);
  gtk_window_present (GTK_WINDOW (window));

  SPIN_UNTIL (first_peer_failed (peers));
  g_assert_nonnull (strstr (acc_sync_indicator_get_text (indicator), "no desk nearby"));
  g_assert_nonnull (acc_test_find_label (GTK_WIDGET (indicator), "no desk nearby"));

  button = GTK_MENU_BUTTON (acc_test_find_widget (GTK_WIDGET (indicator),
                                                  GTK_TYPE_MENU_BUTTON));
  gtk_menu_button_popup (button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  SPIN_UNTIL (gtk_widget_get_mapped (popover));
  {
    g_autoptr(GPtrArray) exchanges = acc_peers_list (peers);
    g_autofree char *line = acc_peer_exchange_describe (g_ptr_array_index (exchanges, 0));

    g_assert_true (g_str_has_prefix (line, "127.0.0.1:9: not reachable."));
    g_assert_nonnull (acc_test_find_label (popover, line));
  }
  gtk_menu_button_popdown (button);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_run_dispose (G_OBJECT (peers));
}

/* The header says, live, that the cloud cannot be reached and what waits to be sent. */
static void
test_sync_indicator (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  g_autoptr(AccStore) store = acc_test_open_new (dir, "day.db");
  g_autoptr(AccContext) context = acc_context_new (store, NULL);
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { FX_E_ZOE, NULL };
  AccSyncIndicator *indicator;
  AccWindow *window;
  GtkMenuButton *button;
  GtkWidget *popover;
  GtkLabel *brief;

  acc_test_put_fixture (store);
  g_assert_true (acc_store_check_in (store, ids, TRUE, &error));
  /* Nothing listens on the discard port. */
  engine = acc_sync_engine_new (store, "http://127.0.0.1:9/esf-2026-12-26", 0, &error);
  g_assert_no_error (error);
  acc_sync_engine_set_limits (engine, 2, 1024 * 1024);
  acc_context_set_engine (context, engine);

  window = acc_window_new (NULL, context, NULL);
  indicator = acc_window_get_sync_indicator (window);
  gtk_window_present (GTK_WINDOW (window));
  /* An engine is set: the desk is not working alone. */
  g_assert_null (strstr (acc_sync_indicator_get_text (indicator), "no cloud"));

  acc_sync_engine_start (engine);
  SPIN_UNTIL (strstr (acc_sync_indicator_get_text (indicator), "Cannot reach") != NULL);
  g_assert_nonnull (strstr (acc_sync_indicator_get_text (indicator), "Offline"));
  g_assert_nonnull (strstr (acc_sync_indicator_get_text (indicator), "1 change waiting"));

  /* In the header, at the window's default width, the count is short and whole. */
  brief = acc_test_find_label (GTK_WIDGET (indicator), "1 waiting");
  g_assert_nonnull (brief);
  SPIN_UNTIL (gtk_widget_get_width (GTK_WIDGET (brief)) > 0);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (brief)));

  /* A tap shows the whole story: no tooltips on a touchscreen. */
  button = GTK_MENU_BUTTON (acc_test_find_widget (GTK_WIDGET (indicator),
                                                  GTK_TYPE_MENU_BUTTON));
  gtk_menu_button_popup (button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  SPIN_UNTIL (gtk_widget_get_mapped (popover));
  g_assert_nonnull (acc_test_find_label (popover, "Offline"));
  g_assert_nonnull (acc_test_find_label (popover, "1 change waiting · oldest under a minute"));
  g_assert_nonnull (acc_test_find_label (popover, acc_sync_engine_get_last_error (engine)));
  g_assert_nonnull (acc_test_find_label (popover, "http://127.0.0.1:9/esf-2026-12-26"));
  /* No tooltip over the details, which say the same. */
  g_assert_false (gtk_widget_get_has_tooltip (GTK_WIDGET (indicator)));
  gtk_menu_button_popdown (button);
  SPIN_UNTIL (!gtk_widget_get_visible (popover));
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (indicator)));

  acc_context_set_engine (context, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  acc_test_spin_a_little ();
  acc_test_remove_dir (dir);
}

/* A cloud that holds a day of 100 documents and takes its time to send the first of them. */
static void
slow_day_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  static const char info[] = "{\"db_name\":\"esf-2026-12-26\",\"doc_count\":100,"
                             "\"update_seq\":100}";

  if (g_str_equal (path, "/esf-2026-12-26") || g_str_equal (path, "/esf-2026-12-26/"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, info,
                                        strlen (info));
      return;
    }

  /* The changes never come. */
  soup_server_message_pause (msg);
}

static gboolean
is_shown_status_page (GtkWidget     *widget,
                      gconstpointer  data)
{
  return ADW_IS_STATUS_PAGE (widget) && gtk_widget_get_mapped (widget);
}

static AdwStatusPage *
find_shown_status_page (GtkWidget *widget)
{
  return (AdwStatusPage *) acc_test_find (widget, is_shown_status_page, NULL);
}

/* During the first pull, a search that finds nothing says the day is still arriving. */
static void
test_day_arriving (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  g_autoptr(AccStore) store = acc_test_open_new (dir, "day.db");
  g_autoptr(AccContext) context = acc_context_new (store, NULL);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(AccSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *url = NULL;
  AccArrivalsPage *page;
  AdwStatusPage *status;
  AccWindow *window;

  soup_server_add_handler (server, NULL, slow_day_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/esf-2026-12-26", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  engine = acc_sync_engine_new (store, url, 0, &error);
  g_assert_no_error (error);
  acc_context_set_engine (context, engine);
  window = acc_window_new (NULL, context, NULL);
  page = acc_window_get_arrivals_page (window);
  gtk_window_present (GTK_WINDOW (window));

  acc_sync_engine_start (engine);
  SPIN_UNTIL (acc_sync_engine_get_total (engine) == 100 &&
              acc_sync_engine_get_state (engine) == ACC_SYNC_SYNCING);

  gtk_editable_set_text (acc_arrivals_page_get_search_entry (page), "lefevre");
  SPIN_UNTIL ((status = find_shown_status_page (GTK_WIDGET (page))) != NULL);
  g_assert_nonnull (strstr (adw_status_page_get_description (status),
                            "still arriving from the cloud (0 of 100 documents)"));
  g_assert_nonnull (strstr (adw_status_page_get_description (status), "“lefevre”"));

  /* Working alone, the same search says nothing matches. */
  acc_context_set_engine (context, NULL);
  acc_arrivals_page_set_engine (page, NULL);
  g_assert_nonnull (strstr (adw_status_page_get_description (status),
                            "Nothing on this day matches “lefevre”"));

  gtk_window_destroy (GTK_WINDOW (window));
  acc_test_spin_a_little ();
  acc_test_remove_dir (dir);
}

static gboolean
is_booking_row (GtkWidget     *widget,
                gconstpointer  data)
{
  if (ACC_IS_BOOKING_ROW (widget))
    g_ptr_array_add ((GPtrArray *) data, widget);
  return FALSE;
}

/* Each booking row of @page, watched: a row destroyed turns its place to NULL. */
static GPtrArray *
watch_rows (AccArrivalsPage *page)
{
  GPtrArray *rows = g_ptr_array_new ();

  acc_test_count (GTK_WIDGET (page), is_booking_row, rows);
  for (guint i = 0; i < rows->len; i++)
    g_object_add_weak_pointer (g_ptr_array_index (rows, i), &rows->pdata[i]);
  return rows;
}

static void
unwatch_rows (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    if (rows->pdata[i] != NULL)
      g_object_remove_weak_pointer (rows->pdata[i], &rows->pdata[i]);
  g_ptr_array_unref (rows);
}

static gboolean
collect_shown_result (GtkWidget     *widget,
                      gconstpointer  data)
{
  if (ACC_IS_BOOKING_ROW (widget) && acc_booking_row_get_result (ACC_BOOKING_ROW (widget)))
    g_ptr_array_add ((GPtrArray *) data, acc_booking_row_get_result (ACC_BOOKING_ROW (widget)));
  return FALSE;
}

/* Whether the list view has a place for each result, and its rows show every result, once. */
static gboolean
list_follows_results (AccArrivalsPage *page)
{
  GListModel *results = acc_arrivals_page_get_results (page);
  GtkListView *view = GTK_LIST_VIEW (acc_test_find_widget (GTK_WIDGET (page),
                                                           GTK_TYPE_LIST_VIEW));
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();

  if (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (view))) !=
      g_list_model_get_n_items (results))
    return FALSE;

  acc_test_count (GTK_WIDGET (view), collect_shown_result, shown);
  if (shown->len != g_list_model_get_n_items (results))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GObject) result = g_list_model_get_item (results, i);

      if (!g_ptr_array_find (shown, result, NULL))
        return FALSE;
    }
  return TRUE;
}

/* Whether every row the list view shows now shows one of the results. */
static gboolean
rows_in_sight_follow (AccArrivalsPage *page)
{
  GListModel *results = acc_arrivals_page_get_results (page);
  GtkWidget *view = acc_test_find_widget (GTK_WIDGET (page), GTK_TYPE_LIST_VIEW);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint n_in_sight = 0;

  acc_test_count (view, is_booking_row, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      AccBookingResult *shown = acc_booking_row_get_result (g_ptr_array_index (rows, i));
      gboolean found = FALSE;
      graphene_rect_t bounds;

      if (!gtk_widget_compute_bounds (g_ptr_array_index (rows, i), view, &bounds) ||
          bounds.size.height <= 0 || bounds.origin.y + bounds.size.height <= 0 ||
          bounds.origin.y >= gtk_widget_get_height (view))
        continue;
      n_in_sight++;
      for (guint j = 0; j < g_list_model_get_n_items (results) && !found; j++)
        {
          g_autoptr(AccBookingResult) result = g_list_model_get_item (results, j);

          found = result == shown;
        }
      if (!found)
        return FALSE;
    }
  return n_in_sight > 0;
}

/* A large day, typed letter by letter: the rows of the results stay from key to key and show
 * the new results, those in sight at once, the others once the frame has been drawn. */
static void
test_rows_follow (void)
{
  g_autofree char *dir = acc_test_make_dir ();
  g_autoptr(AccStore) store = acc_test_open_new (dir, "day.db");
  g_autoptr(AccContext) context = NULL;
  g_autoptr(AccDemo) demo = acc_demo_new (7, 3000, "2026-12-26");
  g_autoptr(GError) error = NULL;
  AccArrivalsPage *page;
  GtkEditable *entry;
  AccWindow *window;
  GtkAdjustment *adjustment;
  GPtrArray *rows;
  guint n_kept = 0;
  int position = 0;

  g_assert_true (acc_demo_fill_store (demo, store, &error));
  g_assert_no_error (error);
  context = acc_context_new (store, NULL);
  window = acc_window_new (NULL, context, NULL);
  /* A short window: fewer rows in sight than results. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 500);
  gtk_window_present (GTK_WINDOW (window));
  page = acc_window_get_arrivals_page (window);
  entry = acc_arrivals_page_get_search_entry (page);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));

  gtk_editable_insert_text (entry, "m", 1, &position);
  g_assert_cmpuint (g_list_model_get_n_items (acc_arrivals_page_get_results (page)), >, 12);
  SPIN_UNTIL (list_follows_results (page));
  /* The list laid out, with rows in sight. */
  SPIN_UNTIL (rows_in_sight_follow (page));
  acc_test_spin_a_little ();
  rows = watch_rows (page);
  g_assert_cmpuint (rows->len, >, 12);
  /* Scrolled down the results of "m"… */
  adjustment = gtk_scrollable_get_vadjustment (
    GTK_SCROLLABLE (acc_test_find_widget (GTK_WIDGET (page), GTK_TYPE_LIST_VIEW)));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_page_size (adjustment));
  acc_test_spin_a_little ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);

  /* The next letter: more than a screen of results again, in the same rows. */
  gtk_editable_insert_text (entry, "a", 1, &position);
  g_assert_cmpuint (g_list_model_get_n_items (acc_arrivals_page_get_results (page)), >, 12);
  g_assert_true (rows_in_sight_follow (page));
  g_assert_false (list_follows_results (page));
  SPIN_UNTIL (list_follows_results (page));
  /* …those of "ma" show from the first. */
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  for (guint i = 0; i < rows->len; i++)
    n_kept += g_ptr_array_index (rows, i) != NULL;
  g_assert_cmpuint (n_kept, >=, 12);
  unwatch_rows (rows);

  gtk_window_destroy (GTK_WINDOW (window));
  acc_test_spin_a_little ();
  g_clear_object (&store);
  acc_test_remove_dir (dir);
}

static void
test_window_error (void)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                                 "No such file");
  g_autoptr(AccContext) context = acc_context_new (NULL, NULL);
  AccWindow *window = acc_window_new (NULL, context, error);

  g_assert_null (acc_window_get_store (window));
  g_assert_nonnull (acc_window_get_error (window));
  g_assert_cmpstr (acc_window_get_error (window)->message, ==, "No such file");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_search (Fixture       *fx,
             gconstpointer  data)
{
  GtkEditable *entry = acc_arrivals_page_get_search_entry (fx->page);
  GListModel *results = acc_arrivals_page_get_results (fx->page);
  g_autoptr(AccBookingResult) result = NULL;

  g_assert_nonnull (results);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);

  /* Typed in the field, searched at once, without accents or capitals. */
  gtk_editable_set_text (entry, "lefev");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  result = g_list_model_get_item (results, 0);
  g_assert_cmpstr (acc_booking_result_get_booking_id (result), ==, FX_BOOKING);
  g_assert_cmpstr (acc_booking_result_get_reference (result), ==, FX_REFERENCE);
  g_clear_object (&result);

  gtk_editable_set_text (entry, "LEFÈVRE zo");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  result = g_list_model_get_item (results, 0);
  g_assert_cmpstr (acc_booking_result_get_booking_id (result), ==, FX_BOOKING);
  g_clear_object (&result);

  /* The same through the page's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "arrivals.search", "s",
                                             "durand"));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "durand");
  result = find_result (results, PP_BOOKING);
  g_assert_nonnull (result);
  g_assert_null (find_result (results, FX_BOOKING));

  gtk_editable_set_text (entry, "");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
}

static void
test_enter_opens (Fixture       *fx,
                  gconstpointer  data)
{
  GtkEditable *entry = acc_arrivals_page_get_search_entry (fx->page);

  /* Enter on a name opens the first booking found. */
  gtk_editable_set_text (entry, "lefev");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (acc_arrivals_page_is_showing_card (fx->page));
  g_assert_cmpstr (acc_booking_card_get_booking_id (fx->card), ==, FX_BOOKING);

  /* Escape goes back to the results, which still hold the search. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "arrivals.back", NULL));
  g_assert_false (acc_arrivals_page_is_showing_card (fx->page));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "lefev");

  /* A booking code typed by hand, with a dash, opens its booking. */
  gtk_editable_set_text (entry, "pp4-aid");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (acc_arrivals_page_is_showing_card (fx->page));
  g_assert_cmpstr (acc_booking_card_get_booking_id (fx->card), ==, PP_BOOKING);

  /* Typing a new search leaves the card for the results. */
  gtk_editable_set_text (entry, "mart");
  g_assert_false (acc_arrivals_page_is_showing_card (fx->page));
}

static void
test_scanner (Fixture       *fx,
              gconstpointer  data)
{
  guint32 time_ms = 1000000;

  /* Typed 300 ms apart: a person, not a scanner; Enter opens nothing. */
  feed_text (fx->page, "km7px3", &time_ms, 300);
  g_assert_false (acc_arrivals_page_feed_key (fx->page, GDK_KEY_Return, time_ms));
  g_assert_false (acc_arrivals_page_is_showing_card (fx->page));
  g_assert_null (acc_booking_card_get_booking_id (fx->card));
  g_assert_null (acc_arrivals_page_get_message (fx->page));

  /* Too short to be a voucher, however fast. */
  time_ms += 1000;
  feed_text (fx->page, "km7p", &time_ms, 10);
  g_assert_false (acc_arrivals_page_feed_key (fx->page, GDK_KEY_Return, time_ms));
  g_assert_false (acc_arrivals_page_is_showing_card (fx->page));

  /* The same code 10 ms apart, Shift pressed for a capital on the way: a scanner. */
  time_ms += 1000;
  feed_text (fx->page, "km7", &time_ms, 10);
  g_assert_false (acc_arrivals_page_feed_key (fx->page, GDK_KEY_Shift_L, time_ms));
  feed_text (fx->page, "PX3", &time_ms, 10);
  g_assert_true (acc_arrivals_page_feed_key (fx->page, GDK_KEY_Return, time_ms));
  g_assert_true (acc_arrivals_page_is_showing_card (fx->page));
  g_assert_cmpstr (acc_booking_card_get_booking_id (fx->card), ==, FX_BOOKING);

  /* A scanned code that is no booking of the day says so, in words. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "arrivals.back", NULL));
  time_ms += 1000;
  feed_text (fx->page, "zz9zz9", &time_ms, 10);
  g_assert_false (acc_arrivals_page_feed_key (fx->page, GDK_KEY_Return, time_ms));
  g_assert_false (acc_arrivals_page_is_showing_card (fx->page));
  g_assert_nonnull (acc_arrivals_page_get_message (fx->page));
  g_assert_nonnull (strstr (acc_arrivals_page_get_message (fx->page), "ZZ9ZZ9"));

  /* The same through the action the scanner's Enter uses. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "arrivals.open-reference",
                                             "s", "km7px3"));
  g_assert_true (acc_arrivals_page_is_showing_card (fx->page));
  g_assert_null (acc_arrivals_page_get_message (fx->page));
}

/* Keeps the latest result the list showed for the fixture's booking. */
static void
on_items_changed (GListModel        *results,
                  guint              position,
                  guint              removed,
                  guint              added,
                  AccBookingResult **latest)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(AccBookingResult) result = g_list_model_get_item (results, i);

      if (g_strcmp0 (acc_booking_result_get_booking_id (result), FX_BOOKING) == 0)
        g_set_object (latest, result);
    }
}

static void
test_check_in_all (Fixture       *fx,
                   gconstpointer  data)
{
  GtkEditable *entry = acc_arrivals_page_get_search_entry (fx->page);
  GListModel *results = acc_arrivals_page_get_results (fx->page);
  g_autoptr(AccBookingResult) latest = NULL;
  g_autoptr(GPtrArray) before = list_booking (fx->day.store, FX_BOOKING);
  g_autoptr(GPtrArray) after = NULL;
  AccStoreStatus status_before = acc_test_get_status (fx->day.store);
  AccStoreStatus status_after;
  guint n_to_check_in = 0, n_unplaced = 0, n_placed = 0;
  gulong handler;

  for (guint i = 0; i < before->len; i++)
    {
      AccEnrollmentRow *row = g_ptr_array_index (before, i);

      g_assert_false (row->checked_in);
      n_to_check_in++;
      n_unplaced += row->group_id == NULL ? 1 : 0;
    }
  g_assert_cmpuint (n_to_check_in, ==, 4);
  g_assert_cmpuint (n_unplaced, ==, 1);

  /* Find the family, then tap it. */
  gtk_editable_set_text (entry, "lefev");
  handler = g_signal_connect (results, "items-changed", G_CALLBACK (on_items_changed), &latest);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "arrivals.open-booking", "s",
                                             FX_BOOKING));
  g_assert_true (acc_arrivals_page_is_showing_card (fx->page));

  /* The booking has a balance due, an allergy and a missing name: amber before, too. */
  g_assert_cmpstr (acc_booking_card_get_banner_state (fx->card), ==, "attention");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->card), "card.check-in-all", NULL));
  acc_test_spin_a_little ();

  /* One checkin fact per enrollment, one group fact for the one not placed: all waiting. */
  status_after = acc_test_get_status (fx->day.store);
  g_assert_cmpuint (status_after.checked_in, ==, status_before.checked_in + n_to_check_in);
  after = list_booking (fx->day.store, FX_BOOKING);
  for (guint i = 0; i < after->len; i++)
    {
      AccEnrollmentRow *row = g_ptr_array_index (after, i);

      g_assert_true (row->checked_in);
      g_assert_nonnull (row->group_id);
    }
  n_placed = n_unplaced;
  g_assert_cmpuint (status_after.pending, ==, status_before.pending + n_to_check_in + n_placed);

  /* The results list followed the store. */
  g_assert_nonnull (latest);
  g_assert_cmpuint (acc_booking_result_get_n_checked_in (latest), ==, n_to_check_in);
  g_signal_handler_disconnect (results, handler);

  /* Amber: checked in, but the desk must look at the allergy, the balance and the name. */
  g_assert_cmpstr (acc_booking_card_get_banner_state (fx->card), ==, "attention");
  g_assert_true (gtk_widget_has_css_class (acc_booking_card_get_banner (fx->card), "attention"));
  g_assert_false (gtk_widget_has_css_class (acc_booking_card_get_banner (fx->card), "done"));

  /* The result stays in view; the search field is empty and focused for the next family. */
  g_assert_true (acc_arrivals_page_is_showing_card (fx->page));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  SPIN_UNTIL (has_focus_within (fx->window, GTK_WIDGET (entry)));

  /* Nothing is left to check in: a second tap writes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (fx->card), "card.check-in-all", NULL);
  g_assert_cmpuint (acc_test_get_status (fx->day.store).pending, ==, status_after.pending);
}

static void
test_undo (Fixture       *fx,
           gconstpointer  data)
{
  GtkEditable *entry = acc_arrivals_page_get_search_entry (fx->page);
  AccStoreStatus status_checked, status_undone;
  g_autoptr(GPtrArray) rows = NULL;
  AccParticipantRow *widget;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "arrivals.open-booking", "s",
                                             FX_BOOKING));

  /* One participant alone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->card), "card.check-in", "s",
                                             FX_E_NOE));
  rows = list_booking (fx->day.store, FX_BOOKING);
  g_assert_true (find_row (rows, FX_E_NOE)->checked_in);
  g_assert_false (find_row (rows, FX_E_ZOE)->checked_in);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");

  widget = find_participant_row (GTK_WIDGET (fx->card), FX_E_NOE);
  g_assert_nonnull (widget);
  g_assert_cmpstr (gtk_actionable_get_action_name (
                     GTK_ACTIONABLE (acc_participant_row_get_check_button (widget))),
                   ==, "card.undo");

  /* Undo: a new fact, so one more document waits to be sent, and the state is back. */
  status_checked = acc_test_get_status (fx->day.store);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->card), "card.undo", "s", FX_E_NOE));
  status_undone = acc_test_get_status (fx->day.store);
  g_assert_cmpuint (status_undone.checked_in, ==, status_checked.checked_in - 1);
  g_assert_cmpuint (status_undone.pending, ==, status_checked.pending + 1);

  rows = list_booking (fx->day.store, FX_BOOKING);
  g_assert_false (find_row (rows, FX_E_NOE)->checked_in);

  /* The same widget now offers the check-in again. */
  g_assert_true (find_participant_row (GTK_WIDGET (fx->card), FX_E_NOE) == widget);
  g_assert_cmpstr (gtk_actionable_get_action_name (
                     GTK_ACTIONABLE (acc_participant_row_get_check_button (widget))),
                   ==, "card.check-in");
  g_assert_cmpstr (acc_booking_card_get_banner_state (fx->card), ==, "attention");
}

/* The pre-paid family of three: tap the result, tap "Check in all", done. */
static void
test_prepaid_family (Fixture       *fx,
                     gconstpointer  data)
{
  GListModel *results = acc_arrivals_page_get_results (fx->page);
  g_autoptr(GPtrArray) rows = NULL;
  AccStoreStatus before = acc_test_get_status (fx->day.store);
  GtkWidget *list_view;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "arrivals.search", "s",
                                             "durand"));
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);

  /* Tap 1: the result in the list. */
  list_view = acc_test_find_widget (GTK_WIDGET (fx->page), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list_view);
  g_assert_true (gtk_list_view_get_single_click_activate (GTK_LIST_VIEW (list_view)));
  g_signal_emit_by_name (list_view, "activate", 0);
  g_assert_true (acc_arrivals_page_is_showing_card (fx->page));
  g_assert_cmpstr (acc_booking_card_get_booking_id (fx->card), ==, PP_BOOKING);
  g_assert_null (acc_booking_card_get_banner_state (fx->card));

  /* Tap 2: check in all, which places them too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->card), "card.check-in-all", NULL));

  rows = list_booking (fx->day.store, PP_BOOKING);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      AccEnrollmentRow *row = g_ptr_array_index (rows, i);

      g_assert_true (row->checked_in);
      g_assert_nonnull (row->group_id);
    }
  g_assert_cmpuint (acc_test_get_status (fx->day.store).checked_in, ==, before.checked_in + 3);

  /* Done: green. */
  g_assert_cmpstr (acc_booking_card_get_banner_state (fx->card), ==, "done");
  g_assert_true (gtk_widget_has_css_class (acc_booking_card_get_banner (fx->card), "done"));

  /* Opened again later, the same booking is "already checked in": amber. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "arrivals.open-reference",
                                             "s", PP_REFERENCE));
  g_assert_cmpstr (acc_booking_card_get_banner_state (fx->card), ==, "attention");
}

static void
test_cancelled (Fixture       *fx,
                gconstpointer  data)
{
  AccStoreStatus before = acc_test_get_status (fx->day.store);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "arrivals.open-reference",
                                             "s", FX_REFERENCE2));
  g_assert_true (acc_arrivals_page_is_showing_card (fx->page));
  g_assert_cmpstr (acc_booking_card_get_booking_id (fx->card), ==, FX_BOOKING2);
  g_assert_cmpstr (acc_booking_card_get_banner_state (fx->card), ==, "blocked");
  g_assert_true (gtk_widget_has_css_class (acc_booking_card_get_banner (fx->card), "blocked"));

  /* Nothing to check in: the action does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (fx->card), "card.check-in-all", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fx->card), "card.check-in", "s", FX_E_MARTIN);
  g_assert_cmpuint (acc_test_get_status (fx->day.store).checked_in, ==, before.checked_in);
  g_assert_cmpuint (acc_test_get_status (fx->day.store).pending, ==, before.pending);
}

/* A lesson two desks disagree about is marked where the desk looks: in the search list. */
static void
test_conflict_marked (Fixture       *fx,
                      gconstpointer  data)
{
  GtkEditable *entry = acc_arrivals_page_get_search_entry (fx->page);
  GtkLabel *label;

  gtk_editable_set_text (entry, "lefevre zoe");
  SPIN_UNTIL (acc_test_find_label (GTK_WIDGET (fx->page), "not checked in") != NULL);
  g_assert_null (acc_test_find_label (GTK_WIDGET (fx->page), "not checked in · conflict"));

  /* Two desks offline each move Zoé, to different groups. */
  acc_test_put_remote_fact (fx->day.store, "f1", "assign_group", "000001798000010000-000000-a",
                            "desk-a", "", "\"enrollment_id\":\"" FX_E_ZOE "\",\"group_id\":\""
                            FX_GROUP_B "\",\"reason\":\"\"");
  acc_test_put_remote_fact (fx->day.store, "f2", "assign_group", "000001798000020000-000000-b",
                            "desk-b", "", "\"enrollment_id\":\"" FX_E_ZOE "\",\"group_id\":\""
                            FX_GROUP_A "\",\"reason\":\"\"");

  SPIN_UNTIL ((label = acc_test_find_label (GTK_WIDGET (fx->page),
                                            "not checked in · conflict")) != NULL);
  /* Said in words and with an icon; the colour only adds to them. */
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_parent (GTK_WIDGET (label)),
                                           "acc-state-conflict"));
}

int
main (int   argc,
      char *argv[])
{

  acc_test_ui_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/ui/arrivals/" name, Fixture, prepaid_family, acc_test_window_set_up, func, \
              acc_test_window_tear_down)

  ADD ("window-header", test_window_header);
  g_test_add_func ("/ui/arrivals/window-error", test_window_error);
  g_test_add_func ("/ui/arrivals/sync-indicator", test_sync_indicator);
  g_test_add_func ("/ui/arrivals/peers-indicator", test_peers_indicator);
  g_test_add_func ("/ui/arrivals/day-arriving", test_day_arriving);
  g_test_add_func ("/ui/arrivals/rows-follow", test_rows_follow);
  ADD ("search", test_search);
  ADD ("enter-opens", test_enter_opens);
  ADD ("scanner", test_scanner);
  ADD ("check-in-all", test_check_in_all);
  ADD ("undo", test_undo);
  ADD ("prepaid-family", test_prepaid_family);
  ADD ("cancelled", test_cancelled);
  ADD ("conflict-marked", test_conflict_marked);

  return g_test_run ();
}
