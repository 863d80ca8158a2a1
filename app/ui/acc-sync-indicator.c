/* acc-sync-indicator.c: how far the desk is from the cloud, at a glance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "acc-sync-indicator.h"
#include "acc-store-watch.h"

/* The age of the oldest waiting change is shown in minutes: refreshing twice a minute keeps
 * it right to within half a minute without waking the desk often. */
#define REFRESH_SECONDS 30

struct _AccSyncIndicator
{
  AdwBin    parent_instance;

  AccStoreWatch  watch;
  AccSyncEngine *engine;
  gulong         engine_id;
  AccPeers      *peers;
  gulong         peers_id;
  guint     refresh_id;
  char     *text;

  /* Template widgets */
  GtkImage *icon;
  GtkLabel *state_label;
  GtkLabel *pending_label;
  GtkLabel *exchange_label;
  GtkProgressBar *progress;
  GtkPopover *details;
  GtkLabel *details_state;
  GtkLabel *details_pending;
  GtkLabel *details_exchange;
  GtkLabel *details_url;
  GtkLabel *peers_label;
  GtkLabel *details_peers;
};

G_DEFINE_FINAL_TYPE (AccSyncIndicator, acc_sync_indicator, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "12 min", "1 h 05", or "under a minute": short, because it sits in the header bar. */
static char *
format_age (gint64 seconds)
{
  gint64 minutes = MAX (seconds, 0) / 60;

  if (minutes < 1)
    /* Translators: how long the oldest change has waited to be sent, under a minute. */
    return g_strdup (_("under a minute"));

  if (minutes < 60)
    /* Translators: how long the oldest change has waited to be sent, in minutes. */
    return g_strdup_printf (ngettext ("%u min", "%u min", (gulong) minutes), (guint) minutes);

  /* Translators: how long the oldest change has waited to be sent: hours, then minutes
   * with two digits, for example “1 h 05”. */
  return g_strdup_printf (_("%u h %02u"), (guint) (minutes / 60), (guint) (minutes % 60));
}

/* The state of the exchange with the cloud, and what to say of it under the outbox. */
static char *
describe_exchange (AccSyncIndicator  *self,
                   const char       **state,
                   const char       **icon)
{
  const char *error;
  gint64 last;

  if (self->engine == NULL)
    {
      /* Translators: the desk's connection to the cloud, in the header bar: none. */
      *state = C_("sync", "Offline");
      *icon = "network-offline-symbolic";
      /* Translators: under “Offline” in the header bar, when no cloud is configured. */
      return g_strdup (_("no cloud configured"));
    }

  switch (acc_sync_engine_get_state (self->engine))
    {
    case ACC_SYNC_SYNCING:
      /* Translators: the desk's connection to the cloud: documents are being exchanged. */
      *state = C_("sync", "Syncing");
      *icon = "emblem-synchronizing-symbolic";
      break;
    case ACC_SYNC_ONLINE:
      /* Translators: the desk's connection to the cloud: up to date. */
      *state = C_("sync", "Online");
      *icon = "network-transmit-receive-symbolic";
      break;
    case ACC_SYNC_OFFLINE:
    default:
      *state = C_("sync", "Offline");
      *icon = "network-offline-symbolic";
      break;
    }

  error = acc_sync_engine_get_last_error (self->engine);
  if (error != NULL && acc_sync_engine_get_state (self->engine) == ACC_SYNC_OFFLINE)
    return g_strdup (error);

  last = acc_sync_engine_get_last_success (self->engine);
  if (last > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (last);
      g_autofree char *time = g_date_time_format (when, "%H:%M");

      /* Translators: in the header bar, the time of the last successful exchange. */
      return g_strdup_printf (_("last exchange %s"), time);
    }

  return NULL;
}

/* The first pull of a day: documents received out of the total. */
static void
update_progress (AccSyncIndicator *self)
{
  guint received, total;

  if (self->engine == NULL || !acc_sync_engine_is_receiving_day (self->engine))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
      return;
    }

  received = acc_sync_engine_get_received (self->engine);
  total = acc_sync_engine_get_total (self->engine);

  {
    /* Translators: the first pull of a day, “1200 of 50000 documents received”. */
    g_autofree char *text = g_strdup_printf (ngettext ("%1$u of %2$u document received",
                                                       "%1$u of %2$u documents received", total),
                                             received, total);

    gtk_progress_bar_set_fraction (self->progress, (double) received / total);
    gtk_progress_bar_set_text (self->progress, text);
    gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  }
}

/* What waits to be sent, in full for the details and the accessible label, and in short
 * for the header bar, where the desk's default width leaves it some fifteen characters. */
static void
describe_outbox (AccSyncIndicator  *self,
                 char             **full,
                 char             **brief)
{
  AccStoreStatus status = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  g_autofree char *count_brief = NULL;
  g_autofree char *age = NULL;
  gint64 waited;

  if (self->watch.store == NULL)
    {
      *full = g_strdup ("");
      *brief = g_strdup ("");
      return;
    }

  if (!acc_store_get_status (self->watch.store, &status, &error))
    {
      /* Translators: in the header bar, when the desk cannot count what waits to be sent. */
      *full = g_strdup (_("changes waiting: unknown"));
      *brief = g_strdup (*full);
      g_debug ("Cannot read the store's status: %s", error->message);
      return;
    }

  if (status.pending == 0)
    {
      /* Translators: in the header bar: every change made at this desk has been sent. */
      *full = g_strdup (_("nothing waiting"));
      *brief = g_strdup (*full);
      return;
    }

  /* Translators: in the header bar: changes made at this desk that the cloud does not
   * have yet. */
  count = g_strdup_printf (ngettext ("%u change waiting", "%u changes waiting",
                                     status.pending),
                           status.pending);
  /* Translators: the same, as short as possible: “3 waiting”. */
  count_brief = g_strdup_printf (ngettext ("%u waiting", "%u waiting", status.pending),
                                 status.pending);
  if (status.oldest_pending <= 0)
    {
      *full = g_steal_pointer (&count);
      *brief = g_steal_pointer (&count_brief);
      return;
    }

  waited = g_get_real_time () / G_USEC_PER_SEC - status.oldest_pending;
  age = format_age (waited);
  /* Translators: “3 changes waiting · oldest 12 min”: %1$s is the number of changes,
   * %2$s the age of the oldest. */
  *full = g_strdup_printf (_("%1$s · oldest %2$s"), count, age);
  if (waited < 60)
    *brief = g_steal_pointer (&count_brief);
  else
    /* Translators: the same, as short as possible: “3 waiting · 12 min”. */
    *brief = g_strdup_printf (_("%1$s · %2$s"), count_brief, age);
}

static void
show_label (GtkLabel   *label,
            const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && text[0] != '\0');
}

/* The other desks: how many answer, and a line on each for the details. */
static char *
describe_peers (AccSyncIndicator  *self,
                char             **details)
{
  g_autoptr(GPtrArray) exchanges = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);

  *details = NULL;
  if (self->peers == NULL)
    return NULL;

  exchanges = acc_peers_list (self->peers);
  for (guint i = 0; i < exchanges->len; i++)
    {
      g_autofree char *line = acc_peer_exchange_describe (g_ptr_array_index (exchanges, i));

      if (lines->len > 0)
        g_string_append_c (lines, '\n');
      g_string_append (lines, line);
    }
  /* Why desks are not found on the network, where they are not: the details only, as the
   * desk works on without them. */
  if (acc_peers_get_discovery_problem (self->peers) != NULL)
    g_string_append_printf (lines, "%s%s", lines->len > 0 ? "\n" : "",
                            acc_peers_get_discovery_problem (self->peers));
  *details = g_string_free (g_steal_pointer (&lines), FALSE);
  return acc_peers_dup_summary (self->peers);
}

static void
acc_sync_indicator_refresh (AccSyncIndicator *self)
{
  g_autofree char *pending = NULL;
  g_autofree char *pending_brief = NULL;
  g_autofree char *exchange = NULL;
  g_autofree char *peers = NULL;
  g_autofree char *peers_details = NULL;
  const char *state;
  const char *icon;

  g_assert (ACC_IS_SYNC_INDICATOR (self));

  exchange = describe_exchange (self, &state, &icon);
  describe_outbox (self, &pending, &pending_brief);
  peers = describe_peers (self, &peers_details);
  show_label (self->peers_label, peers);
  show_label (self->details_peers, peers_details);

  gtk_label_set_label (self->state_label, state);
  gtk_image_set_from_icon_name (self->icon, icon);
  show_label (self->pending_label, pending_brief);
  show_label (self->exchange_label, exchange);
  update_progress (self);

  gtk_label_set_label (self->details_state, state);
  show_label (self->details_pending, pending);
  show_label (self->details_exchange, exchange);
  show_label (self->details_url, self->engine != NULL ? acc_sync_engine_get_url (self->engine)
                                                      : NULL);

  g_free (self->text);
  if (pending[0] != '\0')
    /* Translators: what a screen reader says of the sync indicator: the state, then what
     * waits, for example “Offline, 3 changes waiting · oldest 12 min”. */
    self->text = g_strdup_printf (_("%1$s, %2$s"), state, pending);
  else
    self->text = g_strdup (state);
  for (guint i = 0; i < 2; i++)
    {
      const char *more = i == 0 ? exchange : peers;
      char *longer;

      if (more == NULL)
        continue;
      longer = g_strdup_printf (_("%1$s, %2$s"), self->text, more);
      g_free (self->text);
      self->text = longer;
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->text,
                                  -1);
  /* The button is the bin's child, not a template child: AdwBin unparents it itself. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (adw_bin_get_child (ADW_BIN (self))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->text,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->text);
  /* The details say the same: a tooltip over them would hide them. */
  gtk_widget_set_has_tooltip (GTK_WIDGET (self),
                              !gtk_widget_get_visible (GTK_WIDGET (self->details)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

static void
details_visible_cb (AccSyncIndicator *self,
                    GParamSpec       *pspec,
                    GtkPopover       *details)
{
  acc_sync_indicator_refresh (self);
}

static gboolean
acc_sync_indicator_tick (gpointer user_data)
{
  acc_sync_indicator_refresh (ACC_SYNC_INDICATOR (user_data));

  return G_SOURCE_CONTINUE;
}

static void
acc_sync_indicator_map (GtkWidget *widget)
{
  AccSyncIndicator *self = ACC_SYNC_INDICATOR (widget);

  GTK_WIDGET_CLASS (acc_sync_indicator_parent_class)->map (widget);

  /* Only a shown indicator needs the clock. */
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, acc_sync_indicator_tick, self);
  acc_sync_indicator_refresh (self);
}

static void
acc_sync_indicator_unmap (GtkWidget *widget)
{
  AccSyncIndicator *self = ACC_SYNC_INDICATOR (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (acc_sync_indicator_parent_class)->unmap (widget);
}

static void
acc_sync_indicator_dispose (GObject *object)
{
  AccSyncIndicator *self = ACC_SYNC_INDICATOR (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  acc_store_watch_clear (&self->watch);
  g_clear_signal_handler (&self->engine_id, self->engine);
  g_clear_object (&self->engine);
  g_clear_signal_handler (&self->peers_id, self->peers);
  g_clear_object (&self->peers);

  gtk_widget_dispose_template (GTK_WIDGET (self), ACC_TYPE_SYNC_INDICATOR);

  G_OBJECT_CLASS (acc_sync_indicator_parent_class)->dispose (object);
}

static void
acc_sync_indicator_finalize (GObject *object)
{
  AccSyncIndicator *self = ACC_SYNC_INDICATOR (object);

  g_free (self->text);

  G_OBJECT_CLASS (acc_sync_indicator_parent_class)->finalize (object);
}

static void
acc_sync_indicator_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AccSyncIndicator *self = ACC_SYNC_INDICATOR (object);

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
acc_sync_indicator_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AccSyncIndicator *self = ACC_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      acc_sync_indicator_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_sync_indicator_class_init (AccSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = acc_sync_indicator_dispose;
  object_class->finalize = acc_sync_indicator_finalize;
  object_class->get_property = acc_sync_indicator_get_property;
  object_class->set_property = acc_sync_indicator_set_property;

  widget_class->map = acc_sync_indicator_map;
  widget_class->unmap = acc_sync_indicator_unmap;

  /**
   * AccSyncIndicator:store:
   *
   * The day's replica whose outbox the indicator shows.
   */
  properties[PROP_STORE] = acc_store_watch_param_spec (G_PARAM_EXPLICIT_NOTIFY);

  /**
   * AccSyncIndicator:text:
   *
   * What the indicator says, in words: the same as its accessible label.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, AccSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, AccSyncIndicator, state_label);
  gtk_widget_class_bind_template_child (widget_class, AccSyncIndicator, pending_label);
  gtk_widget_class_bind_template_child (widget_class, AccSyncIndicator, exchange_label);
  gtk_widget_class_bind_template_child (widget_class, AccSyncIndicator, progress);
  gtk_widget_class_bind_template_child (widget_class, AccSyncIndicator, details);
  gtk_widget_class_bind_template_child (widget_class, AccSyncIndicator, details_state);
  gtk_widget_class_bind_template_callback (widget_class, details_visible_cb);
  gtk_widget_class_bind_template_child (widget_class, AccSyncIndicator, details_pending);
  gtk_widget_class_bind_template_child (widget_class, AccSyncIndicator, details_exchange);
  gtk_widget_class_bind_template_child (widget_class, AccSyncIndicator, details_url);
  gtk_widget_class_bind_template_child (widget_class, AccSyncIndicator, peers_label);
  gtk_widget_class_bind_template_child (widget_class, AccSyncIndicator, details_peers);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
  gtk_widget_class_set_css_name (widget_class, "syncindicator");
}

static void
acc_sync_indicator_init (AccSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  acc_sync_indicator_refresh (self);
}

/**
 * acc_sync_indicator_new:
 * @store: (nullable): the day's replica
 *
 * Returns: (transfer floating): a new #AccSyncIndicator
 */
GtkWidget *
acc_sync_indicator_new (AccStore *store)
{
  g_return_val_if_fail (store == NULL || ACC_IS_STORE (store), NULL);

  return g_object_new (ACC_TYPE_SYNC_INDICATOR, "store", store, NULL);
}

/**
 * acc_sync_indicator_get_store:
 * @self: a #AccSyncIndicator
 *
 * Returns: (transfer none) (nullable): the day's replica
 */
AccStore *
acc_sync_indicator_get_store (AccSyncIndicator *self)
{
  g_return_val_if_fail (ACC_IS_SYNC_INDICATOR (self), NULL);

  return self->watch.store;
}

/* What waits to be sent changes with every desk write and every push. */
static void
store_changed_cb (AccSyncIndicator *self,
                  AccStoreChange   *change)
{
  if (acc_store_change_has_outbox (change))
    acc_sync_indicator_refresh (self);
}

/**
 * acc_sync_indicator_set_store:
 * @self: a #AccSyncIndicator
 * @store: (nullable): the day's replica
 */
void
acc_sync_indicator_set_store (AccSyncIndicator *self,
                              AccStore         *store)
{
  g_return_if_fail (ACC_IS_SYNC_INDICATOR (self));
  g_return_if_fail (store == NULL || ACC_IS_STORE (store));

  if (!acc_store_watch_set (&self->watch, store, (AccStoreWatchFunc) store_changed_cb, self))
    return;

  acc_sync_indicator_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * acc_sync_indicator_get_text:
 * @self: a #AccSyncIndicator
 *
 * Returns: (transfer none): what the indicator says, in words
 */
const char *
acc_sync_indicator_get_text (AccSyncIndicator *self)
{
  g_return_val_if_fail (ACC_IS_SYNC_INDICATOR (self), NULL);

  return self->text;
}

/**
 * acc_sync_indicator_set_engine:
 * @self: a #AccSyncIndicator
 * @engine: (nullable): the replication with the cloud, %NULL when the desk works alone
 */
void
acc_sync_indicator_set_engine (AccSyncIndicator *self,
                               AccSyncEngine    *engine)
{
  g_return_if_fail (ACC_IS_SYNC_INDICATOR (self));
  g_return_if_fail (engine == NULL || ACC_IS_SYNC_ENGINE (engine));

  if (self->engine == engine)
    return;

  g_clear_signal_handler (&self->engine_id, self->engine);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    self->engine_id = g_signal_connect_object (engine, "notify",
                                               G_CALLBACK (acc_sync_indicator_refresh),
                                               self, G_CONNECT_SWAPPED);

  acc_sync_indicator_refresh (self);
}

/**
 * acc_sync_indicator_set_peers:
 * @peers: (nullable): the other desks of the school the day is replicated with
 *
 * Shows how many of them answer beside the cloud's state, and each in the details.
 */
void
acc_sync_indicator_set_peers (AccSyncIndicator *self,
                              AccPeers         *peers)
{
  g_return_if_fail (ACC_IS_SYNC_INDICATOR (self));
  g_return_if_fail (peers == NULL || ACC_IS_PEERS (peers));

  if (self->peers == peers)
    return;

  g_clear_signal_handler (&self->peers_id, self->peers);
  g_set_object (&self->peers, peers);
  if (peers != NULL)
    self->peers_id = g_signal_connect_object (peers, "changed",
                                              G_CALLBACK (acc_sync_indicator_refresh),
                                              self, G_CONNECT_SWAPPED);

  acc_sync_indicator_refresh (self);
}
