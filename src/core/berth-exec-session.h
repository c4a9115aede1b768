/* berth-exec-session.h: an interactive exec for a terminal widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-engine-exec.h"

G_BEGIN_DECLS

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
