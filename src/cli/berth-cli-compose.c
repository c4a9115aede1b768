/* berth-cli-compose.c: ps, build, up, down, start, stop, restart, logs,
 * exec and events of the compose project.
 *
 * Each command runs its core operation in a worker thread while the main
 * thread waits on a main loop for Ctrl-C, which cancels the operation (the
 * summary then says what was done); a second Ctrl-C exits at once.
 * Progress goes to stderr as lines (rewritten in place on a terminal), or
 * to stdout as JSON lines with --json.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "berth-cli.h"
#include "berth-compose.h"
#include "berth-compose-operations.h"
#include "berth-engine.h"

/* --- shared plumbing ---------------------------------------------------- */

typedef struct
{
  BerthCliGlobals      *globals;
  BerthComposeProject  *project;
  BerthEngine          *engine;
  BerthComposeOptions  *options;
  GCancellable         *cancellable;
  gboolean              json;
  gboolean              colour;
  gboolean              progress_line_open;   /* a PROGRESS line is on screen */
  int                   exit_code;
  GError               *error;

  /* what the worker runs */
  int                 (*run) (gpointer ctx);
  gint                  done;          /* atomic: the worker finished */
  guint                 sigint_count;
} Ctx;

static int
failure_code (const GError *error)
{
  if (error->domain == BERTH_ENGINE_ERROR)
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
  if (error->domain == BERTH_COMPOSE_ERROR)
    return BERTH_CLI_EXIT_USAGE;
  return BERTH_CLI_EXIT_FAILED;
}

static int
report_failure (GError *error)
{
  int code = failure_code (error);

  berth_cli_error ("%s", error->message);
  if (code == BERTH_CLI_EXIT_UNREACHABLE)
    g_printerr ("%s\n", _("Hint: is the Docker engine running? Choose another endpoint with -H, "
                          "or set DOCKER_HOST or DOCKER_CONTEXT."));
  return code;
}

static void
ctx_clear (Ctx *ctx)
{
  g_clear_object (&ctx->project);
  g_clear_object (&ctx->engine);
  g_clear_pointer (&ctx->options, berth_compose_options_free);
  g_clear_object (&ctx->cancellable);
  g_clear_error (&ctx->error);
}

/* Loads the project and opens the engine; prints and returns an exit
 * code on failure, else -1. */
static int
ctx_open (Ctx             *ctx,
          BerthCliGlobals *globals)
{
  g_autoptr(GError) error = NULL;

  ctx->globals = globals;
  ctx->cancellable = g_cancellable_new ();
  if (ctx->options == NULL)
    ctx->options = berth_compose_options_new ();
  ctx->project = berth_compose_project_load (globals->project_dir, (const char * const *) globals->files,
                                             globals->project_name, NULL, &error);
  if (ctx->project == NULL)
    {
      berth_cli_error ("%s", error->message);
      return BERTH_CLI_EXIT_USAGE;
    }
  ctx->engine = berth_engine_new (globals->host, &error);
  if (ctx->engine == NULL)
    return report_failure (error);
  return -1;
}

static void
print_progress (const BerthComposeProgress *p,
                gpointer                    user_data)
{
  Ctx *ctx = user_data;

  if (ctx->json)
    {
      g_autoptr(JsonNode) node = berth_compose_progress_to_json (p);
      g_autofree char *line = json_to_string (node, FALSE);

      fprintf (stdout, "%s\n", line);
      fflush (stdout);
      return;
    }

  {
    g_autofree char *text = berth_compose_progress_format (p);
    gboolean tty = isatty (STDERR_FILENO);

    if (p->phase == BERTH_COMPOSE_PHASE_PROGRESS)
      {
        /* Byte counts and build steps rewrite one line on a terminal and
         * are left out of logs. */
        if (!tty)
          return;
        fprintf (stderr, "\r\033[K%s", text);
        ctx->progress_line_open = TRUE;
        fflush (stderr);
        return;
      }
    if (ctx->progress_line_open)
      {
        fputs ("\r\033[K", stderr);
        ctx->progress_line_open = FALSE;
      }
    fprintf (stderr, "%s\n", text);
    fflush (stderr);
  }
}

static gpointer
worker (gpointer data)
{
  Ctx *ctx = data;

  ctx->exit_code = ctx->run (ctx);
  g_atomic_int_set (&ctx->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static gboolean
on_sigint (gpointer data)
{
  Ctx *ctx = data;

  if (++ctx->sigint_count > 1)
    {
      g_printerr ("\n%s\n", _("Interrupted again: exiting without waiting."));
      _exit (130);
    }
  g_printerr ("\n%s\n", _("Cancelling… (press Ctrl-C again to exit at once)"));
  g_cancellable_cancel (ctx->cancellable);
  return G_SOURCE_CONTINUE;
}

static int
ctx_run (Ctx  *ctx,
         int (*run) (gpointer ctx))
{
  GThread *thread;
  guint sig;

  ctx->run = run;
  sig = g_unix_signal_add (SIGINT, on_sigint, ctx);
  thread = g_thread_new ("berth-cli-compose", worker, ctx);
  /* A flag rather than g_main_loop_quit (): the worker may finish before
   * the loop would have started. */
  while (!g_atomic_int_get (&ctx->done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_source_remove (sig);
  return ctx->exit_code;
}

static gboolean
parse (GOptionContext   *context,
       GOptionEntry     *entries,
       const char       *summary,
       int              *argc,
       char           ***argv)
{
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  return berth_cli_parse (context, argc, argv);
}

/* Positional arguments after the command name are service names. */
static char **
services_from_args (int    argc,
                    char **argv)
{
  GStrvBuilder *b = g_strv_builder_new ();
  char **ret;

  for (int i = 1; i < argc; i++)
    g_strv_builder_add (b, argv[i]);
  ret = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  if (ret[0] == NULL)
    g_clear_pointer (&ret, g_strfreev);
  return ret;
}

/* Services from the positional arguments, then open the project and
 * engine and run. */
static int
services_command (BerthCliGlobals *globals,
                  Ctx             *ctx,
                  int            (*run) (gpointer ctx),
                  int              argc,
                  char           **argv)
{
  int code;

  ctx->options->services = services_from_args (argc, argv);
  if ((code = ctx_open (ctx, globals)) >= 0)
    return code;
  return ctx_run (ctx, run);
}

/* --- operations with progress ------------------------------------------- */

typedef gboolean (*OpFunc) (BerthComposeProject *, BerthEngine *, const BerthComposeOptions *,
                            BerthComposeProgressFunc, gpointer, GCancellable *, GError **);

static OpFunc current_op;

static int
run_op (gpointer data)
{
  Ctx *ctx = data;

  if (!current_op (ctx->project, ctx->engine, ctx->options, print_progress, ctx, ctx->cancellable, &ctx->error))
    {
      if (ctx->progress_line_open && !ctx->json)
        fputs ("\n", stderr);
      return report_failure (ctx->error);
    }
  return BERTH_CLI_EXIT_OK;
}

static int
op_command (BerthCliGlobals *globals,
            Ctx             *ctx,
            OpFunc           op,
            int              argc,
            char           **argv)
{
  current_op = op;
  return services_command (globals, ctx, run_op, argc, argv);
}

static int
cmd_build (BerthCliGlobals *globals,
           int              argc,
           char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[SERVICE…]"));
  Ctx ctx = { 0 };
  int code;
  GOptionEntry entries[] = {
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Do not use the build cache"), NULL },
    { "pull", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Always pull newer base images"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx.json, N_("Progress as JSON lines"), NULL },
    { NULL }
  };

  ctx.options = berth_compose_options_new ();
  entries[0].arg_data = &ctx.options->no_cache;
  entries[1].arg_data = &ctx.options->pull;
  if (!parse (context, entries, _("Build the images of services that have a build section."), &argc, &argv))
    {
      ctx_clear (&ctx);
      return BERTH_CLI_EXIT_USAGE;
    }
  code = op_command (globals, &ctx, berth_compose_build_sync, argc, argv);
  ctx_clear (&ctx);
  return code;
}

static int
cmd_up (BerthCliGlobals *globals,
        int              argc,
        char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[SERVICE…]"));
  Ctx ctx = { 0 };
  gboolean detach = FALSE;
  int code;
  GOptionEntry entries[] = {
    { "force-recreate", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Recreate containers even if their configuration is unchanged"), NULL },
    { "build", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Build images before starting containers"), NULL },
    { "no-build", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Fail rather than build a missing image"), NULL },
    { "no-deps", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Do not start the services the given ones depend on"), NULL },
    { "remove-orphans", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Remove containers of services not in the compose file"), NULL },
    { "detach", 'd', 0, G_OPTION_ARG_NONE, &detach, N_("Accepted for compatibility: up is always detached"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx.json, N_("Progress as JSON lines"), NULL },
    { NULL }
  };

  ctx.options = berth_compose_options_new ();
  entries[0].arg_data = &ctx.options->force_recreate;
  entries[1].arg_data = &ctx.options->build;
  entries[2].arg_data = &ctx.options->no_build;
  entries[3].arg_data = &ctx.options->no_deps;
  entries[4].arg_data = &ctx.options->remove_orphans;
  if (!parse (context, entries, _("Create and start the project's containers (always detached)."), &argc, &argv))
    {
      ctx_clear (&ctx);
      return BERTH_CLI_EXIT_USAGE;
    }
  code = op_command (globals, &ctx, berth_compose_up_sync, argc, argv);
  ctx_clear (&ctx);
  return code;
}

static gboolean
confirm_volumes (Ctx *ctx)
{
  char answer[64] = { 0 };

  if (!isatty (STDIN_FILENO))
    {
      berth_cli_error ("%s", _("--volumes deletes the project's named volumes and the data in them; "
                               "add --yes to confirm when not running in a terminal"));
      return FALSE;
    }
  g_printerr (_("This removes the named volumes of project “%s”, and every piece of data in them.\n"
                "Type “yes” to continue: "), berth_compose_project_get_name (ctx->project));
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  g_strstrip (answer);
  return g_str_equal (answer, "yes") || g_str_equal (answer, _("yes"));
}

static int
cmd_down (BerthCliGlobals *globals,
          int              argc,
          char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  Ctx ctx = { 0 };
  gboolean yes = FALSE;
  int code;
  GOptionEntry entries[] = {
    { "volumes", 'v', 0, G_OPTION_ARG_NONE, NULL, N_("Also remove named volumes (asks for confirmation)"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Confirm --volumes without asking"), NULL },
    { "remove-orphans", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Remove containers of services not in the compose file"), NULL },
    { "timeout", 't', 0, G_OPTION_ARG_INT, NULL, N_("Seconds to wait for a container to stop before killing it"), N_("SECONDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx.json, N_("Progress as JSON lines"), NULL },
    { NULL }
  };

  ctx.options = berth_compose_options_new ();
  entries[0].arg_data = &ctx.options->volumes;
  entries[2].arg_data = &ctx.options->remove_orphans;
  entries[3].arg_data = &ctx.options->timeout;
  if (!parse (context, entries, _("Stop and remove the project's containers and networks. Volumes are kept unless --volumes."),
              &argc, &argv))
    {
      ctx_clear (&ctx);
      return BERTH_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      berth_cli_error ("%s", _("down takes no service names"));
      ctx_clear (&ctx);
      return BERTH_CLI_EXIT_USAGE;
    }
  if ((code = ctx_open (&ctx, globals)) >= 0)
    {
      ctx_clear (&ctx);
      return code;
    }
  if (ctx.options->volumes && !yes && !confirm_volumes (&ctx))
    {
      ctx_clear (&ctx);
      return BERTH_CLI_EXIT_USAGE;
    }
  current_op = berth_compose_down_sync;
  code = ctx_run (&ctx, run_op);
  ctx_clear (&ctx);
  return code;
}

static int
lifecycle_command (BerthCliGlobals *globals,
                   int              argc,
                   char           **argv,
                   OpFunc           op,
                   const char      *summary,
                   gboolean         with_timeout)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[SERVICE…]"));
  Ctx ctx = { 0 };
  int code;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx.json, N_("Progress as JSON lines"), NULL },
    { "timeout", 't', 0, G_OPTION_ARG_INT, NULL, N_("Seconds to wait for a container to stop before killing it"), N_("SECONDS") },
    { NULL }
  };

  ctx.options = berth_compose_options_new ();
  entries[1].arg_data = &ctx.options->timeout;
  if (!with_timeout)
    entries[1].long_name = NULL;
  if (!parse (context, entries, summary, &argc, &argv))
    {
      ctx_clear (&ctx);
      return BERTH_CLI_EXIT_USAGE;
    }
  code = op_command (globals, &ctx, op, argc, argv);
  ctx_clear (&ctx);
  return code;
}

static int
cmd_start (BerthCliGlobals *globals, int argc, char **argv)
{
  return lifecycle_command (globals, argc, argv, berth_compose_start_sync,
                            _("Start the existing containers of services."), FALSE);
}

static int
cmd_stop (BerthCliGlobals *globals, int argc, char **argv)
{
  return lifecycle_command (globals, argc, argv, berth_compose_stop_sync,
                            _("Stop the containers of services (dependents first)."), TRUE);
}

static int
cmd_restart (BerthCliGlobals *globals, int argc, char **argv)
{
  return lifecycle_command (globals, argc, argv, berth_compose_restart_sync,
                            _("Restart the containers of services."), TRUE);
}

/* --- ps ------------------------------------------------------------------ */

static char *
format_ports (BerthServiceStatus *s)
{
  GPtrArray *ports = berth_service_status_get_ports (s);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ports->len; i++)
    {
      BerthPublishedPort *p = g_ptr_array_index (ports, i);

      g_string_append_printf (out, "%s%s%s%u->%u/%s", out->len ? ", " : "",
                              *p->host_ip ? p->host_ip : "", *p->host_ip ? ":" : "",
                              p->host_port, p->container_port, p->protocol);
    }
  return g_string_free (out, FALSE);
}

static int
run_ps (gpointer data)
{
  Ctx *ctx = data;
  g_autoptr(GPtrArray) rows = NULL;

  rows = berth_compose_ps_sync (ctx->project, ctx->engine, ctx->options, NULL, NULL, ctx->cancellable, &ctx->error);
  if (rows == NULL)
    return report_failure (ctx->error);

  if (ctx->json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;

      for (guint i = 0; i < rows->len; i++)
        json_array_add_element (array, berth_service_status_to_json (g_ptr_array_index (rows, i)));
      json_node_set_array (root, array);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return BERTH_CLI_EXIT_OK;
    }

  g_print ("%-28s %-14s %-20s %s\n", _("NAME"), _("SERVICE"), _("STATUS"), _("PORTS"));
  for (guint i = 0; i < rows->len; i++)
    {
      BerthServiceStatus *s = g_ptr_array_index (rows, i);
      g_autofree char *label = berth_service_status_dup_label (s);
      g_autofree char *ports = format_ports (s);
      const char *name = berth_service_status_get_container_name (s);

      g_print ("%-28s %-14s %-20s %s\n", name ? name : "-", berth_service_status_get_service (s), label, ports);
    }
  return BERTH_CLI_EXIT_OK;
}

/* A command whose only option is --json (json_help), on [SERVICE…]. */
static int
json_services_command (BerthCliGlobals *globals,
                       int              argc,
                       char           **argv,
                       int            (*run) (gpointer ctx),
                       const char      *json_help,
                       const char      *summary)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[SERVICE…]"));
  Ctx ctx = { 0 };
  int code;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx.json, json_help, NULL },
    { NULL }
  };

  ctx.options = berth_compose_options_new ();
  if (!parse (context, entries, summary, &argc, &argv))
    {
      ctx_clear (&ctx);
      return BERTH_CLI_EXIT_USAGE;
    }
  code = services_command (globals, &ctx, run, argc, argv);
  ctx_clear (&ctx);
  return code;
}

static int
cmd_ps (BerthCliGlobals *globals,
        int              argc,
        char           **argv)
{
  return json_services_command (globals, argc, argv, run_ps, N_("Print a JSON array"),
                                _("List the project's services and their containers' state."));
}

/* --- logs ---------------------------------------------------------------- */

typedef struct
{
  Ctx   *ctx;
  guint  width;
} LogsOut;

static void
print_log_line (const char            *service,
                const char            *container,
                BerthComposeLogStream  stream,
                const char            *line,
                gpointer               user_data)
{
  LogsOut *out = user_data;

  if (out->ctx->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "service");
      json_builder_add_string_value (b, service);
      json_builder_set_member_name (b, "container");
      json_builder_add_string_value (b, container);
      json_builder_set_member_name (b, "stream");
      json_builder_add_string_value (b, stream == BERTH_COMPOSE_LOG_STDERR ? "stderr" : "stdout");
      json_builder_set_member_name (b, "line");
      json_builder_add_string_value (b, line);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      text = json_to_string (node, FALSE);
      fprintf (stdout, "%s\n", text);
    }
  else if (out->ctx->colour)
    fprintf (stdout, "%s%-*s |\033[0m %s\n", berth_compose_service_colour_ansi (service),
             (int) out->width, service, line);
  else
    fprintf (stdout, "%-*s | %s\n", (int) out->width, service, line);
  fflush (stdout);
}

static int
run_logs (gpointer data)
{
  Ctx *ctx = data;
  LogsOut out = { ctx, 0 };
  GPtrArray *services = berth_compose_project_get_services (ctx->project);

  for (guint i = 0; i < services->len; i++)
    out.width = MAX (out.width, strlen (berth_compose_service_get_name (g_ptr_array_index (services, i))));

  if (!berth_compose_logs_sync (ctx->project, ctx->engine, ctx->options, print_log_line, &out,
                                ctx->cancellable, &ctx->error))
    return report_failure (ctx->error);
  return BERTH_CLI_EXIT_OK;
}

static int
cmd_logs (BerthCliGlobals *globals,
          int              argc,
          char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[SERVICE…]"));
  Ctx ctx = { 0 };
  gboolean no_colour = FALSE;
  int code;
  GOptionEntry entries[] = {
    { "follow", 'f', 0, G_OPTION_ARG_NONE, NULL, N_("Keep printing new lines"), NULL },
    { "tail", 'n', 0, G_OPTION_ARG_STRING, NULL, N_("Lines from the end of each log, or “all”"), N_("N") },
    { "since", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Only lines since this unix time or RFC 3339 date"), N_("TIME") },
    { "timestamps", 't', 0, G_OPTION_ARG_NONE, NULL, N_("Prefix each line with its time"), NULL },
    { "no-color", 0, 0, G_OPTION_ARG_NONE, &no_colour, N_("No colours"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx.json, N_("Lines as JSON objects"), NULL },
    { NULL }
  };

  ctx.options = berth_compose_options_new ();
  entries[0].arg_data = &ctx.options->follow;
  entries[1].arg_data = &ctx.options->tail;
  entries[2].arg_data = &ctx.options->since;
  entries[3].arg_data = &ctx.options->timestamps;
  if (!parse (context, entries, _("Print the services' logs, merged, each line prefixed with its service."),
              &argc, &argv))
    {
      ctx_clear (&ctx);
      return BERTH_CLI_EXIT_USAGE;
    }
  ctx.colour = !no_colour && !ctx.json && isatty (STDOUT_FILENO);
  code = services_command (globals, &ctx, run_logs, argc, argv);
  ctx_clear (&ctx);
  return code;
}

/* --- events -------------------------------------------------------------- */

static gboolean
print_event (const BerthComposeEvent *ev,
             gpointer                 user_data)
{
  Ctx *ctx = user_data;

  if (ctx->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "time");
      json_builder_add_string_value (b, ev->time);
      json_builder_set_member_name (b, "service");
      json_builder_add_string_value (b, ev->service);
      json_builder_set_member_name (b, "container");
      json_builder_add_string_value (b, ev->container);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, ev->id);
      json_builder_set_member_name (b, "action");
      json_builder_add_string_value (b, ev->action);
      json_builder_set_member_name (b, "value");
      if (ev->action_value)
        json_builder_add_string_value (b, ev->action_value);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "exit_code");
      if (ev->exit_code >= 0)
        json_builder_add_int_value (b, ev->exit_code);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      text = json_to_string (node, FALSE);
      fprintf (stdout, "%s\n", text);
    }
  else
    {
      fprintf (stdout, "%s container %s %s", ev->time ? ev->time : "", ev->action, ev->container ? ev->container : ev->id);
      if (ev->action_value)
        fprintf (stdout, " (%s)", ev->action_value);
      if (ev->exit_code >= 0)
        fprintf (stdout, " (exit code %d)", ev->exit_code);
      fputc ('\n', stdout);
    }
  fflush (stdout);
  return TRUE;
}

static int
run_events (gpointer data)
{
  Ctx *ctx = data;

  if (!berth_compose_events_sync (ctx->project, ctx->engine, ctx->options, print_event, ctx,
                                  ctx->cancellable, &ctx->error))
    return report_failure (ctx->error);
  return BERTH_CLI_EXIT_OK;
}

static int
cmd_events (BerthCliGlobals *globals,
            int              argc,
            char           **argv)
{
  return json_services_command (globals, argc, argv, run_events, N_("Events as JSON lines"),
                                _("Print the project's container state changes as they happen."));
}

/* --- exec ---------------------------------------------------------------- */

typedef struct
{
  Ctx    *ctx;
  char   *service;
  char  **argv;
} ExecArgs;

static ExecArgs exec_args;

static int
run_exec (gpointer data)
{
  Ctx *ctx = data;
  int exit_code = 0;

  if (!berth_compose_exec_sync (ctx->project, ctx->engine, exec_args.service,
                                (const char * const *) exec_args.argv, ctx->options,
                                STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO, &exit_code,
                                ctx->cancellable, &ctx->error))
    return report_failure (ctx->error);
  /* The command's own exit code, as docker compose exec does. */
  return exit_code;
}

static int
cmd_exec (BerthCliGlobals *globals,
          int              argc,
          char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("SERVICE COMMAND [ARG…]"));
  Ctx ctx = { 0 };
  gboolean no_tty = FALSE;
  int index = 1;
  int code;
  GOptionEntry entries[] = {
    { "no-tty", 'T', 0, G_OPTION_ARG_NONE, &no_tty, N_("Do not allocate a TTY (the default when stdin is not a terminal)"), NULL },
    { "user", 'u', 0, G_OPTION_ARG_STRING, NULL, N_("Run as this user"), N_("USER") },
    { "workdir", 'w', 0, G_OPTION_ARG_STRING, NULL, N_("Working directory inside the container"), N_("DIR") },
    { "env", 'e', 0, G_OPTION_ARG_STRING_ARRAY, NULL, N_("Set an environment variable (repeatable)"), N_("KEY=VALUE") },
    { "index", 0, 0, G_OPTION_ARG_INT, &index, N_("Container number of the service (default 1)"), N_("N") },
    { NULL }
  };

  ctx.options = berth_compose_options_new ();
  entries[1].arg_data = &ctx.options->user;
  entries[2].arg_data = &ctx.options->workdir;
  entries[3].arg_data = &ctx.options->env;
  /* The command's own options (ls -l) are not ours. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!parse (context, entries, _("Run a command in a service's running container."), &argc, &argv))
    {
      ctx_clear (&ctx);
      return BERTH_CLI_EXIT_USAGE;
    }
  if (argc < 3)
    {
      berth_cli_error ("%s", _("exec needs a service and a command"));
      ctx_clear (&ctx);
      return BERTH_CLI_EXIT_USAGE;
    }
  ctx.options->index = index > 0 ? (guint) index : 1;
  ctx.options->tty = !no_tty && isatty (STDIN_FILENO) && isatty (STDOUT_FILENO);
  /* As docker compose exec: stdin is attached, so `exec -T svc sh < x` works. */
  ctx.options->interactive = TRUE;
  exec_args.service = argv[1];
  exec_args.argv = argv + 2;
  if ((code = ctx_open (&ctx, globals)) < 0)
    code = ctx_run (&ctx, run_exec);
  ctx_clear (&ctx);
  return code;
}

const BerthCliCommand berth_cli_compose_commands[] = {
  { "ps", N_("List the services and their containers' state"), cmd_ps },
  { "build", N_("Build the images of services with a build section"), cmd_build },
  { "up", N_("Create and start the project's containers"), cmd_up },
  { "down", N_("Stop and remove the project's containers and networks"), cmd_down },
  { "start", N_("Start services' existing containers"), cmd_start },
  { "stop", N_("Stop services' containers"), cmd_stop },
  { "restart", N_("Restart services' containers"), cmd_restart },
  { "logs", N_("Print the services' logs, merged"), cmd_logs },
  { "exec", N_("Run a command in a service's container"), cmd_exec },
  { "events", N_("Print the project's container state changes"), cmd_events },
  { NULL }
};
