/* berth-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "berth-util.h"

/* Keys that look like credentials are masked by every printer unless the
 * user asks to see them.  Matching is a case-insensitive substring test, as
 * users name these things PASSWORD, DB_PASSWORD, SECRET_KEY, API_TOKEN... */
gboolean
berth_util_is_secret_key (const char *key)
{
  static const char * const needles[] = { "PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", NULL };
  g_autofree char *upper = NULL;

  if (key == NULL)
    return FALSE;

  upper = g_ascii_strup (key, -1);
  for (guint i = 0; needles[i]; i++)
    if (strstr (upper, needles[i]) != NULL)
      return TRUE;

  return FALSE;
}

char *
berth_util_mask_secret (const char *key,
                        const char *value,
                        gboolean    show_secrets)
{
  if (value == NULL)
    return NULL;
  if (!show_secrets && berth_util_is_secret_key (key))
    return g_strdup ("********");
  return g_strdup (value);
}

/* Go's time.Duration String() format, which Compose prints: 1m30s, 500ms, 0s. */
char *
berth_util_format_duration (gint64 ns)
{
  GString *s;
  gint64 h, m;
  double sec;

  if (ns == 0)
    return g_strdup ("0s");

  s = g_string_new (NULL);
  if (ns < 0)
    {
      g_string_append_c (s, '-');
      ns = -ns;
    }

  if (ns < G_GINT64_CONSTANT (1000000000))
    {
      if (ns < 1000)
        g_string_append_printf (s, "%" G_GINT64_FORMAT "ns", ns);
      else if (ns < 1000000)
        g_string_append_printf (s, "%gµs", ns / 1e3);
      else
        g_string_append_printf (s, "%gms", ns / 1e6);
      return g_string_free (s, FALSE);
    }

  h = ns / G_GINT64_CONSTANT (3600000000000);
  ns -= h * G_GINT64_CONSTANT (3600000000000);
  m = ns / G_GINT64_CONSTANT (60000000000);
  ns -= m * G_GINT64_CONSTANT (60000000000);
  sec = ns / 1e9;

  if (h > 0)
    g_string_append_printf (s, "%" G_GINT64_FORMAT "h", h);
  if (h > 0 || m > 0)
    g_string_append_printf (s, "%" G_GINT64_FORMAT "m", m);
  g_string_append_printf (s, "%gs", sec);

  return g_string_free (s, FALSE);
}
