/* berth-cli-workflows.c: rebuild, migrate, verify and doctor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "berth-cli.h"
#include "berth-cli-workflow-render.h"
#include "berth-compose.h"
#include "berth-doctor.h"
#include "berth-engine.h"
#include "berth-workflows.h"

static gboolean
parse (GOptionContext   *context,
       GOptionEntry     *entries,
       const char       *summary,
       int              *argc,
       char           ***argv)
{
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return berth_cli_parse (context, argc, argv);
}

static int
open_stack (BerthCliGlobals      *globals,
            BerthEngine         **engine,
            BerthComposeProject **project)
{
  g_autoptr(GError) error = NULL;

  *engine = berth_engine_new (globals->host, &error);
  if (*engine == NULL)
    {
      berth_cli_error ("%s", error->message);
      return BERTH_CLI_EXIT_USAGE;
    }
  if (project == NULL)
    return BERTH_CLI_EXIT_OK;
  *project = berth_compose_project_load (globals->project_dir, (const char * const *) globals->files,
                                         globals->project_name, NULL, &error);
  if (*project == NULL)
    {
      berth_cli_error ("%s", error->message);
      g_clear_object (engine);
      return BERTH_CLI_EXIT_USAGE;
    }
  return BERTH_CLI_EXIT_OK;
}

static int
cmd_rebuild (BerthCliGlobals *globals,
             int              argc,
             char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[SERVICE…]"));
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(BerthComposeProject) project = NULL;
  g_autoptr(BerthWorkflow) wf = NULL;
  g_autofree char *message = NULL;
  gboolean no_migrate = FALSE, keep_cache = FALSE, json = FALSE;
  int timeout = 0;
  BerthWorkflowOptions options = { 0 };
  g_auto(GStrv) services = NULL;
  GOptionEntry entries[] = {
    { "no-migrate", 0, 0, G_OPTION_ARG_NONE, &no_migrate, N_("Do not generate or apply migrations"), NULL },
    { "message", 'm', 0, G_OPTION_ARG_STRING, &message, N_("Migration message (default “Schema changes”)"), N_("MSG") },
    { "keep-cache", 0, 0, G_OPTION_ARG_NONE, &keep_cache, N_("Build with the build cache"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Seconds to wait for healthy services (default 300)"), N_("SECONDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON lines"), NULL },
    { NULL }
  };
  int ret;

  if (!parse (context, entries, _("Down, build without cache, up, wait until healthy, then generate and apply "
                                  "migrations."), &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;
  if (timeout < 0)
    {
      berth_cli_error ("%s", _("--timeout must be positive"));
      return BERTH_CLI_EXIT_USAGE;
    }
  if ((ret = open_stack (globals, &engine, &project)) != BERTH_CLI_EXIT_OK)
    return ret;

  if (argc > 1)
    {
      services = g_new0 (char *, argc);
      for (int i = 1; i < argc; i++)
        {
          if (berth_compose_project_get_service (project, argv[i]) == NULL)
            {
              berth_cli_error (_("no such service: %s"), argv[i]);
              return BERTH_CLI_EXIT_USAGE;
            }
          services[i - 1] = g_strdup (argv[i]);
        }
    }

  options.services = services;
  options.no_migrate = no_migrate;
  options.keep_cache = keep_cache;
  options.message = message;
  options.wait_timeout = (guint) timeout;
  wf = berth_workflow_new_rebuild (engine, project, &options);
  return berth_cli_run_workflow (wf, json, stdout);
}

static int
cmd_migrate (BerthCliGlobals *globals,
             int              argc,
             char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(BerthComposeProject) project = NULL;
  g_autoptr(BerthWorkflow) wf = NULL;
  g_autofree char *message = NULL;
  gboolean review = FALSE, json = FALSE;
  BerthWorkflowOptions options = { 0 };
  GOptionEntry entries[] = {
    { "message", 'm', 0, G_OPTION_ARG_STRING, &message, N_("Migration message (default “Schema changes”)"), N_("MSG") },
    { "review", 0, 0, G_OPTION_ARG_NONE, &review, N_("Stop after generating the migration, before applying it"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON lines"), NULL },
    { NULL }
  };
  int ret;

  if (!parse (context, entries, _("Generate a migration from the model changes (flask db migrate), then apply it "
                                  "(flask db upgrade)."), &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      berth_cli_error (_("unexpected argument “%s”"), argv[1]);
      return BERTH_CLI_EXIT_USAGE;
    }
  if ((ret = open_stack (globals, &engine, &project)) != BERTH_CLI_EXIT_OK)
    return ret;

  options.message = message;
  options.review = review;
  wf = berth_workflow_new_migrate (engine, project, &options);
  return berth_cli_run_workflow (wf, json, stdout);
}

static int
cmd_verify (BerthCliGlobals *globals,
            int              argc,
            char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(BerthComposeProject) project = NULL;
  g_autoptr(BerthWorkflow) wf = NULL;
  gboolean round_trip = FALSE, json = FALSE;
  BerthWorkflowOptions options = { 0 };
  GOptionEntry entries[] = {
    { "round-trip", 0, 0, G_OPTION_ARG_NONE, &round_trip,
      N_("Also downgrade to base and upgrade to head on a temporary copy of the database"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON lines"), NULL },
    { NULL }
  };
  int ret;

  if (!parse (context, entries, _("Check the migrations: Flask-Migrate and FLASK_APP in the container, the same "
                                  "revisions in the container and on the host, one head, the database at head, "
                                  "and no model change without a migration."), &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      berth_cli_error (_("unexpected argument “%s”"), argv[1]);
      return BERTH_CLI_EXIT_USAGE;
    }
  if ((ret = open_stack (globals, &engine, &project)) != BERTH_CLI_EXIT_OK)
    return ret;

  options.round_trip = round_trip;
  wf = berth_workflow_new_verify (engine, project, &options);
  return berth_cli_run_workflow (wf, json, stdout);
}

static int
cmd_doctor (BerthCliGlobals *globals,
            int              argc,
            char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[SERVICE…]"));
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(BerthDoctor) doctor = NULL;
  g_autoptr(BerthWorkflow) wf = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON lines, ending with the array of checks"), NULL },
    { NULL }
  };
  GPtrArray *checks;
  int ret;

  if (!parse (context, entries, _("Troubleshoot the stack: engine, compose file, containers, logs, FLASK_APP, "
                                  "migrations, network and ports, each with a suggested fix."), &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;
  if ((ret = open_stack (globals, &engine, NULL)) != BERTH_CLI_EXIT_OK)
    return ret;

  doctor = berth_doctor_new (engine, globals->project_dir, (const char * const *) globals->files,
                             globals->project_name);
  if (argc > 1)
    berth_doctor_set_services (doctor, (const char * const *) argv + 1);
  wf = berth_doctor_create_workflow (doctor);
  berth_cli_run_workflow (wf, json, stdout);
  checks = berth_doctor_get_checks (doctor);

  if (json)
    {
      g_autoptr(JsonNode) array = berth_doctor_checks_to_json (checks);
      g_autofree char *line = json_to_string (array, FALSE);

      g_print ("%s\n", line);
    }
  else
    {
      gboolean header = FALSE;

      for (guint i = 0; i < checks->len; i++)
        {
          BerthDoctorCheck *c = g_ptr_array_index (checks, i);

          if (c->status != BERTH_CHECK_FAIL)
            continue;
          if (!header)
            g_print ("\n%s\n", _("Failed checks:"));
          header = TRUE;
          g_print ("  ✗ %s: %s\n", c->id, c->finding);
          if (c->fix)
            g_print ("      %s %s\n", _("fix:"), c->fix);
        }
    }

  for (guint i = 0; i < checks->len; i++)
    {
      BerthDoctorCheck *c = g_ptr_array_index (checks, i);

      if (c->status == BERTH_CHECK_FAIL && (g_str_equal (c->id, "engine.reachable") ||
                                            g_str_equal (c->id, "engine.permission")))
        return BERTH_CLI_EXIT_UNREACHABLE;
    }
  return berth_doctor_count (doctor, BERTH_CHECK_FAIL) > 0 ? BERTH_CLI_EXIT_FAILED : BERTH_CLI_EXIT_OK;
}

const BerthCliCommand berth_cli_workflow_commands[] = {
  { "rebuild", N_("Rebuild the stack: down, build, up, wait until healthy, migrate"), cmd_rebuild },
  { "migrate", N_("Generate and apply a migration (--review stops before applying)"), cmd_migrate },
  { "verify", N_("Verify the migrations (--round-trip on a temporary database)"), cmd_verify },
  { "doctor", N_("Troubleshoot the stack and suggest fixes"), cmd_doctor },
  { NULL }
};
