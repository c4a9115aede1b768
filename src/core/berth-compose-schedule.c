/* berth-compose-schedule.c: runs per-service work in dependency order, in
 * parallel where the graph allows, and waits for dependency conditions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-compose-ops-private.h"
#include "berth-engine-events.h"

/* --- scheduler --------------------------------------------------------- */

typedef enum { NODE_PENDING, NODE_RUNNING, NODE_OK, NODE_FAILED } NodeState;

typedef struct _Sched Sched;

typedef struct
{
  Sched               *sched;
  BerthComposeService *service;
  GPtrArray           *prereqs;   /* Node * */
  NodeState            state;
} Node;

struct _Sched
{
  GMutex                   lock;
  GCond                    cond;
  GPtrArray               *nodes;
  guint                    running;
  BerthComposeServiceFunc  func;
  gpointer                 data;
  GCancellable            *cancellable;
  GError                  *error;
};

static void
sched_wake (GCancellable *cancellable,
            Sched        *sched)
{
  g_mutex_lock (&sched->lock);
  g_cond_broadcast (&sched->cond);
  g_mutex_unlock (&sched->lock);
}

static gpointer
node_thread (gpointer data)
{
  Node *node = data;
  Sched *sched = node->sched;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = sched->func (node->service, sched->data, sched->cancellable, &error);

  g_mutex_lock (&sched->lock);
  node->state = ok ? NODE_OK : NODE_FAILED;
  if (!ok)
    {
      /* Cancellation explains everything else that failed. */
      if (sched->error == NULL ||
          (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           !g_error_matches (sched->error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
        {
          g_clear_error (&sched->error);
          sched->error = g_steal_pointer (&error);
        }
    }
  sched->running--;
  g_cond_broadcast (&sched->cond);
  g_mutex_unlock (&sched->lock);
  return NULL;
}

static gboolean
depends_on (BerthComposeService *service,
            BerthComposeService *other)
{
  GPtrArray *deps = berth_compose_service_get_depends_on (service);

  for (guint i = 0; deps && i < deps->len; i++)
    {
      BerthComposeDependency *d = g_ptr_array_index (deps, i);

      if (g_strcmp0 (d->service, berth_compose_service_get_name (other)) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
berth_compose_schedule (BerthComposeProject     *project,
                        GPtrArray               *services,
                        gboolean                 reverse,
                        guint                    max_parallel,
                        BerthComposeServiceFunc  func,
                        gpointer                 data,
                        GCancellable            *cancellable,
                        GError                 **error)
{
  Sched sched = { 0 };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  gulong handler = 0;
  gboolean ok;

  g_mutex_init (&sched.lock);
  g_cond_init (&sched.cond);
  sched.nodes = g_ptr_array_new_with_free_func (g_free);
  sched.func = func;
  sched.data = data;
  sched.cancellable = cancellable;
  if (max_parallel == 0)
    max_parallel = G_MAXUINT;

  for (guint i = 0; i < services->len; i++)
    {
      Node *node = g_new0 (Node, 1);

      node->sched = &sched;
      node->service = g_ptr_array_index (services, i);
      g_ptr_array_add (sched.nodes, node);
    }
  for (guint i = 0; i < sched.nodes->len; i++)
    {
      Node *node = g_ptr_array_index (sched.nodes, i);

      node->prereqs = g_ptr_array_new ();
      for (guint j = 0; j < sched.nodes->len; j++)
        {
          Node *other = g_ptr_array_index (sched.nodes, j);

          if (other == node)
            continue;
          if (reverse ? depends_on (other->service, node->service) : depends_on (node->service, other->service))
            g_ptr_array_add (node->prereqs, other);
        }
    }

  if (cancellable)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (sched_wake), &sched, NULL);

  g_mutex_lock (&sched.lock);
  for (;;)
    {
      gboolean pending = FALSE;
      gboolean progressed = FALSE;
      gboolean cancelled = g_cancellable_is_cancelled (cancellable);

      for (guint i = 0; i < sched.nodes->len; i++)
        {
          Node *node = g_ptr_array_index (sched.nodes, i);
          gboolean ready = TRUE;
          gboolean blocked = FALSE;

          if (node->state != NODE_PENDING)
            continue;
          for (guint j = 0; j < node->prereqs->len; j++)
            {
              Node *pre = g_ptr_array_index (node->prereqs, j);

              if (pre->state == NODE_FAILED)
                blocked = TRUE;
              else if (pre->state != NODE_OK)
                ready = FALSE;
            }
          if (blocked || cancelled || (sched.error != NULL && ready))
            {
              /* Nothing new starts once something failed: the summary
               * lists it as not done. */
              node->state = NODE_FAILED;
              progressed = TRUE;
              continue;
            }
          pending = TRUE;
          if (ready && sched.running < max_parallel)
            {
              node->state = NODE_RUNNING;
              sched.running++;
              g_ptr_array_add (threads, g_thread_new ("berth-compose", node_thread, node));
              progressed = TRUE;
            }
        }
      if (!pending && sched.running == 0)
        break;
      if (!progressed)
        g_cond_wait (&sched.cond, &sched.lock);
    }
  g_mutex_unlock (&sched.lock);

  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  if (cancellable)
    g_cancellable_disconnect (cancellable, handler);

  ok = sched.error == NULL;
  if (!ok)
    g_propagate_error (error, sched.error);
  else if (g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;

  for (guint i = 0; i < sched.nodes->len; i++)
    g_ptr_array_unref (((Node *) g_ptr_array_index (sched.nodes, i))->prereqs);
  g_ptr_array_unref (sched.nodes);
  g_mutex_clear (&sched.lock);
  g_cond_clear (&sched.cond);
  return ok;
}

/* --- dependency conditions --------------------------------------------- */

typedef enum { COND_WAIT, COND_OK, COND_FAILED } CondResult;

static CondResult
check_condition (JsonObject             *inspect,
                 const char             *service,
                 BerthComposeCondition   condition,
                 GError                **error)
{
  JsonNode *state_node = json_object_get_member (inspect, "State");
  JsonObject *state = state_node && JSON_NODE_HOLDS_OBJECT (state_node) ? json_node_get_object (state_node) : NULL;
  const char *status = state ? json_object_get_string_member_with_default (state, "Status", "") : "";
  int exit_code = state ? (int) json_object_get_int_member_with_default (state, "ExitCode", 0) : 0;
  JsonNode *health_node = state ? json_object_get_member (state, "Health") : NULL;
  const char *health = NULL;

  if (health_node && JSON_NODE_HOLDS_OBJECT (health_node))
    health = json_object_get_string_member_with_default (json_node_get_object (health_node), "Status", NULL);

  switch (condition)
    {
    case BERTH_COMPOSE_CONDITION_COMPLETED_SUCCESSFULLY:
      if (g_str_equal (status, "exited") || g_str_equal (status, "dead"))
        {
          if (exit_code == 0)
            return COND_OK;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Dependency “%s” did not complete successfully: it exited with code %d"),
                       service, exit_code);
          return COND_FAILED;
        }
      return COND_WAIT;

    case BERTH_COMPOSE_CONDITION_HEALTHY:
      if (g_str_equal (status, "exited") || g_str_equal (status, "dead"))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Dependency “%s” exited with code %d before it became healthy"),
                       service, exit_code);
          return COND_FAILED;
        }
      if (health == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Dependency “%s” has no healthcheck, so “service_healthy” can never be met"),
                       service);
          return COND_FAILED;
        }
      if (g_str_equal (health, "healthy"))
        return COND_OK;
      if (g_str_equal (health, "unhealthy"))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Dependency “%s” is unhealthy"), service);
          return COND_FAILED;
        }
      return COND_WAIT;

    case BERTH_COMPOSE_CONDITION_STARTED:
    default:
      return COND_OK;
    }
}

static gboolean
stop_on_event (BerthEngineEvent *event,
               gpointer          user_data)
{
  gboolean *seen = user_data;

  *seen = TRUE;
  return FALSE;
}

gboolean
berth_compose_wait_condition (BerthEngine            *engine,
                              const char             *service,
                              const char             *container_id,
                              BerthComposeCondition   condition,
                              GCancellable           *cancellable,
                              GError                **error)
{
  g_autofree char *container_filter = g_strdup_printf ("container=%s", container_id);
  const char * const filters[] = {
    "type=container", container_filter,
    "event=health_status", "event=die", "event=destroy", "event=start", "event=oom",
    NULL
  };

  if (condition == BERTH_COMPOSE_CONDITION_STARTED)
    return TRUE;

  for (;;)
    {
      g_autoptr(JsonObject) inspect = NULL;
      g_autofree char *since = NULL;
      gint64 now = g_get_real_time ();
      gboolean seen = FALSE;
      CondResult result;

      /* Events from just before the inspect are replayed, so a change
       * between the inspect and the stream's start is not missed. */
      since = g_strdup_printf ("%" G_GINT64_FORMAT ".%06d", now / G_USEC_PER_SEC, (int) (now % G_USEC_PER_SEC));
      inspect = berth_compose_inspect (engine, "containers", container_id, cancellable, error);
      if (inspect == NULL)
        return FALSE;
      result = check_condition (inspect, service, condition, error);
      if (result == COND_OK)
        return TRUE;
      if (result == COND_FAILED)
        return FALSE;

      if (!berth_engine_events_sync (engine, filters, since, stop_on_event, &seen, cancellable, error))
        return FALSE;
      if (!seen)
        {
          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                       _("The engine closed its event stream while waiting for “%s”"), service);
          return FALSE;
        }
    }
}

