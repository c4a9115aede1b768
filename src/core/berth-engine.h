/* berth-engine.h: the Docker Engine HTTP API client.
 *
 * One BerthEngine per endpoint.  Every call exists as a blocking `_sync`
 * variant (for worker threads and berth-cli) and, where the UI needs it, an
 * `_async`/`_finish` pair that runs the sync variant with
 * g_task_run_in_thread.  Cancelling the GCancellable aborts the transfer
 * promptly (the curl transfer is woken, not polled).
 *
 * Paths are given without the version prefix ("/containers/json"); the
 * client adds "/v1.NN" after negotiating with GET /_ping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "berth-engine-endpoint.h"

G_BEGIN_DECLS

#define BERTH_ENGINE_ERROR (berth_engine_error_quark ())

typedef enum
{
  BERTH_ENGINE_ERROR_UNREACHABLE,        /* no socket, connection refused, DNS */
  BERTH_ENGINE_ERROR_PERMISSION_DENIED,  /* EACCES on the socket; message has the fix */
  BERTH_ENGINE_ERROR_NOT_FOUND,          /* HTTP 404 */
  BERTH_ENGINE_ERROR_CONFLICT,           /* HTTP 409 */
  BERTH_ENGINE_ERROR_ENGINE,             /* other HTTP >= 400: "status: engine message" */
  BERTH_ENGINE_ERROR_PROTOCOL,           /* unparsable answer */
  BERTH_ENGINE_ERROR_UNSUPPORTED,        /* ssh://, engine API below 1.41 */
  BERTH_ENGINE_ERROR_CANCELLED,
  BERTH_ENGINE_ERROR_FAILED,             /* a stream reported an error (build, pull) */
} BerthEngineError;

GQuark berth_engine_error_quark (void);

#define BERTH_ENGINE_API_MIN_MAJOR 1
#define BERTH_ENGINE_API_MIN_MINOR 41
#define BERTH_ENGINE_API_MAX_MINOR 52

#define BERTH_TYPE_ENGINE (berth_engine_get_type ())
G_DECLARE_FINAL_TYPE (BerthEngine, berth_engine, BERTH, ENGINE, GObject)

/* host: "unix:///path", "tcp://host:port", or NULL to resolve as the docker
 * CLI does (DOCKER_HOST, DOCKER_CONTEXT, currentContext, default sockets).
 * Fails only on an unusable description (ssh://, garbage); reachability is
 * checked by the first call. */
BerthEngine *berth_engine_new               (const char   *host,
                                             GError      **error);
/* An engine for an endpoint chosen explicitly (the Preferences window's
 * modes); fails as berth_engine_endpoint_resolve_spec() does. */
BerthEngine *berth_engine_new_for_spec      (const BerthEngineEndpointSpec *spec,
                                             GError                       **error);
/* An engine for an already resolved endpoint (copied). */
BerthEngine *berth_engine_new_for_endpoint  (const BerthEngineEndpoint     *endpoint);
/* The resolved endpoint, for display ("unix:///var/run/docker.sock"). */
const char  *berth_engine_get_endpoint      (BerthEngine  *self);

/* Negotiates the API version (GET /_ping) if not done yet.  Thread-safe. */
gboolean     berth_engine_ping_sync         (BerthEngine  *self,
                                             GCancellable *cancellable,
                                             GError      **error);
/* "1.41" after a successful ping, else NULL. */
const char  *berth_engine_get_api_version   (BerthEngine  *self);
gboolean     berth_engine_api_at_least      (BerthEngine  *self,
                                             guint         major,
                                             guint         minor);
void         berth_engine_ping_async        (BerthEngine         *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean     berth_engine_ping_finish       (BerthEngine   *self,
                                             GAsyncResult  *result,
                                             GError       **error);

/* GET /version and GET /info (negotiating first). */
JsonObject  *berth_engine_version_sync      (BerthEngine   *self,
                                             GCancellable  *cancellable,
                                             GError       **error);
void         berth_engine_version_async     (BerthEngine         *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
JsonObject  *berth_engine_version_finish    (BerthEngine   *self,
                                             GAsyncResult  *result,
                                             GError       **error);
JsonObject  *berth_engine_info_sync         (BerthEngine   *self,
                                             GCancellable  *cancellable,
                                             GError       **error);

/* Generic request.  query is an already-built query string without '?'
 * (use berth_engine_query_*), body may be NULL.  Returns the parsed JSON
 * answer, or a JSON null node for an empty body.  HTTP errors become
 * BERTH_ENGINE_ERROR_* with the engine's "message". */
JsonNode    *berth_engine_request_sync      (BerthEngine  *self,
                                             const char   *method,
                                             const char   *path,
                                             const char   *query,
                                             JsonNode     *body,
                                             GCancellable *cancellable,
                                             GError      **error);

/* Streaming request: on_data is called in the calling thread with each
 * chunk of the response body as it arrives (no framing decoded).  Returns
 * when the engine closes the stream, on error, or when cancelled.
 * body/content_type may be NULL (JSON body: pass content_type
 * "application/json"). */
typedef gboolean (*BerthEngineDataFunc) (const guint8 *data,
                                         gsize         len,
                                         gpointer      user_data); /* FALSE stops */

gboolean     berth_engine_stream_sync       (BerthEngine         *self,
                                             const char          *method,
                                             const char          *path,
                                             const char          *query,
                                             GBytes              *body,
                                             const char          *content_type,
                                             BerthEngineDataFunc  on_data,
                                             gpointer             user_data,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* Query-string helpers: append "&key=value" url-encoded to a GString. */
void         berth_engine_query_add         (GString      *query,
                                             const char   *key,
                                             const char   *value);
/* filters={"label":["a=b",...],...} from a NULL-terminated list of
 * key, value pairs ("label", "com.docker.compose.project=demo", NULL). */
void         berth_engine_query_add_filters (GString      *query,
                                             const char   *first_key,
                                             ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
