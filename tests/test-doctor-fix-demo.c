/* test-doctor-fix-demo.c: Troubleshoot on the demo backend, broken on purpose
 * (second half: a taken port, FLASK_APP, a bad command, two heads): each
 * breakage is diagnosed by the expected failing check and fixed by the fix
 * it suggests (suite demo).
 *
 * The stack runs from a temporary copy of the demo (its files are edited;
 * data/demo never is), with the copy's migrations bind-mounted into the api
 * container so that a revision added on the host is what the container sees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "berth-engine-resources.h"
#include "workflow-demo.h"

typedef struct
{
  gboolean  done;
  GError   *error;
} MergeRun;

static void
merge_done (GObject *source, GAsyncResult *result, gpointer data)
{
  MergeRun *m = data;

  berth_migration_runner_run_finish (BERTH_MIGRATION_RUNNER (source), result, NULL, &m->error);
  m->done = TRUE;
}

static void
test_doctor_more_broken_states (void)
{
  DemoStack s;
  g_autoptr(GError) error = NULL;
  g_autofree char *src = berth_test_source_path ("data", "demo", "probeops-backend", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("berth-test-doctor-fix-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (tmp, "probeops-backend", NULL);
  g_autofree char *versions = g_build_filename (copy, "api", "migrations", "versions", NULL);
  int status = -1;

  g_assert_nonnull (tmp);
  {
    const char *argv[] = { "cp", "-a", src, copy, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  demo_stack_init (&s, copy);
  /* The migrations as a developer often has them: bind-mounted. */
  demo_replace_in_file (s.file, "    image: probeops-backend-api:latest\n",
                   "    image: probeops-backend-api:latest\n    volumes:\n      - ./api/migrations:/app/migrations\n", 1);
  g_hash_table_remove (s.env, "FLASK_APP");
  demo_stack_load (&s);
  demo_stack_up (&s);
  wait_healthy (&s);

  g_test_message ("host port taken by another container");
  {
    g_autofree char *port = g_strdup_printf ("%u", 40000 + g_random_int_range (0, 9999));
    g_autofree char *holder_name = g_strdup_printf ("%s-holder", s.name);
    g_autofree char *config_json = g_strdup_printf (
      "{\"Image\": \"debian:bookworm-slim\", \"Cmd\": [\"sleep\", \"600\"],"
      " \"ExposedPorts\": {\"5000/tcp\": {}},"
      " \"HostConfig\": {\"PortBindings\": {\"5000/tcp\": [{\"HostPort\": \"%s\"}]}}}", port);
    g_autoptr(JsonNode) config = json_from_string (config_json, &error);
    g_autofree char *holder = NULL;
    g_autofree char *id = NULL;
    g_autofree char *fix = g_strdup_printf ("stop-container:%s", holder_name);
    g_autoptr(BerthDoctor) d = NULL;
    g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();

    g_assert_no_error (error);
    holder = berth_engine_container_create_sync (s.engine, holder_name, json_node_get_object (config), NULL, &error);
    g_assert_no_error (error);
    berth_engine_container_start_sync (s.engine, holder, NULL, &error);
    g_assert_no_error (error);

    demo_stack_setenv (&s, "API_PORT", port);
    options->timeout = -1;
    /* up fails: the port is taken. */
    g_assert_false (berth_compose_up_sync (s.project, s.engine, options, NULL, NULL, NULL, &error));
    g_clear_error (&error);
    d = run_doctor (&s);
    id = g_strdup_printf ("ports.api.%s", port);
    assert_check (d, id, BERTH_CHECK_FAIL, fix, holder_name);
    assert_check (d, "service.api.state", BERTH_CHECK_FAIL, NULL, "already in use");

    /* The fix: stop the other container, then up. */
    berth_engine_container_remove_sync (s.engine, holder, TRUE, FALSE, NULL, &error);
    g_assert_no_error (error);
    demo_stack_up (&s);
    wait_healthy (&s);
    g_clear_object (&d);
    d = run_doctor (&s);
    assert_check (d, id, BERTH_CHECK_PASS, NULL, NULL);
    demo_stack_setenv (&s, "API_PORT", "0");
  }

  g_test_message ("FLASK_APP missing");
  {
    g_autofree char *dotenv = g_build_filename (copy, ".env", NULL);
    g_autoptr(BerthDoctor) d = NULL;
    BerthWorkflowOptions options = { 0 };
    g_autoptr(BerthWorkflow) wf = NULL;
    const BerthDoctorCheck *env;

    /* The compose file takes FLASK_APP from a variable nobody set. */
    demo_replace_in_file (s.file, "FLASK_APP: probeops:create_app", "FLASK_APP: ${FLASK_APP}", 1);
    demo_stack_load (&s);
    demo_stack_up (&s);
    wait_healthy (&s);
    d = run_doctor (&s);
    assert_check (d, "flask.api.env", BERTH_CHECK_FAIL, "rebuild", "empty");
    env = doctor_check (d, "flask.api.env");
    g_assert_nonnull (strstr (env->finding, ".env"));
    g_assert_nonnull (strstr (env->evidence, "FLASK_APP="));
    g_assert_nonnull (strstr (env->evidence, "“FLASK_APP” is not set"));

    /* The fix, as the finding says: a value in .env, then Rebuild. */
    g_file_set_contents (dotenv, "FLASK_APP=probeops:create_app\n", -1, &error);
    g_assert_no_error (error);
    demo_stack_load (&s);
    options.keep_cache = TRUE;
    wf = berth_workflow_new_rebuild (s.engine, s.project, &options);
    run_workflow_ok (wf);
    g_clear_object (&d);
    d = run_doctor (&s);
    assert_check (d, "flask.api.env", BERTH_CHECK_PASS, NULL, "probeops:create_app");
  }

  g_test_message ("api crashing: bad command");
  {
    g_autoptr(BerthDoctor) d = NULL;
    const BerthDoctorCheck *state;

    demo_stack_set_override (&s, "services:\n  api:\n    command: [\"sh\", \"-c\", \"echo starting; gunicorn-typo --bind 0.0.0.0:5000\"]\n");
    demo_stack_up (&s);
    g_usleep (4 * G_USEC_PER_SEC);
    d = run_doctor (&s);
    state = doctor_check (d, "service.api.state");
    g_assert_nonnull (state);
    g_assert_cmpint (state->status, ==, BERTH_CHECK_FAIL);
    g_assert_nonnull (strstr (state->finding, "command not found"));
    g_assert_cmpstr (state->fix, ==, "rebuild");
    g_assert_nonnull (strstr (state->evidence, "gunicorn-typo"));
  }
  /* The fix: the command corrected, then Rebuild. */
  demo_stack_set_override (&s, NULL);
  {
    BerthWorkflowOptions options = { 0 };
    g_autoptr(BerthWorkflow) wf = NULL;
    g_autoptr(BerthDoctor) d = NULL;

    options.keep_cache = TRUE;
    wf = berth_workflow_new_rebuild (s.engine, s.project, &options);
    run_workflow_ok (wf);
    d = run_doctor (&s);
    g_assert_cmpuint (berth_doctor_count (d, BERTH_CHECK_FAIL), ==, 0);
    assert_check (d, "service.api.state", BERTH_CHECK_PASS, NULL, NULL);
    assert_check (d, "flask.api.env", BERTH_CHECK_PASS, NULL, NULL);
  }

  g_test_message ("two heads");
  {
    g_autofree char *branch = g_build_filename (versions, "aaaaaaaaaaaa_branch.py", NULL);
    g_autoptr(BerthMigrationRunner) runner = NULL;
    g_autoptr(BerthDoctor) d = NULL;
    g_autoptr(GMainContext) context = g_main_context_new ();
    g_autoptr(BerthWorkflow) migrate = NULL;
    g_autoptr(GDir) dir = NULL;
    MergeRun m = { FALSE, NULL };
    const char *name;
    guint n_files = 0;

    /* A second revision on the head's parent (a branch merged in from
     * elsewhere), on the host: the container sees it through the mount. */
    g_file_set_contents (branch,
                         "\"\"\"branch\n\nRevision ID: aaaaaaaaaaaa\nRevises: 20bca17a00f0\n\"\"\"\n"
                         "revision = 'aaaaaaaaaaaa'\ndown_revision = '20bca17a00f0'\n"
                         "branch_labels = None\ndepends_on = None\n\n\n"
                         "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n", -1, &error);
    g_assert_no_error (error);
    d = run_doctor (&s);
    assert_check (d, "migrations.heads", BERTH_CHECK_FAIL, "merge-heads", "2 heads");

    /* The fix: Merge Heads, through the call the window's fix makes. */
    runner = berth_migration_runner_new_for_project (s.engine, s.project, NULL, &error);
    g_assert_no_error (error);
    g_main_context_push_thread_default (context);
    berth_migration_runner_run_async (runner, BERTH_MIGRATION_OP_MERGE, "Merge heads", NULL, NULL, merge_done, &m);
    while (!m.done)
      g_main_context_iteration (context, TRUE);
    g_main_context_pop_thread_default (context);
    g_assert_no_error (m.error);
    /* The merge revision is on the host, next to the others. */
    dir = g_dir_open (versions, 0, &error);
    g_assert_no_error (error);
    while ((name = g_dir_read_name (dir)))
      n_files += g_str_has_suffix (name, ".py");
    g_assert_cmpuint (n_files, ==, 5);

    /* One head now; the database is behind it, and the doctor says so
     * with its next fix, Migrate. */
    g_clear_object (&d);
    d = run_doctor (&s);
    assert_check (d, "migrations.heads", BERTH_CHECK_PASS, NULL, "One head");
    assert_check (d, "migrations.current", BERTH_CHECK_FAIL, "migrate", NULL);
    migrate = berth_workflow_new_migrate (s.engine, s.project, NULL);
    run_workflow_ok (migrate);
    g_clear_object (&d);
    d = run_doctor (&s);
    g_assert_cmpuint (berth_doctor_count (d, BERTH_CHECK_FAIL), ==, 0);
    assert_check (d, "migrations.heads", BERTH_CHECK_PASS, NULL, NULL);
    assert_check (d, "migrations.current", BERTH_CHECK_PASS, NULL, NULL);
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

  g_test_add_func ("/doctor-demo/more-broken-states", test_doctor_more_broken_states);

  return g_test_run ();
}
