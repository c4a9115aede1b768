/* berth-services-view.c: the list of a project's services.
 *
 * A GtkListView over the core's BerthServiceList, which the core keeps up
 * to date from the engine's events: rows only re-bind, they never ask the
 * engine themselves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-service-row.h"
#include "berth-services-view.h"

struct _BerthServicesView
{
  GtkWidget            parent_instance;

  GtkListView         *list_view;
  BerthComposeProject *project;
};

G_DEFINE_FINAL_TYPE (BerthServicesView, berth_services_view, GTK_TYPE_WIDGET)

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          BerthServicesView        *self)
{
  gtk_list_item_set_child (item, berth_service_row_new ());
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         BerthServicesView        *self)
{
  BerthServiceRow *row = BERTH_SERVICE_ROW (gtk_list_item_get_child (item));
  BerthServiceStatus *status = gtk_list_item_get_item (item);
  g_autofree char *image = NULL;

  if (self->project != NULL)
    {
      BerthComposeService *service =
        berth_compose_project_get_service (self->project, berth_service_status_get_service (status));

      if (service != NULL)
        image = berth_compose_project_dup_service_image (self->project, service);
    }

  berth_service_row_set_fallback_image (row, image);
  berth_service_row_set_status (row, status);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           BerthServicesView        *self)
{
  berth_service_row_set_status (BERTH_SERVICE_ROW (gtk_list_item_get_child (item)), NULL);
}

void
berth_services_view_set_model (BerthServicesView   *self,
                               BerthServiceList    *services,
                               BerthComposeProject *project)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (BERTH_IS_SERVICES_VIEW (self));

  g_set_object (&self->project, project);

  if (services != NULL)
    selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (services)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
}

static void
berth_services_view_dispose (GObject *object)
{
  BerthServicesView *self = BERTH_SERVICES_VIEW (object);

  if (self->list_view != NULL)
    {
      gtk_list_view_set_model (self->list_view, NULL);
      gtk_widget_unparent (GTK_WIDGET (self->list_view));
      self->list_view = NULL;
    }
  g_clear_object (&self->project);

  G_OBJECT_CLASS (berth_services_view_parent_class)->dispose (object);
}

static void
berth_services_view_class_init (BerthServicesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_services_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
berth_services_view_init (BerthServicesView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);

  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (NULL, g_object_ref (factory)));
  gtk_list_view_set_show_separators (self->list_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "services");
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Services"),
                                  -1);
  gtk_widget_set_parent (GTK_WIDGET (self->list_view), GTK_WIDGET (self));
}

GtkWidget *
berth_services_view_new (void)
{
  return g_object_new (BERTH_TYPE_SERVICES_VIEW, NULL);
}
