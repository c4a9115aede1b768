/* berth-checks-list.h: Troubleshoot's findings, with a Fix per problem.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "berth-doctor.h"

G_BEGIN_DECLS

#define BERTH_TYPE_CHECKS_LIST (berth_checks_list_get_type ())
G_DECLARE_FINAL_TYPE (BerthChecksList, berth_checks_list, BERTH, CHECKS_LIST, GtkWidget)

/* checks: BerthDoctorCheck*, in the doctor's order.  Failed and warning
 * checks come first; each with a fix gets a button that activates
 * "win.doctor-fix" with the fix id as target. */
GtkWidget  *berth_checks_list_new         (GPtrArray        *checks);
guint       berth_checks_list_get_n_fixes (BerthChecksList  *self);

/* The button label for a fix id ("rebuild", "restart:api"...), translated;
 * NULL for an id Berth does not know. */
char       *berth_checks_list_dup_fix_label (const char     *fix);
const char *berth_checks_list_status_icon   (BerthCheckStatus status,
                                             const char     **style_class);

G_END_DECLS
