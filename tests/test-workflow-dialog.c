/* test-workflow-dialog.c: the sheet before Rebuild and Migrate shows the
 * project's remembered options and stores what the user chose.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "berth-application.h"
#include "berth-ui-test.h"
#include "berth-workflow-dialog.h"

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  /* Not the expander row's own (hidden) enable switch. */
  if (g_type_is_a (G_OBJECT_TYPE (widget), type) &&
      !(type == GTK_TYPE_SWITCH && gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW) != NULL))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect (c, type, out);
}

static GSettings *
fresh_project_settings (void)
{
  g_autofree char *dir = g_strdup_printf ("/tmp/berth-test-dialog-%08x", g_random_int ());
  g_autoptr(GFile) file = g_file_new_for_path (dir);

  /* Settings only: the folder need not exist. */
  return berth_project_settings_new (file);
}

static void
test_rebuild_choices (void)
{
  g_autoptr(GSettings) settings = fresh_project_settings ();
  const char *services[] = { "api", "db", "worker", NULL };
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_auto(GStrv) chosen = NULL;
  g_autofree char *message = NULL;
  BerthWorkflowDialog *dialog;

  dialog = berth_workflow_dialog_new (NULL, "rebuild", settings, "Schema changes", services);
  g_assert_cmpstr (berth_workflow_dialog_get_workflow (dialog), ==, "rebuild");
  gtk_window_present (GTK_WINDOW (dialog));

  collect (GTK_WIDGET (dialog), GTK_TYPE_SWITCH, switches);
  collect (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, checks);
  collect (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, entries);
  g_assert_cmpuint (switches->len, ==, 2);   /* migrate, keep cache */
  g_assert_cmpuint (checks->len, ==, 3);     /* one per service, all on */
  g_assert_cmpuint (entries->len, ==, 1);
  for (guint i = 0; i < checks->len; i++)
    g_assert_true (gtk_check_button_get_active (checks->pdata[i]));
  g_assert_cmpstr (gtk_editable_get_text (entries->pdata[0]), ==, "Schema changes");
  g_assert_true (gtk_switch_get_active (switches->pdata[0]));
  g_assert_false (gtk_switch_get_active (switches->pdata[1]));

  /* Only api, keep the cache, another message, no migrations. */
  gtk_check_button_set_active (checks->pdata[1], FALSE);
  gtk_check_button_set_active (checks->pdata[2], FALSE);
  gtk_switch_set_active (switches->pdata[1], TRUE);
  gtk_editable_set_text (entries->pdata[0], "  Add audit table ");
  gtk_switch_set_active (switches->pdata[0], FALSE);
  g_assert_false (gtk_widget_get_sensitive (entries->pdata[0]));

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "run");

  chosen = g_settings_get_strv (settings, "rebuild-services");
  g_assert_cmpuint (g_strv_length (chosen), ==, 1);
  g_assert_cmpstr (chosen[0], ==, "api");
  g_assert_true (g_settings_get_boolean (settings, "rebuild-keep-cache"));
  g_assert_true (g_settings_get_boolean (settings, "rebuild-skip-migrations"));
  message = g_settings_get_string (settings, "migration-message");
  g_assert_cmpstr (message, ==, "Add audit table");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Next time the sheet starts from these choices. */
  dialog = berth_workflow_dialog_new (NULL, "rebuild", settings, "Schema changes", services);
  g_ptr_array_set_size (checks, 0);
  g_ptr_array_set_size (switches, 0);
  collect (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, checks);
  collect (GTK_WIDGET (dialog), GTK_TYPE_SWITCH, switches);
  g_assert_true (gtk_check_button_get_active (checks->pdata[0]));
  g_assert_false (gtk_check_button_get_active (checks->pdata[1]));
  g_assert_false (gtk_switch_get_active (switches->pdata[0]));
  g_assert_true (gtk_switch_get_active (switches->pdata[1]));

  /* Cancel stores nothing. */
  gtk_check_button_set_active (checks->pdata[1], TRUE);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_strfreev (chosen);
  chosen = g_settings_get_strv (settings, "rebuild-services");
  g_assert_cmpuint (g_strv_length (chosen), ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_migrate_sheet (void)
{
  g_autoptr(GSettings) settings = fresh_project_settings ();
  const char *services[] = { "api", "db", NULL };
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  BerthWorkflowDialog *dialog = berth_workflow_dialog_new (NULL, "migrate", settings, "Schema changes", services);

  /* Migrate has the message and the review, off each time. */
  collect (GTK_WIDGET (dialog), GTK_TYPE_SWITCH, switches);
  collect (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, checks);
  g_assert_cmpuint (switches->len, ==, 1);
  g_assert_cmpuint (checks->len, ==, 0);
  g_assert_false (gtk_switch_get_active (g_ptr_array_index (switches, 0)));
  g_assert_false (berth_workflow_dialog_get_review (dialog));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "run"));

  gtk_switch_set_active (g_ptr_array_index (switches, 0), TRUE);
  g_assert_true (berth_workflow_dialog_get_review (dialog));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "run");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A choice for one run: the next sheet starts without it. */
  g_ptr_array_set_size (switches, 0);
  dialog = berth_workflow_dialog_new (NULL, "migrate", settings, "Schema changes", services);
  collect (GTK_WIDGET (dialog), GTK_TYPE_SWITCH, switches);
  g_assert_cmpuint (switches->len, ==, 1);
  g_assert_false (berth_workflow_dialog_get_review (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Rebuild has no review. */
  dialog = berth_workflow_dialog_new (NULL, "rebuild", settings, "Schema changes", services);
  g_assert_false (berth_workflow_dialog_get_review (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int argc, char *argv[])
{
  berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/workflow-dialog/rebuild-choices", test_rebuild_choices);
  g_test_add_func ("/workflow-dialog/migrate", test_migrate_sheet);

  return g_test_run ();
}
