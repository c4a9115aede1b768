/* test-log-stream.c: BerthLogStream against the test engine: timestamps
 * parsed to the nanosecond, lines delivered in order on the main context,
 * resuming (as after an engine restart) without a gap or a repeat, and the
 * queue bounded when the consumer lags.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "berth-compose-operations.h"
#include "berth-log-stream.h"
#include "berth-test.h"

static const char compose_yaml[] =
  "services:\n"
  "  tick:\n"
  "    image: debian:bookworm-slim\n"
  "    command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; i=0; while :; do echo tick-$$i; i=$$((i+1)); sleep 0.1; done\"]\n"
  "    stop_grace_period: 2s\n"
  "  burst:\n"
  "    image: debian:bookworm-slim\n"
  "    command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; sleep 1; i=0; while [ $$i -lt 3000 ]; do echo burst-$$i; i=$$((i+1)); done; while :; do sleep 0.2; done\"]\n"
  "    stop_grace_period: 2s\n";

static void
test_parse_timestamp (void)
{
  gint64 ns = 0;

  g_assert_true (berth_log_parse_timestamp ("2026-11-29T11:20:00.123456789Z", &ns));
  g_assert_cmpint (ns, ==, G_GINT64_CONSTANT (1795951200123456789));
  /* Go trims trailing zeros: ".5" is half a second, not 5 ns. */
  g_assert_true (berth_log_parse_timestamp ("2026-11-29T11:20:00.5Z", &ns));
  g_assert_cmpint (ns, ==, G_GINT64_CONSTANT (1795951200500000000));
  g_assert_true (berth_log_parse_timestamp ("2026-11-29T11:20:00Z", &ns));
  g_assert_cmpint (ns, ==, G_GINT64_CONSTANT (1795951200000000000));
  g_assert_true (berth_log_parse_timestamp ("2026-11-29T12:20:00.25+01:00", &ns));
  g_assert_cmpint (ns, ==, G_GINT64_CONSTANT (1795951200250000000));
  g_assert_false (berth_log_parse_timestamp ("hello", &ns));
  g_assert_false (berth_log_parse_timestamp ("2026-11-29T11:20:00.Z", &ns));
  g_assert_false (berth_log_parse_timestamp (NULL, &ns));
}

typedef struct
{
  BerthEngine         *engine;
  BerthComposeProject *project;
  char                *dir;
  GPtrArray           *lines;     /* "service text" */
  guint                skipped;
  guint                batches;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("berth-test-logstream-%08x", g_random_int ());
  g_autofree char *file = NULL;

  f->engine = berth_engine_new (berth_test_engine_host (), &error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("berth-log-stream-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (f->dir, "compose.yaml", NULL);
  g_file_set_contents (file, compose_yaml, -1, &error);
  g_assert_no_error (error);
  f->project = berth_compose_project_load (f->dir, NULL, name, NULL, &error);
  g_assert_no_error (error);
  berth_compose_up_sync (f->project, f->engine, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  f->lines = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (f->dir, "compose.yaml", NULL);
  BerthComposeOptions options = { .timeout = 1 };

  berth_compose_down_sync (f->project, f->engine, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_remove (file);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_ptr_array_unref (f->lines);
  g_clear_object (&f->project);
  g_clear_object (&f->engine);
}

static void
on_lines (BerthLogStream *stream,
          GPtrArray      *lines,
          Fixture        *f)
{
  f->batches++;
  for (guint i = 0; i < lines->len; i++)
    {
      BerthLogLine *line = g_ptr_array_index (lines, i);

      g_assert_nonnull (line->timestamp);
      g_assert_cmpint (line->stream, ==, BERTH_COMPOSE_LOG_STDOUT);
      g_ptr_array_add (f->lines, g_strdup_printf ("%s %s", line->service, line->text));
    }
}

static void
on_skipped (BerthLogStream *stream,
            guint           count,
            Fixture        *f)
{
  f->skipped += count;
}

static int
last_tick (Fixture *f)
{
  for (guint i = f->lines->len; i > 0; i--)
    {
      const char *line = g_ptr_array_index (f->lines, i - 1);

      if (g_str_has_prefix (line, "tick tick-"))
        return atoi (line + strlen ("tick tick-"));
    }
  return -1;
}

static void
wait_for_tick (Fixture *f,
               int      tick)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (last_tick (f) < tick)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_resume (Fixture       *f,
             gconstpointer  data)
{
  const char *services[] = { "tick", NULL };
  g_autoptr(BerthLogStream) stream = berth_log_stream_new (f->engine, f->project, services);
  int first, stopped_at, expected = -1;

  g_signal_connect (stream, "lines", G_CALLBACK (on_lines), f);
  berth_log_stream_start (stream);
  g_assert_true (berth_log_stream_get_following (stream));
  wait_for_tick (f, 5);

  /* Stopped for a while (the engine was away, or the user paused)... */
  berth_log_stream_stop (stream);
  g_assert_false (berth_log_stream_get_following (stream));
  /* What was read before the stop still arrives, then nothing. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  stopped_at = last_tick (f);
  g_usleep (800 * 1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (last_tick (f), ==, stopped_at);

  /* ...then resumed: what was written meanwhile arrives, nothing twice. */
  berth_log_stream_resume (stream);
  wait_for_tick (f, stopped_at + 12);
  berth_log_stream_stop (stream);

  first = atoi ((const char *) g_ptr_array_index (f->lines, 0) + strlen ("tick tick-"));
  g_assert_cmpint (first, ==, 0);
  for (guint i = 0; i < f->lines->len; i++)
    {
      const char *line = g_ptr_array_index (f->lines, i);
      int n;

      g_assert_true (g_str_has_prefix (line, "tick tick-"));
      n = atoi (line + strlen ("tick tick-"));
      if (expected >= 0 && n != expected)
        g_error ("line %u is tick-%d, expected tick-%d (gap or repeat around the resume at %d)",
                 i, n, expected, stopped_at);
      expected = n + 1;
    }

  /* Start (not resume) reads the tail again. */
  g_ptr_array_set_size (f->lines, 0);
  berth_log_stream_set_tail (stream, "3");
  berth_log_stream_start (stream);
  wait_for_tick (f, 0);
  g_assert_cmpuint (f->lines->len, <=, 4);
  berth_log_stream_stop (stream);
}

static void
test_bounded (Fixture       *f,
              gconstpointer  data)
{
  const char *services[] = { "burst", NULL };
  g_autoptr(BerthLogStream) stream = berth_log_stream_new (f->engine, f->project, services);
  gint64 deadline;

  g_signal_connect (stream, "lines", G_CALLBACK (on_lines), f);
  g_signal_connect (stream, "skipped", G_CALLBACK (on_skipped), f);
  berth_log_stream_set_max_pending (stream, 50);
  g_assert_cmpuint (berth_log_stream_get_max_pending (stream), ==, 50);
  berth_log_stream_start (stream);

  /* A consumer that does not run while 3000 lines arrive... */
  g_usleep (4 * G_USEC_PER_SEC);

  /* ...gets at most 50 of them, the newest, and a count of the rest. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (f->lines->len + f->skipped < 3000)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_test_message ("%u lines delivered, %u skipped, %u batches", f->lines->len, f->skipped, f->batches);
  g_assert_cmpuint (f->skipped, >, 0);
  g_assert_cmpuint (f->lines->len + f->skipped, ==, 3000);
  g_assert_cmpstr (g_ptr_array_index (f->lines, f->lines->len - 1), ==, "burst burst-2999");
  berth_log_stream_stop (stream);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/log-stream/parse-timestamp", test_parse_timestamp);
  g_test_add ("/log-stream/resume", Fixture, NULL, fixture_set_up, test_resume, fixture_tear_down);
  g_test_add ("/log-stream/bounded", Fixture, NULL, fixture_set_up, test_bounded, fixture_tear_down);

  return g_test_run ();
}
