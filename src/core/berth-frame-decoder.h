/* berth-frame-decoder.h: the engine's multiplexed stream format (non-TTY
 * logs, attach and exec output): frames of an 8-byte header
 * [type, 0, 0, 0, size as big-endian uint32] and size bytes of payload.
 * The decoder keeps its state across chunks, so frames may be split at any
 * byte.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BERTH_STREAM_STDIN  = 0,
  BERTH_STREAM_STDOUT = 1,
  BERTH_STREAM_STDERR = 2,
  BERTH_STREAM_SYSTEM = 3,   /* the engine's own error text */
} BerthStreamType;

/* Called with payload bytes as they arrive: a frame's payload may come in
 * several calls, always in order.  FALSE stops decoding. */
typedef gboolean (*BerthFrameFunc) (BerthStreamType  stream,
                                    const guint8    *data,
                                    gsize            len,
                                    gpointer         user_data);

typedef struct _BerthFrameDecoder BerthFrameDecoder;

BerthFrameDecoder *berth_frame_decoder_new    (BerthFrameFunc     func,
                                               gpointer           user_data);
void               berth_frame_decoder_free   (BerthFrameDecoder *self);
/* FALSE with error on a malformed header; FALSE without error when the
 * callback asked to stop. */
gboolean           berth_frame_decoder_feed   (BerthFrameDecoder *self,
                                               const guint8      *data,
                                               gsize              len,
                                               GError           **error);
/* At the end of the stream: FALSE with error if it ended inside a frame. */
gboolean           berth_frame_decoder_finish (BerthFrameDecoder *self,
                                               GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthFrameDecoder, berth_frame_decoder_free)

G_END_DECLS
