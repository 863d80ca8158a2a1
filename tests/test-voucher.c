/* test-voucher.c: a booking's voucher shows its reference, and its QR code reads back as it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <glib/gstdio.h>

#include "acc-error.h"
#include "acc-test-util.h"
#include "acc-voucher.h"

/* A walk-in's reference is seven characters long (acc-walkin.h); the fixture's are six. */
#define WALKIN_BOOKING   "00000000-0000-4000-8000-000000000101"
#define WALKIN_REFERENCE "7FQ2KXA"

static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", pdf, "-", NULL };

  return acc_test_run_tool (argv);
}

/* What the QR codes of @png read as, as zbarimg prints them (each followed by a newline);
 * NULL with the test skipped when zbarimg is missing. */
static char *
decode_png (const char *png)
{
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  const char *argv[] = { "zbarimg", "--raw", "-q", png, NULL };

  if (zbarimg == NULL)
    {
      g_test_skip ("zbarimg is missing: install zbar-tools (build-aux/install-deps.sh)");
      return NULL;
    }

  return acc_test_run_tool (argv);
}

/* What the QR code of @pdf's page reads as, scanned from a 300 dpi picture of it. */
static char *
decode_pdf (const char *pdf)
{
  g_autofree char *root = g_strconcat (pdf, "-page", NULL);
  g_autofree char *png = g_strconcat (root, ".png", NULL);
  g_autofree char *out = NULL;
  const char *argv[] = { "pdftoppm", "-r", "300", "-png", "-singlefile", pdf, root, NULL };

  out = acc_test_run_tool (argv);
  if (out == NULL)
    return NULL;

  return decode_png (png);
}

static char *
write_voucher (AccTestDay *fx,
               const char *booking_id,
               const char *name)
{
  g_autofree char *pdf = g_build_filename (fx->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (acc_voucher_write_pdf (fx->store, booking_id, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  return g_steal_pointer (&pdf);
}

static void
test_pdf (AccTestDay    *fx,
          gconstpointer  data)
{
  g_autofree char *pdf = write_voucher (fx, FX_BOOKING, "voucher.pdf");
  g_autofree char *text = pdf_text (pdf);
  /* Zoé and Noé are placed in Ourson 1 this morning, Zoé in Ourson PM this afternoon; the
   * third child, whose name is to come, has no group yet. The balance is 45 € (LC_ALL=C). */
  const char *shown[] = { FX_REFERENCE, "École de test", "Saturday 26 December 2026",
                          "Hélène Lefèvre", "Zoé Lefèvre", "Noé Lefèvre", "[Lefèvre – 3]",
                          "Ski enfants – matin", "Ski enfants – après-midi", "09:00–11:30",
                          "14:00–16:30", "Group Ourson 1", "Group Ourson PM",
                          "Group given at the desk", "To settle at the desk", "€45.00", NULL };
  const char *private[] = { "Arachides", "12 34 56 78", "h@example.org", NULL };

  if (text == NULL)
    return;

  acc_test_assert_shown (text, shown);
  for (guint i = 0; private[i] != NULL; i++)
    g_assert_null (strstr (text, private[i]));
  /* Léa Martin is of another booking. */
  g_assert_null (strstr (text, "Martin"));
}

/* The code holds the reference and nothing else: what the desk's scanner types. */
static void
test_qr_code (AccTestDay    *fx,
              gconstpointer  data)
{
  g_autofree char *pdf = write_voucher (fx, FX_BOOKING, "voucher.pdf");
  g_autofree char *code = decode_pdf (pdf);

  if (code == NULL)
    return;

  g_assert_cmpstr (code, ==, FX_REFERENCE "\n");
}

/* A walk-in's reference, seven characters, of a booking whose payer has not arrived. */
static void
test_walkin_reference (AccTestDay    *fx,
                       gconstpointer  data)
{
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *code = NULL;

  acc_test_put_json (fx->store, "[{\"_id\":\"" WALKIN_BOOKING "\",\"_rev\":\"1-aaaa\","
                     "\"type\":\"booking\",\"schema\":1,\"reference\":\"" WALKIN_REFERENCE "\","
                     "\"customer_id\":\"00000000-0000-4000-8000-000000000102\","
                     "\"balance_due_cents\":12050,\"currency\":\"CHF\",\"notes\":\"\"}]");

  pdf = write_voucher (fx, WALKIN_BOOKING, "walkin.pdf");
  text = pdf_text (pdf);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, WALKIN_REFERENCE));
  g_assert_nonnull (strstr (text, "CHF 120.50"));
  g_assert_nonnull (strstr (text, "No lessons on this day."));

  code = decode_pdf (pdf);
  if (code == NULL)
    return;
  g_assert_cmpstr (code, ==, WALKIN_REFERENCE "\n");
}

/* Nothing left to pay: no line that asks for money. */
static void
test_settled (AccTestDay    *fx,
              gconstpointer  data)
{
  g_autofree char *pdf = write_voucher (fx, FX_BOOKING2, "settled.pdf");
  g_autofree char *text = pdf_text (pdf);

  if (text == NULL)
    return;

  g_assert_nonnull (strstr (text, FX_REFERENCE2));
  g_assert_nonnull (strstr (text, "Luc Martin"));
  g_assert_null (strstr (text, "To settle"));
  g_assert_null (strstr (text, "€"));
  /* Léa's only lesson is cancelled. */
  g_assert_nonnull (strstr (text, "No lessons on this day."));
  g_assert_null (strstr (text, "Ski enfants"));
}

/* The page a print dialog draws, on paper of another size: the same voucher, scaled. */
static void
test_draw (AccTestDay    *fx,
           gconstpointer  data)
{
  g_autofree char *png = g_build_filename (fx->dir, "letter.png", NULL);
  g_autoptr(AccVoucher) voucher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  /* US Letter at 200 dpi. */
  double width = 8.5 * 200, height = 11 * 200;
  cairo_surface_t *surface;
  cairo_t *cr;

  voucher = acc_voucher_load (fx->store, FX_BOOKING, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (acc_voucher_get_reference (voucher), ==, FX_REFERENCE);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  acc_voucher_draw (voucher, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  code = decode_png (png);
  if (code == NULL)
    return;
  g_assert_cmpstr (code, ==, FX_REFERENCE "\n");
}

static void
test_unknown_booking (AccTestDay    *fx,
                      gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (fx->dir, "unknown.pdf", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (acc_voucher_write_pdf (fx->store, "no-such-booking", pdf, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-booking"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

static void
test_unwritable (AccTestDay    *fx,
                 gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fx->dir, "no-folder", "voucher.pdf", NULL);
  g_autofree char *folder = g_build_filename (fx->dir, "folder.pdf", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (acc_voucher_write_pdf (fx->store, FX_BOOKING, missing, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_IO);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A folder where the file should be is left as it was. */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_false (acc_voucher_write_pdf (fx->store, FX_BOOKING, folder, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_IO);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
}

/* A voucher that cannot be made leaves the file already there as it was. */
static void
test_keeps_old_file (AccTestDay    *fx,
                     gconstpointer  data)
{
  g_autofree char *pdf = write_voucher (fx, FX_BOOKING, "voucher.pdf");
  g_autofree char *before = acc_test_read_file (pdf, NULL);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (acc_voucher_write_pdf (fx->store, "no-such-booking", pdf, &error));
  g_assert_error (error, ACC_ERROR, ACC_ERROR_NOT_FOUND);
  after = acc_test_read_file (pdf, NULL);
  g_assert_cmpstr (after, ==, before);
}

static void
assert_one_line (const char *err)
{
  g_assert_cmpstr (err, !=, "");
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static void
test_cli (AccTestDay    *fx,
          gconstpointer  data)
{
  g_autofree char *db = g_strdup (acc_store_get_path (fx->store));
  g_autofree char *pdf = g_build_filename (fx->dir, "cli.pdf", NULL);
  g_autofree char *unknown = g_build_filename (fx->dir, "cli-unknown.pdf", NULL);
  g_autofree char *unwritable = g_build_filename (fx->dir, "no-folder", "cli.pdf", NULL);
  g_autofree char *text = NULL;
  g_auto(AccTestCli) ok = { 0 };
  g_auto(AccTestCli) no_booking = { 0 };
  g_auto(AccTestCli) no_output = { 0 };
  g_auto(AccTestCli) no_db = { 0 };
  g_auto(AccTestCli) bad_reference = { 0 };
  g_auto(AccTestCli) bad_path = { 0 };

  /* The CLI opens the database itself. */
  g_clear_object (&fx->store);

  /* The reference as a person types it: any case, with a dash. */
  acc_test_run_cli (&ok, "voucher", "--db", db, "--booking", "km7-px3", "--output", pdf, NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_cmpstr (ok.err, ==, "");
  text = pdf_text (pdf);
  if (text != NULL)
    g_assert_nonnull (strstr (text, FX_REFERENCE));

  acc_test_run_cli (&no_booking, "voucher", "--db", db, "--output", pdf, NULL);
  g_assert_cmpint (no_booking.status, ==, 2);
  g_assert_nonnull (strstr (no_booking.err, "--booking"));

  acc_test_run_cli (&no_output, "voucher", "--db", db, "--booking", FX_REFERENCE, NULL);
  g_assert_cmpint (no_output.status, ==, 2);
  g_assert_nonnull (strstr (no_output.err, "--output"));

  acc_test_run_cli (&no_db, "voucher", "--booking", FX_REFERENCE, "--output", pdf, NULL);
  g_assert_cmpint (no_db.status, ==, 2);

  acc_test_run_cli (&bad_reference, "voucher", "--db", db, "--booking", "ZZ9ZZ9",
                    "--output", unknown, NULL);
  g_assert_cmpint (bad_reference.status, ==, 1);
  g_assert_nonnull (strstr (bad_reference.err, "ZZ9ZZ9"));
  assert_one_line (bad_reference.err);
  g_assert_false (g_file_test (unknown, G_FILE_TEST_EXISTS));

  acc_test_run_cli (&bad_path, "voucher", "--db", db, "--booking", FX_REFERENCE,
                    "--output", unwritable, NULL);
  g_assert_cmpint (bad_path.status, ==, 1);
  assert_one_line (bad_path.err);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  acc_test_add_day ("/voucher/pdf", test_pdf);
  acc_test_add_day ("/voucher/qr-code", test_qr_code);
  acc_test_add_day ("/voucher/walkin-reference", test_walkin_reference);
  acc_test_add_day ("/voucher/settled", test_settled);
  acc_test_add_day ("/voucher/draw", test_draw);
  acc_test_add_day ("/voucher/unknown-booking", test_unknown_booking);
  acc_test_add_day ("/voucher/unwritable", test_unwritable);
  acc_test_add_day ("/voucher/keeps-old-file", test_keeps_old_file);
  acc_test_add_day ("/voucher/cli", test_cli);

  return g_test_run ();
}
