/* berth-util.h: small helpers shared across the core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  berth_util_is_secret_key    (const char *key);
char     *berth_util_mask_secret      (const char *key,
                                       const char *value,
                                       gboolean    show_secrets);
char     *berth_util_format_duration  (gint64      nanoseconds);

G_END_DECLS
