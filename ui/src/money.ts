/**
 * Money as the API keeps it: integer minor units (cents) of an ISO 4217 currency. These
 * helpers turn what a person types in major units ("1,234.50") into minor units and back
 * with string arithmetic only, so no float ever reaches a request or a total.
 */
export interface Money {
  amount: number;
  currency: string;
}

/** Minor-unit digits of a currency (EUR 2, JPY 0, BHD 3), as Intl knows them. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export const isCurrency = (code: string): boolean => {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    return Intl.supportedValuesOf('currency').includes(code);
  } catch {
    return true;
  }
};

/** The decimal separator of a locale ("." in en, "," in de). */
export function decimalSeparator(locale?: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** Minor units as an exact decimal string in major units: 123450 EUR → "1234.50", 5 JPY → "5". */
export function minorToDecimal(amount: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const minor = String(Math.abs(Math.trunc(amount))).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${minor}` : `${sign}${minor.slice(0, -digits)}.${minor.slice(-digits)}`;
}

/** Formats minor units in their currency with Intl ("€1,234.50"); an unknown code falls back to "1234.50 XYZ". */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  const decimal = minorToDecimal(amount, currency);
  try {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    // A decimal string is formatted exactly (Intl.NumberFormat v3), never through a float.
    return format.format(decimal as Intl.StringNumericLiteral);
  } catch {
    return `${decimal} ${currency}`;
  }
}

/** Per-currency sums, one after another ("€1,000.00 · $250.00"), or '' for none. */
export function formatAmounts(amounts: readonly Money[], locale?: string): string {
  return amounts.map((m) => formatMoney(m.amount, m.currency, locale)).join(' · ');
}

export type ParsedMoney = { ok: true; amount: number } | { ok: false; error: string };

const MAX_MINOR = 1e15;

/**
 * Reads an amount typed in major units in the locale's notation ("1,234.5" in en,
 * "1.234,5" in de; spaces and apostrophes as group separators) into minor units of
 * `currency`. More decimals than the currency has are refused rather than rounded.
 */
export function parseMoney(text: string, currency: string, locale?: string): ParsedMoney {
  const decimal = decimalSeparator(locale);
  const other = decimal === ',' ? '.' : ',';
  let cleaned = text.trim().replace(/[\s\u00a0\u202f'’]/g, '');
  // A currency symbol or code typed around the number is ignored.
  cleaned = cleaned.replace(/^[^\d.,-]+|[^\d.,]+$/g, '');
  if (!cleaned) return { ok: false, error: 'must be an amount' };
  if (cleaned.startsWith('-')) return { ok: false, error: 'must not be negative' };
  cleaned = cleaned.split(other).join('');
  const match = new RegExp(`^(\\d*)(?:${decimal === '.' ? '\\.' : ','}(\\d*))?$`).exec(cleaned);
  if (!match || (!match[1] && !match[2])) return { ok: false, error: 'must be an amount such as 1234.50' };
  const digits = currencyDigits(currency);
  const fraction = match[2] ?? '';
  if (fraction.replace(/0+$/, '').length > digits)
    return { ok: false, error: digits === 0 ? `must be whole ${currency} (no decimals)` : `has at most ${digits} decimals in ${currency}` };
  const minorText = `${match[1] || '0'}${fraction.slice(0, digits).padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  if (minorText.length > 16 || Number(minorText) > MAX_MINOR) return { ok: false, error: 'is too large' };
  return { ok: true, amount: Number(minorText) };
}

/** The amount in major units as a person would type it back in this locale ("1234.50" → "1234,50" in de). */
export function toInputText(amount: number | undefined, currency: string, locale?: string): string {
  if (amount === undefined || amount === null) return '';
  const decimal = decimalSeparator(locale);
  return minorToDecimal(amount, currency).replace('.', decimal);
}

const REGION_CURRENCY: Record<string, string> = {
  US: 'USD', GB: 'GBP', JP: 'JPY', CH: 'CHF', CA: 'CAD', AU: 'AUD', NZ: 'NZD', IN: 'INR', CN: 'CNY', BR: 'BRL', MX: 'MXN',
  SE: 'SEK', NO: 'NOK', DK: 'DKK', PL: 'PLN', CZ: 'CZK', HU: 'HUF', ZA: 'ZAR', SG: 'SGD', HK: 'HKD', KR: 'KRW', IL: 'ILS',
  AT: 'EUR', BE: 'EUR', CY: 'EUR', DE: 'EUR', EE: 'EUR', ES: 'EUR', FI: 'EUR', FR: 'EUR', GR: 'EUR', HR: 'EUR', IE: 'EUR',
  IT: 'EUR', LT: 'EUR', LU: 'EUR', LV: 'EUR', MT: 'EUR', NL: 'EUR', PT: 'EUR', SI: 'EUR', SK: 'EUR',
};

/** A starting currency for new amounts: the one of the browser's region, else USD. */
export function defaultCurrency(locale?: string): string {
  try {
    const region = new Intl.Locale(locale ?? navigator.language).maximize().region;
    return (region && REGION_CURRENCY[region]) || 'USD';
  } catch {
    return 'USD';
  }
}

/** Adds or takes away one amount from per-currency sums (immutable); empty sums are dropped. */
export function addAmount(sums: readonly Money[], money: Money, sign: 1 | -1): Money[] {
  const next = sums.map((m) => ({ ...m }));
  const entry = next.find((m) => m.currency === money.currency);
  if (entry) entry.amount += sign * money.amount;
  else next.push({ currency: money.currency, amount: sign * money.amount });
  return next.filter((m) => m.amount !== 0);
}
