// Threshold review (Framework standard 8): what other duty and tax de minimis values would have collected on real parcels.
import type { Pack, Threshold } from '../jurisdiction/index.ts';
import { dec, sum } from '../money/index.ts';
import { runSteps, type OnProgress, type Steps } from '../progress/index.ts';
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

/** Parcels replayed between two reports of progress. */
const PROGRESS_EVERY = 500;

/**
 * Replays each parcel (basket and the day it was assessed) under each scenario. Collection cost is the cost of one
 * declaration with revenue times the parcels with revenue; every amount is a decimal string in the pack's currency.
 * `onProgress` counts parcels replayed out of parcels × scenarios (phase `simulating`), every 500 and at the end of
 * each scenario.
 */
export const simulateThresholds = (
  parcels: ReadonlyArray<{ basket: Basket; day: string }>,
  pack: Pack,
  lookups: Omit<RevenueContext, 'day'>,
  scenarios: readonly Scenario[],
  costPerDeclaration: string,
  onProgress?: OnProgress,
): ScenarioResult[] => runSteps(simulateThresholdSteps(parcels, pack, lookups, scenarios, costPerDeclaration), onProgress);

/** `simulateThresholds` as steps. */
export function* simulateThresholdSteps(
  parcels: ReadonlyArray<{ basket: Basket; day: string }>,
  pack: Pack,
  lookups: Omit<RevenueContext, 'day'>,
  scenarios: readonly Scenario[],
  costPerDeclaration: string,
): Steps<ScenarioResult[]> {
  const digits = currencyDigits(pack.currency) ?? 2;
  const replays = parcels.length * scenarios.length;
  const results: ScenarioResult[] = [];
  for (const [i, s] of scenarios.entries()) {
    const simulated = withThresholds(pack, s);
    let withRevenue = 0;
    let skipped = 0;
    const amounts = [];
    for (let j = 0; j < parcels.length; j++) {
      if (j > 0 && j % PROGRESS_EVERY === 0) yield { done: i * parcels.length + j, total: replays, phase: 'simulating' };
      const p = parcels[j]!;
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
    results.push({
      ...s,
      parcels: parcels.length - skipped,
      parcelsWithRevenue: withRevenue,
      revenue: revenue.toFixed(digits),
      collectionCost: cost.toFixed(digits),
      net: revenue.minus(cost).toFixed(digits),
      skipped,
    });
    yield { done: (i + 1) * parcels.length, total: replays, phase: 'simulating' };
  }
  return results;
}
