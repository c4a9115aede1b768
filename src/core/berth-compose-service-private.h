/* berth-compose-service-private.h: the service's fields, for the loader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-compose.h"

G_BEGIN_DECLS

typedef struct
{
  const char *file;   /* interned */
  guint       line;
  guint       column;
} BerthComposeLoc;

/* Public structs extended with where they were written (the public part
 * comes first, so the GPtrArrays hold pointers usable as either). */
typedef struct { BerthComposeDependency pub; BerthComposeLoc loc; } BerthComposeDependencyPriv;
typedef struct { BerthComposeServiceNetwork pub; BerthComposeLoc loc; } BerthComposeServiceNetworkPriv;
typedef struct { BerthComposeMount pub; BerthComposeLoc loc; } BerthComposeMountPriv;

struct _BerthComposeService
{
  GObject                  parent_instance;

  char                    *name;
  BerthComposeLoc          loc;

  /* NULL / -1 means "not set in this file", which matters for merging. */
  char                    *image;
  BerthComposeBuild       *build;
  char                    *container_name;
  char                   **command;
  char                   **entrypoint;
  GPtrArray               *environment;       /* BerthComposeKeyValue, as written */
  GPtrArray               *env_file_values;   /* BerthComposeKeyValue from env_file */
  char                   **env_files;
  GPtrArray               *ports;             /* BerthComposePort */
  char                   **expose;
  GPtrArray               *volumes;           /* BerthComposeMountPriv */
  GPtrArray               *networks;          /* BerthComposeServiceNetworkPriv */
  GPtrArray               *depends_on;        /* BerthComposeDependencyPriv */
  BerthComposeHealthcheck *healthcheck;
  char                    *restart;
  char                    *working_dir;
  char                    *user;
  GPtrArray               *labels;            /* BerthComposeKeyValue */
  char                   **extra_hosts;
  gint8                    tty;
  gint8                    stdin_open;
  gint8                    init;
  gint8                    privileged;
  gint64                   stop_grace_period;
  char                    *stop_signal;
  char                   **cap_add;
  char                   **cap_drop;
  char                    *hostname;
  char                   **dns;
  gint64                   shm_size;
  GPtrArray               *ulimits;           /* BerthComposeUlimit */
  BerthComposeLogging     *logging;

  GPtrArray               *resolved_environment; /* built by _finish_load */
};

BerthComposeService *berth_compose_service_new          (const char *name,
                                                         const char *file,
                                                         guint       line,
                                                         guint       column);
/* Applies an override file's service on top of self (Compose's rules). */
void                 berth_compose_service_merge        (BerthComposeService *self,
                                                         BerthComposeService *override);
/* After merging: environment = env_file values overlaid by environment:,
 * unset lists become empty ones. */
void                 berth_compose_service_finish_load  (BerthComposeService *self);

GPtrArray *berth_compose_key_values_new   (void);
void       berth_compose_key_values_set   (GPtrArray *kvs, const char *key, const char *value);
void       berth_compose_key_values_append (GPtrArray *kvs, const char *key, const char *value);
/* Entries of over replace (or, keep_existing, never replace) base's. */
void       berth_compose_key_values_update (GPtrArray *base, GPtrArray *over, gboolean keep_existing);
/* Later duplicates replace earlier values in place; consumes kvs. */
GPtrArray *berth_compose_key_values_dedup (GPtrArray *kvs);
void       berth_compose_key_value_free   (BerthComposeKeyValue *kv);
void       berth_compose_port_free        (BerthComposePort *port);
void       berth_compose_mount_free       (BerthComposeMountPriv *mount);
void       berth_compose_service_network_free (BerthComposeServiceNetworkPriv *net);
void       berth_compose_dependency_free  (BerthComposeDependencyPriv *dep);
void       berth_compose_healthcheck_free (BerthComposeHealthcheck *hc);
void       berth_compose_build_free       (BerthComposeBuild *build);
void       berth_compose_ulimit_free      (BerthComposeUlimit *ulimit);
void       berth_compose_logging_free     (BerthComposeLogging *logging);
void       berth_compose_network_free     (BerthComposeNetwork *network);
void       berth_compose_volume_free      (BerthComposeVolume *volume);

/* JSON helpers shared with the project printer. */
JsonNode  *berth_compose_key_values_to_json (GPtrArray *kvs, gboolean show_secrets, gboolean sorted);
const char *berth_compose_condition_to_string (BerthComposeCondition condition);

G_END_DECLS
