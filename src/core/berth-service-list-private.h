/* berth-service-list-private.h: seams of BerthServiceList for tests that
 * feed it captured engine JSON without an engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-engine-events.h"
#include "berth-service-list.h"

G_BEGIN_DECLS

/* Whether an event changes a row; fills
 * the container id, service and container number from its attributes. */
gboolean berth_service_list_parse_event       (const BerthEngineEvent *event,
                                               char            **id,
                                               char            **service,
                                               guint            *number);
/* The "key=value" filters of the event stream for a project. */
char   **berth_service_list_event_filters     (const char       *project_name);

/* Apply the result of inspecting one container: inspect NULL means it is
 * gone (404), in which case service/number/id locate the row. */
void     berth_service_list_apply_container   (BerthServiceList *self,
                                               const char       *id,
                                               const char       *service,
                                               guint             number,
                                               JsonObject       *inspect);
/* Apply what an event says about a row's container before it is
 * inspected; FALSE when no row has that container or the action says
 * nothing by itself. */
gboolean berth_service_list_apply_event       (BerthServiceList       *self,
                                               const BerthEngineEvent *event);
/* Apply a full listing: inspects is a GPtrArray of JsonObject (inspect
 * answers).  Rows without a container become "not created" or go away. */
void     berth_service_list_apply_snapshot    (BerthServiceList *self,
                                               GPtrArray        *inspects);

G_END_DECLS
