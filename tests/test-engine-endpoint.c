/* test-engine-endpoint.c: endpoint resolution (-H, DOCKER_HOST,
 * DOCKER_CONTEXT, currentContext, the system and rootless sockets, TLS)
 * against a fake HOME and DOCKER_CONFIG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "berth-engine.h"
#include "berth-engine-endpoint-private.h"
#include "berth-test.h"

static char *fake_home;
static char *scratch;

static void
reset_env (void)
{
  g_unsetenv ("DOCKER_HOST");
  g_unsetenv ("DOCKER_CONTEXT");
  g_unsetenv ("DOCKER_CONFIG");
  g_unsetenv ("DOCKER_TLS_VERIFY");
  g_unsetenv ("DOCKER_CERT_PATH");
  g_unsetenv ("XDG_RUNTIME_DIR");
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A context the way `docker context create` stores it. */
static void
make_context (const char *config_dir,
              const char *name,
              const char *host,
              gboolean    with_tls,
              gboolean    skip_verify)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
  g_autofree char *meta = g_build_filename (config_dir, "contexts", "meta", digest, "meta.json", NULL);
  g_autofree char *json = g_strdup_printf ("{\"Name\":\"%s\",\"Metadata\":{\"Description\":\"test\"},"
                                           "\"Endpoints\":{\"docker\":{\"Host\":\"%s\",\"SkipTLSVerify\":%s}}}",
                                           name, host, skip_verify ? "true" : "false");

  write_file (meta, json);
  if (with_tls)
    {
      g_autofree char *tls = g_build_filename (config_dir, "contexts", "tls", digest, "docker", NULL);
      g_autofree char *ca = g_build_filename (tls, "ca.pem", NULL);
      g_autofree char *cert = g_build_filename (tls, "cert.pem", NULL);
      g_autofree char *key = g_build_filename (tls, "key.pem", NULL);

      write_file (ca, "ca");
      write_file (cert, "cert");
      write_file (key, "key");
    }
}

static BerthEngineEndpoint *
resolve_ok (const char *host,
            const char *system_socket)
{
  g_autoptr(GError) error = NULL;
  BerthEngineEndpoint *ep = berth_engine_endpoint_resolve_full (host, system_socket, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ep);
  return ep;
}

static void
test_explicit_host_wins (void)
{
  g_autoptr(BerthEngineEndpoint) ep = NULL;

  reset_env ();
  g_setenv ("DOCKER_HOST", "unix:///from/env.sock", TRUE);
  g_setenv ("DOCKER_CONTEXT", "nosuch", TRUE);

  ep = resolve_ok ("unix:///explicit.sock", "/nonexistent/docker.sock");
  g_assert_cmpstr (ep->host, ==, "unix:///explicit.sock");
  g_assert_cmpstr (ep->socket_path, ==, "/explicit.sock");
  g_assert_cmpstr (ep->base_url, ==, "http://localhost");
  g_assert_cmpstr (ep->source, ==, "-H");
  g_assert_false (ep->tls);
}

static void
test_docker_host_before_context (void)
{
  g_autoptr(BerthEngineEndpoint) ep = NULL;
  g_autofree char *config = g_build_filename (scratch, "config-host", NULL);

  reset_env ();
  make_context (config, "remote", "tcp://10.1.2.3:2375", FALSE, FALSE);
  g_setenv ("DOCKER_CONFIG", config, TRUE);
  g_setenv ("DOCKER_CONTEXT", "remote", TRUE);
  g_setenv ("DOCKER_HOST", "tcp://engine.example:2375", TRUE);

  ep = resolve_ok (NULL, "/nonexistent/docker.sock");
  g_assert_cmpstr (ep->host, ==, "tcp://engine.example:2375");
  g_assert_cmpstr (ep->base_url, ==, "http://engine.example:2375");
  g_assert_null (ep->socket_path);
  g_assert_cmpstr (ep->source, ==, "DOCKER_HOST");

  /* Empty DOCKER_HOST counts as unset: the context is next. */
  g_setenv ("DOCKER_HOST", "", TRUE);
  berth_engine_endpoint_free (ep);
  ep = resolve_ok (NULL, "/nonexistent/docker.sock");
  g_assert_cmpstr (ep->host, ==, "tcp://10.1.2.3:2375");
  g_assert_cmpstr (ep->source, ==, "context remote");
}

static void
test_docker_context_before_current (void)
{
  g_autoptr(BerthEngineEndpoint) ep = NULL;
  g_autofree char *config = g_build_filename (scratch, "config-ctx", NULL);
  g_autofree char *config_json = g_build_filename (config, "config.json", NULL);

  reset_env ();
  make_context (config, "one", "unix:///run/one.sock", FALSE, FALSE);
  make_context (config, "two", "unix:///run/two.sock", FALSE, FALSE);
  write_file (config_json, "{\"auths\":{},\"currentContext\":\"two\"}");
  g_setenv ("DOCKER_CONFIG", config, TRUE);

  ep = resolve_ok (NULL, "/nonexistent/docker.sock");
  g_assert_cmpstr (ep->host, ==, "unix:///run/two.sock");
  g_assert_cmpstr (ep->source, ==, "context two");
  berth_engine_endpoint_free (ep);

  g_setenv ("DOCKER_CONTEXT", "one", TRUE);
  ep = resolve_ok (NULL, "/nonexistent/docker.sock");
  g_assert_cmpstr (ep->host, ==, "unix:///run/one.sock");
  berth_engine_endpoint_free (ep);

  /* DOCKER_CONTEXT=default means the default endpoint, not currentContext. */
  g_setenv ("DOCKER_CONTEXT", "default", TRUE);
  ep = resolve_ok (NULL, "/nonexistent/docker.sock");
  g_assert_cmpstr (ep->host, ==, "unix:///run/two.sock");
}

static void
test_current_context_from_home (void)
{
  g_autoptr(BerthEngineEndpoint) ep = NULL;
  g_autofree char *config = g_build_filename (fake_home, ".docker", NULL);
  g_autofree char *config_json = g_build_filename (config, "config.json", NULL);

  reset_env ();
  make_context (config, "colima", "unix:///home/u/.colima/docker.sock", FALSE, FALSE);
  write_file (config_json, "{\"currentContext\":\"colima\"}");

  ep = resolve_ok (NULL, "/nonexistent/docker.sock");
  g_assert_cmpstr (ep->host, ==, "unix:///home/u/.colima/docker.sock");
  g_assert_cmpstr (ep->socket_path, ==, "/home/u/.colima/docker.sock");
  berth_engine_endpoint_free (ep);

  write_file (config_json, "{\"currentContext\":\"default\"}");
  ep = resolve_ok (NULL, "/nonexistent/docker.sock");
  g_assert_cmpstr (ep->host, ==, "unix:///nonexistent/docker.sock");
  g_assert_cmpstr (ep->source, ==, "default");
  berth_engine_endpoint_free (ep);
  ep = NULL;

  g_assert_cmpint (g_remove (config_json), ==, 0);
}

static void
test_default_sockets (void)
{
  g_autoptr(BerthEngineEndpoint) ep = NULL;
  g_autofree char *system_socket = g_build_filename (scratch, "system", "docker.sock", NULL);
  g_autofree char *runtime = g_build_filename (scratch, "runtime", NULL);
  g_autofree char *rootless = g_build_filename (runtime, "docker.sock", NULL);
  g_autofree char *expected = NULL;

  reset_env ();
  g_setenv ("DOCKER_CONFIG", scratch, TRUE);   /* no config.json there */
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);

  /* Neither exists: the system socket is named. */
  ep = resolve_ok (NULL, system_socket);
  g_assert_cmpstr (ep->socket_path, ==, system_socket);
  berth_engine_endpoint_free (ep);

  /* Only the rootless one exists. */
  write_file (rootless, "");
  ep = resolve_ok (NULL, system_socket);
  expected = g_strconcat ("unix://", rootless, NULL);
  g_assert_cmpstr (ep->host, ==, expected);
  berth_engine_endpoint_free (ep);

  /* Both exist: the system socket comes first. */
  write_file (system_socket, "");
  ep = resolve_ok (NULL, system_socket);
  g_assert_cmpstr (ep->socket_path, ==, system_socket);
}

static void
test_tls_env (void)
{
  g_autoptr(BerthEngineEndpoint) ep = NULL;
  g_autofree char *certs = g_build_filename (scratch, "certs", NULL);
  g_autofree char *ca = g_build_filename (certs, "ca.pem", NULL);
  g_autofree char *cert = g_build_filename (certs, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (certs, "key.pem", NULL);

  reset_env ();
  write_file (ca, "ca");
  write_file (cert, "cert");
  write_file (key, "key");
  g_setenv ("DOCKER_HOST", "tcp://engine.example", TRUE);
  g_setenv ("DOCKER_TLS_VERIFY", "1", TRUE);
  g_setenv ("DOCKER_CERT_PATH", certs, TRUE);

  ep = resolve_ok (NULL, "/nonexistent/docker.sock");
  g_assert_true (ep->tls);
  g_assert_true (ep->tls_verify);
  g_assert_cmpstr (ep->host, ==, "tcp://engine.example:2376");
  g_assert_cmpstr (ep->base_url, ==, "https://engine.example:2376");
  g_assert_cmpstr (ep->ca_file, ==, ca);
  g_assert_cmpstr (ep->cert_file, ==, cert);
  g_assert_cmpstr (ep->key_file, ==, key);
  berth_engine_endpoint_free (ep);

  /* Without DOCKER_TLS_VERIFY: plain http on 2375. */
  g_unsetenv ("DOCKER_TLS_VERIFY");
  ep = resolve_ok (NULL, "/nonexistent/docker.sock");
  g_assert_false (ep->tls);
  g_assert_cmpstr (ep->base_url, ==, "http://engine.example:2375");
}

static void
test_tls_context (void)
{
  g_autoptr(BerthEngineEndpoint) ep = NULL;
  g_autofree char *config = g_build_filename (scratch, "config-tls", NULL);

  reset_env ();
  make_context (config, "secure", "tcp://10.0.0.5:2376", TRUE, FALSE);
  make_context (config, "lax", "tcp://10.0.0.6:2376", TRUE, TRUE);
  g_setenv ("DOCKER_CONFIG", config, TRUE);

  g_setenv ("DOCKER_CONTEXT", "secure", TRUE);
  ep = resolve_ok (NULL, "/nonexistent/docker.sock");
  g_assert_true (ep->tls);
  g_assert_true (ep->tls_verify);
  g_assert_cmpstr (ep->base_url, ==, "https://10.0.0.5:2376");
  g_assert_nonnull (ep->ca_file);
  g_assert_true (g_str_has_suffix (ep->ca_file, "/docker/ca.pem"));
  g_assert_nonnull (ep->key_file);
  berth_engine_endpoint_free (ep);

  g_setenv ("DOCKER_CONTEXT", "lax", TRUE);
  ep = resolve_ok (NULL, "/nonexistent/docker.sock");
  g_assert_true (ep->tls);
  g_assert_false (ep->tls_verify);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_build_filename (scratch, "config-err", NULL);
  BerthEngineEndpoint *ep;

  reset_env ();

  ep = berth_engine_endpoint_resolve_full ("ssh://me@host", "/nonexistent", &error);
  g_assert_null (ep);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "not supported yet"));
  g_clear_error (&error);

  ep = berth_engine_endpoint_resolve_full ("docker.sock", "/nonexistent", &error);
  g_assert_null (ep);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  ep = berth_engine_endpoint_resolve_full ("tcp://host:port", "/nonexistent", &error);
  g_assert_null (ep);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  g_setenv ("DOCKER_CONFIG", config, TRUE);
  g_setenv ("DOCKER_CONTEXT", "missing", TRUE);
  ep = berth_engine_endpoint_resolve_full (NULL, "/nonexistent", &error);
  g_assert_null (ep);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "“missing”"));
  g_clear_error (&error);

  /* The engine object refuses the same descriptions. */
  g_assert_null (berth_engine_new ("ssh://me@host", &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED);
}

static void
test_unreachable_message (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = g_strconcat ("unix://", scratch, "/absent/docker.sock", NULL);
  g_autoptr(BerthEngine) engine = berth_engine_new (host, &error);
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (berth_engine_get_endpoint (engine), ==, host);
  g_assert_false (berth_engine_ping_sync (engine, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE);
  expected = g_strdup_printf ("Cannot connect to the Docker engine at %s: No such file or directory", host);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_null (berth_engine_get_api_version (engine));
}

static void
test_query_helpers (void)
{
  g_autoptr(GString) query = g_string_new (NULL);

  berth_engine_query_add (query, "all", "1");
  berth_engine_query_add (query, "name", "a b&c");
  berth_engine_query_add (query, "skipped", NULL);
  g_assert_cmpstr (query->str, ==, "all=1&name=a%20b%26c");

  g_string_truncate (query, 0);
  berth_engine_query_add_filters (query, "label", "com.docker.compose.project=demo",
                                  "type", "container", "label", "x=y", NULL);
  {
    g_autofree char *decoded = g_uri_unescape_string (query->str + strlen ("filters="), NULL);
    g_assert_cmpstr (decoded, ==, "{\"label\":[\"com.docker.compose.project=demo\",\"x=y\"],\"type\":[\"container\"]}");
  }

  g_string_truncate (query, 0);
  berth_engine_query_add_filters (query, "label", NULL, NULL);
  g_assert_cmpstr (query->str, ==, "");
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;

  /* HOME is read once by GLib: fake it before anything asks. */
  scratch = g_dir_make_tmp ("berth-endpoint-XXXXXX", &error);
  g_assert_no_error (error);
  fake_home = g_build_filename (scratch, "home", NULL);
  g_mkdir_with_parents (fake_home, 0700);
  g_setenv ("HOME", fake_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/endpoint/explicit-host-wins", test_explicit_host_wins);
  g_test_add_func ("/engine/endpoint/docker-host-before-context", test_docker_host_before_context);
  g_test_add_func ("/engine/endpoint/docker-context-before-current", test_docker_context_before_current);
  g_test_add_func ("/engine/endpoint/current-context-from-home", test_current_context_from_home);
  g_test_add_func ("/engine/endpoint/default-sockets", test_default_sockets);
  g_test_add_func ("/engine/endpoint/tls-env", test_tls_env);
  g_test_add_func ("/engine/endpoint/tls-context", test_tls_context);
  g_test_add_func ("/engine/endpoint/errors", test_errors);
  g_test_add_func ("/engine/endpoint/unreachable-message", test_unreachable_message);
  g_test_add_func ("/engine/query-helpers", test_query_helpers);

  {
    int ret = g_test_run ();
    const char *rm[] = { "rm", "-rf", scratch, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    return ret;
  }
}
