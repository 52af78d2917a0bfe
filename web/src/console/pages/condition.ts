// A targeting rule's condition in words, for the rules list ("HS code starts with 8517 or 8518 and value per kg < 60").
import { fieldLabel } from './labels.ts';

const OP: Record<string, string> = { lt: '<', lte: '≤', gt: '>', gte: '≥', eq: '=' };
const or = (values: unknown[]): string => values.map(String).join(' or ');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Words for a condition as the API stores it; anything it does not know is shown as JSON rather than guessed at. */
export function describeCondition(c: unknown): string {
  if (!isObject(c)) return JSON.stringify(c);
  const nested = (x: unknown) => {
    const words = describeCondition(x);
    return isObject(x) && ('all' in x || 'any' in x) ? `(${words})` : words;
  };
  if (Array.isArray(c.all)) return c.all.map(nested).join(' and ');
  if (Array.isArray(c.any)) return c.any.map(nested).join(' or ');
  if ('not' in c) return `not ${nested(c.not)}`;
  if (typeof c.field === 'string') {
    const field = fieldLabel(c.field);
    if (Array.isArray(c.in)) return `${field} is ${or(c.in)}`;
    if (Array.isArray(c.prefix)) return `${field} starts with ${or(c.prefix)}`;
    if (typeof c.op === 'string' && OP[c.op]) return `${field} ${OP[c.op]} ${String(c.value)}`;
    if (typeof c.exists === 'boolean') return `${field} is ${c.exists ? 'given' : 'missing'}`;
  }
  if (typeof c.indicator === 'string') return `indicator ${c.indicator} ≥ ${String(c.atLeast)}`;
  if (typeof c.watchlist === 'string') return `on watchlist ${c.watchlist}`;
  return JSON.stringify(c);
}
