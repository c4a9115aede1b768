/* berth-dockerignore.h: .dockerignore matching, as the docker CLI does it
 * (moby/patternmatcher and its ignorefile reader): "#" comments, trimmed
 * lines, cleaned paths, leading "/" dropped, filepath.Match syntax plus
 * "**", "!" exceptions, the last matching pattern wins, and a pattern that
 * matches a parent directory matches everything below it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BerthDockerignore BerthDockerignore;

BerthDockerignore *berth_dockerignore_new             (void);
void               berth_dockerignore_free            (BerthDockerignore  *self);
/* Reads a .dockerignore's text; errors name file and line. */
gboolean           berth_dockerignore_parse           (BerthDockerignore  *self,
                                                       const char         *text,
                                                       const char         *filename,
                                                       GError            **error);
/* One pattern as the matcher takes it ("!" allowed). */
gboolean           berth_dockerignore_add_pattern     (BerthDockerignore  *self,
                                                       const char         *pattern,
                                                       GError            **error);
/* context_dir/.dockerignore, or an empty matcher when there is none. */
BerthDockerignore *berth_dockerignore_load            (const char         *context_dir,
                                                       GError            **error);
/* path: relative, slash-separated.  TRUE when it is excluded. */
gboolean           berth_dockerignore_matches         (BerthDockerignore  *self,
                                                       const char         *path);
gboolean           berth_dockerignore_has_exceptions  (BerthDockerignore  *self);
/* TRUE when some "!" pattern could re-include something below dir. */
gboolean           berth_dockerignore_may_include_below (BerthDockerignore *self,
                                                         const char        *dir);

/* Go's filepath.Clean for slash-separated paths. */
char              *berth_dockerignore_clean_path      (const char         *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthDockerignore, berth_dockerignore_free)

G_END_DECLS
