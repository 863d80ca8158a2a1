/* acc-arrivals-page.c: the desk's search and the booking card, where families check in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "acc-arrivals-page.h"
#include "acc-booking-result.h"
#include "acc-booking-row.h"
#include "acc-error.h"
#include "acc-result-places.h"
#include "acc-search-model.h"
#include "acc-store-watch.h"
#include "acc-ui-util.h"
#include "acc-walkin-dialog.h"

/* What a key did to the scanner detector. */
typedef enum
{
  FEED_IGNORED,   /* Not the end of a scan: the key goes on to its widget. */
  FEED_OPENED,    /* A scanned code opened its booking. */
  FEED_UNKNOWN,   /* A scanned code that is no booking of the day: the page says so. */
} FeedResult;

struct _AccArrivalsPage
{
  AdwBin              parent_instance;

  AccStore           *store;
  AccSyncEngine      *engine;      /* Nullable: the day is not replicated. */
  gulong              engine_id;
  AccSearchModel     *model;
  GtkNoSelection     *selection;
  gulong              items_changed_id;
  /* The places of the results in the list view: their rows stay from key to key. Those below
   * the first follow a change once the frame clock has drawn the first. */
  AccResultPlaces    *places;
  GdkFrameClock      *clock;
  gulong              after_paint_id;

  /* The keys typed fast enough to come from a scanner, and when the last one came. */
  GString            *burst;
  guint32             burst_time;
  GtkEventController *root_controller;
  GtkWidget          *root;

  /* Set while the page changes the search text itself, which is no new search by a person. */
  gboolean            updating_text;

  /* Template widgets */
  GtkWidget          *back_button;
  GtkSearchEntry     *search_entry;
  GtkWidget          *message_box;
  GtkLabel           *message_label;
  GtkStack           *stack;
  GtkStack           *results_stack;
  AdwStatusPage      *no_results_page;
  GtkWidget          *no_results_button;
  AdwButtonContent   *no_results_button_content;
  GtkWidget          *new_booking_button;
  GtkListView        *list_view;
  AccBookingCard     *card;
};

G_DEFINE_FINAL_TYPE (AccArrivalsPage, acc_arrivals_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SHOWING_CARD,
  N_PROPS
};

enum {
  BOOKING_OPENED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
acc_arrivals_page_set_text (AccArrivalsPage *self,
                            const char      *text)
{
  self->updating_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  self->updating_text = FALSE;
}

static void
acc_arrivals_page_show_message (AccArrivalsPage *self,
                                const char      *message)
{
  gtk_label_set_label (self->message_label, message ? message : "");
  gtk_widget_set_visible (self->message_box, message != NULL);
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_box),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, message,
                                    -1);
}

static void
acc_arrivals_page_show_unknown_reference (AccArrivalsPage *self,
                                          const char      *reference)
{
  g_autofree char *upper = g_utf8_strup (reference, -1);
  g_autofree char *message = NULL;

  g_strstrip (upper);
  /* Translators: shown big and red when a scanned or typed booking code is not on the day
   * the desk holds: %s is the code. */
  message = g_strdup_printf (_("No booking %s on this day"), upper);
  acc_arrivals_page_show_message (self, message);
}

/* Focuses the search field with the cursor at the end, keeping what it holds. */
static void
acc_arrivals_page_focus_entry (AccArrivalsPage *self)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry));

  if (GTK_IS_TEXT (delegate))
    gtk_text_grab_focus_without_selecting (GTK_TEXT (delegate));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
}

static void
acc_arrivals_page_show_results (AccArrivalsPage *self)
{
  if (!acc_arrivals_page_is_showing_card (self))
    return;

  gtk_stack_set_visible_child_name (self->stack, "results");
  gtk_widget_set_visible (self->back_button, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWING_CARD]);
}

static void
acc_arrivals_page_open_booking (AccArrivalsPage *self,
                                const char      *booking_id)
{
  gboolean was_showing_card = acc_arrivals_page_is_showing_card (self);

  g_assert (ACC_IS_ARRIVALS_PAGE (self));
  g_assert (booking_id != NULL);

  acc_arrivals_page_show_message (self, NULL);
  acc_booking_card_set_booking_id (self->card, booking_id);
  gtk_stack_set_visible_child_name (self->stack, "card");
  gtk_widget_set_visible (self->back_button, TRUE);

  /* Enter then checks the family in; typing goes back to the search field. */
  if (!acc_booking_card_focus_primary (self->card))
    acc_arrivals_page_focus_entry (self);

  if (!was_showing_card)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWING_CARD]);
  g_signal_emit (self, signals[BOOKING_OPENED], 0, booking_id);
}

/* Opens the booking that @reference names, or says there is none. */
static gboolean
acc_arrivals_page_open_reference (AccArrivalsPage *self,
                                  const char      *reference)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *booking_id = NULL;

  if (self->store == NULL)
    return FALSE;

  booking_id = acc_store_lookup_booking (self->store, reference, &error);
  if (booking_id == NULL)
    {
      if (!g_error_matches (error, ACC_ERROR, ACC_ERROR_NOT_FOUND) && error != NULL)
        g_debug ("Cannot look up booking %s: %s", reference, error->message);
      acc_arrivals_page_show_unknown_reference (self, reference);
      return FALSE;
    }

  acc_arrivals_page_open_booking (self, booking_id);
  return TRUE;
}

/* Whether @text could be a booking code rather than a name: one word of letters and digits
 * with at least one digit. The codes on vouchers are never plain words. */
static gboolean
looks_like_reference (const char *text)
{
  guint n = 0;
  gboolean digit = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '-')
        continue;
      if (!g_ascii_isalnum (*p))
        return FALSE;
      digit |= g_ascii_isdigit (*p);
      n++;
    }

  return digit && n >= ACC_SCANNER_MIN_LENGTH;
}

/* Whether @text could be a family's name: letters, with the spaces, hyphens and apostrophes
 * names have, and nothing else. */
static gboolean
looks_like_name (const char *text)
{
  guint n_letters = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalpha (c))
        n_letters++;
      else if (c != ' ' && c != '-' && c != '\'' && c != 0x2019)
        return FALSE;
    }

  return n_letters >= 2;
}

/* The name a search that found nothing typed, as a name is written: “durand” is “Durand”,
 * “le goff” “Le Goff”; a name typed with capitals stays as it is. NULL when the search is
 * no name. */
static char *
dup_searched_name (AccArrivalsPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_autofree char *lower = NULL;
  GString *name;
  gboolean word_start = TRUE;

  if (!looks_like_name (text))
    return NULL;

  lower = g_utf8_strdown (text, -1);
  if (!g_str_equal (lower, text))
    return g_steal_pointer (&text);

  name = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (name, word_start ? g_unichar_totitle (c) : c);
      word_start = !g_unichar_isalpha (c);
    }

  return g_string_free (name, FALSE);
}

static void
acc_arrivals_page_update_results_state (AccArrivalsPage *self)
{
  g_autofree char *text = NULL;

  if (self->model == NULL)
    {
      gtk_stack_set_visible_child_name (self->results_stack, "hint");
      return;
    }

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    gtk_stack_set_visible_child_name (self->results_stack, "list");
  else if (text[0] == '\0')
    gtk_stack_set_visible_child_name (self->results_stack, "hint");
  else
    {
      g_autofree char *description = NULL;

      if (self->engine != NULL && acc_sync_engine_is_receiving_day (self->engine))
        /* Translators: when the search finds nothing during the first pull of the day: %1$s
         * is what was typed, %2$u and %3$u how many documents arrived of how many. */
        description = g_strdup_printf (ngettext ("The day is still arriving from the cloud "
                                                 "(%2$u of %3$u document): “%1$s” may not be "
                                                 "here yet. Try again in a moment.",
                                                 "The day is still arriving from the cloud "
                                                 "(%2$u of %3$u documents): “%1$s” may not be "
                                                 "here yet. Try again in a moment.",
                                                 acc_sync_engine_get_total (self->engine)),
                                       text, acc_sync_engine_get_received (self->engine),
                                       acc_sync_engine_get_total (self->engine));
      else
        /* Translators: when the search finds nothing: %s is what was typed. */
        description = g_strdup_printf (_("Nothing on this day matches “%s”. Check the "
                                         "spelling, or try the booking code or the last four "
                                         "digits of a phone."),
                                       text);
      adw_status_page_set_description (self->no_results_page, description);

      {
        g_autofree char *name = dup_searched_name (self);
        g_autofree char *label = NULL;

        if (name != NULL)
          /* Translators: the button under “No Booking Found” when a name was searched: %s
           * is the name, which the new booking's payer takes. */
          label = g_strdup_printf (_("New Booking for “%s”"), name);
        adw_button_content_set_label (self->no_results_button_content,
                                      label ? label : _("New Booking"));
      }
      gtk_stack_set_visible_child_name (self->results_stack, "none");
    }
}

static void
follow_all_results (AccArrivalsPage *self)
{
  if (self->places != NULL)
    acc_result_places_follow_all (self->places);
}

static void
on_realize (AccArrivalsPage *self)
{
  self->clock = g_object_ref (gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  self->after_paint_id = g_signal_connect_swapped (self->clock, "after-paint",
                                                   G_CALLBACK (follow_all_results), self);
}

/* Off the screen, no frame comes: the results all follow at once. */
static void
on_unrealize (AccArrivalsPage *self)
{
  g_clear_signal_handler (&self->after_paint_id, self->clock);
  g_clear_object (&self->clock);
  follow_all_results (self);
}

static void
on_search_changed (AccArrivalsPage *self,
                   GtkEditable     *entry)
{
  const char *text = gtk_editable_get_text (entry);

  /* Another search shows its results from the first. */
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view)), 0);
  if (self->model != NULL)
    acc_search_model_set_text (self->model, text);
  acc_arrivals_page_update_results_state (self);

  /* A person typing looks for another family; the page clearing the field after a
   * check-in leaves the card and its result in view. */
  if (!self->updating_text)
    {
      acc_arrivals_page_show_message (self, NULL);
      if (text[0] != '\0')
        acc_arrivals_page_show_results (self);
    }
}

static void
on_search_activate (AccArrivalsPage *self,
                    GtkSearchEntry  *entry)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  g_autofree char *booking_id = NULL;

  g_strstrip (text);
  if (text[0] == '\0' || self->store == NULL)
    return;

  /* A booking code typed by hand opens its booking at once. */
  booking_id = acc_store_lookup_booking (self->store, text, NULL);
  if (booking_id != NULL)
    {
      acc_arrivals_page_open_booking (self, booking_id);
      return;
    }

  if (self->model != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      g_autoptr(AccBookingResult) first = g_list_model_get_item (G_LIST_MODEL (self->model), 0);

      acc_arrivals_page_open_booking (self, acc_booking_result_get_booking_id (first));
      return;
    }

  if (looks_like_reference (text))
    acc_arrivals_page_show_unknown_reference (self, text);
}

static void
on_stop_search (AccArrivalsPage *self,
                GtkSearchEntry  *entry)
{
  if (acc_arrivals_page_is_showing_card (self))
    gtk_widget_activate_action (GTK_WIDGET (self), "arrivals.back", NULL);
  else
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static gboolean
on_search_key_pressed (AccArrivalsPage       *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  /* Down goes from the search field to the results, as in any search list. */
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      !acc_arrivals_page_is_showing_card (self) &&
      self->model != NULL &&
      g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    return gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);

  return GDK_EVENT_PROPAGATE;
}

static void
on_list_activate (AccArrivalsPage *self,
                  guint            position,
                  GtkListView     *list_view)
{
  g_autoptr(AccBookingResult) result = NULL;

  if (self->model == NULL)
    return;

  result = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (result != NULL)
    acc_arrivals_page_open_booking (self, acc_booking_result_get_booking_id (result));
}

static void
on_card_checked_in (AccArrivalsPage *self,
                    AccBookingCard  *card)
{
  /* The result stays in view; the field is ready for the next family. */
  acc_arrivals_page_set_text (self, "");
  acc_arrivals_page_focus_entry (self);
}

static void
on_factory_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, acc_booking_row_new ());
}

static void
on_factory_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 AccArrivalsPage          *self)
{
  acc_result_places_bind (self->places, list_item);
}

static void
on_factory_unbind (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   AccArrivalsPage          *self)
{
  acc_result_places_unbind (self->places, list_item);
}

/* Takes the scanned characters out of the search field, where they went as typing. */
static void
acc_arrivals_page_remove_burst_text (AccArrivalsPage *self,
                                     const char      *burst)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (g_str_has_suffix (text, burst))
    {
      g_autofree char *rest = g_strndup (text, strlen (text) - strlen (burst));

      acc_arrivals_page_set_text (self, rest);
    }
}

static FeedResult
acc_arrivals_page_feed (AccArrivalsPage *self,
                        guint            keyval,
                        guint32          time_ms)
{
  gunichar c;

  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
    {
      g_autofree char *code = g_string_free (g_steal_pointer (&self->burst), FALSE);
      guint length = g_utf8_strlen (code, -1);
      g_autofree char *booking_id = NULL;

      self->burst = g_string_new (NULL);

      if (length < ACC_SCANNER_MIN_LENGTH || self->store == NULL)
        return FEED_IGNORED;

      acc_arrivals_page_remove_burst_text (self, code);

      booking_id = acc_store_lookup_booking (self->store, code, NULL);
      if (booking_id == NULL)
        {
          acc_arrivals_page_show_unknown_reference (self, code);
          return FEED_UNKNOWN;
        }

      acc_arrivals_page_open_booking (self, booking_id);
      return FEED_OPENED;
    }

  /* Scanners press Shift for capitals: it neither adds to a scan nor breaks it. */
  switch (keyval)
    {
    case GDK_KEY_Shift_L:
    case GDK_KEY_Shift_R:
    case GDK_KEY_Caps_Lock:
    case GDK_KEY_Shift_Lock:
    case GDK_KEY_ISO_Level3_Shift:
      return FEED_IGNORED;
    default:
      break;
    }

  c = gdk_keyval_to_unicode (keyval);
  if (c == 0 || !g_unichar_isgraph (c))
    {
      g_string_truncate (self->burst, 0);
      return FEED_IGNORED;
    }

  /* Unsigned arithmetic keeps the interval right when the 32-bit clock wraps. */
  if (self->burst->len == 0 ||
      (guint32) (time_ms - self->burst_time) >= ACC_SCANNER_MAX_INTERVAL_MS)
    g_string_truncate (self->burst, 0);
  g_string_append_unichar (self->burst, c);
  self->burst_time = time_ms;

  return FEED_IGNORED;
}

static gboolean
focus_is_editable (GtkWidget *focus)
{
  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_EDITABLE (w) || GTK_IS_POPOVER (w))
      return TRUE;

  return FALSE;
}

static gboolean
on_root_key_pressed (AccArrivalsPage       *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  guint32 time_ms = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *focus;
  gunichar c;
  char utf8[7];
  int length;

  /* Shortcuts are no typing. */
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  if (acc_arrivals_page_feed (self, keyval, time_ms) != FEED_IGNORED)
    return GDK_EVENT_STOP;

  /* Typing anywhere on the page, or a scan, goes to the search field: after a tap on a
   * button the focus is there, and the next family is typed at once. */
  c = gdk_keyval_to_unicode (keyval);
  if (c == 0 || !g_unichar_isgraph (c) || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return GDK_EVENT_PROPAGATE;

  focus = gtk_root_get_focus (GTK_ROOT (self->root));
  if (focus_is_editable (focus))
    return GDK_EVENT_PROPAGATE;

  length = g_unichar_to_utf8 (c, utf8);
  utf8[length] = '\0';
  acc_arrivals_page_focus_entry (self);
  {
    int position = -1;

    gtk_editable_insert_text (GTK_EDITABLE (self->search_entry), utf8, length, &position);
    gtk_editable_set_position (GTK_EDITABLE (self->search_entry), position);
  }

  return GDK_EVENT_STOP;
}

static void
arrivals_search (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AccArrivalsPage *self = ACC_ARRIVALS_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry),
                         g_variant_get_string (parameter, NULL));
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
}

static void
arrivals_open_booking (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AccArrivalsPage *self = ACC_ARRIVALS_PAGE (widget);

  acc_arrivals_page_open_booking (self, g_variant_get_string (parameter, NULL));
}

static void
arrivals_open_reference (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  AccArrivalsPage *self = ACC_ARRIVALS_PAGE (widget);

  acc_arrivals_page_open_reference (self, g_variant_get_string (parameter, NULL));
}

static void
on_walkin_registered (AccArrivalsPage *self,
                      const char      *booking_id,
                      AccWalkinDialog *dialog)
{
  /* Under the dialog, the new booking's card waits for the family. */
  acc_arrivals_page_set_text (self, "");
  acc_arrivals_page_open_booking (self, booking_id);
}

/* “Check In All” of the dialog is the card's own, on the card that shows the new booking:
 * it then says “Checked in” as for any family, and offers to undo it. */
static gboolean
on_walkin_check_in (AccArrivalsPage *self,
                    const char      *booking_id,
                    AccWalkinDialog *dialog)
{
  if (!acc_arrivals_page_is_showing_card (self) ||
      g_strcmp0 (acc_booking_card_get_booking_id (self->card), booking_id) != 0)
    return FALSE;

  return gtk_widget_activate_action (GTK_WIDGET (self->card), "card.check-in-all", NULL);
}

static void
arrivals_new_booking (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AccArrivalsPage *self = ACC_ARRIVALS_PAGE (widget);
  g_autofree char *last_name = NULL;
  AccWalkinDialog *dialog;

  if (self->store == NULL)
    return;

  /* A name searched in vain is most likely the family's, at the desk now. */
  if (!acc_arrivals_page_is_showing_card (self) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->results_stack), "none") == 0)
    last_name = dup_searched_name (self);

  dialog = acc_walkin_dialog_new (self->store, last_name);
  g_signal_connect_object (dialog, "registered", G_CALLBACK (on_walkin_registered), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "check-in", G_CALLBACK (on_walkin_check_in), self,
                           G_CONNECT_SWAPPED);
  acc_window_present_modal (GTK_WINDOW (dialog), GTK_WIDGET (self));
}

static void
arrivals_back (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AccArrivalsPage *self = ACC_ARRIVALS_PAGE (widget);

  acc_arrivals_page_show_results (self);
  acc_arrivals_page_focus_entry (self);
}

static gboolean
acc_arrivals_page_check_in_all (GtkWidget *widget,
                                GVariant  *args,
                                gpointer   user_data)
{
  AccArrivalsPage *self = ACC_ARRIVALS_PAGE (widget);

  /* Ctrl+Enter works from the search field too, where the focus is after a scan. */
  if (!acc_arrivals_page_is_showing_card (self))
    return FALSE;

  return gtk_widget_activate_action (GTK_WIDGET (self->card), "card.check-in-all", NULL);
}

static void
acc_arrivals_page_root (GtkWidget *widget)
{
  AccArrivalsPage *self = ACC_ARRIVALS_PAGE (widget);

  GTK_WIDGET_CLASS (acc_arrivals_page_parent_class)->root (widget);

  /* The scanner types wherever the focus is, so the whole window listens, before any
   * widget sees the keys. */
  self->root = GTK_WIDGET (gtk_widget_get_root (widget));
  self->root_controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (self->root_controller, "acc-scanner");
  gtk_event_controller_set_propagation_phase (self->root_controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (self->root_controller, "key-pressed",
                           G_CALLBACK (on_root_key_pressed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->root, self->root_controller);
}

static void
acc_arrivals_page_unroot (GtkWidget *widget)
{
  AccArrivalsPage *self = ACC_ARRIVALS_PAGE (widget);

  if (self->root_controller != NULL)
    {
      gtk_widget_remove_controller (self->root, self->root_controller);
      self->root_controller = NULL;
      self->root = NULL;
    }

  GTK_WIDGET_CLASS (acc_arrivals_page_parent_class)->unroot (widget);
}

static void
acc_arrivals_page_dispose (GObject *object)
{
  AccArrivalsPage *self = ACC_ARRIVALS_PAGE (object);

  g_clear_signal_handler (&self->items_changed_id, self->model);
  g_clear_signal_handler (&self->engine_id, self->engine);
  g_clear_object (&self->engine);

  gtk_widget_dispose_template (GTK_WIDGET (self), ACC_TYPE_ARRIVALS_PAGE);

  g_clear_signal_handler (&self->after_paint_id, self->clock);
  g_clear_object (&self->clock);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->places, acc_result_places_free);
  g_clear_object (&self->model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (acc_arrivals_page_parent_class)->dispose (object);
}

static void
acc_arrivals_page_finalize (GObject *object)
{
  AccArrivalsPage *self = ACC_ARRIVALS_PAGE (object);

  g_string_free (self->burst, TRUE);

  G_OBJECT_CLASS (acc_arrivals_page_parent_class)->finalize (object);
}

static void
acc_arrivals_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AccArrivalsPage *self = ACC_ARRIVALS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SHOWING_CARD:
      g_value_set_boolean (value, acc_arrivals_page_is_showing_card (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_arrivals_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AccArrivalsPage *self = ACC_ARRIVALS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      acc_arrivals_page_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_arrivals_page_class_init (AccArrivalsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = acc_arrivals_page_dispose;
  object_class->finalize = acc_arrivals_page_finalize;
  object_class->get_property = acc_arrivals_page_get_property;
  object_class->set_property = acc_arrivals_page_set_property;

  widget_class->root = acc_arrivals_page_root;
  widget_class->unroot = acc_arrivals_page_unroot;

  /**
   * AccArrivalsPage:store:
   *
   * The day's replica the page searches and checks in.
   */
  properties[PROP_STORE] = acc_store_watch_param_spec (G_PARAM_EXPLICIT_NOTIFY);

  /**
   * AccArrivalsPage:showing-card:
   *
   * Whether the page shows a booking's card rather than the search results.
   */
  properties[PROP_SHOWING_CARD] =
    g_param_spec_boolean ("showing-card", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AccArrivalsPage::booking-opened:
   * @booking_id: the booking
   *
   * Emitted when the page opens a booking's card, by a tap, Enter or a scan.
   */
  signals[BOOKING_OPENED] =
    g_signal_new ("booking-opened",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (ACC_TYPE_BOOKING_CARD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-arrivals-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AccArrivalsPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, AccArrivalsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AccArrivalsPage, message_box);
  gtk_widget_class_bind_template_child (widget_class, AccArrivalsPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, AccArrivalsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AccArrivalsPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, AccArrivalsPage, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, AccArrivalsPage, no_results_button);
  gtk_widget_class_bind_template_child (widget_class, AccArrivalsPage, no_results_button_content);
  gtk_widget_class_bind_template_child (widget_class, AccArrivalsPage, new_booking_button);
  gtk_widget_class_bind_template_child (widget_class, AccArrivalsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, AccArrivalsPage, card);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_search_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_card_checked_in);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_factory_unbind);

  gtk_widget_class_install_action (widget_class, "arrivals.search", "s", arrivals_search);
  gtk_widget_class_install_action (widget_class, "arrivals.open-booking", "s",
                                   arrivals_open_booking);
  gtk_widget_class_install_action (widget_class, "arrivals.open-reference", "s",
                                   arrivals_open_reference);
  gtk_widget_class_install_action (widget_class, "arrivals.back", NULL, arrivals_back);
  gtk_widget_class_install_action (widget_class, "arrivals.new-booking", NULL,
                                   arrivals_new_booking);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "arrivals.back", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                acc_arrivals_page_check_in_all, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                acc_arrivals_page_check_in_all, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "arrivals.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "arrivals.new-booking", NULL);
}

static void
acc_arrivals_page_init (AccArrivalsPage *self)
{
  self->burst = g_string_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "arrivals.new-booking", FALSE);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize), NULL);
  g_signal_connect (self, "unrealize", G_CALLBACK (on_unrealize), NULL);

  acc_arrivals_page_update_results_state (self);
}

/**
 * acc_arrivals_page_new:
 * @store: (nullable): the day's replica
 *
 * Returns: (transfer floating): a new #AccArrivalsPage
 */
GtkWidget *
acc_arrivals_page_new (AccStore *store)
{
  g_return_val_if_fail (store == NULL || ACC_IS_STORE (store), NULL);

  return g_object_new (ACC_TYPE_ARRIVALS_PAGE, "store", store, NULL);
}

/**
 * acc_arrivals_page_get_store:
 * @self: a #AccArrivalsPage
 *
 * Returns: (transfer none) (nullable): the day's replica
 */
AccStore *
acc_arrivals_page_get_store (AccArrivalsPage *self)
{
  g_return_val_if_fail (ACC_IS_ARRIVALS_PAGE (self), NULL);

  return self->store;
}

/**
 * acc_arrivals_page_set_engine:
 * @engine: (nullable): the day's replication with the cloud
 *
 * While the day is still arriving, a search that finds nothing says so.
 */
void
acc_arrivals_page_set_engine (AccArrivalsPage *self,
                              AccSyncEngine   *engine)
{
  g_return_if_fail (ACC_IS_ARRIVALS_PAGE (self));
  g_return_if_fail (engine == NULL || ACC_IS_SYNC_ENGINE (engine));

  g_clear_signal_handler (&self->engine_id, self->engine);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    self->engine_id = g_signal_connect_object (engine, "notify",
                                               G_CALLBACK (acc_arrivals_page_update_results_state),
                                               self, G_CONNECT_SWAPPED);
  acc_arrivals_page_update_results_state (self);
}

/**
 * acc_arrivals_page_set_store:
 * @self: a #AccArrivalsPage
 * @store: (nullable): the day's replica
 */
void
acc_arrivals_page_set_store (AccArrivalsPage *self,
                             AccStore        *store)
{
  g_return_if_fail (ACC_IS_ARRIVALS_PAGE (self));
  g_return_if_fail (store == NULL || ACC_IS_STORE (store));

  if (self->store == store)
    return;

  g_clear_signal_handler (&self->items_changed_id, self->model);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->places, acc_result_places_free);
  g_clear_object (&self->model);
  g_set_object (&self->store, store);

  if (store != NULL)
    {
      self->model = acc_search_model_new (store);
      acc_search_model_set_text (self->model,
                                 gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      self->items_changed_id =
        g_signal_connect_object (self->model, "items-changed",
                                 G_CALLBACK (acc_arrivals_page_update_results_state),
                                 self, G_CONNECT_SWAPPED);
      self->places = acc_result_places_new (G_LIST_MODEL (self->model), self->list_view);
      self->selection = gtk_no_selection_new (
        g_object_ref (acc_result_places_get_model (self->places)));
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
    }

  acc_booking_card_set_store (self->card, store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "arrivals.new-booking", store != NULL);
  acc_arrivals_page_show_results (self);
  acc_arrivals_page_update_results_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * acc_arrivals_page_get_search_entry:
 * @self: a #AccArrivalsPage
 *
 * Returns: (transfer none): the search field
 */
GtkEditable *
acc_arrivals_page_get_search_entry (AccArrivalsPage *self)
{
  g_return_val_if_fail (ACC_IS_ARRIVALS_PAGE (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

/**
 * acc_arrivals_page_get_results:
 * @self: a #AccArrivalsPage
 *
 * Returns: (transfer none) (nullable): the search results, a list of #AccBookingResult
 */
GListModel *
acc_arrivals_page_get_results (AccArrivalsPage *self)
{
  g_return_val_if_fail (ACC_IS_ARRIVALS_PAGE (self), NULL);

  return self->model ? G_LIST_MODEL (self->model) : NULL;
}

/**
 * acc_arrivals_page_get_card:
 * @self: a #AccArrivalsPage
 *
 * Returns: (transfer none): the booking card
 */
AccBookingCard *
acc_arrivals_page_get_card (AccArrivalsPage *self)
{
  g_return_val_if_fail (ACC_IS_ARRIVALS_PAGE (self), NULL);

  return self->card;
}

/**
 * acc_arrivals_page_is_showing_card:
 * @self: a #AccArrivalsPage
 *
 * Returns: whether the page shows a booking's card rather than the search results
 */
gboolean
acc_arrivals_page_is_showing_card (AccArrivalsPage *self)
{
  g_return_val_if_fail (ACC_IS_ARRIVALS_PAGE (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "card") == 0;
}

/**
 * acc_arrivals_page_get_message:
 * @self: a #AccArrivalsPage
 *
 * Returns: (nullable): the message the page shows big and red, such as an unknown scanned
 *   code, or %NULL
 */
const char *
acc_arrivals_page_get_message (AccArrivalsPage *self)
{
  g_return_val_if_fail (ACC_IS_ARRIVALS_PAGE (self), NULL);

  if (!gtk_widget_get_visible (self->message_box))
    return NULL;

  return gtk_label_get_label (self->message_label);
}

/**
 * acc_arrivals_page_focus_search:
 * @self: a #AccArrivalsPage
 *
 * Focuses the search field and selects its text, so that typing starts a new search.
 */
void
acc_arrivals_page_focus_search (AccArrivalsPage *self)
{
  g_return_if_fail (ACC_IS_ARRIVALS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/**
 * acc_arrivals_page_feed_key:
 * @self: a #AccArrivalsPage
 * @keyval: a key pressed anywhere in the window
 * @time_ms: when, in milliseconds, as key events give it
 *
 * Watches the keys for a voucher scanner: characters typed less than
 * %ACC_SCANNER_MAX_INTERVAL_MS apart, at least %ACC_SCANNER_MIN_LENGTH of them, then
 * Enter. The page calls it for every key of its window; tests call it with made-up times.
 *
 * Returns: %TRUE when @keyval was the Enter of a scan that opened its booking
 */
gboolean
acc_arrivals_page_feed_key (AccArrivalsPage *self,
                            guint            keyval,
                            guint32          time_ms)
{
  g_return_val_if_fail (ACC_IS_ARRIVALS_PAGE (self), FALSE);

  return acc_arrivals_page_feed (self, keyval, time_ms) == FEED_OPENED;
}
