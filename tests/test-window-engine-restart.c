/* test-window-engine-restart.c: the engine goes away while the window is
 * open, and comes back.  Runs its own dockerd (tests/harness/dockerd-up)
 * so that stopping it disturbs no other test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "berth-application.h"
#include "berth-ui-test.h"
#include "window-test.h"

static void
harness (const char *script,
         const char *state_dir)
{
  g_autofree char *path = berth_test_source_path ("tests", "harness", script, NULL);
  const char *argv[] = { path, state_dir, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", script, err);
}

static gboolean
banner_shown (gpointer data)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (child (data, "engine_banner")));
}

static gboolean
banner_hidden (gpointer data)
{
  BerthServiceList *list = berth_window_get_service_list (data);

  return !gtk_revealer_get_reveal_child (GTK_REVEALER (child (data, "engine_banner"))) &&
         list != NULL && berth_service_list_get_connected (list);
}

static void
test_engine_goes_away_and_returns (void)
{
  g_autofree char *state_dir = g_dir_make_tmp ("berth-ui-er-XXXXXX", NULL);
  g_autofree char *host = g_strconcat ("unix://", state_dir, "/docker.sock", NULL);
  g_autofree char *dir = make_project ("services:\n"
                                       "  web:\n"
                                       "    image: debian:bookworm-slim\n");
  g_autoptr(GFile) gdir = g_file_new_for_path (dir);
  BerthWindow *window;
  BadgeWait badge = { NULL, "web", "Not created" };
  const char *text;

  harness ("dockerd-up", state_dir);

  window = window_for_endpoint (host);
  badge.window = window;
  berth_window_open_project (window, gdir, NULL);
  wait_until (project_settled, window, "the project to load");
  wait_until (banner_hidden, window, "the event stream to connect");
  wait_until (badge_reads, &badge, "the row of web");

  /* The engine stops: the banner says so, with the reason. */
  harness ("dockerd-down", state_dir);
  wait_until (banner_shown, window, "the engine banner");
  text = gtk_label_get_label (GTK_LABEL (child (window, "engine_banner_label")));
  g_assert_true (g_str_has_prefix (text, "Docker engine not reachable: "));
  g_assert_nonnull (strstr (text, state_dir));
  berth_ui_test_save_png (GTK_WIDGET (window), "window-engine-gone");

  /* It starts again at the same address: the list reconnects by itself,
   * the banner goes, and the row is right. */
  harness ("dockerd-up", state_dir);
  wait_until_for (banner_hidden, window, "the list to reconnect", 120);
  wait_until (badge_reads, &badge, "the row of web after the restart");
  wait_for_engine (window);
  g_assert_cmpint (berth_window_get_engine_state (window), ==, BERTH_ENGINE_STATE_CONNECTED);

  destroy_window (window);
  harness ("dockerd-down", state_dir);
  remove_project (dir);
}

int
main (int argc, char *argv[])
{
  berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/window/engine/goes-away-and-returns", test_engine_goes_away_and_returns);

  return g_test_run ();
}
