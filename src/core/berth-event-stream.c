/* berth-event-stream.c: BerthEventStream, a dedicated thread following
 * GET /events, reconnecting with back-off, delivering on a main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-engine-events-private.h"
#include "berth-event-stream.h"

#define BACKOFF_FIRST_MS 250
#define BACKOFF_MAX_MS   10000

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
      berth_engine_events_run (state->engine, (const char * const *) state->filters, since,
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
