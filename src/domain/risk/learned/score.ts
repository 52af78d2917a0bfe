// The learned model's probability that controlling a consignment finds something, and the features that moved it most.
import type { ConsignmentState } from '../../clearance/index.ts';
import type { Indicator } from '../indicators/index.ts';
import { contributions, predict } from '../model/index.ts';
import { featuriseInto } from './features.ts';
import type { LoadedRiskModel } from './model.ts';

/** One feature's share of the score: what its splits added to the log-odds (negative: it lowered the risk). */
export interface FeatureContribution {
  feature: string;
  value: number;
}

export interface RiskModelScore {
  /** 0..1: the model's probability of a hit. */
  probability: number;
  /** The three largest contributions by absolute value, largest first; features that moved nothing are left out. */
  contributions: FeatureContribution[];
}

const SHOWN = 3;

/** The probability alone, without allocating: what selection needs for every consignment. */
export function probabilityOf(model: LoadedRiskModel, state: ConsignmentState, indicators: readonly Indicator[]): number {
  return predict(model.gbt, featuriseInto(model.featuriser, state, indicators, model.scratch));
}

/** The probability and why: for the consignments an officer looks at, where the reasons are worth their cost. */
export function scoreWithModel(model: LoadedRiskModel, state: ConsignmentState, indicators: readonly Indicator[]): RiskModelScore {
  const row = featuriseInto(model.featuriser, state, indicators, model.scratch);
  const probability = predict(model.gbt, row);
  const parts = contributions(model.gbt, row).features;
  const top: number[] = [];
  for (let f = 0; f < parts.length; f++) {
    const size = Math.abs(parts[f]!);
    if (size === 0) continue;
    let at = top.length;
    while (at > 0 && Math.abs(parts[top[at - 1]!]!) < size) at--;
    if (at < SHOWN) {
      top.splice(at, 0, f);
      if (top.length > SHOWN) top.pop();
    }
  }
  return {
    probability,
    contributions: top.map((f) => ({ feature: model.gbt.features[f]!, value: parts[f]! })),
  };
}
