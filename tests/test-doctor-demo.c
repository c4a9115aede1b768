/* test-doctor-demo.c: Troubleshoot on the demo backend, broken on purpose:
 * each breakage is diagnosed by the expected failing check and fixed by
 * the fix it suggests (suite demo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "berth-engine-resources.h"
#include "workflow-demo.h"

static void
wait_healthy (DemoStack *s)
{
  for (int i = 0; i < 240; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) ps = berth_compose_ps_sync (s->project, s->engine, NULL, NULL, NULL, NULL, &error);
      guint ready = 0;

      g_assert_no_error (error);
      for (guint j = 0; j < ps->len; j++)
        {
          BerthServiceStatus *st = g_ptr_array_index (ps, j);

          ready += berth_service_status_get_state (st) == BERTH_SERVICE_STATE_RUNNING &&
                   berth_service_status_get_health (st) == BERTH_SERVICE_HEALTH_HEALTHY;
        }
      if (ready == ps->len && ps->len == 2)
        return;
      g_usleep (G_USEC_PER_SEC);
    }
  g_error ("the demo stack did not become healthy");
}

static BerthDoctor *
run_doctor (DemoStack *s)
{
  const char *files[] = { s->file, s->override, NULL };
  BerthDoctor *doctor = berth_doctor_new (s->engine, NULL, files, s->name);
  g_autoptr(BerthWorkflow) wf = NULL;
  GPtrArray *checks;
  WfRun r = { 0 };

  berth_doctor_set_environment (doctor, s->env);
  wf = berth_doctor_create_workflow (doctor);
  wf_run (wf, &r);
  checks = berth_doctor_get_checks (doctor);
  for (guint i = 0; i < checks->len; i++)
    {
      BerthDoctorCheck *c = g_ptr_array_index (checks, i);

      if (c->status == BERTH_CHECK_FAIL || c->status == BERTH_CHECK_WARN)
        g_printerr ("#   %s %s: %s (fix %s)\n", berth_check_status_to_string (c->status), c->id, c->finding,
                    c->fix ? c->fix : "-");
    }
  /* The run fails exactly when a check failed. */
  g_assert_cmpint (r.ok, ==, berth_doctor_count (doctor, BERTH_CHECK_FAIL) == 0);
  wf_run_clear (&r);
  return doctor;
}

static void
assert_check (BerthDoctor *doctor, const char *id, BerthCheckStatus status, const char *fix, const char *finding_part)
{
  const BerthDoctorCheck *c = doctor_check (doctor, id);

  if (c == NULL)
    g_error ("no check %s", id);
  if (c->status != status)
    g_error ("check %s is %s, expected %s: %s", id, berth_check_status_to_string (c->status),
             berth_check_status_to_string (status), c->finding);
  if (fix)
    g_assert_cmpstr (c->fix, ==, fix);
  if (finding_part && strstr (c->finding, finding_part) == NULL)
    g_error ("check %s: “%s” does not say “%s”", id, c->finding, finding_part);
}

static void
run_workflow_ok (BerthWorkflow *wf)
{
  WfRun r = { 0 };

  wf_run (wf, &r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  wf_run_clear (&r);
}

static void
test_doctor_broken_states (void)
{
  DemoStack s;
  g_autoptr(GError) error = NULL;

  demo_stack_init (&s, NULL);
  demo_stack_up (&s);
  wait_healthy (&s);

  g_test_message ("healthy stack");
  {
    g_autoptr(BerthDoctor) d = run_doctor (&s);

    g_assert_cmpuint (berth_doctor_count (d, BERTH_CHECK_FAIL), ==, 0);
    assert_check (d, "migrations.current", BERTH_CHECK_PASS, NULL, NULL);
    assert_check (d, "flask.api.env", BERTH_CHECK_PASS, NULL, NULL);
    assert_check (d, "dns.api.db", BERTH_CHECK_PASS, NULL, NULL);
    assert_check (d, "service.db.health", BERTH_CHECK_PASS, NULL, NULL);
  }

  g_test_message ("berth-cli doctor --json");
  {
    g_autoptr(GSubprocessLauncher) launcher = demo_stack_launcher (&s, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
    g_autoptr(GSubprocess) proc = NULL;
    g_autofree char *out = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(JsonNode) last = NULL;
    g_autoptr(JsonNode) finished = NULL;
    JsonArray *checks;
    guint n;

    proc = g_subprocess_launcher_spawn (launcher, &error, berth_test_cli (), "-H", berth_test_engine_host (),
                                        "-f", s.file, "-p", s.name, "doctor", "--json", NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
    lines = g_strsplit (g_strstrip (out), "\n", -1);
    n = g_strv_length (lines);
    g_assert_cmpuint (n, >=, 3);
    /* ... "finished" then the array of checks. */
    finished = json_from_string (lines[n - 2], &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (finished), "event"), ==, "finished");
    last = json_from_string (lines[n - 1], &error);
    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (last));
    checks = json_node_get_array (last);
    g_assert_cmpuint (json_array_get_length (checks), >, 10);
    for (guint i = 0; i < json_array_get_length (checks); i++)
      {
        JsonObject *c = json_array_get_object_element (checks, i);
        const char *keys[] = { "id", "title", "status", "finding", "evidence", "fix" };

        for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
          g_assert_true (json_object_has_member (c, keys[k]));
        g_assert_cmpstr (json_object_get_string_member (c, "status"), !=, "fail");
      }
  }

  g_test_message ("db stopped");
  {
    g_autoptr(JsonObject) db = demo_stack_container (&s, "db");
    g_autoptr(BerthDoctor) d = NULL;

    berth_engine_container_stop_sync (s.engine, json_object_get_string_member (db, "Id"), 20, NULL, &error);
    g_assert_no_error (error);
    d = run_doctor (&s);
    assert_check (d, "service.db.state", BERTH_CHECK_FAIL, "up", "db");
  }
  /* The fix: up. */
  demo_stack_up (&s);
  wait_healthy (&s);
  {
    g_autoptr(BerthDoctor) d = run_doctor (&s);
    assert_check (d, "service.db.state", BERTH_CHECK_PASS, NULL, NULL);
  }

  g_test_message ("database behind the models");
  {
    const char *downgrade[] = { "flask", "db", "downgrade", "16999e815ea6", NULL };
    const char *request[] = { "curl", "-s", "-o", "/dev/null", "http://127.0.0.1:5000/users", NULL };
    g_autoptr(BerthDoctor) d = NULL;

    g_free (demo_stack_exec (&s, "api", downgrade));
    g_free (demo_stack_exec (&s, "api", request));
    d = run_doctor (&s);
    assert_check (d, "logs.api.schema", BERTH_CHECK_FAIL, "migrate", "users.is_admin");
    assert_check (d, "migrations.current", BERTH_CHECK_FAIL, "migrate", "behind");
  }
  /* The fix: Migrate (then the app restarts with the schema it expects). */
  {
    g_autoptr(BerthWorkflow) wf = berth_workflow_new_migrate (s.engine, s.project, NULL);
    g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
    const char *api[] = { "api", NULL };
    g_autoptr(BerthDoctor) d = NULL;

    run_workflow_ok (wf);
    options->services = g_strdupv ((char **) api);
    options->timeout = -1;
    berth_compose_restart_sync (s.project, s.engine, options, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    wait_healthy (&s);
    d = run_doctor (&s);
    assert_check (d, "migrations.current", BERTH_CHECK_PASS, NULL, NULL);
    assert_check (d, "logs.api.schema", BERTH_CHECK_PASS, NULL, NULL);
  }

  g_test_message ("api detached from the network");
  {
    g_autoptr(JsonObject) api = demo_stack_container (&s, "api");
    g_autofree char *net_id = g_strdup_printf ("network.%s.api", s.name);
    g_autoptr(BerthDoctor) d = NULL;
    g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
    const char *only_api[] = { "api", NULL };

    berth_engine_network_disconnect_sync (s.engine, s.name, json_object_get_string_member (api, "Id"), TRUE,
                                          NULL, &error);
    g_assert_no_error (error);
    d = run_doctor (&s);
    assert_check (d, net_id, BERTH_CHECK_FAIL, "recreate:api", "not attached");
    assert_check (d, "dns.api.db", BERTH_CHECK_FAIL, "recreate:api", NULL);

    /* The fix: recreate api (up --force-recreate api). */
    options->services = g_strdupv ((char **) only_api);
    options->force_recreate = TRUE;
    options->timeout = -1;
    berth_compose_up_sync (s.project, s.engine, options, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    wait_healthy (&s);
    g_clear_object (&d);
    d = run_doctor (&s);
    assert_check (d, net_id, BERTH_CHECK_PASS, NULL, NULL);
    assert_check (d, "dns.api.db", BERTH_CHECK_PASS, NULL, NULL);
  }

  g_test_message ("two heads");
  {
    /* A second branch from the middle of the history, in the container
     * only (the host's files stay as they are). */
    const char *add[] = { "sh", "-c",
                          "printf '%s\\n' '\"\"\"branch' '' 'Revision ID: aaaaaaaaaaaa' '\"\"\"' "
                          "\"revision = 'aaaaaaaaaaaa'\" \"down_revision = '20bca17a00f0'\" "
                          "'branch_labels = None' 'depends_on = None' '' "
                          "'def upgrade():' '    pass' '' 'def downgrade():' '    pass' "
                          "> /app/migrations/versions/aaaaaaaaaaaa_branch.py", NULL };
    const char *rm[] = { "rm", "-f", "/app/migrations/versions/aaaaaaaaaaaa_branch.py", NULL };
    g_autoptr(BerthDoctor) d = NULL;

    g_free (demo_stack_exec (&s, "api", add));
    d = run_doctor (&s);
    assert_check (d, "migrations.heads", BERTH_CHECK_FAIL, "merge-heads", "2 heads");
    g_free (demo_stack_exec (&s, "api", rm));
  }

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
    g_autoptr(BerthDoctor) d = NULL;

    demo_stack_set_override (&s, "services:\n  api:\n    environment:\n      FLASK_APP: \"\"\n");
    demo_stack_up (&s);
    wait_healthy (&s);
    d = run_doctor (&s);
    assert_check (d, "flask.api.env", BERTH_CHECK_FAIL, NULL, "FLASK_APP");
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

  demo_stack_clear (&s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  berth_test_engine_host ();

  g_test_add_func ("/doctor-demo/broken-states", test_doctor_broken_states);

  return g_test_run ();
}
