/* berth-window.h: Berth's main window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "berth-application.h"
#include "berth-compose.h"
#include "berth-service-list.h"
#include "berth-workflow-panel.h"

G_BEGIN_DECLS

typedef enum
{
  BERTH_ENGINE_STATE_CHECKING,
  BERTH_ENGINE_STATE_CONNECTED,
  BERTH_ENGINE_STATE_UNREACHABLE,
} BerthEngineState;

#define BERTH_TYPE_ENGINE_STATE (berth_engine_state_get_type ())
GType berth_engine_state_get_type (void);

#define BERTH_TYPE_WINDOW (berth_window_get_type ())
G_DECLARE_FINAL_TYPE (BerthWindow, berth_window, BERTH, WINDOW, AdwApplicationWindow)

/* application may be NULL (widget tests). */
BerthWindow      *berth_window_new                (BerthApplication   *application);

/* compose_files: NULL-terminated absolute paths (-f), or NULL to let the
 * compose model pick the project's default file. */
void              berth_window_open_project       (BerthWindow        *self,
                                                   GFile              *dir,
                                                   const char * const *compose_files);
GFile            *berth_window_get_project_dir    (BerthWindow        *self);
const char * const *berth_window_get_compose_files (BerthWindow       *self);

/* Loads the compose files again (the Reload button). */
void              berth_window_reload_project     (BerthWindow        *self);
/* The loaded project, NULL while loading or after a load error. */
BerthComposeProject *berth_window_get_project     (BerthWindow        *self);
/* The live list of services of the loaded project (a GListModel of
 * BerthServiceStatus), NULL without one. */
BerthServiceList *berth_window_get_service_list   (BerthWindow        *self);

/* "rebuild", "migrate" (after a confirmation sheet when the
 * confirm-destructive setting is on) or "troubleshoot"; waits for the
 * project when it is still loading. */
void              berth_window_start_workflow     (BerthWindow        *self,
                                                   const char         *name);
/* A tab with a shell in the service's running container. */
void              berth_window_open_terminal      (BerthWindow        *self,
                                                   const char         *service);
/* The same for a desktop action or `gapplication action` when no window
 * was shown: runs without showing the window (no confirmation sheet: the
 * remembered options apply), holds the application meanwhile, and reports
 * with a notification whose action shows the output.  Shows the window
 * instead when there is no project to run on. */
void              berth_window_start_workflow_in_background (BerthWindow *self,
                                                             const char  *name);
/* Presents the window with the last workflow's panel. */
void              berth_window_show_workflow      (BerthWindow        *self);
BerthWorkflowPanel *berth_window_get_workflow_panel (BerthWindow      *self);

/* Shows the folder chooser (portal-backed in a sandbox). */
void              berth_window_choose_project     (BerthWindow        *self);

/* Asks the engine for its version again, in a worker thread. */
void              berth_window_refresh_engine     (BerthWindow        *self);
BerthEngineState  berth_window_get_engine_state   (BerthWindow        *self);

void              berth_window_add_toast          (BerthWindow        *self,
                                                   const char         *message);

G_END_DECLS
