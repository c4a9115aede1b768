/* berth-migration-node.h: one revision in a BerthMigrationGraph.
 *
 * Nodes are immutable once the graph has been built; the graph is a
 * GListModel of them in drawing order (newest first).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  BERTH_MIGRATION_NODE_NONE         = 0,
  BERTH_MIGRATION_NODE_HEAD         = 1 << 0,  /* no revision names it as parent */
  BERTH_MIGRATION_NODE_BASE         = 1 << 1,  /* down_revision is None */
  BERTH_MIGRATION_NODE_BRANCHPOINT  = 1 << 2,  /* two or more children */
  BERTH_MIGRATION_NODE_MERGEPOINT   = 1 << 3,  /* two or more parents */
  BERTH_MIGRATION_NODE_CURRENT      = 1 << 4,  /* the database is at it */
  BERTH_MIGRATION_NODE_APPLIED      = 1 << 5,  /* current or an ancestor of current */
  BERTH_MIGRATION_NODE_PENDING      = 1 << 6,  /* not applied; `upgrade heads` would apply it */
  BERTH_MIGRATION_NODE_MISSING_FILE = 1 << 7,  /* no file in the project's versions folder */
} BerthMigrationNodeFlags;

#define BERTH_TYPE_MIGRATION_NODE (berth_migration_node_get_type ())
G_DECLARE_FINAL_TYPE (BerthMigrationNode, berth_migration_node, BERTH, MIGRATION_NODE, GObject)

const char             *berth_migration_node_get_revision      (BerthMigrationNode *self);
/* First 12 characters, for display. */
const char             *berth_migration_node_get_short_id      (BerthMigrationNode *self);
const char * const     *berth_migration_node_get_parents       (BerthMigrationNode *self);
const char * const     *berth_migration_node_get_children      (BerthMigrationNode *self);
const char * const     *berth_migration_node_get_branch_labels (BerthMigrationNode *self);
const char * const     *berth_migration_node_get_depends_on    (BerthMigrationNode *self);
const char             *berth_migration_node_get_message       (BerthMigrationNode *self);
/* "Create Date:" as written, or NULL. */
const char             *berth_migration_node_get_date          (BerthMigrationNode *self);
/* Host file, or NULL when missing_file. */
const char             *berth_migration_node_get_path          (BerthMigrationNode *self);
/* Path inside the container when known from `history --verbose`, or NULL. */
const char             *berth_migration_node_get_container_path (BerthMigrationNode *self);
BerthMigrationNodeFlags berth_migration_node_get_flags         (BerthMigrationNode *self);
gboolean                berth_migration_node_has_flag          (BerthMigrationNode      *self,
                                                                BerthMigrationNodeFlags  flag);
/* Position in the drawing: row (0 = top, newest) and lane (column). */
guint                   berth_migration_node_get_row           (BerthMigrationNode *self);
guint                   berth_migration_node_get_lane          (BerthMigrationNode *self);

G_END_DECLS
