/* berth-migration-node.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "berth-migration-node-private.h"

G_DEFINE_FINAL_TYPE (BerthMigrationNode, berth_migration_node, G_TYPE_OBJECT)

static void
berth_migration_node_finalize (GObject *object)
{
  BerthMigrationNode *self = BERTH_MIGRATION_NODE (object);

  g_free (self->revision);
  g_free (self->short_id);
  g_ptr_array_unref (self->parents);
  g_ptr_array_unref (self->children);
  g_strfreev (self->branch_labels);
  g_strfreev (self->depends_on);
  g_free (self->message);
  g_free (self->date);
  g_free (self->path);
  g_free (self->container_path);

  G_OBJECT_CLASS (berth_migration_node_parent_class)->finalize (object);
}

static void
berth_migration_node_class_init (BerthMigrationNodeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = berth_migration_node_finalize;
}

static void
berth_migration_node_init (BerthMigrationNode *self)
{
  /* Both arrays stay NULL-terminated so they can be returned as strv. */
  self->parents = g_ptr_array_new_null_terminated (2, g_free, TRUE);
  self->children = g_ptr_array_new_null_terminated (2, g_free, TRUE);
  self->branch_labels = g_new0 (char *, 1);
  self->depends_on = g_new0 (char *, 1);
  self->message = g_strdup ("");
}

BerthMigrationNode *
berth_migration_node_new (const char *revision)
{
  BerthMigrationNode *self = g_object_new (BERTH_TYPE_MIGRATION_NODE, NULL);

  self->revision = g_strdup (revision);
  self->short_id = g_utf8_substring (revision, 0, MIN (12, g_utf8_strlen (revision, -1)));
  return self;
}

static gboolean
contains (GPtrArray *a, const char *s)
{
  for (guint i = 0; i < a->len; i++)
    if (g_str_equal (a->pdata[i], s))
      return TRUE;
  return FALSE;
}

void
berth_migration_node_add_parent (BerthMigrationNode *self, const char *parent)
{
  if (!contains (self->parents, parent))
    g_ptr_array_add (self->parents, g_strdup (parent));
}

void
berth_migration_node_add_child (BerthMigrationNode *self, const char *child)
{
  if (!contains (self->children, child))
    g_ptr_array_add (self->children, g_strdup (child));
}

const char *
berth_migration_node_get_revision (BerthMigrationNode *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_NODE (self), NULL);
  return self->revision;
}

const char *
berth_migration_node_get_short_id (BerthMigrationNode *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_NODE (self), NULL);
  return self->short_id;
}

const char * const *
berth_migration_node_get_parents (BerthMigrationNode *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_NODE (self), NULL);
  return (const char * const *) self->parents->pdata;
}

const char * const *
berth_migration_node_get_children (BerthMigrationNode *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_NODE (self), NULL);
  return (const char * const *) self->children->pdata;
}

const char * const *
berth_migration_node_get_branch_labels (BerthMigrationNode *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_NODE (self), NULL);
  return (const char * const *) self->branch_labels;
}

const char * const *
berth_migration_node_get_depends_on (BerthMigrationNode *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_NODE (self), NULL);
  return (const char * const *) self->depends_on;
}

const char *
berth_migration_node_get_message (BerthMigrationNode *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_NODE (self), NULL);
  return self->message;
}

const char *
berth_migration_node_get_date (BerthMigrationNode *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_NODE (self), NULL);
  return self->date;
}

const char *
berth_migration_node_get_path (BerthMigrationNode *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_NODE (self), NULL);
  return self->path;
}

const char *
berth_migration_node_get_container_path (BerthMigrationNode *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_NODE (self), NULL);
  return self->container_path;
}

BerthMigrationNodeFlags
berth_migration_node_get_flags (BerthMigrationNode *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_NODE (self), 0);
  return self->flags;
}

gboolean
berth_migration_node_has_flag (BerthMigrationNode      *self,
                               BerthMigrationNodeFlags  flag)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_NODE (self), FALSE);
  return (self->flags & flag) == flag;
}

guint
berth_migration_node_get_row (BerthMigrationNode *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_NODE (self), 0);
  return self->row;
}

guint
berth_migration_node_get_lane (BerthMigrationNode *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_NODE (self), 0);
  return self->lane;
}
