/* berth-inspect-window.h: a container's environment, mounts, networks and
 * health log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "berth-engine.h"

G_BEGIN_DECLS

#define BERTH_TYPE_INSPECT_WINDOW (berth_inspect_window_get_type ())
G_DECLARE_FINAL_TYPE (BerthInspectWindow, berth_inspect_window, BERTH, INSPECT_WINDOW, AdwPreferencesWindow)

/* Reads GET /containers/{container}/json in a worker thread and shows it. */
BerthInspectWindow *berth_inspect_window_new          (GtkWindow          *parent,
                                                       BerthEngine        *engine,
                                                       const char         *container,
                                                       const char         *service);
/* Shows an inspect answer (what the engine's answer is turned into). */
void                berth_inspect_window_show_inspect (BerthInspectWindow *self,
                                                       JsonObject         *inspect);
/* TRUE once an answer (or an error) is shown. */
gboolean            berth_inspect_window_get_loaded   (BerthInspectWindow *self);
void                berth_inspect_window_set_reveal   (BerthInspectWindow *self,
                                                       gboolean            reveal);

/* An environment value as shown: secrets (by key, and the password of a
 * scheme://user:password@host URL) masked unless reveal. */
char               *berth_inspect_mask_value          (const char         *key,
                                                       const char         *value,
                                                       gboolean            reveal);

G_END_DECLS
