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
