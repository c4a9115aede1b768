/* berth-compose-loader-lists.c: ports and volumes, short and long syntax.
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
        return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                     _("invalid port “%s”: unknown protocol “%s”"), spec, protocol);
    }

  p = rest;
  if (*p == '[')
    {
      char *close = strchr (p, ']');
      if (close == NULL || close[1] != ':')
        return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("invalid port “%s”: unterminated IPv6 address"), spec);
      host_ip = g_strndup (p + 1, close - p - 1);
      p = close + 2;
      container = strrchr (p, ':');
      if (container == NULL)
        return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("invalid port “%s”: expected IP:HOST:CONTAINER"), spec);
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
        return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("invalid port “%s”: too many “:”"), spec);
    }

  if (!parse_port_range (container, 1, &clo, &chi))
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                 _("invalid port “%s”: “%s” is not a port or a port range"), spec, container);
  if (host != NULL && *host != '\0' && !parse_port_range (host, 0, &hlo, &hhi))
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                 _("invalid port “%s”: “%s” is not a port or a port range"), spec, host);

  ctx->ports += chi - clo + 1;
  if (ctx->ports > BERTH_COMPOSE_MAX_PORTS)
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                 _("invalid port “%s”: the file maps more than %d ports"), spec, BERTH_COMPOSE_MAX_PORTS);
  if (chi > clo)
    {
      if (host != NULL && *host != '\0' && hhi - hlo != chi - clo)
        return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
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

  berth_compose_load_check_keys (ctx, node, sub, supported, ignored, NULL);
  v = berth_yaml_mapping_get (node, "target");
  if (v == NULL)
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("%s: “target” is required"), path);
  if (!berth_compose_load_required_string (ctx, v, "target", &target_text, error))
    return FALSE;
  if (!g_ascii_string_to_signed (target_text, 10, 1, 65535, &target, NULL))
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v, _("invalid port target “%s” (use 1-65535)"), target_text);
  if ((v = berth_yaml_mapping_get (node, "published")) && !berth_compose_load_scalar (ctx, v, "published", &published, error))
    return FALSE;
  if (published != NULL)
    {
      guint lo, hi;
      if (!parse_port_range (published, 0, &lo, &hi))
        return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v, _("invalid published port “%s”"), published);
    }
  if ((v = berth_yaml_mapping_get (node, "host_ip")) && !berth_compose_load_scalar (ctx, v, "host_ip", &host_ip, error))
    return FALSE;
  if ((v = berth_yaml_mapping_get (node, "protocol")) && !berth_compose_load_scalar (ctx, v, "protocol", &protocol, error))
    return FALSE;
  if (protocol != NULL && !valid_protocol (protocol))
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v, _("unknown protocol “%s”"), protocol);
  if ((v = berth_yaml_mapping_get (node, "mode")) && !berth_compose_load_scalar (ctx, v, "mode", &mode, error))
    return FALSE;
  if (mode != NULL && !g_str_equal (mode, "ingress") && !g_str_equal (mode, "host"))
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v, _("unknown port mode “%s”"), mode);
  g_ptr_array_add (ports, port_new (host_ip, published, target, protocol, mode));
  return TRUE;
}

gboolean
berth_compose_parse_ports (Ctx *ctx, const Node *node, const char *path, GPtrArray **out, GError **error)
{
  g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_port_free);

  if (!berth_compose_load_expect (node, BERTH_YAML_SEQUENCE, path, error))
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
          if (!berth_compose_load_required_string (ctx, item, path, &s, error))
            return FALSE;
          if (!short_port (ctx, item, s, ports, error))
            return FALSE;
        }
    }
  *out = g_steal_pointer (&ports);
  return TRUE;
}

/* ---- volumes ------------------------------------------------------------ */

gboolean
berth_compose_valid_name (const char *s)
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
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("invalid volume “%s”: too many “:”"), spec);

  if (target[0] != '/')
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
                 _("invalid volume “%s”: the container path must be absolute"), spec);
  if (source != NULL && source[0] == '\0')
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("invalid volume “%s”: empty source"), spec);

  m = g_new0 (BerthComposeMountPriv, 1);
  m->loc = berth_compose_load_loc_of (node);
  m->pub.target = g_strdup (target);
  if (source == NULL)
    m->pub.type = BERTH_COMPOSE_MOUNT_VOLUME;
  else if (source[0] == '/' || source[0] == '.' || source[0] == '~')
    {
      m->pub.type = BERTH_COMPOSE_MOUNT_BIND;
      m->pub.source = berth_compose_load_resolve_path (ctx, ctx->working_dir, source);
      m->pub.create_host_path = TRUE;
    }
  else
    {
      m->pub.type = BERTH_COMPOSE_MOUNT_VOLUME;
      m->pub.source = g_strdup (source);
      if (!berth_compose_valid_name (source))
        {
          berth_compose_mount_free (m);
          return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
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
            return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node,
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

  berth_compose_load_check_keys (ctx, node, sub, supported, ignored, NULL);
  if ((v = berth_yaml_mapping_get (node, "type")) == NULL)
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("%s: “type” is required"), path);
  if (!berth_compose_load_required_string (ctx, v, "type", &type, error))
    return FALSE;
  if (!g_str_equal (type, "bind") && !g_str_equal (type, "volume") && !g_str_equal (type, "tmpfs"))
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v, _("unsupported volume type “%s” (use bind, volume or tmpfs)"), type);
  if ((v = berth_yaml_mapping_get (node, "target")) == NULL)
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("%s: “target” is required"), path);
  if (!berth_compose_load_required_string (ctx, v, "target", &target, error))
    return FALSE;
  if (target[0] != '/')
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, v, _("the container path “%s” must be absolute"), target);
  if ((v = berth_yaml_mapping_get (node, "source")) && !berth_compose_load_scalar (ctx, v, "source", &source, error))
    return FALSE;
  if (g_str_equal (type, "bind") && source == NULL)
    return berth_compose_load_fail (error, BERTH_COMPOSE_ERROR_INVALID_VALUE, node, _("%s: a bind mount needs a “source”"), path);

  m = g_new0 (BerthComposeMountPriv, 1);
  m->loc = berth_compose_load_loc_of (node);
  m->pub.target = g_steal_pointer (&target);
  g_ptr_array_add (mounts, m);
  if (g_str_equal (type, "bind"))
    {
      m->pub.type = BERTH_COMPOSE_MOUNT_BIND;
      m->pub.source = berth_compose_load_resolve_path (ctx, ctx->working_dir, source);
    }
  else if (g_str_equal (type, "volume"))
    {
      m->pub.type = BERTH_COMPOSE_MOUNT_VOLUME;
      m->pub.source = g_steal_pointer (&source);
    }
  else
    m->pub.type = BERTH_COMPOSE_MOUNT_TMPFS;

  if ((v = berth_yaml_mapping_get (node, "read_only")) && !berth_compose_load_boolean (ctx, v, "read_only", &m->pub.read_only, error))
    return FALSE;
  if ((v = berth_yaml_mapping_get (node, "bind")))
    {
      static const char * const s[] = { "create_host_path", NULL };
      static const char * const ig[] = { "propagation", "selinux", "recursive", NULL };
      Node *c;
      if (!berth_compose_load_expect (v, BERTH_YAML_MAPPING, "bind", error))
        return FALSE;
      berth_compose_load_check_keys (ctx, v, "bind", s, ig, NULL);
      if ((c = berth_yaml_mapping_get (v, "create_host_path")) &&
          !berth_compose_load_boolean (ctx, c, "create_host_path", &m->pub.create_host_path, error))
        return FALSE;
    }
  if ((v = berth_yaml_mapping_get (node, "volume")))
    {
      static const char * const s[] = { "nocopy", NULL };
      static const char * const ig[] = { "subpath", NULL };
      Node *c;
      if (!berth_compose_load_expect (v, BERTH_YAML_MAPPING, "volume", error))
        return FALSE;
      berth_compose_load_check_keys (ctx, v, "volume", s, ig, NULL);
      if ((c = berth_yaml_mapping_get (v, "nocopy")) && !berth_compose_load_boolean (ctx, c, "nocopy", &m->pub.nocopy, error))
        return FALSE;
    }
  if ((v = berth_yaml_mapping_get (node, "tmpfs")))
    {
      static const char * const s[] = { "size", NULL };
      static const char * const ig[] = { "mode", NULL };
      Node *c;
      if (!berth_compose_load_expect (v, BERTH_YAML_MAPPING, "tmpfs", error))
        return FALSE;
      berth_compose_load_check_keys (ctx, v, "tmpfs", s, ig, NULL);
      if ((c = berth_yaml_mapping_get (v, "size")) && !berth_compose_load_bytes (ctx, c, "size", &m->pub.tmpfs_size, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
berth_compose_parse_volumes (Ctx *ctx, const Node *node, const char *path, GPtrArray **out, GError **error)
{
  g_autoptr(GPtrArray) mounts = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_mount_free);

  if (!berth_compose_load_expect (node, BERTH_YAML_SEQUENCE, path, error))
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
          if (!berth_compose_load_required_string (ctx, item, path, &s, error))
            return FALSE;
          if (!short_volume (ctx, item, s, mounts, error))
            return FALSE;
        }
    }
  *out = g_steal_pointer (&mounts);
  return TRUE;
}
