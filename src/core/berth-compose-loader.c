/* berth-compose-loader.c: converts one compose file's node tree into the
 * typed model, with interpolation and file:line:column errors.
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

typedef BerthComposeLoadContext Ctx;
typedef BerthYamlNode Node;

static gboolean G_GNUC_PRINTF (4, 5)
fail (GError **error, int code, const Node *node, const char *format, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, BERTH_COMPOSE_ERROR, code, "%s:%u:%u: %s", node->file, node->line, node->column, msg);
  return FALSE;
}

static void G_GNUC_PRINTF (3, 4)
warn (Ctx *ctx, const Node *node, const char *format, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (ctx->warnings, g_strdup_printf ("%s:%u:%u: %s", node->file, node->line, node->column, msg));
}

static BerthComposeLoc
loc_of (const Node *node)
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
static void
check_keys (Ctx *ctx, const Node *map, const char *path,
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
            warn (ctx, key, _("%s.%s is ignored by Berth"), path, key->value);
          else
            warn (ctx, key, _("%s is ignored by Berth"), key->value);
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
          warn (ctx, key, _("unknown key %s (did you mean “%s”?)"), full, best);
        else
          warn (ctx, key, _("unknown key %s"), full);
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
static gboolean
scalar (Ctx *ctx, const Node *node, const char *path, char **out, GError **error)
{
  g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local = NULL;
  char *value;

  *out = NULL;
  if (node->kind != BERTH_YAML_SCALAR)
    return fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a string"), path);
  if (berth_yaml_node_is_null (node))
    return TRUE;

  value = berth_compose_interpolate (node->value, lookup_env, ctx, unset, &local);
  if (value == NULL)
    return fail (error, BERTH_COMPOSE_ERROR_INTERPOLATION, node, "%s", local->message);
  for (guint i = 0; i < unset->len; i++)
    {
      const char *name = g_ptr_array_index (unset, i);
      if (!g_hash_table_contains (ctx->warned_vars, name))
        {
          g_hash_table_add (ctx->warned_vars, g_strdup (name));
          warn (ctx, node, _("variable “%s” is not set; using an empty string"), name);
        }
    }
  *out = value;
  return TRUE;
}

static gboolean
required_string (Ctx *ctx, const Node *node, const char *path, char **out, GError **error)
{
  if (!scalar (ctx, node, path, out, error))
    return FALSE;
  if (*out == NULL)
    return fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a string"), path);
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

static gboolean
boolean (Ctx *ctx, const Node *node, const char *path, gboolean *out, GError **error)
{
  g_autofree char *s = NULL;

  if (!scalar (ctx, node, path, &s, error))
    return FALSE;
  if (s == NULL || !parse_bool_text (s, out))
    return fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a boolean"), path);
  return TRUE;
}

static gboolean
integer (Ctx *ctx, const Node *node, const char *path, gint64 min, gint64 max, gint64 *out, GError **error)
{
  g_autofree char *s = NULL;

  if (!scalar (ctx, node, path, &s, error))
    return FALSE;
  if (s == NULL || !g_ascii_string_to_signed (s, 10, min, max, out, NULL))
    return fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be an integer"), path);
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

static gboolean
duration (Ctx *ctx, const Node *node, const char *path, gint64 *out, GError **error)
{
  g_autofree char *s = NULL;

  if (!scalar (ctx, node, path, &s, error))
    return FALSE;
  if (s == NULL || !berth_compose_parse_duration (s, out) || *out < 0)
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                 _("invalid duration “%s” for %s (use a form like 1m30s)"), s ? s : "", path);
  return TRUE;
}

static gboolean
bytes (Ctx *ctx, const Node *node, const char *path, gint64 *out, GError **error)
{
  g_autofree char *s = NULL;

  if (!scalar (ctx, node, path, &s, error))
    return FALSE;
  if (s == NULL || !berth_compose_parse_bytes (s, out))
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                 _("invalid size “%s” for %s (use a form like 64m)"), s ? s : "", path);
  return TRUE;
}

static gboolean
expect (const Node *node, BerthYamlKind kind, const char *path, GError **error)
{
  if (node->kind == kind)
    return TRUE;
  if (kind == BERTH_YAML_MAPPING)
    return fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a mapping"), path);
  return fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a list"), path);
}

/* A list of strings, or (when allow_string) one string. */
static gboolean
string_list (Ctx *ctx, const Node *node, const char *path, gboolean allow_string, char ***out, GError **error)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  if (node->kind == BERTH_YAML_SCALAR && allow_string)
    {
      g_autofree char *s = NULL;
      if (!scalar (ctx, node, path, &s, error))
        return FALSE;
      if (s != NULL)
        g_strv_builder_add (b, s);
      *out = g_strv_builder_end (b);
      return TRUE;
    }
  if (node->kind != BERTH_YAML_SEQUENCE)
    {
      if (allow_string)
        return fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a string or a list"), path);
      return expect (node, BERTH_YAML_SEQUENCE, path, error);
    }
  for (guint i = 0; i < node->items->len; i++)
    {
      g_autofree char *s = NULL;
      if (!required_string (ctx, g_ptr_array_index (node->items, i), path, &s, error))
        return FALSE;
      g_strv_builder_add (b, s);
    }
  *out = g_strv_builder_end (b);
  return TRUE;
}

/* command: and entrypoint:, a list or a string split like a shell would. */
static gboolean
command_list (Ctx *ctx, const Node *node, const char *path, char ***out, GError **error)
{
  g_autofree char *s = NULL;
  g_autoptr(GError) local = NULL;
  char **argv = NULL;

  if (node->kind == BERTH_YAML_SEQUENCE)
    return string_list (ctx, node, path, FALSE, out, error);
  if (node->kind != BERTH_YAML_SCALAR)
    return fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a string or a list"), path);
  if (!scalar (ctx, node, path, &s, error))
    return FALSE;
  if (s == NULL)
    return TRUE;
  if (g_strstrip (s)[0] == '\0')
    {
      *out = g_new0 (char *, 1);
      return TRUE;
    }
  if (!g_shell_parse_argv (s, NULL, &argv, &local))
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("cannot split %s: %s"), path, local->message);
  *out = argv;
  return TRUE;
}

/* environment:, labels:, args:, options: a mapping or a list of KEY=VALUE.
 * bare_null: a bare "KEY" has no value (environment, args) rather than "". */
static gboolean
key_values (Ctx *ctx, const Node *node, const char *path, gboolean bare_null, gboolean resolve_bare,
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
            return fail (error, BERTH_COMPOSE_ERROR_TYPE, v, _("%s must be a string, a number, a boolean or null"), sub);
          if (!scalar (ctx, v, sub, &value, error))
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

          if (!required_string (ctx, item, path, &s, error))
            return FALSE;
          eq = strchr (s, '=');
          if (eq == s)
            return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, item, _("%s: “%s” has no name before “=”"), path, s);
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
    return fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a mapping or a list"), path);

  *out = berth_compose_key_values_dedup (g_steal_pointer (&kvs));
  return TRUE;
}

static char *
resolve_path (Ctx *ctx, const char *base, const char *path)
{
  g_autofree char *expanded = NULL;

  if (path[0] == '~' && (path[1] == '/' || path[1] == '\0'))
    expanded = g_strconcat (ctx->home, path + 1, NULL);
  else
    expanded = g_strdup (path);
  return g_canonicalize_filename (expanded, base);
}

static gboolean
is_remote_context (const char *s)
{
  return strstr (s, "://") != NULL || g_str_has_prefix (s, "git@") || g_str_has_prefix (s, "github.com/");
}

/* ---- ports -------------------------------------------------------------- */

static gboolean
parse_port_range (const char *s, guint min, guint *lo, guint *hi)
{
  const char *dash = strchr (s, '-');
  guint64 a, b;

  if (dash == NULL)
    {
      if (!g_ascii_string_to_unsigned (s, 10, min, 65535, &a, NULL))
        return FALSE;
      *lo = *hi = a;
      return TRUE;
    }
  {
    g_autofree char *first = g_strndup (s, dash - s);
    if (!g_ascii_string_to_unsigned (first, 10, min, 65535, &a, NULL) ||
        !g_ascii_string_to_unsigned (dash + 1, 10, min, 65535, &b, NULL) || b < a)
      return FALSE;
  }
  *lo = a;
  *hi = b;
  return TRUE;
}

static BerthComposePort *
port_new (const char *host_ip, const char *published, guint target, const char *protocol, const char *mode)
{
  BerthComposePort *p = g_new0 (BerthComposePort, 1);

  p->host_ip = host_ip && *host_ip ? g_strdup (host_ip) : NULL;
  p->published = published && *published ? g_strdup (published) : NULL;
  p->target = target;
  p->protocol = g_strdup (protocol ? protocol : "tcp");
  p->mode = g_strdup (mode ? mode : "ingress");
  return p;
}

static gboolean
valid_protocol (const char *p)
{
  return g_str_equal (p, "tcp") || g_str_equal (p, "udp") || g_str_equal (p, "sctp");
}

static gboolean
short_port (Ctx *ctx, const Node *node, const char *spec, GPtrArray *ports, GError **error)
{
  g_autofree char *rest = g_strdup (spec);
  const char *protocol = "tcp";
  g_autofree char *host_ip = NULL;
  char *host = NULL, *container;
  char *slash = strrchr (rest, '/');
  guint clo, chi, hlo = 0, hhi = 0;
  char *p;

  if (slash != NULL)
    {
      *slash = '\0';
      protocol = slash + 1;
      if (!valid_protocol (protocol))
        return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                     _("invalid port “%s”: unknown protocol “%s”"), spec, protocol);
    }

  p = rest;
  if (*p == '[')
    {
      char *close = strchr (p, ']');
      if (close == NULL || close[1] != ':')
        return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("invalid port “%s”: unterminated IPv6 address"), spec);
      host_ip = g_strndup (p + 1, close - p - 1);
      p = close + 2;
      container = strrchr (p, ':');
      if (container == NULL)
        return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("invalid port “%s”: expected IP:HOST:CONTAINER"), spec);
      *container++ = '\0';
      host = p;
    }
  else
    {
      g_auto(GStrv) parts = g_strsplit (p, ":", -1);
      guint n = g_strv_length (parts);

      if (n == 1)
        container = p;
      else if (n == 2)
        {
          container = strchr (p, ':');
          *container++ = '\0';
          host = p;
        }
      else if (n == 3)
        {
          char *c1 = strchr (p, ':');
          *c1 = '\0';
          host_ip = g_strdup (p);
          host = c1 + 1;
          container = strchr (host, ':');
          *container++ = '\0';
        }
      else
        return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("invalid port “%s”: too many “:”"), spec);
    }

  if (!parse_port_range (container, 1, &clo, &chi))
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                 _("invalid port “%s”: “%s” is not a port or a port range"), spec, container);
  if (host != NULL && *host != '\0' && !parse_port_range (host, 0, &hlo, &hhi))
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                 _("invalid port “%s”: “%s” is not a port or a port range"), spec, host);

  ctx->ports += chi - clo + 1;
  if (ctx->ports > BERTH_COMPOSE_MAX_PORTS)
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                 _("invalid port “%s”: the file maps more than %d ports"), spec, BERTH_COMPOSE_MAX_PORTS);
  if (chi > clo)
    {
      if (host != NULL && *host != '\0' && hhi - hlo != chi - clo)
        return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                     _("invalid port “%s”: the host and container ranges differ in size"), spec);
      for (guint t = clo; t <= chi; t++)
        {
          g_autofree char *pub = (host != NULL && *host != '\0') ? g_strdup_printf ("%u", hlo + (t - clo)) : NULL;
          g_ptr_array_add (ports, port_new (host_ip, pub, t, protocol, NULL));
        }
    }
  else
    g_ptr_array_add (ports, port_new (host_ip, host, clo, protocol, NULL));
  return TRUE;
}

static gboolean
long_port (Ctx *ctx, const Node *node, const char *path, GPtrArray *ports, GError **error)
{
  static const char * const supported[] = { "target", "published", "host_ip", "protocol", "mode", NULL };
  static const char * const ignored[] = { "name", "app_protocol", NULL };
  Node *v;
  gint64 target;
  g_autofree char *published = NULL, *host_ip = NULL, *protocol = NULL, *mode = NULL;

  g_autofree char *sub = g_strdup_printf ("%s[]", path);
  g_autofree char *target_text = NULL;

  check_keys (ctx, node, sub, supported, ignored, NULL);
  v = berth_yaml_mapping_get (node, "target");
  if (v == NULL)
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("%s: “target” is required"), path);
  if (!required_string (ctx, v, "target", &target_text, error))
    return FALSE;
  if (!g_ascii_string_to_signed (target_text, 10, 1, 65535, &target, NULL))
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v, _("invalid port target “%s” (use 1-65535)"), target_text);
  if ((v = berth_yaml_mapping_get (node, "published")) && !scalar (ctx, v, "published", &published, error))
    return FALSE;
  if (published != NULL)
    {
      guint lo, hi;
      if (!parse_port_range (published, 0, &lo, &hi))
        return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v, _("invalid published port “%s”"), published);
    }
  if ((v = berth_yaml_mapping_get (node, "host_ip")) && !scalar (ctx, v, "host_ip", &host_ip, error))
    return FALSE;
  if ((v = berth_yaml_mapping_get (node, "protocol")) && !scalar (ctx, v, "protocol", &protocol, error))
    return FALSE;
  if (protocol != NULL && !valid_protocol (protocol))
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v, _("unknown protocol “%s”"), protocol);
  if ((v = berth_yaml_mapping_get (node, "mode")) && !scalar (ctx, v, "mode", &mode, error))
    return FALSE;
  if (mode != NULL && !g_str_equal (mode, "ingress") && !g_str_equal (mode, "host"))
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v, _("unknown port mode “%s”"), mode);
  g_ptr_array_add (ports, port_new (host_ip, published, target, protocol, mode));
  return TRUE;
}

static gboolean
parse_ports (Ctx *ctx, const Node *node, const char *path, GPtrArray **out, GError **error)
{
  g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_port_free);

  if (!expect (node, BERTH_YAML_SEQUENCE, path, error))
    return FALSE;
  for (guint i = 0; i < node->items->len; i++)
    {
      Node *item = g_ptr_array_index (node->items, i);

      if (item->kind == BERTH_YAML_MAPPING)
        {
          if (!long_port (ctx, item, path, ports, error))
            return FALSE;
        }
      else
        {
          g_autofree char *s = NULL;
          if (!required_string (ctx, item, path, &s, error))
            return FALSE;
          if (!short_port (ctx, item, s, ports, error))
            return FALSE;
        }
    }
  *out = g_steal_pointer (&ports);
  return TRUE;
}

/* ---- volumes ------------------------------------------------------------ */

static gboolean
valid_volume_name (const char *s)
{
  if (!g_ascii_isalnum (s[0]))
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum (*s) && *s != '_' && *s != '.' && *s != '-')
      return FALSE;
  return TRUE;
}

static gboolean
short_volume (Ctx *ctx, const Node *node, const char *spec, GPtrArray *mounts, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ":", -1);
  guint n = g_strv_length (parts);
  BerthComposeMountPriv *m;
  const char *source = NULL, *target, *mode = NULL;

  if (n == 1)
    target = parts[0];
  else if (n == 2)
    source = parts[0], target = parts[1];
  else if (n == 3)
    source = parts[0], target = parts[1], mode = parts[2];
  else
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("invalid volume “%s”: too many “:”"), spec);

  if (target[0] != '/')
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                 _("invalid volume “%s”: the container path must be absolute"), spec);
  if (source != NULL && source[0] == '\0')
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("invalid volume “%s”: empty source"), spec);

  m = g_new0 (BerthComposeMountPriv, 1);
  m->loc = loc_of (node);
  m->pub.target = g_strdup (target);
  if (source == NULL)
    m->pub.type = BERTH_COMPOSE_MOUNT_VOLUME;
  else if (source[0] == '/' || source[0] == '.' || source[0] == '~')
    {
      m->pub.type = BERTH_COMPOSE_MOUNT_BIND;
      m->pub.source = resolve_path (ctx, ctx->working_dir, source);
      m->pub.create_host_path = TRUE;
    }
  else
    {
      m->pub.type = BERTH_COMPOSE_MOUNT_VOLUME;
      m->pub.source = g_strdup (source);
      if (!valid_volume_name (source))
        {
          berth_compose_mount_free (m);
          return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                       _("invalid volume “%s”: “%s” is neither a path nor a volume name"), spec, source);
        }
    }
  g_ptr_array_add (mounts, m);

  if (mode != NULL)
    {
      static const char * const known[] = { "rw", "z", "Z", "cached", "delegated", "consistent",
                                            "shared", "slave", "private", "rshared", "rslave", "rprivate", NULL };
      g_auto(GStrv) modes = g_strsplit (mode, ",", -1);

      for (guint i = 0; modes[i]; i++)
        {
          if (g_str_equal (modes[i], "ro"))
            m->pub.read_only = TRUE;
          else if (g_str_equal (modes[i], "nocopy") && m->pub.type == BERTH_COMPOSE_MOUNT_VOLUME)
            m->pub.nocopy = TRUE;
          else if (!g_strv_contains (known, modes[i]))
            return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                         _("invalid volume “%s”: unknown mode “%s”"), spec, modes[i]);
        }
    }
  return TRUE;
}

static gboolean
long_volume (Ctx *ctx, const Node *node, const char *path, GPtrArray *mounts, GError **error)
{
  static const char * const supported[] = { "type", "source", "target", "read_only", "bind", "volume", "tmpfs", NULL };
  static const char * const ignored[] = { "consistency", "image", NULL };
  g_autofree char *type = NULL, *source = NULL, *target = NULL;
  g_autofree char *sub = g_strdup_printf ("%s[]", path);
  Node *v;
  BerthComposeMountPriv *m;

  check_keys (ctx, node, sub, supported, ignored, NULL);
  if ((v = berth_yaml_mapping_get (node, "type")) == NULL)
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("%s: “type” is required"), path);
  if (!required_string (ctx, v, "type", &type, error))
    return FALSE;
  if (!g_str_equal (type, "bind") && !g_str_equal (type, "volume") && !g_str_equal (type, "tmpfs"))
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v, _("unsupported volume type “%s” (use bind, volume or tmpfs)"), type);
  if ((v = berth_yaml_mapping_get (node, "target")) == NULL)
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("%s: “target” is required"), path);
  if (!required_string (ctx, v, "target", &target, error))
    return FALSE;
  if (target[0] != '/')
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v, _("the container path “%s” must be absolute"), target);
  if ((v = berth_yaml_mapping_get (node, "source")) && !scalar (ctx, v, "source", &source, error))
    return FALSE;
  if (g_str_equal (type, "bind") && source == NULL)
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("%s: a bind mount needs a “source”"), path);

  m = g_new0 (BerthComposeMountPriv, 1);
  m->loc = loc_of (node);
  m->pub.target = g_steal_pointer (&target);
  g_ptr_array_add (mounts, m);
  if (g_str_equal (type, "bind"))
    {
      m->pub.type = BERTH_COMPOSE_MOUNT_BIND;
      m->pub.source = resolve_path (ctx, ctx->working_dir, source);
    }
  else if (g_str_equal (type, "volume"))
    {
      m->pub.type = BERTH_COMPOSE_MOUNT_VOLUME;
      m->pub.source = g_steal_pointer (&source);
    }
  else
    m->pub.type = BERTH_COMPOSE_MOUNT_TMPFS;

  if ((v = berth_yaml_mapping_get (node, "read_only")) && !boolean (ctx, v, "read_only", &m->pub.read_only, error))
    return FALSE;
  if ((v = berth_yaml_mapping_get (node, "bind")))
    {
      static const char * const s[] = { "create_host_path", NULL };
      static const char * const ig[] = { "propagation", "selinux", "recursive", NULL };
      Node *c;
      if (!expect (v, BERTH_YAML_MAPPING, "bind", error))
        return FALSE;
      check_keys (ctx, v, "bind", s, ig, NULL);
      if ((c = berth_yaml_mapping_get (v, "create_host_path")) &&
          !boolean (ctx, c, "create_host_path", &m->pub.create_host_path, error))
        return FALSE;
    }
  if ((v = berth_yaml_mapping_get (node, "volume")))
    {
      static const char * const s[] = { "nocopy", NULL };
      static const char * const ig[] = { "subpath", NULL };
      Node *c;
      if (!expect (v, BERTH_YAML_MAPPING, "volume", error))
        return FALSE;
      check_keys (ctx, v, "volume", s, ig, NULL);
      if ((c = berth_yaml_mapping_get (v, "nocopy")) && !boolean (ctx, c, "nocopy", &m->pub.nocopy, error))
        return FALSE;
    }
  if ((v = berth_yaml_mapping_get (node, "tmpfs")))
    {
      static const char * const s[] = { "size", NULL };
      static const char * const ig[] = { "mode", NULL };
      Node *c;
      if (!expect (v, BERTH_YAML_MAPPING, "tmpfs", error))
        return FALSE;
      check_keys (ctx, v, "tmpfs", s, ig, NULL);
      if ((c = berth_yaml_mapping_get (v, "size")) && !bytes (ctx, c, "size", &m->pub.tmpfs_size, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_volumes (Ctx *ctx, const Node *node, const char *path, GPtrArray **out, GError **error)
{
  g_autoptr(GPtrArray) mounts = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_mount_free);

  if (!expect (node, BERTH_YAML_SEQUENCE, path, error))
    return FALSE;
  for (guint i = 0; i < node->items->len; i++)
    {
      Node *item = g_ptr_array_index (node->items, i);

      if (item->kind == BERTH_YAML_MAPPING)
        {
          if (!long_volume (ctx, item, path, mounts, error))
            return FALSE;
        }
      else
        {
          g_autofree char *s = NULL;
          if (!required_string (ctx, item, path, &s, error))
            return FALSE;
          if (!short_volume (ctx, item, s, mounts, error))
            return FALSE;
        }
    }
  *out = g_steal_pointer (&mounts);
  return TRUE;
}

/* ---- networks, depends_on, healthcheck, build, ulimits, logging --------- */

static gboolean
parse_service_networks (Ctx *ctx, const Node *node, const char *path, GPtrArray **out, GError **error)
{
  g_autoptr(GPtrArray) nets = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_service_network_free);

  if (node->kind == BERTH_YAML_SEQUENCE)
    {
      for (guint i = 0; i < node->items->len; i++)
        {
          Node *item = g_ptr_array_index (node->items, i);
          BerthComposeServiceNetworkPriv *n;
          g_autofree char *name = NULL;

          if (!required_string (ctx, item, path, &name, error))
            return FALSE;
          n = g_new0 (BerthComposeServiceNetworkPriv, 1);
          n->pub.name = g_steal_pointer (&name);
          n->loc = loc_of (item);
          g_ptr_array_add (nets, n);
        }
    }
  else if (node->kind == BERTH_YAML_MAPPING)
    {
      static const char * const supported[] = { "aliases", "ipv4_address", NULL };
      static const char * const ignored[] = { "ipv6_address", "link_local_ips", "priority", "mac_address",
                                              "driver_opts", "gw_priority", "interface_name", NULL };

      for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
        {
          Node *k = berth_yaml_mapping_key (node, i);
          Node *v = berth_yaml_mapping_value (node, i);
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, k->value);
          BerthComposeServiceNetworkPriv *n = g_new0 (BerthComposeServiceNetworkPriv, 1);
          Node *c;

          n->pub.name = g_strdup (k->value);
          n->loc = loc_of (k);
          g_ptr_array_add (nets, n);
          if (berth_yaml_node_is_null (v))
            continue;
          if (!expect (v, BERTH_YAML_MAPPING, sub, error))
            return FALSE;
          check_keys (ctx, v, sub, supported, ignored, NULL);
          if ((c = berth_yaml_mapping_get (v, "aliases")) && !berth_yaml_node_is_null (c) &&
              !string_list (ctx, c, "aliases", FALSE, &n->pub.aliases, error))
            return FALSE;
          if ((c = berth_yaml_mapping_get (v, "ipv4_address")) && !scalar (ctx, c, "ipv4_address", &n->pub.ipv4_address, error))
            return FALSE;
        }
    }
  else
    return fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a mapping or a list"), path);

  *out = g_steal_pointer (&nets);
  return TRUE;
}

static gboolean
parse_depends_on (Ctx *ctx, const Node *node, const char *path, GPtrArray **out, GError **error)
{
  g_autoptr(GPtrArray) deps = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_dependency_free);

  if (node->kind == BERTH_YAML_SEQUENCE)
    {
      for (guint i = 0; i < node->items->len; i++)
        {
          Node *item = g_ptr_array_index (node->items, i);
          BerthComposeDependencyPriv *d;
          g_autofree char *name = NULL;

          if (!required_string (ctx, item, path, &name, error))
            return FALSE;
          d = g_new0 (BerthComposeDependencyPriv, 1);
          d->pub.service = g_steal_pointer (&name);
          d->pub.condition = BERTH_COMPOSE_CONDITION_STARTED;
          d->pub.required = TRUE;
          d->loc = loc_of (item);
          g_ptr_array_add (deps, d);
        }
    }
  else if (node->kind == BERTH_YAML_MAPPING)
    {
      static const char * const supported[] = { "condition", "restart", "required", NULL };

      for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
        {
          Node *k = berth_yaml_mapping_key (node, i);
          Node *v = berth_yaml_mapping_value (node, i);
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, k->value);
          BerthComposeDependencyPriv *d = g_new0 (BerthComposeDependencyPriv, 1);
          Node *c;

          d->pub.service = g_strdup (k->value);
          d->pub.condition = BERTH_COMPOSE_CONDITION_STARTED;
          d->pub.required = TRUE;
          d->loc = loc_of (k);
          g_ptr_array_add (deps, d);
          if (berth_yaml_node_is_null (v))
            continue;
          if (!expect (v, BERTH_YAML_MAPPING, sub, error))
            return FALSE;
          check_keys (ctx, v, sub, supported, NULL, NULL);
          if ((c = berth_yaml_mapping_get (v, "condition")))
            {
              g_autofree char *cond = NULL;
              if (!required_string (ctx, c, "condition", &cond, error))
                return FALSE;
              if (g_str_equal (cond, "service_started"))
                d->pub.condition = BERTH_COMPOSE_CONDITION_STARTED;
              else if (g_str_equal (cond, "service_healthy"))
                d->pub.condition = BERTH_COMPOSE_CONDITION_HEALTHY;
              else if (g_str_equal (cond, "service_completed_successfully"))
                d->pub.condition = BERTH_COMPOSE_CONDITION_COMPLETED_SUCCESSFULLY;
              else
                return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, c,
                             _("unknown condition “%s” (use service_started, service_healthy or service_completed_successfully)"),
                             cond);
            }
          if ((c = berth_yaml_mapping_get (v, "restart")) && !boolean (ctx, c, "restart", &d->pub.restart, error))
            return FALSE;
          if ((c = berth_yaml_mapping_get (v, "required")) && !boolean (ctx, c, "required", &d->pub.required, error))
            return FALSE;
        }
    }
  else
    return fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a mapping or a list"), path);

  *out = g_steal_pointer (&deps);
  return TRUE;
}

static gboolean
parse_healthcheck (Ctx *ctx, const Node *node, const char *path, BerthComposeHealthcheck **out, GError **error)
{
  static const char * const supported[] = { "test", "interval", "timeout", "retries", "start_period", "disable", NULL };
  static const char * const ignored[] = { "start_interval", NULL };
  BerthComposeHealthcheck *hc;
  Node *v;

  if (!expect (node, BERTH_YAML_MAPPING, path, error))
    return FALSE;
  check_keys (ctx, node, path, supported, ignored, NULL);
  hc = g_new0 (BerthComposeHealthcheck, 1);
  hc->interval = hc->timeout = hc->start_period = -1;
  hc->retries = -1;
  *out = hc;

  if ((v = berth_yaml_mapping_get (node, "test")) && !berth_yaml_node_is_null (v))
    {
      if (v->kind == BERTH_YAML_SCALAR)
        {
          g_autofree char *s = NULL;
          if (!scalar (ctx, v, "healthcheck.test", &s, error))
            return FALSE;
          hc->test = g_new0 (char *, 3);
          hc->test[0] = g_strdup ("CMD-SHELL");
          hc->test[1] = g_steal_pointer (&s);
        }
      else
        {
          if (!string_list (ctx, v, "healthcheck.test", FALSE, &hc->test, error))
            return FALSE;
          if (hc->test[0] == NULL || (!g_str_equal (hc->test[0], "CMD") && !g_str_equal (hc->test[0], "CMD-SHELL") &&
                                      !g_str_equal (hc->test[0], "NONE")))
            return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v,
                         _("healthcheck.test must start with “CMD”, “CMD-SHELL” or “NONE”"));
          if (g_str_equal (hc->test[0], "NONE"))
            hc->disable = TRUE;
        }
    }
  if ((v = berth_yaml_mapping_get (node, "interval")) && !duration (ctx, v, "healthcheck.interval", &hc->interval, error))
    return FALSE;
  if ((v = berth_yaml_mapping_get (node, "timeout")) && !duration (ctx, v, "healthcheck.timeout", &hc->timeout, error))
    return FALSE;
  if ((v = berth_yaml_mapping_get (node, "start_period")) && !duration (ctx, v, "healthcheck.start_period", &hc->start_period, error))
    return FALSE;
  if ((v = berth_yaml_mapping_get (node, "retries")))
    {
      gint64 r;
      if (!integer (ctx, v, "healthcheck.retries", 0, G_MAXINT, &r, error))
        return FALSE;
      hc->retries = r;
    }
  if ((v = berth_yaml_mapping_get (node, "disable")))
    {
      gboolean d;
      if (!boolean (ctx, v, "healthcheck.disable", &d, error))
        return FALSE;
      hc->disable = hc->disable || d;
    }
  return TRUE;
}

static gboolean
parse_build (Ctx *ctx, const Node *node, const char *path, BerthComposeBuild **out, GError **error)
{
  static const char * const supported[] = { "context", "dockerfile", "args", "target", "labels", NULL };
  static const char * const ignored[] = { "cache_from", "cache_to", "network", "shm_size", "extra_hosts", "isolation",
                                          "no_cache", "pull", "platforms", "secrets", "ssh", "tags", "ulimits",
                                          "dockerfile_inline", "additional_contexts", "privileged", "entitlements",
                                          "provenance", "sbom", NULL };
  BerthComposeBuild *b = g_new0 (BerthComposeBuild, 1);
  g_autofree char *context = NULL;
  Node *v;

  *out = b;
  if (node->kind == BERTH_YAML_SCALAR)
    {
      if (!required_string (ctx, node, path, &context, error))
        return FALSE;
    }
  else if (node->kind == BERTH_YAML_MAPPING)
    {
      check_keys (ctx, node, path, supported, ignored, NULL);
      if ((v = berth_yaml_mapping_get (node, "context")) && !scalar (ctx, v, "build.context", &context, error))
        return FALSE;
      if ((v = berth_yaml_mapping_get (node, "dockerfile")) && !scalar (ctx, v, "build.dockerfile", &b->dockerfile, error))
        return FALSE;
      if ((v = berth_yaml_mapping_get (node, "target")) && !scalar (ctx, v, "build.target", &b->target, error))
        return FALSE;
      if ((v = berth_yaml_mapping_get (node, "args")) && !key_values (ctx, v, "build.args", TRUE, TRUE, &b->args, error))
        return FALSE;
      if ((v = berth_yaml_mapping_get (node, "labels")) && !key_values (ctx, v, "build.labels", FALSE, FALSE, &b->labels, error))
        return FALSE;
    }
  else
    return fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a string or a mapping"), path);

  if (context == NULL)
    context = g_strdup (".");
  if (is_remote_context (context))
    b->context = g_steal_pointer (&context);
  else
    b->context = resolve_path (ctx, ctx->working_dir, context);
  return TRUE;
}

static gboolean
parse_ulimits (Ctx *ctx, const Node *node, const char *path, GPtrArray **out, GError **error)
{
  g_autoptr(GPtrArray) ulimits = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_ulimit_free);

  if (!expect (node, BERTH_YAML_MAPPING, path, error))
    return FALSE;
  for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
    {
      Node *k = berth_yaml_mapping_key (node, i);
      Node *v = berth_yaml_mapping_value (node, i);
      g_autofree char *sub = g_strdup_printf ("%s.%s", path, k->value);
      BerthComposeUlimit *u = g_new0 (BerthComposeUlimit, 1);

      u->name = g_strdup (k->value);
      g_ptr_array_add (ulimits, u);
      if (v->kind == BERTH_YAML_MAPPING)
        {
          static const char * const s[] = { "soft", "hard", NULL };
          Node *soft = berth_yaml_mapping_get (v, "soft");
          Node *hard = berth_yaml_mapping_get (v, "hard");

          check_keys (ctx, v, sub, s, NULL, NULL);
          if (soft == NULL || hard == NULL)
            return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v, _("%s needs both “soft” and “hard”"), sub);
          if (!integer (ctx, soft, "soft", -1, G_MAXINT64, &u->soft, error) ||
              !integer (ctx, hard, "hard", -1, G_MAXINT64, &u->hard, error))
            return FALSE;
        }
      else
        {
          if (!integer (ctx, v, sub, -1, G_MAXINT64, &u->soft, error))
            return FALSE;
          u->hard = u->soft;
          u->single = TRUE;
        }
    }
  *out = g_steal_pointer (&ulimits);
  return TRUE;
}

static gboolean
parse_logging (Ctx *ctx, const Node *node, const char *path, BerthComposeLogging **out, GError **error)
{
  static const char * const supported[] = { "driver", "options", NULL };
  BerthComposeLogging *l = g_new0 (BerthComposeLogging, 1);
  Node *v;

  *out = l;
  if (!expect (node, BERTH_YAML_MAPPING, path, error))
    return FALSE;
  check_keys (ctx, node, path, supported, NULL, NULL);
  if ((v = berth_yaml_mapping_get (node, "driver")) && !scalar (ctx, v, "logging.driver", &l->driver, error))
    return FALSE;
  if ((v = berth_yaml_mapping_get (node, "options")) && !key_values (ctx, v, "logging.options", FALSE, FALSE, &l->options, error))
    return FALSE;
  return TRUE;
}

static gboolean
parse_extra_hosts (Ctx *ctx, const Node *node, const char *path, char ***out, GError **error)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  if (node->kind == BERTH_YAML_MAPPING)
    {
      for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
        {
          g_autofree char *ip = NULL;
          g_autofree char *entry = NULL;
          if (!required_string (ctx, berth_yaml_mapping_value (node, i), path, &ip, error))
            return FALSE;
          entry = g_strdup_printf ("%s:%s", berth_yaml_mapping_key (node, i)->value, ip);
          g_strv_builder_add (b, entry);
        }
    }
  else if (node->kind == BERTH_YAML_SEQUENCE)
    {
      for (guint i = 0; i < node->items->len; i++)
        {
          Node *item = g_ptr_array_index (node->items, i);
          g_autofree char *s = NULL;
          char *sep;

          if (!required_string (ctx, item, path, &s, error))
            return FALSE;
          sep = strchr (s, '=');
          if (sep == NULL)
            sep = strchr (s, ':');
          if (sep == NULL || sep == s || sep[1] == '\0')
            return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, item, _("invalid extra host “%s” (use HOST:IP)"), s);
          *sep = ':';
          g_strv_builder_add (b, s);
        }
    }
  else
    return fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a mapping or a list"), path);
  *out = g_strv_builder_end (b);
  return TRUE;
}

static const char *
env_file_lookup (const char *name, gpointer data)
{
  Ctx *ctx = data;
  return g_hash_table_lookup (ctx->env, name);
}

static gboolean
read_env_file (Ctx *ctx, const Node *node, const char *path, gboolean required, GStrvBuilder *files,
               GPtrArray **values, GError **error)
{
  g_autofree char *abs = g_canonicalize_filename (path, ctx->file_dir);
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) pairs = NULL;

  if (!g_file_get_contents (abs, &data, NULL, &local))
    {
      if (!required && g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return fail (error, BERTH_COMPOSE_ERROR_NOT_FOUND, node, _("env file %s not found"), abs);
      return fail (error, BERTH_COMPOSE_ERROR_NOT_FOUND, node, _("cannot read env file %s: %s"), abs, local->message);
    }
  pairs = berth_compose_parse_env (abs, data, env_file_lookup, ctx, error);
  if (pairs == NULL)
    return FALSE;
  g_strv_builder_add (files, abs);
  if (*values == NULL)
    *values = berth_compose_key_values_new ();
  {
    g_autoptr(GPtrArray) kvs = berth_compose_key_values_new ();
    for (guint i = 0; i + 1 < pairs->len; i += 2)
      berth_compose_key_values_append (kvs, g_ptr_array_index (pairs, i), g_ptr_array_index (pairs, i + 1));
    berth_compose_key_values_update (*values, kvs, FALSE);
  }
  return TRUE;
}

static gboolean
parse_env_files (Ctx *ctx, const Node *node, const char *path, BerthComposeService *svc, GError **error)
{
  g_autoptr(GStrvBuilder) files = g_strv_builder_new ();

  if (node->kind == BERTH_YAML_SCALAR)
    {
      g_autofree char *s = NULL;
      if (!required_string (ctx, node, path, &s, error) ||
          !read_env_file (ctx, node, s, TRUE, files, &svc->env_file_values, error))
        return FALSE;
    }
  else if (node->kind == BERTH_YAML_SEQUENCE)
    {
      for (guint i = 0; i < node->items->len; i++)
        {
          Node *item = g_ptr_array_index (node->items, i);
          g_autofree char *s = NULL;
          gboolean required = TRUE;

          if (item->kind == BERTH_YAML_MAPPING)
            {
              static const char * const supported[] = { "path", "required", NULL };
              static const char * const ignored[] = { "format", NULL };
              Node *p = berth_yaml_mapping_get (item, "path");
              Node *r = berth_yaml_mapping_get (item, "required");

              check_keys (ctx, item, path, supported, ignored, NULL);
              if (p == NULL)
                return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, item, _("%s: “path” is required"), path);
              if (!required_string (ctx, p, "path", &s, error))
                return FALSE;
              if (r != NULL && !boolean (ctx, r, "required", &required, error))
                return FALSE;
            }
          else if (!required_string (ctx, item, path, &s, error))
            return FALSE;
          if (!read_env_file (ctx, item, s, required, files, &svc->env_file_values, error))
            return FALSE;
        }
    }
  else
    return fail (error, BERTH_COMPOSE_ERROR_TYPE, node, _("%s must be a string or a list"), path);
  svc->env_files = g_strv_builder_end (files);
  return TRUE;
}

/* ---- services ----------------------------------------------------------- */

static const char * const service_keys[] = {
  "image", "build", "container_name", "command", "entrypoint", "environment", "env_file", "ports", "expose",
  "volumes", "networks", "depends_on", "healthcheck", "restart", "working_dir", "user", "labels", "extra_hosts",
  "tty", "stdin_open", "stop_grace_period", "stop_signal", "init", "privileged", "cap_add", "cap_drop", "hostname",
  "dns", "shm_size", "ulimits", "logging", NULL
};

static const char * const service_ignored_keys[] = {
  "annotations", "attach", "blkio_config", "cgroup", "cgroup_parent", "configs", "cpu_count", "cpu_percent",
  "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset", "credential_spec",
  "deploy", "develop", "device_cgroup_rules", "devices", "dns_opt", "dns_search", "domainname", "extends",
  "external_links", "gpus", "group_add", "ipc", "isolation", "label_file", "links", "mac_address", "mem_limit",
  "mem_reservation", "mem_swappiness", "memswap_limit", "models", "network_mode", "oom_kill_disable",
  "oom_score_adj", "pid", "pids_limit", "platform", "post_start", "pre_stop", "profiles", "provider",
  "pull_policy", "read_only", "runtime", "scale", "secrets", "security_opt", "storage_opt", "sysctls", "tmpfs",
  "use_api_socket", "userns_mode", "uts", "volumes_from", "stop_timeout", NULL
};

static gboolean
valid_service_name (const char *s)
{
  if (!g_ascii_isalnum (s[0]))
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum (*s) && *s != '_' && *s != '.' && *s != '-')
      return FALSE;
  return TRUE;
}

static gboolean
set_string (Ctx *ctx, Node *v, const char *path, char **field, GError **error)
{
  g_free (*field);
  return scalar (ctx, v, path, field, error);
}

static gboolean
set_tri (Ctx *ctx, Node *v, const char *path, gint8 *field, GError **error)
{
  gboolean b;

  if (berth_yaml_node_is_null (v))
    return TRUE;
  if (!boolean (ctx, v, path, &b, error))
    return FALSE;
  *field = b ? 1 : 0;
  return TRUE;
}

static gboolean
parse_service (Ctx *ctx, Node *key, Node *node, BerthComposeService **out, GError **error)
{
  g_autoptr(BerthComposeService) svc = NULL;
  g_autofree char *spath = g_strdup_printf ("services.%s", key->value);

  if (!valid_service_name (key->value))
    return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, key,
                 _("invalid service name “%s” (use letters, digits, “_”, “.” and “-”)"), key->value);
  svc = berth_compose_service_new (key->value, key->file, key->line, key->column);
  if (berth_yaml_node_is_null (node))
    {
      *out = g_steal_pointer (&svc);
      return TRUE;
    }
  if (!expect (node, BERTH_YAML_MAPPING, spath, error))
    return FALSE;
  check_keys (ctx, node, spath, service_keys, service_ignored_keys, NULL);

  for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
    {
      const char *k = berth_yaml_mapping_key (node, i)->value;
      Node *v = berth_yaml_mapping_value (node, i);
      g_autofree char *path = g_strdup_printf ("%s.%s", spath, k);
      gboolean ok = TRUE;

      /* A null value means "not set", as Compose reads it. */
      if (berth_yaml_node_is_null (v) && !g_str_equal (k, "environment") && !g_str_equal (k, "command") &&
          !g_str_equal (k, "entrypoint"))
        continue;

      if (g_str_equal (k, "image"))
        ok = set_string (ctx, v, path, &svc->image, error);
      else if (g_str_equal (k, "build"))
        ok = parse_build (ctx, v, path, &svc->build, error);
      else if (g_str_equal (k, "container_name"))
        ok = set_string (ctx, v, path, &svc->container_name, error);
      else if (g_str_equal (k, "command"))
        ok = command_list (ctx, v, path, &svc->command, error);
      else if (g_str_equal (k, "entrypoint"))
        ok = command_list (ctx, v, path, &svc->entrypoint, error);
      else if (g_str_equal (k, "environment"))
        ok = key_values (ctx, v, path, TRUE, TRUE, &svc->environment, error);
      else if (g_str_equal (k, "env_file"))
        ok = parse_env_files (ctx, v, path, svc, error);
      else if (g_str_equal (k, "ports"))
        ok = parse_ports (ctx, v, path, &svc->ports, error);
      else if (g_str_equal (k, "expose"))
        ok = string_list (ctx, v, path, FALSE, &svc->expose, error);
      else if (g_str_equal (k, "volumes"))
        ok = parse_volumes (ctx, v, path, &svc->volumes, error);
      else if (g_str_equal (k, "networks"))
        ok = parse_service_networks (ctx, v, path, &svc->networks, error);
      else if (g_str_equal (k, "depends_on"))
        ok = parse_depends_on (ctx, v, path, &svc->depends_on, error);
      else if (g_str_equal (k, "healthcheck"))
        ok = parse_healthcheck (ctx, v, path, &svc->healthcheck, error);
      else if (g_str_equal (k, "restart"))
        {
          ok = set_string (ctx, v, path, &svc->restart, error);
          if (ok && svc->restart != NULL)
            {
              const char *r = svc->restart;
              guint64 n;
              if (!g_str_equal (r, "no") && !g_str_equal (r, "always") && !g_str_equal (r, "unless-stopped") &&
                  !g_str_equal (r, "on-failure") &&
                  !(g_str_has_prefix (r, "on-failure:") &&
                    g_ascii_string_to_unsigned (r + strlen ("on-failure:"), 10, 0, G_MAXINT, &n, NULL)))
                ok = fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v,
                           _("invalid restart policy “%s” (use no, always, on-failure[:N] or unless-stopped)"), r);
            }
        }
      else if (g_str_equal (k, "working_dir"))
        ok = set_string (ctx, v, path, &svc->working_dir, error);
      else if (g_str_equal (k, "user"))
        ok = set_string (ctx, v, path, &svc->user, error);
      else if (g_str_equal (k, "labels"))
        ok = key_values (ctx, v, path, FALSE, FALSE, &svc->labels, error);
      else if (g_str_equal (k, "extra_hosts"))
        ok = parse_extra_hosts (ctx, v, path, &svc->extra_hosts, error);
      else if (g_str_equal (k, "tty"))
        ok = set_tri (ctx, v, path, &svc->tty, error);
      else if (g_str_equal (k, "stdin_open"))
        ok = set_tri (ctx, v, path, &svc->stdin_open, error);
      else if (g_str_equal (k, "init"))
        ok = set_tri (ctx, v, path, &svc->init, error);
      else if (g_str_equal (k, "privileged"))
        ok = set_tri (ctx, v, path, &svc->privileged, error);
      else if (g_str_equal (k, "stop_grace_period"))
        ok = duration (ctx, v, path, &svc->stop_grace_period, error);
      else if (g_str_equal (k, "stop_signal"))
        ok = set_string (ctx, v, path, &svc->stop_signal, error);
      else if (g_str_equal (k, "cap_add"))
        ok = string_list (ctx, v, path, FALSE, &svc->cap_add, error);
      else if (g_str_equal (k, "cap_drop"))
        ok = string_list (ctx, v, path, FALSE, &svc->cap_drop, error);
      else if (g_str_equal (k, "hostname"))
        ok = set_string (ctx, v, path, &svc->hostname, error);
      else if (g_str_equal (k, "dns"))
        ok = string_list (ctx, v, path, TRUE, &svc->dns, error);
      else if (g_str_equal (k, "shm_size"))
        ok = bytes (ctx, v, path, &svc->shm_size, error);
      else if (g_str_equal (k, "ulimits"))
        ok = parse_ulimits (ctx, v, path, &svc->ulimits, error);
      else if (g_str_equal (k, "logging"))
        ok = parse_logging (ctx, v, path, &svc->logging, error);

      if (!ok)
        return FALSE;
    }

  *out = g_steal_pointer (&svc);
  return TRUE;
}

/* ---- top level ------------------------------------------------------------- */

static gboolean
parse_labels_and_name (Ctx *ctx, Node *v, const char *path, char **name, char **driver, gboolean *external,
                       GPtrArray **labels, GError **error)
{
  Node *c;

  if ((c = berth_yaml_mapping_get (v, "name")) && !scalar (ctx, c, "name", name, error))
    return FALSE;
  if ((c = berth_yaml_mapping_get (v, "driver")) && !scalar (ctx, c, "driver", driver, error))
    return FALSE;
  if ((c = berth_yaml_mapping_get (v, "external")))
    {
      if (c->kind == BERTH_YAML_MAPPING)
        {
          /* The old "external: {name: x}" form. */
          Node *n = berth_yaml_mapping_get (c, "name");
          *external = TRUE;
          if (n != NULL && *name == NULL && !scalar (ctx, n, "external.name", name, error))
            return FALSE;
        }
      else if (!boolean (ctx, c, "external", external, error))
        return FALSE;
    }
  if ((c = berth_yaml_mapping_get (v, "labels")) && !key_values (ctx, c, "labels", FALSE, FALSE, labels, error))
    return FALSE;
  if (*labels == NULL)
    *labels = berth_compose_key_values_new ();
  return TRUE;
}

static gboolean
parse_networks (Ctx *ctx, Node *node, GPtrArray *out, GError **error)
{
  static const char * const supported[] = { "driver", "name", "external", "labels", "attachable", NULL };
  static const char * const ignored[] = { "driver_opts", "ipam", "internal", "enable_ipv6", "enable_ipv4", NULL };

  if (berth_yaml_node_is_null (node))
    return TRUE;
  if (!expect (node, BERTH_YAML_MAPPING, "networks", error))
    return FALSE;
  for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
    {
      Node *k = berth_yaml_mapping_key (node, i);
      Node *v = berth_yaml_mapping_value (node, i);
      g_autofree char *path = g_strdup_printf ("networks.%s", k->value);
      BerthComposeNetwork *n = g_new0 (BerthComposeNetwork, 1);
      Node *c;

      n->key = g_strdup (k->value);
      g_ptr_array_add (out, n);
      if (berth_yaml_node_is_null (v))
        {
          n->labels = berth_compose_key_values_new ();
          continue;
        }
      if (!expect (v, BERTH_YAML_MAPPING, path, error))
        return FALSE;
      check_keys (ctx, v, path, supported, ignored, NULL);
      if (!parse_labels_and_name (ctx, v, path, &n->name, &n->driver, &n->external, &n->labels, error))
        return FALSE;
      if ((c = berth_yaml_mapping_get (v, "attachable")) && !boolean (ctx, c, "attachable", &n->attachable, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_top_volumes (Ctx *ctx, Node *node, GPtrArray *out, GError **error)
{
  static const char * const supported[] = { "driver", "name", "external", "labels", NULL };
  static const char * const ignored[] = { "driver_opts", NULL };

  if (berth_yaml_node_is_null (node))
    return TRUE;
  if (!expect (node, BERTH_YAML_MAPPING, "volumes", error))
    return FALSE;
  for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
    {
      Node *k = berth_yaml_mapping_key (node, i);
      Node *v = berth_yaml_mapping_value (node, i);
      g_autofree char *path = g_strdup_printf ("volumes.%s", k->value);
      BerthComposeVolume *vol = g_new0 (BerthComposeVolume, 1);

      vol->key = g_strdup (k->value);
      g_ptr_array_add (out, vol);
      if (!valid_volume_name (k->value))
        return fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, k, _("invalid volume name “%s”"), k->value);
      if (berth_yaml_node_is_null (v))
        {
          vol->labels = berth_compose_key_values_new ();
          continue;
        }
      if (!expect (v, BERTH_YAML_MAPPING, path, error))
        return FALSE;
      check_keys (ctx, v, path, supported, ignored, NULL);
      if (!parse_labels_and_name (ctx, v, path, &vol->name, &vol->driver, &vol->external, &vol->labels, error))
        return FALSE;
    }
  return TRUE;
}

void
berth_compose_file_model_clear (BerthComposeFileModel *model)
{
  g_clear_pointer (&model->name, g_free);
  g_clear_pointer (&model->services, g_ptr_array_unref);
  g_clear_pointer (&model->networks, g_ptr_array_unref);
  g_clear_pointer (&model->volumes, g_ptr_array_unref);
}

gboolean
berth_compose_load_file_model (BerthComposeLoadContext  *ctx,
                               BerthYamlNode            *root,
                               BerthComposeFileModel    *model,
                               GError                  **error)
{
  static const char * const top_keys[] = { "name", "services", "networks", "volumes", NULL };
  static const char * const top_ignored[] = { "secrets", "configs", "include", "models", NULL };
  static const char * const top_silent[] = { "version", NULL };
  Node *v;

  model->services = g_ptr_array_new_with_free_func (g_object_unref);
  model->networks = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_network_free);
  model->volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_volume_free);

  if (berth_yaml_node_is_null (root))
    return fail (error, BERTH_COMPOSE_ERROR_TYPE, root, _("the file is empty"));
  if (root->kind != BERTH_YAML_MAPPING)
    return fail (error, BERTH_COMPOSE_ERROR_TYPE, root, _("the top level must be a mapping"));

  check_keys (ctx, root, NULL, top_keys, top_ignored, top_silent);

  if ((v = berth_yaml_mapping_get (root, "name")))
    {
      if (!scalar (ctx, v, "name", &model->name, error))
        return FALSE;
      model->name_loc = loc_of (v);
    }

  if ((v = berth_yaml_mapping_get (root, "services")) && !berth_yaml_node_is_null (v))
    {
      if (!expect (v, BERTH_YAML_MAPPING, "services", error))
        return FALSE;
      for (guint i = 0; i < berth_yaml_mapping_size (v); i++)
        {
          BerthComposeService *svc = NULL;
          if (!parse_service (ctx, berth_yaml_mapping_key (v, i), berth_yaml_mapping_value (v, i), &svc, error))
            return FALSE;
          g_ptr_array_add (model->services, svc);
        }
    }

  if ((v = berth_yaml_mapping_get (root, "networks")) && !parse_networks (ctx, v, model->networks, error))
    return FALSE;
  if ((v = berth_yaml_mapping_get (root, "volumes")) && !parse_top_volumes (ctx, v, model->volumes, error))
    return FALSE;
  return TRUE;
}
