/* berth-log-stream.h: the merged, followed logs of a project's services,
 * delivered in batches on a main context, for a log view.
 *
 * A worker thread runs berth_compose_logs_sync() (always with the engine's
 * timestamps, so that the stream can resume where it was); its lines are
 * queued and handed over from a low-priority idle source in batches, so a
 * huge log never stalls the main loop and redraws go first.  The queue is
 * bounded: when the consumer falls more than max-pending lines behind, the
 * oldest queued lines are dropped and counted (a bounded view would have
 * scrolled them out anyway).
 *
 * While following, the stream resumes by itself when one of its services'
 * containers (re)starts and when the engine comes back after going away
 * (it follows the project's events), asking for the logs since the last
 * line seen of each container and dropping lines it already delivered.
 * No GTK: usable headlessly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "berth-compose.h"
#include "berth-compose-operations.h"
#include "berth-engine.h"

G_BEGIN_DECLS

typedef struct
{
  char                  *service;
  char                  *container;
  BerthComposeLogStream  stream;
  char                  *timestamp;  /* RFC 3339 with nanoseconds, as the engine sent it; nullable */
  char                  *text;       /* the line without its timestamp and newline */
} BerthLogLine;

void berth_log_line_free (BerthLogLine *line);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthLogLine, berth_log_line_free)

/* "2026-11-29T11:20:00.123456789Z" -> nanoseconds since the epoch; FALSE if
 * it is not such a timestamp. */
gboolean berth_log_parse_timestamp (const char *timestamp,
                                    gint64     *nanoseconds);

/* Signals, on the main context that was thread-default at _start():
 *   ::lines (GPtrArray *lines)   element type BerthLogLine, in order
 *   ::skipped (guint count)      lines dropped because the consumer lagged
 *   ::ended (GError *error)      a run ended: every container stopped
 *                                (error NULL) or the engine failed (set);
 *                                following goes on with the next start
 * Properties: "following" (read-only), "follow", "tail", "max-pending". */
#define BERTH_TYPE_LOG_STREAM (berth_log_stream_get_type ())
G_DECLARE_FINAL_TYPE (BerthLogStream, berth_log_stream, BERTH, LOG_STREAM, GObject)

/* services: NULL for all services of the project. */
BerthLogStream *berth_log_stream_new             (BerthEngine         *engine,
                                                  BerthComposeProject *project,
                                                  const char * const  *services);

/* Forgets what was seen and reads again from `tail` lines back. */
void            berth_log_stream_start           (BerthLogStream      *self);
/* Goes on from the last line seen of each container (no duplicates); like
 * _start() when nothing was seen yet. */
void            berth_log_stream_resume          (BerthLogStream      *self);
/* Stops reading.  Lines already read are still delivered (disconnect
 * first to drop them); none is read twice by a later _resume(). */
void            berth_log_stream_stop            (BerthLogStream      *self);
/* TRUE between _start()/_resume() and _stop() while follow is set. */
gboolean        berth_log_stream_get_following   (BerthLogStream      *self);

/* Follow (default TRUE): keep streaming new lines and resume after
 * restarts; FALSE: read what is there and end. */
void            berth_log_stream_set_follow      (BerthLogStream      *self,
                                                  gboolean             follow);
gboolean        berth_log_stream_get_follow      (BerthLogStream      *self);
/* "all" or a number of lines per container (default "1000"). */
void            berth_log_stream_set_tail        (BerthLogStream      *self,
                                                  const char          *tail);
const char     *berth_log_stream_get_tail        (BerthLogStream      *self);
void            berth_log_stream_set_max_pending (BerthLogStream      *self,
                                                  guint                lines);
guint           berth_log_stream_get_max_pending (BerthLogStream      *self);

G_END_DECLS
