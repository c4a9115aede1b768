/* berth-test.h: helpers shared by Berth's C tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The isolated engine started by tests/run (BERTH_TEST_DOCKER_HOST).  A test
 * that needs the engine calls this first: without one it fails, it is never
 * skipped. */
const char *berth_test_engine_host (void);

/* Absolute paths into the source tree and the build tree. */
char *berth_test_source_path (const char *first, ...) G_GNUC_NULL_TERMINATED;
char *berth_test_build_path  (const char *first, ...) G_GNUC_NULL_TERMINATED;

/* The berth-cli binary under test. */
const char *berth_test_cli (void);

/* Run argv, capturing stdout/stderr and the exit status (not the wait status). */
gboolean berth_test_run (const char * const *argv,
                         char              **out,
                         char              **err,
                         int                *exit_code,
                         GError            **error);

G_END_DECLS
