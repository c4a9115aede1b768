/* berth-migration-output-private.h: parsers of Flask-Migrate/Alembic output.
 *
 * Seam for the fixture tests in tests/migrations/.  Input is the text the
 * command wrote (stdout, or stdout and stderr interleaved for migrate and for
 * errors), written with stdin not a terminal so that Alembic does not wrap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-migration-output.h"

G_BEGIN_DECLS

/* `history`, plain (one line per revision, newest first) or --verbose
 * (blocks starting with "Rev: ").  Log lines are ignored.  Returns
 * BerthMigrationHistoryEntry in output order; lines that belong to a
 * multi-line first paragraph are appended to the entry's message. */
GPtrArray *berth_migration_parse_history  (const char *text);

/* `current` and `heads` (plain or verbose): one entry per revision,
 * parents NULL for the plain form.  An empty array means an unversioned
 * database (current) or no revision (heads). */
GPtrArray *berth_migration_parse_revisions (const char *text);

/* `branches`: one entry per branch point, branches_into filled. */
GPtrArray *berth_migration_parse_branches (const char *text);

/* "LEVEL [logger] message" (Alembic/Flask-Migrate logging).  Level as
 * printed ("INFO", "WARNI", "ERROR"); FALSE for other lines. */
gboolean   berth_migration_parse_log_line (const char  *line,
                                           char       **level,
                                           char       **logger,
                                           char       **message);

/* A "Detected ..." message (without the log prefix) as a change. */
BerthMigrationChange *berth_migration_parse_change (const char *message);

/* `migrate` output, stdout and stderr lines in the order they came. */
BerthMigrationMigrateResult *berth_migration_parse_migrate (const char *text);

/* "Running upgrade a -> b, msg" (also downgrade, stamp_revision): FALSE
 * for other lines.  from is "" for the base. */
gboolean   berth_migration_parse_step     (const char  *line,
                                           char       **kind,
                                           char       **from,
                                           char       **to,
                                           char       **message);

/* Recognizes the error that made a `flask db` command fail in its output
 * and returns it as a GError in BERTH_MIGRATION_ERROR with a message a user
 * understands (UNKNOWN_REVISION, MULTIPLE_HEADS, NOT_UP_TO_DATE,
 * NO_FLASK_APP, else COMMAND_FAILED); NULL when none is found.  For
 * UNKNOWN_REVISION, *revision (if not NULL) receives the id. */
GError    *berth_migration_parse_error    (const char  *text,
                                           char       **revision);

/* "No new upgrade operations detected." -> TRUE. */
gboolean   berth_migration_parse_check_clean (const char *text);

G_END_DECLS
