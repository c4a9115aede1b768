/* berth-engine-events-private.h: shared by the blocking event stream and
 * BerthEventStream.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-engine-events.h"
#include "berth-engine-private.h"

G_BEGIN_DECLS

/* berth_engine_events_sync() with a callback for the response head too,
 * to know when the stream is connected before any event arrives. */
gboolean berth_engine_events_run (BerthEngine             *engine,
                                  const char * const      *filters,
                                  const char              *since,
                                  BerthEngineEventFunc     func,
                                  gpointer                 user_data,
                                  BerthEngineResponseFunc  on_response,
                                  gpointer                 response_data,
                                  GCancellable            *cancellable,
                                  GError                 **error);

G_END_DECLS
