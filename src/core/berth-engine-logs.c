/* berth-engine-logs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-engine-containers.h"
#include "berth-engine-logs.h"
#include "berth-engine-private.h"

#define MULTIPLEXED "application/vnd.docker.multiplexed-stream"
#define RAW_STREAM  "application/vnd.docker.raw-stream"

typedef struct
{
  BerthLogFunc       func;
  gpointer           user_data;
  BerthFrameDecoder *decoder;
  gboolean           raw;
  GError            *error;
} LogsRun;

static gboolean
logs_response (const BerthEngineResponse *response,
               gpointer                   user_data)
{
  LogsRun *run = user_data;

  if (response->content_type != NULL)
    {
      if (g_str_has_prefix (response->content_type, RAW_STREAM))
        run->raw = TRUE;
      else if (g_str_has_prefix (response->content_type, MULTIPLEXED))
        run->raw = FALSE;
    }
  return TRUE;
}

static gboolean
logs_data (const guint8 *data,
           gsize         len,
           gpointer      user_data)
{
  LogsRun *run = user_data;

  if (run->raw)
    return run->func (BERTH_STREAM_STDOUT, data, len, run->user_data);
  return berth_frame_decoder_feed (run->decoder, data, len, &run->error);
}

static gboolean
logs_frame (BerthStreamType  stream,
            const guint8    *data,
            gsize            len,
            gpointer         user_data)
{
  LogsRun *run = user_data;

  return run->func (stream, data, len, run->user_data);
}

gboolean
berth_engine_logs_sync (BerthEngine             *engine,
                        const char              *id,
                        const BerthLogsOptions  *options,
                        BerthLogFunc             func,
                        gpointer                 user_data,
                        GCancellable            *cancellable,
                        GError                 **error)
{
  BerthLogsOptions defaults = { 0 };
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  LogsRun run = { func, user_data, NULL, FALSE, NULL };
  gboolean ok;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), FALSE);
  g_return_val_if_fail (id != NULL && func != NULL, FALSE);

  if (options == NULL)
    options = &defaults;

  if (!berth_engine_ping_sync (engine, cancellable, error))
    return FALSE;

  if (!berth_engine_api_at_least (engine, 1, 42))
    {
      /* API 1.41 answers both kinds as application/vnd.docker.raw-stream. */
      g_autoptr(JsonObject) inspect = berth_engine_container_inspect_sync (engine, id, cancellable, error);
      JsonObject *config;

      if (inspect == NULL)
        return FALSE;
      config = berth_json_object (inspect, "Config");
      run.raw = config != NULL && json_object_get_boolean_member_with_default (config, "Tty", FALSE);
    }

  berth_engine_query_add (query, "stdout", options->no_stdout ? "false" : "true");
  berth_engine_query_add (query, "stderr", options->no_stderr ? "false" : "true");
  if (options->follow)
    berth_engine_query_add (query, "follow", "true");
  if (options->timestamps)
    berth_engine_query_add (query, "timestamps", "true");
  berth_engine_query_add (query, "tail", options->tail ? options->tail : "all");
  berth_engine_query_add (query, "since", options->since);
  berth_engine_query_add (query, "until", options->until);

  escaped = berth_engine_escape_segment (id);
  path = g_strconcat ("/containers/", escaped, "/logs", NULL);

  run.decoder = berth_frame_decoder_new (logs_frame, &run);
  ok = berth_engine_transfer (engine, "GET", path, TRUE, query->str, NULL, NULL,
                              berth_engine_api_at_least (engine, 1, 42) ? logs_response : NULL,
                              logs_data, &run, cancellable, error);
  if (run.error != NULL)
    {
      /* A malformed frame stopped the transfer "successfully". */
      g_propagate_error (error, g_steal_pointer (&run.error));
      ok = FALSE;
    }
  else if (ok && !run.raw && !berth_frame_decoder_finish (run.decoder, error))
    ok = FALSE;
  berth_frame_decoder_free (run.decoder);
  return ok;
}

/* --- follow on the main context --- */

typedef struct
{
  gatomicrefcount   ref_count;
  char             *id;
  BerthLogsOptions  options;
  char             *tail;
  char             *since;
  char             *until;
  BerthLogFunc      func;
  gpointer          func_data;
  GDestroyNotify    func_data_destroy;
  GMainContext     *context;
  GCancellable     *cancellable;
} Follow;

static Follow *
follow_ref (Follow *f)
{
  g_atomic_ref_count_inc (&f->ref_count);
  return f;
}

static void
follow_unref (gpointer data)
{
  Follow *f = data;

  if (!g_atomic_ref_count_dec (&f->ref_count))
    return;
  g_free (f->id);
  g_free (f->tail);
  g_free (f->since);
  g_free (f->until);
  if (f->func_data_destroy != NULL)
    f->func_data_destroy (f->func_data);
  g_main_context_unref (f->context);
  g_clear_object (&f->cancellable);
  g_free (f);
}

typedef struct
{
  Follow          *follow;
  BerthStreamType  stream;
  GBytes          *bytes;
} Chunk;

static void
chunk_free (gpointer data)
{
  Chunk *c = data;

  follow_unref (c->follow);
  g_bytes_unref (c->bytes);
  g_free (c);
}

static gboolean
deliver_chunk (gpointer data)
{
  Chunk *c = data;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (c->bytes, &len);

  /* Nothing more reaches the caller once it cancelled. */
  if (!g_cancellable_is_cancelled (c->follow->cancellable))
    c->follow->func (c->stream, bytes, len, c->follow->func_data);
  return G_SOURCE_REMOVE;
}

static gboolean
follow_post (BerthStreamType  stream,
             const guint8    *data,
             gsize            len,
             gpointer         user_data)
{
  Follow *f = user_data;
  Chunk *c = g_new0 (Chunk, 1);
  GSource *source = g_idle_source_new ();

  c->follow = follow_ref (f);
  c->stream = stream;
  c->bytes = g_bytes_new (data, len);
  /* Same priority as GTask's completion, so the callback comes last. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_chunk, c, chunk_free);
  g_source_set_static_name (source, "[berth] log chunk");
  g_source_attach (source, f->context);
  g_source_unref (source);
  return TRUE;
}

static void
follow_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Follow *f = task_data;
  GError *error = NULL;

  if (berth_engine_logs_sync (source_object, f->id, &f->options, follow_post, f, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
berth_engine_logs_follow_async (BerthEngine             *engine,
                                const char              *id,
                                const BerthLogsOptions  *options,
                                BerthLogFunc             func,
                                gpointer                 func_data,
                                GDestroyNotify           func_data_destroy,
                                GCancellable            *cancellable,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Follow *f;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (id != NULL && func != NULL);

  f = g_new0 (Follow, 1);
  g_atomic_ref_count_init (&f->ref_count);
  f->id = g_strdup (id);
  if (options != NULL)
    f->options = *options;
  f->tail = g_strdup (f->options.tail);
  f->since = g_strdup (f->options.since);
  f->until = g_strdup (f->options.until);
  f->options.tail = f->tail;
  f->options.since = f->since;
  f->options.until = f->until;
  f->func = func;
  f->func_data = func_data;
  f->func_data_destroy = func_data_destroy;
  f->context = g_main_context_ref_thread_default ();
  f->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();

  task = g_task_new (engine, f->cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_engine_logs_follow_async);
  g_task_set_task_data (task, f, follow_unref);
  g_task_run_in_thread (task, follow_thread);
}

gboolean
berth_engine_logs_follow_finish (BerthEngine   *engine,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
