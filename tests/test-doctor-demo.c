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
    g_autoptr(JsonObject) api_after = NULL;
    g_autofree char *net_id = g_strdup_printf ("network.%s.api", s.name);
    g_autoptr(BerthDoctor) d = NULL;
    const char *resolve[] = { "getent", "hosts", "db", NULL };
    g_autofree char *hosts = NULL;

    berth_engine_network_disconnect_sync (s.engine, s.name, json_object_get_string_member (api, "Id"), TRUE,
                                          NULL, &error);
    g_assert_no_error (error);
    d = run_doctor (&s);
    assert_check (d, net_id, BERTH_CHECK_FAIL, "up", "not attached");
    assert_check (d, "dns.api.db", BERTH_CHECK_FAIL, "up", NULL);

    /* The fix: up, which puts the running container back on its network
     * (the same container: nothing is recreated). */
    demo_stack_up (&s);
    api_after = demo_stack_container (&s, "api");
    g_assert_cmpstr (json_object_get_string_member (api_after, "Id"), ==, json_object_get_string_member (api, "Id"));
    hosts = demo_stack_exec (&s, "api", resolve);
    g_assert_nonnull (strstr (hosts, " db"));
    g_clear_object (&d);
    d = run_doctor (&s);
    assert_check (d, net_id, BERTH_CHECK_PASS, NULL, NULL);
    assert_check (d, "dns.api.db", BERTH_CHECK_PASS, NULL, NULL);
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
