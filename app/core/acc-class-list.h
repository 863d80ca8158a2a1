/* acc-class-list.h: the printed class list of a group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "acc-store.h"

G_BEGIN_DECLS

/* The page the class list is laid out for: A4 in points. Other sizes are scaled to its width. */
#define ACC_CLASS_LIST_PAGE_WIDTH  595.0
#define ACC_CLASS_LIST_PAGE_HEIGHT 842.0

gboolean acc_class_list_write_pdf    (AccStore           *store,
                                      const char * const *group_ids,
                                      const char         *path,
                                      GError            **error);
guint    acc_class_list_count_pages  (AccStore           *store,
                                      const char         *group_id,
                                      double              width,
                                      double              height,
                                      GError            **error);
void     acc_class_list_render_page  (AccStore           *store,
                                      const char         *group_id,
                                      cairo_t            *cr,
                                      double              width,
                                      double              height);
void     acc_class_list_render_part  (AccStore           *store,
                                      const char         *group_id,
                                      guint               part,
                                      cairo_t            *cr,
                                      double              width,
                                      double              height);

G_END_DECLS
