/* berth-preferences-window.h: the application's preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BERTH_TYPE_PREFERENCES_WINDOW (berth_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (BerthPreferencesWindow, berth_preferences_window, BERTH, PREFERENCES_WINDOW, AdwPreferencesWindow)

BerthPreferencesWindow *berth_preferences_window_new (GtkWindow *parent);

G_END_DECLS
