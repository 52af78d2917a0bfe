// Decimal money arithmetic: decimal.js in general, fixed-point BigInt (`Fixed`) on the revenue engine's hot path;
// amounts travel as decimal strings and are never JavaScript floats.
import { Decimal as DecimalJs } from 'decimal.js';

/** A Decimal constructor of its own, so no other module's settings leak in: 40 significant digits, half-up. */
export const Dec = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Dec = InstanceType<typeof Dec>;

export const dec = (value: string | number): Dec => new Dec(value);

export const sum = (values: Iterable<Dec>): Dec => {
  let total = new Dec(0);
  for (const v of values) total = total.plus(v);
  return total;
};

/** Fixed-point string with the given minor digits, rounded half away from zero (ROUND_HALF_UP on magnitudes). */
export const toMinor = (value: Dec, digits: number): string => value.toFixed(digits, Dec.ROUND_HALF_UP);

/** How many decimals a decimal string is written with: "9.98" → 2, "1200" → 0. */
export const decimalsOf = (amount: string): number => {
  const point = amount.indexOf('.');
  return point < 0 ? 0 : amount.length - point - 1;
};

/** Whether a value (decimal.js or fixed-point) is within a threshold: ≤ when inclusive, < otherwise. */
export const within = <L>(value: { lte(x: L): boolean; lt(x: L): boolean }, limit: L, inclusive: boolean): boolean =>
  inclusive ? value.lte(limit) : value.lt(limit);
export { Fixed, type FixedLike, type RoundingMode } from './fixed.ts';
