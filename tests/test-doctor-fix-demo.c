/* test-doctor-fix-demo.c: Troubleshoot on the demo backend, broken on purpose
 * (second half: two heads, a taken port, FLASK_APP, a bad command):
 * each breakage is diagnosed by the expected failing check and fixed by
 * the fix it suggests (suite demo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "berth-engine-resources.h"
#include "workflow-demo.h"

static void
test_doctor_more_broken_states (void)
{
  DemoStack s;
  g_autoptr(GError) error = NULL;

  demo_stack_init (&s, NULL);
  demo_stack_up (&s);
  wait_healthy (&s);

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

  g_test_add_func ("/doctor-demo/more-broken-states", test_doctor_more_broken_states);

  return g_test_run ();
}
