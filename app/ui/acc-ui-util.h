/* acc-ui-util.h: how the desk writes times, names and states
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "acc-store.h"

G_BEGIN_DECLS

/* A level to choose, from the groups of the day. */
typedef struct
{
  char *id;
  char *label;
  char *discipline;   /* Nullable. */
  int   order;
} AccLevelChoice;

gboolean  acc_is_empty              (const char             *text);
char     *acc_format_time           (const char             *rfc3339);
char     *acc_format_day            (const char             *day,
                                     gboolean                with_year);
char     *acc_format_day_short      (const char             *day);
char     *acc_format_full_name      (const AccEnrollmentRow *row);
gboolean  acc_parse_money           (const char             *text,
                                     gint64                 *cents);
char     *acc_format_places_left    (const AccGroupRow      *group);
GStrv     acc_split_names           (const char             *text);
char     *acc_editable_dup_text     (GtkEditable            *editable);
char     *acc_editable_dup_text_or_null (GtkEditable        *editable);
void      acc_level_choice_free     (AccLevelChoice         *level);
void      acc_level_choices_add     (GPtrArray              *levels,
                                     const char             *id,
                                     const char             *label,
                                     const char             *discipline,
                                     int                     order);
void      acc_level_choices_add_groups (GPtrArray           *levels,
                                        GPtrArray           *groups);
char     *acc_format_instructor_name (const AccInstructorRow *row);
GtkWidget *acc_label_new_wrapped    (const char             *text,
                                     const char             *style_class);
GtkWidget *acc_mark_label_new       (const char             *text,
                                     float                   xalign);
void      acc_widget_set_state_class (GtkWidget             *widget,
                                      const char            *state_class);
void      acc_widget_show_message   (GtkWidget              *widget,
                                     const char             *message);
void      acc_widget_set_tooltip_and_label (GtkWidget       *widget,
                                            const char      *text);
gboolean  acc_widget_is_in_sight    (GtkWidget              *widget,
                                     GtkWidget              *view);
void      acc_show_error_dialog     (GtkWindow              *parent,
                                     const char             *heading,
                                     const GError           *error);
void      acc_print_operation_run   (GtkPrintOperation      *operation,
                                     GtkWindow              *parent,
                                     const char             *error_heading);
void      acc_window_present_modal  (GtkWindow              *window,
                                     GtkWidget              *parent);

G_END_DECLS
