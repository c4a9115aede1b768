/* berth-migration-graph-export.c: the graph as `db history --json` and as
 * `git log --graph`-like text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-migration-graph-private.h"

static void
add_strv_member (JsonBuilder *b, const char *name, const char * const *v)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; v && v[i]; i++)
    json_builder_add_string_value (b, v[i]);
  json_builder_end_array (b);
}

static void
add_db_flag (JsonBuilder *b, BerthMigrationGraph *self, const char *name,
             BerthMigrationNode *node, BerthMigrationNodeFlags flag)
{
  json_builder_set_member_name (b, name);
  if (self->current == NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_boolean_value (b, (node->flags & flag) != 0);
}

JsonNode *
berth_migration_graph_to_json (BerthMigrationGraph *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_auto(GStrv) heads = NULL;

  g_return_val_if_fail (BERTH_IS_MIGRATION_GRAPH (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "revisions");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->nodes->len; i++)
    {
      BerthMigrationNode *n = self->nodes->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "revision");
      json_builder_add_string_value (b, n->revision);
      add_strv_member (b, "parents", (const char * const *) n->parents->pdata);
      add_strv_member (b, "children", (const char * const *) n->children->pdata);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, n->message);
      json_builder_set_member_name (b, "date");
      if (n->date)
        json_builder_add_string_value (b, n->date);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "file");
      if (n->path)
        json_builder_add_string_value (b, n->path);
      else
        json_builder_add_null_value (b);
      add_strv_member (b, "branch_labels", (const char * const *) n->branch_labels);
      add_strv_member (b, "depends_on", (const char * const *) n->depends_on);
      json_builder_set_member_name (b, "head");
      json_builder_add_boolean_value (b, (n->flags & BERTH_MIGRATION_NODE_HEAD) != 0);
      json_builder_set_member_name (b, "base");
      json_builder_add_boolean_value (b, (n->flags & BERTH_MIGRATION_NODE_BASE) != 0);
      json_builder_set_member_name (b, "branchpoint");
      json_builder_add_boolean_value (b, (n->flags & BERTH_MIGRATION_NODE_BRANCHPOINT) != 0);
      json_builder_set_member_name (b, "mergepoint");
      json_builder_add_boolean_value (b, (n->flags & BERTH_MIGRATION_NODE_MERGEPOINT) != 0);
      add_db_flag (b, self, "current", n, BERTH_MIGRATION_NODE_CURRENT);
      add_db_flag (b, self, "applied", n, BERTH_MIGRATION_NODE_APPLIED);
      add_db_flag (b, self, "pending", n, BERTH_MIGRATION_NODE_PENDING);
      json_builder_set_member_name (b, "missing_file");
      json_builder_add_boolean_value (b, (n->flags & BERTH_MIGRATION_NODE_MISSING_FILE) != 0);
      json_builder_set_member_name (b, "lane");
      json_builder_add_int_value (b, n->lane);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "current");
  if (self->current == NULL)
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_array (b);
      for (guint i = 0; self->current[i]; i++)
        json_builder_add_string_value (b, self->current[i]);
      json_builder_end_array (b);
    }

  heads = berth_migration_graph_dup_heads (self);
  add_strv_member (b, "heads", (const char * const *) heads);

  json_builder_set_member_name (b, "problems");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->problems->len; i++)
    {
      BerthMigrationProblem *p = self->problems->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, berth_migration_problem_kind_to_string (p->kind));
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, p->message);
      json_builder_set_member_name (b, "fix");
      json_builder_add_string_value (b, p->fix);
      add_strv_member (b, "revisions", (const char * const *) p->revisions);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static void
put (GString *line, guint pos, char c)
{
  while (line->len <= pos)
    g_string_append_c (line, ' ');
  line->str[pos] = c;
}

char *
berth_migration_graph_to_text (BerthMigrationGraph *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (BERTH_IS_MIGRATION_GRAPH (self), NULL);

  for (guint r = 0; r < self->nodes->len; r++)
    {
      BerthMigrationNode *n = self->nodes->pdata[r];
      g_autoptr(GString) line = g_string_new (NULL);
      const BerthMigrationSegment *segs;
      guint n_segs = 0;
      gboolean diagonal = FALSE;

      if (r > 0)
        {
          segs = berth_migration_graph_get_segments (self, r - 1, &n_segs);
          for (guint i = 0; i < n_segs; i++)
            put (line, segs[i].to_lane * 2, '|');
        }
      segs = berth_migration_graph_get_segments (self, r, &n_segs);
      for (guint i = 0; i < n_segs; i++)
        {
          put (line, segs[i].from_lane * 2, '|');
          if (segs[i].from_lane != segs[i].to_lane)
            diagonal = TRUE;
        }
      put (line, n->lane * 2, '*');
      while (line->len + 1 < self->n_lanes * 2)
        g_string_append_c (line, ' ');

      g_string_append_printf (out, "%s %s", line->str, n->short_id);
      if (n->branch_labels[0] != NULL)
        {
          g_autofree char *labels = g_strjoinv (", ", n->branch_labels);
          g_string_append_printf (out, " (%s)", labels);
        }
      if (n->flags & BERTH_MIGRATION_NODE_HEAD)
        g_string_append_printf (out, " (%s)", _("head"));
      if (n->flags & BERTH_MIGRATION_NODE_CURRENT)
        g_string_append_printf (out, " (%s)", _("current"));
      if (n->flags & BERTH_MIGRATION_NODE_PENDING)
        g_string_append_printf (out, " (%s)", _("pending"));
      if (n->flags & BERTH_MIGRATION_NODE_MISSING_FILE)
        g_string_append_printf (out, " (%s)", _("missing file"));
      if (n->message && *n->message)
        {
          g_autofree char *one_line = g_strdup (n->message);

          g_strdelimit (one_line, "\n", ' ');
          g_string_append_printf (out, " %s", one_line);
        }
      if (n->date)
        g_string_append_printf (out, " [%s]", n->date);
      g_string_append_c (out, '\n');

      if (diagonal)
        {
          g_autoptr(GString) conn = g_string_new (NULL);

          for (guint i = 0; i < n_segs; i++)
            {
              guint f = segs[i].from_lane, t = segs[i].to_lane;

              if (f == t)
                put (conn, f * 2, '|');
              else if (t < f)
                {
                  for (guint x = t * 2 + 1; x + 1 < f * 2; x++)
                    put (conn, x, '_');
                  put (conn, f * 2 - 1, '/');
                }
              else
                {
                  put (conn, f * 2 + 1, '\\');
                  for (guint x = f * 2 + 2; x < t * 2; x++)
                    put (conn, x, '_');
                }
            }
          g_string_append_printf (out, "%s\n", g_strchomp (conn->str));
        }
    }
  return g_string_free (out, FALSE);
}
