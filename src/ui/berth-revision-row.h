/* berth-revision-row.h: one revision of the Migrations page: the graph
 * column, the message, badges, short id and date.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "berth-migration-graph.h"
#include "berth-revision-graph-cell.h"

G_BEGIN_DECLS

#define BERTH_TYPE_REVISION_ROW (berth_revision_row_get_type ())
G_DECLARE_FINAL_TYPE (BerthRevisionRow, berth_revision_row, BERTH, REVISION_ROW, GtkWidget)

GtkWidget              *berth_revision_row_new            (void);
/* NULL, NULL to unbind. */
void                    berth_revision_row_set_node       (BerthRevisionRow    *self,
                                                           BerthMigrationGraph *graph,
                                                           BerthMigrationNode  *node);
BerthMigrationNode     *berth_revision_row_get_node       (BerthRevisionRow    *self);
BerthRevisionGraphCell *berth_revision_row_get_graph_cell (BerthRevisionRow    *self);
/* The badges shown, by CSS class ("head", "base", "current", "applied",
 * "pending", "missing-file", "merge", "branch"), in display order. */
char                  **berth_revision_row_dup_badges     (BerthRevisionRow    *self);
const char             *berth_revision_row_get_message_text  (BerthRevisionRow *self);
const char             *berth_revision_row_get_short_id_text (BerthRevisionRow *self);
const char             *berth_revision_row_get_date_text     (BerthRevisionRow *self);

G_END_DECLS
