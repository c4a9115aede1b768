/* berth-engine-exec.h: exec in containers.
 *
 * Non-interactive execs (migrations, checks) run to completion with
 * berth_engine_exec_run_sync(): output demuxed into stdout/stderr, plus the
 * exit code.  Interactive ones (a shell in a terminal) are BerthExecSession
 * objects: a hijacked, bidirectional connection (libcurl CONNECT_ONLY, over
 * unix sockets and tcp/TLS alike).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-engine.h"
#include "berth-engine-logs.h"

G_BEGIN_DECLS

typedef struct
{
  const char * const *cmd;          /* argv, required */
  const char * const *env;          /* "KEY=value", or NULL */
  const char         *working_dir;  /* or NULL */
  const char         *user;         /* or NULL */
  gboolean            tty;
  gboolean            attach_stdin; /* sessions always attach stdin */
  gboolean            privileged;
} BerthExecConfig;

/* POST /containers/{id}/exec; returns the exec id.  stdout and stderr are
 * always attached. */
char       *berth_engine_exec_create_sync  (BerthEngine            *engine,
                                            const char             *container,
                                            const BerthExecConfig  *config,
                                            GCancellable           *cancellable,
                                            GError                **error);
/* GET /exec/{id}/json: Running, ExitCode (null while running), Pid... */
JsonObject *berth_engine_exec_inspect_sync (BerthEngine            *engine,
                                            const char             *exec_id,
                                            GCancellable           *cancellable,
                                            GError                **error);
/* TTY execs only. */
gboolean    berth_engine_exec_resize_sync  (BerthEngine            *engine,
                                            const char             *exec_id,
                                            guint                   rows,
                                            guint                   cols,
                                            GCancellable           *cancellable,
                                            GError                **error);
/* Creates, starts and waits for an exec; func gets its output in the
 * calling thread (demuxed unless config->tty).  exit_code is the process's
 * exit status. */
gboolean    berth_engine_exec_run_sync     (BerthEngine            *engine,
                                            const char             *container,
                                            const BerthExecConfig  *config,
                                            BerthLogFunc            func,
                                            gpointer                user_data,
                                            int                    *exit_code,
                                            GCancellable           *cancellable,
                                            GError                **error);
/* The same, collecting the output into strings (either may be NULL). */
gboolean    berth_engine_exec_capture_sync (BerthEngine            *engine,
                                            const char             *container,
                                            const BerthExecConfig  *config,
                                            char                  **out,
                                            char                  **err,
                                            int                    *exit_code,
                                            GCancellable           *cancellable,
                                            GError                **error);

/* BerthExecSession: an interactive exec for a terminal widget.
 *   ::output (guint stream, GBytes *data)    the process's output (stream is
 *                                            BERTH_STREAM_STDOUT for a TTY)
 *   ::exited (int exit_code, GError *error)  once, when the stream ends;
 *                                            exit_code -1 and error set if
 *                                            the connection failed
 * Signals are emitted on the thread-default main context of the caller of
 * berth_exec_session_start_async(). */
#define BERTH_TYPE_EXEC_SESSION (berth_exec_session_get_type ())
G_DECLARE_FINAL_TYPE (BerthExecSession, berth_exec_session, BERTH, EXEC_SESSION, GObject)

BerthExecSession *berth_exec_session_new          (BerthEngine            *engine,
                                                   const char             *container,
                                                   const BerthExecConfig  *config);
/* Creates the exec, connects, and starts delivering output.  rows/cols
 * set with berth_exec_session_resize() before are applied right away. */
void              berth_exec_session_start_async  (BerthExecSession       *self,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data);
gboolean          berth_exec_session_start_finish (BerthExecSession       *self,
                                                   GAsyncResult           *result,
                                                   GError                **error);
/* Queues input for the process (thread-safe, never blocks). */
void              berth_exec_session_write        (BerthExecSession       *self,
                                                   const guint8           *data,
                                                   gsize                   len);
/* Sends end-of-file on stdin once the queued input is written. */
void              berth_exec_session_close_stdin  (BerthExecSession       *self);
/* Resizes the TTY (in a worker thread; before start: the initial size). */
void              berth_exec_session_resize       (BerthExecSession       *self,
                                                   guint                   rows,
                                                   guint                   cols);
/* Drops the connection; ::exited follows with the exec's state. */
void              berth_exec_session_close        (BerthExecSession       *self);
const char       *berth_exec_session_get_exec_id  (BerthExecSession       *self);
gboolean          berth_exec_session_get_running  (BerthExecSession       *self);

G_END_DECLS
