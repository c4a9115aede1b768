/* berth-workflow-support.h: small engine-facing helpers the workflows and
 * the doctor share (finding a service's container, reading its logs and
 * files, running a command in it).  Blocking: call from worker threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "berth-compose.h"
#include "berth-engine.h"

G_BEGIN_DECLS

/* The migration (Flask) service's name, from berth_migration_find_service();
 * NULL when the project has none. */
char       *berth_workflow_flask_service      (BerthComposeProject *project);

/* The inspect answer of the service's container (number 1, not one-off),
 * or NULL without error when the service has no container. */
JsonObject *berth_workflow_find_container     (BerthEngine         *engine,
                                               BerthComposeProject *project,
                                               const char          *service,
                                               GCancellable        *cancellable,
                                               GError             **error);

/* The container's name without '/', its state flags. */
const char *berth_workflow_container_name     (JsonObject          *inspect);
gboolean    berth_workflow_container_running  (JsonObject          *inspect);

/* The last `tail` lines ("all" or N) of a container's stdout and stderr,
 * merged. */
char       *berth_workflow_logs_tail          (BerthEngine         *engine,
                                               const char          *container,
                                               const char          *tail,
                                               GCancellable        *cancellable,
                                               GError             **error);
/* The same, only what the container logged since it last started
 * (State.StartedAt of inspect): earlier runs' errors are history. */
char       *berth_workflow_logs_current_run   (BerthEngine         *engine,
                                               JsonObject          *inspect,
                                               const char          *tail,
                                               GCancellable        *cancellable,
                                               GError             **error);

/* A file inside a container (running or not) through the archive API;
 * at most max_size bytes are accepted. */
char       *berth_workflow_read_container_file (BerthEngine        *engine,
                                                const char         *container,
                                                const char         *path,
                                                gsize               max_size,
                                                GCancellable       *cancellable,
                                                GError            **error);

/* Runs argv in a running container without a TTY (stdin closed) and
 * collects its output.  env: extra "K=V" (may be NULL). */
gboolean    berth_workflow_exec               (BerthEngine         *engine,
                                               const char          *container,
                                               const char * const  *argv,
                                               const char * const  *env,
                                               char               **out,
                                               char               **err,
                                               int                 *exit_code,
                                               GCancellable        *cancellable,
                                               GError             **error);

G_END_DECLS
