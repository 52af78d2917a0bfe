// The one way Clearway builds an ajv instance: standard formats, with `date-time` made strict, so the domain's
// filing validation and the HTTP routes' schemas accept exactly the same date-times.
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** RFC 3339 as the contract writes it: a T, seconds, an offset with a colon. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A date-time that is an instant. ajv-formats also lets through a space for the T, an offset without a colon and
 * leap seconds (23:59:60), which JavaScript dates cannot represent (toISOString throws on them).
 */
export const isInstant = (value: string): boolean => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));

export function createAjv(options: Options): Ajv {
  const ajv = addFormats(new Ajv(options));
  ajv.addFormat('date-time', { type: 'string', validate: isInstant });
  return ajv;
}

/** A property name as a JSON Pointer segment (RFC 6901: ~ is ~0, / is ~1). */
export const pointer = (name: unknown): string => String(name).replace(/~/g, '~0').replace(/\//g, '~1');
