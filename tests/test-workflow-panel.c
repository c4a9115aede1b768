/* test-workflow-panel.c: the panel presents a real BerthWorkflow run:
 * step states, messages, progress, output, and cancellation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <vte/vte.h>

#include "berth-application.h"
#include "berth-workflow-panel.h"
#include "berth-ui-test.h"

static BerthStepStatus
step_ok (BerthWorkflowStep *step,
         gpointer           user_data,
         GCancellable      *cancellable,
         GError           **error)
{
  berth_workflow_step_output (step, BERTH_OUTPUT_STDOUT, "Successfully built 3f2a9c");
  berth_workflow_step_output (step, BERTH_OUTPUT_STDERR, "npm WARN deprecated");
  berth_workflow_step_progress (step, 0.5, "Step 2/4");
  berth_workflow_step_set_message (step, "Built api");
  return BERTH_STEP_STATUS_OK;
}

static BerthStepStatus
step_warning (BerthWorkflowStep *step,
              gpointer           user_data,
              GCancellable      *cancellable,
              GError           **error)
{
  berth_workflow_step_set_message (step, "No changes in schema detected");
  return BERTH_STEP_STATUS_WARNING;
}

static BerthStepStatus
step_fail (BerthWorkflowStep *step,
           gpointer           user_data,
           GCancellable      *cancellable,
           GError           **error)
{
  berth_workflow_step_set_hint (step, "the api container's logs");
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "column users.is_admin does not exist");
  return BERTH_STEP_STATUS_FAILED;
}

static BerthStepStatus
step_wait (BerthWorkflowStep *step,
           gpointer           user_data,
           GCancellable      *cancellable,
           GError           **error)
{
  gboolean *started = user_data;

  g_atomic_int_set (started, TRUE);
  if (!berth_workflow_step_sleep (step, 60000, cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return BERTH_STEP_STATUS_FAILED;
    }
  return BERTH_STEP_STATUS_OK;
}

static gboolean finished;
static int finished_status;

static void
finished_cb (BerthWorkflowPanel *panel,
             int                 status,
             const char         *summary)
{
  finished = TRUE;
  finished_status = status;
  g_assert_nonnull (summary);
}

static void
wait_finished (void)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!finished && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (finished);
}

static GObject *
child (gpointer    panel,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (panel), BERTH_TYPE_WORKFLOW_PANEL, name);

  g_assert_nonnull (object);
  return object;
}

static AdwActionRow *
step_row (gpointer panel,
          int      index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (panel, "steps_list")), index);

  g_assert_nonnull (row);
  return ADW_ACTION_ROW (row);
}

static gboolean
row_has_icon (AdwActionRow *row,
              const char   *icon_name,
              const char   *style_class)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, row);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_IMAGE (w) && gtk_widget_get_visible (w) &&
          g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (w)), icon_name) == 0 &&
          gtk_widget_has_css_class (w, style_class))
        return TRUE;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  return FALSE;
}

static void
test_mapping (void)
{
  const char *klass = NULL;
  g_autofree char *a = berth_workflow_panel_format_elapsed (420000);
  g_autofree char *b = berth_workflow_panel_format_elapsed ((gint64) 125 * G_USEC_PER_SEC);
  g_autofree char *c = berth_workflow_panel_format_elapsed ((gint64) (3600 + 62) * G_USEC_PER_SEC);

  g_assert_null (berth_workflow_panel_status_icon (BERTH_STEP_STATUS_RUNNING, &klass));
  g_assert_cmpstr (berth_workflow_panel_status_icon (BERTH_STEP_STATUS_OK, &klass), ==, "object-select-symbolic");
  g_assert_cmpstr (klass, ==, "success");
  g_assert_cmpstr (berth_workflow_panel_status_icon (BERTH_STEP_STATUS_FAILED, &klass), ==, "window-close-symbolic");
  g_assert_cmpstr (klass, ==, "error");
  g_assert_cmpstr (berth_workflow_panel_status_icon (BERTH_STEP_STATUS_WARNING, &klass), ==, "dialog-warning-symbolic");
  g_assert_cmpstr (klass, ==, "warning");

  g_assert_cmpstr (a, ==, "0.4 s");
  g_assert_cmpstr (b, ==, "2:05");
  g_assert_cmpstr (c, ==, "1:01:02");
}

static void
test_run_to_failure (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *panel = berth_workflow_panel_new ();
  g_autoptr(BerthWorkflow) workflow = berth_workflow_new ("rebuild", "Rebuild");
  g_autofree char *text = NULL;
  const char *subtitle;

  berth_workflow_add_step (workflow, "build", "Build images", step_ok, NULL, NULL);
  berth_workflow_add_step (workflow, "migrate", "Generate migration", step_warning, NULL, NULL);
  berth_workflow_add_step (workflow, "upgrade", "Upgrade database", step_fail, NULL, NULL);
  berth_workflow_add_step (workflow, "verify", "Verify", step_ok, NULL, NULL);

  gtk_window_set_child (GTK_WINDOW (window), panel);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (panel, "finished", G_CALLBACK (finished_cb), NULL);

  finished = FALSE;
  berth_workflow_panel_run (BERTH_WORKFLOW_PANEL (panel), workflow);
  g_assert_true (berth_workflow_panel_get_running (BERTH_WORKFLOW_PANEL (panel)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (panel, "cancel_button"))));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (panel, "title_label"))), ==, "Rebuild");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (step_row (panel, 2))), ==, "Upgrade database");

  wait_finished ();
  g_assert_cmpint (finished_status, ==, BERTH_STEP_STATUS_FAILED);
  g_assert_false (berth_workflow_panel_get_running (BERTH_WORKFLOW_PANEL (panel)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (panel, "cancel_button"))));

  g_assert_true (row_has_icon (step_row (panel, 0), "object-select-symbolic", "success"));
  g_assert_cmpstr (adw_action_row_get_subtitle (step_row (panel, 0)), ==, "Built api");
  g_assert_true (row_has_icon (step_row (panel, 1), "dialog-warning-symbolic", "warning"));
  g_assert_cmpstr (adw_action_row_get_subtitle (step_row (panel, 1)), ==, "No changes in schema detected");
  g_assert_true (row_has_icon (step_row (panel, 2), "window-close-symbolic", "error"));
  subtitle = adw_action_row_get_subtitle (step_row (panel, 2));
  g_assert_nonnull (strstr (subtitle, "column users.is_admin does not exist"));
  g_assert_nonnull (strstr (subtitle, "the api container's logs"));
  /* Stopped at the failure: the last step never ran. */
  g_assert_true (row_has_icon (step_row (panel, 3), "content-loading-symbolic", "dim-label"));

  /* The summary of the core, and the output in the terminal. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (panel, "status_label"))), ==,
                   berth_workflow_get_summary (workflow));
  /* VTE parses what it was fed from its own idle handler. */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    do
      {
        g_clear_pointer (&text, g_free);
        g_main_context_iteration (NULL, FALSE);
        text = vte_terminal_get_text (VTE_TERMINAL (child (panel, "terminal")), NULL, NULL, NULL);
      }
    while (strstr (text, "npm WARN deprecated") == NULL && g_get_monotonic_time () < deadline);
  }
  g_assert_nonnull (strstr (text, "▶ Build images"));
  g_assert_nonnull (strstr (text, "Successfully built 3f2a9c"));
  g_assert_nonnull (strstr (text, "npm WARN deprecated"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
started_cb (gpointer data)
{
  return g_atomic_int_get ((gboolean *) data);
}

static void
test_cancel (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *panel = berth_workflow_panel_new ();
  g_autoptr(BerthWorkflow) workflow = berth_workflow_new ("migrate", "Migrate");
  gboolean started = FALSE;
  gint64 cancelled_at;

  berth_workflow_add_step (workflow, "wait", "Wait for the database", step_wait, &started, NULL);
  berth_workflow_add_step (workflow, "upgrade", "Upgrade database", step_ok, NULL, NULL);

  gtk_window_set_child (GTK_WINDOW (window), panel);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (panel, "finished", G_CALLBACK (finished_cb), NULL);

  finished = FALSE;
  berth_workflow_panel_run (BERTH_WORKFLOW_PANEL (panel), workflow);
  while (!started_cb (&started))
    g_main_context_iteration (NULL, TRUE);

  /* The Cancel button's action. */
  cancelled_at = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (panel, "panel.cancel", NULL));
  wait_finished ();
  /* Generous, but a cancelled sleep must not run to its 60 s. */
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 10 * G_USEC_PER_SEC);

  g_assert_cmpint (finished_status, ==, BERTH_STEP_STATUS_CANCELLED);
  g_assert_true (row_has_icon (step_row (panel, 0), "media-playback-stop-symbolic", "dim-label"));
  g_assert_true (row_has_icon (step_row (panel, 1), "content-loading-symbolic", "dim-label"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (panel, "cancel_button"))));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/workflow-panel/mapping", test_mapping);
  g_test_add_func ("/workflow-panel/run-to-failure", test_run_to_failure);
  g_test_add_func ("/workflow-panel/cancel", test_cancel);

  return g_test_run ();
}
