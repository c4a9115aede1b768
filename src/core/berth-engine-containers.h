/* berth-engine-containers.h: typed calls on containers.
 *
 * Containers are named by id or name.  Inspect answers are returned as the
 * engine's JSON objects (owned references); lists as JSON arrays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-engine.h"

G_BEGIN_DECLS

/* filters: NULL-terminated "key=value" strings, e.g.
 * "label=com.docker.compose.project=demo", "name=api", "status=running". */
JsonArray  *berth_engine_containers_list_sync       (BerthEngine        *engine,
                                                     gboolean            all,
                                                     const char * const *filters,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
JsonObject *berth_engine_container_inspect_sync     (BerthEngine        *engine,
                                                     const char         *id,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* config is the body of POST /containers/create (Image, Cmd, Labels,
 * HostConfig, NetworkingConfig...).  Before API 1.44 the engine takes one
 * network in NetworkingConfig.EndpointsConfig: the first is kept and the
 * others are connected right after creation (before start), as Compose
 * does.  Returns the new container's id. */
char       *berth_engine_container_create_sync      (BerthEngine        *engine,
                                                     const char         *name,
                                                     JsonObject         *config,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* Starting a running container or stopping a stopped one succeeds. */
gboolean    berth_engine_container_start_sync       (BerthEngine        *engine,
                                                     const char         *id,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* timeout: seconds before SIGKILL, or -1 for the container's default. */
gboolean    berth_engine_container_stop_sync        (BerthEngine        *engine,
                                                     const char         *id,
                                                     int                 timeout,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
gboolean    berth_engine_container_restart_sync     (BerthEngine        *engine,
                                                     const char         *id,
                                                     int                 timeout,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* signal: "SIGTERM", "HUP"... or NULL for SIGKILL. */
gboolean    berth_engine_container_kill_sync        (BerthEngine        *engine,
                                                     const char         *id,
                                                     const char         *signal,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* volumes: also remove anonymous volumes (never named ones). */
gboolean    berth_engine_container_remove_sync      (BerthEngine        *engine,
                                                     const char         *id,
                                                     gboolean            force,
                                                     gboolean            volumes,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* condition: "not-running" (default when NULL), "next-exit", "removed". */
gboolean    berth_engine_container_wait_sync        (BerthEngine        *engine,
                                                     const char         *id,
                                                     const char         *condition,
                                                     gint64             *exit_code,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* A tar of path (file or directory) inside the container. */
GBytes     *berth_engine_container_archive_get_sync (BerthEngine        *engine,
                                                     const char         *id,
                                                     const char         *path,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* Extracts tar into the existing directory dir inside the container. */
gboolean    berth_engine_container_archive_put_sync (BerthEngine        *engine,
                                                     const char         *id,
                                                     const char         *dir,
                                                     GBytes             *tar,
                                                     GCancellable       *cancellable,
                                                     GError            **error);

/* For the UI: the same calls in a worker thread. */
void        berth_engine_container_start_async      (BerthEngine         *engine,
                                                     const char          *id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean    berth_engine_container_start_finish     (BerthEngine         *engine,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void        berth_engine_container_stop_async       (BerthEngine         *engine,
                                                     const char          *id,
                                                     int                  timeout,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean    berth_engine_container_stop_finish      (BerthEngine         *engine,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void        berth_engine_container_restart_async    (BerthEngine         *engine,
                                                     const char          *id,
                                                     int                  timeout,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean    berth_engine_container_restart_finish   (BerthEngine         *engine,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void        berth_engine_container_inspect_async    (BerthEngine         *engine,
                                                     const char          *id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
JsonObject *berth_engine_container_inspect_finish   (BerthEngine         *engine,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void        berth_engine_containers_list_async      (BerthEngine         *engine,
                                                     gboolean             all,
                                                     const char * const  *filters,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
JsonArray  *berth_engine_containers_list_finish     (BerthEngine         *engine,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
