/* berth-tab-area.h: the Logs and Terminal tabs of the window (an
 * AdwTabBar over an AdwTabView).  It hides itself while it has no tab.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "berth-compose.h"
#include "berth-engine.h"
#include "berth-log-view.h"
#include "berth-terminal-view.h"

G_BEGIN_DECLS

#define BERTH_TYPE_TAB_AREA (berth_tab_area_get_type ())
G_DECLARE_FINAL_TYPE (BerthTabArea, berth_tab_area, BERTH, TAB_AREA, GtkWidget)

GtkWidget         *berth_tab_area_new           (void);
AdwTabView        *berth_tab_area_get_tab_view  (BerthTabArea        *self);

/* Selects the logs tab of that service (NULL: all services) of this
 * project, opening it first when there is none. */
BerthLogView      *berth_tab_area_open_logs     (BerthTabArea        *self,
                                                 BerthEngine         *engine,
                                                 BerthComposeProject *project,
                                                 const char          *service);
/* A new shell tab every time: several terminals side by side. */
BerthTerminalView *berth_tab_area_open_terminal (BerthTabArea        *self,
                                                 BerthEngine         *engine,
                                                 const char          *container,
                                                 const char          *service);
/* Closes every tab (another project was opened). */
void               berth_tab_area_close_all     (BerthTabArea        *self);

G_END_DECLS
