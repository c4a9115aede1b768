/* migrations-page-test.h: helpers of the Migrations page demo tests
 * (test-migrations-page-demo.c, test-migrations-review-demo.c), which read
 * what the page shows from its widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "berth-migrations-page-private.h"
#include "berth-revision-row.h"

static inline gboolean
timed_out_cb (gpointer data)
{
  g_error ("timed out waiting for %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* Lets pending work and redraws run for a moment. */
static inline void
settle (void)
{
  for (guint i = 0; i < 20; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5 * 1000);
    }
}

#define WAIT_FOR_SECONDS(condition, what, seconds)                                 \
  G_STMT_START {                                                                   \
    guint _timeout = g_timeout_add_seconds ((seconds), timed_out_cb, (gpointer) what); \
    while (!(condition))                                                           \
      g_main_context_iteration (NULL, TRUE);                                       \
    g_source_remove (_timeout);                                                    \
    settle ();                                                                     \
  } G_STMT_END

#define WAIT_FOR(condition, what) WAIT_FOR_SECONDS (condition, what, 300)

static inline void
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

/* The badges of the row showing revision, as the widget shows them. */
static inline char *
badges_of (BerthMigrationsPage *page,
           const char          *revision)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (berth_migrations_page_get_list_view (page)), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      BerthRevisionRow *row = g_ptr_array_index (rows, i);

      if (g_str_equal (berth_migration_node_get_revision (berth_revision_row_get_node (row)), revision))
        {
          g_auto(GStrv) badges = berth_revision_row_dup_badges (row);

          return g_strjoinv (",", badges);
        }
    }
  g_error ("no row shows %s", revision);
  return NULL;
}

static inline void
assert_badges (BerthMigrationsPage *page,
               const char          *revision,
               const char          *expected)
{
  g_autofree char *badges = badges_of (page, revision);

  g_assert_cmpstr (badges, ==, expected);
}

/* The page has loaded and knows where the database is. */
static inline gboolean
page_settled (BerthMigrationsPage *page)
{
  BerthMigrationGraph *graph = berth_migrations_page_get_graph (page);

  return !berth_migrations_page_is_loading (page) && graph != NULL &&
         berth_migration_graph_get_database_known (graph);
}

/* The database is at revision, as far as the page knows. */
static inline gboolean
current_is (BerthMigrationsPage *page,
            const char          *revision)
{
  const char * const *current;

  if (!page_settled (page))
    return FALSE;
  current = berth_migration_graph_get_current (berth_migrations_page_get_graph (page));
  return current != NULL && current[0] != NULL && g_str_equal (current[0], revision) && current[1] == NULL;
}
