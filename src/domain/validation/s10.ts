// UPU S10 item identifiers: layout and check digit.
// Source: UPU standard S10 (identification of postal items), layout AA 12345678 9 CC; check digit with weights
// 8 6 4 2 3 5 9 7 over the serial number, 11 - (sum mod 11), 10 → 0, 11 → 5 (S10-12, in force since 2012).
import { isCountry } from './codes.ts';

const S10_SHAPE = /^[A-Z]{2}[0-9]{9}[A-Z]{2}$/;
const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;

export const looksLikeS10 = (id: string): boolean => S10_SHAPE.test(id);

/** The check digit for an 8-digit serial number. */
export function s10CheckDigit(serial: string): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (serial.charCodeAt(i) - 48) * WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 0 : c === 11 ? 5 : c;
}

export type S10Problem = 'bad-format' | 'bad-check-digit' | 'unknown-country';

/** Why an id is not a valid S10 identifier, or null when it is. */
export function s10Problem(id: string): S10Problem | null {
  if (!S10_SHAPE.test(id)) return 'bad-format';
  if (s10CheckDigit(id.slice(2, 10)) !== id.charCodeAt(10) - 48) return 'bad-check-digit';
  if (!isCountry(id.slice(11, 13))) return 'unknown-country';
  return null;
}
