/* berth-cli-workflow-render.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "berth-cli.h"
#include "berth-cli-workflow-render.h"
#include "berth-engine.h"

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  FILE         *out;
  gboolean      json;
  gboolean      tty;
  gboolean      status_line_shown;  /* a "\r"-updated line is on screen */
  char         *current_title;
  int           current_index;
  int           count;
  guint         sigint_count;
  int           exit_code;
} Render;

const char *
berth_cli_status_mark (BerthStepStatus status)
{
  switch (status)
    {
    case BERTH_STEP_STATUS_OK:        return "✓";
    case BERTH_STEP_STATUS_CHANGED:   return "✚";
    case BERTH_STEP_STATUS_SKIPPED:   return "–";
    case BERTH_STEP_STATUS_WARNING:   return "!";
    case BERTH_STEP_STATUS_FAILED:    return "✗";
    case BERTH_STEP_STATUS_CANCELLED: return "⊘";
    case BERTH_STEP_STATUS_RUNNING:   return "…";
    case BERTH_STEP_STATUS_NOT_RUN:
    default:                          return "·";
    }
}

static const char *
status_colour (BerthStepStatus status)
{
  switch (status)
    {
    case BERTH_STEP_STATUS_OK:
    case BERTH_STEP_STATUS_CHANGED:   return "\033[32m";
    case BERTH_STEP_STATUS_WARNING:
    case BERTH_STEP_STATUS_CANCELLED: return "\033[33m";
    case BERTH_STEP_STATUS_FAILED:    return "\033[31m";
    default:                          return "\033[2m";
    }
}

static const char *
status_word (BerthStepStatus status)
{
  switch (status)
    {
    case BERTH_STEP_STATUS_OK:        return _("ok");
    case BERTH_STEP_STATUS_CHANGED:   return _("changed");
    case BERTH_STEP_STATUS_SKIPPED:   return _("skipped");
    case BERTH_STEP_STATUS_WARNING:   return _("warning");
    case BERTH_STEP_STATUS_FAILED:    return _("failed");
    case BERTH_STEP_STATUS_CANCELLED: return _("cancelled");
    case BERTH_STEP_STATUS_RUNNING:   return _("running");
    case BERTH_STEP_STATUS_NOT_RUN:
    default:                          return _("not run");
    }
}

static void
clear_status_line (Render *r)
{
  if (r->tty && r->status_line_shown)
    fputs ("\r\033[K", r->out);
  r->status_line_shown = FALSE;
}

static void
draw_status_line (Render *r, const char *progress)
{
  if (!r->tty || r->current_title == NULL)
    return;
  fprintf (r->out, "\r\033[K  \033[36m…\033[0m [%d/%d] %s%s%s",
           r->current_index + 1, r->count, r->current_title,
           progress ? "  \033[2m" : "", progress ? progress : "");
  if (progress)
    fputs ("\033[0m", r->out);
  r->status_line_shown = TRUE;
  fflush (r->out);
}

static void
render_text (Render *r, BerthWorkflowEvent *e)
{
  switch (berth_workflow_event_get_kind (e))
    {
    case BERTH_WORKFLOW_EVENT_WORKFLOW_STARTED:
      r->count = berth_workflow_event_get_count (e);
      fprintf (r->out, r->tty ? "\033[1m%s\033[0m\n" : "%s\n", berth_workflow_event_get_title (e));
      break;

    case BERTH_WORKFLOW_EVENT_STEP_STARTED:
      g_free (r->current_title);
      r->current_title = g_strdup (berth_workflow_event_get_title (e));
      r->current_index = berth_workflow_event_get_index (e);
      r->count = berth_workflow_event_get_count (e);
      if (r->tty)
        draw_status_line (r, NULL);
      else
        fprintf (r->out, "  [%d/%d] %s…\n", r->current_index + 1, r->count, r->current_title);
      break;

    case BERTH_WORKFLOW_EVENT_STEP_OUTPUT:
      clear_status_line (r);
      if (r->tty && berth_workflow_event_get_stream (e) == BERTH_OUTPUT_STDERR)
        fprintf (r->out, "      \033[2m%s\033[0m\n", berth_workflow_event_get_line (e));
      else
        fprintf (r->out, "      %s\n", berth_workflow_event_get_line (e));
      draw_status_line (r, NULL);
      break;

    case BERTH_WORKFLOW_EVENT_STEP_PROGRESS:
      if (r->tty)
        {
          g_autofree char *text = NULL;
          double f = berth_workflow_event_get_fraction (e);
          const char *t = berth_workflow_event_get_progress_text (e);

          if (f >= 0 && t)
            text = g_strdup_printf ("%s (%d%%)", t, (int) (f * 100));
          else if (f >= 0)
            text = g_strdup_printf ("%d%%", (int) (f * 100));
          else
            text = g_strdup (t);
          draw_status_line (r, text);
        }
      break;

    case BERTH_WORKFLOW_EVENT_STEP_FINISHED:
      {
        BerthStepStatus st = berth_workflow_event_get_status (e);
        const char *msg = berth_workflow_event_get_message (e);
        const char *hint = berth_workflow_event_get_hint (e);
        double secs = berth_workflow_event_get_elapsed_us (e) / 1e6;

        clear_status_line (r);
        if (r->tty)
          fprintf (r->out, "  %s%s\033[0m [%d/%d] %s \033[2m(%.1f s)\033[0m",
                   status_colour (st), berth_cli_status_mark (st),
                   berth_workflow_event_get_index (e) + 1, berth_workflow_event_get_count (e),
                   berth_workflow_event_get_title (e), secs);
        else
          fprintf (r->out, "  %s [%d/%d] %s: %s (%.1f s)",
                   berth_cli_status_mark (st),
                   berth_workflow_event_get_index (e) + 1, berth_workflow_event_get_count (e),
                   berth_workflow_event_get_title (e), status_word (st), secs);
        if (msg)
          fprintf (r->out, " — %s", msg);
        fputc ('\n', r->out);
        if (hint)
          fprintf (r->out, "      %s %s\n", _("Look at:"), hint);
        g_clear_pointer (&r->current_title, g_free);
      }
      break;

    case BERTH_WORKFLOW_EVENT_WORKFLOW_FINISHED:
      {
        GPtrArray *results = berth_workflow_event_get_results (e);
        BerthStepStatus st = berth_workflow_event_get_status (e);

        clear_status_line (r);
        for (guint i = 0; i < results->len; i++)
          {
            BerthStepResult *res = g_ptr_array_index (results, i);

            if (res->status == BERTH_STEP_STATUS_NOT_RUN)
              fprintf (r->out, "  %s [%u/%u] %s: %s\n", berth_cli_status_mark (res->status),
                       i + 1, results->len, res->title, status_word (res->status));
          }
        fputc ('\n', r->out);
        if (r->tty)
          fprintf (r->out, "%s%s\033[0m %s\n", status_colour (st), berth_cli_status_mark (st),
                   berth_workflow_event_get_summary (e));
        else
          fprintf (r->out, "%s %s\n", berth_cli_status_mark (st), berth_workflow_event_get_summary (e));
      }
      break;

    default:
      break;
    }
  fflush (r->out);
}

static void
on_event (BerthWorkflow      *wf,
          BerthWorkflowEvent *e,
          gpointer            user_data)
{
  Render *r = user_data;

  if (r->json)
    {
      g_autofree char *line = NULL;

      /* The --json stream is the five event kinds only. */
      if (berth_workflow_event_get_kind (e) == BERTH_WORKFLOW_EVENT_WORKFLOW_STARTED)
        return;
      line = berth_workflow_event_to_json (e);
      fprintf (r->out, "%s\n", line);
      fflush (r->out);
      return;
    }
  render_text (r, e);
}

static gboolean
on_sigint (gpointer user_data)
{
  Render *r = user_data;

  if (++r->sigint_count > 1)
    {
      g_printerr ("\n%s\n", _("Interrupted again: exiting without waiting for the current step."));
      exit (130);
    }
  clear_status_line (r);
  g_printerr ("%s\n", _("Cancelling… (press Ctrl-C again to exit at once)"));
  g_cancellable_cancel (r->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Render *r = user_data;
  g_autoptr(GError) error = NULL;

  if (berth_workflow_run_finish (BERTH_WORKFLOW (object), result, &error))
    r->exit_code = BERTH_CLI_EXIT_OK;
  else if (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNREACHABLE) ||
           g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PERMISSION_DENIED))
    r->exit_code = BERTH_CLI_EXIT_UNREACHABLE;
  else
    r->exit_code = BERTH_CLI_EXIT_FAILED;
  g_main_loop_quit (r->loop);
}

int
berth_cli_run_workflow (BerthWorkflow *wf,
                        gboolean       json,
                        FILE          *out)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  Render r = { 0 };
  gulong handler;
  guint sig;

  g_main_context_push_thread_default (context);
  r.loop = g_main_loop_new (context, FALSE);
  r.cancellable = g_cancellable_new ();
  r.out = out;
  r.json = json;
  r.tty = !json && isatty (fileno (out)) && g_getenv ("NO_COLOR") == NULL;
  r.exit_code = BERTH_CLI_EXIT_FAILED;

  {
    /* g_unix_signal_add attaches to the global default context. */
    GSource *source = g_unix_signal_source_new (SIGINT);

    g_source_set_callback (source, on_sigint, &r, NULL);
    sig = g_source_attach (source, context);
    g_source_unref (source);
  }

  handler = g_signal_connect (wf, "event", G_CALLBACK (on_event), &r);
  berth_workflow_run_async (wf, r.cancellable, on_done, &r);
  g_main_loop_run (r.loop);
  g_signal_handler_disconnect (wf, handler);

  {
    GSource *source = g_main_context_find_source_by_id (context, sig);
    if (source)
      g_source_destroy (source);
  }
  g_main_context_pop_thread_default (context);
  g_main_loop_unref (r.loop);
  g_object_unref (r.cancellable);
  g_free (r.current_title);
  return r.exit_code;
}
