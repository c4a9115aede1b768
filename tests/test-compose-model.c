/* test-compose-model.c: compose model behaviours beyond the fixture corpus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "berth-compose.h"
#include "berth-compose-interpolate-private.h"
#include "berth-compose-loader-private.h"
#include "berth-compose-project-private.h"
#include "berth-util.h"
#include "berth-test.h"

static const char *
lookup_table (const char *name, gpointer data)
{
  return g_hash_table_lookup (data, name);
}

static void
test_interpolate (void)
{
  g_autoptr(GHashTable) env = g_hash_table_new (g_str_hash, g_str_equal);
  struct { const char *in, *out; } cases[] = {
    { "plain", "plain" },
    { "$A", "a" },
    { "${A}", "a" },
    { "x${A}y$A", "xaya" },
    { "${UNSET:-d}", "d" },
    { "${EMPTY:-d}", "d" },
    { "${EMPTY-d}", "" },
    { "${UNSET-d}", "d" },
    { "${A:+alt}", "alt" },
    { "${EMPTY:+alt}", "" },
    { "${EMPTY+alt}", "alt" },
    { "${UNSET+alt}", "" },
    { "${A:?err}", "a" },
    { "$$", "$" },
    { "$${A}", "${A}" },
    { "${UNSET:-${A}-x}", "a-x" },
    { "${UNSET:-$$}", "$" },
    { "$UNSET", "" },
  };

  g_hash_table_insert (env, "A", "a");
  g_hash_table_insert (env, "EMPTY", "");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = berth_compose_interpolate (cases[i].in, lookup_table, env, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, cases[i].out);
    }

  {
    g_autoptr(GPtrArray) unset = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *out = berth_compose_interpolate ("$X ${X} ${Y:-d} $Z", lookup_table, env, unset, NULL);
    g_assert_cmpstr (out, ==, "  d ");
    g_assert_cmpuint (unset->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (unset, 0), ==, "X");
    g_assert_cmpstr (g_ptr_array_index (unset, 1), ==, "Z");
  }

  {
    const char *bad[] = { "${", "${A", "$", "${A:x}", "${1A}", "a $ b", "${A:-${B}", NULL };
    for (guint i = 0; bad[i]; i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *out = berth_compose_interpolate (bad[i], lookup_table, env, NULL, &error);
        g_assert_null (out);
        g_assert_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_INTERPOLATION);
      }
  }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *out = berth_compose_interpolate ("${UNSET:?please set it}", lookup_table, env, NULL, &error);
    g_assert_null (out);
    g_assert_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_INTERPOLATION);
    g_assert_cmpstr (error->message, ==, "required variable UNSET is missing a value: please set it");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *out = berth_compose_interpolate ("${EMPTY?x}${EMPTY:?empty}", lookup_table, env, NULL, &error);
    g_assert_null (out);
    g_assert_cmpstr (error->message, ==, "required variable EMPTY is missing a value: empty");
  }
}

static GHashTable *
test_env (void)
{
  GHashTable *env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (env, g_strdup ("HOME"), g_strdup ("/home/berth"));
  g_hash_table_insert (env, g_strdup ("TAG"), g_strdup ("1.2.3"));
  return env;
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("berth-test-compose-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

static void
write_file (const char *dir, const char *name, const char *content)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_file_set_contents (path, content, -1, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static BerthComposeProject *
load_fixture (const char *name, GError **error)
{
  g_autofree char *dir = berth_test_source_path ("tests", "compose", "valid", name, NULL);
  g_autoptr(GHashTable) env = test_env ();
  return berth_compose_project_load (dir, NULL, NULL, env, error);
}

static void
test_env_file_parse (void)
{
  g_autoptr(GHashTable) env = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GError) error = NULL;
  const char *data =
    "# comment\n"
    "\n"
    "A=1\n"
    "export B = two\n"
    "C=\"quoted # kept\" \n"
    "D='single $A'\n"
    "E=x # dropped\n"
    "F=${A}-${OUTER}\n"
    "G=\"esc\\\"aped\\n\"\n"
    "H=\r\n"
    "I=a#b\n";
  const char *expected[] = { "A", "1", "B", "two", "C", "quoted # kept", "D", "single $A", "E", "x",
                             "F", "1-outer", "G", "esc\"aped\n", "H", "", "I", "a#b", NULL };

  g_hash_table_insert (env, "OUTER", "outer");
  pairs = berth_compose_parse_env ("test.env", data, lookup_table, env, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pairs->len, ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i]; i++)
    g_assert_cmpstr (g_ptr_array_index (pairs, i), ==, expected[i]);

  {
    struct { const char *data, *message; } bad[] = {
      { "A=1\nNOEQUALS\n", "test.env:2:9: expected “=” after the variable name" },
      { "A=1\n  =2\n", "test.env:2:3: expected KEY=VALUE" },
      { "Q=\"open\n", "test.env:1:3: unterminated quoted value" },
      { "V=${\n", "test.env:1:3: invalid interpolation format in “${”" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) e = NULL;
        g_autoptr(GPtrArray) p = berth_compose_parse_env ("test.env", bad[i].data, NULL, NULL, &e);
        g_assert_null (p);
        g_assert_cmpstr (e->message, ==, bad[i].message);
      }
  }
}

static void
test_durations_and_sizes (void)
{
  struct { const char *text; gint64 ns; const char *go; } durations[] = {
    { "0", 0, "0s" },
    { "10s", 10000000000, "10s" },
    { "1m30s", 90000000000, "1m30s" },
    { "1h2m3s", 3723000000000, "1h2m3s" },
    { "500ms", 500000000, "500ms" },
    { "1.5s", 1500000000, "1.5s" },
    { "2m", 120000000000, "2m0s" },
    { "250us", 250000, "250µs" },
  };
  const char *bad_durations[] = { "", "10", "10 s", "s", "1x", "--1s", "1.s2", NULL };
  struct { const char *text; gint64 bytes; } sizes[] = {
    { "1024", 1024 }, { "64m", 67108864 }, { "1gb", 1073741824 }, { "2k", 2048 }, { "1.5g", 1610612736 },
    { "512M", 536870912 }, { "100b", 100 }, { "3MiB", 3145728 },
  };
  const char *bad_sizes[] = { "", "lots", "-1", "1x", "m", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (durations); i++)
    {
      gint64 ns = -1;
      g_autofree char *go = NULL;
      g_assert_true (berth_compose_parse_duration (durations[i].text, &ns));
      g_assert_cmpint (ns, ==, durations[i].ns);
      go = berth_util_format_duration (ns);
      g_assert_cmpstr (go, ==, durations[i].go);
    }
  for (guint i = 0; bad_durations[i]; i++)
    {
      gint64 ns;
      g_assert_false (berth_compose_parse_duration (bad_durations[i], &ns));
    }
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      gint64 b = -1;
      g_assert_true (berth_compose_parse_bytes (sizes[i].text, &b));
      g_assert_cmpint (b, ==, sizes[i].bytes);
    }
  for (guint i = 0; bad_sizes[i]; i++)
    {
      gint64 b;
      g_assert_false (berth_compose_parse_bytes (bad_sizes[i], &b));
    }
}

static void
test_edit_distance (void)
{
  g_assert_cmpuint (berth_compose_edit_distance ("enviroment", "environment"), ==, 1);
  g_assert_cmpuint (berth_compose_edit_distance ("prots", "ports"), ==, 2);
  g_assert_cmpuint (berth_compose_edit_distance ("", "abc"), ==, 3);
  g_assert_cmpuint (berth_compose_edit_distance ("same", "same"), ==, 0);
}

static void
test_discovery (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  const char *order[] = { "docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml", NULL };

  found = berth_compose_discover_file (dir, &error);
  g_assert_null (found);
  g_assert_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Exactly one docker-compose.*.yml is taken... */
  write_file (dir, "docker-compose.backend.yml", "services: {}\n");
  found = berth_compose_discover_file (dir, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (found, "/docker-compose.backend.yml"));
  g_clear_pointer (&found, g_free);

  /* ...but two are ambiguous. */
  write_file (dir, "docker-compose.prod.yml", "services: {}\n");
  found = berth_compose_discover_file (dir, &error);
  g_assert_null (found);
  g_assert_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "docker-compose.backend.yml, docker-compose.prod.yml"));
  g_clear_error (&error);

  /* The standard names win, in Compose's order. */
  for (guint i = 0; order[i]; i++)
    {
      write_file (dir, order[i], "services: {}\n");
      found = berth_compose_discover_file (dir, &error);
      g_assert_no_error (error);
      g_assert_true (g_str_has_suffix (found, order[i]));
      g_assert_true (g_path_is_absolute (found));
      g_clear_pointer (&found, g_free);
    }

  remove_tree (dir);
}

static void
test_project_name (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *dir = g_build_filename (root, "My Project.Dir", NULL);
  g_autoptr(GHashTable) env = test_env ();
  g_autoptr(GError) error = NULL;
  BerthComposeProject *p;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  write_file (dir, "compose.yaml", "services:\n  a:\n    image: x\n");

  /* The directory's basename, normalised. */
  p = berth_compose_project_load (dir, NULL, NULL, env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (berth_compose_project_get_name (p), ==, "myprojectdir");
  g_assert_cmpstr (berth_compose_project_get_working_dir (p), ==, dir);
  g_object_unref (p);

  /* name: beats the directory. */
  write_file (dir, "compose.yaml", "name: From-File\nservices:\n  a:\n    image: x\n");
  p = berth_compose_project_load (dir, NULL, NULL, env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (berth_compose_project_get_name (p), ==, "from-file");
  g_object_unref (p);

  /* COMPOSE_PROJECT_NAME in .env beats name:, the process beats .env. */
  write_file (dir, ".env", "COMPOSE_PROJECT_NAME=from-dotenv\n");
  p = berth_compose_project_load (dir, NULL, NULL, env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (berth_compose_project_get_name (p), ==, "from-dotenv");
  g_object_unref (p);

  g_hash_table_insert (env, g_strdup ("COMPOSE_PROJECT_NAME"), g_strdup ("from-process"));
  p = berth_compose_project_load (dir, NULL, NULL, env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (berth_compose_project_get_name (p), ==, "from-process");
  g_object_unref (p);

  /* -p beats everything, and must already be normal. */
  p = berth_compose_project_load (dir, NULL, "explicit_1", env, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (berth_compose_project_get_name (p), ==, "explicit_1");
  g_object_unref (p);

  p = berth_compose_project_load (dir, NULL, "Not-Normal", env, &error);
  g_assert_null (p);
  g_assert_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_PROJECT_NAME);
  g_clear_error (&error);

  p = berth_compose_project_load (dir, NULL, "-leading", env, &error);
  g_assert_null (p);
  g_assert_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_PROJECT_NAME);
  g_clear_error (&error);

  {
    g_autofree char *n1 = berth_compose_normalize_project_name ("__My.App-2");
    g_autofree char *n2 = berth_compose_normalize_project_name ("...");
    g_assert_cmpstr (n1, ==, "myapp-2");
    g_assert_null (n2);
  }

  remove_tree (root);
}

static void
test_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthComposeProject) p = load_fixture ("depends-order", &error);
  GPtrArray *order;
  const char *expected[] = { "db", "cache", "api", "frontend", "standalone" };

  g_assert_no_error (error);
  order = berth_compose_project_get_order (p);
  g_assert_cmpuint (order->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < order->len; i++)
    g_assert_cmpstr (berth_compose_service_get_name (g_ptr_array_index (order, i)), ==, expected[i]);

  /* Services stay in file order. */
  g_assert_cmpstr (berth_compose_service_get_name (g_ptr_array_index (berth_compose_project_get_services (p), 0)), ==,
                   "frontend");
}

static void
test_secrets (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthComposeProject) p = load_fixture ("secrets", &error);
  BerthComposeService *db;
  GPtrArray *env;
  g_autoptr(JsonNode) masked = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autofree char *masked_text = NULL;
  g_autofree char *shown_text = NULL;
  g_autofree char *yaml_masked = NULL;
  g_autofree char *yaml_shown = NULL;

  g_assert_no_error (error);
  db = berth_compose_project_get_service (p, "db");
  env = berth_compose_service_get_environment (db);
  for (guint i = 0; i < env->len; i++)
    {
      BerthComposeKeyValue *kv = g_ptr_array_index (env, i);
      gboolean expect_secret = !g_str_equal (kv->key, "POSTGRES_USER");
      g_assert_cmpint (kv->secret, ==, expect_secret);
    }
  g_assert_cmpstr (berth_compose_service_lookup_environment (db, "POSTGRES_PASSWORD", NULL), ==, "hunter2");

  masked = berth_compose_project_to_json (p, FALSE);
  shown = berth_compose_project_to_json (p, TRUE);
  masked_text = json_to_string (masked, FALSE);
  shown_text = json_to_string (shown, FALSE);
  g_assert_null (strstr (masked_text, "hunter2"));
  g_assert_null (strstr (masked_text, "npm-secret"));
  g_assert_nonnull (strstr (masked_text, "\"POSTGRES_PASSWORD\":\"********\""));
  g_assert_nonnull (strstr (masked_text, "\"POSTGRES_USER\":\"app\""));
  g_assert_nonnull (strstr (shown_text, "hunter2"));
  g_assert_nonnull (strstr (shown_text, "npm-secret"));

  yaml_masked = berth_compose_project_to_yaml (p, FALSE);
  yaml_shown = berth_compose_project_to_yaml (p, TRUE);
  g_assert_null (strstr (yaml_masked, "hunter2"));
  g_assert_nonnull (strstr (yaml_masked, "********"));
  g_assert_nonnull (strstr (yaml_shown, "hunter2"));
}

static void
test_config_hash (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(GHashTable) env = test_env ();
  g_autoptr(GError) error = NULL;
  g_autofree char *h1 = NULL, *h2 = NULL, *h3 = NULL, *h4 = NULL;
  BerthComposeProject *p;

  write_file (dir, "compose.yaml", "services:\n  a:\n    image: x\n    environment:\n      PASSWORD: one\n      B: b\n");
  p = berth_compose_project_load (dir, NULL, "hash", env, &error);
  g_assert_no_error (error);
  h1 = berth_compose_service_config_hash (berth_compose_project_get_service (p, "a"));
  h2 = berth_compose_service_config_hash (berth_compose_project_get_service (p, "a"));
  g_object_unref (p);
  g_assert_cmpuint (strlen (h1), ==, 64);
  g_assert_cmpstr (h1, ==, h2);

  /* Key order in the file does not matter, content does (secrets too). */
  write_file (dir, "compose.yaml", "services:\n  a:\n    environment:\n      B: b\n      PASSWORD: one\n    image: x\n");
  p = berth_compose_project_load (dir, NULL, "hash", env, &error);
  g_assert_no_error (error);
  h3 = berth_compose_service_config_hash (berth_compose_project_get_service (p, "a"));
  g_object_unref (p);
  g_assert_cmpstr (h1, ==, h3);

  write_file (dir, "compose.yaml", "services:\n  a:\n    image: x\n    environment:\n      PASSWORD: two\n      B: b\n");
  p = berth_compose_project_load (dir, NULL, "hash", env, &error);
  g_assert_no_error (error);
  h4 = berth_compose_service_config_hash (berth_compose_project_get_service (p, "a"));
  g_object_unref (p);
  g_assert_cmpstr (h1, !=, h4);

  remove_tree (dir);
}

static void
test_accessors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthComposeProject) ports = load_fixture ("ports-short", &error);
  g_autoptr(BerthComposeProject) hc = NULL;
  g_autoptr(BerthComposeProject) sc = NULL;
  g_autoptr(BerthComposeProject) vols = NULL;
  g_autoptr(BerthComposeProject) nets = NULL;
  g_autoptr(BerthComposeProject) deps = NULL;
  g_autoptr(BerthComposeProject) cmds = NULL;
  BerthComposeService *s;
  BerthComposePort *port;
  const BerthComposeHealthcheck *h;
  BerthComposeMount *m;
  BerthComposeServiceNetwork *n;
  BerthComposeDependency *d;
  const BerthComposeNetwork *net;

  g_assert_no_error (error);
  s = berth_compose_project_get_service (ports, "web");
  g_assert_cmpuint (berth_compose_service_get_ports (s)->len, ==, 13);
  port = g_ptr_array_index (berth_compose_service_get_ports (s), 2);
  g_assert_cmpstr (port->host_ip, ==, "127.0.0.1");
  g_assert_cmpstr (port->published, ==, "8443");
  g_assert_cmpuint (port->target, ==, 443);
  g_assert_cmpstr (port->protocol, ==, "tcp");
  port = g_ptr_array_index (berth_compose_service_get_ports (s), 4);
  g_assert_cmpstr (port->protocol, ==, "udp");
  g_assert_null (port->host_ip);
  port = g_ptr_array_index (berth_compose_service_get_ports (s), 11);
  g_assert_cmpstr (port->published, ==, "9090-9091");
  g_assert_cmpuint (berth_compose_service_get_line (s), ==, 2);
  g_assert_cmpuint (berth_compose_service_get_column (s), ==, 3);

  hc = load_fixture ("healthcheck", &error);
  g_assert_no_error (error);
  h = berth_compose_service_get_healthcheck (berth_compose_project_get_service (hc, "cmd"));
  g_assert_cmpstr (h->test[0], ==, "CMD");
  g_assert_cmpint (h->interval, ==, G_GINT64_CONSTANT (10000000000));
  g_assert_cmpint (h->timeout, ==, G_GINT64_CONSTANT (5000000000));
  g_assert_cmpint (h->start_period, ==, G_GINT64_CONSTANT (30000000000));
  g_assert_cmpint (h->retries, ==, 5);
  g_assert_false (h->disable);
  h = berth_compose_service_get_healthcheck (berth_compose_project_get_service (hc, "shell-string"));
  g_assert_cmpstr (h->test[0], ==, "CMD-SHELL");
  g_assert_cmpstr (h->test[1], ==, "curl -f http://localhost/ || exit 1");
  g_assert_cmpint (h->retries, ==, -1);
  g_assert_true (berth_compose_service_get_healthcheck (berth_compose_project_get_service (hc, "none"))->disable);
  g_assert_true (berth_compose_service_get_healthcheck (berth_compose_project_get_service (hc, "disabled"))->disable);

  sc = load_fixture ("scalars", &error);
  g_assert_no_error (error);
  s = berth_compose_project_get_service (sc, "full");
  g_assert_cmpint (berth_compose_service_get_shm_size (s), ==, 134217728);
  g_assert_cmpint (berth_compose_service_get_stop_grace_period (s), ==, G_GINT64_CONSTANT (90000000000));
  g_assert_true (berth_compose_service_get_tty (s));
  g_assert_true (berth_compose_service_get_stdin_open (s));
  g_assert_true (berth_compose_service_get_init (s));
  g_assert_true (berth_compose_service_get_privileged (s));
  g_assert_cmpstr (berth_compose_service_get_user (s), ==, "1000:1000");
  g_assert_cmpstr (berth_compose_service_get_container_name (s), ==, "full-api");
  g_assert_cmpstr (berth_compose_service_get_cap_drop (s)[0], ==, "ALL");
  g_assert_cmpstr (berth_compose_service_get_extra_hosts (s)[1], ==, "cache.local:10.0.0.6");
  g_assert_cmpuint (berth_compose_service_get_ulimits (s)->len, ==, 2);
  g_assert_cmpstr (berth_compose_service_get_logging (s)->driver, ==, "json-file");
  s = berth_compose_project_get_service (sc, "variants");
  g_assert_false (berth_compose_service_get_tty (s));
  g_assert_cmpint (berth_compose_service_get_shm_size (s), ==, 1073741824);
  g_assert_null (berth_compose_service_get_command (s));
  g_assert_cmpstr (berth_compose_service_get_dns (s)[0], ==, "9.9.9.9");

  vols = load_fixture ("volumes-short", &error);
  g_assert_no_error (error);
  s = berth_compose_project_get_service (vols, "app");
  m = g_ptr_array_index (berth_compose_service_get_volumes (s), 1);
  g_assert_cmpint (m->type, ==, BERTH_COMPOSE_MOUNT_BIND);
  g_assert_true (g_path_is_absolute (m->source));
  g_assert_true (g_str_has_suffix (m->source, "/volumes-short/config/app.ini"));
  g_assert_true (m->read_only);
  m = g_ptr_array_index (berth_compose_service_get_volumes (s), 4);
  g_assert_cmpstr (m->source, ==, "/home/berth/cache");
  m = g_ptr_array_index (berth_compose_service_get_volumes (s), 5);
  g_assert_cmpint (m->type, ==, BERTH_COMPOSE_MOUNT_VOLUME);
  g_assert_cmpstr (m->source, ==, "data");
  g_assert_cmpstr (berth_compose_project_get_volume (vols, "data")->name, ==, "volumes-short_data");
  m = g_ptr_array_index (berth_compose_service_get_volumes (s), 7);
  g_assert_null (m->source);

  nets = load_fixture ("networks", &error);
  g_assert_no_error (error);
  s = berth_compose_project_get_service (nets, "api");
  n = g_ptr_array_index (berth_compose_service_get_networks (s), 0);
  g_assert_cmpstr (n->name, ==, "back");
  g_assert_cmpstr (n->aliases[1], ==, "api.internal");
  g_assert_cmpstr (n->ipv4_address, ==, "172.28.0.10");
  net = berth_compose_project_get_network (nets, "back");
  g_assert_cmpstr (net->name, ==, "shared-back");
  g_assert_true (net->attachable);
  g_assert_true (berth_compose_project_get_network (nets, "outside")->external);
  g_assert_true (berth_compose_project_get_network (nets, "default")->implicit);
  g_assert_cmpstr (berth_compose_project_get_network (nets, "front")->name, ==, "networks_front");

  deps = load_fixture ("depends-on", &error);
  g_assert_no_error (error);
  s = berth_compose_project_get_service (deps, "api");
  d = g_ptr_array_index (berth_compose_service_get_depends_on (s), 0);
  g_assert_cmpstr (d->service, ==, "db");
  g_assert_cmpint (d->condition, ==, BERTH_COMPOSE_CONDITION_HEALTHY);
  g_assert_true (d->required);
  d = g_ptr_array_index (berth_compose_service_get_depends_on (s), 1);
  g_assert_cmpint (d->condition, ==, BERTH_COMPOSE_CONDITION_COMPLETED_SUCCESSFULLY);

  cmds = load_fixture ("command-entrypoint", &error);
  g_assert_no_error (error);
  s = berth_compose_project_get_service (cmds, "shell-form");
  g_assert_cmpuint (g_strv_length ((char **) berth_compose_service_get_command (s)), ==, 3);
  g_assert_cmpstr (berth_compose_service_get_command (s)[2], ==, "echo \"hello world\" && sleep 1");
  g_assert_cmpstr (berth_compose_service_get_entrypoint (s)[0], ==, "/usr/bin/env");
  s = berth_compose_project_get_service (cmds, "empty-list");
  g_assert_nonnull (berth_compose_service_get_command (s));
  g_assert_null (berth_compose_service_get_command (s)[0]);

  {
    g_autofree char *image = NULL;
    g_autoptr(BerthComposeProject) b = load_fixture ("build-string", &error);
    g_assert_no_error (error);
    image = berth_compose_project_dup_service_image (b, berth_compose_project_get_service (b, "app"));
    g_assert_cmpstr (image, ==, "build-string-app");
    g_free (image);
    image = berth_compose_project_dup_service_image (b, berth_compose_project_get_service (b, "tagged"));
    g_assert_cmpstr (image, ==, "example/tagged:1.2.3");
  }
}

static void
test_alias_budget (void)
{
  g_autoptr(GHashTable) env = test_env ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) doc = g_string_new ("x-a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n"
                                         "x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                         "x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                                         "services:\n  s:\n    image: x\n    x-big: *c\n");
  BerthComposeProject *p;

  /* Aliases that expand moderately are fine... */
  p = berth_compose_project_load_data ("ok.yml", doc->str, doc->len, "/nonexistent", env, &error);
  g_assert_no_error (error);
  g_object_unref (p);

  /* ...a few levels more is the billion laughs. */
  g_string_append (doc, "x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                        "x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                        "x-f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                        "x-g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n");
  p = berth_compose_project_load_data ("bomb.yml", doc->str, doc->len, "/nonexistent", env, &error);
  g_assert_null (p);
  g_assert_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_ALIAS_BUDGET);
  g_assert_true (g_str_has_prefix (error->message, "bomb.yml:10:"));

  /* Deep nesting is refused rather than recursed into. */
  {
    g_autoptr(GString) deep = g_string_new (NULL);
    g_autoptr(GError) e = NULL;
    for (guint i = 0; i < 10000; i++)
      g_string_append_c (deep, '[');
    p = berth_compose_project_load_data ("deep.yml", deep->str, deep->len, "/nonexistent", env, &e);
    g_assert_null (p);
    g_assert_error (e, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_SYNTAX);
  }
}

/* The YAML and JSON outputs are themselves compose files that load back to
 * the same model. */
static void
test_round_trip (void)
{
  const char *cases[] = { "scalars", "networks", "volumes-long", "healthcheck", "depends-on", "ports-short",
                          "build-long", "anchors", "dotenv", "top-volumes", NULL };
  g_autofree char *dir = make_tmp_dir ();

  for (guint i = 0; cases[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BerthComposeProject) p = load_fixture (cases[i], &error);
      g_autoptr(BerthComposeProject) q = NULL;
      g_autoptr(BerthComposeProject) r = NULL;
      g_autoptr(GHashTable) env = test_env ();
      g_autofree char *yaml = NULL;
      g_autofree char *json = NULL;
      g_autofree char *json2 = NULL;
      g_autofree char *json3 = NULL;
      g_autofree char *path = g_build_filename (dir, "compose.yaml", NULL);
      g_autoptr(JsonNode) n1 = NULL, n2 = NULL, n3 = NULL;
      const char *files[] = { path, NULL };

      g_assert_no_error (error);
      n1 = berth_compose_project_to_json (p, TRUE);
      json = json_to_string (n1, TRUE);

      yaml = berth_compose_project_to_yaml (p, TRUE);
      write_file (dir, "compose.yaml", yaml);
      q = berth_compose_project_load (dir, files, NULL, env, &error);
      g_assert_no_error (error);
      n2 = berth_compose_project_to_json (q, TRUE);
      json2 = json_to_string (n2, TRUE);
      g_assert_cmpstr (json, ==, json2);

      write_file (dir, "compose.yaml", json);
      r = berth_compose_project_load (dir, files, NULL, env, &error);
      g_assert_no_error (error);
      n3 = berth_compose_project_to_json (r, TRUE);
      json3 = json_to_string (n3, TRUE);
      g_assert_cmpstr (json, ==, json3);
    }
  remove_tree (dir);
}

static void
test_missing_file (void)
{
  g_autoptr(GHashTable) env = test_env ();
  g_autoptr(GError) error = NULL;
  const char *files[] = { "/nonexistent/compose.yaml", NULL };
  BerthComposeProject *p = berth_compose_project_load (NULL, files, NULL, env, &error);

  g_assert_null (p);
  g_assert_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "compose file /nonexistent/compose.yaml not found");
}

static void
test_dotenv_error (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(GHashTable) env = test_env ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  BerthComposeProject *p;

  write_file (dir, "compose.yaml", "services:\n  a:\n    image: x\n");
  write_file (dir, ".env", "GOOD=1\nBAD LINE\n");
  p = berth_compose_project_load (dir, NULL, NULL, env, &error);
  g_assert_null (p);
  expected = g_strdup_printf ("%s/.env:2:5: expected “=” after the variable name", dir);
  g_assert_cmpstr (error->message, ==, expected);
  remove_tree (dir);
}

static void
test_unset_warned_once (void)
{
  g_autoptr(GHashTable) env = test_env ();
  g_autoptr(GError) error = NULL;
  const char *doc = "services:\n  a:\n    image: x${NOPE}\n    environment:\n      A: ${NOPE}\n      B: $OTHER\n";
  g_autoptr(BerthComposeProject) p = berth_compose_project_load_data ("w.yml", doc, strlen (doc), "/nonexistent", env, &error);
  GPtrArray *w;

  g_assert_no_error (error);
  w = berth_compose_project_get_warnings (p);
  g_assert_cmpuint (w->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (w, 0), ==, "w.yml:3:12: variable “NOPE” is not set; using an empty string");
  g_assert_cmpstr (g_ptr_array_index (w, 1), ==, "w.yml:6:10: variable “OTHER” is not set; using an empty string");
}

/* Repeated list entries mean one dependency / one network; a list-form
 * environment keeps the last value of a repeated name at its first place. */
static void
test_duplicates (void)
{
  g_autoptr(GHashTable) env = test_env ();
  g_autoptr(GError) error = NULL;
  const char *doc = "services:\n  a:\n    image: x\n    depends_on: [b, b]\n    networks: [n, n]\n"
                    "    environment: [A=1, B=2, A=3]\n  b:\n    image: y\nnetworks:\n  n:\n";
  g_autoptr(BerthComposeProject) p = berth_compose_project_load_data ("d.yml", doc, strlen (doc), "/nonexistent", env, &error);
  BerthComposeService *a;
  GPtrArray *environment;

  g_assert_no_error (error);
  a = berth_compose_project_get_service (p, "a");
  g_assert_cmpuint (berth_compose_service_get_depends_on (a)->len, ==, 1);
  g_assert_cmpuint (berth_compose_service_get_networks (a)->len, ==, 1);
  environment = berth_compose_service_get_environment (a);
  g_assert_cmpuint (environment->len, ==, 2);
  g_assert_cmpstr (((BerthComposeKeyValue *) g_ptr_array_index (environment, 0))->key, ==, "A");
  g_assert_cmpstr (((BerthComposeKeyValue *) g_ptr_array_index (environment, 0))->value, ==, "3");
}

static void
test_demo_backend (void)
{
  g_autoptr(GHashTable) env = test_env ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthComposeProject) p = NULL;
  BerthComposeService *api, *db;
  BerthComposePort *port;
  BerthComposeDependency *dep;
  const char *dir = BERTH_SOURCE_DEMO_DIR;

  /* Discovery must pick docker-compose.backend.yml by itself. */
  p = berth_compose_project_load (dir, NULL, NULL, env, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (berth_compose_project_get_config_files (p)[0], "/docker-compose.backend.yml"));
  g_assert_cmpstr (berth_compose_project_get_name (p), ==, "probeops-backend");
  api = berth_compose_project_get_service (p, "api");
  db = berth_compose_project_get_service (p, "db");
  g_assert_nonnull (api);
  g_assert_nonnull (db);
  g_assert_nonnull (berth_compose_service_get_build (api));
  g_assert_nonnull (berth_compose_service_get_healthcheck (db));
  g_assert_cmpstr (berth_compose_project_get_network (p, "probeops-network")->name, ==, "probeops-network");
  g_assert_nonnull (berth_compose_project_get_volume (p, "db-data"));
  dep = g_ptr_array_index (berth_compose_service_get_depends_on (api), 0);
  g_assert_cmpstr (dep->service, ==, "db");
  g_assert_cmpint (dep->condition, ==, BERTH_COMPOSE_CONDITION_HEALTHY);
  port = g_ptr_array_index (berth_compose_service_get_ports (api), 0);
  g_assert_cmpstr (port->published, ==, "5000");
  g_assert_cmpuint (port->target, ==, 5000);
  g_assert_cmpstr (berth_compose_service_get_name (g_ptr_array_index (berth_compose_project_get_order (p), 0)), ==, "db");
  g_assert_cmpuint (berth_compose_project_get_warnings (p)->len, ==, 0);
  g_clear_object (&p);

  /* ${API_PORT:-5000} follows the environment. */
  g_hash_table_insert (env, g_strdup ("API_PORT"), g_strdup ("5099"));
  p = berth_compose_project_load (dir, NULL, NULL, env, &error);
  g_assert_no_error (error);
  port = g_ptr_array_index (berth_compose_service_get_ports (berth_compose_project_get_service (p, "api")), 0);
  g_assert_cmpstr (port->published, ==, "5099");
}

static void
loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  BerthComposeProject **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = berth_compose_project_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autofree char *dir = berth_test_source_path ("tests", "compose", "valid", "multi-file", NULL);
  g_autofree char *f1 = g_build_filename (dir, "compose.yaml", NULL);
  g_autofree char *f2 = g_build_filename (dir, "compose.override.yml", NULL);
  const char *files[] = { f1, f2, NULL };
  g_autoptr(GHashTable) env = test_env ();
  BerthComposeProject *p = NULL;

  berth_compose_project_load_async (NULL, files, NULL, env, NULL, loaded_cb, &p);
  while (p == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (berth_compose_project_get_working_dir (p), ==, dir);
  g_assert_cmpstr (berth_compose_project_get_config_files (p)[1], ==, f2);
  g_assert_cmpuint (berth_compose_project_get_services (p)->len, ==, 3);
  g_object_unref (p);
}

static void
run_cli (const char * const *argv, char **out, char **err, int *status)
{
  g_autoptr(GError) error = NULL;
  berth_test_run (argv, out, err, status, &error);
  g_assert_no_error (error);
}

static void
test_cli (void)
{
  g_autofree char *secrets = berth_test_source_path ("tests", "compose", "valid", "secrets", "compose.yaml", NULL);
  g_autofree char *warnings = berth_test_source_path ("tests", "compose", "valid", "warnings", "compose.yaml", NULL);
  g_autofree char *broken = berth_test_source_path ("tests", "compose", "broken", "depends-cycle.yml", NULL);
  const char *cli = berth_test_cli ();
  int status;

  {
    g_autofree char *out = NULL, *err = NULL;
    g_autoptr(JsonNode) node = NULL;
    const char *argv[] = { cli, "-f", secrets, "-p", "demo", "config", "--json", NULL };

    run_cli (argv, &out, &err, &status);
    g_assert_cmpint (status, ==, 0);
    node = json_from_string (out, NULL);
    g_assert_nonnull (node);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "name"), ==, "demo");
    g_assert_null (strstr (out, "hunter2"));
    g_assert_nonnull (strstr (out, "********"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *argv[] = { cli, "-f", secrets, "config", "--json", "--show-secrets", NULL };

    run_cli (argv, &out, &err, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "hunter2"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *argv[] = { cli, "-f", secrets, "config", NULL };

    run_cli (argv, &out, &err, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (out, "name: secrets\n"));
    g_assert_nonnull (strstr (out, "POSTGRES_PASSWORD: '********'"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *expected = g_strdup_printf ("warning: %s:5:5: unknown key services.api.enviroment "
                                                 "(did you mean “environment”?)\n", warnings);
    const char *argv[] = { cli, "-f", warnings, "config", NULL };

    run_cli (argv, &out, &err, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (err, expected));
    g_assert_nonnull (strstr (err, ":7:5: services.api.deploy is ignored by Berth\n"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *expected = g_strdup_printf ("berth-cli: %s:12:18: dependency cycle: a -> b -> c -> a\n", broken);
    const char *argv[] = { cli, "-f", broken, "config", NULL };

    run_cli (argv, &out, &err, &status);
    g_assert_cmpint (status, ==, 2);
    g_assert_cmpstr (err, ==, expected);
    g_assert_cmpstr (out, ==, "");
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *argv[] = { cli, "-f", secrets, "-p", "Bad Name", "config", NULL };

    run_cli (argv, &out, &err, &status);
    g_assert_cmpint (status, ==, 2);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    const char *argv[] = { cli, "-f", "/nonexistent/x.yml", "config", NULL };

    run_cli (argv, &out, &err, &status);
    g_assert_cmpint (status, ==, 2);
    g_assert_cmpstr (err, ==, "berth-cli: compose file /nonexistent/x.yml not found\n");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/compose/interpolate", test_interpolate);
  g_test_add_func ("/compose/env-file-parse", test_env_file_parse);
  g_test_add_func ("/compose/durations-and-sizes", test_durations_and_sizes);
  g_test_add_func ("/compose/edit-distance", test_edit_distance);
  g_test_add_func ("/compose/discovery", test_discovery);
  g_test_add_func ("/compose/project-name", test_project_name);
  g_test_add_func ("/compose/order", test_order);
  g_test_add_func ("/compose/secrets", test_secrets);
  g_test_add_func ("/compose/config-hash", test_config_hash);
  g_test_add_func ("/compose/accessors", test_accessors);
  g_test_add_func ("/compose/alias-budget", test_alias_budget);
  g_test_add_func ("/compose/round-trip", test_round_trip);
  g_test_add_func ("/compose/missing-file", test_missing_file);
  g_test_add_func ("/compose/dotenv-error", test_dotenv_error);
  g_test_add_func ("/compose/unset-warned-once", test_unset_warned_once);
  g_test_add_func ("/compose/duplicates", test_duplicates);
  g_test_add_func ("/compose/demo-backend", test_demo_backend);
  g_test_add_func ("/compose/async", test_async);
  g_test_add_func ("/compose/cli", test_cli);

  return g_test_run ();
}
