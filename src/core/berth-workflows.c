/* berth-workflows.c: Rebuild and Migrate (Verify is in berth-workflow-verify.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-compose-operations.h"
#include "berth-engine-containers.h"
#include "berth-migration-runner.h"
#include "berth-workflow-support.h"
#include "berth-workflows-private.h"

/* ------------------------------------------------------------------ */
/* Shared context */

static void
ctx_clear (gpointer data)
{
  BerthWorkflowCtx *ctx = data;

  g_clear_object (&ctx->engine);
  g_clear_object (&ctx->project);
  g_strfreev (ctx->services);
  g_free (ctx->message);
}

BerthWorkflowCtx *
berth_workflow_ctx_new (BerthEngine                *engine,
                        BerthComposeProject        *project,
                        const BerthWorkflowOptions *options)
{
  BerthWorkflowCtx *ctx = g_rc_box_new0 (BerthWorkflowCtx);

  ctx->engine = g_object_ref (engine);
  ctx->project = g_object_ref (project);
  if (options)
    {
      ctx->services = options->services && options->services[0] ? g_strdupv (options->services) : NULL;
      ctx->no_migrate = options->no_migrate;
      ctx->keep_cache = options->keep_cache;
      ctx->message = g_strdup (options->message);
      ctx->wait_timeout = options->wait_timeout;
      ctx->review = options->review;
      ctx->round_trip = options->round_trip;
    }
  if (ctx->message == NULL || *ctx->message == '\0')
    {
      g_free (ctx->message);
      ctx->message = g_strdup (BERTH_WORKFLOW_DEFAULT_MESSAGE);
    }
  if (ctx->wait_timeout == 0)
    ctx->wait_timeout = 300;
  return ctx;
}

gpointer
berth_workflow_ctx_ref (BerthWorkflowCtx *ctx)
{
  return g_rc_box_acquire (ctx);
}

void
berth_workflow_ctx_unref (gpointer ctx)
{
  g_rc_box_release_full (ctx, ctx_clear);
}

/* ------------------------------------------------------------------ */
/* Compose operations as step output */

void
berth_workflow_compose_progress (const BerthComposeProgress *p,
                                 gpointer                    user_data)
{
  BerthWorkflowStep *step = user_data;
  g_autofree char *line = berth_compose_progress_format (p);

  switch (p->phase)
    {
    case BERTH_COMPOSE_PHASE_PROGRESS:
      {
        double fraction = p->total > 0 && p->current >= 0 ? (double) p->current / p->total : -1;
        berth_workflow_step_progress (step, fraction, line);
      }
      break;
    case BERTH_COMPOSE_PHASE_OUTPUT:
      berth_workflow_step_output (step, BERTH_OUTPUT_STDOUT, line);
      break;
    case BERTH_COMPOSE_PHASE_FAILED:
    case BERTH_COMPOSE_PHASE_WARNING:
      berth_workflow_step_output (step, BERTH_OUTPUT_STDERR, line);
      break;
    default:
      berth_workflow_step_output (step, BERTH_OUTPUT_INFO, line);
      break;
    }
}

static void
runner_line (BerthStreamType  stream,
             const char      *line,
             gpointer         user_data)
{
  berth_workflow_step_output (user_data, stream == BERTH_STREAM_STDERR ? BERTH_OUTPUT_STDERR : BERTH_OUTPUT_STDOUT,
                              line);
}

BerthMigrationRunner *
berth_workflow_ctx_runner (BerthWorkflowCtx   *ctx,
                           BerthWorkflowStep  *step,
                           GError            **error)
{
  BerthMigrationRunner *runner = berth_migration_runner_new_for_project (ctx->engine, ctx->project, NULL, error);

  if (runner)
    berth_migration_runner_set_line_func (runner, runner_line, step, NULL);
  return runner;
}

/* ------------------------------------------------------------------ */
/* Rebuild steps */

static BerthStepStatus
step_down (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthWorkflowCtx *ctx = user_data;
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();

  options->timeout = -1;
  if (ctx->services)
    {
      /* Only some services: stop and replace just those; the others and
       * the network stay up. */
      options->services = g_strdupv (ctx->services);
      if (!berth_compose_stop_sync (ctx->project, ctx->engine, options, berth_workflow_compose_progress, step,
                                    cancellable, error))
        return BERTH_STEP_STATUS_FAILED;
      /* Removed, so that up creates them from the new images while their
       * dependencies keep running untouched. */
      for (guint i = 0; ctx->services[i]; i++)
        {
          g_autoptr(JsonObject) inspect = berth_workflow_find_container (ctx->engine, ctx->project, ctx->services[i],
                                                                         cancellable, error);
          if (inspect == NULL)
            {
              if (error && *error)
                return BERTH_STEP_STATUS_FAILED;
              continue;
            }
          if (!berth_engine_container_remove_sync (ctx->engine, json_object_get_string_member (inspect, "Id"),
                                                   FALSE, FALSE, cancellable, error))
            return BERTH_STEP_STATUS_FAILED;
          berth_workflow_step_outputf (step, BERTH_OUTPUT_INFO, _("%s  Removed %s"), ctx->services[i],
                                       berth_workflow_container_name (inspect));
        }
      berth_workflow_step_set_message (step, _("Stopped and removed the selected services' containers"));
      return BERTH_STEP_STATUS_OK;
    }

  options->volumes = FALSE;   /* never the data */
  if (!berth_compose_down_sync (ctx->project, ctx->engine, options, berth_workflow_compose_progress, step,
                                cancellable, error))
    {
      berth_workflow_step_set_hint (step, _("the engine's message above; a container may be stuck (docker inspect)"));
      return BERTH_STEP_STATUS_FAILED;
    }
  berth_workflow_step_set_message (step, _("Containers and networks removed; volumes kept"));
  return BERTH_STEP_STATUS_OK;
}

static BerthStepStatus
step_build (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthWorkflowCtx *ctx = user_data;
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();

  options->no_cache = !ctx->keep_cache;
  options->services = g_strdupv (ctx->services);
  if (!berth_compose_build_sync (ctx->project, ctx->engine, options, berth_workflow_compose_progress, step,
                                 cancellable, error))
    {
      berth_workflow_step_set_hint (step, _("the build output above (the failing Dockerfile step)"));
      return BERTH_STEP_STATUS_FAILED;
    }
  berth_workflow_step_set_message (step, ctx->keep_cache ? _("Images built (with cache)")
                                                         : _("Images built without cache"));
  return BERTH_STEP_STATUS_OK;
}

static BerthStepStatus
step_up (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthWorkflowCtx *ctx = user_data;
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();

  options->services = g_strdupv (ctx->services);
  /* Only these services: their dependencies are left as they are. */
  options->no_deps = ctx->services != NULL;
  options->no_build = TRUE;
  options->timeout = -1;
  if (!berth_compose_up_sync (ctx->project, ctx->engine, options, berth_workflow_compose_progress, step,
                              cancellable, error))
    {
      berth_workflow_step_set_hint (step, _("the failing service's logs (berth-cli logs SERVICE) and berth-cli doctor"));
      return BERTH_STEP_STATUS_FAILED;
    }
  berth_workflow_step_set_message (step, _("Containers created and started"));
  return BERTH_STEP_STATUS_OK;
}

static gboolean
selected (BerthWorkflowCtx *ctx, const char *service)
{
  return ctx->services == NULL || g_strv_contains ((const char * const *) ctx->services, service);
}

static char *
last_log_lines (BerthWorkflowCtx *ctx, BerthServiceStatus *st, GCancellable *cancellable)
{
  const char *id = berth_service_status_get_container_id (st);
  g_autofree char *logs = NULL;

  if (id == NULL)
    return NULL;
  logs = berth_workflow_logs_tail (ctx->engine, id, "15", cancellable, NULL);
  return logs ? g_strchomp (g_steal_pointer (&logs)) : NULL;
}

/* Waits until every selected service is running and healthy (or
 * completed).  lenient: a service allowed to settle as "running but
 * unhealthy" (the migration service, whose health may need the migrations
 * that follow): then *lenient_unhealthy is set and WARNING returned.  With
 * lenient_unhealthy NULL (after the migrations), lenient being unhealthy is
 * waited out until the timeout instead of failing at once. */
static BerthStepStatus
wait_for_services (BerthWorkflowCtx  *ctx,
                   BerthWorkflowStep *step,
                   const char        *lenient,
                   gboolean          *lenient_unhealthy,
                   GCancellable      *cancellable,
                   GError           **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ctx->wait_timeout * G_USEC_PER_SEC;
  g_autoptr(GHashTable) restarting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *last_text = NULL;

  for (;;)
    {
      g_autoptr(GPtrArray) statuses = NULL;
      g_autoptr(GString) waiting = g_string_new (NULL);
      guint total = 0, ready = 0;
      BerthServiceStatus *bad = NULL;
      g_autofree char *bad_reason = NULL;
      g_autofree char *text = NULL;
      gboolean settled_unhealthy = FALSE;

      statuses = berth_compose_ps_sync (ctx->project, ctx->engine, NULL, NULL, NULL, cancellable, error);
      if (statuses == NULL)
        return BERTH_STEP_STATUS_FAILED;

      for (guint i = 0; i < statuses->len; i++)
        {
          BerthServiceStatus *st = g_ptr_array_index (statuses, i);
          const char *service = berth_service_status_get_service (st);
          BerthServiceState state = berth_service_status_get_state (st);
          BerthServiceHealth health = berth_service_status_get_health (st);
          g_autofree char *label = berth_service_status_dup_label (st);
          gboolean ok;

          if (berth_compose_project_get_service (ctx->project, service) == NULL || !selected (ctx, service))
            continue;   /* orphans and services not rebuilt */
          total++;
          ok = berth_service_status_get_completed (st) ||
               (state == BERTH_SERVICE_STATE_RUNNING &&
                (health == BERTH_SERVICE_HEALTH_NONE || health == BERTH_SERVICE_HEALTH_HEALTHY));
          if (ok)
            {
              ready++;
              g_hash_table_remove (restarting, service);
              continue;
            }
          if (lenient && g_str_equal (service, lenient) && state == BERTH_SERVICE_STATE_RUNNING &&
              health == BERTH_SERVICE_HEALTH_UNHEALTHY)
            {
              if (lenient_unhealthy != NULL)
                {
                  settled_unhealthy = TRUE;
                  ready++;
                }
              else
                /* After the migrations: the engine keeps reporting
                 * unhealthy until the next probe passes, so wait for it. */
                g_string_append_printf (waiting, "%s%s (%s)", waiting->len ? ", " : "", service, label);
              continue;
            }
          g_string_append_printf (waiting, "%s%s (%s)", waiting->len ? ", " : "", service, label);

          if (state == BERTH_SERVICE_STATE_RESTARTING)
            {
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (restarting, service)) + 1;

              g_hash_table_replace (restarting, g_strdup (service), GUINT_TO_POINTER (n));
              /* Restarting at three looks in a row: a crash loop, not a slow start. */
              if (n >= 3 && bad == NULL)
                {
                  bad = st;
                  bad_reason = g_strdup_printf (_("%s keeps restarting (crash loop)"), service);
                }
            }
          else if (berth_service_status_get_failed (st) && bad == NULL)
            {
              bad = st;
              bad_reason = g_strdup_printf (_("%s is %s"), service, label);
            }
          else if (state == BERTH_SERVICE_STATE_NOT_CREATED && bad == NULL)
            {
              bad = st;
              bad_reason = g_strdup_printf (_("%s has no container"), service);
            }
        }

      text = g_strdup_printf (_("%u/%u services ready"), ready, total);
      if (g_strcmp0 (text, last_text) != 0)
        {
          berth_workflow_step_progress (step, total ? (double) ready / total : 1.0, text);
          if (waiting->len)
            berth_workflow_step_outputf (step, BERTH_OUTPUT_INFO, _("%s; waiting for %s"), text, waiting->str);
          g_free (last_text);
          last_text = g_strdup (text);
        }

      if (bad)
        {
          g_autofree char *logs = last_log_lines (ctx, bad, cancellable);
          g_autofree char *hint = g_strdup_printf (_("the logs of %s (above) and berth-cli doctor"),
                                                   berth_service_status_get_service (bad));

          if (logs && *logs)
            {
              berth_workflow_step_outputf (step, BERTH_OUTPUT_INFO, _("Last log lines of %s:"),
                                           berth_service_status_get_service (bad));
              berth_workflow_step_output (step, BERTH_OUTPUT_STDERR, logs);
            }
          berth_workflow_step_set_hint (step, hint);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, bad_reason);
          return BERTH_STEP_STATUS_FAILED;
        }

      if (ready == total && settled_unhealthy)
        {
          g_autofree char *msg = g_strdup_printf (_("%s is running but unhealthy; its health check may need the "
                                                    "migrations: migrating, then waiting again"), lenient);
          g_autofree char *logs = NULL;

          for (guint i = 0; i < statuses->len; i++)
            if (g_str_equal (berth_service_status_get_service (g_ptr_array_index (statuses, i)), lenient))
              logs = last_log_lines (ctx, g_ptr_array_index (statuses, i), cancellable);
          if (logs && *logs)
            berth_workflow_step_output (step, BERTH_OUTPUT_STDERR, logs);
          *lenient_unhealthy = TRUE;
          berth_workflow_step_set_message (step, msg);
          return BERTH_STEP_STATUS_WARNING;
        }
      if (ready == total)
        {
          berth_workflow_step_set_message (step, text);
          return BERTH_STEP_STATUS_OK;
        }

      if (g_get_monotonic_time () > deadline)
        {
          for (guint i = 0; i < statuses->len; i++)
            {
              BerthServiceStatus *st = g_ptr_array_index (statuses, i);
              const char *service = berth_service_status_get_service (st);
              g_autofree char *logs = NULL;

              if (!selected (ctx, service) || berth_service_status_get_completed (st) ||
                  (berth_service_status_get_state (st) == BERTH_SERVICE_STATE_RUNNING &&
                   berth_service_status_get_health (st) != BERTH_SERVICE_HEALTH_STARTING &&
                   berth_service_status_get_health (st) != BERTH_SERVICE_HEALTH_UNHEALTHY))
                continue;
              logs = last_log_lines (ctx, st, cancellable);
              berth_workflow_step_outputf (step, BERTH_OUTPUT_INFO, _("Last log lines of %s:"), service);
              if (logs && *logs)
                berth_workflow_step_output (step, BERTH_OUTPUT_STDERR, logs);
            }
          berth_workflow_step_set_hint (step, _("the logs above and the healthcheck (berth-cli doctor)"));
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       _("Timed out after %u s waiting for %s"), ctx->wait_timeout, waiting->str);
          return BERTH_STEP_STATUS_FAILED;
        }

      if (!berth_workflow_step_sleep (step, 1000, cancellable))
        return BERTH_STEP_STATUS_CANCELLED;
    }
}

static BerthStepStatus
step_wait (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthWorkflowCtx *ctx = user_data;
  g_autofree char *lenient = ctx->no_migrate ? NULL : berth_workflow_flask_service (ctx->project);

  ctx->rewait = FALSE;
  return wait_for_services (ctx, step, lenient, &ctx->rewait, cancellable, error);
}

static BerthStepStatus
step_ps (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthWorkflowCtx *ctx = user_data;
  g_autoptr(GPtrArray) statuses = berth_compose_ps_sync (ctx->project, ctx->engine, NULL, NULL, NULL,
                                                         cancellable, error);

  if (statuses == NULL)
    return BERTH_STEP_STATUS_FAILED;

  for (guint i = 0; i < statuses->len; i++)
    {
      BerthServiceStatus *st = g_ptr_array_index (statuses, i);
      g_autofree char *label = berth_service_status_dup_label (st);
      GPtrArray *ports = berth_service_status_get_ports (st);
      g_autoptr(GString) p = g_string_new (NULL);

      for (guint j = 0; ports && j < ports->len; j++)
        {
          BerthPublishedPort *pp = g_ptr_array_index (ports, j);

          if (pp->host_port)
            g_string_append_printf (p, "%s%s:%u->%u/%s", p->len ? ", " : "",
                                    pp->host_ip && *pp->host_ip ? pp->host_ip : "0.0.0.0",
                                    pp->host_port, pp->container_port, pp->protocol);
        }
      berth_workflow_step_outputf (step, BERTH_OUTPUT_STDOUT, "%-12s %-28s %-14s %s",
                                   berth_service_status_get_service (st),
                                   berth_service_status_get_container_name (st)
                                     ? berth_service_status_get_container_name (st) : "-",
                                   label, p->str);
    }
  {
    g_autofree char *msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u container", "%u containers",
                                                         statuses->len), statuses->len);
    berth_workflow_step_set_message (step, msg);
  }
  return BERTH_STEP_STATUS_OK;
}

/* ------------------------------------------------------------------ */
/* Migration steps (Rebuild and Migrate) */

BerthStepStatus
berth_workflow_step_migrate (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthWorkflowCtx *ctx = user_data;
  g_autoptr(BerthMigrationRunner) runner = NULL;
  g_autoptr(BerthMigrationMigrateResult) result = NULL;
  g_autoptr(GError) local = NULL;

  if (ctx->no_migrate)
    {
      berth_workflow_step_set_message (step, _("Skipped: migrations not requested (--no-migrate)"));
      return BERTH_STEP_STATUS_SKIPPED;
    }

  runner = berth_workflow_ctx_runner (ctx, step, &local);
  if (runner == NULL)
    {
      if (g_error_matches (local, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_SERVICE) ||
          g_error_matches (local, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_MIGRATIONS))
        {
          berth_workflow_step_set_message (step, local->message);
          return BERTH_STEP_STATUS_SKIPPED;
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return BERTH_STEP_STATUS_FAILED;
    }

  result = berth_migration_runner_migrate_sync (runner, ctx->message, cancellable, &local);
  if (result == NULL)
    {
      if (g_error_matches (local, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NOT_UP_TO_DATE))
        {
          /* Pending revisions (a reviewed migration, a pulled branch): the
           * upgrade step applies them; generating waits for the next run. */
          berth_workflow_step_set_message (step, _("The database is behind its migrations: applying them first; "
                                                   "run Migrate again afterwards for new model changes"));
          return BERTH_STEP_STATUS_WARNING;
        }
      if (g_error_matches (local, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_FLASK_APP))
        berth_workflow_step_set_hint (step, _("FLASK_APP in the compose file or the Dockerfile"));
      else if (g_error_matches (local, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_MULTIPLE_HEADS))
        berth_workflow_step_set_hint (step, _("the migration graph: merge the heads (berth-cli db merge)"));
      else
        berth_workflow_step_set_hint (step, _("the flask db output above"));
      g_propagate_error (error, g_steal_pointer (&local));
      return BERTH_STEP_STATUS_FAILED;
    }

  if (result->no_changes)
    {
      berth_workflow_step_set_message (step, _("No changes in schema detected: no migration generated"));
      return BERTH_STEP_STATUS_SKIPPED;
    }

  for (guint i = 0; result->changes && i < result->changes->len; i++)
    {
      BerthMigrationChange *c = g_ptr_array_index (result->changes, i);
      berth_workflow_step_outputf (step, BERTH_OUTPUT_INFO, _("Detected: %s"), c->description);
    }
  {
    g_autofree char *msg = NULL;
    const char *where = result->host_path ? result->host_path : result->generated_path;

    msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "Generated revision %s (%u change)%s%s%s",
                                        "Generated revision %s (%u changes)%s%s%s",
                                        result->changes ? result->changes->len : 0),
                           result->revision ? result->revision : "?",
                           result->changes ? result->changes->len : 0,
                           where ? ": " : "", where ? where : "",
                           result->copied ? _(" (copied from the container)") : "");
    berth_workflow_step_set_message (step, msg);
    if (ctx->review)
      berth_workflow_step_outputf (step, BERTH_OUTPUT_INFO,
                                   _("Review %s (autogenerate is not always right), then run Migrate again to apply it."),
                                   where ? where : result->revision);
  }
  return BERTH_STEP_STATUS_CHANGED;
}

BerthStepStatus
berth_workflow_step_upgrade (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthWorkflowCtx *ctx = user_data;
  g_autoptr(BerthMigrationRunner) runner = NULL;
  g_autoptr(GError) local = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  g_autoptr(GPtrArray) heads = NULL;
  g_autofree char *cur = NULL;
  gboolean at_head = TRUE;

  if (ctx->no_migrate)
    {
      berth_workflow_step_set_message (step, _("Skipped: migrations not requested (--no-migrate)"));
      return BERTH_STEP_STATUS_SKIPPED;
    }

  runner = berth_workflow_ctx_runner (ctx, step, &local);
  if (runner == NULL)
    {
      if (g_error_matches (local, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_SERVICE) ||
          g_error_matches (local, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_MIGRATIONS))
        {
          berth_workflow_step_set_message (step, local->message);
          return BERTH_STEP_STATUS_SKIPPED;
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return BERTH_STEP_STATUS_FAILED;
    }

  before = berth_migration_runner_current_sync (runner, cancellable, NULL);
  if (!berth_migration_runner_upgrade_sync (runner, NULL, cancellable, error))
    {
      berth_workflow_step_set_hint (step, _("the flask db upgrade output above (the failing revision)"));
      return BERTH_STEP_STATUS_FAILED;
    }
  after = berth_migration_runner_current_sync (runner, cancellable, error);
  if (after == NULL)
    return BERTH_STEP_STATUS_FAILED;
  heads = berth_migration_runner_heads_sync (runner, cancellable, error);
  if (heads == NULL)
    return BERTH_STEP_STATUS_FAILED;

  for (guint i = 0; after[i]; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < heads->len; j++)
        found |= g_str_equal (after[i], ((BerthMigrationHistoryEntry *) g_ptr_array_index (heads, j))->revision);
      at_head &= found;
    }
  at_head &= after[0] != NULL || heads->len == 0;
  cur = after[0] ? g_strjoinv (", ", after) : g_strdup (_("(none)"));

  if (ctx->rewait)
    {
      /* The migration service was unhealthy before the migrations. */
      g_autofree char *flask_service = berth_workflow_flask_service (ctx->project);

      berth_workflow_step_output (step, BERTH_OUTPUT_INFO, _("Waiting until the services are healthy again…"));
      if (wait_for_services (ctx, step, flask_service, NULL, cancellable, error) == BERTH_STEP_STATUS_FAILED)
        {
          g_prefix_error (error, _("Still not healthy after the migrations: "));
          return BERTH_STEP_STATUS_FAILED;
        }
      if (g_cancellable_is_cancelled (cancellable))
        return BERTH_STEP_STATUS_CANCELLED;
    }

  if (!at_head)
    {
      g_autofree char *msg = g_strdup_printf (_("The database is at %s, which is not a head"), cur);
      berth_workflow_step_set_message (step, msg);
      return BERTH_STEP_STATUS_WARNING;
    }
  if (before && g_strv_equal ((const char * const *) before, (const char * const *) after))
    {
      g_autofree char *msg = g_strdup_printf (_("Already at head %s"), cur);
      berth_workflow_step_set_message (step, msg);
      return BERTH_STEP_STATUS_OK;
    }
  {
    g_autofree char *msg = g_strdup_printf (_("Database upgraded to head %s"), cur);
    berth_workflow_step_set_message (step, msg);
  }
  return BERTH_STEP_STATUS_CHANGED;
}

/* ------------------------------------------------------------------ */

BerthWorkflow *
berth_workflow_new_rebuild (BerthEngine                *engine,
                            BerthComposeProject        *project,
                            const BerthWorkflowOptions *options)
{
  BerthWorkflow *wf = berth_workflow_new ("rebuild", _("Rebuild"));
  BerthWorkflowCtx *ctx = berth_workflow_ctx_new (engine, project, options);
  g_autofree char *migrate_title = g_strdup_printf (_("Generate migration “%s”"), ctx->message);

  berth_workflow_add_step (wf, "down", ctx->services ? _("Stop and remove the selected services' containers")
                                                     : _("Remove containers and networks (volumes kept)"),
                           step_down, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  berth_workflow_add_step (wf, "build", ctx->keep_cache ? _("Build images") : _("Build images without cache"),
                           step_build, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  berth_workflow_add_step (wf, "up", _("Create and start containers"),
                           step_up, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  berth_workflow_add_step (wf, "wait", _("Wait until services are running and healthy"),
                           step_wait, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  berth_workflow_add_step (wf, "ps", _("List containers"),
                           step_ps, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  berth_workflow_add_step (wf, "migrate", migrate_title,
                           berth_workflow_step_migrate, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  berth_workflow_add_step (wf, "upgrade", _("Apply migrations (flask db upgrade)"),
                           berth_workflow_step_upgrade, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  berth_workflow_ctx_unref (ctx);
  return wf;
}

BerthWorkflow *
berth_workflow_new_migrate (BerthEngine                *engine,
                            BerthComposeProject        *project,
                            const BerthWorkflowOptions *options)
{
  BerthWorkflow *wf = berth_workflow_new ("migrate", _("Migrate"));
  BerthWorkflowCtx *ctx = berth_workflow_ctx_new (engine, project, options);
  g_autofree char *migrate_title = g_strdup_printf (_("Generate migration “%s”"), ctx->message);

  ctx->no_migrate = FALSE;
  berth_workflow_add_step (wf, "migrate", migrate_title,
                           berth_workflow_step_migrate, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  if (!ctx->review)
    berth_workflow_add_step (wf, "upgrade", _("Apply migrations (flask db upgrade)"),
                             berth_workflow_step_upgrade, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  else
    berth_workflow_set_failure_advice (wf, _("Run Troubleshoot (berth-cli doctor) to diagnose the stack."));
  berth_workflow_ctx_unref (ctx);
  return wf;
}
