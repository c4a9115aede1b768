/* berth-workflows-private.h: what the workflow builders share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-compose-progress.h"
#include "berth-migration-runner.h"
#include "berth-workflows.h"

G_BEGIN_DECLS

/* Reference counted (g_rc_box); one per workflow, shared by its steps. */
typedef struct
{
  BerthEngine         *engine;
  BerthComposeProject *project;
  char               **services;
  gboolean             no_migrate;
  gboolean             keep_cache;
  char                *message;
  guint                wait_timeout;
  gboolean             review;
  gboolean             round_trip;
  /* Set by the wait step when the migration service was left unhealthy:
   * the upgrade step waits again. */
  gboolean             rewait;
} BerthWorkflowCtx;

BerthWorkflowCtx     *berth_workflow_ctx_new    (BerthEngine                *engine,
                                                 BerthComposeProject        *project,
                                                 const BerthWorkflowOptions *options);
gpointer              berth_workflow_ctx_ref    (BerthWorkflowCtx           *ctx);
void                  berth_workflow_ctx_unref  (gpointer                    ctx);
/* A runner for the project's migration service whose output goes to step. */
BerthMigrationRunner *berth_workflow_ctx_runner (BerthWorkflowCtx           *ctx,
                                                 BerthWorkflowStep          *step,
                                                 GError                    **error);

/* A BerthComposeProgressFunc whose user_data is the BerthWorkflowStep. */
void                  berth_workflow_compose_progress (const BerthComposeProgress *progress,
                                                       gpointer                    user_data);

BerthStepStatus berth_workflow_step_migrate (BerthWorkflowStep *step, gpointer user_data,
                                             GCancellable *cancellable, GError **error);
BerthStepStatus berth_workflow_step_upgrade (BerthWorkflowStep *step, gpointer user_data,
                                             GCancellable *cancellable, GError **error);

G_END_DECLS
