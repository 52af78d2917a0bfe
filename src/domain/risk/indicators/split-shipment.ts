// Split shipment: one purchase sent as several low-value parcels, each under the threshold, together over it.
import type { ConsignmentState } from '../../clearance/index.ts';
import { Fixed, within } from '../../money/index.ts';
import { buyerKey } from './buyer.ts';
import { HOUR_MS, hours, unitScore } from './numbers.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import { parcelTime } from './time.ts';
import type { Indicator, RiskContext } from './types.ts';

/**
 * The buyer's parcels within `splitWindowHours` of this one (before or after), each within the low-value threshold,
 * with this one: when together they exceed the threshold, the split may be there to stay under it (duty relief, the
 * simplified declaration; WCO Framework, standard 9). Parcels over the threshold are declared in full and do not
 * count; this parcel over it means there is nothing to gain, so no indicator. Score: 0.3 for two parcels, 0.2 more
 * for each further one, at most 0.9: one extra order is often innocent, five in three days rarely are. Values are
 * compared in the threshold's currency; parcels in another currency are left out (the caller supplies assessed
 * intrinsic values, which are in the pack's currency).
 */
export function splitShipment(state: ConsignmentState, ctx: RiskContext): Indicator | undefined {
  const threshold = ctx.lowValueThreshold;
  const own = state.assessment?.intrinsicValue ?? state.categoryDecision?.intrinsicValue ?? null;
  const ownCurrency = state.assessment?.currency ?? state.categoryDecision?.currency;
  if (!threshold || own === null || ownCurrency !== threshold.currency) return undefined;
  const limit = Fixed.of(threshold.amount);
  const inclusive = threshold.inclusive;
  let total = Fixed.of(own);
  if (!within(total, limit, inclusive)) return undefined;
  const key = buyerKey(state.fields);
  if (key === undefined) return undefined;
  const window = (ctx.settings ?? DEFAULT_SETTINGS).splitWindowHours * HOUR_MS;
  const t = Date.parse(parcelTime(state, ctx.now));
  let parcels = 1;
  let first = t;
  let last = t;
  const ids: string[] = [];
  for (const p of ctx.recentParcels(key)) {
    if (p.id === state.id || p.currency !== threshold.currency) continue;
    const at = Date.parse(p.at);
    if (!(Math.abs(at - t) <= window)) continue;
    const value = Fixed.of(p.intrinsicValue);
    if (!within(value, limit, inclusive)) continue;
    total = total.plus(value);
    parcels++;
    ids.push(p.id);
    if (at < first) first = at;
    if (at > last) last = at;
  }
  if (parcels < 2 || within(total, limit, inclusive)) return undefined;
  const span = (last - first) / HOUR_MS;
  const sum = total.toFixed(2);
  return {
    code: 'split-shipment',
    score: unitScore(Math.min(0.9, 0.3 + 0.2 * (parcels - 2))),
    message:
      `${parcels} parcels to the same buyer within ${hours(Math.round(span * 10) / 10)}, each ${threshold.inclusive ? 'at most' : 'under'} ` +
      `${threshold.currency} ${threshold.amount}, together ${threshold.currency} ${sum}`,
    evidence: { parcels, total: sum, currency: threshold.currency, threshold: threshold.amount, spanHours: Math.round(span * 10) / 10, buyer: key, others: ids.join(' ') },
  };
}

