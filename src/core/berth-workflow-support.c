/* berth-workflow-support.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n.h>
#include <string.h>

#include "berth-compose-labels.h"
#include "berth-engine-containers.h"
#include "berth-engine-exec.h"
#include "berth-engine-logs.h"
#include "berth-migration-locate.h"
#include "berth-workflow-support.h"

char *
berth_workflow_flask_service (BerthComposeProject *project)
{
  BerthComposeService *service = berth_migration_find_service (project, NULL, NULL);

  return service ? g_strdup (berth_compose_service_get_name (service)) : NULL;
}

JsonObject *
berth_workflow_find_container (BerthEngine         *engine,
                               BerthComposeProject *project,
                               const char          *service,
                               GCancellable        *cancellable,
                               GError             **error)
{
  g_autofree char *f_project = g_strdup_printf ("label=%s=%s", BERTH_COMPOSE_LABEL_PROJECT,
                                                berth_compose_project_get_name (project));
  g_autofree char *f_service = g_strdup_printf ("label=%s=%s", BERTH_COMPOSE_LABEL_SERVICE, service);
  g_autofree char *f_oneoff = g_strdup_printf ("label=%s=False", BERTH_COMPOSE_LABEL_ONEOFF);
  const char *filters[] = { f_project, f_service, f_oneoff, NULL };
  g_autoptr(JsonArray) list = NULL;
  const char *best = NULL;
  gint64 best_number = G_MAXINT64;

  list = berth_engine_containers_list_sync (engine, TRUE, filters, cancellable, error);
  if (list == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *c = json_array_get_object_element (list, i);
      JsonObject *labels = json_object_has_member (c, "Labels") ? json_object_get_object_member (c, "Labels") : NULL;
      const char *num = labels && json_object_has_member (labels, BERTH_COMPOSE_LABEL_CONTAINER_NUMBER)
                        ? json_object_get_string_member (labels, BERTH_COMPOSE_LABEL_CONTAINER_NUMBER) : NULL;
      gint64 n = num ? g_ascii_strtoll (num, NULL, 10) : G_MAXINT64 - 1;

      if (n < best_number)
        {
          best_number = n;
          best = json_object_get_string_member (c, "Id");
        }
    }
  if (best == NULL)
    return NULL;
  return berth_engine_container_inspect_sync (engine, best, cancellable, error);
}

const char *
berth_workflow_container_name (JsonObject *inspect)
{
  const char *name;

  if (inspect == NULL || !json_object_has_member (inspect, "Name"))
    return NULL;
  name = json_object_get_string_member (inspect, "Name");
  return name && name[0] == '/' ? name + 1 : name;
}

gboolean
berth_workflow_container_running (JsonObject *inspect)
{
  JsonObject *state;

  if (inspect == NULL || !json_object_has_member (inspect, "State"))
    return FALSE;
  state = json_object_get_object_member (inspect, "State");
  return json_object_get_boolean_member_with_default (state, "Running", FALSE) &&
         !json_object_get_boolean_member_with_default (state, "Restarting", FALSE) &&
         !json_object_get_boolean_member_with_default (state, "Paused", FALSE);
}

static gboolean
append_log (BerthStreamType  stream,
            const guint8    *data,
            gsize            len,
            gpointer         user_data)
{
  GString *s = user_data;

  /* Bound what a runaway log can cost. */
  if (s->len < 8 * 1024 * 1024)
    g_string_append_len (s, (const char *) data, len);
  return TRUE;
}

char *
berth_workflow_logs_tail (BerthEngine   *engine,
                          const char    *container,
                          const char    *tail,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GString) s = g_string_new (NULL);
  BerthLogsOptions options = { 0 };

  options.tail = tail;
  if (!berth_engine_logs_sync (engine, container, &options, append_log, s, cancellable, error))
    return NULL;
  return g_utf8_make_valid (s->str, s->len);
}

char *
berth_workflow_logs_current_run (BerthEngine   *engine,
                                 JsonObject    *inspect,
                                 const char    *tail,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GDateTime) started = NULL;
  g_autofree char *since = NULL;
  BerthLogsOptions options = { 0 };
  JsonObject *state = json_object_get_object_member (inspect, "State");
  const char *started_at = state ? json_object_get_string_member_with_default (state, "StartedAt", NULL) : NULL;

  if (started_at && !g_str_has_prefix (started_at, "0001-"))
    started = g_date_time_new_from_iso8601 (started_at, NULL);
  if (started)
    since = g_strdup_printf ("%" G_GINT64_FORMAT ".%06d", g_date_time_to_unix (started),
                             g_date_time_get_microsecond (started));
  options.tail = tail;
  options.since = since;
  if (!berth_engine_logs_sync (engine, json_object_get_string_member (inspect, "Id"), &options,
                               append_log, s, cancellable, error))
    return NULL;
  return g_utf8_make_valid (s->str, s->len);
}

char *
berth_workflow_read_container_file (BerthEngine   *engine,
                                    const char    *container,
                                    const char    *path,
                                    gsize          max_size,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autoptr(GBytes) tar = NULL;
  struct archive *a;
  struct archive_entry *entry;
  char *ret = NULL;

  tar = berth_engine_container_archive_get_sync (engine, container, path, cancellable, error);
  if (tar == NULL)
    return NULL;

  a = archive_read_new ();
  archive_read_support_format_tar (a);
  if (archive_read_open_memory (a, g_bytes_get_data (tar, NULL), g_bytes_get_size (tar)) != ARCHIVE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Could not read %s from the container: %s"), path, archive_error_string (a));
      archive_read_free (a);
      return NULL;
    }

  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      la_int64_t size;
      g_autoptr(GString) s = NULL;
      char buf[8192];
      la_ssize_t n;

      if (archive_entry_filetype (entry) != AE_IFREG)
        continue;
      size = archive_entry_size (entry);
      if (size < 0 || (gsize) size > max_size)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       _("%s in the container is too large to read (%lld bytes)"),
                       path, (long long) size);
          break;
        }
      s = g_string_sized_new (size + 1);
      while ((n = archive_read_data (a, buf, sizeof buf)) > 0)
        g_string_append_len (s, buf, n);
      ret = g_utf8_make_valid (s->str, s->len);
      break;
    }
  archive_read_free (a);

  if (ret == NULL && error && *error == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("%s in the container is not a regular file"), path);
  return ret;
}

gboolean
berth_workflow_exec (BerthEngine         *engine,
                     const char          *container,
                     const char * const  *argv,
                     const char * const  *env,
                     char               **out,
                     char               **err,
                     int                 *exit_code,
                     GCancellable        *cancellable,
                     GError             **error)
{
  BerthExecConfig config = { 0 };

  config.cmd = argv;
  config.env = env;
  return berth_engine_exec_capture_sync (engine, container, &config, out, err, exit_code, cancellable, error);
}
