/* acc-search-model.c: the desk's search results, a list of bookings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-core"

#include "acc-booking-result.h"
#include "acc-search-model.h"
#include "acc-store-watch.h"

struct _AccSearchModel
{
  GObject    parent_instance;

  AccStoreWatch  watch;
  char          *text;
  GPtrArray     *items;  /* AccBookingResult */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AccSearchModel, acc_search_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return ACC_TYPE_BOOKING_RESULT;
}

static guint
get_n_items (GListModel *model)
{
  return ACC_SEARCH_MODEL (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  AccSearchModel *self = ACC_SEARCH_MODEL (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* Splits rows sorted by booking into one result per booking. */
static GPtrArray *
group_by_booking (GPtrArray *rows)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *current = NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      AccEnrollmentRow *row = g_ptr_array_index (rows, i);

      if (current != NULL &&
          g_strcmp0 (((AccEnrollmentRow *) g_ptr_array_index (current, 0))->booking_id,
                     row->booking_id) != 0)
        {
          g_ptr_array_add (items, acc_booking_result_new (current));
          current = NULL;
        }
      if (current == NULL)
        current = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_enrollment_row_free);
      g_ptr_array_add (current, g_ptr_array_index (rows, i));
      rows->pdata[i] = NULL;
    }
  if (current != NULL)
    g_ptr_array_add (items, acc_booking_result_new (current));

  return items;
}

static gboolean
same_bookings (GPtrArray *a,
               GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (acc_booking_result_get_booking_id (g_ptr_array_index (a, i)),
                   acc_booking_result_get_booking_id (g_ptr_array_index (b, i))) != 0)
      return FALSE;

  return TRUE;
}

/* Runs the search again and tells the list exactly what changed: a check-in redraws one row
 * and keeps the list where it is. */
static void
refresh (AccSearchModel *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint n_old = self->items->len;
  guint head = 0, tail = 0;

  if (self->watch.store != NULL && self->text != NULL && *self->text != '\0')
    {
      rows = acc_store_search (self->watch.store, self->text, ACC_SEARCH_MODEL_LIMIT, &error);
      if (rows == NULL)
        g_warning ("Search failed: %s", error->message);
    }

  if (rows != NULL)
    {
      /* The rows move into the results. */
      g_ptr_array_set_free_func (rows, NULL);
      items = group_by_booking (rows);
    }
  else
    items = g_ptr_array_new_with_free_func (g_object_unref);

  if (same_bookings (self->items, items))
    {
      for (guint i = 0; i < items->len; i++)
        if (!acc_booking_result_equal (g_ptr_array_index (self->items, i),
                                       g_ptr_array_index (items, i)))
          {
            g_object_unref (g_ptr_array_index (self->items, i));
            self->items->pdata[i] = g_object_ref (g_ptr_array_index (items, i));
            g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
          }
      return;
    }

  /* As the text grows, the first and last results often stay: their rows are kept, and
   * only those between are built again. */
  while (head < n_old && head < items->len &&
         acc_booking_result_equal (g_ptr_array_index (self->items, head),
                                   g_ptr_array_index (items, head)))
    head++;
  while (tail < n_old - head && tail < items->len - head &&
         acc_booking_result_equal (g_ptr_array_index (self->items, n_old - 1 - tail),
                                   g_ptr_array_index (items, items->len - 1 - tail)))
    tail++;

  g_ptr_array_remove_range (self->items, head, n_old - head - tail);
  for (guint i = head; i < items->len - tail; i++)
    g_ptr_array_insert (self->items, i, g_object_ref (g_ptr_array_index (items, i)));
  g_list_model_items_changed (G_LIST_MODEL (self), head, n_old - head - tail,
                              items->len - head - tail);
}

/* The results show names, check-ins, groups and instructors: any change of rows may move
 * them; a push confirmed changes none. */
static void
store_changed_cb (AccSearchModel *self,
                  AccStoreChange *change)
{
  if (!acc_store_change_is_empty (change))
    refresh (self);
}

static void
acc_search_model_dispose (GObject *object)
{
  AccSearchModel *self = (AccSearchModel *)object;

  acc_store_watch_clear (&self->watch);

  G_OBJECT_CLASS (acc_search_model_parent_class)->dispose (object);
}

static void
acc_search_model_finalize (GObject *object)
{
  AccSearchModel *self = (AccSearchModel *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self->text);

  G_OBJECT_CLASS (acc_search_model_parent_class)->finalize (object);
}

static void
acc_search_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AccSearchModel *self = ACC_SEARCH_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->watch.store);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_search_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  AccSearchModel *self = ACC_SEARCH_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      acc_store_watch_set (&self->watch, g_value_get_object (value),
                           (AccStoreWatchFunc) store_changed_cb, self);
      break;
    case PROP_TEXT:
      acc_search_model_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_search_model_class_init (AccSearchModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = acc_search_model_dispose;
  object_class->finalize = acc_search_model_finalize;
  object_class->get_property = acc_search_model_get_property;
  object_class->set_property = acc_search_model_set_property;

  properties[PROP_STORE] = acc_store_watch_param_spec (G_PARAM_CONSTRUCT_ONLY);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
acc_search_model_init (AccSearchModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

AccSearchModel *
acc_search_model_new (AccStore *store)
{
  g_return_val_if_fail (ACC_IS_STORE (store), NULL);

  return g_object_new (ACC_TYPE_SEARCH_MODEL, "store", store, NULL);
}

AccStore *
acc_search_model_get_store (AccSearchModel *self)
{
  g_return_val_if_fail (ACC_IS_SEARCH_MODEL (self), NULL);

  return self->watch.store;
}

const char *
acc_search_model_get_text (AccSearchModel *self)
{
  g_return_val_if_fail (ACC_IS_SEARCH_MODEL (self), NULL);

  return self->text;
}

/**
 * acc_search_model_set_text:
 *
 * Searches for @text now: the list holds its results when this returns.
 */
void
acc_search_model_set_text (AccSearchModel *self,
                           const char     *text)
{
  g_return_if_fail (ACC_IS_SEARCH_MODEL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}
