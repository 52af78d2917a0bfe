// ISO 3166-1 country and ISO 4217 currency codes, from maintained packages, as fast lookups.
import countries from 'i18n-iso-countries';
import currencyCodes from 'currency-codes';

const countrySet: ReadonlySet<string> = new Set(Object.keys(countries.getAlpha2Codes()));
/** ISO 4217 code → number of minor digits (EUR 2, JPY 0, KWD 3); codes without a minor unit (gold, SDR…) are left out. */
const minorDigits: ReadonlyMap<string, number> = new Map(
  currencyCodes
    .data.filter((c) => Number.isInteger(c.digits))
    .map((c) => [c.code, c.digits] as const),
);

export const isCountry = (code: string): boolean => countrySet.has(code);
export const isCurrency = (code: string): boolean => minorDigits.has(code);
export const currencyDigits = (code: string): number | undefined => minorDigits.get(code);
/** ISO 3166-1 numeric code of an alpha-2 code, e.g. DE → "276". */
export const countryNumeric = (alpha2: string): string | undefined => countries.alpha2ToNumeric(alpha2);
