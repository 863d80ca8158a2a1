/* acc-window.c: the desk's main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "acc-day-switcher.h"
#include "acc-error.h"
#include "acc-review-page.h"
#include "acc-sync-indicator.h"
#include "acc-window.h"
#include "acc-store-watch.h"
#include "acc-class-list-print.h"
#include "acc-tally-page.h"
#include "acc-board-page.h"
#include "acc-group-roll-call-page.h"
#include "acc-roll-call-page.h"
#include "acc-ui-util.h"

struct _AccWindow
{
  AdwApplicationWindow parent_instance;

  AccBoardPage       *board_page;

  AccContext       *context;
  GError           *error;
  AccStoreWatch     watch;
  AdwViewStackPage *review_stack_page;

  /* Template widgets */
  AdwToastOverlay  *toast_overlay;
  AdwWindowTitle   *window_title;
  AccDaySwitcher   *day_switcher;
  AdwViewSwitcher  *view_switcher;
  AccSyncIndicator *sync_indicator;
  GtkStack         *stack;
  AdwViewStack     *view_stack;
  AccArrivalsPage  *arrivals_page;
  AdwStatusPage    *error_page;
};

G_DEFINE_FINAL_TYPE (AccWindow, acc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the person at the desk can do about an error, by its code. */
static const char *
error_advice (const GError *error)
{
  if (error->domain == ACC_ERROR)
    {
      switch ((AccErrorCode) error->code)
        {
        case ACC_ERROR_NOT_FOUND:
          return _("Check the name of the file, or download the day again.");
        case ACC_ERROR_INVALID:
        case ACC_ERROR_CORRUPT:
          return _("The file is not an Accueil day database, or it is damaged. "
                   "Restore it from a backup, or download the day again.");
        case ACC_ERROR_NEWER_SCHEMA:
          return _("The file was written by a newer version of Accueil. "
                   "Update Accueil on this desk.");
        case ACC_ERROR_IO:
          return _("Check that the disk has free space and that the file may be written, "
                   "then start Accueil again.");
        case ACC_ERROR_BUSY:
          return _("Another program is using the file. Close it, then start Accueil again.");
        case ACC_ERROR_FAILED:
        default:
          break;
        }
    }

  return _("Start Accueil again. If the problem remains, report it with the message above.");
}

static void
acc_window_show_error (AccWindow    *self,
                       const GError *error)
{
  g_autofree char *message = NULL;
  g_autofree char *description = NULL;

  g_assert (ACC_IS_WINDOW (self));
  g_assert (error != NULL);

  /* The status page description is markup; the message may hold a file name. */
  message = g_markup_escape_text (error->message, -1);
  description = g_strdup_printf ("%s\n\n%s", message, error_advice (error));

  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_widget_set_visible (GTK_WIDGET (self->view_switcher), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_indicator), FALSE);
}

/* The review page asks for a look when desks disagree. */
static void
acc_window_update_review_badge (AccWindow *self)
{
  AccStore *store = acc_window_get_store (self);
  AccStoreStatus status = { 0 };

  if (store == NULL || self->review_stack_page == NULL)
    return;

  if (!acc_store_get_status (store, &status, NULL))
    return;

  adw_view_stack_page_set_badge_number (self->review_stack_page, status.conflicts);
  adw_view_stack_page_set_needs_attention (self->review_stack_page, status.conflicts > 0);
}

/* The class lists of the session shown on the group board, one page per group. */
static void
win_print_class_lists (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AccWindow *self = ACC_WINDOW (widget);
  AccStore *store = self->context ? acc_context_get_store (self->context) : NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  if (store == NULL || self->board_page == NULL)
    return;

  /* A board never shown has not read its session yet: the day's first. */
  if (acc_board_page_get_session (self->board_page) == NULL)
    acc_store_page_reload (ACC_STORE_PAGE (self->board_page));

  groups = acc_store_list_groups (store, acc_board_page_get_session (self->board_page), &error);
  if (groups == NULL)
    {
      gtk_widget_activate_action (widget, "win.toast", "s", error->message);
      return;
    }

  for (guint i = 0; i < groups->len; i++)
    g_ptr_array_add (ids, ((AccGroupRow *) g_ptr_array_index (groups, i))->id);
  g_ptr_array_add (ids, NULL);
  acc_class_list_print (GTK_WINDOW (self), store, (const char * const *) ids->pdata);
}

static void
acc_window_add_review_page (AccWindow *self,
                            AccStore  *store)
{
  /* Translators: the page that lists what desks disagree about, for a person to decide. */
  self->review_stack_page = adw_view_stack_add_titled (self->view_stack,
                                                       acc_review_page_new (store),
                                                       "review", _("Review"));
  adw_view_stack_page_set_icon_name (self->review_stack_page, "emblem-important-symbolic");
}

/* The morning's other work, under one header entry so the header stays readable on a
 * touchscreen: the instructors' roll-call, the groups' roll-call, the group board, the tally. */
static void
acc_window_add_morning_page (AccWindow *self,
                             AccStore  *store)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  AdwViewStack *stack = ADW_VIEW_STACK (adw_view_stack_new ());
  GtkWidget *switcher = adw_view_switcher_new ();
  AdwViewStackPage *page;

  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), stack);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  gtk_widget_add_css_class (switcher, "acc-morning-switcher");
  gtk_box_append (GTK_BOX (box), switcher);
  gtk_widget_set_vexpand (GTK_WIDGET (stack), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (stack));

  /* Translators: the page of the instructors' morning roll-call. */
  page = adw_view_stack_add_titled (stack, acc_roll_call_page_new (store), "instructors",
                                    _("Instructors"));
  adw_view_stack_page_set_icon_name (page, "avatar-default-symbolic");
  /* Translators: the page where an instructor marks their pupils present or absent. */
  page = adw_view_stack_add_titled (stack, acc_group_roll_call_page_new (store), "roll-call",
                                    _("Roll-Call"));
  adw_view_stack_page_set_icon_name (page, "object-select-symbolic");
  /* Translators: the page with every group of a session as a card. */
  self->board_page = ACC_BOARD_PAGE (acc_board_page_new (store));
  page = adw_view_stack_add_titled (stack, GTK_WIDGET (self->board_page), "board", _("Groups"));
  adw_view_stack_page_set_icon_name (page, "view-grid-symbolic");
  /* Translators: the supervisor's counts per session and level. */
  page = adw_view_stack_add_titled (stack, acc_tally_page_new (store), "tally", _("Tally"));
  adw_view_stack_page_set_icon_name (page, "view-list-symbolic");

  /* Translators: the header entry for the morning's roll-calls, groups and counts. */
  page = adw_view_stack_add_titled (self->view_stack, box, "morning", _("Morning"));
  adw_view_stack_page_set_icon_name (page, "weather-clear-symbolic");
}

/* The school and the day; a desk that starts empty learns them from its first pull. The
 * header's title is the day switcher when the desk holds its days in a folder; a file given
 * on the command line may be of any year. */
static void
acc_window_update_title (AccWindow *self)
{
  AccStore *store = acc_context_get_store (self->context);
  g_autofree char *school = acc_store_dup_school_name (store);
  g_autofree char *day = acc_store_dup_day (store);

  if (school != NULL && school[0] != '\0')
    {
      adw_window_title_set_title (self->window_title, school);
      acc_day_switcher_set_title (self->day_switcher, school);
      gtk_window_set_title (GTK_WINDOW (self), school);
    }

  if (acc_context_get_days (self->context) != NULL)
    acc_day_switcher_set_date (self->day_switcher, day);
  else
    {
      g_autofree char *formatted_day = acc_format_day (day, TRUE);

      adw_window_title_set_subtitle (self->window_title, formatted_day);
    }
}

static void
on_store_changed (AccWindow      *self,
                  AccStoreChange *change)
{
  acc_window_update_review_badge (self);
  acc_window_update_title (self);
}

static void
acc_window_show_store (AccWindow *self)
{
  AccStore *store = acc_context_get_store (self->context);

  g_assert (ACC_IS_WINDOW (self));
  g_assert (ACC_IS_STORE (store));

  acc_window_update_title (self);

  acc_arrivals_page_set_store (self->arrivals_page, store);
  acc_arrivals_page_set_engine (self->arrivals_page, acc_context_get_engine (self->context));
  acc_sync_indicator_set_store (self->sync_indicator, store);
  acc_sync_indicator_set_engine (self->sync_indicator, acc_context_get_engine (self->context));
  acc_sync_indicator_set_peers (self->sync_indicator, acc_context_get_peers (self->context));
  acc_window_add_morning_page (self, store);
  acc_window_add_review_page (self, store);

  acc_store_watch_set (&self->watch, store, (AccStoreWatchFunc) on_store_changed, self);
  acc_window_update_review_badge (self);

  gtk_stack_set_visible_child_name (self->stack, "day");
  adw_view_stack_set_visible_child_name (self->view_stack, "arrivals");

  /* The desk starts typing at once. */
  acc_arrivals_page_focus_search (self->arrivals_page);
}

static GSettings *
acc_window_get_settings (AccWindow *self)
{
  return self->context ? acc_context_get_settings (self->context) : NULL;
}

static void
acc_window_load_size (AccWindow *self)
{
  GSettings *settings = acc_window_get_settings (self);

  g_assert (ACC_IS_WINDOW (self));

  if (settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
acc_window_save_size (AccWindow *self)
{
  GSettings *settings = acc_window_get_settings (self);
  gboolean maximized;
  int width, height;

  g_assert (ACC_IS_WINDOW (self));

  if (settings == NULL)
    return;

  /* The default size is the size of the window when it is neither maximized nor full
   * screen, which is the one worth restoring. */
  maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  g_settings_set_boolean (settings, "window-maximized", maximized);

  if (!maximized && !gtk_window_is_fullscreen (GTK_WINDOW (self)))
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (settings, "window-width", width);
          g_settings_set_int (settings, "window-height", height);
        }
    }
}

static gboolean
acc_window_close_request (GtkWindow *window)
{
  AccWindow *self = ACC_WINDOW (window);

  acc_window_save_size (self);

  return GTK_WINDOW_CLASS (acc_window_parent_class)->close_request (window);
}

static void
on_booking_opened (AccWindow       *self,
                   const char      *booking_id,
                   AccArrivalsPage *page)
{
  /* A voucher scanned while the review page shows opens on the arrivals page. */
  adw_view_stack_set_visible_child_name (self->view_stack, "arrivals");
}

static void
win_focus_search (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AccWindow *self = ACC_WINDOW (widget);

  if (acc_window_get_store (self) == NULL)
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, "arrivals");
  acc_arrivals_page_focus_search (self->arrivals_page);
}

static void
win_toast (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  acc_window_add_toast (ACC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* The switcher of days is the header's title when the desk holds its days in a folder: also
 * on a window that shows no day, from which another may be opened. */
static void
acc_window_show_days (AccWindow *self)
{
  AccDeskDays *days = self->context ? acc_context_get_days (self->context) : NULL;

  acc_day_switcher_set_days (self->day_switcher, days);
  gtk_widget_set_visible (GTK_WIDGET (self->day_switcher), days != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->window_title), days == NULL);
}

static void
acc_window_constructed (GObject *object)
{
  AccWindow *self = ACC_WINDOW (object);

  G_OBJECT_CLASS (acc_window_parent_class)->constructed (object);

  acc_window_load_size (self);
  acc_window_show_days (self);

  if (acc_window_get_store (self) != NULL)
    acc_window_show_store (self);
  else if (self->error != NULL)
    acc_window_show_error (self, self->error);
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_set_visible (GTK_WIDGET (self->view_switcher), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->sync_indicator), FALSE);
    }
}

static void
acc_window_dispose (GObject *object)
{
  AccWindow *self = ACC_WINDOW (object);

  acc_store_watch_clear (&self->watch);
  self->review_stack_page = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), ACC_TYPE_WINDOW);

  G_OBJECT_CLASS (acc_window_parent_class)->dispose (object);

  /* After the widgets, which the parent class disposes: the context's dispose ends its peers
   * and engine, and the header's indicator must let go of them first. */
  g_clear_object (&self->context);
}

static void
acc_window_finalize (GObject *object)
{
  AccWindow *self = ACC_WINDOW (object);

  g_clear_error (&self->error);

  G_OBJECT_CLASS (acc_window_parent_class)->finalize (object);
}

static void
acc_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  AccWindow *self = ACC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  AccWindow *self = ACC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_assert (self->context == NULL);
      self->context = g_value_dup_object (value);
      break;

    case PROP_ERROR:
      g_assert (self->error == NULL);
      self->error = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_window_class_init (AccWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = acc_window_constructed;
  object_class->dispose = acc_window_dispose;
  object_class->finalize = acc_window_finalize;
  object_class->get_property = acc_window_get_property;
  object_class->set_property = acc_window_set_property;

  window_class->close_request = acc_window_close_request;

  /**
   * AccWindow:context:
   *
   * What the window works with: the day's replica and the settings. Its store is %NULL
   * when no day could be opened.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         ACC_TYPE_CONTEXT,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * AccWindow:error:
   *
   * Why the day's replica could not be opened, when there is no store.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ACC_TYPE_ARRIVALS_PAGE);
  g_type_ensure (ACC_TYPE_SYNC_INDICATOR);
  g_type_ensure (ACC_TYPE_DAY_SWITCHER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AccWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AccWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AccWindow, day_switcher);
  gtk_widget_class_bind_template_child (widget_class, AccWindow, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, AccWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, AccWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AccWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AccWindow, arrivals_page);
  gtk_widget_class_bind_template_child (widget_class, AccWindow, error_page);

  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, win_focus_search);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", win_toast);
  gtk_widget_class_install_action (widget_class, "win.print-class-lists", NULL,
                                   win_print_class_lists);

  /* Also set as the application's accelerator; this one works in a window without one. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.focus-search", NULL);
}

static void
acc_window_init (AccWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->arrivals_page, "booking-opened",
                           G_CALLBACK (on_booking_opened), self, G_CONNECT_SWAPPED);
}

/**
 * acc_window_new:
 * @application: (nullable): the application
 * @context: (nullable): what the window works with
 * @error: (nullable): why @context has no store
 *
 * Creates the main window. Without a store it explains, with @error if given, why no day
 * is shown.
 *
 * Returns: (transfer none): a new #AccWindow, which belongs to GTK's list of toplevels until
 *   it is destroyed
 */
AccWindow *
acc_window_new (GtkApplication *application,
                AccContext     *context,
                const GError   *error)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (context == NULL || ACC_IS_CONTEXT (context), NULL);

  return g_object_new (ACC_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       "error", error,
                       NULL);
}

/**
 * acc_window_get_context:
 * @self: a #AccWindow
 *
 * Returns: (transfer none) (nullable): what the window works with
 */
AccContext *
acc_window_get_context (AccWindow *self)
{
  g_return_val_if_fail (ACC_IS_WINDOW (self), NULL);

  return self->context;
}

/**
 * acc_window_get_store:
 * @self: a #AccWindow
 *
 * Returns: (transfer none) (nullable): the day's replica, or %NULL when none is open
 */
AccStore *
acc_window_get_store (AccWindow *self)
{
  g_return_val_if_fail (ACC_IS_WINDOW (self), NULL);

  return self->context ? acc_context_get_store (self->context) : NULL;
}

/**
 * acc_window_get_error:
 * @self: a #AccWindow
 *
 * Returns: (transfer none) (nullable): why the day's replica could not be opened
 */
const GError *
acc_window_get_error (AccWindow *self)
{
  g_return_val_if_fail (ACC_IS_WINDOW (self), NULL);

  return self->error;
}

/**
 * acc_window_get_arrivals_page:
 * @self: a #AccWindow
 *
 * Returns: (transfer none): the page where families check in
 */
AccArrivalsPage *
acc_window_get_arrivals_page (AccWindow *self)
{
  g_return_val_if_fail (ACC_IS_WINDOW (self), NULL);

  return self->arrivals_page;
}

/**
 * acc_window_add_toast:
 * @self: a #AccWindow
 * @message: what to tell the person at the desk, in words
 *
 * Shows @message for a few seconds at the bottom of the window. Widgets reach it through
 * the "win.toast" action.
 */
void
acc_window_add_toast (AccWindow  *self,
                      const char *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (ACC_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  /* A toast's title is markup, and messages quote names. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * acc_window_get_sync_indicator:
 *
 * Returns: (transfer none): the header's indicator of the exchange with the cloud
 */
AccSyncIndicator *
acc_window_get_sync_indicator (AccWindow *self)
{
  g_return_val_if_fail (ACC_IS_WINDOW (self), NULL);

  return self->sync_indicator;
}
