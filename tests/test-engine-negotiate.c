/* test-engine-negotiate.c: API version negotiation against canned /_ping
 * answers (Engine 29's 1.52, a future engine, an engine too old, a server
 * that is not an engine), served on a unix socket by the test itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>

#include "berth-engine.h"
#include "berth-engine-logs.h"
#include "berth-test.h"

typedef struct
{
  GSocket *listener;
  char    *answer;    /* the whole HTTP answer to every request */
  gsize    answer_len;
  GThread *thread;
  char    *host;
  char    *path;
  char    *request;   /* the last request head seen */
  GMutex   lock;
  gboolean stop;
} Server;

static gpointer
serve (gpointer data)
{
  Server *server = data;

  for (;;)
    {
      g_autoptr(GSocket) client = g_socket_accept (server->listener, NULL, NULL);
      g_autoptr(GString) head = g_string_new (NULL);
      char buf[1024];

      if (client == NULL || g_atomic_int_get (&server->stop))
        break;
      while (strstr (head->str, "\r\n\r\n") == NULL)
        {
          gssize n = g_socket_receive (client, buf, sizeof buf, NULL, NULL);

          if (n <= 0)
            break;
          g_string_append_len (head, buf, n);
        }
      g_mutex_lock (&server->lock);
      g_free (server->request);
      server->request = g_strdup (head->str);
      g_socket_send (client, server->answer, server->answer_len, NULL, NULL);
      g_mutex_unlock (&server->lock);
      g_socket_close (client, NULL);
    }
  return NULL;
}

static Server *
server_new_len (const char *answer,
                gsize       answer_len)
{
  Server *server = g_new0 (Server, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *dir = g_dir_make_tmp ("berth-negotiate-XXXXXX", &error);

  g_assert_no_error (error);
  g_mutex_init (&server->lock);
  server->answer = g_memdup2 (answer, answer_len);
  server->answer_len = answer_len;
  server->path = g_build_filename (dir, "docker.sock", NULL);
  server->host = g_strconcat ("unix://", server->path, NULL);
  server->listener = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (server->path);
  g_assert_true (g_socket_bind (server->listener, address, TRUE, &error));
  g_assert_true (g_socket_listen (server->listener, &error));
  server->thread = g_thread_new ("server", serve, server);
  return server;
}

static Server *
server_new (const char *answer)
{
  return server_new_len (answer, strlen (answer));
}

static void
server_free (Server *server)
{
  g_autofree char *dir = g_path_get_dirname (server->path);

  /* Wake the accept() with a last connection, then close the listener
   * only once nothing waits on it any more. */
  {
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketAddress) address = g_unix_socket_address_new (server->path);
    g_autoptr(GSocketConnection) connection = NULL;

    g_atomic_int_set (&server->stop, TRUE);
    connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
    g_thread_join (server->thread);
  }
  g_socket_close (server->listener, NULL);
  g_object_unref (server->listener);
  g_unlink (server->path);
  g_rmdir (dir);
  g_free (server->path);
  g_free (server->host);
  g_free (server->answer);
  g_free (server->request);
  g_mutex_clear (&server->lock);
  g_free (server);
}

#define PING(version_header) \
  "HTTP/1.1 200 OK\r\n" version_header "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\n" \
  "Connection: close\r\n\r\nOK"

static BerthEngine *
engine_for (Server *server)
{
  g_autoptr(GError) error = NULL;
  BerthEngine *engine = berth_engine_new (server->host, &error);

  g_assert_no_error (error);
  return engine;
}

static void
test_engine_29 (void)
{
  Server *server = server_new (PING ("API-Version: 1.52\r\n"));
  g_autoptr(BerthEngine) engine = engine_for (server);
  g_autoptr(GError) error = NULL;

  g_assert_null (berth_engine_get_api_version (engine));
  g_assert_true (berth_engine_ping_sync (engine, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (berth_engine_get_api_version (engine), ==, "1.52");
  g_assert_true (berth_engine_api_at_least (engine, 1, 44));
  /* the ping itself is unversioned */
  g_assert_true (g_str_has_prefix (server->request, "GET /_ping HTTP/1.1\r\n"));

  /* later requests carry the negotiated version */
  {
    g_autoptr(JsonNode) node = berth_engine_request_sync (engine, "GET", "/info", NULL, NULL, NULL, &error);

    /* "OK" is not JSON: a protocol error, but the path is what matters */
    g_assert_null (node);
    g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL);
    g_assert_true (g_str_has_prefix (server->request, "GET /v1.52/info HTTP/1.1\r\n"));
  }
  server_free (server);
}

static void
test_newer_engine (void)
{
  Server *server = server_new (PING ("api-version: 1.60\r\n"));
  g_autoptr(BerthEngine) engine = engine_for (server);
  g_autoptr(GError) error = NULL;

  g_assert_true (berth_engine_ping_sync (engine, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (berth_engine_get_api_version (engine), ==, "1.52");
  server_free (server);
}

static void
test_engine_20 (void)
{
  Server *server = server_new (PING ("Api-Version: 1.41\r\n"));
  g_autoptr(BerthEngine) engine = engine_for (server);
  g_autoptr(GError) error = NULL;

  g_assert_true (berth_engine_ping_sync (engine, NULL, &error));
  g_assert_cmpstr (berth_engine_get_api_version (engine), ==, "1.41");
  g_assert_false (berth_engine_api_at_least (engine, 1, 42));
  server_free (server);
}

static void
test_too_old (void)
{
  Server *server = server_new (PING ("Api-Version: 1.40\r\n"));
  g_autoptr(BerthEngine) engine = engine_for (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_false (berth_engine_ping_sync (engine, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "1.40"));
  g_assert_nonnull (strstr (error->message, "1.41 or newer"));
  g_assert_null (berth_engine_get_api_version (engine));
  g_clear_error (&error);

  /* Every call negotiates first, so every call says so. */
  node = berth_engine_request_sync (engine, "GET", "/info", NULL, NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED);
  server_free (server);
}

static void
test_not_an_engine (void)
{
  Server *server = server_new (PING (""));
  g_autoptr(BerthEngine) engine = engine_for (server);
  g_autoptr(GError) error = NULL;

  g_assert_false (berth_engine_ping_sync (engine, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "Api-Version"));
  server_free (server);
}

static void
test_ping_error (void)
{
  Server *server = server_new ("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                               "Content-Length: 30\r\nConnection: close\r\n\r\n{\"message\":\"daemon is broken\"}");
  g_autoptr(BerthEngine) engine = engine_for (server);
  g_autoptr(GError) error = NULL;

  g_assert_false (berth_engine_ping_sync (engine, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_ENGINE);
  g_assert_cmpstr (error->message, ==, "engine error 500: daemon is broken");
  server_free (server);
}

/* From API 1.42 the logs' Content-Type says whether they are framed: no
 * inspect first, and the answer decides. */
static gboolean
collect (BerthStreamType stream, const guint8 *data, gsize len, gpointer user_data)
{
  g_string_append_printf (user_data, "|%d:", stream);
  g_string_append_len (user_data, (const char *) data, len);
  return TRUE;
}

static void
logs_with_content_type (const char   *content_type,
                        const guint8 *body,
                        gsize         body_len,
                        const char   *expected)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nApi-Version: 1.52\r\nContent-Type: %s\r\n"
                                           "Connection: close\r\n\r\n", content_type);
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  Server *server;
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_byte_array_append (answer, (const guint8 *) head, strlen (head));
  g_byte_array_append (answer, body, body_len);
  server = server_new_len ((const char *) answer->data, answer->len);
  engine = engine_for (server);

  g_assert_true (berth_engine_logs_sync (engine, "web", NULL, collect, got, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (got->str, ==, expected);
  g_assert_true (g_str_has_prefix (server->request, "GET /v1.52/containers/web/logs?stdout=true&stderr=true&tail=all HTTP/1.1\r\n"));
  server_free (server);
}

static void
test_logs_content_type (void)
{
  static const guint8 framed[] = { 1, 0, 0, 0, 0, 0, 0, 3, 'o', 'u', 't', 2, 0, 0, 0, 0, 0, 0, 3, 'e', 'r', 'r' };
  static const guint8 raw[] = "tty output\r\n";

  logs_with_content_type ("application/vnd.docker.multiplexed-stream", framed, sizeof framed, "|1:out|2:err");
  logs_with_content_type ("application/vnd.docker.raw-stream", raw, sizeof raw - 1, "|1:tty output\r\n");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/negotiate/engine-29", test_engine_29);
  g_test_add_func ("/engine/negotiate/newer-engine", test_newer_engine);
  g_test_add_func ("/engine/negotiate/engine-20", test_engine_20);
  g_test_add_func ("/engine/negotiate/too-old", test_too_old);
  g_test_add_func ("/engine/negotiate/not-an-engine", test_not_an_engine);
  g_test_add_func ("/engine/negotiate/ping-error", test_ping_error);
  g_test_add_func ("/engine/negotiate/logs-content-type", test_logs_content_type);

  return g_test_run ();
}
