/* berth-preferences-window.c: the application's preferences.
 *
 * Every control is bound to a GSettings key, so the window has no state of
 * its own.  Text rows apply on Enter or the apply button only: applying
 * the endpoint on every keystroke would reconnect to half-typed hosts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-application.h"
#include "berth-preferences-window.h"

struct _BerthPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *endpoint_row;
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
};

G_DEFINE_FINAL_TYPE (BerthPreferencesWindow, berth_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
entry_row_apply_cb (AdwEntryRow            *row,
                    BerthPreferencesWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "berth-settings-key");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  g_settings_set_string (self->settings, key, text);
}

static void
bind_entry_row (BerthPreferencesWindow *self,
                AdwEntryRow            *row,
                const char             *key)
{
  g_autofree char *value = g_settings_get_string (self->settings, key);

  g_object_set_data (G_OBJECT (row), "berth-settings-key", (gpointer) key);
  gtk_editable_set_text (GTK_EDITABLE (row), value);
  g_signal_connect (row, "apply", G_CALLBACK (entry_row_apply_cb), self);
}

static void
berth_preferences_window_dispose (GObject *object)
{
  BerthPreferencesWindow *self = BERTH_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

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
  gtk_widget_class_bind_template_child (widget_class, BerthPreferencesWindow, endpoint_row);
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

  bind_entry_row (self, self->endpoint_row, "engine-endpoint");
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
