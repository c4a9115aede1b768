/* test-migration-graph.c: graph model, database overlay, problems, lane
 * layout (issue 9's layout tests), JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "berth-test.h"
#include "berth-migration-graph.h"
#include "berth-migration-output-private.h"

static BerthMigrationGraph *
graph_from_fixture (const char *project)
{
  g_autofree char *dir = berth_test_source_path ("tests", "migrations", project, "migrations", "versions", NULL);
  g_autoptr(GError) error = NULL;
  BerthMigrationGraph *graph = berth_migration_graph_new_from_dir (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (graph);
  return graph;
}

/* A revision from a down_revision list ("a,b"; "" for a base). */
static BerthMigrationRevision *
mkrev (const char *id, const char *parents, const char *date)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) p = g_strsplit (parents, ",", -1);
  g_autoptr(GError) error = NULL;
  BerthMigrationRevision *rev;

  g_string_append_printf (text, "\"\"\"message of %s\n\nCreate Date: %s\n\"\"\"\n", id, date);
  g_string_append_printf (text, "revision = '%s'\n", id);
  if (*parents == '\0')
    g_string_append (text, "down_revision = None\n");
  else
    {
      g_string_append (text, "down_revision = (");
      for (guint i = 0; p[i]; i++)
        g_string_append_printf (text, "'%s', ", p[i]);
      g_string_append (text, ")\n");
    }
  rev = berth_migration_revision_parse (text->str, -1, NULL, &error);
  g_assert_no_error (error);
  return rev;
}

static BerthMigrationNode *
row (BerthMigrationGraph *g, guint i)
{
  BerthMigrationNode *node = g_list_model_get_item (G_LIST_MODEL (g), i);

  g_assert_nonnull (node);
  g_object_unref (node);  /* the graph keeps it alive */
  return node;
}

static void
assert_order (BerthMigrationGraph *g, const char *first, ...)
{
  va_list args;
  guint i = 0;

  va_start (args, first);
  for (const char *s = first; s; s = va_arg (args, const char *), i++)
    {
      g_assert_cmpuint (i, <, g_list_model_get_n_items (G_LIST_MODEL (g)));
      g_assert_cmpstr (berth_migration_node_get_revision (row (g, i)), ==, s);
      g_assert_cmpuint (berth_migration_node_get_row (row (g, i)), ==, i);
    }
  va_end (args);
  g_assert_cmpuint (i, ==, g_list_model_get_n_items (G_LIST_MODEL (g)));
}

static gboolean
has (BerthMigrationGraph *g, const char *id, BerthMigrationNodeFlags f)
{
  BerthMigrationNode *n = berth_migration_graph_lookup (g, id);

  g_assert_nonnull (n);
  return berth_migration_node_has_flag (n, f);
}

/* The drawing invariants: inside every gap no two segments cross, and
 * every child -> parent edge is one continuous path of segments from the
 * child's lane to the parent's lane. */
static void
assert_layout_sound (BerthMigrationGraph *g)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (g));
  guint lanes = berth_migration_graph_get_n_lanes (g);

  for (guint r = 0; r < n; r++)
    {
      guint n_segs = 0;
      const BerthMigrationSegment *segs = berth_migration_graph_get_segments (g, r, &n_segs);

      g_assert_cmpuint (berth_migration_node_get_lane (row (g, r)), <, MAX (lanes, 1));
      for (guint i = 0; i < n_segs; i++)
        {
          g_assert_cmpuint (segs[i].from_lane, <, lanes);
          g_assert_cmpuint (segs[i].to_lane, <, lanes);
          for (guint j = i + 1; j < n_segs; j++)
            {
              int df = (int) segs[i].from_lane - (int) segs[j].from_lane;
              int dt = (int) segs[i].to_lane - (int) segs[j].to_lane;

              if ((df < 0 && dt > 0) || (df > 0 && dt < 0))
                g_error ("segments %u->%u and %u->%u cross below row %u",
                         segs[i].from_lane, segs[i].to_lane, segs[j].from_lane, segs[j].to_lane, r);
            }
        }
    }

  for (guint r = 0; r < n; r++)
    {
      BerthMigrationNode *child = row (g, r);
      const char * const *parents = berth_migration_node_get_parents (child);

      for (guint p = 0; parents[p]; p++)
        {
          BerthMigrationNode *parent = berth_migration_graph_lookup (g, parents[p]);
          guint lane = berth_migration_node_get_lane (child);
          guint pr = berth_migration_node_get_row (parent);

          g_assert_cmpuint (pr, >, r);
          for (guint gap = r; gap < pr; gap++)
            {
              guint n_segs = 0;
              const BerthMigrationSegment *segs = berth_migration_graph_get_segments (g, gap, &n_segs);
              gboolean found = FALSE;

              for (guint i = 0; i < n_segs && !found; i++)
                if (g_str_equal (segs[i].child, berth_migration_node_get_revision (child)) &&
                    g_str_equal (segs[i].parent, parents[p]) &&
                    segs[i].from_lane == lane)
                  {
                    lane = segs[i].to_lane;
                    found = TRUE;
                  }
              if (!found)
                g_error ("edge %s -> %s broken in gap %u", berth_migration_node_get_revision (child),
                         parents[p], gap);
            }
          g_assert_cmpuint (lane, ==, berth_migration_node_get_lane (parent));
        }
    }
}

static void
assert_lanes (BerthMigrationGraph *g, const guint *lanes, guint n)
{
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (G_LIST_MODEL (g)));
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (berth_migration_node_get_lane (row (g, i)), ==, lanes[i]);
}

static void
assert_gap (BerthMigrationGraph *g, guint gap, const guint *pairs, guint n_pairs)
{
  guint n_segs = 0;
  const BerthMigrationSegment *segs = berth_migration_graph_get_segments (g, gap, &n_segs);

  g_assert_cmpuint (n_segs, ==, n_pairs);
  for (guint i = 0; i < n_pairs; i++)
    {
      g_assert_cmpuint (segs[i].from_lane, ==, pairs[2 * i]);
      g_assert_cmpuint (segs[i].to_lane, ==, pairs[2 * i + 1]);
    }
}

static const BerthMigrationProblem *
problem (BerthMigrationGraph *g, BerthMigrationProblemKind kind)
{
  GPtrArray *problems = berth_migration_graph_get_problems (g);

  for (guint i = 0; i < problems->len; i++)
    if (((BerthMigrationProblem *) problems->pdata[i])->kind == kind)
      return problems->pdata[i];
  return NULL;
}

static void
count_changes (GListModel *model, guint position, guint removed, guint added, guint *count)
{
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (added, ==, g_list_model_get_n_items (model));
  (*count)++;
}

/* ---- files only --------------------------------------------------------- */

static void
test_linear_files_only (void)
{
  g_autoptr(BerthMigrationGraph) g = graph_from_fixture ("linear");
  static const guint lanes[] = { 0, 0, 0 };
  static const guint gap[] = { 0, 0 };
  g_auto(GStrv) heads = berth_migration_graph_dup_heads (g);

  assert_order (g, "3c4d5e6f7081", "2b3c4d5e6f70", "1a2b3c4d5e6f", NULL);
  assert_lanes (g, lanes, 3);
  assert_gap (g, 0, gap, 1);
  assert_gap (g, 1, gap, 1);
  assert_gap (g, 2, NULL, 0);
  g_assert_cmpuint (berth_migration_graph_get_n_lanes (g), ==, 1);
  assert_layout_sound (g);

  g_assert_true (has (g, "3c4d5e6f7081", BERTH_MIGRATION_NODE_HEAD));
  g_assert_true (has (g, "1a2b3c4d5e6f", BERTH_MIGRATION_NODE_BASE));
  g_assert_false (has (g, "2b3c4d5e6f70", BERTH_MIGRATION_NODE_HEAD));
  g_assert_false (has (g, "3c4d5e6f7081", BERTH_MIGRATION_NODE_CURRENT));
  g_assert_false (has (g, "3c4d5e6f7081", BERTH_MIGRATION_NODE_PENDING));
  g_assert_false (berth_migration_graph_get_database_known (g));
  g_assert_null (berth_migration_graph_get_current (g));
  g_assert_cmpstrv (heads, ((const char *[]) { "3c4d5e6f7081", NULL }));
  g_assert_cmpuint (berth_migration_graph_get_problems (g)->len, ==, 0);

  {
    BerthMigrationNode *n = berth_migration_graph_lookup (g, "2b3c4d5e6f70");

    g_assert_cmpstr (berth_migration_node_get_message (n), ==, "add probes table");
    g_assert_cmpstr (berth_migration_node_get_date (n), ==, "2024-01-12 09:00:00.000001");
    g_assert_true (g_str_has_suffix (berth_migration_node_get_path (n), "2b3c4d5e6f70_add_probes_table.py"));
    g_assert_cmpstrv (berth_migration_node_get_parents (n), ((const char *[]) { "1a2b3c4d5e6f", NULL }));
    g_assert_cmpstrv (berth_migration_node_get_children (n), ((const char *[]) { "3c4d5e6f7081", NULL }));
    /* Alembic accepts unambiguous prefixes, so does lookup. */
    g_assert_true (berth_migration_graph_lookup (g, "2b3c") == n);
  }
}

static void
test_linear_database (void)
{
  g_autoptr(BerthMigrationGraph) g = graph_from_fixture ("linear");
  const char *current[] = { "2b3c4d5e6f70", NULL };
  const char *empty[] = { NULL };
  const char *at_head[] = { "3c4d5e6f7081", NULL };
  g_auto(GStrv) pending = NULL;
  const BerthMigrationProblem *p;
  guint changed = 0;

  g_signal_connect (g, "items-changed", G_CALLBACK (count_changes), &changed);
  berth_migration_graph_set_database (g, current, NULL);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (berth_migration_graph_get_database_known (g));
  g_assert_true (has (g, "2b3c4d5e6f70", BERTH_MIGRATION_NODE_CURRENT | BERTH_MIGRATION_NODE_APPLIED));
  g_assert_true (has (g, "1a2b3c4d5e6f", BERTH_MIGRATION_NODE_APPLIED));
  g_assert_false (has (g, "1a2b3c4d5e6f", BERTH_MIGRATION_NODE_CURRENT));
  g_assert_true (has (g, "3c4d5e6f7081", BERTH_MIGRATION_NODE_PENDING));
  g_assert_false (has (g, "3c4d5e6f7081", BERTH_MIGRATION_NODE_APPLIED));
  pending = berth_migration_graph_dup_pending (g);
  g_assert_cmpstrv (pending, ((const char *[]) { "3c4d5e6f7081", NULL }));
  p = problem (g, BERTH_MIGRATION_PROBLEM_PENDING);
  g_assert_nonnull (p);
  g_assert_cmpstrv (p->revisions, ((const char *[]) { "3c4d5e6f7081", NULL }));
  g_assert_nonnull (strstr (p->fix, "pgrade"));

  /* Downgrade confirmation lists what would be undone. */
  {
    g_auto(GStrv) a = berth_migration_graph_dup_undone_by (g, "1a2b3c4d5e6f");
    g_auto(GStrv) b = berth_migration_graph_dup_undone_by (g, "-1");
    g_auto(GStrv) c = berth_migration_graph_dup_undone_by (g, "base");

    g_assert_cmpstrv (a, ((const char *[]) { "2b3c4d5e6f70", NULL }));
    g_assert_cmpstrv (b, ((const char *[]) { "2b3c4d5e6f70", NULL }));
    g_assert_cmpstrv (c, ((const char *[]) { "2b3c4d5e6f70", "1a2b3c4d5e6f", NULL }));
  }

  /* An unversioned database: everything pending. */
  berth_migration_graph_set_database (g, empty, NULL);
  g_clear_pointer (&pending, g_strfreev);
  pending = berth_migration_graph_dup_pending (g);
  g_assert_cmpuint (g_strv_length (pending), ==, 3);

  /* Fresh demo: current == head, nothing pending, no problem. */
  berth_migration_graph_set_database (g, at_head, NULL);
  g_clear_pointer (&pending, g_strfreev);
  pending = berth_migration_graph_dup_pending (g);
  g_assert_cmpuint (g_strv_length (pending), ==, 0);
  g_assert_cmpuint (berth_migration_graph_get_problems (g)->len, ==, 0);

  /* Back to unknown. */
  berth_migration_graph_set_database (g, NULL, NULL);
  g_assert_false (berth_migration_graph_get_database_known (g));
  g_assert_false (has (g, "3c4d5e6f7081", BERTH_MIGRATION_NODE_CURRENT));
}

/* ---- layouts (issue 9) -------------------------------------------------- */

static void
test_layout_branch_merge (void)
{
  g_autoptr(BerthMigrationGraph) g = graph_from_fixture ("branched");
  static const guint lanes[] = { 0, 0, 0, 1, 0 };
  static const guint gap0[] = { 0, 0 };
  static const guint gap1[] = { 0, 0, 0, 1 };
  static const guint gap2[] = { 0, 0, 1, 1 };
  static const guint gap3[] = { 0, 0, 1, 0 };

  /* The merge's first parent is drawn straight below it. */
  assert_order (g, "e5f6a7b8c9d0", "d9e0f1a2b3c4", "b7c8d9e0f1a2", "c3d4e5f6a7b8", "a1b2c3d4e5f6", NULL);
  assert_lanes (g, lanes, 5);
  assert_gap (g, 0, gap0, 1);
  assert_gap (g, 1, gap1, 2);
  assert_gap (g, 2, gap2, 2);
  assert_gap (g, 3, gap3, 2);
  g_assert_cmpuint (berth_migration_graph_get_n_lanes (g), ==, 2);
  assert_layout_sound (g);

  g_assert_true (has (g, "a1b2c3d4e5f6", BERTH_MIGRATION_NODE_BRANCHPOINT | BERTH_MIGRATION_NODE_BASE));
  g_assert_true (has (g, "d9e0f1a2b3c4", BERTH_MIGRATION_NODE_MERGEPOINT));
  g_assert_false (has (g, "d9e0f1a2b3c4", BERTH_MIGRATION_NODE_HEAD));
  g_assert_cmpstrv (berth_migration_node_get_branch_labels (berth_migration_graph_lookup (g, "c3d4e5f6a7b8")),
                    ((const char *[]) { "reports", NULL }));
  g_assert_null (problem (g, BERTH_MIGRATION_PROBLEM_MULTIPLE_HEADS));
  g_assert_cmpuint (berth_migration_graph_get_problems (g)->len, ==, 0);

  /* Stable: the same input gives the same layout. */
  {
    g_autoptr(BerthMigrationGraph) again = graph_from_fixture ("branched");

    assert_lanes (again, lanes, 5);
    assert_gap (again, 1, gap1, 2);
  }
}

static void
test_layout_two_heads (void)
{
  g_autoptr(BerthMigrationGraph) g = graph_from_fixture ("twoheads");
  static const guint lanes[] = { 0, 1, 0 };
  static const guint gap0[] = { 0, 0 };
  static const guint gap1[] = { 0, 0, 1, 0 };
  const BerthMigrationProblem *p;
  g_auto(GStrv) heads = berth_migration_graph_dup_heads (g);

  /* Newest head first. */
  assert_order (g, "f0e1d2c3b4a5", "b7c8d9e0f1a2", "a1b2c3d4e5f6", NULL);
  assert_lanes (g, lanes, 3);
  assert_gap (g, 0, gap0, 1);
  assert_gap (g, 1, gap1, 2);
  assert_layout_sound (g);

  g_assert_cmpstrv (heads, ((const char *[]) { "f0e1d2c3b4a5", "b7c8d9e0f1a2", NULL }));
  p = problem (g, BERTH_MIGRATION_PROBLEM_MULTIPLE_HEADS);
  g_assert_nonnull (p);
  g_assert_cmpstrv (p->revisions, ((const char *[]) { "f0e1d2c3b4a5", "b7c8d9e0f1a2", NULL }));
  g_assert_nonnull (strstr (p->fix, "merge"));
  /* The most serious problem comes first. */
  g_assert_true (berth_migration_graph_get_problems (g)->pdata[0] == (gpointer) p);
}

static void
test_layout_missing_file_current (void)
{
  g_autoptr(BerthMigrationGraph) g = graph_from_fixture ("linear");
  const char *current[] = { "deadbeef0001", NULL };
  static const guint lanes[] = { 0, 0, 0, 0 };
  static const guint gap[] = { 0, 0 };
  const BerthMigrationProblem *p;
  g_auto(GStrv) pending = NULL;

  berth_migration_graph_set_database (g, current, NULL);
  assert_order (g, "deadbeef0001", "3c4d5e6f7081", "2b3c4d5e6f70", "1a2b3c4d5e6f", NULL);
  assert_lanes (g, lanes, 4);
  assert_gap (g, 0, NULL, 0);  /* nothing connects the unknown revision */
  assert_gap (g, 1, gap, 1);
  assert_layout_sound (g);

  g_assert_true (has (g, "deadbeef0001", BERTH_MIGRATION_NODE_CURRENT | BERTH_MIGRATION_NODE_MISSING_FILE));
  g_assert_false (has (g, "deadbeef0001", BERTH_MIGRATION_NODE_HEAD));
  g_assert_null (berth_migration_node_get_path (berth_migration_graph_lookup (g, "deadbeef0001")));
  g_assert_false (has (g, "3c4d5e6f7081", BERTH_MIGRATION_NODE_MISSING_FILE));
  /* Where the database stands relative to the files is unknown. */
  pending = berth_migration_graph_dup_pending (g);
  g_assert_cmpuint (g_strv_length (pending), ==, 0);

  p = berth_migration_graph_get_problems (g)->pdata[0];
  g_assert_cmpint (p->kind, ==, BERTH_MIGRATION_PROBLEM_UNKNOWN_CURRENT);
  g_assert_nonnull (strstr (p->message, "deadbeef0001"));
  g_assert_nonnull (strstr (p->fix, "stamp"));
  g_assert_null (problem (g, BERTH_MIGRATION_PROBLEM_MULTIPLE_HEADS));
}

static void
test_layout_synthetic (void)
{
  /* Linear growth keeps existing lanes; a long side branch, an octopus
   * merge and a new head beside a merge all stay crossing-free. */
  g_autoptr(GPtrArray) revs = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_migration_revision_unref);
  g_autoptr(BerthMigrationGraph) g = NULL;

  g_ptr_array_add (revs, mkrev ("r01", "", "2024-01-01"));
  g_ptr_array_add (revs, mkrev ("r02", "r01", "2024-01-02"));
  g_ptr_array_add (revs, mkrev ("r03", "r02", "2024-01-03"));
  g = berth_migration_graph_new (revs, NULL);
  assert_layout_sound (g);
  g_clear_object (&g);

  g_ptr_array_add (revs, mkrev ("r04", "r03", "2024-01-04"));
  g = berth_migration_graph_new (revs, NULL);
  assert_order (g, "r04", "r03", "r02", "r01", NULL);
  {
    static const guint lanes[] = { 0, 0, 0, 0 };
    assert_lanes (g, lanes, 4);
  }
  g_clear_object (&g);

  g_ptr_array_add (revs, mkrev ("s01", "r02", "2024-01-05"));
  g_ptr_array_add (revs, mkrev ("s02", "s01", "2024-01-06"));
  g_ptr_array_add (revs, mkrev ("t01", "r02", "2024-01-07"));
  g_ptr_array_add (revs, mkrev ("m01", "r04,s02,t01", "2024-01-08"));
  g_ptr_array_add (revs, mkrev ("h02", "r03", "2024-01-09"));
  g = berth_migration_graph_new (revs, NULL);
  assert_layout_sound (g);
  g_assert_true (has (g, "m01", BERTH_MIGRATION_NODE_MERGEPOINT));
  g_assert_true (has (g, "r02", BERTH_MIGRATION_NODE_BRANCHPOINT));
  g_assert_nonnull (problem (g, BERTH_MIGRATION_PROBLEM_MULTIPLE_HEADS));
}

/* ---- problems and overlay ----------------------------------------------- */

static void
test_problems (void)
{
  g_autoptr(GPtrArray) revs = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_migration_revision_unref);
  g_autoptr(GPtrArray) file_problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BerthMigrationGraph) g = NULL;
  const BerthMigrationProblem *p;

  g_ptr_array_add (revs, mkrev ("a01", "", "2024-01-01"));
  g_ptr_array_add (revs, mkrev ("b01", "gone01", "2024-01-02"));
  g_ptr_array_add (revs, mkrev ("a01", "", "2024-01-03"));
  g_ptr_array_add (revs, mkrev ("c01", "c02", "2024-01-04"));
  g_ptr_array_add (revs, mkrev ("c02", "c01", "2024-01-05"));
  g_ptr_array_add (file_problems, g_strdup ("x.py:3:1: unterminated string"));
  g = berth_migration_graph_new (revs, file_problems);

  p = problem (g, BERTH_MIGRATION_PROBLEM_UNKNOWN_PARENT);
  g_assert_nonnull (p);
  g_assert_cmpstrv (p->revisions, ((const char *[]) { "gone01", NULL }));
  g_assert_true (has (g, "gone01", BERTH_MIGRATION_NODE_MISSING_FILE));
  g_assert_false (has (g, "gone01", BERTH_MIGRATION_NODE_BASE));
  g_assert_nonnull (problem (g, BERTH_MIGRATION_PROBLEM_DUPLICATE));
  p = problem (g, BERTH_MIGRATION_PROBLEM_CYCLE);
  g_assert_nonnull (p);
  g_assert_cmpstrv (p->revisions, ((const char *[]) { "c01", "c02", NULL }));
  p = problem (g, BERTH_MIGRATION_PROBLEM_UNREADABLE_FILE);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->message, ==, "x.py:3:1: unterminated string");
  /* Everything is still drawn. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (g)), ==, 5);
  {
    g_autofree char *text = berth_migration_graph_to_text (g);
    g_assert_nonnull (strstr (text, "gone01"));
  }
}

static void
test_history_overlay (void)
{
  g_autoptr(BerthMigrationGraph) g = graph_from_fixture ("linear");
  g_autofree char *path = berth_test_source_path ("tests", "migrations", "output", "history-linear-verbose.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) history = NULL;
  BerthMigrationHistoryEntry *extra;
  const char *current[] = { "3c4d5e6f7081", NULL };
  const BerthMigrationProblem *p;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  history = berth_migration_parse_history (text);
  /* The container generated a revision the host does not have. */
  extra = berth_migration_history_entry_copy (history->pdata[0]);
  g_free (extra->revision);
  extra->revision = g_strdup ("4d5e6f708192");
  g_strfreev (extra->parents);
  extra->parents = g_strdupv ((char *[]) { (char *) "3c4d5e6f7081", NULL });
  g_free (extra->message);
  extra->message = g_strdup ("add users.last_login");
  g_free (extra->path);
  extra->path = g_strdup ("/app/migrations/versions/4d5e6f708192_add_users_last_login.py");
  g_ptr_array_insert (history, 0, extra);

  berth_migration_graph_set_database (g, current, history);
  assert_order (g, "4d5e6f708192", "3c4d5e6f7081", "2b3c4d5e6f70", "1a2b3c4d5e6f", NULL);
  assert_layout_sound (g);
  g_assert_true (has (g, "4d5e6f708192", BERTH_MIGRATION_NODE_MISSING_FILE | BERTH_MIGRATION_NODE_PENDING |
                                        BERTH_MIGRATION_NODE_HEAD));
  g_assert_false (has (g, "3c4d5e6f7081", BERTH_MIGRATION_NODE_HEAD));
  g_assert_cmpstr (berth_migration_node_get_container_path (berth_migration_graph_lookup (g, "2b3c4d5e6f70")),
                   ==, "/app/migrations/versions/2b3c4d5e6f70_add_probes_table.py");
  p = problem (g, BERTH_MIGRATION_PROBLEM_NOT_ON_HOST);
  g_assert_nonnull (p);
  g_assert_cmpstrv (p->revisions, ((const char *[]) { "4d5e6f708192", NULL }));
  g_assert_nonnull (problem (g, BERTH_MIGRATION_PROBLEM_PENDING));
}

static void
test_json (void)
{
  g_autoptr(BerthMigrationGraph) g = graph_from_fixture ("twoheads");
  g_autoptr(JsonNode) unknown = berth_migration_graph_to_json (g);
  g_autoptr(JsonNode) known = NULL;
  const char *current[] = { "b7c8d9e0f1a2", NULL };
  JsonObject *root, *rev;
  JsonArray *revs;

  root = json_node_get_object (unknown);
  g_assert_true (json_object_get_null_member (root, "current"));
  revs = json_object_get_array_member (root, "revisions");
  g_assert_cmpuint (json_array_get_length (revs), ==, 3);
  rev = json_array_get_object_element (revs, 0);
  g_assert_cmpstr (json_object_get_string_member (rev, "revision"), ==, "f0e1d2c3b4a5");
  g_assert_true (json_object_get_null_member (rev, "current"));
  g_assert_true (json_object_get_null_member (rev, "applied"));
  g_assert_true (json_object_get_null_member (rev, "pending"));
  g_assert_true (json_object_get_boolean_member (rev, "head"));
  g_assert_false (json_object_get_boolean_member (rev, "missing_file"));
  g_assert_cmpstr (json_object_get_string_member (rev, "message"), ==, "add users.last_login");
  g_assert_cmpstr (json_object_get_string_member (rev, "date"), ==, "2024-03-05 10:00:00.000000");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (rev, "file"), "f0e1d2c3b4a5_add_users_last_login.py"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (rev, "parents"), 0), ==, "a1b2c3d4e5f6");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "heads")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (root, "problems"), 0), "kind"),
                   ==, "multiple_heads");

  berth_migration_graph_set_database (g, current, NULL);
  known = berth_migration_graph_to_json (g);
  root = json_node_get_object (known);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (root, "current"), 0), ==, "b7c8d9e0f1a2");
  revs = json_object_get_array_member (root, "revisions");
  rev = json_array_get_object_element (revs, 1);
  g_assert_true (json_object_get_boolean_member (rev, "current"));
  g_assert_true (json_object_get_boolean_member (rev, "applied"));
  g_assert_false (json_object_get_boolean_member (rev, "pending"));
  rev = json_array_get_object_element (revs, 0);
  g_assert_false (json_object_get_boolean_member (rev, "current"));
  g_assert_true (json_object_get_boolean_member (rev, "pending"));
}

static void
test_text (void)
{
  g_autoptr(BerthMigrationGraph) g = graph_from_fixture ("branched");
  g_autofree char *text = berth_migration_graph_to_text (g);

  g_assert_cmpstr (text, ==,
                   "*   e5f6a7b8c9d0 (head) add users.is_admin [2024-03-04 10:00:00.000000]\n"
                   "*   d9e0f1a2b3c4 merge probes and reports [2024-03-03 10:00:00.000000]\n"
                   "|\\\n"
                   "* | b7c8d9e0f1a2 add probes table [2024-03-02 10:00:00.000000]\n"
                   "| * c3d4e5f6a7b8 (reports) add reports [2024-03-02 11:00:00.000000]\n"
                   "|/\n"
                   "*   a1b2c3d4e5f6 create users table [2024-03-01 10:00:00.000000]\n");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/migration/graph/linear-files-only", test_linear_files_only);
  g_test_add_func ("/migration/graph/linear-database", test_linear_database);
  g_test_add_func ("/migration/graph/layout/branch-merge", test_layout_branch_merge);
  g_test_add_func ("/migration/graph/layout/two-heads", test_layout_two_heads);
  g_test_add_func ("/migration/graph/layout/missing-file-current", test_layout_missing_file_current);
  g_test_add_func ("/migration/graph/layout/synthetic", test_layout_synthetic);
  g_test_add_func ("/migration/graph/problems", test_problems);
  g_test_add_func ("/migration/graph/history-overlay", test_history_overlay);
  g_test_add_func ("/migration/graph/json", test_json);
  g_test_add_func ("/migration/graph/text", test_text);
  return g_test_run ();
}
