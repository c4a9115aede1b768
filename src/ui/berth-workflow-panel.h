/* berth-workflow-panel.h: a running workflow: steps, progress, output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "berth-workflow.h"

G_BEGIN_DECLS

#define BERTH_TYPE_WORKFLOW_PANEL (berth_workflow_panel_get_type ())
G_DECLARE_FINAL_TYPE (BerthWorkflowPanel, berth_workflow_panel, BERTH, WORKFLOW_PANEL, GtkWidget)

GtkWidget      *berth_workflow_panel_new          (void);

/* Shows workflow's steps and runs it; the panel owns the run's
 * GCancellable (Cancel button, panel.cancel).  Emits "finished" (the
 * BerthStepStatus of the run and its summary) when done. */
void            berth_workflow_panel_run          (BerthWorkflowPanel *self,
                                                   BerthWorkflow      *workflow);
void            berth_workflow_panel_cancel       (BerthWorkflowPanel *self);
/* A widget shown under the steps (Troubleshoot's checks), replacing the
 * previous one; NULL removes it.  Cleared when the next run starts. */
void            berth_workflow_panel_set_details  (BerthWorkflowPanel *self,
                                                   GtkWidget          *details);
GtkWidget      *berth_workflow_panel_get_details  (BerthWorkflowPanel *self);
gboolean        berth_workflow_panel_get_running  (BerthWorkflowPanel *self);
BerthWorkflow  *berth_workflow_panel_get_workflow (BerthWorkflowPanel *self);
/* Lines kept in the output view (the log-scrollback-lines setting). */
void            berth_workflow_panel_set_scrollback_lines (BerthWorkflowPanel *self,
                                                           glong               lines);

/* The icon and style class of a step's status; NULL icon for RUNNING,
 * which shows a spinner. */
const char     *berth_workflow_panel_status_icon  (BerthStepStatus     status,
                                                   const char        **style_class);
/* "0.4 s", "12.0 s", "2:05", "1:02:03" */
char           *berth_workflow_panel_format_elapsed (gint64            elapsed_us);

G_END_DECLS
