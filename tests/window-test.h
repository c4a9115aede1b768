/* window-test.h: helpers of the BerthWindow tests (test-window.c and
 * test-window-demo.c), which drive the real window against the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <vte/vte.h>

#include "berth-engine.h"
#include "berth-log-view.h"
#include "berth-status-badge.h"
#include "berth-service-row.h"
#include "berth-tab-area.h"
#include "berth-terminal-view.h"
#include "berth-test.h"
#include "berth-window.h"

static gboolean timed_out;

static inline gboolean
timeout_cb (gpointer data)
{
  timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static inline void
wait_for_engine (BerthWindow *window)
{
  guint id;

  timed_out = FALSE;
  id = g_timeout_add_seconds (30, timeout_cb, NULL);
  while (berth_window_get_engine_state (window) == BERTH_ENGINE_STATE_CHECKING && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  g_assert_false (timed_out);
}

static inline GtkWidget *
child (BerthWindow *window,
       const char  *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), BERTH_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static inline BerthWindow *
window_for_endpoint (const char *endpoint)
{
  g_autoptr(GSettings) settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
  BerthWindow *window;

  g_settings_set_string (settings, "engine-endpoint", endpoint);
  window = berth_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static inline void
destroy_window (BerthWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

typedef gboolean (*Condition) (gpointer data);

static inline void
wait_until_for (Condition   condition,
                gpointer    data,
                const char *what,
                guint       seconds)
{
  guint id;

  timed_out = FALSE;
  id = g_timeout_add_seconds (seconds, timeout_cb, NULL);
  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  else
    g_error ("timed out waiting for %s", what);
}

static inline void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  wait_until_for (condition, data, what, 60);
}

static inline gboolean
project_settled (gpointer data)
{
  GtkStack *stack = GTK_STACK (child (data, "main_stack"));
  const char *page = gtk_stack_get_visible_child_name (stack);

  return g_strcmp0 (page, "services") == 0 || g_strcmp0 (page, "error") == 0;
}

static inline void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (BERTH_IS_SERVICE_ROW (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (rows, widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_rows (c, rows);
}

static inline GtkWidget *
find_badge (GtkWidget *widget)
{
  if (BERTH_IS_STATUS_BADGE (widget))
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_badge (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The badge text the window shows for a service, read from the widgets. */
static inline const char *
badge_text (BerthWindow *window,
            const char  *service)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (child (window, "services_view"), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      BerthServiceStatus *status = berth_service_row_get_status (rows->pdata[i]);

      if (status != NULL && g_strcmp0 (berth_service_status_get_service (status), service) == 0)
        return berth_status_badge_get_label (BERTH_STATUS_BADGE (find_badge (rows->pdata[i])));
    }
  return NULL;
}

typedef struct
{
  BerthWindow *window;
  const char  *service;
  const char  *text;
} BadgeWait;

static inline gboolean
badge_reads (gpointer data)
{
  BadgeWait *wait = data;

  return g_strcmp0 (badge_text (wait->window, wait->service), wait->text) == 0;
}

static inline char *
make_project (const char *compose)
{
  g_autofree char *name = g_strdup_printf ("berth-test-ui-%08x", g_random_int ());
  char *dir = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autofree char *file = g_build_filename (dir, "compose.yaml", NULL);

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, compose, -1, NULL));
  return dir;
}

static inline void
remove_project (const char *dir)
{
  g_autofree char *file = g_build_filename (dir, "compose.yaml", NULL);

  g_unlink (file);
  g_rmdir (dir);
}

static inline JsonNode *
request (BerthEngine *engine,
         const char  *method,
         const char  *path,
         const char  *query,
         const char  *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body_node = body != NULL ? json_from_string (body, &error) : NULL;
  JsonNode *answer;

  g_assert_no_error (error);
  answer = berth_engine_request_sync (engine, method, path, query, body_node, NULL, &error);
  g_assert_no_error (error);
  return answer;
}

static inline AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static inline gboolean
panel_idle (gpointer data)
{
  BerthWorkflowPanel *panel = berth_window_get_workflow_panel (data);

  return berth_workflow_panel_get_workflow (panel) != NULL && !berth_workflow_panel_get_running (panel);
}

static inline GtkWidget *
find_fix_button (GtkWidget  *widget,
                 const char *fix)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.doctor-fix") == 0)
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));

      if (target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), fix) == 0)
        return widget;
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_fix_button (c, fix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  BerthWindow *window;
  GType        type;
  const char  *needle;
} TabWait;

static inline GtkWidget *
selected_tab (BerthWindow *window)
{
  BerthTabArea *area = BERTH_TAB_AREA (child (window, "tab_area"));
  AdwTabPage *page = adw_tab_view_get_selected_page (berth_tab_area_get_tab_view (area));

  return page != NULL ? adw_tab_page_get_child (page) : NULL;
}

static inline gboolean
tab_shows (gpointer data)
{
  TabWait *wait = data;
  GtkWidget *tab = selected_tab (wait->window);
  g_autofree char *text = NULL;

  if (tab == NULL || !g_type_is_a (G_OBJECT_TYPE (tab), wait->type))
    return FALSE;

  if (BERTH_IS_LOG_VIEW (tab))
    text = berth_log_view_dup_text (BERTH_LOG_VIEW (tab));
  else
    text = vte_terminal_get_text (berth_terminal_view_get_terminal (BERTH_TERMINAL_VIEW (tab)), NULL, NULL, NULL);

  return text != NULL && strstr (text, wait->needle) != NULL;
}

static inline gboolean
shell_running (gpointer data)
{
  GtkWidget *tab = selected_tab (data);

  return BERTH_IS_TERMINAL_VIEW (tab) && berth_terminal_view_get_running (BERTH_TERMINAL_VIEW (tab));
}

