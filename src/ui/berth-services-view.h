/* berth-services-view.h: the list of a project's services.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "berth-compose.h"
#include "berth-service-list.h"

G_BEGIN_DECLS

#define BERTH_TYPE_SERVICES_VIEW (berth_services_view_get_type ())
G_DECLARE_FINAL_TYPE (BerthServicesView, berth_services_view, BERTH, SERVICES_VIEW, GtkWidget)

GtkWidget *berth_services_view_new       (void);
/* One BerthServiceRow per item of services (NULL: empty); project gives
 * the image of services without a container. */
void       berth_services_view_set_model (BerthServicesView   *self,
                                          BerthServiceList    *services,
                                          BerthComposeProject *project);

G_END_DECLS
