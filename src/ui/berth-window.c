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
#include "berth-engine-settings.h"
#include "berth-service-list.h"
#include "berth-services-view.h"
#include "berth-tab-area.h"
#include "berth-window-private.h"

#define MAX_RECENT_PROJECTS 8


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
      gtk_widget_set_visible (GTK_WIDGET (self->engine_footer), TRUE);
      return;
    }

  /* The version under the list would be stale. */
  gtk_widget_set_visible (GTK_WIDGET (self->engine_footer), FALSE);

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
  g_autoptr(BerthEngineEndpointSpec) spec = NULL;

  g_return_if_fail (BERTH_IS_WINDOW (self));

  if (self->engine_cancellable != NULL)
    g_cancellable_cancel (self->engine_cancellable);
  g_clear_object (&self->engine_cancellable);
  self->engine_cancellable = g_cancellable_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->engine_row), _("Docker Engine"));
  adw_action_row_set_subtitle (self->engine_row, _("Connecting…"));
  berth_window_set_engine_state (self, BERTH_ENGINE_STATE_CHECKING);

  spec = berth_engine_settings_get_spec (self->settings);
  berth_engine_probe_async (spec, self->engine_cancellable,
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
  berth_services_view_set_model (self->services_view, NULL, NULL);
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
  g_autoptr(BerthEngineEndpointSpec) spec = NULL;
  g_autoptr(GError) error = NULL;

  berth_window_stop_services (self);
  g_clear_object (&self->engine);
  berth_window_update_actions (self);

  if (self->project == NULL)
    return;

  spec = berth_engine_settings_get_spec (self->settings);
  self->engine = berth_engine_new_for_spec (spec, &error);
  {
    /* The Migrations page: files alone without an engine. */
    g_autofree char *service = g_settings_get_string (self->settings, "migration-service");

    berth_migrations_page_set_project (self->migrations_page, self->engine, self->project,
                                       service[0] != '\0' ? service : NULL,
                                       self->project_dir != NULL ? g_file_peek_path (self->project_dir) : NULL);
  }
  if (self->engine == NULL)
    {
      /* An unusable endpoint description: the probe reports the same. */
      berth_window_update_banner (self);
      return;
    }

  self->service_list = berth_service_list_new_for_project (self->engine, self->project);
  berth_migrations_page_set_service_list (self->migrations_page, self->service_list);
  g_signal_connect_object (self->service_list, "notify::connected",
                           G_CALLBACK (service_list_connected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->service_list, "notify::error",
                           G_CALLBACK (berth_window_update_banner), self, G_CONNECT_SWAPPED);

  berth_services_view_set_model (self->services_view, self->service_list, self->project);

  berth_service_list_start (self->service_list);
  berth_window_update_banner (self);
  berth_window_update_actions (self);
}

static void
compose_file_chosen_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  BerthWindow *self = user_data;
  GStrv files = g_object_get_data (G_OBJECT (dialog), "berth-compose-files");
  guint64 index;

  if (self->project_dir == NULL || !g_ascii_string_to_unsigned (response, 10, 0, G_MAXUINT, &index, NULL) ||
      index >= g_strv_length (files))
    return;

  {
    const char * const chosen[] = { files[index], NULL };
    g_autoptr(GFile) dir = g_object_ref (self->project_dir);

    berth_window_open_project (self, dir, chosen);
  }
}

/* A folder with several docker-compose.*.yml files and none of the standard
 * names: ask which one describes the project rather than leave the user at
 * an error. */
static gboolean
berth_window_choose_compose_file (BerthWindow  *self,
                                  const GError *error)
{
  g_autofree char *path = NULL;
  g_auto(GStrv) files = NULL;
  AdwMessageDialog *dialog;

  if (!g_error_matches (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_NOT_FOUND) ||
      self->compose_files != NULL || self->project_dir == NULL)
    return FALSE;

  path = g_file_get_path (self->project_dir);
  files = berth_compose_list_files (path);
  if (g_strv_length (files) < 2)
    return FALSE;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Choose a Compose File"),
                                                       _("This folder has several compose files. "
                                                         "Which one describes the project?")));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  for (guint i = 0; files[i]; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *base = g_path_get_basename (files[i]);

      adw_message_dialog_add_response (dialog, id, base);
    }
  adw_message_dialog_set_response_appearance (dialog, "0", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "0");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "berth-compose-files", g_steal_pointer (&files),
                          (GDestroyNotify) g_strfreev);
  g_signal_connect_object (dialog, "response", G_CALLBACK (compose_file_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
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
      /* A desktop action cannot run on a project that does not load:
       * show why instead. */
      g_clear_pointer (&self->pending_workflow, g_free);
      if (self->background)
        {
          berth_window_end_background (self);
          gtk_window_present (GTK_WINDOW (self));
        }
      berth_window_choose_compose_file (self, error);
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

void
berth_window_update_actions (BerthWindow *self)
{
  gboolean can_run = self->project != NULL && self->engine != NULL &&
                     !berth_workflow_panel_get_running (self->workflow_panel);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rebuild", can_run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.migrate", can_run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.troubleshoot", can_run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.doctor-fix", can_run);
  /* Starting or stopping a service under a running Rebuild would race it. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.service-start", can_run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.service-stop", can_run);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.service-restart", can_run);
  /* Logs and shells stay available while a workflow runs. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.service-logs", self->project != NULL && self->engine != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-logs", self->project != NULL && self->engine != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.service-terminal", self->project != NULL && self->engine != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.service-inspect", self->project != NULL && self->engine != NULL);
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

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  BerthWindow *self = BERTH_WINDOW (widget);
  g_autoptr(GFile) dir = g_file_new_for_path (g_variant_get_string (param, NULL));

  berth_window_open_project (self, dir, NULL);
}

/* One reconnect per change, however many endpoint keys it writes. */
static gboolean
settings_change_event_cb (GSettings    *settings,
                          const GQuark *keys,
                          int           n_keys,
                          BerthWindow  *self)
{
  /* NULL keys: anything may have changed. */
  for (int i = 0; i < n_keys || (keys == NULL && i == 0); i++)
    if (keys == NULL || berth_engine_settings_is_endpoint_key (g_quark_to_string (keys[i])))
      {
        berth_window_refresh_engine (self);
        berth_window_start_services (self);
        break;
      }
  return FALSE;
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
  berth_window_end_background (self);

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
  g_type_ensure (BERTH_TYPE_SERVICES_VIEW);
  g_type_ensure (BERTH_TYPE_MIGRATIONS_PAGE);

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
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, migrations_page);

  berth_window_class_install_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
}

static void
berth_window_init (BerthWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_paned_set_position (self->content_paned, 300);

  berth_window_init_actions (self);
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
  g_signal_connect_object (self->settings, "change-event",
                           G_CALLBACK (settings_change_event_cb), self, 0);
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
