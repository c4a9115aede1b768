/* berth-window-actions.c: what the window does on request: the
 * workflows (Rebuild, Migrate, Troubleshoot) and their panel, the fixes
 * Troubleshoot suggests, per-service start/stop/restart, logs and shells.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-checks-list.h"
#include "berth-compose-operations.h"
#include "berth-inspect-window.h"
#include "berth-migration-runner.h"
#include "berth-window-private.h"
#include "berth-workflow-dialog.h"
#include "berth-workflows.h"

static gboolean
background_timeout_cb (gpointer data)
{
  BerthWindow *self = data;

  /* Nobody asked to see the output: the hidden window goes, and with it
   * the application. */
  self->background_timeout_id = 0;
  self->background = FALSE;
  gtk_window_destroy (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
workflow_finished_cb (BerthWorkflowPanel *panel,
                      int                 status,
                      const char         *summary,
                      BerthWindow        *self)
{
  BerthWorkflow *workflow = berth_workflow_panel_get_workflow (panel);
  const char *title = berth_workflow_get_title (workflow);
  g_autofree char *headline = NULL;
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  guint problems = 0;

  if (self->doctor != NULL)
    {
      berth_workflow_panel_set_details (panel, berth_checks_list_new (berth_doctor_get_checks (self->doctor)));
      problems = berth_doctor_count (self->doctor, BERTH_CHECK_FAIL);
    }
  g_clear_object (&self->doctor);
  berth_window_update_actions (self);

  if (self->background)
    {
      /* Keep the hidden window (and its output) a while for the
       * notification's "show" action, then let the application go. */
      self->background_timeout_id = g_timeout_add_seconds (600, background_timeout_cb, self);
      if (app != NULL)
        g_application_release (app);
    }
  /* Rebuild and Migrate move the database: show where it is now. */
  berth_migrations_page_reload (self->migrations_page);

  if (problems > 0 && status != BERTH_STEP_STATUS_CANCELLED)
    /* Troubleshoot did its job: it found what is wrong. */
    headline = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Troubleshoot found %u problem",
                                             "Troubleshoot found %u problems", problems),
                                problems);
  else if (berth_step_status_is_success (status))
    /* Translators: %s is a workflow, "Rebuild" */
    headline = g_strdup_printf (_("%s finished"), title);
  else if (status == BERTH_STEP_STATUS_CANCELLED)
    /* Translators: %s is a workflow, "Rebuild" */
    headline = g_strdup_printf (_("%s cancelled"), title);
  else
    /* Translators: %s is a workflow, "Rebuild" */
    headline = g_strdup_printf (_("%s failed"), title);

  berth_window_add_toast (self, headline);

  if (app != NULL && !gtk_window_is_active (GTK_WINDOW (self)) &&
      g_settings_get_boolean (self->settings, "notifications"))
    {
      g_autoptr(GNotification) notification = g_notification_new (headline);

      g_notification_set_body (notification, summary);
      g_notification_set_default_action (notification, "app.show-workflow");
      g_notification_set_priority (notification,
                                   berth_step_status_is_success (status) ? G_NOTIFICATION_PRIORITY_NORMAL
                                                                         : G_NOTIFICATION_PRIORITY_HIGH);
      g_application_send_notification (app, "workflow", notification);
    }
}

void
berth_window_end_background (BerthWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!self->background)
    return;

  self->background = FALSE;
  if (self->background_timeout_id != 0)
    g_clear_handle_id (&self->background_timeout_id, g_source_remove);
  else if (app != NULL)
    /* Still running: the hold taken when it started. */
    g_application_release (G_APPLICATION (app));
}

void
berth_window_start_workflow_in_background (BerthWindow *self,
                                           const char  *name)
{
  GtkApplication *app;

  g_return_if_fail (BERTH_IS_WINDOW (self));

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (self->project_dir == NULL || app == NULL || gtk_widget_get_visible (GTK_WIDGET (self)))
    {
      gtk_window_present (GTK_WINDOW (self));
      berth_window_start_workflow (self, name);
      return;
    }

  if (!self->background)
    {
      self->background = TRUE;
      g_application_hold (G_APPLICATION (app));
    }
  berth_window_start_workflow (self, name);
}

static void
workflow_close_cb (BerthWindow *self)
{
  adw_flap_set_reveal_flap (self->flap, FALSE);
}

static void
berth_window_run (BerthWindow   *self,
                  BerthWorkflow *workflow)
{
  berth_workflow_panel_set_scrollback_lines (self->workflow_panel,
                                             g_settings_get_int (self->settings, "log-scrollback-lines"));
  berth_workflow_panel_run (self->workflow_panel, workflow);
  adw_flap_set_reveal_flap (self->flap, TRUE);
  berth_window_update_actions (self);
}

/* The Migrations page's actions: in the panel like any workflow, one at a
 * time; a workflow left unstarted is dropped by the page. */
static void
migrations_run_workflow_cb (BerthMigrationsPage *page,
                            BerthWorkflow       *workflow,
                            BerthWindow         *self)
{
  if (self->project == NULL || self->engine == NULL || berth_workflow_panel_get_running (self->workflow_panel))
    return;
  berth_window_run (self, workflow);
}

static void
berth_window_run_configured (BerthWindow *self,
                             const char  *name,
                             GSettings   *project_settings,
                             gboolean     review)
{
  g_autoptr(BerthWorkflow) workflow = NULL;
  g_autofree char *message = g_settings_get_string (project_settings, "migration-message");
  g_autofree char *default_message = g_settings_get_string (self->settings, "default-migration-message");
  BerthWorkflowOptions options = { 0 };

  options.message = message[0] != '\0' ? message : default_message;
  options.keep_cache = g_settings_get_boolean (project_settings, "rebuild-keep-cache");
  options.no_migrate = g_settings_get_boolean (project_settings, "rebuild-skip-migrations");
  options.services = g_settings_get_strv (project_settings, "rebuild-services");
  options.review = review;
  if (options.services[0] == NULL)
    g_clear_pointer (&options.services, g_strfreev);

  if (g_str_equal (name, "rebuild"))
    workflow = berth_workflow_new_rebuild (self->engine, self->project, &options);
  else
    workflow = berth_workflow_new_migrate (self->engine, self->project, &options);

  g_strfreev (options.services);
  berth_window_run (self, workflow);
}

/* After the dialog's own handler stored the choices. */
static void
workflow_dialog_response_cb (BerthWorkflowDialog *dialog,
                             const char          *response,
                             BerthWindow         *self)
{
  if (g_str_equal (response, "run") && self->project != NULL && self->engine != NULL &&
      !berth_workflow_panel_get_running (self->workflow_panel))
    {
      g_autoptr(GSettings) project_settings = berth_project_settings_new (self->project_dir);

      berth_window_run_configured (self, berth_workflow_dialog_get_workflow (dialog), project_settings,
                                   berth_workflow_dialog_get_review (dialog));
    }
}

void
berth_window_start_workflow (BerthWindow *self,
                             const char  *name)
{
  g_return_if_fail (BERTH_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (self->project == NULL)
    {
      /* Still loading (a desktop action at start): run once loaded. */
      if (self->load_cancellable != NULL)
        {
          g_free (self->pending_workflow);
          self->pending_workflow = g_strdup (name);
        }
      else
        berth_window_add_toast (self, _("Open a project first"));
      return;
    }

  if (self->engine == NULL || berth_workflow_panel_get_running (self->workflow_panel))
    {
      if (self->background)
        {
          berth_window_end_background (self);
          gtk_window_present (GTK_WINDOW (self));
        }
      return;
    }

  if (g_str_equal (name, "troubleshoot"))
    {
      g_autofree char *path = g_file_get_path (self->project_dir);
      g_autoptr(BerthWorkflow) workflow = NULL;

      g_clear_object (&self->doctor);
      self->doctor = berth_doctor_new (self->engine, path, (const char * const *) self->compose_files, NULL);
      workflow = berth_doctor_create_workflow (self->doctor);
      berth_window_run (self, workflow);
    }
  else if (g_str_equal (name, "rebuild") || g_str_equal (name, "migrate"))
    {
      g_autoptr(GSettings) project_settings = berth_project_settings_new (self->project_dir);

      /* From a desktop action the user chose the workflow explicitly, and
       * there is no window to ask in: the remembered options apply. */
      if (g_settings_get_boolean (self->settings, "confirm-destructive") && !self->background)
        {
          g_autofree char *default_message = g_settings_get_string (self->settings, "default-migration-message");
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) services = NULL;
          GPtrArray *list = berth_compose_project_get_services (self->project);
          BerthWorkflowDialog *dialog;

          for (guint i = 0; list != NULL && i < list->len; i++)
            g_strv_builder_add (builder, berth_compose_service_get_name (g_ptr_array_index (list, i)));
          services = g_strv_builder_end (builder);
          dialog = berth_workflow_dialog_new (GTK_WINDOW (self), name, project_settings, default_message,
                                              (const char * const *) services);

          g_signal_connect_object (dialog, "response", G_CALLBACK (workflow_dialog_response_cb), self,
                                   G_CONNECT_AFTER);
          gtk_window_present (GTK_WINDOW (dialog));
        }
      else
        berth_window_run_configured (self, name, project_settings, FALSE);
    }
  else
    g_return_if_reached ();
}

void
berth_window_show_workflow (BerthWindow *self)
{
  g_return_if_fail (BERTH_IS_WINDOW (self));

  berth_window_end_background (self);
  if (berth_workflow_panel_get_workflow (self->workflow_panel) != NULL)
    adw_flap_set_reveal_flap (self->flap, TRUE);
  gtk_window_present (GTK_WINDOW (self));
}

BerthWorkflowPanel *
berth_window_get_workflow_panel (BerthWindow *self)
{
  g_return_val_if_fail (BERTH_IS_WINDOW (self), NULL);

  return self->workflow_panel;
}

static void
service_logs_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BerthWindow *self = BERTH_WINDOW (widget);
  const char *service = param != NULL ? g_variant_get_string (param, NULL) : NULL;

  if (self->project == NULL || self->engine == NULL)
    return;

  /* win.show-logs: every service merged. */
  berth_tab_area_open_logs (self->tab_area, self->engine, self->project, service);
}

void
berth_window_open_terminal (BerthWindow *self,
                            const char  *service)
{
  BerthServiceStatus *status = NULL;
  const char *container;

  g_return_if_fail (BERTH_IS_WINDOW (self));

  if (self->service_list != NULL)
    status = berth_service_list_lookup (self->service_list, service);

  /* By name: it stays valid when Rebuild recreates the container. */
  if (status == NULL || berth_service_status_get_state (status) != BERTH_SERVICE_STATE_RUNNING ||
      (container = berth_service_status_get_container_name (status)) == NULL)
    {
      /* Translators: %s is a service name */
      g_autofree char *message = g_strdup_printf (_("%s is not running: start it to open a terminal"), service);

      berth_window_add_toast (self, message);
      return;
    }

  berth_tab_area_open_terminal (self->tab_area, self->engine, container, service);
}

static void
service_inspect_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  BerthWindow *self = BERTH_WINDOW (widget);
  const char *service = g_variant_get_string (param, NULL);
  BerthServiceStatus *status = NULL;
  const char *container;

  if (self->service_list != NULL)
    status = berth_service_list_lookup (self->service_list, service);

  if (status == NULL || self->engine == NULL ||
      (container = berth_service_status_get_container_id (status)) == NULL)
    {
      /* Translators: %s is a service name */
      g_autofree char *message = g_strdup_printf (_("%s has no container to inspect"), service);

      berth_window_add_toast (self, message);
      return;
    }

  gtk_window_present (GTK_WINDOW (berth_inspect_window_new (GTK_WINDOW (self), self->engine, container, service)));
}

static void
service_terminal_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  berth_window_open_terminal (BERTH_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
open_terminal_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  BerthWindow *self = BERTH_WINDOW (widget);
  g_autofree char *service = g_settings_get_string (self->settings, "migration-service");

  berth_window_open_terminal (self, service);
}

typedef struct
{
  BerthWindow *window;
  char        *fix;
} FixOp;

static void
fix_op_free (FixOp *op)
{
  g_object_unref (op->window);
  g_free (op->fix);
  g_free (op);
}

static void
fix_done (FixOp        *op,
          gboolean      ok,
          const GError *error)
{
  g_autofree char *label = berth_checks_list_dup_fix_label (op->fix);
  g_autofree char *message = NULL;

  if (label == NULL)
    label = g_strdup (op->fix);

  if (ok)
    /* Translators: %s is a fix ("Bring Up"); Troubleshoot can be run again */
    message = g_strdup_printf (_("%s done; run Troubleshoot again to check"), label);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Translators: the first %s is a fix ("Bring Up"), the second the reason */
    message = g_strdup_printf (_("%s failed: %s"), label, error->message);

  if (message != NULL)
    berth_window_add_toast (op->window, message);
  berth_window_update_actions (op->window);
  berth_migrations_page_reload (op->window->migrations_page);
  fix_op_free (op);
}

static void
fix_up_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = berth_compose_up_finish (result, &error);

  fix_done (user_data, ok, error);
}

static void
fix_merge_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = berth_migration_runner_run_finish (BERTH_MIGRATION_RUNNER (source), result, NULL, &error);

  fix_done (user_data, ok, error);
}

static void
stop_container_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  BerthEngine *engine = source_object;
  const char *container = task_data;
  g_autofree char *path = g_strdup_printf ("/containers/%s/stop", container);
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;

  answer = berth_engine_request_sync (engine, "POST", path, NULL, NULL, cancellable, &error);
  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
fix_stop_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  fix_done (user_data, ok, error);
}

static void
stop_container_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            FixOp            *op)
{
  BerthWindow *self = op->window;
  g_autoptr(GTask) task = NULL;

  if (!g_str_equal (response, "stop") || self->engine == NULL)
    {
      fix_op_free (op);
      return;
    }

  task = g_task_new (self->engine, NULL, fix_stop_cb, op);
  g_task_set_source_tag (task, stop_container_response_cb);
  g_task_set_task_data (task, g_strdup (op->fix + strlen ("stop-container:")), g_free);
  g_task_run_in_thread (task, stop_container_thread);
}

/* The Fix buttons of Troubleshoot's checks (see berth-doctor.h). */
static void
doctor_fix_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  BerthWindow *self = BERTH_WINDOW (widget);
  const char *fix = g_variant_get_string (param, NULL);
  FixOp *op;

  if (self->project == NULL || self->engine == NULL)
    return;

  if (g_str_equal (fix, "rebuild") || g_str_equal (fix, "migrate"))
    {
      berth_window_start_workflow (self, fix);
      return;
    }

  if (g_str_has_prefix (fix, "restart:"))
    {
      gtk_widget_activate_action (widget, "win.service-restart", "s", fix + strlen ("restart:"));
      return;
    }

  op = g_new0 (FixOp, 1);
  op->window = g_object_ref (self);
  op->fix = g_strdup (fix);

  if (g_str_equal (fix, "up"))
    {
      berth_compose_up_async (self->project, self->engine, NULL, NULL, NULL, NULL,
                              NULL, fix_up_cb, op);
    }
  else if (g_str_equal (fix, "merge-heads"))
    {
      g_autofree char *service = g_settings_get_string (self->settings, "migration-service");
      g_autoptr(GError) error = NULL;
      g_autoptr(BerthMigrationRunner) runner =
        berth_migration_runner_new_for_project (self->engine, self->project, service, &error);

      if (runner == NULL)
        {
          fix_done (op, FALSE, error);
          return;
        }
      berth_migration_runner_run_async (runner, BERTH_MIGRATION_OP_MERGE, _("Merge heads"), NULL,
                                        NULL, fix_merge_cb, op);
    }
  else if (g_str_has_prefix (fix, "stop-container:"))
    {
      const char *container = fix + strlen ("stop-container:");
      g_autofree char *body = NULL;
      GtkWidget *dialog;

      /* Another project's (or nobody's) container: always ask. */
      /* Translators: %s is a container name */
      body = g_strdup_printf (_("“%s” is not part of this project; it holds a port this project needs. Stopping it may interrupt whatever it serves."),
                              container);
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Stop the Other Container?"), body);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "stop", _("_Stop"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (stop_container_response_cb), op);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                             _("Berth does not know the fix “%s”"), fix);

      fix_done (op, FALSE, error);
    }
}

static void
workflow_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  /* "win.rebuild" -> "rebuild" */
  berth_window_start_workflow (BERTH_WINDOW (widget), action_name + strlen ("win."));
}

static void
retry_engine_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  BerthWindow *self = BERTH_WINDOW (widget);

  berth_window_refresh_engine (self);
  if (self->service_list != NULL)
    berth_service_list_reconcile (self->service_list);
}

static void
reload_project_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  berth_window_reload_project (BERTH_WINDOW (widget));
}

typedef struct
{
  BerthWindow *window;
  char        *service;
  const char  *verb;
} ServiceOp;

static void
service_op_free (ServiceOp *op)
{
  g_object_unref (op->window);
  g_free (op->service);
  g_free (op);
}

static void
service_op_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ServiceOp *op = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_str_equal (op->verb, "start"))
    ok = berth_compose_start_finish (result, &error);
  else if (g_str_equal (op->verb, "stop"))
    ok = berth_compose_stop_finish (result, &error);
  else
    ok = berth_compose_restart_finish (result, &error);

  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: the first %s is a service name, the second the reason */
      g_autofree char *message = g_strdup_printf (_("%s: %s"), op->service, error->message);

      berth_window_add_toast (op->window, message);
    }

  service_op_free (op);
}

static void
service_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  BerthWindow *self = BERTH_WINDOW (widget);
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
  const char *service = g_variant_get_string (param, NULL);
  ServiceOp *op;

  if (self->project == NULL || self->engine == NULL)
    return;

  options->services = g_new0 (char *, 2);
  options->services[0] = g_strdup (service);

  op = g_new0 (ServiceOp, 1);
  op->window = g_object_ref (self);
  op->service = g_strdup (service);

  /* Results arrive as engine events: the badge follows by itself. */
  if (g_str_equal (action_name, "win.service-start"))
    {
      op->verb = "start";
      berth_compose_start_async (self->project, self->engine, options, NULL, NULL, NULL,
                                 NULL, service_op_cb, op);
    }
  else if (g_str_equal (action_name, "win.service-stop"))
    {
      op->verb = "stop";
      berth_compose_stop_async (self->project, self->engine, options, NULL, NULL, NULL,
                                NULL, service_op_cb, op);
    }
  else
    {
      op->verb = "restart";
      berth_compose_restart_async (self->project, self->engine, options, NULL, NULL, NULL,
                                   NULL, service_op_cb, op);
    }
}

void
berth_window_init_actions (BerthWindow *self)
{
  g_signal_connect_object (self->workflow_panel, "finished", G_CALLBACK (workflow_finished_cb), self, 0);
  g_signal_connect_object (self->workflow_panel, "close", G_CALLBACK (workflow_close_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->migrations_page, "run-workflow", G_CALLBACK (migrations_run_workflow_cb), self, 0);
}

void
berth_window_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.retry-engine", NULL, retry_engine_action);
  gtk_widget_class_install_action (widget_class, "win.reload-project", NULL, reload_project_action);
  gtk_widget_class_install_action (widget_class, "win.service-logs", "s", service_logs_action);
  gtk_widget_class_install_action (widget_class, "win.show-logs", NULL, service_logs_action);
  gtk_widget_class_install_action (widget_class, "win.service-terminal", "s", service_terminal_action);
  gtk_widget_class_install_action (widget_class, "win.service-inspect", "s", service_inspect_action);
  gtk_widget_class_install_action (widget_class, "win.open-terminal", NULL, open_terminal_action);
  gtk_widget_class_install_action (widget_class, "win.doctor-fix", "s", doctor_fix_action);
  gtk_widget_class_install_action (widget_class, "win.rebuild", NULL, workflow_action);
  gtk_widget_class_install_action (widget_class, "win.migrate", NULL, workflow_action);
  gtk_widget_class_install_action (widget_class, "win.troubleshoot", NULL, workflow_action);
  gtk_widget_class_install_action (widget_class, "win.service-start", "s", service_action);
  gtk_widget_class_install_action (widget_class, "win.service-stop", "s", service_action);
  gtk_widget_class_install_action (widget_class, "win.service-restart", "s", service_action);
}
