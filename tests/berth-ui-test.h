/* berth-ui-test.h: helpers shared by Berth's widget tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_test_init() plus what BerthApplication's startup does for its
 * windows: libadwaita, the resources, their icons and style.css. */
void berth_ui_test_init     (int         *argc,
                             char      ***argv);

/* Renders widget (a mapped one, usually a window) to
 * $BERTH_BUILD_ROOT/tests/output/<name>.png, for the README and the
 * AppStream screenshots, and for a person to look at. */
void berth_ui_test_save_png (GtkWidget  *widget,
                             const char *name);

G_END_DECLS
