// Validates a filing: JSON Schema first (ajv, all errors), then the checks a schema cannot express.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { filingKinds, filingSchemas, type Filing, type FilingKind } from '../model/filing.ts';
import { createAjv, pointer } from './ajv.ts';
import { semanticProblems } from './semantic.ts';

export interface FieldError {
  /** JSON Pointer to the offending field, e.g. `/items/0/unitPrice`. */
  path: string;
  /** Machine-readable reason: missing, wrong-type, unknown-field, bad-format, too-long, not-allowed, bad-check-digit… */
  code: string;
  message: string;
}

export type Validation = { ok: true; filing: Filing } | { ok: false; errors: FieldError[] };

const ajv = createAjv({ allErrors: true, strict: true });
const validators = Object.fromEntries(
  filingKinds.map((k) => [k, ajv.compile(filingSchemas[k])]),
) as Record<FilingKind, ValidateFunction>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateFiling(input: unknown): Validation {
  if (!isObject(input)) {
    return { ok: false, errors: [{ path: '', code: 'wrong-type', message: 'a filing is a JSON object' }] };
  }
  const kind = input.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(validators, kind)) {
    const errors: FieldError[] = [
      kind === undefined
        ? { path: '/kind', code: 'missing', message: `kind is required: one of ${filingKinds.join(', ')}` }
        : { path: '/kind', code: 'not-allowed', message: `kind must be one of ${filingKinds.join(', ')}` },
    ];
    if (typeof input.filingId !== 'string') errors.push({ path: '/filingId', code: 'missing', message: 'filingId is required' });
    return { ok: false, errors };
  }
  const validate = validators[kind as FilingKind];
  const schemaOk = validate(input);
  const errors = schemaOk ? [] : toFieldErrors(validate.errors ?? []);
  errors.push(...semanticProblems(input));
  if (errors.length > 0) return { ok: false, errors: capErrors(dedupe(errors)) };
  return { ok: true, filing: input as Filing };
}

/** Maps ajv errors to the API's field errors (also used for query strings and parameters). */
export function toFieldErrors(ajvErrors: ErrorObject[]): FieldError[] {
  return ajvErrors.map((e) => {
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required':
        return { path: `${e.instancePath}/${pointer(p.missingProperty)}`, code: 'missing', message: `${String(p.missingProperty)} is required` };
      case 'additionalProperties':
        return {
          path: `${e.instancePath}/${pointer(p.additionalProperty)}`,
          code: 'unknown-field',
          message: `${String(p.additionalProperty)} is not a field of this object`,
        };
      case 'type':
        return { path: e.instancePath, code: 'wrong-type', message: `must be ${String(p.type)}` };
      case 'enum':
      case 'const':
        return { path: e.instancePath, code: 'not-allowed', message: `must be one of ${listOf(p.allowedValues ?? [p.allowedValue])}` };
      case 'maxLength':
      case 'maxItems':
      case 'maximum':
        return { path: e.instancePath, code: 'too-long', message: e.message ?? 'too long' };
      case 'minLength':
      case 'minItems':
      case 'minimum':
        return { path: e.instancePath, code: 'too-short', message: e.message ?? 'too short' };
      case 'pattern':
      case 'format':
        return { path: e.instancePath, code: 'bad-format', message: formatMessage(e) };
      default:
        return { path: e.instancePath, code: 'invalid', message: e.message ?? 'invalid' };
    }
  });
}

const listOf = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(', ') : String(v));

function formatMessage(e: ErrorObject): string {
  const field = e.instancePath.split('/').pop() ?? '';
  if (e.keyword === 'format') {
    const format = String((e.params as { format: string }).format);
    return format === 'date-time'
      ? 'must be an ISO 8601 date-time such as 2026-11-20T10:15:00Z (with T, seconds and offset)'
      : `must be a valid ${format}`;
  }
  if (/Price|Cost|amount/i.test(field)) return 'must be a decimal string such as "12.50"';
  if (/MassKg$/.test(field)) return 'must be a mass in kg as a decimal string with up to 3 decimals, such as "0.450"';
  if (/[cC]ountry$/.test(field)) return 'must be an ISO 3166-1 alpha-2 code such as "DE"';
  if (field === 'currency') return 'must be an ISO 4217 code such as "EUR"';
  if (field === 'hsCode') return 'must be an HS code of 6 to 10 digits';
  return `must match ${String((e.params as { pattern: string }).pattern)}`;
}

/** At most this many errors are listed: enough to fix a filing, without a multi-megabyte answer to a hostile one. */
export const MAX_ERRORS = 100;

/** The first MAX_ERRORS errors, and one more (`too-many-errors`) counting the rest. */
export function capErrors(errors: FieldError[]): FieldError[] {
  if (errors.length <= MAX_ERRORS) return errors;
  const rest = errors.length - MAX_ERRORS;
  return [...errors.slice(0, MAX_ERRORS), { path: '', code: 'too-many-errors', message: `${rest} more errors not listed` }];
}


function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
