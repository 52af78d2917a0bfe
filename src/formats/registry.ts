// Reading a collection scheme's registry (IOSS, VOEC…): `number,name,valid_from[,valid_until]`, every row checked.
import { isDay, periodsOverlap, readTable, type FormatError } from './csv-read.ts';

export interface RegistryRow {
  number: string;
  name: string;
  validFrom: string;
  validUntil?: string;
}

/** The registrations of a file, or the errors of every bad row (line and column named); rows with errors are left out. */
export function parseRegistryCsv(text: string): { registrations: RegistryRow[]; errors: FormatError[] } {
  const { rows, errors } = readTable(text, { required: ['number', 'name', 'valid_from'], optional: ['valid_until'] });
  const registrations: RegistryRow[] = [];
  const accepted = new Map<string, Array<RegistryRow & { line: number }>>();
  for (const { line, values: v } of rows) {
    const before = errors.length;
    const bad = (column: string, message: string) => errors.push({ line, column, code: 'invalid', message });
    if (!v.number) bad('number', 'a registration number is required');
    if (!isDay(v.valid_from ?? '')) bad('valid_from', 'not a YYYY-MM-DD date');
    if (v.valid_until && !isDay(v.valid_until)) bad('valid_until', 'not a YYYY-MM-DD date');
    else if (v.valid_until && v.valid_from && v.valid_until < v.valid_from) bad('valid_until', `ends (${v.valid_until}) before it starts (${v.valid_from})`);
    if (!v.name) bad('name', "the registered trader's name is required");
    if (errors.length > before) continue;
    const reg: RegistryRow = { number: v.number!, name: v.name!, validFrom: v.valid_from!, ...(v.valid_until ? { validUntil: v.valid_until } : {}) };
    const clash = (accepted.get(reg.number) ?? []).find((r) => periodsOverlap(r, reg));
    if (clash) {
      errors.push({ line, column: 'valid_from', code: 'overlapping-period', message: `${reg.number} is registered already on some of these days (line ${clash.line})` });
      continue;
    }
    accepted.set(reg.number, [...(accepted.get(reg.number) ?? []), { ...reg, line }]);
    registrations.push(reg);
  }
  errors.sort((a, b) => a.line - b.line);
  return { registrations, errors };
}
