/* berth-status-badge.c: a service's status as colour, icon and text.
 *
 * Colour is never the only carrier: every kind has its own icon and label,
 * and the label is the accessible name of the badge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-application.h"
#include "berth-status-badge.h"

struct _BerthStatusBadge
{
  GtkWidget           parent_instance;

  GtkImage           *icon;
  GtkLabel           *label;

  BerthServiceStatus *status;
  gulong              notify_id;

  BerthBadgeKind      kind;
  int                 exit_code;
  const char         *style_class;
};

G_DEFINE_FINAL_TYPE (BerthStatusBadge, berth_status_badge, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (BerthBadgeKind, berth_badge_kind,
                    G_DEFINE_ENUM_VALUE (BERTH_BADGE_KIND_NOT_CREATED, "not-created"),
                    G_DEFINE_ENUM_VALUE (BERTH_BADGE_KIND_CREATED, "created"),
                    G_DEFINE_ENUM_VALUE (BERTH_BADGE_KIND_STARTING, "starting"),
                    G_DEFINE_ENUM_VALUE (BERTH_BADGE_KIND_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (BERTH_BADGE_KIND_HEALTHY, "healthy"),
                    G_DEFINE_ENUM_VALUE (BERTH_BADGE_KIND_UNHEALTHY, "unhealthy"),
                    G_DEFINE_ENUM_VALUE (BERTH_BADGE_KIND_RESTARTING, "restarting"),
                    G_DEFINE_ENUM_VALUE (BERTH_BADGE_KIND_PAUSED, "paused"),
                    G_DEFINE_ENUM_VALUE (BERTH_BADGE_KIND_EXITED, "exited"),
                    G_DEFINE_ENUM_VALUE (BERTH_BADGE_KIND_COMPLETED, "completed"))

enum {
  PROP_0,
  PROP_SERVICE_STATUS,
  PROP_KIND,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *icon_name;
  const char *style_class;
} kind_info[] = {
  [BERTH_BADGE_KIND_NOT_CREATED] = { "list-remove-symbolic", "not-created" },
  [BERTH_BADGE_KIND_CREATED] = { "berth-container-symbolic", "created" },
  [BERTH_BADGE_KIND_STARTING] = { "content-loading-symbolic", "starting" },
  [BERTH_BADGE_KIND_RUNNING] = { "media-playback-start-symbolic", "running" },
  [BERTH_BADGE_KIND_HEALTHY] = { "berth-healthy-symbolic", "healthy" },
  [BERTH_BADGE_KIND_UNHEALTHY] = { "berth-unhealthy-symbolic", "unhealthy" },
  [BERTH_BADGE_KIND_RESTARTING] = { "view-refresh-symbolic", "restarting" },
  [BERTH_BADGE_KIND_PAUSED] = { "media-playback-pause-symbolic", "paused" },
  [BERTH_BADGE_KIND_EXITED] = { "process-stop-symbolic", "exited" },
  [BERTH_BADGE_KIND_COMPLETED] = { "object-select-symbolic", "completed" },
};

BerthBadgeKind
berth_badge_kind_from_state (BerthServiceState  state,
                             BerthServiceHealth health,
                             gboolean           completed)
{
  switch (state)
    {
    case BERTH_SERVICE_STATE_NOT_CREATED:
    case BERTH_SERVICE_STATE_REMOVING:
      return BERTH_BADGE_KIND_NOT_CREATED;

    case BERTH_SERVICE_STATE_CREATED:
      return BERTH_BADGE_KIND_CREATED;

    case BERTH_SERVICE_STATE_RUNNING:
      switch (health)
        {
        case BERTH_SERVICE_HEALTH_STARTING:
          return BERTH_BADGE_KIND_STARTING;
        case BERTH_SERVICE_HEALTH_HEALTHY:
          return BERTH_BADGE_KIND_HEALTHY;
        case BERTH_SERVICE_HEALTH_UNHEALTHY:
          return BERTH_BADGE_KIND_UNHEALTHY;
        case BERTH_SERVICE_HEALTH_NONE:
        default:
          return BERTH_BADGE_KIND_RUNNING;
        }

    case BERTH_SERVICE_STATE_PAUSED:
      return BERTH_BADGE_KIND_PAUSED;

    case BERTH_SERVICE_STATE_RESTARTING:
      return BERTH_BADGE_KIND_RESTARTING;

    case BERTH_SERVICE_STATE_EXITED:
      /* A migration job that exited 0 did its work; a server that exited 0
       * under restart "always" did not, and shows "Exited (0)". */
      return completed ? BERTH_BADGE_KIND_COMPLETED : BERTH_BADGE_KIND_EXITED;

    case BERTH_SERVICE_STATE_DEAD:
    default:
      return BERTH_BADGE_KIND_EXITED;
    }
}

BerthBadgeKind
berth_badge_kind_from_status (BerthServiceStatus *status)
{
  g_return_val_if_fail (status == NULL || BERTH_IS_SERVICE_STATUS (status), BERTH_BADGE_KIND_NOT_CREATED);

  if (status == NULL)
    return BERTH_BADGE_KIND_NOT_CREATED;

  return berth_badge_kind_from_state (berth_service_status_get_state (status),
                                      berth_service_status_get_health (status),
                                      berth_service_status_get_completed (status));
}

char *
berth_badge_kind_dup_label (BerthBadgeKind kind,
                            int            exit_code)
{
  switch (kind)
    {
    case BERTH_BADGE_KIND_NOT_CREATED:
      return g_strdup (C_("service status", "Not created"));
    case BERTH_BADGE_KIND_CREATED:
      return g_strdup (C_("service status", "Created"));
    case BERTH_BADGE_KIND_STARTING:
      return g_strdup (C_("service status", "Starting"));
    case BERTH_BADGE_KIND_RUNNING:
      return g_strdup (C_("service status", "Running"));
    case BERTH_BADGE_KIND_HEALTHY:
      return g_strdup (C_("service status", "Healthy"));
    case BERTH_BADGE_KIND_UNHEALTHY:
      return g_strdup (C_("service status", "Unhealthy"));
    case BERTH_BADGE_KIND_RESTARTING:
      return g_strdup (C_("service status", "Restarting"));
    case BERTH_BADGE_KIND_PAUSED:
      return g_strdup (C_("service status", "Paused"));
    case BERTH_BADGE_KIND_EXITED:
      /* Translators: %d is the container's exit code */
      return g_strdup_printf (C_("service status", "Exited (%d)"), exit_code);
    case BERTH_BADGE_KIND_COMPLETED:
      return g_strdup (C_("service status", "Completed"));
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
berth_badge_kind_get_icon_name (BerthBadgeKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_info), NULL);

  return kind_info[kind].icon_name;
}

const char *
berth_badge_kind_get_style_class (BerthBadgeKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_info), NULL);

  return kind_info[kind].style_class;
}

static void
berth_status_badge_show (BerthStatusBadge *self,
                         BerthBadgeKind    kind,
                         int               exit_code)
{
  g_autofree char *text = NULL;
  const char *style_class;
  gboolean changed = (kind != self->kind || exit_code != self->exit_code);

  if (!changed && self->style_class != NULL)
    return;

  self->kind = kind;
  self->exit_code = exit_code;

  text = berth_badge_kind_dup_label (kind, exit_code);
  style_class = berth_badge_kind_get_style_class (kind);

  if (self->style_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self), self->style_class);
  gtk_widget_add_css_class (GTK_WIDGET (self), style_class);
  self->style_class = style_class;

  gtk_image_set_from_icon_name (self->icon, berth_badge_kind_get_icon_name (kind));
  gtk_label_set_label (self->label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

static void
status_notify_cb (BerthStatusBadge *self)
{
  berth_status_badge_show (self,
                           berth_badge_kind_from_status (self->status),
                           self->status != NULL ? berth_service_status_get_exit_code (self->status) : 0);
}

void
berth_status_badge_set_service_status (BerthStatusBadge   *self,
                                       BerthServiceStatus *status)
{
  g_return_if_fail (BERTH_IS_STATUS_BADGE (self));
  g_return_if_fail (status == NULL || BERTH_IS_SERVICE_STATUS (status));

  if (self->status == status)
    return;

  if (self->status != NULL)
    g_clear_signal_handler (&self->notify_id, self->status);
  g_set_object (&self->status, status);
  if (self->status != NULL)
    self->notify_id = g_signal_connect_object (self->status, "notify",
                                               G_CALLBACK (status_notify_cb), self,
                                               G_CONNECT_SWAPPED);

  status_notify_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_STATUS]);
}

BerthServiceStatus *
berth_status_badge_get_service_status (BerthStatusBadge *self)
{
  g_return_val_if_fail (BERTH_IS_STATUS_BADGE (self), NULL);

  return self->status;
}

void
berth_status_badge_set_kind (BerthStatusBadge *self,
                             BerthBadgeKind    kind,
                             int               exit_code)
{
  g_return_if_fail (BERTH_IS_STATUS_BADGE (self));
  g_return_if_fail (kind < G_N_ELEMENTS (kind_info));

  berth_status_badge_set_service_status (self, NULL);
  berth_status_badge_show (self, kind, exit_code);
}

BerthBadgeKind
berth_status_badge_get_kind (BerthStatusBadge *self)
{
  g_return_val_if_fail (BERTH_IS_STATUS_BADGE (self), BERTH_BADGE_KIND_NOT_CREATED);

  return self->kind;
}

const char *
berth_status_badge_get_label (BerthStatusBadge *self)
{
  g_return_val_if_fail (BERTH_IS_STATUS_BADGE (self), NULL);

  return gtk_label_get_label (self->label);
}

static void
berth_status_badge_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BerthStatusBadge *self = BERTH_STATUS_BADGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE_STATUS:
      g_value_set_object (value, self->status);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_LABEL:
      g_value_set_string (value, berth_status_badge_get_label (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_status_badge_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BerthStatusBadge *self = BERTH_STATUS_BADGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE_STATUS:
      berth_status_badge_set_service_status (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_status_badge_dispose (GObject *object)
{
  BerthStatusBadge *self = BERTH_STATUS_BADGE (object);

  if (self->status != NULL)
    g_clear_signal_handler (&self->notify_id, self->status);
  g_clear_object (&self->status);

  gtk_widget_dispose_template (GTK_WIDGET (object), BERTH_TYPE_STATUS_BADGE);

  G_OBJECT_CLASS (berth_status_badge_parent_class)->dispose (object);
}

static void
berth_status_badge_class_init (BerthStatusBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = berth_status_badge_get_property;
  object_class->set_property = berth_status_badge_set_property;
  object_class->dispose = berth_status_badge_dispose;

  properties[PROP_SERVICE_STATUS] =
    g_param_spec_object ("service-status", NULL, NULL,
                         BERTH_TYPE_SERVICE_STATUS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       BERTH_TYPE_BADGE_KIND, BERTH_BADGE_KIND_NOT_CREATED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  berth_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, BERTH_RESOURCE_PATH "/ui/berth-status-badge.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthStatusBadge, icon);
  gtk_widget_class_bind_template_child (widget_class, BerthStatusBadge, label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statusbadge");
}

static void
berth_status_badge_init (BerthStatusBadge *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 4);

  berth_status_badge_show (self, BERTH_BADGE_KIND_NOT_CREATED, 0);
}

GtkWidget *
berth_status_badge_new (void)
{
  return g_object_new (BERTH_TYPE_STATUS_BADGE, NULL);
}
