/* berth-engine-probe.c: ask an engine who it is, off the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-engine.h"
#include "berth-engine-probe.h"

void
berth_engine_probe_free (BerthEngineProbe *probe)
{
  if (probe == NULL)
    return;

  g_free (probe->endpoint);
  g_free (probe->version);
  g_free (probe->api_version);
  g_free (probe->os_arch);
  g_free (probe);
}

static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const BerthEngineEndpointSpec *spec = task_data;
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthEngineProbe) probe = NULL;
  JsonObject *object;

  engine = berth_engine_new_for_spec (spec, &error);
  if (engine == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!berth_engine_ping_sync (engine, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  answer = berth_engine_request_sync (engine, "GET", "/version", NULL, NULL, cancellable, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_task_return_new_error (task, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                               _("The engine answered GET /version with something that is not a JSON object"));
      return;
    }

  object = json_node_get_object (answer);

  probe = g_new0 (BerthEngineProbe, 1);
  probe->endpoint = g_strdup (berth_engine_get_endpoint (engine));
  probe->version = g_strdup (json_object_get_string_member_with_default (object, "Version", ""));
  probe->api_version = g_strdup (berth_engine_get_api_version (engine));
  probe->os_arch = g_strdup_printf ("%s/%s",
                                    json_object_get_string_member_with_default (object, "Os", "?"),
                                    json_object_get_string_member_with_default (object, "Arch", "?"));

  g_task_return_pointer (task, g_steal_pointer (&probe), (GDestroyNotify) berth_engine_probe_free);
}

void
berth_engine_probe_async (const BerthEngineEndpointSpec *spec,
                          GCancellable                  *cancellable,
                          GAsyncReadyCallback            callback,
                          gpointer                       user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, berth_engine_probe_async);
  g_task_set_task_data (task, berth_engine_endpoint_spec_copy (spec),
                        (GDestroyNotify) berth_engine_endpoint_spec_free);
  g_task_run_in_thread (task, probe_thread);
}

BerthEngineProbe *
berth_engine_probe_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
