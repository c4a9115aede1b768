/* berth-compose-yaml-private.h: YAML node tree with source marks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BERTH_YAML_SCALAR,
  BERTH_YAML_SEQUENCE,
  BERTH_YAML_MAPPING,
} BerthYamlKind;

typedef struct _BerthYamlNode BerthYamlNode;

struct _BerthYamlNode
{
  gatomicrefcount  ref;
  BerthYamlKind    kind;
  const char      *file;     /* interned */
  guint            line;     /* 1-based */
  guint            column;   /* 1-based */
  char            *value;    /* scalars */
  gboolean         plain;    /* unquoted scalar, no explicit tag */
  GPtrArray       *items;    /* sequence: nodes; mapping: key, value, key, value... */
  gsize            size;     /* nodes in the fully expanded subtree */
};

/* Alias expansion limit: total nodes a document may expand to. */
#define BERTH_YAML_MAX_EXPANDED_NODES 200000
#define BERTH_YAML_MAX_DEPTH          256

BerthYamlNode *berth_yaml_node_ref   (BerthYamlNode *node);
void           berth_yaml_node_unref (BerthYamlNode *node);

/* Parses one document (an empty stream gives an empty mapping).  Anchors,
 * aliases and merge keys are resolved; duplicate keys are errors. */
BerthYamlNode *berth_yaml_parse      (const char  *file,
                                      const char  *data,
                                      gsize        length,
                                      GError     **error);

gboolean       berth_yaml_node_is_null  (const BerthYamlNode *node);
guint          berth_yaml_mapping_size  (const BerthYamlNode *node);
BerthYamlNode *berth_yaml_mapping_key   (const BerthYamlNode *node, guint i);
BerthYamlNode *berth_yaml_mapping_value (const BerthYamlNode *node, guint i);
BerthYamlNode *berth_yaml_mapping_get   (const BerthYamlNode *node, const char *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthYamlNode, berth_yaml_node_unref)

G_END_DECLS
