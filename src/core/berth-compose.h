/* berth-compose.h: the compose model (loading, typed project, JSON output).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything returned by the accessors below is owned by the object it came
 * from and is read-only.  Lists are GPtrArray of the structs documented here.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BERTH_COMPOSE_ERROR (berth_compose_error_quark ())

typedef enum
{
  BERTH_COMPOSE_ERROR_NOT_FOUND,       /* no compose file, missing -f/env_file */
  BERTH_COMPOSE_ERROR_SYNTAX,          /* YAML syntax error */
  BERTH_COMPOSE_ERROR_ALIAS_BUDGET,    /* alias expansion too large */
  BERTH_COMPOSE_ERROR_INTERPOLATION,   /* ${VAR:?msg} or a malformed ${...} */
  BERTH_COMPOSE_ERROR_TYPE,            /* wrong YAML type/shape for a key */
  BERTH_COMPOSE_ERROR_INVALID_VALUE,   /* malformed port, duration, size... */
  BERTH_COMPOSE_ERROR_VALIDATION,      /* no image/build, unknown dependency, cycle, undeclared network/volume */
  BERTH_COMPOSE_ERROR_PROJECT_NAME,    /* invalid -p */
} BerthComposeError;

GQuark berth_compose_error_quark (void);

/* Every error message is "file:line:column: message" (1-based) when it
 * concerns a place in a file. */

typedef struct
{
  char     *key;
  char     *value;     /* NULL: "KEY" given without a value */
  gboolean  secret;    /* the key looks like a credential: printers mask it */
} BerthComposeKeyValue;

typedef struct
{
  char  *host_ip;      /* nullable */
  char  *published;    /* nullable; "8080" or a range "8000-8010" */
  guint  target;
  char  *protocol;     /* "tcp", "udp", "sctp" */
  char  *mode;         /* "ingress" or "host" */
} BerthComposePort;

typedef enum
{
  BERTH_COMPOSE_MOUNT_BIND,
  BERTH_COMPOSE_MOUNT_VOLUME,
  BERTH_COMPOSE_MOUNT_TMPFS,
} BerthComposeMountType;

typedef struct
{
  BerthComposeMountType  type;
  char                  *source;            /* absolute for binds; volume key (nullable: anonymous) */
  char                  *target;
  gboolean               read_only;
  gboolean               create_host_path;  /* binds from the short syntax */
  gboolean               nocopy;            /* volume.nocopy */
  gint64                 tmpfs_size;        /* bytes, 0 when unset */
} BerthComposeMount;

typedef struct
{
  char   *name;            /* the key under the service's networks: */
  char  **aliases;         /* nullable */
  char   *ipv4_address;    /* nullable */
} BerthComposeServiceNetwork;

typedef enum
{
  BERTH_COMPOSE_CONDITION_STARTED,
  BERTH_COMPOSE_CONDITION_HEALTHY,
  BERTH_COMPOSE_CONDITION_COMPLETED_SUCCESSFULLY,
} BerthComposeCondition;

typedef struct
{
  char                  *service;
  BerthComposeCondition  condition;
  gboolean               restart;
  gboolean               required;
} BerthComposeDependency;

typedef struct
{
  char   **test;          /* nullable; test[0] is "CMD", "CMD-SHELL" or "NONE" */
  gint64   interval;      /* nanoseconds, -1 unset */
  gint64   timeout;       /* nanoseconds, -1 unset */
  gint64   start_period;  /* nanoseconds, -1 unset */
  gint     retries;       /* -1 unset */
  gboolean disable;       /* disable: true, or test: ["NONE"] */
} BerthComposeHealthcheck;

typedef struct
{
  char      *context;     /* absolute path (or a URL) */
  char      *dockerfile;  /* nullable: "Dockerfile" is meant */
  GPtrArray *args;        /* BerthComposeKeyValue */
  char      *target;      /* nullable */
  GPtrArray *labels;      /* BerthComposeKeyValue */
} BerthComposeBuild;

typedef struct
{
  char   *name;      /* nofile, nproc... */
  gint64  soft;
  gint64  hard;
  gboolean single;   /* given as one number: soft == hard */
} BerthComposeUlimit;

typedef struct
{
  char      *driver;    /* nullable */
  GPtrArray *options;   /* BerthComposeKeyValue */
} BerthComposeLogging;

typedef struct
{
  char      *key;         /* the key under top-level networks: */
  char      *name;        /* engine name: <project>_<key> unless name: */
  char      *driver;      /* nullable */
  gboolean   external;
  gboolean   attachable;
  gboolean   implicit;    /* the "default" network Compose adds */
  GPtrArray *labels;      /* BerthComposeKeyValue */
} BerthComposeNetwork;

typedef struct
{
  char      *key;
  char      *name;        /* engine name: <project>_<key> unless name: */
  char      *driver;      /* nullable */
  gboolean   external;
  GPtrArray *labels;      /* BerthComposeKeyValue */
} BerthComposeVolume;

/* ---- Service ------------------------------------------------------------ */

#define BERTH_TYPE_COMPOSE_SERVICE (berth_compose_service_get_type ())
G_DECLARE_FINAL_TYPE (BerthComposeService, berth_compose_service, BERTH, COMPOSE_SERVICE, GObject)

const char               *berth_compose_service_get_name              (BerthComposeService *self);
/* Where the service is defined (its key in the first file that defines it). */
const char               *berth_compose_service_get_file              (BerthComposeService *self);
guint                     berth_compose_service_get_line              (BerthComposeService *self);
guint                     berth_compose_service_get_column            (BerthComposeService *self);

const char               *berth_compose_service_get_image             (BerthComposeService *self); /* nullable */
const BerthComposeBuild  *berth_compose_service_get_build             (BerthComposeService *self); /* nullable */
const char               *berth_compose_service_get_container_name    (BerthComposeService *self);
const char * const       *berth_compose_service_get_command           (BerthComposeService *self); /* nullable: image default */
const char * const       *berth_compose_service_get_entrypoint        (BerthComposeService *self); /* nullable */
GPtrArray                *berth_compose_service_get_environment       (BerthComposeService *self); /* BerthComposeKeyValue, env_file values included */
const char * const       *berth_compose_service_get_env_files         (BerthComposeService *self); /* absolute paths */
GPtrArray                *berth_compose_service_get_ports             (BerthComposeService *self); /* BerthComposePort */
const char * const       *berth_compose_service_get_expose            (BerthComposeService *self);
GPtrArray                *berth_compose_service_get_volumes           (BerthComposeService *self); /* BerthComposeMount */
GPtrArray                *berth_compose_service_get_networks          (BerthComposeService *self); /* BerthComposeServiceNetwork */
GPtrArray                *berth_compose_service_get_depends_on        (BerthComposeService *self); /* BerthComposeDependency */
const BerthComposeHealthcheck *berth_compose_service_get_healthcheck  (BerthComposeService *self); /* nullable */
const char               *berth_compose_service_get_restart           (BerthComposeService *self);
const char               *berth_compose_service_get_working_dir       (BerthComposeService *self);
const char               *berth_compose_service_get_user              (BerthComposeService *self);
GPtrArray                *berth_compose_service_get_labels            (BerthComposeService *self); /* BerthComposeKeyValue */
const char * const       *berth_compose_service_get_extra_hosts       (BerthComposeService *self); /* "host:ip" */
gboolean                  berth_compose_service_get_tty               (BerthComposeService *self);
gboolean                  berth_compose_service_get_stdin_open        (BerthComposeService *self);
gint64                    berth_compose_service_get_stop_grace_period (BerthComposeService *self); /* ns, -1 unset */
const char               *berth_compose_service_get_stop_signal       (BerthComposeService *self);
gboolean                  berth_compose_service_get_init              (BerthComposeService *self);
gboolean                  berth_compose_service_get_privileged        (BerthComposeService *self);
const char * const       *berth_compose_service_get_cap_add           (BerthComposeService *self);
const char * const       *berth_compose_service_get_cap_drop          (BerthComposeService *self);
const char               *berth_compose_service_get_hostname          (BerthComposeService *self);
const char * const       *berth_compose_service_get_dns               (BerthComposeService *self);
gint64                    berth_compose_service_get_shm_size          (BerthComposeService *self); /* bytes, -1 unset */
GPtrArray                *berth_compose_service_get_ulimits           (BerthComposeService *self); /* BerthComposeUlimit */
const BerthComposeLogging *berth_compose_service_get_logging          (BerthComposeService *self); /* nullable */

/* Lookup helpers. */
const char               *berth_compose_service_lookup_environment    (BerthComposeService *self,
                                                                       const char          *key,
                                                                       gboolean            *found);

/* Compose v2's canonical JSON of this service (sorted keys). */
JsonNode                 *berth_compose_service_to_json               (BerthComposeService *self,
                                                                       gboolean             show_secrets);
/* SHA-256 hex of the canonical JSON (secrets included), for the
 * com.docker.compose.config-hash label. */
char                     *berth_compose_service_config_hash           (BerthComposeService *self);

/* ---- Project ------------------------------------------------------------ */

#define BERTH_TYPE_COMPOSE_PROJECT (berth_compose_project_get_type ())
G_DECLARE_FINAL_TYPE (BerthComposeProject, berth_compose_project, BERTH, COMPOSE_PROJECT, GObject)

/* The compose file of a directory when no -f is given: compose.yaml,
 * compose.yml, docker-compose.yaml, docker-compose.yml, else the only
 * docker-compose.*.yml.  Returns an absolute path. */
char                *berth_compose_discover_file (const char  *project_dir,
                                                  GError     **error);
/* Every compose file of a directory in that order (absolute paths), for a
 * user to choose from when discovery finds several. */
char               **berth_compose_list_files    (const char  *project_dir);

/* project_dir: --project-dir (nullable: the first file's directory, or the
 * current directory when files is NULL too).
 * files: the -f files in order (nullable: discovery in project_dir).
 * project_name: -p (nullable).
 * environment: the process environment, name -> value (nullable: the
 * environment of this process).  It overrides the project's .env. */
BerthComposeProject *berth_compose_project_load        (const char          *project_dir,
                                                        const char * const  *files,
                                                        const char          *project_name,
                                                        GHashTable          *environment,
                                                        GError             **error);
void                 berth_compose_project_load_async  (const char          *project_dir,
                                                        const char * const  *files,
                                                        const char          *project_name,
                                                        GHashTable          *environment,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
BerthComposeProject *berth_compose_project_load_finish (GAsyncResult        *result,
                                                        GError             **error);

const char          *berth_compose_project_get_name          (BerthComposeProject *self);
const char          *berth_compose_project_get_working_dir   (BerthComposeProject *self);
const char * const  *berth_compose_project_get_config_files  (BerthComposeProject *self); /* absolute */
GPtrArray           *berth_compose_project_get_services      (BerthComposeProject *self); /* BerthComposeService, file order */
BerthComposeService *berth_compose_project_get_service       (BerthComposeProject *self,
                                                              const char          *name);
/* Services with every dependency before its dependents (up order; walk it
 * backwards for down). */
GPtrArray           *berth_compose_project_get_order         (BerthComposeProject *self);
GPtrArray           *berth_compose_project_get_networks      (BerthComposeProject *self); /* BerthComposeNetwork */
const BerthComposeNetwork *berth_compose_project_get_network (BerthComposeProject *self,
                                                              const char          *key);
GPtrArray           *berth_compose_project_get_volumes       (BerthComposeProject *self); /* BerthComposeVolume */
const BerthComposeVolume  *berth_compose_project_get_volume  (BerthComposeProject *self,
                                                              const char          *key);
/* "file:line:column: message" strings. */
GPtrArray           *berth_compose_project_get_warnings      (BerthComposeProject *self);
/* The image a service runs: image:, else "<project>-<service>" for a build. */
char                *berth_compose_project_dup_service_image (BerthComposeProject *self,
                                                              BerthComposeService *service);

JsonNode            *berth_compose_project_to_json           (BerthComposeProject *self,
                                                              gboolean             show_secrets);
char                *berth_compose_project_to_yaml           (BerthComposeProject *self,
                                                              gboolean             show_secrets);

/* Compose v2's normalisation of a project name; NULL if nothing is left. */
char                *berth_compose_normalize_project_name    (const char          *name);

G_END_DECLS
