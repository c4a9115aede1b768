/* berth-compose-progress.h: typed progress events of the compose operations.
 *
 * Every operation reports what it is doing as a sequence of
 * BerthComposeProgress events: (operation, step, phase, service, resource,
 * message, current/total).  The CLI prints them as lines or JSON lines, the
 * UI and the workflows render the same events.
 *
 * Delivery (decided once for every operation):
 * - `_sync` variants call the BerthComposeProgressFunc in the thread that
 *   runs the operation.  Calls are serialised: even when services are
 *   handled in parallel threads the callback is never entered twice at once,
 *   so it needs no locking of its own.
 * - `_async` variants deliver the same events in the thread-default main
 *   context of the caller of `_async` (the UI thread), in order, and all of
 *   them before the GAsyncReadyCallback runs.
 * The event and its strings are only valid during the callback; use
 * berth_compose_progress_copy() to keep one.
 *
 * The last event of an operation that did anything is a
 * BERTH_COMPOSE_PHASE_SUMMARY whose message says what was done and, when
 * the operation failed or was cancelled, what was not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  BERTH_COMPOSE_OPERATION_PS,
  BERTH_COMPOSE_OPERATION_BUILD,
  BERTH_COMPOSE_OPERATION_PULL,
  BERTH_COMPOSE_OPERATION_UP,
  BERTH_COMPOSE_OPERATION_DOWN,
  BERTH_COMPOSE_OPERATION_START,
  BERTH_COMPOSE_OPERATION_STOP,
  BERTH_COMPOSE_OPERATION_RESTART,
  BERTH_COMPOSE_OPERATION_LOGS,
  BERTH_COMPOSE_OPERATION_EXEC,
  BERTH_COMPOSE_OPERATION_EVENTS,
} BerthComposeOperation;

typedef enum
{
  BERTH_COMPOSE_STEP_NONE,       /* the operation as a whole */
  BERTH_COMPOSE_STEP_NETWORK,    /* create/remove a network; with a service (up):
                                  * reconnect its container to the network */
  BERTH_COMPOSE_STEP_VOLUME,     /* create/remove a volume */
  BERTH_COMPOSE_STEP_PULL,       /* pull an image */
  BERTH_COMPOSE_STEP_BUILD,      /* build an image */
  BERTH_COMPOSE_STEP_CREATE,     /* create a container */
  BERTH_COMPOSE_STEP_RECREATE,   /* replace a container whose config changed */
  BERTH_COMPOSE_STEP_START,
  BERTH_COMPOSE_STEP_WAIT,       /* wait for a dependency's condition */
  BERTH_COMPOSE_STEP_STOP,
  BERTH_COMPOSE_STEP_REMOVE,     /* remove a container */
  BERTH_COMPOSE_STEP_RESTART,
} BerthComposeStep;

typedef enum
{
  BERTH_COMPOSE_PHASE_BEGIN,     /* the step starts */
  BERTH_COMPOSE_PHASE_PROGRESS,  /* current/total moved (bytes pulled, build step N of M) */
  BERTH_COMPOSE_PHASE_OUTPUT,    /* one line of output (a build's log) in message */
  BERTH_COMPOSE_PHASE_DONE,      /* the step succeeded */
  BERTH_COMPOSE_PHASE_SKIPPED,   /* nothing to do (up to date, already running, absent) */
  BERTH_COMPOSE_PHASE_WARNING,   /* the operation goes on */
  BERTH_COMPOSE_PHASE_FAILED,    /* the step failed; message says why */
  BERTH_COMPOSE_PHASE_SUMMARY,   /* the operation's last event */
} BerthComposePhase;

typedef struct
{
  BerthComposeOperation  operation;
  BerthComposeStep       step;
  BerthComposePhase      phase;
  char                  *service;    /* nullable */
  char                  *resource;   /* nullable: container, network, volume or image name */
  char                  *message;    /* nullable, for people (translated) */
  gint64                 current;    /* -1 when unknown */
  gint64                 total;      /* -1 when unknown */
  gboolean               bytes;      /* current/total count bytes, else steps */
} BerthComposeProgress;

typedef void (*BerthComposeProgressFunc) (const BerthComposeProgress *progress,
                                          gpointer                    user_data);

#define BERTH_TYPE_COMPOSE_PROGRESS (berth_compose_progress_get_type ())
GType                 berth_compose_progress_get_type (void) G_GNUC_CONST;
BerthComposeProgress *berth_compose_progress_copy     (const BerthComposeProgress *progress);
void                  berth_compose_progress_free     (BerthComposeProgress       *progress);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthComposeProgress, berth_compose_progress_free)

/* Stable machine names: "up", "create", "done"... */
const char *berth_compose_operation_to_string (BerthComposeOperation operation);
const char *berth_compose_step_to_string      (BerthComposeStep      step);
const char *berth_compose_phase_to_string     (BerthComposePhase     phase);

/* {"operation","step","phase","service","resource","message","current",
 *  "total","bytes"}: one object per event, for JSON lines. */
JsonNode   *berth_compose_progress_to_json    (const BerthComposeProgress *progress);
/* One line for a terminal: "api  Creating  demo-api-1", "db  Healthy",
 * "api  Step 3/7 : RUN pip install" (no newline). */
char       *berth_compose_progress_format     (const BerthComposeProgress *progress);

G_END_DECLS
