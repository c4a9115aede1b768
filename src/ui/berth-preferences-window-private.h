/* berth-preferences-window-private.h: test seams of the preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-preferences-window.h"

G_BEGIN_DECLS

/* What accepting the file chooser of a TLS file row does; key is
 * "engine-tls-ca-file", "engine-tls-cert-file" or "engine-tls-key-file". */
void berth_preferences_window_set_tls_file (BerthPreferencesWindow *self,
                                            const char             *key,
                                            GFile                  *file);

G_END_DECLS
