/* acc-context.c: what a desk window works with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-core"

#include "acc-context.h"
#include "acc-store-watch.h"

struct _AccContext
{
  GObject    parent_instance;

  AccStore      *store;
  GSettings     *settings;
  AccSyncEngine *engine;
  AccPeers      *peers;
  AccPeerServer *server;
  AccPeerDiscovery *discovery;
  AccDeskDays   *days;
};

G_DEFINE_FINAL_TYPE (AccContext, acc_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
acc_context_constructed (GObject *object)
{
  AccContext *self = ACC_CONTEXT (object);

  G_OBJECT_CLASS (acc_context_parent_class)->constructed (object);

  if (self->store != NULL && self->settings != NULL)
    g_settings_bind (self->settings, "staff-name", self->store, "staff", G_SETTINGS_BIND_GET);
}

static void
acc_context_dispose (GObject *object)
{
  AccContext *self = (AccContext *)object;

  if (self->engine != NULL)
    acc_sync_engine_stop (self->engine);
  g_clear_object (&self->engine);
  if (self->peers != NULL)
    g_object_run_dispose (G_OBJECT (self->peers));
  g_clear_object (&self->peers);
  /* Withdraws the desk's announcement even while AccPeers still holds the discovery. */
  if (self->discovery != NULL)
    g_object_run_dispose (G_OBJECT (self->discovery));
  g_clear_object (&self->discovery);
  if (self->server != NULL)
    acc_peer_server_stop (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->days);

  G_OBJECT_CLASS (acc_context_parent_class)->dispose (object);
}

static void
acc_context_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AccContext *self = ACC_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_context_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  AccContext *self = ACC_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_context_class_init (AccContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = acc_context_constructed;
  object_class->dispose = acc_context_dispose;
  object_class->get_property = acc_context_get_property;
  object_class->set_property = acc_context_set_property;

  properties[PROP_STORE] = acc_store_watch_param_spec (G_PARAM_CONSTRUCT_ONLY);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         ACC_TYPE_SYNC_ENGINE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
acc_context_init (AccContext *self)
{
}

/**
 * acc_context_new:
 * @store: (nullable): the day's store, %NULL when no day could be opened
 * @settings: (nullable): the application's settings
 */
AccContext *
acc_context_new (AccStore  *store,
                 GSettings *settings)
{
  g_return_val_if_fail (store == NULL || ACC_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (ACC_TYPE_CONTEXT, "store", store, "settings", settings, NULL);
}

/**
 * acc_context_get_store:
 *
 * Returns: (transfer none) (nullable): the day's store
 */
AccStore *
acc_context_get_store (AccContext *self)
{
  g_return_val_if_fail (ACC_IS_CONTEXT (self), NULL);

  return self->store;
}

/**
 * acc_context_get_settings:
 *
 * Returns: (transfer none) (nullable): the application's settings
 */
GSettings *
acc_context_get_settings (AccContext *self)
{
  g_return_val_if_fail (ACC_IS_CONTEXT (self), NULL);

  return self->settings;
}

/**
 * acc_context_get_engine:
 *
 * Returns: (transfer none) (nullable): the replication with the cloud, %NULL when the desk
 *   works alone
 */
AccSyncEngine *
acc_context_get_engine (AccContext *self)
{
  g_return_val_if_fail (ACC_IS_CONTEXT (self), NULL);

  return self->engine;
}

/**
 * acc_context_set_engine:
 * @engine: (nullable): the replication with the cloud; the context stops it when it goes
 */
void
acc_context_set_engine (AccContext    *self,
                        AccSyncEngine *engine)
{
  g_return_if_fail (ACC_IS_CONTEXT (self));
  g_return_if_fail (engine == NULL || ACC_IS_SYNC_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    acc_sync_engine_stop (self->engine);
  g_set_object (&self->engine, engine);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

/**
 * acc_context_get_peers:
 *
 * Returns: (transfer none) (nullable): the other desks of the school the day is replicated
 *   with, %NULL when none is given
 */
AccPeers *
acc_context_get_peers (AccContext *self)
{
  g_return_val_if_fail (ACC_IS_CONTEXT (self), NULL);

  return self->peers;
}

/**
 * acc_context_set_peers:
 * @peers: (nullable): the other desks; the context stops replicating with them when it goes
 */
void
acc_context_set_peers (AccContext *self,
                       AccPeers   *peers)
{
  g_return_if_fail (ACC_IS_CONTEXT (self));
  g_return_if_fail (peers == NULL || ACC_IS_PEERS (peers));

  g_set_object (&self->peers, peers);
}

/**
 * acc_context_set_server:
 * @server: (nullable): the day served to the other desks; the context stops serving when it
 *   goes
 */
void
acc_context_set_server (AccContext    *self,
                        AccPeerServer *server)
{
  g_return_if_fail (ACC_IS_CONTEXT (self));
  g_return_if_fail (server == NULL || ACC_IS_PEER_SERVER (server));

  g_set_object (&self->server, server);
}

/**
 * acc_context_set_discovery:
 * @discovery: (nullable): the discovery of the school's desks on the network, and this
 *   desk's announcement; the context withdraws it when it goes
 */
void
acc_context_set_discovery (AccContext       *self,
                           AccPeerDiscovery *discovery)
{
  g_return_if_fail (ACC_IS_CONTEXT (self));
  g_return_if_fail (discovery == NULL || ACC_IS_PEER_DISCOVERY (discovery));

  g_set_object (&self->discovery, discovery);
}

/**
 * acc_context_get_days:
 *
 * Returns: (transfer none) (nullable): the days the desk holds in its folder, among which
 *   the window may switch; %NULL when it shows one file it was given
 */
AccDeskDays *
acc_context_get_days (AccContext *self)
{
  g_return_val_if_fail (ACC_IS_CONTEXT (self), NULL);

  return self->days;
}

/**
 * acc_context_set_days:
 * @days: (nullable): the days the desk holds in its folder
 */
void
acc_context_set_days (AccContext  *self,
                      AccDeskDays *days)
{
  g_return_if_fail (ACC_IS_CONTEXT (self));
  g_return_if_fail (days == NULL || ACC_IS_DESK_DAYS (days));

  g_set_object (&self->days, days);
}
