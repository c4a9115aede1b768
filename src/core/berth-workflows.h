/* berth-workflows.h: the Rebuild, Migrate and Verify workflows, built from
 * the compose operations and the migration runner.  Each returns a new
 * BerthWorkflow to run once with berth_workflow_run_async().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-compose.h"
#include "berth-engine.h"
#include "berth-migration-runner.h"
#include "berth-workflow.h"

G_BEGIN_DECLS

typedef struct
{
  char    **services;        /* rebuild: only these services (NULL: all) */
  gboolean  no_migrate;      /* rebuild: skip the migrate and upgrade steps */
  gboolean  keep_cache;      /* rebuild: build with the cache */
  char     *message;         /* migration message; NULL: "Schema changes" */
  guint     wait_timeout;    /* rebuild: seconds to wait for healthy; 0: 300 */
  gboolean  review;          /* migrate: stop after generating, before upgrade */
  gboolean  round_trip;      /* verify: downgrade/upgrade on a throw-away database */
} BerthWorkflowOptions;

#define BERTH_WORKFLOW_DEFAULT_MESSAGE "Schema changes"

/* down (volumes kept), build --no-cache, up, wait until running and
 * healthy (or completed), ps, flask db migrate -m MSG, flask db upgrade. */
BerthWorkflow *berth_workflow_new_rebuild (BerthEngine                *engine,
                                           BerthComposeProject        *project,
                                           const BerthWorkflowOptions *options);

/* flask db migrate -m MSG (shows the detected changes), then upgrade;
 * with review only the first. */
BerthWorkflow *berth_workflow_new_migrate (BerthEngine                *engine,
                                           BerthComposeProject        *project,
                                           const BerthWorkflowOptions *options);

/* Flask-Migrate importable and FLASK_APP set; migrations/ in the container
 * and on the host with the same revisions; one head; current == head;
 * `flask db check` clean; with round_trip, downgrade to base and upgrade
 * to head on a temporary copy of the database, dropped afterwards. */
BerthWorkflow *berth_workflow_new_verify  (BerthEngine                *engine,
                                           BerthComposeProject        *project,
                                           const BerthWorkflowOptions *options);

/* One operation of the migration runner as a one-step workflow, the
 * runner's output as the step's: upgrade to argument (NULL: head),
 * downgrade to argument (NULL: -1), stamp at argument (NULL: head),
 * migrate or merge with argument as the message.  Titled for the user
 * ("Downgrade to 1a2b3c4d5e6f"); the workflow's and the step's id is the
 * operation ("upgrade", "downgrade", "stamp", "migrate", "merge"). */
BerthWorkflow *berth_workflow_new_migration_op (BerthMigrationRunner *runner,
                                                BerthMigrationOp      op,
                                                const char           *argument);

G_END_DECLS
