/* test-compose-demo.c: the compose operations on the demo backend
 * (data/demo/probeops-backend): up, health from inside the network, ps
 * --json, down, and a database row that survives down/up.
 *
 * The demo's images (probeops-backend-{api,db}:latest) are built by up when
 * the engine lacks them (minutes) and reused otherwise.  Each run gets its
 * own project name and network (PROBEOPS_NETWORK) and a free host port.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "berth-compose-labels.h"
#include "berth-compose-operations.h"
#include "berth-compose-ops-private.h"
#include "berth-engine-containers.h"
#include "berth-engine-resources.h"
#include "berth-compose-test.h"
#include "berth-test.h"

static char *project_name;
static char *network_name;

static BerthComposeProject *
load_demo (void)
{
  g_autoptr(GHashTable) env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) environ_ = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *file = BERTH_SOURCE_DEMO_DIR "/docker-compose.backend.yml";
  const char * const files[] = { file, NULL };
  BerthComposeProject *project;

  for (guint i = 0; environ_[i]; i++)
    {
      char *eq = strchr (environ_[i], '=');
      if (eq)
        g_hash_table_insert (env, g_strndup (environ_[i], eq - environ_[i]), g_strdup (eq + 1));
    }
  g_hash_table_insert (env, g_strdup ("PROBEOPS_NETWORK"), g_strdup (network_name));
  g_hash_table_insert (env, g_strdup ("API_PORT"), g_strdup ("0"));
  g_hash_table_remove (env, "COMPOSE_PROJECT_NAME");
  g_hash_table_remove (env, "POSTGRES_PASSWORD");

  project = berth_compose_project_load (NULL, files, project_name, env, &error);
  g_assert_no_error (error);
  return project;
}

static void
print_progress (const BerthComposeProgress *p,
                gpointer                    user_data)
{
  g_autofree char *line = NULL;

  if (p->phase == BERTH_COMPOSE_PHASE_OUTPUT || p->phase == BERTH_COMPOSE_PHASE_PROGRESS)
    return;
  line = berth_compose_progress_format (p);
  g_test_message ("%s", line);
}

static char *
service_container (BerthComposeProject *project,
                   BerthEngine         *engine,
                   const char          *service)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) containers = berth_compose_list_containers (engine, berth_compose_project_get_name (project),
                                                                   service, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (containers->len, ==, 1);
  return g_strdup (json_object_get_string_member (g_ptr_array_index (containers, 0), "Id"));
}

/* Runs argv in a service's container and returns its stdout. */
static char *
exec_capture (BerthComposeProject *project,
              BerthEngine         *engine,
              const char          *service,
              const char * const  *argv,
              const char * const  *env,
              int                 *exit_code)
{
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
  g_autoptr(GError) error = NULL;
  char tmpl[] = "/tmp/berth-test-demo-exec-XXXXXX";
  int fd = g_mkstemp (tmpl);
  GString *out = g_string_new (NULL);
  char buf[4096];
  gssize n;

  g_assert_cmpint (fd, >=, 0);
  unlink (tmpl);
  options->env = g_strdupv ((char **) env);
  berth_compose_exec_sync (project, engine, service, argv, options, -1, fd, fd, exit_code, NULL, &error);
  g_assert_no_error (error);
  lseek (fd, 0, SEEK_SET);
  while ((n = read (fd, buf, sizeof buf)) > 0)
    g_string_append_len (out, buf, n);
  close (fd);
  return g_string_free (out, FALSE);
}

static void
up_and_wait (BerthComposeProject *project,
             BerthEngine         *engine)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *api = NULL;

  berth_compose_up_sync (project, engine, NULL, print_progress, NULL, NULL, &error);
  g_assert_no_error (error);
  /* up returns once api started (after db became healthy); its own
   * healthcheck says when gunicorn answers. */
  api = service_container (project, engine, "api");
  berth_compose_wait_condition (engine, "api", api, BERTH_COMPOSE_CONDITION_HEALTHY, NULL, &error);
  g_assert_no_error (error);
}

static void
test_demo (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autoptr(BerthComposeProject) project = load_demo ();
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonObject) network = NULL;
  g_autofree char *code = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *volume_name = g_strdup_printf ("%s_db-data", project_name);
  const char * const curl[] = { "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://api:5000/health", NULL };
  const char * const pg_env[] = { "PGPASSWORD=probeops", NULL };
  const char * const write_row[] = { "psql", "-h", "127.0.0.1", "-U", "probeops", "-d", "probeops", "-v",
                                     "ON_ERROR_STOP=1", "-c",
                                     "CREATE TABLE berth_probe (v text); INSERT INTO berth_probe VALUES ('survives down and up')",
                                     NULL };
  const char * const read_row[] = { "psql", "-h", "127.0.0.1", "-U", "probeops", "-d", "probeops", "-tA",
                                    "-c", "SELECT v FROM berth_probe", NULL };
  int exit_code = -1;

  up_and_wait (project, engine);

  rows = berth_compose_ps_sync (project, engine, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      BerthServiceStatus *s = g_ptr_array_index (rows, i);

      g_assert_cmpint (berth_service_status_get_state (s), ==, BERTH_SERVICE_STATE_RUNNING);
      g_assert_cmpint (berth_service_status_get_health (s), ==, BERTH_SERVICE_HEALTH_HEALTHY);
    }

  /* /health from inside the network, by the service's alias. */
  code = exec_capture (project, engine, "api", curl, NULL, &exit_code);
  g_assert_cmpint (exit_code, ==, 0);
  g_assert_cmpstr (code, ==, "200");

  /* berth-cli ps --json says the same. */
  {
    const char *argv[] = { berth_test_cli (), "-H", berth_test_engine_host (),
                           "-f", BERTH_SOURCE_DEMO_DIR "/docker-compose.backend.yml",
                           "-p", project_name, "ps", "--json", NULL };
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "PROBEOPS_NETWORK", network_name, TRUE);
    JsonArray *array;
    JsonObject *api;
    int status = 0;

    envp = g_environ_setenv (envp, "API_PORT", "0", TRUE);
    g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    array = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (array), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (berth_test_json_row (array, "db"), "health"), ==, "healthy");
    api = berth_test_json_row (array, "api");
    g_assert_cmpstr (json_object_get_string_member (api, "state"), ==, "running");
    g_assert_cmpstr (json_object_get_string_member (api, "image"), ==, "probeops-backend-api:latest");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (api, "ports"), 0),
                                                 "container_port"), ==, 5000);
    g_assert_cmpstr (json_object_get_string_member (api, "id"), ==,
                     berth_service_status_get_container_id (g_ptr_array_index (rows, 1)));
  }

  /* A row written before down ... */
  g_free (exec_capture (project, engine, "db", write_row, pg_env, &exit_code));
  g_assert_cmpint (exit_code, ==, 0);

  options->timeout = 20;
  berth_compose_down_sync (project, engine, options, print_progress, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) none = berth_compose_list_containers (engine, project_name, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }
  network = berth_engine_network_inspect_sync (engine, network_name, NULL, &error);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autoptr(JsonObject) volume = berth_engine_volume_inspect_sync (engine, volume_name, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (volume);
  }

  /* ... is there after the next up. */
  up_and_wait (project, engine);
  {
    g_autofree char *value = exec_capture (project, engine, "db", read_row, pg_env, &exit_code);

    g_assert_cmpint (exit_code, ==, 0);
    g_assert_cmpstr (g_strstrip (value), ==, "survives down and up");
  }

  options->volumes = TRUE;
  berth_compose_down_sync (project, engine, options, print_progress, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
sweep (void)
{
  g_autoptr(BerthEngine) engine = berth_engine_new (berth_test_engine_host (), NULL);
  g_autoptr(BerthComposeProject) project = NULL;
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();

  if (engine == NULL)
    return;
  project = load_demo ();
  options->volumes = TRUE;
  options->timeout = 5;
  berth_compose_down_sync (project, engine, options, NULL, NULL, NULL, NULL);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  project_name = g_strdup_printf ("berth-test-demo-%08x", g_random_int ());
  network_name = g_strdup_printf ("%s-probeops-network", project_name);
  berth_test_sweep_on_abort_set (sweep);

  g_test_add_func ("/compose-demo/up-health-ps-down-data", test_demo);

  ret = g_test_run ();
  sweep ();
  g_free (project_name);
  g_free (network_name);
  return ret;
}
