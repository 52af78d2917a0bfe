// The estimate the API answers (the Assessment schema in src/domain/model/consignment.ts), and the plain words for it.
import type { Money } from '../../shared/format.ts';

// The API's own schema types (type-only: nothing of the server is bundled).
import type { Assessment, RevenueLine } from '../../../../src/domain/model/consignment.ts';

export type { Assessment, RevenueLine };

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
