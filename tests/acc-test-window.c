/* acc-test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "acc-test-window.h"

void
acc_test_window_set_up (AccTestWindow *fx,
                        gconstpointer  data)
{
  fx->dir = acc_test_make_dir ();
  fx->store = acc_test_open_new (fx->dir, "day.db");
  acc_test_put_fixture (fx->store);
  if (data != NULL)
    acc_test_put_json (fx->store, data);
  fx->context = acc_context_new (fx->store, NULL);

  /* The window belongs to GTK's list of toplevels until it is destroyed. */
  fx->window = acc_window_new (NULL, fx->context, NULL);
  fx->page = acc_window_get_arrivals_page (fx->window);
  fx->card = acc_arrivals_page_get_card (fx->page);
  gtk_window_present (GTK_WINDOW (fx->window));
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fx->window)));
  acc_test_spin_a_little ();
}

void
acc_test_window_tear_down (AccTestWindow *fx,
                           gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fx->window));
  acc_test_spin_a_little ();
  g_clear_object (&fx->context);
  g_clear_object (&fx->store);
  acc_test_remove_dir (fx->dir);
  g_free (fx->dir);
}
