/* berth-json-lines.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "berth-json-lines.h"

struct _BerthJsonLines
{
  BerthJsonLineFunc  func;
  gpointer           user_data;
  GString           *pending;
};

BerthJsonLines *
berth_json_lines_new (BerthJsonLineFunc func,
                      gpointer          user_data)
{
  BerthJsonLines *self = g_new0 (BerthJsonLines, 1);

  self->func = func;
  self->user_data = user_data;
  self->pending = g_string_new (NULL);
  return self;
}

void
berth_json_lines_free (BerthJsonLines *self)
{
  if (self == NULL)
    return;
  g_string_free (self->pending, TRUE);
  g_free (self);
}

static gboolean
emit (BerthJsonLines *self,
      char           *line,
      gsize           len)
{
  while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
    len--;
  while (len > 0 && (line[0] == ' ' || line[0] == '\t' || line[0] == '\r'))
    {
      line++;
      len--;
    }
  if (len == 0)
    return TRUE;
  line[len] = '\0';
  return self->func (line, len, self->user_data);
}

gboolean
berth_json_lines_feed (BerthJsonLines *self,
                       const guint8   *data,
                       gsize           len)
{
  const guint8 *end = data + len;

  while (data < end)
    {
      const guint8 *nl = memchr (data, '\n', end - data);

      if (nl == NULL)
        {
          g_string_append_len (self->pending, (const char *) data, end - data);
          break;
        }

      g_string_append_len (self->pending, (const char *) data, nl - data);
      data = nl + 1;
      {
        gboolean go_on = emit (self, self->pending->str, self->pending->len);

        g_string_truncate (self->pending, 0);
        if (!go_on)
          return FALSE;
      }
    }
  return TRUE;
}

gboolean
berth_json_lines_finish (BerthJsonLines *self)
{
  gboolean ret = emit (self, self->pending->str, self->pending->len);

  g_string_truncate (self->pending, 0);
  return ret;
}
