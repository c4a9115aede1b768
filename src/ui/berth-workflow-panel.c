/* berth-workflow-panel.c: a running workflow: steps, progress, output.
 *
 * The panel only presents the events a BerthWorkflow delivers on the main
 * context; the steps themselves run in the core's worker thread.  Output
 * goes to a read-only VteTerminal whose scrollback is bounded, so a long
 * build log does not grow memory without limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <vte/vte.h>

#include "berth-application.h"
#include "berth-workflow-panel.h"

typedef struct
{
  AdwActionRow *row;
  GtkSpinner   *spinner;
  GtkImage     *icon;
  GtkLabel     *elapsed;
  const char   *style_class;
} StepRow;

struct _BerthWorkflowPanel
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkLabel       *title_label;
  GtkLabel       *status_label;
  GtkButton      *cancel_button;
  GtkButton      *close_button;
  GtkListBox     *steps_list;
  GtkBox         *details_box;
  GtkProgressBar *progress_bar;
  VteTerminal    *terminal;

  BerthWorkflow  *workflow;
  GCancellable   *cancellable;
  GArray         *rows;      /* StepRow */
  gulong          event_id;
  gboolean        running;
};

G_DEFINE_FINAL_TYPE (BerthWorkflowPanel, berth_workflow_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_WORKFLOW,
  N_PROPS
};

enum {
  FINISHED,
  CLOSE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char *
berth_workflow_panel_status_icon (BerthStepStatus   status,
                                  const char      **style_class)
{
  const char *icon = NULL;
  const char *klass = NULL;

  switch (status)
    {
    case BERTH_STEP_STATUS_RUNNING:
      break;
    case BERTH_STEP_STATUS_OK:
      icon = "object-select-symbolic";
      klass = "success";
      break;
    case BERTH_STEP_STATUS_CHANGED:
      icon = "object-select-symbolic";
      klass = "accent";
      break;
    case BERTH_STEP_STATUS_SKIPPED:
      icon = "go-next-symbolic";
      klass = "dim-label";
      break;
    case BERTH_STEP_STATUS_WARNING:
      icon = "dialog-warning-symbolic";
      klass = "warning";
      break;
    case BERTH_STEP_STATUS_FAILED:
      icon = "window-close-symbolic";
      klass = "error";
      break;
    case BERTH_STEP_STATUS_CANCELLED:
      icon = "media-playback-stop-symbolic";
      klass = "dim-label";
      break;
    case BERTH_STEP_STATUS_NOT_RUN:
    default:
      icon = "content-loading-symbolic";
      klass = "dim-label";
      break;
    }

  if (style_class != NULL)
    *style_class = klass;
  return icon;
}

char *
berth_workflow_panel_format_elapsed (gint64 elapsed_us)
{
  gint64 seconds = elapsed_us / G_USEC_PER_SEC;

  if (elapsed_us < 60 * G_USEC_PER_SEC)
    /* Translators: elapsed time in seconds, "4.2 s" */
    return g_strdup_printf (_("%.1f s"), elapsed_us / (double) G_USEC_PER_SEC);
  if (seconds < 3600)
    return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60), (int) (seconds % 60));
}

static void
step_row_set_status (StepRow         *step,
                     BerthStepStatus  status)
{
  const char *style_class = NULL;
  const char *icon = berth_workflow_panel_status_icon (status, &style_class);

  gtk_spinner_set_spinning (step->spinner, status == BERTH_STEP_STATUS_RUNNING);
  gtk_widget_set_visible (GTK_WIDGET (step->spinner), status == BERTH_STEP_STATUS_RUNNING);
  gtk_widget_set_visible (GTK_WIDGET (step->icon), icon != NULL);

  if (step->style_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (step->icon), step->style_class);
  step->style_class = style_class;
  if (icon != NULL)
    {
      gtk_image_set_from_icon_name (step->icon, icon);
      gtk_widget_add_css_class (GTK_WIDGET (step->icon), style_class);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (step->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, berth_step_status_to_string (status),
                                  -1);
}

static void
feed_line (BerthWorkflowPanel *self,
           const char         *prefix,
           const char         *line,
           const char         *suffix)
{
  /* The terminal is a display: turn bare newlines into CR LF. */
  g_autofree char *text = g_strdup_printf ("%s%s%s\r\n", prefix, line, suffix);

  vte_terminal_feed (self->terminal, text, -1);
}

static void
berth_workflow_panel_set_running (BerthWorkflowPanel *self,
                                  gboolean            running)
{
  if (self->running == running)
    return;

  self->running = running;
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.cancel", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.close", !running);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
event_cb (BerthWorkflow      *workflow,
          BerthWorkflowEvent *event,
          BerthWorkflowPanel *self)
{
  int index = berth_workflow_event_get_index (event);
  StepRow *step = NULL;

  if (index >= 0 && (guint) index < self->rows->len)
    step = &g_array_index (self->rows, StepRow, index);

  switch (berth_workflow_event_get_kind (event))
    {
    case BERTH_WORKFLOW_EVENT_WORKFLOW_STARTED:
      gtk_label_set_label (self->status_label, _("Running…"));
      break;

    case BERTH_WORKFLOW_EVENT_STEP_STARTED:
      if (step != NULL)
        step_row_set_status (step, BERTH_STEP_STATUS_RUNNING);
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      {
        /* Translators: "Step 2 of 5: Build images" */
        g_autofree char *status = g_strdup_printf (_("Step %d of %d: %s"), index + 1,
                                                   berth_workflow_event_get_count (event),
                                                   berth_workflow_event_get_title (event));

        gtk_label_set_label (self->status_label, status);
      }
      feed_line (self, "\x1b[1m▶ ", berth_workflow_event_get_title (event), "\x1b[0m");
      break;

    case BERTH_WORKFLOW_EVENT_STEP_OUTPUT:
      switch (berth_workflow_event_get_stream (event))
        {
        case BERTH_OUTPUT_STDERR:
          /* Not red: Flask, Alembic and gunicorn log everything there. */
          feed_line (self, "", berth_workflow_event_get_line (event), "");
          break;
        case BERTH_OUTPUT_INFO:
          feed_line (self, "\x1b[2m", berth_workflow_event_get_line (event), "\x1b[0m");
          break;
        case BERTH_OUTPUT_STDOUT:
        default:
          feed_line (self, "", berth_workflow_event_get_line (event), "");
          break;
        }
      break;

    case BERTH_WORKFLOW_EVENT_STEP_PROGRESS:
      {
        double fraction = berth_workflow_event_get_fraction (event);

        gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
        if (fraction < 0)
          gtk_progress_bar_pulse (self->progress_bar);
        else
          gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
        gtk_progress_bar_set_text (self->progress_bar, berth_workflow_event_get_progress_text (event));
      }
      break;

    case BERTH_WORKFLOW_EVENT_STEP_FINISHED:
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      if (step != NULL)
        {
          BerthStepStatus status = berth_workflow_event_get_status (event);
          const char *message = berth_workflow_event_get_message (event);
          const char *hint = berth_workflow_event_get_hint (event);
          g_autofree char *elapsed = berth_workflow_panel_format_elapsed (berth_workflow_event_get_elapsed_us (event));
          g_autofree char *subtitle = NULL;

          step_row_set_status (step, status);
          gtk_label_set_label (step->elapsed, elapsed);

          if (message != NULL && hint != NULL)
            /* Translators: a failed step's error, then what to look at */
            subtitle = g_strdup_printf (_("%s — look at %s"), message, hint);
          else
            subtitle = g_strdup (message != NULL ? message : hint);
          adw_action_row_set_subtitle (step->row, subtitle);
        }
      break;

    case BERTH_WORKFLOW_EVENT_WORKFLOW_FINISHED:
      {
        GPtrArray *results = berth_workflow_event_get_results (event);

        /* Steps that never started read "not run", a cancelled one
         * "cancelled": the results say which. */
        for (guint i = 0; results != NULL && i < results->len && i < self->rows->len; i++)
          {
            const BerthStepResult *result = g_ptr_array_index (results, i);

            step_row_set_status (&g_array_index (self->rows, StepRow, i), result->status);
          }
        gtk_label_set_label (self->status_label, berth_workflow_event_get_summary (event));
        gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      }
      break;

    default:
      break;
    }
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(BerthWorkflowPanel) self = user_data;
  BerthWorkflow *workflow = BERTH_WORKFLOW (source);
  g_autoptr(GError) error = NULL;

  /* The outcome is in the events and the summary; the error repeats it. */
  berth_workflow_run_finish (workflow, result, &error);

  if (workflow != self->workflow)
    return;

  berth_workflow_panel_set_running (self, FALSE);
  g_signal_emit (self, signals[FINISHED], 0,
                 berth_workflow_get_status (workflow),
                 berth_workflow_get_summary (workflow));
}

static void
berth_workflow_panel_clear (BerthWorkflowPanel *self)
{
  GtkWidget *child;

  if (self->workflow != NULL)
    g_clear_signal_handler (&self->event_id, self->workflow);
  g_clear_object (&self->workflow);
  g_clear_object (&self->cancellable);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list))) != NULL)
    gtk_list_box_remove (self->steps_list, child);
  g_array_set_size (self->rows, 0);

  vte_terminal_reset (self->terminal, TRUE, TRUE);
  berth_workflow_panel_set_details (self, NULL);
}

void
berth_workflow_panel_run (BerthWorkflowPanel *self,
                          BerthWorkflow      *workflow)
{
  g_return_if_fail (BERTH_IS_WORKFLOW_PANEL (self));
  g_return_if_fail (BERTH_IS_WORKFLOW (workflow));
  g_return_if_fail (!self->running);

  berth_workflow_panel_clear (self);

  self->workflow = g_object_ref (workflow);
  self->cancellable = g_cancellable_new ();

  gtk_label_set_label (self->title_label, berth_workflow_get_title (workflow));
  gtk_label_set_label (self->status_label, _("Starting…"));

  for (guint i = 0; i < berth_workflow_get_n_steps (workflow); i++)
    {
      StepRow step = { 0 };

      step.row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (step.row), berth_workflow_get_step_title (workflow, i));
      adw_action_row_set_subtitle_lines (step.row, 3);

      step.spinner = GTK_SPINNER (gtk_spinner_new ());
      step.icon = GTK_IMAGE (gtk_image_new ());
      gtk_accessible_update_property (GTK_ACCESSIBLE (step.icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
      adw_action_row_add_prefix (step.row, GTK_WIDGET (step.spinner));
      adw_action_row_add_prefix (step.row, GTK_WIDGET (step.icon));

      step.elapsed = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_add_css_class (GTK_WIDGET (step.elapsed), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (step.elapsed), "numeric");
      adw_action_row_add_suffix (step.row, GTK_WIDGET (step.elapsed));

      gtk_list_box_append (self->steps_list, GTK_WIDGET (step.row));
      g_array_append_val (self->rows, step);
      step_row_set_status (&g_array_index (self->rows, StepRow, i), BERTH_STEP_STATUS_NOT_RUN);
    }

  self->event_id = g_signal_connect (workflow, "event", G_CALLBACK (event_cb), self);
  berth_workflow_panel_set_running (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKFLOW]);

  berth_workflow_run_async (workflow, self->cancellable, run_cb, g_object_ref (self));
}

void
berth_workflow_panel_set_details (BerthWorkflowPanel *self,
                                  GtkWidget          *details)
{
  GtkWidget *child;

  g_return_if_fail (BERTH_IS_WORKFLOW_PANEL (self));
  g_return_if_fail (details == NULL || GTK_IS_WIDGET (details));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_box))) != NULL)
    gtk_box_remove (self->details_box, child);

  if (details != NULL)
    gtk_box_append (self->details_box, details);
  gtk_widget_set_visible (GTK_WIDGET (self->details_box), details != NULL);
}

GtkWidget *
berth_workflow_panel_get_details (BerthWorkflowPanel *self)
{
  g_return_val_if_fail (BERTH_IS_WORKFLOW_PANEL (self), NULL);

  return gtk_widget_get_first_child (GTK_WIDGET (self->details_box));
}

void
berth_workflow_panel_cancel (BerthWorkflowPanel *self)
{
  g_return_if_fail (BERTH_IS_WORKFLOW_PANEL (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
berth_workflow_panel_get_running (BerthWorkflowPanel *self)
{
  g_return_val_if_fail (BERTH_IS_WORKFLOW_PANEL (self), FALSE);

  return self->running;
}

BerthWorkflow *
berth_workflow_panel_get_workflow (BerthWorkflowPanel *self)
{
  g_return_val_if_fail (BERTH_IS_WORKFLOW_PANEL (self), NULL);

  return self->workflow;
}

void
berth_workflow_panel_set_scrollback_lines (BerthWorkflowPanel *self,
                                           glong               lines)
{
  g_return_if_fail (BERTH_IS_WORKFLOW_PANEL (self));

  vte_terminal_set_scrollback_lines (self->terminal, lines);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  berth_workflow_panel_cancel (BERTH_WORKFLOW_PANEL (widget));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  g_signal_emit (widget, signals[CLOSE], 0);
}

static void
update_terminal_colors (BerthWorkflowPanel *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GdkRGBA fg, bg;

  /* Follow the system's light or dark style, like GNOME Console. */
  if (adw_style_manager_get_dark (manager))
    {
      gdk_rgba_parse (&fg, "#deddda");
      gdk_rgba_parse (&bg, "#1e1e1e");
    }
  else
    {
      gdk_rgba_parse (&fg, "#241f31");
      gdk_rgba_parse (&bg, "#ffffff");
    }
  vte_terminal_set_colors (self->terminal, &fg, &bg, NULL, 0);
}

static void
berth_workflow_panel_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BerthWorkflowPanel *self = BERTH_WORKFLOW_PANEL (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_WORKFLOW:
      g_value_set_object (value, self->workflow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_workflow_panel_dispose (GObject *object)
{
  BerthWorkflowPanel *self = BERTH_WORKFLOW_PANEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->workflow != NULL)
    g_clear_signal_handler (&self->event_id, self->workflow);
  g_clear_object (&self->workflow);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_WORKFLOW_PANEL);

  G_OBJECT_CLASS (berth_workflow_panel_parent_class)->dispose (object);
}

static void
berth_workflow_panel_finalize (GObject *object)
{
  BerthWorkflowPanel *self = BERTH_WORKFLOW_PANEL (object);

  g_array_unref (self->rows);

  G_OBJECT_CLASS (berth_workflow_panel_parent_class)->finalize (object);
}

static void
berth_workflow_panel_class_init (BerthWorkflowPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = berth_workflow_panel_get_property;
  object_class->dispose = berth_workflow_panel_dispose;
  object_class->finalize = berth_workflow_panel_finalize;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORKFLOW] =
    g_param_spec_object ("workflow", NULL, NULL, BERTH_TYPE_WORKFLOW,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (status: BerthStepStatus as int, summary) */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);

  /* Asks the container to hide the panel (only offered once finished). */
  signals[CLOSE] =
    g_signal_new ("close",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (VTE_TYPE_TERMINAL);

  berth_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, BERTH_RESOURCE_PATH "/ui/berth-workflow-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthWorkflowPanel, box);
  gtk_widget_class_bind_template_child (widget_class, BerthWorkflowPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, BerthWorkflowPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, BerthWorkflowPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BerthWorkflowPanel, close_button);
  gtk_widget_class_bind_template_child (widget_class, BerthWorkflowPanel, steps_list);
  gtk_widget_class_bind_template_child (widget_class, BerthWorkflowPanel, details_box);
  gtk_widget_class_bind_template_child (widget_class, BerthWorkflowPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BerthWorkflowPanel, terminal);

  gtk_widget_class_install_action (widget_class, "panel.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "panel.close", NULL, close_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
berth_workflow_panel_init (BerthWorkflowPanel *self)
{
  g_autoptr(GSettings) settings = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_array_new (FALSE, TRUE, sizeof (StepRow));

  settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
  vte_terminal_set_scrollback_lines (self->terminal, g_settings_get_int (settings, "log-scrollback-lines"));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_terminal_colors), self, G_CONNECT_SWAPPED);
  update_terminal_colors (self);

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.cancel", FALSE);
}

GtkWidget *
berth_workflow_panel_new (void)
{
  return g_object_new (BERTH_TYPE_WORKFLOW_PANEL, NULL);
}
