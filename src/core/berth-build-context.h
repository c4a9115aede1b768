/* berth-build-context.h: the build context tarball sent to POST /build,
 * written with libarchive and filtered by the context's .dockerignore.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* dockerfile: path relative to context_dir (NULL: "Dockerfile").  The
 * Dockerfile and .dockerignore are always sent, whatever .dockerignore
 * says.  Entries are owned by root, with the files' modes and times. */
GBytes *berth_build_context_create (const char    *context_dir,
                                    const char    *dockerfile,
                                    GCancellable  *cancellable,
                                    GError       **error);

/* The same written to an unlinked temporary file: returns its descriptor
 * (positioned at the start; the caller closes it) and its size, or -1. */
int     berth_build_context_create_fd (const char    *context_dir,
                                       const char    *dockerfile,
                                       goffset       *size,
                                       GCancellable  *cancellable,
                                       GError       **error);

G_END_DECLS
