/* test-engine-parsers.c: the engine client's stream parsers on fixture
 * bytes captured from Engine 20.10 (frames, events, build progress) or
 * shaped after the API documentation (Engine 29 events, pull progress).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "berth-engine-build.h"
#include "berth-engine-events.h"
#include "berth-frame-decoder.h"
#include "berth-json-lines.h"
#include "berth-test.h"

static GBytes *
fixture (const char *name)
{
  g_autofree char *path = berth_test_source_path ("tests", "engine", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, &error))
    g_error ("fixture %s: %s", path, error->message);
  return g_bytes_new_take (data, len);
}

/* --- frames --- */

typedef struct
{
  GString *all;      /* "1:out-1\n2:err-1\n" ... per contiguous stream run */
  GString *out;
  GString *err;
  int      last;
} Collected;

static gboolean
collect_frame (BerthStreamType  stream,
               const guint8    *data,
               gsize            len,
               gpointer         user_data)
{
  Collected *c = user_data;

  if ((int) stream != c->last)
    {
      g_string_append_printf (c->all, "|%d:", stream);
      c->last = stream;
    }
  g_string_append_len (c->all, (const char *) data, len);
  g_string_append_len (stream == BERTH_STREAM_STDERR ? c->err : c->out, (const char *) data, len);
  return TRUE;
}

static void
collected_init (Collected *c)
{
  c->all = g_string_new (NULL);
  c->out = g_string_new (NULL);
  c->err = g_string_new (NULL);
  c->last = -1;
}

static void
collected_clear (Collected *c)
{
  g_string_free (c->all, TRUE);
  g_string_free (c->out, TRUE);
  g_string_free (c->err, TRUE);
}

#define EXPECTED_SEQUENCE "|2:err-1\n|1:out-1\n|2:err-2\n|1:partial-out\nout-3\n"

static void
decode_in_pieces (GBytes      *bytes,
                  const gsize *cuts,
                  guint        n_cuts,
                  Collected   *c)
{
  g_autoptr(BerthFrameDecoder) decoder = berth_frame_decoder_new (collect_frame, c);
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  gsize at = 0;

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : len;

      g_assert_true (berth_frame_decoder_feed (decoder, data + at, end - at, &error));
      g_assert_no_error (error);
      at = end;
    }
  g_assert_true (berth_frame_decoder_finish (decoder, &error));
  g_assert_no_error (error);
}

static void
test_frames_whole (void)
{
  g_autoptr(GBytes) bytes = fixture ("frames-logs.bin");
  Collected c;

  collected_init (&c);
  decode_in_pieces (bytes, NULL, 0, &c);
  g_assert_cmpstr (c.all->str, ==, EXPECTED_SEQUENCE);
  g_assert_cmpstr (c.out->str, ==, "out-1\npartial-out\nout-3\n");
  g_assert_cmpstr (c.err->str, ==, "err-1\nerr-2\n");
  collected_clear (&c);
}

static void
test_frames_every_split (void)
{
  g_autoptr(GBytes) bytes = fixture ("frames-logs.bin");
  gsize len = g_bytes_get_size (bytes);

  /* One cut at every position, then every pair of positions. */
  for (gsize i = 0; i <= len; i++)
    {
      Collected c;

      collected_init (&c);
      decode_in_pieces (bytes, &i, 1, &c);
      g_assert_cmpstr (c.all->str, ==, EXPECTED_SEQUENCE);
      collected_clear (&c);

      for (gsize j = i; j <= len; j++)
        {
          gsize cuts[2] = { i, j };

          collected_init (&c);
          decode_in_pieces (bytes, cuts, 2, &c);
          g_assert_cmpstr (c.all->str, ==, EXPECTED_SEQUENCE);
          collected_clear (&c);
        }
    }
}

static void
test_frames_byte_by_byte (void)
{
  g_autoptr(GBytes) bytes = fixture ("frames-logs.bin");
  gsize len = g_bytes_get_size (bytes);
  g_autofree gsize *cuts = g_new (gsize, len);
  Collected c;

  for (gsize i = 0; i < len; i++)
    cuts[i] = i;
  collected_init (&c);
  decode_in_pieces (bytes, cuts, len, &c);
  g_assert_cmpstr (c.all->str, ==, EXPECTED_SEQUENCE);
  collected_clear (&c);
}

static void
test_frames_malformed (void)
{
  /* TTY output fed to the decoder by mistake: "hello wo" as a header. */
  static const guint8 raw[] = "hello world\n";
  static const guint8 truncated[] = { 1, 0, 0, 0, 0, 0, 0, 10, 'a', 'b' };
  g_autoptr(GError) error = NULL;
  Collected c;

  collected_init (&c);
  {
    g_autoptr(BerthFrameDecoder) decoder = berth_frame_decoder_new (collect_frame, &c);

    g_assert_false (berth_frame_decoder_feed (decoder, raw, sizeof raw - 1, &error));
    g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL);
    g_clear_error (&error);
  }
  {
    g_autoptr(BerthFrameDecoder) decoder = berth_frame_decoder_new (collect_frame, &c);

    g_assert_true (berth_frame_decoder_feed (decoder, truncated, sizeof truncated, &error));
    g_assert_no_error (error);
    g_assert_false (berth_frame_decoder_finish (decoder, &error));
    g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL);
  }
  collected_clear (&c);
}

static gboolean
count_frames_stop (BerthStreamType stream, const guint8 *data, gsize len, gpointer user_data)
{
  (*(guint *) user_data)++;
  return FALSE;
}

static void
test_frames_stop (void)
{
  g_autoptr(GBytes) bytes = fixture ("frames-logs.bin");
  guint calls = 0;
  g_autoptr(BerthFrameDecoder) decoder = berth_frame_decoder_new (count_frames_stop, &calls);
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  g_assert_false (berth_frame_decoder_feed (decoder, data, len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls, ==, 1);
}

/* --- JSON lines --- */

static gboolean
collect_line (const char *line, gsize len, gpointer user_data)
{
  g_assert_cmpuint (strlen (line), ==, len);
  g_ptr_array_add (user_data, g_strdup (line));
  return TRUE;
}

static void
test_json_lines_split (void)
{
  static const char stream[] = "{\"a\":1}\r\n\n{\"b\":\"x\\ny\"}\n  \n{\"c\":3}";
  gsize len = strlen (stream);

  for (gsize step = 1; step <= len; step++)
    {
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(BerthJsonLines) splitter = berth_json_lines_new (collect_line, lines);

      for (gsize at = 0; at < len; at += step)
        g_assert_true (berth_json_lines_feed (splitter, (const guint8 *) stream + at, MIN (step, len - at)));
      g_assert_true (berth_json_lines_finish (splitter));

      g_assert_cmpuint (lines->len, ==, 3);
      g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "{\"a\":1}");
      g_assert_cmpstr (g_ptr_array_index (lines, 1), ==, "{\"b\":\"x\\ny\"}");
      g_assert_cmpstr (g_ptr_array_index (lines, 2), ==, "{\"c\":3}");
    }
}

/* --- events --- */

static GPtrArray *
parse_events (const char *name)
{
  g_autoptr(GBytes) bytes = fixture (name);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_engine_event_free);

  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      BerthEngineEvent *event;

      if (*lines[i] == '\0')
        continue;
      event = berth_engine_event_parse (lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_nonnull (event);
      g_ptr_array_add (events, event);
    }
  return events;
}

static BerthEngineEvent *
find_event (GPtrArray  *events,
            const char *action,
            const char *value)
{
  for (guint i = 0; i < events->len; i++)
    {
      BerthEngineEvent *e = g_ptr_array_index (events, i);

      if (g_str_equal (e->action, action) && g_strcmp0 (e->action_value, value) == 0)
        return e;
    }
  return NULL;
}

static void
check_container_events (GPtrArray *events)
{
  BerthEngineEvent *start = find_event (events, "start", NULL);
  BerthEngineEvent *healthy = find_event (events, "health_status", "healthy");
  BerthEngineEvent *die = find_event (events, "die", NULL);

  g_assert_nonnull (start);
  g_assert_cmpstr (start->type, ==, "container");
  g_assert_cmpstr (start->actor_id, ==, "2a2ce8f60a7095da90f3bae77e984f5965a5521b1e49f3853807913c2b9bf155");
  g_assert_cmpstr (berth_engine_event_get_attribute (start, "name"), ==, "berth-fixture-events");
  g_assert_cmpstr (berth_engine_event_get_attribute (start, "com.docker.compose.project"), ==, "fixture");
  g_assert_cmpstr (berth_engine_event_get_attribute (start, "com.docker.compose.service"), ==, "api");
  g_assert_cmpstr (berth_engine_event_get_attribute (start, "image"), ==, "debian:bookworm-slim");
  g_assert_cmpint (start->time_nano, ==, G_GINT64_CONSTANT (1795949906043090588));
  g_assert_cmpstr (start->scope, ==, "local");
  g_assert_nonnull (strstr (start->raw, "\"Action\":\"start\""));

  g_assert_nonnull (healthy);
  g_assert_cmpstr (healthy->action, ==, "health_status");
  g_assert_cmpstr (healthy->action_value, ==, "healthy");

  g_assert_nonnull (die);
  g_assert_cmpstr (berth_engine_event_get_attribute (die, "exitCode"), ==, "0");
}

static void
test_events_engine_20 (void)
{
  g_autoptr(GPtrArray) events = parse_events ("events-1.41.jsonl");
  BerthEngineEvent *exec_create;

  g_assert_cmpuint (events->len, ==, 20);
  check_container_events (events);

  exec_create = find_event (events, "exec_create", "/bin/sh -c true");
  g_assert_nonnull (exec_create);
  g_assert_nonnull (find_event (events, "exec_die", NULL));
}

static void
test_events_engine_29 (void)
{
  g_autoptr(GPtrArray) events = parse_events ("events-1.52.jsonl");
  BerthEngineEvent *unhealthy;
  BerthEngineEvent *connect;

  /* The fixture has no top-level status, id or from at all. */
  for (guint i = 0; i < events->len; i++)
    {
      BerthEngineEvent *e = g_ptr_array_index (events, i);

      g_assert_null (strstr (e->raw, "\"status\""));
      g_assert_null (strstr (e->raw, "\"from\""));
    }
  check_container_events (events);

  unhealthy = find_event (events, "health_status", "unhealthy");
  g_assert_nonnull (unhealthy);
  g_assert_cmpstr (berth_engine_event_get_attribute (unhealthy, "com.docker.compose.project"), ==, "fixture");

  connect = find_event (events, "connect", NULL);
  g_assert_nonnull (connect);
  g_assert_cmpstr (connect->type, ==, "network");
  g_assert_cmpstr (berth_engine_event_get_attribute (connect, "name"), ==, "probeops-network");
}

static void
test_events_bad (void)
{
  g_autoptr(GError) error = NULL;
  BerthEngineEvent *event;

  event = berth_engine_event_parse ("{\"Type\":\"container\"", -1, &error);
  g_assert_null (event);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL);
  g_clear_error (&error);

  event = berth_engine_event_parse ("[1,2]", -1, &error);
  g_assert_null (event);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Without Actor or timeNano: parsed, with empty attributes. */
  event = berth_engine_event_parse ("{\"Type\":\"image\",\"Action\":\"pull\",\"time\":12}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (event->action, ==, "pull");
  g_assert_null (event->actor_id);
  g_assert_cmpuint (g_hash_table_size (event->attributes), ==, 0);
  g_assert_cmpint (event->time_nano, ==, G_GINT64_CONSTANT (12000000000));
  berth_engine_event_free (event);
}

/* --- build and pull progress --- */

static GPtrArray *
fixture_lines (const char *name)
{
  g_autoptr(GBytes) bytes = fixture (name);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BerthJsonLines) splitter = berth_json_lines_new (collect_line, lines);

  berth_json_lines_feed (splitter, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  berth_json_lines_finish (splitter);
  return lines;
}

static void
test_build_progress_ok (void)
{
  g_autoptr(GPtrArray) lines = fixture_lines ("build-ok.jsonl");
  guint steps = 0, last_step = 0, total = 0;
  g_autofree char *image_id = NULL;
  gboolean saw_output = FALSE;

  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BerthBuildProgress) p = berth_build_progress_parse (g_ptr_array_index (lines, i), -1, &error);

      g_assert_no_error (error);
      g_assert_nonnull (p);
      g_assert_cmpint (p->kind, !=, BERTH_BUILD_PROGRESS_ERROR);
      if (p->kind == BERTH_BUILD_PROGRESS_STEP)
        {
          steps++;
          g_assert_cmpuint (p->step, ==, last_step + 1);
          last_step = p->step;
          total = p->total;
        }
      else if (p->kind == BERTH_BUILD_PROGRESS_IMAGE_ID)
        image_id = g_strdup (p->text);
      else if (p->kind == BERTH_BUILD_PROGRESS_STREAM && g_str_equal (p->text, "building-fixture\n"))
        saw_output = TRUE;
    }
  g_assert_cmpuint (steps, ==, 3);
  g_assert_cmpuint (total, ==, 3);
  g_assert_cmpstr (image_id, ==, "sha256:6cdc56260ae84e35444224fc96ab158d9f285340557d072090e5ecf868b2e3db");
  g_assert_true (saw_output);
}

static void
test_build_progress_error (void)
{
  g_autoptr(GPtrArray) lines = fixture_lines ("build-error.jsonl");
  g_autoptr(BerthBuildProgress) last = NULL;

  last = berth_build_progress_parse (g_ptr_array_index (lines, lines->len - 1), -1, NULL);
  g_assert_nonnull (last);
  g_assert_cmpint (last->kind, ==, BERTH_BUILD_PROGRESS_ERROR);
  g_assert_cmpstr (last->text, ==,
                   "The command '/bin/sh -c sh -c \"echo failing-step >&2; exit 3\"' returned a non-zero code: 3");

  {
    g_autoptr(BerthBuildProgress) step = berth_build_progress_parse (g_ptr_array_index (lines, 9), -1, NULL);
    g_assert_cmpint (step->kind, ==, BERTH_BUILD_PROGRESS_STEP);
    g_assert_cmpuint (step->step, ==, 3);
    g_assert_cmpuint (step->total, ==, 3);
  }
  {
    /* "error" alone, without errorDetail, is a failure too */
    g_autoptr(BerthBuildProgress) only = berth_build_progress_parse ("{\"error\":\"no space left\"}", -1, NULL);
    g_assert_cmpint (only->kind, ==, BERTH_BUILD_PROGRESS_ERROR);
    g_assert_cmpstr (only->text, ==, "no space left");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BerthBuildProgress) bad = berth_build_progress_parse ("not json", -1, &error);
    g_assert_null (bad);
    g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL);
  }
}

static void
test_pull_progress (void)
{
  g_autoptr(GPtrArray) lines = fixture_lines ("pull-progress.jsonl");
  g_autoptr(GHashTable) layers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gint64 downloaded = 0, total = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BerthPullProgress) p = berth_pull_progress_parse (g_ptr_array_index (lines, i), -1, &error);

      g_assert_no_error (error);
      g_assert_null (p->error);
      g_assert_nonnull (p->status);
      if (p->id != NULL)
        g_hash_table_insert (layers, g_strdup (p->id), g_strdup (p->status));
      if (g_strcmp0 (p->status, "Downloading") == 0)
        {
          downloaded = p->current;
          total = p->total;
          g_assert_nonnull (p->progress);
        }
      if (g_strcmp0 (p->status, "Waiting") == 0)
        g_assert_cmpint (p->current, ==, -1);
    }
  g_assert_cmpint (downloaded, ==, 3401);
  g_assert_cmpint (total, ==, 3401);
  g_assert_cmpstr (g_hash_table_lookup (layers, "a2abf6c4d29d"), ==, "Pull complete");
  g_assert_cmpstr (g_hash_table_lookup (layers, "2d429b9e73a6"), ==, "Already exists");

  {
    g_autoptr(GPtrArray) err_lines = fixture_lines ("pull-error.jsonl");
    g_autoptr(BerthPullProgress) p = berth_pull_progress_parse (g_ptr_array_index (err_lines, 2), -1, NULL);

    g_assert_cmpstr (p->error, ==, "unauthorized: authentication required");
  }
}

static void
test_split_image (void)
{
  static const struct { const char *image, *repo, *tag; } cases[] = {
    { "debian", "debian", "latest" },
    { "debian:bookworm-slim", "debian", "bookworm-slim" },
    { "127.0.0.1:9/nothing", "127.0.0.1:9/nothing", "latest" },
    { "127.0.0.1:9/nothing:x", "127.0.0.1:9/nothing", "x" },
    { "ghcr.io/a/b@sha256:abc", "ghcr.io/a/b", "sha256:abc" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *repo = NULL;
      g_autofree char *tag = NULL;

      berth_engine_split_image (cases[i].image, &repo, &tag);
      g_assert_cmpstr (repo, ==, cases[i].repo);
      g_assert_cmpstr (tag, ==, cases[i].tag);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/frames/whole", test_frames_whole);
  g_test_add_func ("/engine/frames/every-split", test_frames_every_split);
  g_test_add_func ("/engine/frames/byte-by-byte", test_frames_byte_by_byte);
  g_test_add_func ("/engine/frames/malformed", test_frames_malformed);
  g_test_add_func ("/engine/frames/stop", test_frames_stop);
  g_test_add_func ("/engine/json-lines/split", test_json_lines_split);
  g_test_add_func ("/engine/events/engine-20", test_events_engine_20);
  g_test_add_func ("/engine/events/engine-29", test_events_engine_29);
  g_test_add_func ("/engine/events/bad", test_events_bad);
  g_test_add_func ("/engine/build-progress/ok", test_build_progress_ok);
  g_test_add_func ("/engine/build-progress/error", test_build_progress_error);
  g_test_add_func ("/engine/pull-progress", test_pull_progress);
  g_test_add_func ("/engine/split-image", test_split_image);

  return g_test_run ();
}
