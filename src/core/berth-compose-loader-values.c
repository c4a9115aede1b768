/* berth-compose-loader-values.c: typed values from YAML nodes (strings with
 * interpolation, booleans, durations, sizes, lists, maps) and key checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "berth-compose-interpolate-private.h"
#include "berth-compose-loader-private.h"
#include "berth-util.h"

gboolean G_GNUC_PRINTF (4, 5)
berth_compose_load_fail (GError **error, int code, const Node *node, const char *format, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, BERTH_COMPOSE_ERROR, code, "%s:%u:%u: %s", node->file, node->line, node->column, msg);
  return FALSE;
}

void G_GNUC_PRINTF (3, 4)
berth_compose_load_warn (Ctx *ctx, const Node *node, const char *format, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (ctx->warnings, g_strdup_printf ("%s:%u:%u: %s", node->file, node->line, node->column, msg));
}

BerthComposeLoc
berth_compose_load_loc_of (const Node *node)
{
  BerthComposeLoc loc = { node->file, node->line, node->column };
  return loc;
}

/* ---- keys ------------------------------------------------------------------ */

guint
berth_compose_edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *prev = NULL;
  g_autofree guint *cur = NULL;

  if (la > 64 || lb > 64)
    return G_MAXUINT;
  prev = g_new (guint, lb + 1);
  cur = g_new (guint, lb + 1);
  for (gsize j = 0; j <= lb; j++)
    prev[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      cur[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          cur[j] = MIN (MIN (prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
        }
      memcpy (prev, cur, (lb + 1) * sizeof (guint));
    }
  return prev[lb];
}

static gboolean
in_list (const char * const *list, const char *key)
{
  return list != NULL && g_strv_contains (list, key);
}

/* Warns about every key that is not in supported: "ignored by Berth" for
 * known Compose keys, a suggestion for unknown ones.  x- extensions are
 * Compose's way of parking data, so they are silent. */
void
berth_compose_load_check_keys (Ctx *ctx, const Node *map, const char *path,
            const char * const *supported, const char * const *ignored,
            const char * const *silent)
{
  for (guint i = 0; i < berth_yaml_mapping_size (map); i++)
    {
      Node *key = berth_yaml_mapping_key (map, i);
      const char *best = NULL;
      guint best_d = G_MAXUINT;

      if (in_list (supported, key->value) || in_list (silent, key->value) || g_str_has_prefix (key->value, "x-"))
        continue;
      if (in_list (ignored, key->value))
        {
          if (path != NULL)
            berth_compose_load_warn (ctx, key, _("%s.%s is ignored by Berth"), path, key->value);
          else
            berth_compose_load_warn (ctx, key, _("%s is ignored by Berth"), key->value);
          continue;
        }
      /* Suggestions cost a little each: a generated file with thousands of
       * unknown keys still gets its warnings, promptly. */
      for (guint l = 0; l < 2 && ctx->suggestions++ < 1000; l++)
        {
          const char * const *list = l == 0 ? supported : ignored;
          for (guint j = 0; list && list[j]; j++)
            {
              guint d = berth_compose_edit_distance (key->value, list[j]);
              if (d < best_d)
                {
                  best_d = d;
                  best = list[j];
                }
            }
        }
      {
        g_autofree char *full = path ? g_strdup_printf ("%s.%s", path, key->value) : g_strdup (key->value);

        if (best != NULL && best_d <= MAX (2, strlen (key->value) / 3))
          berth_compose_load_warn (ctx, key, _("unknown key %s (did you mean “%s”?)"), full, best);
        else
          berth_compose_load_warn (ctx, key, _("unknown key %s"), full);
      }
    }
}

/* ---- scalars ------------------------------------------------------------ */

static const char *
lookup_env (const char *name, gpointer data)
{
  Ctx *ctx = data;
  return g_hash_table_lookup (ctx->env, name);
}

/* The interpolated text of a scalar; *out NULL for a YAML null. */
gboolean
berth_compose_load_scalar (Ctx *ctx, const Node *node, const char *path, char **out, GError **error)
{
  g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local = NULL;
  char *value;

  *out = NULL;
  if (node->kind != BERTH_YAML_SCALAR)
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a string"), path);
  if (berth_yaml_node_is_null (node))
    return TRUE;

  value = berth_compose_interpolate (node->value, lookup_env, ctx, unset, &local);
  if (value == NULL)
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INTERPOLATION, node, "%s", local->message);
  for (guint i = 0; i < unset->len; i++)
    {
      const char *name = g_ptr_array_index (unset, i);
      if (!g_hash_table_contains (ctx->warned_vars, name))
        {
          g_hash_table_add (ctx->warned_vars, g_strdup (name));
          berth_compose_load_warn (ctx, node, _("variable “%s” is not set; using an empty string"), name);
        }
    }
  *out = value;
  return TRUE;
}

gboolean
berth_compose_load_required_string (Ctx *ctx, const Node *node, const char *path, char **out, GError **error)
{
  if (!berth_compose_load_scalar (ctx, node, path, out, error))
    return FALSE;
  if (*out == NULL)
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a string"), path);
  return TRUE;
}

static gboolean
parse_bool_text (const char *s, gboolean *out)
{
  static const char * const yes[] = { "true", "yes", "on", "y", NULL };
  static const char * const no[] = { "false", "no", "off", "n", NULL };

  for (guint i = 0; yes[i]; i++)
    if (g_ascii_strcasecmp (s, yes[i]) == 0)
      return *out = TRUE, TRUE;
  for (guint i = 0; no[i]; i++)
    if (g_ascii_strcasecmp (s, no[i]) == 0)
      return *out = FALSE, TRUE;
  return FALSE;
}

gboolean
berth_compose_load_boolean (Ctx *ctx, const Node *node, const char *path, gboolean *out, GError **error)
{
  g_autofree char *s = NULL;

  if (!berth_compose_load_scalar (ctx, node, path, &s, error))
    return FALSE;
  if (s == NULL || !parse_bool_text (s, out))
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a boolean"), path);
  return TRUE;
}

gboolean
berth_compose_load_integer (Ctx *ctx, const Node *node, const char *path, gint64 min, gint64 max, gint64 *out, GError **error)
{
  g_autofree char *s = NULL;

  if (!berth_compose_load_scalar (ctx, node, path, &s, error))
    return FALSE;
  if (s == NULL || !g_ascii_string_to_signed (s, 10, min, max, out, NULL))
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be an integer"), path);
  return TRUE;
}

gboolean
berth_compose_parse_duration (const char *text, gint64 *ns)
{
  const char *p = text;
  double total = 0;
  gboolean neg = FALSE;

  if (*p == '-' || *p == '+')
    neg = *p++ == '-';
  if (g_str_equal (p, "0"))
    return *ns = 0, TRUE;
  if (*p == '\0')
    return FALSE;

  while (*p)
    {
      char *end = NULL;
      double v;
      double unit;

      if (!g_ascii_isdigit (*p) && *p != '.')
        return FALSE;
      v = g_ascii_strtod (p, &end);
      if (end == p || *end == '\0')
        return FALSE;
      p = end;
      if (g_str_has_prefix (p, "ns")) unit = 1, p += 2;
      else if (g_str_has_prefix (p, "us")) unit = 1e3, p += 2;
      else if (g_str_has_prefix (p, "µs")) unit = 1e3, p += strlen ("µs");
      else if (g_str_has_prefix (p, "ms")) unit = 1e6, p += 2;
      else if (*p == 's') unit = 1e9, p++;
      else if (*p == 'm') unit = 60e9, p++;
      else if (*p == 'h') unit = 3600e9, p++;
      else
        return FALSE;
      total += v * unit;
      if (total > 9.2e18)
        return FALSE;
    }
  *ns = (gint64) llround (neg ? -total : total);
  return TRUE;
}

gboolean
berth_compose_parse_bytes (const char *text, gint64 *bytes)
{
  const char *p = text;
  char *end = NULL;
  double v;
  double mult = 1;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  v = g_ascii_strtod (p, &end);
  p = end;
  if (*p == ' ')
    p++;
  switch (g_ascii_tolower (*p))
    {
    case 'k': mult = 1024.0; p++; break;
    case 'm': mult = 1024.0 * 1024; p++; break;
    case 'g': mult = 1024.0 * 1024 * 1024; p++; break;
    case 't': mult = 1024.0 * 1024 * 1024 * 1024; p++; break;
    case 'p': mult = 1024.0 * 1024 * 1024 * 1024 * 1024; p++; break;
    default: break;
    }
  if (g_ascii_tolower (*p) == 'i' && mult > 1)
    p++;
  if (g_ascii_tolower (*p) == 'b')
    p++;
  if (*p != '\0' || v * mult > 9.0e18)
    return FALSE;
  *bytes = (gint64) (v * mult);
  return TRUE;
}

gboolean
berth_compose_load_duration (Ctx *ctx, const Node *node, const char *path, gint64 *out, GError **error)
{
  g_autofree char *s = NULL;

  if (!berth_compose_load_scalar (ctx, node, path, &s, error))
    return FALSE;
  if (s == NULL || !berth_compose_parse_duration (s, out) || *out < 0)
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                 _("invalid duration “%s” for %s (use a form like 1m30s)"), s ? s : "", path);
  return TRUE;
}

gboolean
berth_compose_load_bytes (Ctx *ctx, const Node *node, const char *path, gint64 *out, GError **error)
{
  g_autofree char *s = NULL;

  if (!berth_compose_load_scalar (ctx, node, path, &s, error))
    return FALSE;
  if (s == NULL || !berth_compose_parse_bytes (s, out))
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                 _("invalid size “%s” for %s (use a form like 64m)"), s ? s : "", path);
  return TRUE;
}

gboolean
berth_compose_load_expect (const Node *node, BerthYamlKind kind, const char *path, GError **error)
{
  if (node->kind == kind)
    return TRUE;
  if (kind == BERTH_YAML_MAPPING)
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a mapping"), path);
  return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a list"), path);
}

/* A list of strings, or (when allow_string) one string. */
gboolean
berth_compose_load_string_list (Ctx *ctx, const Node *node, const char *path, gboolean allow_string, char ***out, GError **error)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  if (node->kind == BERTH_YAML_SCALAR && allow_string)
    {
      g_autofree char *s = NULL;
      if (!berth_compose_load_scalar (ctx, node, path, &s, error))
        return FALSE;
      if (s != NULL)
        g_strv_builder_add (b, s);
      *out = g_strv_builder_end (b);
      return TRUE;
    }
  if (node->kind != BERTH_YAML_SEQUENCE)
    {
      if (allow_string)
        return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a string or a list"), path);
      return berth_compose_load_expect (node, BERTH_YAML_SEQUENCE, path, error);
    }
  for (guint i = 0; i < node->items->len; i++)
    {
      g_autofree char *s = NULL;
      if (!berth_compose_load_required_string (ctx, g_ptr_array_index (node->items, i), path, &s, error))
        return FALSE;
      g_strv_builder_add (b, s);
    }
  *out = g_strv_builder_end (b);
  return TRUE;
}

/* command: and entrypoint:, a list or a string split like a shell would. */
gboolean
berth_compose_load_command_list (Ctx *ctx, const Node *node, const char *path, char ***out, GError **error)
{
  g_autofree char *s = NULL;
  g_autoptr(GError) local = NULL;
  char **argv = NULL;

  if (node->kind == BERTH_YAML_SEQUENCE)
    return berth_compose_load_string_list (ctx, node, path, FALSE, out, error);
  if (node->kind != BERTH_YAML_SCALAR)
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a string or a list"), path);
  if (!berth_compose_load_scalar (ctx, node, path, &s, error))
    return FALSE;
  if (s == NULL)
    return TRUE;
  if (g_strstrip (s)[0] == '\0')
    {
      *out = g_new0 (char *, 1);
      return TRUE;
    }
  if (!g_shell_parse_argv (s, NULL, &argv, &local))
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("cannot split %s: %s"), path, local->message);
  *out = argv;
  return TRUE;
}

/* environment:, labels:, args:, options: a mapping or a list of KEY=VALUE.
 * bare_null: a bare "KEY" has no value (environment, args) rather than "". */
gboolean
berth_compose_load_key_values (Ctx *ctx, const Node *node, const char *path, gboolean bare_null, gboolean resolve_bare,
            GPtrArray **out, GError **error)
{
  g_autoptr(GPtrArray) kvs = berth_compose_key_values_new ();

  if (node->kind == BERTH_YAML_MAPPING)
    {
      for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
        {
          Node *k = berth_yaml_mapping_key (node, i);
          Node *v = berth_yaml_mapping_value (node, i);
          g_autofree char *value = NULL;
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, k->value);

          if (v->kind != BERTH_YAML_SCALAR)
            return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, v, _("%s must be a string, a number, a boolean or null"), sub);
          if (!berth_compose_load_scalar (ctx, v, sub, &value, error))
            return FALSE;
          if (value == NULL && resolve_bare)
            value = g_strdup (g_hash_table_lookup (ctx->env, k->value));
          if (value == NULL && !bare_null)
            value = g_strdup ("");
          berth_compose_key_values_append (kvs, k->value, value);
        }
    }
  else if (node->kind == BERTH_YAML_SEQUENCE)
    {
      for (guint i = 0; i < node->items->len; i++)
        {
          Node *item = g_ptr_array_index (node->items, i);
          g_autofree char *s = NULL;
          char *eq;

          if (!berth_compose_load_required_string (ctx, item, path, &s, error))
            return FALSE;
          eq = strchr (s, '=');
          if (eq == s)
            return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, item, _("%s: “%s” has no name before “=”"), path, s);
          if (eq != NULL)
            {
              *eq = '\0';
              berth_compose_key_values_append (kvs, s, eq + 1);
            }
          else if (resolve_bare && g_hash_table_contains (ctx->env, s))
            berth_compose_key_values_append (kvs, s, g_hash_table_lookup (ctx->env, s));
          else
            berth_compose_key_values_append (kvs, s, bare_null ? NULL : "");
        }
    }
  else if (!berth_yaml_node_is_null (node))
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a mapping or a list"), path);

  *out = berth_compose_key_values_dedup (g_steal_pointer (&kvs));
  return TRUE;
}

char *
berth_compose_load_resolve_path (Ctx *ctx, const char *base, const char *path)
{
  g_autofree char *expanded = NULL;

  if (path[0] == '~' && (path[1] == '/' || path[1] == '\0'))
    expanded = g_strconcat (ctx->home, path + 1, NULL);
  else
    expanded = g_strdup (path);
  return g_canonicalize_filename (expanded, base);
}

gboolean
berth_compose_load_is_remote_context (const char *s)
{
  return strstr (s, "://") != NULL || g_str_has_prefix (s, "git@") || g_str_has_prefix (s, "github.com/");
}
