/* test-compose-ops.c: the compose operations against a real engine, on the
 * small fixture projects of tests/compose-ops/ (debian:bookworm-slim only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "berth-compose-labels.h"
#include "berth-compose-operations.h"
#include "berth-compose-ops-private.h"
#include "berth-engine-containers.h"
#include "berth-engine-resources.h"
#include "berth-service-list.h"
#include "berth-compose-test.h"
#include "berth-test.h"

static char *
unique_project (const char *what)
{
  return g_strdup_printf ("berth-test-ops-%s-%08x", what, g_random_int ());
}

static BerthComposeProject *
load_fixture_env (const char *fixture,
                  const char *project_name,
                  const char *key,
                  const char *value)
{
  g_autofree char *dir = berth_test_source_path ("tests", "compose-ops", fixture, NULL);
  g_autoptr(GHashTable) env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) environ_ = g_get_environ ();
  g_autoptr(GError) error = NULL;
  BerthComposeProject *project;

  for (guint i = 0; environ_[i]; i++)
    {
      char *eq = strchr (environ_[i], '=');
      if (eq)
        g_hash_table_insert (env, g_strndup (environ_[i], eq - environ_[i]), g_strdup (eq + 1));
    }
  g_hash_table_remove (env, "GREETING");
  g_hash_table_remove (env, "COMPOSE_PROJECT_NAME");
  if (key && value)
    g_hash_table_insert (env, g_strdup (key), g_strdup (value));

  project = berth_compose_project_load (dir, NULL, project_name, env, &error);
  g_assert_no_error (error);
  return project;
}

static BerthComposeProject *
load_fixture (const char *fixture,
              const char *project_name,
              const char *greeting)
{
  return load_fixture_env (fixture, project_name, "GREETING", greeting);
}

/* Progress collected as "step:phase:service" strings. */
static void
collect_progress (const BerthComposeProgress *p,
                  gpointer                    user_data)
{
  GPtrArray *events = user_data;

  g_ptr_array_add (events, g_strdup_printf ("%s:%s:%s", berth_compose_step_to_string (p->step),
                                            berth_compose_phase_to_string (p->phase),
                                            p->service ? p->service : (p->resource ? p->resource : "")));
}

static int
index_of (GPtrArray  *events,
          const char *what)
{
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (g_ptr_array_index (events, i), what))
      return (int) i;
  return -1;
}

static void
down_quietly (BerthComposeProject *project,
              BerthEngine         *engine,
              gboolean             volumes)
{
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
  g_autoptr(GError) error = NULL;

  options->volumes = volumes;
  options->remove_orphans = TRUE;
  options->timeout = 1;
  berth_compose_down_sync (project, engine, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static BerthServiceStatus *
find_status (GPtrArray  *rows,
             const char *service)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (berth_service_status_get_service (g_ptr_array_index (rows, i)), service) == 0)
      return g_ptr_array_index (rows, i);
  g_assert_not_reached ();
  return NULL;
}

static GPtrArray *
ps (BerthComposeProject *project,
    BerthEngine         *engine)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = berth_compose_ps_sync (project, engine, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return rows;
}

static char *
container_id (BerthComposeProject *project,
              BerthEngine         *engine,
              const char          *service)
{
  g_autoptr(GPtrArray) rows = ps (project, engine);

  return g_strdup (berth_service_status_get_container_id (find_status (rows, service)));
}

/* Compares without leaking the looked-up id. */
#define assert_container_id(project, engine, service, op, expected) \
  G_STMT_START { \
    g_autofree char *_id = container_id (project, engine, service); \
    g_assert_cmpstr (_id, op, expected); \
  } G_STMT_END

static void
log_line (const char            *service,
          const char            *container,
          BerthComposeLogStream  stream,
          const char            *line,
          gpointer               user_data)
{
  g_string_append_printf (user_data, "%s | %s\n", service, line);
}

static char *
read_fd (int fd)
{
  GString *s = g_string_new (NULL);
  char buf[4096];
  gssize n;

  lseek (fd, 0, SEEK_SET);
  while ((n = read (fd, buf, sizeof buf)) > 0)
    g_string_append_len (s, buf, n);
  return g_string_free (s, FALSE);
}

static void
test_lifecycle (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autofree char *name = unique_project ("life");
  g_autoptr(BerthComposeProject) project = load_fixture ("basic", name, NULL);
  g_autoptr(BerthComposeProject) changed = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonObject) api = NULL;
  g_autoptr(JsonObject) network = NULL;
  g_autoptr(JsonObject) volume = NULL;
  g_autofree char *network_name = g_strdup_printf ("%s_default", name);
  g_autofree char *volume_name = g_strdup_printf ("%s_data", name);
  g_autofree char *db_id = NULL, *api_id = NULL, *migrate_id = NULL;
  g_autofree char *db_id2 = NULL, *api_id2 = NULL, *migrate_id2 = NULL;
  g_autofree char *out_text = NULL;
  g_autoptr(GString) logs = g_string_new (NULL);
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
  BerthServiceStatus *db, *migrate, *api_status;
  BerthPublishedPort *port;
  JsonObject *labels;
  gboolean ok;
  int exit_code = -1;
  char tmpl[] = "/tmp/berth-test-ops-exec-XXXXXX";
  int fd;

  /* up: dependency order and conditions */
  ok = berth_compose_up_sync (project, engine, NULL, collect_progress, events, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (index_of (events, "wait:done:db"), >=, 0);
  g_assert_cmpint (index_of (events, "wait:done:db"), <, index_of (events, "create:begin:migrate"));
  g_assert_cmpint (index_of (events, "wait:done:migrate"), <, index_of (events, "create:begin:api"));
  g_assert_cmpint (index_of (events, "start:done:db"), <, index_of (events, "create:begin:api"));
  g_assert_cmpint (index_of (events, "none:summary:"), ==, (int) events->len - 1);

  /* ps: every service, a one-shot that exited 0 is "completed" */
  rows = ps (project, engine);
  g_assert_cmpuint (rows->len, ==, 3);
  db = find_status (rows, "db");
  migrate = find_status (rows, "migrate");
  api_status = find_status (rows, "api");
  g_assert_cmpint (berth_service_status_get_state (db), ==, BERTH_SERVICE_STATE_RUNNING);
  g_assert_cmpint (berth_service_status_get_health (db), ==, BERTH_SERVICE_HEALTH_HEALTHY);
  g_assert_cmpint (berth_service_status_get_state (migrate), ==, BERTH_SERVICE_STATE_EXITED);
  g_assert_cmpint (berth_service_status_get_exit_code (migrate), ==, 0);
  g_assert_true (berth_service_status_get_completed (migrate));
  g_assert_false (berth_service_status_get_failed (migrate));
  g_assert_cmpint (berth_service_status_get_state (api_status), ==, BERTH_SERVICE_STATE_RUNNING);
  g_assert_cmpuint (berth_service_status_get_ports (api_status)->len, >=, 1);
  port = g_ptr_array_index (berth_service_status_get_ports (api_status), 0);
  g_assert_cmpuint (port->container_port, ==, 8080);
  g_assert_cmpuint (port->host_port, >, 0);
  {
    g_autofree char *expected = g_strdup_printf ("%s-api-1", name);
    g_assert_cmpstr (berth_service_status_get_container_name (api_status), ==, expected);
  }

  /* the Compose labels docker compose relies on */
  api = berth_engine_container_inspect_sync (engine, berth_service_status_get_container_id (api_status), NULL, &error);
  g_assert_no_error (error);
  labels = json_object_get_object_member (json_object_get_object_member (api, "Config"), "Labels");
  g_assert_cmpstr (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_PROJECT), ==, name);
  g_assert_cmpstr (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_SERVICE), ==, "api");
  g_assert_cmpstr (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_CONTAINER_NUMBER), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_ONEOFF), ==, "False");
  g_assert_cmpstr (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_VERSION), ==, BERTH_COMPOSE_VERSION);
  g_assert_cmpuint (strlen (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_CONFIG_HASH)), ==, 64);
  /* stop_grace_period and stop_signal reach the container. */
  {
    g_autoptr(JsonObject) db_inspect = berth_engine_container_inspect_sync (engine, berth_service_status_get_container_id (db),
                                                                             NULL, &error);
    JsonObject *config;

    g_assert_no_error (error);
    config = json_object_get_object_member (db_inspect, "Config");
    g_assert_cmpint (json_object_get_int_member (config, "StopTimeout"), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (config, "StopSignal"), ==, "SIGTERM");
    g_assert_nonnull (json_object_get_object_member (config, "Healthcheck"));
  }
  g_assert_cmpstr (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_DEPENDS_ON), ==,
                   "db:service_healthy:false,migrate:service_completed_successfully:false");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_IMAGE), "sha256:"));
  g_assert_cmpstr (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_WORKING_DIR), ==,
                   berth_compose_project_get_working_dir (project));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_CONFIG_FILES),
                                   "compose-ops/basic/compose.yaml"));

  /* Both networks, each with the service name as alias (the second one
   * connected before start on engines older than API 1.44). */
  {
    JsonObject *nets = json_object_get_object_member (json_object_get_object_member (api, "NetworkSettings"),
                                                      "Networks");
    g_autofree char *backend = g_strdup_printf ("%s_backend", name);
    JsonArray *aliases;
    gboolean has_api = FALSE, has_web = FALSE;

    g_assert_true (json_object_has_member (nets, network_name));
    g_assert_true (json_object_has_member (nets, backend));
    aliases = json_object_get_array_member (json_object_get_object_member (nets, backend), "Aliases");
    for (guint i = 0; i < json_array_get_length (aliases); i++)
      {
        has_api |= g_str_equal (json_array_get_string_element (aliases, i), "api");
        has_web |= g_str_equal (json_array_get_string_element (aliases, i), "web");
      }
    g_assert_true (has_api);
    g_assert_true (has_web);
  }

  network = berth_engine_network_inspect_sync (engine, network_name, NULL, &error);
  g_assert_no_error (error);
  labels = json_object_get_object_member (network, "Labels");
  g_assert_cmpstr (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_PROJECT), ==, name);
  g_assert_cmpstr (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_NETWORK), ==, "default");
  volume = berth_engine_volume_inspect_sync (engine, volume_name, NULL, &error);
  g_assert_no_error (error);
  labels = json_object_get_object_member (volume, "Labels");
  g_assert_cmpstr (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_VOLUME), ==, "data");

  /* exec: the service name resolves on the network; exit codes pass */
  fd = g_mkstemp (tmpl);
  g_assert_cmpint (fd, >=, 0);
  unlink (tmpl);
  {
    const char * const argv[] = { "sh", "-c", "getent hosts db && exit 3", NULL };
    const char * const from_db[] = { "getent", "hosts", "web", NULL };

    ok = berth_compose_exec_sync (project, engine, "db", from_db, NULL, -1, fd, fd, &exit_code, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (exit_code, ==, 0);
    ok = berth_compose_exec_sync (project, engine, "api", argv, NULL, -1, fd, fd, &exit_code, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (ok);
    g_assert_cmpint (exit_code, ==, 3);
    out_text = read_fd (fd);
    g_assert_nonnull (strstr (out_text, " db"));
  }
  close (fd);

  /* logs: merged, per service */
  ok = berth_compose_logs_sync (project, engine, NULL, log_line, logs, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (logs->str, "migrate | migrated\n"));
  g_assert_nonnull (strstr (logs->str, "api | api says hello\n"));

  /* up again, unchanged: same containers */
  db_id = container_id (project, engine, "db");
  api_id = container_id (project, engine, "api");
  migrate_id = container_id (project, engine, "migrate");
  ok = berth_compose_up_sync (project, engine, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_container_id (project, engine, "db", ==, db_id);
  assert_container_id (project, engine, "api", ==, api_id);
  assert_container_id (project, engine, "migrate", ==, migrate_id);

  /* up reattaches a running container disconnected from one of its
   * networks, with its aliases, without recreating it. */
  {
    g_autofree char *backend = g_strdup_printf ("%s_backend", name);
    g_autoptr(GPtrArray) up_events = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(JsonObject) inspect = NULL;
    const char * const from_db[] = { "getent", "hosts", "web", NULL };
    JsonObject *nets;
    JsonArray *aliases;
    g_autofree char *joined = NULL;
    GString *a = g_string_new (NULL);
    int null_fd = open ("/dev/null", O_WRONLY);

    g_assert_cmpint (null_fd, >=, 0);
    berth_engine_network_disconnect_sync (engine, backend, api_id, TRUE, NULL, &error);
    g_assert_no_error (error);
    /* "web" (api's alias on backend) no longer resolves from db. */
    berth_compose_exec_sync (project, engine, "db", from_db, NULL, -1, null_fd, null_fd, &exit_code, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (exit_code, !=, 0);

    ok = berth_compose_up_sync (project, engine, NULL, collect_progress, up_events, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (ok);
    g_assert_cmpint (index_of (up_events, "network:done:api"), >=, 0);
    g_assert_cmpint (index_of (up_events, "network:done:db"), <, 0);
    assert_container_id (project, engine, "api", ==, api_id);
    inspect = berth_engine_container_inspect_sync (engine, api_id, NULL, &error);
    g_assert_no_error (error);
    nets = json_object_get_object_member (json_object_get_object_member (inspect, "NetworkSettings"), "Networks");
    g_assert_true (json_object_has_member (nets, backend));
    aliases = json_object_get_array_member (json_object_get_object_member (nets, backend), "Aliases");
    for (guint i = 0; i < json_array_get_length (aliases); i++)
      g_string_append_printf (a, "%s,", json_array_get_string_element (aliases, i));
    joined = g_string_free (a, FALSE);
    g_assert_nonnull (strstr (joined, "api,"));
    g_assert_nonnull (strstr (joined, "web,"));
    berth_compose_exec_sync (project, engine, "db", from_db, NULL, -1, null_fd, null_fd, &exit_code, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (exit_code, ==, 0);
    close (null_fd);
  }

  /* a changed environment recreates only that service */
  changed = load_fixture ("basic", name, "bye");
  ok = berth_compose_up_sync (changed, engine, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  db_id2 = container_id (changed, engine, "db");
  api_id2 = container_id (changed, engine, "api");
  migrate_id2 = container_id (changed, engine, "migrate");
  g_assert_cmpstr (db_id2, ==, db_id);
  g_assert_cmpstr (migrate_id2, ==, migrate_id);
  g_assert_cmpstr (api_id2, !=, api_id);

  /* --force-recreate replaces every container of the selected services. */
  {
    g_autoptr(BerthComposeOptions) force = berth_compose_options_new ();

    force->force_recreate = TRUE;
    force->no_deps = TRUE;
    force->services = g_strsplit ("db", ",", -1);
    g_assert_true (berth_compose_up_sync (changed, engine, force, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    assert_container_id (changed, engine, "db", !=, db_id);
    assert_container_id (changed, engine, "api", ==, api_id2);
    g_free (db_id);
    db_id = container_id (changed, engine, "db");
  }

  /* stop / start / restart */
  options->timeout = 5;
  ok = berth_compose_stop_sync (changed, engine, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = ps (changed, engine);
  g_assert_cmpint (berth_service_status_get_state (find_status (rows, "api")), ==, BERTH_SERVICE_STATE_EXITED);
  g_assert_cmpint (berth_service_status_get_state (find_status (rows, "db")), ==, BERTH_SERVICE_STATE_EXITED);

  /* The stopped stack's backend network removed: up creates it again and
   * puts the stopped containers, still listed under the old one, on the
   * new one before starting them. */
  {
    g_autofree char *backend = g_strdup_printf ("%s_backend", name);
    g_autoptr(JsonObject) net = NULL;
    g_autoptr(JsonObject) inspect = NULL;
    g_autoptr(BerthComposeOptions) no_deps = berth_compose_options_new ();
    JsonObject *nets;

    berth_engine_network_remove_sync (engine, backend, NULL, &error);
    g_assert_no_error (error);
    no_deps->services = g_strsplit ("db,api", ",", -1);
    no_deps->no_deps = TRUE;
    ok = berth_compose_up_sync (changed, engine, no_deps, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (ok);
    assert_container_id (changed, engine, "api", ==, api_id2);
    net = berth_engine_network_inspect_sync (engine, backend, NULL, &error);
    g_assert_no_error (error);
    inspect = berth_engine_container_inspect_sync (engine, api_id2, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (json_object_get_boolean_member (json_object_get_object_member (inspect, "State"), "Running"));
    nets = json_object_get_object_member (json_object_get_object_member (inspect, "NetworkSettings"), "Networks");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (nets, backend), "NetworkID"), ==,
                     json_object_get_string_member (net, "Id"));
    ok = berth_compose_stop_sync (changed, engine, options, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  g_strfreev (options->services);
  options->services = g_strsplit ("db", ",", -1);
  ok = berth_compose_start_sync (changed, engine, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = ps (changed, engine);
  g_assert_cmpint (berth_service_status_get_state (find_status (rows, "db")), ==, BERTH_SERVICE_STATE_RUNNING);
  g_assert_cmpint (berth_service_status_get_state (find_status (rows, "api")), ==, BERTH_SERVICE_STATE_EXITED);
  ok = berth_compose_restart_sync (changed, engine, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_container_id (changed, engine, "db", ==, db_id);

  /* down: containers and network go, the named volume stays */
  ok = berth_compose_down_sync (changed, engine, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = ps (changed, engine);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpint (berth_service_status_get_state (g_ptr_array_index (rows, i)), ==, BERTH_SERVICE_STATE_NOT_CREATED);
  g_clear_pointer (&network, json_object_unref);
  network = berth_engine_network_inspect_sync (engine, network_name, NULL, &error);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&volume, json_object_unref);
  volume = berth_engine_volume_inspect_sync (engine, volume_name, NULL, &error);
  g_assert_no_error (error);

  /* down --volumes removes it */
  down_quietly (changed, engine, TRUE);
  g_clear_pointer (&volume, json_object_unref);
  volume = berth_engine_volume_inspect_sync (engine, volume_name, NULL, &error);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
}

static void
test_unhealthy_dependency (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autofree char *name = unique_project ("sick");
  g_autoptr(BerthComposeProject) project = load_fixture ("unhealthy", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gboolean ok;

  ok = berth_compose_up_sync (project, engine, NULL, NULL, NULL, NULL, &error);
  g_assert_false (ok);
  g_assert_nonnull (error);
  g_test_message ("up failed as expected: %s", error->message);
  g_assert_nonnull (strstr (error->message, "“db” is unhealthy"));
  g_assert_nonnull (strstr (error->message, "Not done: service api up"));

  rows = ps (project, engine);
  g_assert_cmpint (berth_service_status_get_health (find_status (rows, "db")), ==, BERTH_SERVICE_HEALTH_UNHEALTHY);
  g_assert_true (berth_service_status_get_failed (find_status (rows, "db")));
  g_assert_cmpint (berth_service_status_get_state (find_status (rows, "api")), ==, BERTH_SERVICE_STATE_NOT_CREATED);

  down_quietly (project, engine, TRUE);
}

static void
test_external_network_missing (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autofree char *name = unique_project ("ext");
  g_autoptr(BerthComposeProject) project = load_fixture ("external", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_false (berth_compose_up_sync (project, engine, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“berth-test-ops-no-such-network” is declared as external"));
  rows = ps (project, engine);
  g_assert_cmpint (berth_service_status_get_state (find_status (rows, "app")), ==, BERTH_SERVICE_STATE_NOT_CREATED);
  down_quietly (project, engine, FALSE);
}

static void
test_build (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autofree char *name = unique_project ("build");
  g_autofree char *two_image = g_strdup_printf ("%s-custom-two:v1", name);
  g_autofree char *one_image = g_strdup_printf ("%s-one", name);
  g_autoptr(BerthComposeProject) project = load_fixture_env ("build", name, "TWO_IMAGE", two_image);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) one = NULL;
  g_autoptr(JsonObject) two = NULL;
  g_autoptr(GString) logs = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  JsonObject *labels;

  g_assert_true (berth_compose_build_sync (project, engine, NULL, collect_progress, events, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (index_of (events, "build:done:one"), >=, 0);
  g_assert_cmpint (index_of (events, "build:done:two"), >=, 0);
  g_assert_cmpint (index_of (events, "build:output:one"), >=, 0);

  /* Tagged <project>-<service>, or image: when given; labelled. */
  one = berth_engine_image_inspect_sync (engine, one_image, NULL, &error);
  g_assert_no_error (error);
  labels = json_object_get_object_member (json_object_get_object_member (one, "Config"), "Labels");
  g_assert_cmpstr (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_PROJECT), ==, name);
  g_assert_cmpstr (json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_SERVICE), ==, "one");
  g_assert_cmpstr (json_object_get_string_member (labels, "org.berth.test"), ==, "one");
  two = berth_engine_image_inspect_sync (engine, two_image, NULL, &error);
  g_assert_no_error (error);

  /* up uses them as they are (no rebuild), and the build args arrived. */
  g_ptr_array_set_size (events, 0);
  g_assert_true (berth_compose_up_sync (project, engine, NULL, collect_progress, events, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (index_of (events, "build:begin:one"), ==, -1);
  /* up returns once they started; they exit a moment later. */
  for (guint i = 0; i < 2; i++)
    {
      const char *service = i == 0 ? "one" : "two";
      g_autofree char *id = container_id (project, engine, service);

      g_assert_true (berth_compose_wait_condition (engine, service, id,
                                                   BERTH_COMPOSE_CONDITION_COMPLETED_SUCCESSFULLY, NULL, &error));
      g_assert_no_error (error);
    }
  rows = ps (project, engine);
  g_assert_true (berth_service_status_get_completed (find_status (rows, "one")));
  g_assert_true (berth_service_status_get_completed (find_status (rows, "two")));
  berth_compose_logs_sync (project, engine, NULL, log_line, logs, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (logs->str, "one | hello-one\n"));
  g_assert_nonnull (strstr (logs->str, "two | hello-two\n"));

  /* A rebuilt image (no cache: a new id) recreates that service only. */
  {
    g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
    g_autofree char *one_id = container_id (project, engine, "one");
    g_autofree char *two_id = container_id (project, engine, "two");

    options->no_cache = TRUE;
    options->services = g_strsplit ("one", ",", -1);
    g_assert_true (berth_compose_build_sync (project, engine, options, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (berth_compose_up_sync (project, engine, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    assert_container_id (project, engine, "one", !=, one_id);
    assert_container_id (project, engine, "two", ==, two_id);
  }

  down_quietly (project, engine, TRUE);
  berth_engine_image_remove_sync (engine, one_image, TRUE, NULL, &error);
  g_assert_no_error (error);
  berth_engine_image_remove_sync (engine, two_image, TRUE, NULL, &error);
  g_assert_no_error (error);
}

static void
test_build_failure (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autofree char *name = unique_project ("badbuild");
  g_autoptr(BerthComposeProject) project = load_fixture ("bad-build", name, NULL);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_false (berth_compose_build_sync (project, engine, NULL, collect_progress, events, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED);
  g_test_message ("%s", error->message);
  /* The service, the step and the builder's own message. */
  g_assert_nonnull (strstr (error->message, "“app”"));
  g_assert_nonnull (strstr (error->message, "Step 2/"));
  g_assert_nonnull (strstr (error->message, "echo about to fail && exit 7"));
  g_assert_nonnull (strstr (error->message, "returned a non-zero code: 7"));
  g_assert_nonnull (strstr (error->message, "Not done: built"));
  g_assert_cmpint (index_of (events, "build:failed:app"), >=, 0);
}

static void
test_pull_failure (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autofree char *name = unique_project ("pull");
  g_autoptr(BerthComposeProject) project = load_fixture ("pull-missing", name, NULL);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_false (berth_compose_up_sync (project, engine, NULL, collect_progress, events, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Could not pull image “localhost:1/berth-no-such-image:1” for service “ghost”"));
  g_assert_cmpint (index_of (events, "pull:begin:ghost"), >=, 0);
  g_assert_cmpint (index_of (events, "pull:failed:ghost"), >, index_of (events, "pull:begin:ghost"));
  down_quietly (project, engine, FALSE);
}

static void
test_orphans (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autofree char *name = unique_project ("orphan");
  g_autofree char *dir = berth_test_source_path ("tests", "compose-ops", "interop", NULL);
  g_autoptr(BerthComposeProject) full = NULL;
  g_autoptr(BerthComposeProject) smaller = load_fixture ("orphan", name, NULL);
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;

  full = berth_compose_project_load (dir, NULL, name, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (berth_compose_up_sync (full, engine, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* up and down of the smaller file warn about web and leave it. */
  g_assert_true (berth_compose_up_sync (smaller, engine, NULL, collect_progress, events, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (index_of (events, "none:warning:web"), >=, 0);
  options->timeout = 2;
  g_ptr_array_set_size (events, 0);
  g_assert_true (berth_compose_down_sync (smaller, engine, options, collect_progress, events, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (index_of (events, "none:warning:web"), >=, 0);
  /* Its network stays while web uses it: a warning, not a failure. */
  {
    g_autofree char *network_event = g_strdup_printf ("network:warning:%s_default", name);

    g_assert_cmpint (index_of (events, network_event), >=, 0);
  }
  left = berth_compose_list_containers (engine, name, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 1);
  g_assert_cmpstr (berth_compose_container_label (g_ptr_array_index (left, 0), BERTH_COMPOSE_LABEL_SERVICE), ==, "web");

  /* --remove-orphans removes it. */
  options->remove_orphans = TRUE;
  g_assert_true (berth_compose_down_sync (smaller, engine, options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&left, g_ptr_array_unref);
  left = berth_compose_list_containers (engine, name, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 0);
  {
    g_autofree char *network_name = g_strdup_printf ("%s_default", name);
    g_autoptr(JsonObject) network = berth_engine_network_inspect_sync (engine, network_name, NULL, &error);

    g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  down_quietly (full, engine, TRUE);
}

typedef struct
{
  GMutex        lock;
  GString      *seen;
  GCancellable *cancellable;
  gboolean      ok;
  GError       *error;
  BerthComposeProject *project;
  BerthEngine  *engine;
} EventsWatch;

static gboolean
on_compose_event (const BerthComposeEvent *ev,
                  gpointer                 user_data)
{
  EventsWatch *w = user_data;

  g_mutex_lock (&w->lock);
  g_string_append_printf (w->seen, "%s:%s%s%s:%d\n", ev->service, ev->action,
                          ev->action_value ? "=" : "", ev->action_value ? ev->action_value : "", ev->exit_code);
  g_mutex_unlock (&w->lock);
  return TRUE;
}

static void
on_follow_line (const char            *service,
                const char            *container,
                BerthComposeLogStream  stream,
                const char            *line,
                gpointer               user_data)
{
  EventsWatch *w = user_data;

  g_mutex_lock (&w->lock);
  g_string_append_printf (w->seen, "log %s | %s\n", service, line);
  g_mutex_unlock (&w->lock);
}

static gpointer
follow_thread (gpointer data)
{
  EventsWatch *w = data;
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
  g_autoptr(GError) error = NULL;

  options->follow = TRUE;
  g_assert_true (berth_compose_logs_sync (w->project, w->engine, options, on_follow_line, w, w->cancellable, &error));
  g_assert_no_error (error);
  return NULL;
}

static guint
count_lines (EventsWatch *w,
             const char  *line)
{
  guint n = 0;

  g_mutex_lock (&w->lock);
  for (const char *p = strstr (w->seen->str, line); p; p = strstr (p + 1, line))
    n++;
  g_mutex_unlock (&w->lock);
  return n;
}

static gpointer
events_thread (gpointer data)
{
  EventsWatch *w = data;

  w->ok = berth_compose_events_sync (w->project, w->engine, NULL, on_compose_event, w, w->cancellable, &w->error);
  return NULL;
}

static gboolean
seen_contains (EventsWatch *w,
               const char  *what)
{
  gboolean ret;

  g_mutex_lock (&w->lock);
  ret = strstr (w->seen->str, what) != NULL;
  g_mutex_unlock (&w->lock);
  return ret;
}

static void
test_events (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autofree char *name = unique_project ("events");
  g_autoptr(BerthComposeProject) project = load_fixture ("orphan", name, NULL);
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
  g_autoptr(GError) error = NULL;
  EventsWatch w = { 0 };
  GThread *thread;
  GThread *follow;
  gint64 end;

  g_mutex_init (&w.lock);
  w.seen = g_string_new (NULL);
  w.cancellable = g_cancellable_new ();
  w.project = project;
  w.engine = engine;
  thread = g_thread_new ("events", events_thread, &w);

  /* The stream may start a moment after the thread: repeat the action
   * until its events arrive (bounded so a broken build cannot hang). */
  end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_assert_true (berth_compose_up_sync (project, engine, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* logs -f from here on: its first line is the start's; each restart
   * after that must add exactly one. */
  follow = g_thread_new ("follow", follow_thread, &w);
  while (count_lines (&w, "log cache | cache started") < 1 && g_get_monotonic_time () < end)
    g_usleep (G_USEC_PER_SEC / 10);
  g_assert_cmpuint (count_lines (&w, "log cache | cache started"), ==, 1);
  options->timeout = 2;
  while ((!seen_contains (&w, "cache:restart") || count_lines (&w, "log cache | cache started") < 3) &&
         g_get_monotonic_time () < end)
    {
      g_assert_true (berth_compose_restart_sync (project, engine, options, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (seen_contains (&w, "cache:die:0"));
  g_assert_true (seen_contains (&w, "cache:start:-1"));
  g_assert_true (seen_contains (&w, "cache:restart:-1"));
  /* No exec or attach noise. */
  g_assert_false (seen_contains (&w, "exec_"));
  /* The first start's line, then one per restart, each once. */
  g_assert_cmpuint (count_lines (&w, "log cache | cache started"), >=, 3);

  g_cancellable_cancel (w.cancellable);
  g_thread_join (thread);
  g_thread_join (follow);
  /* Stopping to follow is not an error. */
  g_assert_no_error (w.error);
  g_assert_true (w.ok);

  down_quietly (project, engine, TRUE);
  g_string_free (w.seen, TRUE);
  g_object_unref (w.cancellable);
  g_mutex_clear (&w.lock);
}

/* --- cancelling a build ------------------------------------------------ */

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  GThread      *main_thread;
  gint64        cancelled_at;
  gint64        finished_at;
  gboolean      wrong_thread;
  gboolean      progress_after_finish;
  gboolean      finished;
  GError       *error;
} CancelRun;

static void
cancel_on_step_two (const BerthComposeProgress *p,
                    gpointer                    user_data)
{
  CancelRun *run = user_data;

  if (g_thread_self () != run->main_thread)
    run->wrong_thread = TRUE;
  if (run->finished)
    run->progress_after_finish = TRUE;
  if (p->phase == BERTH_COMPOSE_PHASE_OUTPUT && p->message && strstr (p->message, "step two starts") &&
      run->cancelled_at == 0)
    {
      run->cancelled_at = g_get_monotonic_time ();
      g_cancellable_cancel (run->cancellable);
    }
}

static void
on_cancelled_up (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CancelRun *run = user_data;

  run->finished_at = g_get_monotonic_time ();
  run->finished = TRUE;
  g_assert_false (berth_compose_up_finish (result, &run->error));
  g_main_loop_quit (run->loop);
}

static void
test_build_cancel (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autofree char *name = unique_project ("cancel");
  g_autoptr(BerthComposeProject) project = load_fixture ("slow-build", name, NULL);
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
  g_autoptr(GPtrArray) containers = NULL;
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = g_strdup_printf ("label=%s=%s", BERTH_COMPOSE_LABEL_PROJECT, name);
  const char * const filters[] = { label, NULL };
  CancelRun run = { 0 };

  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  run.main_thread = g_thread_self ();
  /* No cache: the slow step must really run. */
  options->build = TRUE;
  options->no_cache = TRUE;

  berth_compose_up_async (project, engine, options, cancel_on_step_two, &run, NULL, run.cancellable,
                          on_cancelled_up, &run);
  g_main_loop_run (run.loop);

  g_assert_cmpint (run.cancelled_at, >, 0);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("cancelled: %s (after %" G_GINT64_FORMAT " ms)", run.error->message,
                  (run.finished_at - run.cancelled_at) / 1000);
  g_assert_nonnull (strstr (run.error->message, "Not done:"));
  g_assert_nonnull (strstr (run.error->message, "service app up"));
  /* Promptly: the RUN step sleeps 60 s; generous but real. */
  g_assert_cmpint (run.finished_at - run.cancelled_at, <, 5 * G_USEC_PER_SEC);
  /* Progress came in the caller's context, and all of it before the result. */
  g_assert_false (run.wrong_thread);
  g_assert_false (run.progress_after_finish);

  list = berth_engine_containers_list_sync (engine, TRUE, filters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 0);

  down_quietly (project, engine, TRUE);
  g_clear_error (&run.error);
  g_object_unref (run.cancellable);
  g_main_loop_unref (run.loop);
}

/* --- the live service list ---------------------------------------------- */

typedef struct
{
  BerthServiceList *list;
  guint             reconciled;
  guint             health_notifies;
} ListWatch;

static void
on_reconciled (BerthServiceList *list,
               ListWatch        *watch)
{
  watch->reconciled++;
}

static gboolean
row_is (BerthServiceList   *list,
        const char         *service,
        BerthServiceState   state,
        BerthServiceHealth  health,
        gboolean            completed)
{
  BerthServiceStatus *row = berth_service_list_lookup (list, service);

  return row != NULL && berth_service_status_get_state (row) == state &&
         berth_service_status_get_health (row) == health &&
         berth_service_status_get_completed (row) == completed;
}

/* Runs the main loop until cond holds; a generous bound keeps a broken
 * build from hanging CI, it is not a timing assertion. */
static gboolean
iterate_until (gboolean (*cond) (gpointer),
               gpointer   data)
{
  gint64 end = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

static gboolean
reconciled_once (gpointer data)
{
  return ((ListWatch *) data)->reconciled > 0;
}

static gboolean
all_up (gpointer data)
{
  ListWatch *w = data;

  return row_is (w->list, "db", BERTH_SERVICE_STATE_RUNNING, BERTH_SERVICE_HEALTH_HEALTHY, FALSE) &&
         row_is (w->list, "migrate", BERTH_SERVICE_STATE_EXITED, BERTH_SERVICE_HEALTH_NONE, TRUE) &&
         row_is (w->list, "api", BERTH_SERVICE_STATE_RUNNING, BERTH_SERVICE_HEALTH_NONE, FALSE);
}

static gboolean
all_gone (gpointer data)
{
  ListWatch *w = data;

  return row_is (w->list, "db", BERTH_SERVICE_STATE_NOT_CREATED, BERTH_SERVICE_HEALTH_NONE, FALSE) &&
         row_is (w->list, "migrate", BERTH_SERVICE_STATE_NOT_CREATED, BERTH_SERVICE_HEALTH_NONE, FALSE) &&
         row_is (w->list, "api", BERTH_SERVICE_STATE_NOT_CREATED, BERTH_SERVICE_HEALTH_NONE, FALSE);
}

static void
on_health (GObject    *row,
           GParamSpec *pspec,
           ListWatch  *watch)
{
  watch->health_notifies++;
}

typedef struct
{
  gboolean  done;
  GError   *error;
} OpResult;

static void
on_op_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  OpResult *r = user_data;

  r->done = TRUE;
  if (g_task_get_source_tag (G_TASK (result)) == berth_compose_up_async)
    berth_compose_up_finish (result, &r->error);
  else
    berth_compose_down_finish (result, &r->error);
}

static gboolean
op_done (gpointer data)
{
  return ((OpResult *) data)->done;
}

static void
test_service_list (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autofree char *name = unique_project ("list");
  g_autoptr(BerthComposeProject) project = load_fixture ("basic", name, NULL);
  g_autoptr(BerthServiceList) list = berth_service_list_new_for_project (engine, project);
  g_autoptr(BerthServiceStatus) db_row = NULL;
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
  ListWatch watch = { list, 0, 0 };
  OpResult up = { 0 }, down = { 0 };

  /* Every model service has a row before anything exists. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == BERTH_TYPE_SERVICE_STATUS);
  db_row = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (berth_service_status_get_service (db_row), ==, "db");
  g_signal_connect (db_row, "notify::health", G_CALLBACK (on_health), &watch);
  g_signal_connect (list, "reconciled", G_CALLBACK (on_reconciled), &watch);

  berth_service_list_start (list);
  g_assert_true (iterate_until (reconciled_once, &watch));
  g_assert_true (berth_service_list_get_connected (list));
  g_assert_true (all_gone (&watch));

  /* Everything that follows comes from the event stream: no list call. */
  berth_compose_up_async (project, engine, NULL, NULL, NULL, NULL, NULL, on_op_done, &up);
  g_assert_true (iterate_until (op_done, &up));
  g_assert_no_error (up.error);
  g_assert_true (iterate_until (all_up, &watch));
  g_assert_cmpuint (watch.reconciled, ==, 1);
  /* The row object survived: starting, then healthy. */
  g_assert_true (berth_service_list_lookup (list, "db") == db_row);
  g_assert_cmpuint (watch.health_notifies, >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);

  options->timeout = 5;
  berth_compose_down_async (project, engine, options, NULL, NULL, NULL, NULL, on_op_done, &down);
  g_assert_true (iterate_until (op_done, &down));
  g_assert_no_error (down.error);
  g_assert_true (iterate_until (all_gone, &watch));
  g_assert_true (berth_service_list_lookup (list, "db") == db_row);
  g_assert_cmpuint (watch.reconciled, ==, 1);

  /* An explicit reconcile lists again. */
  berth_service_list_reconcile (list);
  g_assert_true (iterate_until (reconciled_once, &watch));
  berth_service_list_stop (list);
  g_assert_false (berth_service_list_get_connected (list));

  down_quietly (project, engine, TRUE);
}

/* --- reconnecting ------------------------------------------------------- */

/* A unix-socket proxy to the test engine that the test can cut and restore,
 * standing in for an engine restart. */
typedef struct
{
  char             *path;
  char             *target;
  GSocketService   *service;
  GPtrArray        *streams;   /* GIOStream, both ends of live connections */
} Proxy;

static void
on_splice_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_io_stream_splice_finish (result, NULL);
}

static gboolean
on_proxy_incoming (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source_object,
                   Proxy             *proxy)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (proxy->target);
  g_autoptr(GSocketConnection) upstream = NULL;

  upstream = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
  if (upstream == NULL)
    return TRUE;
  g_ptr_array_add (proxy->streams, g_object_ref (connection));
  g_ptr_array_add (proxy->streams, g_object_ref (upstream));
  g_io_stream_splice_async (G_IO_STREAM (connection), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, NULL, on_splice_done, NULL);
  return TRUE;
}

static void
proxy_open (Proxy *proxy)
{
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (proxy->path);
  g_autoptr(GError) error = NULL;

  proxy->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (proxy->service, "incoming", G_CALLBACK (on_proxy_incoming), proxy);
  g_socket_service_start (proxy->service);
}

static void
proxy_cut (Proxy *proxy)
{
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_clear_object (&proxy->service);
  for (guint i = 0; i < proxy->streams->len; i++)
    g_io_stream_close (g_ptr_array_index (proxy->streams, i), NULL, NULL);
  g_ptr_array_set_size (proxy->streams, 0);
  g_unlink (proxy->path);
}

static gboolean
disconnected (gpointer data)
{
  return !berth_service_list_get_connected (((ListWatch *) data)->list);
}

static gboolean
reconciled_twice (gpointer data)
{
  ListWatch *w = data;

  return w->reconciled >= 2 && berth_service_list_get_connected (w->list);
}

static void
test_service_list_reconnect (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autofree char *name = unique_project ("reconnect");
  g_autoptr(BerthComposeProject) project = load_fixture ("orphan", name, NULL);
  g_autoptr(BerthEngine) proxied = NULL;
  g_autoptr(BerthServiceList) list = NULL;
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  const char *target = berth_test_engine_host ();
  Proxy proxy = { 0 };
  ListWatch watch = { 0 };

  /* The proxy speaks unix sockets, as the test harness's engine does. */
  g_assert_true (g_str_has_prefix (target, "unix://"));
  proxy.target = g_strdup (target + strlen ("unix://"));
  proxy.path = g_strdup_printf ("%s/berth-test-ops-proxy-%08x.sock", g_get_tmp_dir (), g_random_int ());
  proxy.streams = g_ptr_array_new_with_free_func (g_object_unref);
  proxy_open (&proxy);
  host = g_strdup_printf ("unix://%s", proxy.path);
  proxied = berth_engine_new (host, &error);
  g_assert_no_error (error);

  g_assert_true (berth_compose_up_sync (project, engine, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  list = berth_service_list_new_for_project (proxied, project);
  watch.list = list;
  g_signal_connect (list, "reconciled", G_CALLBACK (on_reconciled), &watch);
  berth_service_list_start (list);
  g_assert_true (iterate_until (reconciled_once, &watch));
  g_assert_true (row_is (list, "cache", BERTH_SERVICE_STATE_RUNNING, BERTH_SERVICE_HEALTH_NONE, FALSE));

  /* The engine goes away; meanwhile the service stops. */
  proxy_cut (&proxy);
  g_assert_true (iterate_until (disconnected, &watch));
  g_assert_nonnull (berth_service_list_get_error (list));
  options->timeout = 2;
  g_assert_true (berth_compose_stop_sync (project, engine, options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* Nothing could tell the list: it still shows what it last knew. */
  g_assert_true (row_is (list, "cache", BERTH_SERVICE_STATE_RUNNING, BERTH_SERVICE_HEALTH_NONE, FALSE));

  /* Back: the list reconnects by itself and lists again. */
  proxy_open (&proxy);
  g_assert_true (iterate_until (reconciled_twice, &watch));
  g_assert_null (berth_service_list_get_error (list));
  /* (The exit code depends on how soon after its start it was stopped.) */
  g_assert_cmpint (berth_service_status_get_state (berth_service_list_lookup (list, "cache")), ==,
                   BERTH_SERVICE_STATE_EXITED);

  berth_service_list_stop (list);
  proxy_cut (&proxy);
  down_quietly (project, engine, TRUE);
  g_ptr_array_unref (proxy.streams);
  g_free (proxy.path);
  g_free (proxy.target);
}

/* --- berth-cli ----------------------------------------------------------- */

static JsonArray *
cli_ps_json (const char *fixture_dir,
             const char *name)
{
  const char *argv[] = { berth_test_cli (), "-H", berth_test_engine_host (), "--project-dir", fixture_dir,
                         "-p", name, "ps", "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int code = -1;

  berth_test_run (argv, &out, &err, &code, &error);
  g_assert_no_error (error);
  if (code != 0)
    g_test_message ("berth-cli ps: %s", err);
  g_assert_cmpint (code, ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static void
test_cli (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autofree char *name = unique_project ("cli");
  g_autofree char *dir = berth_test_source_path ("tests", "compose-ops", "basic", NULL);
  g_autoptr(BerthComposeProject) project = load_fixture ("basic", name, NULL);
  g_autoptr(JsonArray) before = NULL;
  g_autoptr(JsonArray) after = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o;
  int code = -1;

  /* Exit codes: 3 for an engine that is not there, 2 for bad input. */
  {
    const char *argv[] = { berth_test_cli (), "-H", "unix:///nonexistent/berth-test.sock", "--project-dir", dir,
                           "-p", name, "ps", NULL };
    const char *argv2[] = { berth_test_cli (), "-H", berth_test_engine_host (), "--project-dir", dir,
                            "-p", name, "up", "no-such-service", NULL };

    berth_test_run (argv, &out, &err, &code, &error);
    g_assert_no_error (error);
    g_assert_cmpint (code, ==, 3);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    berth_test_run (argv2, &out, &err, &code, &error);
    g_assert_no_error (error);
    g_assert_cmpint (code, ==, 2);
    g_assert_nonnull (strstr (err, "No such service: “no-such-service”"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  before = cli_ps_json (dir, name);
  g_assert_cmpuint (json_array_get_length (before), ==, 3);
  o = berth_test_json_row (before, "api");
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "not created");

  {
    const char *argv[] = { berth_test_cli (), "-H", berth_test_engine_host (), "--project-dir", dir,
                           "-p", name, "up", "--json", NULL };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_auto(GStrv) lines = NULL;

    berth_test_run (argv, &out, &err, &code, &error);
    g_assert_no_error (error);
    g_assert_cmpint (code, ==, 0);
    /* Progress as JSON lines, the last one the summary. */
    lines = g_strsplit (g_strchomp (out), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), >, 5);
    json_parser_load_from_data (parser, lines[g_strv_length (lines) - 1], -1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "phase"),
                     ==, "summary");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "operation"),
                     ==, "up");
  }

  /* ps --json agrees with the core's ps */
  after = cli_ps_json (dir, name);
  rows = ps (project, engine);
  g_assert_cmpuint (json_array_get_length (after), ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      BerthServiceStatus *s = g_ptr_array_index (rows, i);
      JsonObject *row = berth_test_json_row (after, berth_service_status_get_service (s));
      JsonArray *ports = json_object_get_array_member (row, "ports");

      g_assert_cmpstr (json_object_get_string_member (row, "id"), ==, berth_service_status_get_container_id (s));
      g_assert_cmpstr (json_object_get_string_member (row, "container"), ==, berth_service_status_get_container_name (s));
      g_assert_cmpstr (json_object_get_string_member (row, "state"), ==,
                       berth_service_state_to_string (berth_service_status_get_state (s)));
      g_assert_cmpstr (json_object_get_string_member (row, "image"), ==, "debian:bookworm-slim");
      g_assert_true (json_object_has_member (row, "health"));
      g_assert_true (json_object_has_member (row, "exit_code"));
      g_assert_cmpuint (json_array_get_length (ports), ==, berth_service_status_get_ports (s)->len);
    }
  o = berth_test_json_row (after, "migrate");
  g_assert_true (json_object_get_boolean_member (o, "completed"));
  g_assert_cmpint (json_object_get_int_member (o, "exit_code"), ==, 0);
  o = berth_test_json_row (after, "db");
  g_assert_cmpstr (json_object_get_string_member (o, "health"), ==, "healthy");
  o = berth_test_json_row (after, "api");
  {
    JsonObject *port = json_array_get_object_element (json_object_get_array_member (o, "ports"), 0);

    g_assert_cmpint (json_object_get_int_member (port, "container_port"), ==, 8080);
    g_assert_cmpstr (json_object_get_string_member (port, "protocol"), ==, "tcp");
    g_assert_true (json_object_has_member (port, "host_ip"));
    g_assert_cmpint (json_object_get_int_member (port, "host_port"), >, 0);
  }

  /* exec passes the exit code through; down --volumes needs --yes off a terminal */
  {
    const char *argv[] = { berth_test_cli (), "-H", berth_test_engine_host (), "--project-dir", dir,
                           "-p", name, "exec", "-T", "api", "sh", "-c", "echo hi; exit 7", NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    berth_test_run (argv, &out, &err, &code, &error);
    g_assert_no_error (error);
    g_assert_cmpint (code, ==, 7);
    g_assert_cmpstr (out, ==, "hi\n");
  }
  {
    /* stdin reaches the command (exec -T keeps stdin attached). */
    g_autofree char *q_cli = g_shell_quote (berth_test_cli ());
    g_autofree char *q_host = g_shell_quote (berth_test_engine_host ());
    g_autofree char *q_dir = g_shell_quote (dir);
    g_autofree char *script = g_strdup_printf ("printf 'a\\nb\\nc\\n' | %s -H %s --project-dir %s -p %s "
                                               "exec -T api sh -c 'wc -l; exit 2'", q_cli, q_host, q_dir, name);
    const char *argv[] = { "/bin/sh", "-c", script, NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    berth_test_run (argv, &out, &err, &code, &error);
    g_assert_no_error (error);
    g_assert_cmpint (code, ==, 2);
    g_assert_cmpstr (g_strstrip (out), ==, "3");
  }
  {
    const char *argv[] = { berth_test_cli (), "-H", berth_test_engine_host (), "--project-dir", dir,
                           "-p", name, "logs", "--no-color", "migrate", NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    berth_test_run (argv, &out, &err, &code, &error);
    g_assert_no_error (error);
    g_assert_cmpint (code, ==, 0);
    g_assert_cmpstr (out, ==, "migrate | migrated\n");
  }
  {
    const char *argv[] = { berth_test_cli (), "-H", berth_test_engine_host (), "--project-dir", dir,
                           "-p", name, "down", "--volumes", NULL };
    g_autofree char *volume_name = g_strdup_printf ("%s_data", name);
    g_autoptr(JsonObject) volume = NULL;

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    berth_test_run (argv, &out, &err, &code, &error);
    g_assert_no_error (error);
    g_assert_cmpint (code, ==, 2);
    g_assert_nonnull (strstr (err, "--yes"));
    /* Nothing was touched. */
    volume = berth_engine_volume_inspect_sync (engine, volume_name, NULL, &error);
    g_assert_no_error (error);
    assert_container_id (project, engine, "db", !=, NULL);
  }
  {
    const char *argv[] = { berth_test_cli (), "-H", berth_test_engine_host (), "--project-dir", dir,
                           "-p", name, "down", "--volumes", "--yes", "-t", "5", NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    berth_test_run (argv, &out, &err, &code, &error);
    g_assert_no_error (error);
    g_assert_cmpint (code, ==, 0);
  }
  g_clear_pointer (&after, json_array_unref);
  after = cli_ps_json (dir, name);
  for (guint i = 0; i < json_array_get_length (after); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (after, i), "state"), ==,
                     "not created");
}

/* Everything these tests create carries a project name starting with
 * "berth-test-ops-": swept before, after, and when an assertion aborts. */
static void
sweep (void)
{
  berth_test_sweep_projects ("berth-test-ops-", TRUE);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  sweep ();
  berth_test_sweep_on_abort_set (sweep);

  g_test_add_func ("/compose-ops/lifecycle", test_lifecycle);
  g_test_add_func ("/compose-ops/unhealthy-dependency", test_unhealthy_dependency);
  g_test_add_func ("/compose-ops/external-network-missing", test_external_network_missing);
  g_test_add_func ("/compose-ops/orphans", test_orphans);
  g_test_add_func ("/compose-ops/events", test_events);
  g_test_add_func ("/compose-ops/pull-failure", test_pull_failure);
  g_test_add_func ("/compose-ops/build", test_build);
  g_test_add_func ("/compose-ops/build-failure", test_build_failure);
  g_test_add_func ("/compose-ops/build-cancel", test_build_cancel);
  g_test_add_func ("/compose-ops/service-list", test_service_list);
  g_test_add_func ("/compose-ops/service-list-reconnect", test_service_list_reconnect);
  g_test_add_func ("/compose-ops/cli", test_cli);

  ret = g_test_run ();
  sweep ();
  return ret;
}
