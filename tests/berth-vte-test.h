/* berth-vte-test.h: helpers of the log and terminal view tests (waiting on
 * the main loop, reading a terminal, a throw-away compose project).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <vte/vte.h>

#include "berth-compose-operations.h"
#include "berth-engine.h"
#include "berth-test.h"
#include "berth-ui-test.h"

static gboolean berth_vte_test_timed_out;

static gboolean
berth_vte_test_timeout_cb (gpointer data)
{
  berth_vte_test_timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until cond (data) holds or `seconds` pass;
 * returns whether it holds. */
static inline gboolean
berth_vte_test_wait (gboolean (*cond) (gpointer data),
                     gpointer   data,
                     guint      seconds)
{
  guint id;

  berth_vte_test_timed_out = FALSE;
  id = g_timeout_add_seconds (seconds, berth_vte_test_timeout_cb, NULL);
  while (!cond (data) && !berth_vte_test_timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!berth_vte_test_timed_out)
    g_source_remove (id);
  return cond (data);
}

/* Lets the main loop run for ms milliseconds. */
static inline void
berth_vte_test_spin (guint ms)
{
  berth_vte_test_timed_out = FALSE;
  g_timeout_add (ms, berth_vte_test_timeout_cb, NULL);
  while (!berth_vte_test_timed_out)
    g_main_context_iteration (NULL, TRUE);
}

/* Everything in a terminal: scrollback and screen. */
static inline char *
berth_vte_test_terminal_text (VteTerminal *terminal)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  vte_terminal_write_contents_sync (terminal, out, VTE_WRITE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

/* Writes a compose file into a new temporary folder. */
static inline char *
berth_vte_test_project_dir (const char *compose_yaml)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("berth-vte-test-XXXXXX", &error);
  g_autofree char *file = NULL;

  g_assert_no_error (error);
  file = g_build_filename (dir, "compose.yaml", NULL);
  g_file_set_contents (file, compose_yaml, -1, &error);
  g_assert_no_error (error);
  return dir;
}

static inline void
berth_vte_test_remove_project_dir (const char *dir)
{
  g_autofree char *file = g_build_filename (dir, "compose.yaml", NULL);

  g_remove (file);
  g_rmdir (dir);
}

/* A compose project brought up on the test engine for one test, and taken
 * down after it. */
typedef struct
{
  BerthEngine         *engine;
  BerthComposeProject *project;
  char                *dir;
} BerthVteFixture;

static inline void
berth_vte_fixture_set_up (BerthVteFixture *f,
                          const char      *name_prefix,
                          const char      *compose_yaml)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%s-%08x", name_prefix, g_random_int ());

  f->engine = berth_engine_new (berth_test_engine_host (), &error);
  g_assert_no_error (error);
  f->dir = berth_vte_test_project_dir (compose_yaml);
  f->project = berth_compose_project_load (f->dir, NULL, name, NULL, &error);
  g_assert_no_error (error);
  berth_compose_up_sync (f->project, f->engine, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static inline void
berth_vte_fixture_tear_down (BerthVteFixture *f)
{
  g_autoptr(GError) error = NULL;
  BerthComposeOptions options = { .timeout = 1 };

  berth_compose_down_sync (f->project, f->engine, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  berth_vte_test_remove_project_dir (f->dir);
  g_free (f->dir);
  g_clear_object (&f->project);
  g_clear_object (&f->engine);
}

/* Runs tests/harness/SCRIPT ARG (dockerd-up, dockerd-down, base-image). */
static inline void
berth_vte_test_harness (const char *script,
                        const char *arg)
{
  g_autofree char *path = berth_test_source_path ("tests", "harness", script, NULL);
  const char *argv[] = { path, arg, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s %s failed: %s", script, arg, err);
}
