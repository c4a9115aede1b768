/* berth-migration-runner-generate.c: `flask db migrate` and `flask db
 * merge`, and bringing the revision file they wrote in the container to
 * the host's migrations folder.
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

static gboolean
extract_file (GBytes      *tar,
              const char  *wanted,
              const char  *dest,
              GError     **error)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  gboolean found = FALSE;
  gsize size = 0;
  const void *data = g_bytes_get_data (tar, &size);
  int r;

  archive_read_support_format_tar (a);
  if (archive_read_open_memory (a, data, size) != ARCHIVE_OK)
    {
      g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_COPY_FAILED,
                   _("The engine's archive of %s is not a tar: %s"), wanted, archive_error_string (a));
      archive_read_free (a);
      return FALSE;
    }

  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK)
    {
      g_autofree char *base = g_path_get_basename (archive_entry_pathname (entry));
      g_autoptr(GByteArray) contents = NULL;
      char buf[16384];
      la_ssize_t n;

      if (archive_entry_filetype (entry) != AE_IFREG || !g_str_equal (base, wanted))
        continue;
      contents = g_byte_array_new ();
      while ((n = archive_read_data (a, buf, sizeof buf)) > 0)
        g_byte_array_append (contents, (const guint8 *) buf, n);
      if (n < 0)
        {
          g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_COPY_FAILED,
                       _("Cannot read %s from the engine's archive: %s"), wanted, archive_error_string (a));
          archive_read_free (a);
          return FALSE;
        }
      if (!g_file_set_contents (dest, (const char *) contents->data, contents->len, error))
        {
          archive_read_free (a);
          return FALSE;
        }
      found = TRUE;
      break;
    }
  archive_read_free (a);

  if (!found)
    g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_COPY_FAILED,
                 _("The engine's archive does not contain %s."), wanted);
  return found;
}

/* A revision file generated in the container must exist on the host
 * before anything else happens: copy it out when no bind mount shows it. */
static gboolean
secure_generated_file (BerthMigrationRunner         *self,
                       const char                   *container,
                       BerthMigrationMigrateResult  *result,
                       Sink                          sink,
                       GCancellable                 *cancellable,
                       GError                      **error)
{
  g_autofree char *base = NULL;
  g_autofree char *versions = NULL;
  g_autofree char *host = NULL;
  g_autoptr(BerthMigrationRevision) rev = NULL;
  g_autoptr(GError) parse_error = NULL;

  if (result->generated_path == NULL)
    return TRUE;

  base = g_path_get_basename (result->generated_path);
  versions = g_build_filename (self->migrations_dir, "versions", NULL);
  host = g_build_filename (versions, base, NULL);

  if (!g_file_test (host, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GBytes) tar = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *line = NULL;

      tar = berth_engine_container_archive_get_sync (self->engine, container, result->generated_path,
                                                     cancellable, &local_error);
      if (tar == NULL)
        {
          g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_COPY_FAILED,
                       _("The new revision %s exists only in the container and could not be copied "
                         "to %s: %s. Copy it before rebuilding, or it is lost."),
                       result->generated_path, versions, local_error->message);
          return FALSE;
        }
      if (g_mkdir_with_parents (versions, 0755) != 0 ||
          !extract_file (tar, base, host, &local_error))
        {
          g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_COPY_FAILED,
                       _("The new revision %s exists only in the container and could not be copied "
                         "to %s: %s. Copy it before rebuilding, or it is lost."),
                       result->generated_path, versions,
                       local_error ? local_error->message : g_strerror (errno));
          return FALSE;
        }
      result->copied = TRUE;
      line = g_strdup_printf (_("Copied %s out of the container to %s"), result->generated_path, host);
      if (sink.func)
        sink.func (BERTH_STREAM_STDOUT, line, sink.data);
    }

  result->host_path = g_steal_pointer (&host);
  rev = berth_migration_revision_load (result->host_path, &parse_error);
  if (rev != NULL)
    {
      g_free (result->revision);
      result->revision = g_strdup (rev->revision);
    }
  return TRUE;
}

static BerthMigrationMigrateResult *
generate_internal (BerthMigrationRunner  *self,
                   Sink                   sink,
                   const char * const    *args,
                   GCancellable          *cancellable,
                   GError               **error)
{
  g_autoptr(BerthMigrationMigrateResult) result = NULL;
  g_autofree char *container = NULL;
  Collector c;

  if (!berth_migration_runner_run_checked (self, sink, args, &c, &container, cancellable, error))
    {
      berth_migration_collector_clear (&c);
      return NULL;
    }
  result = berth_migration_parse_migrate (c.combined->str);
  berth_migration_collector_clear (&c);
  if (!secure_generated_file (self, container, result, sink, cancellable, error))
    return NULL;
  return g_steal_pointer (&result);
}

BerthMigrationMigrateResult *
berth_migration_runner_migrate_internal (BerthMigrationRunner *self, Sink sink, const char *message,
                  GCancellable *cancellable, GError **error)
{
  const char *args[] = { "migrate", "-m", message ? message : "", NULL };

  return generate_internal (self, sink, args, cancellable, error);
}

BerthMigrationMigrateResult *
berth_migration_runner_migrate_sync (BerthMigrationRunner  *self,
                                     const char            *message,
                                     GCancellable          *cancellable,
                                     GError               **error)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), NULL);
  return berth_migration_runner_migrate_internal (self, berth_migration_runner_sync_sink (self), message, cancellable, error);
}

BerthMigrationMigrateResult *
berth_migration_runner_merge_internal (BerthMigrationRunner *self, Sink sink, const char *message,
                const char * const *revisions, GCancellable *cancellable, GError **error)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) "merge");
  g_ptr_array_add (args, (char *) "-m");
  g_ptr_array_add (args, (char *) (message ? message : "merge heads"));
  if (revisions == NULL || revisions[0] == NULL)
    g_ptr_array_add (args, (char *) "heads");
  else
    for (guint i = 0; revisions[i]; i++)
      g_ptr_array_add (args, (char *) revisions[i]);
  g_ptr_array_add (args, NULL);
  return generate_internal (self, sink, (const char * const *) args->pdata, cancellable, error);
}

BerthMigrationMigrateResult *
berth_migration_runner_merge_sync (BerthMigrationRunner  *self,
                                   const char            *message,
                                   const char * const    *revisions,
                                   GCancellable          *cancellable,
                                   GError               **error)
{
  g_return_val_if_fail (BERTH_IS_MIGRATION_RUNNER (self), NULL);
  return berth_migration_runner_merge_internal (self, berth_migration_runner_sync_sink (self), message, revisions, cancellable, error);
}

