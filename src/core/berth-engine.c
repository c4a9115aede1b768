/* berth-engine.c: the Docker Engine HTTP API client: connection, version
 * negotiation, the transfer loop and error translation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "berth-engine-private.h"

#define ERROR_BODY_LIMIT (1024 * 1024)

struct _BerthEngine
{
  GObject              parent_instance;

  BerthEngineEndpoint *endpoint;

  GMutex               negotiate_lock;
  char                *api_version;   /* set once, then never changed */
  guint                api_major;
  guint                api_minor;
};

G_DEFINE_TYPE (BerthEngine, berth_engine, G_TYPE_OBJECT)

G_DEFINE_QUARK (berth-engine-error-quark, berth_engine_error)

static void
berth_engine_finalize (GObject *object)
{
  BerthEngine *self = BERTH_ENGINE (object);

  berth_engine_endpoint_free (self->endpoint);
  g_free (self->api_version);
  g_mutex_clear (&self->negotiate_lock);

  G_OBJECT_CLASS (berth_engine_parent_class)->finalize (object);
}

static void
berth_engine_class_init (BerthEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = berth_engine_finalize;

  /* class_init runs once, under GType's lock: the one safe place for it. */
  curl_global_init (CURL_GLOBAL_DEFAULT);
}

static void
berth_engine_init (BerthEngine *self)
{
  g_mutex_init (&self->negotiate_lock);
}

BerthEngine *
berth_engine_new (const char  *host,
                  GError     **error)
{
  BerthEngineEndpoint *endpoint;
  BerthEngine *self;

  endpoint = berth_engine_endpoint_resolve (host, error);
  if (endpoint == NULL)
    return NULL;

  self = g_object_new (BERTH_TYPE_ENGINE, NULL);
  self->endpoint = endpoint;
  return self;
}

BerthEngine *
berth_engine_new_for_endpoint (const BerthEngineEndpoint *endpoint)
{
  BerthEngine *self;

  g_return_val_if_fail (endpoint != NULL, NULL);

  self = g_object_new (BERTH_TYPE_ENGINE, NULL);
  self->endpoint = berth_engine_endpoint_copy (endpoint);
  return self;
}

BerthEngine *
berth_engine_new_for_spec (const BerthEngineEndpointSpec  *spec,
                           GError                        **error)
{
  BerthEngineEndpoint *endpoint;
  BerthEngine *self;

  g_return_val_if_fail (spec != NULL, NULL);

  endpoint = berth_engine_endpoint_resolve_spec (spec, error);
  if (endpoint == NULL)
    return NULL;

  self = g_object_new (BERTH_TYPE_ENGINE, NULL);
  self->endpoint = endpoint;
  return self;
}

const char *
berth_engine_get_endpoint (BerthEngine *self)
{
  g_return_val_if_fail (BERTH_IS_ENGINE (self), NULL);

  return self->endpoint->host;
}

const BerthEngineEndpoint *
berth_engine_get_endpoint_info (BerthEngine *self)
{
  return self->endpoint;
}

const char *
berth_engine_get_api_version (BerthEngine *self)
{
  const char *ret;

  g_return_val_if_fail (BERTH_IS_ENGINE (self), NULL);

  g_mutex_lock (&self->negotiate_lock);
  ret = self->api_version;
  g_mutex_unlock (&self->negotiate_lock);
  return ret;
}

gboolean
berth_engine_api_at_least (BerthEngine *self,
                           guint        major,
                           guint        minor)
{
  gboolean ret;

  g_return_val_if_fail (BERTH_IS_ENGINE (self), FALSE);

  g_mutex_lock (&self->negotiate_lock);
  ret = self->api_version != NULL &&
        (self->api_major > major || (self->api_major == major && self->api_minor >= minor));
  g_mutex_unlock (&self->negotiate_lock);
  return ret;
}

gboolean
berth_engine_parse_api_version (const char *text,
                                guint      *major,
                                guint      *minor)
{
  guint64 maj, min;
  char *end = NULL;

  if (text == NULL)
    return FALSE;
  maj = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != '.')
    return FALSE;
  text = end + 1;
  min = g_ascii_strtoull (text, &end, 10);
  if (end == text || (*end != '\0' && !g_ascii_isspace (*end)))
    return FALSE;
  if (maj > G_MAXUINT || min > G_MAXUINT)
    return FALSE;
  *major = maj;
  *minor = min;
  return TRUE;
}

char *
berth_engine_escape_segment (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

char *
berth_engine_versioned_path (BerthEngine *self,
                             const char  *path)
{
  const char *version = berth_engine_get_api_version (self);

  g_assert (version != NULL);
  return g_strdup_printf ("/v%s%s", version, path);
}

/* --- the transfer --- */

typedef struct
{
  BerthEngine             *engine;
  CURL                    *easy;
  CURLM                   *multi;

  BerthEngineResponseFunc  on_response;
  BerthEngineDataFunc      on_data;
  gpointer                 user_data;

  /* Headers of the current response block (a 100/101 one may precede). */
  char                    *content_type;
  char                    *api_version;

  guint                    status;
  guint                    header_status;
  gboolean                 response_seen;
  gboolean                 stopped;        /* a callback asked to stop */
  gboolean                 got_data;
  GByteArray              *error_body;     /* status >= 400 */
} Transfer;

static void
transfer_clear (Transfer *t)
{
  g_clear_pointer (&t->content_type, g_free);
  g_clear_pointer (&t->api_version, g_free);
  g_clear_pointer (&t->error_body, g_byte_array_unref);
}

static gboolean
transfer_announce (Transfer *t)
{
  BerthEngineResponse response = { t->status, t->content_type, t->api_version };

  t->response_seen = TRUE;
  if (t->on_response != NULL && !t->on_response (&response, t->user_data))
    {
      t->stopped = TRUE;
      return FALSE;
    }
  return TRUE;
}

static size_t
on_header (char   *buffer,
           size_t  size,
           size_t  nitems,
           void   *user_data)
{
  Transfer *t = user_data;
  gsize len = size * nitems;
  g_autofree char *line = g_strndup (buffer, len);
  char *colon;

  g_strchomp (line);

  if (g_str_has_prefix (line, "HTTP/"))
    {
      /* A new response block: forget the headers of an interim one. */
      g_clear_pointer (&t->content_type, g_free);
      g_clear_pointer (&t->api_version, g_free);
      t->header_status = 0;
      sscanf (line, "HTTP/%*s %u", &t->header_status);
      return len;
    }

  if (*line == '\0')
    {
      /* End of a head.  Announce a final answer now: a stream such as
       * /events may send no body byte for a long time. */
      if (t->header_status >= 200 && !t->response_seen && t->error_body == NULL)
        {
          t->status = t->header_status;
          if (t->status >= 400)
            t->error_body = g_byte_array_new ();
          else if (!transfer_announce (t))
            return 0;
        }
      return len;
    }

  colon = strchr (line, ':');
  if (colon == NULL)
    return len;
  *colon = '\0';
  if (g_ascii_strcasecmp (line, "Content-Type") == 0)
    {
      g_free (t->content_type);
      t->content_type = g_strstrip (g_strdup (colon + 1));
    }
  else if (g_ascii_strcasecmp (line, "Api-Version") == 0)
    {
      g_free (t->api_version);
      t->api_version = g_strstrip (g_strdup (colon + 1));
    }
  return len;
}

static size_t
on_write (char   *ptr,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Transfer *t = user_data;
  gsize len = size * nmemb;

  if (!t->response_seen && t->error_body == NULL)
    {
      long status = 0;

      curl_easy_getinfo (t->easy, CURLINFO_RESPONSE_CODE, &status);
      t->status = status;
      if (status >= 400)
        t->error_body = g_byte_array_new ();
      else if (!transfer_announce (t))
        return 0;   /* any other count than len aborts the transfer */
    }

  if (t->error_body != NULL)
    {
      if (t->error_body->len < ERROR_BODY_LIMIT)
        g_byte_array_append (t->error_body, (const guint8 *) ptr, MIN (len, ERROR_BODY_LIMIT));
      return len;
    }

  t->got_data = TRUE;
  if (t->on_data != NULL && len > 0 && !t->on_data ((const guint8 *) ptr, len, t->user_data))
    {
      t->stopped = TRUE;
      return 0;   /* any other count than len aborts the transfer */
    }
  return len;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  Transfer *t = user_data;

  /* Thread-safe, and remembered if no poll is running right now. */
  curl_multi_wakeup (t->multi);
}

CURL *
berth_engine_new_easy (BerthEngine *self,
                       const char  *url)
{
  const BerthEngineEndpoint *ep = self->endpoint;
  CURL *easy = curl_easy_init ();

  if (easy == NULL)
    g_error ("curl_easy_init failed: out of memory");

  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt (easy, CURLOPT_USERAGENT, "Berth/" PACKAGE_VERSION);
  /* The engine's streams have neither length nor chunks when they are
   * hijacked, and proxies from the environment must not see the socket. */
  curl_easy_setopt (easy, CURLOPT_NOPROXY, "*");
  curl_easy_setopt (easy, CURLOPT_TCP_KEEPALIVE, 1L);

  if (ep->socket_path != NULL)
    curl_easy_setopt (easy, CURLOPT_UNIX_SOCKET_PATH, ep->socket_path);

  if (ep->tls)
    {
      curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, ep->tls_verify ? 1L : 0L);
      curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, ep->tls_verify ? 2L : 0L);
      if (ep->ca_file != NULL)
        curl_easy_setopt (easy, CURLOPT_CAINFO, ep->ca_file);
      if (ep->cert_file != NULL)
        curl_easy_setopt (easy, CURLOPT_SSLCERT, ep->cert_file);
      if (ep->key_file != NULL)
        curl_easy_setopt (easy, CURLOPT_SSLKEY, ep->key_file);
    }

  return easy;
}

static char *
build_url (BerthEngine *self,
           const char  *path,
           const char  *query)
{
  while (query != NULL && *query == '&')
    query++;
  if (query != NULL && *query != '\0')
    return g_strconcat (self->endpoint->base_url, path, "?", query, NULL);
  return g_strconcat (self->endpoint->base_url, path, NULL);
}

static size_t
read_body_fd (char   *buffer,
              size_t  size,
              size_t  nitems,
              void   *user_data)
{
  int fd = GPOINTER_TO_INT (user_data);
  ssize_t n;

  do
    n = read (fd, buffer, size * nitems);
  while (n < 0 && errno == EINTR);
  return n < 0 ? CURL_READFUNC_ABORT : (size_t) n;
}

static gboolean
transfer_full (BerthEngine              *self,
               const char               *method,
               const char               *path,
               gboolean                  versioned,
               const char               *query,
               GBytes                   *body,
               int                       body_fd,
               goffset                   body_size,
               const char               *content_type,
               BerthEngineResponseFunc   on_response,
               BerthEngineDataFunc       on_data,
               gpointer                  user_data,
               GCancellable             *cancellable,
               GError                  **error)
{
  Transfer t = { 0 };
  g_autofree char *full_path = NULL;
  g_autofree char *url = NULL;
  struct curl_slist *headers = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  CURLcode result = CURLE_OK;
  CURLMcode mc = CURLM_OK;
  gulong cancel_id = 0;
  long os_errno = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (BERTH_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (method != NULL && path != NULL, FALSE);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED, _("Cancelled"));
      return FALSE;
    }

  if (versioned)
    {
      if (!berth_engine_ping_sync (self, cancellable, error))
        return FALSE;
      full_path = berth_engine_versioned_path (self, path);
    }
  else
    full_path = g_strdup (path);

  url = build_url (self, full_path, query);

  t.engine = self;
  t.on_response = on_response;
  t.on_data = on_data;
  t.user_data = user_data;
  t.easy = berth_engine_new_easy (self, url);
  t.multi = curl_multi_init ();

  curl_easy_setopt (t.easy, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (t.easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (t.easy, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt (t.easy, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt (t.easy, CURLOPT_WRITEDATA, &t);

  if (g_str_equal (method, "HEAD"))
    curl_easy_setopt (t.easy, CURLOPT_NOBODY, 1L);
  else if (body_fd >= 0)
    {
      /* Streamed from a file: a build context need not fit in memory. */
      curl_easy_setopt (t.easy, CURLOPT_POST, 1L);
      curl_easy_setopt (t.easy, CURLOPT_READFUNCTION, read_body_fd);
      curl_easy_setopt (t.easy, CURLOPT_READDATA, GINT_TO_POINTER (body_fd));
      curl_easy_setopt (t.easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) body_size);
      if (!g_str_equal (method, "POST"))
        curl_easy_setopt (t.easy, CURLOPT_CUSTOMREQUEST, method);
    }
  else if (!g_str_equal (method, "GET"))
    {
      gsize size = 0;
      const void *data = body ? g_bytes_get_data (body, &size) : NULL;

      /* POSTFIELDS with an explicit size: a body may contain NULs (tar). */
      curl_easy_setopt (t.easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) size);
      curl_easy_setopt (t.easy, CURLOPT_POSTFIELDS, data ? data : "");
      if (!g_str_equal (method, "POST"))
        curl_easy_setopt (t.easy, CURLOPT_CUSTOMREQUEST, method);
    }

  if (content_type != NULL)
    {
      g_autofree char *h = g_strdup_printf ("Content-Type: %s", content_type);
      headers = curl_slist_append (headers, h);
    }
  else if (body != NULL || body_fd >= 0)
    headers = curl_slist_append (headers, "Content-Type: application/json");
  /* No "Expect: 100-continue" round trip for large bodies (build contexts). */
  headers = curl_slist_append (headers, "Expect:");
  curl_easy_setopt (t.easy, CURLOPT_HTTPHEADER, headers);

  curl_multi_add_handle (t.multi, t.easy);
  if (cancellable != NULL)
    cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), &t, NULL);

  for (;;)
    {
      int running = 0;

      mc = curl_multi_perform (t.multi, &running);
      if (mc != CURLM_OK || running == 0)
        break;
      if (g_cancellable_is_cancelled (cancellable))
        break;
      mc = curl_multi_poll (t.multi, NULL, 0, 1000, NULL);
      if (mc != CURLM_OK)
        break;
    }

  {
    CURLMsg *msg;
    int queued = 0;
    gboolean done = FALSE;

    while ((msg = curl_multi_info_read (t.multi, &queued)) != NULL)
      if (msg->msg == CURLMSG_DONE)
        {
          result = msg->data.result;
          done = TRUE;
        }
    if (!done)
      result = CURLE_ABORTED_BY_CALLBACK;
  }

  if (cancel_id != 0)
    g_cancellable_disconnect (cancellable, cancel_id);

  curl_easy_getinfo (t.easy, CURLINFO_OS_ERRNO, &os_errno);
  if (t.status == 0)
    {
      long status = 0;
      curl_easy_getinfo (t.easy, CURLINFO_RESPONSE_CODE, &status);
      t.status = status;
    }

  if (g_cancellable_is_cancelled (cancellable) && !t.stopped)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED, _("Cancelled"));
    }
  else if (mc != CURLM_OK)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   "libcurl: %s", curl_multi_strerror (mc));
    }
  else if (t.stopped)
    {
      ok = TRUE;
    }
  else if (t.error_body != NULL ||
           (result == CURLE_OK && t.status >= 400))
    {
      berth_engine_set_http_error (error, t.status,
                                   t.error_body ? t.error_body->data : NULL,
                                   t.error_body ? t.error_body->len : 0);
    }
  else if (result != CURLE_OK)
    {
      berth_engine_set_curl_error (self, error, result, os_errno, errbuf, t.response_seen);
    }
  else
    {
      ok = TRUE;
      if (!t.response_seen)
        {
          /* Empty body: announce the response now. */
          transfer_announce (&t);
        }
    }

  curl_multi_remove_handle (t.multi, t.easy);
  curl_easy_cleanup (t.easy);
  curl_multi_cleanup (t.multi);
  curl_slist_free_all (headers);
  transfer_clear (&t);

  return ok;
}

gboolean
berth_engine_transfer (BerthEngine              *self,
                       const char               *method,
                       const char               *path,
                       gboolean                  versioned,
                       const char               *query,
                       GBytes                   *body,
                       const char               *content_type,
                       BerthEngineResponseFunc   on_response,
                       BerthEngineDataFunc       on_data,
                       gpointer                  user_data,
                       GCancellable             *cancellable,
                       GError                  **error)
{
  return transfer_full (self, method, path, versioned, query, body, -1, 0, content_type,
                        on_response, on_data, user_data, cancellable, error);
}

gboolean
berth_engine_transfer_fd (BerthEngine              *self,
                          const char               *method,
                          const char               *path,
                          const char               *query,
                          int                       body_fd,
                          goffset                   body_size,
                          const char               *content_type,
                          BerthEngineResponseFunc   on_response,
                          BerthEngineDataFunc       on_data,
                          gpointer                  user_data,
                          GCancellable             *cancellable,
                          GError                  **error)
{
  g_return_val_if_fail (body_fd >= 0, FALSE);

  return transfer_full (self, method, path, TRUE, query, NULL, body_fd, body_size, content_type,
                        on_response, on_data, user_data, cancellable, error);
}

static gboolean
collect_data (const guint8 *data,
              gsize         len,
              gpointer      user_data)
{
  g_byte_array_append (user_data, data, len);
  return TRUE;
}

GBytes *
berth_engine_transfer_bytes (BerthEngine   *self,
                             const char    *method,
                             const char    *path,
                             const char    *query,
                             GBytes        *body,
                             const char    *content_type,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();

  if (!berth_engine_transfer (self, method, path, TRUE, query, body, content_type,
                              NULL, collect_data, buffer, cancellable, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/* --- negotiation --- */

typedef struct
{
  char *api_version;
} PingResult;

static gboolean
ping_response (const BerthEngineResponse *response,
               gpointer                   user_data)
{
  PingResult *result = user_data;

  result->api_version = g_strdup (response->api_version);
  return TRUE;
}

gboolean
berth_engine_ping_sync (BerthEngine   *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  PingResult result = { NULL };
  g_autofree char *server = NULL;
  guint major = 0, minor = 0;

  g_return_val_if_fail (BERTH_IS_ENGINE (self), FALSE);

  if (berth_engine_get_api_version (self) != NULL)
    return TRUE;

  if (!berth_engine_transfer (self, "GET", "/_ping", FALSE, NULL, NULL, NULL,
                              ping_response, NULL, &result, cancellable, error))
    return FALSE;
  server = g_steal_pointer (&result.api_version);

  if (server == NULL)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("The server at %s answered without an Api-Version header: is it a Docker engine?"),
                   self->endpoint->host);
      return FALSE;
    }
  if (!berth_engine_parse_api_version (server, &major, &minor))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("The Docker engine at %s reported an unreadable API version “%s”"),
                   self->endpoint->host, server);
      return FALSE;
    }
  if (major < BERTH_ENGINE_API_MIN_MAJOR ||
      (major == BERTH_ENGINE_API_MIN_MAJOR && minor < BERTH_ENGINE_API_MIN_MINOR))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
                   _("The Docker engine at %s speaks API %s; Berth needs API %u.%u or newer "
                     "(Docker Engine 20.10 or newer)"),
                   self->endpoint->host, server,
                   BERTH_ENGINE_API_MIN_MAJOR, BERTH_ENGINE_API_MIN_MINOR);
      return FALSE;
    }
  if (major > BERTH_ENGINE_API_MIN_MAJOR || minor > BERTH_ENGINE_API_MAX_MINOR)
    {
      major = BERTH_ENGINE_API_MIN_MAJOR;
      minor = BERTH_ENGINE_API_MAX_MINOR;
    }

  g_mutex_lock (&self->negotiate_lock);
  if (self->api_version == NULL)
    {
      self->api_major = major;
      self->api_minor = minor;
      self->api_version = g_strdup_printf ("%u.%u", major, minor);
    }
  g_mutex_unlock (&self->negotiate_lock);

  return TRUE;
}

static void
ping_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (berth_engine_ping_sync (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
berth_engine_ping_async (BerthEngine         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, berth_engine_ping_async);
  g_task_run_in_thread (task, ping_thread);
}

gboolean
berth_engine_ping_finish (BerthEngine   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- generic requests --- */

JsonNode *
berth_engine_request_sync (BerthEngine   *self,
                           const char    *method,
                           const char    *path,
                           const char    *query,
                           JsonNode      *body,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  gsize len = 0;
  const char *data;

  g_return_val_if_fail (BERTH_IS_ENGINE (self), NULL);

  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);
      request = g_bytes_new_take (text, strlen (text));
    }

  answer = berth_engine_transfer_bytes (self, method, path, query, request,
                                        request ? "application/json" : NULL,
                                        cancellable, error);
  if (answer == NULL)
    return NULL;

  data = g_bytes_get_data (answer, &len);
  while (len > 0 && g_ascii_isspace (data[len - 1]))
    len--;
  if (len == 0)
    return json_node_new (JSON_NODE_NULL);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, len, &parse_error))
    {
      g_autofree char *snippet = g_utf8_make_valid (data, MIN (len, 200));

      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("The Docker engine answered %s %s with something that is not JSON: %s"),
                   method, path, snippet);
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

gboolean
berth_engine_stream_sync (BerthEngine          *self,
                          const char           *method,
                          const char           *path,
                          const char           *query,
                          GBytes               *body,
                          const char           *content_type,
                          BerthEngineDataFunc   on_data,
                          gpointer              user_data,
                          GCancellable         *cancellable,
                          GError              **error)
{
  return berth_engine_transfer (self, method, path, TRUE, query, body, content_type,
                                NULL, on_data, user_data, cancellable, error);
}

/* --- typed request helpers --- */

static JsonNode *
request_with_object (BerthEngine   *self,
                     const char    *method,
                     const char    *path,
                     const char    *query,
                     JsonObject    *body,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(JsonNode) body_node = NULL;

  if (body != NULL)
    body_node = json_node_init_object (json_node_alloc (), body);
  return berth_engine_request_sync (self, method, path, query, body_node, cancellable, error);
}

JsonObject *
berth_engine_request_object (BerthEngine   *self,
                             const char    *method,
                             const char    *path,
                             const char    *query,
                             JsonObject    *body,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(JsonNode) node = request_with_object (self, method, path, query, body, cancellable, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("The Docker engine answered %s %s with something that is not a JSON object"),
                   method, path);
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

JsonArray *
berth_engine_request_array (BerthEngine   *self,
                            const char    *path,
                            const char    *query,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(JsonNode) node = berth_engine_request_sync (self, "GET", path, query, NULL, cancellable, error);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_NULL (node))
    return json_array_new ();
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("The Docker engine answered GET %s with something that is not a JSON array"), path);
      return NULL;
    }
  return json_array_ref (json_node_get_array (node));
}

JsonArray *
berth_engine_request_list (BerthEngine        *self,
                           const char         *path,
                           gboolean            all,
                           const char * const *filters,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(GString) query = g_string_new (NULL);

  if (all)
    berth_engine_query_add (query, "all", "1");
  berth_engine_query_add_filter_list (query, filters);
  return berth_engine_request_array (self, path, query->str, cancellable, error);
}

gboolean
berth_engine_request_ok (BerthEngine   *self,
                         const char    *method,
                         const char    *path,
                         const char    *query,
                         JsonObject    *body,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(JsonNode) node = request_with_object (self, method, path, query, body, cancellable, error);

  return node != NULL;
}

/* --- version and info --- */

static JsonObject *
request_object (BerthEngine   *self,
                const char    *path,
                GCancellable  *cancellable,
                GError       **error)
{
  return berth_engine_request_object (self, "GET", path, NULL, NULL, cancellable, error);
}

JsonObject *
berth_engine_version_sync (BerthEngine   *self,
                           GCancellable  *cancellable,
                           GError       **error)
{
  return request_object (self, "/version", cancellable, error);
}

JsonObject *
berth_engine_info_sync (BerthEngine   *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return request_object (self, "/info", cancellable, error);
}

static void
version_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  JsonObject *version = berth_engine_version_sync (source_object, cancellable, &error);

  if (version != NULL)
    g_task_return_pointer (task, version, (GDestroyNotify) json_object_unref);
  else
    g_task_return_error (task, error);
}

void
berth_engine_version_async (BerthEngine         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, berth_engine_version_async);
  g_task_run_in_thread (task, version_thread);
}

JsonObject *
berth_engine_version_finish (BerthEngine   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
