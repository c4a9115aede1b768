/* test-engine-cli.c: berth-cli's engine commands (version, info, engine
 * events) against the real engine, an absent socket and a socket the user
 * may not open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "berth-engine.h"
#include "berth-engine-containers.h"
#include "berth-test.h"

static char *scratch;

static int
run_cli (const char * const *args,
         const char * const *extra_env,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (char *) berth_test_cli ());
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  env = g_environ_unsetenv (env, "DOCKER_HOST");
  env = g_environ_unsetenv (env, "DOCKER_CONTEXT");
  for (guint i = 0; extra_env && extra_env[i]; i += 2)
    env = g_environ_setenv (env, extra_env[i], extra_env[i + 1], TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, env,
                (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL) | (err ? 0 : G_SPAWN_STDERR_TO_DEV_NULL),
                NULL, NULL, out, err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

static void
test_version (void)
{
  const char *host = berth_test_engine_host ();
  const char *args[] = { "-H", host, "version", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run_cli (args, NULL, &out, &err), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "Berth " PACKAGE_VERSION);
  g_assert_true (g_str_has_prefix (lines[1], "Engine: "));
  g_assert_cmpuint (strlen (lines[1]), >, strlen ("Engine: "));
  g_assert_true (g_str_has_prefix (lines[2], "API: 1."));
  g_assert_cmpstr (err, ==, "");

  /* DOCKER_HOST is honoured without -H. */
  {
    const char *plain[] = { "version", NULL };
    const char *env[] = { "DOCKER_HOST", host, NULL };
    g_autofree char *out2 = NULL;

    g_assert_cmpint (run_cli (plain, env, &out2, NULL), ==, 0);
    g_assert_nonnull (strstr (out2, "\nAPI: 1."));
  }
}

static void
test_info (void)
{
  const char *args[] = { "-H", berth_test_engine_host (), "info", NULL };
  const char *json_args[] = { "-H", berth_test_engine_host (), "info", "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_cli (args, NULL, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Server version:"));
  g_assert_nonnull (strstr (out, "Containers:"));

  g_assert_cmpint (run_cli (json_args, NULL, &json, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (json_parser_get_root (parser)), "ServerVersion"));
}

static void
test_unreachable (void)
{
  g_autofree char *host = g_strconcat ("unix://", scratch, "/absent.sock", NULL);
  const char *args[] = { "-H", host, "version", NULL };
  const char *info_args[] = { "-H", host, "info", NULL };
  const char *events_args[] = { "-H", host, "engine", "events", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = g_strdup_printf ("Cannot connect to the Docker engine at %s: No such file or directory", host);

  g_assert_cmpint (run_cli (args, NULL, &out, &err), ==, 3);
  /* The client's version is still printed. */
  g_assert_cmpstr (out, ==, "Berth " PACKAGE_VERSION "\n");
  g_assert_nonnull (strstr (err, expected));
  g_assert_nonnull (strstr (err, "Hint:"));
  g_assert_nonnull (strstr (err, "DOCKER_HOST"));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (info_args, NULL, NULL, &err), ==, 3);
  g_assert_nonnull (strstr (err, expected));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (events_args, NULL, NULL, &err), ==, 3);
  g_assert_nonnull (strstr (err, expected));

  /* A refused TCP port is unreachable too. */
  {
    const char *tcp_args[] = { "-H", "tcp://127.0.0.1:9", "version", NULL };

    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (tcp_args, NULL, NULL, &err), ==, 3);
    g_assert_nonnull (strstr (err, "Cannot connect to the Docker engine at tcp://127.0.0.1:9: Connection refused"));
  }
}

static void
test_permission_denied (void)
{
  g_autofree char *dir = g_build_filename (scratch, "perm", NULL);
  g_autofree char *path = g_build_filename (dir, "docker.sock", NULL);
  g_autofree char *host = g_strconcat ("unix://", path, NULL);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (scratch, 0755), ==, 0);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (path);
  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  g_assert_no_error (error);

  if (geteuid () == 0)
    {
      /* Root opens anything: ask as nobody for a socket only root may open,
       * as a user outside the docker group would. */
      const char *argv[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                             berth_test_cli (), "-H", host, "version", NULL };

      g_assert_cmpint (g_chmod (path, 0600), ==, 0);
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (status));
      status = WEXITSTATUS (status);
    }
  else
    {
      const char *args[] = { "-H", host, "version", NULL };

      g_assert_cmpint (g_chmod (path, 0), ==, 0);
      status = run_cli (args, NULL, &out, &err);
    }

  g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 3);
  g_assert_nonnull (strstr (err, "Permission denied while connecting to the Docker engine at "));
  g_assert_nonnull (strstr (err, host));
  g_assert_nonnull (strstr (err, "“docker” group"));
  g_assert_nonnull (strstr (err, "docker.sock"));

  g_socket_close (socket, NULL);
  g_unlink (path);
}

static void
test_usage_errors (void)
{
  const char *ssh[] = { "-H", "ssh://me@example.com", "version", NULL };
  const char *bad_filter[] = { "-H", berth_test_engine_host (), "engine", "events", "--filter", "nonsense", NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (ssh, NULL, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "not supported yet"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (bad_filter, NULL, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "KEY=VALUE"));
}

/* Reads the child's stdout until a line satisfies want, or 60 s pass. */
static char *
read_until (int          fd,
            GString     *buffer,
            gboolean   (*want) (const char *line, gpointer data),
            gpointer     data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      char chunk[4096];
      char *nl;
      ssize_t n;

      while ((nl = strchr (buffer->str, '\n')) != NULL)
        {
          g_autofree char *line = g_strndup (buffer->str, nl - buffer->str);

          g_string_erase (buffer, 0, nl - buffer->str + 1);
          if (want (line, data))
            return g_steal_pointer (&line);
        }
      if (poll (&pfd, 1, 200) <= 0)
        continue;
      n = read (fd, chunk, sizeof chunk);
      if (n <= 0)
        break;
      g_string_append_len (buffer, chunk, n);
    }
  return NULL;
}

static gboolean
json_start_of (const char *line, gpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonObject *actor;

  if (!json_parser_load_from_data (parser, line, -1, NULL))
    g_error ("not JSON: %s", line);
  object = json_node_get_object (json_parser_get_root (parser));
  actor = json_object_get_object_member (object, "Actor");
  return g_strcmp0 (json_object_get_string_member_with_default (object, "Action", ""), "start") == 0 &&
         g_strcmp0 (json_object_get_string_member_with_default (actor, "ID", ""), data) == 0;
}

static gboolean
human_start_of (const char *line, gpointer data)
{
  return g_str_has_suffix (line, data);
}

static GPid
spawn_events (const char * const *extra, int *out_fd)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_ptr_array_add (argv, (char *) berth_test_cli ());
  g_ptr_array_add (argv, "-H");
  g_ptr_array_add (argv, (char *) berth_test_engine_host ());
  g_ptr_array_add (argv, "engine");
  g_ptr_array_add (argv, "events");
  for (guint i = 0; extra[i]; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, out_fd, NULL, &error);
  g_assert_no_error (error);
  return pid;
}

static int
stop_child (GPid pid)
{
  int status = 0;

  kill (pid, SIGTERM);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_engine_events (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthEngine) engine = berth_engine_new (berth_test_engine_host (), &error);
  g_autofree char *prefix = g_strdup_printf ("berth-test-engine-cli-%08x", g_random_int ());
  g_autofree char *filter = g_strdup_printf ("label=berth.test=%s", prefix);
  const char *json_extra[] = { "--json", "--filter", "type=container", "--filter", filter, NULL };
  const char *human_extra[] = { "--filter", filter, NULL };
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(JsonObject) labels = json_object_new ();
  JsonArray *cmd = json_array_new ();
  g_autoptr(GString) json_buffer = g_string_new (NULL);
  g_autoptr(GString) human_buffer = g_string_new (NULL);
  g_autofree char *id = NULL;
  g_autofree char *json_line = NULL;
  g_autofree char *human_line = NULL;
  g_autofree char *human_suffix = NULL;
  int json_fd, human_fd;
  GPid json_pid, human_pid;

  json_pid = spawn_events (json_extra, &json_fd);
  human_pid = spawn_events (human_extra, &human_fd);
  /* Let both connect; events after that are streamed to them. */
  g_usleep (1500 * 1000);

  json_array_add_string_element (cmd, "true");
  json_object_set_string_member (config, "Image", "debian:bookworm-slim");
  json_object_set_array_member (config, "Cmd", cmd);
  json_object_set_string_member (labels, "berth.test", prefix);
  json_object_set_object_member (config, "Labels", json_object_ref (labels));
  id = berth_engine_container_create_sync (engine, prefix, config, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (berth_engine_container_start_sync (engine, id, NULL, &error));
  g_assert_no_error (error);

  json_line = read_until (json_fd, json_buffer, json_start_of, id);
  g_assert_nonnull (json_line);

  human_suffix = g_strdup_printf (" container start %s", prefix);
  human_line = read_until (human_fd, human_buffer, human_start_of, human_suffix);
  g_assert_nonnull (human_line);
  /* "2026-11-29T10:47:03.123456+00:00 container start NAME" */
  g_assert_true (g_ascii_isdigit (human_line[0]));
  g_assert_cmpint (human_line[10], ==, 'T');

  g_assert_cmpint (stop_child (json_pid), ==, 0);
  g_assert_cmpint (stop_child (human_pid), ==, 0);
  close (json_fd);
  close (human_fd);

  berth_engine_container_remove_sync (engine, id, TRUE, FALSE, NULL, NULL);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  scratch = g_dir_make_tmp ("berth-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/engine-cli/version", test_version);
  g_test_add_func ("/engine-cli/info", test_info);
  g_test_add_func ("/engine-cli/unreachable", test_unreachable);
  g_test_add_func ("/engine-cli/permission-denied", test_permission_denied);
  g_test_add_func ("/engine-cli/usage-errors", test_usage_errors);
  g_test_add_func ("/engine-cli/engine-events", test_engine_events);

  ret = g_test_run ();

  {
    const char *rm[] = { "rm", "-rf", scratch, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (scratch);
  return ret;
}
