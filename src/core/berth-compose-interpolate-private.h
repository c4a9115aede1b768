/* berth-compose-interpolate-private.h: ${VAR} interpolation and .env files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns the value of name, or NULL when it is unset. */
typedef const char *(*BerthComposeLookupFunc) (const char *name,
                                               gpointer    user_data);

/* Interpolates $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e},
 * ${VAR:+a}, ${VAR+a} and $$.  Names of unset variables used without a
 * default are appended to unset (nullable).  Errors carry no location:
 * the caller prefixes it. */
char      *berth_compose_interpolate (const char              *input,
                                      BerthComposeLookupFunc   lookup,
                                      gpointer                 user_data,
                                      GPtrArray               *unset,
                                      GError                 **error);

/* Parses a .env / env_file: KEY=VALUE lines, # comments, "export "
 * prefixes, single quotes (literal) and double quotes (escapes).  Unquoted
 * and double-quoted values are interpolated with lookup (nullable) and the
 * earlier entries of the file.  Returns key, value, key, value... strings.
 * Errors are "file:line:column: message". */
GPtrArray *berth_compose_parse_env  (const char              *file,
                                     const char              *data,
                                     BerthComposeLookupFunc   lookup,
                                     gpointer                 user_data,
                                     GError                 **error);

G_END_DECLS
