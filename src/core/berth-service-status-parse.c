/* berth-service-status-parse.c: the enums and published ports of
 * BerthServiceStatus, and reading the engine's words for them (states,
 * "Up 5 seconds (healthy)", port maps, times).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "berth-service-status-private.h"

G_DEFINE_ENUM_TYPE (BerthServiceState, berth_service_state,
  G_DEFINE_ENUM_VALUE (BERTH_SERVICE_STATE_NOT_CREATED, "not-created"),
  G_DEFINE_ENUM_VALUE (BERTH_SERVICE_STATE_CREATED, "created"),
  G_DEFINE_ENUM_VALUE (BERTH_SERVICE_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (BERTH_SERVICE_STATE_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (BERTH_SERVICE_STATE_RESTARTING, "restarting"),
  G_DEFINE_ENUM_VALUE (BERTH_SERVICE_STATE_EXITED, "exited"),
  G_DEFINE_ENUM_VALUE (BERTH_SERVICE_STATE_DEAD, "dead"),
  G_DEFINE_ENUM_VALUE (BERTH_SERVICE_STATE_REMOVING, "removing"))

G_DEFINE_ENUM_TYPE (BerthServiceHealth, berth_service_health,
  G_DEFINE_ENUM_VALUE (BERTH_SERVICE_HEALTH_NONE, "none"),
  G_DEFINE_ENUM_VALUE (BERTH_SERVICE_HEALTH_STARTING, "starting"),
  G_DEFINE_ENUM_VALUE (BERTH_SERVICE_HEALTH_HEALTHY, "healthy"),
  G_DEFINE_ENUM_VALUE (BERTH_SERVICE_HEALTH_UNHEALTHY, "unhealthy"))

G_DEFINE_BOXED_TYPE (BerthPublishedPort, berth_published_port,
                     berth_published_port_copy, berth_published_port_free)

static const char * const state_names[] = {
  "not created", "created", "running", "paused", "restarting", "exited", "dead", "removing",
};

static const char * const health_names[] = {
  "none", "starting", "healthy", "unhealthy",
};

/* Index of str in names (ASCII case-insensitive), or -1. */
static int
name_index (const char * const *names,
            guint               n_names,
            const char         *str)
{
  for (guint i = 0; i < n_names; i++)
    if (g_ascii_strcasecmp (str, names[i]) == 0)
      return i;
  return -1;
}

const char *
berth_service_state_to_string (BerthServiceState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), "not created");
  return state_names[state];
}

BerthServiceState
berth_service_state_from_string (const char *str)
{
  int i;

  if (str == NULL)
    return BERTH_SERVICE_STATE_NOT_CREATED;
  i = name_index (state_names, G_N_ELEMENTS (state_names), str);
  if (i >= 0)
    return i;
  /* Older engines never said "not created"; anything unknown is shown as
   * created-but-not-running rather than guessed as running. */
  if (g_ascii_strcasecmp (str, "not-created") == 0)
    return BERTH_SERVICE_STATE_NOT_CREATED;
  return BERTH_SERVICE_STATE_CREATED;
}

const char *
berth_service_health_to_string (BerthServiceHealth health)
{
  g_return_val_if_fail (health < G_N_ELEMENTS (health_names), "none");
  return health_names[health];
}

BerthServiceHealth
berth_service_health_from_string (const char *str)
{
  int i;

  if (str == NULL)
    return BERTH_SERVICE_HEALTH_NONE;
  i = name_index (health_names, G_N_ELEMENTS (health_names), str);
  return i >= 0 ? (BerthServiceHealth) i : BERTH_SERVICE_HEALTH_NONE;
}

BerthPublishedPort *
berth_published_port_copy (const BerthPublishedPort *port)
{
  BerthPublishedPort *copy = g_new0 (BerthPublishedPort, 1);

  copy->host_ip = g_strdup (port->host_ip);
  copy->host_port = port->host_port;
  copy->container_port = port->container_port;
  copy->protocol = g_strdup (port->protocol);
  return copy;
}

void
berth_published_port_free (BerthPublishedPort *port)
{
  if (port == NULL)
    return;
  g_free (port->host_ip);
  g_free (port->protocol);
  g_free (port);
}

static BerthPublishedPort *
published_port_new (const char *host_ip,
                    guint       host_port,
                    guint       container_port,
                    const char *protocol)
{
  BerthPublishedPort *port = g_new0 (BerthPublishedPort, 1);

  port->host_ip = g_strdup (host_ip ? host_ip : "");
  port->host_port = host_port;
  port->container_port = container_port;
  port->protocol = g_strdup (protocol && *protocol ? protocol : "tcp");
  return port;
}

int
berth_published_port_compare (gconstpointer a,
               gconstpointer b)
{
  const BerthPublishedPort *pa = *(const BerthPublishedPort * const *) a;
  const BerthPublishedPort *pb = *(const BerthPublishedPort * const *) b;
  int ret;

  if (pa->container_port != pb->container_port)
    return pa->container_port < pb->container_port ? -1 : 1;
  if ((ret = g_strcmp0 (pa->protocol, pb->protocol)) != 0)
    return ret;
  if ((ret = g_strcmp0 (pa->host_ip, pb->host_ip)) != 0)
    return ret;
  return (int) pa->host_port - (int) pb->host_port;
}

GPtrArray *
berth_published_ports_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) berth_published_port_free);
}

GPtrArray *
berth_published_ports_from_inspect (JsonObject *ports)
{
  GPtrArray *ret = berth_published_ports_new ();
  g_autoptr(GList) members = NULL;

  if (ports == NULL)
    return ret;

  members = json_object_get_members (ports);
  for (GList *l = members; l; l = l->next)
    {
      const char *key = l->data;     /* "80/tcp" */
      JsonNode *node = json_object_get_member (ports, key);
      g_auto(GStrv) parts = g_strsplit (key, "/", 2);
      guint container_port = (guint) g_ascii_strtoull (parts[0], NULL, 10);
      const char *protocol = parts[1] ? parts[1] : "tcp";
      JsonArray *bindings;

      /* Exposed but not published: null. */
      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        continue;
      bindings = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (bindings); i++)
        {
          JsonObject *b = json_array_get_object_element (bindings, i);
          const char *host_port;

          if (b == NULL)
            continue;
          host_port = json_object_get_string_member_with_default (b, "HostPort", "");
          if (*host_port == '\0')
            continue;
          g_ptr_array_add (ret, published_port_new (json_object_get_string_member_with_default (b, "HostIp", ""),
                                                    (guint) g_ascii_strtoull (host_port, NULL, 10),
                                                    container_port, protocol));
        }
    }
  g_ptr_array_sort (ret, berth_published_port_compare);
  return ret;
}

GPtrArray *
berth_published_ports_from_summary (JsonArray *ports)
{
  GPtrArray *ret = berth_published_ports_new ();

  if (ports == NULL)
    return ret;

  for (guint i = 0; i < json_array_get_length (ports); i++)
    {
      JsonObject *p = json_array_get_object_element (ports, i);

      if (p == NULL || !json_object_has_member (p, "PublicPort"))
        continue;
      g_ptr_array_add (ret, published_port_new (json_object_get_string_member_with_default (p, "IP", ""),
                                                (guint) json_object_get_int_member_with_default (p, "PublicPort", 0),
                                                (guint) json_object_get_int_member_with_default (p, "PrivatePort", 0),
                                                json_object_get_string_member_with_default (p, "Type", "tcp")));
    }
  g_ptr_array_sort (ret, berth_published_port_compare);
  return ret;
}

void
berth_service_status_parse_status_text (const char         *status,
                                        int                *exit_code,
                                        BerthServiceHealth *health)
{
  const char *p;

  *exit_code = -1;
  *health = BERTH_SERVICE_HEALTH_NONE;
  if (status == NULL)
    return;

  if (g_str_has_prefix (status, "Exited (") || g_str_has_prefix (status, "Restarting ("))
    {
      p = strchr (status, '(') + 1;
      *exit_code = (int) strtol (p, NULL, 10);
    }

  /* The engine words health as "(healthy)", "(unhealthy)" and
   * "(health: starting)". */
  if (strstr (status, "(unhealthy)") != NULL)
    *health = BERTH_SERVICE_HEALTH_UNHEALTHY;
  else if (strstr (status, "(healthy)") != NULL)
    *health = BERTH_SERVICE_HEALTH_HEALTHY;
  else if (strstr (status, "(health: starting)") != NULL)
    *health = BERTH_SERVICE_HEALTH_STARTING;
}

GDateTime *
berth_service_status_parse_time (const char *str)
{
  GDateTime *dt;

  if (str == NULL || *str == '\0' || g_str_has_prefix (str, "0001-01-01"))
    return NULL;
  dt = g_date_time_new_from_iso8601 (str, NULL);
  return dt;
}

gboolean
berth_service_status_compute_completed (BerthServiceState  state,
                                        int                exit_code,
                                        const char        *restart_policy)
{
  if (state != BERTH_SERVICE_STATE_EXITED || exit_code != 0)
    return FALSE;
  /* With "always" or "unless-stopped" an exit 0 means someone stopped a
   * long-running service; with "no" or "on-failure" the engine will not
   * start it again: the one-shot finished its job. */
  if (restart_policy == NULL || *restart_policy == '\0' ||
      g_str_equal (restart_policy, "no") || g_str_equal (restart_policy, "on-failure"))
    return TRUE;
  return FALSE;
}
