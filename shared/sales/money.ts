import * as z from 'zod';

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export const Currency = z
  .string()
  .refine((code) => /^[A-Z]{3}$/.test(code) && ISO_CURRENCIES.has(code), 'must be an ISO 4217 currency code such as EUR')
  .meta({ description: 'ISO 4217 currency code' });

/** Money is integer minor units (cents) of its currency, so sums are exact. */
export const MinorUnits = z
  .number('must be a number of minor units')
  .int('must be whole minor units (cents)')
  .min(0, 'must not be negative')
  .max(1e15, 'is too large')
  .meta({ description: 'Integer minor units of the currency (cents)' });

export const Day = z.iso.date('must be a date (YYYY-MM-DD)').meta({ description: 'A calendar date, YYYY-MM-DD' });
