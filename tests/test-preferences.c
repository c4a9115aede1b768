/* test-preferences.c: every preference control writes its GSettings key,
 * and follows the key when it changes elsewhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include <string.h>

#include "berth-application.h"
#include "berth-engine-settings.h"
#include "berth-preferences-window-private.h"
#include "berth-test.h"
#include "berth-ui-test.h"
#include "berth-window.h"

static GObject *
child (gpointer    window,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), BERTH_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static void
test_switches_and_spin (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
  BerthPreferencesWindow *window;

  g_settings_reset (settings, "confirm-destructive");
  g_settings_reset (settings, "log-scrollback-lines");
  window = berth_preferences_window_new (NULL);

  /* Defaults the issue names. */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (child (window, "confirm_switch"))));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (child (window, "scrollback_spin"))), ==, 10000);

  gtk_switch_set_active (GTK_SWITCH (child (window, "confirm_switch")), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "confirm-destructive"));

  gtk_switch_set_active (GTK_SWITCH (child (window, "timestamps_switch")), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "log-timestamps"));

  gtk_switch_set_active (GTK_SWITCH (child (window, "notifications_switch")), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "notifications"));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (window, "scrollback_spin")), 2500);
  g_assert_cmpint (g_settings_get_int (settings, "log-scrollback-lines"), ==, 2500);

  /* The other direction: a key changed elsewhere shows up. */
  g_settings_set_int (settings, "log-scrollback-lines", 50000);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (child (window, "scrollback_spin"))), ==, 50000);

  /* The font row is only editable without the system font. */
  g_settings_set_boolean (settings, "terminal-use-system-font", TRUE);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (child (window, "font_row"))));
  gtk_switch_set_active (GTK_SWITCH (child (window, "system_font_switch")), FALSE);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (child (window, "font_row"))));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_entry_rows_apply (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
  g_autofree char *service = NULL;
  g_autofree char *message = NULL;
  BerthPreferencesWindow *window;
  GtkEditable *row;

  g_settings_reset (settings, "default-migration-message");
  window = berth_preferences_window_new (NULL);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "migration_message_row"))),
                   ==, "Schema changes");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "migration_service_row"))),
                   ==, "api");

  row = GTK_EDITABLE (child (window, "migration_service_row"));
  gtk_editable_set_text (row, "backend");
  g_signal_emit_by_name (row, "apply");
  service = g_settings_get_string (settings, "migration-service");
  g_assert_cmpstr (service, ==, "backend");

  row = GTK_EDITABLE (child (window, "migration_message_row"));
  gtk_editable_set_text (row, "Add audit table");
  g_signal_emit_by_name (row, "apply");
  message = g_settings_get_string (settings, "default-migration-message");
  g_assert_cmpstr (message, ==, "Add audit table");

  gtk_window_destroy (GTK_WINDOW (window));

  /* A new window shows what was applied. */
  window = berth_preferences_window_new (NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "migration_service_row"))),
                   ==, "backend");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "migration_message_row"))),
                   ==, "Add audit table");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- the engine endpoint --- */

static const char * const endpoint_keys[] = {
  "engine-endpoint", "engine-mode", "engine-socket-path", "engine-tcp-url",
  "engine-tls-ca-file", "engine-tls-cert-file", "engine-tls-key-file",
  "engine-tls-verify", "engine-context",
};

static void
reset_endpoint_keys (GSettings *settings)
{
  for (guint i = 0; i < G_N_ELEMENTS (endpoint_keys); i++)
    g_settings_reset (settings, endpoint_keys[i]);
}

static gboolean
visible (gpointer    window,
         const char *name)
{
  return gtk_widget_get_visible (GTK_WIDGET (child (window, name)));
}

static char *
string_key (const char *key)
{
  g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);

  return g_settings_get_string (settings, key);
}

static void
assert_key (const char *key,
            const char *expected)
{
  g_autofree char *value = string_key (key);

  g_assert_cmpstr (value, ==, expected);
}

static void
assert_mode_rows (gpointer   window,
                  guint      mode)
{
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (window, "mode_row"))), ==, mode);
  g_assert_true (visible (window, "mode_row"));
  g_assert_true (visible (window, "socket_row") == (mode == BERTH_ENGINE_ENDPOINT_MODE_SOCKET));
  g_assert_true (visible (window, "tcp_url_row") == (mode == BERTH_ENGINE_ENDPOINT_MODE_TCP));
  g_assert_true (visible (window, "ca_row") == (mode == BERTH_ENGINE_ENDPOINT_MODE_TCP));
  g_assert_true (visible (window, "cert_row") == (mode == BERTH_ENGINE_ENDPOINT_MODE_TCP));
  g_assert_true (visible (window, "key_row") == (mode == BERTH_ENGINE_ENDPOINT_MODE_TCP));
  g_assert_true (visible (window, "verify_row") == (mode == BERTH_ENGINE_ENDPOINT_MODE_TCP));
  g_assert_true (visible (window, "context_row") == (mode == BERTH_ENGINE_ENDPOINT_MODE_CONTEXT));
}

static void
test_engine_mode_rows (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
  const char *nicks[] = { "automatic", "socket", "tcp", "context" };
  BerthPreferencesWindow *window;
  AdwComboRow *mode_row;

  reset_endpoint_keys (settings);
  window = berth_preferences_window_new (NULL);
  mode_row = ADW_COMBO_ROW (child (window, "mode_row"));

  /* Automatic by default: no other row. */
  assert_mode_rows (window, BERTH_ENGINE_ENDPOINT_MODE_AUTOMATIC);

  /* Each mode chosen is written and shows its own rows. */
  for (guint mode = G_N_ELEMENTS (nicks); mode-- > 0;)
    {
      g_autofree char *nick = NULL;

      adw_combo_row_set_selected (mode_row, mode);
      nick = string_key ("engine-mode");
      g_assert_cmpstr (nick, ==, nicks[mode]);
      g_assert_cmpint (g_settings_get_enum (settings, "engine-mode"), ==, mode);
      assert_mode_rows (window, mode);
    }

  /* And the other direction: the key set elsewhere. */
  g_settings_set_string (settings, "engine-mode", "tcp");
  assert_mode_rows (window, BERTH_ENGINE_ENDPOINT_MODE_TCP);
  g_settings_set_string (settings, "engine-mode", "socket");
  assert_mode_rows (window, BERTH_ENGINE_ENDPOINT_MODE_SOCKET);

  gtk_window_destroy (GTK_WINDOW (window));
  reset_endpoint_keys (settings);
}

static const char *
context_item (gpointer window,
              guint    position)
{
  AdwComboRow *row = ADW_COMBO_ROW (child (window, "context_row"));

  return gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (row)), position);
}

static GtkWidget *
find_file_chooser_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static void
test_engine_values_survive_restart (void)
{
  g_autofree char *config = berth_test_source_path ("tests", "engine", "docker-config", NULL);
  g_autofree char *certs = g_dir_make_tmp ("berth-test-prefs-XXXXXX", NULL);
  g_autofree char *ca = g_build_filename (certs, "ca.pem", NULL);
  g_autofree char *cert = g_build_filename (certs, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (certs, "key.pem", NULL);
  g_autoptr(GFile) ca_file = g_file_new_for_path (ca);
  g_autoptr(GFile) cert_file = g_file_new_for_path (cert);
  g_autoptr(GFile) key_file = g_file_new_for_path (key);
  g_autoptr(BerthEngineEndpointSpec) spec = NULL;
  BerthPreferencesWindow *window;
  GtkEditable *entry;
  AdwComboRow *context_row;

  {
    g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);

    reset_endpoint_keys (settings);
  }
  g_assert_true (g_file_set_contents (ca, "ca", -1, NULL));
  g_assert_true (g_file_set_contents (cert, "cert", -1, NULL));
  g_assert_true (g_file_set_contents (key, "key", -1, NULL));
  g_setenv ("DOCKER_CONFIG", config, TRUE);
  window = berth_preferences_window_new (NULL);

  /* Socket: typing alone does not reconnect the engine; applying does. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (window, "mode_row")), BERTH_ENGINE_ENDPOINT_MODE_SOCKET);
  entry = GTK_EDITABLE (child (window, "socket_row"));
  gtk_editable_set_text (entry, " /run/user/1000/docker.sock ");
  assert_key ("engine-socket-path", "");
  g_signal_emit_by_name (entry, "apply");
  assert_key ("engine-socket-path", "/run/user/1000/docker.sock");

  /* TCP with the TLS files. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (window, "mode_row")), BERTH_ENGINE_ENDPOINT_MODE_TCP);
  entry = GTK_EDITABLE (child (window, "tcp_url_row"));
  gtk_editable_set_text (entry, "tcp://10.0.0.5:2376");
  assert_key ("engine-tcp-url", "");
  g_signal_emit_by_name (entry, "apply");
  assert_key ("engine-tcp-url", "tcp://10.0.0.5:2376");

  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (window, "ca_row"))), ==, "None");
  g_assert_false (visible (window, "ca_clear_button"));
  berth_preferences_window_set_tls_file (window, "engine-tls-ca-file", ca_file);
  berth_preferences_window_set_tls_file (window, "engine-tls-cert-file", cert_file);
  berth_preferences_window_set_tls_file (window, "engine-tls-key-file", key_file);
  assert_key ("engine-tls-ca-file", ca);
  assert_key ("engine-tls-cert-file", cert);
  assert_key ("engine-tls-key-file", key);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (window, "ca_row"))), ==, ca);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (window, "key_row"))), ==, key);
  g_assert_true (visible (window, "ca_clear_button"));
  /* The clear button forgets a file. */
  g_signal_emit_by_name (child (window, "cert_clear_button"), "clicked");
  assert_key ("engine-tls-cert-file", "");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (window, "cert_row"))), ==, "None");
  g_assert_false (visible (window, "cert_clear_button"));
  berth_preferences_window_set_tls_file (window, "engine-tls-cert-file", cert_file);

  /* The file button's chooser (GtkFileChooserNative; without a portal its
   * dialog is a window of this process) writes what is accepted. */
  g_signal_emit_by_name (child (window, "cert_button"), "clicked");
  {
    GtkWidget *dialog = find_file_chooser_dialog ();
    g_autoptr(GFile) other = g_file_new_for_path (ca);

    g_assert_nonnull (dialog);
    g_autoptr(GError) error = NULL;

    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), other, &error);
    g_assert_no_error (error);
    /* The chooser selects it once its folder is loaded. */
    for (guint tries = 0; tries < 3000; tries++)
      {
        g_autoptr(GFile) selected = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

        if (selected != NULL && g_file_equal (selected, other))
          break;
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    assert_key ("engine-tls-cert-file", ca);
    g_assert_null (find_file_chooser_dialog ());
  }
  berth_preferences_window_set_tls_file (window, "engine-tls-cert-file", cert_file);

  g_assert_true (gtk_switch_get_active (GTK_SWITCH (child (window, "verify_switch"))));
  gtk_switch_set_active (GTK_SWITCH (child (window, "verify_switch")), FALSE);
  {
    g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);

    g_assert_false (g_settings_get_boolean (settings, "engine-tls-verify"));
  }

  /* Context: the fixture's contexts are offered, "default" first. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (window, "mode_row")), BERTH_ENGINE_ENDPOINT_MODE_CONTEXT);
  context_row = ADW_COMBO_ROW (child (window, "context_row"));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (context_row)), ==, 3);
  g_assert_cmpstr (context_item (window, 0), ==, "default");
  g_assert_cmpstr (context_item (window, 1), ==, "colima");
  g_assert_cmpstr (context_item (window, 2), ==, "staging");
  g_assert_cmpuint (adw_combo_row_get_selected (context_row), ==, 0);
  adw_combo_row_set_selected (context_row, 2);
  assert_key ("engine-context", "staging");
  assert_key ("engine-mode", "context");

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);

  /* A restart: new settings objects and a new window read it all back. */
  {
    g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);

    spec = berth_engine_settings_get_spec (settings);
    g_assert_cmpint (spec->mode, ==, BERTH_ENGINE_ENDPOINT_MODE_CONTEXT);
    g_assert_cmpstr (spec->context, ==, "staging");
    g_assert_cmpstr (spec->socket_path, ==, "/run/user/1000/docker.sock");
    g_assert_cmpstr (spec->tcp_url, ==, "tcp://10.0.0.5:2376");
    g_assert_cmpstr (spec->ca_file, ==, ca);
    g_assert_cmpstr (spec->cert_file, ==, cert);
    g_assert_cmpstr (spec->key_file, ==, key);
    g_assert_false (spec->tls_verify);
  }

  window = berth_preferences_window_new (NULL);
  assert_mode_rows (window, BERTH_ENGINE_ENDPOINT_MODE_CONTEXT);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (window, "context_row"))), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "socket_row"))),
                   ==, "/run/user/1000/docker.sock");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "tcp_url_row"))),
                   ==, "tcp://10.0.0.5:2376");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (window, "ca_row"))), ==, ca);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (window, "cert_row"))), ==, cert);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (window, "key_row"))), ==, key);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (child (window, "verify_switch"))));

  gtk_window_present (GTK_WINDOW (window));
  berth_ui_test_save_png (GTK_WIDGET (window), "preferences-engine-context");

  /* Switching to TCP shows its values. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (window, "mode_row")), BERTH_ENGINE_ENDPOINT_MODE_TCP);
  assert_mode_rows (window, BERTH_ENGINE_ENDPOINT_MODE_TCP);
  berth_ui_test_save_png (GTK_WIDGET (window), "preferences-engine-tcp");
  gtk_window_destroy (GTK_WINDOW (window));

  /* A context that was deleted meanwhile stays shown, so its error makes sense. */
  {
    g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);

    g_settings_set_string (settings, "engine-mode", "context");
    g_settings_set_string (settings, "engine-context", "gone");
    window = berth_preferences_window_new (NULL);
    context_row = ADW_COMBO_ROW (child (window, "context_row"));
    g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (context_row)), ==, 4);
    g_assert_cmpstr (context_item (window, adw_combo_row_get_selected (context_row)), ==, "gone");
    gtk_window_destroy (GTK_WINDOW (window));
    reset_endpoint_keys (settings);
  }

  g_unsetenv ("DOCKER_CONFIG");
  g_remove (ca);
  g_remove (cert);
  g_remove (key);
  g_rmdir (certs);
}

static void
test_engine_legacy_endpoint (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
  BerthPreferencesWindow *window;

  reset_endpoint_keys (settings);

  /* The old key still decides for a window that never saw the new ones. */
  g_settings_set_string (settings, "engine-endpoint", "tcp://10.0.0.5:2375");
  {
    g_autoptr(BerthEngineEndpointSpec) spec = berth_engine_settings_get_spec (settings);

    g_assert_cmpint (spec->mode, ==, BERTH_ENGINE_ENDPOINT_MODE_AUTOMATIC);
    g_assert_cmpstr (spec->host, ==, "tcp://10.0.0.5:2375");
  }

  /* The Preferences window moves it into the modes. */
  window = berth_preferences_window_new (NULL);
  assert_key ("engine-endpoint", "");
  assert_key ("engine-tcp-url", "tcp://10.0.0.5:2375");
  assert_mode_rows (window, BERTH_ENGINE_ENDPOINT_MODE_TCP);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "tcp_url_row"))), ==, "tcp://10.0.0.5:2375");
  /* Plain tcp:// was plain HTTP, and stays so. */
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (child (window, "verify_switch"))));
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_set_string (settings, "engine-endpoint", "unix:///run/old.sock");
  window = berth_preferences_window_new (NULL);
  assert_key ("engine-endpoint", "");
  assert_mode_rows (window, BERTH_ENGINE_ENDPOINT_MODE_SOCKET);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "socket_row"))), ==, "/run/old.sock");

  /* Written while the window is open, it shows up there too. */
  g_settings_set_string (settings, "engine-endpoint", "ssh://me@host");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (window, "mode_row"))),
                            "ssh://me@host"));
  /* A choice made in the window replaces it. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (window, "mode_row")), BERTH_ENGINE_ENDPOINT_MODE_AUTOMATIC);
  assert_key ("engine-endpoint", "");
  {
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (child (window, "mode_row")));

    g_assert_cmpstr (subtitle != NULL ? subtitle : "", ==, "");
  }
  gtk_window_destroy (GTK_WINDOW (window));

  reset_endpoint_keys (settings);
}

static gboolean wait_timed_out;

static gboolean
wait_timeout_cb (gpointer data)
{
  wait_timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Until the window's engine row names host as connected (it shows
 * "HOST · os/arch") or as unreachable (the error names it). */
static void
wait_for_engine_row (BerthWindow *window,
                     const char  *host,
                     BerthEngineState state)
{
  AdwActionRow *row = ADW_ACTION_ROW (gtk_widget_get_template_child (GTK_WIDGET (window), BERTH_TYPE_WINDOW, "engine_row"));
  guint id;

  wait_timed_out = FALSE;
  id = g_timeout_add_seconds (30, wait_timeout_cb, NULL);
  while (!wait_timed_out &&
         !(berth_window_get_engine_state (window) == state &&
           adw_action_row_get_subtitle (row) != NULL &&
           strstr (adw_action_row_get_subtitle (row), host) != NULL))
    g_main_context_iteration (NULL, TRUE);
  if (wait_timed_out)
    g_error ("the window did not reach %s (state %d, “%s”)", host,
             berth_window_get_engine_state (window), adw_action_row_get_subtitle (row));
  g_source_remove (id);
}

/* The main window reconnects when the endpoint is chosen in Preferences. */
static void
test_window_reconnects (void)
{
  const char *host = berth_test_engine_host ();
  g_autofree char *dir = g_dir_make_tmp ("berth-test-prefs-ctx-XXXXXX", NULL);
  g_autofree char *name = g_strdup_printf ("berth-test-prefs-%08x", g_random_int ());
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
  g_autofree char *meta_dir = g_build_filename (dir, "contexts", "meta", digest, NULL);
  g_autofree char *meta = g_build_filename (meta_dir, "meta.json", NULL);
  g_autofree char *json = g_strdup_printf ("{\"Name\":\"%s\",\"Metadata\":{},"
                                           "\"Endpoints\":{\"docker\":{\"Host\":\"%s\",\"SkipTLSVerify\":false}}}",
                                           name, host);
  g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
  BerthPreferencesWindow *prefs;
  BerthWindow *window;
  GtkEditable *entry;

  g_assert_true (g_str_has_prefix (host, "unix:///"));
  g_assert_cmpint (g_mkdir_with_parents (meta_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (meta, json, -1, NULL));
  g_setenv ("DOCKER_CONFIG", dir, TRUE);

  reset_endpoint_keys (settings);
  g_settings_set_string (settings, "engine-mode", "socket");
  g_settings_set_string (settings, "engine-socket-path", "/nonexistent/berth-test.sock");
  window = berth_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_engine_row (window, "/nonexistent/berth-test.sock", BERTH_ENGINE_STATE_UNREACHABLE);

  /* The socket path applied in Preferences. */
  prefs = berth_preferences_window_new (GTK_WINDOW (window));
  entry = GTK_EDITABLE (child (prefs, "socket_row"));
  gtk_editable_set_text (entry, host + strlen ("unix://"));
  g_signal_emit_by_name (entry, "apply");
  wait_for_engine_row (window, host, BERTH_ENGINE_STATE_CONNECTED);

  /* A context that points elsewhere, then the one that points at the engine. */
  g_settings_set_string (settings, "engine-context", "missing");
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (prefs, "mode_row")), BERTH_ENGINE_ENDPOINT_MODE_CONTEXT);
  wait_for_engine_row (window, "“missing”", BERTH_ENGINE_STATE_UNREACHABLE);
  {
    AdwComboRow *context_row = ADW_COMBO_ROW (child (prefs, "context_row"));
    guint n = g_list_model_get_n_items (adw_combo_row_get_model (context_row));
    guint found = GTK_INVALID_LIST_POSITION;

    for (guint i = 0; i < n; i++)
      if (g_strcmp0 (context_item (prefs, i), name) == 0)
        found = i;
    g_assert_cmpuint (found, !=, GTK_INVALID_LIST_POSITION);
    adw_combo_row_set_selected (context_row, found);
  }
  wait_for_engine_row (window, host, BERTH_ENGINE_STATE_CONNECTED);

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  reset_endpoint_keys (settings);
  g_unsetenv ("DOCKER_CONFIG");
  g_remove (meta);
}

int
main (int argc, char *argv[])
{
  berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/preferences/switches-and-spin", test_switches_and_spin);
  g_test_add_func ("/preferences/entry-rows-apply", test_entry_rows_apply);
  g_test_add_func ("/preferences/engine-mode-rows", test_engine_mode_rows);
  g_test_add_func ("/preferences/engine-values-survive-restart", test_engine_values_survive_restart);
  g_test_add_func ("/preferences/engine-legacy-endpoint", test_engine_legacy_endpoint);
  g_test_add_func ("/preferences/window-reconnects", test_window_reconnects);

  return g_test_run ();
}
