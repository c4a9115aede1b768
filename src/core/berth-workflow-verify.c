/* berth-workflow-verify.c: Verify migrations (what test-migrations.sh is for).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-engine-containers.h"
#include "berth-migration-revision.h"
#include "berth-migration-runner.h"
#include "berth-workflow-support.h"
#include "berth-workflows-private.h"

static BerthMigrationRunner *
runner_or_fail (BerthWorkflowCtx *ctx, BerthWorkflowStep *step, char **container,
                GCancellable *cancellable, GError **error)
{
  g_autoptr(BerthMigrationRunner) runner = berth_workflow_ctx_runner (ctx, step, error);

  if (runner == NULL)
    return NULL;
  if (container)
    {
      *container = berth_migration_runner_find_container_sync (runner, cancellable, error);
      if (*container == NULL)
        return NULL;
    }
  return g_steal_pointer (&runner);
}

static void
output_text (BerthWorkflowStep *step, BerthOutputStream stream, const char *text)
{
  if (text && *text)
    berth_workflow_step_output (step, stream, text);
}

/* ---- 1. Flask-Migrate and FLASK_APP ---- */

static BerthStepStatus
step_flask (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthWorkflowCtx *ctx = user_data;
  g_autofree char *container = NULL;
  g_autoptr(BerthMigrationRunner) runner = NULL;
  g_autoptr(JsonObject) inspect = NULL;
  const char *argv[] = { "sh", "-c",
                         "for py in python3 python; do "
                         "  command -v \"$py\" >/dev/null 2>&1 && exec \"$py\" -c "
                         "    'import flask_migrate, alembic, importlib.metadata as m; print(m.version(\"Flask-Migrate\"), alembic.__version__)'; "
                         "done; echo 'no python in the container' >&2; exit 127", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) versions = NULL;
  const char *flask_app = NULL;
  JsonArray *env;
  int code = -1;

  /* The runner's lookup already refuses a container without FLASK_APP. */
  runner = runner_or_fail (ctx, step, &container, cancellable, error);
  if (runner == NULL)
    {
      berth_workflow_step_set_hint (step, _("FLASK_APP in the compose file or Dockerfile, and that the service runs"));
      return BERTH_STEP_STATUS_FAILED;
    }
  inspect = berth_engine_container_inspect_sync (ctx->engine, container, cancellable, error);
  if (inspect == NULL)
    return BERTH_STEP_STATUS_FAILED;
  env = json_object_get_array_member (json_object_get_object_member (inspect, "Config"), "Env");
  for (guint i = 0; env && i < json_array_get_length (env); i++)
    if (g_str_has_prefix (json_array_get_string_element (env, i), "FLASK_APP="))
      flask_app = json_array_get_string_element (env, i) + strlen ("FLASK_APP=");

  if (!berth_workflow_exec (ctx->engine, container, argv, NULL, &out, &err, &code, cancellable, error))
    return BERTH_STEP_STATUS_FAILED;
  if (code != 0)
    {
      output_text (step, BERTH_OUTPUT_STDERR, err);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Flask-Migrate cannot be imported in %s (exit code %d)"),
                   berth_migration_runner_get_service (runner), code);
      berth_workflow_step_set_hint (step, _("the image's requirements (Flask-Migrate must be installed)"));
      return BERTH_STEP_STATUS_FAILED;
    }
  versions = g_strsplit (g_strstrip (out), " ", 2);
  {
    g_autofree char *msg = g_strdup_printf (_("Flask-Migrate %s, Alembic %s; FLASK_APP=%s"),
                                            versions[0] ? versions[0] : "?",
                                            versions[0] && versions[1] ? versions[1] : "?",
                                            flask_app ? flask_app : _("(set by the start script)"));
    berth_workflow_step_set_message (step, msg);
  }
  return BERTH_STEP_STATUS_OK;
}

/* ---- 2. migrations/ on both sides, same revisions ---- */

static char *
join_missing (GHashTable *a, GHashTable *b)
{
  g_autoptr(GString) s = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (b, key))
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", (const char *) key);
  return s->len ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}

static BerthStepStatus
step_folders (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthWorkflowCtx *ctx = user_data;
  g_autoptr(BerthMigrationRunner) runner = NULL;
  g_autofree char *container = NULL;
  g_autofree char *versions = NULL;
  g_autoptr(GPtrArray) host_revs = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GHashTable) host = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) inside = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *only_host = NULL, *only_inside = NULL;
  const char *test_argv[] = { "test", "-d", "migrations/versions", NULL };
  int code = -1;

  runner = runner_or_fail (ctx, step, &container, cancellable, error);
  if (runner == NULL)
    return BERTH_STEP_STATUS_FAILED;

  if (!berth_workflow_exec (ctx->engine, container, test_argv, NULL, NULL, NULL, &code, cancellable, error))
    return BERTH_STEP_STATUS_FAILED;
  if (code != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no migrations/versions folder in the %s container's working directory"),
                   berth_migration_runner_get_service (runner));
      berth_workflow_step_set_hint (step, _("the Dockerfile (COPY migrations) or flask db init"));
      return BERTH_STEP_STATUS_FAILED;
    }

  versions = g_build_filename (berth_migration_runner_get_migrations_dir (runner), "versions", NULL);
  host_revs = berth_migration_revision_load_dir (versions, &problems, error);
  if (host_revs == NULL)
    {
      berth_workflow_step_set_hint (step, _("the migrations folder on the host"));
      return BERTH_STEP_STATUS_FAILED;
    }
  for (guint i = 0; problems && i < problems->len; i++)
    berth_workflow_step_output (step, BERTH_OUTPUT_STDERR, g_ptr_array_index (problems, i));
  for (guint i = 0; i < host_revs->len; i++)
    g_hash_table_add (host, ((BerthMigrationRevision *) g_ptr_array_index (host_revs, i))->revision);

  history = berth_migration_runner_history_sync (runner, cancellable, error);
  if (history == NULL)
    return BERTH_STEP_STATUS_FAILED;
  for (guint i = 0; i < history->len; i++)
    g_hash_table_add (inside, ((BerthMigrationHistoryEntry *) g_ptr_array_index (history, i))->revision);

  berth_workflow_step_outputf (step, BERTH_OUTPUT_INFO, _("Host %s: %u revisions; container: %u revisions"),
                               versions, g_hash_table_size (host), g_hash_table_size (inside));

  only_host = join_missing (host, inside);
  only_inside = join_missing (inside, host);
  if (only_host || only_inside)
    {
      g_autoptr(GString) s = g_string_new (_("The container and the host hold different revisions:"));

      if (only_host)
        g_string_append_printf (s, _(" only on the host: %s (Rebuild to copy them into the image);"), only_host);
      if (only_inside)
        g_string_append_printf (s, _(" only in the container: %s (copy them to the host or they are lost at the "
                                     "next rebuild)"), only_inside);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, s->str);
      berth_workflow_step_set_hint (step, versions);
      return BERTH_STEP_STATUS_FAILED;
    }
  if (problems && problems->len)
    {
      berth_workflow_step_set_message (step, _("Same revisions, but some host files could not be read (above)"));
      return BERTH_STEP_STATUS_WARNING;
    }
  {
    g_autofree char *msg = g_strdup_printf (_("The container and the host hold the same %u revisions"),
                                            g_hash_table_size (host));
    berth_workflow_step_set_message (step, msg);
  }
  return BERTH_STEP_STATUS_OK;
}

/* ---- 3. one head ---- */

static BerthStepStatus
step_heads (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthWorkflowCtx *ctx = user_data;
  g_autoptr(BerthMigrationRunner) runner = runner_or_fail (ctx, step, NULL, cancellable, error);
  g_autoptr(GPtrArray) heads = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);

  if (runner == NULL)
    return BERTH_STEP_STATUS_FAILED;
  heads = berth_migration_runner_heads_sync (runner, cancellable, error);
  if (heads == NULL)
    return BERTH_STEP_STATUS_FAILED;
  for (guint i = 0; i < heads->len; i++)
    g_string_append_printf (ids, "%s%s", i ? ", " : "", ((BerthMigrationHistoryEntry *) g_ptr_array_index (heads, i))->revision);

  if (heads->len == 0)
    {
      berth_workflow_step_set_message (step, _("No revisions yet"));
      return BERTH_STEP_STATUS_WARNING;
    }
  if (heads->len > 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%u heads (%s): the history has branched"),
                   heads->len, ids->str);
      berth_workflow_step_set_hint (step, _("the migration graph; merge the heads (flask db merge heads)"));
      return BERTH_STEP_STATUS_FAILED;
    }
  {
    g_autofree char *msg = g_strdup_printf (_("One head: %s"), ids->str);
    berth_workflow_step_set_message (step, msg);
  }
  return BERTH_STEP_STATUS_OK;
}

/* ---- 4. current == head ---- */

static BerthStepStatus
step_current (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthWorkflowCtx *ctx = user_data;
  g_autoptr(BerthMigrationRunner) runner = runner_or_fail (ctx, step, NULL, cancellable, error);
  g_autoptr(GPtrArray) heads = NULL;
  g_auto(GStrv) current = NULL;
  g_autofree char *cur = NULL;
  gboolean ok = TRUE;

  if (runner == NULL)
    return BERTH_STEP_STATUS_FAILED;
  heads = berth_migration_runner_heads_sync (runner, cancellable, error);
  if (heads == NULL)
    return BERTH_STEP_STATUS_FAILED;
  current = berth_migration_runner_current_sync (runner, cancellable, error);
  if (current == NULL)
    {
      berth_workflow_step_set_hint (step, _("the database's alembic_version table"));
      return BERTH_STEP_STATUS_FAILED;
    }
  cur = current[0] ? g_strjoinv (", ", current) : g_strdup (_("no revision"));
  ok = g_strv_length (current) == heads->len;
  for (guint i = 0; ok && i < heads->len; i++)
    ok = g_strv_contains ((const char * const *) current,
                          ((BerthMigrationHistoryEntry *) g_ptr_array_index (heads, i))->revision);
  if (!ok)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The database is at %s, not at the head"), cur);
      berth_workflow_step_set_hint (step, _("pending migrations: run Migrate (flask db upgrade)"));
      return BERTH_STEP_STATUS_FAILED;
    }
  {
    g_autofree char *msg = g_strdup_printf (_("The database is at the head, %s"), cur);
    berth_workflow_step_set_message (step, msg);
  }
  return BERTH_STEP_STATUS_OK;
}

/* ---- 5. models == migrations ---- */

/* Alembic before 1.9 has no `check` (Debian 12 ships 1.8): compare the
 * models with the database the way autogenerate does, without writing a
 * revision file.  Exit 3: differences; 1 (a traceback): it could not run. */
static const char compare_script[] =
  "import os, sys\n"
  "from flask.cli import ScriptInfo\n"
  "app = ScriptInfo(app_import_path=os.environ.get('FLASK_APP')).load_app()\n"
  "with app.app_context():\n"
  "    from alembic.migration import MigrationContext\n"
  "    from alembic.autogenerate import compare_metadata\n"
  "    db = app.extensions['migrate'].db\n"
  "    with db.engine.connect() as conn:\n"
  "        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)\n"
  "    diff = [d for d in diff if not (isinstance(d, tuple) and len(d) > 1 and\n"
  "            getattr(d[1], 'name', None) == 'alembic_version')]\n"
  "    for d in diff:\n"
  "        if isinstance(d, tuple):\n"
  "            names = [getattr(x, 'name', x) for x in d[1:] if isinstance(x, str) or hasattr(x, 'name')]\n"
  "            print('Detected %s %s' % (d[0], '.'.join(str(n) for n in names if n)))\n"
  "        else:\n"
  "            print('Detected %r' % (d,))\n"
  "    sys.exit(3 if diff else 0)\n";

static BerthStepStatus
step_check (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthWorkflowCtx *ctx = user_data;
  g_autofree char *container = NULL;
  g_autoptr(BerthMigrationRunner) runner = runner_or_fail (ctx, step, &container, cancellable, error);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) local = NULL;
  gboolean clean = FALSE;

  if (runner == NULL)
    return BERTH_STEP_STATUS_FAILED;

  if (!berth_migration_runner_check_sync (runner, &clean, &changes, cancellable, &local))
    {
      const char *argv[] = { "python3", "-c", compare_script, NULL };
      g_autofree char *out = NULL, *err = NULL;
      int code = -1;

      if (g_cancellable_is_cancelled (cancellable) ||
          (strstr (local->message, "check") == NULL && strstr (local->message, "No such command") == NULL))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return BERTH_STEP_STATUS_FAILED;
        }
      berth_workflow_step_output (step, BERTH_OUTPUT_INFO,
                                  _("flask db check is not available (Alembic before 1.9): comparing models and "
                                    "database directly"));
      if (!berth_workflow_exec (ctx->engine, container, argv, NULL, &out, &err, &code, cancellable, error))
        return BERTH_STEP_STATUS_FAILED;
      output_text (step, BERTH_OUTPUT_STDOUT, out);
      if (code != 0 && code != 3)
        {
          output_text (step, BERTH_OUTPUT_STDERR, err);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Comparing the models with the database failed (exit code %d)"), code);
          return BERTH_STEP_STATUS_FAILED;
        }
      clean = code == 0;
    }
  else
    for (guint i = 0; changes && i < changes->len; i++)
      berth_workflow_step_outputf (step, BERTH_OUTPUT_INFO, _("Detected: %s"),
                                   ((BerthMigrationChange *) g_ptr_array_index (changes, i))->description);

  if (!clean)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The models have changes that no migration describes"));
      berth_workflow_step_set_hint (step, _("the detected changes above; run Migrate to generate a migration"));
      return BERTH_STEP_STATUS_FAILED;
    }
  berth_workflow_step_set_message (step, _("No model changes without a migration"));
  return BERTH_STEP_STATUS_OK;
}

/* ---- 6. round trip on a throw-away copy ---- */

static const char *
env_value (JsonObject *inspect, const char *key)
{
  JsonArray *env = json_object_get_array_member (json_object_get_object_member (inspect, "Config"), "Env");
  gsize klen = strlen (key);

  for (guint i = 0; env && i < json_array_get_length (env); i++)
    {
      const char *e = json_array_get_string_element (env, i);

      if (strncmp (e, key, klen) == 0 && e[klen] == '=')
        return e + klen + 1;
    }
  return NULL;
}

/* Prints the database the app connects to. */
static const char which_db_script[] =
  "import os\n"
  "from flask.cli import ScriptInfo\n"
  "from sqlalchemy import text\n"
  "app = ScriptInfo(app_import_path=os.environ.get('FLASK_APP')).load_app()\n"
  "with app.app_context():\n"
  "    db = app.extensions['migrate'].db\n"
  "    with db.engine.connect() as conn:\n"
  "        print(conn.execute(text('SELECT current_database()')).scalar())\n";

static gboolean
run_shown (BerthWorkflowCtx *ctx, BerthWorkflowStep *step, const char *container,
           const char * const *argv, const char * const *env, GCancellable *cancellable, GError **error)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *shown = g_strjoinv (" ", (char **) argv);
  int code = -1;

  berth_workflow_step_outputf (step, BERTH_OUTPUT_INFO, "$ %s", shown);
  if (!berth_workflow_exec (ctx->engine, container, argv, env, &out, &err, &code, cancellable, error))
    return FALSE;
  output_text (step, BERTH_OUTPUT_STDOUT, out);
  output_text (step, BERTH_OUTPUT_STDERR, err);
  if (code != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("“%s” failed with exit code %d"), shown, code);
      return FALSE;
    }
  return TRUE;
}

static BerthStepStatus
step_round_trip (BerthWorkflowStep *step, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BerthWorkflowCtx *ctx = user_data;
  g_autofree char *container = NULL;
  g_autoptr(BerthMigrationRunner) runner = runner_or_fail (ctx, step, &container, cancellable, error);
  g_autoptr(JsonObject) api = NULL;
  g_autoptr(JsonObject) db = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) tmp_uri = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *tmp_db = NULL, *tmp_path = NULL, *tmp_url = NULL, *env_url = NULL;
  g_autofree char *env_pw = NULL, *user = NULL, *password = NULL, *env_uri = NULL;
  const char *url, *scheme, *host, *src_db, *db_id;
  BerthStepStatus status = BERTH_STEP_STATUS_FAILED;
  gboolean created = FALSE;

  if (runner == NULL)
    return BERTH_STEP_STATUS_FAILED;
  api = berth_engine_container_inspect_sync (ctx->engine, container, cancellable, error);
  if (api == NULL)
    return BERTH_STEP_STATUS_FAILED;

  url = env_value (api, "DATABASE_URL");
  if (url == NULL)
    url = env_value (api, "SQLALCHEMY_DATABASE_URI");
  if (url == NULL)
    {
      berth_workflow_step_set_message (step, _("Skipped: the container has no DATABASE_URL to point at a copy"));
      return BERTH_STEP_STATUS_WARNING;
    }
  uri = g_uri_parse (url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, &local);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (scheme == NULL || !g_str_has_prefix (scheme, "postgres"))
    {
      berth_workflow_step_set_message (step, _("Skipped: the round trip needs a PostgreSQL database"));
      return BERTH_STEP_STATUS_WARNING;
    }
  host = g_uri_get_host (uri);
  src_db = g_uri_get_path (uri);
  while (src_db && *src_db == '/')
    src_db++;
  if (host == NULL || src_db == NULL || *src_db == '\0' ||
      berth_compose_project_get_service (ctx->project, host) == NULL)
    {
      berth_workflow_step_set_message (step, _("Skipped: the database server is not a service of this project"));
      return BERTH_STEP_STATUS_WARNING;
    }
  db = berth_workflow_find_container (ctx->engine, ctx->project, host, cancellable, error);
  if (db == NULL || !berth_workflow_container_running (db))
    {
      if (error && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The %s container is not running"), host);
      return BERTH_STEP_STATUS_FAILED;
    }
  db_id = json_object_get_string_member (db, "Id");

  user = g_uri_unescape_string (g_uri_get_user (uri) ? g_uri_get_user (uri) : "postgres", NULL);
  password = g_uri_get_password (uri) ? g_uri_unescape_string (g_uri_get_password (uri), NULL) : NULL;
  {
    /* A name of our own, never the real one. */
    g_autofree char *rnd = g_strdup_printf ("%08x", g_random_int ());
    tmp_db = g_strdup_printf ("berth_roundtrip_%s", rnd);
  }
  tmp_path = g_strdup_printf ("/%s", tmp_db);
  tmp_uri = g_uri_build_with_user (G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, scheme,
                                   g_uri_get_user (uri), g_uri_get_password (uri), NULL,
                                   host, g_uri_get_port (uri), tmp_path, g_uri_get_query (uri), NULL);
  tmp_url = g_uri_to_string (tmp_uri);
  env_url = g_strdup_printf ("DATABASE_URL=%s", tmp_url);
  env_uri = g_strdup_printf ("SQLALCHEMY_DATABASE_URI=%s", tmp_url);
  env_pw = g_strdup_printf ("PGPASSWORD=%s", password ? password : "");
  g_assert (g_strcmp0 (tmp_db, src_db) != 0);

  berth_workflow_step_outputf (step, BERTH_OUTPUT_INFO, _("Copying database %s to the temporary database %s"),
                               src_db, tmp_db);
  {
    const char *create[] = { "createdb", "-U", user, tmp_db, NULL };
    const char *copy[] = { "sh", "-c", "f=\"/tmp/$3.sql\"; pg_dump -U \"$1\" -f \"$f\" \"$2\" && "
                           "psql -q -v ON_ERROR_STOP=1 -U \"$1\" -d \"$3\" -f \"$f\" >/dev/null; rc=$?; rm -f \"$f\"; exit $rc",
                           "sh", user, src_db, tmp_db, NULL };
    const char *env[] = { env_pw, NULL };

    berth_workflow_step_progress (step, 0.1, _("Copying the database"));
    if (!run_shown (ctx, step, db_id, create, env, cancellable, error))
      goto out;
    created = TRUE;
    if (!run_shown (ctx, step, db_id, copy, env, cancellable, error))
      goto out;
  }
  {
    /* Before anything destructive: the app, given the override, really
     * talks to the copy (an app that ignores DATABASE_URL would downgrade
     * the real database). */
    const char *env[] = { env_url, env_uri, NULL };
    const char *which[] = { "python3", "-c", which_db_script, NULL };
    g_autofree char *out = NULL, *err = NULL;
    int code = -1;

    if (!berth_workflow_exec (ctx->engine, container, which, env, &out, &err, &code, cancellable, error))
      goto out;
    if (code != 0 || g_strcmp0 (g_strstrip (out), tmp_db) != 0)
      {
        output_text (step, BERTH_OUTPUT_STDERR, err);
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("The app does not take its database from DATABASE_URL (it connects to “%s”): "
                       "refusing to downgrade, the real database could be hit"), out && *out ? out : "?");
        berth_workflow_step_set_hint (step, _("how the app reads its database URL (SQLALCHEMY_DATABASE_URI)"));
        goto out;
      }
    berth_workflow_step_outputf (step, BERTH_OUTPUT_INFO, _("The app connects to %s with the override"), tmp_db);
  }
  {
    const char *env[] = { env_url, env_uri, NULL };
    const char *down[] = { "flask", "db", "downgrade", "base", NULL };
    const char *up[] = { "flask", "db", "upgrade", NULL };
    const char *current[] = { "flask", "db", "current", NULL };

    berth_workflow_step_progress (step, 0.4, _("Downgrading to base"));
    if (!run_shown (ctx, step, container, down, env, cancellable, error))
      {
        berth_workflow_step_set_hint (step, _("the downgrade() of the revision named above"));
        goto out;
      }
    berth_workflow_step_progress (step, 0.7, _("Upgrading to head"));
    if (!run_shown (ctx, step, container, up, env, cancellable, error))
      {
        berth_workflow_step_set_hint (step, _("the upgrade() of the revision named above"));
        goto out;
      }
    if (!run_shown (ctx, step, container, current, env, cancellable, error))
      goto out;
  }
  {
    g_autofree char *msg = g_strdup_printf (_("Downgrade to base and upgrade to head succeeded on a copy (%s)"), tmp_db);
    berth_workflow_step_set_message (step, msg);
  }
  status = BERTH_STEP_STATUS_OK;

out:
  if (created)
    {
      /* Even when cancelled: the throw-away database must not stay. */
      const char *drop[] = { "dropdb", "-U", user, "--if-exists", tmp_db, NULL };
      const char *env[] = { env_pw, NULL };
      g_autoptr(GError) drop_error = NULL;

      berth_workflow_step_progress (step, 0.95, _("Dropping the temporary database"));
      if (!run_shown (ctx, step, db_id, drop, env, NULL, &drop_error))
        {
          berth_workflow_step_outputf (step, BERTH_OUTPUT_STDERR, _("Could not drop %s: %s"), tmp_db,
                                       drop_error->message);
          if (status == BERTH_STEP_STATUS_OK)
            {
              berth_workflow_step_set_message (step, _("Round trip succeeded, but the temporary database could not be dropped"));
              status = BERTH_STEP_STATUS_WARNING;
            }
        }
    }
  return status;
}

BerthWorkflow *
berth_workflow_new_verify (BerthEngine                *engine,
                           BerthComposeProject        *project,
                           const BerthWorkflowOptions *options)
{
  BerthWorkflow *wf = berth_workflow_new ("verify", _("Verify migrations"));
  BerthWorkflowCtx *ctx = berth_workflow_ctx_new (engine, project, options);

  /* Every check is worth knowing, even after one failed. */
  berth_workflow_set_stop_on_failure (wf, FALSE);
  berth_workflow_add_step (wf, "flask", _("Flask-Migrate importable and FLASK_APP set"),
                           step_flask, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  berth_workflow_add_step (wf, "folders", _("Same revisions in the container and on the host"),
                           step_folders, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  berth_workflow_add_step (wf, "heads", _("Exactly one head"),
                           step_heads, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  berth_workflow_add_step (wf, "current", _("Database at the head"),
                           step_current, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  berth_workflow_add_step (wf, "check", _("No model changes without a migration"),
                           step_check, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  if (ctx->round_trip)
    berth_workflow_add_step (wf, "round-trip", _("Downgrade to base and upgrade to head on a temporary copy"),
                             step_round_trip, berth_workflow_ctx_ref (ctx), berth_workflow_ctx_unref);
  berth_workflow_ctx_unref (ctx);
  return wf;
}
