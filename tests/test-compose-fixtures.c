/* test-compose-fixtures.c: the compose fixture corpus under tests/compose/.
 *
 * valid/<case>/: a project directory (compose file discovered, or the files
 * listed one per line in "files"); "expected.json" is the output of
 * berth_compose_project_to_json (project, FALSE) with @DIR@ standing for the
 * case directory; "warnings" (optional) lists the exact warnings.
 * broken/<case>.yml: "<case>.err" holds the exact error message, the file
 * named relative to broken/.
 *
 * BERTH_REGENERATE=1 rewrites the expectations (review the diff!).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "berth-compose.h"
#include "berth-test.h"

/* The fixed "process environment" every fixture is loaded with. */
static GHashTable *
fixture_environment (void)
{
  GHashTable *env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (env, g_strdup ("HOME"), g_strdup ("/home/berth"));
  g_hash_table_insert (env, g_strdup ("FROM_PROCESS"), g_strdup ("process-value"));
  g_hash_table_insert (env, g_strdup ("OVERRIDDEN"), g_strdup ("from-process"));
  g_hash_table_insert (env, g_strdup ("EMPTY"), g_strdup (""));
  g_hash_table_insert (env, g_strdup ("TAG"), g_strdup ("1.2.3"));
  return env;
}

static char *
replace_all (const char *text, const char *from, const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);
  return g_strjoinv (to, parts);
}

static gboolean
regenerate (void)
{
  return g_strcmp0 (g_getenv ("BERTH_REGENERATE"), "1") == 0;
}

static char *
warnings_text (BerthComposeProject *project, const char *dir)
{
  GPtrArray *warnings = berth_compose_project_get_warnings (project);
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *prefix = g_strconcat (dir, "/", NULL);

  for (guint i = 0; i < warnings->len; i++)
    {
      g_autofree char *w = replace_all (g_ptr_array_index (warnings, i), prefix, "");
      g_string_append_printf (s, "%s\n", w);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_valid_case (gconstpointer data)
{
  const char *dir = data;
  g_autoptr(GHashTable) env = fixture_environment ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthComposeProject) project = NULL;
  g_autoptr(GStrvBuilder) files = g_strv_builder_new ();
  g_auto(GStrv) file_list = NULL;
  g_autofree char *files_path = g_build_filename (dir, "files", NULL);
  g_autofree char *files_text = NULL;
  g_autofree char *expected_path = g_build_filename (dir, "expected.json", NULL);
  g_autofree char *warnings_path = g_build_filename (dir, "warnings", NULL);
  g_autofree char *expected_raw = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *actual_rel = NULL;
  g_autofree char *warnings = NULL;
  g_autoptr(JsonNode) json = NULL;

  if (g_file_get_contents (files_path, &files_text, NULL, NULL))
    {
      g_auto(GStrv) lines = g_strsplit (g_strstrip (files_text), "\n", -1);
      for (guint i = 0; lines[i]; i++)
        {
          g_autofree char *abs = g_build_filename (dir, g_strstrip (lines[i]), NULL);
          g_strv_builder_add (files, abs);
        }
      file_list = g_strv_builder_end (files);
    }

  project = berth_compose_project_load (dir, (const char * const *) file_list, NULL, env, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);

  json = berth_compose_project_to_json (project, FALSE);
  actual = json_to_string (json, TRUE);
  actual_rel = replace_all (actual, dir, "@DIR@");
  warnings = warnings_text (project, dir);

  if (regenerate ())
    {
      g_autofree char *with_nl = g_strconcat (actual_rel, "\n", NULL);
      g_assert_true (g_file_set_contents (expected_path, with_nl, -1, NULL));
      if (warnings[0] != '\0')
        g_assert_true (g_file_set_contents (warnings_path, warnings, -1, NULL));
      else
        g_unlink (warnings_path);
      return;
    }

  g_assert_true (g_file_get_contents (expected_path, &expected_raw, NULL, NULL));
  g_strchomp (expected_raw);
  g_assert_cmpstr (actual_rel, ==, expected_raw);

  {
    g_autofree char *expected_warnings = NULL;
    if (!g_file_get_contents (warnings_path, &expected_warnings, NULL, NULL))
      expected_warnings = g_strdup ("");
    g_assert_cmpstr (warnings, ==, expected_warnings);
  }
}

static void
test_broken_case (gconstpointer data)
{
  const char *file = data;
  g_autofree char *dir = g_path_get_dirname (file);
  g_autofree char *prefix = g_strconcat (dir, "/", NULL);
  g_autofree char *err_path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GHashTable) env = fixture_environment ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthComposeProject) project = NULL;
  const char *files[] = { file, NULL };

  err_path = g_strndup (file, strlen (file) - strlen (".yml"));
  {
    char *tmp = g_strconcat (err_path, ".err", NULL);
    g_free (err_path);
    err_path = tmp;
  }

  project = berth_compose_project_load (dir, files, "broken", env, &error);
  g_assert_null (project);
  g_assert_nonnull (error);
  g_assert_true (error->domain == BERTH_COMPOSE_ERROR);
  actual = replace_all (error->message, prefix, "");

  if (regenerate ())
    {
      g_autofree char *with_nl = g_strconcat (actual, "\n", NULL);
      g_assert_true (g_file_set_contents (err_path, with_nl, -1, NULL));
      return;
    }
  g_assert_true (g_file_get_contents (err_path, &expected, NULL, NULL));
  g_strchomp (expected);
  g_assert_cmpstr (actual, ==, expected);
}

static GPtrArray *
list_dir (const char *dir, gboolean dirs, const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (dirs != g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      if (suffix != NULL && !g_str_has_suffix (name, suffix))
        continue;
      g_ptr_array_add (out, g_steal_pointer (&path));
    }
  return out;
}

static gint
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int argc, char **argv)
{
  g_autofree char *valid_dir = NULL;
  g_autofree char *broken_dir = NULL;
  g_autoptr(GPtrArray) valid = NULL;
  g_autoptr(GPtrArray) broken = NULL;

  g_test_init (&argc, &argv, NULL);

  valid_dir = berth_test_source_path ("tests", "compose", "valid", NULL);
  broken_dir = berth_test_source_path ("tests", "compose", "broken", NULL);
  valid = list_dir (valid_dir, TRUE, NULL);
  broken = list_dir (broken_dir, FALSE, ".yml");
  g_ptr_array_sort (valid, compare_paths);
  g_ptr_array_sort (broken, compare_paths);

  /* The corpus is part of the contract: keep it from shrinking unnoticed. */
  g_assert_cmpuint (valid->len, >=, 20);
  g_assert_cmpuint (broken->len, >=, 15);

  for (guint i = 0; i < valid->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (valid, i));
      g_autofree char *name = g_strdup_printf ("/compose/valid/%s", base);
      g_test_add_data_func (name, g_ptr_array_index (valid, i), test_valid_case);
    }
  for (guint i = 0; i < broken->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (broken, i));
      g_autofree char *name = g_strdup_printf ("/compose/broken/%s", base);
      g_test_add_data_func (name, g_ptr_array_index (broken, i), test_broken_case);
    }

  return g_test_run ();
}
