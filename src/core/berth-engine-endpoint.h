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

G_END_DECLS
