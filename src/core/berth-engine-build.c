/* berth-engine-build.c: builds and pulls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "berth-build-context.h"
#include "berth-engine-build.h"
#include "berth-engine-private.h"
#include "berth-json-lines.h"

static JsonObject *
parse_object (const char  *line,
              gssize       len,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (len < 0)
    len = strlen (line);
  if (!json_parser_load_from_data (parser, line, len, &local_error))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("Unreadable progress line from the engine: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("Unreadable progress line from the engine: not a JSON object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* errorDetail.message, else error, else NULL */
static char *
error_message (JsonObject *object)
{
  JsonObject *detail = berth_json_object (object, "errorDetail");
  const char *message = NULL;

  if (detail != NULL)
    message = json_object_get_string_member_with_default (detail, "message", NULL);
  if (message == NULL || *message == '\0')
    message = json_object_get_string_member_with_default (object, "error", NULL);
  if (message == NULL && (detail != NULL || json_object_has_member (object, "error")))
    message = _("unknown error");
  return message ? g_strstrip (g_strdup (message)) : NULL;
}

/* --- build progress --- */

void
berth_build_progress_free (BerthBuildProgress *progress)
{
  if (progress == NULL)
    return;
  g_free (progress->text);
  g_free (progress->id);
  g_free (progress);
}

static gboolean
parse_step (const char *text,
            guint      *step,
            guint      *total)
{
  guint64 s, t;
  char *end = NULL;

  if (!g_str_has_prefix (text, "Step "))
    return FALSE;
  text += 5;
  s = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != '/')
    return FALSE;
  text = end + 1;
  t = g_ascii_strtoull (text, &end, 10);
  if (end == text || !g_str_has_prefix (end, " :"))
    return FALSE;
  *step = s;
  *total = t;
  return TRUE;
}

BerthBuildProgress *
berth_build_progress_parse (const char  *line,
                            gssize       len,
                            GError     **error)
{
  g_autoptr(JsonObject) object = parse_object (line, len, error);
  g_autoptr(BerthBuildProgress) progress = NULL;
  g_autofree char *message = NULL;
  JsonObject *aux;
  const char *text;

  if (object == NULL)
    return NULL;

  progress = g_new0 (BerthBuildProgress, 1);

  if ((message = error_message (object)) != NULL)
    {
      progress->kind = BERTH_BUILD_PROGRESS_ERROR;
      progress->text = g_steal_pointer (&message);
      return g_steal_pointer (&progress);
    }

  aux = berth_json_object (object, "aux");
  if (aux != NULL && (text = json_object_get_string_member_with_default (aux, "ID", NULL)) != NULL)
    {
      progress->kind = BERTH_BUILD_PROGRESS_IMAGE_ID;
      progress->text = g_strdup (text);
      return g_steal_pointer (&progress);
    }

  if ((text = json_object_get_string_member_with_default (object, "stream", NULL)) != NULL)
    {
      progress->kind = parse_step (text, &progress->step, &progress->total)
                       ? BERTH_BUILD_PROGRESS_STEP : BERTH_BUILD_PROGRESS_STREAM;
      progress->text = g_strdup (text);
      return g_steal_pointer (&progress);
    }

  if ((text = json_object_get_string_member_with_default (object, "status", NULL)) != NULL)
    {
      progress->kind = BERTH_BUILD_PROGRESS_STATUS;
      progress->text = g_strdup (text);
      progress->id = g_strdup (json_object_get_string_member_with_default (object, "id", NULL));
      return g_steal_pointer (&progress);
    }

  return NULL;
}

typedef struct
{
  BerthBuildFunc  func;
  gpointer        user_data;
  BerthJsonLines *lines;
  char           *image_id;
  char           *failure;
  gboolean        stopped;
} BuildRun;

static gboolean
build_line (const char *line,
            gsize       len,
            gpointer    user_data)
{
  BuildRun *run = user_data;
  g_autoptr(BerthBuildProgress) progress = berth_build_progress_parse (line, len, NULL);

  if (progress == NULL)
    return TRUE;

  if (progress->kind == BERTH_BUILD_PROGRESS_ERROR && run->failure == NULL)
    run->failure = g_strdup (progress->text);
  else if (progress->kind == BERTH_BUILD_PROGRESS_IMAGE_ID)
    {
      g_free (run->image_id);
      run->image_id = g_strdup (progress->text);
    }
  else if (progress->kind == BERTH_BUILD_PROGRESS_STREAM && run->image_id == NULL &&
           g_str_has_prefix (progress->text, "Successfully built "))
    run->image_id = g_strstrip (g_strdup (progress->text + strlen ("Successfully built ")));

  if (run->func != NULL && !run->func (progress, run->user_data))
    {
      run->stopped = TRUE;
      return FALSE;
    }
  return TRUE;
}

static gboolean
build_data (const guint8 *data,
            gsize         len,
            gpointer      user_data)
{
  BuildRun *run = user_data;

  return berth_json_lines_feed (run->lines, data, len);
}

static void
add_json_map (GString            *query,
              const char         *key,
              const char * const *pairs)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  if (pairs == NULL || pairs[0] == NULL)
    return;
  for (guint i = 0; pairs[i]; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *name = eq ? g_strndup (pairs[i], eq - pairs[i]) : g_strdup (pairs[i]);

      json_object_set_string_member (object, name, eq ? eq + 1 : "");
    }
  node = json_node_init_object (json_node_alloc (), object);
  json = json_to_string (node, FALSE);
  berth_engine_query_add (query, key, json);
}

static gboolean
build_run (BerthEngine              *engine,
           GBytes                   *context_tar,
           int                       context_fd,
           goffset                   context_size,
           const BerthBuildOptions  *options,
           BerthBuildFunc            func,
           gpointer                  user_data,
           char                    **image_id,
           GCancellable             *cancellable,
           GError                  **error)
{
  BerthBuildOptions defaults = { 0 };
  g_autoptr(GString) query = g_string_new (NULL);
  BuildRun run = { func, user_data, NULL, NULL, NULL, FALSE };
  gboolean ok;

  if (options == NULL)
    options = &defaults;

  berth_engine_query_add (query, "dockerfile", options->dockerfile ? options->dockerfile : "Dockerfile");
  berth_engine_query_add (query, "t", options->tag);
  if (options->nocache)
    berth_engine_query_add (query, "nocache", "1");
  if (options->pull)
    berth_engine_query_add (query, "pull", "1");
  berth_engine_query_add (query, "rm", options->keep_intermediate ? "0" : "1");
  if (options->forcerm)
    berth_engine_query_add (query, "forcerm", "1");
  add_json_map (query, "buildargs", options->buildargs);
  add_json_map (query, "labels", options->labels);
  berth_engine_query_add (query, "target", options->target);
  berth_engine_query_add (query, "networkmode", options->network_mode);

  run.lines = berth_json_lines_new (build_line, &run);
  if (context_fd >= 0)
    ok = berth_engine_transfer_fd (engine, "POST", "/build", query->str, context_fd, context_size,
                                   "application/x-tar", NULL, build_data, &run, cancellable, error);
  else
    ok = berth_engine_transfer (engine, "POST", "/build", TRUE, query->str, context_tar,
                                "application/x-tar", NULL, build_data, &run, cancellable, error);
  if (ok && !run.stopped)
    berth_json_lines_finish (run.lines);
  berth_json_lines_free (run.lines);

  if (ok && run.stopped)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED, _("Build cancelled"));
      ok = FALSE;
    }
  else if (ok && run.failure != NULL)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                   _("Build failed: %s"), run.failure);
      ok = FALSE;
    }
  else if (ok && run.image_id == NULL)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("The build ended without reporting an image"));
      ok = FALSE;
    }

  if (ok && image_id != NULL)
    *image_id = g_steal_pointer (&run.image_id);
  g_free (run.image_id);
  g_free (run.failure);
  return ok;
}

gboolean
berth_engine_build_tar_sync (BerthEngine              *engine,
                             GBytes                   *context_tar,
                             const BerthBuildOptions  *options,
                             BerthBuildFunc            func,
                             gpointer                  user_data,
                             char                    **image_id,
                             GCancellable             *cancellable,
                             GError                  **error)
{
  g_return_val_if_fail (BERTH_IS_ENGINE (engine), FALSE);
  g_return_val_if_fail (context_tar != NULL, FALSE);

  return build_run (engine, context_tar, -1, 0, options, func, user_data, image_id, cancellable, error);
}

gboolean
berth_engine_build_sync (BerthEngine              *engine,
                         const char               *context_dir,
                         const BerthBuildOptions  *options,
                         BerthBuildFunc            func,
                         gpointer                  user_data,
                         char                    **image_id,
                         GCancellable             *cancellable,
                         GError                  **error)
{
  goffset size = 0;
  gboolean ok;
  int fd;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), FALSE);
  g_return_val_if_fail (context_dir != NULL, FALSE);

  fd = berth_build_context_create_fd (context_dir, options ? options->dockerfile : NULL, &size,
                                      cancellable, error);
  if (fd < 0)
    return FALSE;
  ok = build_run (engine, NULL, fd, size, options, func, user_data, image_id, cancellable, error);
  close (fd);
  return ok;
}

/* --- pull --- */

void
berth_pull_progress_free (BerthPullProgress *progress)
{
  if (progress == NULL)
    return;
  g_free (progress->status);
  g_free (progress->id);
  g_free (progress->progress);
  g_free (progress->error);
  g_free (progress);
}

BerthPullProgress *
berth_pull_progress_parse (const char  *line,
                           gssize       len,
                           GError     **error)
{
  g_autoptr(JsonObject) object = parse_object (line, len, error);
  BerthPullProgress *progress;
  JsonObject *detail;

  if (object == NULL)
    return NULL;

  progress = g_new0 (BerthPullProgress, 1);
  progress->status = g_strdup (json_object_get_string_member_with_default (object, "status", NULL));
  progress->id = g_strdup (json_object_get_string_member_with_default (object, "id", NULL));
  progress->progress = g_strdup (json_object_get_string_member_with_default (object, "progress", NULL));
  progress->error = error_message (object);
  progress->current = -1;
  progress->total = -1;

  detail = berth_json_object (object, "progressDetail");
  if (detail != NULL)
    {
      if (json_object_has_member (detail, "current"))
        progress->current = json_object_get_int_member_with_default (detail, "current", -1);
      if (json_object_has_member (detail, "total"))
        progress->total = json_object_get_int_member_with_default (detail, "total", -1);
    }
  return progress;
}

void
berth_engine_split_image (const char  *image,
                          char       **repository,
                          char       **tag)
{
  const char *at = strchr (image, '@');
  const char *slash;
  const char *colon;

  if (at != NULL)
    {
      *repository = g_strndup (image, at - image);
      *tag = g_strdup (at + 1);
      return;
    }

  /* A colon before the last slash is a registry's port. */
  slash = strrchr (image, '/');
  colon = strrchr (slash ? slash : image, ':');
  if (colon != NULL)
    {
      *repository = g_strndup (image, colon - image);
      *tag = g_strdup (colon + 1);
    }
  else
    {
      *repository = g_strdup (image);
      *tag = g_strdup ("latest");
    }
}

typedef struct
{
  BerthPullFunc   func;
  gpointer        user_data;
  BerthJsonLines *lines;
  char           *failure;
  gboolean        stopped;
} PullRun;

static gboolean
pull_line (const char *line,
           gsize       len,
           gpointer    user_data)
{
  PullRun *run = user_data;
  g_autoptr(BerthPullProgress) progress = berth_pull_progress_parse (line, len, NULL);

  if (progress == NULL)
    return TRUE;
  if (progress->error != NULL && run->failure == NULL)
    run->failure = g_strdup (progress->error);
  if (run->func != NULL && !run->func (progress, run->user_data))
    {
      run->stopped = TRUE;
      return FALSE;
    }
  return TRUE;
}

static gboolean
pull_data (const guint8 *data,
           gsize         len,
           gpointer      user_data)
{
  PullRun *run = user_data;

  return berth_json_lines_feed (run->lines, data, len);
}

gboolean
berth_engine_pull_sync (BerthEngine    *engine,
                        const char     *image,
                        BerthPullFunc   func,
                        gpointer        user_data,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *repository = NULL;
  g_autofree char *tag = NULL;
  PullRun run = { func, user_data, NULL, NULL, FALSE };
  GError *local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), FALSE);
  g_return_val_if_fail (image != NULL, FALSE);

  berth_engine_split_image (image, &repository, &tag);
  berth_engine_query_add (query, "fromImage", repository);
  berth_engine_query_add (query, "tag", tag);

  run.lines = berth_json_lines_new (pull_line, &run);
  ok = berth_engine_transfer (engine, "POST", "/images/create", TRUE, query->str, NULL, NULL,
                              NULL, pull_data, &run, cancellable, &local_error);
  if (ok && !run.stopped)
    berth_json_lines_finish (run.lines);
  berth_json_lines_free (run.lines);

  if (!ok)
    {
      if (local_error->domain == BERTH_ENGINE_ERROR &&
          (local_error->code == BERTH_ENGINE_ERROR_ENGINE || local_error->code == BERTH_ENGINE_ERROR_NOT_FOUND))
        g_prefix_error (&local_error, _("Cannot pull %s: "), image);
      g_propagate_error (error, local_error);
    }
  else if (run.stopped)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED, _("Pull cancelled"));
      ok = FALSE;
    }
  else if (run.failure != NULL)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                   _("Cannot pull %s: %s"), image, run.failure);
      ok = FALSE;
    }
  g_free (run.failure);
  return ok;
}
