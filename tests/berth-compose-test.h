/* berth-compose-test.h: helpers shared by the compose operation tests
 * (test-compose-ops, test-compose-interop, test-compose-demo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <signal.h>
#include <stdlib.h>

#include "berth-compose-labels.h"
#include "berth-engine-containers.h"
#include "berth-engine-resources.h"
#include "berth-test.h"

static inline BerthEngine *
berth_test_open_engine (void)
{
  g_autoptr(GError) error = NULL;
  BerthEngine *engine = berth_engine_new (berth_test_engine_host (), &error);

  g_assert_no_error (error);
  return engine;
}

/* The row of `berth-cli ps --json` output for service (it must be there). */
static inline JsonObject *
berth_test_json_row (JsonArray  *array,
                     const char *service)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (o, "service"), service) == 0)
        return o;
    }
  g_assert_not_reached ();
  return NULL;
}

/* Removes the containers, networks, volumes (and, with images, the images)
 * of every compose project whose name starts with prefix. */
static inline void
berth_test_sweep_projects (const char *prefix,
                           gboolean    images)
{
  g_autoptr(BerthEngine) engine = berth_engine_new (berth_test_engine_host (), NULL);
  const char * const filters[] = { "label=" BERTH_COMPOSE_LABEL_PROJECT, NULL };
  g_autoptr(JsonArray) containers = NULL;
  g_autoptr(JsonArray) networks = NULL;
  g_autoptr(JsonArray) volumes = NULL;
  g_autoptr(JsonArray) image_list = NULL;

  if (engine == NULL)
    return;
  containers = berth_engine_containers_list_sync (engine, TRUE, filters, NULL, NULL);
  for (guint i = 0; containers && i < json_array_get_length (containers); i++)
    {
      JsonObject *c = json_array_get_object_element (containers, i);
      JsonObject *labels = json_object_get_object_member (c, "Labels");
      const char *p = json_object_get_string_member_with_default (labels, BERTH_COMPOSE_LABEL_PROJECT, "");

      if (g_str_has_prefix (p, prefix))
        berth_engine_container_remove_sync (engine, json_object_get_string_member (c, "Id"), TRUE, TRUE, NULL, NULL);
    }
  networks = berth_engine_networks_list_sync (engine, filters, NULL, NULL);
  for (guint i = 0; networks && i < json_array_get_length (networks); i++)
    {
      const char *n = json_object_get_string_member (json_array_get_object_element (networks, i), "Name");

      if (g_str_has_prefix (n, prefix))
        berth_engine_network_remove_sync (engine, n, NULL, NULL);
    }
  volumes = berth_engine_volumes_list_sync (engine, filters, NULL, NULL);
  for (guint i = 0; volumes && i < json_array_get_length (volumes); i++)
    {
      const char *n = json_object_get_string_member (json_array_get_object_element (volumes, i), "Name");

      if (g_str_has_prefix (n, prefix))
        berth_engine_volume_remove_sync (engine, n, TRUE, NULL, NULL);
    }
  if (!images)
    return;
  image_list = berth_engine_images_list_sync (engine, FALSE, filters, NULL, NULL);
  for (guint i = 0; image_list && i < json_array_get_length (image_list); i++)
    {
      JsonObject *img = json_array_get_object_element (image_list, i);
      JsonObject *labels = json_object_get_object_member (img, "Labels");
      const char *p = labels ? json_object_get_string_member_with_default (labels, BERTH_COMPOSE_LABEL_PROJECT, "") : "";

      if (g_str_has_prefix (p, prefix))
        berth_engine_image_remove_sync (engine, json_object_get_string_member (img, "Id"), TRUE, NULL, NULL);
    }
}

static void (*berth_test_sweep_func) (void);

static inline void
berth_test_sweep_on_abort (int sig)
{
  signal (SIGABRT, SIG_DFL);
  berth_test_sweep_func ();
  abort ();
}

/* Runs sweep when an assertion aborts the test. */
static inline void
berth_test_sweep_on_abort_set (void (*sweep) (void))
{
  berth_test_sweep_func = sweep;
  signal (SIGABRT, berth_test_sweep_on_abort);
}
