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

static GPtrArray *
checks_new (void)
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
  GPtrArray *checks = checks_new ();
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
/* Containers */

const char *
berth_doctor_describe_exit_code (int code)
{
  switch (code)
    {
    case 0:   return NULL;
    case 1:   return _("general error");
    case 2:   return _("misuse of a shell builtin or bad arguments");
    case 126: return _("the command cannot be executed (permission or not a program)");
    case 127: return _("command not found");
    case 128 + 2:  return _("interrupted (SIGINT)");
    case 128 + 6:  return _("aborted (SIGABRT)");
    case 128 + 9:  return _("killed (SIGKILL), often by the kernel for lack of memory or by a stop timeout");
    case 128 + 11: return _("segmentation fault (SIGSEGV)");
    case 128 + 15: return _("terminated (SIGTERM)");
    case -1:
    case 255: return _("exit status out of range or engine error");
    default:  return NULL;
    }
}

static const char *
obj_string (JsonObject *o, const char *key)
{
  JsonNode *n;

  if (o == NULL || !json_object_has_member (o, key))
    return NULL;
  n = json_object_get_member (o, key);
  return JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
         ? json_node_get_string (n) : NULL;
}

static gint64
obj_int (JsonObject *o, const char *key, gint64 fallback)
{
  JsonNode *n;

  if (o == NULL || !json_object_has_member (o, key))
    return fallback;
  n = json_object_get_member (o, key);
  return JSON_NODE_HOLDS_VALUE (n) ? json_node_get_int (n) : fallback;
}

static gboolean
obj_bool (JsonObject *o, const char *key)
{
  JsonNode *n;

  if (o == NULL || !json_object_has_member (o, key))
    return FALSE;
  n = json_object_get_member (o, key);
  return JSON_NODE_HOLDS_VALUE (n) && json_node_get_boolean (n);
}

static JsonObject *
obj_object (JsonObject *o, const char *key)
{
  JsonNode *n;

  if (o == NULL || !json_object_has_member (o, key))
    return NULL;
  n = json_object_get_member (o, key);
  return JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static char *
container_name (JsonObject *inspect)
{
  const char *name = obj_string (inspect, "Name");

  if (name == NULL)
    return g_strdup ("?");
  return g_strdup (name[0] == '/' ? name + 1 : name);
}

static char *
exit_text (int code)
{
  const char *what = berth_doctor_describe_exit_code (code);

  if (what)
    return g_strdup_printf (_("exited with code %d: %s"), code, what);
  return g_strdup_printf (_("exited with code %d"), code);
}

static char *
state_evidence (JsonObject *state, const char *log_tail)
{
  GString *s = g_string_new (NULL);
  const char *err = obj_string (state, "Error");

  g_string_append_printf (s, "State.Status=%s State.ExitCode=%" G_GINT64_FORMAT " State.OOMKilled=%s State.Restarting=%s",
                          obj_string (state, "Status") ? obj_string (state, "Status") : "?",
                          obj_int (state, "ExitCode", 0),
                          obj_bool (state, "OOMKilled") ? "true" : "false",
                          obj_bool (state, "Restarting") ? "true" : "false");
  if (obj_string (state, "FinishedAt") && !g_str_has_prefix (obj_string (state, "FinishedAt"), "0001-"))
    g_string_append_printf (s, " State.FinishedAt=%s", obj_string (state, "FinishedAt"));
  if (err && *err)
    g_string_append_printf (s, "\nState.Error: %s", err);
  if (log_tail && *log_tail)
    g_string_append_printf (s, "\n%s\n%s", _("Last log lines:"), log_tail);
  return g_string_free (s, FALSE);
}

static gboolean
bad_command_code (int code)
{
  return code == 126 || code == 127;
}

GPtrArray *
berth_doctor_check_container (const char *service,
                              JsonObject *inspect,
                              gint64      earlier_restart_count,
                              gboolean    one_shot,
                              const char *log_tail)
{
  GPtrArray *checks = checks_new ();
  g_autofree char *id_container = g_strdup_printf ("service.%s.container", service);
  g_autofree char *id_state = g_strdup_printf ("service.%s.state", service);
  g_autofree char *id_oom = g_strdup_printf ("service.%s.oom", service);
  g_autofree char *id_restarts = g_strdup_printf ("service.%s.restarts", service);
  g_autofree char *id_health = g_strdup_printf ("service.%s.health", service);
  g_autofree char *t_container = g_strdup_printf (_("%s container"), service);
  g_autofree char *t_state = g_strdup_printf (_("%s state"), service);
  g_autofree char *t_oom = g_strdup_printf (_("%s memory"), service);
  g_autofree char *t_restarts = g_strdup_printf (_("%s restarts"), service);
  g_autofree char *t_health = g_strdup_printf (_("%s health"), service);
  g_autofree char *restart_fix = g_strdup_printf ("restart:%s", service);
  g_autofree char *name = NULL;
  g_autofree char *evidence = NULL;
  JsonObject *state, *health, *host_config;
  const char *status, *policy = NULL, *error_text;
  gint64 restarts;
  int exit_code;
  gboolean restarting, running, oom, crash_loop;

  if (inspect == NULL)
    {
      g_autofree char *finding = g_strdup_printf (_("Service %s has no container: it was never created or was removed"), service);

      g_ptr_array_add (checks, berth_doctor_check_new (id_container, t_container, BERTH_CHECK_FAIL,
                                                       finding, NULL, "up"));
      return checks;
    }

  name = container_name (inspect);
  state = obj_object (inspect, "State");
  host_config = obj_object (inspect, "HostConfig");
  if (obj_object (host_config, "RestartPolicy"))
    policy = obj_string (obj_object (host_config, "RestartPolicy"), "Name");
  status = obj_string (state, "Status");
  if (status == NULL)
    status = "unknown";
  exit_code = (int) obj_int (state, "ExitCode", 0);
  restarting = obj_bool (state, "Restarting") || g_str_equal (status, "restarting");
  running = obj_bool (state, "Running") && !restarting;
  oom = obj_bool (state, "OOMKilled");
  restarts = obj_int (inspect, "RestartCount", 0);
  error_text = obj_string (state, "Error");
  evidence = state_evidence (state, log_tail);

  {
    g_autofree char *finding = g_strdup_printf (_("Container %s exists"), name);
    g_ptr_array_add (checks, berth_doctor_check_new (id_container, t_container, BERTH_CHECK_PASS,
                                                     finding, NULL, NULL));
  }

  /* A loop when the engine is restarting it right now, when the count rose
   * while we looked (it may be between two crashes, "running"), or when it
   * is high and the last exit was a failure. */
  crash_loop = restarting ||
               (earlier_restart_count >= 0 && restarts > earlier_restart_count) ||
               (restarts >= 3 && exit_code != 0);

  /* State */
  {
    g_autofree char *finding = NULL;
    BerthCheckStatus st = BERTH_CHECK_PASS;
    const char *fix = NULL;

    if (restarting || (running && crash_loop))
      {
        /* While it runs between two crashes, the engine shows exit code 0. */
        if (exit_code != 0)
          {
            g_autofree char *ex = exit_text (exit_code);
            finding = g_strdup_printf (_("%s keeps restarting; it last %s"), name, ex);
          }
        else
          finding = g_strdup_printf (_("%s keeps restarting (%" G_GINT64_FORMAT " restarts)"), name, restarts);
        st = BERTH_CHECK_FAIL;
        fix = bad_command_code (exit_code) ? "rebuild" : restart_fix;
      }
    else if (running)
      {
        if (g_str_equal (status, "paused"))
          {
            finding = g_strdup_printf (_("%s is paused"), name);
            st = BERTH_CHECK_WARN;
            fix = restart_fix;
          }
        else
          finding = g_strdup_printf (_("%s is running"), name);
      }
    else if (g_str_equal (status, "created"))
      {
        g_autofree char *why = NULL;
        char *host_ip = NULL;
        guint port = 0;

        if (error_text && *error_text && berth_doctor_parse_port_conflict (error_text, &host_ip, &port))
          why = g_strdup_printf (_("its host port %u is already in use"), port);
        else if (error_text && *error_text)
          why = g_strdup (error_text);
        g_free (host_ip);
        finding = why ? g_strdup_printf (_("%s was created but could not start: %s"), name, why)
                      : g_strdup_printf (_("%s was created but never started"), name);
        st = BERTH_CHECK_FAIL;
        /* The engine records 127/126 when the command itself is wrong. */
        fix = bad_command_code (exit_code) ? "rebuild" : "up";
      }
    else if (g_str_equal (status, "exited") || g_str_equal (status, "dead"))
      {
        if (exit_code == 0 && one_shot)
          finding = g_strdup_printf (_("%s completed successfully (exit code 0)"), name);
        else if (exit_code == 0)
          {
            finding = g_strdup_printf (_("%s is stopped (exited with code 0)"), name);
            st = BERTH_CHECK_FAIL;
            fix = "up";
          }
        else
          {
            g_autofree char *ex = exit_text (exit_code);
            g_autofree char *err = error_text && *error_text ? g_strdup_printf (" (%s)", error_text) : g_strdup ("");

            finding = g_strdup_printf (_("%s is not running: it %s%s"), name, ex, err);
            st = BERTH_CHECK_FAIL;
            /* A command that cannot run will not run after a restart either. */
            fix = bad_command_code (exit_code) ? "rebuild" : restart_fix;
          }
      }
    else
      {
        finding = g_strdup_printf (_("%s is %s"), name, status);
        st = BERTH_CHECK_WARN;
        fix = "up";
      }
    g_ptr_array_add (checks, berth_doctor_check_new (id_state, t_state, st, finding,
                                                     st == BERTH_CHECK_PASS ? NULL : evidence, fix));
  }

  /* Memory */
  if (oom)
    {
      g_autofree char *finding = g_strdup_printf (_("%s was killed by the kernel for lack of memory (OOMKilled)"), name);
      g_ptr_array_add (checks, berth_doctor_check_new (id_oom, t_oom, BERTH_CHECK_FAIL,
                                                       finding, evidence, restart_fix));
    }
  else
    g_ptr_array_add (checks, berth_doctor_check_new (id_oom, t_oom, BERTH_CHECK_PASS,
                                                     _("Not killed for lack of memory"), NULL, NULL));

  {
    g_autofree char *finding = NULL;
    g_autofree char *ev = NULL;
    BerthCheckStatus st;
    const char *fix = NULL;

    if (crash_loop)
      {
        g_autofree char *ex = exit_code != 0 ? exit_text (exit_code) : NULL;

        if (ex)
          finding = g_strdup_printf (_("%s is in a crash loop: restarted %" G_GINT64_FORMAT " times (policy %s), last %s"),
                                     name, restarts, policy && *policy ? policy : "no", ex);
        else
          finding = g_strdup_printf (_("%s is in a crash loop: restarted %" G_GINT64_FORMAT " times (policy %s)"),
                                     name, restarts, policy && *policy ? policy : "no");
        g_autofree char *was = earlier_restart_count >= 0
          ? g_strdup_printf (" (was %" G_GINT64_FORMAT " a moment before)", earlier_restart_count)
          : g_strdup ("");

        ev = g_strdup_printf ("RestartCount=%" G_GINT64_FORMAT "%s\n%s", restarts, was, evidence);
        st = BERTH_CHECK_FAIL;
        fix = bad_command_code (exit_code) ? "rebuild" : restart_fix;
      }
    else if (restarts > 0)
      {
        finding = g_strdup_printf (_("%s was restarted %" G_GINT64_FORMAT " times by the engine"), name, restarts);
        ev = g_strdup_printf ("RestartCount=%" G_GINT64_FORMAT, restarts);
        st = BERTH_CHECK_WARN;
      }
    else
      {
        finding = g_strdup_printf (_("%s has not been restarted by the engine"), name);
        st = BERTH_CHECK_PASS;
      }
    g_ptr_array_add (checks, berth_doctor_check_new (id_restarts, t_restarts, st, finding, ev, fix));
  }

  /* Health */
  health = obj_object (state, "Health");
  if (health == NULL)
    g_ptr_array_add (checks, berth_doctor_check_new (id_health, t_health, BERTH_CHECK_SKIP,
                                                     running ? _("No healthcheck defined")
                                                             : _("Not running: no health to report"),
                                                     NULL, NULL));
  else
    {
      const char *hs = obj_string (health, "Status");
      JsonArray *log = NULL;
      JsonObject *last_fail = NULL;
      g_autofree char *finding = NULL;
      g_autofree char *ev = NULL;
      BerthCheckStatus st;

      if (json_object_has_member (health, "Log") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (health, "Log")))
        log = json_object_get_array_member (health, "Log");
      for (guint i = 0; log && i < json_array_get_length (log); i++)
        {
          JsonNode *n = json_array_get_element (log, i);

          if (JSON_NODE_HOLDS_OBJECT (n) && obj_int (json_node_get_object (n), "ExitCode", 0) != 0)
            last_fail = json_node_get_object (n);
        }
      if (last_fail)
        {
          g_autofree char *out = g_strstrip (g_strdup (obj_string (last_fail, "Output") ? obj_string (last_fail, "Output") : ""));
          ev = g_strdup_printf (_("Last failing probe at %s: exit code %" G_GINT64_FORMAT "\n%s"),
                                obj_string (last_fail, "End") ? obj_string (last_fail, "End") : "?",
                                obj_int (last_fail, "ExitCode", 0), out);
        }

      if (!running)
        {
          finding = g_strdup_printf (_("%s is not running: no health to report"), name);
          st = BERTH_CHECK_SKIP;
        }
      else if (g_strcmp0 (hs, "healthy") == 0)
        {
          finding = g_strdup_printf (_("%s is healthy"), name);
          st = BERTH_CHECK_PASS;
          g_clear_pointer (&ev, g_free);
        }
      else if (g_strcmp0 (hs, "starting") == 0)
        {
          finding = g_strdup_printf (_("%s is still starting (%" G_GINT64_FORMAT " failing probes so far)"),
                                     name, obj_int (health, "FailingStreak", 0));
          st = BERTH_CHECK_WARN;
        }
      else
        {
          g_autofree char *first = NULL;

          if (last_fail && obj_string (last_fail, "Output"))
            {
              g_autofree char *out = g_strstrip (g_strdup (obj_string (last_fail, "Output")));
              g_auto(GStrv) lines = g_strsplit (out, "\n", 2);
              first = g_strdup (lines[0] ? lines[0] : "");
            }
          finding = first && *first
                    ? g_strdup_printf (_("%s is unhealthy: %s"), name, first)
                    : g_strdup_printf (_("%s is unhealthy"), name);
          st = BERTH_CHECK_FAIL;
        }
      g_ptr_array_add (checks, berth_doctor_check_new (id_health, t_health, st, finding, ev,
                                                       st == BERTH_CHECK_FAIL ? restart_fix : NULL));
    }

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
            finding = g_strdup_printf (_("FLASK_APP is set but empty in %s's environment: flask db cannot find the app"), service);
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
  GPtrArray *checks = checks_new ();
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
/* Network */

BerthDoctorCheck *
berth_doctor_check_network_exists (const char *network_name,
                                   JsonObject *network_inspect)
{
  g_autofree char *id = g_strdup_printf ("network.%s.exists", network_name);
  g_autofree char *title = g_strdup_printf (_("Network %s"), network_name);
  g_autofree char *finding = NULL;
  g_autofree char *ev = NULL;

  if (network_inspect == NULL)
    {
      finding = g_strdup_printf (_("Network %s does not exist: the services cannot reach each other"), network_name);
      return berth_doctor_check_new (id, title, BERTH_CHECK_FAIL, finding, NULL, "up");
    }
  finding = g_strdup_printf (_("Network %s exists (driver %s)"), network_name,
                             obj_string (network_inspect, "Driver") ? obj_string (network_inspect, "Driver") : "?");
  ev = g_strdup_printf ("Id=%s", obj_string (network_inspect, "Id") ? obj_string (network_inspect, "Id") : "?");
  return berth_doctor_check_new (id, title, BERTH_CHECK_PASS, finding, ev, NULL);
}

BerthDoctorCheck *
berth_doctor_check_network_attached (const char *network_name,
                                     const char *service,
                                     JsonObject *container_inspect)
{
  g_autofree char *id = g_strdup_printf ("network.%s.%s", network_name, service);
  g_autofree char *title = g_strdup_printf (_("%s on %s"), service, network_name);
  g_autofree char *name = container_name (container_inspect);
  g_autofree char *finding = NULL;
  g_autofree char *fix = NULL;
  JsonObject *networks = obj_object (obj_object (container_inspect, "NetworkSettings"), "Networks");
  g_autoptr(GList) members = networks ? json_object_get_members (networks) : NULL;
  g_autoptr(GString) ev = g_string_new ("NetworkSettings.Networks:");

  for (GList *l = members; l; l = l->next)
    g_string_append_printf (ev, " %s", (const char *) l->data);
  if (members == NULL)
    g_string_append (ev, _(" (none)"));

  if (networks && json_object_has_member (networks, network_name))
    {
      JsonObject *ep = obj_object (networks, network_name);
      const char *ip = obj_string (ep, "IPAddress");

      finding = g_strdup_printf (_("%s is attached to %s%s%s"), name, network_name,
                                 ip && *ip ? _(" with address ") : "", ip && *ip ? ip : "");
      return berth_doctor_check_new (id, title, BERTH_CHECK_PASS, finding, ev->str, NULL);
    }
  finding = g_strdup_printf (_("%s is not attached to %s: it cannot reach the other services by name"),
                             name, network_name);
  /* up leaves a running container as it is: recreating it reattaches it. */
  fix = g_strdup_printf ("recreate:%s", service);
  return berth_doctor_check_new (id, title, BERTH_CHECK_FAIL, finding, ev->str, fix);
}

BerthDoctorCheck *
berth_doctor_check_resolution (const char *from_service,
                               const char *to_service,
                               int         exit_code,
                               const char *output)
{
  g_autofree char *id = g_strdup_printf ("dns.%s.%s", from_service, to_service);
  g_autofree char *title = g_strdup_printf (_("%s resolves %s"), from_service, to_service);
  g_autofree char *finding = NULL;
  g_autofree char *out = g_strstrip (g_strdup (output ? output : ""));
  g_autofree char *ev = g_strdup_printf ("$ getent hosts %s\n%s\n(exit code %d)", to_service, out, exit_code);
  g_autofree char *fix = NULL;

  if (exit_code == 0 && *out)
    {
      g_auto(GStrv) words = g_strsplit_set (out, " \t\n", 2);

      finding = g_strdup_printf (_("%s resolves %s to %s"), from_service, to_service, words[0]);
      return berth_doctor_check_new (id, title, BERTH_CHECK_PASS, finding, ev, NULL);
    }
  finding = g_strdup_printf (_("%s cannot resolve %s: they are not on a shared network"), from_service, to_service);
  fix = g_strdup_printf ("recreate:%s", from_service);
  return berth_doctor_check_new (id, title, BERTH_CHECK_FAIL, finding, ev, fix);
}

/* ------------------------------------------------------------------ */
/* Ports */

gboolean
berth_doctor_parse_port_conflict (const char  *message,
                                  char       **host_ip,
                                  guint       *port)
{
  static GRegex *bind_re, *listen_re;
  static gsize init = 0;
  g_autoptr(GMatchInfo) match = NULL;

  if (message == NULL)
    return FALSE;

  if (g_once_init_enter (&init))
    {
      bind_re = g_regex_new ("Bind for (\\[?[0-9a-fA-F:.]*\\]?):([0-9]+) failed: port is already allocated",
                             G_REGEX_OPTIMIZE, 0, NULL);
      listen_re = g_regex_new ("listen (tcp|udp)[46]? (\\[?[0-9a-fA-F:.]*\\]?):([0-9]+): bind: address already in use",
                               G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&init, 1);
    }

  if (g_regex_match (bind_re, message, 0, &match))
    {
      g_autofree char *p = g_match_info_fetch (match, 2);

      *host_ip = g_match_info_fetch (match, 1);
      *port = (guint) g_ascii_strtoull (p, NULL, 10);
      return TRUE;
    }
  g_clear_pointer (&match, g_match_info_free);
  if (g_regex_match (listen_re, message, 0, &match))
    {
      g_autofree char *p = g_match_info_fetch (match, 3);

      *host_ip = g_match_info_fetch (match, 2);
      *port = (guint) g_ascii_strtoull (p, NULL, 10);
      return TRUE;
    }
  return FALSE;
}

char *
berth_doctor_find_port_owner (JsonArray  *containers,
                              guint       port,
                              const char *except_id)
{
  for (guint i = 0; containers && i < json_array_get_length (containers); i++)
    {
      JsonNode *n = json_array_get_element (containers, i);
      JsonObject *c;
      JsonArray *ports = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        continue;
      c = json_node_get_object (n);
      if (except_id && g_strcmp0 (obj_string (c, "Id"), except_id) == 0)
        continue;
      if (json_object_has_member (c, "Ports") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (c, "Ports")))
        ports = json_object_get_array_member (c, "Ports");
      for (guint j = 0; ports && j < json_array_get_length (ports); j++)
        {
          JsonNode *pn = json_array_get_element (ports, j);

          if (JSON_NODE_HOLDS_OBJECT (pn) && obj_int (json_node_get_object (pn), "PublicPort", 0) == port)
            {
              JsonArray *names = json_object_has_member (c, "Names") ? json_object_get_array_member (c, "Names") : NULL;
              const char *name = names && json_array_get_length (names) ? json_array_get_string_element (names, 0) : NULL;

              if (name == NULL)
                return g_strdup (obj_string (c, "Id"));
              return g_strdup (name[0] == '/' ? name + 1 : name);
            }
        }
    }
  return NULL;
}

BerthDoctorCheck *
berth_doctor_check_port (const char *service,
                         guint       port,
                         gboolean    published,
                         const char *owner,
                         const char *error)
{
  g_autofree char *id = g_strdup_printf ("ports.%s.%u", service, port);
  g_autofree char *title = g_strdup_printf (_("Host port %u for %s"), port, service);
  g_autofree char *finding = NULL;
  g_autofree char *fix = NULL;

  if (published)
    {
      finding = g_strdup_printf (_("%s publishes host port %u"), service, port);
      return berth_doctor_check_new (id, title, BERTH_CHECK_PASS, finding, NULL, NULL);
    }
  if (owner)
    {
      finding = g_strdup_printf (_("Host port %u is already allocated to container %s, so %s cannot start"),
                                 port, owner, service);
      fix = g_strdup_printf ("stop-container:%s", owner);
      return berth_doctor_check_new (id, title, BERTH_CHECK_FAIL, finding, error, fix);
    }
  if (error)
    {
      finding = g_strdup_printf (_("Host port %u is in use by another program on the host, so %s cannot start"),
                                 port, service);
      return berth_doctor_check_new (id, title, BERTH_CHECK_FAIL, finding, error, NULL);
    }
  finding = g_strdup_printf (_("Host port %u is free"), port);
  return berth_doctor_check_new (id, title, BERTH_CHECK_PASS, finding, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* Engine and compose */

GPtrArray *
berth_doctor_check_engine (const char   *endpoint,
                           const GError *ping_error,
                           const char   *api_version)
{
  GPtrArray *checks = checks_new ();
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
