/* berth-engine-probe.h: ask an engine who it is, off the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "berth-engine-endpoint.h"

G_BEGIN_DECLS

typedef struct
{
  char *endpoint;     /* "unix:///var/run/docker.sock" */
  char *version;      /* the engine's "Version", e.g. "20.10.24+dfsg1" */
  char *api_version;  /* the negotiated API version, e.g. "1.41" */
  char *os_arch;      /* "linux/amd64" */
} BerthEngineProbe;

void              berth_engine_probe_free    (BerthEngineProbe     *probe);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthEngineProbe, berth_engine_probe_free)

/* spec: as berth_engine_new_for_spec() (copied). */
void              berth_engine_probe_async   (const BerthEngineEndpointSpec *spec,
                                              GCancellable                  *cancellable,
                                              GAsyncReadyCallback            callback,
                                              gpointer                       user_data);
BerthEngineProbe *berth_engine_probe_finish  (GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
