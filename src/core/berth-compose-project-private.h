/* berth-compose-project-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "berth-compose-loader-private.h"

G_BEGIN_DECLS

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BerthComposeFileModel, berth_compose_file_model_clear)

/* Loads one compose file whose content is given (data need not be
 * NUL-terminated); file names it in messages and anchors relative paths. */
BerthComposeProject *berth_compose_project_load_data (const char  *file,
                                                      const char  *data,
                                                      gsize        length,
                                                      const char  *project_dir,
                                                      GHashTable  *environment,
                                                      GError     **error);

G_END_DECLS
