// Schemas shared by routes: the error body and small parameter shapes.
import { Type } from '@sinclair/typebox';

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
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** A period of days from a query: `to` defaults to today (UTC), `from` to `days` − 1 days before `to` (both included). */
export function periodOf(query: { from?: string; to?: string }, days = 30): { from: string; to: string } {
  const to = query.to ?? new Date().toISOString().slice(0, 10);
  const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}
