/* test-window-demo.c: the window on the demo backend, end to end (suite
 * demo: real engine, real builds).  Rebuild through the exported action,
 * both services up and healthy as the badges read them, a shell in the
 * api container and its logs; screenshots of each state under
 * $BERTH_BUILD_ROOT/tests/output/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "berth-application.h"
#include "berth-compose-operations.h"
#include "berth-ui-test.h"
#include "berth-workflow-dialog.h"
#include "window-test.h"

static char *network;

static gboolean
panel_finished (gpointer data)
{
  BerthWorkflowPanel *panel = berth_window_get_workflow_panel (data);

  return berth_workflow_panel_get_workflow (panel) != NULL && !berth_workflow_panel_get_running (panel);
}

static gboolean
log_has_text (gpointer data)
{
  GtkWidget *tab = selected_tab (data);
  g_autofree char *text = NULL;

  if (!BERTH_IS_LOG_VIEW (tab))
    return FALSE;
  text = berth_log_view_dup_text (BERTH_LOG_VIEW (tab));
  return text != NULL && g_strstrip (text)[0] != '\0';
}

static void
test_rebuild_demo (void)
{
  const char *host = berth_test_engine_host ();
  g_autofree char *demo = berth_test_source_path ("data", "demo", "probeops-backend", NULL);
  g_autofree char *name = g_strdup_printf ("berth-test-ui-demo-%08x", g_random_int ());
  g_autofree char *dir = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GFile) gdir = g_file_new_for_path (dir);
  g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
  g_autoptr(GSettings) project_settings = NULL;
  g_autoptr(BerthEngine) engine = berth_engine_new (host, NULL);
  g_autoptr(GError) error = NULL;
  const char *cp_argv[] = { "cp", "-a", demo, dir, NULL };
  const char *rm_argv[] = { "rm", "-rf", dir, NULL };
  BerthWindow *window;
  BerthWorkflowPanel *panel;
  BadgeWait db = { NULL, "db", "Healthy" };
  BadgeWait api = { NULL, "api", "Healthy" };
  TabWait current = { NULL, BERTH_TYPE_TERMINAL_VIEW, "(head)" };
  int status;

  /* A copy, so the project (named after its folder) is this test's own. */
  g_assert_true (g_spawn_sync (NULL, (char **) cp_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  /* What the options sheet would store; the build cache keeps the test
   * from reinstalling Debian packages every time. */
  project_settings = berth_project_settings_new (gdir);
  g_settings_set_boolean (project_settings, "rebuild-keep-cache", TRUE);
  g_settings_set_string (project_settings, "migration-message", "UI test");
  g_settings_set_boolean (settings, "confirm-destructive", FALSE);

  window = window_for_endpoint (host);
  db.window = api.window = current.window = window;
  panel = berth_window_get_workflow_panel (window);

  berth_window_open_project (window, gdir, NULL);
  wait_until (project_settled, window, "the demo project to load");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (window, "main_stack"))), ==, "services");
  berth_ui_test_save_png (GTK_WIDGET (window), "demo-before-rebuild");

  /* Rebuild, as Ctrl+Shift+R or the desktop action trigger it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rebuild", NULL));
  g_assert_true (berth_workflow_panel_get_running (panel));
  g_assert_cmpstr (berth_workflow_get_id (berth_workflow_panel_get_workflow (panel)), ==, "rebuild");
  wait_until_for (panel_finished, window, "Rebuild to finish", 1100);
  berth_ui_test_save_png (GTK_WIDGET (window), "demo-rebuild");
  g_test_message ("rebuild: %s", berth_workflow_get_summary (berth_workflow_panel_get_workflow (panel)));
  g_assert_true (berth_step_status_is_success (berth_workflow_get_status (berth_workflow_panel_get_workflow (panel))));

  /* Both services read Healthy on their badges, from the engine's events. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "panel.close", NULL));
  wait_until (badge_reads, &db, "db to read Healthy");
  wait_until (badge_reads, &api, "api to read Healthy");
  berth_ui_test_save_png (GTK_WIDGET (window), "demo-services");

  /* A shell in api: the migrations are applied. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.service-terminal", "s", "api"));
  wait_until (shell_running, window, "the shell in api");
  vte_terminal_feed_child (berth_terminal_view_get_terminal (BERTH_TERMINAL_VIEW (selected_tab (window))),
                           "flask db current\r", -1);
  wait_until (tab_shows, &current, "flask db current to report the head");
  berth_ui_test_save_png (GTK_WIDGET (window), "demo-terminal");

  /* And its logs. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.service-logs", "s", "api"));
  wait_until (log_has_text, window, "the api logs");
  berth_ui_test_save_png (GTK_WIDGET (window), "demo-logs");

  /* Down with the volumes: this test's own stack only. */
  {
    g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();

    options->volumes = TRUE;
    berth_compose_down_sync (berth_window_get_project (window), engine, options, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }

  destroy_window (window);
  g_settings_reset (settings, "confirm-destructive");
  g_assert_true (g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
}

int
main (int argc, char *argv[])
{
  /* Before any thread exists: the demo's compose file reads these. */
  network = g_strdup_printf ("berth-test-ui-demo-net-%08x", g_random_int ());
  g_setenv ("PROBEOPS_NETWORK", network, TRUE);
  g_setenv ("API_PORT", "0", TRUE);

  berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/window-demo/rebuild", test_rebuild_demo);

  return g_test_run ();
}
