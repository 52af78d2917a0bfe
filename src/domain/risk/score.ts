// Scoring one consignment: indicators, the targeting rules they and its facts meet, the learned model's opinion, and the
// combined score with reasons.
import type { ConsignmentState } from '../clearance/index.ts';
import { buyerKey, computeIndicators, type Indicator, type RiskContext } from './indicators/index.ts';
import type { CompiledRules } from './rules/index.ts';
import { subjectOf } from './rules/index.ts';
import { combine, type Evidence, type Reason } from './selectivity.ts';
import type { ForcedLane, RuleHit } from './rules/index.ts';

export interface RiskScore {
  score: number;
  reasons: Reason[];
  forcedLane: ForcedLane | null;
  indicators: Indicator[];
  hits: RuleHit[];
  model?: NonNullable<Evidence['model']>;
}

const NO_HITS: RuleHit[] = [];

/** The learned model's opinion of a consignment, given the indicators computed for it (undefined: no opinion). */
export type ModelOpinion = (state: ConsignmentState, indicators: readonly Indicator[]) => Evidence['model'];

/** Everything the risk engine knows about one consignment on a day. */
export function scoreConsignment(state: ConsignmentState, ctx: RiskContext, rules: CompiledRules, day: string, model?: ModelOpinion): RiskScore {
  const indicators = computeIndicators(state, ctx);
  let hits: RuleHit[] = NO_HITS;
  if (rules.size > 0) {
    const byCode = new Map<string, number>();
    for (const i of indicators) byCode.set(i.code, i.score);
    hits = rules.match(subjectOf(state, byCode, buyerKey(state.fields)), day);
  }
  const opinion = model?.(state, indicators);
  const { score, reasons, forcedLane } = combine(opinion ? { hits, indicators, model: opinion } : { hits, indicators });
  const out: RiskScore = { score, reasons, forcedLane, indicators, hits };
  if (opinion) out.model = opinion;
  return out;
}
