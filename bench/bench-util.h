/* bench-util.h: what the benchmark helpers share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* A "VmRSS:"-style figure of /proc/self/status, in KiB; -1 when absent. */
static inline long
bench_status_kb (const char *key)
{
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return -1;
  p = strstr (text, key);
  if (p == NULL)
    return -1;
  return strtol (p + strlen (key), NULL, 10);
}

static inline int
bench_cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Sorts samples (double) and gives their 95th percentile and maximum
 * (0 for none). */
static inline void
bench_p95_max (GArray *samples,
               double *p95,
               double *max)
{
  *p95 = *max = 0;
  if (samples->len == 0)
    return;
  g_array_sort (samples, bench_cmp_double);
  *p95 = g_array_index (samples, double, (guint) ((samples->len - 1) * 0.95));
  *max = g_array_index (samples, double, samples->len - 1);
}
