/* berth-compose-loader-private.h: one compose file's node tree -> model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-compose-service-private.h"
#include "berth-compose-yaml-private.h"

G_BEGIN_DECLS

/* Port ranges expand to one entry per port; bound what a file may ask for. */
#define BERTH_COMPOSE_MAX_PORTS 16384

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

/* ---- shared by the loader's files (berth-compose-loader-*.c) ---------- */

typedef BerthComposeLoadContext Ctx;
typedef BerthYamlNode Node;

gboolean        berth_compose_load_fail            (GError **error, int code, const Node *node,
                                                    const char *format, ...) G_GNUC_PRINTF (4, 5);
void            berth_compose_load_warn            (Ctx *ctx, const Node *node,
                                                    const char *format, ...) G_GNUC_PRINTF (3, 4);
BerthComposeLoc berth_compose_load_loc_of          (const Node *node);
/* Warns about keys outside supported: "ignored by Berth" for ignored ones,
 * a "did you mean" for unknown ones; silent and x- keys pass.  path NULL:
 * the top level. */
void            berth_compose_load_check_keys      (Ctx *ctx, const Node *map, const char *path,
                                                    const char * const *supported,
                                                    const char * const *ignored,
                                                    const char * const *silent);
/* The interpolated text of a scalar; *out NULL for a YAML null. */
gboolean        berth_compose_load_scalar          (Ctx *ctx, const Node *node, const char *path,
                                                    char **out, GError **error);
gboolean        berth_compose_load_required_string (Ctx *ctx, const Node *node, const char *path,
                                                    char **out, GError **error);
gboolean        berth_compose_load_boolean         (Ctx *ctx, const Node *node, const char *path,
                                                    gboolean *out, GError **error);
gboolean        berth_compose_load_integer         (Ctx *ctx, const Node *node, const char *path,
                                                    gint64 min, gint64 max, gint64 *out, GError **error);
gboolean        berth_compose_load_duration        (Ctx *ctx, const Node *node, const char *path,
                                                    gint64 *out, GError **error);
gboolean        berth_compose_load_bytes           (Ctx *ctx, const Node *node, const char *path,
                                                    gint64 *out, GError **error);
gboolean        berth_compose_load_expect          (const Node *node, BerthYamlKind kind, const char *path,
                                                    GError **error);
gboolean        berth_compose_load_string_list     (Ctx *ctx, const Node *node, const char *path,
                                                    gboolean allow_string, char ***out, GError **error);
/* A list, or a string split the way a shell would. */
gboolean        berth_compose_load_command_list    (Ctx *ctx, const Node *node, const char *path,
                                                    char ***out, GError **error);
/* A mapping or a list of KEY=VALUE; bare_null: a bare KEY has no value
 * rather than ""; resolve_bare: a bare KEY takes the environment's value. */
gboolean        berth_compose_load_key_values      (Ctx *ctx, const Node *node, const char *path,
                                                    gboolean bare_null, gboolean resolve_bare,
                                                    GPtrArray **out, GError **error);
char           *berth_compose_load_resolve_path    (Ctx *ctx, const char *base, const char *path);
gboolean        berth_compose_load_is_remote_context (const char *s);

/* A service or volume name: [a-zA-Z0-9][a-zA-Z0-9_.-]* */
gboolean berth_compose_valid_name             (const char *s);
gboolean berth_compose_parse_ports            (Ctx *ctx, const Node *node, const char *path,
                                               GPtrArray **out, GError **error);
gboolean berth_compose_parse_volumes          (Ctx *ctx, const Node *node, const char *path,
                                               GPtrArray **out, GError **error);
gboolean berth_compose_parse_service_networks (Ctx *ctx, const Node *node, const char *path,
                                               GPtrArray **out, GError **error);
gboolean berth_compose_parse_depends_on       (Ctx *ctx, const Node *node, const char *path,
                                               GPtrArray **out, GError **error);
gboolean berth_compose_parse_healthcheck      (Ctx *ctx, const Node *node, const char *path,
                                               BerthComposeHealthcheck **out, GError **error);
gboolean berth_compose_parse_build            (Ctx *ctx, const Node *node, const char *path,
                                               BerthComposeBuild **out, GError **error);
gboolean berth_compose_parse_ulimits          (Ctx *ctx, const Node *node, const char *path,
                                               GPtrArray **out, GError **error);
gboolean berth_compose_parse_logging          (Ctx *ctx, const Node *node, const char *path,
                                               BerthComposeLogging **out, GError **error);
gboolean berth_compose_parse_extra_hosts      (Ctx *ctx, const Node *node, const char *path,
                                               char ***out, GError **error);
gboolean berth_compose_parse_env_files        (Ctx *ctx, const Node *node, const char *path,
                                               BerthComposeService *svc, GError **error);

G_END_DECLS
