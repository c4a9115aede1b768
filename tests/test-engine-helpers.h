/* test-engine-helpers.h: what the engine test programs share: one engine,
 * a per-run name prefix and label, and the containers to remove at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>

#include "berth-build-context.h"
#include "berth-engine.h"
#include "berth-engine-build.h"
#include "berth-engine-containers.h"
#include "berth-engine-events.h"
#include "berth-engine-exec.h"
#include "berth-engine-logs.h"
#include "berth-engine-resources.h"
#include "berth-test.h"

#define IMAGE "debian:bookworm-slim"

static BerthEngine *engine;
static char *prefix;
static GPtrArray *containers;   /* ids to remove at the end */

/* --- helpers --- */

G_GNUC_UNUSED static char *
unique_name (const char *what)
{
  return g_strdup_printf ("%s-%s", prefix, what);
}

G_GNUC_UNUSED static JsonObject *
container_config (const char * const *cmd,
                  gboolean            tty)
{
  JsonObject *config = json_object_new ();
  JsonObject *labels = json_object_new ();
  JsonArray *argv = json_array_new ();

  json_object_set_string_member (config, "Image", IMAGE);
  for (guint i = 0; cmd[i]; i++)
    json_array_add_string_element (argv, cmd[i]);
  json_object_set_array_member (config, "Cmd", argv);
  json_object_set_boolean_member (config, "Tty", tty);
  json_object_set_string_member (labels, "berth.test", prefix);
  json_object_set_object_member (config, "Labels", labels);
  return config;
}

G_GNUC_UNUSED static char *
create_with (const char *what,
             JsonObject *config)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = unique_name (what);
  char *id = berth_engine_container_create_sync (engine, name, config, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_ptr_array_add (containers, g_strdup (id));
  return id;
}

G_GNUC_UNUSED static char *
create_container (const char         *what,
                  const char * const *cmd,
                  gboolean            tty)
{
  g_autoptr(JsonObject) config = container_config (cmd, tty);

  return create_with (what, config);
}

G_GNUC_UNUSED static char *
run_container (const char         *what,
               const char * const *cmd,
               gboolean            tty)
{
  g_autoptr(GError) error = NULL;
  char *id = create_container (what, cmd, tty);

  g_assert_true (berth_engine_container_start_sync (engine, id, NULL, &error));
  g_assert_no_error (error);
  return id;
}

G_GNUC_UNUSED static const char *
container_status (const char *id)
{
  static char status[32];
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) inspect = berth_engine_container_inspect_sync (engine, id, NULL, &error);
  JsonObject *state;

  g_assert_no_error (error);
  state = json_object_get_object_member (inspect, "State");
  g_strlcpy (status, json_object_get_string_member (state, "Status"), sizeof status);
  return status;
}

G_GNUC_UNUSED static void
wait_for (gboolean *flag,
          guint     seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);
  g_assert_true (*flag);
}

G_GNUC_UNUSED static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

G_GNUC_UNUSED static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);
  g_assert_nonnull (*slot);
  return *slot;
}

typedef struct
{
  GString *seq;
  int      last;
  guint    chunks;
  gboolean seen_marker;
  const char *marker;
} LogCollect;

G_GNUC_UNUSED static gboolean
collect_log (BerthStreamType  stream,
             const guint8    *data,
             gsize            len,
             gpointer         user_data)
{
  LogCollect *c = user_data;

  if ((int) stream != c->last)
    {
      g_string_append_printf (c->seq, "|%d:", stream);
      c->last = stream;
    }
  g_string_append_len (c->seq, (const char *) data, len);
  c->chunks++;
  if (c->marker != NULL && strstr (c->seq->str, c->marker) != NULL)
    c->seen_marker = TRUE;
  return TRUE;
}

G_GNUC_UNUSED static void
wait_exit (const char *id)
{
  g_autoptr(GError) error = NULL;
  gint64 code = -1;

  g_assert_true (berth_engine_container_wait_sync (engine, id, NULL, &code, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (code, ==, 0);
}

G_GNUC_UNUSED static void
cleanup (void)
{
  g_autofree char *label = g_strdup_printf ("label=berth.test=%s", prefix);
  const char *filters[] = { label, NULL };
  g_autoptr(JsonArray) left = berth_engine_containers_list_sync (engine, TRUE, filters, NULL, NULL);

  for (guint i = 0; left && i < json_array_get_length (left); i++)
    berth_engine_container_remove_sync (engine,
                                        json_object_get_string_member (json_array_get_object_element (left, i), "Id"),
                                        TRUE, TRUE, NULL, NULL);
  for (guint i = 0; i < containers->len; i++)
    berth_engine_container_remove_sync (engine, g_ptr_array_index (containers, i), TRUE, TRUE, NULL, NULL);
}

G_GNUC_UNUSED static void
engine_tests_init (const char *area)
{
  g_autoptr(GError) error = NULL;

  engine = berth_engine_new (berth_test_engine_host (), &error);
  g_assert_no_error (error);
  prefix = g_strdup_printf ("berth-test-%s-%08x", area, g_random_int ());
  containers = g_ptr_array_new_with_free_func (g_free);
}

G_GNUC_UNUSED static int
engine_tests_finish (int ret)
{
  cleanup ();
  g_ptr_array_unref (containers);
  g_free (prefix);
  g_object_unref (engine);
  return ret;
}
