/* berth-window.c: Berth's main window.
 *
 * For now it presents the open project and the state of the Docker engine;
 * the engine is asked in a worker thread so a dead socket or a slow tcp
 * endpoint never freezes the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-compose.h"
#include "berth-compose-operations.h"
#include "berth-engine.h"
#include "berth-engine-probe.h"
#include "berth-service-list.h"
#include "berth-doctor.h"
#include "berth-service-row.h"
#include "berth-tab-area.h"
#include "berth-window.h"
#include "berth-workflow-panel.h"
#include "berth-workflows.h"

#define MAX_RECENT_PROJECTS 8

struct _BerthWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  AdwStatusPage        *status_page;
  AdwActionRow         *project_row;
  AdwActionRow         *engine_row;
  GtkImage             *engine_icon;
  GtkSpinner           *engine_spinner;
  GtkButton            *retry_button;
  GtkWidget            *welcome_buttons;
  GMenu                *recent_section;
  GtkStack             *main_stack;
  GtkRevealer          *engine_banner;
  GtkLabel             *engine_banner_label;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *error_page;
  GtkExpander          *warnings_expander;
  GtkLabel             *warnings_label;
  GtkListView          *services_view;
  GtkLabel             *engine_footer;
  AdwFlap              *flap;
  GtkPaned             *content_paned;
  BerthTabArea         *tab_area;
  BerthWorkflowPanel   *workflow_panel;

  GSettings            *settings;
  GtkFileChooserNative *chooser;

  GFile                *project_dir;
  GStrv                 compose_files;

  GCancellable         *engine_cancellable;
  BerthEngineState      engine_state;
  char                 *engine_error;

  GCancellable         *load_cancellable;
  BerthComposeProject  *project;
  BerthEngine          *engine;
  BerthServiceList     *service_list;

  BerthDoctor          *doctor;            /* while Troubleshoot runs */
  char                 *pending_workflow;  /* asked for before the project loaded */
};

G_DEFINE_FINAL_TYPE (BerthWindow, berth_window, ADW_TYPE_APPLICATION_WINDOW)

G_DEFINE_ENUM_TYPE (BerthEngineState, berth_engine_state,
                    G_DEFINE_ENUM_VALUE (BERTH_ENGINE_STATE_CHECKING, "checking"),
                    G_DEFINE_ENUM_VALUE (BERTH_ENGINE_STATE_CONNECTED, "connected"),
                    G_DEFINE_ENUM_VALUE (BERTH_ENGINE_STATE_UNREACHABLE, "unreachable"))

enum {
  PROP_0,
  PROP_ENGINE_STATE,
  PROP_PROJECT_DIR,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void berth_window_update_actions (BerthWindow *self);

void
berth_window_add_toast (BerthWindow *self,
                        const char  *message)
{
  g_return_if_fail (BERTH_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
berth_window_update_banner (BerthWindow *self)
{
  const char *reason = NULL;
  g_autofree char *text = NULL;

  if (self->service_list != NULL &&
      !berth_service_list_get_connected (self->service_list) &&
      berth_service_list_get_error (self->service_list) != NULL)
    reason = berth_service_list_get_error (self->service_list);
  else if (self->engine_state == BERTH_ENGINE_STATE_UNREACHABLE)
    reason = self->engine_error;

  /* The welcome page shows the engine's state in its own row. */
  if (reason == NULL || self->project == NULL)
    {
      gtk_revealer_set_reveal_child (self->engine_banner, FALSE);
      return;
    }

  /* Translators: %s is why, e.g. "Cannot connect to … : Connection refused" */
  text = g_strdup_printf (_("Docker engine not reachable: %s"), reason);
  gtk_label_set_label (self->engine_banner_label, text);
  gtk_revealer_set_reveal_child (self->engine_banner, TRUE);
}

static void
berth_window_set_engine_state (BerthWindow      *self,
                               BerthEngineState  state)
{
  GtkWidget *row = GTK_WIDGET (self->engine_row);

  gtk_spinner_set_spinning (self->engine_spinner, state == BERTH_ENGINE_STATE_CHECKING);
  gtk_widget_set_visible (GTK_WIDGET (self->engine_spinner), state == BERTH_ENGINE_STATE_CHECKING);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), state == BERTH_ENGINE_STATE_UNREACHABLE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry-engine",
                                 state != BERTH_ENGINE_STATE_CHECKING);

  if (state == BERTH_ENGINE_STATE_CONNECTED)
    gtk_widget_add_css_class (row, "engine-ok");
  else
    gtk_widget_remove_css_class (row, "engine-ok");

  if (state == BERTH_ENGINE_STATE_UNREACHABLE)
    {
      gtk_widget_add_css_class (row, "engine-unreachable");
      gtk_image_set_from_icon_name (self->engine_icon, "network-offline-symbolic");
    }
  else
    {
      gtk_widget_remove_css_class (row, "engine-unreachable");
      gtk_image_set_from_icon_name (self->engine_icon, "berth-engine-symbolic");
    }

  if (self->engine_state != state)
    {
      self->engine_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE_STATE]);
    }
}

static void
engine_probe_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BerthWindow) self = user_data;
  g_autoptr(BerthEngineProbe) probe = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  probe = berth_engine_probe_finish (result, &error);

  /* A newer probe replaced this one, or the window is going away. */
  if (cancellable != self->engine_cancellable || g_cancellable_is_cancelled (cancellable))
    return;

  g_clear_object (&self->engine_cancellable);

  if (probe == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->engine_row),
                                     _("Docker engine not reachable"));
      adw_action_row_set_subtitle (self->engine_row, error->message);
      g_free (self->engine_error);
      self->engine_error = g_strdup (error->message);
      gtk_label_set_label (self->engine_footer, NULL);
      berth_window_set_engine_state (self, BERTH_ENGINE_STATE_UNREACHABLE);
    }
  else
    {
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      /* Translators: the first %s is the engine's version ("20.10.24"),
       * the second its API version ("1.41") */
      title = g_strdup_printf (_("Docker Engine %s · API %s"), probe->version, probe->api_version);
      subtitle = g_strdup_printf ("%s · %s", probe->endpoint, probe->os_arch);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->engine_row), title);
      adw_action_row_set_subtitle (self->engine_row, subtitle);
      g_clear_pointer (&self->engine_error, g_free);
      {
        g_autofree char *footer = g_strdup_printf ("%s · %s", title, probe->endpoint);

        gtk_label_set_label (self->engine_footer, footer);
      }
      berth_window_set_engine_state (self, BERTH_ENGINE_STATE_CONNECTED);
    }

  berth_window_update_banner (self);
}

void
berth_window_refresh_engine (BerthWindow *self)
{
  g_autofree char *host = NULL;

  g_return_if_fail (BERTH_IS_WINDOW (self));

  if (self->engine_cancellable != NULL)
    g_cancellable_cancel (self->engine_cancellable);
  g_clear_object (&self->engine_cancellable);
  self->engine_cancellable = g_cancellable_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->engine_row), _("Docker Engine"));
  adw_action_row_set_subtitle (self->engine_row, _("Connecting…"));
  berth_window_set_engine_state (self, BERTH_ENGINE_STATE_CHECKING);

  host = g_settings_get_string (self->settings, "engine-endpoint");
  berth_engine_probe_async (host, self->engine_cancellable,
                            engine_probe_cb, g_object_ref (self));
}

BerthEngineState
berth_window_get_engine_state (BerthWindow *self)
{
  g_return_val_if_fail (BERTH_IS_WINDOW (self), BERTH_ENGINE_STATE_CHECKING);

  return self->engine_state;
}

static void
berth_window_update_recent_menu (BerthWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-projects");

  g_menu_remove_all (self->recent_section);

  for (guint i = 0; recent[i] != NULL && i < MAX_RECENT_PROJECTS; i++)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *name = g_path_get_basename (recent[i]);

      item = g_menu_item_new (name, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_section, item);
    }
}

static void
berth_window_remember_project (BerthWindow *self,
                               const char  *path)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-projects");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT_PROJECTS; i++)
    if (!g_str_equal (recent[i], path))
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);

  g_settings_set_string (self->settings, "last-project", path);
  g_settings_set_strv (self->settings, "recent-projects", (const char * const *) updated);
}

static void
service_list_connected_cb (BerthWindow *self)
{
  /* The engine came back: show its version again. */
  if (berth_service_list_get_connected (self->service_list) &&
      self->engine_state == BERTH_ENGINE_STATE_UNREACHABLE)
    berth_window_refresh_engine (self);

  berth_window_update_banner (self);
}

static void
berth_window_stop_services (BerthWindow *self)
{
  if (self->service_list != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->service_list, self);
      berth_service_list_stop (self->service_list);
    }
  gtk_list_view_set_model (self->services_view, NULL);
  g_clear_object (&self->service_list);
  /* The tabs belong to the project (and its engine) they were opened for. */
  if (self->tab_area != NULL)
    berth_tab_area_close_all (self->tab_area);
}

/* (Re)creates the engine client and the live service list for the loaded
 * project; called after a load and when the endpoint setting changes. */
static void
berth_window_start_services (BerthWindow *self)
{
  g_autofree char *host = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  berth_window_stop_services (self);
  g_clear_object (&self->engine);
  berth_window_update_actions (self);

  if (self->project == NULL)
    return;

  host = g_settings_get_string (self->settings, "engine-endpoint");
  self->engine = berth_engine_new (host[0] != '\0' ? host : NULL, &error);
  if (self->engine == NULL)
    {
      /* An unusable endpoint description: the probe reports the same. */
      berth_window_update_banner (self);
      return;
    }

  self->service_list = berth_service_list_new_for_project (self->engine, self->project);
  g_signal_connect_object (self->service_list, "notify::connected",
                           G_CALLBACK (service_list_connected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->service_list, "notify::error",
                           G_CALLBACK (berth_window_update_banner), self, G_CONNECT_SWAPPED);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->service_list)));
  gtk_list_view_set_model (self->services_view, GTK_SELECTION_MODEL (selection));

  berth_service_list_start (self->service_list);
  berth_window_update_banner (self);
  berth_window_update_actions (self);
}

static void
project_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BerthWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthComposeProject) project = NULL;
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  GPtrArray *warnings;

  project = berth_compose_project_load_finish (result, &error);

  if (cancellable != self->load_cancellable || g_cancellable_is_cancelled (cancellable))
    return;
  g_clear_object (&self->load_cancellable);
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);

  if (project == NULL)
    {
      /* The message carries file:line:column when it is about a place. */
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      berth_window_update_banner (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
      return;
    }

  g_set_object (&self->project, project);

  warnings = berth_compose_project_get_warnings (project);
  if (warnings != NULL && warnings->len > 0)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *title = NULL;

      for (guint i = 0; i < warnings->len; i++)
        {
          if (i > 0)
            g_string_append_c (text, '\n');
          g_string_append (text, g_ptr_array_index (warnings, i));
        }
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning in the compose file",
                                            "%u warnings in the compose file", warnings->len),
                               warnings->len);
      gtk_expander_set_label (self->warnings_expander, title);
      gtk_label_set_label (self->warnings_label, text->str);
      gtk_widget_set_visible (GTK_WIDGET (self->warnings_expander), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->warnings_expander), FALSE);

  berth_window_start_services (self);
  gtk_stack_set_visible_child_name (self->main_stack, "services");
  berth_window_update_banner (self);
  berth_window_update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);

  if (self->pending_workflow != NULL)
    {
      g_autofree char *name = g_steal_pointer (&self->pending_workflow);

      berth_window_start_workflow (self, name);
    }
}

static void
berth_window_update_actions (BerthWindow *self)
{
  gboolean can_run = self->project != NULL && self->engine != NULL &&
                     !berth_workflow_panel_get_running (self->workflow_panel);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rebuild", can_run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.migrate", can_run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.troubleshoot", can_run);
  /* Starting or stopping a service under a running Rebuild would race it. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.service-start", can_run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.service-stop", can_run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.service-restart", can_run);
  /* Logs and shells stay available while a workflow runs. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.service-logs", self->project != NULL && self->engine != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-logs", self->project != NULL && self->engine != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.service-terminal", self->project != NULL && self->engine != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-terminal", self->project != NULL && self->engine != NULL);
}

void
berth_window_reload_project (BerthWindow *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (BERTH_IS_WINDOW (self));

  if (self->project_dir == NULL)
    return;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  berth_window_stop_services (self);
  g_clear_object (&self->project);
  berth_window_update_banner (self);
  berth_window_update_actions (self);

  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);

  path = g_file_get_path (self->project_dir);
  berth_compose_project_load_async (path, (const char * const *) self->compose_files, NULL, NULL,
                                    self->load_cancellable, project_loaded_cb, g_object_ref (self));
}

BerthComposeProject *
berth_window_get_project (BerthWindow *self)
{
  g_return_val_if_fail (BERTH_IS_WINDOW (self), NULL);

  return self->project;
}

BerthServiceList *
berth_window_get_service_list (BerthWindow *self)
{
  g_return_val_if_fail (BERTH_IS_WINDOW (self), NULL);

  return self->service_list;
}

void
berth_window_open_project (BerthWindow        *self,
                           GFile              *dir,
                           const char * const *compose_files)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;

  g_return_if_fail (BERTH_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (dir));

  path = g_file_get_path (dir);
  display = g_file_get_parse_name (dir);

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a folder"), display);

      berth_window_add_toast (self, message);
      return;
    }

  g_set_object (&self->project_dir, dir);
  g_clear_pointer (&self->compose_files, g_strfreev);
  if (compose_files != NULL && compose_files[0] != NULL)
    self->compose_files = g_strdupv ((char **) compose_files);

  name = g_file_get_basename (dir);

  {
    /* Translators: the window title; %s is the project's folder name */
    g_autofree char *title = g_strdup_printf (_("%s – Berth"), name);

    gtk_window_set_title (GTK_WINDOW (self), title);
  }
  adw_window_title_set_subtitle (self->window_title, name);
  adw_status_page_set_title (self->status_page, name);
  adw_status_page_set_description (self->status_page, NULL);
  adw_status_page_set_icon_name (self->status_page, "berth-container-symbolic");

  if (self->compose_files != NULL)
    {
      g_autofree char *files = g_strjoinv ("\n", self->compose_files);
      g_autofree char *subtitle = g_strdup_printf ("%s\n%s", display, files);

      adw_action_row_set_subtitle (self->project_row, subtitle);
    }
  else
    adw_action_row_set_subtitle (self->project_row, display);

  gtk_widget_set_visible (GTK_WIDGET (self->project_row), TRUE);
  gtk_widget_set_visible (self->welcome_buttons, FALSE);

  berth_window_remember_project (self, path);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_DIR]);

  berth_window_reload_project (self);
}

GFile *
berth_window_get_project_dir (BerthWindow *self)
{
  g_return_val_if_fail (BERTH_IS_WINDOW (self), NULL);

  return self->project_dir;
}

const char * const *
berth_window_get_compose_files (BerthWindow *self)
{
  g_return_val_if_fail (BERTH_IS_WINDOW (self), NULL);

  return (const char * const *) self->compose_files;
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     BerthWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) dir = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (dir != NULL)
        berth_window_open_project (self, dir, NULL);
    }

  g_clear_object (&self->chooser);
}

void
berth_window_choose_project (BerthWindow *self)
{
  g_return_if_fail (BERTH_IS_WINDOW (self));

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Open Project Folder"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  if (self->project_dir != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (self->project_dir);

      if (parent != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), parent, NULL);
    }

  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Per-project choices (message, cache, migrations), remembered under the
 * project's folder in the relocatable org.berth.Berth.Project schema. */
static GSettings *
berth_window_project_settings (BerthWindow *self)
{
  g_autofree char *path = g_file_get_path (self->project_dir);
  g_autofree char *id = g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);
  g_autofree char *settings_path = g_strdup_printf ("/org/berth/Berth/projects/%.32s/", id);

  return g_settings_new_with_path (BERTH_SETTINGS_SCHEMA ".Project", settings_path);
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

  g_clear_object (&self->doctor);
  berth_window_update_actions (self);

  if (berth_step_status_is_success (status))
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

typedef struct
{
  BerthWindow *window;
  char        *workflow;  /* "rebuild" or "migrate" */
  GtkEditable *message;
  GtkSwitch   *migrate;
  GtkSwitch   *keep_cache;
} Confirm;

static void
confirm_free (Confirm *confirm)
{
  g_object_unref (confirm->window);
  g_free (confirm->workflow);
  g_free (confirm);
}

static void
berth_window_run_configured (BerthWindow *self,
                             const char  *name,
                             GSettings   *project_settings)
{
  g_autoptr(BerthWorkflow) workflow = NULL;
  g_autofree char *message = g_settings_get_string (project_settings, "migration-message");
  g_autofree char *default_message = g_settings_get_string (self->settings, "default-migration-message");
  BerthWorkflowOptions options = { 0 };

  options.message = message[0] != '\0' ? message : default_message;
  options.keep_cache = g_settings_get_boolean (project_settings, "rebuild-keep-cache");
  options.no_migrate = g_settings_get_boolean (project_settings, "rebuild-skip-migrations");
  options.services = g_settings_get_strv (project_settings, "rebuild-services");
  if (options.services[0] == NULL)
    g_clear_pointer (&options.services, g_strfreev);

  if (g_str_equal (name, "rebuild"))
    workflow = berth_workflow_new_rebuild (self->engine, self->project, &options);
  else
    workflow = berth_workflow_new_migrate (self->engine, self->project, &options);

  g_strfreev (options.services);
  berth_window_run (self, workflow);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Confirm          *confirm)
{
  BerthWindow *self = confirm->window;

  if (g_str_equal (response, "run") && self->project != NULL && self->engine != NULL &&
      !berth_workflow_panel_get_running (self->workflow_panel))
    {
      g_autoptr(GSettings) project_settings = berth_window_project_settings (self);
      g_autofree char *message = g_strstrip (g_strdup (gtk_editable_get_text (confirm->message)));

      g_settings_set_string (project_settings, "migration-message", message);
      if (confirm->migrate != NULL)
        g_settings_set_boolean (project_settings, "rebuild-skip-migrations",
                                !gtk_switch_get_active (confirm->migrate));
      if (confirm->keep_cache != NULL)
        g_settings_set_boolean (project_settings, "rebuild-keep-cache",
                                gtk_switch_get_active (confirm->keep_cache));

      berth_window_run_configured (self, confirm->workflow, project_settings);
    }

  confirm_free (confirm);
}

static GtkSwitch *
add_switch_row (GtkListBox *list,
                const char *title,
                const char *subtitle,
                gboolean    active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  gtk_list_box_append (list, row);

  return GTK_SWITCH (toggle);
}

/* The short sheet before Rebuild and Migrate, with the options. */
static void
berth_window_confirm (BerthWindow *self,
                      const char  *name)
{
  g_autoptr(GSettings) project_settings = berth_window_project_settings (self);
  g_autofree char *message = g_settings_get_string (project_settings, "migration-message");
  g_autofree char *default_message = g_settings_get_string (self->settings, "default-migration-message");
  gboolean rebuild = g_str_equal (name, "rebuild");
  Confirm *confirm = g_new0 (Confirm, 1);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *message_row = adw_entry_row_new ();
  GtkWidget *dialog;

  confirm->window = g_object_ref (self);
  confirm->workflow = g_strdup (name);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (message_row), _("Migration Message"));
  gtk_editable_set_text (GTK_EDITABLE (message_row), message[0] != '\0' ? message : default_message);
  gtk_list_box_append (GTK_LIST_BOX (list), message_row);
  confirm->message = GTK_EDITABLE (message_row);

  if (rebuild)
    {
      confirm->migrate = add_switch_row (GTK_LIST_BOX (list), _("Migrate the Database"),
                                         _("Generate and apply a migration after the services are up"),
                                         !g_settings_get_boolean (project_settings, "rebuild-skip-migrations"));
      confirm->keep_cache = add_switch_row (GTK_LIST_BOX (list), _("Keep the Build Cache"),
                                            _("Faster, but changed system packages may be missed"),
                                            g_settings_get_boolean (project_settings, "rebuild-keep-cache"));
      g_object_bind_property (confirm->migrate, "active", message_row, "sensitive", G_BINDING_SYNC_CREATE);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   rebuild ? _("Rebuild the Backend?") : _("Migrate the Database?"),
                                   rebuild ? _("The services are stopped, their images built again and the services started; named volumes are kept.")
                                           : _("A migration is generated from the model changes and applied to the database."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "run", rebuild ? _("_Rebuild") : _("_Migrate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "run", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "run");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), confirm);
  gtk_window_present (GTK_WINDOW (dialog));
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
    return;

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
      if (g_settings_get_boolean (self->settings, "confirm-destructive"))
        berth_window_confirm (self, name);
      else
        {
          g_autoptr(GSettings) project_settings = berth_window_project_settings (self);

          berth_window_run_configured (self, name, project_settings);
        }
    }
  else
    g_return_if_reached ();
}

void
berth_window_show_workflow (BerthWindow *self)
{
  g_return_if_fail (BERTH_IS_WINDOW (self));

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

  if (status == NULL || berth_service_status_get_state (status) != BERTH_SERVICE_STATE_RUNNING ||
      (container = berth_service_status_get_container_id (status)) == NULL)
    {
      /* Translators: %s is a service name */
      g_autofree char *message = g_strdup_printf (_("%s is not running: start it to open a terminal"), service);

      berth_window_add_toast (self, message);
      return;
    }

  berth_tab_area_open_terminal (self->tab_area, self->engine, container, service);
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

static void
service_row_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      BerthWindow              *self)
{
  gtk_list_item_set_child (item, berth_service_row_new ());
  gtk_list_item_set_activatable (item, FALSE);
}

static void
service_row_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     BerthWindow              *self)
{
  BerthServiceRow *row = BERTH_SERVICE_ROW (gtk_list_item_get_child (item));
  BerthServiceStatus *status = gtk_list_item_get_item (item);
  g_autofree char *image = NULL;

  if (self->project != NULL)
    {
      BerthComposeService *service =
        berth_compose_project_get_service (self->project, berth_service_status_get_service (status));

      if (service != NULL)
        image = berth_compose_project_dup_service_image (self->project, service);
    }

  berth_service_row_set_fallback_image (row, image);
  berth_service_row_set_status (row, status);
}

static void
service_row_unbind_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       BerthWindow              *self)
{
  berth_service_row_set_status (BERTH_SERVICE_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  BerthWindow *self = BERTH_WINDOW (widget);
  g_autoptr(GFile) dir = g_file_new_for_path (g_variant_get_string (param, NULL));

  berth_window_open_project (self, dir, NULL);
}

static void
engine_endpoint_changed_cb (BerthWindow *self)
{
  berth_window_refresh_engine (self);
  berth_window_start_services (self);
}

static gboolean
berth_window_close_request (GtkWindow *window)
{
  BerthWindow *self = BERTH_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (berth_window_parent_class)->close_request (window);
}

static void
berth_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BerthWindow *self = BERTH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENGINE_STATE:
      g_value_set_enum (value, self->engine_state);
      break;

    case PROP_PROJECT_DIR:
      g_value_set_object (value, self->project_dir);
      break;

    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_window_dispose (GObject *object)
{
  BerthWindow *self = BERTH_WINDOW (object);

  if (self->engine_cancellable != NULL)
    g_cancellable_cancel (self->engine_cancellable);
  g_clear_object (&self->engine_cancellable);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  berth_window_stop_services (self);
  g_clear_object (&self->project);
  g_clear_object (&self->engine);
  g_clear_object (&self->doctor);
  g_clear_pointer (&self->pending_workflow, g_free);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_WINDOW);

  G_OBJECT_CLASS (berth_window_parent_class)->dispose (object);
}

static void
berth_window_finalize (GObject *object)
{
  BerthWindow *self = BERTH_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->project_dir);
  g_clear_pointer (&self->compose_files, g_strfreev);
  g_clear_pointer (&self->engine_error, g_free);

  G_OBJECT_CLASS (berth_window_parent_class)->finalize (object);
}

static void
berth_window_class_init (BerthWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = berth_window_get_property;
  object_class->dispose = berth_window_dispose;
  object_class->finalize = berth_window_finalize;

  window_class->close_request = berth_window_close_request;

  properties[PROP_ENGINE_STATE] =
    g_param_spec_enum ("engine-state", NULL, NULL,
                       BERTH_TYPE_ENGINE_STATE, BERTH_ENGINE_STATE_CHECKING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT_DIR] =
    g_param_spec_object ("project-dir", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         BERTH_TYPE_COMPOSE_PROJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BERTH_TYPE_WORKFLOW_PANEL);
  g_type_ensure (BERTH_TYPE_TAB_AREA);

  berth_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, BERTH_RESOURCE_PATH "/ui/berth-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, project_row);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, engine_row);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, engine_icon);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, engine_spinner);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, welcome_buttons);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, engine_banner);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, engine_banner_label);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, warnings_expander);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, warnings_label);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, services_view);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, engine_footer);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, content_paned);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, tab_area);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, workflow_panel);

  gtk_widget_class_install_action (widget_class, "win.retry-engine", NULL, retry_engine_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.reload-project", NULL, reload_project_action);
  gtk_widget_class_install_action (widget_class, "win.service-logs", "s", service_logs_action);
  gtk_widget_class_install_action (widget_class, "win.show-logs", NULL, service_logs_action);
  gtk_widget_class_install_action (widget_class, "win.service-terminal", "s", service_terminal_action);
  gtk_widget_class_install_action (widget_class, "win.open-terminal", NULL, open_terminal_action);
  gtk_widget_class_install_action (widget_class, "win.rebuild", NULL, workflow_action);
  gtk_widget_class_install_action (widget_class, "win.migrate", NULL, workflow_action);
  gtk_widget_class_install_action (widget_class, "win.troubleshoot", NULL, workflow_action);
  gtk_widget_class_install_action (widget_class, "win.service-start", "s", service_action);
  gtk_widget_class_install_action (widget_class, "win.service-stop", "s", service_action);
  gtk_widget_class_install_action (widget_class, "win.service-restart", "s", service_action);
}

static void
berth_window_init (BerthWindow *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (service_row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (service_row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (service_row_unbind_cb), self);
  gtk_list_view_set_factory (self->services_view, factory);
  g_object_unref (factory);

  gtk_paned_set_position (self->content_paned, 300);

  g_signal_connect_object (self->workflow_panel, "finished", G_CALLBACK (workflow_finished_cb), self, 0);
  g_signal_connect_object (self->workflow_panel, "close", G_CALLBACK (workflow_close_cb), self, G_CONNECT_SWAPPED);
  berth_window_update_actions (self);

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (BERTH_SETTINGS_SCHEMA);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->settings, "changed::recent-projects",
                           G_CALLBACK (berth_window_update_recent_menu), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::engine-endpoint",
                           G_CALLBACK (engine_endpoint_changed_cb), self,
                           G_CONNECT_SWAPPED);
  berth_window_update_recent_menu (self);

  self->engine_state = BERTH_ENGINE_STATE_CHECKING;
  berth_window_refresh_engine (self);
}

BerthWindow *
berth_window_new (BerthApplication *application)
{
  return g_object_new (BERTH_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
