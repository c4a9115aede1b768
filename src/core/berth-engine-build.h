/* berth-engine-build.h: image builds (POST /build, the classic builder)
 * and pulls (POST /images/create), with their JSON-lines progress decoded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-engine.h"

G_BEGIN_DECLS

typedef enum
{
  BERTH_BUILD_PROGRESS_STREAM,    /* text: builder output, as sent (ends in "\n") */
  BERTH_BUILD_PROGRESS_STEP,      /* text: "Step 2/7 : RUN ...", step, total */
  BERTH_BUILD_PROGRESS_STATUS,    /* text: status of a base image pull, id: layer */
  BERTH_BUILD_PROGRESS_IMAGE_ID,  /* text: the built image's id (aux.ID) */
  BERTH_BUILD_PROGRESS_ERROR,     /* text: errorDetail.message or error */
} BerthBuildProgressKind;

typedef struct
{
  BerthBuildProgressKind  kind;
  char                   *text;
  char                   *id;
  guint                   step;
  guint                   total;
} BerthBuildProgress;

/* One JSON line; NULL with error when it is not a JSON object, NULL
 * without error for an object with nothing to report. */
BerthBuildProgress *berth_build_progress_parse (const char *line,
                                                gssize      len,
                                                GError    **error);
void                berth_build_progress_free  (BerthBuildProgress *progress);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthBuildProgress, berth_build_progress_free)

typedef struct
{
  const char         *dockerfile;    /* relative to the context; NULL: "Dockerfile" */
  const char         *tag;           /* "name:tag" or NULL */
  gboolean            nocache;
  gboolean            pull;          /* always try to pull newer base images */
  gboolean            keep_intermediate; /* rm=false */
  gboolean            forcerm;
  const char * const *buildargs;     /* "KEY=value" */
  const char * const *labels;        /* "key=value" */
  const char         *target;
  const char         *network_mode;
} BerthBuildOptions;

/* Called in the building thread; FALSE cancels the build. */
typedef gboolean (*BerthBuildFunc) (const BerthBuildProgress *progress,
                                    gpointer                  user_data);

/* Builds context_dir (tarred with berth_build_context_create()).  A failed
 * step is BERTH_ENGINE_ERROR_FAILED with the builder's message.
 * image_id (nullable) gets the new image's id. */
gboolean berth_engine_build_sync     (BerthEngine              *engine,
                                      const char               *context_dir,
                                      const BerthBuildOptions  *options,
                                      BerthBuildFunc            func,
                                      gpointer                  user_data,
                                      char                    **image_id,
                                      GCancellable             *cancellable,
                                      GError                  **error);
/* The same from an already-made context tarball. */
gboolean berth_engine_build_tar_sync (BerthEngine              *engine,
                                      GBytes                   *context_tar,
                                      const BerthBuildOptions  *options,
                                      BerthBuildFunc            func,
                                      gpointer                  user_data,
                                      char                    **image_id,
                                      GCancellable             *cancellable,
                                      GError                  **error);

typedef struct
{
  char   *status;    /* "Pulling fs layer", "Downloading", "Pull complete", "Status: ..." */
  char   *id;        /* layer id, or the tag; NULL for global lines */
  char   *progress;  /* the engine's progress bar text, or NULL */
  gint64  current;   /* bytes, -1 when unknown */
  gint64  total;
  char   *error;     /* set on a failure line */
} BerthPullProgress;

BerthPullProgress *berth_pull_progress_parse (const char *line,
                                              gssize      len,
                                              GError    **error);
void               berth_pull_progress_free  (BerthPullProgress *progress);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthPullProgress, berth_pull_progress_free)

typedef gboolean (*BerthPullFunc) (const BerthPullProgress *progress,
                                   gpointer                 user_data);

/* image: "name", "name:tag" or "name@sha256:..." (no tag means "latest").
 * A failure reported in the stream is BERTH_ENGINE_ERROR_FAILED. */
gboolean berth_engine_pull_sync      (BerthEngine    *engine,
                                      const char     *image,
                                      BerthPullFunc   func,
                                      gpointer        user_data,
                                      GCancellable   *cancellable,
                                      GError        **error);

/* Splits an image reference into repository and tag (or digest). */
void     berth_engine_split_image    (const char     *image,
                                      char          **repository,
                                      char          **tag);

G_END_DECLS
