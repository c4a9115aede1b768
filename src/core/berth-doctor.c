/* berth-doctor.c: the engine-facing half of Troubleshoot: gathers inspect
 * answers, logs, files and command output, and hands them to the analysis
 * in berth-doctor-checks.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-compose.h"
#include "berth-doctor-private.h"
#include "berth-engine-containers.h"
#include "berth-engine-resources.h"
#include "berth-migration-graph.h"
#include "berth-migration-runner.h"
#include "berth-workflow-support.h"

struct _BerthDoctor
{
  GObject              parent_instance;

  BerthEngine         *engine;
  char                *project_dir;
  char               **files;
  char                *project_name;
  char               **services_filter;
  GHashTable          *environment;

  /* Filled by the steps, in the worker thread, one step at a time. */
  GMutex               lock;
  GPtrArray           *checks;        /* BerthDoctorCheck* */
  gboolean             engine_ok;
  BerthComposeProject *project;
  char                *flask_service;
  GHashTable          *inspects;      /* service -> JsonObject (only services with a container) */
};

G_DEFINE_FINAL_TYPE (BerthDoctor, berth_doctor, G_TYPE_OBJECT)

static void
berth_doctor_finalize (GObject *object)
{
  BerthDoctor *self = BERTH_DOCTOR (object);

  g_clear_object (&self->engine);
  g_free (self->project_dir);
  g_strfreev (self->files);
  g_free (self->project_name);
  g_strfreev (self->services_filter);
  g_clear_pointer (&self->environment, g_hash_table_unref);
  g_ptr_array_unref (self->checks);
  g_clear_object (&self->project);
  g_free (self->flask_service);
  g_hash_table_unref (self->inspects);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (berth_doctor_parent_class)->finalize (object);
}

static void
berth_doctor_class_init (BerthDoctorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = berth_doctor_finalize;
}

static void
berth_doctor_init (BerthDoctor *self)
{
  g_mutex_init (&self->lock);
  self->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_doctor_check_free);
  self->inspects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
}

BerthDoctor *
berth_doctor_new (BerthEngine        *engine,
                  const char         *project_dir,
                  const char * const *files,
                  const char         *project_name)
{
  BerthDoctor *self;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);

  self = g_object_new (BERTH_TYPE_DOCTOR, NULL);
  self->engine = g_object_ref (engine);
  self->project_dir = g_strdup (project_dir);
  self->files = g_strdupv ((char **) files);
  self->project_name = g_strdup (project_name);
  return self;
}

void
berth_doctor_set_environment (BerthDoctor *self,
                              GHashTable  *environment)
{
  g_clear_pointer (&self->environment, g_hash_table_unref);
  self->environment = environment ? g_hash_table_ref (environment) : NULL;
}

void
berth_doctor_set_services (BerthDoctor        *self,
                           const char * const *services)
{
  g_strfreev (self->services_filter);
  self->services_filter = services && services[0] ? g_strdupv ((char **) services) : NULL;
}

GPtrArray *
berth_doctor_get_checks (BerthDoctor *self)
{
  return self->checks;
}

guint
berth_doctor_count (BerthDoctor      *self,
                    BerthCheckStatus  status)
{
  guint n = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->checks->len; i++)
    n += ((BerthDoctorCheck *) g_ptr_array_index (self->checks, i))->status == status;
  g_mutex_unlock (&self->lock);
  return n;
}

/* ------------------------------------------------------------------ */

static const char *
check_mark (BerthCheckStatus status)
{
  switch (status)
    {
    case BERTH_CHECK_PASS: return "pass";
    case BERTH_CHECK_WARN: return "WARN";
    case BERTH_CHECK_FAIL: return "FAIL";
    case BERTH_CHECK_SKIP:
    default:               return "skip";
    }
}

/* Records the group's checks, shows them as output lines, updates the
 * workflow's extra data and turns the worst into the step's status. */
static BerthStepStatus
report (BerthDoctor       *self,
        BerthWorkflowStep *step,
        GPtrArray         *group,
        GError           **error)
{
  BerthCheckStatus worst = berth_doctor_worst (group);
  BerthDoctorCheck *first_fail = NULL, *first_warn = NULL;
  g_autoptr(JsonNode) extra = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint n_fail = 0, n_warn = 0;

  for (guint i = 0; i < group->len; i++)
    {
      BerthDoctorCheck *c = g_ptr_array_index (group, i);

      berth_workflow_step_outputf (step, BERTH_OUTPUT_INFO, "[%s] %s", check_mark (c->status), c->finding);
      if (c->status == BERTH_CHECK_FAIL)
        {
          n_fail++;
          first_fail = first_fail ? first_fail : c;
          if (c->fix)
            berth_workflow_step_outputf (step, BERTH_OUTPUT_INFO, "       %s %s", _("fix:"), c->fix);
        }
      if (c->status == BERTH_CHECK_WARN)
        {
          n_warn++;
          first_warn = first_warn ? first_warn : c;
        }
    }

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < group->len; i++)
    g_ptr_array_add (self->checks, berth_doctor_check_copy (g_ptr_array_index (group, i)));
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "checks");
  json_builder_add_value (b, berth_doctor_checks_to_json (self->checks));
  json_builder_end_object (b);
  g_mutex_unlock (&self->lock);
  extra = json_builder_get_root (b);
  berth_workflow_set_extra (berth_workflow_step_get_workflow (step), extra);

  switch (worst)
    {
    case BERTH_CHECK_FAIL:
      if (first_fail->fix)
        {
          g_autofree char *hint = g_strdup_printf (_("check %s (suggested fix: %s)"), first_fail->id, first_fail->fix);
          berth_workflow_step_set_hint (step, hint);
        }
      if (n_fail > 1)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     g_dngettext (GETTEXT_PACKAGE, "%s (and %u more failed check)",
                                  "%s (and %u more failed checks)", n_fail - 1),
                     first_fail->finding, n_fail - 1);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, first_fail->finding);
      return BERTH_STEP_STATUS_FAILED;
    case BERTH_CHECK_WARN:
      berth_workflow_step_set_message (step, first_warn->finding);
      return BERTH_STEP_STATUS_WARNING;
    case BERTH_CHECK_SKIP:
      berth_workflow_step_set_message (step, group->len ? ((BerthDoctorCheck *) g_ptr_array_index (group, 0))->finding
                                                        : _("Nothing to check"));
      return BERTH_STEP_STATUS_SKIPPED;
    case BERTH_CHECK_PASS:
    default:
      {
        g_autofree char *msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u check passed",
                                                             "%u checks passed", group->len), group->len);
        berth_workflow_step_set_message (step, msg);
      }
      return BERTH_STEP_STATUS_OK;
    }
}

static GPtrArray *
group_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) berth_doctor_check_free);
}

static void
group_take (GPtrArray *group, GPtrArray *more)
{
  for (guint i = 0; i < more->len; i++)
    g_ptr_array_add (group, berth_doctor_check_copy (g_ptr_array_index (more, i)));
  g_ptr_array_unref (more);
}

static BerthStepStatus
skip_group (BerthDoctor *self, BerthWorkflowStep *step, const char *id, const char *title,
            const char *why, GError **error)
{
  g_autoptr(GPtrArray) group = group_new ();

  g_ptr_array_add (group, berth_doctor_check_new (id, title, BERTH_CHECK_SKIP, why, NULL, NULL));
  return report (self, step, group, error);
}

static gboolean
service_selected (BerthDoctor *self, const char *service)
{
  return self->services_filter == NULL || g_strv_contains ((const char * const *) self->services_filter, service);
}

static JsonObject *
inspect_of (BerthDoctor *self, const char *service)
{
  return g_hash_table_lookup (self->inspects, service);
}

/* Cancellation surfaces as the engine's or GIO's error: let it through. */
static gboolean
is_cancel (GError *error, GCancellable *cancellable)
{
  return g_cancellable_is_cancelled (cancellable) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED);
}

/* ---- 1. engine ---- */

static BerthStepStatus
step_engine (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthDoctor *self = user_data;
  g_autoptr(GError) ping_error = NULL;

  self->engine_ok = berth_engine_ping_sync (self->engine, cancellable, &ping_error);
  if (!self->engine_ok && is_cancel (ping_error, cancellable))
    {
      g_propagate_error (error, g_steal_pointer (&ping_error));
      return BERTH_STEP_STATUS_FAILED;
    }
  {
    g_autoptr(GPtrArray) group = berth_doctor_check_engine (berth_engine_get_endpoint (self->engine), ping_error,
                                                            berth_engine_get_api_version (self->engine));
    return report (self, step, group, error);
  }
}

/* ---- 2. compose ---- */

static BerthStepStatus
step_compose (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthDoctor *self = user_data;
  g_autoptr(GError) load_error = NULL;
  g_autoptr(GPtrArray) group = group_new ();
  g_autofree char *label = NULL;

  self->project = berth_compose_project_load (self->project_dir, (const char * const *) self->files,
                                              self->project_name, self->environment, &load_error);
  if (self->project)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) berth_compose_project_get_config_files (self->project));
      label = g_strdup_printf ("%s (project %s)", joined, berth_compose_project_get_name (self->project));
      self->flask_service = berth_workflow_flask_service (self->project);
    }
  else
    label = g_strdup (_("The compose file"));
  g_ptr_array_add (group, berth_doctor_check_compose (label, load_error,
                                                      self->project ? berth_compose_project_get_warnings (self->project) : NULL));
  return report (self, step, group, error);
}

/* ---- 3. services ---- */

static gboolean
is_one_shot (BerthComposeProject *project, const char *service)
{
  GPtrArray *services = berth_compose_project_get_services (project);

  for (guint i = 0; i < services->len; i++)
    {
      GPtrArray *deps = berth_compose_service_get_depends_on (g_ptr_array_index (services, i));

      for (guint j = 0; deps && j < deps->len; j++)
        {
          BerthComposeDependency *d = g_ptr_array_index (deps, j);

          if (g_str_equal (d->service, service) && d->condition == BERTH_COMPOSE_CONDITION_COMPLETED_SUCCESSFULLY)
            return TRUE;
        }
    }
  return FALSE;
}

static gint64
restart_count (JsonObject *inspect)
{
  return inspect ? json_object_get_int_member_with_default (inspect, "RestartCount", 0) : -1;
}

static BerthStepStatus
step_services (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthDoctor *self = user_data;
  g_autoptr(GPtrArray) group = group_new ();
  g_autoptr(GHashTable) earlier = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *services;
  gboolean any_restarting = FALSE;

  if (!self->engine_ok || self->project == NULL)
    return skip_group (self, step, "services", _("Services"),
                       self->engine_ok ? _("Skipped: the compose file does not load")
                                       : _("Skipped: the engine is not reachable"), error);

  services = berth_compose_project_get_services (self->project);
  for (guint i = 0; i < services->len; i++)
    {
      const char *name = berth_compose_service_get_name (g_ptr_array_index (services, i));
      g_autoptr(GError) local = NULL;
      JsonObject *inspect;

      if (!service_selected (self, name))
        continue;
      inspect = berth_workflow_find_container (self->engine, self->project, name, cancellable, &local);
      if (local)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return BERTH_STEP_STATUS_FAILED;
        }
      if (inspect)
        {
          JsonObject *state = json_object_get_object_member (inspect, "State");

          g_hash_table_insert (earlier, g_strdup (name), GINT_TO_POINTER ((int) restart_count (inspect) + 1));
          any_restarting |= json_object_get_boolean_member_with_default (state, "Restarting", FALSE) ||
                            restart_count (inspect) > 0;
          g_hash_table_replace (self->inspects, g_strdup (name), inspect);
        }
    }

  /* A count that rises while we look is a crash loop even between two
   * restarts; only worth the wait when something restarts at all. */
  if (any_restarting)
    {
      berth_workflow_step_output (step, BERTH_OUTPUT_INFO, _("Watching restart counts for 3 s…"));
      if (!berth_workflow_step_sleep (step, 3000, cancellable))
        return BERTH_STEP_STATUS_CANCELLED;
    }

  for (guint i = 0; i < services->len; i++)
    {
      const char *name = berth_compose_service_get_name (g_ptr_array_index (services, i));
      JsonObject *inspect = inspect_of (self, name);
      g_autofree char *tail = NULL;
      gint64 before = -1;

      if (!service_selected (self, name))
        continue;
      if (inspect && any_restarting)
        {
          g_autoptr(GError) local = NULL;
          JsonObject *again = berth_engine_container_inspect_sync (self->engine, json_object_get_string_member (inspect, "Id"),
                                                                   cancellable, &local);
          if (again)
            {
              before = GPOINTER_TO_INT (g_hash_table_lookup (earlier, name)) - 1;
              /* Crashing but caught running between two crashes: look again
               * until it is down, for its exit code. */
              for (guint k = 0; k < 50 && restart_count (again) > before &&
                                berth_workflow_container_running (again); k++)
                {
                  JsonObject *next;

                  if (!berth_workflow_step_sleep (step, 200, cancellable))
                    break;
                  next = berth_engine_container_inspect_sync (self->engine, json_object_get_string_member (again, "Id"),
                                                              cancellable, NULL);
                  if (next == NULL)
                    break;
                  json_object_unref (again);
                  again = next;
                }
              g_hash_table_replace (self->inspects, g_strdup (name), again);
              inspect = again;
            }
          else if (is_cancel (local, cancellable))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return BERTH_STEP_STATUS_FAILED;
            }
        }
      if (inspect && !berth_workflow_container_running (inspect))
        {
          g_autofree char *logs = berth_workflow_logs_tail (self->engine, json_object_get_string_member (inspect, "Id"),
                                                            "20", cancellable, NULL);
          tail = berth_doctor_tail_lines (logs, 20);
        }
      group_take (group, berth_doctor_check_container (name, inspect, before,
                                                       is_one_shot (self->project, name), tail));
    }
  return report (self, step, group, error);
}

/* ---- 4. logs ---- */

static BerthStepStatus
step_logs (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthDoctor *self = user_data;
  g_autoptr(GError) local = NULL;
  g_autofree char *logs = NULL;
  JsonObject *inspect;

  if (self->flask_service == NULL)
    return skip_group (self, step, "logs", _("Application logs"), _("Skipped: no Flask service found"), error);
  inspect = inspect_of (self, self->flask_service);
  if (inspect == NULL)
    return skip_group (self, step, "logs", _("Application logs"),
                       _("Skipped: the Flask service has no container"), error);

  /* What the app logged since it last started (bounded): a restart after
   * a fix leaves the old errors behind. */
  logs = berth_workflow_logs_current_run (self->engine, inspect, "5000", cancellable, &local);
  if (logs == NULL)
    {
      if (is_cancel (local, cancellable))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return BERTH_STEP_STATUS_FAILED;
        }
      return skip_group (self, step, "logs", _("Application logs"), local->message, error);
    }
  {
    g_autoptr(GPtrArray) group = berth_doctor_check_logs (self->flask_service, logs);
    return report (self, step, group, error);
  }
}

/* ---- 5. FLASK_APP and start.sh ---- */

/* The script the container runs, when its command names one ("./start.sh",
 * "sh /app/start.sh"), as an absolute path in the container. */
static char *
start_script_path (JsonObject *inspect)
{
  JsonObject *config = json_object_get_object_member (inspect, "Config");
  const char *workdir = json_object_get_string_member_with_default (config, "WorkingDir", "/");
  const char *keys[] = { "Entrypoint", "Cmd" };

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      JsonArray *argv;

      if (!json_object_has_member (config, keys[k]) || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (config, keys[k])))
        continue;
      argv = json_object_get_array_member (config, keys[k]);
      for (guint i = 0; i < json_array_get_length (argv); i++)
        {
          const char *arg = json_array_get_string_element (argv, i);

          if (arg && g_str_has_suffix (arg, ".sh") && !strchr (arg, ' '))
            {
              if (g_path_is_absolute (arg))
                return g_strdup (arg);
              return g_build_filename (*workdir ? workdir : "/", arg, NULL);
            }
        }
    }
  return NULL;
}

static BerthStepStatus
step_flask (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthDoctor *self = user_data;
  g_autoptr(GPtrArray) group = group_new ();
  g_autofree char *script = NULL;
  g_autofree char *text = NULL;
  g_autofree const char **env = NULL;
  BerthDoctorCheck *env_check;
  JsonObject *inspect, *config;
  gboolean env_has;

  if (self->flask_service == NULL)
    return skip_group (self, step, "flask", _("Flask app"), _("Skipped: no Flask service found"), error);
  inspect = inspect_of (self, self->flask_service);
  if (inspect == NULL)
    return skip_group (self, step, "flask", _("Flask app"), _("Skipped: the Flask service has no container"), error);

  config = json_object_get_object_member (inspect, "Config");
  if (json_object_has_member (config, "Env") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (config, "Env")))
    {
      JsonArray *a = json_object_get_array_member (config, "Env");

      env = g_new0 (const char *, json_array_get_length (a) + 1);
      for (guint i = 0; i < json_array_get_length (a); i++)
        env[i] = json_array_get_string_element (a, i);
    }
  env_check = berth_doctor_check_flask_env (self->flask_service, env);
  env_has = env_check->status == BERTH_CHECK_PASS;
  /* Where the bad value comes from: the compose file's own warning about
   * the variable it takes FLASK_APP from ("variable “FLASK_APP” is not set"). */
  if (!env_has && self->project != NULL)
    {
      GPtrArray *warnings = berth_compose_project_get_warnings (self->project);
      GString *ev = g_string_new (env_check->evidence);

      for (guint i = 0; warnings && i < warnings->len; i++)
        if (strstr (g_ptr_array_index (warnings, i), "FLASK_APP") != NULL)
          g_string_append_printf (ev, "%s%s", ev->len ? "\n" : "", (const char *) g_ptr_array_index (warnings, i));
      g_free (env_check->evidence);
      env_check->evidence = g_string_free (ev, ev->len == 0);
    }
  g_ptr_array_add (group, env_check);

  script = start_script_path (inspect);
  if (script)
    {
      g_autoptr(GError) local = NULL;

      text = berth_workflow_read_container_file (self->engine, json_object_get_string_member (inspect, "Id"),
                                                 script, 256 * 1024, cancellable, &local);
      if (text == NULL && is_cancel (local, cancellable))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return BERTH_STEP_STATUS_FAILED;
        }
      if (text)
        group_take (group, berth_doctor_check_start_script (self->flask_service, script, text, env_has));
      else
        g_ptr_array_add (group, berth_doctor_check_new ("start-script.read", _("Start script"), BERTH_CHECK_WARN,
                                                        local->message, NULL, NULL));
    }
  return report (self, step, group, error);
}

/* ---- 6. migrations ---- */

static char **
revision_ids (GPtrArray *entries)
{
  GStrvBuilder *b = g_strv_builder_new ();
  char **ret;

  for (guint i = 0; entries && i < entries->len; i++)
    g_strv_builder_add (b, ((BerthMigrationHistoryEntry *) g_ptr_array_index (entries, i))->revision);
  ret = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return ret;
}

static BerthStepStatus
step_migrations (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthDoctor *self = user_data;
  g_autoptr(GPtrArray) group = group_new ();
  g_autoptr(GError) local = NULL;
  g_autoptr(BerthMigrationRunner) runner = NULL;
  g_autoptr(GPtrArray) heads = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(BerthMigrationGraph) graph = NULL;
  g_auto(GStrv) current = NULL;
  g_auto(GStrv) head_ids = NULL;
  g_auto(GStrv) known = NULL;
  g_auto(GStrv) pending = NULL;
  JsonObject *inspect;

  if (self->flask_service == NULL)
    return skip_group (self, step, "migrations", _("Migrations"), _("Skipped: no Flask service found"), error);
  inspect = inspect_of (self, self->flask_service);
  if (inspect == NULL || !berth_workflow_container_running (inspect))
    return skip_group (self, step, "migrations", _("Migrations"),
                       _("Skipped: the Flask service's container is not running"), error);

  runner = berth_migration_runner_new_for_project (self->engine, self->project, self->flask_service, &local);
  if (runner == NULL)
    goto runner_error;

  heads = berth_migration_runner_heads_sync (runner, cancellable, &local);
  if (heads == NULL)
    goto runner_error;
  head_ids = revision_ids (heads);
  g_ptr_array_add (group, berth_doctor_check_migration_heads ((const char * const *) head_ids));

  current = berth_migration_runner_current_sync (runner, cancellable, &local);
  if (current == NULL)
    {
      if (g_error_matches (local, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_UNKNOWN_REVISION))
        {
          g_autofree char *finding = g_strdup_printf (_("The database is at a revision no migration file defines: %s"),
                                                      local->message);
          g_ptr_array_add (group, berth_doctor_check_new ("migrations.current", _("Database revision"),
                                                          BERTH_CHECK_FAIL, finding, local->message, NULL));
          return report (self, step, group, error);
        }
      goto runner_error;
    }

  history = berth_migration_runner_history_sync (runner, cancellable, &local);
  if (history == NULL)
    goto runner_error;
  known = revision_ids (history);

  /* What upgrade would apply, as the migration graph counts it. */
  graph = berth_migration_runner_load_graph_sync (runner, cancellable, NULL);
  pending = graph ? berth_migration_graph_dup_pending (graph) : NULL;

  g_ptr_array_add (group, berth_doctor_check_migration_current ((const char * const *) current,
                                                                (const char * const *) head_ids,
                                                                (const char * const *) known,
                                                                pending ? g_strv_length (pending) : 0));
  return report (self, step, group, error);

runner_error:
  if (is_cancel (local, cancellable))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return BERTH_STEP_STATUS_FAILED;
    }
  g_ptr_array_add (group, berth_doctor_check_new ("migrations.run", _("Migrations"), BERTH_CHECK_FAIL,
                                                  local->message, NULL, NULL));
  return report (self, step, group, error);
}

/* ---- 7. network ---- */

static BerthStepStatus
step_network (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthDoctor *self = user_data;
  g_autoptr(GPtrArray) group = group_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *services;

  if (!self->engine_ok || self->project == NULL)
    return skip_group (self, step, "network", _("Network"), _("Skipped: no engine or no compose file"), error);

  services = berth_compose_project_get_services (self->project);
  for (guint i = 0; i < services->len; i++)
    {
      BerthComposeService *service = g_ptr_array_index (services, i);
      const char *name = berth_compose_service_get_name (service);
      GPtrArray *nets = berth_compose_service_get_networks (service);
      JsonObject *inspect = inspect_of (self, name);

      for (guint j = 0; nets && j < nets->len; j++)
        {
          BerthComposeServiceNetwork *sn = g_ptr_array_index (nets, j);
          const BerthComposeNetwork *net = berth_compose_project_get_network (self->project, sn->name);
          const char *engine_name = net ? net->name : sn->name;

          if (!g_hash_table_contains (seen, engine_name))
            {
              g_autoptr(GError) local = NULL;
              g_autoptr(JsonObject) ni = berth_engine_network_inspect_sync (self->engine, engine_name, cancellable, &local);

              if (ni == NULL && !g_error_matches (local, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
                {
                  g_propagate_error (error, g_steal_pointer (&local));
                  return BERTH_STEP_STATUS_FAILED;
                }
              g_hash_table_add (seen, (gpointer) engine_name);
              g_ptr_array_add (group, berth_doctor_check_network_exists (engine_name, ni));
            }
          if (inspect && service_selected (self, name))
            g_ptr_array_add (group, berth_doctor_check_network_attached (engine_name, name, inspect));
        }
    }

  /* Name resolution from the Flask service to the others. */
  if (self->flask_service)
    {
      JsonObject *from = inspect_of (self, self->flask_service);

      if (from && berth_workflow_container_running (from))
        for (guint i = 0; i < services->len; i++)
          {
            const char *to = berth_compose_service_get_name (g_ptr_array_index (services, i));
            const char *argv[] = { "getent", "hosts", to, NULL };
            g_autofree char *out = NULL;
            g_autoptr(GError) local = NULL;
            int code = -1;

            if (g_str_equal (to, self->flask_service))
              continue;
            if (!berth_workflow_exec (self->engine, json_object_get_string_member (from, "Id"), argv, NULL,
                                      &out, NULL, &code, cancellable, &local))
              {
                if (is_cancel (local, cancellable))
                  {
                    g_propagate_error (error, g_steal_pointer (&local));
                    return BERTH_STEP_STATUS_FAILED;
                  }
                out = g_strdup (local->message);
              }
            g_ptr_array_add (group, berth_doctor_check_resolution (self->flask_service, to, code, out));
          }
    }

  if (group->len == 0)
    g_ptr_array_add (group, berth_doctor_check_new ("network", _("Network"), BERTH_CHECK_SKIP,
                                                    _("No networks to check"), NULL, NULL));
  return report (self, step, group, error);
}

/* ---- 8. ports ---- */

static gboolean
container_publishes (JsonObject *inspect, guint port)
{
  JsonObject *settings, *ports;
  g_autoptr(GList) keys = NULL;

  if (inspect == NULL || !berth_workflow_container_running (inspect))
    return FALSE;
  settings = json_object_get_object_member (inspect, "NetworkSettings");
  if (settings == NULL || !json_object_has_member (settings, "Ports") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (settings, "Ports")))
    return FALSE;
  ports = json_object_get_object_member (settings, "Ports");
  keys = json_object_get_members (ports);
  for (GList *l = keys; l; l = l->next)
    {
      JsonNode *n = json_object_get_member (ports, l->data);

      if (!JSON_NODE_HOLDS_ARRAY (n))
        continue;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (n)); i++)
        {
          JsonObject *b = json_array_get_object_element (json_node_get_array (n), i);
          const char *hp = json_object_get_string_member_with_default (b, "HostPort", "");

          if ((guint) g_ascii_strtoull (hp, NULL, 10) == port)
            return TRUE;
        }
    }
  return FALSE;
}

static BerthStepStatus
step_ports (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthDoctor *self = user_data;
  g_autoptr(GPtrArray) group = group_new ();
  g_autoptr(JsonArray) running = NULL;
  g_autoptr(GError) local = NULL;
  GPtrArray *services;

  if (!self->engine_ok || self->project == NULL)
    return skip_group (self, step, "ports", _("Ports"), _("Skipped: no engine or no compose file"), error);

  running = berth_engine_containers_list_sync (self->engine, FALSE, NULL, cancellable, &local);
  if (running == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return BERTH_STEP_STATUS_FAILED;
    }

  services = berth_compose_project_get_services (self->project);
  for (guint i = 0; i < services->len; i++)
    {
      BerthComposeService *service = g_ptr_array_index (services, i);
      const char *name = berth_compose_service_get_name (service);
      GPtrArray *ports = berth_compose_service_get_ports (service);
      JsonObject *inspect = inspect_of (self, name);
      const char *own_id = inspect ? json_object_get_string_member (inspect, "Id") : NULL;
      const char *state_error = NULL;

      if (!service_selected (self, name))
        continue;
      if (inspect && json_object_has_member (inspect, "State"))
        state_error = json_object_get_string_member_with_default (json_object_get_object_member (inspect, "State"),
                                                                  "Error", NULL);
      if (state_error && *state_error == '\0')
        state_error = NULL;

      for (guint j = 0; ports && j < ports->len; j++)
        {
          BerthComposePort *p = g_ptr_array_index (ports, j);
          g_autofree char *owner = NULL;
          g_autofree char *err_ip = NULL;
          guint port, err_port = 0;
          const char *err = NULL;

          /* Ranges and random ports cannot be taken by someone else. */
          if (p->published == NULL || strchr (p->published, '-'))
            continue;
          port = (guint) g_ascii_strtoull (p->published, NULL, 10);
          if (port == 0)
            continue;
          if (state_error && berth_doctor_parse_port_conflict (state_error, &err_ip, &err_port) && err_port == port)
            err = state_error;
          if (container_publishes (inspect, port))
            {
              g_ptr_array_add (group, berth_doctor_check_port (name, port, TRUE, NULL, NULL));
              continue;
            }
          owner = berth_doctor_find_port_owner (running, port, own_id);
          g_ptr_array_add (group, berth_doctor_check_port (name, port, FALSE, owner, err));
        }
    }

  if (group->len == 0)
    g_ptr_array_add (group, berth_doctor_check_new ("ports", _("Ports"), BERTH_CHECK_SKIP,
                                                    _("No published host ports"), NULL, NULL));
  return report (self, step, group, error);
}

/* ------------------------------------------------------------------ */

BerthWorkflow *
berth_doctor_create_workflow (BerthDoctor *self)
{
  BerthWorkflow *wf = berth_workflow_new ("doctor", _("Troubleshoot"));

  berth_workflow_set_stop_on_failure (wf, FALSE);
  berth_workflow_set_failure_advice (wf, _("Each failed check names a fix (Rebuild, Migrate, restart…) to run."));
  berth_workflow_add_step (wf, "engine", _("Engine"), step_engine, g_object_ref (self), g_object_unref);
  berth_workflow_add_step (wf, "compose", _("Compose file"), step_compose, g_object_ref (self), g_object_unref);
  berth_workflow_add_step (wf, "services", _("Containers"), step_services, g_object_ref (self), g_object_unref);
  berth_workflow_add_step (wf, "logs", _("Application logs"), step_logs, g_object_ref (self), g_object_unref);
  berth_workflow_add_step (wf, "flask", _("Flask app and start script"), step_flask, g_object_ref (self), g_object_unref);
  berth_workflow_add_step (wf, "migrations", _("Migrations"), step_migrations, g_object_ref (self), g_object_unref);
  berth_workflow_add_step (wf, "network", _("Network"), step_network, g_object_ref (self), g_object_unref);
  berth_workflow_add_step (wf, "ports", _("Host ports"), step_ports, g_object_ref (self), g_object_unref);
  return wf;
}
