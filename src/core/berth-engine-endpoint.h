/* berth-engine-endpoint.h: where the Docker engine is, resolved the way the
 * docker CLI does it (-H, DOCKER_HOST, DOCKER_CONTEXT, currentContext, the
 * system socket, the rootless socket).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char     *host;         /* normalised: "unix:///path" or "tcp://host:port" */
  char     *socket_path;  /* unix transport only, else NULL */
  char     *base_url;     /* "http://localhost", "https://host:2376" */
  char     *source;       /* where it came from: "-H", "DOCKER_HOST", "context NAME", "default" */
  gboolean  tls;
  gboolean  tls_verify;
  char     *ca_file;      /* NULL: system CAs */
  char     *cert_file;    /* client certificate, or NULL */
  char     *key_file;
} BerthEngineEndpoint;

/* host: an explicit endpoint (CLI -H, project setting) or NULL to resolve
 * from the environment and the docker CLI configuration. */
BerthEngineEndpoint *berth_engine_endpoint_resolve (const char           *host,
                                                    GError              **error);
BerthEngineEndpoint *berth_engine_endpoint_copy    (const BerthEngineEndpoint *endpoint);
void                 berth_engine_endpoint_free    (BerthEngineEndpoint  *endpoint);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthEngineEndpoint, berth_engine_endpoint_free)

/* An endpoint chosen explicitly (the Preferences window): the values match
 * the nicks of the org.berth.Berth.EngineMode enum of the GSettings schema. */
typedef enum
{
  BERTH_ENGINE_ENDPOINT_MODE_AUTOMATIC = 0,  /* like the docker CLI */
  BERTH_ENGINE_ENDPOINT_MODE_SOCKET    = 1,  /* a unix socket */
  BERTH_ENGINE_ENDPOINT_MODE_TCP       = 2,  /* tcp://host:port, TLS files optional */
  BERTH_ENGINE_ENDPOINT_MODE_CONTEXT   = 3,  /* a docker context by name */
} BerthEngineEndpointMode;

typedef struct
{
  BerthEngineEndpointMode  mode;
  char                    *host;         /* AUTOMATIC: an explicit host (-H) or NULL */
  char                    *socket_path;  /* SOCKET: "/path" or "unix:///path" */
  char                    *tcp_url;      /* TCP: "tcp://host[:port]" or "https://..." */
  char                    *ca_file;      /* TCP: NULL or "" for none */
  char                    *cert_file;
  char                    *key_file;
  gboolean                 tls_verify;   /* TCP: verify the server's certificate */
  char                    *context;      /* CONTEXT: the name; "default" is the default endpoint */
} BerthEngineEndpointSpec;

BerthEngineEndpointSpec *berth_engine_endpoint_spec_new  (BerthEngineEndpointMode        mode);
BerthEngineEndpointSpec *berth_engine_endpoint_spec_copy (const BerthEngineEndpointSpec *spec);
void                     berth_engine_endpoint_spec_free (BerthEngineEndpointSpec       *spec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthEngineEndpointSpec, berth_engine_endpoint_spec_free)

/* Resolves the spec with the functions below (AUTOMATIC: as
 * berth_engine_endpoint_resolve (spec->host)). */
BerthEngineEndpoint *berth_engine_endpoint_resolve_spec    (const BerthEngineEndpointSpec *spec,
                                                            GError                       **error);
/* path: absolute, with or without "unix://". */
BerthEngineEndpoint *berth_engine_endpoint_new_socket      (const char  *path,
                                                            GError     **error);
/* url: tcp://host[:port] (https:// too).  TLS is used when verify is TRUE,
 * any file is given or the URL is https://; without TLS the default port is
 * 2375, with it 2376.  Given files must exist; a certificate needs its key. */
BerthEngineEndpoint *berth_engine_endpoint_new_tcp         (const char  *url,
                                                            const char  *ca_file,
                                                            const char  *cert_file,
                                                            const char  *key_file,
                                                            gboolean     verify,
                                                            GError     **error);
/* A context of the docker CLI configuration (DOCKER_CONFIG or ~/.docker),
 * read as DOCKER_CONTEXT is; "default" is DOCKER_HOST or the default
 * sockets.  An unknown name's error lists the contexts that exist. */
BerthEngineEndpoint *berth_engine_endpoint_resolve_context (const char  *name,
                                                            GError     **error);
/* The names of the contexts in the docker CLI configuration, sorted,
 * without "default"; never NULL. */
char               **berth_engine_endpoint_list_contexts   (void);

G_END_DECLS
