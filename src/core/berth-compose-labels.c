/* berth-compose-labels.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "berth-compose-labels.h"

char *
berth_compose_container_name (const char *project,
                              const char *service,
                              guint       number,
                              const char *container_name)
{
  if (container_name != NULL && *container_name != '\0')
    return g_strdup (container_name);
  return g_strdup_printf ("%s-%s-%u", project, service, number ? number : 1);
}

char *
berth_compose_resource_name (const char *project,
                             const char *key,
                             const char *explicit_name)
{
  if (explicit_name != NULL && *explicit_name != '\0')
    return g_strdup (explicit_name);
  return g_strdup_printf ("%s_%s", project, key);
}

char *
berth_compose_default_image (const char *project,
                             const char *service)
{
  return g_strdup_printf ("%s-%s", project, service);
}

char *
berth_compose_label_filter (const char *label,
                            const char *value)
{
  return g_strdup_printf ("%s=%s", label, value);
}
