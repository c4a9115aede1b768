/* berth-dockerignore.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-dockerignore.h"
#include "berth-engine.h"

typedef enum { MATCH_EXACT, MATCH_PREFIX, MATCH_SUFFIX, MATCH_REGEX } MatchType;

typedef struct
{
  char      *cleaned;     /* without the "!" */
  gboolean   exclusion;   /* a "!" pattern */
  MatchType  type;
  GRegex    *regex;
} Pattern;

struct _BerthDockerignore
{
  GPtrArray *patterns;
  gboolean   exceptions;
};

static void
pattern_free (gpointer data)
{
  Pattern *p = data;

  g_free (p->cleaned);
  g_clear_pointer (&p->regex, g_regex_unref);
  g_free (p);
}

BerthDockerignore *
berth_dockerignore_new (void)
{
  BerthDockerignore *self = g_new0 (BerthDockerignore, 1);

  self->patterns = g_ptr_array_new_with_free_func (pattern_free);
  return self;
}

void
berth_dockerignore_free (BerthDockerignore *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->patterns);
  g_free (self);
}

char *
berth_dockerignore_clean_path (const char *path)
{
  gboolean rooted = path[0] == '/';
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  GString *result;

  for (guint i = 0; parts[i]; i++)
    {
      const char *part = parts[i];

      if (*part == '\0' || g_str_equal (part, "."))
        continue;
      if (g_str_equal (part, ".."))
        {
          if (out->len > 0 && !g_str_equal (g_ptr_array_index (out, out->len - 1), ".."))
            g_ptr_array_remove_index (out, out->len - 1);
          else if (!rooted)
            g_ptr_array_add (out, (char *) part);
          continue;
        }
      g_ptr_array_add (out, (char *) part);
    }

  result = g_string_new (rooted ? "/" : "");
  for (guint i = 0; i < out->len; i++)
    {
      if (i > 0)
        g_string_append_c (result, '/');
      g_string_append (result, g_ptr_array_index (out, i));
    }
  if (result->len == 0)
    g_string_append_c (result, '.');
  return g_string_free (result, FALSE);
}

/* patternmatcher's compile(): the pattern as a regular expression, or one
 * of the cheaper exact/prefix/suffix forms. */
static gboolean
compile (Pattern  *p,
         GError  **error)
{
  g_autoptr(GString) re = g_string_new ("^");
  MatchType type = MATCH_EXACT;
  const char *s = p->cleaned;

  for (guint i = 0; *s != '\0'; i++)
    {
      gunichar ch = g_utf8_get_char (s);
      const char *next = g_utf8_next_char (s);

      if (ch == '*')
        {
          if (*next == '*')
            {
              next++;
              /* a "**" followed by a slash is a plain "**" */
              if (*next == '/')
                next++;
              if (*next == '\0')
                {
                  if (type == MATCH_EXACT)
                    type = MATCH_PREFIX;
                  else
                    {
                      g_string_append (re, ".*");
                      type = MATCH_REGEX;
                    }
                }
              else
                {
                  g_string_append (re, "(.*/)?");
                  type = MATCH_REGEX;
                }
              if (i == 0)
                type = MATCH_SUFFIX;
            }
          else
            {
              g_string_append (re, "[^/]*");
              type = MATCH_REGEX;
            }
        }
      else if (ch == '?')
        {
          g_string_append (re, "[^/]");
          type = MATCH_REGEX;
        }
      else if (ch < 0x80 && strchr (".+()|{}$", (char) ch) != NULL)
        {
          g_string_append_c (re, '\\');
          g_string_append_c (re, (char) ch);
        }
      else if (ch == '\\')
        {
          if (*next != '\0')
            {
              const char *after = g_utf8_next_char (next);

              g_string_append_c (re, '\\');
              g_string_append_len (re, next, after - next);
              next = after;
              type = MATCH_REGEX;
            }
          else
            g_string_append (re, "\\\\");
        }
      else if (ch == '[' || ch == ']')
        {
          g_string_append_c (re, (char) ch);
          type = MATCH_REGEX;
        }
      else
        g_string_append_len (re, s, next - s);

      s = next;
    }

  p->type = type;
  if (type == MATCH_REGEX)
    {
      g_string_append_c (re, '$');
      p->regex = g_regex_new (re->str, G_REGEX_DOLLAR_ENDONLY, 0, NULL);
      if (p->regex == NULL)
        {
          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                       _("syntax error in pattern “%s”"), p->cleaned);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
pattern_match (Pattern    *p,
               const char *path)
{
  switch (p->type)
    {
    case MATCH_EXACT:
      return g_str_equal (path, p->cleaned);
    case MATCH_PREFIX:
      /* "foo**": strip the trailing "**" */
      return strncmp (path, p->cleaned, strlen (p->cleaned) - 2) == 0;
    case MATCH_SUFFIX:
      {
        const char *suffix = p->cleaned + 2;

        if (g_str_has_suffix (path, suffix))
          return TRUE;
        /* a leading "**" and slash also match at the top: "foo" */
        return suffix[0] == '/' && g_str_equal (path, suffix + 1);
      }
    case MATCH_REGEX:
    default:
      return g_regex_match (p->regex, path, 0, NULL);
    }
}

gboolean
berth_dockerignore_add_pattern (BerthDockerignore  *self,
                                const char         *pattern,
                                GError            **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (pattern));
  g_autofree char *cleaned = NULL;
  Pattern *p;

  if (*trimmed == '\0')
    return TRUE;
  cleaned = berth_dockerignore_clean_path (trimmed);

  p = g_new0 (Pattern, 1);
  if (cleaned[0] == '!')
    {
      if (cleaned[1] == '\0')
        {
          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                       _("illegal exclusion pattern: “!”"));
          pattern_free (p);
          return FALSE;
        }
      p->exclusion = TRUE;
      p->cleaned = g_strdup (cleaned + 1);
      self->exceptions = TRUE;
    }
  else
    p->cleaned = g_strdup (cleaned);

  if (!compile (p, error))
    {
      pattern_free (p);
      return FALSE;
    }
  g_ptr_array_add (self->patterns, p);
  return TRUE;
}

gboolean
berth_dockerignore_parse (BerthDockerignore  *self,
                          const char         *text,
                          const char         *filename,
                          GError            **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      char *line = lines[i];
      g_autofree char *pattern = NULL;
      g_autoptr(GError) local_error = NULL;
      gboolean invert;

      /* A UTF-8 byte order mark on the first line. */
      if (i == 0 && g_str_has_prefix (line, "\xef\xbb\xbf"))
        line += 3;
      if (line[0] == '#')
        continue;
      g_strstrip (line);
      if (*line == '\0')
        continue;

      invert = line[0] == '!';
      if (invert)
        {
          line++;
          g_strstrip (line);
        }
      if (*line != '\0')
        {
          g_autofree char *cleaned = berth_dockerignore_clean_path (line);
          const char *p = cleaned;

          if (strlen (p) > 1 && p[0] == '/')
            p++;
          pattern = g_strconcat (invert ? "!" : "", p, NULL);
        }
      else
        pattern = g_strdup (invert ? "!" : "");

      if (!berth_dockerignore_add_pattern (self, pattern, &local_error))
        {
          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                       "%s:%u: %s", filename ? filename : ".dockerignore", i + 1, local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

BerthDockerignore *
berth_dockerignore_load (const char  *context_dir,
                         GError     **error)
{
  g_autoptr(BerthDockerignore) self = berth_dockerignore_new ();
  g_autofree char *path = g_build_filename (context_dir, ".dockerignore", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, &text, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&self);
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                   _("Cannot read %s: %s"), path, local_error->message);
      return NULL;
    }
  if (!berth_dockerignore_parse (self, text, path, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* MatchesOrParentMatches */
gboolean
berth_dockerignore_matches (BerthDockerignore *self,
                            const char        *path)
{
  g_autofree char *file = berth_dockerignore_clean_path (path);
  g_autofree char *parent = NULL;
  g_auto(GStrv) parent_dirs = NULL;
  gboolean matched = FALSE;
  const char *slash;

  if (g_str_equal (file, "."))
    return FALSE;

  slash = strrchr (file, '/');
  parent = slash ? g_strndup (file, slash - file) : g_strdup (".");
  parent_dirs = g_strsplit (parent, "/", -1);

  for (guint i = 0; i < self->patterns->len; i++)
    {
      Pattern *p = g_ptr_array_index (self->patterns, i);
      gboolean match;

      if (p->exclusion != matched)
        continue;

      match = pattern_match (p, file);
      if (!match && !g_str_equal (parent, "."))
        {
          g_autoptr(GString) prefix = g_string_new (NULL);

          for (guint d = 0; parent_dirs[d]; d++)
            {
              if (d > 0)
                g_string_append_c (prefix, '/');
              g_string_append (prefix, parent_dirs[d]);
              if ((match = pattern_match (p, prefix->str)))
                break;
            }
        }

      if (match)
        matched = !p->exclusion;
    }
  return matched;
}

gboolean
berth_dockerignore_has_exceptions (BerthDockerignore *self)
{
  return self->exceptions;
}

gboolean
berth_dockerignore_may_include_below (BerthDockerignore *self,
                                      const char        *dir)
{
  g_autofree char *dir_slash = g_strconcat (dir, "/", NULL);

  if (!self->exceptions)
    return FALSE;
  for (guint i = 0; i < self->patterns->len; i++)
    {
      Pattern *p = g_ptr_array_index (self->patterns, i);
      g_autofree char *with_slash = NULL;

      if (!p->exclusion)
        continue;
      with_slash = g_strconcat (p->cleaned, "/", NULL);
      if (g_str_has_prefix (with_slash, dir_slash))
        return TRUE;
    }
  return FALSE;
}
