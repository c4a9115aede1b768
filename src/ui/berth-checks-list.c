/* berth-checks-list.c: Troubleshoot's findings, with a Fix per problem.
 *
 * Each check is a row: an icon for its status, its title and one-line
 * finding, its evidence (log excerpt, inspect fields) behind an expander,
 * and a Fix button when the doctor names a fix.  The fix itself runs in
 * the window (win.doctor-fix), which owns the project and the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-checks-list.h"

struct _BerthChecksList
{
  GtkWidget            parent_instance;

  AdwPreferencesGroup *group;
  guint                n_fixes;
};

G_DEFINE_FINAL_TYPE (BerthChecksList, berth_checks_list, GTK_TYPE_WIDGET)

const char *
berth_checks_list_status_icon (BerthCheckStatus   status,
                               const char       **style_class)
{
  const char *icon;
  const char *klass;

  switch (status)
    {
    case BERTH_CHECK_PASS:
      icon = "object-select-symbolic";
      klass = "success";
      break;
    case BERTH_CHECK_WARN:
      icon = "dialog-warning-symbolic";
      klass = "warning";
      break;
    case BERTH_CHECK_FAIL:
      icon = "dialog-error-symbolic";
      klass = "error";
      break;
    case BERTH_CHECK_SKIP:
    default:
      icon = "go-next-symbolic";
      klass = "dim-label";
      break;
    }

  if (style_class != NULL)
    *style_class = klass;
  return icon;
}

char *
berth_checks_list_dup_fix_label (const char *fix)
{
  if (fix == NULL)
    return NULL;
  if (g_str_equal (fix, "rebuild"))
    return g_strdup (_("Rebuild"));
  if (g_str_equal (fix, "migrate"))
    return g_strdup (_("Migrate"));
  if (g_str_equal (fix, "up"))
    /* Translators: creates and starts what is missing (compose up) */
    return g_strdup (_("Bring Up"));
  if (g_str_equal (fix, "merge-heads"))
    return g_strdup (_("Merge Heads"));
  if (g_str_has_prefix (fix, "restart:") && fix[strlen ("restart:")] != '\0')
    /* Translators: %s is a service name */
    return g_strdup_printf (_("Restart %s"), fix + strlen ("restart:"));
  if (g_str_has_prefix (fix, "stop-container:") && fix[strlen ("stop-container:")] != '\0')
    /* Translators: %s is a container name */
    return g_strdup_printf (_("Stop %s"), fix + strlen ("stop-container:"));
  return NULL;
}

static int
status_rank (BerthCheckStatus status)
{
  switch (status)
    {
    case BERTH_CHECK_FAIL:
      return 0;
    case BERTH_CHECK_WARN:
      return 1;
    case BERTH_CHECK_PASS:
      return 2;
    case BERTH_CHECK_SKIP:
    default:
      return 3;
    }
}

static int
compare_checks (gconstpointer a,
                gconstpointer b)
{
  const BerthDoctorCheck *x = *(const BerthDoctorCheck * const *) a;
  const BerthDoctorCheck *y = *(const BerthDoctorCheck * const *) b;

  return status_rank (x->status) - status_rank (y->status);
}

static GtkWidget *
make_row (BerthChecksList        *self,
          const BerthDoctorCheck *check)
{
  const char *style_class = NULL;
  const char *icon_name = berth_checks_list_status_icon (check->status, &style_class);
  g_autofree char *fix_label = berth_checks_list_dup_fix_label (check->fix);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *row;

  gtk_widget_add_css_class (icon, style_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, berth_check_status_to_string (check->status),
                                  -1);

  if (check->evidence != NULL && check->evidence[0] != '\0')
    {
      GtkWidget *evidence = gtk_label_new (check->evidence);

      row = adw_expander_row_new ();
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), check->finding);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);

      gtk_label_set_xalign (GTK_LABEL (evidence), 0);
      gtk_label_set_wrap (GTK_LABEL (evidence), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (evidence), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (evidence), TRUE);
      gtk_widget_add_css_class (evidence, "monospace");
      gtk_widget_add_css_class (evidence, "caption");
      gtk_widget_set_margin_top (evidence, 6);
      gtk_widget_set_margin_bottom (evidence, 6);
      gtk_widget_set_margin_start (evidence, 12);
      gtk_widget_set_margin_end (evidence, 12);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), evidence);
    }
  else
    {
      row = adw_action_row_new ();
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), check->finding);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), check->title);

  if (fix_label != NULL && check->status != BERTH_CHECK_PASS)
    {
      GtkWidget *button = gtk_button_new_with_label (fix_label);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.doctor-fix");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (check->fix));
      if (check->status == BERTH_CHECK_FAIL)
        gtk_widget_add_css_class (button, "suggested-action");
      if (ADW_IS_EXPANDER_ROW (row))
        adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      self->n_fixes++;
    }

  return row;
}

guint
berth_checks_list_get_n_fixes (BerthChecksList *self)
{
  g_return_val_if_fail (BERTH_IS_CHECKS_LIST (self), 0);

  return self->n_fixes;
}

static void
berth_checks_list_dispose (GObject *object)
{
  BerthChecksList *self = BERTH_CHECKS_LIST (object);

  if (self->group != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->group));
  self->group = NULL;

  G_OBJECT_CLASS (berth_checks_list_parent_class)->dispose (object);
}

static void
berth_checks_list_class_init (BerthChecksListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_checks_list_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
berth_checks_list_init (BerthChecksList *self)
{
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Checks"));
  gtk_widget_set_parent (GTK_WIDGET (self->group), GTK_WIDGET (self));
}

GtkWidget *
berth_checks_list_new (GPtrArray *checks)
{
  BerthChecksList *self = g_object_new (BERTH_TYPE_CHECKS_LIST, NULL);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; checks != NULL && i < checks->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (checks, i));
  /* Problems first; g_ptr_array_sort is stable, so the doctor's order
   * stays within each status. */
  g_ptr_array_sort (sorted, compare_checks);

  for (guint i = 0; i < sorted->len; i++)
    adw_preferences_group_add (self->group, make_row (self, g_ptr_array_index (sorted, i)));

  return GTK_WIDGET (self);
}
