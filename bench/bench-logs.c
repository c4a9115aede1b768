/* bench-logs.c: throughput, memory and main-loop stalls of the core's log
 * stream (BerthLogStream, the source of the UI's log view).
 *
 *   berth-bench-logs HOST PROJECT_DIR PROJECT_NAME EXPECTED_LINES
 *
 * Reads the whole log of the project's (exited) containers with follow off
 * and tail "all", on a main loop that also runs a 10 ms timeout standing in
 * for a frame clock; measures the time from start to the last delivered
 * line, the longest gaps between two runs of the timeout (main-loop stall),
 * and the process's peak RSS (VmHWM).
 *
 * Prints one JSON object on stdout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"

#include "berth-compose.h"
#include "berth-engine.h"
#include "berth-log-stream.h"

#define TICK_MS 10

typedef struct
{
  GMainLoop *loop;
  gint64     t0;
  gint64     last_line;
  guint64    lines;
  guint64    bytes;
  guint64    skipped;
  guint64    expected;
  gint64     last_tick;
  GArray    *gaps_ms;   /* double: tick-to-tick gap minus TICK_MS */
  gboolean   ended;
  char      *error;
} Bench;

static void
on_lines (BerthLogStream *stream,
          GPtrArray      *lines,
          gpointer        user_data)
{
  Bench *b = user_data;

  for (guint i = 0; i < lines->len; i++)
    {
      BerthLogLine *line = g_ptr_array_index (lines, i);

      b->bytes += strlen (line->text) + 1;
    }
  b->lines += lines->len;
  b->last_line = g_get_monotonic_time ();
  if (b->expected > 0 && b->lines + b->skipped >= b->expected)
    g_main_loop_quit (b->loop);
}

static void
on_skipped (BerthLogStream *stream,
            guint           count,
            gpointer        user_data)
{
  Bench *b = user_data;

  b->skipped += count;
}

static void
on_ended (BerthLogStream *stream,
          GError         *error,
          gpointer        user_data)
{
  Bench *b = user_data;

  b->ended = TRUE;
  if (error)
    b->error = g_strdup (error->message);
  g_main_loop_quit (b->loop);
}

static gboolean
on_tick (gpointer user_data)
{
  Bench *b = user_data;
  gint64 now = g_get_monotonic_time ();
  double gap = (now - b->last_tick) / 1000.0 - TICK_MS;

  g_array_append_val (b->gaps_ms, gap);
  b->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  Bench *b = user_data;

  b->error = g_strdup ("timed out");
  g_main_loop_quit (b->loop);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(BerthComposeProject) project = NULL;
  g_autoptr(BerthLogStream) stream = NULL;
  Bench b = { 0 };
  long rss_start;
  guint tick_id, timeout_id;
  double p95 = 0, max = 0, seconds;
  g_autofree char *error_json = NULL;

  if (argc != 5)
    {
      g_printerr ("usage: berth-bench-logs HOST PROJECT_DIR PROJECT_NAME EXPECTED_LINES\n");
      return 2;
    }
  b.expected = g_ascii_strtoull (argv[4], NULL, 10);
  b.loop = g_main_loop_new (NULL, FALSE);
  b.gaps_ms = g_array_new (FALSE, FALSE, sizeof (double));

  engine = berth_engine_new (argv[1], &error);
  if (engine == NULL || !berth_engine_ping_sync (engine, NULL, &error))
    {
      g_printerr ("berth-bench-logs: %s\n", error->message);
      return 3;
    }
  project = berth_compose_project_load (argv[2], NULL, argv[3], NULL, &error);
  if (project == NULL)
    {
      g_printerr ("berth-bench-logs: %s\n", error->message);
      return 2;
    }
  stream = berth_log_stream_new (engine, project, NULL);
  berth_log_stream_set_follow (stream, FALSE);
  berth_log_stream_set_tail (stream, "all");
  g_signal_connect (stream, "lines", G_CALLBACK (on_lines), &b);
  g_signal_connect (stream, "skipped", G_CALLBACK (on_skipped), &b);
  g_signal_connect (stream, "ended", G_CALLBACK (on_ended), &b);

  rss_start = bench_status_kb ("VmRSS:");
  b.t0 = b.last_tick = g_get_monotonic_time ();
  tick_id = g_timeout_add (TICK_MS, on_tick, &b);
  timeout_id = g_timeout_add_seconds (600, on_timeout, &b);
  berth_log_stream_start (stream);
  g_main_loop_run (b.loop);
  g_source_remove (tick_id);
  if (b.error == NULL)
    g_source_remove (timeout_id);
  berth_log_stream_stop (stream);

  seconds = (b.last_line - b.t0) / 1e6;
  bench_p95_max (b.gaps_ms, &p95, &max);
  error_json = b.error ? g_strdup_printf ("\"%s\"", g_strescape (b.error, NULL)) : g_strdup ("null");
  printf ("{\"seconds\": %.6f, \"lines\": %" G_GUINT64_FORMAT ", \"bytes\": %" G_GUINT64_FORMAT
          ", \"skipped\": %" G_GUINT64_FORMAT ", \"rss_start_kb\": %ld, \"peak_rss_kb\": %ld"
          ", \"stall_p95_ms\": %.3f, \"stall_max_ms\": %.3f, \"ticks\": %u, \"error\": %s}\n",
          seconds, b.lines, b.bytes, b.skipped, rss_start, bench_status_kb ("VmHWM:"),
          p95, max, b.gaps_ms->len,
          error_json);

  g_array_unref (b.gaps_ms);
  g_main_loop_unref (b.loop);
  return b.error == NULL && b.lines + b.skipped >= b.expected ? 0 : 1;
}
