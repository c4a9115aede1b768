/* berth-status-badge.h: a service's status as colour, icon and text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "berth-service-status.h"

G_BEGIN_DECLS

/* What a badge shows; derived from the core's state, health and exit code. */
typedef enum
{
  BERTH_BADGE_KIND_NOT_CREATED,  /* no container for the service */
  BERTH_BADGE_KIND_CREATED,      /* created, never started */
  BERTH_BADGE_KIND_STARTING,     /* running, healthcheck still "starting" */
  BERTH_BADGE_KIND_RUNNING,      /* running, no healthcheck */
  BERTH_BADGE_KIND_HEALTHY,
  BERTH_BADGE_KIND_UNHEALTHY,
  BERTH_BADGE_KIND_RESTARTING,
  BERTH_BADGE_KIND_PAUSED,
  BERTH_BADGE_KIND_EXITED,       /* exited (shown with its code), or dead */
  BERTH_BADGE_KIND_COMPLETED,    /* a one-shot that exited 0 */
} BerthBadgeKind;

#define BERTH_TYPE_BADGE_KIND (berth_badge_kind_get_type ())
GType berth_badge_kind_get_type (void);

/* completed: berth_service_status_get_completed(). */
BerthBadgeKind  berth_badge_kind_from_state     (BerthServiceState   state,
                                                 BerthServiceHealth  health,
                                                 gboolean            completed);
BerthBadgeKind  berth_badge_kind_from_status    (BerthServiceStatus *status);
/* "Exited (137)" for EXITED, else the kind's name; translated. */
char           *berth_badge_kind_dup_label      (BerthBadgeKind      kind,
                                                 int                 exit_code);
const char     *berth_badge_kind_get_icon_name  (BerthBadgeKind      kind);
/* The badge's CSS class ("running", "not-created", ...). */
const char     *berth_badge_kind_get_style_class (BerthBadgeKind     kind);

#define BERTH_TYPE_STATUS_BADGE (berth_status_badge_get_type ())
G_DECLARE_FINAL_TYPE (BerthStatusBadge, berth_status_badge, BERTH, STATUS_BADGE, GtkWidget)

GtkWidget          *berth_status_badge_new                (void);
/* Follows status (its notify signals) until another one is set; NULL shows
 * "Not created". */
void                berth_status_badge_set_service_status (BerthStatusBadge   *self,
                                                           BerthServiceStatus *status);
BerthServiceStatus *berth_status_badge_get_service_status (BerthStatusBadge   *self);
/* Shows a kind directly, without a status object. */
void                berth_status_badge_set_kind           (BerthStatusBadge   *self,
                                                           BerthBadgeKind      kind,
                                                           int                 exit_code);
BerthBadgeKind      berth_status_badge_get_kind           (BerthStatusBadge   *self);
const char         *berth_status_badge_get_label          (BerthStatusBadge   *self);

G_END_DECLS
