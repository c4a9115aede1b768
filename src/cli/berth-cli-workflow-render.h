/* berth-cli-workflow-render.h: runs a BerthWorkflow in berth-cli and renders
 * its events: live lines on a terminal, or JSON lines with --json.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include "berth-workflow.h"

G_BEGIN_DECLS

/* Runs wf to the end on a main loop of its own, rendering every event to
 * out.  Ctrl-C (SIGINT) cancels the run and the summary says what was done;
 * a second Ctrl-C exits at once.  Returns the berth-cli exit code: 0 when
 * every step succeeded, 1 when one failed or the run was cancelled, 3 when
 * the failure was an unreachable engine or a refused socket. */
int  berth_cli_run_workflow (BerthWorkflow *wf,
                             gboolean       json,
                             FILE          *out);

/* One event as the terminal renderer prints it (no colours): exposed so
 * that commands printing their own results use the same marks. */
const char *berth_cli_status_mark (BerthStepStatus status);

G_END_DECLS
