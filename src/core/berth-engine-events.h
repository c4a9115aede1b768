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

G_END_DECLS

#include "berth-event-stream.h"
