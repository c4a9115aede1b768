/* berth-service-row.c: one service in the services list.
 *
 * The row only presents a BerthServiceStatus, which the core keeps up to
 * date from the engine's events; the uptime text is re-rendered every 30 s
 * while the row is mapped (a clock, not a poll of the engine).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-application.h"
#include "berth-service-row.h"
#include "berth-status-badge.h"

struct _BerthServiceRow
{
  GtkWidget           parent_instance;

  GtkLabel           *name_label;
  GtkLabel           *image_label;
  GtkLabel           *ports_label;
  GtkLabel           *uptime_label;
  BerthStatusBadge   *badge;
  GtkMenuButton      *menu_button;

  BerthServiceStatus *status;
  gulong              notify_id;
  char               *fallback_image;
  guint               clock_id;
};

G_DEFINE_FINAL_TYPE (BerthServiceRow, berth_service_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
berth_service_row_port_is_http (guint       container_port,
                                const char *protocol)
{
  static const guint not_http[] = {
    21, 22, 23, 25, 53, 110, 143, 389, 465, 587, 636, 993, 995,
    1433, 1521, 2049, 2181, 3306, 4222, 5432, 5672, 6379, 9042,
    9092, 11211, 27017,
  };

  if (protocol != NULL && !g_str_equal (protocol, "tcp"))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (not_http); i++)
    if (container_port == not_http[i])
      return FALSE;

  return container_port != 0;
}

char *
berth_service_row_format_ports (GPtrArray *ports)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; ports != NULL && i < ports->len; i++)
    {
      const BerthPublishedPort *port = g_ptr_array_index (ports, i);
      const char *protocol = port->protocol != NULL ? port->protocol : "tcp";
      char *key;

      if (port->host_port == 0)
        continue;

      /* The engine lists 0.0.0.0 and :: separately for the same port. */
      key = g_strdup_printf ("%u/%s", port->host_port, protocol);
      if (!g_hash_table_add (seen, key))
        continue;

      if (markup->len > 0)
        g_string_append (markup, "  ");

      if (berth_service_row_port_is_http (port->container_port, protocol))
        {
          const char *scheme = (port->container_port == 443 || port->container_port == 8443) ? "https" : "http";

          g_string_append_printf (markup, "<a href=\"%s://localhost:%u/\">localhost:%u</a>",
                                  scheme, port->host_port, port->host_port);
        }
      else if (g_str_equal (protocol, "tcp"))
        g_string_append_printf (markup, "%u→%u", port->host_port, port->container_port);
      else
        g_string_append_printf (markup, "%u→%u/%s", port->host_port, port->container_port, protocol);
    }

  if (markup->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&markup), FALSE);
}

static char *
format_span (GTimeSpan span)
{
  gint64 seconds = MAX (span / G_TIME_SPAN_SECOND, 0);

  if (seconds < 60)
    return g_strdup (_("less than a minute"));
  if (seconds < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", (gulong) (seconds / 60)),
                            (int) (seconds / 60));
  if (seconds < 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", (gulong) (seconds / 3600)),
                            (int) (seconds / 3600));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong) (seconds / 86400)),
                          (int) (seconds / 86400));
}

char *
berth_service_row_dup_uptime (BerthServiceStatus *status,
                              GDateTime          *now)
{
  GDateTime *started, *finished;
  g_autofree char *span = NULL;

  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (status), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  started = berth_service_status_get_started_at (status);
  finished = berth_service_status_get_finished_at (status);

  switch (berth_service_status_get_state (status))
    {
    case BERTH_SERVICE_STATE_RUNNING:
    case BERTH_SERVICE_STATE_PAUSED:
      if (started == NULL)
        return NULL;
      span = format_span (g_date_time_difference (now, started));
      /* Translators: %s is a duration, "5 minutes" */
      return g_strdup_printf (_("Up %s"), span);

    case BERTH_SERVICE_STATE_EXITED:
    case BERTH_SERVICE_STATE_DEAD:
      if (finished == NULL)
        return NULL;
      span = format_span (g_date_time_difference (now, finished));
      /* Translators: %s is a duration, "5 minutes" */
      return g_strdup_printf (_("Stopped %s ago"), span);

    case BERTH_SERVICE_STATE_NOT_CREATED:
    case BERTH_SERVICE_STATE_CREATED:
    case BERTH_SERVICE_STATE_RESTARTING:
    case BERTH_SERVICE_STATE_REMOVING:
    default:
      return NULL;
    }
}

static void
berth_service_row_update_uptime (BerthServiceRow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *uptime = NULL;

  if (self->status != NULL)
    uptime = berth_service_row_dup_uptime (self->status, now);

  gtk_label_set_label (self->uptime_label, uptime);
  gtk_widget_set_visible (GTK_WIDGET (self->uptime_label), uptime != NULL);
}

static GMenuModel *
berth_service_row_build_menu (BerthServiceRow *self)
{
  static const struct {
    const char *label;
    const char *action;
  } items[] = {
    { N_("_Start"), "win.service-start" },
    { N_("S_top"), "win.service-stop" },
    { N_("_Restart"), "win.service-restart" },
    { N_("_Logs"), "win.service-logs" },
    { N_("_Terminal"), "win.service-terminal" },
    { N_("_Inspect"), "win.service-inspect" },
  };
  GMenu *menu = g_menu_new ();
  const char *service = berth_service_status_get_service (self->status);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, items[i].action, g_variant_new_string (service));
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

static void
berth_service_row_update (BerthServiceRow *self)
{
  const char *service = NULL;
  const char *image = NULL;
  g_autofree char *ports = NULL;

  if (self->status != NULL)
    {
      service = berth_service_status_get_service (self->status);
      image = berth_service_status_get_image (self->status);
      ports = berth_service_row_format_ports (berth_service_status_get_ports (self->status));
    }
  if (image == NULL || image[0] == '\0')
    image = self->fallback_image;

  gtk_label_set_label (self->name_label, service);
  gtk_label_set_label (self->image_label, image);
  gtk_widget_set_visible (GTK_WIDGET (self->image_label), image != NULL);
  gtk_label_set_markup (self->ports_label, ports != NULL ? ports : "");
  gtk_widget_set_visible (GTK_WIDGET (self->ports_label), ports != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, service,
                                  -1);

  berth_service_row_update_uptime (self);
}

void
berth_service_row_set_status (BerthServiceRow    *self,
                              BerthServiceStatus *status)
{
  g_return_if_fail (BERTH_IS_SERVICE_ROW (self));
  g_return_if_fail (status == NULL || BERTH_IS_SERVICE_STATUS (status));

  if (self->status == status)
    return;

  if (self->status != NULL)
    g_clear_signal_handler (&self->notify_id, self->status);
  g_set_object (&self->status, status);
  if (self->status != NULL)
    {
      g_autoptr(GMenuModel) menu = berth_service_row_build_menu (self);

      self->notify_id = g_signal_connect_object (self->status, "notify",
                                                 G_CALLBACK (berth_service_row_update), self,
                                                 G_CONNECT_SWAPPED);
      gtk_menu_button_set_menu_model (self->menu_button, menu);
    }
  else
    gtk_menu_button_set_menu_model (self->menu_button, NULL);

  berth_status_badge_set_service_status (self->badge, status);
  berth_service_row_update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

BerthServiceStatus *
berth_service_row_get_status (BerthServiceRow *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_ROW (self), NULL);

  return self->status;
}

void
berth_service_row_set_fallback_image (BerthServiceRow *self,
                                      const char      *image)
{
  g_return_if_fail (BERTH_IS_SERVICE_ROW (self));

  if (g_strcmp0 (self->fallback_image, image) == 0)
    return;

  g_free (self->fallback_image);
  self->fallback_image = g_strdup (image);
  berth_service_row_update (self);
}

static gboolean
clock_cb (gpointer data)
{
  berth_service_row_update_uptime (data);
  return G_SOURCE_CONTINUE;
}

static void
berth_service_row_map (GtkWidget *widget)
{
  BerthServiceRow *self = BERTH_SERVICE_ROW (widget);

  GTK_WIDGET_CLASS (berth_service_row_parent_class)->map (widget);

  berth_service_row_update_uptime (self);
  if (self->clock_id == 0)
    self->clock_id = g_timeout_add_seconds (30, clock_cb, self);
}

static void
berth_service_row_unmap (GtkWidget *widget)
{
  BerthServiceRow *self = BERTH_SERVICE_ROW (widget);

  g_clear_handle_id (&self->clock_id, g_source_remove);

  GTK_WIDGET_CLASS (berth_service_row_parent_class)->unmap (widget);
}

static void
berth_service_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BerthServiceRow *self = BERTH_SERVICE_ROW (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_object (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_service_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BerthServiceRow *self = BERTH_SERVICE_ROW (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      berth_service_row_set_status (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_service_row_dispose (GObject *object)
{
  BerthServiceRow *self = BERTH_SERVICE_ROW (object);

  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (self->status != NULL)
    g_clear_signal_handler (&self->notify_id, self->status);
  g_clear_object (&self->status);
  g_clear_pointer (&self->fallback_image, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_SERVICE_ROW);
  /* The unnamed box of the labels is not a bound child. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (berth_service_row_parent_class)->dispose (object);
}

static void
berth_service_row_class_init (BerthServiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = berth_service_row_get_property;
  object_class->set_property = berth_service_row_set_property;
  object_class->dispose = berth_service_row_dispose;

  widget_class->map = berth_service_row_map;
  widget_class->unmap = berth_service_row_unmap;

  properties[PROP_STATUS] =
    g_param_spec_object ("status", NULL, NULL,
                         BERTH_TYPE_SERVICE_STATUS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BERTH_TYPE_STATUS_BADGE);

  berth_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, BERTH_RESOURCE_PATH "/ui/berth-service-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthServiceRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, BerthServiceRow, image_label);
  gtk_widget_class_bind_template_child (widget_class, BerthServiceRow, ports_label);
  gtk_widget_class_bind_template_child (widget_class, BerthServiceRow, uptime_label);
  gtk_widget_class_bind_template_child (widget_class, BerthServiceRow, badge);
  gtk_widget_class_bind_template_child (widget_class, BerthServiceRow, menu_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
berth_service_row_init (BerthServiceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 12);
}

GtkWidget *
berth_service_row_new (void)
{
  return g_object_new (BERTH_TYPE_SERVICE_ROW, NULL);
}
