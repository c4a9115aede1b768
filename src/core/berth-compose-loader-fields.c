/* berth-compose-loader-fields.c: the structured service keys (networks,
 * depends_on, healthcheck, build, ulimits, logging, extra_hosts, env_file).
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

/* ---- networks, depends_on, healthcheck, build, ulimits, logging --------- */

gboolean
berth_compose_parse_service_networks (Ctx *ctx, const Node *node, const char *path, GPtrArray **out, GError **error)
{
  g_autoptr(GPtrArray) nets = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_service_network_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (node->kind == BERTH_YAML_SEQUENCE)
    {
      for (guint i = 0; i < node->items->len; i++)
        {
          Node *item = g_ptr_array_index (node->items, i);
          BerthComposeServiceNetworkPriv *n;
          g_autofree char *name = NULL;

          if (!berth_compose_load_required_string (ctx, item, path, &name, error))
            return FALSE;
          /* A repeated entry means the same thing once. */
          if (!g_hash_table_add (seen, g_strdup (name)))
            continue;
          n = g_new0 (BerthComposeServiceNetworkPriv, 1);
          n->pub.name = g_steal_pointer (&name);
          n->loc = berth_compose_load_loc_of (item);
          g_ptr_array_add (nets, n);
        }
    }
  else if (node->kind == BERTH_YAML_MAPPING)
    {
      static const char * const supported[] = { "aliases", "ipv4_address", NULL };
      static const char * const ignored[] = { "ipv6_address", "link_local_ips", "priority", "mac_address",
                                              "driver_opts", "gw_priority", "interface_name", NULL };

      for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
        {
          Node *k = berth_yaml_mapping_key (node, i);
          Node *v = berth_yaml_mapping_value (node, i);
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, k->value);
          BerthComposeServiceNetworkPriv *n = g_new0 (BerthComposeServiceNetworkPriv, 1);
          Node *c;

          n->pub.name = g_strdup (k->value);
          n->loc = berth_compose_load_loc_of (k);
          g_ptr_array_add (nets, n);
          if (berth_yaml_node_is_null (v))
            continue;
          if (!berth_compose_load_expect (v, BERTH_YAML_MAPPING, sub, error))
            return FALSE;
          berth_compose_load_check_keys (ctx, v, sub, supported, ignored, NULL);
          if ((c = berth_yaml_mapping_get (v, "aliases")) && !berth_yaml_node_is_null (c) &&
              !berth_compose_load_string_list (ctx, c, "aliases", FALSE, &n->pub.aliases, error))
            return FALSE;
          if ((c = berth_yaml_mapping_get (v, "ipv4_address")) && !berth_compose_load_scalar (ctx, c, "ipv4_address", &n->pub.ipv4_address, error))
            return FALSE;
        }
    }
  else
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a mapping or a list"), path);

  *out = g_steal_pointer (&nets);
  return TRUE;
}

gboolean
berth_compose_parse_depends_on (Ctx *ctx, const Node *node, const char *path, GPtrArray **out, GError **error)
{
  g_autoptr(GPtrArray) deps = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_dependency_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (node->kind == BERTH_YAML_SEQUENCE)
    {
      for (guint i = 0; i < node->items->len; i++)
        {
          Node *item = g_ptr_array_index (node->items, i);
          BerthComposeDependencyPriv *d;
          g_autofree char *name = NULL;

          if (!berth_compose_load_required_string (ctx, item, path, &name, error))
            return FALSE;
          if (!g_hash_table_add (seen, g_strdup (name)))
            continue;
          d = g_new0 (BerthComposeDependencyPriv, 1);
          d->pub.service = g_steal_pointer (&name);
          d->pub.condition = BERTH_COMPOSE_CONDITION_STARTED;
          d->pub.required = TRUE;
          d->loc = berth_compose_load_loc_of (item);
          g_ptr_array_add (deps, d);
        }
    }
  else if (node->kind == BERTH_YAML_MAPPING)
    {
      static const char * const supported[] = { "condition", "restart", "required", NULL };

      for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
        {
          Node *k = berth_yaml_mapping_key (node, i);
          Node *v = berth_yaml_mapping_value (node, i);
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, k->value);
          BerthComposeDependencyPriv *d = g_new0 (BerthComposeDependencyPriv, 1);
          Node *c;

          d->pub.service = g_strdup (k->value);
          d->pub.condition = BERTH_COMPOSE_CONDITION_STARTED;
          d->pub.required = TRUE;
          d->loc = berth_compose_load_loc_of (k);
          g_ptr_array_add (deps, d);
          if (berth_yaml_node_is_null (v))
            continue;
          if (!berth_compose_load_expect (v, BERTH_YAML_MAPPING, sub, error))
            return FALSE;
          berth_compose_load_check_keys (ctx, v, sub, supported, NULL, NULL);
          if ((c = berth_yaml_mapping_get (v, "condition")))
            {
              g_autofree char *cond = NULL;
              if (!berth_compose_load_required_string (ctx, c, "condition", &cond, error))
                return FALSE;
              if (g_str_equal (cond, "service_started"))
                d->pub.condition = BERTH_COMPOSE_CONDITION_STARTED;
              else if (g_str_equal (cond, "service_healthy"))
                d->pub.condition = BERTH_COMPOSE_CONDITION_HEALTHY;
              else if (g_str_equal (cond, "service_completed_successfully"))
                d->pub.condition = BERTH_COMPOSE_CONDITION_COMPLETED_SUCCESSFULLY;
              else
                return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, c,
                             _("unknown condition “%s” (use service_started, service_healthy or service_completed_successfully)"),
                             cond);
            }
          if ((c = berth_yaml_mapping_get (v, "restart")) && !berth_compose_load_boolean (ctx, c, "restart", &d->pub.restart, error))
            return FALSE;
          if ((c = berth_yaml_mapping_get (v, "required")) && !berth_compose_load_boolean (ctx, c, "required", &d->pub.required, error))
            return FALSE;
        }
    }
  else
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a mapping or a list"), path);

  *out = g_steal_pointer (&deps);
  return TRUE;
}

gboolean
berth_compose_parse_healthcheck (Ctx *ctx, const Node *node, const char *path, BerthComposeHealthcheck **out, GError **error)
{
  static const char * const supported[] = { "test", "interval", "timeout", "retries", "start_period", "disable", NULL };
  static const char * const ignored[] = { "start_interval", NULL };
  BerthComposeHealthcheck *hc;
  Node *v;

  if (!berth_compose_load_expect (node, BERTH_YAML_MAPPING, path, error))
    return FALSE;
  berth_compose_load_check_keys (ctx, node, path, supported, ignored, NULL);
  hc = g_new0 (BerthComposeHealthcheck, 1);
  hc->interval = hc->timeout = hc->start_period = -1;
  hc->retries = -1;
  *out = hc;

  if ((v = berth_yaml_mapping_get (node, "test")) && !berth_yaml_node_is_null (v))
    {
      if (v->kind == BERTH_YAML_SCALAR)
        {
          g_autofree char *s = NULL;
          if (!berth_compose_load_scalar (ctx, v, "healthcheck.test", &s, error))
            return FALSE;
          hc->test = g_new0 (char *, 3);
          hc->test[0] = g_strdup ("CMD-SHELL");
          hc->test[1] = g_steal_pointer (&s);
        }
      else
        {
          if (!berth_compose_load_string_list (ctx, v, "healthcheck.test", FALSE, &hc->test, error))
            return FALSE;
          if (hc->test[0] == NULL || (!g_str_equal (hc->test[0], "CMD") && !g_str_equal (hc->test[0], "CMD-SHELL") &&
                                      !g_str_equal (hc->test[0], "NONE")))
            return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v,
                         _("healthcheck.test must start with “CMD”, “CMD-SHELL” or “NONE”"));
          if (g_str_equal (hc->test[0], "NONE"))
            hc->disable = TRUE;
        }
    }
  if ((v = berth_yaml_mapping_get (node, "interval")) && !berth_compose_load_duration (ctx, v, "healthcheck.interval", &hc->interval, error))
    return FALSE;
  if ((v = berth_yaml_mapping_get (node, "timeout")) && !berth_compose_load_duration (ctx, v, "healthcheck.timeout", &hc->timeout, error))
    return FALSE;
  if ((v = berth_yaml_mapping_get (node, "start_period")) && !berth_compose_load_duration (ctx, v, "healthcheck.start_period", &hc->start_period, error))
    return FALSE;
  if ((v = berth_yaml_mapping_get (node, "retries")))
    {
      gint64 r;
      if (!berth_compose_load_integer (ctx, v, "healthcheck.retries", 0, G_MAXINT, &r, error))
        return FALSE;
      hc->retries = r;
    }
  if ((v = berth_yaml_mapping_get (node, "disable")))
    {
      gboolean d;
      if (!berth_compose_load_boolean (ctx, v, "healthcheck.disable", &d, error))
        return FALSE;
      hc->disable = hc->disable || d;
    }
  return TRUE;
}

gboolean
berth_compose_parse_build (Ctx *ctx, const Node *node, const char *path, BerthComposeBuild **out, GError **error)
{
  static const char * const supported[] = { "context", "dockerfile", "args", "target", "labels", NULL };
  static const char * const ignored[] = { "cache_from", "cache_to", "network", "shm_size", "extra_hosts", "isolation",
                                          "no_cache", "pull", "platforms", "secrets", "ssh", "tags", "ulimits",
                                          "dockerfile_inline", "additional_contexts", "privileged", "entitlements",
                                          "provenance", "sbom", NULL };
  BerthComposeBuild *b = g_new0 (BerthComposeBuild, 1);
  g_autofree char *context = NULL;
  Node *v;

  *out = b;
  if (node->kind == BERTH_YAML_SCALAR)
    {
      if (!berth_compose_load_required_string (ctx, node, path, &context, error))
        return FALSE;
    }
  else if (node->kind == BERTH_YAML_MAPPING)
    {
      berth_compose_load_check_keys (ctx, node, path, supported, ignored, NULL);
      if ((v = berth_yaml_mapping_get (node, "context")) && !berth_compose_load_scalar (ctx, v, "build.context", &context, error))
        return FALSE;
      if ((v = berth_yaml_mapping_get (node, "dockerfile")) && !berth_compose_load_scalar (ctx, v, "build.dockerfile", &b->dockerfile, error))
        return FALSE;
      if ((v = berth_yaml_mapping_get (node, "target")) && !berth_compose_load_scalar (ctx, v, "build.target", &b->target, error))
        return FALSE;
      if ((v = berth_yaml_mapping_get (node, "args")) && !berth_compose_load_key_values (ctx, v, "build.args", TRUE, TRUE, &b->args, error))
        return FALSE;
      if ((v = berth_yaml_mapping_get (node, "labels")) && !berth_compose_load_key_values (ctx, v, "build.labels", FALSE, FALSE, &b->labels, error))
        return FALSE;
    }
  else
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a string or a mapping"), path);

  if (context == NULL)
    context = g_strdup (".");
  if (berth_compose_load_is_remote_context (context))
    b->context = g_steal_pointer (&context);
  else
    b->context = berth_compose_load_resolve_path (ctx, ctx->working_dir, context);
  return TRUE;
}

gboolean
berth_compose_parse_ulimits (Ctx *ctx, const Node *node, const char *path, GPtrArray **out, GError **error)
{
  g_autoptr(GPtrArray) ulimits = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_ulimit_free);

  if (!berth_compose_load_expect (node, BERTH_YAML_MAPPING, path, error))
    return FALSE;
  for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
    {
      Node *k = berth_yaml_mapping_key (node, i);
      Node *v = berth_yaml_mapping_value (node, i);
      g_autofree char *sub = g_strdup_printf ("%s.%s", path, k->value);
      BerthComposeUlimit *u = g_new0 (BerthComposeUlimit, 1);

      u->name = g_strdup (k->value);
      g_ptr_array_add (ulimits, u);
      if (v->kind == BERTH_YAML_MAPPING)
        {
          static const char * const s[] = { "soft", "hard", NULL };
          Node *soft = berth_yaml_mapping_get (v, "soft");
          Node *hard = berth_yaml_mapping_get (v, "hard");

          berth_compose_load_check_keys (ctx, v, sub, s, NULL, NULL);
          if (soft == NULL || hard == NULL)
            return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v, _("%s needs both “soft” and “hard”"), sub);
          if (!berth_compose_load_integer (ctx, soft, "soft", -1, G_MAXINT64, &u->soft, error) ||
              !berth_compose_load_integer (ctx, hard, "hard", -1, G_MAXINT64, &u->hard, error))
            return FALSE;
        }
      else
        {
          if (!berth_compose_load_integer (ctx, v, sub, -1, G_MAXINT64, &u->soft, error))
            return FALSE;
          u->hard = u->soft;
          u->single = TRUE;
        }
    }
  *out = g_steal_pointer (&ulimits);
  return TRUE;
}

gboolean
berth_compose_parse_logging (Ctx *ctx, const Node *node, const char *path, BerthComposeLogging **out, GError **error)
{
  static const char * const supported[] = { "driver", "options", NULL };
  BerthComposeLogging *l = g_new0 (BerthComposeLogging, 1);
  Node *v;

  *out = l;
  if (!berth_compose_load_expect (node, BERTH_YAML_MAPPING, path, error))
    return FALSE;
  berth_compose_load_check_keys (ctx, node, path, supported, NULL, NULL);
  if ((v = berth_yaml_mapping_get (node, "driver")) && !berth_compose_load_scalar (ctx, v, "logging.driver", &l->driver, error))
    return FALSE;
  if ((v = berth_yaml_mapping_get (node, "options")) && !berth_compose_load_key_values (ctx, v, "logging.options", FALSE, FALSE, &l->options, error))
    return FALSE;
  return TRUE;
}

gboolean
berth_compose_parse_extra_hosts (Ctx *ctx, const Node *node, const char *path, char ***out, GError **error)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  if (node->kind == BERTH_YAML_MAPPING)
    {
      for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
        {
          g_autofree char *ip = NULL;
          g_autofree char *entry = NULL;
          if (!berth_compose_load_required_string (ctx, berth_yaml_mapping_value (node, i), path, &ip, error))
            return FALSE;
          entry = g_strdup_printf ("%s:%s", berth_yaml_mapping_key (node, i)->value, ip);
          g_strv_builder_add (b, entry);
        }
    }
  else if (node->kind == BERTH_YAML_SEQUENCE)
    {
      for (guint i = 0; i < node->items->len; i++)
        {
          Node *item = g_ptr_array_index (node->items, i);
          g_autofree char *s = NULL;
          char *sep;

          if (!berth_compose_load_required_string (ctx, item, path, &s, error))
            return FALSE;
          sep = strchr (s, '=');
          if (sep == NULL)
            sep = strchr (s, ':');
          if (sep == NULL || sep == s || sep[1] == '\0')
            return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, item, _("invalid extra host “%s” (use HOST:IP)"), s);
          *sep = ':';
          g_strv_builder_add (b, s);
        }
    }
  else
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a mapping or a list"), path);
  *out = g_strv_builder_end (b);
  return TRUE;
}

static const char *
env_file_lookup (const char *name, gpointer data)
{
  Ctx *ctx = data;
  return g_hash_table_lookup (ctx->env, name);
}

static gboolean
read_env_file (Ctx *ctx, const Node *node, const char *path, gboolean required, GStrvBuilder *files,
               GPtrArray **values, GError **error)
{
  g_autofree char *abs = g_canonicalize_filename (path, ctx->file_dir);
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) pairs = NULL;

  if (!g_file_get_contents (abs, &data, NULL, &local))
    {
      if (!required && g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_NOT_FOUND, node, _("env file %s not found"), abs);
      return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_NOT_FOUND, node, _("cannot read env file %s: %s"), abs, local->message);
    }
  pairs = berth_compose_parse_env (abs, data, env_file_lookup, ctx, error);
  if (pairs == NULL)
    return FALSE;
  g_strv_builder_add (files, abs);
  if (*values == NULL)
    *values = berth_compose_key_values_new ();
  {
    g_autoptr(GPtrArray) kvs = berth_compose_key_values_new ();
    for (guint i = 0; i + 1 < pairs->len; i += 2)
      berth_compose_key_values_append (kvs, g_ptr_array_index (pairs, i), g_ptr_array_index (pairs, i + 1));
    berth_compose_key_values_update (*values, kvs, FALSE);
  }
  return TRUE;
}

gboolean
berth_compose_parse_env_files (Ctx *ctx, const Node *node, const char *path, BerthComposeService *svc, GError **error)
{
  g_autoptr(GStrvBuilder) files = g_strv_builder_new ();

  if (node->kind == BERTH_YAML_SCALAR)
    {
      g_autofree char *s = NULL;
      if (!berth_compose_load_required_string (ctx, node, path, &s, error) ||
          !read_env_file (ctx, node, s, TRUE, files, &svc->env_file_values, error))
        return FALSE;
    }
  else if (node->kind == BERTH_YAML_SEQUENCE)
    {
      for (guint i = 0; i < node->items->len; i++)
        {
          Node *item = g_ptr_array_index (node->items, i);
          g_autofree char *s = NULL;
          gboolean required = TRUE;

          if (item->kind == BERTH_YAML_MAPPING)
            {
              static const char * const supported[] = { "path", "required", NULL };
              static const char * const ignored[] = { "format", NULL };
              Node *p = berth_yaml_mapping_get (item, "path");
              Node *r = berth_yaml_mapping_get (item, "required");

              berth_compose_load_check_keys (ctx, item, path, supported, ignored, NULL);
              if (p == NULL)
                return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, item, _("%s: “path” is required"), path);
              if (!berth_compose_load_required_string (ctx, p, "path", &s, error))
                return FALSE;
              if (r != NULL && !berth_compose_load_boolean (ctx, r, "required", &required, error))
                return FALSE;
            }
          else if (!berth_compose_load_required_string (ctx, item, path, &s, error))
            return FALSE;
          if (!read_env_file (ctx, item, s, required, files, &svc->env_file_values, error))
            return FALSE;
        }
    }
  else
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a string or a list"), path);
  svc->env_files = g_strv_builder_end (files);
  return TRUE;
}
