/* berth-window-private.h: BerthWindow's fields, shared by berth-window.c
 * (project, services, engine) and berth-window-actions.c (workflows,
 * fixes, per-service actions, logs and terminals).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-doctor.h"
#include "berth-migrations-page.h"
#include "berth-services-view.h"
#include "berth-tab-area.h"
#include "berth-window.h"
#include "berth-workflow-panel.h"

G_BEGIN_DECLS

struct _BerthWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  AdwStatusPage        *status_page;
  AdwActionRow         *project_row;
  AdwActionRow         *engine_row;
  GtkImage             *engine_icon;
  GtkSpinner           *engine_spinner;
  GtkButton            *retry_button;
  GtkWidget            *welcome_buttons;
  GMenu                *recent_section;
  GtkStack             *main_stack;
  GtkRevealer          *engine_banner;
  GtkLabel             *engine_banner_label;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *error_page;
  GtkExpander          *warnings_expander;
  GtkLabel             *warnings_label;
  BerthServicesView    *services_view;
  GtkLabel             *engine_footer;
  AdwFlap              *flap;
  GtkPaned             *content_paned;
  BerthTabArea         *tab_area;
  BerthWorkflowPanel   *workflow_panel;
  BerthMigrationsPage  *migrations_page;

  GSettings            *settings;
  GtkFileChooserNative *chooser;

  GFile                *project_dir;
  GStrv                 compose_files;

  GCancellable         *engine_cancellable;
  BerthEngineState      engine_state;
  char                 *engine_error;

  GCancellable         *load_cancellable;
  BerthComposeProject  *project;
  BerthEngine          *engine;
  BerthServiceList     *service_list;

  BerthDoctor          *doctor;            /* while Troubleshoot runs */
  char                 *pending_workflow;  /* asked for before the project loaded */
  /* A desktop action started a workflow without showing the window: the
   * application is held until it ends, and the result is a notification. */
  gboolean              background;
  guint                 background_timeout_id;
};

void berth_window_update_actions         (BerthWindow    *self);
/* Installs the win.* actions of berth-window-actions.c. */
void berth_window_class_install_actions  (GtkWidgetClass *widget_class);
/* Connects the workflow panel's signals; from berth_window_init(). */
void berth_window_init_actions           (BerthWindow    *self);
/* The window leaves background mode (presented, or the run ended). */
void berth_window_end_background         (BerthWindow    *self);

G_END_DECLS
