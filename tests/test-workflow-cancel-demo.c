/* test-workflow-cancel-demo.c: cancelling Rebuild during the build and
 * during the health wait returns within 2 s and says what was done
 * (suite demo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include "workflow-demo.h"

static guint
project_containers (DemoStack *s)
{
  g_autofree char *filter = g_strdup_printf ("label=com.docker.compose.project=%s", s->name);
  const char *filters[] = { filter, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) list = berth_engine_containers_list_sync (s->engine, TRUE, filters, NULL, &error);

  g_assert_no_error (error);
  return json_array_get_length (list);
}

static void
test_cancel_during_build (void)
{
  DemoStack s;
  g_autoptr(BerthWorkflow) wf = NULL;
  const char *summary;
  WfRun r = { 0 };

  demo_stack_init (&s, NULL);
  wf = berth_workflow_new_rebuild (s.engine, s.project, NULL);

  /* Well into the build: after a few lines of its output. */
  r.cancel_on_step = "build";
  r.cancel_after_output = 3;
  wf_run (wf, &r);

  g_assert_true (r.cancelling);
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_printerr ("# cancel -> done: %" G_GINT64_FORMAT " ms\n", (r.done_time - r.cancel_time) / 1000);
  g_assert_cmpint (r.done_time - r.cancel_time, <, 2 * G_USEC_PER_SEC);

  g_assert_cmpint (berth_workflow_get_status (wf), ==, BERTH_STEP_STATUS_CANCELLED);
  g_assert_cmpint (wf_step_status (wf, "down"), ==, BERTH_STEP_STATUS_OK);
  g_assert_cmpint (wf_step_status (wf, "build"), ==, BERTH_STEP_STATUS_CANCELLED);
  g_assert_cmpint (wf_step_status (wf, "up"), ==, BERTH_STEP_STATUS_NOT_RUN);
  g_assert_cmpint (wf_step_status (wf, "upgrade"), ==, BERTH_STEP_STATUS_NOT_RUN);
  summary = berth_workflow_get_summary (wf);
  g_assert_nonnull (strstr (summary, "cancelled during step 2/7"));
  g_assert_nonnull (strstr (summary, "Not run: Create and start containers"));

  /* What the summary says is what is there: nothing was created. */
  g_assert_cmpuint (project_containers (&s), ==, 0);

  wf_run_clear (&r);
  demo_stack_clear (&s);
}

static void
test_cancel_during_wait (void)
{
  DemoStack s;
  g_autoptr(BerthWorkflow) wf = NULL;
  BerthWorkflowOptions options = { 0 };
  const char *summary;
  WfRun r = { 0 };

  demo_stack_init (&s, NULL);
  options.keep_cache = TRUE;
  wf = berth_workflow_new_rebuild (s.engine, s.project, &options);

  r.cancel_on_step = "wait";
  r.cancel_after_output = 0;
  wf_run (wf, &r);

  g_assert_true (r.cancelling);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_printerr ("# cancel -> done: %" G_GINT64_FORMAT " ms\n", (r.done_time - r.cancel_time) / 1000);
  g_assert_cmpint (r.done_time - r.cancel_time, <, 2 * G_USEC_PER_SEC);

  g_assert_cmpint (wf_step_status (wf, "up"), ==, BERTH_STEP_STATUS_OK);
  g_assert_cmpint (wf_step_status (wf, "wait"), ==, BERTH_STEP_STATUS_CANCELLED);
  g_assert_cmpint (wf_step_status (wf, "ps"), ==, BERTH_STEP_STATUS_NOT_RUN);
  g_assert_cmpint (wf_step_status (wf, "migrate"), ==, BERTH_STEP_STATUS_NOT_RUN);
  summary = berth_workflow_get_summary (wf);
  g_assert_nonnull (strstr (summary, "cancelled during step 4/7"));
  g_assert_nonnull (strstr (summary, "Create and start containers"));
  /* up was reported done: its containers exist. */
  g_assert_cmpuint (project_containers (&s), ==, 2);

  wf_run_clear (&r);
  demo_stack_clear (&s);
}

/* berth-cli: Ctrl-C cancels cleanly and prints what was done. */
static void
test_cli_sigint (void)
{
  DemoStack s;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  gboolean sent = FALSE;
  char *line;

  demo_stack_init (&s, NULL);
  launcher = demo_stack_launcher (&s, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  proc = g_subprocess_launcher_spawn (launcher, &error,
                                      berth_test_cli (), "-H", berth_test_engine_host (), "-f", s.file, "-p", s.name,
                                      "rebuild", NULL);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  while ((line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error)))
    {
      g_string_append_printf (all, "%s\n", line);
      /* Once the build has printed something: interrupt. */
      if (!sent && strstr (line, "Step "))
        {
          g_subprocess_send_signal (proc, SIGINT);
          sent = TRUE;
        }
      g_free (line);
    }
  g_assert_no_error (error);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  if (!sent)
    g_error ("the build printed no step:\n%s", all->str);
  g_printerr ("%s", all->str);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  g_assert_nonnull (strstr (all->str, "Cancelling"));
  g_assert_nonnull (strstr (all->str, "was cancelled during step 2/7"));
  g_assert_nonnull (strstr (all->str, "Done: Remove containers and networks"));
  g_assert_nonnull (strstr (all->str, "Not run: Create and start containers"));
  demo_stack_clear (&s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  berth_test_engine_host ();

  g_test_add_func ("/workflow-cancel-demo/during-build", test_cancel_during_build);
  g_test_add_func ("/workflow-cancel-demo/during-wait", test_cancel_during_wait);
  g_test_add_func ("/workflow-cancel-demo/cli-sigint", test_cli_sigint);

  return g_test_run ();
}
