/* berth-compose-progress.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-compose-progress.h"

G_DEFINE_BOXED_TYPE (BerthComposeProgress, berth_compose_progress,
                     berth_compose_progress_copy, berth_compose_progress_free)

BerthComposeProgress *
berth_compose_progress_copy (const BerthComposeProgress *progress)
{
  BerthComposeProgress *copy = g_new0 (BerthComposeProgress, 1);

  *copy = *progress;
  copy->service = g_strdup (progress->service);
  copy->resource = g_strdup (progress->resource);
  copy->message = g_strdup (progress->message);
  return copy;
}

void
berth_compose_progress_free (BerthComposeProgress *progress)
{
  if (progress == NULL)
    return;
  g_free (progress->service);
  g_free (progress->resource);
  g_free (progress->message);
  g_free (progress);
}

const char *
berth_compose_operation_to_string (BerthComposeOperation operation)
{
  static const char * const names[] = {
    "ps", "build", "pull", "up", "down", "start", "stop", "restart", "logs", "exec", "events",
  };

  g_return_val_if_fail (operation < G_N_ELEMENTS (names), "");
  return names[operation];
}

const char *
berth_compose_step_to_string (BerthComposeStep step)
{
  static const char * const names[] = {
    "none", "network", "volume", "pull", "build", "create", "recreate", "start", "wait",
    "stop", "remove", "restart",
  };

  g_return_val_if_fail (step < G_N_ELEMENTS (names), "");
  return names[step];
}

const char *
berth_compose_phase_to_string (BerthComposePhase phase)
{
  static const char * const names[] = {
    "begin", "progress", "output", "done", "skipped", "warning", "failed", "summary",
  };

  g_return_val_if_fail (phase < G_N_ELEMENTS (names), "");
  return names[phase];
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

JsonNode *
berth_compose_progress_to_json (const BerthComposeProgress *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "operation", berth_compose_operation_to_string (p->operation));
  add_string (b, "step", berth_compose_step_to_string (p->step));
  add_string (b, "phase", berth_compose_phase_to_string (p->phase));
  add_string (b, "service", p->service);
  add_string (b, "resource", p->resource);
  add_string (b, "message", p->message);
  json_builder_set_member_name (b, "current");
  if (p->current >= 0)
    json_builder_add_int_value (b, p->current);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "total");
  if (p->total >= 0)
    json_builder_add_int_value (b, p->total);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "bytes");
  json_builder_add_boolean_value (b, p->bytes);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The verb docker compose prints for a step in a phase. */
static const char *
step_verb (BerthComposeOperation operation,
           BerthComposeStep      step,
           BerthComposePhase     phase)
{
  gboolean done = phase == BERTH_COMPOSE_PHASE_DONE;

  switch (step)
    {
    case BERTH_COMPOSE_STEP_NETWORK:
    case BERTH_COMPOSE_STEP_VOLUME:
      if (operation == BERTH_COMPOSE_OPERATION_DOWN)
        return done ? _("Removed") : _("Removing");
      return done ? _("Created") : _("Creating");
    case BERTH_COMPOSE_STEP_CREATE:
      return done ? _("Created") : _("Creating");
    case BERTH_COMPOSE_STEP_PULL: return done ? _("Pulled") : _("Pulling");
    case BERTH_COMPOSE_STEP_BUILD: return done ? _("Built") : _("Building");
    case BERTH_COMPOSE_STEP_RECREATE: return done ? _("Recreated") : _("Recreating");
    case BERTH_COMPOSE_STEP_START: return done ? _("Started") : _("Starting");
    case BERTH_COMPOSE_STEP_WAIT: return done ? _("Ready") : _("Waiting");
    case BERTH_COMPOSE_STEP_STOP: return done ? _("Stopped") : _("Stopping");
    case BERTH_COMPOSE_STEP_REMOVE: return done ? _("Removed") : _("Removing");
    case BERTH_COMPOSE_STEP_RESTART: return done ? _("Restarted") : _("Restarting");
    case BERTH_COMPOSE_STEP_NONE:
    default:
      return "";
    }
}

char *
berth_compose_progress_format (const BerthComposeProgress *p)
{
  GString *s = g_string_new (NULL);
  const char *verb = step_verb (p->operation, p->step, p->phase);

  /* A service's container put back on a network it had lost (up). */
  if (p->step == BERTH_COMPOSE_STEP_NETWORK && p->service != NULL && p->operation == BERTH_COMPOSE_OPERATION_UP)
    verb = p->phase == BERTH_COMPOSE_PHASE_DONE ? _("Reconnected to network") : _("Reconnecting to network");

  if (p->phase == BERTH_COMPOSE_PHASE_SUMMARY)
    {
      g_string_append (s, p->message ? p->message : "");
      return g_string_free (s, FALSE);
    }

  /* Who: the service, else the network or volume ("Network demo_default"). */
  if (p->service != NULL)
    g_string_append_printf (s, "%-12s ", p->service);
  else if (p->step == BERTH_COMPOSE_STEP_NETWORK && p->resource)
    g_string_append_printf (s, _("Network %s  "), p->resource);
  else if (p->step == BERTH_COMPOSE_STEP_VOLUME && p->resource)
    g_string_append_printf (s, _("Volume %s  "), p->resource);
  else if (p->resource != NULL)
    g_string_append_printf (s, "%s  ", p->resource);

  switch (p->phase)
    {
    case BERTH_COMPOSE_PHASE_OUTPUT:
      g_string_append (s, p->message ? p->message : "");
      break;
    case BERTH_COMPOSE_PHASE_WARNING:
      g_string_append_printf (s, _("Warning: %s"), p->message ? p->message : "");
      break;
    case BERTH_COMPOSE_PHASE_FAILED:
      g_string_append_printf (s, "%s %s", _("Error:"), p->message ? p->message : "");
      break;
    case BERTH_COMPOSE_PHASE_SKIPPED:
      g_string_append (s, p->message ? p->message : _("Up to date"));
      break;
    case BERTH_COMPOSE_PHASE_PROGRESS:
      g_string_append (s, verb);
      if (p->bytes && p->total > 0)
        {
          g_autofree char *cur = g_format_size (p->current);
          g_autofree char *tot = g_format_size (p->total);
          g_string_append_printf (s, " %s/%s", cur, tot);
        }
      else if (p->total > 0)
        g_string_append_printf (s, " %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, p->current, p->total);
      if (p->message)
        g_string_append_printf (s, " %s", p->message);
      break;
    case BERTH_COMPOSE_PHASE_BEGIN:
    case BERTH_COMPOSE_PHASE_DONE:
    default:
      /* A wait says what it waits for; other steps name their container. */
      if (p->step == BERTH_COMPOSE_STEP_WAIT && p->message)
        {
          g_string_append (s, p->message);
          break;
        }
      g_string_append (s, verb);
      if (p->service != NULL && p->resource != NULL)
        g_string_append_printf (s, " %s", p->resource);
      if (p->message)
        g_string_append_printf (s, "%s%s", *verb ? " " : "", p->message);
      break;
    }

  return g_string_free (s, FALSE);
}
