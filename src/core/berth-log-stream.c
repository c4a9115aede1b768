/* berth-log-stream.c: merged, followed, resumable logs for a log view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-engine-events.h"
#include "berth-event-stream.h"
#include "berth-log-stream.h"

#define DEFAULT_TAIL        "1000"
#define DEFAULT_MAX_PENDING 10000
/* Lines handed over per idle dispatch: small enough that a frame is never
 * held up for long, large enough that a big tail arrives quickly. */
#define BATCH_LINES         2000
#define DELIVERY_INTERVAL_US 4000
/* Several containers (re)starting together make one resume. */
#define RESUME_DELAY_MS     250

/* --- lines --------------------------------------------------------------- */

void
berth_log_line_free (BerthLogLine *line)
{
  if (line == NULL)
    return;
  g_free (line->service);
  g_free (line->container);
  g_free (line->timestamp);
  g_free (line->text);
  g_free (line);
}

/* Per thread: each log worker parses its own stream. */
static __thread char last_whole[48];
static __thread gint64 last_seconds;

gboolean
berth_log_parse_timestamp (const char *timestamp,
                           gint64     *nanoseconds)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *whole = NULL;
  const char *dot, *p;
  gint64 frac = 0;
  guint digits = 0;

  if (timestamp == NULL || strlen (timestamp) < 20 || timestamp[4] != '-' || timestamp[10] != 'T')
    return FALSE;

  /* GDateTime keeps microseconds only: the seconds come from it and the
   * (up to nine) fraction digits are read by hand. */
  dot = strchr (timestamp, '.');
  if (dot != NULL)
    {
      for (p = dot + 1; g_ascii_isdigit (*p); p++)
        {
          if (digits < 9)
            {
              frac = frac * 10 + (*p - '0');
              digits++;
            }
        }
      if (p == dot + 1)
        return FALSE;
      for (; digits < 9; digits++)
        frac *= 10;
      whole = g_strdup_printf ("%.*s%s", (int) (dot - timestamp), timestamp, p);
    }
  else
    whole = g_strdup (timestamp);

  /* A log's lines come many to a second: parse each second once. */
  if (strcmp (whole, last_whole) == 0)
    {
      *nanoseconds = last_seconds * G_GINT64_CONSTANT (1000000000) + frac;
      return TRUE;
    }
  dt = g_date_time_new_from_iso8601 (whole, NULL);
  if (dt == NULL)
    return FALSE;
  last_seconds = g_date_time_to_unix (dt);
  if (strlen (whole) < sizeof last_whole)
    strcpy (last_whole, whole);
  else
    last_whole[0] = '\0';
  *nanoseconds = last_seconds * G_GINT64_CONSTANT (1000000000) + frac;
  return TRUE;
}

/* --- state shared with the worker threads ---------------------------------- */

typedef struct
{
  gatomicrefcount  ref_count;
  GMutex           lock;
  GMainContext    *context;
  GWeakRef         stream;
  guint            generation;      /* runs of an older generation are ignored */
  GQueue           lines;           /* BerthLogLine, not delivered yet */
  guint            skipped;
  guint            max_pending;
  GHashTable      *last_seen;       /* container name -> gint64 * (ns) */
  GSource         *idle;
  gint64           last_delivery;   /* monotonic µs of the last drain */
  gboolean         ended;           /* a run ended; tell after its lines */
  GError          *ended_error;
} Shared;

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref_count);
  return shared;
}

static void
shared_unref (Shared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref_count))
    return;
  g_queue_clear_full (&shared->lines, (GDestroyNotify) berth_log_line_free);
  g_hash_table_unref (shared->last_seen);
  g_clear_error (&shared->ended_error);
  g_weak_ref_clear (&shared->stream);
  g_main_context_unref (shared->context);
  g_mutex_clear (&shared->lock);
  g_free (shared);
}

typedef struct
{
  Shared              *shared;
  guint                generation;
  BerthEngine         *engine;
  BerthComposeProject *project;
  BerthComposeOptions *options;
  GHashTable          *seen_before;  /* container -> gint64 *: drop lines up to this */
  GCancellable        *cancellable;
} Run;

static void
run_free (Run *run)
{
  shared_unref (run->shared);
  g_object_unref (run->engine);
  g_object_unref (run->project);
  berth_compose_options_free (run->options);
  g_hash_table_unref (run->seen_before);
  g_object_unref (run->cancellable);
  g_free (run);
}

struct _BerthLogStream
{
  GObject              parent_instance;

  BerthEngine         *engine;
  BerthComposeProject *project;
  GStrv                services;     /* NULL: all */

  gboolean             follow;
  char                *tail;

  Shared              *shared;
  GCancellable        *cancellable;  /* of the current run */
  gboolean             active;       /* started and not stopped */
  BerthEventStream    *events;
  guint                resume_id;
};

G_DEFINE_FINAL_TYPE (BerthLogStream, berth_log_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FOLLOW,
  PROP_FOLLOWING,
  PROP_TAIL,
  PROP_MAX_PENDING,
  N_PROPS
};

enum { SIGNAL_LINES, SIGNAL_SKIPPED, SIGNAL_ENDED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* --- delivery (main context) ------------------------------------------------ */

static void schedule_delivery_locked (Shared *shared);

static gboolean
deliver_cb (gpointer data)
{
  Shared *shared = data;
  g_autoptr(BerthLogStream) self = g_weak_ref_get (&shared->stream);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_log_line_free);
  g_autoptr(GError) ended_error = NULL;
  gboolean ended = FALSE;
  guint skipped;
  gboolean more;

  g_mutex_lock (&shared->lock);
  skipped = shared->skipped;
  shared->skipped = 0;
  while (batch->len < BATCH_LINES && !g_queue_is_empty (&shared->lines))
    g_ptr_array_add (batch, g_queue_pop_head (&shared->lines));
  more = !g_queue_is_empty (&shared->lines);
  if (!more && shared->ended)
    {
      ended = TRUE;
      shared->ended = FALSE;
      ended_error = g_steal_pointer (&shared->ended_error);
    }
  /* This source is done; a backlog goes on at the next iteration. */
  g_clear_pointer (&shared->idle, g_source_unref);
  if (more)
    schedule_delivery_locked (shared);
  else
    shared->last_delivery = g_get_monotonic_time ();
  g_mutex_unlock (&shared->lock);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (skipped > 0)
    g_signal_emit (self, signals[SIGNAL_SKIPPED], 0, skipped);
  if (batch->len > 0)
    g_signal_emit (self, signals[SIGNAL_LINES], 0, batch);
  if (ended)
    g_signal_emit (self, signals[SIGNAL_ENDED], 0, ended_error);

  return G_SOURCE_REMOVE;
}

/* Called with shared->lock held. */
static void
schedule_delivery_locked (Shared *shared)
{
  gint64 since;

  if (shared->idle != NULL)
    return;
  /* A line right after a drain waits for the next delivery slot: a fast
   * writer would otherwise wake the main thread once per line. */
  since = g_get_monotonic_time () - shared->last_delivery;
  if (since < DELIVERY_INTERVAL_US)
    shared->idle = g_timeout_source_new ((DELIVERY_INTERVAL_US - since + 999) / 1000);
  else
    shared->idle = g_idle_source_new ();
  /* Below GTK's redraw priority: the view keeps painting during a flood. */
  g_source_set_priority (shared->idle, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (shared->idle, deliver_cb, shared_ref (shared), (GDestroyNotify) shared_unref);
  g_source_set_static_name (shared->idle, "[berth] log delivery");
  g_source_attach (shared->idle, shared->context);
}

/* --- the worker thread --------------------------------------------------------- */

static void
on_line (const char            *service,
         const char            *container,
         BerthComposeLogStream  stream,
         const char            *text,
         gpointer               user_data)
{
  Run *run = user_data;
  Shared *shared = run->shared;
  g_autofree char *timestamp = NULL;
  const char *space = strchr (text, ' ');
  gint64 ns = 0;
  gboolean have_ns = FALSE;
  gint64 *before, *last;
  BerthLogLine *line;

  /* Timestamps are always asked for: "<RFC 3339 nano> <text>". */
  if (space != NULL)
    {
      timestamp = g_strndup (text, space - text);
      have_ns = berth_log_parse_timestamp (timestamp, &ns);
      if (have_ns)
        text = space + 1;
      else
        g_clear_pointer (&timestamp, g_free);
    }

  /* Resuming asks for everything since the oldest of the containers' last
   * lines: what a container already delivered comes again, and goes. */
  before = have_ns ? g_hash_table_lookup (run->seen_before, container) : NULL;
  if (before != NULL && ns <= *before)
    return;

  g_mutex_lock (&shared->lock);
  if (run->generation != shared->generation)
    {
      g_mutex_unlock (&shared->lock);
      return;
    }

  if (have_ns)
    {
      last = g_hash_table_lookup (shared->last_seen, container);
      if (last == NULL)
        {
          last = g_new (gint64, 1);
          g_hash_table_insert (shared->last_seen, g_strdup (container), last);
        }
      *last = MAX (*last, ns);
    }

  line = g_new0 (BerthLogLine, 1);
  line->service = g_strdup (service);
  line->container = g_strdup (container);
  line->stream = stream;
  line->timestamp = g_steal_pointer (&timestamp);
  line->text = g_strdup (text);
  g_queue_push_tail (&shared->lines, line);
  while (shared->lines.length > shared->max_pending)
    {
      berth_log_line_free (g_queue_pop_head (&shared->lines));
      shared->skipped++;
    }
  schedule_delivery_locked (shared);
  g_mutex_unlock (&shared->lock);
}

static gpointer
run_thread (gpointer data)
{
  Run *run = data;
  Shared *shared = run->shared;
  g_autoptr(GError) error = NULL;

  berth_compose_logs_sync (run->project, run->engine, run->options, on_line, run, run->cancellable, &error);

  g_mutex_lock (&shared->lock);
  if (run->generation == shared->generation && !g_cancellable_is_cancelled (run->cancellable))
    {
      shared->ended = TRUE;
      g_clear_error (&shared->ended_error);
      shared->ended_error = g_steal_pointer (&error);
      schedule_delivery_locked (shared);
    }
  g_mutex_unlock (&shared->lock);

  run_free (run);
  return NULL;
}

/* --- runs ------------------------------------------------------------------------ */

static void
cancel_run (BerthLogStream *self)
{
  g_mutex_lock (&self->shared->lock);
  self->shared->generation++;
  self->shared->ended = FALSE;
  g_clear_error (&self->shared->ended_error);
  g_mutex_unlock (&self->shared->lock);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

static void
on_event (BerthEventStream *events,
          BerthEngineEvent *event,
          BerthLogStream   *self);
static void
on_reconnected (BerthEventStream *events,
                BerthLogStream   *self);

static void
ensure_events (BerthLogStream *self)
{
  g_autofree char *label = NULL;
  const char *filters[3];

  if (self->events != NULL)
    return;

  label = g_strdup_printf ("label=com.docker.compose.project=%s", berth_compose_project_get_name (self->project));
  filters[0] = "type=container";
  filters[1] = label;
  filters[2] = NULL;
  self->events = berth_event_stream_new (self->engine, filters);
  g_signal_connect (self->events, "event", G_CALLBACK (on_event), self);
  g_signal_connect (self->events, "reconnected", G_CALLBACK (on_reconnected), self);
  berth_event_stream_start (self->events);
}

static void
stop_events (BerthLogStream *self)
{
  g_clear_handle_id (&self->resume_id, g_source_remove);
  if (self->events != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->events, self);
      berth_event_stream_stop (self->events);
      g_clear_object (&self->events);
    }
}

static void
begin_run (BerthLogStream *self,
           gboolean        resume)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  Run *run;
  GHashTableIter iter;
  gpointer key, value;
  gint64 oldest = G_MAXINT64;
  gboolean was_following = berth_log_stream_get_following (self);

  cancel_run (self);
  g_clear_handle_id (&self->resume_id, g_source_remove);

  run = g_new0 (Run, 1);
  run->shared = shared_ref (self->shared);
  run->engine = g_object_ref (self->engine);
  run->project = g_object_ref (self->project);
  run->cancellable = g_cancellable_new ();
  self->cancellable = g_object_ref (run->cancellable);
  run->seen_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  run->options = berth_compose_options_new ();
  run->options->services = g_strdupv (self->services);
  run->options->follow = self->follow;
  run->options->timestamps = TRUE;

  g_mutex_lock (&self->shared->lock);
  if (self->shared->context != context)
    {
      g_main_context_unref (self->shared->context);
      self->shared->context = g_main_context_ref (context);
    }
  if (!resume)
    {
      /* From scratch: what the last run queued belongs to the old view. */
      g_hash_table_remove_all (self->shared->last_seen);
      g_queue_clear_full (&self->shared->lines, (GDestroyNotify) berth_log_line_free);
      g_queue_init (&self->shared->lines);
      self->shared->skipped = 0;
    }
  g_hash_table_iter_init (&iter, self->shared->last_seen);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 *copy = g_memdup2 (value, sizeof (gint64));

      oldest = MIN (oldest, *copy);
      g_hash_table_insert (run->seen_before, g_strdup (key), copy);
    }
  run->generation = self->shared->generation;
  g_mutex_unlock (&self->shared->lock);

  if (oldest != G_MAXINT64)
    {
      run->options->since = g_strdup_printf ("%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT,
                                             oldest / 1000000000, oldest % 1000000000);
      run->options->tail = g_strdup ("all");
    }
  else
    run->options->tail = g_strdup (self->tail);

  self->active = TRUE;
  if (self->follow)
    ensure_events (self);
  else
    stop_events (self);

  g_thread_unref (g_thread_new ("berth-log-stream", run_thread, run));

  if (was_following != berth_log_stream_get_following (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

static gboolean
resume_cb (gpointer data)
{
  BerthLogStream *self = data;

  self->resume_id = 0;
  if (self->active && self->follow)
    begin_run (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
queue_resume (BerthLogStream *self)
{
  if (self->resume_id != 0)
    return;
  self->resume_id = g_timeout_add (RESUME_DELAY_MS, resume_cb, self);
}

static gboolean
wants_service (BerthLogStream *self,
               const char     *service)
{
  if (self->services == NULL)
    return TRUE;
  return service != NULL && g_strv_contains ((const char * const *) self->services, service);
}

static void
on_event (BerthEventStream *events,
          BerthEngineEvent *event,
          BerthLogStream   *self)
{
  const char *service = berth_engine_event_get_attribute (event, "com.docker.compose.service");
  const char *oneoff = berth_engine_event_get_attribute (event, "com.docker.compose.oneoff");

  if (g_strcmp0 (event->action, "start") != 0 || !wants_service (self, service))
    return;
  if (g_strcmp0 (oneoff, "True") == 0)
    return;
  queue_resume (self);
}

static void
on_reconnected (BerthEventStream *events,
                BerthLogStream   *self)
{
  /* The engine is back: its containers may have restarted meanwhile. */
  queue_resume (self);
}

/* --- public ---------------------------------------------------------------------- */

BerthLogStream *
berth_log_stream_new (BerthEngine         *engine,
                      BerthComposeProject *project,
                      const char * const  *services)
{
  BerthLogStream *self;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (BERTH_IS_COMPOSE_PROJECT (project), NULL);

  self = g_object_new (BERTH_TYPE_LOG_STREAM, NULL);
  self->engine = g_object_ref (engine);
  self->project = g_object_ref (project);
  self->services = services && services[0] ? g_strdupv ((char **) services) : NULL;
  return self;
}

void
berth_log_stream_start (BerthLogStream *self)
{
  g_return_if_fail (BERTH_IS_LOG_STREAM (self));

  begin_run (self, FALSE);
}

void
berth_log_stream_resume (BerthLogStream *self)
{
  g_return_if_fail (BERTH_IS_LOG_STREAM (self));

  begin_run (self, TRUE);
}

void
berth_log_stream_stop (BerthLogStream *self)
{
  gboolean was_following;

  g_return_if_fail (BERTH_IS_LOG_STREAM (self));

  was_following = berth_log_stream_get_following (self);
  cancel_run (self);
  stop_events (self);
  self->active = FALSE;
  /* Lines read but not delivered yet still are: they count as seen, so a
   * resume would not bring them again. */

  if (was_following)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

gboolean
berth_log_stream_get_following (BerthLogStream *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_STREAM (self), FALSE);

  return self->active && self->follow;
}

void
berth_log_stream_set_follow (BerthLogStream *self,
                             gboolean        follow)
{
  g_return_if_fail (BERTH_IS_LOG_STREAM (self));

  follow = !!follow;
  if (self->follow == follow)
    return;
  self->follow = follow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW]);
}

gboolean
berth_log_stream_get_follow (BerthLogStream *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_STREAM (self), FALSE);

  return self->follow;
}

void
berth_log_stream_set_tail (BerthLogStream *self,
                           const char     *tail)
{
  g_return_if_fail (BERTH_IS_LOG_STREAM (self));

  if (tail == NULL || *tail == '\0')
    tail = "all";
  if (g_strcmp0 (self->tail, tail) == 0)
    return;
  g_free (self->tail);
  self->tail = g_strdup (tail);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAIL]);
}

const char *
berth_log_stream_get_tail (BerthLogStream *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_STREAM (self), NULL);

  return self->tail;
}

void
berth_log_stream_set_max_pending (BerthLogStream *self,
                                  guint           lines)
{
  g_return_if_fail (BERTH_IS_LOG_STREAM (self));

  lines = MAX (lines, 1);
  g_mutex_lock (&self->shared->lock);
  if (self->shared->max_pending == lines)
    {
      g_mutex_unlock (&self->shared->lock);
      return;
    }
  self->shared->max_pending = lines;
  g_mutex_unlock (&self->shared->lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_PENDING]);
}

guint
berth_log_stream_get_max_pending (BerthLogStream *self)
{
  guint value;

  g_return_val_if_fail (BERTH_IS_LOG_STREAM (self), 0);

  g_mutex_lock (&self->shared->lock);
  value = self->shared->max_pending;
  g_mutex_unlock (&self->shared->lock);
  return value;
}

/* --- GObject ------------------------------------------------------------------ */

static void
berth_log_stream_dispose (GObject *object)
{
  BerthLogStream *self = BERTH_LOG_STREAM (object);

  cancel_run (self);
  stop_events (self);
  self->active = FALSE;

  G_OBJECT_CLASS (berth_log_stream_parent_class)->dispose (object);
}

static void
berth_log_stream_finalize (GObject *object)
{
  BerthLogStream *self = BERTH_LOG_STREAM (object);

  g_clear_object (&self->engine);
  g_clear_object (&self->project);
  g_strfreev (self->services);
  g_free (self->tail);
  shared_unref (self->shared);

  G_OBJECT_CLASS (berth_log_stream_parent_class)->finalize (object);
}

static void
berth_log_stream_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BerthLogStream *self = BERTH_LOG_STREAM (object);

  switch (prop_id)
    {
    case PROP_FOLLOW:
      g_value_set_boolean (value, self->follow);
      break;
    case PROP_FOLLOWING:
      g_value_set_boolean (value, berth_log_stream_get_following (self));
      break;
    case PROP_TAIL:
      g_value_set_string (value, self->tail);
      break;
    case PROP_MAX_PENDING:
      g_value_set_uint (value, berth_log_stream_get_max_pending (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_log_stream_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BerthLogStream *self = BERTH_LOG_STREAM (object);

  switch (prop_id)
    {
    case PROP_FOLLOW:
      berth_log_stream_set_follow (self, g_value_get_boolean (value));
      break;
    case PROP_TAIL:
      berth_log_stream_set_tail (self, g_value_get_string (value));
      break;
    case PROP_MAX_PENDING:
      berth_log_stream_set_max_pending (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_log_stream_class_init (BerthLogStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = berth_log_stream_dispose;
  object_class->finalize = berth_log_stream_finalize;
  object_class->get_property = berth_log_stream_get_property;
  object_class->set_property = berth_log_stream_set_property;

  properties[PROP_FOLLOW] =
    g_param_spec_boolean ("follow", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TAIL] =
    g_param_spec_string ("tail", NULL, NULL, DEFAULT_TAIL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_PENDING] =
    g_param_spec_uint ("max-pending", NULL, NULL, 1, G_MAXUINT, DEFAULT_MAX_PENDING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LINES] =
    g_signal_new ("lines", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
  signals[SIGNAL_SKIPPED] =
    g_signal_new ("skipped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
berth_log_stream_init (BerthLogStream *self)
{
  self->follow = TRUE;
  self->tail = g_strdup (DEFAULT_TAIL);

  self->shared = g_new0 (Shared, 1);
  g_atomic_ref_count_init (&self->shared->ref_count);
  g_mutex_init (&self->shared->lock);
  self->shared->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&self->shared->stream, self);
  g_queue_init (&self->shared->lines);
  self->shared->max_pending = DEFAULT_MAX_PENDING;
  self->shared->last_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
