/* berth-workflow-event.c: step statuses, results and the typed events of a
 * workflow, with their JSON-lines shape.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-workflow-private.h"

/* ------------------------------------------------------------------ */
/* Status */

static const char * const status_names[] = {
  [BERTH_STEP_STATUS_NOT_RUN]   = "not-run",
  [BERTH_STEP_STATUS_RUNNING]   = "running",
  [BERTH_STEP_STATUS_OK]        = "ok",
  [BERTH_STEP_STATUS_CHANGED]   = "changed",
  [BERTH_STEP_STATUS_SKIPPED]   = "skipped",
  [BERTH_STEP_STATUS_WARNING]   = "warning",
  [BERTH_STEP_STATUS_FAILED]    = "failed",
  [BERTH_STEP_STATUS_CANCELLED] = "cancelled",
};

const char *
berth_step_status_to_string (BerthStepStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (status_names))
    return "unknown";
  return status_names[status];
}

gboolean
berth_step_status_from_string (const char      *str,
                               BerthStepStatus *status)
{
  for (guint i = 0; str && i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (str, status_names[i]))
      {
        *status = (BerthStepStatus) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
berth_step_status_is_success (BerthStepStatus status)
{
  return status == BERTH_STEP_STATUS_OK ||
         status == BERTH_STEP_STATUS_CHANGED ||
         status == BERTH_STEP_STATUS_SKIPPED ||
         status == BERTH_STEP_STATUS_WARNING;
}

BerthStepResult *
berth_step_result_new (const char *id, const char *title)
{
  BerthStepResult *r = g_new0 (BerthStepResult, 1);

  r->id = g_strdup (id);
  r->title = g_strdup (title);
  r->status = BERTH_STEP_STATUS_NOT_RUN;
  return r;
}

BerthStepResult *
berth_step_result_copy (const BerthStepResult *src)
{
  BerthStepResult *r = berth_step_result_new (src->id, src->title);

  r->status = src->status;
  r->elapsed_us = src->elapsed_us;
  r->message = g_strdup (src->message);
  return r;
}

void
berth_step_result_free (gpointer data)
{
  BerthStepResult *r = data;

  g_free (r->id);
  g_free (r->title);
  g_free (r->message);
  g_free (r);
}

/* ------------------------------------------------------------------ */
/* Events */


G_DEFINE_BOXED_TYPE (BerthWorkflowEvent, berth_workflow_event,
                     berth_workflow_event_ref, berth_workflow_event_unref)

BerthWorkflowEvent *
berth_workflow_event_new (BerthWorkflowEventKind kind)
{
  BerthWorkflowEvent *e = g_new0 (BerthWorkflowEvent, 1);

  g_atomic_ref_count_init (&e->ref);
  e->kind = kind;
  e->index = -1;
  e->fraction = -1;
  return e;
}

BerthWorkflowEvent *
berth_workflow_event_ref (BerthWorkflowEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);
  g_atomic_ref_count_inc (&event->ref);
  return event;
}

void
berth_workflow_event_unref (BerthWorkflowEvent *event)
{
  g_return_if_fail (event != NULL);
  if (!g_atomic_ref_count_dec (&event->ref))
    return;
  g_free (event->workflow);
  g_free (event->step);
  g_free (event->title);
  g_free (event->line);
  g_free (event->progress_text);
  g_free (event->message);
  g_free (event->hint);
  g_free (event->summary);
  g_clear_pointer (&event->results, g_ptr_array_unref);
  g_clear_pointer (&event->extra, json_node_unref);
  g_free (event);
}

BerthWorkflowEventKind berth_workflow_event_get_kind (const BerthWorkflowEvent *e) { return e->kind; }
const char *berth_workflow_event_get_workflow (const BerthWorkflowEvent *e) { return e->workflow; }
const char *berth_workflow_event_get_step (const BerthWorkflowEvent *e) { return e->step; }
const char *berth_workflow_event_get_title (const BerthWorkflowEvent *e) { return e->title; }
int berth_workflow_event_get_index (const BerthWorkflowEvent *e) { return e->index; }
int berth_workflow_event_get_count (const BerthWorkflowEvent *e) { return e->count; }
const char *berth_workflow_event_get_line (const BerthWorkflowEvent *e) { return e->line; }
BerthOutputStream berth_workflow_event_get_stream (const BerthWorkflowEvent *e) { return e->stream; }
double berth_workflow_event_get_fraction (const BerthWorkflowEvent *e) { return e->fraction; }
const char *berth_workflow_event_get_progress_text (const BerthWorkflowEvent *e) { return e->progress_text; }
BerthStepStatus berth_workflow_event_get_status (const BerthWorkflowEvent *e) { return e->status; }
gint64 berth_workflow_event_get_elapsed_us (const BerthWorkflowEvent *e) { return e->elapsed_us; }
const char *berth_workflow_event_get_message (const BerthWorkflowEvent *e) { return e->message; }
const char *berth_workflow_event_get_hint (const BerthWorkflowEvent *e) { return e->hint; }
const char *berth_workflow_event_get_summary (const BerthWorkflowEvent *e) { return e->summary; }
GPtrArray *berth_workflow_event_get_results (const BerthWorkflowEvent *e) { return e->results; }
JsonNode *berth_workflow_event_get_extra (const BerthWorkflowEvent *e) { return e->extra; }

static const char *
stream_name (BerthOutputStream stream)
{
  switch (stream)
    {
    case BERTH_OUTPUT_STDERR: return "stderr";
    case BERTH_OUTPUT_INFO:   return "info";
    case BERTH_OUTPUT_STDOUT:
    default:                  return "stdout";
    }
}

/* Integer milliseconds: precise enough, and doubles print as 0.79099999. */
static gint64
millis (gint64 us)
{
  return us / 1000;
}

static void
add_results (JsonBuilder *b, GPtrArray *results)
{
  json_builder_set_member_name (b, "steps");
  json_builder_begin_array (b);
  for (guint i = 0; results && i < results->len; i++)
    {
      BerthStepResult *r = g_ptr_array_index (results, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "step");
      json_builder_add_string_value (b, r->id);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, r->title);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, berth_step_status_to_string (r->status));
      json_builder_set_member_name (b, "elapsed_ms");
      json_builder_add_int_value (b, millis (r->elapsed_us));
      if (r->message)
        {
          json_builder_set_member_name (b, "message");
          json_builder_add_string_value (b, r->message);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
berth_workflow_event_to_json_node (const BerthWorkflowEvent *e)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *name = NULL;

  switch (e->kind)
    {
    case BERTH_WORKFLOW_EVENT_WORKFLOW_STARTED:  name = "started"; break;
    case BERTH_WORKFLOW_EVENT_STEP_STARTED:      name = "step-started"; break;
    case BERTH_WORKFLOW_EVENT_STEP_OUTPUT:       name = "step-output"; break;
    case BERTH_WORKFLOW_EVENT_STEP_PROGRESS:     name = "step-progress"; break;
    case BERTH_WORKFLOW_EVENT_STEP_FINISHED:     name = "step-finished"; break;
    case BERTH_WORKFLOW_EVENT_WORKFLOW_FINISHED: name = "finished"; break;
    default: g_assert_not_reached ();
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "event");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "workflow");
  json_builder_add_string_value (b, e->workflow);

  switch (e->kind)
    {
    case BERTH_WORKFLOW_EVENT_WORKFLOW_STARTED:
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, e->title);
      add_results (b, e->results);
      break;

    case BERTH_WORKFLOW_EVENT_STEP_STARTED:
      json_builder_set_member_name (b, "step");
      json_builder_add_string_value (b, e->step);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, e->title);
      json_builder_set_member_name (b, "index");
      json_builder_add_int_value (b, e->index + 1);
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, e->count);
      break;

    case BERTH_WORKFLOW_EVENT_STEP_OUTPUT:
      json_builder_set_member_name (b, "step");
      json_builder_add_string_value (b, e->step);
      json_builder_set_member_name (b, "stream");
      json_builder_add_string_value (b, stream_name (e->stream));
      json_builder_set_member_name (b, "line");
      json_builder_add_string_value (b, e->line);
      break;

    case BERTH_WORKFLOW_EVENT_STEP_PROGRESS:
      json_builder_set_member_name (b, "step");
      json_builder_add_string_value (b, e->step);
      json_builder_set_member_name (b, "fraction");
      if (e->fraction >= 0)
        json_builder_add_double_value (b, e->fraction);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, e->progress_text);
      break;

    case BERTH_WORKFLOW_EVENT_STEP_FINISHED:
      json_builder_set_member_name (b, "step");
      json_builder_add_string_value (b, e->step);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, berth_step_status_to_string (e->status));
      json_builder_set_member_name (b, "elapsed_ms");
      json_builder_add_int_value (b, millis (e->elapsed_us));
      if (e->message)
        {
          json_builder_set_member_name (b, "message");
          json_builder_add_string_value (b, e->message);
        }
      if (e->hint)
        {
          json_builder_set_member_name (b, "hint");
          json_builder_add_string_value (b, e->hint);
        }
      break;

    case BERTH_WORKFLOW_EVENT_WORKFLOW_FINISHED:
      json_builder_set_member_name (b, "step");
      json_builder_add_null_value (b);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, berth_step_status_to_string (e->status));
      json_builder_set_member_name (b, "elapsed_ms");
      json_builder_add_int_value (b, millis (e->elapsed_us));
      json_builder_set_member_name (b, "summary");
      json_builder_add_string_value (b, e->summary);
      add_results (b, e->results);
      if (e->extra && JSON_NODE_HOLDS_OBJECT (e->extra))
        {
          JsonObject *o = json_node_get_object (e->extra);
          g_autoptr(GList) members = json_object_get_members (o);

          for (GList *l = members; l; l = l->next)
            {
              json_builder_set_member_name (b, l->data);
              json_builder_add_value (b, json_node_copy (json_object_get_member (o, l->data)));
            }
        }
      break;

    default:
      g_assert_not_reached ();
    }

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
berth_workflow_event_to_json (const BerthWorkflowEvent *e)
{
  g_autoptr(JsonNode) node = berth_workflow_event_to_json_node (e);

  return json_to_string (node, FALSE);
}

