/* test-engine.c: the engine client against a real dockerd
 * (BERTH_TEST_DOCKER_HOST): negotiation, errors, containers, networks,
 * volumes and images.  Everything created is named and labelled with a
 * per-run prefix and removed at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-engine-helpers.h"

/* --- ping, version, errors --- */

static void
test_ping_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) version = NULL;
  g_autoptr(JsonObject) info = NULL;
  GAsyncResult *result = NULL;
  guint minor;

  g_assert_true (berth_engine_ping_sync (engine, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (berth_engine_get_api_version (engine), "1."));
  minor = atoi (berth_engine_get_api_version (engine) + 2);
  g_assert_cmpuint (minor, >=, 41);
  g_assert_cmpuint (minor, <=, 52);
  g_assert_true (berth_engine_api_at_least (engine, 1, 41));
  g_assert_false (berth_engine_api_at_least (engine, 1, 53));

  version = berth_engine_version_sync (engine, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_object_get_string_member (version, "Version"));

  info = berth_engine_info_sync (engine, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (info, "ServerVersion"));

  {
    g_autoptr(BerthEngine) fresh = berth_engine_new (berth_test_engine_host (), &error);
    g_autoptr(JsonObject) async_version = NULL;

    berth_engine_ping_async (fresh, NULL, store_result, &result);
    g_assert_true (berth_engine_ping_finish (fresh, wait_result (&result), &error));
    g_assert_no_error (error);
    g_assert_cmpstr (berth_engine_get_api_version (fresh), ==, berth_engine_get_api_version (engine));
    g_clear_object (&result);

    berth_engine_version_async (fresh, NULL, store_result, &result);
    async_version = berth_engine_version_finish (fresh, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (async_version, "Version"), ==,
                     json_object_get_string_member (version, "Version"));
    g_clear_object (&result);
  }

  {
    /* The generic request on an unversioned-looking path still works. */
    g_autoptr(JsonNode) node = berth_engine_request_sync (engine, "GET", "/containers/json", "all=1", NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  }
}

static void
test_http_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = unique_name ("missing");
  g_autoptr(JsonObject) inspect = berth_engine_container_inspect_sync (engine, missing, NULL, &error);
  g_autofree char *expected = g_strdup_printf ("engine error 404: No such container: %s", missing);

  g_assert_null (inspect);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* Two containers with one name: 409. */
  {
    const char *cmd[] = { "true", NULL };
    g_autoptr(JsonObject) config = container_config (cmd, FALSE);
    g_autofree char *id = create_with ("dup", config);
    g_autofree char *name = unique_name ("dup");
    g_autofree char *again = berth_engine_container_create_sync (engine, name, config, NULL, &error);

    g_assert_null (again);
    g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT);
    g_assert_true (g_str_has_prefix (error->message, "engine error 409: "));
    g_clear_error (&error);
  }

  /* A bad request: 400 with the engine's message. */
  {
    g_autoptr(JsonObject) config = json_object_new ();
    g_autofree char *id = NULL;

    json_object_set_string_member (config, "Image", IMAGE);
    json_object_set_string_member (config, "Hostname", "");
    json_object_set_object_member (config, "HostConfig", json_object_new ());
    json_object_set_string_member (json_object_get_object_member (config, "HostConfig"), "NetworkMode", "container:");
    id = berth_engine_container_create_sync (engine, NULL, config, NULL, &error);
    g_assert_null (id);
    g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_ENGINE);
    g_assert_true (g_str_has_prefix (error->message, "engine error "));
  }
}

/* --- containers --- */

static void
test_container_lifecycle (void)
{
  const char *cmd[] = { "sleep", "600", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = create_container ("life", cmd, FALSE);
  g_autofree char *label = g_strdup_printf ("label=berth.test=%s", prefix);
  g_autofree char *name_filter = NULL;
  const char *filters[] = { label, NULL, NULL };
  g_autoptr(JsonArray) running = NULL;
  g_autoptr(JsonArray) all = NULL;
  g_autoptr(JsonObject) inspect = NULL;
  GAsyncResult *result = NULL;
  gint64 exit_code = -1;

  g_assert_cmpstr (container_status (id), ==, "created");

  inspect = berth_engine_container_inspect_sync (engine, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (inspect, "Config"), "Image"), ==, IMAGE);

  /* list: a created container shows with all only */
  name_filter = g_strdup_printf ("name=%s-life", prefix);
  filters[1] = name_filter;
  running = berth_engine_containers_list_sync (engine, FALSE, filters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (running), ==, 0);
  all = berth_engine_containers_list_sync (engine, TRUE, filters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (all), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (all, 0), "Id"), ==, id);

  g_assert_true (berth_engine_container_start_sync (engine, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (container_status (id), ==, "running");
  /* Starting it again is not an error. */
  g_assert_true (berth_engine_container_start_sync (engine, id, NULL, &error));
  g_assert_no_error (error);

  g_clear_pointer (&running, json_array_unref);
  running = berth_engine_containers_list_sync (engine, FALSE, filters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (running), ==, 1);

  g_assert_true (berth_engine_container_stop_sync (engine, id, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (container_status (id), ==, "exited");

  /* the async forms */
  berth_engine_container_start_async (engine, id, NULL, store_result, &result);
  g_assert_true (berth_engine_container_start_finish (engine, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpstr (container_status (id), ==, "running");

  berth_engine_container_restart_async (engine, id, 1, NULL, store_result, &result);
  g_assert_true (berth_engine_container_restart_finish (engine, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpstr (container_status (id), ==, "running");

  berth_engine_containers_list_async (engine, FALSE, filters, NULL, store_result, &result);
  g_clear_pointer (&running, json_array_unref);
  running = berth_engine_containers_list_finish (engine, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (running), ==, 1);
  g_clear_object (&result);

  berth_engine_container_inspect_async (engine, id, NULL, store_result, &result);
  g_clear_pointer (&inspect, json_object_unref);
  inspect = berth_engine_container_inspect_finish (engine, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (inspect, "Id"), ==, id);
  g_clear_object (&result);

  berth_engine_container_stop_async (engine, id, 1, NULL, store_result, &result);
  g_assert_true (berth_engine_container_stop_finish (engine, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpstr (container_status (id), ==, "exited");

  /* kill and wait: SIGKILL gives 137 */
  g_assert_true (berth_engine_container_start_sync (engine, id, NULL, &error));
  g_assert_true (berth_engine_container_kill_sync (engine, id, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (berth_engine_container_wait_sync (engine, id, NULL, &exit_code, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (exit_code, ==, 137);

  g_assert_true (berth_engine_container_remove_sync (engine, id, FALSE, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&inspect, json_object_unref);
  inspect = berth_engine_container_inspect_sync (engine, id, NULL, &error);
  g_assert_null (inspect);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
}

static void
test_container_wait_exit_code (void)
{
  const char *cmd[] = { "sh", "-c", "exit 3", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = run_container ("wait", cmd, FALSE);
  gint64 exit_code = -1;

  g_assert_true (berth_engine_container_wait_sync (engine, id, "not-running", &exit_code, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (exit_code, ==, 3);
}

static void
test_container_archive (void)
{
  const char *cmd[] = { "true", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = create_container ("archive", cmd, FALSE);
  g_autoptr(GByteArray) tar_buffer = g_byte_array_new ();
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(GBytes) back = NULL;
  struct archive *a;
  struct archive_entry *entry;
  size_t used = 0;
  char buffer[16384];
  gboolean found = FALSE;

  /* a tar with one file, written in memory */
  a = archive_write_new ();
  archive_write_set_format_pax_restricted (a);
  g_assert_cmpint (archive_write_open_memory (a, buffer, sizeof buffer, &used), ==, ARCHIVE_OK);
  entry = archive_entry_new ();
  archive_entry_set_pathname (entry, "hello.txt");
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, 6);
  archive_write_header (a, entry);
  archive_write_data (a, "hello\n", 6);
  archive_entry_free (entry);
  archive_write_close (a);
  archive_write_free (a);
  tar = g_bytes_new (buffer, used);

  g_assert_true (berth_engine_container_archive_put_sync (engine, id, "/tmp", tar, NULL, &error));
  g_assert_no_error (error);

  back = berth_engine_container_archive_get_sync (engine, id, "/tmp/hello.txt", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  a = archive_read_new ();
  archive_read_support_format_tar (a);
  g_assert_cmpint (archive_read_open_memory (a, g_bytes_get_data (back, NULL), g_bytes_get_size (back)), ==, ARCHIVE_OK);
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    if (g_str_equal (archive_entry_pathname (entry), "hello.txt"))
      {
        char content[16] = "";

        g_assert_cmpint (archive_read_data (a, content, sizeof content - 1), ==, 6);
        g_assert_cmpstr (content, ==, "hello\n");
        found = TRUE;
      }
  archive_read_free (a);
  g_assert_true (found);

  /* A missing path is NOT_FOUND. */
  g_clear_pointer (&back, g_bytes_unref);
  back = berth_engine_container_archive_get_sync (engine, id, "/nonexistent/file", NULL, &error);
  g_assert_null (back);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
}

/* --- networks and volumes --- */

static void
test_networks (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = unique_name ("net");
  g_autofree char *second = unique_name ("net2");
  g_autofree char *label = g_strdup_printf ("label=berth.test=%s", prefix);
  const char *filters[] = { label, NULL };
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(JsonObject) labels = json_object_new ();
  g_autofree char *net_id = NULL;
  g_autofree char *net2_id = NULL;
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(JsonObject) inspect = NULL;
  const char *cmd[] = { "sleep", "600", NULL };
  g_autofree char *cid = NULL;

  json_object_set_string_member (labels, "berth.test", prefix);
  json_object_set_string_member (config, "Name", name);
  json_object_set_string_member (config, "Driver", "bridge");
  json_object_set_object_member (config, "Labels", json_object_ref (labels));
  net_id = berth_engine_network_create_sync (engine, config, NULL, &error);
  g_assert_no_error (error);
  json_object_set_string_member (config, "Name", second);
  net2_id = berth_engine_network_create_sync (engine, config, NULL, &error);
  g_assert_no_error (error);

  list = berth_engine_networks_list_sync (engine, filters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);

  inspect = berth_engine_network_inspect_sync (engine, name, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (inspect, "Id"), ==, net_id);

  /* Created on two networks at once: on API < 1.44 the client connects
   * the second itself; either way the container ends up on both. */
  {
    g_autoptr(JsonObject) ccfg = container_config (cmd, FALSE);
    JsonObject *networking = json_object_new ();
    JsonObject *endpoints = json_object_new ();
    JsonObject *ep2 = json_object_new ();
    JsonArray *aliases = json_array_new ();
    g_autoptr(JsonObject) cinspect = NULL;
    JsonObject *networks;

    json_array_add_string_element (aliases, "berth-alias");
    json_object_set_array_member (ep2, "Aliases", aliases);
    json_object_set_object_member (endpoints, name, json_object_new ());
    json_object_set_object_member (endpoints, second, ep2);
    json_object_set_object_member (networking, "EndpointsConfig", endpoints);
    json_object_set_object_member (ccfg, "NetworkingConfig", networking);
    json_object_set_object_member (ccfg, "HostConfig", json_object_new ());
    json_object_set_string_member (json_object_get_object_member (ccfg, "HostConfig"), "NetworkMode", name);
    cid = create_with ("netted", ccfg);

    cinspect = berth_engine_container_inspect_sync (engine, cid, NULL, &error);
    g_assert_no_error (error);
    networks = json_object_get_object_member (json_object_get_object_member (cinspect, "NetworkSettings"), "Networks");
    g_assert_true (json_object_has_member (networks, name));
    g_assert_true (json_object_has_member (networks, second));
    {
      JsonArray *got = json_object_get_array_member (json_object_get_object_member (networks, second), "Aliases");
      gboolean found = FALSE;

      for (guint i = 0; got && i < json_array_get_length (got); i++)
        found |= g_str_equal (json_array_get_string_element (got, i), "berth-alias");
      g_assert_true (found);
    }
    /* the caller's config was not modified */
    g_assert_cmpuint (json_object_get_size (endpoints), ==, 2);
  }

  /* disconnect and connect again */
  g_assert_true (berth_engine_network_disconnect_sync (engine, second, cid, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&inspect, json_object_unref);
  inspect = berth_engine_network_inspect_sync (engine, second, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (json_object_get_object_member (inspect, "Containers"), cid));

  g_assert_true (berth_engine_container_start_sync (engine, cid, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (berth_engine_network_connect_sync (engine, second, cid, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&inspect, json_object_unref);
  inspect = berth_engine_network_inspect_sync (engine, second, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_object_get_object_member (inspect, "Containers"), cid));

  g_assert_true (berth_engine_container_remove_sync (engine, cid, TRUE, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (berth_engine_network_remove_sync (engine, name, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (berth_engine_network_remove_sync (engine, net2_id, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&inspect, json_object_unref);
  inspect = berth_engine_network_inspect_sync (engine, name, NULL, &error);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);
}

static void
test_volumes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = unique_name ("vol");
  g_autofree char *label = g_strdup_printf ("label=berth.test=%s", prefix);
  const char *filters[] = { label, NULL };
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(JsonObject) labels = json_object_new ();
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) inspect = NULL;
  g_autoptr(JsonArray) list = NULL;

  json_object_set_string_member (labels, "berth.test", prefix);
  json_object_set_string_member (config, "Name", name);
  json_object_set_object_member (config, "Labels", json_object_ref (labels));
  created = berth_engine_volume_create_sync (engine, config, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (created, "Name"), ==, name);

  list = berth_engine_volumes_list_sync (engine, filters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);

  inspect = berth_engine_volume_inspect_sync (engine, name, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (inspect, "Driver"), ==, "local");

  /* A volume in use cannot be removed without force: 409. */
  {
    const char *cmd[] = { "true", NULL };
    g_autoptr(JsonObject) ccfg = container_config (cmd, FALSE);
    JsonObject *host_config = json_object_new ();
    JsonArray *binds = json_array_new ();
    g_autofree char *bind = g_strdup_printf ("%s:/data", name);
    g_autofree char *cid = NULL;

    json_array_add_string_element (binds, bind);
    json_object_set_array_member (host_config, "Binds", binds);
    json_object_set_object_member (ccfg, "HostConfig", host_config);
    cid = create_with ("vol-user", ccfg);
    g_assert_false (berth_engine_volume_remove_sync (engine, name, FALSE, NULL, &error));
    g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT);
    g_clear_error (&error);

    /* Removing the container with volumes=false keeps the named volume. */
    g_assert_true (berth_engine_container_remove_sync (engine, cid, TRUE, FALSE, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&inspect, json_object_unref);
    inspect = berth_engine_volume_inspect_sync (engine, name, NULL, &error);
    g_assert_no_error (error);
  }

  g_assert_true (berth_engine_volume_remove_sync (engine, name, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, json_array_unref);
  list = berth_engine_volumes_list_sync (engine, filters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (list), ==, 0);
}

static void
test_images_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) images = berth_engine_images_list_sync (engine, FALSE, NULL, NULL, &error);
  g_autoptr(JsonObject) base = NULL;
  gboolean found = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (images); i++)
    {
      JsonArray *tags = json_object_get_array_member (json_array_get_object_element (images, i), "RepoTags");

      for (guint t = 0; tags && t < json_array_get_length (tags); t++)
        found |= g_str_equal (json_array_get_string_element (tags, t), IMAGE);
    }
  g_assert_true (found);

  base = berth_engine_image_inspect_sync (engine, IMAGE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (base, "Id"), "sha256:"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  engine_tests_init ("engine");

  g_test_add_func ("/engine/ping-version", test_ping_version);
  g_test_add_func ("/engine/http-errors", test_http_errors);
  g_test_add_func ("/engine/containers/lifecycle", test_container_lifecycle);
  g_test_add_func ("/engine/containers/wait-exit-code", test_container_wait_exit_code);
  g_test_add_func ("/engine/containers/archive", test_container_archive);
  g_test_add_func ("/engine/networks", test_networks);
  g_test_add_func ("/engine/volumes", test_volumes);
  g_test_add_func ("/engine/images", test_images_list);

  return engine_tests_finish (g_test_run ());
}
