/* acc-list-lines.c: a GtkListView whose lines are built from keys
 *
 * A page of hundreds of lines of different kinds (titles, cards, rows) is one GtkListView over
 * a list of keys, one per line: the view builds the lines it keeps around what is in sight,
 * each from its key. When the keys change, those before and after the change keep their
 * place (the view keeps its position); a line the view has built is built again only when
 * the text describing what it shows changed.
 *
 * A list view of GTK 4.8 keeps two hundred lines built, in sight or not: one mark at the
 * roll-call can change the offers of every group without an instructor, and building two
 * hundred cards again took seconds, and even saying what each shows is not free. The view
 * gives a place only to the lines in sight: after a change, a line without one is put aside
 * (its widget is neither drawn nor destroyed, and keeps its size) and filled in the frame
 * where it gets a place, once the view has placed the lines (the frame clock's layout phase,
 * which lays out again what changed), before that frame is drawn. A line is never drawn
 * showing what is no longer true.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <adwaita.h>

#include "acc-list-lines.h"
#include "acc-ui-util.h"

struct _AccListLines
{
  GObject               parent_instance;

  GtkStringList        *keys;   /* The view's model; the view's selection owns it. */
  GPtrArray            *built;  /* GtkListItem bound to a line, unowned. */
  GtkWidget            *view;   /* Unowned: the view's page owns both. */
  GdkFrameClock        *clock;  /* Followed while lines are put aside. */
  gulong                layout_id;
  guint                 n_shows;  /* Calls of acc_list_lines_show(), for the lines it binds. */
  AccListLinesCreate    create;
  AccListLinesDescribe  describe;
  gpointer              user_data;
};

G_DEFINE_FINAL_TYPE (AccListLines, acc_list_lines, G_TYPE_OBJECT)

static void follow_layout (AccListLines *self);

/* Builds the line's widget again if what it shows changed, and shows it. */
static void
fill (AccListLines *self,
      GtkListItem  *item)
{
  const char *key = gtk_string_object_get_string (gtk_list_item_get_item (item));
  GtkWidget *bin = gtk_list_item_get_child (item);
  char *shown = self->describe (key, self->user_data);

  g_object_set_data (G_OBJECT (bin), "acc-aside", NULL);
  if (g_strcmp0 (shown, g_object_get_data (G_OBJECT (bin), "acc-shown")) == 0)
    {
      GtkWidget *child = adw_bin_get_child (ADW_BIN (bin));

      if (child != NULL)
        {
          gtk_widget_set_child_visible (child, TRUE);
          gtk_accessible_reset_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN);
        }
      g_free (shown);
      return;
    }

  g_object_set_data_full (G_OBJECT (bin), "acc-shown", shown, g_free);
  adw_bin_set_child (ADW_BIN (bin), self->create (key, self->user_data));
}

/* Puts aside a line out of sight that may have changed: its widget is neither drawn nor
 * destroyed, and keeps its size, until fill() sees whether it changed; a screen reader does
 * not read it either. */
static void
set_aside (AccListLines *self,
           GtkListItem  *item)
{
  GtkWidget *bin = gtk_list_item_get_child (item);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (bin));

  if (child != NULL)
    {
      gtk_widget_set_child_visible (child, FALSE);
      /* Nor read by a screen reader. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                                   -1);
    }
  g_object_set_data (G_OBJECT (bin), "acc-aside", GINT_TO_POINTER (TRUE));
  follow_layout (self);
}

static void
stop_following_layout (AccListLines *self)
{
  g_clear_signal_handler (&self->layout_id, self->clock);
  g_clear_object (&self->clock);
}

/* Once the view has placed its lines: fills the lines put aside that are now in sight. Those
 * built again ask for a new layout, which the frame clock makes before it draws. */
static void
layout_cb (GdkFrameClock *clock,
           AccListLines  *self)
{
  gboolean aside = FALSE;

  for (guint i = 0; i < self->built->len; i++)
    {
      GtkListItem *item = g_ptr_array_index (self->built, i);
      GtkWidget *bin = gtk_list_item_get_child (item);

      if (g_object_get_data (G_OBJECT (bin), "acc-aside") == NULL)
        continue;
      if (acc_widget_is_in_sight (bin, self->view))
        fill (self, item);
      else
        aside = TRUE;
    }

  if (!aside)
    stop_following_layout (self);
}

/* Follows the layouts of the view's frames while lines are put aside. */
static void
follow_layout (AccListLines *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (self->view);

  if (clock == self->clock)
    return;
  stop_following_layout (self);
  if (clock == NULL)
    return;
  self->clock = g_object_ref (clock);
  self->layout_id = g_signal_connect_after (clock, "layout", G_CALLBACK (layout_cb), self);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          AccListLines             *self)
{
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  gtk_list_item_set_child (item, adw_bin_new ());
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         AccListLines             *self)
{
  fill (self, item);
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "acc-bound-in",
                     GUINT_TO_POINTER (self->n_shows));
  g_ptr_array_add (self->built, item);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           AccListLines             *self)
{
  GtkWidget *bin = gtk_list_item_get_child (item);

  g_object_set_data (G_OBJECT (bin), "acc-shown", NULL);
  g_object_set_data (G_OBJECT (bin), "acc-aside", NULL);
  adw_bin_set_child (ADW_BIN (bin), NULL);
  g_ptr_array_remove_fast (self->built, item);
}

static void
acc_list_lines_finalize (GObject *object)
{
  AccListLines *self = ACC_LIST_LINES (object);

  stop_following_layout (self);
  g_ptr_array_unref (self->built);

  G_OBJECT_CLASS (acc_list_lines_parent_class)->finalize (object);
}

static void
acc_list_lines_class_init (AccListLinesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = acc_list_lines_finalize;
}

static void
acc_list_lines_init (AccListLines *self)
{
  self->built = g_ptr_array_new ();
}

/**
 * acc_list_lines_new:
 * @view: the list view to drive; the returned object must outlive the view's lines: keep
 *   it until the page that holds the view is finalized
 * @create: builds the widget of a line
 * @describe: says what a line shows
 *
 * Returns: (transfer full): the lines of @view, none yet
 */
AccListLines *
acc_list_lines_new (GtkListView          *view,
                    AccListLinesCreate    create,
                    AccListLinesDescribe  describe,
                    gpointer              user_data)
{
  AccListLines *self;
  GtkListItemFactory *factory;
  GtkNoSelection *selection;

  g_return_val_if_fail (GTK_IS_LIST_VIEW (view), NULL);
  g_return_val_if_fail (create != NULL && describe != NULL, NULL);

  self = g_object_new (ACC_TYPE_LIST_LINES, NULL);
  self->create = create;
  self->describe = describe;
  self->user_data = user_data;
  self->view = GTK_WIDGET (view);

  self->keys = gtk_string_list_new (NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (self->keys));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_list_view_set_factory (view, factory);
  gtk_list_view_set_model (view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  g_object_unref (factory);

  /* A view shown again, maybe in another window, lays its lines out again. */
  g_signal_connect_object (view, "realize", G_CALLBACK (follow_layout), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "unrealize", G_CALLBACK (stop_following_layout), self,
                           G_CONNECT_SWAPPED);

  return self;
}

/**
 * acc_list_lines_show:
 * @keys: (element-type utf8): the lines to show, in order
 *
 * Shows @keys: the keys before and after the ones that changed keep their lines, and the
 * lines the view has built are built again if what they show changed (those out of sight
 * when they come in sight).
 */
void
acc_list_lines_show (AccListLines *self,
                     GPtrArray    *keys)
{
  guint n_old, head = 0, tail = 0;

  g_return_if_fail (ACC_IS_LIST_LINES (self));
  g_return_if_fail (keys != NULL);

  self->n_shows++;
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->keys));
  while (head < n_old && head < keys->len &&
         g_str_equal (gtk_string_list_get_string (self->keys, head),
                      g_ptr_array_index (keys, head)))
    head++;
  while (tail < n_old - head && tail < keys->len - head &&
         g_str_equal (gtk_string_list_get_string (self->keys, n_old - 1 - tail),
                      g_ptr_array_index (keys, keys->len - 1 - tail)))
    tail++;

  if (head + tail < n_old || head + tail < keys->len)
    {
      g_autoptr(GPtrArray) added = g_ptr_array_new ();

      for (guint i = head; i < keys->len - tail; i++)
        g_ptr_array_add (added, g_ptr_array_index (keys, i));
      g_ptr_array_add (added, NULL);
      gtk_string_list_splice (self->keys, head, n_old - head - tail,
                              (const char * const *) added->pdata);
    }

  for (guint i = 0; i < self->built->len; i++)
    {
      GtkListItem *item = g_ptr_array_index (self->built, i);
      GtkWidget *bin = gtk_list_item_get_child (item);

      /* Bound by the change of keys above: filled from what is true now. */
      if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (bin), "acc-bound-in")) == self->n_shows)
        continue;
      if (acc_widget_is_in_sight (bin, self->view))
        fill (self, item);
      else
        set_aside (self, item);
    }
}
