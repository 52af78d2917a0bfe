// The HS 2022 nomenclature (jurisdictions/hs/, ODC-PDDL): which codes exist and what they are called.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readTable } from '../formats/index.ts';

export interface HsEntry {
  code: string;
  description: string;
  /** 2 chapter, 4 heading, 6 subheading. */
  level: 2 | 4 | 6;
}

const FILE = fileURLToPath(new URL('../../jurisdictions/hs/harmonized-system.csv', import.meta.url));
let entries: Map<string, HsEntry> | undefined;

/** The nomenclature by code, read once per process; a broken shipped file is a bug, so it throws. */
export function nomenclature(): Map<string, HsEntry> {
  if (entries) return entries;
  const { rows, errors } = readTable(readFileSync(FILE, 'utf8'), { required: ['section', 'hscode', 'description', 'parent', 'level'], optional: [] });
  if (errors.length > 0) throw new Error(`${FILE}: ${errors[0]!.message} (line ${errors[0]!.line})`);
  const map = new Map<string, HsEntry>();
  for (const { values } of rows) {
    const level = Number(values.level);
    // Rows of section TOTAL are UN Comtrade's aggregates (the TOTAL row, and chapter 99 "commodities not specified
    // according to kind"), not codes of the WCO nomenclature.
    if (values.section === 'TOTAL') continue;
    if (level === 2 || level === 4 || level === 6) map.set(values.hscode!, { code: values.hscode!, description: values.description!, level });
  }
  entries = map;
  return map;
}

/** The HS 2022 subheading an item's code falls in (its first six digits), or undefined when there is none. */
export const subheading = (hsCode: string): HsEntry | undefined => {
  const e = nomenclature().get(hsCode.slice(0, 6));
  return e?.level === 6 ? e : undefined;
};
