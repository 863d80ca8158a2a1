/* acc-voucher.c: the printed voucher of a booking, with its reference as a QR code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * The voucher is what a family takes home from the desk: the booking's reference, large, and
 * as a QR code that the desk's scanner types into the search the next morning (the code holds
 * the reference and nothing else; acc_store_lookup_booking() ignores case, spaces and dashes,
 * as the scanner's keyboard may not). Below them, who takes which lesson: the session, its
 * time, the group and where it meets; and the balance still to settle, when there is one.
 * Nothing private is printed: no phone, no allergy, no medical note.
 *
 * The page is laid out in points on an A5 page and scaled to fit the page it is given, so the
 * PDF and GTK's print preview show the same page. It is always one page: a family whose
 * lessons do not fit has them drawn smaller.
 *
 * The QR code is drawn as filled rectangles with its quiet zone of four modules painted white,
 * at least 35 mm wide without it, which a desk scanner reads from a sheet held at arm's length.
 */

#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <qrencode.h>
#include <stdio.h>

#include "acc-error.h"
#include "acc-money.h"
#include "acc-print.h"
#include "acc-voucher.h"

/* Layout, in points of an A5 page. */
#define PAGE_WIDTH    ACC_VOUCHER_PAGE_WIDTH
#define PAGE_HEIGHT   ACC_VOUCHER_PAGE_HEIGHT
#define MARGIN        28.0
#define CONTENT_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define HEADER_HEIGHT 36.0
#define QR_SIZE       144.0  /* With its quiet zone: the code itself is 36 mm wide or more. */
#define QR_QUIET      4      /* Modules of white around the code, as the standard asks. */
#define COLUMN_GAP    10.0
#define TIME_WIDTH    100.0
#define BALANCE_HEIGHT 40.0

#define REFERENCE_SIZE 40.0  /* At most: a long reference is drawn smaller to fit. */

struct _AccVoucher
{
  char      *school;
  char      *day;        /* YYYY-MM-DD, the store's day. */
  char      *reference;
  char      *payer;      /* Nullable: the payer's document has not arrived. */
  gint64     balance_due_cents;
  char      *currency;
  GPtrArray *lessons;    /* AccEnrollmentRow, cancelled ones left out, by participant. */
  QRcode    *code;
};

/**
 * acc_voucher_free:
 */
void
acc_voucher_free (AccVoucher *voucher)
{
  if (voucher == NULL)
    return;

  g_free (voucher->school);
  g_free (voucher->day);
  g_free (voucher->reference);
  g_free (voucher->payer);
  g_free (voucher->currency);
  g_clear_pointer (&voucher->lessons, g_ptr_array_unref);
  g_clear_pointer (&voucher->code, QRcode_free);
  g_free (voucher);
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || text[0] == '\0';
}

static char *
full_name (const char *first_name,
           const char *last_name)
{
  if (is_empty (last_name))
    return g_strdup (first_name != NULL ? first_name : "");
  if (is_empty (first_name))
    return g_strdup (last_name);

  /* Translators: a person's full name: %1$s is the first name, %2$s the last name. */
  return g_strdup_printf (C_("full name", "%1$s %2$s"), first_name, last_name);
}

/**
 * acc_voucher_load:
 * @booking_id: the booking's id (acc_store_lookup_booking() gives it from its reference)
 *
 * Reads what the voucher of a booking shows: its payer, its balance, and the lessons of its
 * participants on the store's day.
 *
 * Returns: (transfer full) (nullable): the voucher, or %NULL with %ACC_ERROR_NOT_FOUND for
 *   a booking that is not in the store, or %ACC_ERROR_INVALID for one without a reference.
 */
AccVoucher *
acc_voucher_load (AccStore    *store,
                  const char  *booking_id,
                  GError     **error)
{
  g_autoptr(AccVoucher) voucher = NULL;
  g_autoptr(AccBookingInfo) info = NULL;

  g_return_val_if_fail (ACC_IS_STORE (store), NULL);
  g_return_val_if_fail (booking_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = acc_store_get_booking (store, booking_id, error);
  if (info == NULL)
    return NULL;

  if (is_empty (info->reference))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("The booking %s has no reference to print"), booking_id);
      return NULL;
    }

  voucher = g_new0 (AccVoucher, 1);
  voucher->reference = g_strdup (info->reference);
  voucher->balance_due_cents = info->balance_due_cents;
  voucher->currency = g_strdup (info->currency);
  if (!is_empty (info->payer_first_name) || !is_empty (info->payer_last_name))
    voucher->payer = full_name (info->payer_first_name, info->payer_last_name);

  voucher->lessons = acc_store_list_enrollments_of_booking (store, booking_id, error);
  if (voucher->lessons == NULL)
    return NULL;
  for (guint i = voucher->lessons->len; i > 0; i--)
    {
      AccEnrollmentRow *row = g_ptr_array_index (voucher->lessons, i - 1);

      if (row->status == ACC_ENROLLMENT_STATUS_CANCELLED)
        g_ptr_array_remove_index (voucher->lessons, i - 1);
    }

  /* Exactly the reference, nothing around it: the scanner types it into the search. */
  voucher->code = QRcode_encodeString (voucher->reference, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (voucher->code == NULL)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_INVALID,
                   _("The reference %s cannot be made into a QR code"), voucher->reference);
      return NULL;
    }

  voucher->school = acc_store_dup_school_name (store);
  voucher->day = acc_store_dup_day (store);

  return g_steal_pointer (&voucher);
}

/**
 * acc_voucher_get_reference:
 *
 * Returns: the booking's reference, which the QR code holds
 */
const char *
acc_voucher_get_reference (AccVoucher *voucher)
{
  g_return_val_if_fail (voucher != NULL, NULL);

  return voucher->reference;
}

static char *
format_day (const char *day)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, mday;

  if (day == NULL || sscanf (day, "%4d-%2d-%2d", &year, &month, &mday) != 3)
    return g_strdup ("");

  date = g_date_time_new_utc (year, month, mday, 12, 0, 0);
  if (date == NULL)
    return g_strdup (day);

  /* Translators: the day at the top of a voucher, as g_date_time_format() takes it:
   * “Saturday 26 December 2026”. */
  return g_date_time_format (date, _("%A %-d %B %Y"));
}

/* “09:00–11:30”, in the offset the session's times are written with: the school's. */
static char *
format_times (const AccEnrollmentRow *row)
{
  g_autoptr(GDateTime) starts_at = NULL;
  g_autoptr(GDateTime) ends_at = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  if (row->starts_at != NULL)
    starts_at = g_date_time_new_from_iso8601 (row->starts_at, NULL);
  if (row->ends_at != NULL)
    ends_at = g_date_time_new_from_iso8601 (row->ends_at, NULL);
  if (starts_at == NULL)
    return g_strdup ("–");

  start = g_date_time_format (starts_at, "%H:%M");
  if (ends_at == NULL)
    return g_steal_pointer (&start);

  end = g_date_time_format (ends_at, "%H:%M");
  /* Translators: the times of a lesson on a voucher: “09:00–11:30”. */
  return g_strdup_printf (_("%1$s–%2$s"), start, end);
}

/* The lesson's group and meeting point, on one line under its title. */
static char *
format_place (const AccEnrollmentRow *row)
{
  g_autofree char *group = NULL;

  if (!is_empty (row->group_label))
    /* Translators: a lesson's group on a voucher: “Group Ourson 1”. */
    group = g_strdup_printf (_("Group %s"), row->group_label);
  else
    /* Translators: on a voucher, for a lesson whose group is not chosen yet. */
    group = g_strdup (_("Group given at the desk"));

  if (is_empty (row->meeting_point))
    return g_steal_pointer (&group);

  /* Translators: a lesson's group and meeting point on a voucher: “Group Ourson 1 · Meeting
   * point: Front de neige”. */
  return g_strdup_printf (_("%1$s · Meeting point: %2$s"), group, row->meeting_point);
}

static void
draw_code (AccVoucher *voucher,
           cairo_t    *cr,
           double      x,
           double      y,
           double      size)
{
  QRcode *code = voucher->code;
  double module = size / (code->width + 2 * QR_QUIET);

  cairo_save (cr);

  /* The quiet zone is part of the code: white even on a tinted page or a preview. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);

  /* One rectangle for each run of dark modules in a row, filled at once: no seam between
   * neighbours, whatever the resolution it is rasterized at. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < code->width; row++)
    {
      const unsigned char *line = code->data + row * code->width;

      for (int column = 0; column < code->width; )
        {
          int end = column;

          while (end < code->width && (line[end] & 1))
            end++;
          if (end > column)
            cairo_rectangle (cr, x + (QR_QUIET + column) * module, y + (QR_QUIET + row) * module,
                             (end - column) * module, module);
          column = end + 1;
        }
    }
  cairo_fill (cr);

  cairo_restore (cr);
}

static void
draw_header (AccVoucher  *voucher,
             cairo_t     *cr,
             PangoLayout *layout)
{
  g_autofree char *day = format_day (voucher->day);
  double y = MARGIN;

  cairo_set_source_rgb (cr, 0, 0, 0);
  acc_print_show_text (cr, layout, voucher->school, MARGIN, y, CONTENT_WIDTH * 0.55, 14.0,
                       PANGO_WEIGHT_BOLD, PANGO_ALIGN_LEFT);
  acc_print_show_text (cr, layout, day, MARGIN + CONTENT_WIDTH * 0.55, y + 2.0,
                       CONTENT_WIDTH * 0.45, 11.0, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_RIGHT);

  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, MARGIN, MARGIN + 24.0);
  cairo_line_to (cr, MARGIN + CONTENT_WIDTH, MARGIN + 24.0);
  cairo_stroke (cr);
}

/* The reference, the payer and the QR code, side by side; returns where they end. */
static double
draw_reference (AccVoucher  *voucher,
                cairo_t     *cr,
                PangoLayout *layout,
                double       top)
{
  double width = CONTENT_WIDTH - QR_SIZE - COLUMN_GAP;
  double module = QR_SIZE / (voucher->code->width + 2 * QR_QUIET);
  double size = REFERENCE_SIZE;
  double natural;
  /* The text starts level with the code's first dark row, not with its quiet zone. */
  double y = top + QR_QUIET * module - 3.0;

  natural = acc_print_text_width (layout, voucher->reference, size, PANGO_WEIGHT_BOLD);
  if (natural > width)
    size *= width / natural;

  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  /* Translators: above the booking's reference on a voucher. */
  y += acc_print_show_text (cr, layout, _("Booking reference"), MARGIN, y, width, 11.0,
                            PANGO_WEIGHT_NORMAL, PANGO_ALIGN_LEFT);
  cairo_set_source_rgb (cr, 0, 0, 0);
  y += acc_print_show_text (cr, layout, voucher->reference, MARGIN, y, width, size,
                            PANGO_WEIGHT_BOLD, PANGO_ALIGN_LEFT);
  y += 4.0;

  if (voucher->payer != NULL)
    y += acc_print_show_wrapped (cr, layout, voucher->payer, MARGIN, y, width, 15.0,
                                 PANGO_WEIGHT_BOLD) + 8.0;

  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  y += acc_print_show_wrapped (cr, layout,
                               /* Translators: on a voucher, under the booking's reference. */
                               _("Keep this page: show its code at the desk, and it finds "
                                 "your booking."),
                               MARGIN, y, width, 10.0, PANGO_WEIGHT_NORMAL);
  cairo_set_source_rgb (cr, 0, 0, 0);

  draw_code (voucher, cr, MARGIN + CONTENT_WIDTH - QR_SIZE, top, QR_SIZE);

  /* A long name may take the text lower than the code. */
  return MAX (top + QR_SIZE, y + 10.0);
}

/* Who takes which lesson, from (0, 0), @width wide; returns the height it took. */
static double
draw_lessons (AccVoucher  *voucher,
              cairo_t     *cr,
              PangoLayout *layout,
              double       width)
{
  const char *participant = NULL;
  double y = 0;

  if (voucher->lessons->len == 0)
    {
      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      return acc_print_show_wrapped (cr, layout, _("No lessons on this day."), 0, y, width,
                                     12.0, PANGO_WEIGHT_NORMAL);
    }

  for (guint i = 0; i < voucher->lessons->len; i++)
    {
      AccEnrollmentRow *row = g_ptr_array_index (voucher->lessons, i);
      g_autofree char *times = format_times (row);
      g_autofree char *place = format_place (row);
      double text_x = TIME_WIDTH;
      double text_width = width - TIME_WIDTH;

      /* The rows come by participant: a name heads each one's lessons. */
      if (participant == NULL || g_strcmp0 (participant, row->participant_id) != 0)
        {
          /* A placeholder's first name already says whose it is: “[Lefèvre – 3]”. */
          g_autofree char *name = row->placeholder
                                  ? g_strdup (row->first_name)
                                  : full_name (row->first_name, row->last_name);

          if (participant != NULL)
            y += 8.0;
          participant = row->participant_id;
          cairo_set_source_rgb (cr, 0, 0, 0);
          y += acc_print_show_text (cr, layout, name, 0, y, width, 14.0, PANGO_WEIGHT_BOLD,
                                    PANGO_ALIGN_LEFT) + 3.0;
        }

      cairo_set_source_rgb (cr, 0, 0, 0);
      acc_print_show_text (cr, layout, times, 0, y, TIME_WIDTH - 6.0, 12.0, PANGO_WEIGHT_BOLD,
                           PANGO_ALIGN_LEFT);
      y += acc_print_show_wrapped (cr, layout, row->session_title, text_x, y, text_width,
                                   12.0, PANGO_WEIGHT_NORMAL);
      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      y += acc_print_show_wrapped (cr, layout, place, text_x, y, text_width, 10.5,
                                   PANGO_WEIGHT_NORMAL) + 5.0;
    }

  cairo_set_source_rgb (cr, 0, 0, 0);
  return y;
}

static void
draw_balance (AccVoucher  *voucher,
              cairo_t     *cr,
              PangoLayout *layout,
              double       top)
{
  g_autofree char *amount = acc_money_format (voucher->balance_due_cents, voucher->currency);
  double size = 18.0;
  double y = top + (BALANCE_HEIGHT - acc_print_text_height (layout, size, PANGO_WEIGHT_BOLD)) / 2;
  double label_y = top + (BALANCE_HEIGHT - acc_print_text_height (layout, 12.0,
                                                                  PANGO_WEIGHT_NORMAL)) / 2;

  cairo_set_source_rgb (cr, 0.9, 0.9, 0.9);
  cairo_rectangle (cr, MARGIN, top, CONTENT_WIDTH, BALANCE_HEIGHT);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0, 0, 0);
  /* Translators: on a voucher, before the money the family still owes. */
  acc_print_show_text (cr, layout, _("To settle at the desk"), MARGIN + 10.0, label_y,
                       CONTENT_WIDTH / 2, 12.0, PANGO_WEIGHT_NORMAL, PANGO_ALIGN_LEFT);
  acc_print_show_text (cr, layout, amount, MARGIN + CONTENT_WIDTH / 2, y,
                       CONTENT_WIDTH / 2 - 10.0, size, PANGO_WEIGHT_BOLD, PANGO_ALIGN_RIGHT);
}

/* The height the lessons take drawn at @scale across the page: measured by drawing them into
 * a group that is thrown away. */
static double
measure_lessons (AccVoucher  *voucher,
                 cairo_t     *cr,
                 PangoLayout *layout,
                 double       scale)
{
  double height;

  cairo_push_group (cr);
  height = draw_lessons (voucher, cr, layout, CONTENT_WIDTH / scale);
  cairo_pattern_destroy (cairo_pop_group (cr));

  return height * scale;
}

/* The scale at which the lessons fit in @room: 1 for most families; the lessons of a large
 * one are drawn smaller, so that the voucher stays one page. Text drawn smaller wraps less,
 * so the largest scale that fits is searched for rather than computed. */
static double
lessons_scale (AccVoucher  *voucher,
               cairo_t     *cr,
               PangoLayout *layout,
               double       room)
{
  double natural = measure_lessons (voucher, cr, layout, 1.0);
  double fits;
  double too_big = 1.0;

  if (natural <= room)
    return 1.0;

  /* Text only wraps less when drawn smaller: at this scale the lessons fit. */
  fits = room / natural;
  while (too_big - fits > 0.01)
    {
      double middle = (fits + too_big) / 2;

      if (measure_lessons (voucher, cr, layout, middle) <= room)
        fits = middle;
      else
        too_big = middle;
    }

  return fits;
}

static void
draw_page (AccVoucher  *voucher,
           cairo_t     *cr,
           PangoLayout *layout)
{
  double top = MARGIN + HEADER_HEIGHT;
  double bottom = PAGE_HEIGHT - MARGIN;
  double scale;

  draw_header (voucher, cr, layout);
  /* The code's quiet zone leaves room enough above the rule. */
  top = draw_reference (voucher, cr, layout, top);

  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN, top);
  cairo_line_to (cr, MARGIN + CONTENT_WIDTH, top);
  cairo_stroke (cr);
  top += 12.0;

  if (voucher->balance_due_cents > 0)
    {
      bottom -= BALANCE_HEIGHT;
      draw_balance (voucher, cr, layout, bottom);
      bottom -= 12.0;
    }
  scale = lessons_scale (voucher, cr, layout, bottom - top);

  cairo_save (cr);
  cairo_translate (cr, MARGIN, top);
  cairo_scale (cr, scale, scale);
  draw_lessons (voucher, cr, layout, CONTENT_WIDTH / scale);
  cairo_restore (cr);
}

/**
 * acc_voucher_draw:
 * @width: the page's width, in the units of @cr
 * @height: the page's height
 *
 * Draws the voucher on @cr, as one page @width by @height: the A5 page, scaled to fit and
 * centred across. What a GtkPrintOperation's draw-page handler calls.
 */
void
acc_voucher_draw (AccVoucher *voucher,
                  cairo_t    *cr,
                  double      width,
                  double      height)
{
  g_autoptr(PangoLayout) layout = NULL;
  double scale;

  g_return_if_fail (voucher != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (width > 0 && height > 0);

  scale = MIN (width / PAGE_WIDTH, height / PAGE_HEIGHT);

  cairo_save (cr);
  cairo_translate (cr, (width - PAGE_WIDTH * scale) / 2, 0);
  cairo_scale (cr, scale, scale);
  layout = acc_print_create_layout (cr);
  draw_page (voucher, cr, layout);
  cairo_restore (cr);
}

static void
draw_pdf_page (cairo_t  *cr,
               gpointer  user_data)
{
  acc_voucher_draw (user_data, cr, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_show_page (cr);
}

/**
 * acc_voucher_write_pdf:
 * @booking_id: the booking's id
 * @path: the PDF file to write; replaced as a whole, or left as it was on error
 *
 * Writes the voucher of a booking to @path: one A5 page.
 *
 * Returns: %TRUE, or %FALSE with %ACC_ERROR_NOT_FOUND for an unknown booking (then no file
 *   is written) or %ACC_ERROR_IO when the file cannot be written.
 */
gboolean
acc_voucher_write_pdf (AccStore    *store,
                       const char  *booking_id,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(AccVoucher) voucher = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (ACC_IS_STORE (store), FALSE);
  g_return_val_if_fail (booking_id != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  voucher = acc_voucher_load (store, booking_id, error);
  if (voucher == NULL)
    return FALSE;

  /* Translators: the title of a voucher's PDF file: “Booking KM7PX3”. */
  title = g_strdup_printf (_("Booking %s"), voucher->reference);

  return acc_print_write_pdf (path, PAGE_WIDTH, PAGE_HEIGHT, title, draw_pdf_page, voucher,
                              error);
}
