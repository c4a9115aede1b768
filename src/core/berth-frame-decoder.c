/* berth-frame-decoder.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-engine.h"
#include "berth-frame-decoder.h"

struct _BerthFrameDecoder
{
  BerthFrameFunc  func;
  gpointer        user_data;

  guint8          header[8];
  guint           header_len;   /* bytes of the current header seen */
  guint32         remaining;    /* payload bytes still to come */
  BerthStreamType stream;
};

BerthFrameDecoder *
berth_frame_decoder_new (BerthFrameFunc func,
                         gpointer       user_data)
{
  BerthFrameDecoder *self = g_new0 (BerthFrameDecoder, 1);

  self->func = func;
  self->user_data = user_data;
  return self;
}

void
berth_frame_decoder_free (BerthFrameDecoder *self)
{
  g_free (self);
}

gboolean
berth_frame_decoder_feed (BerthFrameDecoder  *self,
                          const guint8       *data,
                          gsize               len,
                          GError            **error)
{
  while (len > 0)
    {
      if (self->remaining == 0)
        {
          gsize take = MIN (len, 8 - self->header_len);

          memcpy (self->header + self->header_len, data, take);
          self->header_len += take;
          data += take;
          len -= take;
          if (self->header_len < 8)
            break;

          self->header_len = 0;
          if (self->header[0] > BERTH_STREAM_SYSTEM ||
              self->header[1] != 0 || self->header[2] != 0 || self->header[3] != 0)
            {
              g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                           _("The engine sent a malformed stream frame header "
                             "(%02x %02x %02x %02x): is the container using a TTY?"),
                           self->header[0], self->header[1], self->header[2], self->header[3]);
              return FALSE;
            }
          self->stream = self->header[0];
          self->remaining = ((guint32) self->header[4] << 24) | ((guint32) self->header[5] << 16) |
                            ((guint32) self->header[6] << 8) | (guint32) self->header[7];
          continue;
        }

      {
        gsize take = MIN (len, self->remaining);

        self->remaining -= take;
        if (!self->func (self->stream, data, take, self->user_data))
          return FALSE;
        data += take;
        len -= take;
      }
    }
  return TRUE;
}

gboolean
berth_frame_decoder_finish (BerthFrameDecoder  *self,
                            GError            **error)
{
  if (self->header_len != 0 || self->remaining != 0)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PROTOCOL,
                   _("The engine's stream ended in the middle of a frame"));
      return FALSE;
    }
  return TRUE;
}
