// Bayesian-smoothed hit rates of past controls, and how much a rate above the base rate points to risk.
import type { HitStats, IndicatorSettings } from './types.ts';
import { unitScore } from './numbers.ts';

/**
 * The base rate: the share of all inspections that found something, as (hits + ½) / (inspections + 1) so that it is
 * never 0 or 1 (a new deployment with no hits yet must not make every later hit infinitely surprising).
 */
export const baseRateOf = (base: HitStats): number => (base.hits + 0.5) / (base.inspections + 1);

/**
 * The posterior mean hit rate under a Beta(m·k, (1 − m)·k) prior centred on the base rate m, k = `priorStrength`
 * pseudo-inspections: (hits + m·k) / (inspections + k). With few observations the rate stays near the base rate
 * (one hit in one inspection, base 5 %, k 20: 9.5 %, not 100 %); with many it approaches the party's own rate.
 */
export const smoothedRate = (s: HitStats, base: number, k: number): number => (s.hits + base * k) / (s.inspections + k);

/**
 * How far a smoothed rate above the base rate points to risk: log(rate / base) / log(fullLift), so twice the base
 * rate scores 0.3 and `fullLift` times (10) scores 1; a rate at or below the base rate scores 0 (a clean history is
 * no evidence against risk here: only a trusted-trader authorisation lowers it).
 */
export const liftScore = (rate: number, base: number, settings: IndicatorSettings): number =>
  rate <= base ? 0 : unitScore(Math.log(rate / base) / Math.log(settings.fullLift));

export interface Rated {
  inspections: number;
  hits: number;
  rate: number;
  base: number;
  score: number;
}

/** Smoothed rate and score of one set of past controls; undefined when there were no inspections (nothing learnt). */
export function rate(s: HitStats | undefined, baseStats: HitStats, settings: IndicatorSettings): Rated | undefined {
  if (!s || s.inspections <= 0) return undefined;
  const base = baseRateOf(baseStats);
  const r = smoothedRate(s, base, settings.priorStrength);
  return { inspections: s.inspections, hits: s.hits, rate: r, base, score: liftScore(r, base, settings) };
}
