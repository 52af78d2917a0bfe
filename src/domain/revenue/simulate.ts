// Threshold review (Framework standard 8): what other duty and tax de minimis values would have collected on real parcels.
import type { Pack, Threshold } from '../jurisdiction/index.ts';
import { dec, sum } from '../money/index.ts';
import { currencyDigits } from '../validation/index.ts';
import { assess } from './engine.ts';
import type { Basket, RevenueContext } from './types.ts';

export interface Scenario {
  /** Duty de minimis in the pack's currency on the intrinsic value (≤); "0" relieves nothing. */
  duty: string;
  tax: string;
}

export interface ScenarioResult extends Scenario {
  parcels: number;
  /** Parcels on which some revenue is due (each one a collection to make). */
  parcelsWithRevenue: number;
  revenue: string;
  collectionCost: string;
  /** revenue − collection cost. */
  net: string;
  /** Parcels the engine could not assess (no exchange rate…), left out of the figures. */
  skipped: number;
}

/** A pack with its duty and tax de minimis replaced by one inclusive threshold each, in force on every day. */
function withThresholds(pack: Pack, s: Scenario): Pack {
  const t = (amount: string, what: string): Threshold => ({
    amount,
    inclusive: amount !== '0',
    basis: 'intrinsic',
    source: `simulated ${what} de minimis`,
    validFrom: '0001-01-01',
  });
  return { ...pack, dutyDeMinimis: [t(s.duty, 'duty')], taxDeMinimis: [t(s.tax, 'tax')] };
}

/**
 * Replays each parcel (basket and the day it was assessed) under each scenario. Collection cost is the cost of one
 * declaration with revenue times the parcels with revenue; every amount is a decimal string in the pack's currency.
 */
export function simulateThresholds(
  parcels: ReadonlyArray<{ basket: Basket; day: string }>,
  pack: Pack,
  lookups: Omit<RevenueContext, 'day'>,
  scenarios: readonly Scenario[],
  costPerDeclaration: string,
): ScenarioResult[] {
  const digits = currencyDigits(pack.currency) ?? 2;
  return scenarios.map((s) => {
    const simulated = withThresholds(pack, s);
    let withRevenue = 0;
    let skipped = 0;
    const amounts = [];
    for (const p of parcels) {
      const r = assess(p.basket, simulated, { ...lookups, day: p.day });
      if (!r.ok) {
        skipped++;
        continue;
      }
      const total = dec(r.assessment.total);
      if (total.gt(0)) withRevenue++;
      amounts.push(total);
    }
    const revenue = sum(amounts);
    const cost = dec(costPerDeclaration).times(withRevenue);
    return {
      ...s,
      parcels: parcels.length - skipped,
      parcelsWithRevenue: withRevenue,
      revenue: revenue.toFixed(digits),
      collectionCost: cost.toFixed(digits),
      net: revenue.minus(cost).toFixed(digits),
      skipped,
    };
  });
}
