/* berth-terminal.c: the VteTerminal of Berth's log and shell views.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "berth-application.h"
#include "berth-terminal.h"

#define SYSTEM_INTERFACE_SCHEMA "org.gnome.desktop.interface"
#define FALLBACK_FONT           "Monospace 11"

struct _BerthTerminal
{
  VteTerminal  parent_instance;

  GSettings   *settings;
  GSettings   *interface_settings;  /* NULL without the desktop schema */
  gboolean     dark;
  glong        columns;
  glong        rows;
};

G_DEFINE_FINAL_TYPE (BerthTerminal, berth_terminal, VTE_TYPE_TERMINAL)

enum { SIGNAL_GRID_CHANGED, N_SIGNALS };

static GtkCssProvider *padding_css;
static guint signals[N_SIGNALS];

/* Tango, as GNOME's terminals ship it; the light variant darkens the
 * colours that are unreadable on white. */
static const char * const palette_dark[16] = {
  "#2e3436", "#cc0000", "#4e9a06", "#c4a000", "#3465a4", "#75507b", "#06989a", "#d3d7cf",
  "#555753", "#ef2929", "#8ae234", "#fce94f", "#729fcf", "#ad7fa8", "#34e2e2", "#eeeeec",
};
static const char * const palette_light[16] = {
  "#2e3436", "#c01c28", "#26a269", "#986a00", "#1c71d8", "#813d9c", "#0f7f85", "#9a9996",
  "#5e5c64", "#e01b24", "#2ec27e", "#a87c00", "#3584e4", "#9141ac", "#1a9ba1", "#77767b",
};

static void
berth_terminal_update_colours (BerthTerminal *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  const char * const *names;
  GdkRGBA palette[16], fg, bg;

  self->dark = adw_style_manager_get_dark (manager);
  names = self->dark ? palette_dark : palette_light;
  for (guint i = 0; i < G_N_ELEMENTS (palette); i++)
    gdk_rgba_parse (&palette[i], names[i]);
  /* libadwaita's view colours, so the terminal sits in the window. */
  gdk_rgba_parse (&fg, self->dark ? "#ffffff" : "#1e1e1e");
  gdk_rgba_parse (&bg, self->dark ? "#1e1e1e" : "#ffffff");
  vte_terminal_set_colors (VTE_TERMINAL (self), &fg, &bg, palette, G_N_ELEMENTS (palette));
}

char *
berth_terminal_dup_font_name (BerthTerminal *self)
{
  g_autofree char *font = NULL;

  g_return_val_if_fail (BERTH_IS_TERMINAL (self), NULL);

  if (g_settings_get_boolean (self->settings, "terminal-use-system-font"))
    {
      if (self->interface_settings != NULL)
        font = g_settings_get_string (self->interface_settings, "monospace-font-name");
    }
  else
    font = g_settings_get_string (self->settings, "terminal-font");

  if (font == NULL || *font == '\0')
    return g_strdup (FALLBACK_FONT);
  return g_steal_pointer (&font);
}

gboolean
berth_terminal_get_dark (BerthTerminal *self)
{
  g_return_val_if_fail (BERTH_IS_TERMINAL (self), FALSE);

  return self->dark;
}

static void
berth_terminal_update_font (BerthTerminal *self)
{
  g_autofree char *name = berth_terminal_dup_font_name (self);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (name);

  if (pango_font_description_get_family (desc) == NULL)
    pango_font_description_set_family (desc, "Monospace");
  if (pango_font_description_get_size (desc) <= 0)
    pango_font_description_set_size (desc, 11 * PANGO_SCALE);
  vte_terminal_set_font (VTE_TERMINAL (self), desc);
}

static void
on_font_setting_changed (GSettings     *settings,
                         const char    *key,
                         BerthTerminal *self)
{
  berth_terminal_update_font (self);
}

static void
on_dark_changed (AdwStyleManager *manager,
                 GParamSpec      *pspec,
                 BerthTerminal   *self)
{
  berth_terminal_update_colours (self);
}

static void
berth_terminal_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  BerthTerminal *self = BERTH_TERMINAL (widget);
  glong columns, rows;

  GTK_WIDGET_CLASS (berth_terminal_parent_class)->size_allocate (widget, width, height, baseline);

  /* VTE resizes its grid while allocating; a remote TTY has to be told. */
  columns = vte_terminal_get_column_count (VTE_TERMINAL (self));
  rows = vte_terminal_get_row_count (VTE_TERMINAL (self));
  if (columns != self->columns || rows != self->rows)
    {
      self->columns = columns;
      self->rows = rows;
      g_signal_emit (self, signals[SIGNAL_GRID_CHANGED], 0, (guint) columns, (guint) rows);
    }
}

static void
berth_terminal_dispose (GObject *object)
{
  BerthTerminal *self = BERTH_TERMINAL (object);

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  g_clear_object (&self->settings);
  g_clear_object (&self->interface_settings);

  G_OBJECT_CLASS (berth_terminal_parent_class)->dispose (object);
}

static void
berth_terminal_class_init (BerthTerminalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_terminal_dispose;
  widget_class->size_allocate = berth_terminal_size_allocate;

  signals[SIGNAL_GRID_CHANGED] =
    g_signal_new ("grid-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
berth_terminal_init (BerthTerminal *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  self->settings = g_settings_new (BERTH_SETTINGS_SCHEMA);
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SYSTEM_INTERFACE_SCHEMA, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "monospace-font-name"))
    {
      self->interface_settings = g_settings_new (SYSTEM_INTERFACE_SCHEMA);
      g_signal_connect (self->interface_settings, "changed::monospace-font-name",
                        G_CALLBACK (on_font_setting_changed), self);
    }
  g_signal_connect (self->settings, "changed::terminal-use-system-font",
                    G_CALLBACK (on_font_setting_changed), self);
  g_signal_connect (self->settings, "changed::terminal-font",
                    G_CALLBACK (on_font_setting_changed), self);
  g_signal_connect (adw_style_manager_get_default (), "notify::dark",
                    G_CALLBACK (on_dark_changed), self);

  /* Text touching the window's edge is hard to read, as in Console. */
  if (g_once_init_enter (&padding_css))
    {
      GtkCssProvider *provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_data (provider, "vte-terminal { padding: 6px 10px; }", -1);
      g_once_init_leave (&padding_css, provider);
    }
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                  GTK_STYLE_PROVIDER (padding_css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  vte_terminal_set_cursor_blink_mode (VTE_TERMINAL (self), VTE_CURSOR_BLINK_OFF);
  vte_terminal_set_mouse_autohide (VTE_TERMINAL (self), TRUE);
  vte_terminal_set_bold_is_bright (VTE_TERMINAL (self), TRUE);
  vte_terminal_set_enable_fallback_scrolling (VTE_TERMINAL (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  berth_terminal_update_colours (self);
  berth_terminal_update_font (self);
}

GtkWidget *
berth_terminal_new (void)
{
  return g_object_new (BERTH_TYPE_TERMINAL, NULL);
}
