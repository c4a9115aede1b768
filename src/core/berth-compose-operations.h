/* berth-compose-operations.h: ps, build, up, down, start, stop, restart,
 * logs, exec and events of a compose project, performed through the Engine
 * API with the labels and names Docker Compose v2 uses.
 *
 * Every operation is `_sync (project, engine, options, progress, data,
 * cancellable, error)` for worker threads and berth-cli, plus an
 * `_async`/`_finish` pair that runs it with g_task_run_in_thread.  Progress
 * delivery is described in berth-compose-progress.h.
 *
 * Cancelling returns G_IO_ERROR_CANCELLED promptly; its message (and the
 * final SUMMARY progress event) says what was done and what was not, e.g.
 * "Cancelled. Done: built api. Not done: create db, start db, start api."
 * Failures name the service, the step and the engine's message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "berth-compose.h"
#include "berth-compose-progress.h"
#include "berth-engine.h"
#include "berth-service-status.h"

G_BEGIN_DECLS

/* Options of every operation; each reads only the fields documented for it.
 * Zero-initialise (BerthComposeOptions o = { 0 }) or use _new(). */
typedef struct
{
  char     **services;         /* NULL: all services (build, up, start, stop, restart, logs, ps) */

  /* build */
  gboolean   no_cache;
  gboolean   pull;              /* build: always pull the base image */
  guint      parallel;          /* build: at most this many at once; 0: the number of CPUs */

  /* up */
  gboolean   force_recreate;
  gboolean   no_build;          /* up: fail rather than build a missing image */
  gboolean   build;             /* up: build images even when present */
  gboolean   no_deps;           /* up SERVICE: do not bring up its dependencies */

  /* down */
  gboolean   volumes;           /* down: ALSO remove named volumes (callers confirm first) */
  gboolean   remove_orphans;    /* up/down */

  /* stop/restart/down/up(recreate): seconds before SIGKILL; -1: the service's
   * stop_grace_period, else 10 */
  int        timeout;

  /* logs */
  gboolean   follow;
  char      *tail;              /* "all" or N; NULL: all */
  char      *since;             /* unix time or RFC 3339 as the engine takes it */
  gboolean   timestamps;

  /* exec */
  gboolean   tty;               /* exec: allocate a TTY (interactive) */
  gboolean   interactive;       /* exec: attach stdin */
  char      *user;
  char      *workdir;
  char     **env;               /* "K=V" */
  guint      index;             /* exec: container number; 0 means 1 */
} BerthComposeOptions;

#define BERTH_TYPE_COMPOSE_OPTIONS (berth_compose_options_get_type ())
GType                berth_compose_options_get_type (void) G_GNUC_CONST;
BerthComposeOptions *berth_compose_options_new      (void);
BerthComposeOptions *berth_compose_options_copy     (const BerthComposeOptions *options);
void                 berth_compose_options_free     (BerthComposeOptions       *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthComposeOptions, berth_compose_options_free)

/* --- ps --------------------------------------------------------------- */

/* One BerthServiceStatus per container of the project (one-off containers
 * excluded) and one "not created" entry per service without a container;
 * model services first, in file order, then orphans.  Made from one list
 * request, like `docker ps`: a running container's start time is not in
 * it (started_at stays NULL; the service list, which inspects, has it). */
GPtrArray *berth_compose_ps_sync       (BerthComposeProject        *project,
                                        BerthEngine                *engine,
                                        const BerthComposeOptions  *options,
                                        BerthComposeProgressFunc    progress,
                                        gpointer                    progress_data,
                                        GCancellable               *cancellable,
                                        GError                    **error);
void       berth_compose_ps_async      (BerthComposeProject        *project,
                                        BerthEngine                *engine,
                                        const BerthComposeOptions  *options,
                                        BerthComposeProgressFunc    progress,
                                        gpointer                    progress_data,
                                        GDestroyNotify              progress_destroy,
                                        GCancellable               *cancellable,
                                        GAsyncReadyCallback         callback,
                                        gpointer                    user_data);
GPtrArray *berth_compose_ps_finish     (GAsyncResult               *result,
                                        GError                    **error);

/* Same signature for build, up, down, start, stop, restart (and pull). */
#define BERTH_COMPOSE_DECLARE_OPERATION(name) \
  gboolean berth_compose_##name##_sync   (BerthComposeProject        *project, \
                                          BerthEngine                *engine, \
                                          const BerthComposeOptions  *options, \
                                          BerthComposeProgressFunc    progress, \
                                          gpointer                    progress_data, \
                                          GCancellable               *cancellable, \
                                          GError                    **error); \
  void     berth_compose_##name##_async  (BerthComposeProject        *project, \
                                          BerthEngine                *engine, \
                                          const BerthComposeOptions  *options, \
                                          BerthComposeProgressFunc    progress, \
                                          gpointer                    progress_data, \
                                          GDestroyNotify              progress_destroy, \
                                          GCancellable               *cancellable, \
                                          GAsyncReadyCallback         callback, \
                                          gpointer                    user_data); \
  gboolean berth_compose_##name##_finish (GAsyncResult               *result, \
                                          GError                    **error);

/* Builds the services that have `build:` (options->services narrows). */
BERTH_COMPOSE_DECLARE_OPERATION (build)
/* Pulls the images of services without `build:` that are missing. */
BERTH_COMPOSE_DECLARE_OPERATION (pull)
/* Networks, volumes, images, then containers in dependency order
 * (always detached). */
BERTH_COMPOSE_DECLARE_OPERATION (up)
/* Stops and removes the project's containers and networks; volumes only
 * with options->volumes; never external networks or volumes; images kept. */
BERTH_COMPOSE_DECLARE_OPERATION (down)
BERTH_COMPOSE_DECLARE_OPERATION (start)
BERTH_COMPOSE_DECLARE_OPERATION (stop)
BERTH_COMPOSE_DECLARE_OPERATION (restart)

/* --- logs ------------------------------------------------------------- */

typedef enum
{
  BERTH_COMPOSE_LOG_STDOUT = 1,
  BERTH_COMPOSE_LOG_STDERR = 2,
} BerthComposeLogStream;

/* One complete line (without its newline) of one container.  Called in the
 * thread running logs_sync, serialised across containers. */
typedef void (*BerthComposeLogFunc) (const char            *service,
                                     const char            *container,
                                     BerthComposeLogStream  stream,
                                     const char            *line,
                                     gpointer               user_data);

/* Merged logs of the selected services' containers.  Without follow it
 * returns when every container's log was read.  With follow it streams
 * until cancelled (then TRUE: the user stopped following, which is not an
 * error), and containers that start meanwhile (recreated by up, restarted)
 * join the stream with what they write from then on. */
gboolean    berth_compose_logs_sync           (BerthComposeProject        *project,
                                               BerthEngine                *engine,
                                               const BerthComposeOptions  *options,
                                               BerthComposeLogFunc         func,
                                               gpointer                    user_data,
                                               GCancellable               *cancellable,
                                               GError                    **error);

/* A stable colour per service: an index into 12 colours derived from the
 * name (not its position), so a service keeps its colour across runs, in
 * the CLI and in the UI. */
guint       berth_compose_service_colour      (const char                 *service);
/* The same colour as an ANSI escape for a terminal. */
const char *berth_compose_service_colour_ansi (const char                 *service);

/* --- exec ------------------------------------------------------------- */

/* Runs argv in the service's container (number options->index); output
 * goes to out_fd/err_fd (stdout/stderr when -1).  With options->tty the
 * calling terminal (stdin_fd) is put in raw mode and bridged through the
 * engine's hijacked TTY stream, following its size; with
 * options->interactive (no TTY) stdin_fd is copied to the command's stdin
 * until end of file.  Returns the command's exit code in *exit_code. */
gboolean    berth_compose_exec_sync           (BerthComposeProject        *project,
                                               BerthEngine                *engine,
                                               const char                 *service,
                                               const char * const         *argv,
                                               const BerthComposeOptions  *options,
                                               int                         stdin_fd,
                                               int                         out_fd,
                                               int                         err_fd,
                                               int                        *exit_code,
                                               GCancellable               *cancellable,
                                               GError                    **error);

/* --- events ----------------------------------------------------------- */

typedef struct
{
  const char *time;          /* RFC 3339 with nanoseconds */
  const char *service;
  const char *container;     /* name */
  const char *id;
  const char *action;        /* "create", "start", "die", "health_status"... */
  const char *action_value;  /* "healthy" for health_status, else NULL */
  int         exit_code;     /* on die, else -1 */
} BerthComposeEvent;

typedef gboolean (*BerthComposeEventFunc) (const BerthComposeEvent *event,
                                           gpointer                 user_data); /* FALSE stops */

/* The project's container state changes as they happen, until cancelled
 * (then TRUE) or the callback returns FALSE. */
gboolean    berth_compose_events_sync         (BerthComposeProject        *project,
                                               BerthEngine                *engine,
                                               const BerthComposeOptions  *options,
                                               BerthComposeEventFunc       func,
                                               gpointer                    user_data,
                                               GCancellable               *cancellable,
                                               GError                    **error);

G_END_DECLS
