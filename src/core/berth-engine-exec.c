/* berth-engine-exec.c: exec create/inspect/resize and non-interactive runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-engine-exec.h"
#include "berth-engine-private.h"

static JsonArray *
strv_to_array (const char * const *strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i]; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

char *
berth_engine_exec_create_sync (BerthEngine            *engine,
                               const char             *container,
                               const BerthExecConfig  *config,
                               GCancellable           *cancellable,
                               GError                **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  const char *id;

  g_return_val_if_fail (config != NULL && config->cmd != NULL && config->cmd[0] != NULL, NULL);

  json_object_set_boolean_member (body, "AttachStdin", config->attach_stdin);
  json_object_set_boolean_member (body, "AttachStdout", TRUE);
  json_object_set_boolean_member (body, "AttachStderr", TRUE);
  json_object_set_boolean_member (body, "Tty", config->tty);
  json_object_set_array_member (body, "Cmd", strv_to_array (config->cmd));
  if (config->env != NULL)
    json_object_set_array_member (body, "Env", strv_to_array (config->env));
  if (config->working_dir != NULL)
    json_object_set_string_member (body, "WorkingDir", config->working_dir);
  if (config->user != NULL)
    json_object_set_string_member (body, "User", config->user);
  if (config->privileged)
    json_object_set_boolean_member (body, "Privileged", TRUE);

  escaped = berth_engine_escape_segment (container);
  path = g_strconcat ("/containers/", escaped, "/exec", NULL);
  answer = berth_engine_request_object (engine, "POST", path, NULL, body, cancellable, error);
  if (answer == NULL)
    return NULL;
  id = json_object_get_string_member_with_default (answer, "Id", NULL);
  if (id == NULL)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("The Docker engine created an exec without telling its id"));
      return NULL;
    }
  return g_strdup (id);
}

JsonObject *
berth_engine_exec_inspect_sync (BerthEngine   *engine,
                                const char    *exec_id,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autofree char *escaped = berth_engine_escape_segment (exec_id);
  g_autofree char *path = g_strconcat ("/exec/", escaped, "/json", NULL);

  return berth_engine_request_object (engine, "GET", path, NULL, NULL, cancellable, error);
}

gboolean
berth_engine_exec_resize_sync (BerthEngine   *engine,
                               const char    *exec_id,
                               guint          rows,
                               guint          cols,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autofree char *escaped = berth_engine_escape_segment (exec_id);
  g_autofree char *path = g_strconcat ("/exec/", escaped, "/resize", NULL);
  g_autofree char *h = g_strdup_printf ("%u", rows);
  g_autofree char *w = g_strdup_printf ("%u", cols);
  g_autoptr(GString) query = g_string_new (NULL);

  berth_engine_query_add (query, "h", h);
  berth_engine_query_add (query, "w", w);
  return berth_engine_request_ok (engine, "POST", path, query->str, NULL, cancellable, error);
}

/* The exit code, once the engine has noticed the process ended: the
 * stream may close a moment before ExitCode is filled in. */
gboolean
berth_engine_exec_wait_exit_code (BerthEngine   *engine,
                                  const char    *exec_id,
                                  int           *exit_code,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(JsonObject) inspect = berth_engine_exec_inspect_sync (engine, exec_id, cancellable, error);
      JsonNode *code;

      if (inspect == NULL)
        return FALSE;
      code = json_object_get_member (inspect, "ExitCode");
      if (!json_object_get_boolean_member_with_default (inspect, "Running", FALSE) &&
          code != NULL && JSON_NODE_HOLDS_VALUE (code))
        {
          *exit_code = json_node_get_int (code);
          return TRUE;
        }
      if (attempt >= 200)
        {
          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                       _("The exec's output ended but the engine still reports it running"));
          return FALSE;
        }
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED, _("Cancelled"));
          return FALSE;
        }
      g_usleep (25 * 1000);
    }
}

typedef struct
{
  BerthLogFunc       func;
  gpointer           user_data;
  BerthFrameDecoder *decoder;
  gboolean           tty;
  GError            *error;
} ExecRun;

static gboolean
exec_frame (BerthStreamType  stream,
            const guint8    *data,
            gsize            len,
            gpointer         user_data)
{
  ExecRun *run = user_data;

  return run->func (stream, data, len, run->user_data);
}

static gboolean
exec_data (const guint8 *data,
           gsize         len,
           gpointer      user_data)
{
  ExecRun *run = user_data;

  if (run->tty)
    return run->func (BERTH_STREAM_STDOUT, data, len, run->user_data);
  return berth_frame_decoder_feed (run->decoder, data, len, &run->error);
}

gboolean
berth_engine_exec_run_sync (BerthEngine            *engine,
                            const char             *container,
                            const BerthExecConfig  *config,
                            BerthLogFunc            func,
                            gpointer                user_data,
                            int                    *exit_code,
                            GCancellable           *cancellable,
                            GError                **error)
{
  BerthExecConfig run_config = *config;
  g_autofree char *exec_id = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GBytes) body_bytes = NULL;
  ExecRun run = { func, user_data, NULL, config->tty, NULL };
  gboolean ok;
  int code = -1;

  /* Without a hijacked connection there is no stdin to give. */
  run_config.attach_stdin = FALSE;
  exec_id = berth_engine_exec_create_sync (engine, container, &run_config, cancellable, error);
  if (exec_id == NULL)
    return FALSE;

  escaped = berth_engine_escape_segment (exec_id);
  path = g_strconcat ("/exec/", escaped, "/start", NULL);
  body = g_strdup_printf ("{\"Detach\":false,\"Tty\":%s}", config->tty ? "true" : "false");
  body_bytes = g_bytes_new (body, strlen (body));

  run.decoder = berth_frame_decoder_new (exec_frame, &run);
  ok = berth_engine_transfer (engine, "POST", path, TRUE, NULL, body_bytes, "application/json",
                              NULL, exec_data, &run, cancellable, error);
  if (run.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&run.error));
      ok = FALSE;
    }
  else if (ok && !run.tty && !berth_frame_decoder_finish (run.decoder, error))
    ok = FALSE;
  berth_frame_decoder_free (run.decoder);
  if (!ok)
    return FALSE;

  if (!berth_engine_exec_wait_exit_code (engine, exec_id, &code, cancellable, error))
    return FALSE;
  if (exit_code != NULL)
    *exit_code = code;
  return TRUE;
}

typedef struct
{
  GString *out;
  GString *err;
} Capture;

static gboolean
capture_output (BerthStreamType  stream,
                const guint8    *data,
                gsize            len,
                gpointer         user_data)
{
  Capture *capture = user_data;

  if (stream == BERTH_STREAM_STDERR || stream == BERTH_STREAM_SYSTEM)
    g_string_append_len (capture->err, (const char *) data, len);
  else
    g_string_append_len (capture->out, (const char *) data, len);
  return TRUE;
}

gboolean
berth_engine_exec_capture_sync (BerthEngine            *engine,
                                const char             *container,
                                const BerthExecConfig  *config,
                                char                  **out,
                                char                  **err,
                                int                    *exit_code,
                                GCancellable           *cancellable,
                                GError                **error)
{
  Capture capture = { g_string_new (NULL), g_string_new (NULL) };
  gboolean ok;

  ok = berth_engine_exec_run_sync (engine, container, config, capture_output, &capture,
                                   exit_code, cancellable, error);
  if (ok && out != NULL)
    *out = g_string_free (g_steal_pointer (&capture.out), FALSE);
  if (ok && err != NULL)
    *err = g_string_free (g_steal_pointer (&capture.err), FALSE);
  if (capture.out != NULL)
    g_string_free (capture.out, TRUE);
  if (capture.err != NULL)
    g_string_free (capture.err, TRUE);
  return ok;
}
