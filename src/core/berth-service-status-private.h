/* berth-service-status-private.h: parsing seams of BerthServiceStatus for
 * the fixture tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-service-status.h"

G_BEGIN_DECLS

/* "Exited (3) 4 seconds ago", "Up 5 seconds (healthy)",
 * "Up 2 minutes (health: starting)": exit code (-1 when none) and health. */
void       berth_service_status_parse_status_text (const char         *status,
                                                   int                *exit_code,
                                                   BerthServiceHealth *health);
/* NetworkSettings.Ports of an inspect answer ({"80/tcp": [{HostIp, HostPort}]}). */
GPtrArray *berth_published_ports_from_inspect     (JsonObject         *ports);
/* "Ports" of a list item ([{IP, PrivatePort, PublicPort, Type}]). */
GPtrArray *berth_published_ports_from_summary     (JsonArray          *ports);
/* An empty array of BerthPublishedPort, and their order (container port,
 * then host ip) for g_ptr_array_sort(). */
GPtrArray *berth_published_ports_new              (void);
int        berth_published_port_compare           (gconstpointer       a,
                                                   gconstpointer       b);
/* RFC 3339 from the engine; NULL for Go's zero time "0001-01-01T00:00:00Z". */
GDateTime *berth_service_status_parse_time        (const char         *str);
gboolean   berth_service_status_compute_completed (BerthServiceState   state,
                                                   int                 exit_code,
                                                   const char         *restart_policy);

/* When the container was created (unix microseconds; 0 for no container):
 * tells an old container being replaced from its successor. */
gint64     berth_service_status_get_created_us    (BerthServiceStatus *self);

G_END_DECLS
