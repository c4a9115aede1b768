/* berth-migration-revision.c: a tolerant reader of Alembic revision files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-migration-revision.h"

G_DEFINE_QUARK (berth-migration-error-quark, berth_migration_error)

G_DEFINE_BOXED_TYPE (BerthMigrationRevision, berth_migration_revision,
                     berth_migration_revision_ref, berth_migration_revision_unref)

BerthMigrationRevision *
berth_migration_revision_ref (BerthMigrationRevision *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
berth_migration_revision_unref (BerthMigrationRevision *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->revision);
  g_strfreev (self->down_revisions);
  g_strfreev (self->branch_labels);
  g_strfreev (self->depends_on);
  g_free (self->message);
  g_free (self->doc);
  g_free (self->create_date);
  g_free (self->path);
  g_free (self);
}

/* ---- tokenizer ---------------------------------------------------------- */

typedef enum
{
  TOK_NAME,
  TOK_STRING,
  TOK_NUMBER,
  TOK_OP,
  TOK_NEWLINE,
} TokKind;

typedef struct
{
  TokKind   kind;
  char     *text;        /* name, decoded string, number or operator */
  int       line;
  int       column;
  int       indent;      /* indentation of the logical line it starts */
  gboolean  line_start;  /* first token of a logical line */
} Token;

static void
token_clear (gpointer data)
{
  Token *tok = data;
  g_free (tok->text);
}

typedef struct
{
  const char *p;
  const char *end;
  int         line;
  const char *line_begin;
  int         depth;
  gboolean    at_line_start;
  int         indent;
  GArray     *tokens;
  const char *path;
} Lexer;

static gboolean
is_name_start (guchar c)
{
  return g_ascii_isalpha (c) || c == '_' || c >= 0x80;
}

static gboolean
is_name_char (guchar c)
{
  return is_name_start (c) || g_ascii_isdigit (c);
}

static void
lexer_newline (Lexer *lx)
{
  lx->line++;
  lx->line_begin = lx->p;
}

static void
emit (Lexer *lx, TokKind kind, char *text, int line, int column)
{
  Token tok = { kind, text, line, column, lx->indent, FALSE };

  if (lx->at_line_start && kind != TOK_NEWLINE)
    {
      tok.line_start = TRUE;
      lx->at_line_start = FALSE;
    }
  g_array_append_val (lx->tokens, tok);
}

static void
append_utf8 (GString *s, gunichar c)
{
  if (g_unichar_validate (c))
    g_string_append_unichar (s, c);
  else
    g_string_append_c (s, '?');
}

static gboolean
lex_string (Lexer *lx, gboolean raw, GError **error)
{
  char quote = *lx->p;
  gboolean triple = FALSE;
  int start_line = lx->line;
  int start_col = (int) (lx->p - lx->line_begin) + 1;
  g_autoptr(GString) s = g_string_new (NULL);

  if (lx->end - lx->p >= 3 && lx->p[1] == quote && lx->p[2] == quote)
    {
      triple = TRUE;
      lx->p += 3;
    }
  else
    lx->p += 1;

  for (;;)
    {
      char c;

      if (lx->p >= lx->end)
        {
          g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_PARSE,
                       _("%s:%d:%d: unterminated string"),
                       lx->path, start_line, start_col);
          return FALSE;
        }
      c = *lx->p;

      if (c == quote)
        {
          if (!triple)
            {
              lx->p++;
              break;
            }
          if (lx->end - lx->p >= 3 && lx->p[1] == quote && lx->p[2] == quote)
            {
              lx->p += 3;
              break;
            }
          g_string_append_c (s, c);
          lx->p++;
          continue;
        }

      if (c == '\n')
        {
          if (!triple)
            {
              g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_PARSE,
                           _("%s:%d:%d: unterminated string"),
                           lx->path, start_line, start_col);
              return FALSE;
            }
          g_string_append_c (s, '\n');
          lx->p++;
          lexer_newline (lx);
          continue;
        }

      if (c == '\\' && lx->p + 1 < lx->end)
        {
          char n = lx->p[1];

          if (n == '\n')
            {
              /* A backslash-newline continues the string in both modes;
               * raw strings keep the two characters. */
              if (raw)
                g_string_append (s, "\\\n");
              lx->p += 2;
              lexer_newline (lx);
              continue;
            }
          if (raw)
            {
              /* \" does not end a raw string, but both characters stay. */
              g_string_append_c (s, '\\');
              g_string_append_c (s, n);
              lx->p += 2;
              continue;
            }
          lx->p += 2;
          switch (n)
            {
            case 'n': g_string_append_c (s, '\n'); break;
            case 't': g_string_append_c (s, '\t'); break;
            case 'r': g_string_append_c (s, '\r'); break;
            case 'a': g_string_append_c (s, '\a'); break;
            case 'b': g_string_append_c (s, '\b'); break;
            case 'f': g_string_append_c (s, '\f'); break;
            case 'v': g_string_append_c (s, '\v'); break;
            case '\\': case '\'': case '"':
              g_string_append_c (s, n);
              break;
            case 'x':
            case 'u':
            case 'U':
              {
                int digits = n == 'x' ? 2 : n == 'u' ? 4 : 8;
                gunichar value = 0;
                int i;

                for (i = 0; i < digits && lx->p < lx->end && g_ascii_isxdigit (*lx->p); i++)
                  value = value * 16 + g_ascii_xdigit_value (*lx->p++);
                if (i == digits)
                  append_utf8 (s, value);
                else
                  {
                    g_string_append_c (s, '\\');
                    g_string_append_c (s, n);
                  }
              }
              break;
            case '0': case '1': case '2': case '3':
            case '4': case '5': case '6': case '7':
              {
                gunichar value = n - '0';

                for (int i = 0; i < 2 && lx->p < lx->end && *lx->p >= '0' && *lx->p <= '7'; i++)
                  value = value * 8 + (*lx->p++ - '0');
                append_utf8 (s, value);
              }
              break;
            default:
              /* Python keeps unknown escapes (and \N{...}) as written. */
              g_string_append_c (s, '\\');
              g_string_append_c (s, n);
              break;
            }
          continue;
        }

      g_string_append_c (s, c);
      lx->p++;
    }

  emit (lx, TOK_STRING, g_string_free (g_steal_pointer (&s), FALSE), start_line, start_col);
  return TRUE;
}

static GArray *
tokenize (const char *text, gsize len, const char *path, GError **error)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  Lexer lx = { text, text + len, 1, text, 0, TRUE, 0, NULL, path };

  g_array_set_clear_func (tokens, token_clear);
  lx.tokens = tokens;

  /* A UTF-8 byte order mark is allowed before the first line. */
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    lx.p += 3;
  lx.line_begin = lx.p;

  while (lx.p < lx.end)
    {
      guchar c = *lx.p;
      int col;

      if (lx.at_line_start && lx.depth == 0 && lx.p == lx.line_begin)
        {
          int indent = 0;

          while (lx.p < lx.end && (*lx.p == ' ' || *lx.p == '\t' || *lx.p == '\f'))
            {
              indent += *lx.p == '\t' ? 8 - (indent % 8) : 1;
              lx.p++;
            }
          lx.indent = indent;
          if (lx.p >= lx.end)
            break;
          c = *lx.p;
        }

      if (c == ' ' || c == '\t' || c == '\f' || c == '\r')
        {
          lx.p++;
          continue;
        }
      if (c == '#')
        {
          while (lx.p < lx.end && *lx.p != '\n')
            lx.p++;
          continue;
        }
      if (c == '\\' && lx.p + 1 < lx.end && (lx.p[1] == '\n' || lx.p[1] == '\r'))
        {
          lx.p++;
          if (*lx.p == '\r')
            lx.p++;
          if (lx.p < lx.end && *lx.p == '\n')
            lx.p++;
          lexer_newline (&lx);
          continue;
        }
      if (c == '\n')
        {
          lx.p++;
          if (lx.depth == 0 && !lx.at_line_start)
            emit (&lx, TOK_NEWLINE, NULL, lx.line, (int) (lx.p - lx.line_begin));
          if (lx.depth == 0)
            lx.at_line_start = TRUE;
          lexer_newline (&lx);
          continue;
        }

      col = (int) (lx.p - lx.line_begin) + 1;

      if (c == '"' || c == '\'')
        {
          if (!lex_string (&lx, FALSE, error))
            return NULL;
          continue;
        }

      if (is_name_start (c))
        {
          const char *start = lx.p;
          gsize n;

          while (lx.p < lx.end && is_name_char (*lx.p))
            lx.p++;
          n = lx.p - start;
          if (lx.p < lx.end && (*lx.p == '"' || *lx.p == '\'') && n <= 2)
            {
              g_autofree char *prefix = g_ascii_strdown (start, n);

              if (strspn (prefix, "rbuf") == n)
                {
                  if (!lex_string (&lx, strchr (prefix, 'r') != NULL, error))
                    return NULL;
                  continue;
                }
            }
          emit (&lx, TOK_NAME, g_strndup (start, n), lx.line, col);
          continue;
        }

      if (g_ascii_isdigit (c))
        {
          const char *start = lx.p;

          while (lx.p < lx.end && (g_ascii_isalnum (*lx.p) || *lx.p == '.' || *lx.p == '_'))
            lx.p++;
          emit (&lx, TOK_NUMBER, g_strndup (start, lx.p - start), lx.line, col);
          continue;
        }

      if (c == '(' || c == '[' || c == '{')
        lx.depth++;
      else if ((c == ')' || c == ']' || c == '}') && lx.depth > 0)
        lx.depth--;

      if (lx.p + 1 < lx.end && lx.p[1] == '=' && strchr ("=!<>:+-*/%&|^", c))
        {
          emit (&lx, TOK_OP, g_strndup ((const char *) lx.p, 2), lx.line, col);
          lx.p += 2;
        }
      else
        {
          emit (&lx, TOK_OP, g_strndup ((const char *) lx.p, 1), lx.line, col);
          lx.p++;
        }
    }

  if (!lx.at_line_start)
    emit (&lx, TOK_NEWLINE, NULL, lx.line, (int) (lx.p - lx.line_begin) + 1);

  return g_steal_pointer (&tokens);
}

/* ---- statements --------------------------------------------------------- */

static gboolean
tok_is_op (const Token *tok, const char *op)
{
  return tok->kind == TOK_OP && g_str_equal (tok->text, op);
}

/* Parses the value of `NAME [: annotation] = value` starting at tokens[*i]
 * (the first token after '=').  Sets *is_none for None.  Returns NULL and an
 * error when the value is not a literal Berth understands. */
static char **
parse_value (GArray *tokens, guint *i, const char *path, const char *name,
             gboolean *is_none, GError **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  Token *tok;

  *is_none = FALSE;
  if (*i >= tokens->len)
    goto bad;
  tok = &g_array_index (tokens, Token, *i);

  if (tok->kind == TOK_NAME && g_str_equal (tok->text, "None"))
    {
      *is_none = TRUE;
      (*i)++;
    }
  else if (tok->kind == TOK_STRING)
    {
      GString *s = g_string_new (NULL);

      /* Adjacent literals concatenate, as in Python. */
      while (*i < tokens->len && g_array_index (tokens, Token, *i).kind == TOK_STRING)
        g_string_append (s, g_array_index (tokens, Token, (*i)++).text);
      g_ptr_array_add (items, g_string_free (s, FALSE));
    }
  else if (tok_is_op (tok, "(") || tok_is_op (tok, "[") || tok_is_op (tok, "{"))
    {
      const char *close = tok_is_op (tok, "(") ? ")" : tok_is_op (tok, "[") ? "]" : "}";
      GString *current = NULL;

      (*i)++;
      for (;;)
        {
          if (*i >= tokens->len)
            goto bad;
          tok = &g_array_index (tokens, Token, *i);
          if (tok_is_op (tok, close))
            {
              (*i)++;
              break;
            }
          if (tok->kind == TOK_STRING)
            {
              if (current == NULL)
                current = g_string_new (NULL);
              g_string_append (current, tok->text);
            }
          else if (tok_is_op (tok, ","))
            {
              if (current != NULL)
                g_ptr_array_add (items, g_string_free (current, FALSE));
              current = NULL;
            }
          else if (tok->kind == TOK_NAME && g_str_equal (tok->text, "None"))
            ;
          else if (tok->kind == TOK_NEWLINE)
            ;
          else
            {
              if (current != NULL)
                g_string_free (current, TRUE);
              goto bad;
            }
          (*i)++;
        }
      if (current != NULL)
        g_ptr_array_add (items, g_string_free (current, FALSE));
    }
  else
    goto bad;

  /* Anything but the end of the statement means an expression. */
  if (*i < tokens->len && g_array_index (tokens, Token, *i).kind != TOK_NEWLINE &&
      !tok_is_op (&g_array_index (tokens, Token, *i), ";"))
    goto bad;

  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_steal (items, NULL);

bad:
  {
    const Token *at = *i < tokens->len ? &g_array_index (tokens, Token, *i)
                                       : &g_array_index (tokens, Token, tokens->len - 1);

    g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_PARSE,
                 _("%s:%d:%d: the value of “%s” is not a string, a tuple of strings or None"),
                 path, at->line, at->column, name);
    return NULL;
  }
}

/* ---- docstring ---------------------------------------------------------- */

static char *
first_paragraph (const char *doc)
{
  g_auto(GStrv) lines = g_strsplit (doc, "\n", -1);
  g_autoptr(GString) para = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (lines[i]));

      if (*stripped == '\0')
        {
          if (para->len > 0)
            break;
          continue;
        }
      if (para->len > 0)
        g_string_append_c (para, '\n');
      g_string_append (para, g_strchomp (lines[i]));
    }
  return g_strstrip (g_string_free (g_steal_pointer (&para), FALSE));
}

/* "Create Date: ..." and the other header lines of the template. */
static char *
doc_field (const char *doc, const char *field)
{
  g_auto(GStrv) lines = g_strsplit (doc, "\n", -1);
  gsize flen = strlen (field);

  for (guint i = 0; lines[i]; i++)
    {
      const char *l = lines[i];

      while (*l == ' ' || *l == '\t')
        l++;
      if (g_ascii_strncasecmp (l, field, flen) == 0 && l[flen] == ':')
        {
          char *value = g_strstrip (g_strdup (l + flen + 1));

          if (*value == '\0')
            {
              g_free (value);
              return NULL;
            }
          return value;
        }
    }
  return NULL;
}

static char **
split_revises (const char *value)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (value == NULL)
    return g_strv_builder_end (builder);
  parts = g_strsplit_set (value, ",()'\" ", -1);
  for (guint i = 0; parts[i]; i++)
    if (*parts[i] != '\0' && !g_str_equal (parts[i], "None") && !g_str_equal (parts[i], "<base>"))
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

static char *
normalize_newlines (const char *text, gsize len)
{
  GString *s = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\r')
        {
          g_string_append_c (s, '\n');
          if (i + 1 < len && text[i + 1] == '\n')
            i++;
        }
      else if (text[i] == '\0')
        g_string_append_c (s, ' ');
      else
        g_string_append_c (s, text[i]);
    }
  return g_string_free (s, FALSE);
}

static char **
empty_strv (void)
{
  return g_new0 (char *, 1);
}

BerthMigrationRevision *
berth_migration_revision_parse (const char  *text,
                                gssize       length,
                                const char  *path,
                                GError     **error)
{
  g_autoptr(GArray) tokens = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *revision = NULL;
  g_auto(GStrv) down = NULL;
  g_auto(GStrv) labels = NULL;
  g_auto(GStrv) depends = NULL;
  gboolean have_down = FALSE;
  BerthMigrationRevision *self;
  const char *where = path ? path : "<revision>";
  gsize len;
  guint i = 0;

  g_return_val_if_fail (text != NULL, NULL);

  len = length < 0 ? strlen (text) : (gsize) length;
  normal = normalize_newlines (text, len);
  if (!g_utf8_validate (normal, -1, NULL))
    {
      char *valid = g_utf8_make_valid (normal, -1);
      g_free (normal);
      normal = valid;
    }

  tokens = tokenize (normal, strlen (normal), where, error);
  if (tokens == NULL)
    return NULL;

  /* The module docstring: the first statement, if it is a string. */
  while (i < tokens->len && g_array_index (tokens, Token, i).kind == TOK_NEWLINE)
    i++;
  if (i < tokens->len && g_array_index (tokens, Token, i).kind == TOK_STRING &&
      g_array_index (tokens, Token, i).indent == 0)
    {
      GString *s = g_string_new (NULL);
      guint j = i;

      while (j < tokens->len && g_array_index (tokens, Token, j).kind == TOK_STRING)
        g_string_append (s, g_array_index (tokens, Token, j++).text);
      if (j >= tokens->len || g_array_index (tokens, Token, j).kind == TOK_NEWLINE)
        doc = g_strstrip (g_string_free (s, FALSE));
      else
        g_string_free (s, TRUE);
    }

  for (i = 0; i < tokens->len; i++)
    {
      Token *tok = &g_array_index (tokens, Token, i);
      const char *name;
      gboolean is_none = FALSE;
      char **value;

      if (!tok->line_start || tok->indent != 0 || tok->kind != TOK_NAME)
        continue;
      name = tok->text;
      if (!g_str_equal (name, "revision") && !g_str_equal (name, "down_revision") &&
          !g_str_equal (name, "branch_labels") && !g_str_equal (name, "depends_on"))
        continue;

      i++;
      if (i >= tokens->len)
        break;
      tok = &g_array_index (tokens, Token, i);
      if (tok_is_op (tok, ":"))
        {
          /* Skip the annotation: `Union[str, Sequence[str], None]`. */
          int depth = 0;

          for (i++; i < tokens->len; i++)
            {
              tok = &g_array_index (tokens, Token, i);
              if (tok->kind == TOK_NEWLINE)
                break;
              if (tok_is_op (tok, "[") || tok_is_op (tok, "("))
                depth++;
              else if (tok_is_op (tok, "]") || tok_is_op (tok, ")"))
                depth--;
              else if (depth <= 0 && tok_is_op (tok, "="))
                break;
            }
          if (i >= tokens->len || !tok_is_op (tok, "="))
            continue; /* a bare annotation assigns nothing */
        }
      if (!tok_is_op (tok, "="))
        continue;
      i++;

      value = parse_value (tokens, &i, where, name, &is_none, error);
      if (value == NULL)
        return NULL;

      if (g_str_equal (name, "revision"))
        {
          if (is_none || value[0] == NULL || value[1] != NULL || *value[0] == '\0')
            {
              g_strfreev (value);
              g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_PARSE,
                           _("%s:%d: “revision” must be a single string"),
                           where, g_array_index (tokens, Token, i > 0 ? i - 1 : 0).line);
              return NULL;
            }
          g_free (revision);
          revision = g_strdup (value[0]);
          g_strfreev (value);
        }
      else if (g_str_equal (name, "down_revision"))
        {
          g_strfreev (down);
          down = value;
          have_down = TRUE;
        }
      else if (g_str_equal (name, "branch_labels"))
        {
          g_strfreev (labels);
          labels = value;
        }
      else
        {
          g_strfreev (depends);
          depends = value;
        }
    }

  if (revision == NULL && doc != NULL)
    revision = doc_field (doc, "Revision ID");
  if (revision == NULL)
    {
      g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_PARSE,
                   _("%s: no revision identifier (a line like “revision = '1a2b3c4d5e6f'”)"),
                   where);
      return NULL;
    }
  if (!have_down && doc != NULL)
    {
      g_autofree char *revises = doc_field (doc, "Revises");
      down = split_revises (revises);
    }

  self = g_new0 (BerthMigrationRevision, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->revision = g_steal_pointer (&revision);
  self->down_revisions = down ? g_steal_pointer (&down) : empty_strv ();
  self->branch_labels = labels ? g_steal_pointer (&labels) : empty_strv ();
  self->depends_on = depends ? g_steal_pointer (&depends) : empty_strv ();
  self->doc = doc ? g_strdup (doc) : g_strdup ("");
  self->message = first_paragraph (self->doc);
  /* A docstring that starts with the template's header has no message. */
  if (g_str_has_prefix (self->message, "Revision ID:"))
    {
      g_free (self->message);
      self->message = g_strdup ("");
    }
  self->create_date = doc ? doc_field (doc, "Create Date") : NULL;
  self->path = g_strdup (path);

  return self;
}

BerthMigrationRevision *
berth_migration_revision_load (const char  *path,
                               GError     **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_PARSE,
                   "%s", local_error->message);
      return NULL;
    }
  return berth_migration_revision_parse (contents, len, path, error);
}

static gboolean
is_revision_file_name (const char *name)
{
  /* Alembic: ^(?!\.\#|__init__)(.*\.py)$ */
  return g_str_has_suffix (name, ".py") &&
         !g_str_has_prefix (name, ".#") &&
         !g_str_has_prefix (name, "__init__");
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

GPtrArray *
berth_migration_revision_load_dir (const char  *versions_dir,
                                   GPtrArray  **problems,
                                   GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (versions_dir != NULL, NULL);

  dir = g_dir_open (versions_dir, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_MIGRATIONS,
                   _("Cannot read the migrations folder: %s"), local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)))
    if (is_revision_file_name (name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_migration_revision_unref);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (versions_dir, names->pdata[i], NULL);
      g_autoptr(GError) file_error = NULL;
      BerthMigrationRevision *rev;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      rev = berth_migration_revision_load (path, &file_error);
      if (rev != NULL)
        g_ptr_array_add (result, rev);
      else if (problems != NULL)
        {
          if (*problems == NULL)
            *problems = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (*problems, g_strdup (file_error->message));
        }
    }

  return g_steal_pointer (&result);
}
