/* acc-money.c: amounts of money as the desk writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "acc-money.h"

static const char *
currency_symbol (const char *currency)
{
  if (g_strcmp0 (currency, "EUR") == 0)
    return "€";
  if (g_strcmp0 (currency, "GBP") == 0)
    return "£";
  if (g_strcmp0 (currency, "USD") == 0)
    return "$";

  return NULL;
}

/**
 * acc_money_format:
 * @cents: an amount in hundredths of @currency
 * @currency: (nullable): its ISO 4217 code
 *
 * Returns: (transfer full): the amount with its currency, the number written as the user's
 *   locale writes numbers
 */
char *
acc_money_format (gint64      cents,
                  const char *currency)
{
  const char *symbol = currency_symbol (currency);
  char amount[64];

  g_snprintf (amount, sizeof amount, "%'.2f", (double) cents / 100.0);

  if (symbol != NULL)
    /* Translators: an amount of money with its currency symbol: %1$s is the number, %2$s
     * the symbol, for example “€45.00”. French writes “%1$s %2$s” (“45,00 €”). */
    return g_strdup_printf (C_("money", "%2$s%1$s"), amount, symbol);

  /* Translators: an amount of money with its ISO 4217 currency code: %1$s is the number,
   * %2$s the code, for example “CHF 45.00”. */
  return g_strdup_printf (C_("money", "%2$s %1$s"), amount, currency ? currency : "");
}
