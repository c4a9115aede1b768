/* berth-workflow-dialog.c: the short sheet before Rebuild and Migrate.
 *
 * Rebuild stops the services and Migrate changes the database, so both
 * ask first, and the sheet is where their options live: the migration
 * message, whether Rebuild migrates, whether it keeps the build cache,
 * whether Migrate stops for a review.  The answers are remembered per
 * project, except the review, which is a choice for one run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-application.h"
#include "berth-workflow-dialog.h"

struct _BerthWorkflowDialog
{
  AdwMessageDialog  parent_instance;

  char             *workflow;
  GSettings        *project_settings;
  GtkEditable      *message;
  GtkSwitch        *migrate;
  GtkSwitch        *keep_cache;
  GtkSwitch        *review;          /* Migrate; for this run only */
  GPtrArray        *service_checks;  /* GtkCheckButton, "berth-service" data */
};

G_DEFINE_FINAL_TYPE (BerthWorkflowDialog, berth_workflow_dialog, ADW_TYPE_MESSAGE_DIALOG)

GSettings *
berth_project_settings_new (GFile *project_dir)
{
  g_autofree char *path = NULL;
  g_autofree char *id = NULL;
  g_autofree char *settings_path = NULL;

  g_return_val_if_fail (G_IS_FILE (project_dir), NULL);

  /* A hash keeps the path valid for GSettings whatever the folder's name. */
  path = g_file_get_path (project_dir);
  id = g_compute_checksum_for_string (G_CHECKSUM_SHA256, path != NULL ? path : "", -1);
  settings_path = g_strdup_printf ("/org/berth/Berth/projects/%.32s/", id);

  return g_settings_new_with_path (BERTH_SETTINGS_SCHEMA ".Project", settings_path);
}

static GtkSwitch *
add_switch_row (GtkListBox *list,
                const char *title,
                const char *subtitle,
                gboolean    active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  gtk_list_box_append (list, row);

  return GTK_SWITCH (toggle);
}

static void
berth_workflow_dialog_response (AdwMessageDialog *dialog,
                                const char       *response)
{
  BerthWorkflowDialog *self = BERTH_WORKFLOW_DIALOG (dialog);

  if (g_str_equal (response, "run"))
    {
      g_autofree char *message = g_strstrip (g_strdup (gtk_editable_get_text (self->message)));

      g_settings_delay (self->project_settings);
      g_settings_set_string (self->project_settings, "migration-message", message);
      if (self->migrate != NULL)
        g_settings_set_boolean (self->project_settings, "rebuild-skip-migrations",
                                !gtk_switch_get_active (self->migrate));
      if (self->keep_cache != NULL)
        g_settings_set_boolean (self->project_settings, "rebuild-keep-cache",
                                gtk_switch_get_active (self->keep_cache));
      if (self->service_checks != NULL && self->service_checks->len > 0)
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) services = NULL;
          guint n = 0;

          for (guint i = 0; i < self->service_checks->len; i++)
            {
              GtkCheckButton *check = g_ptr_array_index (self->service_checks, i);

              if (gtk_check_button_get_active (check))
                {
                  g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "berth-service"));
                  n++;
                }
            }
          services = g_strv_builder_end (builder);
          /* Every service (or none, which would build nothing) means "all". */
          if (n == self->service_checks->len || n == 0)
            g_settings_set_strv (self->project_settings, "rebuild-services", NULL);
          else
            g_settings_set_strv (self->project_settings, "rebuild-services", (const char * const *) services);
        }
      g_settings_apply (self->project_settings);
    }

  if (ADW_MESSAGE_DIALOG_CLASS (berth_workflow_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (berth_workflow_dialog_parent_class)->response (dialog, response);
}

static void
berth_workflow_dialog_finalize (GObject *object)
{
  BerthWorkflowDialog *self = BERTH_WORKFLOW_DIALOG (object);

  g_clear_pointer (&self->workflow, g_free);
  g_clear_object (&self->project_settings);
  g_clear_pointer (&self->service_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (berth_workflow_dialog_parent_class)->finalize (object);
}

static void
berth_workflow_dialog_class_init (BerthWorkflowDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->finalize = berth_workflow_dialog_finalize;
  dialog_class->response = berth_workflow_dialog_response;
}

static void
berth_workflow_dialog_init (BerthWorkflowDialog *self)
{
}

BerthWorkflowDialog *
berth_workflow_dialog_new (GtkWindow          *parent,
                           const char         *workflow,
                           GSettings          *project_settings,
                           const char         *default_message,
                           const char * const *services)
{
  g_autofree char *message = NULL;
  gboolean rebuild;
  BerthWorkflowDialog *self;
  GtkWidget *list;
  GtkWidget *message_row;

  g_return_val_if_fail (workflow != NULL, NULL);
  g_return_val_if_fail (G_IS_SETTINGS (project_settings), NULL);

  rebuild = g_str_equal (workflow, "rebuild");
  self = g_object_new (BERTH_TYPE_WORKFLOW_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", rebuild ? _("Rebuild the Backend?") : _("Migrate the Database?"),
                       "body", rebuild ? _("The services are stopped, their images built again and the services started; named volumes are kept.")
                                       : _("A migration is generated from the model changes and applied to the database."),
                       NULL);
  self->workflow = g_strdup (workflow);
  self->project_settings = g_object_ref (project_settings);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  message = g_settings_get_string (project_settings, "migration-message");
  message_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (message_row), _("Migration Message"));
  gtk_editable_set_text (GTK_EDITABLE (message_row), message[0] != '\0' ? message : default_message);
  gtk_list_box_append (GTK_LIST_BOX (list), message_row);
  self->message = GTK_EDITABLE (message_row);

  if (rebuild)
    {
      self->migrate = add_switch_row (GTK_LIST_BOX (list), _("Migrate the Database"),
                                      _("Generate and apply a migration after the services are up"),
                                      !g_settings_get_boolean (project_settings, "rebuild-skip-migrations"));
      self->keep_cache = add_switch_row (GTK_LIST_BOX (list), _("Keep the Build Cache"),
                                         _("Faster, but changed system packages may be missed"),
                                         g_settings_get_boolean (project_settings, "rebuild-keep-cache"));
      g_object_bind_property (self->migrate, "active", message_row, "sensitive", G_BINDING_SYNC_CREATE);

      if (services != NULL && services[0] != NULL && services[1] != NULL)
        {
          g_auto(GStrv) chosen = g_settings_get_strv (project_settings, "rebuild-services");
          GtkWidget *expander = adw_expander_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Services"));
          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), _("Which services to build and restart"));
          self->service_checks = g_ptr_array_new ();
          for (guint i = 0; services[i] != NULL; i++)
            {
              GtkWidget *row = adw_action_row_new ();
              GtkWidget *check = gtk_check_button_new ();

              gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                           chosen[0] == NULL || g_strv_contains ((const char * const *) chosen, services[i]));
              g_object_set_data_full (G_OBJECT (check), "berth-service", g_strdup (services[i]), g_free);
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), services[i]);
              adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
              adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
              adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
              g_ptr_array_add (self->service_checks, check);
            }
          gtk_list_box_append (GTK_LIST_BOX (list), expander);
        }
    }
  else
    self->review = add_switch_row (GTK_LIST_BOX (list), _("Review Before Applying"),
                                   _("Only generate the migration; apply it later from the Migrations page"),
                                   FALSE);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "run", rebuild ? _("_Rebuild") : _("_Migrate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "run", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "run");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  return self;
}

const char *
berth_workflow_dialog_get_workflow (BerthWorkflowDialog *self)
{
  g_return_val_if_fail (BERTH_IS_WORKFLOW_DIALOG (self), NULL);

  return self->workflow;
}

gboolean
berth_workflow_dialog_get_review (BerthWorkflowDialog *self)
{
  g_return_val_if_fail (BERTH_IS_WORKFLOW_DIALOG (self), FALSE);

  return self->review != NULL && gtk_switch_get_active (self->review);
}
