/* berth-cli.h: the command table shared by berth-cli's command groups.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes of every berth-cli command. */
enum {
  BERTH_CLI_EXIT_OK          = 0,
  BERTH_CLI_EXIT_FAILED      = 1,
  BERTH_CLI_EXIT_USAGE       = 2,
  BERTH_CLI_EXIT_UNREACHABLE = 3,
};

/* Options that come before the command name and apply to every command. */
typedef struct
{
  char     *host;          /* -H/--host */
  char    **files;         /* -f/--file, repeatable */
  char     *project_name;  /* -p/--project-name */
  char     *project_dir;   /* --project-dir */
} BerthCliGlobals;

typedef int (*BerthCliFunc) (BerthCliGlobals *globals,
                             int              argc,
                             char           **argv);

typedef struct
{
  const char   *name;       /* "version", or "db history" for sub-commands */
  const char   *summary;    /* one line for `berth-cli --help` */
  BerthCliFunc  func;       /* argv[0] is the command name */
} BerthCliCommand;

/* Each command group (one file each) exports a NULL-terminated table. */
extern const BerthCliCommand berth_cli_engine_commands[];
extern const BerthCliCommand berth_cli_workflow_commands[];
extern const BerthCliCommand berth_cli_db_commands[];
extern const BerthCliCommand berth_cli_compose_commands[];
extern const BerthCliCommand berth_cli_config_commands[];

/* Parse a command's own options; prints the error and a usage hint on
 * failure.  Returns FALSE on a usage error (exit BERTH_CLI_EXIT_USAGE). */
gboolean berth_cli_parse (GOptionContext  *context,
                          int             *argc,
                          char          ***argv);

/* Print an error in the uniform "berth-cli: message" shape. */
void berth_cli_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
