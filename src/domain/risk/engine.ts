// The risk engine as clearance's RiskJudge: score with indicators, rules and the model; decide under capacity at arrival.
import { findingsLane, type Judgement, type RiskJudge } from '../clearance/lane.ts';
import type { ConsignmentState } from '../clearance/state.ts';
import { thresholdOn, type Pack, type Threshold } from '../jurisdiction/index.ts';
import type { Risk } from '../model/index.ts';
import type { Indicator, RiskContext } from './indicators/index.ts';
import type { RiskMemory } from './memory.ts';
import type { CompiledRules, ForcedLane } from './rules/index.ts';
import { scoreConsignment, type ModelOpinion, type RiskScore } from './score.ts';
import { round6, type Reason } from './selectivity.ts';
import type { Selection, Selector } from './selector.ts';

/** A learned model as the engine uses it: its version, its explained opinion, and its bare probability (for shadows). */
export interface EngineModel {
  version: string;
  opinion: ModelOpinion;
  probability(state: ConsignmentState, indicators: readonly Indicator[]): number;
}

/** The benefits the selection gives an authorised economic operator (the registry's settings; none when absent). */
export interface TrustedBenefits {
  /** 0..1: multiplies the chance of a random check of a parcel a trusted trader declares. */
  randomCheckFactor: number;
  /** Party ids of the AEOs whose duty and tax go to their account (the account-payment benefit); none when absent. */
  accountHolders?: ReadonlySet<string>;
}

/** What the engine works with; the risk service swaps parts (rules, models, settings) as they change. */
export interface EngineParts {
  pack: Pack;
  memory: RiskMemory;
  rules: CompiledRules;
  selector: Selector;
  active?: EngineModel;
  shadow?: EngineModel;
  trustedBenefits?: TrustedBenefits;
}

/** The reason a decision carries when an AEO's parcel came to the random draw with a smaller chance. */
export const FEWER_RANDOM_CHECKS = 'benefit:fewer-random-checks';
/** The reason a decision carries when an AEO filer's duty and tax go to its account instead of the consumer paying first. */
export const ACCOUNT_PAYMENT = 'benefit:account-payment';

const STRENGTH: Record<ForcedLane, number> = { 'document-check': 1, scan: 2, physical: 3, 'agency-referral': 4 };
const stronger = (a: ForcedLane | null, b: ForcedLane | null): ForcedLane | null =>
  a === null ? b : b === null ? a : STRENGTH[b] > STRENGTH[a] ? b : a;

export class RiskEngine implements RiskJudge {
  constructor(public parts: EngineParts) {}

  /** Before arrival: the score as the data stands, the lane only what rules and the findings demand. No capacity is used. */
  estimate(state: ConsignmentState, now: string): Judgement {
    const { scored, forced, reasons } = this.judge(state, now, false);
    return {
      lane: forced ?? 'release',
      risk: { score: scored.score, reasons, selectedBy: forced ? 'rule' : 'none', provisional: true, ...modelOf(scored) },
    };
  }

  /** At arrival: forced lanes first, then selection by expected value and at random within the day's capacity. */
  decide(state: ConsignmentState, now: string): Judgement {
    const { scored, forced, reasons } = this.judge(state, now, true);
    const atStake = state.assessment ? Number(state.assessment.total) : 0;
    // A verified AEO only: an unverified claim scores 0 and earns nothing.
    const trusted = this.parts.trustedBenefits && scored.indicators.find((i) => i.code === 'trusted-trader' && i.score < 0);
    const factor = trusted ? this.parts.trustedBenefits!.randomCheckFactor : 1;
    const s = this.parts.selector.select(state.id, scored.score, atStake, forced, now, factor);
    const shadow = this.parts.shadow;
    const risk: Risk = {
      score: scored.score,
      reasons: [
        ...reasons,
        ...(trusted && factor < 1 && s.randomDraw ? [fewerRandomChecks(trusted, factor, s.randomDraw)] : []),
        ...(trusted ? accountPayment(trusted, this.parts.trustedBenefits!, state) : []),
      ],
      selectedBy: s.selectedBy,
      provisional: false,
      expectedValue: round6(s.expectedValue),
      decidedAt: now,
      ...(s.randomDraw ? { randomChance: round6(s.randomDraw.chance) } : {}),
      ...modelOf(scored),
      ...(shadow ? { shadow: { version: shadow.version, probability: round6(shadow.probability(state, scored.indicators)) } } : {}),
    };
    return { lane: s.lane, risk };
  }

  /**
   * Score with everything; `explain`: with the model's largest contributions (the decision's reasons). Estimates, which
   * run at every filing, take the model's probability alone: explaining it costs as much again.
   */
  private judge(state: ConsignmentState, now: string, explain: boolean): { scored: RiskScore; forced: ForcedLane | null; reasons: Risk['reasons'] } {
    const { pack, memory, rules, active } = this.parts;
    const day = now.slice(0, 10);
    const f = state.fields;
    const threshold = thresholdOn(pack.lowValueThreshold, day, { service: f.service?.value, departureCountry: f.departureCountry?.value });
    const ctx = memory.context(now, { deadlines: pack.advanceDataDeadlineHours, ...(threshold ? { lowValueThreshold: lowValue(threshold, pack.currency) } : {}) });
    const scored = scoreConsignment(state, ctx, rules, day, active && (explain ? active.opinion : unexplained(active)));
    // The standing rule: data the filings contradict is checked on documents, whatever the score.
    const byFindings = findingsLane(state.findings);
    const forced = stronger(scored.forcedLane, byFindings.lane === 'release' ? null : 'document-check');
    const reasons = byFindings.reasons.length === 0 ? scored.reasons : [...byFindings.reasons, ...scored.reasons];
    return { scored, forced, reasons };
  }
}

/**
 * The AEO benefit as the decision shows it (weight 0: it changes the chance of a random check, not the score), naming
 * the authorisation and both chances, so an audit can replay the draw.
 */
function fewerRandomChecks(trusted: Indicator, factor: number, draw: NonNullable<Selection['randomDraw']>): Reason {
  const e = trusted.evidence;
  const under = e.authorisation !== undefined ? ` under ${e.programme} authorisation ${e.authorisation}` : '';
  return {
    code: FEWER_RANDOM_CHECKS,
    weight: 0,
    message:
      `fewer random checks for the authorised economic operator ${e.role} ${e.party}${under}: ` +
      `a chance of ${round6(draw.chance)} instead of ${round6(draw.baseChance)} (factor ${factor})`,
  };
}

/** The account-payment benefit as the decision shows it, when the filer of the order data is an AEO account holder. */
function accountPayment(trusted: Indicator, benefits: TrustedBenefits, state: ConsignmentState): Reason[] {
  const filer = state.fields.items?.sender;
  if (filer === undefined || !benefits.accountHolders?.has(filer)) return [];
  const e = trusted.evidence;
  const under = e.authorisation !== undefined ? ` under ${e.programme} authorisation ${e.authorisation}` : '';
  return [{ code: ACCOUNT_PAYMENT, weight: 0, message: `duty and tax due at the border go to the account of the authorised economic operator ${filer}${under}: no payment before release` }];
}

const lowValues = new WeakMap<Threshold, NonNullable<RiskContext['lowValueThreshold']>>();
/** The threshold as the indicators read it, one object per pack fact (so the memory's last context can be reused). */
function lowValue(t: Threshold, currency: string): NonNullable<RiskContext['lowValueThreshold']> {
  let v = lowValues.get(t);
  if (!v) lowValues.set(t, (v = { amount: t.amount, inclusive: t.inclusive, currency }));
  return v;
}

const bare = new WeakMap<EngineModel, ModelOpinion>();
/** The model's opinion without its contributions (one closure per model). */
function unexplained(m: EngineModel): ModelOpinion {
  let f = bare.get(m);
  if (!f) bare.set(m, (f = (state, indicators) => ({ version: m.version, probability: m.probability(state, indicators), contributions: [] })));
  return f;
}


const modelOf = (s: RiskScore): Pick<Risk, 'model'> =>
  s.model ? { model: { version: s.model.version, probability: round6(s.model.probability) } } : {};
