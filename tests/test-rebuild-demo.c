/* test-rebuild-demo.c: Rebuild on the demo backend, from nothing and again
 * on the running stack (suite demo: real engine, real builds).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "workflow-demo.h"

static const char * const allowed_events[] = {
  "step-started", "step-output", "step-progress", "step-finished", "finished", NULL
};

static void
assert_at_head (DemoStack *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthMigrationRunner) runner = berth_migration_runner_new_for_project (s->engine, s->project, NULL, &error);
  g_auto(GStrv) current = NULL;
  g_autoptr(GPtrArray) heads = NULL;

  g_assert_no_error (error);
  current = berth_migration_runner_current_sync (runner, NULL, &error);
  g_assert_no_error (error);
  heads = berth_migration_runner_heads_sync (runner, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (heads->len, ==, 1);
  g_assert_cmpuint (g_strv_length (current), ==, 1);
  g_assert_cmpstr (current[0], ==, ((BerthMigrationHistoryEntry *) g_ptr_array_index (heads, 0))->revision);
}

static void
assert_all_healthy (DemoStack *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ps = berth_compose_ps_sync (s->project, s->engine, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ps->len, ==, 2);
  for (guint i = 0; i < ps->len; i++)
    {
      BerthServiceStatus *st = g_ptr_array_index (ps, i);

      g_assert_cmpint (berth_service_status_get_state (st), ==, BERTH_SERVICE_STATE_RUNNING);
      g_assert_cmpint (berth_service_status_get_health (st), ==, BERTH_SERVICE_HEALTH_HEALTHY);
    }
}

static void
test_rebuild_from_nothing_and_again (void)
{
  DemoStack s;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;
  g_autofree char *count = NULL;
  const char *finished_status = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int code = -1;

  demo_stack_init (&s, NULL);

  /* 1. From nothing, through berth-cli --json. */
  {
    const char *argv[] = { berth_test_cli (), "-H", berth_test_engine_host (), "-f", s.file, "-p", s.name,
                           "rebuild", "--json", NULL };

    g_autoptr(GSubprocessLauncher) launcher = demo_stack_launcher (&s, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                          G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_autoptr(GSubprocess) proc = g_subprocess_launcher_spawnv (launcher, argv, &error);

    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
    g_assert_no_error (error);
    code = g_subprocess_get_exit_status (proc);
    if (code != 0)
      g_printerr ("# stdout:\n%s\n# stderr:\n%s\n", out, err);
    g_assert_cmpint (code, ==, 0);
  }

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      JsonObject *o;
      const char *ev;

      if (*lines[i] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      o = json_node_get_object (json_parser_get_root (parser));
      ev = json_object_get_string_member (o, "event");
      g_assert_true (g_strv_contains (allowed_events, ev));
      if (g_str_equal (ev, "step-finished"))
        g_hash_table_replace (statuses, g_strdup (json_object_get_string_member (o, "step")),
                              g_strdup (json_object_get_string_member (o, "status")));
      if (g_str_equal (ev, "finished"))
        {
          finished_status = g_intern_string (json_object_get_string_member (o, "status"));
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "steps")), ==, 7);
          g_assert_nonnull (json_object_get_string_member (o, "summary"));
        }
    }
  g_assert_cmpstr (finished_status, ==, "ok");
  g_assert_cmpuint (g_hash_table_size (statuses), ==, 7);
  g_assert_cmpstr (g_hash_table_lookup (statuses, "down"), ==, "ok");
  g_assert_cmpstr (g_hash_table_lookup (statuses, "build"), ==, "ok");
  g_assert_cmpstr (g_hash_table_lookup (statuses, "up"), ==, "ok");
  g_assert_cmpstr (g_hash_table_lookup (statuses, "wait"), ==, "ok");
  g_assert_cmpstr (g_hash_table_lookup (statuses, "ps"), ==, "ok");
  /* The demo's models match its migrations. */
  g_assert_cmpstr (g_hash_table_lookup (statuses, "migrate"), ==, "skipped");
  /* start.sh upgrades at boot: already at head. */
  g_assert_cmpstr (g_hash_table_lookup (statuses, "upgrade"), ==, "ok");

  assert_all_healthy (&s);
  assert_at_head (&s);

  /* A row that a rebuild must not lose (the volume is kept). */
  g_free (demo_stack_psql (&s, "INSERT INTO users (email, password_hash, created_at) VALUES ('keep@example.org', 'x', now())"));

  /* 2. Again on the running stack, through the API (with the build cache:
   * the no-cache build was exercised above, and the suite has a time limit). */
  {
    BerthWorkflowOptions options = { 0 };
    g_autoptr(BerthWorkflow) wf = NULL;

    options.keep_cache = TRUE;
    wf = berth_workflow_new_rebuild (s.engine, s.project, &options);
    WfRun r = { 0 };

    g_assert_cmpuint (berth_workflow_get_n_steps (wf), ==, 7);
    wf_run (wf, &r);
    g_assert_no_error (r.error);
    g_assert_true (r.ok);
    g_assert_cmpint (berth_workflow_get_status (wf), ==, BERTH_STEP_STATUS_OK);
    g_assert_cmpint (wf_step_status (wf, "down"), ==, BERTH_STEP_STATUS_OK);
    g_assert_cmpint (wf_step_status (wf, "build"), ==, BERTH_STEP_STATUS_OK);
    g_assert_cmpint (wf_step_status (wf, "wait"), ==, BERTH_STEP_STATUS_OK);
    g_assert_cmpint (wf_step_status (wf, "migrate"), ==, BERTH_STEP_STATUS_SKIPPED);
    wf_run_clear (&r);
  }

  assert_all_healthy (&s);
  assert_at_head (&s);
  count = demo_stack_psql (&s, "SELECT count(*) FROM users WHERE email = 'keep@example.org'");
  g_assert_cmpstr (count, ==, "1");

  /* 3. Only some services: api is replaced, db is left running. */
  {
    BerthWorkflowOptions options = { 0 };
    g_autoptr(BerthWorkflow) wf = NULL;
    g_autoptr(JsonObject) db_before = demo_stack_container (&s, "db");
    g_autoptr(JsonObject) api_before = demo_stack_container (&s, "api");
    g_autoptr(JsonObject) db_after = NULL;
    g_autoptr(JsonObject) api_after = NULL;
    char *only_api[] = { (char *) "api", NULL };
    WfRun r = { 0 };

    options.keep_cache = TRUE;
    options.no_migrate = TRUE;
    options.services = only_api;
    wf = berth_workflow_new_rebuild (s.engine, s.project, &options);
    wf_run (wf, &r);
    g_assert_no_error (r.error);
    g_assert_true (r.ok);
    wf_run_clear (&r);

    db_after = demo_stack_container (&s, "db");
    api_after = demo_stack_container (&s, "api");
    g_assert_cmpstr (json_object_get_string_member (db_before, "Id"), ==, json_object_get_string_member (db_after, "Id"));
    g_assert_cmpstr (json_object_get_string_member (api_before, "Id"), !=, json_object_get_string_member (api_after, "Id"));
    assert_all_healthy (&s);
  }

  demo_stack_clear (&s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  berth_test_engine_host ();

  g_test_add_func ("/rebuild-demo/from-nothing-and-again", test_rebuild_from_nothing_and_again);

  return g_test_run ();
}
