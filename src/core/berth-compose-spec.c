/* berth-compose-spec.c: the POST /containers/create body of a service,
 * with the labels, names and aliases Compose v2 uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "berth-compose-ops-private.h"

/* --- container spec ---------------------------------------------------- */

static void
add_strv_member (JsonObject         *obj,
                 const char         *name,
                 const char * const *strv)
{
  JsonArray *array;

  if (strv == NULL)
    return;
  array = json_array_new ();
  for (guint i = 0; strv[i]; i++)
    json_array_add_string_element (array, strv[i]);
  json_object_set_array_member (obj, name, array);
}

static gboolean
strv_nonempty (const char * const *strv)
{
  return strv != NULL && strv[0] != NULL;
}

GPtrArray *
berth_compose_service_network_names (BerthComposeProject *project,
                                     BerthComposeService *service)
{
  GPtrArray *nets = berth_compose_service_get_networks (service);
  GPtrArray *ret = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; nets && i < nets->len; i++)
    {
      BerthComposeServiceNetwork *sn = g_ptr_array_index (nets, i);
      const BerthComposeNetwork *net = berth_compose_project_get_network (project, sn->name);

      g_ptr_array_add (ret, g_strdup (net && net->name ? net->name : sn->name));
    }
  return ret;
}

static char *
depends_on_label (BerthComposeService *service)
{
  GPtrArray *deps = berth_compose_service_get_depends_on (service);
  GString *s = g_string_new (NULL);

  for (guint i = 0; deps && i < deps->len; i++)
    {
      BerthComposeDependency *d = g_ptr_array_index (deps, i);

      g_string_append_printf (s, "%s%s:%s:%s", i ? "," : "", d->service,
                              berth_compose_condition_to_string (d->condition),
                              d->restart ? "true" : "false");
    }
  return g_string_free (s, FALSE);
}

static JsonObject *
healthcheck_object (const BerthComposeHealthcheck *hc)
{
  JsonObject *obj = json_object_new ();

  if (hc->disable)
    {
      JsonArray *test = json_array_new ();

      json_array_add_string_element (test, "NONE");
      json_object_set_array_member (obj, "Test", test);
      return obj;
    }
  add_strv_member (obj, "Test", (const char * const *) hc->test);
  if (hc->interval >= 0)
    json_object_set_int_member (obj, "Interval", hc->interval);
  if (hc->timeout >= 0)
    json_object_set_int_member (obj, "Timeout", hc->timeout);
  if (hc->start_period >= 0)
    json_object_set_int_member (obj, "StartPeriod", hc->start_period);
  if (hc->retries >= 0)
    json_object_set_int_member (obj, "Retries", hc->retries);
  return obj;
}

static JsonObject *
restart_policy (const char *restart)
{
  JsonObject *obj = json_object_new ();

  if (restart == NULL || *restart == '\0')
    restart = "no";
  if (g_str_has_prefix (restart, "on-failure"))
    {
      const char *colon = strchr (restart, ':');

      json_object_set_string_member (obj, "Name", "on-failure");
      if (colon != NULL)
        json_object_set_int_member (obj, "MaximumRetryCount", g_ascii_strtoll (colon + 1, NULL, 10));
    }
  else
    json_object_set_string_member (obj, "Name", restart);
  return obj;
}

JsonNode *
berth_compose_container_spec (BerthComposeProject  *project,
                              BerthComposeService  *service,
                              guint                 number,
                              const char           *image_id,
                              gboolean              all_networks,
                              GError              **error)
{
  const char *project_name = berth_compose_project_get_name (project);
  const char *name = berth_compose_service_get_name (service);
  g_autofree char *image = berth_compose_project_dup_service_image (project, service);
  g_autofree char *hash = berth_compose_service_config_hash (service);
  g_autofree char *deps = depends_on_label (service);
  g_autofree char *files = g_strjoinv (",", (char **) berth_compose_project_get_config_files (project));
  g_autofree char *number_s = g_strdup_printf ("%u", number);
  g_autoptr(GPtrArray) networks = berth_compose_service_network_names (project, service);
  JsonObject *spec = json_object_new ();
  JsonObject *host = json_object_new ();
  JsonObject *labels = json_object_new ();
  JsonObject *exposed = json_object_new ();
  JsonObject *bindings = json_object_new ();
  JsonArray *env = json_array_new ();
  JsonArray *binds = json_array_new ();
  JsonArray *mounts = json_array_new ();
  GPtrArray *list;
  const BerthComposeHealthcheck *hc;
  const BerthComposeLogging *logging;
  gint64 grace;
  JsonNode *node;

  json_object_set_string_member (spec, "Image", image);

  /* Labels: the service's own, then Compose's (which win). */
  list = berth_compose_service_get_labels (service);
  for (guint i = 0; list && i < list->len; i++)
    {
      BerthComposeKeyValue *kv = g_ptr_array_index (list, i);
      json_object_set_string_member (labels, kv->key, kv->value ? kv->value : "");
    }
  json_object_set_string_member (labels, BERTH_COMPOSE_LABEL_PROJECT, project_name);
  json_object_set_string_member (labels, BERTH_COMPOSE_LABEL_SERVICE, name);
  json_object_set_string_member (labels, BERTH_COMPOSE_LABEL_CONTAINER_NUMBER, number_s);
  json_object_set_string_member (labels, BERTH_COMPOSE_LABEL_ONEOFF, "False");
  json_object_set_string_member (labels, BERTH_COMPOSE_LABEL_CONFIG_HASH, hash);
  json_object_set_string_member (labels, BERTH_COMPOSE_LABEL_WORKING_DIR, berth_compose_project_get_working_dir (project));
  json_object_set_string_member (labels, BERTH_COMPOSE_LABEL_CONFIG_FILES, files);
  json_object_set_string_member (labels, BERTH_COMPOSE_LABEL_VERSION, BERTH_COMPOSE_VERSION);
  json_object_set_string_member (labels, BERTH_COMPOSE_LABEL_DEPENDS_ON, deps);
  json_object_set_string_member (labels, BERTH_COMPOSE_LABEL_IMAGE, image_id ? image_id : image);
  json_object_set_string_member (labels, BERTH_COMPOSE_LABEL_BERTH, "berth");
  json_object_set_object_member (spec, "Labels", labels);

  list = berth_compose_service_get_environment (service);
  for (guint i = 0; list && i < list->len; i++)
    {
      BerthComposeKeyValue *kv = g_ptr_array_index (list, i);
      g_autofree char *entry = NULL;

      /* "KEY" without a value and not in the environment: unset. */
      if (kv->value == NULL)
        continue;
      entry = g_strdup_printf ("%s=%s", kv->key, kv->value);
      json_array_add_string_element (env, entry);
    }
  json_object_set_array_member (spec, "Env", env);

  add_strv_member (spec, "Cmd", berth_compose_service_get_command (service));
  add_strv_member (spec, "Entrypoint", berth_compose_service_get_entrypoint (service));
  if (berth_compose_service_get_user (service))
    json_object_set_string_member (spec, "User", berth_compose_service_get_user (service));
  if (berth_compose_service_get_working_dir (service))
    json_object_set_string_member (spec, "WorkingDir", berth_compose_service_get_working_dir (service));
  if (berth_compose_service_get_hostname (service))
    json_object_set_string_member (spec, "Hostname", berth_compose_service_get_hostname (service));
  json_object_set_boolean_member (spec, "Tty", berth_compose_service_get_tty (service));
  json_object_set_boolean_member (spec, "OpenStdin", berth_compose_service_get_stdin_open (service));
  if (berth_compose_service_get_stop_signal (service))
    json_object_set_string_member (spec, "StopSignal", berth_compose_service_get_stop_signal (service));
  grace = berth_compose_service_get_stop_grace_period (service);
  if (grace >= 0)
    json_object_set_int_member (spec, "StopTimeout", (grace + 999999999) / 1000000000);

  hc = berth_compose_service_get_healthcheck (service);
  if (hc != NULL)
    json_object_set_object_member (spec, "Healthcheck", healthcheck_object (hc));

  /* Ports. */
  list = berth_compose_service_get_ports (service);
  for (guint i = 0; list && i < list->len; i++)
    {
      BerthComposePort *port = g_ptr_array_index (list, i);
      g_autofree char *key = g_strdup_printf ("%u/%s", port->target, port->protocol ? port->protocol : "tcp");
      JsonArray *b;
      JsonObject *binding = json_object_new ();

      if (!json_object_has_member (exposed, key))
        json_object_set_object_member (exposed, key, json_object_new ());
      if (!json_object_has_member (bindings, key))
        json_object_set_array_member (bindings, key, json_array_new ());
      b = json_object_get_array_member (bindings, key);
      json_object_set_string_member (binding, "HostIp", port->host_ip ? port->host_ip : "");
      /* No published port: the engine picks a free one, as Compose does. */
      json_object_set_string_member (binding, "HostPort", port->published ? port->published : "");
      json_array_add_object_element (b, binding);
    }
  {
    const char * const *expose = berth_compose_service_get_expose (service);

    for (guint i = 0; expose && expose[i]; i++)
      {
        g_autofree char *key = strchr (expose[i], '/') ? g_strdup (expose[i]) : g_strdup_printf ("%s/tcp", expose[i]);

        if (!json_object_has_member (exposed, key))
          json_object_set_object_member (exposed, key, json_object_new ());
      }
  }
  json_object_set_object_member (spec, "ExposedPorts", exposed);
  json_object_set_object_member (host, "PortBindings", bindings);

  /* Mounts: short-syntax binds go through Binds so that a missing host
   * directory is created, as Compose does; the rest through Mounts. */
  list = berth_compose_service_get_volumes (service);
  for (guint i = 0; list && i < list->len; i++)
    {
      BerthComposeMount *m = g_ptr_array_index (list, i);
      JsonObject *mount;

      if (m->type == BERTH_COMPOSE_MOUNT_BIND && m->create_host_path)
        {
          g_autofree char *bind = g_strdup_printf ("%s:%s%s", m->source, m->target, m->read_only ? ":ro" : "");
          json_array_add_string_element (binds, bind);
          continue;
        }
      mount = json_object_new ();
      json_object_set_string_member (mount, "Target", m->target);
      json_object_set_boolean_member (mount, "ReadOnly", m->read_only);
      switch (m->type)
        {
        case BERTH_COMPOSE_MOUNT_BIND:
          json_object_set_string_member (mount, "Type", "bind");
          json_object_set_string_member (mount, "Source", m->source);
          break;
        case BERTH_COMPOSE_MOUNT_TMPFS:
          json_object_set_string_member (mount, "Type", "tmpfs");
          if (m->tmpfs_size > 0)
            {
              JsonObject *opts = json_object_new ();
              json_object_set_int_member (opts, "SizeBytes", m->tmpfs_size);
              json_object_set_object_member (mount, "TmpfsOptions", opts);
            }
          break;
        case BERTH_COMPOSE_MOUNT_VOLUME:
        default:
          json_object_set_string_member (mount, "Type", "volume");
          if (m->source != NULL)
            {
              const BerthComposeVolume *vol = berth_compose_project_get_volume (project, m->source);

              json_object_set_string_member (mount, "Source", vol && vol->name ? vol->name : m->source);
            }
          if (m->nocopy)
            {
              JsonObject *opts = json_object_new ();
              json_object_set_boolean_member (opts, "NoCopy", TRUE);
              json_object_set_object_member (mount, "VolumeOptions", opts);
            }
          break;
        }
      json_array_add_object_element (mounts, mount);
    }
  json_object_set_array_member (host, "Binds", binds);
  json_object_set_array_member (host, "Mounts", mounts);

  json_object_set_object_member (host, "RestartPolicy", restart_policy (berth_compose_service_get_restart (service)));
  if (berth_compose_service_get_init (service))
    json_object_set_boolean_member (host, "Init", TRUE);
  json_object_set_boolean_member (host, "Privileged", berth_compose_service_get_privileged (service));
  if (strv_nonempty (berth_compose_service_get_cap_add (service)))
    add_strv_member (host, "CapAdd", berth_compose_service_get_cap_add (service));
  if (strv_nonempty (berth_compose_service_get_cap_drop (service)))
    add_strv_member (host, "CapDrop", berth_compose_service_get_cap_drop (service));
  if (strv_nonempty (berth_compose_service_get_dns (service)))
    add_strv_member (host, "Dns", berth_compose_service_get_dns (service));
  if (strv_nonempty (berth_compose_service_get_extra_hosts (service)))
    add_strv_member (host, "ExtraHosts", berth_compose_service_get_extra_hosts (service));
  if (berth_compose_service_get_shm_size (service) >= 0)
    json_object_set_int_member (host, "ShmSize", berth_compose_service_get_shm_size (service));
  list = berth_compose_service_get_ulimits (service);
  if (list && list->len > 0)
    {
      JsonArray *ulimits = json_array_new ();

      for (guint i = 0; i < list->len; i++)
        {
          BerthComposeUlimit *u = g_ptr_array_index (list, i);
          JsonObject *o = json_object_new ();

          json_object_set_string_member (o, "Name", u->name);
          json_object_set_int_member (o, "Soft", u->soft);
          json_object_set_int_member (o, "Hard", u->hard);
          json_array_add_object_element (ulimits, o);
        }
      json_object_set_array_member (host, "Ulimits", ulimits);
    }
  logging = berth_compose_service_get_logging (service);
  if (logging != NULL && logging->driver != NULL)
    {
      JsonObject *log = json_object_new ();
      JsonObject *config = json_object_new ();

      json_object_set_string_member (log, "Type", logging->driver);
      for (guint i = 0; logging->options && i < logging->options->len; i++)
        {
          BerthComposeKeyValue *kv = g_ptr_array_index (logging->options, i);
          json_object_set_string_member (config, kv->key, kv->value ? kv->value : "");
        }
      json_object_set_object_member (log, "Config", config);
      json_object_set_object_member (host, "LogConfig", log);
    }

  /* Networks: every endpoint gets the service name as alias, so that
   * "db" resolves on each network the service joins. */
  {
    JsonObject *networking = json_object_new ();
    JsonObject *endpoints = json_object_new ();
    GPtrArray *sns = berth_compose_service_get_networks (service);

    for (guint i = 0; sns && i < sns->len; i++)
      {
        BerthComposeServiceNetwork *sn = g_ptr_array_index (sns, i);
        JsonObject *ep = json_object_new ();
        JsonArray *aliases = json_array_new ();

        if (i > 0 && !all_networks)
          {
            json_object_unref (ep);
            json_array_unref (aliases);
            break;
          }
        json_array_add_string_element (aliases, name);
        for (guint k = 0; sn->aliases && sn->aliases[k]; k++)
          json_array_add_string_element (aliases, sn->aliases[k]);
        json_object_set_array_member (ep, "Aliases", aliases);
        if (sn->ipv4_address)
          {
            JsonObject *ipam = json_object_new ();
            json_object_set_string_member (ipam, "IPv4Address", sn->ipv4_address);
            json_object_set_object_member (ep, "IPAMConfig", ipam);
          }
        json_object_set_object_member (endpoints, g_ptr_array_index (networks, i), ep);
      }
    if (networks->len > 0)
      json_object_set_string_member (host, "NetworkMode", g_ptr_array_index (networks, 0));
    json_object_set_object_member (networking, "EndpointsConfig", endpoints);
    json_object_set_object_member (spec, "NetworkingConfig", networking);
  }

  json_object_set_object_member (spec, "HostConfig", host);

  node = json_node_init_object (json_node_alloc (), spec);
  json_object_unref (spec);
  return node;
}

