/* berth-compose-labels.h: the labels and names Docker Compose uses, so that
 * `docker compose` and Berth see the same containers, networks and volumes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BERTH_COMPOSE_LABEL_PREFIX            "com.docker.compose."
#define BERTH_COMPOSE_LABEL_PROJECT           "com.docker.compose.project"
#define BERTH_COMPOSE_LABEL_SERVICE           "com.docker.compose.service"
#define BERTH_COMPOSE_LABEL_CONTAINER_NUMBER  "com.docker.compose.container-number"
#define BERTH_COMPOSE_LABEL_ONEOFF            "com.docker.compose.oneoff"
#define BERTH_COMPOSE_LABEL_CONFIG_HASH       "com.docker.compose.config-hash"
#define BERTH_COMPOSE_LABEL_WORKING_DIR       "com.docker.compose.project.working_dir"
#define BERTH_COMPOSE_LABEL_CONFIG_FILES      "com.docker.compose.project.config_files"
#define BERTH_COMPOSE_LABEL_ENVIRONMENT_FILE  "com.docker.compose.project.environment_file"
#define BERTH_COMPOSE_LABEL_VERSION           "com.docker.compose.version"
#define BERTH_COMPOSE_LABEL_DEPENDS_ON        "com.docker.compose.depends_on"
#define BERTH_COMPOSE_LABEL_IMAGE             "com.docker.compose.image"
#define BERTH_COMPOSE_LABEL_NETWORK           "com.docker.compose.network"
#define BERTH_COMPOSE_LABEL_VOLUME            "com.docker.compose.volume"
#define BERTH_COMPOSE_LABEL_REPLACE           "com.docker.compose.replace"
/* Berth's own mark on what it created, next to Compose's labels. */
#define BERTH_COMPOSE_LABEL_BERTH             "org.berth.created-by"

/* The Compose version Berth claims in com.docker.compose.version: the
 * reference CLIs read it only for display and migration heuristics. */
#define BERTH_COMPOSE_VERSION                 "2.20.2"

/* "<project>-<service>-<number>", or container_name when the service sets
 * one (container_name may be NULL or empty). */
char     *berth_compose_container_name    (const char *project,
                                           const char *service,
                                           guint       number,
                                           const char *container_name);
/* Networks and volumes: the explicit `name:` when given, else
 * "<project>_<key>". */
char     *berth_compose_resource_name     (const char *project,
                                           const char *key,
                                           const char *explicit_name);
/* Image of a service that builds without `image:`: "<project>-<service>". */
char     *berth_compose_default_image     (const char *project,
                                           const char *service);
/* "project=<p>" style label filter value. */
char     *berth_compose_label_filter      (const char *label,
                                           const char *value);

G_END_DECLS
