/* berth-cli-engine.c: engine-level commands (version, info, engine events).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-cli.h"

static int
cmd_version (BerthCliGlobals *globals,
             int              argc,
             char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_summary (context, _("Print Berth's version and the engine's."));
  if (!berth_cli_parse (context, &argc, &argv))
    return BERTH_CLI_EXIT_USAGE;

  g_print ("Berth %s\n", PACKAGE_VERSION);
  return BERTH_CLI_EXIT_OK;
}

const BerthCliCommand berth_cli_engine_commands[] = {
  { "version", N_("Print Berth's version and the engine's"), cmd_version },
  { NULL }
};
