/* test-dockerignore.c: .dockerignore rules and the build context tarball.
 *
 * Expected answers follow moby/patternmatcher (MatchesOrParentMatches) and
 * the docker CLI's ignorefile reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <string.h>

#include "berth-build-context.h"
#include "berth-dockerignore.h"
#include "berth-engine.h"
#include "berth-test.h"

static BerthDockerignore *
matcher (const char *text)
{
  g_autoptr(GError) error = NULL;
  BerthDockerignore *ignore = berth_dockerignore_new ();

  g_assert_true (berth_dockerignore_parse (ignore, text, ".dockerignore", &error));
  g_assert_no_error (error);
  return ignore;
}

typedef struct { const char *path; gboolean excluded; } Case;

static void
check (const char *text,
       const Case *cases,
       guint       n)
{
  g_autoptr(BerthDockerignore) ignore = matcher (text);

  for (guint i = 0; i < n; i++)
    if (berth_dockerignore_matches (ignore, cases[i].path) != cases[i].excluded)
      g_error ("pattern set %s: %s should %sbe excluded", text, cases[i].path,
               cases[i].excluded ? "" : "not ");
}

static void
test_clean (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "a/b/../c", "a/c" }, { "./a//b/", "a/b" }, { "/a/b", "/a/b" }, { "..", ".." },
    { "../../a", "../../a" }, { "/../a", "/a" }, { "", "." }, { "a/..", "." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = berth_dockerignore_clean_path (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_basic (void)
{
  static const Case cases[] = {
    { "foo.go", TRUE }, { "dir/foo.go", FALSE }, { "foo.c", FALSE },
    { "docs", TRUE }, { "docs/a/b.md", TRUE }, { "docsx", FALSE },
    { "large.bin", TRUE }, { "sub/large.bin", FALSE },
    { "node_modules/x/y.js", TRUE },
    { "b", TRUE }, { "a", FALSE },
    { "  spaced", FALSE }, { "spaced", TRUE },
  };

  check ("# a comment\n"
         "*.go\n"
         "docs\n"
         "/large.bin\n"
         "node_modules/\n"
         "a/../b\n"
         "   spaced   \n"
         "\n",
         cases, G_N_ELEMENTS (cases));
}

static void
test_double_star (void)
{
  static const Case cases[] = {
    { "foo.pyc", TRUE }, { "a/foo.pyc", TRUE }, { "a/b/c/foo.pyc", TRUE }, { "foo.py", FALSE },
    { "build/out", TRUE }, { "build", FALSE }, { "src/build/out", FALSE },
    { "x/cache/y", TRUE }, { "cache/y", TRUE }, { "x/cachey", FALSE },
  };

  check ("**/*.pyc\nbuild/**\n**/cache/**\n", cases, G_N_ELEMENTS (cases));
}

static void
test_exceptions_last_wins (void)
{
  static const Case cases[] = {
    { "a.md", TRUE }, { "README.md", FALSE }, { "docs/x.md", FALSE },
    { "logs/a.log", TRUE }, { "logs/keep.log", FALSE }, { "logs/sub/b.log", TRUE },
    { "secret.txt", TRUE }, { "plain.txt", FALSE },
  };

  check ("*.md\n!README.md\nlogs\n!logs/keep.log\n*.txt\n!*.txt\nsecret.txt\n",
         cases, G_N_ELEMENTS (cases));
}

static void
test_classes_and_escapes (void)
{
  static const Case cases[] = {
    { "a.txt", TRUE }, { "c.txt", TRUE }, { "d.txt", FALSE },
    { "file1", TRUE }, { "file12", FALSE },
    { "star*", TRUE }, { "starX", FALSE },
    { "a+b(c)", TRUE }, { "aab(c)", FALSE },
  };

  check ("[a-c].txt\nfile?\nstar\\*\na+b(c)\n", cases, G_N_ELEMENTS (cases));
}

static void
test_everything (void)
{
  static const Case cases[] = {
    { "anything", TRUE }, { "deep/down/file", TRUE }, { "Dockerfile", FALSE },
  };

  check ("**\n!Dockerfile\n", cases, G_N_ELEMENTS (cases));
}

static void
test_bad_pattern (void)
{
  g_autoptr(BerthDockerignore) ignore = berth_dockerignore_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (berth_dockerignore_parse (ignore, "ok\n!\n", "/ctx/.dockerignore", &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "/ctx/.dockerignore:2:"));
  g_clear_error (&error);

  g_assert_false (berth_dockerignore_parse (ignore, "[unclosed\n", NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, ".dockerignore:1:"));
}

/* --- the tarball --- */

static void
write_file (const char *dir,
            const char *name,
            const char *contents,
            gsize       size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (parent, 0755);
  g_file_set_contents (path, contents, size, &error);
  g_assert_no_error (error);
}

static GHashTable *
tar_entries (GBytes *tar)
{
  GHashTable *entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  gsize len;
  const void *data = g_bytes_get_data (tar, &len);

  archive_read_support_format_tar (a);
  g_assert_cmpint (archive_read_open_memory (a, data, len), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      g_assert_cmpint (archive_entry_uid (entry), ==, 0);
      g_hash_table_insert (entries, g_strdup (archive_entry_pathname (entry)),
                           GINT_TO_POINTER ((int) archive_entry_size (entry) + 1));
    }
  archive_read_free (a);
  return entries;
}

static void
test_context_tar (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("berth-context-XXXXXX", &error);
  g_autofree char *large = g_malloc0 (8 * 1024 * 1024);
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(GHashTable) entries = NULL;

  g_assert_no_error (error);
  write_file (dir, "Dockerfile", "FROM debian:bookworm-slim\n", -1);
  write_file (dir, ".dockerignore", "# excluded on purpose\nlarge.bin\nlogs\n!logs/keep.log\n*.tmp\nDockerfile\n.dockerignore\n", -1);
  write_file (dir, "large.bin", large, 8 * 1024 * 1024);
  write_file (dir, "logs/a.log", "a", -1);
  write_file (dir, "logs/keep.log", "keep", -1);
  write_file (dir, "src/app.py", "print('hi')\n", -1);
  write_file (dir, "x.tmp", "tmp", -1);
  write_file (dir, "src/nested.tmp", "tmp", -1);

  tar = berth_build_context_create (dir, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tar);
  g_assert_cmpuint (g_bytes_get_size (tar), <, 1024 * 1024);

  entries = tar_entries (tar);
  g_assert_true (g_hash_table_contains (entries, "Dockerfile"));
  g_assert_true (g_hash_table_contains (entries, ".dockerignore"));
  g_assert_true (g_hash_table_contains (entries, "src/"));
  g_assert_true (g_hash_table_contains (entries, "src/app.py"));
  g_assert_true (g_hash_table_contains (entries, "logs/keep.log"));
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (entries, "logs/keep.log")), ==, 5);
  g_assert_false (g_hash_table_contains (entries, "large.bin"));
  g_assert_false (g_hash_table_contains (entries, "logs/a.log"));
  g_assert_false (g_hash_table_contains (entries, "logs/"));
  g_assert_false (g_hash_table_contains (entries, "x.tmp"));
  /* "*.tmp" is only the top level */
  g_assert_true (g_hash_table_contains (entries, "src/nested.tmp"));

  /* A missing Dockerfile is a clear error. */
  g_clear_pointer (&tar, g_bytes_unref);
  tar = berth_build_context_create (dir, "other/Dockerfile", NULL, &error);
  g_assert_null (tar);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "other/Dockerfile"));

  {
    const char *rm[] = { "rm", "-rf", dir, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dockerignore/clean", test_clean);
  g_test_add_func ("/dockerignore/basic", test_basic);
  g_test_add_func ("/dockerignore/double-star", test_double_star);
  g_test_add_func ("/dockerignore/exceptions-last-wins", test_exceptions_last_wins);
  g_test_add_func ("/dockerignore/classes-and-escapes", test_classes_and_escapes);
  g_test_add_func ("/dockerignore/everything", test_everything);
  g_test_add_func ("/dockerignore/bad-pattern", test_bad_pattern);
  g_test_add_func ("/dockerignore/context-tar", test_context_tar);

  return g_test_run ();
}
