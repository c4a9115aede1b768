/* berth-workflow.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-workflow-private.h"

/* ------------------------------------------------------------------ */
/* The workflow */

typedef struct
{
  char                  *id;
  char                  *title;
  BerthWorkflowStepFunc  func;
  gpointer               user_data;
  GDestroyNotify         destroy;
} StepDef;

struct _BerthWorkflowStep
{
  BerthWorkflow *workflow;
  StepDef       *def;
  guint          index;
  char          *message;
  char          *hint;
};

struct _BerthWorkflow
{
  GObject       parent_instance;

  char         *id;
  char         *title;
  GPtrArray    *steps;            /* StepDef* */
  gboolean      stop_on_failure;
  char         *failure_advice;

  /* Run state: written by the worker, read after the run. */
  gboolean      started;
  gboolean      running;
  GPtrArray    *results;          /* BerthStepResult* */
  BerthStepStatus status;
  char         *summary;
  GError       *error;            /* the first failure, or cancellation */

  /* Event hand-off from the worker to the main context. */
  GMutex        lock;
  GQueue        pending;          /* BerthWorkflowEvent* */
  gboolean      dispatch_scheduled;
  GSource      *dispatch_source;  /* the scheduled idle, if any */
  GMainContext *context;
  JsonNode     *extra;
};

G_DEFINE_FINAL_TYPE (BerthWorkflow, berth_workflow, G_TYPE_OBJECT)

enum { SIGNAL_EVENT, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
step_def_free (gpointer data)
{
  StepDef *d = data;

  if (d->destroy)
    d->destroy (d->user_data);
  g_free (d->id);
  g_free (d->title);
  g_free (d);
}

static void
berth_workflow_finalize (GObject *object)
{
  BerthWorkflow *self = BERTH_WORKFLOW (object);

  g_free (self->id);
  g_free (self->title);
  g_ptr_array_unref (self->steps);
  g_free (self->failure_advice);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_free (self->summary);
  g_clear_error (&self->error);
  g_queue_clear_full (&self->pending, (GDestroyNotify) berth_workflow_event_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->extra, json_node_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (berth_workflow_parent_class)->finalize (object);
}

static void
berth_workflow_class_init (BerthWorkflowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = berth_workflow_finalize;

  /**
   * BerthWorkflow::event:
   * @event: the BerthWorkflowEvent
   *
   * Emitted on the main context that started the run, in order.
   */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  BERTH_TYPE_WORKFLOW_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
berth_workflow_init (BerthWorkflow *self)
{
  self->steps = g_ptr_array_new_with_free_func (step_def_free);
  self->stop_on_failure = TRUE;
  g_mutex_init (&self->lock);
  g_queue_init (&self->pending);
}

BerthWorkflow *
berth_workflow_new (const char *id,
                    const char *title)
{
  BerthWorkflow *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (BERTH_TYPE_WORKFLOW, NULL);
  self->id = g_strdup (id);
  self->title = g_strdup (title ? title : id);
  return self;
}

const char *berth_workflow_get_id (BerthWorkflow *self) { return self->id; }
const char *berth_workflow_get_title (BerthWorkflow *self) { return self->title; }
guint berth_workflow_get_n_steps (BerthWorkflow *self) { return self->steps->len; }

const char *
berth_workflow_get_step_id (BerthWorkflow *self, guint index)
{
  g_return_val_if_fail (index < self->steps->len, NULL);
  return ((StepDef *) g_ptr_array_index (self->steps, index))->id;
}

const char *
berth_workflow_get_step_title (BerthWorkflow *self, guint index)
{
  g_return_val_if_fail (index < self->steps->len, NULL);
  return ((StepDef *) g_ptr_array_index (self->steps, index))->title;
}

void
berth_workflow_add_step (BerthWorkflow         *self,
                         const char            *id,
                         const char            *title,
                         BerthWorkflowStepFunc  func,
                         gpointer               user_data,
                         GDestroyNotify         destroy)
{
  StepDef *d;

  g_return_if_fail (BERTH_IS_WORKFLOW (self));
  g_return_if_fail (id != NULL && func != NULL);
  g_return_if_fail (!self->started);

  d = g_new0 (StepDef, 1);
  d->id = g_strdup (id);
  d->title = g_strdup (title ? title : id);
  d->func = func;
  d->user_data = user_data;
  d->destroy = destroy;
  g_ptr_array_add (self->steps, d);
}

void
berth_workflow_set_stop_on_failure (BerthWorkflow *self, gboolean stop)
{
  self->stop_on_failure = !!stop;
}

void
berth_workflow_set_failure_advice (BerthWorkflow *self, const char *advice)
{
  g_free (self->failure_advice);
  self->failure_advice = g_strdup (advice);
}

void
berth_workflow_set_extra (BerthWorkflow *self, JsonNode *extra)
{
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->extra, json_node_unref);
  self->extra = extra ? json_node_copy (extra) : NULL;
  g_mutex_unlock (&self->lock);
}

gboolean berth_workflow_is_running (BerthWorkflow *self) { return self->running; }
BerthStepStatus berth_workflow_get_status (BerthWorkflow *self) { return self->status; }
const char *berth_workflow_get_summary (BerthWorkflow *self) { return self->summary; }
GPtrArray *berth_workflow_get_results (BerthWorkflow *self) { return self->results; }

/* ---- event hand-off ---- */

static void
dispatch_pending (BerthWorkflow *self)
{
  for (;;)
    {
      g_autoptr(BerthWorkflowEvent) event = NULL;

      g_mutex_lock (&self->lock);
      event = g_queue_pop_head (&self->pending);
      if (event == NULL)
        self->dispatch_scheduled = FALSE;
      g_mutex_unlock (&self->lock);

      if (event == NULL)
        break;
      g_signal_emit (self, signals[SIGNAL_EVENT], 0, event);
    }
}

static gboolean
dispatch_cb (gpointer data)
{
  BerthWorkflow *self = BERTH_WORKFLOW (data);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->dispatch_source, g_source_unref);
  g_mutex_unlock (&self->lock);
  dispatch_pending (self);
  return G_SOURCE_REMOVE;
}

/* Takes the event.  Called from the worker thread (and the main thread for
 * WORKFLOW_STARTED); one idle source drains the queue, so events keep their
 * order whatever the priorities of other sources. */
static void
push_event (BerthWorkflow      *self,
            BerthWorkflowEvent *event)
{
  gboolean schedule;

  event->workflow = g_strdup (self->id);
  if (event->count == 0)
    event->count = self->steps->len;

  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->pending, event);
  schedule = !self->dispatch_scheduled;
  self->dispatch_scheduled = TRUE;
  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, dispatch_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[berth] workflow events");
      g_clear_pointer (&self->dispatch_source, g_source_unref);
      self->dispatch_source = g_source_ref (source);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
  g_mutex_unlock (&self->lock);
}

/* ---- called by steps ---- */

BerthWorkflow *berth_workflow_step_get_workflow (BerthWorkflowStep *step) { return step->workflow; }
const char *berth_workflow_step_get_id (BerthWorkflowStep *step) { return step->def->id; }

static BerthWorkflowEvent *
step_berth_workflow_event_new (BerthWorkflowStep *step, BerthWorkflowEventKind kind)
{
  BerthWorkflowEvent *e = berth_workflow_event_new (kind);

  e->step = g_strdup (step->def->id);
  e->title = g_strdup (step->def->title);
  e->index = step->index;
  return e;
}

void
berth_workflow_step_output (BerthWorkflowStep *step,
                            BerthOutputStream  stream,
                            const char        *text)
{
  g_auto(GStrv) lines = NULL;
  guint n;

  if (text == NULL)
    return;

  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  /* "a\n" is one line, not "a" and "". */
  if (n > 1 && lines[n - 1][0] == '\0')
    n--;

  for (guint i = 0; i < n; i++)
    {
      BerthWorkflowEvent *e = step_berth_workflow_event_new (step, BERTH_WORKFLOW_EVENT_STEP_OUTPUT);
      gsize len = strlen (lines[i]);

      if (len > 0 && lines[i][len - 1] == '\r')
        lines[i][len - 1] = '\0';
      e->stream = stream;
      e->line = g_utf8_make_valid (lines[i], -1);
      push_event (step->workflow, e);
    }
}

void
berth_workflow_step_outputf (BerthWorkflowStep *step,
                             BerthOutputStream  stream,
                             const char        *format,
                             ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  berth_workflow_step_output (step, stream, text);
}

void
berth_workflow_step_progress (BerthWorkflowStep *step,
                              double             fraction,
                              const char        *text)
{
  BerthWorkflowEvent *e = step_berth_workflow_event_new (step, BERTH_WORKFLOW_EVENT_STEP_PROGRESS);

  e->fraction = fraction < 0 ? -1 : CLAMP (fraction, 0.0, 1.0);
  e->progress_text = g_strdup (text);
  push_event (step->workflow, e);
}

void
berth_workflow_step_set_message (BerthWorkflowStep *step,
                                 const char        *message)
{
  g_free (step->message);
  step->message = g_strdup (message);
}

void
berth_workflow_step_set_hint (BerthWorkflowStep *step,
                              const char        *hint)
{
  g_free (step->hint);
  step->hint = g_strdup (hint);
}

gboolean
berth_workflow_step_sleep (BerthWorkflowStep *step,
                           guint              timeout_ms,
                           GCancellable      *cancellable)
{
  GPollFD pfd;

  if (g_cancellable_is_cancelled (cancellable))
    return FALSE;
  if (cancellable == NULL || !g_cancellable_make_pollfd (cancellable, &pfd))
    {
      g_usleep ((gulong) timeout_ms * 1000);
      return TRUE;
    }
  g_poll (&pfd, 1, (int) timeout_ms);
  g_cancellable_release_fd (cancellable);
  return !g_cancellable_is_cancelled (cancellable);
}

/* ---- the run ---- */

static char *
join_titles (GPtrArray *results, gboolean (*pred) (BerthStepStatus))
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < results->len; i++)
    {
      BerthStepResult *r = g_ptr_array_index (results, i);

      if (!pred (r->status))
        continue;
      if (s->len)
        g_string_append (s, ", ");
      g_string_append (s, r->title);
    }
  return s->len ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}

static gboolean is_done (BerthStepStatus s) { return berth_step_status_is_success (s); }
static gboolean is_not_run (BerthStepStatus s) { return s == BERTH_STEP_STATUS_NOT_RUN; }

static char *
build_summary (BerthWorkflow *self,
               gint64         total_us,
               int            stopped_at,
               const char    *stop_hint)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *done = join_titles (self->results, is_done);
  g_autofree char *not_run = join_titles (self->results, is_not_run);
  g_autofree char *elapsed = g_strdup_printf ("%.1f", total_us / 1e6);
  guint n_changed = 0, n_skipped = 0, n_warning = 0, n_failed = 0;

  for (guint i = 0; i < self->results->len; i++)
    {
      BerthStepResult *r = g_ptr_array_index (self->results, i);

      n_changed += r->status == BERTH_STEP_STATUS_CHANGED;
      n_skipped += r->status == BERTH_STEP_STATUS_SKIPPED;
      n_warning += r->status == BERTH_STEP_STATUS_WARNING;
      n_failed += r->status == BERTH_STEP_STATUS_FAILED;
    }

  switch (self->status)
    {
    case BERTH_STEP_STATUS_CANCELLED:
      {
        BerthStepResult *r = stopped_at >= 0 ? g_ptr_array_index (self->results, stopped_at) : NULL;

        if (r)
          g_string_append_printf (s, _("%s was cancelled during step %d/%u “%s” after %s s."),
                                  self->title, stopped_at + 1, self->results->len, r->title, elapsed);
        else
          g_string_append_printf (s, _("%s was cancelled after %s s."), self->title, elapsed);
      }
      break;

    case BERTH_STEP_STATUS_FAILED:
      if (self->stop_on_failure && stopped_at >= 0)
        {
          BerthStepResult *r = g_ptr_array_index (self->results, stopped_at);

          g_string_append_printf (s, _("%s failed at step %d/%u “%s”"),
                                  self->title, stopped_at + 1, self->results->len, r->title);
          if (r->message)
            g_string_append_printf (s, ": %s", r->message);
          if (s->str[s->len - 1] != '.')
            g_string_append_c (s, '.');
          if (stop_hint)
            g_string_append_printf (s, _(" Look at %s."), stop_hint);
        }
      else
        g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%s finished with %u failure in %s s.",
                                                "%s finished with %u failures in %s s.", n_failed),
                                self->title, n_failed, elapsed);
      break;

    default:
      g_string_append_printf (s, _("%s finished in %s s."), self->title, elapsed);
      if (n_changed || n_skipped || n_warning)
        {
          g_string_append (s, " (");
          g_string_append_printf (s, _("%u changed, %u skipped, %u with warnings"), n_changed, n_skipped, n_warning);
          g_string_append (s, ")");
        }
      break;
    }

  if (self->status == BERTH_STEP_STATUS_CANCELLED || self->status == BERTH_STEP_STATUS_FAILED)
    {
      g_string_append_c (s, ' ');
      g_string_append_printf (s, _("Done: %s."), done ? done : _("nothing"));
      if (not_run)
        {
          g_string_append_c (s, ' ');
          g_string_append_printf (s, _("Not run: %s."), not_run);
        }
    }

  if (self->status == BERTH_STEP_STATUS_FAILED)
    {
      g_string_append_c (s, ' ');
      g_string_append (s, self->failure_advice ? self->failure_advice
                                               : _("Run Troubleshoot (berth-cli doctor) to diagnose the stack."));
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
run_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  BerthWorkflow *self = source_object;
  gint64 t0 = g_get_monotonic_time ();
  int stopped_at = -1;
  g_autofree char *stop_hint = NULL;
  gboolean any_cancelled = FALSE, any_failed = FALSE, any_warning = FALSE;
  BerthWorkflowEvent *fin;

  for (guint i = 0; i < self->steps->len; i++)
    {
      StepDef *def = g_ptr_array_index (self->steps, i);
      BerthStepResult *r = g_ptr_array_index (self->results, i);
      BerthWorkflowStep step = { self, def, i, NULL, NULL };
      g_autoptr(GError) error = NULL;
      BerthWorkflowEvent *e;
      BerthStepStatus status;
      gint64 s0;

      if (g_cancellable_is_cancelled (cancellable))
        {
          any_cancelled = TRUE;
          break;
        }

      r->status = BERTH_STEP_STATUS_RUNNING;
      push_event (self, step_berth_workflow_event_new (&step, BERTH_WORKFLOW_EVENT_STEP_STARTED));

      s0 = g_get_monotonic_time ();
      status = def->func (&step, def->user_data, cancellable, &error);
      r->elapsed_us = g_get_monotonic_time () - s0;

      if (status == BERTH_STEP_STATUS_FAILED &&
          (g_cancellable_is_cancelled (cancellable) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
        status = BERTH_STEP_STATUS_CANCELLED;
      if (status == BERTH_STEP_STATUS_NOT_RUN || status == BERTH_STEP_STATUS_RUNNING)
        status = BERTH_STEP_STATUS_OK;
      r->status = status;

      if (status == BERTH_STEP_STATUS_FAILED && error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Step “%s” failed"), def->title);

      if (status == BERTH_STEP_STATUS_FAILED)
        r->message = g_strdup (error->message);
      else if (status == BERTH_STEP_STATUS_CANCELLED)
        r->message = g_strdup (_("Cancelled"));
      else
        r->message = g_strdup (step.message);

      e = step_berth_workflow_event_new (&step, BERTH_WORKFLOW_EVENT_STEP_FINISHED);
      e->status = status;
      e->elapsed_us = r->elapsed_us;
      e->message = g_strdup (r->message);
      if (status == BERTH_STEP_STATUS_FAILED)
        e->hint = g_strdup (step.hint);
      push_event (self, e);

      g_free (step.message);

      if (status == BERTH_STEP_STATUS_CANCELLED)
        {
          any_cancelled = TRUE;
          stopped_at = i;
          g_free (step.hint);
          break;
        }
      if (status == BERTH_STEP_STATUS_FAILED)
        {
          if (!any_failed)
            {
              stopped_at = i;
              stop_hint = g_steal_pointer (&step.hint);
              self->error = g_error_copy (error);
            }
          any_failed = TRUE;
          g_free (step.hint);
          if (self->stop_on_failure)
            break;
          continue;
        }
      any_warning |= status == BERTH_STEP_STATUS_WARNING;
      g_free (step.hint);
    }

  if (any_cancelled)
    {
      self->status = BERTH_STEP_STATUS_CANCELLED;
      g_clear_error (&self->error);
      g_set_error (&self->error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("%s was cancelled"), self->title);
    }
  else if (any_failed)
    self->status = BERTH_STEP_STATUS_FAILED;
  else if (any_warning)
    self->status = BERTH_STEP_STATUS_WARNING;
  else
    self->status = BERTH_STEP_STATUS_OK;

  fin = berth_workflow_event_new (BERTH_WORKFLOW_EVENT_WORKFLOW_FINISHED);
  fin->status = self->status;
  fin->elapsed_us = g_get_monotonic_time () - t0;
  self->summary = build_summary (self, fin->elapsed_us, stopped_at, stop_hint);
  fin->summary = g_strdup (self->summary);
  fin->title = g_strdup (self->title);
  fin->results = g_ptr_array_new_with_free_func (berth_step_result_free);
  for (guint i = 0; i < self->results->len; i++)
    g_ptr_array_add (fin->results, berth_step_result_copy (g_ptr_array_index (self->results, i)));
  g_mutex_lock (&self->lock);
  fin->extra = self->extra ? json_node_copy (self->extra) : NULL;
  g_mutex_unlock (&self->lock);
  push_event (self, fin);

  g_task_return_boolean (task, TRUE);
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  BerthWorkflow *self = BERTH_WORKFLOW (object);
  g_autoptr(GTask) outer = user_data;

  /* The worker queued "finished" before returning: deliver everything
   * before the caller hears about the end. */
  dispatch_pending (self);
  self->running = FALSE;
  /* The worker has returned: nothing more is queued, and a still scheduled
   * idle would only keep the workflow alive. */
  {
    GSource *source;

    g_mutex_lock (&self->lock);
    source = g_steal_pointer (&self->dispatch_source);
    self->dispatch_scheduled = FALSE;
    g_mutex_unlock (&self->lock);
    if (source)
      {
        g_source_destroy (source);
        g_source_unref (source);
      }
  }

  if (self->error)
    g_task_return_error (outer, g_error_copy (self->error));
  else
    g_task_return_boolean (outer, TRUE);
}

void
berth_workflow_run_async (BerthWorkflow       *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  BerthWorkflowEvent *e;

  g_return_if_fail (BERTH_IS_WORKFLOW (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, berth_workflow_run_async);
  g_task_set_check_cancellable (outer, FALSE);

  if (self->started)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("%s has already been run"), self->title);
      return;
    }
  self->started = TRUE;
  self->running = TRUE;
  self->context = g_main_context_ref_thread_default ();
  self->results = g_ptr_array_new_with_free_func (berth_step_result_free);
  for (guint i = 0; i < self->steps->len; i++)
    {
      StepDef *d = g_ptr_array_index (self->steps, i);
      g_ptr_array_add (self->results, berth_step_result_new (d->id, d->title));
    }

  e = berth_workflow_event_new (BERTH_WORKFLOW_EVENT_WORKFLOW_STARTED);
  e->title = g_strdup (self->title);
  e->results = g_ptr_array_new_with_free_func (berth_step_result_free);
  for (guint i = 0; i < self->results->len; i++)
    g_ptr_array_add (e->results, berth_step_result_copy (g_ptr_array_index (self->results, i)));
  push_event (self, e);

  inner = g_task_new (self, cancellable, run_done, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, run_worker);
  g_task_set_check_cancellable (inner, FALSE);
  g_task_run_in_thread (inner, run_worker);
}

gboolean
berth_workflow_run_finish (BerthWorkflow  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
