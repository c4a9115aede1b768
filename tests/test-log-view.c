/* test-log-view.c: BerthLogView on a real project in the test engine: the
 * merged lines in order with their coloured prefixes, regex search,
 * timestamps, bounded scrollback, and resuming after a restart without
 * repeating lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "berth-application.h"
#include "berth-compose-operations.h"
#include "berth-engine.h"
#include "berth-log-view.h"
#include "berth-vte-test.h"

/* web writes to stdout and stderr in turn (apart in time: the engine reads
 * the two pipes separately); worker writes more lines than the scrollback
 * the test allows. */
static const char compose_yaml[] =
  "services:\n"
  "  web:\n"
  "    image: debian:bookworm-slim\n"
  "    command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; echo first-out; sleep 0.3; echo second-err >&2; sleep 0.3; echo third-out; while :; do sleep 0.2; done\"]\n"
  "    stop_grace_period: 2s\n"
  "  worker:\n"
  "    image: debian:bookworm-slim\n"
  "    command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; i=0; while [ $$i -lt 600 ]; do echo worker-line-$$i; i=$$((i+1)); done; while :; do sleep 0.2; done\"]\n"
  "    stop_grace_period: 2s\n";

typedef BerthVteFixture Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  berth_vte_fixture_set_up (f, "berth-test-logview", compose_yaml);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  berth_vte_fixture_tear_down (f);
}

static GtkWindow *
window_with (GtkWidget *child)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 900, 560);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  return window;
}

static void
destroy_window (GtkWindow *window)
{
  gtk_window_destroy (window);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

typedef struct
{
  BerthLogView *view;
  const char   *needle;
  guint         count;
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
  g_autofree char *text = berth_log_view_dup_text (w->view);

  return count_occurrences (text, w->needle) >= MAX (w->count, 1);
}

static void
wait_for_text (BerthLogView *view,
               const char   *needle,
               guint         count)
{
  TextWait w = { view, needle, count };

  if (!berth_vte_test_wait (text_has, &w, 60))
    {
      g_autofree char *text = berth_log_view_dup_text (view);

      g_test_message ("log view text:\n%s", text);
      g_error ("timed out waiting for %u× “%s” in the log view", MAX (count, 1), needle);
    }
}

static gboolean
view_is_empty (gpointer data)
{
  g_autofree char *text = berth_log_view_dup_text (data);

  return g_strstrip (text)[0] == '\0';
}

static void
test_merged (Fixture       *f,
             gconstpointer  data)
{
  BerthLogView *view = berth_log_view_new (f->engine, f->project, NULL);
  GtkWindow *window = window_with (GTK_WIDGET (view));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *a, *b, *c;
  BerthComposeOptions restart = { .timeout = 1 };
  char *web_only[] = { (char *) "web", NULL };

  g_assert_null (berth_log_view_get_service (view));
  g_assert_true (berth_log_view_get_follow (view));

  wait_for_text (view, "third-out", 1);
  wait_for_text (view, "worker-line-599", 1);
  text = berth_log_view_dup_text (view);

  /* In order, each with its service's prefix padded to the longest name. */
  a = strstr (text, "web    | first-out\n");
  b = strstr (text, "web    | second-err\n");
  c = strstr (text, "web    | third-out\n");
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_nonnull (c);
  g_assert_true (a < b && b < c);
  g_assert_nonnull (strstr (text, "worker | worker-line-0\n"));
  g_assert_true (strstr (text, "worker | worker-line-10\n") < strstr (text, "worker | worker-line-11\n"));

  /* The prefix is drawn in the service's own colour. */
  {
    g_autofree char *colour = g_strdup (berth_compose_service_colour_ansi ("web"));
    g_assert_true (g_str_has_prefix (colour, "\033["));
  }

  /* Regex search selects a match; a broken pattern is an error. */
  g_assert_true (berth_log_view_set_search (view, "second-[a-z]+", &error));
  g_assert_no_error (error);
  g_assert_true (berth_log_view_search_previous (view));
  g_assert_true (vte_terminal_get_has_selection (berth_log_view_get_terminal (view)));
  g_assert_true (berth_log_view_set_search (view, "worker-line-1[0-9]$", &error));
  g_assert_true (berth_log_view_search_previous (view));
  g_assert_true (berth_log_view_search_previous (view));
  g_assert_true (berth_log_view_search_next (view));
  g_assert_false (berth_log_view_set_search (view, "worker-(", &error));
  g_assert_nonnull (error);
  g_test_message ("bad pattern: %s", error->message);
  g_clear_error (&error);
  g_assert_true (berth_log_view_set_search (view, "", &error));
  g_assert_true (berth_log_view_set_search (view, "WEB +\\| FIRST", &error));
  g_assert_false (berth_log_view_search_previous (view));  /* capitals: case-sensitive */
  g_assert_true (berth_log_view_set_search (view, "web +\\| first", &error));
  g_assert_true (berth_log_view_search_previous (view));

  berth_vte_test_spin (300);
  berth_ui_test_save_png (GTK_WIDGET (window), "log-view");

  /* A restarted container: its new lines arrive, none of the old ones
   * again, and the other container's lines are not repeated either. */
  restart.services = web_only;
  berth_compose_restart_sync (f->project, f->engine, &restart, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  wait_for_text (view, "web    | third-out\n", 2);
  berth_vte_test_spin (1500);
  g_free (text);
  text = berth_log_view_dup_text (view);
  g_assert_cmpuint (count_occurrences (text, "web    | first-out\n"), ==, 2);
  g_assert_cmpuint (count_occurrences (text, "web    | third-out\n"), ==, 2);
  g_assert_cmpuint (count_occurrences (text, "worker | worker-line-599\n"), ==, 1);
  g_assert_cmpuint (count_occurrences (text, "worker | worker-line-0\n"), ==, 1);

  /* Not following: a restart's lines wait; following again brings them,
   * still without repeats. */
  berth_log_view_set_follow (view, FALSE);
  g_assert_false (berth_log_stream_get_following (berth_log_view_get_stream (view)));
  berth_compose_restart_sync (f->project, f->engine, &restart, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  berth_vte_test_spin (1500);
  g_free (text);
  text = berth_log_view_dup_text (view);
  g_assert_cmpuint (count_occurrences (text, "web    | third-out\n"), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "logs.follow", NULL));
  g_assert_true (berth_log_view_get_follow (view));
  wait_for_text (view, "web    | third-out\n", 3);
  berth_vte_test_spin (1000);
  g_free (text);
  text = berth_log_view_dup_text (view);
  g_assert_cmpuint (count_occurrences (text, "web    | first-out\n"), ==, 3);
  g_assert_cmpuint (count_occurrences (text, "web    | third-out\n"), ==, 3);
  g_assert_cmpuint (count_occurrences (text, "worker | worker-line-599\n"), ==, 1);

  /* Timestamps: the view reads the logs again, each line stamped. */
  berth_log_view_set_timestamps (view, TRUE);
  wait_for_text (view, "Z third-out", 3);
  wait_for_text (view, "Z worker-line-599", 1);
  g_free (text);
  text = berth_log_view_dup_text (view);
  g_assert_true (g_regex_match_simple ("^web    \\| 20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z first-out$", text,
                                       G_REGEX_MULTILINE, 0));

  /* Clear empties the view (once VTE has parsed what was fed before). */
  berth_log_view_clear (view);
  if (!berth_vte_test_wait (view_is_empty, view, 30))
    {
      g_autofree char *left = berth_log_view_dup_text (view);
      g_error ("the log view still has text after Clear: [%.300s] (%zu bytes)", left, strlen (left));
    }

  destroy_window (window);
}

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static void
test_single_service_bounded (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
  BerthLogView *view;
  GtkWindow *window;
  g_autofree char *text = NULL;
  GtkAdjustment *adjustment;
  glong rows;
  guint lines = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *path = NULL;
  GAsyncResult *result = NULL;

  g_settings_set_int (settings, "log-scrollback-lines", 100);
  view = berth_log_view_new (f->engine, f->project, "worker");
  window = window_with (GTK_WIDGET (view));

  wait_for_text (view, "worker-line-599", 1);
  text = berth_log_view_dup_text (view);

  /* One service: no prefix; the oldest lines fell out of the scrollback. */
  g_assert_nonnull (strstr (text, "\nworker-line-599\n"));
  g_assert_null (strstr (text, "worker-line-0\n"));
  g_assert_null (strstr (text, "web"));

  rows = vte_terminal_get_row_count (berth_log_view_get_terminal (view));
  for (const char *p = text; *p; p++)
    lines += *p == '\n';
  g_test_message ("%u lines kept with 100 lines of scrollback and %ld rows", lines, rows);
  g_assert_cmpuint (lines, <=, 100 + rows + 1);
  g_assert_cmpuint (lines, >=, 100);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (berth_log_view_get_terminal (view)));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_lower (adjustment), <=,
                     100 + rows + 1);

  /* Copy without a selection: the whole log. */
  {
    GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
    GAsyncResult *copied = NULL;
    g_autofree char *pasted = NULL;

    vte_terminal_unselect_all (berth_log_view_get_terminal (view));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "logs.copy", NULL));
    gdk_clipboard_read_text_async (clipboard, NULL, save_cb, &copied);
    while (copied == NULL)
      g_main_context_iteration (NULL, TRUE);
    pasted = gdk_clipboard_read_text_finish (clipboard, copied, &error);
    g_assert_no_error (error);
    g_clear_object (&copied);
    g_assert_true (g_str_has_suffix (pasted, "\nworker-line-599"));
    g_assert_nonnull (strstr (pasted, "worker-line-598\nworker-line-599"));
  }

  /* Save writes what the view holds. */
  path = g_build_filename (f->dir, "saved.log", NULL);
  file = g_file_new_for_path (path);
  berth_log_view_save_async (view, file, NULL, save_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (berth_log_view_save_finish (view, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_file_get_contents (path, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (saved, "worker-line-599\n"));
  g_remove (path);

  destroy_window (window);
  g_settings_reset (settings, "log-scrollback-lines");
}

static gboolean
status_shown (gpointer data)
{
  GObject *revealer = gtk_widget_get_template_child (data, BERTH_TYPE_LOG_VIEW, "status_revealer");

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

/* Stops the dockerd of a dockerd-up state directory (SIGTERM, as a host
 * shutdown would) and starts it again with the same command line and data,
 * so its containers come back by their restart policy.  Returns while it
 * is down, after calling down_cb. */
static void
restart_dockerd (const char *state_dir,
                 void      (*down_cb) (gpointer data),
                 gpointer    data)
{
  g_autofree char *pid_file = g_build_filename (state_dir, "pid", NULL);
  g_autofree char *pid_text = NULL;
  g_autofree char *cmdline_path = NULL;
  g_autofree char *cmdline = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  pid_t pid;
  gint64 deadline;

  g_file_get_contents (pid_file, &pid_text, NULL, &error);
  g_assert_no_error (error);
  pid = (pid_t) g_ascii_strtoll (pid_text, NULL, 10);
  g_assert_cmpint (pid, >, 1);
  cmdline_path = g_strdup_printf ("/proc/%d/cmdline", (int) pid);
  g_file_get_contents (cmdline_path, &cmdline, &len, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < len; i += strlen (cmdline + i) + 1)
    g_ptr_array_add (argv, cmdline + i);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (argv, 0), "dockerd"));

  g_assert_cmpint (kill (pid, SIGTERM), ==, 0);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (kill (pid, 0) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (50000);
    }

  down_cb (data);

  g_assert_true (g_spawn_async (NULL, (char **) argv->pdata, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
engine_down_cb (gpointer data)
{
  BerthLogView *view = data;

  if (!berth_vte_test_wait (status_shown, view, 60))
    g_error ("the log view did not say that the stream ended");
  g_test_message ("while the engine is down: %s",
                  gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (view), BERTH_TYPE_LOG_VIEW,
                                                                                 "status_label"))));
}

/* The engine stops (taking the container down) and starts again (the
 * container's restart policy brings it back): the view goes on by itself
 * with the new lines, and repeats none of the old ones.  On an engine of
 * its own, so that stopping it disturbs no other test. */
static void
test_engine_restart (void)
{
  g_autofree char *state_dir = g_dir_make_tmp ("berth-vte-er-XXXXXX", NULL);
  g_autofree char *host = g_strconcat ("unix://", state_dir, "/docker.sock", NULL);
  g_autofree char *dir = berth_vte_test_project_dir (
    "services:\n"
    "  pulse:\n"
    "    image: debian:bookworm-slim\n"
    "    restart: always\n"
    "    command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; echo pulse-start; i=0; while :; do echo pulse-tick-$$i; i=$$((i+1)); sleep 0.2; done\"]\n"
    "    stop_grace_period: 1s\n");
  g_autofree char *name = g_strdup_printf ("berth-test-logrestart-%08x", g_random_int ());
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(BerthComposeProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  BerthComposeOptions down = { .timeout = 1 };
  BerthLogView *view;
  GtkWindow *window;

  berth_vte_test_harness ("dockerd-up", state_dir);
  berth_vte_test_harness ("base-image", host);
  engine = berth_engine_new (host, &error);
  g_assert_no_error (error);
  project = berth_compose_project_load (dir, NULL, name, NULL, &error);
  g_assert_no_error (error);
  berth_compose_up_sync (project, engine, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  view = berth_log_view_new (engine, project, NULL);
  window = window_with (GTK_WIDGET (view));
  wait_for_text (view, "pulse | pulse-tick-5\n", 1);

  restart_dockerd (state_dir, engine_down_cb, view);
  wait_for_text (view, "pulse | pulse-start\n", 2);
  wait_for_text (view, "pulse | pulse-tick-5\n", 2);
  berth_vte_test_spin (1000);
  text = berth_log_view_dup_text (view);
  /* Once per run of the container: nothing read twice. */
  g_assert_cmpuint (count_occurrences (text, "pulse | pulse-start\n"), ==, 2);
  g_assert_cmpuint (count_occurrences (text, "pulse | pulse-tick-0\n"), ==, 2);
  g_assert_cmpuint (count_occurrences (text, "pulse | pulse-tick-3\n"), ==, 2);
  g_assert_false (status_shown (view));

  destroy_window (window);
  berth_compose_down_sync (project, engine, &down, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  berth_vte_test_harness ("dockerd-down", state_dir);
  berth_vte_test_remove_project_dir (dir);
  g_rmdir (state_dir);
}

int
main (int   argc,
      char *argv[])
{
  berth_ui_test_init (&argc, &argv);

  g_test_add ("/log-view/merged", Fixture, NULL, fixture_set_up, test_merged, fixture_tear_down);
  g_test_add ("/log-view/single-service-bounded", Fixture, NULL, fixture_set_up, test_single_service_bounded,
              fixture_tear_down);
  g_test_add_func ("/log-view/engine-restart", test_engine_restart);

  return g_test_run ();
}
