// Undervaluation: a declared value far below what the same goods from the same origin are usually declared at.
import type { ConsignmentState } from '../../clearance/index.ts';
import { Fixed } from '../../money/index.ts';
import { ratio, unitScore } from './numbers.ts';
import { DEFAULT_SETTINGS } from './settings.ts';
import type { Indicator, RiskContext, ValueQuantiles } from './types.ts';

/**
 * Each item with an HS code is compared, per unit and (when it declares its net mass) per kg, with the learned
 * distribution for its HS6 subheading and origin. Below the 5th percentile, the score is the shortfall as a share of
 * that percentile (1 − declared / p05): 0 just under it, 0.5 at half of it, 1 at a zero price. Under-declaring the
 * price is the commonest revenue fraud in e-commerce (WCO Framework, standard 9); per kg catches the "one phone at
 * EUR 2" and the "2 kg of phones at EUR 10" alike. Without statistics, or with fewer than `minValueObservations`, the
 * distribution says nothing: no indicator. Prices in another currency than the statistics are converted at the
 * assessment's exchange rate; without one, the item is not compared. The worst item makes the indicator.
 */
export function undervaluation(state: ConsignmentState, ctx: RiskContext): Indicator | undefined {
  const items = state.fields.items?.value;
  const currency = state.fields.currency?.value;
  if (!items || !currency) return undefined;
  const min = (ctx.settings ?? DEFAULT_SETTINGS).minValueObservations;
  let best: Candidate | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.hsCode === undefined) continue;
    const hs6 = item.hsCode.slice(0, 6);
    const stats = ctx.valueStats(hs6, item.originCountry);
    if (!stats) continue;
    const price = inCurrency(state, Fixed.of(item.unitPrice), currency, stats.currency);
    if (price === undefined) continue;
    const q = stats.perUnit;
    if (q && q.count >= min && price.lt(q.p05)) {
      best = worse(best, candidate(i, hs6, item.originCountry, stats.currency, 'unit', price, q));
    }
    const qk = stats.perKg;
    if (item.netMassKg !== undefined && qk && qk.count >= min) {
      // price / mass < p05  ⇔  price < p05 × mass: no division for the many items that are not below it.
      const mass = Fixed.of(item.netMassKg);
      if (!mass.isZero() && price.units * Fixed.ONE.units < Fixed.of(qk.p05).units * mass.units) {
        best = worse(best, candidate(i, hs6, item.originCountry, stats.currency, 'kg', price.div(mass), qk));
      }
    }
  }
  if (best === undefined) return undefined;
  const b = best;
  const declared = b.declared.toFixed(2);
  const p05 = Fixed.of(b.q.p05).toFixed(2);
  const median = Fixed.of(b.q.median).toFixed(2);
  return {
    code: 'undervaluation',
    score: b.score,
    message:
      `item ${b.item + 1}: declared ${b.currency} ${declared} per ${b.measure} for HS ${b.hs6} from ${b.origin}; ` +
      `95 % of ${b.q.count} such items declare at least ${b.currency} ${p05} (median ${b.currency} ${median})`,
    evidence: { itemIndex: b.item, hs6: b.hs6, origin: b.origin, measure: b.measure, declared, currency: b.currency, p05, median, observations: b.q.count },
  };
}

interface Candidate {
  score: number;
  item: number;
  hs6: string;
  origin: string;
  currency: string;
  measure: 'unit' | 'kg';
  declared: Fixed;
  q: ValueQuantiles;
}

/** An item's shortfall under the 5th percentile (the caller checked that it is below it, on enough observations). */
function candidate(item: number, hs6: string, origin: string, currency: string, measure: Candidate['measure'], declared: Fixed, q: ValueQuantiles): Candidate {
  return { item, hs6, origin, currency, measure, declared, q, score: unitScore(1 - ratio(declared, Fixed.of(q.p05))) };
}

const worse = (a: Candidate | undefined, b: Candidate): Candidate => (a === undefined || b.score > a.score ? b : a);

/** A price in the order's currency, in the statistics' currency (via the assessment's exchange rate when they differ). */
function inCurrency(state: ConsignmentState, price: Fixed, from: string, to: string): Fixed | undefined {
  if (from === to) return price;
  const a = state.assessment;
  // perUnit: units of the order's currency per 1 unit of the assessment's currency.
  if (!a || a.currency !== to || a.exchangeRate === null || a.exchangeRate.currency !== from) return undefined;
  return price.div(a.exchangeRate.perUnit);
}
