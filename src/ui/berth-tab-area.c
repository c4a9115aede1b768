/* berth-tab-area.c: Logs and Terminal tabs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-application.h"
#include "berth-tab-area.h"

struct _BerthTabArea
{
  GtkWidget   parent_instance;

  AdwTabBar  *tab_bar;
  AdwTabView *tab_view;
};

G_DEFINE_FINAL_TYPE (BerthTabArea, berth_tab_area, GTK_TYPE_WIDGET)

static void
update_visibility (BerthTabArea *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), adw_tab_view_get_n_pages (self->tab_view) > 0);
}

static void
n_pages_cb (BerthTabArea *self,
            GParamSpec   *pspec,
            AdwTabView   *view)
{
  update_visibility (self);
}

GtkWidget *
berth_tab_area_new (void)
{
  return g_object_new (BERTH_TYPE_TAB_AREA, NULL);
}

AdwTabView *
berth_tab_area_get_tab_view (BerthTabArea *self)
{
  g_return_val_if_fail (BERTH_IS_TAB_AREA (self), NULL);

  return self->tab_view;
}

static void
select_page (BerthTabArea *self,
             AdwTabPage   *page)
{
  adw_tab_view_set_selected_page (self->tab_view, page);
  update_visibility (self);
  gtk_widget_grab_focus (adw_tab_page_get_child (page));
}

BerthLogView *
berth_tab_area_open_logs (BerthTabArea        *self,
                          BerthEngine         *engine,
                          BerthComposeProject *project,
                          const char          *service)
{
  BerthLogView *view;
  AdwTabPage *page;
  g_autoptr(GIcon) icon = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  guint n;

  g_return_val_if_fail (BERTH_IS_TAB_AREA (self), NULL);

  n = adw_tab_view_get_n_pages (self->tab_view);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *child = adw_tab_page_get_child (adw_tab_view_get_nth_page (self->tab_view, i));

      if (BERTH_IS_LOG_VIEW (child) &&
          g_strcmp0 (berth_log_view_get_service (BERTH_LOG_VIEW (child)), service) == 0)
        {
          g_autoptr(BerthComposeProject) shown = NULL;

          g_object_get (child, "project", &shown, NULL);
          if (shown == project)
            {
              select_page (self, adw_tab_view_get_nth_page (self->tab_view, i));
              return BERTH_LOG_VIEW (child);
            }
        }
    }

  view = berth_log_view_new (engine, project, service);
  page = adw_tab_view_append (self->tab_view, GTK_WIDGET (view));
  name = berth_log_view_dup_title (view);
  /* Translators: a tab's title; %s is a service or "All Services" */
  title = g_strdup_printf (_("Logs: %s"), name);
  adw_tab_page_set_title (page, title);
  adw_tab_page_set_tooltip (page, title);
  icon = g_themed_icon_new ("text-x-generic-symbolic");
  adw_tab_page_set_icon (page, icon);
  select_page (self, page);
  return view;
}

static void
terminal_running_cb (BerthTerminalView *view,
                     GParamSpec        *pspec,
                     AdwTabPage        *page)
{
  g_autofree char *name = berth_terminal_view_dup_title (view);
  g_autofree char *title = NULL;

  if (berth_terminal_view_get_running (view) || berth_terminal_view_get_exit_status (view) < 0)
    /* Translators: a tab's title; %s is a service */
    title = g_strdup_printf (_("Shell: %s"), name);
  else
    /* Translators: a tab's title; %s is a service */
    title = g_strdup_printf (_("Shell: %s (exited)"), name);
  adw_tab_page_set_title (page, title);
  adw_tab_page_set_needs_attention (page, !berth_terminal_view_get_running (view) &&
                                          berth_terminal_view_get_exit_status (view) >= 0 &&
                                          !adw_tab_page_get_selected (page));
}

BerthTerminalView *
berth_tab_area_open_terminal (BerthTabArea *self,
                              BerthEngine  *engine,
                              const char   *container,
                              const char   *service)
{
  BerthTerminalView *view;
  AdwTabPage *page;
  GIcon *icon;

  g_return_val_if_fail (BERTH_IS_TAB_AREA (self), NULL);

  view = berth_terminal_view_new (engine, container, service);
  page = adw_tab_view_append (self->tab_view, GTK_WIDGET (view));
  icon = g_themed_icon_new ("utilities-terminal-symbolic");
  adw_tab_page_set_icon (page, icon);
  g_object_unref (icon);
  adw_tab_page_set_tooltip (page, container);
  g_signal_connect_object (view, "notify::running", G_CALLBACK (terminal_running_cb), page, 0);
  terminal_running_cb (view, NULL, page);
  select_page (self, page);
  return view;
}

void
berth_tab_area_close_all (BerthTabArea *self)
{
  g_return_if_fail (BERTH_IS_TAB_AREA (self));

  while (adw_tab_view_get_n_pages (self->tab_view) > 0)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, 0);

      adw_tab_view_close_page (self->tab_view, page);
    }
  update_visibility (self);
}

static void
close_tab_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BerthTabArea *self = BERTH_TAB_AREA (widget);
  AdwTabPage *page = adw_tab_view_get_selected_page (self->tab_view);

  if (page != NULL)
    adw_tab_view_close_page (self->tab_view, page);
}

static void
berth_tab_area_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BERTH_TYPE_TAB_AREA);
  /* Template children without an id are not cleared by the above. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (object)); child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (object)))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (berth_tab_area_parent_class)->dispose (object);
}

static void
berth_tab_area_class_init (BerthTabAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_tab_area_dispose;

  berth_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, BERTH_RESOURCE_PATH "/ui/berth-tab-area.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthTabArea, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, BerthTabArea, tab_view);
  gtk_widget_class_bind_template_callback (widget_class, n_pages_cb);

  gtk_widget_class_install_action (widget_class, "tabs.close", NULL, close_tab_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "tabs.close", NULL);
  gtk_widget_class_set_css_name (widget_class, "berthtabarea");
}

static void
berth_tab_area_init (BerthTabArea *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_visibility (self);
}
