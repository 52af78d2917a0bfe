// Selectivity under capacity: combine rules, indicators and the model into one score, then decide who is inspected today.
import type { ForcedLane, RuleHit } from './rules/index.ts';

/** One piece of evidence behind a score, as the consignment's `risk.reasons` shows it. */
export interface Reason {
  code: string;
  message: string;
  weight: number;
}

export interface Evidence {
  hits: readonly RuleHit[];
  /** Indicators as { code, score (−1..1; negative lowers risk), message }. */
  indicators: ReadonlyArray<{ code: string; score: number; message: string }>;
  /** The learned model's probability of a finding and its largest contributions, when a model is active. */
  model?: { version: string; probability: number; contributions: ReadonlyArray<{ feature: string; value: number }> };
}

/** Weights as stored and shown: six decimals are far below any difference that matters, and JSON stays short. */
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Lanes in order of intrusiveness: a rule forcing a stronger control wins over a weaker one. */
const STRENGTH: Record<ForcedLane, number> = { 'document-check': 1, scan: 2, physical: 3, 'agency-referral': 4 };

/**
 * One score in 0..1. Rule weights and positive indicators are independent pieces of evidence combined by noisy-or
 * (1 − Π(1 − wᵢ)); the model's probability, when there is one, is one more piece; a negative indicator (a trusted
 * trader) scales the result down by its size. Reasons list every piece, strongest first.
 */
export function combine(e: Evidence): { score: number; reasons: Reason[]; forcedLane: ForcedLane | null } {
  const reasons: Reason[] = [];
  let keep = 1;
  let damp = 1;
  let forced: ForcedLane | null = null;
  for (const h of e.hits) {
    if (h.weight > 0) keep *= 1 - Math.min(h.weight, 1);
    if (h.lane && (forced === null || STRENGTH[h.lane] > STRENGTH[forced])) forced = h.lane;
    reasons.push({ code: `rule:${h.ruleId}@${h.version}`, message: h.lane ? `${h.name} (demands ${h.lane})` : h.name, weight: round6(h.weight) });
  }
  for (const i of e.indicators) {
    if (i.score > 0) keep *= 1 - Math.min(i.score, 1);
    else if (i.score < 0) damp *= 1 + Math.max(i.score, -1);
    if (i.score !== 0) reasons.push({ code: i.code, message: i.message, weight: round6(i.score) });
  }
  if (e.model) {
    keep *= 1 - e.model.probability;
    const top = [...e.model.contributions].sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, 3);
    const why = top.map((c) => `${c.feature} ${c.value >= 0 ? '+' : ''}${c.value.toFixed(2)}`).join(', ');
    reasons.push({ code: `model:${e.model.version}`, message: `learned model: probability ${e.model.probability.toFixed(3)}${why ? ` (${why})` : ''}`, weight: round6(e.model.probability) });
  }
  reasons.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  return { score: (1 - keep) * damp, reasons, forcedLane: forced };
}

/** Per lane, how many controls the office can do in a day, and how many it has done so far today. */
export interface Capacity {
  lane: ForcedLane;
  perDay: number;
  usedToday: number;
}

export interface SelectionPolicy {
  /** Share of each lane's capacity kept for random selection, so the model keeps seeing unbiased outcomes (default 0.1). */
  randomShare: number;
  /** The expected value a consignment needs to be selected by score: kept by the caller so the capacity fills over the day. */
  threshold: number;
  /** Parcels expected per day: turns the random share into a per-parcel probability. */
  expectedPerDay: number;
}

export type Decision =
  | { lane: 'release'; selectedBy: 'none' }
  | { lane: ForcedLane; selectedBy: 'rule' | 'model' | 'random' };

/**
 * Expected value of inspecting: probability of a finding times what is at stake (the revenue assessed, at least
 * `harmFloor`, the value the administration gives to stopping a non-revenue offence).
 */
export const expectedValue = (score: number, atStake: number, harmFloor = 1): number => score * Math.max(atStake, harmFloor);

/**
 * Decide one consignment. A rule's forced lane always applies (it may exceed capacity: the law comes first).
 * Otherwise, while the lane has capacity left, a consignment is selected when its expected value reaches the
 * threshold, or at random with the probability that spends the random share of the capacity over the day.
 * `draw` is a uniform number in [0, 1) supplied by the caller (so this stays pure and testable).
 */
export function decide(
  score: number,
  ev: number,
  forcedLane: ForcedLane | null,
  lane: Capacity,
  policy: SelectionPolicy,
  draw: number,
): Decision {
  if (forcedLane !== null) return { lane: forcedLane, selectedBy: 'rule' };
  if (lane.usedToday >= lane.perDay) return { lane: 'release', selectedBy: 'none' };
  if (score > 0 && ev >= policy.threshold) return { lane: lane.lane, selectedBy: 'model' };
  const randomPerParcel = policy.expectedPerDay > 0 ? (policy.randomShare * lane.perDay) / policy.expectedPerDay : 0;
  if (draw < randomPerParcel) return { lane: lane.lane, selectedBy: 'random' };
  return { lane: 'release', selectedBy: 'none' };
}

/**
 * The threshold that fills the score-selected part of a lane's capacity: the expected value above which, among
 * recent parcels, a share (1 − randomShare) × perDay / expectedPerDay lies. Infinity when nothing may be selected, or
 * when the recent values are too few to hold one parcel of that share.
 */
export function thresholdFor(recentValues: readonly number[], perDay: number, expectedPerDay: number, randomShare: number): number {
  if (recentValues.length === 0 || perDay <= 0 || expectedPerDay <= 0) return Number.POSITIVE_INFINITY;
  const share = Math.min(1, ((1 - randomShare) * perDay) / expectedPerDay);
  if (share <= 0) return Number.POSITIVE_INFINITY;
  // Too few recent values to place the top share (a node's first parcels): select none by score until there are.
  const k = Math.floor(share * recentValues.length);
  if (k < 1) return Number.POSITIVE_INFINITY;
  const sorted = [...recentValues].sort((a, b) => b - a);
  return sorted[k - 1]!;
}
