/* bench-window.c: what the window costs, measured in its own process.
 *
 *   berth-bench-window startup PROJECT_DIR IDLE_SECONDS
 *   berth-bench-window logview PROJECT_DIR PROJECT_NAME EXPECTED_LINES
 *   berth-bench-window vte LINES
 *
 * startup runs the real application (BerthApplication, as `berth --project
 * PROJECT_DIR`, not unique) and reports, from the start of main(): the
 * first frame of the window, and the first frame drawn once the service
 * list follows the engine (every badge filled); then the resident set size
 * after IDLE_SECONDS with nothing happening.
 *
 * logview puts a BerthLogView (the widget the window's log tab shows, with
 * its VteTerminal) on screen for every service of the project, whose
 * containers have exited, and reports the time from its creation to the
 * frame after the last line was fed to the terminal, the longest gaps
 * between frames (the main loop's stalls), and the peak RSS.  Lines the
 * view drops because they would scroll out of its bounded scrollback
 * unseen are counted as skipped.
 *
 * vte is logview's reference, in the same kind of process: a bare
 * VteTerminal of the same size fed LINES lines of the same shape (an
 * RFC 3339 timestamp, 100 bytes of text, CR LF) in batches of 2,000 from
 * an idle callback, as fast as the main loop lets it: what VTE itself
 * costs on this machine, engine and Berth left out.
 *
 * The engine comes from DOCKER_HOST (the automatic endpoint), the settings
 * from GSETTINGS_BACKEND=memory.  Prints one JSON object on stdout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"

#include "berth-application.h"
#include "berth-log-view.h"
#include "berth-window.h"

typedef struct
{
  gint64        t0;
  GApplication *app;
  GtkWidget    *window;
  guint         idle_seconds;
  double        first_frame_ms;
  double        badges_frame_ms;
  guint         rows;

  /* logview */
  guint64       expected;
  guint64       lines;
  guint64       skipped;
  gboolean      all_fed;
  double        fed_ms;
  double        shown_ms;
  gint64        last_frame;
  GArray       *gaps_ms;
  BerthLogView *view;
  GMainLoop    *loop;
  char         *error;
} Bench;

static double
ms_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* --- startup --------------------------------------------------------------- */

static gboolean
idle_done (gpointer data)
{
  Bench *b = data;

  printf ("{\"first_frame_ms\": %.3f, \"badges_frame_ms\": %.3f, \"rows\": %u, "
          "\"idle_seconds\": %u, \"idle_rss_kb\": %ld, \"peak_rss_kb\": %ld}\n",
          b->first_frame_ms, b->badges_frame_ms, b->rows, b->idle_seconds,
          bench_status_kb ("VmRSS:"), bench_status_kb ("VmHWM:"));
  fflush (stdout);
  g_application_quit (b->app);
  return G_SOURCE_REMOVE;
}

static gboolean
startup_tick (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  Bench *b = data;
  BerthServiceList *list;

  if (b->first_frame_ms < 0)
    b->first_frame_ms = ms_since (b->t0);

  /* The rows change synchronously when the list connects: the frame this
   * tick belongs to is the first that draws them. */
  list = berth_window_get_service_list (BERTH_WINDOW (widget));
  if (list != NULL && berth_service_list_get_connected (list) &&
      g_list_model_get_n_items (G_LIST_MODEL (list)) > 0)
    {
      b->badges_frame_ms = ms_since (b->t0);
      b->rows = g_list_model_get_n_items (G_LIST_MODEL (list));
      g_timeout_add_seconds (b->idle_seconds, idle_done, b);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
window_added (GtkApplication *app,
              GtkWindow      *window,
              gpointer        data)
{
  Bench *b = data;

  if (b->window != NULL || !BERTH_IS_WINDOW (window))
    return;
  b->window = GTK_WIDGET (window);
  gtk_widget_add_tick_callback (b->window, startup_tick, b, NULL);
}

static gboolean
startup_timeout (gpointer data)
{
  Bench *b = data;

  g_printerr ("berth-bench-window: the window did not show its services within 120 s\n");
  g_application_quit (b->app);
  return G_SOURCE_REMOVE;
}

static int
run_startup (Bench      *b,
             const char *project_dir)
{
  g_autoptr(BerthApplication) app = berth_application_new ();
  char *argv[] = { (char *) "berth", (char *) "--project", (char *) project_dir, NULL };
  int status;

  b->app = G_APPLICATION (app);
  b->first_frame_ms = b->badges_frame_ms = -1;
  g_application_set_flags (b->app, g_application_get_flags (b->app) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added), b);
  g_timeout_add_seconds (120 + b->idle_seconds, startup_timeout, b);
  status = g_application_run (b->app, 3, argv);
  if (status != 0 || b->badges_frame_ms < 0)
    return 1;
  return 0;
}

/* --- log view --------------------------------------------------------------- */

static void
on_lines (BerthLogStream *stream,
          GPtrArray      *lines,
          gpointer        data)
{
  Bench *b = data;

  /* Connected after the view's own handler: these lines are in the view
   * (in the terminal, or in its backlog for the next frames). */
  b->lines += lines->len;
  if (!b->all_fed && b->lines + b->skipped >= b->expected)
    {
      b->all_fed = TRUE;
      b->fed_ms = ms_since (b->t0);
    }
}

static void
on_skipped (BerthLogStream *stream,
            guint           count,
            gpointer        data)
{
  Bench *b = data;

  b->skipped += count;
}

static gboolean
logview_tick (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();

  if (b->last_frame != 0)
    {
      double gap = (now - b->last_frame) / 1000.0;

      g_array_append_val (b->gaps_ms, gap);
    }
  b->last_frame = now;

  if (b->all_fed && (b->view == NULL || berth_log_view_get_backlog (b->view) == 0))
    {
      b->shown_ms = ms_since (b->t0);
      g_main_loop_quit (b->loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
logview_timeout (gpointer data)
{
  Bench *b = data;

  b->error = g_strdup ("timed out");
  g_main_loop_quit (b->loop);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  Bench       *b;
  VteTerminal *terminal;
  guint64      fed;
  GString     *chunk;
} Feeder;

static gboolean
feed_idle (gpointer data)
{
  Feeder *f = data;
  guint n = (guint) MIN ((guint64) 2000, f->b->expected - f->fed);

  for (guint i = 0; i < n; i++)
    {
      g_string_truncate (f->chunk, 0);
      g_string_append_printf (f->chunk, "\033[2m2026-11-29T12:00:%02u.%09" G_GUINT64_FORMAT "Z\033[0m ",
                              (guint) ((f->fed / 100000) % 60), f->fed % 1000000000);
      for (guint j = 0; j < 99; j++)
        g_string_append_c (f->chunk, 'x');
      g_string_append (f->chunk, "\r\n");
      vte_terminal_feed (f->terminal, f->chunk->str, f->chunk->len);
      f->fed++;
    }
  f->b->lines = f->fed;
  if (f->fed >= f->b->expected)
    {
      f->b->all_fed = TRUE;
      f->b->fed_ms = ms_since (f->b->t0);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static int run_finish (Bench *b, GtkWidget *window);

static int
run_vte (Bench *b)
{
  GtkWidget *window, *terminal;
  Feeder f = { b, NULL, 0, g_string_new (NULL) };

  b->loop = g_main_loop_new (NULL, FALSE);
  b->gaps_ms = g_array_new (FALSE, FALSE, sizeof (double));
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  terminal = vte_terminal_new ();
  vte_terminal_set_scrollback_lines (VTE_TERMINAL (terminal), 10000);
  gtk_window_set_child (GTK_WINDOW (window), terminal);
  gtk_window_present (GTK_WINDOW (window));
  f.terminal = VTE_TERMINAL (terminal);

  b->t0 = g_get_monotonic_time ();
  /* The log stream's priority and batch size. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, feed_idle, &f, NULL);
  gtk_widget_add_tick_callback (window, logview_tick, b, NULL);
  {
    int ret = run_finish (b, window);

    g_string_free (f.chunk, TRUE);
    return ret;
  }
}

static int
run_logview (Bench      *b,
             const char *project_dir,
             const char *project_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(BerthComposeProject) project = NULL;
  GtkWidget *window;
  BerthLogView *view;

  engine = berth_engine_new (NULL, &error);
  if (engine == NULL || !berth_engine_ping_sync (engine, NULL, &error))
    {
      g_printerr ("berth-bench-window: %s\n", error->message);
      return 3;
    }
  project = berth_compose_project_load (project_dir, NULL, project_name, NULL, &error);
  if (project == NULL)
    {
      g_printerr ("berth-bench-window: %s\n", error->message);
      return 2;
    }

  b->loop = g_main_loop_new (NULL, FALSE);
  b->gaps_ms = g_array_new (FALSE, FALSE, sizeof (double));
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));

  b->t0 = g_get_monotonic_time ();
  view = berth_log_view_new (engine, project, NULL);
  b->view = view;
  /* The whole log, like `docker logs`: the view's default is a tail. */
  berth_log_view_set_tail (view, "all");
  g_signal_connect (berth_log_view_get_stream (view), "lines", G_CALLBACK (on_lines), b);
  g_signal_connect (berth_log_view_get_stream (view), "skipped", G_CALLBACK (on_skipped), b);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_widget_add_tick_callback (window, logview_tick, b, NULL);
  return run_finish (b, window);
}

static int
run_finish (Bench     *b,
            GtkWidget *window)
{
  double p95 = 0, max = 0;
  guint timeout_id;

  timeout_id = g_timeout_add_seconds (600, logview_timeout, b);
  g_main_loop_run (b->loop);
  if (b->error == NULL)
    g_source_remove (timeout_id);

  bench_p95_max (b->gaps_ms, &p95, &max);
  printf ("{\"seconds\": %.6f, \"fed_seconds\": %.6f, \"lines\": %" G_GUINT64_FORMAT
          ", \"skipped\": %" G_GUINT64_FORMAT ", \"dropped_by_view\": %" G_GUINT64_FORMAT
          ", \"peak_rss_kb\": %ld, \"frame_gap_p95_ms\": %.3f"
          ", \"frame_gap_max_ms\": %.3f, \"frames\": %u, \"error\": %s%s%s}\n",
          b->shown_ms / 1000.0, b->fed_ms / 1000.0, b->lines, b->skipped,
          b->view ? berth_log_view_get_dropped (b->view) : 0, bench_status_kb ("VmHWM:"),
          p95, max, b->gaps_ms->len,
          b->error ? "\"" : "", b->error ? b->error : "null", b->error ? "\"" : "");
  fflush (stdout);

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (b->gaps_ms);
  g_main_loop_unref (b->loop);
  return b->error == NULL && b->all_fed ? 0 : 1;
}

int
main (int argc, char **argv)
{
  Bench b = { 0 };

  b.t0 = g_get_monotonic_time ();
  if (argc == 4 && g_str_equal (argv[1], "startup"))
    {
      b.idle_seconds = (guint) atoi (argv[3]);
      return run_startup (&b, argv[2]);
    }
  if (argc == 5 && g_str_equal (argv[1], "logview"))
    {
      gtk_init ();
      adw_init ();
      berth_ui_ensure_resources ();
      b.expected = g_ascii_strtoull (argv[4], NULL, 10);
      return run_logview (&b, argv[2], argv[3]);
    }
  if (argc == 3 && g_str_equal (argv[1], "vte"))
    {
      gtk_init ();
      adw_init ();
      b.expected = g_ascii_strtoull (argv[2], NULL, 10);
      return run_vte (&b);
    }
  g_printerr ("usage: berth-bench-window startup PROJECT_DIR IDLE_SECONDS\n"
              "       berth-bench-window logview PROJECT_DIR PROJECT_NAME EXPECTED_LINES\n"
              "       berth-bench-window vte LINES\n");
  return 2;
}
