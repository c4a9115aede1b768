/* berth-engine-endpoint-private.h: test seam for endpoint resolution.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-engine-endpoint.h"

G_BEGIN_DECLS

/* As berth_engine_endpoint_resolve(), with the system socket path replaced
 * (the real one is /var/run/docker.sock) so tests can exercise the fallback
 * to the rootless socket. */
BerthEngineEndpoint *berth_engine_endpoint_resolve_full (const char  *host,
                                                         const char  *system_socket,
                                                         GError     **error);

/* As berth_engine_endpoint_resolve_spec(), with that same system socket
 * (automatic mode and the "default" context). */
BerthEngineEndpoint *berth_engine_endpoint_resolve_spec_full (const BerthEngineEndpointSpec  *spec,
                                                              const char                     *system_socket,
                                                              GError                        **error);

G_END_DECLS
