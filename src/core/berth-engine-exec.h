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

G_END_DECLS

#include "berth-exec-session.h"
