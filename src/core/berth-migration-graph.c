/* berth-migration-graph.c: revision graph, database overlay, lane layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-migration-graph.h"
#include "berth-migration-graph-private.h"


static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BerthMigrationGraph, berth_migration_graph, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* ---- problems ----------------------------------------------------------- */

BerthMigrationProblem *
berth_migration_problem_copy (const BerthMigrationProblem *self)
{
  BerthMigrationProblem *p = g_new0 (BerthMigrationProblem, 1);

  p->kind = self->kind;
  p->message = g_strdup (self->message);
  p->fix = g_strdup (self->fix);
  p->revisions = g_strdupv (self->revisions);
  return p;
}

void
berth_migration_problem_free (BerthMigrationProblem *self)
{
  if (self == NULL)
    return;
  g_free (self->message);
  g_free (self->fix);
  g_strfreev (self->revisions);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (BerthMigrationProblem, berth_migration_problem,
                     berth_migration_problem_copy, berth_migration_problem_free)

const char *
berth_migration_problem_kind_to_string (BerthMigrationProblemKind kind)
{
  switch (kind)
    {
    case BERTH_MIGRATION_PROBLEM_UNREADABLE_FILE: return "unreadable_file";
    case BERTH_MIGRATION_PROBLEM_DUPLICATE:       return "duplicate_revision";
    case BERTH_MIGRATION_PROBLEM_UNKNOWN_PARENT:  return "unknown_parent";
    case BERTH_MIGRATION_PROBLEM_CYCLE:           return "cycle";
    case BERTH_MIGRATION_PROBLEM_MULTIPLE_HEADS:  return "multiple_heads";
    case BERTH_MIGRATION_PROBLEM_UNKNOWN_CURRENT: return "unknown_current";
    case BERTH_MIGRATION_PROBLEM_NOT_ON_HOST:     return "not_on_host";
    case BERTH_MIGRATION_PROBLEM_PENDING:         return "pending";
    default:                                      return "unknown";
    }
}

static void
add_problem (BerthMigrationGraph        *self,
             BerthMigrationProblemKind   kind,
             GPtrArray                  *revisions,
             char                       *message,
             char                       *fix)
{
  BerthMigrationProblem *p = g_new0 (BerthMigrationProblem, 1);

  p->kind = kind;
  p->message = message;
  p->fix = fix;
  if (revisions != NULL)
    {
      p->revisions = g_new0 (char *, revisions->len + 1);
      for (guint i = 0; i < revisions->len; i++)
        p->revisions[i] = g_strdup (revisions->pdata[i]);
    }
  else
    p->revisions = g_new0 (char *, 1);
  g_ptr_array_add (self->problems, p);
}

static char *
join_ids (GPtrArray *ids)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, ids->pdata[i]);
    }
  return g_string_free (s, FALSE);
}

/* ---- GListModel --------------------------------------------------------- */

static GType
list_get_item_type (GListModel *model)
{
  return BERTH_TYPE_MIGRATION_NODE;
}

static guint
list_get_n_items (GListModel *model)
{
  return BERTH_MIGRATION_GRAPH (model)->nodes->len;
}

static gpointer
list_get_item (GListModel *model, guint position)
{
  BerthMigrationGraph *self = BERTH_MIGRATION_GRAPH (model);

  if (position >= self->nodes->len)
    return NULL;
  return g_object_ref (self->nodes->pdata[position]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* ---- object ------------------------------------------------------------- */

static void
berth_migration_graph_finalize (GObject *object)
{
  BerthMigrationGraph *self = BERTH_MIGRATION_GRAPH (object);

  g_clear_pointer (&self->revisions, g_ptr_array_unref);
  g_clear_pointer (&self->file_problems, g_ptr_array_unref);
  g_clear_pointer (&self->current, g_strfreev);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->segments, g_array_unref);
  g_clear_pointer (&self->gap_start, g_array_unref);

  G_OBJECT_CLASS (berth_migration_graph_parent_class)->finalize (object);
}

static void
berth_migration_graph_class_init (BerthMigrationGraphClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = berth_migration_graph_finalize;
}

static void
berth_migration_graph_init (BerthMigrationGraph *self)
{
  self->revisions = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_migration_revision_unref);
  self->file_problems = g_ptr_array_new_with_free_func (g_free);
  self->nodes = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_migration_problem_free);
  self->segments = g_array_new (FALSE, FALSE, sizeof (BerthMigrationSegment));
  self->gap_start = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* ---- building ----------------------------------------------------------- */

static BerthMigrationNode *
lookup (BerthMigrationGraph *self, const char *id)
{
  return g_hash_table_lookup (self->by_id, id);
}

static BerthMigrationNode *
add_node (BerthMigrationGraph *self, GPtrArray *all, const char *id)
{
  BerthMigrationNode *node = berth_migration_node_new (id);

  g_ptr_array_add (all, node);
  g_hash_table_insert (self->by_id, node->revision, node);
  return node;
}

static int
compare_heads (gconstpointer a, gconstpointer b)
{
  BerthMigrationNode *na = *(BerthMigrationNode **) a;
  BerthMigrationNode *nb = *(BerthMigrationNode **) b;
  int c;

  /* Newest first; a revision without a date (known only from the
   * database) is shown on top where it is noticed. */
  if (na->date == NULL && nb->date != NULL)
    return -1;
  if (na->date != NULL && nb->date == NULL)
    return 1;
  if (na->date != NULL && nb->date != NULL && (c = strcmp (nb->date, na->date)) != 0)
    return c;
  return strcmp (na->revision, nb->revision);
}

static int
compare_revision (gconstpointer a, gconstpointer b)
{
  BerthMigrationNode *na = *(BerthMigrationNode **) a;
  BerthMigrationNode *nb = *(BerthMigrationNode **) b;

  return strcmp (na->revision, nb->revision);
}

static void
emit_from_stack (BerthMigrationGraph *self, GPtrArray *stack)
{
  while (stack->len > 0)
    {
      BerthMigrationNode *n = g_ptr_array_steal_index (stack, stack->len - 1);

      if (n->emitted)
        continue;
      n->emitted = TRUE;
      n->row = self->nodes->len;
      g_ptr_array_add (self->nodes, g_object_ref (n));

      /* Reverse order so that the first parent is drawn next. */
      for (guint i = n->parents->len; i > 0; i--)
        {
          BerthMigrationNode *p = lookup (self, n->parents->pdata[i - 1]);

          if (p == NULL || p->emitted)
            continue;
          if (p->pending_children > 0)
            p->pending_children--;
          if (p->pending_children == 0)
            g_ptr_array_add (stack, p);
        }
    }
}

static void
order_nodes (BerthMigrationGraph *self, GPtrArray *all)
{
  g_autoptr(GPtrArray) heads = g_ptr_array_new ();
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      BerthMigrationNode *n = all->pdata[i];

      n->pending_children = n->children->len;
      n->emitted = FALSE;
      if (n->children->len == 0)
        g_ptr_array_add (heads, n);
    }
  g_ptr_array_sort (heads, compare_heads);
  for (guint i = heads->len; i > 0; i--)
    g_ptr_array_add (stack, heads->pdata[i - 1]);
  emit_from_stack (self, stack);

  if (self->nodes->len < all->len)
    {
      g_autoptr(GPtrArray) left = g_ptr_array_new ();
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();

      for (guint i = 0; i < all->len; i++)
        if (!((BerthMigrationNode *) all->pdata[i])->emitted)
          g_ptr_array_add (left, all->pdata[i]);
      g_ptr_array_sort (left, compare_revision);
      for (guint i = 0; i < left->len; i++)
        g_ptr_array_add (ids, ((BerthMigrationNode *) left->pdata[i])->revision);
      g_autofree char *joined = join_ids (ids);

      add_problem (self, BERTH_MIGRATION_PROBLEM_CYCLE, ids,
                   g_strdup_printf (_("These revisions form a cycle through their down_revision: %s."),
                                    joined),
                   g_strdup (_("Edit down_revision in their files so that each revision points to an older one.")));
      /* Draw what remains anyway, in a stable order. */
      for (guint i = 0; i < left->len; i++)
        {
          g_ptr_array_add (stack, left->pdata[i]);
          emit_from_stack (self, stack);
        }
    }
}

static guint
free_lane (GPtrArray *lanes, gint avoid)
{
  for (guint l = 0; l < lanes->len; l++)
    if (lanes->pdata[l] == NULL && (gint) l != avoid)
      return l;
  g_ptr_array_add (lanes, NULL);
  return lanes->len - 1;
}

static void
layout (BerthMigrationGraph *self)
{
  /* Each lane holds the parent it is waiting for and the child the line
   * comes from; src is the lane at the current row a line starts from
   * (the node's lane for lines that branch out to further parents). */
  g_autoptr(GPtrArray) lanes = g_ptr_array_new ();
  g_autoptr(GPtrArray) lane_child = g_ptr_array_new ();
  g_autoptr(GArray) src = g_array_new (FALSE, TRUE, sizeof (guint));

  self->n_lanes = 0;
  for (guint r = 0; r < self->nodes->len; r++)
    {
      BerthMigrationNode *n = self->nodes->pdata[r];
      gint lane = -1;
      guint first;

      for (guint l = 0; l < lanes->len; l++)
        if (lanes->pdata[l] != NULL && g_str_equal (lanes->pdata[l], n->revision))
          {
            lane = l;
            break;
          }
      if (lane < 0)
        lane = free_lane (lanes, -1);
      g_ptr_array_set_size (lane_child, lanes->len);
      n->lane = lane;

      /* Segments of the gap above this row. */
      if (r > 0)
        {
          for (guint l = 0; l < lanes->len; l++)
            {
              BerthMigrationSegment seg;
              BerthMigrationNode *parent;

              if (lanes->pdata[l] == NULL || l >= src->len)
                continue;
              parent = lookup (self, lanes->pdata[l]);
              seg.from_lane = g_array_index (src, guint, l);
              seg.to_lane = g_str_equal (lanes->pdata[l], n->revision) ? (guint) lane : l;
              seg.child = lane_child->pdata[l];
              seg.parent = parent ? parent->revision : lanes->pdata[l];
              g_array_append_val (self->segments, seg);
            }
        }
      first = self->segments->len;
      g_array_append_val (self->gap_start, first);

      /* Lines that ended at this node free their lanes. */
      for (guint l = 0; l < lanes->len; l++)
        if (lanes->pdata[l] != NULL && g_str_equal (lanes->pdata[l], n->revision))
          lanes->pdata[l] = NULL;

      g_array_set_size (src, lanes->len);
      for (guint l = 0; l < src->len; l++)
        g_array_index (src, guint, l) = l;

      {
        gboolean first_parent = TRUE;

        for (guint i = 0; i < n->parents->len; i++)
          {
            BerthMigrationNode *p = lookup (self, n->parents->pdata[i]);
            guint l;

            /* A parent drawn above its child only happens in a cycle. */
            if (p == NULL || p->row <= r)
              continue;
            l = first_parent ? (guint) lane : free_lane (lanes, lane);
            first_parent = FALSE;
            lanes->pdata[l] = p->revision;
            g_ptr_array_set_size (lane_child, lanes->len);
            lane_child->pdata[l] = n->revision;
            g_array_set_size (src, lanes->len);
            g_array_index (src, guint, l) = lane;
          }
      }

      self->n_lanes = MAX (self->n_lanes, lanes->len);
    }

  /* The gap after the last row is empty; close the index. */
  {
    guint end = self->segments->len;
    g_array_append_val (self->gap_start, end);
  }
}

static void
mark_applied (BerthMigrationGraph *self, BerthMigrationNode *start)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, start);
  while (stack->len > 0)
    {
      BerthMigrationNode *n = g_ptr_array_steal_index (stack, stack->len - 1);

      if (n->flags & BERTH_MIGRATION_NODE_APPLIED)
        continue;
      n->flags |= BERTH_MIGRATION_NODE_APPLIED;
      for (guint i = 0; i < n->parents->len; i++)
        {
          BerthMigrationNode *p = lookup (self, n->parents->pdata[i]);

          if (p != NULL)
            g_ptr_array_add (stack, p);
        }
    }
}

static void
rebuild (BerthMigrationGraph *self)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) unknown_current = g_ptr_array_new ();
  g_autoptr(GPtrArray) not_on_host = g_ptr_array_new ();
  g_autoptr(GPtrArray) heads = g_ptr_array_new ();
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();
  guint old_len = self->nodes->len;
  gboolean resolvable = TRUE;

  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->nodes, 0);
  g_ptr_array_set_size (self->problems, 0);
  g_array_set_size (self->segments, 0);
  g_array_set_size (self->gap_start, 0);

  /* Revisions defined by files on the host. */
  for (guint i = 0; i < self->revisions->len; i++)
    {
      BerthMigrationRevision *rev = self->revisions->pdata[i];
      BerthMigrationNode *node = lookup (self, rev->revision);

      if (node != NULL)
        {
          g_autoptr(GPtrArray) ids = g_ptr_array_new ();

          g_ptr_array_add (ids, rev->revision);
          add_problem (self, BERTH_MIGRATION_PROBLEM_DUPLICATE, ids,
                       g_strdup_printf (_("Revision %s is defined by two files: %s and %s."),
                                        rev->revision, node->path ? node->path : "?",
                                        rev->path ? rev->path : "?"),
                       g_strdup (_("Remove or renumber one of them; Alembic refuses to run with duplicate revisions.")));
          continue;
        }
      node = add_node (self, all, rev->revision);
      for (guint j = 0; rev->down_revisions[j]; j++)
        berth_migration_node_add_parent (node, rev->down_revisions[j]);
      g_strfreev (node->branch_labels);
      node->branch_labels = g_strdupv (rev->branch_labels);
      g_strfreev (node->depends_on);
      node->depends_on = g_strdupv (rev->depends_on);
      g_free (node->message);
      node->message = g_strdup (rev->message);
      node->date = g_strdup (rev->create_date);
      node->path = g_strdup (rev->path);
      node->known = TRUE;
    }

  /* Revisions the container knows (its own copy of the files). */
  if (self->history != NULL)
    for (guint i = 0; i < self->history->len; i++)
      {
        BerthMigrationHistoryEntry *e = self->history->pdata[i];
        BerthMigrationNode *node = lookup (self, e->revision);

        if (node != NULL)
          {
            if (node->container_path == NULL)
              node->container_path = g_strdup (e->path);
            continue;
          }
        node = add_node (self, all, e->revision);
        if (e->parents != NULL)
          for (guint j = 0; e->parents[j]; j++)
            berth_migration_node_add_parent (node, e->parents[j]);
        g_strfreev (node->branch_labels);
        node->branch_labels = g_strdupv (e->branch_labels);
        g_free (node->message);
        node->message = g_strdup (e->message ? e->message : "");
        node->date = g_strdup (e->create_date);
        node->container_path = g_strdup (e->path);
        node->flags |= BERTH_MIGRATION_NODE_MISSING_FILE;
        node->known = TRUE;
        g_ptr_array_add (not_on_host, node->revision);
      }

  /* The database's revisions that nothing defines. */
  if (self->current != NULL)
    for (guint i = 0; self->current[i]; i++)
      if (lookup (self, self->current[i]) == NULL)
        {
          BerthMigrationNode *node = add_node (self, all, self->current[i]);

          node->flags |= BERTH_MIGRATION_NODE_MISSING_FILE;
          g_ptr_array_add (unknown_current, node->revision);
        }

  /* Parents nobody defines: drawn as missing, reported. */
  for (guint i = 0; i < all->len; i++)
    {
      BerthMigrationNode *node = all->pdata[i];

      for (guint j = 0; j < node->parents->len; j++)
        {
          const char *pid = node->parents->pdata[j];

          if (lookup (self, pid) == NULL)
            {
              g_autoptr(GPtrArray) ids = g_ptr_array_new ();
              BerthMigrationNode *p = add_node (self, all, pid);

              p->flags |= BERTH_MIGRATION_NODE_MISSING_FILE;
              g_ptr_array_add (ids, p->revision);
              add_problem (self, BERTH_MIGRATION_PROBLEM_UNKNOWN_PARENT, ids,
                           g_strdup_printf (_("Revision %s names %s as its parent, but no migration file defines %s."),
                                            node->revision, pid, pid),
                           g_strdup (_("Restore the missing file into migrations/versions/, or correct down_revision.")));
            }
        }
    }

  for (guint i = 0; i < all->len; i++)
    {
      BerthMigrationNode *node = all->pdata[i];

      for (guint j = 0; j < node->parents->len; j++)
        berth_migration_node_add_child (lookup (self, node->parents->pdata[j]), node->revision);
    }

  for (guint i = 0; i < all->len; i++)
    {
      BerthMigrationNode *node = all->pdata[i];

      if (node->known && node->children->len == 0)
        node->flags |= BERTH_MIGRATION_NODE_HEAD;
      if (node->known && node->parents->len == 0)
        node->flags |= BERTH_MIGRATION_NODE_BASE;
      if (node->children->len > 1)
        node->flags |= BERTH_MIGRATION_NODE_BRANCHPOINT;
      if (node->parents->len > 1)
        node->flags |= BERTH_MIGRATION_NODE_MERGEPOINT;
    }

  if (self->current != NULL)
    {
      for (guint i = 0; self->current[i]; i++)
        {
          BerthMigrationNode *node = lookup (self, self->current[i]);

          node->flags |= BERTH_MIGRATION_NODE_CURRENT;
          if (!node->known)
            resolvable = FALSE;
          mark_applied (self, node);
        }
      /* With the database at an unknown revision nothing can be said
       * about what an upgrade would do. */
      if (resolvable)
        for (guint i = 0; i < all->len; i++)
          {
            BerthMigrationNode *node = all->pdata[i];

            if (node->known && !(node->flags & BERTH_MIGRATION_NODE_APPLIED))
              node->flags |= BERTH_MIGRATION_NODE_PENDING;
          }
    }

  order_nodes (self, all);
  layout (self);

  for (guint i = 0; i < self->nodes->len; i++)
    {
      BerthMigrationNode *node = self->nodes->pdata[i];

      if (node->flags & BERTH_MIGRATION_NODE_HEAD)
        g_ptr_array_add (heads, node->revision);
      if (node->flags & BERTH_MIGRATION_NODE_PENDING)
        g_ptr_array_add (pending, node->revision);
    }

  /* Most serious first: the UI shows the first one in its banner. */
  {
    g_autoptr(GPtrArray) later = g_steal_pointer (&self->problems);

    self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_migration_problem_free);

    if (unknown_current->len > 0)
      {
        g_autofree char *ids = join_ids (unknown_current);

        add_problem (self, BERTH_MIGRATION_PROBLEM_UNKNOWN_CURRENT, unknown_current,
                     g_strdup_printf (_("The database is at revision %s, which no migration file defines "
                                        "(Alembic: “Can't locate revision identified by '%s'”)."),
                                      ids, (char *) unknown_current->pdata[0]),
                     g_strdup (_("Restore that revision's file into migrations/versions/ (from version "
                                 "control or the container that created it), or stamp the database at "
                                 "a revision that exists.")));
      }
    if (heads->len > 1)
      {
        g_autofree char *ids = join_ids (heads);

        add_problem (self, BERTH_MIGRATION_PROBLEM_MULTIPLE_HEADS, heads,
                     g_strdup_printf (_("The migrations have %u heads (%s): `upgrade` and `migrate` "
                                        "refuse to run until they are merged."),
                                      heads->len, ids),
                     g_strdup (_("Merge the heads into one revision: Merge heads, or "
                                 "“berth-cli db merge -m MESSAGE heads”.")));
      }
    if (not_on_host->len > 0)
      {
        g_autofree char *ids = join_ids (not_on_host);

        add_problem (self, BERTH_MIGRATION_PROBLEM_NOT_ON_HOST, not_on_host,
                     g_strdup_printf (_("Revision(s) %s exist in the container but not in the project "
                                        "folder: the next rebuild will lose them."),
                                      ids),
                     g_strdup (_("Copy the files from the container's migrations/versions/ into the "
                                 "project before rebuilding.")));
      }
    for (guint i = 0; i < later->len; i++)
      g_ptr_array_add (self->problems, berth_migration_problem_copy (later->pdata[i]));
    for (guint i = 0; i < self->file_problems->len; i++)
      add_problem (self, BERTH_MIGRATION_PROBLEM_UNREADABLE_FILE, NULL,
                   g_strdup (self->file_problems->pdata[i]),
                   g_strdup (_("Fix the file: Alembic will refuse to load the migrations too.")));
    if (pending->len > 0)
      {
        g_autofree char *ids = join_ids (pending);

        add_problem (self, BERTH_MIGRATION_PROBLEM_PENDING, pending,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u revision is not applied to the database: %s.",
                                                   "%u revisions are not applied to the database: %s.",
                                                   pending->len),
                                      pending->len, ids),
                     g_strdup (heads->len > 1 ? _("Merge the heads, then upgrade the database.")
                                              : _("Upgrade the database (Migrate, or “berth-cli db upgrade”).")));
      }
  }

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->nodes->len);
}

/* ---- public ------------------------------------------------------------- */

BerthMigrationGraph *
berth_migration_graph_new (GPtrArray *revisions,
                           GPtrArray *file_problems)
{
  BerthMigrationGraph *self = g_object_new (BERTH_TYPE_MIGRATION_GRAPH, NULL);

  if (revisions != NULL)
    for (guint i = 0; i < revisions->len; i++)
      g_ptr_array_add (self->revisions, berth_migration_revision_ref (revisions->pdata[i]));
  if (file_problems != NULL)
    for (guint i = 0; i < file_problems->len; i++)
      g_ptr_array_add (self->file_problems, g_strdup (file_problems->pdata[i]));
  rebuild (self);
  return self;
}

BerthMigrationGraph *
berth_migration_graph_new_from_dir (const char  *versions_dir,
                                    GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) revisions = NULL;

  revisions = berth_migration_revision_load_dir (versions_dir, &problems, error);
  if (revisions == NULL)
    return NULL;
  return berth_migration_graph_new (revisions, problems);
}

void
berth_migration_graph_set_database (BerthMigrationGraph *self,
                                    const char * const  *current,
                                    GPtrArray           *history)
{
  g_return_if_fail (BERTH_IS_MIGRATION_GRAPH (self));

  g_clear_pointer (&self->current, g_strfreev);
  if (current != NULL)
    self->current = g_strdupv ((char **) current);

  g_clear_pointer (&self->history, g_ptr_array_unref);
  if (history != NULL)
    {
      self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_migration_history_entry_free);
      for (guint i = 0; i < history->len; i++)
        g_ptr_array_add (self->history, berth_migration_history_entry_copy (history->pdata[i]));
    }
  rebuild (self);
}

gboolean
berth_migration_graph_get_database_known (BerthMigrationGraph *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_GRAPH (self), FALSE);
  return self->current != NULL;
}

const char * const *
berth_migration_graph_get_current (BerthMigrationGraph *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_GRAPH (self), NULL);
  return (const char * const *) self->current;
}

static char **
dup_flagged (BerthMigrationGraph *self, BerthMigrationNodeFlags flag)
{
  GStrvBuilder *b = g_strv_builder_new ();
  char **result;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      BerthMigrationNode *node = self->nodes->pdata[i];

      if (node->flags & flag)
        g_strv_builder_add (b, node->revision);
    }
  result = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return result;
}

char **
berth_migration_graph_dup_heads (BerthMigrationGraph *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_GRAPH (self), NULL);
  return dup_flagged (self, BERTH_MIGRATION_NODE_HEAD);
}

char **
berth_migration_graph_dup_pending (BerthMigrationGraph *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_GRAPH (self), NULL);
  return dup_flagged (self, BERTH_MIGRATION_NODE_PENDING);
}

BerthMigrationNode *
berth_migration_graph_lookup (BerthMigrationGraph *self,
                              const char          *revision)
{
  BerthMigrationNode *found = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (BERTH_IS_MIGRATION_GRAPH (self), NULL);
  g_return_val_if_fail (revision != NULL, NULL);

  if ((found = lookup (self, revision)) != NULL)
    return found;
  /* Alembic accepts any unambiguous prefix. */
  if (strlen (revision) < 3)
    return NULL;
  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, revision))
      {
        if (found != NULL)
          return NULL;
        found = value;
      }
  return found;
}

char **
berth_migration_graph_dup_undone_by (BerthMigrationGraph *self,
                                     const char          *target)
{
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  GStrvBuilder *b;
  char **result;

  g_return_val_if_fail (BERTH_IS_MIGRATION_GRAPH (self), NULL);

  if (target != NULL && *target != '\0' && !g_str_equal (target, "base"))
    {
      BerthMigrationNode *t = NULL;

      if (target[0] == '-' && g_ascii_isdigit (target[1]) && self->current != NULL &&
          self->current[0] != NULL && self->current[1] == NULL)
        {
          /* "-N": N steps down from the single current revision. */
          guint64 steps = g_ascii_strtoull (target + 1, NULL, 10);

          t = lookup (self, self->current[0]);
          for (guint64 s = 0; t != NULL && s < steps; s++)
            t = t->parents->len > 0 ? lookup (self, t->parents->pdata[0]) : NULL;
          if (t == NULL)
            goto all_applied;
        }
      else
        t = berth_migration_graph_lookup (self, target);

      if (t != NULL)
        {
          g_autoptr(GPtrArray) stack = g_ptr_array_new ();

          g_ptr_array_add (stack, t);
          while (stack->len > 0)
            {
              BerthMigrationNode *n = g_ptr_array_steal_index (stack, stack->len - 1);

              if (g_hash_table_contains (kept, n->revision))
                continue;
              g_hash_table_add (kept, n->revision);
              for (guint i = 0; i < n->parents->len; i++)
                {
                  BerthMigrationNode *p = lookup (self, n->parents->pdata[i]);
                  if (p != NULL)
                    g_ptr_array_add (stack, p);
                }
            }
        }
    }

all_applied:
  b = g_strv_builder_new ();
  for (guint i = 0; i < self->nodes->len; i++)
    {
      BerthMigrationNode *node = self->nodes->pdata[i];

      if ((node->flags & BERTH_MIGRATION_NODE_APPLIED) &&
          !g_hash_table_contains (kept, node->revision))
        g_strv_builder_add (b, node->revision);
    }
  result = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return result;
}

GPtrArray *
berth_migration_graph_get_problems (BerthMigrationGraph *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_GRAPH (self), NULL);
  return self->problems;
}

guint
berth_migration_graph_get_n_lanes (BerthMigrationGraph *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_GRAPH (self), 0);
  return self->n_lanes;
}

const BerthMigrationSegment *
berth_migration_graph_get_segments (BerthMigrationGraph *self,
                                    guint                row,
                                    guint               *n_out)
{
  guint start, end;

  g_return_val_if_fail (BERTH_IS_MIGRATION_GRAPH (self), NULL);
  g_return_val_if_fail (n_out != NULL, NULL);

  *n_out = 0;
  if (row + 1 >= self->gap_start->len)
    return NULL;
  start = g_array_index (self->gap_start, guint, row);
  end = g_array_index (self->gap_start, guint, row + 1);
  if (end <= start)
    return NULL;
  *n_out = end - start;
  return &g_array_index (self->segments, BerthMigrationSegment, start);
}

