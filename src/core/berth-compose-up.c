/* berth-compose-up.c: up and pull.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-compose-ops-private.h"
#include "berth-engine-containers.h"
#include "berth-engine-resources.h"
#include "berth-engine-build.h"

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

/* --- networks and volumes ---------------------------------------------- */

static JsonObject *
resource_labels (const char *project,
                 const char *kind_label,
                 const char *key,
                 GPtrArray  *extra)
{
  JsonObject *labels = json_object_new ();

  for (guint i = 0; extra && i < extra->len; i++)
    {
      BerthComposeKeyValue *kv = g_ptr_array_index (extra, i);
      json_object_set_string_member (labels, kv->key, kv->value ? kv->value : "");
    }
  json_object_set_string_member (labels, BERTH_COMPOSE_LABEL_PROJECT, project);
  json_object_set_string_member (labels, kind_label, key);
  json_object_set_string_member (labels, BERTH_COMPOSE_LABEL_VERSION, BERTH_COMPOSE_VERSION);
  return labels;
}

static gboolean
ensure_network (BerthComposeProject        *project,
                BerthEngine                *engine,
                const BerthComposeNetwork  *net,
                BerthComposeReporter       *r,
                GCancellable               *cancellable,
                GError                    **error)
{
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id = NULL;

  existing = berth_engine_network_inspect_sync (engine, net->name, cancellable, &local_error);
  if (existing != NULL)
    return TRUE;
  if (!g_error_matches (local_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not look up network “%s”: "), net->name);
      return FALSE;
    }
  if (net->external)
    {
      berth_compose_report (r, BERTH_COMPOSE_STEP_NETWORK, BERTH_COMPOSE_PHASE_FAILED, NULL, net->name,
                            _("External network “%s” not found"), net->name);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Network “%s” is declared as external, but could not be found. "
                     "Create it first (for instance with “docker network create %s”)."),
                   net->name, net->name);
      return FALSE;
    }

  berth_compose_report (r, BERTH_COMPOSE_STEP_NETWORK, BERTH_COMPOSE_PHASE_BEGIN, NULL, net->name, NULL);
  config = json_object_new ();
  json_object_set_string_member (config, "Name", net->name);
  json_object_set_string_member (config, "Driver", net->driver ? net->driver : "bridge");
  json_object_set_boolean_member (config, "CheckDuplicate", TRUE);
  json_object_set_boolean_member (config, "Attachable", net->attachable);
  json_object_set_object_member (config, "Labels",
                                 resource_labels (berth_compose_project_get_name (project),
                                                  BERTH_COMPOSE_LABEL_NETWORK, net->key, net->labels));
  id = berth_engine_network_create_sync (engine, config, cancellable, &local_error);
  if (id == NULL)
    {
      berth_compose_report (r, BERTH_COMPOSE_STEP_NETWORK, BERTH_COMPOSE_PHASE_FAILED, NULL, net->name,
                            "%s", local_error->message);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not create network “%s”: "), net->name);
      return FALSE;
    }
  berth_compose_report (r, BERTH_COMPOSE_STEP_NETWORK, BERTH_COMPOSE_PHASE_DONE, NULL, net->name, NULL);
  berth_compose_reporter_done (r, _("created network %s"), net->name);
  return TRUE;
}

static gboolean
ensure_volume (BerthComposeProject       *project,
               BerthEngine               *engine,
               const BerthComposeVolume  *vol,
               BerthComposeReporter      *r,
               GCancellable              *cancellable,
               GError                   **error)
{
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(GError) local_error = NULL;

  existing = berth_engine_volume_inspect_sync (engine, vol->name, cancellable, &local_error);
  if (existing != NULL)
    return TRUE;
  if (!g_error_matches (local_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not look up volume “%s”: "), vol->name);
      return FALSE;
    }
  if (vol->external)
    {
      berth_compose_report (r, BERTH_COMPOSE_STEP_VOLUME, BERTH_COMPOSE_PHASE_FAILED, NULL, vol->name,
                            _("External volume “%s” not found"), vol->name);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Volume “%s” is declared as external, but could not be found. "
                     "Create it first (for instance with “docker volume create %s”)."),
                   vol->name, vol->name);
      return FALSE;
    }

  berth_compose_report (r, BERTH_COMPOSE_STEP_VOLUME, BERTH_COMPOSE_PHASE_BEGIN, NULL, vol->name, NULL);
  config = json_object_new ();
  json_object_set_string_member (config, "Name", vol->name);
  json_object_set_string_member (config, "Driver", vol->driver ? vol->driver : "local");
  json_object_set_object_member (config, "Labels",
                                 resource_labels (berth_compose_project_get_name (project),
                                                  BERTH_COMPOSE_LABEL_VOLUME, vol->key, vol->labels));
  created = berth_engine_volume_create_sync (engine, config, cancellable, &local_error);
  if (created == NULL)
    {
      berth_compose_report (r, BERTH_COMPOSE_STEP_VOLUME, BERTH_COMPOSE_PHASE_FAILED, NULL, vol->name,
                            "%s", local_error->message);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not create volume “%s”: "), vol->name);
      return FALSE;
    }
  berth_compose_report (r, BERTH_COMPOSE_STEP_VOLUME, BERTH_COMPOSE_PHASE_DONE, NULL, vol->name, NULL);
  berth_compose_reporter_done (r, _("created volume %s"), vol->name);
  return TRUE;
}

/* --- pull -------------------------------------------------------------- */

typedef struct
{
  BerthComposeReporter *r;
  const char           *service;
  const char           *image;
  GHashTable           *layers;   /* id -> gint64[2] current, total */
  gint64                last_report;
} PullState;

static gboolean
on_pull_progress (const BerthPullProgress *p,
                  gpointer                 user_data)
{
  PullState *st = user_data;
  gint64 *cur;
  GHashTableIter iter;
  gpointer value;
  gint64 current = 0, total = 0;
  gint64 now = g_get_monotonic_time ();

  if (p->id == NULL || p->total <= 0)
    return TRUE;
  cur = g_hash_table_lookup (st->layers, p->id);
  if (cur == NULL)
    {
      cur = g_new0 (gint64, 2);
      g_hash_table_insert (st->layers, g_strdup (p->id), cur);
    }
  cur[0] = MAX (p->current, 0);
  cur[1] = p->total;
  g_hash_table_iter_init (&iter, st->layers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      current += ((gint64 *) value)[0];
      total += ((gint64 *) value)[1];
    }
  /* A few updates a second are enough for a progress bar. */
  if (now - st->last_report > G_USEC_PER_SEC / 4)
    {
      st->last_report = now;
      berth_compose_report_progress (st->r, BERTH_COMPOSE_STEP_PULL, st->service, st->image,
                                     current, total, TRUE, p->status);
    }
  return TRUE;
}

gboolean
berth_compose_pull_image (BerthEngine           *engine,
                          BerthComposeReporter  *r,
                          const char            *service,
                          const char            *image,
                          GCancellable          *cancellable,
                          GError               **error)
{
  PullState st = { r, service, image, NULL, 0 };
  gboolean ok;

  berth_compose_report (r, BERTH_COMPOSE_STEP_PULL, BERTH_COMPOSE_PHASE_BEGIN, service, image, NULL);
  st.layers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ok = berth_engine_pull_sync (engine, image, on_pull_progress, &st, cancellable, error);
  g_hash_table_unref (st.layers);

  if (!ok)
    {
      berth_compose_report (r, BERTH_COMPOSE_STEP_PULL, BERTH_COMPOSE_PHASE_FAILED, service, image,
                            "%s", (error && *error) ? (*error)->message : "");
      if (error && *error && !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (*error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED))
        g_prefix_error (error, _("Could not pull image “%s” for service “%s”: "), image, service);
      return FALSE;
    }
  berth_compose_report (r, BERTH_COMPOSE_STEP_PULL, BERTH_COMPOSE_PHASE_DONE, service, image, NULL);
  berth_compose_reporter_done (r, _("pulled %s"), image);
  return TRUE;
}

/* The image's id, or NULL (and no error) when it is not there. */
static char *
image_id (BerthEngine   *engine,
          const char    *image,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GError) local_error = NULL;

  info = berth_engine_image_inspect_sync (engine, image, cancellable, &local_error);
  if (info == NULL)
    {
      if (!g_error_matches (local_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_strdup (json_object_get_string_member_with_default (info, "Id", NULL));
}

/* Pull what is missing and build what must be built, for services. */
static gboolean
ensure_images (BerthComposeProject        *project,
               BerthEngine                *engine,
               GPtrArray                  *services,
               const BerthComposeOptions  *options,
               gboolean                    pull_only,
               BerthComposeReporter       *r,
               GCancellable               *cancellable,
               GError                    **error)
{
  g_autoptr(GPtrArray) to_build = g_ptr_array_new ();
  g_autoptr(GHashTable) pulled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < services->len; i++)
    {
      BerthComposeService *service = g_ptr_array_index (services, i);
      const char *name = berth_compose_service_get_name (service);
      g_autofree char *image = berth_compose_project_dup_service_image (project, service);
      g_autofree char *id = NULL;
      g_autoptr(GError) local_error = NULL;

      if (berth_compose_service_get_build (service) != NULL)
        {
          if (pull_only)
            continue;
          if (options && options->build)
            {
              g_ptr_array_add (to_build, service);
              continue;
            }
        }

      id = image_id (engine, image, cancellable, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (id != NULL)
        continue;

      if (berth_compose_service_get_build (service) != NULL)
        {
          if (options && options->no_build)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("Image “%s” of service “%s” is missing and building was not allowed"),
                           image, name);
              return FALSE;
            }
          g_ptr_array_add (to_build, service);
          continue;
        }
      if (g_hash_table_contains (pulled, image))
        continue;
      berth_compose_reporter_plan (r, _("pulled %s"), image);
      if (!berth_compose_pull_image (engine, r, name, image, cancellable, error))
        return FALSE;
      g_hash_table_add (pulled, g_strdup (image));
    }

  if (to_build->len > 0)
    return berth_compose_build_services (project, engine, to_build, options, r, cancellable, error);
  return TRUE;
}

/* --- up ---------------------------------------------------------------- */

typedef struct
{
  BerthComposeProject        *project;
  BerthEngine                *engine;
  const BerthComposeOptions  *options;
  BerthComposeReporter       *reporter;
  GHashTable                 *selected;   /* BerthComposeService set */
} Up;

static gboolean
create_and_start (Up                  *up,
                  BerthComposeService *service,
                  guint                number,
                  const char          *image,
                  const char          *image_id_s,
                  BerthComposeStep     step,
                  GCancellable        *cancellable,
                  GError             **error)
{
  const char *name = berth_compose_service_get_name (service);
  g_autofree char *cname = berth_compose_container_name (berth_compose_project_get_name (up->project), name, number,
                                                         berth_compose_service_get_container_name (service));
  g_autoptr(JsonNode) spec = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) local_error = NULL;

  spec = berth_compose_container_spec (up->project, service, number, image_id_s, TRUE, error);
  if (spec == NULL)
    return FALSE;

  berth_compose_report (up->reporter, step, BERTH_COMPOSE_PHASE_BEGIN, name, cname, NULL);
  id = berth_engine_container_create_sync (up->engine, cname, json_node_get_object (spec), cancellable, &local_error);
  if (id == NULL)
    {
      berth_compose_report (up->reporter, step, BERTH_COMPOSE_PHASE_FAILED, name, cname, "%s", local_error->message);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not create the container of service “%s”: "), name);
      return FALSE;
    }
  berth_compose_report (up->reporter, step, BERTH_COMPOSE_PHASE_DONE, name, cname, NULL);
  berth_compose_reporter_done (up->reporter, step == BERTH_COMPOSE_STEP_RECREATE ? _("recreated %s") : _("created %s"), cname);

  berth_compose_report (up->reporter, BERTH_COMPOSE_STEP_START, BERTH_COMPOSE_PHASE_BEGIN, name, cname, NULL);
  if (!berth_engine_container_start_sync (up->engine, id, cancellable, &local_error))
    {
      berth_compose_report (up->reporter, BERTH_COMPOSE_STEP_START, BERTH_COMPOSE_PHASE_FAILED, name, cname,
                            "%s", local_error->message);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not start the container of service “%s”: "), name);
      return FALSE;
    }
  berth_compose_report (up->reporter, BERTH_COMPOSE_STEP_START, BERTH_COMPOSE_PHASE_DONE, name, cname, NULL);
  berth_compose_reporter_done (up->reporter, _("started %s"), cname);
  return TRUE;
}

static gboolean
wait_dependencies (Up                  *up,
                   BerthComposeService *service,
                   GCancellable        *cancellable,
                   GError             **error)
{
  GPtrArray *deps = berth_compose_service_get_depends_on (service);
  const char *name = berth_compose_service_get_name (service);

  for (guint i = 0; deps && i < deps->len; i++)
    {
      BerthComposeDependency *d = g_ptr_array_index (deps, i);
      g_autoptr(GPtrArray) containers = NULL;

      if (d->condition == BERTH_COMPOSE_CONDITION_STARTED)
        continue;
      containers = berth_compose_list_containers (up->engine, berth_compose_project_get_name (up->project),
                                                  d->service, cancellable, error);
      if (containers == NULL)
        return FALSE;
      if (containers->len == 0)
        {
          if (!d->required)
            continue;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("Service “%s” depends on “%s”, which has no container"), name, d->service);
          return FALSE;
        }
      for (guint k = 0; k < containers->len; k++)
        {
          JsonObject *c = g_ptr_array_index (containers, k);
          const char *dep_id = json_object_get_string_member (c, "Id");

          berth_compose_report (up->reporter, BERTH_COMPOSE_STEP_WAIT, BERTH_COMPOSE_PHASE_BEGIN, d->service,
                                berth_compose_container_name_of (c),
                                d->condition == BERTH_COMPOSE_CONDITION_HEALTHY
                                  ? _("Waiting to be healthy") : _("Waiting to complete"));
          if (!berth_compose_wait_condition (up->engine, d->service, dep_id, d->condition, cancellable, error))
            {
              if (error && *error && !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
                  !g_error_matches (*error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED))
                {
                  berth_compose_report (up->reporter, BERTH_COMPOSE_STEP_WAIT, BERTH_COMPOSE_PHASE_FAILED, d->service,
                                        berth_compose_container_name_of (c), "%s", (*error)->message);
                  g_prefix_error (error, _("Service “%s” cannot start: "), name);
                }
              return FALSE;
            }
          berth_compose_report (up->reporter, BERTH_COMPOSE_STEP_WAIT, BERTH_COMPOSE_PHASE_DONE, d->service,
                                berth_compose_container_name_of (c),
                                d->condition == BERTH_COMPOSE_CONDITION_HEALTHY ? _("Healthy") : _("Completed"));
        }
    }
  return TRUE;
}

static gboolean
up_service (BerthComposeService *service,
            gpointer             data,
            GCancellable        *cancellable,
            GError             **error)
{
  Up *up = data;
  const char *name = berth_compose_service_get_name (service);
  g_autofree char *image = berth_compose_project_dup_service_image (up->project, service);
  g_autofree char *hash = berth_compose_service_config_hash (service);
  g_autofree char *current_image_id = NULL;
  g_autoptr(GPtrArray) containers = NULL;
  int timeout = berth_compose_stop_timeout (service, up->options);

  if (!(up->options && up->options->no_deps) && !wait_dependencies (up, service, cancellable, error))
    return FALSE;

  current_image_id = image_id (up->engine, image, cancellable, error);
  if (current_image_id == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("Image “%s” of service “%s” is missing"), image, name);
      return FALSE;
    }

  containers = berth_compose_list_containers (up->engine, berth_compose_project_get_name (up->project),
                                              name, cancellable, error);
  if (containers == NULL)
    return FALSE;

  if (containers->len == 0)
    {
      if (!create_and_start (up, service, 1, image, current_image_id, BERTH_COMPOSE_STEP_CREATE, cancellable, error))
        return FALSE;
    }

  for (guint i = 0; i < containers->len; i++)
    {
      JsonObject *c = g_ptr_array_index (containers, i);
      const char *cname = berth_compose_container_name_of (c);
      const char *number_s = berth_compose_container_label (c, BERTH_COMPOSE_LABEL_CONTAINER_NUMBER);
      guint number = number_s ? MAX (1, (guint) g_ascii_strtoull (number_s, NULL, 10)) : 1;
      gboolean same_config = g_strcmp0 (berth_compose_container_label (c, BERTH_COMPOSE_LABEL_CONFIG_HASH), hash) == 0;
      /* A rebuilt or re-pulled image means a new container, as Compose. */
      gboolean same_image = g_strcmp0 (json_object_get_string_member_with_default (c, "Image", NULL),
                                       current_image_id) == 0;
      g_autoptr(GError) local_error = NULL;

      if (!same_config || !same_image || (up->options && up->options->force_recreate))
        {
          if (!berth_compose_stop_container (up->engine, up->reporter, name, c, timeout, cancellable, error) ||
              !berth_compose_remove_container (up->engine, up->reporter, name, c, FALSE, cancellable, error) ||
              !create_and_start (up, service, number, image, current_image_id, BERTH_COMPOSE_STEP_RECREATE,
                                 cancellable, error))
            return FALSE;
          continue;
        }

      if (json_object_get_boolean_member_with_default (json_object_get_object_member (c, "State"), "Running", FALSE))
        {
          berth_compose_report (up->reporter, BERTH_COMPOSE_STEP_START, BERTH_COMPOSE_PHASE_SKIPPED, name, cname,
                                _("Running"));
          continue;
        }

      berth_compose_report (up->reporter, BERTH_COMPOSE_STEP_START, BERTH_COMPOSE_PHASE_BEGIN, name, cname, NULL);
      if (!berth_engine_container_start_sync (up->engine, json_object_get_string_member (c, "Id"),
                                              cancellable, &local_error))
        {
          berth_compose_report (up->reporter, BERTH_COMPOSE_STEP_START, BERTH_COMPOSE_PHASE_FAILED, name, cname,
                                "%s", local_error->message);
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("Could not start the container of service “%s”: "), name);
          return FALSE;
        }
      berth_compose_report (up->reporter, BERTH_COMPOSE_STEP_START, BERTH_COMPOSE_PHASE_DONE, name, cname, NULL);
      berth_compose_reporter_done (up->reporter, _("started %s"), cname);
    }

  berth_compose_reporter_done (up->reporter, _("service %s up"), name);
  return TRUE;
}

static gboolean
warn_or_remove_orphans (Up            *up,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GPtrArray) containers = NULL;

  containers = berth_compose_list_containers (up->engine, berth_compose_project_get_name (up->project),
                                              NULL, cancellable, error);
  if (containers == NULL)
    return FALSE;
  for (guint i = 0; i < containers->len; i++)
    {
      JsonObject *c = g_ptr_array_index (containers, i);
      const char *service = berth_compose_container_label (c, BERTH_COMPOSE_LABEL_SERVICE);

      if (service != NULL && berth_compose_project_get_service (up->project, service) != NULL)
        continue;
      if (up->options && up->options->remove_orphans)
        {
          if (!berth_compose_stop_container (up->engine, up->reporter, service, c, 10, cancellable, error) ||
              !berth_compose_remove_container (up->engine, up->reporter, service, c, FALSE, cancellable, error))
            return FALSE;
        }
      else
        berth_compose_report (up->reporter, BERTH_COMPOSE_STEP_NONE, BERTH_COMPOSE_PHASE_WARNING, service,
                              berth_compose_container_name_of (c),
                              _("Found orphan container %s of service “%s”, which is not in the compose file; "
                                "“down --remove-orphans” removes it"),
                              berth_compose_container_name_of (c), service ? service : "");
    }
  return TRUE;
}

gboolean
berth_compose_up_sync (BerthComposeProject        *project,
                       BerthEngine                *engine,
                       const BerthComposeOptions  *options,
                       BerthComposeProgressFunc    progress,
                       gpointer                    progress_data,
                       GCancellable               *cancellable,
                       GError                    **error)
{
  BerthComposeReporter r;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GHashTable) networks = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) volumes = g_hash_table_new (g_str_hash, g_str_equal);
  Up up = { project, engine, options, &r, NULL };
  gboolean ok = FALSE;

  berth_compose_reporter_init (&r, BERTH_COMPOSE_OPERATION_UP, progress, progress_data);

  services = berth_compose_select_services (project, options ? (const char * const *) options->services : NULL,
                                            !(options && options->no_deps), FALSE, error);
  if (services == NULL)
    goto out;
  for (guint i = 0; i < services->len; i++)
    berth_compose_reporter_plan (&r, _("service %s up"),
                                 berth_compose_service_get_name (g_ptr_array_index (services, i)));

  if (!berth_engine_ping_sync (engine, cancellable, error))
    goto out;

  /* Networks and volumes the selected services use. */
  for (guint i = 0; i < services->len; i++)
    {
      BerthComposeService *service = g_ptr_array_index (services, i);
      GPtrArray *sns = berth_compose_service_get_networks (service);
      GPtrArray *mounts = berth_compose_service_get_volumes (service);

      for (guint k = 0; sns && k < sns->len; k++)
        {
          BerthComposeServiceNetwork *sn = g_ptr_array_index (sns, k);
          const BerthComposeNetwork *net = berth_compose_project_get_network (project, sn->name);

          if (net == NULL || !g_hash_table_add (networks, net->name))
            continue;
          if (!ensure_network (project, engine, net, &r, cancellable, error))
            goto out;
        }
      for (guint k = 0; mounts && k < mounts->len; k++)
        {
          BerthComposeMount *m = g_ptr_array_index (mounts, k);
          const BerthComposeVolume *vol;

          if (m->type != BERTH_COMPOSE_MOUNT_VOLUME || m->source == NULL)
            continue;
          vol = berth_compose_project_get_volume (project, m->source);
          if (vol == NULL || !g_hash_table_add (volumes, vol->name))
            continue;
          if (!ensure_volume (project, engine, vol, &r, cancellable, error))
            goto out;
        }
    }

  if (!ensure_images (project, engine, services, options, FALSE, &r, cancellable, error))
    goto out;

  if (!warn_or_remove_orphans (&up, cancellable, error))
    goto out;

  ok = berth_compose_schedule (project, services, FALSE, 0, up_service, &up, cancellable, error);

out:
  ok = berth_compose_reporter_finish (&r, ok, error);
  berth_compose_reporter_clear (&r);
  return ok;
}

gboolean
berth_compose_pull_sync (BerthComposeProject        *project,
                         BerthEngine                *engine,
                         const BerthComposeOptions  *options,
                         BerthComposeProgressFunc    progress,
                         gpointer                    progress_data,
                         GCancellable               *cancellable,
                         GError                    **error)
{
  BerthComposeReporter r;
  g_autoptr(GPtrArray) services = NULL;
  gboolean ok = FALSE;

  berth_compose_reporter_init (&r, BERTH_COMPOSE_OPERATION_PULL, progress, progress_data);
  services = berth_compose_select_services (project, options ? (const char * const *) options->services : NULL,
                                            FALSE, FALSE, error);
  if (services != NULL)
    ok = ensure_images (project, engine, services, options, TRUE, &r, cancellable, error);
  ok = berth_compose_reporter_finish (&r, ok, error);
  berth_compose_reporter_clear (&r);
  return ok;
}
