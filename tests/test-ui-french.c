/* test-ui-french.c: the window in French, from the compiled translation of the build tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <libintl.h>

#include <adwaita.h>

#include "acc-arrivals-page.h"
#include "acc-booking-card.h"
#include "acc-test-window.h"
#include "acc-window.h"

/* What po/fr.po says for the strings the test reads, next to the English it replaces: if the
 * translation is not loaded, the English shows and the comparison fails. */
#define FR_ARRIVALS      "Arrivées"
#define EN_ARRIVALS      "Arrivals"
#define FR_REVIEW        "Conflits"
#define EN_REVIEW        "Review"
#define FR_PLACEHOLDER   "Nom, code de réservation ou fin du tél."
#define EN_PLACEHOLDER   "Name, booking code or phone’s last digits"
#define FR_CHECK_IN_ALL  "Enregistrer l’arrivée des 3 participants"
#define EN_CHECK_IN_ALL  "Check In All 3 Participants"
#define FR_TO_CHECK_IN   "À enregistrer"
#define EN_TO_CHECK_IN   "Not checked in"
/* French puts the currency after the amount, with a no-break space before it. */
#define FR_BALANCE       "Solde dû 45,00\u00a0€"
#define EN_BALANCE       "Balance due €45.00"
/* The fixture's sessions are on Saturday 26 December 2026. */
#define FR_DAY           "samedi 26 décembre 2026"
#define EN_DAY           "Saturday 26 December 2026"

typedef AccTestWindow Fixture;

/* Whether @widget is a button that activates @action_name. */
static gboolean
is_button_for (GtkWidget     *widget,
               gconstpointer  action_name)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

static const char *
page_title (AdwViewStack *stack,
            const char   *name)
{
  GtkWidget *child = adw_view_stack_get_child_by_name (stack, name);

  g_assert_nonnull (child);
  return adw_view_stack_page_get_title (adw_view_stack_get_page (stack, child));
}

/* The header: the day in French words, and the titles of the view switcher. */
static void
test_header (Fixture       *fx,
             gconstpointer  data)
{
  AdwWindowTitle *title = ADW_WINDOW_TITLE (acc_test_find_widget (GTK_WIDGET (fx->window),
                                                                  ADW_TYPE_WINDOW_TITLE));
  AdwViewStack *stack = ADW_VIEW_STACK (acc_test_find_widget (GTK_WIDGET (fx->window),
                                                              ADW_TYPE_VIEW_STACK));

  g_assert_nonnull (title);
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "École de test");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), !=, EN_DAY);
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, FR_DAY);

  g_assert_nonnull (stack);
  g_assert_cmpstr (page_title (stack, "arrivals"), !=, EN_ARRIVALS);
  g_assert_cmpstr (page_title (stack, "arrivals"), ==, FR_ARRIVALS);
  g_assert_cmpstr (page_title (stack, "review"), !=, EN_REVIEW);
  g_assert_cmpstr (page_title (stack, "review"), ==, FR_REVIEW);
}

/* The search field's placeholder, from the translated GtkBuilder template. */
static void
test_search_placeholder (Fixture       *fx,
                         gconstpointer  data)
{
  GtkEditable *entry = acc_arrivals_page_get_search_entry (fx->page);
  g_autofree char *placeholder = NULL;

  g_object_get (entry, "placeholder-text", &placeholder, NULL);
  g_assert_cmpstr (placeholder, !=, EN_PLACEHOLDER);
  g_assert_cmpstr (placeholder, ==, FR_PLACEHOLDER);
}

/* The booking card of KM7PX3: the big button, a participant's state, the money due. */
static void
test_booking_card (Fixture       *fx,
                   gconstpointer  data)
{
  GtkButton *button;
  AdwButtonContent *content;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "arrivals.open-reference",
                                             "s", FX_REFERENCE));
  g_assert_true (acc_arrivals_page_is_showing_card (fx->page));
  acc_test_spin_a_little ();

  button = GTK_BUTTON (acc_test_find (GTK_WIDGET (fx->card), is_button_for, "card.check-in-all"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  content = ADW_BUTTON_CONTENT (acc_test_find_widget (GTK_WIDGET (button),
                                                      ADW_TYPE_BUTTON_CONTENT));
  g_assert_nonnull (content);
  g_assert_cmpstr (adw_button_content_get_label (content), !=, EN_CHECK_IN_ALL);
  g_assert_cmpstr (adw_button_content_get_label (content), ==, FR_CHECK_IN_ALL);

  g_assert_null (acc_test_find_label (GTK_WIDGET (fx->card), EN_TO_CHECK_IN));
  g_assert_nonnull (acc_test_find_label (GTK_WIDGET (fx->card), FR_TO_CHECK_IN));

  g_assert_null (acc_test_find_label (GTK_WIDGET (fx->card), EN_BALANCE));
  g_assert_nonnull (acc_test_find_label (GTK_WIDGET (fx->card), FR_BALANCE));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir;
  g_autofree char *mo = NULL;

  /* French before anything reads the locale. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_setenv ("LC_ALL", "fr_FR.UTF-8", TRUE);
  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      const char *why = "the fr_FR.UTF-8 locale is not available on this computer: generate it "
                        "(build-aux/install-deps.sh does, or: add the line 'fr_FR.UTF-8 UTF-8' "
                        "to /etc/locale.gen and run locale-gen), then run the test again";

      g_printerr ("test-ui-french: %s\n", why);
      g_print ("Bail out! %s\n", why);
      return 1;
    }

  localedir = g_getenv ("ACCUEIL_LOCALEDIR");
  if (localedir == NULL || localedir[0] == '\0')
    {
      const char *why = "ACCUEIL_LOCALEDIR is not set: run the test with meson test, which sets "
                        "it to the build tree's po/ folder";

      g_printerr ("test-ui-french: %s\n", why);
      g_print ("Bail out! %s\n", why);
      return 1;
    }
  mo = g_build_filename (localedir, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("test-ui-french: %s is missing: build the project first (ninja)\n", mo);
      g_print ("Bail out! %s is missing\n", mo);
      return 1;
    }

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* gtk_test_init() would switch to an English locale: initialise by hand instead. */
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  gtk_init ();
  adw_init ();

#define ADD(name, func) \
  g_test_add ("/ui/french/" name, Fixture, NULL, acc_test_window_set_up, func, acc_test_window_tear_down)

  ADD ("header", test_header);
  ADD ("search-placeholder", test_search_placeholder);
  ADD ("booking-card", test_booking_card);

  return g_test_run ();
}
