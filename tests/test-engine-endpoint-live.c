/* test-engine-endpoint-live.c: the Preferences window's endpoint modes
 * reach the real test engine: a docker context by name that points at it,
 * its socket path, and tcp:// through a local forwarder to that socket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <string.h>

#include "berth-engine.h"
#include "berth-test.h"

static char *scratch;

static const char *
engine_socket_path (void)
{
  const char *host = berth_test_engine_host ();

  g_assert_true (g_str_has_prefix (host, "unix:///"));
  return host + strlen ("unix://");
}

/* Pings and asks for the version: the engine really answered. */
static void
assert_engine_answers (BerthEngine *engine)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) version = NULL;

  g_assert_true (berth_engine_ping_sync (engine, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (berth_engine_get_api_version (engine));
  version = berth_engine_version_sync (engine, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_object_get_string_member_with_default (version, "Version", NULL));
}

/* A context the way `docker context create NAME --docker host=HOST` stores it. */
static void
write_context (const char *config_dir,
               const char *name,
               const char *host)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
  g_autofree char *dir = g_build_filename (config_dir, "contexts", "meta", digest, NULL);
  g_autofree char *meta = g_build_filename (dir, "meta.json", NULL);
  g_autofree char *json = g_strdup_printf ("{\"Name\":\"%s\",\"Metadata\":{\"Description\":\"berth test\"},"
                                           "\"Endpoints\":{\"docker\":{\"Host\":\"%s\",\"SkipTLSVerify\":false}}}",
                                           name, host);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (meta, json, -1, &error);
  g_assert_no_error (error);
}

static void
test_context_name (void)
{
  g_autofree char *config = g_build_filename (scratch, "docker-config", NULL);
  g_autofree char *name = g_strdup_printf ("berth-test-prefs-%08x", g_random_int ());
  g_autoptr(BerthEngineEndpointSpec) spec = berth_engine_endpoint_spec_new (BERTH_ENGINE_ENDPOINT_MODE_CONTEXT);
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  write_context (config, name, berth_test_engine_host ());
  write_context (config, "berth-test-prefs-nowhere", "unix:///nonexistent/docker.sock");
  g_setenv ("DOCKER_CONFIG", config, TRUE);
  /* Neither the environment nor the current context decides. */
  g_setenv ("DOCKER_HOST", "unix:///nonexistent/env.sock", TRUE);
  g_setenv ("DOCKER_CONTEXT", "berth-test-prefs-nowhere", TRUE);

  names = berth_engine_endpoint_list_contexts ();
  g_assert_true (g_strv_contains ((const char * const *) names, name));

  spec->context = g_strdup (name);
  engine = berth_engine_new_for_spec (spec, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (berth_engine_get_endpoint (engine), ==, berth_test_engine_host ());
  assert_engine_answers (engine);
  g_clear_object (&engine);

  /* The context that points nowhere fails on the first call, naming it. */
  g_free (spec->context);
  spec->context = g_strdup ("berth-test-prefs-nowhere");
  engine = berth_engine_new_for_spec (spec, &error);
  g_assert_no_error (error);
  g_assert_false (berth_engine_ping_sync (engine, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "/nonexistent/docker.sock"));

  g_unsetenv ("DOCKER_HOST");
  g_unsetenv ("DOCKER_CONTEXT");
  g_unsetenv ("DOCKER_CONFIG");
}

static void
test_socket_path (void)
{
  g_autoptr(BerthEngineEndpointSpec) spec = berth_engine_endpoint_spec_new (BERTH_ENGINE_ENDPOINT_MODE_SOCKET);
  g_autoptr(BerthEngineEndpoint) endpoint = NULL;
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("DOCKER_HOST", "unix:///nonexistent/env.sock", TRUE);

  spec->socket_path = g_strdup (engine_socket_path ());
  engine = berth_engine_new_for_spec (spec, &error);
  g_assert_no_error (error);
  assert_engine_answers (engine);
  g_clear_object (&engine);

  /* A resolved endpoint makes the same engine. */
  endpoint = berth_engine_endpoint_new_socket (berth_test_engine_host (), &error);
  g_assert_no_error (error);
  engine = berth_engine_new_for_endpoint (endpoint);
  g_assert_cmpstr (berth_engine_get_endpoint (engine), ==, berth_test_engine_host ());
  assert_engine_answers (engine);

  g_unsetenv ("DOCKER_HOST");
}

/* --- tcp: a forwarder from 127.0.0.1 to the engine's socket --- */

typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  int           port;
} Forwarder;

static void
splice_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_io_stream_splice_finish (result, NULL);
  g_object_unref (user_data);  /* the engine side */
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (engine_socket_path ());
  GSocketConnection *engine;

  engine = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
  if (engine == NULL)
    return TRUE;  /* the client sees the connection closed */
  g_io_stream_splice_async (G_IO_STREAM (connection), G_IO_STREAM (engine),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, NULL, splice_done_cb, engine);
  return TRUE;
}

static gpointer
forwarder_thread (gpointer data)
{
  Forwarder *f = data;
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (f->context);
  service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), NULL);
  g_socket_service_start (service);
  g_atomic_int_set (&f->port, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  g_main_loop_run (f->loop);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_main_context_pop_thread_default (f->context);
  return NULL;
}

static void
test_tcp_url (void)
{
  Forwarder f = { 0 };
  g_autoptr(BerthEngineEndpointSpec) spec = berth_engine_endpoint_spec_new (BERTH_ENGINE_ENDPOINT_MODE_TCP);
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(GError) error = NULL;

  f.context = g_main_context_new ();
  f.loop = g_main_loop_new (f.context, FALSE);
  f.thread = g_thread_new ("forwarder", forwarder_thread, &f);
  while (g_atomic_int_get (&f.port) == 0)
    g_usleep (1000);

  /* Verification off and no files: plain HTTP, as an engine on 2375. */
  spec->tcp_url = g_strdup_printf ("tcp://127.0.0.1:%d", g_atomic_int_get (&f.port));
  spec->tls_verify = FALSE;
  engine = berth_engine_new_for_spec (spec, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (berth_engine_get_endpoint (engine), ==, spec->tcp_url);
  assert_engine_answers (engine);
  g_clear_object (&engine);

  /* Verification on speaks TLS to it: a clear failure, not a hang. */
  spec->tls_verify = TRUE;
  engine = berth_engine_new_for_spec (spec, &error);
  g_assert_no_error (error);
  g_assert_false (berth_engine_ping_sync (engine, NULL, &error));
  g_assert_nonnull (error);
  g_clear_object (&engine);

  g_main_loop_quit (f.loop);
  g_thread_join (f.thread);
  g_main_loop_unref (f.loop);
  g_main_context_unref (f.context);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  berth_test_engine_host ();

  scratch = g_dir_make_tmp ("berth-endpoint-live-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/engine/endpoint-live/context-name", test_context_name);
  g_test_add_func ("/engine/endpoint-live/socket-path", test_socket_path);
  g_test_add_func ("/engine/endpoint-live/tcp-url", test_tcp_url);

  ret = g_test_run ();
  {
    const char *rm[] = { "rm", "-rf", scratch, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  return ret;
}
