/* test-migrations-page.c: the Migrations page on synthetic histories read
 * from files alone: rows, badges and lanes as the widgets show them, the
 * details pane and source, the problems banner, the database side laid over
 * the graph, and a new revision file appearing by itself (GFileMonitor).
 * Saves screenshots in light and dark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "berth-migrations-page-private.h"
#include "berth-revision-row.h"
#include "berth-test.h"
#include "berth-ui-test.h"

typedef struct
{
  char                *tmp;
  char                *migrations;
  GtkWidget           *window;
  BerthMigrationsPage *page;
} Fixture;

/* Copies the revision files of tests/migrations/<name> into a fresh
 * temporary project. */
static void
fixture_setup (Fixture    *f,
               const char *name)
{
  g_autofree char *src = berth_test_source_path ("tests", "migrations", name, "migrations", "versions", NULL);
  g_autofree char *versions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  GtkWidget *overlay;
  const char *entry;

  f->tmp = g_dir_make_tmp ("berth-test-migrations-page-XXXXXX", &error);
  g_assert_no_error (error);
  f->migrations = g_build_filename (f->tmp, "migrations", NULL);
  versions = g_build_filename (f->migrations, "versions", NULL);
  g_assert_cmpint (g_mkdir_with_parents (versions, 0755), ==, 0);

  dir = g_dir_open (src, 0, &error);
  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (src, entry, NULL);
      g_autofree char *to = g_build_filename (versions, entry, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_str_has_suffix (entry, ".py") || entry[0] == '.')
        continue;
      g_file_get_contents (from, &contents, &length, &error);
      g_assert_no_error (error);
      g_file_set_contents (to, contents, length, &error);
      g_assert_no_error (error);
    }

  f->window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 560);
  overlay = adw_toast_overlay_new ();
  f->page = BERTH_MIGRATIONS_PAGE (berth_migrations_page_new ());
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->page));
  adw_window_set_content (ADW_WINDOW (f->window), overlay);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *entry;

  if (dir != NULL)
    while ((entry = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, entry, NULL);

        rm_rf (child);
      }
  g_remove (path);
}

static void
fixture_teardown (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  rm_rf (f->tmp);
  g_free (f->migrations);
  g_free (f->tmp);
}

static gboolean
timed_out_cb (gpointer data)
{
  g_error ("timed out waiting for %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until condition holds, and a few more frames so the
 * list has bound and laid out its rows. */
#define WAIT_FOR(condition, what)                                         \
  G_STMT_START {                                                          \
    guint _timeout = g_timeout_add_seconds (20, timed_out_cb, (gpointer) what); \
    while (!(condition))                                                  \
      g_main_context_iteration (NULL, TRUE);                              \
    g_source_remove (_timeout);                                           \
    settle ();                                                            \
  } G_STMT_END

static void
settle (void)
{
  for (guint i = 0; i < 20; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5 * 1000);
    }
}

static void
load (Fixture *f)
{
  berth_migrations_page_set_migrations_dir (f->page, f->migrations);
  WAIT_FOR (!berth_migrations_page_is_loading (f->page) && berth_migrations_page_get_graph (f->page) != NULL,
            "the revisions");
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (BERTH_IS_REVISION_ROW (widget))
    {
      if (berth_revision_row_get_node (BERTH_REVISION_ROW (widget)) != NULL && gtk_widget_get_mapped (widget))
        g_ptr_array_add (rows, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  BerthMigrationNode *na = berth_revision_row_get_node (*(BerthRevisionRow **) a);
  BerthMigrationNode *nb = berth_revision_row_get_node (*(BerthRevisionRow **) b);

  return (int) berth_migration_node_get_row (na) - (int) berth_migration_node_get_row (nb);
}

/* The rows on screen, top to bottom. */
static GPtrArray *
shown_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (berth_migrations_page_get_list_view (f->page)), rows);
  g_ptr_array_sort (rows, compare_rows);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpuint (berth_migration_node_get_row (berth_revision_row_get_node (g_ptr_array_index (rows, i))), ==, i);
  return rows;
}

static BerthRevisionRow *
row_at (GPtrArray *rows, guint i)
{
  g_assert_cmpuint (i, <, rows->len);
  return g_ptr_array_index (rows, i);
}

static void
assert_badges (BerthRevisionRow *row,
               const char       *expected)
{
  g_auto(GStrv) badges = berth_revision_row_dup_badges (row);
  g_autofree char *joined = g_strjoinv (",", badges);

  g_assert_cmpstr (joined, ==, expected);
}

static void
assert_row (GPtrArray  *rows,
            guint       i,
            const char *short_id,
            const char *message,
            guint       lane,
            const char *badges)
{
  BerthRevisionRow *row = row_at (rows, i);
  BerthRevisionGraphCell *cell = berth_revision_row_get_graph_cell (row);

  g_assert_cmpstr (berth_revision_row_get_short_id_text (row), ==, short_id);
  g_assert_cmpstr (berth_revision_row_get_message_text (row), ==, message);
  g_assert_cmpuint (berth_revision_graph_cell_get_lane (cell), ==, lane);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (cell)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (cell)), >=, 18 * (int) berth_revision_graph_cell_get_n_lanes (cell));
  assert_badges (row, badges);
}

static void
screenshot (Fixture *f, const char *name)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *dark = g_strconcat (name, "-dark", NULL);

  berth_ui_test_save_png (f->window, name);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  settle ();
  berth_ui_test_save_png (f->window, dark);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  settle ();
}

static void
test_linear (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter cursor;
  g_autofree char *text = NULL;
  g_autofree char *state = NULL;

  fixture_setup (&f, "linear");
  load (&f);

  rows = shown_rows (&f);
  g_assert_cmpuint (rows->len, ==, 3);
  assert_row (rows, 0, "3c4d5e6f7081", "add users.is_admin", 0, "head");
  assert_row (rows, 1, "2b3c4d5e6f70", "add probes table", 0, "");
  assert_row (rows, 2, "1a2b3c4d5e6f", "create users table", 0, "base");
  g_assert_cmpuint (berth_revision_graph_cell_get_n_lanes (berth_revision_row_get_graph_cell (row_at (rows, 0))), ==, 1);
  /* One line between each pair of rows. */
  g_assert_cmpuint (berth_revision_graph_cell_get_n_lines_above (berth_revision_row_get_graph_cell (row_at (rows, 0))), ==, 0);
  g_assert_cmpuint (berth_revision_graph_cell_get_n_lines_below (berth_revision_row_get_graph_cell (row_at (rows, 0))), ==, 1);
  g_assert_cmpuint (berth_revision_graph_cell_get_n_lines_above (berth_revision_row_get_graph_cell (row_at (rows, 2))), ==, 1);
  g_assert_cmpuint (berth_revision_graph_cell_get_n_lines_below (berth_revision_row_get_graph_cell (row_at (rows, 2))), ==, 0);

  /* Files alone: no database side, no problem. */
  g_assert_false (gtk_revealer_get_reveal_child (berth_migrations_page_get_problem_banner (f.page)));
  state = g_ascii_strdown (gtk_label_get_label (berth_migrations_page_get_state_label (f.page)), -1);
  g_assert_nonnull (strstr (state, "files only"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (berth_migrations_page_get_problem_button (f.page))) &&
                  gtk_widget_get_visible (GTK_WIDGET (berth_migrations_page_get_problem_button (f.page))));

  /* Details and source, scrolled to upgrade(). */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (berth_migrations_page_get_details_stack (f.page)), ==, "none");
  berth_migrations_page_select_revision (f.page, "2b3c4d5e6f70");
  WAIT_FOR (!berth_migrations_page_is_source_loading (f.page), "the source");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (berth_migrations_page_get_details_stack (f.page)), ==, "details");
  g_assert_cmpstr (gtk_label_get_label (berth_migrations_page_get_detail_label (f.page, "revision")), ==, "2b3c4d5e6f70");
  g_assert_cmpstr (gtk_label_get_label (berth_migrations_page_get_detail_label (f.page, "parents")), ==, "1a2b3c4d5e6f");
  g_assert_cmpstr (gtk_label_get_label (berth_migrations_page_get_detail_label (f.page, "children")), ==, "3c4d5e6f7081");
  g_assert_true (g_str_has_suffix (gtk_label_get_label (berth_migrations_page_get_detail_label (f.page, "path")),
                                   "/migrations/versions/2b3c4d5e6f70_add_probes_table.py"));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (berth_migrations_page_get_detail_label (f.page, "date")), "20"));

  buffer = GTK_TEXT_BUFFER (berth_migrations_page_get_source_buffer (f.page));
  g_object_get (buffer, "text", &text, NULL);
  g_assert_nonnull (strstr (text, "revision = \"2b3c4d5e6f70\""));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (buffer))), ==, "python3");
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  {
    GtkTextIter end = cursor;

    gtk_text_iter_forward_chars (&end, 11);
    g_autofree char *at = gtk_text_iter_get_text (&cursor, &end);
    g_assert_cmpstr (at, ==, "def upgrade");
  }

  /* def upgrade() is below the first screenful: the view scrolled to it. */
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f.page->source_view))), >, 0.0);

  screenshot (&f, "migrations-linear");
  fixture_teardown (&f);
}

static void
test_branched (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  BerthMigrationGraph *graph;

  fixture_setup (&f, "branched");
  load (&f);

  graph = berth_migrations_page_get_graph (f.page);
  rows = shown_rows (&f);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpuint (berth_revision_graph_cell_get_n_lanes (berth_revision_row_get_graph_cell (row_at (rows, 0))), ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      BerthRevisionRow *row = row_at (rows, i);

      /* What the widgets show is the core's layout, row by row. */
      g_assert_cmpuint (berth_revision_graph_cell_get_lane (berth_revision_row_get_graph_cell (row)), ==,
                        berth_migration_node_get_lane (berth_revision_row_get_node (row)));
    }
  /* *   e5f6a7b8c9d0 (head) add users.is_admin
   * *   d9e0f1a2b3c4 merge probes and reports
   * |\
   * * | b7c8d9e0f1a2 add probes table
   * | * c3d4e5f6a7b8 (reports) add reports
   * |/
   * *   a1b2c3d4e5f6 create users table */
  assert_row (rows, 0, "e5f6a7b8c9d0", "add users.is_admin", 0, "head");
  assert_row (rows, 1, "d9e0f1a2b3c4", "merge probes and reports", 0, "merge");
  assert_row (rows, 2, "b7c8d9e0f1a2", "add probes table", 0, "");
  assert_row (rows, 3, "c3d4e5f6a7b8", "add reports", 1, "");
  g_assert_cmpuint (berth_revision_graph_cell_get_n_lines_below (berth_revision_row_get_graph_cell (row_at (rows, 1))), ==, 2);
  g_assert_cmpuint (berth_revision_graph_cell_get_n_lines_above (berth_revision_row_get_graph_cell (row_at (rows, 4))), ==, 2);
  assert_badges (row_at (rows, 4), "branch,base");
  /* The two sides of the branch sit in different lanes. */
  g_assert_cmpuint (berth_revision_graph_cell_get_lane (berth_revision_row_get_graph_cell (row_at (rows, 2))), !=,
                    berth_revision_graph_cell_get_lane (berth_revision_row_get_graph_cell (row_at (rows, 3))));
  g_assert_false (gtk_revealer_get_reveal_child (berth_migrations_page_get_problem_banner (f.page)));

  /* The database side laid over the same graph: current on the merge,
   * the head pending; the rows and the banner follow. */
  {
    const char *current[] = { "d9e0f1a2b3c4", NULL };

    berth_migrations_page_select_revision (f.page, "d9e0f1a2b3c4");
    berth_migration_graph_set_database (graph, current, NULL);
    settle ();
    g_ptr_array_unref (rows);
    rows = shown_rows (&f);
    assert_badges (row_at (rows, 0), "pending,head");
    assert_badges (row_at (rows, 1), "current,merge");
    assert_badges (row_at (rows, 2), "applied");
    assert_badges (row_at (rows, 4), "branch,base,applied");
    g_assert_cmpstr (berth_migrations_page_get_selected (f.page), ==, "d9e0f1a2b3c4");
    g_assert_true (gtk_revealer_get_reveal_child (berth_migrations_page_get_problem_banner (f.page)));
    g_assert_cmpstr (gtk_button_get_label (berth_migrations_page_get_problem_button (f.page)), ==, "_Upgrade");
    /* No container to run it in. */
    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (berth_migrations_page_get_problem_button (f.page))));
    g_assert_nonnull (strstr (gtk_label_get_label (berth_migrations_page_get_state_label (f.page)), "d9e0f1a2b3c4"));
    WAIT_FOR (!berth_migrations_page_is_source_loading (f.page), "the source");
    g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f.page->source_view))), >, 0.0);
    screenshot (&f, "migrations-branched");
  }

  fixture_teardown (&f);
}

static void
test_two_heads (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  guint heads = 0;
  g_autofree char *message = NULL;

  fixture_setup (&f, "twoheads");
  load (&f);

  rows = shown_rows (&f);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      g_auto(GStrv) badges = berth_revision_row_dup_badges (row_at (rows, i));

      if (g_strv_contains ((const char * const *) badges, "head"))
        heads++;
    }
  g_assert_cmpuint (heads, ==, 2);
  g_assert_cmpuint (berth_revision_graph_cell_get_n_lanes (berth_revision_row_get_graph_cell (row_at (rows, 0))), ==, 2);
  assert_badges (row_at (rows, 2), "branch,base");

  g_assert_true (gtk_revealer_get_reveal_child (berth_migrations_page_get_problem_banner (f.page)));
  message = g_ascii_strdown (gtk_label_get_label (berth_migrations_page_get_problem_label (f.page)), -1);
  g_assert_nonnull (strstr (message, "head"));
  g_assert_cmpstr (gtk_button_get_label (berth_migrations_page_get_problem_button (f.page)), ==, "_Merge Heads");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (berth_migrations_page_get_problem_button (f.page))));

  berth_migrations_page_select_revision (f.page, "f0e1d2c3b4a5");
  WAIT_FOR (!berth_migrations_page_is_source_loading (f.page), "the source");
  /* Shown for the first time, filled, and still scrolled to upgrade(). */
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f.page->source_view))), >, 0.0);
  screenshot (&f, "migrations-two-heads");
  fixture_teardown (&f);
}

static void
reloaded_cb (BerthMigrationsPage *page,
             guint               *count)
{
  (*count)++;
}

static void
test_new_file_appears (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint reloaded = 0;
  const char *revision =
    "\"\"\"add probes interval\n"
    "\n"
    "Revision ID: 4d5e6f708192\n"
    "Revises: 3c4d5e6f7081\n"
    "Create Date: 2024-05-01 09:30:00.000000\n"
    "\n"
    "\"\"\"\n"
    "from alembic import op\n"
    "import sqlalchemy as sa\n"
    "\n"
    "revision = '4d5e6f708192'\n"
    "down_revision = '3c4d5e6f7081'\n"
    "branch_labels = None\n"
    "depends_on = None\n"
    "\n"
    "\n"
    "def upgrade():\n"
    "    op.add_column('probes', sa.Column('interval', sa.Integer(), nullable=True))\n"
    "\n"
    "\n"
    "def downgrade():\n"
    "    op.drop_column('probes', 'interval')\n";

  fixture_setup (&f, "linear");
  load (&f);
  g_signal_connect (f.page, "reloaded", G_CALLBACK (reloaded_cb), &reloaded);

  path = g_build_filename (f.migrations, "versions", "4d5e6f708192_add_probes_interval.py", NULL);
  g_file_set_contents (path, revision, -1, &error);
  g_assert_no_error (error);

  /* Nobody calls reload: the folder's monitor does. */
  WAIT_FOR (reloaded > 0 && !berth_migrations_page_is_loading (f.page) &&
            g_list_model_get_n_items (G_LIST_MODEL (berth_migrations_page_get_graph (f.page))) == 4,
            "the new revision");
  rows = shown_rows (&f);
  g_assert_cmpuint (rows->len, ==, 4);
  assert_row (rows, 0, "4d5e6f708192", "add probes interval", 0, "head");
  assert_row (rows, 1, "3c4d5e6f7081", "add users.is_admin", 0, "");

  /* And a removed one disappears. */
  reloaded = 0;
  g_assert_cmpint (g_remove (path), ==, 0);
  WAIT_FOR (reloaded > 0 && !berth_migrations_page_is_loading (f.page) &&
            g_list_model_get_n_items (G_LIST_MODEL (berth_migrations_page_get_graph (f.page))) == 3,
            "the removed revision");
  g_ptr_array_unref (rows);
  rows = shown_rows (&f);
  assert_row (rows, 0, "3c4d5e6f7081", "add users.is_admin", 0, "head");

  fixture_teardown (&f);
}

static void
test_no_folder (void)
{
  Fixture f = { 0 };

  g_autofree char *env = NULL;

  fixture_setup (&f, "linear");
  env = g_build_filename (f.migrations, "env.py", NULL);
  g_assert_true (g_file_set_contents (env, "# Flask-Migrate's env.py\n", -1, NULL));
  berth_migrations_page_set_project (f.page, NULL, NULL, NULL, f.tmp);
  WAIT_FOR (!berth_migrations_page_is_loading (f.page) && berth_migrations_page_get_graph (f.page) != NULL,
            "the revisions found from the project folder");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (berth_migrations_page_get_graph (f.page))), ==, 3);

  /* A folder without migrations: an explanation, not a crash. */
  berth_migrations_page_set_project (f.page, NULL, NULL, NULL, f.migrations);
  settle ();
  g_assert_null (berth_migrations_page_get_graph (f.page));
  fixture_teardown (&f);
}

int
main (int argc, char *argv[])
{
  berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/migrations-page/linear", test_linear);
  g_test_add_func ("/migrations-page/branched", test_branched);
  g_test_add_func ("/migrations-page/two-heads", test_two_heads);
  g_test_add_func ("/migrations-page/new-file-appears", test_new_file_appears);
  g_test_add_func ("/migrations-page/no-folder", test_no_folder);

  return g_test_run ();
}
