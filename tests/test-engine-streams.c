/* test-engine-streams.c: the engine's streams against a real dockerd:
 * logs (TTY and not, follow, prompt cancellation), events (start, health,
 * die, reconnect after an outage) and exec (exit codes, TTY sessions).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-engine-helpers.h"

/* --- logs --- */

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

/* A TCP front for the engine's unix socket, in threads of its own, so that
 * the tcp:// transport (plain HTTP on a port, and the hijacked exec
 * connection over it) is exercised against the real engine. */
typedef struct
{
  GSocket  *listener;
  char     *engine_path;
  guint16   port;
  gboolean  stop;
  GThread  *thread;
} TcpRelay;

typedef struct
{
  GSocket *a;
  GSocket *b;
} Pump;

static gpointer
pump_thread (gpointer data)
{
  Pump *pump = data;
  gboolean a_open = TRUE, b_open = TRUE;

  while (a_open || b_open)
    {
      GPollFD fds[2] = {
        { g_socket_get_fd (pump->a), a_open ? G_IO_IN : 0, 0 },
        { g_socket_get_fd (pump->b), b_open ? G_IO_IN : 0, 0 },
      };

      if (g_poll (fds, 2, 30000) <= 0)
        break;
      for (guint i = 0; i < 2; i++)
        if (fds[i].revents != 0)
          {
            GSocket *from = i == 0 ? pump->a : pump->b;
            GSocket *to = i == 0 ? pump->b : pump->a;
            char buf[16384];
            gssize n = g_socket_receive (from, buf, sizeof buf, NULL, NULL);

            if (n <= 0)
              {
                g_socket_shutdown (to, FALSE, TRUE, NULL);
                if (i == 0)
                  a_open = FALSE;
                else
                  b_open = FALSE;
                continue;
              }
            for (gssize sent = 0; sent < n; )
              {
                gssize w = g_socket_send (to, buf + sent, n - sent, NULL, NULL);
                if (w <= 0)
                  break;
                sent += w;
              }
          }
    }
  g_object_unref (pump->a);
  g_object_unref (pump->b);
  g_free (pump);
  return NULL;
}

static gpointer
tcp_relay_thread (gpointer data)
{
  TcpRelay *relay = data;

  for (;;)
    {
      GSocket *client = g_socket_accept (relay->listener, NULL, NULL);
      g_autoptr(GSocketAddress) address = NULL;
      GSocket *upstream;
      Pump *pump;

      if (client == NULL)
        break;
      if (g_atomic_int_get (&relay->stop))
        {
          g_object_unref (client);
          break;
        }
      address = g_unix_socket_address_new (relay->engine_path);
      upstream = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, NULL);
      if (upstream == NULL || !g_socket_connect (upstream, address, NULL, NULL))
        {
          g_clear_object (&upstream);
          g_object_unref (client);
          continue;
        }
      pump = g_new0 (Pump, 1);
      pump->a = client;
      pump->b = upstream;
      g_thread_unref (g_thread_new ("pump", pump_thread, pump));
    }
  return NULL;
}

static void
test_exec_over_tcp (void)
{
  const char *host = berth_test_engine_host ();
  const char *cmd[] = { "sleep", "600", NULL };
  const char *shell[] = { "/bin/sh", NULL };
  const char *exit7[] = { "sh", "-c", "echo via-tcp; exit 7", NULL };
  g_autofree char *id = run_container ("tcp", cmd, FALSE);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthEngine) tcp_engine = NULL;
  g_autofree char *tcp_host = NULL;
  g_autofree char *out = NULL;
  BerthExecConfig run_config = { .cmd = exit7 };
  BerthExecConfig tty_config = { .cmd = shell, .tty = TRUE };
  TcpRelay relay = { 0 };
  int exit_code = -1;

  g_assert_true (g_str_has_prefix (host, "unix://"));
  relay.engine_path = g_strdup (host + strlen ("unix://"));
  relay.listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (relay.listener, any, TRUE, &error));
  g_assert_true (g_socket_listen (relay.listener, &error));
  bound = g_socket_get_local_address (relay.listener, &error);
  relay.port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  relay.thread = g_thread_new ("tcp-relay", tcp_relay_thread, &relay);

  tcp_host = g_strdup_printf ("tcp://127.0.0.1:%u", relay.port);
  tcp_engine = berth_engine_new (tcp_host, &error);
  g_assert_no_error (error);
  g_assert_true (berth_engine_ping_sync (tcp_engine, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (berth_engine_exec_capture_sync (tcp_engine, id, &run_config, &out, NULL, &exit_code, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (exit_code, ==, 7);
  g_assert_cmpstr (out, ==, "via-tcp\n");

  {
    g_autoptr(BerthExecSession) session = berth_exec_session_new (tcp_engine, id, &tty_config);
    Session s = { g_string_new (NULL), FALSE, -1, NULL, TRUE };
    GAsyncResult *result = NULL;

    g_signal_connect (session, "output", G_CALLBACK (on_output), &s);
    g_signal_connect (session, "exited", G_CALLBACK (on_exited), &s);
    berth_exec_session_resize (session, 33, 77);
    berth_exec_session_start_async (session, NULL, store_result, &result);
    g_assert_true (berth_exec_session_start_finish (session, wait_result (&result), &error));
    g_assert_no_error (error);
    session_write (session, "stty size; exit 3\n");
    g_assert_true (output_has (&s, "33 77", 30));
    wait_for (&s.exited, 30);
    g_assert_no_error (s.error);
    g_assert_cmpint (s.exit_code, ==, 3);
    g_string_free (s.output, TRUE);
    g_clear_object (&result);
  }

  /* Stop accepting: wake the accept() with a last connection. */
  g_atomic_int_set (&relay.stop, TRUE);
  {
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnection) connection =
      g_socket_client_connect_to_host (client, "127.0.0.1", relay.port, NULL, NULL);
  }
  g_thread_join (relay.thread);
  g_socket_close (relay.listener, NULL);
  g_object_unref (relay.listener);
  g_free (relay.engine_path);
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  engine_tests_init ("streams");

  g_test_add_func ("/engine/logs/non-tty", test_logs_non_tty);
  g_test_add_func ("/engine/logs/tty", test_logs_tty);
  g_test_add_func ("/engine/logs/follow-async", test_logs_follow_async);
  g_test_add_func ("/engine/logs/cancel-within-100ms", test_logs_cancel_prompt);
  g_test_add_func ("/engine/events/start-health-die", test_events_stream);
  g_test_add_func ("/engine/events/reconnect", test_events_reconnect);
  g_test_add_func ("/engine/exec/exit-code", test_exec_exit_code);
  g_test_add_func ("/engine/exec/tty-session", test_exec_tty_session);
  g_test_add_func ("/engine/exec/stdin-session", test_exec_stdin_session);
  g_test_add_func ("/engine/exec/over-tcp", test_exec_over_tcp);
  g_test_add_func ("/engine/exec/session-close", test_exec_session_close);
  g_test_add_func ("/engine/exec/session-bad-start", test_exec_bad_start);

  return engine_tests_finish (g_test_run ());
}
