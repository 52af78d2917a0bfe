// Reading exchange rates: the ECB's reference-rate history (eurofxref-hist.csv) and Clearway's rates CSV (docs/revenue.md).
import cc from 'currency-codes';
import { Fixed } from '../domain/money/index.ts';
import type { DailyQuote } from '../domain/revenue/customs-rates.ts';
import type { ExchangeRate } from '../domain/revenue/types.ts';
import { isDay, isPlainDecimal, periodsOverlap, readCsv, readTable, type FormatError } from './csv-read.ts';

/**
 * Positive, written plainly, and not below what the engine's fixed-point arithmetic holds (10^-12 keeps six
 * significant digits at its 18 decimals): a rate of zero, or one that rounds to it, would divide by zero.
 */
const isPositiveDecimal = (s: string): boolean => isPlainDecimal(s) && Fixed.of(s).gt('0.000000000001');

/**
 * The ECB history: a `Date` column and one column per currency (units per 1 EUR), newest day first,
 * `N/A` or empty where the ECB published no quote. Trailing empty columns (the ECB's trailing comma)
 * are allowed, in the header and in the rows. Currency columns are checked for shape only: the history holds withdrawn codes (CYP, ROL, TRL…).
 * Quotes come in the file's order.
 */
export function parseEcbHistory(text: string): { quotes: DailyQuote[]; errors: FormatError[] } {
  const { records, problems } = readCsv(text);
  const errors: FormatError[] = problems.map((p) => ({ line: p.line, code: p.code, message: p.message }));
  const [head, ...body] = records;
  if (!head) return { quotes: [], errors: [...errors, { line: 1, code: 'empty-file', message: 'the file has no header row' }] };
  const columns = head.fields.map((f) => f.trim());
  /** A trailing run of empty column names is the ECB's trailing comma, not a currency. */
  let width = columns.length;
  while (width > 1 && columns[width - 1] === '') width--;
  const headerErrors: FormatError[] = [];
  if (columns[0] !== 'Date') headerErrors.push({ line: head.line, column: columns[0] ?? '', code: 'missing-column', message: 'the first column must be "Date"' });
  const seen = new Set<string>();
  for (const name of columns.slice(1, width)) {
    if (!/^[A-Z]{3}$/.test(name)) headerErrors.push({ line: head.line, column: name, code: 'unknown-column', message: `column "${name}" is not a currency code` });
    else if (seen.has(name)) headerErrors.push({ line: head.line, column: name, code: 'duplicate-column', message: `currency ${name} appears more than once` });
    seen.add(name);
  }
  if (headerErrors.length > 0) return { quotes: [], errors: [...errors, ...headerErrors] };

  const quotes: DailyQuote[] = [];
  const days = new Map<string, number>();
  for (const { line, fields } of body) {
    const values = fields.map((f) => f.trim());
    if (values.length < width || values.slice(width).some((v) => v !== '')) {
      errors.push({ line, code: 'field-count', message: `the row has ${values.length} fields, the header ${columns.length}` });
      continue;
    }
    const date = values[0]!;
    if (!isDay(date)) {
      errors.push({ line, column: 'Date', code: 'invalid-date', message: `Date must be a calendar day YYYY-MM-DD, not "${date}"` });
      continue;
    }
    const earlier = days.get(date);
    if (earlier !== undefined) {
      errors.push({ line, column: 'Date', code: 'duplicate-date', message: `${date} is already on line ${earlier}` });
      continue;
    }
    days.set(date, line);
    for (let i = 1; i < width; i++) {
      const value = values[i]!;
      const currency = columns[i]!;
      if (value === '' || value === 'N/A') continue;
      if (!isPositiveDecimal(value)) {
        errors.push({ line, column: currency, code: 'invalid-decimal', message: `a rate must be a positive decimal or N/A, not "${value}"` });
        continue;
      }
      quotes.push({ date, currency, perEur: value });
    }
  }
  return { quotes, errors };
}

/** Clearway's rates CSV: `currency,per_unit,valid_from,valid_until,source`, rates the law prescribes over the days given. */
export function parseRatesCsv(text: string): { rates: ExchangeRate[]; errors: FormatError[] } {
  const { rows, errors } = readTable(text, { required: ['currency', 'per_unit', 'valid_from', 'source'], optional: ['valid_until'] });
  const rates: ExchangeRate[] = [];
  const accepted = new Map<string, Array<ExchangeRate & { line: number }>>();
  for (const { line, values: v } of rows) {
    const rowErrors: FormatError[] = [];
    const fail = (column: string, code: string, message: string) => rowErrors.push({ line, column, code, message });
    const currency = v.currency!;
    if (!/^[A-Z]{3}$/.test(currency) || !cc.code(currency)) fail('currency', 'invalid-currency', `currency must be an ISO 4217 code like USD, not "${currency}"`);
    if (!isPositiveDecimal(v.per_unit!)) fail('per_unit', 'invalid-decimal', `per_unit must be a positive decimal like 1.0856, not "${v.per_unit}"`);
    if (!isDay(v.valid_from!)) fail('valid_from', 'invalid-date', `valid_from must be a calendar day YYYY-MM-DD, not "${v.valid_from}"`);
    if (v.valid_until !== '') {
      if (!isDay(v.valid_until!)) fail('valid_until', 'invalid-date', `valid_until must be a calendar day YYYY-MM-DD, not "${v.valid_until}"`);
      else if (isDay(v.valid_from!) && v.valid_until! < v.valid_from!) fail('valid_until', 'invalid-period', `valid_until ${v.valid_until} is before valid_from ${v.valid_from}`);
    }
    if (v.source === '') fail('source', 'missing-value', 'source is empty: name the act or publication the rate is read from');
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    const rate: ExchangeRate = { currency, perUnit: v.per_unit!, validFrom: v.valid_from!, source: v.source! };
    if (v.valid_until !== '') rate.validUntil = v.valid_until!;
    const clash = (accepted.get(currency) ?? []).find((r) => periodsOverlap(r, rate));
    if (clash) {
      errors.push({ line, column: 'valid_from', code: 'overlapping-period', message: `a rate for ${currency} is already in force on some of these days (line ${clash.line})` });
      continue;
    }
    accepted.set(currency, [...(accepted.get(currency) ?? []), { ...rate, line }]);
    rates.push(rate);
  }
  errors.sort((a, b) => a.line - b.line);
  return { rates, errors };
}
