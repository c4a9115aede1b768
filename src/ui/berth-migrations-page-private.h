/* berth-migrations-page-private.h: the page's fields, shared by
 * berth-migrations-page.c (loading, presenting) and
 * berth-migrations-page-actions.c (the actions), and what the widget tests
 * read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtksourceview/gtksource.h>

#include "berth-migrations-page.h"

G_BEGIN_DECLS

struct _BerthMigrationsPage
{
  GtkWidget             parent_instance;

  /* template */
  GtkRevealer          *problem_banner;
  GtkLabel             *problem_label;
  GtkLabel             *problem_fix_label;
  GtkButton            *problem_fix_button;
  GtkLabel             *state_label;
  GtkSpinner           *spinner;
  GtkStack             *list_stack;
  GtkListView          *list_view;
  AdwStatusPage        *empty_page;
  GtkStack             *details_stack;
  GtkLabel             *details_title;
  GtkLabel             *revision_label;
  GtkLabel             *parents_label;
  GtkLabel             *children_label;
  GtkLabel             *date_label;
  GtkLabel             *path_label;
  GtkSourceView        *source_view;

  GtkSourceBuffer      *source_buffer;

  char                 *migrations_dir;
  BerthMigrationRunner *runner;
  BerthMigrationGraph  *graph;
  GFileMonitor         *monitor;
  guint                 reload_timeout;

  GCancellable         *load_cancellable;
  BerthWorkflow        *op_workflow;    /* the page's operation, until it finishes */
  GCancellable         *source_cancellable;
  gboolean              loading;
  gboolean              busy;
  char                 *selected;   /* kept selected across reloads */
  char                 *restore;    /* selected while the graph changes */
  char                 *db_error;   /* why the database side is unknown */
  BerthMigrationProblemKind fix_kind;
  gboolean              has_fix;
  BerthServiceList     *service_list;
  int                   service_seen;    /* state and health last seen; -1: none */
  gboolean              scroll_pending;  /* to def upgrade(), once laid out */
  guint                 scroll_idle;
};

BerthMigrationNode *berth_migrations_page_get_selected_node (BerthMigrationsPage *self);
void                berth_migrations_page_set_busy          (BerthMigrationsPage *self,
                                                             gboolean             busy);
/* The page's operation: handed out through ::run-workflow; forgotten when
 * it finishes (or when the page goes). */
void                berth_migrations_page_emit_run_workflow (BerthMigrationsPage *self,
                                                             BerthWorkflow       *workflow);
void                berth_migrations_page_forget_workflow   (BerthMigrationsPage *self);
/* berth-migrations-page-details.c: the details pane and its source view. */
void                berth_migrations_page_init_details      (BerthMigrationsPage *self);
void                berth_migrations_page_update_details    (BerthMigrationsPage *self);
/* Installs the migrations.* actions of berth-migrations-page-actions.c. */
void                berth_migrations_page_class_install_actions (GtkWidgetClass  *widget_class);


GtkListView     *berth_migrations_page_get_list_view      (BerthMigrationsPage *self);
GtkRevealer     *berth_migrations_page_get_problem_banner (BerthMigrationsPage *self);
GtkLabel        *berth_migrations_page_get_problem_label  (BerthMigrationsPage *self);
GtkButton       *berth_migrations_page_get_problem_button (BerthMigrationsPage *self);
GtkLabel        *berth_migrations_page_get_state_label    (BerthMigrationsPage *self);
GtkStack        *berth_migrations_page_get_details_stack  (BerthMigrationsPage *self);
GtkLabel        *berth_migrations_page_get_detail_label   (BerthMigrationsPage *self,
                                                           const char          *name);
GtkSourceBuffer *berth_migrations_page_get_source_buffer  (BerthMigrationsPage *self);
/* Whether a migration source file is still being read. */
gboolean         berth_migrations_page_is_source_loading  (BerthMigrationsPage *self);

G_END_DECLS
