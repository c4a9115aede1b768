/* berth-compose-yaml.c: libyaml events -> node tree with marks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <yaml.h>

#include "berth-compose.h"
#include "berth-compose-yaml-private.h"

BerthYamlNode *
berth_yaml_node_ref (BerthYamlNode *node)
{
  g_atomic_ref_count_inc (&node->ref);
  return node;
}

void
berth_yaml_node_unref (BerthYamlNode *node)
{
  if (node == NULL)
    return;
  if (!g_atomic_ref_count_dec (&node->ref))
    return;
  g_free (node->value);
  if (node->items)
    g_ptr_array_unref (node->items);
  g_free (node);
}

static BerthYamlNode *
node_new (BerthYamlKind kind, const char *file, yaml_mark_t mark)
{
  BerthYamlNode *node = g_new0 (BerthYamlNode, 1);

  g_atomic_ref_count_init (&node->ref);
  node->kind = kind;
  node->file = file;
  node->line = mark.line + 1;
  node->column = mark.column + 1;
  node->size = 1;
  if (kind != BERTH_YAML_SCALAR)
    node->items = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_yaml_node_unref);
  return node;
}

gboolean
berth_yaml_node_is_null (const BerthYamlNode *node)
{
  if (node == NULL)
    return TRUE;
  if (node->kind != BERTH_YAML_SCALAR || !node->plain)
    return FALSE;
  return node->value[0] == '\0' || g_str_equal (node->value, "~") ||
         g_str_equal (node->value, "null") || g_str_equal (node->value, "Null") ||
         g_str_equal (node->value, "NULL");
}

guint
berth_yaml_mapping_size (const BerthYamlNode *node)
{
  return node->items->len / 2;
}

BerthYamlNode *
berth_yaml_mapping_key (const BerthYamlNode *node, guint i)
{
  return g_ptr_array_index (node->items, 2 * i);
}

BerthYamlNode *
berth_yaml_mapping_value (const BerthYamlNode *node, guint i)
{
  return g_ptr_array_index (node->items, 2 * i + 1);
}

BerthYamlNode *
berth_yaml_mapping_get (const BerthYamlNode *node, const char *key)
{
  if (node == NULL || node->kind != BERTH_YAML_MAPPING)
    return NULL;
  for (guint i = 0; i < berth_yaml_mapping_size (node); i++)
    if (g_str_equal (berth_yaml_mapping_key (node, i)->value, key))
      return berth_yaml_mapping_value (node, i);
  return NULL;
}

typedef struct
{
  const char  *file;
  GHashTable  *anchors;     /* name -> node */
  GPtrArray   *stack;       /* nodes under construction */
  GPtrArray   *anchor_names;/* parallel to stack: anchor of that node or NULL */
  gsize        expanded;
  BerthYamlNode *root;
} ParseState;

static void
set_error (GError **error, int code, const char *file, guint line, guint column, const char *message)
{
  g_set_error (error, BERTH_COMPOSE_ERROR, code, "%s:%u:%u: %s", file, line, column, message);
}

static gboolean
is_merge_key (const BerthYamlNode *key)
{
  return key->kind == BERTH_YAML_SCALAR && key->plain && g_str_equal (key->value, "<<");
}

/* Resolves "<<" entries and refuses duplicate keys.  Explicit keys win over
 * merged ones; among merged mappings the first one wins, as in YAML 1.1. */
static gboolean
finish_mapping (ParseState *st, BerthYamlNode *map, GError **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) explicit_keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean has_merge = FALSE;

  if (map->items->len % 2 != 0)
    {
      set_error (error, BERTH_COMPOSE_ERROR_SYNTAX, st->file, map->line, map->column, _("incomplete mapping"));
      return FALSE;
    }

  for (guint i = 0; i < map->items->len; i += 2)
    {
      BerthYamlNode *key = g_ptr_array_index (map->items, i);

      if (is_merge_key (key))
        {
          has_merge = TRUE;
          continue;
        }
      if (g_hash_table_contains (explicit_keys, key->value))
        {
          g_autofree char *msg = g_strdup_printf (_("duplicate key “%s”"), key->value);
          set_error (error, BERTH_COMPOSE_ERROR_SYNTAX, st->file, key->line, key->column, msg);
          return FALSE;
        }
      g_hash_table_add (explicit_keys, key->value);
    }

  if (!has_merge)
    return TRUE;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_yaml_node_unref);
  for (guint i = 0; i < map->items->len; i += 2)
    {
      BerthYamlNode *key = g_ptr_array_index (map->items, i);
      BerthYamlNode *value = g_ptr_array_index (map->items, i + 1);

      if (!is_merge_key (key))
        {
          g_hash_table_add (seen, key->value);
          g_ptr_array_add (items, berth_yaml_node_ref (key));
          g_ptr_array_add (items, berth_yaml_node_ref (value));
          continue;
        }

      {
        g_autoptr(GPtrArray) sources = g_ptr_array_new ();

        if (value->kind == BERTH_YAML_MAPPING)
          g_ptr_array_add (sources, value);
        else if (value->kind == BERTH_YAML_SEQUENCE)
          for (guint j = 0; j < value->items->len; j++)
            g_ptr_array_add (sources, g_ptr_array_index (value->items, j));

        if (sources->len == 0 && value->kind != BERTH_YAML_SEQUENCE)
          {
            set_error (error, BERTH_COMPOSE_ERROR_SYNTAX, st->file, value->line, value->column,
                       _("a merge key (<<) needs a mapping or a list of mappings"));
            return FALSE;
          }

        for (guint s = 0; s < sources->len; s++)
          {
            BerthYamlNode *src = g_ptr_array_index (sources, s);

            if (src->kind != BERTH_YAML_MAPPING)
              {
                set_error (error, BERTH_COMPOSE_ERROR_SYNTAX, st->file, src->line, src->column,
                           _("a merge key (<<) needs a mapping or a list of mappings"));
                return FALSE;
              }
            for (guint j = 0; j < src->items->len; j += 2)
              {
                BerthYamlNode *mk = g_ptr_array_index (src->items, j);

                if (g_hash_table_contains (explicit_keys, mk->value) ||
                    g_hash_table_contains (seen, mk->value))
                  continue;
                g_hash_table_add (seen, mk->value);
                g_ptr_array_add (items, berth_yaml_node_ref (mk));
                g_ptr_array_add (items, berth_yaml_node_ref (g_ptr_array_index (src->items, j + 1)));
              }
          }
      }
    }

  g_ptr_array_unref (map->items);
  map->items = g_steal_pointer (&items);
  map->size = 1;
  for (guint i = 0; i < map->items->len; i++)
    map->size += ((BerthYamlNode *) g_ptr_array_index (map->items, i))->size;
  return TRUE;
}

/* Appends a finished node to its parent (or makes it the root). */
static gboolean
attach (ParseState *st, BerthYamlNode *node, const char *anchor, GError **error)
{
  if (anchor != NULL)
    g_hash_table_replace (st->anchors, g_strdup (anchor), berth_yaml_node_ref (node));

  if (st->stack->len == 0)
    {
      if (st->root != NULL)
        {
          set_error (error, BERTH_COMPOSE_ERROR_SYNTAX, st->file, node->line, node->column,
                     _("several YAML documents in one file are not supported"));
          berth_yaml_node_unref (node);
          return FALSE;
        }
      st->root = node;
      return TRUE;
    }

  {
    BerthYamlNode *parent = g_ptr_array_index (st->stack, st->stack->len - 1);

    if (parent->kind == BERTH_YAML_MAPPING && parent->items->len % 2 == 0 &&
        node->kind != BERTH_YAML_SCALAR)
      {
        set_error (error, BERTH_COMPOSE_ERROR_SYNTAX, st->file, node->line, node->column,
                   _("mapping keys must be plain strings"));
        berth_yaml_node_unref (node);
        return FALSE;
      }
    parent->size += node->size;
    g_ptr_array_add (parent->items, node);
  }
  return TRUE;
}

static gboolean
handle_event (ParseState *st, yaml_event_t *event, GError **error)
{
  BerthYamlNode *node;

  switch (event->type)
    {
    case YAML_SCALAR_EVENT:
      node = node_new (BERTH_YAML_SCALAR, st->file, event->start_mark);
      node->value = g_strndup ((const char *) event->data.scalar.value, event->data.scalar.length);
      node->plain = event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && event->data.scalar.tag == NULL;
      if (event->data.scalar.tag != NULL &&
          g_str_equal ((const char *) event->data.scalar.tag, YAML_NULL_TAG))
        node->plain = TRUE, g_free (node->value), node->value = g_strdup ("");
      if (++st->expanded > BERTH_YAML_MAX_EXPANDED_NODES)
        goto too_large;
      return attach (st, node, (const char *) event->data.scalar.anchor, error);

    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      if (st->stack->len >= BERTH_YAML_MAX_DEPTH)
        {
          set_error (error, BERTH_COMPOSE_ERROR_SYNTAX, st->file, event->start_mark.line + 1,
                     event->start_mark.column + 1, _("the document is nested too deeply"));
          return FALSE;
        }
      if (event->type == YAML_SEQUENCE_START_EVENT)
        {
          node = node_new (BERTH_YAML_SEQUENCE, st->file, event->start_mark);
          g_ptr_array_add (st->anchor_names, g_strdup ((const char *) event->data.sequence_start.anchor));
        }
      else
        {
          node = node_new (BERTH_YAML_MAPPING, st->file, event->start_mark);
          g_ptr_array_add (st->anchor_names, g_strdup ((const char *) event->data.mapping_start.anchor));
        }
      if (st->stack->len > 0)
        {
          BerthYamlNode *parent = g_ptr_array_index (st->stack, st->stack->len - 1);
          if (parent->kind == BERTH_YAML_MAPPING && parent->items->len % 2 == 0)
            {
              set_error (error, BERTH_COMPOSE_ERROR_SYNTAX, st->file, node->line, node->column,
                         _("mapping keys must be plain strings"));
              berth_yaml_node_unref (node);
              return FALSE;
            }
        }
      g_ptr_array_add (st->stack, node);
      if (++st->expanded > BERTH_YAML_MAX_EXPANDED_NODES)
        goto too_large_no_node;
      return TRUE;

    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      {
        g_autofree char *anchor = NULL;

        node = g_ptr_array_steal_index (st->stack, st->stack->len - 1);
        anchor = g_ptr_array_steal_index (st->anchor_names, st->anchor_names->len - 1);
        if (node->kind == BERTH_YAML_MAPPING && !finish_mapping (st, node, error))
          {
            berth_yaml_node_unref (node);
            return FALSE;
          }
        return attach (st, node, anchor, error);
      }

    case YAML_ALIAS_EVENT:
      {
        const char *name = (const char *) event->data.alias.anchor;
        BerthYamlNode *target = g_hash_table_lookup (st->anchors, name);

        if (target == NULL)
          {
            g_autofree char *msg = g_strdup_printf (_("unknown anchor “%s”"), name);
            set_error (error, BERTH_COMPOSE_ERROR_SYNTAX, st->file, event->start_mark.line + 1,
                       event->start_mark.column + 1, msg);
            return FALSE;
          }
        st->expanded += target->size;
        if (st->expanded > BERTH_YAML_MAX_EXPANDED_NODES)
          goto too_large_no_node;
        return attach (st, berth_yaml_node_ref (target), NULL, error);
      }

    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    default:
      return TRUE;
    }

too_large:
  berth_yaml_node_unref (node);
too_large_no_node:
  {
    g_autofree char *msg = g_strdup_printf (_("aliases expand to more than %d nodes; refusing the document"),
                                            BERTH_YAML_MAX_EXPANDED_NODES);
    set_error (error, BERTH_COMPOSE_ERROR_ALIAS_BUDGET, st->file, event->start_mark.line + 1,
               event->start_mark.column + 1, msg);
  }
  return FALSE;
}

BerthYamlNode *
berth_yaml_parse (const char  *file,
                  const char  *data,
                  gsize        length,
                  GError     **error)
{
  yaml_parser_t parser;
  ParseState st = { 0 };
  gboolean ok = TRUE;
  gboolean done = FALSE;

  st.file = g_intern_string (file);
  st.anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) berth_yaml_node_unref);
  st.stack = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_yaml_node_unref);
  st.anchor_names = g_ptr_array_new_with_free_func (g_free);

  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const unsigned char *) data, length);

  while (ok && !done)
    {
      yaml_event_t event;

      if (!yaml_parser_parse (&parser, &event))
        {
          g_autofree char *msg = NULL;

          if (parser.context != NULL)
            msg = g_strdup_printf (_("%s %s started at line %lu, column %lu"),
                                   parser.problem ? parser.problem : _("syntax error"), parser.context,
                                   (unsigned long) parser.context_mark.line + 1,
                                   (unsigned long) parser.context_mark.column + 1);
          else
            msg = g_strdup (parser.problem ? parser.problem : _("syntax error"));
          set_error (error, BERTH_COMPOSE_ERROR_SYNTAX, st.file, parser.problem_mark.line + 1,
                     parser.problem_mark.column + 1, msg);
          ok = FALSE;
          break;
        }
      done = event.type == YAML_STREAM_END_EVENT;
      ok = handle_event (&st, &event, error);
      yaml_event_delete (&event);
    }

  yaml_parser_delete (&parser);
  g_hash_table_unref (st.anchors);
  g_ptr_array_unref (st.stack);
  g_ptr_array_unref (st.anchor_names);

  if (!ok)
    {
      berth_yaml_node_unref (st.root);
      return NULL;
    }

  if (st.root == NULL)
    {
      yaml_mark_t mark = { 0 };
      st.root = node_new (BERTH_YAML_SCALAR, st.file, mark);
      st.root->value = g_strdup ("");
      st.root->plain = TRUE;
    }
  return st.root;
}
