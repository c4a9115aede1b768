/* berth-engine-errors.c: libcurl failures and HTTP error answers as GErrors a user understands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "berth-engine-private.h"

static char *
rootless_socket_hint (void)
{
  const char *runtime = g_getenv ("XDG_RUNTIME_DIR");

  if (runtime != NULL && *runtime != '\0')
    return g_strdup_printf ("unix://%s/docker.sock", runtime);
  return g_strdup ("unix://$XDG_RUNTIME_DIR/docker.sock");
}

void
berth_engine_set_curl_error (BerthEngine  *self,
                             GError      **error,
                             CURLcode      code,
                             long          os_errno,
                             const char   *detail,
                             gboolean      mid_stream)
{
  const char *host = berth_engine_get_endpoint (self);
  const char *what = (detail != NULL && *detail != '\0') ? detail : curl_easy_strerror (code);

  if (os_errno == EACCES || os_errno == EPERM)
    {
      g_autofree char *rootless = rootless_socket_hint ();

      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PERMISSION_DENIED,
                   _("Permission denied while connecting to the Docker engine at %s. "
                     "Add your user to the “docker” group (sudo usermod -aG docker $USER, then log in again) "
                     "or use the rootless engine at %s."),
                   host, rootless);
      return;
    }

  switch (code)
    {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_OPERATION_TIMEDOUT:
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE,
                   _("Cannot connect to the Docker engine at %s: %s"),
                   host, os_errno != 0 ? g_strerror (os_errno) : what);
      return;

    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE,
                   _("Cannot connect to the Docker engine at %s: TLS failed: %s"), host, what);
      return;

    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      if (mid_stream)
        g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE,
                     _("Lost the connection to the Docker engine at %s: %s"), host, what);
      else
        g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE,
                     _("Cannot connect to the Docker engine at %s: %s"),
                     host, os_errno != 0 ? g_strerror (os_errno) : what);
      return;

    default:
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("Talking to the Docker engine at %s failed: %s"), host, what);
      return;
    }
}

void
berth_engine_set_http_error (GError       **error,
                             guint          status,
                             const guint8  *body,
                             gsize          len)
{
  g_autofree char *message = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int code;

  if (len > 0 && json_parser_load_from_data (parser, (const char *) body, len, NULL))
    {
      JsonNode *root = json_parser_get_root (parser);

      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        message = g_strdup (json_object_get_string_member_with_default (json_node_get_object (root),
                                                                        "message", NULL));
    }
  if (message == NULL && len > 0)
    {
      message = g_utf8_make_valid ((const char *) body, len);
      g_strstrip (message);
    }
  if (message == NULL || *message == '\0')
    {
      g_free (message);
      message = g_strdup (_("no message"));
    }

  switch (status)
    {
    case 404:
      code = BERTH_ENGINE_ERROR_NOT_FOUND;
      break;
    case 409:
      code = BERTH_ENGINE_ERROR_CONFLICT;
      break;
    default:
      code = BERTH_ENGINE_ERROR_ENGINE;
      break;
    }

  g_set_error (error, BERTH_ENGINE_ERROR, code, _("engine error %u: %s"), status, message);
}

