/* berth-migration-output.h: what `flask db ...` printed, as data.
 *
 * The parsers themselves are in berth-migration-output-private.h; these are
 * the results that the graph and the runner hand around.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "berth-migration-revision.h"

G_BEGIN_DECLS

typedef enum
{
  BERTH_MIGRATION_MARK_NONE           = 0,
  BERTH_MIGRATION_MARK_HEAD           = 1 << 0,
  BERTH_MIGRATION_MARK_EFFECTIVE_HEAD = 1 << 1,
  BERTH_MIGRATION_MARK_CURRENT        = 1 << 2,
  BERTH_MIGRATION_MARK_BRANCHPOINT    = 1 << 3,
  BERTH_MIGRATION_MARK_MERGEPOINT     = 1 << 4,
} BerthMigrationMarks;

/* One revision as `history`, `current`, `heads` or `branches` printed it. */
typedef struct
{
  char                *revision;
  char               **parents;        /* empty for <base>; NULL when not printed (current, heads) */
  char               **dependencies;   /* never NULL */
  char               **branch_labels;  /* never NULL */
  char               **branches_into;  /* never NULL (verbose history, branches) */
  BerthMigrationMarks  marks;
  char                *message;        /* first docstring paragraph, or NULL */
  char                *doc;            /* whole docstring (verbose), or NULL */
  char                *path;           /* file path in the container (verbose), or NULL */
  char                *create_date;    /* verbose only, or NULL */
} BerthMigrationHistoryEntry;

#define BERTH_TYPE_MIGRATION_HISTORY_ENTRY (berth_migration_history_entry_get_type ())
GType                       berth_migration_history_entry_get_type (void) G_GNUC_CONST;
BerthMigrationHistoryEntry *berth_migration_history_entry_copy     (const BerthMigrationHistoryEntry *self);
void                        berth_migration_history_entry_free     (BerthMigrationHistoryEntry       *self);

typedef enum
{
  BERTH_MIGRATION_CHANGE_ADDED,
  BERTH_MIGRATION_CHANGE_REMOVED,
  BERTH_MIGRATION_CHANGE_CHANGED,
} BerthMigrationChangeKind;

/* One "Detected ..." line of autogenerate. */
typedef struct
{
  BerthMigrationChangeKind  kind;
  char                     *object;       /* "column", "table", "index", "type", "nullable"... */
  char                     *target;       /* "users.is_admin", or NULL */
  char                     *description;  /* "added column 'users.is_admin'" */
} BerthMigrationChange;

#define BERTH_TYPE_MIGRATION_CHANGE (berth_migration_change_get_type ())
GType                 berth_migration_change_get_type (void) G_GNUC_CONST;
BerthMigrationChange *berth_migration_change_copy     (const BerthMigrationChange *self);
void                  berth_migration_change_free     (BerthMigrationChange       *self);

/* The result of `flask db migrate`. */
typedef struct
{
  gboolean   no_changes;      /* "No changes in schema detected." */
  char      *generated_path;  /* path as the container printed it, or NULL */
  char      *revision;        /* the new revision id, or NULL */
  GPtrArray *changes;         /* BerthMigrationChange, in output order */
  char      *host_path;       /* where the file is on the host (runner), or NULL */
  gboolean   copied;          /* the runner copied it out of the container */
} BerthMigrationMigrateResult;

#define BERTH_TYPE_MIGRATION_MIGRATE_RESULT (berth_migration_migrate_result_get_type ())
GType                        berth_migration_migrate_result_get_type (void) G_GNUC_CONST;
BerthMigrationMigrateResult *berth_migration_migrate_result_new      (void);
BerthMigrationMigrateResult *berth_migration_migrate_result_copy     (const BerthMigrationMigrateResult *self);
void                         berth_migration_migrate_result_free     (BerthMigrationMigrateResult       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthMigrationHistoryEntry, berth_migration_history_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthMigrationChange, berth_migration_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthMigrationMigrateResult, berth_migration_migrate_result_free)

G_END_DECLS
