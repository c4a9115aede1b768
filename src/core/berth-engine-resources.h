/* berth-engine-resources.h: typed calls on images, networks and volumes.
 *
 * filters are NULL-terminated "key=value" strings ("label=a=b", "name=x").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-engine.h"

G_BEGIN_DECLS

/* images */
JsonArray  *berth_engine_images_list_sync        (BerthEngine        *engine,
                                                  gboolean            all,
                                                  const char * const *filters,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
JsonObject *berth_engine_image_inspect_sync      (BerthEngine        *engine,
                                                  const char         *name,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
gboolean    berth_engine_image_remove_sync       (BerthEngine        *engine,
                                                  const char         *name,
                                                  gboolean            force,
                                                  GCancellable       *cancellable,
                                                  GError            **error);

/* networks */
JsonArray  *berth_engine_networks_list_sync      (BerthEngine        *engine,
                                                  const char * const *filters,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
JsonObject *berth_engine_network_inspect_sync    (BerthEngine        *engine,
                                                  const char         *name,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
/* config: body of POST /networks/create (Name, Driver, Labels, ...).
 * Returns the network id. */
char       *berth_engine_network_create_sync     (BerthEngine        *engine,
                                                  JsonObject         *config,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
gboolean    berth_engine_network_remove_sync     (BerthEngine        *engine,
                                                  const char         *name,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
/* endpoint_config: EndpointSettings (Aliases, IPAMConfig...) or NULL. */
gboolean    berth_engine_network_connect_sync    (BerthEngine        *engine,
                                                  const char         *network,
                                                  const char         *container,
                                                  JsonObject         *endpoint_config,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
gboolean    berth_engine_network_disconnect_sync (BerthEngine        *engine,
                                                  const char         *network,
                                                  const char         *container,
                                                  gboolean            force,
                                                  GCancellable       *cancellable,
                                                  GError            **error);

/* volumes */
JsonArray  *berth_engine_volumes_list_sync       (BerthEngine        *engine,
                                                  const char * const *filters,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
JsonObject *berth_engine_volume_inspect_sync     (BerthEngine        *engine,
                                                  const char         *name,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
/* config: body of POST /volumes/create (Name, Driver, Labels...). */
JsonObject *berth_engine_volume_create_sync      (BerthEngine        *engine,
                                                  JsonObject         *config,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
gboolean    berth_engine_volume_remove_sync      (BerthEngine        *engine,
                                                  const char         *name,
                                                  gboolean            force,
                                                  GCancellable       *cancellable,
                                                  GError            **error);

G_END_DECLS
