/* berth-migration-locate.h: which service runs the migrations and where
 * its migrations folder is on the host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-compose.h"
#include "berth-migration-revision.h"

G_BEGIN_DECLS

/* The migration service: `requested` when given (an error if the project
 * has no such service), else `api`, else the first service whose build
 * context contains migrations/alembic.ini or migrations/env.py. */
BerthComposeService *berth_migration_find_service (BerthComposeProject  *project,
                                                   const char           *requested,
                                                   GError              **error);

/* The host's migrations folder (the one holding env.py and versions/):
 * <build context of service>/migrations; without a project or a build
 * context, <project_dir>/migrations or <project_dir>/STAR/migrations
 * holding env.py or alembic.ini.  project and service may be NULL. */
char                *berth_migration_find_folder  (const char           *project_dir,
                                                   BerthComposeProject  *project,
                                                   BerthComposeService  *service,
                                                   GError              **error);

G_END_DECLS
