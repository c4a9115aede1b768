/* test-migration-demo.c: `berth-cli db ...` on the demo backend running on
 * the test engine (BERTH_TEST_DOCKER_HOST).
 *
 * The stack is a private copy of data/demo/probeops-backend brought up with
 * Debian's docker-compose (a reference implementation, not Berth's code)
 * under a unique project, network and image names, on a free host port.
 * The steps run in a subprocess so that the stack is always taken down
 * (`down -v --rmi all`), whatever fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "berth-test.h"

#define HEAD0 "3f431c11880b"  /* the demo's head */

/* A message a shell would mangle; it must reach the file verbatim. */
#define NASTY_MESSAGE "add login_count: q\"uote's $(touch /tmp/berth-pwned) `id` ; rm -rf / #\nsecond line"

static const char *
env (const char *name)
{
  const char *v = g_getenv (name);

  if (v == NULL)
    g_error ("%s not set", name);
  return v;
}

static char *
compose_file (const char *name)
{
  return g_build_filename (env ("BERTH_TEST_MIG_DIR"), name, NULL);
}

static gboolean
use_bind_mount (void)
{
  g_autofree char *override = compose_file ("docker-compose.bind.yml");
  return g_file_test (override, G_FILE_TEST_EXISTS);
}

static void
add_files (GPtrArray *argv)
{
  g_ptr_array_add (argv, g_strdup ("-f"));
  g_ptr_array_add (argv, compose_file ("docker-compose.backend.yml"));
  if (use_bind_mount ())
    {
      g_ptr_array_add (argv, g_strdup ("-f"));
      g_ptr_array_add (argv, compose_file ("docker-compose.bind.yml"));
    }
}

/* docker-compose (v1, Debian's) as the test's reference tool. */
static int
compose_v (char **out, const char *first, va_list args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *err = NULL;
  g_autofree char *stdout_text = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code = -1;

  g_ptr_array_add (argv, g_find_program_in_path ("docker-compose"));
  g_assert_nonnull (argv->pdata[0]);
  add_files (argv);
  g_ptr_array_add (argv, g_strdup ("-p"));
  g_ptr_array_add (argv, g_strdup (env ("BERTH_TEST_MIG_PROJECT")));
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  g_ptr_array_add (argv, NULL);

  if (!berth_test_run ((const char * const *) argv->pdata, &stdout_text, &err, &exit_code, &error))
    g_error ("docker-compose: %s", error->message);
  if (exit_code != 0)
    g_printerr ("docker-compose %s failed (%d):\n%s\n%s\n", first, exit_code, stdout_text, err);
  if (out)
    *out = g_steal_pointer (&stdout_text);
  return exit_code;
}

static int G_GNUC_NULL_TERMINATED
compose (char **out, const char *first, ...)
{
  va_list args;
  int ret;

  va_start (args, first);
  ret = compose_v (out, first, args);
  va_end (args);
  return ret;
}

/* berth-cli -H HOST -p PROJECT -f FILE… first… (not NULL-terminated yet). */
static GPtrArray *
cli_argv (const char *first,
          va_list     args)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup (berth_test_cli ()));
  g_ptr_array_add (argv, g_strdup ("-H"));
  g_ptr_array_add (argv, g_strdup (berth_test_engine_host ()));
  g_ptr_array_add (argv, g_strdup ("-p"));
  g_ptr_array_add (argv, g_strdup (env ("BERTH_TEST_MIG_PROJECT")));
  add_files (argv);
  for (const char *a = first; a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  return argv;
}

static int G_GNUC_NULL_TERMINATED
cli (char **out, char **err, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code = -1;
  va_list args;

  va_start (args, first);
  argv = cli_argv (first, args);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (berth_test_run ((const char * const *) argv->pdata, out, err, &exit_code, &error));
  g_assert_no_error (error);
  return exit_code;
}

/* berth-cli on a terminal (script(1) gives it one), typing `input`. */
static int G_GNUC_NULL_TERMINATED
cli_tty (const char *input, char **out, const char *first, ...)
{
  g_autoptr(GString) command = g_string_new (NULL);
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_find_program_in_path ("script");
  va_list args;

  g_assert_nonnull (script);
  va_start (args, first);
  argv = cli_argv (first, args);
  va_end (args);
  for (guint i = 0; i < argv->len; i++)
    {
      g_autofree char *q = g_shell_quote (argv->pdata[i]);

      if (i > 0)
        g_string_append_c (command, ' ');
      g_string_append (command, q);
    }

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                           script, "-qec", command->str, "/dev/null", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, input, NULL, out, NULL, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static JsonObject *
cli_json (const char *first, ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code = -1;
  va_list args;

  va_start (args, first);
  argv = cli_argv (first, args);
  va_end (args);
  g_ptr_array_add (argv, g_strdup ("--json"));
  g_ptr_array_add (argv, NULL);

  g_assert_true (berth_test_run ((const char * const *) argv->pdata, &out, &err, &exit_code, &error));
  g_assert_no_error (error);
  if (exit_code != 0)
    g_error ("berth-cli %s --json exited %d:\n%s\n%s", first, exit_code, out, err);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
current_revision (void)
{
  g_autoptr(JsonObject) cur = cli_json ("db", "current", NULL);
  JsonArray *a = json_object_get_array_member (cur, "current");

  g_assert_cmpuint (json_array_get_length (a), ==, 1);
  return g_strdup (json_array_get_string_element (a, 0));
}

/* The api container runs `flask db upgrade` when it starts: wait for the
 * container to run and the database to be at `revision`. */
static void
wait_ready (const char *revision)
{
  for (guint attempt = 0; attempt < 90; attempt++)
    {
      g_autofree char *out = NULL, *err = NULL;

      if (cli (&out, &err, "db", "current", NULL) == 0 && g_str_has_prefix (out, revision))
        return;
      g_usleep (2 * G_USEC_PER_SEC);
    }
  g_error ("the api never reached revision %s", revision);
}

static JsonObject *
find_revision (JsonObject *history, const char *revision)
{
  JsonArray *revs = json_object_get_array_member (history, "revisions");

  for (guint i = 0; i < json_array_get_length (revs); i++)
    {
      JsonObject *r = json_array_get_object_element (revs, i);

      if (g_str_equal (json_object_get_string_member (r, "revision"), revision))
        return r;
    }
  g_error ("revision %s not in the history", revision);
  return NULL;
}

static void
edit_models (const char *anchor, const char *insert)
{
  g_autofree char *path = g_build_filename (env ("BERTH_TEST_MIG_DIR"), "api", "probeops", "models.py", NULL);
  g_autofree char *text = NULL;
  g_autofree char *changed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  parts = g_strsplit (text, anchor, 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  changed = g_strconcat (parts[0], insert, anchor, parts[1], NULL);
  g_assert_true (g_file_set_contents (path, changed, -1, &error));
}

static char *
psql (const char *query)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (compose (&out, "exec", "-T", "db", "psql", "-U", "probeops", "-d", "probeops",
                            "-tAc", query, NULL), ==, 0);
  return g_strstrip (g_strdup (out));
}

static void
write_revision (const char *id, const char *down, const char *message)
{
  g_autofree char *name = g_strdup_printf ("%s_test.py", id);
  g_autofree char *path = g_build_filename (env ("BERTH_TEST_MIG_DIR"), "api", "migrations", "versions", name, NULL);
  g_autofree char *text = g_strdup_printf ("\"\"\"%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: 2030-01-01 00:00:00.000000\n\n\"\"\"\n"
                                           "revision = '%s'\ndown_revision = '%s'\nbranch_labels = None\ndepends_on = None\n\n\n"
                                           "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
                                           message, id, down, id, down);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
}

static void
steps (void)
{
  g_autoptr(JsonObject) h = NULL;
  g_autoptr(JsonObject) m = NULL;
  g_autofree char *r1 = NULL, *r2 = NULL, *r3 = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *contents = NULL;
  JsonArray *revs;

  /* 1. Fresh demo: the demo's revisions in order, current == head. */
  wait_ready (HEAD0);
  h = cli_json ("db", "history", NULL);
  revs = json_object_get_array_member (h, "revisions");
  g_assert_cmpuint (json_array_get_length (revs), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (revs, 0), "revision"), ==, HEAD0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (revs, 1), "revision"), ==, "20bca17a00f0");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (revs, 2), "revision"), ==, "16999e815ea6");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (h, "current"), 0), ==, HEAD0);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (h, "heads"), 0), ==, HEAD0);
  for (guint i = 0; i < 3; i++)
    g_assert_false (json_object_get_boolean_member (json_array_get_object_element (revs, i), "pending"));
  g_assert_true (json_object_get_boolean_member (find_revision (h, HEAD0), "current"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (h, "problems")), ==, 0);
  g_clear_pointer (&h, json_object_unref);

  /* 2. A model change baked into the image (no bind mount): migrate
   * creates the revision in the container, Berth copies it out. */
  edit_models ("    probes = db.relationship", "    last_login = db.Column(db.DateTime, nullable=True)\n\n");
  g_assert_cmpint (compose (NULL, "build", "api", NULL), ==, 0);
  g_assert_cmpint (compose (NULL, "up", "-d", NULL), ==, 0);
  wait_ready (HEAD0);
  m = cli_json ("db", "migrate", "-m", "add users.last_login", NULL);
  g_assert_false (json_object_get_boolean_member (m, "no_changes"));
  r1 = g_strdup (json_object_get_string_member (m, "revision"));
  g_assert_cmpuint (strlen (r1), ==, 12);
  g_assert_true (json_object_get_boolean_member (m, "copied"));
  g_assert_true (g_file_test (json_object_get_string_member (m, "file"), G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (m, "file"), env ("BERTH_TEST_MIG_DIR")));
  {
    JsonArray *changes = json_object_get_array_member (m, "changes");
    gboolean named = FALSE;

    for (guint i = 0; i < json_array_get_length (changes); i++)
      if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (changes, i), "target"),
                     "users.last_login") == 0)
        named = TRUE;
    g_assert_true (named);
  }
  g_clear_pointer (&m, json_object_unref);

  h = cli_json ("db", "history", NULL);
  g_assert_true (json_object_get_boolean_member (find_revision (h, r1), "pending"));
  g_assert_false (json_object_get_boolean_member (find_revision (h, r1), "missing_file"));
  g_assert_true (json_object_get_boolean_member (find_revision (h, HEAD0), "current"));
  g_clear_pointer (&h, json_object_unref);

  g_assert_cmpint (cli (NULL, NULL, "db", "upgrade", NULL), ==, 0);
  {
    g_autofree char *cur = current_revision ();
    g_autofree char *col = psql ("SELECT column_name FROM information_schema.columns "
                                 "WHERE table_name = 'users' AND column_name = 'last_login'");
    g_assert_cmpstr (cur, ==, r1);
    g_assert_cmpstr (col, ==, "last_login");
  }

  /* 3. downgrade -1 and back. */
  g_assert_cmpint (cli (NULL, NULL, "db", "downgrade", "-1", "--yes", NULL), ==, 0);
  {
    g_autofree char *cur = current_revision ();
    g_autofree char *col = psql ("SELECT count(*) FROM information_schema.columns "
                                 "WHERE table_name = 'users' AND column_name = 'last_login'");
    g_assert_cmpstr (cur, ==, HEAD0);
    g_assert_cmpstr (col, ==, "0");
  }
  g_assert_cmpint (cli (NULL, NULL, "db", "upgrade", NULL), ==, 0);
  {
    g_autofree char *cur = current_revision ();
    g_assert_cmpstr (cur, ==, r1);
  }

  /* On a terminal, downgrade asks first, lists what it undoes and says
   * it may drop data; "n" leaves the database alone. */
  g_assert_cmpint (cli_tty ("n\n", &out, "db", "downgrade", "-1", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "drop"));
  g_assert_nonnull (strstr (out, r1));
  g_assert_nonnull (strstr (out, "cancelled"));
  g_clear_pointer (&out, g_free);
  {
    g_autofree char *cur = current_revision ();
    g_assert_cmpstr (cur, ==, r1);
  }

  /* 4. stamp. */
  g_assert_cmpint (cli (NULL, NULL, "db", "stamp", HEAD0, NULL), ==, 0);
  h = cli_json ("db", "history", NULL);
  g_assert_true (json_object_get_boolean_member (find_revision (h, HEAD0), "current"));
  g_assert_true (json_object_get_boolean_member (find_revision (h, r1), "pending"));
  g_clear_pointer (&h, json_object_unref);
  g_assert_cmpint (cli (NULL, NULL, "db", "stamp", r1, NULL), ==, 0);
  {
    g_autofree char *cur = current_revision ();
    g_assert_cmpstr (cur, ==, r1);
  }

  /* 5. With the code bind-mounted: the file appears on the host by itself,
   * and a message full of shell syntax arrives verbatim. */
  {
    g_autofree char *override = compose_file ("docker-compose.bind.yml");
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_set_contents (override, "services:\n  api:\n    volumes:\n      - ./api:/app\n", -1, &error));
  }
  g_assert_cmpint (compose (NULL, "up", "-d", NULL), ==, 0);
  wait_ready (r1);
  edit_models ("    probes = db.relationship", "    login_count = db.Column(db.Integer, nullable=True)\n\n");
  m = cli_json ("db", "migrate", "-m", NASTY_MESSAGE, NULL);
  r2 = g_strdup (json_object_get_string_member (m, "revision"));
  g_assert_nonnull (r2);
  g_assert_false (json_object_get_boolean_member (m, "copied"));
  g_assert_true (g_file_get_contents (json_object_get_string_member (m, "file"), &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, NASTY_MESSAGE));
  g_clear_pointer (&m, json_object_unref);
  g_assert_cmpint (compose (NULL, "exec", "-T", "api", "test", "!", "-e", "/tmp/berth-pwned", NULL), ==, 0);
  g_assert_cmpint (cli (NULL, NULL, "db", "upgrade", NULL), ==, 0);

  /* 6. Two heads: reported with the merge fix, upgrade refuses, merge
   * resolves it. */
  write_revision ("b1a2c3d4e5f6", r1, "side branch");
  h = cli_json ("db", "history", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (h, "heads")), ==, 2);
  {
    JsonObject *p = json_array_get_object_element (json_object_get_array_member (h, "problems"), 0);

    g_assert_cmpstr (json_object_get_string_member (p, "kind"), ==, "multiple_heads");
    g_assert_nonnull (strstr (json_object_get_string_member (p, "fix"), "merge"));
  }
  g_assert_true (json_object_get_boolean_member (find_revision (h, r1), "branchpoint"));
  g_clear_pointer (&h, json_object_unref);
  g_assert_cmpint (cli (&out, &err, "db", "upgrade", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "heads"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  m = cli_json ("db", "merge", "-m", "merge heads", "heads", NULL);
  r3 = g_strdup (json_object_get_string_member (m, "revision"));
  g_assert_nonnull (r3);
  g_clear_pointer (&m, json_object_unref);
  h = cli_json ("db", "history", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (h, "heads")), ==, 1);
  g_assert_true (json_object_get_boolean_member (find_revision (h, r3), "mergepoint"));
  g_assert_true (json_object_get_boolean_member (find_revision (h, r3), "head"));
  g_clear_pointer (&h, json_object_unref);
  g_assert_cmpint (cli (NULL, NULL, "db", "upgrade", NULL), ==, 0);
  {
    g_autofree char *cur = current_revision ();
    g_assert_cmpstr (cur, ==, r3);
  }

  /* 7. The database at a revision whose file was removed. */
  write_revision ("c0ffee000001", r3, "soon gone");
  g_assert_cmpint (cli (NULL, NULL, "db", "upgrade", NULL), ==, 0);
  {
    g_autofree char *path = g_build_filename (env ("BERTH_TEST_MIG_DIR"), "api", "migrations", "versions",
                                              "c0ffee000001_test.py", NULL);
    g_assert_cmpint (g_unlink (path), ==, 0);
  }
  h = cli_json ("db", "history", NULL);
  g_assert_true (json_object_get_boolean_member (find_revision (h, "c0ffee000001"), "missing_file"));
  g_assert_true (json_object_get_boolean_member (find_revision (h, "c0ffee000001"), "current"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (h, "problems"), 0), "kind"),
                   ==, "unknown_current");
  g_clear_pointer (&h, json_object_unref);
}

static void
copy_tree (const char *from, const char *to)
{
  g_autofree char *cp = g_find_program_in_path ("cp");
  const char *argv[] = { cp, "-a", from, to, NULL };
  g_autoptr(GError) error = NULL;
  int exit_code = -1;

  g_assert_true (berth_test_run (argv, NULL, NULL, &exit_code, &error));
  g_assert_cmpint (exit_code, ==, 0);
}

static void
rename_images (const char *dir, const char *project)
{
  g_autofree char *path = g_build_filename (dir, "docker-compose.backend.yml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *api = g_strdup_printf ("image: %s-api:latest", project);
  g_autofree char *db = g_strdup_printf ("image: %s-db:latest", project);
  g_auto(GStrv) a = NULL;
  g_auto(GStrv) b = NULL;
  g_autofree char *t1 = NULL, *t2 = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* Never retag the shared demo images. */
  a = g_strsplit (text, "image: probeops-backend-api:latest", -1);
  t1 = g_strjoinv (api, a);
  b = g_strsplit (t1, "image: probeops-backend-db:latest", -1);
  t2 = g_strjoinv (db, b);
  g_assert_cmpuint (g_strv_length (a), ==, 2);
  g_assert_cmpuint (g_strv_length (b), ==, 2);
  g_assert_true (g_file_set_contents (path, t2, -1, NULL));
}

static void
test_demo (void)
{
  g_autofree char *source = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *project = NULL;
  g_autofree char *network = NULL;
  int up;

  if (g_test_subprocess ())
    {
      steps ();
      return;
    }

  g_setenv ("DOCKER_HOST", berth_test_engine_host (), TRUE);
  project = g_strdup_printf ("berth-test-mig-%08x", g_random_int ());
  network = g_strdup_printf ("%s-net", project);
  tmp = g_dir_make_tmp ("berth-test-mig-XXXXXX", NULL);
  g_assert_nonnull (tmp);
  dir = g_build_filename (tmp, "demo", NULL);
  source = berth_test_source_path ("data", "demo", "probeops-backend", NULL);
  copy_tree (source, dir);
  rename_images (dir, project);

  g_setenv ("BERTH_TEST_MIG_DIR", dir, TRUE);
  g_setenv ("BERTH_TEST_MIG_PROJECT", project, TRUE);
  g_setenv ("PROBEOPS_NETWORK", network, TRUE);
  g_setenv ("API_PORT", "0", TRUE);
  g_unsetenv ("COMPOSE_PROJECT_NAME");

  up = compose (NULL, "up", "-d", "--build", NULL);
  if (up == 0)
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);

  /* Always: containers, network, volume and this test's images. */
  compose (NULL, "down", "-v", "--rmi", "all", "--remove-orphans", NULL);
  {
    g_autofree char *rm_path = g_find_program_in_path ("rm");
    const char *rm[] = { rm_path, "-rf", tmp, NULL };
    int rm_exit = 0;

    berth_test_run (rm, NULL, NULL, &rm_exit, NULL);
  }
  g_assert_cmpint (up, ==, 0);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/migration/demo/flask-db", test_demo);
  return g_test_run ();
}
