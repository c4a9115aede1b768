/* test-compose-interop.c: Berth and the reference compose CLI (Debian's
 * docker-compose 1.29.2) see the same containers, both ways.
 *
 * docker-compose 1.x finds a project's containers with the label filter
 * com.docker.compose.project=NAME (plus com.docker.compose.oneoff=False for
 * up/down/stop; ps lists one-offs too), then keeps those whose
 * com.docker.compose.service is a service of the file (compose/project.py);
 * it reads com.docker.compose.version for its legacy name check.  Its own
 * containers are named <project>_<service>_<n>.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "berth-compose-labels.h"
#include "berth-compose-operations.h"
#include "berth-engine-containers.h"
#include "berth-engine-resources.h"
#include "berth-compose-test.h"
#include "berth-test.h"

static char *
fixture_dir (void)
{
  return berth_test_source_path ("tests", "compose-ops", "interop", NULL);
}

static BerthComposeProject *
load (const char *name)
{
  g_autofree char *dir = fixture_dir ();
  g_autoptr(GError) error = NULL;
  BerthComposeProject *project = berth_compose_project_load (dir, NULL, name, NULL, &error);

  g_assert_no_error (error);
  return project;
}

/* Runs Debian's docker-compose against the test engine, in the fixture's
 * directory. */
static char *
docker_compose (int          expected_exit,
                const char  *first,
                ...)
{
  g_autofree char *dir = fixture_dir ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "DOCKER_HOST", berth_test_engine_host (), TRUE);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;
  va_list args;

  envp = g_environ_unsetenv (envp, "COMPOSE_PROJECT_NAME");
  g_ptr_array_add (argv, (char *) "docker-compose");
  va_start (args, first);
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* Not found is a failure, not a skip: the interop claim needs it. */
  g_spawn_sync (dir, (char **) argv->pdata, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != expected_exit)
    g_test_message ("docker-compose stderr: %s", err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, expected_exit);
  return out;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_berth_up_seen_by_docker_compose (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autofree char *name = g_strdup_printf ("berth-test-interop-a-%08x", g_random_int ());
  g_autoptr(BerthComposeProject) project = load (name);
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) ours = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *table = NULL;
  g_auto(GStrv) theirs = NULL;

  berth_compose_up_sync (project, engine, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  rows = berth_compose_ps_sync (project, engine, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (ours, (char *) berth_service_status_get_container_id (g_ptr_array_index (rows, i)));
  g_ptr_array_sort (ours, compare_strings);

  ids = docker_compose (0, "-p", name, "ps", "-q", NULL);
  theirs = g_strsplit (g_strchomp (ids), "\n", -1);
  qsort (theirs, g_strv_length (theirs), sizeof (char *), compare_strings);
  g_assert_cmpuint (g_strv_length (theirs), ==, ours->len);
  for (guint i = 0; i < ours->len; i++)
    g_assert_cmpstr (theirs[i], ==, g_ptr_array_index (ours, i));

  /* Its table shows Berth's names and running state. */
  table = docker_compose (0, "-p", name, "ps", NULL);
  g_test_message ("%s", table);
  {
    g_autofree char *web = g_strdup_printf ("%s-web-1", name);
    g_autofree char *cache = g_strdup_printf ("%s-cache-1", name);

    g_assert_nonnull (strstr (table, web));
    g_assert_nonnull (strstr (table, cache));
    g_assert_nonnull (strstr (table, "Up"));
  }

  /* What docker-compose's ps needs: its ps includes one-off containers, so
   * the project and service labels alone are enough to be listed (its up and
   * down additionally filter on com.docker.compose.oneoff=False, which Berth
   * sets too). */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *spec = g_strdup_printf ("{\"Image\": \"debian:bookworm-slim\", \"Cmd\": [\"true\"],"
                                             " \"Labels\": {\"%s\": \"%s\", \"%s\": \"web\"}}",
                                             BERTH_COMPOSE_LABEL_PROJECT, name, BERTH_COMPOSE_LABEL_SERVICE);
    g_autofree char *cname = g_strdup_printf ("%s-unlabelled", name);
    g_autofree char *id = NULL;
    g_autofree char *ids2 = NULL;

    json_parser_load_from_data (parser, spec, -1, &error);
    g_assert_no_error (error);
    id = berth_engine_container_create_sync (engine, cname, json_node_get_object (json_parser_get_root (parser)),
                                             NULL, &error);
    g_assert_no_error (error);
    ids2 = docker_compose (0, "-p", name, "ps", "-a", "-q", NULL);
    g_assert_nonnull (strstr (ids2, id));
    berth_engine_container_remove_sync (engine, id, TRUE, FALSE, NULL, &error);
    g_assert_no_error (error);
  }

  options->volumes = TRUE;
  options->timeout = 2;
  berth_compose_down_sync (project, engine, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_free (docker_compose (0, "-p", name, "ps", "-q", NULL));
}

static void
test_docker_compose_up_seen_by_berth (void)
{
  g_autoptr(BerthEngine) engine = berth_test_open_engine ();
  g_autofree char *name = g_strdup_printf ("berth-test-interop-b-%08x", g_random_int ());
  g_autoptr(BerthComposeProject) project = load (name);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) network = NULL;
  g_autoptr(JsonObject) volume = NULL;
  g_autofree char *network_name = g_strdup_printf ("%s_default", name);
  g_autofree char *volume_name = g_strdup_printf ("%s_data", name);
  g_autofree char *web_name = g_strdup_printf ("%s_web_1", name);
  g_autofree char *ids = NULL;
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();

  g_free (docker_compose (0, "-p", name, "up", "-d", NULL));

  rows = berth_compose_ps_sync (project, engine, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      BerthServiceStatus *s = g_ptr_array_index (rows, i);

      g_assert_cmpint (berth_service_status_get_state (s), ==, BERTH_SERVICE_STATE_RUNNING);
      if (g_str_equal (berth_service_status_get_service (s), "web"))
        {
          g_assert_cmpstr (berth_service_status_get_container_name (s), ==, web_name);
          g_assert_cmpuint (berth_service_status_get_ports (s)->len, >=, 1);
        }
    }

  /* down removes its containers and network, keeps the volume. */
  options->timeout = 2;
  berth_compose_down_sync (project, engine, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  ids = docker_compose (0, "-p", name, "ps", "-a", "-q", NULL);
  g_assert_cmpstr (g_strstrip (ids), ==, "");
  network = berth_engine_network_inspect_sync (engine, network_name, NULL, &error);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  volume = berth_engine_volume_inspect_sync (engine, volume_name, NULL, &error);
  g_assert_no_error (error);

  options->volumes = TRUE;
  berth_compose_down_sync (project, engine, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
sweep (void)
{
  berth_test_sweep_projects ("berth-test-interop-", FALSE);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  sweep ();
  berth_test_sweep_on_abort_set (sweep);

  g_test_add_func ("/compose-interop/berth-up-seen-by-docker-compose", test_berth_up_seen_by_docker_compose);
  g_test_add_func ("/compose-interop/docker-compose-up-seen-by-berth", test_docker_compose_up_seen_by_berth);

  ret = g_test_run ();
  sweep ();
  return ret;
}
