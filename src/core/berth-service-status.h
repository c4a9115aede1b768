/* berth-service-status.h: the state of one service's container, as `ps`
 * reports it and as the status badges show it.
 *
 * A BerthServiceStatus is filled from the engine's JSON (an item of
 * GET /containers/json or a GET /containers/{id}/json answer) and emits
 * GObject::notify for each property that actually changed, so the UI can
 * bind to it.  Not thread-safe: update it from one thread (the list model
 * does so in its main context).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "berth-engine-events.h"

G_BEGIN_DECLS

typedef enum
{
  BERTH_SERVICE_STATE_NOT_CREATED,
  BERTH_SERVICE_STATE_CREATED,
  BERTH_SERVICE_STATE_RUNNING,
  BERTH_SERVICE_STATE_PAUSED,
  BERTH_SERVICE_STATE_RESTARTING,
  BERTH_SERVICE_STATE_EXITED,
  BERTH_SERVICE_STATE_DEAD,
  BERTH_SERVICE_STATE_REMOVING,
} BerthServiceState;

typedef enum
{
  BERTH_SERVICE_HEALTH_NONE,       /* no healthcheck, or not running */
  BERTH_SERVICE_HEALTH_STARTING,
  BERTH_SERVICE_HEALTH_HEALTHY,
  BERTH_SERVICE_HEALTH_UNHEALTHY,
} BerthServiceHealth;

#define BERTH_TYPE_SERVICE_STATE  (berth_service_state_get_type ())
#define BERTH_TYPE_SERVICE_HEALTH (berth_service_health_get_type ())
GType berth_service_state_get_type  (void) G_GNUC_CONST;
GType berth_service_health_get_type (void) G_GNUC_CONST;

/* "not created", "created", "running", "paused", "restarting", "exited",
 * "dead", "removing" (the words docker compose ps uses); not translated. */
const char        *berth_service_state_to_string   (BerthServiceState  state);
BerthServiceState  berth_service_state_from_string (const char        *str);
/* "none", "starting", "healthy", "unhealthy"; not translated. */
const char        *berth_service_health_to_string  (BerthServiceHealth health);
BerthServiceHealth berth_service_health_from_string (const char       *str);

/* One published port.  host_ip "" means all addresses. */
typedef struct
{
  char    *host_ip;
  guint16  host_port;
  guint16  container_port;
  char    *protocol;        /* "tcp", "udp", "sctp" */
} BerthPublishedPort;

#define BERTH_TYPE_PUBLISHED_PORT (berth_published_port_get_type ())
GType               berth_published_port_get_type (void) G_GNUC_CONST;
BerthPublishedPort *berth_published_port_copy     (const BerthPublishedPort *port);
void                berth_published_port_free     (BerthPublishedPort       *port);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthPublishedPort, berth_published_port_free)

#define BERTH_TYPE_SERVICE_STATUS (berth_service_status_get_type ())
G_DECLARE_FINAL_TYPE (BerthServiceStatus, berth_service_status, BERTH, SERVICE_STATUS, GObject)

/* A row for `service` with no container: state NOT_CREATED. */
BerthServiceStatus *berth_service_status_new              (const char *service);

/* Fill from an inspect answer (GET /containers/{id}/json).  The service
 * name is kept unless the container's label names another. */
void                berth_service_status_update_from_inspect (BerthServiceStatus *self,
                                                              JsonObject         *inspect);
/* Fill from an item of GET /containers/json.  That summary has no restart
 * policy and no start/finish times: exit code and health come from its
 * "Status" text, and `completed` assumes a one-shot (restart "no"). */
void                berth_service_status_update_from_summary (BerthServiceStatus *self,
                                                              JsonObject         *item);
/* What a container event says without asking the engine: start, restart,
 * unpause (running), die (exited with the event's exitCode), pause and
 * health_status.  The engine holds a dying container while it tears down
 * its network, so an inspect right after "die" can wait for that; the
 * badge need not.  FALSE (nothing changed) for other actions or another
 * container; an inspect later fills the rest. */
gboolean            berth_service_status_update_from_event   (BerthServiceStatus     *self,
                                                              const BerthEngineEvent *event);
/* Back to NOT_CREATED (the container was removed). */
void                berth_service_status_clear               (BerthServiceStatus *self);

const char         *berth_service_status_get_service        (BerthServiceStatus *self);
const char         *berth_service_status_get_project        (BerthServiceStatus *self);
guint               berth_service_status_get_number         (BerthServiceStatus *self);
const char         *berth_service_status_get_container_name (BerthServiceStatus *self);
const char         *berth_service_status_get_container_id   (BerthServiceStatus *self);
BerthServiceState   berth_service_status_get_state          (BerthServiceStatus *self);
BerthServiceHealth  berth_service_status_get_health         (BerthServiceStatus *self);
int                 berth_service_status_get_exit_code      (BerthServiceStatus *self);
/* A one-shot (restart policy "no", "on-failure" or none) that exited 0:
 * a migration or init container that did its job, not a failure. */
gboolean            berth_service_status_get_completed      (BerthServiceStatus *self);
/* Exited non-zero, dead, or unhealthy. */
gboolean            berth_service_status_get_failed         (BerthServiceStatus *self);
const char         *berth_service_status_get_image          (BerthServiceStatus *self);
const char         *berth_service_status_get_restart_policy (BerthServiceStatus *self);
const char         *berth_service_status_get_config_hash    (BerthServiceStatus *self);
/* Element type BerthPublishedPort, sorted by container port then host ip. */
GPtrArray          *berth_service_status_get_ports          (BerthServiceStatus *self);
/* NULL when never started / not finished. */
GDateTime          *berth_service_status_get_started_at     (BerthServiceStatus *self);
GDateTime          *berth_service_status_get_finished_at    (BerthServiceStatus *self);
/* Short badge text, translated: "running", "healthy", "starting",
 * "unhealthy", "exited (1)", "completed", "restarting", "not created"... */
char               *berth_service_status_dup_label          (BerthServiceStatus *self);

/* The ps --json object: service, container, id, state, health, exit_code,
 * completed, image, ports [{host_ip, host_port, container_port, protocol}],
 * started_at, finished_at (RFC 3339 or null), project, number. */
JsonNode           *berth_service_status_to_json            (BerthServiceStatus *self);

G_END_DECLS
