/* berth-migrations-page-actions.c: the actions of the Migrations page:
 * upgrade, downgrade (confirmed, listing what it undoes), stamp, merge,
 * the banner's fix, and opening a revision file.  Each operation is a
 * workflow from the core, handed to whoever runs workflows (the window's
 * panel) through ::run-workflow; the page reloads when it finishes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-migrations-page-private.h"
#include "berth-workflows.h"

static void
toast (BerthMigrationsPage *self,
       const char          *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static void op_event_cb (BerthWorkflow       *workflow,
                         BerthWorkflowEvent  *event,
                         BerthMigrationsPage *self);

void
berth_migrations_page_forget_workflow (BerthMigrationsPage *self)
{
  if (self->op_workflow == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->op_workflow, op_event_cb, self);
  g_clear_object (&self->op_workflow);
}

static void
op_event_cb (BerthWorkflow       *workflow,
             BerthWorkflowEvent  *event,
             BerthMigrationsPage *self)
{
  if (berth_workflow_event_get_kind (event) != BERTH_WORKFLOW_EVENT_WORKFLOW_FINISHED)
    return;

  /* Whatever the outcome, the database may have moved. */
  berth_migrations_page_forget_workflow (self);
  berth_migrations_page_set_busy (self, FALSE);
  berth_migrations_page_reload (self);
}

static void
run_op (BerthMigrationsPage *self,
        BerthMigrationOp     op,
        const char          *argument)
{
  g_autoptr(BerthWorkflow) workflow = NULL;

  if (self->runner == NULL || self->busy)
    return;

  workflow = berth_workflow_new_migration_op (self->runner, op, argument);
  self->op_workflow = g_object_ref (workflow);
  g_signal_connect (workflow, "event", G_CALLBACK (op_event_cb), self);
  berth_migrations_page_set_busy (self, TRUE);

  berth_migrations_page_emit_run_workflow (self, workflow);

  if (self->op_workflow == workflow && !berth_workflow_is_running (workflow))
    {
      /* Nobody took it: another workflow is running, or no window. */
      berth_migrations_page_forget_workflow (self);
      berth_migrations_page_set_busy (self, FALSE);
      toast (self, _("Another operation is running: try again when it has finished"));
    }
}

static const char *
short_id_of (BerthMigrationsPage *self,
             const char          *revision)
{
  BerthMigrationNode *node = berth_migration_graph_lookup (self->graph, revision);

  return node != NULL ? berth_migration_node_get_short_id (node) : revision;
}

static void
upgrade_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BerthMigrationsPage *self = BERTH_MIGRATIONS_PAGE (widget);
  BerthMigrationNode *node = berth_migrations_page_get_selected_node (self);
  const char *revision;

  if (node == NULL || self->runner == NULL)
    return;
  revision = berth_migration_node_get_revision (node);
  run_op (self, BERTH_MIGRATION_OP_UPGRADE, revision);
}

typedef struct
{
  BerthMigrationsPage *self;
  BerthMigrationOp     op;
  char                *revision;
  gboolean             answered;
} ConfirmData;

static void
confirm_data_free (ConfirmData *data)
{
  g_object_unref (data->self);
  g_free (data->revision);
  g_free (data);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ConfirmData      *data)
{
  /* Once per dialog. */
  if (g_strcmp0 (response, "run") == 0 && !data->answered)
    {
      data->answered = TRUE;
      run_op (data->self, data->op, data->revision);
    }
}

static void
confirm (BerthMigrationsPage *self,
         BerthMigrationOp     op,
         const char          *revision,
         const char          *heading,
         const char          *body,
         const char          *run_label)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  ConfirmData *data = g_new0 (ConfirmData, 1);

  data->self = g_object_ref (self);
  data->op = op;
  data->revision = g_strdup (revision);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "run", run_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "run",
                                              op == BERTH_MIGRATION_OP_DOWNGRADE
                                              ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_response_cb), data,
                         (GClosureNotify) (void (*) (void)) confirm_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
downgrade_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BerthMigrationsPage *self = BERTH_MIGRATIONS_PAGE (widget);
  BerthMigrationNode *node = berth_migrations_page_get_selected_node (self);
  g_auto(GStrv) undone = NULL;
  g_autoptr(GString) body = NULL;
  g_autofree char *heading = NULL;
  const char *revision;

  if (node == NULL || self->runner == NULL || self->graph == NULL)
    return;
  revision = berth_migration_node_get_revision (node);
  undone = berth_migration_graph_dup_undone_by (self->graph, revision);

  body = g_string_new (NULL);
  g_string_append_printf (body,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "This revision will be undone:\n",
                                       "These %u revisions will be undone, newest first:\n",
                                       g_strv_length (undone)),
                          g_strv_length (undone));
  for (guint i = 0; undone[i] != NULL; i++)
    {
      BerthMigrationNode *gone = berth_migration_graph_lookup (self->graph, undone[i]);
      const char *message = gone != NULL ? berth_migration_node_get_message (gone) : NULL;

      g_string_append_printf (body, "\n• %s", short_id_of (self, undone[i]));
      if (message != NULL && *message != '\0')
        g_string_append_printf (body, " — %s", message);
    }
  g_string_append (body, "\n\n");
  g_string_append (body, _("A downgrade runs each revision’s downgrade(): it can drop columns and tables, and the data in them is lost. Back up the database first if the data matters."));

  heading = g_strdup_printf (_("Downgrade to %s?"), berth_migration_node_get_short_id (node));
  confirm (self, BERTH_MIGRATION_OP_DOWNGRADE, revision, heading, body->str, _("_Downgrade"));
}

static void
stamp_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BerthMigrationsPage *self = BERTH_MIGRATIONS_PAGE (widget);
  BerthMigrationNode *node = berth_migrations_page_get_selected_node (self);
  g_autofree char *heading = NULL;

  if (node == NULL || self->runner == NULL)
    return;
  heading = g_strdup_printf (_("Stamp the Database at %s?"), berth_migration_node_get_short_id (node));
  confirm (self, BERTH_MIGRATION_OP_STAMP, berth_migration_node_get_revision (node), heading,
           _("The database will be marked as being at this revision without running any migration. "
             "Use it when the schema already matches this revision."),
           _("_Stamp"));
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BerthMigrationsPage *self = BERTH_MIGRATIONS_PAGE (widget);

  if (self->runner == NULL)
    return;
  /* The message goes into the revision file, like `flask db merge`'s. */
  run_op (self, BERTH_MIGRATION_OP_MERGE, "merge heads");
}

static void
fix_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BerthMigrationsPage *self = BERTH_MIGRATIONS_PAGE (widget);

  if (!self->has_fix || self->runner == NULL)
    return;
  if (self->fix_kind == BERTH_MIGRATION_PROBLEM_MULTIPLE_HEADS)
    merge_action (widget, action_name, parameter);
  else if (self->fix_kind == BERTH_MIGRATION_PROBLEM_PENDING)
    run_op (self, BERTH_MIGRATION_OP_UPGRADE, NULL);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  berth_migrations_page_reload (BERTH_MIGRATIONS_PAGE (widget));
}

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  BerthMigrationsPage *self = BERTH_MIGRATIONS_PAGE (widget);
  BerthMigrationNode *node = berth_migrations_page_get_selected_node (self);
  g_autofree char *uri = NULL;
  GtkRoot *root;

  if (node == NULL || berth_migration_node_get_path (node) == NULL)
    return;
  uri = g_filename_to_uri (berth_migration_node_get_path (node), NULL, NULL);
  if (uri == NULL)
    return;
  root = gtk_widget_get_root (widget);
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

void
berth_migrations_page_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "migrations.upgrade", NULL, upgrade_action);
  gtk_widget_class_install_action (widget_class, "migrations.downgrade", NULL, downgrade_action);
  gtk_widget_class_install_action (widget_class, "migrations.stamp", NULL, stamp_action);
  gtk_widget_class_install_action (widget_class, "migrations.merge", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "migrations.fix", NULL, fix_action);
  gtk_widget_class_install_action (widget_class, "migrations.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "migrations.open-file", NULL, open_file_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "migrations.reload", NULL);
}
