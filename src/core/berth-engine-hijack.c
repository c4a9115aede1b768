/* berth-engine-hijack.c: upgraded connections (exec start with stdin).
 *
 * libcurl has no HTTP upgrade to a raw stream in this version, so the
 * connection is made with CURLOPT_CONNECT_ONLY (which also does TLS) and the
 * request is written by hand with curl_easy_send().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <poll.h>
#include <string.h>

#include "berth-engine-private.h"

#define HEAD_LIMIT (64 * 1024)

void
berth_engine_hijack_free (BerthEngineHijack *hijack)
{
  if (hijack == NULL)
    return;
  if (hijack->easy != NULL)
    curl_easy_cleanup (hijack->easy);
  if (hijack->leftover != NULL)
    g_byte_array_unref (hijack->leftover);
  g_free (hijack);
}

/* Waits for the socket, waking up regularly to notice cancellation. */
static gboolean
wait_socket (curl_socket_t   fd,
             short           events,
             GCancellable   *cancellable,
             GError        **error)
{
  for (;;)
    {
      struct pollfd fds[2] = { { fd, events, 0 }, { -1, POLLIN, 0 } };
      int nfds = 1;
      int r;

      if (cancellable != NULL && (fds[1].fd = g_cancellable_get_fd (cancellable)) >= 0)
        nfds = 2;
      r = poll (fds, nfds, 1000);
      if (nfds == 2)
        g_cancellable_release_fd (cancellable);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_clear_error (error);
          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED, _("Cancelled"));
          return FALSE;
        }
      if (r > 0 && fds[0].revents != 0)
        return TRUE;
      if (r < 0 && errno != EINTR)
        {
          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                       "poll: %s", g_strerror (errno));
          return FALSE;
        }
    }
}

gboolean
berth_engine_hijack_send_all (BerthEngine        *self,
                              BerthEngineHijack  *hijack,
                              const guint8       *data,
                              gsize               len,
                              GCancellable       *cancellable,
                              GError            **error)
{
  while (len > 0)
    {
      size_t sent = 0;
      CURLcode res = curl_easy_send (hijack->easy, data, len, &sent);

      if (res == CURLE_AGAIN)
        {
          if (!wait_socket (hijack->fd, POLLOUT, cancellable, error))
            return FALSE;
          continue;
        }
      if (res != CURLE_OK)
        {
          berth_engine_set_curl_error (self, error, res, errno, NULL, TRUE);
          return FALSE;
        }
      data += sent;
      len -= sent;
    }
  return TRUE;
}

static char *
host_header (BerthEngine *self)
{
  const BerthEngineEndpoint *ep = berth_engine_get_endpoint_info (self);
  const char *authority = strstr (ep->base_url, "://");

  return g_strdup (authority ? authority + 3 : "localhost");
}

BerthEngineHijack *
berth_engine_hijack (BerthEngine   *self,
                     const char    *path,
                     JsonObject    *body,
                     GCancellable  *cancellable,
                     GError       **error)
{
  const BerthEngineEndpoint *ep = berth_engine_get_endpoint_info (self);
  BerthEngineHijack *hijack = NULL;
  g_autoptr(JsonNode) body_node = NULL;
  g_autofree char *body_text = NULL;
  g_autofree char *versioned = NULL;
  g_autofree char *host = NULL;
  g_autofree char *request = NULL;
  g_autoptr(GByteArray) head = g_byte_array_new ();
  char errbuf[CURL_ERROR_SIZE] = "";
  const guint8 *end_of_head = NULL;
  CURLcode res;
  long os_errno = 0;
  guint status = 0;

  if (!berth_engine_ping_sync (self, cancellable, error))
    return NULL;

  hijack = g_new0 (BerthEngineHijack, 1);
  hijack->fd = CURL_SOCKET_BAD;
  hijack->easy = berth_engine_new_easy (self, ep->base_url);
  curl_easy_setopt (hijack->easy, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt (hijack->easy, CURLOPT_ERRORBUFFER, errbuf);

  res = curl_easy_perform (hijack->easy);
  if (res != CURLE_OK)
    {
      curl_easy_getinfo (hijack->easy, CURLINFO_OS_ERRNO, &os_errno);
      berth_engine_set_curl_error (self, error, res, os_errno, errbuf, FALSE);
      berth_engine_hijack_free (hijack);
      return NULL;
    }
  curl_easy_getinfo (hijack->easy, CURLINFO_ACTIVESOCKET, &hijack->fd);

  body_node = json_node_init_object (json_node_alloc (), body);
  body_text = json_to_string (body_node, FALSE);
  versioned = berth_engine_versioned_path (self, path);
  host = host_header (self);
  request = g_strdup_printf ("POST %s HTTP/1.1\r\n"
                             "Host: %s\r\n"
                             "User-Agent: Berth/" PACKAGE_VERSION "\r\n"
                             "Content-Type: application/json\r\n"
                             "Connection: Upgrade\r\n"
                             "Upgrade: tcp\r\n"
                             "Content-Length: %zu\r\n"
                             "\r\n"
                             "%s",
                             versioned, host, strlen (body_text), body_text);

  if (!berth_engine_hijack_send_all (self, hijack, (const guint8 *) request, strlen (request),
                                     cancellable, error))
    {
      berth_engine_hijack_free (hijack);
      return NULL;
    }

  /* Read the answer's head, byte chunks at a time, keeping what follows. */
  while (end_of_head == NULL)
    {
      guint8 buf[4096];
      size_t n = 0;

      res = curl_easy_recv (hijack->easy, buf, sizeof buf, &n);
      if (res == CURLE_AGAIN)
        {
          if (!wait_socket (hijack->fd, POLLIN, cancellable, error))
            {
              berth_engine_hijack_free (hijack);
              return NULL;
            }
          continue;
        }
      if (res != CURLE_OK || n == 0)
        {
          if (res == CURLE_OK)
            res = CURLE_GOT_NOTHING;
          berth_engine_set_curl_error (self, error, res, 0, NULL, TRUE);
          berth_engine_hijack_free (hijack);
          return NULL;
        }
      g_byte_array_append (head, buf, n);
      end_of_head = memmem (head->data, head->len, "\r\n\r\n", 4);
      if (end_of_head == NULL && head->len > HEAD_LIMIT)
        {
          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                       _("The Docker engine's answer to POST %s has no end of headers"), path);
          berth_engine_hijack_free (hijack);
          return NULL;
        }
    }

  {
    gsize head_len = end_of_head - head->data + 4;
    g_autofree char *head_text = g_strndup ((const char *) head->data, head_len);
    g_auto(GStrv) lines = g_strsplit (head_text, "\r\n", -1);
    gsize content_length = 0;

    if (lines[0] == NULL || sscanf (lines[0], "HTTP/%*d.%*d %u", &status) != 1)
      {
        g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                     _("The Docker engine's answer to POST %s is not HTTP"), path);
        berth_engine_hijack_free (hijack);
        return NULL;
      }
    for (guint i = 1; lines[i]; i++)
      if (g_ascii_strncasecmp (lines[i], "Content-Length:", 15) == 0)
        content_length = g_ascii_strtoull (lines[i] + 15, NULL, 10);

    hijack->leftover = g_byte_array_new ();
    g_byte_array_append (hijack->leftover, head->data + head_len, head->len - head_len);

    if (status >= 400)
      {
        /* Read the error body the head announced, then report it. */
        while (hijack->leftover->len < content_length && content_length < HEAD_LIMIT)
          {
            guint8 buf[4096];
            size_t n = 0;

            res = curl_easy_recv (hijack->easy, buf, sizeof buf, &n);
            if (res == CURLE_AGAIN)
              {
                if (!wait_socket (hijack->fd, POLLIN, cancellable, NULL))
                  break;
                continue;
              }
            if (res != CURLE_OK || n == 0)
              break;
            g_byte_array_append (hijack->leftover, buf, n);
          }
        berth_engine_set_http_error (error, status, hijack->leftover->data, hijack->leftover->len);
        berth_engine_hijack_free (hijack);
        return NULL;
      }

    hijack->upgraded = status == 101;
  }

  return hijack;
}
