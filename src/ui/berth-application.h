/* berth-application.h: the Berth GTK application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The schema id stays the same for the .Devel build so both share settings. */
#define BERTH_SETTINGS_SCHEMA "org.berth.Berth"
#define BERTH_RESOURCE_PATH   "/org/berth/Berth"
#define BERTH_WEBSITE         "https://github.com/berth-app/berth"
#define BERTH_ISSUES_URL      "https://github.com/berth-app/berth/issues"

#define BERTH_TYPE_APPLICATION (berth_application_get_type ())
G_DECLARE_FINAL_TYPE (BerthApplication, berth_application, BERTH, APPLICATION, AdwApplication)

BerthApplication *berth_application_new          (void);
GSettings        *berth_application_get_settings (BerthApplication *self);

/* The demo backend: the installed copy, or the source tree's when running
 * uninstalled.  NULL when neither exists. */
GFile            *berth_application_get_demo_dir (void);

/* Registers the compiled-in GResource once; safe to call many times. */
void              berth_ui_ensure_resources      (void);

G_END_DECLS
