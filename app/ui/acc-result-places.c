/* acc-result-places.c: the places of the arrivals' search results in their list view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * A list view of GTK 4.8 makes, styles and measures a widget for every item it holds, up to
 * two hundred, in sight or not, and destroys the widget of every item that leaves its model.
 * Each key typed in the search field changes most results: a view of the results themselves
 * destroyed and built most of its rows for each key. So the view holds places instead, one
 * per result, a GtkStringList whose strings say nothing: a place stays while the results
 * change, and so does its row (an AccBookingRow), which is told the result now at its
 * position. Places are added or removed at the end, when the number of results changes; when
 * there are none, the page shows no list, and the places are kept for the next search.
 *
 * The rows that can be in sight after a change follow it at once: those in sight now, and the
 * first places until their results, at a line of text per enrollment and one for the booking
 * (rows are taller than that), fill the view's height. The others follow when the page calls
 * acc_result_places_follow_all(), once the frame that shows the first has been drawn, so that
 * this frame lays out only the rows in sight. Not in an idle: between frames the frame clock
 * waits, and an idle would run in that wait, before the frame. Until then the rows below keep
 * what they showed, out of sight. A view not yet laid out follows everything at once.
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "acc-booking-row.h"
#include "acc-result-places.h"
#include "acc-ui-util.h"

struct _AccResultPlaces
{
  GListModel    *results;  /* AccBookingResult */
  gulong         changed_id;
  GtkWidget     *view;     /* Unowned: the page holds both. */
  GtkStringList *places;
  GPtrArray     *bound;    /* GtkListItem showing a place, unowned. */
  gboolean       waiting;  /* Rows wait for acc_result_places_follow_all(). */
};

/* Shows in @item's row the result at its place, if any. */
static void
show_result (AccResultPlaces *self,
             GtkListItem     *item)
{
  g_autoptr(AccBookingResult) result = g_list_model_get_item (self->results,
                                                              gtk_list_item_get_position (item));

  acc_booking_row_set_result (ACC_BOOKING_ROW (gtk_list_item_get_child (item)), result);
}

/* How many first places can be in sight once they show the results: G_MAXUINT for all. */
static guint
count_places_in_sight (AccResultPlaces *self)
{
  int height = gtk_widget_get_height (self->view);
  PangoFontMetrics *metrics;
  int line;
  guint n_results = g_list_model_get_n_items (self->results);
  int covered = 0;
  guint n = 0;

  if (height <= 0)
    return G_MAXUINT;

  metrics = pango_context_get_metrics (gtk_widget_get_pango_context (self->view), NULL, NULL);
  line = MAX (1, PANGO_PIXELS (pango_font_metrics_get_height (metrics)));
  pango_font_metrics_unref (metrics);
  while (n < n_results && covered < height)
    {
      g_autoptr(AccBookingResult) result = g_list_model_get_item (self->results, n);

      covered += line * (acc_booking_result_get_rows (result)->len + 1);
      n++;
    }

  /* One more, for a row the view shows in part at its top. */
  return n + 1;
}

/* Shows the results in the rows of the first @limit places and in those in sight; when
 * @limit covers every result, the places are as many as the results. */
static void
follow (AccResultPlaces *self,
        guint            limit)
{
  guint n_results = g_list_model_get_n_items (self->results);
  guint n_before = g_list_model_get_n_items (G_LIST_MODEL (self->places));
  guint n_after = limit >= n_results ? n_results : MAX (n_before, limit);
  /* No results: no list is shown, and its places, emptied, wait for the next search. */
  guint n_shown = n_results == 0 ? G_MAXUINT : MIN (limit, n_results);

  for (guint i = 0; i < self->bound->len; i++)
    {
      GtkListItem *item = g_ptr_array_index (self->bound, i);

      if (gtk_list_item_get_position (item) < n_shown ||
          acc_widget_is_in_sight (gtk_list_item_get_child (item), self->view))
        show_result (self, item);
    }
  if (n_results == 0)
    return;

  if (n_after > n_before)
    {
      g_autofree const char **added = g_new0 (const char *, n_after - n_before + 1);

      for (guint i = 0; i < n_after - n_before; i++)
        added[i] = "";
      gtk_string_list_splice (self->places, n_before, 0, added);
    }
  else if (n_after < n_before)
    gtk_string_list_splice (self->places, n_after, n_before - n_after, NULL);
}

static void
results_changed_cb (AccResultPlaces *self,
                    guint            position,
                    guint            removed,
                    guint            added,
                    GListModel      *results)
{
  guint limit = count_places_in_sight (self);

  self->waiting = g_list_model_get_n_items (results) > limit;
  follow (self, limit);
}

/**
 * acc_result_places_new:
 * @results: the search results, a list of #AccBookingResult
 * @view: the list view of #AccBookingRow that shows them; its factory binds and unbinds its
 *   items through acc_result_places_bind() and acc_result_places_unbind()
 *
 * Returns: (transfer full): the places of @results, the model of @view
 */
AccResultPlaces *
acc_result_places_new (GListModel  *results,
                       GtkListView *view)
{
  AccResultPlaces *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (results), NULL);
  g_return_val_if_fail (GTK_IS_LIST_VIEW (view), NULL);

  self = g_new0 (AccResultPlaces, 1);
  self->results = g_object_ref (results);
  self->view = GTK_WIDGET (view);
  self->places = gtk_string_list_new (NULL);
  self->bound = g_ptr_array_new ();
  self->changed_id = g_signal_connect_swapped (results, "items-changed",
                                               G_CALLBACK (results_changed_cb), self);
  follow (self, G_MAXUINT);

  return self;
}

void
acc_result_places_free (AccResultPlaces *self)
{
  if (self == NULL)
    return;

  g_clear_signal_handler (&self->changed_id, self->results);
  g_clear_object (&self->results);
  g_clear_object (&self->places);
  g_ptr_array_unref (self->bound);
  g_free (self);
}

/**
 * acc_result_places_get_model:
 *
 * Returns: (transfer none): the places, for the list view's model
 */
GListModel *
acc_result_places_get_model (AccResultPlaces *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return G_LIST_MODEL (self->places);
}

/**
 * acc_result_places_bind:
 * @item: an item of the list view whose child is an #AccBookingRow, bound to a place
 *
 * Shows the result at @item's place in its row, and at each change until it is unbound.
 */
void
acc_result_places_bind (AccResultPlaces *self,
                        GtkListItem     *item)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (GTK_IS_LIST_ITEM (item));

  show_result (self, item);
  g_ptr_array_add (self->bound, item);
}

void
acc_result_places_unbind (AccResultPlaces *self,
                          GtkListItem     *item)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (GTK_IS_LIST_ITEM (item));

  acc_booking_row_set_result (ACC_BOOKING_ROW (gtk_list_item_get_child (item)), NULL);
  g_ptr_array_remove_fast (self->bound, item);
}

/**
 * acc_result_places_follow_all:
 *
 * Shows in the rows below the first ones the results they wait for since the last change, if
 * any: once the frame that shows the first ones has been drawn.
 */
void
acc_result_places_follow_all (AccResultPlaces *self)
{
  g_return_if_fail (self != NULL);

  if (!self->waiting)
    return;
  self->waiting = FALSE;
  follow (self, G_MAXUINT);
}
