/* test-preferences.c: every preference control writes its GSettings key,
 * and follows the key when it changes elsewhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "berth-application.h"
#include "berth-preferences-window.h"
#include "berth-ui-test.h"

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
  g_autofree char *endpoint = NULL;
  g_autofree char *service = NULL;
  g_autofree char *message = NULL;
  BerthPreferencesWindow *window;
  GtkEditable *row;

  g_settings_set_string (settings, "engine-endpoint", "");
  g_settings_reset (settings, "default-migration-message");
  window = berth_preferences_window_new (NULL);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "migration_message_row"))),
                   ==, "Schema changes");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "migration_service_row"))),
                   ==, "api");

  /* Typing alone does not reconnect the engine; applying does. */
  row = GTK_EDITABLE (child (window, "endpoint_row"));
  gtk_editable_set_text (row, "  tcp://10.0.0.5:2376 ");
  endpoint = g_settings_get_string (settings, "engine-endpoint");
  g_assert_cmpstr (endpoint, ==, "");
  g_signal_emit_by_name (row, "apply");
  g_clear_pointer (&endpoint, g_free);
  endpoint = g_settings_get_string (settings, "engine-endpoint");
  g_assert_cmpstr (endpoint, ==, "tcp://10.0.0.5:2376");

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
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "endpoint_row"))),
                   ==, "tcp://10.0.0.5:2376");
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_set_string (settings, "engine-endpoint", "");
}

int
main (int argc, char *argv[])
{
  berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/preferences/switches-and-spin", test_switches_and_spin);
  g_test_add_func ("/preferences/entry-rows-apply", test_entry_rows_apply);

  return g_test_run ();
}
