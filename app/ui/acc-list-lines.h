/* acc-list-lines.h: a GtkListView whose lines are built from keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The widget of the line @key. */
typedef GtkWidget *(*AccListLinesCreate)   (const char *key,
                                            gpointer    user_data);
/* Everything the line @key shows, as text: its widget is built again when this changes. */
typedef char      *(*AccListLinesDescribe) (const char *key,
                                            gpointer    user_data);

#define ACC_TYPE_LIST_LINES (acc_list_lines_get_type ())
G_DECLARE_FINAL_TYPE (AccListLines, acc_list_lines, ACC, LIST_LINES, GObject)

AccListLines *acc_list_lines_new        (GtkListView          *view,
                                         AccListLinesCreate    create,
                                         AccListLinesDescribe  describe,
                                         gpointer              user_data);
void          acc_list_lines_show       (AccListLines         *self,
                                         GPtrArray            *keys);

G_END_DECLS
