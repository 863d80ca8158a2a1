/* acc-print.h: what the printed pages share: their type, and their PDF file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* Draws every page of a document on @cr, each followed by cairo_show_page(). */
typedef void (*AccPrintDrawFunc) (cairo_t  *cr,
                                  gpointer  user_data);

PangoLayout *acc_print_create_layout (cairo_t          *cr);
double       acc_print_show_text     (cairo_t          *cr,
                                      PangoLayout      *layout,
                                      const char       *text,
                                      double            x,
                                      double            y,
                                      double            width,
                                      double            size,
                                      PangoWeight       weight,
                                      PangoAlignment    alignment);
double       acc_print_show_wrapped  (cairo_t          *cr,
                                      PangoLayout      *layout,
                                      const char       *text,
                                      double            x,
                                      double            y,
                                      double            width,
                                      double            size,
                                      PangoWeight       weight);
double       acc_print_text_height   (PangoLayout      *layout,
                                      double            size,
                                      PangoWeight       weight);
double       acc_print_text_width    (PangoLayout      *layout,
                                      const char       *text,
                                      double            size,
                                      PangoWeight       weight);
gboolean     acc_print_write_pdf     (const char       *path,
                                      double            width,
                                      double            height,
                                      const char       *title,
                                      AccPrintDrawFunc  draw,
                                      gpointer          user_data,
                                      GError          **error);

G_END_DECLS
