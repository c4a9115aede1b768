/* berth-log-view.h: a service's logs, or all services' logs merged, in a
 * terminal view: follow, timestamps, tail size, regex search, copy, save,
 * clear; scrollback bounded by the log-scrollback-lines setting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <vte/vte.h>

#include "berth-compose.h"
#include "berth-engine.h"
#include "berth-log-stream.h"

G_BEGIN_DECLS

#define BERTH_TYPE_LOG_VIEW (berth_log_view_get_type ())
G_DECLARE_FINAL_TYPE (BerthLogView, berth_log_view, BERTH, LOG_VIEW, GtkWidget)

/* service: NULL for every service, merged with coloured "service | "
 * prefixes.  Starts streaming right away. */
BerthLogView   *berth_log_view_new              (BerthEngine         *engine,
                                                 BerthComposeProject *project,
                                                 const char          *service);

const char     *berth_log_view_get_service      (BerthLogView        *self);
/* "All Services" or the service's name, for a tab. */
char           *berth_log_view_dup_title        (BerthLogView        *self);
VteTerminal    *berth_log_view_get_terminal     (BerthLogView        *self);
BerthLogStream *berth_log_view_get_stream       (BerthLogView        *self);

void            berth_log_view_set_follow       (BerthLogView        *self,
                                                 gboolean             follow);
gboolean        berth_log_view_get_follow       (BerthLogView        *self);
/* Changing timestamps or tail reads the logs again. */
void            berth_log_view_set_timestamps   (BerthLogView        *self,
                                                 gboolean             timestamps);
gboolean        berth_log_view_get_timestamps   (BerthLogView        *self);
void            berth_log_view_set_tail         (BerthLogView        *self,
                                                 const char          *tail);
const char     *berth_log_view_get_tail         (BerthLogView        *self);

/* Regex search (PCRE2 syntax; case-insensitive unless the pattern has a
 * capital letter).  FALSE with error for an invalid pattern; "" clears. */
gboolean        berth_log_view_set_search       (BerthLogView        *self,
                                                 const char          *pattern,
                                                 GError             **error);
/* Selects (highlights) the next/previous match, wrapping around. */
gboolean        berth_log_view_search_next      (BerthLogView        *self);
gboolean        berth_log_view_search_previous  (BerthLogView        *self);

/* Lines received but not given to the terminal yet (they go a frame's
 * worth at a time), and lines the view dropped because they would have
 * scrolled out of the scrollback before ever being shown. */
guint           berth_log_view_get_backlog      (BerthLogView        *self);
guint64         berth_log_view_get_dropped      (BerthLogView        *self);

/* Everything in the scrollback and on screen, as plain text. */
char           *berth_log_view_dup_text         (BerthLogView        *self);
void            berth_log_view_clear            (BerthLogView        *self);
/* Writes the text to file (replacing it), without blocking. */
void            berth_log_view_save_async       (BerthLogView        *self,
                                                 GFile               *file,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        berth_log_view_save_finish      (BerthLogView        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
