/* berth-doctor-container.c: the doctor's analysis of containers, networks
 * and ports, from the engine's inspect answers (see berth-doctor-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-doctor-private.h"

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
  GPtrArray *checks = berth_doctor_checks_new ();
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
          finding = g_strdup_printf (_("%s keeps restarting (%lld restarts)"), name, (long long) restarts);
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
          finding = g_strdup_printf (_("%s is in a crash loop: restarted %lld times (policy %s), last %s"),
                                     name, (long long) restarts, policy && *policy ? policy : "no", ex);
        else
          finding = g_strdup_printf (_("%s is in a crash loop: restarted %lld times (policy %s)"),
                                     name, (long long) restarts, policy && *policy ? policy : "no");
        g_autofree char *was = earlier_restart_count >= 0
          ? g_strdup_printf (" (was %" G_GINT64_FORMAT " a moment before)", earlier_restart_count)
          : g_strdup ("");

        ev = g_strdup_printf ("RestartCount=%" G_GINT64_FORMAT "%s\n%s", restarts, was, evidence);
        st = BERTH_CHECK_FAIL;
        fix = bad_command_code (exit_code) ? "rebuild" : restart_fix;
      }
    else if (restarts > 0)
      {
        finding = g_strdup_printf (_("%s was restarted %lld times by the engine"), name, (long long) restarts);
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
          ev = g_strdup_printf (_("Last failing probe at %s: exit code %lld\n%s"),
                                obj_string (last_fail, "End") ? obj_string (last_fail, "End") : "?",
                                (long long) obj_int (last_fail, "ExitCode", 0), out);
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
          finding = g_strdup_printf (_("%s is still starting (%lld failing probes so far)"),
                                     name, (long long) obj_int (health, "FailingStreak", 0));
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
  /* up reconnects a container to the networks its service lists. */
  return berth_doctor_check_new (id, title, BERTH_CHECK_FAIL, finding, ev->str, "up");
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

  if (exit_code == 0 && *out)
    {
      g_auto(GStrv) words = g_strsplit_set (out, " \t\n", 2);

      finding = g_strdup_printf (_("%s resolves %s to %s"), from_service, to_service, words[0]);
      return berth_doctor_check_new (id, title, BERTH_CHECK_PASS, finding, ev, NULL);
    }
  finding = g_strdup_printf (_("%s cannot resolve %s: they are not on a shared network"), from_service, to_service);
  /* up starts what is stopped and reconnects what is detached. */
  return berth_doctor_check_new (id, title, BERTH_CHECK_FAIL, finding, ev, "up");
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

