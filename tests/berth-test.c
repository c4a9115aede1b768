/* berth-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "berth-test.h"

#include <stdarg.h>
#include <sys/wait.h>

const char *
berth_test_engine_host (void)
{
  const char *host = g_getenv ("BERTH_TEST_DOCKER_HOST");

  if (host == NULL || *host == '\0')
    g_error ("BERTH_TEST_DOCKER_HOST is not set: engine tests run through tests/run, "
             "which starts the isolated dockerd");
  return host;
}

static char *
path_from (const char *root_var, const char *first, va_list args)
{
  const char *root = g_getenv (root_var);
  GPtrArray *parts = g_ptr_array_new ();
  char *ret;

  if (root == NULL)
    g_error ("%s is not set (run the tests through meson test)", root_var);

  g_ptr_array_add (parts, (char *) root);
  for (const char *p = first; p; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (char *) p);
  g_ptr_array_add (parts, NULL);
  ret = g_build_filenamev ((char **) parts->pdata);
  g_ptr_array_free (parts, TRUE);
  return ret;
}

char *
berth_test_source_path (const char *first, ...)
{
  va_list args;
  char *ret;

  va_start (args, first);
  ret = path_from ("BERTH_SOURCE_ROOT", first, args);
  va_end (args);
  return ret;
}

char *
berth_test_build_path (const char *first, ...)
{
  va_list args;
  char *ret;

  va_start (args, first);
  ret = path_from ("BERTH_BUILD_ROOT", first, args);
  va_end (args);
  return ret;
}

const char *
berth_test_cli (void)
{
  const char *cli = g_getenv ("BERTH_CLI");

  if (cli == NULL)
    g_error ("BERTH_CLI is not set (run the tests through meson test)");
  return cli;
}

gboolean
berth_test_run (const char * const *argv,
                char              **out,
                char              **err,
                int                *exit_code,
                GError            **error)
{
  int wait_status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     out, err, &wait_status, error))
    return FALSE;

  if (WIFEXITED (wait_status))
    *exit_code = WEXITSTATUS (wait_status);
  else
    *exit_code = 128 + WTERMSIG (wait_status);
  return TRUE;
}
