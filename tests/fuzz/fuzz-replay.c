/* fuzz-replay.c: runs a fuzz target on saved inputs, without libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   fuzz-<name> FILE|FOLDER…
 *
 * Builds without libFuzzer link each fuzz target with this main, so that its corpus (the seeds
 * and every crash once found) runs again in every build, with any compiler and sanitizer. A
 * folder stands for the files in it. Prints TAP, one test per input; a crash ends the run, and
 * the last "# input" line names the input that caused it.
 */
#define G_LOG_DOMAIN "accueil-fuzz"

#include <stdio.h>
#include <string.h>

#include "fuzz-util.h"

/* A target defines it only when it has something to set up. */
extern int LLVMFuzzerInitialize (int    *argc,
                                 char ***argv) __attribute__ ((weak));

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Adds the files of @path to @inputs, in name order when it is a folder. An empty or missing
 * folder is an error: a corpus that is not there would make the test pass without running. */
static gboolean
collect (const char  *path,
         GPtrArray   *inputs,
         GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) found = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no such file or folder", path);
          return FALSE;
        }
      g_ptr_array_add (inputs, g_strdup (path));
      return TRUE;
    }

  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;

  found = g_ptr_array_new ();
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      if (name[0] != '.' && g_file_test (file, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (found, g_steal_pointer (&file));
    }

  if (found->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: no inputs in this folder", path);
      return FALSE;
    }

  g_ptr_array_sort (found, compare_paths);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (inputs, g_ptr_array_index (found, i));
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  if (argc < 2)
    {
      fprintf (stderr, "Usage: %s FILE|FOLDER…\n", argv[0]);
      return 2;
    }

  if (LLVMFuzzerInitialize != NULL)
    LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    if (!collect (argv[i], inputs, &error))
      {
        printf ("Bail out! %s\n", error->message);
        return 1;
      }

  printf ("1..%u\n", inputs->len);
  for (guint i = 0; i < inputs->len; i++)
    {
      const char *path = g_ptr_array_index (inputs, i);
      g_autofree char *contents = NULL;
      g_autofree uint8_t *data = NULL;
      gsize size;

      if (!g_file_get_contents (path, &contents, &size, &error))
        {
          printf ("Bail out! %s\n", error->message);
          return 1;
        }

      /* The target gets a buffer of exactly the input's size, as under libFuzzer: the NUL that
       * g_file_get_contents() adds would hide a read past the end from AddressSanitizer. */
      data = g_malloc (MAX (size, 1));
      if (size > 0)
        memcpy (data, contents, size);

      printf ("# input %s (%" G_GSIZE_FORMAT " bytes)\n", path, size);
      fflush (stdout);
      LLVMFuzzerTestOneInput (data, size);
      printf ("ok %u - %s\n", i + 1, path);
    }

  return 0;
}
