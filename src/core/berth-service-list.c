/* berth-service-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <poll.h>
#include <string.h>

#include "berth-compose-labels.h"
#include "berth-compose-ops-private.h"
#include "berth-engine-events.h"
#include "berth-service-list-private.h"
#include "berth-service-status-private.h"

/* What the stream thread shares with the model.  The thread never touches
 * the model itself: it posts results to the model's main context, where
 * the weak reference tells whether the model still exists. */
typedef struct
{
  GWeakRef      model;
  BerthEngine  *engine;
  char         *project;
  GMainContext *context;
  GCancellable *cancellable;  /* the thread's life */
  GCancellable *round;        /* one list + stream round; reconcile cancels it */
  GMutex        lock;
  GCond         cond;
  gboolean      reconcile_requested;
  GThreadPool  *inspector;    /* one thread: inspects in event order */
} Shared;

struct _BerthServiceList
{
  GObject    parent_instance;

  BerthEngine *engine;
  char       *project;
  GStrv       services;       /* model services, display order */
  GPtrArray  *rows;           /* BerthServiceStatus */
  gboolean    connected;
  char       *error;

  Shared     *shared;
  GThread    *thread;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BerthServiceList, berth_service_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PROJECT_NAME,
  PROP_CONNECTED,
  PROP_ERROR,
  N_PROPS
};

enum {
  SIGNAL_RECONCILED,
  SIGNAL_EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Actions after which a container's state may differ.  exec_* (every
 * healthcheck run) and attach/resize noise are left out on purpose. */
static const char * const refresh_actions[] = {
  "create", "start", "restart", "die", "kill", "stop", "pause", "unpause",
  "destroy", "oom", "rename", "health_status", "update",
  NULL
};

static Shared *
shared_ref (Shared *shared)
{
  return g_atomic_rc_box_acquire (shared);
}

static void
shared_clear (Shared *shared)
{
  g_weak_ref_clear (&shared->model);
  g_clear_object (&shared->engine);
  g_free (shared->project);
  g_main_context_unref (shared->context);
  g_clear_object (&shared->cancellable);
  g_clear_object (&shared->round);
  g_mutex_clear (&shared->lock);
  g_cond_clear (&shared->cond);
}

static void
shared_unref (Shared *shared)
{
  g_atomic_rc_box_release_full (shared, (GDestroyNotify) shared_clear);
}

/* --- GListModel -------------------------------------------------------- */

static GType
list_get_item_type (GListModel *model)
{
  return BERTH_TYPE_SERVICE_STATUS;
}

static guint
list_get_n_items (GListModel *model)
{
  return BERTH_SERVICE_LIST (model)->rows->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  BerthServiceList *self = BERTH_SERVICE_LIST (model);

  if (position >= self->rows->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* --- rows -------------------------------------------------------------- */

static int
service_rank (BerthServiceList *self,
              const char       *service)
{
  if (self->services != NULL && service != NULL)
    for (guint i = 0; self->services[i]; i++)
      if (g_str_equal (self->services[i], service))
        return (int) i;
  return G_MAXINT;
}

static gboolean
is_model_service (BerthServiceList *self,
                  const char       *service)
{
  return service_rank (self, service) != G_MAXINT;
}

/* Model services first in model order, then other services of the project
 * (orphans) by name; within a service by container number. */
static int
compare_keys (BerthServiceList *self,
              const char       *service_a,
              guint             number_a,
              const char       *service_b,
              guint             number_b)
{
  int ra = service_rank (self, service_a);
  int rb = service_rank (self, service_b);
  int c;

  if (ra != rb)
    return ra < rb ? -1 : 1;
  if ((c = g_strcmp0 (service_a, service_b)) != 0)
    return c;
  if (number_a != number_b)
    return number_a < number_b ? -1 : 1;
  return 0;
}

static gboolean
find_row (BerthServiceList *self,
          const char       *service,
          guint             number,
          guint            *position)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      BerthServiceStatus *row = g_ptr_array_index (self->rows, i);
      int c = compare_keys (self, berth_service_status_get_service (row),
                            berth_service_status_get_number (row), service, number);

      if (c == 0)
        {
          *position = i;
          return TRUE;
        }
      if (c > 0)
        {
          *position = i;
          return FALSE;
        }
    }
  *position = self->rows->len;
  return FALSE;
}

static guint
count_service_rows (BerthServiceList *self,
                    const char       *service)
{
  guint n = 0;

  for (guint i = 0; i < self->rows->len; i++)
    if (g_strcmp0 (berth_service_status_get_service (g_ptr_array_index (self->rows, i)), service) == 0)
      n++;
  return n;
}

static void
insert_row (BerthServiceList   *self,
            BerthServiceStatus *row,
            guint               position)
{
  g_ptr_array_insert (self->rows, position, row);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

static void
remove_row (BerthServiceList *self,
            guint             position)
{
  g_ptr_array_remove_index (self->rows, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/* A "not created" row for each model service left without any row. */
static void
ensure_placeholders (BerthServiceList *self)
{
  if (self->services == NULL)
    return;
  for (guint i = 0; self->services[i]; i++)
    {
      guint position;

      if (count_service_rows (self, self->services[i]) > 0)
        continue;
      find_row (self, self->services[i], 1, &position);
      insert_row (self, berth_service_status_new (self->services[i]), position);
    }
}

static void
container_gone (BerthServiceList *self,
                const char       *id,
                const char       *service,
                guint             number)
{
  guint position;
  BerthServiceStatus *row;

  if (!find_row (self, service, number, &position))
    return;
  row = g_ptr_array_index (self->rows, position);
  /* During a recreation the old container goes after its successor came:
   * only the container the row shows can empty it. */
  if (id != NULL && g_strcmp0 (berth_service_status_get_container_id (row), id) != 0)
    return;

  if (is_model_service (self, service) && count_service_rows (self, service) == 1)
    berth_service_status_clear (row);
  else
    remove_row (self, position);
}

static void
container_seen (BerthServiceList *self,
                JsonObject       *inspect)
{
  const char *service = berth_compose_container_label (inspect, BERTH_COMPOSE_LABEL_SERVICE);
  const char *number_s = berth_compose_container_label (inspect, BERTH_COMPOSE_LABEL_CONTAINER_NUMBER);
  const char *oneoff = berth_compose_container_label (inspect, BERTH_COMPOSE_LABEL_ONEOFF);
  guint number = number_s ? (guint) g_ascii_strtoull (number_s, NULL, 10) : 1;
  g_autoptr(BerthServiceStatus) probe = NULL;
  BerthServiceStatus *row;
  guint position;

  if (service == NULL || g_strcmp0 (oneoff, "True") == 0)
    return;
  if (number == 0)
    number = 1;

  if (find_row (self, service, number, &position))
    {
      row = g_ptr_array_index (self->rows, position);
      if (berth_service_status_get_container_id (row) != NULL &&
          g_strcmp0 (berth_service_status_get_container_id (row),
                     json_object_get_string_member_with_default (inspect, "Id", NULL)) != 0)
        {
          /* Two containers for one slot (a recreation in flight): the
           * newer one wins. */
          probe = berth_service_status_new (service);
          berth_service_status_update_from_inspect (probe, inspect);
          if (berth_service_status_get_created_us (probe) < berth_service_status_get_created_us (row))
            return;
        }
      berth_service_status_update_from_inspect (row, inspect);
      return;
    }

  /* A first container numbered above 1 replaces the service's
   * placeholder rather than standing beside it. */
  if (is_model_service (self, service) && count_service_rows (self, service) == 1)
    {
      guint p;

      if (find_row (self, service, 1, &p))
        {
          row = g_ptr_array_index (self->rows, p);
          if (berth_service_status_get_state (row) == BERTH_SERVICE_STATE_NOT_CREATED)
            remove_row (self, p);
        }
    }

  row = berth_service_status_new (service);
  berth_service_status_update_from_inspect (row, inspect);
  find_row (self, service, number, &position);
  insert_row (self, row, position);
}

void
berth_service_list_apply_container (BerthServiceList *self,
                                    const char       *id,
                                    const char       *service,
                                    guint             number,
                                    JsonObject       *inspect)
{
  g_return_if_fail (BERTH_IS_SERVICE_LIST (self));

  if (inspect != NULL)
    container_seen (self, inspect);
  else if (service != NULL)
    container_gone (self, id, service, number ? number : 1);
  ensure_placeholders (self);
}

gboolean
berth_service_list_apply_event (BerthServiceList       *self,
                                const BerthEngineEvent *event)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_LIST (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      BerthServiceStatus *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (berth_service_status_get_container_id (row), event->actor_id) == 0)
        return berth_service_status_update_from_event (row, event);
    }
  return FALSE;
}

void
berth_service_list_apply_snapshot (BerthServiceList *self,
                                   GPtrArray        *inspects)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (BERTH_IS_SERVICE_LIST (self));

  for (guint i = 0; i < inspects->len; i++)
    container_seen (self, g_ptr_array_index (inspects, i));

  for (guint i = 0; i < inspects->len; i++)
    {
      const char *id = json_object_get_string_member_with_default (g_ptr_array_index (inspects, i), "Id", NULL);
      if (id)
        g_hash_table_add (seen, (gpointer) id);
    }

  /* Whatever the listing did not show is gone. */
  for (guint i = self->rows->len; i > 0; i--)
    {
      BerthServiceStatus *row = g_ptr_array_index (self->rows, i - 1);
      const char *id = berth_service_status_get_container_id (row);

      if (id != NULL && !g_hash_table_contains (seen, id))
        container_gone (self, id, berth_service_status_get_service (row),
                        berth_service_status_get_number (row));
    }
  ensure_placeholders (self);
}

/* --- events ------------------------------------------------------------ */

gboolean
berth_service_list_parse_event (const BerthEngineEvent  *event,
                                char                   **id,
                                char                   **service,
                                guint                   *number)
{
  const char *number_s;
  gboolean wanted = FALSE;

  *id = NULL;
  *service = NULL;
  *number = 1;

  if (g_strcmp0 (event->type, "container") != 0 || event->action == NULL || event->actor_id == NULL)
    return FALSE;
  for (guint i = 0; refresh_actions[i]; i++)
    if (g_str_equal (event->action, refresh_actions[i]))
      wanted = TRUE;
  if (!wanted)
    return FALSE;
  if (g_strcmp0 (berth_engine_event_get_attribute (event, BERTH_COMPOSE_LABEL_ONEOFF), "True") == 0)
    return FALSE;
  if (berth_engine_event_get_attribute (event, BERTH_COMPOSE_LABEL_SERVICE) == NULL)
    return FALSE;

  number_s = berth_engine_event_get_attribute (event, BERTH_COMPOSE_LABEL_CONTAINER_NUMBER);
  if (number_s != NULL)
    *number = MAX (1, (guint) g_ascii_strtoull (number_s, NULL, 10));
  *service = g_strdup (berth_engine_event_get_attribute (event, BERTH_COMPOSE_LABEL_SERVICE));
  *id = g_strdup (event->actor_id);
  return TRUE;
}

char **
berth_service_list_event_filters (const char *project_name)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_strv_builder_add (b, "type=container");
  {
    g_autofree char *label = g_strconcat ("label=", BERTH_COMPOSE_LABEL_PROJECT, "=", project_name, NULL);
    g_strv_builder_add (b, label);
  }
  /* The engine matches "health_status" against "health_status: healthy"
   * by prefix; the other actions exactly. */
  for (guint i = 0; refresh_actions[i]; i++)
    {
      g_autofree char *ev = g_strconcat ("event=", refresh_actions[i], NULL);
      g_strv_builder_add (b, ev);
    }
  return g_strv_builder_end (b);
}

/* --- stream thread ----------------------------------------------------- */

typedef enum
{
  POST_SNAPSHOT,
  POST_EVENT,
  POST_CONTAINER,
  POST_CONNECTED,
} PostKind;

typedef struct
{
  Shared     *shared;
  PostKind    kind;
  GPtrArray  *inspects;    /* SNAPSHOT: JsonObject */
  char       *id;          /* CONTAINER */
  char       *service;
  guint       number;
  JsonObject *inspect;     /* nullable: gone */
  BerthEngineEvent *event;
  gboolean   *signalled;   /* EVENT, CONTAINER: rc box, main thread only */
  gboolean    connected;   /* CONNECTED */
  char       *error;
} Post;

static void
post_free (Post *post)
{
  shared_unref (post->shared);
  g_clear_pointer (&post->inspects, g_ptr_array_unref);
  g_free (post->id);
  g_free (post->service);
  g_clear_pointer (&post->inspect, json_object_unref);
  g_clear_pointer (&post->event, berth_engine_event_free);
  g_clear_pointer (&post->signalled, g_atomic_rc_box_release);
  g_free (post->error);
  g_free (post);
}

static void
set_connected (BerthServiceList *self,
               gboolean          connected,
               const char       *error)
{
  if (self->connected != connected)
    {
      self->connected = connected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
    }
  if (g_strcmp0 (self->error, error) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
}

static gboolean
post_dispatch (gpointer data)
{
  Post *post = data;
  g_autoptr(BerthServiceList) self = g_weak_ref_get (&post->shared->model);

  if (self == NULL || g_cancellable_is_cancelled (post->shared->cancellable))
    return G_SOURCE_REMOVE;

  switch (post->kind)
    {
    case POST_SNAPSHOT:
      berth_service_list_apply_snapshot (self, post->inspects);
      set_connected (self, TRUE, NULL);
      g_signal_emit (self, signals[SIGNAL_RECONCILED], 0);
      break;
    case POST_EVENT:
      /* The row changes now from what the event says; the inspect that
       * follows fills in the rest without a second signal. */
      if (berth_service_list_apply_event (self, post->event))
        {
          *post->signalled = TRUE;
          g_signal_emit (self, signals[SIGNAL_EVENT], 0, post->event);
        }
      break;
    case POST_CONTAINER:
      berth_service_list_apply_container (self, post->id, post->service, post->number, post->inspect);
      if (!*post->signalled)
        g_signal_emit (self, signals[SIGNAL_EVENT], 0, post->event);
      break;
    case POST_CONNECTED:
    default:
      set_connected (self, post->connected, post->error);
      break;
    }
  return G_SOURCE_REMOVE;
}

static void
post (Shared *shared,
      Post   *p)
{
  if (p->shared == NULL)
    p->shared = shared_ref (shared);
  g_main_context_invoke_full (shared->context, G_PRIORITY_DEFAULT, post_dispatch, p,
                              (GDestroyNotify) post_free);
}

static JsonObject *
inspect_container (Shared       *shared,
                   const char   *id,
                   GCancellable *cancellable,
                   GError      **error)
{
  g_autofree char *path = g_strdup_printf ("/containers/%s/json", id);
  g_autoptr(JsonNode) node = NULL;

  node = berth_engine_request_sync (shared->engine, "GET", path, NULL, NULL, cancellable, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("The engine's answer about container %s is not an object"), id);
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

/* List the project's containers and inspect each: the reconcile. */
static gboolean
take_snapshot (Shared  *shared,
               GError **error)
{
  g_autoptr(GString) query = g_string_new ("all=1");
  g_autofree char *label = berth_compose_label_filter (BERTH_COMPOSE_LABEL_PROJECT, shared->project);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GPtrArray) inspects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  Post *p;

  berth_engine_query_add_filters (query, "label", label, NULL);
  list = berth_engine_request_sync (shared->engine, "GET", "/containers/json", query->str, NULL,
                                    shared->round, error);
  if (list == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("The engine's container list is not an array"));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonObject *item = json_array_get_object_element (json_node_get_array (list), i);
      const char *id = item ? json_object_get_string_member_with_default (item, "Id", NULL) : NULL;
      g_autoptr(GError) local_error = NULL;
      JsonObject *inspect;

      if (id == NULL)
        continue;
      inspect = inspect_container (shared, id, shared->round, &local_error);
      if (inspect != NULL)
        g_ptr_array_add (inspects, inspect);
      else if (!g_error_matches (local_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  p = g_new0 (Post, 1);
  p->kind = POST_SNAPSHOT;
  p->inspects = g_steal_pointer (&inspects);
  post (shared, p);
  return TRUE;
}

/* Runs on the inspector thread: the event reader goes on meanwhile, so a
 * slow inspect (a dying container is locked while the engine tears down
 * its network) does not delay the next event. */
static void
inspect_job (gpointer data,
             gpointer user_data)
{
  Post *p = data;
  Shared *shared = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) round = NULL;

  g_mutex_lock (&shared->lock);
  round = g_object_ref (shared->round);
  g_mutex_unlock (&shared->lock);
  p->inspect = inspect_container (shared, p->id, round, &error);
  if (p->inspect == NULL && !g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    {
      /* Cancelled or the engine went away: the next round lists again. */
      post_free (p);
      return;
    }
  post (shared, p);
}

static gboolean
on_event (BerthEngineEvent *event,
          gpointer          user_data)
{
  Shared *shared = user_data;
  g_autofree char *id = NULL;
  g_autofree char *service = NULL;
  guint number = 1;
  gboolean *signalled;
  Post *quick, *p;

  if (!berth_service_list_parse_event (event, &id, &service, &number))
    return TRUE;

  signalled = g_atomic_rc_box_new0 (gboolean);

  quick = g_new0 (Post, 1);
  quick->kind = POST_EVENT;
  quick->event = berth_engine_event_copy (event);
  quick->signalled = g_atomic_rc_box_acquire (signalled);
  post (shared, quick);

  p = g_new0 (Post, 1);
  p->kind = POST_CONTAINER;
  p->id = g_steal_pointer (&id);
  p->service = g_steal_pointer (&service);
  p->number = number;
  p->event = berth_engine_event_copy (event);
  p->signalled = signalled;
  p->shared = shared_ref (shared);
  g_thread_pool_push (shared->inspector, p, NULL);
  return !g_cancellable_is_cancelled (shared->round);
}

/* Waits up to `seconds` or until cancelled / a reconcile is requested. */
static void
backoff (Shared *shared,
         guint   seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  g_mutex_lock (&shared->lock);
  while (!shared->reconcile_requested && !g_cancellable_is_cancelled (shared->cancellable))
    if (!g_cond_wait_until (&shared->cond, &shared->lock, end))
      break;
  g_mutex_unlock (&shared->lock);
}

static gpointer
stream_thread (gpointer data)
{
  Shared *shared = data;
  guint delay = 1;

  shared->inspector = g_thread_pool_new_full (inspect_job, shared, (GDestroyNotify) post_free,
                                              1, FALSE, NULL);
  while (!g_cancellable_is_cancelled (shared->cancellable))
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) filters = berth_service_list_event_filters (shared->project);
      g_autofree char *since = NULL;
      Post *p;

      g_mutex_lock (&shared->lock);
      shared->reconcile_requested = FALSE;
      g_clear_object (&shared->round);
      shared->round = g_cancellable_new ();
      if (g_cancellable_is_cancelled (shared->cancellable))
        g_cancellable_cancel (shared->round);
      g_mutex_unlock (&shared->lock);

      /* Replaying a little history costs a few inspects; missing an event
       * between the listing and the stream would leave a stale row. */
      since = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC - 2);

      if (take_snapshot (shared, &error))
        {
          delay = 1;
          berth_engine_events_sync (shared->engine, (const char * const *) filters, since,
                                    on_event, shared, shared->round, &error);
        }

      if (g_cancellable_is_cancelled (shared->cancellable))
        break;

      g_mutex_lock (&shared->lock);
      if (shared->reconcile_requested)
        {
          g_mutex_unlock (&shared->lock);
          continue;
        }
      g_mutex_unlock (&shared->lock);

      p = g_new0 (Post, 1);
      p->kind = POST_CONNECTED;
      p->connected = FALSE;
      p->error = g_strdup (error ? error->message : _("The engine closed the event stream"));
      post (shared, p);

      /* Reconnect with a growing delay; the next round lists again. */
      backoff (shared, delay);
      delay = MIN (delay * 2, 30);
    }

  g_thread_pool_free (g_steal_pointer (&shared->inspector), TRUE, TRUE);
  shared_unref (shared);
  return NULL;
}

/* --- object ------------------------------------------------------------ */

void
berth_service_list_start (BerthServiceList *self)
{
  g_return_if_fail (BERTH_IS_SERVICE_LIST (self));

  if (self->thread != NULL)
    return;

  self->shared = g_atomic_rc_box_new0 (Shared);
  g_weak_ref_init (&self->shared->model, self);
  self->shared->engine = g_object_ref (self->engine);
  self->shared->project = g_strdup (self->project);
  self->shared->context = g_main_context_ref_thread_default ();
  self->shared->cancellable = g_cancellable_new ();
  g_mutex_init (&self->shared->lock);
  g_cond_init (&self->shared->cond);

  self->thread = g_thread_new ("berth-service-list", stream_thread, shared_ref (self->shared));
}

void
berth_service_list_stop (BerthServiceList *self)
{
  g_return_if_fail (BERTH_IS_SERVICE_LIST (self));

  if (self->thread == NULL)
    return;

  g_cancellable_cancel (self->shared->cancellable);
  g_mutex_lock (&self->shared->lock);
  if (self->shared->round != NULL)
    g_cancellable_cancel (self->shared->round);
  g_cond_broadcast (&self->shared->cond);
  g_mutex_unlock (&self->shared->lock);
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_pointer (&self->shared, shared_unref);
  set_connected (self, FALSE, NULL);
}

void
berth_service_list_reconcile (BerthServiceList *self)
{
  g_return_if_fail (BERTH_IS_SERVICE_LIST (self));

  if (self->shared == NULL)
    return;
  g_mutex_lock (&self->shared->lock);
  self->shared->reconcile_requested = TRUE;
  if (self->shared->round != NULL)
    g_cancellable_cancel (self->shared->round);
  g_cond_broadcast (&self->shared->cond);
  g_mutex_unlock (&self->shared->lock);
}

const char *
berth_service_list_get_project_name (BerthServiceList *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_LIST (self), NULL);
  return self->project;
}

gboolean
berth_service_list_get_connected (BerthServiceList *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_LIST (self), FALSE);
  return self->connected;
}

const char *
berth_service_list_get_error (BerthServiceList *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_LIST (self), NULL);
  return self->error;
}

BerthServiceStatus *
berth_service_list_lookup (BerthServiceList *self,
                           const char       *service)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_LIST (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      BerthServiceStatus *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (berth_service_status_get_service (row), service) == 0)
        return row;
    }
  return NULL;
}

static void
berth_service_list_dispose (GObject *object)
{
  BerthServiceList *self = (BerthServiceList *) object;

  berth_service_list_stop (self);

  G_OBJECT_CLASS (berth_service_list_parent_class)->dispose (object);
}

static void
berth_service_list_finalize (GObject *object)
{
  BerthServiceList *self = (BerthServiceList *) object;

  g_clear_object (&self->engine);
  g_free (self->project);
  g_strfreev (self->services);
  g_ptr_array_unref (self->rows);
  g_free (self->error);

  G_OBJECT_CLASS (berth_service_list_parent_class)->finalize (object);
}

static void
berth_service_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BerthServiceList *self = BERTH_SERVICE_LIST (object);

  switch (prop_id)
    {
    case PROP_PROJECT_NAME: g_value_set_string (value, self->project); break;
    case PROP_CONNECTED: g_value_set_boolean (value, self->connected); break;
    case PROP_ERROR: g_value_set_string (value, self->error); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_service_list_class_init (BerthServiceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = berth_service_list_dispose;
  object_class->finalize = berth_service_list_finalize;
  object_class->get_property = berth_service_list_get_property;

  properties[PROP_PROJECT_NAME] = g_param_spec_string ("project-name", NULL, NULL, NULL, ro);
  properties[PROP_CONNECTED] = g_param_spec_boolean ("connected", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_RECONCILED] = g_signal_new ("reconciled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, BERTH_TYPE_ENGINE_EVENT);
}

static void
berth_service_list_init (BerthServiceList *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
}

BerthServiceList *
berth_service_list_new (BerthEngine        *engine,
                        const char         *project_name,
                        const char * const *services)
{
  BerthServiceList *self;

  g_return_val_if_fail (project_name != NULL, NULL);

  self = g_object_new (BERTH_TYPE_SERVICE_LIST, NULL);
  self->engine = engine ? g_object_ref (engine) : NULL;
  self->project = g_strdup (project_name);
  self->services = g_strdupv ((char **) services);
  ensure_placeholders (self);
  return self;
}

BerthServiceList *
berth_service_list_new_for_project (BerthEngine         *engine,
                                    BerthComposeProject *project)
{
  GPtrArray *services = berth_compose_project_get_services (project);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < services->len; i++)
    g_strv_builder_add (builder, berth_compose_service_get_name (g_ptr_array_index (services, i)));
  names = g_strv_builder_end (builder);
  return berth_service_list_new (engine, berth_compose_project_get_name (project),
                                 (const char * const *) names);
}
