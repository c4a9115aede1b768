/* bench-context.c: time Berth's build-context tarball (libarchive, filtered
 * by .dockerignore) for a directory.
 *
 *   berth-bench-context CONTEXT_DIR
 *
 * Writes the context with berth_build_context_create_fd() (an unlinked
 * temporary file, as a build does) and prints {"seconds": S, "bytes": N}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "berth-build-context.h"

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  goffset size = 0;
  gint64 t0;
  double seconds;
  int fd;

  if (argc != 2)
    {
      g_printerr ("usage: berth-bench-context CONTEXT_DIR\n");
      return 2;
    }
  t0 = g_get_monotonic_time ();
  fd = berth_build_context_create_fd (argv[1], NULL, &size, NULL, &error);
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  if (fd < 0)
    {
      g_printerr ("berth-bench-context: %s\n", error->message);
      return 1;
    }
  close (fd);
  printf ("{\"seconds\": %.6f, \"bytes\": %" G_GOFFSET_FORMAT "}\n", seconds, size);
  return 0;
}
