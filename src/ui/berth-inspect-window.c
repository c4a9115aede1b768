/* berth-inspect-window.c: a container's environment, mounts, networks and
 * health log.
 *
 * Secrets stay masked until the user flips "Reveal Secrets": values of
 * keys that look like credentials, and the password part of connection
 * URLs such as DATABASE_URL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-inspect-window.h"
#include "berth-util.h"

struct _BerthInspectWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesGroup  *env_group;
  AdwPreferencesGroup  *mounts_group;
  AdwPreferencesGroup  *networks_group;
  AdwPreferencesGroup  *health_group;
  GtkSwitch            *reveal_switch;
  GPtrArray            *rows;      /* of env value rows */
  GPtrArray            *env;       /* "KEY=value" */

  GCancellable         *cancellable;
  gboolean              loaded;
};

G_DEFINE_FINAL_TYPE (BerthInspectWindow, berth_inspect_window, ADW_TYPE_PREFERENCES_WINDOW)

#define MASK "********"

char *
berth_inspect_mask_value (const char *key,
                          const char *value,
                          gboolean    reveal)
{
  const char *scheme_end, *at, *colon;

  if (value == NULL)
    return g_strdup ("");
  if (reveal)
    return g_strdup (value);
  if (berth_util_is_secret_key (key))
    return g_strdup (MASK);

  /* scheme://user:password@host/... */
  scheme_end = strstr (value, "://");
  if (scheme_end != NULL)
    {
      const char *userinfo = scheme_end + 3;
      const char *slash = strchr (userinfo, '/');

      at = strrchr (userinfo, '@');
      if (at != NULL && (slash == NULL || at < slash))
        {
          colon = memchr (userinfo, ':', at - userinfo);
          if (colon != NULL)
            return g_strdup_printf ("%.*s" MASK "%s", (int) (colon + 1 - value), value, at);
        }
    }

  return g_strdup (value);
}

/* NULL when missing, null or of another type: the engine omits fields. */
static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static void
clear_group (AdwPreferencesGroup **group,
             AdwPreferencesPage   *page,
             const char           *title)
{
  /* libadwaita 1.2 has no way to empty a group: replace it. */
  if (*group != NULL)
    adw_preferences_page_remove (page, *group);
  *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (*group, title);
  adw_preferences_page_add (page, *group);
}

static GtkWidget *
value_row (const char *title,
           const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  gtk_widget_add_css_class (row, "property");
  return row;
}

static void
update_env_rows (BerthInspectWindow *self)
{
  gboolean reveal = gtk_switch_get_active (self->reveal_switch);

  for (guint i = 0; i < self->rows->len && i < self->env->len; i++)
    {
      const char *entry = g_ptr_array_index (self->env, i);
      const char *eq = strchr (entry, '=');
      g_autofree char *key = eq ? g_strndup (entry, eq - entry) : g_strdup (entry);
      g_autofree char *shown = berth_inspect_mask_value (key, eq ? eq + 1 : NULL, reveal);

      adw_action_row_set_subtitle (g_ptr_array_index (self->rows, i), shown);
    }
}

static AdwPreferencesPage *
page_of (AdwPreferencesGroup *group)
{
  return ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (group), ADW_TYPE_PREFERENCES_PAGE));
}

void
berth_inspect_window_show_inspect (BerthInspectWindow *self,
                                   JsonObject         *inspect)
{
  JsonObject *config, *state, *health, *settings, *networks;
  JsonArray *env, *mounts, *log;

  g_return_if_fail (BERTH_IS_INSPECT_WINDOW (self));
  g_return_if_fail (inspect != NULL);

  config = member_object (inspect, "Config");
  state = member_object (inspect, "State");
  settings = member_object (inspect, "NetworkSettings");
  health = state ? member_object (state, "Health") : NULL;
  networks = settings ? member_object (settings, "Networks") : NULL;
  env = config ? member_array (config, "Env") : NULL;
  mounts = member_array (inspect, "Mounts");
  log = health ? member_array (health, "Log") : NULL;

  /* Environment. */
  clear_group (&self->env_group, page_of (self->env_group), _("Variables"));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->env, 0);
  for (guint i = 0; env != NULL && i < json_array_get_length (env); i++)
    {
      const char *entry = json_array_get_string_element (env, i);
      const char *eq;
      g_autofree char *key = NULL;
      GtkWidget *row;

      if (entry == NULL)
        continue;
      eq = strchr (entry, '=');
      key = eq ? g_strndup (entry, eq - entry) : g_strdup (entry);
      row = value_row (key, "");
      adw_preferences_group_add (self->env_group, row);
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->env, g_strdup (entry));
    }
  if (self->rows->len == 0)
    adw_preferences_group_set_description (self->env_group, _("No environment variables"));
  update_env_rows (self);

  /* Mounts. */
  clear_group (&self->mounts_group, page_of (self->mounts_group), _("Mounts"));
  for (guint i = 0; mounts != NULL && i < json_array_get_length (mounts); i++)
    {
      JsonNode *node = json_array_get_element (mounts, i);
      JsonObject *m;
      const char *type, *source;
      g_autofree char *subtitle = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      m = json_node_get_object (node);
      type = json_object_get_string_member_with_default (m, "Type", "");
      source = json_object_get_string_member_with_default (m, "Name", NULL);

      if (source == NULL || g_str_equal (type, "bind"))
        source = json_object_get_string_member_with_default (m, "Source", "");
      /* Translators: "volume probeops_dbdata, read-write" */
      subtitle = g_strdup_printf (_("%s %s, %s"), type, source,
                                  json_object_get_boolean_member_with_default (m, "RW", TRUE)
                                    ? _("read-write") : _("read-only"));
      adw_preferences_group_add (self->mounts_group,
                                 value_row (json_object_get_string_member_with_default (m, "Destination", ""),
                                            subtitle));
    }
  if (mounts == NULL || json_array_get_length (mounts) == 0)
    adw_preferences_group_set_description (self->mounts_group, _("No mounts"));

  /* Networks. */
  clear_group (&self->networks_group, page_of (self->networks_group), _("Networks"));
  if (networks != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (networks);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonObject *n = member_object (networks, l->data);
          JsonArray *aliases;
          g_autoptr(GString) subtitle = NULL;

          if (n == NULL)
            continue;
          aliases = member_array (n, "Aliases");
          subtitle = g_string_new (json_object_get_string_member_with_default (n, "IPAddress", ""));

          for (guint i = 0; aliases != NULL && i < json_array_get_length (aliases); i++)
            g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? ", " : "",
                                    json_array_get_string_element (aliases, i));
          adw_preferences_group_add (self->networks_group, value_row (l->data, subtitle->str));
        }
    }
  if (networks == NULL || json_object_get_size (networks) == 0)
    adw_preferences_group_set_description (self->networks_group, _("Not connected to any network"));

  /* Health log, newest first. */
  clear_group (&self->health_group, page_of (self->health_group), _("Health Checks"));
  if (health != NULL)
    adw_preferences_group_set_description (self->health_group,
                                           json_object_get_string_member_with_default (health, "Status", ""));
  else
    adw_preferences_group_set_description (self->health_group, _("No healthcheck defined"));
  for (guint n = log ? json_array_get_length (log) : 0; n > 0; n--)
    {
      JsonNode *node = json_array_get_element (log, n - 1);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *output = NULL;
      g_autofree char *title = NULL;

      if (entry == NULL)
        continue;
      output = g_strstrip (g_strdup (json_object_get_string_member_with_default (entry, "Output", "")));

      /* Translators: "exit 0 at 2026-11-29T11:02:03Z" */
      title = g_strdup_printf (_("exit %d at %s"),
                               (int) json_object_get_int_member_with_default (entry, "ExitCode", -1),
                               json_object_get_string_member_with_default (entry, "Start", ""));
      adw_preferences_group_add (self->health_group, value_row (title, output));
    }

  self->loaded = TRUE;
}

static void
inspect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autofree char *path = g_strdup_printf ("/containers/%s/json", (const char *) task_data);
  GError *error = NULL;
  JsonNode *answer = berth_engine_request_sync (source_object, "GET", path, NULL, NULL, cancellable, &error);

  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, (GDestroyNotify) json_node_unref);
}

static void
inspect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BerthInspectWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error != NULL ? error->message
                                                                     : _("The engine's answer is not an object")));
      self->loaded = TRUE;
      return;
    }

  berth_inspect_window_show_inspect (self, json_node_get_object (answer));
}

gboolean
berth_inspect_window_get_loaded (BerthInspectWindow *self)
{
  g_return_val_if_fail (BERTH_IS_INSPECT_WINDOW (self), FALSE);

  return self->loaded;
}

void
berth_inspect_window_set_reveal (BerthInspectWindow *self,
                                 gboolean            reveal)
{
  g_return_if_fail (BERTH_IS_INSPECT_WINDOW (self));

  gtk_switch_set_active (self->reveal_switch, reveal);
}

static AdwPreferencesGroup *
add_page (BerthInspectWindow *self,
          const char         *title,
          const char         *icon_name,
          AdwPreferencesPage **page_out)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_page_set_title (page, title);
  adw_preferences_page_set_icon_name (page, icon_name);
  adw_preferences_page_add (page, group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
  if (page_out != NULL)
    *page_out = page;
  return group;
}

static void
berth_inspect_window_dispose (GObject *object)
{
  BerthInspectWindow *self = BERTH_INSPECT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (berth_inspect_window_parent_class)->dispose (object);
}

static void
berth_inspect_window_finalize (GObject *object)
{
  BerthInspectWindow *self = BERTH_INSPECT_WINDOW (object);

  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->env);

  G_OBJECT_CLASS (berth_inspect_window_parent_class)->finalize (object);
}

static void
berth_inspect_window_class_init (BerthInspectWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = berth_inspect_window_dispose;
  object_class->finalize = berth_inspect_window_finalize;
}

static void
berth_inspect_window_init (BerthInspectWindow *self)
{
  AdwPreferencesPage *env_page;
  AdwPreferencesGroup *reveal_group;
  GtkWidget *reveal_row;

  self->rows = g_ptr_array_new ();
  self->env = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();

  gtk_window_set_default_size (GTK_WINDOW (self), 640, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), TRUE);

  reveal_group = add_page (self, _("Environment"), "preferences-system-symbolic", &env_page);
  self->reveal_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->reveal_switch), GTK_ALIGN_CENTER);
  reveal_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reveal_row), _("Reveal Secrets"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (reveal_row), _("Show passwords, tokens and keys"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (reveal_row), GTK_WIDGET (self->reveal_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (reveal_row), GTK_WIDGET (self->reveal_switch));
  adw_preferences_group_add (reveal_group, reveal_row);
  g_signal_connect_swapped (self->reveal_switch, "notify::active", G_CALLBACK (update_env_rows), self);

  self->env_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_page_add (env_page, self->env_group);
  self->mounts_group = add_page (self, _("Mounts"), "drive-harddisk-symbolic", NULL);
  self->networks_group = add_page (self, _("Networks"), "network-wired-symbolic", NULL);
  self->health_group = add_page (self, _("Health"), "berth-healthy-symbolic", NULL);
}

BerthInspectWindow *
berth_inspect_window_new (GtkWindow   *parent,
                          BerthEngine *engine,
                          const char  *container,
                          const char  *service)
{
  BerthInspectWindow *self;
  g_autoptr(GTask) task = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (container != NULL, NULL);

  /* Translators: %s is a service name */
  title = g_strdup_printf (_("Inspect %s"), service != NULL ? service : container);
  self = g_object_new (BERTH_TYPE_INSPECT_WINDOW,
                       "transient-for", parent,
                       "title", title,
                       NULL);

  task = g_task_new (engine, self->cancellable, inspect_cb, g_object_ref (self));
  g_task_set_source_tag (task, berth_inspect_window_new);
  g_task_set_task_data (task, g_strdup (container), g_free);
  g_task_run_in_thread (task, inspect_thread);

  return self;
}
