/* berth-application.c: the Berth GTK application.
 *
 * One window per process: a second `berth` launch hands its command line to
 * the running instance (GApplication uniqueness), which raises its window
 * and opens the requested project there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-application.h"
#include "berth-preferences-window.h"
#include "berth-resources.h"
#include "berth-window.h"

struct _BerthApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (BerthApplication, berth_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "project", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the Docker Compose project in DIR"), N_("DIR") },
  { "file", 'f', 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    N_("Use this compose file (repeatable)"), N_("FILE") },
  { "action", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Run an application action, e.g. “rebuild”, on the last project"), N_("NAME") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

void
berth_ui_ensure_resources (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      berth_register_resource ();
      g_once_init_leave (&once, 1);
    }
}

GFile *
berth_application_get_demo_dir (void)
{
  const char *candidates[] = { BERTH_DEMO_DIR, BERTH_SOURCE_DEMO_DIR };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_DIR))
      return g_file_new_for_path (candidates[i]);

  return NULL;
}

GSettings *
berth_application_get_settings (BerthApplication *self)
{
  g_return_val_if_fail (BERTH_IS_APPLICATION (self), NULL);

  return self->settings;
}

static BerthWindow *
berth_application_get_window (BerthApplication *self,
                              gboolean         *created)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (created != NULL)
    *created = (window == NULL);

  if (window == NULL)
    window = GTK_WINDOW (berth_window_new (self));

  return BERTH_WINDOW (window);
}

static void
berth_application_restore_last_project (BerthApplication *self,
                                        BerthWindow      *window)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-project");

  if (last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) dir = g_file_new_for_path (last);

      berth_window_open_project (window, dir, NULL);
    }
}

static void
berth_application_activate (GApplication *app)
{
  BerthApplication *self = BERTH_APPLICATION (app);
  gboolean created;
  BerthWindow *window = berth_application_get_window (self, &created);

  if (created)
    berth_application_restore_last_project (self, window);

  gtk_window_present (GTK_WINDOW (window));
}

static int
berth_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("berth %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static int
berth_application_command_line (GApplication            *app,
                                GApplicationCommandLine *cmdline)
{
  BerthApplication *self = BERTH_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  const char *project = NULL;
  const char *action = NULL;
  g_autofree const char **files = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GPtrArray) compose_files = g_ptr_array_new_with_free_func (g_free);
  BerthWindow *window;
  gboolean created;

  g_variant_dict_lookup (options, "project", "^&ay", &project);
  g_variant_dict_lookup (options, "file", "^a&ay", &files);
  g_variant_dict_lookup (options, "action", "&s", &action);

  if (action != NULL && !g_action_group_has_action (G_ACTION_GROUP (self), action))
    {
      g_autofree char *names = NULL;
      g_auto(GStrv) list = g_action_group_list_actions (G_ACTION_GROUP (self));

      names = g_strjoinv (", ", list);
      g_application_command_line_printerr (cmdline, _("berth: unknown action “%s” (available: %s)\n"),
                                           action, names);
      return 2;
    }

  if (project != NULL)
    {
      dir = g_application_command_line_create_file_for_arg (cmdline, project);
      if (!g_file_query_exists (dir, NULL) ||
          g_file_query_file_type (dir, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
        {
          g_autofree char *path = g_file_get_parse_name (dir);

          g_application_command_line_printerr (cmdline, _("berth: “%s” is not a folder\n"), path);
          return 2;
        }
    }

  /* Compose files are relative to the caller's directory, as with
   * `docker compose -f`. */
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (cmdline, files[i]);

      g_ptr_array_add (compose_files, g_file_get_path (file));
    }
  g_ptr_array_add (compose_files, NULL);

  window = berth_application_get_window (self, &created);

  if (dir != NULL)
    berth_window_open_project (window, dir, (const char * const *) compose_files->pdata);
  else if (created)
    berth_application_restore_last_project (self, window);

  gtk_window_present (GTK_WINDOW (window));

  if (action != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (self), action, NULL);

  return 0;
}

static void
open_project_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  BerthApplication *self = user_data;
  BerthWindow *window = berth_application_get_window (self, NULL);

  gtk_window_present (GTK_WINDOW (window));
  berth_window_choose_project (window);
}

static void
open_demo_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  BerthApplication *self = user_data;
  BerthWindow *window = berth_application_get_window (self, NULL);
  g_autoptr(GFile) demo = berth_application_get_demo_dir ();

  gtk_window_present (GTK_WINDOW (window));
  if (demo != NULL)
    berth_window_open_project (window, demo, NULL);
  else
    berth_window_add_toast (window, _("The demo backend is not installed"));
}

/* app.rebuild, app.migrate, app.troubleshoot: what the desktop file's
 * actions and `gapplication action` call; they run on the open project,
 * or the last one when Berth was not running. */
static void
workflow_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  BerthApplication *self = user_data;
  gboolean created;
  BerthWindow *window = berth_application_get_window (self, &created);

  if (created)
    {
      /* Nothing was on screen: run on the last project without a window,
       * the result arrives as a notification. */
      berth_application_restore_last_project (self, window);
      berth_window_start_workflow_in_background (window, g_action_get_name (G_ACTION (action)));
      return;
    }
  gtk_window_present (GTK_WINDOW (window));
  berth_window_start_workflow (window, g_action_get_name (G_ACTION (action)));
}

static void
open_terminal_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  BerthApplication *self = user_data;
  BerthWindow *window = berth_application_get_window (self, NULL);

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-terminal", NULL);
}

static void
show_workflow_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  BerthApplication *self = user_data;
  gboolean created;
  BerthWindow *window = berth_application_get_window (self, &created);

  if (created)
    berth_application_restore_last_project (self, window);
  berth_window_show_workflow (window);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  BerthApplication *self = user_data;
  GtkWindow *parent = GTK_WINDOW (berth_application_get_window (self, NULL));
  BerthPreferencesWindow *prefs = berth_preferences_window_new (parent);

  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  BerthApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Berth developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Berth"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Berth developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", BERTH_WEBSITE,
                        "issue-url", BERTH_ISSUES_URL,
                        "comments", _("Rebuild, migrate and troubleshoot a Docker Compose backend from one window."),
                        "copyright", _("© 2026 The Berth developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  BerthApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close the windows first so each one saves its size and state. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "open-project", open_project_action },
  { "open-demo", open_demo_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
  { "rebuild", workflow_action },
  { "migrate", workflow_action },
  { "troubleshoot", workflow_action },
  { "show-workflow", show_workflow_action },
  { "open-terminal", open_terminal_action },
};

static void
berth_application_startup (GApplication *app)
{
  BerthApplication *self = BERTH_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.open-project", { "<Control>o", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.retry-engine", { "F5", NULL } },
    { "win.reload-project", { "<Control>r", NULL } },
    { "win.rebuild", { "<Control><Shift>r", NULL } },
    { "win.migrate", { "<Control><Shift>m", NULL } },
    { "win.troubleshoot", { "<Control><Shift>t", NULL } },
    { "win.open-terminal", { "<Control><Shift>e", NULL } },
  };

  berth_ui_ensure_resources ();

  G_APPLICATION_CLASS (berth_application_parent_class)->startup (app);

  self->settings = g_settings_new (BERTH_SETTINGS_SCHEMA);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);
}

static void
berth_application_dispose (GObject *object)
{
  BerthApplication *self = BERTH_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (berth_application_parent_class)->dispose (object);
}

static void
berth_application_class_init (BerthApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = berth_application_dispose;

  app_class->startup = berth_application_startup;
  app_class->activate = berth_application_activate;
  app_class->command_line = berth_application_command_line;
  app_class->handle_local_options = berth_application_handle_local_options;
}

static void
berth_application_init (BerthApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                             _("Rebuild, migrate and troubleshoot a Docker Compose backend."));
}

BerthApplication *
berth_application_new (void)
{
  return g_object_new (BERTH_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       /* The same resources for the .Devel id. */
                       "resource-base-path", BERTH_RESOURCE_PATH,
                       NULL);
}
