/* berth-revision-row.c: one revision of the Migrations page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-revision-row.h"

struct _BerthRevisionRow
{
  GtkWidget               parent_instance;

  BerthRevisionGraphCell *graph_cell;
  GtkLabel               *message_label;
  GtkWidget              *badges_box;
  GtkLabel               *short_id_label;
  GtkLabel               *date_label;

  BerthMigrationNode     *node;
};

G_DEFINE_FINAL_TYPE (BerthRevisionRow, berth_revision_row, GTK_TYPE_WIDGET)

typedef struct
{
  BerthMigrationNodeFlags  flag;
  const char              *css;
  const char              *label;
  const char              *tooltip;
} BadgeInfo;

/* Display order: where the database is first, then the graph's shape. */
static const BadgeInfo badges[] = {
  { BERTH_MIGRATION_NODE_CURRENT, "current", N_("Current"), N_("The database is at this revision") },
  { BERTH_MIGRATION_NODE_PENDING, "pending", N_("Pending"), N_("Not applied yet: an upgrade to head applies it") },
  { BERTH_MIGRATION_NODE_MISSING_FILE, "missing-file", N_("Missing File"), N_("The database knows this revision but no file in migrations/versions defines it") },
  { BERTH_MIGRATION_NODE_HEAD, "head", N_("Head"), N_("No revision builds on this one") },
  { BERTH_MIGRATION_NODE_MERGEPOINT, "merge", N_("Merge"), N_("Joins several branches") },
  { BERTH_MIGRATION_NODE_BRANCHPOINT, "branch", N_("Branch Point"), N_("Several revisions build on this one") },
  { BERTH_MIGRATION_NODE_BASE, "base", N_("Base"), N_("The first revision: it builds on an empty database") },
  { BERTH_MIGRATION_NODE_APPLIED, "applied", N_("Applied"), N_("The database has this revision") },
};

static void
clear_badges (BerthRevisionRow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->badges_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->badges_box), child);
}

static gboolean
show_badge (BerthMigrationNode *node,
            const BadgeInfo    *info)
{
  if (!berth_migration_node_has_flag (node, info->flag))
    return FALSE;
  /* "Applied" says nothing more on the current revision itself. */
  if (info->flag == BERTH_MIGRATION_NODE_APPLIED &&
      berth_migration_node_has_flag (node, BERTH_MIGRATION_NODE_CURRENT))
    return FALSE;
  return TRUE;
}

void
berth_revision_row_set_node (BerthRevisionRow    *self,
                             BerthMigrationGraph *graph,
                             BerthMigrationNode  *node)
{
  const char *date;

  g_return_if_fail (BERTH_IS_REVISION_ROW (self));

  g_set_object (&self->node, node);
  berth_revision_graph_cell_set_node (self->graph_cell, graph, node);
  clear_badges (self);

  if (node == NULL)
    {
      gtk_label_set_label (self->message_label, "");
      gtk_label_set_label (self->short_id_label, "");
      gtk_label_set_label (self->date_label, "");
      return;
    }

  if (berth_migration_node_get_message (node) != NULL && *berth_migration_node_get_message (node) != '\0')
    {
      gtk_label_set_label (self->message_label, berth_migration_node_get_message (node));
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
  else
    {
      gtk_label_set_label (self->message_label, _("(no message)"));
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
  gtk_label_set_label (self->short_id_label, berth_migration_node_get_short_id (node));

  date = berth_migration_node_get_date (node);
  if (date != NULL)
    {
      /* "2024-03-03 10:00:00.000000": the minutes are enough in a list. */
      g_autofree char *shown = g_strndup (date, 16);

      gtk_label_set_label (self->date_label, shown);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->date_label), date);
    }
  else
    {
      gtk_label_set_label (self->date_label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->date_label), NULL);
    }

  /* Named branches (branch_labels) read like git's ref names. */
  for (const char * const *label = berth_migration_node_get_branch_labels (node); label && *label; label++)
    {
      GtkWidget *badge = gtk_label_new (*label);

      gtk_widget_add_css_class (badge, "revision-badge");
      gtk_widget_add_css_class (badge, "branch-label");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (badge, _("Branch label"));
      gtk_box_append (GTK_BOX (self->badges_box), badge);
    }

  for (guint i = 0; i < G_N_ELEMENTS (badges); i++)
    {
      GtkWidget *badge;

      if (!show_badge (node, &badges[i]))
        continue;
      badge = gtk_label_new (_(badges[i].label));
      gtk_widget_add_css_class (badge, "revision-badge");
      gtk_widget_add_css_class (badge, badges[i].css);
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (badge, _(badges[i].tooltip));
      gtk_box_append (GTK_BOX (self->badges_box), badge);
    }
}

BerthMigrationNode *
berth_revision_row_get_node (BerthRevisionRow *self)
{
  g_return_val_if_fail (BERTH_IS_REVISION_ROW (self), NULL);
  return self->node;
}

BerthRevisionGraphCell *
berth_revision_row_get_graph_cell (BerthRevisionRow *self)
{
  g_return_val_if_fail (BERTH_IS_REVISION_ROW (self), NULL);
  return self->graph_cell;
}

char **
berth_revision_row_dup_badges (BerthRevisionRow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (BERTH_IS_REVISION_ROW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (self->badges_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    for (guint i = 0; i < G_N_ELEMENTS (badges); i++)
      if (gtk_widget_get_visible (child) && gtk_widget_has_css_class (child, badges[i].css))
        g_strv_builder_add (builder, badges[i].css);

  return g_strv_builder_end (builder);
}

const char *
berth_revision_row_get_message_text (BerthRevisionRow *self)
{
  return gtk_label_get_label (self->message_label);
}

const char *
berth_revision_row_get_short_id_text (BerthRevisionRow *self)
{
  return gtk_label_get_label (self->short_id_label);
}

const char *
berth_revision_row_get_date_text (BerthRevisionRow *self)
{
  return gtk_label_get_label (self->date_label);
}

static void
berth_revision_row_dispose (GObject *object)
{
  BerthRevisionRow *self = BERTH_REVISION_ROW (object);
  GtkWidget *child;

  g_clear_object (&self->node);
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_REVISION_ROW);
  /* The template's unnamed top-level box too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (berth_revision_row_parent_class)->dispose (object);
}

static void
berth_revision_row_class_init (BerthRevisionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_revision_row_dispose;

  g_type_ensure (BERTH_TYPE_REVISION_GRAPH_CELL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/berth/Berth/ui/berth-revision-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthRevisionRow, graph_cell);
  gtk_widget_class_bind_template_child (widget_class, BerthRevisionRow, message_label);
  gtk_widget_class_bind_template_child (widget_class, BerthRevisionRow, badges_box);
  gtk_widget_class_bind_template_child (widget_class, BerthRevisionRow, short_id_label);
  gtk_widget_class_bind_template_child (widget_class, BerthRevisionRow, date_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "revision-row");
}

static void
berth_revision_row_init (BerthRevisionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
berth_revision_row_new (void)
{
  return g_object_new (BERTH_TYPE_REVISION_ROW, NULL);
}
