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

/* --- explicit endpoints (the Preferences window's modes) --- */

static char *
fixture_config (void)
{
  return berth_test_source_path ("tests", "engine", "docker-config", NULL);
}

static void
test_list_contexts (void)
{
  g_autofree char *config = fixture_config ();
  g_autofree char *empty = g_build_filename (scratch, "config-none", NULL);
  g_auto(GStrv) names = NULL;

  reset_env ();
  g_setenv ("DOCKER_CONFIG", config, TRUE);
  names = berth_engine_endpoint_list_contexts ();
  /* Sorted; the stray directory no name leads to is not a context. */
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "colima");
  g_assert_cmpstr (names[1], ==, "staging");
  g_clear_pointer (&names, g_strfreev);

  g_setenv ("DOCKER_CONFIG", empty, TRUE);
  names = berth_engine_endpoint_list_contexts ();
  g_assert_nonnull (names);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
}

static void
test_context_by_name (void)
{
  g_autofree char *config = fixture_config ();
  g_autofree char *ca = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthEngineEndpoint) ep = NULL;

  reset_env ();
  g_setenv ("DOCKER_CONFIG", config, TRUE);
  /* The name chosen wins over the environment and currentContext. */
  g_setenv ("DOCKER_HOST", "unix:///from/env.sock", TRUE);
  g_setenv ("DOCKER_CONTEXT", "colima", TRUE);

  ep = berth_engine_endpoint_resolve_context ("staging", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ep->host, ==, "tcp://staging.example:2376");
  g_assert_cmpstr (ep->base_url, ==, "https://staging.example:2376");
  g_assert_cmpstr (ep->source, ==, "context staging");
  g_assert_true (ep->tls);
  g_assert_true (ep->tls_verify);
  ca = g_build_filename (config, "contexts", "tls",
                         "e919a75364398a449f860aeadddc57fa0502145a4e63959ddb33c417a48dc0da",
                         "docker", "ca.pem", NULL);
  g_assert_cmpstr (ep->ca_file, ==, ca);
  g_assert_true (g_str_has_suffix (ep->cert_file, "/docker/cert.pem"));
  g_assert_true (g_str_has_suffix (ep->key_file, "/docker/key.pem"));
  berth_engine_endpoint_free (ep);

  ep = berth_engine_endpoint_resolve_context (" colima ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ep->socket_path, ==, "/home/user/.colima/default/docker.sock");
  g_assert_false (ep->tls);
  g_assert_null (ep->ca_file);
  berth_engine_endpoint_free (ep);

  /* "default" is DOCKER_HOST, else the default sockets. */
  ep = berth_engine_endpoint_resolve_context ("default", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ep->host, ==, "unix:///from/env.sock");
  g_assert_cmpstr (ep->source, ==, "context default");
  berth_engine_endpoint_free (ep);
  ep = NULL;

  g_unsetenv ("DOCKER_HOST");
  {
    g_autoptr(BerthEngineEndpointSpec) spec = berth_engine_endpoint_spec_new (BERTH_ENGINE_ENDPOINT_MODE_CONTEXT);
    g_autofree char *system_socket = g_build_filename (scratch, "ctx-default", "docker.sock", NULL);

    spec->context = g_strdup ("default");
    ep = berth_engine_endpoint_resolve_spec_full (spec, system_socket, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ep->socket_path, ==, system_socket);
    g_assert_cmpstr (ep->source, ==, "context default");
  }
}

static void
test_context_unknown (void)
{
  g_autofree char *config = fixture_config ();
  g_autofree char *empty = g_build_filename (scratch, "config-none", NULL);
  g_autofree char *contexts_dir = NULL;
  g_autoptr(GError) error = NULL;

  reset_env ();
  g_setenv ("DOCKER_CONFIG", config, TRUE);
  g_assert_null (berth_engine_endpoint_resolve_context ("prod", &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE);
  /* Which name, where it looked, and what there is instead. */
  g_assert_nonnull (strstr (error->message, "“prod”"));
  contexts_dir = g_build_filename (config, "contexts", NULL);
  g_assert_nonnull (strstr (error->message, contexts_dir));
  g_assert_nonnull (strstr (error->message, "default, colima, staging"));
  g_clear_error (&error);

  g_setenv ("DOCKER_CONFIG", empty, TRUE);
  g_assert_null (berth_engine_endpoint_resolve_context ("prod", &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "has no contexts besides “default”"));
  g_clear_error (&error);

  g_assert_null (berth_engine_endpoint_resolve_context ("  ", &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED);
}

static void
test_socket_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthEngineEndpoint) ep = NULL;

  reset_env ();
  g_setenv ("DOCKER_HOST", "tcp://ignored.example:2375", TRUE);

  ep = berth_engine_endpoint_new_socket (" /run/user/1000/docker.sock ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ep->host, ==, "unix:///run/user/1000/docker.sock");
  g_assert_cmpstr (ep->socket_path, ==, "/run/user/1000/docker.sock");
  g_assert_cmpstr (ep->base_url, ==, "http://localhost");
  g_assert_false (ep->tls);
  berth_engine_endpoint_free (ep);

  ep = berth_engine_endpoint_new_socket ("unix:///var/run/docker.sock", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ep->socket_path, ==, "/var/run/docker.sock");
  berth_engine_endpoint_free (ep);
  ep = NULL;

  g_assert_null (berth_engine_endpoint_new_socket ("docker.sock", &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "“docker.sock” is not absolute"));
  g_clear_error (&error);

  g_assert_null (berth_engine_endpoint_new_socket ("tcp://host:2375", &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  g_assert_null (berth_engine_endpoint_new_socket ("", &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "No socket path"));
}

static void
test_tcp_tls_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthEngineEndpoint) ep = NULL;
  g_autofree char *certs = g_build_filename (scratch, "tcp-certs", NULL);
  g_autofree char *ca = g_build_filename (certs, "ca.pem", NULL);
  g_autofree char *cert = g_build_filename (certs, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (certs, "key.pem", NULL);
  g_autofree char *missing = g_build_filename (certs, "absent-ca.pem", NULL);

  reset_env ();
  write_file (ca, "ca");
  write_file (cert, "cert");
  write_file (key, "key");
  /* The environment's TLS settings are not the chosen ones. */
  g_setenv ("DOCKER_TLS_VERIFY", "1", TRUE);
  g_setenv ("DOCKER_CERT_PATH", "/nonexistent", TRUE);

  ep = berth_engine_endpoint_new_tcp ("tcp://engine.example", ca, cert, key, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (ep->tls);
  g_assert_true (ep->tls_verify);
  g_assert_cmpstr (ep->host, ==, "tcp://engine.example:2376");
  g_assert_cmpstr (ep->base_url, ==, "https://engine.example:2376");
  g_assert_null (ep->socket_path);
  g_assert_cmpstr (ep->ca_file, ==, ca);
  g_assert_cmpstr (ep->cert_file, ==, cert);
  g_assert_cmpstr (ep->key_file, ==, key);
  berth_engine_endpoint_free (ep);

  /* Verification off, a CA still given: TLS without checking. */
  ep = berth_engine_endpoint_new_tcp ("tcp://10.0.0.5:2376", ca, "", NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (ep->tls);
  g_assert_false (ep->tls_verify);
  g_assert_cmpstr (ep->ca_file, ==, ca);
  g_assert_null (ep->cert_file);
  berth_engine_endpoint_free (ep);

  /* Verification on and no files: TLS with the system's CAs. */
  ep = berth_engine_endpoint_new_tcp ("tcp://[::1]:2376", NULL, NULL, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ep->base_url, ==, "https://[::1]:2376");
  g_assert_null (ep->ca_file);
  berth_engine_endpoint_free (ep);

  /* Neither: plain HTTP on 2375. */
  ep = berth_engine_endpoint_new_tcp (" tcp://engine.example ", "", "", "", FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (ep->tls);
  g_assert_cmpstr (ep->base_url, ==, "http://engine.example:2375");
  g_assert_null (ep->ca_file);
  berth_engine_endpoint_free (ep);
  ep = NULL;

  /* A missing file is named. */
  g_assert_null (berth_engine_endpoint_new_tcp ("tcp://engine.example", missing, cert, key, TRUE, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_nonnull (strstr (error->message, "CA certificate"));
  g_clear_error (&error);

  g_assert_null (berth_engine_endpoint_new_tcp ("tcp://engine.example", ca, cert, missing, TRUE, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_nonnull (strstr (error->message, "client key"));
  g_clear_error (&error);

  /* A directory is not a certificate. */
  g_assert_null (berth_engine_endpoint_new_tcp ("tcp://engine.example", NULL, certs, key, TRUE, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, certs));
  g_clear_error (&error);

  /* A certificate without its key. */
  g_assert_null (berth_engine_endpoint_new_tcp ("tcp://engine.example", ca, cert, NULL, TRUE, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, cert));
  g_clear_error (&error);

  g_assert_null (berth_engine_endpoint_new_tcp ("unix:///var/run/docker.sock", NULL, NULL, NULL, TRUE, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  g_assert_null (berth_engine_endpoint_new_tcp ("tcp://engine.example:http", NULL, NULL, NULL, FALSE, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  g_assert_null (berth_engine_endpoint_new_tcp (NULL, NULL, NULL, NULL, FALSE, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "No TCP URL"));
}

static void
test_spec_modes (void)
{
  g_autofree char *config = fixture_config ();
  g_autofree char *system_socket = g_build_filename (scratch, "spec", "docker.sock", NULL);
  g_autoptr(BerthEngineEndpointSpec) spec = berth_engine_endpoint_spec_new (BERTH_ENGINE_ENDPOINT_MODE_AUTOMATIC);
  g_autoptr(BerthEngineEndpointSpec) copy = NULL;
  g_autoptr(BerthEngineEndpoint) ep = NULL;
  g_autoptr(GError) error = NULL;

  reset_env ();
  g_setenv ("DOCKER_CONFIG", config, TRUE);
  g_assert_true (spec->tls_verify);

  /* Every mode's values are kept; only the mode's own are used. */
  spec->socket_path = g_strdup ("/run/chosen.sock");
  spec->tcp_url = g_strdup ("tcp://chosen.example:2375");
  spec->tls_verify = FALSE;
  spec->context = g_strdup ("staging");

  /* Automatic: the fixture's currentContext. */
  ep = berth_engine_endpoint_resolve_spec_full (spec, system_socket, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ep->source, ==, "context colima");
  berth_engine_endpoint_free (ep);

  spec->mode = BERTH_ENGINE_ENDPOINT_MODE_SOCKET;
  ep = berth_engine_endpoint_resolve_spec_full (spec, system_socket, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ep->host, ==, "unix:///run/chosen.sock");
  berth_engine_endpoint_free (ep);

  spec->mode = BERTH_ENGINE_ENDPOINT_MODE_TCP;
  ep = berth_engine_endpoint_resolve_spec_full (spec, system_socket, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ep->base_url, ==, "http://chosen.example:2375");
  berth_engine_endpoint_free (ep);

  spec->mode = BERTH_ENGINE_ENDPOINT_MODE_CONTEXT;
  copy = berth_engine_endpoint_spec_copy (spec);
  g_clear_pointer (&spec->context, g_free);
  ep = berth_engine_endpoint_resolve_spec (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ep->host, ==, "tcp://staging.example:2376");
  berth_engine_endpoint_free (ep);

  spec->mode = BERTH_ENGINE_ENDPOINT_MODE_AUTOMATIC;
  spec->host = g_strdup ("unix:///explicit.sock");
  ep = berth_engine_endpoint_resolve_spec (spec, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ep->source, ==, "-H");
  berth_engine_endpoint_free (ep);
  ep = NULL;

  /* The engine object takes the same specs and refuses the same errors. */
  {
    g_autoptr(BerthEngine) engine = berth_engine_new_for_spec (copy, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (berth_engine_get_endpoint (engine), ==, "tcp://staging.example:2376");
  }
  g_free (copy->context);
  copy->context = g_strdup ("prod");
  g_assert_null (berth_engine_new_for_spec (copy, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE);
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
  g_test_add_func ("/engine/endpoint/list-contexts", test_list_contexts);
  g_test_add_func ("/engine/endpoint/context-by-name", test_context_by_name);
  g_test_add_func ("/engine/endpoint/context-unknown", test_context_unknown);
  g_test_add_func ("/engine/endpoint/socket-path", test_socket_path);
  g_test_add_func ("/engine/endpoint/tcp-tls-files", test_tcp_tls_files);
  g_test_add_func ("/engine/endpoint/spec-modes", test_spec_modes);
  g_test_add_func ("/engine/query-helpers", test_query_helpers);

  {
    int ret = g_test_run ();
    const char *rm[] = { "rm", "-rf", scratch, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    return ret;
  }
}
