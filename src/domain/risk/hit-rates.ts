// Hit rates of the decisions taken: per rule, per lane and per way of selection (rule, model, random), with the revenue
// the controls recovered. The random selections' rate is the unbiased estimate of how much is wrong in the traffic.
import { Fixed } from '../money/index.ts';

/** A decision at arrival and the outcomes recorded for it since. */
export interface DecisionRecord {
  lane: string;
  selectedBy: string;
  /** Reason codes: `rule:<id>@<version>`, indicator codes, `finding:<code>`, `model:<version>`. */
  reasons: readonly string[];
  outcomes: ReadonlyArray<{ result: string; amount: string | null; currency: string | null }>;
  /** The chance of a random check the parcel had, when it took part in the draw. */
  randomChance?: number | null;
}

export interface HitRate {
  /** Consignments decided (for a rule: those it matched). */
  decided: number;
  /** Sent to a control lane. */
  selected: number;
  /** Controls with a recorded outcome. */
  inspected: number;
  /** Outcomes that found something (anything but `no-finding`). */
  hits: number;
  /** hits ÷ inspected; null before the first outcome. */
  hitRate: number | null;
  /** Revenue adjusted by the controls, per currency (decimal strings, exact sums). */
  revenueAdjusted: Record<string, string>;
}

export interface HitRates {
  overall: HitRate;
  /**
   * The share of the parcels that took part in the random draw (those no rule or score selected) a control would find
   * something in, estimated from the random selections, each weighted by 1 ÷ its chance of being drawn
   * (Horvitz–Thompson): an AEO's parcels are drawn less often, and unweighted they would count too little. It is what
   * the engine lets through unseen. Null before a random selection has an outcome.
   */
  randomEstimate: number | null;
  byLane: Record<string, HitRate>;
  bySelection: Record<string, HitRate>;
  /** Per rule id, every version together. */
  byRule: Record<string, HitRate>;
}

interface Tally {
  decided: number;
  selected: number;
  inspected: number;
  hits: number;
  revenue: Map<string, Fixed>;
}

const tally = (): Tally => ({ decided: 0, selected: 0, inspected: 0, hits: 0, revenue: new Map() });

function add(t: Tally, d: DecisionRecord): void {
  t.decided++;
  if (d.lane !== 'release') t.selected++;
  if (d.outcomes.length === 0) return;
  t.inspected++;
  if (d.outcomes.some((o) => o.result !== 'no-finding')) t.hits++;
  for (const o of d.outcomes) {
    if (o.amount === null || o.currency === null) continue;
    t.revenue.set(o.currency, (t.revenue.get(o.currency) ?? Fixed.ZERO).plus(o.amount));
  }
}

const rateOf = (t: Tally): HitRate => ({
  decided: t.decided,
  selected: t.selected,
  inspected: t.inspected,
  hits: t.hits,
  hitRate: t.inspected === 0 ? null : Math.round((t.hits / t.inspected) * 1e4) / 1e4,
  revenueAdjusted: Object.fromEntries([...t.revenue].sort(([a], [b]) => a.localeCompare(b)).map(([c, v]) => [c, v.toString()])),
});

/** The rule id in a reason code `rule:<id>@<version>`, or undefined for any other reason. */
export function ruleIdOf(code: string): string | undefined {
  if (!code.startsWith('rule:')) return undefined;
  const at = code.lastIndexOf('@');
  const id = at >= 5 ? code.slice(5, at) : code.slice(5);
  return id === '' ? undefined : id;
}

export function hitRates(records: Iterable<DecisionRecord>): HitRates {
  const overall = tally();
  let weights = 0;
  let weightedHits = 0;
  const byLane = new Map<string, Tally>();
  const bySelection = new Map<string, Tally>();
  const byRule = new Map<string, Tally>();
  const into = (m: Map<string, Tally>, key: string, d: DecisionRecord) => add(m.get(key) ?? m.set(key, tally()).get(key)!, d);
  for (const d of records) {
    add(overall, d);
    if (d.selectedBy === 'random' && d.outcomes.length > 0) {
      const w = d.randomChance && d.randomChance > 0 ? 1 / d.randomChance : 1;
      weights += w;
      if (d.outcomes.some((o) => o.result !== 'no-finding')) weightedHits += w;
    }
    into(byLane, d.lane, d);
    into(bySelection, d.selectedBy, d);
    for (const id of new Set(d.reasons.map(ruleIdOf).filter((x): x is string => x !== undefined))) into(byRule, id, d);
  }
  const out = (m: Map<string, Tally>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => [k, rateOf(t)]));
  const randomEstimate = weights === 0 ? null : Math.round((weightedHits / weights) * 1e4) / 1e4;
  return { overall: rateOf(overall), randomEstimate, byLane: out(byLane), bySelection: out(bySelection), byRule: out(byRule) };
}
