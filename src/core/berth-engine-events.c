/* berth-engine-events.c: event parsing and the blocking event stream.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-engine-events-private.h"
#include "berth-json-lines.h"

G_DEFINE_BOXED_TYPE (BerthEngineEvent, berth_engine_event, berth_engine_event_copy, berth_engine_event_free)

void
berth_engine_event_free (BerthEngineEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->type);
  g_free (event->action);
  g_free (event->action_value);
  g_free (event->actor_id);
  g_clear_pointer (&event->attributes, g_hash_table_unref);
  g_free (event->scope);
  g_free (event->raw);
  g_free (event);
}

BerthEngineEvent *
berth_engine_event_copy (const BerthEngineEvent *event)
{
  BerthEngineEvent *copy = g_new0 (BerthEngineEvent, 1);

  copy->type = g_strdup (event->type);
  copy->action = g_strdup (event->action);
  copy->action_value = g_strdup (event->action_value);
  copy->actor_id = g_strdup (event->actor_id);
  copy->attributes = g_hash_table_ref (event->attributes);
  copy->scope = g_strdup (event->scope);
  copy->time_nano = event->time_nano;
  copy->raw = g_strdup (event->raw);
  return copy;
}

const char *
berth_engine_event_get_attribute (const BerthEngineEvent *event,
                                  const char             *key)
{
  return g_hash_table_lookup (event->attributes, key);
}

BerthEngineEvent *
berth_engine_event_parse (const char  *json,
                          gssize       len,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(BerthEngineEvent) event = NULL;
  JsonObject *object;
  JsonObject *actor;
  JsonNode *root;
  const char *action;
  const char *sep;

  if (len < 0)
    len = strlen (json);

  if (!json_parser_load_from_data (parser, json, len, &local_error))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("Unreadable engine event: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("Unreadable engine event: not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);

  action = json_object_get_string_member_with_default (object, "Action", NULL);
  if (action == NULL)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("Unreadable engine event: no Action"));
      return NULL;
    }

  event = g_new0 (BerthEngineEvent, 1);
  event->type = g_strdup (json_object_get_string_member_with_default (object, "Type", ""));
  event->scope = g_strdup (json_object_get_string_member_with_default (object, "scope", NULL));
  event->raw = g_strndup (json, len);
  event->attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* "health_status: healthy", "exec_create: sh -c ls" */
  sep = strstr (action, ": ");
  if (sep != NULL)
    {
      event->action = g_strndup (action, sep - action);
      event->action_value = g_strdup (sep + 2);
    }
  else
    event->action = g_strdup (action);

  actor = berth_json_object (object, "Actor");
  if (actor != NULL)
    {
      JsonObject *attributes = berth_json_object (actor, "Attributes");

      event->actor_id = g_strdup (json_object_get_string_member_with_default (actor, "ID", NULL));
      if (attributes != NULL)
        {
          JsonObjectIter iter;
          const char *key;
          JsonNode *value;

          json_object_iter_init (&iter, attributes);
          while (json_object_iter_next (&iter, &key, &value))
            if (JSON_NODE_HOLDS_VALUE (value))
              {
                char *text;

                if (json_node_get_value_type (value) == G_TYPE_STRING)
                  text = g_strdup (json_node_get_string (value));
                else if (json_node_get_value_type (value) == G_TYPE_INT64)
                  text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
                else
                  continue;
                g_hash_table_insert (event->attributes, g_strdup (key), text);
              }
        }
    }

  if (json_object_has_member (object, "timeNano"))
    event->time_nano = json_object_get_int_member_with_default (object, "timeNano", 0);
  else
    event->time_nano = json_object_get_int_member_with_default (object, "time", 0) * G_GINT64_CONSTANT (1000000000);

  return g_steal_pointer (&event);
}

/* --- blocking stream --- */

typedef struct
{
  BerthEngineEventFunc     func;
  gpointer                 user_data;
  BerthEngineResponseFunc  on_response;
  gpointer                 response_data;
  BerthJsonLines          *lines;
  GError                  *error;
} EventsRun;

static gboolean
events_line (const char *line,
             gsize       len,
             gpointer    user_data)
{
  EventsRun *run = user_data;
  g_autoptr(BerthEngineEvent) event = berth_engine_event_parse (line, len, NULL);

  /* A line we cannot read is not worth ending a stream for. */
  if (event == NULL)
    return TRUE;
  return run->func (event, run->user_data);
}

static gboolean
events_data (const guint8 *data,
             gsize         len,
             gpointer      user_data)
{
  EventsRun *run = user_data;

  return berth_json_lines_feed (run->lines, data, len);
}

static gboolean
events_response (const BerthEngineResponse *response,
                 gpointer                   user_data)
{
  EventsRun *run = user_data;

  if (run->on_response != NULL)
    return run->on_response (response, run->response_data);
  return TRUE;
}

gboolean
berth_engine_events_run (BerthEngine             *engine,
            const char * const      *filters,
            const char              *since,
            BerthEngineEventFunc     func,
            gpointer                 user_data,
            BerthEngineResponseFunc  on_response,
            gpointer                 response_data,
            GCancellable            *cancellable,
            GError                 **error)
{
  g_autoptr(GString) query = g_string_new (NULL);
  EventsRun run = { func, user_data, on_response, response_data, NULL, NULL };
  gboolean ok;

  berth_engine_query_add_filter_list (query, filters);
  berth_engine_query_add (query, "since", since);

  run.lines = berth_json_lines_new (events_line, &run);
  ok = berth_engine_transfer (engine, "GET", "/events", TRUE, query->str, NULL, NULL,
                              events_response, events_data, &run, cancellable, error);
  if (ok)
    berth_json_lines_finish (run.lines);
  berth_json_lines_free (run.lines);
  return ok;
}

gboolean
berth_engine_events_sync (BerthEngine          *engine,
                          const char * const   *filters,
                          const char           *since,
                          BerthEngineEventFunc  func,
                          gpointer              user_data,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_return_val_if_fail (BERTH_IS_ENGINE (engine), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return berth_engine_events_run (engine, filters, since, func, user_data, NULL, NULL, cancellable, error);
}
