/* berth-terminal.h: the VteTerminal of Berth's log and shell views.
 *
 * Follows the system's light/dark style with its palette, and the
 * terminal-use-system-font / terminal-font settings with its font.  Since
 * no local pty is involved (the container's TTY is remote), it reports its
 * grid size itself: ::grid-changed (guint columns, guint rows) after an
 * allocation changed the number of columns or rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <vte/vte.h>

G_BEGIN_DECLS

#define BERTH_TYPE_TERMINAL (berth_terminal_get_type ())
G_DECLARE_FINAL_TYPE (BerthTerminal, berth_terminal, BERTH, TERMINAL, VteTerminal)

GtkWidget *berth_terminal_new             (void);
/* The font in use, e.g. "Monospace 11". */
char      *berth_terminal_dup_font_name   (BerthTerminal *self);
gboolean   berth_terminal_get_dark        (BerthTerminal *self);

G_END_DECLS
