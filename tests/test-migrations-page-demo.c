/* test-migrations-page-demo.c: the Migrations page on the demo backend
 * running on the test engine (suite demo: real engine, real containers).
 * The database side as the badges and the banner show it, and the page's
 * own actions: Downgrade to Here (through its confirmation, which lists
 * what it undoes), Upgrade to Here, the banner's Upgrade fix, and Stamp,
 * each a workflow the page hands out through ::run-workflow (run here in a
 * BerthWorkflowPanel, as the window does), the runner's output in the
 * panel, and the page refreshing when it is done.  Screenshots of each
 * state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "berth-ui-test.h"
#include "berth-workflow-panel.h"
#include "migrations-page-test.h"
#include "workflow-demo.h"

#define BASE "16999e815ea6"
#define MID  "20bca17a00f0"
#define HEAD "3f431c11880b"

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* What a click on the dialog's button does: the response, then closing. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* What the window does with the page's workflows, plus a record of what
 * ran: titles and output lines. */
typedef struct
{
  BerthWorkflowPanel *panel;
  GPtrArray          *titles;
  GString            *output;
} Runs;

static void
run_event_cb (BerthWorkflow      *workflow,
              BerthWorkflowEvent *event,
              Runs               *runs)
{
  if (berth_workflow_event_get_kind (event) == BERTH_WORKFLOW_EVENT_STEP_OUTPUT)
    g_string_append_printf (runs->output, "%s\n", berth_workflow_event_get_line (event));
}

static void
run_workflow_cb (BerthMigrationsPage *page,
                 BerthWorkflow       *workflow,
                 Runs                *runs)
{
  if (berth_workflow_panel_get_running (runs->panel))
    return;
  g_ptr_array_add (runs->titles, g_strdup (berth_workflow_get_title (workflow)));
  g_signal_connect (workflow, "event", G_CALLBACK (run_event_cb), runs);
  berth_workflow_panel_run (runs->panel, workflow);
}

/* The last workflow ran to success, with title. */
static void
assert_last_run (Runs       *runs,
                 const char *title)
{
  BerthWorkflow *workflow = berth_workflow_panel_get_workflow (runs->panel);

  g_assert_nonnull (workflow);
  g_assert_false (berth_workflow_panel_get_running (runs->panel));
  g_assert_cmpstr (berth_workflow_get_title (workflow), ==, title);
  g_assert_cmpstr (g_ptr_array_index (runs->titles, runs->titles->len - 1), ==, title);
  g_assert_true (berth_step_status_is_success (berth_workflow_get_status (workflow)));
}

/* The stack of the test process `pid`: a private copy of the demo (its
 * project, files and database are this test's own), under a name the UI
 * subprocess can find again. */
static char *
stack_dir (int pid)
{
  g_autofree char *name = g_strdup_printf ("berth-test-migpage-%d", pid);

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
stack_init (DemoStack *s,
            int        pid)
{
  g_autofree char *dir = stack_dir (pid);
  g_autofree char *copy = g_build_filename (dir, "probeops-backend", NULL);

  demo_stack_init (s, copy);
  g_free (s->name);
  s->name = g_strdup_printf ("berth-test-migpage-%d", pid);
  demo_stack_setenv (s, "PROBEOPS_NETWORK", s->name);
}

/* The page's part, in a subprocess: whatever fails there, the parent
 * takes the stack down. */
static void
actions_ui (void)
{
  g_autoptr(BerthMigrationRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  BerthMigrationsPage *page;
  GtkWidget *window, *overlay, *box;
  Runs runs = { 0 };
  DemoStack s;

  stack_init (&s, (int) getppid ());

  runner = berth_migration_runner_new_for_project (s.engine, s.project, "api", &error);
  g_assert_no_error (error);

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  overlay = adw_toast_overlay_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  page = BERTH_MIGRATIONS_PAGE (berth_migrations_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (page), TRUE);
  runs.panel = BERTH_WORKFLOW_PANEL (berth_workflow_panel_new ());
  gtk_widget_set_size_request (GTK_WIDGET (runs.panel), -1, 220);
  runs.titles = g_ptr_array_new_with_free_func (g_free);
  runs.output = g_string_new (NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (page));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (runs.panel));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), box);
  adw_window_set_content (ADW_WINDOW (window), overlay);
  g_signal_connect (page, "run-workflow", G_CALLBACK (run_workflow_cb), &runs);
  gtk_window_present (GTK_WINDOW (window));

  /* The api upgrades the database when it starts: current reaches head. */
  berth_migrations_page_set_runner (page, runner);
  {
    guint timeout = g_timeout_add_seconds (300, timed_out_cb, (gpointer) "the database at head");

    while (!current_is (page, HEAD))
      {
        WAIT_FOR (!berth_migrations_page_is_loading (page), "a reload");
        if (!current_is (page, HEAD))
          {
            g_usleep (G_USEC_PER_SEC);
            berth_migrations_page_reload (page);
          }
      }
    g_source_remove (timeout);
    settle ();
  }
  assert_badges (page, HEAD, "current,head");
  assert_badges (page, MID, "applied");
  assert_badges (page, BASE, "base,applied");
  g_assert_false (gtk_revealer_get_reveal_child (berth_migrations_page_get_problem_banner (page)));
  g_assert_nonnull (strstr (gtk_label_get_label (berth_migrations_page_get_state_label (page)), HEAD));
  berth_ui_test_save_png (window, "migrations-demo-head");

  /* Downgrade to the base: the confirmation lists what it undoes, newest
   * first, and warns about the data. */
  berth_migrations_page_select_revision (page, BASE);
  settle ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "migrations.downgrade", NULL));
  WAIT_FOR ((dialog = find_dialog ()) != NULL, "the downgrade confirmation");
  {
    const char *body = adw_message_dialog_get_body (dialog);
    const char *head_at = strstr (body, HEAD);
    const char *mid_at = strstr (body, MID);

    g_test_message ("%s", body);
    g_assert_nonnull (head_at);
    g_assert_nonnull (mid_at);
    g_assert_true (head_at < mid_at);
    g_assert_null (strstr (body, BASE));
    g_assert_nonnull (strstr (body, "drop columns"));
  }
  berth_ui_test_save_png (GTK_WIDGET (dialog), "migrations-demo-downgrade-confirm");
  g_assert_cmpuint (runs.titles->len, ==, 0);
  respond (dialog, "run");
  settle ();
  /* Handed to the panel, which runs it; the page waits for it. */
  g_assert_cmpuint (runs.titles->len, ==, 1);
  g_assert_true (berth_migrations_page_is_loading (page));
  WAIT_FOR (current_is (page, BASE), "the downgrade");
  assert_last_run (&runs, "Downgrade to " BASE);
  g_test_message ("%s", runs.output->str);
  g_assert_nonnull (strstr (runs.output->str, "Running downgrade " HEAD " -> " MID));
  g_assert_nonnull (strstr (runs.output->str, "Running downgrade " MID " -> " BASE));
  assert_badges (page, HEAD, "pending,head");
  assert_badges (page, MID, "pending");
  assert_badges (page, BASE, "current,base");
  g_free (demo_stack_psql (&s, "SELECT 1"));
  {
    g_autofree char *columns = demo_stack_psql (&s, "SELECT count(*) FROM information_schema.columns "
                                                    "WHERE table_name = 'users' AND column_name = 'is_admin'");

    g_assert_cmpstr (columns, ==, "0");
  }
  /* Pending revisions while the api runs: the banner offers the upgrade. */
  g_assert_true (gtk_revealer_get_reveal_child (berth_migrations_page_get_problem_banner (page)));
  g_assert_cmpstr (gtk_button_get_label (berth_migrations_page_get_problem_button (page)), ==, "_Upgrade");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (berth_migrations_page_get_problem_button (page))));
  berth_ui_test_save_png (window, "migrations-demo-pending");

  /* Upgrade to the middle revision only. */
  berth_migrations_page_select_revision (page, MID);
  settle ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "migrations.upgrade", NULL));
  WAIT_FOR (current_is (page, MID), "the upgrade to " MID);
  assert_last_run (&runs, "Upgrade to " MID);
  berth_ui_test_save_png (window, "migrations-demo-upgrade-workflow");
  assert_badges (page, HEAD, "pending,head");
  assert_badges (page, MID, "current");
  assert_badges (page, BASE, "base,applied");
  g_assert_cmpstr (berth_migrations_page_get_selected (page), ==, MID);

  /* The banner's fix: upgrade to head. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "migrations.fix", NULL));
  WAIT_FOR (current_is (page, HEAD), "the banner's upgrade");
  assert_last_run (&runs, "Upgrade to head");
  assert_badges (page, HEAD, "current,head");
  g_assert_false (gtk_revealer_get_reveal_child (berth_migrations_page_get_problem_banner (page)));

  /* Stamp the middle revision: only the version table moves. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "migrations.stamp", NULL));
  WAIT_FOR ((dialog = find_dialog ()) != NULL, "the stamp confirmation");
  respond (dialog, "run");
  WAIT_FOR (current_is (page, MID), "the stamp");
  assert_last_run (&runs, "Stamp at " MID);
  {
    g_autofree char *columns = demo_stack_psql (&s, "SELECT count(*) FROM information_schema.columns "
                                                    "WHERE table_name = 'users' AND column_name = 'is_admin'");

    g_assert_cmpstr (columns, ==, "1");
  }
  assert_badges (page, HEAD, "pending,head");
  /* And back. */
  berth_migrations_page_select_revision (page, HEAD);
  settle ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "migrations.stamp", NULL));
  WAIT_FOR ((dialog = find_dialog ()) != NULL, "the stamp confirmation");
  respond (dialog, "run");
  WAIT_FOR (current_is (page, HEAD), "the stamp at head");
  assert_last_run (&runs, "Stamp at " HEAD);
  g_assert_cmpuint (runs.titles->len, ==, 5);

  /* Nobody to run it (another workflow running): the page drops it and
   * stays usable. */
  g_signal_handlers_block_by_func (page, run_workflow_cb, &runs);
  berth_migrations_page_select_revision (page, MID);
  settle ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "migrations.stamp", NULL));
  WAIT_FOR ((dialog = find_dialog ()) != NULL, "the stamp confirmation");
  respond (dialog, "run");
  settle ();
  g_assert_false (berth_migrations_page_is_loading (page));
  g_assert_true (current_is (page, HEAD));
  g_assert_cmpuint (runs.titles->len, ==, 5);
  g_signal_handlers_unblock_by_func (page, run_workflow_cb, &runs);
  berth_ui_test_save_png (window, "migrations-demo-stamped");

  /* The page follows the api's container through the live service list:
   * stopped, it shows the files alone; started again, the database. */
  {
    g_autoptr(BerthServiceList) list = berth_service_list_new_for_project (s.engine, s.project);
    g_autoptr(JsonObject) api = demo_stack_container (&s, "api");
    g_autofree char *stop = g_strdup_printf ("/containers/%s/stop?t=2", json_object_get_string_member (api, "Id"));
    g_autofree char *start = g_strdup_printf ("/containers/%s/start", json_object_get_string_member (api, "Id"));
    g_autoptr(JsonNode) answer = NULL;

    berth_service_list_start (list);
    berth_migrations_page_set_service_list (page, list);
    WAIT_FOR (berth_service_list_lookup (list, "api") != NULL &&
              berth_service_status_get_state (berth_service_list_lookup (list, "api")) == BERTH_SERVICE_STATE_RUNNING,
              "the service list");

    answer = berth_engine_request_sync (s.engine, "POST", stop, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&answer, json_node_unref);
    WAIT_FOR (!berth_migrations_page_is_loading (page) && berth_migrations_page_get_graph (page) != NULL &&
              !berth_migration_graph_get_database_known (berth_migrations_page_get_graph (page)),
              "the page to drop the database side");
    assert_badges (page, HEAD, "head");
    g_assert_nonnull (strstr (gtk_label_get_label (berth_migrations_page_get_state_label (page)), "files only"));
    berth_ui_test_save_png (window, "migrations-demo-stopped");

    answer = berth_engine_request_sync (s.engine, "POST", start, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    WAIT_FOR (current_is (page, HEAD), "the page to show the database again");
    assert_badges (page, HEAD, "current,head");

    berth_migrations_page_set_service_list (page, NULL);
    berth_service_list_stop (list);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
  g_ptr_array_unref (runs.titles);
  g_string_free (runs.output, TRUE);
  /* The parent takes it down. */
  g_clear_object (&s.project);
}

static void
test_actions_on_demo (void)
{
  g_autofree char *demo = berth_test_source_path ("data", "demo", "probeops-backend", NULL);
  g_autofree char *dir = stack_dir ((int) getpid ());
  g_autofree char *copy = g_build_filename (dir, "probeops-backend", NULL);
  g_autoptr(GError) error = NULL;
  const char *cp[] = { "cp", "-a", demo, copy, NULL };
  const char *rm[] = { "rm", "-rf", dir, NULL };
  DemoStack s;
  int status;

  if (g_test_subprocess ())
    {
      actions_ui ();
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_spawn_sync (NULL, (char **) cp, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  stack_init (&s, (int) getpid ());
  demo_stack_up (&s);

  g_test_trap_subprocess (NULL, 0,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);

  demo_stack_clear (&s);
  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/migrations-page/demo/actions", test_actions_on_demo);

  return g_test_run ();
}
