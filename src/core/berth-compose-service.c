/* berth-compose-service.c: one service of a compose project.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "berth-compose-service-private.h"
#include "berth-util.h"

G_DEFINE_FINAL_TYPE (BerthComposeService, berth_compose_service, G_TYPE_OBJECT)

/* ---- small structs ----------------------------------------------------- */

void
berth_compose_key_value_free (BerthComposeKeyValue *kv)
{
  g_free (kv->key);
  g_free (kv->value);
  g_free (kv);
}

GPtrArray *
berth_compose_key_values_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_key_value_free);
}

/* Replaces the value of key in place (keeping its position) or appends. */
void
berth_compose_key_values_set (GPtrArray *kvs, const char *key, const char *value)
{
  BerthComposeKeyValue *kv;

  for (guint i = 0; i < kvs->len; i++)
    {
      kv = g_ptr_array_index (kvs, i);
      if (g_str_equal (kv->key, key))
        {
          g_free (kv->value);
          kv->value = g_strdup (value);
          return;
        }
    }
  kv = g_new0 (BerthComposeKeyValue, 1);
  kv->key = g_strdup (key);
  kv->value = g_strdup (value);
  kv->secret = berth_util_is_secret_key (key);
  g_ptr_array_add (kvs, kv);
}

static BerthComposeKeyValue *
key_value_new (const char *key, const char *value)
{
  BerthComposeKeyValue *kv = g_new0 (BerthComposeKeyValue, 1);

  kv->key = g_strdup (key);
  kv->value = g_strdup (value);
  kv->secret = berth_util_is_secret_key (key);
  return kv;
}

void
berth_compose_key_values_append (GPtrArray *kvs, const char *key, const char *value)
{
  g_ptr_array_add (kvs, key_value_new (key, value));
}

/* Hash indexes keep these linear: a file may hold thousands of entries. */
void
berth_compose_key_values_update (GPtrArray *base, GPtrArray *over, gboolean keep_existing)
{
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < base->len; i++)
    {
      BerthComposeKeyValue *kv = g_ptr_array_index (base, i);
      g_hash_table_insert (index, kv->key, kv);
    }
  for (guint i = 0; over != NULL && i < over->len; i++)
    {
      BerthComposeKeyValue *o = g_ptr_array_index (over, i);
      BerthComposeKeyValue *kv = g_hash_table_lookup (index, o->key);

      if (kv == NULL)
        {
          kv = key_value_new (o->key, o->value);
          g_ptr_array_add (base, kv);
          g_hash_table_insert (index, kv->key, kv);
        }
      else if (!keep_existing)
        {
          g_free (kv->value);
          kv->value = g_strdup (o->value);
        }
    }
}

GPtrArray *
berth_compose_key_values_dedup (GPtrArray *kvs)
{
  GPtrArray *out = berth_compose_key_values_new ();

  berth_compose_key_values_update (out, kvs, FALSE);
  g_ptr_array_unref (kvs);
  return out;
}

void
berth_compose_port_free (BerthComposePort *port)
{
  g_free (port->host_ip);
  g_free (port->published);
  g_free (port->protocol);
  g_free (port->mode);
  g_free (port);
}

void
berth_compose_mount_free (BerthComposeMountPriv *mount)
{
  g_free (mount->pub.source);
  g_free (mount->pub.target);
  g_free (mount);
}

void
berth_compose_service_network_free (BerthComposeServiceNetworkPriv *net)
{
  g_free (net->pub.name);
  g_strfreev (net->pub.aliases);
  g_free (net->pub.ipv4_address);
  g_free (net);
}

void
berth_compose_dependency_free (BerthComposeDependencyPriv *dep)
{
  g_free (dep->pub.service);
  g_free (dep);
}

void
berth_compose_healthcheck_free (BerthComposeHealthcheck *hc)
{
  if (hc == NULL)
    return;
  g_strfreev (hc->test);
  g_free (hc);
}

void
berth_compose_build_free (BerthComposeBuild *build)
{
  if (build == NULL)
    return;
  g_free (build->context);
  g_free (build->dockerfile);
  g_clear_pointer (&build->args, g_ptr_array_unref);
  g_free (build->target);
  g_clear_pointer (&build->labels, g_ptr_array_unref);
  g_free (build);
}

void
berth_compose_ulimit_free (BerthComposeUlimit *ulimit)
{
  g_free (ulimit->name);
  g_free (ulimit);
}

void
berth_compose_logging_free (BerthComposeLogging *logging)
{
  if (logging == NULL)
    return;
  g_free (logging->driver);
  g_clear_pointer (&logging->options, g_ptr_array_unref);
  g_free (logging);
}

void
berth_compose_network_free (BerthComposeNetwork *network)
{
  g_free (network->key);
  g_free (network->name);
  g_free (network->driver);
  g_clear_pointer (&network->labels, g_ptr_array_unref);
  g_free (network);
}

void
berth_compose_volume_free (BerthComposeVolume *volume)
{
  g_free (volume->key);
  g_free (volume->name);
  g_free (volume->driver);
  g_clear_pointer (&volume->labels, g_ptr_array_unref);
  g_free (volume);
}

const char *
berth_compose_condition_to_string (BerthComposeCondition condition)
{
  switch (condition)
    {
    case BERTH_COMPOSE_CONDITION_HEALTHY:
      return "service_healthy";
    case BERTH_COMPOSE_CONDITION_COMPLETED_SUCCESSFULLY:
      return "service_completed_successfully";
    case BERTH_COMPOSE_CONDITION_STARTED:
    default:
      return "service_started";
    }
}

/* ---- GObject ------------------------------------------------------------ */

static void
berth_compose_service_finalize (GObject *object)
{
  BerthComposeService *self = BERTH_COMPOSE_SERVICE (object);

  g_free (self->name);
  g_free (self->image);
  berth_compose_build_free (self->build);
  g_free (self->container_name);
  g_strfreev (self->command);
  g_strfreev (self->entrypoint);
  g_clear_pointer (&self->environment, g_ptr_array_unref);
  g_clear_pointer (&self->env_file_values, g_ptr_array_unref);
  g_strfreev (self->env_files);
  g_clear_pointer (&self->ports, g_ptr_array_unref);
  g_strfreev (self->expose);
  g_clear_pointer (&self->volumes, g_ptr_array_unref);
  g_clear_pointer (&self->networks, g_ptr_array_unref);
  g_clear_pointer (&self->depends_on, g_ptr_array_unref);
  berth_compose_healthcheck_free (self->healthcheck);
  g_free (self->restart);
  g_free (self->working_dir);
  g_free (self->user);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_strfreev (self->extra_hosts);
  g_free (self->stop_signal);
  g_strfreev (self->cap_add);
  g_strfreev (self->cap_drop);
  g_free (self->hostname);
  g_strfreev (self->dns);
  g_clear_pointer (&self->ulimits, g_ptr_array_unref);
  berth_compose_logging_free (self->logging);
  g_clear_pointer (&self->resolved_environment, g_ptr_array_unref);

  G_OBJECT_CLASS (berth_compose_service_parent_class)->finalize (object);
}

static void
berth_compose_service_class_init (BerthComposeServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = berth_compose_service_finalize;
}

static void
berth_compose_service_init (BerthComposeService *self)
{
  self->tty = self->stdin_open = self->init = self->privileged = -1;
  self->stop_grace_period = -1;
  self->shm_size = -1;
}

BerthComposeService *
berth_compose_service_new (const char *name, const char *file, guint line, guint column)
{
  BerthComposeService *self = g_object_new (BERTH_TYPE_COMPOSE_SERVICE, NULL);

  self->name = g_strdup (name);
  self->loc.file = g_intern_string (file);
  self->loc.line = line;
  self->loc.column = column;
  return self;
}

/* ---- merging ------------------------------------------------------------ */

static void
replace_str (char **base, char **over)
{
  if (*over == NULL)
    return;
  g_free (*base);
  *base = g_steal_pointer (over);
}

static void
replace_strv (char ***base, char ***over)
{
  if (*over == NULL)
    return;
  g_strfreev (*base);
  *base = g_steal_pointer (over);
}

static void
append_unique_strv (char ***base, char ***over)
{
  g_autoptr(GStrvBuilder) b = NULL;

  if (*over == NULL)
    return;
  if (*base == NULL)
    {
      *base = g_steal_pointer (over);
      return;
    }
  b = g_strv_builder_new ();
  g_strv_builder_addv (b, (const char **) *base);
  for (char **s = *over; *s; s++)
    if (!g_strv_contains ((const char * const *) *base, *s))
      g_strv_builder_add (b, *s);
  g_strfreev (*base);
  *base = g_strv_builder_end (b);
}

static void
merge_key_values (GPtrArray **base, GPtrArray **over)
{
  if (*over == NULL)
    return;
  if (*base == NULL)
    {
      *base = g_steal_pointer (over);
      return;
    }
  berth_compose_key_values_update (*base, *over, FALSE);
}

typedef gboolean (*SameFunc) (gconstpointer a, gconstpointer b);

/* Entries of over replace the base entries they match, others append. */
static void
merge_by (GPtrArray **base, GPtrArray **over, SameFunc same)
{
  if (*over == NULL)
    return;
  if (*base == NULL)
    {
      *base = g_steal_pointer (over);
      return;
    }
  while ((*over)->len > 0)
    {
      gpointer item = g_ptr_array_steal_index (*over, 0);
      gboolean replaced = FALSE;

      for (guint i = 0; i < (*base)->len && !replaced; i++)
        if (same (g_ptr_array_index (*base, i), item))
          {
            /* Insert then remove so base's free func frees the old entry. */
            g_ptr_array_insert (*base, i, item);
            g_ptr_array_remove_index (*base, i + 1);
            replaced = TRUE;
          }
      if (!replaced)
        g_ptr_array_add (*base, item);
    }
}

static gboolean
same_port (gconstpointer a, gconstpointer b)
{
  const BerthComposePort *x = a, *y = b;
  return x->target == y->target && g_strcmp0 (x->published, y->published) == 0 &&
         g_strcmp0 (x->host_ip, y->host_ip) == 0 && g_strcmp0 (x->protocol, y->protocol) == 0 &&
         g_strcmp0 (x->mode, y->mode) == 0;
}

static gboolean
same_mount (gconstpointer a, gconstpointer b)
{
  const BerthComposeMount *x = a, *y = b;
  return g_strcmp0 (x->target, y->target) == 0;
}

static gboolean
same_network (gconstpointer a, gconstpointer b)
{
  const BerthComposeServiceNetwork *x = a, *y = b;
  return g_strcmp0 (x->name, y->name) == 0;
}

static gboolean
same_dependency (gconstpointer a, gconstpointer b)
{
  const BerthComposeDependency *x = a, *y = b;
  return g_strcmp0 (x->service, y->service) == 0;
}

static gboolean
same_ulimit (gconstpointer a, gconstpointer b)
{
  const BerthComposeUlimit *x = a, *y = b;
  return g_strcmp0 (x->name, y->name) == 0;
}

void
berth_compose_service_merge (BerthComposeService *self, BerthComposeService *o)
{
  replace_str (&self->image, &o->image);
  if (o->build != NULL)
    {
      if (self->build == NULL)
        self->build = g_steal_pointer (&o->build);
      else
        {
          replace_str (&self->build->context, &o->build->context);
          replace_str (&self->build->dockerfile, &o->build->dockerfile);
          replace_str (&self->build->target, &o->build->target);
          merge_key_values (&self->build->args, &o->build->args);
          merge_key_values (&self->build->labels, &o->build->labels);
        }
    }
  replace_str (&self->container_name, &o->container_name);
  replace_strv (&self->command, &o->command);
  replace_strv (&self->entrypoint, &o->entrypoint);
  merge_key_values (&self->environment, &o->environment);
  merge_key_values (&self->env_file_values, &o->env_file_values);
  append_unique_strv (&self->env_files, &o->env_files);
  merge_by (&self->ports, &o->ports, same_port);
  append_unique_strv (&self->expose, &o->expose);
  merge_by (&self->volumes, &o->volumes, same_mount);
  merge_by (&self->networks, &o->networks, same_network);
  merge_by (&self->depends_on, &o->depends_on, same_dependency);
  if (o->healthcheck != NULL)
    {
      if (self->healthcheck == NULL)
        self->healthcheck = g_steal_pointer (&o->healthcheck);
      else
        {
          BerthComposeHealthcheck *b = self->healthcheck, *h = o->healthcheck;
          replace_strv (&b->test, &h->test);
          if (h->interval >= 0) b->interval = h->interval;
          if (h->timeout >= 0) b->timeout = h->timeout;
          if (h->start_period >= 0) b->start_period = h->start_period;
          if (h->retries >= 0) b->retries = h->retries;
          b->disable = h->disable || (b->test && b->test[0] && g_str_equal (b->test[0], "NONE"));
        }
    }
  replace_str (&self->restart, &o->restart);
  replace_str (&self->working_dir, &o->working_dir);
  replace_str (&self->user, &o->user);
  merge_key_values (&self->labels, &o->labels);
  append_unique_strv (&self->extra_hosts, &o->extra_hosts);
  if (o->tty >= 0) self->tty = o->tty;
  if (o->stdin_open >= 0) self->stdin_open = o->stdin_open;
  if (o->init >= 0) self->init = o->init;
  if (o->privileged >= 0) self->privileged = o->privileged;
  if (o->stop_grace_period >= 0) self->stop_grace_period = o->stop_grace_period;
  replace_str (&self->stop_signal, &o->stop_signal);
  append_unique_strv (&self->cap_add, &o->cap_add);
  append_unique_strv (&self->cap_drop, &o->cap_drop);
  replace_str (&self->hostname, &o->hostname);
  append_unique_strv (&self->dns, &o->dns);
  if (o->shm_size >= 0) self->shm_size = o->shm_size;
  merge_by (&self->ulimits, &o->ulimits, same_ulimit);
  if (o->logging != NULL)
    {
      if (self->logging == NULL)
        self->logging = g_steal_pointer (&o->logging);
      else
        {
          /* A different driver's options mean nothing to the new one. */
          if (o->logging->driver != NULL && g_strcmp0 (o->logging->driver, self->logging->driver) != 0)
            g_clear_pointer (&self->logging->options, g_ptr_array_unref);
          replace_str (&self->logging->driver, &o->logging->driver);
          merge_key_values (&self->logging->options, &o->logging->options);
        }
    }
}

static void
ensure_array (GPtrArray **arr, GDestroyNotify free_func)
{
  if (*arr == NULL)
    *arr = g_ptr_array_new_with_free_func (free_func);
}

static void
ensure_strv (char ***strv)
{
  if (*strv == NULL)
    *strv = g_new0 (char *, 1);
}

void
berth_compose_service_finish_load (BerthComposeService *self)
{
  ensure_array (&self->environment, (GDestroyNotify) berth_compose_key_value_free);
  ensure_array (&self->env_file_values, (GDestroyNotify) berth_compose_key_value_free);
  ensure_strv (&self->env_files);
  ensure_array (&self->ports, (GDestroyNotify) berth_compose_port_free);
  ensure_strv (&self->expose);
  ensure_array (&self->volumes, (GDestroyNotify) berth_compose_mount_free);
  ensure_array (&self->networks, (GDestroyNotify) berth_compose_service_network_free);
  ensure_array (&self->depends_on, (GDestroyNotify) berth_compose_dependency_free);
  ensure_array (&self->labels, (GDestroyNotify) berth_compose_key_value_free);
  ensure_strv (&self->extra_hosts);
  ensure_strv (&self->cap_add);
  ensure_strv (&self->cap_drop);
  ensure_strv (&self->dns);
  ensure_array (&self->ulimits, (GDestroyNotify) berth_compose_ulimit_free);
  if (self->build != NULL)
    {
      ensure_array (&self->build->args, (GDestroyNotify) berth_compose_key_value_free);
      ensure_array (&self->build->labels, (GDestroyNotify) berth_compose_key_value_free);
    }
  if (self->logging != NULL)
    ensure_array (&self->logging->options, (GDestroyNotify) berth_compose_key_value_free);

  g_clear_pointer (&self->resolved_environment, g_ptr_array_unref);
  self->resolved_environment = berth_compose_key_values_new ();
  berth_compose_key_values_update (self->resolved_environment, self->environment, FALSE);
  /* environment: wins over env_file values. */
  berth_compose_key_values_update (self->resolved_environment, self->env_file_values, TRUE);
}

/* ---- accessors ------------------------------------------------------------ */

const char *berth_compose_service_get_name (BerthComposeService *self) { return self->name; }
const char *berth_compose_service_get_file (BerthComposeService *self) { return self->loc.file; }
guint berth_compose_service_get_line (BerthComposeService *self) { return self->loc.line; }
guint berth_compose_service_get_column (BerthComposeService *self) { return self->loc.column; }
const char *berth_compose_service_get_image (BerthComposeService *self) { return self->image; }
const BerthComposeBuild *berth_compose_service_get_build (BerthComposeService *self) { return self->build; }
const char *berth_compose_service_get_container_name (BerthComposeService *self) { return self->container_name; }
const char * const *berth_compose_service_get_command (BerthComposeService *self) { return (const char * const *) self->command; }
const char * const *berth_compose_service_get_entrypoint (BerthComposeService *self) { return (const char * const *) self->entrypoint; }
GPtrArray *berth_compose_service_get_environment (BerthComposeService *self) { return self->resolved_environment; }
const char * const *berth_compose_service_get_env_files (BerthComposeService *self) { return (const char * const *) self->env_files; }
GPtrArray *berth_compose_service_get_ports (BerthComposeService *self) { return self->ports; }
const char * const *berth_compose_service_get_expose (BerthComposeService *self) { return (const char * const *) self->expose; }
GPtrArray *berth_compose_service_get_volumes (BerthComposeService *self) { return self->volumes; }
GPtrArray *berth_compose_service_get_networks (BerthComposeService *self) { return self->networks; }
GPtrArray *berth_compose_service_get_depends_on (BerthComposeService *self) { return self->depends_on; }
const BerthComposeHealthcheck *berth_compose_service_get_healthcheck (BerthComposeService *self) { return self->healthcheck; }
const char *berth_compose_service_get_restart (BerthComposeService *self) { return self->restart; }
const char *berth_compose_service_get_working_dir (BerthComposeService *self) { return self->working_dir; }
const char *berth_compose_service_get_user (BerthComposeService *self) { return self->user; }
GPtrArray *berth_compose_service_get_labels (BerthComposeService *self) { return self->labels; }
const char * const *berth_compose_service_get_extra_hosts (BerthComposeService *self) { return (const char * const *) self->extra_hosts; }
gboolean berth_compose_service_get_tty (BerthComposeService *self) { return self->tty > 0; }
gboolean berth_compose_service_get_stdin_open (BerthComposeService *self) { return self->stdin_open > 0; }
gint64 berth_compose_service_get_stop_grace_period (BerthComposeService *self) { return self->stop_grace_period; }
const char *berth_compose_service_get_stop_signal (BerthComposeService *self) { return self->stop_signal; }
gboolean berth_compose_service_get_init (BerthComposeService *self) { return self->init > 0; }
gboolean berth_compose_service_get_privileged (BerthComposeService *self) { return self->privileged > 0; }
const char * const *berth_compose_service_get_cap_add (BerthComposeService *self) { return (const char * const *) self->cap_add; }
const char * const *berth_compose_service_get_cap_drop (BerthComposeService *self) { return (const char * const *) self->cap_drop; }
const char *berth_compose_service_get_hostname (BerthComposeService *self) { return self->hostname; }
const char * const *berth_compose_service_get_dns (BerthComposeService *self) { return (const char * const *) self->dns; }
gint64 berth_compose_service_get_shm_size (BerthComposeService *self) { return self->shm_size; }
GPtrArray *berth_compose_service_get_ulimits (BerthComposeService *self) { return self->ulimits; }
const BerthComposeLogging *berth_compose_service_get_logging (BerthComposeService *self) { return self->logging; }

const char *
berth_compose_service_lookup_environment (BerthComposeService *self,
                                          const char          *key,
                                          gboolean            *found)
{
  for (guint i = 0; i < self->resolved_environment->len; i++)
    {
      BerthComposeKeyValue *kv = g_ptr_array_index (self->resolved_environment, i);
      if (g_str_equal (kv->key, key))
        {
          if (found)
            *found = TRUE;
          return kv->value;
        }
    }
  if (found)
    *found = FALSE;
  return NULL;
}

/* ---- JSON ------------------------------------------------------------------ */

static gint
compare_members (gconstpointer a, gconstpointer b)
{
  return strcmp (a, b);
}

/* Compose prints Go maps and structs with sorted keys: do the same
 * recursively so the output (and the config hash) is canonical. */
static JsonNode *
sorted_copy (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      JsonObject *out = json_object_new ();
      GList *members = g_list_sort (json_object_get_members (obj), compare_members);
      JsonNode *res = json_node_new (JSON_NODE_OBJECT);

      for (GList *l = members; l; l = l->next)
        json_object_set_member (out, l->data, sorted_copy (json_object_get_member (obj, l->data)));
      g_list_free (members);
      json_node_take_object (res, out);
      return res;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);
      JsonArray *out = json_array_new ();
      JsonNode *res = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        json_array_add_element (out, sorted_copy (json_array_get_element (arr, i)));
      json_node_take_array (res, out);
      return res;
    }
  return json_node_copy (node);
}

JsonNode *
berth_compose_key_values_to_json (GPtrArray *kvs, gboolean show_secrets, gboolean sorted)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; kvs && i < kvs->len; i++)
    {
      BerthComposeKeyValue *kv = g_ptr_array_index (kvs, i);

      if (kv->value == NULL)
        json_object_set_null_member (obj, kv->key);
      else if (kv->secret && !show_secrets)
        json_object_set_string_member (obj, kv->key, "********");
      else
        json_object_set_string_member (obj, kv->key, kv->value);
    }
  json_node_take_object (node, obj);
  if (sorted)
    {
      JsonNode *s = sorted_copy (node);
      json_node_unref (node);
      return s;
    }
  return node;
}

static JsonArray *
strv_to_array (char **strv)
{
  JsonArray *arr = json_array_new ();

  for (guint i = 0; strv && strv[i]; i++)
    json_array_add_string_element (arr, strv[i]);
  return arr;
}

static void
set_strv_nonempty (JsonObject *obj, const char *name, char **strv)
{
  if (strv != NULL && strv[0] != NULL)
    json_object_set_array_member (obj, name, strv_to_array (strv));
}

static void
set_duration (JsonObject *obj, const char *name, gint64 ns)
{
  g_autofree char *s = NULL;

  if (ns < 0)
    return;
  s = berth_util_format_duration (ns);
  json_object_set_string_member (obj, name, s);
}

JsonNode *
berth_compose_service_to_json (BerthComposeService *self, gboolean show_secrets)
{
  JsonObject *obj = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  if (self->build != NULL)
    {
      JsonObject *b = json_object_new ();

      json_object_set_string_member (b, "context", self->build->context);
      json_object_set_string_member (b, "dockerfile", self->build->dockerfile ? self->build->dockerfile : "Dockerfile");
      if (self->build->args && self->build->args->len > 0)
        json_object_set_member (b, "args", berth_compose_key_values_to_json (self->build->args, show_secrets, FALSE));
      if (self->build->target)
        json_object_set_string_member (b, "target", self->build->target);
      if (self->build->labels && self->build->labels->len > 0)
        json_object_set_member (b, "labels", berth_compose_key_values_to_json (self->build->labels, TRUE, FALSE));
      json_object_set_object_member (obj, "build", b);
    }
  set_strv_nonempty (obj, "cap_add", self->cap_add);
  set_strv_nonempty (obj, "cap_drop", self->cap_drop);
  if (self->command)
    json_object_set_array_member (obj, "command", strv_to_array (self->command));
  if (self->container_name)
    json_object_set_string_member (obj, "container_name", self->container_name);
  if (self->depends_on && self->depends_on->len > 0)
    {
      JsonObject *deps = json_object_new ();

      for (guint i = 0; i < self->depends_on->len; i++)
        {
          BerthComposeDependency *d = g_ptr_array_index (self->depends_on, i);
          JsonObject *o = json_object_new ();

          json_object_set_string_member (o, "condition", berth_compose_condition_to_string (d->condition));
          json_object_set_boolean_member (o, "required", d->required);
          if (d->restart)
            json_object_set_boolean_member (o, "restart", TRUE);
          json_object_set_object_member (deps, d->service, o);
        }
      json_object_set_object_member (obj, "depends_on", deps);
    }
  set_strv_nonempty (obj, "dns", self->dns);
  if (self->entrypoint)
    json_object_set_array_member (obj, "entrypoint", strv_to_array (self->entrypoint));
  set_strv_nonempty (obj, "env_file", self->env_files);
  if (self->resolved_environment && self->resolved_environment->len > 0)
    json_object_set_member (obj, "environment",
                            berth_compose_key_values_to_json (self->resolved_environment, show_secrets, FALSE));
  set_strv_nonempty (obj, "expose", self->expose);
  set_strv_nonempty (obj, "extra_hosts", self->extra_hosts);
  if (self->healthcheck)
    {
      JsonObject *h = json_object_new ();
      BerthComposeHealthcheck *hc = self->healthcheck;

      if (hc->test)
        json_object_set_array_member (h, "test", strv_to_array (hc->test));
      set_duration (h, "interval", hc->interval);
      set_duration (h, "timeout", hc->timeout);
      set_duration (h, "start_period", hc->start_period);
      if (hc->retries >= 0)
        json_object_set_int_member (h, "retries", hc->retries);
      if (hc->disable)
        json_object_set_boolean_member (h, "disable", TRUE);
      json_object_set_object_member (obj, "healthcheck", h);
    }
  if (self->hostname)
    json_object_set_string_member (obj, "hostname", self->hostname);
  if (self->image)
    json_object_set_string_member (obj, "image", self->image);
  if (self->init >= 0)
    json_object_set_boolean_member (obj, "init", self->init > 0);
  if (self->labels && self->labels->len > 0)
    json_object_set_member (obj, "labels", berth_compose_key_values_to_json (self->labels, TRUE, FALSE));
  if (self->logging)
    {
      JsonObject *l = json_object_new ();

      if (self->logging->driver)
        json_object_set_string_member (l, "driver", self->logging->driver);
      if (self->logging->options && self->logging->options->len > 0)
        json_object_set_member (l, "options", berth_compose_key_values_to_json (self->logging->options, TRUE, FALSE));
      json_object_set_object_member (obj, "logging", l);
    }
  if (self->networks && self->networks->len > 0)
    {
      JsonObject *nets = json_object_new ();

      for (guint i = 0; i < self->networks->len; i++)
        {
          BerthComposeServiceNetwork *n = g_ptr_array_index (self->networks, i);

          if (n->aliases == NULL && n->ipv4_address == NULL)
            json_object_set_null_member (nets, n->name);
          else
            {
              JsonObject *o = json_object_new ();
              if (n->aliases)
                json_object_set_array_member (o, "aliases", strv_to_array (n->aliases));
              if (n->ipv4_address)
                json_object_set_string_member (o, "ipv4_address", n->ipv4_address);
              json_object_set_object_member (nets, n->name, o);
            }
        }
      json_object_set_object_member (obj, "networks", nets);
    }
  if (self->ports && self->ports->len > 0)
    {
      JsonArray *arr = json_array_new ();

      for (guint i = 0; i < self->ports->len; i++)
        {
          BerthComposePort *p = g_ptr_array_index (self->ports, i);
          JsonObject *o = json_object_new ();

          json_object_set_string_member (o, "mode", p->mode);
          if (p->host_ip)
            json_object_set_string_member (o, "host_ip", p->host_ip);
          json_object_set_int_member (o, "target", p->target);
          if (p->published)
            json_object_set_string_member (o, "published", p->published);
          json_object_set_string_member (o, "protocol", p->protocol);
          json_array_add_object_element (arr, o);
        }
      json_object_set_array_member (obj, "ports", arr);
    }
  if (self->privileged > 0)
    json_object_set_boolean_member (obj, "privileged", TRUE);
  if (self->restart)
    json_object_set_string_member (obj, "restart", self->restart);
  if (self->shm_size >= 0)
    {
      g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT, self->shm_size);
      json_object_set_string_member (obj, "shm_size", s);
    }
  if (self->stdin_open > 0)
    json_object_set_boolean_member (obj, "stdin_open", TRUE);
  set_duration (obj, "stop_grace_period", self->stop_grace_period);
  if (self->stop_signal)
    json_object_set_string_member (obj, "stop_signal", self->stop_signal);
  if (self->tty > 0)
    json_object_set_boolean_member (obj, "tty", TRUE);
  if (self->ulimits && self->ulimits->len > 0)
    {
      JsonObject *u = json_object_new ();

      for (guint i = 0; i < self->ulimits->len; i++)
        {
          BerthComposeUlimit *ul = g_ptr_array_index (self->ulimits, i);

          if (ul->single)
            json_object_set_int_member (u, ul->name, ul->soft);
          else
            {
              JsonObject *o = json_object_new ();
              json_object_set_int_member (o, "soft", ul->soft);
              json_object_set_int_member (o, "hard", ul->hard);
              json_object_set_object_member (u, ul->name, o);
            }
        }
      json_object_set_object_member (obj, "ulimits", u);
    }
  if (self->user)
    json_object_set_string_member (obj, "user", self->user);
  if (self->volumes && self->volumes->len > 0)
    {
      JsonArray *arr = json_array_new ();

      for (guint i = 0; i < self->volumes->len; i++)
        {
          BerthComposeMount *m = g_ptr_array_index (self->volumes, i);
          JsonObject *o = json_object_new ();
          static const char * const types[] = { "bind", "volume", "tmpfs" };

          json_object_set_string_member (o, "type", types[m->type]);
          if (m->source)
            json_object_set_string_member (o, "source", m->source);
          json_object_set_string_member (o, "target", m->target);
          if (m->read_only)
            json_object_set_boolean_member (o, "read_only", TRUE);
          if (m->type == BERTH_COMPOSE_MOUNT_BIND && m->create_host_path)
            {
              JsonObject *b = json_object_new ();
              json_object_set_boolean_member (b, "create_host_path", TRUE);
              json_object_set_object_member (o, "bind", b);
            }
          if (m->type == BERTH_COMPOSE_MOUNT_VOLUME && m->nocopy)
            {
              JsonObject *v = json_object_new ();
              json_object_set_boolean_member (v, "nocopy", TRUE);
              json_object_set_object_member (o, "volume", v);
            }
          if (m->type == BERTH_COMPOSE_MOUNT_TMPFS && m->tmpfs_size > 0)
            {
              JsonObject *t = json_object_new ();
              json_object_set_int_member (t, "size", m->tmpfs_size);
              json_object_set_object_member (o, "tmpfs", t);
            }
          json_array_add_object_element (arr, o);
        }
      json_object_set_array_member (obj, "volumes", arr);
    }
  if (self->working_dir)
    json_object_set_string_member (obj, "working_dir", self->working_dir);

  json_node_take_object (node, obj);
  return sorted_copy (node);
}

char *
berth_compose_service_config_hash (BerthComposeService *self)
{
  g_autoptr(JsonNode) node = berth_compose_service_to_json (self, TRUE);
  g_autofree char *text = json_to_string (node, FALSE);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}
