/* berth-engine-resources.c: images, networks, volumes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-engine-private.h"
#include "berth-engine-resources.h"

static char *
object_path (const char *kind,
             const char *name,
             const char *suffix)
{
  g_autofree char *escaped = berth_engine_escape_segment (name);

  return g_strconcat ("/", kind, "/", escaped, suffix, NULL);
}

/* images */

JsonArray *
berth_engine_images_list_sync (BerthEngine        *engine,
                               gboolean            all,
                               const char * const *filters,
                               GCancellable       *cancellable,
                               GError            **error)
{
  return berth_engine_request_list (engine, "/images/json", all, filters, cancellable, error);
}

JsonObject *
berth_engine_image_inspect_sync (BerthEngine   *engine,
                                 const char    *name,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  /* Image names keep their slashes in the path (registry/repo:tag). */
  g_autofree char *escaped = g_uri_escape_string (name, "/:@", FALSE);
  g_autofree char *path = g_strconcat ("/images/", escaped, "/json", NULL);

  return berth_engine_request_object (engine, "GET", path, NULL, NULL, cancellable, error);
}

gboolean
berth_engine_image_remove_sync (BerthEngine   *engine,
                                const char    *name,
                                gboolean       force,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autofree char *escaped = g_uri_escape_string (name, "/:@", FALSE);
  g_autofree char *path = g_strconcat ("/images/", escaped, NULL);
  g_autoptr(GString) query = g_string_new (NULL);

  berth_engine_query_add (query, "force", force ? "true" : "false");
  return berth_engine_request_ok (engine, "DELETE", path, query->str, NULL, cancellable, error);
}

/* networks */

JsonArray *
berth_engine_networks_list_sync (BerthEngine        *engine,
                                 const char * const *filters,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  return berth_engine_request_list (engine, "/networks", FALSE, filters, cancellable, error);
}

JsonObject *
berth_engine_network_inspect_sync (BerthEngine   *engine,
                                   const char    *name,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autofree char *path = object_path ("networks", name, "");

  return berth_engine_request_object (engine, "GET", path, NULL, NULL, cancellable, error);
}

char *
berth_engine_network_create_sync (BerthEngine   *engine,
                                  JsonObject    *config,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(JsonObject) answer = NULL;
  const char *id;

  answer = berth_engine_request_object (engine, "POST", "/networks/create", NULL, config, cancellable, error);
  if (answer == NULL)
    return NULL;
  id = json_object_get_string_member_with_default (answer, "Id", NULL);
  if (id == NULL)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("The Docker engine created a network without telling its id"));
      return NULL;
    }
  return g_strdup (id);
}

gboolean
berth_engine_network_remove_sync (BerthEngine   *engine,
                                  const char    *name,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autofree char *path = object_path ("networks", name, "");

  return berth_engine_request_ok (engine, "DELETE", path, NULL, NULL, cancellable, error);
}

gboolean
berth_engine_network_connect_sync (BerthEngine   *engine,
                                   const char    *network,
                                   const char    *container,
                                   JsonObject    *endpoint_config,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autofree char *path = object_path ("networks", network, "/connect");
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "Container", container);
  if (endpoint_config != NULL)
    json_object_set_object_member (body, "EndpointConfig", json_object_ref (endpoint_config));
  return berth_engine_request_ok (engine, "POST", path, NULL, body, cancellable, error);
}

gboolean
berth_engine_network_disconnect_sync (BerthEngine   *engine,
                                      const char    *network,
                                      const char    *container,
                                      gboolean       force,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  g_autofree char *path = object_path ("networks", network, "/disconnect");
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "Container", container);
  json_object_set_boolean_member (body, "Force", force);
  return berth_engine_request_ok (engine, "POST", path, NULL, body, cancellable, error);
}

/* volumes */

JsonArray *
berth_engine_volumes_list_sync (BerthEngine        *engine,
                                const char * const *filters,
                                GCancellable       *cancellable,
                                GError            **error)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *volumes;

  berth_engine_query_add_filter_list (query, filters);
  answer = berth_engine_request_object (engine, "GET", "/volumes", query->str, NULL, cancellable, error);
  if (answer == NULL)
    return NULL;
  /* "Volumes" is null, not [], when there are none. */
  volumes = berth_json_array (answer, "Volumes");
  return volumes ? json_array_ref (volumes) : json_array_new ();
}

JsonObject *
berth_engine_volume_inspect_sync (BerthEngine   *engine,
                                  const char    *name,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autofree char *path = object_path ("volumes", name, "");

  return berth_engine_request_object (engine, "GET", path, NULL, NULL, cancellable, error);
}

JsonObject *
berth_engine_volume_create_sync (BerthEngine   *engine,
                                 JsonObject    *config,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  return berth_engine_request_object (engine, "POST", "/volumes/create", NULL, config, cancellable, error);
}

gboolean
berth_engine_volume_remove_sync (BerthEngine   *engine,
                                 const char    *name,
                                 gboolean       force,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autofree char *path = object_path ("volumes", name, "");
  g_autoptr(GString) query = g_string_new (NULL);

  berth_engine_query_add (query, "force", force ? "true" : "false");
  return berth_engine_request_ok (engine, "DELETE", path, query->str, NULL, cancellable, error);
}
