/* berth-build-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "berth-build-context.h"
#include "berth-dockerignore.h"
#include "berth-engine.h"

typedef struct
{
  struct archive    *archive;
  BerthDockerignore *ignore;
  GCancellable      *cancellable;
} Walk;

static la_ssize_t
write_cb (struct archive *a,
          void           *user_data,
          const void     *buffer,
          size_t          length)
{
  g_byte_array_append (user_data, buffer, length);
  return length;
}

static gboolean
archive_failed (Walk        *walk,
                const char  *path,
                GError     **error)
{
  g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
               _("Cannot add %s to the build context: %s"), path, archive_error_string (walk->archive));
  return FALSE;
}

static gboolean
add_entry (Walk         *walk,
           const char   *abs_path,
           const char   *rel_path,
           struct stat  *st,
           GError      **error)
{
  struct archive_entry *entry = archive_entry_new ();
  gboolean ok = TRUE;

  archive_entry_copy_stat (entry, st);
  archive_entry_set_pathname (entry, rel_path);
  /* As the docker CLI sends it: owned by root, no host user names. */
  archive_entry_set_uid (entry, 0);
  archive_entry_set_gid (entry, 0);
  archive_entry_set_uname (entry, "");
  archive_entry_set_gname (entry, "");

  if (S_ISLNK (st->st_mode))
    {
      g_autofree char *target = g_file_read_link (abs_path, NULL);

      archive_entry_set_symlink (entry, target ? target : "");
      archive_entry_set_size (entry, 0);
    }
  else if (!S_ISREG (st->st_mode))
    archive_entry_set_size (entry, 0);

  if (archive_write_header (walk->archive, entry) != ARCHIVE_OK)
    ok = archive_failed (walk, abs_path, error);

  if (ok && S_ISREG (st->st_mode))
    {
      int fd = open (abs_path, O_RDONLY | O_CLOEXEC);
      guint8 buf[64 * 1024];
      ssize_t n;

      if (fd < 0)
        {
          int saved = errno;
          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                       _("Cannot read %s for the build context: %s"), abs_path, g_strerror (saved));
          ok = FALSE;
        }
      else
        {
          while ((n = read (fd, buf, sizeof buf)) > 0)
            if (archive_write_data (walk->archive, buf, n) < 0)
              {
                ok = archive_failed (walk, abs_path, error);
                break;
              }
          if (ok && n < 0)
            {
              int saved = errno;
              g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                           _("Cannot read %s for the build context: %s"), abs_path, g_strerror (saved));
              ok = FALSE;
            }
          close (fd);
        }
    }

  archive_entry_free (entry);
  return ok;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
walk_dir (Walk        *walk,
          const char  *abs_dir,
          const char  *rel_dir,
          GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  const char *name;

  dir = g_dir_open (abs_dir, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                   _("Cannot read the build context: %s"), local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* A stable order makes the same context give the same tarball. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *entry_name = g_ptr_array_index (names, i);
      g_autofree char *abs_path = g_build_filename (abs_dir, entry_name, NULL);
      g_autofree char *rel_path = rel_dir ? g_strconcat (rel_dir, "/", entry_name, NULL) : g_strdup (entry_name);
      struct stat st;
      gboolean excluded;

      if (g_cancellable_is_cancelled (walk->cancellable))
        {
          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CANCELLED, _("Cancelled"));
          return FALSE;
        }

      if (lstat (abs_path, &st) != 0)
        {
          int saved = errno;
          g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                       _("Cannot read %s for the build context: %s"), abs_path, g_strerror (saved));
          return FALSE;
        }

      excluded = berth_dockerignore_matches (walk->ignore, rel_path);

      if (S_ISDIR (st.st_mode))
        {
          if (excluded && !berth_dockerignore_may_include_below (walk->ignore, rel_path))
            continue;
          if (!excluded && !add_entry (walk, abs_path, rel_path, &st, error))
            return FALSE;
          if (!walk_dir (walk, abs_path, rel_path, error))
            return FALSE;
          continue;
        }

      if (excluded)
        continue;
      if (!S_ISREG (st.st_mode) && !S_ISLNK (st.st_mode))
        continue;   /* sockets, fifos, devices */
      if (!add_entry (walk, abs_path, rel_path, &st, error))
        return FALSE;
    }
  return TRUE;
}

/* Writes the filtered context into archive a (opened by the caller). */
static gboolean
write_context (const char      *context_dir,
               const char      *dockerfile,
               struct archive  *a,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autoptr(BerthDockerignore) ignore = NULL;
  g_autofree char *dockerfile_rel = NULL;
  g_autofree char *dockerfile_abs = NULL;
  Walk walk = { 0 };
  gboolean ok;

  if (!g_file_test (context_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                   _("The build context %s is not a directory"), context_dir);
      return FALSE;
    }

  dockerfile_rel = berth_dockerignore_clean_path (dockerfile ? dockerfile : "Dockerfile");
  dockerfile_abs = g_build_filename (context_dir, dockerfile_rel, NULL);
  if (!g_file_test (dockerfile_abs, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                   _("Cannot find the Dockerfile %s in the build context %s"), dockerfile_rel, context_dir);
      return FALSE;
    }

  ignore = berth_dockerignore_load (context_dir, error);
  if (ignore == NULL)
    return FALSE;
  /* The CLI always sends these two, re-including them if excluded. */
  if (berth_dockerignore_matches (ignore, ".dockerignore"))
    berth_dockerignore_add_pattern (ignore, "!.dockerignore", NULL);
  if (berth_dockerignore_matches (ignore, dockerfile_rel))
    {
      g_autofree char *keep = g_strconcat ("!", dockerfile_rel, NULL);
      berth_dockerignore_add_pattern (ignore, keep, NULL);
    }

  walk.ignore = ignore;
  walk.cancellable = cancellable;
  walk.archive = a;

  ok = walk_dir (&walk, context_dir, NULL, error);
  if (archive_write_close (a) != ARCHIVE_OK && ok)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                   _("Cannot write the build context: %s"), archive_error_string (a));
      ok = FALSE;
    }
  return ok;
}

static struct archive *
new_tar_writer (void)
{
  struct archive *a = archive_write_new ();

  archive_write_set_format_pax_restricted (a);
  archive_write_set_bytes_in_last_block (a, 1);
  return a;
}

GBytes *
berth_build_context_create (const char    *context_dir,
                            const char    *dockerfile,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  struct archive *a = new_tar_writer ();
  gboolean ok;

  if (archive_write_open2 (a, buffer, NULL, write_cb, NULL, NULL) != ARCHIVE_OK)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                   _("Cannot write the build context: %s"), archive_error_string (a));
      archive_write_free (a);
      return NULL;
    }
  ok = write_context (context_dir, dockerfile, a, cancellable, error);
  archive_write_free (a);
  if (!ok)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

int
berth_build_context_create_fd (const char    *context_dir,
                               const char    *dockerfile,
                               goffset       *size,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  struct archive *a;
  struct stat st;
  gboolean ok;
  int fd;

  fd = g_file_open_tmp ("berth-context-XXXXXX.tar", &path, &local_error);
  if (fd < 0)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                   _("Cannot write the build context: %s"), local_error->message);
      return -1;
    }
  /* Unlinked at once: nothing is left behind, whatever happens. */
  g_unlink (path);

  a = new_tar_writer ();
  if (archive_write_open_fd (a, fd) != ARCHIVE_OK)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                   _("Cannot write the build context: %s"), archive_error_string (a));
      archive_write_free (a);
      close (fd);
      return -1;
    }
  ok = write_context (context_dir, dockerfile, a, cancellable, error);
  archive_write_free (a);
  if (ok && (fstat (fd, &st) != 0 || lseek (fd, 0, SEEK_SET) != 0))
    {
      int saved = errno;
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_FAILED,
                   _("Cannot write the build context: %s"), g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    {
      close (fd);
      return -1;
    }
  *size = st.st_size;
  return fd;
}
