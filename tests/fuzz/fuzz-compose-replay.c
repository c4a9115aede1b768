/* fuzz-compose-replay.c: runs the libFuzzer target over files and
 * directories given as arguments, with any compiler (the gcc build runs the
 * corpus and the found crashes through it as a unit test).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint
run_path (const char *path)
{
  guint count = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          count += run_path (child);
        }
      return count;
    }
  if (g_str_has_suffix (path, ".yml") || g_str_has_suffix (path, ".yaml") || strstr (path, "crash-") != NULL)
    {
      g_autofree char *data = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &data, &length, NULL))
        g_error ("cannot read %s", path);
      LLVMFuzzerTestOneInput ((const uint8_t *) data, length);
      count++;
    }
  return count;
}

int
main (int argc, char **argv)
{
  guint count = 0;

  for (int i = 1; i < argc; i++)
    count += run_path (argv[i]);
  printf ("replayed %u inputs\n", count);
  /* An empty corpus would make this test vacuous. */
  return count >= 40 ? 0 : 1;
}
