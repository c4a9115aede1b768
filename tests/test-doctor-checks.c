/* test-doctor-checks.c: the doctor's analysis on fixtures (tests/workflows/).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "berth-test.h"
#include "berth-doctor-private.h"

static char *
fixture_text (const char *name)
{
  g_autofree char *path = berth_test_source_path ("tests", "workflows", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static JsonNode *
fixture_json (const char *name)
{
  g_autofree char *text = fixture_text (name);
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static BerthDoctorCheck *
find_check (GPtrArray *checks, const char *id)
{
  for (guint i = 0; i < checks->len; i++)
    {
      BerthDoctorCheck *c = g_ptr_array_index (checks, i);
      if (g_str_equal (c->id, id))
        return c;
    }
  g_error ("no check %s", id);
  return NULL;
}

#define assert_contains(hay, needle) \
  G_STMT_START { \
    const char *__h = (hay); \
    if (__h == NULL || strstr (__h, (needle)) == NULL) \
      g_error ("“%s” does not contain “%s”", __h ? __h : "(null)", (needle)); \
  } G_STMT_END

/* ---- logs ---- */

static void
test_logs_postgres (void)
{
  g_autofree char *logs = fixture_text ("logs-postgres-undefined-column.txt");
  g_autoptr(BerthDoctorLogScan) scan = berth_doctor_scan_logs (logs);
  g_autoptr(GPtrArray) checks = NULL;
  BerthDoctorCheck *c;

  g_assert_cmpstr (scan->database, ==, "PostgreSQL");
  g_assert_cmpstr (scan->missing_kind, ==, "column");
  g_assert_cmpstr (scan->missing_object, ==, "users.password_hash");
  /* Chained: one error, the last exception is SQLAlchemy's. */
  g_assert_cmpuint (scan->n_tracebacks, ==, 1);
  g_assert_true (g_str_has_prefix (scan->last_exception, "sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedColumn)"));
  g_assert_true (g_str_has_prefix (scan->last_traceback, "Traceback (most recent call last):\n"));
  assert_contains (scan->last_traceback, "list_users");

  checks = berth_doctor_check_logs ("api", logs);
  c = find_check (checks, "logs.api.schema");
  g_assert_cmpint (c->status, ==, BERTH_CHECK_FAIL);
  g_assert_cmpstr (c->fix, ==, "migrate");
  assert_contains (c->finding, "behind the models");
  assert_contains (c->finding, "users.password_hash");
  assert_contains (c->evidence, "UndefinedColumn");
  c = find_check (checks, "logs.api.tracebacks");
  g_assert_cmpint (c->status, ==, BERTH_CHECK_WARN);
  assert_contains (c->finding, "1 Python traceback");
}

static void
test_logs_sqlite (void)
{
  g_autofree char *logs = fixture_text ("logs-sqlite-no-such-column.txt");
  g_autoptr(BerthDoctorLogScan) scan = berth_doctor_scan_logs (logs);
  g_autoptr(GPtrArray) checks = berth_doctor_check_logs ("web", logs);

  g_assert_cmpstr (scan->database, ==, "SQLite");
  g_assert_cmpstr (scan->missing_object, ==, "users.is_admin");
  g_assert_cmpuint (scan->n_tracebacks, ==, 1);
  g_assert_cmpint (find_check (checks, "logs.web.schema")->status, ==, BERTH_CHECK_FAIL);
  g_assert_cmpstr (find_check (checks, "logs.web.schema")->fix, ==, "migrate");
}

static void
test_logs_mysql (void)
{
  g_autofree char *logs = fixture_text ("logs-mysql-unknown-column.txt");
  g_autoptr(BerthDoctorLogScan) scan = berth_doctor_scan_logs (logs);

  g_assert_cmpstr (scan->database, ==, "MySQL");
  g_assert_cmpstr (scan->missing_kind, ==, "column");
  g_assert_cmpstr (scan->missing_object, ==, "users.is_admin");
}

static void
test_logs_variants (void)
{
  static const struct { const char *line, *db, *kind, *object; } cases[] = {
    { "psycopg2.errors.UndefinedColumn: column \"is_admin\" of relation \"users\" does not exist", "PostgreSQL", "column", "users.is_admin" },
    { "sqlalchemy.exc.ProgrammingError: (psycopg.errors.UndefinedColumn) column users.is_admin does not exist", "PostgreSQL", "column", "users.is_admin" },
    { "sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedTable) relation \"probes\" does not exist", "PostgreSQL", "table", "probes" },
    { "2026-11-29 10:00:00.000 UTC [42] ERROR:  column \"password_hash\" does not exist at character 8", "PostgreSQL", "column", "password_hash" },
    { "sqlite3.OperationalError: no such table: users", "SQLite", "table", "users" },
    { "sqlite3.OperationalError: table users has no column named is_admin", "SQLite", "column", "users.is_admin" },
    { "pymysql.err.ProgrammingError: (1146, \"Table 'probeops.users' doesn't exist\")", "MySQL", "table", "users" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BerthDoctorLogScan) scan = berth_doctor_scan_logs (cases[i].line);

      g_assert_cmpstr (scan->database, ==, cases[i].db);
      g_assert_cmpstr (scan->missing_kind, ==, cases[i].kind);
      g_assert_cmpstr (scan->missing_object, ==, cases[i].object);
    }
}

static void
test_logs_clean (void)
{
  g_autofree char *logs = fixture_text ("logs-clean.txt");
  g_autoptr(GPtrArray) checks = berth_doctor_check_logs ("api", logs);
  g_autoptr(BerthDoctorLogScan) empty = berth_doctor_scan_logs (NULL);

  g_assert_cmpint (berth_doctor_worst (checks), ==, BERTH_CHECK_PASS);
  g_assert_cmpuint (empty->n_tracebacks, ==, 0);
  g_assert_null (empty->missing_object);
}

static void
test_logs_tracebacks (void)
{
  g_autofree char *logs = fixture_text ("logs-import-error.txt");
  g_autoptr(BerthDoctorLogScan) scan = berth_doctor_scan_logs (logs);
  g_autoptr(GPtrArray) checks = berth_doctor_check_logs ("api", logs);
  BerthDoctorCheck *c;

  /* Two separate errors; the second is cut off by the end of the log. */
  g_assert_cmpuint (scan->n_tracebacks, ==, 2);
  g_assert_cmpstr (scan->last_exception, ==, "ModuleNotFoundError: No module named 'probeops'");
  g_assert_null (scan->missing_object);
  c = find_check (checks, "logs.api.tracebacks");
  g_assert_cmpint (c->status, ==, BERTH_CHECK_WARN);
  assert_contains (c->finding, "2 Python tracebacks");
  assert_contains (c->finding, "No module named 'probeops'");
  g_assert_cmpint (find_check (checks, "logs.api.schema")->status, ==, BERTH_CHECK_PASS);
}

/* ---- containers ---- */

static GPtrArray *
container_checks (const char *fixture, gint64 earlier, gboolean one_shot)
{
  g_autoptr(JsonNode) node = fixture_json (fixture);

  return berth_doctor_check_container ("api", json_node_get_object (node), earlier, one_shot,
                                       "gunicorn-typo: not found");
}

static void
test_container_crashloop (void)
{
  g_autoptr(GPtrArray) checks = container_checks ("inspect-crashloop.json", -1, FALSE);
  BerthDoctorCheck *c;

  g_assert_cmpint (find_check (checks, "service.api.container")->status, ==, BERTH_CHECK_PASS);
  c = find_check (checks, "service.api.state");
  g_assert_cmpint (c->status, ==, BERTH_CHECK_FAIL);
  assert_contains (c->finding, "keeps restarting");
  assert_contains (c->finding, "command not found");
  g_assert_cmpstr (c->fix, ==, "rebuild");
  assert_contains (c->evidence, "State.ExitCode=127");
  assert_contains (c->evidence, "gunicorn-typo: not found");
  c = find_check (checks, "service.api.restarts");
  g_assert_cmpint (c->status, ==, BERTH_CHECK_FAIL);
  assert_contains (c->finding, "crash loop");
  assert_contains (c->finding, "unless-stopped");
  g_assert_cmpint (find_check (checks, "service.api.oom")->status, ==, BERTH_CHECK_PASS);
  g_assert_cmpint (find_check (checks, "service.api.health")->status, ==, BERTH_CHECK_SKIP);
}

static void
test_container_restart_rising (void)
{
  g_autoptr(JsonNode) node = fixture_json ("inspect-holder.json");
  JsonObject *o = json_node_get_object (node);
  g_autoptr(GPtrArray) stable = NULL;
  g_autoptr(GPtrArray) rising = NULL;

  json_object_set_int_member (o, "RestartCount", 2);
  stable = berth_doctor_check_container ("api", o, 2, FALSE, NULL);
  g_assert_cmpint (find_check (stable, "service.api.restarts")->status, ==, BERTH_CHECK_WARN);
  g_assert_cmpint (find_check (stable, "service.api.state")->status, ==, BERTH_CHECK_PASS);
  rising = berth_doctor_check_container ("api", o, 1, FALSE, NULL);
  g_assert_cmpint (find_check (rising, "service.api.restarts")->status, ==, BERTH_CHECK_FAIL);
  /* Running between two crashes is no better. */
  g_assert_cmpint (find_check (rising, "service.api.state")->status, ==, BERTH_CHECK_FAIL);
  assert_contains (find_check (rising, "service.api.state")->finding, "keeps restarting");
  assert_contains (find_check (rising, "service.api.restarts")->evidence, "was 1 a moment before");
}

static void
test_container_bad_command_created (void)
{
  g_autoptr(GPtrArray) checks = container_checks ("inspect-badcmd-created.json", -1, FALSE);
  BerthDoctorCheck *c = find_check (checks, "service.api.state");

  g_assert_cmpint (c->status, ==, BERTH_CHECK_FAIL);
  assert_contains (c->finding, "could not start");
  assert_contains (c->finding, "no such file or directory");
  g_assert_cmpstr (c->fix, ==, "rebuild");
}

static void
test_container_port_conflict (void)
{
  g_autoptr(GPtrArray) checks = container_checks ("inspect-conflict.json", -1, FALSE);
  BerthDoctorCheck *c = find_check (checks, "service.api.state");

  g_assert_cmpint (c->status, ==, BERTH_CHECK_FAIL);
  assert_contains (c->finding, "host port 45999 is already in use");
  g_assert_cmpstr (c->fix, ==, "up");
  assert_contains (c->evidence, "port is already allocated");
}

static void
test_container_stopped (void)
{
  g_autoptr(GPtrArray) checks = container_checks ("inspect-stopped.json", -1, FALSE);
  g_autoptr(GPtrArray) one_shot = NULL;
  g_autoptr(JsonNode) node = fixture_json ("inspect-stopped.json");
  JsonObject *state = json_object_get_object_member (json_node_get_object (node), "State");
  BerthDoctorCheck *c = find_check (checks, "service.api.state");

  g_assert_cmpint (c->status, ==, BERTH_CHECK_FAIL);
  assert_contains (c->finding, "is not running");
  g_assert_cmpstr (c->fix, ==, "restart:api");
  g_assert_cmpint (find_check (checks, "service.api.health")->status, ==, BERTH_CHECK_SKIP);

  /* A clean stop (exit 0) of a long-running service is "stopped"; of a
   * one-shot it is success. */
  json_object_set_int_member (state, "ExitCode", 0);
  g_ptr_array_unref (checks);
  checks = berth_doctor_check_container ("db", json_node_get_object (node), -1, FALSE, NULL);
  c = find_check (checks, "service.db.state");
  g_assert_cmpint (c->status, ==, BERTH_CHECK_FAIL);
  assert_contains (c->finding, "is stopped");
  g_assert_cmpstr (c->fix, ==, "up");
  one_shot = berth_doctor_check_container ("init", json_node_get_object (node), -1, TRUE, NULL);
  g_assert_cmpint (find_check (one_shot, "service.init.state")->status, ==, BERTH_CHECK_PASS);
}

static void
test_container_oom (void)
{
  g_autoptr(GPtrArray) checks = container_checks ("inspect-oom.json", -1, FALSE);
  BerthDoctorCheck *c = find_check (checks, "service.api.oom");

  g_assert_cmpint (c->status, ==, BERTH_CHECK_FAIL);
  assert_contains (c->finding, "OOMKilled");
  g_assert_cmpstr (c->fix, ==, "restart:api");
  assert_contains (find_check (checks, "service.api.state")->finding, "SIGKILL");
}

static void
test_container_unhealthy (void)
{
  g_autoptr(GPtrArray) checks = container_checks ("inspect-unhealthy.json", -1, FALSE);
  BerthDoctorCheck *c = find_check (checks, "service.api.health");

  g_assert_cmpint (find_check (checks, "service.api.state")->status, ==, BERTH_CHECK_PASS);
  g_assert_cmpint (c->status, ==, BERTH_CHECK_FAIL);
  assert_contains (c->finding, "unhealthy: connection refused");
  assert_contains (c->evidence, "Last failing probe");
  assert_contains (c->evidence, "exit code 1");
  g_assert_cmpstr (c->fix, ==, "restart:api");
}

static void
test_container_healthy_and_missing (void)
{
  g_autoptr(JsonNode) node = fixture_json ("inspect-unhealthy.json");
  JsonObject *health = json_object_get_object_member (json_object_get_object_member (json_node_get_object (node), "State"), "Health");
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) missing = berth_doctor_check_container ("db", NULL, -1, FALSE, NULL);

  json_object_set_string_member (health, "Status", "healthy");
  checks = berth_doctor_check_container ("api", json_node_get_object (node), 0, FALSE, NULL);
  g_assert_cmpint (berth_doctor_worst (checks), ==, BERTH_CHECK_PASS);

  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpint (find_check (missing, "service.db.container")->status, ==, BERTH_CHECK_FAIL);
  g_assert_cmpstr (find_check (missing, "service.db.container")->fix, ==, "up");
}

static void
test_exit_codes (void)
{
  g_assert_null (berth_doctor_describe_exit_code (0));
  assert_contains (berth_doctor_describe_exit_code (127), "not found");
  assert_contains (berth_doctor_describe_exit_code (137), "SIGKILL");
  assert_contains (berth_doctor_describe_exit_code (139), "SIGSEGV");
  assert_contains (berth_doctor_describe_exit_code (143), "SIGTERM");
}

/* ---- FLASK_APP, start.sh ---- */

static void
test_flask_env (void)
{
  const char *good[] = { "PATH=/usr/bin", "FLASK_APP=probeops:create_app", NULL };
  const char *missing[] = { "PATH=/usr/bin", "DATABASE_URL=postgresql://x", NULL };
  const char *empty[] = { "FLASK_APP=", NULL };
  g_autoptr(BerthDoctorCheck) a = berth_doctor_check_flask_env ("api", good);
  g_autoptr(BerthDoctorCheck) b = berth_doctor_check_flask_env ("api", missing);
  g_autoptr(BerthDoctorCheck) c = berth_doctor_check_flask_env ("api", empty);

  g_assert_cmpstr (a->id, ==, "flask.api.env");
  g_assert_cmpint (a->status, ==, BERTH_CHECK_PASS);
  assert_contains (a->finding, "probeops:create_app");
  g_assert_cmpint (b->status, ==, BERTH_CHECK_FAIL);
  assert_contains (b->finding, "FLASK_APP is not set");
  g_assert_cmpint (c->status, ==, BERTH_CHECK_FAIL);
}

static void
test_start_script (void)
{
  static const struct { const char *file; gboolean app; gboolean upgrade; guint app_line; } cases[] = {
    { "start-good.sh", TRUE, TRUE, 4 },
    { "start-no-export.sh", FALSE, TRUE, 0 },
    { "start-no-upgrade.sh", TRUE, FALSE, 3 },
    { "start-inline.sh", TRUE, TRUE, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = fixture_text (cases[i].file);
      BerthDoctorStartScript a;

      berth_doctor_analyse_start_script (text, &a);
      g_assert_cmpint (a.exports_flask_app, ==, cases[i].app);
      g_assert_cmpint (a.runs_upgrade, ==, cases[i].upgrade);
      g_assert_cmpuint (a.flask_app_line, ==, cases[i].app_line);
    }

  {
    g_autofree char *text = fixture_text ("start-no-export.sh");
    g_autoptr(GPtrArray) with_env = berth_doctor_check_start_script ("api", "start.sh", text, TRUE);
    g_autoptr(GPtrArray) without = berth_doctor_check_start_script ("api", "start.sh", text, FALSE);

    g_assert_cmpint (find_check (with_env, "start-script.flask-app")->status, ==, BERTH_CHECK_WARN);
    g_assert_cmpint (find_check (without, "start-script.flask-app")->status, ==, BERTH_CHECK_FAIL);
    g_assert_cmpint (find_check (without, "start-script.upgrade")->status, ==, BERTH_CHECK_PASS);
  }
  {
    g_autofree char *text = fixture_text ("start-no-upgrade.sh");
    g_autoptr(GPtrArray) checks = berth_doctor_check_start_script ("api", "start.sh", text, TRUE);
    BerthDoctorCheck *c = find_check (checks, "start-script.upgrade");

    g_assert_cmpint (c->status, ==, BERTH_CHECK_WARN);
    g_assert_cmpstr (c->fix, ==, "migrate");
  }
}

/* ---- migrations ---- */

static void
test_migration_state (void)
{
  const char *one_head[] = { "3f431c11880b", NULL };
  const char *two_heads[] = { "3f431c11880b", "aaaaaaaaaaaa", NULL };
  const char *known[] = { "16999e815ea6", "20bca17a00f0", "3f431c11880b", NULL };
  const char *at_head[] = { "3f431c11880b", NULL };
  const char *behind[] = { "16999e815ea6", NULL };
  const char *unknown[] = { "deadbeef0000", NULL };
  const char *none[] = { NULL };
  g_autoptr(BerthDoctorCheck) h1 = berth_doctor_check_migration_heads (one_head);
  g_autoptr(BerthDoctorCheck) h2 = berth_doctor_check_migration_heads (two_heads);
  g_autoptr(BerthDoctorCheck) h0 = berth_doctor_check_migration_heads (none);
  g_autoptr(BerthDoctorCheck) c1 = berth_doctor_check_migration_current (at_head, one_head, known, 0);
  g_autoptr(BerthDoctorCheck) c2 = berth_doctor_check_migration_current (behind, one_head, known, 2);
  g_autoptr(BerthDoctorCheck) c3 = berth_doctor_check_migration_current (unknown, one_head, known, 0);
  g_autoptr(BerthDoctorCheck) c4 = berth_doctor_check_migration_current (none, one_head, known, 3);

  g_assert_cmpint (h1->status, ==, BERTH_CHECK_PASS);
  g_assert_cmpint (h2->status, ==, BERTH_CHECK_FAIL);
  g_assert_cmpstr (h2->fix, ==, "merge-heads");
  assert_contains (h2->finding, "2 heads");
  g_assert_cmpint (h0->status, ==, BERTH_CHECK_WARN);

  g_assert_cmpint (c1->status, ==, BERTH_CHECK_PASS);
  g_assert_cmpint (c2->status, ==, BERTH_CHECK_FAIL);
  g_assert_cmpstr (c2->fix, ==, "migrate");
  assert_contains (c2->finding, "2 migrations pending");
  g_assert_cmpint (c3->status, ==, BERTH_CHECK_FAIL);
  g_assert_null (c3->fix);
  assert_contains (c3->finding, "no migration file defines");
  g_assert_cmpint (c4->status, ==, BERTH_CHECK_FAIL);
  g_assert_cmpstr (c4->fix, ==, "migrate");
  assert_contains (c4->finding, "never applied");
}

/* ---- network ---- */

static void
test_network (void)
{
  g_autoptr(JsonNode) node = fixture_json ("inspect-holder.json");
  JsonObject *inspect = json_node_get_object (node);
  g_autoptr(BerthDoctorCheck) attached = berth_doctor_check_network_attached ("bridge", "api", inspect);
  g_autoptr(BerthDoctorCheck) detached = berth_doctor_check_network_attached ("probeops-network", "api", inspect);
  g_autoptr(BerthDoctorCheck) missing = berth_doctor_check_network_exists ("probeops-network", NULL);
  g_autoptr(JsonNode) net = json_from_string ("{\"Id\": \"abc\", \"Driver\": \"bridge\"}", NULL);
  g_autoptr(BerthDoctorCheck) exists = berth_doctor_check_network_exists ("probeops-network", json_node_get_object (net));
  g_autoptr(BerthDoctorCheck) dns_ok = berth_doctor_check_resolution ("api", "db", 0, "10.213.9.3      db\n");
  g_autoptr(BerthDoctorCheck) dns_bad = berth_doctor_check_resolution ("api", "db", 2, "");

  g_assert_cmpint (attached->status, ==, BERTH_CHECK_PASS);
  g_assert_cmpint (detached->status, ==, BERTH_CHECK_FAIL);
  g_assert_cmpstr (detached->id, ==, "network.probeops-network.api");
  g_assert_cmpstr (detached->fix, ==, "up");
  assert_contains (detached->evidence, "bridge");
  g_assert_cmpint (missing->status, ==, BERTH_CHECK_FAIL);
  g_assert_cmpstr (missing->fix, ==, "up");
  g_assert_cmpint (exists->status, ==, BERTH_CHECK_PASS);
  g_assert_cmpint (dns_ok->status, ==, BERTH_CHECK_PASS);
  assert_contains (dns_ok->finding, "10.213.9.3");
  g_assert_cmpint (dns_bad->status, ==, BERTH_CHECK_FAIL);
  g_assert_cmpstr (dns_bad->fix, ==, "up");
}

/* ---- ports ---- */

static void
test_ports (void)
{
  g_autoptr(JsonNode) conflict = fixture_json ("inspect-conflict.json");
  g_autoptr(JsonNode) list = fixture_json ("containers-list.json");
  const char *error = json_object_get_string_member (json_object_get_object_member (json_node_get_object (conflict), "State"), "Error");
  g_autofree char *ip = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *ip2 = NULL;
  g_autofree char *none = NULL;
  guint port = 0;
  g_autoptr(BerthDoctorCheck) taken = NULL;
  g_autoptr(BerthDoctorCheck) host = NULL;
  g_autoptr(BerthDoctorCheck) ok = NULL;

  g_assert_true (berth_doctor_parse_port_conflict (error, &ip, &port));
  g_assert_cmpstr (ip, ==, "0.0.0.0");
  g_assert_cmpuint (port, ==, 45999);
  g_assert_true (berth_doctor_parse_port_conflict ("Error starting userland proxy: listen tcp4 0.0.0.0:5000: bind: address already in use", &ip2, &port));
  g_assert_cmpuint (port, ==, 5000);
  g_assert_false (berth_doctor_parse_port_conflict ("no such image", &ip2, &port));

  owner = berth_doctor_find_port_owner (json_node_get_array (list), 45999, NULL);
  g_assert_true (g_str_has_suffix (owner, "-holder"));
  none = berth_doctor_find_port_owner (json_node_get_array (list), 45998, NULL);
  g_assert_null (none);

  taken = berth_doctor_check_port ("api", 45999, FALSE, owner, error);
  g_assert_cmpint (taken->status, ==, BERTH_CHECK_FAIL);
  assert_contains (taken->finding, owner);
  g_assert_true (g_str_has_prefix (taken->fix, "stop-container:"));
  host = berth_doctor_check_port ("api", 5000, FALSE, NULL, "listen tcp4 0.0.0.0:5000: bind: address already in use");
  g_assert_cmpint (host->status, ==, BERTH_CHECK_FAIL);
  assert_contains (host->finding, "another program");
  ok = berth_doctor_check_port ("api", 5000, TRUE, NULL, NULL);
  g_assert_cmpint (ok->status, ==, BERTH_CHECK_PASS);
}

/* ---- engine, compose, JSON ---- */

static void
test_engine_compose (void)
{
  g_autoptr(GError) denied = g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PERMISSION_DENIED, "permission denied");
  g_autoptr(GError) down = g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE, "connection refused");
  g_autoptr(GError) yaml = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "compose.yml:3:5: mapping values are not allowed here");
  g_autoptr(GPtrArray) a = berth_doctor_check_engine ("unix:///var/run/docker.sock", denied, NULL);
  g_autoptr(GPtrArray) b = berth_doctor_check_engine ("unix:///var/run/docker.sock", down, NULL);
  g_autoptr(GPtrArray) c = berth_doctor_check_engine ("unix:///var/run/docker.sock", NULL, "1.41");
  g_autoptr(GPtrArray) warnings = g_ptr_array_new ();
  g_autoptr(BerthDoctorCheck) bad = berth_doctor_check_compose ("compose.yml", yaml, NULL);
  g_autoptr(BerthDoctorCheck) warn = NULL;

  g_assert_cmpint (find_check (a, "engine.permission")->status, ==, BERTH_CHECK_FAIL);
  assert_contains (find_check (a, "engine.permission")->finding, "docker group");
  assert_contains (find_check (a, "engine.permission")->finding, "rootless");
  g_assert_cmpint (find_check (b, "engine.reachable")->status, ==, BERTH_CHECK_FAIL);
  g_assert_cmpint (berth_doctor_worst (c), ==, BERTH_CHECK_PASS);
  assert_contains (find_check (c, "engine.api")->finding, "1.41");

  g_assert_cmpint (bad->status, ==, BERTH_CHECK_FAIL);
  assert_contains (bad->finding, "compose.yml:3:5");
  g_ptr_array_add (warnings, "compose.yml:1:1: the attribute `version` is obsolete");
  warn = berth_doctor_check_compose ("compose.yml", NULL, warnings);
  g_assert_cmpint (warn->status, ==, BERTH_CHECK_WARN);
}

static void
test_check_json (void)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_doctor_check_free);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  JsonObject *o;

  g_ptr_array_add (checks, berth_doctor_check_new ("logs.api.schema", "api logs", BERTH_CHECK_FAIL,
                                                   "behind", "UndefinedColumn", "migrate"));
  g_ptr_array_add (checks, berth_doctor_check_new ("engine.api", "API", BERTH_CHECK_PASS, "1.41", NULL, NULL));
  node = berth_doctor_checks_to_json (checks);
  text = json_to_string (node, FALSE);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 2);
  o = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, "logs.api.schema");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "fail");
  g_assert_cmpstr (json_object_get_string_member (o, "fix"), ==, "migrate");
  o = json_array_get_object_element (json_node_get_array (node), 1);
  g_assert_true (json_object_get_null_member (o, "evidence"));
  g_assert_true (json_object_get_null_member (o, "fix"));
  g_assert_cmpint (berth_doctor_worst (checks), ==, BERTH_CHECK_FAIL);
}

static void
test_tail (void)
{
  g_autofree char *a = berth_doctor_tail_lines ("1\n2\n3\n4\n", 2);
  g_autofree char *b = berth_doctor_tail_lines ("1\n2", 5);
  g_autofree char *c = berth_doctor_tail_lines ("", 5);

  g_assert_cmpstr (a, ==, "3\n4");
  g_assert_cmpstr (b, ==, "1\n2");
  g_assert_cmpstr (c, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/doctor/logs/postgres", test_logs_postgres);
  g_test_add_func ("/doctor/logs/sqlite", test_logs_sqlite);
  g_test_add_func ("/doctor/logs/mysql", test_logs_mysql);
  g_test_add_func ("/doctor/logs/variants", test_logs_variants);
  g_test_add_func ("/doctor/logs/clean", test_logs_clean);
  g_test_add_func ("/doctor/logs/tracebacks", test_logs_tracebacks);
  g_test_add_func ("/doctor/container/crashloop", test_container_crashloop);
  g_test_add_func ("/doctor/container/restart-rising", test_container_restart_rising);
  g_test_add_func ("/doctor/container/bad-command-created", test_container_bad_command_created);
  g_test_add_func ("/doctor/container/port-conflict", test_container_port_conflict);
  g_test_add_func ("/doctor/container/stopped", test_container_stopped);
  g_test_add_func ("/doctor/container/oom", test_container_oom);
  g_test_add_func ("/doctor/container/unhealthy", test_container_unhealthy);
  g_test_add_func ("/doctor/container/healthy-and-missing", test_container_healthy_and_missing);
  g_test_add_func ("/doctor/exit-codes", test_exit_codes);
  g_test_add_func ("/doctor/flask-env", test_flask_env);
  g_test_add_func ("/doctor/start-script", test_start_script);
  g_test_add_func ("/doctor/migration-state", test_migration_state);
  g_test_add_func ("/doctor/network", test_network);
  g_test_add_func ("/doctor/ports", test_ports);
  g_test_add_func ("/doctor/engine-compose", test_engine_compose);
  g_test_add_func ("/doctor/check-json", test_check_json);
  g_test_add_func ("/doctor/tail", test_tail);

  return g_test_run ();
}
