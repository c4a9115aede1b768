/* berth-migration-node-private.h: what BerthMigrationGraph fills in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-migration-node.h"

G_BEGIN_DECLS

struct _BerthMigrationNode
{
  GObject                  parent_instance;

  char                    *revision;
  char                    *short_id;
  GPtrArray               *parents;        /* char*, NULL-terminated view kept */
  GPtrArray               *children;
  char                   **branch_labels;
  char                   **depends_on;
  char                    *message;
  char                    *date;
  char                    *path;
  char                    *container_path;
  BerthMigrationNodeFlags  flags;
  guint                    row;
  guint                    lane;

  /* scratch for the graph's algorithms */
  guint                    pending_children;
  gboolean                 emitted;
  gboolean                 known;          /* defined by a file or by history */
};

BerthMigrationNode *berth_migration_node_new        (const char         *revision);
void                berth_migration_node_add_parent (BerthMigrationNode *self,
                                                     const char         *parent);
void                berth_migration_node_add_child  (BerthMigrationNode *self,
                                                     const char         *child);

G_END_DECLS
