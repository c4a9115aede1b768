/* berth-log-view-private.h: BerthLogView's state, shared by its files
 * (berth-log-view.c, berth-log-view-feed.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-log-view.h"
#include "berth-terminal.h"

G_BEGIN_DECLS

struct _BerthLogView
{
  GtkWidget             parent_instance;

  /* template */
  GtkDropDown          *tail_dropdown;
  GtkSearchEntry       *search_entry;
  GtkRevealer          *status_revealer;
  GtkLabel             *status_label;
  BerthTerminal        *terminal;

  BerthEngine          *engine;
  BerthComposeProject  *project;
  char                 *service;
  BerthLogStream       *stream;
  GSettings            *settings;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;

  gboolean              follow;
  gboolean              timestamps;
  int                   prefix_width;

  /* Formatted lines not fed to the terminal yet: backlog->str from
   * backlog_start on, backlog_lines of them. */
  GString              *backlog;
  gsize                 backlog_start;
  guint                 backlog_lines;
  guint                 scrollback;
  guint                 front_dropped;    /* dropped unseen, not told yet */
  guint64               dropped;          /* dropped unseen, in all */
  guint                 feed_lines;       /* per frame, adapted */
  guint                 tick_id;
  gint64                last_frame_us;
};

/* VTE parses what it was fed at its next frame, all of it: a flood fed in
 * one go holds that frame for as long as the parsing takes.  Frames
 * slower than FRAME_SLOW_US shrink the lines fed per frame, frames faster
 * than FRAME_FAST_US grow them. */
#define FEED_MIN_LINES   100
#define FEED_MAX_LINES   20000
#define FEED_START_LINES 2000
#define FRAME_SLOW_US    24000
#define FRAME_FAST_US    18000

/* berth-log-view-feed.c */
void berth_log_view_queue_lines    (BerthLogView *self,
                                    GPtrArray    *lines);
void berth_log_view_queue_skipped  (BerthLogView *self,
                                    guint         count);
void berth_log_view_backlog_reset  (BerthLogView *self);

G_END_DECLS
