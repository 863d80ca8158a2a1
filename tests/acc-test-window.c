/* acc-test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "acc-edit-dialog.h"
#include "acc-test-window.h"

void
acc_test_window_set_up (AccTestWindow *fx,
                        gconstpointer  data)
{
  acc_test_day_set_up (&fx->day, NULL);
  if (data != NULL)
    acc_test_put_json (fx->day.store, data);
  fx->context = acc_context_new (fx->day.store, NULL);

  /* The window belongs to GTK's list of toplevels until it is destroyed. */
  fx->window = acc_window_new (NULL, fx->context, NULL);
  fx->page = acc_window_get_arrivals_page (fx->window);
  fx->card = acc_arrivals_page_get_card (fx->page);
  gtk_window_present (GTK_WINDOW (fx->window));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fx->window)));
  acc_test_spin_a_little ();
}

void
acc_test_window_tear_down (AccTestWindow *fx,
                           gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fx->window));
  acc_test_spin_a_little ();
  g_clear_object (&fx->context);
  acc_test_day_tear_down (&fx->day, NULL);
}

/* The first widget under @widget, @widget included, depth first, for which @match holds. */
GtkWidget *
acc_test_find (GtkWidget     *widget,
               AccTestMatch   match,
               gconstpointer  data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = acc_test_find (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* How many widgets under @widget, @widget included, @match holds for. */
guint
acc_test_count (GtkWidget     *widget,
                AccTestMatch   match,
                gconstpointer  data)
{
  guint n = match (widget, data) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += acc_test_count (child, match, data);

  return n;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

/* The first widget of @type under @widget, @widget included. */
GtkWidget *
acc_test_find_widget (GtkWidget *widget,
                      GType      type)
{
  return acc_test_find (widget, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
is_visible_label (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* A visible label under @widget that shows exactly @text. */
GtkLabel *
acc_test_find_label (GtkWidget  *widget,
                     const char *text)
{
  return GTK_LABEL (acc_test_find (widget, is_visible_label, text));
}

/* Whether @widget has a shortcut of its class from @trigger to the action @action_name. */
gboolean
acc_test_has_shortcut (GtkWidget  *widget,
                       const char *trigger,
                       const char *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autofree char *action = g_strdup_printf ("action(%s)", action_name);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *shortcut_trigger =
            gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          g_autofree char *shortcut_action =
            gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));

          if (g_strcmp0 (shortcut_trigger, trigger) == 0
              && g_strcmp0 (shortcut_action, action) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

/* Shows a dialog of @dialog_type for @item_id and waits until it is on screen. The test
 * owns the reference returned: the dialog's own action may close it. */
gpointer
acc_test_open_edit_dialog (GType       dialog_type,
                           AccStore   *store,
                           const char *item_id)
{
  AccEditDialog *dialog = acc_edit_dialog_new (dialog_type, store, item_id);

  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));

  return dialog;
}

/* Installs the desk's style sheet, as the application does, so that a mistake in it or a
 * size it sets shows in the widget tests. */
void
acc_test_load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/io/github/accueil/Accueil/ui/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* Initialises a widget test as the desk starts: GTK with the test's locale and settings,
 * libadwaita, and the desk's style sheet. */
void
acc_test_ui_init (int    *argc,
                  char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  acc_test_load_style ();
}
