/* test-doctor-engine.c: berth-cli doctor when the engine or the compose file
 * is the problem (suite engine).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "berth-test.h"

static JsonArray *
last_line_array (const char *out, JsonNode **keep)
{
  g_autofree char *copy = g_strstrip (g_strdup (out));
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);
  guint n = g_strv_length (lines);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (n, >, 0);
  *keep = json_from_string (lines[n - 1], &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*keep));
  return json_node_get_array (*keep);
}

static JsonObject *
find (JsonArray *checks, const char *id)
{
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *c = json_array_get_object_element (checks, i);
      if (g_str_equal (json_object_get_string_member (c, "id"), id))
        return c;
    }
  g_error ("no check %s", id);
  return NULL;
}

static void
test_doctor_bad_compose_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("berth-test-wf-doctor-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "compose.yml", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *checks;
  JsonObject *c;
  int code = -1;
  const char *argv[] = { berth_test_cli (), "-H", berth_test_engine_host (), "-f", file, "doctor", "--json", NULL };

  g_file_set_contents (file, "services:\n  api:\n    image: x\n   bad: [\n", -1, &error);
  g_assert_no_error (error);
  berth_test_run (argv, &out, &err, &code, &error);
  g_assert_no_error (error);
  g_assert_cmpint (code, ==, 1);

  checks = last_line_array (out, &node);
  g_assert_cmpstr (json_object_get_string_member (find (checks, "engine.reachable"), "status"), ==, "pass");
  c = find (checks, "compose.load");
  g_assert_cmpstr (json_object_get_string_member (c, "status"), ==, "fail");
  /* The error names the place: file:line:column. */
  g_assert_nonnull (strstr (json_object_get_string_member (c, "finding"), "compose.yml:"));
  g_assert_cmpstr (json_object_get_string_member (find (checks, "services"), "status"), ==, "skip");

  g_unlink (file);
  g_rmdir (dir);
}

static void
test_doctor_unreachable (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *file = berth_test_source_path ("data", "demo", "probeops-backend", "docker-compose.backend.yml", NULL);
  JsonArray *checks;
  int code = -1;
  const char *argv[] = { berth_test_cli (), "-H", "unix:///nonexistent/berth-test.sock", "-f", file,
                         "doctor", "--json", NULL };

  berth_test_engine_host ();
  berth_test_run (argv, &out, &err, &code, &error);
  g_assert_no_error (error);
  g_assert_cmpint (code, ==, 3);
  checks = last_line_array (out, &node);
  g_assert_cmpstr (json_object_get_string_member (find (checks, "engine.reachable"), "status"), ==, "fail");
  g_assert_cmpstr (json_object_get_string_member (find (checks, "compose.load"), "status"), ==, "pass");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/doctor-engine/bad-compose-file", test_doctor_bad_compose_file);
  g_test_add_func ("/doctor-engine/unreachable", test_doctor_unreachable);

  return g_test_run ();
}
