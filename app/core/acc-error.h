/* acc-error.h: the one error domain of Accueil
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ACC_ERROR (acc_error_quark ())

/* The codes say what the caller can do about the error. */
typedef enum
{
  ACC_ERROR_FAILED,        /* Something unexpected: report it. */
  ACC_ERROR_NOT_FOUND,     /* An id, reference or file that does not exist: fix the input. */
  ACC_ERROR_INVALID,       /* Input or a document that is malformed: fix the input. */
  ACC_ERROR_NEWER_SCHEMA,  /* The database was written by a newer Accueil: upgrade. */
  ACC_ERROR_CORRUPT,       /* The file is not an Accueil database or is damaged: restore it. */
  ACC_ERROR_IO,            /* The disk refused the write (full, read-only): free space, retry. */
  ACC_ERROR_BUSY,          /* Another process holds the database: retry. */
} AccErrorCode;

GQuark acc_error_quark (void);

G_END_DECLS
