/* test-workflow.c: the step pipeline, its events, cancellation and JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "berth-test.h"
#include "berth-workflow.h"

typedef struct
{
  GMainLoop  *loop;
  GPtrArray  *events;      /* BerthWorkflowEvent* */
  GThread    *main_thread;
  gboolean    wrong_thread;
  gboolean    done;
  gboolean    finished_seen_before_done;
  gboolean    ok;
  GError     *error;
  GCancellable *cancel_on_step_start;  /* cancel when this step starts */
  const char *cancel_step;
  gint64      cancel_time;
  gint64      done_time;
} Run;

static void
on_event (BerthWorkflow      *wf,
          BerthWorkflowEvent *event,
          gpointer            user_data)
{
  Run *run = user_data;

  if (g_thread_self () != run->main_thread)
    run->wrong_thread = TRUE;
  g_ptr_array_add (run->events, berth_workflow_event_ref (event));

  if (run->cancel_step &&
      berth_workflow_event_get_kind (event) == BERTH_WORKFLOW_EVENT_STEP_STARTED &&
      g_str_equal (berth_workflow_event_get_step (event), run->cancel_step))
    {
      run->cancel_time = g_get_monotonic_time ();
      g_cancellable_cancel (run->cancel_on_step_start);
    }
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;
  BerthWorkflowEvent *last;

  run->ok = berth_workflow_run_finish (BERTH_WORKFLOW (object), result, &run->error);
  run->done = TRUE;
  run->done_time = g_get_monotonic_time ();
  last = run->events->len ? g_ptr_array_index (run->events, run->events->len - 1) : NULL;
  run->finished_seen_before_done =
    last && berth_workflow_event_get_kind (last) == BERTH_WORKFLOW_EVENT_WORKFLOW_FINISHED;
  g_main_loop_quit (run->loop);
}

static void
run_init (Run *run)
{
  memset (run, 0, sizeof *run);
  run->loop = g_main_loop_new (NULL, FALSE);
  run->events = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_workflow_event_unref);
  run->main_thread = g_thread_self ();
}

static void
run_clear (Run *run)
{
  g_main_loop_unref (run->loop);
  g_ptr_array_unref (run->events);
  g_clear_error (&run->error);
}

static void
run_workflow (BerthWorkflow *wf, Run *run, GCancellable *cancellable)
{
  g_signal_connect (wf, "event", G_CALLBACK (on_event), run);
  berth_workflow_run_async (wf, cancellable, on_done, run);
  g_main_loop_run (run->loop);
  g_assert_true (run->done);
  g_assert_false (run->wrong_thread);
  g_assert_true (run->finished_seen_before_done);
}

/* Compact trace of the events: "S" started, "s:id" step-started,
 * "o:id:line", "p:id:text", "f:id:status", "F:status". */
static char *
trace (Run *run)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < run->events->len; i++)
    {
      BerthWorkflowEvent *e = g_ptr_array_index (run->events, i);

      if (s->len)
        g_string_append_c (s, ' ');
      switch (berth_workflow_event_get_kind (e))
        {
        case BERTH_WORKFLOW_EVENT_WORKFLOW_STARTED:
          g_string_append (s, "S");
          break;
        case BERTH_WORKFLOW_EVENT_STEP_STARTED:
          g_string_append_printf (s, "s:%s", berth_workflow_event_get_step (e));
          break;
        case BERTH_WORKFLOW_EVENT_STEP_OUTPUT:
          g_string_append_printf (s, "o:%s:%s", berth_workflow_event_get_step (e),
                                  berth_workflow_event_get_line (e));
          break;
        case BERTH_WORKFLOW_EVENT_STEP_PROGRESS:
          g_string_append_printf (s, "p:%s:%s", berth_workflow_event_get_step (e),
                                  berth_workflow_event_get_progress_text (e));
          break;
        case BERTH_WORKFLOW_EVENT_STEP_FINISHED:
          g_string_append_printf (s, "f:%s:%s", berth_workflow_event_get_step (e),
                                  berth_step_status_to_string (berth_workflow_event_get_status (e)));
          break;
        case BERTH_WORKFLOW_EVENT_WORKFLOW_FINISHED:
          g_string_append_printf (s, "F:%s", berth_step_status_to_string (berth_workflow_event_get_status (e)));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return g_string_free (s, FALSE);
}

static BerthWorkflowEvent *
last_event (Run *run)
{
  return g_ptr_array_index (run->events, run->events->len - 1);
}

/* ---- step functions ---- */

static BerthStepStatus
step_return_status (BerthWorkflowStep *step, gpointer user_data,
                    GCancellable *cancellable, GError **error)
{
  BerthStepStatus status = GPOINTER_TO_INT (user_data);

  berth_workflow_step_outputf (step, BERTH_OUTPUT_STDOUT, "%s says hi", berth_workflow_step_get_id (step));
  if (status == BERTH_STEP_STATUS_SKIPPED)
    berth_workflow_step_set_message (step, "Nothing to do");
  if (status == BERTH_STEP_STATUS_FAILED)
    {
      berth_workflow_step_set_hint (step, "the api container's logs");
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "service api exited with code 1");
    }
  return status;
}

static BerthStepStatus
step_chatty (BerthWorkflowStep *step, gpointer user_data,
             GCancellable *cancellable, GError **error)
{
  for (int i = 0; i < 500; i++)
    {
      g_autofree char *text = g_strdup_printf ("Step %d/500", i + 1);

      berth_workflow_step_outputf (step, i % 2 ? BERTH_OUTPUT_STDERR : BERTH_OUTPUT_STDOUT, "line %d", i);
      berth_workflow_step_progress (step, (i + 1) / 500.0, text);
    }
  /* Several lines in one call, CRLF and a trailing newline. */
  berth_workflow_step_output (step, BERTH_OUTPUT_STDOUT, "multi a\r\nmulti b\n");
  return BERTH_STEP_STATUS_OK;
}

static BerthStepStatus
step_wait_for_cancel (BerthWorkflowStep *step, gpointer user_data,
                      GCancellable *cancellable, GError **error)
{
  /* A long build: wakes up as soon as it is cancelled. */
  for (int i = 0; i < 600; i++)
    {
      berth_workflow_step_progress (step, i / 600.0, NULL);
      if (!berth_workflow_step_sleep (step, 100, cancellable))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
          return BERTH_STEP_STATUS_FAILED;
        }
    }
  return BERTH_STEP_STATUS_OK;
}

static int destroyed;

static void
count_destroy (gpointer data)
{
  g_atomic_int_inc (&destroyed);
}

/* ---- tests ---- */

static void
test_workflow_order (void)
{
  g_autoptr(BerthWorkflow) wf = berth_workflow_new ("demo", "Demo");
  g_autofree char *t = NULL;
  Run run;
  guint outputs = 0, progress = 0;
  int last_index = -1;

  run_init (&run);
  berth_workflow_add_step (wf, "one", "Step one", step_chatty, NULL, count_destroy);
  berth_workflow_add_step (wf, "two", "Step two", step_chatty, NULL, count_destroy);
  g_assert_cmpuint (berth_workflow_get_n_steps (wf), ==, 2);
  g_assert_cmpstr (berth_workflow_get_step_id (wf, 1), ==, "two");
  g_assert_cmpstr (berth_workflow_get_step_title (wf, 0), ==, "Step one");

  run_workflow (wf, &run, NULL);
  g_assert_true (run.ok);
  g_assert_no_error (run.error);

  /* Strict order: every line of step one, then step two. */
  for (guint i = 0; i < run.events->len; i++)
    {
      BerthWorkflowEvent *e = g_ptr_array_index (run.events, i);

      if (berth_workflow_event_get_kind (e) == BERTH_WORKFLOW_EVENT_STEP_OUTPUT)
        {
          const char *line = berth_workflow_event_get_line (e);
          int n;

          if (g_str_has_prefix (line, "multi"))
            continue;
          n = atoi (line + 5);
          g_assert_cmpint (n, ==, (last_index + 1) % 500);
          last_index = n;
          g_assert_cmpint (berth_workflow_event_get_stream (e), ==,
                           n % 2 ? BERTH_OUTPUT_STDERR : BERTH_OUTPUT_STDOUT);
          outputs++;
        }
      if (berth_workflow_event_get_kind (e) == BERTH_WORKFLOW_EVENT_STEP_PROGRESS)
        progress++;
    }
  g_assert_cmpuint (outputs, ==, 1000);
  g_assert_cmpuint (progress, ==, 1000);

  t = trace (&run);
  g_assert_true (g_str_has_prefix (t, "S s:one o:one:line 0 p:one:Step 1/500 o:one:line 1"));
  g_assert_nonnull (strstr (t, "o:one:multi a o:one:multi b f:one:ok s:two o:two:line 0"));
  g_assert_true (g_str_has_suffix (t, "o:two:multi b f:two:ok F:ok"));

  g_assert_cmpint (berth_workflow_get_status (wf), ==, BERTH_STEP_STATUS_OK);
  g_assert_nonnull (strstr (berth_workflow_get_summary (wf), "Demo finished in"));
  g_assert_cmpuint (berth_workflow_get_results (wf)->len, ==, 2);

  {
    GWeakRef weak;

    g_weak_ref_init (&weak, wf);
    g_atomic_int_set (&destroyed, 0);
    g_clear_object (&wf);

    /* The worker thread may still hold its GTask, and with it the workflow,
     * for a moment after the callback ran: wait for the last reference. */
    for (guint i = 0; i < 500; i++)
      {
        BerthWorkflow *still = g_weak_ref_get (&weak);

        if (still == NULL)
          break;
        g_object_unref (still);
        g_usleep (10 * 1000);
      }
    g_weak_ref_clear (&weak);
  }
  g_assert_cmpint (g_atomic_int_get (&destroyed), ==, 2);
  run_clear (&run);
}

static void
test_workflow_statuses (void)
{
  g_autoptr(BerthWorkflow) wf = berth_workflow_new ("rebuild", "Rebuild");
  g_autofree char *t = NULL;
  BerthWorkflowEvent *fin;
  GPtrArray *results;
  Run run;

  run_init (&run);
  berth_workflow_add_step (wf, "a", "A", step_return_status, GINT_TO_POINTER (BERTH_STEP_STATUS_OK), NULL);
  berth_workflow_add_step (wf, "b", "B", step_return_status, GINT_TO_POINTER (BERTH_STEP_STATUS_CHANGED), NULL);
  berth_workflow_add_step (wf, "c", "C", step_return_status, GINT_TO_POINTER (BERTH_STEP_STATUS_SKIPPED), NULL);
  berth_workflow_add_step (wf, "d", "D", step_return_status, GINT_TO_POINTER (BERTH_STEP_STATUS_WARNING), NULL);
  run_workflow (wf, &run, NULL);

  g_assert_true (run.ok);
  t = trace (&run);
  g_assert_cmpstr (t, ==, "S s:a o:a:a says hi f:a:ok s:b o:b:b says hi f:b:changed "
                          "s:c o:c:c says hi f:c:skipped s:d o:d:d says hi f:d:warning F:warning");
  fin = last_event (&run);
  results = berth_workflow_event_get_results (fin);
  g_assert_cmpuint (results->len, ==, 4);
  g_assert_cmpstr (((BerthStepResult *) results->pdata[2])->message, ==, "Nothing to do");
  g_assert_cmpint (((BerthStepResult *) results->pdata[1])->status, ==, BERTH_STEP_STATUS_CHANGED);
  g_assert_nonnull (strstr (berth_workflow_event_get_summary (fin), "1 changed, 1 skipped, 1 with warnings"));
  run_clear (&run);
}

static void
test_workflow_failure_stops (void)
{
  g_autoptr(BerthWorkflow) wf = berth_workflow_new ("rebuild", "Rebuild");
  g_autofree char *t = NULL;
  BerthWorkflowEvent *fin, *stepfin;
  const char *summary;
  GPtrArray *results;
  Run run;

  run_init (&run);
  berth_workflow_add_step (wf, "down", "Stop the stack", step_return_status, GINT_TO_POINTER (BERTH_STEP_STATUS_OK), NULL);
  berth_workflow_add_step (wf, "wait", "Wait for services", step_return_status, GINT_TO_POINTER (BERTH_STEP_STATUS_FAILED), NULL);
  berth_workflow_add_step (wf, "migrate", "Generate migration", step_return_status, GINT_TO_POINTER (BERTH_STEP_STATUS_OK), NULL);
  run_workflow (wf, &run, NULL);

  g_assert_false (run.ok);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (run.error->message, ==, "service api exited with code 1");
  t = trace (&run);
  g_assert_cmpstr (t, ==, "S s:down o:down:down says hi f:down:ok s:wait o:wait:wait says hi f:wait:failed F:failed");

  stepfin = g_ptr_array_index (run.events, run.events->len - 2);
  g_assert_cmpstr (berth_workflow_event_get_message (stepfin), ==, "service api exited with code 1");
  g_assert_cmpstr (berth_workflow_event_get_hint (stepfin), ==, "the api container's logs");

  fin = last_event (&run);
  summary = berth_workflow_event_get_summary (fin);
  g_assert_nonnull (strstr (summary, "failed at step 2/3 “Wait for services”: service api exited with code 1."));
  g_assert_nonnull (strstr (summary, "Look at the api container's logs."));
  g_assert_nonnull (strstr (summary, "Done: Stop the stack."));
  g_assert_nonnull (strstr (summary, "Not run: Generate migration."));
  g_assert_nonnull (strstr (summary, "Troubleshoot"));
  results = berth_workflow_event_get_results (fin);
  g_assert_cmpint (((BerthStepResult *) results->pdata[2])->status, ==, BERTH_STEP_STATUS_NOT_RUN);
  g_assert_cmpint (berth_workflow_get_status (wf), ==, BERTH_STEP_STATUS_FAILED);
  run_clear (&run);
}

static void
test_workflow_continue_on_failure (void)
{
  g_autoptr(BerthWorkflow) wf = berth_workflow_new ("doctor", "Troubleshoot");
  g_autofree char *t = NULL;
  Run run;

  run_init (&run);
  berth_workflow_set_stop_on_failure (wf, FALSE);
  berth_workflow_set_failure_advice (wf, "Run the suggested fixes.");
  berth_workflow_add_step (wf, "x", "X", step_return_status, GINT_TO_POINTER (BERTH_STEP_STATUS_FAILED), NULL);
  berth_workflow_add_step (wf, "y", "Y", step_return_status, GINT_TO_POINTER (BERTH_STEP_STATUS_OK), NULL);
  run_workflow (wf, &run, NULL);

  g_assert_false (run.ok);
  t = trace (&run);
  g_assert_cmpstr (t, ==, "S s:x o:x:x says hi f:x:failed s:y o:y:y says hi f:y:ok F:failed");
  g_assert_nonnull (strstr (berth_workflow_get_summary (wf), "finished with 1 failure"));
  g_assert_nonnull (strstr (berth_workflow_get_summary (wf), "Run the suggested fixes."));
  run_clear (&run);
}

static void
test_workflow_cancel (void)
{
  g_autoptr(BerthWorkflow) wf = berth_workflow_new ("rebuild", "Rebuild");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *t = NULL;
  const char *summary;
  Run run;

  run_init (&run);
  run.cancel_step = "build";
  run.cancel_on_step_start = cancellable;
  berth_workflow_add_step (wf, "down", "Stop the stack", step_return_status, GINT_TO_POINTER (BERTH_STEP_STATUS_OK), NULL);
  berth_workflow_add_step (wf, "build", "Build images", step_wait_for_cancel, NULL, NULL);
  berth_workflow_add_step (wf, "up", "Start services", step_return_status, GINT_TO_POINTER (BERTH_STEP_STATUS_OK), NULL);
  run_workflow (wf, &run, cancellable);

  g_assert_false (run.ok);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Generous, but real: the step sleeps on the cancellable's fd. */
  g_assert_cmpint (run.done_time - run.cancel_time, <, 2 * G_USEC_PER_SEC);

  t = trace (&run);
  g_assert_true (g_str_has_prefix (t, "S s:down o:down:down says hi f:down:ok s:build"));
  g_assert_true (g_str_has_suffix (t, "f:build:cancelled F:cancelled"));
  g_assert_null (strstr (t, "s:up"));

  summary = berth_workflow_get_summary (wf);
  g_assert_nonnull (strstr (summary, "cancelled during step 2/3 “Build images”"));
  g_assert_nonnull (strstr (summary, "Done: Stop the stack."));
  g_assert_nonnull (strstr (summary, "Not run: Start services."));
  g_assert_cmpint (berth_workflow_get_status (wf), ==, BERTH_STEP_STATUS_CANCELLED);
  run_clear (&run);
}

static void
test_workflow_cancel_before (void)
{
  g_autoptr(BerthWorkflow) wf = berth_workflow_new ("migrate", "Migrate");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *t = NULL;
  Run run;

  run_init (&run);
  berth_workflow_add_step (wf, "a", "A", step_return_status, GINT_TO_POINTER (BERTH_STEP_STATUS_OK), NULL);
  g_cancellable_cancel (cancellable);
  run_workflow (wf, &run, cancellable);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  t = trace (&run);
  g_assert_cmpstr (t, ==, "S F:cancelled");
  g_assert_nonnull (strstr (berth_workflow_get_summary (wf), "Not run: A."));
  run_clear (&run);
}

static void
test_workflow_run_twice (void)
{
  g_autoptr(BerthWorkflow) wf = berth_workflow_new ("migrate", "Migrate");
  Run run;

  run_init (&run);
  berth_workflow_add_step (wf, "a", "A", step_return_status, GINT_TO_POINTER (BERTH_STEP_STATUS_OK), NULL);
  run_workflow (wf, &run, NULL);
  g_assert_true (run.ok);
  run.done = FALSE;
  berth_workflow_run_async (wf, NULL, on_done, &run);
  g_main_loop_run (run.loop);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_BUSY);
  run_clear (&run);
}

/* Events go to the context that was thread-default when the run started,
 * even if that is not the global default context. */
static gpointer
other_thread_run (gpointer data)
{
  g_autoptr(GMainContext) ctx = g_main_context_new ();
  g_autoptr(BerthWorkflow) wf = berth_workflow_new ("x", "X");
  Run *run = data;

  g_main_context_push_thread_default (ctx);
  run->loop = g_main_loop_new (ctx, FALSE);
  run->events = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_workflow_event_unref);
  run->main_thread = g_thread_self ();
  berth_workflow_add_step (wf, "one", "One", step_chatty, NULL, NULL);
  run_workflow (wf, run, NULL);
  g_main_context_pop_thread_default (ctx);
  return NULL;
}

static void
test_workflow_context (void)
{
  Run run;
  GThread *thread;

  memset (&run, 0, sizeof run);
  thread = g_thread_new ("other", other_thread_run, &run);
  g_thread_join (thread);
  g_assert_true (run.ok);
  g_assert_false (run.wrong_thread);
  g_assert_cmpuint (run.events->len, ==, 1 + 1 + 1000 + 2 + 1 + 1);
  run_clear (&run);
}

static JsonObject *
parse_line (const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_null (strchr (line, '\n'));
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_workflow_json (void)
{
  g_autoptr(BerthWorkflow) wf = berth_workflow_new ("rebuild", "Rebuild");
  g_autoptr(JsonNode) extra = json_from_string ("{\"checks\": [{\"id\": \"engine\"}]}", NULL);
  Run run;
  guint seen[6] = { 0 };

  run_init (&run);
  berth_workflow_add_step (wf, "down", "Stop the stack", step_chatty, NULL, NULL);
  berth_workflow_add_step (wf, "wait", "Wait", step_return_status, GINT_TO_POINTER (BERTH_STEP_STATUS_FAILED), NULL);
  berth_workflow_set_extra (wf, extra);
  run_workflow (wf, &run, NULL);

  for (guint i = 0; i < run.events->len; i++)
    {
      BerthWorkflowEvent *e = g_ptr_array_index (run.events, i);
      g_autofree char *line = berth_workflow_event_to_json (e);
      g_autoptr(JsonObject) o = parse_line (line);
      const char *ev = json_object_get_string_member (o, "event");

      seen[berth_workflow_event_get_kind (e)]++;
      g_assert_cmpstr (json_object_get_string_member (o, "workflow"), ==, "rebuild");
      switch (berth_workflow_event_get_kind (e))
        {
        case BERTH_WORKFLOW_EVENT_WORKFLOW_STARTED:
          g_assert_cmpstr (ev, ==, "started");
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "steps")), ==, 2);
          break;
        case BERTH_WORKFLOW_EVENT_STEP_STARTED:
          g_assert_cmpstr (ev, ==, "step-started");
          g_assert_true (json_object_has_member (o, "step"));
          g_assert_true (json_object_has_member (o, "title"));
          g_assert_cmpint (json_object_get_int_member (o, "count"), ==, 2);
          break;
        case BERTH_WORKFLOW_EVENT_STEP_OUTPUT:
          g_assert_cmpstr (ev, ==, "step-output");
          g_assert_nonnull (json_object_get_string_member (o, "step"));
          g_assert_true (g_str_equal (json_object_get_string_member (o, "stream"), "stdout") ||
                         g_str_equal (json_object_get_string_member (o, "stream"), "stderr"));
          g_assert_nonnull (json_object_get_string_member (o, "line"));
          break;
        case BERTH_WORKFLOW_EVENT_STEP_PROGRESS:
          g_assert_cmpstr (ev, ==, "step-progress");
          g_assert_cmpfloat (json_object_get_double_member (o, "fraction"), >, 0.0);
          g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "text"), "Step "));
          break;
        case BERTH_WORKFLOW_EVENT_STEP_FINISHED:
          g_assert_cmpstr (ev, ==, "step-finished");
          g_assert_true (json_object_has_member (o, "status"));
          g_assert_true (json_object_has_member (o, "elapsed_ms"));
          if (g_str_equal (json_object_get_string_member (o, "step"), "wait"))
            {
              g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "failed");
              g_assert_cmpstr (json_object_get_string_member (o, "message"), ==, "service api exited with code 1");
              g_assert_cmpstr (json_object_get_string_member (o, "hint"), ==, "the api container's logs");
            }
          break;
        case BERTH_WORKFLOW_EVENT_WORKFLOW_FINISHED:
          {
            JsonArray *steps = json_object_get_array_member (o, "steps");
            JsonObject *s1;

            g_assert_cmpstr (ev, ==, "finished");
            g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "failed");
            g_assert_true (json_object_has_member (o, "step"));
            g_assert_nonnull (strstr (json_object_get_string_member (o, "summary"), "Wait"));
            g_assert_cmpuint (json_array_get_length (steps), ==, 2);
            s1 = json_array_get_object_element (steps, 1);
            g_assert_cmpstr (json_object_get_string_member (s1, "step"), ==, "wait");
            g_assert_cmpstr (json_object_get_string_member (s1, "status"), ==, "failed");
            g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "checks")), ==, 1);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  for (guint k = 0; k < G_N_ELEMENTS (seen); k++)
    g_assert_cmpuint (seen[k], >, 0);
  run_clear (&run);
}

static void
test_workflow_status_strings (void)
{
  BerthStepStatus st;

  for (int i = BERTH_STEP_STATUS_NOT_RUN; i <= BERTH_STEP_STATUS_CANCELLED; i++)
    {
      g_assert_true (berth_step_status_from_string (berth_step_status_to_string (i), &st));
      g_assert_cmpint (st, ==, i);
    }
  g_assert_false (berth_step_status_from_string ("bogus", &st));
  g_assert_true (berth_step_status_is_success (BERTH_STEP_STATUS_WARNING));
  g_assert_false (berth_step_status_is_success (BERTH_STEP_STATUS_CANCELLED));
  g_assert_false (berth_step_status_is_success (BERTH_STEP_STATUS_NOT_RUN));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workflow/order", test_workflow_order);
  g_test_add_func ("/workflow/statuses", test_workflow_statuses);
  g_test_add_func ("/workflow/failure-stops", test_workflow_failure_stops);
  g_test_add_func ("/workflow/continue-on-failure", test_workflow_continue_on_failure);
  g_test_add_func ("/workflow/cancel", test_workflow_cancel);
  g_test_add_func ("/workflow/cancel-before-start", test_workflow_cancel_before);
  g_test_add_func ("/workflow/run-twice", test_workflow_run_twice);
  g_test_add_func ("/workflow/context", test_workflow_context);
  g_test_add_func ("/workflow/json", test_workflow_json);
  g_test_add_func ("/workflow/status-strings", test_workflow_status_strings);

  return g_test_run ();
}
