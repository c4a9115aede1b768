/* berth-migrations-page-details.c: the Migrations page's details pane:
 * the selected revision's ids, date and file, and its source with Python
 * highlighting (GtkSourceView), scrolled to upgrade().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-migrations-page-private.h"

static char *
join_revisions (const char * const *revisions,
                const char         *none)
{
  if (revisions == NULL || revisions[0] == NULL)
    return g_strdup (none);
  return g_strjoinv ("\n", (char **) revisions);
}

static void
scroll_to_upgrade (BerthMigrationsPage *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->source_buffer);
  GtkTextIter start, match;

  gtk_text_buffer_get_start_iter (buffer, &start);
  if (!gtk_text_iter_forward_search (&start, "def upgrade", GTK_TEXT_SEARCH_TEXT_ONLY, &match, NULL, NULL))
    match = start;
  gtk_text_buffer_place_cursor (buffer, &match);
  self->scroll_pending = TRUE;
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view), gtk_text_buffer_get_insert (buffer),
                                0.0, TRUE, 0.0, 0.1);
}

/* A view that was just shown or filled measures its lines over several
 * frames, and a scroll asked for before that can land short: try again
 * each time the scrollable range changes, until the line is in view. */
static gboolean
scroll_idle_cb (gpointer user_data)
{
  BerthMigrationsPage *self = user_data;
  GtkTextView *view = GTK_TEXT_VIEW (self->source_view);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->source_buffer);
  GdkRectangle visible, location;
  GtkTextIter cursor;

  self->scroll_idle = 0;
  if (!self->scroll_pending)
    return G_SOURCE_REMOVE;

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  gtk_text_view_get_iter_location (view, &cursor, &location);
  if (visible.height > 0 && location.y >= visible.y && location.y + location.height <= visible.y + visible.height)
    self->scroll_pending = FALSE;
  else
    gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (buffer), 0.0, TRUE, 0.0, 0.1);
  return G_SOURCE_REMOVE;
}

static void
source_range_changed_cb (BerthMigrationsPage *self)
{
  if (self->scroll_pending && self->scroll_idle == 0)
    self->scroll_idle = g_idle_add (scroll_idle_cb, self);
}

static void
source_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BerthMigrationsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->source_cancellable);
      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->source_buffer), error->message, -1);
      return;
    }
  g_clear_object (&self->source_cancellable);

  if (!g_utf8_validate (contents, length, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (contents, length);

      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->source_buffer), valid, -1);
    }
  else
    gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->source_buffer), contents, length);
  scroll_to_upgrade (self);
}

void
berth_migrations_page_update_details (BerthMigrationsPage *self)
{
  BerthMigrationNode *node = berth_migrations_page_get_selected_node (self);
  g_autofree char *parents = NULL;
  g_autofree char *children = NULL;
  const char *message, *path;

  if (node == NULL)
    {
      gtk_stack_set_visible_child_name (self->details_stack, "none");
      return;
    }

  message = berth_migration_node_get_message (node);
  gtk_label_set_label (self->details_title, message != NULL && *message != '\0' ? message : _("(no message)"));
  gtk_label_set_label (self->revision_label, berth_migration_node_get_revision (node));
  parents = join_revisions (berth_migration_node_get_parents (node), _("None (a base revision)"));
  gtk_label_set_label (self->parents_label, parents);
  children = join_revisions (berth_migration_node_get_children (node), _("None (a head)"));
  gtk_label_set_label (self->children_label, children);
  gtk_label_set_label (self->date_label, berth_migration_node_get_date (node) != NULL
                                         ? berth_migration_node_get_date (node) : _("Unknown"));

  path = berth_migration_node_get_path (node);
  if (path != NULL)
    {
      gtk_label_set_label (self->path_label, path);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->path_label), path);
    }
  else
    {
      const char *in_container = berth_migration_node_get_container_path (node);
      g_autofree char *text = in_container != NULL
        ? g_strdup_printf (_("Missing on the host (in the container: %s)"), in_container)
        : g_strdup (_("Missing on the host"));

      gtk_label_set_label (self->path_label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->path_label), text);
    }

  g_cancellable_cancel (self->source_cancellable);
  g_clear_object (&self->source_cancellable);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->source_buffer), "", 0);
  self->scroll_pending = FALSE;
  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      self->source_cancellable = g_cancellable_new ();
      g_file_load_contents_async (file, self->source_cancellable, source_loaded_cb, g_object_ref (self));
    }

  gtk_stack_set_visible_child_name (self->details_stack, "details");
}

static void
update_style_scheme (BerthMigrationsPage *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleScheme *scheme =
    gtk_source_style_scheme_manager_get_scheme (gtk_source_style_scheme_manager_get_default (),
                                                adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita");

  gtk_source_buffer_set_style_scheme (self->source_buffer, scheme);
}

void
berth_migrations_page_init_details (BerthMigrationsPage *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceLanguage *python;

  python = gtk_source_language_manager_get_language (languages, "python3");
  if (python == NULL)
    python = gtk_source_language_manager_get_language (languages, "python");
  self->source_buffer = gtk_source_buffer_new_with_language (python);
  gtk_source_buffer_set_highlight_syntax (self->source_buffer, TRUE);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->source_view), GTK_TEXT_BUFFER (self->source_buffer));
  update_style_scheme (self);
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->source_view)), "changed",
                           G_CALLBACK (source_range_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
}
