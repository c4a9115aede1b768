/* berth-engine-endpoint.c: resolution of the engine endpoint.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "berth-engine-endpoint-private.h"
#include "berth-engine-private.h"

#define SYSTEM_SOCKET "/var/run/docker.sock"

void
berth_engine_endpoint_free (BerthEngineEndpoint *endpoint)
{
  if (endpoint == NULL)
    return;
  g_free (endpoint->host);
  g_free (endpoint->socket_path);
  g_free (endpoint->base_url);
  g_free (endpoint->source);
  g_free (endpoint->ca_file);
  g_free (endpoint->cert_file);
  g_free (endpoint->key_file);
  g_free (endpoint);
}

BerthEngineEndpoint *
berth_engine_endpoint_copy (const BerthEngineEndpoint *endpoint)
{
  BerthEngineEndpoint *copy = g_new0 (BerthEngineEndpoint, 1);

  copy->host = g_strdup (endpoint->host);
  copy->socket_path = g_strdup (endpoint->socket_path);
  copy->base_url = g_strdup (endpoint->base_url);
  copy->source = g_strdup (endpoint->source);
  copy->tls = endpoint->tls;
  copy->tls_verify = endpoint->tls_verify;
  copy->ca_file = g_strdup (endpoint->ca_file);
  copy->cert_file = g_strdup (endpoint->cert_file);
  copy->key_file = g_strdup (endpoint->key_file);
  return copy;
}

static char *
docker_config_dir (void)
{
  const char *dir = g_getenv ("DOCKER_CONFIG");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  return g_build_filename (g_get_home_dir (), ".docker", NULL);
}

static const char *
nonempty_env (const char *name)
{
  const char *value = g_getenv (name);

  return (value != NULL && *value != '\0') ? value : NULL;
}

static char *
existing_file (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);
  return NULL;
}

/* Parses "unix:///path" or "tcp://host[:port]" (TLS decided by the caller,
 * which only affects the default port and the URL scheme). */
static BerthEngineEndpoint *
parse_host (const char  *host,
            gboolean     tls,
            const char  *source,
            GError     **error)
{
  g_autoptr(BerthEngineEndpoint) endpoint = g_new0 (BerthEngineEndpoint, 1);
  g_autofree char *trimmed = g_strstrip (g_strdup (host));

  endpoint->source = g_strdup (source);

  if (g_str_has_prefix (trimmed, "unix://"))
    {
      const char *path = trimmed + strlen ("unix://");

      if (*path == '\0')
        path = SYSTEM_SOCKET;
      if (*path != '/')
        {
          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
                       _("Invalid engine host “%s” (from %s): a unix socket needs an absolute path, as in unix:///var/run/docker.sock"),
                       host, source);
          return NULL;
        }
      endpoint->socket_path = g_strdup (path);
      endpoint->host = g_strconcat ("unix://", path, NULL);
      endpoint->base_url = g_strdup ("http://localhost");
      return g_steal_pointer (&endpoint);
    }

  if (g_str_has_prefix (trimmed, "tcp://") ||
      g_str_has_prefix (trimmed, "http://") ||
      g_str_has_prefix (trimmed, "https://"))
    {
      const char *rest = strchr (trimmed, ':') + 3;
      g_autofree char *authority = NULL;
      const char *slash = strchr (rest, '/');
      const char *port_sep;
      const char *bracket;

      if (g_str_has_prefix (trimmed, "https://"))
        tls = TRUE;

      authority = slash ? g_strndup (rest, slash - rest) : g_strdup (rest);
      if (*authority == '\0')
        {
          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
                       _("Invalid engine host “%s” (from %s): no host name, as in tcp://HOST:2375"),
                       host, source);
          return NULL;
        }

      /* An IPv6 literal has colons of its own inside the brackets. */
      bracket = strrchr (authority, ']');
      port_sep = strrchr (bracket ? bracket : authority, ':');
      if (port_sep == NULL)
        {
          char *with_port = g_strdup_printf ("%s:%d", authority, tls ? 2376 : 2375);
          g_free (authority);
          authority = with_port;
        }
      else
        {
          const char *p = port_sep + 1;

          if (*p == '\0' || strspn (p, "0123456789") != strlen (p))
            {
              g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
                           _("Invalid engine host “%s” (from %s): the port must be a number"),
                           host, source);
              return NULL;
            }
        }

      endpoint->host = g_strconcat ("tcp://", authority, NULL);
      endpoint->base_url = g_strconcat (tls ? "https://" : "http://", authority, NULL);
      endpoint->tls = tls;
      return g_steal_pointer (&endpoint);
    }

  if (g_str_has_prefix (trimmed, "ssh://"))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
                   _("Engine host “%s” (from %s): ssh:// endpoints are not supported yet; "
                     "forward the remote socket (ssh -L /tmp/docker.sock:/var/run/docker.sock HOST) "
                     "and use unix:///tmp/docker.sock"),
                   host, source);
      return NULL;
    }

  g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
               _("Invalid engine host “%s” (from %s): expected unix:///PATH or tcp://HOST:PORT"),
               host, source);
  return NULL;
}

/* TLS settings of the docker CLI's environment, applied to -H and DOCKER_HOST. */
static void
apply_tls_env (BerthEngineEndpoint *endpoint)
{
  const char *verify = nonempty_env ("DOCKER_TLS_VERIFY");
  const char *cert_path = nonempty_env ("DOCKER_CERT_PATH");
  g_autofree char *dir = NULL;

  if (endpoint->socket_path != NULL || (verify == NULL && !endpoint->tls))
    return;

  dir = cert_path ? g_strdup (cert_path) : docker_config_dir ();
  endpoint->tls_verify = verify != NULL;
  endpoint->ca_file = existing_file (dir, "ca.pem");
  endpoint->cert_file = existing_file (dir, "cert.pem");
  endpoint->key_file = existing_file (dir, "key.pem");
}

static BerthEngineEndpoint *
endpoint_from_host_env (const char  *host,
                        const char  *source,
                        GError     **error)
{
  gboolean tls = nonempty_env ("DOCKER_TLS_VERIFY") != NULL;
  BerthEngineEndpoint *endpoint = parse_host (host, tls, source, error);

  if (endpoint == NULL)
    return NULL;

  if (endpoint->socket_path == NULL && tls && !endpoint->tls)
    {
      /* DOCKER_TLS_VERIFY turns tcp:// into https:// */
      BerthEngineEndpoint *again;

      again = parse_host (host, TRUE, source, error);
      berth_engine_endpoint_free (endpoint);
      endpoint = again;
    }

  apply_tls_env (endpoint);
  return endpoint;
}

static BerthEngineEndpoint *
endpoint_from_context (const char  *name,
                       const char  *source,
                       GError     **error)
{
  g_autofree char *config_dir = docker_config_dir ();
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
  g_autofree char *meta_path = g_build_filename (config_dir, "contexts", "meta", digest, "meta.json", NULL);
  g_autofree char *tls_dir = g_build_filename (config_dir, "contexts", "tls", digest, "docker", NULL);
  g_autofree char *description = g_strdup_printf (_("context “%s” (%s)"), name, source);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(BerthEngineEndpoint) endpoint = NULL;
  JsonNode *root;
  JsonObject *docker = NULL;
  const char *host = NULL;
  gboolean skip_verify = FALSE;

  if (!g_file_test (meta_path, G_FILE_TEST_EXISTS))
    {
      g_auto(GStrv) known = berth_engine_endpoint_list_contexts ();
      g_autofree char *contexts_dir = g_build_filename (config_dir, "contexts", NULL);

      if (known[0] != NULL)
        {
          g_autofree char *list = g_strjoinv (", ", known);

          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE,
                       _("Docker context “%s” (from %s) does not exist in %s; the contexts there are: default, %s"),
                       name, source, contexts_dir, list);
        }
      else
        g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE,
                     _("Docker context “%s” (from %s) does not exist: %s has no contexts besides “default”"),
                     name, source, contexts_dir);
      return NULL;
    }

  if (!json_parser_load_from_file (parser, meta_path, &local_error))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("Cannot read Docker context “%s”: %s: %s"), name, meta_path, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *endpoints = berth_json_object (json_node_get_object (root), "Endpoints");

      if (endpoints != NULL)
        docker = berth_json_object (endpoints, "docker");
    }
  if (docker != NULL)
    {
      host = json_object_get_string_member_with_default (docker, "Host", NULL);
      skip_verify = json_object_get_boolean_member_with_default (docker, "SkipTLSVerify", FALSE);
    }
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("Docker context “%s” has no docker endpoint host in %s"), name, meta_path);
      return NULL;
    }

  {
    g_autofree char *ca = existing_file (tls_dir, "ca.pem");
    g_autofree char *cert = existing_file (tls_dir, "cert.pem");
    g_autofree char *key = existing_file (tls_dir, "key.pem");
    gboolean has_tls = ca != NULL || cert != NULL;

    endpoint = parse_host (host, has_tls, description, error);
    if (endpoint == NULL)
      return NULL;
    if (endpoint->socket_path == NULL && (has_tls || endpoint->tls))
      {
        endpoint->tls = TRUE;
        endpoint->tls_verify = !skip_verify;
        endpoint->ca_file = g_steal_pointer (&ca);
        endpoint->cert_file = g_steal_pointer (&cert);
        endpoint->key_file = g_steal_pointer (&key);
      }
  }

  g_free (endpoint->source);
  endpoint->source = g_strdup_printf ("context %s", name);
  return g_steal_pointer (&endpoint);
}

static char *
current_context_name (void)
{
  g_autofree char *config_dir = docker_config_dir ();
  g_autofree char *path = g_build_filename (config_dir, "config.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  /* An unreadable config.json is the docker CLI's problem to report; we fall
   * back to the default endpoint as it does for a missing one. */
  if (!json_parser_load_from_file (parser, path, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (root),
                                                               "currentContext", NULL));
}

static BerthEngineEndpoint *resolve_default_sockets (const char  *system_socket,
                                                     GError     **error);

BerthEngineEndpoint *
berth_engine_endpoint_resolve_full (const char  *host,
                                    const char  *system_socket,
                                    GError     **error)
{
  const char *env_host = nonempty_env ("DOCKER_HOST");
  const char *env_context = nonempty_env ("DOCKER_CONTEXT");
  g_autofree char *current = NULL;

  if (host != NULL && *host != '\0')
    return endpoint_from_host_env (host, "-H", error);

  if (env_host != NULL)
    return endpoint_from_host_env (env_host, "DOCKER_HOST", error);

  if (env_context != NULL && !g_str_equal (env_context, "default"))
    return endpoint_from_context (env_context, "DOCKER_CONTEXT", error);

  current = current_context_name ();
  if (current != NULL && *current != '\0' && !g_str_equal (current, "default"))
    return endpoint_from_context (current, "currentContext", error);

  return resolve_default_sockets (system_socket, error);
}

/* The endpoint of the docker CLI's "default" context when DOCKER_HOST is
 * not set: the system socket, else the rootless one. */
static BerthEngineEndpoint *
resolve_default_sockets (const char  *system_socket,
                         GError     **error)
{
  g_autofree char *rootless = NULL;
  g_autofree char *system_host = NULL;

  system_host = g_strconcat ("unix://", system_socket, NULL);
  if (g_file_test (system_socket, G_FILE_TEST_EXISTS))
    return parse_host (system_host, FALSE, "default", error);

  if (nonempty_env ("XDG_RUNTIME_DIR") != NULL)
    {
      rootless = g_build_filename (g_getenv ("XDG_RUNTIME_DIR"), "docker.sock", NULL);
      if (g_file_test (rootless, G_FILE_TEST_EXISTS))
        {
          g_autofree char *rootless_host = g_strconcat ("unix://", rootless, NULL);
          return parse_host (rootless_host, FALSE, "default (rootless)", error);
        }
    }

  /* Neither exists: name the system socket, so the error says where we looked. */
  return parse_host (system_host, FALSE, "default", error);
}

BerthEngineEndpoint *
berth_engine_endpoint_resolve (const char  *host,
                               GError     **error)
{
  return berth_engine_endpoint_resolve_full (host, SYSTEM_SOCKET, error);
}

/* --- explicit endpoints (the Preferences window) --- */

BerthEngineEndpointSpec *
berth_engine_endpoint_spec_new (BerthEngineEndpointMode mode)
{
  BerthEngineEndpointSpec *spec = g_new0 (BerthEngineEndpointSpec, 1);

  spec->mode = mode;
  spec->tls_verify = TRUE;
  return spec;
}

BerthEngineEndpointSpec *
berth_engine_endpoint_spec_copy (const BerthEngineEndpointSpec *spec)
{
  BerthEngineEndpointSpec *copy = g_new0 (BerthEngineEndpointSpec, 1);

  copy->mode = spec->mode;
  copy->host = g_strdup (spec->host);
  copy->socket_path = g_strdup (spec->socket_path);
  copy->tcp_url = g_strdup (spec->tcp_url);
  copy->ca_file = g_strdup (spec->ca_file);
  copy->cert_file = g_strdup (spec->cert_file);
  copy->key_file = g_strdup (spec->key_file);
  copy->tls_verify = spec->tls_verify;
  copy->context = g_strdup (spec->context);
  return copy;
}

void
berth_engine_endpoint_spec_free (BerthEngineEndpointSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->host);
  g_free (spec->socket_path);
  g_free (spec->tcp_url);
  g_free (spec->ca_file);
  g_free (spec->cert_file);
  g_free (spec->key_file);
  g_free (spec->context);
  g_free (spec);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  while (g_ascii_isspace (*text))
    text++;
  return *text == '\0';
}

BerthEngineEndpoint *
berth_engine_endpoint_new_socket (const char  *path,
                                  GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *host = NULL;

  if (is_blank (path))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
                   _("No socket path is set: give the engine’s unix socket, as in /var/run/docker.sock"));
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (path));
  if (g_str_has_prefix (trimmed, "unix://"))
    host = g_strdup (trimmed);
  else if (strstr (trimmed, "://") != NULL)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
                   _("“%s” is not a unix socket path: give an absolute path, as in /var/run/docker.sock"),
                   trimmed);
      return NULL;
    }
  else if (!g_path_is_absolute (trimmed))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
                   _("The socket path “%s” is not absolute: give the full path, as in /var/run/docker.sock"),
                   trimmed);
      return NULL;
    }
  else
    host = g_strconcat ("unix://", trimmed, NULL);

  return parse_host (host, FALSE, "socket path", error);
}

typedef enum
{
  TLS_FILE_CA,
  TLS_FILE_CERT,
  TLS_FILE_KEY,
} TlsFile;

/* *out: NULL when the path is unset, else the trimmed path; FALSE with an
 * error naming the path when it is not a file. */
static gboolean
check_tls_file (const char  *path,
                TlsFile      which,
                char       **out,
                GError     **error)
{
  g_autofree char *trimmed = NULL;

  *out = NULL;
  if (is_blank (path))
    return TRUE;

  trimmed = g_strstrip (g_strdup (path));
  if (!g_file_test (trimmed, G_FILE_TEST_EXISTS))
    {
      const char *format[] = {
        N_("The CA certificate file %s does not exist"),
        N_("The client certificate file %s does not exist"),
        N_("The client key file %s does not exist"),
      };

      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE,
                   _(format[which]), trimmed);
      return FALSE;
    }
  if (!g_file_test (trimmed, G_FILE_TEST_IS_REGULAR))
    {
      const char *format[] = {
        N_("The CA certificate file %s is not a regular file"),
        N_("The client certificate file %s is not a regular file"),
        N_("The client key file %s is not a regular file"),
      };

      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE,
                   _(format[which]), trimmed);
      return FALSE;
    }
  *out = g_steal_pointer (&trimmed);
  return TRUE;
}

BerthEngineEndpoint *
berth_engine_endpoint_new_tcp (const char  *url,
                               const char  *ca_file,
                               const char  *cert_file,
                               const char  *key_file,
                               gboolean     verify,
                               GError     **error)
{
  g_autoptr(BerthEngineEndpoint) endpoint = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  gboolean tls;

  if (is_blank (url))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
                   _("No TCP URL is set: give the engine’s address, as in tcp://HOST:2376"));
      return NULL;
    }
  trimmed = g_strstrip (g_strdup (url));
  if (!g_str_has_prefix (trimmed, "tcp://") && !g_str_has_prefix (trimmed, "https://") &&
      !g_str_has_prefix (trimmed, "http://"))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
                   _("Invalid TCP URL “%s”: expected tcp://HOST:PORT"), trimmed);
      return NULL;
    }

  if (!check_tls_file (ca_file, TLS_FILE_CA, &ca, error) ||
      !check_tls_file (cert_file, TLS_FILE_CERT, &cert, error) ||
      !check_tls_file (key_file, TLS_FILE_KEY, &key, error))
    return NULL;
  if ((cert == NULL) != (key == NULL))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
                   cert != NULL ? _("The client certificate %s needs its client key file too")
                                : _("The client key %s needs its client certificate file too"),
                   cert != NULL ? cert : key);
      return NULL;
    }

  tls = verify || ca != NULL || cert != NULL || g_str_has_prefix (trimmed, "https://");
  endpoint = parse_host (trimmed, tls, "TCP URL", error);
  if (endpoint == NULL)
    return NULL;
  if (endpoint->tls)
    {
      endpoint->tls_verify = verify;
      endpoint->ca_file = g_steal_pointer (&ca);
      endpoint->cert_file = g_steal_pointer (&cert);
      endpoint->key_file = g_steal_pointer (&key);
    }
  return g_steal_pointer (&endpoint);
}

static BerthEngineEndpoint *
resolve_context_full (const char  *name,
                      const char  *system_socket,
                      GError     **error)
{
  g_autofree char *trimmed = NULL;
  const char *env_host = nonempty_env ("DOCKER_HOST");
  BerthEngineEndpoint *endpoint;

  if (is_blank (name))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
                   _("No Docker context is chosen"));
      return NULL;
    }
  trimmed = g_strstrip (g_strdup (name));

  if (!g_str_equal (trimmed, "default"))
    return endpoint_from_context (trimmed, _("the settings"), error);

  /* The docker CLI's "default" context is DOCKER_HOST, else the sockets. */
  if (env_host != NULL)
    endpoint = endpoint_from_host_env (env_host, "DOCKER_HOST", error);
  else
    endpoint = resolve_default_sockets (system_socket, error);
  if (endpoint != NULL)
    {
      g_free (endpoint->source);
      endpoint->source = g_strdup ("context default");
    }
  return endpoint;
}

BerthEngineEndpoint *
berth_engine_endpoint_resolve_context (const char  *name,
                                       GError     **error)
{
  return resolve_context_full (name, SYSTEM_SOCKET, error);
}

BerthEngineEndpoint *
berth_engine_endpoint_resolve_spec_full (const BerthEngineEndpointSpec  *spec,
                                         const char                     *system_socket,
                                         GError                        **error)
{
  g_return_val_if_fail (spec != NULL, NULL);

  switch (spec->mode)
    {
    case BERTH_ENGINE_ENDPOINT_MODE_AUTOMATIC:
      return berth_engine_endpoint_resolve_full (spec->host, system_socket, error);
    case BERTH_ENGINE_ENDPOINT_MODE_SOCKET:
      return berth_engine_endpoint_new_socket (spec->socket_path, error);
    case BERTH_ENGINE_ENDPOINT_MODE_TCP:
      return berth_engine_endpoint_new_tcp (spec->tcp_url, spec->ca_file, spec->cert_file,
                                            spec->key_file, spec->tls_verify, error);
    case BERTH_ENGINE_ENDPOINT_MODE_CONTEXT:
      return resolve_context_full (spec->context, system_socket, error);
    default:
      break;
    }

  g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED,
               _("Unknown engine endpoint mode %d"), (int) spec->mode);
  return NULL;
}

BerthEngineEndpoint *
berth_engine_endpoint_resolve_spec (const BerthEngineEndpointSpec  *spec,
                                    GError                        **error)
{
  return berth_engine_endpoint_resolve_spec_full (spec, SYSTEM_SOCKET, error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

char **
berth_engine_endpoint_list_contexts (void)
{
  g_autofree char *config_dir = docker_config_dir ();
  g_autofree char *meta_dir = g_build_filename (config_dir, "contexts", "meta", NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (meta_dir, 0, NULL);
  const char *entry;

  /* No configuration at all is the common case, not an error. */
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *meta_path = g_build_filename (meta_dir, entry, "meta.json", NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;
      const char *name;

      if (!json_parser_load_from_file (parser, meta_path, NULL))
        continue;
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        continue;
      name = json_object_get_string_member_with_default (json_node_get_object (root), "Name", NULL);
      /* The directory is the name's digest: anything else is not the
       * context the name would find. */
      if (name != NULL && *name != '\0' && !g_str_equal (name, "default"))
        {
          g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);

          if (g_str_equal (digest, entry))
            g_ptr_array_add (names, g_strdup (name));
        }
    }

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}
