/* berth-terminal-view.c: a shell in a container, in a terminal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "berth-application.h"
#include "berth-engine-exec.h"
#include "berth-terminal.h"
#include "berth-terminal-view.h"

struct _BerthTerminalView
{
  GtkWidget         parent_instance;

  /* template */
  BerthTerminal    *terminal;
  GtkRevealer      *status_revealer;
  GtkLabel         *status_label;
  GtkButton        *reconnect_button;

  BerthEngine      *engine;
  char             *container;
  char             *service;
  char             *shell;

  BerthExecSession *session;
  GCancellable     *cancellable;   /* of the current connection attempt */
  gboolean          running;
  int               exit_status;
};

G_DEFINE_FINAL_TYPE (BerthTerminalView, berth_terminal_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_CONTAINER,
  PROP_SERVICE,
  PROP_SHELL,
  PROP_RUNNING,
  PROP_EXIT_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_running (BerthTerminalView *self,
             gboolean           running,
             int                exit_status)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->running != running)
    {
      self->running = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  if (self->exit_status != exit_status)
    {
      self->exit_status = exit_status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXIT_STATUS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
show_status (BerthTerminalView *self,
             const char        *message)
{
  if (message != NULL)
    gtk_label_set_label (self->status_label, message);
  gtk_revealer_set_reveal_child (self->status_revealer, message != NULL);
}

static void
drop_session (BerthTerminalView *self)
{
  if (self->session == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->session, self);
  berth_exec_session_close (self->session);
  g_clear_object (&self->session);
}

/* --- session signals ---------------------------------------------------------- */

static void
on_output (BerthExecSession  *session,
           guint              stream,
           GBytes            *bytes,
           BerthTerminalView *self)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  /* A TTY's output is already CR LF: fed as is. */
  vte_terminal_feed (VTE_TERMINAL (self->terminal), data, len);
}

static void
on_exited (BerthExecSession  *session,
           int                exit_code,
           GError            *error,
           BerthTerminalView *self)
{
  g_autofree char *message = NULL;

  if (error != NULL)
    /* Translators: %s is why */
    message = g_strdup_printf (_("The connection to the shell was lost: %s"), error->message);
  else
    /* Translators: %d is the shell's exit status */
    message = g_strdup_printf (_("Shell exited with status %d"), exit_code);
  show_status (self, message);
  set_running (self, FALSE, error != NULL ? -1 : exit_code);
}

static void
on_commit (VteTerminal       *terminal,
           const char        *text,
           guint              size,
           BerthTerminalView *self)
{
  if (self->session != NULL && self->running)
    berth_exec_session_write (self->session, (const guint8 *) text, size);
}

static void
on_grid_changed (BerthTerminal     *terminal,
                 guint              columns,
                 guint              rows,
                 BerthTerminalView *self)
{
  if (self->session != NULL && columns > 0 && rows > 0)
    berth_exec_session_resize (self->session, rows, columns);
}

/* --- connecting ----------------------------------------------------------------- */

static void
connect_failed (BerthTerminalView *self,
                GError            *error)
{
  g_autofree char *message = NULL;

  /* Translators: the first %s is a container, the second why */
  message = g_strdup_printf (_("Could not open a shell in %s: %s"), self->container, error->message);
  show_status (self, message);
  set_running (self, FALSE, -1);
}

static void
session_started_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BerthTerminalView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!berth_exec_session_start_finish (BERTH_EXEC_SESSION (source), result, &error) &&
      BERTH_EXEC_SESSION (source) == self->session &&
      !g_cancellable_is_cancelled (self->cancellable))
    {
      drop_session (self);
      connect_failed (self, error);
    }
}

static void
choose_shell_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  BerthTerminalView *self = source_object;
  const char * const test_bash[] = { "test", "-x", "/bin/bash", NULL };
  BerthExecConfig config = { .cmd = test_bash };
  GError *error = NULL;
  int exit_code = -1;

  /* Minimal images have no bash: ask first rather than fail in the TTY. */
  if (!berth_engine_exec_capture_sync (self->engine, task_data, &config, NULL, NULL, &exit_code,
                                       cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (exit_code == 0 ? "/bin/bash" : "/bin/sh"), g_free);
}

static void
shell_chosen_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BerthTerminalView *self = BERTH_TERMINAL_VIEW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *shell = NULL;
  const char *argv[2] = { NULL, NULL };
  const char * const env[] = { "TERM=xterm-256color", "COLORTERM=truecolor", NULL };
  BerthExecConfig config = { 0 };
  glong columns, rows;

  shell = g_task_propagate_pointer (G_TASK (result), &error);
  /* Superseded by a newer attempt, or the view is going away. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable ||
      g_cancellable_is_cancelled (self->cancellable))
    return;
  if (shell == NULL)
    {
      connect_failed (self, error);
      return;
    }

  g_free (self->shell);
  self->shell = g_steal_pointer (&shell);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHELL]);

  argv[0] = self->shell;
  config.cmd = argv;
  config.env = env;
  config.tty = TRUE;
  config.attach_stdin = TRUE;
  self->session = berth_exec_session_new (self->engine, self->container, &config);
  g_signal_connect (self->session, "output", G_CALLBACK (on_output), self);
  g_signal_connect (self->session, "exited", G_CALLBACK (on_exited), self);

  /* A fresh TTY is 0x0 until told otherwise. */
  columns = vte_terminal_get_column_count (VTE_TERMINAL (self->terminal));
  rows = vte_terminal_get_row_count (VTE_TERMINAL (self->terminal));
  if (columns > 0 && rows > 0)
    berth_exec_session_resize (self->session, rows, columns);

  set_running (self, TRUE, -1);
  berth_exec_session_start_async (self->session, self->cancellable, session_started_cb, g_object_ref (self));
}

void
berth_terminal_view_reconnect (BerthTerminalView *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BERTH_IS_TERMINAL_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_session (self);

  /* The last shell's screen stays above the new prompt. */
  if (self->shell != NULL)
    vte_terminal_feed (VTE_TERMINAL (self->terminal), "\r\n", 2);
  show_status (self, NULL);
  set_running (self, FALSE, -1);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, shell_chosen_cb, NULL);
  g_task_set_source_tag (task, berth_terminal_view_reconnect);
  g_task_set_task_data (task, g_strdup (self->container), g_free);
  g_task_run_in_thread (task, choose_shell_thread);
  gtk_widget_grab_focus (GTK_WIDGET (self->terminal));
}

void
berth_terminal_view_disconnect (BerthTerminalView *self)
{
  g_return_if_fail (BERTH_IS_TERMINAL_VIEW (self));

  /* ::exited follows and shows the status. */
  if (self->session != NULL)
    berth_exec_session_close (self->session);
}

/* --- public accessors ------------------------------------------------------------ */

BerthTerminalView *
berth_terminal_view_new (BerthEngine *engine,
                         const char  *container,
                         const char  *service)
{
  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (container != NULL, NULL);

  return g_object_new (BERTH_TYPE_TERMINAL_VIEW,
                       "engine", engine,
                       "container", container,
                       "service", service,
                       NULL);
}

VteTerminal *
berth_terminal_view_get_terminal (BerthTerminalView *self)
{
  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), NULL);

  return VTE_TERMINAL (self->terminal);
}

const char *
berth_terminal_view_get_container (BerthTerminalView *self)
{
  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), NULL);

  return self->container;
}

const char *
berth_terminal_view_get_service (BerthTerminalView *self)
{
  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), NULL);

  return self->service;
}

char *
berth_terminal_view_dup_title (BerthTerminalView *self)
{
  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), NULL);

  return g_strdup (self->service ? self->service : self->container);
}

const char *
berth_terminal_view_get_shell (BerthTerminalView *self)
{
  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), NULL);

  return self->shell;
}

gboolean
berth_terminal_view_get_running (BerthTerminalView *self)
{
  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), FALSE);

  return self->running;
}

int
berth_terminal_view_get_exit_status (BerthTerminalView *self)
{
  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), -1);

  return self->exit_status;
}

const char *
berth_terminal_view_get_status_text (BerthTerminalView *self)
{
  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->status_revealer))
    return NULL;
  return gtk_label_get_label (self->status_label);
}

/* --- actions ---------------------------------------------------------------------- */

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  berth_terminal_view_reconnect (BERTH_TERMINAL_VIEW (widget));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  vte_terminal_copy_clipboard_format (VTE_TERMINAL (BERTH_TERMINAL_VIEW (widget)->terminal), VTE_FORMAT_TEXT);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  vte_terminal_paste_clipboard (VTE_TERMINAL (BERTH_TERMINAL_VIEW (widget)->terminal));
}

/* --- GObject ---------------------------------------------------------------------- */

static void
berth_terminal_view_constructed (GObject *object)
{
  BerthTerminalView *self = BERTH_TERMINAL_VIEW (object);

  G_OBJECT_CLASS (berth_terminal_view_parent_class)->constructed (object);

  g_return_if_fail (self->engine != NULL && self->container != NULL);
  berth_terminal_view_reconnect (self);
}

static void
berth_terminal_view_dispose (GObject *object)
{
  BerthTerminalView *self = BERTH_TERMINAL_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  drop_session (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_TERMINAL_VIEW);
  /* Template children without an id are not cleared by the above. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (berth_terminal_view_parent_class)->dispose (object);
}

static void
berth_terminal_view_finalize (GObject *object)
{
  BerthTerminalView *self = BERTH_TERMINAL_VIEW (object);

  g_clear_object (&self->engine);
  g_clear_object (&self->cancellable);
  g_free (self->container);
  g_free (self->service);
  g_free (self->shell);

  G_OBJECT_CLASS (berth_terminal_view_parent_class)->finalize (object);
}

static void
berth_terminal_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BerthTerminalView *self = BERTH_TERMINAL_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_CONTAINER:
      g_value_set_string (value, self->container);
      break;
    case PROP_SERVICE:
      g_value_set_string (value, self->service);
      break;
    case PROP_SHELL:
      g_value_set_string (value, self->shell);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_EXIT_STATUS:
      g_value_set_int (value, self->exit_status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_terminal_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BerthTerminalView *self = BERTH_TERMINAL_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    case PROP_CONTAINER:
      self->container = g_value_dup_string (value);
      break;
    case PROP_SERVICE:
      self->service = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_terminal_view_class_init (BerthTerminalViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = berth_terminal_view_constructed;
  object_class->dispose = berth_terminal_view_dispose;
  object_class->finalize = berth_terminal_view_finalize;
  object_class->get_property = berth_terminal_view_get_property;
  object_class->set_property = berth_terminal_view_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, BERTH_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTAINER] =
    g_param_spec_string ("container", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVICE] =
    g_param_spec_string ("service", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHELL] =
    g_param_spec_string ("shell", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXIT_STATUS] =
    g_param_spec_int ("exit-status", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BERTH_TYPE_TERMINAL);
  berth_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, BERTH_RESOURCE_PATH "/ui/berth-terminal-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, terminal);
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, status_revealer);
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, status_label);
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, reconnect_button);

  gtk_widget_class_install_action (widget_class, "terminal.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "terminal.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "terminal.paste", NULL, paste_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "terminal.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "terminal.paste", NULL);

  gtk_widget_class_set_css_name (widget_class, "berthterminalview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
berth_terminal_view_init (BerthTerminalView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->exit_status = -1;
  vte_terminal_set_scrollback_lines (VTE_TERMINAL (self->terminal), 10000);
  g_signal_connect (self->terminal, "commit", G_CALLBACK (on_commit), self);
  g_signal_connect (self->terminal, "grid-changed", G_CALLBACK (on_grid_changed), self);
}
