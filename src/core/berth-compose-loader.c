/* berth-compose-loader.c: converts one compose file's node tree into the
 * typed model, with interpolation and file:line:column errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "berth-compose-interpolate-private.h"
#include "berth-compose-loader-private.h"
#include "berth-util.h"

/* ---- services ----------------------------------------------------------- */

static const char * const service_keys[] = {
  "image", "build", "container_name", "command", "entrypoint", "environment", "env_file", "ports", "expose",
  "volumes", "networks", "depends_on", "healthcheck", "restart", "working_dir", "user", "labels", "extra_hosts",
  "tty", "stdin_open", "stop_grace_period", "stop_signal", "init", "privileged", "cap_add", "cap_drop", "hostname",
  "dns", "shm_size", "ulimits", "logging", NULL
};

static const char * const service_ignored_keys[] = {
  "annotations", "attach", "blkio_config", "cgroup", "cgroup_parent", "configs", "cpu_count", "cpu_percent",
  "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset", "credential_spec",
  "deploy", "develop", "device_cgroup_rules", "devices", "dns_opt", "dns_search", "domainname", "extends",
  "external_links", "gpus", "group_add", "ipc", "isolation", "label_file", "links", "mac_address", "mem_limit",
  "mem_reservation", "mem_swappiness", "memswap_limit", "models", "network_mode", "oom_kill_disable",
  "oom_score_adj", "pid", "pids_limit", "platform", "post_start", "pre_stop", "profiles", "provider",
  "pull_policy", "read_only", "runtime", "scale", "secrets", "security_opt", "storage_opt", "sysctls", "tmpfs",
  "use_api_socket", "userns_mode", "uts", "volumes_from", "stop_timeout", NULL
};

static gboolean
set_string (Ctx *ctx, Node *v, const char *path, char **field, GError **error)
{
  g_free (*field);
  return berth_compose_load_scalar (ctx, v, path, field, error);
}

static gboolean
set_tri (Ctx *ctx, Node *v, const char *path, gint8 *field, GError **error)
{
  gboolean b;

  if (berth_yaml_node_is_null (v))
    return TRUE;
  if (!berth_compose_load_boolean (ctx, v, path, &b, error))
    return FALSE;
  *field = b ? 1 : 0;
  return TRUE;
}

static gboolean
parse_service (Ctx *ctx, Node *key, Node *node, BerthComposeService **out, GError **error)
{
  g_autoptr(BerthComposeService) svc = NULL;
  g_autofree char *spath = g_strdup_printf ("services.%s", key->value);

  if (!berth_compose_valid_name (key->value))
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, key,
                 _("invalid service name “%s” (use letters, digits, “_”, “.” and “-”)"), key->value);
  svc = berth_compose_service_new (key->value, key->file, key->line, key->column);
  if (berth_yaml_node_is_null (node))
    {
      *out = g_steal_pointer (&svc);
      return TRUE;
    }
  if (!berth_compose_load_expect (node, BERTH_YAML_MAPPING, spath, error))
    return FALSE;
  berth_compose_load_check_keys (ctx, node, spath, service_keys, service_ignored_keys, NULL);

  for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
    {
      const char *k = berth_yaml_mapping_key (node, i)->value;
      Node *v = berth_yaml_mapping_value (node, i);
      g_autofree char *path = g_strdup_printf ("%s.%s", spath, k);
      gboolean ok = TRUE;

      /* A null value means "not set", as Compose reads it. */
      if (berth_yaml_node_is_null (v) && !g_str_equal (k, "environment") && !g_str_equal (k, "command") &&
          !g_str_equal (k, "entrypoint"))
        continue;

      if (g_str_equal (k, "image"))
        ok = set_string (ctx, v, path, &svc->image, error);
      else if (g_str_equal (k, "build"))
        ok = berth_compose_parse_build (ctx, v, path, &svc->build, error);
      else if (g_str_equal (k, "container_name"))
        ok = set_string (ctx, v, path, &svc->container_name, error);
      else if (g_str_equal (k, "command"))
        ok = berth_compose_load_command_list (ctx, v, path, &svc->command, error);
      else if (g_str_equal (k, "entrypoint"))
        ok = berth_compose_load_command_list (ctx, v, path, &svc->entrypoint, error);
      else if (g_str_equal (k, "environment"))
        ok = berth_compose_load_key_values (ctx, v, path, TRUE, TRUE, &svc->environment, error);
      else if (g_str_equal (k, "env_file"))
        ok = berth_compose_parse_env_files (ctx, v, path, svc, error);
      else if (g_str_equal (k, "ports"))
        ok = berth_compose_parse_ports (ctx, v, path, &svc->ports, error);
      else if (g_str_equal (k, "expose"))
        ok = berth_compose_load_string_list (ctx, v, path, FALSE, &svc->expose, error);
      else if (g_str_equal (k, "volumes"))
        ok = berth_compose_parse_volumes (ctx, v, path, &svc->volumes, error);
      else if (g_str_equal (k, "networks"))
        ok = berth_compose_parse_service_networks (ctx, v, path, &svc->networks, error);
      else if (g_str_equal (k, "depends_on"))
        ok = berth_compose_parse_depends_on (ctx, v, path, &svc->depends_on, error);
      else if (g_str_equal (k, "healthcheck"))
        ok = berth_compose_parse_healthcheck (ctx, v, path, &svc->healthcheck, error);
      else if (g_str_equal (k, "restart"))
        {
          ok = set_string (ctx, v, path, &svc->restart, error);
          if (ok && svc->restart != NULL)
            {
              const char *r = svc->restart;
              guint64 n;
              if (!g_str_equal (r, "no") && !g_str_equal (r, "always") && !g_str_equal (r, "unless-stopped") &&
                  !g_str_equal (r, "on-failure") &&
                  !(g_str_has_prefix (r, "on-failure:") &&
                    g_ascii_string_to_unsigned (r + strlen ("on-failure:"), 10, 0, G_MAXINT, &n, NULL)))
                ok = berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v,
                           _("invalid restart policy “%s” (use no, always, on-failure[:N] or unless-stopped)"), r);
            }
        }
      else if (g_str_equal (k, "working_dir"))
        ok = set_string (ctx, v, path, &svc->working_dir, error);
      else if (g_str_equal (k, "user"))
        ok = set_string (ctx, v, path, &svc->user, error);
      else if (g_str_equal (k, "labels"))
        ok = berth_compose_load_key_values (ctx, v, path, FALSE, FALSE, &svc->labels, error);
      else if (g_str_equal (k, "extra_hosts"))
        ok = berth_compose_parse_extra_hosts (ctx, v, path, &svc->extra_hosts, error);
      else if (g_str_equal (k, "tty"))
        ok = set_tri (ctx, v, path, &svc->tty, error);
      else if (g_str_equal (k, "stdin_open"))
        ok = set_tri (ctx, v, path, &svc->stdin_open, error);
      else if (g_str_equal (k, "init"))
        ok = set_tri (ctx, v, path, &svc->init, error);
      else if (g_str_equal (k, "privileged"))
        ok = set_tri (ctx, v, path, &svc->privileged, error);
      else if (g_str_equal (k, "stop_grace_period"))
        ok = berth_compose_load_duration (ctx, v, path, &svc->stop_grace_period, error);
      else if (g_str_equal (k, "stop_signal"))
        ok = set_string (ctx, v, path, &svc->stop_signal, error);
      else if (g_str_equal (k, "cap_add"))
        ok = berth_compose_load_string_list (ctx, v, path, FALSE, &svc->cap_add, error);
      else if (g_str_equal (k, "cap_drop"))
        ok = berth_compose_load_string_list (ctx, v, path, FALSE, &svc->cap_drop, error);
      else if (g_str_equal (k, "hostname"))
        ok = set_string (ctx, v, path, &svc->hostname, error);
      else if (g_str_equal (k, "dns"))
        ok = berth_compose_load_string_list (ctx, v, path, TRUE, &svc->dns, error);
      else if (g_str_equal (k, "shm_size"))
        ok = berth_compose_load_bytes (ctx, v, path, &svc->shm_size, error);
      else if (g_str_equal (k, "ulimits"))
        ok = berth_compose_parse_ulimits (ctx, v, path, &svc->ulimits, error);
      else if (g_str_equal (k, "logging"))
        ok = berth_compose_parse_logging (ctx, v, path, &svc->logging, error);

      if (!ok)
        return FALSE;
    }

  *out = g_steal_pointer (&svc);
  return TRUE;
}

/* ---- top level ------------------------------------------------------------- */

static gboolean
parse_labels_and_name (Ctx *ctx, Node *v, const char *path, char **name, char **driver, gboolean *external,
                       GPtrArray **labels, GError **error)
{
  Node *c;

  if ((c = berth_yaml_mapping_get (v, "name")) && !berth_compose_load_scalar (ctx, c, "name", name, error))
    return FALSE;
  if ((c = berth_yaml_mapping_get (v, "driver")) && !berth_compose_load_scalar (ctx, c, "driver", driver, error))
    return FALSE;
  if ((c = berth_yaml_mapping_get (v, "external")))
    {
      if (c->kind == BERTH_YAML_MAPPING)
        {
          /* The old "external: {name: x}" form. */
          Node *n = berth_yaml_mapping_get (c, "name");
          *external = TRUE;
          if (n != NULL && *name == NULL && !berth_compose_load_scalar (ctx, n, "external.name", name, error))
            return FALSE;
        }
      else if (!berth_compose_load_boolean (ctx, c, "external", external, error))
        return FALSE;
    }
  if ((c = berth_yaml_mapping_get (v, "labels")) && !berth_compose_load_key_values (ctx, c, "labels", FALSE, FALSE, labels, error))
    return FALSE;
  if (*labels == NULL)
    *labels = berth_compose_key_values_new ();
  return TRUE;
}

static gboolean
parse_networks (Ctx *ctx, Node *node, GPtrArray *out, GError **error)
{
  static const char * const supported[] = { "driver", "name", "external", "labels", "attachable", NULL };
  static const char * const ignored[] = { "driver_opts", "ipam", "internal", "enable_ipv6", "enable_ipv4", NULL };

  if (berth_yaml_node_is_null (node))
    return TRUE;
  if (!berth_compose_load_expect (node, BERTH_YAML_MAPPING, "networks", error))
    return FALSE;
  for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
    {
      Node *k = berth_yaml_mapping_key (node, i);
      Node *v = berth_yaml_mapping_value (node, i);
      g_autofree char *path = g_strdup_printf ("networks.%s", k->value);
      BerthComposeNetwork *n = g_new0 (BerthComposeNetwork, 1);
      Node *c;

      n->key = g_strdup (k->value);
      g_ptr_array_add (out, n);
      if (berth_yaml_node_is_null (v))
        {
          n->labels = berth_compose_key_values_new ();
          continue;
        }
      if (!berth_compose_load_expect (v, BERTH_YAML_MAPPING, path, error))
        return FALSE;
      berth_compose_load_check_keys (ctx, v, path, supported, ignored, NULL);
      if (!parse_labels_and_name (ctx, v, path, &n->name, &n->driver, &n->external, &n->labels, error))
        return FALSE;
      if ((c = berth_yaml_mapping_get (v, "attachable")) && !berth_compose_load_boolean (ctx, c, "attachable", &n->attachable, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_top_volumes (Ctx *ctx, Node *node, GPtrArray *out, GError **error)
{
  static const char * const supported[] = { "driver", "name", "external", "labels", NULL };
  static const char * const ignored[] = { "driver_opts", NULL };

  if (berth_yaml_node_is_null (node))
    return TRUE;
  if (!berth_compose_load_expect (node, BERTH_YAML_MAPPING, "volumes", error))
    return FALSE;
  for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
    {
      Node *k = berth_yaml_mapping_key (node, i);
      Node *v = berth_yaml_mapping_value (node, i);
      g_autofree char *path = g_strdup_printf ("volumes.%s", k->value);
      BerthComposeVolume *vol = g_new0 (BerthComposeVolume, 1);

      vol->key = g_strdup (k->value);
      g_ptr_array_add (out, vol);
      if (!berth_compose_valid_name (k->value))
        return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, k, _("invalid volume name “%s”"), k->value);
      if (berth_yaml_node_is_null (v))
        {
          vol->labels = berth_compose_key_values_new ();
          continue;
        }
      if (!berth_compose_load_expect (v, BERTH_YAML_MAPPING, path, error))
        return FALSE;
      berth_compose_load_check_keys (ctx, v, path, supported, ignored, NULL);
      if (!parse_labels_and_name (ctx, v, path, &vol->name, &vol->driver, &vol->external, &vol->labels, error))
        return FALSE;
    }
  return TRUE;
}

void
berth_compose_file_model_clear (BerthComposeFileModel *model)
{
  g_clear_pointer (&model->name, g_free);
  g_clear_pointer (&model->services, g_ptr_array_unref);
  g_clear_pointer (&model->networks, g_ptr_array_unref);
  g_clear_pointer (&model->volumes, g_ptr_array_unref);
}

gboolean
berth_compose_load_file_model (BerthComposeLoadContext  *ctx,
                               BerthYamlNode            *root,
                               BerthComposeFileModel    *model,
                               GError                  **error)
{
  static const char * const top_keys[] = { "name", "services", "networks", "volumes", NULL };
  static const char * const top_ignored[] = { "secrets", "configs", "include", "models", NULL };
  static const char * const top_silent[] = { "version", NULL };
  Node *v;

  model->services = g_ptr_array_new_with_free_func (g_object_unref);
  model->networks = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_network_free);
  model->volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_volume_free);

  if (berth_yaml_node_is_null (root))
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, root, _("the file is empty"));
  if (root->kind != BERTH_YAML_MAPPING)
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, root, _("the top level must be a mapping"));

  berth_compose_load_check_keys (ctx, root, NULL, top_keys, top_ignored, top_silent);

  if ((v = berth_yaml_mapping_get (root, "name")))
    {
      if (!berth_compose_load_scalar (ctx, v, "name", &model->name, error))
        return FALSE;
      model->name_loc = berth_compose_load_loc_of (v);
    }

  if ((v = berth_yaml_mapping_get (root, "services")) && !berth_yaml_node_is_null (v))
    {
      if (!berth_compose_load_expect (v, BERTH_YAML_MAPPING, "services", error))
        return FALSE;
      for (guint i = 0; i < berth_yaml_mapping_size (v); i++)
        {
          BerthComposeService *svc = NULL;
          if (!parse_service (ctx, berth_yaml_mapping_key (v, i), berth_yaml_mapping_value (v, i), &svc, error))
            return FALSE;
          g_ptr_array_add (model->services, svc);
        }
    }

  if ((v = berth_yaml_mapping_get (root, "networks")) && !parse_networks (ctx, v, model->networks, error))
    return FALSE;
  if ((v = berth_yaml_mapping_get (root, "volumes")) && !parse_top_volumes (ctx, v, model->volumes, error))
    return FALSE;
  return TRUE;
}
