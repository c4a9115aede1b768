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
  g_clear_error (&local_error);

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

/* A container whose configuration is current but that is not on one of
 * its service's networks (disconnected by hand, or the network was removed
 * and this up created it again) is connected again, with the endpoint
 * settings (aliases, address) its create would give it, as Compose does:
 * up converges the stack without replacing the container. */
static gboolean
reconnect_networks (Up                  *up,
                    BerthComposeService *service,
                    JsonObject          *c,
                    const char          *image_id_s,
                    GCancellable        *cancellable,
                    GError             **error)
{
  const char *name = berth_compose_service_get_name (service);
  const char *cname = berth_compose_container_name_of (c);
  const char *id = json_object_get_string_member (c, "Id");
  g_autoptr(GPtrArray) networks = berth_compose_service_network_names (up->project, service);
  g_autoptr(JsonNode) spec = NULL;
  JsonObject *settings = json_object_get_object_member (c, "NetworkSettings");
  JsonObject *attached = NULL;
  JsonObject *endpoints;

  if (networks->len == 0)
    return TRUE;
  if (settings != NULL && json_object_has_member (settings, "Networks") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (settings, "Networks")))
    attached = json_object_get_object_member (settings, "Networks");

  for (guint i = 0; i < networks->len; i++)
    {
      const char *net = g_ptr_array_index (networks, i);
      JsonObject *ep = attached && json_object_has_member (attached, net)
                       ? json_object_get_object_member (attached, net) : NULL;
      g_autoptr(JsonObject) info = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *net_id;
      const char *number_s;

      info = berth_engine_network_inspect_sync (up->engine, net, cancellable, error);
      if (info == NULL)
        return FALSE;
      net_id = json_object_get_string_member_with_default (info, "Id", NULL);
      if (ep != NULL && g_strcmp0 (json_object_get_string_member_with_default (ep, "NetworkID", NULL), net_id) == 0)
        continue;

      if (spec == NULL)
        {
          number_s = berth_compose_container_label (c, BERTH_COMPOSE_LABEL_CONTAINER_NUMBER);
          spec = berth_compose_container_spec (up->project, service,
                                               number_s ? MAX (1, (guint) g_ascii_strtoull (number_s, NULL, 10)) : 1,
                                               image_id_s, TRUE, error);
          if (spec == NULL)
            return FALSE;
        }
      endpoints = json_object_get_object_member (json_object_get_object_member (json_node_get_object (spec),
                                                                                "NetworkingConfig"),
                                                 "EndpointsConfig");

      berth_compose_report (up->reporter, BERTH_COMPOSE_STEP_NETWORK, BERTH_COMPOSE_PHASE_BEGIN, name, net, NULL);
      /* Still listed under a network of that name that is gone: the
       * engine would fail to start it; drop the stale endpoint first. */
      if ((ep != NULL &&
           !berth_engine_network_disconnect_sync (up->engine, net, id, TRUE, cancellable, &local_error)) ||
          !berth_engine_network_connect_sync (up->engine, net, id,
                                              endpoints && json_object_has_member (endpoints, net)
                                                ? json_object_get_object_member (endpoints, net) : NULL,
                                              cancellable, &local_error))
        {
          berth_compose_report (up->reporter, BERTH_COMPOSE_STEP_NETWORK, BERTH_COMPOSE_PHASE_FAILED, name, net,
                                "%s", local_error->message);
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("Could not connect container %s to network “%s”: "), cname, net);
          return FALSE;
        }
      berth_compose_report (up->reporter, BERTH_COMPOSE_STEP_NETWORK, BERTH_COMPOSE_PHASE_DONE, name, net, NULL);
      berth_compose_reporter_done (up->reporter, _("reconnected %s to network %s"), cname, net);
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
          if (!berth_compose_stop_and_remove_container (up->engine, up->reporter, name, c, timeout,
                                                        cancellable, error) ||
              !create_and_start (up, service, number, image, current_image_id, BERTH_COMPOSE_STEP_RECREATE,
                                 cancellable, error))
            return FALSE;
          continue;
        }

      if (!reconnect_networks (up, service, c, current_image_id, cancellable, error))
        return FALSE;

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
          if (!berth_compose_stop_and_remove_container (up->engine, up->reporter, service, c, 10,
                                                        cancellable, error))
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
