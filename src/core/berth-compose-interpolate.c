/* berth-compose-interpolate.c: Compose's variable substitution and .env files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-compose.h"
#include "berth-compose-interpolate-private.h"

static gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static gboolean interpolate_into (GString *out, const char *input, gsize len,
                                  BerthComposeLookupFunc lookup, gpointer data,
                                  GPtrArray *unset, int depth, GError **error);

static void
note_unset (GPtrArray *unset, const char *name)
{
  if (unset == NULL)
    return;
  for (guint i = 0; i < unset->len; i++)
    if (g_str_equal (g_ptr_array_index (unset, i), name))
      return;
  g_ptr_array_add (unset, g_strdup (name));
}

static gboolean
invalid (GError **error, const char *input, gsize len)
{
  g_autofree char *text = g_strndup (input, len);
  g_set_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_INTERPOLATION,
               _("invalid interpolation format in “%s”"), text);
  return FALSE;
}

/* ${...} starting at p (pointing after "${"); *end receives the index of the
 * closing brace. */
static gboolean
braced (GString *out, const char *input, gsize len, gsize start, gsize *end,
        BerthComposeLookupFunc lookup, gpointer data, GPtrArray *unset, int depth, GError **error)
{
  gsize i = start;
  gsize name_end;
  g_autofree char *name = NULL;
  const char *value;
  gboolean colon = FALSE;
  char op = 0;
  gsize arg_start, nest = 0;

  if (i >= len || !is_name_start (input[i]))
    return invalid (error, input, len);
  while (i < len && is_name_char (input[i]))
    i++;
  name_end = i;
  name = g_strndup (input + start, name_end - start);

  if (i < len && input[i] == '}')
    {
      value = lookup (name, data);
      if (value == NULL)
        note_unset (unset, name);
      else
        g_string_append (out, value);
      *end = i;
      return TRUE;
    }

  if (i < len && input[i] == ':')
    {
      colon = TRUE;
      i++;
    }
  if (i >= len || (input[i] != '-' && input[i] != '?' && input[i] != '+'))
    return invalid (error, input, len);
  op = input[i++];

  arg_start = i;
  for (; i < len; i++)
    {
      if (input[i] == '$' && i + 1 < len && input[i + 1] == '$')
        i++;
      else if (input[i] == '$' && i + 1 < len && input[i + 1] == '{')
        {
          nest++;
          i++;
        }
      else if (input[i] == '}')
        {
          if (nest == 0)
            break;
          nest--;
        }
    }
  if (i >= len)
    return invalid (error, input, len);
  *end = i;

  value = lookup (name, data);
  {
    gboolean is_set = value != NULL && (!colon || value[0] != '\0');

    switch (op)
      {
      case '-':
        if (is_set)
          g_string_append (out, value);
        else
          return interpolate_into (out, input + arg_start, i - arg_start, lookup, data, unset, depth + 1, error);
        return TRUE;

      case '+':
        if (is_set)
          return interpolate_into (out, input + arg_start, i - arg_start, lookup, data, unset, depth + 1, error);
        return TRUE;

      case '?':
        if (is_set)
          {
            g_string_append (out, value);
            return TRUE;
          }
        else
          {
            g_autoptr(GString) msg = g_string_new (NULL);
            g_autoptr(GError) local = NULL;

            if (!interpolate_into (msg, input + arg_start, i - arg_start, lookup, data, unset, depth + 1, &local))
              g_string_append_len (msg, input + arg_start, i - arg_start);
            if (msg->len > 0)
              g_set_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_INTERPOLATION,
                           _("required variable %s is missing a value: %s"), name, msg->str);
            else
              g_set_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_INTERPOLATION,
                           _("required variable %s is missing a value"), name);
            return FALSE;
          }

      default:
        return invalid (error, input, len);
      }
  }
}

static gboolean
interpolate_into (GString *out, const char *input, gsize len,
                  BerthComposeLookupFunc lookup, gpointer data,
                  GPtrArray *unset, int depth, GError **error)
{
  if (depth > 32)
    return invalid (error, input, len);

  for (gsize i = 0; i < len; i++)
    {
      char c = input[i];

      if (c != '$')
        {
          g_string_append_c (out, c);
          continue;
        }
      if (i + 1 >= len)
        return invalid (error, input, len);
      c = input[i + 1];
      if (c == '$')
        {
          g_string_append_c (out, '$');
          i++;
        }
      else if (c == '{')
        {
          gsize end = 0;
          if (!braced (out, input, len, i + 2, &end, lookup, data, unset, depth, error))
            return FALSE;
          i = end;
        }
      else if (is_name_start (c))
        {
          gsize j = i + 1;
          g_autofree char *name = NULL;
          const char *value;

          while (j < len && is_name_char (input[j]))
            j++;
          name = g_strndup (input + i + 1, j - i - 1);
          value = lookup (name, data);
          if (value == NULL)
            note_unset (unset, name);
          else
            g_string_append (out, value);
          i = j - 1;
        }
      else
        return invalid (error, input, len);
    }
  return TRUE;
}

char *
berth_compose_interpolate (const char              *input,
                           BerthComposeLookupFunc   lookup,
                           gpointer                 user_data,
                           GPtrArray               *unset,
                           GError                 **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (strchr (input, '$') == NULL)
    return g_strdup (input);
  if (!interpolate_into (out, input, strlen (input), lookup, user_data, unset, 0, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct
{
  BerthComposeLookupFunc  outer;
  gpointer                outer_data;
  GHashTable             *local;
} EnvLookup;

static const char *
env_lookup (const char *name, gpointer user_data)
{
  EnvLookup *l = user_data;
  const char *v = NULL;

  if (l->outer != NULL)
    v = l->outer (name, l->outer_data);
  if (v == NULL)
    v = g_hash_table_lookup (l->local, name);
  return v;
}

static gboolean
env_error (GError **error, const char *file, guint line, guint column, const char *msg)
{
  g_set_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_SYNTAX, "%s:%u:%u: %s", file, line, column, msg);
  return FALSE;
}

GPtrArray *
berth_compose_parse_env (const char              *file,
                         const char              *data,
                         BerthComposeLookupFunc   lookup,
                         gpointer                 user_data,
                         GError                 **error)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) local = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  EnvLookup el = { lookup, user_data, local };

  for (guint n = 0; lines[n]; n++)
    {
      char *line = lines[n];
      const char *p = line;
      const char *key_start;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      gsize l = strlen (line);

      if (l > 0 && line[l - 1] == '\r')
        line[l - 1] = '\0';
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0' || *p == '#')
        continue;
      if (g_str_has_prefix (p, "export ") || g_str_has_prefix (p, "export\t"))
        {
          p += 7;
          while (*p == ' ' || *p == '\t')
            p++;
        }
      key_start = p;
      while (*p && *p != '=' && *p != ' ' && *p != '\t')
        p++;
      key = g_strndup (key_start, p - key_start);
      while (*p == ' ' || *p == '\t')
        p++;
      if (key[0] == '\0' || !is_name_start (key[0]))
        return env_error (error, file, n + 1, key_start - line + 1, _("expected KEY=VALUE")), NULL;
      for (const char *k = key; *k; k++)
        if (!is_name_char (*k) && *k != '.' && *k != '-')
          return env_error (error, file, n + 1, key_start - line + 1, _("invalid variable name")), NULL;
      if (*p != '=')
        return env_error (error, file, n + 1, p - line + 1, _("expected “=” after the variable name")), NULL;
      p++;
      while (*p == ' ' || *p == '\t')
        p++;

      if (*p == '\'' || *p == '"')
        {
          char q = *p;
          g_autoptr(GString) v = g_string_new (NULL);
          const char *start = p;

          p++;
          while (*p && *p != q)
            {
              if (q == '"' && *p == '\\' && p[1])
                {
                  p++;
                  switch (*p)
                    {
                    case 'n': g_string_append_c (v, '\n'); break;
                    case 't': g_string_append_c (v, '\t'); break;
                    case 'r': g_string_append_c (v, '\r'); break;
                    default: g_string_append_c (v, *p); break;
                    }
                }
              else
                g_string_append_c (v, *p);
              p++;
            }
          if (*p != q)
            return env_error (error, file, n + 1, start - line + 1, _("unterminated quoted value")), NULL;
          if (q == '"')
            {
              g_autoptr(GError) local_error = NULL;
              value = berth_compose_interpolate (v->str, env_lookup, &el, NULL, &local_error);
              if (value == NULL)
                return env_error (error, file, n + 1, start - line + 1, local_error->message), NULL;
            }
          else
            value = g_strdup (v->str);
        }
      else
        {
          g_autofree char *raw = NULL;
          const char *hash = NULL;
          g_autoptr(GError) local_error = NULL;

          /* " #" starts a comment in an unquoted value. */
          for (const char *s = p; *s; s++)
            if (*s == '#' && s > p && (s[-1] == ' ' || s[-1] == '\t'))
              {
                hash = s;
                break;
              }
          raw = hash ? g_strndup (p, hash - p) : g_strdup (p);
          g_strchomp (raw);
          value = berth_compose_interpolate (raw, env_lookup, &el, NULL, &local_error);
          if (value == NULL)
            return env_error (error, file, n + 1, p - line + 1, local_error->message), NULL;
        }

      g_hash_table_insert (local, g_strdup (key), g_strdup (value));
      g_ptr_array_add (pairs, g_steal_pointer (&key));
      g_ptr_array_add (pairs, g_steal_pointer (&value));
    }

  return g_steal_pointer (&pairs);
}
