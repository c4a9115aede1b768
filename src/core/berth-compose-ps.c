/* berth-compose-ps.c: ps, start, stop and restart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-compose-ops-private.h"

/* --- ps ---------------------------------------------------------------- */

static int
service_index (GPtrArray  *services,
               const char *name)
{
  for (guint i = 0; i < services->len; i++)
    if (g_strcmp0 (berth_compose_service_get_name (g_ptr_array_index (services, i)), name) == 0)
      return (int) i;
  return G_MAXINT;
}

typedef struct
{
  GPtrArray *services;
} PsSort;

static int
compare_status (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  PsSort *sort = user_data;
  BerthServiceStatus *sa = *(BerthServiceStatus * const *) a;
  BerthServiceStatus *sb = *(BerthServiceStatus * const *) b;
  int ia = service_index (sort->services, berth_service_status_get_service (sa));
  int ib = service_index (sort->services, berth_service_status_get_service (sb));
  int c;

  if (ia != ib)
    return ia < ib ? -1 : 1;
  if ((c = g_strcmp0 (berth_service_status_get_service (sa), berth_service_status_get_service (sb))) != 0)
    return c;
  return (int) berth_service_status_get_number (sa) - (int) berth_service_status_get_number (sb);
}

GPtrArray *
berth_compose_ps_sync (BerthComposeProject        *project,
                       BerthEngine                *engine,
                       const BerthComposeOptions  *options,
                       BerthComposeProgressFunc    progress,
                       gpointer                    progress_data,
                       GCancellable               *cancellable,
                       GError                    **error)
{
  g_autoptr(GPtrArray) containers = NULL;
  g_autoptr(GPtrArray) ret = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) selected = NULL;
  GPtrArray *services = berth_compose_project_get_services (project);
  PsSort sort = { services };

  selected = berth_compose_select_services (project, options ? (const char * const *) options->services : NULL,
                                            FALSE, FALSE, error);
  if (selected == NULL)
    return NULL;
  /* One list request, like `docker ps`: a running container's summary
   * says all ps shows.  Only the others are inspected, for what their
   * summary lacks (restart policy, hence "completed"; exit time). */
  containers = berth_compose_list_container_summaries (engine, berth_compose_project_get_name (project), NULL,
                                                       cancellable, error);
  if (containers == NULL)
    return NULL;

  for (guint i = 0; i < containers->len; i++)
    {
      JsonObject *item = g_ptr_array_index (containers, i);
      g_autoptr(BerthServiceStatus) status = berth_service_status_new (NULL);
      const char *name;
      gboolean wanted = options == NULL || options->services == NULL || options->services[0] == NULL;

      berth_service_status_update_from_summary (status, item);
      name = berth_service_status_get_service (status);
      if (name == NULL)
        continue;
      if (!wanted)
        wanted = g_strv_contains ((const char * const *) options->services, name);
      if (!wanted)
        continue;
      if (berth_service_status_get_state (status) != BERTH_SERVICE_STATE_RUNNING &&
          berth_service_status_get_state (status) != BERTH_SERVICE_STATE_PAUSED)
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(JsonObject) inspect = NULL;

          inspect = berth_compose_inspect (engine, "containers", berth_service_status_get_container_id (status),
                                           cancellable, &local_error);
          if (inspect == NULL)
            {
              /* Removed between the list and the inspect: not there. */
              if (g_error_matches (local_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
                continue;
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          berth_service_status_update_from_inspect (status, inspect);
        }
      g_ptr_array_add (ret, g_steal_pointer (&status));
    }

  for (guint i = 0; i < selected->len; i++)
    {
      const char *name = berth_compose_service_get_name (g_ptr_array_index (selected, i));
      gboolean found = FALSE;

      for (guint j = 0; j < ret->len && !found; j++)
        found = g_strcmp0 (berth_service_status_get_service (g_ptr_array_index (ret, j)), name) == 0;
      if (!found)
        g_ptr_array_add (ret, berth_service_status_new (name));
    }

  g_ptr_array_sort_with_data (ret, compare_status, &sort);
  return g_steal_pointer (&ret);
}

typedef struct
{
  BerthComposeProject  *project;
  BerthEngine          *engine;
  BerthComposeOptions  *options;
} PsData;

static void
ps_data_free (PsData *data)
{
  g_clear_object (&data->project);
  g_clear_object (&data->engine);
  berth_compose_options_free (data->options);
  g_free (data);
}

static void
ps_thread (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  PsData *op = task_data;
  GError *error = NULL;
  GPtrArray *ret;

  ret = berth_compose_ps_sync (op->project, op->engine, op->options, NULL, NULL, cancellable, &error);
  if (ret)
    g_task_return_pointer (task, ret, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
berth_compose_ps_async (BerthComposeProject        *project,
                        BerthEngine                *engine,
                        const BerthComposeOptions  *options,
                        BerthComposeProgressFunc    progress,
                        gpointer                    progress_data,
                        GDestroyNotify              progress_destroy,
                        GCancellable               *cancellable,
                        GAsyncReadyCallback         callback,
                        gpointer                    user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PsData *op = g_new0 (PsData, 1);

  g_task_set_source_tag (task, berth_compose_ps_async);
  op->project = g_object_ref (project);
  op->engine = g_object_ref (engine);
  op->options = berth_compose_options_copy (options);
  /* ps reports nothing while it runs. */
  if (progress_destroy)
    progress_destroy (progress_data);
  g_task_set_task_data (task, op, (GDestroyNotify) ps_data_free);
  g_task_run_in_thread (task, ps_thread);
}

GPtrArray *
berth_compose_ps_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- start / stop / restart -------------------------------------------- */

typedef struct
{
  BerthComposeProject        *project;
  BerthEngine                *engine;
  const BerthComposeOptions  *options;
  BerthComposeReporter       *reporter;
  BerthComposeStep            step;
} Lifecycle;

static gboolean
lifecycle_service (BerthComposeService *service,
                   gpointer             data,
                   GCancellable        *cancellable,
                   GError             **error)
{
  Lifecycle *lc = data;
  const char *name = berth_compose_service_get_name (service);
  g_autoptr(GPtrArray) containers = NULL;

  containers = berth_compose_list_containers (lc->engine, berth_compose_project_get_name (lc->project),
                                              name, cancellable, error);
  if (containers == NULL)
    return FALSE;

  if (containers->len == 0)
    {
      if (lc->step == BERTH_COMPOSE_STEP_STOP)
        return TRUE;
      berth_compose_report (lc->reporter, lc->step, BERTH_COMPOSE_PHASE_FAILED, name, NULL,
                            _("Service “%s” has no container; bring it up first"), name);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Service “%s” has no container; bring it up first"), name);
      return FALSE;
    }

  for (guint i = 0; i < containers->len; i++)
    {
      JsonObject *inspect = g_ptr_array_index (containers, i);
      const char *id = json_object_get_string_member (inspect, "Id");
      const char *cname = berth_compose_container_name_of (inspect);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GString) query = g_string_new (NULL);

      if (lc->step == BERTH_COMPOSE_STEP_STOP)
        {
          if (!berth_compose_stop_container (lc->engine, lc->reporter, name, inspect,
                                             berth_compose_stop_timeout (service, lc->options),
                                             cancellable, error))
            return FALSE;
          continue;
        }

      if (lc->step == BERTH_COMPOSE_STEP_START)
        path = g_strdup_printf ("/containers/%s/start", id);
      else
        {
          g_autofree char *t = g_strdup_printf ("%d", berth_compose_stop_timeout (service, lc->options));

          path = g_strdup_printf ("/containers/%s/restart", id);
          berth_engine_query_add (query, "t", t);
        }

      if (lc->step == BERTH_COMPOSE_STEP_START && berth_compose_container_running (inspect))
        {
          berth_compose_report (lc->reporter, lc->step, BERTH_COMPOSE_PHASE_SKIPPED, name, cname,
                                _("Already running"));
          continue;
        }

      berth_compose_report (lc->reporter, lc->step, BERTH_COMPOSE_PHASE_BEGIN, name, cname, NULL);
      answer = berth_engine_request_sync (lc->engine, "POST", path, query->str, NULL, cancellable, &local_error);
      if (answer == NULL)
        {
          berth_compose_report (lc->reporter, lc->step, BERTH_COMPOSE_PHASE_FAILED, name, cname,
                                "%s", local_error->message);
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", name);
          return FALSE;
        }
      berth_compose_report (lc->reporter, lc->step, BERTH_COMPOSE_PHASE_DONE, name, cname, NULL);
      berth_compose_reporter_done (lc->reporter, "%s %s",
                                   lc->step == BERTH_COMPOSE_STEP_START ? _("started") : _("restarted"), cname);
    }
  return TRUE;
}

static gboolean
lifecycle_run (BerthComposeProject        *project,
               BerthEngine                *engine,
               const BerthComposeOptions  *options,
               BerthComposeOperation       operation,
               BerthComposeStep            step,
               BerthComposeProgressFunc    progress,
               gpointer                    progress_data,
               GCancellable               *cancellable,
               GError                    **error)
{
  BerthComposeReporter r;
  g_autoptr(GPtrArray) services = NULL;
  Lifecycle lc = { project, engine, options, &r, step };
  gboolean reverse = step == BERTH_COMPOSE_STEP_STOP;
  gboolean ok;

  berth_compose_reporter_init (&r, operation, progress, progress_data);
  services = berth_compose_select_services (project, options ? (const char * const *) options->services : NULL,
                                            FALSE, reverse, error);
  if (services == NULL)
    {
      berth_compose_reporter_clear (&r);
      return FALSE;
    }
  for (guint i = 0; i < services->len; i++)
    berth_compose_reporter_plan (&r, "%s %s", berth_compose_step_to_string (step),
                                 berth_compose_service_get_name (g_ptr_array_index (services, i)));

  ok = berth_compose_schedule (project, services, reverse, 0, lifecycle_service, &lc, cancellable, error);
  ok = berth_compose_reporter_finish (&r, ok, error);
  berth_compose_reporter_clear (&r);
  return ok;
}

gboolean
berth_compose_start_sync (BerthComposeProject        *project,
                          BerthEngine                *engine,
                          const BerthComposeOptions  *options,
                          BerthComposeProgressFunc    progress,
                          gpointer                    progress_data,
                          GCancellable               *cancellable,
                          GError                    **error)
{
  return lifecycle_run (project, engine, options, BERTH_COMPOSE_OPERATION_START, BERTH_COMPOSE_STEP_START,
                        progress, progress_data, cancellable, error);
}

gboolean
berth_compose_stop_sync (BerthComposeProject        *project,
                         BerthEngine                *engine,
                         const BerthComposeOptions  *options,
                         BerthComposeProgressFunc    progress,
                         gpointer                    progress_data,
                         GCancellable               *cancellable,
                         GError                    **error)
{
  return lifecycle_run (project, engine, options, BERTH_COMPOSE_OPERATION_STOP, BERTH_COMPOSE_STEP_STOP,
                        progress, progress_data, cancellable, error);
}

gboolean
berth_compose_restart_sync (BerthComposeProject        *project,
                            BerthEngine                *engine,
                            const BerthComposeOptions  *options,
                            BerthComposeProgressFunc    progress,
                            gpointer                    progress_data,
                            GCancellable               *cancellable,
                            GError                    **error)
{
  return lifecycle_run (project, engine, options, BERTH_COMPOSE_OPERATION_RESTART, BERTH_COMPOSE_STEP_RESTART,
                        progress, progress_data, cancellable, error);
}
