/* berth-engine-settings.h: the engine endpoint the GSettings keys describe
 * (engine-mode and the keys after it, and the old engine-endpoint).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "berth-engine-endpoint.h"

G_BEGIN_DECLS

/* The spec the org.berth.Berth settings describe.  A non-empty
 * engine-endpoint (the old key) wins, as an explicit host in automatic
 * mode: it was the whole setting before the modes existed. */
BerthEngineEndpointSpec *berth_engine_settings_get_spec        (GSettings  *settings);

/* Moves a non-empty engine-endpoint into engine-mode and the keys of its
 * mode, and empties it (one change).  Values that fit no mode (ssh://,
 * garbage) stay, so their error keeps being shown.  TRUE if moved. */
gboolean                 berth_engine_settings_migrate         (GSettings  *settings);

/* Whether a change of key changes the endpoint. */
gboolean                 berth_engine_settings_is_endpoint_key (const char *key);

/* Writes key (one of the endpoint keys) and empties engine-endpoint in one
 * change, so a window following the keys reconnects once. */
void                     berth_engine_settings_set             (const char *key,
                                                                GVariant   *value);

G_END_DECLS
