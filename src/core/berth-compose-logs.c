/* berth-compose-logs.c: logs, exec and events of a project.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "berth-compose-ops-private.h"
#include "berth-engine-events.h"
#include "berth-engine-exec.h"
#include "berth-engine-logs.h"

/* --- colours ------------------------------------------------------------ */

static const char * const ansi_colours[] = {
  "\033[36m", "\033[33m", "\033[32m", "\033[35m", "\033[34m", "\033[31m",
  "\033[1;36m", "\033[1;33m", "\033[1;32m", "\033[1;35m", "\033[1;34m", "\033[1;31m",
};

guint
berth_compose_service_colour (const char *service)
{
  /* A hash, not the service's position: adding a service to the file
   * does not repaint the others. */
  return g_str_hash (service ? service : "") % G_N_ELEMENTS (ansi_colours);
}

const char *
berth_compose_service_colour_ansi (const char *service)
{
  return ansi_colours[berth_compose_service_colour (service)];
}

/* --- logs ---------------------------------------------------------------- */

typedef struct
{
  GMutex               lock;     /* serialises func */
  BerthComposeLogFunc  func;
  gpointer             user_data;
} LogsShared;

typedef struct
{
  LogsShared       *shared;
  BerthEngine      *engine;
  char             *service;
  char             *container;
  char             *id;
  BerthLogsOptions  options;
  GString          *partial[3];
  GCancellable     *cancellable;
  GError           *error;
  char             *since;    /* owns options.since when set here */
} LogsJob;

static void
emit_lines (LogsJob         *job,
            BerthStreamType  stream,
            gboolean         flush)
{
  GString *buf = job->partial[stream];
  gsize start = 0;
  char *nl;

  /* Lines are cut in place and the buffer shifted once. */
  while ((nl = memchr (buf->str + start, '\n', buf->len - start)) != NULL)
    {
      char *line = buf->str + start;
      gsize n = nl - line;

      *nl = '\0';
      if (n > 0 && line[n - 1] == '\r')
        line[n - 1] = '\0';
      start += n + 1;
      g_mutex_lock (&job->shared->lock);
      job->shared->func (job->service, job->container,
                         stream == BERTH_STREAM_STDERR ? BERTH_COMPOSE_LOG_STDERR : BERTH_COMPOSE_LOG_STDOUT,
                         line, job->shared->user_data);
      g_mutex_unlock (&job->shared->lock);
    }
  if (start > 0)
    g_string_erase (buf, 0, start);
  if (flush && buf->len > 0)
    {
      g_mutex_lock (&job->shared->lock);
      job->shared->func (job->service, job->container,
                         stream == BERTH_STREAM_STDERR ? BERTH_COMPOSE_LOG_STDERR : BERTH_COMPOSE_LOG_STDOUT,
                         buf->str, job->shared->user_data);
      g_mutex_unlock (&job->shared->lock);
      g_string_truncate (buf, 0);
    }
}

static gboolean
logs_data (BerthStreamType  stream,
           const guint8    *data,
           gsize            len,
           gpointer         user_data)
{
  LogsJob *job = user_data;

  if (stream != BERTH_STREAM_STDOUT && stream != BERTH_STREAM_STDERR)
    stream = BERTH_STREAM_STDERR;
  g_string_append_len (job->partial[stream], (const char *) data, len);
  emit_lines (job, stream, FALSE);
  return TRUE;
}

static gpointer
logs_thread (gpointer data)
{
  LogsJob *job = data;

  berth_engine_logs_sync (job->engine, job->id, &job->options, logs_data, job, job->cancellable, &job->error);
  emit_lines (job, BERTH_STREAM_STDOUT, TRUE);
  emit_lines (job, BERTH_STREAM_STDERR, TRUE);
  return NULL;
}

static LogsJob *
logs_job_new (LogsShared                 *shared,
              BerthEngine                *engine,
              const BerthComposeOptions  *options,
              const char                 *service,
              const char                 *container,
              const char                 *id,
              GCancellable               *cancellable)
{
  LogsJob *job = g_new0 (LogsJob, 1);

  job->shared = shared;
  job->engine = engine;
  job->service = g_strdup (service);
  job->container = g_strdup (container);
  job->id = g_strdup (id);
  job->options.follow = options ? options->follow : FALSE;
  job->options.timestamps = options ? options->timestamps : FALSE;
  job->options.tail = options ? options->tail : NULL;
  job->options.since = options ? options->since : NULL;
  for (guint s = 0; s < 3; s++)
    job->partial[s] = g_string_new (NULL);
  job->cancellable = cancellable;
  return job;
}

static void
logs_job_free (LogsJob *job)
{
  g_clear_error (&job->error);
  g_free (job->service);
  g_free (job->container);
  g_free (job->id);
  g_free (job->since);
  for (guint s = 0; s < 3; s++)
    g_string_free (job->partial[s], TRUE);
  g_free (job);
}

/* Following: containers that start later (recreated by up, restarted)
 * join the merged stream, from the moment they started. */
typedef struct
{
  LogsShared                 *shared;
  BerthEngine                *engine;
  const BerthComposeOptions  *options;
  GCancellable               *cancellable;
  GPtrArray                  *jobs;      /* LogsJob; only this thread adds */
  GPtrArray                  *threads;
} Follow;

static gboolean
on_container_start (BerthEngineEvent *event,
                    gpointer          user_data)
{
  Follow *f = user_data;
  const char *service = berth_engine_event_get_attribute (event, BERTH_COMPOSE_LABEL_SERVICE);
  const char *name = berth_engine_event_get_attribute (event, "name");
  LogsJob *job;

  if (service == NULL || event->actor_id == NULL ||
      g_strcmp0 (berth_engine_event_get_attribute (event, BERTH_COMPOSE_LABEL_ONEOFF), "True") == 0)
    return TRUE;
  if (f->options->services != NULL && f->options->services[0] != NULL &&
      !g_strv_contains ((const char * const *) f->options->services, service))
    return TRUE;

  job = logs_job_new (f->shared, f->engine, f->options, service, name ? name : event->actor_id,
                      event->actor_id, f->cancellable);
  /* Only what this run writes: lines after the previous run finished (a
   * restart), or everything for a container that never ran before (a
   * recreation).  Not the start time: a process writes its first lines
   * before the engine records StartedAt. */
  {
    g_autoptr(JsonObject) inspect = berth_compose_inspect (f->engine, "containers", event->actor_id,
                                                           f->cancellable, NULL);
    JsonNode *state = inspect ? json_object_get_member (inspect, "State") : NULL;
    const char *finished = state && JSON_NODE_HOLDS_OBJECT (state)
      ? json_object_get_string_member_with_default (json_node_get_object (state), "FinishedAt", NULL) : NULL;
    g_autoptr(GDateTime) dt = finished && !g_str_has_prefix (finished, "0001-")
      ? g_date_time_new_from_iso8601 (finished, NULL) : NULL;

    if (dt != NULL)
      job->since = g_strdup_printf ("%" G_GINT64_FORMAT ".%06d", g_date_time_to_unix (dt),
                                    g_date_time_get_microsecond (dt));
    else if (inspect == NULL)
      job->since = g_strdup_printf ("%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT,
                                    event->time_nano / 1000000000 - 1, event->time_nano % 1000000000);
  }
  job->options.since = job->since;
  job->options.tail = NULL;
  g_ptr_array_add (f->jobs, job);
  g_ptr_array_add (f->threads, g_thread_new ("berth-logs", logs_thread, job));
  return TRUE;
}

gboolean
berth_compose_logs_sync (BerthComposeProject        *project,
                         BerthEngine                *engine,
                         const BerthComposeOptions  *options,
                         BerthComposeLogFunc         func,
                         gpointer                    user_data,
                         GCancellable               *cancellable,
                         GError                    **error)
{
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) logs_job_free);
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  LogsShared shared = { 0 };
  gboolean follow = options && options->follow;
  gboolean ok = TRUE;

  services = berth_compose_select_services (project, options ? (const char * const *) options->services : NULL,
                                            FALSE, FALSE, error);
  if (services == NULL)
    return FALSE;

  g_mutex_init (&shared.lock);
  shared.func = func;
  shared.user_data = user_data;

  for (guint i = 0; i < services->len && ok; i++)
    {
      const char *name = berth_compose_service_get_name (g_ptr_array_index (services, i));
      g_autoptr(GPtrArray) containers = NULL;

      containers = berth_compose_list_containers (engine, berth_compose_project_get_name (project), name,
                                                  cancellable, error);
      if (containers == NULL)
        {
          ok = FALSE;
          break;
        }
      for (guint k = 0; k < containers->len; k++)
        {
          JsonObject *c = g_ptr_array_index (containers, k);

          g_ptr_array_add (jobs, logs_job_new (&shared, engine, options, name, berth_compose_container_name_of (c),
                                               json_object_get_string_member (c, "Id"), cancellable));
        }
    }

  if (ok && !follow)
    {
      /* One container after another keeps each log whole. */
      for (guint i = 0; i < jobs->len; i++)
        logs_thread (g_ptr_array_index (jobs, i));
    }
  else if (ok)
    {
      g_autofree char *label = g_strdup_printf ("label=%s=%s", BERTH_COMPOSE_LABEL_PROJECT,
                                                berth_compose_project_get_name (project));
      const char * const filters[] = { "type=container", label, "event=start", NULL };
      g_autofree char *since = NULL;
      g_autoptr(GError) local_error = NULL;
      gint64 now = g_get_real_time ();
      Follow f = { &shared, engine, options, cancellable, jobs, threads };

      /* Interleaved as they happen; starts from now on add streams. */
      since = g_strdup_printf ("%" G_GINT64_FORMAT ".%06d", now / G_USEC_PER_SEC, (int) (now % G_USEC_PER_SEC));
      for (guint i = 0; i < jobs->len; i++)
        g_ptr_array_add (threads, g_thread_new ("berth-logs", logs_thread, g_ptr_array_index (jobs, i)));
      /* Until cancelled: the user stops following. */
      if (!berth_engine_events_sync (engine, filters, since, on_container_start, &f, cancellable, &local_error) &&
          !g_error_matches (local_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED) &&
          !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("Could not follow the logs: "));
          ok = FALSE;
        }
      for (guint i = 0; i < threads->len; i++)
        g_thread_join (g_ptr_array_index (threads, i));
    }

  for (guint i = 0; i < jobs->len; i++)
    {
      LogsJob *job = g_ptr_array_index (jobs, i);

      if (ok && job->error != NULL &&
          !g_error_matches (job->error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED) &&
          !g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (job->error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&job->error),
                                      _("Could not read the logs of %s: "), job->container);
          ok = FALSE;
        }
    }
  g_mutex_clear (&shared.lock);
  return ok;
}

/* --- exec ---------------------------------------------------------------- */

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

typedef struct
{
  int out_fd;
  int err_fd;
} ExecOut;

static gboolean
exec_output (BerthStreamType  stream,
             const guint8    *data,
             gsize            len,
             gpointer         user_data)
{
  ExecOut *out = user_data;

  write_all (stream == BERTH_STREAM_STDERR ? out->err_fd : out->out_fd, data, len);
  return TRUE;
}

typedef struct
{
  GMainLoop        *loop;
  BerthExecSession *session;
  int               stdin_fd;
  int               out_fd;
  int               err_fd;
  int               exit_code;
  GError           *error;
  guint             stdin_source;
} TtyExec;

static void
tty_resize (TtyExec *t)
{
  struct winsize ws;

  if (ioctl (t->out_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
    berth_exec_session_resize (t->session, ws.ws_row, ws.ws_col);
  else if (ioctl (t->stdin_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
    berth_exec_session_resize (t->session, ws.ws_row, ws.ws_col);
}

static gboolean
on_winch (gpointer data)
{
  tty_resize (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_stdin (int          fd,
          GIOCondition condition,
          gpointer     data)
{
  TtyExec *t = data;
  guint8 buf[4096];
  gssize n = read (fd, buf, sizeof buf);

  if (n > 0)
    {
      berth_exec_session_write (t->session, buf, n);
      return G_SOURCE_CONTINUE;
    }
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return G_SOURCE_CONTINUE;
  berth_exec_session_close_stdin (t->session);
  t->stdin_source = 0;
  return G_SOURCE_REMOVE;
}

static void
on_output (BerthExecSession *session,
           guint             stream,
           GBytes           *bytes,
           TtyExec          *t)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  write_all (stream == BERTH_STREAM_STDERR ? t->err_fd : t->out_fd, data, len);
}

static void
on_exited (BerthExecSession *session,
           int               exit_code,
           GError           *error,
           TtyExec          *t)
{
  t->exit_code = exit_code;
  if (error != NULL && t->error == NULL)
    t->error = g_error_copy (error);
  g_main_loop_quit (t->loop);
}

static void
on_started (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  TtyExec *t = data;
  GError *error = NULL;

  if (!berth_exec_session_start_finish (BERTH_EXEC_SESSION (source), result, &error))
    {
      if (t->error == NULL)
        t->error = error;
      else
        g_error_free (error);
      g_main_loop_quit (t->loop);
    }
}

static void
on_cancelled (GCancellable *cancellable,
              TtyExec      *t)
{
  berth_exec_session_close (t->session);
}

/* An exec with stdin attached, over the engine's hijacked stream: with a
 * TTY (raw terminal, following its size) or without (stdin piped in,
 * stdout and stderr kept apart). */
static gboolean
run_session_exec (BerthEngine            *engine,
                  const char             *container,
                  const BerthExecConfig  *config,
                  int                     stdin_fd,
                  int                     out_fd,
                  int                     err_fd,
                  int                    *exit_code,
                  GCancellable           *cancellable,
                  GError                **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  TtyExec t = { 0 };
  struct termios saved, raw;
  gboolean have_termios = FALSE;
  GSource *winch = NULL;
  GSource *input = NULL;
  gulong cancel_id = 0;

  g_main_context_push_thread_default (context);
  t.loop = g_main_loop_new (context, FALSE);
  t.session = berth_exec_session_new (engine, container, config);
  t.stdin_fd = stdin_fd;
  t.out_fd = out_fd;
  t.err_fd = err_fd;
  t.exit_code = -1;

  /* Raw mode: keys go to the container's TTY as typed (^C included). */
  if (config->tty && isatty (stdin_fd) && tcgetattr (stdin_fd, &saved) == 0)
    {
      raw = saved;
      cfmakeraw (&raw);
      if (tcsetattr (stdin_fd, TCSANOW, &raw) == 0)
        have_termios = TRUE;
    }

  if (config->tty)
    tty_resize (&t);
  g_signal_connect (t.session, "output", G_CALLBACK (on_output), &t);
  g_signal_connect (t.session, "exited", G_CALLBACK (on_exited), &t);
  winch = g_unix_signal_source_new (SIGWINCH);
  g_source_set_callback (winch, on_winch, &t, NULL);
  g_source_attach (winch, context);
  input = g_unix_fd_source_new (stdin_fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (input, (GSourceFunc) on_stdin, &t, NULL);
  g_source_attach (input, context);
  t.stdin_source = 1;
  if (cancellable)
    cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), &t, NULL);

  berth_exec_session_start_async (t.session, cancellable, on_started, &t);
  g_main_loop_run (t.loop);

  if (cancellable)
    g_cancellable_disconnect (cancellable, cancel_id);
  if (have_termios)
    tcsetattr (stdin_fd, TCSANOW, &saved);
  g_source_destroy (winch);
  g_source_unref (winch);
  g_source_destroy (input);
  g_source_unref (input);
  g_object_unref (t.session);
  g_main_loop_unref (t.loop);
  /* Let the session's pending sources finish before the context goes. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  if (t.error != NULL)
    {
      g_propagate_error (error, t.error);
      return FALSE;
    }
  *exit_code = t.exit_code;
  return TRUE;
}

gboolean
berth_compose_exec_sync (BerthComposeProject        *project,
                         BerthEngine                *engine,
                         const char                 *service,
                         const char * const         *argv,
                         const BerthComposeOptions  *options,
                         int                         stdin_fd,
                         int                         out_fd,
                         int                         err_fd,
                         int                        *exit_code,
                         GCancellable               *cancellable,
                         GError                    **error)
{
  g_autoptr(GPtrArray) containers = NULL;
  BerthExecConfig config = { 0 };
  guint index = options && options->index ? options->index : 1;
  JsonObject *target = NULL;
  ExecOut out = { out_fd >= 0 ? out_fd : STDOUT_FILENO, err_fd >= 0 ? err_fd : STDERR_FILENO };

  if (berth_compose_project_get_service (project, service) == NULL)
    {
      g_set_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_VALIDATION,
                   _("No such service: “%s”"), service);
      return FALSE;
    }
  containers = berth_compose_list_containers (engine, berth_compose_project_get_name (project), service,
                                              cancellable, error);
  if (containers == NULL)
    return FALSE;
  for (guint i = 0; i < containers->len && target == NULL; i++)
    {
      JsonObject *c = g_ptr_array_index (containers, i);
      const char *n = berth_compose_container_label (c, BERTH_COMPOSE_LABEL_CONTAINER_NUMBER);

      if ((n ? (guint) g_ascii_strtoull (n, NULL, 10) : 1) == index)
        target = c;
    }
  if (target == NULL ||
      !json_object_get_boolean_member_with_default (json_object_get_object_member (target, "State"), "Running", FALSE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Service “%s” is not running; start it with “up”"), service);
      return FALSE;
    }

  config.cmd = argv;
  config.env = options ? (const char * const *) options->env : NULL;
  config.working_dir = options ? options->workdir : NULL;
  config.user = options ? options->user : NULL;
  config.tty = options ? options->tty : FALSE;
  config.attach_stdin = options ? (options->interactive || options->tty) : FALSE;

  if (config.tty || config.attach_stdin)
    return run_session_exec (engine, json_object_get_string_member (target, "Id"), &config,
                             stdin_fd >= 0 ? stdin_fd : STDIN_FILENO, out.out_fd, out.err_fd,
                             exit_code, cancellable, error);

  return berth_engine_exec_run_sync (engine, json_object_get_string_member (target, "Id"), &config,
                                     exec_output, &out, exit_code, cancellable, error);
}

/* --- events -------------------------------------------------------------- */

static const char * const state_actions[] = {
  "create", "start", "restart", "die", "kill", "stop", "pause", "unpause",
  "destroy", "oom", "rename", "health_status",
  NULL
};

typedef struct
{
  BerthComposeEventFunc  func;
  gpointer               user_data;
  char                 **services;   /* nullable: every service */
} EventsRun;

static gboolean
on_project_event (BerthEngineEvent *event,
                  gpointer          user_data)
{
  EventsRun *run = user_data;
  BerthComposeEvent ev = { 0 };
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *time = NULL;
  const char *exit_code;

  if (g_strcmp0 (event->type, "container") != 0 || event->action == NULL ||
      !g_strv_contains (state_actions, event->action))
    return TRUE;
  if (g_strcmp0 (berth_engine_event_get_attribute (event, BERTH_COMPOSE_LABEL_ONEOFF), "True") == 0)
    return TRUE;
  if (run->services != NULL && run->services[0] != NULL &&
      !g_strv_contains ((const char * const *) run->services,
                        berth_engine_event_get_attribute (event, BERTH_COMPOSE_LABEL_SERVICE) ?: ""))
    return TRUE;

  dt = g_date_time_new_from_unix_utc (event->time_nano / 1000000000);
  if (dt != NULL)
    {
      g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
      time = g_strdup_printf ("%s.%09" G_GINT64_FORMAT "Z", base, event->time_nano % 1000000000);
    }
  exit_code = berth_engine_event_get_attribute (event, "exitCode");
  ev.time = time;
  ev.service = berth_engine_event_get_attribute (event, BERTH_COMPOSE_LABEL_SERVICE);
  ev.container = berth_engine_event_get_attribute (event, "name");
  ev.id = event->actor_id;
  ev.action = event->action;
  ev.action_value = event->action_value;
  ev.exit_code = exit_code ? (int) g_ascii_strtoll (exit_code, NULL, 10) : -1;
  return run->func (&ev, run->user_data);
}

gboolean
berth_compose_events_sync (BerthComposeProject        *project,
                           BerthEngine                *engine,
                           const BerthComposeOptions  *options,
                           BerthComposeEventFunc       func,
                           gpointer                    user_data,
                           GCancellable               *cancellable,
                           GError                    **error)
{
  g_autofree char *label = g_strdup_printf ("label=%s=%s", BERTH_COMPOSE_LABEL_PROJECT,
                                            berth_compose_project_get_name (project));
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) filters = NULL;
  g_autoptr(GError) local_error = NULL;
  EventsRun run = { func, user_data, options ? options->services : NULL };

  g_strv_builder_add (b, "type=container");
  g_strv_builder_add (b, label);
  for (guint i = 0; options && options->services && options->services[i]; i++)
    {
      g_autofree char *s = g_strdup_printf ("label=%s=%s", BERTH_COMPOSE_LABEL_SERVICE, options->services[i]);

      /* The engine ANDs label filters: only one service can be narrowed. */
      if (i == 0 && options->services[1] == NULL)
        g_strv_builder_add (b, s);
    }
  for (guint i = 0; state_actions[i]; i++)
    {
      g_autofree char *e = g_strdup_printf ("event=%s", state_actions[i]);
      g_strv_builder_add (b, e);
    }
  filters = g_strv_builder_end (b);

  if (!berth_engine_events_sync (engine, (const char * const *) filters, NULL, on_project_event, &run,
                                 cancellable, &local_error))
    {
      if (g_error_matches (local_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED) ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
