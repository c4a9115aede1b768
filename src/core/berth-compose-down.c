/* berth-compose-down.c: down.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-compose-ops-private.h"
#include "berth-engine-resources.h"

typedef struct
{
  BerthComposeProject        *project;
  BerthEngine                *engine;
  const BerthComposeOptions  *options;
  BerthComposeReporter       *reporter;
} Down;

static gboolean
down_service (BerthComposeService *service,
              gpointer             data,
              GCancellable        *cancellable,
              GError             **error)
{
  Down *down = data;
  const char *name = berth_compose_service_get_name (service);
  g_autoptr(GPtrArray) containers = NULL;

  containers = berth_compose_list_containers (down->engine, berth_compose_project_get_name (down->project),
                                              name, cancellable, error);
  if (containers == NULL)
    return FALSE;
  for (guint i = 0; i < containers->len; i++)
    {
      JsonObject *c = g_ptr_array_index (containers, i);

      if (!berth_compose_stop_and_remove_container (down->engine, down->reporter, name, c,
                                                    berth_compose_stop_timeout (service, down->options),
                                                    cancellable, error))
        return FALSE;
    }
  berth_compose_reporter_done (down->reporter, _("service %s down"), name);
  return TRUE;
}

static gboolean
is_external_volume (BerthComposeProject *project,
                    const char          *name)
{
  GPtrArray *volumes = berth_compose_project_get_volumes (project);

  for (guint i = 0; volumes && i < volumes->len; i++)
    {
      BerthComposeVolume *v = g_ptr_array_index (volumes, i);

      if (v->external && g_strcmp0 (v->name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_external_network (BerthComposeProject *project,
                     const char          *name)
{
  GPtrArray *networks = berth_compose_project_get_networks (project);

  for (guint i = 0; networks && i < networks->len; i++)
    {
      BerthComposeNetwork *n = g_ptr_array_index (networks, i);

      if (n->external && g_strcmp0 (n->name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
berth_compose_down_sync (BerthComposeProject        *project,
                         BerthEngine                *engine,
                         const BerthComposeOptions  *options,
                         BerthComposeProgressFunc    progress,
                         gpointer                    progress_data,
                         GCancellable               *cancellable,
                         GError                    **error)
{
  BerthComposeReporter r;
  const char *project_name = berth_compose_project_get_name (project);
  g_autofree char *label = berth_compose_label_filter (BERTH_COMPOSE_LABEL_PROJECT, project_name);
  g_autofree char *label_filter = g_strdup_printf ("label=%s", label);
  const char * const filters[] = { label_filter, NULL };
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) orphans = NULL;
  g_autoptr(JsonArray) networks = NULL;
  Down down = { project, engine, options, &r };
  gboolean ok = FALSE;

  berth_compose_reporter_init (&r, BERTH_COMPOSE_OPERATION_DOWN, progress, progress_data);

  services = berth_compose_select_services (project, NULL, FALSE, TRUE, error);
  if (services == NULL)
    goto out;
  for (guint i = 0; i < services->len; i++)
    berth_compose_reporter_plan (&r, _("service %s down"),
                                 berth_compose_service_get_name (g_ptr_array_index (services, i)));

  /* Dependents stop before what they depend on; independent services in
   * parallel. */
  if (!berth_compose_schedule (project, services, TRUE, 0, down_service, &down, cancellable, error))
    goto out;

  orphans = berth_compose_list_containers (engine, project_name, NULL, cancellable, error);
  if (orphans == NULL)
    goto out;
  for (guint i = 0; i < orphans->len; i++)
    {
      JsonObject *c = g_ptr_array_index (orphans, i);
      const char *service = berth_compose_container_label (c, BERTH_COMPOSE_LABEL_SERVICE);

      if (options && options->remove_orphans)
        {
          if (!berth_compose_stop_and_remove_container (engine, &r, service, c, 10, cancellable, error))
            goto out;
        }
      else
        berth_compose_report (&r, BERTH_COMPOSE_STEP_NONE, BERTH_COMPOSE_PHASE_WARNING, service,
                              berth_compose_container_name_of (c),
                              _("Orphan container %s of service “%s” was left; “--remove-orphans” removes it"),
                              berth_compose_container_name_of (c), service ? service : "");
    }

  /* Networks the project created, found by label: never an external one,
   * which Compose does not label for this project. */
  networks = berth_engine_networks_list_sync (engine, filters, cancellable, error);
  if (networks == NULL)
    goto out;
  for (guint i = 0; i < json_array_get_length (networks); i++)
    {
      JsonObject *n = json_array_get_object_element (networks, i);
      const char *name = json_object_get_string_member_with_default (n, "Name", NULL);
      g_autoptr(GError) local_error = NULL;

      if (name == NULL || is_external_network (project, name))
        continue;
      berth_compose_report (&r, BERTH_COMPOSE_STEP_NETWORK, BERTH_COMPOSE_PHASE_BEGIN, NULL, name, NULL);
      if (!berth_engine_network_remove_sync (engine, name, cancellable, &local_error) &&
          !g_error_matches (local_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
        {
          g_autoptr(JsonObject) info = berth_engine_network_inspect_sync (engine, name, cancellable, NULL);
          JsonNode *attached = info ? json_object_get_member (info, "Containers") : NULL;

          /* Still used by a container we left (an orphan, or another
           * project's): what Compose reports as "still in use", not a
           * failure of down. */
          if (attached != NULL && JSON_NODE_HOLDS_OBJECT (attached) &&
              json_object_get_size (json_node_get_object (attached)) > 0)
            {
              berth_compose_report (&r, BERTH_COMPOSE_STEP_NETWORK, BERTH_COMPOSE_PHASE_WARNING, NULL, name,
                                    _("Network %s is still in use by %u container(s); it was kept"),
                                    name, json_object_get_size (json_node_get_object (attached)));
              continue;
            }
          berth_compose_report (&r, BERTH_COMPOSE_STEP_NETWORK, BERTH_COMPOSE_PHASE_FAILED, NULL, name,
                                "%s", local_error->message);
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("Could not remove network “%s”: "), name);
          goto out;
        }
      berth_compose_report (&r, BERTH_COMPOSE_STEP_NETWORK, BERTH_COMPOSE_PHASE_DONE, NULL, name, NULL);
      berth_compose_reporter_done (&r, _("removed network %s"), name);
    }

  /* Named volumes hold data: only when asked (the CLI and the UI confirm
   * first), never external ones. */
  if (options && options->volumes)
    {
      g_autoptr(JsonArray) volumes = berth_engine_volumes_list_sync (engine, filters, cancellable, error);

      if (volumes == NULL)
        goto out;
      for (guint i = 0; i < json_array_get_length (volumes); i++)
        {
          JsonObject *v = json_array_get_object_element (volumes, i);
          const char *name = json_object_get_string_member_with_default (v, "Name", NULL);
          g_autoptr(GError) local_error = NULL;

          if (name == NULL || is_external_volume (project, name))
            continue;
          berth_compose_report (&r, BERTH_COMPOSE_STEP_VOLUME, BERTH_COMPOSE_PHASE_BEGIN, NULL, name, NULL);
          if (!berth_engine_volume_remove_sync (engine, name, FALSE, cancellable, &local_error) &&
              !g_error_matches (local_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
            {
              berth_compose_report (&r, BERTH_COMPOSE_STEP_VOLUME, BERTH_COMPOSE_PHASE_FAILED, NULL, name,
                                    "%s", local_error->message);
              g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                          _("Could not remove volume “%s”: "), name);
              goto out;
            }
          berth_compose_report (&r, BERTH_COMPOSE_STEP_VOLUME, BERTH_COMPOSE_PHASE_DONE, NULL, name, NULL);
          berth_compose_reporter_done (&r, _("removed volume %s"), name);
        }
    }

  ok = TRUE;

out:
  ok = berth_compose_reporter_finish (&r, ok, error);
  berth_compose_reporter_clear (&r);
  return ok;
}
