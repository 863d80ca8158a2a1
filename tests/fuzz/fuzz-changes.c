/* fuzz-changes.c: the reader of a page of the _changes feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pull reads every page the server answers with acc_changes_page_read() before anything of
 * it is stored, so the reader sees raw network bytes.
 */
#define G_LOG_DOMAIN "accueil-fuzz"

#include "acc-json-text.h"
#include "fuzz-util.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_make_logs_fatal ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AccChangesPage) page = NULL;

  page = acc_changes_page_read ((const char *) data, size, &error);

  /* A page, or an error that says why not. */
  FUZZ_CHECK ((page != NULL) != (error != NULL));
  return 0;
}
