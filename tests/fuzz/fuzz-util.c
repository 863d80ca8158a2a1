/* fuzz-util.c: what the fuzz targets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-fuzz"

#include <stdio.h>
#include <stdlib.h>

#include "fuzz-util.h"

/* Prints every message as GLib would, and ends the process on a warning, a critical or an
 * error. Hostile input must be refused with a GError: a warning or a failed precondition is a
 * bug the fuzzer has to report as a crash. GLib would end the process itself, but with
 * SIGTRAP, which libFuzzer does not catch, so the input would not be saved; abort() is a
 * crash it records. */
static GLogWriterOutput
write_then_abort (GLogLevelFlags   log_level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  GLogWriterOutput written = g_log_writer_default (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL |
                   G_LOG_LEVEL_WARNING))
    {
      fprintf (stderr, "accueil-fuzz: a GLib warning or critical is a crash\n");
      abort ();
    }
  return written;
}

/**
 * fuzz_make_logs_fatal:
 *
 * Makes warnings and criticals fatal, as G_DEBUG=fatal-warnings,fatal-criticals would, and
 * makes them end the process with abort(). Call it from LLVMFuzzerInitialize(), before
 * anything logs.
 */
void
fuzz_make_logs_fatal (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (write_then_abort, NULL, NULL);
}

/* What a target sets up once unless it defines its own LLVMFuzzerInitialize(), which then
 * calls fuzz_make_logs_fatal() itself. */
__attribute__ ((weak)) int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_make_logs_fatal ();
  return 0;
}

void
fuzz_fail (const char *file,
           int         line,
           const char *condition)
{
  fprintf (stderr, "%s:%d: property does not hold: %s\n", file, line, condition);
  abort ();
}
