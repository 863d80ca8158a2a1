/* acc-class-list.c: the printed class list of a group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * The class list goes out with the instructor onto the snow: it is read in gloves, in the
 * wind and in bright light, so the text is large and dark and the rows are tall enough to
 * tick with a pen. Only names, ages and levels are printed, with a mark for an allergy:
 * phone numbers, allergy texts and medical notes never leave the desk (DOMAIN.md, Privacy).
 *
 * A page is laid out in points on an A4 page and scaled to the width it is given, so the
 * PDF and GTK's print preview show the same page. Fonts use absolute sizes and unhinted
 * metrics, which makes the layout independent of the device's resolution.
 */

#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "acc-class-list.h"
#include "acc-error.h"
#include "acc-print.h"

/* Layout, in points of an A4 page. */
#define MARGIN        36.0
#define CONTENT_WIDTH (ACC_CLASS_LIST_PAGE_WIDTH - 2 * MARGIN)
#define TABLE_TOP     252.0
#define HEAD_HEIGHT   24.0
#define ROW_HEIGHT    25.0
#define FOOTER_HEIGHT 24.0
#define BOX_SIZE      15.0

/* Table columns: name, age, level, allergy, attendance box. */
static const double column_width[] = { 222.0, 50.0, 118.0, 85.0, 48.0 };

typedef struct
{
  AccGroupRow *group;
  GPtrArray   *pupils;   /* AccEnrollmentRow, cancelled ones left out, by name. */
  char        *school;
  char        *day;
} ClassList;

static void
class_list_free (ClassList *list)
{
  g_clear_pointer (&list->group, acc_group_row_free);
  g_clear_pointer (&list->pupils, g_ptr_array_unref);
  g_free (list->school);
  g_free (list->day);
  g_free (list);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ClassList, class_list_free)

static int
compare_pupils (gconstpointer a,
                gconstpointer b)
{
  const AccEnrollmentRow *first = *(AccEnrollmentRow * const *) a;
  const AccEnrollmentRow *second = *(AccEnrollmentRow * const *) b;
  int order;

  order = g_utf8_collate (first->last_name ? first->last_name : "",
                          second->last_name ? second->last_name : "");
  if (order == 0)
    order = g_utf8_collate (first->first_name ? first->first_name : "",
                            second->first_name ? second->first_name : "");
  if (order == 0)
    order = g_strcmp0 (first->enrollment_id, second->enrollment_id);

  return order;
}

static ClassList *
class_list_load (AccStore    *store,
                 const char  *group_id,
                 GError     **error)
{
  g_autoptr(ClassList) list = g_new0 (ClassList, 1);
  g_autoptr(GPtrArray) groups = NULL;

  g_assert (ACC_IS_STORE (store));
  g_assert (group_id != NULL);

  groups = acc_store_list_groups (store, NULL, error);
  if (groups == NULL)
    return NULL;

  for (guint i = 0; i < groups->len; i++)
    {
      AccGroupRow *row = g_ptr_array_index (groups, i);

      if (g_strcmp0 (row->id, group_id) == 0)
        {
          list->group = g_ptr_array_steal_index (groups, i);
          break;
        }
    }

  if (list->group == NULL)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND,
                   _("There is no group %s on this day"), group_id);
      return NULL;
    }

  list->pupils = acc_store_list_enrollments_of_group (store, group_id, error);
  if (list->pupils == NULL)
    return NULL;

  for (guint i = list->pupils->len; i > 0; i--)
    {
      AccEnrollmentRow *row = g_ptr_array_index (list->pupils, i - 1);

      if (row->status == ACC_ENROLLMENT_STATUS_CANCELLED)
        g_ptr_array_remove_index (list->pupils, i - 1);
    }
  g_ptr_array_sort (list->pupils, compare_pupils);

  list->school = acc_store_dup_school_name (store);
  list->day = acc_store_dup_day (store);

  return g_steal_pointer (&list);
}

/* The height of the page in layout points, once scaled to the layout's width. */
static double
layout_height (double width,
               double height)
{
  return height * ACC_CLASS_LIST_PAGE_WIDTH / width;
}

static guint
rows_per_page (double width,
               double height)
{
  double room = layout_height (width, height) - TABLE_TOP - HEAD_HEIGHT - FOOTER_HEIGHT - MARGIN;

  return MAX (1, (guint) floor (room / ROW_HEIGHT));
}

static guint
class_list_count_parts (ClassList *list,
                        double     width,
                        double     height)
{
  guint per_page = rows_per_page (width, height);

  return MAX (1, (list->pupils->len + per_page - 1) / per_page);
}

static void
show_field (cairo_t     *cr,
            PangoLayout *layout,
            const char  *label,
            const char  *value,
            double       y,
            double       size,
            PangoWeight  weight)
{
  double label_size = 12.0;
  double offset = acc_print_text_height (layout, size, weight) -
                  acc_print_text_height (layout, label_size, PANGO_WEIGHT_NORMAL);

  /* Labels in dark grey, values in black: the eye finds the value first. */
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  acc_print_show_text (cr, layout, label, MARGIN, y + offset * 0.75, 120.0, label_size,
                       PANGO_WEIGHT_NORMAL, PANGO_ALIGN_LEFT);
  cairo_set_source_rgb (cr, 0, 0, 0);
  acc_print_show_text (cr, layout, value, MARGIN + 124.0, y, CONTENT_WIDTH - 124.0, size,
                       weight, PANGO_ALIGN_LEFT);
}

static char *
format_day (ClassList *list,
            GDateTime *starts_at)
{
  if (starts_at != NULL)
    /* Translators: the day at the top of a class list, as g_date_time_format() takes it:
     * “Saturday 26 December 2026”. */
    return g_date_time_format (starts_at, _("%A %-d %B %Y"));

  return g_strdup (list->day != NULL ? list->day : "");
}

static void
render_header (ClassList   *list,
               cairo_t     *cr,
               PangoLayout *layout,
               guint        part,
               guint        n_parts)
{
  AccGroupRow *group = list->group;
  g_autoptr(GDateTime) starts_at = NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;
  g_autofree char *session = NULL;
  g_autofree char *count = NULL;
  double y = MARGIN;

  if (group->starts_at != NULL)
    starts_at = g_date_time_new_from_iso8601 (group->starts_at, NULL);
  day = format_day (list, starts_at);
  if (starts_at != NULL)
    time = g_date_time_format (starts_at, "%H:%M");

  cairo_set_source_rgb (cr, 0, 0, 0);
  acc_print_show_text (cr, layout, list->school, MARGIN, y, CONTENT_WIDTH / 2, 13.0,
                       PANGO_WEIGHT_BOLD, PANGO_ALIGN_LEFT);
  acc_print_show_text (cr, layout, day, MARGIN + CONTENT_WIDTH / 2, y, CONTENT_WIDTH / 2, 13.0,
                       PANGO_WEIGHT_NORMAL, PANGO_ALIGN_RIGHT);
  y += 22.0;

  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, MARGIN, y);
  cairo_line_to (cr, MARGIN + CONTENT_WIDTH, y);
  cairo_stroke (cr);
  y += 10.0;

  /* The group and its time, the biggest: what the instructor looks for at the meeting point. */
  acc_print_show_text (cr, layout, group->label, MARGIN, y, CONTENT_WIDTH - 110.0, 32.0,
                       PANGO_WEIGHT_BOLD, PANGO_ALIGN_LEFT);
  acc_print_show_text (cr, layout, time, MARGIN + CONTENT_WIDTH - 110.0, y, 110.0, 32.0,
                       PANGO_WEIGHT_BOLD, PANGO_ALIGN_RIGHT);
  y += 48.0;

  show_field (cr, layout, _("Level"), group->level_label, y, 22.0, PANGO_WEIGHT_BOLD);
  y += 32.0;
  show_field (cr, layout, _("Instructor"),
              group->instructor_name != NULL && group->instructor_name[0] != '\0'
                ? group->instructor_name : _("No instructor"),
              y, 18.0, PANGO_WEIGHT_NORMAL);
  y += 27.0;
  show_field (cr, layout, _("Meeting point"),
              group->meeting_point != NULL && group->meeting_point[0] != '\0'
                ? group->meeting_point : _("Not set"),
              y, 16.0, PANGO_WEIGHT_NORMAL);
  y += 25.0;
  if (time != NULL)
    /* Translators: a session and its start time on a class list: “Ski enfants – matin, 09:00”. */
    session = g_strdup_printf (_("%1$s, %2$s"), group->session_title ? group->session_title : "", time);
  else
    session = g_strdup (group->session_title);
  show_field (cr, layout, _("Session"), session, y, 16.0, PANGO_WEIGHT_NORMAL);
  y += 28.0;

  if (n_parts > 1)
    /* Translators: under a group's details when its pupils fill more than one page. */
    count = g_strdup_printf (ngettext ("%1$u pupil — page %2$u of %3$u",
                                       "%1$u pupils — page %2$u of %3$u", list->pupils->len),
                             list->pupils->len, part + 1, n_parts);
  else
    count = g_strdup_printf (ngettext ("%u pupil", "%u pupils", list->pupils->len),
                             list->pupils->len);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  acc_print_show_text (cr, layout, count, MARGIN, y, CONTENT_WIDTH, 12.0, PANGO_WEIGHT_NORMAL,
                       PANGO_ALIGN_LEFT);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

static void
show_cell (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       width,
           double       row_height,
           double       size,
           PangoWeight  weight)
{
  double height = acc_print_text_height (layout, size, weight);

  acc_print_show_text (cr, layout, text, x + 4.0, y + (row_height - height) / 2, width - 8.0,
                       size, weight, PANGO_ALIGN_LEFT);
}

static void
render_table (ClassList   *list,
              cairo_t     *cr,
              PangoLayout *layout,
              guint        first,
              guint        n_rows)
{
  const char *headers[G_N_ELEMENTS (column_width)];
  double y = TABLE_TOP;
  double x;
  int year = 0;

  /* Translators: a column header on a printed class list: the pupil's name. */
  headers[0] = _("Name");
  /* Translators: a column header on a printed class list: the pupil's age in years. */
  headers[1] = _("Age");
  /* Translators: a column header on a printed class list: the level the pupil declared. */
  headers[2] = _("Level");
  /* Translators: a column header on a printed class list: a mark when the pupil has an
   * allergy (the allergy itself is not printed). */
  headers[3] = _("Allergy");
  /* Translators: a column header on a printed class list: an empty box the instructor
   * ticks when the pupil is there. Keep it short. */
  headers[4] = _("Here");

  if (list->day != NULL)
    year = atoi (list->day);

  cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
  cairo_rectangle (cr, MARGIN, y, CONTENT_WIDTH, HEAD_HEIGHT);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  x = MARGIN;
  for (guint c = 0; c < G_N_ELEMENTS (column_width); c++)
    {
      show_cell (cr, layout, headers[c], x, y, column_width[c], HEAD_HEIGHT, 12.0,
                 PANGO_WEIGHT_BOLD);
      x += column_width[c];
    }
  y += HEAD_HEIGHT;

  if (list->pupils->len == 0)
    {
      show_cell (cr, layout, _("No pupils in this group."), MARGIN, y, CONTENT_WIDTH,
                 ROW_HEIGHT, 14.0, PANGO_WEIGHT_NORMAL);
      return;
    }

  for (guint i = first; i < first + n_rows && i < list->pupils->len; i++)
    {
      AccEnrollmentRow *pupil = g_ptr_array_index (list->pupils, i);
      g_autofree char *name = NULL;
      g_autofree char *age = NULL;
      const char *level = pupil->declared_level_label;

      name = g_strjoin (" ", pupil->first_name ? pupil->first_name : "",
                        pupil->last_name ? pupil->last_name : "", NULL);
      g_strstrip (name);
      if (year > 0 && pupil->birth_year > 0 && year >= pupil->birth_year)
        age = g_strdup_printf ("%d", year - pupil->birth_year);

      /* Every other row shaded, so a finger follows a row across the page. */
      if ((i - first) % 2 == 1)
        {
          cairo_set_source_rgb (cr, 0.93, 0.93, 0.93);
          cairo_rectangle (cr, MARGIN, y, CONTENT_WIDTH, ROW_HEIGHT);
          cairo_fill (cr);
          cairo_set_source_rgb (cr, 0, 0, 0);
        }

      x = MARGIN;
      show_cell (cr, layout, name, x, y, column_width[0], ROW_HEIGHT, 15.0, PANGO_WEIGHT_BOLD);
      x += column_width[0];
      show_cell (cr, layout, age ? age : "–", x, y, column_width[1], ROW_HEIGHT, 15.0,
                 PANGO_WEIGHT_NORMAL);
      x += column_width[1];
      show_cell (cr, layout, level != NULL && level[0] != '\0' ? level : "–", x, y,
                 column_width[2], ROW_HEIGHT, 14.0, PANGO_WEIGHT_NORMAL);
      x += column_width[2];
      /* A mark only: what the allergy is stays at the desk. */
      if (pupil->allergies != NULL && pupil->allergies[0] != '\0')
        /* Translators: the mark on a class list for a pupil who has an allergy. */
        show_cell (cr, layout, _("⚠ Allergy"), x, y, column_width[3], ROW_HEIGHT, 13.0,
                   PANGO_WEIGHT_BOLD);
      x += column_width[3];

      cairo_set_line_width (cr, 1.5);
      cairo_rectangle (cr, x + (column_width[4] - BOX_SIZE) / 2, y + (ROW_HEIGHT - BOX_SIZE) / 2,
                       BOX_SIZE, BOX_SIZE);
      cairo_stroke (cr);

      y += ROW_HEIGHT;
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, MARGIN, y);
      cairo_line_to (cr, MARGIN + CONTENT_WIDTH, y);
      cairo_stroke (cr);
    }
}

static void
render_footer (ClassList   *list,
               cairo_t     *cr,
               PangoLayout *layout,
               double       page_height,
               guint        part,
               guint        n_parts)
{
  g_autofree char *text = NULL;

  if (n_parts < 2)
    return;

  /* Translators: at the foot of a class list that takes more than one page. */
  text = g_strdup_printf (_("%1$s — page %2$u of %3$u"), list->group->label, part + 1, n_parts);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  acc_print_show_text (cr, layout, text, MARGIN, page_height - MARGIN - 14.0, CONTENT_WIDTH,
                       11.0, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_RIGHT);
}

static void
render_list (ClassList *list,
             guint      part,
             cairo_t   *cr,
             double     width,
             double     height)
{
  g_autoptr(PangoLayout) layout = NULL;
  guint n_parts = class_list_count_parts (list, width, height);
  guint per_page = rows_per_page (width, height);

  cairo_save (cr);
  cairo_scale (cr, width / ACC_CLASS_LIST_PAGE_WIDTH, width / ACC_CLASS_LIST_PAGE_WIDTH);

  layout = acc_print_create_layout (cr);

  render_header (list, cr, layout, part, n_parts);
  render_table (list, cr, layout, part * per_page, per_page);
  render_footer (list, cr, layout, layout_height (width, height), part, n_parts);

  cairo_restore (cr);
}

/**
 * acc_class_list_count_pages:
 * @width: the page's width, in the units of the cairo context it will be drawn on
 * @height: the page's height
 *
 * Returns: how many pages the group's class list takes: 1 unless its pupils do not fit on
 *   one page; 0 with @error set when the group does not exist.
 */
guint
acc_class_list_count_pages (AccStore    *store,
                            const char  *group_id,
                            double       width,
                            double       height,
                            GError     **error)
{
  g_autoptr(ClassList) list = NULL;

  g_return_val_if_fail (ACC_IS_STORE (store), 0);
  g_return_val_if_fail (group_id != NULL, 0);
  g_return_val_if_fail (width > 0 && height > 0, 0);

  list = class_list_load (store, group_id, error);
  if (list == NULL)
    return 0;

  return class_list_count_parts (list, width, height);
}

/**
 * acc_class_list_render_part:
 * @part: which page of the group's class list, from 0 (see acc_class_list_count_pages())
 *
 * Draws one page of a group's class list on @cr, scaled to @width. A group that does not
 * exist gives a page that says so.
 */
void
acc_class_list_render_part (AccStore   *store,
                            const char *group_id,
                            guint       part,
                            cairo_t    *cr,
                            double      width,
                            double      height)
{
  g_autoptr(ClassList) list = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ACC_IS_STORE (store));
  g_return_if_fail (group_id != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (width > 0 && height > 0);

  list = class_list_load (store, group_id, &error);
  if (list == NULL)
    {
      g_autoptr(PangoLayout) layout = NULL;

      cairo_save (cr);
      cairo_scale (cr, width / ACC_CLASS_LIST_PAGE_WIDTH, width / ACC_CLASS_LIST_PAGE_WIDTH);
      layout = acc_print_create_layout (cr);
      acc_print_show_text (cr, layout, error->message, MARGIN, MARGIN, CONTENT_WIDTH, 14.0,
                           PANGO_WEIGHT_NORMAL, PANGO_ALIGN_LEFT);
      cairo_restore (cr);
      return;
    }

  render_list (list, MIN (part, class_list_count_parts (list, width, height) - 1), cr, width,
               height);
}

/**
 * acc_class_list_render_page:
 * @width: the page's width, in the units of @cr
 * @height: the page's height
 *
 * Draws the first page of a group's class list: the whole list for a group of up to twenty
 * pupils on A4.
 */
void
acc_class_list_render_page (AccStore   *store,
                            const char *group_id,
                            cairo_t    *cr,
                            double      width,
                            double      height)
{
  acc_class_list_render_part (store, group_id, 0, cr, width, height);
}

/* Draws the pages of a GPtrArray of ClassList, for acc_print_write_pdf(). */
static void
draw_lists (cairo_t  *cr,
            gpointer  user_data)
{
  GPtrArray *lists = user_data;

  for (guint i = 0; i < lists->len; i++)
    {
      ClassList *list = g_ptr_array_index (lists, i);
      guint n_parts = class_list_count_parts (list, ACC_CLASS_LIST_PAGE_WIDTH,
                                              ACC_CLASS_LIST_PAGE_HEIGHT);

      for (guint part = 0; part < n_parts; part++)
        {
          render_list (list, part, cr, ACC_CLASS_LIST_PAGE_WIDTH, ACC_CLASS_LIST_PAGE_HEIGHT);
          cairo_show_page (cr);
        }
    }
}

/**
 * acc_class_list_write_pdf:
 * @group_ids: the groups, in the order of their pages
 * @path: the PDF file to write; replaced as a whole, or left as it was on error
 *
 * Writes the class lists of @group_ids to @path, one A4 page per group (more for a group
 * whose pupils do not fit on one page).
 *
 * Returns: %TRUE, or %FALSE with %ACC_ERROR_NOT_FOUND for an unknown group (then no file is
 *   written), %ACC_ERROR_INVALID when there is no group, or %ACC_ERROR_IO.
 */
gboolean
acc_class_list_write_pdf (AccStore            *store,
                          const char * const  *group_ids,
                          const char          *path,
                          GError             **error)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func ((GDestroyNotify) class_list_free);

  g_return_val_if_fail (ACC_IS_STORE (store), FALSE);
  g_return_val_if_fail (group_ids != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Every group is read before anything is drawn, so a wrong id writes no file. */
  for (guint i = 0; group_ids[i] != NULL; i++)
    {
      ClassList *list = class_list_load (store, group_ids[i], error);

      if (list == NULL)
        return FALSE;
      g_ptr_array_add (lists, list);
    }

  if (lists->len == 0)
    {
      g_set_error_literal (error, ACC_ERROR, ACC_ERROR_INVALID,
                           _("There is no group to print a class list for"));
      return FALSE;
    }

  return acc_print_write_pdf (path, ACC_CLASS_LIST_PAGE_WIDTH, ACC_CLASS_LIST_PAGE_HEIGHT,
                              _("Class lists"), draw_lists, lists, error);
}
