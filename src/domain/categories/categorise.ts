// WCO Immediate Release Guidelines category of a consignment, from the jurisdiction pack in force on a day.
import { factOn, type Pack, type Threshold } from '../jurisdiction/index.ts';
import { within } from '../money/index.ts';
import type { CategoryDecision } from '../model/index.ts';
import { goodsValue, type MergedFields } from '../merging/index.ts';

/**
 * 1 documents; 2 below the duty and tax de minimis (or relieved as a gift), nothing to collect;
 * 3 low-value dutiable (simplified declaration, revenue collected); 4 high value (full declaration).
 */
export function categorise(fields: MergedFields, pack: Pack, day: string): CategoryDecision {
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
  // The goods' price in the order's currency (intrinsic value: transport and insurance are separate fields).
  const value = fields.items ? goodsValue(fields.items.value) : undefined;
  // Documents means no commercial value: items with a price are categorised by that value instead (and flagged).
  if (declaredDocuments && (value === undefined || value.isZero())) {
    return decision(1, 'correspondence and documents with no commercial value', docs.source);
  }
  if (value === undefined || !fields.currency) return decision(null, 'awaiting order data: no items and prices yet', '');
  if (fields.currency.value !== pack.currency) {
    return decision(null, `prices in ${fields.currency.value}: no ${fields.currency.value}/${pack.currency} customs exchange rate loaded`, '');
  }
  const intrinsic = value.toString();
  const fits = (t: Threshold) => within(value, t.amount, t.inclusive);

  const gift = factOn(pack.giftRelief, day);
  // A gift from one private person to another: no platform took part in the sale.
  if (gift && fields.transaction?.value === 'gift' && !fields.platform?.value && fits(gift)) {
    return decision(2, `non-commercial gift within the ${gift.amount} ${pack.currency} relief`, gift.source, intrinsic);
  }
  const duty = factOn(pack.dutyDeMinimis, day);
  const tax = factOn(pack.taxDeMinimis, day);
  const low = factOn(pack.lowValueThreshold, day);
  if (!duty || !tax || !low) {
    const missing = [!duty && 'duty de minimis', !tax && 'tax de minimis', !low && 'low-value threshold'].filter(Boolean).join(', ');
    return decision(null, `pack ${pack.id}@${pack.version} has no ${missing} in force on ${day}`, '', intrinsic);
  }
  if (fits(duty) && fits(tax)) {
    return decision(2, `intrinsic value within the duty (${duty.amount}) and tax (${tax.amount}) de minimis`, `${duty.source}; ${tax.source}`, intrinsic);
  }
  if (fits(low)) {
    return decision(3, `low-value consignment: intrinsic value ${intrinsic} ≤ ${low.amount} ${pack.currency}, revenue due`, low.source, intrinsic);
  }
  return decision(4, `intrinsic value ${intrinsic} over ${low.amount} ${pack.currency}: full declaration`, low.source, intrinsic);
}
