/* berth-service-status.c: one service's container as the engine last
 * described it, with a notification for each change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "berth-compose-labels.h"
#include "berth-service-status-private.h"

struct _BerthServiceStatus
{
  GObject             parent_instance;

  char               *service;
  char               *project;
  guint               number;
  char               *container_name;
  char               *container_id;
  BerthServiceState   state;
  BerthServiceHealth  health;
  int                 exit_code;
  gboolean            completed;
  char               *image;
  char               *restart_policy;
  char               *config_hash;
  GPtrArray          *ports;
  GDateTime          *started_at;
  GDateTime          *finished_at;
  gint64              created_us;
};

G_DEFINE_FINAL_TYPE (BerthServiceStatus, berth_service_status, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVICE,
  PROP_PROJECT,
  PROP_NUMBER,
  PROP_CONTAINER_NAME,
  PROP_CONTAINER_ID,
  PROP_STATE,
  PROP_HEALTH,
  PROP_EXIT_CODE,
  PROP_COMPLETED,
  PROP_FAILED,
  PROP_IMAGE,
  PROP_RESTART_POLICY,
  PROP_CONFIG_HASH,
  PROP_PORTS,
  PROP_STARTED_AT,
  PROP_FINISHED_AT,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static void
berth_service_status_finalize (GObject *object)
{
  BerthServiceStatus *self = (BerthServiceStatus *) object;

  g_free (self->service);
  g_free (self->project);
  g_free (self->container_name);
  g_free (self->container_id);
  g_free (self->image);
  g_free (self->restart_policy);
  g_free (self->config_hash);
  g_clear_pointer (&self->ports, g_ptr_array_unref);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->finished_at, g_date_time_unref);

  G_OBJECT_CLASS (berth_service_status_parent_class)->finalize (object);
}

static void
berth_service_status_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BerthServiceStatus *self = BERTH_SERVICE_STATUS (object);

  switch (prop_id)
    {
    case PROP_SERVICE: g_value_set_string (value, self->service); break;
    case PROP_PROJECT: g_value_set_string (value, self->project); break;
    case PROP_NUMBER: g_value_set_uint (value, self->number); break;
    case PROP_CONTAINER_NAME: g_value_set_string (value, self->container_name); break;
    case PROP_CONTAINER_ID: g_value_set_string (value, self->container_id); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_HEALTH: g_value_set_enum (value, self->health); break;
    case PROP_EXIT_CODE: g_value_set_int (value, self->exit_code); break;
    case PROP_COMPLETED: g_value_set_boolean (value, self->completed); break;
    case PROP_FAILED: g_value_set_boolean (value, berth_service_status_get_failed (self)); break;
    case PROP_IMAGE: g_value_set_string (value, self->image); break;
    case PROP_RESTART_POLICY: g_value_set_string (value, self->restart_policy); break;
    case PROP_CONFIG_HASH: g_value_set_string (value, self->config_hash); break;
    case PROP_PORTS: g_value_set_boxed (value, self->ports); break;
    case PROP_STARTED_AT: g_value_set_boxed (value, self->started_at); break;
    case PROP_FINISHED_AT: g_value_set_boxed (value, self->finished_at); break;
    case PROP_LABEL: g_value_take_string (value, berth_service_status_dup_label (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_service_status_class_init (BerthServiceStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = berth_service_status_finalize;
  object_class->get_property = berth_service_status_get_property;

  properties[PROP_SERVICE] = g_param_spec_string ("service", NULL, NULL, NULL, ro);
  properties[PROP_PROJECT] = g_param_spec_string ("project", NULL, NULL, NULL, ro);
  properties[PROP_NUMBER] = g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT, 1, ro);
  properties[PROP_CONTAINER_NAME] = g_param_spec_string ("container-name", NULL, NULL, NULL, ro);
  properties[PROP_CONTAINER_ID] = g_param_spec_string ("container-id", NULL, NULL, NULL, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, BERTH_TYPE_SERVICE_STATE,
                                              BERTH_SERVICE_STATE_NOT_CREATED, ro);
  properties[PROP_HEALTH] = g_param_spec_enum ("health", NULL, NULL, BERTH_TYPE_SERVICE_HEALTH,
                                               BERTH_SERVICE_HEALTH_NONE, ro);
  properties[PROP_EXIT_CODE] = g_param_spec_int ("exit-code", NULL, NULL, -1, G_MAXINT, -1, ro);
  properties[PROP_COMPLETED] = g_param_spec_boolean ("completed", NULL, NULL, FALSE, ro);
  properties[PROP_FAILED] = g_param_spec_boolean ("failed", NULL, NULL, FALSE, ro);
  properties[PROP_IMAGE] = g_param_spec_string ("image", NULL, NULL, NULL, ro);
  properties[PROP_RESTART_POLICY] = g_param_spec_string ("restart-policy", NULL, NULL, NULL, ro);
  properties[PROP_CONFIG_HASH] = g_param_spec_string ("config-hash", NULL, NULL, NULL, ro);
  properties[PROP_PORTS] = g_param_spec_boxed ("ports", NULL, NULL, G_TYPE_PTR_ARRAY, ro);
  properties[PROP_STARTED_AT] = g_param_spec_boxed ("started-at", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_FINISHED_AT] = g_param_spec_boxed ("finished-at", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
berth_service_status_init (BerthServiceStatus *self)
{
  self->number = 1;
  self->exit_code = -1;
  self->ports = berth_published_ports_new ();
}

BerthServiceStatus *
berth_service_status_new (const char *service)
{
  BerthServiceStatus *self = g_object_new (BERTH_TYPE_SERVICE_STATUS, NULL);

  self->service = g_strdup (service);
  return self;
}

/* What one update computes; applied with notifications in apply(). */
typedef struct
{
  char               *service;
  char               *project;
  guint               number;
  char               *container_name;
  char               *container_id;
  BerthServiceState   state;
  BerthServiceHealth  health;
  int                 exit_code;
  char               *image;
  char               *restart_policy;
  char               *config_hash;
  GPtrArray          *ports;
  GDateTime          *started_at;
  GDateTime          *finished_at;
  gint64              created_us;
} Snapshot;

static void
snapshot_clear (Snapshot *s)
{
  g_free (s->service);
  g_free (s->project);
  g_free (s->container_name);
  g_free (s->container_id);
  g_free (s->image);
  g_free (s->restart_policy);
  g_free (s->config_hash);
  g_clear_pointer (&s->ports, g_ptr_array_unref);
  g_clear_pointer (&s->started_at, g_date_time_unref);
  g_clear_pointer (&s->finished_at, g_date_time_unref);
}

static gboolean
ports_equal (GPtrArray *a,
             GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (berth_published_port_compare (&a->pdata[i], &b->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
dates_equal (GDateTime *a,
             GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b);
}

#define SET_STRING(field, prop) \
  G_STMT_START { \
    if (g_strcmp0 (self->field, s->field) != 0) \
      { \
        g_free (self->field); \
        self->field = g_steal_pointer (&s->field); \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
      } \
  } G_STMT_END

#define SET_DATE(field, prop) \
  G_STMT_START { \
    if (!dates_equal (self->field, s->field)) \
      { \
        g_clear_pointer (&self->field, g_date_time_unref); \
        self->field = g_steal_pointer (&s->field); \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
      } \
  } G_STMT_END

static void
apply (BerthServiceStatus *self,
       Snapshot           *s)
{
  gboolean was_failed = berth_service_status_get_failed (self);
  g_autofree char *old_label = berth_service_status_dup_label (self);
  g_autofree char *new_label = NULL;
  gboolean completed;

  g_object_freeze_notify (G_OBJECT (self));

  if (s->service != NULL)
    SET_STRING (service, PROP_SERVICE);
  SET_STRING (project, PROP_PROJECT);
  if (self->number != s->number)
    {
      self->number = s->number;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUMBER]);
    }
  SET_STRING (container_name, PROP_CONTAINER_NAME);
  SET_STRING (container_id, PROP_CONTAINER_ID);
  if (self->state != s->state)
    {
      self->state = s->state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (self->health != s->health)
    {
      self->health = s->health;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEALTH]);
    }
  if (self->exit_code != s->exit_code)
    {
      self->exit_code = s->exit_code;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXIT_CODE]);
    }
  SET_STRING (image, PROP_IMAGE);
  SET_STRING (restart_policy, PROP_RESTART_POLICY);
  SET_STRING (config_hash, PROP_CONFIG_HASH);
  if (!ports_equal (self->ports, s->ports))
    {
      g_ptr_array_unref (self->ports);
      self->ports = g_steal_pointer (&s->ports);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORTS]);
    }
  SET_DATE (started_at, PROP_STARTED_AT);
  SET_DATE (finished_at, PROP_FINISHED_AT);
  self->created_us = s->created_us;

  completed = berth_service_status_compute_completed (self->state, self->exit_code, self->restart_policy);
  if (completed != self->completed)
    {
      self->completed = completed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETED]);
    }
  if (was_failed != berth_service_status_get_failed (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED]);
  new_label = berth_service_status_dup_label (self);
  if (g_strcmp0 (old_label, new_label) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);

  g_object_thaw_notify (G_OBJECT (self));
  snapshot_clear (s);
}

static void
snapshot_labels (Snapshot   *s,
                 JsonObject *labels)
{
  const char *number;

  if (labels == NULL)
    return;
  s->service = g_strdup (json_object_get_string_member_with_default (labels, BERTH_COMPOSE_LABEL_SERVICE, NULL));
  s->project = g_strdup (json_object_get_string_member_with_default (labels, BERTH_COMPOSE_LABEL_PROJECT, NULL));
  s->config_hash = g_strdup (json_object_get_string_member_with_default (labels, BERTH_COMPOSE_LABEL_CONFIG_HASH, NULL));
  number = json_object_get_string_member_with_default (labels, BERTH_COMPOSE_LABEL_CONTAINER_NUMBER, NULL);
  if (number != NULL)
    s->number = (guint) g_ascii_strtoull (number, NULL, 10);
  if (s->number == 0)
    s->number = 1;
}

static JsonObject *
get_object (JsonObject *obj,
            const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static const char *
strip_slash (const char *name)
{
  if (name != NULL && name[0] == '/')
    return name + 1;
  return name;
}

void
berth_service_status_update_from_inspect (BerthServiceStatus *self,
                                          JsonObject         *inspect)
{
  Snapshot s = { 0 };
  JsonObject *state = get_object (inspect, "State");
  JsonObject *config = get_object (inspect, "Config");
  JsonObject *host_config = get_object (inspect, "HostConfig");
  JsonObject *health = get_object (state, "Health");
  JsonObject *restart = get_object (host_config, "RestartPolicy");
  JsonObject *labels = get_object (config, "Labels");

  g_return_if_fail (BERTH_IS_SERVICE_STATUS (self));
  g_return_if_fail (inspect != NULL);

  s.number = 1;
  snapshot_labels (&s, labels);
  s.container_name = g_strdup (strip_slash (json_object_get_string_member_with_default (inspect, "Name", NULL)));
  s.container_id = g_strdup (json_object_get_string_member_with_default (inspect, "Id", NULL));
  s.state = berth_service_state_from_string (state ? json_object_get_string_member_with_default (state, "Status", "created") : "created");
  s.exit_code = state ? (int) json_object_get_int_member_with_default (state, "ExitCode", 0) : -1;
  /* A container that never ran has no meaningful exit code. */
  if (s.state == BERTH_SERVICE_STATE_CREATED || s.state == BERTH_SERVICE_STATE_RUNNING ||
      s.state == BERTH_SERVICE_STATE_PAUSED)
    s.exit_code = -1;
  /* Health only means something while the process runs. */
  if (health != NULL && (s.state == BERTH_SERVICE_STATE_RUNNING || s.state == BERTH_SERVICE_STATE_PAUSED))
    s.health = berth_service_health_from_string (json_object_get_string_member_with_default (health, "Status", NULL));
  s.image = g_strdup (config ? json_object_get_string_member_with_default (config, "Image", NULL) : NULL);
  s.restart_policy = g_strdup (restart ? json_object_get_string_member_with_default (restart, "Name", "") : "");
  {
    g_autoptr(GDateTime) created = berth_service_status_parse_time (json_object_get_string_member_with_default (inspect, "Created", NULL));
    s.created_us = created ? g_date_time_to_unix (created) * G_USEC_PER_SEC + g_date_time_get_microsecond (created) : 0;
  }
  s.ports = berth_published_ports_from_inspect (get_object (get_object (inspect, "NetworkSettings"), "Ports"));
  if (state != NULL)
    {
      s.started_at = berth_service_status_parse_time (json_object_get_string_member_with_default (state, "StartedAt", NULL));
      if (s.state != BERTH_SERVICE_STATE_RUNNING && s.state != BERTH_SERVICE_STATE_PAUSED)
        s.finished_at = berth_service_status_parse_time (json_object_get_string_member_with_default (state, "FinishedAt", NULL));
    }

  apply (self, &s);
}

void
berth_service_status_update_from_summary (BerthServiceStatus *self,
                                          JsonObject         *item)
{
  Snapshot s = { 0 };
  JsonNode *names;
  JsonNode *ports;
  int exit_code;
  BerthServiceHealth health;

  g_return_if_fail (BERTH_IS_SERVICE_STATUS (self));
  g_return_if_fail (item != NULL);

  s.number = 1;
  snapshot_labels (&s, get_object (item, "Labels"));
  names = json_object_get_member (item, "Names");
  if (names && JSON_NODE_HOLDS_ARRAY (names) && json_array_get_length (json_node_get_array (names)) > 0)
    s.container_name = g_strdup (strip_slash (json_array_get_string_element (json_node_get_array (names), 0)));
  s.container_id = g_strdup (json_object_get_string_member_with_default (item, "Id", NULL));
  s.state = berth_service_state_from_string (json_object_get_string_member_with_default (item, "State", "created"));
  berth_service_status_parse_status_text (json_object_get_string_member_with_default (item, "Status", NULL),
                                          &exit_code, &health);
  s.exit_code = (s.state == BERTH_SERVICE_STATE_EXITED || s.state == BERTH_SERVICE_STATE_DEAD ||
                 s.state == BERTH_SERVICE_STATE_RESTARTING) ? exit_code : -1;
  s.health = (s.state == BERTH_SERVICE_STATE_RUNNING || s.state == BERTH_SERVICE_STATE_PAUSED) ? health : BERTH_SERVICE_HEALTH_NONE;
  s.image = g_strdup (json_object_get_string_member_with_default (item, "Image", NULL));
  s.created_us = json_object_get_int_member_with_default (item, "Created", 0) * G_USEC_PER_SEC;
  /* The summary has no restart policy: keep what an inspect told us. */
  s.restart_policy = g_strdup (self->restart_policy);
  ports = json_object_get_member (item, "Ports");
  s.ports = berth_published_ports_from_summary (ports && JSON_NODE_HOLDS_ARRAY (ports) ? json_node_get_array (ports) : NULL);
  if (self->container_id && g_strcmp0 (self->container_id, s.container_id) == 0)
    {
      s.started_at = self->started_at ? g_date_time_ref (self->started_at) : NULL;
      s.finished_at = self->finished_at ? g_date_time_ref (self->finished_at) : NULL;
    }

  apply (self, &s);
}

static void
snapshot_from_self (Snapshot           *s,
                    BerthServiceStatus *self)
{
  s->service = g_strdup (self->service);
  s->project = g_strdup (self->project);
  s->number = self->number;
  s->container_name = g_strdup (self->container_name);
  s->container_id = g_strdup (self->container_id);
  s->state = self->state;
  s->health = self->health;
  s->exit_code = self->exit_code;
  s->image = g_strdup (self->image);
  s->restart_policy = g_strdup (self->restart_policy);
  s->config_hash = g_strdup (self->config_hash);
  s->ports = g_ptr_array_copy (self->ports, (GCopyFunc) berth_published_port_copy, NULL);
  g_ptr_array_set_free_func (s->ports, (GDestroyNotify) berth_published_port_free);
  s->started_at = self->started_at ? g_date_time_ref (self->started_at) : NULL;
  s->finished_at = self->finished_at ? g_date_time_ref (self->finished_at) : NULL;
  s->created_us = self->created_us;
}

gboolean
berth_service_status_update_from_event (BerthServiceStatus     *self,
                                        const BerthEngineEvent *event)
{
  Snapshot s = { 0 };
  g_autoptr(GDateTime) when = NULL;
  const char *action;

  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (g_strcmp0 (event->type, "container") != 0 || event->action == NULL ||
      self->container_id == NULL || g_strcmp0 (self->container_id, event->actor_id) != 0)
    return FALSE;

  action = event->action;
  when = g_date_time_new_from_unix_utc (event->time_nano / 1000000000);
  if (when != NULL)
    {
      GDateTime *precise = g_date_time_add (when, (event->time_nano % 1000000000) / 1000);

      g_date_time_unref (when);
      when = precise;
    }

  snapshot_from_self (&s, self);
  if (g_str_equal (action, "start") || g_str_equal (action, "restart"))
    {
      s.state = BERTH_SERVICE_STATE_RUNNING;
      s.exit_code = -1;
      /* A healthcheck starts over with every start. */
      if (self->health != BERTH_SERVICE_HEALTH_NONE)
        s.health = BERTH_SERVICE_HEALTH_STARTING;
      g_clear_pointer (&s.started_at, g_date_time_unref);
      s.started_at = when ? g_date_time_ref (when) : NULL;
      g_clear_pointer (&s.finished_at, g_date_time_unref);
    }
  else if (g_str_equal (action, "die"))
    {
      const char *code = berth_engine_event_get_attribute (event, "exitCode");

      s.state = BERTH_SERVICE_STATE_EXITED;
      s.exit_code = code ? (int) g_ascii_strtoll (code, NULL, 10) : 0;
      s.health = BERTH_SERVICE_HEALTH_NONE;
      g_clear_pointer (&s.finished_at, g_date_time_unref);
      s.finished_at = when ? g_date_time_ref (when) : NULL;
    }
  else if (g_str_equal (action, "pause"))
    s.state = BERTH_SERVICE_STATE_PAUSED;
  else if (g_str_equal (action, "unpause"))
    s.state = BERTH_SERVICE_STATE_RUNNING;
  else if (g_str_equal (action, "health_status") && event->action_value != NULL &&
           (self->state == BERTH_SERVICE_STATE_RUNNING || self->state == BERTH_SERVICE_STATE_PAUSED))
    s.health = berth_service_health_from_string (event->action_value);
  else
    {
      snapshot_clear (&s);
      return FALSE;
    }

  apply (self, &s);
  return TRUE;
}

void
berth_service_status_clear (BerthServiceStatus *self)
{
  Snapshot s = { 0 };

  g_return_if_fail (BERTH_IS_SERVICE_STATUS (self));

  s.number = self->number;
  s.project = g_strdup (self->project);
  s.exit_code = -1;
  s.ports = berth_published_ports_new ();
  apply (self, &s);
}

const char *
berth_service_status_get_service (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), NULL);
  return self->service;
}

const char *
berth_service_status_get_project (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), NULL);
  return self->project;
}

guint
berth_service_status_get_number (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), 0);
  return self->number;
}

const char *
berth_service_status_get_container_name (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), NULL);
  return self->container_name;
}

const char *
berth_service_status_get_container_id (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), NULL);
  return self->container_id;
}

BerthServiceState
berth_service_status_get_state (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), BERTH_SERVICE_STATE_NOT_CREATED);
  return self->state;
}

BerthServiceHealth
berth_service_status_get_health (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), BERTH_SERVICE_HEALTH_NONE);
  return self->health;
}

int
berth_service_status_get_exit_code (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), -1);
  return self->exit_code;
}

gboolean
berth_service_status_get_completed (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), FALSE);
  return self->completed;
}

gboolean
berth_service_status_get_failed (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), FALSE);
  if (self->state == BERTH_SERVICE_STATE_DEAD)
    return TRUE;
  if (self->state == BERTH_SERVICE_STATE_EXITED && self->exit_code != 0)
    return TRUE;
  if (self->state == BERTH_SERVICE_STATE_RESTARTING)
    return TRUE;
  return self->health == BERTH_SERVICE_HEALTH_UNHEALTHY;
}

const char *
berth_service_status_get_image (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), NULL);
  return self->image;
}

const char *
berth_service_status_get_restart_policy (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), NULL);
  return self->restart_policy;
}

const char *
berth_service_status_get_config_hash (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), NULL);
  return self->config_hash;
}

GPtrArray *
berth_service_status_get_ports (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), NULL);
  return self->ports;
}

GDateTime *
berth_service_status_get_started_at (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), NULL);
  return self->started_at;
}

GDateTime *
berth_service_status_get_finished_at (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), NULL);
  return self->finished_at;
}

char *
berth_service_status_dup_label (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), NULL);

  switch (self->state)
    {
    case BERTH_SERVICE_STATE_NOT_CREATED: return g_strdup (_("not created"));
    case BERTH_SERVICE_STATE_CREATED: return g_strdup (_("created"));
    case BERTH_SERVICE_STATE_PAUSED: return g_strdup (_("paused"));
    case BERTH_SERVICE_STATE_DEAD: return g_strdup (_("dead"));
    case BERTH_SERVICE_STATE_REMOVING: return g_strdup (_("removing"));
    case BERTH_SERVICE_STATE_RESTARTING:
      if (self->exit_code > 0)
        /* Translators: a container the engine keeps restarting; %d is the last exit code */
        return g_strdup_printf (_("restarting (exit %d)"), self->exit_code);
      return g_strdup (_("restarting"));
    case BERTH_SERVICE_STATE_EXITED:
      if (self->completed)
        return g_strdup (_("completed"));
      /* Translators: %d is the container's exit code */
      return g_strdup_printf (_("exited (%d)"), self->exit_code);
    case BERTH_SERVICE_STATE_RUNNING:
    default:
      switch (self->health)
        {
        case BERTH_SERVICE_HEALTH_HEALTHY: return g_strdup (_("healthy"));
        case BERTH_SERVICE_HEALTH_UNHEALTHY: return g_strdup (_("unhealthy"));
        case BERTH_SERVICE_HEALTH_STARTING: return g_strdup (_("starting"));
        case BERTH_SERVICE_HEALTH_NONE:
        default:
          return g_strdup (_("running"));
        }
    }
}

static void
add_time (JsonBuilder *b,
          const char  *name,
          GDateTime   *dt)
{
  json_builder_set_member_name (b, name);
  if (dt != NULL)
    {
      g_autofree char *s = g_date_time_format_iso8601 (dt);
      json_builder_add_string_value (b, s);
    }
  else
    json_builder_add_null_value (b);
}

static void
add_nullable_string (JsonBuilder *b,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

JsonNode *
berth_service_status_to_json (BerthServiceStatus *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), NULL);

  json_builder_begin_object (b);
  add_nullable_string (b, "service", self->service);
  add_nullable_string (b, "project", self->project);
  json_builder_set_member_name (b, "number");
  json_builder_add_int_value (b, self->number);
  add_nullable_string (b, "container", self->container_name);
  add_nullable_string (b, "id", self->container_id);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, berth_service_state_to_string (self->state));
  json_builder_set_member_name (b, "health");
  json_builder_add_string_value (b, berth_service_health_to_string (self->health));
  json_builder_set_member_name (b, "exit_code");
  if (self->exit_code >= 0)
    json_builder_add_int_value (b, self->exit_code);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "completed");
  json_builder_add_boolean_value (b, self->completed);
  json_builder_set_member_name (b, "failed");
  json_builder_add_boolean_value (b, berth_service_status_get_failed (self));
  add_nullable_string (b, "image", self->image);
  json_builder_set_member_name (b, "ports");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->ports->len; i++)
    {
      BerthPublishedPort *p = g_ptr_array_index (self->ports, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "host_ip");
      json_builder_add_string_value (b, p->host_ip);
      json_builder_set_member_name (b, "host_port");
      json_builder_add_int_value (b, p->host_port);
      json_builder_set_member_name (b, "container_port");
      json_builder_add_int_value (b, p->container_port);
      json_builder_set_member_name (b, "protocol");
      json_builder_add_string_value (b, p->protocol);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_time (b, "started_at", self->started_at);
  add_time (b, "finished_at", self->finished_at);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

gint64
berth_service_status_get_created_us (BerthServiceStatus *self)
{
  g_return_val_if_fail (BERTH_IS_SERVICE_STATUS (self), 0);
  return self->created_us;
}
