/* berth-compose-ops.c: what every compose operation shares: options, the
 * progress journal, service selection, engine helpers, the _async plumbing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-compose-ops-private.h"

/* --- options ----------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (BerthComposeOptions, berth_compose_options,
                     berth_compose_options_copy, berth_compose_options_free)

BerthComposeOptions *
berth_compose_options_new (void)
{
  BerthComposeOptions *o = g_new0 (BerthComposeOptions, 1);

  o->timeout = -1;
  return o;
}

BerthComposeOptions *
berth_compose_options_copy (const BerthComposeOptions *options)
{
  BerthComposeOptions *o = g_new0 (BerthComposeOptions, 1);

  if (options == NULL)
    {
      o->timeout = -1;
      return o;
    }
  *o = *options;
  o->services = g_strdupv (options->services);
  o->tail = g_strdup (options->tail);
  o->since = g_strdup (options->since);
  o->user = g_strdup (options->user);
  o->workdir = g_strdup (options->workdir);
  o->env = g_strdupv (options->env);
  return o;
}

void
berth_compose_options_free (BerthComposeOptions *options)
{
  if (options == NULL)
    return;
  g_strfreev (options->services);
  g_free (options->tail);
  g_free (options->since);
  g_free (options->user);
  g_free (options->workdir);
  g_strfreev (options->env);
  g_free (options);
}

/* --- reporter ---------------------------------------------------------- */

void
berth_compose_reporter_init (BerthComposeReporter     *r,
                             BerthComposeOperation     operation,
                             BerthComposeProgressFunc  func,
                             gpointer                  data)
{
  memset (r, 0, sizeof *r);
  r->operation = operation;
  r->func = func;
  r->data = data;
  g_mutex_init (&r->lock);
  r->planned = g_ptr_array_new_with_free_func (g_free);
  r->done = g_ptr_array_new_with_free_func (g_free);
}

void
berth_compose_reporter_clear (BerthComposeReporter *r)
{
  g_clear_pointer (&r->planned, g_ptr_array_unref);
  g_clear_pointer (&r->done, g_ptr_array_unref);
  g_mutex_clear (&r->lock);
}

static void
emit (BerthComposeReporter *r,
      BerthComposeProgress *p)
{
  p->operation = r->operation;
  if (r->func == NULL)
    return;
  /* One event at a time, whatever thread the service runs in. */
  g_mutex_lock (&r->lock);
  r->func (p, r->data);
  g_mutex_unlock (&r->lock);
}

void
berth_compose_report (BerthComposeReporter *r,
                      BerthComposeStep      step,
                      BerthComposePhase     phase,
                      const char           *service,
                      const char           *resource,
                      const char           *format,
                      ...)
{
  g_autofree char *message = NULL;
  BerthComposeProgress p = { 0 };

  if (format != NULL)
    {
      va_list args;

      va_start (args, format);
      message = g_strdup_vprintf (format, args);
      va_end (args);
    }
  p.step = step;
  p.phase = phase;
  p.service = (char *) service;
  p.resource = (char *) resource;
  p.message = message;
  p.current = -1;
  p.total = -1;
  emit (r, &p);
}

void
berth_compose_report_progress (BerthComposeReporter *r,
                               BerthComposeStep      step,
                               const char           *service,
                               const char           *resource,
                               gint64                current,
                               gint64                total,
                               gboolean              bytes,
                               const char           *message)
{
  BerthComposeProgress p = { 0 };

  p.step = step;
  p.phase = BERTH_COMPOSE_PHASE_PROGRESS;
  p.service = (char *) service;
  p.resource = (char *) resource;
  p.message = (char *) message;
  p.current = current;
  p.total = total;
  p.bytes = bytes;
  emit (r, &p);
}

static void
reporter_add (BerthComposeReporter *r,
              GPtrArray            *list,
              const char           *format,
              va_list               args)
{
  char *entry = g_strdup_vprintf (format, args);

  g_mutex_lock (&r->lock);
  g_ptr_array_add (list, entry);
  g_mutex_unlock (&r->lock);
}

void
berth_compose_reporter_plan (BerthComposeReporter *r,
                             const char           *format,
                             ...)
{
  va_list args;

  va_start (args, format);
  reporter_add (r, r->planned, format, args);
  va_end (args);
}

void
berth_compose_reporter_done (BerthComposeReporter *r,
                             const char           *format,
                             ...)
{
  va_list args;

  va_start (args, format);
  reporter_add (r, r->done, format, args);
  va_end (args);
}

static gboolean
str_in (GPtrArray  *array,
        const char *s)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), s))
      return TRUE;
  return FALSE;
}

static void
append_list (GString   *s,
             GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (items, i));
}

char *
berth_compose_reporter_summary (BerthComposeReporter *r,
                                gboolean              ok)
{
  g_autoptr(GPtrArray) not_done = g_ptr_array_new ();
  GString *s = g_string_new (NULL);

  g_mutex_lock (&r->lock);
  for (guint i = 0; i < r->planned->len; i++)
    if (!str_in (r->done, g_ptr_array_index (r->planned, i)))
      g_ptr_array_add (not_done, g_ptr_array_index (r->planned, i));

  if (r->done->len > 0)
    {
      g_string_append (s, _("Done: "));
      append_list (s, r->done);
      g_string_append (s, ".");
    }
  else
    g_string_append (s, _("Nothing was changed."));
  if (!ok && not_done->len > 0)
    {
      g_string_append_c (s, ' ');
      g_string_append (s, _("Not done: "));
      append_list (s, not_done);
      g_string_append (s, ".");
    }
  g_mutex_unlock (&r->lock);
  return g_string_free (s, FALSE);
}

gboolean
berth_compose_reporter_finish (BerthComposeReporter  *r,
                               gboolean               ok,
                               GError               **error)
{
  g_autofree char *summary = berth_compose_reporter_summary (r, ok);

  if (!ok && error != NULL && *error != NULL)
    {
      GError *e = *error;
      g_autofree char *old = e->message;

      if (g_error_matches (e, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (e, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED))
        {
          /* One error domain for cancellation, whichever layer saw it. */
          e->domain = G_IO_ERROR;
          e->code = G_IO_ERROR_CANCELLED;
          e->message = g_strdup_printf (_("Cancelled. %s"), summary);
        }
      else
        e->message = g_strdup_printf ("%s\n%s", old, summary);
    }
  berth_compose_report (r, BERTH_COMPOSE_STEP_NONE, BERTH_COMPOSE_PHASE_SUMMARY, NULL, NULL,
                        "%s", summary);
  return ok;
}

/* --- selection --------------------------------------------------------- */

static void
add_with_deps (BerthComposeProject *project,
               BerthComposeService *service,
               GHashTable          *set)
{
  GPtrArray *deps;

  if (!g_hash_table_add (set, service))
    return;
  deps = berth_compose_service_get_depends_on (service);
  for (guint i = 0; deps && i < deps->len; i++)
    {
      BerthComposeDependency *d = g_ptr_array_index (deps, i);
      BerthComposeService *dep = berth_compose_project_get_service (project, d->service);

      if (dep != NULL)
        add_with_deps (project, dep, set);
    }
}

GPtrArray *
berth_compose_select_services (BerthComposeProject  *project,
                               const char * const   *names,
                               gboolean              with_deps,
                               gboolean              reverse,
                               GError              **error)
{
  g_autoptr(GHashTable) set = g_hash_table_new (NULL, NULL);
  GPtrArray *order = berth_compose_project_get_order (project);
  GPtrArray *ret = g_ptr_array_new_with_free_func (g_object_unref);

  if (names == NULL || names[0] == NULL)
    {
      for (guint i = 0; i < order->len; i++)
        g_hash_table_add (set, g_ptr_array_index (order, i));
    }
  else
    for (guint i = 0; names[i]; i++)
      {
        BerthComposeService *service = berth_compose_project_get_service (project, names[i]);

        if (service == NULL)
          {
            g_set_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_VALIDATION,
                         _("No such service: “%s”"), names[i]);
            g_ptr_array_unref (ret);
            return NULL;
          }
        if (with_deps)
          add_with_deps (project, service, set);
        else
          g_hash_table_add (set, service);
      }

  for (guint i = 0; i < order->len; i++)
    {
      guint k = reverse ? order->len - 1 - i : i;
      BerthComposeService *service = g_ptr_array_index (order, k);

      if (g_hash_table_contains (set, service))
        g_ptr_array_add (ret, g_object_ref (service));
    }
  return ret;
}

/* --- engine helpers ---------------------------------------------------- */

JsonObject *
berth_compose_inspect (BerthEngine   *engine,
                       const char    *kind,
                       const char    *name,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (g_str_equal (kind, "images"))
    path = g_strdup_printf ("/images/%s/json", escaped);
  else if (g_str_equal (kind, "containers"))
    path = g_strdup_printf ("/containers/%s/json", escaped);
  else
    path = g_strdup_printf ("/%s/%s", kind, escaped);

  node = berth_engine_request_sync (engine, "GET", path, NULL, NULL, cancellable, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("The engine's answer about “%s” is not an object"), name);
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

const char *
berth_compose_container_label (JsonObject *inspect,
                               const char *label)
{
  JsonNode *config = json_object_get_member (inspect, "Config");
  JsonNode *labels;

  if (config == NULL || !JSON_NODE_HOLDS_OBJECT (config))
    return NULL;
  labels = json_object_get_member (json_node_get_object (config), "Labels");
  if (labels == NULL || !JSON_NODE_HOLDS_OBJECT (labels))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (labels), label, NULL);
}

const char *
berth_compose_container_name_of (JsonObject *inspect)
{
  const char *name = json_object_get_string_member_with_default (inspect, "Name", "");

  return name[0] == '/' ? name + 1 : name;
}

static int
compare_container_number (gconstpointer a,
                          gconstpointer b)
{
  JsonObject *ia = *(JsonObject * const *) a;
  JsonObject *ib = *(JsonObject * const *) b;
  const char *na = berth_compose_container_label (ia, BERTH_COMPOSE_LABEL_CONTAINER_NUMBER);
  const char *nb = berth_compose_container_label (ib, BERTH_COMPOSE_LABEL_CONTAINER_NUMBER);
  guint64 a_n = na ? g_ascii_strtoull (na, NULL, 10) : 0;
  guint64 b_n = nb ? g_ascii_strtoull (nb, NULL, 10) : 0;

  return a_n < b_n ? -1 : a_n > b_n;
}

GPtrArray *
berth_compose_list_container_summaries (BerthEngine   *engine,
                                        const char    *project,
                                        const char    *service,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  g_autoptr(GString) query = g_string_new ("all=1");
  g_autofree char *project_label = berth_compose_label_filter (BERTH_COMPOSE_LABEL_PROJECT, project);
  g_autofree char *service_label = service ? berth_compose_label_filter (BERTH_COMPOSE_LABEL_SERVICE, service) : NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GPtrArray) ret = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *array;

  if (service_label)
    berth_engine_query_add_filters (query, "label", project_label, "label", service_label, NULL);
  else
    berth_engine_query_add_filters (query, "label", project_label, NULL);
  list = berth_engine_request_sync (engine, "GET", "/containers/json", query->str, NULL, cancellable, error);
  if (list == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("The engine's container list is not an array"));
      return NULL;
    }
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      JsonNode *labels = item ? json_object_get_member (item, "Labels") : NULL;
      const char *oneoff = NULL;

      if (item == NULL || json_object_get_string_member_with_default (item, "Id", NULL) == NULL)
        continue;
      if (labels != NULL && JSON_NODE_HOLDS_OBJECT (labels))
        oneoff = json_object_get_string_member_with_default (json_node_get_object (labels),
                                                             BERTH_COMPOSE_LABEL_ONEOFF, NULL);
      if (g_strcmp0 (oneoff, "True") == 0)
        continue;
      g_ptr_array_add (ret, json_object_ref (item));
    }
  return g_steal_pointer (&ret);
}

GPtrArray *
berth_compose_list_containers (BerthEngine   *engine,
                               const char    *project,
                               const char    *service,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GPtrArray) ret = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  summaries = berth_compose_list_container_summaries (engine, project, service, cancellable, error);
  if (summaries == NULL)
    return NULL;
  for (guint i = 0; i < summaries->len; i++)
    {
      const char *id = json_object_get_string_member (g_ptr_array_index (summaries, i), "Id");
      g_autoptr(GError) local_error = NULL;
      JsonObject *inspect;

      inspect = berth_compose_inspect (engine, "containers", id, cancellable, &local_error);
      if (inspect == NULL)
        {
          /* Removed between the list and the inspect: not there. */
          if (g_error_matches (local_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (g_strcmp0 (berth_compose_container_label (inspect, BERTH_COMPOSE_LABEL_ONEOFF), "True") == 0)
        {
          json_object_unref (inspect);
          continue;
        }
      g_ptr_array_add (ret, inspect);
    }
  g_ptr_array_sort (ret, compare_container_number);
  return g_steal_pointer (&ret);
}

int
berth_compose_stop_timeout (BerthComposeService       *service,
                            const BerthComposeOptions *options)
{
  gint64 grace;

  if (options != NULL && options->timeout >= 0)
    return options->timeout;
  grace = service ? berth_compose_service_get_stop_grace_period (service) : -1;
  if (grace >= 0)
    return (int) ((grace + G_GINT64_CONSTANT (999999999)) / G_GINT64_CONSTANT (1000000000));
  return 10;
}

gboolean
berth_compose_container_running (JsonObject *inspect)
{
  JsonNode *state = json_object_get_member (inspect, "State");

  if (state == NULL || !JSON_NODE_HOLDS_OBJECT (state))
    return FALSE;
  return json_object_get_boolean_member_with_default (json_node_get_object (state), "Running", FALSE);
}

gboolean
berth_compose_stop_container (BerthEngine           *engine,
                              BerthComposeReporter  *r,
                              const char            *service,
                              JsonObject            *inspect,
                              int                    timeout,
                              GCancellable          *cancellable,
                              GError               **error)
{
  const char *id = json_object_get_string_member (inspect, "Id");
  const char *name = berth_compose_container_name_of (inspect);
  g_autofree char *path = g_strdup_printf ("/containers/%s/stop", id);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *t = g_strdup_printf ("%d", timeout);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!berth_compose_container_running (inspect))
    return TRUE;

  berth_compose_report (r, BERTH_COMPOSE_STEP_STOP, BERTH_COMPOSE_PHASE_BEGIN, service, name, NULL);
  /* The container's own StopSignal (from stop_signal) is what the engine
   * sends first; t is the grace period before SIGKILL. */
  berth_engine_query_add (query, "t", t);
  answer = berth_engine_request_sync (engine, "POST", path, query->str, NULL, cancellable, &local_error);
  if (answer == NULL && !g_error_matches (local_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    {
      berth_compose_report (r, BERTH_COMPOSE_STEP_STOP, BERTH_COMPOSE_PHASE_FAILED, service, name,
                            "%s", local_error->message);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not stop %s (service %s): "), name, service);
      return FALSE;
    }
  berth_compose_report (r, BERTH_COMPOSE_STEP_STOP, BERTH_COMPOSE_PHASE_DONE, service, name, NULL);
  berth_compose_reporter_done (r, _("stopped %s"), name);
  return TRUE;
}

gboolean
berth_compose_remove_container (BerthEngine           *engine,
                                BerthComposeReporter  *r,
                                const char            *service,
                                JsonObject            *inspect,
                                gboolean               anonymous_volumes,
                                GCancellable          *cancellable,
                                GError               **error)
{
  const char *id = json_object_get_string_member (inspect, "Id");
  const char *name = berth_compose_container_name_of (inspect);
  g_autofree char *path = g_strdup_printf ("/containers/%s", id);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) local_error = NULL;

  berth_compose_report (r, BERTH_COMPOSE_STEP_REMOVE, BERTH_COMPOSE_PHASE_BEGIN, service, name, NULL);
  berth_engine_query_add (query, "v", anonymous_volumes ? "1" : "0");
  /* Stopped just before; force only covers a restart policy racing us. */
  berth_engine_query_add (query, "force", "1");
  answer = berth_engine_request_sync (engine, "DELETE", path, query->str, NULL, cancellable, &local_error);
  if (answer == NULL && !g_error_matches (local_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    {
      berth_compose_report (r, BERTH_COMPOSE_STEP_REMOVE, BERTH_COMPOSE_PHASE_FAILED, service, name,
                            "%s", local_error->message);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not remove %s (service %s): "), name, service);
      return FALSE;
    }
  berth_compose_report (r, BERTH_COMPOSE_STEP_REMOVE, BERTH_COMPOSE_PHASE_DONE, service, name, NULL);
  berth_compose_reporter_done (r, _("removed %s"), name);
  return TRUE;
}

gboolean
berth_compose_stop_and_remove_container (BerthEngine           *engine,
                                         BerthComposeReporter  *r,
                                         const char            *service,
                                         JsonObject            *inspect,
                                         int                    timeout,
                                         GCancellable          *cancellable,
                                         GError               **error)
{
  return berth_compose_stop_container (engine, r, service, inspect, timeout, cancellable, error) &&
         berth_compose_remove_container (engine, r, service, inspect, FALSE, cancellable, error);
}

/* --- async plumbing ---------------------------------------------------- */

typedef struct
{
  GMainContext             *context;
  BerthComposeProgressFunc  func;
  gpointer                  data;
  GDestroyNotify            destroy;
} Relay;

static void
relay_clear (Relay *relay)
{
  if (relay->destroy)
    relay->destroy (relay->data);
  g_main_context_unref (relay->context);
}

static void
relay_unref (Relay *relay)
{
  g_atomic_rc_box_release_full (relay, (GDestroyNotify) relay_clear);
}

typedef struct
{
  Relay                *relay;
  BerthComposeProgress *progress;
} RelayEvent;

static gboolean
relay_dispatch (gpointer data)
{
  RelayEvent *ev = data;

  ev->relay->func (ev->progress, ev->relay->data);
  return G_SOURCE_REMOVE;
}

static void
relay_event_free (RelayEvent *ev)
{
  berth_compose_progress_free (ev->progress);
  relay_unref (ev->relay);
  g_free (ev);
}

static void
relay_progress (const BerthComposeProgress *progress,
                gpointer                    user_data)
{
  Relay *relay = user_data;
  RelayEvent *ev = g_new0 (RelayEvent, 1);

  ev->relay = g_atomic_rc_box_acquire (relay);
  ev->progress = berth_compose_progress_copy (progress);
  g_main_context_invoke_full (relay->context, G_PRIORITY_DEFAULT, relay_dispatch, ev,
                              (GDestroyNotify) relay_event_free);
}

typedef struct
{
  BerthComposeOpFunc    func;
  BerthComposeProject  *project;
  BerthEngine          *engine;
  BerthComposeOptions  *options;
  Relay                *relay;
} AsyncOp;

static void
async_op_free (AsyncOp *op)
{
  g_clear_object (&op->project);
  g_clear_object (&op->engine);
  berth_compose_options_free (op->options);
  if (op->relay)
    relay_unref (op->relay);
  g_free (op);
}

static void
async_op_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  AsyncOp *op = task_data;
  GError *error = NULL;

  if (op->func (op->project, op->engine, op->options,
                op->relay ? relay_progress : NULL, op->relay, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
berth_compose_run_async (BerthComposeOpFunc         func,
                         gpointer                   source_tag,
                         BerthComposeProject       *project,
                         BerthEngine               *engine,
                         const BerthComposeOptions *options,
                         BerthComposeProgressFunc   progress,
                         gpointer                   progress_data,
                         GDestroyNotify             progress_destroy,
                         GCancellable              *cancellable,
                         GAsyncReadyCallback        callback,
                         gpointer                   user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  AsyncOp *op = g_new0 (AsyncOp, 1);

  g_task_set_source_tag (task, source_tag);
  op->func = func;
  op->project = g_object_ref (project);
  op->engine = g_object_ref (engine);
  op->options = berth_compose_options_copy (options);
  if (progress != NULL)
    {
      op->relay = g_atomic_rc_box_new0 (Relay);
      op->relay->context = g_main_context_ref_thread_default ();
      op->relay->func = progress;
      op->relay->data = progress_data;
      op->relay->destroy = progress_destroy;
    }
  else if (progress_destroy != NULL)
    progress_destroy (progress_data);
  g_task_set_task_data (task, op, (GDestroyNotify) async_op_free);
  /* The operation reports cancellation itself, with its summary: GTask
   * must not replace that error with its generic one. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, async_op_thread);
}

#define DEFINE_ASYNC(name) \
  void \
  berth_compose_##name##_async (BerthComposeProject       *project, \
                                BerthEngine               *engine, \
                                const BerthComposeOptions *options, \
                                BerthComposeProgressFunc   progress, \
                                gpointer                   progress_data, \
                                GDestroyNotify             progress_destroy, \
                                GCancellable              *cancellable, \
                                GAsyncReadyCallback        callback, \
                                gpointer                   user_data) \
  { \
    berth_compose_run_async (berth_compose_##name##_sync, berth_compose_##name##_async, \
                             project, engine, options, progress, progress_data, \
                             progress_destroy, cancellable, callback, user_data); \
  } \
  gboolean \
  berth_compose_##name##_finish (GAsyncResult  *result, \
                                 GError       **error) \
  { \
    g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE); \
    return g_task_propagate_boolean (G_TASK (result), error); \
  }

DEFINE_ASYNC (build)
DEFINE_ASYNC (pull)
DEFINE_ASYNC (up)
DEFINE_ASYNC (down)
DEFINE_ASYNC (start)
DEFINE_ASYNC (stop)
DEFINE_ASYNC (restart)

