/* berth-compose-build.c: build (and the builds up needs).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-compose-ops-private.h"
#include "berth-engine-build.h"

typedef struct
{
  BerthComposeProject        *project;
  BerthEngine                *engine;
  const BerthComposeOptions  *options;
  BerthComposeReporter       *reporter;
  GCancellable               *cancellable;

  GMutex                      lock;
  GPtrArray                  *queue;     /* BerthComposeService, not started yet */
  GError                     *error;     /* the first failure */
} Builds;

typedef struct
{
  Builds     *builds;
  const char *service;
  const char *image;
  char       *step_text;   /* "Step 3/7 : RUN ..." */
  char       *failure;     /* the builder's error message */
} BuildJob;

static gboolean
on_build_progress (const BerthBuildProgress *p,
                   gpointer                  user_data)
{
  BuildJob *job = user_data;
  BerthComposeReporter *r = job->builds->reporter;

  switch (p->kind)
    {
    case BERTH_BUILD_PROGRESS_STEP:
      g_free (job->step_text);
      job->step_text = g_strchomp (g_strdup (p->text ? p->text : ""));
      berth_compose_report_progress (r, BERTH_COMPOSE_STEP_BUILD, job->service, job->image,
                                     p->step, p->total, FALSE, job->step_text);
      berth_compose_report (r, BERTH_COMPOSE_STEP_BUILD, BERTH_COMPOSE_PHASE_OUTPUT, job->service, job->image,
                            "%s", job->step_text);
      break;

    case BERTH_BUILD_PROGRESS_STREAM:
      {
        g_auto(GStrv) lines = g_strsplit (p->text ? p->text : "", "\n", -1);

        for (guint i = 0; lines[i]; i++)
          {
            g_strchomp (lines[i]);
            if (lines[i][0] != '\0')
              berth_compose_report (r, BERTH_COMPOSE_STEP_BUILD, BERTH_COMPOSE_PHASE_OUTPUT, job->service,
                                    job->image, "%s", lines[i]);
          }
      }
      break;

    case BERTH_BUILD_PROGRESS_STATUS:
      if (p->text)
        berth_compose_report (r, BERTH_COMPOSE_STEP_BUILD, BERTH_COMPOSE_PHASE_OUTPUT, job->service, job->image,
                              "%s%s%s", p->id ? p->id : "", p->id ? ": " : "", p->text);
      break;

    case BERTH_BUILD_PROGRESS_ERROR:
      g_free (job->failure);
      job->failure = g_strdup (p->text);
      break;

    case BERTH_BUILD_PROGRESS_IMAGE_ID:
    default:
      break;
    }
  return !g_cancellable_is_cancelled (job->builds->cancellable);
}

static void
add_kv_strings (GPtrArray *out,
                GPtrArray *kvs)
{
  for (guint i = 0; kvs && i < kvs->len; i++)
    {
      BerthComposeKeyValue *kv = g_ptr_array_index (kvs, i);

      if (kv->value != NULL)
        g_ptr_array_add (out, g_strdup_printf ("%s=%s", kv->key, kv->value));
    }
}

static gboolean
build_one (Builds               *b,
           BerthComposeService  *service,
           GError              **error)
{
  const char *name = berth_compose_service_get_name (service);
  const BerthComposeBuild *spec = berth_compose_service_get_build (service);
  g_autofree char *image = berth_compose_project_dup_service_image (b->project, service);
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *image_id = NULL;
  BerthBuildOptions opts = { 0 };
  BuildJob job = { b, name, image, NULL, NULL };
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (spec->context == NULL || strstr (spec->context, "://") != NULL || g_str_has_prefix (spec->context, "git@"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Service “%s”: only local build contexts are supported, not “%s”"),
                   name, spec->context ? spec->context : "");
      return FALSE;
    }

  add_kv_strings (args, spec->args);
  g_ptr_array_add (args, NULL);
  add_kv_strings (labels, spec->labels);
  g_ptr_array_add (labels, g_strdup_printf ("%s=%s", BERTH_COMPOSE_LABEL_PROJECT, berth_compose_project_get_name (b->project)));
  g_ptr_array_add (labels, g_strdup_printf ("%s=%s", BERTH_COMPOSE_LABEL_SERVICE, name));
  g_ptr_array_add (labels, g_strdup_printf ("%s=%s", BERTH_COMPOSE_LABEL_VERSION, BERTH_COMPOSE_VERSION));
  g_ptr_array_add (labels, NULL);

  opts.dockerfile = spec->dockerfile;
  opts.tag = image;
  opts.nocache = b->options ? b->options->no_cache : FALSE;
  opts.pull = b->options ? b->options->pull : FALSE;
  opts.buildargs = (const char * const *) args->pdata;
  opts.labels = (const char * const *) labels->pdata;
  opts.target = spec->target;

  berth_compose_report (b->reporter, BERTH_COMPOSE_STEP_BUILD, BERTH_COMPOSE_PHASE_BEGIN, name, image, NULL);
  ok = berth_engine_build_sync (b->engine, spec->context, &opts, on_build_progress, &job, &image_id,
                                b->cancellable, &local_error);
  if (!ok && g_cancellable_is_cancelled (b->cancellable))
    {
      g_clear_error (&local_error);
      g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
    }
  if (!ok)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (local_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED))
        {
          berth_compose_report (b->reporter, BERTH_COMPOSE_STEP_BUILD, BERTH_COMPOSE_PHASE_FAILED, name, image,
                                _("Cancelled"));
          g_propagate_error (error, g_steal_pointer (&local_error));
        }
      else
        {
          const char *why = job.failure ? job.failure : local_error->message;

          /* Name the service, the step and the builder's own words. */
          if (job.step_text != NULL)
            g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                         _("Building service “%s” failed at %s: %s"), name, job.step_text, why);
          else
            g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                         _("Building service “%s” failed: %s"), name, why);
          berth_compose_report (b->reporter, BERTH_COMPOSE_STEP_BUILD, BERTH_COMPOSE_PHASE_FAILED, name, image,
                                "%s", (*error)->message);
        }
    }
  else
    {
      berth_compose_report (b->reporter, BERTH_COMPOSE_STEP_BUILD, BERTH_COMPOSE_PHASE_DONE, name, image, NULL);
      berth_compose_reporter_done (b->reporter, _("built %s"), image);
    }
  g_free (job.step_text);
  g_free (job.failure);
  return ok;
}

static gpointer
build_worker (gpointer data)
{
  Builds *b = data;

  for (;;)
    {
      BerthComposeService *service = NULL;
      GError *error = NULL;

      g_mutex_lock (&b->lock);
      /* After a failure nothing new starts; running builds finish. */
      if (b->queue->len > 0 && b->error == NULL && !g_cancellable_is_cancelled (b->cancellable))
        service = g_ptr_array_steal_index (b->queue, 0);
      g_mutex_unlock (&b->lock);
      if (service == NULL)
        break;

      if (!build_one (b, service, &error))
        {
          g_mutex_lock (&b->lock);
          if (b->error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_clear_error (&b->error);
              b->error = error;
            }
          else
            g_error_free (error);
          g_mutex_unlock (&b->lock);
        }
    }
  return NULL;
}

gboolean
berth_compose_build_services (BerthComposeProject        *project,
                              BerthEngine                *engine,
                              GPtrArray                  *services,
                              const BerthComposeOptions  *options,
                              BerthComposeReporter       *r,
                              GCancellable               *cancellable,
                              GError                    **error)
{
  Builds b = { project, engine, options, r, cancellable };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  guint parallel = options && options->parallel ? options->parallel : g_get_num_processors ();

  g_mutex_init (&b.lock);
  b.queue = g_ptr_array_new ();
  for (guint i = 0; i < services->len; i++)
    {
      BerthComposeService *service = g_ptr_array_index (services, i);
      g_autofree char *image = berth_compose_project_dup_service_image (project, service);

      berth_compose_reporter_plan (r, _("built %s"), image);
      g_ptr_array_add (b.queue, service);
    }

  for (guint i = 0; i < MIN (parallel, services->len); i++)
    g_ptr_array_add (threads, g_thread_new ("berth-build", build_worker, &b));
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  g_ptr_array_unref (b.queue);
  g_mutex_clear (&b.lock);
  if (b.error != NULL)
    {
      g_propagate_error (error, b.error);
      return FALSE;
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

gboolean
berth_compose_build_sync (BerthComposeProject        *project,
                          BerthEngine                *engine,
                          const BerthComposeOptions  *options,
                          BerthComposeProgressFunc    progress,
                          gpointer                    progress_data,
                          GCancellable               *cancellable,
                          GError                    **error)
{
  BerthComposeReporter r;
  g_autoptr(GPtrArray) selected = NULL;
  g_autoptr(GPtrArray) services = g_ptr_array_new ();
  gboolean ok = FALSE;

  berth_compose_reporter_init (&r, BERTH_COMPOSE_OPERATION_BUILD, progress, progress_data);
  selected = berth_compose_select_services (project, options ? (const char * const *) options->services : NULL,
                                            FALSE, FALSE, error);
  if (selected != NULL)
    {
      for (guint i = 0; i < selected->len; i++)
        {
          BerthComposeService *service = g_ptr_array_index (selected, i);

          if (berth_compose_service_get_build (service) != NULL)
            g_ptr_array_add (services, service);
          else if (options && options->services && options->services[0])
            berth_compose_report (&r, BERTH_COMPOSE_STEP_BUILD, BERTH_COMPOSE_PHASE_SKIPPED,
                                  berth_compose_service_get_name (service), NULL,
                                  _("No build section: uses an image"));
        }
      ok = berth_compose_build_services (project, engine, services, options, &r, cancellable, error);
    }
  ok = berth_compose_reporter_finish (&r, ok, error);
  berth_compose_reporter_clear (&r);
  return ok;
}
