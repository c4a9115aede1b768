/* berth-cli-engine.c: engine-level commands (version, info, engine events).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "berth-cli.h"
#include "berth-engine.h"
#include "berth-engine-events.h"

/* Prints an engine error with a hint and returns the exit code it maps to. */
static int
engine_failure (GError *error)
{
  if (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED))
    {
      /* From a call: the engine is too old.  (A bad -H is caught earlier.) */
      berth_cli_error ("%s", error->message);
      return BERTH_CLI_EXIT_FAILED;
    }

  berth_cli_error ("%s", error->message);

  if (error->domain != BERTH_ENGINE_ERROR)
    return BERTH_CLI_EXIT_FAILED;

  switch (error->code)
    {
    case BERTH_ENGINE_ERROR_UNREACHABLE:
      g_printerr ("%s\n", _("Hint: is the Docker engine running? Choose another endpoint with -H unix:///PATH "
                            "or tcp://HOST:PORT, or set DOCKER_HOST or DOCKER_CONTEXT."));
      return BERTH_CLI_EXIT_UNREACHABLE;
    case BERTH_ENGINE_ERROR_PERMISSION_DENIED:
      /* The message itself says how to fix it. */
      return BERTH_CLI_EXIT_UNREACHABLE;
    default:
      return BERTH_CLI_EXIT_FAILED;
    }
}

static BerthEngine *
open_engine (BerthCliGlobals *globals,
             int             *exit_code)
{
  g_autoptr(GError) error = NULL;
  BerthEngine *engine = berth_engine_new (globals->host, &error);

  if (engine == NULL && g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_UNSUPPORTED))
    {
      /* An endpoint description we cannot use (ssh://, garbage). */
      berth_cli_error ("%s", error->message);
      *exit_code = BERTH_CLI_EXIT_USAGE;
    }
  else if (engine == NULL)
    *exit_code = engine_failure (error);
  return engine;
}

static int
cmd_version (BerthCliGlobals *globals,
             int              argc,
             char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(JsonObject) version = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code = BERTH_CLI_EXIT_OK;

  g_option_context_set_summary (context, _("Print Berth's version and the engine's."));
  if (!berth_cli_parse (context, &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;

  g_print ("Berth %s\n", PACKAGE_VERSION);

  engine = open_engine (globals, &exit_code);
  if (engine == NULL)
    return exit_code;

  version = berth_engine_version_sync (engine, NULL, &error);
  if (version == NULL)
    return engine_failure (error);

  g_print ("Engine: %s\n", json_object_get_string_member_with_default (version, "Version", "?"));
  g_print ("API: %s\n", berth_engine_get_api_version (engine));
  g_print ("Endpoint: %s\n", berth_engine_get_endpoint (engine));
  return BERTH_CLI_EXIT_OK;
}

static gboolean json_output;

static int
cmd_info (BerthCliGlobals *globals,
          int              argc,
          char           **argv)
{
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print the engine's answer as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code = BERTH_CLI_EXIT_OK;

  g_option_context_set_summary (context, _("Print what the engine reports about itself."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!berth_cli_parse (context, &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;

  engine = open_engine (globals, &exit_code);
  if (engine == NULL)
    return exit_code;

  info = berth_engine_info_sync (engine, NULL, &error);
  if (info == NULL)
    return engine_failure (error);

  if (as_json)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), info);
      g_autofree char *text = json_to_string (node, TRUE);

      g_print ("%s\n", text);
      return BERTH_CLI_EXIT_OK;
    }

#define STR(key) json_object_get_string_member_with_default (info, key, "")
#define INT(key) json_object_get_int_member_with_default (info, key, 0)
  g_print ("%-18s %s\n", _("Endpoint:"), berth_engine_get_endpoint (engine));
  g_print ("%-18s %s\n", _("API:"), berth_engine_get_api_version (engine));
  g_print ("%-18s %s\n", _("Name:"), STR ("Name"));
  g_print ("%-18s %s\n", _("Server version:"), STR ("ServerVersion"));
  g_print ("%-18s %s (%s, %s)\n", _("Operating system:"), STR ("OperatingSystem"),
           STR ("KernelVersion"), STR ("Architecture"));
  g_print ("%-18s %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT " running, %" G_GINT64_FORMAT " paused, %"
           G_GINT64_FORMAT " stopped)\n", _("Containers:"),
           INT ("Containers"), INT ("ContainersRunning"), INT ("ContainersPaused"), INT ("ContainersStopped"));
  g_print ("%-18s %" G_GINT64_FORMAT "\n", _("Images:"), INT ("Images"));
  g_print ("%-18s %s\n", _("Storage driver:"), STR ("Driver"));
  g_print ("%-18s %s\n", _("Cgroup driver:"), STR ("CgroupDriver"));
  g_print ("%-18s %s\n", _("Root directory:"), STR ("DockerRootDir"));
  g_print ("%-18s %" G_GINT64_FORMAT "\n", _("CPUs:"), INT ("NCPU"));
  g_print ("%-18s %.1f GiB\n", _("Memory:"), INT ("MemTotal") / (1024.0 * 1024.0 * 1024.0));
#undef STR
#undef INT
  return BERTH_CLI_EXIT_OK;
}

/* --- engine events --- */

static gboolean
print_event (BerthEngineEvent *event,
             gpointer          user_data)
{
  if (json_output)
    g_print ("%s\n", event->raw);
  else
    {
      g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_local (event->time_nano / 1000000000);
      g_autoptr(GDateTime) time = seconds ? g_date_time_add (seconds, (event->time_nano % 1000000000) / 1000) : NULL;
      g_autofree char *stamp = time ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.%f%:z") : g_strdup ("?");
      const char *name = event->attributes ? g_hash_table_lookup (event->attributes, "name") : NULL;

      g_print ("%s %s %s%s%s %s\n", stamp, event->type, event->action,
               event->action_value ? ": " : "", event->action_value ? event->action_value : "",
               name ? name : (event->actor_id ? event->actor_id : ""));
    }
  fflush (stdout);
  return TRUE;
}

static gboolean
on_signal (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  BerthEngine  *engine;
  char        **filters;
  GCancellable *cancellable;
  GError       *error;
  gboolean      done;
} EventsRun;

static gpointer
events_thread (gpointer user_data)
{
  EventsRun *run = user_data;

  berth_engine_events_sync (run->engine, (const char * const *) run->filters, NULL,
                            print_event, NULL, run->cancellable, &run->error);
  g_atomic_int_set (&run->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static int
cmd_engine_events (BerthCliGlobals *globals,
                   int              argc,
                   char           **argv)
{
  g_auto(GStrv) filters = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json_output, N_("Print the engine's events as JSON, one per line"), NULL },
    { "filter", 0, 0, G_OPTION_ARG_STRING_ARRAY, &filters, N_("Filter as KEY=VALUE (type=container, label=a=b), repeatable"), N_("FILTER") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(BerthEngine) engine = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  EventsRun run = { 0 };
  GThread *thread;
  guint sigint, sigterm;
  int exit_code = BERTH_CLI_EXIT_OK;

  g_option_context_set_summary (context, _("Print the engine's events as they happen, until interrupted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!berth_cli_parse (context, &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;

  for (guint i = 0; filters && filters[i]; i++)
    if (strchr (filters[i], '=') == NULL)
      {
        berth_cli_error (_("invalid filter “%s”: expected KEY=VALUE"), filters[i]);
        return BERTH_CLI_EXIT_USAGE;
      }

  engine = open_engine (globals, &exit_code);
  if (engine == NULL)
    return exit_code;
  /* Fail fast when the engine is not there rather than waiting in the stream. */
  if (!berth_engine_ping_sync (engine, NULL, &error))
    return engine_failure (error);

  run.engine = engine;
  run.filters = filters;
  run.cancellable = cancellable;

  sigint = g_unix_signal_add (SIGINT, on_signal, cancellable);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, cancellable);
  thread = g_thread_new ("berth-events", events_thread, &run);
  while (!g_atomic_int_get (&run.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  if (run.error != NULL)
    {
      if (g_error_matches (run.error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED))
        {
          g_clear_error (&run.error);
          return BERTH_CLI_EXIT_OK;
        }
      exit_code = engine_failure (run.error);
      g_clear_error (&run.error);
      return exit_code;
    }
  return BERTH_CLI_EXIT_OK;
}

const BerthCliCommand berth_cli_engine_commands[] = {
  { "version", N_("Print Berth's version and the engine's"), cmd_version },
  { "info", N_("Print what the engine reports about itself"), cmd_info },
  { "engine events", N_("Print the engine's events as they happen"), cmd_engine_events },
  { NULL }
};
