/* test-rebuild-model-demo.c: a model change on a temporary copy of the
 * demo backend: Rebuild generates the migration, copies it to the host and
 * applies it (suite demo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "berth-engine-resources.h"
#include "workflow-demo.h"

static guint
count_revision_files (const char *dir, char **found_with)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;

      if (!g_str_has_suffix (name, ".py"))
        continue;
      n++;
      if (g_file_get_contents (path, &text, NULL, NULL) && strstr (text, "nickname"))
        {
          g_free (*found_with);
          *found_with = g_strdup (name);
        }
    }
  return n;
}

static void
run_ok (BerthWorkflow *wf, gpointer unused)
{
  WfRun r = { 0 };

  wf_run (wf, &r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  wf_run_clear (&r);
}

static void
run_expect_failure (BerthWorkflow *wf)
{
  WfRun r = { 0 };

  wf_run (wf, &r);
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  wf_run_clear (&r);
}

static void
test_rebuild_model_change (void)
{
  g_autofree char *src = berth_test_source_path ("data", "demo", "probeops-backend", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("berth-test-wf-model-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (tmp, "probeops-backend", NULL);
  g_autofree char *versions = NULL;
  g_autofree char *new_file = NULL;
  g_autofree char *api_image = NULL, *db_image = NULL, *replace_to = NULL;
  g_autoptr(BerthWorkflow) wf = NULL;
  g_autoptr(GError) error = NULL;
  BerthWorkflowOptions options = { 0 };
  DemoStack s;
  WfRun r = { 0 };
  int status = -1;

  g_assert_nonnull (tmp);
  {
    const char *argv[] = { "cp", "-a", src, copy, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  demo_stack_init (&s, copy);
  /* Images of our own, so the shared demo images stay as they are. */
  replace_to = g_strdup_printf ("image: %s-", s.name);
  demo_replace_in_file (s.file, "image: probeops-backend-", replace_to, 0);
  api_image = g_strdup_printf ("%s-api:latest", s.name);
  db_image = g_strdup_printf ("%s-db:latest", s.name);
  {
    g_autofree char *models = g_build_filename (copy, "api", "probeops", "models.py", NULL);
    demo_replace_in_file (models, "    created_at = db.Column(db.DateTime, nullable=False, default=datetime.utcnow)\n\n    probes",
                     "    created_at = db.Column(db.DateTime, nullable=False, default=datetime.utcnow)\n"
                     "    nickname = db.Column(db.String(80))\n\n    probes", 0);
  }
  demo_stack_load (&s);
  versions = g_build_filename (copy, "api", "migrations", "versions", NULL);
  g_assert_cmpuint (count_revision_files (versions, &new_file), ==, 3);
  g_assert_null (new_file);

  options.keep_cache = TRUE;
  options.message = (char *) "add nickname to users";
  wf = berth_workflow_new_rebuild (s.engine, s.project, &options);
  wf_run (wf, &r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpint (wf_step_status (wf, "migrate"), ==, BERTH_STEP_STATUS_CHANGED);
  g_assert_cmpint (wf_step_status (wf, "upgrade"), ==, BERTH_STEP_STATUS_CHANGED);

  /* The generated revision is on the host, next to the others. */
  g_assert_cmpuint (count_revision_files (versions, &new_file), ==, 4);
  g_assert_nonnull (new_file);
  g_assert_true (g_str_has_suffix (new_file, "_add_nickname_to_users.py"));

  /* And applied: the column exists. */
  {
    g_autofree char *col = demo_stack_psql (&s, "SELECT column_name FROM information_schema.columns "
                                                "WHERE table_name = 'users' AND column_name = 'nickname'");
    g_assert_cmpstr (col, ==, "nickname");
  }

  wf_run_clear (&r);

  /* A second change the health check does not depend on (a new table),
   * rebuilt without migrating: Verify sees models ahead of migrations,
   * Migrate --review generates without applying, Migrate applies, and
   * Verify --round-trip passes. */
  {
    g_autofree char *models = g_build_filename (copy, "api", "probeops", "models.py", NULL);
    g_autoptr(BerthWorkflow) rebuild = NULL;
    BerthWorkflowOptions o = { 0 };
    g_autofree char *tables = NULL;

    demo_replace_in_file (models, "class Probe(db.Model):",
                     "class Tag(db.Model):\n"
                     "    __tablename__ = \"tags\"\n\n"
                     "    id = db.Column(db.Integer, primary_key=True)\n"
                     "    name = db.Column(db.String(40), nullable=False)\n\n\n"
                     "class Probe(db.Model):", 0);
    o.keep_cache = TRUE;
    o.no_migrate = TRUE;
    rebuild = berth_workflow_new_rebuild (s.engine, s.project, &o);
    run_ok (rebuild, NULL);
    g_assert_cmpint (wf_step_status (rebuild, "migrate"), ==, BERTH_STEP_STATUS_SKIPPED);
    g_assert_cmpint (wf_step_status (rebuild, "upgrade"), ==, BERTH_STEP_STATUS_SKIPPED);

    {
      g_autoptr(BerthWorkflow) verify = berth_workflow_new_verify (s.engine, s.project, NULL);

      run_expect_failure (verify);
      g_assert_cmpint (wf_step_status (verify, "flask"), ==, BERTH_STEP_STATUS_OK);
      g_assert_cmpint (wf_step_status (verify, "folders"), ==, BERTH_STEP_STATUS_OK);
      g_assert_cmpint (wf_step_status (verify, "heads"), ==, BERTH_STEP_STATUS_OK);
      g_assert_cmpint (wf_step_status (verify, "current"), ==, BERTH_STEP_STATUS_OK);
      g_assert_cmpint (wf_step_status (verify, "check"), ==, BERTH_STEP_STATUS_FAILED);
    }
    {
      BerthWorkflowOptions m = { 0 };
      g_autoptr(BerthWorkflow) review = NULL;

      m.review = TRUE;
      m.message = (char *) "add tags";
      review = berth_workflow_new_migrate (s.engine, s.project, &m);
      g_assert_cmpuint (berth_workflow_get_n_steps (review), ==, 1);
      run_ok (review, NULL);
      g_assert_cmpint (wf_step_status (review, "migrate"), ==, BERTH_STEP_STATUS_CHANGED);
      g_assert_cmpuint (count_revision_files (versions, &new_file), ==, 5);
      /* Generated, not applied. */
      tables = demo_stack_psql (&s, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'tags'");
      g_assert_cmpstr (tables, ==, "0");
      g_clear_pointer (&tables, g_free);
    }
    {
      g_autoptr(BerthWorkflow) verify = berth_workflow_new_verify (s.engine, s.project, NULL);

      run_expect_failure (verify);
      g_assert_cmpint (wf_step_status (verify, "folders"), ==, BERTH_STEP_STATUS_OK);
      g_assert_cmpint (wf_step_status (verify, "current"), ==, BERTH_STEP_STATUS_FAILED);
    }
    {
      g_autoptr(BerthWorkflow) migrate = berth_workflow_new_migrate (s.engine, s.project, NULL);

      run_ok (migrate, NULL);
      /* The reviewed revision is pending: it is applied, nothing new is generated. */
      g_assert_cmpint (wf_step_status (migrate, "migrate"), ==, BERTH_STEP_STATUS_WARNING);
      g_assert_cmpint (wf_step_status (migrate, "upgrade"), ==, BERTH_STEP_STATUS_CHANGED);
      tables = demo_stack_psql (&s, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'tags'");
      g_assert_cmpstr (tables, ==, "1");
    }
    {
      BerthWorkflowOptions v = { 0 };
      g_autoptr(BerthWorkflow) verify = NULL;
      g_autofree char *before = NULL, *after = NULL;
      const char *list_dbs = "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database";

      before = demo_stack_psql (&s, list_dbs);
      v.round_trip = TRUE;
      verify = berth_workflow_new_verify (s.engine, s.project, &v);
      run_ok (verify, NULL);
      g_assert_cmpint (wf_step_status (verify, "check"), ==, BERTH_STEP_STATUS_OK);
      g_assert_cmpint (wf_step_status (verify, "round-trip"), ==, BERTH_STEP_STATUS_OK);
      /* The throw-away database is gone, the real one untouched. */
      after = demo_stack_psql (&s, list_dbs);
      g_assert_cmpstr (before, ==, after);
      g_free (tables);
      tables = demo_stack_psql (&s, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'tags'");
      g_assert_cmpstr (tables, ==, "1");
    }
  }

  {
    g_autoptr(BerthEngine) engine = g_object_ref (s.engine);

    demo_stack_clear (&s);
    berth_engine_image_remove_sync (engine, api_image, TRUE, NULL, NULL);
    berth_engine_image_remove_sync (engine, db_image, TRUE, NULL, NULL);
  }
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

  g_test_add_func ("/rebuild-demo/model-change", test_rebuild_model_change);

  return g_test_run ();
}
