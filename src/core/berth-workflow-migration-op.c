/* berth-workflow-migration-op.c: one migration operation (upgrade,
 * downgrade, stamp, migrate, merge) as a workflow, so that the Migrations
 * page's actions run in the same panel as Rebuild and Migrate, with the
 * runner's output as the step's output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-workflows.h"

typedef struct
{
  BerthMigrationRunner *runner;
  BerthMigrationOp      op;
  char                 *argument;
} OpCtx;

static void
op_ctx_free (gpointer data)
{
  OpCtx *ctx = data;

  g_object_unref (ctx->runner);
  g_free (ctx->argument);
  g_free (ctx);
}

/* Revision ids as the Migrations page shows them (12 characters); "head",
 * "base" and relative revisions ("-1") as they are. */
static char *
short_revision (const char *revision)
{
  gsize len = strlen (revision);

  if (len > 12 && strspn (revision, "0123456789abcdefABCDEF") == len)
    return g_strndup (revision, 12);
  return g_strdup (revision);
}

static char *
join_short (char **revisions)
{
  g_autoptr(GString) s = g_string_new (NULL);

  if (revisions == NULL || revisions[0] == NULL)
    return g_strdup (_("(none)"));
  for (guint i = 0; revisions[i] != NULL; i++)
    {
      g_autofree char *id = short_revision (revisions[i]);

      g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", id);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
op_line (BerthStreamType  stream,
         const char      *line,
         gpointer         user_data)
{
  berth_workflow_step_output (user_data, stream == BERTH_STREAM_STDERR ? BERTH_OUTPUT_STDERR : BERTH_OUTPUT_STDOUT,
                              line);
}

static BerthStepStatus
step_op (BerthWorkflowStep *step,
         gpointer           user_data,
         GCancellable      *cancellable,
         GError           **error)
{
  OpCtx *ctx = user_data;
  g_autoptr(BerthMigrationMigrateResult) result = NULL;
  g_autoptr(GError) current_error = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  g_autofree char *now = NULL;
  gboolean generates = ctx->op == BERTH_MIGRATION_OP_MIGRATE || ctx->op == BERTH_MIGRATION_OP_MERGE;

  if (!generates)
    /* Only to tell "moved" from "already there"; the operation reports
     * its own errors. */
    before = berth_migration_runner_current_sync (ctx->runner, cancellable, NULL);

  if (!berth_migration_runner_run_op_sync (ctx->runner, ctx->op, ctx->argument, NULL, op_line, step,
                                           &result, cancellable, error))
    {
      if (ctx->op == BERTH_MIGRATION_OP_UPGRADE)
        berth_workflow_step_set_hint (step, _("the flask db upgrade output above (the failing revision)"));
      else
        berth_workflow_step_set_hint (step, _("the flask db output above"));
      return BERTH_STEP_STATUS_FAILED;
    }

  if (generates)
    {
      const char *where;
      g_autofree char *id = NULL;
      g_autofree char *message = NULL;

      if (result == NULL || result->no_changes)
        {
          berth_workflow_step_set_message (step, _("No changes in schema detected: no migration generated"));
          return BERTH_STEP_STATUS_SKIPPED;
        }
      for (guint i = 0; result->changes != NULL && i < result->changes->len; i++)
        {
          BerthMigrationChange *change = g_ptr_array_index (result->changes, i);

          berth_workflow_step_outputf (step, BERTH_OUTPUT_INFO, _("Detected: %s"), change->description);
        }
      where = result->host_path != NULL ? result->host_path : result->generated_path;
      id = short_revision (result->revision != NULL ? result->revision : "?");
      /* Translators: %s is a revision id, then ": " and the file's path, or nothing */
      message = g_strdup_printf (_("Generated revision %s%s%s"), id, where != NULL ? ": " : "", where != NULL ? where : "");
      berth_workflow_step_set_message (step, message);
      return BERTH_STEP_STATUS_CHANGED;
    }

  after = berth_migration_runner_current_sync (ctx->runner, cancellable, &current_error);
  if (after == NULL)
    {
      g_autofree char *message = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        return BERTH_STEP_STATUS_CANCELLED;
      /* Translators: %s is why (an error message) */
      message = g_strdup_printf (_("Done, but the database’s revision could not be read: %s"), current_error->message);
      berth_workflow_step_set_message (step, message);
      return BERTH_STEP_STATUS_WARNING;
    }

  now = join_short (after);
  if (before != NULL && g_strv_equal ((const char * const *) before, (const char * const *) after))
    {
      /* Translators: %s is one or more revision ids */
      g_autofree char *message = g_strdup_printf (_("The database was already at %s"), now);

      berth_workflow_step_set_message (step, message);
      return BERTH_STEP_STATUS_OK;
    }
  {
    /* Translators: %s is one or more revision ids */
    g_autofree char *message = g_strdup_printf (_("The database is now at %s"), now);

    berth_workflow_step_set_message (step, message);
  }
  return BERTH_STEP_STATUS_CHANGED;
}

BerthWorkflow *
berth_workflow_new_migration_op (BerthMigrationRunner *runner,
                                 BerthMigrationOp      op,
                                 const char           *argument)
{
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *step_title = NULL;
  const char *name;
  BerthWorkflow *wf;
  OpCtx *ctx;

  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (runner), NULL);

  if (argument != NULL && *argument == '\0')
    argument = NULL;

  switch (op)
    {
    case BERTH_MIGRATION_OP_UPGRADE:
      name = "upgrade";
      id = short_revision (argument != NULL ? argument : "head");
      /* Translators: %s is a revision id or "head" */
      title = g_strdup_printf (_("Upgrade to %s"), id);
      /* Translators: %s is a revision id or "head" */
      step_title = g_strdup_printf (_("Apply migrations up to %s (flask db upgrade)"), id);
      break;
    case BERTH_MIGRATION_OP_DOWNGRADE:
      name = "downgrade";
      id = short_revision (argument != NULL ? argument : "-1");
      /* Translators: %s is a revision id, "base" or "-1" */
      title = g_strdup_printf (_("Downgrade to %s"), id);
      /* Translators: %s is a revision id, "base" or "-1" */
      step_title = g_strdup_printf (_("Undo migrations down to %s (flask db downgrade)"), id);
      break;
    case BERTH_MIGRATION_OP_STAMP:
      name = "stamp";
      id = short_revision (argument != NULL ? argument : "head");
      /* Translators: %s is a revision id or "head" */
      title = g_strdup_printf (_("Stamp at %s"), id);
      /* Translators: %s is a revision id or "head" */
      step_title = g_strdup_printf (_("Mark the database as at %s without migrating (flask db stamp)"), id);
      break;
    case BERTH_MIGRATION_OP_MIGRATE:
      name = "migrate";
      if (argument == NULL)
        argument = BERTH_WORKFLOW_DEFAULT_MESSAGE;
      title = g_strdup_printf (_("Generate migration “%s”"), argument);
      step_title = g_strdup (_("Generate a migration from the models (flask db migrate)"));
      break;
    case BERTH_MIGRATION_OP_MERGE:
      name = "merge";
      if (argument == NULL)
        argument = "merge heads";
      title = g_strdup (_("Merge heads"));
      step_title = g_strdup (_("Merge the heads into one revision (flask db merge)"));
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  ctx = g_new0 (OpCtx, 1);
  ctx->runner = g_object_ref (runner);
  ctx->op = op;
  ctx->argument = g_strdup (argument);

  wf = berth_workflow_new (name, title);
  berth_workflow_add_step (wf, name, step_title, step_op, ctx, op_ctx_free);
  return wf;
}
