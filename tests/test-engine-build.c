/* test-engine-build.c: image builds (.dockerignore, failing steps)
 * and pulls against a real dockerd.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-engine-helpers.h"

/* --- build, images, pull --- */

static void
write_file (const char *dir, const char *name, const char *contents, gssize len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

typedef struct
{
  guint    steps;
  guint    total;
  gboolean saw_image_id;
  gboolean saw_error;
  GString *text;
} BuildSeen;

static gboolean
on_build (const BerthBuildProgress *p, gpointer user_data)
{
  BuildSeen *b = user_data;

  switch (p->kind)
    {
    case BERTH_BUILD_PROGRESS_STEP:
      b->steps++;
      b->total = p->total;
      break;
    case BERTH_BUILD_PROGRESS_IMAGE_ID:
      b->saw_image_id = TRUE;
      break;
    case BERTH_BUILD_PROGRESS_ERROR:
      b->saw_error = TRUE;
      break;
    default:
      break;
    }
  if (p->text != NULL)
    g_string_append (b->text, p->text);
  return TRUE;
}

static void
test_build_dockerignore (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("berth-build-XXXXXX", &error);
  g_autofree char *large = g_malloc0 (16 * 1024 * 1024);
  g_autofree char *tag = g_strdup_printf ("%s-image:test", prefix);
  g_autofree char *label = g_strdup_printf ("berth.test=%s", prefix);
  const char *labels[] = { label, NULL };
  const char *buildargs[] = { "GREETING=from-buildarg", NULL };
  BerthBuildOptions options = { .tag = tag, .labels = labels, .buildargs = buildargs, .nocache = TRUE };
  BuildSeen b = { 0, 0, FALSE, FALSE, g_string_new (NULL) };
  g_autofree char *image_id = NULL;
  g_autoptr(GBytes) tar = NULL;
  g_autoptr(JsonObject) image = NULL;

  g_assert_no_error (error);
  write_file (dir, "Dockerfile",
              "FROM " IMAGE "\n"
              "ARG GREETING\n"
              "COPY . /ctx\n"
              "RUN echo \"$GREETING\" > /greeting && ls -a /ctx\n", -1);
  write_file (dir, ".dockerignore", "large.bin\n*.log\n", -1);
  write_file (dir, "large.bin", large, 16 * 1024 * 1024);
  write_file (dir, "debug.log", "log", -1);
  write_file (dir, "keep.txt", "kept", -1);

  /* The tarball itself has no large.bin. */
  tar = berth_build_context_create (dir, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (tar), <, 64 * 1024);
  {
    struct archive *a = archive_read_new ();
    struct archive_entry *entry;
    gboolean keep = FALSE;

    archive_read_support_format_tar (a);
    archive_read_open_memory (a, g_bytes_get_data (tar, NULL), g_bytes_get_size (tar));
    while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
      {
        g_assert_cmpstr (archive_entry_pathname (entry), !=, "large.bin");
        g_assert_cmpstr (archive_entry_pathname (entry), !=, "debug.log");
        keep |= g_str_equal (archive_entry_pathname (entry), "keep.txt");
      }
    archive_read_free (a);
    g_assert_true (keep);
  }

  g_assert_true (berth_engine_build_sync (engine, dir, &options, on_build, &b, &image_id, NULL, &error));
  g_assert_no_error (error);
  /* four Dockerfile steps, plus the one the classic builder adds for labels */
  g_assert_cmpuint (b.steps, >=, 4);
  g_assert_cmpuint (b.total, ==, b.steps);
  g_assert_true (b.saw_image_id);
  g_assert_true (g_str_has_prefix (image_id, "sha256:"));
  /* `ls -a /ctx` ran in the build: keep.txt there, large.bin not. */
  g_test_message ("build output: %s", b.text->str);
  g_assert_nonnull (strstr (b.text->str, "keep.txt\n"));
  g_assert_null (strstr (b.text->str, "large.bin"));

  /* images: inspect and list */
  image = berth_engine_image_inspect_sync (engine, tag, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (image, "Id"), ==, image_id);
  {
    g_autofree char *filter = g_strdup_printf ("label=%s", label);
    const char *filters[] = { filter, NULL };
    g_autoptr(JsonArray) images = berth_engine_images_list_sync (engine, FALSE, filters, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (images), ==, 1);
  }

  /* In the image too: large.bin absent, the build arg applied. */
  {
    const char *cmd[] = { "sh", "-c", "ls /ctx; cat /greeting", NULL };
    g_autoptr(JsonObject) config = container_config (cmd, FALSE);
    g_autofree char *id = NULL;
    LogCollect c = { g_string_new (NULL), -1, 0, FALSE, NULL };

    json_object_set_string_member (config, "Image", tag);
    id = create_with ("built", config);
    g_assert_true (berth_engine_container_start_sync (engine, id, NULL, &error));
    wait_exit (id);
    g_assert_true (berth_engine_logs_sync (engine, id, NULL, collect_log, &c, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (c.seq->str, ==, "|1:Dockerfile\nkeep.txt\nfrom-buildarg\n");
    g_assert_true (berth_engine_container_remove_sync (engine, id, TRUE, FALSE, NULL, &error));
    g_string_free (c.seq, TRUE);
  }

  g_assert_true (berth_engine_image_remove_sync (engine, tag, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&image, json_object_unref);
  image = berth_engine_image_inspect_sync (engine, tag, NULL, &error);
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND);

  g_string_free (b.text, TRUE);
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

static void
test_build_failing_step (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("berth-build-XXXXXX", &error);
  BuildSeen b = { 0, 0, FALSE, FALSE, g_string_new (NULL) };
  g_autofree char *image_id = NULL;

  write_file (dir, "Dockerfile",
              "FROM " IMAGE "\n"
              "RUN echo before-failure\n"
              "RUN sh -c 'echo the-step-failed >&2; exit 3'\n", -1);

  g_assert_false (berth_engine_build_sync (engine, dir, NULL, on_build, &b, &image_id, NULL, &error));
  g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "returned a non-zero code: 3"));
  g_assert_true (b.saw_error);
  g_assert_false (b.saw_image_id);
  g_assert_null (image_id);
  /* the step's own output came through before the failure */
  g_assert_nonnull (strstr (b.text->str, "the-step-failed"));
  g_assert_cmpuint (b.steps, ==, 3);

  g_string_free (b.text, TRUE);
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

/* Cancels the pull only if it hangs: a watchdog that the test stops. */
typedef struct
{
  GMutex        lock;
  GCond         cond;
  gboolean      done;
  GCancellable *cancellable;
} Watchdog;

static gpointer
watchdog_thread (gpointer data)
{
  Watchdog *w = data;
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  g_mutex_lock (&w->lock);
  while (!w->done)
    if (!g_cond_wait_until (&w->cond, &w->lock, deadline))
      {
        g_cancellable_cancel (w->cancellable);
        break;
      }
  g_mutex_unlock (&w->lock);
  return NULL;
}

static void
test_pull_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) guard = g_cancellable_new ();
  Watchdog w = { .cancellable = guard };
  GThread *thread;
  gboolean ok;

  g_mutex_init (&w.lock);
  g_cond_init (&w.cond);
  thread = g_thread_new ("watchdog", watchdog_thread, &w);

  ok = berth_engine_pull_sync (engine, "127.0.0.1:9/berth-nothing:x", NULL, NULL, guard, &error);
  g_assert_false (ok);
  g_assert_false (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED));
  g_assert_true (error->domain == BERTH_ENGINE_ERROR);
  g_assert_true (error->code == BERTH_ENGINE_ERROR_ENGINE || error->code == BERTH_ENGINE_ERROR_FAILED ||
                 error->code == BERTH_ENGINE_ERROR_NOT_FOUND);
  g_test_message ("pull error: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Cannot pull 127.0.0.1:9/berth-nothing:x: "));
  g_assert_nonnull (strstr (error->message, "127.0.0.1:9"));

  g_mutex_lock (&w.lock);
  w.done = TRUE;
  g_cond_signal (&w.cond);
  g_mutex_unlock (&w.lock);
  g_thread_join (thread);
  g_mutex_clear (&w.lock);
  g_cond_clear (&w.cond);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  engine_tests_init ("build");

  g_test_add_func ("/engine/build/dockerignore", test_build_dockerignore);
  g_test_add_func ("/engine/build/failing-step", test_build_failing_step);
  g_test_add_func ("/engine/pull/unreachable-registry", test_pull_unreachable);

  return engine_tests_finish (g_test_run ());
}
