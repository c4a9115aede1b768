/* berth-log-view-feed.c: how BerthLogView's lines reach its terminal.
 *
 * VTE parses what it was fed at its next frame, all of it, so a flood fed
 * in one go holds that frame for as long as the parsing takes.  Lines wait
 * in a backlog no longer than the scrollback and go to the terminal a
 * frame's worth at a time, adapted to how long frames take; lines that
 * would scroll out before they were ever shown are dropped, with a note.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-log-view-private.h"

static void
append_line (BerthLogView *self,
             GString      *out,
             BerthLogLine *line)
{
  if (self->service == NULL)
    {
      g_string_append (out, berth_compose_service_colour_ansi (line->service));
      g_string_append_printf (out, "%-*s |\033[0m ", self->prefix_width, line->service);
    }
  if (self->timestamps && line->timestamp != NULL)
    g_string_append_printf (out, "\033[2m%s\033[0m ", line->timestamp);

  /* A terminal needs CR LF; a lone LF would leave the cursor in its
   * column. */
  for (const char *p = line->text; *p != '\0'; p++)
    {
      if (*p == '\n' && (p == line->text || p[-1] != '\r'))
        g_string_append_c (out, '\r');
      g_string_append_c (out, *p);
    }
  g_string_append (out, "\r\n");
}

static void
append_skipped (GString *out,
                guint    count)
{
  g_autofree char *text = NULL;

  /* Translators: shown in the log when the view could not keep up */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line skipped", "%u lines skipped", count), count);
  g_string_append_printf (out, "\033[2m… %s …\033[0m\r\n", text);
}

/* Where the backlog's first `lines` lines end. */
static gsize
backlog_offset_after (BerthLogView *self,
                      guint         lines)
{
  const char *p = self->backlog->str + self->backlog_start;
  const char *end = self->backlog->str + self->backlog->len;

  for (guint i = 0; i < lines && p < end; i++)
    {
      const char *nl = memchr (p, '\n', end - p);

      p = nl ? nl + 1 : end;
    }
  return p - self->backlog->str;
}

void
berth_log_view_backlog_reset (BerthLogView *self)
{
  g_string_truncate (self->backlog, 0);
  self->backlog_start = 0;
  self->backlog_lines = 0;
  self->front_dropped = 0;
}

/* Feeds the terminal up to `lines` lines of the backlog. */
static void
feed_backlog (BerthLogView *self,
              guint         lines)
{
  guint n = MIN (lines, self->backlog_lines);
  gsize end = backlog_offset_after (self, n);

  if (self->front_dropped > 0)
    {
      g_autoptr(GString) note = g_string_new (NULL);

      append_skipped (note, self->front_dropped);
      vte_terminal_feed (VTE_TERMINAL (self->terminal), note->str, note->len);
      self->front_dropped = 0;
    }
  if (end > self->backlog_start)
    vte_terminal_feed (VTE_TERMINAL (self->terminal), self->backlog->str + self->backlog_start,
                       end - self->backlog_start);
  self->backlog_start = end;
  self->backlog_lines -= n;
  if (self->backlog_lines == 0)
    berth_log_view_backlog_reset (self);
  else if (self->backlog_start > 65536 && self->backlog_start > self->backlog->len / 2)
    {
      g_string_erase (self->backlog, 0, self->backlog_start);
      self->backlog_start = 0;
    }
}

static gboolean
feed_tick (GtkWidget     *widget,
           GdkFrameClock *clock,
           gpointer       user_data)
{
  BerthLogView *self = BERTH_LOG_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (self->last_frame_us != 0)
    {
      gint64 gap = now - self->last_frame_us;

      /* Halve on a slow frame, grow by a little on a fast one: a frame
       * shows the cost of what the frame before it fed, so growing fast
       * would overshoot. */
      if (gap > FRAME_SLOW_US)
        self->feed_lines = MAX (FEED_MIN_LINES, self->feed_lines / 2);
      else if (gap < FRAME_FAST_US)
        self->feed_lines = MIN (FEED_MAX_LINES, self->feed_lines + FEED_MIN_LINES / 2);
    }
  self->last_frame_us = now;

  feed_backlog (self, self->feed_lines);
  if (self->backlog_lines == 0 && self->front_dropped == 0)
    {
      self->tick_id = 0;
      self->last_frame_us = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Lines that would scroll out of the scrollback before they were ever
 * on screen go now, with a note in their place. */
static void
backlog_trim (BerthLogView *self)
{
  guint keep = MAX (self->scrollback, 100);
  guint drop;

  if (self->backlog_lines <= keep)
    return;
  drop = self->backlog_lines - keep;
  self->backlog_start = backlog_offset_after (self, drop);
  self->backlog_lines -= drop;
  self->front_dropped += drop;
  self->dropped += drop;
}

static void
queue_text (BerthLogView *self,
            GString      *text,
            guint         lines)
{
  g_string_append_len (self->backlog, text->str, text->len);
  self->backlog_lines += lines;
  backlog_trim (self);

  /* No frames to protect: straight to the terminal. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      feed_backlog (self, G_MAXUINT);
      return;
    }
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), feed_tick, NULL, NULL);
}

void
berth_log_view_queue_lines (BerthLogView *self,
                            GPtrArray    *lines)
{
  g_autoptr(GString) out = g_string_sized_new (lines->len * 96);

  for (guint i = 0; i < lines->len; i++)
    append_line (self, out, g_ptr_array_index (lines, i));
  queue_text (self, out, lines->len);
}

void
berth_log_view_queue_skipped (BerthLogView *self,
                              guint         count)
{
  g_autoptr(GString) out = g_string_new (NULL);

  append_skipped (out, count);
  queue_text (self, out, 1);
}

guint
berth_log_view_get_backlog (BerthLogView *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_VIEW (self), 0);
  return self->backlog_lines + (self->front_dropped > 0 ? 1 : 0);
}

guint64
berth_log_view_get_dropped (BerthLogView *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_VIEW (self), 0);
  return self->dropped;
}
