/* berth-engine-events.c: event parsing, the blocking event stream and
 * BerthEventStream, its reconnecting threaded form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-engine-events.h"
#include "berth-engine-private.h"
#include "berth-json-lines.h"

#define BACKOFF_FIRST_MS 250
#define BACKOFF_MAX_MS   10000

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

static gboolean
events_run (BerthEngine             *engine,
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

  return events_run (engine, filters, since, func, user_data, NULL, NULL, cancellable, error);
}

/* --- BerthEventStream --- */

/* Shared by the object and its thread; the thread sees the object only
 * through the weak ref, so dropping the last ref stops everything. */
typedef struct
{
  gatomicrefcount  ref_count;
  BerthEngine     *engine;
  char           **filters;
  GCancellable    *cancellable;
  GMainContext    *context;
  GWeakRef         stream;

  GMutex           lock;
  GCond            cond;
  gboolean         stopping;

  /* thread only */
  gint64           last_time_nano;
  gboolean         connected;
  gboolean         announced_down;
} StreamState;

struct _BerthEventStream
{
  GObject       parent_instance;

  BerthEngine  *engine;
  char        **filters;
  StreamState  *state;
  GThread      *thread;
  gboolean      connected;
  gboolean      stopped;
};

G_DEFINE_TYPE (BerthEventStream, berth_event_stream, G_TYPE_OBJECT)

enum { SIGNAL_EVENT, SIGNAL_DISCONNECTED, SIGNAL_RECONNECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_CONNECTED, N_PROPS };
static GParamSpec *properties[N_PROPS];

static StreamState *
stream_state_ref (StreamState *state)
{
  g_atomic_ref_count_inc (&state->ref_count);
  return state;
}

static void
stream_state_unref (StreamState *state)
{
  if (!g_atomic_ref_count_dec (&state->ref_count))
    return;
  g_object_unref (state->engine);
  g_strfreev (state->filters);
  g_object_unref (state->cancellable);
  g_clear_pointer (&state->context, g_main_context_unref);
  g_weak_ref_clear (&state->stream);
  g_mutex_clear (&state->lock);
  g_cond_clear (&state->cond);
  g_free (state);
}

typedef enum { DELIVER_EVENT, DELIVER_DISCONNECTED, DELIVER_RECONNECTED } DeliveryKind;

typedef struct
{
  StreamState      *state;
  DeliveryKind      kind;
  BerthEngineEvent *event;
  char             *message;
  gboolean          after_outage;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *d = data;

  stream_state_unref (d->state);
  g_clear_pointer (&d->event, berth_engine_event_free);
  g_free (d->message);
  g_free (d);
}

static gboolean
deliver (gpointer data)
{
  Delivery *d = data;
  g_autoptr(BerthEventStream) self = g_weak_ref_get (&d->state->stream);

  if (self == NULL || self->stopped || self->state != d->state)
    return G_SOURCE_REMOVE;

  switch (d->kind)
    {
    case DELIVER_EVENT:
      g_signal_emit (self, signals[SIGNAL_EVENT], 0, d->event);
      break;
    case DELIVER_DISCONNECTED:
      if (self->connected)
        {
          self->connected = FALSE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
        }
      g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, d->message);
      break;
    case DELIVER_RECONNECTED:
      if (!self->connected)
        {
          self->connected = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
        }
      if (d->after_outage)
        g_signal_emit (self, signals[SIGNAL_RECONNECTED], 0);
      break;
    }
  return G_SOURCE_REMOVE;
}

/* An idle source per item: sources of one priority dispatch in the order
 * they were attached, so events keep their order. */
static void
post (StreamState      *state,
      DeliveryKind      kind,
      BerthEngineEvent *event,
      const char       *message,
      gboolean          after_outage)
{
  Delivery *d = g_new0 (Delivery, 1);
  GSource *source = g_idle_source_new ();

  d->state = stream_state_ref (state);
  d->kind = kind;
  d->event = event;
  d->message = g_strdup (message);
  d->after_outage = after_outage;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, d, delivery_free);
  g_source_set_static_name (source, "[berth] event stream delivery");
  g_source_attach (source, state->context);
  g_source_unref (source);
}

static gboolean
thread_event (BerthEngineEvent *event,
              gpointer          user_data)
{
  StreamState *state = user_data;

  if (event->time_nano > state->last_time_nano)
    state->last_time_nano = event->time_nano;
  post (state, DELIVER_EVENT, berth_engine_event_copy (event), NULL, FALSE);
  return TRUE;
}

static gboolean
thread_response (const BerthEngineResponse *response,
                 gpointer                   user_data)
{
  StreamState *state = user_data;

  state->connected = TRUE;
  /* The first connection is posted too, so that :connected flips, but
   * ::reconnected is only emitted after an outage. */
  post (state, DELIVER_RECONNECTED, NULL, NULL, state->announced_down);
  state->announced_down = FALSE;
  return TRUE;
}

static gboolean
wait_stopping (StreamState *state,
               guint        ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;
  gboolean stopping;

  g_mutex_lock (&state->lock);
  while (!state->stopping)
    if (!g_cond_wait_until (&state->cond, &state->lock, deadline))
      break;
  stopping = state->stopping;
  g_mutex_unlock (&state->lock);
  return stopping;
}

static gpointer
stream_thread (gpointer data)
{
  StreamState *state = data;
  guint backoff = BACKOFF_FIRST_MS;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *since = NULL;
      gboolean was_connected;

      if (g_cancellable_is_cancelled (state->cancellable))
        break;

      if (state->last_time_nano > 0)
        {
          /* Resume after the last event seen, so none is lost in an outage. */
          gint64 next = state->last_time_nano + 1;
          since = g_strdup_printf ("%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT,
                                   next / 1000000000, next % 1000000000);
        }
      else
        {
          /* Start from now on the first connection (the engine's clock). */
          gint64 now = g_get_real_time () * 1000;
          state->last_time_nano = now;
        }

      state->connected = FALSE;
      events_run (state->engine, (const char * const *) state->filters, since,
                  thread_event, state, thread_response, state, state->cancellable, &error);
      was_connected = state->connected;

      if (g_cancellable_is_cancelled (state->cancellable))
        break;

      if (was_connected)
        backoff = BACKOFF_FIRST_MS;

      if (!state->announced_down)
        {
          state->announced_down = TRUE;
          post (state, DELIVER_DISCONNECTED, NULL,
                error ? error->message : _("The Docker engine closed the event stream"), FALSE);
        }

      if (wait_stopping (state, backoff))
        break;
      backoff = MIN (backoff * 2, BACKOFF_MAX_MS);
    }

  stream_state_unref (state);
  return NULL;
}

static void
stop_thread (BerthEventStream *self)
{
  StreamState *state = self->state;

  if (state == NULL)
    return;

  g_mutex_lock (&state->lock);
  state->stopping = TRUE;
  g_cond_signal (&state->cond);
  g_mutex_unlock (&state->lock);
  g_cancellable_cancel (state->cancellable);

  if (self->thread != NULL)
    g_thread_join (g_steal_pointer (&self->thread));
  self->state = NULL;
  stream_state_unref (state);
}

static void
berth_event_stream_dispose (GObject *object)
{
  BerthEventStream *self = BERTH_EVENT_STREAM (object);

  self->stopped = TRUE;
  stop_thread (self);

  G_OBJECT_CLASS (berth_event_stream_parent_class)->dispose (object);
}

static void
berth_event_stream_finalize (GObject *object)
{
  BerthEventStream *self = BERTH_EVENT_STREAM (object);

  g_clear_object (&self->engine);
  g_strfreev (self->filters);

  G_OBJECT_CLASS (berth_event_stream_parent_class)->finalize (object);
}

static void
berth_event_stream_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BerthEventStream *self = BERTH_EVENT_STREAM (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_event_stream_class_init (BerthEventStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = berth_event_stream_dispose;
  object_class->finalize = berth_event_stream_finalize;
  object_class->get_property = berth_event_stream_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  BERTH_TYPE_ENGINE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_RECONNECTED] =
    g_signal_new ("reconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
berth_event_stream_init (BerthEventStream *self)
{
}

BerthEventStream *
berth_event_stream_new (BerthEngine        *engine,
                        const char * const *filters)
{
  BerthEventStream *self;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);

  self = g_object_new (BERTH_TYPE_EVENT_STREAM, NULL);
  self->engine = g_object_ref (engine);
  self->filters = g_strdupv ((char **) filters);
  return self;
}

void
berth_event_stream_start (BerthEventStream *self)
{
  StreamState *state;

  g_return_if_fail (BERTH_IS_EVENT_STREAM (self));

  if (self->state != NULL)
    return;

  state = g_new0 (StreamState, 1);
  g_atomic_ref_count_init (&state->ref_count);
  state->engine = g_object_ref (self->engine);
  state->filters = g_strdupv (self->filters);
  state->cancellable = g_cancellable_new ();
  state->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&state->stream, self);
  g_mutex_init (&state->lock);
  g_cond_init (&state->cond);

  self->stopped = FALSE;
  self->state = state;
  self->thread = g_thread_new ("berth-events", stream_thread, stream_state_ref (state));
}

void
berth_event_stream_stop (BerthEventStream *self)
{
  g_return_if_fail (BERTH_IS_EVENT_STREAM (self));

  self->stopped = TRUE;
  stop_thread (self);
  if (self->connected)
    {
      self->connected = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
    }
}

gboolean
berth_event_stream_get_connected (BerthEventStream *self)
{
  g_return_val_if_fail (BERTH_IS_EVENT_STREAM (self), FALSE);

  return self->connected;
}
