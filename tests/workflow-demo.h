/* workflow-demo.h: the demo backend as a throw-away stack for the workflow
 * and doctor tests (suite demo).  Header-only: each test-*.c is its own
 * executable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "berth-test.h"
#include "berth-compose-operations.h"
#include "berth-doctor.h"
#include "berth-engine-containers.h"
#include "berth-migration-runner.h"
#include "berth-workflow-support.h"
#include "berth-workflows.h"

typedef struct
{
  char                *name;       /* compose project */
  char                *dir;        /* the demo's directory (or a temporary copy) */
  char                *file;       /* its compose file */
  char                *override;   /* an extra -f file, or NULL */
  GHashTable          *env;        /* the environment compose files see */
  BerthEngine         *engine;
  BerthComposeProject *project;
} DemoStack;

/* Replaces `from` (which must be there) with `to` in a file of a demo
 * copy: every occurrence, or the first `limit` when limit > 0. */
static inline void
demo_replace_in_file (const char *path,
                      const char *from,
                      const char *to,
                      guint       limit)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) s = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, from));
  s = g_string_new (text);
  g_string_replace (s, from, to, limit);
  g_file_set_contents (path, s->str, s->len, &error);
  g_assert_no_error (error);
}

static inline void
demo_stack_load (DemoStack *s)
{
  g_autoptr(GError) error = NULL;
  const char *files[] = { s->file, s->override, NULL };

  g_clear_object (&s->project);
  s->project = berth_compose_project_load (NULL, files, s->name, s->env, &error);
  g_assert_no_error (error);
}

/* A unique project on its own network and a random host port. */
static inline void
demo_stack_init (DemoStack *s, const char *dir)
{
  g_autoptr(GError) error = NULL;

  memset (s, 0, sizeof *s);
  s->name = g_strdup_printf ("berth-test-wf-%d-%08x", (int) getpid (), g_random_int ());
  s->dir = dir ? g_strdup (dir) : berth_test_source_path ("data", "demo", "probeops-backend", NULL);
  s->file = g_build_filename (s->dir, "docker-compose.backend.yml", NULL);
  /* A copy of the environment, not setenv(): threads are running. */
  s->env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  {
    g_auto(GStrv) environ = g_get_environ ();

    for (guint i = 0; environ[i]; i++)
      {
        char *eq = strchr (environ[i], '=');

        if (eq)
          g_hash_table_replace (s->env, g_strndup (environ[i], eq - environ[i]), g_strdup (eq + 1));
      }
  }
  g_hash_table_replace (s->env, g_strdup ("DOCKER_HOST"), g_strdup (berth_test_engine_host ()));
  g_hash_table_replace (s->env, g_strdup ("PROBEOPS_NETWORK"), g_strdup (s->name));
  g_hash_table_replace (s->env, g_strdup ("API_PORT"), g_strdup ("0"));
  s->engine = berth_engine_new (berth_test_engine_host (), &error);
  g_assert_no_error (error);
  demo_stack_load (s);
}

static inline void
demo_stack_setenv (DemoStack *s, const char *key, const char *value)
{
  g_hash_table_replace (s->env, g_strdup (key), g_strdup (value));
  demo_stack_load (s);
}

/* A launcher for berth-cli with the stack's environment. */
static inline GSubprocessLauncher *
demo_stack_launcher (DemoStack *s, GSubprocessFlags flags)
{
  GSubprocessLauncher *l = g_subprocess_launcher_new (flags);
  GHashTableIter iter;
  gpointer k, v;

  g_hash_table_iter_init (&iter, s->env);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_subprocess_launcher_setenv (l, k, v, TRUE);
  return l;
}

static inline void
demo_stack_set_override (DemoStack *s, const char *yaml)
{
  g_autoptr(GError) error = NULL;

  if (s->override)
    g_unlink (s->override);
  g_clear_pointer (&s->override, g_free);
  if (yaml)
    {
      int fd = g_file_open_tmp ("berth-test-wf-XXXXXX.yml", &s->override, &error);

      g_assert_no_error (error);
      close (fd);
      g_file_set_contents (s->override, yaml, -1, &error);
      g_assert_no_error (error);
    }
  demo_stack_load (s);
}

static inline void
demo_stack_up (DemoStack *s)
{
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
  g_autoptr(GError) error = NULL;

  options->timeout = -1;
  berth_compose_up_sync (s->project, s->engine, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Removes everything, the test's own volume included (it asked for it). */
static inline void
demo_stack_clear (DemoStack *s)
{
  g_autoptr(BerthComposeOptions) options = berth_compose_options_new ();
  g_autoptr(GError) error = NULL;

  if (s->project)
    {
      options->volumes = TRUE;
      options->remove_orphans = TRUE;
      options->timeout = 5;
      if (!berth_compose_down_sync (s->project, s->engine, options, NULL, NULL, NULL, &error))
        g_printerr ("# cleanup of %s: %s\n", s->name, error->message);
    }
  if (s->override)
    g_unlink (s->override);
  g_clear_object (&s->project);
  g_clear_object (&s->engine);
  g_clear_pointer (&s->env, g_hash_table_unref);
  g_free (s->name);
  g_free (s->dir);
  g_free (s->file);
  g_free (s->override);
}

static inline JsonObject *
demo_stack_container (DemoStack *s, const char *service)
{
  g_autoptr(GError) error = NULL;
  JsonObject *inspect = berth_workflow_find_container (s->engine, s->project, service, NULL, &error);

  g_assert_no_error (error);
  return inspect;
}

/* Runs argv in the service's container; returns stdout, asserts exit 0. */
static inline char *
demo_stack_exec (DemoStack *s, const char *service, const char * const *argv)
{
  g_autoptr(JsonObject) c = demo_stack_container (s, service);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int code = -1;

  g_assert_nonnull (c);
  berth_workflow_exec (s->engine, json_object_get_string_member (c, "Id"), argv, NULL, &out, &err, &code,
                       NULL, &error);
  g_assert_no_error (error);
  if (code != 0)
    g_error ("%s exited %d: %s%s", argv[0], code, out, err);
  return out;
}

static inline char *
demo_stack_psql (DemoStack *s, const char *sql)
{
  const char *argv[] = { "psql", "-U", "probeops", "-d", "probeops", "-tAc", sql, NULL };
  char *out = demo_stack_exec (s, "db", argv);

  return g_strstrip (out);
}

/* ---- running a workflow ---- */

typedef struct
{
  GMainLoop    *loop;
  GPtrArray    *events;
  GCancellable *cancellable;
  const char   *cancel_on_step;      /* cancel when this step starts... */
  guint         cancel_after_output; /* ...after this many of its output lines */
  guint         outputs_seen;
  gboolean      cancelling;
  gint64        cancel_time;
  gint64        done_time;
  gboolean      ok;
  GError       *error;
} WfRun;

static inline void
wf_run_on_event (BerthWorkflow *wf, BerthWorkflowEvent *e, gpointer data)
{
  WfRun *r = data;
  BerthWorkflowEventKind kind = berth_workflow_event_get_kind (e);

  g_ptr_array_add (r->events, berth_workflow_event_ref (e));
  if (g_test_verbose () || kind == BERTH_WORKFLOW_EVENT_STEP_FINISHED || kind == BERTH_WORKFLOW_EVENT_WORKFLOW_FINISHED)
    {
      g_autofree char *line = berth_workflow_event_to_json (e);
      if (kind != BERTH_WORKFLOW_EVENT_STEP_PROGRESS)
        g_printerr ("# %s\n", line);
    }
  if (r->cancel_on_step && !r->cancelling && berth_workflow_event_get_step (e) &&
      g_str_equal (berth_workflow_event_get_step (e), r->cancel_on_step))
    {
      if (kind == BERTH_WORKFLOW_EVENT_STEP_OUTPUT)
        r->outputs_seen++;
      if ((kind == BERTH_WORKFLOW_EVENT_STEP_STARTED && r->cancel_after_output == 0) ||
          (kind == BERTH_WORKFLOW_EVENT_STEP_OUTPUT && r->outputs_seen >= r->cancel_after_output))
        {
          r->cancelling = TRUE;
          r->cancel_time = g_get_monotonic_time ();
          g_cancellable_cancel (r->cancellable);
        }
    }
}

static inline void
wf_run_done (GObject *object, GAsyncResult *result, gpointer data)
{
  WfRun *r = data;

  r->ok = berth_workflow_run_finish (BERTH_WORKFLOW (object), result, &r->error);
  r->done_time = g_get_monotonic_time ();
  g_main_loop_quit (r->loop);
}

static inline void
wf_run (BerthWorkflow *wf, WfRun *r)
{
  r->loop = g_main_loop_new (NULL, FALSE);
  r->events = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_workflow_event_unref);
  if (r->cancellable == NULL)
    r->cancellable = g_cancellable_new ();
  g_signal_connect (wf, "event", G_CALLBACK (wf_run_on_event), r);
  berth_workflow_run_async (wf, r->cancellable, wf_run_done, r);
  g_main_loop_run (r->loop);
}

static inline void
wf_run_clear (WfRun *r)
{
  g_clear_pointer (&r->loop, g_main_loop_unref);
  g_clear_pointer (&r->events, g_ptr_array_unref);
  g_clear_object (&r->cancellable);
  g_clear_error (&r->error);
}

/* The status of a step in the workflow's results. */
static inline BerthStepStatus
wf_step_status (BerthWorkflow *wf, const char *step)
{
  GPtrArray *results = berth_workflow_get_results (wf);

  for (guint i = 0; i < results->len; i++)
    {
      BerthStepResult *r = g_ptr_array_index (results, i);
      if (g_str_equal (r->id, step))
        return r->status;
    }
  g_error ("no step %s", step);
  return BERTH_STEP_STATUS_NOT_RUN;
}

static inline const BerthDoctorCheck *
doctor_check (BerthDoctor *doctor, const char *id)
{
  GPtrArray *checks = berth_doctor_get_checks (doctor);

  for (guint i = 0; i < checks->len; i++)
    {
      BerthDoctorCheck *c = g_ptr_array_index (checks, i);
      if (g_str_equal (c->id, id))
        return c;
    }
  return NULL;
}

/* ---- doctor scenarios ---- */

static inline void
wait_healthy (DemoStack *s)
{
  for (int i = 0; i < 240; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) ps = berth_compose_ps_sync (s->project, s->engine, NULL, NULL, NULL, NULL, &error);
      guint ready = 0;

      g_assert_no_error (error);
      for (guint j = 0; j < ps->len; j++)
        {
          BerthServiceStatus *st = g_ptr_array_index (ps, j);

          ready += berth_service_status_get_state (st) == BERTH_SERVICE_STATE_RUNNING &&
                   berth_service_status_get_health (st) == BERTH_SERVICE_HEALTH_HEALTHY;
        }
      if (ready == ps->len && ps->len == 2)
        return;
      g_usleep (G_USEC_PER_SEC);
    }
  g_error ("the demo stack did not become healthy");
}

static inline BerthDoctor *
run_doctor (DemoStack *s)
{
  const char *files[] = { s->file, s->override, NULL };
  BerthDoctor *doctor = berth_doctor_new (s->engine, NULL, files, s->name);
  g_autoptr(BerthWorkflow) wf = NULL;
  GPtrArray *checks;
  WfRun r = { 0 };

  berth_doctor_set_environment (doctor, s->env);
  wf = berth_doctor_create_workflow (doctor);
  wf_run (wf, &r);
  checks = berth_doctor_get_checks (doctor);
  for (guint i = 0; i < checks->len; i++)
    {
      BerthDoctorCheck *c = g_ptr_array_index (checks, i);

      if (c->status == BERTH_CHECK_FAIL || c->status == BERTH_CHECK_WARN)
        g_printerr ("#   %s %s: %s (fix %s)\n", berth_check_status_to_string (c->status), c->id, c->finding,
                    c->fix ? c->fix : "-");
    }
  /* The run fails exactly when a check failed. */
  g_assert_cmpint (r.ok, ==, berth_doctor_count (doctor, BERTH_CHECK_FAIL) == 0);
  wf_run_clear (&r);
  return doctor;
}

static inline void
assert_check (BerthDoctor *doctor, const char *id, BerthCheckStatus status, const char *fix, const char *finding_part)
{
  const BerthDoctorCheck *c = doctor_check (doctor, id);

  if (c == NULL)
    g_error ("no check %s", id);
  if (c->status != status)
    g_error ("check %s is %s, expected %s: %s", id, berth_check_status_to_string (c->status),
             berth_check_status_to_string (status), c->finding);
  if (fix)
    g_assert_cmpstr (c->fix, ==, fix);
  if (finding_part && strstr (c->finding, finding_part) == NULL)
    g_error ("check %s: “%s” does not say “%s”", id, c->finding, finding_part);
}

static inline void
run_workflow_ok (BerthWorkflow *wf)
{
  WfRun r = { 0 };

  wf_run (wf, &r);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  wf_run_clear (&r);
}

