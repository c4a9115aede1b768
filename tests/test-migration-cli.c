/* test-migration-cli.c: `berth-cli db ...` without any engine: history
 * from files alone, usage errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "berth-test.h"
#include "berth-engine.h"
#include "berth-migration-locate.h"
#include "berth-migration-runner.h"

static int
run_cli (const char *project, char **out, char **err, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int exit_code = -1;
  va_list args;

  g_ptr_array_add (argv, g_strdup (berth_test_cli ()));
  if (project)
    {
      g_ptr_array_add (argv, g_strdup ("--project-dir"));
      g_ptr_array_add (argv, g_strdup (project));
    }
  va_start (args, err);
  for (const char *a = va_arg (args, const char *); a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (berth_test_run ((const char * const *) argv->pdata, out, err, &exit_code, &error));
  g_assert_no_error (error);
  return exit_code;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_history_json_files_only (void)
{
  g_autofree char *project = berth_test_source_path ("tests", "migrations", "branched", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonArray *revs;
  JsonObject *rev;
  const char *expect[] = { "e5f6a7b8c9d0", "d9e0f1a2b3c4", "b7c8d9e0f1a2", "c3d4e5f6a7b8", "a1b2c3d4e5f6" };

  g_assert_cmpint (run_cli (project, &out, &err, "db", "history", "--json", NULL), ==, 0);
  root = parse_object (out);
  revs = json_object_get_array_member (root, "revisions");
  g_assert_cmpuint (json_array_get_length (revs), ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      rev = json_array_get_object_element (revs, i);
      g_assert_cmpstr (json_object_get_string_member (rev, "revision"), ==, expect[i]);
      /* The keys the issue names, in every entry. */
      g_assert_true (json_object_has_member (rev, "parents"));
      g_assert_true (json_object_has_member (rev, "message"));
      g_assert_true (json_object_has_member (rev, "date"));
      g_assert_true (json_object_has_member (rev, "file"));
      g_assert_true (json_object_has_member (rev, "head"));
      g_assert_true (json_object_has_member (rev, "current"));
      g_assert_true (json_object_has_member (rev, "applied"));
      g_assert_true (json_object_has_member (rev, "pending"));
      g_assert_true (json_object_has_member (rev, "missing_file"));
      /* From files alone the database side is unknown. */
      g_assert_true (json_object_get_null_member (rev, "current"));
    }
  rev = json_array_get_object_element (revs, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rev, "parents")), ==, 2);
  g_assert_true (json_object_get_null_member (root, "current"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "heads")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "problems")), ==, 0);
}

static void
test_history_plain (void)
{
  g_autofree char *project = berth_test_source_path ("tests", "migrations", "twoheads", NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (project, &out, &err, "db", "history", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "*   f0e1d2c3b4a5 (head) add users.last_login"));
  g_assert_nonnull (strstr (out, "| * b7c8d9e0f1a2 (head) add probes table"));
  g_assert_nonnull (strstr (out, "|/\n*   a1b2c3d4e5f6 create users table"));
  g_assert_nonnull (strstr (out, "Problems:"));
  g_assert_nonnull (strstr (out, "db merge -m MESSAGE heads"));
}

static void
test_heads (void)
{
  g_autofree char *project = berth_test_source_path ("tests", "migrations", "twoheads", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonObject) root = NULL;

  g_assert_cmpint (run_cli (project, &out, &err, "db", "heads", "--json", NULL), ==, 0);
  root = parse_object (out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "heads")), ==, 2);
}

static void
test_demo_files (void)
{
  /* The demo has a compose file; its api build context holds migrations.
   * An engine that is not there only makes the database side unknown. */
  g_autofree char *project = berth_test_source_path ("data", "demo", "probeops-backend", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonArray *revs;

  g_assert_cmpint (run_cli (project, &out, &err, "-H", "unix:///nonexistent/berth-test.sock",
                            "db", "history", "--json", NULL), ==, 0);
  root = parse_object (out);
  revs = json_object_get_array_member (root, "revisions");
  g_assert_cmpuint (json_array_get_length (revs), >=, 3);
  g_assert_true (json_object_get_null_member (root, "current"));
  g_assert_nonnull (strstr (err, "unknown"));
  for (guint i = 0; i < json_array_get_length (revs); i++)
    g_assert_true (strstr (json_object_get_string_member (json_array_get_object_element (revs, i), "file"),
                           "/api/migrations/versions/") != NULL);
}

static void
test_usage_errors (void)
{
  g_autofree char *project = berth_test_source_path ("tests", "migrations", "linear", NULL);
  g_autofree char *nowhere = berth_test_source_path ("tests", "migrations", "output", NULL);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (project, &out, &err, "db", "migrate", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Not a terminal: downgrade needs --yes, and says why. */
  g_assert_cmpint (run_cli (project, &out, &err, "db", "downgrade", "-1", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--yes"));
  g_assert_nonnull (strstr (err, "data"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (nowhere, &out, &err, "db", "history", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "No migrations folder"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Commands that need the database need the compose file. */
  g_assert_cmpint (run_cli (project, &out, &err, "db", "current", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "No compose file"));
}

static void
test_service_without_api (void)
{
  g_autofree char *project_dir = berth_test_source_path ("tests", "migrations", "compose-noapi", NULL);
  g_autofree char *expected = g_build_filename (project_dir, "backend", "migrations", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(BerthComposeProject) project = NULL;
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(BerthMigrationRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  BerthComposeService *service;

  project = berth_compose_project_load (project_dir, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* No "api": the service whose build context has migrations/env.py. */
  service = berth_migration_find_service (project, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (berth_compose_service_get_name (service), ==, "web");
  folder = berth_migration_find_folder (NULL, project, service, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (folder, ==, expected);

  g_assert_null (berth_migration_find_service (project, "nope", &error));
  g_assert_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_SERVICE);
  g_clear_error (&error);

  /* Creating an engine does not connect: no engine needed here. */
  engine = berth_engine_new ("unix:///nonexistent/berth-test.sock", &error);
  g_assert_no_error (error);
  runner = berth_migration_runner_new_for_project (engine, project, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (berth_migration_runner_get_service (runner), ==, "web");
  g_assert_cmpstr (berth_migration_runner_get_migrations_dir (runner), ==, expected);

  g_assert_cmpint (run_cli (project_dir, &out, &err, "db", "history", "--files-only", "--json", NULL), ==, 0);
  root = parse_object (out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "revisions")), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (project_dir, &out, &err, "db", "history", "--service", "nope", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "nope"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An unreachable engine is exit status 3 for commands that need it. */
  g_assert_cmpint (run_cli (project_dir, &out, &err, "-H", "unix:///nonexistent/berth-test.sock",
                            "db", "current", NULL), ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/migration/cli/history-json-files-only", test_history_json_files_only);
  g_test_add_func ("/migration/cli/history-plain", test_history_plain);
  g_test_add_func ("/migration/cli/heads", test_heads);
  g_test_add_func ("/migration/cli/demo-files", test_demo_files);
  g_test_add_func ("/migration/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/migration/cli/service-without-api", test_service_without_api);
  return g_test_run ();
}
