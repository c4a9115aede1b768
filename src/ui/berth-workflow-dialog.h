/* berth-workflow-dialog.h: the short sheet before Rebuild and Migrate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BERTH_TYPE_WORKFLOW_DIALOG (berth_workflow_dialog_get_type ())
G_DECLARE_FINAL_TYPE (BerthWorkflowDialog, berth_workflow_dialog, BERTH, WORKFLOW_DIALOG, AdwMessageDialog)

/* workflow: "rebuild" or "migrate".  The options shown start from
 * project_settings (org.berth.Berth.Project) and are written back there
 * when the user answers "run", before ::response is emitted to others.
 * services: the project's services, offered as a choice for Rebuild. */
BerthWorkflowDialog *berth_workflow_dialog_new  (GtkWindow          *parent,
                                                 const char         *workflow,
                                                 GSettings          *project_settings,
                                                 const char         *default_message,
                                                 const char * const *services);
const char          *berth_workflow_dialog_get_workflow (BerthWorkflowDialog *self);
/* Migrate: whether to stop after generating the migration (not applied;
 * the Migrations page shows it pending).  Not remembered. */
gboolean             berth_workflow_dialog_get_review   (BerthWorkflowDialog *self);

/* The per-project settings of a project folder: the relocatable
 * org.berth.Berth.Project schema under /org/berth/Berth/projects/<hash>/. */
GSettings           *berth_project_settings_new (GFile      *project_dir);

G_END_DECLS
