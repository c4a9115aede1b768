/* test-window.c: BerthWindow against a real engine and an absent one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "berth-checks-list.h"
#include "berth-compose-operations.h"
#include "berth-engine.h"
#include "berth-inspect-window.h"
#include "berth-service-row.h"
#include "berth-log-view.h"
#include "berth-status-badge.h"
#include "berth-tab-area.h"
#include "berth-terminal-view.h"
#include "berth-test.h"
#include "berth-ui-test.h"
#include "berth-window.h"
#include "window-test.h"

static void
test_engine_connected (void)
{
  const char *host = berth_test_engine_host ();
  BerthWindow *window = window_for_endpoint (host);
  AdwPreferencesRow *row;
  const char *subtitle;

  wait_for_engine (window);
  g_assert_cmpint (berth_window_get_engine_state (window), ==, BERTH_ENGINE_STATE_CONNECTED);

  row = ADW_PREFERENCES_ROW (child (window, "engine_row"));
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (row), "Docker Engine "));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (row), "API 1."));
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_true (g_str_has_prefix (subtitle, host));
  g_assert_false (gtk_widget_get_visible (child (window, "retry_button")));
  g_assert_false (gtk_widget_get_visible (child (window, "engine_spinner")));

  destroy_window (window);
}

static void
test_engine_unreachable (void)
{
  g_autofree char *dir = g_dir_make_tmp ("berth-test-window-XXXXXX", NULL);
  g_autofree char *socket = g_build_filename (dir, "docker.sock", NULL);
  g_autofree char *endpoint = g_strconcat ("unix://", socket, NULL);
  BerthWindow *window = window_for_endpoint (endpoint);
  GtkWidget *retry;
  const char *subtitle;

  wait_for_engine (window);
  g_assert_cmpint (berth_window_get_engine_state (window), ==, BERTH_ENGINE_STATE_UNREACHABLE);

  /* The reason names the socket, and Retry is offered. */
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (child (window, "engine_row")));
  g_assert_nonnull (strstr (subtitle, socket));
  retry = child (window, "retry_button");
  g_assert_true (gtk_widget_get_visible (retry));
  g_assert_true (gtk_widget_has_css_class (child (window, "engine_row"), "engine-unreachable"));

  /* Retry asks again, through the window action the button is bound to. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.retry-engine", NULL));
  g_assert_cmpint (berth_window_get_engine_state (window), ==, BERTH_ENGINE_STATE_CHECKING);
  g_assert_false (gtk_widget_get_visible (retry));
  wait_for_engine (window);
  g_assert_cmpint (berth_window_get_engine_state (window), ==, BERTH_ENGINE_STATE_UNREACHABLE);
  g_assert_true (gtk_widget_get_visible (retry));

  destroy_window (window);
  g_rmdir (dir);
}

static void
test_open_project (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
  g_autofree char *demo = berth_test_source_path ("data", "demo", "probeops-backend", NULL);
  g_autofree char *other = g_dir_make_tmp ("berth-test-project-XXXXXX", NULL);
  g_autofree char *other_name = g_path_get_basename (other);
  g_autoptr(GFile) demo_file = g_file_new_for_path (demo);
  g_autoptr(GFile) other_file = g_file_new_for_path (other);
  const char *compose[] = { "/tmp/a.yml", "/tmp/b.yml", NULL };
  g_auto(GStrv) recent = NULL;
  g_autofree char *last = NULL;
  BerthWindow *window;
  GMenuModel *recent_menu;

  g_settings_set_strv (settings, "recent-projects", NULL);
  window = window_for_endpoint ("unix:///nonexistent/docker.sock");

  /* Welcome state. */
  g_assert_null (berth_window_get_project_dir (window));
  g_assert_true (gtk_widget_get_visible (child (window, "welcome_buttons")));
  g_assert_false (gtk_widget_get_visible (child (window, "project_row")));

  berth_window_open_project (window, demo_file, NULL);
  g_assert_true (g_file_equal (berth_window_get_project_dir (window), demo_file));
  g_assert_null (berth_window_get_compose_files (window));
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (child (window, "window_title"))),
                   ==, "probeops-backend");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child (window, "status_page"))),
                   ==, "probeops-backend");
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "probeops-backend"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (window, "project_row"))), ==, demo);
  g_assert_true (gtk_widget_get_visible (child (window, "project_row")));
  g_assert_false (gtk_widget_get_visible (child (window, "welcome_buttons")));

  berth_window_open_project (window, other_file, compose);
  g_assert_cmpstrv (berth_window_get_compose_files (window), compose);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (child (window, "window_title"))),
                   ==, other_name);

  /* Remembered for the next start, most recent first, no duplicates. */
  berth_window_open_project (window, demo_file, NULL);
  last = g_settings_get_string (settings, "last-project");
  g_assert_cmpstr (last, ==, demo);
  recent = g_settings_get_strv (settings, "recent-projects");
  g_assert_cmpuint (g_strv_length (recent), ==, 2);
  g_assert_cmpstr (recent[0], ==, demo);
  g_assert_cmpstr (recent[1], ==, other);

  recent_menu = G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (window), BERTH_TYPE_WINDOW,
                                                              "recent_section"));
  g_assert_cmpint (g_menu_model_get_n_items (recent_menu), ==, 2);

  /* The recent-project action reopens it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", other));
  g_assert_true (g_file_equal (berth_window_get_project_dir (window), other_file));

  destroy_window (window);
  g_rmdir (other);
}

static void
test_open_not_a_folder (void)
{
  g_autofree char *file = berth_test_source_path ("meson.build", NULL);
  g_autofree char *demo = berth_test_source_path ("data", "demo", "probeops-backend", NULL);
  g_autoptr(GFile) not_dir = g_file_new_for_path (file);
  g_autoptr(GFile) demo_file = g_file_new_for_path (demo);
  BerthWindow *window = window_for_endpoint ("unix:///nonexistent/docker.sock");

  berth_window_open_project (window, demo_file, NULL);
  berth_window_open_project (window, not_dir, NULL);

  /* Refused with a toast; the open project stays. */
  g_assert_true (g_file_equal (berth_window_get_project_dir (window), demo_file));

  destroy_window (window);
}

static void
test_load_error_and_reload (void)
{
  g_autofree char *dir = make_project ("services:\n  web:\n    image: [unclosed\n");
  g_autofree char *file = g_build_filename (dir, "compose.yaml", NULL);
  g_autoptr(GFile) gdir = g_file_new_for_path (dir);
  BerthWindow *window = window_for_endpoint ("unix:///nonexistent/docker.sock");
  const char *description;
  BadgeWait wait = { window, "web", "Not created" };

  berth_window_open_project (window, gdir, NULL);
  wait_until (project_settled, window, "the project to load");

  /* The error names the file, line and column, and Reload is offered. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (window, "main_stack"))), ==, "error");
  g_assert_null (berth_window_get_project (window));
  description = adw_status_page_get_description (ADW_STATUS_PAGE (child (window, "error_page")));
  g_assert_true (g_str_has_prefix (description, file));
  g_assert_true (g_regex_match_simple ("compose\\.yaml:[0-9]+:[0-9]+: ", description, 0, 0));

  g_assert_true (g_file_set_contents (file,
                                      "services:\n"
                                      "  web:\n"
                                      "    image: debian:bookworm-slim\n"
                                      "    unknown_key: 1\n",
                                      -1, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload-project", NULL));
  wait_until (project_settled, window, "the project to reload");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (window, "main_stack"))), ==, "services");
  g_assert_nonnull (berth_window_get_project (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (berth_window_get_service_list (window))), ==, 1);

  /* The ignored key is a warning, shown collapsed. */
  g_assert_true (gtk_widget_get_visible (child (window, "warnings_expander")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (window, "warnings_label"))), "unknown_key"));

  /* The engine is away: the row still lists the service, the banner says why. */
  wait_until (badge_reads, &wait, "the row of web");
  wait_for_engine (window);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (window, "engine_banner"))));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (child (window, "engine_banner_label"))),
                                   "Docker engine not reachable: "));

  destroy_window (window);
  remove_project (dir);
}

static gboolean
chooser_shown (gpointer data)
{
  AdwMessageDialog **out = data;
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          *out = ADW_MESSAGE_DIALOG (w);
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_choose_compose_file (void)
{
  g_autofree char *dir = make_project ("services: {}\n");
  g_autofree char *standard = g_build_filename (dir, "compose.yaml", NULL);
  g_autofree char *backend = g_build_filename (dir, "docker-compose.backend.yml", NULL);
  g_autofree char *worker = g_build_filename (dir, "docker-compose.worker.yml", NULL);
  g_autoptr(GFile) gdir = g_file_new_for_path (dir);
  BerthWindow *window = window_for_endpoint ("unix:///nonexistent/docker.sock");
  AdwMessageDialog *dialog = NULL;
  const char * const *files;

  /* Two docker-compose.*.yml and no standard name: discovery cannot pick. */
  g_unlink (standard);
  g_assert_true (g_file_set_contents (backend, "services:\n  api:\n    image: debian:bookworm-slim\n", -1, NULL));
  g_assert_true (g_file_set_contents (worker, "services:\n  worker:\n    image: debian:bookworm-slim\n", -1, NULL));

  berth_window_open_project (window, gdir, NULL);
  wait_until (project_settled, window, "the project to load");
  g_assert_null (berth_window_get_project (window));

  /* Berth asks which one, listing both; choosing loads that file. */
  wait_until (chooser_shown, &dialog, "the compose file chooser");
  g_assert_true (adw_message_dialog_has_response (dialog, "0"));
  g_assert_true (adw_message_dialog_has_response (dialog, "1"));
  g_assert_false (adw_message_dialog_has_response (dialog, "2"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "1"), ==, "docker-compose.worker.yml");
  /* The dialog closes itself on a response. */
  adw_message_dialog_response (dialog, "1");

  wait_until (project_settled, window, "the chosen file to load");
  g_assert_nonnull (berth_window_get_project (window));
  files = berth_window_get_compose_files (window);
  g_assert_nonnull (files);
  g_assert_cmpstr (files[0], ==, worker);
  g_assert_nonnull (berth_compose_project_get_service (berth_window_get_project (window), "worker"));

  destroy_window (window);
  g_unlink (backend);
  g_unlink (worker);
  g_rmdir (dir);
}

static void
test_services_follow_engine (void)
{
  const char *host = berth_test_engine_host ();
  g_autofree char *dir = make_project ("services:\n"
                                       "  web:\n"
                                       "    image: debian:bookworm-slim\n"
                                       "    command: [\"sleep\", \"300\"]\n");
  g_autofree char *project = g_path_get_basename (dir);
  g_autofree char *name = g_strdup_printf ("%s-web-1", project);
  g_autofree char *body = NULL;
  g_autofree char *query = NULL;
  g_autofree char *path = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GFile) gdir = g_file_new_for_path (dir);
  g_autoptr(BerthEngine) engine = berth_engine_new (host, NULL);
  g_autoptr(JsonNode) created = NULL;
  BerthWindow *window = window_for_endpoint (host);
  BadgeWait wait = { window, "web", NULL };

  berth_window_open_project (window, gdir, NULL);
  wait_until (project_settled, window, "the project to load");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (window, "main_stack"))), ==, "services");

  wait.text = "Not created";
  wait_until (badge_reads, &wait, "Not created");

  /* A container with Compose's labels appears: the engine's events, not a
   * poll, bring it to the row. */
  body = g_strdup_printf ("{\"Image\": \"debian:bookworm-slim\", \"Cmd\": [\"sleep\", \"300\"],"
                          " \"Labels\": {\"com.docker.compose.project\": \"%s\","
                          " \"com.docker.compose.service\": \"web\","
                          " \"com.docker.compose.container-number\": \"1\","
                          " \"com.docker.compose.oneoff\": \"False\"},"
                          " \"HostConfig\": {\"RestartPolicy\": {\"Name\": \"no\"}}}",
                          project);
  query = g_strdup_printf ("name=%s", name);
  created = request (engine, "POST", "/containers/create", query, body);
  id = g_strdup (json_object_get_string_member (json_node_get_object (created), "Id"));

  wait.text = "Created";
  wait_until (badge_reads, &wait, "Created");

  path = g_strdup_printf ("/containers/%s/start", id);
  json_node_unref (request (engine, "POST", path, NULL, NULL));
  wait.text = "Running";
  wait_until (badge_reads, &wait, "Running");
  berth_ui_test_save_png (GTK_WIDGET (window), "window-services");

  g_free (path);
  path = g_strdup_printf ("/containers/%s/kill", id);
  json_node_unref (request (engine, "POST", path, NULL, NULL));
  wait.text = "Exited (137)";
  wait_until (badge_reads, &wait, "Exited (137)");

  /* The row's own Start action goes through the core's compose start. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.service-start", "s", "web"));
  wait.text = "Running";
  wait_until (badge_reads, &wait, "Running after win.service-start");

  g_free (path);
  path = g_strdup_printf ("/containers/%s", id);
  json_node_unref (request (engine, "DELETE", path, "force=1", NULL));
  wait.text = "Not created";
  wait_until (badge_reads, &wait, "Not created after removal");

  destroy_window (window);
  remove_project (dir);
}

static void
test_troubleshoot (void)
{
  const char *host = berth_test_engine_host ();
  g_autofree char *dir = make_project ("services:\n"
                                       "  web:\n"
                                       "    image: debian:bookworm-slim\n"
                                       "    command: [\"sleep\", \"300\"]\n");
  g_autoptr(GFile) gdir = g_file_new_for_path (dir);
  BerthWindow *window = window_for_endpoint (host);
  BerthWorkflowPanel *panel = berth_window_get_workflow_panel (window);
  BadgeWait running = { window, "web", "Running" };
  GtkListBox *steps;

  /* Nothing to troubleshoot without a project. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.troubleshoot", NULL);
  g_assert_null (berth_workflow_panel_get_workflow (panel));

  berth_window_open_project (window, gdir, NULL);
  wait_until (project_settled, window, "the project to load");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.troubleshoot", NULL));
  g_assert_true (berth_workflow_panel_get_running (panel));
  g_assert_true (adw_flap_get_reveal_flap (ADW_FLAP (child (window, "flap"))));
  g_assert_cmpstr (berth_workflow_get_id (berth_workflow_panel_get_workflow (panel)), ==, "doctor");

  /* The other workflows wait for this one: no sheet, same workflow. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.rebuild", NULL);
  g_assert_null (find_dialog ());
  g_assert_cmpstr (berth_workflow_get_id (berth_workflow_panel_get_workflow (panel)), ==, "doctor");

  wait_until (panel_idle, window, "Troubleshoot to finish");
  berth_ui_test_save_png (GTK_WIDGET (window), "window-troubleshoot");
  steps = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (panel), BERTH_TYPE_WORKFLOW_PANEL, "steps_list"));
  g_assert_nonnull (gtk_list_box_get_row_at_index (steps, 0));
  g_assert_cmpint (berth_workflow_get_status (berth_workflow_panel_get_workflow (panel)), !=, BERTH_STEP_STATUS_CANCELLED);

  /* The checks, problems first, each with its fix: web has no container,
   * and "Bring Up" (compose up) is offered. */
  g_assert_true (BERTH_IS_CHECKS_LIST (berth_workflow_panel_get_details (panel)));
  g_assert_cmpuint (berth_checks_list_get_n_fixes (BERTH_CHECKS_LIST (berth_workflow_panel_get_details (panel))), >=, 1);
  g_assert_nonnull (find_fix_button (berth_workflow_panel_get_details (panel), "up"));

  /* The Fix button runs the core's compose up: the service comes up. */
  gtk_widget_activate (find_fix_button (berth_workflow_panel_get_details (panel), "up"));
  wait_until (badge_reads, &running, "web to run after the fix");

  /* Finished: the buttons work again, and the panel can be hidden. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "panel.close", NULL));
  g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (child (window, "flap"))));

  {
    g_autoptr(BerthEngine) engine = berth_engine_new (host, NULL);
    g_autoptr(GError) error = NULL;

    berth_compose_down_sync (berth_window_get_project (window), engine, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }

  destroy_window (window);
  remove_project (dir);
}

static void
test_rebuild_confirmation (void)
{
  const char *host = berth_test_engine_host ();
  g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
  g_autofree char *dir = make_project ("services:\n"
                                       "  web:\n"
                                       "    image: debian:bookworm-slim\n");
  g_autoptr(GFile) gdir = g_file_new_for_path (dir);
  BerthWindow *window = window_for_endpoint (host);
  BerthWorkflowPanel *panel = berth_window_get_workflow_panel (window);
  AdwMessageDialog *dialog;

  g_settings_set_boolean (settings, "confirm-destructive", TRUE);
  berth_window_open_project (window, gdir, NULL);
  wait_until (project_settled, window, "the project to load");

  /* Rebuild asks first; cancelling runs nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rebuild", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "run"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (berth_workflow_panel_get_workflow (panel));

  /* Confirmed, it runs the core's Rebuild in the panel; cancel it at once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rebuild", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "run");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_nonnull (berth_workflow_panel_get_workflow (panel));
  g_assert_cmpstr (berth_workflow_get_id (berth_workflow_panel_get_workflow (panel)), ==, "rebuild");
  berth_workflow_panel_cancel (panel);
  wait_until (panel_idle, window, "Rebuild to stop");

  /* Without confirmations, Migrate starts straight away. */
  g_settings_set_boolean (settings, "confirm-destructive", FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.migrate", NULL));
  g_assert_null (find_dialog ());
  g_assert_cmpstr (berth_workflow_get_id (berth_workflow_panel_get_workflow (panel)), ==, "migrate");
  wait_until (panel_idle, window, "Migrate to finish");
  g_test_message ("migrate: %s", berth_workflow_get_summary (berth_workflow_panel_get_workflow (panel)));
  g_assert_cmpint (berth_workflow_get_status (berth_workflow_panel_get_workflow (panel)), !=, BERTH_STEP_STATUS_RUNNING);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (panel), BERTH_TYPE_WORKFLOW_PANEL, "status_label"))),
                   ==, berth_workflow_get_summary (berth_workflow_panel_get_workflow (panel)));

  /* The cancelled Rebuild may have created the project's network: take
   * the project down with the core's own down. */
  {
    g_autoptr(BerthEngine) engine = berth_engine_new (host, NULL);
    g_autoptr(GError) error = NULL;

    berth_compose_down_sync (berth_window_get_project (window), engine, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }

  g_settings_reset (settings, "confirm-destructive");
  destroy_window (window);
  remove_project (dir);
}

static BerthInspectWindow *
find_inspect_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (BERTH_IS_INSPECT_WINDOW (w))
        return BERTH_INSPECT_WINDOW (w);
    }
  return NULL;
}

static gboolean
inspect_loaded (gpointer data)
{
  BerthInspectWindow *inspect = find_inspect_window ();

  return inspect != NULL && berth_inspect_window_get_loaded (inspect);
}

static GtkWidget *
find_row_titled (GtkWidget  *widget,
                 const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row_titled (c, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_logs_and_terminal (void)
{
  const char *host = berth_test_engine_host ();
  g_autofree char *dir = make_project ("services:\n"
                                       "  web:\n"
                                       "    image: debian:bookworm-slim\n"
                                       "    command: [\"sh\", \"-c\", \"echo hello-from-web; sleep 300\"]\n");
  g_autofree char *project = g_path_get_basename (dir);
  g_autofree char *name = g_strdup_printf ("%s-web-1", project);
  g_autofree char *body = NULL;
  g_autofree char *query = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) gdir = g_file_new_for_path (dir);
  g_autoptr(BerthEngine) engine = berth_engine_new (host, NULL);
  g_autoptr(JsonNode) created = NULL;
  BerthWindow *window = window_for_endpoint (host);
  BadgeWait running = { window, "web", "Running" };
  TabWait logs = { window, BERTH_TYPE_LOG_VIEW, "hello-from-web" };
  TabWait shell = { window, BERTH_TYPE_TERMINAL_VIEW, "berth-42" };
  const char *id;

  body = g_strdup_printf ("{\"Image\": \"debian:bookworm-slim\","
                          " \"Cmd\": [\"sh\", \"-c\", \"echo hello-from-web; sleep 300\"],"
                          " \"Env\": [\"BERTH_TEST_TOKEN=t0ps3cret\"],"
                          " \"Labels\": {\"com.docker.compose.project\": \"%s\","
                          " \"com.docker.compose.service\": \"web\","
                          " \"com.docker.compose.container-number\": \"1\","
                          " \"com.docker.compose.oneoff\": \"False\"}}",
                          project);
  query = g_strdup_printf ("name=%s", name);
  created = request (engine, "POST", "/containers/create", query, body);
  id = json_object_get_string_member (json_node_get_object (created), "Id");
  path = g_strdup_printf ("/containers/%s/start", id);
  json_node_unref (request (engine, "POST", path, NULL, NULL));

  berth_window_open_project (window, gdir, NULL);
  wait_until (project_settled, window, "the project to load");
  wait_until (badge_reads, &running, "web to run");

  /* The row's Logs action opens the service's log in a tab. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.service-logs", "s", "web"));
  wait_until (tab_shows, &logs, "the log line of web");

  /* Its Terminal action opens a shell in the container; what is typed
   * runs there. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.service-terminal", "s", "web"));
  wait_until (shell_running, window, "the shell to start");
  vte_terminal_feed_child (berth_terminal_view_get_terminal (BERTH_TERMINAL_VIEW (selected_tab (window))),
                           "echo berth-$((6*7))\r", -1);
  wait_until (tab_shows, &shell, "the shell's answer");
  berth_ui_test_save_png (GTK_WIDGET (window), "window-terminal");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.service-logs", "s", "web");
  wait_until (tab_shows, &logs, "the log tab again");
  berth_ui_test_save_png (GTK_WIDGET (window), "window-logs");

  /* Inspect reads the container from the engine: its environment. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.service-inspect", "s", "web"));
  wait_until (inspect_loaded, NULL, "the inspect window");
  {
    BerthInspectWindow *inspect = find_inspect_window ();

    GtkWidget *row = find_row_titled (GTK_WIDGET (inspect), "BERTH_TEST_TOKEN");

    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "********");
    gtk_window_destroy (GTK_WINDOW (inspect));
  }

  g_free (path);
  path = g_strdup_printf ("/containers/%s", id);
  json_node_unref (request (engine, "DELETE", path, "force=1", NULL));

  destroy_window (window);
  remove_project (dir);
}

int
main (int argc, char *argv[])
{
  berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/window/engine/connected", test_engine_connected);
  g_test_add_func ("/window/engine/unreachable", test_engine_unreachable);
  g_test_add_func ("/window/project/open", test_open_project);
  g_test_add_func ("/window/project/not-a-folder", test_open_not_a_folder);
  g_test_add_func ("/window/project/load-error-and-reload", test_load_error_and_reload);
  g_test_add_func ("/window/project/choose-compose-file", test_choose_compose_file);
  g_test_add_func ("/window/services/follow-engine", test_services_follow_engine);
  g_test_add_func ("/window/services/logs-and-terminal", test_logs_and_terminal);
  g_test_add_func ("/window/workflows/troubleshoot", test_troubleshoot);
  g_test_add_func ("/window/workflows/rebuild-confirmation", test_rebuild_confirmation);

  return g_test_run ();
}
