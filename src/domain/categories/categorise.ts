// WCO Immediate Release Guidelines category of a consignment, from the pack in force on a day and the revenue assessment.
import { thresholdOn, type Pack } from '../jurisdiction/index.ts';
import { dec, within } from '../money/index.ts';
import type { CategoryDecision } from '../model/index.ts';
import { goodsValue, type MergedFields } from '../merging/index.ts';
import type { AssessResult } from '../revenue/index.ts';

/**
 * 1 documents; 2 nothing to collect (below the duty and tax de minimis, or relieved as a gift);
 * 3 low-value dutiable (simplified declaration, revenue collected); 4 high value (full declaration).
 * `assessed` is the revenue engine's answer for the same fields and day (undefined while there is no order data).
 */
export function categorise(fields: MergedFields, pack: Pack, day: string, assessed: AssessResult | undefined): CategoryDecision {
  const decision = (category: CategoryDecision['category'], reason: string, source: string, intrinsicValue: string | null = null): CategoryDecision => ({
    category,
    reason,
    intrinsicValue,
    currency: pack.currency,
    packVersion: `${pack.id}@${pack.version}`,
    source,
  });
  const docs = pack.documentTransactions;
  const declaredDocuments = fields.transaction !== undefined && docs.transactions.includes(fields.transaction.value);
  const value = fields.items ? goodsValue(fields.items.value) : undefined;
  // Documents means no commercial value: items with a price are categorised by that value instead (and flagged).
  if (declaredDocuments && (value === undefined || value.isZero())) {
    return decision(1, 'correspondence and documents with no commercial value', docs.source);
  }
  if (!assessed) return decision(null, 'awaiting order data: no items and prices yet', '');
  if (!assessed.ok) return decision(null, assessed.message, '');
  const a = assessed.assessment;
  const intrinsic = a.intrinsicValue;
  if (dec(a.total).isZero()) {
    const why = a.reliefs.map((r) => `${r.charge === 'all' ? 'gift' : r.charge} relief up to ${a.currency} ${r.threshold} (${r.source})`).join('; ');
    return decision(2, `nothing to collect: ${why || 'nothing is due'}`, a.reliefs.map((r) => r.source).join('; '), intrinsic);
  }
  // The low-value threshold that applies to this parcel (some apply to one service or departure country only), on its basis.
  const low = thresholdOn(pack.lowValueThreshold, day, { service: fields.service?.value, departureCountry: fields.departureCountry?.value });
  if (!low) return decision(null, `pack ${pack.id}@${pack.version} has no low-value threshold in force on ${day}`, '', intrinsic);
  const [what, measured] = low.basis === 'customs-value' ? ['customs value', a.customsValue] : ['intrinsic value', intrinsic];
  if (within(dec(measured), low.amount, low.inclusive)) {
    return decision(3, `low-value consignment: ${what} ${measured} ${low.inclusive ? '≤' : '<'} ${low.amount} ${pack.currency}, revenue due`, low.source, intrinsic);
  }
  return decision(4, `${what} ${measured} over ${low.amount} ${pack.currency}: full declaration`, low.source, intrinsic);
}
