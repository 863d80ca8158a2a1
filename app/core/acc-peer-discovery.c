/* acc-peer-discovery.c: finding the school's other desks on the network with DNS-SD
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * One file, though long: browsing and announcing share Avahi's name watch, the bus, the
 * bounds on what Avahi sends and the list of services tracked; about half of it is the
 * checking of D-Bus replies, which could go to a file of readers as acc-sync-answers.c does.
 *
 * Desks announce their day's server as a DNS-SD service, `_accueil._tcp`, with two TXT
 * records: `v=1` and `school=<school id>`, the school part of the day's database name. The
 * pairing secret is never announced: a desk found this way still has to give it to be served.
 *
 * The work is Avahi's, the mDNS daemon of Linux desktops, reached over D-Bus with GDBus alone
 * (no libavahi). Avahi's name on the bus is watched: when it appears, the desk browses (and
 * announces, when asked), and when it goes, everything it said is forgotten and the desk says
 * discovery is unavailable. Calls made while one Avahi runs share a cancellable, cancelled
 * when it goes; every call is cancelled at dispose.
 *
 * Browsing uses Avahi 0.8's Server2.ServiceBrowserPrepare, then Start, so that no signal is
 * sent before this desk listens. With an older Avahi, ServiceBrowserNew starts at once: the
 * browser's signals are subscribed to first, for any path of Avahi's, and those that arrive
 * before the browser's path is known are kept, then replayed once it is.
 *
 * What comes over D-Bus is treated as hostile: every value's type is checked before it is
 * read, names, addresses and TXT records are bounded, at most ACC_PEER_DISCOVERY_MAX_PEERS
 * services are tracked, and anything malformed is ignored with a debug message. The desk's own
 * service (one this host announced, Avahi's OUR_OWN flag, on the port this desk announces)
 * and those of another school or another version are ignored; another desk of the same
 * computer (another user, on another port) is a desk like any other.
 *
 * One file, a little over 1,200 lines: browsing and announcing share the Avahi session (its
 * owner, its cancellable, what is forgotten when it goes), and most of it is the checking of
 * what Avahi says, which reads best beside the calls it answers.
 */
#define G_LOG_DOMAIN "accueil-peers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "acc-peer-discovery.h"

#define AVAHI_NAME                "org.freedesktop.Avahi"
#define AVAHI_SERVER              "org.freedesktop.Avahi.Server"
#define AVAHI_SERVER2             "org.freedesktop.Avahi.Server2"
#define AVAHI_SERVICE_BROWSER     "org.freedesktop.Avahi.ServiceBrowser"
#define AVAHI_ENTRY_GROUP         "org.freedesktop.Avahi.EntryGroup"

/* Avahi's constants (avahi-common/defs.h). */
#define AVAHI_IF_UNSPEC               (-1)
#define AVAHI_PROTO_UNSPEC            (-1)
#define AVAHI_PROTO_INET              0
#define AVAHI_LOOKUP_RESULT_OUR_OWN   0x10
#define AVAHI_ENTRY_GROUP_COLLISION   3
#define AVAHI_ENTRY_GROUP_FAILURE     4

/* DNS bounds: a label (a service's name) is at most 63 bytes, a domain 255, a TXT string
 * 255. A desk's TXT holds two strings; more than a few dozen is not a desk's. */
#define MAX_LABEL       63
#define MAX_DOMAIN      255
#define MAX_TXT_STRING  255
#define MAX_TXT_STRINGS 32
#define MAX_ADDRESS     64
/* Browser signals kept while the browser's path is not known yet. */
#define MAX_EARLY       (2 * ACC_PEER_DISCOVERY_MAX_PEERS)
/* Name collisions answered with another name before giving up. */
#define MAX_COLLISIONS  16

/* A service the browser reported, until it is removed. */
typedef struct
{
  char *address; /* "host:port" once resolved and found to be a desk of the school; NULL until. */
} Service;

/* A browser signal received before the browser's path was known. */
typedef struct
{
  char     *path;
  char     *signal_name;
  GVariant *parameters;
} EarlySignal;

struct _AccPeerDiscovery
{
  GObject          parent_instance;

  char            *school_id;
  GDBusConnection *bus;         /* NULL until the system bus is got. */
  GCancellable    *cancellable; /* Every call; cancelled at dispose. */
  GCancellable    *session;     /* Calls to the Avahi that runs; cancelled when it goes. */
  guint            watch_id;
  gboolean         connecting;
  char            *avahi_owner; /* Avahi's unique name on the bus while it runs. */

  gboolean         available;
  char            *problem;

  /* Browsing */
  gboolean         browsing;    /* Asked to browse. */
  gboolean         browser_pending;
  char            *browser_path;
  guint            browser_signals_id;
  GPtrArray       *early;       /* EarlySignal */
  GHashTable      *services;    /* "interface/protocol/name/domain" → Service */

  /* Announcing */
  char            *instance_name;
  guint            port;        /* 0: not announced. */
  gboolean         group_pending;
  char            *group_path;
  guint            group_signals_id;
  guint            collisions;
};

G_DEFINE_FINAL_TYPE (AccPeerDiscovery, acc_peer_discovery, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCHOOL_ID,
  PROP_BUS,
  PROP_AVAILABLE,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PEER_FOUND,
  PEER_LOST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void browse   (AccPeerDiscovery *self);
static void announce (AccPeerDiscovery *self);

static void
service_free (gpointer data)
{
  Service *service = data;

  g_free (service->address);
  g_free (service);
}

static void
early_signal_free (gpointer data)
{
  EarlySignal *early = data;

  g_free (early->path);
  g_free (early->signal_name);
  g_variant_unref (early->parameters);
  g_free (early);
}

/**
 * acc_peer_discovery_dup_school_id:
 * @db_name: a day's database name, `<school>-<YYYY-MM-DD>`
 *
 * Returns: (transfer full) (nullable): the school part of @db_name, which desks of one school
 *   share in their announcements; %NULL when @db_name is not a day's name.
 */
char *
acc_peer_discovery_dup_school_id (const char *db_name)
{
  static const char pattern[] = "-dddd-dd-dd";
  gsize length, school_length;

  g_return_val_if_fail (db_name != NULL, NULL);

  length = strlen (db_name);
  if (length <= strlen (pattern) || length > MAX_TXT_STRING - strlen ("school="))
    return NULL;

  school_length = length - strlen (pattern);
  for (gsize i = 0; pattern[i] != '\0'; i++)
    {
      char c = db_name[school_length + i];

      if (pattern[i] == 'd' ? !g_ascii_isdigit (c) : c != pattern[i])
        return NULL;
    }

  return g_strndup (db_name, school_length);
}

/* State */

static void
set_available (AccPeerDiscovery *self,
               gboolean          available,
               const char       *problem)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->available != available)
    {
      self->available = available;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
    }
  if (g_strcmp0 (self->problem, problem) != 0)
    {
      g_free (self->problem);
      self->problem = g_strdup (problem);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_unavailable (AccPeerDiscovery *self)
{
  set_available (self, FALSE,
                 _("Other desks cannot be found on this network: Avahi is not running. Give "
                   "their addresses in the preferences."));
}

/* Whether another service than @except still resolves to @address. */
static gboolean
address_is_tracked (AccPeerDiscovery *self,
                    const char       *address,
                    Service          *except)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->services);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Service *service = value;

      if (service != except && g_strcmp0 (service->address, address) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Forgets what the Avahi that went said, and tells who listens that its desks are lost. */
static void
forget_avahi (AccPeerDiscovery *self)
{
  g_autoptr(GPtrArray) lost = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer value;

  g_cancellable_cancel (self->session);
  g_clear_object (&self->session);
  if (self->bus != NULL)
    {
      if (self->browser_signals_id != 0)
        g_dbus_connection_signal_unsubscribe (self->bus, self->browser_signals_id);
      if (self->group_signals_id != 0)
        g_dbus_connection_signal_unsubscribe (self->bus, self->group_signals_id);
    }
  self->browser_signals_id = 0;
  self->group_signals_id = 0;
  self->browser_pending = FALSE;
  self->group_pending = FALSE;
  g_clear_pointer (&self->browser_path, g_free);
  g_clear_pointer (&self->group_path, g_free);
  g_clear_pointer (&self->avahi_owner, g_free);
  g_ptr_array_set_size (self->early, 0);

  g_hash_table_iter_init (&iter, self->services);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Service *service = value;

      if (service->address != NULL &&
          !g_ptr_array_find_with_equal_func (lost, service->address, g_str_equal, NULL))
        g_ptr_array_add (lost, g_strdup (service->address));
    }
  g_hash_table_remove_all (self->services);

  for (guint i = 0; i < lost->len; i++)
    g_signal_emit (self, signals[PEER_LOST], 0, g_ptr_array_index (lost, i));
}

static void
on_avahi_appeared (GDBusConnection *bus,
                   const char      *name,
                   const char      *name_owner,
                   gpointer         user_data)
{
  AccPeerDiscovery *self = user_data;

  g_debug ("Avahi runs on the bus as %s", name_owner);

  forget_avahi (self);
  self->avahi_owner = g_strdup (name_owner);
  self->session = g_cancellable_new ();
  self->collisions = 0;
  set_available (self, TRUE, NULL);

  if (self->browsing)
    browse (self);
  if (self->port != 0)
    announce (self);
}

static void
on_avahi_vanished (GDBusConnection *bus,
                   const char      *name,
                   gpointer         user_data)
{
  AccPeerDiscovery *self = user_data;

  g_info ("Avahi does not run: other desks are not found on the network, nor is this one "
          "announced");

  forget_avahi (self);
  set_unavailable (self);
}

static void
watch_avahi (AccPeerDiscovery *self)
{
  g_assert (self->bus != NULL);

  self->watch_id = g_bus_watch_name_on_connection (self->bus, AVAHI_NAME,
                                                   G_BUS_NAME_WATCHER_FLAGS_AUTO_START,
                                                   on_avahi_appeared, on_avahi_vanished,
                                                   self, NULL);
}

static void
on_bus_got (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);
  AccPeerDiscovery *self;

  if (bus == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  self->connecting = FALSE;
  if (bus == NULL)
    {
      g_info ("No system bus, so no Avahi: %s", error->message);
      set_unavailable (self);
      return;
    }

  self->bus = bus;
  watch_avahi (self);
}

/* Watches Avahi once, on the bus given or the system bus. */
static void
connect_once (AccPeerDiscovery *self)
{
  if (self->watch_id != 0 || self->connecting)
    return;

  if (self->bus != NULL)
    watch_avahi (self);
  else if (self->problem == NULL)
    {
      self->connecting = TRUE;
      g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, on_bus_got, self);
    }
}

/* Browsing */

/* Whether @error says the call's method or interface does not exist there. */
static gboolean
is_unknown_method (const GError *error)
{
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NOT_SUPPORTED);
}

/* Whether @text is valid UTF-8 of 1 to @max bytes. */
static gboolean
is_bounded_text (const char *text,
                 gsize       max)
{
  gsize length = strlen (text);

  return length > 0 && length <= max && g_utf8_validate (text, length, NULL);
}

/* The TXT records say a desk of our school speaks our version: `v=1` and `school=` ours,
 * each once, within DNS's bounds. Unknown keys are allowed, for later versions. */
static gboolean
txt_is_ours (AccPeerDiscovery *self,
             GVariant         *txt)
{
  gsize n = g_variant_n_children (txt);
  gsize school_length = strlen (self->school_id);
  guint n_v = 0, n_school = 0;
  gboolean v_ok = FALSE, school_ok = FALSE;

  if (n > MAX_TXT_STRINGS)
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (txt, i);
      gsize length;
      const char *bytes = g_variant_get_fixed_array (child, &length, 1);
      const char *equal;
      gsize key_length;

      if (length == 0 || length > MAX_TXT_STRING)
        return FALSE;
      equal = memchr (bytes, '=', length);
      key_length = equal ? (gsize) (equal - bytes) : length;

      if (key_length == 1 && g_ascii_strncasecmp (bytes, "v", 1) == 0)
        {
          n_v++;
          v_ok = equal != NULL && length == 3 && bytes[2] == '1';
        }
      else if (key_length == 6 && g_ascii_strncasecmp (bytes, "school", 6) == 0)
        {
          n_school++;
          school_ok = equal != NULL && length - 7 == school_length &&
                      memcmp (bytes + 7, self->school_id, school_length) == 0;
        }
    }

  return n_v == 1 && n_school == 1 && v_ok && school_ok;
}

/* What a resolved service said, checked: the desk's "host:port", or NULL when it is not a
 * desk of the school to replicate with. @browse_flags are those the browser gave it. */
static char *
read_resolved (AccPeerDiscovery *self,
               GVariant         *reply,
               guint32           browse_flags)
{
  g_autoptr(GVariant) txt = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *name, *type, *host, *address;
  gint32 interface, protocol, aprotocol;
  guint16 port;
  guint32 flags;

  if (!g_variant_is_of_type (reply, G_VARIANT_TYPE ("(iissssisqaayu)")))
    {
      g_debug ("Avahi resolved a service with a reply of type %s: ignored",
               g_variant_get_type_string (reply));
      return NULL;
    }

  g_variant_get (reply, "(ii&s&s&s&si&sq@aayu)", &interface, &protocol, &name, &type, NULL,
                 &host, &aprotocol, &address, &port, &txt, &flags);

  if (((flags | browse_flags) & AVAHI_LOOKUP_RESULT_OUR_OWN) && self->port != 0 &&
      port == self->port)
    {
      g_debug ("Service “%s” is this desk's own: ignored", name);
      return NULL;
    }
  if (port == 0 || strlen (address) > MAX_ADDRESS ||
      (inet = g_inet_address_new_from_string (address)) == NULL)
    {
      g_debug ("Service “%s” has no usable address: ignored", name);
      return NULL;
    }
  if (!txt_is_ours (self, txt))
    {
      g_debug ("Service “%s” is not a desk of school %s, or not of version 1: ignored",
               name, self->school_id);
      return NULL;
    }

  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[%s]:%u", address, port);
  return g_strdup_printf ("%s:%u", address, port);
}

typedef struct
{
  AccPeerDiscovery *self;
  char             *key;
  guint32           browse_flags;
} Resolving;

static void
on_resolved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Resolving *resolving = user_data;
  g_autofree char *key = resolving->key;
  guint32 browse_flags = resolving->browse_flags;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *address = NULL;
  AccPeerDiscovery *self;
  Service *service;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  self = resolving->self;
  g_free (resolving);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Removed while it was resolved: nothing to say. */
  service = g_hash_table_lookup (self->services, key);
  if (service == NULL || service->address != NULL)
    return;

  if (reply == NULL)
    g_debug ("Avahi cannot resolve service %s: %s", key, error->message);
  else
    address = read_resolved (self, reply, browse_flags);

  /* What is not a desk of the school is not kept, so that it counts for nothing. */
  if (address == NULL)
    {
      g_hash_table_remove (self->services, key);
      return;
    }

  g_debug ("Found desk %s (%s)", address, key);
  service->address = g_steal_pointer (&address);
  if (!address_is_tracked (self, service->address, service))
    g_signal_emit (self, signals[PEER_FOUND], 0, service->address);
}

/* Reads an ItemNew or ItemRemove signal; NULL when it is malformed or not of our type. */
static char *
read_item (GVariant  *parameters,
           gint32    *interface,
           gint32    *protocol,
           const char **name,
           const char **type,
           const char **domain,
           guint32   *flags)
{
  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(iisssu)")))
    return NULL;

  g_variant_get (parameters, "(ii&s&s&su)", interface, protocol, name, type, domain, flags);
  if (!is_bounded_text (*name, MAX_LABEL) || strlen (*domain) > MAX_DOMAIN ||
      !g_utf8_validate (*domain, -1, NULL) ||
      g_ascii_strcasecmp (*type, ACC_PEER_DISCOVERY_SERVICE_TYPE) != 0)
    return NULL;

  return g_strdup_printf ("%d/%d/%s/%s", *interface, *protocol, *name, *domain);
}

static void
on_item_new (AccPeerDiscovery *self,
             GVariant         *parameters)
{
  g_autofree char *key = NULL;
  const char *name, *type, *domain;
  gint32 interface, protocol;
  guint32 flags;
  Resolving *resolving;

  key = read_item (parameters, &interface, &protocol, &name, &type, &domain, &flags);
  if (key == NULL)
    {
      g_debug ("Avahi reported a malformed service: ignored");
      return;
    }
  if (g_hash_table_contains (self->services, key))
    return;
  if (g_hash_table_size (self->services) >= ACC_PEER_DISCOVERY_MAX_PEERS)
    {
      g_debug ("Already %u desks on the network: service %s ignored",
               ACC_PEER_DISCOVERY_MAX_PEERS, key);
      return;
    }

  g_hash_table_insert (self->services, g_strdup (key), g_new0 (Service, 1));

  /* An IPv4 address, whichever protocol the service was seen on: an IPv6 link-local
   * address would need its interface, which a URL does not carry well. */
  resolving = g_new0 (Resolving, 1);
  resolving->self = self;
  resolving->key = g_steal_pointer (&key);
  resolving->browse_flags = flags;
  g_dbus_connection_call (self->bus, self->avahi_owner, "/", AVAHI_SERVER, "ResolveService",
                          g_variant_new ("(iisssiu)", interface, protocol, name, type, domain,
                                         AVAHI_PROTO_INET, 0u),
                          G_VARIANT_TYPE ("(iissssisqaayu)"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
                          -1, self->session, on_resolved, resolving);
}

static void
on_item_remove (AccPeerDiscovery *self,
                GVariant         *parameters)
{
  g_autofree char *key = NULL;
  g_autofree char *address = NULL;
  const char *name, *type, *domain;
  gint32 interface, protocol;
  guint32 flags;
  Service *service;

  key = read_item (parameters, &interface, &protocol, &name, &type, &domain, &flags);
  service = key ? g_hash_table_lookup (self->services, key) : NULL;
  if (service == NULL)
    return;

  address = g_steal_pointer (&service->address);
  g_hash_table_remove (self->services, key);
  if (address != NULL && !address_is_tracked (self, address, NULL))
    {
      g_debug ("Lost desk %s (%s)", address, key);
      g_signal_emit (self, signals[PEER_LOST], 0, address);
    }
}

static void
dispatch_browser_signal (AccPeerDiscovery *self,
                         const char       *signal_name,
                         GVariant         *parameters)
{
  if (g_str_equal (signal_name, "ItemNew"))
    on_item_new (self, parameters);
  else if (g_str_equal (signal_name, "ItemRemove"))
    on_item_remove (self, parameters);
  else if (g_str_equal (signal_name, "Failure") &&
           g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(s)")))
    {
      const char *message;

      g_variant_get (parameters, "(&s)", &message);
      g_info ("Avahi stopped looking for other desks: %s", message);
    }
}

static void
on_browser_signal (GDBusConnection *bus,
                   const char      *sender,
                   const char      *path,
                   const char      *interface,
                   const char      *signal_name,
                   GVariant        *parameters,
                   gpointer         user_data)
{
  AccPeerDiscovery *self = user_data;

  if (self->browser_path == NULL)
    {
      EarlySignal *early;

      if (!self->browser_pending || self->early->len >= MAX_EARLY)
        return;
      early = g_new0 (EarlySignal, 1);
      early->path = g_strdup (path);
      early->signal_name = g_strdup (signal_name);
      early->parameters = g_variant_ref (parameters);
      g_ptr_array_add (self->early, early);
      return;
    }

  if (g_str_equal (path, self->browser_path))
    dispatch_browser_signal (self, signal_name, parameters);
}

/* Reads the path Avahi created an object at; NULL when the reply is not one. */
static char *
read_path (GVariant *reply)
{
  const char *path;

  if (!g_variant_is_of_type (reply, G_VARIANT_TYPE ("(o)")))
    return NULL;
  g_variant_get (reply, "(&o)", &path);
  return g_strdup (path);
}

/* The browser is at @path: what it said before this desk knew is read now. */
static void
browser_created (AccPeerDiscovery *self,
                 char             *path)
{
  g_autoptr(GPtrArray) early = g_steal_pointer (&self->early);

  self->early = g_ptr_array_new_with_free_func (early_signal_free);
  self->browser_pending = FALSE;
  self->browser_path = path;
  g_debug ("Looking for other desks of school %s with Avahi's browser %s",
           self->school_id, path);

  for (guint i = 0; i < early->len; i++)
    {
      EarlySignal *signal = g_ptr_array_index (early, i);

      if (g_str_equal (signal->path, path))
        dispatch_browser_signal (self, signal->signal_name, signal->parameters);
    }
}

static void
on_call_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  const char *what = user_data;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_info ("Avahi refused to %s: %s", what, error->message);
}

/* Takes the browser Avahi made, which @reply names; when it made none, says why (@error, or
 * a malformed reply), gives browsing up and returns FALSE. */
static gboolean
take_browser (AccPeerDiscovery *self,
              GVariant         *reply,
              const GError     *error)
{
  char *path = reply != NULL ? read_path (reply) : NULL;

  if (path == NULL)
    {
      g_info ("Avahi cannot look for other desks: %s",
              error ? error->message : "malformed reply");
      self->browser_pending = FALSE;
      g_ptr_array_set_size (self->early, 0);
      return FALSE;
    }

  browser_created (self, path);
  return TRUE;
}

static void
on_browser_new (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    take_browser (user_data, reply, error);
}

static void
on_browser_prepared (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  AccPeerDiscovery *self;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  if (reply == NULL && is_unknown_method (error))
    {
      /* Avahi before 0.8: the browser starts as it is created, and the signals it sends
       * before its path is known are kept (on_browser_signal()). */
      g_debug ("Avahi has no Server2 interface (%s): browsing the older way", error->message);
      g_dbus_connection_call (self->bus, self->avahi_owner, "/", AVAHI_SERVER,
                              "ServiceBrowserNew",
                              g_variant_new ("(iissu)", AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
                                             ACC_PEER_DISCOVERY_SERVICE_TYPE, "", 0u),
                              G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                              self->session, on_browser_new, self);
      return;
    }
  if (!take_browser (self, reply, error))
    return;
  g_dbus_connection_call (self->bus, self->avahi_owner, self->browser_path,
                          AVAHI_SERVICE_BROWSER, "Start", NULL, G_VARIANT_TYPE_UNIT,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, self->session,
                          on_call_done, (gpointer) "look for other desks");
}

static void
browse (AccPeerDiscovery *self)
{
  g_assert (self->avahi_owner != NULL);

  if (self->browser_path != NULL || self->browser_pending)
    return;

  /* Subscribed to before the browser exists, for whichever path Avahi gives it, so that
   * an Avahi that starts browsing at once is heard from its first service. Only the owner
   * of Avahi's name is listened to. */
  self->browser_pending = TRUE;
  self->browser_signals_id =
    g_dbus_connection_signal_subscribe (self->bus, self->avahi_owner, AVAHI_SERVICE_BROWSER,
                                        NULL, NULL, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_browser_signal, self, NULL);
  g_dbus_connection_call (self->bus, self->avahi_owner, "/", AVAHI_SERVER2,
                          "ServiceBrowserPrepare",
                          g_variant_new ("(iissu)", AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
                                         ACC_PEER_DISCOVERY_SERVICE_TYPE, "", 0u),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->session, on_browser_prepared, self);
}

/* Announcing */

static void
on_service_added (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  AccPeerDiscovery *self;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  if (reply == NULL)
    {
      g_info ("Avahi cannot announce this desk: %s", error->message);
      return;
    }
  if (self->group_path == NULL)
    return;

  g_dbus_connection_call (self->bus, self->avahi_owner, self->group_path, AVAHI_ENTRY_GROUP,
                          "Commit", NULL, G_VARIANT_TYPE_UNIT,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, self->session, on_call_done,
                          (gpointer) "announce this desk");
}

static GVariant *
txt_records (AccPeerDiscovery *self)
{
  g_autofree char *school = g_strconcat ("school=", self->school_id, NULL);
  const char *records[] = { "v=1", school };
  GVariantBuilder builder;

  /* Byte strings without their NUL: a TXT string is its bytes alone. */
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aay"));
  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    g_variant_builder_add_value (&builder,
                                 g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, records[i],
                                                            strlen (records[i]), 1));
  return g_variant_builder_end (&builder);
}

/* Puts the service in the entry group, emptied first, and commits it. */
static void
add_service (AccPeerDiscovery *self)
{
  g_assert (self->group_path != NULL);

  g_dbus_connection_call (self->bus, self->avahi_owner, self->group_path, AVAHI_ENTRY_GROUP,
                          "Reset", NULL, G_VARIANT_TYPE_UNIT,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, self->session, on_call_done,
                          (gpointer) "withdraw this desk's announcement");
  g_dbus_connection_call (self->bus, self->avahi_owner, self->group_path, AVAHI_ENTRY_GROUP,
                          "AddService",
                          g_variant_new ("(iiussssq@aay)", AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
                                         0u, self->instance_name,
                                         ACC_PEER_DISCOVERY_SERVICE_TYPE, "", "",
                                         (guint16) self->port, txt_records (self)),
                          G_VARIANT_TYPE_UNIT, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->session, on_service_added, self);
}

static void
on_alternative_name (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  AccPeerDiscovery *self;
  const char *name;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  if (reply == NULL || !g_variant_is_of_type (reply, G_VARIANT_TYPE ("(s)")))
    {
      g_info ("Avahi gives no other name to announce this desk: %s",
              error ? error->message : "malformed reply");
      return;
    }

  g_variant_get (reply, "(&s)", &name);
  if (!is_bounded_text (name, MAX_LABEL) || self->group_path == NULL)
    return;

  g_debug ("Another desk is announced as “%s”: this one is now “%s”",
           self->instance_name, name);
  g_free (self->instance_name);
  self->instance_name = g_strdup (name);
  add_service (self);
}

static void
on_group_signal (GDBusConnection *bus,
                 const char      *sender,
                 const char      *path,
                 const char      *interface,
                 const char      *signal_name,
                 GVariant        *parameters,
                 gpointer         user_data)
{
  AccPeerDiscovery *self = user_data;
  const char *message;
  gint32 state;

  if (!g_str_equal (signal_name, "StateChanged") ||
      !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(is)")))
    return;

  g_variant_get (parameters, "(i&s)", &state, &message);
  if (state == AVAHI_ENTRY_GROUP_FAILURE)
    g_info ("Avahi cannot announce this desk: %s", message);
  else if (state == AVAHI_ENTRY_GROUP_COLLISION && self->collisions++ < MAX_COLLISIONS)
    g_dbus_connection_call (self->bus, self->avahi_owner, "/", AVAHI_SERVER,
                            "GetAlternativeServiceName",
                            g_variant_new ("(s)", self->instance_name), G_VARIANT_TYPE ("(s)"),
                            G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, self->session,
                            on_alternative_name, self);
}

static void
on_group_new (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  AccPeerDiscovery *self;
  char *path;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  self->group_pending = FALSE;
  if (reply == NULL || (path = read_path (reply)) == NULL)
    {
      g_info ("Avahi cannot announce this desk: %s",
              error ? error->message : "malformed reply");
      return;
    }

  self->group_path = path;
  self->group_signals_id =
    g_dbus_connection_signal_subscribe (self->bus, self->avahi_owner, AVAHI_ENTRY_GROUP,
                                        NULL, path, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_group_signal, self, NULL);
  add_service (self);
}

static void
announce (AccPeerDiscovery *self)
{
  g_assert (self->avahi_owner != NULL);

  if (self->group_pending)
    return;
  if (self->group_path != NULL)
    {
      add_service (self);
      return;
    }

  self->group_pending = TRUE;
  g_dbus_connection_call (self->bus, self->avahi_owner, "/", AVAHI_SERVER, "EntryGroupNew",
                          NULL, G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->session, on_group_new, self);
}

/* The object */

/**
 * acc_peer_discovery_new:
 * @school_id: the school whose desks are looked for (acc_peer_discovery_dup_school_id())
 *
 * Returns: (transfer full): the discovery of the school's desks through the Avahi of the
 *   system bus, not started.
 */
AccPeerDiscovery *
acc_peer_discovery_new (const char *school_id)
{
  g_return_val_if_fail (school_id != NULL && *school_id != '\0', NULL);
  /* It must fit in one TXT string. */
  g_return_val_if_fail (strlen (school_id) <= MAX_TXT_STRING - strlen ("school="), NULL);

  return g_object_new (ACC_TYPE_PEER_DISCOVERY, "school-id", school_id, NULL);
}

/**
 * acc_peer_discovery_new_for_bus:
 * @bus: the bus Avahi is on
 * @school_id: the school whose desks are looked for
 *
 * Returns: (transfer full): the discovery of the school's desks through the Avahi of @bus,
 *   not started; for tests, with an Avahi of their own.
 */
AccPeerDiscovery *
acc_peer_discovery_new_for_bus (GDBusConnection *bus,
                                const char      *school_id)
{
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (bus), NULL);
  g_return_val_if_fail (school_id != NULL && *school_id != '\0', NULL);
  /* It must fit in one TXT string. */
  g_return_val_if_fail (strlen (school_id) <= MAX_TXT_STRING - strlen ("school="), NULL);

  return g_object_new (ACC_TYPE_PEER_DISCOVERY, "bus", bus, "school-id", school_id, NULL);
}

/**
 * acc_peer_discovery_start:
 *
 * Looks for the school's other desks, now and whenever Avahi runs again:
 * #AccPeerDiscovery::peer-found says each.
 */
void
acc_peer_discovery_start (AccPeerDiscovery *self)
{
  g_return_if_fail (ACC_IS_PEER_DISCOVERY (self));

  self->browsing = TRUE;
  if (self->avahi_owner != NULL)
    browse (self);
  else
    connect_once (self);
}

/**
 * acc_peer_discovery_announce:
 * @instance_name: the desk's name as the network shows it; cut to 63 bytes. Avahi gives
 *   another when a desk of the network already has it.
 * @port: the port the desk serves its day on
 *
 * Announces the desk's day server to the network, with the school's id and never its secret,
 * until the object goes. Called again, it announces the new name and port instead.
 */
void
acc_peer_discovery_announce (AccPeerDiscovery *self,
                             const char       *instance_name,
                             guint             port)
{
  const char *end;

  g_return_if_fail (ACC_IS_PEER_DISCOVERY (self));
  g_return_if_fail (instance_name != NULL && g_utf8_validate (instance_name, -1, NULL));
  g_return_if_fail (port > 0 && port <= G_MAXUINT16);

  /* Cut between characters. */
  end = instance_name + strlen (instance_name);
  while (end - instance_name > MAX_LABEL)
    end = g_utf8_find_prev_char (instance_name, end);

  g_free (self->instance_name);
  self->instance_name = end > instance_name ? g_strndup (instance_name, end - instance_name)
                                            : g_strdup ("Accueil");
  self->port = port;
  self->collisions = 0;

  if (self->avahi_owner != NULL)
    announce (self);
  else
    connect_once (self);
}

/**
 * acc_peer_discovery_get_available:
 *
 * Returns: whether Avahi runs, so that desks are found and this one announced.
 */
gboolean
acc_peer_discovery_get_available (AccPeerDiscovery *self)
{
  g_return_val_if_fail (ACC_IS_PEER_DISCOVERY (self), FALSE);

  return self->available;
}

/**
 * acc_peer_discovery_get_problem:
 *
 * Returns: (nullable): why other desks are not found, in a sentence for the desk's staff
 *   that says what to do; %NULL while nothing is known to prevent it.
 */
const char *
acc_peer_discovery_get_problem (AccPeerDiscovery *self)
{
  g_return_val_if_fail (ACC_IS_PEER_DISCOVERY (self), NULL);

  return self->problem;
}

static void
acc_peer_discovery_dispose (GObject *object)
{
  AccPeerDiscovery *self = (AccPeerDiscovery *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->watch_id, g_bus_unwatch_name);

  /* Avahi forgets a client's browser and announcement when the client leaves the bus; the
   * system bus stays, so they are freed here. Nothing waits for the answer. */
  if (self->avahi_owner != NULL)
    {
      if (self->browser_path != NULL)
        g_dbus_connection_call (self->bus, self->avahi_owner, self->browser_path,
                                AVAHI_SERVICE_BROWSER, "Free", NULL, NULL,
                                G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
      if (self->group_path != NULL)
        g_dbus_connection_call (self->bus, self->avahi_owner, self->group_path,
                                AVAHI_ENTRY_GROUP, "Free", NULL, NULL,
                                G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
    }

  /* Nobody is told of desks lost: the object is going. */
  g_hash_table_remove_all (self->services);
  forget_avahi (self);
  g_clear_object (&self->bus);

  G_OBJECT_CLASS (acc_peer_discovery_parent_class)->dispose (object);
}

static void
acc_peer_discovery_finalize (GObject *object)
{
  AccPeerDiscovery *self = (AccPeerDiscovery *)object;

  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->services);
  g_ptr_array_unref (self->early);
  g_free (self->school_id);
  g_free (self->problem);
  g_free (self->instance_name);

  G_OBJECT_CLASS (acc_peer_discovery_parent_class)->finalize (object);
}

static void
acc_peer_discovery_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AccPeerDiscovery *self = ACC_PEER_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_SCHOOL_ID:
      g_value_set_string (value, self->school_id);
      break;
    case PROP_BUS:
      g_value_set_object (value, self->bus);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_peer_discovery_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AccPeerDiscovery *self = ACC_PEER_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_SCHOOL_ID:
      self->school_id = g_value_dup_string (value);
      break;
    case PROP_BUS:
      self->bus = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_peer_discovery_class_init (AccPeerDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = acc_peer_discovery_dispose;
  object_class->finalize = acc_peer_discovery_finalize;
  object_class->get_property = acc_peer_discovery_get_property;
  object_class->set_property = acc_peer_discovery_set_property;

  properties[PROP_SCHOOL_ID] =
    g_param_spec_string ("school-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* NULL: the system bus. */
  properties[PROP_BUS] =
    g_param_spec_object ("bus", NULL, NULL,
                         G_TYPE_DBUS_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AccPeerDiscovery::peer-found:
   * @address: the desk, "host:port" (acc_peers_add())
   *
   * A desk of the school announced its day on the network.
   */
  signals[PEER_FOUND] = g_signal_new ("peer-found", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * AccPeerDiscovery::peer-lost:
   * @address: a desk #AccPeerDiscovery::peer-found gave
   *
   * The desk no longer announces its day, or Avahi stopped.
   */
  signals[PEER_LOST] = g_signal_new ("peer-lost", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
acc_peer_discovery_init (AccPeerDiscovery *self)
{
  self->cancellable = g_cancellable_new ();
  self->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, service_free);
  self->early = g_ptr_array_new_with_free_func (early_signal_free);
}
