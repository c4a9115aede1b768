/* berth-doctor-checks.c: the doctor's pure analysis (see berth-doctor-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-doctor-private.h"

/* ------------------------------------------------------------------ */
/* Check records */

const char *
berth_check_status_to_string (BerthCheckStatus status)
{
  switch (status)
    {
    case BERTH_CHECK_PASS: return "pass";
    case BERTH_CHECK_WARN: return "warn";
    case BERTH_CHECK_FAIL: return "fail";
    case BERTH_CHECK_SKIP: return "skip";
    default:               return "unknown";
    }
}

G_DEFINE_BOXED_TYPE (BerthDoctorCheck, berth_doctor_check,
                     berth_doctor_check_copy, berth_doctor_check_free)

BerthDoctorCheck *
berth_doctor_check_new (const char       *id,
                        const char       *title,
                        BerthCheckStatus  status,
                        const char       *finding,
                        const char       *evidence,
                        const char       *fix)
{
  BerthDoctorCheck *c = g_new0 (BerthDoctorCheck, 1);

  c->id = g_strdup (id);
  c->title = g_strdup (title);
  c->status = status;
  c->finding = g_strdup (finding);
  c->evidence = evidence && *evidence ? g_strdup (evidence) : NULL;
  c->fix = g_strdup (fix);
  return c;
}

BerthDoctorCheck *
berth_doctor_check_copy (const BerthDoctorCheck *c)
{
  return berth_doctor_check_new (c->id, c->title, c->status, c->finding, c->evidence, c->fix);
}

void
berth_doctor_check_free (BerthDoctorCheck *c)
{
  if (c == NULL)
    return;
  g_free (c->id);
  g_free (c->title);
  g_free (c->finding);
  g_free (c->evidence);
  g_free (c->fix);
  g_free (c);
}

static void
add_nullable (JsonBuilder *b, const char *key, const char *value)
{
  json_builder_set_member_name (b, key);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

JsonNode *
berth_doctor_check_to_json (const BerthDoctorCheck *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_nullable (b, "id", c->id);
  add_nullable (b, "title", c->title);
  add_nullable (b, "status", berth_check_status_to_string (c->status));
  add_nullable (b, "finding", c->finding);
  add_nullable (b, "evidence", c->evidence);
  add_nullable (b, "fix", c->fix);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
berth_doctor_checks_to_json (GPtrArray *checks)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; checks && i < checks->len; i++)
    json_array_add_element (array, berth_doctor_check_to_json (g_ptr_array_index (checks, i)));
  json_node_take_array (node, array);
  return node;
}

GPtrArray *
berth_doctor_checks_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) berth_doctor_check_free);
}

BerthCheckStatus
berth_doctor_worst (GPtrArray *checks)
{
  static const int rank[] = {
    [BERTH_CHECK_SKIP] = 0, [BERTH_CHECK_PASS] = 1, [BERTH_CHECK_WARN] = 2, [BERTH_CHECK_FAIL] = 3,
  };
  BerthCheckStatus worst = BERTH_CHECK_SKIP;

  for (guint i = 0; checks && i < checks->len; i++)
    {
      BerthDoctorCheck *c = g_ptr_array_index (checks, i);

      if (rank[c->status] > rank[worst])
        worst = c->status;
    }
  return worst;
}

char *
berth_doctor_tail_lines (const char *text,
                         guint       max_lines)
{
  const char *end, *p;
  guint n = 0;

  if (text == NULL)
    return NULL;

  end = text + strlen (text);
  while (end > text && (end[-1] == '\n' || end[-1] == '\r'))
    end--;
  for (p = end; p > text; p--)
    if (p[-1] == '\n' && ++n == max_lines)
      break;
  return g_strndup (p, end - p);
}

/* ------------------------------------------------------------------ */
/* Logs */

void
berth_doctor_log_scan_free (BerthDoctorLogScan *scan)
{
  if (scan == NULL)
    return;
  g_free (scan->last_traceback);
  g_free (scan->last_exception);
  g_free (scan->missing_kind);
  g_free (scan->missing_object);
  g_free (scan->database);
  g_free (scan->missing_line);
  g_free (scan);
}

typedef struct
{
  const char *pattern;
  const char *database;
  const char *kind;
  int         object_group;   /* the group holding "table.column" or the name */
  int         table_group;    /* 0, or a group holding the table to prefix */
} MissingPattern;

/* What "the schema lacks what the code expects" looks like through each
 * driver: psycopg2/psycopg 3, sqlite3, PyMySQL/mysqlclient. */
static const MissingPattern missing_patterns[] = {
  { "column \"([A-Za-z0-9_]+)\" of relation \"([A-Za-z0-9_.]+)\" does not exist", "PostgreSQL", "column", 1, 2 },
  { "UndefinedColumn\\)?:?\\s*column \"?([A-Za-z0-9_.\"]+?)\"? does not exist", "PostgreSQL", "column", 1, 0 },
  { "ERROR:\\s+column \"?([A-Za-z0-9_.\"]+?)\"? does not exist", "PostgreSQL", "column", 1, 0 },
  { "UndefinedTable\\)?:?\\s*relation \"([A-Za-z0-9_.]+)\" does not exist", "PostgreSQL", "table", 1, 0 },
  { "no such column: ([A-Za-z0-9_.]+)", "SQLite", "column", 1, 0 },
  { "table ([A-Za-z0-9_]+) has no column named ([A-Za-z0-9_]+)", "SQLite", "column", 2, 1 },
  { "no such table: ([A-Za-z0-9_.]+)", "SQLite", "table", 1, 0 },
  { "Unknown column '([^']+)' in", "MySQL", "column", 1, 0 },
  { "Table '([^']+)' doesn't exist", "MySQL", "table", 1, 0 },
};

static void
scan_missing (BerthDoctorLogScan *scan,
              const char         *line)
{
  static GRegex *regexes[G_N_ELEMENTS (missing_patterns)];
  static gsize init = 0;

  if (g_once_init_enter (&init))
    {
      for (guint i = 0; i < G_N_ELEMENTS (missing_patterns); i++)
        regexes[i] = g_regex_new (missing_patterns[i].pattern, G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&init, 1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (missing_patterns); i++)
    {
      const MissingPattern *p = &missing_patterns[i];
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *object = NULL;
      g_autofree char *clean = NULL;

      if (!g_regex_match (regexes[i], line, 0, &match))
        continue;

      object = g_match_info_fetch (match, p->object_group);
      if (p->table_group)
        {
          g_autofree char *table = g_match_info_fetch (match, p->table_group);
          char *joined = g_strdup_printf ("%s.%s", table, object);

          g_free (object);
          object = joined;
        }
      /* MySQL says 'probeops.users' for a table: the schema adds nothing. */
      clean = g_strdelimit (g_strdup (object), "\"", ' ');
      g_strstrip (clean);
      if (g_str_equal (p->database, "MySQL") && g_str_equal (p->kind, "table") && strchr (clean, '.'))
        {
          char *dot = strchr (clean, '.');
          memmove (clean, dot + 1, strlen (dot + 1) + 1);
        }
      {
        /* "users . password_hash" from a quoted "users"."password_hash" */
        g_auto(GStrv) parts = g_strsplit (clean, " ", -1);
        g_free (clean);
        clean = g_strjoinv ("", parts);
      }

      g_free (scan->missing_kind);
      g_free (scan->missing_object);
      g_free (scan->database);
      g_free (scan->missing_line);
      scan->missing_kind = g_strdup (p->kind);
      scan->missing_object = g_steal_pointer (&clean);
      scan->database = g_strdup (p->database);
      scan->missing_line = g_strstrip (g_strdup (line));
      return;
    }
}

static gboolean
is_indented (const char *line)
{
  return line[0] == ' ' || line[0] == '\t';
}

BerthDoctorLogScan *
berth_doctor_scan_logs (const char *logs)
{
  BerthDoctorLogScan *scan = g_new0 (BerthDoctorLogScan, 1);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) block = NULL;
  gboolean in_frames = FALSE;
  const char *last_nonempty = NULL, *prev_nonempty = NULL;

  if (logs == NULL)
    return scan;

  lines = g_strsplit (logs, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);
      const char *tb;

      if (len && line[len - 1] == '\r')
        line[--len] = '\0';

      scan_missing (scan, line);
      prev_nonempty = last_nonempty;
      if (len > 0 && !g_ascii_isspace (line[0]))
        last_nonempty = line;

      tb = strstr (line, "Traceback (most recent call last):");
      if (tb)
        {
          if (block == NULL)
            block = g_string_new (NULL);
          g_string_truncate (block, 0);
          g_string_append (block, tb);
          g_string_append_c (block, '\n');
          in_frames = TRUE;
          /* A chained traceback ("The above exception was the direct cause
           * of the following exception:") is the same error. */
          if (prev_nonempty == NULL || strstr (prev_nonempty, "above exception") == NULL)
            scan->n_tracebacks++;
          continue;
        }

      if (block && in_frames)
        {
          if (len == 0)
            continue;
          if (is_indented (line) && block->len < 16 * 1024)
            {
              g_string_append (block, line);
              g_string_append_c (block, '\n');
              continue;
            }
          if (!is_indented (line))
            {
              /* The first unindented line ends the frames: the exception. */
              g_string_append (block, line);
              g_free (scan->last_exception);
              scan->last_exception = g_strstrip (g_strdup (line));
              g_free (scan->last_traceback);
              scan->last_traceback = g_strdup (block->str);
              in_frames = FALSE;
            }
        }
    }

  /* A traceback cut off by the end of the log. */
  if (block && in_frames && scan->n_tracebacks > 0)
    {
      g_free (scan->last_traceback);
      scan->last_traceback = g_strdup (block->str);
    }

  return scan;
}

GPtrArray *
berth_doctor_check_logs (const char *service,
                         const char *logs)
{
  g_autoptr(BerthDoctorLogScan) scan = berth_doctor_scan_logs (logs);
  GPtrArray *checks = berth_doctor_checks_new ();
  g_autofree char *schema_id = g_strdup_printf ("logs.%s.schema", service);
  g_autofree char *tb_id = g_strdup_printf ("logs.%s.tracebacks", service);
  g_autofree char *schema_title = g_strdup_printf (_("%s logs: database schema"), service);
  g_autofree char *tb_title = g_strdup_printf (_("%s logs: errors"), service);

  if (scan->missing_object)
    {
      g_autofree char *finding = NULL;
      g_autofree char *evidence = NULL;

      if (g_str_equal (scan->missing_kind, "column"))
        finding = g_strdup_printf (_("The database is behind the models: %s reports that column %s does not exist; "
                                     "generate and apply a migration"),
                                   scan->database, scan->missing_object);
      else
        finding = g_strdup_printf (_("The database is behind the models: %s reports that table %s does not exist; "
                                     "apply the migrations"),
                                   scan->database, scan->missing_object);
      evidence = scan->last_traceback && strstr (scan->last_traceback, scan->missing_object)
                 ? g_strdup (scan->last_traceback)
                 : g_strdup (scan->missing_line);
      g_ptr_array_add (checks, berth_doctor_check_new (schema_id, schema_title, BERTH_CHECK_FAIL,
                                                       finding, evidence, "migrate"));
    }
  else
    g_ptr_array_add (checks, berth_doctor_check_new (schema_id, schema_title, BERTH_CHECK_PASS,
                                                     _("No missing-column or missing-table errors in the logs"),
                                                     NULL, NULL));

  if (scan->n_tracebacks > 0)
    {
      g_autofree char *finding =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u Python traceback in the logs; the last: %s",
                                      "%u Python tracebacks in the logs; the last: %s",
                                      scan->n_tracebacks),
                         scan->n_tracebacks,
                         scan->last_exception ? scan->last_exception : _("(cut off)"));

      g_ptr_array_add (checks, berth_doctor_check_new (tb_id, tb_title, BERTH_CHECK_WARN,
                                                       finding, scan->last_traceback, NULL));
    }
  else
    g_ptr_array_add (checks, berth_doctor_check_new (tb_id, tb_title, BERTH_CHECK_PASS,
                                                     _("No Python tracebacks in the logs"), NULL, NULL));
  return checks;
}

/* ------------------------------------------------------------------ */
/* FLASK_APP and start.sh */

BerthDoctorCheck *
berth_doctor_check_flask_env (const char         *service,
                              const char * const *env)
{
  g_autofree char *id = g_strdup_printf ("flask.%s.env", service);
  g_autofree char *title = g_strdup_printf (_("FLASK_APP in %s"), service);

  for (guint i = 0; env && env[i]; i++)
    if (g_str_has_prefix (env[i], "FLASK_APP="))
      {
        const char *value = env[i] + strlen ("FLASK_APP=");
        g_autofree char *finding = NULL;

        if (*value == '\0')
          {
            finding = g_strdup_printf (_("FLASK_APP is set but empty in %s's environment: flask db cannot find the app. "
                                         "Give it a value (module:factory) under environment: in the compose file, "
                                         "or in .env when the compose file takes it from a variable, then Rebuild"),
                                       service);
            return berth_doctor_check_new (id, title, BERTH_CHECK_FAIL, finding, env[i], "rebuild");
          }
        finding = g_strdup_printf (_("FLASK_APP is %s"), value);
        return berth_doctor_check_new (id, title, BERTH_CHECK_PASS, finding, env[i], NULL);
      }

  {
    g_autofree char *finding =
      g_strdup_printf (_("FLASK_APP is not set in %s's environment: flask db commands cannot find the app. "
                         "Set it under environment: in the compose file (or ENV in the Dockerfile), then Rebuild"),
                       service);
    g_autofree char *ev = env ? g_strjoinv ("\n", (char **) env) : NULL;

    return berth_doctor_check_new (id, title, BERTH_CHECK_FAIL, finding, ev, "rebuild");
  }
}

/* Splits a shell line into words well enough to spot `export FLASK_APP`
 * and `flask db upgrade` (quotes kept; comments cut). */
static char *
strip_comment (const char *line)
{
  GString *s = g_string_new (NULL);
  char quote = 0;

  for (const char *p = line; *p; p++)
    {
      if (quote)
        {
          if (*p == quote)
            quote = 0;
        }
      else if (*p == '\'' || *p == '"')
        quote = *p;
      else if (*p == '#' && (p == line || g_ascii_isspace (p[-1])))
        break;
      g_string_append_c (s, *p);
    }
  return g_strstrip (g_string_free (s, FALSE));
}

void
berth_doctor_analyse_start_script (const char             *text,
                                   BerthDoctorStartScript *out)
{
  static GRegex *export_re, *inline_re, *upgrade_re;
  static gsize init = 0;
  g_auto(GStrv) lines = NULL;

  memset (out, 0, sizeof *out);
  if (text == NULL)
    return;

  if (g_once_init_enter (&init))
    {
      /* export FLASK_APP=x, export A=1 FLASK_APP=x, export FLASK_APP */
      export_re = g_regex_new ("(^|[;&|]\\s*)export\\s+([A-Za-z_][A-Za-z0-9_]*(=\\S*)?\\s+)*FLASK_APP(=|\\s|$|;)",
                               G_REGEX_OPTIMIZE, 0, NULL);
      /* FLASK_APP=x flask ... / FLASK_APP=x exec gunicorn (one command's env) */
      inline_re = g_regex_new ("(^|[;&|]\\s*)FLASK_APP=\\S+\\s+(exec\\s+)?(python3?\\s+-m\\s+)?flask\\b",
                               G_REGEX_OPTIMIZE, 0, NULL);
      /* flask db upgrade, flask --app x db upgrade, python -m flask db upgrade */
      upgrade_re = g_regex_new ("\\bflask\\s+(--app[= ]\\S+\\s+|-A\\s*\\S+\\s+)?db\\s+upgrade\\b",
                                G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&init, 1);
    }

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *line = strip_comment (lines[i]);

      if (*line == '\0')
        continue;
      if (!out->exports_flask_app &&
          (g_regex_match (export_re, line, 0, NULL) || g_regex_match (inline_re, line, 0, NULL) ||
           strstr (line, "--app") != NULL))
        {
          out->exports_flask_app = TRUE;
          out->flask_app_line = i + 1;
        }
      if (!out->runs_upgrade && g_regex_match (upgrade_re, line, 0, NULL))
        {
          out->runs_upgrade = TRUE;
          out->upgrade_line = i + 1;
        }
    }
}

GPtrArray *
berth_doctor_check_start_script (const char *service,
                                 const char *path,
                                 const char *text,
                                 gboolean    env_has_flask_app)
{
  GPtrArray *checks = berth_doctor_checks_new ();
  BerthDoctorStartScript a;
  g_autofree char *t_app = g_strdup_printf (_("%s exports FLASK_APP"), path);
  g_autofree char *t_up = g_strdup_printf (_("%s applies migrations"), path);
  g_autofree char *upgrade_fix = g_strdup ("migrate");

  berth_doctor_analyse_start_script (text, &a);

  if (a.exports_flask_app)
    {
      g_autofree char *finding = g_strdup_printf (_("%s sets FLASK_APP (line %u)"), path, a.flask_app_line);
      g_autofree char *ev = g_strdup_printf ("%s:%u", path, a.flask_app_line);
      g_ptr_array_add (checks, berth_doctor_check_new ("start-script.flask-app", t_app, BERTH_CHECK_PASS,
                                                       finding, ev, NULL));
    }
  else if (env_has_flask_app)
    {
      g_autofree char *finding = g_strdup_printf (_("%s does not export FLASK_APP; it works only because %s's "
                                                    "environment sets it"), path, service);
      g_ptr_array_add (checks, berth_doctor_check_new ("start-script.flask-app", t_app, BERTH_CHECK_WARN,
                                                       finding, NULL, NULL));
    }
  else
    {
      g_autofree char *finding = g_strdup_printf (_("%s does not export FLASK_APP and %s's environment does not set it: "
                                                    "flask db upgrade cannot find the app"), path, service);
      g_ptr_array_add (checks, berth_doctor_check_new ("start-script.flask-app", t_app, BERTH_CHECK_FAIL,
                                                       finding, NULL, "rebuild"));
    }

  if (a.runs_upgrade)
    {
      g_autofree char *finding = g_strdup_printf (_("%s runs flask db upgrade (line %u)"), path, a.upgrade_line);
      g_autofree char *ev = g_strdup_printf ("%s:%u", path, a.upgrade_line);
      g_ptr_array_add (checks, berth_doctor_check_new ("start-script.upgrade", t_up, BERTH_CHECK_PASS,
                                                       finding, ev, NULL));
    }
  else
    {
      g_autofree char *finding = g_strdup_printf (_("%s does not run flask db upgrade: new migrations are applied only "
                                                    "when you run Migrate"), path);
      g_ptr_array_add (checks, berth_doctor_check_new ("start-script.upgrade", t_up, BERTH_CHECK_WARN,
                                                       finding, NULL, upgrade_fix));
    }
  return checks;
}

/* ------------------------------------------------------------------ */
/* Migrations */

static gboolean
strv_has (const char * const *v, const char *s)
{
  return v && s && g_strv_contains (v, s);
}

BerthDoctorCheck *
berth_doctor_check_migration_heads (const char * const *heads)
{
  guint n = heads ? g_strv_length ((char **) heads) : 0;
  g_autofree char *joined = heads ? g_strjoinv (", ", (char **) heads) : NULL;
  g_autofree char *finding = NULL;

  if (n == 0)
    return berth_doctor_check_new ("migrations.heads", _("Migration heads"), BERTH_CHECK_WARN,
                                   _("There are no migrations yet"), NULL, "migrate");
  if (n == 1)
    {
      finding = g_strdup_printf (_("One head: %s"), heads[0]);
      return berth_doctor_check_new ("migrations.heads", _("Migration heads"), BERTH_CHECK_PASS,
                                     finding, NULL, NULL);
    }
  finding = g_strdup_printf (_("%u heads (%s): the migration history has branched; merge them before upgrading"),
                             n, joined);
  return berth_doctor_check_new ("migrations.heads", _("Migration heads"), BERTH_CHECK_FAIL,
                                 finding, joined, "merge-heads");
}

BerthDoctorCheck *
berth_doctor_check_migration_current (const char * const *current,
                                      const char * const *heads,
                                      const char * const *known,
                                      guint               n_pending)
{
  g_autofree char *cur = current && current[0] ? g_strjoinv (", ", (char **) current) : NULL;
  g_autofree char *hd = heads && heads[0] ? g_strjoinv (", ", (char **) heads) : g_strdup ("-");
  g_autofree char *finding = NULL;
  g_autofree char *ev = NULL;
  gboolean all_heads = TRUE;

  ev = g_strdup_printf ("current: %s\nheads: %s", cur ? cur : "(none)", hd);

  if (cur == NULL)
    {
      if (heads == NULL || heads[0] == NULL)
        return berth_doctor_check_new ("migrations.current", _("Database revision"), BERTH_CHECK_SKIP,
                                       _("No migrations and no revision in the database"), ev, NULL);
      return berth_doctor_check_new ("migrations.current", _("Database revision"), BERTH_CHECK_FAIL,
                                     _("The database has no revision: migrations were never applied"),
                                     ev, "migrate");
    }

  for (guint i = 0; current[i]; i++)
    {
      if (known && !strv_has (known, current[i]))
        {
          finding = g_strdup_printf (_("The database is at revision %s, which no migration file defines "
                                       "(a deleted migration, or another branch's database)"), current[i]);
          return berth_doctor_check_new ("migrations.current", _("Database revision"), BERTH_CHECK_FAIL,
                                         finding, ev, NULL);
        }
      if (!strv_has (heads, current[i]))
        all_heads = FALSE;
    }

  if (all_heads)
    {
      finding = g_strdup_printf (_("The database is at the head revision %s"), cur);
      return berth_doctor_check_new ("migrations.current", _("Database revision"), BERTH_CHECK_PASS,
                                     finding, ev, NULL);
    }

  if (n_pending > 0)
    finding = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "The database is behind: at %s, %u migration pending up to %s",
                                            "The database is behind: at %s, %u migrations pending up to %s",
                                            n_pending),
                               cur, n_pending, hd);
  else
    finding = g_strdup_printf (_("The database is behind: at %s, head is %s"), cur, hd);
  return berth_doctor_check_new ("migrations.current", _("Database revision"), BERTH_CHECK_FAIL,
                                 finding, ev, "migrate");
}

/* ------------------------------------------------------------------ */
/* Engine and compose */

GPtrArray *
berth_doctor_check_engine (const char   *endpoint,
                           const GError *ping_error,
                           const char   *api_version)
{
  GPtrArray *checks = berth_doctor_checks_new ();
  g_autofree char *finding = NULL;

  if (ping_error && g_error_matches (ping_error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PERMISSION_DENIED))
    {
      finding = g_strdup_printf (_("Permission denied on %s: add your user to the docker group (then log in again), "
                                   "or point DOCKER_HOST at the rootless engine's socket "
                                   "(unix://$XDG_RUNTIME_DIR/docker.sock)"), endpoint);
      g_ptr_array_add (checks, berth_doctor_check_new ("engine.reachable", _("Engine reachable"), BERTH_CHECK_FAIL,
                                                       _("The engine answers, but not to this user"),
                                                       ping_error->message, NULL));
      g_ptr_array_add (checks, berth_doctor_check_new ("engine.permission", _("Socket permission"), BERTH_CHECK_FAIL,
                                                       finding, ping_error->message, NULL));
      g_ptr_array_add (checks, berth_doctor_check_new ("engine.api", _("Engine API version"), BERTH_CHECK_SKIP,
                                                       _("Unknown: the engine did not answer"), NULL, NULL));
      return checks;
    }
  if (ping_error)
    {
      finding = g_strdup_printf (_("No engine answers at %s: start it (systemctl start docker) or set DOCKER_HOST"),
                                 endpoint);
      g_ptr_array_add (checks, berth_doctor_check_new ("engine.reachable", _("Engine reachable"), BERTH_CHECK_FAIL,
                                                       finding, ping_error->message, NULL));
      g_ptr_array_add (checks, berth_doctor_check_new ("engine.permission", _("Socket permission"), BERTH_CHECK_SKIP,
                                                       _("Unknown: the engine did not answer"), NULL, NULL));
      g_ptr_array_add (checks, berth_doctor_check_new ("engine.api", _("Engine API version"), BERTH_CHECK_SKIP,
                                                       _("Unknown: the engine did not answer"), NULL, NULL));
      return checks;
    }

  finding = g_strdup_printf (_("The engine answers at %s"), endpoint);
  g_ptr_array_add (checks, berth_doctor_check_new ("engine.reachable", _("Engine reachable"), BERTH_CHECK_PASS,
                                                   finding, NULL, NULL));
  g_ptr_array_add (checks, berth_doctor_check_new ("engine.permission", _("Socket permission"), BERTH_CHECK_PASS,
                                                   _("This user may use the engine"), NULL, NULL));
  g_clear_pointer (&finding, g_free);
  finding = g_strdup_printf (_("API version %s (Berth supports %d.%d to %d.%d)"), api_version ? api_version : "?",
                             BERTH_ENGINE_API_MIN_MAJOR, BERTH_ENGINE_API_MIN_MINOR,
                             BERTH_ENGINE_API_MIN_MAJOR, BERTH_ENGINE_API_MAX_MINOR);
  g_ptr_array_add (checks, berth_doctor_check_new ("engine.api", _("Engine API version"), BERTH_CHECK_PASS,
                                                   finding, NULL, NULL));
  return checks;
}

BerthDoctorCheck *
berth_doctor_check_compose (const char   *files_label,
                            const GError *load_error,
                            GPtrArray    *warnings)
{
  g_autofree char *finding = NULL;

  if (load_error)
    {
      finding = g_strdup_printf (_("The compose file does not load: %s"), load_error->message);
      return berth_doctor_check_new ("compose.load", _("Compose file"), BERTH_CHECK_FAIL,
                                     finding, load_error->message, NULL);
    }
  if (warnings && warnings->len > 0)
    {
      g_autoptr(GString) ev = g_string_new (NULL);

      for (guint i = 0; i < warnings->len; i++)
        g_string_append_printf (ev, "%s%s", i ? "\n" : "", (const char *) g_ptr_array_index (warnings, i));
      finding = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s loads with %u warning",
                                              "%s loads with %u warnings", warnings->len),
                                 files_label, warnings->len);
      return berth_doctor_check_new ("compose.load", _("Compose file"), BERTH_CHECK_WARN,
                                     finding, ev->str, NULL);
    }
  finding = g_strdup_printf (_("%s loads"), files_label);
  return berth_doctor_check_new ("compose.load", _("Compose file"), BERTH_CHECK_PASS, finding, NULL, NULL);
}
