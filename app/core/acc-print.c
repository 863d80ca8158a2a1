/* acc-print.c: what the printed pages share: their type, and their PDF file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Implementation notes
 *
 * The printed pages (class lists, vouchers) are laid out in points and drawn with pango on
 * cairo, the same way into a PDF file and into GTK's print preview. Fonts use absolute sizes
 * and unhinted metrics, which makes the layout independent of the device's resolution.
 */

#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "acc-error.h"
#include "acc-print.h"

/**
 * acc_print_create_layout:
 *
 * Returns: (transfer full): a layout for @cr whose metrics do not depend on the device.
 */
PangoLayout *
acc_print_create_layout (cairo_t *cr)
{
  PangoLayout *layout;
  cairo_font_options_t *options;

  g_return_val_if_fail (cr != NULL, NULL);

  layout = pango_cairo_create_layout (cr);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  return layout;
}

/* The printed pages' one typeface, at @size points and @weight. */
static void
set_font (PangoLayout *layout,
          double       size,
          PangoWeight  weight)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
}

/* Draws @text in a box @width wide from (@x, @y), on one line ellipsized or on as many lines
 * as it takes (%PANGO_ELLIPSIZE_NONE); returns its height. */
static double
show_text (cairo_t            *cr,
           PangoLayout        *layout,
           const char         *text,
           double              x,
           double              y,
           double              width,
           double              size,
           PangoWeight         weight,
           PangoEllipsizeMode  ellipsize,
           PangoAlignment      alignment)
{
  int height;

  set_font (layout, size, weight);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, ellipsize);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, NULL, &height);

  return (double) height / PANGO_SCALE;
}

/**
 * acc_print_show_text:
 * @text: (nullable): the text; %NULL draws nothing
 *
 * Draws @text on one line in a box @width wide from (@x, @y), ellipsized when it is wider.
 *
 * Returns: its height
 */
double
acc_print_show_text (cairo_t        *cr,
                     PangoLayout    *layout,
                     const char     *text,
                     double          x,
                     double          y,
                     double          width,
                     double          size,
                     PangoWeight     weight,
                     PangoAlignment  alignment)
{
  g_return_val_if_fail (cr != NULL, 0);
  g_return_val_if_fail (PANGO_IS_LAYOUT (layout), 0);

  return show_text (cr, layout, text, x, y, width, size, weight, PANGO_ELLIPSIZE_END,
                    alignment);
}

/**
 * acc_print_show_wrapped:
 * @text: (nullable): the text; %NULL draws nothing
 *
 * Draws @text left-aligned in a box @width wide from (@x, @y), on as many lines as it takes:
 * for what must be read whole, such as a meeting point.
 *
 * Returns: its height
 */
double
acc_print_show_wrapped (cairo_t     *cr,
                        PangoLayout *layout,
                        const char  *text,
                        double       x,
                        double       y,
                        double       width,
                        double       size,
                        PangoWeight  weight)
{
  g_return_val_if_fail (cr != NULL, 0);
  g_return_val_if_fail (PANGO_IS_LAYOUT (layout), 0);

  return show_text (cr, layout, text, x, y, width, size, weight, PANGO_ELLIPSIZE_NONE,
                    PANGO_ALIGN_LEFT);
}

/**
 * acc_print_text_height:
 *
 * Returns: the height of a line of text at @size and @weight, to centre it in a row.
 */
double
acc_print_text_height (PangoLayout *layout,
                       double       size,
                       PangoWeight  weight)
{
  int height;

  g_return_val_if_fail (PANGO_IS_LAYOUT (layout), 0);

  set_font (layout, size, weight);
  pango_layout_set_text (layout, "Ag", -1);
  pango_layout_get_size (layout, NULL, &height);

  return (double) height / PANGO_SCALE;
}

/**
 * acc_print_text_width:
 *
 * Returns: the width of @text on one line at @size and @weight, to fit it in a box.
 */
double
acc_print_text_width (PangoLayout *layout,
                      const char  *text,
                      double       size,
                      PangoWeight  weight)
{
  int width;

  g_return_val_if_fail (PANGO_IS_LAYOUT (layout), 0);

  set_font (layout, size, weight);
  pango_layout_set_width (layout, -1);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_layout_get_size (layout, &width, NULL);

  return (double) width / PANGO_SCALE;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * acc_print_write_pdf:
 * @path: the PDF file to write; replaced as a whole, or left as it was on error
 * @width: the pages' width, in points
 * @height: their height
 * @title: the document's title, in its metadata
 * @draw: (scope call): draws the pages
 *
 * Returns: %TRUE, or %FALSE with %ACC_ERROR_IO when the file cannot be written (then no file
 *   is left half written) or %ACC_ERROR_FAILED when cairo could not draw.
 */
gboolean
acc_print_write_pdf (const char        *path,
                     double             width,
                     double             height,
                     const char        *title,
                     AccPrintDrawFunc   draw,
                     gpointer           user_data,
                     GError           **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  g_return_val_if_fail (draw != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The document is drawn in memory first: g_file_set_contents() then replaces the file
   * through a temporary one, so a failed write leaves no half-written PDF behind. */
  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, width, height);
  if (title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Accueil");
  cr = cairo_create (surface);

  draw (cr, user_data);

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_FAILED,
                   _("Could not draw the PDF file: %s"), cairo_status_to_string (status));
      return FALSE;
    }

  if (!g_file_set_contents (path, (const char *) bytes->data, bytes->len, &local_error))
    {
      g_set_error (error, ACC_ERROR, ACC_ERROR_IO,
                   _("Could not write the PDF file: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}
