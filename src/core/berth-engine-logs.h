/* berth-engine-logs.h: container logs (GET /containers/{id}/logs).
 *
 * Non-TTY containers' logs are multiplexed frames and are decoded into
 * stdout/stderr; TTY containers' logs are raw bytes, passed through as
 * stdout.  Which one it is comes from the Content-Type from API 1.42, and
 * from inspecting Config.Tty first before that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-engine.h"
#include "berth-frame-decoder.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean    follow;
  gboolean    timestamps;    /* RFC3339Nano prefix and a space on each line */
  gboolean    no_stdout;     /* both streams are asked for unless excluded */
  gboolean    no_stderr;
  const char *tail;          /* "all" (NULL) or a number of lines */
  const char *since;         /* unix time, fractional allowed, or NULL */
  const char *until;
} BerthLogsOptions;

/* data is in order; FALSE stops the stream (a success). */
typedef gboolean (*BerthLogFunc) (BerthStreamType  stream,
                                  const guint8    *data,
                                  gsize            len,
                                  gpointer         user_data);

/* Blocking, in the calling thread.  options may be NULL (everything, no
 * follow).  Cancelling returns promptly with BERTH_ENGINE_ERROR_CANCELLED. */
gboolean berth_engine_logs_sync          (BerthEngine             *engine,
                                          const char              *id,
                                          const BerthLogsOptions  *options,
                                          BerthLogFunc             func,
                                          gpointer                 user_data,
                                          GCancellable            *cancellable,
                                          GError                 **error);

/* For the UI: streams in a worker thread and calls func on the
 * thread-default main context of the caller, in order; callback runs after
 * the last func call, when the stream ends (the container stopped, the
 * engine went away, or cancellable was cancelled). */
void     berth_engine_logs_follow_async  (BerthEngine             *engine,
                                          const char              *id,
                                          const BerthLogsOptions  *options,
                                          BerthLogFunc             func,
                                          gpointer                 func_data,
                                          GDestroyNotify           func_data_destroy,
                                          GCancellable            *cancellable,
                                          GAsyncReadyCallback      callback,
                                          gpointer                 user_data);
gboolean berth_engine_logs_follow_finish (BerthEngine             *engine,
                                          GAsyncResult            *result,
                                          GError                 **error);

G_END_DECLS
