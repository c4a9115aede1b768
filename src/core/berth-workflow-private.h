/* berth-workflow-private.h: what berth-workflow.c and
 * berth-workflow-event.c share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-workflow.h"

G_BEGIN_DECLS

struct _BerthWorkflowEvent
{
  gatomicrefcount         ref;
  BerthWorkflowEventKind  kind;
  char                   *workflow;
  char                   *step;
  char                   *title;
  int                     index;
  int                     count;
  char                   *line;
  BerthOutputStream       stream;
  double                  fraction;
  char                   *progress_text;
  BerthStepStatus         status;
  gint64                  elapsed_us;
  char                   *message;
  char                   *hint;
  char                   *summary;
  GPtrArray              *results;
  JsonNode               *extra;
};

BerthWorkflowEvent *berth_workflow_event_new (BerthWorkflowEventKind kind);

BerthStepResult    *berth_step_result_new    (const char            *id,
                                              const char            *title);
BerthStepResult    *berth_step_result_copy   (const BerthStepResult *src);
void                berth_step_result_free   (gpointer               data);

G_END_DECLS
