/* berth-engine-private.h: what the engine's other files (exec, logs, build,
 * events) and tests share with berth-engine.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <curl/curl.h>

#include "berth-engine.h"
#include "berth-engine-endpoint.h"

G_BEGIN_DECLS

typedef struct
{
  guint        status;        /* HTTP status of the final response */
  const char  *content_type;  /* NULL when absent */
  const char  *api_version;   /* the Api-Version header, NULL when absent */
} BerthEngineResponse;

/* Called once, before the first body byte (or at the end for an empty
 * body), for successful (< 400) responses.  FALSE stops the transfer
 * quietly. */
typedef gboolean (*BerthEngineResponseFunc) (const BerthEngineResponse *response,
                                             gpointer                   user_data);

/* The transfer every request goes through: a curl multi handle of its own,
 * woken by the cancellable.  path is used as given when versioned is FALSE
 * ("/_ping"), else prefixed with "/v1.NN" (negotiating first).  Errors:
 * HTTP >= 400 become BERTH_ENGINE_ERROR_* with the engine's message. */
gboolean     berth_engine_transfer          (BerthEngine             *self,
                                             const char              *method,
                                             const char              *path,
                                             gboolean                 versioned,
                                             const char              *query,
                                             GBytes                  *body,
                                             const char              *content_type,
                                             BerthEngineResponseFunc  on_response,
                                             BerthEngineDataFunc      on_data,
                                             gpointer                 user_data,
                                             GCancellable            *cancellable,
                                             GError                 **error);

/* The same with a body read from body_fd (body_size bytes, from its
 * current offset), always versioned. */
gboolean     berth_engine_transfer_fd       (BerthEngine             *self,
                                             const char              *method,
                                             const char              *path,
                                             const char              *query,
                                             int                      body_fd,
                                             goffset                  body_size,
                                             const char              *content_type,
                                             BerthEngineResponseFunc  on_response,
                                             BerthEngineDataFunc      on_data,
                                             gpointer                 user_data,
                                             GCancellable            *cancellable,
                                             GError                 **error);

/* Buffered variant: the whole answer body (never NULL on success). */
GBytes      *berth_engine_transfer_bytes    (BerthEngine             *self,
                                             const char              *method,
                                             const char              *path,
                                             const char              *query,
                                             GBytes                  *body,
                                             const char              *content_type,
                                             GCancellable            *cancellable,
                                             GError                 **error);

const BerthEngineEndpoint *berth_engine_get_endpoint_info (BerthEngine *self);

/* An easy handle set up for the endpoint (socket path, TLS material). */
CURL        *berth_engine_new_easy          (BerthEngine             *self,
                                             const char              *url);

/* "/v1.41/containers/json" (ping_sync must have succeeded). */
char        *berth_engine_versioned_path    (BerthEngine             *self,
                                             const char              *path);

/* Translate a libcurl failure into a GError a user understands. */
void         berth_engine_set_curl_error    (BerthEngine             *self,
                                             GError                 **error,
                                             CURLcode                 code,
                                             long                     os_errno,
                                             const char              *detail,
                                             gboolean                 mid_stream);

/* Translate an HTTP error answer (status >= 400, body as sent). */
void         berth_engine_set_http_error    (GError                 **error,
                                             guint                    status,
                                             const guint8            *body,
                                             gsize                    len);

/* Parses "1.41" into 1, 41. */
gboolean     berth_engine_parse_api_version (const char              *text,
                                             guint                   *major,
                                             guint                   *minor);

/* A path segment (container id or name, exec id) escaped for a URL. */
char        *berth_engine_escape_segment    (const char              *segment);

/* filters={"key":["value",...]} from "key=value" strings (NULL: nothing). */
void         berth_engine_query_add_filter_list (GString            *query,
                                                 const char * const *filters);

/* request_sync expecting an object / an array / anything (discarded). */
JsonObject  *berth_engine_request_object    (BerthEngine   *self,
                                             const char    *method,
                                             const char    *path,
                                             const char    *query,
                                             JsonObject    *body,
                                             GCancellable  *cancellable,
                                             GError       **error);
JsonArray   *berth_engine_request_array     (BerthEngine   *self,
                                             const char    *path,
                                             const char    *query,
                                             GCancellable  *cancellable,
                                             GError       **error);
/* GET path?all=1&filters=... expecting an array (a list endpoint). */
JsonArray   *berth_engine_request_list      (BerthEngine        *self,
                                             const char         *path,
                                             gboolean            all,
                                             const char * const *filters,
                                             GCancellable       *cancellable,
                                             GError            **error);
gboolean     berth_engine_request_ok        (BerthEngine   *self,
                                             const char    *method,
                                             const char    *path,
                                             const char    *query,
                                             JsonObject    *body,
                                             GCancellable  *cancellable,
                                             GError       **error);

/* An upgraded ("hijacked") connection: sends "POST path" (versioned here)
 * with Connection: Upgrade and reads the answer's head.  On success the
 * socket carries the raw stream; *leftover holds stream bytes that came
 * with the head.  *upgraded is FALSE when the engine answered 200 (output
 * only, until it closes). */
typedef struct
{
  CURL          *easy;
  curl_socket_t  fd;
  GByteArray    *leftover;
  gboolean       upgraded;
} BerthEngineHijack;

BerthEngineHijack *berth_engine_hijack      (BerthEngine   *self,
                                             const char    *path,
                                             JsonObject    *body,
                                             GCancellable  *cancellable,
                                             GError       **error);
void         berth_engine_hijack_free       (BerthEngineHijack *hijack);
/* Blocking send of all of data (polling on CURLE_AGAIN). */
gboolean     berth_engine_hijack_send_all   (BerthEngine       *self,
                                             BerthEngineHijack *hijack,
                                             const guint8      *data,
                                             gsize              len,
                                             GCancellable      *cancellable,
                                             GError           **error);

/* Polls GET /exec/{id}/json until the exec has an exit code. */
gboolean     berth_engine_exec_wait_exit_code (BerthEngine   *engine,
                                               const char    *exec_id,
                                               int           *exit_code,
                                               GCancellable  *cancellable,
                                               GError       **error);

/* Members of engine answers that may be missing, null or of another type:
 * json-glib's getters emit criticals on a missing member. */
static inline JsonObject *
berth_json_object (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return (node && JSON_NODE_HOLDS_OBJECT (node)) ? json_node_get_object (node) : NULL;
}

static inline JsonArray *
berth_json_array (JsonObject *object,
                  const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return (node && JSON_NODE_HOLDS_ARRAY (node)) ? json_node_get_array (node) : NULL;
}

G_END_DECLS
