/* test-migration-op-demo.c: the Migrations page's operations as workflows
 * (berth_workflow_new_migration_op) on a temporary copy of the demo
 * backend (suite demo): downgrade, upgrade to a revision and to head,
 * stamp, a failing downgrade, and migrate with nothing to generate; the
 * runner's output arrives as step output, the titles say what runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "workflow-demo.h"

#define BASE "16999e815ea6"
#define MID  "20bca17a00f0"
#define HEAD "3f431c11880b"

static char *
current_of (BerthMigrationRunner *runner)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) current = berth_migration_runner_current_sync (runner, NULL, &error);

  g_assert_no_error (error);
  return g_strjoinv (",", current);
}

/* The step's output lines, joined. */
static char *
output_of (WfRun *r)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < r->events->len; i++)
    {
      BerthWorkflowEvent *e = g_ptr_array_index (r->events, i);

      if (berth_workflow_event_get_kind (e) == BERTH_WORKFLOW_EVENT_STEP_OUTPUT)
        g_string_append_printf (s, "%s\n", berth_workflow_event_get_line (e));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static const char *
step_message (WfRun *r)
{
  for (guint i = 0; i < r->events->len; i++)
    {
      BerthWorkflowEvent *e = g_ptr_array_index (r->events, i);

      if (berth_workflow_event_get_kind (e) == BERTH_WORKFLOW_EVENT_STEP_FINISHED)
        return berth_workflow_event_get_message (e);
    }
  g_error ("no step finished");
  return NULL;
}

static char *
is_admin_columns (DemoStack *s)
{
  return demo_stack_psql (s, "SELECT count(*) FROM information_schema.columns "
                             "WHERE table_name = 'users' AND column_name = 'is_admin'");
}

/* Runs op and checks what every successful run shares. */
static void
run_op (BerthMigrationRunner *runner,
        BerthMigrationOp      op,
        const char           *argument,
        const char           *title,
        const char           *id,
        BerthStepStatus       step_status,
        WfRun                *r)
{
  g_autoptr(BerthWorkflow) wf = berth_workflow_new_migration_op (runner, op, argument);

  g_assert_cmpstr (berth_workflow_get_title (wf), ==, title);
  g_assert_cmpstr (berth_workflow_get_id (wf), ==, id);
  g_assert_cmpuint (berth_workflow_get_n_steps (wf), ==, 1);
  g_assert_cmpstr (berth_workflow_get_step_id (wf, 0), ==, id);
  wf_run (wf, r);
  g_assert_no_error (r->error);
  g_assert_true (r->ok);
  g_assert_cmpint (wf_step_status (wf, id), ==, step_status);
  g_assert_true (berth_step_status_is_success (berth_workflow_get_status (wf)));
  /* The finished event names the workflow, as berth-cli --json shows it. */
  {
    BerthWorkflowEvent *last = g_ptr_array_index (r->events, r->events->len - 1);
    g_autofree char *json = berth_workflow_event_to_json (last);
    g_autofree char *expected = g_strdup_printf ("\"workflow\":\"%s\"", id);

    g_assert_cmpint (berth_workflow_event_get_kind (last), ==, BERTH_WORKFLOW_EVENT_WORKFLOW_FINISHED);
    g_assert_nonnull (strstr (json, expected));
  }
}

static void
test_operations (void)
{
  g_autofree char *src = berth_test_source_path ("data", "demo", "probeops-backend", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("berth-test-migop-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (tmp, "probeops-backend", NULL);
  g_autoptr(BerthMigrationRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  DemoStack s;
  int status = -1;

  {
    const char *argv[] = { "cp", "-a", src, copy, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  demo_stack_init (&s, copy);
  demo_stack_up (&s);
  /* The api upgrades the database when it starts; healthy means done. */
  wait_healthy (&s);

  runner = berth_migration_runner_new_for_project (s.engine, s.project, "api", &error);
  g_assert_no_error (error);
  {
    g_autofree char *current = current_of (runner);

    g_assert_cmpstr (current, ==, HEAD);
  }

  /* Downgrade: alembic's own lines are the step's output. */
  {
    WfRun r = { 0 };
    g_autofree char *out = NULL;
    g_autofree char *current = NULL;
    g_autofree char *columns = NULL;

    run_op (runner, BERTH_MIGRATION_OP_DOWNGRADE, BASE, "Downgrade to " BASE, "downgrade",
            BERTH_STEP_STATUS_CHANGED, &r);
    out = output_of (&r);
    g_test_message ("%s", out);
    g_assert_nonnull (strstr (out, "Running downgrade " HEAD " -> " MID));
    g_assert_nonnull (strstr (out, "Running downgrade " MID " -> " BASE));
    g_assert_cmpstr (step_message (&r), ==, "The database is now at " BASE);
    current = current_of (runner);
    g_assert_cmpstr (current, ==, BASE);
    columns = is_admin_columns (&s);
    g_assert_cmpstr (columns, ==, "0");
    wf_run_clear (&r);
  }

  /* Upgrade to a revision, then to head (no argument). */
  {
    WfRun r = { 0 };
    g_autofree char *out = NULL;
    g_autofree char *current = NULL;

    run_op (runner, BERTH_MIGRATION_OP_UPGRADE, MID, "Upgrade to " MID, "upgrade", BERTH_STEP_STATUS_CHANGED, &r);
    out = output_of (&r);
    g_assert_nonnull (strstr (out, "Running upgrade " BASE " -> " MID));
    g_assert_null (strstr (out, "Running upgrade " MID " -> " HEAD));
    current = current_of (runner);
    g_assert_cmpstr (current, ==, MID);
    wf_run_clear (&r);
  }
  {
    WfRun r = { 0 };
    g_autofree char *current = NULL;
    g_autofree char *columns = NULL;

    run_op (runner, BERTH_MIGRATION_OP_UPGRADE, NULL, "Upgrade to head", "upgrade", BERTH_STEP_STATUS_CHANGED, &r);
    g_assert_cmpstr (step_message (&r), ==, "The database is now at " HEAD);
    current = current_of (runner);
    g_assert_cmpstr (current, ==, HEAD);
    columns = is_admin_columns (&s);
    g_assert_cmpstr (columns, ==, "1");
    wf_run_clear (&r);
  }
  /* Nothing left to do: ok, not changed. */
  {
    WfRun r = { 0 };

    run_op (runner, BERTH_MIGRATION_OP_UPGRADE, NULL, "Upgrade to head", "upgrade", BERTH_STEP_STATUS_OK, &r);
    g_assert_cmpstr (step_message (&r), ==, "The database was already at " HEAD);
    wf_run_clear (&r);
  }

  /* Stamp moves the version table only. */
  {
    WfRun r = { 0 };
    g_autofree char *current = NULL;
    g_autofree char *columns = NULL;

    run_op (runner, BERTH_MIGRATION_OP_STAMP, MID, "Stamp at " MID, "stamp", BERTH_STEP_STATUS_CHANGED, &r);
    current = current_of (runner);
    g_assert_cmpstr (current, ==, MID);
    columns = is_admin_columns (&s);
    g_assert_cmpstr (columns, ==, "1");
    wf_run_clear (&r);
  }
  {
    WfRun r = { 0 };
    g_autofree char *current = NULL;

    run_op (runner, BERTH_MIGRATION_OP_STAMP, HEAD, "Stamp at " HEAD, "stamp", BERTH_STEP_STATUS_CHANGED, &r);
    current = current_of (runner);
    g_assert_cmpstr (current, ==, HEAD);
    wf_run_clear (&r);
  }

  /* Migrate with the models matching the migrations: nothing generated. */
  {
    WfRun r = { 0 };
    g_autofree char *versions = g_build_filename (copy, "api", "migrations", "versions", NULL);
    g_autoptr(GDir) dir = NULL;
    guint files = 0;

    run_op (runner, BERTH_MIGRATION_OP_MIGRATE, "nothing to see", "Generate migration “nothing to see”", "migrate",
            BERTH_STEP_STATUS_SKIPPED, &r);
    dir = g_dir_open (versions, 0, NULL);
    g_assert_nonnull (dir);
    for (const char *name; (name = g_dir_read_name (dir)) != NULL;)
      files += g_str_has_suffix (name, ".py");
    g_assert_cmpuint (files, ==, 3);
    wf_run_clear (&r);
  }

  /* A revision that does not exist: the step fails with alembic's error
   * and a hint, the database stays where it was. */
  {
    g_autoptr(BerthWorkflow) wf = berth_workflow_new_migration_op (runner, BERTH_MIGRATION_OP_DOWNGRADE,
                                                                   "0badc0ffee00");
    g_autofree char *current = NULL;
    WfRun r = { 0 };

    wf_run (wf, &r);
    g_assert_false (r.ok);
    g_assert_nonnull (r.error);
    g_assert_false (g_error_matches (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
    g_test_message ("failed downgrade: %s", r.error->message);
    g_assert_cmpint (wf_step_status (wf, "downgrade"), ==, BERTH_STEP_STATUS_FAILED);
    g_assert_cmpint (berth_workflow_get_status (wf), ==, BERTH_STEP_STATUS_FAILED);
    g_assert_nonnull (strstr (berth_workflow_get_summary (wf), "flask db output"));
    current = current_of (runner);
    g_assert_cmpstr (current, ==, HEAD);
    wf_run_clear (&r);
  }

  demo_stack_clear (&s);
  {
    const char *argv[] = { "rm", "-rf", tmp, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  berth_test_engine_host ();

  g_test_add_func ("/migration-op-demo/operations", test_operations);

  return g_test_run ();
}
