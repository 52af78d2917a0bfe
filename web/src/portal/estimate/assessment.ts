// The estimate the API answers (the Assessment schema in src/domain/model/consignment.ts), and the plain words for it.
import type { Money } from '../../shared/format.ts';

export interface RevenueLine {
  type: 'duty' | 'tax' | 'fee';
  code: string;
  item: number | null;
  basis: string;
  rate: string;
  amount: string;
  dueAtBorder: boolean;
  source: string;
  explanation: string;
}

export interface Assessment {
  packVersion: string;
  day: string;
  destination: string;
  currency: string;
  exchangeRate: { currency: string; perUnit: string; validFrom: string; source: string } | null;
  intrinsicValue: string;
  customsValue: string;
  dutyTotal: string;
  taxTotal: string;
  feesTotal: string;
  total: string;
  alreadyCollected: string;
  dueAtBorder: string;
  collectedBy: 'vendor' | 'intermediary' | 'consumer' | 'carrier' | 'account' | null;
  scheme: { scheme: string; registrationNumber: string; recognised: boolean; reason: string } | null;
  lines: RevenueLine[];
  notes: string[];
  reliefs: Array<{ charge: 'duty' | 'tax' | 'all'; threshold: string; source: string }>;
  findings: Array<{ code: string; message: string }>;
}

/** Whether a decimal string is more than zero, read from its digits (amounts are never made JS numbers). */
export const isPositive = (amount: string): boolean => !amount.startsWith('-') && /[1-9]/.test(amount);

export const moneyOf = (a: Assessment, amount: string): Money => ({ amount, currency: a.currency });

const TAX_NAMES: Record<string, string> = {
  VAT: 'Import VAT',
  GST: 'GST (goods and services tax)',
  HST: 'HST (harmonised sales tax)',
  PST: 'Provincial sales tax',
  MVA: 'Import VAT (MVA)',
  MWST: 'Import VAT (MWST)',
  CT: 'Consumption tax',
};

/** What a line is, in a heading's words: "Customs duty on cotton T-shirt". */
export function lineTitle(line: RevenueLine, itemNames: string[]): string {
  const on = line.item === null ? '' : ` on ${itemNames[line.item] ?? `item ${line.item + 1}`}`;
  if (line.code === 'ROUNDING') return `Rounding of the ${line.type === 'fee' ? 'fees' : line.type} total`;
  if (line.type === 'duty') return `${line.code === 'FLAT' ? 'Flat customs duty' : 'Customs duty'}${on}`;
  if (line.type === 'tax') return `${TAX_NAMES[line.code] ?? line.code}${on}`;
  return line.explanation;
}

/** A basis as written without trailing zeros ("1.000" → "1"): a count or a mass, not money. */
const plain = (basis: string): string => (basis.includes('.') ? basis.replace(/\.?0+$/, '') : basis);

/** How the amount is worked out, rate and base: a percentage of an amount, or a rate per unit times a count. */
export function lineWorking(line: RevenueLine, formatMoney: (amount: string) => string): string {
  if (line.code === 'ROUNDING') return line.rate;
  if (line.rate.includes('%')) return `${line.rate} of ${formatMoney(line.basis)}`;
  return `${line.rate} × ${plain(line.basis)}`;
}

/** Why the line is there, in words: the engine's explanation, except where it only repeats the title. */
export function lineReason(line: RevenueLine): string | undefined {
  if (line.type === 'fee' && line.code !== 'ROUNDING') return undefined;
  if (line.type === 'duty' && line.code === 'MFN') return `Tariff rate for ${line.explanation.replace(/^HS /, 'HS code ')}`;
  return line.explanation.charAt(0).toUpperCase() + line.explanation.slice(1);
}
