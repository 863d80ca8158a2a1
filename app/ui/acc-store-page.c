/* acc-store-page.c: a page that shows the day's store and follows its changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include "acc-store-page.h"
#include "acc-store-watch.h"

typedef struct
{
  AccStoreWatch watch;
  gboolean  stale;  /* The store changed while the page was out of sight. */
  gboolean  built;  /* The page has read the store once. */
  guint     rebuild_id;
} AccStorePagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (AccStorePage, acc_store_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
rebuild_idle (gpointer data)
{
  AccStorePage *self = data;
  AccStorePagePrivate *priv = acc_store_page_get_instance_private (self);

  priv->rebuild_id = 0;
  ACC_STORE_PAGE_GET_CLASS (self)->rebuild (self);

  return G_SOURCE_REMOVE;
}

/* Builds the page's widgets from what it read, at once or in an idle. */
static void
build (AccStorePage *self,
       gboolean      now)
{
  AccStorePageClass *klass = ACC_STORE_PAGE_GET_CLASS (self);
  AccStorePagePrivate *priv = acc_store_page_get_instance_private (self);

  if (klass->rebuild == NULL)
    return;

  if (now)
    {
      g_clear_handle_id (&priv->rebuild_id, g_source_remove);
      klass->rebuild (self);
    }
  else if (priv->rebuild_id == 0)
    /* Before the next frame is drawn (GDK_PRIORITY_REDRAW comes after). */
    priv->rebuild_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_idle, self, NULL);
}

/* Reads the store, then builds the widgets. */
static void
load (AccStorePage *self,
      gboolean      build_now)
{
  AccStorePageClass *klass = ACC_STORE_PAGE_GET_CLASS (self);
  AccStorePagePrivate *priv = acc_store_page_get_instance_private (self);

  priv->built = TRUE;
  priv->stale = FALSE;
  if (klass->reload != NULL)
    klass->reload (self);
  build (self, build_now);
}

/**
 * acc_store_page_reload:
 *
 * Reads the store again now, and rebuilds the page's widgets in an idle. A page read this
 * way before it is first shown is not read again when it is shown, unless the store changed.
 */
void
acc_store_page_reload (AccStorePage *self)
{
  g_return_if_fail (ACC_IS_STORE_PAGE (self));

  load (self, FALSE);
}

/**
 * acc_store_page_rebuild:
 *
 * Builds the page's widgets again in an idle, from what it read last: for a change of what
 * the page shows that is not a change of the store.
 */
void
acc_store_page_rebuild (AccStorePage *self)
{
  g_return_if_fail (ACC_IS_STORE_PAGE (self));

  build (self, FALSE);
}

/* A page the desk is not looking at does not rebuild itself for every batch a pull stores:
 * it does once, when it is shown again. A page shown updates the rows a change names, when
 * it can. */
static void
store_changed_cb (AccStorePage   *self,
                  AccStoreChange *change)
{
  AccStorePageClass *klass = ACC_STORE_PAGE_GET_CLASS (self);
  AccStorePagePrivate *priv = acc_store_page_get_instance_private (self);

  if (acc_store_change_is_empty (change) && !klass->follows_outbox)
    return;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    priv->stale = TRUE;
  else if (acc_store_change_is_everything (change) || klass->update == NULL ||
           !klass->update (self, change))
    load (self, FALSE);
}

/* A page reads the store and builds its widgets when it is first shown, not when the window
 * is built: a large day's board alone has thousands of widgets, which would delay the
 * window and be measured with it. A page being shown has its widgets at once, not an idle
 * later (no widget of it is in a signal then). */
static void
acc_store_page_map (GtkWidget *widget)
{
  AccStorePage *self = ACC_STORE_PAGE (widget);
  AccStorePagePrivate *priv = acc_store_page_get_instance_private (self);

  GTK_WIDGET_CLASS (acc_store_page_parent_class)->map (widget);

  if (!priv->built || priv->stale)
    load (self, TRUE);
  else if (priv->rebuild_id != 0)
    build (self, TRUE);
}

static void
acc_store_page_dispose (GObject *object)
{
  AccStorePage *self = ACC_STORE_PAGE (object);
  AccStorePagePrivate *priv = acc_store_page_get_instance_private (self);

  g_clear_handle_id (&priv->rebuild_id, g_source_remove);
  acc_store_watch_clear (&priv->watch);

  G_OBJECT_CLASS (acc_store_page_parent_class)->dispose (object);
}

static void
acc_store_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AccStorePage *self = ACC_STORE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, acc_store_page_get_store (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_store_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AccStorePage *self = ACC_STORE_PAGE (object);
  AccStorePagePrivate *priv = acc_store_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      /* Construct-only: set once. */
      acc_store_watch_set (&priv->watch, g_value_get_object (value),
                           (AccStoreWatchFunc) store_changed_cb, self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_store_page_class_init (AccStorePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = acc_store_page_dispose;
  object_class->get_property = acc_store_page_get_property;
  object_class->set_property = acc_store_page_set_property;

  widget_class->map = acc_store_page_map;

  properties[PROP_STORE] = acc_store_watch_param_spec (G_PARAM_CONSTRUCT_ONLY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
acc_store_page_init (AccStorePage *self)
{
}

/**
 * acc_store_page_get_store:
 *
 * Returns: (transfer none) (nullable): the day's store the page shows
 */
AccStore *
acc_store_page_get_store (AccStorePage *self)
{
  AccStorePagePrivate *priv;

  g_return_val_if_fail (ACC_IS_STORE_PAGE (self), NULL);

  priv = acc_store_page_get_instance_private (self);
  return priv->watch.store;
}
