/* berth-workflow.h: cancellable step pipelines (Rebuild, Migrate, Verify,
 * Troubleshoot) shared by the window and berth-cli.
 *
 * A BerthWorkflow is an ordered list of named steps.  berth_workflow_run_async()
 * runs them one after the other in a worker thread (g_task_run_in_thread)
 * and delivers typed BerthWorkflowEvents through the "event" signal, in the
 * order they happened, on the GMainContext that was the thread-default when
 * the run started.  The _finish callback always comes after the last event
 * ("finished").
 *
 * A step that fails stops the workflow (unless stop-on-failure is off, as
 * for Troubleshoot); cancelling the GCancellable marks the running step
 * cancelled and the later ones "not run", and the summary says which is
 * which.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  BERTH_STEP_STATUS_NOT_RUN,    /* never started (an earlier step stopped the run) */
  BERTH_STEP_STATUS_RUNNING,
  BERTH_STEP_STATUS_OK,
  BERTH_STEP_STATUS_CHANGED,    /* ok, and it changed something (a new revision) */
  BERTH_STEP_STATUS_SKIPPED,    /* nothing to do; the message says why */
  BERTH_STEP_STATUS_WARNING,    /* done, with something to look at */
  BERTH_STEP_STATUS_FAILED,
  BERTH_STEP_STATUS_CANCELLED,
} BerthStepStatus;

/* "ok", "changed", "skipped", "warning", "failed", "cancelled", "not-run", "running" */
const char      *berth_step_status_to_string   (BerthStepStatus status);
gboolean         berth_step_status_from_string (const char      *str,
                                                BerthStepStatus *status);
/* ok, changed, skipped and warning count as success. */
gboolean         berth_step_status_is_success  (BerthStepStatus status);

typedef enum
{
  BERTH_WORKFLOW_EVENT_WORKFLOW_STARTED,
  BERTH_WORKFLOW_EVENT_STEP_STARTED,
  BERTH_WORKFLOW_EVENT_STEP_OUTPUT,
  BERTH_WORKFLOW_EVENT_STEP_PROGRESS,
  BERTH_WORKFLOW_EVENT_STEP_FINISHED,
  BERTH_WORKFLOW_EVENT_WORKFLOW_FINISHED,
} BerthWorkflowEventKind;

typedef enum
{
  BERTH_OUTPUT_STDOUT,
  BERTH_OUTPUT_STDERR,
  BERTH_OUTPUT_INFO,     /* Berth's own note ("No changes in schema detected") */
} BerthOutputStream;

/* The outcome of one step, as listed in the summary. */
typedef struct
{
  char            *id;
  char            *title;
  BerthStepStatus  status;
  gint64           elapsed_us;  /* 0 when not run */
  char            *message;     /* one line, may be NULL */
} BerthStepResult;

/* ------------------------------------------------------------------ */
/* Events: immutable, reference counted. */

#define BERTH_TYPE_WORKFLOW_EVENT (berth_workflow_event_get_type ())
typedef struct _BerthWorkflowEvent BerthWorkflowEvent;

GType                  berth_workflow_event_get_type        (void) G_GNUC_CONST;
BerthWorkflowEvent    *berth_workflow_event_ref             (BerthWorkflowEvent *event);
void                   berth_workflow_event_unref           (BerthWorkflowEvent *event);

BerthWorkflowEventKind berth_workflow_event_get_kind        (const BerthWorkflowEvent *event);
/* The workflow's id ("rebuild"). */
const char            *berth_workflow_event_get_workflow    (const BerthWorkflowEvent *event);
/* Step events: the step's id, title, 0-based index and the step count.
 * Workflow events: NULL, NULL, -1, count. */
const char            *berth_workflow_event_get_step        (const BerthWorkflowEvent *event);
const char            *berth_workflow_event_get_title       (const BerthWorkflowEvent *event);
int                    berth_workflow_event_get_index       (const BerthWorkflowEvent *event);
int                    berth_workflow_event_get_count       (const BerthWorkflowEvent *event);
/* STEP_OUTPUT */
const char            *berth_workflow_event_get_line        (const BerthWorkflowEvent *event);
BerthOutputStream      berth_workflow_event_get_stream      (const BerthWorkflowEvent *event);
/* STEP_PROGRESS: fraction in [0,1], or < 0 when unknown; text ("Step 3/7",
 * "12.3 MB / 40 MB") may be NULL. */
double                 berth_workflow_event_get_fraction    (const BerthWorkflowEvent *event);
const char            *berth_workflow_event_get_progress_text (const BerthWorkflowEvent *event);
/* STEP_FINISHED and WORKFLOW_FINISHED (the overall status: ok, warning,
 * failed or cancelled). */
BerthStepStatus        berth_workflow_event_get_status      (const BerthWorkflowEvent *event);
gint64                 berth_workflow_event_get_elapsed_us  (const BerthWorkflowEvent *event);
/* STEP_FINISHED: the step's one-line message, or its error. */
const char            *berth_workflow_event_get_message     (const BerthWorkflowEvent *event);
/* STEP_FINISHED when failed: what to look at ("the api container's logs"). */
const char            *berth_workflow_event_get_hint        (const BerthWorkflowEvent *event);
/* WORKFLOW_FINISHED: a few sentences a user can act on. */
const char            *berth_workflow_event_get_summary     (const BerthWorkflowEvent *event);
/* WORKFLOW_FINISHED: every step, in order (element type BerthStepResult*). */
GPtrArray             *berth_workflow_event_get_results     (const BerthWorkflowEvent *event);
/* Extra structured data a workflow attaches to its finished event (the
 * doctor's checks); NULL otherwise.  Owned by the event. */
JsonNode              *berth_workflow_event_get_extra       (const BerthWorkflowEvent *event);

/* The JSON-lines shape of berth-cli --json:
 *   {"event":"step-started","workflow":..,"step":..,"title":..,"index":..,"count":..}
 *   {"event":"step-output","step":..,"stream":"stdout"|"stderr"|"info","line":..}
 *   {"event":"step-progress","step":..,"fraction":..,"text":..}
 *   {"event":"step-finished","step":..,"status":..,"elapsed_ms":MS,"message":..,"hint":..}
 *   {"event":"finished","workflow":..,"status":..,"elapsed_ms":..,"summary":..,
 *    "steps":[{"step":..,"title":..,"status":..,"elapsed_ms":..,"message":..}]}
 * WORKFLOW_STARTED serialises as {"event":"started",...,"steps":[...]}. */
JsonNode              *berth_workflow_event_to_json_node    (const BerthWorkflowEvent *event);
/* One line, no trailing newline. */
char                  *berth_workflow_event_to_json         (const BerthWorkflowEvent *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthWorkflowEvent, berth_workflow_event_unref)

/* ------------------------------------------------------------------ */
/* Steps */

/* The running step, handed to a step's function in the worker thread.
 * Valid only during that call. */
typedef struct _BerthWorkflowStep BerthWorkflowStep;

#define BERTH_TYPE_WORKFLOW (berth_workflow_get_type ())
G_DECLARE_FINAL_TYPE (BerthWorkflow, berth_workflow, BERTH, WORKFLOW, GObject)

/* Runs in the worker thread.  Return the step's status; on
 * BERTH_STEP_STATUS_FAILED set error (its message is shown to the user).
 * Returning anything while the cancellable is cancelled marks the step
 * cancelled. */
typedef BerthStepStatus (*BerthWorkflowStepFunc) (BerthWorkflowStep *step,
                                                  gpointer           user_data,
                                                  GCancellable      *cancellable,
                                                  GError           **error);

BerthWorkflow *berth_workflow_new          (const char    *id,
                                            const char    *title);
const char    *berth_workflow_get_id       (BerthWorkflow *self);
const char    *berth_workflow_get_title    (BerthWorkflow *self);

void           berth_workflow_add_step     (BerthWorkflow          *self,
                                            const char             *id,
                                            const char             *title,
                                            BerthWorkflowStepFunc   func,
                                            gpointer                user_data,
                                            GDestroyNotify          destroy);
guint          berth_workflow_get_n_steps  (BerthWorkflow *self);
const char    *berth_workflow_get_step_id  (BerthWorkflow *self,
                                            guint          index);
const char    *berth_workflow_get_step_title (BerthWorkflow *self,
                                              guint          index);

/* Default TRUE.  Troubleshoot turns it off: every check runs. */
void           berth_workflow_set_stop_on_failure (BerthWorkflow *self,
                                                   gboolean       stop);
/* Appended to the summary when a step failed (default: suggest Troubleshoot). */
void           berth_workflow_set_failure_advice  (BerthWorkflow *self,
                                                   const char    *advice);

/* Extra data attached to the finished event (set from a step or before run). */
void           berth_workflow_set_extra    (BerthWorkflow *self,
                                            JsonNode      *extra);

/* A workflow runs once. */
void           berth_workflow_run_async    (BerthWorkflow       *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* TRUE when every step that ran succeeded (ok, changed, skipped, warning).
 * Otherwise FALSE with the failed step's error, or G_IO_ERROR_CANCELLED. */
gboolean       berth_workflow_run_finish   (BerthWorkflow       *self,
                                            GAsyncResult        *result,
                                            GError             **error);

gboolean       berth_workflow_is_running   (BerthWorkflow *self);
/* After the run: the final status (ok, warning, failed, cancelled), the
 * summary and the results (BerthStepResult*). */
BerthStepStatus berth_workflow_get_status  (BerthWorkflow *self);
const char    *berth_workflow_get_summary  (BerthWorkflow *self);
GPtrArray     *berth_workflow_get_results  (BerthWorkflow *self);

/* ---- Called by step functions, from the worker thread ---- */
BerthWorkflow *berth_workflow_step_get_workflow (BerthWorkflowStep *step);
const char    *berth_workflow_step_get_id       (BerthWorkflowStep *step);
/* One line of output (a trailing newline is dropped; text with several
 * lines is split). */
void           berth_workflow_step_output       (BerthWorkflowStep *step,
                                                 BerthOutputStream  stream,
                                                 const char        *line);
void           berth_workflow_step_outputf      (BerthWorkflowStep *step,
                                                 BerthOutputStream  stream,
                                                 const char        *format,
                                                 ...) G_GNUC_PRINTF (3, 4);
/* fraction < 0 when unknown; text may be NULL. */
void           berth_workflow_step_progress     (BerthWorkflowStep *step,
                                                 double             fraction,
                                                 const char        *text);
/* The one-line message shown when the step finishes ("No changes in schema
 * detected", "Generated revision 3f2a…"). */
void           berth_workflow_step_set_message  (BerthWorkflowStep *step,
                                                 const char        *message);
/* For a failure: what the user should look at. */
void           berth_workflow_step_set_hint     (BerthWorkflowStep *step,
                                                 const char        *hint);
/* Sleeps up to timeout_ms; returns FALSE early if cancelled. */
gboolean       berth_workflow_step_sleep        (BerthWorkflowStep *step,
                                                 guint              timeout_ms,
                                                 GCancellable      *cancellable);

G_END_DECLS
