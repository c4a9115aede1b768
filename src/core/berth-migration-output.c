/* berth-migration-output.c: parsers of Flask-Migrate/Alembic output.
 *
 * Formats follow alembic/script/base.py (Script._head_only, log_entry) and
 * alembic/command.py (history, current, heads, branches) of Alembic 1.8+.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-migration-output-private.h"

/* ---- boxed types -------------------------------------------------------- */

static char **
strv_or_empty (char * const *v)
{
  return v ? g_strdupv ((char **) v) : g_new0 (char *, 1);
}

static BerthMigrationHistoryEntry *
history_entry_new (void)
{
  BerthMigrationHistoryEntry *e = g_new0 (BerthMigrationHistoryEntry, 1);

  e->dependencies = g_new0 (char *, 1);
  e->branch_labels = g_new0 (char *, 1);
  e->branches_into = g_new0 (char *, 1);
  return e;
}

BerthMigrationHistoryEntry *
berth_migration_history_entry_copy (const BerthMigrationHistoryEntry *self)
{
  BerthMigrationHistoryEntry *e = g_new0 (BerthMigrationHistoryEntry, 1);

  e->revision = g_strdup (self->revision);
  e->parents = self->parents ? g_strdupv (self->parents) : NULL;
  e->dependencies = strv_or_empty (self->dependencies);
  e->branch_labels = strv_or_empty (self->branch_labels);
  e->branches_into = strv_or_empty (self->branches_into);
  e->marks = self->marks;
  e->message = g_strdup (self->message);
  e->doc = g_strdup (self->doc);
  e->path = g_strdup (self->path);
  e->create_date = g_strdup (self->create_date);
  return e;
}

void
berth_migration_history_entry_free (BerthMigrationHistoryEntry *self)
{
  if (self == NULL)
    return;
  g_free (self->revision);
  g_strfreev (self->parents);
  g_strfreev (self->dependencies);
  g_strfreev (self->branch_labels);
  g_strfreev (self->branches_into);
  g_free (self->message);
  g_free (self->doc);
  g_free (self->path);
  g_free (self->create_date);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (BerthMigrationHistoryEntry, berth_migration_history_entry,
                     berth_migration_history_entry_copy, berth_migration_history_entry_free)

BerthMigrationChange *
berth_migration_change_copy (const BerthMigrationChange *self)
{
  BerthMigrationChange *c = g_new0 (BerthMigrationChange, 1);

  c->kind = self->kind;
  c->object = g_strdup (self->object);
  c->target = g_strdup (self->target);
  c->description = g_strdup (self->description);
  return c;
}

void
berth_migration_change_free (BerthMigrationChange *self)
{
  if (self == NULL)
    return;
  g_free (self->object);
  g_free (self->target);
  g_free (self->description);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (BerthMigrationChange, berth_migration_change,
                     berth_migration_change_copy, berth_migration_change_free)

BerthMigrationMigrateResult *
berth_migration_migrate_result_new (void)
{
  BerthMigrationMigrateResult *r = g_new0 (BerthMigrationMigrateResult, 1);

  r->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_migration_change_free);
  return r;
}

BerthMigrationMigrateResult *
berth_migration_migrate_result_copy (const BerthMigrationMigrateResult *self)
{
  BerthMigrationMigrateResult *r = berth_migration_migrate_result_new ();

  r->no_changes = self->no_changes;
  r->generated_path = g_strdup (self->generated_path);
  r->revision = g_strdup (self->revision);
  r->host_path = g_strdup (self->host_path);
  r->copied = self->copied;
  for (guint i = 0; i < self->changes->len; i++)
    g_ptr_array_add (r->changes, berth_migration_change_copy (self->changes->pdata[i]));
  return r;
}

void
berth_migration_migrate_result_free (BerthMigrationMigrateResult *self)
{
  if (self == NULL)
    return;
  g_free (self->generated_path);
  g_free (self->revision);
  g_free (self->host_path);
  g_ptr_array_unref (self->changes);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (BerthMigrationMigrateResult, berth_migration_migrate_result,
                     berth_migration_migrate_result_copy, berth_migration_migrate_result_free)

/* ---- helpers ------------------------------------------------------------ */

static char **
split_lines (const char *text)
{
  g_autofree char *copy = g_strdup (text ? text : "");
  char *w = copy;

  /* CRLF and lone CR (TTY-ish output) become plain newlines. */
  for (const char *r = copy; *r; r++)
    {
      if (*r == '\r')
        {
          if (r[1] != '\n')
            *w++ = '\n';
          continue;
        }
      *w++ = *r;
    }
  *w = '\0';
  return g_strsplit (copy, "\n", -1);
}

static gboolean
is_revision_char (char c)
{
  /* Alembic ids are hex by default, but any identifier-ish text is
   * allowed (rev_id can be chosen); '@' appears in branch@head forms. */
  return g_ascii_isalnum (c) || c == '_' || c == '-' || c == '.' || c == '@' || c == '+';
}

static gboolean
is_revision_id (const char *s, gsize len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!is_revision_char (s[i]))
      return FALSE;
  return TRUE;
}

/* "a, b" -> strv; FALSE when an element is not a revision id.
 * "<base>" alone gives an empty list. */
static gboolean
parse_id_list (const char *s, gsize len, char ***out)
{
  g_autofree char *copy = g_strndup (s, len);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_strstrip (copy);
  if (g_str_equal (copy, "<base>"))
    {
      *out = g_strv_builder_end (b);
      return TRUE;
    }
  parts = g_strsplit (copy, ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (!is_revision_id (parts[i], strlen (parts[i])))
        return FALSE;
      g_strv_builder_add (b, parts[i]);
    }
  *out = g_strv_builder_end (b);
  return TRUE;
}

static void
set_strv (char ***field, char **value)
{
  g_strfreev (*field);
  *field = value;
}

static BerthMigrationMarks
mark_from_word (const char *word)
{
  if (g_str_equal (word, "head"))
    return BERTH_MIGRATION_MARK_HEAD;
  if (g_str_equal (word, "effective head"))
    return BERTH_MIGRATION_MARK_EFFECTIVE_HEAD;
  if (g_str_equal (word, "current"))
    return BERTH_MIGRATION_MARK_CURRENT;
  if (g_str_equal (word, "branchpoint"))
    return BERTH_MIGRATION_MARK_BRANCHPOINT;
  if (g_str_equal (word, "mergepoint"))
    return BERTH_MIGRATION_MARK_MERGEPOINT;
  return BERTH_MIGRATION_MARK_NONE;
}

/* Parses "REV[ (labels)][ (head)]...": the revision and its parenthesised
 * groups.  *rest points after them (", doc" or end).  FALSE when the text
 * does not start with that shape. */
static gboolean
parse_rev_and_marks (const char                  *s,
                     BerthMigrationHistoryEntry  *e,
                     const char                 **rest)
{
  const char *p = s;
  const char *start = s;

  while (*p && is_revision_char (*p))
    p++;
  if (p == start)
    return FALSE;
  /* A trailing '.' or '-' is punctuation, not part of an id. */
  g_free (e->revision);
  e->revision = g_strndup (start, p - start);

  while (p[0] == ' ' && p[1] == '(')
    {
      const char *close = strchr (p + 2, ')');
      g_autofree char *word = NULL;
      BerthMigrationMarks mark;

      if (close == NULL)
        return FALSE;
      word = g_strndup (p + 2, close - (p + 2));
      mark = mark_from_word (word);
      if (mark != BERTH_MIGRATION_MARK_NONE)
        e->marks |= mark;
      else
        {
          char **labels = NULL;

          if (!parse_id_list (word, strlen (word), &labels))
            return FALSE;
          set_strv (&e->branch_labels, labels);
        }
      p = close + 1;
    }
  *rest = p;
  return TRUE;
}

/* "PARENTS[ (deps)] -> REV (marks), doc".  Returns NULL for a line that is
 * not an entry (a continuation of a multi-line message). */
static BerthMigrationHistoryEntry *
parse_plain_history_line (const char *line)
{
  g_autoptr(BerthMigrationHistoryEntry) e = history_entry_new ();
  const char *arrow = strstr (line, " -> ");
  const char *left_end;
  const char *rest = NULL;
  char **parents = NULL;

  if (arrow == NULL)
    return NULL;

  left_end = arrow;
  if (left_end > line && left_end[-1] == ')')
    {
      /* "a (dep1, dep2) -> b": dependencies in parentheses. */
      const char *open = g_strrstr_len (line, left_end - line, " (");
      char **deps = NULL;

      if (open == NULL || !parse_id_list (open + 2, (left_end - 1) - (open + 2), &deps))
        return NULL;
      set_strv (&e->dependencies, deps);
      left_end = open;
    }
  if (!parse_id_list (line, left_end - line, &parents))
    return NULL;
  e->parents = parents;

  if (!parse_rev_and_marks (arrow + 4, e, &rest))
    return NULL;
  if (*rest == ',')
    {
      rest++;
      if (*rest == ' ')
        rest++;
      e->message = g_strdup (rest);
      g_strchomp (e->message);
    }
  else if (*rest != '\0' && strspn (rest, " \t") != strlen (rest))
    return NULL;

  return g_steal_pointer (&e);
}

/* "REV (labels) (head)" as current and heads print it. */
static BerthMigrationHistoryEntry *
parse_plain_revision_line (const char *line)
{
  g_autoptr(BerthMigrationHistoryEntry) e = history_entry_new ();
  const char *rest = NULL;

  if (!parse_rev_and_marks (line, e, &rest))
    return NULL;
  if (*rest == ',')
    {
      rest++;
      if (*rest == ' ')
        rest++;
      e->message = g_strchomp (g_strdup (rest));
    }
  else if (strspn (rest, " \t") != strlen (rest))
    return NULL;
  return g_steal_pointer (&e);
}

static char *
doc_first_paragraph (const char *doc)
{
  g_auto(GStrv) lines = g_strsplit (doc, "\n", -1);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *t = g_strstrip (g_strdup (lines[i]));

      if (*t == '\0')
        {
          if (s->len)
            break;
          continue;
        }
      if (s->len)
        g_string_append_c (s, '\n');
      g_string_append (s, g_strchomp (lines[i]));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
doc_field (const char *doc, const char *field)
{
  g_auto(GStrv) lines = g_strsplit (doc, "\n", -1);
  gsize flen = strlen (field);

  for (guint i = 0; lines[i]; i++)
    {
      const char *l = lines[i] + strspn (lines[i], " \t");

      if (strncmp (l, field, flen) == 0 && l[flen] == ':')
        {
          char *v = g_strstrip (g_strdup (l + flen + 1));
          if (*v)
            return v;
          g_free (v);
        }
    }
  return NULL;
}

static gboolean
is_log_line (const char *line)
{
  return berth_migration_parse_log_line (line, NULL, NULL, NULL);
}

static void
finish_verbose_entry (BerthMigrationHistoryEntry *e, GString *doc)
{
  g_autofree char *stripped = NULL;

  if (e == NULL)
    return;
  /* Drop the trailing blank lines that separate blocks. */
  stripped = g_strstrip (g_strdup (doc->str));
  g_free (e->doc);
  e->doc = g_strdup (stripped);
  g_free (e->message);
  e->message = doc_first_paragraph (stripped);
  g_free (e->create_date);
  e->create_date = doc_field (stripped, "Create Date");
  g_string_truncate (doc, 0);
}

static GPtrArray *
parse_verbose (char **lines)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_migration_history_entry_free);
  g_autoptr(GString) doc = g_string_new (NULL);
  BerthMigrationHistoryEntry *e = NULL;
  gboolean in_doc = FALSE;

  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "Rev: "))
        {
          const char *rest = NULL;
          g_autoptr(BerthMigrationHistoryEntry) next = history_entry_new ();

          if (parse_rev_and_marks (line + 5, next, &rest))
            {
              finish_verbose_entry (e, doc);
              e = g_steal_pointer (&next);
              e->parents = g_new0 (char *, 1);
              g_ptr_array_add (entries, e);
              in_doc = FALSE;
              continue;
            }
        }
      if (e == NULL)
        continue;

      if (!in_doc)
        {
          char **list = NULL;

          if (g_str_has_prefix (line, "Parent: ") || g_str_has_prefix (line, "Merges: "))
            {
              if (parse_id_list (line + 8, strlen (line + 8), &list))
                set_strv (&e->parents, list);
            }
          else if (g_str_has_prefix (line, "Also depends on: "))
            {
              if (parse_id_list (line + 17, strlen (line + 17), &list))
                set_strv (&e->dependencies, list);
            }
          else if (g_str_has_prefix (line, "Branches into: "))
            {
              if (parse_id_list (line + 15, strlen (line + 15), &list))
                set_strv (&e->branches_into, list);
            }
          else if (g_str_has_prefix (line, "Branch names: "))
            {
              if (parse_id_list (line + 14, strlen (line + 14), &list))
                set_strv (&e->branch_labels, list);
            }
          else if (g_str_has_prefix (line, "Path: "))
            {
              g_free (e->path);
              e->path = g_strdup (line + 6);
            }
          else if (*line == '\0')
            in_doc = TRUE;
          continue;
        }

      if (is_log_line (line))
        continue;
      /* Docstring lines are indented by four spaces. */
      if (g_str_has_prefix (line, "    "))
        line += 4;
      g_string_append (doc, line);
      g_string_append_c (doc, '\n');
    }
  finish_verbose_entry (e, doc);

  return g_steal_pointer (&entries);
}

static gboolean
text_is_verbose (char **lines)
{
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "Rev: "))
      return TRUE;
  return FALSE;
}

GPtrArray *
berth_migration_parse_history (const char *text)
{
  g_auto(GStrv) lines = split_lines (text);
  g_autoptr(GPtrArray) entries = NULL;
  BerthMigrationHistoryEntry *last = NULL;

  if (text_is_verbose (lines))
    return parse_verbose (lines);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_migration_history_entry_free);
  for (guint i = 0; lines[i]; i++)
    {
      BerthMigrationHistoryEntry *e;

      if (is_log_line (lines[i]))
        continue;
      e = parse_plain_history_line (lines[i]);
      if (e != NULL)
        {
          g_ptr_array_add (entries, e);
          last = e;
        }
      else if (last != NULL && *lines[i] != '\0')
        {
          /* The first docstring paragraph may span lines. */
          char *joined = g_strconcat (last->message ? last->message : "", "\n", lines[i], NULL);

          g_free (last->message);
          last->message = g_strchomp (joined);
        }
    }
  return g_steal_pointer (&entries);
}

GPtrArray *
berth_migration_parse_revisions (const char *text)
{
  g_auto(GStrv) lines = split_lines (text);
  g_autoptr(GPtrArray) entries = NULL;

  if (text_is_verbose (lines))
    return parse_verbose (lines);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_migration_history_entry_free);
  for (guint i = 0; lines[i]; i++)
    {
      BerthMigrationHistoryEntry *e;

      if (*lines[i] == '\0' || is_log_line (lines[i]) ||
          g_str_has_prefix (lines[i], "Current revision(s) for"))
        continue;
      e = parse_plain_revision_line (lines[i]);
      if (e != NULL)
        g_ptr_array_add (entries, e);
    }
  return g_steal_pointer (&entries);
}

GPtrArray *
berth_migration_parse_branches (const char *text)
{
  g_auto(GStrv) lines = split_lines (text);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_migration_history_entry_free);
  BerthMigrationHistoryEntry *current = NULL;

  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];
      const char *trimmed = line + strspn (line, " ");

      if (*line == '\0' || is_log_line (line))
        continue;
      if (g_str_has_prefix (trimmed, "-> ") && trimmed != line)
        {
          g_autoptr(BerthMigrationHistoryEntry) child = NULL;
          const char *p = trimmed + 3;
          g_autoptr(GStrvBuilder) b = NULL;

          if (current == NULL)
            continue;
          /* The child line may carry its parents: "-> a -> b (head)". */
          child = parse_plain_history_line (p);
          if (child == NULL)
            child = parse_plain_revision_line (p);
          if (child == NULL)
            continue;
          b = g_strv_builder_new ();
          g_strv_builder_addv (b, (const char **) current->branches_into);
          g_strv_builder_add (b, child->revision);
          set_strv (&current->branches_into, g_strv_builder_end (b));
          continue;
        }
      current = parse_plain_history_line (line);
      if (current == NULL)
        current = parse_plain_revision_line (line);
      if (current != NULL)
        g_ptr_array_add (entries, current);
    }
  return g_steal_pointer (&entries);
}

gboolean
berth_migration_parse_log_line (const char  *line,
                                char       **level,
                                char       **logger,
                                char       **message)
{
  static const char * const levels[] = { "INFO", "WARNI", "WARN", "ERROR", "DEBUG", "CRITI", NULL };
  const char *p = NULL;
  const char *close;
  gsize lvl_len = 0;

  for (guint i = 0; levels[i]; i++)
    if (g_str_has_prefix (line, levels[i]))
      {
        lvl_len = strlen (levels[i]);
        p = line + lvl_len;
        break;
      }
  if (p == NULL)
    return FALSE;
  /* `%(levelname)-5.5s [%(name)s] %(message)s`: "INFO  [x]", "ERROR [x]". */
  if (*p != ' ')
    return FALSE;
  p += strspn (p, " ");
  if (*p != '[')
    return FALSE;
  close = strchr (p, ']');
  if (close == NULL || close == p + 1)
    return FALSE;
  if (level)
    *level = g_strndup (line, lvl_len);
  if (logger)
    *logger = g_strndup (p + 1, close - p - 1);
  if (message)
    *message = g_strdup (close[1] == ' ' ? close + 2 : close + 1);
  return TRUE;
}

/* First (or last) Python repr-quoted string in s. */
static char *
quoted (const char *s, gboolean last)
{
  char *found = NULL;

  for (const char *p = s; *p; p++)
    {
      if (*p == '\'' || *p == '"')
        {
          const char *end = strchr (p + 1, *p);

          if (end == NULL)
            break;
          g_free (found);
          found = g_strndup (p + 1, end - p - 1);
          if (!last)
            return found;
          p = end;
        }
    }
  return found;
}

BerthMigrationChange *
berth_migration_parse_change (const char *message)
{
  BerthMigrationChange *c;
  const char *s;

  if (message == NULL || !g_str_has_prefix (message, "Detected "))
    return NULL;
  s = message + strlen ("Detected ");

  c = g_new0 (BerthMigrationChange, 1);
  c->description = g_strchomp (g_strdup (s));

  if (g_str_has_prefix (s, "added ") || g_str_has_prefix (s, "removed "))
    {
      const char *what = strchr (s, ' ') + 1;
      const char *q = what + strcspn (what, "'\"(");

      c->kind = g_str_has_prefix (s, "added ") ? BERTH_MIGRATION_CHANGE_ADDED
                                               : BERTH_MIGRATION_CHANGE_REMOVED;
      c->object = g_strstrip (g_strndup (what, q - what));
      c->target = quoted (what, FALSE);
    }
  else
    {
      c->kind = BERTH_MIGRATION_CHANGE_CHANGED;
      if (g_str_has_prefix (s, "NULL on") || g_str_has_prefix (s, "NOT NULL on"))
        c->object = g_strdup ("nullable");
      else if (g_str_has_prefix (s, "type change"))
        c->object = g_strdup ("type");
      else if (g_str_has_prefix (s, "server default"))
        c->object = g_strdup ("server default");
      else if (strstr (s, "comment") != NULL)
        c->object = g_strdup ("comment");
      else
        c->object = g_strndup (s, strcspn (s, " "));
      /* "type change from X to Y on 'users.name'": the column is last. */
      c->target = quoted (s, TRUE);
    }
  if (c->object != NULL && *c->object == '\0')
    g_clear_pointer (&c->object, g_free);
  return c;
}

static char *
revision_from_file_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *us = strchr (base, '_');
  gsize len;

  if (!g_str_has_suffix (base, ".py"))
    return NULL;
  /* Default file_template "%%(rev)s_%%(slug)s"; the runner confirms the
   * id from the file's own `revision = ...`. */
  len = us ? (gsize) (us - base) : strlen (base) - 3;
  if (!is_revision_id (base, len))
    return NULL;
  return g_strndup (base, len);
}

BerthMigrationMigrateResult *
berth_migration_parse_migrate (const char *text)
{
  g_auto(GStrv) lines = split_lines (text);
  BerthMigrationMigrateResult *r = berth_migration_migrate_result_new ();

  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *level = NULL;
      g_autofree char *logger = NULL;
      g_autofree char *message = NULL;
      const char *line = lines[i];

      if (berth_migration_parse_log_line (line, &level, &logger, &message))
        {
          /* Only autogenerate's comparisons are schema changes: the
           * PostgreSQL dialect also logs "Detected sequence named ..." */
          if (g_str_has_prefix (logger, "alembic.autogenerate"))
            {
              BerthMigrationChange *c = berth_migration_parse_change (message);

              if (c != NULL)
                g_ptr_array_add (r->changes, c);
            }
          if (strstr (message, "No changes in schema detected") != NULL)
            r->no_changes = TRUE;
          continue;
        }

      line += strspn (line, " ");
      if (g_str_has_prefix (line, "Generating "))
        {
          const char *p = line + strlen ("Generating ");
          const char *dots = strstr (p, " ...");
          g_autofree char *path = NULL;

          if (dots == NULL)
            continue;
          if (strstr (dots, "FAILED") != NULL)
            continue;
          path = g_strndup (p, dots - p);
          if (!g_str_has_suffix (path, ".py"))
            continue;
          g_free (r->generated_path);
          r->generated_path = g_steal_pointer (&path);
          g_free (r->revision);
          r->revision = revision_from_file_name (r->generated_path);
        }
    }
  if (r->generated_path != NULL)
    r->no_changes = FALSE;
  return r;
}

gboolean
berth_migration_parse_step (const char  *line,
                            char       **kind,
                            char       **from,
                            char       **to,
                            char       **message)
{
  g_autofree char *msg = NULL;
  const char *p;
  const char *arrow;
  const char *space;
  const char *end;
  const char *comma;

  if (berth_migration_parse_log_line (line, NULL, NULL, &msg))
    p = msg;
  else
    p = line;
  if (!g_str_has_prefix (p, "Running "))
    return FALSE;
  p += strlen ("Running ");
  space = strchr (p, ' ');
  if (space == NULL)
    return FALSE;
  arrow = strstr (space, "->");
  if (arrow == NULL)
    return FALSE;
  {
    g_autofree char *k = g_strndup (p, space - p);
    g_autofree char *f = g_strstrip (g_strndup (space, arrow - space));
    const char *t = arrow + 2;

    t += strspn (t, " ");
    comma = strstr (t, ", ");
    end = comma ? comma : t + strlen (t);
    if (kind)
      *kind = g_steal_pointer (&k);
    if (from)
      *from = g_steal_pointer (&f);
    if (to)
      *to = g_strstrip (g_strndup (t, end - t));
    if (message)
      *message = comma ? g_strdup (comma + 2) : NULL;
  }
  return TRUE;
}

gboolean
berth_migration_parse_check_clean (const char *text)
{
  return text != NULL && strstr (text, "No new upgrade operations detected") != NULL;
}

GError *
berth_migration_parse_error (const char  *text,
                             char       **revision)
{
  g_auto(GStrv) lines = split_lines (text);
  g_autofree char *found = NULL;
  g_autofree char *traceback_last = NULL;
  gboolean in_traceback = FALSE;
  const char *m;

  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *level = NULL;
      g_autofree char *logger = NULL;
      g_autofree char *message = NULL;
      const char *line = lines[i];

      if (berth_migration_parse_log_line (line, &level, &logger, &message))
        {
          if (g_str_equal (level, "ERROR") || g_str_equal (level, "CRITI"))
            {
              const char *msg = message;

              if (g_str_has_prefix (msg, "Error: "))
                msg += strlen ("Error: ");
              if (found == NULL)
                found = g_strdup (msg);
            }
          continue;
        }
      if (g_str_has_prefix (line, "Traceback (most recent call last)"))
        {
          in_traceback = TRUE;
          continue;
        }
      if (in_traceback && *line != ' ' && *line != '\0')
        {
          /* "pkg.module.SomeError: message" ends a traceback. */
          const char *colon = strstr (line, ": ");

          g_free (traceback_last);
          traceback_last = g_strdup (colon && colon[2] ? colon + 2 : line);
          in_traceback = FALSE;
          continue;
        }
      if (g_str_has_prefix (line, "Error: ") && found == NULL)
        found = g_strdup (line + strlen ("Error: "));
      else if (g_str_has_prefix (line, "  FAILED: ") && found == NULL)
        found = g_strdup (line + strlen ("  FAILED: "));
    }

  if (found == NULL)
    found = g_steal_pointer (&traceback_last);
  if (found == NULL)
    return NULL;
  g_strstrip (found);
  m = found;

  if (strstr (m, "Can't locate revision identified by") != NULL)
    {
      g_autofree char *rev = quoted (strstr (m, "identified by"), FALSE);
      GError *e = g_error_new (BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_UNKNOWN_REVISION,
                               _("Alembic cannot find revision “%s”: no migration file defines it. "
                                 "If the database is at that revision, restore its file into "
                                 "migrations/versions/ or stamp the database at a known revision."),
                               rev ? rev : "?");
      if (revision)
        *revision = g_steal_pointer (&rev);
      return e;
    }
  if (strstr (m, "Multiple head revisions are present") != NULL ||
      strstr (m, "multiple heads") != NULL)
    return g_error_new (BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_MULTIPLE_HEADS,
                        _("The migrations have several heads. Merge them first "
                          "(berth-cli db merge -m MESSAGE heads), then upgrade."));
  if (strstr (m, "Target database is not up to date") != NULL)
    return g_error_new (BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NOT_UP_TO_DATE,
                        _("The database is not up to date: upgrade it before generating "
                          "a new migration."));
  if (strstr (m, "Could not locate a Flask application") != NULL)
    return g_error_new (BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_FLASK_APP,
                        _("Flask could not find the application: FLASK_APP is not set in the "
                          "container (it is usually exported by start.sh or set in the compose "
                          "file's environment)."));
  if (strstr (m, "No such command 'db'") != NULL || strstr (m, "No such command \"db\"") != NULL)
    return g_error_new (BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_COMMAND_FAILED,
                        _("The Flask application has no “db” command: is Flask-Migrate "
                          "installed and initialised (Migrate(app, db))?"));

  return g_error_new (BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_COMMAND_FAILED, "%s", m);
}
