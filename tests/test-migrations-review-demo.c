/* test-migrations-review-demo.c: a model change reviewed before it is
 * applied, in the window, on a temporary copy of the demo backend (suite
 * demo: real engine, real builds).
 *
 * The stack is rebuilt and migrated (the database at the demo's head); a
 * column is added to a model in the copy's code and the api rebuilt
 * without migrating; Migrate with "Review Before Applying" generates the
 * revision and stops: the Migrations page shows the new revision pending,
 * its file in the copy's migrations/versions.  Then the page's Upgrade
 * action on it, run as a workflow in the window's panel, applies it: the
 * database's current is the new head, nothing pending.  Screenshots at
 * both points under $BERTH_BUILD_ROOT/tests/output/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "berth-engine-resources.h"
#include "berth-ui-test.h"
#include "berth-window.h"
#include "berth-workflow-dialog.h"
#include "migrations-page-test.h"
#include "workflow-demo.h"

#define HEAD "3f431c11880b"  /* the demo's head */

static char *network;

/* The copy of the demo for the test process `pid`; its folder names the
 * compose project, so the stack is this test's own. */
static char *
project_dir (int pid)
{
  g_autofree char *name = g_strdup_printf ("berth-test-migreview-%d", pid);

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

/* The stack as the window sees it: named after its folder, on the test's
 * network; for psql and for taking it down. */
static void
stack_init (DemoStack *s,
            int        pid)
{
  g_autofree char *dir = project_dir (pid);

  demo_stack_init (s, dir);
  g_free (s->name);
  s->name = g_path_get_basename (dir);
  demo_stack_setenv (s, "PROBEOPS_NETWORK", network);
}

static char *
image_name (int         pid,
            const char *service)
{
  return g_strdup_printf ("berth-test-migreview-%d-%s:latest", pid, service);
}

/* ---- the window ---- */

static GtkWidget *
template_child (BerthWindow *window,
                const char  *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), BERTH_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static gboolean
project_settled (BerthWindow *window)
{
  const char *page = gtk_stack_get_visible_child_name (GTK_STACK (template_child (window, "main_stack")));

  return g_strcmp0 (page, "services") == 0 || g_strcmp0 (page, "error") == 0;
}

static gboolean
panel_idle (BerthWorkflowPanel *panel)
{
  return berth_workflow_panel_get_workflow (panel) != NULL && !berth_workflow_panel_get_running (panel);
}

static BerthWorkflowDialog *
find_workflow_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (BERTH_IS_WORKFLOW_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return BERTH_WORKFLOW_DIALOG (w);
    }
  return NULL;
}

static void
collect_switches (GtkWidget *widget,
                  GPtrArray *found)
{
  if (GTK_IS_SWITCH (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_switches (c, found);
}

/* Starts a workflow from the window as the header bar's button does, and
 * answers its sheet with "run". */
static void
start_workflow (BerthWindow *window,
                const char  *action,
                gboolean     review)
{
  BerthWorkflowDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  WAIT_FOR_SECONDS ((dialog = find_workflow_dialog ()) != NULL, "the workflow sheet", 30);
  if (review)
    {
      g_autoptr(GPtrArray) switches = g_ptr_array_new ();

      /* Migrate's only switch. */
      collect_switches (GTK_WIDGET (dialog), switches);
      g_assert_cmpuint (switches->len, ==, 1);
      g_assert_false (berth_workflow_dialog_get_review (dialog));
      gtk_switch_set_active (g_ptr_array_index (switches, 0), TRUE);
      g_assert_true (berth_workflow_dialog_get_review (dialog));
    }
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "run");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
wait_workflow_ok (BerthWorkflowPanel *panel,
                  const char         *what)
{
  BerthWorkflow *workflow;

  WAIT_FOR_SECONDS (panel_idle (panel), what, 1100);
  workflow = berth_workflow_panel_get_workflow (panel);
  g_printerr ("# %s: %s\n", berth_workflow_get_title (workflow), berth_workflow_get_summary (workflow));
  g_assert_true (berth_step_status_is_success (berth_workflow_get_status (workflow)));
}

/* ---- the page ---- */

/* Reloads until the database reads revision (the api upgrades it when it
 * starts, a while after the container runs). */
static void
wait_current (BerthMigrationsPage *page,
              const char          *revision)
{
  guint timeout = g_timeout_add_seconds (300, timed_out_cb, (gpointer) revision);

  while (!current_is (page, revision))
    {
      WAIT_FOR_SECONDS (!berth_migrations_page_is_loading (page), "a reload", 300);
      if (!current_is (page, revision))
        {
          g_usleep (G_USEC_PER_SEC);
          berth_migrations_page_reload (page);
        }
    }
  g_source_remove (timeout);
  settle ();
}

static guint
count_revision_files (const char *versions)
{
  g_autoptr(GDir) dir = g_dir_open (versions, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".py");
  return n;
}

static void
review_ui (void)
{
  int pid = (int) getppid ();
  g_autofree char *dir = project_dir (pid);
  g_autofree char *versions = g_build_filename (dir, "api", "migrations", "versions", NULL);
  g_autoptr(GFile) gdir = g_file_new_for_path (dir);
  g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
  g_autoptr(GSettings) project_settings = berth_project_settings_new (gdir);
  g_autofree char *new_revision = NULL;
  g_autofree char *new_title = NULL;
  BerthMigrationsPage *page;
  BerthWorkflowPanel *panel;
  BerthWindow *window;
  DemoStack s;

  stack_init (&s, pid);

  /* The build cache keeps the test from reinstalling Debian's packages. */
  g_settings_set_string (settings, "engine-endpoint", berth_test_engine_host ());
  g_settings_set_boolean (settings, "confirm-destructive", TRUE);
  g_settings_set_boolean (project_settings, "rebuild-keep-cache", TRUE);
  g_settings_set_string (project_settings, "migration-message", "add description to probes");

  window = berth_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  panel = berth_window_get_workflow_panel (window);
  page = BERTH_MIGRATIONS_PAGE (template_child (window, "migrations_page"));

  berth_window_open_project (window, gdir, NULL);
  WAIT_FOR_SECONDS (project_settled (window), "the project to load", 60);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (template_child (window, "main_stack"))), ==,
                   "services");
  g_assert_cmpstr (berth_compose_project_get_name (berth_window_get_project (window)), ==, s.name);

  /* Everything up and migrated: Rebuild, with the migrations. */
  start_workflow (window, "win.rebuild", FALSE);
  g_assert_cmpstr (berth_workflow_get_id (berth_workflow_panel_get_workflow (panel)), ==, "rebuild");
  wait_workflow_ok (panel, "the first Rebuild");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK)),
                                         "migrations");
  wait_current (page, HEAD);
  assert_badges (page, HEAD, "current,head");
  g_assert_cmpuint (count_revision_files (versions), ==, 3);

  /* A model change in the copy's code, into the api's image: only the
   * api rebuilt, nothing migrated. */
  {
    g_autofree char *models = g_build_filename (dir, "api", "probeops", "models.py", NULL);
    const char *services[] = { "api", NULL };

    /* On probes: the api's health check reads users, which would fail
     * until the column is there, and Rebuild without migrating waits for
     * healthy. */
    demo_replace_in_file (models,
                     "    interval_seconds = db.Column(db.Integer, nullable=False, server_default=\"60\")\n",
                     "    interval_seconds = db.Column(db.Integer, nullable=False, server_default=\"60\")\n"
                     "    description = db.Column(db.String(200))\n", 0);
    g_settings_set_boolean (project_settings, "rebuild-skip-migrations", TRUE);
    g_settings_set_strv (project_settings, "rebuild-services", services);
  }
  start_workflow (window, "win.rebuild", FALSE);
  wait_workflow_ok (panel, "the api's Rebuild");
  g_assert_cmpint (wf_step_status (berth_workflow_panel_get_workflow (panel), "migrate"), ==,
                   BERTH_STEP_STATUS_SKIPPED);
  wait_current (page, HEAD);
  g_assert_cmpuint (count_revision_files (versions), ==, 3);

  /* Migrate with review: generated, not applied. */
  start_workflow (window, "win.migrate", TRUE);
  {
    BerthWorkflow *migrate = berth_workflow_panel_get_workflow (panel);

    g_assert_cmpstr (berth_workflow_get_id (migrate), ==, "migrate");
    g_assert_cmpuint (berth_workflow_get_n_steps (migrate), ==, 1);
    wait_workflow_ok (panel, "Migrate with review");
    g_assert_cmpint (wf_step_status (migrate, "migrate"), ==, BERTH_STEP_STATUS_CHANGED);
  }
  /* The window reloads the page after every workflow. */
  WAIT_FOR_SECONDS (page_settled (page), "the page to reload", 300);
  {
    BerthMigrationGraph *graph = berth_migrations_page_get_graph (page);
    g_auto(GStrv) heads = berth_migration_graph_dup_heads (graph);
    g_auto(GStrv) pending = berth_migration_graph_dup_pending (graph);
    BerthMigrationNode *node;
    g_autofree char *text = NULL;
    g_autofree char *columns = NULL;
    const char *path;

    g_assert_cmpuint (g_strv_length (heads), ==, 1);
    new_revision = g_strdup (heads[0]);
    g_assert_cmpstr (new_revision, !=, HEAD);
    g_assert_cmpuint (g_strv_length (pending), ==, 1);
    g_assert_cmpstr (pending[0], ==, new_revision);
    g_assert_true (current_is (page, HEAD));

    node = berth_migration_graph_lookup (graph, new_revision);
    g_assert_nonnull (node);
    g_assert_true (berth_migration_node_has_flag (node, BERTH_MIGRATION_NODE_PENDING));
    g_assert_false (berth_migration_node_has_flag (node, BERTH_MIGRATION_NODE_CURRENT));
    g_assert_false (berth_migration_node_has_flag (node, BERTH_MIGRATION_NODE_APPLIED));
    g_assert_cmpstr (berth_migration_node_get_parents (node)[0], ==, HEAD);

    /* Its file is in the copy's migrations/versions, with the change. */
    path = berth_migration_node_get_path (node);
    g_assert_nonnull (path);
    g_assert_true (g_str_has_prefix (path, versions));
    g_assert_true (g_str_has_suffix (path, "_add_description_to_probes.py"));
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "description"));
    g_assert_cmpuint (count_revision_files (versions), ==, 4);

    /* As the rows show it. */
    assert_badges (page, new_revision, "pending,head");
    assert_badges (page, HEAD, "current");
    /* Not applied: the column is not there. */
    columns = demo_stack_psql (&s, "SELECT count(*) FROM information_schema.columns "
                                   "WHERE table_name = 'probes' AND column_name = 'description'");
    g_assert_cmpstr (columns, ==, "0");
  }
  berth_migrations_page_select_revision (page, new_revision);
  settle ();
  berth_ui_test_save_png (GTK_WIDGET (window), "migrations-review-pending");

  /* The page's Upgrade on it: a workflow in the window's panel. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "migrations.upgrade", NULL));
  new_title = g_strdup_printf ("Upgrade to %.12s", new_revision);
  g_assert_true (berth_workflow_panel_get_running (panel));
  g_assert_cmpstr (berth_workflow_get_title (berth_workflow_panel_get_workflow (panel)), ==, new_title);
  g_assert_cmpstr (berth_workflow_get_id (berth_workflow_panel_get_workflow (panel)), ==, "upgrade");
  wait_workflow_ok (panel, "the upgrade");
  g_assert_cmpint (wf_step_status (berth_workflow_panel_get_workflow (panel), "upgrade"), ==,
                   BERTH_STEP_STATUS_CHANGED);
  WAIT_FOR_SECONDS (current_is (page, new_revision), "the page to show the upgrade", 300);
  {
    BerthMigrationGraph *graph = berth_migrations_page_get_graph (page);
    g_auto(GStrv) heads = berth_migration_graph_dup_heads (graph);
    g_auto(GStrv) pending = berth_migration_graph_dup_pending (graph);
    g_autofree char *columns = NULL;

    g_assert_cmpuint (g_strv_length (heads), ==, 1);
    g_assert_cmpstr (heads[0], ==, new_revision);
    g_assert_cmpuint (g_strv_length (pending), ==, 0);
    assert_badges (page, new_revision, "current,head");
    assert_badges (page, HEAD, "applied");
    g_assert_false (gtk_revealer_get_reveal_child (berth_migrations_page_get_problem_banner (page)));
    columns = demo_stack_psql (&s, "SELECT count(*) FROM information_schema.columns "
                                   "WHERE table_name = 'probes' AND column_name = 'description'");
    g_assert_cmpstr (columns, ==, "1");
  }
  berth_ui_test_save_png (GTK_WIDGET (window), "migrations-review-upgraded");

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
  /* The parent takes the stack down. */
  g_clear_object (&s.project);
}

static void
test_review_then_upgrade (void)
{
  int pid = (int) getpid ();
  g_autofree char *demo = berth_test_source_path ("data", "demo", "probeops-backend", NULL);
  g_autofree char *dir = project_dir (pid);
  g_autofree char *compose = g_build_filename (dir, "docker-compose.backend.yml", NULL);
  g_autofree char *images = g_strdup_printf ("image: berth-test-migreview-%d-", pid);
  g_autoptr(GError) error = NULL;
  const char *cp[] = { "cp", "-a", demo, dir, NULL };
  const char *rm[] = { "rm", "-rf", dir, NULL };
  DemoStack s;
  int status;

  if (g_test_subprocess ())
    {
      review_ui ();
      return;
    }

  g_assert_true (g_spawn_sync (NULL, (char **) cp, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  /* Images of its own: the shared demo images stay as they are. */
  demo_replace_in_file (compose, "image: probeops-backend-", images, 0);

  g_test_trap_subprocess (NULL, 0,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);

  stack_init (&s, pid);
  {
    g_autoptr(BerthEngine) engine = g_object_ref (s.engine);
    g_autofree char *api = image_name (pid, "api");
    g_autofree char *db = image_name (pid, "db");

    demo_stack_clear (&s);
    berth_engine_image_remove_sync (engine, api, TRUE, NULL, NULL);
    berth_engine_image_remove_sync (engine, db, TRUE, NULL, NULL);
  }
  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  /* Before any thread exists: the demo's compose file reads these. */
  /* The same in the UI subprocess, which the parent cleans up after. */
  if (g_getenv ("BERTH_TEST_MIGREVIEW_NETWORK") != NULL)
    network = g_strdup (g_getenv ("BERTH_TEST_MIGREVIEW_NETWORK"));
  else
    network = g_strdup_printf ("berth-test-migreview-net-%08x", g_random_int ());
  g_setenv ("BERTH_TEST_MIGREVIEW_NETWORK", network, TRUE);
  g_setenv ("PROBEOPS_NETWORK", network, TRUE);
  g_setenv ("API_PORT", "0", TRUE);

  berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/migrations-review-demo/review-then-upgrade", test_review_then_upgrade);

  return g_test_run ();
}
