/* berth-migration-locate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "berth-migration-locate.h"

static gboolean
is_migrations_folder (const char *dir)
{
  g_autofree char *env = g_build_filename (dir, "env.py", NULL);
  g_autofree char *ini = g_build_filename (dir, "alembic.ini", NULL);

  return g_file_test (dir, G_FILE_TEST_IS_DIR) &&
         (g_file_test (env, G_FILE_TEST_IS_REGULAR) || g_file_test (ini, G_FILE_TEST_IS_REGULAR));
}

static char *
service_migrations (BerthComposeService *service)
{
  const BerthComposeBuild *build = berth_compose_service_get_build (service);
  g_autofree char *dir = NULL;

  if (build == NULL || build->context == NULL || !g_path_is_absolute (build->context))
    return NULL;
  dir = g_build_filename (build->context, "migrations", NULL);
  if (!is_migrations_folder (dir))
    return NULL;
  return g_steal_pointer (&dir);
}

BerthComposeService *
berth_migration_find_service (BerthComposeProject  *project,
                              const char           *requested,
                              GError              **error)
{
  BerthComposeService *service;
  GPtrArray *services;

  g_return_val_if_fail (BERTH_IS_COMPOSE_PROJECT (project), NULL);

  if (requested != NULL)
    {
      service = berth_compose_project_get_service (project, requested);
      if (service == NULL)
        g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_SERVICE,
                     _("The compose project has no service “%s”."), requested);
      return service;
    }

  service = berth_compose_project_get_service (project, "api");
  if (service != NULL)
    return service;

  services = berth_compose_project_get_services (project);
  for (guint i = 0; i < services->len; i++)
    {
      g_autofree char *dir = service_migrations (services->pdata[i]);

      if (dir != NULL)
        return services->pdata[i];
    }

  g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_SERVICE,
               _("No migration service: there is no “api” service and no service's build "
                 "context contains migrations/env.py or migrations/alembic.ini. Choose one "
                 "with --service."));
  return NULL;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

char *
berth_migration_find_folder (const char           *project_dir,
                             BerthComposeProject  *project,
                             BerthComposeService  *service,
                             GError              **error)
{
  g_autofree char *base = NULL;
  g_autofree char *direct = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) subdirs = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (service != NULL)
    {
      char *found = service_migrations (service);

      if (found != NULL)
        return found;
    }
  if (project != NULL)
    {
      GPtrArray *services = berth_compose_project_get_services (project);

      for (guint i = 0; i < services->len; i++)
        {
          char *found = service_migrations (services->pdata[i]);

          if (found != NULL)
            return found;
        }
      if (project_dir == NULL)
        project_dir = berth_compose_project_get_working_dir (project);
    }

  base = project_dir ? g_canonicalize_filename (project_dir, NULL) : g_get_current_dir ();
  direct = g_build_filename (base, "migrations", NULL);
  if (is_migrations_folder (direct))
    return g_steal_pointer (&direct);

  dir = g_dir_open (base, 0, NULL);
  if (dir != NULL)
    while ((name = g_dir_read_name (dir)))
      if (name[0] != '.')
        g_ptr_array_add (subdirs, g_build_filename (base, name, "migrations", NULL));
  g_ptr_array_sort (subdirs, compare_strings);
  for (guint i = 0; i < subdirs->len; i++)
    if (is_migrations_folder (subdirs->pdata[i]))
      return g_strdup (subdirs->pdata[i]);

  g_set_error (error, BERTH_MIGRATION_ERROR, BERTH_MIGRATION_ERROR_NO_MIGRATIONS,
               _("No migrations folder found in %s: looked for migrations/ with env.py or "
                 "alembic.ini in the migration service's build context, the project folder "
                 "and its sub-folders."), base);
  return NULL;
}
