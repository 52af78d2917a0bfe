// Who chooses the lane: the risk engine, through the RiskJudge interface; and the one standing rule it always applies.
import type { Finding, Lane, Risk } from '../model/index.ts';
import type { ConsignmentState } from './state.ts';

/**
 * Weight each warning carries as a reason, and in the score of the findings-only judge. The risk engine does not add it
 * to its score: the `inconsistent-filings` indicator scores the same findings already.
 */
export const WARNING_WEIGHT = 0.5;

/**
 * The standing procedure for data the filings themselves contradict (a payment that disagrees with the order, order
 * data from two parties, a rate or HS code the assessment could not apply): the assessment cannot be trusted as
 * filed, so the documents are checked whatever the risk score and the capacity. Every warning is a reason, coded
 * `finding:<code>` (a partner may see those: they are about its own data, not about the targeting profiles).
 */
export function findingsLane(found: readonly Finding[]): { lane: 'release' | 'document-check'; reasons: Risk['reasons'] } {
  const reasons = found.filter((f) => f.severity === 'warning').map((f) => ({ code: `finding:${f.code}`, message: f.message, weight: WARNING_WEIGHT }));
  return { lane: reasons.length === 0 ? 'release' : 'document-check', reasons };
}

/** What the risk engine decided for a consignment, and the event data that records it. */
export interface Judgement {
  lane: Lane;
  risk: Risk;
}

/**
 * The risk engine as clearance sees it (implemented in domain/risk, kept by the risk service). `estimate` runs at every
 * re-assessment before arrival and uses no capacity; `decide` runs once, at arrival, and may take a control slot.
 */
export interface RiskJudge {
  estimate(state: ConsignmentState, now: string): Judgement;
  decide(state: ConsignmentState, now: string): Judgement;
}

/** The judge when no risk engine is configured (pure domain tests, tools): the standing findings rule alone. */
export const findingsOnly: RiskJudge = {
  estimate: (state) => judgeByFindings(state.findings, true),
  decide: (state, now) => {
    const j = judgeByFindings(state.findings, false);
    return { ...j, risk: { ...j.risk, decidedAt: now } };
  },
};

function judgeByFindings(found: readonly Finding[], provisional: boolean): Judgement {
  const { lane, reasons } = findingsLane(found);
  const score = 1 - reasons.reduce((p, r) => p * (1 - r.weight), 1);
  return { lane, risk: { score, reasons, selectedBy: lane === 'release' ? 'none' : 'rule', provisional } };
}
