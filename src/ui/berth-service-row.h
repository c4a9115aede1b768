/* berth-service-row.h: one service in the services list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "berth-service-status.h"

G_BEGIN_DECLS

#define BERTH_TYPE_SERVICE_ROW (berth_service_row_get_type ())
G_DECLARE_FINAL_TYPE (BerthServiceRow, berth_service_row, BERTH, SERVICE_ROW, GtkWidget)

GtkWidget          *berth_service_row_new                (void);
/* Follows status until another one is set (NULL: an empty row). */
void                berth_service_row_set_status         (BerthServiceRow    *self,
                                                          BerthServiceStatus *status);
BerthServiceStatus *berth_service_row_get_status         (BerthServiceRow    *self);
/* The image the compose file names, shown while no container exists. */
void                berth_service_row_set_fallback_image (BerthServiceRow    *self,
                                                          const char         *image);

/* Presentation helpers, pure so they can be tested. */

/* Whether a published port most likely serves a web page worth a link:
 * every TCP port except well-known database, cache and mail ports. */
gboolean            berth_service_row_port_is_http       (guint               container_port,
                                                          const char         *protocol);
/* Pango markup for the published ports (BerthPublishedPort), http ports as
 * links to localhost; NULL when nothing is published. */
char               *berth_service_row_format_ports       (GPtrArray          *ports);
/* "Up 5 minutes" while running, "Exited 3 hours ago" after, else NULL. */
char               *berth_service_row_dup_uptime         (BerthServiceStatus *status,
                                                          GDateTime          *now);

G_END_DECLS
