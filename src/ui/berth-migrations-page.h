/* berth-migrations-page.h: the Migrations page: the revision graph of a
 * project drawn like `git log --graph`, a revision's details and source,
 * and the upgrade, downgrade, stamp and merge actions.
 *
 * The actions do not run anything themselves: each is a BerthWorkflow
 * (berth_workflow_new_migration_op()) emitted as ::run-workflow for the
 * window to run in its workflow panel; the page reloads when it finishes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "berth-compose.h"
#include "berth-engine.h"
#include "berth-migration-graph.h"
#include "berth-migration-runner.h"
#include "berth-service-list.h"
#include "berth-workflow.h"

G_BEGIN_DECLS

#define BERTH_TYPE_MIGRATIONS_PAGE (berth_migrations_page_get_type ())
G_DECLARE_FINAL_TYPE (BerthMigrationsPage, berth_migrations_page, BERTH, MIGRATIONS_PAGE, GtkWidget)

GtkWidget           *berth_migrations_page_new               (void);

/* Files only: the migrations folder (the one holding versions/), or NULL.
 * Forgets any runner. */
void                 berth_migrations_page_set_migrations_dir (BerthMigrationsPage  *self,
                                                               const char           *migrations_dir);
/* Files plus the database side through runner (its folder is used). */
void                 berth_migrations_page_set_runner        (BerthMigrationsPage  *self,
                                                              BerthMigrationRunner *runner);
/* For the window: picks the migration service (service, or the default
 * one when NULL) and its folder; engine NULL reads the files only.
 * project NULL: looks for migrations/ under project_dir. */
void                 berth_migrations_page_set_project       (BerthMigrationsPage  *self,
                                                              BerthEngine          *engine,
                                                              BerthComposeProject  *project,
                                                              const char           *service,
                                                              const char           *project_dir);

/* Follows the migration service's container in list (the project's live
 * service list, or NULL): the database side is read again when it starts,
 * stops or turns healthy. */
void                 berth_migrations_page_set_service_list  (BerthMigrationsPage  *self,
                                                              BerthServiceList     *list);

/* Reads the files again, then the database when there is a runner.  Call
 * it after anything that migrates, upgrades or downgrades; the page also
 * reloads itself after its own actions and when migrations/versions/
 * changes.  ::reloaded is emitted when done. */
void                 berth_migrations_page_reload            (BerthMigrationsPage  *self);
gboolean             berth_migrations_page_is_loading        (BerthMigrationsPage  *self);
/* The graph shown, or NULL. */
BerthMigrationGraph *berth_migrations_page_get_graph         (BerthMigrationsPage  *self);

void                 berth_migrations_page_select_revision   (BerthMigrationsPage  *self,
                                                              const char           *revision);
/* The selected revision, or NULL. */
const char          *berth_migrations_page_get_selected      (BerthMigrationsPage  *self);

G_END_DECLS
