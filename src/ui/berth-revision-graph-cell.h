/* berth-revision-graph-cell.h: the graph column of one revision row, drawn
 * like `git log --graph` from the lane layout of a BerthMigrationGraph.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "berth-migration-graph.h"

G_BEGIN_DECLS

#define BERTH_TYPE_REVISION_GRAPH_CELL (berth_revision_graph_cell_get_type ())
G_DECLARE_FINAL_TYPE (BerthRevisionGraphCell, berth_revision_graph_cell, BERTH, REVISION_GRAPH_CELL, GtkWidget)

GtkWidget          *berth_revision_graph_cell_new      (void);
/* graph and node NULL: draws nothing. */
void                berth_revision_graph_cell_set_node (BerthRevisionGraphCell *self,
                                                        BerthMigrationGraph    *graph,
                                                        BerthMigrationNode     *node);
BerthMigrationNode *berth_revision_graph_cell_get_node (BerthRevisionGraphCell *self);
/* The lane the node's dot is drawn in, and the number of lanes drawn. */
guint               berth_revision_graph_cell_get_lane    (BerthRevisionGraphCell *self);
guint               berth_revision_graph_cell_get_n_lanes (BerthRevisionGraphCell *self);
/* How many line pieces enter the row from above and leave it below. */
guint               berth_revision_graph_cell_get_n_lines_above (BerthRevisionGraphCell *self);
guint               berth_revision_graph_cell_get_n_lines_below (BerthRevisionGraphCell *self);

G_END_DECLS
