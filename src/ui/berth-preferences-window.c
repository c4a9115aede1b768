/* berth-preferences-window.c: the application's preferences.
 *
 * Every control follows a GSettings key, so the window has no state of its
 * own.  Text rows apply on Enter or the apply button only: applying the
 * endpoint on every keystroke would reconnect to half-typed hosts.  The
 * engine endpoint's controls write through berth_engine_settings_set(), so
 * each choice is one change and the main window reconnects once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-application.h"
#include "berth-engine-settings.h"
#include "berth-preferences-window-private.h"

/* The nicks of org.berth.Berth.EngineMode, in the mode row's order. */
static const char * const mode_nicks[] = { "automatic", "socket", "tcp", "context" };

struct _BerthPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *mode_row;
  AdwEntryRow          *socket_row;
  AdwEntryRow          *tcp_url_row;
  AdwActionRow         *ca_row;
  GtkButton            *ca_button;
  GtkButton            *ca_clear_button;
  AdwActionRow         *cert_row;
  GtkButton            *cert_button;
  GtkButton            *cert_clear_button;
  AdwActionRow         *key_row;
  GtkButton            *key_button;
  GtkButton            *key_clear_button;
  AdwActionRow         *verify_row;
  GtkSwitch            *verify_switch;
  AdwComboRow          *context_row;
  GtkSwitch            *confirm_switch;
  GtkSwitch            *notifications_switch;
  GtkSpinButton        *scrollback_spin;
  GtkSwitch            *timestamps_switch;
  GtkSwitch            *system_font_switch;
  AdwActionRow         *font_row;
  GtkFontButton        *font_button;
  AdwEntryRow          *migration_service_row;
  AdwEntryRow          *migration_message_row;

  GSettings            *settings;
  GtkStringList        *contexts;
  GtkFileChooserNative *chooser;
  /* Set while the controls are made to show the keys, so their change
   * handlers do not write back what they are shown. */
  gboolean              syncing;
};

G_DEFINE_FINAL_TYPE (BerthPreferencesWindow, berth_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
set_entry_row_text (AdwEntryRow *row,
                    const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text) == 0)
    return;
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  /* Shown, not typed: nothing to apply. */
  adw_entry_row_set_show_apply_button (row, FALSE);
  adw_entry_row_set_show_apply_button (row, TRUE);
}

static void
entry_row_apply_cb (AdwEntryRow            *row,
                    BerthPreferencesWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "berth-settings-key");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (berth_engine_settings_is_endpoint_key (key))
    berth_engine_settings_set (key, g_variant_new_string (text));
  else
    g_settings_set_string (self->settings, key, text);
}

static void
entry_row_key_changed_cb (GSettings   *settings,
                          const char  *key,
                          AdwEntryRow *row)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  set_entry_row_text (row, value);
}

static void
bind_entry_row (BerthPreferencesWindow *self,
                AdwEntryRow            *row,
                const char             *key)
{
  g_autofree char *value = g_settings_get_string (self->settings, key);
  g_autofree char *signal = g_strconcat ("changed::", key, NULL);

  g_object_set_data (G_OBJECT (row), "berth-settings-key", (gpointer) key);
  set_entry_row_text (row, value);
  g_signal_connect (row, "apply", G_CALLBACK (entry_row_apply_cb), self);
  g_signal_connect_object (self->settings, signal, G_CALLBACK (entry_row_key_changed_cb), row, 0);
}

/* --- the engine endpoint --- */

static char *
current_context (BerthPreferencesWindow *self)
{
  char *name = g_strstrip (g_settings_get_string (self->settings, "engine-context"));

  /* As berth_engine_settings_get_spec() reads it. */
  if (name[0] == '\0')
    {
      g_free (name);
      name = g_strdup ("default");
    }
  return name;
}

/* The contexts of the docker CLI configuration, read again each time the
 * context mode is shown: `docker context create` may have run meanwhile. */
static void
sync_context_row (BerthPreferencesWindow *self)
{
  g_auto(GStrv) names = berth_engine_endpoint_list_contexts ();
  g_autofree char *current = current_context (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) items = NULL;
  guint selected = 0;
  guint n;

  g_strv_builder_add (builder, "default");
  g_strv_builder_addv (builder, (const char **) names);
  /* A context that no longer exists stays visible, with its error shown
   * by the main window. */
  if (!g_str_equal (current, "default") && !g_strv_contains ((const char * const *) names, current))
    g_strv_builder_add (builder, current);
  items = g_strv_builder_end (builder);

  for (n = 0; items[n] != NULL; n++)
    if (g_str_equal (items[n], current))
      selected = n;

  gtk_string_list_splice (self->contexts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->contexts)),
                          (const char * const *) items);
  adw_combo_row_set_selected (self->context_row, selected);
}

static void
sync_tls_file_row (BerthPreferencesWindow *self,
                   AdwActionRow           *row,
                   GtkButton              *clear_button,
                   const char             *key)
{
  g_autofree char *path = g_settings_get_string (self->settings, key);

  adw_action_row_set_subtitle (row, path[0] != '\0' ? path : _("None"));
  gtk_widget_set_visible (GTK_WIDGET (clear_button), path[0] != '\0');
}

static void
sync_endpoint_rows (BerthPreferencesWindow *self)
{
  BerthEngineEndpointMode mode = g_settings_get_enum (self->settings, "engine-mode");
  g_autofree char *legacy = g_strstrip (g_settings_get_string (self->settings, "engine-endpoint"));
  gboolean tcp = mode == BERTH_ENGINE_ENDPOINT_MODE_TCP;

  self->syncing = TRUE;

  adw_combo_row_set_selected (self->mode_row, mode);
  if (legacy[0] != '\0')
    {
      /* An old value that fits no mode (ssh://) still decides. */
      g_autofree char *subtitle = g_strdup_printf (_("The old endpoint setting %s is in use"), legacy);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->mode_row), subtitle);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->mode_row), NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->socket_row), mode == BERTH_ENGINE_ENDPOINT_MODE_SOCKET);
  gtk_widget_set_visible (GTK_WIDGET (self->tcp_url_row), tcp);
  gtk_widget_set_visible (GTK_WIDGET (self->ca_row), tcp);
  gtk_widget_set_visible (GTK_WIDGET (self->cert_row), tcp);
  gtk_widget_set_visible (GTK_WIDGET (self->key_row), tcp);
  gtk_widget_set_visible (GTK_WIDGET (self->verify_row), tcp);
  gtk_widget_set_visible (GTK_WIDGET (self->context_row), mode == BERTH_ENGINE_ENDPOINT_MODE_CONTEXT);

  sync_tls_file_row (self, self->ca_row, self->ca_clear_button, "engine-tls-ca-file");
  sync_tls_file_row (self, self->cert_row, self->cert_clear_button, "engine-tls-cert-file");
  sync_tls_file_row (self, self->key_row, self->key_clear_button, "engine-tls-key-file");
  gtk_switch_set_active (self->verify_switch, g_settings_get_boolean (self->settings, "engine-tls-verify"));
  sync_context_row (self);

  self->syncing = FALSE;
}

static void
settings_changed_cb (GSettings              *settings,
                     const char             *key,
                     BerthPreferencesWindow *self)
{
  if (berth_engine_settings_is_endpoint_key (key))
    sync_endpoint_rows (self);
}

static void
mode_selected_cb (BerthPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->mode_row);

  /* A notification GTK queued while the rows were being synced arrives
   * late: only a real change is written. */
  if (self->syncing || selected >= G_N_ELEMENTS (mode_nicks) ||
      selected == (guint) g_settings_get_enum (self->settings, "engine-mode"))
    return;
  berth_engine_settings_set ("engine-mode", g_variant_new_string (mode_nicks[selected]));
}

static void
context_selected_cb (BerthPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->context_row);
  g_autofree char *current = NULL;
  const char *name;

  if (self->syncing || selected == GTK_INVALID_LIST_POSITION)
    return;
  name = gtk_string_list_get_string (self->contexts, selected);
  current = current_context (self);
  if (name != NULL && !g_str_equal (name, current))
    berth_engine_settings_set ("engine-context", g_variant_new_string (name));
}

static void
verify_active_cb (BerthPreferencesWindow *self)
{
  gboolean active = gtk_switch_get_active (self->verify_switch);

  if (self->syncing || active == g_settings_get_boolean (self->settings, "engine-tls-verify"))
    return;
  berth_engine_settings_set ("engine-tls-verify", g_variant_new_boolean (active));
}

void
berth_preferences_window_set_tls_file (BerthPreferencesWindow *self,
                                       const char             *key,
                                       GFile                  *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (BERTH_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (g_str_has_prefix (key, "engine-tls-") && g_str_has_suffix (key, "-file"));

  path = file != NULL ? g_file_get_path (file) : NULL;
  berth_engine_settings_set (key, g_variant_new_string (path != NULL ? path : ""));
}

static void
chooser_response_cb (GtkNativeDialog        *chooser,
                     int                     response,
                     BerthPreferencesWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (chooser), "berth-settings-key");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      /* A file without a local path (a remote location) cannot be given
       * to the TLS library. */
      if (file != NULL && g_file_peek_path (file) != NULL)
        berth_preferences_window_set_tls_file (self, key, file);
    }
  if (self->chooser == GTK_FILE_CHOOSER_NATIVE (chooser))
    g_clear_object (&self->chooser);
}

static void
choose_tls_file_cb (GtkButton              *button,
                    BerthPreferencesWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "berth-settings-key");
  const char *title = g_object_get_data (G_OBJECT (button), "berth-chooser-title");
  g_autofree char *current = g_settings_get_string (self->settings, key);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  self->chooser = gtk_file_chooser_native_new (_(title), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_object_set_data (G_OBJECT (self->chooser), "berth-settings-key", (gpointer) key);

  gtk_file_filter_set_name (filter, _("PEM Files"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.key");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  {
    g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

    gtk_file_filter_set_name (all, _("All Files"));
    gtk_file_filter_add_pattern (all, "*");
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  }

  if (current[0] != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_path (current);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), file, NULL);
    }
  else
    {
      /* Where `docker context create` and DOCKER_CERT_PATH usually keep them. */
      g_autofree char *docker_dir = g_build_filename (g_get_home_dir (), ".docker", NULL);
      g_autoptr(GFile) folder = g_file_new_for_path (docker_dir);

      if (g_file_test (docker_dir, G_FILE_TEST_IS_DIR))
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }

  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
clear_tls_file_cb (GtkButton              *button,
                   BerthPreferencesWindow *self)
{
  berth_preferences_window_set_tls_file (self, g_object_get_data (G_OBJECT (button), "berth-settings-key"), NULL);
}

static void
setup_tls_file_row (BerthPreferencesWindow *self,
                    GtkButton              *button,
                    GtkButton              *clear_button,
                    const char             *key,
                    const char             *chooser_title)
{
  g_object_set_data (G_OBJECT (button), "berth-settings-key", (gpointer) key);
  g_object_set_data (G_OBJECT (button), "berth-chooser-title", (gpointer) chooser_title);
  g_object_set_data (G_OBJECT (clear_button), "berth-settings-key", (gpointer) key);
  g_signal_connect (button, "clicked", G_CALLBACK (choose_tls_file_cb), self);
  g_signal_connect (clear_button, "clicked", G_CALLBACK (clear_tls_file_cb), self);
}

/* --- the window --- */

static void
berth_preferences_window_dispose (GObject *object)
{
  BerthPreferencesWindow *self = BERTH_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->contexts);

  G_OBJECT_CLASS (berth_preferences_window_parent_class)->dispose (object);
}

static void
berth_preferences_window_class_init (BerthPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_preferences_window_dispose;

  berth_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, BERTH_RESOURCE_PATH "/ui/berth-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, mode_row);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, socket_row);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, tcp_url_row);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, ca_row);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, ca_button);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, cert_row);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, cert_button);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, cert_clear_button);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, key_button);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, key_clear_button);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, verify_row);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, verify_switch);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, context_row);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, confirm_switch);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, scrollback_spin);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, timestamps_switch);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, system_font_switch);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, font_row);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, font_button);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, migration_service_row);
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, migration_message_row);
}

static void
berth_preferences_window_init (BerthPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (BERTH_SETTINGS_SCHEMA);

  /* The old single-string setting becomes the mode it describes, so the
   * controls below show it. */
  berth_engine_settings_migrate (self->settings);

  self->contexts = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->context_row, G_LIST_MODEL (self->contexts));
  setup_tls_file_row (self, self->ca_button, self->ca_clear_button,
                      "engine-tls-ca-file", N_("CA Certificate"));
  setup_tls_file_row (self, self->cert_button, self->cert_clear_button,
                      "engine-tls-cert-file", N_("Client Certificate"));
  setup_tls_file_row (self, self->key_button, self->key_clear_button,
                      "engine-tls-key-file", N_("Client Key"));
  sync_endpoint_rows (self);
  g_signal_connect_swapped (self->mode_row, "notify::selected", G_CALLBACK (mode_selected_cb), self);
  g_signal_connect_swapped (self->context_row, "notify::selected", G_CALLBACK (context_selected_cb), self);
  g_signal_connect_swapped (self->verify_switch, "notify::active", G_CALLBACK (verify_active_cb), self);
  g_signal_connect (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);

  bind_entry_row (self, self->socket_row, "engine-socket-path");
  bind_entry_row (self, self->tcp_url_row, "engine-tcp-url");
  bind_entry_row (self, self->migration_service_row, "migration-service");
  bind_entry_row (self, self->migration_message_row, "default-migration-message");

  g_settings_bind (self->settings, "confirm-destructive", self->confirm_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notifications", self->notifications_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "log-scrollback-lines", self->scrollback_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "log-timestamps", self->timestamps_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "terminal-use-system-font", self->system_font_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "terminal-font", self->font_button, "font", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "terminal-use-system-font", self->font_row, "sensitive",
                   G_SETTINGS_BIND_GET | G_SETTINGS_BIND_INVERT_BOOLEAN);
}

BerthPreferencesWindow *
berth_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (BERTH_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}
