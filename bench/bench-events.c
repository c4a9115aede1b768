/* bench-events.c: event latency of the core's BerthServiceList.
 *
 *   berth-bench-events HOST PROJECT KILLS
 *
 * Follows PROJECT (already up) with a headless BerthServiceList, kills
 * KILLS of its running containers in random order from a worker thread
 * (POST /containers/{id}/kill, 50-250 ms apart), and for each "die" event
 * measures the time from the engine's timeNano to the moment the model row
 * was updated (the list's "event" signal, emitted after the row changed).
 * The references, measured in the same run: a plain GET /events reader in
 * its own thread, timeNano to the moment the raw event was parsed, and to
 * the end of one GET /containers/{id}/json that it then makes (the work the
 * model must do at least before its row can change).
 *
 * Prints one JSON object on stdout: {"model_ms": [...], "raw_ms": [...], "raw_inspect_ms": [...],
 * "kills": N, "missing": M}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "berth-engine.h"
#include "berth-engine-events.h"
#include "berth-service-list.h"

typedef struct
{
  const char   *host;
  char         *project;
  GPtrArray    *ids;          /* containers to kill, in order */
  GArray       *model_ms;     /* double */
  GArray       *raw_ms;       /* double, filled from the raw thread */
  GArray       *inspect_ms;   /* double: raw event, then one inspect */
  BerthEngine  *raw_engine;
  GMutex        lock;
  GHashTable   *killed;       /* id -> NULL: die events we wait for */
  guint         seen;
  GMainLoop    *loop;
  GCancellable *cancellable;
  gboolean      reconciled;
} Bench;

static double
ms_since (gint64 time_nano)
{
  return (g_get_real_time () * 1000.0 - (double) time_nano) / 1e6;
}

static gboolean
on_raw_event (BerthEngineEvent *event,
              gpointer          user_data)
{
  Bench *b = user_data;
  double ms = ms_since (event->time_nano);

  if (g_strcmp0 (event->action, "die") == 0)
    {
      g_autofree char *path = g_strdup_printf ("/containers/%s/json", event->actor_id);
      g_autoptr(JsonNode) inspect = NULL;
      double inspected;

      /* The floor for the model: it too inspects the container an event
       * names before it updates the row. */
      inspect = berth_engine_request_sync (b->raw_engine, "GET", path, NULL, NULL, NULL, NULL);
      inspected = ms_since (event->time_nano);
      g_mutex_lock (&b->lock);
      g_array_append_val (b->raw_ms, ms);
      if (inspect != NULL)
        g_array_append_val (b->inspect_ms, inspected);
      g_mutex_unlock (&b->lock);
    }
  return TRUE;
}

static gpointer
raw_thread (gpointer data)
{
  Bench *b = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthEngine) engine = berth_engine_new (b->host, &error);
  g_autofree char *label = g_strdup_printf ("label=com.docker.compose.project=%s", b->project);
  const char *filters[] = { "type=container", label, NULL };

  b->raw_engine = engine;
  if (engine == NULL ||
      !berth_engine_events_sync (engine, filters, NULL, on_raw_event, b, b->cancellable, &error))
    {
      if (!g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED))
        g_printerr ("berth-bench-events: raw event stream: %s\n", error->message);
    }
  return NULL;
}

static gpointer
kill_thread (gpointer data)
{
  Bench *b = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthEngine) engine = berth_engine_new (b->host, &error);

  if (engine == NULL)
    {
      g_printerr ("berth-bench-events: %s\n", error->message);
      return NULL;
    }
  for (guint i = 0; i < b->ids->len; i++)
    {
      const char *id = g_ptr_array_index (b->ids, i);
      g_autofree char *path = g_strdup_printf ("/containers/%s/kill", id);
      g_autoptr(JsonNode) answer = NULL;

      g_usleep (g_random_int_range (50, 251) * 1000);
      g_mutex_lock (&b->lock);
      g_hash_table_add (b->killed, g_strdup (id));
      g_mutex_unlock (&b->lock);
      answer = berth_engine_request_sync (engine, "POST", path, NULL, NULL, NULL, &error);
      if (answer == NULL)
        {
          g_printerr ("berth-bench-events: kill %s: %s\n", id, error->message);
          g_clear_error (&error);
        }
    }
  return NULL;
}

static void
on_model_event (BerthServiceList *list,
                BerthEngineEvent *event,
                gpointer          user_data)
{
  Bench *b = user_data;
  double ms = ms_since (event->time_nano);
  gboolean ours;

  if (g_strcmp0 (event->action, "die") != 0)
    return;
  g_mutex_lock (&b->lock);
  ours = g_hash_table_remove (b->killed, event->actor_id);
  g_mutex_unlock (&b->lock);
  if (!ours)
    return;
  g_array_append_val (b->model_ms, ms);
  if (++b->seen == b->ids->len)
    g_main_loop_quit (b->loop);
}

static void
on_reconciled (BerthServiceList *list,
               gpointer          user_data)
{
  Bench *b = user_data;

  if (!b->reconciled)
    {
      b->reconciled = TRUE;
      g_main_loop_quit (b->loop);
    }
}

static gboolean
on_timeout (gpointer user_data)
{
  Bench *b = user_data;

  g_printerr ("berth-bench-events: timed out\n");
  g_main_loop_quit (b->loop);
  return G_SOURCE_REMOVE;
}

static void
print_array (const char *name, GArray *a, gboolean last)
{
  printf ("\"%s\": [", name);
  for (guint i = 0; i < a->len; i++)
    printf ("%s%.3f", i ? ", " : "", g_array_index (a, double, i));
  printf ("]%s", last ? "" : ", ");
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(BerthServiceList) list = NULL;
  Bench b = { 0 };
  GThread *raw, *killer;
  guint kills, timeout_id;

  if (argc != 4)
    {
      g_printerr ("usage: berth-bench-events HOST PROJECT KILLS\n");
      return 2;
    }
  b.host = argv[1];
  b.project = argv[2];
  kills = (guint) atoi (argv[3]);
  b.ids = g_ptr_array_new_with_free_func (g_free);
  b.model_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.inspect_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.killed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b.loop = g_main_loop_new (NULL, FALSE);
  b.cancellable = g_cancellable_new ();
  g_mutex_init (&b.lock);

  engine = berth_engine_new (b.host, &error);
  if (engine == NULL)
    {
      g_printerr ("berth-bench-events: %s\n", error->message);
      return 3;
    }
  list = berth_service_list_new (engine, b.project, NULL);
  g_signal_connect (list, "reconciled", G_CALLBACK (on_reconciled), &b);
  g_signal_connect (list, "event", G_CALLBACK (on_model_event), &b);
  berth_service_list_start (list);
  timeout_id = g_timeout_add_seconds (120, on_timeout, &b);
  g_main_loop_run (b.loop);
  g_source_remove (timeout_id);
  if (!b.reconciled)
    return 1;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(BerthServiceStatus) row = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (berth_service_status_get_state (row) == BERTH_SERVICE_STATE_RUNNING)
        g_ptr_array_add (b.ids, g_strdup (berth_service_status_get_container_id (row)));
    }
  /* Fisher-Yates: kill in random order. */
  for (guint i = b.ids->len; i > 1; i--)
    {
      guint j = g_random_int_range (0, i);
      gpointer t = b.ids->pdata[i - 1];
      b.ids->pdata[i - 1] = b.ids->pdata[j];
      b.ids->pdata[j] = t;
    }
  if (b.ids->len > kills)
    g_ptr_array_set_size (b.ids, kills);
  if (b.ids->len == 0)
    {
      g_printerr ("berth-bench-events: no running container in project %s\n", b.project);
      return 1;
    }

  raw = g_thread_new ("raw-events", raw_thread, &b);
  /* Let the raw stream connect before the first kill. */
  g_usleep (500 * 1000);
  killer = g_thread_new ("killer", kill_thread, &b);
  timeout_id = g_timeout_add_seconds (60 + b.ids->len, on_timeout, &b);
  g_main_loop_run (b.loop);
  g_source_remove (timeout_id);
  g_thread_join (killer);
  /* The raw reader may still be parsing the last die event. */
  g_usleep (300 * 1000);
  g_cancellable_cancel (b.cancellable);
  g_thread_join (raw);
  berth_service_list_stop (list);

  printf ("{");
  print_array ("model_ms", b.model_ms, FALSE);
  g_mutex_lock (&b.lock);
  print_array ("raw_ms", b.raw_ms, FALSE);
  print_array ("raw_inspect_ms", b.inspect_ms, FALSE);
  g_mutex_unlock (&b.lock);
  printf ("\"kills\": %u, \"missing\": %u}\n", b.ids->len, b.ids->len - b.seen);

  g_array_unref (b.model_ms);
  g_array_unref (b.raw_ms);
  g_array_unref (b.inspect_ms);
  g_hash_table_unref (b.killed);
  g_ptr_array_unref (b.ids);
  g_main_loop_unref (b.loop);
  g_object_unref (b.cancellable);
  g_mutex_clear (&b.lock);
  return b.seen == b.ids->len ? 0 : 1;
}
