/* berth-doctor.h: Troubleshoot.  Diagnoses a compose backend (engine,
 * compose file, containers, logs, FLASK_APP, migrations, network, ports)
 * and suggests, for each problem, a fix that is itself a workflow or an
 * operation the UI can run.
 *
 * The checks run as a BerthWorkflow (one step per group of checks, every
 * step runs even after a failure) so the window and berth-cli render them
 * like the other workflows; the finished event carries the checks as
 * {"checks": [...]}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "berth-engine.h"
#include "berth-workflow.h"

G_BEGIN_DECLS

typedef enum
{
  BERTH_CHECK_PASS,
  BERTH_CHECK_WARN,
  BERTH_CHECK_FAIL,
  BERTH_CHECK_SKIP,
} BerthCheckStatus;

/* "pass", "warn", "fail", "skip" */
const char *berth_check_status_to_string (BerthCheckStatus status);

/* Fix identifiers (BerthDoctorCheck.fix):
 *   "rebuild"                the Rebuild workflow
 *   "migrate"                the Migrate workflow (migrate + upgrade)
 *   "up"                     compose up (creates what is missing: containers, network;
 *                            reconnects a container detached from its networks)
 *   "restart:SERVICE"        restart one service
 *   "merge-heads"            flask db merge heads
 *   "stop-container:NAME"    stop the (foreign) container that holds a port */
typedef struct
{
  char             *id;        /* "service.api.state", "logs.api.schema" */
  char             *title;     /* "api container state" */
  BerthCheckStatus  status;
  char             *finding;   /* one line */
  char             *evidence;  /* log excerpt, inspect fields, output; NULL */
  char             *fix;       /* see above; NULL when none */
} BerthDoctorCheck;

#define BERTH_TYPE_DOCTOR_CHECK (berth_doctor_check_get_type ())
GType             berth_doctor_check_get_type (void) G_GNUC_CONST;
BerthDoctorCheck *berth_doctor_check_new      (const char       *id,
                                               const char       *title,
                                               BerthCheckStatus  status,
                                               const char       *finding,
                                               const char       *evidence,
                                               const char       *fix);
BerthDoctorCheck *berth_doctor_check_copy     (const BerthDoctorCheck *check);
void              berth_doctor_check_free     (BerthDoctorCheck       *check);
/* {id, title, status, finding, evidence, fix} (evidence and fix null when unset) */
JsonNode         *berth_doctor_check_to_json  (const BerthDoctorCheck *check);
/* A JSON array of every check in checks (BerthDoctorCheck*). */
JsonNode         *berth_doctor_checks_to_json (GPtrArray              *checks);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthDoctorCheck, berth_doctor_check_free)

#define BERTH_TYPE_DOCTOR (berth_doctor_get_type ())
G_DECLARE_FINAL_TYPE (BerthDoctor, berth_doctor, BERTH, DOCTOR, GObject)

/* engine: the endpoint to diagnose.  The compose project is loaded by the
 * doctor itself (loading it is one of the checks): project_dir, files and
 * project_name as for berth_compose_project_load(). */
BerthDoctor   *berth_doctor_new             (BerthEngine        *engine,
                                             const char         *project_dir,
                                             const char * const *files,
                                             const char         *project_name);

/* The environment the compose file is interpolated with (name -> value;
 * default NULL: this process's environment). */
void           berth_doctor_set_environment (BerthDoctor        *self,
                                             GHashTable         *environment);

/* Services whose container the per-service checks and fixes name; NULL
 * (default) means every service. */
void           berth_doctor_set_services    (BerthDoctor        *self,
                                             const char * const *services);

/* A new workflow ("doctor") running every check; run it once. */
BerthWorkflow *berth_doctor_create_workflow (BerthDoctor        *self);

/* After (or during) the run: every check so far, in order (BerthDoctorCheck*). */
GPtrArray     *berth_doctor_get_checks      (BerthDoctor        *self);
/* Number of checks with the given status. */
guint          berth_doctor_count           (BerthDoctor        *self,
                                             BerthCheckStatus    status);

G_END_DECLS
