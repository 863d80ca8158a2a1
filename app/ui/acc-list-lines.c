/* acc-list-lines.c: a GtkListView whose lines are built from keys
 *
 * A page of hundreds of lines of different kinds (titles, cards, rows) is one GtkListView over
 * a list of keys, one per line: the view builds the lines it keeps around what is in sight,
 * each from its key. When the keys change, those before and after the change keep their
 * place (the view keeps its position); a line the view has built is built again only when
 * the text describing what it shows changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <adwaita.h>

#include "acc-list-lines.h"

struct _AccListLines
{
  GObject               parent_instance;

  GtkStringList        *keys;   /* The view's model; the view's selection owns it. */
  GPtrArray            *built;  /* GtkListItem bound to a line, unowned. */
  AccListLinesCreate    create;
  AccListLinesDescribe  describe;
  gpointer              user_data;
};

G_DEFINE_FINAL_TYPE (AccListLines, acc_list_lines, G_TYPE_OBJECT)

/* Builds the line's widget again if what it shows changed. */
static void
fill (AccListLines *self,
      GtkListItem  *item)
{
  const char *key = gtk_string_object_get_string (gtk_list_item_get_item (item));
  GtkWidget *bin = gtk_list_item_get_child (item);
  char *shown = self->describe (key, self->user_data);

  if (g_strcmp0 (shown, g_object_get_data (G_OBJECT (bin), "acc-shown")) == 0)
    {
      g_free (shown);
      return;
    }

  g_object_set_data_full (G_OBJECT (bin), "acc-shown", shown, g_free);
  adw_bin_set_child (ADW_BIN (bin), self->create (key, self->user_data));
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
  g_ptr_array_add (self->built, item);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           AccListLines             *self)
{
  GtkWidget *bin = gtk_list_item_get_child (item);

  g_object_set_data (G_OBJECT (bin), "acc-shown", NULL);
  adw_bin_set_child (ADW_BIN (bin), NULL);
  g_ptr_array_remove_fast (self->built, item);
}

static void
acc_list_lines_finalize (GObject *object)
{
  AccListLines *self = ACC_LIST_LINES (object);

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

  return self;
}

/**
 * acc_list_lines_show:
 * @keys: (element-type utf8): the lines to show, in order
 *
 * Shows @keys: the keys before and after the ones that changed keep their lines, and the
 * lines the view has built are built again if what they show changed.
 */
void
acc_list_lines_show (AccListLines *self,
                     GPtrArray    *keys)
{
  guint n_old, head = 0, tail = 0;

  g_return_if_fail (ACC_IS_LIST_LINES (self));
  g_return_if_fail (keys != NULL);

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
    fill (self, g_ptr_array_index (self->built, i));
}
