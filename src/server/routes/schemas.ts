// Schemas shared by routes: the error body and small parameter shapes.
import { Type } from '@sinclair/typebox';
import { errorBody, problem } from '../errors.ts';

export const FieldError = Type.Object(
  {
    path: Type.String({ description: 'JSON Pointer to the field ("" for the whole request)' }),
    code: Type.String({ description: 'machine-readable reason, e.g. missing, wrong-type, bad-format, bad-check-digit, too-many-decimals' }),
    message: Type.String(),
  },
  { title: 'FieldError' },
);
export const ErrorBody = Type.Object({ errors: Type.Array(FieldError) }, { title: 'ErrorBody' });
/** A calendar day, YYYY-MM-DD. */
export const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
/** Printable characters: a control character is in no id (and PostgreSQL cannot even compare text holding U+0000). */
export const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]+$';
/** An id in a path or query: what the records' ids can be, so anything else is a 400, not a query. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: PRINTABLE });
export const IdParams = Type.Object({ id: Id });

/**
 * How deep a JSON value nests (a scalar 0), counted without recursion and only up to `limit` + 1: a body may nest deeper
 * than the stack is high, and whatever walks it by recursion (a validator, structuredClone) would overflow, a 503.
 */
export function nesting(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0 && deepest <= limit) {
    const [v, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (v !== null && typeof v === 'object') for (const x of Object.values(v)) stack.push([x, depth + 1]);
  }
  return deepest;
}

/**
 * ajv coerces a query's "Infinity" (or "1e309") to Infinity for an integer, then skips minimum and maximum, which it
 * checks on finite numbers only: a route reading an integer from a query checks it again with this.
 */
export const infinite = (query: Record<string, unknown>, name: string) =>
  typeof query[name] === 'number' && !Number.isFinite(query[name]) ? errorBody(problem('wrong-type', 'must be integer', `/query/${name}`)) : undefined;

/** A period of days from a query: `to` defaults to today (UTC), `from` to `days` − 1 days before `to` (both included). */
export function periodOf(query: { from?: string; to?: string }, days = 30): { from: string; to: string } {
  const to = query.to ?? new Date().toISOString().slice(0, 10);
  const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}
