// Reads the public customs import declarations data set (Jeong et al. 2022, MIT): its three split CSV files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTable, type FormatError } from '../formats/index.ts';

/** One declared goods item with its inspection outcome. Identifiers stay strings; '' is an empty field. */
export interface LabelledDeclaration {
  id: string;
  /** YYYY-MM-DD */
  date: string;
  office: string;
  processType: string;
  importType: string;
  importUse: string;
  paymentType: string;
  transport: string;
  declarant: string;
  importer: string;
  seller: string;
  courier: string;
  /** As stored: an integer, so leading zeros are lost (71080 is 071080). */
  hs6: string;
  departure: string;
  origin: string;
  /** Percent. */
  taxRate: number;
  taxType: string;
  originIndicator: string;
  /** Kilograms. */
  netMass: number;
  /** KRW. */
  itemPrice: number;
  /** 1 when inspection found a fraudulent attempt to reduce the duty. */
  fraud: 0 | 1;
  /** 0 none, 1 fraud, 2 critical (a threat to public safety). */
  criticalFraud: 0 | 1 | 2;
}

const COLUMNS = {
  id: 'Declaration ID', date: 'Date', office: 'Office ID', processType: 'Process Type', importType: 'Import Type', importUse: 'Import Use',
  paymentType: 'Payment Type', transport: 'Mode of Transport', declarant: 'Declarant ID', importer: 'Importer ID', seller: 'Seller ID',
  courier: 'Courier ID', hs6: 'HS6 Code', departure: 'Country of Departure', origin: 'Country of Origin', taxRate: 'Tax Rate', taxType: 'Tax Type',
  originIndicator: 'Country of Origin Indicator', netMass: 'Net Mass', itemPrice: 'Item Price', fraud: 'Fraud', criticalFraud: 'Critical Fraud',
} as const;

/** The split files of the data set: train = 2020, validation = 2021 Q1, test = 2021 Q2. */
export const SPLIT_FILES = { train: 'df_syn_train_eng.csv', validation: 'df_syn_valid_eng.csv', test: 'df_syn_test_eng.csv' } as const;
export type Split = keyof typeof SPLIT_FILES;

const number = (s: string): number => (s === '' ? NaN : Number(s));

/** Declarations of one CSV text, or the errors that make it unreadable. */
export function parseDeclarations(text: string): { declarations: LabelledDeclaration[]; errors: FormatError[] } {
  const { rows, errors } = readTable(text, { required: Object.values(COLUMNS), optional: [] });
  const declarations: LabelledDeclaration[] = [];
  for (const { line, values } of rows) {
    const v = (k: keyof typeof COLUMNS): string => values[COLUMNS[k]]!;
    const fraud = v('fraud');
    const critical = v('criticalFraud');
    if ((fraud !== '0' && fraud !== '1') || !['0', '1', '2'].includes(critical)) {
      errors.push({ line, column: 'Fraud', code: 'bad-label', message: `Fraud must be 0 or 1 and Critical Fraud 0, 1 or 2, got ${fraud} and ${critical}` });
      continue;
    }
    declarations.push({
      id: v('id'), date: v('date'), office: v('office'), processType: v('processType'), importType: v('importType'), importUse: v('importUse'),
      paymentType: v('paymentType'), transport: v('transport'), declarant: v('declarant'), importer: v('importer'), seller: v('seller'),
      courier: v('courier'), hs6: v('hs6'), departure: v('departure'), origin: v('origin'), taxRate: number(v('taxRate')), taxType: v('taxType'),
      originIndicator: v('originIndicator'), netMass: number(v('netMass')), itemPrice: number(v('itemPrice')),
      fraud: fraud === '1' ? 1 : 0, criticalFraud: Number(critical) as 0 | 1 | 2,
    });
  }
  return { declarations, errors };
}

export type DataSet = Record<Split, LabelledDeclaration[]>;

/** The three splits from a folder, or a message naming the file that is missing or malformed. */
export function readDataSet(dir: string): { data: DataSet } | { error: string } {
  const data = {} as DataSet;
  for (const [split, name] of Object.entries(SPLIT_FILES) as [Split, string][]) {
    const file = join(dir, name);
    if (!existsSync(file)) return { error: `missing file: ${file} (the ${split} split)` };
    const { declarations, errors } = parseDeclarations(readFileSync(file, 'utf8'));
    if (errors.length > 0) return { error: `${file}:${errors[0]!.line}: ${errors[0]!.code}: ${errors[0]!.message}${errors.length > 1 ? ` (and ${errors.length - 1} more errors)` : ''}` };
    data[split] = declarations;
  }
  return { data };
}
