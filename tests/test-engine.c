/* test-engine.c: the engine client against a real dockerd
 * (BERTH_TEST_DOCKER_HOST): containers, logs, events, exec, build, pull,
 * networks, volumes, images, errors and cancellation.
 *
 * Everything created is named and labelled with a per-run prefix and
 * removed at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>

#include "berth-build-context.h"
#include "berth-engine.h"
#include "berth-engine-build.h"
#include "berth-engine-containers.h"
#include "berth-engine-events.h"
#include "berth-engine-exec.h"
#include "berth-engine-logs.h"
#include "berth-engine-resources.h"
#include "berth-test.h"

#define IMAGE "debian:bookworm-slim"

static BerthEngine *engine;
static char *prefix;
static GPtrArray *containers;   /* ids to remove at the end */

/* --- helpers --- */

static char *
unique_name (const char *what)
{
  return g_strdup_printf ("%s-%s", prefix, what);
}

static JsonObject *
container_config (const char * const *cmd,
                  gboolean            tty)
{
  JsonObject *config = json_object_new ();
  JsonObject *labels = json_object_new ();
  JsonArray *argv = json_array_new ();

  json_object_set_string_member (config, "Image", IMAGE);
  for (guint i = 0; cmd[i]; i++)
    json_array_add_string_element (argv, cmd[i]);
  json_object_set_array_member (config, "Cmd", argv);
  json_object_set_boolean_member (config, "Tty", tty);
  json_object_set_string_member (labels, "berth.test", prefix);
  json_object_set_object_member (config, "Labels", labels);
  return config;
}

static char *
create_with (const char *what,
             JsonObject *config)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = unique_name (what);
  char *id = berth_engine_container_create_sync (engine, name, config, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_ptr_array_add (containers, g_strdup (id));
  return id;
}

static char *
create_container (const char         *what,
                  const char * const *cmd,
                  gboolean            tty)
{
  g_autoptr(JsonObject) config = container_config (cmd, tty);

  return create_with (what, config);
}

static char *
run_container (const char         *what,
               const char * const *cmd,
               gboolean            tty)
{
  g_autoptr(GError) error = NULL;
  char *id = create_container (what, cmd, tty);

  g_assert_true (berth_engine_container_start_sync (engine, id, NULL, &error));
  g_assert_no_error (error);
  return id;
}

static const char *
container_status (const char *id)
{
  static char status[32];
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) inspect = berth_engine_container_inspect_sync (engine, id, NULL, &error);
  JsonObject *state;

  g_assert_no_error (error);
  state = json_object_get_object_member (inspect, "State");
  g_strlcpy (status, json_object_get_string_member (state, "Status"), sizeof status);
  return status;
}

static void
wait_for (gboolean *flag,
          guint     seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);
  g_assert_true (*flag);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);
  g_assert_nonnull (*slot);
  return *slot;
}

/* --- ping, version, errors --- */

static void
test_ping_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) version = NULL;
  g_autoptr(JsonObject) info = NULL;
  GAsyncResult *result = NULL;
  guint minor;

  g_assert_true (berth_engine_ping_sync (engine, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (berth_engine_get_api_version (engine), "1."));
  minor = atoi (berth_engine_get_api_version (engine) + 2);
  g_assert_cmpuint (minor, >=, 41);
  g_assert_cmpuint (minor, <=, 52);
  g_assert_true (berth_engine_api_at_least (engine, 1, 41));
  g_assert_false (berth_engine_api_at_least (engine, 1, 53));

  version = berth_engine_version_sync (engine, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_object_get_string_member (version, "Version"));

  info = berth_engine_info_sync (engine, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (info, "ServerVersion"));

  {
    g_autoptr(BerthEngine) fresh = berth_engine_new (berth_test_engine_host (), &error);
    g_autoptr(JsonObject) async_version = NULL;

    berth_engine_ping_async (fresh, NULL, store_result, &result);
    g_assert_true (berth_engine_ping_finish (fresh, wait_result (&result), &error));
    g_assert_no_error (error);
    g_assert_cmpstr (berth_engine_get_api_version (fresh), ==, berth_engine_get_api_version (engine));
    g_clear_object (&result);

    berth_engine_version_async (fresh, NULL, store_result, &result);
    async_version = berth_engine_version_finish (fresh, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (async_version, "Version"), ==,
                     json_object_get_string_member (version, "Version"));
    g_clear_object (&result);
  }

  {
    /* The generic request on an unversioned-looking path still works. */
    g_autoptr(JsonNode) node = berth_engine_request_sync (engine, "GET", "/containers/json", "all=1", NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  }
}

static void
test_http_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = unique_name ("missing");
  g_autoptr(JsonObject) inspect = berth_engine_container_inspect_sync (engine, missing, NULL, &error);
  g_autofree char *expected = g_strdup_printf ("engine error 404: No such container: %s", missing);

  g_assert_null (inspect);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* Two containers with one name: 409. */
  {
    const char *cmd[] = { "true", NULL };
    g_autoptr(JsonObject) config = container_config (cmd, FALSE);
    g_autofree char *id = create_with ("dup", config);
    g_autofree char *name = unique_name ("dup");
    g_autofree char *again = berth_engine_container_create_sync (engine, name, config, NULL, &error);

    g_assert_null (again);
    g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT);
    g_assert_true (g_str_has_prefix (error->message, "engine error 409: "));
    g_clear_error (&error);
  }

  /* A bad request: 400 with the engine's message. */
  {
    g_autoptr(JsonObject) config = json_object_new ();
    g_autofree char *id = NULL;

    json_object_set_string_member (config, "Image", IMAGE);
    json_object_set_string_member (config, "Hostname", "");
    json_object_set_object_member (config, "HostConfig", json_object_new ());
    json_object_set_string_member (json_object_get_object_member (config, "HostConfig"), "NetworkMode", "container:");
    id = berth_engine_container_create_sync (engine, NULL, config, NULL, &error);
    g_assert_null (id);
    g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_ENGINE);
    g_assert_true (g_str_has_prefix (error->message, "engine error "));
  }
}

/* --- containers --- */

static void
test_container_lifecycle (void)
{
  const char *cmd[] = { "sleep", "600", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = create_container ("life", cmd, FALSE);
  g_autofree char *label = g_strdup_printf ("label=berth.test=%s", prefix);
  g_autofree char *name_filter = NULL;
  const char *filters[] = { label, NULL, NULL };
  g_autoptr(JsonArray) running = NULL;
  g_autoptr(JsonArray) all = NULL;
  g_autoptr(JsonObject) inspect = NULL;
  GAsyncResult *result = NULL;
  gint64 exit_code = -1;

  g_assert_cmpstr (container_status (id), ==, "created");

  inspect = berth_engine_container_inspect_sync (engine, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (inspect, "Config"), "Image"), ==, IMAGE);

  /* list: a created container shows with all only */
  name_filter = g_strdup_printf ("name=%s-life", prefix);
  filters[1] = name_filter;
  running = berth_engine_containers_list_sync (engine, FALSE, filters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (running), ==, 0);
  all = berth_engine_containers_list_sync (engine, TRUE, filters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (all), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (all, 0), "Id"), ==, id);

  g_assert_true (berth_engine_container_start_sync (engine, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (container_status (id), ==, "running");
  /* Starting it again is not an error. */
  g_assert_true (berth_engine_container_start_sync (engine, id, NULL, &error));
  g_assert_no_error (error);

  g_clear_pointer (&running, json_array_unref);
  running = berth_engine_containers_list_sync (engine, FALSE, filters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (running), ==, 1);

  g_assert_true (berth_engine_container_stop_sync (engine, id, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (container_status (id), ==, "exited");

  /* the async forms */
  berth_engine_container_start_async (engine, id, NULL, store_result, &result);
  g_assert_true (berth_engine_container_start_finish (engine, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpstr (container_status (id), ==, "running");

  berth_engine_container_restart_async (engine, id, 1, NULL, store_result, &result);
  g_assert_true (berth_engine_container_restart_finish (engine, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpstr (container_status (id), ==, "running");

  berth_engine_containers_list_async (engine, FALSE, filters, NULL, store_result, &result);
  g_clear_pointer (&running, json_array_unref);
  running = berth_engine_containers_list_finish (engine, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (running), ==, 1);
  g_clear_object (&result);

  berth_engine_container_inspect_async (engine, id, NULL, store_result, &result);
  g_clear_pointer (&inspect, json_object_unref);
  inspect = berth_engine_container_inspect_finish (engine, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (inspect, "Id"), ==, id);
  g_clear_object (&result);

  berth_engine_container_stop_async (engine, id, 1, NULL, store_result, &result);
  g_assert_true (berth_engine_container_stop_finish (engine, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpstr (container_status (id), ==, "exited");

  /* kill and wait: SIGKILL gives 137 */
  g_assert_true (berth_engine_container_start_sync (engine, id, NULL, &error));
  g_assert_true (berth_engine_container_kill_sync (engine, id, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (berth_engine_container_wait_sync (engine, id, NULL, &exit_code, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (exit_code, ==, 137);

  g_assert_true (berth_engine_container_remove_sync (engine, id, FALSE, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&inspect, json_object_unref);
  inspect = berth_engine_container_inspect_sync (engine, id, NULL, &error);
  g_assert_null (inspect);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
}

static void
test_container_wait_exit_code (void)
{
  const char *cmd[] = { "sh", "-c", "exit 3", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = run_container ("wait", cmd, FALSE);
  gint64 exit_code = -1;

  g_assert_true (berth_engine_container_wait_sync (engine, id, "not-running", &exit_code, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (exit_code, ==, 3);
}

static void
test_container_archive (void)
{
  const char *cmd[] = { "true", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = create_container ("archive", cmd, FALSE);
  g_autoptr(GByteArray) tar_buffer = g_byte_array_new ();
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(GBytes) back = NULL;
  struct archive *a;
  struct archive_entry *entry;
  size_t used = 0;
  char buffer[16384];
  gboolean found = FALSE;

  /* a tar with one file, written in memory */
  a = archive_write_new ();
  archive_write_set_format_pax_restricted (a);
  g_assert_cmpint (archive_write_open_memory (a, buffer, sizeof buffer, &used), ==, ARCHIVE_OK);
  entry = archive_entry_new ();
  archive_entry_set_pathname (entry, "hello.txt");
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, 6);
  archive_write_header (a, entry);
  archive_write_data (a, "hello\n", 6);
  archive_entry_free (entry);
  archive_write_close (a);
  archive_write_free (a);
  tar = g_bytes_new (buffer, used);

  g_assert_true (berth_engine_container_archive_put_sync (engine, id, "/tmp", tar, NULL, &error));
  g_assert_no_error (error);

  back = berth_engine_container_archive_get_sync (engine, id, "/tmp/hello.txt", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  a = archive_read_new ();
  archive_read_support_format_tar (a);
  g_assert_cmpint (archive_read_open_memory (a, g_bytes_get_data (back, NULL), g_bytes_get_size (back)), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    if (g_str_equal (archive_entry_pathname (entry), "hello.txt"))
      {
        char content[16] = "";

        g_assert_cmpint (archive_read_data (a, content, sizeof content - 1), ==, 6);
        g_assert_cmpstr (content, ==, "hello\n");
        found = TRUE;
      }
  archive_read_free (a);
  g_assert_true (found);

  /* A missing path is NOT_FOUND. */
  g_clear_pointer (&back, g_bytes_unref);
  back = berth_engine_container_archive_get_sync (engine, id, "/nonexistent/file", NULL, &error);
  g_assert_null (back);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
}

/* --- logs --- */

typedef struct
{
  GString *seq;
  int      last;
  guint    chunks;
  gboolean seen_marker;
  const char *marker;
} LogCollect;

static gboolean
collect_log (BerthStreamType  stream,
             const guint8    *data,
             gsize            len,
             gpointer         user_data)
{
  LogCollect *c = user_data;

  if ((int) stream != c->last)
    {
      g_string_append_printf (c->seq, "|%d:", stream);
      c->last = stream;
    }
  g_string_append_len (c->seq, (const char *) data, len);
  c->chunks++;
  if (c->marker != NULL && strstr (c->seq->str, c->marker) != NULL)
    c->seen_marker = TRUE;
  return TRUE;
}

static void
wait_exit (const char *id)
{
  g_autoptr(GError) error = NULL;
  gint64 code = -1;

  g_assert_true (berth_engine_container_wait_sync (engine, id, NULL, &code, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (code, ==, 0);
}

static void
test_logs_non_tty (void)
{
  const char *cmd[] = { "sh", "-c", "echo out-1; sleep 0.3; echo err-1 >&2; sleep 0.3; echo out-2; sleep 0.3; echo err-2 >&2", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = run_container ("logs", cmd, FALSE);
  LogCollect c = { g_string_new (NULL), -1, 0, FALSE, NULL };
  BerthLogsOptions options = { 0 };

  wait_exit (id);
  g_assert_true (berth_engine_logs_sync (engine, id, NULL, collect_log, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (c.seq->str, ==, "|1:out-1\n|2:err-1\n|1:out-2\n|2:err-2\n");

  /* tail=1 */
  g_string_truncate (c.seq, 0);
  c.last = -1;
  options.tail = "1";
  g_assert_true (berth_engine_logs_sync (engine, id, &options, collect_log, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (c.seq->str, ==, "|2:err-2\n");

  /* stdout only */
  g_string_truncate (c.seq, 0);
  c.last = -1;
  options.tail = NULL;
  options.no_stderr = TRUE;
  g_assert_true (berth_engine_logs_sync (engine, id, &options, collect_log, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (c.seq->str, ==, "|1:out-1\nout-2\n");

  /* timestamps: an RFC 3339 prefix and a space on each line */
  g_string_truncate (c.seq, 0);
  c.last = -1;
  options.tail = NULL;
  options.no_stderr = FALSE;
  options.timestamps = TRUE;
  g_assert_true (berth_engine_logs_sync (engine, id, &options, collect_log, &c, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GRegex) re = g_regex_new ("^\\|1:\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z out-1\n\\|2:\\S+ err-1\n", 0, 0, NULL);
    g_assert_true (g_regex_match (re, c.seq->str, 0, NULL));
  }

  g_string_free (c.seq, TRUE);
}

static void
test_logs_tty (void)
{
  const char *cmd[] = { "sh", "-c", "echo out-1; sleep 0.2; echo err-1 >&2; sleep 0.2; echo out-2", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = run_container ("logs-tty", cmd, TRUE);
  LogCollect c = { g_string_new (NULL), -1, 0, FALSE, NULL };

  wait_exit (id);
  g_assert_true (berth_engine_logs_sync (engine, id, NULL, collect_log, &c, NULL, &error));
  g_assert_no_error (error);
  /* One raw stream, in order, with the TTY's line endings. */
  g_assert_cmpstr (c.seq->str, ==, "|1:out-1\r\nerr-1\r\nout-2\r\n");
  g_string_free (c.seq, TRUE);
}

static void
test_logs_follow_async (void)
{
  const char *cmd[] = { "sh", "-c", "i=0; while true; do i=$((i+1)); echo line-$i; sleep 0.1; echo warn-$i >&2; sleep 0.1; done", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = run_container ("follow", cmd, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LogCollect c = { g_string_new (NULL), -1, 0, FALSE, "line-3\n" };
  BerthLogsOptions options = { .follow = TRUE };
  GAsyncResult *result = NULL;
  GThread *main_thread = g_thread_self ();

  (void) main_thread;
  berth_engine_logs_follow_async (engine, id, &options, collect_log, &c, NULL, cancellable, store_result, &result);
  wait_for (&c.seen_marker, 30);
  g_assert_nonnull (strstr (c.seq->str, "|1:line-1\n|2:warn-1\n|1:line-2\n"));
  g_cancellable_cancel (cancellable);
  g_assert_false (berth_engine_logs_follow_finish (engine, wait_result (&result), &error));
  g_assert_true (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED) ||
                 g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_clear_error (&error);
  g_clear_object (&result);

  /* A follow on a container that stops ends by itself. */
  {
    const char *short_cmd[] = { "sh", "-c", "sleep 1; echo done", NULL };
    g_autofree char *short_id = run_container ("follow-end", short_cmd, FALSE);
    LogCollect d = { g_string_new (NULL), -1, 0, FALSE, NULL };

    berth_engine_logs_follow_async (engine, short_id, &options, collect_log, &d, NULL, NULL, store_result, &result);
    g_assert_true (berth_engine_logs_follow_finish (engine, wait_result (&result), &error));
    g_assert_no_error (error);
    /* Every chunk is delivered before the callback. */
    g_assert_cmpstr (d.seq->str, ==, "|1:done\n");
    g_clear_object (&result);
    g_string_free (d.seq, TRUE);
  }
  g_string_free (c.seq, TRUE);
}

typedef struct
{
  const char   *id;
  GCancellable *cancellable;
  GError       *error;
  gboolean      ok;
  gint64        returned_at;
  gboolean      got_data;
} CancelRun;

static gboolean
note_data (BerthStreamType stream, const guint8 *data, gsize len, gpointer user_data)
{
  CancelRun *run = user_data;

  g_atomic_int_set (&run->got_data, TRUE);
  return TRUE;
}

static gpointer
follow_thread (gpointer data)
{
  CancelRun *run = data;
  BerthLogsOptions options = { .follow = TRUE };

  run->ok = berth_engine_logs_sync (engine, run->id, &options, note_data, run, run->cancellable, &run->error);
  run->returned_at = g_get_monotonic_time ();
  return NULL;
}

static void
test_logs_cancel_prompt (void)
{
  const char *cmd[] = { "sh", "-c", "echo started; exec sleep 600", NULL };
  g_autofree char *id = run_container ("cancel", cmd, FALSE);
  CancelRun run = { id, g_cancellable_new (), NULL, FALSE, 0, FALSE };
  GThread *thread;
  gint64 cancelled_at;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  thread = g_thread_new ("follow", follow_thread, &run);
  /* Wait until the stream is really flowing, then be idle a moment. */
  while (!g_atomic_int_get (&run.got_data) && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_true (g_atomic_int_get (&run.got_data));
  g_usleep (300000);

  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (run.cancellable);
  g_thread_join (thread);

  g_assert_false (run.ok);
  g_assert_error (run.error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED);
  g_test_message ("follow-logs cancellation took %" G_GINT64_FORMAT " µs", run.returned_at - cancelled_at);
  g_assert_cmpint (run.returned_at - cancelled_at, <, 100 * 1000);

  g_clear_error (&run.error);
  g_object_unref (run.cancellable);
}

/* --- events --- */

typedef struct
{
  const char *id;
  gboolean    started;
  gboolean    healthy;
  gboolean    died;
  char       *exit_code;
  gboolean    other_project;
} EventSeen;

static void
on_event (BerthEventStream *stream,
          BerthEngineEvent *event,
          gpointer          user_data)
{
  EventSeen *seen = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  if (g_strcmp0 (event->actor_id, seen->id) != 0)
    {
      seen->other_project = TRUE;
      return;
    }
  if (g_str_equal (event->action, "start"))
    seen->started = TRUE;
  else if (g_str_equal (event->action, "health_status") && g_strcmp0 (event->action_value, "healthy") == 0)
    seen->healthy = TRUE;
  else if (g_str_equal (event->action, "die"))
    {
      seen->died = TRUE;
      seen->exit_code = g_strdup (berth_engine_event_get_attribute (event, "exitCode"));
    }
}

static void
test_events_stream (void)
{
  g_autofree char *label = g_strdup_printf ("label=berth.test=%s", prefix);
  const char *filters[] = { "type=container", label, NULL };
  g_autoptr(BerthEventStream) stream = berth_event_stream_new (engine, filters);
  const char *cmd[] = { "sh", "-c", "sleep 3; exit 4", NULL };
  g_autoptr(JsonObject) config = container_config (cmd, FALSE);
  g_autoptr(JsonObject) health = json_object_new ();
  JsonArray *test = json_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  EventSeen seen = { 0 };
  gboolean connected = FALSE;

  json_array_add_string_element (test, "CMD-SHELL");
  json_array_add_string_element (test, "true");
  json_object_set_array_member (health, "Test", test);
  json_object_set_int_member (health, "Interval", 300 * 1000 * 1000);
  json_object_set_int_member (health, "Timeout", 2000 * 1000 * 1000LL);
  json_object_set_int_member (health, "Retries", 1);
  json_object_set_object_member (config, "Healthcheck", json_object_ref (health));

  g_signal_connect (stream, "event", G_CALLBACK (on_event), &seen);
  berth_event_stream_start (stream);

  /* The stream connects before the container starts. */
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while (!berth_event_stream_get_connected (stream) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);
    connected = berth_event_stream_get_connected (stream);
    g_assert_true (connected);
  }

  id = create_with ("events", config);
  seen.id = id;
  g_assert_true (berth_engine_container_start_sync (engine, id, NULL, &error));
  g_assert_no_error (error);

  wait_for (&seen.started, 30);
  wait_for (&seen.healthy, 30);
  wait_for (&seen.died, 30);
  g_assert_cmpstr (seen.exit_code, ==, "4");

  berth_event_stream_stop (stream);
  g_assert_false (berth_event_stream_get_connected (stream));
  g_free (seen.exit_code);
}

/* A unix-socket relay in front of the engine, which the test can take
 * away and bring back, to see the event stream reconnect. */
typedef struct
{
  char           *path;
  char           *engine_path;
  GSocketService *service;
  GPtrArray      *connections;
} Relay;

static void
relay_spliced (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_io_stream_splice_finish (result, NULL);
}

static gboolean
relay_incoming (GSocketService    *service,
                GSocketConnection *connection,
                GObject           *source,
                gpointer           user_data)
{
  Relay *relay = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (relay->engine_path);
  g_autoptr(GSocketConnection) upstream = NULL;

  upstream = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
  if (upstream == NULL)
    return TRUE;
  g_ptr_array_add (relay->connections, g_object_ref (connection));
  g_ptr_array_add (relay->connections, g_object_ref (upstream));
  g_io_stream_splice_async (G_IO_STREAM (connection), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_NONE, G_PRIORITY_DEFAULT, NULL, relay_spliced, NULL);
  return TRUE;
}

static void
relay_start (Relay *relay)
{
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (relay->path);
  g_autoptr(GError) error = NULL;

  g_unlink (relay->path);
  relay->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (relay->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (relay->service, "incoming", G_CALLBACK (relay_incoming), relay);
  g_socket_service_start (relay->service);
}

static void
relay_stop (Relay *relay)
{
  g_socket_service_stop (relay->service);
  g_socket_listener_close (G_SOCKET_LISTENER (relay->service));
  g_clear_object (&relay->service);
  for (guint i = 0; i < relay->connections->len; i++)
    g_io_stream_close (g_ptr_array_index (relay->connections, i), NULL, NULL);
  g_ptr_array_set_size (relay->connections, 0);
  g_unlink (relay->path);
}

typedef struct
{
  guint     disconnected;
  guint     reconnected;
  char     *message;
  gboolean  started;
  const char *id;
} Outage;

static void
on_disconnected (BerthEventStream *stream, const char *message, gpointer user_data)
{
  Outage *o = user_data;

  o->disconnected++;
  g_free (o->message);
  o->message = g_strdup (message);
}

static void
on_reconnected (BerthEventStream *stream, gpointer user_data)
{
  ((Outage *) user_data)->reconnected++;
}

static void
on_outage_event (BerthEventStream *stream, BerthEngineEvent *event, gpointer user_data)
{
  Outage *o = user_data;

  if (o->id != NULL && g_strcmp0 (event->actor_id, o->id) == 0 && g_str_equal (event->action, "start"))
    o->started = TRUE;
}

static void
test_events_reconnect (void)
{
  const char *host = berth_test_engine_host ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("berth-relay-XXXXXX", &error);
  Relay relay = { 0 };
  g_autofree char *relay_host = NULL;
  g_autoptr(BerthEngine) relayed = NULL;
  g_autoptr(BerthEventStream) stream = NULL;
  g_autofree char *label = g_strdup_printf ("label=berth.test=%s", prefix);
  const char *filters[] = { "type=container", label, NULL };
  const char *cmd[] = { "true", NULL };
  g_autofree char *id = NULL;
  Outage o = { 0 };
  gint64 deadline;

  g_assert_true (g_str_has_prefix (host, "unix://"));
  relay.engine_path = g_strdup (host + strlen ("unix://"));
  relay.path = g_build_filename (dir, "relay.sock", NULL);
  relay.connections = g_ptr_array_new_with_free_func (g_object_unref);
  relay_start (&relay);

  relay_host = g_strconcat ("unix://", relay.path, NULL);
  relayed = berth_engine_new (relay_host, &error);
  g_assert_no_error (error);
  stream = berth_event_stream_new (relayed, filters);
  g_signal_connect (stream, "disconnected", G_CALLBACK (on_disconnected), &o);
  g_signal_connect (stream, "reconnected", G_CALLBACK (on_reconnected), &o);
  g_signal_connect (stream, "event", G_CALLBACK (on_outage_event), &o);
  berth_event_stream_start (stream);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!berth_event_stream_get_connected (stream) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);
  g_assert_true (berth_event_stream_get_connected (stream));
  g_assert_cmpuint (o.reconnected, ==, 0);

  /* The engine goes away. */
  relay_stop (&relay);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (o.disconnected == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);
  g_assert_cmpuint (o.disconnected, ==, 1);
  g_assert_false (berth_event_stream_get_connected (stream));
  g_assert_nonnull (o.message);

  /* Something happens while it is away... */
  id = run_container ("outage", cmd, FALSE);
  o.id = id;

  /* ...it comes back: reconnected, and the missed event is replayed. */
  relay_start (&relay);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while ((o.reconnected == 0 || !o.started) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);
  g_assert_cmpuint (o.reconnected, ==, 1);
  g_assert_cmpuint (o.disconnected, ==, 1);
  g_assert_true (berth_event_stream_get_connected (stream));
  g_assert_true (o.started);

  berth_event_stream_stop (stream);
  relay_stop (&relay);
  g_ptr_array_unref (relay.connections);
  g_free (relay.path);
  g_free (relay.engine_path);
  g_free (o.message);
  g_rmdir (dir);
}

/* --- exec --- */

static void
test_exec_exit_code (void)
{
  const char *cmd[] = { "sleep", "600", NULL };
  const char *exec_cmd[] = { "sh", "-c", "echo out-$GREETING; pwd; echo err >&2; exit 7", NULL };
  const char *env[] = { "GREETING=hi", NULL };
  g_autofree char *id = run_container ("exec", cmd, FALSE);
  BerthExecConfig config = { .cmd = exec_cmd, .env = env, .working_dir = "/tmp" };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int exit_code = -1;

  g_assert_true (berth_engine_exec_capture_sync (engine, id, &config, &out, &err, &exit_code, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (exit_code, ==, 7);
  g_assert_cmpstr (out, ==, "out-hi\n/tmp\n");
  g_assert_cmpstr (err, ==, "err\n");

  /* A missing container is NOT_FOUND. */
  {
    g_autofree char *missing = unique_name ("nope");
    g_assert_false (berth_engine_exec_capture_sync (engine, missing, &config, &out, &err, &exit_code, NULL, &error));
    g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  }
}

typedef struct
{
  GString  *output;
  gboolean  exited;
  int       exit_code;
  GError   *error;
  gboolean  all_on_main;
} Session;

static void
on_output (BerthExecSession *session, guint stream, GBytes *bytes, gpointer user_data)
{
  Session *s = user_data;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (!g_main_context_is_owner (g_main_context_default ()))
    s->all_on_main = FALSE;
  g_string_append_len (s->output, data, len);
}

static void
on_exited (BerthExecSession *session, int exit_code, GError *error, gpointer user_data)
{
  Session *s = user_data;

  s->exited = TRUE;
  s->exit_code = exit_code;
  s->error = error ? g_error_copy (error) : NULL;
}

static gboolean
output_has (Session *s, const char *needle, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (strstr (s->output->str, needle) == NULL && !s->exited && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);
  return strstr (s->output->str, needle) != NULL;
}

static void
session_write (BerthExecSession *session, const char *text)
{
  berth_exec_session_write (session, (const guint8 *) text, strlen (text));
}

static void
test_exec_tty_session (void)
{
  const char *cmd[] = { "sleep", "600", NULL };
  const char *shell[] = { "/bin/sh", NULL };
  g_autofree char *id = run_container ("tty", cmd, FALSE);
  BerthExecConfig config = { .cmd = shell, .tty = TRUE };
  g_autoptr(BerthExecSession) session = berth_exec_session_new (engine, id, &config);
  Session s = { g_string_new (NULL), FALSE, -1, NULL, TRUE };
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (session, "output", G_CALLBACK (on_output), &s);
  g_signal_connect (session, "exited", G_CALLBACK (on_exited), &s);
  berth_exec_session_resize (session, 30, 100);   /* before start: the initial size */
  berth_exec_session_start_async (session, NULL, store_result, &result);
  g_assert_true (berth_exec_session_start_finish (session, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_nonnull (berth_exec_session_get_exec_id (session));
  g_assert_true (berth_exec_session_get_running (session));

  /* Typed input is echoed by the TTY and run. */
  session_write (session, "echo berth-$((6*7))\n");
  g_assert_true (output_has (&s, "echo berth-$((6*7))", 30));
  g_assert_true (output_has (&s, "berth-42", 30));

  session_write (session, "stty size\n");
  g_assert_true (output_has (&s, "30 100", 30));

  berth_exec_session_resize (session, 41, 123);
  /* The resize travels on its own request: ask until it shows. */
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    gboolean resized = FALSE;

    while (!resized && g_get_monotonic_time () < deadline)
      {
        session_write (session, "stty size\n");
        resized = output_has (&s, "41 123", 1);
      }
    g_assert_true (resized);
  }

  session_write (session, "exit 5\n");
  wait_for (&s.exited, 30);
  g_assert_no_error (s.error);
  g_assert_cmpint (s.exit_code, ==, 5);
  g_assert_false (berth_exec_session_get_running (session));
  g_assert_true (s.all_on_main);

  g_string_free (s.output, TRUE);
  g_clear_object (&result);
}

static void
test_exec_session_close (void)
{
  const char *cmd[] = { "sleep", "600", NULL };
  const char *shell[] = { "sh", "-c", "echo ready; exec sleep 600", NULL };
  g_autofree char *id = run_container ("close", cmd, FALSE);
  BerthExecConfig config = { .cmd = shell, .tty = TRUE };
  g_autoptr(BerthExecSession) session = berth_exec_session_new (engine, id, &config);
  Session s = { g_string_new (NULL), FALSE, -1, NULL, TRUE };
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (session, "output", G_CALLBACK (on_output), &s);
  g_signal_connect (session, "exited", G_CALLBACK (on_exited), &s);
  berth_exec_session_start_async (session, NULL, store_result, &result);
  g_assert_true (berth_exec_session_start_finish (session, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (output_has (&s, "ready", 30));

  /* Closing from our side: ::exited comes, with no exit code yet. */
  berth_exec_session_close (session);
  wait_for (&s.exited, 30);
  g_assert_no_error (s.error);
  g_assert_cmpint (s.exit_code, ==, -1);

  g_string_free (s.output, TRUE);
  g_clear_object (&result);
}

static void
test_exec_bad_start (void)
{
  const char *shell[] = { "/bin/sh", NULL };
  g_autofree char *missing = unique_name ("no-such-container");
  BerthExecConfig config = { .cmd = shell, .tty = TRUE };
  g_autoptr(BerthExecSession) session = berth_exec_session_new (engine, missing, &config);
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  berth_exec_session_start_async (session, NULL, store_result, &result);
  g_assert_false (berth_exec_session_start_finish (session, wait_result (&result), &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_false (berth_exec_session_get_running (session));
  g_clear_object (&result);
}

static void
test_exec_stdin_session (void)
{
  const char *cmd[] = { "sleep", "600", NULL };
  const char *cat[] = { "sh", "-c", "cat; echo done >&2; exit 2", NULL };
  g_autofree char *id = run_container ("stdin", cmd, FALSE);
  BerthExecConfig config = { .cmd = cat, .tty = FALSE };
  g_autoptr(BerthExecSession) session = berth_exec_session_new (engine, id, &config);
  Session s = { g_string_new (NULL), FALSE, -1, NULL, TRUE };
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (session, "output", G_CALLBACK (on_output), &s);
  g_signal_connect (session, "exited", G_CALLBACK (on_exited), &s);
  /* Input written before the connection exists is kept. */
  session_write (session, "hello ");
  berth_exec_session_start_async (session, NULL, store_result, &result);
  g_assert_true (berth_exec_session_start_finish (session, wait_result (&result), &error));
  g_assert_no_error (error);
  session_write (session, "world\n");
  berth_exec_session_close_stdin (session);

  wait_for (&s.exited, 30);
  g_assert_no_error (s.error);
  g_assert_cmpint (s.exit_code, ==, 2);
  /* demuxed: cat's stdout then the shell's stderr */
  g_assert_cmpstr (s.output->str, ==, "hello world\ndone\n");

  g_string_free (s.output, TRUE);
  g_clear_object (&result);
}

/* --- build, images, pull --- */

static void
write_file (const char *dir, const char *name, const char *contents, gssize len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

typedef struct
{
  guint    steps;
  guint    total;
  gboolean saw_image_id;
  gboolean saw_error;
  GString *text;
} BuildSeen;

static gboolean
on_build (const BerthBuildProgress *p, gpointer user_data)
{
  BuildSeen *b = user_data;

  switch (p->kind)
    {
    case BERTH_BUILD_PROGRESS_STEP:
      b->steps++;
      b->total = p->total;
      break;
    case BERTH_BUILD_PROGRESS_IMAGE_ID:
      b->saw_image_id = TRUE;
      break;
    case BERTH_BUILD_PROGRESS_ERROR:
      b->saw_error = TRUE;
      break;
    default:
      break;
    }
  if (p->text != NULL)
    g_string_append (b->text, p->text);
  return TRUE;
}

static void
test_build_dockerignore (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("berth-build-XXXXXX", &error);
  g_autofree char *large = g_malloc0 (16 * 1024 * 1024);
  g_autofree char *tag = g_strdup_printf ("%s-image:test", prefix);
  g_autofree char *label = g_strdup_printf ("berth.test=%s", prefix);
  const char *labels[] = { label, NULL };
  const char *buildargs[] = { "GREETING=from-buildarg", NULL };
  BerthBuildOptions options = { .tag = tag, .labels = labels, .buildargs = buildargs, .nocache = TRUE };
  BuildSeen b = { 0, 0, FALSE, FALSE, g_string_new (NULL) };
  g_autofree char *image_id = NULL;
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(JsonObject) image = NULL;

  g_assert_no_error (error);
  write_file (dir, "Dockerfile",
              "FROM " IMAGE "\n"
              "ARG GREETING\n"
              "COPY . /ctx\n"
              "RUN echo \"$GREETING\" > /greeting && ls -a /ctx\n", -1);
  write_file (dir, ".dockerignore", "large.bin\n*.log\n", -1);
  write_file (dir, "large.bin", large, 16 * 1024 * 1024);
  write_file (dir, "debug.log", "log", -1);
  write_file (dir, "keep.txt", "kept", -1);

  /* The tarball itself has no large.bin. */
  tar = berth_build_context_create (dir, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (tar), <, 64 * 1024);
  {
    struct archive *a = archive_read_new ();
    struct archive_entry *entry;
    gboolean keep = FALSE;

    archive_read_support_format_tar (a);
    archive_read_open_memory (a, g_bytes_get_data (tar, NULL), g_bytes_get_size (tar));
    while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
      {
        g_assert_cmpstr (archive_entry_pathname (entry), !=, "large.bin");
        g_assert_cmpstr (archive_entry_pathname (entry), !=, "debug.log");
        keep |= g_str_equal (archive_entry_pathname (entry), "keep.txt");
      }
    archive_read_free (a);
    g_assert_true (keep);
  }

  g_assert_true (berth_engine_build_sync (engine, dir, &options, on_build, &b, &image_id, NULL, &error));
  g_assert_no_error (error);
  /* four Dockerfile steps, plus the one the classic builder adds for labels */
  g_assert_cmpuint (b.steps, >=, 4);
  g_assert_cmpuint (b.total, ==, b.steps);
  g_assert_true (b.saw_image_id);
  g_assert_true (g_str_has_prefix (image_id, "sha256:"));
  /* `ls -a /ctx` ran in the build: keep.txt there, large.bin not. */
  g_test_message ("build output: %s", b.text->str);
  g_assert_nonnull (strstr (b.text->str, "keep.txt\n"));
  g_assert_null (strstr (b.text->str, "large.bin"));

  /* images: inspect and list */
  image = berth_engine_image_inspect_sync (engine, tag, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (image, "Id"), ==, image_id);
  {
    g_autofree char *filter = g_strdup_printf ("label=%s", label);
    const char *filters[] = { filter, NULL };
    g_autoptr(JsonArray) images = berth_engine_images_list_sync (engine, FALSE, filters, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (images), ==, 1);
  }

  /* In the image too: large.bin absent, the build arg applied. */
  {
    const char *cmd[] = { "sh", "-c", "ls /ctx; cat /greeting", NULL };
    g_autoptr(JsonObject) config = container_config (cmd, FALSE);
    g_autofree char *id = NULL;
    LogCollect c = { g_string_new (NULL), -1, 0, FALSE, NULL };

    json_object_set_string_member (config, "Image", tag);
    id = create_with ("built", config);
    g_assert_true (berth_engine_container_start_sync (engine, id, NULL, &error));
    wait_exit (id);
    g_assert_true (berth_engine_logs_sync (engine, id, NULL, collect_log, &c, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (c.seq->str, ==, "|1:Dockerfile\nkeep.txt\nfrom-buildarg\n");
    g_assert_true (berth_engine_container_remove_sync (engine, id, TRUE, FALSE, NULL, &error));
    g_string_free (c.seq, TRUE);
  }

  g_assert_true (berth_engine_image_remove_sync (engine, tag, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&image, json_object_unref);
  image = berth_engine_image_inspect_sync (engine, tag, NULL, &error);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);

  g_string_free (b.text, TRUE);
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

static void
test_build_failing_step (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("berth-build-XXXXXX", &error);
  BuildSeen b = { 0, 0, FALSE, FALSE, g_string_new (NULL) };
  g_autofree char *image_id = NULL;

  write_file (dir, "Dockerfile",
              "FROM " IMAGE "\n"
              "RUN echo before-failure\n"
              "RUN sh -c 'echo the-step-failed >&2; exit 3'\n", -1);

  g_assert_false (berth_engine_build_sync (engine, dir, NULL, on_build, &b, &image_id, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "returned a non-zero code: 3"));
  g_assert_true (b.saw_error);
  g_assert_false (b.saw_image_id);
  g_assert_null (image_id);
  /* the step's own output came through before the failure */
  g_assert_nonnull (strstr (b.text->str, "the-step-failed"));
  g_assert_cmpuint (b.steps, ==, 3);

  g_string_free (b.text, TRUE);
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gpointer
cancel_thread (gpointer data)
{
  GMainContext *context = g_main_context_new ();
  GSource *source = g_timeout_source_new_seconds (120);

  /* Only a hang would reach this. */
  g_source_set_callback (source, cancel_later, data, NULL);
  g_source_attach (source, context);
  while (!g_cancellable_is_cancelled (data))
    g_main_context_iteration (context, TRUE);
  g_source_destroy (source);
  g_source_unref (source);
  g_main_context_unref (context);
  return NULL;
}

static void
test_pull_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) guard = g_cancellable_new ();
  GThread *thread = g_thread_new ("guard", cancel_thread, guard);
  gboolean ok;

  ok = berth_engine_pull_sync (engine, "127.0.0.1:9/berth-nothing:x", NULL, NULL, guard, &error);
  g_assert_false (ok);
  g_assert_false (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED));
  g_assert_true (error->domain == BERTH_ENGINE_ERROR);
  g_assert_true (error->code == BERTH_ENGINE_ERROR_ENGINE || error->code == BERTH_ENGINE_ERROR_FAILED ||
                 error->code == BERTH_ENGINE_ERROR_NOT_FOUND);
  g_test_message ("pull error: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Cannot pull 127.0.0.1:9/berth-nothing:x: "));
  g_assert_nonnull (strstr (error->message, "127.0.0.1:9"));

  g_cancellable_cancel (guard);
  g_thread_join (thread);
}

/* --- networks and volumes --- */

static void
test_networks (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = unique_name ("net");
  g_autofree char *second = unique_name ("net2");
  g_autofree char *label = g_strdup_printf ("label=berth.test=%s", prefix);
  const char *filters[] = { label, NULL };
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(JsonObject) labels = json_object_new ();
  g_autofree char *net_id = NULL;
  g_autofree char *net2_id = NULL;
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(JsonObject) inspect = NULL;
  const char *cmd[] = { "sleep", "600", NULL };
  g_autofree char *cid = NULL;

  json_object_set_string_member (labels, "berth.test", prefix);
  json_object_set_string_member (config, "Name", name);
  json_object_set_string_member (config, "Driver", "bridge");
  json_object_set_object_member (config, "Labels", json_object_ref (labels));
  net_id = berth_engine_network_create_sync (engine, config, NULL, &error);
  g_assert_no_error (error);
  json_object_set_string_member (config, "Name", second);
  net2_id = berth_engine_network_create_sync (engine, config, NULL, &error);
  g_assert_no_error (error);

  list = berth_engine_networks_list_sync (engine, filters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);

  inspect = berth_engine_network_inspect_sync (engine, name, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (inspect, "Id"), ==, net_id);

  /* Created on two networks at once: on API < 1.44 the client connects
   * the second itself; either way the container ends up on both. */
  {
    g_autoptr(JsonObject) ccfg = container_config (cmd, FALSE);
    JsonObject *networking = json_object_new ();
    JsonObject *endpoints = json_object_new ();
    JsonObject *ep2 = json_object_new ();
    JsonArray *aliases = json_array_new ();
    g_autoptr(JsonObject) cinspect = NULL;
    JsonObject *networks;

    json_array_add_string_element (aliases, "berth-alias");
    json_object_set_array_member (ep2, "Aliases", aliases);
    json_object_set_object_member (endpoints, name, json_object_new ());
    json_object_set_object_member (endpoints, second, ep2);
    json_object_set_object_member (networking, "EndpointsConfig", endpoints);
    json_object_set_object_member (ccfg, "NetworkingConfig", networking);
    json_object_set_object_member (ccfg, "HostConfig", json_object_new ());
    json_object_set_string_member (json_object_get_object_member (ccfg, "HostConfig"), "NetworkMode", name);
    cid = create_with ("netted", ccfg);

    cinspect = berth_engine_container_inspect_sync (engine, cid, NULL, &error);
    g_assert_no_error (error);
    networks = json_object_get_object_member (json_object_get_object_member (cinspect, "NetworkSettings"), "Networks");
    g_assert_true (json_object_has_member (networks, name));
    g_assert_true (json_object_has_member (networks, second));
    {
      JsonArray *got = json_object_get_array_member (json_object_get_object_member (networks, second), "Aliases");
      gboolean found = FALSE;

      for (guint i = 0; got && i < json_array_get_length (got); i++)
        found |= g_str_equal (json_array_get_string_element (got, i), "berth-alias");
      g_assert_true (found);
    }
    /* the caller's config was not modified */
    g_assert_cmpuint (json_object_get_size (endpoints), ==, 2);
  }

  /* disconnect and connect again */
  g_assert_true (berth_engine_network_disconnect_sync (engine, second, cid, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&inspect, json_object_unref);
  inspect = berth_engine_network_inspect_sync (engine, second, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (json_object_get_object_member (inspect, "Containers"), cid));

  g_assert_true (berth_engine_container_start_sync (engine, cid, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (berth_engine_network_connect_sync (engine, second, cid, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&inspect, json_object_unref);
  inspect = berth_engine_network_inspect_sync (engine, second, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_object_get_object_member (inspect, "Containers"), cid));

  g_assert_true (berth_engine_container_remove_sync (engine, cid, TRUE, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (berth_engine_network_remove_sync (engine, name, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (berth_engine_network_remove_sync (engine, net2_id, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&inspect, json_object_unref);
  inspect = berth_engine_network_inspect_sync (engine, name, NULL, &error);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
}

static void
test_volumes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = unique_name ("vol");
  g_autofree char *label = g_strdup_printf ("label=berth.test=%s", prefix);
  const char *filters[] = { label, NULL };
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(JsonObject) labels = json_object_new ();
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) inspect = NULL;
  g_autoptr(JsonArray) list = NULL;

  json_object_set_string_member (labels, "berth.test", prefix);
  json_object_set_string_member (config, "Name", name);
  json_object_set_object_member (config, "Labels", json_object_ref (labels));
  created = berth_engine_volume_create_sync (engine, config, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (created, "Name"), ==, name);

  list = berth_engine_volumes_list_sync (engine, filters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);

  inspect = berth_engine_volume_inspect_sync (engine, name, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (inspect, "Driver"), ==, "local");

  /* A volume in use cannot be removed without force: 409. */
  {
    const char *cmd[] = { "true", NULL };
    g_autoptr(JsonObject) ccfg = container_config (cmd, FALSE);
    JsonObject *host_config = json_object_new ();
    JsonArray *binds = json_array_new ();
    g_autofree char *bind = g_strdup_printf ("%s:/data", name);
    g_autofree char *cid = NULL;

    json_array_add_string_element (binds, bind);
    json_object_set_array_member (host_config, "Binds", binds);
    json_object_set_object_member (ccfg, "HostConfig", host_config);
    cid = create_with ("vol-user", ccfg);
    g_assert_false (berth_engine_volume_remove_sync (engine, name, FALSE, NULL, &error));
    g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT);
    g_clear_error (&error);

    /* Removing the container with volumes=false keeps the named volume. */
    g_assert_true (berth_engine_container_remove_sync (engine, cid, TRUE, FALSE, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&inspect, json_object_unref);
    inspect = berth_engine_volume_inspect_sync (engine, name, NULL, &error);
    g_assert_no_error (error);
  }

  g_assert_true (berth_engine_volume_remove_sync (engine, name, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, json_array_unref);
  list = berth_engine_volumes_list_sync (engine, filters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 0);
}

static void
test_images_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) images = berth_engine_images_list_sync (engine, FALSE, NULL, NULL, &error);
  g_autoptr(JsonObject) base = NULL;
  gboolean found = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (images); i++)
    {
      JsonArray *tags = json_object_get_array_member (json_array_get_object_element (images, i), "RepoTags");

      for (guint t = 0; tags && t < json_array_get_length (tags); t++)
        found |= g_str_equal (json_array_get_string_element (tags, t), IMAGE);
    }
  g_assert_true (found);

  base = berth_engine_image_inspect_sync (engine, IMAGE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (base, "Id"), "sha256:"));
}

static void
cleanup (void)
{
  g_autofree char *label = g_strdup_printf ("label=berth.test=%s", prefix);
  const char *filters[] = { label, NULL };
  g_autoptr(JsonArray) left = berth_engine_containers_list_sync (engine, TRUE, filters, NULL, NULL);

  for (guint i = 0; left && i < json_array_get_length (left); i++)
    berth_engine_container_remove_sync (engine,
                                        json_object_get_string_member (json_array_get_object_element (left, i), "Id"),
                                        TRUE, TRUE, NULL, NULL);
  for (guint i = 0; i < containers->len; i++)
    berth_engine_container_remove_sync (engine, g_ptr_array_index (containers, i), TRUE, TRUE, NULL, NULL);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  engine = berth_engine_new (berth_test_engine_host (), &error);
  g_assert_no_error (error);
  prefix = g_strdup_printf ("berth-test-engine-%08x", g_random_int ());
  containers = g_ptr_array_new_with_free_func (g_free);

  g_test_add_func ("/engine/ping-version", test_ping_version);
  g_test_add_func ("/engine/http-errors", test_http_errors);
  g_test_add_func ("/engine/containers/lifecycle", test_container_lifecycle);
  g_test_add_func ("/engine/containers/wait-exit-code", test_container_wait_exit_code);
  g_test_add_func ("/engine/containers/archive", test_container_archive);
  g_test_add_func ("/engine/logs/non-tty", test_logs_non_tty);
  g_test_add_func ("/engine/logs/tty", test_logs_tty);
  g_test_add_func ("/engine/logs/follow-async", test_logs_follow_async);
  g_test_add_func ("/engine/logs/cancel-within-100ms", test_logs_cancel_prompt);
  g_test_add_func ("/engine/events/start-health-die", test_events_stream);
  g_test_add_func ("/engine/events/reconnect", test_events_reconnect);
  g_test_add_func ("/engine/exec/exit-code", test_exec_exit_code);
  g_test_add_func ("/engine/exec/tty-session", test_exec_tty_session);
  g_test_add_func ("/engine/exec/stdin-session", test_exec_stdin_session);
  g_test_add_func ("/engine/exec/session-close", test_exec_session_close);
  g_test_add_func ("/engine/exec/session-bad-start", test_exec_bad_start);
  g_test_add_func ("/engine/build/dockerignore", test_build_dockerignore);
  g_test_add_func ("/engine/build/failing-step", test_build_failing_step);
  g_test_add_func ("/engine/pull/unreachable-registry", test_pull_unreachable);
  g_test_add_func ("/engine/networks", test_networks);
  g_test_add_func ("/engine/volumes", test_volumes);
  g_test_add_func ("/engine/images", test_images_list);

  ret = g_test_run ();

  cleanup ();
  g_ptr_array_unref (containers);
  g_free (prefix);
  g_object_unref (engine);
  return ret;
}
