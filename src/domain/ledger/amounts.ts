// Ledger amounts as decimal strings: sums are exact and keep the most decimals of their terms ("10.00" + "5" = "15.00").
import { Dec, decimalsOf } from '../money/index.ts';

/** A signed decimal written plainly: no exponent, no plus sign. */
export const isAmount = (s: string): boolean => /^-?\d+(\.\d+)?$/.test(s);


/** Zero is written without a sign. */
const write = (value: Dec, digits: number): string => (value.isZero() ? new Dec(0).toFixed(digits) : value.toFixed(digits));

export const add = (a: string, b: string): string => write(new Dec(a).plus(b), Math.max(decimalsOf(a), decimalsOf(b)));
export const negate = (a: string): string => write(new Dec(a).negated(), decimalsOf(a));
export const total = (values: readonly string[]): string => values.reduce(add, '0');
export const isZero = (a: string): boolean => new Dec(a).isZero();
