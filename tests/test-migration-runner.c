/* test-migration-runner.c: BerthMigrationRunner on the test engine with
 * plain containers (suite engine; the real Flask-Migrate runs in the demo
 * suite).  A stand-in `flask` script in the container prints what Alembic
 * prints and records its argv, so that container lookup, FLASK_APP, argv
 * passing, demuxed line delivery (sync and async), copying a generated
 * file out through the archive API, and error mapping are checked against
 * a real dockerd.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "berth-test.h"
#include "berth-engine.h"
#include "berth-engine-containers.h"
#include "berth-migration-runner.h"

#define NASTY "q\"uote's $(touch /tmp/pwned) `id` ; rm -rf / #\nsecond line"

static const char fake_flask[] =
  "#!/bin/sh\n"
  "[ \"$1\" = db ] || exit 2\n"
  "shift\n"
  "cmd=\"$1\"; shift\n"
  "[ \"$1\" = -- ] && shift\n"
  "case \"$cmd\" in\n"
  "current)\n"
  "  echo 'INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.' >&2\n"
  "  echo 'abc123abc123 (head)' ;;\n"
  "history)\n"
  "  printf 'Rev: abc123abc123 (head)\\nParent: <base>\\nPath: /app/migrations/versions/abc123abc123_first.py\\n\\n    first\\n\\n    Revision ID: abc123abc123\\n    Create Date: 2030-01-01 00:00:00\\n\\n' ;;\n"
  "migrate)\n"
  "  f=/app/migrations/versions/def456def456_generated.py\n"
  "  { printf '\"\"\"%s\\n\\nRevision ID: def456def456\\n\"\"\"\\n' \"$2\"\n"
  "    printf \"revision = 'def456def456'\\ndown_revision = 'abc123abc123'\\n# argv:\"\n"
  "    for a in migrate \"$@\"; do printf ' [%s]' \"$a\"; done; printf '\\n'; } > \"$f\"\n"
  "  i=1; while [ $i -le 200 ]; do echo \"out $i\"; echo \"err $i\" >&2; i=$((i+1)); done\n"
  "  echo \"INFO  [alembic.autogenerate.compare] Detected added column 'users.x'\" >&2\n"
  "  echo \"Generating $f ...  done\" ;;\n"
  "upgrade)\n"
  "  echo \"ERROR [flask_migrate] Error: Can't locate revision identified by '$1'\" >&2; exit 1 ;;\n"
  "*) echo \"boom: $cmd\" >&2; exit 3 ;;\n"
  "esac\n";

typedef struct
{
  BerthEngine *engine;
  char        *project;
  char        *with_app;     /* container ids */
  char        *without_app;
  char        *tmp;
  char        *migrations;   /* host folder with an empty versions/ */
} Fixture;

static char *
start_container (Fixture *f, const char *service, gboolean flask_app)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%s-%s-1", f->project, service);
  g_autofree char *fake = g_strdup_printf ("FAKE=%s", fake_flask);
  char *id;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Image");
  json_builder_add_string_value (b, "debian:bookworm-slim");
  json_builder_set_member_name (b, "Cmd");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "sh");
  json_builder_add_string_value (b, "-c");
  json_builder_add_string_value (b, "printf '%s' \"$FAKE\" > /usr/local/bin/flask && chmod +x /usr/local/bin/flask "
                                    "&& mkdir -p /app/migrations/versions && exec sleep 600");
  json_builder_end_array (b);
  json_builder_set_member_name (b, "Env");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, fake);
  if (flask_app)
    json_builder_add_string_value (b, "FLASK_APP=probeops:create_app");
  json_builder_end_array (b);
  json_builder_set_member_name (b, "StopSignal");
  json_builder_add_string_value (b, "SIGKILL");
  /* A test that aborts before its teardown leaks nothing for long. */
  json_builder_set_member_name (b, "HostConfig");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "AutoRemove");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "Labels");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "com.docker.compose.project");
  json_builder_add_string_value (b, f->project);
  json_builder_set_member_name (b, "com.docker.compose.service");
  json_builder_add_string_value (b, service);
  json_builder_set_member_name (b, "com.docker.compose.container-number");
  json_builder_add_string_value (b, "1");
  json_builder_set_member_name (b, "com.docker.compose.oneoff");
  json_builder_add_string_value (b, "False");
  json_builder_end_object (b);
  json_builder_end_object (b);
  node = json_builder_get_root (b);

  id = berth_engine_container_create_sync (f->engine, name, json_node_get_object (node), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (berth_engine_container_start_sync (f->engine, id, NULL, &error));
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *versions = NULL;

  f->engine = berth_engine_new (berth_test_engine_host (), &error);
  g_assert_no_error (error);
  f->project = g_strdup_printf ("berth-test-migrunner-%08x", g_random_int ());
  f->with_app = start_container (f, "api", TRUE);
  f->without_app = start_container (f, "noenv", FALSE);
  f->tmp = g_dir_make_tmp ("berth-test-migrunner-XXXXXX", &error);
  g_assert_no_error (error);
  f->migrations = g_build_filename (f->tmp, "migrations", NULL);
  versions = g_build_filename (f->migrations, "versions", NULL);
  g_assert_cmpint (g_mkdir_with_parents (versions, 0755), ==, 0);

  /* The container writes its script before anything can exec in it. */
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(JsonObject) inspect = berth_engine_container_inspect_sync (f->engine, f->with_app, NULL, NULL);
      if (inspect != NULL &&
          json_object_get_boolean_member (json_object_get_object_member (inspect, "State"), "Running"))
        break;
      g_usleep (G_USEC_PER_SEC / 10);
    }
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  const char *ids[] = { f->with_app, f->without_app };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) error = NULL;

      /* AutoRemove may already be removing it. */
      if (!berth_engine_container_remove_sync (f->engine, ids[i], TRUE, TRUE, NULL, &error) &&
          !g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND) &&
          !g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT))
        g_assert_no_error (error);
    }
  {
    g_autofree char *rm = g_find_program_in_path ("rm");
    const char *argv[] = { rm, "-rf", f->tmp, NULL };
    int code = 0;

    berth_test_run (argv, NULL, NULL, &code, NULL);
  }
  g_free (f->with_app);
  g_free (f->without_app);
  g_free (f->project);
  g_free (f->tmp);
  g_free (f->migrations);
  g_object_unref (f->engine);
}

static void
collect_line (BerthStreamType stream, const char *line, gpointer user_data)
{
  GPtrArray *lines = user_data;

  g_ptr_array_add (lines, g_strdup_printf ("%d:%s", stream, line));
}

/* Every "out N" and "err N" line arrived, each stream in order. */
static void
assert_streams_in_order (GPtrArray *lines)
{
  guint next_out = 1, next_err = 1;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *l = lines->pdata[i];
      g_autofree char *want_out = g_strdup_printf ("%d:out %u", BERTH_STREAM_STDOUT, next_out);
      g_autofree char *want_err = g_strdup_printf ("%d:err %u", BERTH_STREAM_STDERR, next_err);

      if (g_str_equal (l, want_out))
        next_out++;
      else if (g_str_equal (l, want_err))
        next_err++;
      else if (strstr (l, ":out ") || strstr (l, ":err "))
        g_error ("line out of order: %s (expected out %u / err %u)", l, next_out, next_err);
    }
  g_assert_cmpuint (next_out, ==, 201);
  g_assert_cmpuint (next_err, ==, 201);
}

static void
test_sync (Fixture *f, gconstpointer data)
{
  g_autoptr(BerthMigrationRunner) runner = berth_migration_runner_new (f->engine, f->project, "api", f->migrations);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BerthMigrationMigrateResult) result = NULL;
  g_autoptr(BerthMigrationMigrateResult) again = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) current = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *container = NULL;

  berth_migration_runner_set_line_func (runner, collect_line, g_ptr_array_ref (lines),
                                        (GDestroyNotify) g_ptr_array_unref);

  container = berth_migration_runner_find_container_sync (runner, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (container, ==, f->with_app);

  current = berth_migration_runner_current_sync (runner, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (current, ((const char *[]) { "abc123abc123", NULL }));
  /* Separate pipes in the engine: no order across streams. */
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (lines, "2:INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (lines, "1:abc123abc123 (head)", g_str_equal, NULL));
  g_ptr_array_set_size (lines, 0);

  /* Not bind-mounted: the file is copied out before migrate returns. */
  result = berth_migration_runner_migrate_sync (runner, NASTY, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (result->no_changes);
  g_assert_cmpstr (result->generated_path, ==, "/app/migrations/versions/def456def456_generated.py");
  g_assert_cmpstr (result->revision, ==, "def456def456");
  g_assert_true (result->copied);
  g_assert_true (g_str_has_prefix (result->host_path, f->migrations));
  g_assert_cmpuint (result->changes->len, ==, 1);
  g_assert_cmpstr (((BerthMigrationChange *) result->changes->pdata[0])->target, ==, "users.x");
  g_assert_true (g_file_get_contents (result->host_path, &contents, NULL, NULL));
  /* The message is one argv element, untouched by any shell. */
  g_assert_nonnull (strstr (contents, "# argv: [migrate] [-m] [" NASTY "]\n"));
  assert_streams_in_order (lines);
  {
    gboolean reported = FALSE;

    for (guint i = 0; i < lines->len; i++)
      if (strstr (lines->pdata[i], "Copied /app/migrations/versions/def456def456_generated.py") != NULL)
        reported = TRUE;
    g_assert_true (reported);
  }

  /* Already on the host (as with a bind mount): nothing to copy. */
  again = berth_migration_runner_migrate_sync (runner, "again", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (again->copied);

  /* Errors come back in Alembic's words, mapped. */
  g_assert_false (berth_migration_runner_upgrade_sync (runner, "ffffffffffff", NULL, &error));
  g_assert_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_UNKNOWN_REVISION);
  g_assert_nonnull (strstr (error->message, "ffffffffffff"));
  g_clear_error (&error);

  g_assert_false (berth_migration_runner_stamp_sync (runner, "head", NULL, &error));
  g_assert_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_COMMAND_FAILED);
  g_assert_nonnull (strstr (error->message, "boom: stamp"));
  g_clear_error (&error);
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(BerthMigrationRunner) noenv = berth_migration_runner_new (f->engine, f->project, "noenv", f->migrations);
  g_autoptr(BerthMigrationRunner) absent = berth_migration_runner_new (f->engine, f->project, "worker", f->migrations);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) current = NULL;

  current = berth_migration_runner_current_sync (noenv, NULL, &error);
  g_assert_null (current);
  g_assert_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_FLASK_APP);
  g_assert_nonnull (strstr (error->message, "FLASK_APP"));
  g_assert_nonnull (strstr (error->message, "start.sh"));
  g_clear_error (&error);

  current = berth_migration_runner_current_sync (absent, NULL, &error);
  g_assert_null (current);
  g_assert_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_SERVICE);
  g_assert_nonnull (strstr (error->message, "worker"));
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *lines;
  guint      lines_at_finish;
  gboolean   ok;
  GError    *error;
  BerthMigrationMigrateResult *result;
  BerthMigrationGraph *graph;
  GThread   *main_thread;
} AsyncState;

static void
on_line (BerthMigrationRunner *runner, guint stream, const char *line, AsyncState *s)
{
  /* Delivered on the caller's context, not in the worker. */
  g_assert_true (g_thread_self () == s->main_thread);
  g_ptr_array_add (s->lines, g_strdup_printf ("%u:%s", stream, line));
}

static void
on_run_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  AsyncState *s = user_data;

  s->lines_at_finish = s->lines->len;
  s->ok = berth_migration_runner_run_finish (BERTH_MIGRATION_RUNNER (source), res, &s->result, &s->error);
  g_main_loop_quit (s->loop);
}

static void
on_graph_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  AsyncState *s = user_data;

  s->graph = berth_migration_runner_load_graph_finish (BERTH_MIGRATION_RUNNER (source), res, &s->error);
  g_main_loop_quit (s->loop);
}

static void
test_async (Fixture *f, gconstpointer data)
{
  g_autoptr(BerthMigrationRunner) runner = berth_migration_runner_new (f->engine, f->project, "api", f->migrations);
  AsyncState s = { 0 };

  s.loop = g_main_loop_new (NULL, FALSE);
  s.lines = g_ptr_array_new_with_free_func (g_free);
  s.main_thread = g_thread_self ();
  g_signal_connect (runner, "line", G_CALLBACK (on_line), &s);

  berth_migration_runner_run_async (runner, BERTH_MIGRATION_OP_MIGRATE, "async", NULL, NULL, on_run_done, &s);
  g_main_loop_run (s.loop);
  g_assert_no_error (s.error);
  g_assert_true (s.ok);
  g_assert_nonnull (s.result);
  g_assert_cmpstr (s.result->revision, ==, "def456def456");
  g_assert_true (s.result->copied);
  /* All lines before the callback, each stream in order. */
  g_assert_cmpuint (s.lines_at_finish, ==, s.lines->len);
  assert_streams_in_order (s.lines);
  g_clear_pointer (&s.result, berth_migration_migrate_result_free);

  berth_migration_runner_run_async (runner, BERTH_MIGRATION_OP_UPGRADE, "0123456789ab", NULL, NULL, on_run_done, &s);
  g_main_loop_run (s.loop);
  g_assert_false (s.ok);
  g_assert_error (s.error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_UNKNOWN_REVISION);
  g_clear_error (&s.error);

  /* Host files (the copied revision) overlaid with the container's view. */
  berth_migration_runner_load_graph_async (runner, NULL, on_graph_done, &s);
  g_main_loop_run (s.loop);
  g_assert_no_error (s.error);
  g_assert_nonnull (s.graph);
  g_assert_cmpstrv (berth_migration_graph_get_current (s.graph), ((const char *[]) { "abc123abc123", NULL }));
  g_assert_true (berth_migration_node_has_flag (berth_migration_graph_lookup (s.graph, "def456def456"),
                                                BERTH_MIGRATION_NODE_PENDING));
  /* abc123abc123 is known only from the container. */
  g_assert_true (berth_migration_node_has_flag (berth_migration_graph_lookup (s.graph, "abc123abc123"),
                                                BERTH_MIGRATION_NODE_MISSING_FILE | BERTH_MIGRATION_NODE_CURRENT));
  g_clear_object (&s.graph);

  g_ptr_array_unref (s.lines);
  g_main_loop_unref (s.loop);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/migration/runner/sync", Fixture, NULL, fixture_set_up, test_sync, fixture_tear_down);
  g_test_add ("/migration/runner/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);
  g_test_add ("/migration/runner/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);
  return g_test_run ();
}
