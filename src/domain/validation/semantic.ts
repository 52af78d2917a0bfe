// Checks a JSON Schema cannot express: real ISO codes, minor digits per currency, S10 check digits, IOSS numbers.
// It runs on unvalidated input too (every problem is reported at once), so it checks each value's type first.
import { currencyDigits, isCountry, isCurrency } from './codes.ts';
import { pointer } from './ajv.ts';
import { isIossNumber } from './ioss.ts';
import { looksLikeS10, s10Problem } from './s10.ts';
import type { FieldError } from './validate.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const COUNTRY_FIELDS = new Set(['country', 'originCountry', 'departureCountry', 'destinationCountry']);
const TWO_LETTERS = /^[A-Z]{2}$/;
const THREE_LETTERS = /^[A-Z]{3}$/;
const DECIMAL = /^[0-9]+(?:\.([0-9]+))?$/;
/** The most minor digits any ISO 4217 currency has (CLF, UYW: 4); used where a filing names no currency. */
const MAX_MINOR_DIGITS = 4;

export function semanticProblems(filing: Obj): FieldError[] {
  const errors: FieldError[] = [];
  walkCodes(filing, [], errors, 0);
  checkTracking(filing, errors);
  checkMoney(filing, errors);
  checkIoss(filing, errors);
  return errors;
}

/**
 * Every country and currency code anywhere in the filing must exist. Depth is bounded by the schema's shape.
 * The path is kept as a stack of keys and joined only when there is something to report (the hot path is valid).
 */
function walkCodes(node: unknown, at: (string | number)[], errors: FieldError[], depth: number): void {
  if (depth > 6) return;
  if (Array.isArray(node)) {
    if (node.length > 1000) return;
    for (let i = 0; i < node.length; i++) {
      const v = node[i];
      if (typeof v === 'object' && v !== null) {
        at.push(i);
        walkCodes(v, at, errors, depth + 1);
        at.pop();
      }
    }
    return;
  }
  if (!isObj(node)) return;
  for (const key in node) {
    if (!Object.hasOwn(node, key)) continue;
    const value = node[key];
    if (typeof value === 'string') {
      if (COUNTRY_FIELDS.has(key) && TWO_LETTERS.test(value) && !isCountry(value)) {
        errors.push({ path: pathOf(at, key), code: 'unknown-country', message: `${value} is not an ISO 3166-1 alpha-2 country code` });
      } else if (key === 'currency' && THREE_LETTERS.test(value) && !isCurrency(value)) {
        errors.push({ path: pathOf(at, key), code: 'unknown-currency', message: `${value} is not an ISO 4217 currency code` });
      } else if (key === 'ioss' && !isIossNumber(value)) {
        errors.push({ path: pathOf(at, key), code: 'bad-ioss-number', message: 'not a valid IOSS number (IM + 10 digits)' });
      }
    } else if (typeof value === 'object' && value !== null) {
      at.push(key);
      walkCodes(value, at, errors, depth + 1);
      at.pop();
    }
  }
}

/** A JSON Pointer from a key stack. */
const pathOf = (at: (string | number)[], key: string): string => [...at, key].map((k) => `/${pointer(k)}`).join('');

function checkTracking(filing: Obj, errors: FieldError[]): void {
  const id = str(filing.trackingId);
  if (id === undefined) return;
  const service = str(filing.service) ?? (isObj(filing.transport) ? str(filing.transport.service) : undefined);
  // Postal items carry an S10 id (UPU S10; mandatory on items containing goods since 1 January 2018).
  if (!looksLikeS10(id) && service !== 'post') return;
  const problem = s10Problem(id);
  if (problem === 'bad-format') {
    errors.push({ path: '/trackingId', code: 'bad-format', message: 'a postal item needs a UPU S10 id such as RR123456785CN' });
  } else if (problem === 'bad-check-digit') {
    errors.push({ path: '/trackingId', code: 'bad-check-digit', message: `${id} fails the UPU S10 check digit` });
  } else if (problem === 'unknown-country') {
    errors.push({ path: '/trackingId', code: 'unknown-country', message: `${id.slice(11)} in ${id} is not an ISO 3166-1 country code` });
  }
}

function checkDigits(value: unknown, currency: string | undefined, path: string, errors: FieldError[]): void {
  if (typeof value !== 'string') return;
  const m = DECIMAL.exec(value);
  if (!m) return; // the schema reports the format
  const allowed = (currency !== undefined ? currencyDigits(currency) : undefined) ?? MAX_MINOR_DIGITS;
  const digits = m[1]?.length ?? 0;
  if (digits > allowed) {
    errors.push({
      path,
      code: 'too-many-decimals',
      message: currency ? `${currency} has ${allowed} minor digits; ${value} has ${digits}` : `at most ${allowed} decimals`,
    });
  }
}

function checkMoney(filing: Obj, errors: FieldError[]): void {
  const currency = str(filing.currency);
  checkDigits(filing.shippingCost, currency, '/shippingCost', errors);
  checkDigits(filing.insuranceCost, currency, '/insuranceCost', errors);
  if (filing.kind === 'payment') checkDigits(filing.amount, currency, '/amount', errors);
  checkItems(filing.items, currency, '/items', errors);
  if (isObj(filing.transport)) checkItems(filing.transport.contents, currency, '/transport/contents', errors);
  // A carrier's contents list names no currency: only the ISO 4217 maximum applies.
  checkItems(filing.contents, undefined, '/contents', errors);
  if (isObj(filing.payment)) checkDigits(filing.payment.amount, str(filing.payment.currency), '/payment/amount', errors);
  if (isObj(filing.taxCollected)) {
    checkDigits(filing.taxCollected.amount, str(filing.taxCollected.currency), '/taxCollected/amount', errors);
  }
}

function checkItems(items: unknown, currency: string | undefined, path: string, errors: FieldError[]): void {
  if (!Array.isArray(items) || items.length > 1000) return;
  items.forEach((item, i) => {
    if (!isObj(item)) return;
    checkDigits(item.unitPrice, currency, `${path}/${i}/unitPrice`, errors);
    // An export declaration's lines carry a value rather than a unit price.
    checkDigits(item.value, currency, `${path}/${i}/value`, errors);
  });
}

function checkIoss(filing: Obj, errors: FieldError[]): void {
  const tc = filing.taxCollected;
  if (isObj(tc) && tc.scheme === 'IOSS' && typeof tc.registrationNumber === 'string' && !isIossNumber(tc.registrationNumber)) {
    errors.push({
      path: '/taxCollected/registrationNumber',
      code: 'bad-ioss-number',
      message: 'an IOSS number is IM + the 3-digit code of an EU Member State + 7 digits, e.g. IM2760000001',
    });
  }
}
