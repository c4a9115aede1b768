/* berth-cli-config.c: `berth-cli config`, the resolved compose model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-cli.h"
#include "berth-compose.h"

static int
cmd_config (BerthCliGlobals *globals,
            int              argc,
            char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(BerthComposeProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  gboolean show_secrets = FALSE;
  GPtrArray *warnings;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print Compose v2's canonical JSON instead of YAML"), NULL },
    { "show-secrets", 0, 0, G_OPTION_ARG_NONE, &show_secrets, N_("Print password, secret, token and key values"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Print the resolved compose model: files merged, variables interpolated."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!berth_cli_parse (context, &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      berth_cli_error (_("unexpected argument “%s”"), argv[1]);
      return BERTH_CLI_EXIT_USAGE;
    }

  project = berth_compose_project_load (globals->project_dir, (const char * const *) globals->files,
                                        globals->project_name, NULL, &error);
  if (project == NULL)
    {
      berth_cli_error ("%s", error->message);
      return BERTH_CLI_EXIT_USAGE;
    }

  warnings = berth_compose_project_get_warnings (project);
  for (guint i = 0; i < warnings->len; i++)
    g_printerr (_("warning: %s\n"), (const char *) g_ptr_array_index (warnings, i));

  if (json)
    {
      g_autoptr(JsonNode) node = berth_compose_project_to_json (project, show_secrets);
      g_autofree char *text = json_to_string (node, TRUE);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = berth_compose_project_to_yaml (project, show_secrets);
      g_print ("%s", text);
    }
  return BERTH_CLI_EXIT_OK;
}

const BerthCliCommand berth_cli_config_commands[] = {
  { "config", N_("Print the resolved compose model (YAML, or JSON with --json)"), cmd_config },
  { NULL }
};
