/* berth-migration-runner.h: `flask db ...` in the migration service's
 * running container.
 *
 * Every command runs through the engine's exec without a TTY, argv passed
 * as a list (a migration message is one argv element, never seen by a
 * shell).  Output is demuxed and delivered line by line, in order: to the
 * line function in the calling thread for the _sync calls, and as the
 * ::line signal on the caller's main context for the _async ones.  The exit
 * code decides success; a failure's GError is the error Alembic printed,
 * in words a user understands (see berth_migration_parse_error()).
 *
 * A revision generated inside a container (migrate, merge) that is not
 * visible in the host's migrations/versions/ (no bind mount) is copied out
 * through the engine's archive API before the call returns; the result
 * says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "berth-compose.h"
#include "berth-engine.h"
#include "berth-engine-logs.h"
#include "berth-migration-graph.h"
#include "berth-migration-output.h"

G_BEGIN_DECLS

typedef void (*BerthMigrationLineFunc) (BerthStreamType  stream,
                                        const char      *line,
                                        gpointer         user_data);

typedef enum
{
  BERTH_MIGRATION_OP_UPGRADE,    /* argument: revision, NULL for "head" */
  BERTH_MIGRATION_OP_DOWNGRADE,  /* argument: revision ("-1", an id, "base") */
  BERTH_MIGRATION_OP_STAMP,      /* argument: revision */
  BERTH_MIGRATION_OP_MIGRATE,    /* argument: message */
  BERTH_MIGRATION_OP_MERGE,      /* argument: message; revisions: what to merge ("heads") */
} BerthMigrationOp;

#define BERTH_TYPE_MIGRATION_RUNNER (berth_migration_runner_get_type ())
G_DECLARE_FINAL_TYPE (BerthMigrationRunner, berth_migration_runner, BERTH, MIGRATION_RUNNER, GObject)

/* project_name: the compose project (com.docker.compose.project label);
 * service: the migration service; migrations_dir: the host's migrations
 * folder (holding versions/). */
BerthMigrationRunner *berth_migration_runner_new             (BerthEngine           *engine,
                                                              const char            *project_name,
                                                              const char            *service,
                                                              const char            *migrations_dir);
/* Picks the service (berth_migration_find_service) and the folder
 * (berth_migration_find_folder) of a loaded project. */
BerthMigrationRunner *berth_migration_runner_new_for_project (BerthEngine           *engine,
                                                              BerthComposeProject   *project,
                                                              const char            *service,
                                                              GError               **error);

const char           *berth_migration_runner_get_service        (BerthMigrationRunner *self);
const char           *berth_migration_runner_get_migrations_dir (BerthMigrationRunner *self);
/* For the _sync calls. */
void                  berth_migration_runner_set_line_func      (BerthMigrationRunner   *self,
                                                                 BerthMigrationLineFunc  func,
                                                                 gpointer                user_data,
                                                                 GDestroyNotify          destroy);

/* The service's running container (id), checked to have FLASK_APP. */
char                 *berth_migration_runner_find_container_sync (BerthMigrationRunner  *self,
                                                                  GCancellable          *cancellable,
                                                                  GError               **error);

/* `flask db ARGS...`.  TRUE when it exited 0.  out/err (nullable) receive
 * the whole stdout/stderr either way. */
gboolean              berth_migration_runner_run_sync       (BerthMigrationRunner  *self,
                                                             const char * const    *args,
                                                             char                 **out,
                                                             char                 **err,
                                                             GCancellable          *cancellable,
                                                             GError               **error);

/* The database's revisions (`current`): an empty array for an
 * unversioned database. */
char                **berth_migration_runner_current_sync   (BerthMigrationRunner  *self,
                                                             GCancellable          *cancellable,
                                                             GError               **error);
/* `history --verbose`: BerthMigrationHistoryEntry, newest first. */
GPtrArray            *berth_migration_runner_history_sync   (BerthMigrationRunner  *self,
                                                             GCancellable          *cancellable,
                                                             GError               **error);
/* `heads`: BerthMigrationHistoryEntry. */
GPtrArray            *berth_migration_runner_heads_sync     (BerthMigrationRunner  *self,
                                                             GCancellable          *cancellable,
                                                             GError               **error);
/* The host's files overlaid with the container's history and current. */
BerthMigrationGraph  *berth_migration_runner_load_graph_sync (BerthMigrationRunner *self,
                                                              GCancellable         *cancellable,
                                                              GError              **error);
/* `check`: *clean FALSE when models and migrations differ; *changes
 * (nullable) receives the detected BerthMigrationChange. */
gboolean              berth_migration_runner_check_sync     (BerthMigrationRunner  *self,
                                                             gboolean              *clean,
                                                             GPtrArray            **changes,
                                                             GCancellable          *cancellable,
                                                             GError               **error);
/* `migrate -m MESSAGE`.  The new file is on the host when this returns. */
BerthMigrationMigrateResult *berth_migration_runner_migrate_sync (BerthMigrationRunner *self,
                                                                  const char           *message,
                                                                  GCancellable         *cancellable,
                                                                  GError              **error);
/* `merge -m MESSAGE REVISIONS...` (revisions NULL: "heads"). */
BerthMigrationMigrateResult *berth_migration_runner_merge_sync   (BerthMigrationRunner *self,
                                                                  const char           *message,
                                                                  const char * const   *revisions,
                                                                  GCancellable         *cancellable,
                                                                  GError              **error);
gboolean              berth_migration_runner_upgrade_sync   (BerthMigrationRunner  *self,
                                                             const char            *revision,
                                                             GCancellable          *cancellable,
                                                             GError               **error);
gboolean              berth_migration_runner_downgrade_sync (BerthMigrationRunner  *self,
                                                             const char            *revision,
                                                             GCancellable          *cancellable,
                                                             GError               **error);
gboolean              berth_migration_runner_stamp_sync     (BerthMigrationRunner  *self,
                                                             const char            *revision,
                                                             GCancellable          *cancellable,
                                                             GError               **error);

/* One operation in the calling thread, its output to line_func (nullable)
 * rather than the runner's own line function, so that a runner shared with
 * other threads can be used.  *migrate_result (nullable) receives
 * migrate's and merge's result. */
gboolean              berth_migration_runner_run_op_sync    (BerthMigrationRunner          *self,
                                                             BerthMigrationOp               op,
                                                             const char                    *argument,
                                                             const char * const            *revisions,
                                                             BerthMigrationLineFunc         line_func,
                                                             gpointer                       line_data,
                                                             BerthMigrationMigrateResult  **migrate_result,
                                                             GCancellable                  *cancellable,
                                                             GError                       **error);

/* For the UI: an operation in a worker thread; ::line is emitted on the
 * caller's thread-default main context, in order, before callback runs. */
void                  berth_migration_runner_run_async      (BerthMigrationRunner  *self,
                                                             BerthMigrationOp       op,
                                                             const char            *argument,
                                                             const char * const    *revisions,
                                                             GCancellable          *cancellable,
                                                             GAsyncReadyCallback    callback,
                                                             gpointer               user_data);
/* *result (nullable) receives migrate's and merge's result. */
gboolean              berth_migration_runner_run_finish     (BerthMigrationRunner          *self,
                                                             GAsyncResult                  *result,
                                                             BerthMigrationMigrateResult  **migrate_result,
                                                             GError                       **error);
void                  berth_migration_runner_load_graph_async  (BerthMigrationRunner *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
BerthMigrationGraph  *berth_migration_runner_load_graph_finish (BerthMigrationRunner *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

G_END_DECLS
