/* fuzz-compose.c: libFuzzer target for the compose loader (YAML parsing,
 * anchors and merge keys, interpolation, typed conversion, validation,
 * JSON and YAML output).  Built by the meson option "fuzzing" (clang), by
 * tests/compose-fuzz.sh, and as a replay driver with any compiler
 * (fuzz-compose-replay.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>

#include "berth-compose.h"
#include "berth-compose-project-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static GHashTable *env;
  g_autoptr(BerthComposeProject) project = NULL;
  g_autoptr(GError) error = NULL;

  if (env == NULL)
    {
      env = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_insert (env, (char *) "HOME", (char *) "/home/fuzz");
      g_hash_table_insert (env, (char *) "TAG", (char *) "1.0");
      g_hash_table_insert (env, (char *) "EMPTY", (char *) "");
    }

  /* A directory without .env or env files, so that only the input matters. */
  project = berth_compose_project_load_data ("/nonexistent/fuzz/compose.yaml", (const char *) data, size,
                                             "/nonexistent/fuzz", env, &error);
  if (project != NULL)
    {
      g_autoptr(JsonNode) json = berth_compose_project_to_json (project, FALSE);
      g_autofree char *yaml = berth_compose_project_to_yaml (project, TRUE);
      g_autofree char *text = json_to_string (json, FALSE);
      GPtrArray *services = berth_compose_project_get_services (project);

      g_assert (text != NULL && yaml != NULL);

      for (guint i = 0; i < services->len; i++)
        g_free (berth_compose_service_config_hash (g_ptr_array_index (services, i)));
    }
  else
    g_assert (error != NULL && error->domain == BERTH_COMPOSE_ERROR);
  return 0;
}
