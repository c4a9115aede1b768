/* berth-migration-graph.h: the Alembic revision graph of a project.
 *
 * Built from the revision files on the host (works without any container),
 * optionally overlaid with the database side: the current revision(s) and
 * the history as the container sees it.  The graph is a GListModel of
 * BerthMigrationNode in drawing order (newest first, every child before its
 * parents, like `git log --graph`), with a lane layout for drawing: each
 * node has a lane, and each gap between row r and row r + 1 has segments
 * from a lane at row r to a lane at row r + 1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "berth-migration-node.h"
#include "berth-migration-output.h"
#include "berth-migration-revision.h"

G_BEGIN_DECLS

typedef enum
{
  BERTH_MIGRATION_PROBLEM_UNREADABLE_FILE,  /* a revision file could not be parsed */
  BERTH_MIGRATION_PROBLEM_DUPLICATE,        /* two files define the same revision */
  BERTH_MIGRATION_PROBLEM_UNKNOWN_PARENT,   /* down_revision names no known revision */
  BERTH_MIGRATION_PROBLEM_CYCLE,
  BERTH_MIGRATION_PROBLEM_MULTIPLE_HEADS,   /* fix: merge */
  BERTH_MIGRATION_PROBLEM_UNKNOWN_CURRENT,  /* database at a revision no file defines */
  BERTH_MIGRATION_PROBLEM_NOT_ON_HOST,      /* container has a revision the host lacks */
  BERTH_MIGRATION_PROBLEM_PENDING,          /* revisions not applied */
} BerthMigrationProblemKind;

typedef struct
{
  BerthMigrationProblemKind   kind;
  char                       *message;    /* user-facing, translated */
  char                       *fix;        /* user-facing, translated */
  char                      **revisions;  /* concerned revisions, never NULL */
} BerthMigrationProblem;

#define BERTH_TYPE_MIGRATION_PROBLEM (berth_migration_problem_get_type ())
GType                  berth_migration_problem_get_type (void) G_GNUC_CONST;
BerthMigrationProblem *berth_migration_problem_copy     (const BerthMigrationProblem *self);
void                   berth_migration_problem_free     (BerthMigrationProblem       *self);
/* "multiple_heads", ... as in the JSON output. */
const char            *berth_migration_problem_kind_to_string (BerthMigrationProblemKind kind);

/* One piece of line between row r (from_lane) and row r + 1 (to_lane),
 * part of the edge child -> parent. */
typedef struct
{
  guint       from_lane;
  guint       to_lane;
  const char *child;   /* owned by the graph */
  const char *parent;
} BerthMigrationSegment;

#define BERTH_TYPE_MIGRATION_GRAPH (berth_migration_graph_get_type ())
G_DECLARE_FINAL_TYPE (BerthMigrationGraph, berth_migration_graph, BERTH, MIGRATION_GRAPH, GObject)

/* revisions: BerthMigrationRevision (may be NULL or empty).  file_problems:
 * messages of files that could not be read (may be NULL). */
BerthMigrationGraph *berth_migration_graph_new              (GPtrArray            *revisions,
                                                             GPtrArray            *file_problems);
/* Reads every revision file of versions_dir.  Unreadable files become problems; only a
 * folder that cannot be listed is an error. */
BerthMigrationGraph *berth_migration_graph_new_from_dir     (const char           *versions_dir,
                                                             GError              **error);

/* The database side.  current: the database's revisions (empty for an
 * unversioned database), or NULL for unknown (no container).  history:
 * BerthMigrationHistoryEntry as the container printed them, or NULL.
 * Recomputes flags, order, layout and problems (emits items-changed). */
void                 berth_migration_graph_set_database     (BerthMigrationGraph  *self,
                                                             const char * const   *current,
                                                             GPtrArray            *history);

gboolean             berth_migration_graph_get_database_known (BerthMigrationGraph *self);
/* NULL when unknown. */
const char * const  *berth_migration_graph_get_current      (BerthMigrationGraph  *self);
/* Heads in drawing order. */
char               **berth_migration_graph_dup_heads        (BerthMigrationGraph  *self);
/* Revisions flagged pending, in drawing order (newest first). */
char               **berth_migration_graph_dup_pending      (BerthMigrationGraph  *self);
/* Applied revisions that `downgrade target` would undo, newest first;
 * target "base" or "" undoes everything applied. */
char               **berth_migration_graph_dup_undone_by    (BerthMigrationGraph  *self,
                                                             const char           *target);
BerthMigrationNode  *berth_migration_graph_lookup           (BerthMigrationGraph  *self,
                                                             const char           *revision);
/* BerthMigrationProblem, most serious first. */
GPtrArray           *berth_migration_graph_get_problems     (BerthMigrationGraph  *self);

/* Layout. */
guint                berth_migration_graph_get_n_lanes      (BerthMigrationGraph  *self);
/* Segments between row and row + 1 (n_out = 0 for the last row). */
const BerthMigrationSegment *berth_migration_graph_get_segments (BerthMigrationGraph *self,
                                                                 guint                row,
                                                                 guint               *n_out);

/* The `db history --json` document. */
JsonNode            *berth_migration_graph_to_json          (BerthMigrationGraph  *self);
/* `git log --graph`-like text, one row per revision. */
char                *berth_migration_graph_to_text          (BerthMigrationGraph  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthMigrationProblem, berth_migration_problem_free)

G_END_DECLS
