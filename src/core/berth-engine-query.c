/* berth-engine-query.c: query strings and filters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "berth-engine-private.h"

void
berth_engine_query_add (GString    *query,
                        const char *key,
                        const char *value)
{
  g_return_if_fail (query != NULL && key != NULL);

  if (value == NULL)
    return;
  if (query->len > 0)
    g_string_append_c (query, '&');
  g_string_append_uri_escaped (query, key, NULL, FALSE);
  g_string_append_c (query, '=');
  g_string_append_uri_escaped (query, value, NULL, FALSE);
}

void
berth_engine_query_add_filters (GString    *query,
                                const char *first_key,
                                ...)
{
  g_autoptr(JsonObject) filters = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  va_list args;
  gboolean any = FALSE;

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);
      JsonArray *values;

      if (value == NULL)
        break;
      if (!json_object_has_member (filters, key))
        json_object_set_array_member (filters, key, json_array_new ());
      values = json_object_get_array_member (filters, key);
      json_array_add_string_element (values, value);
      any = TRUE;
    }
  va_end (args);

  if (!any)
    return;

  node = json_node_init_object (json_node_alloc (), filters);
  json = json_to_string (node, FALSE);
  berth_engine_query_add (query, "filters", json);
}

void
berth_engine_query_add_filter_list (GString            *query,
                                    const char * const *filters)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  gboolean any = FALSE;

  for (guint i = 0; filters != NULL && filters[i]; i++)
    {
      const char *eq = strchr (filters[i], '=');
      g_autofree char *key = NULL;

      if (eq == NULL)
        continue;
      key = g_strndup (filters[i], eq - filters[i]);
      if (!json_object_has_member (object, key))
        json_object_set_array_member (object, key, json_array_new ());
      json_array_add_string_element (json_object_get_array_member (object, key), eq + 1);
      any = TRUE;
    }
  if (!any)
    return;

  node = json_node_init_object (json_node_alloc (), object);
  json = json_to_string (node, FALSE);
  berth_engine_query_add (query, "filters", json);
}

