/* berth-migration-graph-private.h: shared by the graph's source files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-migration-graph.h"
#include "berth-migration-node-private.h"

G_BEGIN_DECLS

struct _BerthMigrationGraph
{
  GObject     parent_instance;

  /* inputs */
  GPtrArray  *revisions;      /* BerthMigrationRevision */
  GPtrArray  *file_problems;  /* char* */
  char      **current;        /* NULL: unknown */
  GPtrArray  *history;        /* BerthMigrationHistoryEntry or NULL */

  /* computed */
  GPtrArray  *nodes;          /* BerthMigrationNode, drawing order */
  GHashTable *by_id;          /* revision -> node (borrowed) */
  GPtrArray  *problems;       /* BerthMigrationProblem */
  GArray     *segments;       /* BerthMigrationSegment */
  GArray     *gap_start;      /* guint: first segment of each gap, n_rows + 1 entries */
  guint       n_lanes;
};

G_END_DECLS
