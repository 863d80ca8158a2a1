/* test-peer-discovery.c: finding the school's desks with DNS-SD, through a fake Avahi
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "acc-peer-discovery.h"
#include "acc-peers.h"
#include "acc-test-util.h"

#define SCHOOL       "les-arcs"
#define DAY          SCHOOL "-2026-02-14"
#define TYPE         ACC_PEER_DISCOVERY_SERVICE_TYPE
#define OUR_OWN      0x10
#define BROWSER_PATH "/Client1/ServiceBrowser1"
#define GROUP_PATH   "/Client1/EntryGroup1"

/* The fake Avahi: the parts of its D-Bus API the desk uses, with their real signatures, so
 * that GDBus refuses a call the real daemon would refuse. */
static const char server_xml[] =
  "<node>"
  " <interface name='org.freedesktop.Avahi.Server'>"
  "  <method name='ServiceBrowserNew'>"
  "   <arg type='i' direction='in'/><arg type='i' direction='in'/>"
  "   <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "   <arg type='u' direction='in'/><arg type='o' direction='out'/>"
  "  </method>"
  "  <method name='ResolveService'>"
  "   <arg type='i' direction='in'/><arg type='i' direction='in'/>"
  "   <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "   <arg type='s' direction='in'/><arg type='i' direction='in'/>"
  "   <arg type='u' direction='in'/>"
  "   <arg type='i' direction='out'/><arg type='i' direction='out'/>"
  "   <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "   <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "   <arg type='i' direction='out'/><arg type='s' direction='out'/>"
  "   <arg type='q' direction='out'/><arg type='aay' direction='out'/>"
  "   <arg type='u' direction='out'/>"
  "  </method>"
  "  <method name='EntryGroupNew'><arg type='o' direction='out'/></method>"
  "  <method name='GetAlternativeServiceName'>"
  "   <arg type='s' direction='in'/><arg type='s' direction='out'/>"
  "  </method>"
  " </interface>"
  " <interface name='org.freedesktop.Avahi.Server2'>"
  "  <method name='ServiceBrowserPrepare'>"
  "   <arg type='i' direction='in'/><arg type='i' direction='in'/>"
  "   <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "   <arg type='u' direction='in'/><arg type='o' direction='out'/>"
  "  </method>"
  " </interface>"
  " <interface name='org.freedesktop.Avahi.ServiceBrowser'>"
  "  <method name='Start'/><method name='Free'/>"
  " </interface>"
  " <interface name='org.freedesktop.Avahi.EntryGroup'>"
  "  <method name='AddService'>"
  "   <arg type='i' direction='in'/><arg type='i' direction='in'/>"
  "   <arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "   <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "   <arg type='s' direction='in'/><arg type='q' direction='in'/>"
  "   <arg type='aay' direction='in'/>"
  "  </method>"
  "  <method name='Commit'/><method name='Reset'/><method name='Free'/>"
  " </interface>"
  "</node>";

/* A service on the fake network. */
typedef struct
{
  const char *name;
  gint32      protocol;      /* The transport it was seen on: 0 IPv4, 1 IPv6. */
  const char *type;
  guint32     item_flags;
  guint32     resolve_flags;
  const char *address;
  guint16     port;
  const char *txt[4];
  guint       n_more_txt;    /* That many more records. */
  gboolean    long_txt;      /* One more record of 300 bytes. */
  gboolean    bad_reply;     /* The resolution answers with the wrong type. */
} FakeService;

#define GOOD_TXT { "v=1", "school=" SCHOOL }

/* Every way another desk's announcement is not one to follow (the desk announces itself on
 * 6984), then three desks of the school, one on this computer and one seen on both
 * transports; the last is found last. */
static const FakeService network[] = {
  { "Other school", 0, TYPE, 0, 0, "192.168.1.20", 6984, { "v=1", "school=val-thorens" } },
  { "Longer school", 0, TYPE, 0, 0, "192.168.1.21", 6984, { "v=1", "school=" SCHOOL "-1800" } },
  { "Shorter school", 0, TYPE, 0, 0, "192.168.1.22", 6984, { "v=1", "school=les" } },
  { "Own announcement", 0, TYPE, OUR_OWN, 0, "192.168.1.10", 6984, GOOD_TXT },
  { "Own resolution", 0, TYPE, 0, OUR_OWN, "192.168.1.10", 6984, GOOD_TXT },
  /* Another user's desk on this computer: Avahi's own too, on another port. */
  { "Desk on this host", 0, TYPE, OUR_OWN, OUR_OWN, "192.168.1.10", 6985, GOOD_TXT },
  { "Version 2", 0, TYPE, 0, 0, "192.168.1.23", 6984, { "v=2", "school=" SCHOOL } },
  { "No version", 0, TYPE, 0, 0, "192.168.1.24", 6984, { "school=" SCHOOL } },
  { "Two schools", 0, TYPE, 0, 0, "192.168.1.25", 6984,
    { "v=1", "school=" SCHOOL, "school=val-thorens" } },
  { "School without value", 0, TYPE, 0, 0, "192.168.1.26", 6984, { "v=1", "school" } },
  { "Many records", 0, TYPE, 0, 0, "192.168.1.27", 6984, GOOD_TXT, 40 },
  { "Long record", 0, TYPE, 0, 0, "192.168.1.28", 6984, GOOD_TXT, 0, TRUE },
  { "Broken reply", 0, TYPE, 0, 0, "192.168.1.29", 6984, GOOD_TXT, 0, FALSE, TRUE },
  { "Bad address", 0, TYPE, 0, 0, "desk-2.local", 6984, GOOD_TXT },
  { "No port", 0, TYPE, 0, 0, "192.168.1.30", 0, GOOD_TXT },
  { "Other type", 0, "_http._tcp", 0, 0, "192.168.1.31", 80, GOOD_TXT },
  { "Desk 2", 0, TYPE, 0, 0, "192.168.1.12", 6984, GOOD_TXT },
  { "Desk 2", 1, TYPE, 0, 0, "192.168.1.12", 6984, GOOD_TXT },
  { "Desk 3", 0, TYPE, 0, 0, "192.168.1.13", 7000, { "school=" SCHOOL, "v=1", "note=x" } },
};

typedef struct
{
  GTestDBus       *dbus;
  GDBusConnection *avahi_bus; /* The fake Avahi's connection. */
  GDBusConnection *desk_bus;  /* The desk's. */
  GDBusNodeInfo   *info;
  gboolean         server2;   /* The fake is Avahi 0.8 or later. */
  const FakeService *network; /* What the browser finds. */
  guint            n_network;
  guint            owner_id;
  gboolean         owned;
  GArray          *registrations;
  char            *client;    /* The desk's unique name, which Avahi sends its signals to. */
  gboolean         browser_freed;

  GPtrArray       *resolved;  /* The names the desk asked to resolve. */
  GVariant        *added;     /* The last AddService's parameters. */
  guint            n_commits;
  gboolean         group_freed;

  GPtrArray       *found;
  GPtrArray       *lost;
} Fixture;

static GVariant *
fake_txt (const FakeService *service)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aay"));
  for (guint i = 0; i < G_N_ELEMENTS (service->txt) && service->txt[i] != NULL; i++)
    g_variant_builder_add_value (&builder,
                                 g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE,
                                                            service->txt[i],
                                                            strlen (service->txt[i]), 1));
  for (guint i = 0; i < service->n_more_txt; i++)
    g_variant_builder_add_value (&builder,
                                 g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "x=y", 3, 1));
  if (service->long_txt)
    {
      g_autofree char *record = g_strnfill (300, 'x');

      record[1] = '=';
      g_variant_builder_add_value (&builder,
                                   g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, record,
                                                              300, 1));
    }
  return g_variant_builder_end (&builder);
}

static void
emit_browser_signal (Fixture    *fx,
                     const char *signal_name,
                     GVariant   *parameters)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (fx->avahi_bus, fx->client, BROWSER_PATH,
                                 "org.freedesktop.Avahi.ServiceBrowser", signal_name,
                                 parameters, &error);
  g_assert_no_error (error);
}

static void
emit_item (Fixture           *fx,
           const char        *signal_name,
           const FakeService *service)
{
  emit_browser_signal (fx, signal_name,
                       g_variant_new ("(iisssu)", 2, service->protocol, service->name,
                                      service->type, "local", service->item_flags));
}

/* What the browser says when it starts: a malformed item, then the whole network. */
static void
emit_network (Fixture *fx)
{
  emit_browser_signal (fx, "ItemNew", g_variant_new ("(s)", "Malformed item"));
  emit_browser_signal (fx, "Failure", g_variant_new ("(u)", 7));
  for (guint i = 0; i < fx->n_network; i++)
    emit_item (fx, "ItemNew", &fx->network[i]);
}

static const FakeService *
find_service (Fixture    *fx,
              const char *name,
              gint32      protocol)
{
  for (guint i = 0; i < fx->n_network; i++)
    if (g_str_equal (fx->network[i].name, name) && fx->network[i].protocol == protocol)
      return &fx->network[i];
  return NULL;
}

static void
resolve (Fixture               *fx,
         GDBusMethodInvocation *invocation,
         GVariant              *parameters)
{
  const char *name, *type, *domain;
  gint32 interface, protocol, aprotocol;
  guint32 flags;
  const FakeService *service;

  g_variant_get (parameters, "(ii&s&s&siu)", &interface, &protocol, &name, &type, &domain,
                 &aprotocol, &flags);
  /* An IPv4 address is asked for, whichever transport the service was seen on. */
  g_assert_cmpint (aprotocol, ==, 0);
  g_ptr_array_add (fx->resolved, g_strdup (name));

  service = find_service (fx, name, protocol);
  g_assert_nonnull (service);

  if (service->bad_reply)
    {
      GDBusMessage *call = g_dbus_method_invocation_get_message (invocation);
      g_autoptr(GDBusMessage) reply = g_dbus_message_new_method_reply (call);
      g_autoptr(GError) error = NULL;

      /* Sent by hand: GDBus would not let the fake answer with the wrong type. */
      g_dbus_message_set_body (reply, g_variant_new ("(ss)", name, service->address));
      g_dbus_connection_send_message (fx->avahi_bus, reply, G_DBUS_SEND_MESSAGE_FLAGS_NONE,
                                      NULL, &error);
      g_assert_no_error (error);
      g_object_unref (invocation);
      return;
    }

  g_dbus_method_invocation_return_value (invocation,
                                         g_variant_new ("(iissssisq@aayu)", interface, protocol,
                                                        name, type, domain, "desk.local", 0,
                                                        service->address, service->port,
                                                        fake_txt (service),
                                                        service->resolve_flags));
}

static void
on_method_call (GDBusConnection       *bus,
                const char            *sender,
                const char            *path,
                const char            *interface,
                const char            *method,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  Fixture *fx = user_data;

  g_free (fx->client);
  fx->client = g_strdup (sender);

  if (g_str_equal (method, "ServiceBrowserPrepare"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", BROWSER_PATH));
  else if (g_str_equal (method, "ServiceBrowserNew"))
    {
      /* An older Avahi browses at once: its first signals come before its answer. */
      emit_network (fx);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", BROWSER_PATH));
    }
  else if (g_str_equal (interface, "org.freedesktop.Avahi.ServiceBrowser") &&
           g_str_equal (method, "Start"))
    {
      g_dbus_method_invocation_return_value (invocation, NULL);
      emit_network (fx);
    }
  else if (g_str_equal (interface, "org.freedesktop.Avahi.ServiceBrowser"))
    {
      fx->browser_freed = TRUE;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "ResolveService"))
    resolve (fx, invocation, parameters);
  else if (g_str_equal (method, "EntryGroupNew"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", GROUP_PATH));
  else if (g_str_equal (method, "GetAlternativeServiceName"))
    {
      const char *name;
      g_autofree char *other = NULL;

      g_variant_get (parameters, "(&s)", &name);
      other = g_strconcat (name, " #2", NULL);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(s)", other));
    }
  else if (g_str_equal (method, "AddService"))
    {
      g_clear_pointer (&fx->added, g_variant_unref);
      fx->added = g_variant_ref (parameters);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "Commit"))
    {
      fx->n_commits++;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "Reset"))
    g_dbus_method_invocation_return_value (invocation, NULL);
  else if (g_str_equal (method, "Free"))
    {
      fx->group_freed = TRUE;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    g_assert_not_reached ();
}

static const GDBusInterfaceVTable vtable = { .method_call = on_method_call };

static void
register_object (Fixture    *fx,
                 const char *path,
                 const char *interface)
{
  g_autoptr(GError) error = NULL;
  guint id;

  id = g_dbus_connection_register_object (fx->avahi_bus, path,
                                          g_dbus_node_info_lookup_interface (fx->info,
                                                                             interface),
                                          &vtable, fx, NULL, &error);
  g_assert_no_error (error);
  g_array_append_val (fx->registrations, id);
}

static void
on_name_acquired (GDBusConnection *bus,
                  const char      *name,
                  gpointer         user_data)
{
  Fixture *fx = user_data;

  fx->owned = TRUE;
}

/* The fake Avahi comes on the bus. */
static void
avahi_up (Fixture *fx)
{
  register_object (fx, "/", "org.freedesktop.Avahi.Server");
  if (fx->server2)
    register_object (fx, "/", "org.freedesktop.Avahi.Server2");
  register_object (fx, BROWSER_PATH, "org.freedesktop.Avahi.ServiceBrowser");
  register_object (fx, GROUP_PATH, "org.freedesktop.Avahi.EntryGroup");

  fx->owner_id = g_bus_own_name_on_connection (fx->avahi_bus, "org.freedesktop.Avahi",
                                               G_BUS_NAME_OWNER_FLAGS_NONE,
                                               on_name_acquired, NULL, fx, NULL);
  SPIN_UNTIL (fx->owned);
}

/* The fake Avahi leaves the bus. */
static void
avahi_down (Fixture *fx)
{
  g_clear_handle_id (&fx->owner_id, g_bus_unown_name);
  fx->owned = FALSE;
  for (guint i = 0; i < fx->registrations->len; i++)
    g_dbus_connection_unregister_object (fx->avahi_bus,
                                         g_array_index (fx->registrations, guint, i));
  g_array_set_size (fx->registrations, 0);
}

static GDBusConnection *
connect_to (GTestDBus *dbus)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus;

  bus = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (dbus),
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);
  return bus;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");

  if (daemon == NULL)
    {
      g_test_skip ("No dbus-daemon to run a fake Avahi on");
      return;
    }

  fx->server2 = GPOINTER_TO_INT (data);
  fx->network = network;
  fx->n_network = G_N_ELEMENTS (network);
  fx->dbus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (fx->dbus);
  fx->avahi_bus = connect_to (fx->dbus);
  fx->desk_bus = connect_to (fx->dbus);
  fx->info = g_dbus_node_info_new_for_xml (server_xml, &error);
  g_assert_no_error (error);
  fx->registrations = g_array_new (FALSE, FALSE, sizeof (guint));
  fx->resolved = g_ptr_array_new_with_free_func (g_free);
  fx->found = g_ptr_array_new_with_free_func (g_free);
  fx->lost = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  if (fx->dbus == NULL)
    return;

  avahi_down (fx);
  g_array_unref (fx->registrations);
  g_dbus_node_info_unref (fx->info);
  g_dbus_connection_close_sync (fx->avahi_bus, NULL, NULL);
  g_dbus_connection_close_sync (fx->desk_bus, NULL, NULL);
  g_clear_object (&fx->avahi_bus);
  g_clear_object (&fx->desk_bus);
  acc_test_spin_a_little ();
  g_test_dbus_down (fx->dbus);
  g_clear_object (&fx->dbus);
  g_free (fx->client);
  g_ptr_array_unref (fx->resolved);
  g_ptr_array_unref (fx->found);
  g_ptr_array_unref (fx->lost);
  g_clear_pointer (&fx->added, g_variant_unref);
}

static void
on_peer_found (AccPeerDiscovery *discovery,
               const char       *address,
               Fixture          *fx)
{
  g_ptr_array_add (fx->found, g_strdup (address));
}

static void
on_peer_lost (AccPeerDiscovery *discovery,
              const char       *address,
              Fixture          *fx)
{
  g_ptr_array_add (fx->lost, g_strdup (address));
}

static AccPeerDiscovery *
new_discovery (Fixture *fx)
{
  AccPeerDiscovery *discovery = acc_peer_discovery_new_for_bus (fx->desk_bus, SCHOOL);

  g_signal_connect (discovery, "peer-found", G_CALLBACK (on_peer_found), fx);
  g_signal_connect (discovery, "peer-lost", G_CALLBACK (on_peer_lost), fx);
  return discovery;
}

static gboolean
resolved (Fixture    *fx,
          const char *name)
{
  return g_ptr_array_find_with_equal_func (fx->resolved, name, g_str_equal, NULL);
}

static void
test_school_id (void)
{
  static const struct
  {
    const char *db_name;
    const char *school_id;
  } cases[] = {
    { "les-arcs-2026-02-14", "les-arcs" },
    { "esf-2026-12-26", "esf" },
    { "school-42-2026-12-26", "school-42" },
    { "les-arcs", NULL },
    { "2026-02-14", NULL },
    { "-2026-02-14", NULL },
    { "les-arcs-2026-2-14", NULL },
    { "les-arcs-2026-02-14x", NULL },
    { "les-arcs_2026-02-14", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *school_id = acc_peer_discovery_dup_school_id (cases[i].db_name);

      g_assert_cmpstr (school_id, ==, cases[i].school_id);
    }
}

/* The desks of the school are found, whatever else the network and Avahi say, and lost when
 * their last announcement goes. */
static void
test_browse (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(AccPeerDiscovery) discovery = NULL;

  if (fx->dbus == NULL)
    return;

  avahi_up (fx);
  discovery = new_discovery (fx);
  acc_peer_discovery_announce (discovery, "Desk 1", 6984);
  acc_peer_discovery_start (discovery);

  /* Desk 3 is announced last: once it is found, everything before it was read. */
  SPIN_UNTIL (fx->found->len == 3);
  acc_test_spin_a_little ();
  g_assert_true (acc_peer_discovery_get_available (discovery));
  g_assert_null (acc_peer_discovery_get_problem (discovery));
  g_assert_cmpuint (fx->found->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fx->found, 0), ==, "192.168.1.10:6985");
  g_assert_cmpstr (g_ptr_array_index (fx->found, 1), ==, "192.168.1.12:6984");
  g_assert_cmpstr (g_ptr_array_index (fx->found, 2), ==, "192.168.1.13:7000");
  g_assert_cmpuint (fx->lost->len, ==, 0);

  /* What the browser says is not of our type is not even resolved; what is Avahi's own is,
   * for its port tells the desk's own from another desk of this computer. */
  g_assert_true (resolved (fx, "Other school"));
  g_assert_true (resolved (fx, "Own resolution"));
  g_assert_true (resolved (fx, "Own announcement"));
  g_assert_false (resolved (fx, "Other type"));

  /* Desk 2 is still announced on IPv6. */
  emit_item (fx, "ItemRemove", find_service (fx, "Desk 2", 0));
  emit_item (fx, "ItemRemove", find_service (fx, "Other school", 0));
  emit_item (fx, "ItemRemove", find_service (fx, "Desk 3", 0));
  SPIN_UNTIL (fx->lost->len == 1);
  g_assert_cmpstr (g_ptr_array_index (fx->lost, 0), ==, "192.168.1.13:7000");

  emit_item (fx, "ItemRemove", find_service (fx, "Desk 2", 1));
  SPIN_UNTIL (fx->lost->len == 2);
  g_assert_cmpstr (g_ptr_array_index (fx->lost, 1), ==, "192.168.1.12:6984");

  /* Announced again, it is found again. */
  emit_item (fx, "ItemNew", find_service (fx, "Desk 3", 0));
  SPIN_UNTIL (fx->found->len == 4);
  g_assert_cmpstr (g_ptr_array_index (fx->found, 3), ==, "192.168.1.13:7000");

  /* The browser is freed when the discovery goes. */
  g_clear_object (&discovery);
  SPIN_UNTIL (fx->browser_freed);
}

static GStrv
txt_strings (GVariant *txt)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (gsize i = 0; i < g_variant_n_children (txt); i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (txt, i);
      gsize length;
      const char *bytes = g_variant_get_fixed_array (child, &length, 1);
      g_autofree char *record = g_strndup (bytes, length);

      /* A TXT string is its bytes, without a NUL. */
      g_assert_cmpuint (strlen (record), ==, length);
      g_strv_builder_add (builder, record);
    }
  return g_strv_builder_end (builder);
}

/* The desk is announced with the school's id alone, and renamed on a collision. */
static void
test_announce (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(AccPeerDiscovery) discovery = NULL;
  g_autoptr(GVariant) txt = NULL;
  g_auto(GStrv) records = NULL;
  const char * const expected[] = { "v=1", "school=" SCHOOL, NULL };
  const char *name, *type, *domain, *host;
  gint32 interface, protocol;
  guint32 flags;
  guint16 port;
  g_autoptr(GString) long_name = g_string_new (NULL);

  if (fx->dbus == NULL)
    return;

  avahi_up (fx);
  discovery = new_discovery (fx);
  acc_peer_discovery_announce (discovery, "Desk 1", 7000);
  SPIN_UNTIL (fx->n_commits == 1);

  g_variant_get (fx->added, "(iiu&s&s&s&sq@aay)", &interface, &protocol, &flags, &name, &type,
                 &domain, &host, &port, &txt);
  g_assert_cmpint (interface, ==, -1);
  g_assert_cmpint (protocol, ==, -1);
  g_assert_cmpstr (name, ==, "Desk 1");
  g_assert_cmpstr (type, ==, "_accueil._tcp");
  g_assert_cmpstr (domain, ==, "");
  g_assert_cmpstr (host, ==, "");
  g_assert_cmpuint (port, ==, 7000);
  /* The school's id and the version, nothing else: never the pairing secret. */
  records = txt_strings (txt);
  g_assert_cmpstrv (records, expected);

  /* Another desk has the name. */
  g_dbus_connection_emit_signal (fx->avahi_bus, fx->client, GROUP_PATH,
                                 "org.freedesktop.Avahi.EntryGroup", "StateChanged",
                                 g_variant_new ("(is)", 3, "Local name collision"), NULL);
  SPIN_UNTIL (fx->n_commits == 2);
  g_variant_get (fx->added, "(iiu&s&s&s&sq@aay)", NULL, NULL, NULL, &name, NULL, NULL, NULL,
                 &port, NULL);
  g_assert_cmpstr (name, ==, "Desk 1 #2");
  g_assert_cmpuint (port, ==, 7000);

  /* A name longer than a DNS label is cut between characters. */
  for (guint i = 0; i < 40; i++)
    g_string_append (long_name, "é");
  acc_peer_discovery_announce (discovery, long_name->str, 7001);
  SPIN_UNTIL (fx->n_commits == 3);
  g_variant_get (fx->added, "(iiu&s&s&s&sq@aay)", NULL, NULL, NULL, &name, NULL, NULL, NULL,
                 &port, NULL);
  g_assert_cmpuint (strlen (name), ==, 62);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_cmpuint (port, ==, 7001);

  /* The announcement is withdrawn when the discovery goes. */
  g_clear_object (&discovery);
  SPIN_UNTIL (fx->group_freed);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *n)
{
  (*n)++;
}

/* Without Avahi the desk says so and works on; Avahi started later is used, and when it
 * goes, its desks are lost. */
static void
test_no_avahi (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(AccPeerDiscovery) discovery = NULL;
  guint n_problem = 0;

  if (fx->dbus == NULL)
    return;

  discovery = new_discovery (fx);
  g_signal_connect (discovery, "notify::problem", G_CALLBACK (on_notify), &n_problem);
  acc_peer_discovery_start (discovery);
  acc_peer_discovery_announce (discovery, "Desk 1", 6984);
  SPIN_UNTIL (acc_peer_discovery_get_problem (discovery) != NULL);
  g_assert_false (acc_peer_discovery_get_available (discovery));
  g_assert_nonnull (strstr (acc_peer_discovery_get_problem (discovery), "Avahi"));
  g_assert_nonnull (strstr (acc_peer_discovery_get_problem (discovery), "preferences"));
  g_assert_cmpuint (n_problem, ==, 1);

  avahi_up (fx);
  SPIN_UNTIL (fx->found->len == 3 && fx->n_commits == 1);
  g_assert_true (acc_peer_discovery_get_available (discovery));
  g_assert_null (acc_peer_discovery_get_problem (discovery));

  avahi_down (fx);
  SPIN_UNTIL (fx->lost->len == 3);
  g_assert_nonnull (acc_peer_discovery_get_problem (discovery));
  g_assert_false (acc_peer_discovery_get_available (discovery));
}

/* A network that announces more desks than a desk tracks costs it no more than that. */
static void
test_bounded (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(AccPeerDiscovery) discovery = NULL;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autofree FakeService *crowd = g_new0 (FakeService, 100);

  if (fx->dbus == NULL)
    return;

  for (guint i = 0; i < 100; i++)
    {
      char *name = g_strdup_printf ("Desk %u", i);
      char *address = g_strdup_printf ("10.0.0.%u", i + 1);

      g_ptr_array_add (strings, name);
      g_ptr_array_add (strings, address);
      crowd[i] = (FakeService) { name, 0, TYPE, 0, 0, address, 6984, GOOD_TXT };
    }
  fx->network = crowd;
  fx->n_network = 100;

  avahi_up (fx);
  discovery = new_discovery (fx);
  acc_peer_discovery_start (discovery);
  SPIN_UNTIL (fx->found->len == ACC_PEER_DISCOVERY_MAX_PEERS);
  acc_test_spin_a_little ();
  g_assert_cmpuint (fx->found->len, ==, ACC_PEER_DISCOVERY_MAX_PEERS);
  g_assert_cmpuint (fx->resolved->len, ==, ACC_PEER_DISCOVERY_MAX_PEERS);

  /* A desk lost makes room for one announced after. */
  emit_item (fx, "ItemRemove", &crowd[0]);
  emit_item (fx, "ItemNew", &crowd[99]);
  SPIN_UNTIL (fx->found->len == ACC_PEER_DISCOVERY_MAX_PEERS + 1);
  g_assert_cmpstr (g_ptr_array_index (fx->found, ACC_PEER_DISCOVERY_MAX_PEERS), ==,
                   "10.0.0.100:6984");
}

/* AccPeers replicates with the desks found, once each. Their addresses are this computer's,
 * on ports nobody serves, so that the engines started knock on no other. */
static void
test_follow (Fixture       *fx,
             gconstpointer  data)
{
  static const FakeService local_network[] = {
    { "Desk 8", 0, TYPE, 0, 0, "127.0.0.1", 9, GOOD_TXT },
    { "Other school", 0, TYPE, 0, 0, "127.0.0.2", 9, { "v=1", "school=val-thorens" } },
    { "Desk 9", 0, TYPE, 0, 0, "127.0.0.3", 9, GOOD_TXT },
  };
  g_autofree char *dir = NULL;
  g_autoptr(AccStore) store = NULL;
  g_autoptr(AccPeers) peers = NULL;
  g_autoptr(AccPeerDiscovery) discovery = NULL;
  g_autoptr(AccPeerDiscovery) elsewhere = NULL;
  g_autoptr(GPtrArray) exchanges = NULL;
  g_autoptr(GError) error = NULL;

  if (fx->dbus == NULL)
    return;

  fx->network = local_network;
  fx->n_network = G_N_ELEMENTS (local_network);
  dir = acc_test_make_dir ();
  store = acc_test_open_new (dir, "day.db");
  peers = acc_peers_new (store, DAY);
  /* Desk 9, given by hand, is found on the network too. */
  g_assert_true (acc_peers_add (peers, "127.0.0.3:9", &error));
  g_assert_no_error (error);

  /* Where Avahi does not run, AccPeers says why desks are not found. */
  elsewhere = acc_peer_discovery_new_for_bus (fx->desk_bus, SCHOOL);
  acc_peers_follow_discovery (peers, elsewhere);
  acc_peer_discovery_start (elsewhere);
  SPIN_UNTIL (acc_peers_get_discovery_problem (peers) != NULL);

  avahi_up (fx);
  discovery = new_discovery (fx);
  acc_peers_follow_discovery (peers, discovery);
  g_assert_null (acc_peers_get_discovery_problem (peers));
  acc_peer_discovery_start (discovery);
  SPIN_UNTIL (fx->found->len == 2);

  exchanges = acc_peers_list (peers);
  g_assert_cmpuint (exchanges->len, ==, 2);
  g_assert_cmpstr (((AccPeerExchange *) g_ptr_array_index (exchanges, 0))->url, ==,
                   "https://127.0.0.1:9/" DAY);
  g_assert_cmpstr (((AccPeerExchange *) g_ptr_array_index (exchanges, 1))->url, ==,
                   "https://127.0.0.3:9/" DAY);

  /* A desk lost stays: it may come back. */
  emit_item (fx, "ItemRemove", find_service (fx, "Desk 8", 0));
  SPIN_UNTIL (fx->lost->len == 1);
  g_clear_pointer (&exchanges, g_ptr_array_unref);
  exchanges = acc_peers_list (peers);
  g_assert_cmpuint (exchanges->len, ==, 2);

  g_clear_object (&peers);
  g_clear_object (&discovery);
  g_clear_object (&store);
  acc_test_remove_dir (dir);
}

static void
add_test (const char    *path,
          gboolean       server2,
          void         (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, GINT_TO_POINTER (server2), fixture_set_up, func,
              fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/peer-discovery/school-id", test_school_id);
  add_test ("/peer-discovery/browse", TRUE, test_browse);
  add_test ("/peer-discovery/browse-old-avahi", FALSE, test_browse);
  add_test ("/peer-discovery/bounded", TRUE, test_bounded);
  add_test ("/peer-discovery/announce", TRUE, test_announce);
  add_test ("/peer-discovery/no-avahi", TRUE, test_no_avahi);
  add_test ("/peer-discovery/follow", TRUE, test_follow);

  return g_test_run ();
}
