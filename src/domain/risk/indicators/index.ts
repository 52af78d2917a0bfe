// Public surface of risk indicators: named, explained evidence about one consignment, from its data and plain lookups.
import type { ConsignmentState } from '../../clearance/index.ts';
import { descriptionHsMismatch } from './description-hs-mismatch.ts';
import { inconsistentFilings } from './inconsistent-filings.ts';
import { lateAdvanceData } from './late-advance-data.ts';
import { missingHsCode } from './missing-hs-code.ts';
import { newParty } from './new-party.ts';
import { partyHistory } from './party-history.ts';
import { routeHistory } from './route-history.ts';
import { splitShipment } from './split-shipment.ts';
import { trustedTrader } from './trusted-trader.ts';
import { indicatorCodes, type Indicator, type IndicatorCode, type RiskContext } from './types.ts';
import { undervaluation } from './undervaluation.ts';
import { vagueDescription } from './vague-description.ts';

type IndicatorFunction = (state: ConsignmentState, ctx: RiskContext) => Indicator | undefined;

/** One function per indicator code (the type makes a missing or extra one a compile error). */
const byCode: Record<IndicatorCode, IndicatorFunction> = {
  undervaluation,
  'split-shipment': splitShipment,
  'inconsistent-filings': inconsistentFilings,
  'vague-description': vagueDescription,
  'description-hs-mismatch': descriptionHsMismatch,
  'missing-hs-code': missingHsCode,
  'late-advance-data': lateAdvanceData,
  'new-party': newParty,
  'party-history': partyHistory,
  'route-history': routeHistory,
  'trusted-trader': trustedTrader,
};

/** Every indicator, in the order `indicatorCodes` lists them and they are reported. */
const indicatorFunctions: readonly IndicatorFunction[] = indicatorCodes.map((code) => byCode[code]);

/** The indicators that apply to a consignment (at most one per code); an empty list when nothing does. */
export function computeIndicators(state: ConsignmentState, ctx: RiskContext): Indicator[] {
  const out: Indicator[] = [];
  for (const compute of indicatorFunctions) {
    const found = compute(state, ctx);
    if (found !== undefined) out.push(found);
  }
  return out;
}

export { indicatorCodes } from './types.ts';
export type * from './types.ts';
export { DEFAULT_SETTINGS } from './settings.ts';
export { buyerKey } from './buyer.ts';
export { sellerKey, partiesOf, type PartyRef } from './parties.ts';
export { baseRateOf, smoothedRate, liftScore } from './hit-rate.ts';
export { arrivalOf, parcelTime, firstOrderFiling, deadlineHoursOf } from './time.ts';
export { isVague } from './vocabulary.ts';
export { readDescription, type DescriptionReading } from './description.ts';
