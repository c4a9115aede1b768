/* berth-cli.c: entry point and dispatch of berth-cli.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "berth-cli.h"

static const BerthCliCommand * const groups[] = {
  berth_cli_engine_commands,
  berth_cli_workflow_commands,
  berth_cli_compose_commands,
  berth_cli_config_commands,
  berth_cli_db_commands,
  NULL
};

void
berth_cli_error (const char *format, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("berth-cli: %s\n", msg);
}

gboolean
berth_cli_parse (GOptionContext   *context,
                 int              *argc,
                 char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      berth_cli_error ("%s", error->message);
      g_printerr (_("Run “berth-cli %s --help” for usage.\n"), (*argv)[0]);
      return FALSE;
    }
  return TRUE;
}

static const BerthCliCommand *
find_command (int argc, char **argv, int *consumed)
{
  /* Longest match first so "db history" wins over a plain "db". */
  for (int words = MIN (argc, 2); words >= 1; words--)
    {
      g_autofree char *name = NULL;

      if (words == 2)
        name = g_strconcat (argv[0], " ", argv[1], NULL);
      else
        name = g_strdup (argv[0]);

      for (guint g = 0; groups[g]; g++)
        for (const BerthCliCommand *c = groups[g]; c->name; c++)
          if (g_str_equal (c->name, name))
            {
              *consumed = words;
              return c;
            }
    }
  return NULL;
}

static void
print_commands (FILE *out)
{
  fprintf (out, "%s\n", _("Commands:"));
  for (guint g = 0; groups[g]; g++)
    for (const BerthCliCommand *c = groups[g]; c->name; c++)
      fprintf (out, "  %-22s %s\n", c->name, _(c->summary));
  fprintf (out, "\n%s\n", _("Run “berth-cli COMMAND --help” for a command's options."));
}

int
main (int argc, char **argv)
{
  BerthCliGlobals globals = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const BerthCliCommand *command;
  int consumed = 0;
  int ret;
  GOptionEntry entries[] = {
    { "host", 'H', 0, G_OPTION_ARG_STRING, &globals.host, N_("Engine endpoint (unix://PATH or tcp://HOST:PORT)"), N_("HOST") },
    { "file", 'f', 0, G_OPTION_ARG_FILENAME_ARRAY, &globals.files, N_("Compose file (repeatable)"), N_("FILE") },
    { "project-name", 'p', 0, G_OPTION_ARG_STRING, &globals.project_name, N_("Project name"), N_("NAME") },
    { "project-dir", 0, 0, G_OPTION_ARG_FILENAME, &globals.project_dir, N_("Project directory"), N_("DIR") },
    { NULL }
  };

  g_set_prgname ("berth-cli");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [ARGS…]"));
  g_option_context_set_summary (context, _("Rebuild, migrate and troubleshoot a Docker Compose backend."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Options after the command name belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_set_help_enabled (context, FALSE);

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
                    g_str_equal (argv[1], "help")))
    {
      g_autofree char *help = NULL;

      g_option_context_set_help_enabled (context, TRUE);
      help = g_option_context_get_help (context, TRUE, NULL);
      fputs (help, stdout);
      print_commands (stdout);
      return BERTH_CLI_EXIT_OK;
    }

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      berth_cli_error ("%s", error->message);
      return BERTH_CLI_EXIT_USAGE;
    }

  if (argc < 2)
    {
      berth_cli_error ("%s", _("no command given"));
      print_commands (stderr);
      return BERTH_CLI_EXIT_USAGE;
    }

  command = find_command (argc - 1, argv + 1, &consumed);
  if (command == NULL)
    {
      berth_cli_error (_("unknown command “%s”"), argv[1]);
      print_commands (stderr);
      return BERTH_CLI_EXIT_USAGE;
    }

  {
    /* Hand the command an argv whose [0] is its full name. */
    g_autofree char *name = g_strdup (command->name);
    g_autofree char **sub_argv = g_new0 (char *, argc - consumed + 2);
    int sub_argc = 0;

    sub_argv[sub_argc++] = name;
    for (int i = 1 + consumed; i < argc; i++)
      sub_argv[sub_argc++] = argv[i];

    ret = command->func (&globals, sub_argc, sub_argv);
  }

  g_free (globals.host);
  g_strfreev (globals.files);
  g_free (globals.project_name);
  g_free (globals.project_dir);

  return ret;
}
