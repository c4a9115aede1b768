/* berth-migrations-page.c: the Migrations page.
 *
 * The graph comes from the core: the files of migrations/versions/ read in
 * a worker thread, then, when there is a runner, the same files overlaid
 * with the database's side (loaded through the running container).  The
 * page only shows that model and calls the runner; it never works out the
 * history itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-migration-locate.h"
#include "berth-migrations-page-private.h"
#include "berth-revision-row.h"

/* Editors write a file in several steps; one reload for all of them. */
#define RELOAD_DELAY_MS 300


G_DEFINE_FINAL_TYPE (BerthMigrationsPage, berth_migrations_page, GTK_TYPE_WIDGET)

enum { RELOADED, RUN_WORKFLOW, N_SIGNALS };
static guint signals[N_SIGNALS];

static void load_files    (BerthMigrationsPage *self,
                           gboolean             then_database);
static void load_database (BerthMigrationsPage *self);

/* --- presenting -------------------------------------------------------- */

BerthMigrationNode *
berth_migrations_page_get_selected_node (BerthMigrationsPage *self)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (self->list_view));

  if (selection == NULL)
    return NULL;
  return gtk_single_selection_get_selected_item (selection);
}

static gboolean
database_known (BerthMigrationsPage *self)
{
  return self->graph != NULL && berth_migration_graph_get_database_known (self->graph);
}

static guint
count_heads (BerthMigrationsPage *self)
{
  g_auto(GStrv) heads = NULL;

  if (self->graph == NULL)
    return 0;
  heads = berth_migration_graph_dup_heads (self->graph);
  return g_strv_length (heads);
}

static void
update_actions (BerthMigrationsPage *self)
{
  BerthMigrationNode *node = berth_migrations_page_get_selected_node (self);
  gboolean can_run = self->runner != NULL && !self->busy && database_known (self);
  gboolean applied = node != NULL && berth_migration_node_has_flag (node, BERTH_MIGRATION_NODE_APPLIED);
  gboolean current = node != NULL && berth_migration_node_has_flag (node, BERTH_MIGRATION_NODE_CURRENT);
  gboolean can_merge = can_run && count_heads (self) > 1;
  gboolean can_fix = FALSE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "migrations.upgrade", can_run && node != NULL && !applied);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "migrations.downgrade", can_run && applied && !current);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "migrations.stamp", can_run && node != NULL && !current);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "migrations.merge", can_merge);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "migrations.open-file",
                                 node != NULL && berth_migration_node_get_path (node) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "migrations.reload", self->migrations_dir != NULL && !self->busy);

  if (self->has_fix && self->fix_kind == BERTH_MIGRATION_PROBLEM_MULTIPLE_HEADS)
    can_fix = can_merge;
  else if (self->has_fix && self->fix_kind == BERTH_MIGRATION_PROBLEM_PENDING)
    can_fix = can_run;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "migrations.fix", can_fix);

  gtk_spinner_set_spinning (self->spinner, self->loading || self->busy);
}

static void
update_state_label (BerthMigrationsPage *self)
{
  g_autofree char *text = NULL;

  if (self->migrations_dir == NULL)
    text = g_strdup ("");
  else if (self->busy)
    text = g_strdup (_("Running…"));
  else if (self->graph == NULL)
    text = g_strdup (self->loading ? _("Reading the revisions…") : "");
  else if (database_known (self))
    {
      const char * const *current = berth_migration_graph_get_current (self->graph);
      g_auto(GStrv) pending = berth_migration_graph_dup_pending (self->graph);
      g_autofree char *where = NULL;

      if (current == NULL || current[0] == NULL)
        where = g_strdup (_("The database has no revision applied"));
      else
        {
          g_autoptr(GString) ids = g_string_new (NULL);

          for (guint i = 0; current[i] != NULL; i++)
            {
              BerthMigrationNode *node = berth_migration_graph_lookup (self->graph, current[i]);

              if (i > 0)
                g_string_append (ids, ", ");
              g_string_append (ids, node != NULL ? berth_migration_node_get_short_id (node) : current[i]);
            }
          /* Translators: %s is one or more revision ids */
          where = g_strdup_printf (_("Database at %s"), ids->str);
        }
      if (pending[0] != NULL)
        /* Translators: "Database at 1a2b3c4d5e6f · 2 pending" */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u pending", "%s · %u pending", g_strv_length (pending)),
                                where, g_strv_length (pending));
      else
        text = g_steal_pointer (&where);
    }
  else if (self->loading && self->runner != NULL)
    text = g_strdup (_("Reading the database…"));
  else if (self->db_error != NULL)
    text = g_strdup_printf (_("From the files only: %s"), self->db_error);
  else
    text = g_strdup (_("From the files only: start the services to see the database"));

  gtk_label_set_label (self->state_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_label), text);
}

static void
update_banner (BerthMigrationsPage *self)
{
  GPtrArray *problems = self->graph != NULL ? berth_migration_graph_get_problems (self->graph) : NULL;
  const BerthMigrationProblem *problem;
  g_autoptr(GString) tooltip = NULL;

  self->has_fix = FALSE;
  if (problems == NULL || problems->len == 0)
    {
      gtk_revealer_set_reveal_child (self->problem_banner, FALSE);
      update_actions (self);
      return;
    }

  problem = g_ptr_array_index (problems, 0);
  gtk_label_set_label (self->problem_label, problem->message);
  gtk_label_set_label (self->problem_fix_label, problem->fix != NULL ? problem->fix : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_fix_label), problem->fix != NULL && *problem->fix != '\0');

  /* The banner shows the most serious problem; the others are a hover away. */
  tooltip = g_string_new (NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      const BerthMigrationProblem *p = g_ptr_array_index (problems, i);

      if (i > 0)
        g_string_append_c (tooltip, '\n');
      g_string_append_printf (tooltip, "• %s", p->message);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->problem_label), tooltip->str);

  self->fix_kind = problem->kind;
  switch (problem->kind)
    {
    case BERTH_MIGRATION_PROBLEM_MULTIPLE_HEADS:
      self->has_fix = TRUE;
      gtk_button_set_label (self->problem_fix_button, _("_Merge Heads"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->problem_fix_button),
                                   self->runner != NULL && database_known (self)
                                   ? _("Create a revision that joins every head")
                                   : _("Start the services to merge the heads"));
      break;
    case BERTH_MIGRATION_PROBLEM_PENDING:
      self->has_fix = TRUE;
      gtk_button_set_label (self->problem_fix_button, _("_Upgrade"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->problem_fix_button), _("Apply the pending revisions"));
      break;
    case BERTH_MIGRATION_PROBLEM_UNREADABLE_FILE:
    case BERTH_MIGRATION_PROBLEM_DUPLICATE:
    case BERTH_MIGRATION_PROBLEM_UNKNOWN_PARENT:
    case BERTH_MIGRATION_PROBLEM_CYCLE:
    case BERTH_MIGRATION_PROBLEM_UNKNOWN_CURRENT:
    case BERTH_MIGRATION_PROBLEM_NOT_ON_HOST:
    default:
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problem_fix_button), self->has_fix);
  gtk_revealer_set_reveal_child (self->problem_banner, TRUE);
  update_actions (self);
}

static void
selection_changed_cb (GtkSingleSelection  *selection,
                      GParamSpec          *pspec,
                      BerthMigrationsPage *self)
{
  BerthMigrationNode *node = gtk_single_selection_get_selected_item (selection);
  g_autofree char *previous = g_steal_pointer (&self->selected);

  self->selected = node != NULL ? g_strdup (berth_migration_node_get_revision (node)) : NULL;
  /* The graph re-binds its items when the database side changes; only a
   * different revision needs its source read again. */
  if (g_strcmp0 (previous, self->selected) != 0 ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->details_stack), "none") == 0)
    berth_migrations_page_update_details (self);
  update_actions (self);
}

/* The database side was laid over the graph shown (set_database()): the
 * rows re-bind by themselves, the rest follows here. */
static void
graph_changing_cb (BerthMigrationsPage *self)
{
  g_free (self->restore);
  self->restore = g_strdup (self->selected);
}

static void
graph_changed_cb (BerthMigrationsPage *self)
{
  g_autofree char *restore = g_steal_pointer (&self->restore);

  if (restore != NULL)
    berth_migrations_page_select_revision (self, restore);
  berth_migrations_page_update_details (self);
  update_banner (self);
  update_state_label (self);
}

static void
set_graph (BerthMigrationsPage *self,
           BerthMigrationGraph *graph)
{
  g_autoptr(GtkSingleSelection) selection = NULL;
  GtkSingleSelection *old = GTK_SINGLE_SELECTION (gtk_list_view_get_model (self->list_view));
  g_autofree char *keep = g_strdup (self->selected);

  if (old != NULL)
    g_signal_handlers_disconnect_by_func (old, selection_changed_cb, self);
  if (self->graph != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->graph, graph_changing_cb, self);
      g_signal_handlers_disconnect_by_func (self->graph, graph_changed_cb, self);
    }

  g_set_object (&self->graph, graph);
  /* Before the selection model sees the change, and after. */
  if (graph != NULL)
    g_signal_connect_swapped (graph, "items-changed", G_CALLBACK (graph_changing_cb), self);

  selection = gtk_single_selection_new (graph != NULL ? g_object_ref (G_LIST_MODEL (graph)) : NULL);
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  if (keep != NULL && graph != NULL)
    {
      BerthMigrationNode *node = berth_migration_graph_lookup (graph, keep);

      if (node != NULL)
        gtk_single_selection_set_selected (selection, berth_migration_node_get_row (node));
    }
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect (selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  if (graph != NULL)
    g_signal_connect_swapped (graph, "items-changed", G_CALLBACK (graph_changed_cb), self);

  if (graph != NULL && g_list_model_get_n_items (G_LIST_MODEL (graph)) > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else
    {
      if (self->migrations_dir != NULL && graph != NULL)
        {
          adw_status_page_set_title (self->empty_page, _("No Revisions Yet"));
          adw_status_page_set_description (self->empty_page,
                                           _("migrations/versions has no revision files. Migrate creates the first one."));
        }
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }

  selection_changed_cb (selection, NULL, self);
  update_banner (self);
  update_state_label (self);
}

static void
finish_loading (BerthMigrationsPage *self)
{
  self->loading = FALSE;
  update_actions (self);
  update_state_label (self);
  g_signal_emit (self, signals[RELOADED], 0);
}

void
berth_migrations_page_emit_run_workflow (BerthMigrationsPage *self,
                                         BerthWorkflow       *workflow)
{
  g_signal_emit (self, signals[RUN_WORKFLOW], 0, workflow);
}

void
berth_migrations_page_set_busy (BerthMigrationsPage *self,
          gboolean             busy)
{
  self->busy = busy;
  update_actions (self);
  update_state_label (self);
}

/* --- loading ----------------------------------------------------------- */

static void
read_files_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_autofree char *versions = g_build_filename (task_data, "versions", NULL);
  GError *error = NULL;
  BerthMigrationGraph *graph = berth_migration_graph_new_from_dir (versions, &error);

  if (graph == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, graph, g_object_unref);
}

static void
files_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BerthMigrationsPage *self = BERTH_MIGRATIONS_PAGE (object);
  g_autoptr(BerthMigrationGraph) graph = NULL;
  g_autoptr(GError) error = NULL;
  gboolean then_database = GPOINTER_TO_INT (user_data);

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  graph = g_task_propagate_pointer (G_TASK (result), &error);
  if (graph == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("Cannot Read the Migrations"));
      adw_status_page_set_description (self->empty_page, error->message);
      set_graph (self, NULL);
      finish_loading (self);
      return;
    }

  set_graph (self, graph);
  if (then_database && self->runner != NULL)
    load_database (self);
  else
    finish_loading (self);
}

static void
load_files (BerthMigrationsPage *self,
            gboolean             then_database)
{
  g_autoptr(GTask) task = g_task_new (self, self->load_cancellable, files_loaded_cb, GINT_TO_POINTER (then_database));

  g_task_set_source_tag (task, load_files);
  g_task_set_task_data (task, g_strdup (self->migrations_dir), g_free);
  g_task_run_in_thread (task, read_files_thread);
}

static void
database_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BerthMigrationsPage) self = user_data;
  g_autoptr(BerthMigrationGraph) graph = NULL;
  g_autoptr(GError) error = NULL;

  graph = berth_migration_runner_load_graph_finish (BERTH_MIGRATION_RUNNER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self->load_cancellable == NULL || g_cancellable_is_cancelled (self->load_cancellable) ||
      BERTH_MIGRATION_RUNNER (object) != self->runner)
    return;

  if (graph == NULL)
    {
      gboolean had_database = database_known (self);

      g_free (self->db_error);
      self->db_error = g_strdup (error->message);
      /* The graph shown still carries the previous database state: go
       * back to the files alone. */
      if (had_database)
        load_files (self, FALSE);
      else
        finish_loading (self);
      return;
    }

  g_clear_pointer (&self->db_error, g_free);
  set_graph (self, graph);
  finish_loading (self);
}

static void
load_database (BerthMigrationsPage *self)
{
  berth_migration_runner_load_graph_async (self->runner, self->load_cancellable,
                                           database_loaded_cb, g_object_ref (self));
}

void
berth_migrations_page_reload (BerthMigrationsPage *self)
{
  g_return_if_fail (BERTH_IS_MIGRATIONS_PAGE (self));

  g_clear_handle_id (&self->reload_timeout, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->migrations_dir == NULL)
    {
      set_graph (self, NULL);
      finish_loading (self);
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  self->loading = TRUE;
  update_actions (self);
  update_state_label (self);

  /* With the database already shown, go straight to it: showing the files
   * alone in between would make the badges flicker. */
  if (self->runner != NULL && database_known (self))
    load_database (self);
  else
    load_files (self, TRUE);
}

static gboolean
reload_timeout_cb (gpointer user_data)
{
  BerthMigrationsPage *self = user_data;

  self->reload_timeout = 0;
  berth_migrations_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
versions_changed_cb (GFileMonitor        *monitor,
                     GFile               *file,
                     GFile               *other_file,
                     GFileMonitorEvent    event,
                     BerthMigrationsPage *self)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    case G_FILE_MONITOR_EVENT_RENAMED:
      break;
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      return;
    }

  g_clear_handle_id (&self->reload_timeout, g_source_remove);
  self->reload_timeout = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

/* The migration service as the live list sees it: its state and health
 * packed in one number, -1 when it has no container. */
static int
service_seen (BerthMigrationsPage *self)
{
  BerthServiceStatus *status;

  if (self->service_list == NULL || self->runner == NULL)
    return -1;
  status = berth_service_list_lookup (self->service_list, berth_migration_runner_get_service (self->runner));
  if (status == NULL)
    return -1;
  return (int) berth_service_status_get_state (status) * 16 + (int) berth_service_status_get_health (status);
}

static void
services_changed_cb (BerthMigrationsPage *self)
{
  int seen = service_seen (self);

  if (seen == self->service_seen)
    return;
  self->service_seen = seen;
  /* Started, stopped or healthy: the database side may have appeared,
   * gone, or moved (the demo's api upgrades when it starts). */
  g_clear_handle_id (&self->reload_timeout, g_source_remove);
  self->reload_timeout = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

void
berth_migrations_page_set_service_list (BerthMigrationsPage *self,
                                        BerthServiceList    *list)
{
  g_return_if_fail (BERTH_IS_MIGRATIONS_PAGE (self));
  g_return_if_fail (list == NULL || BERTH_IS_SERVICE_LIST (list));

  if (self->service_list != NULL)
    g_signal_handlers_disconnect_by_func (self->service_list, services_changed_cb, self);
  g_set_object (&self->service_list, list);
  self->service_seen = service_seen (self);
  if (list != NULL)
    {
      g_signal_connect_swapped (list, "event", G_CALLBACK (services_changed_cb), self);
      g_signal_connect_swapped (list, "reconciled", G_CALLBACK (services_changed_cb), self);
    }
}

static void
watch_versions (BerthMigrationsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) versions = NULL;

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->monitor, versions_changed_cb, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->migrations_dir == NULL)
    return;

  versions = g_file_new_build_filename (self->migrations_dir, "versions", NULL);
  self->monitor = g_file_monitor_directory (versions, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      /* Still usable: reload by hand and after every action. */
      g_debug ("Cannot watch %s: %s", g_file_peek_path (versions), error->message);
      return;
    }
  g_signal_connect (self->monitor, "changed", G_CALLBACK (versions_changed_cb), self);
}

/* --- list rows --------------------------------------------------------- */

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          BerthMigrationsPage      *self)
{
  gtk_list_item_set_child (item, berth_revision_row_new ());
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         BerthMigrationsPage      *self)
{
  berth_revision_row_set_node (BERTH_REVISION_ROW (gtk_list_item_get_child (item)),
                               self->graph, gtk_list_item_get_item (item));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           BerthMigrationsPage      *self)
{
  berth_revision_row_set_node (BERTH_REVISION_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

/* --- GObject ----------------------------------------------------------- */

static void
berth_migrations_page_dispose (GObject *object)
{
  BerthMigrationsPage *self = BERTH_MIGRATIONS_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->reload_timeout, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  /* A running operation goes on in the window's panel; only the page
   * stops listening. */
  berth_migrations_page_forget_workflow (self);
  g_cancellable_cancel (self->source_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->source_cancellable);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->monitor, versions_changed_cb, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->list_view != NULL && gtk_list_view_get_model (self->list_view) != NULL)
    g_signal_handlers_disconnect_by_func (gtk_list_view_get_model (self->list_view), selection_changed_cb, self);

  g_clear_handle_id (&self->scroll_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_MIGRATIONS_PAGE);
  /* The template's unnamed top-level box too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->source_buffer);
  if (self->graph != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->graph, graph_changing_cb, self);
      g_signal_handlers_disconnect_by_func (self->graph, graph_changed_cb, self);
    }
  g_clear_object (&self->graph);
  g_clear_object (&self->runner);
  if (self->service_list != NULL)
    g_signal_handlers_disconnect_by_func (self->service_list, services_changed_cb, self);
  g_clear_object (&self->service_list);

  G_OBJECT_CLASS (berth_migrations_page_parent_class)->dispose (object);
}

static void
berth_migrations_page_finalize (GObject *object)
{
  BerthMigrationsPage *self = BERTH_MIGRATIONS_PAGE (object);

  g_free (self->migrations_dir);
  g_free (self->selected);
  g_free (self->restore);
  g_free (self->db_error);

  G_OBJECT_CLASS (berth_migrations_page_parent_class)->finalize (object);
}

static void
berth_migrations_page_class_init (BerthMigrationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_migrations_page_dispose;
  object_class->finalize = berth_migrations_page_finalize;

  /* ::reloaded: a reload (files, then the database) has finished. */
  signals[RELOADED] = g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* ::run-workflow: an action of the page (upgrade, downgrade, stamp,
   * merge, the banner's fix) as a BerthWorkflow, for the window to run in
   * its panel.  The page follows the workflow's events and reloads when
   * it finishes; a workflow nobody started is dropped. */
  signals[RUN_WORKFLOW] = g_signal_new ("run-workflow", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, BERTH_TYPE_WORKFLOW);

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/berth/Berth/ui/berth-migrations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, problem_banner);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, problem_fix_label);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, problem_fix_button);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, details_title);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, revision_label);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, parents_label);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, children_label);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, path_label);
  gtk_widget_class_bind_template_child (widget_class, BerthMigrationsPage, source_view);

  berth_migrations_page_class_install_actions (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "migrations-page");
}

static void
berth_migrations_page_init (BerthMigrationsPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->service_seen = -1;

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  berth_migrations_page_init_details (self);

  adw_status_page_set_title (self->empty_page, _("No Migrations Folder"));
  adw_status_page_set_description (self->empty_page,
                                   _("Open a project whose backend has a Flask-Migrate migrations folder."));
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
  update_actions (self);
}

/* --- public ------------------------------------------------------------ */

GtkWidget *
berth_migrations_page_new (void)
{
  return g_object_new (BERTH_TYPE_MIGRATIONS_PAGE, NULL);
}

static void
set_dir (BerthMigrationsPage *self,
         const char          *migrations_dir)
{
  if (g_strcmp0 (self->migrations_dir, migrations_dir) != 0)
    {
      g_free (self->migrations_dir);
      self->migrations_dir = g_strdup (migrations_dir);
      g_clear_pointer (&self->selected, g_free);
      watch_versions (self);
    }
  g_clear_pointer (&self->db_error, g_free);
  /* A new source: the old graph says nothing about it. */
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  set_graph (self, NULL);
  berth_migrations_page_reload (self);
}

void
berth_migrations_page_set_migrations_dir (BerthMigrationsPage *self,
                                          const char          *migrations_dir)
{
  g_return_if_fail (BERTH_IS_MIGRATIONS_PAGE (self));

  g_clear_object (&self->runner);
  set_dir (self, migrations_dir);
}

void
berth_migrations_page_set_runner (BerthMigrationsPage  *self,
                                  BerthMigrationRunner *runner)
{
  g_return_if_fail (BERTH_IS_MIGRATIONS_PAGE (self));
  g_return_if_fail (runner == NULL || BERTH_IS_MIGRATION_RUNNER (runner));

  g_set_object (&self->runner, runner);
  self->service_seen = service_seen (self);
  set_dir (self, runner != NULL ? berth_migration_runner_get_migrations_dir (runner) : NULL);
}

void
berth_migrations_page_set_project (BerthMigrationsPage *self,
                                   BerthEngine         *engine,
                                   BerthComposeProject *project,
                                   const char          *service,
                                   const char          *project_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  BerthComposeService *found = NULL;

  g_return_if_fail (BERTH_IS_MIGRATIONS_PAGE (self));

  if (engine != NULL && project != NULL)
    {
      g_autoptr(BerthMigrationRunner) runner =
        berth_migration_runner_new_for_project (engine, project, service, &error);

      if (runner != NULL)
        {
          berth_migrations_page_set_runner (self, runner);
          return;
        }
      g_clear_error (&error);
    }

  if (project != NULL)
    {
      found = berth_migration_find_service (project, service, &error);
      g_clear_error (&error);
    }
  dir = berth_migration_find_folder (project_dir, project, found, &error);
  if (dir == NULL)
    {
      berth_migrations_page_set_migrations_dir (self, NULL);
      adw_status_page_set_title (self->empty_page, _("No Migrations Folder"));
      adw_status_page_set_description (self->empty_page, error->message);
      return;
    }
  berth_migrations_page_set_migrations_dir (self, dir);
}

gboolean
berth_migrations_page_is_loading (BerthMigrationsPage *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATIONS_PAGE (self), FALSE);
  return self->loading || self->busy;
}

BerthMigrationGraph *
berth_migrations_page_get_graph (BerthMigrationsPage *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATIONS_PAGE (self), NULL);
  return self->graph;
}

void
berth_migrations_page_select_revision (BerthMigrationsPage *self,
                                       const char          *revision)
{
  GtkSingleSelection *selection;
  BerthMigrationNode *node;

  g_return_if_fail (BERTH_IS_MIGRATIONS_PAGE (self));

  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (self->list_view));
  if (selection == NULL)
    return;
  node = revision != NULL && self->graph != NULL ? berth_migration_graph_lookup (self->graph, revision) : NULL;
  gtk_single_selection_set_selected (selection,
                                     node != NULL ? berth_migration_node_get_row (node) : GTK_INVALID_LIST_POSITION);
}

const char *
berth_migrations_page_get_selected (BerthMigrationsPage *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATIONS_PAGE (self), NULL);
  return self->selected;
}

/* --- test seams -------------------------------------------------------- */

GtkListView *
berth_migrations_page_get_list_view (BerthMigrationsPage *self)
{
  return self->list_view;
}

GtkRevealer *
berth_migrations_page_get_problem_banner (BerthMigrationsPage *self)
{
  return self->problem_banner;
}

GtkLabel *
berth_migrations_page_get_problem_label (BerthMigrationsPage *self)
{
  return self->problem_label;
}

GtkButton *
berth_migrations_page_get_problem_button (BerthMigrationsPage *self)
{
  return self->problem_fix_button;
}

GtkLabel *
berth_migrations_page_get_state_label (BerthMigrationsPage *self)
{
  return self->state_label;
}

GtkStack *
berth_migrations_page_get_details_stack (BerthMigrationsPage *self)
{
  return self->details_stack;
}

GtkLabel *
berth_migrations_page_get_detail_label (BerthMigrationsPage *self,
                                        const char          *name)
{
  if (g_str_equal (name, "title"))
    return self->details_title;
  if (g_str_equal (name, "revision"))
    return self->revision_label;
  if (g_str_equal (name, "parents"))
    return self->parents_label;
  if (g_str_equal (name, "children"))
    return self->children_label;
  if (g_str_equal (name, "date"))
    return self->date_label;
  if (g_str_equal (name, "path"))
    return self->path_label;
  g_return_val_if_reached (NULL);
}

GtkSourceBuffer *
berth_migrations_page_get_source_buffer (BerthMigrationsPage *self)
{
  return self->source_buffer;
}

gboolean
berth_migrations_page_is_source_loading (BerthMigrationsPage *self)
{
  return self->source_cancellable != NULL;
}
