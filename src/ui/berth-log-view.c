/* berth-log-view.c: container logs in a terminal view.
 *
 * The lines come from a BerthLogStream in batches, on a low-priority idle
 * source, wait in a backlog no longer than the scrollback, and go to VTE a
 * frame's worth at a time; VTE's bounded scrollback keeps the memory flat
 * however long the log grows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 0
#include <pcre2.h>

#include "berth-application.h"
#include "berth-compose-operations.h"
#include "berth-log-view-private.h"
#include "berth-terminal.h"

static const char * const tail_values[] = { "100", "1000", "10000", "all" };

G_DEFINE_FINAL_TYPE (BerthLogView, berth_log_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_PROJECT,
  PROP_SERVICE,
  PROP_FOLLOW,
  PROP_TIMESTAMPS,
  PROP_TAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
berth_log_view_set_status (BerthLogView *self,
                           const char   *message)
{
  if (message != NULL)
    gtk_label_set_label (self->status_label, message);
  gtk_revealer_set_reveal_child (self->status_revealer, message != NULL);
}

static void
berth_log_view_notify_user (BerthLogView *self,
                            const char   *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    berth_log_view_set_status (self, message);
}

/* --- feeding ------------------------------------------------------------- */
static void
on_stream_lines (BerthLogStream *stream,
                 GPtrArray      *lines,
                 BerthLogView   *self)
{
  berth_log_view_queue_lines (self, lines);
  berth_log_view_set_status (self, NULL);
}

static void
on_stream_skipped (BerthLogStream *stream,
                   guint           count,
                   BerthLogView   *self)
{
  berth_log_view_queue_skipped (self, count);
}

static void
on_stream_ended (BerthLogStream *stream,
                 GError         *error,
                 BerthLogView   *self)
{
  g_autofree char *message = NULL;

  if (!self->follow)
    return;

  if (error != NULL)
    /* Translators: %s is the engine's error */
    message = g_strdup_printf (_("The log stream was interrupted: %s. It resumes when the engine is back."),
                               error->message);
  else if (self->service != NULL)
    /* Translators: %s is a service name */
    message = g_strdup_printf (_("%s is not running. Its new lines appear when it starts."), self->service);
  else
    message = g_strdup (_("No service is running. New lines appear when they start."));
  berth_log_view_set_status (self, message);
}

static void
berth_log_view_reload (BerthLogView *self)
{
  berth_log_view_clear (self);
  berth_log_view_set_status (self, NULL);
  berth_log_stream_set_follow (self->stream, self->follow);
  berth_log_stream_start (self->stream);
}

static void
on_scrollback_changed (GSettings    *settings,
                       const char   *key,
                       BerthLogView *self)
{
  int lines = g_settings_get_int (settings, "log-scrollback-lines");

  self->scrollback = (guint) MAX (lines, 0);
  vte_terminal_set_scrollback_lines (VTE_TERMINAL (self->terminal), lines);
  /* More queued lines than the scrollback holds would scroll out unseen. */
  if (self->stream != NULL)
    berth_log_stream_set_max_pending (self->stream, lines);
}

/* --- public ---------------------------------------------------------------- */

BerthLogView *
berth_log_view_new (BerthEngine         *engine,
                    BerthComposeProject *project,
                    const char          *service)
{
  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (BERTH_IS_COMPOSE_PROJECT (project), NULL);

  return g_object_new (BERTH_TYPE_LOG_VIEW,
                       "engine", engine,
                       "project", project,
                       "service", service,
                       NULL);
}

const char *
berth_log_view_get_service (BerthLogView *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_VIEW (self), NULL);

  return self->service;
}

char *
berth_log_view_dup_title (BerthLogView *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_VIEW (self), NULL);

  return g_strdup (self->service ? self->service : _("All Services"));
}

VteTerminal *
berth_log_view_get_terminal (BerthLogView *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_VIEW (self), NULL);

  return VTE_TERMINAL (self->terminal);
}

BerthLogStream *
berth_log_view_get_stream (BerthLogView *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_VIEW (self), NULL);

  return self->stream;
}

void
berth_log_view_set_follow (BerthLogView *self,
                           gboolean      follow)
{
  g_return_if_fail (BERTH_IS_LOG_VIEW (self));

  follow = !!follow;
  if (self->follow == follow)
    return;
  self->follow = follow;
  vte_terminal_set_scroll_on_output (VTE_TERMINAL (self->terminal), follow);

  if (self->stream != NULL)
    {
      berth_log_stream_set_follow (self->stream, follow);
      berth_log_view_set_status (self, NULL);
      /* Following again goes on where it stopped: no gap, no repeat. */
      if (follow)
        berth_log_stream_resume (self->stream);
      else
        berth_log_stream_stop (self->stream);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW]);
}

gboolean
berth_log_view_get_follow (BerthLogView *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_VIEW (self), FALSE);

  return self->follow;
}

void
berth_log_view_set_timestamps (BerthLogView *self,
                               gboolean      timestamps)
{
  g_return_if_fail (BERTH_IS_LOG_VIEW (self));

  timestamps = !!timestamps;
  if (self->timestamps == timestamps)
    return;
  self->timestamps = timestamps;
  if (self->stream != NULL)
    berth_log_view_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMESTAMPS]);
}

gboolean
berth_log_view_get_timestamps (BerthLogView *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_VIEW (self), FALSE);

  return self->timestamps;
}

void
berth_log_view_set_tail (BerthLogView *self,
                         const char   *tail)
{
  g_return_if_fail (BERTH_IS_LOG_VIEW (self));

  if (tail == NULL || *tail == '\0')
    tail = "all";
  if (self->stream == NULL || g_strcmp0 (berth_log_stream_get_tail (self->stream), tail) == 0)
    return;
  berth_log_stream_set_tail (self->stream, tail);
  for (guint i = 0; i < G_N_ELEMENTS (tail_values); i++)
    if (g_str_equal (tail_values[i], tail))
      gtk_drop_down_set_selected (self->tail_dropdown, i);
  berth_log_view_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAIL]);
}

const char *
berth_log_view_get_tail (BerthLogView *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_VIEW (self), NULL);

  return self->stream ? berth_log_stream_get_tail (self->stream) : NULL;
}

gboolean
berth_log_view_set_search (BerthLogView  *self,
                           const char    *pattern,
                           GError       **error)
{
  g_autoptr(VteRegex) regex = NULL;
  guint32 flags = PCRE2_UTF | PCRE2_NO_UTF_CHECK | PCRE2_MULTILINE;
  gboolean has_upper = FALSE;

  g_return_val_if_fail (BERTH_IS_LOG_VIEW (self), FALSE);

  if (pattern == NULL || *pattern == '\0')
    {
      vte_terminal_search_set_regex (VTE_TERMINAL (self->terminal), NULL, 0);
      return TRUE;
    }

  /* Smart case, as in GNOME Text Editor. */
  for (const char *p = pattern; *p; p = g_utf8_next_char (p))
    if (g_unichar_isupper (g_utf8_get_char (p)))
      has_upper = TRUE;
  if (!has_upper)
    flags |= PCRE2_CASELESS;

  regex = vte_regex_new_for_search (pattern, -1, flags, error);
  if (regex == NULL)
    return FALSE;
  vte_terminal_search_set_regex (VTE_TERMINAL (self->terminal), regex, 0);
  vte_terminal_search_set_wrap_around (VTE_TERMINAL (self->terminal), TRUE);
  return TRUE;
}

gboolean
berth_log_view_search_next (BerthLogView *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_VIEW (self), FALSE);

  if (vte_terminal_search_get_regex (VTE_TERMINAL (self->terminal)) == NULL)
    return FALSE;
  return vte_terminal_search_find_next (VTE_TERMINAL (self->terminal));
}

gboolean
berth_log_view_search_previous (BerthLogView *self)
{
  g_return_val_if_fail (BERTH_IS_LOG_VIEW (self), FALSE);

  if (vte_terminal_search_get_regex (VTE_TERMINAL (self->terminal)) == NULL)
    return FALSE;
  return vte_terminal_search_find_previous (VTE_TERMINAL (self->terminal));
}

char *
berth_log_view_dup_text (BerthLogView *self)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (BERTH_IS_LOG_VIEW (self), NULL);

  /* Into memory: fast, and bounded by the scrollback. */
  if (!vte_terminal_write_contents_sync (VTE_TERMINAL (self->terminal), out, VTE_WRITE_DEFAULT, NULL, &error) ||
      !g_output_stream_write_all (out, "", 1, NULL, NULL, &error) ||
      !g_output_stream_close (out, NULL, &error))
    {
      g_warning ("Could not read the log view's text: %s", error->message);
      return g_strdup ("");
    }
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

void
berth_log_view_clear (BerthLogView *self)
{
  g_return_if_fail (BERTH_IS_LOG_VIEW (self));

  /* VTE parses fed data later, so the erase goes through the same queue
   * (a reset would act before lines still queued): home, erase the
   * screen, erase the scrollback. */
  berth_log_view_backlog_reset (self);
  vte_terminal_feed (VTE_TERMINAL (self->terminal), "\033[0m\033[H\033[2J\033[3J", -1);
}

static void
save_replace_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
berth_log_view_save_async (BerthLogView        *self,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  g_return_if_fail (BERTH_IS_LOG_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_log_view_save_async);
  text = berth_log_view_dup_text (self);
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, save_replace_cb, g_steal_pointer (&task));
}

gboolean
berth_log_view_save_finish (BerthLogView  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- actions and template callbacks ------------------------------------------- */

static void
search_changed_cb (BerthLogView   *self,
                   GtkSearchEntry *entry)
{
  g_autoptr(GError) error = NULL;
  const char *pattern = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (berth_log_view_set_search (self, pattern, &error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), NULL);
      if (*pattern != '\0')
        berth_log_view_search_previous (self);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), error->message);
    }
}

static void
search_next_cb (BerthLogView   *self,
                GtkSearchEntry *entry)
{
  berth_log_view_search_next (self);
}

static void
search_previous_cb (BerthLogView   *self,
                    GtkSearchEntry *entry)
{
  berth_log_view_search_previous (self);
}

static void
stop_search_cb (BerthLogView   *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->terminal));
}

static void
tail_selected_cb (BerthLogView *self,
                  GParamSpec   *pspec,
                  GtkDropDown  *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected < G_N_ELEMENTS (tail_values) && self->stream != NULL)
    berth_log_view_set_tail (self, tail_values[selected]);
}

static void
search_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  if (g_str_equal (action_name, "logs.search-next"))
    berth_log_view_search_next (BERTH_LOG_VIEW (widget));
  else
    berth_log_view_search_previous (BERTH_LOG_VIEW (widget));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (BERTH_LOG_VIEW (widget)->search_entry));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BerthLogView *self = BERTH_LOG_VIEW (widget);
  g_autofree char *text = NULL;

  if (vte_terminal_get_has_selection (VTE_TERMINAL (self->terminal)))
    {
      vte_terminal_copy_clipboard_format (VTE_TERMINAL (self->terminal), VTE_FORMAT_TEXT);
      return;
    }
  /* Nothing selected: the whole log. */
  text = berth_log_view_dup_text (self);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_strchomp (text));
  berth_log_view_notify_user (self, _("Copied the log"));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  berth_log_view_clear (BERTH_LOG_VIEW (widget));
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  BerthLogView *self = BERTH_LOG_VIEW (source);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = g_file_get_parse_name (file);

  if (!berth_log_view_save_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: the first %s is a file, the second why */
      message = g_strdup_printf (_("Could not save the log to %s: %s"), name, error->message);
    }
  else
    /* Translators: %s is a file */
    message = g_strdup_printf (_("Saved the log to %s"), name);
  berth_log_view_notify_user (self, message);
}

static void
chooser_response_cb (BerthLogView         *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    berth_log_view_save_async (self, file, self->cancellable, save_done_cb, g_object_ref (file));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BerthLogView *self = BERTH_LOG_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Save Log"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  name = g_strdup_printf ("%s-%s.log", berth_compose_project_get_name (self->project),
                          self->service ? self->service : "all");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* --- GObject ------------------------------------------------------------------ */

static void
berth_log_view_constructed (GObject *object)
{
  BerthLogView *self = BERTH_LOG_VIEW (object);
  const char *services[2] = { self->service, NULL };

  G_OBJECT_CLASS (berth_log_view_parent_class)->constructed (object);

  g_return_if_fail (self->engine != NULL && self->project != NULL);

  if (self->service == NULL)
    {
      GPtrArray *all = berth_compose_project_get_services (self->project);

      for (guint i = 0; i < all->len; i++)
        {
          const char *name = berth_compose_service_get_name (g_ptr_array_index (all, i));

          self->prefix_width = MAX (self->prefix_width, (int) strlen (name));
        }
    }

  self->stream = berth_log_stream_new (self->engine, self->project,
                                       self->service ? services : NULL);
  g_signal_connect_object (self->stream, "lines", G_CALLBACK (on_stream_lines), self, 0);
  g_signal_connect_object (self->stream, "skipped", G_CALLBACK (on_stream_skipped), self, 0);
  g_signal_connect_object (self->stream, "ended", G_CALLBACK (on_stream_ended), self, 0);
  berth_log_stream_set_tail (self->stream, tail_values[gtk_drop_down_get_selected (self->tail_dropdown)]);
  on_scrollback_changed (self->settings, "log-scrollback-lines", self);
  berth_log_stream_set_follow (self->stream, self->follow);
  berth_log_stream_start (self->stream);
}

static void
berth_log_view_dispose (GObject *object)
{
  BerthLogView *self = BERTH_LOG_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      berth_log_stream_stop (self->stream);
      g_clear_object (&self->stream);
    }
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_LOG_VIEW);
  /* Template children without an id are not cleared by the above. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (berth_log_view_parent_class)->dispose (object);
}

static void
berth_log_view_finalize (GObject *object)
{
  BerthLogView *self = BERTH_LOG_VIEW (object);

  g_clear_object (&self->engine);
  g_clear_object (&self->project);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_free (self->service);
  g_string_free (self->backlog, TRUE);

  G_OBJECT_CLASS (berth_log_view_parent_class)->finalize (object);
}

static void
berth_log_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BerthLogView *self = BERTH_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_SERVICE:
      g_value_set_string (value, self->service);
      break;
    case PROP_FOLLOW:
      g_value_set_boolean (value, self->follow);
      break;
    case PROP_TIMESTAMPS:
      g_value_set_boolean (value, self->timestamps);
      break;
    case PROP_TAIL:
      g_value_set_string (value, berth_log_view_get_tail (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_log_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BerthLogView *self = BERTH_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    case PROP_PROJECT:
      self->project = g_value_dup_object (value);
      break;
    case PROP_SERVICE:
      self->service = g_value_dup_string (value);
      break;
    case PROP_FOLLOW:
      berth_log_view_set_follow (self, g_value_get_boolean (value));
      break;
    case PROP_TIMESTAMPS:
      berth_log_view_set_timestamps (self, g_value_get_boolean (value));
      break;
    case PROP_TAIL:
      berth_log_view_set_tail (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_log_view_class_init (BerthLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = berth_log_view_constructed;
  object_class->dispose = berth_log_view_dispose;
  object_class->finalize = berth_log_view_finalize;
  object_class->get_property = berth_log_view_get_property;
  object_class->set_property = berth_log_view_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, BERTH_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, BERTH_TYPE_COMPOSE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVICE] =
    g_param_spec_string ("service", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW] =
    g_param_spec_boolean ("follow", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMESTAMPS] =
    g_param_spec_boolean ("timestamps", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TAIL] =
    g_param_spec_string ("tail", NULL, NULL, "1000",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BERTH_TYPE_TERMINAL);
  berth_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, BERTH_RESOURCE_PATH "/ui/berth-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthLogView, tail_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BerthLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BerthLogView, status_revealer);
  gtk_widget_class_bind_template_child (widget_class, BerthLogView, status_label);
  gtk_widget_class_bind_template_child (widget_class, BerthLogView, terminal);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, tail_selected_cb);

  gtk_widget_class_install_property_action (widget_class, "logs.follow", "follow");
  gtk_widget_class_install_property_action (widget_class, "logs.timestamps", "timestamps");
  gtk_widget_class_install_action (widget_class, "logs.search-next", NULL, search_next_action);
  gtk_widget_class_install_action (widget_class, "logs.search-previous", NULL, search_next_action);
  gtk_widget_class_install_action (widget_class, "logs.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "logs.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "logs.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "logs.clear", NULL, clear_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "logs.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "logs.search-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "logs.search-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "logs.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "logs.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "logs.clear", NULL);

  gtk_widget_class_set_css_name (widget_class, "berthlogview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
berth_log_view_init (BerthLogView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->backlog = g_string_new (NULL);
  self->feed_lines = FEED_START_LINES;
  self->settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
  self->follow = TRUE;
  self->timestamps = g_settings_get_boolean (self->settings, "log-timestamps");
  g_signal_connect (self->settings, "changed::log-scrollback-lines", G_CALLBACK (on_scrollback_changed), self);

  vte_terminal_set_input_enabled (VTE_TERMINAL (self->terminal), FALSE);
  vte_terminal_set_scroll_on_output (VTE_TERMINAL (self->terminal), TRUE);
  vte_terminal_set_scroll_on_keystroke (VTE_TERMINAL (self->terminal), FALSE);
  /* Nothing is typed here: no cursor (DECTCEM). */
  vte_terminal_feed (VTE_TERMINAL (self->terminal), "\033[?25l", -1);
  on_scrollback_changed (self->settings, "log-scrollback-lines", self);
}
