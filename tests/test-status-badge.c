/* test-status-badge.c: the badge's mapping from the core's service status,
 * and the widget following a status object as the engine reports changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "berth-application.h"
#include "berth-test.h"
#include "berth-ui-test.h"
#include "berth-status-badge.h"

static void
test_mapping (void)
{
  static const struct {
    BerthServiceState  state;
    BerthServiceHealth health;
    gboolean           completed;
    BerthBadgeKind     kind;
  } cases[] = {
    { BERTH_SERVICE_STATE_NOT_CREATED, BERTH_SERVICE_HEALTH_NONE, FALSE, BERTH_BADGE_KIND_NOT_CREATED },
    { BERTH_SERVICE_STATE_REMOVING, BERTH_SERVICE_HEALTH_NONE, FALSE, BERTH_BADGE_KIND_NOT_CREATED },
    { BERTH_SERVICE_STATE_CREATED, BERTH_SERVICE_HEALTH_NONE, FALSE, BERTH_BADGE_KIND_CREATED },
    { BERTH_SERVICE_STATE_RUNNING, BERTH_SERVICE_HEALTH_NONE, FALSE, BERTH_BADGE_KIND_RUNNING },
    { BERTH_SERVICE_STATE_RUNNING, BERTH_SERVICE_HEALTH_STARTING, FALSE, BERTH_BADGE_KIND_STARTING },
    { BERTH_SERVICE_STATE_RUNNING, BERTH_SERVICE_HEALTH_HEALTHY, FALSE, BERTH_BADGE_KIND_HEALTHY },
    { BERTH_SERVICE_STATE_RUNNING, BERTH_SERVICE_HEALTH_UNHEALTHY, FALSE, BERTH_BADGE_KIND_UNHEALTHY },
    { BERTH_SERVICE_STATE_PAUSED, BERTH_SERVICE_HEALTH_HEALTHY, FALSE, BERTH_BADGE_KIND_PAUSED },
    { BERTH_SERVICE_STATE_RESTARTING, BERTH_SERVICE_HEALTH_NONE, FALSE, BERTH_BADGE_KIND_RESTARTING },
    { BERTH_SERVICE_STATE_EXITED, BERTH_SERVICE_HEALTH_NONE, FALSE, BERTH_BADGE_KIND_EXITED },
    { BERTH_SERVICE_STATE_EXITED, BERTH_SERVICE_HEALTH_NONE, TRUE, BERTH_BADGE_KIND_COMPLETED },
    { BERTH_SERVICE_STATE_DEAD, BERTH_SERVICE_HEALTH_NONE, FALSE, BERTH_BADGE_KIND_EXITED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (berth_badge_kind_from_state (cases[i].state, cases[i].health, cases[i].completed),
                     ==, cases[i].kind);

  g_assert_cmpint (berth_badge_kind_from_status (NULL), ==, BERTH_BADGE_KIND_NOT_CREATED);
}

static void
test_labels (void)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (BERTH_TYPE_BADGE_KIND);
  g_autoptr(GHashTable) classes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) icons = g_hash_table_new (g_str_hash, g_str_equal);
  static const char * const expected[] = {
    [BERTH_BADGE_KIND_NOT_CREATED] = "Not created",
    [BERTH_BADGE_KIND_CREATED] = "Created",
    [BERTH_BADGE_KIND_STARTING] = "Starting",
    [BERTH_BADGE_KIND_RUNNING] = "Running",
    [BERTH_BADGE_KIND_HEALTHY] = "Healthy",
    [BERTH_BADGE_KIND_UNHEALTHY] = "Unhealthy",
    [BERTH_BADGE_KIND_RESTARTING] = "Restarting",
    [BERTH_BADGE_KIND_PAUSED] = "Paused",
    [BERTH_BADGE_KIND_EXITED] = "Exited (137)",
    [BERTH_BADGE_KIND_COMPLETED] = "Completed",
  };

  g_assert_cmpuint (enum_class->n_values, ==, G_N_ELEMENTS (expected));

  for (guint kind = 0; kind < enum_class->n_values; kind++)
    {
      g_autofree char *label = berth_badge_kind_dup_label (kind, 137);
      const char *style_class = berth_badge_kind_get_style_class (kind);
      const char *icon = berth_badge_kind_get_icon_name (kind);

      g_assert_cmpstr (label, ==, expected[kind]);
      /* Each kind has its own class and its own icon: colour is never the
       * only difference. */
      g_assert_nonnull (style_class);
      g_assert_nonnull (icon);
      g_assert_true (g_hash_table_add (classes, (gpointer) style_class));
      g_assert_true (g_hash_table_add (icons, (gpointer) icon));
      if (!gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()), icon))
        g_error ("icon %s of %s is missing", icon, style_class);
    }
}

static JsonObject *
inspect_answer (const char *status,
                const char *health,
                int         exit_code,
                const char *restart)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Id");
  json_builder_add_string_value (b, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  json_builder_set_member_name (b, "Name");
  json_builder_add_string_value (b, "/probeops-api-1");
  json_builder_set_member_name (b, "State");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Status");
  json_builder_add_string_value (b, status);
  json_builder_set_member_name (b, "ExitCode");
  json_builder_add_int_value (b, exit_code);
  if (health != NULL)
    {
      json_builder_set_member_name (b, "Health");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "Status");
      json_builder_add_string_value (b, health);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "Config");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Image");
  json_builder_add_string_value (b, "probeops-api");
  json_builder_set_member_name (b, "Labels");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "com.docker.compose.project");
  json_builder_add_string_value (b, "probeops");
  json_builder_set_member_name (b, "com.docker.compose.service");
  json_builder_add_string_value (b, "api");
  json_builder_set_member_name (b, "com.docker.compose.container-number");
  json_builder_add_string_value (b, "1");
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "HostConfig");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "RestartPolicy");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Name");
  json_builder_add_string_value (b, restart);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);

  node = json_builder_get_root (b);
  return json_object_ref (json_node_get_object (node));
}

static void
update (BerthServiceStatus *status,
        const char         *state,
        const char         *health,
        int                 exit_code,
        const char         *restart)
{
  g_autoptr(JsonObject) inspect = inspect_answer (state, health, exit_code, restart);

  berth_service_status_update_from_inspect (status, inspect);
}

static void
test_follows_status (void)
{
  g_autoptr(BerthServiceStatus) status = berth_service_status_new ("api");
  GtkWidget *badge = g_object_ref_sink (berth_status_badge_new ());
  BerthStatusBadge *self = BERTH_STATUS_BADGE (badge);

  /* Default: nothing to show yet. */
  g_assert_cmpint (berth_status_badge_get_kind (self), ==, BERTH_BADGE_KIND_NOT_CREATED);
  g_assert_cmpstr (berth_status_badge_get_label (self), ==, "Not created");
  g_assert_true (gtk_widget_has_css_class (badge, "not-created"));

  berth_status_badge_set_service_status (self, status);
  g_assert_true (berth_status_badge_get_service_status (self) == status);
  g_assert_cmpstr (berth_status_badge_get_label (self), ==, "Not created");

  /* The engine reports the container's life; the badge follows each step
   * without being told, and only one state class is present at a time. */
  update (status, "created", NULL, 0, "unless-stopped");
  g_assert_cmpstr (berth_status_badge_get_label (self), ==, "Created");

  update (status, "running", "starting", 0, "unless-stopped");
  g_assert_cmpint (berth_status_badge_get_kind (self), ==, BERTH_BADGE_KIND_STARTING);
  g_assert_cmpstr (berth_status_badge_get_label (self), ==, "Starting");
  g_assert_true (gtk_widget_has_css_class (badge, "starting"));
  g_assert_false (gtk_widget_has_css_class (badge, "created"));

  update (status, "running", "healthy", 0, "unless-stopped");
  g_assert_cmpstr (berth_status_badge_get_label (self), ==, "Healthy");
  g_assert_true (gtk_widget_has_css_class (badge, "healthy"));
  g_assert_false (gtk_widget_has_css_class (badge, "starting"));

  update (status, "running", "unhealthy", 0, "unless-stopped");
  g_assert_cmpstr (berth_status_badge_get_label (self), ==, "Unhealthy");

  update (status, "running", NULL, 0, "unless-stopped");
  g_assert_cmpstr (berth_status_badge_get_label (self), ==, "Running");

  update (status, "paused", NULL, 0, "unless-stopped");
  g_assert_cmpstr (berth_status_badge_get_label (self), ==, "Paused");

  update (status, "restarting", NULL, 1, "unless-stopped");
  g_assert_cmpstr (berth_status_badge_get_label (self), ==, "Restarting");

  update (status, "exited", NULL, 137, "unless-stopped");
  g_assert_cmpint (berth_status_badge_get_kind (self), ==, BERTH_BADGE_KIND_EXITED);
  g_assert_cmpstr (berth_status_badge_get_label (self), ==, "Exited (137)");
  g_assert_true (gtk_widget_has_css_class (badge, "exited"));

  /* A long-running service stopped with 0 is not "Completed"... */
  update (status, "exited", NULL, 0, "unless-stopped");
  g_assert_cmpstr (berth_status_badge_get_label (self), ==, "Exited (0)");

  /* ...a one-shot migration job is. */
  update (status, "exited", NULL, 0, "no");
  g_assert_cmpint (berth_status_badge_get_kind (self), ==, BERTH_BADGE_KIND_COMPLETED);
  g_assert_cmpstr (berth_status_badge_get_label (self), ==, "Completed");

  berth_service_status_clear (status);
  g_assert_cmpstr (berth_status_badge_get_label (self), ==, "Not created");

  /* Detached: later changes no longer reach the badge. */
  berth_status_badge_set_kind (self, BERTH_BADGE_KIND_PAUSED, 0);
  g_assert_null (berth_status_badge_get_service_status (self));
  update (status, "running", NULL, 0, "no");
  g_assert_cmpstr (berth_status_badge_get_label (self), ==, "Paused");

  g_object_unref (badge);
}

static void
test_accessible_label (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *badge = berth_status_badge_new ();

  gtk_window_set_child (GTK_WINDOW (window), badge);
  gtk_window_present (GTK_WINDOW (window));

  berth_status_badge_set_kind (BERTH_STATUS_BADGE (badge), BERTH_BADGE_KIND_EXITED, 2);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_LABEL, "Exited (2)");
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (badge)), ==, GTK_ACCESSIBLE_ROLE_STATUS);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
iterate (void)
{
  /* Let style changes propagate and the window lay out. */
  for (guint i = 0; i < 20; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static void
badge_color (GtkWidget *badge,
             GdkRGBA   *color)
{
  gtk_style_context_get_color (gtk_widget_get_style_context (badge), color);
}

static void
test_light_and_dark (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *badges[BERTH_BADGE_KIND_COMPLETED + 1];
  GdkRGBA light[G_N_ELEMENTS (badges)], dark[G_N_ELEMENTS (badges)];

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  for (guint kind = 0; kind < G_N_ELEMENTS (badges); kind++)
    {
      badges[kind] = berth_status_badge_new ();
      berth_status_badge_set_kind (BERTH_STATUS_BADGE (badges[kind]), kind, 1);
      gtk_box_append (GTK_BOX (box), badges[kind]);
    }
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  iterate ();
  for (guint kind = 0; kind < G_N_ELEMENTS (badges); kind++)
    badge_color (badges[kind], &light[kind]);
  berth_ui_test_save_png (window, "status-badges-light");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  iterate ();
  for (guint kind = 0; kind < G_N_ELEMENTS (badges); kind++)
    badge_color (badges[kind], &dark[kind]);
  berth_ui_test_save_png (window, "status-badges-dark");

  /* Every badge takes its colour from the theme: dark text on a light
   * window, light text on a dark one. */
  for (guint kind = 0; kind < G_N_ELEMENTS (badges); kind++)
    {
      double light_lum = 0.2126 * light[kind].red + 0.7152 * light[kind].green + 0.0722 * light[kind].blue;
      double dark_lum = 0.2126 * dark[kind].red + 0.7152 * dark[kind].green + 0.0722 * dark[kind].blue;

      g_test_message ("%s: light %.2f dark %.2f", berth_badge_kind_get_style_class (kind), light_lum, dark_lum);
      g_assert_cmpfloat (dark_lum, >, light_lum);
    }

  /* The problem states stand out from the healthy ones. */
  g_assert_false (gdk_rgba_equal (&light[BERTH_BADGE_KIND_HEALTHY], &light[BERTH_BADGE_KIND_UNHEALTHY]));
  g_assert_false (gdk_rgba_equal (&light[BERTH_BADGE_KIND_RUNNING], &light[BERTH_BADGE_KIND_EXITED]));
  g_assert_false (gdk_rgba_equal (&light[BERTH_BADGE_KIND_STARTING], &light[BERTH_BADGE_KIND_RESTARTING]));

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/status-badge/mapping", test_mapping);
  g_test_add_func ("/status-badge/labels", test_labels);
  g_test_add_func ("/status-badge/follows-status", test_follows_status);
  g_test_add_func ("/status-badge/accessible-label", test_accessible_label);
  g_test_add_func ("/status-badge/light-and-dark", test_light_and_dark);

  return g_test_run ();
}
