/* test-migration-parse.c: revision files and flask db output, on fixtures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "berth-test.h"
#include "berth-migration-revision.h"
#include "berth-migration-output-private.h"

static char *
fixture_path (const char *dir, const char *name)
{
  return berth_test_source_path ("tests", "migrations", dir, name, NULL);
}

static BerthMigrationRevision *
load_rev (const char *name)
{
  g_autofree char *path = fixture_path ("revisions", name);
  g_autoptr(GError) error = NULL;
  BerthMigrationRevision *rev = berth_migration_revision_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rev);
  return rev;
}

static char *
load_output (const char *name)
{
  g_autofree char *path = fixture_path ("output", name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
assert_strv (char **v, const char *first, ...)
{
  va_list args;
  guint i = 0;

  va_start (args, first);
  for (const char *s = first; s; s = va_arg (args, const char *), i++)
    {
      g_assert_nonnull (v);
      g_assert_cmpstr (v[i], ==, s);
    }
  va_end (args);
  g_assert_null (v[i]);
}

/* ---- revision files ----------------------------------------------------- */

static void
test_revision_templates (void)
{
  g_autofree char *dir = berth_test_source_path ("tests", "migrations", "linear", "migrations", "versions", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revs = berth_migration_revision_load_dir (dir, &problems, &error);
  BerthMigrationRevision *r;

  g_assert_no_error (error);
  g_assert_null (problems);  /* __init__.py, .# lock file and README skipped */
  g_assert_cmpuint (revs->len, ==, 3);

  r = revs->pdata[0];
  g_assert_cmpstr (r->revision, ==, "1a2b3c4d5e6f");
  assert_strv (r->down_revisions, NULL);
  assert_strv (r->branch_labels, NULL);
  assert_strv (r->depends_on, NULL);
  g_assert_cmpstr (r->message, ==, "create users table");
  g_assert_cmpstr (r->create_date, ==, "2024-01-05 10:11:12.123456");
  g_assert_true (g_str_has_suffix (r->path, "1a2b3c4d5e6f_create_users_table.py"));

  r = revs->pdata[1];  /* double quotes */
  g_assert_cmpstr (r->revision, ==, "2b3c4d5e6f70");
  assert_strv (r->down_revisions, "1a2b3c4d5e6f", NULL);
  g_assert_cmpstr (r->message, ==, "add probes table");

  r = revs->pdata[2];  /* Alembic >= 1.12 type-annotated template */
  g_assert_cmpstr (r->revision, ==, "3c4d5e6f7081");
  assert_strv (r->down_revisions, "2b3c4d5e6f70", NULL);
  assert_strv (r->branch_labels, NULL);
  g_assert_cmpstr (r->message, ==, "add users.is_admin");
  g_assert_cmpstr (r->create_date, ==, "2024-02-01 16:30:45.654321");
}

static void
test_revision_odd (void)
{
  g_autoptr(BerthMigrationRevision) quotes = load_rev ("odd_single_quotes.py");
  g_autoptr(BerthMigrationRevision) nodoc = load_rev ("odd_no_docstring.py");
  g_autoptr(BerthMigrationRevision) crlf = load_rev ("odd_multiline_crlf.py");
  g_autoptr(BerthMigrationRevision) tuple = load_rev ("odd_multiline_tuple.py");
  g_autoptr(BerthMigrationRevision) bom = load_rev ("odd_bom_shadowed.py");
  g_autoptr(BerthMigrationRevision) typed = load_rev ("odd_annotated_union.py");
  g_autoptr(BerthMigrationRevision) empty = load_rev ("odd_empty_docstring.py");
  g_autoptr(BerthMigrationRevision) header = load_rev ("odd_docstring_only_header.py");

  g_assert_cmpstr (quotes->revision, ==, "0badc0ffee01");
  g_assert_cmpstr (quotes->message, ==, "Fix \"quoted\" message with \\backslash and it's $(rm -rf /) `id`");
  assert_strv (quotes->down_revisions, "1a2b3c4d5e6f", NULL);
  assert_strv (quotes->branch_labels, "billing", "ops", NULL);
  assert_strv (quotes->depends_on, "2b3c4d5e6f70", NULL);
  g_assert_cmpstr (quotes->create_date, ==, "2024-04-01 08:00:00.000000+00:00");

  g_assert_cmpstr (nodoc->revision, ==, "abc123");
  assert_strv (nodoc->down_revisions, "1a2b3c4d5e6f", NULL);
  g_assert_cmpstr (nodoc->message, ==, "");
  g_assert_null (nodoc->create_date);

  g_assert_cmpstr (crlf->revision, ==, "5e6f70819203");
  g_assert_cmpstr (crlf->message, ==, "First line of the message\ncontinues on a second line");
  g_assert_cmpstr (crlf->create_date, ==, "2024-05-06 07:08:09.101112");

  g_assert_cmpstr (tuple->revision, ==, "d00d00d00d00");
  assert_strv (tuple->down_revisions, "b7c8d9e0f1a2", "c3d4e5f6a7b8", NULL);
  assert_strv (tuple->branch_labels, "merged", NULL);
  g_assert_cmpstr (tuple->message, ==, "merge heads");

  /* BOM, raw docstring, backslash continuation, shadowing assignments
   * inside functions, classes and strings ignored. */
  g_assert_cmpstr (bom->revision, ==, "7a7a7a7a7a7a");
  assert_strv (bom->down_revisions, NULL);
  g_assert_cmpstr (bom->message, ==, "Raw docstring with \\n kept and leading spaces");
  g_assert_cmpstr (bom->create_date, ==, "2023-12-31 23:59:59");

  g_assert_cmpstr (typed->revision, ==, "8b8b8b8b8b8b");
  assert_strv (typed->down_revisions, "a1b2c3d4e5f6", "b7c8d9e0f1a2", NULL);
  g_assert_cmpstr (typed->message, ==, "typed template (Alembic >= 1.12)");

  g_assert_cmpstr (empty->revision, ==, "e0e0e0e0e0e0");
  assert_strv (empty->down_revisions, "1a2b3c4d5e6f", NULL);
  g_assert_cmpstr (empty->message, ==, "");

  /* No variables at all: the docstring header is used. */
  g_assert_cmpstr (header->revision, ==, "9c9c9c9c9c9c");
  assert_strv (header->down_revisions, "8b8b8b8b8b8b", NULL);
  g_assert_cmpstr (header->message, ==, "");
  g_assert_cmpstr (header->create_date, ==, "2024-07-01 00:00:00.000000");
}

static void
test_revision_bad (void)
{
  struct { const char *file; const char *needle; } cases[] = {
    { "bad_unterminated.py", "bad_unterminated.py:1:1: unterminated string" },
    { "bad_expression.py", "bad_expression.py:3:17:" },
    { "bad_no_revision.py", "no revision identifier" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture_path ("revisions", cases[i].file);
      g_autoptr(GError) error = NULL;
      g_autoptr(BerthMigrationRevision) rev = berth_migration_revision_load (path, &error);

      g_assert_null (rev);
      g_assert_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_PARSE);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("%s: “%s” lacks “%s”", cases[i].file, error->message, cases[i].needle);
    }
}

static void
test_revision_inline (void)
{
  /* Odd but valid Python, parsed from memory. */
  static const char *text =
    "'''doc'''  ;  \n"
    "revision = 'ab' 'cd'  # implicit concatenation\n"
    "down_revision = [\"x1\", None, 'x2']\n"
    "branch_labels = 'solo'\n"
    "depends_on = ()\n"
    "if True:\n"
    "    revision = 'indented'\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BerthMigrationRevision) rev = berth_migration_revision_parse (text, -1, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (rev->revision, ==, "abcd");
  assert_strv (rev->down_revisions, "x1", "x2", NULL);
  assert_strv (rev->branch_labels, "solo", NULL);
  assert_strv (rev->depends_on, NULL);
  g_assert_null (rev->path);

  /* Garbage and binary input never crash. */
  {
    const char garbage[] = "\xff\xfe\x00revision = ('a',\n\x01 down_revision = (\n";
    g_autoptr(GError) e2 = NULL;
    g_autoptr(BerthMigrationRevision) r2 = berth_migration_revision_parse (garbage, sizeof garbage - 1, "g.py", &e2);

    g_assert_null (r2);
    g_assert_error (e2, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_PARSE);
  }
}

/* ---- history / current / heads / branches ------------------------------- */

static BerthMigrationHistoryEntry *
entry (GPtrArray *a, guint i)
{
  g_assert_cmpuint (i, <, a->len);
  return a->pdata[i];
}

static void
test_history_plain (void)
{
  g_autofree char *text = load_output ("history-branched.txt");
  g_autoptr(GPtrArray) h = berth_migration_parse_history (text);
  BerthMigrationHistoryEntry *e;

  g_assert_cmpuint (h->len, ==, 5);
  e = entry (h, 0);
  g_assert_cmpstr (e->revision, ==, "e5f6a7b8c9d0");
  assert_strv (e->parents, "d9e0f1a2b3c4", NULL);
  g_assert_cmpint (e->marks, ==, BERTH_MIGRATION_MARK_HEAD);
  g_assert_cmpstr (e->message, ==, "add users.is_admin");

  e = entry (h, 1);
  g_assert_cmpstr (e->revision, ==, "d9e0f1a2b3c4");
  assert_strv (e->parents, "b7c8d9e0f1a2", "c3d4e5f6a7b8", NULL);
  g_assert_cmpint (e->marks, ==, BERTH_MIGRATION_MARK_CURRENT | BERTH_MIGRATION_MARK_MERGEPOINT);
  g_assert_cmpstr (e->message, ==, "merge probes and reports");

  e = entry (h, 2);
  assert_strv (e->branch_labels, "reports", NULL);
  g_assert_cmpint (e->marks, ==, 0);

  e = entry (h, 4);
  g_assert_cmpstr (e->revision, ==, "a1b2c3d4e5f6");
  assert_strv (e->parents, NULL);
  g_assert_cmpint (e->marks, ==, BERTH_MIGRATION_MARK_BRANCHPOINT);
  g_assert_cmpstr (e->message, ==, "create users table");
}

static void
test_history_log_lines_and_pending (void)
{
  g_autofree char *text = load_output ("history-linear-pending.txt");
  g_autoptr(GPtrArray) h = berth_migration_parse_history (text);

  g_assert_cmpuint (h->len, ==, 3);
  g_assert_cmpint (entry (h, 0)->marks, ==, BERTH_MIGRATION_MARK_HEAD);
  g_assert_cmpint (entry (h, 1)->marks, ==, BERTH_MIGRATION_MARK_CURRENT);
  g_assert_cmpstr (entry (h, 2)->message, ==, "create users table");
}

static void
test_history_odd (void)
{
  g_autofree char *text = load_output ("history-odd.txt");
  g_autoptr(GPtrArray) h = berth_migration_parse_history (text);
  BerthMigrationHistoryEntry *e;

  g_assert_cmpuint (h->len, ==, 4);
  e = entry (h, 0);
  g_assert_cmpstr (e->message, ==, "First line of the message\ncontinues on a second line");
  e = entry (h, 1);
  assert_strv (e->parents, "2b3c4d5e6f70", NULL);
  assert_strv (e->dependencies, "1a2b3c4d5e6f", NULL);
  g_assert_cmpint (e->marks, ==, BERTH_MIGRATION_MARK_EFFECTIVE_HEAD);
  g_assert_cmpstr (e->message, ==, "rename a -> b, and (fix) it");
  e = entry (h, 2);
  assert_strv (e->branch_labels, "ops", "billing", NULL);
  g_assert_cmpstr (e->message, ==, "");
  e = entry (h, 3);
  g_assert_cmpstr (e->revision, ==, "1a2b3c4d5e6f");
  g_assert_cmpstr (e->message, ==, "");
}

static void
test_history_verbose (void)
{
  g_autofree char *text = load_output ("history-branched-verbose.txt");
  g_autoptr(GPtrArray) h = berth_migration_parse_history (text);
  BerthMigrationHistoryEntry *e;

  g_assert_cmpuint (h->len, ==, 5);
  e = entry (h, 0);
  g_assert_cmpstr (e->revision, ==, "e5f6a7b8c9d0");
  assert_strv (e->parents, "d9e0f1a2b3c4", NULL);
  g_assert_cmpint (e->marks, ==, BERTH_MIGRATION_MARK_HEAD);
  g_assert_cmpstr (e->path, ==, "/app/migrations/versions/e5f6a7b8c9d0_add_users_is_admin.py");
  g_assert_cmpstr (e->message, ==, "add users.is_admin");
  g_assert_cmpstr (e->create_date, ==, "2024-03-04 10:00:00.000000");
  g_assert_true (g_str_has_prefix (e->doc, "add users.is_admin\n\nRevision ID: e5f6a7b8c9d0"));

  e = entry (h, 1);
  assert_strv (e->parents, "b7c8d9e0f1a2", "c3d4e5f6a7b8", NULL);
  g_assert_cmpint (e->marks, ==, BERTH_MIGRATION_MARK_MERGEPOINT | BERTH_MIGRATION_MARK_CURRENT);

  e = entry (h, 2);
  assert_strv (e->branch_labels, "reports", NULL);
  e = entry (h, 3);
  assert_strv (e->dependencies, "1a2b3c4d5e6f", NULL);
  e = entry (h, 4);
  assert_strv (e->parents, NULL);
  assert_strv (e->branches_into, "b7c8d9e0f1a2", "c3d4e5f6a7b8", NULL);
  g_assert_cmpint (e->marks, ==, BERTH_MIGRATION_MARK_BRANCHPOINT);
  g_assert_cmpstr (e->create_date, ==, "2024-03-01 10:00:00.000000");

  {
    g_autofree char *linear = load_output ("history-linear-verbose.txt");
    g_autoptr(GPtrArray) l = berth_migration_parse_history (linear);

    g_assert_cmpuint (l->len, ==, 3);
    g_assert_cmpint (entry (l, 0)->marks, ==, BERTH_MIGRATION_MARK_HEAD | BERTH_MIGRATION_MARK_CURRENT);
    g_assert_cmpstr (entry (l, 1)->create_date, ==, "2024-01-12 09:00:00.000001");
    g_assert_cmpstr (entry (l, 2)->message, ==, "create users table");
  }
}

static void
test_current_heads_branches (void)
{
  g_autofree char *cur = load_output ("current.txt");
  g_autofree char *cur_empty = load_output ("current-empty.txt");
  g_autofree char *cur_verbose = load_output ("current-verbose.txt");
  g_autofree char *cur_two = load_output ("current-two.txt");
  g_autofree char *heads = load_output ("heads-multiple.txt");
  g_autofree char *branches = load_output ("branches.txt");
  g_autoptr(GPtrArray) a = berth_migration_parse_revisions (cur);
  g_autoptr(GPtrArray) b = berth_migration_parse_revisions (cur_empty);
  g_autoptr(GPtrArray) c = berth_migration_parse_revisions (cur_verbose);
  g_autoptr(GPtrArray) d = berth_migration_parse_revisions (cur_two);
  g_autoptr(GPtrArray) h = berth_migration_parse_revisions (heads);
  g_autoptr(GPtrArray) br = berth_migration_parse_branches (branches);

  g_assert_cmpuint (a->len, ==, 1);
  g_assert_cmpstr (entry (a, 0)->revision, ==, "3c4d5e6f7081");
  g_assert_cmpint (entry (a, 0)->marks, ==, BERTH_MIGRATION_MARK_HEAD);
  g_assert_null (entry (a, 0)->parents);

  g_assert_cmpuint (b->len, ==, 0);

  g_assert_cmpuint (c->len, ==, 1);
  g_assert_cmpstr (entry (c, 0)->revision, ==, "2b3c4d5e6f70");
  assert_strv (entry (c, 0)->parents, "1a2b3c4d5e6f", NULL);

  g_assert_cmpuint (d->len, ==, 2);
  g_assert_cmpstr (entry (d, 1)->revision, ==, "f0e1d2c3b4a5");

  g_assert_cmpuint (h->len, ==, 2);
  g_assert_cmpstr (entry (h, 1)->revision, ==, "c3d4e5f6a7b8");
  assert_strv (entry (h, 1)->branch_labels, "reports", NULL);
  g_assert_cmpint (entry (h, 1)->marks, ==, BERTH_MIGRATION_MARK_HEAD);

  g_assert_cmpuint (br->len, ==, 1);
  g_assert_cmpstr (entry (br, 0)->revision, ==, "a1b2c3d4e5f6");
  g_assert_cmpint (entry (br, 0)->marks, ==, BERTH_MIGRATION_MARK_BRANCHPOINT);
  assert_strv (entry (br, 0)->branches_into, "c3d4e5f6a7b8", "b7c8d9e0f1a2", NULL);
}

/* ---- migrate, steps, errors --------------------------------------------- */

static void
test_migrate (void)
{
  g_autofree char *added = load_output ("migrate-added.txt");
  g_autofree char *none = load_output ("migrate-nochanges.txt");
  g_autoptr(BerthMigrationMigrateResult) r = berth_migration_parse_migrate (added);
  g_autoptr(BerthMigrationMigrateResult) n = berth_migration_parse_migrate (none);
  BerthMigrationChange *c;

  g_assert_false (r->no_changes);
  g_assert_cmpstr (r->generated_path, ==, "/app/migrations/versions/4d5e6f708192_add_users_last_login.py");
  g_assert_cmpstr (r->revision, ==, "4d5e6f708192");
  /* The PostgreSQL "Detected sequence" line is not a change. */
  g_assert_cmpuint (r->changes->len, ==, 5);

  c = r->changes->pdata[0];
  g_assert_cmpint (c->kind, ==, BERTH_MIGRATION_CHANGE_ADDED);
  g_assert_cmpstr (c->object, ==, "column");
  g_assert_cmpstr (c->target, ==, "users.last_login");
  g_assert_cmpstr (c->description, ==, "added column 'users.last_login'");

  c = r->changes->pdata[1];  /* logger with a sub-module (Alembic 1.18) */
  g_assert_cmpint (c->kind, ==, BERTH_MIGRATION_CHANGE_ADDED);
  g_assert_cmpstr (c->object, ==, "table");
  g_assert_cmpstr (c->target, ==, "audit_log");

  c = r->changes->pdata[2];
  g_assert_cmpint (c->kind, ==, BERTH_MIGRATION_CHANGE_REMOVED);
  g_assert_cmpstr (c->object, ==, "index");
  g_assert_cmpstr (c->target, ==, "ix_probes_target");

  c = r->changes->pdata[3];
  g_assert_cmpint (c->kind, ==, BERTH_MIGRATION_CHANGE_CHANGED);
  g_assert_cmpstr (c->object, ==, "nullable");
  g_assert_cmpstr (c->target, ==, "users.email");

  c = r->changes->pdata[4];
  g_assert_cmpstr (c->object, ==, "type");
  g_assert_cmpstr (c->target, ==, "users.name");

  g_assert_true (n->no_changes);
  g_assert_null (n->generated_path);
  g_assert_null (n->revision);
  g_assert_cmpuint (n->changes->len, ==, 0);
}

static void
test_steps (void)
{
  g_autofree char *text = load_output ("upgrade.txt");
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  const char *expect[][4] = {
    { "upgrade", "", "1a2b3c4d5e6f", "create users table" },
    { "upgrade", "1a2b3c4d5e6f", "2b3c4d5e6f70", "add probes table" },
    { "downgrade", "2b3c4d5e6f70", "1a2b3c4d5e6f", "add probes table" },
    { "stamp_revision", "", "3c4d5e6f7081", NULL },
  };
  guint n = 0;

  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *kind = NULL, *from = NULL, *to = NULL, *msg = NULL;

      if (!berth_migration_parse_step (lines[i], &kind, &from, &to, &msg))
        continue;
      g_assert_cmpuint (n, <, G_N_ELEMENTS (expect));
      g_assert_cmpstr (kind, ==, expect[n][0]);
      g_assert_cmpstr (from, ==, expect[n][1]);
      g_assert_cmpstr (to, ==, expect[n][2]);
      g_assert_cmpstr (msg, ==, expect[n][3]);
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expect));
}

static void
test_log_line (void)
{
  g_autofree char *level = NULL, *logger = NULL, *message = NULL;

  g_assert_true (berth_migration_parse_log_line ("WARNI [alembic.env] careful", &level, &logger, &message));
  g_assert_cmpstr (level, ==, "WARNI");
  g_assert_cmpstr (logger, ==, "alembic.env");
  g_assert_cmpstr (message, ==, "careful");
  g_assert_false (berth_migration_parse_log_line ("INFORMATION [x] y", NULL, NULL, NULL));
  g_assert_false (berth_migration_parse_log_line ("3c4d5e6f7081 (head)", NULL, NULL, NULL));
  g_assert_false (berth_migration_parse_log_line ("", NULL, NULL, NULL));
}

static void
test_errors (void)
{
  struct { const char *file; int code; const char *needle; } cases[] = {
    { "error-unknown-revision.txt", BERTH_MIGRATION_ERROR_UNKNOWN_REVISION, "deadbeef0001" },
    { "error-multiple-heads.txt", BERTH_MIGRATION_ERROR_MULTIPLE_HEADS, "merge" },
    { "error-not-up-to-date.txt", BERTH_MIGRATION_ERROR_NOT_UP_TO_DATE, "upgrade" },
    { "error-no-flask-app.txt", BERTH_MIGRATION_ERROR_NO_FLASK_APP, "start.sh" },
    { "error-traceback.txt", BERTH_MIGRATION_ERROR_COMMAND_FAILED, "could not translate host name \"db\"" },
    { "check-dirty.txt", BERTH_MIGRATION_ERROR_COMMAND_FAILED, "New upgrade operations detected" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = load_output (cases[i].file);
      g_autofree char *rev = NULL;
      g_autoptr(GError) error = berth_migration_parse_error (text, &rev);

      g_assert_nonnull (error);
      g_assert_error (error, BERTH_MIGRATION_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("%s: “%s” lacks “%s”", cases[i].file, error->message, cases[i].needle);
      if (cases[i].code == BERTH_MIGRATION_ERROR_UNKNOWN_REVISION)
        g_assert_cmpstr (rev, ==, "deadbeef0001");
    }

  {
    g_autofree char *clean = load_output ("check-clean.txt");
    g_autofree char *dirty = load_output ("check-dirty.txt");
    g_autofree char *hist = load_output ("history-linear.txt");

    g_assert_true (berth_migration_parse_check_clean (clean));
    g_assert_false (berth_migration_parse_check_clean (dirty));
    g_assert_null (berth_migration_parse_error (clean, NULL));
    g_assert_null (berth_migration_parse_error (hist, NULL));
  }
}

/* Every prefix of every fixture (files cut short, output cut mid-line)
 * parses or fails cleanly; under ASan this is the robustness check. */
static void
test_truncated_inputs (void)
{
  const char *dirs[] = { "revisions", "output" };

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *dir_path = berth_test_source_path ("tests", "migrations", dirs[d], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);
          g_autofree char *text = NULL;
          gsize len = 0;

          g_assert_true (g_file_get_contents (path, &text, &len, NULL));
          for (gsize n = 0; n <= len; n++)
            {
              g_autofree char *prefix = g_strndup (text, n);
              g_autoptr(GError) error = NULL;
              g_autoptr(BerthMigrationRevision) rev = berth_migration_revision_parse (text, n, name, &error);
              g_autoptr(GPtrArray) h = berth_migration_parse_history (prefix);
              g_autoptr(GPtrArray) r = berth_migration_parse_revisions (prefix);
              g_autoptr(GPtrArray) b = berth_migration_parse_branches (prefix);
              g_autoptr(BerthMigrationMigrateResult) m = berth_migration_parse_migrate (prefix);
              g_autoptr(GError) e = berth_migration_parse_error (prefix, NULL);

              g_assert_true ((rev == NULL) != (error == NULL));
              g_assert_nonnull (h);
              g_assert_nonnull (r);
              g_assert_nonnull (b);
              g_assert_nonnull (m);
            }
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/migration/revision/templates", test_revision_templates);
  g_test_add_func ("/migration/revision/odd", test_revision_odd);
  g_test_add_func ("/migration/revision/bad", test_revision_bad);
  g_test_add_func ("/migration/revision/inline", test_revision_inline);
  g_test_add_func ("/migration/output/history-plain", test_history_plain);
  g_test_add_func ("/migration/output/history-log-lines", test_history_log_lines_and_pending);
  g_test_add_func ("/migration/output/history-odd", test_history_odd);
  g_test_add_func ("/migration/output/history-verbose", test_history_verbose);
  g_test_add_func ("/migration/output/current-heads-branches", test_current_heads_branches);
  g_test_add_func ("/migration/output/migrate", test_migrate);
  g_test_add_func ("/migration/output/steps", test_steps);
  g_test_add_func ("/migration/output/log-line", test_log_line);
  g_test_add_func ("/migration/output/errors", test_errors);
  g_test_add_func ("/migration/truncated-inputs", test_truncated_inputs);
  return g_test_run ();
}
