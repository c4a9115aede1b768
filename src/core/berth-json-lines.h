/* berth-json-lines.h: splits the engine's JSON-lines streams (events,
 * build and pull progress) into complete lines across chunk boundaries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* line is NUL-terminated, without its "\r\n"; empty lines are skipped.
 * FALSE stops. */
typedef gboolean (*BerthJsonLineFunc) (const char *line,
                                       gsize       len,
                                       gpointer    user_data);

typedef struct _BerthJsonLines BerthJsonLines;

BerthJsonLines *berth_json_lines_new    (BerthJsonLineFunc  func,
                                         gpointer           user_data);
void            berth_json_lines_free   (BerthJsonLines    *self);
/* FALSE when the callback asked to stop. */
gboolean        berth_json_lines_feed   (BerthJsonLines    *self,
                                         const guint8      *data,
                                         gsize              len);
/* Hands over a last line that had no newline. */
gboolean        berth_json_lines_finish (BerthJsonLines    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthJsonLines, berth_json_lines_free)

G_END_DECLS
