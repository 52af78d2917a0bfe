// Refused filings as a partner's feedback counts them: per error, with array indices folded so one row names one field.
import type { RejectionCount } from './types.ts';

/** An unknown field's name is the sender's: a path is cut at this length before it is stored. */
const MAX_PATH = 200;

// A JSON Pointer with every array index written `*`: "/items/3/hsCode" becomes "/items/*/hsCode".
export function errorPattern(path: string): string {
  const pattern = path.replace(/\/\d+(?=\/|$)/g, '/*');
  return pattern.length > MAX_PATH ? pattern.slice(0, MAX_PATH) : pattern;
}

// The refusals of one call, tallied: how many filings were refused, and per error (code and path pattern) how many of
// them had it. A filing with three bad HS codes counts once under bad-format at "/items/*/hsCode".
export function tallyRejections(refused: ReadonlyArray<ReadonlyArray<{ code: string; path: string }>>): { filings: number; errors: RejectionCount[] } {
  const counts = new Map<string, RejectionCount>();
  for (const errors of refused) {
    const seen = new Set<string>();
    for (const e of errors) {
      const path = errorPattern(e.path);
      const key = `${e.code}\u0000${path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const c = counts.get(key);
      if (c) c.count++;
      else counts.set(key, { code: e.code, path, count: 1 });
    }
  }
  return { filings: refused.length, errors: [...counts.values()] };
}

/** Most frequent first, then by code and path (the same counts always list in the same order). */
export function byFrequency(errors: readonly RejectionCount[]): RejectionCount[] {
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...errors].sort((a, b) => b.count - a.count || order(a.code, b.code) || order(a.path, b.path));
}
