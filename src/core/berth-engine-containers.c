/* berth-engine-containers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-engine-containers.h"
#include "berth-engine-private.h"

static char *
container_path (const char *id,
                const char *suffix)
{
  g_autofree char *escaped = berth_engine_escape_segment (id);

  return g_strconcat ("/containers/", escaped, suffix, NULL);
}

JsonArray *
berth_engine_containers_list_sync (BerthEngine        *engine,
                                   gboolean            all,
                                   const char * const *filters,
                                   GCancellable       *cancellable,
                                   GError            **error)
{
  return berth_engine_request_list (engine, "/containers/json", all, filters, cancellable, error);
}

JsonObject *
berth_engine_container_inspect_sync (BerthEngine   *engine,
                                     const char    *id,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_autofree char *path = container_path (id, "/json");

  return berth_engine_request_object (engine, "GET", path, NULL, NULL, cancellable, error);
}

/* A shallow copy of config whose EndpointsConfig keeps only its first
 * network; the others are returned in *extra (name -> settings). */
static JsonObject *
split_networks (JsonObject  *config,
                JsonObject **extra)
{
  JsonObject *networking = berth_json_object (config, "NetworkingConfig");
  JsonObject *endpoints = berth_json_object (networking, "EndpointsConfig");
  JsonObject *copy;
  JsonObject *first;
  JsonObject *new_networking;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  gboolean seen_first = FALSE;

  *extra = NULL;
  if (endpoints == NULL || json_object_get_size (endpoints) <= 1)
    return json_object_ref (config);

  copy = json_object_new ();
  json_object_iter_init (&iter, config);
  while (json_object_iter_next (&iter, &key, &value))
    if (!g_str_equal (key, "NetworkingConfig"))
      json_object_set_member (copy, key, json_node_copy (value));

  first = json_object_new ();
  *extra = json_object_new ();
  json_object_iter_init (&iter, endpoints);
  while (json_object_iter_next (&iter, &key, &value))
    {
      if (!seen_first)
        {
          json_object_set_member (first, key, json_node_copy (value));
          seen_first = TRUE;
        }
      else
        json_object_set_member (*extra, key, json_node_copy (value));
    }

  new_networking = json_object_new ();
  json_object_set_object_member (new_networking, "EndpointsConfig", first);
  json_object_set_object_member (copy, "NetworkingConfig", new_networking);
  return copy;
}

char *
berth_engine_container_create_sync (BerthEngine   *engine,
                                    const char    *name,
                                    JsonObject    *config,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  if (!berth_engine_ping_sync (engine, cancellable, error))
    return NULL;

  if (berth_engine_api_at_least (engine, 1, 44))
    body = json_object_ref (config);
  else
    body = split_networks (config, &extra);

  berth_engine_query_add (query, "name", name);
  answer = berth_engine_request_object (engine, "POST", "/containers/create", query->str, body,
                                        cancellable, error);
  if (answer == NULL)
    return NULL;
  id = g_strdup (json_object_get_string_member_with_default (answer, "Id", NULL));
  if (id == NULL)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("The Docker engine created a container without telling its id"));
      return NULL;
    }

  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *network;
      JsonNode *settings;

      json_object_iter_init (&iter, extra);
      while (json_object_iter_next (&iter, &network, &settings))
        {
          g_autoptr(JsonObject) connect = json_object_new ();
          g_autofree char *escaped = berth_engine_escape_segment (network);
          g_autofree char *path = g_strconcat ("/networks/", escaped, "/connect", NULL);
          GError *local_error = NULL;

          json_object_set_string_member (connect, "Container", id);
          if (settings != NULL && JSON_NODE_HOLDS_OBJECT (settings))
            json_object_set_member (connect, "EndpointConfig", json_node_copy (settings));
          if (!berth_engine_request_ok (engine, "POST", path, NULL, connect, cancellable, &local_error))
            {
              /* Do not leave a half-connected container behind. */
              berth_engine_container_remove_sync (engine, id, TRUE, FALSE, NULL, NULL);
              g_propagate_prefixed_error (error, local_error,
                                          _("Connecting the new container to network “%s”: "), network);
              return NULL;
            }
        }
    }

  return g_steal_pointer (&id);
}

static gboolean
container_post (BerthEngine   *engine,
                const char    *id,
                const char    *action,
                const char    *query,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *path = container_path (id, action);

  return berth_engine_request_ok (engine, "POST", path, query, NULL, cancellable, error);
}

gboolean
berth_engine_container_start_sync (BerthEngine   *engine,
                                   const char    *id,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  return container_post (engine, id, "/start", NULL, cancellable, error);
}

static char *
timeout_query (int timeout)
{
  g_autoptr(GString) query = g_string_new (NULL);

  if (timeout >= 0)
    {
      g_autofree char *t = g_strdup_printf ("%d", timeout);
      berth_engine_query_add (query, "t", t);
    }
  return g_string_free (g_steal_pointer (&query), FALSE);
}

gboolean
berth_engine_container_stop_sync (BerthEngine   *engine,
                                  const char    *id,
                                  int            timeout,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autofree char *query = timeout_query (timeout);

  return container_post (engine, id, "/stop", query, cancellable, error);
}

gboolean
berth_engine_container_restart_sync (BerthEngine   *engine,
                                     const char    *id,
                                     int            timeout,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_autofree char *query = timeout_query (timeout);

  return container_post (engine, id, "/restart", query, cancellable, error);
}

gboolean
berth_engine_container_kill_sync (BerthEngine   *engine,
                                  const char    *id,
                                  const char    *signal,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(GString) query = g_string_new (NULL);

  berth_engine_query_add (query, "signal", signal);
  return container_post (engine, id, "/kill", query->str, cancellable, error);
}

gboolean
berth_engine_container_remove_sync (BerthEngine   *engine,
                                    const char    *id,
                                    gboolean       force,
                                    gboolean       volumes,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *path = container_path (id, "");

  berth_engine_query_add (query, "force", force ? "true" : "false");
  berth_engine_query_add (query, "v", volumes ? "true" : "false");
  return berth_engine_request_ok (engine, "DELETE", path, query->str, NULL, cancellable, error);
}

gboolean
berth_engine_container_wait_sync (BerthEngine   *engine,
                                  const char    *id,
                                  const char    *condition,
                                  gint64        *exit_code,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *path = container_path (id, "/wait");
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *wait_error;

  berth_engine_query_add (query, "condition", condition);
  answer = berth_engine_request_object (engine, "POST", path, query->str, NULL, cancellable, error);
  if (answer == NULL)
    return FALSE;

  wait_error = berth_json_object (answer, "Error");
  if (wait_error != NULL && json_object_get_string_member_with_default (wait_error, "Message", NULL) != NULL)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                   _("Waiting for container %s failed: %s"), id,
                   json_object_get_string_member (wait_error, "Message"));
      return FALSE;
    }
  if (exit_code != NULL)
    *exit_code = json_object_get_int_member_with_default (answer, "StatusCode", -1);
  return TRUE;
}

GBytes *
berth_engine_container_archive_get_sync (BerthEngine   *engine,
                                         const char    *id,
                                         const char    *path,
                                         GCancellable  *cancellable,
                                         GError       **error)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *api_path = container_path (id, "/archive");

  berth_engine_query_add (query, "path", path);
  return berth_engine_transfer_bytes (engine, "GET", api_path, query->str, NULL, NULL, cancellable, error);
}

gboolean
berth_engine_container_archive_put_sync (BerthEngine   *engine,
                                         const char    *id,
                                         const char    *dir,
                                         GBytes        *tar,
                                         GCancellable  *cancellable,
                                         GError       **error)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *api_path = container_path (id, "/archive");
  g_autoptr(GBytes) answer = NULL;

  berth_engine_query_add (query, "path", dir);
  answer = berth_engine_transfer_bytes (engine, "PUT", api_path, query->str, tar,
                                        "application/x-tar", cancellable, error);
  return answer != NULL;
}

/* --- async --- */

typedef enum { OP_START, OP_STOP, OP_RESTART, OP_INSPECT, OP_LIST } ContainerOp;

typedef struct
{
  ContainerOp  op;
  char        *id;
  int          timeout;
  gboolean     all;
  char       **filters;
} OpData;

static void
op_data_free (gpointer data)
{
  OpData *op = data;

  g_free (op->id);
  g_strfreev (op->filters);
  g_free (op);
}

static void
op_thread (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  BerthEngine *engine = source_object;
  OpData *op = task_data;
  GError *error = NULL;
  gpointer result = NULL;
  gboolean ok = FALSE;

  switch (op->op)
    {
    case OP_START:
      ok = berth_engine_container_start_sync (engine, op->id, cancellable, &error);
      break;
    case OP_STOP:
      ok = berth_engine_container_stop_sync (engine, op->id, op->timeout, cancellable, &error);
      break;
    case OP_RESTART:
      ok = berth_engine_container_restart_sync (engine, op->id, op->timeout, cancellable, &error);
      break;
    case OP_INSPECT:
      result = berth_engine_container_inspect_sync (engine, op->id, cancellable, &error);
      if (result != NULL)
        g_task_return_pointer (task, result, (GDestroyNotify) json_object_unref);
      else
        g_task_return_error (task, error);
      return;
    case OP_LIST:
      result = berth_engine_containers_list_sync (engine, op->all, (const char * const *) op->filters,
                                                  cancellable, &error);
      if (result != NULL)
        g_task_return_pointer (task, result, (GDestroyNotify) json_array_unref);
      else
        g_task_return_error (task, error);
      return;
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_op (BerthEngine         *engine,
        OpData              *op,
        gpointer             source_tag,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (engine, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, op_data_free);
  g_task_run_in_thread (task, op_thread);
}

static OpData *
op_new (ContainerOp  kind,
        const char  *id,
        int          timeout)
{
  OpData *op = g_new0 (OpData, 1);

  op->op = kind;
  op->id = g_strdup (id);
  op->timeout = timeout;
  return op;
}

void
berth_engine_container_start_async (BerthEngine         *engine,
                                    const char          *id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  run_op (engine, op_new (OP_START, id, -1), berth_engine_container_start_async,
          cancellable, callback, user_data);
}

gboolean
berth_engine_container_start_finish (BerthEngine   *engine,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
berth_engine_container_stop_async (BerthEngine         *engine,
                                   const char          *id,
                                   int                  timeout,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  run_op (engine, op_new (OP_STOP, id, timeout), berth_engine_container_stop_async,
          cancellable, callback, user_data);
}

gboolean
berth_engine_container_stop_finish (BerthEngine   *engine,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
berth_engine_container_restart_async (BerthEngine         *engine,
                                      const char          *id,
                                      int                  timeout,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  run_op (engine, op_new (OP_RESTART, id, timeout), berth_engine_container_restart_async,
          cancellable, callback, user_data);
}

gboolean
berth_engine_container_restart_finish (BerthEngine   *engine,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
berth_engine_container_inspect_async (BerthEngine         *engine,
                                      const char          *id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  run_op (engine, op_new (OP_INSPECT, id, -1), berth_engine_container_inspect_async,
          cancellable, callback, user_data);
}

JsonObject *
berth_engine_container_inspect_finish (BerthEngine   *engine,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
berth_engine_containers_list_async (BerthEngine         *engine,
                                    gboolean             all,
                                    const char * const  *filters,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  OpData *op = op_new (OP_LIST, NULL, -1);

  op->all = all;
  op->filters = g_strdupv ((char **) filters);
  run_op (engine, op, berth_engine_containers_list_async, cancellable, callback, user_data);
}

JsonArray *
berth_engine_containers_list_finish (BerthEngine   *engine,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
