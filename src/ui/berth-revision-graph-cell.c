/* berth-revision-graph-cell.c: the graph column of one revision row.
 *
 * Each row draws its own part of the graph: the upper half holds the line
 * pieces coming from the row above (always vertical, in the lane they
 * arrive in) and the lower half those leaving towards the row below (curved
 * when they change lane).  So the rows join up whatever their heights, and
 * a GtkListView only draws the rows on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "berth-revision-graph-cell.h"

#define LANE_WIDTH   18.0
#define MARGIN        8.0
#define DOT_RADIUS    5.0
#define LINE_WIDTH    2.0

struct _BerthRevisionGraphCell
{
  GtkWidget            parent_instance;

  BerthMigrationGraph *graph;
  BerthMigrationNode  *node;
};

G_DEFINE_FINAL_TYPE (BerthRevisionGraphCell, berth_revision_graph_cell, GTK_TYPE_WIDGET)

/* GNOME's palette: darker shades on light backgrounds, lighter ones on dark,
 * so that every lane keeps its contrast. */
static const char * const lane_colors_light[] = {
  "#1c71d8", "#26a269", "#e66100", "#813d9c", "#c01c28", "#1a8a9e", "#986a44",
};
static const char * const lane_colors_dark[] = {
  "#62a0ea", "#57e389", "#ffa348", "#c061cb", "#f66151", "#5fd3e6", "#cdab8f",
};

static gboolean
is_dark (GdkRGBA *fg)
{
  /* The theme's text colour tells light from dark (and high contrast)
   * without asking libadwaita. */
  return 0.299 * fg->red + 0.587 * fg->green + 0.114 * fg->blue > 0.5;
}

static void
lane_color (guint    lane,
            gboolean dark,
            GdkRGBA *out)
{
  const char * const *colors = dark ? lane_colors_dark : lane_colors_light;

  gdk_rgba_parse (out, colors[lane % G_N_ELEMENTS (lane_colors_light)]);
}

static double
lane_x (guint lane)
{
  return MARGIN + LANE_WIDTH * lane + LANE_WIDTH / 2.0;
}

static guint
n_lanes (BerthRevisionGraphCell *self)
{
  return self->graph != NULL ? MAX (berth_migration_graph_get_n_lanes (self->graph), 1) : 1;
}

static const BerthMigrationSegment *
segments (BerthRevisionGraphCell *self,
          gboolean                above,
          guint                  *n)
{
  guint row;

  *n = 0;
  if (self->graph == NULL || self->node == NULL)
    return NULL;
  row = berth_migration_node_get_row (self->node);
  if (above)
    {
      if (row == 0)
        return NULL;
      return berth_migration_graph_get_segments (self->graph, row - 1, n);
    }
  return berth_migration_graph_get_segments (self->graph, row, n);
}

static void
berth_revision_graph_cell_measure (GtkWidget      *widget,
                                   GtkOrientation  orientation,
                                   int             for_size,
                                   int            *minimum,
                                   int            *natural,
                                   int            *minimum_baseline,
                                   int            *natural_baseline)
{
  BerthRevisionGraphCell *self = BERTH_REVISION_GRAPH_CELL (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = (int) ceil (2 * MARGIN + LANE_WIDTH * n_lanes (self));
  else
    *minimum = *natural = 28;
}

static void
set_source (cairo_t *cr, const GdkRGBA *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

/* The history the database has not reached yet is drawn fainter. */
static void
segment_color (BerthRevisionGraphCell      *self,
               const BerthMigrationSegment *segment,
               gboolean                     dark,
               GdkRGBA                     *out)
{
  BerthMigrationNode *child = berth_migration_graph_lookup (self->graph, segment->child);

  lane_color (MAX (segment->from_lane, segment->to_lane), dark, out);
  if (child != NULL && berth_migration_node_has_flag (child, BERTH_MIGRATION_NODE_PENDING))
    out->alpha = 0.45;
}

/* Clears a disc so the row's own background (selected or not) shows
 * through an open ring. */
static void
punch (cairo_t *cr,
       double   x,
       double   y,
       double   radius)
{
  cairo_save (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
berth_revision_graph_cell_snapshot (GtkWidget   *widget,
                                    GtkSnapshot *snapshot)
{
  BerthRevisionGraphCell *self = BERTH_REVISION_GRAPH_CELL (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  const BerthMigrationSegment *segs;
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double cy = height / 2.0;
  double x;
  GdkRGBA fg, accent, color;
  gboolean dark;
  cairo_t *cr;
  guint n;

  if (self->graph == NULL || self->node == NULL)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (style, &fg);
  if (!gtk_style_context_lookup_color (style, "accent_color", &accent))
    gdk_rgba_parse (&accent, "#3584e4");
  G_GNUC_END_IGNORE_DEPRECATIONS
  dark = is_dark (&fg);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* Lines from the row above: they arrive in their lane. */
  segs = segments (self, TRUE, &n);
  for (guint i = 0; i < n; i++)
    {
      segment_color (self, &segs[i], dark, &color);
      set_source (cr, &color);
      x = lane_x (segs[i].to_lane);
      cairo_move_to (cr, x, 0);
      cairo_line_to (cr, x, cy);
      cairo_stroke (cr);
    }

  /* Lines to the row below: a branch or a merge bends on its way out. */
  segs = segments (self, FALSE, &n);
  for (guint i = 0; i < n; i++)
    {
      double x0 = lane_x (segs[i].from_lane);
      double x1 = lane_x (segs[i].to_lane);

      segment_color (self, &segs[i], dark, &color);
      set_source (cr, &color);
      cairo_move_to (cr, x0, cy);
      if (segs[i].from_lane == segs[i].to_lane)
        cairo_line_to (cr, x1, height);
      else
        cairo_curve_to (cr, x0, height, x1, cy, x1, height);
      cairo_stroke (cr);
    }

  /* The dot: filled when applied (or when the database is unknown), an
   * open ring when pending, dashed when the file is missing; the current
   * revision gets a halo in the accent colour. */
  x = lane_x (berth_migration_node_get_lane (self->node));
  lane_color (berth_migration_node_get_lane (self->node), dark, &color);

  if (berth_migration_node_has_flag (self->node, BERTH_MIGRATION_NODE_CURRENT))
    {
      set_source (cr, &accent);
      cairo_arc (cr, x, cy, DOT_RADIUS + 3.5, 0, 2 * G_PI);
      cairo_fill (cr);
      punch (cr, x, cy, DOT_RADIUS + 1.5);
    }

  if (berth_migration_node_has_flag (self->node, BERTH_MIGRATION_NODE_MISSING_FILE))
    {
      static const double dash[] = { 2.0, 2.0 };

      punch (cr, x, cy, DOT_RADIUS);
      cairo_arc (cr, x, cy, DOT_RADIUS, 0, 2 * G_PI);
      set_source (cr, &color);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  else if (berth_migration_node_has_flag (self->node, BERTH_MIGRATION_NODE_PENDING))
    {
      punch (cr, x, cy, DOT_RADIUS);
      cairo_arc (cr, x, cy, DOT_RADIUS, 0, 2 * G_PI);
      set_source (cr, &color);
      cairo_set_line_width (cr, LINE_WIDTH);
      cairo_stroke (cr);
    }
  else
    {
      cairo_arc (cr, x, cy, DOT_RADIUS, 0, 2 * G_PI);
      set_source (cr, &color);
      cairo_fill (cr);
    }

  cairo_destroy (cr);
}

static void
berth_revision_graph_cell_dispose (GObject *object)
{
  BerthRevisionGraphCell *self = BERTH_REVISION_GRAPH_CELL (object);

  g_clear_object (&self->graph);
  g_clear_object (&self->node);

  G_OBJECT_CLASS (berth_revision_graph_cell_parent_class)->dispose (object);
}

static void
berth_revision_graph_cell_class_init (BerthRevisionGraphCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_revision_graph_cell_dispose;
  widget_class->measure = berth_revision_graph_cell_measure;
  widget_class->snapshot = berth_revision_graph_cell_snapshot;

  gtk_widget_class_set_css_name (widget_class, "revision-graph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
berth_revision_graph_cell_init (BerthRevisionGraphCell *self)
{
}

GtkWidget *
berth_revision_graph_cell_new (void)
{
  return g_object_new (BERTH_TYPE_REVISION_GRAPH_CELL, NULL);
}

void
berth_revision_graph_cell_set_node (BerthRevisionGraphCell *self,
                                    BerthMigrationGraph    *graph,
                                    BerthMigrationNode     *node)
{
  g_return_if_fail (BERTH_IS_REVISION_GRAPH_CELL (self));

  g_set_object (&self->graph, graph);
  g_set_object (&self->node, node);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

BerthMigrationNode *
berth_revision_graph_cell_get_node (BerthRevisionGraphCell *self)
{
  g_return_val_if_fail (BERTH_IS_REVISION_GRAPH_CELL (self), NULL);
  return self->node;
}

guint
berth_revision_graph_cell_get_lane (BerthRevisionGraphCell *self)
{
  g_return_val_if_fail (BERTH_IS_REVISION_GRAPH_CELL (self), 0);
  return self->node != NULL ? berth_migration_node_get_lane (self->node) : 0;
}

guint
berth_revision_graph_cell_get_n_lanes (BerthRevisionGraphCell *self)
{
  g_return_val_if_fail (BERTH_IS_REVISION_GRAPH_CELL (self), 0);
  return n_lanes (self);
}

guint
berth_revision_graph_cell_get_n_lines_above (BerthRevisionGraphCell *self)
{
  guint n;

  g_return_val_if_fail (BERTH_IS_REVISION_GRAPH_CELL (self), 0);
  segments (self, TRUE, &n);
  return n;
}

guint
berth_revision_graph_cell_get_n_lines_below (BerthRevisionGraphCell *self)
{
  guint n;

  g_return_val_if_fail (BERTH_IS_REVISION_GRAPH_CELL (self), 0);
  segments (self, FALSE, &n);
  return n;
}
