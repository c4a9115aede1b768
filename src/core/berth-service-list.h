/* berth-service-list.h: live status of every service of a project.
 *
 * A GListModel of BerthServiceStatus: one row per container of the
 * project (keyed by service and container number), and one "not created"
 * row for each model service without a container.  Rows keep their
 * identity across recreation, so a bound widget just sees notify signals.
 *
 * Kept up to date from the engine's event stream, never by polling: a
 * dedicated thread lists the project's containers once (at start and after
 * every reconnect), then follows GET /events filtered on the project and,
 * for each create/start/die/health_status/destroy/pause/unpause/restart/
 * stop/oom/rename event, inspects that one container.  Results are applied
 * in the main context that was thread-default when
 * berth_service_list_start() was called.  No GTK: usable headlessly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "berth-compose.h"
#include "berth-engine.h"
#include "berth-service-status.h"

G_BEGIN_DECLS

#define BERTH_TYPE_SERVICE_LIST (berth_service_list_get_type ())
G_DECLARE_FINAL_TYPE (BerthServiceList, berth_service_list, BERTH, SERVICE_LIST, GObject)

/* services: the model's services in display order (nullable). */
BerthServiceList   *berth_service_list_new             (BerthEngine         *engine,
                                                        const char          *project_name,
                                                        const char * const  *services);
BerthServiceList   *berth_service_list_new_for_project (BerthEngine         *engine,
                                                        BerthComposeProject *project);

/* Starts the event thread (idempotent).  Stopping joins it; dispose stops. */
void                berth_service_list_start           (BerthServiceList    *self);
void                berth_service_list_stop            (BerthServiceList    *self);
/* Ask for a fresh list call (e.g. after the user pressed Refresh). */
void                berth_service_list_reconcile       (BerthServiceList    *self);

const char         *berth_service_list_get_project_name (BerthServiceList   *self);
/* TRUE while the event stream is followed. */
gboolean            berth_service_list_get_connected   (BerthServiceList    *self);
/* Why the stream is not connected, or NULL. */
const char         *berth_service_list_get_error       (BerthServiceList    *self);
/* The first row of a service (lowest container number), or NULL. */
BerthServiceStatus *berth_service_list_lookup          (BerthServiceList    *self,
                                                        const char          *service);

/* Signals: "reconciled" (after each list call's result was applied),
 * "event" (BerthEngineEvent *event, after the row it touched was
 * updated).  Properties: "connected", "error",
 * "project-name". */

G_END_DECLS
