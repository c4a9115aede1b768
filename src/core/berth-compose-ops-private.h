/* berth-compose-ops-private.h: what the compose operation files share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-compose-labels.h"
#include "berth-compose-operations.h"
/* berth_compose_condition_to_string() */
#include "berth-compose-service-private.h"

G_BEGIN_DECLS

/* Progress reporting plus the journal behind "what was done / not done". */
typedef struct
{
  BerthComposeOperation     operation;
  BerthComposeProgressFunc  func;
  gpointer                  data;
  GMutex                    lock;
  GPtrArray                *planned;  /* char *, in plan order */
  GPtrArray                *done;     /* char *, in completion order */
} BerthComposeReporter;

void      berth_compose_reporter_init    (BerthComposeReporter      *r,
                                          BerthComposeOperation      operation,
                                          BerthComposeProgressFunc   func,
                                          gpointer                   data);
void      berth_compose_reporter_clear   (BerthComposeReporter      *r);
void      berth_compose_report           (BerthComposeReporter      *r,
                                          BerthComposeStep           step,
                                          BerthComposePhase          phase,
                                          const char                *service,
                                          const char                *resource,
                                          const char                *format,
                                          ...) G_GNUC_PRINTF (6, 7);
void      berth_compose_report_progress  (BerthComposeReporter      *r,
                                          BerthComposeStep           step,
                                          const char                *service,
                                          const char                *resource,
                                          gint64                     current,
                                          gint64                     total,
                                          gboolean                   bytes,
                                          const char                *message);
/* Journal entries are short phrases for people: "start db". */
void      berth_compose_reporter_plan    (BerthComposeReporter      *r,
                                          const char                *format,
                                          ...) G_GNUC_PRINTF (2, 3);
void      berth_compose_reporter_done    (BerthComposeReporter      *r,
                                          const char                *format,
                                          ...) G_GNUC_PRINTF (2, 3);
/* Emits the SUMMARY event; on failure (or cancellation) prefixes the error
 * with what was done and what was not.  Returns ok. */
gboolean  berth_compose_reporter_finish  (BerthComposeReporter      *r,
                                          gboolean                   ok,
                                          GError                   **error);
char     *berth_compose_reporter_summary (BerthComposeReporter      *r,
                                          gboolean                   ok);

/* The selected services (options->services, validated) with their
 * dependencies when with_deps, in dependency order (reversed if asked). */
GPtrArray *berth_compose_select_services (BerthComposeProject       *project,
                                          const char * const        *names,
                                          gboolean                   with_deps,
                                          gboolean                   reverse,
                                          GError                   **error);

/* GET /containers/json?all=1 for the project's (non one-off) containers:
 * the list's own items (one request). service NULL: all. */
GPtrArray *berth_compose_list_container_summaries (BerthEngine      *engine,
                                                   const char       *project,
                                                   const char       *service,
                                                   GCancellable     *cancellable,
                                                   GError          **error);
/* The same, each inspected; JsonObject inspect answers. */
GPtrArray *berth_compose_list_containers (BerthEngine               *engine,
                                          const char                *project,
                                          const char                *service,
                                          GCancellable              *cancellable,
                                          GError                   **error);
JsonObject *berth_compose_inspect        (BerthEngine               *engine,
                                          const char                *kind,  /* "containers", "networks", "volumes", "images" */
                                          const char                *name,
                                          GCancellable              *cancellable,
                                          GError                   **error);
const char *berth_compose_container_label (JsonObject               *inspect,
                                           const char               *label);
const char *berth_compose_container_name_of (JsonObject             *inspect);
gboolean    berth_compose_container_running (JsonObject             *inspect);

/* Stop (honouring the timeout or the service's stop_grace_period) and
 * remove, with progress. */
gboolean  berth_compose_stop_container   (BerthEngine               *engine,
                                          BerthComposeReporter      *r,
                                          const char                *service,
                                          JsonObject                *inspect,
                                          int                        timeout,
                                          GCancellable              *cancellable,
                                          GError                   **error);
gboolean  berth_compose_remove_container (BerthEngine               *engine,
                                          BerthComposeReporter      *r,
                                          const char                *service,
                                          JsonObject                *inspect,
                                          gboolean                   anonymous_volumes,
                                          GCancellable              *cancellable,
                                          GError                   **error);
/* Both of the above, keeping anonymous volumes. */
gboolean  berth_compose_stop_and_remove_container (BerthEngine          *engine,
                                                   BerthComposeReporter *r,
                                                   const char           *service,
                                                   JsonObject           *inspect,
                                                   int                   timeout,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
int       berth_compose_stop_timeout     (BerthComposeService       *service,
                                          const BerthComposeOptions *options);

/* Runs func for each service in its own thread once the services it
 * depends on (or, with reverse, the services depending on it) finished.
 * A service whose prerequisite failed is skipped.  Returns FALSE with the
 * first error (cancellation wins). */
typedef gboolean (*BerthComposeServiceFunc) (BerthComposeService *service,
                                             gpointer             data,
                                             GCancellable        *cancellable,
                                             GError             **error);
gboolean  berth_compose_schedule         (BerthComposeProject       *project,
                                          GPtrArray                 *services,
                                          gboolean                   reverse,
                                          guint                      max_parallel,
                                          BerthComposeServiceFunc    func,
                                          gpointer                   data,
                                          GCancellable              *cancellable,
                                          GError                   **error);

/* Waits for a dependency's condition on its container (inspect, then the
 * engine's events: never polling).  Fails naming the dependency when it
 * turns unhealthy or exits (non-zero, for completed_successfully). */
gboolean  berth_compose_wait_condition   (BerthEngine               *engine,
                                          const char                *service,
                                          const char                *container_id,
                                          BerthComposeCondition      condition,
                                          GCancellable              *cancellable,
                                          GError                   **error);

/* Build the services given (each has build:); used by up too. */
gboolean  berth_compose_build_services   (BerthComposeProject       *project,
                                          BerthEngine               *engine,
                                          GPtrArray                 *services,
                                          const BerthComposeOptions *options,
                                          BerthComposeReporter      *r,
                                          GCancellable              *cancellable,
                                          GError                   **error);
/* Pull one image with byte progress. */
gboolean  berth_compose_pull_image       (BerthEngine               *engine,
                                          BerthComposeReporter      *r,
                                          const char                *service,
                                          const char                *image,
                                          GCancellable              *cancellable,
                                          GError                   **error);

/* The container create body of a service (seam for the fixture tests). */
JsonNode *berth_compose_container_spec   (BerthComposeProject       *project,
                                          BerthComposeService       *service,
                                          guint                      number,
                                          const char                *image_id,
                                          gboolean                   all_networks,
                                          GError                   **error);
/* The engine network names a service joins, first one primary. */
GPtrArray *berth_compose_service_network_names (BerthComposeProject *project,
                                                BerthComposeService *service);

/* The _async plumbing shared by every operation. */
typedef gboolean (*BerthComposeOpFunc) (BerthComposeProject        *project,
                                        BerthEngine                *engine,
                                        const BerthComposeOptions  *options,
                                        BerthComposeProgressFunc    progress,
                                        gpointer                    progress_data,
                                        GCancellable               *cancellable,
                                        GError                    **error);
void      berth_compose_run_async        (BerthComposeOpFunc         func,
                                          gpointer                   source_tag,
                                          BerthComposeProject       *project,
                                          BerthEngine               *engine,
                                          const BerthComposeOptions *options,
                                          BerthComposeProgressFunc   progress,
                                          gpointer                   progress_data,
                                          GDestroyNotify             progress_destroy,
                                          GCancellable              *cancellable,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);

G_END_DECLS
