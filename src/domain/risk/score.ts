// Scoring one consignment: indicators, the targeting rules they and its facts meet, and the combined score with reasons.
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
}

/** Everything the risk engine knows about one consignment on a day; `model` is the learned model's opinion, when active. */
export function scoreConsignment(state: ConsignmentState, ctx: RiskContext, rules: CompiledRules, day: string, model?: Evidence['model']): RiskScore {
  const indicators = computeIndicators(state, ctx);
  const byCode = new Map<string, number>();
  for (const i of indicators) byCode.set(i.code, i.score);
  const hits = rules.size === 0 ? [] : rules.match(subjectOf(state, byCode, buyerKey(state.fields)), day);
  const combined = combine(model ? { hits, indicators, model } : { hits, indicators });
  return { ...combined, indicators, hits };
}
