/* berth-migration-runner.c: `flask db ...` through the engine's exec.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "berth-engine-containers.h"
#include "berth-engine-exec.h"
#include "berth-migration-locate.h"
#include "berth-migration-output-private.h"
#include "berth-migration-runner-private.h"


G_DEFINE_FINAL_TYPE (BerthMigrationRunner, berth_migration_runner, G_TYPE_OBJECT)

enum {
  SIGNAL_LINE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
berth_migration_runner_finalize (GObject *object)
{
  BerthMigrationRunner *self = BERTH_MIGRATION_RUNNER (object);

  if (self->line_destroy)
    self->line_destroy (self->line_data);
  g_clear_object (&self->engine);
  g_free (self->project_name);
  g_free (self->service);
  g_free (self->migrations_dir);

  G_OBJECT_CLASS (berth_migration_runner_parent_class)->finalize (object);
}

static void
berth_migration_runner_class_init (BerthMigrationRunnerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = berth_migration_runner_finalize;

  /**
   * BerthMigrationRunner::line:
   * @stream: BERTH_STREAM_STDOUT or BERTH_STREAM_STDERR
   * @line: one line of output, without its newline
   *
   * Output of an _async operation, in order, on the caller's main context.
   */
  signals[SIGNAL_LINE] =
    g_signal_new ("line", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
berth_migration_runner_init (BerthMigrationRunner *self)
{
}

BerthMigrationRunner *
berth_migration_runner_new (BerthEngine *engine,
                            const char  *project_name,
                            const char  *service,
                            const char  *migrations_dir)
{
  BerthMigrationRunner *self;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (project_name != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (migrations_dir != NULL, NULL);

  self = g_object_new (BERTH_TYPE_MIGRATION_RUNNER, NULL);
  self->engine = g_object_ref (engine);
  self->project_name = g_strdup (project_name);
  self->service = g_strdup (service);
  self->migrations_dir = g_strdup (migrations_dir);
  return self;
}

BerthMigrationRunner *
berth_migration_runner_new_for_project (BerthEngine          *engine,
                                        BerthComposeProject  *project,
                                        const char           *service,
                                        GError              **error)
{
  BerthComposeService *svc;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (BERTH_IS_COMPOSE_PROJECT (project), NULL);

  svc = berth_migration_find_service (project, service, error);
  if (svc == NULL)
    return NULL;
  folder = berth_migration_find_folder (NULL, project, svc, error);
  if (folder == NULL)
    return NULL;
  return berth_migration_runner_new (engine, berth_compose_project_get_name (project),
                                     berth_compose_service_get_name (svc), folder);
}

const char *
berth_migration_runner_get_service (BerthMigrationRunner *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), NULL);
  return self->service;
}

const char *
berth_migration_runner_get_migrations_dir (BerthMigrationRunner *self)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), NULL);
  return self->migrations_dir;
}

void
berth_migration_runner_set_line_func (BerthMigrationRunner   *self,
                                      BerthMigrationLineFunc  func,
                                      gpointer                user_data,
                                      GDestroyNotify          destroy)
{
  g_return_if_fail (BERTH_IS_MIGRATION_RUNNER (self));

  if (self->line_destroy)
    self->line_destroy (self->line_data);
  self->line_func = func;
  self->line_data = user_data;
  self->line_destroy = destroy;
}

/* ---- output ------------------------------------------------------------- */


static void
collector_line (Collector *c, BerthStreamType stream, const char *line)
{
  GString *dest = stream == BERTH_STREAM_STDOUT ? c->out : c->err;

  g_string_append (dest, line);
  g_string_append_c (dest, '\n');
  g_string_append (c->combined, line);
  g_string_append_c (c->combined, '\n');
  if (c->sink.func)
    c->sink.func (stream == BERTH_STREAM_STDOUT ? BERTH_STREAM_STDOUT : BERTH_STREAM_STDERR,
                  line, c->sink.data);
}

static gboolean
collector_data (BerthStreamType  stream,
                const guint8    *data,
                gsize            len,
                gpointer         user_data)
{
  Collector *c = user_data;
  GString *buf;
  char *nl;

  if ((guint) stream > 3)
    stream = BERTH_STREAM_STDERR;
  buf = c->partial[stream];
  g_string_append_len (buf, (const char *) data, len);
  while ((nl = memchr (buf->str, '\n', buf->len)) != NULL)
    {
      gsize n = nl - buf->str;
      g_autofree char *line = g_strndup (buf->str, n);

      if (n > 0 && line[n - 1] == '\r')
        line[n - 1] = '\0';
      collector_line (c, stream, line);
      g_string_erase (buf, 0, n + 1);
    }
  return TRUE;
}

static void
collector_init (Collector *c, Sink sink)
{
  memset (c, 0, sizeof *c);
  c->sink = sink;
  for (guint i = 0; i < G_N_ELEMENTS (c->partial); i++)
    c->partial[i] = g_string_new (NULL);
  c->out = g_string_new (NULL);
  c->err = g_string_new (NULL);
  c->combined = g_string_new (NULL);
}

static void
collector_flush (Collector *c)
{
  for (guint i = 0; i < G_N_ELEMENTS (c->partial); i++)
    if (c->partial[i]->len > 0)
      {
        collector_line (c, i, c->partial[i]->str);
        g_string_truncate (c->partial[i], 0);
      }
}

void
berth_migration_collector_clear (Collector *c)
{
  for (guint i = 0; i < G_N_ELEMENTS (c->partial); i++)
    g_string_free (c->partial[i], TRUE);
  g_string_free (c->out, TRUE);
  g_string_free (c->err, TRUE);
  g_string_free (c->combined, TRUE);
}

/* ---- container ---------------------------------------------------------- */

static char *
find_container (BerthMigrationRunner  *self,
                GCancellable          *cancellable,
                GError               **error)
{
  g_autofree char *project_filter = g_strdup_printf ("label=com.docker.compose.project=%s", self->project_name);
  g_autofree char *service_filter = g_strdup_printf ("label=com.docker.compose.service=%s", self->service);
  const char *filters[] = { project_filter, service_filter, "status=running", NULL };
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(JsonObject) inspect = NULL;
  const char *chosen = NULL;
  gint64 best_number = G_MAXINT64;
  JsonObject *config;
  JsonArray *env;
  gboolean has_flask_app = FALSE;
  const char *name;

  list = berth_engine_containers_list_sync (self->engine, FALSE, filters, cancellable, error);
  if (list == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *c = json_array_get_object_element (list, i);
      JsonObject *labels = json_object_get_object_member (c, "Labels");
      const char *oneoff = labels ? json_object_get_string_member_with_default (labels, "com.docker.compose.oneoff", "False") : "False";
      const char *number = labels ? json_object_get_string_member_with_default (labels, "com.docker.compose.container-number", "1") : "1";
      gint64 n = g_ascii_strtoll (number, NULL, 10);

      /* `compose run` containers are not the service. */
      if (g_ascii_strcasecmp (oneoff, "True") == 0)
        continue;
      if (chosen == NULL || n < best_number)
        {
          chosen = json_object_get_string_member (c, "Id");
          best_number = n;
        }
    }

  if (chosen == NULL)
    {
      g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_SERVICE,
                   _("The service “%s” of project “%s” has no running container: start the "
                     "stack first (Rebuild, or “docker compose up -d”)."),
                   self->service, self->project_name);
      return NULL;
    }

  inspect = berth_engine_container_inspect_sync (self->engine, chosen, cancellable, error);
  if (inspect == NULL)
    return NULL;
  name = json_object_get_string_member_with_default (inspect, "Name", chosen);
  if (*name == '/')
    name++;
  config = json_object_get_object_member (inspect, "Config");
  env = config && json_object_has_member (config, "Env") && !json_object_get_null_member (config, "Env")
        ? json_object_get_array_member (config, "Env") : NULL;
  for (guint i = 0; env && i < json_array_get_length (env); i++)
    {
      const char *kv = json_array_get_string_element (env, i);

      if (kv && g_str_has_prefix (kv, "FLASK_APP=") && kv[strlen ("FLASK_APP=")] != '\0')
        has_flask_app = TRUE;
    }
  if (!has_flask_app)
    {
      g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_FLASK_APP,
                   _("FLASK_APP is not set in the environment of container %s (service “%s”), so "
                     "“flask db” cannot find the application. It is usually exported by start.sh, "
                     "which commands run inside the container do not go through: set it in the "
                     "service's environment in the compose file, or with ENV in the Dockerfile."),
                   name, self->service);
      return NULL;
    }

  return g_strdup (chosen);
}

char *
berth_migration_runner_find_container_sync (BerthMigrationRunner  *self,
                                            GCancellable          *cancellable,
                                            GError               **error)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), NULL);
  return find_container (self, cancellable, error);
}

/* ---- running ------------------------------------------------------------ */

/* Runs `flask db ARGS`.  Returns FALSE only when it could not run; the
 * exit code is in *exit_code and the output in the collector. */
static gboolean
exec_flask_db (BerthMigrationRunner  *self,
               const char            *container,
               const char * const    *args,
               Collector             *collector,
               int                   *exit_code,
               GCancellable          *cancellable,
               GError               **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  BerthExecConfig config = { 0 };
  gboolean ok;

  g_ptr_array_add (argv, (char *) "flask");
  g_ptr_array_add (argv, (char *) "db");
  for (guint i = 0; args && args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  config.cmd = (const char * const *) argv->pdata;
  config.tty = FALSE;
  config.attach_stdin = FALSE;

  ok = berth_engine_exec_run_sync (self->engine, container, &config, collector_data, collector,
                                   exit_code, cancellable, error);
  collector_flush (collector);
  return ok;
}

static gboolean
fail_from_output (Collector   *c,
                  const char  *what,
                  int          exit_code,
                  GError     **error)
{
  g_autoptr(GError) parsed = berth_migration_parse_error (c->combined->str, NULL);

  if (parsed != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&parsed));
      return FALSE;
    }
  {
    /* No error Alembic words: the last thing printed says most. */
    g_auto(GStrv) lines = g_strsplit (c->combined->str, "\n", -1);
    const char *last = NULL;

    for (guint i = 0; lines[i]; i++)
      if (*g_strstrip (lines[i]) != '\0')
        last = lines[i];
    if (last != NULL)
      g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_COMMAND_FAILED,
                   _("“flask db %s” failed with exit code %d: %s"), what, exit_code, last);
    else
      g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_COMMAND_FAILED,
                   _("“flask db %s” failed with exit code %d."), what, exit_code);
  }
  return FALSE;
}

/* Runs and turns a non-zero exit into the error Alembic printed. */
gboolean
berth_migration_runner_run_checked (BerthMigrationRunner  *self,
             Sink                   sink,
             const char * const    *args,
             Collector             *collector,
             char                 **container_out,
             GCancellable          *cancellable,
             GError               **error)
{
  g_autofree char *container = NULL;
  int exit_code = -1;

  collector_init (collector, sink);
  container = find_container (self, cancellable, error);
  if (container == NULL)
    return FALSE;
  if (!exec_flask_db (self, container, args, collector, &exit_code, cancellable, error))
    return FALSE;
  if (container_out)
    *container_out = g_steal_pointer (&container);
  if (exit_code != 0)
    return fail_from_output (collector, args && args[0] ? args[0] : "", exit_code, error);
  return TRUE;
}

Sink
berth_migration_runner_sync_sink (BerthMigrationRunner *self)
{
  Sink s = { self->line_func, self->line_data };
  return s;
}

gboolean
berth_migration_runner_run_sync (BerthMigrationRunner  *self,
                                 const char * const    *args,
                                 char                 **out,
                                 char                 **err,
                                 GCancellable          *cancellable,
                                 GError               **error)
{
  Collector c;
  gboolean ok;

  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), FALSE);

  ok = berth_migration_runner_run_checked (self, berth_migration_runner_sync_sink (self), args, &c, NULL, cancellable, error);
  if (out)
    *out = g_strdup (c.out->str);
  if (err)
    *err = g_strdup (c.err->str);
  berth_migration_collector_clear (&c);
  return ok;
}

static char **
current_internal (BerthMigrationRunner *self, Sink sink, GCancellable *cancellable, GError **error)
{
  const char *args[] = { "current", NULL };
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr(GError) local_error = NULL;
  Collector c;

  if (!berth_migration_runner_run_checked (self, sink, args, &c, NULL, cancellable, &local_error))
    {
      g_autofree char *unknown = NULL;
      g_autoptr(GError) parsed = berth_migration_parse_error (c.combined->str, &unknown);

      berth_migration_collector_clear (&c);
      /* The database is at a revision no file defines: that is the
       * answer (the graph shows it as missing_file), not a failure. */
      if (parsed != NULL && g_error_matches (parsed, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_UNKNOWN_REVISION) &&
          unknown != NULL)
        {
          g_strv_builder_add (b, unknown);
          return g_strv_builder_end (b);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  entries = berth_migration_parse_revisions (c.out->str);
  berth_migration_collector_clear (&c);
  for (guint i = 0; i < entries->len; i++)
    g_strv_builder_add (b, ((BerthMigrationHistoryEntry *) entries->pdata[i])->revision);
  return g_strv_builder_end (b);
}

char **
berth_migration_runner_current_sync (BerthMigrationRunner  *self,
                                     GCancellable          *cancellable,
                                     GError               **error)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), NULL);
  return current_internal (self, berth_migration_runner_sync_sink (self), cancellable, error);
}

static GPtrArray *
entries_internal (BerthMigrationRunner *self, Sink sink, const char * const *args,
                  gboolean history, GCancellable *cancellable, GError **error)
{
  GPtrArray *entries;
  Collector c;

  if (!berth_migration_runner_run_checked (self, sink, args, &c, NULL, cancellable, error))
    {
      berth_migration_collector_clear (&c);
      return NULL;
    }
  entries = history ? berth_migration_parse_history (c.out->str)
                    : berth_migration_parse_revisions (c.out->str);
  berth_migration_collector_clear (&c);
  return entries;
}

GPtrArray *
berth_migration_runner_history_sync (BerthMigrationRunner  *self,
                                     GCancellable          *cancellable,
                                     GError               **error)
{
  const char *args[] = { "history", "--verbose", NULL };

  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), NULL);
  return entries_internal (self, berth_migration_runner_sync_sink (self), args, TRUE, cancellable, error);
}

GPtrArray *
berth_migration_runner_heads_sync (BerthMigrationRunner  *self,
                                   GCancellable          *cancellable,
                                   GError               **error)
{
  const char *args[] = { "heads", NULL };

  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), NULL);
  return entries_internal (self, berth_migration_runner_sync_sink (self), args, FALSE, cancellable, error);
}

static BerthMigrationGraph *
load_graph_internal (BerthMigrationRunner *self, Sink sink, GCancellable *cancellable, GError **error)
{
  const char *history_args[] = { "history", "--verbose", NULL };
  g_autofree char *versions = g_build_filename (self->migrations_dir, "versions", NULL);
  g_autoptr(BerthMigrationGraph) graph = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_auto(GStrv) current = NULL;

  graph = berth_migration_graph_new_from_dir (versions, error);
  if (graph == NULL)
    return NULL;
  history = entries_internal (self, sink, history_args, TRUE, cancellable, error);
  if (history == NULL)
    return NULL;
  current = current_internal (self, sink, cancellable, error);
  if (current == NULL)
    return NULL;
  berth_migration_graph_set_database (graph, (const char * const *) current, history);
  return g_steal_pointer (&graph);
}

BerthMigrationGraph *
berth_migration_runner_load_graph_sync (BerthMigrationRunner  *self,
                                        GCancellable          *cancellable,
                                        GError               **error)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), NULL);
  return load_graph_internal (self, berth_migration_runner_sync_sink (self), cancellable, error);
}

/* Flask-Migrate < 4.0.5 (Debian 12's) has no `check`: compare the models
 * with the database the way autogenerate does, through the app's own
 * Migrate configuration, and print the differences as autogenerate words
 * them.  Exit 3 when there are differences (1 is Python's own failure). */
static const char check_script[] =
  "import os, sys\n"
  "from flask.cli import ScriptInfo\n"
  "app = ScriptInfo(app_import_path=os.environ.get('FLASK_APP')).load_app()\n"
  "with app.app_context():\n"
  "    from alembic.migration import MigrationContext\n"
  "    from alembic.autogenerate import compare_metadata\n"
  "    migrate = app.extensions['migrate']\n"
  "    db = migrate.db\n"
  "    opts = dict(getattr(migrate, 'configure_args', {}) or {})\n"
  "    opts.setdefault('compare_type', True)\n"
  "    with db.engine.connect() as conn:\n"
  "        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), db.metadata)\n"
  "def col(t, c):\n"
  "    return '%s.%s' % (t, c)\n"
  "def describe(d):\n"
  "    op = d[0]\n"
  "    how = 'added' if op.startswith('add') else 'removed'\n"
  "    if op in ('add_table', 'remove_table'): return '%s table %r' % (how, d[1].name)\n"
  "    if op in ('add_column', 'remove_column'): return '%s column %r' % (how, col(d[2], d[3].name))\n"
  "    if op in ('add_index', 'remove_index'): return '%s index %r on %r' % (how, d[1].name, d[1].table.name)\n"
  "    if op in ('add_fk', 'remove_fk'): return '%s foreign key %r on %r' % (how, d[1].name, d[1].parent.name)\n"
  "    if op in ('add_constraint', 'remove_constraint'): return '%s constraint %r' % (how, d[1].name)\n"
  "    if op == 'modify_nullable': return '%s on column %r' % ('NULL' if d[6] else 'NOT NULL', col(d[2], d[3]))\n"
  "    if op == 'modify_type': return 'type change from %r to %r on %r' % (d[5], d[6], col(d[2], d[3]))\n"
  "    if op == 'modify_default': return 'server default changed on %r' % col(d[2], d[3])\n"
  "    if op == 'modify_comment': return 'column comment changed on %r' % col(d[2], d[3])\n"
  "    return 'change %r' % (d,)\n"
  "for d in diff:\n"
  "    for item in (d if isinstance(d, list) else [d]):\n"
  "        print('Detected ' + describe(item))\n"
  "sys.exit(3 if diff else 0)\n";

static gboolean
check_fallback (BerthMigrationRunner  *self,
                const char            *container,
                Sink                   sink,
                gboolean              *clean,
                GPtrArray            **changes,
                GCancellable          *cancellable,
                GError               **error)
{
  const char *argv[] = { "python3", "-c", check_script, NULL };
  BerthExecConfig config = { 0 };
  int exit_code = -1;
  Collector c;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_migration_change_free);

  collector_init (&c, sink);
  config.cmd = argv;
  if (!berth_engine_exec_run_sync (self->engine, container, &config, collector_data, &c,
                                   &exit_code, cancellable, error))
    {
      berth_migration_collector_clear (&c);
      return FALSE;
    }
  collector_flush (&c);
  if (exit_code != 0 && exit_code != 3)
    {
      gboolean ret = fail_from_output (&c, "check", exit_code, error);
      berth_migration_collector_clear (&c);
      return ret;
    }
  lines = g_strsplit (c.out->str, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      BerthMigrationChange *change = berth_migration_parse_change (lines[i]);

      if (change != NULL)
        g_ptr_array_add (found, change);
    }
  berth_migration_collector_clear (&c);
  *clean = exit_code == 0;
  if (changes)
    *changes = g_steal_pointer (&found);
  return TRUE;
}

gboolean
berth_migration_runner_check_sync (BerthMigrationRunner  *self,
                                   gboolean              *clean,
                                   GPtrArray            **changes,
                                   GCancellable          *cancellable,
                                   GError               **error)
{
  const char *args[] = { "check", NULL };
  g_autofree char *container = NULL;
  g_autoptr(BerthMigrationMigrateResult) parsed = NULL;
  int exit_code = -1;
  Collector c;

  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), FALSE);
  g_return_val_if_fail (clean != NULL, FALSE);

  /* Collected silently first: an old Flask-Migrate's "No such command"
   * is not worth showing when the fallback answers. */
  collector_init (&c, (Sink) { NULL, NULL });
  container = find_container (self, cancellable, error);
  if (container == NULL || !exec_flask_db (self, container, args, &c, &exit_code, cancellable, error))
    {
      berth_migration_collector_clear (&c);
      return FALSE;
    }

  if (exit_code != 0 &&
      (strstr (c.combined->str, "No such command 'check'") != NULL ||
       strstr (c.combined->str, "No such command \"check\"") != NULL))
    {
      berth_migration_collector_clear (&c);
      return check_fallback (self, container, berth_migration_runner_sync_sink (self), clean, changes, cancellable, error);
    }
  if (self->line_func)
    {
      g_auto(GStrv) err_lines = g_strsplit (c.err->str, "\n", -1);
      g_auto(GStrv) out_lines = g_strsplit (c.out->str, "\n", -1);

      for (guint i = 0; err_lines[i] && (err_lines[i + 1] || *err_lines[i]); i++)
        self->line_func (BERTH_STREAM_STDERR, err_lines[i], self->line_data);
      for (guint i = 0; out_lines[i] && (out_lines[i + 1] || *out_lines[i]); i++)
        self->line_func (BERTH_STREAM_STDOUT, out_lines[i], self->line_data);
    }

  if (exit_code == 0)
    *clean = TRUE;
  else
    {
      /* Exit 1 with "New upgrade operations detected" is an answer, any
       * other failure is an error. */
      g_autoptr(GError) parsed_error = berth_migration_parse_error (c.combined->str, NULL);

      if (parsed_error == NULL || strstr (parsed_error->message, "New upgrade operations detected") == NULL)
        {
          gboolean ret = fail_from_output (&c, "check", exit_code, error);
          berth_migration_collector_clear (&c);
          return ret;
        }
      *clean = FALSE;
    }
  if (changes)
    {
      parsed = berth_migration_parse_migrate (c.combined->str);
      *changes = g_ptr_array_ref (parsed->changes);
    }
  berth_migration_collector_clear (&c);
  return TRUE;
}

static gboolean
simple_internal (BerthMigrationRunner *self, Sink sink, const char *command,
                 const char *revision, GCancellable *cancellable, GError **error)
{
  /* "--": a relative revision like "-1" is not an option. */
  const char *args[] = { command, "--", revision, NULL };
  Collector c;
  gboolean ok;

  ok = berth_migration_runner_run_checked (self, sink, args, &c, NULL, cancellable, error);
  berth_migration_collector_clear (&c);
  return ok;
}

gboolean
berth_migration_runner_upgrade_sync (BerthMigrationRunner  *self,
                                     const char            *revision,
                                     GCancellable          *cancellable,
                                     GError               **error)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), FALSE);
  return simple_internal (self, berth_migration_runner_sync_sink (self), "upgrade", revision ? revision : "head",
                          cancellable, error);
}

gboolean
berth_migration_runner_downgrade_sync (BerthMigrationRunner  *self,
                                       const char            *revision,
                                       GCancellable          *cancellable,
                                       GError               **error)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), FALSE);
  g_return_val_if_fail (revision != NULL, FALSE);
  return simple_internal (self, berth_migration_runner_sync_sink (self), "downgrade", revision, cancellable, error);
}

gboolean
berth_migration_runner_stamp_sync (BerthMigrationRunner  *self,
                                   const char            *revision,
                                   GCancellable          *cancellable,
                                   GError               **error)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), FALSE);
  g_return_val_if_fail (revision != NULL, FALSE);
  return simple_internal (self, berth_migration_runner_sync_sink (self), "stamp", revision, cancellable, error);
}

/* ---- async -------------------------------------------------------------- */

typedef struct
{
  BerthMigrationRunner *runner;
  BerthStreamType       stream;
  char                 *line;
} LineIdle;

static gboolean
emit_line_idle (gpointer data)
{
  LineIdle *idle = data;

  g_signal_emit (idle->runner, signals[SIGNAL_LINE], 0, (guint) idle->stream, idle->line);
  return G_SOURCE_REMOVE;
}

static void
line_idle_free (gpointer data)
{
  LineIdle *idle = data;

  g_object_unref (idle->runner);
  g_free (idle->line);
  g_free (idle);
}

typedef struct
{
  BerthMigrationRunner  *runner;
  GMainContext          *context;
  BerthMigrationOp       op;
  char                  *argument;
  char                 **revisions;
} AsyncData;

static void
async_data_free (gpointer data)
{
  AsyncData *d = data;

  g_main_context_unref (d->context);
  g_free (d->argument);
  g_strfreev (d->revisions);
  g_free (d);
}

/* Runs in the worker: each line goes to the caller's context, where
 * default-priority sources dispatch in the order they were attached. */
static void
async_line (BerthStreamType stream, const char *line, gpointer user_data)
{
  AsyncData *d = user_data;
  LineIdle *idle = g_new0 (LineIdle, 1);
  GSource *source = g_idle_source_new ();

  idle->runner = g_object_ref (d->runner);
  idle->stream = stream;
  idle->line = g_strdup (line);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_line_idle, idle, line_idle_free);
  g_source_attach (source, d->context);
  g_source_unref (source);
}

typedef struct
{
  gboolean                      ok;
  BerthMigrationMigrateResult  *migrate;
} AsyncResultData;

static void
async_result_free (gpointer data)
{
  AsyncResultData *r = data;

  g_clear_pointer (&r->migrate, berth_migration_migrate_result_free);
  g_free (r);
}

static gboolean
run_op_internal (BerthMigrationRunner          *self,
                 Sink                           sink,
                 BerthMigrationOp               op,
                 const char                    *argument,
                 const char * const            *revisions,
                 BerthMigrationMigrateResult  **migrate_result,
                 GCancellable                  *cancellable,
                 GError                       **error)
{
  BerthMigrationMigrateResult *generated = NULL;

  switch (op)
    {
    case BERTH_MIGRATION_OP_UPGRADE:
      return simple_internal (self, sink, "upgrade", argument ? argument : "head", cancellable, error);
    case BERTH_MIGRATION_OP_DOWNGRADE:
      return simple_internal (self, sink, "downgrade", argument ? argument : "-1", cancellable, error);
    case BERTH_MIGRATION_OP_STAMP:
      return simple_internal (self, sink, "stamp", argument ? argument : "head", cancellable, error);
    case BERTH_MIGRATION_OP_MIGRATE:
      generated = berth_migration_runner_migrate_internal (self, sink, argument, cancellable, error);
      break;
    case BERTH_MIGRATION_OP_MERGE:
      generated = berth_migration_runner_merge_internal (self, sink, argument, revisions, cancellable, error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (generated == NULL)
    return FALSE;
  if (migrate_result)
    *migrate_result = generated;
  else
    berth_migration_migrate_result_free (generated);
  return TRUE;
}

gboolean
berth_migration_runner_run_op_sync (BerthMigrationRunner          *self,
                                    BerthMigrationOp               op,
                                    const char                    *argument,
                                    const char * const            *revisions,
                                    BerthMigrationLineFunc         line_func,
                                    gpointer                       line_data,
                                    BerthMigrationMigrateResult  **migrate_result,
                                    GCancellable                  *cancellable,
                                    GError                       **error)
{
  Sink sink = { line_func, line_data };

  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), FALSE);
  return run_op_internal (self, sink, op, argument, revisions, migrate_result, cancellable, error);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  AsyncData *d = task_data;
  Sink sink = { async_line, d };
  GError *error = NULL;
  AsyncResultData *r = g_new0 (AsyncResultData, 1);

  r->ok = run_op_internal (d->runner, sink, d->op, d->argument, (const char * const *) d->revisions,
                           &r->migrate, cancellable, &error);

  if (!r->ok)
    {
      async_result_free (r);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, r, async_result_free);
}

static GTask *
new_task (BerthMigrationRunner *self, GCancellable *cancellable,
          GAsyncReadyCallback callback, gpointer user_data, gpointer tag,
          AsyncData **out)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  AsyncData *d = g_new0 (AsyncData, 1);

  g_task_set_source_tag (task, tag);
  d->runner = self;  /* the task holds the reference */
  d->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, d, async_data_free);
  *out = d;
  return task;
}

void
berth_migration_runner_run_async (BerthMigrationRunner  *self,
                                  BerthMigrationOp       op,
                                  const char            *argument,
                                  const char * const    *revisions,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *d = NULL;

  g_return_if_fail (BERTH_IS_MIGRATION_RUNNER (self));

  task = new_task (self, cancellable, callback, user_data, berth_migration_runner_run_async, &d);
  d->op = op;
  d->argument = g_strdup (argument);
  d->revisions = revisions ? g_strdupv ((char **) revisions) : NULL;
  g_task_run_in_thread (task, run_thread);
}

gboolean
berth_migration_runner_run_finish (BerthMigrationRunner          *self,
                                   GAsyncResult                  *result,
                                   BerthMigrationMigrateResult  **migrate_result,
                                   GError                       **error)
{
  AsyncResultData *r;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  r = g_task_propagate_pointer (G_TASK (result), error);
  if (r == NULL)
    return FALSE;
  if (migrate_result)
    *migrate_result = g_steal_pointer (&r->migrate);
  async_result_free (r);
  return TRUE;
}

static void
graph_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  AsyncData *d = task_data;
  Sink sink = { async_line, d };
  GError *error = NULL;
  BerthMigrationGraph *graph = load_graph_internal (d->runner, sink, cancellable, &error);

  if (graph == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, graph, g_object_unref);
}

void
berth_migration_runner_load_graph_async (BerthMigrationRunner *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *d = NULL;

  g_return_if_fail (BERTH_IS_MIGRATION_RUNNER (self));

  task = new_task (self, cancellable, callback, user_data, berth_migration_runner_load_graph_async, &d);
  g_task_run_in_thread (task, graph_thread);
}

BerthMigrationGraph *
berth_migration_runner_load_graph_finish (BerthMigrationRunner  *self,
                                          GAsyncResult          *result,
                                          GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
