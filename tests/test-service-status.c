/* test-service-status.c: BerthServiceStatus on JSON captured from a real
 * Engine 20.10 (tests/compose-ops/fixtures).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "berth-compose-labels.h"
#include "berth-service-status-private.h"
#include "berth-test.h"

static JsonNode *
load_fixture (const char *name)
{
  g_autofree char *path = berth_test_source_path ("tests", "compose-ops", "fixtures", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static BerthServiceStatus *
status_from_inspect (const char *name)
{
  g_autofree char *file = g_strdup_printf ("inspect-%s.json", name);
  g_autoptr(JsonNode) node = load_fixture (file);
  BerthServiceStatus *status = berth_service_status_new (name);

  berth_service_status_update_from_inspect (status, json_node_get_object (node));
  return status;
}

static void
test_inspect_healthy_with_ports (void)
{
  g_autoptr(BerthServiceStatus) s = status_from_inspect ("web");
  GPtrArray *ports = berth_service_status_get_ports (s);
  BerthPublishedPort *p;
  g_autofree char *label = berth_service_status_dup_label (s);

  g_assert_cmpstr (berth_service_status_get_service (s), ==, "web");
  g_assert_cmpstr (berth_service_status_get_project (s), ==, "berth-fix");
  g_assert_cmpstr (berth_service_status_get_container_name (s), ==, "berth-fix-web-1");
  g_assert_true (g_str_has_prefix (berth_service_status_get_container_id (s), "6ec05a34aa60"));
  g_assert_cmpint (berth_service_status_get_state (s), ==, BERTH_SERVICE_STATE_RUNNING);
  g_assert_cmpint (berth_service_status_get_health (s), ==, BERTH_SERVICE_HEALTH_HEALTHY);
  g_assert_cmpint (berth_service_status_get_exit_code (s), ==, -1);
  g_assert_false (berth_service_status_get_completed (s));
  g_assert_false (berth_service_status_get_failed (s));
  g_assert_cmpstr (berth_service_status_get_image (s), ==, "debian:bookworm-slim");
  g_assert_cmpstr (berth_service_status_get_config_hash (s), ==, "abc");
  g_assert_cmpuint (berth_service_status_get_number (s), ==, 1);
  g_assert_nonnull (berth_service_status_get_started_at (s));
  g_assert_null (berth_service_status_get_finished_at (s));
  g_assert_cmpstr (label, ==, "healthy");

  g_assert_cmpuint (ports->len, ==, 3);
  p = g_ptr_array_index (ports, 0);
  g_assert_cmpstr (p->host_ip, ==, "127.0.0.1");
  g_assert_cmpuint (p->host_port, ==, 18080);
  g_assert_cmpuint (p->container_port, ==, 80);
  g_assert_cmpstr (p->protocol, ==, "tcp");
  p = g_ptr_array_index (ports, 1);
  g_assert_cmpuint (p->container_port, ==, 81);
  g_assert_cmpstr (p->protocol, ==, "udp");
  g_assert_cmpuint (p->host_port, ==, 18081);
}

static void
test_inspect_one_shot_completed (void)
{
  g_autoptr(BerthServiceStatus) s = status_from_inspect ("migrate");
  g_autofree char *label = berth_service_status_dup_label (s);

  g_assert_cmpint (berth_service_status_get_state (s), ==, BERTH_SERVICE_STATE_EXITED);
  g_assert_cmpint (berth_service_status_get_exit_code (s), ==, 0);
  g_assert_true (berth_service_status_get_completed (s));
  g_assert_false (berth_service_status_get_failed (s));
  g_assert_cmpstr (berth_service_status_get_restart_policy (s), ==, "no");
  g_assert_nonnull (berth_service_status_get_finished_at (s));
  g_assert_cmpstr (label, ==, "completed");
}

static void
test_inspect_failed_exit (void)
{
  g_autoptr(BerthServiceStatus) s = status_from_inspect ("bad");
  g_autofree char *label = berth_service_status_dup_label (s);

  g_assert_cmpint (berth_service_status_get_state (s), ==, BERTH_SERVICE_STATE_EXITED);
  g_assert_cmpint (berth_service_status_get_exit_code (s), ==, 3);
  g_assert_false (berth_service_status_get_completed (s));
  g_assert_true (berth_service_status_get_failed (s));
  g_assert_cmpstr (label, ==, "exited (3)");
}

static void
test_inspect_other_states (void)
{
  g_autoptr(BerthServiceStatus) created = status_from_inspect ("created");
  g_autoptr(BerthServiceStatus) paused = status_from_inspect ("paused");
  g_autoptr(BerthServiceStatus) sick = status_from_inspect ("sick");
  g_autoptr(BerthServiceStatus) restarting = status_from_inspect ("restarting");
  g_autoptr(BerthServiceStatus) always = status_from_inspect ("always");

  g_assert_cmpint (berth_service_status_get_state (created), ==, BERTH_SERVICE_STATE_CREATED);
  g_assert_cmpint (berth_service_status_get_exit_code (created), ==, -1);
  g_assert_null (berth_service_status_get_started_at (created));
  g_assert_false (berth_service_status_get_completed (created));

  g_assert_cmpint (berth_service_status_get_state (paused), ==, BERTH_SERVICE_STATE_PAUSED);

  g_assert_cmpint (berth_service_status_get_state (sick), ==, BERTH_SERVICE_STATE_RUNNING);
  g_assert_cmpint (berth_service_status_get_health (sick), ==, BERTH_SERVICE_HEALTH_UNHEALTHY);
  g_assert_true (berth_service_status_get_failed (sick));

  g_assert_cmpint (berth_service_status_get_state (restarting), ==, BERTH_SERVICE_STATE_RESTARTING);
  g_assert_cmpint (berth_service_status_get_exit_code (restarting), ==, 1);
  g_assert_false (berth_service_status_get_completed (restarting));

  g_assert_cmpint (berth_service_status_get_state (always), ==, BERTH_SERVICE_STATE_RUNNING);
  g_assert_cmpstr (berth_service_status_get_restart_policy (always), ==, "always");
}

static void
test_completed_rule (void)
{
  /* A long-running service with restart: always that someone stopped is
   * not "completed"; a one-shot with no or on-failure policy is. */
  g_assert_true (berth_service_status_compute_completed (BERTH_SERVICE_STATE_EXITED, 0, "no"));
  g_assert_true (berth_service_status_compute_completed (BERTH_SERVICE_STATE_EXITED, 0, ""));
  g_assert_true (berth_service_status_compute_completed (BERTH_SERVICE_STATE_EXITED, 0, NULL));
  g_assert_true (berth_service_status_compute_completed (BERTH_SERVICE_STATE_EXITED, 0, "on-failure"));
  g_assert_false (berth_service_status_compute_completed (BERTH_SERVICE_STATE_EXITED, 0, "always"));
  g_assert_false (berth_service_status_compute_completed (BERTH_SERVICE_STATE_EXITED, 0, "unless-stopped"));
  g_assert_false (berth_service_status_compute_completed (BERTH_SERVICE_STATE_EXITED, 1, "no"));
  g_assert_false (berth_service_status_compute_completed (BERTH_SERVICE_STATE_RUNNING, 0, "no"));
  g_assert_false (berth_service_status_compute_completed (BERTH_SERVICE_STATE_DEAD, 0, "no"));
}

static BerthServiceStatus *
status_from_list (JsonArray  *list,
                  const char *name)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *item = json_array_get_object_element (list, i);
      JsonArray *names = json_object_get_array_member (item, "Names");
      g_autofree char *want = g_strdup_printf ("/berth-fix-%s-1", name);

      if (g_str_equal (json_array_get_string_element (names, 0), want))
        {
          BerthServiceStatus *s = berth_service_status_new (NULL);

          berth_service_status_update_from_summary (s, item);
          return s;
        }
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_summary (void)
{
  g_autoptr(JsonNode) root = load_fixture ("containers-list.json");
  JsonArray *list = json_node_get_array (root);
  g_autoptr(BerthServiceStatus) web = status_from_list (list, "web");
  g_autoptr(BerthServiceStatus) migrate = status_from_list (list, "migrate");
  g_autoptr(BerthServiceStatus) bad = status_from_list (list, "bad");
  g_autoptr(BerthServiceStatus) sick = status_from_list (list, "sick");
  g_autoptr(BerthServiceStatus) paused = status_from_list (list, "paused");
  g_autoptr(BerthServiceStatus) created = status_from_list (list, "created");
  BerthPublishedPort *p;

  g_assert_cmpstr (berth_service_status_get_service (web), ==, "web");
  g_assert_cmpint (berth_service_status_get_state (web), ==, BERTH_SERVICE_STATE_RUNNING);
  g_assert_cmpint (berth_service_status_get_health (web), ==, BERTH_SERVICE_HEALTH_HEALTHY);
  g_assert_cmpuint (berth_service_status_get_ports (web)->len, ==, 3);
  p = g_ptr_array_index (berth_service_status_get_ports (web), 0);
  g_assert_cmpuint (p->host_port, ==, 18080);
  g_assert_cmpstr (p->host_ip, ==, "127.0.0.1");

  g_assert_cmpint (berth_service_status_get_exit_code (migrate), ==, 0);
  g_assert_true (berth_service_status_get_completed (migrate));
  g_assert_cmpint (berth_service_status_get_exit_code (bad), ==, 3);
  g_assert_true (berth_service_status_get_failed (bad));
  g_assert_cmpint (berth_service_status_get_health (sick), ==, BERTH_SERVICE_HEALTH_UNHEALTHY);
  g_assert_cmpint (berth_service_status_get_state (paused), ==, BERTH_SERVICE_STATE_PAUSED);
  g_assert_cmpint (berth_service_status_get_state (created), ==, BERTH_SERVICE_STATE_CREATED);
}

static void
test_status_text (void)
{
  int code;
  BerthServiceHealth health;

  berth_service_status_parse_status_text ("Up 2 minutes (health: starting)", &code, &health);
  g_assert_cmpint (code, ==, -1);
  g_assert_cmpint (health, ==, BERTH_SERVICE_HEALTH_STARTING);
  berth_service_status_parse_status_text ("Exited (137) 3 hours ago", &code, &health);
  g_assert_cmpint (code, ==, 137);
  g_assert_cmpint (health, ==, BERTH_SERVICE_HEALTH_NONE);
  berth_service_status_parse_status_text ("Restarting (1) 2 seconds ago", &code, &health);
  g_assert_cmpint (code, ==, 1);
  berth_service_status_parse_status_text (NULL, &code, &health);
  g_assert_cmpint (code, ==, -1);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              GHashTable *seen)
{
  g_hash_table_add (seen, g_strdup (pspec->name));
}

static void
test_notify_only_changes (void)
{
  g_autoptr(BerthServiceStatus) s = berth_service_status_new ("web");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) web = load_fixture ("inspect-web.json");
  g_autoptr(JsonNode) sick = load_fixture ("inspect-sick.json");

  g_assert_cmpint (berth_service_status_get_state (s), ==, BERTH_SERVICE_STATE_NOT_CREATED);
  g_signal_connect (s, "notify", G_CALLBACK (count_notify), seen);

  berth_service_status_update_from_inspect (s, json_node_get_object (web));
  g_assert_true (g_hash_table_contains (seen, "state"));
  g_assert_true (g_hash_table_contains (seen, "health"));
  g_assert_true (g_hash_table_contains (seen, "label"));
  g_assert_true (g_hash_table_contains (seen, "ports"));

  /* Same answer again: nothing changed, nothing notified. */
  g_hash_table_remove_all (seen);
  berth_service_status_update_from_inspect (s, json_node_get_object (web));
  g_assert_cmpuint (g_hash_table_size (seen), ==, 0);

  /* Health turns unhealthy on another container of the "same" row. */
  berth_service_status_update_from_inspect (s, json_node_get_object (sick));
  g_assert_true (g_hash_table_contains (seen, "health"));
  g_assert_true (g_hash_table_contains (seen, "failed"));
  g_assert_true (g_hash_table_contains (seen, "container-id"));

  g_hash_table_remove_all (seen);
  berth_service_status_clear (s);
  g_assert_cmpint (berth_service_status_get_state (s), ==, BERTH_SERVICE_STATE_NOT_CREATED);
  g_assert_cmpint (berth_service_status_get_health (s), ==, BERTH_SERVICE_HEALTH_NONE);
  g_assert_null (berth_service_status_get_container_id (s));
  g_assert_cmpuint (berth_service_status_get_ports (s)->len, ==, 0);
  g_assert_true (g_hash_table_contains (seen, "state"));
  /* The service name stays: the row still stands for that service. */
  g_assert_cmpstr (berth_service_status_get_service (s), ==, "sick");
}

static void
test_json (void)
{
  g_autoptr(BerthServiceStatus) s = status_from_inspect ("web");
  g_autoptr(BerthServiceStatus) none = berth_service_status_new ("db");
  g_autoptr(JsonNode) node = berth_service_status_to_json (s);
  g_autoptr(JsonNode) none_node = berth_service_status_to_json (none);
  JsonObject *o = json_node_get_object (node);
  JsonObject *n = json_node_get_object (none_node);
  JsonObject *port;

  g_assert_cmpstr (json_object_get_string_member (o, "service"), ==, "web");
  g_assert_cmpstr (json_object_get_string_member (o, "container"), ==, "berth-fix-web-1");
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "running");
  g_assert_cmpstr (json_object_get_string_member (o, "health"), ==, "healthy");
  g_assert_true (json_object_get_null_member (o, "exit_code"));
  g_assert_false (json_object_get_boolean_member (o, "completed"));
  g_assert_cmpstr (json_object_get_string_member (o, "image"), ==, "debian:bookworm-slim");
  port = json_array_get_object_element (json_object_get_array_member (o, "ports"), 0);
  g_assert_cmpstr (json_object_get_string_member (port, "host_ip"), ==, "127.0.0.1");
  g_assert_cmpint (json_object_get_int_member (port, "host_port"), ==, 18080);
  g_assert_cmpint (json_object_get_int_member (port, "container_port"), ==, 80);
  g_assert_cmpstr (json_object_get_string_member (port, "protocol"), ==, "tcp");
  g_assert_false (json_object_get_null_member (o, "started_at"));

  g_assert_cmpstr (json_object_get_string_member (n, "state"), ==, "not created");
  g_assert_true (json_object_get_null_member (n, "id"));
}

static void
test_names_and_strings (void)
{
  g_autofree char *a = berth_compose_container_name ("demo", "api", 1, NULL);
  g_autofree char *b = berth_compose_container_name ("demo", "api", 2, "");
  g_autofree char *c = berth_compose_container_name ("demo", "api", 1, "probeops-api");
  g_autofree char *n = berth_compose_resource_name ("demo", "default", NULL);
  g_autofree char *m = berth_compose_resource_name ("demo", "backend", "probeops-network");
  g_autofree char *i = berth_compose_default_image ("demo", "api");

  g_assert_cmpstr (a, ==, "demo-api-1");
  g_assert_cmpstr (b, ==, "demo-api-2");
  g_assert_cmpstr (c, ==, "probeops-api");
  g_assert_cmpstr (n, ==, "demo_default");
  g_assert_cmpstr (m, ==, "probeops-network");
  g_assert_cmpstr (i, ==, "demo-api");

  for (int st = BERTH_SERVICE_STATE_NOT_CREATED; st <= BERTH_SERVICE_STATE_REMOVING; st++)
    g_assert_cmpint (berth_service_state_from_string (berth_service_state_to_string (st)), ==, st);
  for (int h = BERTH_SERVICE_HEALTH_NONE; h <= BERTH_SERVICE_HEALTH_UNHEALTHY; h++)
    g_assert_cmpint (berth_service_health_from_string (berth_service_health_to_string (h)), ==, h);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service-status/inspect/healthy-ports", test_inspect_healthy_with_ports);
  g_test_add_func ("/service-status/inspect/one-shot-completed", test_inspect_one_shot_completed);
  g_test_add_func ("/service-status/inspect/failed-exit", test_inspect_failed_exit);
  g_test_add_func ("/service-status/inspect/other-states", test_inspect_other_states);
  g_test_add_func ("/service-status/completed-rule", test_completed_rule);
  g_test_add_func ("/service-status/summary", test_summary);
  g_test_add_func ("/service-status/status-text", test_status_text);
  g_test_add_func ("/service-status/notify", test_notify_only_changes);
  g_test_add_func ("/service-status/json", test_json);
  g_test_add_func ("/service-status/names", test_names_and_strings);

  return g_test_run ();
}
