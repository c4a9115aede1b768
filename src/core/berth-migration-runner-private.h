/* berth-migration-runner-private.h: BerthMigrationRunner's state and the
 * helpers its files share (berth-migration-runner.c,
 * berth-migration-runner-generate.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-engine.h"
#include "berth-migration-runner.h"

G_BEGIN_DECLS

struct _BerthMigrationRunner
{
  GObject                 parent_instance;

  BerthEngine            *engine;
  char                   *project_name;
  char                   *service;
  char                   *migrations_dir;

  BerthMigrationLineFunc  line_func;
  gpointer                line_data;
  GDestroyNotify          line_destroy;
};

/* Where the lines of one call go: the sync line function, or the ::line
 * signal on a main context (async). */
typedef struct
{
  BerthMigrationLineFunc  func;
  gpointer                data;
} Sink;

typedef struct
{
  Sink     sink;
  GString *partial[4];
  GString *out;
  GString *err;
  GString *combined;  /* both streams, lines in arrival order */
} Collector;

void      berth_migration_collector_clear     (Collector             *c);
Sink      berth_migration_runner_sync_sink    (BerthMigrationRunner  *self);
/* Runs `flask db ARGS` in the migration service's container and turns a
 * non-zero exit into the error Alembic printed. */
gboolean  berth_migration_runner_run_checked  (BerthMigrationRunner  *self,
                                               Sink                   sink,
                                               const char * const    *args,
                                               Collector             *collector,
                                               char                 **container_out,
                                               GCancellable          *cancellable,
                                               GError               **error);

/* berth-migration-runner-generate.c */
BerthMigrationMigrateResult *berth_migration_runner_migrate_internal (BerthMigrationRunner *self,
                                                                      Sink                  sink,
                                                                      const char           *message,
                                                                      GCancellable         *cancellable,
                                                                      GError              **error);
BerthMigrationMigrateResult *berth_migration_runner_merge_internal   (BerthMigrationRunner *self,
                                                                      Sink                  sink,
                                                                      const char           *message,
                                                                      const char * const   *revisions,
                                                                      GCancellable         *cancellable,
                                                                      GError              **error);

G_END_DECLS
