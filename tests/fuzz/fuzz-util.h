/* fuzz-util.h: what the fuzz targets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fuzz target is a file fuzz-<name>.c that defines LLVMFuzzerTestOneInput(), and
 * LLVMFuzzerInitialize() when it needs to set up more than fatal logs once (fuzz-util.c has
 * the one that makes them fatal). The fuzzing build links it with libFuzzer, every other
 * build with fuzz-replay.c, which runs it on its saved inputs.
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int  LLVMFuzzerInitialize   (int            *argc,
                             char         ***argv);
int  LLVMFuzzerTestOneInput (const uint8_t  *data,
                             size_t          size);

void fuzz_make_logs_fatal   (void);

/* Ends the run as a crash when a property of the code under test does not hold; unlike
 * g_assert(), it stays in every build. */
#define FUZZ_CHECK(condition)                                                   \
  G_STMT_START {                                                                \
    if (G_UNLIKELY (!(condition)))                                              \
      fuzz_fail (__FILE__, __LINE__, #condition);                               \
  } G_STMT_END

G_NORETURN void fuzz_fail (const char *file,
                           int         line,
                           const char *condition);

G_END_DECLS
