/* berth-doctor-private.h: the doctor's analysis, as pure functions of what
 * the engine and the containers said (inspect JSON, logs, file text,
 * command output).  The engine-facing part in berth-doctor.c gathers the
 * inputs; tests feed fixtures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-doctor.h"

G_BEGIN_DECLS

/* ---- logs ---- */

typedef struct
{
  guint  n_tracebacks;
  char  *last_traceback;   /* the last "Traceback ..." block up to its exception line */
  char  *last_exception;   /* "sqlalchemy.exc.ProgrammingError: (psycopg2...." */
  /* The most recent "the schema lacks X" error, when any: */
  char  *missing_kind;     /* "column" or "table" */
  char  *missing_object;   /* "users.password_hash", "users" */
  char  *database;         /* "PostgreSQL", "SQLite", "MySQL" */
  char  *missing_line;     /* the log line that says so */
} BerthDoctorLogScan;

BerthDoctorLogScan *berth_doctor_scan_logs       (const char         *logs);
void                berth_doctor_log_scan_free   (BerthDoctorLogScan *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthDoctorLogScan, berth_doctor_log_scan_free)

/* Checks "logs.SERVICE.schema" (missing column/table: the database is
 * behind the models; fix "migrate") and "logs.SERVICE.tracebacks". */
GPtrArray *berth_doctor_check_logs               (const char         *service,
                                                  const char         *logs);

/* ---- containers ---- */

/* "command not found" for 127, "killed (SIGKILL)" for 137...; NULL when
 * nothing useful is known. */
const char *berth_doctor_describe_exit_code      (int                 code);

/* The checks of one service's container: "service.S.container",
 * "service.S.state", "service.S.oom", "service.S.restarts",
 * "service.S.health".
 * inspect: GET /containers/{id}/json, or NULL when there is no container.
 * earlier_restart_count: RestartCount seen a moment before (-1: unknown);
 * a rise means a crash loop.
 * one_shot: the service is expected to run to completion (a dependent waits
 * for service_completed_successfully): exit 0 is success.
 * log_tail: the container's last log lines, for evidence (nullable). */
GPtrArray *berth_doctor_check_container          (const char         *service,
                                                  JsonObject         *inspect,
                                                  gint64              earlier_restart_count,
                                                  gboolean            one_shot,
                                                  const char         *log_tail);

/* ---- FLASK_APP and start.sh ---- */

/* "flask.SERVICE.env": env is the container's Config.Env ("K=V" strings). */
BerthDoctorCheck *berth_doctor_check_flask_env   (const char         *service,
                                                  const char * const *env);

typedef struct
{
  gboolean exports_flask_app;  /* export FLASK_APP=..., or FLASK_APP=... flask ... */
  gboolean runs_upgrade;       /* flask db upgrade (also flask --app X db upgrade) */
  guint    flask_app_line;     /* 1-based, 0 when absent */
  guint    upgrade_line;
} BerthDoctorStartScript;

void       berth_doctor_analyse_start_script     (const char             *text,
                                                  BerthDoctorStartScript *out);
/* "start-script.flask-app" and "start-script.upgrade".  env_has_flask_app:
 * the container's environment sets it anyway, so a missing export is only
 * a warning. */
GPtrArray *berth_doctor_check_start_script       (const char         *service,
                                                  const char         *path,
                                                  const char         *text,
                                                  gboolean            env_has_flask_app);

/* ---- migrations ---- */

/* "migrations.heads": 0 heads warn, 1 pass, several fail (fix "merge-heads"). */
BerthDoctorCheck *berth_doctor_check_migration_heads   (const char * const *heads);
/* "migrations.current": current is what `flask db current` printed as
 * revision ids (empty: unversioned), known every revision the history
 * knows.  Pass when current is a head; fail (fix "migrate") when behind or
 * unversioned; fail without fix when the database is at a revision no
 * migration file defines. */
BerthDoctorCheck *berth_doctor_check_migration_current (const char * const *current,
                                                        const char * const *heads,
                                                        const char * const *known,
                                                        guint               n_pending);

/* ---- network ---- */

/* "network.NAME.exists": network_inspect NULL when the engine has none. */
BerthDoctorCheck *berth_doctor_check_network_exists (const char *network_name,
                                                     JsonObject *network_inspect);
/* "network.NAME.SERVICE": the container (inspect) is attached to network_name
 * (fix "up": up reconnects it). */
BerthDoctorCheck *berth_doctor_check_network_attached (const char *network_name,
                                                       const char *service,
                                                       JsonObject *container_inspect);
/* "dns.FROM.TO": the result of `getent hosts TO` in FROM's container. */
BerthDoctorCheck *berth_doctor_check_resolution  (const char         *from_service,
                                                  const char         *to_service,
                                                  int                 exit_code,
                                                  const char         *output);

/* ---- ports ---- */

/* Finds the port in the engine's "Bind for 0.0.0.0:5000 failed: port is
 * already allocated" (or "listen tcp4 0.0.0.0:5000: bind: address already in
 * use") message. */
gboolean   berth_doctor_parse_port_conflict      (const char  *message,
                                                  char       **host_ip,
                                                  guint       *port);
/* The name (without '/') of a container in containers (GET /containers/json
 * items) that publishes host port `port`, other than `except_id`; NULL. */
char      *berth_doctor_find_port_owner          (JsonArray   *containers,
                                                  guint        port,
                                                  const char  *except_id);
/* "ports.SERVICE.PORT": owner is the container holding it (nullable),
 * error the engine's message (nullable), published: the service's
 * container publishes it now. */
BerthDoctorCheck *berth_doctor_check_port        (const char  *service,
                                                  guint        port,
                                                  gboolean     published,
                                                  const char  *owner,
                                                  const char  *error);

/* ---- engine and compose ---- */

/* "engine.reachable", "engine.api", "engine.permission" */
GPtrArray *berth_doctor_check_engine             (const char   *endpoint,
                                                  const GError *ping_error,
                                                  const char   *api_version);
/* "compose.load": error from loading (nullable), warnings (strings). */
BerthDoctorCheck *berth_doctor_check_compose     (const char   *files_label,
                                                  const GError *load_error,
                                                  GPtrArray    *warnings);

/* An empty array of BerthDoctorCheck. */
GPtrArray *berth_doctor_checks_new               (void);

/* The worst status of checks (fail > warn > pass > skip). */
BerthCheckStatus berth_doctor_worst              (GPtrArray    *checks);

/* Tail of a text: the last max_lines lines. */
char      *berth_doctor_tail_lines               (const char   *text,
                                                  guint         max_lines);

G_END_DECLS
