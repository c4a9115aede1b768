/* berth-cli-db.c: `berth-cli db ...`, Flask-Migrate through the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "berth-cli.h"
#include "berth-compose.h"
#include "berth-engine.h"
#include "berth-migration-graph.h"
#include "berth-migration-locate.h"
#include "berth-migration-runner.h"

typedef struct
{
  char                *project_dir;
  BerthComposeProject *project;         /* NULL without a compose file */
  BerthComposeService *service;         /* NULL when none could be chosen */
  char                *migrations_dir;
  GError              *service_error;   /* why service is NULL */
} DbContext;

static void
db_context_clear (DbContext *ctx)
{
  g_free (ctx->project_dir);
  g_clear_object (&ctx->project);
  g_free (ctx->migrations_dir);
  g_clear_error (&ctx->service_error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DbContext, db_context_clear)

static int
exit_code_for (const GError *error)
{
  if (error->domain == BERTH_ENGINE_ERROR)
    {
      switch (error->code)
        {
        case BERTH_ENGINE_ERROR_UNREACHABLE:
        case BERTH_ENGINE_ERROR_PERMISSION_DENIED:
          return BERTH_CLI_EXIT_UNREACHABLE;
        case BERTH_ENGINE_ERROR_UNSUPPORTED:
          return BERTH_CLI_EXIT_USAGE;
        default:
          return BERTH_CLI_EXIT_FAILED;
        }
    }
  if (error->domain == BERTH_MIGRATION_ERROR &&
      (error->code == BERTH_MIGRATION_ERROR_NO_MIGRATIONS))
    return BERTH_CLI_EXIT_USAGE;
  return BERTH_CLI_EXIT_FAILED;
}

static int
report (const GError *error)
{
  berth_cli_error ("%s", error->message);
  return exit_code_for (error);
}

/* Loads the compose project (when there is a compose file), picks the
 * migration service and finds the migrations folder on the host. */
static gboolean
db_context_load (DbContext        *ctx,
                 BerthCliGlobals  *globals,
                 const char       *service,
                 int              *exit_code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *discovered = NULL;

  ctx->project_dir = globals->project_dir ? g_canonicalize_filename (globals->project_dir, NULL)
                                          : g_get_current_dir ();

  if (globals->files != NULL ||
      (discovered = berth_compose_discover_file (ctx->project_dir, NULL)) != NULL)
    {
      ctx->project = berth_compose_project_load (globals->project_dir ? ctx->project_dir : NULL,
                                                 (const char * const *) globals->files,
                                                 globals->project_name, NULL, &error);
      if (ctx->project == NULL)
        {
          berth_cli_error ("%s", error->message);
          *exit_code = BERTH_CLI_EXIT_USAGE;
          return FALSE;
        }
      ctx->service = berth_migration_find_service (ctx->project, service, &ctx->service_error);
      if (ctx->service == NULL && service != NULL)
        {
          berth_cli_error ("%s", ctx->service_error->message);
          *exit_code = BERTH_CLI_EXIT_USAGE;
          return FALSE;
        }
    }

  ctx->migrations_dir = berth_migration_find_folder (ctx->project_dir, ctx->project, ctx->service, &error);
  if (ctx->migrations_dir == NULL)
    {
      berth_cli_error ("%s", error->message);
      *exit_code = BERTH_CLI_EXIT_USAGE;
      return FALSE;
    }
  return TRUE;
}

static gboolean json_mode;

static void
print_line (BerthStreamType stream, const char *line, gpointer user_data)
{
  /* With --json, stdout carries only the document. */
  FILE *out = (stream == BERTH_STREAM_STDOUT && !json_mode) ? stdout : stderr;

  fprintf (out, "%s\n", line);
  fflush (out);
}

static BerthMigrationRunner *
open_runner (DbContext        *ctx,
             BerthCliGlobals  *globals,
             GError          **error)
{
  g_autoptr(BerthEngine) engine = NULL;
  BerthMigrationRunner *runner;

  if (ctx->project == NULL)
    {
      g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_SERVICE,
                   _("No compose file in %s: Berth needs it to find the migration service's "
                     "container (give one with -f)."), ctx->project_dir);
      return NULL;
    }
  if (ctx->service == NULL)
    {
      g_propagate_error (error, g_error_copy (ctx->service_error));
      return NULL;
    }
  engine = berth_engine_new (globals->host, error);
  if (engine == NULL)
    return NULL;
  runner = berth_migration_runner_new (engine, berth_compose_project_get_name (ctx->project),
                                       berth_compose_service_get_name (ctx->service),
                                       ctx->migrations_dir);
  berth_migration_runner_set_line_func (runner, print_line, NULL, NULL);
  return runner;
}

static void
add_string_or_null (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

static void
print_problems (BerthMigrationGraph *graph)
{
  GPtrArray *problems = berth_migration_graph_get_problems (graph);

  if (problems->len == 0)
    return;
  g_print ("\n%s\n", _("Problems:"));
  for (guint i = 0; i < problems->len; i++)
    {
      BerthMigrationProblem *p = problems->pdata[i];

      g_print ("  - %s\n    %s %s\n", p->message, _("Fix:"), p->fix);
    }
}

/* Parses the command line of a db command; --json (as_json, set by the
 * parse) also sends the runner's stdout lines to stderr. */
static gboolean
db_parse (GOptionContext  *context,
          GOptionEntry    *entries,
          const char      *summary,
          const gboolean  *as_json,
          int             *argc,
          char          ***argv)
{
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!berth_cli_parse (context, argc, argv))
    return FALSE;
  json_mode = *as_json;
  return TRUE;
}

/* db_context_load then open_runner; on failure reports and sets *exit_code. */
static BerthMigrationRunner *
load_runner (DbContext        *ctx,
             BerthCliGlobals  *globals,
             const char       *service,
             int              *exit_code)
{
  g_autoptr(GError) error = NULL;
  BerthMigrationRunner *runner;

  if (!db_context_load (ctx, globals, service, exit_code))
    return NULL;
  runner = open_runner (ctx, globals, &error);
  if (runner == NULL)
    *exit_code = report (error);
  return runner;
}

/* {"member": [strv…]} */
static void
print_json_strv (const char         *member,
                 const char * const *strv)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; strv[i]; i++)
    json_builder_add_string_value (b, strv[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  print_json (node);
}

/* ---- history ------------------------------------------------------------ */

static int
cmd_history (BerthCliGlobals *globals, int argc, char **argv)
{
  g_autofree char *service = NULL;
  gboolean as_json = FALSE;
  gboolean files_only = FALSE;
  GOptionEntry entries[] = {
    { "service", 's', 0, G_OPTION_ARG_STRING, &service, N_("Migration service (default: api)"), N_("SERVICE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print the graph as JSON"), NULL },
    { "files-only", 0, 0, G_OPTION_ARG_NONE, &files_only, N_("Read the revision files only; do not ask the database"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(DbContext) ctx = { 0 };
  g_autoptr(BerthMigrationGraph) graph = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *versions = NULL;
  int exit_code = BERTH_CLI_EXIT_OK;

  if (!db_parse (context, entries,
                 _("Show the revision graph: from the migration files, and "
                   "where the database is when the service runs."),
                 &as_json, &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;

  if (!db_context_load (&ctx, globals, service, &exit_code))
    return exit_code;

  versions = g_build_filename (ctx.migrations_dir, "versions", NULL);
  if (!files_only && ctx.project != NULL)
    {
      g_autoptr(BerthMigrationRunner) runner = open_runner (&ctx, globals, &error);

      /* Quietly: history is not interesting while it runs. */
      if (runner != NULL)
        berth_migration_runner_set_line_func (runner, NULL, NULL, NULL);
      if (runner != NULL)
        graph = berth_migration_runner_load_graph_sync (runner, NULL, &error);
      if (graph == NULL)
        {
          g_printerr (_("berth-cli: the database's revision is unknown: %s\n"), error->message);
          g_clear_error (&error);
        }
    }
  if (graph == NULL)
    graph = berth_migration_graph_new_from_dir (versions, &error);
  if (graph == NULL)
    return report (error);

  if (as_json)
    {
      g_autoptr(JsonNode) node = berth_migration_graph_to_json (graph);
      print_json (node);
    }
  else
    {
      g_autofree char *text = berth_migration_graph_to_text (graph);

      g_print ("%s", text);
      print_problems (graph);
    }
  return BERTH_CLI_EXIT_OK;
}

/* ---- current, heads, check ---------------------------------------------- */

static int
cmd_current (BerthCliGlobals *globals, int argc, char **argv)
{
  g_autofree char *service = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "service", 's', 0, G_OPTION_ARG_STRING, &service, N_("Migration service (default: api)"), N_("SERVICE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(DbContext) ctx = { 0 };
  g_autoptr(BerthMigrationRunner) runner = NULL;
  g_autoptr(BerthMigrationGraph) graph = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *current;
  int exit_code = BERTH_CLI_EXIT_OK;

  if (!db_parse (context, entries,
                 _("Show the database's current revision."),
                 &as_json, &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;

  runner = load_runner (&ctx, globals, service, &exit_code);
  if (runner == NULL)
    return exit_code;
  berth_migration_runner_set_line_func (runner, NULL, NULL, NULL);
  graph = berth_migration_runner_load_graph_sync (runner, NULL, &error);
  if (graph == NULL)
    return report (error);
  current = berth_migration_graph_get_current (graph);

  if (as_json)
    {
      print_json_strv ("current", current);
      return BERTH_CLI_EXIT_OK;
    }

  if (current[0] == NULL)
    g_print ("%s\n", _("The database is not versioned (no revision applied)."));
  for (guint i = 0; current[i]; i++)
    {
      BerthMigrationNode *node = berth_migration_graph_lookup (graph, current[i]);
      BerthMigrationNodeFlags flags = berth_migration_node_get_flags (node);

      g_print ("%s%s%s %s\n", current[i],
               (flags & BERTH_MIGRATION_NODE_HEAD) ? " (head)" : "",
               (flags & BERTH_MIGRATION_NODE_MISSING_FILE) ? _(" (missing file)") : "",
               berth_migration_node_get_message (node));
    }
  print_problems (graph);
  return BERTH_CLI_EXIT_OK;
}

static int
cmd_heads (BerthCliGlobals *globals, int argc, char **argv)
{
  g_autofree char *service = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "service", 's', 0, G_OPTION_ARG_STRING, &service, N_("Migration service (default: api)"), N_("SERVICE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(DbContext) ctx = { 0 };
  g_autoptr(BerthMigrationGraph) graph = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *versions = NULL;
  g_auto(GStrv) heads = NULL;
  int exit_code = BERTH_CLI_EXIT_OK;

  if (!db_parse (context, entries,
                 _("Show the head revisions of the migration files."),
                 &as_json, &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;

  if (!db_context_load (&ctx, globals, service, &exit_code))
    return exit_code;
  versions = g_build_filename (ctx.migrations_dir, "versions", NULL);
  graph = berth_migration_graph_new_from_dir (versions, &error);
  if (graph == NULL)
    return report (error);
  heads = berth_migration_graph_dup_heads (graph);

  if (as_json)
    {
      print_json_strv ("heads", (const char * const *) heads);
      return BERTH_CLI_EXIT_OK;
    }
  for (guint i = 0; heads[i]; i++)
    g_print ("%s (head) %s\n", heads[i],
             berth_migration_node_get_message (berth_migration_graph_lookup (graph, heads[i])));
  if (g_strv_length (heads) > 1)
    print_problems (graph);
  return BERTH_CLI_EXIT_OK;
}

static const char *
change_kind (BerthMigrationChangeKind kind)
{
  switch (kind)
    {
    case BERTH_MIGRATION_CHANGE_ADDED:   return "added";
    case BERTH_MIGRATION_CHANGE_REMOVED: return "removed";
    default:                             return "changed";
    }
}

static JsonNode *
changes_to_json (GPtrArray *changes)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; changes && i < changes->len; i++)
    {
      BerthMigrationChange *c = changes->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, change_kind (c->kind));
      add_string_or_null (b, "object", c->object);
      add_string_or_null (b, "target", c->target);
      add_string_or_null (b, "description", c->description);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static void
print_changes (GPtrArray *changes)
{
  for (guint i = 0; changes && i < changes->len; i++)
    g_print ("  - %s\n", ((BerthMigrationChange *) changes->pdata[i])->description);
}

static int
cmd_check (BerthCliGlobals *globals, int argc, char **argv)
{
  g_autofree char *service = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "service", 's', 0, G_OPTION_ARG_STRING, &service, N_("Migration service (default: api)"), N_("SERVICE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(DbContext) ctx = { 0 };
  g_autoptr(BerthMigrationRunner) runner = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean clean = FALSE;
  int exit_code = BERTH_CLI_EXIT_OK;

  if (!db_parse (context, entries,
                 _("Check whether the models differ from the migrations "
                   "(exit status 1 when a migration is needed)."),
                 &as_json, &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;

  runner = load_runner (&ctx, globals, service, &exit_code);
  if (runner == NULL)
    return exit_code;
  if (!berth_migration_runner_check_sync (runner, &clean, &changes, NULL, &error))
    return report (error);

  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "clean");
      json_builder_add_boolean_value (b, clean);
      json_builder_set_member_name (b, "changes");
      json_builder_add_value (b, changes_to_json (changes));
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      print_json (node);
    }
  else if (clean)
    g_print ("%s\n", _("The models match the migrations."));
  else
    {
      g_print ("%s\n", _("The models differ from the migrations; generate a migration (berth-cli db migrate -m MESSAGE):"));
      print_changes (changes);
    }
  return clean ? BERTH_CLI_EXIT_OK : BERTH_CLI_EXIT_FAILED;
}

/* ---- migrate, merge ----------------------------------------------------- */

static int
print_generated (BerthMigrationMigrateResult *result, gboolean as_json)
{
  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "no_changes");
      json_builder_add_boolean_value (b, result->no_changes);
      add_string_or_null (b, "revision", result->revision);
      add_string_or_null (b, "file", result->host_path);
      add_string_or_null (b, "container_file", result->generated_path);
      json_builder_set_member_name (b, "copied");
      json_builder_add_boolean_value (b, result->copied);
      json_builder_set_member_name (b, "changes");
      json_builder_add_value (b, changes_to_json (result->changes));
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      print_json (node);
      return BERTH_CLI_EXIT_OK;
    }

  if (result->generated_path == NULL)
    {
      g_print ("%s\n", _("No changes in schema detected: no new revision."));
      return BERTH_CLI_EXIT_OK;
    }
  g_print (_("New revision %s: %s\n"), result->revision ? result->revision : "?",
           result->host_path ? result->host_path : result->generated_path);
  if (result->copied)
    g_print (_("The file was only in the container: copied it to %s.\n"), result->host_path);
  if (result->changes->len > 0)
    {
      g_print ("%s\n", _("Detected changes:"));
      print_changes (result->changes);
    }
  return BERTH_CLI_EXIT_OK;
}

static int
cmd_migrate (BerthCliGlobals *globals, int argc, char **argv)
{
  g_autofree char *service = NULL;
  g_autofree char *message = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "message", 'm', 0, G_OPTION_ARG_STRING, &message, N_("Revision message"), N_("MESSAGE") },
    { "service", 's', 0, G_OPTION_ARG_STRING, &service, N_("Migration service (default: api)"), N_("SERVICE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(DbContext) ctx = { 0 };
  g_autoptr(BerthMigrationRunner) runner = NULL;
  g_autoptr(BerthMigrationMigrateResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code = BERTH_CLI_EXIT_OK;

  if (!db_parse (context, entries,
                 _("Generate a revision from the models (flask db migrate); "
                   "the new file is copied to the project when it is only "
                   "in the container."),
                 &as_json, &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;
  if (message == NULL || argc > 1)
    {
      berth_cli_error ("%s", _("usage: berth-cli db migrate -m MESSAGE"));
      return BERTH_CLI_EXIT_USAGE;
    }

  runner = load_runner (&ctx, globals, service, &exit_code);
  if (runner == NULL)
    return exit_code;
  result = berth_migration_runner_migrate_sync (runner, message, NULL, &error);
  if (result == NULL)
    return report (error);
  return print_generated (result, as_json);
}

static int
cmd_merge (BerthCliGlobals *globals, int argc, char **argv)
{
  g_autofree char *service = NULL;
  g_autofree char *message = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "message", 'm', 0, G_OPTION_ARG_STRING, &message, N_("Revision message"), N_("MESSAGE") },
    { "service", 's', 0, G_OPTION_ARG_STRING, &service, N_("Migration service (default: api)"), N_("SERVICE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("REVISION…"));
  g_auto(DbContext) ctx = { 0 };
  g_autoptr(BerthMigrationRunner) runner = NULL;
  g_autoptr(BerthMigrationMigrateResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code = BERTH_CLI_EXIT_OK;

  if (!db_parse (context, entries,
                 _("Merge revisions (\"heads\" for all heads) into a new revision."),
                 &as_json, &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;
  if (message == NULL || argc < 2)
    {
      berth_cli_error ("%s", _("usage: berth-cli db merge -m MESSAGE REVISION… (or “heads”)"));
      return BERTH_CLI_EXIT_USAGE;
    }

  runner = load_runner (&ctx, globals, service, &exit_code);
  if (runner == NULL)
    return exit_code;
  result = berth_migration_runner_merge_sync (runner, message, (const char * const *) argv + 1, NULL, &error);
  if (result == NULL)
    return report (error);
  return print_generated (result, as_json);
}

/* ---- upgrade, downgrade, stamp ------------------------------------------ */

static gboolean
confirm_downgrade (BerthMigrationRunner *runner, const char *revision)
{
  g_autoptr(BerthMigrationGraph) graph = NULL;
  g_autoptr(GError) error = NULL;
  char answer[64] = { 0 };

  graph = berth_migration_runner_load_graph_sync (runner, NULL, &error);
  if (graph != NULL)
    {
      g_auto(GStrv) undone = berth_migration_graph_dup_undone_by (graph, revision);

      if (undone[0] == NULL)
        g_printerr ("%s\n", _("No applied revision would be undone."));
      else
        {
          g_printerr ("%s\n", _("Downgrading undoes these revisions:"));
          for (guint i = 0; undone[i]; i++)
            g_printerr ("  %s %s\n", undone[i],
                        berth_migration_node_get_message (berth_migration_graph_lookup (graph, undone[i])));
        }
    }
  g_printerr ("%s\n", _("A downgrade may drop columns and tables, and the data in them."));
  g_printerr ("%s", _("Continue? [y/N] "));
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  g_strstrip (answer);
  return g_ascii_strcasecmp (answer, "y") == 0 || g_ascii_strcasecmp (answer, "yes") == 0;
}

static int
run_revision_command (BerthCliGlobals *globals, int argc, char **argv,
                      const char *name, gboolean revision_required)
{
  g_autofree char *service = NULL;
  gboolean yes = FALSE;
  gboolean downgrade = g_str_equal (name, "downgrade");
  GOptionEntry entries[] = {
    { "service", 's', 0, G_OPTION_ARG_STRING, &service, N_("Migration service (default: api)"), N_("SERVICE") },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Do not ask for confirmation"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (revision_required ? _("REVISION") : _("[REVISION]"));
  g_auto(DbContext) ctx = { 0 };
  g_autoptr(BerthMigrationRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  const char *revision;
  gboolean ok;
  int exit_code = BERTH_CLI_EXIT_OK;

  if (g_str_equal (name, "upgrade"))
    g_option_context_set_summary (context, _("Apply revisions up to REVISION (default: head)."));
  else if (downgrade)
    g_option_context_set_summary (context, _("Undo revisions down to REVISION (an id, -1, base). "
                                              "This may drop columns and data: it asks for "
                                              "confirmation, or needs --yes without a terminal."));
  else
    g_option_context_set_summary (context, _("Set the database's revision without running migrations."));
  /* "-1" is a revision, not an option. */
  g_option_context_set_ignore_unknown_options (context, downgrade);
  /* --yes only means something for downgrade. */
  g_option_context_add_main_entries (context, downgrade ? entries : (GOptionEntry[]) { entries[0], { NULL } },
                                     GETTEXT_PACKAGE);
  if (!berth_cli_parse (context, &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;

  if (argc > 2 || (revision_required && argc < 2))
    {
      berth_cli_error (_("usage: berth-cli db %s %s"), name, revision_required ? "REVISION" : "[REVISION]");
      return BERTH_CLI_EXIT_USAGE;
    }
  revision = argc == 2 ? argv[1] : NULL;

  if (downgrade && !yes && !isatty (STDIN_FILENO))
    {
      berth_cli_error ("%s", _("a downgrade may drop columns and the data in them; "
                               "run it again with --yes to confirm"));
      return BERTH_CLI_EXIT_USAGE;
    }

  runner = load_runner (&ctx, globals, service, &exit_code);
  if (runner == NULL)
    return exit_code;

  if (downgrade && !yes)
    {
      berth_migration_runner_set_line_func (runner, NULL, NULL, NULL);
      if (!confirm_downgrade (runner, revision))
        {
          berth_cli_error ("%s", _("downgrade cancelled"));
          return BERTH_CLI_EXIT_FAILED;
        }
      berth_migration_runner_set_line_func (runner, print_line, NULL, NULL);
    }

  if (g_str_equal (name, "upgrade"))
    ok = berth_migration_runner_upgrade_sync (runner, revision, NULL, &error);
  else if (downgrade)
    ok = berth_migration_runner_downgrade_sync (runner, revision, NULL, &error);
  else
    ok = berth_migration_runner_stamp_sync (runner, revision, NULL, &error);
  if (!ok)
    return report (error);
  return BERTH_CLI_EXIT_OK;
}

static int
cmd_upgrade (BerthCliGlobals *globals, int argc, char **argv)
{
  return run_revision_command (globals, argc, argv, "upgrade", FALSE);
}

static int
cmd_downgrade (BerthCliGlobals *globals, int argc, char **argv)
{
  return run_revision_command (globals, argc, argv, "downgrade", TRUE);
}

static int
cmd_stamp (BerthCliGlobals *globals, int argc, char **argv)
{
  return run_revision_command (globals, argc, argv, "stamp", TRUE);
}

const BerthCliCommand berth_cli_db_commands[] = {
  { "db history",   N_("Revision graph (files, and the database when running)"), cmd_history },
  { "db current",   N_("The database's current revision"),                       cmd_current },
  { "db heads",     N_("Head revisions of the migration files"),                 cmd_heads },
  { "db check",     N_("Whether the models need a new migration"),               cmd_check },
  { "db migrate",   N_("Generate a revision (-m MESSAGE)"),                      cmd_migrate },
  { "db upgrade",   N_("Apply revisions (default: head)"),                       cmd_upgrade },
  { "db downgrade", N_("Undo revisions (asks for confirmation)"),                cmd_downgrade },
  { "db stamp",     N_("Set the database's revision without migrating"),         cmd_stamp },
  { "db merge",     N_("Merge heads into one revision"),                         cmd_merge },
  { NULL }
};
