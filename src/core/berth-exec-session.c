/* berth-exec-session.c: an interactive exec over a hijacked connection.
 *
 * One I/O thread per session owns the connection: it polls the socket and
 * an eventfd that write()/close() use to wake it, sends queued input and
 * posts output to the main context.  Only that thread touches the curl
 * handle (curl_easy_send/recv are not to be used from two threads).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "berth-exec-session.h"
#include "berth-engine-private.h"
#include "berth-frame-decoder.h"

typedef struct
{
  gatomicrefcount    ref_count;
  BerthEngine       *engine;
  GMainContext      *context;
  GWeakRef           session;
  int                wake_fd;

  GMutex             lock;
  char              *exec_id;          /* set once connected */
  guint              rows, cols;       /* initial size, 0: none */
  GByteArray        *pending;          /* input not sent yet */
  gboolean           close_stdin;
  gboolean           stop;

  /* I/O thread only */
  BerthEngineHijack *hijack;
  gboolean           tty;
  BerthFrameDecoder *decoder;
} IoState;

struct _BerthExecSession
{
  GObject        parent_instance;

  BerthEngine   *engine;
  char          *container;
  char         **cmd;
  char         **env;
  char          *working_dir;
  char          *user;
  gboolean       tty;
  gboolean       privileged;

  IoState       *io;
  gboolean       started;
  gboolean       running;
};

G_DEFINE_TYPE (BerthExecSession, berth_exec_session, G_TYPE_OBJECT)

enum { SIGNAL_OUTPUT, SIGNAL_EXITED, N_SIGNALS };
static guint signals[N_SIGNALS];

static IoState *
io_ref (IoState *io)
{
  g_atomic_ref_count_inc (&io->ref_count);
  return io;
}

static void
io_unref (IoState *io)
{
  if (!g_atomic_ref_count_dec (&io->ref_count))
    return;
  g_object_unref (io->engine);
  g_clear_pointer (&io->context, g_main_context_unref);
  g_weak_ref_clear (&io->session);
  if (io->wake_fd >= 0)
    close (io->wake_fd);
  g_mutex_clear (&io->lock);
  g_free (io->exec_id);
  g_byte_array_unref (io->pending);
  berth_engine_hijack_free (io->hijack);
  g_clear_pointer (&io->decoder, berth_frame_decoder_free);
  g_free (io);
}

static void
io_wake (IoState *io)
{
  guint64 one = 1;

  if (write (io->wake_fd, &one, sizeof one) < 0 && errno != EAGAIN)
    g_debug ("exec session: eventfd write failed: %s", g_strerror (errno));
}

/* --- delivery to the main context --- */

typedef struct
{
  IoState         *io;
  gboolean         exited;
  BerthStreamType  stream;
  GBytes          *bytes;
  int              exit_code;
  GError          *error;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *d = data;

  io_unref (d->io);
  g_clear_pointer (&d->bytes, g_bytes_unref);
  g_clear_error (&d->error);
  g_free (d);
}

static gboolean
deliver (gpointer data)
{
  Delivery *d = data;
  g_autoptr(BerthExecSession) self = g_weak_ref_get (&d->io->session);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (d->exited)
    {
      self->running = FALSE;
      g_signal_emit (self, signals[SIGNAL_EXITED], 0, d->exit_code, d->error);
    }
  else
    g_signal_emit (self, signals[SIGNAL_OUTPUT], 0, (guint) d->stream, d->bytes);
  return G_SOURCE_REMOVE;
}

static void
post (IoState *io,
      Delivery *d)
{
  GSource *source = g_idle_source_new ();

  d->io = io_ref (io);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, d, delivery_free);
  g_source_set_static_name (source, "[berth] exec session delivery");
  g_source_attach (source, io->context);
  g_source_unref (source);
}

static gboolean
post_output (BerthStreamType  stream,
             const guint8    *data,
             gsize            len,
             gpointer         user_data)
{
  Delivery *d = g_new0 (Delivery, 1);

  d->stream = stream;
  d->bytes = g_bytes_new (data, len);
  post (user_data, d);
  return TRUE;
}

static gboolean
receive (IoState       *io,
         const guint8  *data,
         gsize          len,
         GError       **error)
{
  /* A TTY's stream is raw; anything else is framed, upgraded or not. */
  if (io->tty)
    return post_output (BERTH_STREAM_STDOUT, data, len, io);
  return berth_frame_decoder_feed (io->decoder, data, len, error);
}

/* --- the I/O thread --- */

static gpointer
io_thread (gpointer data)
{
  IoState *io = data;
  g_autoptr(GError) error = NULL;
  Delivery *exited;
  gboolean stdin_closed = FALSE;
  gboolean stopped = FALSE;
  int exit_code = -1;

  if (io->hijack->leftover->len > 0 &&
      !receive (io, io->hijack->leftover->data, io->hijack->leftover->len, &error))
    goto done;

  for (;;)
    {
      struct pollfd fds[2];
      gboolean have_out;
      gboolean want_shutdown;
      gboolean eof = FALSE;

      /* Drain first: TLS may hold decrypted bytes the socket won't signal. */
      for (;;)
        {
          guint8 buf[64 * 1024];
          size_t n = 0;
          CURLcode res = curl_easy_recv (io->hijack->easy, buf, sizeof buf, &n);

          if (res == CURLE_AGAIN)
            break;
          if (res != CURLE_OK)
            {
              berth_engine_set_curl_error (io->engine, &error, res, 0, NULL, TRUE);
              goto done;
            }
          if (n == 0)
            {
              eof = TRUE;
              break;
            }
          if (!receive (io, buf, n, &error))
            goto done;
        }
      if (eof)
        break;

      g_mutex_lock (&io->lock);
      stopped = io->stop;
      if (!stopped && io->pending->len > 0)
        {
          size_t sent = 0;
          CURLcode res = curl_easy_send (io->hijack->easy, io->pending->data, io->pending->len, &sent);

          if (res == CURLE_OK)
            g_byte_array_remove_range (io->pending, 0, sent);
          else if (res != CURLE_AGAIN)
            {
              g_mutex_unlock (&io->lock);
              berth_engine_set_curl_error (io->engine, &error, res, errno, NULL, TRUE);
              goto done;
            }
        }
      have_out = io->pending->len > 0;
      want_shutdown = io->close_stdin && !stdin_closed && !have_out;
      g_mutex_unlock (&io->lock);

      if (stopped)
        break;
      if (want_shutdown)
        {
          shutdown (io->hijack->fd, SHUT_WR);
          stdin_closed = TRUE;
        }

      fds[0].fd = io->hijack->fd;
      fds[0].events = POLLIN | (have_out ? POLLOUT : 0);
      fds[0].revents = 0;
      fds[1].fd = io->wake_fd;
      fds[1].events = POLLIN;
      fds[1].revents = 0;
      if (poll (fds, 2, -1) < 0 && errno != EINTR)
        {
          g_set_error (&error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                       "poll: %s", g_strerror (errno));
          goto done;
        }
      if (fds[1].revents & POLLIN)
        {
          guint64 value;

          if (read (io->wake_fd, &value, sizeof value) < 0 && errno != EAGAIN)
            g_debug ("exec session: eventfd read failed: %s", g_strerror (errno));
        }
    }

  if (!io->tty && !stopped)
    berth_frame_decoder_finish (io->decoder, &error);

done:
  /* Let go of the connection before asking for the exit code. */
  g_clear_pointer (&io->hijack, berth_engine_hijack_free);

  if (error == NULL)
    {
      if (stopped)
        {
          /* Closed by us: the process may well still run. */
          g_autoptr(JsonObject) inspect = berth_engine_exec_inspect_sync (io->engine, io->exec_id, NULL, NULL);
          JsonNode *code = inspect ? json_object_get_member (inspect, "ExitCode") : NULL;

          if (code != NULL && JSON_NODE_HOLDS_VALUE (code) &&
              !json_object_get_boolean_member_with_default (inspect, "Running", FALSE))
            exit_code = json_node_get_int (code);
        }
      else
        berth_engine_exec_wait_exit_code (io->engine, io->exec_id, &exit_code, NULL, &error);
    }

  exited = g_new0 (Delivery, 1);
  exited->exited = TRUE;
  exited->exit_code = error ? -1 : exit_code;
  exited->error = g_steal_pointer (&error);
  post (io, exited);

  io_unref (io);
  return NULL;
}

/* --- start --- */

static void
start_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BerthExecSession *self = source_object;
  IoState *io = task_data;
  BerthExecConfig config = {
    .cmd = (const char * const *) self->cmd,
    .env = (const char * const *) self->env,
    .working_dir = self->working_dir,
    .user = self->user,
    .tty = self->tty,
    .attach_stdin = TRUE,
    .privileged = self->privileged,
  };
  g_autofree char *exec_id = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  GError *error = NULL;
  guint rows, cols;

  exec_id = berth_engine_exec_create_sync (io->engine, self->container, &config, cancellable, &error);
  if (exec_id == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  escaped = berth_engine_escape_segment (exec_id);
  path = g_strconcat ("/exec/", escaped, "/start", NULL);
  json_object_set_boolean_member (body, "Detach", FALSE);
  json_object_set_boolean_member (body, "Tty", self->tty);
  io->hijack = berth_engine_hijack (io->engine, path, body, cancellable, &error);
  if (io->hijack == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_mutex_lock (&io->lock);
  io->exec_id = g_strdup (exec_id);
  rows = io->rows;
  cols = io->cols;
  g_mutex_unlock (&io->lock);

  if (self->tty && rows > 0 && cols > 0)
    {
      g_autoptr(GError) resize_error = NULL;

      if (!berth_engine_exec_resize_sync (io->engine, exec_id, rows, cols, cancellable, &resize_error))
        g_debug ("exec session: initial resize failed: %s", resize_error->message);
    }

  g_thread_unref (g_thread_new ("berth-exec-io", io_thread, io_ref (io)));
  g_task_return_boolean (task, TRUE);
}

void
berth_exec_session_start_async (BerthExecSession    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->running = TRUE;
  self->io->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_exec_session_start_async);
  g_task_set_task_data (task, io_ref (self->io), (GDestroyNotify) io_unref);
  g_task_run_in_thread (task, start_thread);
}

gboolean
berth_exec_session_start_finish (BerthExecSession  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    {
      self->running = FALSE;
      return FALSE;
    }
  return TRUE;
}

/* --- input, resize, close --- */

void
berth_exec_session_write (BerthExecSession *self,
                          const guint8     *data,
                          gsize             len)
{
  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));

  g_mutex_lock (&self->io->lock);
  if (!self->io->close_stdin)
    g_byte_array_append (self->io->pending, data, len);
  g_mutex_unlock (&self->io->lock);
  io_wake (self->io);
}

void
berth_exec_session_close_stdin (BerthExecSession *self)
{
  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));

  g_mutex_lock (&self->io->lock);
  self->io->close_stdin = TRUE;
  g_mutex_unlock (&self->io->lock);
  io_wake (self->io);
}

typedef struct
{
  char  *exec_id;
  guint  rows, cols;
} ResizeData;

static void
resize_data_free (gpointer data)
{
  ResizeData *r = data;

  g_free (r->exec_id);
  g_free (r);
}

static void
resize_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ResizeData *r = task_data;
  g_autoptr(GError) error = NULL;

  /* A resize racing with the process's exit fails harmlessly. */
  if (!berth_engine_exec_resize_sync (source_object, r->exec_id, r->rows, r->cols, cancellable, &error))
    g_debug ("exec session: resize failed: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

void
berth_exec_session_resize (BerthExecSession *self,
                           guint             rows,
                           guint             cols)
{
  g_autoptr(GTask) task = NULL;
  ResizeData *r;

  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));

  if (!self->tty || rows == 0 || cols == 0)
    return;

  g_mutex_lock (&self->io->lock);
  if (self->io->exec_id == NULL)
    {
      self->io->rows = rows;
      self->io->cols = cols;
      g_mutex_unlock (&self->io->lock);
      return;
    }
  r = g_new0 (ResizeData, 1);
  r->exec_id = g_strdup (self->io->exec_id);
  r->rows = rows;
  r->cols = cols;
  g_mutex_unlock (&self->io->lock);

  task = g_task_new (self->engine, NULL, NULL, NULL);
  g_task_set_source_tag (task, berth_exec_session_resize);
  g_task_set_task_data (task, r, resize_data_free);
  g_task_run_in_thread (task, resize_thread);
}

void
berth_exec_session_close (BerthExecSession *self)
{
  g_return_if_fail (BERTH_IS_EXEC_SESSION (self));

  g_mutex_lock (&self->io->lock);
  self->io->stop = TRUE;
  g_mutex_unlock (&self->io->lock);
  io_wake (self->io);
}

const char *
berth_exec_session_get_exec_id (BerthExecSession *self)
{
  const char *id;

  g_return_val_if_fail (BERTH_IS_EXEC_SESSION (self), NULL);

  g_mutex_lock (&self->io->lock);
  id = self->io->exec_id;
  g_mutex_unlock (&self->io->lock);
  return id;
}

gboolean
berth_exec_session_get_running (BerthExecSession *self)
{
  g_return_val_if_fail (BERTH_IS_EXEC_SESSION (self), FALSE);

  return self->running;
}

/* --- object --- */

static void
berth_exec_session_dispose (GObject *object)
{
  BerthExecSession *self = BERTH_EXEC_SESSION (object);

  if (self->io != NULL)
    berth_exec_session_close (self);

  G_OBJECT_CLASS (berth_exec_session_parent_class)->dispose (object);
}

static void
berth_exec_session_finalize (GObject *object)
{
  BerthExecSession *self = BERTH_EXEC_SESSION (object);

  g_clear_pointer (&self->io, io_unref);
  g_clear_object (&self->engine);
  g_free (self->container);
  g_strfreev (self->cmd);
  g_strfreev (self->env);
  g_free (self->working_dir);
  g_free (self->user);

  G_OBJECT_CLASS (berth_exec_session_parent_class)->finalize (object);
}

static void
berth_exec_session_class_init (BerthExecSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = berth_exec_session_dispose;
  object_class->finalize = berth_exec_session_finalize;

  signals[SIGNAL_OUTPUT] =
    g_signal_new ("output", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BYTES);
  signals[SIGNAL_EXITED] =
    g_signal_new ("exited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_ERROR);
}

static void
berth_exec_session_init (BerthExecSession *self)
{
}

BerthExecSession *
berth_exec_session_new (BerthEngine           *engine,
                        const char            *container,
                        const BerthExecConfig *config)
{
  BerthExecSession *self;
  IoState *io;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (container != NULL, NULL);
  g_return_val_if_fail (config != NULL && config->cmd != NULL && config->cmd[0] != NULL, NULL);

  self = g_object_new (BERTH_TYPE_EXEC_SESSION, NULL);
  self->engine = g_object_ref (engine);
  self->container = g_strdup (container);
  self->cmd = g_strdupv ((char **) config->cmd);
  self->env = g_strdupv ((char **) config->env);
  self->working_dir = g_strdup (config->working_dir);
  self->user = g_strdup (config->user);
  self->tty = config->tty;
  self->privileged = config->privileged;

  io = g_new0 (IoState, 1);
  g_atomic_ref_count_init (&io->ref_count);
  io->engine = g_object_ref (engine);
  io->wake_fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (io->wake_fd < 0)
    g_error ("eventfd: %s", g_strerror (errno));
  g_mutex_init (&io->lock);
  io->pending = g_byte_array_new ();
  io->tty = config->tty;
  io->decoder = berth_frame_decoder_new (post_output, io);
  g_weak_ref_init (&io->session, self);
  self->io = io;
  return self;
}
