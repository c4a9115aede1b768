/* berth-event-stream.h: the engine's events for the UI, reconnecting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-engine-events.h"

G_BEGIN_DECLS

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
