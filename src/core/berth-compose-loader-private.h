/* berth-compose-loader-private.h: one compose file's node tree -> model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-compose-service-private.h"
#include "berth-compose-yaml-private.h"

G_BEGIN_DECLS

/* Port ranges expand to one entry per port; bound what a file may ask for. */
#define BERTH_COMPOSE_MAX_PORTS 65536

typedef struct
{
  const char  *file;          /* interned path of the compose file */
  char        *file_dir;      /* its directory: env_file paths */
  const char  *working_dir;   /* project directory: bind sources, build contexts */
  GHashTable  *env;           /* .env overlaid by the process environment */
  const char  *home;
  GPtrArray   *warnings;      /* char *, "file:line:column: message" */
  GHashTable  *warned_vars;   /* unset variables already warned about */
  guint        ports;         /* port entries so far: ranges expand */
  guint        suggestions;   /* "did you mean" searches so far */
} BerthComposeLoadContext;

typedef struct
{
  char            *name;        /* top-level name:, nullable */
  BerthComposeLoc  name_loc;
  GPtrArray       *services;    /* BerthComposeService, file order */
  GPtrArray       *networks;    /* BerthComposeNetwork (name: raw, nullable) */
  GPtrArray       *volumes;     /* BerthComposeVolume (name: raw, nullable) */
} BerthComposeFileModel;

void     berth_compose_file_model_clear (BerthComposeFileModel *model);

gboolean berth_compose_load_file_model  (BerthComposeLoadContext  *ctx,
                                         BerthYamlNode            *root,
                                         BerthComposeFileModel    *model,
                                         GError                  **error);

/* Value parsers, exposed for tests. */
gboolean berth_compose_parse_duration   (const char *text, gint64 *ns);
gboolean berth_compose_parse_bytes      (const char *text, gint64 *bytes);
/* Levenshtein distance, capped: for "did you mean" suggestions. */
guint    berth_compose_edit_distance    (const char *a, const char *b);

G_END_DECLS
