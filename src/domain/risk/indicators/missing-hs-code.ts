// Missing HS code: items declared without a tariff classification.
import type { ConsignmentState } from '../../clearance/index.ts';
import { unitScore } from './numbers.ts';
import type { Indicator } from './types.ts';

/**
 * Without an HS code the duty cannot be assessed, the value statistics and the agencies' HS rules cannot be applied:
 * the parcel escapes most of targeting, which is reason enough to look (the WCO e-commerce data elements ask for it;
 * many packs accept a parcel without it below the duty de minimis). Score 0.2 plus 0.2 times the share of items
 * without one: modest, as small sellers often simply do not know their codes.
 */
export function missingHsCode(state: ConsignmentState): Indicator | undefined {
  const items = state.fields.items?.value;
  if (!items) return undefined;
  let missing = 0;
  let first = -1;
  for (let i = 0; i < items.length; i++) {
    if (items[i]!.hsCode === undefined && missing++ === 0) first = i;
  }
  if (missing === 0) return undefined;
  return {
    code: 'missing-hs-code',
    score: unitScore(0.2 + (0.2 * missing) / items.length),
    message: `${missing} of ${items.length} items have no HS code (first: item ${first + 1} "${items[first]!.description}")`,
    evidence: { missing, items: items.length, itemIndex: first },
  };
}
