/* test-service-list.c: BerthServiceList's bookkeeping and event parsing on
 * JSON captured from a real engine (no engine needed; the live behaviour is
 * tested in test-compose-ops).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "berth-compose-progress.h"
#include "berth-service-list-private.h"
#include "berth-test.h"

static JsonObject *
load_object (const char *name)
{
  g_autofree char *path = berth_test_source_path ("tests", "compose-ops", "fixtures", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

typedef struct
{
  guint added;
  guint removed;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->added += added;
  changes->removed += removed;
}

static BerthServiceStatus *
row (BerthServiceList *list,
     guint             i)
{
  BerthServiceStatus *s = g_list_model_get_item (G_LIST_MODEL (list), i);

  /* The list keeps its own reference. */
  g_object_unref (s);
  return s;
}

static void
test_rows (void)
{
  const char * const services[] = { "web", "db", NULL };
  g_autoptr(BerthServiceList) list = berth_service_list_new (NULL, "berth-fix", services);
  g_autoptr(JsonObject) web = load_object ("inspect-web.json");
  g_autoptr(JsonObject) sick = load_object ("inspect-sick.json");
  g_autoptr(JsonObject) old_web = NULL;
  g_autoptr(GPtrArray) snapshot = g_ptr_array_new ();
  BerthServiceStatus *web_row;
  Changes changes = { 0 };
  const char *web_id = json_object_get_string_member (web, "Id");

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  web_row = row (list, 0);
  g_assert_cmpstr (berth_service_status_get_service (web_row), ==, "web");
  g_assert_cmpstr (berth_service_status_get_service (row (list, 1)), ==, "db");
  g_assert_cmpint (berth_service_status_get_state (web_row), ==, BERTH_SERVICE_STATE_NOT_CREATED);

  /* A container for a model service updates that row in place. */
  berth_service_list_apply_container (list, web_id, "web", 1, web);
  g_assert_true (row (list, 0) == web_row);
  g_assert_cmpint (berth_service_status_get_state (web_row), ==, BERTH_SERVICE_STATE_RUNNING);
  g_assert_cmpuint (changes.added + changes.removed, ==, 0);

  /* An orphan (service not in the model) gets a row after the model's. */
  berth_service_list_apply_container (list, json_object_get_string_member (sick, "Id"), "sick", 1, sick);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpstr (berth_service_status_get_service (row (list, 2)), ==, "sick");
  g_assert_cmpuint (changes.added, ==, 1);

  /* During a recreation: an older container of the same slot does not
   * replace the newer one, and its removal does not empty the row. */
  old_web = load_object ("inspect-web.json");
  json_object_set_string_member (old_web, "Id", "0000000000000000000000000000000000000000000000000000000000000000");
  json_object_set_string_member (old_web, "Created", "2020-01-01T00:00:00.000000000Z");
  berth_service_list_apply_container (list, NULL, "web", 1, old_web);
  g_assert_cmpstr (berth_service_status_get_container_id (web_row), ==, web_id);
  berth_service_list_apply_container (list, json_object_get_string_member (old_web, "Id"), "web", 1, NULL);
  g_assert_cmpint (berth_service_status_get_state (web_row), ==, BERTH_SERVICE_STATE_RUNNING);

  /* The row's own container going away makes it "not created" again. */
  berth_service_list_apply_container (list, web_id, "web", 1, NULL);
  g_assert_true (row (list, 0) == web_row);
  g_assert_cmpint (berth_service_status_get_state (web_row), ==, BERTH_SERVICE_STATE_NOT_CREATED);

  /* A full listing: what it does not show is gone (the orphan row goes). */
  g_ptr_array_add (snapshot, web);
  berth_service_list_apply_snapshot (list, snapshot);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpint (berth_service_status_get_state (web_row), ==, BERTH_SERVICE_STATE_RUNNING);
  g_assert_cmpint (berth_service_status_get_health (web_row), ==, BERTH_SERVICE_HEALTH_HEALTHY);
  g_assert_true (berth_service_list_lookup (list, "db") == row (list, 1));
  g_assert_null (berth_service_list_lookup (list, "sick"));
}

static void
test_events (void)
{
  g_autofree char *path = berth_test_source_path ("tests", "compose-ops", "fixtures", "events.jsonl", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) wanted = g_string_new (NULL);
  g_auto(GStrv) filters = berth_service_list_event_filters ("demo");

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (g_strchomp (text), "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(BerthEngineEvent) event = berth_engine_event_parse (lines[i], -1, &error);
      g_autofree char *id = NULL;
      g_autofree char *service = NULL;
      guint number = 0;

      g_assert_no_error (error);
      if (berth_service_list_parse_event (event, &id, &service, &number))
        {
          g_assert_cmpstr (service, ==, "ev");
          g_assert_cmpuint (number, ==, 1);
          g_assert_true (g_str_has_prefix (event->actor_id, id));
          g_string_append_printf (wanted, "%s ", event->action);
        }
    }
  /* Healthcheck execs are noise; every state change counts. */
  g_assert_cmpstr (wanted->str, ==,
                   "create start health_status pause unpause kill kill die stop start restart kill die destroy ");

  g_assert_true (g_strv_contains ((const char * const *) filters, "type=container"));
  g_assert_true (g_strv_contains ((const char * const *) filters, "label=com.docker.compose.project=demo"));
  g_assert_true (g_strv_contains ((const char * const *) filters, "event=health_status"));
  g_assert_false (g_strv_contains ((const char * const *) filters, "event=exec_create"));
}

static void
on_error_notify (GObject    *list,
                 GParamSpec *pspec,
                 gboolean   *seen)
{
  *seen = TRUE;
}

/* An engine that is not there: the list says why, and stops cleanly. */
static BerthEngineEvent *
event_for (const char *id,
           const char *action,
           const char *extra_attributes)
{
  g_autofree char *json = g_strdup_printf ("{\"Type\":\"container\",\"Action\":\"%s\","
                                           "\"Actor\":{\"ID\":\"%s\",\"Attributes\":{"
                                           "\"com.docker.compose.project\":\"berth-fix\","
                                           "\"com.docker.compose.service\":\"web\"%s}},"
                                           "\"scope\":\"local\",\"time\":1795949905,"
                                           "\"timeNano\":1795949905630378603}",
                                           action, id, extra_attributes ? extra_attributes : "");
  g_autoptr(GError) error = NULL;
  BerthEngineEvent *event = berth_engine_event_parse (json, -1, &error);

  g_assert_no_error (error);
  return event;
}

/* The row changes from the event itself, before any inspect: a dying
 * container is held by the engine while it tears down its network. */
static void
test_event_before_inspect (void)
{
  const char * const services[] = { "web", NULL };
  g_autoptr(BerthServiceList) list = berth_service_list_new (NULL, "berth-fix", services);
  g_autoptr(JsonObject) web = load_object ("inspect-web.json");
  const char *web_id = json_object_get_string_member (web, "Id");
  g_autoptr(BerthEngineEvent) die = event_for (web_id, "die", ",\"exitCode\":\"137\"");
  g_autoptr(BerthEngineEvent) start = event_for (web_id, "start", NULL);
  g_autoptr(BerthEngineEvent) sick = event_for (web_id, "health_status: unhealthy", NULL);
  g_autoptr(BerthEngineEvent) kill = event_for (web_id, "kill", ",\"signal\":\"9\"");
  g_autoptr(BerthEngineEvent) other = event_for ("0123456789ab", "die", ",\"exitCode\":\"1\"");
  g_autofree char *label = NULL;
  BerthServiceStatus *web_row;

  berth_service_list_apply_container (list, web_id, "web", 1, web);
  web_row = row (list, 0);
  g_assert_cmpint (berth_service_status_get_health (web_row), ==, BERTH_SERVICE_HEALTH_HEALTHY);

  /* Nothing to say by itself, or about another container. */
  g_assert_false (berth_service_list_apply_event (list, kill));
  g_assert_false (berth_service_list_apply_event (list, other));
  g_assert_cmpint (berth_service_status_get_state (web_row), ==, BERTH_SERVICE_STATE_RUNNING);

  g_assert_true (berth_service_list_apply_event (list, sick));
  g_assert_cmpint (berth_service_status_get_health (web_row), ==, BERTH_SERVICE_HEALTH_UNHEALTHY);
  g_assert_true (berth_service_status_get_failed (web_row));

  g_assert_true (berth_service_list_apply_event (list, die));
  g_assert_cmpint (berth_service_status_get_state (web_row), ==, BERTH_SERVICE_STATE_EXITED);
  g_assert_cmpint (berth_service_status_get_exit_code (web_row), ==, 137);
  g_assert_cmpint (berth_service_status_get_health (web_row), ==, BERTH_SERVICE_HEALTH_NONE);
  g_assert_nonnull (berth_service_status_get_finished_at (web_row));
  g_assert_cmpint (g_date_time_to_unix (berth_service_status_get_finished_at (web_row)), ==, 1795949905);
  label = berth_service_status_dup_label (web_row);
  g_assert_cmpstr (label, ==, "exited (137)");
  /* What the inspect knew and the event does not say stays. */
  g_assert_cmpstr (berth_service_status_get_container_id (web_row), ==, web_id);
  g_assert_cmpstr (berth_service_status_get_restart_policy (web_row), ==, "no");

  /* Started again: running, its healthcheck starting over. */
  g_assert_true (berth_service_list_apply_event (list, start));
  g_assert_cmpint (berth_service_status_get_state (web_row), ==, BERTH_SERVICE_STATE_RUNNING);
  g_assert_cmpint (berth_service_status_get_exit_code (web_row), ==, -1);
  g_assert_null (berth_service_status_get_finished_at (web_row));

  /* The inspect that follows has the last word. */
  berth_service_list_apply_container (list, web_id, "web", 1, web);
  g_assert_cmpint (berth_service_status_get_health (web_row), ==, BERTH_SERVICE_HEALTH_HEALTHY);
}

static void
test_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthEngine) engine = berth_engine_new ("unix:///nonexistent/berth-test.sock", &error);
  const char * const services[] = { "api", NULL };
  g_autoptr(BerthServiceList) list = NULL;
  gboolean seen = FALSE;

  g_assert_no_error (error);
  list = berth_service_list_new (engine, "demo", services);
  g_signal_connect (list, "notify::error", G_CALLBACK (on_error_notify), &seen);
  berth_service_list_start (list);
  while (!seen)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (berth_service_list_get_connected (list));
  g_assert_nonnull (berth_service_list_get_error (list));
  g_test_message ("%s", berth_service_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpint (berth_service_status_get_state (row (list, 0)), ==, BERTH_SERVICE_STATE_NOT_CREATED);
  berth_service_list_stop (list);
}

static void
test_progress_rendering (void)
{
  BerthComposeProgress p = { 0 };
  g_autofree char *create = NULL, *net = NULL, *down_net = NULL, *pull = NULL, *wait = NULL, *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(BerthComposeProgress) copy = NULL;

  p.operation = BERTH_COMPOSE_OPERATION_UP;
  p.step = BERTH_COMPOSE_STEP_CREATE;
  p.phase = BERTH_COMPOSE_PHASE_DONE;
  p.service = (char *) "api";
  p.resource = (char *) "demo-api-1";
  p.current = -1;
  p.total = -1;
  create = berth_compose_progress_format (&p);
  g_assert_cmpstr (create, ==, "api          Created demo-api-1");

  p.step = BERTH_COMPOSE_STEP_NETWORK;
  p.phase = BERTH_COMPOSE_PHASE_BEGIN;
  p.service = NULL;
  p.resource = (char *) "demo_default";
  net = berth_compose_progress_format (&p);
  g_assert_cmpstr (net, ==, "Network demo_default  Creating");
  p.operation = BERTH_COMPOSE_OPERATION_DOWN;
  p.phase = BERTH_COMPOSE_PHASE_DONE;
  down_net = berth_compose_progress_format (&p);
  g_assert_cmpstr (down_net, ==, "Network demo_default  Removed");

  p.operation = BERTH_COMPOSE_OPERATION_UP;
  p.step = BERTH_COMPOSE_STEP_PULL;
  p.phase = BERTH_COMPOSE_PHASE_PROGRESS;
  p.service = (char *) "db";
  p.resource = (char *) "postgres:16";
  p.current = 1000;
  p.total = 2000;
  p.bytes = TRUE;
  pull = berth_compose_progress_format (&p);
  /* g_format_size () uses a no-break space before the unit. */
  g_assert_cmpstr (pull, ==, "db           Pulling 1.0\u00a0kB/2.0\u00a0kB");

  p.step = BERTH_COMPOSE_STEP_WAIT;
  p.phase = BERTH_COMPOSE_PHASE_DONE;
  p.message = (char *) "Healthy";
  wait = berth_compose_progress_format (&p);
  g_assert_cmpstr (wait, ==, "db           Healthy");

  copy = berth_compose_progress_copy (&p);
  node = berth_compose_progress_to_json (copy);
  json = json_to_string (node, FALSE);
  g_assert_cmpstr (json, ==,
                   "{\"operation\":\"up\",\"step\":\"wait\",\"phase\":\"done\",\"service\":\"db\","
                   "\"resource\":\"postgres:16\",\"message\":\"Healthy\",\"current\":1000,\"total\":2000,"
                   "\"bytes\":true}");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service-list/rows", test_rows);
  g_test_add_func ("/service-list/events", test_events);
  g_test_add_func ("/service-list/event-before-inspect", test_event_before_inspect);
  g_test_add_func ("/service-list/unreachable", test_unreachable);
  g_test_add_func ("/compose-progress/rendering", test_progress_rendering);

  return g_test_run ();
}
