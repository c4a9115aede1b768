/* berth-ui-test.c: helpers shared by Berth's widget tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "berth-application.h"

#include "berth-test.h"
#include "berth-ui-test.h"

void
berth_ui_test_init (int    *argc,
                    char ***argv)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  GdkDisplay *display;

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  berth_ui_ensure_resources ();

  /* Screenshots show the final state, not a frame of a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  display = gdk_display_get_default ();
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display), BERTH_RESOURCE_PATH "/icons");
  gtk_css_provider_load_from_resource (css, BERTH_RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

void
berth_ui_test_save_png (GtkWidget  *widget,
                        const char *name)
{
  g_autofree char *dir = berth_test_build_path ("tests", "output", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width, height;

  paintable = gtk_widget_paintable_new (widget);

  /* Terminals redraw from their own timers: give them a moment. */
  {
    gint64 until = g_get_monotonic_time () + 300 * 1000;

    while (g_get_monotonic_time () < until)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (10 * 1000);
      }
  }

  /* Let the last changes reach the screen first; a window that is being
   * (re)mapped has nothing to render yet, so give it a moment. */
  for (guint attempt = 0; attempt < 100 && node == NULL; attempt++)
    {
      for (guint i = 0; i < 10; i++)
        while (g_main_context_iteration (NULL, FALSE))
          ;

      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (width > 0 && height > 0 && gtk_widget_get_mapped (widget))
        {
          snapshot = gtk_snapshot_new ();
          gdk_paintable_snapshot (paintable, snapshot, width, height);
          node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
        }
      if (node == NULL)
        g_usleep (50 * 1000);
    }
  if (node == NULL)
    g_error ("could not render %s for the screenshot %s", G_OBJECT_TYPE_NAME (widget), name);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}
