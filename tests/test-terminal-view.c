/* test-terminal-view.c: BerthTerminalView on a container of the test
 * engine: typed input runs in the shell, the terminal's size reaches the
 * TTY, the exit status is shown, Reconnect opens a new shell, and an image
 * without bash gets /bin/sh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "berth-compose-operations.h"
#include "berth-engine.h"
#include "berth-engine-exec.h"
#include "berth-application.h"
#include "berth-tab-area.h"
#include "berth-terminal.h"
#include "berth-terminal-view.h"
#include "berth-vte-test.h"

/* nobash deletes bash from its own container: the fallback's case. */
static const char compose_yaml[] =
  "services:\n"
  "  shell:\n"
  "    image: debian:bookworm-slim\n"
  "    command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; while :; do sleep 0.2; done\"]\n"
  "    stop_grace_period: 2s\n"
  "  nobash:\n"
  "    image: debian:bookworm-slim\n"
  "    command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; rm -f /bin/bash /usr/bin/bash; touch /tmp/ready; while :; do sleep 0.2; done\"]\n"
  "    stop_grace_period: 2s\n";

typedef BerthVteFixture Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  berth_vte_fixture_set_up (f, "berth-test-terminal", compose_yaml);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  berth_vte_fixture_tear_down (f);
}

static char *
container_of (Fixture    *f,
              const char *service)
{
  return g_strdup_printf ("%s-%s-1", berth_compose_project_get_name (f->project), service);
}

typedef struct
{
  BerthTerminalView *view;
  const char        *needle;
  guint              count;
} TextWait;

static guint
count_occurrences (const char *text,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static gboolean
text_has (gpointer data)
{
  TextWait *w = data;
  g_autofree char *text = berth_vte_test_terminal_text (berth_terminal_view_get_terminal (w->view));

  return count_occurrences (text, w->needle) >= MAX (w->count, 1);
}

static void
wait_for_text (BerthTerminalView *view,
               const char        *needle,
               guint              count)
{
  TextWait w = { view, needle, count };

  if (!berth_vte_test_wait (text_has, &w, 60))
    {
      g_autofree char *text = berth_vte_test_terminal_text (berth_terminal_view_get_terminal (view));

      g_test_message ("terminal text:\n%s", text);
      g_error ("timed out waiting for “%s” in the terminal", needle);
    }
}

static gboolean
is_running (gpointer data)
{
  return berth_terminal_view_get_running (data) && berth_terminal_view_get_shell (data) != NULL;
}

static gboolean
has_exited (gpointer data)
{
  return !berth_terminal_view_get_running (data) && berth_terminal_view_get_exit_status (data) >= 0;
}

/* What a key press does: VTE emits ::commit with the text. */
static void
type (BerthTerminalView *view,
      const char        *text)
{
  vte_terminal_feed_child (berth_terminal_view_get_terminal (view), text, -1);
}

typedef struct
{
  BerthTerminalView *view;
  char              *expected;
  guint              typed;
} SizeWait;

static gboolean
stty_shows_size (gpointer data)
{
  SizeWait *w = data;
  g_autofree char *text = berth_vte_test_terminal_text (berth_terminal_view_get_terminal (w->view));
  g_autofree char *line = g_strdup_printf ("\n%s\n", w->expected);

  if (strstr (text, line) != NULL)
    return TRUE;
  /* The resize is sent from a worker thread: ask again until it landed. */
  if (w->typed++ % 50 == 0)
    type (w->view, "stty size\r");
  g_usleep (20000);
  return FALSE;
}

static void
check_stty_size (BerthTerminalView *view)
{
  VteTerminal *terminal = berth_terminal_view_get_terminal (view);
  SizeWait w = { view, NULL, 0 };

  w.expected = g_strdup_printf ("%ld %ld", vte_terminal_get_row_count (terminal),
                                vte_terminal_get_column_count (terminal));
  g_test_message ("expecting stty size %s", w.expected);
  if (!berth_vte_test_wait (stty_shows_size, &w, 60))
    {
      g_autofree char *text = berth_vte_test_terminal_text (terminal);

      g_test_message ("terminal text:\n%s", text);
      g_error ("stty size never showed %s", w.expected);
    }
  g_free (w.expected);
}

typedef struct
{
  VteTerminal *terminal;
  glong        columns;
} GridWait;

static gboolean
grid_changed (gpointer data)
{
  GridWait *w = data;

  return vte_terminal_get_column_count (w->terminal) != w->columns;
}

static void
test_shell (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *container = container_of (f, "shell");
  BerthTerminalView *view = berth_terminal_view_new (f->engine, container, "shell");
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  VteTerminal *terminal = berth_terminal_view_get_terminal (view);
  GridWait grid = { terminal, 0 };
  g_autofree char *title = NULL;

  gtk_window_set_default_size (window, 820, 520);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);

  g_assert_true (berth_vte_test_wait (is_running, view, 60));
  g_assert_cmpstr (berth_terminal_view_get_shell (view), ==, "/bin/bash");
  g_assert_cmpstr (berth_terminal_view_get_container (view), ==, container);
  title = berth_terminal_view_dup_title (view);
  g_assert_cmpstr (title, ==, "shell");
  g_assert_null (berth_terminal_view_get_status_text (view));

  /* Input goes through ::commit, as typing does. */
  type (view, "echo berth-$((6*7))\r");
  wait_for_text (view, "berth-42\n", 1);

  /* The TTY follows the view's size, first and after a resize. */
  check_stty_size (view);
  grid.columns = vte_terminal_get_column_count (terminal);
  gtk_window_set_default_size (window, 560, 360);
  if (!berth_vte_test_wait (grid_changed, &grid, 30))
    g_error ("the terminal kept %ld columns after the window shrank", grid.columns);
  berth_vte_test_spin (200);
  check_stty_size (view);

  type (view, "printf '\\033[1;32mgreen\\033[0m and plain\\n'\r");
  wait_for_text (view, "green and plain", 1);
  berth_vte_test_spin (300);
  berth_ui_test_save_png (GTK_WIDGET (window), "terminal-view");

  /* The palette follows the system's dark style, the font the settings. */
  {
    AdwStyleManager *manager = adw_style_manager_get_default ();
    g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
    const PangoFontDescription *font;

    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
    g_assert_true (berth_terminal_get_dark (BERTH_TERMINAL (terminal)));
    berth_vte_test_spin (300);
    berth_ui_test_save_png (GTK_WIDGET (window), "terminal-view-dark");
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
    g_assert_false (berth_terminal_get_dark (BERTH_TERMINAL (terminal)));
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);

    g_settings_set_boolean (settings, "terminal-use-system-font", FALSE);
    g_settings_set_string (settings, "terminal-font", "Monospace 15");
    font = vte_terminal_get_font (terminal);
    g_assert_cmpint (pango_font_description_get_size (font), ==, 15 * PANGO_SCALE);
    g_settings_reset (settings, "terminal-font");
    g_settings_reset (settings, "terminal-use-system-font");
    g_assert_cmpint (pango_font_description_get_size (vte_terminal_get_font (terminal)), !=, 15 * PANGO_SCALE);
    berth_vte_test_spin (200);
  }

  /* The exit status is shown, with Reconnect. */
  type (view, "exit 3\r");
  g_assert_true (berth_vte_test_wait (has_exited, view, 60));
  g_assert_cmpint (berth_terminal_view_get_exit_status (view), ==, 3);
  g_assert_cmpstr (berth_terminal_view_get_status_text (view), ==, "Shell exited with status 3");
  berth_vte_test_spin (400);
  berth_ui_test_save_png (GTK_WIDGET (window), "terminal-view-exited");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "terminal.reconnect", NULL));
  g_assert_true (berth_vte_test_wait (is_running, view, 60));
  g_assert_null (berth_terminal_view_get_status_text (view));
  type (view, "echo again-$((40+2))\r");
  wait_for_text (view, "again-42\n", 1);
  type (view, "exit\r");
  g_assert_true (berth_vte_test_wait (has_exited, view, 60));
  g_assert_cmpint (berth_terminal_view_get_exit_status (view), ==, 0);
  g_assert_cmpstr (berth_terminal_view_get_status_text (view), ==, "Shell exited with status 0");

  gtk_window_destroy (window);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
nobash_ready (gpointer data)
{
  Fixture *f = data;
  g_autofree char *container = container_of (f, "nobash");
  const char * const argv[] = { "test", "-f", "/tmp/ready", NULL };
  BerthExecConfig config = { .cmd = argv };
  int code = -1;

  g_usleep (100000);
  return berth_engine_exec_capture_sync (f->engine, container, &config, NULL, NULL, &code, NULL, NULL) &&
         code == 0;
}

static void
test_sh_fallback (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *container = container_of (f, "nobash");
  BerthTerminalView *view;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  g_assert_true (berth_vte_test_wait (nobash_ready, f, 60));
  view = berth_terminal_view_new (f->engine, container, "nobash");
  gtk_window_set_default_size (window, 640, 400);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);

  g_assert_true (berth_vte_test_wait (is_running, view, 60));
  g_assert_cmpstr (berth_terminal_view_get_shell (view), ==, "/bin/sh");
  type (view, "echo sh-$((6*7))\r");
  wait_for_text (view, "sh-42\n", 1);
  type (view, "exit 5\r");
  g_assert_true (berth_vte_test_wait (has_exited, view, 60));
  g_assert_cmpint (berth_terminal_view_get_exit_status (view), ==, 5);

  gtk_window_destroy (window);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
test_no_container (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *container = g_strdup_printf ("%s-missing-1", berth_compose_project_get_name (f->project));
  BerthTerminalView *view = berth_terminal_view_new (f->engine, container, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  const char *status;

  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);

  /* A clear message, no crash, and Reconnect stays available. */
  while (berth_terminal_view_get_status_text (view) == NULL)
    g_main_context_iteration (NULL, TRUE);
  status = berth_terminal_view_get_status_text (view);
  g_test_message ("status: %s", status);
  g_assert_true (g_str_has_prefix (status, "Could not open a shell in "));
  g_assert_nonnull (strstr (status, container));
  g_assert_false (berth_terminal_view_get_running (view));
  g_assert_cmpint (berth_terminal_view_get_exit_status (view), ==, -1);

  gtk_window_destroy (window);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
tab_title_is (gpointer data)
{
  AdwTabPage *page = data;

  return g_strcmp0 (adw_tab_page_get_title (page), "Shell: shell (exited)") == 0;
}

/* The window's tab area: one logs tab per service, any number of shells. */
static void
test_tab_area (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *container = container_of (f, "shell");
  BerthTabArea *area = BERTH_TAB_AREA (berth_tab_area_new ());
  AdwTabView *tabs = berth_tab_area_get_tab_view (area);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  BerthLogView *logs, *again, *all;
  BerthTerminalView *one, *two;
  AdwTabPage *page;

  gtk_window_set_default_size (window, 900, 500);
  gtk_window_set_child (window, GTK_WIDGET (area));
  gtk_window_present (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (area)));

  logs = berth_tab_area_open_logs (area, f->engine, f->project, "shell");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (area)));
  again = berth_tab_area_open_logs (area, f->engine, f->project, "shell");
  g_assert_true (logs == again);
  all = berth_tab_area_open_logs (area, f->engine, f->project, NULL);
  g_assert_true (all != logs);
  g_assert_cmpint (adw_tab_view_get_n_pages (tabs), ==, 2);
  g_assert_cmpstr (adw_tab_page_get_title (adw_tab_view_get_page (tabs, GTK_WIDGET (all))), ==,
                   "Logs: All Services");

  one = berth_tab_area_open_terminal (area, f->engine, container, "shell");
  two = berth_tab_area_open_terminal (area, f->engine, container, "shell");
  g_assert_true (one != two);
  g_assert_cmpint (adw_tab_view_get_n_pages (tabs), ==, 4);
  g_assert_true (adw_tab_view_get_selected_page (tabs) == adw_tab_view_get_page (tabs, GTK_WIDGET (two)));
  g_assert_true (berth_vte_test_wait (is_running, one, 60));
  g_assert_true (berth_vte_test_wait (is_running, two, 60));
  type (two, "echo two-$((1+1))\r");
  wait_for_text (two, "two-2\n", 1);
  berth_vte_test_spin (300);
  berth_ui_test_save_png (GTK_WIDGET (window), "tab-area");

  /* A shell that ended says so in its tab. */
  page = adw_tab_view_get_page (tabs, GTK_WIDGET (one));
  g_assert_cmpstr (adw_tab_page_get_title (page), ==, "Shell: shell");
  type (one, "exit 4\r");
  g_assert_true (berth_vte_test_wait (tab_title_is, page, 60));
  g_assert_true (adw_tab_page_get_needs_attention (page));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (area), "tabs.close", NULL));
  g_assert_cmpint (adw_tab_view_get_n_pages (tabs), ==, 3);
  berth_tab_area_close_all (area);
  g_assert_cmpint (adw_tab_view_get_n_pages (tabs), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (area)));

  gtk_window_destroy (window);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  berth_ui_test_init (&argc, &argv);

  g_test_add ("/terminal-view/shell", Fixture, NULL, fixture_set_up, test_shell, fixture_tear_down);
  g_test_add ("/terminal-view/sh-fallback", Fixture, NULL, fixture_set_up, test_sh_fallback, fixture_tear_down);
  g_test_add ("/terminal-view/tab-area", Fixture, NULL, fixture_set_up, test_tab_area, fixture_tear_down);
  g_test_add ("/terminal-view/no-container", Fixture, NULL, fixture_set_up, test_no_container, fixture_tear_down);

  return g_test_run ();
}
