/* test-inspect-window.c: the inspect window masks secrets until revealed,
 * and lists mounts, networks and the health log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "berth-inspect-window.h"
#include "berth-ui-test.h"

static void
test_mask (void)
{
  static const struct {
    const char *key, *value, *masked;
  } cases[] = {
    { "POSTGRES_PASSWORD", "s3cret", "********" },
    { "SECRET_KEY", "abc", "********" },
    { "DATABASE_URL", "postgresql://probeops:s3cret@db:5432/probeops",
      "postgresql://probeops:********@db:5432/probeops" },
    { "REDIS_URL", "redis://:pw@cache:6379/0", "redis://:********@cache:6379/0" },
    { "DOCS_URL", "https://example.org/a@b", "https://example.org/a@b" },
    { "USER_URL", "https://user@example.org/", "https://user@example.org/" },
    { "FLASK_APP", "app.py", "app.py" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = berth_inspect_mask_value (cases[i].key, cases[i].value, FALSE);
      g_autofree char *revealed = berth_inspect_mask_value (cases[i].key, cases[i].value, TRUE);

      g_assert_cmpstr (masked, ==, cases[i].masked);
      g_assert_cmpstr (revealed, ==, cases[i].value);
    }
}

static const char *inspect_json =
  "{\"Id\": \"abc\", \"Name\": \"/demo-db-1\","
  " \"Config\": {\"Env\": [\"POSTGRES_PASSWORD=s3cret\", \"POSTGRES_DB=probeops\","
  "   \"DATABASE_URL=postgresql://probeops:s3cret@db:5432/probeops\"]},"
  " \"State\": {\"Status\": \"running\", \"Health\": {\"Status\": \"healthy\", \"Log\": ["
  "   {\"Start\": \"2026-11-29T11:00:00Z\", \"ExitCode\": 1, \"Output\": \"no response\\n\"},"
  "   {\"Start\": \"2026-11-29T11:00:05Z\", \"ExitCode\": 0, \"Output\": \"accepting connections\\n\"}]}},"
  " \"Mounts\": [{\"Type\": \"volume\", \"Name\": \"demo_dbdata\", \"Source\": \"/var/lib/docker/volumes/demo_dbdata/_data\","
  "   \"Destination\": \"/var/lib/postgresql/data\", \"RW\": true}],"
  " \"NetworkSettings\": {\"Networks\": {\"probeops-network\": {\"IPAddress\": \"172.20.0.2\","
  "   \"Aliases\": [\"db\", \"demo-db-1\"]}}}}";

static void
collect (GtkWidget *widget,
         GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect (c, rows);
}

static AdwActionRow *
find_row (GtkWidget  *window,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (window, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return rows->pdata[i];
  return NULL;
}

static void
test_show (void)
{
  g_autoptr(JsonNode) node = json_from_string (inspect_json, NULL);
  BerthInspectWindow *window = g_object_new (BERTH_TYPE_INSPECT_WINDOW, NULL);
  AdwActionRow *row;

  g_assert_nonnull (node);
  berth_inspect_window_show_inspect (window, json_node_get_object (node));
  g_assert_true (berth_inspect_window_get_loaded (window));
  gtk_window_present (GTK_WINDOW (window));

  row = find_row (GTK_WIDGET (window), "POSTGRES_PASSWORD");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "********");
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (GTK_WIDGET (window), "DATABASE_URL")), ==,
                   "postgresql://probeops:********@db:5432/probeops");
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (GTK_WIDGET (window), "POSTGRES_DB")), ==, "probeops");

  /* The reveal toggle shows them, and hides them again. */
  berth_inspect_window_set_reveal (window, TRUE);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "s3cret");
  berth_inspect_window_set_reveal (window, FALSE);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "********");

  /* Mounts, networks, health log (newest first). */
  row = find_row (GTK_WIDGET (window), "/var/lib/postgresql/data");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "demo_dbdata"));
  row = find_row (GTK_WIDGET (window), "probeops-network");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "172.20.0.2, db, demo-db-1");
  g_assert_nonnull (find_row (GTK_WIDGET (window), "exit 0 at 2026-11-29T11:00:05Z"));
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (GTK_WIDGET (window), "exit 1 at 2026-11-29T11:00:00Z")),
                   ==, "no response");

  berth_ui_test_save_png (GTK_WIDGET (window), "inspect-environment");

  /* A second answer replaces the first. */
  berth_inspect_window_show_inspect (window, json_node_get_object (node));
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    guint n = 0;

    collect (GTK_WIDGET (window), rows);
    for (guint i = 0; i < rows->len; i++)
      n += g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), "POSTGRES_PASSWORD") == 0;
    g_assert_cmpuint (n, ==, 1);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/inspect/mask", test_mask);
  g_test_add_func ("/inspect/show", test_show);

  return g_test_run ();
}
