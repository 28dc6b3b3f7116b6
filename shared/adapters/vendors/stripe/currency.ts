/**
 * Stripe amounts are integers in the currency's minor unit (https://docs.stripe.com/currencies#minor-units).
 * Zero-decimal currencies per Stripe's list; UGX is on it [T: several integrations cite the list].
 * ISK, HUF and TWD are Stripe's "special cases": its API still takes them as two-decimal values (the decimals are
 * always 00), so they keep the default exponent 2 here. [?] whether Stripe moves any of them; the list is one place.
 */
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
/** Three-decimal currencies; Stripe requires their last digit to be 0 but the amount is still in thousandths. */
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** How many decimal places Stripe's minor unit has for `currency` (any case). */
export function minorUnitExponent(currency: string): 0 | 2 | 3 {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/**
 * A Stripe minor-unit amount as a number in major units (1999 USD → 19.99, 500 JPY → 500, 1234 KWD → 1.234).
 * Division by a power of ten is correctly rounded in IEEE 754, so the result is the double nearest the exact decimal.
 */
export function toMajorUnits(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** minorUnitExponent(currency);
}
