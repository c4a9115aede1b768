/* berth-engine-events.h: the engine's event stream (GET /events).
 *
 * Events are read from Type, Action, Actor.ID, Actor.Attributes, scope and
 * timeNano only: the legacy top-level status/id/from fields are gone from
 * API 1.52.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-engine.h"

G_BEGIN_DECLS

typedef struct
{
  char       *type;          /* "container", "network", "image", ... */
  char       *action;        /* "start", "die", "health_status", "exec_create" */
  char       *action_value;  /* "healthy" from "health_status: healthy", else NULL */
  char       *actor_id;
  GHashTable *attributes;    /* labels plus name, image, exitCode...; never NULL */
  char       *scope;         /* "local", "swarm" or NULL */
  gint64      time_nano;     /* nanoseconds since the epoch */
  char       *raw;           /* the JSON object as the engine sent it */
} BerthEngineEvent;

#define BERTH_TYPE_ENGINE_EVENT (berth_engine_event_get_type ())
GType             berth_engine_event_get_type      (void) G_GNUC_CONST;
/* Parses one JSON line. */
BerthEngineEvent *berth_engine_event_parse         (const char        *json,
                                                    gssize             len,
                                                    GError           **error);
BerthEngineEvent *berth_engine_event_copy          (const BerthEngineEvent *event);
void              berth_engine_event_free          (BerthEngineEvent  *event);
const char       *berth_engine_event_get_attribute (const BerthEngineEvent *event,
                                                    const char        *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthEngineEvent, berth_engine_event_free)

/* FALSE stops the stream. */
typedef gboolean (*BerthEngineEventFunc) (BerthEngineEvent *event,
                                          gpointer          user_data);

/* Blocking: streams events (in the calling thread) until cancelled (error
 * BERTH_ENGINE_ERROR_CANCELLED), the callback returns FALSE (TRUE), or the
 * engine goes away (error).  filters: NULL-terminated "key=value" strings
 * ("type=container", "label=com.docker.compose.project=demo"); since: unix
 * time as the engine takes it ("1700000000.000000001") or NULL. */
gboolean          berth_engine_events_sync         (BerthEngine          *engine,
                                                    const char * const   *filters,
                                                    const char           *since,
                                                    BerthEngineEventFunc  func,
                                                    gpointer              user_data,
                                                    GCancellable         *cancellable,
                                                    GError              **error);

/* BerthEventStream: the long-lived stream for the UI.  A dedicated thread
 * follows GET /events and reconnects with back-off (0.25 s doubling to
 * 10 s) when the engine goes away, asking for the events it missed (since
 * the last one seen).  Signals are emitted on the GMainContext that was the
 * thread-default one when berth_event_stream_start() was called:
 *   ::event (BerthEngineEvent *event)
 *   ::disconnected (const char *message)   once per outage
 *   ::reconnected ()                       when the stream is back  */
#define BERTH_TYPE_EVENT_STREAM (berth_event_stream_get_type ())
G_DECLARE_FINAL_TYPE (BerthEventStream, berth_event_stream, BERTH, EVENT_STREAM, GObject)

BerthEventStream *berth_event_stream_new           (BerthEngine        *engine,
                                                    const char * const *filters);
void              berth_event_stream_start         (BerthEventStream   *self);
/* Stops the thread; no signal is emitted after this returns. */
void              berth_event_stream_stop          (BerthEventStream   *self);
gboolean          berth_event_stream_get_connected (BerthEventStream   *self);

G_END_DECLS
