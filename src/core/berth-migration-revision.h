/* berth-migration-revision.h: one Alembic revision file, read on the host.
 *
 * The files in migrations/versions/ are Python modules; Berth reads them
 * with a small tolerant tokenizer instead of running Python: the module
 * docstring (message, "Create Date:") and the top-level assignments of
 * revision, down_revision, branch_labels and depends_on, in every form the
 * Alembic templates have written (plain, type-annotated, tuples, lists).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BERTH_MIGRATION_ERROR (berth_migration_error_quark ())

typedef enum
{
  BERTH_MIGRATION_ERROR_PARSE,            /* a revision file could not be read */
  BERTH_MIGRATION_ERROR_NO_MIGRATIONS,    /* no migrations folder */
  BERTH_MIGRATION_ERROR_NO_SERVICE,       /* no migration service / container */
  BERTH_MIGRATION_ERROR_NO_FLASK_APP,     /* FLASK_APP missing in the container */
  BERTH_MIGRATION_ERROR_COMMAND_FAILED,   /* flask db exited non-zero */
  BERTH_MIGRATION_ERROR_UNKNOWN_REVISION, /* "Can't locate revision identified by" */
  BERTH_MIGRATION_ERROR_MULTIPLE_HEADS,
  BERTH_MIGRATION_ERROR_NOT_UP_TO_DATE,
  BERTH_MIGRATION_ERROR_COPY_FAILED,      /* generated file could not be copied out */
} BerthMigrationError;

GQuark berth_migration_error_quark (void);

typedef struct _BerthMigrationRevision BerthMigrationRevision;

struct _BerthMigrationRevision
{
  /*< public, read-only >*/
  char   *revision;       /* "3f2a1b4c5d6e" */
  char  **down_revisions; /* parents; empty for a base, 2+ for a merge */
  char  **branch_labels;  /* never NULL */
  char  **depends_on;     /* never NULL */
  char   *message;        /* first paragraph of the docstring, "" if none */
  char   *doc;            /* the whole docstring, stripped */
  char   *create_date;    /* "2024-01-05 10:11:12.123456" as written, or NULL */
  char   *path;           /* file it was read from, or NULL */
  /*< private >*/
  gatomicrefcount ref_count;
};

#define BERTH_TYPE_MIGRATION_REVISION (berth_migration_revision_get_type ())
GType                   berth_migration_revision_get_type   (void) G_GNUC_CONST;

BerthMigrationRevision *berth_migration_revision_ref        (BerthMigrationRevision *self);
void                    berth_migration_revision_unref      (BerthMigrationRevision *self);

/* Parses the text of a revision file.  path is only used for messages and
 * stored in ->path.  Errors (BERTH_MIGRATION_ERROR_PARSE) name file and
 * line. */
BerthMigrationRevision *berth_migration_revision_parse      (const char             *text,
                                                             gssize                  length,
                                                             const char             *path,
                                                             GError                **error);
BerthMigrationRevision *berth_migration_revision_load       (const char             *path,
                                                             GError                **error);

/* Reads every revision file of a versions folder, in file-name order, the
 * way Alembic picks them (*.py, not __init__.py, not editor lock files).
 * Files that cannot be parsed are skipped and their errors appended to
 * *problems (messages naming the file) when problems is not NULL.
 * Returns an array of BerthMigrationRevision, or NULL with error when the
 * folder cannot be listed. */
GPtrArray              *berth_migration_revision_load_dir   (const char             *versions_dir,
                                                             GPtrArray             **problems,
                                                             GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthMigrationRevision, berth_migration_revision_unref)

G_END_DECLS
