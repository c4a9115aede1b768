/* test-service-row.c: how a service row presents its status: ports as
 * links, uptime, image, and the per-row actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "berth-application.h"
#include "berth-service-row.h"
#include "berth-ui-test.h"

static void
test_port_is_http (void)
{
  g_assert_true (berth_service_row_port_is_http (8000, "tcp"));
  g_assert_true (berth_service_row_port_is_http (80, "tcp"));
  g_assert_true (berth_service_row_port_is_http (5000, NULL));
  g_assert_false (berth_service_row_port_is_http (5432, "tcp"));
  g_assert_false (berth_service_row_port_is_http (6379, "tcp"));
  g_assert_false (berth_service_row_port_is_http (8000, "udp"));
  g_assert_false (berth_service_row_port_is_http (0, "tcp"));
}

static BerthPublishedPort *
port (const char *ip, guint16 host, guint16 container, const char *protocol)
{
  BerthPublishedPort p = { (char *) ip, host, container, (char *) protocol };

  return berth_published_port_copy (&p);
}

static void
test_format_ports (void)
{
  g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_published_port_free);
  g_autofree char *markup = NULL;
  g_autofree char *none = NULL;

  g_assert_null (berth_service_row_format_ports (NULL));
  none = berth_service_row_format_ports (ports);
  g_assert_null (none);

  g_ptr_array_add (ports, port ("0.0.0.0", 8080, 8000, "tcp"));
  g_ptr_array_add (ports, port ("::", 8080, 8000, "tcp"));
  g_ptr_array_add (ports, port ("0.0.0.0", 15432, 5432, "tcp"));
  g_ptr_array_add (ports, port ("0.0.0.0", 8443, 443, "tcp"));
  g_ptr_array_add (ports, port ("0.0.0.0", 5353, 53, "udp"));
  g_ptr_array_add (ports, port ("", 0, 9000, "tcp"));

  markup = berth_service_row_format_ports (ports);
  g_assert_cmpstr (markup, ==,
                   "<a href=\"http://localhost:8080/\">localhost:8080</a>  "
                   "15432→5432  "
                   "<a href=\"https://localhost:8443/\">localhost:8443</a>  "
                   "5353→53/udp");
  /* Valid label markup: a parse error would be a (fatal) warning. */
  {
    GtkWidget *label = g_object_ref_sink (gtk_label_new (NULL));

    gtk_label_set_markup (GTK_LABEL (label), markup);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==,
                     "localhost:8080  15432→5432  localhost:8443  5353→53/udp");
    g_object_unref (label);
  }
}

static JsonObject *
inspect (const char *state,
         int         exit_code,
         const char *started,
         const char *finished)
{
  g_autofree char *text = g_strdup_printf (
    "{\"Id\": \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
    " \"Name\": \"/demo-api-1\","
    " \"State\": {\"Status\": \"%s\", \"ExitCode\": %d, \"StartedAt\": \"%s\", \"FinishedAt\": \"%s\"},"
    " \"Config\": {\"Image\": \"demo-api:latest\", \"Labels\": {\"com.docker.compose.project\": \"demo\","
    "   \"com.docker.compose.service\": \"api\", \"com.docker.compose.container-number\": \"1\"}},"
    " \"HostConfig\": {\"RestartPolicy\": {\"Name\": \"unless-stopped\"}},"
    " \"NetworkSettings\": {\"Ports\": {\"8000/tcp\": [{\"HostIp\": \"0.0.0.0\", \"HostPort\": \"18000\"}]}}}",
    state, exit_code, started, finished);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
test_uptime (void)
{
  g_autoptr(BerthServiceStatus) status = berth_service_status_new ("api");
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-29T12:00:00Z", NULL);
  g_autoptr(JsonObject) running = inspect ("running", 0, "2026-11-29T11:55:00Z", "0001-01-01T00:00:00Z");
  g_autoptr(JsonObject) long_running = inspect ("running", 0, "2026-11-27T09:00:00Z", "0001-01-01T00:00:00Z");
  g_autoptr(JsonObject) exited = inspect ("exited", 1, "2026-11-29T09:00:00Z", "2026-11-29T10:59:00Z");
  g_autoptr(JsonObject) fresh = inspect ("running", 0, "2026-11-29T11:59:30Z", "0001-01-01T00:00:00Z");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;

  a = berth_service_row_dup_uptime (status, now);
  g_assert_null (a);

  berth_service_status_update_from_inspect (status, running);
  b = berth_service_row_dup_uptime (status, now);
  g_assert_cmpstr (b, ==, "Up 5 minutes");

  berth_service_status_update_from_inspect (status, long_running);
  c = berth_service_row_dup_uptime (status, now);
  g_assert_cmpstr (c, ==, "Up 2 days");

  berth_service_status_update_from_inspect (status, exited);
  d = berth_service_row_dup_uptime (status, now);
  g_assert_cmpstr (d, ==, "Stopped 1 hour ago");

  berth_service_status_update_from_inspect (status, fresh);
  e = berth_service_row_dup_uptime (status, now);
  g_assert_cmpstr (e, ==, "Up less than a minute");
}

static GtkWidget *
template_child (GtkWidget  *row,
                const char *name)
{
  GObject *object = gtk_widget_get_template_child (row, BERTH_TYPE_SERVICE_ROW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
test_row_widget (void)
{
  g_autoptr(BerthServiceStatus) status = berth_service_status_new ("api");
  g_autoptr(JsonObject) running = inspect ("running", 0, "2026-11-29T11:55:00Z", "0001-01-01T00:00:00Z");
  GtkWidget *row = g_object_ref_sink (berth_service_row_new ());
  GMenuModel *menu;
  g_autoptr(GVariant) target = NULL;
  g_autofree char *action = NULL;

  berth_service_row_set_fallback_image (BERTH_SERVICE_ROW (row), "probeops-api:latest");
  berth_service_row_set_status (BERTH_SERVICE_ROW (row), status);

  /* No container yet: the compose file's image, no ports. */
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (template_child (row, "name_label"))), ==, "api");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (template_child (row, "image_label"))), ==, "probeops-api:latest");
  g_assert_false (gtk_widget_get_visible (template_child (row, "ports_label")));
  g_assert_false (gtk_widget_get_visible (template_child (row, "uptime_label")));

  /* The container's own image and ports once it exists. */
  berth_service_status_update_from_inspect (status, running);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (template_child (row, "image_label"))), ==, "demo-api:latest");
  g_assert_true (gtk_widget_get_visible (template_child (row, "ports_label")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (template_child (row, "ports_label"))),
                            "http://localhost:18000/"));
  g_assert_true (gtk_widget_get_visible (template_child (row, "uptime_label")));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (template_child (row, "uptime_label"))), "Up "));

  /* Per-row actions name the service. */
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (template_child (row, "menu_button")));
  g_assert_nonnull (menu);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 6);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
  g_assert_cmpstr (action, ==, "win.service-start");
  target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "api");

  berth_service_row_set_status (BERTH_SERVICE_ROW (row), NULL);
  g_assert_null (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (template_child (row, "menu_button"))));

  g_object_unref (row);
}

int
main (int argc, char *argv[])
{
  berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/service-row/port-is-http", test_port_is_http);
  g_test_add_func ("/service-row/format-ports", test_format_ports);
  g_test_add_func ("/service-row/uptime", test_uptime);
  g_test_add_func ("/service-row/widget", test_row_widget);

  return g_test_run ();
}
