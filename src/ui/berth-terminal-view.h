/* berth-terminal-view.h: an interactive shell in a container (the
 * engine's TTY exec), /bin/bash when the image has it, else /bin/sh.
 * Keys go to the shell, its output to the terminal, the terminal's size to
 * the TTY; when the shell ends the view says so, with a Reconnect button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <vte/vte.h>

#include "berth-engine.h"

G_BEGIN_DECLS

#define BERTH_TYPE_TERMINAL_VIEW (berth_terminal_view_get_type ())
G_DECLARE_FINAL_TYPE (BerthTerminalView, berth_terminal_view, BERTH, TERMINAL_VIEW, GtkWidget)

/* container: a name (stays valid when the service's container is
 * recreated) or an id; service: for the title, nullable.  Connects right
 * away. */
BerthTerminalView *berth_terminal_view_new             (BerthEngine       *engine,
                                                        const char        *container,
                                                        const char        *service);
/* Ends the current shell, if any, and opens a new one. */
void               berth_terminal_view_reconnect       (BerthTerminalView *self);
/* Ends the shell (the view then shows its exit status). */
void               berth_terminal_view_disconnect      (BerthTerminalView *self);

VteTerminal       *berth_terminal_view_get_terminal    (BerthTerminalView *self);
const char        *berth_terminal_view_get_container   (BerthTerminalView *self);
const char        *berth_terminal_view_get_service     (BerthTerminalView *self);
/* The service's name, else the container's, for a tab. */
char              *berth_terminal_view_dup_title       (BerthTerminalView *self);
/* "/bin/bash" or "/bin/sh" once chosen, else NULL. */
const char        *berth_terminal_view_get_shell       (BerthTerminalView *self);
gboolean           berth_terminal_view_get_running     (BerthTerminalView *self);
/* The last shell's exit status; -1 while it runs, before the first one
 * ended, or when the connection failed. */
int                berth_terminal_view_get_exit_status (BerthTerminalView *self);
/* What the status bar says ("Shell exited with status 3"), or NULL while
 * it is hidden. */
const char        *berth_terminal_view_get_status_text (BerthTerminalView *self);

G_END_DECLS
