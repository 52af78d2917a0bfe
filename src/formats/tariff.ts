// Reading the tariff CSV format (docs/revenue.md, "Tariff CSV format") into tariff lines, every row validated.
import { Dec } from '../domain/money/index.ts';
import type { DutyRate, TariffLine } from '../domain/revenue/types.ts';
import { isDay, isPlainDecimal, periodsOverlap, readTable, type FormatError } from './csv-read.ts';

const REQUIRED = ['hs', 'description', 'valid_from', 'source'] as const;
const OPTIONAL = ['ad_valorem_percent', 'specific_amount', 'specific_unit', 'combine', 'valid_until'] as const;
const UNITS = ['kg', 'item', 'pair', 'litre'] as const;
const COMBINES = ['sum', 'max', 'min'] as const;

type Unit = (typeof UNITS)[number];
type Combine = (typeof COMBINES)[number];

export function parseTariffCsv(text: string): { lines: TariffLine[]; errors: FormatError[] } {
  const { columns, headerLine, rows, errors } = readTable(text, { required: REQUIRED, optional: OPTIONAL });
  if (columns.length > 0) {
    const missing = (column: string, message: string) => ({ lines: [], errors: [{ line: headerLine, column, code: 'missing-column', message }, ...errors] });
    if (!columns.includes('ad_valorem_percent') && !columns.includes('specific_amount')) {
      return missing('ad_valorem_percent', 'a column ad_valorem_percent or specific_amount (or both) is required');
    }
    if (columns.includes('specific_amount') && !columns.includes('specific_unit')) {
      return missing('specific_unit', 'column specific_unit is required with specific_amount');
    }
  }
  const lines: TariffLine[] = [];
  const accepted = new Map<string, Array<TariffLine & { line: number }>>();
  for (const { line, values: v } of rows) {
    const rowErrors: FormatError[] = [];
    const fail = (column: string, code: string, message: string) => rowErrors.push({ line, column, code, message });

    if (!/^\d{2,10}$/.test(v.hs!)) fail('hs', 'invalid-hs', `hs must be 2 to 10 digits, not "${v.hs}"`);
    if (v.description === '') fail('description', 'missing-value', 'description is empty');
    if (v.source === '') fail('source', 'missing-value', 'source is empty: name the public text the rate is read from');
    if (!isDay(v.valid_from!)) fail('valid_from', 'invalid-date', `valid_from must be a calendar day YYYY-MM-DD, not "${v.valid_from}"`);
    if (v.valid_until !== '') {
      if (!isDay(v.valid_until!)) fail('valid_until', 'invalid-date', `valid_until must be a calendar day YYYY-MM-DD, not "${v.valid_until}"`);
      else if (isDay(v.valid_from!) && v.valid_until! < v.valid_from!) {
        fail('valid_until', 'invalid-period', `valid_until ${v.valid_until} is before valid_from ${v.valid_from}`);
      }
    }

    const adValorem = v.ad_valorem_percent!;
    const amount = v.specific_amount!;
    const unit = v.specific_unit!;
    const combine = v.combine!;
    if (adValorem === '' && amount === '') {
      fail('ad_valorem_percent', 'no-duty', 'give ad_valorem_percent, specific_amount or both');
    }
    if (adValorem !== '' && !isPlainDecimal(adValorem)) {
      fail('ad_valorem_percent', 'invalid-decimal', `ad_valorem_percent must be a non-negative decimal like 12 or 2.7, not "${adValorem}"`);
    }
    if (amount !== '' && !isPlainDecimal(amount)) {
      fail('specific_amount', 'invalid-decimal', `specific_amount must be a non-negative decimal like 3.50, not "${amount}"`);
    }
    if (amount !== '' && !UNITS.includes(unit as Unit)) {
      fail('specific_unit', 'invalid-unit', `specific_unit must be one of ${UNITS.join(', ')} with specific_amount, not "${unit}"`);
    }
    if (amount === '' && unit !== '') fail('specific_unit', 'unit-without-amount', 'specific_unit is given without specific_amount');
    if (combine !== '') {
      if (!COMBINES.includes(combine as Combine)) fail('combine', 'invalid-combine', `combine must be one of ${COMBINES.join(', ')}, not "${combine}"`);
      else if (adValorem === '' || amount === '') fail('combine', 'combine-without-compound', 'combine applies only when both ad_valorem_percent and specific_amount are given');
    }

    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    const duty: DutyRate = {};
    if (adValorem !== '') duty.adValorem = new Dec(adValorem).div(100).toFixed();
    if (amount !== '') duty.specific = { amount, unit: unit as Unit };
    if (combine !== '') duty.combine = combine as Combine;
    const tariffLine: TariffLine = { hs: v.hs!, description: v.description!, duty, source: v.source!, validFrom: v.valid_from! };
    if (v.valid_until !== '') tariffLine.validUntil = v.valid_until!;
    const clash = (accepted.get(tariffLine.hs) ?? []).find((a) => periodsOverlap(a, tariffLine));
    if (clash) {
      errors.push({ line, column: 'valid_from', code: 'overlapping-period', message: `hs ${tariffLine.hs} is already in force on some of these days (line ${clash.line})` });
      continue;
    }
    accepted.set(tariffLine.hs, [...(accepted.get(tariffLine.hs) ?? []), { ...tariffLine, line }]);
    lines.push(tariffLine);
  }
  errors.sort((a, b) => a.line - b.line);
  return { lines, errors };
}
